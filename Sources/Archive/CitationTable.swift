import Documents
import Foundation
import Xapian

/// Every resolved citation of a database revision: for each archived document, which documents'
/// references resolve to it (citing docid and the index of the reference).
///
/// `directCiters` of an archived document otherwise looks up `XC<number>` (and `XM<serial>`) and
/// resolves every candidate's references; numbers repeat across issuers and years (`80/KH-UBND`
/// from 34 provinces, every year), so at 100k documents the hottest chain decoded ~15 candidates
/// per document it reached. With the table it decodes only the citers.
///
/// The table is a file in the database folder, `citations.table`, tagged with the database's
/// revision (a hash of the glass version file `iamglass`, which every commit rewrites) and this
/// format. A `cites --transitive` or whole-archive `obligations` whose revision has no valid table
/// builds it (it resolves every reference of every document once) and writes it for the next
/// readers (atomically; a read-only folder just keeps it in memory); lighter questions use it when
/// it is there. An index run that commits anything changes the revision, so a stale table is never
/// read. `Archive.writeCitationTable(path:)` builds it on purpose (meant for the end of an index run).
///
/// The table answers `directCiters(of: .document(d))` without a relation filter, exactly as the
/// resolution at query time would (same `resolve`, same first-mention-per-number rule); a relation
/// filter, an external target, or a database without a revision tag use the query path.
final class CitationTable {
    static let fileName = "citations.table"
    static let magic: UInt32 = 0x5642_4354  // "VBCT"
    static let format: UInt32 = 1

    /// Cited docids, ascending; `starts[k]..<starts[k+1]` are target k's edges.
    let targets: [UInt32]
    let starts: [UInt32]
    /// Citing docid and reference index of each edge, by target, then citing docid, then index.
    let citers: [UInt32]
    let refs: [UInt32]

    init(targets: [UInt32], starts: [UInt32], citers: [UInt32], refs: [UInt32]) {
        self.targets = targets; self.starts = starts; self.citers = citers; self.refs = refs
    }

    /// The edges into `docid`: (citing docid, reference index), in citing-docid order.
    func edges(into docid: UInt32) -> [(citer: UInt32, ref: Int)] {
        var lo = 0, hi = targets.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if targets[mid] < docid { lo = mid + 1 } else { hi = mid }
        }
        guard lo < targets.count, targets[lo] == docid else { return [] }
        var out: [(UInt32, Int)] = []
        for k in Int(starts[lo])..<Int(starts[lo + 1]) { out.append((citers[k], Int(refs[k]))) }
        return out
    }

    // MARK: - File

    /// `magic, format, tag length, tag bytes (padded to 4), n targets, n edges, targets, starts
    /// (n+1), citers, refs`, all little-endian UInt32.
    func encoded(tag: String) -> [UInt8] {
        var words: [UInt32] = [CitationTable.magic, CitationTable.format]
        var tagBytes = Array(tag.utf8)
        words.append(UInt32(tagBytes.count))
        while tagBytes.count % 4 != 0 { tagBytes.append(0) }
        var out: [UInt8] = []
        out.reserveCapacity(4 * (8 + targets.count * 2 + citers.count * 2) + tagBytes.count)
        func put(_ w: UInt32) { withUnsafeBytes(of: w.littleEndian) { out.append(contentsOf: $0) } }
        words.forEach(put)
        out.append(contentsOf: tagBytes)
        put(UInt32(targets.count)); put(UInt32(citers.count))
        targets.forEach(put); starts.forEach(put); citers.forEach(put); refs.forEach(put)
        return out
    }

    /// The table in `bytes` if it is whole and carries `tag`.
    static func decode(_ bytes: [UInt8], tag: String) -> CitationTable? {
        bytes.withUnsafeBytes { raw -> CitationTable? in
            var at = 0
            func word() -> UInt32? {
                guard at + 4 <= raw.count else { return nil }
                defer { at += 4 }
                return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            }
            func words(_ n: Int) -> [UInt32]? {
                guard n >= 0, at + 4 * n <= raw.count else { return nil }
                var a = [UInt32](repeating: 0, count: n)
                a.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[at..<(at + 4 * n)])) }
                if UInt32(1).littleEndian != 1 { a = a.map { UInt32(littleEndian: $0) } }
                at += 4 * n
                return a
            }
            guard word() == magic, word() == format, let tagLen = word().map(Int.init) else { return nil }
            let want = Array(tag.utf8)
            guard tagLen == want.count, at + tagLen <= raw.count, Array(raw[at..<(at + tagLen)]) == want else { return nil }
            at += (tagLen + 3) / 4 * 4
            guard let nt = word().map(Int.init), let ne = word().map(Int.init),
                  let targets = words(nt), let starts = words(nt + 1), let citers = words(ne), let refs = words(ne),
                  at == raw.count, starts.last.map(Int.init) == ne, starts.first == 0 else { return nil }
            for k in 0..<nt where starts[k] > starts[k + 1] || (k > 0 && targets[k - 1] >= targets[k]) { return nil }
            return CitationTable(targets: targets, starts: starts, citers: citers, refs: refs)
        }
    }

    /// The revision tag of several databases read as one (in their order, which fixes the docids).
    static func revisionTag(shards: [String]) -> String? {
        var tags: [String] = []
        for p in shards {
            guard let t = revisionTag(dbPath: p) else { return nil }
            tags.append(t)
        }
        return tags.count == 1 ? tags[0] : "shards:\(tags.count)|" + tags.joined(separator: "|")
    }

    /// The revision tag of the glass database at `dbPath`: FNV-1a 64 of its version file, with
    /// the schema and table format. Nil when there is no such file (another backend).
    static func revisionTag(dbPath: String) -> String? {
        guard let data = FileManager.default.contents(atPath: dbPath + "/iamglass") else { return nil }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in data { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return "glass:\(String(h, radix: 16)):\(data.count);schema:\(Schema.version);table:\(format)"
    }
}

extension CitationService {
    /// The citation table of this snapshot: read from the database folder, else, when `build`,
    /// built (and stored for the next readers). Nil for a writer, or when the revision is unknown.
    ///
    /// Building costs about what resolving every reference once costs (4.8 s of CPU at 100k
    /// documents), so only the heavy questions build it (`cites --transitive`, `obligations` over
    /// the whole archive, `writeCitationTable`); the others use it when it is there.
    func citationTable(build: Bool = false) throws(ArchiveError) -> CitationTable? {
        if let t = resolutionCache.table { return t }
        guard options.useCitationTable, let tag = revisionTag else { return nil }
        return try Archive.revisionTable(\.table, checked: \.tableFileChecked, in: resolutionCache,
                                         file: reader.tableFile(CitationTable.fileName), build: build,
                                         decode: { CitationTable.decode(Array($0), tag: tag) },
                                         make: { () throws(ArchiveError) in try buildCitationTable() },
                                         encode: { $0.encoded(tag: tag) })
    }
}

extension Archive {
    /// A per-revision table of a reader (`citations.table`, `obligations.table`): the one in
    /// `cached`; else the table file, read once (`checked`), when it decodes for this revision;
    /// else, when `build`, built (`make`) and stored for the next readers. Nil when not built.
    static func revisionTable<T>(_ cached: ReferenceWritableKeyPath<ResolutionCaches, T?>,
                                 checked: ReferenceWritableKeyPath<ResolutionCaches, Bool>,
                                 in caches: ResolutionCaches, file: String?, build: Bool,
                                 decode: (Data) -> T?, make: () throws(ArchiveError) -> T,
                                 encode: (T) -> [UInt8]) throws(ArchiveError) -> T? {
        if let t = caches[keyPath: cached] { return t }
        if !caches[keyPath: checked] {
            caches[keyPath: checked] = true
            if let file, let bytes = FileManager.default.contents(atPath: file), let t = decode(bytes) {
                caches[keyPath: cached] = t
                return t
            }
        }
        guard build else { return nil }
        let t = try make()
        caches[keyPath: cached] = t
        if let file { storeTable(encode(t), at: file) }
        return t
    }

    /// Writes a per-revision table file (`citations.table`, `obligations.table`) for the next
    /// readers, atomically (a temporary file renamed); a folder we may not write, or a race with
    /// another reader writing the same table, is harmless.
    static func storeTable(_ bytes: [UInt8], at file: String) {
        let tmp = file + ".tmp.\(getpid())"
        if FileManager.default.createFile(atPath: tmp, contents: Data(bytes)) {
            if rename(tmp, file) != 0 { unlink(tmp) }
        }
    }

    /// Builds and stores the citation table of the current revision (a reader's work done ahead,
    /// e.g. after an index run); returns the number of edges.
    public static func writeCitationTable(path: String) throws(ArchiveError) -> Int {
        let a = try ArchiveReader.open(path: path)
        return try a.locked { () throws(ArchiveError) in try a.citations.citationTable(build: true)?.citers.count ?? 0 }
    }
}

extension CitationService {
    /// Resolves every reference of every document, as `directCiters` would, into the table.
    func buildCitationTable() throws(ArchiveError) -> CitationTable {
        let all: [UInt32]
        do { all = try db.postings("") } catch { throw ArchiveError.from(error, path: path) }
        // A fresh resolution context: candidates are kept stripped to what resolution reads, citing
        // documents are not kept at all, and what the queries of this reader cached stays as it was.
        let build = reader.sibling(detail: .resolutionOnly)
        var edges: [(target: UInt32, citer: UInt32, ref: UInt32)] = []
        for id in all {
            guard let c = try build.loadUncached(id) else { continue }
            for (i, r) in c.doc.references.enumerated() {
                let serial = Schema.stripLeadingZeros(DocumentNumber.serial(of: r.number))
                // Only what `directCiters` could find: the citer carries the `XK` term of the serial.
                guard Schema.clip(Schema.citesSerial + Schema.serialKey(type: nil, serial: DocumentNumber.serial(of: r.number))) != nil,
                      let t = try build.resolve(r, from: c),
                      serial == CitationTarget.document(t).serial else { continue }
                edges.append((t.docid, id, UInt32(i)))
            }
        }
        edges.sort { ($0.target, $0.citer, $0.ref) < ($1.target, $1.citer, $1.ref) }
        var targets: [UInt32] = [], starts: [UInt32] = []
        for (k, e) in edges.enumerated() where targets.last != e.target {
            targets.append(e.target)
            starts.append(UInt32(k))
        }
        starts.append(UInt32(edges.count))
        return CitationTable(targets: targets, starts: starts, citers: edges.map(\.citer), refs: edges.map(\.ref))
    }

    /// `directCiters(of: .document(t))` (no relation filter) from the table.
    func directCiters(fromTable table: CitationTable, of t: StoredDocument) throws(ArchiveError) -> [(StoredDocument, Reference)] {
        var out: [(StoredDocument, Reference)] = []
        var current: UInt32 = 0
        var best: Reference?
        var doc: StoredDocument?
        func flush() { if let d = doc, let b = best { out.append((d, b)) } }
        for (citer, refIndex) in table.edges(into: t.docid) {
            if citer != current {
                flush()
                current = citer
                best = nil
                doc = try loadHeader(citer)
            }
            guard let d = doc, refIndex < d.doc.references.count else { continue }
            let r = d.doc.references[refIndex]
            if best == nil || r.relation.strength > best!.relation.strength { best = r }
        }
        flush()
        return out.sorted { Archive.dateIDLess($0.0, $1.0) }
    }
}

import Documents
import Foundation

/// What the whole-archive `obligations` reads, for one database revision: every plan (a document
/// with obligations) in output order, with its obligations, the units they bind, and its responders
/// (the documents that carry it out or rely on it, from other issuers), each with the period it
/// covers, the unit it reports for and, per obligation, the part of the matching that does not
/// depend on the as-of date (`Archive.PlanFacts`). Statuses for any as-of date are then computed by
/// `PlanFacts.statuses(asOf:into:)` without decoding a stored document.
///
/// Documents are kept as headers: id, file, index in file, number, type, issuer, date, and for a
/// plan its obligations (no text, subject, references). That is what the statuses and their
/// rendering read; `Archive.load(docid)` gives the whole document.
///
/// The table is a file in the database folder, `obligations.table`, tagged like
/// `citations.table` with the database revision (`CitationTable.revisionTag`), this format and
/// what else the matching reads (the roster `units.tsv` and the abbreviations table):
/// `vanban index` writes it at the end of a run that committed, otherwise the first whole-archive
/// `obligations` builds it (from the documents, through the same `Archive.planFacts(of:)` as the
/// per-plan path) and writes it for later readers (in memory only if the folder is read-only). A
/// stale, damaged or foreign table is not read; deleting the file is always safe.
final class ObligationTable {
    static let fileName = "obligations.table"
    static let magic: UInt32 = 0x5642_4F54  // "VBOT"
    static let format: UInt32 = 2

    /// The tag of a table of this format for a revision of the database at `dbPath`.
    static func tag(revision: String, dbPath: String) -> String {
        revision + ";obligations:\(format);" + inputsTag(dbPath: dbPath)
    }

    /// What else the matching reads from the database folder, as part of the tag: the roster and
    /// the abbreviations table (a 64-bit FNV-1a hash of each file's bytes; "-" when missing).
    static func inputsTag(dbPath: String) -> String {
        [Roster.fileName, Archive.abbreviationsFileName].map { name -> String in
            guard let data = FileManager.default.contents(atPath: (dbPath as NSString).appendingPathComponent(name)) else { return "-" }
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in data { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            return String(h, radix: 16)
        }.joined(separator: ",")
    }

    /// In the order of `obligations(asOf:)`: by date, then id.
    let plans: [Archive.PlanFacts]

    init(plans: [Archive.PlanFacts]) { self.plans = plans }

    func statuses(asOf: DocDate) -> [ObligationStatus] {
        // Sized once: tens of thousands of statuses, grown by doubling, cost copies and fresh pages.
        var count = 0
        for p in plans { for o in p.plan.doc.doc.obligations { Archive.forEachDue(of: o, asOf: asOf) { _ in count += 1 } } }
        var out: [ObligationStatus] = []
        out.reserveCapacity(count)
        for p in plans { p.statuses(asOf: asOf, into: &out) }
        return out
    }

    /// A document's header as the table keeps it, each value moved on rather than copied (a
    /// copy of a document retains every field: at 100,000 documents, most of the time of reading
    /// the table went to copies).
    static func header(docid: UInt32, id: String, file: String, index: Int, number: String?, type: String?, issuer: String?,
                       date: DocDate?) -> DocumentRef {
        var p = ParsedDocument(indexInFile: index, text: "")
        p.number = number; p.type = type; p.issuer = issuer; p.date = date
        return DocumentRef(stored(p, id: id, file: file, docid: docid))
    }

    private static func stored(_ doc: consuming ParsedDocument, id: String, file: String, docid: UInt32) -> StoredDocument {
        var d = StoredDocument(id: id, file: file, doc: doc)
        d.docid = docid
        return d
    }

    /// A plan's header with its obligations.
    static func withObligations(_ header: DocumentRef, _ obligations: [Obligation]) -> DocumentRef {
        DocumentRef(withObligations(header.doc, obligations))
    }

    private static func withObligations(_ plan: consuming StoredDocument, _ obligations: [Obligation]) -> StoredDocument {
        plan.doc.obligations = obligations
        return plan
    }

    // MARK: - File

    /// `magic, format, tag` then a pool of strings, the documents (headers, each once), and the
    /// plans referring to them by index. Integers are LEB128 varints (signed ones zigzag).
    func encoded(tag: String) -> [UInt8] {
        var w = ByteWriter()
        w.u32(ObligationTable.magic); w.u32(ObligationTable.format); w.bytes(Array(tag.utf8))
        var pool: [String: Int] = [:], poolList: [String] = []
        func str(_ s: String) -> Int {
            if let i = pool[s] { return i }
            pool[s] = poolList.count; poolList.append(s)
            return poolList.count - 1
        }
        func optStr(_ s: String?) -> Int { s.map { str($0) + 1 } ?? 0 }
        // Documents: the plans and every responder, each once (by docid; 0 for documents not from
        // the database, which are kept apart).
        var docIndex: [UInt32: Int] = [:], docs: [StoredDocument] = []
        func doc(_ d: StoredDocument) -> Int {
            if d.docid != 0, let i = docIndex[d.docid] { return i }
            if d.docid != 0 { docIndex[d.docid] = docs.count }
            docs.append(d)
            return docs.count - 1
        }
        var body = ByteWriter()
        body.uint(plans.count)
        for p in plans {
            body.uint(doc(p.plan.doc))
            let obls = p.plan.doc.doc.obligations
            body.uint(obls.count)
            for o in obls {
                body.uint(str(o.what)); body.date(o.due); body.uint(Recurrence.allCases.firstIndex(of: o.recurrence)!)
                body.uint(optStr(o.reporter)); body.uint(optStr(o.recipient))
                body.int(o.span.start); body.int(o.span.end); body.uint(str(o.text))
                if let c = o.cutoff { body.uint(1); body.uint(str(c.from)); body.uint(str(c.to)) } else { body.uint(0) }
                body.uint(optStr(o.channel)); body.uint(optStr(o.template))
            }
            precondition(p.oncePeriods.count == obls.count && p.periods.count == p.responders.count
                         && p.base.count == p.responders.count * obls.count && p.obligationUnits.count == obls.count
                         && p.responderUnits.count == p.responders.count)
            for op in p.oncePeriods { body.period(op) }
            body.uint(p.units.count)
            for u in p.units { body.uint(str(u.name)); body.uint(BoundUnit.Source.allCases.firstIndex(of: u.source)!) }
            for us in p.obligationUnits {
                body.uint(us.count)
                for u in us { body.uint(Int(u)) }
            }
            body.uint(p.responders.count)
            for (r, d) in p.responders.enumerated() {
                body.uint(doc(d.doc))
                body.period(p.periods[r])
                body.uint(Int(p.responderUnits[r]) + 1)
            }
            // Base scores: 0 for `cannot`, else 1 + the score (never negative).
            for b in p.base { body.uint(b == Archive.PlanFacts.cannot ? 0 : Int(b) + 1) }
        }
        var head = ByteWriter()
        head.uint(docs.count)
        for d in docs {
            head.uint(Int(d.docid)); head.uint(str(d.id)); head.uint(str(d.file)); head.int(d.indexInFile)
            head.uint(optStr(d.number)); head.uint(optStr(d.type)); head.uint(optStr(d.doc.issuer)); head.date(d.date)
        }
        w.uint(poolList.count)
        for s in poolList { w.bytes(Array(s.utf8)) }
        w.out.append(contentsOf: head.out)
        w.out.append(contentsOf: body.out)
        return w.out
    }

    /// The table in `bytes` if it is whole and carries `tag`.
    static func decode(_ bytes: some ContiguousBytes, tag: String) -> ObligationTable? {
        bytes.withUnsafeBytes { raw -> ObligationTable? in
            var r = ByteReader(raw: raw)
            guard r.u32() == magic, r.u32() == format, let t = r.bytes(), t.elementsEqual(tag.utf8) else { return nil }
            guard let np = r.count() else { return nil }
            var pool: [String] = []
            pool.reserveCapacity(np)
            for _ in 0..<np {
                guard let b = r.bytes() else { return nil }
                pool.append(String(decoding: b, as: UTF8.self))
            }
            func str() -> String? { r.uint().flatMap { $0 < pool.count ? pool[$0] : nil } }
            func optStr() -> String?? {
                guard let i = r.uint() else { return nil }
                if i == 0 { return .some(nil) }
                return i - 1 < pool.count ? .some(pool[i - 1]) : nil
            }
            guard let nd = r.count() else { return nil }
            var docs: [DocumentRef] = []
            docs.reserveCapacity(nd)
            for _ in 0..<nd {
                guard let docid = r.uint(), docid <= Int(UInt32.max), let id = str(), let file = str(), let index = r.int(),
                      let number = optStr(), let type = optStr(), let issuer = optStr(), let date = r.date() else { return nil }
                docs.append(ObligationTable.header(docid: UInt32(docid), id: id, file: file, index: index,
                                                   number: number, type: type, issuer: issuer, date: date))
            }
            guard let nplans = r.count() else { return nil }
            var plans: [Archive.PlanFacts] = []
            plans.reserveCapacity(nplans)
            for _ in 0..<nplans {
                guard let pi = r.uint(), pi < docs.count, let no = r.count() else { return nil }
                var obls: [Obligation] = []
                obls.reserveCapacity(no)
                for _ in 0..<no {
                    guard let what = str(), let due = r.date(), let rec = r.uint(), rec < Recurrence.allCases.count,
                          let reporter = optStr(), let recipient = optStr(), let start = r.int(), let end = r.int(), let text = str(),
                          let hasCutoff = r.uint(), hasCutoff <= 1 else { return nil }
                    var cutoff: Cutoff? = nil
                    if hasCutoff == 1 {
                        guard let from = str(), let to = str() else { return nil }
                        cutoff = Cutoff(from: from, to: to)
                    }
                    guard let channel = optStr(), let template = optStr() else { return nil }
                    obls.append(Obligation(what: what, due: due, recurrence: Recurrence.allCases[rec], reporter: reporter,
                                           recipient: recipient, span: TextSpan(start: start, end: end), text: text,
                                           cutoff: cutoff, channel: channel, template: template))
                }
                var oncePeriods: [Period?] = []
                oncePeriods.reserveCapacity(no)
                for _ in 0..<no {
                    guard let op = r.period() else { return nil }
                    oncePeriods.append(op)
                }
                guard let nu = r.count() else { return nil }
                var units: [Archive.PlanUnit] = []
                units.reserveCapacity(nu)
                for _ in 0..<nu {
                    guard let name = str(), let src = r.uint(), src < BoundUnit.Source.allCases.count else { return nil }
                    units.append(Archive.PlanUnit(name: name, source: BoundUnit.Source.allCases[src]))
                }
                var obligationUnits: [[Int32]] = []
                obligationUnits.reserveCapacity(no)
                for _ in 0..<no {
                    guard let c = r.count() else { return nil }
                    var us: [Int32] = []
                    for _ in 0..<c {
                        guard let u = r.uint(), u < nu else { return nil }
                        us.append(Int32(u))
                    }
                    obligationUnits.append(us)
                }
                guard let nr = r.count() else { return nil }
                let facts = Archive.PlanFacts(plan: ObligationTable.withObligations(docs[pi], obls), oncePeriods: oncePeriods, units: units, obligationUnits: obligationUnits,
                                              responders: [], periods: [], responderUnits: [], base: [])
                facts.responders.reserveCapacity(nr)
                facts.periods.reserveCapacity(nr)
                facts.responderUnits.reserveCapacity(nr)
                for _ in 0..<nr {
                    guard let di = r.uint(), di < docs.count, let period = r.period(), let u = r.uint(), u <= nu else { return nil }
                    facts.responders.append(docs[di])
                    facts.periods.append(period)
                    facts.responderUnits.append(Int32(u) - 1)
                }
                guard nr * no <= r.raw.count - r.at else { return nil }
                facts.base.reserveCapacity(nr * no)
                for _ in 0..<(nr * no) {
                    guard let b = r.uint(), b <= Int(Int32.max) else { return nil }
                    facts.base.append(b == 0 ? Archive.PlanFacts.cannot : Int32(b - 1))
                }
                plans.append(facts)
            }
            guard r.atEnd else { return nil }
            return ObligationTable(plans: plans)
        }
    }
}

extension Archive.PlanFacts {
    /// The facts with their documents as the table keeps them (`ObligationTable`: headers, the
    /// plan with its obligations), one header per docid shared through `headers`.
    func slimmed(_ headers: inout [UInt32: DocumentRef]) -> Archive.PlanFacts {
        func header(_ d: StoredDocument) -> StoredDocument {
            var p = ParsedDocument(indexInFile: d.indexInFile, text: "")
            p.number = d.number; p.type = d.type; p.issuer = d.doc.issuer; p.date = d.date
            var h = StoredDocument(id: d.id, file: d.file, doc: p)
            h.docid = d.docid
            return h
        }
        func shared(_ r: DocumentRef) -> DocumentRef {
            if r.doc.docid != 0, let h = headers[r.doc.docid] { return h }
            let h = DocumentRef(header(r.doc))
            if r.doc.docid != 0 { headers[r.doc.docid] = h }
            return h
        }
        var planHeader = header(plan.doc)
        planHeader.doc.obligations = plan.doc.doc.obligations
        return Archive.PlanFacts(plan: DocumentRef(planHeader), oncePeriods: oncePeriods, units: units, obligationUnits: obligationUnits,
                                 responders: responders.map(shared), periods: periods, responderUnits: responderUnits, base: base)
    }
}

/// Writes the table's integers and strings.
struct ByteWriter {
    var out: [UInt8] = []

    mutating func u32(_ w: UInt32) { withUnsafeBytes(of: w.littleEndian) { out.append(contentsOf: $0) } }

    mutating func uint(_ v: Int) {
        precondition(v >= 0)
        var x = UInt64(v)
        while x >= 0x80 { out.append(UInt8(x & 0x7F) | 0x80); x >>= 7 }
        out.append(UInt8(x))
    }

    mutating func int(_ v: Int) {
        let z = UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))
        var x = z
        while x >= 0x80 { out.append(UInt8(x & 0x7F) | 0x80); x >>= 7 }
        out.append(UInt8(x))
    }

    mutating func bytes(_ b: [UInt8]) { uint(b.count); out.append(contentsOf: b) }

    /// 0 = nil, else 1 + presence bits of month and day, then the parts.
    mutating func date(_ d: DocDate?) {
        guard let d else { uint(0); return }
        uint(1 + (d.month != nil ? 1 : 0) + (d.day != nil ? 2 : 0))
        int(d.year)
        if let m = d.month { int(m) }
        if let day = d.day { int(day) }
    }

    mutating func period(_ p: Period?) {
        switch p {
        case nil: uint(0)
        case .half(let h, let y)?: uint(1); int(h); int(y)
        case .quarter(let q, let y)?: uint(2); int(q); int(y)
        case .month(let m, let y)?: uint(3); int(m); int(y)
        case .nineMonths(let y)?: uint(4); int(y)
        case .year(let y)?: uint(5); int(y)
        }
    }
}

/// Reads what `ByteWriter` wrote; every read is nil past the end or on a malformed value.
struct ByteReader {
    let raw: UnsafeRawBufferPointer
    var at = 0

    init(raw: UnsafeRawBufferPointer) { self.raw = raw }

    var atEnd: Bool { at == raw.count }

    mutating func u32() -> UInt32? {
        guard at + 4 <= raw.count else { return nil }
        defer { at += 4 }
        return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }

    mutating func varint() -> UInt64? {
        var x: UInt64 = 0, shift: UInt64 = 0
        while at < raw.count {
            let b = raw[at]
            at += 1
            guard shift < 64 else { return nil }
            x |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return x }
            shift += 7
        }
        return nil
    }

    mutating func uint() -> Int? { varint().flatMap { $0 <= UInt64(Int.max) ? Int($0) : nil } }

    /// A count of items that each take at least one byte.
    mutating func count() -> Int? { uint().flatMap { $0 <= raw.count - at ? $0 : nil } }

    mutating func int() -> Int? {
        guard let z = varint() else { return nil }
        return Int(Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
    }

    mutating func bytes() -> UnsafeRawBufferPointer? {
        guard let n = uint(), n <= raw.count - at else { return nil }
        defer { at += n }
        return UnsafeRawBufferPointer(rebasing: raw[at..<(at + n)])
    }

    /// `.some(nil)` for an absent date; nil when malformed.
    mutating func date() -> DocDate?? {
        guard let k = uint(), k <= 4 else { return nil }
        if k == 0 { return .some(nil) }
        let bits = k - 1
        guard let y = int() else { return nil }
        var d = DocDate(year: y)
        if bits & 1 != 0 { guard let m = int() else { return nil }; d.month = m }
        if bits & 2 != 0 { guard let day = int() else { return nil }; d.day = day }
        return .some(d)
    }

    /// `.some(nil)` for no period; nil when malformed.
    mutating func period() -> Period?? {
        guard let k = uint() else { return nil }
        switch k {
        case 0: return .some(nil)
        case 1: guard let a = int(), let y = int() else { return nil }; return .some(.half(a, year: y))
        case 2: guard let a = int(), let y = int() else { return nil }; return .some(.quarter(a, year: y))
        case 3: guard let a = int(), let y = int() else { return nil }; return .some(.month(a, year: y))
        case 4: guard let y = int() else { return nil }; return .some(.nineMonths(year: y))
        case 5: guard let y = int() else { return nil }; return .some(.year(y))
        default: return nil
        }
    }
}

extension ObligationService {
    /// The obligations table of this snapshot: read from the database folder, else, when `build`,
    /// built from the documents (and stored for the next readers). Nil for a writer, or when the
    /// revision is unknown (then the statuses are computed from the documents).
    func obligationTable(build: Bool = false) throws(ArchiveError) -> ObligationTable? {
        if let t = resolutionCache.obligationTable { return t }
        guard options.useObligationTable, let base = revisionTag else { return nil }
        let tag = ObligationTable.tag(revision: base, dbPath: path)
        return try Archive.revisionTable(\.obligationTable, checked: \.obligationFileChecked, in: resolutionCache,
                                         file: reader.tableFile(ObligationTable.fileName), build: build,
                                         decode: { ObligationTable.decode($0, tag: tag) },
                                         make: { () throws(ArchiveError) in try buildObligationTable() },
                                         encode: { $0.encoded(tag: tag) })
    }
}

extension Archive {
    /// Builds and stores the obligations table of the current revision (a reader's work done
    /// ahead, e.g. after an index run); returns the number of plans in it.
    public static func writeObligationTable(path: String) throws(ArchiveError) -> Int {
        let a = try ArchiveReader.open(path: path)
        return try a.locked { () throws(ArchiveError) in try a.obligations.obligationTable(build: true)?.plans.count ?? 0 }
    }
}

extension ObligationService {
    /// Every plan with its responders, read from the documents as the per-plan statuses read them.
    func buildObligationTable() throws(ArchiveError) -> ObligationTable {
        // A fresh context whose documents are kept without their text (most of their memory: the
        // build reaches nearly every document); what the queries of this archive cached stays as it
        // was. The citation table is carried over both ways.
        let build = reader.sibling(detail: .withoutText)
        build.resolutionCache.table = resolutionCache.table
        build.resolutionCache.tableFileChecked = resolutionCache.tableFileChecked
        build.resolutionCache.mayBuildTable = true
        defer {
            resolutionCache.table = build.resolutionCache.table
            resolutionCache.tableFileChecked = build.resolutionCache.tableFileChecked
        }
        // The plans in `dateIDLess` order from their value slots (date key, id), each read when its
        // turn comes: not every plan held at once.
        var plans: [(date: String, id: String, docid: UInt32)] = []
        do {
            for docid in try db.postings(Schema.hasObligations + "yes") {
                let d = try db.document(docid)
                let date = try d.loadValue(Schema.dateSlot)
                plans.append((date.isEmpty ? DocDate(year: 0).sortKey : date, try d.loadValue(Schema.idSlot), docid))
            }
        } catch { throw ArchiveError.from(error, path: path) }
        plans.sort { $0.date != $1.date ? $0.date < $1.date : $0.id < $1.id }
        var out: [Archive.PlanFacts] = []
        out.reserveCapacity(plans.count)
        var headers: [UInt32: DocumentRef] = [:]
        for (k, entry) in plans.enumerated() {
            guard let p = try build.load(entry.docid) else { continue }
            out.append(try build.obligations.planFacts(of: p).slimmed(&headers))
            // What was read for a stretch of plans is let go (memoisation only: the facts are the
            // same), so memory stays bounded by a stretch, not by the archive.
            if (k + 1) % max(1, options.obligationStretch) == 0 { build.resolutionCache.releaseDocuments(); build.cache.removeAll() }
        }
        return ObligationTable(plans: out)
    }
}

import Documents
import Foundation
import VietText
import Xapian

extension Archive {
    /// One Xapian document: folded terms with positions, exact terms, pair terms (`XB`, `XJ`:
    /// boolean, so document lengths and BM25 weights are those without them), filter terms,
    /// citation terms, the date value and the parsed document as JSON data.
    ///
    /// Hot path of indexing: the word postings go to Xapian in one batch (one FFI call per
    /// document, no String per term), and the JSON data is written by hand on UTF-8 bytes
    /// (`StoredDocumentJSON`, decodable by `JSONDecoder` into the same `StoredDocument`).
    ///
    /// Exact (`XE`) terms carry no positions unless `exactPositions` (measurements only: `vanban
    /// bench index --exact-positions`): the queries never ask for them (`QueryBuilder.positional`
    /// puts exact terms under a folded phrase and `--exact` phrases are checked in the stored text),
    /// and without them the writer needs 21% less CPU and the index is 35% smaller.
    ///
    /// Folded words of the text carry positions only with `bodyPositions`: for databases of schema
    /// 3 and older, whose phrases are Xapian phrases. Since schema 4 a phrase is the AND of its pair
    /// terms (`XB`), exact for two words and checked in the stored text for more
    /// (`QueryBuilder.sequence`); without body positions the writer needs about 19% less CPU and
    /// the index is about 25% smaller (10k generated documents, BENCHMARKS.md). Issuer and place
    /// words (`XI`, `XP`: the `coquan:`/`noi:` phrases) keep theirs.
    static func makeXapianDocument(_ sd: StoredDocument, exactPositions: Bool = false, bodyPositions: Bool = false) -> Xapian.Document {
        let d = Xapian.Document()
        let p = sd.doc
        let field = Schema.textField
        // The parsed text is normalised already (DocumentParser).
        let tokens = field.analyzer.terms(p.text, normalized: true)
        var batch = PostingBatch(capacity: tokens.count * 40)
        let maxTerm = Schema.maxTermBytes
        var exactPrefix = field.exactPrefix!
        exactPrefix.withUTF8 { xp in
            let xpr = UnsafeRawBufferPointer(xp), none = UnsafeRawBufferPointer(start: nil, count: 0)
            for t in tokens {
                let pos = bodyPositions ? UInt32(t.position + 1) : 0
                let exactPos = exactPositions ? UInt32(t.position + 1) : 0
                var folded = t.folded, exact = t.exact
                folded.withUTF8 { f in
                    if f.count <= maxTerm { batch.add(prefix: none, term: UnsafeRawBufferPointer(f), position: pos) }
                    if t.kind == .word, case let k = Analyzer.leadingZeros(f), k > 0 {
                        // "06 tháng" is also found by "6 thang" (all zeros: "0").
                        if f.count - k <= maxTerm {
                            batch.add(prefix: none, term: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(f)[k...]), position: pos)
                        }
                    }
                }
                exact.withUTF8 { e in
                    if e.count + xpr.count <= maxTerm { batch.add(prefix: xpr, term: UnsafeRawBufferPointer(e), position: exactPos) }
                }
            }
        }
        var pairs = PostingBatch(capacity: tokens.count * 24)
        addPairTerms(tokens, to: &pairs)
        addIssuerPairTerms(addFieldWords(p.issuer, field: Schema.issuerField, to: &batch), to: &pairs)
        addFieldWords(p.place, field: Schema.placeField, to: &batch)
        d.addPostings(batch)
        d.addBooleanTerms(pairs)
        d.addBooleanTerm(Schema.idTerm(sd.id))
        if let t = Schema.clip(Schema.fileTerm(sd.file)) { d.addBooleanTerm(t) }
        if let type = p.type {
            d.addBooleanTerm(Schema.typeTerm(type))
            if let t = Schema.clip(Schema.typeWord + Schema.numberKey(type)) { d.addTerm(t) }
        }
        if let n = p.number {
            for t in Schema.numberField.indexTerms(n) { if let t = Schema.clip(t) { d.addBooleanTerm(t) } }
            d.addBooleanTerm(Schema.serial + Schema.stripLeadingZeros(DocumentNumber.serial(of: n)))
        }
        if let date = p.date { d.addBooleanTerm(Schema.year + String(date.year)) }
        if p.draft { d.addBooleanTerm(Schema.draft + "draft") }
        if !p.obligations.isEmpty { d.addBooleanTerm(Schema.hasObligations + "yes") }
        for r in p.references {
            let key = Schema.numberKey(r.number)
            if let t = Schema.clip(Schema.cites + key) { d.addBooleanTerm(t) }
            if let t = Schema.clip(Schema.relation + r.relation.rawValue + ":" + key) { d.addBooleanTerm(t) }
            // By serial alone: short mentions ("Kết luận 226") and full ones meet under one term.
            let serialKey = Schema.serialKey(type: nil, serial: DocumentNumber.serial(of: r.number))
            if let t = Schema.clip(Schema.citesSerial + serialKey) { d.addBooleanTerm(t) }
            // Short mentions alone (schema 2): with `XC`, the exact candidates for a numbered target.
            if Schema.isShortMention(r.number), let t = Schema.clip(Schema.shortCites + serialKey) { d.addBooleanTerm(t) }
        }
        d.setValue(Schema.dateSlot, p.date?.sortKey ?? "")
        d.setValue(Schema.idSlot, sd.id)
        let (record, header) = StoredDocumentJSON.encodeWithHeader(sd)
        d.dataBytes = record
        d.setValue(Schema.headerSlot, bytes: header)
        return d
    }

    /// A name field's words with positions; returns the words indexed, with their positions.
    @discardableResult
    private static func addFieldWords(_ text: String?, field: FieldBinding, to batch: inout PostingBatch) -> [(position: Int, folded: String)] {
        guard let text else { return [] }
        var indexed: [(position: Int, folded: String)] = []
        let prefix = field.prefix
        for t in field.analyzer.terms(text) {
            if prefix.utf8.count + t.folded.utf8.count <= Schema.maxTermBytes {
                batch.add(prefix: prefix, t.folded, position: field.positions ? UInt32(t.position + 1) : 0)
                indexed.append((t.position, t.folded))
            }
        }
        return indexed
    }

    /// An `XJ` pair term for every two indexed issuer words at most `Schema.issuerPairWindow - 1`
    /// positions apart, in order: exactly the word pairs `PHRASE(XI a, XI b, window 3)` matches
    /// (Xapian 1.4: a at p, b at q, p < q ≤ p + 2).
    static func addIssuerPairTerms(_ indexed: [(position: Int, folded: String)], to pairs: inout PostingBatch) {
        let field = Schema.issuerField
        for j in indexed.indices {
            var i = j - 1
            while i >= 0, indexed[j].position - indexed[i].position < field.pairWindow {
                if indexed[i].position < indexed[j].position,
                   let t = Schema.pairTerm(field.pairPrefix!, indexed[i].folded, indexed[j].folded) {
                    pairs.add(t, position: 0)
                }
                i -= 1
            }
        }
    }

    /// One `XB` term per two neighbouring words of the text, for every spelling indexed at each of
    /// the two positions (a number with leading zeros has two: `06` and `6`): exactly the pairs of
    /// word terms `PHRASE(a, b, window 2)` matches (a at p, b at p + 1; positions count words
    /// only, so pairs run across punctuation and line breaks as the phrase does). Compound terms
    /// (`6757/kh-syt`, sharing the position of their first word) are left out: the query's word
    /// runs never hold one. Pairs longer than `Schema.maxTermBytes` are left out (the query uses a
    /// phrase for them).
    static func addPairTerms(_ tokens: [Token], to pairs: inout PostingBatch) {
        let maxTerm = Schema.maxTermBytes
        var prefix = Schema.textField.pairPrefix!
        var scratch: [UInt8] = []
        scratch.reserveCapacity(64)
        /// The spellings of a word indexed at its position: the folded word, and without leading zeros.
        @inline(__always) func spellings(_ f: UnsafeBufferPointer<UInt8>) -> (UnsafeBufferPointer<UInt8>?, UnsafeBufferPointer<UInt8>?) {
            let whole = f.count <= maxTerm ? f : nil
            let k = Analyzer.leadingZeros(f)
            guard k > 0 else { return (whole, nil) }
            return (whole, f.count - k <= maxTerm ? UnsafeBufferPointer(rebasing: f[k...]) : nil)
        }
        prefix.withUTF8 { pp in
            let pr = UnsafeRawBufferPointer(pp)
            var prev = -1
            for (idx, t) in tokens.enumerated() where t.kind == .word {
                defer { prev = idx }
                guard prev >= 0, tokens[prev].position + 1 == t.position else { continue }
                var a = tokens[prev].folded, b = t.folded
                a.withUTF8 { af in
                    b.withUTF8 { bf in
                        let sa = spellings(af), sb = spellings(bf)
                        for x in [sa.0, sa.1] {
                            guard let x else { continue }
                            for y in [sb.0, sb.1] {
                                guard let y, pr.count + x.count + 1 + y.count <= maxTerm else { continue }
                                scratch.removeAll(keepingCapacity: true)
                                scratch.append(contentsOf: x)
                                scratch.append(0x20)
                                scratch.append(contentsOf: y)
                                scratch.withUnsafeBytes { _ = pairs.add(prefix: pr, term: $0, position: 0) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The JSON of a `StoredDocument` as the synthesised `Codable` conformances read it (same keys,
/// absent optionals left out), written directly as UTF-8 bytes. `JSONEncoder` spent more time on
/// a document than tokenising and building all its terms.
enum StoredDocumentJSON {
    static func encode(_ sd: StoredDocument) -> [UInt8] {
        write(sd).out
    }

    /// The record, and the record without its body text (as `encode` writes it with `doc.text`
    /// empty), from one encoding: the second is the first with the text's string cut to `""`.
    static func encodeWithHeader(_ sd: StoredDocument) -> (record: [UInt8], header: [UInt8]) {
        let w = write(sd)
        var header: [UInt8] = []
        header.reserveCapacity(w.out.count - w.textRange.count + 2)
        header.append(contentsOf: w.out[..<w.textRange.lowerBound])
        header.append(contentsOf: [0x22, 0x22])
        header.append(contentsOf: w.out[w.textRange.upperBound...])
        return (w.out, header)
    }

    private static func write(_ sd: StoredDocument) -> Writer {
        var w = Writer()
        w.out.reserveCapacity(sd.doc.text.utf8.count + 4096)
        w.raw("{\"id\":"); w.string(sd.id)
        w.raw(",\"file\":"); w.string(sd.file)
        w.raw(",\"doc\":"); w.document(sd.doc)
        if let p = sd.firstPage { w.raw(",\"first_page\":"); w.int(p) }
        w.raw("}")
        return w
    }

    struct Writer {
        var out: [UInt8] = []
        /// Where `document` wrote the body text's string (quotes included).
        var textRange: Range<Int> = 0..<0

        @inline(__always) mutating func raw(_ s: StaticString) {
            s.withUTF8Buffer { out.append(contentsOf: $0) }
        }

        mutating func int(_ v: Int) {
            if v == 0 { out.append(0x30); return }
            var n = v.magnitude
            var buf: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 20 digits
            let len = withUnsafeMutableBytes(of: &buf) { b -> Int in
                var i = b.count
                while n > 0 { i -= 1; b[i] = UInt8(truncatingIfNeeded: 0x30 + n % 10); n /= 10 }
                if v < 0 { i -= 1; b[i] = 0x2D }
                out.append(contentsOf: b[i...])
                return b.count - i
            }
            _ = len
        }

        /// A JSON string: `"` and `\` escaped, control characters as \n, \r, \t or \u00XX, the rest as is.
        mutating func string(_ s: String) {
            out.append(0x22)
            var s = s
            s.withUTF8 { p in
                var run = 0
                for i in 0..<p.count {
                    let b = p[i]
                    if b >= 0x20 && b != 0x22 && b != 0x5C { continue }
                    if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[run..<i])) }
                    run = i + 1
                    switch b {
                    case 0x22: out.append(0x5C); out.append(0x22)
                    case 0x5C: out.append(0x5C); out.append(0x5C)
                    case 0x0A: out.append(0x5C); out.append(0x6E)
                    case 0x0D: out.append(0x5C); out.append(0x72)
                    case 0x09: out.append(0x5C); out.append(0x74)
                    default:
                        let hex: [UInt8] = Array("0123456789abcdef".utf8)
                        out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                    }
                }
                if run < p.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[run..<p.count])) }
            }
            out.append(0x22)
        }

        mutating func optString(_ key: StaticString, _ v: String?) {
            guard let v else { return }
            raw(","); raw(key); string(v)
        }

        mutating func strings(_ xs: [String]) {
            out.append(0x5B)
            for (i, x) in xs.enumerated() {
                if i > 0 { out.append(0x2C) }
                string(x)
            }
            out.append(0x5D)
        }

        mutating func date(_ d: DocDate) {
            raw("{\"year\":"); int(d.year)
            if let m = d.month { raw(",\"month\":"); int(m) }
            if let day = d.day { raw(",\"day\":"); int(day) }
            raw("}")
        }

        mutating func span(_ s: TextSpan) {
            raw("{\"start\":"); int(s.start)
            raw(",\"end\":"); int(s.end)
            raw("}")
        }

        mutating func document(_ p: ParsedDocument) {
            raw("{\"indexInFile\":"); int(p.indexInFile)
            raw(",\"text\":")
            let start = out.count
            string(p.text)
            textRange = start..<out.count
            optString("\"number\":", p.number)
            optString("\"type\":", p.type)
            optString("\"issuer\":", p.issuer)
            optString("\"place\":", p.place)
            if let d = p.date { raw(",\"date\":"); date(d) }
            optString("\"subject\":", p.subject)
            raw(",\"recipients\":"); strings(p.recipients)
            optString("\"signer\":", p.signer)
            optString("\"signerCapacity\":", p.signerCapacity)
            raw(",\"copiesTo\":"); strings(p.copiesTo)
            raw(p.draft ? ",\"draft\":true" : ",\"draft\":false")
            raw(",\"references\":[")
            for (i, r) in p.references.enumerated() {
                if i > 0 { out.append(0x2C) }
                raw("{\"number\":"); string(r.number)
                optString("\"type\":", r.type)
                if let d = r.date { raw(",\"date\":"); date(d) }
                optString("\"issuer\":", r.issuer)
                raw(",\"relation\":"); string(r.relation.rawValue)
                raw(",\"span\":"); span(r.span)
                raw(",\"text\":"); string(r.text)
                raw("}")
            }
            raw("],\"obligations\":[")
            for (i, o) in p.obligations.enumerated() {
                if i > 0 { out.append(0x2C) }
                raw("{\"what\":"); string(o.what)
                if let d = o.due { raw(",\"due\":"); date(d) }
                raw(",\"recurrence\":"); string(o.recurrence.rawValue)
                optString("\"reporter\":", o.reporter)
                optString("\"recipient\":", o.recipient)
                raw(",\"span\":"); span(o.span)
                raw(",\"text\":"); string(o.text)
                // The regime's other parts, only when stated (older records lack them).
                if let c = o.cutoff { raw(",\"cutoff\":{\"from\":"); string(c.from); raw(",\"to\":"); string(c.to); raw("}") }
                optString("\"channel\":", o.channel)
                optString("\"template\":", o.template)
                raw("}")
            }
            raw("],\"spans\":{")
            for (i, k) in p.spans.keys.sorted().enumerated() {
                if i > 0 { out.append(0x2C) }
                string(k); out.append(0x3A); span(p.spans[k]!)
            }
            raw("}}")
        }
    }
}

// MARK: - Preparing files off the writer (the CPU part of indexing)

/// A file parsed and turned into Xapian documents, ready for a writer. Building it touches no
/// database, so files can be prepared on several threads while one thread writes.
public struct PreparedFile: @unchecked Sendable {
    public let name: String
    /// Unique id terms (`Q` + `file#index`) with their documents, in file order.
    let documents: [(idTerm: String, document: Xapian.Document)]
    public var count: Int { documents.count }
}

extension Archive {
    /// Parses a file's text and builds its documents (what `index` does per file before writing).
    /// `exactPositions`, `bodyPositions`: see `makeXapianDocument`.
    public static func prepare(fileText: String, name: String, exactPositions: Bool = false, bodyPositions: Bool = false) -> PreparedFile {
        let docs = DocumentParser.parse(fileText: fileText)
        return PreparedFile(name: name, documents: docs.map { d in
            let sd = StoredDocument(file: name, doc: d)
            return (Schema.idTerm(sd.id), makeXapianDocument(sd, exactPositions: exactPositions, bodyPositions: bodyPositions))
        })
    }
}

/// A writer for bulk loads and measurements: documents replace by id, commits every
/// `commitEvery` documents, no per-file transaction. (`Archive.index` keeps one transaction per
/// file; this is what the writer side costs without them, and the building block of shard writers.)
public final class BulkWriter {
    let db: WritableDatabase
    let path: String
    let commitEvery: Int
    var pending = 0
    public private(set) var documents = 0

    /// Opens (creating or overwriting) a database. `flushThreshold` sets Xapian's
    /// XAPIAN_FLUSH_THRESHOLD (documents buffered before Xapian writes postings out) for this process.
    public init(path: String, commitEvery: Int = 100_000, flushThreshold: Int? = nil) throws(ArchiveError) {
        if let f = flushThreshold { setenv("XAPIAN_FLUSH_THRESHOLD", String(f), 1) }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(path): \(error.localizedDescription)")
        }
        do {
            db = try WritableDatabase(path: path, mode: .createOrOverwrite)
            try db.setMetadata(Schema.versionKey, String(Schema.version))
        } catch { throw ArchiveError.from(error, path: path) }
        self.path = path
        self.commitEvery = commitEvery
    }

    public func add(_ f: PreparedFile) throws(ArchiveError) {
        do {
            for (term, doc) in f.documents { try db.replace(uniqueTerm: term, with: doc) }
            documents += f.count
            pending += f.count
            if pending >= commitEvery { try db.commit(); pending = 0 }
        } catch {
            throw ArchiveError.from(error, path: path)
        }
    }

    public func commit() throws(ArchiveError) {
        do { try db.commit() } catch { throw ArchiveError.from(error, path: path) }
        pending = 0
    }

    public func close() { db.close() }

    /// Merges databases into one at `destination` (xapian-compact).
    public static func compact(_ sources: [String], into destination: String) throws(ArchiveError) {
        do { try Xapian.compact(sources: sources, destination: destination) } catch { throw ArchiveError.from(error, path: destination) }
    }
}

/// A term of an indexed document, as the index holds it.
public struct IndexedTerm: Sendable {
    /// The field the term belongs to (`text`, `exact`, `pair`, `issuer`, `id`, …), read from its prefix.
    public var field: String
    public var term: String
    public var wdf: Int
    public var positions: [UInt32]
}

extension Archive {
    /// What the index would hold for a file's text: each document the parser finds in it, with
    /// every term its Xapian document gets, in term order. Built by the index builder itself, so it
    /// is exactly what `vanban index` writes (`vanban analyze`).
    public static func indexTerms(ofFileText text: String, name: String = "text") -> [(id: String, terms: [IndexedTerm])] {
        let docs = DocumentParser.parse(fileText: text)
        return docs.map { d in
            let sd = StoredDocument(file: name, doc: d)
            let x = makeXapianDocument(sd)
            return (sd.id, x.termsWithWdf.map { t, wdf in
                IndexedTerm(field: Schema.fieldName(ofTerm: t), term: t, wdf: wdf, positions: x.positions(of: t))
            })
        }
    }
}

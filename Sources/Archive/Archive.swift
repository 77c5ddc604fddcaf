import Documents
import Foundation
import VietText
import Xapian

/// Errors the archive reports; each maps to a documented exit code of the CLI.
public enum ArchiveError: Error, CustomStringConvertible {
    /// No database at the path, or a REF that matches no document.
    case notFound(String)
    /// A REF that matches several documents; the candidates, to narrow with --year or --issuer.
    case ambiguous(String, [StoredDocument])
    /// A query, REF or date that cannot be read.
    case badInput(String)
    /// Another process is indexing the database.
    case locked(String)
    /// The database is damaged.
    case corrupt(String)
    /// Reading files or the database failed.
    case io(String)

    public var description: String {
        switch self {
        case .notFound(let m), .badInput(let m), .locked(let m), .corrupt(let m), .io(let m): return m
        case .ambiguous(let m, _): return m
        }
    }

    /// Exit codes, documented in the README.
    public var exitCode: Int32 {
        switch self {
        case .badInput: return 2
        case .ambiguous: return 3
        case .notFound: return 4
        case .locked: return 5
        case .corrupt, .io: return 1
        }
    }

    static func from(_ e: XapianError, path: String) -> ArchiveError {
        switch e {
        case .databaseNotFound(let m): return .notFound("no index at \(path) (\(m)); run `vanban index PATH --db \(path)` first")
        case .databaseLocked: return .locked("database \(path) is being indexed by another process")
        case .databaseCorrupt(let m): return .corrupt("database \(path) is damaged: \(m)")
        case .badQuery(let m): return .badInput("bad query: \(m)")
        default: return .io("database \(path): \(e.message)")
        }
    }
}

/// An archive of parsed documents in a Xapian database: indexing and the four questions
/// (what matches my words, who cites this, which reports answer this plan, who still owes what).
public final class Archive {
    public let path: String
    let db: Database
    let writer: WritableDatabase?
    /// Parsed documents already loaded, by Xapian docid.
    var cache: [UInt32: StoredDocument] = [:]
    /// Reference resolutions already made: "citing docid|number" → resolved docid (nil: external).
    var resolutionCache: [String: UInt32?] = [:]

    private init(path: String, db: Database, writer: WritableDatabase?) {
        self.path = path
        self.db = db
        self.writer = writer
    }

    /// Opens an existing archive for queries.
    public static func open(path: String) throws(ArchiveError) -> Archive {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw .notFound("no index at \(path); run `vanban index PATH --db \(path)` first")
        }
        do {
            return Archive(path: path, db: try Database(path: path), writer: nil)
        } catch {
            throw ArchiveError.from(error, path: path)
        }
    }

    /// Opens (creating if needed) an archive for indexing; fails at once if another process writes it.
    public static func openForIndexing(path: String) throws(ArchiveError) -> Archive {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(path): \(error.localizedDescription)")
        }
        do {
            let w = try WritableDatabase(path: path, mode: .createOrOpen)
            return Archive(path: path, db: w, writer: w)
        } catch {
            throw ArchiveError.from(error, path: path)
        }
    }

    public var documentCount: Int { db.docCount }

    // MARK: - Loading documents

    func load(_ docid: UInt32) throws(ArchiveError) -> StoredDocument? {
        if let d = cache[docid] { return d }
        let xd: Xapian.Document
        do { xd = try db.document(docid) } catch { throw ArchiveError.from(error, path: path) }
        guard var sd = try? JSONDecoder().decode(StoredDocument.self, from: Data(xd.data.utf8)) else { return nil }
        sd.docid = docid
        cache[docid] = sd
        return sd
    }

    /// Documents matching a query, newest first (or in relevance order when `sortByDate` is false).
    func documents(matching query: Query, sortByDate: Bool = true, limit: Int = 1_000_000) throws(ArchiveError) -> [StoredDocument] {
        let enquire = Enquire(db)
        enquire.setQuery(query)
        if sortByDate { enquire.sortByValue(Schema.dateSlot, reverse: true) }
        let mset: MSet
        do { mset = try enquire.mset(first: 0, max: max(1, min(limit, max(db.docCount, 1)))) } catch { throw ArchiveError.from(error, path: path) }
        var out: [StoredDocument] = []
        for item in mset.items {
            if let d = try load(item.docid) { out.append(d) }
        }
        return out
    }

    /// Documents carrying one boolean term.
    func documents(withTerm term: String) throws(ArchiveError) -> [StoredDocument] {
        let ids: [UInt32]
        do { ids = try db.postings(term) } catch { throw ArchiveError.from(error, path: path) }
        var out: [StoredDocument] = []
        for id in ids { if let d = try load(id) { out.append(d) } }
        return out
    }

    /// Every document, newest first, optionally filtered.
    public func list(filter: Filter = Filter()) throws(ArchiveError) -> [StoredDocument] {
        let q = filter.apply(to: Query.matchAll)
        return try documents(matching: q, sortByDate: true)
    }
}

/// Filters shared by `search`, `list` and the REF commands.
public struct Filter: Sendable {
    public var type: String?
    public var issuer: String?
    public var place: String?
    public var from: DocDate?
    public var to: DocDate?
    public var year: Int?
    public init(type: String? = nil, issuer: String? = nil, place: String? = nil, from: DocDate? = nil, to: DocDate? = nil, year: Int? = nil) {
        self.type = type; self.issuer = issuer; self.place = place; self.from = from; self.to = to; self.year = year
    }

    public var isEmpty: Bool { type == nil && issuer == nil && place == nil && from == nil && to == nil && year == nil }

    /// The filter as Xapian subqueries (boolean filters and value ranges).
    func queries() -> [Query] {
        var qs: [Query] = []
        if let t = type { qs.append(Query(term: Schema.typeTerm(Filter.typeCode(t)))) }
        if let i = issuer { qs.append(Filter.wordsQuery(i, prefix: Schema.issuer)) }
        if let p = place { qs.append(Filter.wordsQuery(p, prefix: Schema.place)) }
        if let y = year { qs.append(Query(term: Schema.year + String(y))) }
        if from != nil || to != nil {
            let lo = from.map(Filter.lowKey) ?? "00000000"
            let hi = to.map(Filter.highKey) ?? "99999999"
            qs.append(Query(valueRange: Schema.dateSlot, from: lo, to: hi))
        }
        return qs
    }

    func apply(to q: Query) -> Query {
        let qs = queries()
        if qs.isEmpty { return q }
        return Query(.filter, [q, qs.count == 1 ? qs[0] : Query(.and, qs)])
    }

    /// `KH`, `kế hoạch`, `ke hoach` → `KH`.
    static func typeCode(_ t: String) -> String {
        let trimmed = t.trimmingCharacters(in: .whitespaces)
        if let c = DocumentTypes.code(forName: trimmed) { return c }
        return trimmed
    }

    /// All folded words of `text` under `prefix`, as a phrase (so `coquan:"so y te"` keeps word order).
    static func wordsQuery(_ text: String, prefix: String) -> Query {
        let words = Tokenizer.tokenize(VietText.normalize(text)).filter { $0.kind == .word }.map { prefix + $0.folded }
        if words.isEmpty { return Query.matchNothing }
        if words.count == 1 { return Query(term: words[0]) }
        return Query(.phrase, words.map { Query(term: $0) })
    }

    static func lowKey(_ d: DocDate) -> String { DocDate(year: d.year, month: d.month ?? 0, day: d.day ?? 0).sortKey }
    static func highKey(_ d: DocDate) -> String {
        let m = d.month.map { String(format: "%02d", $0) } ?? "99"
        let day = d.day.map { String(format: "%02d", $0) } ?? "99"
        return String(format: "%04d", d.year) + m + day
    }
}

extension Archive {
    /// The document with id `file#index`, if archived.
    public func document(id: String) throws(ArchiveError) -> StoredDocument? {
        try documents(withTerm: Schema.idTerm(id)).first
    }
}

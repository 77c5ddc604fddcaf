import Documents
import Foundation
#if canImport(Glibc)
import Glibc
#endif
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
    /// The database moved on under a reader (an index run committed twice during the read).
    /// The read is to be redone on a fresh snapshot: `Archive.retrying` does that.
    case modified(String)

    public var description: String {
        switch self {
        case .notFound(let m), .badInput(let m), .locked(let m), .corrupt(let m), .io(let m), .modified(let m): return m
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
        case .corrupt, .io, .modified: return 1
        }
    }

    /// Whether the operation should be redone on a fresh snapshot (see `Archive.retrying`).
    public var isSnapshotChange: Bool {
        if case .modified = self { return true }
        return false
    }

    static func from(_ e: XapianError, path: String) -> ArchiveError {
        switch e {
        case .databaseNotFound(let m): return .notFound("no index at \(path) (\(m)); run `vanban index PATH --db \(path)` first")
        case .databaseLocked: return .locked("database is being indexed by another process (\(path)); try again when it has finished")
        case .databaseCorrupt(let m): return .corrupt("database \(path) is damaged: \(m)")
        case .badQuery(let m): return .badInput("bad query: \(m)")
        case .modified(let m): return .modified("database \(path) changed while it was read (\(m)); run the command again")
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
    /// Documents loaded without their body text (`loadHeader`), by Xapian docid.
    var headerCache: [UInt32: StoredDocument] = [:]
    /// Reference resolutions already made and what they are made of (see `ResolutionCaches`).
    /// Cleared with `cache` when an index run has written.
    var resolutionCache = ResolutionCaches()
    /// The revision this reader's snapshot is at (`CitationTable.revisionTag`); nil when unknown
    /// (a writer, or a commit landed while the database was being opened).
    var revisionTag: String?
    /// Whether `directCiters` may use the citation table (tests turn it off to compare the paths).
    var useCitationTable = true
    /// Whether the whole-archive `obligations` may use the obligations table (tests turn it off).
    var useObligationTable = true
    /// Plans whose facts the obligations-table build gathers before it lets go of the documents
    /// read for them (tests make it small).
    var obligationStretch = 1_000
    /// Whether searches use the pair terms of a schema 3 database (tests turn it off to compare
    /// with the phrase form; `VANBAN_PAIR_TERMS=0` too).
    var usePairTerms = Archive.pairTermsDefault
    /// Whether records read without their body come from the header slot (tests turn it off to
    /// read them from the data, as for documents written before the slot).
    var useHeaderSlot = true
    /// False while the citation table is built: documents are then kept without their text.
    var keepText = true
    /// False while the obligations table is built: documents are kept without `doc.text` only
    /// (what matching reads stays: references, subject, obligations, header).
    var keepBodyText = true
    /// The index schema version of the database (`Schema.versionKey`), read once.
    lazy var schemaVersion: Int = Int((try? db.metadata(Schema.versionKey)) ?? "") ?? 1

    /// Readers: a shared lock held while this archive is open. The index run's writer: the file,
    /// to see whether readers are active (see `ReaderLock`).
    let readerLock: ReaderLock?

    private init(path: String, db: Database, writer: WritableDatabase?, readerLock: ReaderLock?) {
        self.path = path
        self.db = db
        self.writer = writer
        self.readerLock = readerLock
    }

    /// Opens an existing archive for queries.
    public static func open(path: String) throws(ArchiveError) -> Archive {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw .notFound("no index at \(path); run `vanban index PATH --db \(path)` first")
        }
        do {
            // The lock first, then the snapshot: see ReaderLock.
            let lock = ReaderLock(reader: path)
            // The revision before and after opening: equal, the snapshot is that revision.
            let before = CitationTable.revisionTag(dbPath: path)
            let a = Archive(path: path, db: try Database(path: path), writer: nil, readerLock: lock)
            if let before, before == CitationTable.revisionTag(dbPath: path) { a.revisionTag = before }
            return a
        } catch {
            throw ArchiveError.from(error, path: path)
        }
    }

    /// Documents Xapian buffers before flushing postings (XAPIAN_FLUSH_THRESHOLD) in index runs:
    /// set once per process, unless the user set it.
    static let flushThreshold = 250
    private static let setFlushThreshold: Void = { setenv("XAPIAN_FLUSH_THRESHOLD", String(flushThreshold), 0) }()

    /// Opens (creating if needed) an archive for indexing; fails at once if another process writes it.
    public static func openForIndexing(path: String) throws(ArchiveError) -> Archive {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(path): \(error.localizedDescription)")
        }
        // Xapian buffers this many changed documents before writing postings out (default
        // 10,000). Smaller buffers cost less CPU here, measured (BENCHMARKS.md); the environment
        // variable set by a user wins.
        Archive.setFlushThreshold
        do {
            let w = try WritableDatabase(path: path, mode: .createOrOpen)
            // A database without documents is tagged with the schema it will be written in (whatever
            // an older version tagged it); one with documents keeps its tag, or none (its documents
            // lack the newer terms), and is read the old way.
            if w.docCount == 0, try w.metadata(Schema.versionKey) != String(Schema.version) {
                try w.setMetadata(Schema.versionKey, String(Schema.version))
                try w.commit()
            }
            return Archive(path: path, db: w, writer: w, readerLock: ReaderLock(writer: path))
        } catch {
            throw ArchiveError.from(error, path: path)
        }
    }

    public var documentCount: Int { db.docCount }

    /// Runs a read, again on a fresh snapshot when the database moved on under it.
    ///
    /// A reader sees the revision that was current when it opened, even while `vanban index`
    /// writes. Xapian keeps that revision readable until the writer has committed twice more;
    /// after that a read fails with `.modified`. `body` opens its own `Archive`, so running it
    /// again reads the newest committed revision: one consistent snapshot, never a mix.
    /// `discard` is called before each new attempt (to drop output made by the failed one).
    public static func retrying<T>(attempts: Int = 10, discard: () -> Void = {}, _ body: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try body()
            } catch let e as ArchiveError where e.isSnapshotChange && attempt < attempts {
                discard()
                attempt += 1
                usleep(UInt32(min(attempt * 20_000, 200_000)))
            }
        }
    }

    // MARK: - Loading documents

    func load(_ docid: UInt32) throws(ArchiveError) -> StoredDocument? {
        if let d = cache[docid] { return d }
        guard var sd = try read(docid, body: keepText && keepBodyText) else { return nil }
        if !keepText {
            // Building the citation table: a candidate is only matched by number, date, issuer, place.
            sd.doc.text = ""; sd.doc.references = []; sd.doc.obligations = []; sd.doc.spans = [:]
            sd.doc.recipients = []; sd.doc.copiesTo = []; sd.doc.subject = nil; sd.doc.signer = nil; sd.doc.signerCapacity = nil
        }
        cache[docid] = sd
        return sd
    }

    /// A document without its body text (`doc.text` empty; header, references, obligations and
    /// spans as stored), for lists that show no text: citers, answering reports. A paged document
    /// (PDF) comes whole, since its pages are counted in its text. Kept apart from `cache`, so
    /// `load` never returns one of these.
    func loadHeader(_ docid: UInt32) throws(ArchiveError) -> StoredDocument? {
        if let d = cache[docid] { return d }
        guard keepText && keepBodyText else { return try load(docid) }
        if let d = headerCache[docid] { return d }
        guard let sd = try read(docid, body: false) else { return nil }
        if sd.firstPage != nil { return try load(docid) }
        headerCache[docid] = sd
        return sd
    }

    /// A document whose text passes `missing` (it returns the empty set), else only the verdict:
    /// `missing` sees the body text alone (`StoredDocumentCodec.text`), and the rest of the record
    /// is decoded, from the same bytes, only when nothing is missing. Nil: it cannot be read. For
    /// the phrases a search checks in the text of each hit (most hits of a phrase found in few
    /// documents lack it).
    func load(_ docid: UInt32, checkingText missing: (String) -> Set<Int>) throws(ArchiveError) -> (document: StoredDocument?, missing: Set<Int>)? {
        if let d = cache[docid] { return (d, missing(d.doc.text)) }
        var found: Set<Int>?
        let decoded: StoredDocument?
        do {
            decoded = try db.document(docid).withData { bytes -> StoredDocument? in
                guard let text = StoredDocumentCodec.text(bytes) else { return nil }
                let m = missing(text)
                found = m
                return m.isEmpty ? StoredDocumentCodec.decode(bytes, body: true) : nil
            }
        } catch { throw ArchiveError.from(error, path: path) }
        guard let found else { return nil }
        guard found.isEmpty else { return (nil, found) }
        guard var sd = decoded else { return nil }
        sd.docid = docid
        if keepText && keepBodyText { cache[docid] = sd }
        return (sd, [])
    }

    /// A document read afresh and not kept (nil: it cannot be read).
    func loadUncached(_ docid: UInt32) throws(ArchiveError) -> StoredDocument? {
        try read(docid, body: true)
    }

    /// Decodes a document's stored record straight from the bytes Xapian hands over.
    private func read(_ docid: UInt32, body: Bool) throws(ArchiveError) -> StoredDocument? {
        let decoded: StoredDocument?
        do {
            // The data is read with an error, not as "": a read overtaken by the writer must fail
            // (and be redone), not look like an empty document.
            let document = try db.document(docid)
            // Without the body: the header slot, when the document has one (and it reads).
            var header: StoredDocument?
            if !body && useHeaderSlot {
                header = try document.withValue(Schema.headerSlot) { $0.isEmpty ? nil : StoredDocumentCodec.decode($0, body: false) }
            }
            if let header { decoded = header } else { decoded = try document.withData { StoredDocumentCodec.decode($0, body: body) } }
        } catch { throw ArchiveError.from(error, path: path) }
        guard var sd = decoded else { return nil }
        sd.docid = docid
        return sd
    }

    /// Documents carrying any of `terms` (each once, in docid order); without `bodies`, as
    /// `loadHeader` gives them.
    func documents(withAnyTerm terms: [String], bodies: Bool = true) throws(ArchiveError) -> [StoredDocument] {
        var ids: [UInt32] = []
        do {
            for t in terms { ids.append(contentsOf: try db.postings(t)) }
        } catch { throw ArchiveError.from(error, path: path) }
        if terms.count > 1 {
            ids.sort()
            var unique: [UInt32] = []
            unique.reserveCapacity(ids.count)
            for id in ids where unique.last != id { unique.append(id) }
            ids = unique
        }
        var out: [StoredDocument] = []
        for id in ids { if let d = try (bodies ? load(id) : loadHeader(id)) { out.append(d) } }
        return out
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

    /// Documents carrying one boolean term; without `bodies`, as `loadHeader` gives them.
    func documents(withTerm term: String, bodies: Bool = true) throws(ArchiveError) -> [StoredDocument] {
        let ids: [UInt32]
        do { ids = try db.postings(term) } catch { throw ArchiveError.from(error, path: path) }
        var out: [StoredDocument] = []
        for id in ids { if let d = try (bodies ? load(id) : loadHeader(id)) { out.append(d) } }
        return out
    }

    /// Every document, newest first, optionally filtered.
    public func list(filter: Filter = Filter()) throws(ArchiveError) -> [StoredDocument] {
        let q = filter.apply(to: Query.matchAll)
        return try documents(matching: q, sortByDate: true)
    }
}

/// Keeps readers' snapshots alive while an index run writes.
///
/// A Xapian reader reads the revision that was current when it opened; the revision stays readable
/// until the writer has committed twice more, after which reads fail with DatabaseModifiedError.
/// So readers hold a shared `flock` on `DB/readers.lock` while they are open (taken before the
/// database is opened), and the index run, before each batch commit, checks for it: while a
/// reader is active, commits are put off (up to `maxDeferral` seconds, or a batch 20 times the
/// usual size), so a reader sees at most one commit and its snapshot stays whole. Reads that
/// outlast that are redone on a fresh snapshot (`Archive.retrying`).
final class ReaderLock {
    static let fileName = "readers.lock"
    /// Longest a commit is put off for readers.
    static let maxDeferral: Double = 10
    /// Longest the last commit of a run waits for readers.
    static let finalWait: Double = 2
    let fd: Int32

    /// A reader's shared lock; nil when there is no lock file (a database made by an older
    /// version, or one not written yet): then the reader relies on retrying alone.
    init?(reader dbPath: String) {
        let fd = ReaderLock.open(dbPath + "/" + ReaderLock.fileName, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        if flock(fd, LOCK_SH) != 0 { ReaderLock.close(fd); return nil }
        self.fd = fd
    }

    /// The writer's handle on the file (created if missing).
    init?(writer dbPath: String) {
        let fd = ReaderLock.open(dbPath + "/" + ReaderLock.fileName, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        self.fd = fd
    }

    /// Whether some reader holds the shared lock now.
    var readersActive: Bool {
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    deinit { ReaderLock.close(fd) }

    #if canImport(Glibc)
    static func open(_ p: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 { Glibc.open(p, flags, mode) }
    static func close(_ fd: Int32) { _ = Glibc.close(fd) }
    #else
    static func open(_ p: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 { Darwin.open(p, flags, mode) }
    static func close(_ fd: Int32) { _ = Darwin.close(fd) }
    #endif
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

import Documents
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VietText
import Xapian

/// How a reader reads: switches fixed when it is opened (tests use them to compare two ways of
/// answering the same question).
public struct ReaderOptions: Sendable {
    /// Whether `directCiters` may use the citation table.
    public var useCitationTable = true
    /// Whether the whole-archive `obligations` may use the obligations table.
    public var useObligationTable = true
    /// Plans whose facts the obligations-table build gathers before it lets go of the documents
    /// read for them.
    public var obligationStretch = 1_000
    /// Whether searches use the pair terms of a schema 3 database (`VANBAN_PAIR_TERMS=0` turns it
    /// off by default, to compare with the phrase form).
    public var usePairTerms = ReaderOptions.pairTermsDefault
    /// Whether records read without their body come from the header slot (off: read from the data,
    /// as for documents written before the slot).
    public var useHeaderSlot = true
    /// What of each document is kept once read (table builds keep less).
    var detail: Detail = .whole
    /// Read the database as if it were of this schema version (tests: what an older database
    /// would answer without the terms a newer schema adds).
    var schemaVersionOverride: Int?

    enum Detail: Sendable {
        /// Everything.
        case whole
        /// Without `doc.text` (building the obligations table: what matching reads stays).
        case withoutText
        /// Only what resolving a reference reads: number, date, issuer, place (building the
        /// citation table).
        case resolutionOnly
    }

    public init(useCitationTable: Bool = true, useObligationTable: Bool = true, obligationStretch: Int = 1_000,
                usePairTerms: Bool = ReaderOptions.pairTermsDefault, useHeaderSlot: Bool = true) {
        self.useCitationTable = useCitationTable
        self.useObligationTable = useObligationTable
        self.obligationStretch = obligationStretch
        self.usePairTerms = usePairTerms
        self.useHeaderSlot = useHeaderSlot
    }

    /// True unless the environment sets `VANBAN_PAIR_TERMS=0`.
    public static let pairTermsDefault = ProcessInfo.processInfo.environment["VANBAN_PAIR_TERMS"] != "0"
}

/// A read-only snapshot of an archive: the revision that was committed when it was opened, whatever
/// an index run writes afterwards (see `ReaderLock`, `Archive.retrying`).
///
/// What it answers does not change over its life, and it may be shared between threads: every
/// question runs under the reader's lock (a Xapian database handle serves one thread at a time), so
/// questions on one reader run one after the other; a server that answers several at once opens
/// one reader per worker. The services `search`, `citations` and `obligations` ask their questions
/// through it; what they have read and resolved is kept for the life of the snapshot.
public final class ArchiveReader: @unchecked Sendable {
    /// The archive's folder (its `abbreviations.tsv`; messages name it).
    public let path: String
    /// The database read: one, or several (shards, local or remote) added into one by Xapian,
    /// which merges their searches itself; docids interleave, every question goes through it.
    let db: Database
    public let options: ReaderOptions
    /// The index schema version of the database (`Schema.versionKey`; of several, the oldest).
    let schemaVersion: Int
    /// The revision this snapshot is at (`CitationTable.revisionTag`, of every shard); nil when
    /// unknown (a commit landed while the database was being opened): then no table is used.
    let revisionTag: String?
    /// Where the tables of this snapshot are kept (`tableFile`): "DB/" for an archive folder,
    /// "STUB." beside a stub file; nil: kept in memory only (remote shards, several --db).
    let tablePrefix: String?
    /// Shards that could not be opened and were left out (`allowPartial`), each with the reason.
    public let partial: [String]
    /// Whether some shard is remote (an I/O failure is then a shard that stopped answering).
    let hasRemote: Bool
    /// The local databases read, in order (their version files make the revision tag).
    let localShards: [String]
    /// The shared locks held while this reader is open (see `ReaderLock`).
    private let readerLocks: [ReaderLock]
    /// Serialises the questions asked of this reader (recursive: services ask each other).
    let lock: NSRecursiveLock

    // Memoisation, touched only under `lock`.
    /// Parsed documents already loaded, by Xapian docid.
    var cache: [UInt32: StoredDocument] = [:]
    /// Documents loaded without their body text (`loadHeader`), by Xapian docid.
    var headerCache: [UInt32: StoredDocument] = [:]
    /// Reference resolutions already made and what they are made of (see `ResolutionCaches`).
    var resolutionCache = ResolutionCaches()

    init(path: String, db: Database, options: ReaderOptions, schemaVersion: Int, revisionTag: String?, tablePrefix: String?,
         partial: [String] = [], hasRemote: Bool = false, localShards: [String], readerLocks: [ReaderLock], lock: NSRecursiveLock) {
        self.path = path
        self.db = db
        self.options = options
        self.schemaVersion = schemaVersion
        self.revisionTag = revisionTag
        self.tablePrefix = tablePrefix
        self.partial = partial
        self.hasRemote = hasRemote
        self.localShards = localShards
        self.readerLocks = readerLocks
        self.lock = lock
    }

    /// Opens the newest committed revision of an existing archive: a database folder, an archive
    /// of shards (a folder holding the stub `XAPIANDB`) or a stub file.
    public static func open(path: String, options: ReaderOptions = ReaderOptions()) throws(ArchiveError) -> ArchiveReader {
        try open(paths: [path], options: options)
    }

    /// A reader of the same snapshot (same database handle and lock) that keeps documents with
    /// less `detail` and memoises afresh: table builds read nearly every document and should
    /// neither keep them whole nor disturb what this reader has kept.
    func sibling(detail: ReaderOptions.Detail) -> ArchiveReader {
        var o = options
        o.detail = detail
        return ArchiveReader(path: path, db: db, options: o, schemaVersion: schemaVersion, revisionTag: revisionTag,
                             tablePrefix: tablePrefix, partial: partial, hasRemote: hasRemote, localShards: localShards, readerLocks: [], lock: lock)
    }

    /// Runs `body` under the reader's lock.
    @inline(__always)
    func locked<T>(_ body: () throws(ArchiveError) -> T) throws(ArchiveError) -> T {
        lock.lock()
        defer { lock.unlock() }
        guard hasRemote else { return try body() }
        do { return try body() } catch {
            // A remote shard that stops answering: the question is asked again of a fresh reader
            // (`Archive.retrying`), whose opening names the shard (or, allowing a partial answer,
            // leaves it out).
            if case .io(let m) = error { throw .modified("a remote shard stopped answering (\(m))") }
            throw error
        }
    }

    public var documentCount: Int { lock.lock(); defer { lock.unlock() }; return db.docCount }

    /// Search: ranked hits, snippets, "did you mean".
    public var search: SearchService { SearchService(reader: self) }
    /// Citations: who cites what, directly or down the chain.
    public var citations: CitationService { CitationService(reader: self) }
    /// Obligations: answers to plans and the status of every reporting obligation.
    public var obligations: ObligationService { ObligationService(reader: self) }

    // MARK: - Loading documents

    func load(_ docid: UInt32) throws(ArchiveError) -> StoredDocument? {
        if let d = cache[docid] { return d }
        guard var sd = try read(docid, body: options.detail == .whole) else { return nil }
        if options.detail == .resolutionOnly {
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
        guard options.detail == .whole else { return try load(docid) }
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
        if options.detail == .whole { cache[docid] = sd }
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
            if !body && options.useHeaderSlot {
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

    // MARK: - A reader that outlives its questions (a server)

    /// Whether this snapshot is still the newest committed revision (false when that is unknown).
    /// (Shards: every local one at the revision it was; a remote shard's revision cannot be seen
    /// without asking it, so a reader with one is never current.)
    public var isCurrent: Bool {
        guard let tag = revisionTag, !hasRemote, partial.isEmpty else { return false }
        return tag == CitationTable.revisionTag(shards: localShards)
    }

    /// Lets go of the readers' lock while this reader waits for its next question (a server's
    /// reader between requests), so a reader that reads nothing does not put off an index run's
    /// commits. Call `holdLock()` before asking again.
    public func releaseLock() { for l in readerLocks { l.release() } }

    /// Takes the readers' lock again and says whether the snapshot is still the newest revision.
    /// When it is not, replace the reader with a fresh one: the writer may have committed twice
    /// since, and the old revision may no longer be readable.
    public func holdLock() -> Bool {
        for l in readerLocks { l.acquire() }
        return isCurrent
    }

    // MARK: - Questions

    /// Every document, newest first, optionally filtered.
    public func list(filter: Filter = Filter()) throws(ArchiveError) -> [StoredDocument] {
        try locked { () throws(ArchiveError) in
            try documents(matching: filter.apply(to: Query.matchAll, abbreviations: filter.issuer == nil && filter.place == nil ? .builtIn : abbreviations()),
                          sortByDate: true)
        }
    }

    /// The document with id `file#index`, if archived.
    public func document(id: String) throws(ArchiveError) -> StoredDocument? {
        try locked { () throws(ArchiveError) in try documents(withTerm: Schema.idTerm(id)).first }
    }

}

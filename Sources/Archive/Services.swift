import Documents
import Xapian

/// A service answers one kind of question over a reader's snapshot: `SearchService`,
/// `CitationService`, `ObligationService`. It holds nothing but the reader; what it reads and
/// resolves is memoised in the reader, for the life of the snapshot. Its public questions run under
/// the reader's lock.
protocol ReaderService {
    var reader: ArchiveReader { get }
}

extension ReaderService {
    var db: Database { reader.db }
    var path: String { reader.path }
    var options: ReaderOptions { reader.options }
    var schemaVersion: Int { reader.schemaVersion }
    var revisionTag: String? { reader.revisionTag }
    var resolutionCache: ResolutionCaches { reader.resolutionCache }

    func locked<T>(_ body: () throws(ArchiveError) -> T) throws(ArchiveError) -> T { try reader.locked(body) }

    func load(_ docid: UInt32) throws(ArchiveError) -> StoredDocument? { try reader.load(docid) }
    func loadHeader(_ docid: UInt32) throws(ArchiveError) -> StoredDocument? { try reader.loadHeader(docid) }
    func loadUncached(_ docid: UInt32) throws(ArchiveError) -> StoredDocument? { try reader.loadUncached(docid) }
    func load(_ docid: UInt32, checkingText missing: (String) -> Set<Int>) throws(ArchiveError) -> (document: StoredDocument?, missing: Set<Int>)? {
        try reader.load(docid, checkingText: missing)
    }
    func documents(withAnyTerm terms: [String], bodies: Bool = true) throws(ArchiveError) -> [StoredDocument] {
        try reader.documents(withAnyTerm: terms, bodies: bodies)
    }
    func documents(withTerm term: String, bodies: Bool = true) throws(ArchiveError) -> [StoredDocument] {
        try reader.documents(withTerm: term, bodies: bodies)
    }
    func candidates(for ref: UserRef, year: Int? = nil, issuer: String? = nil, bodies: Bool = true) throws(ArchiveError) -> [StoredDocument] {
        try reader.candidates(for: ref, year: year, issuer: issuer, bodies: bodies)
    }
    func resolve(_ r: Reference, from citing: StoredDocument) throws(ArchiveError) -> StoredDocument? {
        try reader.resolve(r, from: citing)
    }
    func abbreviations(extra: String? = nil) throws(ArchiveError) -> Abbreviations { try reader.abbreviations(extra: extra) }
    func foldedWordSet(_ s: String) -> Set<Substring> { reader.foldedWordSet(s) }

    // Questions of the other services.
    func directCiters(of target: CitationTarget, relation: Relation? = nil) throws(ArchiveError) -> [(StoredDocument, Reference)] {
        try reader.citations.directCiters(of: target, relation: relation)
    }
    func citationTable(build: Bool = false) throws(ArchiveError) -> CitationTable? {
        try reader.citations.citationTable(build: build)
    }
}

/// Ranked search over a snapshot (`Search.swift`, `Suggest.swift`).
public struct SearchService: ReaderService {
    public let reader: ArchiveReader
}

/// Who cites what, directly or down the chain (`Citations.swift`, `CitationTable.swift`).
public struct CitationService: ReaderService {
    public let reader: ArchiveReader
}

/// Answers to plans and the status of reporting obligations (`Tracking.swift`, `ObligationTable.swift`).
public struct ObligationService: ReaderService {
    public let reader: ArchiveReader
}

extension ObligationService {
    typealias PlanFacts = Archive.PlanFacts
    typealias Kind = Archive.Kind
    typealias DocFacts = Archive.DocFacts
}

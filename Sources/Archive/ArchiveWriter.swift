import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Xapian

/// The one writer of an archive: index runs (walk → read → parse → build → write, in
/// `Indexer.swift`), their transactions, stamps and commits. Opening it takes Xapian's write lock,
/// so a second writer fails at once (`ArchiveError.locked`); readers go on reading the last commit.
public final class ArchiveWriter {
    public let path: String
    let db: WritableDatabase
    /// The readers' lock file, to see whether readers are active (see `ReaderLock`).
    let readerLock: ReaderLock?
    /// The index schema version of the database (`Schema.versionKey`).
    let schemaVersion: Int

    private init(path: String, db: WritableDatabase, readerLock: ReaderLock?, schemaVersion: Int) {
        self.path = path
        self.db = db
        self.readerLock = readerLock
        self.schemaVersion = schemaVersion
    }

    /// Documents Xapian buffers before flushing postings (XAPIAN_FLUSH_THRESHOLD) in index runs:
    /// set once per process, unless the user set it.
    static let flushThreshold = 250
    private static let setFlushThreshold: Void = { setenv("XAPIAN_FLUSH_THRESHOLD", String(flushThreshold), 0) }()

    /// Opens (creating if needed) an archive for indexing; fails at once if another process writes it.
    public static func open(path: String) throws(ArchiveError) -> ArchiveWriter {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(path): \(error.localizedDescription)")
        }
        // Xapian buffers this many changed documents before writing postings out (default
        // 10,000). Smaller buffers cost less CPU here, measured (BENCHMARKS.md); the environment
        // variable set by a user wins.
        ArchiveWriter.setFlushThreshold
        do {
            let w = try WritableDatabase(path: path, mode: .createOrOpen)
            // A database without documents is tagged with the schema it will be written in (whatever
            // an older version tagged it); one with documents keeps its tag, or none (its documents
            // lack the newer terms), and is read the old way.
            if w.docCount == 0, try w.metadata(Schema.versionKey) != String(Schema.version) {
                try w.setMetadata(Schema.versionKey, String(Schema.version))
                try w.commit()
            }
            let version = Int((try? w.metadata(Schema.versionKey)) ?? "") ?? 1
            return ArchiveWriter(path: path, db: w, readerLock: ReaderLock(writer: path), schemaVersion: version)
        } catch {
            throw ArchiveError.from(error, path: path)
        }
    }

    public var documentCount: Int { db.docCount }

    /// Lets go of the database (and its write lock) before the object goes.
    public func close() { db.close() }
}

extension ArchiveWriter {
    typealias Stamp = Archive.Stamp
    typealias Walk = Archive.Walk
    typealias Batch = Archive.Batch
    typealias PreparedIndexFile = Archive.PreparedIndexFile
    typealias FileNamer = Archive.FileNamer
}

extension ArchiveWriter {
    /// Builds the citation and obligations tables of the last commit and stores them for later
    /// readers, rather than leaving it to the first `cites --transitive` or whole-archive
    /// `obligations`. An optimisation only: what fails is a note (`notes`), the readers build them.
    /// The obligations table reads the citation table just written; its build reads the plans in
    /// stretches, kept as headers, so its memory stays small.
    public func writeTables() -> (citationEdges: Int?, notes: [String]) {
        var notes: [String] = []
        var edges: Int?
        do { edges = try Archive.writeCitationTable(path: path) } catch {
            notes.append("citation table not written (\(error)); the first cites/obligations will build it")
        }
        do { _ = try Archive.writeObligationTable(path: path) } catch {
            notes.append("obligations table not written (\(error)); the first whole-archive obligations will build it")
        }
        return (edges, notes)
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Xapian

/// The one writer of an archive: index runs (walk → name → read → parse → build → write, in
/// `IndexRun.swift`), their transactions, stamps and commits. Opening it takes Xapian's write lock
/// (of every shard), so a second writer fails at once (`ArchiveError.locked`); readers go on
/// reading the last commit.
///
/// An archive is one database at `path`, or, written with `--shards N`, N shard databases inside
/// it listed by a stub file (`ShardLayout`): each is written by a thread of its own and commits on
/// its own.
public final class ArchiveWriter {
    public let path: String
    /// The databases written: the archive's one database, or its shards in order.
    let shards: [WritableDatabase]
    let shardPaths: [String]
    /// The readers' lock file, to see whether readers are active (see `ReaderLock`).
    let readerLock: ReaderLock?
    /// The index schema version of the database (`Schema.versionKey`; of the first shard).
    let schemaVersion: Int

    /// The archive's database (the first shard of a sharded one).
    var db: WritableDatabase { shards[0] }
    /// Number of shard databases (1: one plain database).
    public var shardCount: Int { shards.count }

    private init(path: String, shards: [WritableDatabase], shardPaths: [String], readerLock: ReaderLock?, schemaVersion: Int) {
        self.path = path
        self.shards = shards
        self.shardPaths = shardPaths
        self.readerLock = readerLock
        self.schemaVersion = schemaVersion
    }

    /// Documents Xapian buffers before flushing postings (XAPIAN_FLUSH_THRESHOLD) in index runs:
    /// set once per process, unless the user set it.
    static let flushThreshold = 250
    private static let setFlushThreshold: Void = { setenv("XAPIAN_FLUSH_THRESHOLD", String(flushThreshold), 0) }()

    /// Opens (creating if needed) an archive for indexing; fails at once if another process writes
    /// it. `shards`: the number of shard databases (nil: what the archive has, else one); an
    /// archive keeps the number it was created with, and another is refused.
    public static func open(path: String, shards requested: Int? = nil) throws(ArchiveError) -> ArchiveWriter {
        if let n = requested, n < 1 || n > ShardLayout.maxShards {
            throw .badInput("--shards must be between 1 and \(ShardLayout.maxShards)")
        }
        let existing = try ShardLayout.shardCount(archive: path)
        if let n = requested, let e = existing, n != e {
            throw .badInput("\(path) is an archive of \(e) shards, not \(n); index it without --shards (or with --shards \(e)), or index into a new --db (`vanban compact` merges shards into one database)")
        }
        if let n = requested, n > 1, existing == nil, FileManager.default.fileExists(atPath: path + "/iamglass"),
           let docs = try? Database(path: path).docCount, docs > 0 {
            throw .badInput("\(path) is an archive of one database with \(docs) document(s); --shards \(n) is for a new archive (index into a new --db)")
        }
        if existing == nil, ShardLayout.hasUnlistedShards(archive: path) {
            // A first sharded run killed before it listed its shards: the stub is written before
            // any document, so they are empty; they go, and this run lays the archive out as it asks.
            try ShardLayout.removeUnlistedEmptyShards(archive: path)
        }
        let count = existing ?? requested ?? 1
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(path): \(error.localizedDescription)")
        }
        // Xapian buffers this many changed documents before writing postings out (default
        // 10,000). Smaller buffers cost less CPU here, measured (BENCHMARKS.md); the environment
        // variable set by a user wins.
        ArchiveWriter.setFlushThreshold
        let paths = count == 1 && existing == nil ? [path] : (0..<count).map { path + "/" + ShardLayout.folderName($0) }
        var opened: [WritableDatabase] = []
        var version = Schema.version
        for p in paths {
            do {
                let w = try WritableDatabase(path: p, mode: .createOrOpen)
                opened.append(w)
                // A database without documents is tagged with the schema it will be written in (whatever
                // an older version tagged it); one with documents keeps its tag, or none (its documents
                // lack the newer terms), and is read the old way.
                if w.docCount == 0, try w.metadata(Schema.versionKey) != String(Schema.version) {
                    try w.setMetadata(Schema.versionKey, String(Schema.version))
                    try w.setMetadata(Archive.revisionKey, UUID().uuidString)
                    try w.commit()
                }
                if p == paths[0] { version = Int((try? w.metadata(Schema.versionKey)) ?? "") ?? 1 }
            } catch {
                for o in opened { o.close() }
                throw ArchiveError.from(error, path: p)
            }
        }
        // The stub last: the shards it lists exist (and an interrupted first run is simply run again).
        if count > 1 && existing == nil {
            do throws(ArchiveError) { try ShardLayout.writeStub(archive: path, count: count) } catch {
                for o in opened { o.close() }
                throw error
            }
        }
        return ArchiveWriter(path: path, shards: opened, shardPaths: paths, readerLock: ReaderLock(writer: path), schemaVersion: version)
    }

    public var documentCount: Int { shards.reduce(0) { $0 + $1.docCount } }

    /// Lets go of the databases (and their write locks) before the object goes.
    public func close() { for s in shards { s.close() } }
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

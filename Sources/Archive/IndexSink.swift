import Foundation
import Xapian

/// What the write stage is given for one file, in file order (`IndexRun`).
struct IndexEntry {
    enum Item {
        /// An earlier run died while reading it, and it has not changed since: skipped.
        case poisoned
        /// Its stamp says unchanged (same size and trusted mtime): not read; the stamp is brought
        /// up to date if it was written by an older version.
        case unchanged(Archive.Stamp)
        /// Read, parsed and built by a worker (or skipped, or found with the same content).
        case prepared(Archive.PreparedIndexFile, previous: Archive.Stamp?)
        /// Reading it took longer than its time limit: given up, and marked so later runs skip it.
        case stuck(limitSeconds: Int)
    }
    /// Position in the run's file order (warnings of several shards are merged by it).
    var sequence: Int
    var file: Archive.Walk.File
    var item: Item
}

/// The last stage of an index run: where the built documents go. `IndexRun` calls it from one
/// thread, in file order; an implementation may hand the work to threads of its own (one per
/// shard). What it knows of the archive (stamps, poison marks) is asked file by file, so that a
/// sharded archive answers from the shard that holds the file.
protocol IndexSink: AnyObject {
    /// The index schema of the databases written (documents are built for it).
    var schemaVersion: Int { get }
    /// The metadata `key` of the database that holds (or would hold) file `name`; "" when unset.
    func metadata(_ key: String, ofFile name: String) throws(XapianError) -> String
    /// Sets metadata of the database that holds file `name` (poison marks), in the pending batch.
    func setMetadata(_ key: String, _ value: String, ofFile name: String) throws(XapianError)
    /// Commits what is pending now, in every database (poison marks found before the run).
    func commitNow() throws(XapianError)
    /// Writes one file's entry (or queues it for the thread that writes its database).
    func write(_ entry: IndexEntry) throws(XapianError)
    /// After the last file: with `pruneRoots`, removes the documents of files indexed from those
    /// folders that are gone (`seen`: the names this run found); then the last commit. Returns
    /// what was written.
    func finish(pruneRoots: Set<String>?, seen: Set<String>) throws(XapianError) -> IndexSummary
    /// After a failure: commits what is pending (whole files only), as far as it can.
    func abandon()
}

/// A write stage that writes nothing: the pipeline up to the built documents, for `vanban bench
/// index --write none` (what reading, parsing and building cost, measured on the real stages).
final class DiscardSink: IndexSink {
    let schemaVersion = Schema.version
    private var summary = IndexSummary()

    func metadata(_ key: String, ofFile name: String) throws(XapianError) -> String { "" }
    func setMetadata(_ key: String, _ value: String, ofFile name: String) throws(XapianError) {}
    func commitNow() throws(XapianError) {}

    func write(_ entry: IndexEntry) throws(XapianError) {
        switch entry.item {
        case .poisoned, .stuck: summary.filesSkipped += 1
        case .unchanged: summary.filesUnchanged += 1
        case .prepared(let p, _):
            switch p.outcome {
            case .skipped: summary.filesSkipped += 1
            case .sameContent: summary.filesUnchanged += 1
            case .documents(_, let docs, _, _):
                summary.filesAdded += 1
                summary.documentsIndexed += docs.count
            }
        }
    }

    func finish(pruneRoots: Set<String>?, seen: Set<String>) throws(XapianError) -> IndexSummary { summary }
    func abandon() {}
}

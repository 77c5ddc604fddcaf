import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Xapian

/// The writing of one database of an archive (the archive itself, or one of its shards): stamps,
/// one transaction per file, batches, pruning. What it did is counted in its own summary, whose
/// warnings carry the file's place in the run (`sequences`), so that the warnings of several
/// shards are merged back into file order.
final class ShardWriter {
    let db: WritableDatabase
    let path: String
    private var batch: Archive.Batch
    private let options: IndexOptions
    /// When the run started (ns since 1970): a stamp's mtime this close is not trusted.
    private let runStart: Int64
    var summary = IndexSummary()
    /// For each of `summary.warnings` / `summary.conversions`, the sequence of its file.
    var warningSequences: [Int] = []
    var conversionSequences: [Int] = []
    /// CPU seconds of the thread(s) that wrote.
    var cpuSeconds = 0.0

    init(db: WritableDatabase, path: String, options: IndexOptions, readers: ReaderLock?, runStart: Int64) {
        self.db = db
        self.path = path
        self.options = options
        self.runStart = runStart
        batch = Archive.Batch(writer: db, options: options, readers: readers)
    }

    func setMetadata(_ key: String, _ value: String) throws(XapianError) { try batch.setMetadata(key, value) }

    func commitNow() throws(XapianError) { try batch.commit(&summary) }

    private func warn(_ sequence: Int, _ text: String) {
        summary.warnings.append(text)
        warningSequences.append(sequence)
    }

    /// Writes one file's entry, then commits if the batch is due.
    func write(_ e: IndexEntry) throws(XapianError) {
        let f = e.file
        switch e.item {
        case .poisoned:
            summary.filesSkipped += 1
            warn(e.sequence, "\(f.name): skipped, an earlier index run died while reading it; it is read again when it changes")
        case .unchanged(let p):
            let now = Archive.Stamp(size: p.size, mtime: p.mtime, hash: p.hash, file: f)
            if p != now { try batch.setStamp(Archive.Stamp.key(f.name), now) }
            summary.filesUnchanged += 1
        case .stuck(let limit):
            // Given up, and skipped by the next runs until it changes.
            summary.filesSkipped += 1
            warn(e.sequence, "\(f.name): skipped, reading it took longer than \(limit) s; it is read again when it changes")
            try batch.setMetadata(Archive.poisonKey(f.name), "\(f.size)|\(f.mtime)")
        case .prepared(let prepared, let previous):
            try write(prepared, file: f, sequence: e.sequence, previous: previous)
        }
        try batch.commitIfDue(&summary)
    }

    /// Writes what a worker made of a file that its stamp did not show unchanged.
    private func write(_ prepared: Archive.PreparedIndexFile, file f: Archive.Walk.File, sequence: Int, previous: Archive.Stamp?) throws(XapianError) {
        let key = Archive.Stamp.key(f.name)
        // A stamp with an mtime this close to the run start could be followed by a change in the
        // same clock tick: record mtime 0 so the next run compares hashes.
        let mtime = f.mtime >= runStart - 2_000_000_000 ? 0 : f.mtime
        switch prepared.outcome {
        case .skipped(let reason, _, let permanent):
            summary.filesSkipped += 1
            // A file that became empty, binary or too large no longer has documents; one that
            // cannot be read right now (a tool failed or timed out, a missing tool, an I/O error)
            // keeps its documents until it can, and gets no stamp: the next run reads it again.
            if permanent, previous != nil {
                let n = try batch.replaceFile(name: f.name, with: [], stampKey: key, stamp: nil)
                summary.documentsRemoved += n
                warn(sequence, "\(f.name): skipped, \(reason) (its \(n) earlier document(s) removed)")
            } else {
                warn(sequence, "\(f.name): skipped, \(reason)")
            }
        case .sameContent(let fp):
            summary.filesUnchanged += 1
            try batch.setStamp(key, Archive.Stamp(size: f.size, mtime: mtime, hash: fp, file: f))
        case .documents(let fp, let docs, let notes, let conversions):
            let stamp = Archive.Stamp(size: f.size, mtime: mtime, hash: fp, file: f)
            if !conversions.isEmpty {
                summary.conversions.append("\(f.name): " + conversions.joined(separator: ", "))
                conversionSequences.append(sequence)
            }
            let removed = try batch.replaceFile(name: f.name, with: docs, stampKey: key, stamp: stamp)
            if previous == nil { summary.filesAdded += 1 } else { summary.filesUpdated += 1 }
            summary.documentsIndexed += docs.count
            summary.documentsRemoved += removed
            if !notes.isEmpty { warn(sequence, "\(f.name): " + notes.joined(separator: "; ")) }
        }
    }

    /// Removes the documents of files of this database that were indexed from one of `roots` and
    /// are gone, then makes the last commit.
    func finish(pruneRoots roots: Set<String>?, seen: Set<String>) throws(XapianError) {
        if let roots, !roots.isEmpty {
            for (term, _) in try db.allTerms(prefix: Schema.file) {
                let name = String(term.dropFirst(Schema.file.count))
                guard !seen.contains(name), let stamp = Archive.Stamp(try db.metadata(Archive.Stamp.key(name))), let root = stamp.root,
                      stamp.rootIsArgument, roots.contains(root), let location = stamp.location(name: name) else { continue }
                // Gone for sure: only "no such file" counts, not a permission problem.
                if Archive.FileNamer.exists(location) { continue }
                summary.documentsRemoved += try batch.replaceFile(name: name, with: [], stampKey: Archive.Stamp.key(name), stamp: nil)
                summary.filesRemoved += 1
                try batch.commitIfDue(&summary)
            }
        }
        try batch.finalCommit(&summary)
    }

    /// Every file is its own transaction, so what is pending is whole files: keep them.
    func abandon() { try? batch.commit(&summary) }
}

extension Archive {
    // MARK: - Batches

    /// Pending changes since the last commit: whole files only.
    struct Batch {
        let writer: WritableDatabase
        let options: IndexOptions
        let readers: ReaderLock?
        var pendingDocs = 0
        var pendingStamps = 0
        var since = Date()
        /// When the pending batch was first due but put off for readers.
        var dueSince: Date?

        init(writer: WritableDatabase, options: IndexOptions, readers: ReaderLock?) {
            self.writer = writer
            self.options = options
            self.readers = readers
        }

        /// Replaces every document of file `name` by `docs` and writes (or, with nil, deletes)
        /// its stamp, in one transaction. Returns the number of documents deleted.
        mutating func replaceFile(name: String, with docs: [(idTerm: String, document: Xapian.Document)], stampKey: String, stamp: Stamp?) throws(XapianError) -> Int {
            try writer.beginTransaction(flushed: false)
            let old: [UInt32]
            do {
                old = try writer.postings(Schema.fileTerm(name))
                for id in old { try writer.delete(id) }
                // A document's id (`file#N`) is its file's: once the file's documents are deleted
                // no other document has it, and adding is replacing without the look-up. (A file
                // term too long to be a term would find no old documents: replace by id then.)
                let byFile = Schema.clip(Schema.fileTerm(name)) != nil
                for (term, doc) in docs {
                    if byFile { try writer.add(doc) } else { try writer.replace(uniqueTerm: term, with: doc) }
                }
                try writer.setMetadata(stampKey, stamp?.encoded ?? "")
                try writer.commitTransaction()
            } catch {
                try? writer.cancelTransaction()
                throw error
            }
            pendingDocs += docs.count + old.count
            pendingStamps += 1
            return old.count
        }

        mutating func setStamp(_ key: String, _ stamp: Stamp) throws(XapianError) {
            try setMetadata(key, stamp.encoded)
        }

        mutating func setMetadata(_ key: String, _ value: String) throws(XapianError) {
            try writer.setMetadata(key, value)
            pendingStamps += 1
        }

        /// Commits when the batch is full or old enough, unless readers are active (see
        /// `ReaderLock`): then later, but not later than `ReaderLock.maxDeferral` seconds or 20
        /// batches.
        mutating func commitIfDue(_ summary: inout IndexSummary) throws(XapianError) {
            let now = Date()
            guard pendingDocs >= options.batchDocuments || (pendingStamps > 0 && now.timeIntervalSince(since) >= options.batchSeconds) else { return }
            if let readers, readers.readersActive {
                let first = dueSince ?? now
                dueSince = first
                if now.timeIntervalSince(first) < ReaderLock.maxDeferral && pendingDocs < 20 * options.batchDocuments { return }
            }
            try commit(&summary)
        }

        /// The last commit of a run: waits a little for active readers first.
        mutating func finalCommit(_ summary: inout IndexSummary) throws(XapianError) {
            guard pendingDocs > 0 || pendingStamps > 0 else { return }
            let start = Date()
            while let readers, readers.readersActive, Date().timeIntervalSince(start) < ReaderLock.finalWait {
                usleep(20_000)
            }
            try commit(&summary)
        }

        mutating func commit(_ summary: inout IndexSummary) throws(XapianError) {
            guard pendingDocs > 0 || pendingStamps > 0 else { return }
            // A token new with every commit: the revision of a database a reader cannot see the
            // files of (a remote shard), for the tables' tags.
            try writer.setMetadata(Archive.revisionKey, UUID().uuidString)
            try writer.commit()
            summary.commits += 1
            pendingDocs = 0
            pendingStamps = 0
            since = Date()
            dueSince = nil
        }
    }

}

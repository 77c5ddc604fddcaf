import Foundation
import Xapian

/// The write stage of `vanban index`: the archive's databases. One database is written on the
/// run's own thread; shards (`ShardLayout`) each get a writer thread of their own, fed in file
/// order through a short queue, files routed by the hash of their name, and each commits on its
/// own (a killed run leaves every shard at one of its commits; the next run redoes what is missing).
final class ArchiveSink: IndexSink {
    let schemaVersion: Int
    private let writers: [ShardWriter]
    private let lanes: [Lane]

    init(databases: [(db: WritableDatabase, path: String)], schemaVersion: Int, options: IndexOptions, readers: ReaderLock?) {
        let runStart = Int64(Date().timeIntervalSince1970 * 1e9)
        self.schemaVersion = schemaVersion
        writers = databases.map { ShardWriter(db: $0.db, path: $0.path, options: options, readers: readers, runStart: runStart) }
        lanes = writers.count > 1 ? writers.map { Lane(writer: $0) } : []
    }

    private func shard(_ name: String) -> Int { ShardLayout.route(name, count: writers.count) }

    func metadata(_ key: String, ofFile name: String) throws(XapianError) -> String {
        try writers[shard(name)].db.metadata(key)
    }

    // Before the first `write` (no lane has started writing yet) or after `finish`.
    func setMetadata(_ key: String, _ value: String, ofFile name: String) throws(XapianError) {
        try writers[shard(name)].setMetadata(key, value)
    }

    func commitNow() throws(XapianError) { for w in writers { try w.commitNow() } }

    func write(_ entry: IndexEntry) throws(XapianError) {
        let k = shard(entry.file.name)
        if lanes.isEmpty {
            let cpu0 = Archive.threadCPUSeconds()
            defer { writers[k].cpuSeconds += Archive.threadCPUSeconds() - cpu0 }
            try writers[k].write(entry)
        } else {
            try lanes[k].push(entry)
        }
    }

    func finish(pruneRoots: Set<String>?, seen: Set<String>) throws(XapianError) -> IndexSummary {
        if lanes.isEmpty {
            let cpu0 = Archive.threadCPUSeconds()
            defer { writers[0].cpuSeconds += Archive.threadCPUSeconds() - cpu0 }
            try writers[0].finish(pruneRoots: pruneRoots, seen: seen)
        } else {
            for l in lanes { l.close(pruneRoots: pruneRoots, seen: seen) }
            for l in lanes { try l.wait() }
        }
        return merged()
    }

    func abandon() {
        if lanes.isEmpty { writers[0].abandon() } else {
            for l in lanes { l.cancel() }
        }
    }

    /// The shards' summaries as one, warnings and conversions in file order.
    private func merged() -> IndexSummary {
        var s = IndexSummary()
        var warnings: [(Int, Int, String)] = [], conversions: [(Int, Int, String)] = []
        for w in writers {
            let p = w.summary
            s.filesAdded += p.filesAdded; s.filesUpdated += p.filesUpdated; s.filesRemoved += p.filesRemoved
            s.filesUnchanged += p.filesUnchanged; s.filesSkipped += p.filesSkipped
            s.documentsIndexed += p.documentsIndexed; s.documentsRemoved += p.documentsRemoved
            s.commits += p.commits
            s.writerCPUSeconds += w.cpuSeconds
            for (i, t) in p.warnings.enumerated() { warnings.append((w.warningSequences.indices.contains(i) ? w.warningSequences[i] : Int.max, warnings.count, t)) }
            for (i, t) in p.conversions.enumerated() { conversions.append((w.conversionSequences.indices.contains(i) ? w.conversionSequences[i] : Int.max, conversions.count, t)) }
        }
        s.warnings = warnings.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        s.conversions = conversions.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        return s
    }

    /// One shard's writer thread and the short queue that feeds it.
    final class Lane: @unchecked Sendable {
        private let writer: ShardWriter
        private let cond = NSCondition()
        private var queue: [IndexEntry] = []
        private var head = 0
        private var closing: (roots: Set<String>?, seen: Set<String>)?
        private var cancelled = false
        private var finished = false
        private var failure: XapianError?
        /// Entries waiting at most (what a slow shard may fall behind by).
        static let depth = 32

        init(writer: ShardWriter) {
            self.writer = writer
            Thread.detachNewThread { [self] in run() }
        }

        func push(_ e: IndexEntry) throws(XapianError) {
            cond.lock()
            defer { cond.unlock() }
            while queue.count - head >= Lane.depth && failure == nil && !finished { cond.wait() }
            if let failure { throw failure }
            queue.append(e)
            cond.broadcast()
        }

        func close(pruneRoots: Set<String>?, seen: Set<String>) {
            cond.lock(); closing = (pruneRoots, seen); cond.broadcast(); cond.unlock()
        }

        func cancel() {
            cond.lock(); cancelled = true; cond.broadcast()
            while !finished { cond.wait() }
            cond.unlock()
        }

        func wait() throws(XapianError) {
            cond.lock()
            defer { cond.unlock() }
            while !finished { cond.wait() }
            if let failure { throw failure }
        }

        private func run() {
            let cpu0 = Archive.threadCPUSeconds()
            defer {
                writer.cpuSeconds += Archive.threadCPUSeconds() - cpu0
                cond.lock(); finished = true; cond.broadcast(); cond.unlock()
            }
            do throws(XapianError) {
                while true {
                    cond.lock()
                    while head == queue.count && closing == nil && !cancelled { cond.wait() }
                    if cancelled { cond.unlock(); writer.abandon(); return }
                    if head == queue.count, let (roots, seen) = closing {
                        cond.unlock()
                        try writer.finish(pruneRoots: roots, seen: seen)
                        return
                    }
                    let e = queue[head]
                    head += 1
                    if head > 256 { queue.removeFirst(head); head = 0 }
                    cond.broadcast()
                    cond.unlock()
                    try writer.write(e)
                }
            } catch {
                writer.abandon()
                cond.lock(); failure = error; cond.unlock()
            }
        }
    }
}

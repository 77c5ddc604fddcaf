import Foundation
import Ingest

/// Files read, parsed and built by worker threads ahead of the writer, handed over in order.
///
/// Workers take jobs in order and keep at most `ahead` results beyond the one the writer takes
/// next, so memory stays bounded whatever the number of files. `cancel()` (the run ended or
/// failed) makes the workers stop after the file they are on.
///
/// A file whose result is not there by its deadline (`IndexOptions.timeLimit`) is given up: the
/// writer goes on without it, a new worker takes the stuck one's place, and whatever the stuck one
/// makes of it later is dropped. Each worker says in the reading log (`ReadingLog`) which file it
/// is on, so a file that kills the process is known to the next run.
final class FilePipeline: @unchecked Sendable {
    struct Job: Sendable {
        var file: Archive.Walk.File
        /// Content hash of the file's stamp: the same hash means nothing to parse.
        var previousHash: String?
    }

    private let cond = NSCondition()
    private let jobs: [Job]
    private let ahead: Int
    private let prepare: @Sendable (Job) -> Archive.PreparedIndexFile
    private let log: ReadingLog?
    private var next = 0
    private var taken = 0
    private var cancelled = false
    private var results: [Int: Archive.PreparedIndexFile] = [:]
    /// Jobs given up on: their results are dropped.
    private var abandoned = Set<Int>()
    /// When each job still running was started.
    private var started: [Int: Date] = [:]
    /// Seconds a job may take, from its start.
    private let timeLimit: @Sendable (Archive.Walk.File) -> TimeInterval
    /// Log slots given to workers so far (a replacement gets a new one).
    private var slotsUsed = 0

    /// `prepare` reads, parses and builds one file (`Archive.prepareForIndex`); it runs on the workers.
    init(jobs: [Job], workers: Int, log: ReadingLog?,
         timeLimit: @escaping @Sendable (Archive.Walk.File) -> TimeInterval = { _ in .infinity }, ahead: Int = 64,
         prepare: @escaping @Sendable (Job) -> Archive.PreparedIndexFile) {
        self.jobs = jobs
        self.timeLimit = timeLimit
        self.ahead = max(ahead, workers)
        self.prepare = prepare
        self.log = log
        for _ in 0..<max(1, workers) { startWorker() }
    }

    private func startWorker() {
        cond.lock()
        slotsUsed += 1
        let slot = slotsUsed
        cond.unlock()
        Thread.detachNewThread { [self] in
            while let i = nextJob() {
                let f = jobs[i].file
                // Past the log's slots (many workers given up on), a worker reads unlogged.
                let logged = log.map { slot <= $0.slots } ?? false
                if logged { log?.enter(slot, ReadingLog.Entry(name: f.name, size: f.size, mtime: f.mtime)) }
                let r = prepare(jobs[i])
                if logged { log?.leave(slot) }
                done(i, r)
            }
        }
    }

    private func nextJob() -> Int? {
        cond.lock(); defer { cond.unlock() }
        while !cancelled && next < jobs.count && next >= taken + ahead { cond.wait() }
        guard !cancelled, next < jobs.count else { return nil }
        started[next] = Date()
        next += 1
        return next - 1
    }

    private func done(_ i: Int, _ r: Archive.PreparedIndexFile) {
        cond.lock()
        started[i] = nil
        if !abandoned.contains(i) && !cancelled { results[i] = r }
        cond.broadcast()
        cond.unlock()
    }

    /// The result of job `i` (jobs are taken in order, each once), waiting for it; nil when it has
    /// taken longer than its time limit (the job is given up and a new worker started).
    func take(_ i: Int) -> Archive.PreparedIndexFile? {
        let limit = timeLimit(jobs[i].file)
        cond.lock()
        while results[i] == nil {
            // Not started yet (the workers are busy with earlier files): wait for it to start.
            let deadline = started[i].map { $0.addingTimeInterval(limit) } ?? Date().addingTimeInterval(1)
            if !cond.wait(until: min(deadline, .distantFuture)) && results[i] == nil, let s = started[i], Date() >= s.addingTimeInterval(limit) {
                abandoned.insert(i)
                taken = i + 1
                cond.broadcast()
                cond.unlock()
                startWorker()
                return nil
            }
        }
        taken = i + 1
        cond.broadcast()
        let r = results.removeValue(forKey: i)!
        cond.unlock()
        return r
    }

    func cancel() {
        cond.lock(); cancelled = true; results.removeAll(); cond.broadcast(); cond.unlock()
    }
}

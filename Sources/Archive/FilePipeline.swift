import Foundation
import Ingest

/// Files read, parsed and built by worker threads ahead of the writer, handed over in order.
///
/// Workers take jobs in order and keep at most `ahead` results beyond the one the writer takes
/// next, so memory stays bounded whatever the number of files. `cancel()` (the run ended or
/// failed) makes the workers stop after the file they are on.
final class FilePipeline: @unchecked Sendable {
    struct Job: Sendable {
        var file: Archive.Walk.File
        /// Content hash of the file's stamp: the same hash means nothing to parse.
        var previousHash: String?
    }

    private let cond = NSCondition()
    private let jobs: [Job]
    private let ahead: Int
    private var next = 0
    private var taken = 0
    private var cancelled = false
    private var results: [Int: Archive.PreparedIndexFile] = [:]

    init(jobs: [Job], workers: Int, ingest: IngestOptions, bodyPositions: Bool, runStart: Int64, ahead: Int = 64) {
        self.jobs = jobs
        self.ahead = max(ahead, workers)
        for _ in 0..<max(1, workers) {
            Thread.detachNewThread { [self] in
                while let i = nextJob() {
                    let r = Archive.prepareForIndex(jobs[i].file, previousHash: jobs[i].previousHash, ingest: ingest, bodyPositions: bodyPositions)
                    done(i, r)
                }
            }
        }
    }

    private func nextJob() -> Int? {
        cond.lock(); defer { cond.unlock() }
        while !cancelled && next < jobs.count && next >= taken + ahead { cond.wait() }
        guard !cancelled, next < jobs.count else { return nil }
        next += 1
        return next - 1
    }

    private func done(_ i: Int, _ r: Archive.PreparedIndexFile) {
        cond.lock(); results[i] = r; cond.broadcast(); cond.unlock()
    }

    /// The result of job `i` (jobs are taken in order, each once), waiting for it if needed.
    func take(_ i: Int) -> Archive.PreparedIndexFile {
        cond.lock(); defer { cond.unlock() }
        while results[i] == nil { cond.wait() }
        taken = i + 1
        cond.broadcast()
        return results.removeValue(forKey: i)!
    }

    func cancel() {
        cond.lock(); cancelled = true; results.removeAll(); cond.broadcast(); cond.unlock()
    }
}

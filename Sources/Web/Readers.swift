import Archive
import Foundation

/// The threads that answer questions on the archive, each with its own reader.
///
/// A reader (`ArchiveReader`) answers one question at a time (a Xapian handle serves one thread)
/// and remembers what it has read and resolved for the life of its snapshot, so each worker keeps
/// one and reuses it from request to request. Reading blocks, so it runs here and never on the
/// server's event loops; a request waits for a free worker (`run`).
///
/// **Snapshots and the readers' lock.** A reader holds a shared lock on `DB/readers.lock`, and an
/// index run puts off its commits (up to 10 s) while any reader holds it. A server's reader lives
/// for many requests, so it holds the lock only while it answers one: after each request it lets
/// go (`releaseLock`), and before the next it takes the lock again and checks that its snapshot is
/// still the newest revision (`holdLock`). When an index run has committed in between, the worker
/// opens a fresh reader, so every answer comes from the last commit, whole, and an idle server never
/// holds back an index run. A request whose reads are overtaken anyway (two commits during one
/// request) is answered again on a fresh snapshot, as the CLI does (`Archive.retrying`); nothing
/// of the failed attempt is sent.
///
/// A reader is also replaced after `questionsPerReader` requests: what it memoises (documents read,
/// references resolved) grows with every question, and a fresh one starts empty.
final class ReaderWorkers: @unchecked Sendable {
    /// The databases read as one archive (one, or several shards).
    let paths: [String]
    let allowPartial: Bool
    let options: ReaderOptions
    /// Requests a reader answers before it is replaced by a fresh one.
    let questionsPerReader: Int
    /// Requests waiting beyond this many are refused (503) instead of queued.
    let maxWaiting: Int

    private let cond = NSCondition()
    private var jobs: [(Worker) -> Void] = []
    private var head = 0
    private var stopping = false
    private var running = 0

    /// Opens the archive once to check it (a missing or damaged database fails here, not at the
    /// first request), then starts `count` worker threads.
    init(paths: [String], allowPartial: Bool = false, count: Int, options: ReaderOptions = ReaderOptions(),
         questionsPerReader: Int = 500, maxWaiting: Int = 1_024) throws(ArchiveError) {
        self.paths = paths
        self.allowPartial = allowPartial
        self.options = options
        self.questionsPerReader = questionsPerReader
        self.maxWaiting = maxWaiting
        let first = try ArchiveReader.open(paths: paths, options: options, allowPartial: allowPartial)
        first.releaseLock()
        for k in 0..<max(1, count) {
            let worker = Worker(paths: paths, allowPartial: allowPartial, options: options, limit: questionsPerReader, reader: k == 0 ? first : nil)
            let t = Thread { [self] in self.loop(worker) }
            t.name = "vanban-reader-\(k)"
            // Parsing and Xapian want more than a secondary thread's default stack.
            t.stackSize = 8 << 20
            running += 1
            t.start()
        }
    }

    /// Runs `body` on a worker's reader and returns what it returns; throws what it throws
    /// (`ArchiveError` as it came; `WebError` 503 when too many requests wait).
    func run<T: Sendable>(_ body: @escaping @Sendable (ArchiveReader) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
            let accepted = enqueue { worker in c.resume(with: Result { try worker.answer(body) }) }
            if !accepted {
                c.resume(throwing: WebError(status: .serviceUnavailable, message: "Máy chủ đang bận; xin thử lại sau giây lát."))
            }
        }
    }

    private func enqueue(_ job: @escaping (Worker) -> Void) -> Bool {
        cond.lock(); defer { cond.unlock() }
        guard !stopping, jobs.count - head < maxWaiting else { return false }
        jobs.append(job)
        cond.signal()
        return true
    }

    private func next() -> ((Worker) -> Void)? {
        cond.lock(); defer { cond.unlock() }
        while head == jobs.count && !stopping { cond.wait() }
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        head += 1
        if head > 256 && head * 2 > jobs.count { jobs.removeFirst(head); head = 0 }
        return job
    }

    private func loop(_ worker: Worker) {
        while let job = next() { job(worker) }
        worker.close()
        cond.lock(); running -= 1; cond.broadcast(); cond.unlock()
    }

    /// Lets the workers finish the requests already queued, then stops them and closes their readers.
    func shutdown() {
        cond.lock()
        stopping = true
        cond.broadcast()
        while running > 0 { cond.wait() }
        cond.unlock()
    }

    /// One worker's reader and its bookkeeping; touched only by its thread.
    final class Worker: @unchecked Sendable {
        let paths: [String]
        let allowPartial: Bool
        let options: ReaderOptions
        let limit: Int
        var reader: ArchiveReader?
        var answered = 0

        init(paths: [String], allowPartial: Bool, options: ReaderOptions, limit: Int, reader: ArchiveReader?) {
            self.paths = paths; self.allowPartial = allowPartial; self.options = options; self.limit = limit; self.reader = reader
        }

        /// `body` on the newest snapshot, again on a fresh one when an index run overtook it.
        func answer<T>(_ body: (ArchiveReader) throws -> T) throws -> T {
            try Archive.retrying(discard: { self.reader = nil }) {
                let r = try current()
                defer { r.releaseLock() }
                answered += 1
                return try body(r)
            }
        }

        /// This worker's reader, holding the readers' lock, at the newest revision.
        private func current() throws(ArchiveError) -> ArchiveReader {
            if let r = reader, answered < limit, r.holdLock() { return r }
            reader = nil
            let r = try ArchiveReader.open(paths: paths, options: options, allowPartial: allowPartial)
            reader = r
            answered = 0
            return r
        }

        func close() { reader = nil }
    }
}

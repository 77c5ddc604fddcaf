import Documents
import Foundation
import Ingest
import VietText
import Xapian

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an index run did, counted in files (and documents).
public struct IndexSummary: Sendable {
    public var filesSeen = 0
    /// Files indexed for the first time.
    public var filesAdded = 0
    /// Files whose content changed: their documents were replaced.
    public var filesUpdated = 0
    /// Files indexed before that no longer exist: their documents were removed (pruned).
    public var filesRemoved = 0
    /// Files with the same size and mtime, or the same content hash, as when last indexed.
    public var filesUnchanged = 0
    /// Files not indexed (empty, binary, too large, unreadable, …); each has a warning.
    public var filesSkipped = 0
    /// Documents written (of added and updated files).
    public var documentsIndexed = 0
    /// Documents deleted (of updated, removed and no-longer-indexable files).
    public var documentsRemoved = 0
    /// Commits (atomic batches) made.
    public var commits = 0
    /// CPU seconds of the writing thread (stamps, Xapian writes and commits), and seconds it
    /// waited for the worker threads to read and parse: where a run's time went.
    public var writerCPUSeconds = 0.0
    public var writerWaitSeconds = 0.0
    /// One line per file that was skipped or indexed with trouble: "path: reason".
    public var warnings: [String] = []
    /// One line per file that needed a conversion to be read (PDF, .docx, TCVN3…): "path: what".
    public var conversions: [String] = []
    public init() {}

    /// Whether the run changed the database.
    public var changedAnything: Bool { filesAdded + filesUpdated + filesRemoved > 0 || documentsRemoved > 0 }

    /// The summary line `vanban index` prints.
    public var line: String {
        "\(filesAdded) added, \(filesUpdated) updated, \(filesRemoved) removed, \(filesUnchanged) unchanged, \(filesSkipped) skipped"
            + " (files); \(documentsIndexed) document(s) indexed, \(documentsRemoved) removed"
            + (warnings.isEmpty ? "" : "; \(warnings.count) warning(s)")
    }
}

/// How an index run goes.
public struct IndexOptions: Sendable {
    /// Remove the documents of files that were indexed from one of the folder arguments and no
    /// longer exist there.
    public var prune = true
    /// Commit (one atomic batch) after this many documents written or deleted…
    public var batchDocuments = 1000
    /// …or after this many seconds, whichever comes first.
    public var batchSeconds: Double = 10
    /// How files other than UTF-8 text are read (OCR of scanned PDFs, tool time limits).
    public var ingest = IngestOptions()
    /// Threads that read, parse and build documents while this thread writes (0: one per core).
    public var jobs = 0
    public init(prune: Bool = true, batchDocuments: Int = 1000, batchSeconds: Double = 10, ingest: IngestOptions = IngestOptions(), jobs: Int = 0) {
        self.prune = prune; self.batchDocuments = max(1, batchDocuments); self.batchSeconds = batchSeconds
        self.ingest = ingest
        self.jobs = max(0, jobs)
    }

    /// Worker threads a run uses.
    var workerCount: Int { jobs > 0 ? jobs : max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// Where a run is, for a progress display.
public struct IndexProgress: Sendable {
    public var filesDone: Int
    public var filesTotal: Int
    public var bytesDone: Int
    public var bytesTotal: Int
    public var documents: Int
    /// The file being read (relative name).
    public var current: String
}

extension Archive {
    /// Longest file name (path relative to its folder argument), in UTF-8 bytes: ids (`Q` terms)
    /// and the file's metadata key must stay under Xapian's 245-byte term limit.
    public static let maxNameBytes = 200

    /// Indexes files and folders incrementally.
    ///
    /// A folder's files are named by their path relative to it; a file argument by its base name.
    /// A file whose size and mtime match its stamp is not even read; one whose content hash matches
    /// is unchanged too; a changed file's documents are replaced; with `options.prune`, files that
    /// were indexed from one of the folder arguments and no longer exist lose their documents.
    ///
    /// Crash safety: each file's replacement (deleting its old documents, adding the new ones,
    /// writing its stamp `file:NAME`) is one Xapian transaction inside a batch, and a batch becomes
    /// visible atomically at commit. A run killed at any moment leaves the last committed batch;
    /// the next run redoes exactly the files whose stamps were not committed.
    public func index(paths: [String], options: IndexOptions = IndexOptions(),
                      progress: ((IndexProgress) -> Void)? = nil) throws(ArchiveError) -> IndexSummary {
        guard let writer else { throw .io("archive opened read-only") }
        var summary = IndexSummary()
        let runStart = Int64(Date().timeIntervalSince1970 * 1e9)
        var walk = Walk()
        for p in paths { walk.collect(argument: p) }
        summary.warnings.append(contentsOf: walk.warnings)
        summary.filesSkipped += walk.skipped
        let files = walk.files
        summary.filesSeen = files.count
        let bytesTotal = files.reduce(0) { $0 + $1.size }

        var batch = Batch(writer: writer, options: options, readers: readerLock)
        // Reading, parsing and building documents is pure work: worker threads do it ahead of this
        // thread, which checks stamps and writes, file by file in order (one writer per database).
        // Files whose stamp says unchanged are not given to the workers at all.
        var pipeline: FilePipeline?
        defer { pipeline?.cancel() }
        do {
            var previous: [Stamp?] = []
            previous.reserveCapacity(files.count)
            var jobs: [FilePipeline.Job] = []
            for f in files {
                let p = Stamp(try writer.metadata(Stamp.key(f.name)))
                previous.append(p)
                if !Archive.stampSaysUnchanged(p, f) { jobs.append(FilePipeline.Job(file: f, previousHash: p?.hash)) }
            }
            if !jobs.isEmpty {
                pipeline = FilePipeline(jobs: jobs, workers: min(options.workerCount, jobs.count), ingest: options.ingest,
                                        bodyPositions: schemaVersion < Schema.positionlessSince, runStart: runStart)
            }
            var bytesDone = 0
            var nextJob = 0
            let cpu0 = Archive.threadCPUSeconds()
            var waited = Duration.zero
            let clock = ContinuousClock()
            defer { summary.writerCPUSeconds = Archive.threadCPUSeconds() - cpu0; summary.writerWaitSeconds = Double(waited / .microseconds(1)) / 1e6 }
            for (i, f) in files.enumerated() {
                progress?(IndexProgress(filesDone: i, filesTotal: files.count, bytesDone: bytesDone, bytesTotal: bytesTotal,
                                        documents: summary.documentsIndexed, current: f.name))
                if Archive.stampSaysUnchanged(previous[i], f) {
                    let p = previous[i]!
                    if p.root != f.root { try batch.setStamp(Stamp.key(f.name), Stamp(size: p.size, mtime: p.mtime, hash: p.hash, root: f.root)) }
                    summary.filesUnchanged += 1
                } else {
                    let t0 = clock.now
                    let prepared = pipeline!.take(nextJob)
                    waited += clock.now - t0
                    nextJob += 1
                    try write(prepared, file: f, runStart: runStart, previous: previous[i], batch: &batch, summary: &summary)
                }
                bytesDone += f.size
                try batch.commitIfDue(&summary)
            }
            pipeline?.cancel()
            pipeline = nil
            if options.prune {
                try prune(roots: walk.roots, seen: Set(files.map(\.name)), batch: &batch, summary: &summary)
            }
            try batch.finalCommit(&summary)
            progress?(IndexProgress(filesDone: files.count, filesTotal: files.count, bytesDone: bytesTotal, bytesTotal: bytesTotal,
                                    documents: summary.documentsIndexed, current: ""))
        } catch {
            // Every file is its own transaction, so what is pending is whole files: keep them.
            try? batch.commit(&summary)
            throw ArchiveError.from(error, path: path)
        }
        cache.removeAll()
        headerCache.removeAll()
        resolutionCache.removeAll()
        return summary
    }

    // MARK: - Reading a file

    /// Reading a file → text: `Ingest.read`, the one place that knows about file formats,
    /// encodings and the limits of one file (see Sources/Ingest).
    public static func readText(path: String, ingest: IngestOptions = IngestOptions()) -> FileText {
        Ingest.read(path: path, options: ingest)
    }

    // MARK: - One file

    /// CPU seconds (user + system) of the calling thread.
    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Same size and mtime as the stamp, and the stamp's mtime is to be trusted: not even read.
    static func stampSaysUnchanged(_ p: Stamp?, _ f: Walk.File) -> Bool {
        guard let p else { return false }
        return p.size == f.size && p.mtime != 0 && p.mtime == f.mtime
    }

    /// What a worker made of one file: everything but the writing.
    struct PreparedIndexFile: @unchecked Sendable {
        enum Outcome {
            /// Not indexable (reason; fingerprint when the bytes could be read; whether the file
            /// itself is the reason, so its earlier documents go).
            case skipped(String, fingerprint: String?, permanent: Bool)
            /// Same content hash as the stamp: nothing to parse.
            case sameContent(fingerprint: String)
            /// Parsed: the documents to write (id term, Xapian document), in file order.
            case documents(fingerprint: String, docs: [(idTerm: String, document: Xapian.Document)], notes: [String], conversions: [String])
        }
        var outcome: Outcome
    }

    /// Reads, parses and builds the documents of one file (no database access: runs on workers).
    /// `bodyPositions`: the database is of a schema whose phrases read word positions (below 4).
    static func prepareForIndex(_ f: Walk.File, previousHash: String?, ingest: IngestOptions, bodyPositions: Bool = false) -> PreparedIndexFile {
        switch Ingest.read(path: f.path, options: ingest) {
        case .skipped(let reason, let fp, let kind):
            return PreparedIndexFile(outcome: .skipped(reason, fingerprint: fp, permanent: kind.isPermanent))
        case .text(let text, let fp, var notes, let conversions):
            if let h = previousHash, h == fp { return PreparedIndexFile(outcome: .sameContent(fingerprint: fp)) }
            let docs = DocumentParser.parse(fileText: text)
            if docs.allSatisfy({ $0.number == nil && $0.date == nil && $0.type == nil && $0.issuer == nil }) {
                notes.append("no document header (no number, type, issuer or date); indexed as \(docs.count) untitled document(s)")
            }
            var stored = docs.map { StoredDocument(file: f.name, doc: $0) }
            if text.utf8.contains(0x0C) {
                for (k, page) in Ingest.firstPages(ofDocuments: docs.map(\.text)).enumerated() where k < stored.count {
                    stored[k].firstPage = page
                }
            }
            let built = stored.map { (idTerm: Schema.idTerm($0.id), document: Archive.makeXapianDocument($0, bodyPositions: bodyPositions)) }
            return PreparedIndexFile(outcome: .documents(fingerprint: fp, docs: built, notes: notes, conversions: conversions))
        }
    }

    // MARK: - One file

    /// Writes what a worker made of a file that its stamp did not show unchanged.
    private func write(_ prepared: PreparedIndexFile, file f: Walk.File, runStart: Int64, previous: Stamp?,
                       batch: inout Batch, summary: inout IndexSummary) throws(XapianError) {
        let key = Stamp.key(f.name)
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
                summary.warnings.append("\(f.name): skipped, \(reason) (its \(n) earlier document(s) removed)")
            } else {
                summary.warnings.append("\(f.name): skipped, \(reason)")
            }
        case .sameContent(let fp):
            summary.filesUnchanged += 1
            try batch.setStamp(key, Stamp(size: f.size, mtime: mtime, hash: fp, root: f.root))
        case .documents(let fp, let docs, let notes, let conversions):
            let stamp = Stamp(size: f.size, mtime: mtime, hash: fp, root: f.root)
            if !conversions.isEmpty { summary.conversions.append("\(f.name): " + conversions.joined(separator: ", ")) }
            let removed = try batch.replaceFile(name: f.name, with: docs, stampKey: key, stamp: stamp)
            if previous == nil { summary.filesAdded += 1 } else { summary.filesUpdated += 1 }
            summary.documentsIndexed += docs.count
            summary.documentsRemoved += removed
            if !notes.isEmpty { summary.warnings.append("\(f.name): " + notes.joined(separator: "; ")) }
        }
    }

    // MARK: - Prune

    /// Removes the documents of files that were indexed from one of `roots` and are gone.
    private func prune(roots: Set<String>, seen: Set<String>, batch: inout Batch, summary: inout IndexSummary) throws(XapianError) {
        guard !roots.isEmpty else { return }
        let w = batch.writer
        for (term, _) in try w.allTerms(prefix: Schema.file) {
            let name = String(term.dropFirst(Schema.file.count))
            guard !seen.contains(name), let stamp = Stamp(try w.metadata(Stamp.key(name))), let root = stamp.root,
                  roots.contains(root) else { continue }
            // Gone for sure: only "no such file" counts, not a permission problem.
            var st = stat()
            if stat(root + "/" + name, &st) == 0 { continue }
            guard errno == ENOENT || errno == ENOTDIR else { continue }
            summary.documentsRemoved += try batch.replaceFile(name: name, with: [], stampKey: Stamp.key(name), stamp: nil)
            summary.filesRemoved += 1
            try batch.commitIfDue(&summary)
        }
    }

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
            try writer.setMetadata(key, stamp.encoded)
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
            try writer.commit()
            summary.commits += 1
            pendingDocs = 0
            pendingStamps = 0
            since = Date()
            dueSince = nil
        }
    }

    /// What the index knows of a file, in metadata `file:NAME`:
    /// `v2|size|mtime|hash|root` (mtime in nanoseconds since 1970, 0 when not to be trusted; root:
    /// the absolute folder argument the file was found under, empty for a file argument).
    /// Version 1 stamps (`size:hash`) are read too.
    struct Stamp: Equatable {
        var size: Int
        var mtime: Int64
        /// `size:fnv64hex`, as `Archive.fingerprint`.
        var hash: String
        var root: String?

        static func key(_ name: String) -> String { "file:" + name }

        init(size: Int, mtime: Int64, hash: String, root: String?) {
            self.size = size; self.mtime = mtime; self.hash = hash; self.root = root
        }

        init?(_ s: String) {
            if s.isEmpty { return nil }
            if s.hasPrefix("v2|") {
                let parts = s.split(separator: "|", maxSplits: 4, omittingEmptySubsequences: false)
                guard parts.count == 5, let size = Int(parts[1]), let mtime = Int64(parts[2]) else { return nil }
                self.init(size: size, mtime: mtime, hash: String(parts[3]), root: parts[4].isEmpty ? nil : String(parts[4]))
            } else {
                // v1: "size:hash"
                guard let colon = s.firstIndex(of: ":"), let size = Int(s[..<colon]) else { return nil }
                self.init(size: size, mtime: 0, hash: s, root: nil)
            }
        }

        var encoded: String {
            "v2|\(size)|\(mtime)|\(hash)|\(root ?? "")"
        }
    }

    // MARK: - Walking folders

    /// The files of the arguments, with warnings for what cannot be walked.
    struct Walk {
        struct File: Sendable {
            /// Path to open.
            var path: String
            /// Name in the index: relative to the folder argument, or the base name of a file argument.
            var name: String
            /// The folder argument (absolute), nil for a file argument.
            var root: String?
            var size: Int
            /// Modification time, nanoseconds since 1970.
            var mtime: Int64
        }

        var files: [File] = []
        var warnings: [String] = []
        var skipped = 0
        /// Folder arguments walked: pruning looks only under these.
        var roots: Set<String> = []
        /// Names taken in this run → path, so two arguments cannot write the same name.
        private var taken: [String: String] = [:]
        /// Folders entered (device, inode), so links cannot loop.
        private var visited: Set<[UInt64]> = []

        mutating func collect(argument p: String) {
            let abs = URL(fileURLWithPath: p).standardizedFileURL.path
            var st = stat()
            guard stat(abs, &st) == 0 else {
                let why = errno == ELOOP ? "symbolic link loop" : errno == ENOENT ? "no such file or folder" : String(cString: strerror(errno))
                warnings.append("\(p): \(why)")
                return
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                roots.insert(abs)
                var files: [File] = []
                walk(folder: abs, rel: "", root: abs, st: st, into: &files)
                files.sort { $0.name < $1.name }
                for f in files { add(f) }
            } else {
                add(File(path: Walk.resolved(abs), name: URL(fileURLWithPath: abs).lastPathComponent, root: nil, size: Int(st.st_size), mtime: Walk.mtime(st)), st: st)
            }
        }

        private mutating func add(_ f: File, st: stat? = nil) {
            if let st, (st.st_mode & S_IFMT) != S_IFREG {
                skip(f.name, "not a regular file")
                return
            }
            if f.name.utf8.count > Archive.maxNameBytes {
                skip(f.name, "path longer than \(Archive.maxNameBytes) bytes, cannot be an id")
                return
            }
            if let other = taken[f.name] {
                skip(f.path, "same name \"\(f.name)\" as \(other), indexed once")
                return
            }
            taken[f.name] = f.path
            files.append(f)
        }

        private mutating func skip(_ what: String, _ reason: String) {
            warnings.append("\(what): skipped, \(reason)")
            skipped += 1
        }

        private mutating func walk(folder: String, rel: String, root: String, st: stat, into out: inout [File]) {
            let id = [UInt64(st.st_dev), UInt64(st.st_ino)]
            guard !visited.contains(id) else {
                warnings.append("\(rel.isEmpty ? folder : rel): folder already walked (a link loop?), not entered again")
                return
            }
            visited.insert(id)
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            } catch {
                warnings.append("\(rel.isEmpty ? folder : rel): cannot read folder (\(Walk.reason(error)))")
                return
            }
            for n in names where !n.hasPrefix(".") {
                let path = folder + "/" + n
                let r = rel.isEmpty ? n : rel + "/" + n
                var lst = stat()
                guard lstat(path, &lst) == 0 else { continue }
                var target = lst
                let isLink = (lst.st_mode & S_IFMT) == S_IFLNK
                if isLink {
                    guard stat(path, &target) == 0 else {
                        skip(r, errno == ELOOP ? "symbolic link loop" : "broken symbolic link")
                        continue
                    }
                }
                switch target.st_mode & S_IFMT {
                case S_IFDIR:
                    walk(folder: path, rel: r, root: root, st: target, into: &out)
                case S_IFREG:
                    // Ingest.read follows no link: a link chosen here is read at its target.
                    out.append(File(path: isLink ? Walk.resolved(path) : path, name: r, root: root, size: Int(target.st_size), mtime: Walk.mtime(target)))
                default:
                    skip(r, "not a regular file")
                }
            }
        }

        /// The path with its symbolic links resolved (the path itself when it cannot be).
        static func resolved(_ path: String) -> String {
            guard let p = realpath(path, nil) else { return path }
            defer { free(p) }
            return String(cString: p)
        }

        static func mtime(_ st: stat) -> Int64 {
            #if canImport(Darwin)
            return Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
            #else
            return Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
            #endif
        }

        static func reason(_ error: Error) -> String {
            let ns = error as NSError
            if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain {
                return String(cString: strerror(Int32(u.code)))
            }
            return ns.localizedDescription
        }
    }
}

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

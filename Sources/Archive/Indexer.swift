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
    /// Follow symbolic links whose target lies outside the folder being indexed (never into
    /// /proc, /sys or /dev).
    public var followLinks = false
    /// Commit (one atomic batch) after this many documents written or deleted…
    public var batchDocuments = 1000
    /// …or after this many seconds, whichever comes first.
    public var batchSeconds: Double = 10
    /// How files other than UTF-8 text are read (OCR of scanned PDFs, tool time limits).
    public var ingest = IngestOptions()
    /// Threads that read, parse and build documents while this thread writes (0: one per core).
    public var jobs = 0
    /// How long reading and parsing one file may take before it is given up (and skipped by later
    /// runs until it changes): a backstop for what the readers' own budgets do not catch.
    public var timeLimit = TimeLimit()
    /// Bytes of memory the files being read may take above what the run started with: past it,
    /// they are marked in the reading log, so that if the system kills the run for its memory, the
    /// next run knows which file did it (`ReadingLog`).
    public var memoryBudget = 768 << 20

    public struct TimeLimit: Sendable {
        public var seconds: Double = 30
        /// Added per MB of the file (a 48 MB text of 3,864 documents takes over a minute).
        public var secondsPerMegabyte: Double = 4
        public init(seconds: Double = 30, secondsPerMegabyte: Double = 4) {
            self.seconds = seconds; self.secondsPerMegabyte = secondsPerMegabyte
        }
        func seconds(forBytes n: Int) -> Double { seconds + secondsPerMegabyte * Double(n) / 1_048_576 }
    }
    public init(prune: Bool = true, batchDocuments: Int = 1000, batchSeconds: Double = 10, ingest: IngestOptions = IngestOptions(), jobs: Int = 0,
                followLinks: Bool = false) {
        self.followLinks = followLinks
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

/// What reading one file gave: its text (with notes on what had to be repaired), or why it was
/// skipped. `fingerprint` is the size and a hash of the raw bytes, whatever the format.
public enum FileText: Sendable {
    /// `notes`: trouble worth a warning (invalid bytes replaced…); `conversions`: what was done to
    /// get text (format and encoding, "TCVN3 → Unicode"), reported but not a warning.
    case text(String, fingerprint: String, notes: [String], conversions: [String] = [])
    case skipped(String, fingerprint: String?)
}

extension Archive {
    /// Largest file the indexer reads.
    public static let maxFileBytes = 50 * 1024 * 1024
    /// Longest file name (path relative to its folder argument), in UTF-8 bytes: ids (`Q` terms)
    /// and the file's metadata key must stay under Xapian's 245-byte term limit.
    public static let maxNameBytes = 200
}

extension ArchiveWriter {
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
        let writer = db
        var summary = IndexSummary()
        let runStart = Int64(Date().timeIntervalSince1970 * 1e9)
        // What the last run left: the files it died on are recorded before anything else.
        let findings = ReadingLog.findings(dbPath: path)
        if !findings.culprits.isEmpty {
            do {
                for c in findings.culprits { try writer.setMetadata(Archive.poisonKey(c.name), "\(c.size)|\(c.mtime)") }
                try writer.commit()
            } catch { throw ArchiveError.from(error, path: path) }
        }
        let log = ReadingLog(dbPath: path, slots: options.workerCount + 16, memoryBudget: options.memoryBudget)
        defer { log.close() }
        var walk = Walk(followLinks: options.followLinks, database: path)
        for p in paths { walk.collect(argument: p) }
        summary.warnings.append(contentsOf: walk.warnings)
        summary.filesSkipped += walk.skipped
        var files: [Walk.File] = []
        var previous: [Stamp?] = []
        var poisoned = Set<Int>()
        var stalePoison: [String] = []
        do {
            var namer = FileNamer(db: writer)
            for var f in walk.files {
                guard let (name, stamp) = try namer.name(for: f) else {
                    summary.warnings.append("\(f.relativePath): skipped, no name left for it in the archive (path too long?)")
                    summary.filesSkipped += 1
                    continue
                }
                f.name = name
                // A file that stopped an earlier run is skipped until it changes.
                if let mark = try? writer.metadata(Archive.poisonKey(name)), !mark.isEmpty {
                    if mark == "\(f.size)|\(f.mtime)" { poisoned.insert(files.count) } else { stalePoison.append(name) }
                }
                files.append(f)
                previous.append(stamp)
            }
        } catch { throw ArchiveError.from(error, path: path) }
        summary.filesSeen = files.count
        let bytesTotal = files.reduce(0) { $0 + $1.size }

        var batch = Batch(writer: writer, options: options, readers: readerLock)
        // Files that stopped a run and have changed since: read again like any other.
        do { for name in stalePoison { try batch.setMetadata(Archive.poisonKey(name), "") } }
        catch { throw ArchiveError.from(error, path: path) }
        // Reading, parsing and building documents is pure work: worker threads do it ahead of this
        // thread, which checks stamps and writes, file by file in order (one writer per database).
        // Files whose stamp says unchanged are not given to the workers at all.
        var pipeline: FilePipeline?
        defer { pipeline?.cancel() }
        do {
            let bodyPositions = schemaVersion < Schema.positionlessSince
            let limit = options.timeLimit, ingest = options.ingest
            func start(_ jobs: [FilePipeline.Job], workers: Int) -> FilePipeline {
                FilePipeline(jobs: jobs, workers: workers, log: log, timeLimit: { limit.seconds(forBytes: $0.size) }) { job in
                    Archive.prepareForIndex(job.file, previousHash: job.previousHash, ingest: ingest, bodyPositions: bodyPositions)
                }
            }
            var toRead: [Int] = []
            for (i, (f, p)) in zip(files, previous).enumerated() where !poisoned.contains(i) && !Archive.stampSaysUnchanged(p, f) {
                toRead.append(i)
            }
            // The last run's suspects first, one at a time: if one kills this run too, the log
            // names it alone. (Given up when too slow, as any file.)
            var ready: [Int: PreparedIndexFile?] = [:]
            let suspects = Set(findings.suspects)
            let suspected = toRead.filter { suspects.contains(ReadingLog.Entry(name: files[$0].name, size: files[$0].size, mtime: files[$0].mtime)) }
            if !suspected.isEmpty {
                log.readingSuspects(true)
                let alone = start(suspected.map { FilePipeline.Job(file: files[$0], previousHash: previous[$0]?.hash) }, workers: 1)
                for (k, i) in suspected.enumerated() { ready[i] = .some(alone.take(k)) }
                alone.cancel()
                log.readingSuspects(false)
            }
            let jobs = toRead.filter { ready[$0] == nil }.map { FilePipeline.Job(file: files[$0], previousHash: previous[$0]?.hash) }
            if !jobs.isEmpty { pipeline = start(jobs, workers: min(options.workerCount, jobs.count)) }
            var bytesDone = 0
            var nextJob = 0
            let cpu0 = Archive.threadCPUSeconds()
            var waited = Duration.zero
            let clock = ContinuousClock()
            defer { summary.writerCPUSeconds = Archive.threadCPUSeconds() - cpu0; summary.writerWaitSeconds = Double(waited / .microseconds(1)) / 1e6 }
            for (i, f) in files.enumerated() {
                progress?(IndexProgress(filesDone: i, filesTotal: files.count, bytesDone: bytesDone, bytesTotal: bytesTotal,
                                        documents: summary.documentsIndexed, current: f.name))
                if poisoned.contains(i) {
                    summary.filesSkipped += 1
                    summary.warnings.append("\(f.name): skipped, an earlier index run died while reading it; it is read again when it changes")
                } else if Archive.stampSaysUnchanged(previous[i], f) {
                    let p = previous[i]!
                    let now = Stamp(size: p.size, mtime: p.mtime, hash: p.hash, file: f)
                    if p != now { try batch.setStamp(Stamp.key(f.name), now) }
                    summary.filesUnchanged += 1
                } else {
                    let prepared: PreparedIndexFile?
                    if let r = ready.removeValue(forKey: i) {
                        prepared = r
                    } else {
                        let t0 = clock.now
                        prepared = pipeline!.take(nextJob)
                        waited += clock.now - t0
                        nextJob += 1
                    }
                    if let prepared {
                        try write(prepared, file: f, runStart: runStart, previous: previous[i], batch: &batch, summary: &summary)
                    } else {
                        // Stuck: given up, and skipped by the next runs until it changes.
                        summary.filesSkipped += 1
                        summary.warnings.append("\(f.name): skipped, reading it took longer than \(Int(options.timeLimit.seconds(forBytes: f.size))) s; it is read again when it changes")
                        try batch.setMetadata(Archive.poisonKey(f.name), "\(f.size)|\(f.mtime)")
                    }
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
        return summary
    }
}

extension Archive {
    // MARK: - Reading a file

    /// Reading a file → text: the one place that knows about file formats and encodings.
    ///
    /// Text files in any Vietnamese encoding (UTF-8 with or without BOM, UTF-16, Windows-1258,
    /// TCVN3, VNI, VISCII, with mojibake repaired), HTML and Markdown go through `Ingest` on the
    /// bytes read here; PDF, Word (.docx, .doc) and images through `Ingest`'s filters (pdftotext,
    /// antiword/catdoc, tesseract with `--ocr`). Other binary data, empty and whitespace-only files
    /// are skipped with the reason. Never blocks on a FIFO or a device: only regular files are read.
    public static func readText(path: String, ingest: IngestOptions = IngestOptions()) -> FileText {
        let fd = posixOpen(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .skipped("cannot read (\(String(cString: strerror(errno))))", fingerprint: nil) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .skipped("cannot read (\(String(cString: strerror(errno))))", fingerprint: nil) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return .skipped("not a regular file", fingerprint: nil) }
        let size = Int(st.st_size)
        if size > maxFileBytes { return .skipped("larger than 50 MB (\(size) bytes)", fingerprint: nil) }
        // Read to the end (the file may have grown since fstat), at most maxFileBytes + 1 bytes.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var got = 0
        while true {
            if got == bytes.count {
                if got > maxFileBytes { return .skipped("larger than 50 MB", fingerprint: nil) }
                bytes.append(contentsOf: repeatElement(0, count: min(1 << 20, maxFileBytes + 1 - got)))
            }
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, $0.count - got) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .skipped("cannot read (\(String(cString: strerror(errno))))", fingerprint: nil)
            }
            if n == 0 { break }
            got += n
        }
        bytes.removeSubrange(got...)
        let fp = fingerprint(bytes)
        if bytes.isEmpty { return .skipped("empty file", fingerprint: fp) }
        let ext = (path as NSString).pathExtension.lowercased()
        if let format = knownBinaryFormat(bytes) {
            // Documents in a format of their own: through Ingest's filters.
            guard ingestsItself(format: format) || ["pdf", "docx", "doc", "rtf", "png", "jpg", "jpeg", "tif", "tiff"].contains(ext) else {
                return .skipped("\(format), not a text file", fingerprint: fp)
            }
            return fileText(Ingest.extract(fileAt: URL(fileURLWithPath: path), options: ingest), fingerprint: fp)
        }
        let html = ["htm", "html", "xhtml"].contains(ext) || bytes.prefix(512).starts(with: Array("<!DOCTYPE html".utf8))
            || bytes.prefix(512).starts(with: Array("<html".utf8))
        let markdown = ["md", "markdown"].contains(ext)
        if looksBinary(bytes) {
            // UTF-16 text is full of NUL bytes: the only binary-looking data that is text.
            if case .text(let t) = Ingest.extract(textBytes: bytes, html: html, markdown: markdown), t.encoding?.hasPrefix("UTF-16") == true {
                return fileText(.text(t), fingerprint: fp)
            }
            return .skipped("binary data, not a text file", fingerprint: fp)
        }
        // Stray NUL bytes in text (not UTF-16, which looksBinary sent to Ingest above) are removed.
        var source = bytes
        var nulNote: String?
        let nuls = bytes.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        if nuls > 0 {
            source = bytes.filter { $0 != 0 }
            nulNote = "\(nuls) NUL byte(s) removed"
        }
        if html || markdown || !(isPlainUTF8(source) || isDamagedUTF8(source)) {
            let r = fileText(Ingest.extract(textBytes: source, html: html, markdown: markdown), fingerprint: fp)
            if case .text(let t, let fp, let notes, let conv) = r, let nulNote { return .text(t, fingerprint: fp, notes: [nulNote] + notes, conversions: conv) }
            return r
        }

        var notes: [String] = nulNote.map { [$0] } ?? []
        var body = source[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let text: String
        if let valid = String(validating: body, as: UTF8.self) {
            text = valid
        } else {
            text = String(decoding: body, as: UTF8.self)
            notes.append("invalid UTF-8 replaced by U+FFFD")
        }
        if !text.utf8.contains(where: { $0 > 0x20 }) { return .skipped("no text (only white space)", fingerprint: fp) }
        return .text(text, fingerprint: fp, notes: notes)
    }

    /// Formats `knownBinaryFormat` names that Ingest reads (PDF, Office, images for OCR).
    static func ingestsItself(format: String) -> Bool {
        ["PDF", "ZIP", "MS Office", "RTF", "PNG", "JPEG", "TIFF"].contains { format.hasPrefix($0) }
    }

    /// UTF-8 without a BOM and without NUL bytes, with nothing the encoding detector would want
    /// to look at: the common case, read as is. (Anything else goes through Ingest's detector.)
    static func isPlainUTF8(_ bytes: [UInt8]) -> Bool {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.contains(0) { return false }
        guard String(validating: bytes, as: UTF8.self) != nil else { return false }
        // Latin-1 letters typical of TCVN3/VNI mojibake (µ, ¸, ¬, ®, Ê…): let the detector decide.
        var i = 0
        let n = bytes.count
        while i + 1 < n {
            if bytes[i] == 0xC2 || bytes[i] == 0xC3 {
                let v = (UInt32(bytes[i] & 0x1F) << 6) | UInt32(bytes[i + 1] & 0x3F)
                // À–ỹ in Latin-1 used by Vietnamese (à á â ã è é ê ì í ò ó ô õ ù ú ý) is normal;
                // other Latin-1 symbols and letters are evidence of mojibake.
                let vietnamese: Set<UInt32> = [0xC0, 0xC1, 0xC2, 0xC3, 0xC8, 0xC9, 0xCA, 0xCC, 0xCD, 0xD2, 0xD3, 0xD4, 0xD5, 0xD9, 0xDA, 0xDD,
                                               0xE0, 0xE1, 0xE2, 0xE3, 0xE8, 0xE9, 0xEA, 0xEC, 0xED, 0xF2, 0xF3, 0xF4, 0xF5, 0xF9, 0xFA, 0xFD]
                if v >= 0xA0 && !vietnamese.contains(v) { return false }
                i += 2
                continue
            }
            i += 1
        }
        return true
    }

    /// UTF-8 with a few invalid bytes (a damaged file), not a legacy encoding: at least twice as
    /// many valid multi-byte sequences as invalid bytes. (TCVN3, VNI and VISCII text gives almost
    /// no valid multi-byte UTF-8.) Read as UTF-8 with U+FFFD for the bad bytes.
    static func isDamagedUTF8(_ bytes: [UInt8]) -> Bool {
        var valid = 0, invalid = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let len = b >= 0xC2 && b <= 0xDF ? 2 : (b >= 0xE0 && b <= 0xEF ? 3 : (b >= 0xF0 && b <= 0xF4 ? 4 : 0))
            if len > 0, i + len <= n, (1..<len).allSatisfy({ bytes[i + $0] & 0xC0 == 0x80 }) {
                valid += 1
                i += len
            } else {
                invalid += 1
                i += 1
            }
        }
        return invalid > 0 && valid >= 2 * invalid
    }

    /// An Ingest result as the indexer takes it.
    static func fileText(_ r: IngestResult, fingerprint fp: String) -> FileText {
        switch r {
        case .skipped(let reason, _):
            return .skipped(reason, fingerprint: fp)
        case .text(let t):
            if !t.text.utf8.contains(where: { $0 > 0x20 }) { return .skipped("no text (only white space)", fingerprint: fp) }
            var conversions: [String] = []
            if t.format != .text { conversions.append(t.format.rawValue) }
            if let e = t.encoding, e != "UTF-8", !t.conversions.contains(where: { $0.hasPrefix(e) }) { conversions.append(e) }
            for c in t.conversions where !conversions.contains(c) { conversions.append(c) }
            return .text(t.text, fingerprint: fp, notes: t.warnings, conversions: conversions)
        }
    }

    private static func posixOpen(_ path: String, _ flags: Int32) -> Int32 {
        #if canImport(Glibc)
        return Glibc.open(path, flags)
        #else
        return Darwin.open(path, flags)
        #endif
    }

    /// Names the format of a few binary files by their first bytes.
    static func knownBinaryFormat(_ b: [UInt8]) -> String? {
        func has(_ magic: [UInt8]) -> Bool { b.starts(with: magic) }
        if has(Array("%PDF".utf8)) { return "PDF document" }
        if has([0x50, 0x4B, 0x03, 0x04]) { return "ZIP archive (DOCX, XLSX, ODT…)" }
        if has([0xD0, 0xCF, 0x11, 0xE0]) { return "MS Office 97–2003 document" }
        if has(Array("{\\rtf".utf8)) { return "RTF document" }
        if has([0x89, 0x50, 0x4E, 0x47]) { return "PNG image" }
        if has([0xFF, 0xD8, 0xFF]) { return "JPEG image" }
        if has(Array("GIF8".utf8)) { return "GIF image" }
        if has([0x1F, 0x8B]) { return "gzip data" }
        if has([0x7F, 0x45, 0x4C, 0x46]) { return "executable" }
        return nil
    }

    /// Binary data: in the first 8 KB, many control bytes, or NUL bytes that are many or come with
    /// invalid UTF-8. (A few stray NULs in UTF-8 text are not enough: they are removed.)
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(8192)
        var control = 0, nul = 0
        for b in head {
            if b == 0 { nul += 1 } else if b < 0x09 || (b > 0x0D && b < 0x20) { control += 1 }
        }
        if control * 10 > head.count { return true }
        if nul == 0 { return false }
        if nul > max(8, head.count / 100) { return true }
        var text = head.filter { $0 != 0 }
        for _ in 0..<4 {
            if String(validating: text, as: UTF8.self) != nil { return false }
            // The 8 KB cut may split the last character.
            guard bytes.count > head.count, let last = text.last, last >= 0x80 else { break }
            text.removeLast()
        }
        return true
    }

    /// Size and a 64-bit FNV-1a hash of the content.
    static func fingerprint(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { buf in
            for b in buf {
                h ^= UInt64(b)
                h &*= 0x100_0000_01b3
            }
        }
        return "\(bytes.count):" + String(h, radix: 16)
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
            /// Not indexable (reason; fingerprint when the bytes could be read).
            case skipped(String, fingerprint: String?)
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
        FaultInjection.reading(f.name)
        switch Archive.readText(path: f.path, ingest: ingest) {
        case .skipped(let reason, let fp):
            return PreparedIndexFile(outcome: .skipped(reason, fingerprint: fp))
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
}

extension ArchiveWriter {
    // MARK: - One file

    /// Writes what a worker made of a file that its stamp did not show unchanged.
    private func write(_ prepared: PreparedIndexFile, file f: Walk.File, runStart: Int64, previous: Stamp?,
                       batch: inout Batch, summary: inout IndexSummary) throws(XapianError) {
        let key = Stamp.key(f.name)
        // A stamp with an mtime this close to the run start could be followed by a change in the
        // same clock tick: record mtime 0 so the next run compares hashes.
        let mtime = f.mtime >= runStart - 2_000_000_000 ? 0 : f.mtime
        switch prepared.outcome {
        case .skipped(let reason, let fp):
            summary.filesSkipped += 1
            // A file that became empty, binary or too large no longer has documents; one that
            // cannot be read right now keeps its documents until it can.
            if fp != nil || reason.hasPrefix("larger") || reason == "not a regular file", previous != nil {
                let n = try batch.replaceFile(name: f.name, with: [], stampKey: key, stamp: nil)
                summary.documentsRemoved += n
                summary.warnings.append("\(f.name): skipped, \(reason) (its \(n) earlier document(s) removed)")
            } else {
                summary.warnings.append("\(f.name): skipped, \(reason)")
            }
        case .sameContent(let fp):
            summary.filesUnchanged += 1
            try batch.setStamp(key, Stamp(size: f.size, mtime: mtime, hash: fp, file: f))
        case .documents(let fp, let docs, let notes, let conversions):
            let stamp = Stamp(size: f.size, mtime: mtime, hash: fp, file: f)
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
                  stamp.rootIsArgument, roots.contains(root), let location = stamp.location(name: name) else { continue }
            // Gone for sure: only "no such file" counts, not a permission problem.
            if FileNamer.exists(location) { continue }
            summary.documentsRemoved += try batch.replaceFile(name: name, with: [], stampKey: Stamp.key(name), stamp: nil)
            summary.filesRemoved += 1
            try batch.commitIfDue(&summary)
        }
    }
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
            try writer.commit()
            summary.commits += 1
            pendingDocs = 0
            pendingStamps = 0
            since = Date()
            dueSince = nil
        }
    }

}

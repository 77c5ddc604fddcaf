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
    /// Exact (`XE`) terms with word positions, as indexes before 2026-11 had them (queries do not
    /// need them): for measurements and tests that compare with such an index.
    public var exactPositions = false

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
    public var workerCount: Int { jobs > 0 ? jobs : max(1, ProcessInfo.processInfo.activeProcessorCount) }
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
}

extension Archive {
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

    /// Reads, parses and builds the documents of one file (no database access: runs on workers):
    /// the read, parse and build stages of an index run, one after the other.
    /// `bodyPositions`: the database is of a schema whose phrases read word positions (below 4).
    static func prepareForIndex(_ f: Walk.File, previousHash: String?, ingest: IngestOptions, bodyPositions: Bool = false,
                                exactPositions: Bool = false) -> PreparedIndexFile {
        FaultInjection.reading(f.name)
        switch Ingest.read(path: f.path, options: ingest) {
        case .skipped(let reason, let fp, let kind):
            return PreparedIndexFile(outcome: .skipped(reason, fingerprint: fp, permanent: kind.isPermanent))
        case .text(let text, let fp, var notes, let conversions):
            if let h = previousHash, h == fp { return PreparedIndexFile(outcome: .sameContent(fingerprint: fp)) }
            let stored = parseStage(text, name: f.name, notes: &notes)
            let built = buildStage(stored, bodyPositions: bodyPositions, exactPositions: exactPositions)
            return PreparedIndexFile(outcome: .documents(fingerprint: fp, docs: built, notes: notes, conversions: conversions))
        }
    }

    /// Parse: a file's text → its documents as stored (with the page each starts on, for paged text).
    static func parseStage(_ text: String, name: String, notes: inout [String]) -> [StoredDocument] {
        let docs = DocumentParser.parse(fileText: text)
        if docs.allSatisfy({ $0.number == nil && $0.date == nil && $0.type == nil && $0.issuer == nil }) {
            notes.append("no document header (no number, type, issuer or date); indexed as \(docs.count) untitled document(s)")
        }
        var stored = docs.map { StoredDocument(file: name, doc: $0) }
        if text.utf8.contains(0x0C) {
            for (k, page) in Ingest.firstPages(ofDocuments: docs.map(\.text)).enumerated() where k < stored.count {
                stored[k].firstPage = page
            }
        }
        return stored
    }

    /// Build: stored documents → Xapian documents with their id terms, in file order.
    static func buildStage(_ stored: [StoredDocument], bodyPositions: Bool, exactPositions: Bool = false) -> [(idTerm: String, document: Xapian.Document)] {
        stored.map { (idTerm: Schema.idTerm($0.id), document: Archive.makeXapianDocument($0, exactPositions: exactPositions, bodyPositions: bodyPositions)) }
    }
}


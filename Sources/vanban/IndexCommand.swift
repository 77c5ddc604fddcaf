import Archive
import ArgumentParser
import Foundation
import Ingest

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index files and folders of documents (incrementally).",
        usage: "vanban index <paths> ... [<options>]",
        discussion: """
        Each file may hold several documents; each becomes one entry named FILE#N, where FILE is the path relative to the folder argument it was found under (a file argument: its base name). Different files never share a name: when the archive already holds another file of that name from another folder, the folder's name is put in front (phongB/baocao.txt).

        Symbolic links are followed only to files and folders inside the folder being indexed (--follow-links: anywhere but /proc, /sys and /dev). Xapian databases found in a folder, the one being written among them, are never indexed. An argument that does not exist is an error (exit 2): nothing is indexed and no database is created.

        Re-running on the same folders only reads new and changed files: a file whose size and modification time match the last run is not read; one whose content hash matches is left alone; a changed file's documents are replaced. Files that were indexed from one of the folder arguments and no longer exist lose their documents (--no-prune keeps them). The summary line says how many files were added, updated, removed, unchanged and skipped.

        Files are read and parsed on one thread per CPU core (--jobs N) while one thread writes, in file order. With --shards N the archive is N databases (DB/shard-0 …, listed by the Xapian stub file DB/XAPIANDB), each written by its own thread; a file always goes to the same shard (by a hash of its name). The archive keeps N: later runs need no --shards, and another N is refused. Every reading command opens DB as one archive. Writes are atomic batches (every --batch documents, and at least every 10 s): a run that is killed leaves the database as of the last batch, and the next run completes it. One writer at a time: a second `index` on the same database exits 5 at once; searches during a run see the last committed batch.

        Formats: text and Markdown in any Vietnamese encoding (UTF-8, UTF-16, Windows-1258, TCVN3, VNI, VISCII; TCVN3/VNI mojibake repaired), HTML, PDF (pdftotext; scanned pages with --ocr), Word .docx (read directly) and .doc (antiword/catdoc). Each conversion applied is reported on stderr ("converted: FILE: pdf, …") unless --quiet. A format whose tool is missing is skipped with one warning per run naming the Debian package to install.

        Unreadable, empty, binary, encrypted or damaged, oversized (>50 MB) and special files are skipped; invalid UTF-8, NUL bytes and files without a document header are indexed as well as possible. Each gets one warning line on stderr; the run goes on and exits 6.

        A progress bar (documents/s, ETA) is shown on stderr when it is a terminal, unless --quiet.

        Examples:
          vanban index corpus
          vanban index archive/2026 archive/2025/QD-15.txt --db ~/vanban-db
          VANBAN_DB=/srv/vanban vanban index /data/congvan --quiet
        """
    )

    @Argument(help: "Files and folders to index.")
    var paths: [String]

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Print no progress bar and no \"converted\" line per file (warnings and the summary stay).")
    var quiet = false

    @Flag(name: .long, inversion: .prefixedNo, help: "Remove the documents of files gone from the folder arguments.")
    var prune = true

    @Flag(name: .long, help: "Follow symbolic links that lead outside the folder being indexed (never into /proc, /sys, /dev).")
    var followLinks = false

    @Option(name: .long, help: ArgumentHelp("Seconds reading and parsing one file may take (plus 4 s per MB) before it is skipped.", valueName: "S"))
    var fileTimeout: Double = 30

    @Option(name: .long, help: ArgumentHelp("Megabytes the files being read may take; past it, a run the system kills for its memory names them to the next run, which skips the culprit.", valueName: "MB"))
    var memoryBudget: Int = 768

    @Option(name: .long, help: ArgumentHelp("Commit (one atomic batch) every N documents written or deleted.", valueName: "N"))
    var batch = 1000

    @Flag(name: .long, help: "Read scanned PDFs and images with OCR (tesseract, Vietnamese). Slow.")
    var ocr = false

    @Option(name: .long, help: ArgumentHelp("Threads that read and parse files while one thread writes (default: one per CPU core).", valueName: "N"))
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("Write N shard databases in parallel (DB/shard-0 … and the stub DB/XAPIANDB); the archive remembers N.", valueName: "N"))
    var shards: Int?

    func validate() throws {
        guard common.db.count <= 1 else { throw Settings.usage(tr("index ghi một kho: chỉ một --db", "index writes one archive: give one --db")) }
        if let n = shards, n < 1 || n > ShardLayout.maxShards {
            throw Settings.usage(tr("--shards cần từ 1 đến \(ShardLayout.maxShards)", "--shards must be between 1 and \(ShardLayout.maxShards)"))
        }
        guard batch >= 1 else { throw Settings.usage(tr("--batch cần từ 1 trở lên", "--batch must be 1 or more")) }
        if let j = jobs, j < 1 { throw Settings.usage(tr("--jobs cần từ 1 trở lên", "--jobs must be 1 or more")) }
        if let j = jobs, j > 256 { throw Settings.usage(tr("--jobs tối đa 256", "--jobs must be 256 or less")) }
        guard fileTimeout > 0, fileTimeout.isFinite else {
            throw Settings.usage(tr("--file-timeout cần một số giây lớn hơn 0", "--file-timeout must be a number of seconds above 0"))
        }
        guard memoryBudget >= 1, memoryBudget <= 1 << 30 else {
            throw Settings.usage(tr("--memory-budget cần một số megabyte lớn hơn 0", "--memory-budget must be a number of megabytes above 0"))
        }
    }

    func run() throws {
        try runReporting(json: common.json) {
            let missing = Archive.missingArguments(paths)
            guard missing.isEmpty else {
                throw ArchiveError.badInput("no such file or folder: \(missing.joined(separator: ", ")); nothing indexed")
            }
            let writer = try ArchiveWriter.open(path: common.databasePath, shards: shards)
            let bar = (!quiet && Out.errIsTerminal && ProcessInfo.processInfo.environment["TERM"] != "dumb") ? ProgressBar() : nil
            var options = IndexOptions(prune: prune, batchDocuments: batch, ingest: IngestOptions(ocr: ocr), jobs: jobs ?? 0, followLinks: followLinks)
            options.timeLimit.seconds = fileTimeout
            options.memoryBudget = memoryBudget << 20
            let summary = try writer.index(paths: paths, options: options, progress: bar.map { b in { b.update($0) } })
            bar?.finish()
            // The tables of the new revision, built once here rather than by the first reader.
            var edges: Int?
            if summary.commits > 0 {
                let tables = writer.writeTables()
                edges = tables.citationEdges
                for n in tables.notes { Out.note(message: n) }
            }
            // Technical notes (tool and encoding names), in English in both languages.
            if !quiet { for c in summary.conversions { Out.err("vanban: converted: \(c)") } }
            IndexCommand.report(summary.warnings)
            if common.json {
                Out.json(.object([
                    ("files", .int(summary.filesSeen)), ("added", .int(summary.filesAdded)), ("updated", .int(summary.filesUpdated)),
                    ("removed", .int(summary.filesRemoved)), ("unchanged", .int(summary.filesUnchanged)),
                    ("skipped", .int(summary.filesSkipped)), ("documents", .int(summary.documentsIndexed)),
                    ("documents_removed", .int(summary.documentsRemoved)), ("total_documents", .int(writer.documentCount)),
                    ("commits", .int(summary.commits)), ("warnings", .array(summary.warnings.map { .string($0) })),
                    ("conversions", .array(summary.conversions.map { .string($0) })),
                    ("citation_edges", edges.map { .int($0) } ?? .null),
                    ("writer_cpu_seconds", .double(summary.writerCPUSeconds)), ("writer_wait_seconds", .double(summary.writerWaitSeconds)),
                ]))
            } else {
                Out.print("\(IndexCommand.line(summary, total: writer.documentCount, path: writer.path))", wrap: false)
            }
            if !summary.warnings.isEmpty { throw ExitCode(6) }
        }
    }
}

extension IndexCommand {
    /// The summary line.
    static func line(_ s: IndexSummary, total: Int, path: String) -> String {
        let w = s.warnings.count
        return tr("lập chỉ mục: \(s.filesAdded) tệp mới, \(s.filesUpdated) cập nhật, \(s.filesRemoved) đã xoá, \(s.filesUnchanged) không đổi, \(s.filesSkipped) bỏ qua; "
                  + "\(s.documentsIndexed) văn bản được ghi, \(s.documentsRemoved) bị xoá" + (w == 0 ? "" : "; \(w) cảnh báo")
                  + "; \(total) văn bản trong \(path)",
                  "index: " + s.line + "; \(total) document(s) in \(path)")
    }

    /// One warning line per problem; files skipped for the same missing tool are one line.
    static func report(_ warnings: [String]) {
        var groups: [String: [String]] = [:]
        var order: [String] = []
        for w in warnings {
            if let v = Messages.match(w, "{}: skipped, {}"), v[1].contains("which is not installed") {
                if groups[v[1]] == nil { order.append(v[1]) }
                groups[v[1], default: []].append(v[0])
            } else {
                Out.warning(message: w)
            }
        }
        for reason in order {
            let files = groups[reason]!
            let shown = files.prefix(3).joined(separator: ", ") + (files.count > 3 ? ", …" : "")
            if files.count == 1 { Out.warning(message: "\(files[0]): skipped, \(reason)"); continue }
            if Out.lang == .vi, let r = Messages.translate(reason, Messages.reasons, reasonAt: -1) {
                Out.warning("bỏ qua \(files.count) tệp (\(shown)): \(r)")
            } else {
                Out.warning("\(files.count) files skipped (\(shown)): \(reason)", in: .en)
            }
        }
    }
}

/// One line on stderr, redrawn at most 10 times a second:
/// `[#########.........]  1234/5000 files  2150 docs  312 docs/s  ETA 1m12s  path`.
final class ProgressBar {
    let start = Date()
    var last = Date.distantPast
    var drawn = false

    func update(_ p: IndexProgress) {
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.1 else { return }
        last = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let frac = p.bytesTotal > 0 ? Double(p.bytesDone) / Double(p.bytesTotal) : Double(p.filesDone) / Double(max(p.filesTotal, 1))
        let width = 20
        let full = min(width, Int(frac * Double(width)))
        let bar = String(repeating: "#", count: full) + String(repeating: ".", count: width - full)
        let rate = Double(p.documents) / elapsed
        let eta = frac > 0.01 ? ProgressBar.duration(elapsed * (1 - frac) / frac) : "?"
        var line = "[\(bar)] \(p.filesDone)/\(p.filesTotal) files  \(p.documents) docs  \(Int(rate.rounded())) docs/s  ETA \(eta)"
        let room = (ProgressBar.columns() ?? 100) - line.count - 3
        if room > 8, !p.current.isEmpty {
            let current = Out.escaped(p.current)
            let name = current.count > room ? "…" + current.suffix(room - 1) : current
            line += "  " + name
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        if t < 60 { return "\(t)s" }
        if t < 3600 { return "\(t / 60)m\(String(format: "%02d", t % 60))s" }
        return "\(t / 3600)h\(String(format: "%02d", t / 60 % 60))m"
    }

    static func columns() -> Int? {
        var ws = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 else { return nil }
        return Int(ws.ws_col)
    }
}

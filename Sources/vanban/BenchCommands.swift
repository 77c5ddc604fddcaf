import Archive
import Render
import ArgumentParser
import Documents
import Foundation
import VietText

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput and query latency (build in release mode first).",
        discussion: """
        Examples:
          .build/release/vanban bench fold corpus --megabytes 100
          .build/release/vanban bench tokenize corpus --megabytes 100
          .build/release/vanban bench queries --db /tmp/vb --queries queries.tsv --repeat 3
          .build/release/vanban bench index /tmp/corpus/docs --db /tmp/vb-bulk --threads 2
        The whole comparison with SQLite FTS5 and bare Xapian: python3 Benchmarks/bench.py --docs 10000
        """,
        shouldDisplay: false,
        subcommands: [FoldBench.self, TokenizeBench.self, DecodeBench.self, QueriesBench.self, IndexBench.self, ParseDump.self],
        defaultSubcommand: FoldBench.self
    )
}

/// The files named, and the files of the folders named (one level, sorted), for the analysis
/// benchmarks; a name that is neither exits 4.
private func sampleFiles(_ paths: [String]) throws -> [String] {
    var files: [String] = []
    for p in paths {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
            FileHandle.standardError.write(Data("vanban: error: no such file or folder: \(p)\n".utf8))
            throw ExitCode(4)
        }
        files += isDir.boolValue
            ? (try FileManager.default.contentsOfDirectory(atPath: p)).sorted().map { p + "/" + $0 }
            : [p]
    }
    return files
}

/// Text from files and folders (one level), for the analysis benchmarks.
private func sampleText(_ paths: [String]) throws -> String {
    var sample = ""
    for f in try sampleFiles(paths) { if let s = try? String(contentsOfFile: f, encoding: .utf8) { sample += s + "\n" } }
    guard !sample.isEmpty else { throw ExitCode(2) }
    return sample
}

/// The sample and its size, for the fold and tokenize benchmarks.
struct SampleOptions: ParsableArguments {
    @Argument(help: "Sample files or folders.") var paths: [String] = ["corpus"]
    @Option(name: .long, help: "Amount of text to process, in MB.") var megabytes = 100
}

private func report(_ what: String, _ r: (bytes: Int, seconds: Double)) {
    print(String(format: "%@: %.1f MB in %.3f s = %.1f MB/s (one core)", what, Double(r.bytes) / 1e6, r.seconds, Double(r.bytes) / 1e6 / r.seconds))
}

struct FoldBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fold", abstract: "Folding throughput (MB/s, one core).")
    @OptionGroup var sample: SampleOptions
    func run() throws {
        report("fold", VietTextBenchmark.foldThroughput(sample: try sampleText(sample.paths), targetBytes: sample.megabytes * 1_000_000))
    }
}

struct TokenizeBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokenize", abstract: "Tokenising throughput (MB/s, one core).")
    @OptionGroup var sample: SampleOptions
    func run() throws {
        report("tokenize", VietTextBenchmark.tokenizeThroughput(sample: try sampleText(sample.paths), targetBytes: sample.megabytes * 1_000_000))
    }
}

/// Encoding detection over raw bytes (UTF-8 check, mojibake scan, legacy decoding).
struct DecodeBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decode", abstract: "Encoding detection throughput (MB/s, one core).")
    @Argument(help: "Sample files or folders.") var paths: [String] = ["corpus"]
    @Option(name: .long, help: "Amount of bytes to process, in MB.") var megabytes = 100
    func run() throws {
        var files: [[UInt8]] = []
        for f in try sampleFiles(paths) { if let d = FileManager.default.contents(atPath: f) { files.append([UInt8](d)) } }
        guard !files.isEmpty else { throw ExitCode(2) }
        report("decode", EncodingBenchmark.decodeThroughput(files: files, targetBytes: megabytes * 1_000_000))
    }
}

/// Latency of a fixed query mix, in process (startup not counted), as JSON percentiles.
struct QueriesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queries",
        abstract: "Query latency percentiles over a query file, in one process, as JSON.",
        discussion: """
        Each line of FILE: KIND <TAB> COMMAND <TAB> ARGUMENT [<TAB> year=Y] [<TAB> issuer=X]
        COMMAND is search (the query language of `vanban search`; top --limit hits with snippets),
        cites-transitive (REF), answers (REF) or obligations (as-of date YYYY-MM-DD). KIND is a label
        for the report. Every query opens the archive afresh (no document cache carries over, as
        with one CLI call per query) unless --reuse-archive. Benchmarks/gen_corpus.py writes such a
        file (queries.tsv) for its corpus.

        Example:
          vanban bench queries --db /tmp/vb --queries /tmp/corpus/queries.tsv --repeat 3
        """
    )
    @Option(name: .long, help: "Query file.") var queries: String
    @Option(name: .customLong("repeat"), help: "Times the whole file is run.") var repeats = 3
    @Option(name: .long, help: "Hits per search.") var limit = 10
    @Flag(name: .long, help: "One archive (and its document cache) for all queries.") var reuseArchive = false
    @Flag(name: .long, help: "Also print each query's time and result count on stderr.") var verbose = false
    @OptionGroup var common: CommonOptions

    struct Line { var kind: String; var command: String; var argument: String; var year: Int?; var issuer: String? }

    func run() throws {
        guard let text = try? String(contentsOfFile: queries, encoding: .utf8) else {
            Out.err("vanban: error: cannot read \(queries)")
            throw ExitCode(4)
        }
        var lines: [Line] = []
        for raw in text.split(separator: "\n") {
            let f = raw.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 3 else { continue }
            var l = Line(kind: f[0], command: f[1], argument: f[2])
            for opt in f.dropFirst(3) {
                if opt.hasPrefix("year=") { l.year = Int(opt.dropFirst(5)) }
                if opt.hasPrefix("issuer=") { l.issuer = String(opt.dropFirst(7)) }
            }
            lines.append(l)
        }
        try runReporting(json: true) {
            let paths = common.databasePaths
            var shared: ArchiveReader? = reuseArchive ? try ArchiveReader.open(paths: paths) : nil
            var byKind: [String: [Double]] = [:], byCommand: [String: [Double]] = [:]
            var all: [Double] = [], searches: [Double] = []
            var results: [String: Int] = [:]
            // CPU time of this thread per query: less disturbed by other processes than wall time.
            var cpuByKind: [String: [Double]] = [:], searchCPU: [Double] = []
            func threadCPU() -> Double {
                var ts = timespec()
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
                return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
            }
            var snippetBytes = 0
            let clock = ContinuousClock()
            for rep in 0..<max(1, repeats) {
                for l in lines {
                    let start = clock.now
                    let cpuStart = threadCPU()
                    let archive = try shared ?? ArchiveReader.open(paths: paths)
                    var n = 0
                    do {
                        switch l.command {
                        case "search":
                            let r = try archive.search.run(SearchRequest(query: l.argument, limit: limit))
                            n = r.hits.count
                            for h in r.hits { snippetBytes += h.snippet.text.utf8.count }
                        case "cites-transitive", "cites":
                            let target = try archive.resolveTarget(l.argument, year: l.year, issuer: l.issuer)
                            n = try archive.citations.citers(of: target, transitive: l.command == "cites-transitive").count
                        case "answers":
                            let plan = try archive.resolveDocument(l.argument, year: l.year, issuer: l.issuer)
                            n = try archive.obligations.answers(to: plan).count
                        case "obligations":
                            guard let d = DocDate(iso: l.argument) else { throw ArchiveError.badInput("bad date \(l.argument)") }
                            n = try archive.obligations.statuses(asOf: d).count
                        default:
                            throw ArchiveError.badInput("unknown command \(l.command) in \(queries)")
                        }
                    } catch let e as ArchiveError {
                        if case .badInput = e { throw e }
                        n = -1  // not found / ambiguous: still timed
                    }
                    let ms = Double((clock.now - start) / .microseconds(1)) / 1000
                    let cpu = threadCPU() - cpuStart
                    cpuByKind[l.kind, default: []].append(cpu)
                    if l.command == "search" { searchCPU.append(cpu) }
                    byKind[l.kind, default: []].append(ms)
                    byCommand[l.command, default: []].append(ms)
                    all.append(ms)
                    if l.command == "search" { searches.append(ms) }
                    if rep == 0 { results[l.kind, default: 0] += max(n, 0) }
                    if verbose && rep == 0 { Out.err("\(String(format: "%8.3f ms  %5d  %@ %@", ms, n, l.command, l.argument))") }
                }
            }
            shared = nil
            func summary(_ v: [Double]) -> JSON {
                let s = v.sorted()
                func percentile(_ q: Double) -> Double {
                    guard !s.isEmpty else { return 0 }
                    let k = min(s.count - 1, max(0, Int(q / 100 * Double(s.count) - 1e-9)))
                    return (s[k] * 1000).rounded() / 1000
                }
                return .object([("n", .int(s.count)), ("p50", .double(percentile(50))), ("p95", .double(percentile(95))), ("p99", .double(percentile(99))),
                                ("max", .double(s.last ?? 0))])
            }
            var kinds: [(String, JSON)] = []
            for k in byKind.keys.sorted() {
                guard case .object(var fields) = summary(byKind[k]!) else { continue }
                fields.append(("matches", .int(results[k] ?? 0)))
                fields.append(("cpu", summary(cpuByKind[k] ?? [])))
                kinds.append((k, .object(fields)))
            }
            Out.json(.object([
                ("engine", .string("vanban")), ("repeat", .int(repeats)), ("snippet_bytes", .int(snippetBytes)),
                ("all", summary(all)), ("search", summary(searches)), ("search_cpu", summary(searchCPU)),
                ("commands", .object(byCommand.keys.sorted().map { ($0, summary(byCommand[$0]!)) })),
                ("kinds", .object(kinds)),
            ]))
        }
    }
}

/// The index pipeline of `vanban index` (the same walk, naming, read, parse and build stages and
/// worker pool) with the write stage chosen: nothing, one database, or shard databases.
struct IndexBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Measure indexing: the real index pipeline with a write stage that discards, writes one database or shards.",
        discussion: """
        --write none    walk, name, read, parse and build with --threads workers; the built
                        documents are dropped (the CPU part of indexing, no database).
        --write one     the same into one database at DB (exactly `vanban index --jobs N`).
        --write shards  the same into --shards databases inside DB, one writer thread each
                        (exactly `vanban index --shards N --jobs N`).
        DB must not exist yet (a first run is measured). Prints JSON: files, documents, seconds,
        docs/s, the process's CPU seconds and peak RSS, and the writers' CPU seconds.

        Examples:
          vanban bench index /tmp/corpus/docs --write none --threads 2
          vanban bench index /tmp/corpus/docs --db /tmp/vb1 --write one --threads 2
          vanban bench index /tmp/corpus/docs --db /tmp/vb2 --write shards --shards 2
        """
    )
    enum Mode: String, ExpressibleByArgument { case none, one, shards }
    @Argument(help: "Files and folders of documents.") var paths: [String]
    @Option(name: .long, help: "none, one or shards.") var write: Mode = .one
    @Option(name: .long, help: "Read+parse+build threads (default: one per core).") var threads: Int?
    @Option(name: .long, help: "Shard databases (--write shards).") var shards = 2
    @Option(name: .long, help: "Commit every N documents (per database).") var commitEvery = 1000
    @Option(name: .long, help: "XAPIAN_FLUSH_THRESHOLD for the writers.") var flushThreshold: Int?
    @Flag(name: .long, help: "Exact (XE) terms with positions, as indexes before 2026-11 had them (measurement only; queries do not need them).") var exactPositions = false
    @OptionGroup var common: CommonOptions

    func run() throws {
        if let f = flushThreshold { setenv("XAPIAN_FLUSH_THRESHOLD", String(f), 1) }
        let clock = ContinuousClock()
        let start = clock.now
        var options = IndexOptions(batchDocuments: commitEvery, jobs: threads ?? 0)
        options.prune = false
        options.exactPositions = exactPositions
        var out: [(String, JSON)] = [("mode", .string(write.rawValue)), ("threads", .int(options.workerCount)),
                                     ("flush_threshold", flushThreshold.map { .int($0) } ?? .null), ("exact_positions", .bool(exactPositions))]
        let summary: IndexSummary
        do {
            switch write {
            case .none:
                summary = try Archive.indexDiscarding(paths: paths, options: options)
            case .one, .shards:
                let path = common.databasePath
                guard !FileManager.default.fileExists(atPath: path) else {
                    throw ArchiveError.badInput("\(path) exists; bench index measures a first run into a new database")
                }
                let n = write == .one ? 1 : max(1, shards)
                let writer = try ArchiveWriter.open(path: path, shards: n)
                summary = try writer.index(paths: paths, options: options)
                writer.close()
                out.append(("shards", .int(n)))
            }
        } catch let e as ArchiveError {
            Out.err("vanban: error: \(e.description)")
            throw ExitCode(e.exitCode)
        }
        let total = Double((clock.now - start) / .microseconds(1)) / 1e6
        var ru = rusage()
        getrusage(RUSAGE_SELF.rawValue, &ru)
        let cpu = Double(ru.ru_utime.tv_sec) + Double(ru.ru_utime.tv_usec) / 1e6 + Double(ru.ru_stime.tv_sec) + Double(ru.ru_stime.tv_usec) / 1e6
        let docs = summary.documentsIndexed
        out += [("files", .int(summary.filesSeen)), ("documents", .int(docs)), ("seconds", .double(total)),
                ("docs_per_s", .double(Double(docs) / total)), ("process_cpu_seconds", .double(cpu)),
                ("writer_cpu_seconds", .double(summary.writerCPUSeconds)), ("writer_wait_seconds", .double(summary.writerWaitSeconds)),
                ("warnings", .int(summary.warnings.count)), ("peak_rss_mb", .double(Double(ru.ru_maxrss) / 1024))]
        Out.json(.object(out))
    }
}

/// Every parsed document of a folder as one JSON line (sorted keys): to check that a faster parser
/// gives the same output as an older build (`diff` the two dumps).
struct ParseDump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse-dump",
        abstract: "Print each document's parse (JSON, sorted keys, one per line) for a folder, in file order.",
        discussion: """
        Example (compare two builds):
          old/vanban bench parse-dump /tmp/corpus/docs > old.jsonl
          .build/release/vanban bench parse-dump /tmp/corpus/docs > new.jsonl && cmp old.jsonl new.jsonl
        """
    )
    @Argument(help: "Folder of documents.") var folder: String

    func run() throws {
        let root = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath()
        var files: [(String, String)] = []
        if let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) {
            for case let url as URL in e where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                let full = url.standardizedFileURL.resolvingSymlinksInPath().path
                files.append((full, full.hasPrefix(root.path + "/") ? String(full.dropFirst(root.path.count + 1)) : url.lastPathComponent))
            }
        }
        files.sort { $0.1 < $1.1 }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        var out = Data()
        for (path, name) in files {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            for d in DocumentParser.parse(fileText: String(decoding: data, as: UTF8.self)) {
                out.append(try enc.encode(StoredDocument(file: name, doc: d)))
                out.append(0x0A)
            }
            if out.count > 1 << 20 { FileHandle.standardOutput.write(out); out.removeAll(keepingCapacity: true) }
        }
        FileHandle.standardOutput.write(out)
    }
}

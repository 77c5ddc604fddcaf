import Archive
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
        The whole comparison with SQLite FTS5 and bare Xapian: python3 Benchmarks/bench.py --docs 10000
        """,
        subcommands: [FoldBench.self, TokenizeBench.self, QueriesBench.self],
        defaultSubcommand: FoldBench.self
    )
}

/// Text from files and folders (one level), for the analysis benchmarks.
private func sampleText(_ paths: [String]) throws -> String {
    var sample = ""
    for p in paths {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
            FileHandle.standardError.write(Data("vanban: error: no such file or folder: \(p)\n".utf8))
            throw ExitCode(4)
        }
        let files = isDir.boolValue
            ? (try FileManager.default.contentsOfDirectory(atPath: p)).sorted().map { p + "/" + $0 }
            : [p]
        for f in files { if let s = try? String(contentsOfFile: f, encoding: .utf8) { sample += s + "\n" } }
    }
    guard !sample.isEmpty else { throw ExitCode(2) }
    return sample
}

private func report(_ what: String, _ r: (bytes: Int, seconds: Double)) {
    print(String(format: "%@: %.1f MB in %.3f s = %.1f MB/s (one core)", what, Double(r.bytes) / 1e6, r.seconds, Double(r.bytes) / 1e6 / r.seconds))
}

struct FoldBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fold", abstract: "Folding throughput (MB/s, one core).")
    @Argument(help: "Sample files or folders.") var paths: [String] = ["corpus"]
    @Option(name: .long, help: "Amount of text to process, in MB.") var megabytes = 100
    func run() throws {
        report("fold", VietTextBenchmark.foldThroughput(sample: try sampleText(paths), targetBytes: megabytes * 1_000_000))
    }
}

struct TokenizeBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokenize", abstract: "Tokenising throughput (MB/s, one core).")
    @Argument(help: "Sample files or folders.") var paths: [String] = ["corpus"]
    @Option(name: .long, help: "Amount of text to process, in MB.") var megabytes = 100
    func run() throws {
        report("tokenize", VietTextBenchmark.tokenizeThroughput(sample: try sampleText(paths), targetBytes: megabytes * 1_000_000))
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
            let path = common.databasePath
            var shared: Archive? = reuseArchive ? try Archive.open(path: path) : nil
            var byKind: [String: [Double]] = [:], byCommand: [String: [Double]] = [:]
            var all: [Double] = [], searches: [Double] = []
            var results: [String: Int] = [:]
            var snippetBytes = 0
            let clock = ContinuousClock()
            for rep in 0..<max(1, repeats) {
                for l in lines {
                    let start = clock.now
                    let archive = try shared ?? Archive.open(path: path)
                    var n = 0
                    do {
                        switch l.command {
                        case "search":
                            let r = try archive.search(SearchRequest(query: l.argument, limit: limit))
                            n = r.hits.count
                            for h in r.hits { snippetBytes += h.snippet.text.utf8.count }
                        case "cites-transitive", "cites":
                            let target = try archive.resolveTarget(l.argument, year: l.year, issuer: l.issuer)
                            n = try archive.citers(of: target, transitive: l.command == "cites-transitive").count
                        case "answers":
                            let plan = try archive.resolveDocument(l.argument, year: l.year, issuer: l.issuer)
                            n = try archive.answers(to: plan).count
                        case "obligations":
                            guard let d = DocDate(iso: l.argument) else { throw ArchiveError.badInput("bad date \(l.argument)") }
                            n = try archive.obligations(asOf: d).count
                        default:
                            throw ArchiveError.badInput("unknown command \(l.command) in \(queries)")
                        }
                    } catch let e as ArchiveError {
                        if case .badInput = e { throw e }
                        n = -1  // not found / ambiguous: still timed
                    }
                    let ms = Double((clock.now - start) / .microseconds(1)) / 1000
                    if shared == nil { _ = archive }
                    byKind[l.kind, default: []].append(ms)
                    byCommand[l.command, default: []].append(ms)
                    all.append(ms)
                    if l.command == "search" { searches.append(ms) }
                    if rep == 0 { results[l.kind, default: 0] += max(n, 0) }
                    if verbose && rep == 0 { Out.err(String(format: "%8.3f ms  %5d  %@ %@", ms, n, l.command, l.argument)) }
                }
            }
            shared = nil
            func summary(_ v: [Double]) -> JSON {
                let s = v.sorted()
                func p(_ q: Double) -> Double {
                    guard !s.isEmpty else { return 0 }
                    let k = min(s.count - 1, max(0, Int(q / 100 * Double(s.count) - 1e-9)))
                    return (s[k] * 1000).rounded() / 1000
                }
                return .object([("n", .int(s.count)), ("p50", .double(p(50))), ("p95", .double(p(95))), ("p99", .double(p(99))),
                                ("max", .double(s.last ?? 0))])
            }
            var kinds: [(String, JSON)] = []
            for k in byKind.keys.sorted() {
                guard case .object(var fields) = summary(byKind[k]!) else { continue }
                fields.append(("matches", .int(results[k] ?? 0)))
                kinds.append((k, .object(fields)))
            }
            Out.json(.object([
                ("engine", .string("vanban")), ("repeat", .int(repeats)), ("snippet_bytes", .int(snippetBytes)),
                ("all", summary(all)), ("search", summary(searches)),
                ("commands", .object(byCommand.keys.sorted().map { ($0, summary(byCommand[$0]!)) })),
                ("kinds", .object(kinds)),
            ]))
        }
    }
}

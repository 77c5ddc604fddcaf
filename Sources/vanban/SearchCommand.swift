import Archive
import ArgumentParser
import Foundation

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Ranked full-text search, with or without diacritics.",
        discussion: """
        Query language: words, "phrases", AND / OR / NOT, -word (exclude), +word (require),
        parentheses, and fields: so:6757/KH-SYT, loai:KH, coquan:"so y te", noi:"nghe an",
        nam:2026, ngay:2026-05..2026-06. Unaccented words match every accent variant; accented
        words match them too but rank the exact accents first; --exact keeps only exact accents.
        A query that names a document number ("KH 6757", "6757/KH-SYT", "kết luận 226") puts that
        document first.

        Examples:
          vanban search "chan chinh le loi"
          vanban search "\\"lề lối làm việc\\" -họp" --type KH
          vanban search "KH 6757"
          vanban search "loai:BC ngay:2026-07..2026-09"
          vanban search "quán" --exact --limit 5
        """
    )

    @Argument(help: "The query.")
    var query: String

    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: "Number of results.")
    var limit = 10

    @Flag(name: .long, help: "Only documents with exactly the accents typed.")
    var exact = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting(json: common.json) {
            guard limit >= 0 else { throw ArchiveError.badInput("--limit must be 0 or more") }
            let archive = try Archive.open(path: common.databasePath)
            let resp = try archive.search(SearchRequest(query: query, filter: try filters.filter(), limit: limit, exact: exact))
            if common.json {
                var results: [JSON] = []
                for h in resp.hits {
                    results.append(try Shapes.document(h.document, archive: archive, asOf: today()).merging([
                        ("score", .double(h.score)),
                        ("snippet", .string(h.snippet.text)),
                        ("snippet_line", .int(h.snippet.line)),
                    ]))
                }
                Out.json(.object([("query", .string(resp.query)), ("total", .int(resp.total)), ("results", .array(results))]))
                return
            }
            if resp.hits.isEmpty { Out.print("no documents match \"\(query)\""); return }
            Out.print(Out.dim("about \(resp.total) match(es)"))
            for (i, h) in resp.hits.enumerated() {
                let d = h.document
                let title = [d.number ?? "(không số)", d.date?.description, d.doc.issuer].compactMap { $0 }.joined(separator: " · ")
                Out.print("\(i + 1). " + Out.bold(title) + Out.dim("  [\(d.id)]"))
                if let s = d.doc.subject { Out.print("   " + s) }
                let snip = Out.isTerminal ? h.snippet.rendered(open: "\u{1B}[1;33m", close: "\u{1B}[0m") : h.snippet.text
                if !snip.isEmpty { Out.print("   " + Out.dim("dòng \(h.snippet.line): ") + snip) }
            }
        }
    }
}

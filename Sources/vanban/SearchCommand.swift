import Archive
import Render
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

        Abbreviations work both ways: "ubnd tinh dong thap" finds "Ủy ban nhân dân tỉnh Đồng Tháp"
        and "so y te" finds "SYT" (see `vanban abbreviations`). Syllables typed side by side rank
        documents where they stand together first; words of a document's issuer count extra.
        With few results, a correction from the archive's own words is proposed ("did you mean").
        --explain shows the weight each part of the query gave each result.

        Examples:
          vanban search "chan chinh le loi"
          vanban search "\\"lề lối làm việc\\" -họp" --type KH
          vanban search "KH 6757"
          vanban search "loai:BC ngay:2026-07..2026-09"
          vanban search "quán" --exact --limit 5
          vanban search "ubnd tinh nghe an" --explain
        """
    )

    @Argument(help: "The query.")
    var query: String

    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: "Number of results.")
    var limit = 10

    @Flag(name: .long, help: "Only documents with exactly the accents typed.")
    var exact = false

    @Flag(name: .long, help: "Show why each result ranked where it did: the weight of each part of the query.")
    var explain = false

    @OptionGroup var abbreviations: AbbreviationOptions

    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting(json: common.json) {
            guard limit >= 0 else { throw ArchiveError.badInput("--limit must be 0 or more") }
            let reader = try ArchiveReader.open(path: common.databasePath)
            let table = try reader.abbreviations(extra: abbreviations.file)
            let resp = try reader.search.run(SearchRequest(query: query, filter: try filters.filter(), limit: limit, exact: exact,
                                                        explain: explain, abbreviations: table))
            if common.json {
                Out.json(try Shapes.search(resp, reader: reader, asOf: today()))
                return
            }
            if resp.hits.isEmpty { Out.print("no documents match \"\(query)\"") }
            if let s = resp.suggestion { Out.print("did you mean: " + Out.bold(s)) }
            if resp.hits.isEmpty { return }
            Out.print(Out.dim("about \(resp.total) match(es)"))
            for (i, h) in resp.hits.enumerated() {
                let d = h.document
                let title = [d.number ?? "(không số)", d.date?.description, d.doc.issuer].compactMap { $0 }.joined(separator: " · ")
                Out.print("\(i + 1). " + Out.bold(title) + Out.dim("  [\(d.id)]"))
                if let s = d.doc.subject { Out.print("   " + s) }
                let snip = Out.isTerminal ? h.snippet.rendered(open: "\u{1B}[1;33m", close: "\u{1B}[0m") : h.snippet.text
                let place = (h.snippet.page.map { "trang \($0), " } ?? "") + "dòng \(h.snippet.line): "
                if !snip.isEmpty { Out.print("   " + Out.dim(place) + snip) }
                if let e = h.explanation {
                    Out.print("   " + Out.dim(String(format: "score %.3f", h.score) + (e.pinned ? " (number look-up: put first)" : "")))
                    for p in e.parts { Out.print("   " + Out.dim(String(format: "  %7.3f  ", p.weight)) + p.label) }
                }
            }
        }
    }
}

/// An extra abbreviation table.
struct AbbreviationOptions: ParsableArguments {
    @Option(name: .customLong("abbreviations"), help: ArgumentHelp(
        "Extra abbreviation table (lines ABBR<TAB>EXPANSION…), on top of the built-in one and DB/abbreviations.tsv.",
        valueName: "FILE"))
    var file: String?
}

struct AbbreviationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abbreviations",
        abstract: "Print the abbreviation table search uses.",
        discussion: """
        The table is the built-in one, extended by abbreviations.tsv in the database folder and by
        --abbreviations FILE. Each line: the abbreviation, a tab, one or more expansions separated
        by tabs; # starts a comment; "ABBR<TAB>-" removes an entry.

        Examples:
          vanban abbreviations
          printf 'BQL\\tBan quản lý\\n' >> ~/.local/share/vanban/db/abbreviations.tsv
          vanban abbreviations --abbreviations my-table.tsv --json
        """
    )

    @OptionGroup var abbreviations: AbbreviationOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting(json: common.json) {
            var table = Abbreviations.builtIn
            if FileManager.default.fileExists(atPath: common.databasePath) {
                table = try ArchiveReader.open(path: common.databasePath).abbreviations(extra: abbreviations.file)
            } else if let f = abbreviations.file {
                try table.add(file: f)
            }
            if common.json {
                Out.json(.object(table.expansions.keys.sorted().map { k in
                    (table.spelling[k] ?? k, .array(table.expansions[k]!.map { .string($0.text) }))
                }))
            } else {
                Out.print(table.table)
            }
        }
    }
}

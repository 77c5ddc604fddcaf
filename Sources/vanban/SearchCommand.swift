import Archive
import Render
import ArgumentParser
import Foundation

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Ranked full-text search, with or without diacritics.",
        usage: "vanban search <query> ... [<options>]",
        discussion: """
        The query is every word after `search`, quoted or not (vanban search le loi lam viec); a word that starts with - excludes (vanban search chấn chỉnh -họp works without `--`). Options may come before or after it.

        Query language: words, "phrases", AND / OR / NOT, -word (exclude), +word (require), parentheses, and fields: so:6757/KH-SYT, loai:KH, coquan:"so y te", noi:"nghe an", nam:2026, ngay:2026-05..2026-06. Unaccented words match every accent variant; accented words match them too but rank the exact accents first; --exact keeps only exact accents.

        A query that names a document number ("KH 6757", "6757/KH-SYT", "kết luận 226") puts that document first; when no archived document has that number, search says so and looks for the documents that mention the number.

        Abbreviations work both ways: "ubnd tinh dong thap" finds "Ủy ban nhân dân tỉnh Đồng Tháp" and "so y te" finds "SYT" (see `vanban abbreviations`). Syllables typed side by side rank documents where they stand together first; words of a document's issuer count extra. With few results, a correction from the archive's own words is proposed ("did you mean"). --explain shows the weight each part of the query gave each result.

        Exit status: 0 when something matches, 1 when nothing does (as grep and ripgrep; --json still prints the empty result).

        Examples:
          vanban search chan chinh le loi
          vanban search '"lề lối làm việc"' -họp --type KH
          vanban search KH 6757
          vanban search loai:BC ngay:2026-07..2026-09
          vanban search quán --exact --limit 5
          vanban search ubnd tinh nghe an --explain
        """,
        helpNames: [.long]
    )

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The query (words need no quotes; -word excludes).", valueName: "query"))
    var words: [String] = []

    var query: String { words.joined(separator: " ") }

    @OptionGroup var filters: FilterOptions

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Number of results (1 or more).", valueName: "N"))
    var limit = 10

    @Flag(name: .long, help: "Only documents with exactly the accents typed.")
    var exact = false

    @Flag(name: .long, help: "Show why each result ranked where it did: the weight of each part of the query.")
    var explain = false

    @OptionGroup var abbreviations: AbbreviationOptions

    @OptionGroup var common: CommonOptions

    func validate() throws {
        // A mistyped option (`--limt 3`) is not a query word; after `--`, anything is.
        if !CommandLine.arguments.contains("--"), let w = words.first(where: { $0.hasPrefix("--") && $0.count > 2 }) {
            var msg = tr("không có tùy chọn '\(w)'", "unknown option '\(w)'")
            let name = String(w.prefix { $0 != "=" })
            if let s = Settings.closest(name, among: Settings.options(of: SearchCommand.self)) {
                msg += tr("; có phải ý bạn là '\(s)'?", "; did you mean '\(s)'?")
            }
            throw Settings.usage(msg)
        }
        if query.trimmingCharacters(in: .whitespaces).isEmpty {
            throw Settings.usage(tr("thiếu truy vấn: vanban search TỪ…", "missing query: vanban search WORDS…"))
        }
    }

    func run() throws {
        var nothing = false
        try runReporting(json: common.json) {
            guard limit >= 1 else { throw Refusal(tr("--limit \(limit): cần từ 1 trở lên", "--limit \(limit): must be 1 or more")) }
            let filter = try filters.filter()
            let reader = try common.openReader()
            let table = try reader.abbreviations(extra: abbreviations.file)
            let resp = try reader.search.run(SearchRequest(query: query, filter: filter, limit: limit, exact: exact,
                                                        explain: explain, abbreviations: table))
            nothing = resp.hits.isEmpty
            if common.json {
                Out.json(try Shapes.search(resp, reader: reader, asOf: today()))
                return
            }
            if let missing = resp.missingReference {
                let number = missing.full ?? missing.serial
                Out.print("\(dim: tr("kho không có văn bản \(missing); tìm các văn bản nhắc đến số \(number)", "no archived document is \(missing); searching the documents that mention \(number)"))")
            }
            if resp.hits.isEmpty { Out.print("\(Txt(stringLiteral: tr("không có văn bản nào khớp", "no documents match"))) \"\(query)\"") }
            if let s = resp.suggestion { Out.print("\(Txt(stringLiteral: tr("có phải ý bạn là:", "did you mean:"))) \(bold: s)") }
            if resp.hits.isEmpty { return }
            Out.print("\(dim: tr("khoảng \(resp.total) kết quả", resp.total == 1 ? "about 1 match" : "about \(resp.total) matches"))")
            for (i, h) in resp.hits.enumerated() {
                let d = h.document
                let title = [d.number ?? Render.noNumber, d.date?.description, d.doc.issuer].compactMap { $0 }.joined(separator: " · ")
                Out.print("\(i + 1). \(bold: title)  \(dim: "[\(d.id)]")", indent: 3)
                if let s = d.doc.subject { Out.print("   \(s)") }
                if !h.snippet.text.isEmpty {
                    let place = (h.snippet.page.map { tr("trang \($0), ", "page \($0), ") } ?? "") + tr("dòng \(h.snippet.line): ", "line \(h.snippet.line): ")
                    Out.print("   \(dim: place)" + Txt.snippet(h.snippet.text, highlights: h.snippet.highlights))
                }
                if let e = h.explanation {
                    let pinned = e.pinned ? tr(" (tra số: xếp đầu)", " (number look-up: put first)") : ""
                    Out.print("   \(dim: tr("điểm", "score") + String(format: " %.3f", h.score) + pinned)")
                    for p in e.parts { Out.print("   \(dim: String(format: "  %7.3f  ", p.weight))\(Words.explainLabel(p.label))", indent: 15) }
                }
            }
        }
        // As grep and ripgrep: nothing found is exit 1. With --json the empty result is the
        // answer (scripts and the scorer read "total"), exit 0.
        if nothing && !common.json { throw ExitCode(1) }
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
        usage: "vanban abbreviations [<options>]",
        discussion: """
        The table is the built-in one, extended by abbreviations.tsv in the database folder and by --abbreviations FILE. Each line: the abbreviation, a tab, one or more expansions separated by tabs; # starts a comment; "ABBR<TAB>-" removes an entry.

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
            if let db = common.db.first(where: { !FileManager.default.fileExists(atPath: $0) }) {
                // Given on purpose: not the built-in table instead of the archive's.
                throw ArchiveError.notFound("no index at \(db); run `vanban index PATH --db \(db)` first")
            }
            if FileManager.default.fileExists(atPath: common.databasePath) {
                table = try common.openReader().abbreviations(extra: abbreviations.file)
            } else if let f = abbreviations.file {
                try table.add(file: f)
            }
            if common.json {
                Out.json(.object(table.expansions.keys.sorted().map { k in
                    (table.spelling[k] ?? k, .array(table.expansions[k]!.map { .string($0.text) }))
                }))
            } else {
                Out.print("\(text: table.table)", wrap: false)
            }
        }
    }
}

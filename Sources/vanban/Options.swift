import Archive
import Render
import ArgumentParser
import Documents
import Foundation

/// `--lang` and `--color`: read from the command line by `Settings.configure` before parsing
/// (they go with every command, in any position); declared here for the help, the man page and
/// shell completion.
struct OutputOptions: ParsableArguments {
    enum LangChoice: String, ExpressibleByArgument, CaseIterable { case vi, en }
    enum ColorChoice: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

    @Option(name: .long, help: ArgumentHelp("Language of messages and human-readable output: vi (default) or en; default from LC_ALL, LC_MESSAGES, LANG.", valueName: "LANG"))
    var lang: LangChoice?

    @Option(name: .long, help: ArgumentHelp("Colour and bold on stdout: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or never.", valueName: "WHEN"))
    var color: ColorChoice?
}

/// Options every command that reads or writes an archive takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Index database folder; reading commands also take a Xapian stub file, and several --db read as one archive.", discussion: "Default: $VANBAN_DB, else $XDG_DATA_HOME/vanban/db, else ~/.local/share/vanban/db.", valueName: "DB"))
    var db: [String] = []

    @Flag(name: .long, help: "Answer from the databases that can be read when a shard is missing or down (warning on stderr, \"partial\" in JSON).")
    var allowPartial = false

    @Flag(name: .long, help: "Print JSON (the stable schema documented in the README).")
    var json = false

    @OptionGroup var output: OutputOptions

    var databasePath: String { databasePaths[0] }

    /// Every --db given, else the default database.
    var databasePaths: [String] {
        let given = db.filter { !$0.isEmpty }
        return given.isEmpty ? [CommonOptions.defaultDatabase(ProcessInfo.processInfo.environment)] : given
    }

    /// The archive of every --db, as one; shards left out (--allow-partial) are warned of on
    /// stderr and listed under "partial" in JSON output.
    func openReader() throws(ArchiveError) -> ArchiveReader {
        let r = try ArchiveReader.open(paths: databasePaths, allowPartial: allowPartial)
        Out.partial = r.partial
        for p in r.partial {
            Out.warning("\(tr("bỏ qua một phân đoạn, câu trả lời không đầy đủ: \(p)", "shard left out, the answer is partial: \(p)"))")
        }
        return r
    }

    /// `$VANBAN_DB`, else `$XDG_DATA_HOME/vanban/db` (an absolute `XDG_DATA_HOME`, as the XDG
    /// specification asks), else `$HOME/.local/share/vanban/db`.
    static func defaultDatabase(_ env: [String: String]) -> String {
        if let v = env["VANBAN_DB"], !v.isEmpty { return v }
        if let x = env["XDG_DATA_HOME"], x.hasPrefix("/") { return x + "/vanban/db" }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/vanban/db"
    }
}

/// A command refused on what it was given: bad input (exit 2) unless said otherwise; the
/// message is in the current language already.
struct Refusal: Error {
    var message: String
    var exitCode: Int32 = 2
    init(_ message: String, exitCode: Int32 = 2) { self.message = message; self.exitCode = exitCode }
}

/// Reads a year typed for `--year`.
func parseYear(_ s: String, option: String = "--year") throws -> Int {
    guard let y = Int(s.trimmingCharacters(in: .whitespaces)), y >= 1900, y <= 2199 else {
        throw Refusal(tr("\(option) \(s): không phải một năm (1900–2199)", "\(option) \(s): not a year (1900–2199)"))
    }
    return y
}

/// Reads a document type typed for `--type` or `loai:`; an unknown one is refused with the list.
func parseType(_ s: String) throws -> String {
    if let c = DocumentTypes.code(forName: s) { return c }
    let list = DocumentTypes.all.map { "\($0.code) (\($0.name))" }.joined(separator: ", ")
    throw Refusal(tr("--type \(s): không phải loại văn bản; hãy dùng một trong: \(list)",
                       "--type \(s): not a document type; use one of: \(list)"))
}

/// Filters shared by search and list.
struct FilterOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Document type: KH, BC, CV, QĐ, KL… or its name (\"kế hoạch\").", valueName: "T"))
    var type: String?
    @Option(name: .long, help: ArgumentHelp("Issuer, with or without diacritics, abbreviated or not (\"SYT Nghệ An\" = \"Sở Y tế tỉnh Nghệ An\").", valueName: "X"))
    var issuer: String?
    @Option(name: .long, help: ArgumentHelp("Place of issue (\"Nghệ An\").", valueName: "P"))
    var place: String?
    @Option(name: .long, help: ArgumentHelp("Issued on or after: YYYY, YYYY-MM, YYYY-MM-DD or D/M/YYYY.", valueName: "D"))
    var from: String?
    @Option(name: .long, help: ArgumentHelp("Issued on or before (same forms).", valueName: "D"))
    var to: String?
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Year of issue.", valueName: "Y"))
    var year: String?

    func filter() throws -> Filter {
        let from = try from.map { try DateRange.date($0) }
        let to = try to.map { try DateRange.date($0) }
        if let f = from, let t = to, (f.year, f.month ?? 0, f.day ?? 0) > (t.year, t.month ?? 99, t.day ?? 99) {
            throw Refusal(tr("--from \(self.from!) sau --to \(self.to!)", "--from \(self.from!) is after --to \(self.to!)"))
        }
        return Filter(type: try type.map { try parseType($0) },
                      issuer: issuer.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 },
                      place: place.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 },
                      from: from, to: to,
                      year: try year.map { try parseYear($0) })
    }
}

/// Narrowing for REF arguments that match several documents.
struct RefOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Year of the document REF names, when its number repeats across years.", valueName: "Y"))
    var year: String?
    @Option(name: .long, help: ArgumentHelp("Issuer of the document REF names (\"so y te can tho\").", valueName: "X"))
    var issuer: String?

    func parsedYear() throws -> Int? { try year.map { try parseYear($0) } }

    /// `--year`/`--issuer` narrow a number: with an id `FILE#N` they would do nothing.
    func check(_ ref: String) throws {
        if UserRef.isID(ref), year != nil || issuer != nil {
            throw Refusal(tr("--year và --issuer thu hẹp một số văn bản; \(ref) là mã của đúng một văn bản",
                               "--year and --issuer narrow a number; \(ref) is the id of one document"))
        }
    }

    /// The archive `common` names, and the document `ref` names in it, narrowed by `--year` and
    /// `--issuer` (checked first: they do not go with an id).
    func openDocument(_ ref: String, _ common: CommonOptions) throws -> (ArchiveReader, StoredDocument) {
        try check(ref)
        let reader = try common.openReader()
        return (reader, try reader.document(named: ref, year: try parsedYear(), issuer: issuer))
    }
}

/// Runs a command body, turning archive errors into one clear stderr line and the documented exit code.
/// A body whose read was overtaken by an index run is run again (it opens a fresh snapshot), its
/// output held back until it has finished, so the output is all from one snapshot.
/// `command`: the subcommand's name, for the hint of an ambiguous REF.
func runReporting(json: Bool, command: String? = nil, _ body: () throws -> Void) throws {
    do {
        defer { Out.release() }
        try Archive.retrying(discard: { Out.held = [] }) {
            Out.held = []
            try body()
        }
    } catch let e as Refusal {
        Out.error("\(e.message)")
        throw ExitCode(e.exitCode)
    } catch let e as ArchiveError {
        Out.error(message: e.description)
        if case .ambiguous(_, let cands) = e {
            for c in cands {
                Out.err("  \(c.number ?? "", pad: 18) \(c.date?.description ?? "", pad: 10)  \(c.doc.issuer ?? "")  [\(c.id)]")
            }
            if let command, let first = cands.first {
                Out.err("  " + Txt(stringLiteral: tr("hoặc chọn một văn bản theo mã, ví dụ:", "or name one by its id, e.g.:"))
                        + " vanban \(command) \(shellQuoted(first.id))")
            }
            if json {
                Out.json(Shapes.ambiguous(cands))
            }
        }
        throw ExitCode(e.exitCode)
    }
}

/// `s` as one shell word.
func shellQuoted(_ s: String) -> String {
    if !s.isEmpty, s.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || "0123456789_./#-:+".unicodeScalars.contains($0) }) { return s }
    return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// Today's date in local time.
func today() -> DocDate {
    let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
    return DocDate(year: c.year!, month: c.month!, day: c.day!)
}

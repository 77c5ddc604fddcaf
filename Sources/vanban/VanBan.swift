import Archive
import ArgumentParser
import Foundation

@main
struct VanBan: ParsableCommand {
    /// The release, printed by `--version` with the index schema this build writes.
    static let version = "0.9.0"

    static let configuration = CommandConfiguration(
        commandName: "vanban",
        abstract: "Search and citation index for archives of Vietnamese administrative documents.",
        discussion: """
        Index a folder of documents, then search it with or without diacritics, follow citations down the chain, see which reports answer a plan and who still owes what. Messages and human-readable output are in Vietnamese (English with --lang en or LANG=en…); --json output is the same in both.

        Examples:
          vanban index corpus
          vanban search chan chinh le loi
          vanban search "KH 6757"
          vanban cites 226-KL/TW --transitive
          vanban answers "KH 6757"
          vanban obligations --as-of 2026-11-22

        The database defaults to $VANBAN_DB, else $XDG_DATA_HOME/vanban/db, else ~/.local/share/vanban/db.

        Exit codes: 0 ok; 1 no result (search) or an unexpected error; 2 bad input; 3 ambiguous REF; 4 not found; 5 database locked; 6 indexed with warnings; 64 bad usage.
        """,
        version: "vanban \(version) (index schema \(Schema.version))",
        subcommands: [IndexCommand.self, SearchCommand.self, ListCommand.self, ShowCommand.self, RefsCommand.self,
                      CitesCommand.self, AnswersCommand.self, ObligationsCommand.self, RemindCommand.self, FoldCommand.self,
                      AnalyzeCommand.self, BenchCommand.self, ExtractCommand.self, AbbreviationsCommand.self, ServeCommand.self, UsersCommand.self,
                      CompactCommand.self]
    )

    static func main() {
        var args = Array(CommandLine.arguments.dropFirst())
        do {
            try Settings.configure(&args, env: ProcessInfo.processInfo.environment)
        } catch {
            Out.error("\(error.message)")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        args = Settings.searchHelp(args)
        if let typed = Settings.unknownSubcommand(args) {
            var msg: Txt = "\(Txt(stringLiteral: tr("không có lệnh", "no command"))) '\(typed)'"
            if let s = Settings.closest(typed, among: Settings.visibleSubcommands.map { $0.configuration.commandName ?? "" }) {
                msg.append("; " + Txt(stringLiteral: tr("có phải ý bạn là", "did you mean")) + " '\(s)'?")
            }
            Out.error(msg)
            Out.err(Txt(stringLiteral: tr("Xem 'vanban --help' để biết các lệnh.", "See 'vanban --help' for the commands.")))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try parseAsRoot(args)
            try command.run()
            Out.flush()
            Foundation.exit(0)
        } catch {
            Out.flush()
            Settings.report(error, args: args)
        }
    }
}

/// What the command line sets before a command runs: language, colour, width; and how parser
/// errors are reported.
enum Settings {
    struct Problem: Error { var message: String }

    /// Messages of the `ValidationError`s the commands throw (in the current language already).
    nonisolated(unsafe) static var own: Set<String> = []

    /// A usage error said by a command (exit 64), in the current language.
    static func usage(_ message: String) -> ValidationError {
        own.insert(message)
        return ValidationError(message)
    }

    /// Takes `--lang` and `--color` out of `args` (anywhere before `--`) and sets `Out`.
    static func configure(_ args: inout [String], env: [String: String]) throws(Problem) {
        var lang: Lang?
        var colorMode = "auto"
        var kept: [String] = []
        var i = 0
        var ended = false
        while i < args.count {
            let a = args[i]
            if ended || a == "--" { ended = true; kept.append(a); i += 1; continue }
            var name: String?, value: String?
            for opt in ["--lang", "--color"] {
                if a == opt { name = opt; value = i + 1 < args.count ? args[i + 1] : nil; i += 1 }
                else if a.hasPrefix(opt + "=") { name = opt; value = String(a.dropFirst(opt.count + 1)) }
            }
            guard let name else { kept.append(a); i += 1; continue }
            i += 1
            if lang == nil { Out.lang = Lang.fromEnvironment(env) }
            guard let value else {
                throw Problem(message: tr("thiếu giá trị cho \(name)", "missing value for \(name)"))
            }
            if name == "--lang" {
                guard let l = Lang(code: value) else {
                    throw Problem(message: tr("--lang \(value): hãy dùng vi hoặc en", "--lang \(value): use vi or en"))
                }
                lang = l
            } else {
                guard ["auto", "always", "never"].contains(value) else {
                    throw Problem(message: tr("--color \(value): hãy dùng auto, always hoặc never", "--color \(value): use auto, always or never"))
                }
                colorMode = value
            }
        }
        args = kept
        Out.lang = lang ?? Lang.fromEnvironment(env)
        switch colorMode {
        case "always": Out.color = true
        case "never": Out.color = false
        default:
            Out.color = Out.isTerminal && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
        }
        Out.columns = Out.terminalColumns()
    }

    /// In `search`, whose query may start with `-` (`-họp`), `-h` alone still asks for help.
    static func searchHelp(_ args: [String]) -> [String] {
        guard args.first == "search" else { return args }
        var out = args
        for i in out.indices.dropFirst() {
            if out[i] == "--" { break }
            if out[i] == "-h" { out[i] = "--help" }
        }
        return out
    }

    static var visibleSubcommands: [ParsableCommand.Type] {
        VanBan.configuration.subcommands.filter { $0.configuration.shouldDisplay }
    }

    /// The first word when it names no command (`vanban serch …`).
    static func unknownSubcommand(_ args: [String]) -> String? {
        guard let first = args.first, !first.hasPrefix("-") else { return nil }
        let names = VanBan.configuration.subcommands.map { $0.configuration.commandName ?? "" } + ["help"]
        return names.contains(first) ? nil : first
    }

    /// The candidate nearest to `typed` (at most two edits, or one for short words), if any.
    static func closest(_ typed: String, among candidates: [String]) -> String? {
        let t = Array(typed.lowercased().utf8)
        let limit = t.count <= 4 ? 1 : 2
        var best: (String, Int)?
        for c in candidates where !c.isEmpty {
            let d = Archive.editDistance(t, Array(c.utf8), limit: limit)
            if d <= limit, best == nil || d < best!.1 { best = (c, d) }
        }
        if best == nil {
            // A prefix typed (`vanban oblig`).
            let pre = candidates.filter { $0.hasPrefix(typed.lowercased()) && typed.count >= 3 }
            if pre.count == 1 { return pre[0] }
        }
        return best?.0
    }

    /// The long options of a command, read from its help.
    static func options(of command: ParsableCommand.Type) -> [String] {
        let help = VanBan.helpMessage(for: command, columns: 1000)
        var out: [String] = []
        var i = help.startIndex
        while let r = help.range(of: "--", range: i..<help.endIndex) {
            var j = r.upperBound
            while j < help.endIndex, help[j].isLetter || help[j] == "-" { j = help.index(after: j) }
            let name = String(help[r.lowerBound..<j])
            if name.count > 3, !out.contains(name) { out.append(name) }
            i = j
        }
        return out
    }

    static func subcommand(_ args: [String]) -> ParsableCommand.Type? {
        guard let first = args.first else { return nil }
        return VanBan.configuration.subcommands.first { $0.configuration.commandName == first }
    }

    /// Prints a parser error (or the help, or the version) the house way, and exits.
    static func report(_ error: Error, args: [String]) -> Never {
        if let e = error as? ExitCode { exit(e.rawValue) }
        let code = VanBan.exitCode(for: error)
        if code == .success {
            // --help, --version.
            let text = VanBan.fullMessage(for: error)
            if !text.isEmpty { Out.print("\(text: text)", wrap: false) }
            Out.flush()
            exit(0)
        }
        if let p = error as? Problem {
            Out.error("\(p.message)")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        let message = VanBan.message(for: error)
        // Our own validation messages are written in the current language already.
        let said = Settings.own.contains(message) ? (text: message, lang: Out.lang) : Parser.localized(message)
        var line: Txt = "\(said.text)"
        if let typed = Messages.match(message, "Unknown option '{}'")?.first, let cmd = subcommand(args),
           let s = closest(typed, among: options(of: cmd)) {
            line.append("; " + Txt(stringLiteral: said.lang == .vi ? "có phải ý bạn là" : "did you mean") + " '\(s)'?")
        }
        Out.error(line, in: said.lang)
        // The usage lines ArgumentParser adds after the message.
        let full = VanBan.fullMessage(for: error)
        for l in full.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if l.hasPrefix("Usage:") {
                Out.err("\(Txt(stringLiteral: tr("Cách dùng:", "Usage:")))\(String(l.dropFirst("Usage:".count)))")
            } else if let cmd = Messages.match(l.trimmingCharacters(in: .whitespaces), "See '{}' for more information.")?.first {
                Out.err("  " + Txt(stringLiteral: tr("Xem", "See")) + " '\(cmd)' " + Txt(stringLiteral: tr("để biết thêm.", "for more information.")))
            }
        }
        exit(code.rawValue)
    }
}

/// ArgumentParser's messages (English) in the current language.
enum Parser {
    static let table: [(String, String)] = [
        ("Unknown option '{}'. Did you mean '{}'?", "không có tùy chọn '{0}'; có phải ý bạn là '{1}'?"),
        ("Unknown option '{}'", "không có tùy chọn '{0}'"),
        ("Missing expected argument '{}'", "thiếu đối số '{0}'"),
        ("Unexpected argument '{}'", "đối số thừa '{0}'"),
        ("{} unexpected arguments: {}", "{0} đối số thừa: {1}"),
        ("Missing value for '{}'", "thiếu giá trị cho '{0}'"),
        ("The value '{}' is invalid for '{}'. Please provide one of {}.", "giá trị '{0}' không hợp lệ cho '{1}'; hãy dùng một trong {2}"),
        ("The value '{}' is invalid for '{}'", "giá trị '{0}' không hợp lệ cho '{1}'"),
        ("Value to be set with flag '{}' had already been set with flag '{}'", "'{0}' mâu thuẫn với '{1}' đã cho"),
    ]

    static func localized(_ message: String) -> (text: String, lang: Lang) {
        let m = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
        guard Out.lang == .vi else { return (m, .en) }
        if let vi = Messages.translate(m, table) { return (vi, .vi) }
        return Messages.localized(m)
    }
}

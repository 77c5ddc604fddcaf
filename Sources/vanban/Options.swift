import Archive
import Render
import ArgumentParser
import Documents
import Foundation

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Index database folder.", discussion: "Default: $VANBAN_DB, else $XDG_DATA_HOME/vanban/db (~/.local/share/vanban/db).", valueName: "DB"))
    var db: String?

    @Flag(name: .long, help: "Print JSON (the stable schema documented in the README).")
    var json = false

    var databasePath: String {
        if let db, !db.isEmpty { return db }
        let env = ProcessInfo.processInfo.environment
        if let v = env["VANBAN_DB"], !v.isEmpty { return v }
        let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.local/share")
        return base + "/vanban/db"
    }
}

/// Filters shared by search and list.
struct FilterOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Document type: KH, BC, CV, QĐ, KL… or its name (\"kế hoạch\").", valueName: "T"))
    var type: String?
    @Option(name: .long, help: ArgumentHelp("Issuer words, with or without diacritics (\"so y te\").", valueName: "X"))
    var issuer: String?
    @Option(name: .long, help: ArgumentHelp("Place of issue (\"Nghệ An\").", valueName: "P"))
    var place: String?
    @Option(name: .long, help: ArgumentHelp("Issued on or after: YYYY, YYYY-MM, YYYY-MM-DD or D/M/YYYY.", valueName: "D"))
    var from: String?
    @Option(name: .long, help: ArgumentHelp("Issued on or before (same forms).", valueName: "D"))
    var to: String?
    @Option(name: .long, help: ArgumentHelp("Year of issue.", valueName: "Y"))
    var year: Int?

    func filter() throws(ArchiveError) -> Filter {
        Filter(type: type, issuer: issuer, place: place,
               from: try from.map { s throws(ArchiveError) in try DateRange.date(s) },
               to: try to.map { s throws(ArchiveError) in try DateRange.date(s) },
               year: year)
    }
}

/// Narrowing for REF arguments that match several documents.
struct RefOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Year of the document REF names, when its number repeats across years.", valueName: "Y"))
    var year: Int?
    @Option(name: .long, help: ArgumentHelp("Issuer of the document REF names (\"so y te can tho\").", valueName: "X"))
    var issuer: String?
}

enum Out {
    static let isTerminal = isatty(STDOUT_FILENO) == 1
    static let errIsTerminal = isatty(STDERR_FILENO) == 1
    static func bold(_ s: String) -> String { isTerminal ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    static func dim(_ s: String) -> String { isTerminal ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
    static func err(_ s: String) {
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }
    /// Output held back while a read may still be redone on a fresh snapshot (see runReporting).
    nonisolated(unsafe) static var held: [String]?
    static func print(_ s: String) { if held != nil { held!.append(s) } else { Swift.print(s) } }
    static func json(_ j: JSON) { print(j.serialized(pretty: false)) }
    static func release() {
        let lines = held ?? []
        held = nil
        for l in lines { Swift.print(l) }
    }
}

/// Runs a command body, turning archive errors into one clear stderr line and the documented exit code.
/// A body whose read was overtaken by an index run is run again (it opens a fresh snapshot), its
/// output held back until it has finished, so the output is all from one snapshot.
func runReporting(json: Bool, _ body: () throws -> Void) throws {
    do {
        defer { Out.release() }
        try Archive.retrying(discard: { Out.held = [] }) {
            Out.held = []
            try body()
        }
    } catch let e as ArchiveError {
        Out.err("vanban: error: \(e.description)")
        if case .ambiguous(_, let cands) = e {
            for c in cands {
                Out.err("  \(c.label)  \(c.doc.issuer ?? "")  [\(c.id)]")
            }
            if json {
                Out.json(Shapes.ambiguous(cands))
            }
        }
        throw ExitCode(e.exitCode)
    }
}

/// Today's date in local time.
func today() -> DocDate {
    let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
    return DocDate(year: c.year!, month: c.month!, day: c.day!)
}

import Foundation
import VietText

/// Abbreviations and what they stand for, used both ways at query time: "UBND" also finds
/// "Ủy ban nhân dân", and "uy ban nhan dan" also finds "UBND".
///
/// The table is text, one entry per line: the abbreviation, a tab, and one or more expansions
/// separated by tabs; `#` starts a comment. The built-in table (`AbbreviationTable.swift`) is
/// extended by `abbreviations.tsv` inside the database folder and by `--abbreviations FILE`;
/// a later entry for the same abbreviation adds expansions, and a line `ABBR<TAB>-` removes it.
public struct Abbreviations: Sendable {
    /// One expansion: its tokens as folded and exact terms.
    public struct Expansion: Sendable, Hashable {
        public var text: String
        public var folded: [String]
        public var exact: [String]
    }

    /// Folded abbreviation → its expansions.
    public private(set) var expansions: [String: [Expansion]] = [:]
    /// Folded abbreviation → the way it is written in the table.
    public private(set) var spelling: [String: String] = [:]
    /// First folded token of an expansion → (abbreviation, expansion), longest expansions first.
    private var byFirstToken: [String: [(abbreviation: String, expansion: Expansion)]] = [:]

    public init() {}

    public static let builtIn: Abbreviations = {
        var a = Abbreviations()
        _ = a.add(table: builtInTable)
        return a
    }()

    /// Adds the entries of a table; returns the lines it could not read ("line N: reason").
    @discardableResult
    public mutating func add(table: String) -> [String] {
        var problems: [String] = []
        for (n, line) in TableLines.of(table) {
            let fields = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard fields.count >= 2 else {
                problems.append("line \(n): expected ABBREVIATION<TAB>EXPANSION")
                continue
            }
            let abbrToks = Analyzer.name.terms(fields[0])
            guard abbrToks.count == 1 else {
                problems.append("line \(n): \"\(fields[0])\" is not one word")
                continue
            }
            let key = abbrToks[0].folded
            if fields.count == 2 && fields[1] == "-" {
                expansions[key] = nil
                spelling[key] = nil
                continue
            }
            spelling[key] = fields[0]
            for e in fields.dropFirst() {
                let toks = Analyzer.name.terms(e)
                guard !toks.isEmpty else { continue }
                let x = Expansion(text: e, folded: toks.map(\.folded), exact: toks.map(\.exact))
                if x.folded == [key] { continue }
                if !(expansions[key]?.contains(x) ?? false) { expansions[key, default: []].append(x) }
            }
        }
        rebuildIndex()
        return problems
    }

    /// Reads a table file; a missing file adds nothing.
    public mutating func add(file path: String) throws(ArchiveError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        guard let data = FileManager.default.contents(atPath: path) else { throw .io("cannot read \(path)") }
        let problems = add(table: String(decoding: data, as: UTF8.self))
        if !problems.isEmpty { throw .badInput("\(path): " + problems.joined(separator: "; ")) }
    }

    private mutating func rebuildIndex() {
        byFirstToken = [:]
        for (abbr, xs) in expansions {
            for x in xs { byFirstToken[x.folded[0], default: []].append((abbr, x)) }
        }
        for k in byFirstToken.keys {
            byFirstToken[k]!.sort { ($0.expansion.folded.count, $1.abbreviation) > ($1.expansion.folded.count, $0.abbreviation) }
        }
    }

    /// Expansions written out at `folded[i...]`, longest first: (abbreviation, tokens used).
    func expansionsStarting(at i: Int, in folded: [String]) -> [(abbreviation: String, length: Int)] {
        guard let cands = byFirstToken[folded[i]] else { return [] }
        var out: [(String, Int)] = []
        for c in cands {
            let n = c.expansion.folded.count
            guard i + n <= folded.count else { continue }
            if Array(folded[i..<(i + n)]) == c.expansion.folded { out.append((c.abbreviation, n)) }
        }
        return out
    }

    /// The whole table, sorted, as text in the table format.
    public var table: String {
        expansions.keys.sorted().map { k in
            ([spelling[k] ?? k] + expansions[k]!.map(\.text)).joined(separator: "\t")
        }.joined(separator: "\n")
    }
}

extension Archive {
    /// File name of the archive's own abbreviation table, inside the database folder.
    public static let abbreviationsFileName = "abbreviations.tsv"
}

extension ArchiveReader {
    /// The built-in table, extended by `abbreviations.tsv` in the database folder and by `extra`.
    public func abbreviations(extra: String? = nil) throws(ArchiveError) -> Abbreviations {
        var a = Abbreviations.builtIn
        try a.add(file: (path as NSString).appendingPathComponent(Archive.abbreviationsFileName))
        if let extra {
            guard FileManager.default.fileExists(atPath: extra) else { throw .badInput("no abbreviation table at \(extra)") }
            try a.add(file: extra)
        }
        return a
    }
}

/// The lines of a table file (the abbreviation table, the unit roster, a stub) that hold an
/// entry: numbered from 1 as the file counts them, trimmed, blank lines and `#` comments left out.
enum TableLines {
    static func of(_ table: String) -> [(number: Int, line: String)] {
        var out: [(number: Int, line: String)] = []
        for (n, raw) in table.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            out.append((n + 1, line))
        }
        return out
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Render

/// Text on its way to the terminal. The program's own words are string literals; everything else
/// (document text, metadata, file names, a query, a message from below) is interpolated, and an
/// interpolated string is escaped: control characters (C0 but tab, DEL, C1, bidirectional
/// overrides) are shown as `\x1b`, `\u{202e}`… and a newline is shown as `\n` unless the value is
/// interpolated as `\(text:)` (a document's body). `Out` prints nothing else, so no ESC sequence,
/// OSC 52 or forged `vanban: error:` line from a document or a file name reaches the terminal raw.
struct Txt: Sendable {
    enum Style: Sendable { case plain, bold, dim, hit }
    struct Run: Sendable {
        var text: String
        var style: Style
    }
    private(set) var runs: [Run] = []

    init() {}

    /// The characters, without styles.
    var plain: String {
        if runs.count == 1 { return runs[0].text }
        var s = ""
        for r in runs { s += r.text }
        return s
    }

    var isEmpty: Bool { runs.allSatisfy { $0.text.isEmpty } }

    /// Columns the text takes on a terminal.
    var width: Int { runs.reduce(0) { $0 + Out.width($1.text) } }

    /// Appends text that is already safe (escaped, or the program's own).
    fileprivate mutating func add(_ s: String, _ style: Style) {
        guard !s.isEmpty else { return }
        if let last = runs.last, last.style == style { runs[runs.count - 1].text += s } else { runs.append(Run(text: s, style: style)) }
    }

    mutating func append(_ t: Txt) { for r in t.runs { add(r.text, r.style) } }

    static func + (a: Txt, b: Txt) -> Txt { var c = a; c.append(b); return c }

    /// The same characters in another style (the program's words and data already escaped).
    func styled(_ style: Style) -> Txt {
        var t = Txt()
        for r in runs { t.add(r.text, r.style == .plain ? style : r.style) }
        return t
    }

    /// Parts joined by `separator`.
    static func join(_ parts: [Txt], _ separator: Txt) -> Txt {
        var out = Txt()
        for (i, p) in parts.enumerated() {
            if i > 0 { out.append(separator) }
            out.append(p)
        }
        return out
    }

    /// A snippet: its text escaped, its highlighted byte ranges in the `hit` style.
    static func snippet(_ text: String, highlights: [Range<Int>]) -> Txt {
        var t = Txt()
        let bytes = Array(text.utf8)
        var at = 0
        for h in highlights where h.lowerBound >= at && h.upperBound <= bytes.count {
            t.add(Out.escaped(String(decoding: bytes[at..<h.lowerBound], as: UTF8.self)), .plain)
            t.add(Out.escaped(String(decoding: bytes[h], as: UTF8.self)), .hit)
            at = h.upperBound
        }
        t.add(Out.escaped(String(decoding: bytes[at...], as: UTF8.self)), .plain)
        return t
    }

    /// The text cut to `columns` (an ellipsis marks the cut).
    func truncated(to columns: Int) -> Txt {
        guard columns > 0, width > columns else { return self }
        var out = Txt()
        var used = 0
        for r in runs {
            var piece = ""
            for u in r.text.unicodeScalars {
                let w = Out.width(u)
                if used + w > columns - 1 {
                    out.add(piece, r.style)
                    out.add("…", r.style)
                    return out
                }
                piece.unicodeScalars.append(u)
                used += w
            }
            out.add(piece, r.style)
        }
        return out
    }

    /// Lines of at most `columns`, broken at spaces (a longer word is cut); lines after the first
    /// start with `indent` spaces. A newline in the text starts a new line (without the indent).
    func wrapped(to columns: Int, indent: Int) -> [Txt] {
        // Words (pieces of runs, with their styles), the spaces between them, newlines.
        enum Tok { case word([(Substring, Style)], Int), spaces(Int), newline }
        var toks: [Tok] = []
        var word: [(Substring, Style)] = []
        var ww = 0
        func endWord() {
            if !word.isEmpty { toks.append(.word(word, ww)) }
            word = []
            ww = 0
        }
        for r in runs {
            let text = Substring(r.text)
            var from = text.startIndex
            // Split on the bytes of a space and a newline (no Character stepping).
            for i in text.utf8.indices {
                let b = text.utf8[i]
                guard b == 0x20 || b == 0x0A else { continue }
                if from < i { let piece = text[from..<i]; word.append((piece, r.style)); ww += Out.width(piece) }
                endWord()
                if b == 0x0A { toks.append(.newline) }
                else if case .spaces(let n)? = toks.last { toks[toks.count - 1] = .spaces(n + 1) }
                else { toks.append(.spaces(1)) }
                from = text.utf8.index(after: i)
            }
            if from < text.endIndex { let piece = text[from...]; word.append((piece, r.style)); ww += Out.width(piece) }
        }
        endWord()

        var lines: [Txt] = []
        var line = Txt()
        var w = 0, start = 0, pending = 0
        var hasWord = false
        func breakLine(continuation: Bool) {
            lines.append(line)
            line = Txt()
            w = 0
            if continuation && indent > 0 { line.add(String(repeating: " ", count: indent), .plain); w = indent }
            start = w
            pending = 0
            hasWord = false
        }
        for tok in toks {
            switch tok {
            case .newline:
                breakLine(continuation: false)
            case .spaces(let n):
                pending += n
            case .word(let pieces, let tw):
                if hasWord && w + pending + tw > columns {
                    breakLine(continuation: true)
                } else if pending > 0 {
                    line.add(String(repeating: " ", count: pending), .plain)
                    w += pending
                    if !hasWord { start = w }
                }
                pending = 0
                hasWord = true
                if w + tw <= columns {
                    for (text, style) in pieces { line.add(String(text), style) }
                    w += tw
                    continue
                }
                // Longer than what is left of a line: cut.
                for (text, style) in pieces {
                    let r = Run(text: String(text), style: style)
                    var piece = String.UnicodeScalarView()
                    for u in r.text.unicodeScalars {
                        let uw = Out.width(u)
                        if w + uw > columns && w > start {
                            line.add(String(piece), r.style)
                            piece = String.UnicodeScalarView()
                            breakLine(continuation: true)
                            hasWord = true
                        }
                        piece.append(u)
                        w += uw
                    }
                    line.add(String(piece), r.style)
                }
            }
        }
        lines.append(line)
        return lines
    }

    /// The text for the terminal, with its styles as ANSI sequences when `color`.
    func rendered(color: Bool) -> String {
        guard color else { return plain }
        var s = ""
        for r in runs {
            switch r.style {
            case .plain: s += r.text
            case .bold: s += "\u{1B}[1m" + r.text + "\u{1B}[0m"
            case .dim: s += "\u{1B}[2m" + r.text + "\u{1B}[0m"
            case .hit: s += "\u{1B}[1;33m" + r.text + "\u{1B}[0m"
            }
        }
        return s
    }
}

extension Txt: ExpressibleByStringInterpolation {
    /// A literal: the program's own words.
    init(stringLiteral value: String) { add(value, .plain) }

    init(stringInterpolation: StringInterpolation) { self = stringInterpolation.txt }

    struct StringInterpolation: StringInterpolationProtocol {
        var txt = Txt()
        init(literalCapacity: Int, interpolationCount: Int) {}
        mutating func appendLiteral(_ s: String) { txt.add(s, .plain) }
        /// Data on one line: escaped, newlines included.
        mutating func appendInterpolation(_ s: String) { txt.add(Out.escaped(s), .plain) }
        mutating func appendInterpolation(_ s: Substring) { txt.add(Out.escaped(String(s)), .plain) }
        mutating func appendInterpolation(_ n: Int) { txt.add(String(n), .plain) }
        mutating func appendInterpolation<T: CustomStringConvertible>(_ v: T) { txt.add(Out.escaped(v.description), .plain) }
        mutating func appendInterpolation(_ t: Txt) { txt.append(t) }
        /// A document's text: escaped, but newlines and tabs kept.
        mutating func appendInterpolation(text s: String) { txt.add(Out.escaped(s, keepNewlines: true), .plain) }
        /// Text with pages (form feeds between them), as `extract` prints it.
        mutating func appendInterpolation(pages s: String) { txt.add(Out.escaped(s, keepNewlines: true, keepFormFeeds: true), .plain) }
        mutating func appendInterpolation(bold s: String) { txt.add(Out.escaped(s), .bold) }
        mutating func appendInterpolation(bold t: Txt) { txt.append(t.styled(.bold)) }
        mutating func appendInterpolation(dim s: String) { txt.add(Out.escaped(s), .dim) }
        mutating func appendInterpolation(dim t: Txt) { txt.append(t.styled(.dim)) }
        /// Data padded with spaces to `columns` (not cut).
        mutating func appendInterpolation(_ s: String, pad columns: Int, style: Style = .plain) {
            let e = Out.escaped(s)
            txt.add(e, style)
            let w = Out.width(e)
            if w < columns { txt.add(String(repeating: " ", count: columns - w), .plain) }
        }
    }
}

/// Every line the CLI writes goes through here (see `Txt`): escaped data, colour only where
/// wanted (`--color`, `NO_COLOR`, `TERM=dumb`, a terminal), lines wrapped to the terminal's width.
enum Out {
    // MARK: Settings (fixed by `Settings.configure` before a command runs)

    nonisolated(unsafe) static var lang: Lang = .vi
    /// Whether styles are written to stdout as ANSI sequences.
    nonisolated(unsafe) static var color = false
    /// The width lines are wrapped and cut to; nil: not a terminal and no `COLUMNS`, lines stay whole.
    nonisolated(unsafe) static var columns: Int? = nil

    static let isTerminal = isatty(STDOUT_FILENO) == 1
    static let errIsTerminal = isatty(STDERR_FILENO) == 1

    /// Output held back while a read may still be redone on a fresh snapshot (see runReporting).
    nonisolated(unsafe) static var held: [String]?
    nonisolated(unsafe) private static var buffer: [UInt8] = []

    // MARK: Writing

    /// One line (or several, for text with newlines) on stdout, wrapped to the terminal's width
    /// with continuation lines indented by `indent` (default: the line's own leading spaces).
    static func print(_ t: Txt, indent: Int? = nil, wrap: Bool = true) {
        guard wrap, let cols = columns, cols > 10, t.width > cols || t.plain.utf8.contains(0x0A) else {
            emit(t.rendered(color: color))
            return
        }
        let lead = indent ?? t.plain.prefix { $0 == " " }.count
        for line in t.wrapped(to: cols, indent: min(lead, cols / 2)) { emit(line.rendered(color: color)) }
    }

    /// Lines joined by newlines (a table built whole, e.g. a plan's matrix), each escaped as
    /// `print` escapes data, none wrapped or cut (a wrapped row loses its columns).
    static func printLines(_ s: String) {
        if !needsEscape(s, keepNewlines: true, keepFormFeeds: false) { emit(s); return }
        for line in s.split(separator: "\n", omittingEmptySubsequences: false) { emit(escaped(String(line))) }
    }

    /// A line cut to the terminal's width (lists of one line per document).
    static func printFitted(_ t: Txt) {
        if let cols = columns, cols > 10 { emit(t.truncated(to: cols).rendered(color: color)) } else { emit(t.rendered(color: color)) }
    }

    /// JSON on one line (its strings are escaped by the serializer).
    static func json(_ j: JSON) { jsonText(j.serialized(pretty: false)) }
    /// JSON already serialized (by `Shapes`), on one line.
    static func jsonText(_ s: String) { emit(partial.isEmpty ? s : withPartial(s)) }
    /// Shards the answer lacks (`CommonOptions.openReader`): added to every JSON object printed.
    nonisolated(unsafe) static var partial: [String] = []
    /// A JSON object with `"partial":[…]` added at its end.
    static func withPartial(_ s: String) -> String { JSON.withPartial(s, partial) }

    private static func emit(_ line: String) {
        if held != nil { held!.append(line); return }
        if line.utf8.count >= 1 << 16 {
            // A long line (a large JSON answer) is written from its own bytes, not copied.
            flush()
            var l = line
            l.withUTF8 { writeAll($0) }
            buffer.append(0x0A)
            return
        }
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    private static func writeAll(_ p: UnsafeBufferPointer<UInt8>) {
        var off = 0
        while off < p.count {
            let n = write(STDOUT_FILENO, p.baseAddress! + off, p.count - off)
            if n < 0 { if errno == EINTR { continue }; break }
            off += n
        }
    }

    /// Writes what is buffered for stdout.
    static func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBufferPointer { writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    static func release() {
        var lines = held ?? []
        held = nil
        // Each line let go once written (a large answer is not kept twice).
        for k in lines.indices {
            emit(lines[k])
            lines[k] = ""
        }
    }

    /// A line on stderr (after what stdout holds, so the two interleave in order on a terminal).
    static func err(_ t: Txt) {
        flush()
        FileHandle.standardError.write(Data((t.plain + "\n").utf8))
    }

    /// `vanban: lỗi: …` / `vanban: error: …`; `lang`: the language the message is in, when it
    /// is not the current one (a message from below that has no translation).
    static func error(_ t: Txt, in lang: Lang? = nil) { prefixed(("lỗi", "error"), t, lang) }
    /// `vanban: cảnh báo: …` / `vanban: warning: …`.
    static func warning(_ t: Txt, in lang: Lang? = nil) { prefixed(("cảnh báo", "warning"), t, lang) }
    /// `vanban: ghi chú: …` / `vanban: note: …`.
    static func note(_ t: Txt, in lang: Lang? = nil) { prefixed(("ghi chú", "note"), t, lang) }

    /// A message from below (English), in the current language when the table has it.
    static func error(message: String) { let m = Messages.localized(message); error("\(m.text)", in: m.lang) }
    static func warning(message: String) { let m = Messages.localized(message); warning("\(m.text)", in: m.lang) }
    static func note(message: String) { let m = Messages.localized(message); note("\(m.text)", in: m.lang) }

    private static func prefixed(_ word: (vi: String, en: String), _ t: Txt, _ lang: Lang?) {
        let w = (lang ?? Out.lang) == .vi ? word.vi : word.en
        err("vanban: " + Txt(stringLiteral: w) + ": " + t)
    }

    // MARK: Escaping

    /// `s` with control characters shown as escapes: C0 (but tab; newline too unless
    /// `keepNewlines`; form feed too unless `keepFormFeeds`), DEL and C1 as `\x1b` (newline and
    /// carriage return as `\n`, `\r`), the bidirectional overrides and isolates as `\u{202e}`.
    static func escaped(_ s: String, keepNewlines: Bool = false, keepFormFeeds: Bool = false) -> String {
        // Most text has none: checked on the bytes (C1 is C2 80–9F, the bidi controls E2 80 AA–AE
        // and E2 81 A6–A9 in UTF-8).
        if !needsEscape(s, keepNewlines: keepNewlines, keepFormFeeds: keepFormFeeds) { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            let v = u.value
            let control = (v < 0x20 && v != 0x09 && !(keepNewlines && v == 0x0A) && !(keepFormFeeds && v == 0x0C))
                || (v >= 0x7F && v <= 0x9F)
            let bidi = (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
            if control, v == 0x0A || v == 0x0D {
                out.append(contentsOf: (v == 0x0A ? "\\n" : "\\r").unicodeScalars)
            } else if control {
                out.append(contentsOf: "\\x".unicodeScalars)
                out.append(contentsOf: String(format: "%02x", v).unicodeScalars)
            } else if bidi {
                out.append(contentsOf: "\\u{".unicodeScalars)
                out.append(contentsOf: String(v, radix: 16).unicodeScalars)
                out.append("}")
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    static func needsEscape(_ s: String, keepNewlines: Bool, keepFormFeeds: Bool) -> Bool {
        var s = s
        return s.withUTF8 { p -> Bool in
            let n = p.count
            var i = 0
            while i < n {
                let b = p[i]
                if b < 0x20 {
                    if !(b == 0x09 || (keepNewlines && b == 0x0A) || (keepFormFeeds && b == 0x0C)) { return true }
                } else if b == 0x7F {
                    return true
                } else if b == 0xC2, i + 1 < n, p[i + 1] >= 0x80, p[i + 1] <= 0x9F {
                    return true
                } else if b == 0xE2, i + 2 < n {
                    let (c, d) = (p[i + 1], p[i + 2])
                    if (c == 0x80 && d >= 0xAA && d <= 0xAE) || (c == 0x81 && d >= 0xA6 && d <= 0xA9) { return true }
                }
                i += 1
            }
            return false
        }
    }

    // MARK: Width

    /// Columns a scalar takes: 0 for combining marks and format characters, 2 for wide (East
    /// Asian) characters, else 1.
    static func width(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x300 { return 1 }
        // Vietnamese letters (precomposed) and their combining marks, without a table look-up.
        if v >= 0x1E00 && v <= 0x1EFF { return 1 }
        if v <= 0x36F { return 0 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (v >= 0x1100 && v <= 0x115F) || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3)
            || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F) || (v >= 0xFF00 && v <= 0xFF60)
            || (v >= 0xFFE0 && v <= 0xFFE6) || (v >= 0x1F300 && v <= 0x1FAFF) || (v >= 0x20000 && v <= 0x3FFFD) {
            return 2
        }
        return 1
    }

    static func width(_ s: String) -> Int { width(Substring(s)) }

    static func width(_ s: Substring) -> Int {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.utf8.count }
        var n = 0
        for u in s.unicodeScalars { n += width(u) }
        return n
    }

    /// The terminal's width: `COLUMNS` when set, else the terminal's (stdout), else nil.
    static func terminalColumns() -> Int? {
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap({ Int($0) }), c > 0 { return c }
        guard isTerminal else { return nil }
        var ws = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 else { return nil }
        return Int(ws.ws_col)
    }
}

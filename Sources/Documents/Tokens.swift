import Foundation
import VietText

/// A word, a number or a mark of a document's text, with what separates it from the token before.
///
/// The header reader works on these instead of on lines: real copies break lines anywhere (PDF
/// text wraps every 60–90 characters, table cells become lines, web copies lose every break), so a
/// line break, a pipe or a run of spaces is only a boundary of some strength, never the end of a
/// field by itself.
struct Token {
    enum Kind: UInt8 { case word, number, mark }

    /// UTF-16 offsets into the view.
    var start: Int
    var end: Int
    var kind: Kind
    /// What stands before the token (see `Gap`).
    var gap: UInt8
    /// A word whose letters are all upper case.
    var upper: Bool
    /// A word whose first letter is upper case.
    var capital: Bool

    var length: Int { end - start }
    var range: NSRange { NSRange(location: start, length: end - start) }
    var isWord: Bool { kind == .word }
    var isNumber: Bool { kind == .number }
    var isMark: Bool { kind == .mark }
    /// Nothing between this token and the one before ("ĐỊNH" + "Về", "ngày" + "20").
    var glued: Bool { gap == 0 }
    var afterLineBreak: Bool { gap & Gap.line != 0 }
    /// A column boundary: a table pipe, a tab or a run of three spaces or more.
    var afterCell: Bool { gap & (Gap.pipe | Gap.wide) != 0 }
}

/// Bits of `Token.gap`.
enum Gap {
    static let space: UInt8 = 1
    /// A tab or three spaces or more.
    static let wide: UInt8 = 2
    static let line: UInt8 = 4
    /// Two line breaks or more (a blank line), or a form feed.
    static let blank: UInt8 = 8
    static let pipe: UInt8 = 16
    /// Markdown emphasis (`*`, `_`), heading or quote marks (`#`, `>`) read as spacing.
    static let markup: UInt8 = 32
}

/// The tokens of a stretch of a document.
struct TokenStream {
    let tv: TextView
    private(set) var tokens: [Token] = []
    /// Where the tokenizer stopped (UTF-16 offset).
    private(set) var end: Int

    /// Tokens of `tv` from `from` up to `to` (UTF-16 offsets), at most `limit` tokens.
    init(_ tv: TextView, from: Int = 0, to: Int? = nil, limit: Int = .max) {
        self.tv = tv
        let u = tv.u16
        let stop = Swift.min(to ?? tv.length, tv.length)
        let table = Scan.table
        var out: [Token] = []
        out.reserveCapacity(Swift.min(256, limit))
        var i = from
        var gap: UInt8 = 0
        var spaces = 0
        var newlines = 0
        func flags(_ c: UInt16) -> UInt8 { c < 0x2070 ? table.flags[Int(c)] : 0 }
        func isLetter(_ c: UInt16) -> Bool {
            if c < 0x80 { return (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
            if c >= 0x300 && c < 0x370 { return true }   // combining marks stay in their word
            if c < 0x2070 { return table.flags[Int(c)] & 2 != 0 }
            return c >= 0x3040 && c < 0xD800   // letters of other scripts: words, not marks
        }
        var lineStart = from == 0 || (from > 0 && u[from - 1] == 0x0A)
        while i < stop && out.count < limit {
            let c = u[i]
            // a page number on a line of its own ("- 2 -", "Trang 2", "2/5") is not text
            if lineStart, c != 0x0A, let e = Opening.pageMarkerEnd(u, i, stop, bare: false) { i = e; lineStart = false; continue }
            lineStart = c == 0x0A
            switch c {
            case 0x20, 0xA0:
                spaces += 1; gap |= Gap.space; if spaces >= 3 { gap |= Gap.wide }; i += 1; continue
            case 0x09:
                gap |= Gap.space | Gap.wide; i += 1; continue
            case 0x0A:
                newlines += 1; gap |= Gap.line; if newlines >= 2 { gap |= Gap.blank }; spaces = 0; i += 1; continue
            case 0x0C:
                gap |= Gap.line | Gap.blank; i += 1; continue
            case 0x0D, 0x0B:
                i += 1; continue
            case 0x7C:
                gap |= Gap.pipe; i += 1; continue
            case 0x2A, 0x5F, 0x23, 0x3E:
                // emphasis and heading marks are spacing; a run of three or more is a separator line
                var j = i
                while j < stop && u[j] == c { j += 1 }
                if j - i >= 3 && (c == 0x2A || c == 0x5F) {
                    out.append(Token(start: i, end: j, kind: .mark, gap: gap, upper: false, capital: false))
                    gap = 0; spaces = 0; newlines = 0
                } else {
                    gap |= Gap.markup
                }
                i = j
                continue
            default:
                break
            }
            if let e = Debris.end(u, at: i, stop) { i = e; gap |= Gap.space; continue }
            let start = i
            if c >= 0x30 && c <= 0x39 {
                while i < stop && u[i] >= 0x30 && u[i] <= 0x39 { i += 1 }
                out.append(Token(start: start, end: i, kind: .number, gap: gap, upper: false, capital: false))
            } else if isLetter(c) {
                // a run of letters, cut where conversions glued two words: "ĐỊNHVề", "TỊCHNguyễn", "ChínhphủNguyễn"
                var upperRun = 0, lowerRun = 0
                var allUpper = true, anyLetter = false
                let firstFlags = flags(c)
                var capital = firstFlags & 4 != 0
                var j = i
                var cut = false
                while j < stop && (isLetter(u[j]) || ((u[j] == 0x27 || u[j] == 0x2019) && j > start && j + 1 < stop && isLetter(u[j + 1]))) {
                    // an apostrophe between letters stays in its word: "M'gar", "R'lấp"
                    if u[j] == 0x27 || u[j] == 0x2019 { j += 1; continue }
                    let f = flags(u[j])
                    let up = f & 4 != 0, low = f & 8 != 0
                    if j > start && up {
                        let nextLower = j + 1 < stop && flags(u[j + 1]) & 8 != 0
                        if (nextLower && upperRun >= 2) || lowerRun >= 2 { cut = true; break }
                    }
                    if up { upperRun += 1; lowerRun = 0 } else if low { lowerRun += 1; upperRun = 0 }
                    if f & 2 != 0 { anyLetter = true; if !up { allUpper = false } }
                    j += 1
                }
                _ = cut
                i = j
                if !anyLetter { allUpper = false; capital = false }
                out.append(Token(start: start, end: i, kind: .word, gap: gap, upper: allUpper, capital: capital))
            } else {
                // one mark (a surrogate pair is one mark); a run of the same ASCII mark is one token
                // ("--------", "...", "===")
                if c < 0x80 && c != 0x28 && c != 0x29 && c != 0x5B && c != 0x5D {
                    i += 1
                    while i < stop && u[i] == c { i += 1 }
                } else {
                    i += (c >= 0xD800 && c < 0xDC00 && i + 1 < stop) ? 2 : 1
                }
                out.append(Token(start: start, end: i, kind: .mark, gap: gap, upper: false, capital: false))
            }
            gap = 0; spaces = 0; newlines = 0
        }
        tokens = out
        end = i
    }

    var count: Int { tokens.count }
    subscript(_ k: Int) -> Token { tokens[k] }

    func text(_ k: Int) -> String { tv.sub(tokens[k].range) }
    func text(_ a: Int, _ b: Int) -> String {
        guard a <= b, b < tokens.count else { return "" }
        return tv.sub(NSRange(location: tokens[a].start, length: tokens[b].end - tokens[a].start))
    }

    /// Whether token `k` is the word `w` (given in lower case), compared case-insensitively.
    func isWord(_ k: Int, _ w: [UInt16]) -> Bool {
        guard k >= 0, k < tokens.count else { return false }
        let t = tokens[k]
        guard t.kind == .word, t.length == w.count else { return false }
        let u = tv.u16
        let f = DocumentSplitter.caseFold16
        for j in 0..<w.count {
            let c = u[t.start + j]
            let l: UInt16 = c < 0x80 ? (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) : (c < 0x2070 ? f[Int(c)] : c)
            if l != w[j] { return false }
        }
        return true
    }

    /// Whether token `k` is the mark `m` (one UTF-16 unit).
    func isMark(_ k: Int, _ m: UInt16) -> Bool {
        guard k >= 0, k < tokens.count else { return false }
        let t = tokens[k]
        return t.kind == .mark && t.length == 1 && tv.u16[t.start] == m
    }

    /// Whether the words from token `k` on are `words` (lower case), marks between them skipped
    /// when `skipMarks`; returns the index of the last token of the match.
    func matches(_ k: Int, _ words: [[UInt16]], skipMarks: Bool = false) -> Int? {
        var j = k
        for (n, w) in words.enumerated() {
            if skipMarks && n > 0 { while j < tokens.count && tokens[j].kind == .mark && tokens[j].length <= 2 { j += 1 } }
            guard isWord(j, w) else { return nil }
            if n + 1 < words.count { j += 1 }
        }
        return j
    }

    /// The value of a number token.
    func value(_ k: Int) -> Int? {
        guard k >= 0, k < tokens.count, tokens[k].kind == .number, tokens[k].length <= 9 else { return nil }
        var v = 0
        for j in tokens[k].start..<tokens[k].end { v = v * 10 + Int(tv.u16[j] - 0x30) }
        return v
    }

    /// The index of the first token starting at or after UTF-16 offset `p`.
    func index(atOrAfter p: Int) -> Int {
        var lo = 0, hi = tokens.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tokens[mid].start < p { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// Names of shapes and frames a Word conversion leaves in the text ("straight connector 2",
/// "Text Box 3", "Picture 1"), on a line of their own or glued to a field ("…2Số:"): not text.
enum Debris {
    static let names: [[UInt16]] = ["straight connector", "elbow connector", "curved connector", "text box", "picture", "rectangle",
                                    "autoshape", "line", "oval", "group", "canvas", "image", "shape", "rounded rectangle", "wordart", "object"]
        .map { Array($0.utf16) }

    /// The end of a shape name and its number at `p` (ASCII, case-insensitive, one space between
    /// words, the number glued or after one space), or nil.
    /// The names by their first letter (a–z).
    static let byFirst: [[[UInt16]]] = (0..<26).map { l in names.filter { Int($0[0]) - 0x61 == l } }

    static func end(_ u: [UInt16], at p: Int, _ stop: Int) -> Int? {
        guard p < stop, u[p] < 0x80, (u[p] | 0x20) >= 0x61, (u[p] | 0x20) <= 0x7A else { return nil }
        if p > 0, u[p - 1] < 0x80, ((u[p - 1] | 0x20) >= 0x61 && (u[p - 1] | 0x20) <= 0x7A) { return nil }
        let cands = byFirst[Int((u[p] | 0x20) - 0x61)]
        if cands.isEmpty { return nil }
        for n in cands where p + n.count < stop {
            var ok = true
            for (j, x) in n.enumerated() {
                let c = u[p + j]
                if x == 0x20 ? c != 0x20 : (c < 0x80 ? c | 0x20 : c) != x { ok = false; break }
            }
            guard ok else { continue }
            var q = p + n.count
            if q < stop, u[q] == 0x20 { q += 1 }
            let d = q
            while q < stop, u[q] >= 0x30 && u[q] <= 0x39 { q += 1 }
            if q > d && q - d <= 3 { return q }
        }
        return nil
    }
}

/// Lower-case UTF-16 of a word, for `TokenStream.isWord`.
@inline(__always) func units(_ s: String) -> [UInt16] { Array(VietText.nfc(s.lowercased()).text.utf16) }

import Foundation
import VietText

/// The opening of a document: the clauses between its header (title, `V/v`, "Kính gửi") and its
/// body ("Căn cứ …;", "Thực hiện …;", "Theo đề nghị …,"), read on clauses rather than lines so
/// that a hard-wrapped copy and a copy on one line give the same clauses.
///
/// A clause starts where the opening starts, after `;`, `.`, `:`, `!` or `?` followed by a space or
/// a line break, after a line in capitals (the issuing authority, "QUYẾT ĐỊNH:"), at a list bullet
/// at the start of a line, and at a capitalised opening keyword anywhere. A line break alone does
/// not start a clause: real copies wrap lines anywhere.
enum Opening {
    struct Clause {
        /// UTF-16 offset of the clause's first letter or digit (after a bullet).
        var start: Int
        /// A bullet ("-", "+", "•") stands before it.
        var bullet: Bool
        /// It starts with a capital letter.
        var capital: Bool
        /// It starts with an opening keyword (Căn cứ, Thực hiện, Triển khai, Theo đề nghị, Xét, Tiếp theo, Sau khi).
        var keyword: Keyword?
        /// It follows an upper-case line or run (the authority line) rather than punctuation.
        var afterCapitals: Bool
        /// It follows a ";" (the next item of a list).
        var afterSemicolon: Bool
    }

    enum Keyword { case basis, implements, other }

    static let keywords: [([UInt16], Keyword)] = {
        let words: [(String, Keyword)] = [
            ("căn cứ", .basis), ("thực hiện", .implements), ("triển khai", .implements), ("theo đề nghị", .other),
            ("xét", .other), ("tiếp theo", .other), ("sau khi", .other), ("tiếp tục thực hiện", .implements),
        ]
        return words.map { (Array($0.0.utf16), $0.1) }
    }()

    @inline(__always) static func lower(_ c: UInt16) -> UInt16 {
        if c < 0x80 { return c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        return c < 0x2070 ? DocumentSplitter.caseFold16[Int(c)] : c
    }

    @inline(__always) static func isLetter(_ c: UInt16) -> Bool {
        if c < 0x80 { return (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
        return c < 0x2070 && Scan.table.flags[Int(c)] & 2 != 0
    }
    @inline(__always) static func isUpper(_ c: UInt16) -> Bool { c < 0x2070 && Scan.table.flags[Int(c)] & 4 != 0 }
    @inline(__always) static func isLowerLetter(_ c: UInt16) -> Bool { c < 0x2070 && Scan.table.flags[Int(c)] & 8 != 0 }

    /// The opening keyword at `p`, compared case-insensitively, whole words, any run of spaces or
    /// line breaks between its words.
    static func keyword(at p: Int, _ u: [UInt16], end: Int) -> (Keyword, Int)? {
        // every keyword starts with c, t, x or s
        guard p < end else { return nil }
        let f = u[p] | 0x20
        guard f == 0x63 || f == 0x74 || f == 0x78 || f == 0x73 else { return nil }
        var best: (Keyword, Int)? = nil
        for (w, kind) in keywords {
            var i = p, j = 0
            while j < w.count, i < end {
                if w[j] == 0x20 {
                    guard u[i] == 0x20 || u[i] == 0x0A || u[i] == 0x09 else { break }
                    while i < end, u[i] == 0x20 || u[i] == 0x0A || u[i] == 0x09 { i += 1 }
                    j += 1
                    continue
                }
                guard lower(u[i]) == w[j] else { break }
                i += 1; j += 1
            }
            guard j == w.count else { continue }
            if i < end, isLetter(u[i]) || (u[i] >= 0x30 && u[i] <= 0x39) { continue }
            if best == nil || i > best!.1 { best = (kind, i) }
        }
        return best
    }

    /// Clauses of `tv` in `from..<to`.
    static func clauses(_ tv: TextView, from: Int, to: Int) -> [Clause] {
        var out: [Clause] = []
        forEachClause(tv, from: from, to: to) { out.append($0); return true }
        return out
    }

    /// Calls `body` with each clause of `tv` in `from..<to`, in order, until it returns false.
    static func forEachClause(_ tv: TextView, from: Int, to: Int, _ body: (Clause) -> Bool) {
        let u = tv.u16
        let end = min(to, u.count)
        var i = from
        var pending = true          // the next letter or digit starts a clause
        var afterCaps = false
        var bullet = false
        var lineStart = true
        var lineUpper = 0, lineLower = 0    // letters of the current line
        var prevUpperLine = false
        var capsWords = 0, capsVietnamese = false
        var semicolon = false
        while i < end {
            let c = u[i]
            if c == 0x0A {
                prevUpperLine = lineUpper >= 4 && lineLower * 10 <= lineUpper
                if prevUpperLine { pending = true; afterCaps = true }
                lineStart = true; lineUpper = 0; lineLower = 0
                i += 1
                continue
            }
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x2A || c == 0x5F || c == 0x7C || c == 0x3E || c == 0x23 { i += 1; continue }
            if lineStart, let e = pageMarkerEnd(u, i, end, bare: true) { i = e; continue }
            if let e = Debris.end(u, at: i, end) { i = e; continue }
            if lineStart && (c == 0x2D || c == 0x2B || c == 0x2022 || c == 0x2013) && i + 1 < end && (u[i + 1] == 0x20 || u[i + 1] == 0x09) {
                // a bullet at the start of a line opens a clause
                pending = true; bullet = true; lineStart = false; i += 1
                continue
            }
            if !pending && (c == 0x2D || c == 0x2B) && i > from && (u[i - 1] == 0x20 || isUpper(u[i - 1])) && i + 1 < end && u[i + 1] == 0x20 {
                // " - Căn cứ" inside a flattened list
                var k = i + 1
                while k < end && u[k] == 0x20 { k += 1 }
                if k < end, keyword(at: k, u, end: end) != nil { pending = true; bullet = true; i += 1; continue }
            }
            lineStart = false
            if isLetter(c) || (c >= 0x30 && c <= 0x39) {
                if isUpper(c) { lineUpper += 1 } else if isLowerLetter(c) { lineLower += 1 }
                var kw: Keyword? = nil
                var isStart = pending
                // (a keyword glued to capitals before it, "… TỈNH SƠN LACăn cứ", counts too)
                if let (k, _) = keyword(at: i, u, end: end), i == from || !isLetter(u[i - 1]) || (isUpper(u[i - 1]) && isUpper(c)) {
                    // a capitalised keyword ("Căn cứ", not a heading's "TRIỂN KHAI") starts a clause wherever it stands
                    if isUpper(c), i + 1 < end, isLowerLetter(u[i + 1]) { isStart = true }
                    if isStart { kw = k }
                }
                if isStart {
                    if !body(Clause(start: i, bullet: bullet, capital: isUpper(c), keyword: kw, afterCapitals: afterCaps, afterSemicolon: semicolon)) { return }
                    pending = false; bullet = false; afterCaps = false; semicolon = false
                }
                // skip the word (up to a capital glued after capitals: "SƠN LACăn")
                var j = i + 1
                while j < end, isLetter(u[j]) || (u[j] >= 0x30 && u[j] <= 0x39) || (u[j] >= 0x300 && u[j] < 0x370) {
                    if j > i + 1, isUpper(u[j]), isUpper(u[j - 1]), j + 1 < end, isLowerLetter(u[j + 1]) { break }
                    if isUpper(u[j]) { lineUpper += 1 } else if isLowerLetter(u[j]) { lineLower += 1 }
                    j += 1
                }
                // the end of a run of words in capitals ("… TỈNH THANH HÓA Căn cứ") opens a clause
                if j - i >= 2, isUpper(c), (i..<j).allSatisfy({ !isLowerLetter(u[$0]) }) {
                    capsWords += 1
                    if (i..<j).contains(where: { u[$0] >= 0x80 }) { capsVietnamese = true }
                    var k = j
                    while k < end, u[k] == 0x20 { k += 1 }
                    if capsWords >= 3, capsVietnamese, k < end, isUpper(u[k]), k + 1 < end, isLowerLetter(u[k + 1]) { pending = true; afterCaps = true }
                } else {
                    capsWords = 0; capsVietnamese = false
                }
                i = j
                continue
            }
            if c == 0x3B || c == 0x3A || c == 0x21 || c == 0x3F || c == 0x2E {
                let next: UInt16 = i + 1 < end ? u[i + 1] : 0x0A
                let spaced = next == 0x20 || next == 0x0A || next == 0x09 || next == 0x2A || next == 0x5F
                if c == 0x3B || (spaced && !(c == 0x2E && (i > 0 && u[i - 1] == 0x2F || abbreviation(u, before: i, from: from)))) {
                    pending = true; afterCaps = false; semicolon = c == 0x3B
                }
            }
            i += 1
        }
    }

    /// The end of a page number standing alone on its line from `p` ("2", "- 2 -", "Trang 2",
    /// "2/5"; a bare number only when `bare`): the offset of the line break, or nil.
    static func pageMarkerEnd(_ u: [UInt16], _ p: Int, _ end: Int, bare: Bool) -> Int? {
        var i = p
        func spaces() { while i < end, u[i] == 0x20 || u[i] == 0x09 { i += 1 } }
        spaces()
        var marked = false
        if i + 5 <= end, u[i] | 0x20 == 0x74, u[i + 1] == 0x72, u[i + 2] == 0x61, u[i + 3] == 0x6E, u[i + 4] == 0x67, i + 5 < end, u[i + 5] == 0x20 {
            i += 5; marked = true; spaces()
        }
        if i < end, u[i] == 0x2D || u[i] == 0x2013 { i += 1; marked = true; spaces() }
        let d = i
        while i < end, u[i] >= 0x30 && u[i] <= 0x39, i - d < 4 { i += 1 }
        guard i > d, i - d <= 3 else { return nil }
        spaces()
        if i < end, u[i] == 0x2F {
            i += 1; spaces()
            let e = i
            while i < end, u[i] >= 0x30 && u[i] <= 0x39, i - e < 4 { i += 1 }
            guard i > e, i - e <= 3 else { return nil }
            marked = true
            spaces()
        }
        if i < end, u[i] == 0x2D || u[i] == 0x2013 { i += 1; spaces() }
        guard i >= end || u[i] == 0x0A || u[i] == 0x0C, marked || bare else { return nil }
        return i
    }

    /// Whether the "." at `i` ends an abbreviation ("TP.", "Tp.", "TT.", "KT.", "ThS."): a word of
    /// at most three capitals, or one of the usual mixed-case ones.
    static func abbreviation(_ u: [UInt16], before i: Int, from: Int) -> Bool {
        var k = i
        while k > from, isLetter(u[k - 1]) { k -= 1 }
        guard i - k >= 1, i - k <= 3, isUpper(u[k]), k == 0 || !isLetter(u[k - 1]) else { return false }
        if (k..<i).allSatisfy({ isUpper(u[$0]) }) { return true }
        let w = Scan.string(utf16: u[k..<i])
        return w == "Tp" || w == "ThS" || w == "Ts" || w == "Th"
    }

    /// Structural markers that open the body whatever comes before them: "Điều 1", "QUYẾT ĐỊNH:",
    /// "QUYẾT NGHỊ:", a numbered section ("I. MỤC ĐÍCH", "1. Mục tiêu") at a clause start, "Nơi nhận".
    static func isBodyMarker(_ tv: TextView, at p: Int) -> Bool {
        let u = tv.u16
        let n = u.count
        let c = u[p]
        // numbered: 1–2 digits or I, V, X (up to 4), then "." or ")", then a letter ("(1)" is a footnote mark)
        if p > 0, u[p - 1] == 0x28 || u[p - 1] == 0x5B { return false }
        var q = p
        if c >= 0x30 && c <= 0x39 {
            while q < n, u[q] >= 0x30 && u[q] <= 0x39, q - p < 3 { q += 1 }
            if q - p <= 2 {
                var r = q
                while r < n && u[r] == 0x20 { r += 1 }
                if r < n, u[r] == 0x2E || u[r] == 0x29 {
                    r += 1
                    while r < n && (u[r] == 0x20 || u[r] == 0x09) { r += 1 }
                    if r < n, isLetter(u[r]) { return true }
                }
            }
            return false
        }
        if c == 0x49 || c == 0x56 || c == 0x58 {
            while q < n, u[q] == 0x49 || u[q] == 0x56 || u[q] == 0x58, q - p < 5 { q += 1 }
            var r = q
            while r < n && u[r] == 0x20 { r += 1 }
            if q - p <= 4, r < n, u[r] == 0x2E || u[r] == 0x29 {
                r += 1
                while r < n && (u[r] == 0x20 || u[r] == 0x09) { r += 1 }
                if r < n, isLetter(u[r]) { return true }
            }
        }
        let s = tv.sub(NSRange(location: p, length: min(14, n - p)))
        if s.hasPrefix("Điều") {
            var r = p + 4
            while r < n && u[r] == 0x20 { r += 1 }
            return r < n && u[r] == 0x31 && (r + 1 >= n || !(u[r + 1] >= 0x30 && u[r + 1] <= 0x39))
        }
        if s.hasPrefix("QUYẾT ĐỊNH") || s.hasPrefix("QUYẾT NGHỊ") {
            var r = p + 10
            while r < n && (u[r] == 0x20 || u[r] == 0x2A) { r += 1 }
            return r < n && u[r] == 0x3A || (r < n && s.hasPrefix("QUYẾT ĐỊNH") && tv.sub(NSRange(location: r, length: min(4, n - r))).hasPrefix("Điều"))
        }
        return s.hasPrefix("Nơi nhận")
    }

    /// Where the body starts after an opening that starts at `from`: the first clause that starts
    /// with a capital and is neither an opening clause nor a bullet, nor a short title fragment
    /// followed by an opening clause ("Khám và Điều trị theo yêu cầu kỹ thuật cao" ⏎ "Căn cứ …");
    /// or a structural marker (`isBodyMarker`), whichever comes first.
    static func bodyStart(_ tv: TextView, from: Int, markersFrom: Int) -> Int {
        let n = tv.u16.count
        guard from < n else { return n }
        // markers from `markersFrom` (at clause starts and line starts), the body from `from`
        let lineMarker = firstLineMarker(tv, from: markersFrom)
        var found = lineMarker
        var pending: Clause? = nil      // a capitalised clause that may be a title fragment
        forEachClause(tv, from: min(from, markersFrom), to: lineMarker) { cl in
            if let p = pending {
                // a fragment: no sentence punctuation before the next clause, which is an opening clause
                let gap = tv.sub(NSRange(location: p.start, length: cl.start - p.start)).trimmingScalars(in: CharSets.whitespacesAndNewlines)
                let fragment = cl.keyword != nil && gap.utf16.count <= 160 && gap.unicodeScalars.last.map { !";.:!?,".unicodeScalars.contains($0) } ?? false
                if !fragment { found = p.start; return false }
                pending = nil
            }
            if cl.start >= markersFrom && isBodyMarker(tv, at: cl.start) { found = cl.start; return false }
            guard cl.start >= from, cl.capital, cl.keyword == nil, !cl.bullet else { return true }
            // the next item of a list ("…; Luật sửa đổi, bổ sung …;")
            if cl.afterSemicolon, ReferenceExtractor.startsWithTypeName(tv, at: cl.start) { return true }
            // a line in capitals (the authority) is skipped
            if upperRun(tv, at: cl.start) { return true }
            pending = cl
            return true
        }
        if let p = pending, p.start < found { return p.start }
        return found
    }

    /// Whether the words at `p` up to the end of its line are in capitals (two words or more).
    static func upperRun(_ tv: TextView, at p: Int) -> Bool {
        let u = tv.u16
        var i = p
        var upper = 0, lower = 0
        while i < u.count, u[i] != 0x0A {
            if isUpper(u[i]) { upper += 1 } else if isLowerLetter(u[i]) { lower += 1; if lower > 2 { return false } }
            i += 1
        }
        return upper >= 4 && lower * 10 <= upper
    }

    /// The first line from `from` on that starts with a body marker (after markup and spaces).
    static func firstLineMarker(_ tv: TextView, from: Int) -> Int {
        let u = tv.u16
        let n = u.count
        var i = from
        // to the next line start
        while i < n, i > 0, u[i - 1] != 0x0A { i += 1 }
        while i < n {
            var p = i
            while p < n, u[p] == 0x20 || u[p] == 0x09 || u[p] == 0x2A || u[p] == 0x5F || u[p] == 0x7C || u[p] == 0x3E || u[p] == 0x23 { p += 1 }
            if p < n, u[p] != 0x0A, isBodyMarker(tv, at: p) { return p }
            while i < n, u[i] != 0x0A { i += 1 }
            i += 1
        }
        return n
    }
}

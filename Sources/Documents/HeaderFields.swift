// The field readers of `HeaderReader.read`, each over the token stream: the mottos, the body marker, the
// date and place, the number's end, the type heading, the issuer pieces, the `V/v` subject, the
// title and the "Kính gửi" block.

import Foundation
import VietText

extension HeaderReader {
    /// Per token: part of the national motto, the slogan or the Party motto.
    static func mottoTokens(_ ts: TokenStream) -> [Bool] {
        var m = [Bool](repeating: false, count: ts.count)
        var k = 0
        let firsts = Set(mottos.map { $0[0] })
        while k < ts.count {
            var matched = false
            // (only a word that opens a motto is tried)
            guard ts[k].isWord, ts[k].length <= 5, firsts.contains(where: { $0.count == ts[k].length && ts.isWord(k, $0) }) else { k += 1; continue }
            for words in mottos where ts.isWord(k, words[0]) {
                if let last = ts.matches(k, words, skipMarks: true) {
                    for j in k...last { m[j] = true }
                    k = last + 1
                    matched = true
                    break
                }
            }
            // "CỘNG" ⏎ (a shape name) ⏎ "HÒA XÃ HỘI …": the motto's first word cut off by debris
            if !matched, ts.isWord(k, cong), ts[k].upper, let h = (k + 1..<min(ts.count, k + 5)).first(where: { ts.matches($0, [hoa, xa, hoi]) != nil }) {
                m[k] = true
                let rest = Array(mottos[0].dropFirst())
                var last = ts.matches(h, [hoa, xa, hoi])!
                for n in stride(from: rest.count, through: 3, by: -1) { if let l = ts.matches(h, Array(rest.prefix(n)), skipMarks: true) { last = l; break } }
                for j in h...last { m[j] = true }
                k = last + 1
                continue
            }
            if !matched { k += 1 }
        }
        // "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" cut from its "VIỆT NAM", which a copy put in another cell or row
        if let cut = (0..<ts.count).first(where: { m[$0] && ts.isWord($0, nghia) && !(ts.isWord($0 + 1, viet) && m[$0 + 1]) }) {
            let sameLine = Gap.line | Gap.blank | Gap.pipe | Gap.wide
            for k in (cut + 1)..<max(cut + 1, ts.count - 1) where !m[k] && ts[k].upper && ts.isWord(k, viet) && ts.isWord(k + 1, nam) {
                let alone = (ts[k].gap & sameLine != 0 || ts[k - 1].isMark) && (k + 2 >= ts.count || ts[k + 2].gap & sameLine != 0 || ts[k + 2].isMark)
                if alone { m[k] = true; m[k + 1] = true; break }
            }
        }
        return m
    }

    /// The first token that starts the body: "Kính gửi", an opening clause ("Căn cứ", "Thực hiện"
    /// after something other than a heading, "Xét", "Theo đề nghị", "Tiếp theo"), "Điều 1",
    /// "QUYẾT ĐỊNH:", "Nơi nhận".
    static func bodyMarker(_ ts: TokenStream) -> Int {
        let n = ts.count
        for k in 0..<n where ts[k].isWord && ts[k].capital {
            let afterHeading = k > 0 && ts[k - 1].isWord && ts[k - 1].upper
            if ts.isWord(k, kinh) && ts.isWord(k + 1, gui) { return k }
            if ts.isWord(k, can) && ts.isWord(k + 1, cu) { return k }
            if ts.isWord(k, noi) && ts.isWord(k + 1, nhan) { return k }
            if ts.isWord(k, dieu) && k + 1 < n && ts[k + 1].isNumber { return k }
            if ts.isWord(k, quyet) && (ts.isWord(k + 1, dinh) || ts.isWord(k + 1, nghi)) && ts[k].upper && ts.isMark(k + 2, 0x3A) { return k }
            if afterHeading { continue }
            if (ts.isWord(k, thuc) && ts.isWord(k + 1, hien)) || (ts.isWord(k, trien) && ts.isWord(k + 1, khai)) { return k }
            if ts.isWord(k, xet) || (ts.isWord(k, theo) && ts.isWord(k + 1, de) && ts.isWord(k + 2, nghi))
                || (ts.isWord(k, tiep) && ts.isWord(k + 1, theo)) || (ts.isWord(k, sau) && ts.isWord(k + 1, khi)) { return k }
        }
        return n
    }

    /// The index just after the tokens of the first `lines` lines.
    static func firstLines(_ ts: TokenStream, _ lines: Int) -> Int {
        var seen = 0
        for k in 0..<ts.count where k > 0 && ts[k].afterLineBreak {
            seen += 1
            if seen >= lines { return k }
        }
        return ts.count
    }

    /// "ngày D tháng M năm Y" or "ngày D/M/Y" after token `k` ("ngày"), the day possibly blank (a
    /// draft: "ngày    tháng 11 năm 2026", "ngày … tháng …"); any spacing or line breaks between
    /// the words. Returns the date (day nil when blank) and its last token.
    static func readDate(_ ts: TokenStream, after k: Int) -> (DocDate, Int)? {
        let n = ts.count
        var j = k + 1
        func skipBlanks() { while j < n, ts[j].isMark, isBlankMark(ts, j) { j += 1 } }
        skipBlanks()
        var day: Int? = nil
        if j < n, ts[j].isNumber, ts[j].length <= 2 {
            day = ts.value(j)
            // numeric: D/M/YYYY, D-M-YYYY, D.M.YYYY
            if j + 4 < n, ts[j + 1].isMark, let s = sepUnit(ts, j + 1), ts[j + 2].isNumber, ts[j + 2].length <= 2,
               ts.isMark(j + 3, s), ts[j + 4].isNumber, ts[j + 4].length == 4,
               let m = ts.value(j + 2), let y = ts.value(j + 4), (1...12).contains(m) {
                return (DocDate(year: y, month: m, day: day), j + 4)
            }
            j += 1
            skipBlanks()
        }
        guard ts.isWord(j, thang) else { return nil }
        j += 1
        skipBlanks()
        guard j < n, ts[j].isNumber, ts[j].length <= 2, let m = ts.value(j), (1...12).contains(m) else { return nil }
        j += 1
        skipBlanks()
        guard ts.isWord(j, nam) else { return nil }
        j += 1
        skipBlanks()
        guard j < n, ts[j].isNumber, ts[j].length == 4, let y = ts.value(j) else { return nil }
        return (DocDate(year: y, month: m, day: day), j)
    }

    static func isBlankMark(_ ts: TokenStream, _ j: Int) -> Bool {
        let c = ts.tv.u16[ts[j].start]
        return c == 0x2E || c == 0x2026 || c == 0x5F || c == 0x2C
    }

    static func sepUnit(_ ts: TokenStream, _ j: Int) -> UInt16? {
        guard ts[j].isMark, ts[j].length == 1 else { return nil }
        let c = ts.tv.u16[ts[j].start]
        return c == 0x2F || c == 0x2D || c == 0x2E ? c : nil
    }

    /// Whether the date at token `k` ("ngày") is the document's own, on its place-date line, and
    /// then the place's tokens (nil inside: no place written). The date of a mention ("Thông tư số
    /// 43/2011/TT-BYT ngày 05/12/2011" in a subject line) is not: the own date follows
    /// "<Place>," or stands at the start of a line or cell after a header element.
    static func ownDatePlace(_ ts: TokenStream, ngay k: Int, motto: [Bool], number: NSRange?) -> (Int, Int)?? {
        let numberEnd = number.map(NSMaxRange)
        guard k > 0 else { return .some(nil) }
        var b = k - 1
        let lineStart = ts[k].gap & (Gap.line | Gap.blank | Gap.pipe | Gap.wide) != 0
        if ts.isMark(b, 0x2C) {
            // "<Place>, ngày"
            return .some(placeTokens(ts, before: b, motto: motto, number: number))
        }
        if ts[b].isWord, ts[b].capital, !ts[b].upper, !motto[b], let p = placeTokens(ts, before: k, motto: motto, number: number) {
            // "Hà Nội ngày …": the place must open its line or cell
            let first = ts[p.0]
            if p.0 == 0 || first.gap & (Gap.line | Gap.blank | Gap.pipe | Gap.wide | Gap.markup) != 0 || motto[p.0 - 1] || ts[p.0 - 1].isMark
                || (numberEnd.map { ts[p.0 - 1].end <= $0 && ts[p.0 - 1].end >= $0 - 1 } ?? false) {
                return .some(p)
            }
            return nil
        }
        guard lineStart else {
            // glued to the own number: "Số: 12/KH-UBND ngày …"
            if let ne = numberEnd, ts[b].end == ne { return .some(nil) }
            return nil
        }
        // at a line start: after a header element, not after a mention's number or a sentence
        if let ne = numberEnd, ts[b].end == ne { return .some(nil) }
        if motto[b] { return .some(nil) }
        while b >= 0 && ts[b].isMark && !(ts.isMark(b, 0x2F) || ts.isMark(b, 0x2D)) { b -= 1 }
        if b < 0 { return .some(nil) }
        let t = ts[b]
        if t.isNumber || (t.isWord && !t.upper) { return nil }
        if t.isWord && t.upper && endsANumber(ts, b) { return nil }   // "…/TT-BYT" ⏎ "ngày"
        return .some(nil)
    }

    /// Whether token `b` ends a written number ("43/2011/TT- BYT"), read back from the number's serial.
    static func endsANumber(_ ts: TokenStream, _ b: Int) -> Bool {
        var k = b
        while k >= 0, b - k < 14, ts[k].isWord || ts[k].isNumber || ts.isMark(k, 0x2F) || ts.isMark(k, 0x2D) {
            if ts[k].isNumber, let f = NumberScanner.scan(ts.tv.u16, at: ts[k].start, end: ts[b].end), NSMaxRange(f.range) == ts[b].end { return true }
            if k < b && ts[k + 1].gap & (Gap.line | Gap.blank | Gap.pipe) != 0 { break }
            k -= 1
        }
        return false
    }

    static let levelWords: Set<String> = Set(["thành phố", "thị xã", "thị trấn"].map(VietText.fold))

    /// The place before token `end` (exclusive): capitalised words ("Thành phố Hồ Chí Minh", "TP. Hồ
    /// Chí Minh", "Vị Thanh"), back to a column boundary, a field or a word that is not part of a name.
    static func placeTokens(_ ts: TokenStream, before end: Int, motto: [Bool], number: NSRange?) -> (Int, Int)? {
        var a = end
        var words = 0
        var j = end - 1
        while j >= 0, words < 6 {
            let t = ts[j]
            if motto[j] { break }
            if let r = number, t.end > r.location, t.start < NSMaxRange(r) { break }   // the own number ("Số: 215/KH-UBND Nghệ An")
            if t.isWord && t.capital && !t.upper {
                a = j; words += 1
                if t.gap & (Gap.pipe | Gap.wide | Gap.blank | Gap.markup) != 0 { break }
                j -= 1
                continue
            }
            // "TP." / "Tp."
            if ts.isMark(j, 0x2E), j > 0, ts[j].glued, ts[j - 1].isWord, ts[j - 1].capital, ts[j - 1].length <= 2, words > 0 {
                a = j - 1
                break
            }
            // "Thành phố Hồ Chí Minh", "Thị xã Cửa Lò": a level written in the name
            if t.isWord, !t.capital, words > 0, j > 0, ts[j - 1].isWord, ts[j - 1].capital, !ts[j - 1].upper,
               levelWords.contains(VietText.fold(ts.text(j - 1, j))) {
                a = j - 1
                break
            }
            // lower-case admin words inside a name are rare before the comma; stop at anything else
            break
        }
        guard words > 0 else { return nil }
        return (a, end - 1)
    }

    /// A type name in capitals at token `k` standing as a heading ("KẾ HOẠCH", "QUYẾT ĐỊNH", "NGHỊ
    /// QUYẾT"), longest first; returns its code and last token.
    static func typeHeading(_ ts: TokenStream, at k: Int) -> (String, Int)? {
        var words: [String] = []
        var j = k
        while j < ts.count, words.count < 4, ts[j].isWord, ts[j].upper, j == k || !ts[j].afterCell {
            words.append(VietText.fold(ts.text(j)))
            j += 1
        }
        var m = words.count
        while m >= 1 {
            if let c = DocumentTypes.headingFolds[words[0..<m].joined(separator: " ")] { return (c, k + m - 1) }
            m -= 1
        }
        return nil
    }

    static func qualifiesForIssuer(_ ts: TokenStream, _ k: Int) -> Bool {
        let t = ts[k]
        switch t.kind {
        case .word: return t.upper
        case .number: return true
        case .mark:
            guard t.length == 1 else { return false }
            let c = ts.tv.u16[t.start]
            // (not parentheses: "BỆNH VIỆN MẮT(1)" carries a footnote mark)
            return c == 0x26 || c == 0x2D || c == 0x2C || c == 0x2E || c == 0x27 || c == 0x2013
        }
    }

    /// The upper-case runs of tokens `from..<to`, one piece per line or cell, the mottos left out.
    static func issuerPieces(_ ts: TokenStream, from: Int, to: Int, motto: [Bool]) -> [(String, NSRange)] {
        var out: [(String, NSRange)] = []
        var cur: [Int] = []
        func flush() {
            // trim marks at both ends, and numbers before the name (a shape's "AutoShape 4")
            while let f = cur.first, ts[f].isMark || ts[f].isNumber { cur.removeFirst() }
            while let l = cur.last, ts[l].isMark { cur.removeLast() }
            defer { cur.removeAll() }
            guard let a = cur.first, let b = cur.last, cur.contains(where: { ts[$0].isWord && ts[$0].length >= 2 }) else { return }
            // capitals inside a line of running text ("Văn bản pháp luật > Y tế") name nobody
            let sameLine = Gap.line | Gap.blank | Gap.pipe | Gap.wide
            let textBefore = a > 0 && ts[a].gap & sameLine == 0 && ts[a - 1].isWord && !ts[a - 1].capital && !motto[a - 1]
            let textAfter = b + 1 < ts.count && ts[b + 1].gap & sameLine == 0 && ts[b + 1].isWord && !ts[b + 1].capital && !motto[b + 1]
            if textBefore && textAfter { return }
            let r = NSRange(location: ts[a].start, length: ts[b].end - ts[a].start)
            var s = ""
            for (i, k) in cur.enumerated() {
                if i > 0 && !ts[k].glued { s += " " }
                s += ts.text(k)
            }
            if markerWords.contains(TextKit.collapseSpaces(s).lowercased()) { return }
            out.append((s, r))
        }
        for k in from..<min(to, ts.count) {
            let t = ts[k]
            if motto[k] || !qualifiesForIssuer(ts, k) || (t.isMark && t.length > 1) { flush(); continue }
            // a dash between spaces at a line start is a list bullet or a rule, not a name
            if !cur.isEmpty && t.gap & (Gap.line | Gap.blank | Gap.pipe | Gap.wide) != 0 { flush() }
            if t.isMark && cur.isEmpty { continue }
            cur.append(k)
        }
        flush()
        return out
    }

    /// "V/v" (or "V/V") at token `k`.
    static func isVv(_ ts: TokenStream, _ k: Int) -> Bool {
        guard k + 2 < ts.count, ts[k].isWord, ts[k].length == 1, ts.tv.u16[ts[k].start] == 0x56,
              ts.isMark(k + 1, 0x2F), ts[k + 1].glued, ts[k + 2].glued, ts[k + 2].isWord, ts[k + 2].length == 1,
              ts.tv.u16[ts[k + 2].start] | 0x20 == 0x76 else { return false }
        return k == 0 || !ts[k].glued || !ts[k - 1].isWord
    }

    /// The last token of a `V/v` subject starting at `from`: it runs over line breaks (a subject is
    /// often wrapped) and stops at the next header field, a motto, a heading in capitals, a blank
    /// line before a capitalised paragraph, "Kính gửi" or an opening clause.
    static func subjectEnd(_ ts: TokenStream, from: Int, stop: Int, motto: [Bool], placeStart: Int?, dateToken: Int?, soToken: Int?) -> Int? {
        var last: Int? = nil
        var j = from
        let limit = min(stop, from + 80)
        while j < limit {
            let t = ts[j]
            if motto[j] { break }
            if let p = placeStart, j == p { break }
            if let d = dateToken, j == d { break }
            if let s = soToken, j == s { break }
            if t.isWord && t.upper && t.length >= 2 && j + 1 < ts.count && ts[j + 1].isWord && ts[j + 1].upper && hasVietnameseLetter(ts, j)
                && (j == from || t.gap & (Gap.line | Gap.blank | Gap.pipe | Gap.wide) != 0 || !(ts[j - 1].isWord && ts[j - 1].upper)) { break }
            if j > from && t.gap & Gap.blank != 0 && t.capital { break }
            if j > from && t.afterCell && t.capital { break }
            if t.isWord && t.capital && ts.isWord(j, du) && ts.isWord(j + 1, thao) { break }
            last = j
            j += 1
        }
        return last
    }

    static func hasVietnameseLetter(_ ts: TokenStream, _ k: Int) -> Bool {
        let t = ts[k]
        for j in t.start..<t.end where ts.tv.u16[j] >= 0x80 { return true }
        return false
    }

    /// The last token of the title after a heading: it stops at a blank line before a capitalised
    /// paragraph, at an opening clause, at "Kính gửi", at the issuing authority in capitals
    /// ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH") or after 80 words.
    static func titleEnd(_ ts: TokenStream, from: Int, motto: [Bool]) -> Int? {
        let n = ts.count
        var last: Int? = nil
        var j = from
        var upperTitle = true
        var words = 0
        while j < n, words < 80 {
            let t = ts[j]
            if motto[j] { break }
            if j > from {
                if t.gap & Gap.blank != 0 && (t.capital || t.isNumber) { break }
                if t.isWord && t.capital && !(ts[j - 1].isWord && ts[j - 1].upper && t.upper) {
                    if (ts.isWord(j, can) && ts.isWord(j + 1, cu)) || (ts.isWord(j, kinh) && ts.isWord(j + 1, gui))
                        || (ts.isWord(j, thuc) && ts.isWord(j + 1, hien)) || (ts.isWord(j, trien) && ts.isWord(j + 1, khai))
                        || ts.isWord(j, xet) || (ts.isWord(j, theo) && ts.isWord(j + 1, de)) || (ts.isWord(j, tiep) && ts.isWord(j + 1, theo))
                        || (ts.isWord(j, dieu) && j + 1 < n && ts[j + 1].isNumber) || (ts.isWord(j, noi) && ts.isWord(j + 1, nhan)) { break }
                }
                if t.isWord && t.upper && t.length >= 2 && (!upperTitle || t.afterLineBreak) && j + 1 < n && ts[j + 1].isWord && ts[j + 1].upper,
                   DocumentParser.isCapacity(ts.text(j, j + 1)) || !upperTitle { break }
                if t.isWord && t.upper && ts.isWord(j, quyet) && (ts.isWord(j + 1, dinh) || ts.isWord(j + 1, nghi)) && ts.isMark(j + 2, 0x3A) { break }
            }
            if t.isWord {
                words += 1
                if !t.upper && words > 1 && !(ts[j].length <= 2) { upperTitle = false }
                if words == 1 && !t.upper { upperTitle = false }
            }
            last = j
            j += 1
        }
        return last
    }

    /// The last token of a "Kính gửi" block starting at `from`: one line of recipients (wrapped or
    /// not), or a list of items ("- Sở Y tế;", an item wrapped over lines), up to an opening clause,
    /// a paragraph after the list, or a sentence after a full stop.
    static func recipientsEnd(_ ts: TokenStream, from: Int) -> Int {
        let n = ts.count
        var last = from - 1
        var j = from
        var bullets = 0
        var wrapped = 0
        func isBullet(_ j: Int) -> Bool {
            (ts.isMark(j, 0x2D) || ts.isMark(j, 0x2B) || ts.isMark(j, 0x2022) || ts.isMark(j, 0x2013)) && j + 1 < n && !ts[j + 1].glued
        }
        func opening(_ j: Int) -> Bool {
            ts[j].capital && ((ts.isWord(j, thuc) && ts.isWord(j + 1, hien)) || (ts.isWord(j, can) && ts.isWord(j + 1, cu)) || ts.isWord(j, xet)
                || (ts.isWord(j, trien) && ts.isWord(j + 1, khai)) || (ts.isWord(j, theo) && ts.isWord(j + 1, de)) || (ts.isWord(j, tiep) && ts.isWord(j + 1, theo)))
        }
        while j < n, j - from <= 400 {
            let t = ts[j]
            if j > from {
                if opening(j) { break }
                let bullet = isBullet(j) && (t.afterLineBreak || ts.isMark(j - 1, 0x3B) || ts.isMark(j - 1, 0x3A) || ts.isMark(j - 1, 0x2E) || bullets > 0)
                if bullet {
                    bullets += 1; wrapped = 0
                } else if t.gap & Gap.blank != 0 {
                    break
                } else if t.afterLineBreak {
                    // a line that is not an item: the list is over after ";" or ".", else a wrapped line goes on
                    if ts.isMark(j - 1, 0x2E) || ts.isMark(j - 1, 0x3B) { break }
                    wrapped += 1
                    if wrapped > 2 { break }
                } else if ts.isMark(j - 1, 0x2E), t.capital {
                    break
                }
            } else if isBullet(j) {
                bullets += 1
            }
            last = j
            j += 1
        }
        return last
    }
}

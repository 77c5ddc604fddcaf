// Mentions of other documents in a text: a type name or abbreviation and a number, with the date
// and issuer that follow. How each mention relates to the document is `ReferenceRelations.swift`.

import Foundation
import VietText

/// Finds mentions of other documents and their relation to the mentioning document.
enum ReferenceExtractor {
    static let typeNames = "Thông tư liên tịch|Văn bản hợp nhất|Kế hoạch|Báo cáo|Kết luận|Quyết định|Nghị định|Nghị quyết|Công văn|Thông báo|Chỉ thị|Thông tư|Quy định|Hướng dẫn|Tờ trình|Bộ luật|Luật|Pháp lệnh|Chương trình|Đề án|Phương án|Văn bản|Công điện|Thông tri|Quy chế|Giấy mời|Biên bản|Thông cáo"
    static let abbrevs = "KH|BC|KL|QĐ|NĐ|NQ|CV|TB|CT|TTr|CTr|TT|HD"
    /// The date after a mention's number, also across a line break or glued ("ngày20/02/2014", "năm2012").
    static let datePattern = "\\s*,?\\s*\\(?\\s*(?:(?i:ban hành)\\s+)?(?i:ngày)\\s*(?:(?i:ngày)\\s*)?([0-9]{1,2})(?:\\s*[/.-]\\s*([0-9]{1,2})\\s*[/.-]\\s*([0-9]{4})|\\s*(?i:tháng)\\s*([0-9]{1,2})(?:\\s*(?i:năm)\\s*([0-9]{4}))?)"
    /// "của <issuer>", the issuer possibly wrapped over a line break (`issuerText` cuts it where the
    /// next line starts something else).
    static let issuerPattern = "\\s*,?\\s*(?i:của)\\s+([^,;.()]{1,90})"

    struct Mention {
        var range: NSRange          // type name + number (what is shown)
        var numberRange: NSRange
        var number: String          // normalised full number, or serial for a short mention
        var short: Bool
        var type: String?
        var date: DocDate?
        var issuer: String?
        var end: Int                // end of number/date/issuer
        var relation: Relation = .cites
    }

    static let typeNameList: [String] = typeNames.split(separator: "|").map { String($0).lowercased() }
    static let abbrevList: [String] = abbrevs.split(separator: "|").map(String.init)

    /// A type name ending the text before a number: "Kế hoạch số ", "KH ", "Nghị định số: ".
    /// Returns (name, start offset in UTF-16 of the name within `before`, whether "số" was written).
    static let lastWords: Set<String> = {
        var w = Set<String>()
        for n in typeNameList { if let l = n.split(separator: " ").last { w.insert(String(l)) } }
        for a in abbrevList { w.insert(a.lowercased()) }
        w.insert("số"); w.insert("tịch")
        return w
    }()

    static func nameEnding(_ text: String, allowNewline: Bool) -> (name: String, offset: Int, so: Bool)? {
        // a name wrapped over two lines ("công" ⏎ "văn") is the same name: line breaks and tabs read as
        // spaces (one unit for one: the offsets stay)
        let before = allowNewline && (text.utf8.contains(0x0A) || text.utf8.contains(0x09))
            ? String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" || $0 == "\t" ? " " : $0 })) : text
        // quick reject: the last word before the number must end a type name (or be "số")
        var word = ""
        var seenLetter = false
        for ch in before.reversed() {
            if ch.isLetter { word.append(ch); seenLetter = true }
            else if seenLetter { break }
            else if !(ch == " " || ch == "\t" || ch == ":" || (allowNewline && ch == "\n")) { return nil }
            if word.count > 8 { return nil }
        }
        guard lastWords.contains(String(word.reversed()).lowercased()) else { return nil }
        var s = Substring(before)
        func dropSpaces() { while let l = s.last, l == " " || l == "\t" || (allowNewline && l == "\n") { s.removeLast() } }
        dropSpaces()
        var so = false
        if s.hasSuffix(":") { s.removeLast(); dropSpaces() }
        let lower = s.lowercased()
        if lower.hasSuffix("số"), s.dropLast(2).last.map({ !$0.isLetter }) ?? true {
            s.removeLast(2); so = true
            let had = s.last == " " || s.last == "\t" || s.last == "\n"
            dropSpaces()
            if !had { return nil }
        }
        if s.lowercased().hasSuffix(" liên tịch") { s.removeLast(" liên tịch".count); dropSpaces() }
        let l2 = s.lowercased()
        for n in typeNameList where l2.hasSuffix(n) {
            let startIdx = s.index(s.endIndex, offsetBy: -n.count)
            if startIdx > s.startIndex, let p = s[s.index(before: startIdx)...].first, p.isLetter { continue }
            let name = String(s[startIdx...])
            return (name, before.utf16.distance(from: before.startIndex, to: startIdx), so)
        }
        for a in abbrevList where s.hasSuffix(a) {
            let startIdx = s.index(s.endIndex, offsetBy: -a.count)
            if startIdx > s.startIndex, let p = s[s.index(before: startIdx)...].first, p.isLetter || p.isNumber { continue }
            return (a, before.utf16.distance(from: before.startIndex, to: startIdx), so)
        }
        return nil
    }

    /// What `(?<![\p{L}0-9/.,-])[0-9]{1,5}` finds (all matches, in order) over the whole text:
    /// one match per run of ASCII digits whose preceding code point is neither a letter nor one
    /// of `0-9/.,-`, at most 5 digits long.
    static func digitRuns(_ tv: TextView) -> [NSRange] {
        let u = tv.u16
        let n = u.count
        var out: [NSRange] = []
        var i = 0
        while i < n {
            guard Scan.isASCIIDigit(u[i]) else { i += 1; continue }
            var j = i + 1
            while j < n && Scan.isASCIIDigit(u[j]) { j += 1 }
            if !precededByExcluded(u, i) { out.append(NSRange(location: i, length: min(5, j - i))) }
            i = j
        }
        return out
    }

    /// Whether the code point ending at UTF-16 offset `p` is a letter (`\p{L}`) or one of `0-9/.,-`.
    @inline(__always) static func precededByExcluded(_ u: [UInt16], _ p: Int) -> Bool {
        guard p > 0 else { return false }
        let c = u[p - 1]
        if c < 0x80 {
            return (c >= 0x30 && c <= 0x39) || c == 0x2F || c == 0x2E || c == 0x2C || c == 0x2D
                || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
        }
        var v = UInt32(c)
        if c >= 0xDC00 && c < 0xE000, p >= 2, u[p - 2] >= 0xD800 && u[p - 2] < 0xDC00 {
            v = 0x10000 + ((UInt32(u[p - 2]) - 0xD800) << 10) + (UInt32(c) - 0xDC00)
        }
        guard let sc = Unicode.Scalar(v) else { return false }
        switch sc.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// False only when `nameEnding(before, allowNewline:)` certainly returns nil, `before` being
    /// the text from `from` to `p`: the word ending it (after spaces, tabs, colons and, when
    /// allowed, newlines) is not one of `lastWords`. Unusual text (anything but simple scalars
    /// around the word) answers true and is left to `nameEnding`.
    static func nameMayEnd(_ u: [UInt16], from: Int, to p: Int, allowNewline: Bool) -> Bool {
        let t = Scan.table
        var q = p - 1
        while q >= from {
            let c = u[q]
            if c == 0x20 || c == 0x09 || c == 0x3A || (allowNewline && c == 0x0A) { q -= 1 } else { break }
        }
        guard q >= from else { return false }
        let end = q + 1
        while q >= from {
            let f = Scan.flags(u[q], t)
            guard f & 1 != 0 else {
                // not simple: a letter of another script, a mark, a surrogate…
                return true
            }
            if f & 2 == 0 { break }
            q -= 1
            if end - q > 9 { return false }
        }
        if q >= from {
            // u[q] is a simple non-letter; a scalar before it could be a prepend joining it
            if q > from && u[q - 1] >= 0x600 { return true }
        }
        guard end > q + 1 else { return false }
        var word = ""
        for k in (q + 1)..<end { word += t.lower[Int(u[k])] }
        return lastWords.contains(word)
    }

    /// UTF-16 of the (NFC) type names and abbreviations, and whether they are all simple.
    static let typeNameUnits: [[UInt16]] = typeNameList.map { Array(VietText.nfc($0).text.utf16) }
    static let abbrevUnits: [[UInt16]] = abbrevList.map { Array(VietText.nfc($0).text.utf16) }
    static let unitsSimple: Bool = (typeNameList + abbrevList).allSatisfy { n in
        let c = VietText.nfc(n).text
        return Scan.isSimple(c) && c.unicodeScalars.allSatisfy { Scan.table.lower16[Int($0.value)] != 0 }
    }
    static let soUnits: [UInt16] = Array(VietText.nfc("số").text.utf16)
    static let lienTichUnits: [UInt16] = Array(VietText.nfc(" liên tịch").text.utf16)

    /// `nameEnding(tv.sub(from..<p), allowNewline:)` computed on the units when every unit of the
    /// window is simple and lower-cases to one scalar (then `Character`s, their lower-casing and
    /// `hasSuffix` are unit-wise); otherwise the String version.
    static func nameEnding(_ tv: TextView, from: Int, to p: Int, allowNewline: Bool) -> (name: String, offset: Int, so: Bool)? {
        let u = tv.u16
        let t = Scan.table
        var simple = unitsSimple
        if simple {
            for k in from..<p {
                let c = u[k]
                if c >= 0x2070 || t.flags[Int(c)] & 1 == 0 || t.lower16[Int(c)] == 0 { simple = false; break }
            }
        }
        guard simple else { return nameEnding(tv.sub(NSRange(location: from, length: p - from)), allowNewline: allowNewline) }
        // quick reject, as in the String version
        var word: [UInt16] = []
        var seenLetter = false
        var k = p - 1
        while k >= from {
            let c = u[k]
            let letter = t.flags[Int(c)] & 2 != 0
            if letter { word.append(c); seenLetter = true }
            else if seenLetter { break }
            else if !(c == 0x20 || c == 0x09 || c == 0x3A || (allowNewline && c == 0x0A)) { return nil }
            if word.count > 8 { return nil }
            k -= 1
        }
        var w = ""
        for c in word.reversed() { w += t.lower[Int(c)] }
        guard lastWords.contains(w) else { return nil }
        var e = p   // the window is u[from..<e]
        func dropSpaces() { while e > from, u[e - 1] == 0x20 || u[e - 1] == 0x09 || (allowNewline && u[e - 1] == 0x0A) { e -= 1 } }
        // (a name wrapped over two lines, "công" ⏎ "văn", is the same name)
        func lowerHasSuffix(_ n: [UInt16]) -> Bool {
            guard e - from >= n.count else { return false }
            for (j, x) in n.enumerated() {
                let c = u[e - n.count + j]
                if (c == 0x0A || c == 0x09) && allowNewline ? x != 0x20 : t.lower16[Int(c)] != x { return false }
            }
            return true
        }
        func hasSuffix(_ n: [UInt16]) -> Bool {
            guard e - from >= n.count else { return false }
            for (j, x) in n.enumerated() where u[e - n.count + j] != x { return false }
            return true
        }
        dropSpaces()
        var so = false
        if e > from && u[e - 1] == 0x3A { e -= 1; dropSpaces() }
        if lowerHasSuffix(soUnits), e - 2 == from || t.flags[Int(u[e - 3])] & 2 == 0 {
            e -= 2; so = true
            let had = e > from && (u[e - 1] == 0x20 || u[e - 1] == 0x09 || u[e - 1] == 0x0A)
            dropSpaces()
            if !had { return nil }
        }
        if lowerHasSuffix(lienTichUnits) { e -= lienTichUnits.count; dropSpaces() }
        for n in typeNameUnits where lowerHasSuffix(n) {
            let start = e - n.count
            if start > from, t.flags[Int(u[start - 1])] & 2 != 0 { continue }
            return (Scan.string(utf16: u[start..<e]), start - from, so)
        }
        for a in abbrevUnits where hasSuffix(a) {
            let start = e - a.count
            if start > from, t.flags[Int(u[start - 1])] & (2 | 16) != 0 { continue }
            return (Scan.string(utf16: u[start..<e]), start - from, so)
        }
        return nil
    }

    static func mentions(in tv: TextView) -> [Mention] {
        var out: [Mention] = []
        let len = tv.length
        let u = tv.u16
        var lastEnd = 0
        for dr in digitRuns(tv) {
            let p = dr.location
            if p < lastEnd { continue }
            let winStart = max(0, p - 40)
            let before = NSRange(location: winStart, length: p - winStart)
            if let found = NumberScanner.scan(u, at: p, end: min(len, p + 160)), let num = DocumentNumber.normalize(found.text) {
                let numRange = found.range
                var typeName: String? = nil
                var start = p
                if nameMayEnd(u, from: winStart, to: p, allowNewline: true), let nm = nameEnding(tv, from: winStart, to: p, allowNewline: true) {
                    typeName = nm.name
                    start = before.location + nm.offset
                }
                let type = DocumentNumber.typeCode(of: num) ?? typeName.flatMap { DocumentTypes.code(forName: $0) }
                let r = NSRange(location: start, length: NSMaxRange(numRange) - start)
                var mention = Mention(range: r, numberRange: numRange, number: num, short: false, type: type, end: NSMaxRange(numRange))
                attachDateAndIssuer(&mention, tv)
                out.append(mention)
                lastEnd = NSMaxRange(numRange)
                continue
            }
            // short mention: "Kết luận 226", "KH số 1520"
            guard nameMayEnd(u, from: winStart, to: p, allowNewline: true), let nm = nameEnding(tv, from: winStart, to: p, allowNewline: true) else { continue }
            let after = NSMaxRange(dr)
            let follow = tv.sub(NSRange(location: after, length: min(16, len - after)))
            if follow.has(#"^(?:[0-9]|[ \t]*[/-][ \t]*[0-9A-Za-zĐđ]|[.,][0-9])"#) { continue }
            // at least one space between the name and the number
            if let c = tv.sub(NSRange(location: p - 1, length: 1)).first, !(c == " " || c == "\t" || c == ":" || c == "\n") { continue }
            // a list item's number after a name that ends a line or a title ("Kế hoạch" ⏎ "2. Tổ chức …",
            // "… triển khai Kế hoạch 1. Tổ chức …" in a copy on one line)
            if dr.length <= 2, follow.has(#"^[.)]\s+\p{Lu}"#) { continue }
            // a page number on its own line after a name that ends the line before
            if tv.sub(NSRange(location: before.location + nm.offset, length: p - before.location - nm.offset)).contains("\n"),
               follow.has(#"^[ \t]*(?:[-–/][ \t]*[0-9]*[ \t]*)?(?:\n|$)"#) { continue }
            let hasSo = nm.so
            let isAbbrev = abbrevList.contains(nm.name)
            let name = nm.name
            let serial = tv.sub(dr)
            if !hasSo && !isAbbrev {
                guard let f = name.first, f.isUppercase else { continue }
                // a heading in capitals and a number after it ("KẾ HOẠCH" ⏎ "2", a page number) is no mention
                if name.count > 3, DocumentParser.upperRatio(name) == 1 { continue }
            }
            if !hasSo, serial.count == 4, let y = Int(serial), (1900...2100).contains(y) { continue }
            let afterT = follow.lowercased().trimmingScalars(in: CharSets.whitespaces)
            if ["tháng", "năm", "ngày", "%", "giờ", "phút", "người", "cuộc", "lượt", "trường", "đơn", "lần", "quý", "quí", "tuần"].contains(where: { afterT.hasPrefix($0) }) { continue }
            let type = DocumentTypes.code(forName: name)
            let r = NSRange(location: before.location + nm.offset, length: after - before.location - nm.offset)
            var mention = Mention(range: r, numberRange: dr, number: serial, short: true, type: type, end: after)
            attachDateAndIssuer(&mention, tv)
            out.append(mention)
        }
        return out
    }

    /// Necessary condition for `datePattern` anchored at `p`: blanks, an optional comma and
    /// parenthesis, then "ban hành" or "ngày" (case-insensitive: the first letter is b/B or n/N).
    static func dateMayFollow(_ u: [UInt16], at p: Int) -> Bool {
        let n = u.count
        var q = p
        func blanks() { while q < n && (u[q] == 0x20 || (u[q] >= 0x09 && u[q] <= 0x0D) || u[q] == 0x85 || u[q] == 0xA0 || (u[q] >= 0x2000 && u[q] <= 0x200A) || u[q] == 0x2028 || u[q] == 0x2029 || u[q] == 0x202F || u[q] == 0x205F || u[q] == 0x3000 || u[q] == 0x1680) { q += 1 } }
        blanks()
        if q < n && u[q] == 0x2C { q += 1 }
        blanks()
        if q < n && u[q] == 0x28 { q += 1 }
        blanks()
        guard q < n else { return false }
        let c = u[q]
        return c == 0x62 || c == 0x42 || c == 0x6E || c == 0x4E
    }

    /// Necessary condition for `issuerPattern` anchored at `p`: `\s*,?\s*` then "của" (first letter
    /// c/C). A non-ASCII unit among the blanks answers true (`\s` has non-ASCII members).
    static func issuerMayFollow(_ u: [UInt16], at p: Int) -> Bool {
        let n = u.count
        var q = p
        var comma = false
        while q < n {
            let c = u[q]
            if c == 0x20 || (c >= 0x09 && c <= 0x0D) { q += 1; continue }
            if c == 0x2C && !comma { comma = true; q += 1; continue }
            if c >= 0x80 { return true }
            return c == 0x63 || c == 0x43
        }
        return false
    }

    static func attachDateAndIssuer(_ m: inout Mention, _ tv: TextView) {
        let len = tv.length
        let window = NSRange(location: m.end, length: min(80, len - m.end))
        if dateMayFollow(tv.u16, at: m.end), let d = tv.firstMatch(TextKit.regex(datePattern), in: window, options: .anchored) {
            let day = Int(tv.sub(d.range(at: 1)))
            var month: Int? = nil, year: Int? = nil
            if d.range(at: 2).location != NSNotFound { month = Int(tv.sub(d.range(at: 2))); year = Int(tv.sub(d.range(at: 3))) }
            else {
                month = Int(tv.sub(d.range(at: 4)))
                if d.range(at: 5).location != NSNotFound { year = Int(tv.sub(d.range(at: 5))) }
            }
            if let day, let month, let year, DocDate.isValid(year: year, month: month, day: day) {
                m.date = DocDate(year: year, month: month, day: day)
            }
            m.end = NSMaxRange(d.range)
        }
        let w2 = NSRange(location: m.end, length: min(110, len - m.end))
        if issuerMayFollow(tv.u16, at: m.end), let i = tv.firstMatch(TextKit.regex(issuerPattern), in: w2, options: .anchored) {
            var s = TextKit.collapseSpaces(issuerText(tv.sub(i.range(at: 1))))
            let stops = [" về ", " thực hiện", " ban hành", " quy định", " triển khai", " trong ", " tại ", " đến ", " và ", " kèm", " hướng dẫn", " được ", " đã ", " là ", " theo ", " cho ", " nhằm ", " với "]
            if let cut = cutAtStops(s + " ") { s = cut } else {
                var h = s + " "
                for st in stops { if let r = TextKit.range(of: st, in: h) { s = String(h[..<r.lowerBound]); h = s + " " } }
            }
            s = s.trimmingScalars(in: CharSets.whitespaces)
            // (only when one of the superscripts occurs: nothing else is canonically equal to them)
            if s.unicodeScalars.contains(where: { $0.value == 0xB9 || $0.value == 0xB2 || $0.value == 0xB3 || (0x2070...0x2079).contains($0.value) }) {
                s = String(s.filter { !"¹²³⁴⁵⁶⁷⁸⁹⁰".contains($0) })
            }
            if !s.isEmpty, s.count <= 70, let f = s.first, f.isUppercase { m.issuer = s }
        }
    }

    /// The issuer up to the first line break after which a new line starts something else: a
    /// bullet, a number, a parenthesis, a word in capitals, "Kính gửi", "Nơi nhận" or an opening clause.
    static func issuerText(_ raw: String) -> String {
        guard raw.utf8.contains(0x0A) else { return raw }
        var out = ""
        for (k, line) in raw.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = line.trimmingScalars(in: CharSets.whitespaces)
            if k > 0 {
                guard let f = t.unicodeScalars.first, CharacterSet.letters.contains(f) else { break }
                let first = String(t.prefix { !$0.isWhitespace })
                if first.count >= 2 && DocumentParser.upperRatio(first) == 1 { break }
                if t.hasPrefix("Kính gửi") || t.hasPrefix("Nơi nhận") || Opening.keyword(at: 0, Array(t.utf16), end: t.utf16.count) != nil && f.properties.isUppercase { break }
                out += " "
            }
            out += t
        }
        return out
    }

    static let issuerStops = [" về ", " thực hiện", " ban hành", " quy định", " triển khai", " trong ", " tại ", " đến ", " và ", " kèm", " hướng dẫn", " được ", " đã ", " là ", " theo ", " cho ", " nhằm ", " với "]
    static let issuerStopBytes: [[UInt8]] = issuerStops.map { Array($0.utf8) }

    /// The issuer cut at its stop phrases (each in turn, `h` = the text + " "), on bytes when `h`
    /// is simple (the stops are): what the `TextKit.range(of:in:)` loop gives; nil when not simple.
    static func cutAtStops(_ h: String) -> String? {
        guard Scan.isSimple(h) else { return nil }
        var b = Array(h.utf8)
        for st in issuerStopBytes {
            let found = b.withUnsafeBufferPointer { hp in st.withUnsafeBufferPointer { Scan.firstOffset(hp, $0) } }
            if let i = found { b.removeSubrange(i...); b.append(0x20) }
        }
        b.removeLast()
        return String(decoding: b, as: UTF8.self)
    }
}

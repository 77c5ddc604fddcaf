import Foundation

/// Finds mentions of other documents and their relation to the mentioning document.
enum ReferenceExtractor {
    static let typeNames = "Thông tư liên tịch|Văn bản hợp nhất|Kế hoạch|Báo cáo|Kết luận|Quyết định|Nghị định|Nghị quyết|Công văn|Thông báo|Chỉ thị|Thông tư|Quy định|Hướng dẫn|Tờ trình|Bộ luật|Luật|Pháp lệnh|Chương trình|Đề án|Phương án|Văn bản|Công điện|Thông tri|Quy chế|Giấy mời|Biên bản|Thông cáo"
    static let abbrevs = "KH|BC|KL|QĐ|NĐ|NQ|CV|TB|CT|TTr|CTr|TT|HD"
    static let sym = "[A-ZĐ][A-Za-zĐđ0-9&]*"
    static var party: String { "([0-9]{1,5})[ \\t]*-[ \\t]*([A-ZĐ][A-Za-zĐđ]{0,4})[ \\t]*/[ \\t]*(\(sym)(?:[ \\t]*-[ \\t]*\(sym))*)" }
    static var state: String { "([0-9]{1,5}[a-zđ]?)[ \\t]*/[ \\t]*(?:([0-9]{4})[ \\t]*/[ \\t]*)?(\(sym)(?:[ \\t]*-[ \\t]*\\n?[ \\t]*\(sym))*)" }
    static let datePattern = "[ \\t]*,?[ \\t]*\\(?[ \\t]*(?:(?i:ban hành)\\s+)?(?i:ngày)\\s+(?:(?i:ngày)\\s+)?([0-9]{1,2})(?:\\s*[/.-]\\s*([0-9]{1,2})\\s*[/.-]\\s*([0-9]{4})|\\s+(?i:tháng)\\s+([0-9]{1,2})(?:\\s+(?i:năm)\\s+([0-9]{4}))?)"
    static let issuerPattern = "\\s*,?\\s*(?i:của)\\s+([^,;.()\\n]{1,90})"

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

    static func validSymbol(_ s: String) -> Bool {
        let groups = (s.utf8.contains(0x0A) ? s.replacingOccurrences(of: "\n", with: "") : s).split(whereSeparator: { $0 == "-" || $0 == "/" })
        for g in groups {
            let t = g.trimmingScalars(in: CS.whitespaces)
            guard let f = t.first, f.isUppercase || f.isNumber else { return false }
            let letters = t.filter { $0.isLetter }
            let up = letters.filter { $0.isUppercase }
            if letters.count > 0 && Double(up.count) / Double(letters.count) < 0.5 { return false }
        }
        return true
    }

    static var coreFull: String { "(?:\(party)|\(state))" }

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

    static func nameEnding(_ before: String, allowNewline: Bool) -> (name: String, offset: Int, so: Bool)? {
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

    /// Necessary condition for `coreFull` matching anchored at `p` (a digit): the digit run is at
    /// most 5 long and is followed by `[ \t]*-` or `[a-zđ]?[ \t]*/`.
    static func fullMayMatch(_ u: [UInt16], at p: Int) -> Bool {
        let n = u.count
        var q = p
        while q < n && Scan.isASCIIDigit(u[q]) { q += 1 }
        guard q - p <= 5, q < n else { return false }
        var r = q
        while r < n && (u[r] == 0x20 || u[r] == 0x09) { r += 1 }
        if r < n && (u[r] == 0x2D || u[r] == 0x2F) { return true }
        let c = u[q]
        guard (c >= 0x61 && c <= 0x7A) || c == 0x111 else { return false }
        r = q + 1
        while r < n && (u[r] == 0x20 || u[r] == 0x09) { r += 1 }
        return r < n && u[r] == 0x2F
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
    static let typeNameUnits: [[UInt16]] = typeNameList.map { Array($0.precomposedStringWithCanonicalMapping.utf16) }
    static let abbrevUnits: [[UInt16]] = abbrevList.map { Array($0.precomposedStringWithCanonicalMapping.utf16) }
    static let unitsSimple: Bool = (typeNameList + abbrevList).allSatisfy { n in
        let c = n.precomposedStringWithCanonicalMapping
        return Scan.isSimple(c) && c.unicodeScalars.allSatisfy { Scan.table.lower16[Int($0.value)] != 0 }
    }
    static let soUnits: [UInt16] = Array("số".precomposedStringWithCanonicalMapping.utf16)
    static let lienTichUnits: [UInt16] = Array(" liên tịch".precomposedStringWithCanonicalMapping.utf16)

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
        func lowerHasSuffix(_ n: [UInt16]) -> Bool {
            guard e - from >= n.count else { return false }
            for (j, x) in n.enumerated() where t.lower16[Int(u[e - n.count + j])] != x { return false }
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
        let full = TextKit.re(coreFull)
        var lastEnd = 0
        for dr in digitRuns(tv) {
            let p = dr.location
            if p < lastEnd { continue }
            let winStart = max(0, p - 40)
            let before = NSRange(location: winStart, length: p - winStart)
            if fullMayMatch(u, at: p), let m = tv.firstMatch(full, in: NSRange(location: p, length: min(120, len - p)), options: .anchored) {
                let isParty = m.range(at: 1).location != NSNotFound
                let numRange = m.range
                let rawNum = tv.sub(numRange)
                let symbolPart = isParty ? tv.sub(m.range(at: 2)) + "/" + tv.sub(m.range(at: 3)) : tv.sub(m.range(at: 6))
                if validSymbol(symbolPart), let num = DocumentNumber.normalize(rawNum) {
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
            }
            // short mention: "Kết luận 226", "KH số 1520"
            guard nameMayEnd(u, from: winStart, to: p, allowNewline: false), let nm = nameEnding(tv, from: winStart, to: p, allowNewline: false) else { continue }
            let after = NSMaxRange(dr)
            let follow = tv.sub(NSRange(location: after, length: min(16, len - after)))
            if follow.has(#"^(?:[0-9]|[ \t]*[/-][ \t]*[0-9A-Za-zĐđ]|[.,][0-9])"#) { continue }
            // at least one space between the name and the number
            if let c = tv.sub(NSRange(location: p - 1, length: 1)).first, !(c == " " || c == "\t" || c == ":") { continue }
            let hasSo = nm.so
            let isAbbrev = abbrevList.contains(nm.name)
            let name = nm.name
            let serial = tv.sub(dr)
            if !hasSo && !isAbbrev {
                guard let f = name.first, f.isUppercase else { continue }
            }
            if !hasSo, serial.count == 4, let y = Int(serial), (1900...2100).contains(y) { continue }
            let afterT = follow.lowercased().trimmingScalars(in: CS.whitespaces)
            if ["tháng", "năm", "ngày", "%", "giờ", "phút", "người", "cuộc", "lượt", "trường", "đơn", "lần", "quý", "quí", "tuần"].contains(where: { afterT.hasPrefix($0) }) { continue }
            let type = DocumentTypes.code(forName: name)
            let r = NSRange(location: before.location + nm.offset, length: after - before.location - nm.offset)
            var mention = Mention(range: r, numberRange: dr, number: serial, short: true, type: type, end: after)
            attachDateAndIssuer(&mention, tv)
            out.append(mention)
        }
        return out
    }

    /// Necessary condition for `datePattern` anchored at `p`: `[ \t]*,?[ \t]*\(?[ \t]*` then
    /// "ban hành" or "ngày" (case-insensitive: the first letter is b/B or n/N).
    static func dateMayFollow(_ u: [UInt16], at p: Int) -> Bool {
        let n = u.count
        var q = p
        func blanks() { while q < n && (u[q] == 0x20 || u[q] == 0x09) { q += 1 } }
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
        if dateMayFollow(tv.u16, at: m.end), let d = tv.firstMatch(TextKit.re(datePattern), in: window, options: .anchored) {
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
        if issuerMayFollow(tv.u16, at: m.end), let i = tv.firstMatch(TextKit.re(issuerPattern), in: w2, options: .anchored) {
            var s = TextKit.collapseSpaces(tv.sub(i.range(at: 1)))
            let stops = [" về ", " thực hiện", " ban hành", " quy định", " triển khai", " trong ", " tại ", " đến ", " và ", " kèm", " hướng dẫn", " được ", " đã ", " là ", " theo ", " cho ", " nhằm ", " với "]
            if let cut = cutAtStops(s + " ") { s = cut } else {
                var h = s + " "
                for st in stops { if let r = TextKit.range(of: st, in: h) { s = String(h[..<r.lowerBound]); h = s + " " } }
            }
            s = s.trimmingScalars(in: CS.whitespaces)
            // (only when one of the superscripts occurs: nothing else is canonically equal to them)
            if s.unicodeScalars.contains(where: { $0.value == 0xB9 || $0.value == 0xB2 || $0.value == 0xB3 || (0x2070...0x2079).contains($0.value) }) {
                s = String(s.filter { !"¹²³⁴⁵⁶⁷⁸⁹⁰".contains($0) })
            }
            if !s.isEmpty, s.count <= 70, let f = s.first, f.isUppercase { m.issuer = s }
        }
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

    /// Whether the text between two mentions joins them as one list ("X của Ban Bí thư và Y").
    static func joins(_ gapRaw: String) -> Bool {
        var g = TextKit.collapseSpaces(gapRaw).lowercased()
        if g.count > 120 { return false }
        // drop a leading date
        if let r = g.rangeOf(#"^,?\s*\(?\s*ngày\s+[0-9][0-9/\-. ]*(?:tháng\s+[0-9]+\s*(?:năm\s+[0-9]{4})?)?\)?"#) { g.removeSubrange(r) }
        g = g.trimmingScalars(in: CS.whitespaces)
        // trailing conjunction and optional verb
        guard let r = g.rangeOf(#"(?:^|\s|,|;)(?:và|;|,)\s*(?:(?:thực hiện|triển khai)\s*)*$"#) ?? (g.hasSuffix(";") || g.hasSuffix(",") ? g.index(before: g.endIndex)..<g.endIndex : nil) else {
            return false
        }
        let head = String(g[..<r.lowerBound]).trimmingScalars(in: CS.chars2)
        if head.isEmpty { return true }
        guard head.hasPrefix("của ") else { return false }
        let bad = ["về", "thực hiện", "triển khai", "ban hành", "kèm theo", "quy định", "hướng dẫn", "theo", "tại", "trong", "nhằm", "để"]
        let words = " " + head + " "
        return !bad.contains { words.contains(" " + $0 + " ") }
    }

    /// Necessary condition for `act` (case-insensitive "sửa đổi", "thay thế", "bãi bỏ"): the text
    /// holds "sửa", " thế" or "i bỏ" (either case; ſ for s). No other code point case-folds to
    /// these letters (ICU matches code points, so decomposed forms do not match either).
    static func actMay(_ tv: TextView) -> Bool {
        let u = tv.u16
        let n = u.count
        var i = 2
        while i < n {
            switch u[i] {
            case 0x1EBF, 0x1EBE:   // " thế"
                if i >= 3, u[i - 1] | 0x20 == 0x68, u[i - 2] | 0x20 == 0x74, u[i - 3] == 0x20 { return true }
            case 0x1ECF, 0x1ECE:   // "i bỏ"
                if i >= 3, u[i - 1] | 0x20 == 0x62, u[i - 2] == 0x20, u[i - 3] | 0x20 == 0x69 { return true }
            case 0x61, 0x41:       // "sửa" (ſ folds to s)
                if u[i - 1] == 0x1EED || u[i - 1] == 0x1EEC, u[i - 2] | 0x20 == 0x73 || u[i - 2] == 0x17F { return true }
            default: break
            }
            i += 1
        }
        return false
    }

    static let keywordPattern = "(?:^|\\n|;)[ \\t*_>+\\-]*((?i:thực hiện|triển khai|căn cứ))\\b"
    static let keywordUnits: [[UInt16]] = ["thực hiện", "triển khai", "căn cứ"].map { Array($0.precomposedStringWithCanonicalMapping.utf16) }

    /// The group-1 ranges of all matches of `keywordPattern` in `r` (region start, a newline or
    /// ";", marks, then a keyword case-insensitively, then a word boundary), or nil when a unit
    /// the scanner cannot fold or a non-ASCII unit after a keyword leaves it undecided.
    static func keywordRanges(_ tv: TextView, in r: NSRange) -> [NSRange]? {
        let u = tv.u16
        let f = DocumentSplitter.fold16
        let end = r.location + r.length
        guard r.location >= 0, end <= u.count else { return nil }
        var out: [NSRange] = []
        var p = r.location
        while p < end {
            var found: NSRange? = nil
            for branch in 0..<2 {
                var q: Int
                if branch == 0 { guard p == r.location else { continue }; q = p }           // ^
                else { guard u[p] == 0x0A || u[p] == 0x3B else { continue }; q = p + 1 }   // \n or ;
                while q < end, u[q] == 0x20 || u[q] == 0x09 || u[q] == 0x2A || u[q] == 0x5F || u[q] == 0x3E || u[q] == 0x2B || u[q] == 0x2D { q += 1 }
                for w in keywordUnits where q + w.count <= end {
                    var ok = true
                    for j in 0..<w.count {
                        let c = u[q + j]
                        guard c < 0x2070 else { return nil }
                        let fc = f[Int(c)]
                        if fc == 0 { return nil }
                        if fc != w[j] { ok = false; break }
                    }
                    guard ok else { continue }
                    let e = q + w.count
                    if e < end {
                        let c = u[e]
                        if c >= 0x80 { return nil }
                        if (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F { continue }
                    }
                    found = NSRange(location: q, length: w.count)
                    break
                }
                if found != nil { break }
            }
            if let m = found { out.append(m); p = m.location + m.length } else { p += 1 }
        }
        return out
    }

    /// References of a document, one per distinct number.
    static func extract(_ tv: TextView, ownNumber: String?, ownType: String?, preamble: NSRange, title: [NSRange]) -> [Reference] {
        var ms = mentions(in: tv)
        // Exclude the document's own number.
        if let own = ownNumber {
            let k = DocumentNumber.key(own), s = DocumentNumber.serial(of: own)
            ms.removeAll { m in
                m.short ? (m.number == s && (m.type == nil || m.type == ownType)) : DocumentNumber.key(m.number) == k
            }
        }
        guard !ms.isEmpty else { return [] }

        // Link short mentions to full ones.
        for i in ms.indices where ms[i].short {
            let s = ms[i].number, t = ms[i].type
            let cands = ms.indices.filter { !ms[$0].short && DocumentNumber.serial(of: ms[$0].number) == s && (t == nil || ms[$0].type == nil || ms[$0].type == t) }
            if let best = cands.last(where: { ms[$0].range.location < ms[i].range.location }) ?? cands.first {
                ms[i].number = ms[best].number
                ms[i].type = ms[best].type ?? t
                ms[i].short = false
                ms[i].date = ms[i].date ?? nil
            }
        }

        // Relations from opening clauses.
        func heads(after p: Int, limit: Int, _ rel: Relation) -> Bool {
            guard let first = ms.indices.first(where: { ms[$0].range.location >= p }) else { return false }
            let gap = tv.sub(NSRange(location: p, length: ms[first].range.location - p))
            guard gap.count <= 45, !gap.contains(";"), !gap.contains("\n\n") else { return false }
            var cur = first
            assign(&ms[cur], rel)
            while cur + 1 < ms.count {
                let nxt = cur + 1
                let a = NSMaxRange(ms[cur].numberRange), b = ms[nxt].range.location
                guard b >= a, b <= limit else { break }
                if joins(tv.sub(NSRange(location: a, length: b - a))) {
                    assign(&ms[nxt], rel); cur = nxt
                } else { break }
            }
            return true
        }
        func assign(_ m: inout Mention, _ r: Relation) { if r.strength > m.relation.strength { m.relation = r } }

        var implementsFound = false
        let kw = TextKit.re(keywordPattern)
        for kr in keywordRanges(tv, in: preamble) ?? kw.matches(in: tv.text, range: preamble).map({ $0.range(at: 1) }) {
            let word = tv.sub(kr).lowercased()
            let rel: Relation = word.hasPrefix("căn") ? .basis : .implements
            let p = NSMaxRange(kr)
            if heads(after: p, limit: NSMaxRange(preamble) + 400, rel), rel == .implements { implementsFound = true }
        }
        if !implementsFound {
            // A title "Kế hoạch triển khai thực hiện X" / "Báo cáo kết quả thực hiện X" / "V/v triển khai X".
            let tk = TextKit.re("^[\\s*_]*(?:(?i:v/v)\\s*:?\\s*)?(?:(?i:kết quả)\\s+(?:[^\\n]{0,40}?\\s)?)?((?i:triển khai(?:,? thực hiện)?|thực hiện))\\b")
            for r in title {
                if let k = tk.firstMatch(in: tv.text, range: r) {
                    if heads(after: NSMaxRange(k.range(at: 1)), limit: NSMaxRange(r), .implements) { break }
                }
            }
        }
        // amends / replaces / repeals by this document
        let act = TextKit.re("((?i:sửa đổi, bổ sung|sửa đổi|thay thế|bãi bỏ))")
        for k in (actMay(tv) ? act.matches(in: tv.text, range: NSRange(location: 0, length: tv.length)) : []) {
            let w = tv.sub(k.range(at: 1)).lowercased()
            let rel: Relation = w.hasPrefix("sửa") ? .amends : w.hasPrefix("thay") ? .replaces : .repeals
            let before = tv.sub(NSRange(location: max(0, k.range.location - 40), length: min(40, k.range.location)))
            let li = tv.lineIndex(at: k.range.location)
            let lineStart = tv.lines[li].location
            let prefix = tv.sub(NSRange(location: lineStart, length: k.range.location - lineStart))
            let atStart = prefix.has(#"^[\s*_\-+]*(?:Điều\s+[0-9]+\s*[.:]\s*)?(?:[0-9]+\.\s*)?$"#)
            guard before.contains(" này") || atStart else { continue }
            if let i = ms.indices.first(where: { ms[$0].range.location >= NSMaxRange(k.range) }),
               ms[i].range.location - NSMaxRange(k.range) <= 40 {
                assign(&ms[i], rel)
            }
        }

        // One reference per number.
        var order: [String] = []
        var byKey: [String: Reference] = [:]
        for m in ms {
            let key = DocumentNumber.key(m.number) + (m.short ? "#\(m.type ?? "")" : "")
            let text = tv.sub(m.range)
            if var r = byKey[key] {
                if m.relation.strength > r.relation.strength { r.relation = m.relation }
                if r.date == nil { r.date = m.date }
                if r.issuer == nil { r.issuer = m.issuer }
                if r.type == nil { r.type = m.type }
                byKey[key] = r
            } else {
                order.append(key)
                byKey[key] = Reference(number: m.number, type: m.type, date: m.date, issuer: m.issuer, relation: m.relation,
                                       span: tv.span(m.range), text: text)
            }
        }
        return order.compactMap { byKey[$0] }
    }
}

import Foundation

/// Finds where documents start in a file: at a header block (national motto, issuer, `Số:`,
/// place and date), or at a bare `Số:` line followed by a date or a type heading.
enum DocumentSplitter {
    static func isMotto(_ line: String) -> Bool {
        guard line.range(of: "ngh", options: [.caseInsensitive, .diacriticInsensitive]) != nil else { return false }
        let f = TextKit.fold(line)
        return f.hasBytes("cong hoa xa hoi chu nghia") || f.hasBytes("dang cong san viet nam")
    }

    static func isSoLine(_ line: String) -> Bool {
        guard line.hasBytes("Số") else { return false }
        let l = line as NSString
        return TextKit.re(DocumentParser.soPattern).firstMatch(in: line, range: NSRange(location: 0, length: l.length)) != nil
    }

    static let ngayNumPattern = #"ngày\s*[0-9]{1,2}\s*/\s*[0-9]{1,2}\s*/\s*[0-9]{4}"#
    static let ngayLiteral = String(String.UnicodeScalarView(ngayNumPattern.unicodeScalars.prefix(4)))

    static func looksLikeHeaderFollow(_ tv: TextView, after i: Int) -> Bool {
        var seen = 0
        var j = i
        while j < tv.lines.count, seen < 5 {
            let t = TextKit.stripMarkup(tv.line(j)).trimmingScalars(in: CS.whitespaces)
            if !t.isEmpty {
                seen += 1
                let f = TextKit.fold(t)
                if f.hasBytes("ngay") && f.hasBytes("thang") && f.hasBytes("nam") { return true }
                if DocumentTypes.headingFolds[f] != nil && DocumentParser.upperRatio(t) > 0.9 { return true }
                if f.hasPrefix("v v ") || f.hasPrefix("kinh gui") { return true }
                if j == i && t.hasBytes(ngayLiteral) && t.has(ngayNumPattern) { return true }
            }
            j += 1
        }
        return false
    }

    static let mottoPattern = "(?i:XÃ HỘI CHỦ NGHĨA|XA HOI CHU NGHIA|CỘNG HÒA XÃ|CỘNG HOÀ XÃ|ĐẢNG CỘNG SẢN VIỆT NAM)"
    /// The alternatives of `mottoPattern`, lower-cased, as UTF-16.
    static let mottoFolded: [[UInt16]] = ["xã hội chủ nghĩa", "xa hoi chu nghia", "cộng hòa xã", "cộng hoà xã", "đảng cộng sản việt nam"].map { Array($0.utf16) }

    /// Per UTF-16 unit below U+2070: its case folding when that is a single BMP unit equal to its
    /// lower-case mapping (then ICU's case-insensitive matching compares it as that unit); 0 for
    /// everything a scanner cannot decide (not simple, multi-unit or special foldings).
    static let fold16: [UInt16] = {
        var f = [UInt16](repeating: 0, count: Int(Scan.Table.limit))
        let special: Set<UInt32> = [0xB5, 0xDF, 0x17F, 0x149, 0x1F0, 0x130, 0x1E96, 0x1E97, 0x1E98, 0x1E99, 0x1E9A, 0x1E9B, 0x1E9E]
        for v in UInt32(0)..<Scan.Table.limit where Scan.Table.simpleRange(v) && !special.contains(v) {
            guard let sc = Unicode.Scalar(v) else { continue }
            let l = Array(sc.properties.lowercaseMapping.utf16)
            if l.count == 1 { f[Int(v)] = l[0] }
        }
        return f
    }()

    /// Whether line `i` holds a match of `mottoPattern` (the pattern cannot cross a newline).
    ///
    /// One pass: at each unit that folds to the first letter of an alternative (x, c, đ), the
    /// alternatives starting with it are compared on folded units. A match found this way is a
    /// match of the pattern whatever else the line holds; no match on a line of foldable units
    /// means none; otherwise (a unit the table cannot fold) the regex decides.
    static func lineHasMotto(_ tv: TextView, _ i: Int) -> Bool {
        let r = tv.lines[i]
        let end = r.location + r.length
        var unfoldable = false
        let found = tv.u16.withUnsafeBufferPointer { up in
            fold16.withUnsafeBufferPointer { fp -> Bool in
                var k = r.location
                while k < end {
                    let c = up[k]
                    let fc: UInt16
                    if c < 0x80 {
                        fc = c | 0x20   // only x, c (and their upper case) matter below
                    } else {
                        fc = c < 0x2070 ? fp[Int(c)] : 0
                        if fc == 0 { unfoldable = true; k += 1; continue }
                    }
                    if fc == 0x78 || fc == 0x63 || fc == 0x111 {
                        for alt in mottoFolded where alt[0] == fc && end - k >= alt.count {
                            var j = 1
                            while j < alt.count {
                                let d = up[k + j]
                                if d >= 0x2070 || fp[Int(d)] != alt[j] { break }
                                j += 1
                            }
                            if j == alt.count { return true }
                        }
                    }
                    k += 1
                }
                return false
            }
        }
        if found { return true }
        guard unfoldable else { return false }
        let l = tv.line(i)
        return TextKit.re(mottoPattern).firstMatch(in: l, range: NSRange(location: 0, length: l.utf16.count)) != nil
    }

    /// The previous scanner (kept as the reference for the tests).
    static func lineHasMottoReference(_ tv: TextView, _ i: Int) -> Bool {
        let r = tv.lines[i]
        let u = tv.u16
        let f = fold16
        let end = r.location + r.length
        // 0: no candidate start, 1: a candidate (x, c or đ), 2: a unit the scanner cannot fold
        let state = u.withUnsafeBufferPointer { up in
            f.withUnsafeBufferPointer { fp -> Int in
                var maybe = 0
                var k = r.location
                while k < end {
                    let c = up[k]
                    if c < 0x80 {
                        let l = c | 0x20
                        if l == 0x78 || l == 0x63 { maybe = 1 }
                    } else {
                        guard c < 0x2070 else { return 2 }
                        let fc = fp[Int(c)]
                        if fc == 0 { return 2 }
                        if fc == 0x111 { maybe = 1 }
                    }
                    k += 1
                }
                return maybe
            }
        }
        if state == 2 {
            let l = tv.line(i)
            return TextKit.re(mottoPattern).firstMatch(in: l, range: NSRange(location: 0, length: l.utf16.count)) != nil
        }
        guard state == 1 else { return false }
        for alt in mottoFolded {
            let m = alt.count
            guard r.length >= m else { continue }
            var s = r.location
            while s + m <= end {
                if f[Int(u[s])] == alt[0] {
                    var j = 1
                    while j < m && f[Int(u[s + j])] == alt[j] { j += 1 }
                    if j == m { return true }
                }
                s += 1
            }
        }
        return false
    }

    static func starts(_ tv: TextView) -> [Int] {
        var cands: [(Int, Bool)] = []   // (line, isMotto)
        // Line by line: neither pattern can match across a newline, so this finds the lines (and,
        // for the `Số` pattern, the number of matches per line) that the whole-text search found.
        for i in 0..<tv.lines.count where lineHasMotto(tv, i) { cands.append((i, true)) }
        let soRe = TextKit.re(DocumentParser.soPattern, .anchorsMatchLines)
        for i in 0..<tv.lines.count {
            let l = tv.line(i)
            guard l.hasBytes("Số") else { continue }
            for _ in soRe.matches(in: l, range: NSRange(location: 0, length: (l as NSString).length)) { cands.append((i, false)) }
        }
        cands.sort { $0.0 < $1.0 }
        var starts: [Int] = []
        var lastMotto = -100
        for (i, motto) in cands {
            let l = tv.line(i)
            if motto {
                guard isMotto(l) else { continue }
                if i - lastMotto <= 3 { continue }
                lastMotto = i
                var s = i
                if DocumentParser.leftColumn(l).isEmpty {
                    var j = i - 1
                    while j >= 0, i - j <= 2, !tv.isBlank(j), DocumentParser.upperRatio(tv.line(j)) > 0.8 { s = j; j -= 1 }
                }
                if let last = starts.last, s <= last { continue }
                starts.append(s)
            } else {
                if i - lastMotto <= 8 { continue }
                guard looksLikeHeaderFollow(tv, after: i) else { continue }
                lastMotto = i
                if let last = starts.last, i <= last { continue }
                starts.append(i)
            }
        }
        if starts.isEmpty { return [0] }
        return starts
    }
}

import Foundation

import VietText

/// Finds where documents start in a file: at a header block (national or Party motto, issuer,
/// `Số:`, place and date), or at a bare `Số:` line followed by a date or a type heading.
///
/// A document starts at the first line of its header, whichever of its lines comes first: the
/// issuer lines above the motto, or above a `Số:` line when a copy put the left column first. A
/// motto inside a body ("QUỐC HỘI NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in a resolution's
/// preamble, a form quoted in an appendix) starts nothing: the motto is written in capitals, not
/// after "nước", and a later document's motto comes with a number or a place-date line.
enum DocumentSplitter {
    static let fullMottos = ["cong hoa xa hoi chu nghia", "dang cong san viet nam"]

    /// Whether line `i` (with its neighbours, for a motto wrapped over two lines) holds the motto
    /// of a header.
    static func isMotto(_ tv: TextView, _ i: Int) -> Bool {
        let line = tv.line(i)
        guard line.hasBytes("XÃ HỘI CHỦ") || line.hasBytes("CỘNG HÒA") || line.hasBytes("CỘNG HOÀ") || line.hasBytes("ĐẢNG CỘNG SẢN")
                || line.hasBytes("CHỦ NGHĨA") || line.hasBytes("HỘI CHỦ") else { return false }
        var joined = line
        if i > 0 { joined = tv.line(i - 1) + " " + joined }
        if i + 1 < tv.lines.count { joined += " " + tv.line(i + 1) }
        let f = VietText.fold(joined)
        guard fullMottos.contains(where: { f.hasBytes($0) }) else { return false }
        return !f.hasBytes("nuoc cong hoa")
    }

    /// A line that starts with a `Số:` field holding a number (or a draft's blank one), the number
    /// possibly on the next line; Word debris may stand glued before it ("straight connector 2Số:").
    static func isSoLine(_ tv: TextView, _ i: Int) -> Bool {
        let r = tv.lines[i]
        let u = tv.u16
        let end = r.location + r.length
        var p = r.location
        while p < end, u[p] == 0x20 || u[p] == 0x09 || u[p] == 0x2A || u[p] == 0x5F || u[p] == 0x23 || u[p] == 0x3E || u[p] == 0x7C { p += 1 }
        var at = p
        if !(p + 2 <= end && u[p] == 0x53 && u[p + 1] == 0x1ED1) {
            // "…2Số:" after debris: "Số:" with its colon, glued to a digit
            guard let k = (p..<max(p, end - 2)).first(where: { u[$0] == 0x53 && u[$0 + 1] == 0x1ED1 && $0 > p && Scan.isASCIIDigit(u[$0 - 1]) }) else { return false }
            at = k
        }
        var q = at + 2
        while q < end, u[q] == 0x20 || u[q] == 0x09 { q += 1 }
        let colon = q < end && u[q] == 0x3A
        if colon { q += 1 } else if at != p { return false }
        return NumberScanner.scanHeader(u, after: q, end: min(u.count, end + 120)) != nil
    }

    /// Whether a date line, a type heading, a `V/v` or "Kính gửi" follows a `Số:` line within its
    /// next eight lines that hold text (a date may be split over two of them).
    static func looksLikeHeaderFollow(_ tv: TextView, after i: Int) -> Bool {
        var seen = 0
        var j = i
        var previous = ""
        while j < tv.lines.count, seen < 8 {
            let t = TextKit.stripMarkup(tv.line(j)).trimmingScalars(in: CharSets.whitespaces)
            if !t.isEmpty {
                seen += 1
                let f = VietText.fold(t)
                if hasPlaceDate(f) || hasPlaceDate(previous + " " + f) { return true }
                previous = f
                if DocumentTypes.headingFolds[f] != nil && DocumentParser.upperRatio(t) > 0.9 { return true }
                if f.hasPrefix("v v ") || f.hasPrefix("kinh gui") { return true }
                if j == i && t.hasBytes(ngayLiteral) && t.has(ngayNumPattern) { return true }
            }
            j += 1
        }
        return false
    }

    /// A folded line holding "ngày … tháng … năm YYYY".
    static func hasPlaceDate(_ f: String) -> Bool {
        f.hasBytes("ngay") && f.hasBytes("thang") && f.hasBytes("nam")
    }

    static let ngayNumPattern = #"ngày\s*[0-9]{1,2}\s*/\s*[0-9]{1,2}\s*/\s*[0-9]{4}"#
    static let ngayLiteral = String(String.UnicodeScalarView(ngayNumPattern.unicodeScalars.prefix(4)))

    /// Where the motto (or the `Số`) stands in anchor line `i` (UTF-16 offset in the text).
    static func anchorOffset(_ tv: TextView, _ i: Int, motto: Bool) -> Int {
        let l = tv.line(i) as NSString
        for needle in motto ? ["CỘNG HÒA", "CỘNG HOÀ", "XÃ HỘI", "ĐẢNG CỘNG", "CHỦ NGHĨA"] : ["Số"] {
            let r = l.range(of: needle)
            if r.location != NSNotFound { return tv.lines[i].location + r.location }
        }
        return tv.lines[i].location
    }

    /// Whether the lines around a later document's motto hold its number or its place-date line.
    /// (six lines above, nine below, blank lines not counted)
    static func hasHeaderAround(_ tv: TextView, _ i: Int) -> Bool {
        func holds(_ j: Int) -> Bool {
            if isSoLine(tv, j) { return true }
            let l = tv.line(j)
            if l.hasBytes("Số") && l.hasBytes(":") { return true }
            return (l.hasBytes("à") || l.hasBytes("À")) && hasPlaceDate(VietText.fold(l))
        }
        var seen = 0
        var j = i
        while j >= 0, seen < 7 { if !tv.isBlank(j) { seen += 1; if holds(j) { return true } }; j -= 1 }
        seen = 0
        j = i + 1
        while j < tv.lines.count, seen < 9 { if !tv.isBlank(j) { seen += 1; if holds(j) { return true } }; j += 1 }
        return false
    }

    /// The first line of the header around anchor line `i` (a motto or a `Số:` line): the lines in
    /// capitals, `Số:` lines, separators and table rules, single blank lines above it, up to twelve
    /// lines, never a signing capacity or a line of running text.
    static func headerStart(_ tv: TextView, _ i: Int) -> Int {
        var s = i
        var j = i - 1
        var blanks = 0
        while j >= 0, i - j <= 12 {
            let raw = tv.line(j).trimmingScalars(in: CharSets.whitespaces)
            let t = TextKit.stripMarkup(raw).trimmingScalars(in: CharSets.whitespaces)
            if raw.isEmpty {
                blanks += 1
                if blanks > 1 { break }
                j -= 1
                continue
            }
            blanks = 0
            // (a header line is short: a long line is the text of the document before)
            if tv.lines[j].length > 200 { break }
            let separator = t.unicodeScalars.allSatisfy { "-_*=–—.|~ ".unicodeScalars.contains($0) }
            let upper = DocumentParser.upperRatio(t) > 0.8 && !DocumentParser.isCapacity(t) && !t.hasSuffix("./.")
            guard separator || upper || isSoLine(tv, j) else { break }
            if !separator { s = j }
            j -= 1
        }
        return s
    }

    static let mottoPattern = "(?i:XÃ HỘI CHỦ NGHĨA|XA HOI CHU NGHIA|CỘNG HÒA XÃ|CỘNG HOÀ XÃ|ĐẢNG CỘNG SẢN VIỆT NAM)"
    /// The alternatives of `mottoPattern`, lower-cased, as UTF-16.
    static let mottoFolded: [[UInt16]] = ["xã hội chủ nghĩa", "xa hoi chu nghia", "cộng hòa xã", "cộng hoà xã", "đảng cộng sản việt nam"].map { Array($0.utf16) }

    /// Case only, not the search fold (accents stay: that is `VietText.fold`). Per UTF-16 unit
    /// below U+2070: its case folding when that is a single BMP unit equal to its
    /// lower-case mapping (then ICU's case-insensitive matching compares it as that unit); 0 for
    /// everything a scanner cannot decide (not simple, multi-unit or special foldings).
    static let caseFold16: [UInt16] = {
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
            caseFold16.withUnsafeBufferPointer { fp -> Bool in
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
        return TextKit.regex(mottoPattern).firstMatch(in: l, range: NSRange(location: 0, length: l.utf16.count)) != nil
    }

    static func starts(_ tv: TextView) -> [Int] {
        var cands: [(Int, Bool)] = []   // (line, isMotto)
        for i in 0..<tv.lines.count where lineHasMotto(tv, i) { cands.append((i, true)) }
        for i in 0..<tv.lines.count where tv.line(i).hasBytes("Số") && isSoLine(tv, i) { cands.append((i, false)) }
        cands.sort { $0.0 < $1.0 }
        // filled[i]: how many lines before line i are not blank
        var filled = [Int](repeating: 0, count: tv.lines.count + 1)
        for i in 0..<tv.lines.count { filled[i + 1] = filled[i] + (tv.lines[i].length == 0 || tv.isBlank(i) ? 0 : 1) }
        var starts: [Int] = []
        var lastAnchor = -100
        var lastAnchorStart = -10_000   // UTF-16 offset of the last anchor line
        var lastWasNumber = false
        for (i, motto) in cands {
            // within the same header as the last anchor: a few lines, and not far in the text
            // (a flattened document is one long line)
            // (lines counted without the blank ones: a copy may space its header out)
            // (and close in the text: a copy on one line per document has its next header a line below)
            let at = anchorOffset(tv, i, motto: motto)
            let near = { (lines: Int) in
                lastAnchor >= 0 && filled[i] - filled[lastAnchor] <= lines && at - lastAnchorStart < (lastWasNumber ? 700 : 400)
            }
            if motto {
                guard isMotto(tv, i) else { continue }
                // the right column after the left one: the motto a few lines under the number and its V/v
                if near(lastWasNumber ? 10 : 3) { continue }
                if !starts.isEmpty || i > 12, !hasHeaderAround(tv, i) { continue }
            } else {
                if near(8) { continue }
                guard looksLikeHeaderFollow(tv, after: i) else { continue }
            }
            lastAnchor = i
            lastAnchorStart = at
            lastWasNumber = !motto
            let s = headerStart(tv, i)
            if let last = starts.last, s <= last { continue }
            starts.append(s)
        }
        if starts.isEmpty { return [0] }
        return starts
    }
}

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

    static func looksLikeHeaderFollow(_ tv: TextView, after i: Int) -> Bool {
        var seen = 0
        var j = i
        while j < tv.lines.count, seen < 5 {
            let t = TextKit.stripMarkup(tv.line(j)).trimmingScalars(in: .whitespaces)
            if !t.isEmpty {
                seen += 1
                let f = TextKit.fold(t)
                if f.hasBytes("ngay") && f.hasBytes("thang") && f.hasBytes("nam") { return true }
                if DocumentTypes.headingFolds[f] != nil && DocumentParser.upperRatio(t) > 0.9 { return true }
                if f.hasPrefix("v v ") || f.hasPrefix("kinh gui") { return true }
                if t.has(#"ngày\s*[0-9]{1,2}\s*/\s*[0-9]{1,2}\s*/\s*[0-9]{4}"#) && j == i { return true }
            }
            j += 1
        }
        return false
    }

    static func starts(_ tv: TextView) -> [Int] {
        var cands: [(Int, Bool)] = []   // (line, isMotto)
        let all = NSRange(location: 0, length: tv.ns.length)
        for m in TextKit.re("(?i:XÃ HỘI CHỦ NGHĨA|XA HOI CHU NGHIA|CỘNG HÒA XÃ|CỘNG HOÀ XÃ|ĐẢNG CỘNG SẢN VIỆT NAM)").matches(in: tv.text, range: all) {
            let li = tv.lineIndex(at: m.range.location)
            if cands.last?.0 != li { cands.append((li, true)) }
        }
        for m in TextKit.re(DocumentParser.soPattern, .anchorsMatchLines).matches(in: tv.text, range: all) {
            cands.append((tv.lineIndex(at: m.range.location), false))
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

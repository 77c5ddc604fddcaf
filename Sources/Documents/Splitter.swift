import Foundation

/// Finds where documents start in a file: at a header block (national motto, issuer, `Số:`,
/// place and date), or at a bare `Số:` line followed by a date or a type heading.
enum DocumentSplitter {
    static func isMotto(_ line: String) -> Bool {
        let f = TextKit.fold(line)
        return f.contains("cong hoa xa hoi chu nghia")
    }

    static func isSoLine(_ line: String) -> Bool {
        let l = line as NSString
        return TextKit.re(DocumentParser.soPattern).firstMatch(in: line, range: NSRange(location: 0, length: l.length)) != nil
    }

    static func looksLikeHeaderFollow(_ tv: TextView, after i: Int) -> Bool {
        var seen = 0
        var j = i
        while j < tv.lines.count, seen < 5 {
            let t = TextKit.stripMarkup(tv.line(j)).trimmingCharacters(in: .whitespaces)
            if !t.isEmpty {
                seen += 1
                let f = TextKit.fold(t)
                if f.contains("ngay") && f.contains("thang") && f.contains("nam") { return true }
                if DocumentTypes.headingFolds[f] != nil && DocumentParser.upperRatio(t) > 0.9 { return true }
                if f.hasPrefix("v v ") || f.hasPrefix("kinh gui") { return true }
                if t.range(of: #"ngày\s*[0-9]{1,2}\s*/\s*[0-9]{1,2}\s*/\s*[0-9]{4}"#, options: .regularExpression) != nil && j == i { return true }
            }
            j += 1
        }
        return false
    }

    static func starts(_ tv: TextView) -> [Int] {
        let n = tv.lines.count
        var starts: [Int] = []
        var lastMotto = -100
        for i in 0..<n {
            let l = tv.line(i)
            if l.isEmpty { continue }
            if isMotto(l) {
                if i - lastMotto <= 3 { continue }
                lastMotto = i
                var s = i
                // header lines just above a motto that stands on its own line
                if DocumentParser.leftColumn(l).isEmpty {
                    var j = i - 1
                    while j >= 0, i - j <= 2, !tv.isBlank(j), DocumentParser.upperRatio(tv.line(j)) > 0.8 { s = j; j -= 1 }
                }
                if let last = starts.last, s <= last { continue }
                starts.append(s)
            } else if isSoLine(l) {
                if i - lastMotto <= 8 { continue }
                guard looksLikeHeaderFollow(tv, after: i) else { continue }
                lastMotto = i
                starts.append(i)
            }
        }
        if starts.isEmpty { return [0] }
        return starts
    }
}

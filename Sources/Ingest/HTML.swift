import VietText

/// HTML to text: tags removed, block elements end lines, entities decoded, white space collapsed
/// outside `<pre>`; `<head>`, `<script>`, `<style>` and comments dropped. A table row is laid out
/// like the .docx reader does: its cells side by side, line by line, separated by four spaces.
///
/// Works on UTF-8 bytes; never fails; linear in the length of the page whatever it holds: a row's
/// layout costs the lines of its cells (not lines × cells), and tables nested deeper than
/// `maxLayoutDepth` are read as plain blocks (their text is copied into at most that many
/// enclosing cells). The budget is checked as it goes.
enum HTML {
    static let blockTags: Set<String> = ["p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5",
                                         "h6", "section", "article", "header", "footer", "blockquote", "pre", "hr",
                                         "dl", "dt", "dd", "address", "center", "form", "nav", "aside", "main",
                                         "figure", "figcaption", "caption", "tbody", "thead", "tfoot", "body", "title"]
    static let skipTags: Set<String> = ["script", "style", "head", "noscript", "template", "svg", "object", "iframe"]
    /// Tables nested deeper than this are not laid out: their rows and cells end lines.
    static let maxLayoutDepth = 8

    /// The text of a page, with no budget (tests, fuzzing).
    static func text(_ html: String) -> String {
        var dropped = 0
        return (try? text(html, droppedMarks: &dropped, budget: .unlimited())) ?? ""
    }

    static func text(_ html: String, budget: Budget) throws -> String {
        var dropped = 0
        return try text(html, droppedMarks: &dropped, budget: budget)
    }

    typealias Line = [UInt8]

    struct Row {
        var cells: [[Line]] = []
        var cellOpen = false
        var table: Int
    }

    static func text(_ html: String, droppedMarks: inout Int, budget: Budget) throws(Budget.Exceeded) -> String {
        var html = html
        let raw = try html.withUTF8 { s in Result { () throws(Budget.Exceeded) in try layout(s, budget: budget) } }.get()
        // At most one blank line in a row; no leading or trailing blank lines.
        var kept: [Range<Int>] = []
        var blank = 0
        for l in lines(raw) {
            if raw[l].allSatisfy({ $0 == 0x20 }) {
                blank += 1
                if blank > 1 || kept.isEmpty { continue }
            } else {
                blank = 0
            }
            kept.append(l)
        }
        while let last = kept.last, raw[last].allSatisfy({ $0 == 0x20 }) { kept.removeLast() }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        for (k, l) in kept.enumerated() {
            if k > 0 { out.append(0x0A) }
            out.append(contentsOf: raw[l])
        }
        let (composed, dropped) = VietText.nfc(String(decoding: out, as: UTF8.self))
        droppedMarks += dropped
        return composed
    }

    /// The lines of `b` as Swift's `split(separator: "\n")` of a String gives them: a CR LF pair is
    /// one character, not a line break.
    static func lines(_ b: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for i in b.indices where b[i] == 0x0A && !(i > 0 && b[i - 1] == 0x0D) {
            out.append(start..<i)
            start = i + 1
        }
        out.append(start..<b.count)
        return out
    }

    /// Tags out, lines and tables laid out; blank lines not yet collapsed.
    static func layout(_ s: UnsafeBufferPointer<UInt8>, budget: Budget) throws(Budget.Exceeded) -> [UInt8] {
        // Output buffers: the document, and one per open table cell.
        var outs: [[UInt8]] = [[]]
        outs[0].reserveCapacity(s.count)
        var rows: [Row] = []
        var tableDepth = 0
        var i = 0
        let n = s.count
        var pre = 0
        var skipUntil: String? = nil
        var pendingSpace = false
        func newline() {
            // Trim trailing spaces, then end the line.
            while let last = outs[outs.count - 1].last, last == 0x20 { outs[outs.count - 1].removeLast() }
            outs[outs.count - 1].append(0x0A)
            pendingSpace = false
        }
        func emit(_ b: UInt8) {
            if pre == 0 && (b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C) {
                if let last = outs[outs.count - 1].last, last != 0x0A && last != 0x20 { pendingSpace = true }
                return
            }
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C { return }   // NUL, other controls
            if pendingSpace { outs[outs.count - 1].append(0x20); pendingSpace = false }
            outs[outs.count - 1].append(b)
        }
        func emitScalar(_ u: Unicode.Scalar) {
            if u.isASCII { emit(UInt8(u.value)); return }
            for b in String(u).utf8 { emit(b) }
        }
        func closeCell() {
            guard var row = rows.last, row.cellOpen, outs.count > 1 else { return }
            let cell = outs.removeLast()
            var lines: [Line] = HTML.lines(cell).map { r in
                var t = r.upperBound
                while t > r.lowerBound && cell[t - 1] == 0x20 { t -= 1 }
                return Array(cell[r.lowerBound..<t])
            }
            var first = 0, last = lines.count
            while first < last && lines[first].isEmpty { first += 1 }
            while last > first && lines[last - 1].isEmpty { last -= 1 }
            row.cells.append(Array(lines[first..<last]))
            row.cellOpen = false
            rows[rows.count - 1] = row
            pendingSpace = false
        }
        func closeRow() {
            guard !rows.isEmpty, rows[rows.count - 1].table == tableDepth else { return }
            closeCell()
            let row = rows.removeLast()
            // Line k of the row: line k of each cell that has one, side by side. Only the cells
            // still holding lines are visited, so this costs the lines, not lines × cells.
            var active = row.cells.indices.filter { !row.cells[$0].isEmpty }
            if !active.isEmpty, let last = outs[outs.count - 1].last, last != 0x0A { newline() }
            var k = 0
            while !active.isEmpty {
                var wrote = false
                for c in active where !row.cells[c][k].isEmpty {
                    if wrote { outs[outs.count - 1].append(contentsOf: [0x20, 0x20, 0x20, 0x20]) }
                    outs[outs.count - 1].append(contentsOf: row.cells[c][k])
                    wrote = true
                }
                newline()
                k += 1
                if active.contains(where: { row.cells[$0].count <= k }) { active.removeAll { row.cells[$0].count <= k } }
            }
        }
        while i < n {
            try budget.tick()
            let c = s[i]
            if c == 0x3C { // <
                // Comment.
                if i + 3 < n && s[i + 1] == 0x21 && s[i + 2] == 0x2D && s[i + 3] == 0x2D {
                    var j = i + 4
                    while j + 2 < n && !(s[j] == 0x2D && s[j + 1] == 0x2D && s[j + 2] == 0x3E) { j += 1 }
                    i = min(n, j + 3)
                    continue
                }
                // Tag name.
                var j = i + 1
                var closing = false
                if j < n && s[j] == 0x2F { closing = true; j += 1 }
                let nameStart = j
                while j < n {
                    let b = s[j]
                    if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39) { j += 1; continue }
                    if b >= 0x80, let (v, len) = scalar(s, j), Unicode.Scalar(v)?.properties.isAlphabetic == true { j += len; continue }
                    break
                }
                let nameEnd = j
                if nameStart == nameEnd && !closing && !(j < n && (s[j] == 0x21 || s[j] == 0x3F)) {
                    if skipUntil == nil { emit(c) }   // a bare "<" in text
                    i += 1
                    continue
                }
                // End of tag (quotes respected).
                var quote: UInt8 = 0
                while j < n {
                    let d = s[j]
                    if quote != 0 { if d == quote { quote = 0 } } else if d == 0x22 || d == 0x27 { quote = d } else if d == 0x3E { break }
                    j += 1
                }
                i = min(n, j + 1)
                // Known tags are short ASCII names: a longer name is none of them.
                let tag = nameEnd - nameStart <= 16 ? String(decoding: UnsafeBufferPointer(rebasing: s[nameStart..<nameEnd]), as: UTF8.self).lowercased() : "#long"
                if let skip = skipUntil {
                    if closing && tag == skip { skipUntil = nil }
                    continue
                }
                if !closing && skipTags.contains(tag) && !(j > 0 && s[j - 1] == 0x2F) { skipUntil = tag; continue }
                if tag == "pre" { pre += closing ? (pre > 0 ? -1 : 0) : 1 }
                let laidOut = tableDepth <= maxLayoutDepth
                switch (tag, closing) {
                case ("table", false):
                    tableDepth += 1
                    if tableDepth <= maxLayoutDepth { continue }
                case ("table", true):
                    if tableDepth <= maxLayoutDepth {
                        while let r = rows.last, r.table == tableDepth { closeRow() }
                    }
                    tableDepth = max(0, tableDepth - 1)
                    if tableDepth < maxLayoutDepth { continue }
                case ("tr", false) where laidOut:
                    closeRow()
                    rows.append(Row(table: tableDepth))
                    continue
                case ("tr", true) where laidOut: closeRow(); continue
                case ("td", false) where laidOut, ("th", false) where laidOut:
                    if rows.last?.table != tableDepth { rows.append(Row(table: tableDepth)) }
                    closeCell()
                    rows[rows.count - 1].cellOpen = true
                    outs.append([])
                    pendingSpace = false
                    continue
                case ("td", true) where laidOut, ("th", true) where laidOut: closeCell(); continue
                default: break
                }
                if tag == "br" { newline() } else if blockTags.contains(tag) || tag == "td" || tag == "th",
                   let last = outs[outs.count - 1].last, last != 0x0A { newline() }
                continue
            }
            if skipUntil != nil { i += 1; continue }
            if c == 0x26 { // &
                var j = i + 1
                while j < n && j - i <= 32 && s[j] != 0x3B && s[j] != 0x26 && s[j] != 0x3C && s[j] != 0x20 { j += 1 }
                if j < n && s[j] == 0x3B,
                   let u = entity(String(decoding: UnsafeBufferPointer(rebasing: s[(i + 1)..<j]), as: UTF8.self)) {
                    emitScalar(u == "\u{A0}" ? " " : u)
                    i = j + 1
                    continue
                }
            }
            emit(c)
            i += 1
        }
        while !rows.isEmpty { tableDepth = rows.last!.table; closeRow() }
        while outs.count > 1 { let cell = outs.removeLast(); outs[outs.count - 1].append(contentsOf: cell) }
        return outs[0]
    }

    /// The scalar of valid UTF-8 at `i`, and its length.
    static func scalar(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int)? {
        let b0 = UInt32(s[i])
        let len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1
        guard len > 1, i + len <= s.count else { return nil }
        var v = b0 & (0xFF >> (len + 1))
        for k in 1..<len { v = v << 6 | UInt32(s[i + k] & 0x3F) }
        return (v, len)
    }

    static func entity(_ e: String) -> Unicode.Scalar? {
        // UInt32(_:radix:) gives nil on overflow: `&#99999999999;` is no entity, not a trap.
        if e.hasPrefix("#x") || e.hasPrefix("#X") {
            return UInt32(e.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        }
        if e.hasPrefix("#") { return UInt32(e.dropFirst()).flatMap(Unicode.Scalar.init) }
        return named[e]
    }

    /// The HTML 4 Latin-1 entities (Vietnamese pages of the 2000s spell à, ê, ô… with them) and common punctuation.
    static let named: [String: Unicode.Scalar] = {
        var d: [String: Unicode.Scalar] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
                                            "ndash": "\u{2013}", "mdash": "\u{2014}", "lsquo": "\u{2018}", "rsquo": "\u{2019}",
                                            "ldquo": "\u{201C}", "rdquo": "\u{201D}", "hellip": "\u{2026}", "bull": "\u{2022}",
                                            "euro": "\u{20AC}", "trade": "\u{2122}", "laquo": "\u{AB}", "raquo": "\u{BB}",
                                            "thinsp": "\u{2009}", "ensp": "\u{2002}", "emsp": "\u{2003}", "zwj": "\u{200D}",
                                            "zwnj": "\u{200C}", "shy": "\u{AD}", "Dstrok": "\u{110}", "dstrok": "\u{111}"]
        let latin1 = "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml"
        for (k, name) in latin1.split(separator: " ").enumerated() {
            d[String(name)] = Unicode.Scalar(UInt32(0xA0 + k))
        }
        return d
    }()
}

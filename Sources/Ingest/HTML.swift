/// HTML to text: tags removed, block elements end lines, entities decoded, white space collapsed
/// outside `<pre>`; `<head>`, `<script>`, `<style>` and comments dropped. A table row is laid out
/// like the .docx reader does: its cells side by side, line by line, separated by four spaces.
/// Works on Unicode scalars; never fails.
enum HTML {
    static let blockTags: Set<String> = ["p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5",
                                         "h6", "section", "article", "header", "footer", "blockquote", "pre", "hr",
                                         "dl", "dt", "dd", "address", "center", "form", "nav", "aside", "main",
                                         "figure", "figcaption", "caption", "tbody", "thead", "tfoot", "body", "title"]
    static let skipTags: Set<String> = ["script", "style", "head", "noscript", "template", "svg", "object", "iframe"]

    static func text(_ html: String) -> String {
        let s = Array(html.unicodeScalars)
        // Output buffers: the document, and one per open table cell.
        var outs: [String.UnicodeScalarView] = [String.UnicodeScalarView()]
        struct Row { var cells: [[String]] = []; var cellOpen = false; var table: Int }
        var rows: [Row] = []
        var tableDepth = 0
        var i = 0
        let n = s.count
        var pre = 0
        var skipUntil: String? = nil
        var pendingSpace = false
        func newline() {
            // Trim trailing spaces, then end the line.
            while let last = outs[outs.count - 1].last, last == " " { outs[outs.count - 1].removeLast() }
            outs[outs.count - 1].append("\n")
            pendingSpace = false
        }
        func emit(_ u: Unicode.Scalar) {
            if pre == 0 && (u == " " || u == "\n" || u == "\t" || u == "\r" || u == "\u{0C}") {
                if let last = outs[outs.count - 1].last, last != "\n" && last != " " { pendingSpace = true }
                return
            }
            if u.value < 0x20 && u != "\t" && u != "\n" && u != "\r" && u != "\u{0C}" { return }   // NUL, other controls
            if pendingSpace { outs[outs.count - 1].append(" "); pendingSpace = false }
            outs[outs.count - 1].append(u)
        }
        func closeCell() {
            guard var row = rows.last, row.cellOpen, outs.count > 1 else { return }
            let cell = String(outs.removeLast())
            var lines = cell.split(separator: "\n", omittingEmptySubsequences: false).map { l -> String in
                var t = String(l)
                while t.hasSuffix(" ") { t.removeLast() }
                return t
            }
            while let f = lines.first, f.isEmpty { lines.removeFirst() }
            while let l = lines.last, l.isEmpty { lines.removeLast() }
            row.cells.append(lines)
            row.cellOpen = false
            rows[rows.count - 1] = row
            pendingSpace = false
        }
        func closeRow() {
            guard !rows.isEmpty, rows[rows.count - 1].table == tableDepth else { return }
            closeCell()
            let row = rows.removeLast()
            let height = row.cells.map(\.count).max() ?? 0
            if height > 0, let last = outs[outs.count - 1].last, last != "\n" { newline() }
            for k in 0..<height {
                var line = ""
                for part in row.cells.map({ k < $0.count ? $0[k] : "" }) where !part.isEmpty {
                    if !line.isEmpty { line += "    " }
                    line += part
                }
                outs[outs.count - 1].append(contentsOf: line.unicodeScalars)
                newline()
            }
        }
        while i < n {
            let c = s[i]
            if c == "<" {
                // Comment.
                if i + 3 < n && s[i + 1] == "!" && s[i + 2] == "-" && s[i + 3] == "-" {
                    var j = i + 4
                    while j + 2 < n && !(s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">") { j += 1 }
                    i = min(n, j + 3)
                    continue
                }
                // Tag name.
                var j = i + 1
                var closing = false
                if j < n && s[j] == "/" { closing = true; j += 1 }
                var name = ""
                while j < n, s[j].properties.isAlphabetic || (s[j].value >= 0x30 && s[j].value <= 0x39) {
                    name.unicodeScalars.append(s[j]); j += 1
                }
                if name.isEmpty && !closing && !(j < n && (s[j] == "!" || s[j] == "?")) {
                    if skipUntil == nil { emit(c) }   // a bare "<" in text
                    i += 1
                    continue
                }
                // End of tag (quotes respected).
                var quote: Unicode.Scalar? = nil
                while j < n {
                    let d = s[j]
                    if let q = quote { if d == q { quote = nil } } else if d == "\"" || d == "'" { quote = d } else if d == ">" { break }
                    j += 1
                }
                i = min(n, j + 1)
                let tag = name.lowercased()
                if let skip = skipUntil {
                    if closing && tag == skip { skipUntil = nil }
                    continue
                }
                if !closing && skipTags.contains(tag) && !(j > 0 && s[j - 1] == "/") { skipUntil = tag; continue }
                if tag == "pre" { pre += closing ? (pre > 0 ? -1 : 0) : 1 }
                switch (tag, closing) {
                case ("table", false): tableDepth += 1; continue
                case ("table", true):
                    while let r = rows.last, r.table == tableDepth { closeRow() }
                    tableDepth = max(0, tableDepth - 1)
                    continue
                case ("tr", false):
                    closeRow()
                    rows.append(Row(table: tableDepth))
                    continue
                case ("tr", true): closeRow(); continue
                case ("td", false), ("th", false):
                    if rows.last?.table != tableDepth { rows.append(Row(table: tableDepth)) }
                    closeCell()
                    rows[rows.count - 1].cellOpen = true
                    outs.append(String.UnicodeScalarView())
                    pendingSpace = false
                    continue
                case ("td", true), ("th", true): closeCell(); continue
                default: break
                }
                if tag == "br" { newline() } else if blockTags.contains(tag), let last = outs[outs.count - 1].last, last != "\n" { newline() }
                continue
            }
            if skipUntil != nil { i += 1; continue }
            if c == "&" {
                var j = i + 1
                var ent = ""
                while j < n && j - i <= 32 && s[j] != ";" && s[j] != "&" && s[j] != "<" && s[j] != " " {
                    ent.unicodeScalars.append(s[j]); j += 1
                }
                if j < n && s[j] == ";", let u = entity(ent) {
                    emit(u == "\u{A0}" ? " " : u)
                    i = j + 1
                    continue
                }
            }
            emit(c)
            i += 1
        }
        while !rows.isEmpty { tableDepth = rows.last!.table; closeRow() }
        while outs.count > 1 { let cell = outs.removeLast(); outs[outs.count - 1].append(contentsOf: cell) }
        var text = String(outs[0])
        // At most one blank line in a row; no leading or trailing blank lines.
        var lines: [Substring] = []
        var blank = 0
        for l in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = l.drop { $0 == " " }
            if t.isEmpty { blank += 1; if blank > 1 || lines.isEmpty { continue } } else { blank = 0 }
            lines.append(l)
        }
        while let last = lines.last, last.allSatisfy({ $0 == " " }) { lines.removeLast() }
        text = lines.joined(separator: "\n")
        return text.precomposedStringWithCanonicalMapping
    }

    static func entity(_ e: String) -> Unicode.Scalar? {
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

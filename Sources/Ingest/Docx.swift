import Foundation
import VietText

/// Word 2007+ (.docx) read directly: the zip's `word/document.xml` (WordprocessingML), paragraphs
/// and tables in document order. A table row is laid out like `pdftotext -layout` does: the cells'
/// paragraphs side by side, line by line, separated by four spaces, so a two-column letterhead
/// ("UBND TỈNH …" | "CỘNG HÒA XÃ HỘI …") reads as it does on paper.
///
/// The XML is read as it is inflated (`ZipReader`), chunk by chunk (`XMLStream`), into lines
/// (`WordML`): no element tree is built, the inflated bytes count against the budget's work bytes
/// (a zip bomb stops there), the text against its text bytes, and a row's layout costs the lines
/// of its cells.
enum Docx {
    static func extract(_ bytes: [UInt8], budget: Budget) throws -> ExtractedText {
        let archive: ZipReader
        do {
            archive = try ZipReader(bytes)
        } catch {
            throw Ingest.Skip("corrupt .docx or zip file (not a readable zip archive: \(error.reason))", .corrupt)
        }
        guard let entry = archive["word/document.xml"] else {
            if archive["content.xml"] != nil {
                throw Ingest.Skip("OpenDocument file (.odt/.ods): not read (save it as .docx)", .unsupported)
            }
            if archive["xl/workbook.xml"] != nil || archive["ppt/presentation.xml"] != nil {
                throw Ingest.Skip("Excel or PowerPoint file: not read", .unsupported)
            }
            throw Ingest.Skip("zip archive without word/document.xml: not a Word file", .unsupported)
        }
        guard entry.uncompressedSize <= UInt64(budget.workLeft) else {
            throw Ingest.Skip("word/document.xml larger than \(Budget.megabytes(budget.workLeft))", .tooLarge)
        }
        var stream = XMLStream(budget: budget)
        do {
            try archive.read(entry) { chunk in
                try budget.work(chunk.count, "word/document.xml")
                try stream.feed(chunk)
            }
            try stream.finish()
        } catch let e as ZipReader.Damaged {
            throw Ingest.Skip("corrupt .docx: cannot unpack word/document.xml (\(e.reason))", .corrupt)
        }
        guard stream.sawElement else {
            throw Ingest.Skip("corrupt .docx: word/document.xml is not well-formed XML", .corrupt)
        }
        let raw = stream.word.text()
        var dropped = 0
        let (text, conv) = try EncodingDetector.repairMojibake(raw, droppedMarks: &dropped, budget: budget)
        return ExtractedText(text: text, format: .docx, conversions: ["WordprocessingML → text"] + conv,
                             warnings: TextFile.droppedNote(dropped).map { [$0] } ?? [])
    }

    /// The text of a document.xml (tests, fuzzing): nil when it holds no element.
    static func text(xml: [UInt8]) -> String? {
        var s = XMLStream(budget: .unlimited())
        do {
            try s.feed(xml)
            try s.finish()
        } catch { return nil }
        return s.sawElement ? s.word.text() : nil
    }
}

/// A tolerant, resumable XML tokenizer fed chunk by chunk: start tags, end tags and character
/// data (entities decoded) handed to `WordML`.
///
/// Its own reader rather than Foundation's XMLParser: a damaged document.xml (an invalid UTF-8
/// byte in an element name) makes Foundation's parser trap, and only the text is wanted. No DTD
/// is read (no entity expansion); unknown entities are kept as written; unclosed elements are
/// closed at the end. Linear: an unfinished construct at the end of a chunk is not scanned again
/// from its start when the next chunk comes, and consumed bytes are dropped.
struct XMLStream {
    let budget: Budget
    var word = WordML()
    var sawElement = false
    private var buf: [UInt8] = []
    private var pos = 0
    /// Where the search for the end of an unfinished construct at `pos` goes on.
    private var resume = 0
    /// Quote state of an unfinished tag's scan.
    private var quote: UInt8 = 0
    /// UTF-16 document.xml: gathered whole, then decoded and read.
    private var utf16: Bool?

    init(budget: Budget) { self.budget = budget }

    mutating func feed(_ chunk: [UInt8]) throws(Budget.Exceeded) {
        if utf16 == nil {
            buf.append(contentsOf: chunk)
            guard buf.count >= 2 else { return }
            utf16 = (buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF)
            if utf16 == false { try parse(final: false) }
            return
        }
        if utf16 == true { buf.append(contentsOf: chunk); return }
        if pos > 0 && pos >= buf.count / 2 {
            buf.removeSubrange(0..<pos)
            resume -= pos
            pos = 0
        }
        buf.append(contentsOf: chunk)
        try parse(final: false)
    }

    mutating func finish() throws(Budget.Exceeded) {
        if utf16 == true {
            let text = try EncodingDetector.decode(buf, budget: budget).text
            buf = Array(text.utf8)
            pos = 0
            resume = 0
        }
        utf16 = false
        try parse(final: true)
        word.finish()
    }

    private func starts(_ s: StaticString, at k: Int) -> Bool {
        let len = s.utf8CodeUnitCount
        guard k + len <= buf.count else { return false }
        let b = s.utf8Start
        for j in 0..<len where buf[k + j] != b[j] { return false }
        return true
    }

    /// Could the bytes from `k` to the end still become `s` with more input?
    private func mayStart(_ s: StaticString, at k: Int) -> Bool {
        let len = min(s.utf8CodeUnitCount, buf.count - k)
        let b = s.utf8Start
        for j in 0..<len where buf[k + j] != b[j] { return false }
        return true
    }

    /// First index of `s` at or after `from`, or nil.
    private func find(_ s: StaticString, from: Int) -> Int? {
        let len = s.utf8CodeUnitCount
        let first = s.utf8Start[0]
        var j = from
        while j + len <= buf.count {
            if buf[j] == first && starts(s, at: j) { return j }
            j += 1
        }
        return nil
    }

    /// A construct `open … close` at `pos`: its end (after `close`), or nil for more input
    /// (remembering how far it was searched).
    private mutating func end(of open: Int, _ close: StaticString, final: Bool) -> Int? {
        let from = max(pos + open, resume)
        if let e = find(close, from: from) { return e + close.utf8CodeUnitCount }
        if final { return buf.count }
        resume = max(from, buf.count - close.utf8CodeUnitCount + 1)
        return nil
    }

    private mutating func parse(final: Bool) throws(Budget.Exceeded) {
        let n = buf.count
        while pos < n {
            try budget.tick()
            if buf[pos] != 0x3C { // text up to the next '<'
                let j = buf[max(pos, resume)...].firstIndex(of: 0x3C) ?? n
                if j == n && !final {
                    // Keep back a possible entity cut by the chunk's end.
                    var cut = n
                    var k = n - 1
                    while k >= pos && n - k < 48 && buf[k] != 0x3B {
                        if buf[k] == 0x26 { cut = k; break }
                        k -= 1
                    }
                    if cut > pos { word.text(buf[pos..<cut]); pos = cut }
                    resume = n
                    try budget.text(word.textBytes)
                    return
                }
                word.text(buf[pos..<j])
                try budget.text(word.textBytes)
                pos = j
                resume = j
                continue
            }
            if !final && n - pos < 9 && (mayStart("<![CDATA[", at: pos) || mayStart("<!--", at: pos)) && !starts("<!--", at: pos) {
                return   // cannot tell yet what this is
            }
            let next: Int
            if starts("<?", at: pos) {
                guard let e = end(of: 2, "?>", final: final) else { return }
                next = e
            } else if starts("<!--", at: pos) {
                guard let e = end(of: 4, "-->", final: final) else { return }
                next = e
            } else if starts("<![CDATA[", at: pos) {
                guard let e = end(of: 9, "]]>", final: final) else { return }
                let contentEnd = e == n && !starts("]]>", at: max(pos, e - 3)) ? e : e - 3
                word.cdata(buf[(pos + 9)..<max(pos + 9, contentEnd)])
                try budget.text(word.textBytes)
                next = e
            } else if starts("<!", at: pos) {
                guard let e = end(of: 2, ">", final: final) else { return }
                next = e
            } else {
                // A tag: its end, quotes respected.
                var j = max(pos + 1, resume)
                if resume <= pos { quote = 0 }
                while j < n {
                    let b = buf[j]
                    if quote != 0 { if b == quote { quote = 0 } } else if b == 0x22 || b == 0x27 { quote = b } else if b == 0x3E { break }
                    j += 1
                }
                if j == n && !final { resume = n; return }
                tag(buf[(pos + 1)..<j])
                next = min(n, j + 1)
                quote = 0
            }
            pos = next
            resume = next
        }
    }

    private mutating func tag(_ t: ArraySlice<UInt8>) {
        if t.first == 0x2F { // </name>
            let name = XMLStream.localName(t.dropFirst())
            if !name.isEmpty { word.end(name) }
            return
        }
        let selfClosing = t.last == 0x2F
        let name = XMLStream.localName(selfClosing ? t.dropLast() : t)
        guard !name.isEmpty else { return }
        sawElement = true
        word.start(name, selfClosing: selfClosing)
    }

    /// The local name (namespace prefix dropped) of a tag's bytes, up to the first white space.
    static func localName(_ t: ArraySlice<UInt8>) -> String {
        var e = t.startIndex
        while e < t.endIndex && !(t[e] == 0x20 || (t[e] >= 0x09 && t[e] <= 0x0D)) { e += 1 }
        var s = t.startIndex
        var k = e
        while k > t.startIndex { k -= 1; if t[k] == 0x3A { s = k + 1; break } }
        // Names of interest are short: a long one is none of them.
        guard e - s <= 32 else { return e > s ? "#long" : "" }
        return String(decoding: t[s..<e], as: UTF8.self)
    }

    /// The five XML entities and character references; anything else is kept as written.
    static func decodeEntities(_ s: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var i = s.startIndex
        let end = s.endIndex
        while i < end {
            // Up to the next '&' in one copy.
            let amp = s[i...].firstIndex(of: 0x26) ?? end
            if amp > i { out.append(contentsOf: s[i..<amp]); i = amp; continue }
            let b = s[i]
            if let semi = s[(i + 1)..<min(end, i + 12)].firstIndex(of: 0x3B) {
                let name = s[(i + 1)..<semi]
                var r: UInt32? = nil
                switch String(decoding: name, as: UTF8.self) {
                case "amp": r = 0x26
                case "lt": r = 0x3C
                case "gt": r = 0x3E
                case "quot": r = 0x22
                case "apos": r = 0x27
                case let n where n.hasPrefix("#x") || n.hasPrefix("#X"):
                    r = UInt32(n.dropFirst(2), radix: 16).flatMap { Unicode.Scalar($0)?.value }
                case let n where n.hasPrefix("#"):
                    r = UInt32(n.dropFirst()).flatMap { Unicode.Scalar($0)?.value }
                default: break
                }
                if let r, let u = Unicode.Scalar(r) {
                    out.append(contentsOf: String(u).utf8)
                    i = semi + 1
                    continue
                }
            }
            out.append(b)
            i += 1
        }
    }
}

/// WordprocessingML events → lines: paragraphs, text boxes (after their paragraph), tables laid
/// out row by row, content controls, insertions; deletions, field codes and properties left out.
struct WordML {
    /// Where an element is.
    enum Context {
        /// Before (or after) `body`.
        case outside
        /// Block level: paragraphs and tables go into container `c`.
        case blocks(Int)
        /// A block-level content control: its `sdtContent` is read.
        case blockControl(Int)
        /// Inside paragraph `p`.
        case paragraph(Int)
        /// Inside `t` of paragraph `p`: character data is text.
        case text(Int)
        /// A table laid out into container `c`.
        case table(Int)
        /// A row of a table laid out into container `c`.
        case row(Int)
        /// A content control standing for a cell.
        case cellControl(Int)
        /// A table nested too deep to lay out: its cells' paragraphs go into `c` as they come.
        case flatTable(Int)
        /// Left out, with everything inside.
        case skip
    }

    struct Frame {
        var name: String
        var context: Context
        /// What to do at its end.
        var close: Close
    }

    enum Close { case none, paragraph, cell, box, row, table }

    struct Paragraph {
        var text: [UInt8] = []
        var container: Int
        /// Text boxes met in the paragraph (their lines), written after it.
        var boxes: [[[UInt8]]] = []
    }

    /// Nesting kept; deeper elements are ignored (only hostile files have them).
    static let maxDepth = 256
    /// Tables nested deeper than this are read as plain blocks.
    static let maxLayoutDepth = 8
    static let skipped: Set<String> = ["delText", "instrText", "del", "rPr", "pPr", "Fallback", "moveFrom", "fldData",
                                       "footnoteReference", "endnoteReference", "commentReference", "softHyphen"]

    /// Line containers: 0 is the document; cells and text boxes are pushed while open.
    var containers: [[[UInt8]]] = [[]]
    var paragraphs: [Paragraph] = []
    var rows: [[[[UInt8]]]] = []
    var stack: [Frame] = []
    var tableNesting = 0
    var bodyDone = false
    /// Bytes of text read so far (each counted once, however deep in tables).
    var textBytes = 0

    var context: Context { stack.last?.context ?? .outside }

    mutating func start(_ name: String, selfClosing: Bool) {
        guard stack.count < WordML.maxDepth else { return }
        var close = Close.none
        let ctx: Context
        switch context {
        case .outside:
            if name == "body" && !bodyDone { ctx = .blocks(0) } else { ctx = .outside }
        case .blocks(let c):
            switch name {
            case "p":
                paragraphs.append(Paragraph(container: c))
                ctx = .paragraph(paragraphs.count - 1)
                close = .paragraph
            case "tbl":
                tableNesting += 1
                close = .table
                ctx = tableNesting > WordML.maxLayoutDepth ? .flatTable(c) : .table(c)
            case "sdt": ctx = .blockControl(c)
            case "customXml", "ins", "smartTag": ctx = .blocks(c)
            default: ctx = .skip
            }
        case .blockControl(let c):
            ctx = name == "sdtContent" ? .blocks(c) : .skip
        case .paragraph(let p):
            switch name {
            case "t": ctx = .text(p)
            case "tab", "ptab": paragraphs[p].text.append(0x09); ctx = .skip
            case "br", "cr": paragraphs[p].text.append(0x0A); ctx = .skip
            case "noBreakHyphen": paragraphs[p].text.append(0x2D); ctx = .skip
            case "txbxContent":
                containers.append([])
                ctx = .blocks(containers.count - 1)
                close = .box
            default: ctx = WordML.skipped.contains(name) ? .skip : .paragraph(p)
            }
        case .table(let c):
            if name == "tr" { rows.append([]); ctx = .row(c); close = .row } else { ctx = .skip }
        case .row(let c):
            switch name {
            case "tc":
                containers.append([])
                ctx = .blocks(containers.count - 1)
                close = .cell
            case "sdt": ctx = .cellControl(c)
            default: ctx = .skip
            }
        case .cellControl:
            if name == "sdtContent" {
                containers.append([])
                ctx = .blocks(containers.count - 1)
                close = .cell
            } else {
                ctx = .skip
            }
        case .flatTable(let c):
            switch name {
            case "tr": ctx = .flatTable(c)
            case "tc": ctx = .blocks(c)
            default: ctx = .skip
            }
        case .text, .skip:
            ctx = .skip
        }
        stack.append(Frame(name: name, context: ctx, close: close))
        if selfClosing { pop() }
    }

    mutating func end(_ name: String) {
        // Close up to the element of this name (unclosed ones inside it too); a stray end tag
        // closes nothing.
        guard let k = stack.lastIndex(where: { $0.name == name }) else { return }
        while stack.count > k { pop() }
    }

    mutating func text(_ bytes: ArraySlice<UInt8>) {
        guard case .text(let p) = context else { return }
        let before = paragraphs[p].text.count
        XMLStream.decodeEntities(bytes, into: &paragraphs[p].text)
        textBytes += paragraphs[p].text.count - before
    }

    mutating func cdata(_ bytes: ArraySlice<UInt8>) {
        guard case .text(let p) = context else { return }
        paragraphs[p].text.append(contentsOf: bytes)
        textBytes += bytes.count
    }

    private mutating func pop() {
        guard let f = stack.popLast() else { return }
        if f.name == "body", case .blocks(0) = f.context { bodyDone = true }
        switch f.close {
        case .none: break
        case .paragraph:
            let p = paragraphs.removeLast()
            let lines = HTML.lines(p.text).map { Array(p.text[$0]) }
            containers[p.container].append(contentsOf: lines)
            for box in p.boxes { containers[p.container].append(contentsOf: box) }
        case .box:
            let box = containers.removeLast()
            if !paragraphs.isEmpty { paragraphs[paragraphs.count - 1].boxes.append(box) }
        case .cell:
            var cell = containers.removeLast()
            while let last = cell.last, WordML.isBlank(last) { cell.removeLast() }
            if !rows.isEmpty { rows[rows.count - 1].append(cell) }
        case .row:
            let cells = rows.removeLast()
            if case .row(let c) = f.context { layout(cells, into: c) }
        case .table:
            tableNesting -= 1
        }
    }

    /// A row's cells side by side, line by line: line k joins the non-empty lines k of the cells
    /// with four spaces. Only the cells that still have lines are visited.
    private mutating func layout(_ cells: [[[UInt8]]], into c: Int) {
        let height = cells.reduce(0) { max($0, $1.count) }
        var active = cells.indices.filter { !cells[$0].isEmpty }
        for k in 0..<height {
            var line: [UInt8] = []
            for j in active where !cells[j][k].isEmpty {
                if !line.isEmpty { line.append(contentsOf: [0x20, 0x20, 0x20, 0x20]) }
                line.append(contentsOf: cells[j][k])
            }
            containers[c].append(line)
            if active.contains(where: { cells[$0].count <= k + 1 }) { active.removeAll { cells[$0].count <= k + 1 } }
        }
    }

    /// Only spaces and tabs (Unicode's white space of a line).
    static func isBlank(_ line: [UInt8]) -> Bool {
        String(decoding: line, as: UTF8.self).unicodeScalars.allSatisfy { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }

    /// Closes what is still open (a document cut short).
    mutating func finish() {
        while !stack.isEmpty { pop() }
    }

    /// The document's lines, joined.
    func text() -> String {
        var out: [UInt8] = []
        for (k, l) in containers[0].enumerated() {
            if k > 0 { out.append(0x0A) }
            out.append(contentsOf: l)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

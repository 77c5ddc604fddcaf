import Foundation
import VietText
import ZIPFoundation

/// Word 2007+ (.docx) read directly: the zip's `word/document.xml` (WordprocessingML), paragraphs
/// and tables in document order. A table row is laid out like `pdftotext -layout` does: the cells'
/// paragraphs side by side, line by line, separated by four spaces, so a two-column letterhead
/// ("UBND TỈNH …" | "CỘNG HÒA XÃ HỘI …") reads as it does on paper.
enum Docx {
    /// Largest `document.xml` read (uncompressed), against zip bombs.
    static let maxXMLBytes = 256 * 1024 * 1024

    static func extract(url: URL) -> IngestResult {
        let archive: ZIPFoundation.Archive
        do {
            archive = try ZIPFoundation.Archive(url: url, accessMode: .read)
        } catch {
            return .skipped(reason: "corrupt .docx or zip file (not a readable zip archive)", kind: .corrupt)
        }
        guard let entry = archive["word/document.xml"] else {
            if archive["content.xml"] != nil {
                return .skipped(reason: "OpenDocument file (.odt/.ods): not read (save it as .docx)", kind: .unsupported)
            }
            if archive["xl/workbook.xml"] != nil || archive["ppt/presentation.xml"] != nil {
                return .skipped(reason: "Excel or PowerPoint file: not read", kind: .unsupported)
            }
            return .skipped(reason: "zip archive without word/document.xml: not a Word file", kind: .unsupported)
        }
        guard entry.uncompressedSize <= UInt64(maxXMLBytes) else {
            return .skipped(reason: "word/document.xml larger than \(maxXMLBytes / (1024 * 1024)) MB", kind: .tooLarge)
        }
        var xml = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                xml.append(chunk)
                if xml.count > maxXMLBytes { throw CocoaError(.fileReadTooLarge) }
            }
        } catch {
            return .skipped(reason: "corrupt .docx: cannot unpack word/document.xml (\(error.localizedDescription))", kind: .corrupt)
        }
        guard let root = XMLTree.parse(xml) else {
            return .skipped(reason: "corrupt .docx: word/document.xml is not well-formed XML", kind: .corrupt)
        }
        var lines: [String] = []
        if let body = root.first("body") { blocks(body, into: &lines) }
        let (text, conv) = EncodingDetector.repairMojibake(lines.joined(separator: "\n"))
        return .text(ExtractedText(text: text, format: .docx, conversions: ["WordprocessingML → text"] + conv))
    }

    /// Paragraphs and tables of a block container (body, cell, text box, content control), in order.
    static func blocks(_ node: XMLTree.Node, into lines: inout [String]) {
        for c in node.children {
            switch c.name {
            case "p":
                var extra: [[String]] = []
                let text = paragraph(c, boxes: &extra)
                lines.append(contentsOf: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
                for e in extra { lines.append(contentsOf: e) }
            case "tbl": table(c, into: &lines)
            case "sdt": if let content = c.first("sdtContent") { blocks(content, into: &lines) }
            case "customXml", "ins", "smartTag": blocks(c, into: &lines)
            default: break
            }
        }
    }

    /// A paragraph's text; text boxes inside it are returned separately in `boxes`.
    static func paragraph(_ p: XMLTree.Node, boxes: inout [[String]]) -> String {
        var s = ""
        func walk(_ n: XMLTree.Node) {
            for c in n.children {
                switch c.name {
                case "t": s += c.text
                case "tab", "ptab": s += "\t"
                case "br", "cr": s += "\n"
                case "noBreakHyphen": s += "-"
                case "softHyphen": break
                case "delText", "instrText", "del", "rPr", "pPr", "Fallback", "moveFrom", "fldData", "footnoteReference",
                     "endnoteReference", "commentReference":
                    break
                case "txbxContent":
                    var box: [String] = []
                    blocks(c, into: &box)
                    boxes.append(box)
                default: walk(c)
                }
            }
        }
        walk(p)
        return s
    }

    static func table(_ tbl: XMLTree.Node, into lines: inout [String]) {
        for tr in tbl.children where tr.name == "tr" {
            var cells: [[String]] = []
            for tc in tr.children where tc.name == "tc" || tc.name == "sdt" {
                var cellLines: [String] = []
                blocks(tc.name == "sdt" ? (tc.first("sdtContent") ?? tc) : tc, into: &cellLines)
                while let last = cellLines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { cellLines.removeLast() }
                cells.append(cellLines)
            }
            let height = cells.map(\.count).max() ?? 0
            for k in 0..<height {
                let parts = cells.map { k < $0.count ? $0[k] : "" }
                var line = ""
                for (j, part) in parts.enumerated() {
                    if j > 0 && !part.isEmpty && !line.isEmpty { line += "    " }
                    line += part
                }
                lines.append(line)
            }
        }
    }
}

/// A small element tree read from XML bytes (local names, namespaces dropped).
///
/// Its own tolerant reader rather than Foundation's XMLParser: a damaged document.xml (an invalid
/// UTF-8 byte in an element name) makes Foundation's parser trap, and a document's text is all
/// that is wanted here. No DTD is read (no entity expansion); unknown entities are kept as written;
/// unclosed elements are closed at the end; nesting deeper than 256 is flattened.
enum XMLTree {
    final class Node {
        let name: String
        var attributes: [String: String]
        var children: [Node] = []
        var text = ""
        init(name: String, attributes: [String: String]) { self.name = name; self.attributes = attributes }

        /// First descendant (depth first) with this local name.
        func first(_ name: String) -> Node? {
            for c in children {
                if c.name == name { return c }
                if let f = c.first(name) { return f }
            }
            return nil
        }
    }

    static let maxDepth = 256
    /// Elements whose character data is kept.
    static let textElements: Set<String> = ["t", "delText", "instrText"]

    static func parse(_ data: Data) -> Node? {
        let bytes = [UInt8](data)
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            return parse(Data(EncodingDetector.decode(bytes).text.utf8))
        }
        return bytes.withUnsafeBufferPointer { parse($0) }
    }

    static func local(_ q: Substring) -> String {
        if let i = q.lastIndex(of: ":") { return String(q[q.index(after: i)...]) }
        return String(q)
    }

    static func parse(_ p: UnsafeBufferPointer<UInt8>) -> Node? {
        let doc = Node(name: "#document", attributes: [:])
        var stack: [Node] = [doc]
        var sawElement = false
        let n = p.count
        var i = 0
        func starts(_ s: StaticString, at k: Int) -> Bool {
            let len = s.utf8CodeUnitCount
            guard k + len <= n else { return false }
            let b = s.utf8Start
            for j in 0..<len where p[k + j] != b[j] { return false }
            return true
        }
        func find(_ s: StaticString, from k: Int) -> Int {
            var j = k
            while j < n { if starts(s, at: j) { return j }; j += 1 }
            return n
        }
        func string(_ a: Int, _ b: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: p[a..<b]), as: UTF8.self) }
        while i < n {
            if p[i] != 0x3C { // text up to the next '<'
                var j = i
                while j < n && p[j] != 0x3C { j += 1 }
                if let top = stack.last, textElements.contains(top.name) { top.text += decodeEntities(string(i, j)) }
                i = j
                continue
            }
            if starts("<?", at: i) { i = min(n, find("?>", from: i + 2) + 2); continue }
            if starts("<!--", at: i) { i = min(n, find("-->", from: i + 4) + 3); continue }
            if starts("<![CDATA[", at: i) {
                let e = find("]]>", from: i + 9)
                if let top = stack.last, textElements.contains(top.name) { top.text += string(i + 9, e) }
                i = min(n, e + 3)
                continue
            }
            if starts("<!", at: i) { i = min(n, find(">", from: i + 2) + 1); continue }
            // A tag: find its end, quotes respected.
            var j = i + 1
            var quote: UInt8 = 0
            while j < n {
                let b = p[j]
                if quote != 0 { if b == quote { quote = 0 } } else if b == 0x22 || b == 0x27 { quote = b } else if b == 0x3E { break }
                j += 1
            }
            let tag = string(i + 1, min(j, n))
            i = min(n, j + 1)
            if tag.hasPrefix("/") {
                let name = local(tag.dropFirst().prefix { !$0.isWhitespace })
                if let k = stack.lastIndex(where: { $0.name == name }), k > 0 { stack.removeSubrange(k...) }
                continue
            }
            let selfClosing = tag.hasSuffix("/")
            let body = selfClosing ? tag.dropLast() : Substring(tag)
            let qname = body.prefix { !$0.isWhitespace }
            guard !qname.isEmpty else { continue }
            let node = Node(name: local(qname), attributes: attributes(body.dropFirst(qname.count)))
            sawElement = true
            stack.last!.children.append(node)
            if !selfClosing && stack.count <= maxDepth { stack.append(node) }
        }
        return sawElement ? doc : nil
    }

    /// `name="value"` pairs (local names), values with entities decoded.
    static func attributes(_ s: Substring) -> [String: String] {
        var out: [String: String] = [:]
        var rest = s[...]
        while true {
            rest = rest.drop { $0.isWhitespace }
            guard let eq = rest.firstIndex(of: "=") else { break }
            let name = rest[..<eq].trimmingCharacters(in: .whitespaces)
            var after = rest[rest.index(after: eq)...].drop { $0.isWhitespace }
            guard let q = after.first, q == "\"" || q == "'" else { break }
            after = after.dropFirst()
            guard let end = after.firstIndex(of: q) else { break }
            if !name.isEmpty { out[local(Substring(name))] = decodeEntities(String(after[..<end])) }
            rest = after[after.index(after: end)...]
        }
        return out
    }

    /// The five XML entities and character references; anything else is kept as written.
    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = String.UnicodeScalarView()
        let u = Array(s.unicodeScalars)
        var i = 0
        while i < u.count {
            if u[i] == "&", let semi = u[(i + 1)..<min(u.count, i + 12)].firstIndex(of: ";") {
                let name = String(String.UnicodeScalarView(u[(i + 1)..<semi]))
                var r: Unicode.Scalar? = nil
                switch name {
                case "amp": r = "&"
                case "lt": r = "<"
                case "gt": r = ">"
                case "quot": r = "\""
                case "apos": r = "'"
                default:
                    if name.hasPrefix("#x") || name.hasPrefix("#X") { r = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
                    else if name.hasPrefix("#") { r = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init) }
                }
                if let r {
                    out.append(r)
                    i = semi + 1
                    continue
                }
            }
            out.append(u[i])
            i += 1
        }
        return String(out)
    }
}

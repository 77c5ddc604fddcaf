import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
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

/// A small element tree built with XMLParser (local names, namespaces dropped).
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

    final class Builder: NSObject, XMLParserDelegate {
        var stack: [Node] = [Node(name: "#document", attributes: [:])]
        static func local(_ q: String) -> String {
            if let i = q.lastIndex(of: ":") { return String(q[q.index(after: i)...]) }
            return q
        }
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                    attributes attributeDict: [String: String] = [:]) {
            var attrs: [String: String] = [:]
            for (k, v) in attributeDict { attrs[Builder.local(k)] = v }
            let n = Node(name: Builder.local(elementName), attributes: attrs)
            stack.last!.children.append(n)
            stack.append(n)
        }
        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            if stack.count > 1 { stack.removeLast() }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            // Only text elements keep their characters (w:t, w:delText, w:instrText).
            if let top = stack.last, top.name == "t" || top.name == "delText" || top.name == "instrText" { top.text += string }
        }
    }

    static func parse(_ data: Data) -> Node? {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let b = Builder()
        parser.delegate = b
        guard parser.parse() else { return nil }
        return b.stack.first
    }
}

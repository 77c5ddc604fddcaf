import Archive
import Documents
import Foundation
import ZIPFoundation

/// A reminder letter as a Word (.docx) file in the layout of a công văn: A4, Times New Roman 13–14
/// pt, the header and the signature in borderless two-column tables (as offices lay them out), the
/// body justified with a first-line indent. The CLI writes it to a file (`vanban remind --format
/// docx`), the web board sends it (`/remind`).
public enum ReminderDocx {
    /// The .docx file's bytes.
    public static func data(_ letter: ReminderLetter) throws -> Data {
        let archive = try ZIPFoundation.Archive(accessMode: .create)
        for (path, xml) in parts(letter) {
            let data = Data(xml.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { pos, size in
                data.subdata(in: Int(pos)..<Int(pos) + size)
            }
        }
        guard let bytes = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return bytes
    }

    public static func write(_ letter: ReminderLetter, to url: URL) throws {
        try data(letter).write(to: url, options: .atomic)
    }

    /// The name a letter is saved under: `don-doc-1865-KH-SYT-2026-06-10.docx` (the plan's number,
    /// its slashes as dashes, and the due date).
    public static func fileName(plan: StoredDocument, due: DocDate, ext: String = "docx") -> String {
        "don-doc-\((plan.number ?? "plan").replacingOccurrences(of: "/", with: "-"))-\(due.description).\(ext)"
    }

    /// The package's parts: content types, relationships, the document.
    static func parts(_ letter: ReminderLetter) -> [(String, String)] {
        let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        </Types>
        """
        let rels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        </Relationships>
        """
        return [("[Content_Types].xml", contentTypes), ("_rels/.rels", rels), ("word/document.xml", document(letter))]
    }

    static func escape(_ s: String) -> String { MarkupEscape.escape(s, .xml) }

    enum Align: String { case left, center, right, both }

    /// One paragraph: text runs (bold / italic), alignment, size in half-points, first-line indent in twips.
    static func paragraph(_ text: String, align: Align = .left, bold: Bool = false, italic: Bool = false, underline: Bool = false,
                          size: Int = 28, indent: Int = 0, after: Int = 0) -> String {
        var ppr = "<w:pPr><w:spacing w:before=\"0\" w:after=\"\(after)\"/>"
        if indent > 0 { ppr += "<w:ind w:firstLine=\"\(indent)\"/>" }
        ppr += "<w:jc w:val=\"\(align.rawValue)\"/></w:pPr>"
        var rpr = "<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
        if bold { rpr += "<w:b/>" }
        if italic { rpr += "<w:i/>" }
        if underline { rpr += "<w:u w:val=\"single\"/>" }
        rpr += "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/></w:rPr>"
        return "<w:p>\(ppr)<w:r>\(rpr)<w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r></w:p>"
    }

    /// A borderless table of two columns, each cell a list of paragraphs.
    static func twoColumns(_ left: [String], _ right: [String], widths: (Int, Int) = (3800, 5600)) -> String {
        func cell(_ ps: [String], _ w: Int) -> String {
            "<w:tc><w:tcPr><w:tcW w:w=\"\(w)\" w:type=\"dxa\"/></w:tcPr>\(ps.isEmpty ? paragraph("") : ps.joined())</w:tc>"
        }
        let none = "<w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/>"
        return "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.0 + widths.1)\" w:type=\"dxa\"/><w:tblBorders>\(none)</w:tblBorders></w:tblPr>"
            + "<w:tblGrid><w:gridCol w:w=\"\(widths.0)\"/><w:gridCol w:w=\"\(widths.1)\"/></w:tblGrid>"
            + "<w:tr>\(cell(left, widths.0))\(cell(right, widths.1))</w:tr></w:tbl>"
    }

    static func document(_ letter: ReminderLetter) -> String {
        var body = ""
        // Header: issuer | motto; then number and V/v | place and date.
        let issuer = letter.issuerLines.enumerated().map { k, l in paragraph(l, align: .center, bold: k == letter.issuerLines.count - 1, size: 26) }
        let motto = [paragraph(ReminderLetter.motto[0], align: .center, bold: true, size: 26),
                     paragraph(ReminderLetter.motto[1], align: .center, bold: true, underline: true, size: 28)]
        body += twoColumns(issuer, motto)
        body += twoColumns([paragraph(letter.numberLine, align: .center, size: 26), paragraph(letter.subject, align: .center, size: 24)],
                           [paragraph(letter.placeAndDate, align: .center, italic: true, size: 28)])
        body += paragraph("")
        if letter.addressees.count == 1 {
            body += paragraph("Kính gửi: \(letter.addressees[0]).", align: .center, size: 28, after: 120)
        } else {
            body += paragraph("Kính gửi:", align: .center, size: 28)
            for (k, a) in letter.addressees.enumerated() {
                body += paragraph("- \(a)\(k == letter.addressees.count - 1 ? "." : ";")", size: 28, indent: 2880)
            }
            body += paragraph("", after: 120)
        }
        for p in letter.paragraphs { body += paragraph(p, align: .both, size: 28, indent: 567, after: 120) }
        // Nơi nhận | signature.
        let copies = [paragraph("Nơi nhận:", bold: true, italic: true, size: 24)]
            + letter.copiesTo.enumerated().map { k, c in paragraph("- \(c)\(k == letter.copiesTo.count - 1 ? "." : ";")", size: 22) }
        var signature = letter.signerCapacity.map { paragraph($0, align: .center, bold: true, size: 28) }
        if let s = letter.signer { signature += [paragraph(""), paragraph(""), paragraph(""), paragraph(s, align: .center, bold: true, size: 28)] }
        body += twoColumns(copies, signature, widths: (4600, 4800))
        // A4, margins of Nghị định 30/2020/NĐ-CP: top and bottom 2 cm, left 3 cm, right 1.5 cm.
        body += "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"851\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr>"
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)</w:body></w:document>
        """
    }
}

import Documents
import Foundation
import Ingest
import Testing
import ZIPFoundation

/// Whether an external tool is on $PATH (scripts/install-deps.sh installs them all).
func installed(_ tool: String) -> Bool {
    (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
}

let formatSeeds = ["000_a7862f00d41df8cb", "002_08d73f6826bb5330", "003_2b066fe0965093a2"]

func extractFixture(_ name: String, _ options: IngestOptions = IngestOptions()) -> IngestResult {
    Ingest.extract(fileAt: Fixture.formats.appendingPathComponent(name), options: options)
}

@Suite struct FormatTests {
    @Test(.enabled(if: installed("pdftotext"), "pdftotext not installed: run scripts/install-deps.sh (poppler-utils)"),
          arguments: formatSeeds)
    func pdf(_ stem: String) throws {
        let t = try #require(extractFixture(stem + ".pdf").extracted)
        #expect(t.format == .pdf)
        #expect(t.conversions.first == "pdftotext -layout")
        #expect(t.warnings.isEmpty)
        Compare.expectSame(t.text, as: Fixture.original(stem), "\(stem).pdf")
    }

    @Test(arguments: formatSeeds)
    func docx(_ stem: String) throws {
        let t = try #require(extractFixture(stem + ".docx").extracted)
        #expect(t.format == .docx)
        Compare.expectSame(t.text, as: Fixture.original(stem), "\(stem).docx")
    }

    @Test(.enabled(if: installed("antiword") || installed("catdoc"), "antiword not installed: run scripts/install-deps.sh"),
          arguments: formatSeeds)
    func doc(_ stem: String) throws {
        let t = try #require(extractFixture(stem + ".doc").extracted)
        #expect(t.format == .doc)
        Compare.expectSame(t.text, as: Fixture.original(stem), "\(stem).doc")
    }

    @Test(arguments: formatSeeds)
    func html(_ stem: String) throws {
        let t = try #require(extractFixture(stem + ".html").extracted)
        #expect(t.format == .html)
        #expect(!t.text.contains("<"), "no markup left")
        Compare.expectSame(t.text, as: Fixture.original(stem), "\(stem).html")
    }

    @Test(arguments: formatSeeds)
    func markdown(_ stem: String) throws {
        let t = try #require(extractFixture(stem + ".md").extracted)
        #expect(t.format == .markdown)
        #expect(t.text == Fixture.original(stem))
        #expect(t.conversions.isEmpty)
    }

    /// A PDF whose text layer is TCVN3 shown as Latin-1 reads as the original.
    @Test(.enabled(if: installed("pdftotext"), "pdftotext not installed: run scripts/install-deps.sh (poppler-utils)"),
          arguments: ["002_08d73f6826bb5330", "003_2b066fe0965093a2"])
    func tcvn3LatinPDF(_ stem: String) throws {
        let t = try #require(extractFixture(stem + ".tcvn3-latin1.pdf").extracted)
        #expect(t.conversions.contains { $0.hasPrefix("TCVN3 mojibake → Unicode") }, "\(t.conversions)")
        Compare.expectSame(t.text, as: Fixture.original(stem), "\(stem).tcvn3-latin1.pdf")
    }

    @Test(.enabled(if: installed("antiword") || installed("catdoc"), "antiword not installed: run scripts/install-deps.sh"))
    func tcvn3LatinWord97() throws {
        let stem = "003_2b066fe0965093a2"
        let t = try #require(extractFixture(stem + ".tcvn3-latin1.doc").extracted)
        #expect(t.conversions.contains { $0.hasPrefix("TCVN3 mojibake → Unicode") }, "\(t.conversions)")
        // TCVN3 codes ư as 0xAD, the soft hyphen: Word files keep it as an optional hyphen, which
        // antiword and catdoc drop ("trưởng" comes out "trởng"), so fewer words agree here.
        Compare.expectSame(t.text, as: Fixture.original(stem), minWords: 0.95, "\(stem).tcvn3-latin1.doc")
    }

    @Test(arguments: ["002_08d73f6826bb5330", "003_2b066fe0965093a2"])
    func rtf(_ stem: String) throws {
        let t = try #require(extractFixture(stem + ".rtf").extracted)
        #expect(t.format == .rtf)
        Compare.expectSame(t.text, as: Fixture.original(stem), "\(stem).rtf")
    }

    /// RTF typed in a .VnTime font, and the same file under a .doc name (as old Word saved it).
    @Test func rtfInTCVN3FontAndNamedDoc() throws {
        let stem = "003_2b066fe0965093a2"
        let t = try #require(extractFixture(stem + ".tcvn3-latin1.rtf").extracted)
        #expect(t.conversions.contains { $0.hasPrefix("TCVN3 mojibake → Unicode") }, "\(t.conversions)")
        Compare.expectSame(t.text, as: Fixture.original(stem), "\(stem).tcvn3-latin1.rtf")
        let doc = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString).doc")
        try FileManager.default.copyItem(at: Fixture.formats.appendingPathComponent(stem + ".rtf"), to: doc)
        defer { try? FileManager.default.removeItem(at: doc) }
        let d = try #require(Ingest.extract(fileAt: doc).extracted)
        #expect(d.format == .rtf)
        Compare.expectSame(d.text, as: Fixture.original(stem), "\(stem).rtf named .doc")
    }

    @Test func rtfControlWords() throws {
        // Font table and a \* destination dropped; \uN with its fallback skipped; \upr keeps the
        // Unicode version; \'hh in Windows-1258 with a combining tone; \par, \tab, \cell, \row.
        let rtf = #"""
        {\rtf1\ansi\ansicpg1258\deff0{\fonttbl{\f0 Times New Roman;}}{\*\generator Writer;}
        {\info{\title Ti\'eau \'f0\'ea\'ec}}\pard C\u7897?ng v\u259?n s\u7889\'3f 12\par
        Vi\'ea\'f2t Nam\tab A\par
        {\upr{M\'f4t}{\*\ud{M\u7897?t}}}\par
        \trowd\intbl \'d0\'f4\'ecng\cell T\'e2y\cell\row
        }
        """#
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString).rtf")
        try Data(rtf.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let t = try #require(Ingest.extract(fileAt: url).extracted)
        #expect(t.text == "Cộng văn số 12\nViệt Nam\tA\nMột\nĐống    Tây    \n")
    }

    /// The letterhead table of a .docx reads row by row, its two cells side by side.
    @Test func docxTableInOrder() throws {
        let stem = "003_2b066fe0965093a2"
        let t = try #require(extractFixture(stem + ".table.docx").extracted)
        let lines = t.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "UBND TỈNH THANH HÓA    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        #expect(lines.dropFirst().first == "SỞ Y TẾ    Độc lập – Tự do – Hạnh phúc")
        #expect(lines.dropFirst(2).first == "Số: 2926/SYT-VP")
        Compare.expectSame(t.text, as: Fixture.original(stem), "\(stem).table.docx")
        let h = try #require(extractFixture(stem + ".table.html").extracted)
        Compare.expectSame(h.text, as: Fixture.original(stem), "\(stem).table.html")
    }

    /// A .docx built here: paragraphs, a table with two paragraphs per cell, a text box, deleted
    /// text and field codes (left out), tabs and breaks.
    @Test func docxStructure() throws {
        let body = """
        <w:p><w:r><w:t>Trước bảng</w:t></w:r></w:p>
        <w:tbl><w:tr><w:tc><w:p><w:r><w:t>A1</w:t></w:r></w:p><w:p><w:r><w:t>A2</w:t></w:r></w:p></w:tc>
        <w:tc><w:p><w:r><w:t>B1</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:p><w:r><w:t>C1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>D1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
        <w:p><w:r><w:t xml:space="preserve">Số </w:t></w:r><w:del><w:r><w:delText>xoá</w:delText></w:r></w:del>
        <w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>12</w:t><w:tab/><w:t>cột</w:t><w:br/><w:t>dòng mới</w:t></w:r></w:p>
        <w:p><w:r><w:t>Có hộp</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>Trong hộp</w:t></w:r></w:p></w:txbxContent></w:pict></w:r></w:p>
        <w:sdt><w:sdtContent><w:p><w:r><w:t>Trong sdt</w:t></w:r></w:p></w:sdtContent></w:sdt>
        """
        let url = try makeDocx(body: body)
        defer { try? FileManager.default.removeItem(at: url) }
        let t = try #require(Ingest.extract(fileAt: url).extracted)
        #expect(t.text == "Trước bảng\nA1    B1\nA2\nC1    D1\nSố 12\tcột\ndòng mới\nCó hộp\nTrong hộp\nTrong sdt")
    }

    func makeDocx(body: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString).docx")
        let archive = try Archive(url: url, accessMode: .create)
        let xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)</w:body></w:document>
        """
        let data = Data(xml.utf8)
        try archive.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { pos, size in
            data.subdata(in: Int(pos)..<Int(pos) + size)
        }
        return url
    }

    @Test func htmlEntitiesAndSkippedParts() {
        let page = """
        <html><head><title>x</title><style>p { color: red }</style><script>var a = "<p>";</script></head>
        <body><!-- ghi chú --><h1>C&ocirc;ng v&#259;n s&#x1ED1; 12</h1><p>Ngh&#7879;   An &amp; H&agrave; T&#297;nh&nbsp;ok</p>
        <table><tr><td>Ô 1</td><td>Ô 2</td></tr></table><pre>  giữ   nguyên</pre>&yuml;</body></html>
        """
        guard case .text(let t) = Ingest.extract(textBytes: Array(page.utf8), html: true) else { Issue.record("skipped"); return }
        #expect(t.text == "Công văn số 12\nNghệ An & Hà Tĩnh ok\nÔ 1    Ô 2\n  giữ   nguyên\nÿ")
    }

    @Test func htmlTableRowsSideBySide() {
        let page = """
        <p>Trước</p><table><tr><td>A1<br>A2</td><td><p>B1</p></td></tr>
        <tr><td>C1<td>D1<table><tr><td>x</td><td>y</td></tr></table></tr></table><p>Sau</p>
        """
        guard case .text(let t) = Ingest.extract(textBytes: Array(page.utf8), html: true) else { Issue.record("skipped"); return }
        #expect(t.text == "Trước\nA1    B1\nA2\nC1    D1\nx    y\nSau")
    }

    /// Page numbers: page = 1 + form feeds before the offset, checked against pdftotext page by page.
    @Test(.enabled(if: installed("pdftotext"), "pdftotext not installed: run scripts/install-deps.sh (poppler-utils)"))
    func pdfPageNumbers() throws {
        let url = Fixture.formats.appendingPathComponent("002_08d73f6826bb5330.pdf")
        let t = try #require(Ingest.extract(fileAt: url).extracted)
        #expect(t.isPaged)
        #expect(t.pageCount >= 3)
        #expect(t.pageStarts.count == t.pageCount)
        let bytes = Array(t.text.utf8)
        for page in 1...t.pageCount {
            // A distinctive line of this page, as pdftotext prints the page alone.
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["pdftotext", "-layout", "-f", String(page), "-l", String(page), url.path, "-"]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count > 40 }
            let line = try #require(lines.first { l in t.text.components(separatedBy: l).count == 2 }, "page \(page): a unique line")
            let offset = try #require(firstOffset(of: Array(line.utf8), in: bytes))
            #expect(t.page(atUTF8Offset: offset) == page, "\(line)")
        }
        #expect(t.page(atUTF8Offset: 0) == 1)
        #expect(t.page(atUTF8Offset: bytes.count) == t.pageCount)
    }

    func firstOffset(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard needle.count <= hay.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    /// Form feeds survive document parsing, so a match in a document maps to its page.
    @Test(.enabled(if: installed("pdftotext"), "pdftotext not installed: run scripts/install-deps.sh (poppler-utils)"))
    func pagesThroughTheParser() throws {
        let t = try #require(extractFixture("002_08d73f6826bb5330.pdf").extracted)
        let docs = DocumentParser.parse(fileText: t.text)
        #expect(docs.count == 2)
        let feeds = { (s: String) in s.utf8.filter { $0 == 0x0C }.count }
        #expect(docs.map { feeds($0.text) }.reduce(0, +) == feeds(t.text))
        let first = Ingest.firstPages(ofDocuments: docs.map(\.text))
        #expect(first[0] == 1)
        // The second document (Kế hoạch 6757/KH-SYT) starts on the page where its "Số:" line is.
        let d = docs[1]
        let so = try #require(d.text.range(of: "6757"))
        let offset = d.text.utf8.distance(from: d.text.utf8.startIndex, to: so.lowerBound)
        let inDoc = Ingest.page(in: d.text, atUTF8Offset: offset, firstPage: first[1])
        let whole = try #require(t.text.range(of: "Số: 6757"))
        #expect(inDoc == t.page(atUTF8Offset: t.text.utf8.distance(from: t.text.utf8.startIndex, to: whole.lowerBound)))
        #expect(inDoc > 1)
    }

    @Test func pageHelperCountsFormFeeds() {
        // "một" is 5 UTF-8 bytes: the first form feed is byte 5, page 2 starts at byte 6.
        let t = ExtractedText(text: "một\u{0C}hai\u{0C}\u{0C}bốn", format: .pdf, pageCount: 4)
        #expect(t.pageStarts == [0, 6, 10, 11])
        #expect(t.page(atUTF8Offset: 0) == 1)
        #expect(t.page(atUTF8Offset: 5) == 1)
        #expect(t.page(atUTF8Offset: 6) == 2)
        #expect(t.page(atUTF8Offset: 10) == 3)
        #expect(t.page(atUTF8Offset: 11) == 4)
    }
}

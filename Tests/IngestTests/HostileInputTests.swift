import Foundation
@testable import Ingest
import Testing
import VietText
import ZIPFoundation

#if canImport(Glibc)
import Glibc
#endif

/// Files made to hurt the readers (issue 24): each used to trap, hang (a quadratic loop) or eat
/// memory, and must now give text or one clear reason, within the file's budget. Inputs are
/// generated here, small on disk; the sizes are those where the old readers took minutes.
@Suite struct HostileInputTests {
    static func tempDir() throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    /// Writes `bytes` to a fresh file and reads it as the indexer does.
    static func read(_ bytes: [UInt8], name: String, _ options: IngestOptions = IngestOptions()) throws -> FileText {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return Ingest.read(path: url.path, options: options)
    }

    static func text(_ r: FileText, _ what: String) -> String? {
        switch r {
        case .text(let t, _, _, _): return t
        case .skipped(let reason, _, let kind):
            Issue.record("\(what): skipped (\(kind)): \(reason)")
            return nil
        }
    }

    /// A .docx of `body` (WordprocessingML inside `w:body`), deflated.
    static func docx(_ body: String) throws -> [UInt8] {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("d.docx")
        let archive = try Archive(url: url, accessMode: .create)
        let data = Data(("<?xml version=\"1.0\"?><w:document xmlns:w=\"x\"><w:body>" + body + "</w:body></w:document>").utf8)
        try archive.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { pos, size in
            data.subdata(in: Int(pos)..<Int(pos) + size)
        }
        return [UInt8](try Data(contentsOf: url))
    }

    // MARK: - Traps

    /// The 53-byte file of the issue trapped on an integer conversion; every re-run crashed again.
    @Test func rtfHugeUnicodeParameterIsNoTrap() throws {
        let t = Self.text(try Self.read(Array(#"{\rtf1\ansi Số: 5/KH-UBND \u9999999999 x}"#.utf8), name: "a.rtf"), "a.rtf")
        // No character for \u9999999999; its one fallback character ("x") is skipped as for any \uN.
        #expect(t?.hasSuffix(": 5/KH-UBND ") == true, "\(t ?? "-")")
        // Other parameters at their limits, and groups nested 100,000 deep.
        let odd = #"{\rtf1\ansi So 1 \u-99999999999 \uc99999999999 \u55296? \u1114112? \'zz \'4"# + #"\bin99999999999 x}"#
        #expect(RTF.text(Array(odd.utf8)).hasPrefix("So 1 "))
        let deep = String(repeating: "{", count: 100_000) + #"\rtf1 So 2"# + String(repeating: "}", count: 100_000)
        #expect(RTF.text(Array(deep.utf8)) == "So 2")
    }

    // MARK: - Quadratic loops

    /// One cell of 100,000 lines beside 10,000 empty cells: laying the row out used to cost
    /// lines × cells (10⁹ steps); now the lines.
    @Test func htmlWideCellIsLinear() throws {
        let page = "<html><body><p>Số: 5/KH-UBND</p><table><tr><td>" + String(repeating: "dòng<br>", count: 100_000) + "</td>"
            + String(repeating: "<td></td>", count: 10_000) + "</tr></table></body></html>"
        let t = Self.text(try Self.read(Array(page.utf8), name: "wide.html"), "wide.html")
        #expect(t?.split(separator: "\n").count == 100_001)
    }

    @Test func docxWideCellIsLinear() throws {
        let cell = "<w:tc><w:p><w:r>" + String(repeating: "<w:t>dòng</w:t><w:br/>", count: 100_000) + "</w:r></w:p></w:tc>"
        let body = "<w:p><w:r><w:t>Số: 5/KH-UBND</w:t></w:r></w:p><w:tbl><w:tr>" + cell
            + String(repeating: "<w:tc><w:p/></w:tc>", count: 10_000) + "</w:tr></w:tbl>"
        let bytes = try Self.docx(body)
        #expect(bytes.count < 64 * 1024, "\(bytes.count) bytes on disk")
        let t = Self.text(try Self.read(bytes, name: "wide.docx"), "wide.docx")
        #expect(t?.split(separator: "\n").count == 100_001)
    }

    /// Tables nested 20,000 deep, a word at each level: each level's text was copied into every
    /// enclosing cell (quadratic); now tables deeper than 8 are read as plain blocks.
    @Test func htmlTablesNestedThousandsDeep() throws {
        let page = "<html><body><p>Số: 5/KH-UBND</p>" + String(repeating: "<table><tr><td>ô ", count: 20_000)
            + String(repeating: "</td></tr></table>", count: 20_000) + "</body></html>"
        let t = Self.text(try Self.read(Array(page.utf8), name: "deep.html"), "deep.html")
        #expect(t?.components(separatedBy: "ô").count == 20_001)
    }

    @Test func docxTablesNestedDeep() throws {
        let body = "<w:p><w:r><w:t>Số: 5/KH-UBND</w:t></w:r></w:p>"
            + String(repeating: "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ô</w:t></w:r></w:p>", count: 200)
            + String(repeating: "</w:tc></w:tr></w:tbl>", count: 200)
        let t = Self.text(try Self.read(try Self.docx(body), name: "deep.docx"), "deep.docx")
        // The XML nests 5 elements per level: beyond 256 elements the reader keeps no more
        // nesting, but it still reads the first levels' text.
        #expect((t?.components(separatedBy: "ô").count ?? 0) > 40)
    }

    /// A megabyte of combining marks of two classes on one letter: Foundation's NFC sorts the run
    /// (quadratic: 400 KB took 22 s). Marks beyond 30 in a row are dropped, with a warning.
    @Test func combiningMarksAreCappedAndLinear() throws {
        let line = "a" + String(repeating: "\u{301}\u{323}", count: 250_000)
        let r = try Self.read(Array(("Số: 5/KH-UBND\n" + line + "\n").utf8), name: "marks.txt")
        guard case .text(let t, _, let notes, _) = r else { Issue.record("skipped: \(r)"); return }
        #expect(notes == ["499970 combining mark(s) dropped (more than 30 in a row)"])
        #expect(t.unicodeScalars.count < 100)
        // The same through VietText's normalisation, and in a legacy-encoding file's repair.
        #expect(VietText.normalize(line).unicodeScalars.count <= 31)
        #expect(EncodingDetector.repairMojibake(line).text.unicodeScalars.count <= 31)
    }

    /// TCVN3 text on one line of ambiguous words (a toned letter, nothing else): restoring the
    /// capitals looked left and right from every word (quadratic in the words of a line).
    @Test func tcvn3LongLineIsLinear() throws {
        var bytes: [UInt8] = [0x53, 0xE8] + Array(": 5/KH-UBND\n".utf8)   // "Sè: 5/KH-UBND" in TCVN3 bytes
        for _ in 0..<60_000 { bytes += [0x53, 0xE8, 0x20] }                  // "Sè " (Số) again and again
        guard case .text(let t, _, _, let conversions) = try Self.read(bytes, name: "tcvn3.txt") else { Issue.record("skipped"); return }
        #expect(conversions.contains("TCVN3 → Unicode"), "\(conversions)")
        #expect(t.hasPrefix("Số: 5/KH-UBND\nSỐ SỐ"))
    }

    // MARK: - Bombs

    /// A .docx whose XML inflates far beyond its size, with a central directory that lies about
    /// it (so the size check before inflating passes): stopped when the inflated bytes pass the
    /// budget, without building anything of that size.
    @Test func docxThatInflatesPastTheBudgetStops() throws {
        var bytes = try Self.docx(String(repeating: "<w:p><w:r><w:t>x</w:t></w:r></w:p>", count: 400_000))   // 13.6 MB of XML
        // The central directory's uncompressed size (offset 24 of the entry) says 100 bytes.
        let cd = try #require(Self.lastIndex(of: [0x50, 0x4B, 0x01, 0x02], in: bytes))
        bytes.replaceSubrange((cd + 24)..<(cd + 28), with: [100, 0, 0, 0])
        var o = IngestOptions()
        o.workBytes = 4 * 1024 * 1024
        let r = try Self.read(bytes, name: "bomb.docx", o)
        guard case .skipped(let reason, let fp, let kind) = r else { Issue.record("read: \(r)"); return }
        #expect(reason == "word/document.xml larger than 4 MB")
        #expect(kind == .overBudget && kind.isPermanent)
        #expect(fp != nil)
    }

    /// One text run of 20 MB in a .docx: stopped at the text limit.
    @Test func docxTextLargerThanTheLimitStops() throws {
        let bytes = try Self.docx("<w:p><w:r><w:t>" + String(repeating: "chữ ", count: 4_000_000) + "</w:t></w:r></w:p>")
        var o = IngestOptions()
        o.maxTextBytes = 2 * 1024 * 1024
        let r = try Self.read(bytes, name: "big.docx", o)
        guard case .skipped(let reason, _, let kind) = r else { Issue.record("read: \(r)"); return }
        #expect(reason == "text larger than 2 MB")
        #expect(kind == .overBudget)
    }

    /// A PDF of 400 pages sharing one content stream: 400 KB on disk, 2 MB of text. pdftotext's
    /// output is cut at the text limit and the file skipped (it used to be read whole, however
    /// large: a 9.5 MB PDF gave 229 MB).
    @Test(.enabled(if: installed("pdftotext"), "pdftotext not installed"))
    func pdfWhoseTextIsLargerThanTheLimitStops() throws {
        let pdf = Self.pdf(pages: 400, lines: 60)
        var o = IngestOptions()
        o.maxTextBytes = 1024 * 1024
        let r = try Self.read(pdf, name: "many.pdf", o)
        guard case .skipped(let reason, _, let kind) = r else { Issue.record("read: \(r)"); return }
        #expect(reason == "text larger than 1 MB (pdftotext's output)")
        #expect(kind == .overBudget)
        // With room, the same file is read, every page.
        o.maxTextBytes = 8 * 1024 * 1024
        guard case .text(let t) = Ingest.extract(textOfPDF: pdf, options: o) else { Issue.record("not read"); return }
        #expect(t.pageCount == 400)
    }

    /// Over the CPU budget: a clear reason, a permanent skip.
    @Test func overTheTimeBudgetIsSkipped() throws {
        let page = "<html><body>" + String(repeating: "<p>Số: 5/KH-UBND &amp; <b>chữ</b></p>", count: 100_000) + "</body></html>"
        var o = IngestOptions()
        o.readSeconds = 0.001
        let r = try Self.read(Array(page.utf8), name: "slow.html", o)
        guard case .skipped(let reason, _, let kind) = r else { Issue.record("read: \(r)"); return }
        #expect(reason == "took longer than 0.001 s to read")
        #expect(kind == .overBudget)
    }

    // MARK: - Opening

    /// A link at the path is not followed (the caller decides about links); a FIFO does not block;
    /// a folder is not a file. Links and unreadable files are "may pass", not "gone".
    @Test func linksFIFOsAndFoldersAreNotFollowedOrWaitedFor() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("t.txt")
        try Data("Số: 5/KH-UBND\n".utf8).write(to: target)
        let link = dir.appendingPathComponent("l.txt")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        guard case .skipped(let r1, nil, let k1) = Ingest.read(path: link.path) else { Issue.record("link read"); return }
        #expect(r1.hasPrefix("cannot read (a symbolic link"))
        #expect(!k1.isPermanent)
        let fifo = dir.appendingPathComponent("f.txt")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        guard case .skipped(let r2, _, let k2) = Ingest.read(path: fifo.path) else { Issue.record("fifo read"); return }
        #expect(r2 == "not a regular file" && k2.isPermanent)
        guard case .skipped(let r3, _, _) = Ingest.read(path: dir.path) else { Issue.record("folder read"); return }
        #expect(r3 == "a folder, not a file")
        // `extract(fileAt:)`, for a person naming the file, resolves the link first.
        #expect(Ingest.extract(fileAt: link).extracted?.text == "Số: 5/KH-UBND\n")
    }

    static func lastIndex(of sig: [UInt8], in b: [UInt8]) -> Int? {
        var i = b.count - sig.count
        while i >= 0 { if Array(b[i..<(i + sig.count)]) == sig { return i }; i -= 1 }
        return nil
    }

    /// A minimal PDF: `pages` pages sharing one content stream of `lines` lines of text.
    static func pdf(pages: Int, lines: Int) -> [UInt8] {
        var content = "BT /F1 9 Tf 40 800 Td 11 TL\n"
        for k in 0..<lines { content += "(Dong \(k) cua trang: noi dung lap lai de van ban lon hon tep) '\n" }
        content += "ET\n"
        var objects: [String] = []
        objects.append("<< /Type /Catalog /Pages 2 0 R >>")
        let kids = (0..<pages).map { "\($0 + 5) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pages) >>")
        objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        objects.append("<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream")
        for _ in 0..<pages {
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
        }
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (k, o) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(k + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { out += String(repeating: "0", count: 10 - String(o).count) + "\(o) 00000 n \n" }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }
}

extension Ingest {
    /// Reads PDF bytes through a temporary file (tests).
    static func extract(textOfPDF bytes: [UInt8], options: IngestOptions) -> IngestResult {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: url) }
        try? Data(bytes).write(to: url)
        return extract(fileAt: url, options: options)
    }
}

import Foundation
import Testing

/// `vanban extract`: the text, format, encoding and conversions of one file.
@Suite struct ExtractCLITests {
    static let formats = CLI.root.appendingPathComponent("Tests/Fixtures/formats")

    @Test func legacyEncodingAsJSON() throws {
        let f = Self.formats.appendingPathComponent("encodings/003_2b066fe0965093a2.tcvn3.txt").path
        let r = try CLI.run(["extract", f, "--json"])
        #expect(r.code == 0, "\(r.err)")
        let j = try #require(r.json)
        #expect(j["format"] as? String == "text")
        #expect(j["encoding"] as? String == "TCVN3")
        #expect(j["conversions"] as? [String] == ["TCVN3 → Unicode"])
        #expect((j["text"] as? String)?.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == true)
    }

    @Test func textOnStdoutInfoOnStderr() throws {
        let f = Self.formats.appendingPathComponent("encodings/003_2b066fe0965093a2.vni-latin1.txt").path
        let r = try CLI.run(["extract", f])
        #expect(r.code == 0)
        #expect(r.out.contains("Số: 2926/SYT-VP"))
        #expect(r.err.contains("VNI mojibake → Unicode"))
    }

    @Test func pdfPagesInJSON() throws {
        let f = Self.formats.appendingPathComponent("002_08d73f6826bb5330.pdf").path
        let r = try CLI.run(["extract", f, "--json"])
        guard r.code == 0 || r.err.contains("install poppler-utils") else { Issue.record(Comment(rawValue: r.err)); return }
        if r.code == 0 {
            let j = try #require(r.json)
            let starts = try #require(j["page_starts"] as? [Int])
            #expect(starts.count == j["pages"] as? Int)
            #expect(starts.first == 0)
        }
    }

    @Test func skippedFileExits6WithReason() throws {
        let f = Self.formats.appendingPathComponent("truncated.docx").path
        let r = try CLI.run(["extract", f, "--json", "--lang", "en"])
        #expect(r.code == 6)
        #expect(r.err.contains("skipped, corrupt"))
        #expect((r.json?["skipped"] as? String)?.hasPrefix("corrupt") == true)
    }

    @Test func missingToolNamesThePackage() throws {
        let f = Self.formats.appendingPathComponent("003_2b066fe0965093a2.pdf").path
        let r = try CLI.run(["extract", f, "--tool-path", "/nonexistent"])
        #expect(r.code == 6)
        #expect(r.err.contains("install poppler-utils"))
        let t = try CLI.run(["extract", "--tools", "--json", "--tool-path", "/nonexistent"])
        let tools = try #require(t.json?["tools"] as? [[String: Any]])
        #expect(tools.contains { $0["package"] as? String == "tesseract-ocr" && $0["found"] as? Bool == false })
    }

    @Test func noSuchFile() throws {
        let r = try CLI.run(["extract", "/nonexistent/file.pdf"])
        #expect(r.code == 4)
    }
}

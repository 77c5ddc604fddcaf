import Foundation
import Testing

/// `vanban index` on a mixed folder: every format and legacy encoding of the seed documents, plus
/// broken, protected and scanned files (Tests/Fixtures/formats, made by scripts/make-*-fixtures).
@Suite("index of a mixed folder")
struct FormatsIndexTests {
    static let formats = CLI.root.appendingPathComponent("Tests/Fixtures/formats")

    static let run: (db: String, result: CLI.Result) = {
        let db = CLI.tempDir("formats").appendingPathComponent("db").path
        let r = try! CLI.run(["index", formats.path, "--db", db, "--lang", "en"])
        return (db, r)
    }()

    @Test func mixedFolderIndexesWithOneWarningPerBadFile() throws {
        let r = Self.run.result
        #expect(r.code == 6, "\(r.err)")
        for (file, reason) in [("protected.pdf", "password-protected"), ("truncated.pdf", "corrupt"),
                               ("truncated.docx", "corrupt"), ("scanned.pdf", "--ocr")] {
            let lines = r.err.split(separator: "\n").filter { $0.contains("warning: \(file):") }
            #expect(lines.count == 1, "\(file): \(lines)")
            #expect(lines.first?.contains(reason) == true, "\(file): \(lines)")
        }
        // Conversions are reported, not warned about.
        #expect(r.err.contains("converted: encodings/003_2b066fe0965093a2.tcvn3.txt: TCVN3"))
        #expect(r.err.contains("converted: 002_08d73f6826bb5330.pdf: pdf"))
        #expect(r.err.contains("converted: encodings/003_2b066fe0965093a2.utf16le.txt: UTF-16LE"))
        #expect(!r.err.contains("warning: 003_2b066fe0965093a2.docx"))
    }

    /// Each format of a seed file gives the documents of the UTF-8 original: same numbers.
    @Test(arguments: ["pdf", "docx", "doc", "html", "md", "tcvn3-latin1.pdf", "encodings/002_08d73f6826bb5330.tcvn3.txt",
                      "encodings/002_08d73f6826bb5330.vni.txt", "encodings/002_08d73f6826bb5330.cp1258.txt",
                      "encodings/002_08d73f6826bb5330.viscii.txt", "encodings/002_08d73f6826bb5330.vni-latin1.txt"])
    func everyFormatGivesTheOriginalsNumbers(_ variant: String) throws {
        let db = Self.run.db
        let file = variant.hasPrefix("encodings/") ? variant : "002_08d73f6826bb5330.\(variant)"
        let list = try CLI.run(["list", "--db", db, "--json"])
        let docs = (list.json?["documents"] as? [[String: Any]]) ?? []
        let numbers = docs.filter { $0["file"] as? String == file }.sorted { ($0["index_in_file"] as! Int) < ($1["index_in_file"] as! Int) }
            .map { $0["number"] as? String }
        #expect(numbers == ["660/BC-TTYT", "6757/KH-SYT"], "\(file): \(numbers)")
    }

    @Test func pdfResultsAndShowNameThePage() throws {
        let db = Self.run.db
        let hits = ((try CLI.run(["search", "chấn chỉnh lề lối", "--db", db, "--json", "--limit", "100"]).json?["results"]) as? [[String: Any]]) ?? []
        let pdf = hits.first { $0["id"] as? String == "002_08d73f6826bb5330.pdf#1" }
        let page = pdf?["snippet_page"] as? Int ?? 0
        let show = try CLI.run(["show", "002_08d73f6826bb5330.pdf#1", "--db", db, "--json"]).json
        let pages = show?["pages"] as? [String: Int]
        #expect(pages != nil)
        #expect((pages?["first"] ?? 99) <= page && page <= (pages?["last"] ?? 0), "\(page) not in \(pages ?? [:])")
        // A text file has no pages.
        #expect(hits.first { $0["id"] as? String == "002_08d73f6826bb5330.md#1" }?["snippet_page"] == nil)
        let text = try CLI.run(["show", "002_08d73f6826bb5330.pdf#1", "--db", db])
        #expect(text.out.contains("Trang: "))
    }
}

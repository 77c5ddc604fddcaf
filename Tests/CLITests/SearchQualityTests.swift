import Foundation
import Testing

/// Search quality with the real binary on the seeds, both dev sets and a few documents of our own
/// (Tests/Fixtures/search): abbreviations both ways, words standing together, snippets on folded
/// matches, suggestions and --explain.
@Suite("search quality")
struct SearchQualityTests {
    /// corpus/ + the dev sets' documents + Tests/Fixtures/search, each in its own folder.
    static let db: String = {
        let fm = FileManager.default
        let dir = CLI.tempDir("quality")
        let docs = dir.appendingPathComponent("docs")
        let sources = [("corpus", "corpus"), ("dev", "Tests/Fixtures/eval/dev"), ("health", "Tests/Fixtures/eval/dev-health"),
                       ("search", "Tests/Fixtures/search")]
        for (name, rel) in sources {
            let to = docs.appendingPathComponent(name)
            try! fm.createDirectory(at: to, withIntermediateDirectories: true)
            for f in try! fm.contentsOfDirectory(atPath: CLI.root.appendingPathComponent(rel).path) where f.hasSuffix(".txt") {
                try! fm.copyItem(at: CLI.root.appendingPathComponent(rel).appendingPathComponent(f), to: to.appendingPathComponent(f))
            }
        }
        let db = dir.appendingPathComponent("db").path
        let r = try! CLI.run(["index", docs.path, "--db", db])
        precondition(r.code == 0, "indexing failed: \(r.err)")
        return db
    }()

    static func search(_ q: String, _ extra: [String] = [], db: String = SearchQualityTests.db) throws -> CLI.Result {
        try CLI.run(["search", q, "--db", db, "--json"] + extra)
    }

    static func results(_ r: CLI.Result) -> [[String: Any]] { (r.json?["results"] as? [[String: Any]]) ?? [] }

    // MARK: Abbreviations

    @Test func ubndFindsTheFullNameAndTheFullNameFindsUBND() throws {
        let full = "search/snv-dongthap-cv.txt#0"   // "Ủy ban nhân dân tỉnh Đồng Tháp" in the body
        let abbr = "search/stc-dongthap-cv.txt#0"   // "UBND tỉnh Đồng Tháp" in the body
        for q in ["ubnd tinh dong thap", "UBND tỉnh Đồng Tháp", "uy ban nhan dan tinh dong thap", "Ủy ban nhân dân tỉnh Đồng Tháp"] {
            let ids = CLI.ids(try Self.search(q, ["--limit", "3"]).json?["results"])
            #expect(ids.contains(full) && ids.contains(abbr), "\(q): \(ids)")
        }
    }

    /// Abbreviation queries of our own: each finds its target first.
    @Test(arguments: [
        ("SNV Dong Thap", ["search/snv-dongthap-cv.txt#0"]),
        ("so noi vu dong thap", ["search/snv-dongthap-cv.txt#0"]),
        ("STC dong thap du toan", ["search/stc-dongthap-cv.txt#0"]),
        ("TTYT Quynh Luu", ["health/103_0a0dfce147c382d2.txt#0"]),
        ("TTYT Dien Chau ke hoach", ["health/102_df72f4c37d5c4600.txt#0"]),
        ("CDC Nghe An", ["health/107_2ebb55d0f4173193.txt#0"]),
        ("SGDĐT Soc Trang", ["dev/09_soctrang_mytu.txt#1"]),
        ("trung hoc pho thong Cua Lo", ["dev/04_bc57_thpt_cualo.txt#0"]),
        ("BVĐK Can Tho CCHC", ["health/111_b8a8a1c16e439d2b.txt#0", "health/112_3f183c98eea67519.txt#0"]),
        ("SNNMT Nghe An", ["health/109_9c703bc685ff529b.txt#0"]),
        ("QĐ thanh lap to kiem tra cong vu", ["health/114_d9e0daf429eb4811.txt#0"]),
        ("TB ket luan giam doc SYT", ["health/114_d9e0daf429eb4811.txt#1"]),
        ("BV huu nghi da khoa Nghe An", ["health/115_eb7103700936a75f.txt#0"]),
        ("KH SYT TP HCM", ["corpus/002_08d73f6826bb5330.txt#1"]),
        ("hoi dong nhan dan", ["dev/01_kh215_ubnd_nghean.txt#0", "health/100_16682e2257d86b92.txt#0"]),
    ])
    func abbreviationQueryFindsItsTargetFirst(_ q: String, _ targets: [String]) throws {
        let ids = CLI.ids(try Self.search(q).json?["results"])
        #expect(ids.first.map(targets.contains) == true, "\(q): \(ids.prefix(3))")
    }

    @Test func userTableInTheDatabaseFolderAndByOption() throws {
        let dir = CLI.tempDir("abbr")
        let docs = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try "SỞ XÂY DỰNG TỈNH NGHỆ AN\nSố: 12/SXD-QLDA\nNghệ An, ngày 3 tháng 3 năm 2026\nV/v quyết toán công trình\nBan quản lý dự án đầu tư xây dựng gửi hồ sơ quyết toán.\n"
            .write(to: docs.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("db").path
        #expect(try CLI.run(["index", docs.path, "--db", db]).code == 0)
        #expect(CLI.ids(try Self.search("BQLDA", db: db).json?["results"]).isEmpty)
        // A table next to the index.
        try "# ours\nBQLDA\tBan quản lý dự án\n".write(toFile: db + "/abbreviations.tsv", atomically: true, encoding: .utf8)
        #expect(CLI.ids(try Self.search("BQLDA", db: db).json?["results"]) == ["a.txt#0"])
        let listed = try CLI.run(["abbreviations", "--db", db])
        #expect(listed.out.contains("BQLDA\tBan quản lý dự án"))
        #expect(listed.out.contains("UBND\tỦy ban nhân dân"))
        // A table given by option; a broken one is refused.
        let extra = dir.appendingPathComponent("extra.tsv").path
        try "QLDA\tquản lý dự án\n".write(toFile: extra, atomically: true, encoding: .utf8)
        #expect(CLI.ids(try Self.search("QLDA", ["--abbreviations", extra], db: db).json?["results"]) == ["a.txt#0"])
        try "QLDA has no tab\n".write(toFile: extra, atomically: true, encoding: .utf8)
        #expect(try Self.search("QLDA", ["--abbreviations", extra], db: db).code == 2)
        #expect(try Self.search("QLDA", ["--abbreviations", dir.appendingPathComponent("missing.tsv").path], db: db).code == 2)
    }

    // MARK: Words that stand together

    @Test func syllablesStandingTogetherRankAboveScatteredOnes() throws {
        let together = Set(CLI.ids(try Self.search("\"lề lối làm việc\"", ["--limit", "100"]).json?["results"]))
        #expect(together.count >= 5)
        let scattered = "search/syt-camau-tb.txt#0"  // lề … lối … làm việc, never together
        #expect(!together.contains(scattered))
        for q in ["lề lối làm việc", "le loi lam viec"] {
            let ids = CLI.ids(try Self.search(q, ["--limit", "100"]).json?["results"])
            guard let s = ids.firstIndex(of: scattered) else {
                Issue.record("\(q): the scattered document is lost: \(ids)")
                continue
            }
            for id in together {
                guard let k = ids.firstIndex(of: id) else { Issue.record("\(q): \(id) missing"); continue }
                #expect(k < s, "\(q): \(id) at \(k) is below the scattered document at \(s)")
            }
        }
    }

    // MARK: Snippets

    @Test func unaccentedQueryShowsTheAccentedWordsAtTheRightLine() throws {
        let hits = Self.results(try Self.search("chan chinh le loi", ["--limit", "5"]))
        #expect(hits.count == 5)
        for hit in hits {
            let id = hit["id"] as? String ?? ""
            let snippet = (hit["snippet"] as? String ?? "").lowercased()
            let text = (try CLI.run(["show", id, "--db", Self.db, "--json"]).json?["text"] as? String) ?? ""
            // The best passage: where the words stand together, shown with their accents.
            if text.lowercased().contains("chấn chỉnh lề lối") {
                #expect(snippet.contains("chấn chỉnh lề lối"), "\(id): \(snippet)")
            }
            // The line named is the line the passage starts on.
            let line = hit["snippet_line"] as? Int ?? 0
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(line >= 1 && line <= lines.count)
        }
    }

    @Test func pagesOfPagedTextAreNamed() throws {
        let dir = CLI.tempDir("pages")
        let docs = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let page1 = "SỞ Y TẾ TỈNH NGHỆ AN\nSố: 5/BC-SYT\nNghệ An, ngày 1 tháng 6 năm 2026\nBÁO CÁO\nKết quả công tác quý II\n" + String(repeating: "Nội dung trang một.\n", count: 5)
        let page2 = "Trang hai nói về tiêm chủng mở rộng cho trẻ em.\n"
        try (page1 + "\u{0C}" + page2).write(to: docs.appendingPathComponent("p.txt"), atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("db").path
        #expect(try CLI.run(["index", docs.path, "--db", db]).code == 0)
        let hit = Self.results(try Self.search("tiem chung mo rong", db: db)).first
        #expect(hit?["snippet_page"] as? Int == 2)
        #expect((hit?["snippet"] as? String)?.contains("tiêm chủng mở rộng") == true)
        // Text without pages has no page number.
        #expect(Self.results(try Self.search("chan chinh")).first?["snippet_page"] == nil)
    }

    // MARK: Suggestions

    @Test func suggestionsComeFromTheArchiveWithItsAccents() throws {
        #expect(try Self.search("Quynh Luo").json?["suggestion"] as? String == "Quỳnh Lưu")
        #expect(try Self.search("chan chinh le loi lam vjec").json?["suggestion"] as? String == "chấn chỉnh lề lối làm việc")
        #expect(try Self.search("sot xuat huyet dengeu").json?["suggestion"] as? String == "sốt xuất huyết dengue")
        // Field prefixes are kept as typed.
        #expect(try Self.search("loai:BC Quynh Luo").json?["suggestion"] as? String == "loai:BC Quỳnh Lưu")
        // Nothing to suggest for a query the archive knows, or for a word far from every word.
        #expect(try Self.search("chấn chỉnh lề lối").json?["suggestion"] == nil)
        #expect(try Self.search("xyzzyq").json?["suggestion"] == nil)
        let text = try CLI.run(["search", "Quynh Luo", "--db", Self.db])
        #expect(text.out.contains("có phải ý bạn là: Quỳnh Lưu"))
    }

    // MARK: Explain

    @Test func explainAddsUpToTheScore() throws {
        let r = try Self.search("le loi lam viec ubnd", ["--explain", "--limit", "5"])
        let hits = Self.results(r)
        #expect(hits.count == 5)
        for h in hits {
            let e = h["explain"] as? [String: Any]
            let parts = (e?["parts"] as? [[String: Any]]) ?? []
            let sum = parts.reduce(0.0) { $0 + (($1["weight"] as? Double) ?? 0) }
            let score = h["score"] as? Double ?? -1
            #expect(abs(sum - score) <= 0.002 * max(score, 1), "\(h["id"] ?? ""): parts \(sum) vs score \(score)")
        }
        let labels = hits.flatMap { (($0["explain"] as? [String: Any])?["parts"] as? [[String: Any]]) ?? [] }.compactMap { $0["label"] as? String }
        #expect(labels.contains("together: le loi"))
        #expect(labels.contains("ubnd = Ủy ban nhân dân"))
        let pinned = Self.results(try Self.search("KH 6757", ["--explain"])).first?["explain"] as? [String: Any]
        #expect(pinned?["pinned"] as? Bool == true)
        let text = try CLI.run(["search", "lề lối làm việc", "--explain", "--limit", "1", "--db", Self.db])
        #expect(text.out.contains("liền nhau: lề lối"))
        #expect(text.out.contains("điểm "))
    }

    /// Scores and order do not depend on --limit, and no document comes twice (Xapian 1.4 does both
    /// when phrase boosts sit under one OR beneath AND_MAYBE).
    @Test func scoresDoNotDependOnTheLimit() throws {
        for q in ["So Y te Can Tho nam 2025", "ke hoach So Y te Can Tho nam 2025", "hoach nam 2025"] {
            var seen: [String: Double] = [:]
            for limit in 1...8 {
                let hits = Self.results(try Self.search(q, ["--limit", String(limit)]))
                let ids = hits.compactMap { $0["id"] as? String }
                #expect(Set(ids).count == ids.count, "\(q) --limit \(limit): \(ids)")
                for h in hits {
                    let id = h["id"] as! String, s = h["score"] as! Double
                    if let before = seen[id] { #expect(abs(before - s) < 1e-9, "\(q): \(id) \(before) vs \(s) at --limit \(limit)") }
                    seen[id] = s
                }
            }
        }
    }

    @Test func excludingAnAccentedWordKeepsItsOtherAccents() throws {
        // "-đôn" excludes "đôn đốc", not every "đơn vị".
        let withPhrase = Set(CLI.ids(try Self.search("\"số hóa hồ sơ\"", ["--limit", "50"]).json?["results"]))
        let without = Set(CLI.ids(try Self.search("\"số hóa hồ sơ\" -đôn", ["--limit", "50"]).json?["results"]))
        #expect(!without.isEmpty)
        #expect(without.isSubset(of: withPhrase))
        #expect(without.count < withPhrase.count)
    }
}

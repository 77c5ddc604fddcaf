import Foundation
import Testing

@Suite("vanban on the seed corpus")
struct CorpusTests {
    @Test func indexThenSearchListsSeedDocuments() throws {
        let r = try CLI.run(["search", "Kế hoạch", "--db", CLI.corpusDB, "--json"])
        #expect(r.code == 0, "\(r.err)")
        let ids = CLI.ids(r.json?["results"])
        #expect(ids.contains("002_08d73f6826bb5330.txt#1"))
        #expect(ids.contains("004_e05cffab4db0f5af.txt#0"))
    }

    @Test func unaccentedAndAccentedQueriesFindTheSeedPlans() throws {
        for q in ["chan chinh le loi", "chấn chỉnh lề lối"] {
            let r = try CLI.run(["search", q, "--db", CLI.corpusDB, "--json"])
            #expect(r.code == 0)
            let ids = CLI.ids(r.json?["results"])
            #expect(ids.contains("002_08d73f6826bb5330.txt#1"), "\(q): \(ids)")
            #expect(ids.contains("004_e05cffab4db0f5af.txt#0"), "\(q): \(ids)")
        }
    }

    @Test func numberQueryPutsThatDocumentFirst() throws {
        for q in ["KH 6757", "6757/KH-SYT", "kế hoạch 6757"] {
            let r = try CLI.run(["search", q, "--db", CLI.corpusDB, "--json"])
            #expect(CLI.ids(r.json?["results"]).first == "002_08d73f6826bb5330.txt#1", "\(q)")
            // The pinned document is chosen from headers, then shown whole: its snippet has the number.
            let first = (r.json?["results"] as? [[String: Any]])?.first
            #expect((first?["snippet"] as? String)?.contains("6757") == true, "\(q)")
        }
    }

    @Test func answersKH6757IsTheOnTimeReport660() throws {
        let r = try CLI.run(["answers", "KH 6757", "--db", CLI.corpusDB, "--json"])
        #expect(r.code == 0, "\(r.err)")
        let reports = (r.json?["reports"] as? [[String: Any]]) ?? []
        #expect(reports.count == 1)
        #expect(reports.first?["number"] as? String == "660/BC-TTYT")
        #expect(reports.first?["on_time"] as? Bool == true)
    }

    @Test func citesTransitiveReachesEverySeedDocumentCarryingOutTheConclusion() throws {
        let r = try CLI.run(["cites", "226-KL/TW", "--transitive", "--db", CLI.corpusDB, "--json"])
        #expect(r.code == 0, "\(r.err)")
        let ids = Set(CLI.ids(r.json?["results"]))
        for id in ["001_922092c7574fa99d.txt#0", "002_08d73f6826bb5330.txt#0", "002_08d73f6826bb5330.txt#1", "004_e05cffab4db0f5af.txt#0"] {
            #expect(ids.contains(id), "\(id) missing from \(ids)")
        }
        let dot = try CLI.run(["cites", "226-KL/TW", "--transitive", "--format", "dot", "--db", CLI.corpusDB])
        #expect(dot.out.hasPrefix("digraph"))
        #expect(dot.out.contains("->"))
    }

    @Test func obligationsAsOfNovember() throws {
        let r = try CLI.run(["obligations", "--as-of", "2026-11-22", "--db", CLI.corpusDB, "--json"])
        #expect(r.code == 0, "\(r.err)")
        let obl = (r.json?["obligations"] as? [[String: Any]]) ?? []
        func status(_ number: String, _ due: String) -> String? {
            obl.first { (($0["plan"] as? [String: Any])?["number"] as? String) == number && $0["due"] as? String == due }?["status"] as? String
        }
        #expect(status("4245/KH-SYT", "2026-06-02") == "overdue")
        #expect(status("4245/KH-SYT", "2026-12-01") == "upcoming")
        #expect(status("6757/KH-SYT", "2026-12-05") == "upcoming")
        #expect(status("6757/KH-SYT", "2026-06-05") == "fulfilled")
    }

    @Test func accentedQueryRanksExactAccentsFirst() throws {
        let dir = CLI.tempDir("accents")
        let docs = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try "Số: 1/KH-ABC\nTổ chức quán triệt nội dung kế hoạch đến toàn thể cán bộ.".write(to: docs.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "Số: 2/KH-ABC\nQuan hệ phối hợp; quan tâm, quan sát và quan điểm của các đơn vị quan trọng.".write(to: docs.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("db").path
        _ = try CLI.run(["index", docs.path, "--db", db])
        let r = try CLI.run(["search", "quán", "--db", db, "--json"])
        #expect(CLI.ids(r.json?["results"]) == ["a.txt#0", "b.txt#0"])
        let plain = try CLI.run(["search", "quan", "--db", db, "--json"])
        #expect(Set(CLI.ids(plain.json?["results"])) == ["a.txt#0", "b.txt#0"])
        let exact = try CLI.run(["search", "quán", "--exact", "--db", db, "--json"])
        #expect(CLI.ids(exact.json?["results"]) == ["a.txt#0"])
    }

    @Test func refsShowAndList() throws {
        let refs = try CLI.run(["refs", "KH 4245", "--db", CLI.corpusDB, "--json"])
        #expect(refs.code == 0, "\(refs.err)")
        let list = (refs.json?["references"] as? [[String: Any]]) ?? []
        let byNumber = Dictionary(list.map { (($0["number"] as? String) ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byNumber["498/KH-UBND"]?["relation"] as? String == "implements")
        #expect(byNumber["534/QĐ-TTg"]?["relation"] as? String == "cites")
        #expect(byNumber["226-KL/TW"]?["resolved"] is NSNull)
        let show = try CLI.run(["show", "6757/KH-SYT", "--db", CLI.corpusDB, "--json"])
        #expect(show.json?["issuer"] as? String == "Sở Y tế Thành phố Hồ Chí Minh")
        #expect((show.json?["text"] as? String)?.contains("Kết luận số 226-KL/TW") == true)
        let text = try CLI.run(["show", "002_08d73f6826bb5330.txt#0", "--db", CLI.corpusDB])
        #expect(text.out.contains("660/BC-TTYT"))
        let docs = try CLI.run(["list", "--type", "KH", "--db", CLI.corpusDB, "--json"])
        #expect(CLI.ids(docs.json?["documents"]) == ["004_e05cffab4db0f5af.txt#0", "002_08d73f6826bb5330.txt#1"])
        let all = try CLI.run(["list", "--db", CLI.corpusDB, "--json"])
        #expect(CLI.ids(all.json?["documents"]).count == 6)
    }

    @Test func foldAndAnalyze() throws {
        let r = try CLI.run(["fold"], stdin: "Chấn chỉnh lề lối, làm việc!\nĐồng Tháp\n")
        #expect(r.out == "chan chinh le loi lam viec\ndong thap\n")
        let a = try CLI.run(["analyze", "Kế hoạch số 6757/KH-SYT", "--tokens", "--json"])
        let toks = (a.json?["tokens"] as? [[String: Any]]) ?? []
        #expect(toks.contains { $0["folded"] as? String == "6757/kh-syt" && $0["kind"] as? String == "compound" })
        #expect(toks.contains { $0["folded"] as? String == "ke" && $0["exact"] as? String == "kế" })
        // By default: the terms the index holds, field by field.
        let held = try CLI.run(["analyze", "Số: 06/KH-SYT\nKế hoạch phòng chống dịch", "--json"])
        let docs = (held.json?["documents"] as? [[String: Any]]) ?? []
        let terms = (docs.first?["terms"] as? [[String: Any]]) ?? []
        func has(_ field: String, _ term: String) -> Bool { terms.contains { $0["field"] as? String == field && $0["term"] as? String == term } }
        #expect(has("text", "06") && has("text", "6") && has("exact", "XEkế") && has("pair", "XBke hoach"))
        #expect(has("number", "XN06/kh-syt") && has("type", "XTKH"))
    }
}

@Suite("vanban errors: clear message, documented exit code, no crash")
struct ErrorTests {
    @Test func missingDatabase() throws {
        let r = try CLI.run(["search", "x", "--db", "/nonexistent/vanban-db"])
        #expect(r.code == 4)
        #expect(r.err.contains("chưa có chỉ mục"))
        #expect(r.err.split(separator: "\n").count == 1)
    }

    @Test func unreadableREF() throws {
        let r = try CLI.run(["show", "???", "--db", CLI.corpusDB])
        #expect(r.code == 2)
        #expect(r.err.hasPrefix("vanban: lỗi:"))
    }

    @Test func unknownREF() throws {
        let r = try CLI.run(["show", "KH 999999", "--db", CLI.corpusDB])
        #expect(r.code == 4)
    }

    @Test func ambiguousREFListsCandidates() throws {
        let r = try CLI.run(["answers", "1268/KH-SGDĐT", "--db", CLI.devDB, "--json"])
        #expect(r.code == 3)
        #expect(r.err.contains("--year"))
        let cands = (r.json?["candidates"] as? [[String: Any]]) ?? []
        #expect(cands.count == 2)
        let narrowed = try CLI.run(["answers", "1268/KH-SGDĐT", "--year", "2025", "--db", CLI.devDB, "--json"])
        #expect(narrowed.code == 0)
    }

    @Test func malformedQueriesNeverCrash() throws {
        let long = String(repeating: "chấn chỉnh ", count: 900)
        for q in ["\"unbalanced", "((a OR b", "))", "!!!...", "AND", "NOT", "-", "so:", "loai:", "khongco:xyz", long] {
            let r = try CLI.run(["search", q, "--db", CLI.corpusDB, "--json"])
            // 1: nothing found (the empty result is printed).
            #expect(r.code == 0 || r.code == 1 || r.code == 2, "\(q.prefix(30)): \(r.code) \(r.err)")
            #expect(r.code != 2 ? r.json != nil : r.err.hasPrefix("vanban: lỗi:"))
        }
        let bad = try CLI.run(["search", "ngay:2026-13-45", "--db", CLI.corpusDB])
        #expect(bad.code == 2)
        let asOf = try CLI.run(["obligations", "--as-of", "2026-02-30", "--db", CLI.corpusDB])
        #expect(asOf.code == 2)
    }

    @Test func badFilesAreSkippedWithWarnings() throws {
        let dir = CLI.tempDir("bad")
        let docs = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try Data().write(to: docs.appendingPathComponent("empty.txt"))
        try Data([0x00, 0x01, 0x02, 0xFF, 0x00]).write(to: docs.appendingPathComponent("binary.bin"))
        try "Số: 5/KH-ABC\nKế hoạch chấn chỉnh.".write(to: docs.appendingPathComponent("good.txt"), atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("db").path
        let r = try CLI.run(["index", docs.path, "--db", db])
        #expect(r.code == 6)
        #expect(r.err.contains("empty.txt"))
        #expect(r.err.contains("binary.bin"))
        let l = try CLI.run(["list", "--db", db, "--json"])
        #expect(CLI.ids(l.json?["documents"]) == ["good.txt#0"])
    }

    @Test func reindexingUnchangedFilesChangesNothing() throws {
        let dir = CLI.tempDir("incr")
        let db = dir.appendingPathComponent("db").path
        _ = try CLI.run(["index", CLI.root.appendingPathComponent("corpus").path, "--db", db])
        let again = try CLI.run(["index", CLI.root.appendingPathComponent("corpus").path, "--db", db, "--json"])
        #expect(again.json?["unchanged"] as? Int == 5)
        #expect(again.json?["documents"] as? Int == 0)
        #expect(again.json?["total_documents"] as? Int == 6)
    }
}

@Suite("dev sets scored by the official scorer")
struct ScoreTests {
    @Test(arguments: ["dev", "dev-health", "dev-real"])
    func everyMetricReachesThreshold(set: String) throws {
        let script = CLI.root.appendingPathComponent("Tests/Fixtures/eval/score.py").path
        let dir = CLI.root.appendingPathComponent("Tests/Fixtures/eval/\(set)").path
        let r = try CLI.run(["python3", script, "--vanban", CLI.binary, dir], executable: "/usr/bin/env")
        print(r.out)
        #expect(r.code == 0, "\(set):\n\(r.out)\n\(r.err)")
    }
}

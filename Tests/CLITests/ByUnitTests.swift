import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `obligations --by-unit` and `remind` on the by-unit fixture set (Tests/Fixtures/by-unit, gold
/// in its gold.json): every unit × due cell, the per-obligation statuses, the JSON contract, and the
/// reminder letters read back by vanban's own parser (text and .docx).
@Suite("obligations unit by unit and reminder letters")
struct ByUnitTests {
    static let fixtures = CLI.root.appendingPathComponent("Tests/Fixtures/by-unit")

    nonisolated(unsafe) static let gold: [String: Any] = {
        let data = try! Data(contentsOf: fixtures.appendingPathComponent("gold.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    /// The fixture documents (not the README or gold) indexed once.
    static let db: String = {
        let dir = CLI.tempDir("by-unit")
        let docs = dir.appendingPathComponent("docs")
        try! FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        for f in try! FileManager.default.contentsOfDirectory(atPath: fixtures.path) where f.hasSuffix(".txt") {
            try! FileManager.default.copyItem(at: fixtures.appendingPathComponent(f), to: docs.appendingPathComponent(f))
        }
        let db = dir.appendingPathComponent("db").path
        let r = try! CLI.run(["index", docs.path, "--db", db])
        precondition(r.code == 0, "indexing the by-unit fixtures failed: \(r.err)")
        return db
    }()

    static var asOf: String { gold["as_of"] as! String }
    static var plans: [[String: Any]] { gold["plans"] as! [[String: Any]] }

    /// unit → due → "status report,report" of a by-unit JSON answer (units as the CLI lists them).
    static func cells(_ units: [[String: Any]]) -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for u in units {
            let key = "\(u["unit"] as! String) (\(u["source"] as! String))"
            var row: [String: String] = [:]
            for o in u["obligations"] as! [[String: Any]] {
                let reports = (o["reports"] as! [[String: Any]]).map { $0["id"] as! String }
                row[o["due"] as? String ?? "-"] = (o["status"] as! String) + " " + reports.joined(separator: ",")
            }
            out[key] = row
        }
        return out
    }

    static func goldCells(_ plan: [String: Any]) -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for u in plan["units"] as! [[String: Any]] {
            var row: [String: String] = [:]
            for c in u["cells"] as! [[String: Any]] {
                row[c["due"] as! String] = (c["status"] as! String) + " " + (c["reports"] as! [String]).joined(separator: ",")
            }
            out["\(u["unit"] as! String) (\(u["source"] as! String))"] = row
        }
        return out
    }

    @Test func everyUnitDueCellIsRight() throws {
        for plan in Self.plans {
            let id = plan["plan_doc"] as! String
            let r = try CLI.run(["obligations", "--plan", id, "--by-unit", "--as-of", Self.asOf, "--db", Self.db, "--json"])
            #expect(r.code == 0, "\(r.err)")
            let json = try #require(r.json)
            // The contract: {"plan": document, "as_of", "units": [{"unit", "source", "obligations": [{"what",
            // "due", "recurrence", "status", "reports": [{"id","file","index_in_file","number","date"}]}]}]}.
            #expect(Array(json.keys).sorted() == ["as_of", "plan", "units"])
            #expect((json["plan"] as? [String: Any])?["id"] as? String == id)
            #expect(((json["plan"] as? [String: Any])?["obligations"] as? [Any]) != nil, "plan is a whole document")
            #expect(json["as_of"] as? String == Self.asOf)
            let units = try #require(json["units"] as? [[String: Any]])
            for u in units {
                #expect(Set(u.keys) == ["unit", "source", "obligations"])
                for o in u["obligations"] as! [[String: Any]] {
                    #expect(Set(o.keys) == ["what", "due", "recurrence", "status", "reports"])
                    for rep in o["reports"] as! [[String: Any]] { #expect(Set(rep.keys) == ["id", "file", "index_in_file", "number", "date"]) }
                }
            }
            let got = Self.cells(units), want = Self.goldCells(plan)
            #expect(got == want, "\(id)")
            // Units in the plan's order: named and listed units first, as the gold lists them.
            #expect(units.map { $0["unit"] as! String } == (plan["units"] as! [[String: Any]]).map { $0["unit"] as! String })
        }
    }

    /// The per-obligation JSON keeps its contract; its status is the worst of its units'; the
    /// regime's parts are read from the plan.
    @Test func perObligationStatusIsTheWorstOfItsUnits() throws {
        let r = try CLI.run(["obligations", "--as-of", Self.asOf, "--db", Self.db, "--json"])
        #expect(r.code == 0, "\(r.err)")
        let list = try #require(r.json?["obligations"] as? [[String: Any]])
        for o in list {
            #expect(Set(o.keys) == ["what", "due", "recurrence", "reporter", "recipient", "cutoff", "channel", "template", "status", "plan", "reports", "span"])
        }
        for plan in Self.plans {
            let id = plan["plan_doc"] as! String
            let mine = list.filter { ($0["plan"] as? [String: Any])?["id"] as? String == id }
            let want = (plan["obligations"] as! [[String: Any]]).map {
                "\($0["due"]!) \($0["recurrence"]!) \($0["status"]!) " + ($0["reports"] as! [String]).joined(separator: ",")
            }
            let got = mine.map {
                "\($0["due"]!) \($0["recurrence"]!) \($0["status"]!) " + ($0["reports"] as! [[String: Any]]).map { $0["id"] as! String }.joined(separator: ",")
            }
            // Within a plan, obligations come in due-date order (the order people read them in).
            #expect(got == want.sorted(), "\(id)")
            if let regime = plan["regime"] as? [String: Any] {
                let o = try #require(mine.first { $0["due"] as? String == regime["due"] as? String })
                #expect(o["cutoff"] as? [String: String] == regime["cutoff"] as? [String: String])
                #expect(o["channel"] as? String == regime["channel"] as? String)
                #expect(o["template"] as? String == regime["template"] as? String)
            }
        }
        // A request for more time and a reminder letter cite the plan: never reports.
        let never = Set(Self.gold["never_reports"] as! [String])
        for o in list { for rep in o["reports"] as! [[String: Any]] { #expect(!never.contains(rep["id"] as! String)) } }
    }

    /// The whole archive by unit: every plan, the same units as one plan at a time; `--status`
    /// keeps the units with a due date of that status, and only those dates.
    @Test func wholeArchiveAndStatusFilter() throws {
        let r = try CLI.run(["obligations", "--by-unit", "--as-of", Self.asOf, "--db", Self.db, "--json"])
        #expect(r.code == 0, "\(r.err)")
        let plans = try #require(r.json?["plans"] as? [[String: Any]])
        #expect(plans.count == Self.plans.count)
        for p in plans {
            let id = (p["plan"] as! [String: Any])["id"] as! String
            let plan = try #require(Self.plans.first { $0["plan_doc"] as? String == id })
            #expect(Self.cells(p["units"] as! [[String: Any]]) == Self.goldCells(plan))
        }
        let overdue = try CLI.run(["obligations", "--by-unit", "--status", "overdue", "--as-of", Self.asOf, "--db", Self.db, "--json"])
        var want: [String: Set<String>] = [:]
        for plan in Self.plans {
            for (unit, row) in Self.goldCells(plan) {
                for (due, cell) in row where cell.hasPrefix("overdue") { want[unit, default: []].insert(due) }
            }
        }
        var got: [String: Set<String>] = [:]
        for p in try #require(overdue.json?["plans"] as? [[String: Any]]) {
            for (unit, row) in Self.cells(p["units"] as! [[String: Any]]) {
                for (due, cell) in row {
                    #expect(cell.hasPrefix("overdue"))
                    got[unit, default: []].insert(due)
                }
            }
        }
        #expect(got == want)
        // On a terminal: a row per unit, a column per due date, a mark per cell.
        let text = try CLI.run(["obligations", "--plan", "KH 1865", "--by-unit", "--as-of", Self.asOf, "--db", Self.db])
        #expect(text.code == 0)
        let lines = text.out.split(separator: "\n").map(String.init)
        // Each row its own line (not the matrix on one line with its newlines escaped).
        #expect(!text.out.contains("\\n"))
        #expect(lines.count == 9, "\(lines)")
        let kyAnh = try #require(lines.first { $0.contains("Trung tâm Y tế huyện Kỳ Anh") })
        #expect(kyAnh.hasPrefix("  Trung tâm Y tế huyện Kỳ Anh (recipients)"))
        #expect(kyAnh.contains("✘") && kyAnh.contains("! 06-25") && kyAnh.contains("✔ 09-15"))
        #expect(lines.contains { $0.contains("2026-06-10") && $0.contains("2026-09-20") && $0.contains("2027-06-10") })
    }

    // MARK: - Reminder letters

    /// Each gold reminder is addressed to the units that still owe, and reads back, as text and
    /// as .docx, as a công văn đôn đốc of the plan's issuer citing the plan, its number blank.
    @Test func reminderLettersReadBack() throws {
        let out = CLI.tempDir("letters")
        defer { try? FileManager.default.removeItem(at: out) }
        var expected: [String: [String]] = [:]
        for (k, g) in (Self.gold["reminders"] as! [[String: Any]]).enumerated() {
            let args = ["remind", "--plan", g["plan"] as! String, "--due", g["due"] as! String, "--as-of", g["as_of"] as! String, "--db", Self.db]
            let addressees = g["addressees"] as! [String]
            let text = try CLI.run(args)
            #expect(text.code == 0, "\(text.err)")
            if addressees.isEmpty {
                #expect(text.out.isEmpty && text.err.contains("không cần công văn đôn đốc"), "\(text.err)")
                let en = try CLI.run(args + ["--lang", "en"])
                #expect(en.out.isEmpty && en.err.contains("no letter"), "\(en.err)")
                continue
            }
            #expect(text.out.contains("Số:        /SYT"))
            #expect(text.out.contains("V/v đôn đốc"))
            #expect(text.out.contains("Kế hoạch số \(g["plan"] as! String)"))
            try text.out.write(to: out.appendingPathComponent("letter\(k).txt"), atomically: true, encoding: .utf8)
            let docx = out.appendingPathComponent("letter\(k).docx").path
            let written = try CLI.run(args + ["--format", "docx", "--output", docx])
            #expect(written.code == 0, "\(written.err)")
            try Self.checkPackage(docx)
            expected["letter\(k).txt#0"] = addressees
            expected["letter\(k).docx#0"] = addressees
        }
        // Read back by vanban itself: a công văn (no number yet) of the plan's issuer and date,
        // addressed to the units that owe, about a reminder, citing the plan.
        let db = out.appendingPathComponent("db").path
        let idx = try CLI.run(["index", out.path, "--db", db])
        #expect(idx.code == 0 || idx.code == 6, "\(idx.err)")
        let listed = try #require(try CLI.run(["list", "--db", db, "--json"]).json?["documents"] as? [[String: Any]])
        #expect(Set(listed.compactMap { $0["id"] as? String }) == Set(expected.keys))
        for d in listed {
            let id = d["id"] as! String
            #expect(d["type"] as? String == "CV", "\(id)")
            #expect(d["number"] is NSNull, "\(id)")
            #expect(d["issuer"] as? String == "Sở Y tế tỉnh Hà Tĩnh", "\(id)")
            #expect(d["recipients"] as? [String] == expected[id], "\(id)")
            #expect((d["subject"] as? String)?.hasPrefix("đôn đốc") == true, "\(id)")
            #expect((d["references"] as? [[String: Any]])?.contains { $0["number"] as? String == "1865/KH-SYT" } == true, "\(id)")
            #expect(d["signer"] as? String == "Nguyễn Văn Hùng", "\(id)")
        }
    }

    /// A .docx is a zip whose parts are well-formed XML, with the package's content types and
    /// relationships, as Word needs them.
    static func checkPackage(_ path: String) throws {
        let dir = CLI.tempDir("unzip")
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        p.arguments = ["-q", path, "-d", dir.path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        for part in ["[Content_Types].xml", "_rels/.rels", "word/document.xml"] {
            let data = try Data(contentsOf: dir.appendingPathComponent(part))
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(part) is not well-formed: \(String(describing: parser.parserError))")
        }
        let doc = try String(contentsOf: dir.appendingPathComponent("word/document.xml"), encoding: .utf8)
        #expect(doc.contains("Kính gửi") && doc.contains("<w:tbl>") && doc.contains("w:pgSz"))
    }

    @Test func reminderRefusesADateThatIsNoDueDate() throws {
        let r = try CLI.run(["remind", "--plan", "KH 1865", "--due", "2026-06-11", "--as-of", Self.asOf, "--db", Self.db])
        #expect(r.code == 2)
        #expect(r.err.contains("2026-06-10") && r.err.contains("2026-09-20"))
        let bad = try CLI.run(["remind", "--plan", "KH 1865", "--due", "2026-06-10", "--format", "pdf", "--db", Self.db])
        #expect(bad.code == 64)
    }
}

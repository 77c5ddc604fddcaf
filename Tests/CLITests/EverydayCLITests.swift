import Foundation
import Testing

/// The CLI as office staff and shell users expect it (issue 23): the real binary, on the seed
/// corpus and the dev sets.
@Suite("vanban as people type it and read it")
struct EverydayCLITests {
    static var corpus: String { CLI.corpusDB }
    static var dev: String { CLI.devDB }

    static func json(_ args: [String], db: String = corpus) throws -> [String: Any] {
        let r = try CLI.run(args + ["--db", db, "--json"])
        return r.json ?? [:]
    }

    /// Lines of stdout, without the empty ones.
    static func lines(_ s: String) -> [String] { s.split(separator: "\n").map(String.init) }

    /// Columns a line takes (what the terminal shows).
    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            switch u.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: return n
            default: return n + 1
            }
        }
    }

    // MARK: 1. Input as people type it

    @Test func wordsWithoutQuotesAndAQueryThatStartsWithADash() throws {
        let quoted = try CLI.run(["search", "le loi lam viec", "--db", Self.corpus, "--json"])
        let words = try CLI.run(["search", "le", "loi", "lam", "viec", "--db", Self.corpus, "--json"])
        #expect(words.code == 0, "\(words.err)")
        #expect(CLI.ids(words.json?["results"]) == CLI.ids(quoted.json?["results"]))
        let found = CLI.ids(words.json?["results"])
        #expect(!found.isEmpty)
        // Options before, between and after the words.
        let mixed = try CLI.run(["search", "--limit", "2", "le", "loi", "--db", Self.corpus, "lam", "viec", "--json"])
        #expect(CLI.ids(mixed.json?["results"]) == Array(CLI.ids(quoted.json?["results"]).prefix(2)))
        // -họp: every document with "chấn chỉnh" but without "họp".
        let all = CLI.ids(try Self.json(["search", "chấn", "chỉnh", "--limit", "50"])["results"])
        let without = try CLI.run(["search", "-họp", "chấn", "chỉnh", "--limit", "50", "--db", Self.corpus, "--json"])
        #expect(without.code == 0, "\(without.err)")
        let kept = CLI.ids(without.json?["results"])
        #expect(!kept.isEmpty && kept.count < all.count, "\(kept) of \(all)")
        for id in kept {
            let text = (try Self.json(["show", id])["text"] as? String) ?? ""
            #expect(!text.lowercased().contains("họp"), "\(id) has họp")
        }
        // -h alone is still help; a mistyped option is an error, not a query word.
        let help = try CLI.run(["search", "-h"])
        #expect(help.code == 0 && help.out.contains("USAGE"))
        let typo = try CLI.run(["search", "--limt", "3", "chan", "--db", Self.corpus])
        #expect(typo.code == 64)
        #expect(typo.err.contains("'--limit'"), "\(typo.err)")
        #expect(try CLI.run(["search", "--db", Self.corpus]).code == 64)
    }

    @Test(arguments: ["6757/KH-SYT", "số 6757/KH-SYT", "Số: 6757/KH-SYT", "Kế hoạch số 6757/KH-SYT",
                      "Kế hoạch số 6757/KH-SYT ngày 22/5/2026", "KH 6757", "KH-6757", "kh6757", "KH6757", "kh 6757",
                      "6757/KH", "(6757/KH-SYT).", "“6757/KH-SYT”", "kế hoạch số 6757"])
    func everyREFFormAPersonCopiesResolves(ref: String) throws {
        let r = try CLI.run(["show", ref, "--db", Self.corpus, "--json"])
        #expect(r.code == 0, "\(ref): \(r.err)")
        #expect(r.json?["id"] as? String == "002_08d73f6826bb5330.txt#1", "\(ref)")
    }

    @Test func refFormsOnTheDevSets() throws {
        // KH-215 and "Kết luận số 226-KL/TW" as copied from the documents that cite them.
        let kh = try CLI.run(["show", "KH-215", "--db", Self.dev, "--json"])
        #expect(kh.code == 0, "\(kh.err)")
        #expect(kh.json?["number"] as? String == "215/KH-UBND")
        let kl = try CLI.run(["cites", "Kết luận số 226-KL/TW", "--db", Self.dev, "--json"])
        #expect(kl.code == 0, "\(kl.err)")
        #expect(CLI.ids(kl.json?["results"]).count >= 3)
        #expect(CLI.ids(kl.json?["results"]) == CLI.ids(try Self.json(["cites", "226-KL/TW"], db: Self.dev)["results"]))
    }

    @Test func anIDThatDoesNotExistIsNotFound() throws {
        for id in ["nope.txt#3", "002_08d73f6826bb5330.txt#9"] {
            let r = try CLI.run(["show", id, "--db", Self.corpus])
            #expect(r.code == 4, "\(id): \(r.code) \(r.err)")
            #expect(r.err.contains("không có văn bản nào mang mã \(id)"), "\(r.err)")
        }
        #expect(try CLI.run(["cites", "nope.txt#3", "--db", Self.corpus]).code == 4)
    }

    @Test func anAmbiguousREFOffersTheIDsItLists() throws {
        let r = try CLI.run(["answers", "1268/KH-SGDĐT", "--db", Self.dev])
        #expect(r.code == 3)
        let ids = ["02_kh1268_sgddt_nghean.txt#0", "09_soctrang_mytu.txt#1"]
        for id in ids { #expect(r.err.contains("[\(id)]"), "\(r.err)") }
        // The hint names a command that runs.
        let hint = Self.lines(r.err).last ?? ""
        #expect(hint.contains("vanban answers \(ids[0])"), "\(hint)")
        #expect(try CLI.run(["answers", ids[0], "--db", Self.dev]).code == 0)
    }

    @Test func aREFShapedSearchWithoutSuchADocumentSearchesTheNumber() throws {
        let (docs, db) = try CLI.folder("refsearch", [
            "cites.txt": "Số: 12/BC-ABC\nBáo cáo kết quả thực hiện Kế hoạch số 999999/KH-XYZ của Ủy ban.\n",
            "plan.txt": "Số: 13/KH-ABC\nKế hoạch công tác năm, kế hoạch kiểm tra.\n",
        ])
        #expect(try CLI.run(["index", docs.path, "--db", db]).code == 0)
        let r = try CLI.run(["search", "KH 999999", "--db", db, "--json"])
        #expect(r.code == 0, "\(r.err)")
        #expect(CLI.ids(r.json?["results"]) == ["cites.txt#0"])
        let text = try CLI.run(["search", "KH", "999999", "--db", db])
        #expect(text.out.contains("kho không có văn bản KH 999999"), "\(text.out)")
        let none = try CLI.run(["search", "KH 888888", "--db", db, "--json"])
        #expect(none.code == 0)
        let nothing = CLI.ids(none.json?["results"])
        #expect(nothing.isEmpty)
    }

    // MARK: 2. Filters that mean what they say

    @Test func anIssuerMatchesTheWaySearchDoes() throws {
        let forms = ["Sở Y tế Nghệ An", "Sở Y tế tỉnh Nghệ An", "SYT Nghệ An", "so y te nghe an", "SYT tỉnh Nghệ An"]
        var sets: [Set<String>] = []
        for f in forms {
            let docs = (try Self.json(["list", "--issuer", f], db: Self.dev)["documents"] as? [[String: Any]]) ?? []
            #expect(!docs.isEmpty, "\(f)")
            for d in docs {
                let issuer = (d["issuer"] as? String) ?? ""
                #expect(issuer.contains("Y tế") && issuer.contains("Nghệ An"), "\(f): \(issuer)")
            }
            sets.append(Set(CLI.ids(docs)))
        }
        #expect(Set(sets).count == 1, "\(sets)")
        // coquan: in a query, the same.
        let q = try CLI.run(["search", "coquan:\"SYT Nghệ An\"", "--limit", "100", "--db", Self.dev, "--json"])
        #expect(Set(CLI.ids(q.json?["results"])) == sets[0])
        // --issuer narrows a REF the same way: 1520/KH-SYT is a plan of Nghệ An and of Cần Thơ.
        #expect(try CLI.run(["show", "1520/KH-SYT", "--db", Self.dev]).code == 3)
        let one = try CLI.run(["show", "1520/KH-SYT", "--issuer", "SYT Nghệ An", "--db", Self.dev, "--json"])
        #expect(one.code == 0, "\(one.err)")
        #expect((one.json?["issuer"] as? String)?.contains("Nghệ An") == true)
        // A different place is not a match.
        let other = (try Self.json(["list", "--issuer", "SYT Cần Thơ"], db: Self.dev)["documents"] as? [[String: Any]]) ?? []
        #expect(!other.isEmpty && Set(CLI.ids(other)).isDisjoint(with: sets[0]))
    }

    @Test func optionsACommandWouldIgnoreFilterOrAreRefused() throws {
        // obligations --year / --issuer without --plan: the plans of that year / issuer.
        for year in [2025, 2026] {
            let r = try Self.json(["obligations", "--as-of", "2026-11-22", "--year", String(year)], db: Self.dev)
            let obl = (r["obligations"] as? [[String: Any]]) ?? []
            #expect(!obl.isEmpty, "\(year)")
            let plans = Set(obl.compactMap { ($0["plan"] as? [String: Any])?["id"] as? String })
            for p in plans {
                let shown = try Self.json(["show", p], db: Self.dev)
                let date = (shown["date"] as? String) ?? (shown["date_partial"] as? String) ?? ""
                #expect(date.hasPrefix(String(year)), "\(p): \(date)")
            }
        }
        let byIssuer = try Self.json(["obligations", "--as-of", "2026-11-22", "--issuer", "SYT Nghệ An"], db: Self.dev)
        let all = try Self.json(["obligations", "--as-of", "2026-11-22"], db: Self.dev)
        let n = (byIssuer["obligations"] as? [Any])?.count ?? 0
        #expect(n > 0 && n < ((all["obligations"] as? [Any])?.count ?? 0))
        // An id with --year, dot with --json: refused.
        let id = try CLI.run(["show", "002_08d73f6826bb5330.txt#1", "--year", "2026", "--db", Self.corpus])
        #expect(id.code == 2 && id.err.contains("--year"), "\(id.err)")
        #expect(try CLI.run(["cites", "226-KL/TW", "--format", "dot", "--json", "--db", Self.corpus]).code == 64)
        #expect(try CLI.run(["cites", "226-KL/TW", "--depth", "2", "--db", Self.corpus]).code == 64)
        #expect(try CLI.run(["extract", "--tools", CLI.root.appendingPathComponent("README.md").path]).code == 64)
        #expect(try CLI.run(["extract", "--tools", "--ocr"]).code == 64)
        #expect(try CLI.run(["abbreviations", "--db", "/nonexistent/vb"]).code == 4)
        #expect(try CLI.run(["abbreviations"], env: ["HOME": CLI.tempDir("nodb").path, "XDG_DATA_HOME": "", "VANBAN_DB": ""]).code == 0)
    }

    @Test func badValuesAreRefusedWithWhatIsAccepted() throws {
        let cases: [([String], Int32, String)] = [
            (["list", "--type", "XYZ"], 2, "KH (Kế hoạch)"),
            (["search", "loai:XYZ", "chan"], 2, "KH"),
            (["list", "--year", "0"], 2, "1900"),
            (["list", "--year", "99999"], 2, "1900"),
            (["list", "--year", "abc"], 2, "1900"),
            (["list", "--year", "-5"], 2, "1900"),
            (["show", "KH 6757", "--year", "20266"], 2, "1900"),
            (["list", "--from", "2026-06", "--to", "2026-05"], 2, "--to"),
            (["search", "chan", "--limit", "0"], 2, "--limit"),
            (["search", "chan", "--limit", "-1"], 2, "--limit"),
            (["obligations", "--status", "xong"], 2, "quá hạn (overdue)"),
            (["cites", "226-KL/TW", "--relation", "foo"], 2, "thực hiện (implements)"),
        ]
        for (args, code, accepted) in cases {
            let r = try CLI.run(args + ["--db", Self.corpus])
            #expect(r.code == code, "\(args): \(r.code) \(r.err)")
            #expect(r.err.hasPrefix("vanban: lỗi:") && r.err.contains(accepted), "\(args): \(r.err)")
            #expect(Self.lines(r.err).count == 1, "\(args): \(r.err)")
        }
        // Both languages' words are accepted.
        for (vi, en) in [("quá hạn", "overdue"), ("qua han", "overdue"), ("sắp đến hạn", "upcoming")] {
            let a = try Self.json(["obligations", "--as-of", "2026-11-22", "--status", vi])
            let b = try Self.json(["obligations", "--as-of", "2026-11-22", "--status", en])
            #expect((a["obligations"] as? [Any])?.count == (b["obligations"] as? [Any])?.count)
            #expect(((a["obligations"] as? [Any])?.count ?? 0) > 0)
        }
        let rel = try Self.json(["cites", "226-KL/TW", "--relation", "thực hiện"])
        #expect(CLI.ids(rel["results"]) == CLI.ids(try Self.json(["cites", "226-KL/TW", "--relation", "implements"])["results"]))
    }

    @Test func obligationsByReporterAndRecipient() throws {
        let all = (try Self.json(["obligations", "--as-of", "2026-11-22"])["obligations"] as? [[String: Any]]) ?? []
        for (option, key, unit) in [("--recipient", "recipient", "Sở Nội vụ"), ("--reporter", "reporter", "Phòng Tổ chức cán bộ")] {
            let some = (try Self.json(["obligations", "--as-of", "2026-11-22", option, unit])["obligations"] as? [[String: Any]]) ?? []
            #expect(!some.isEmpty && some.count < all.count, "\(option): \(some.count) of \(all.count)")
            for o in some { #expect(((o[key] as? String) ?? "").contains(unit), "\(o[key] ?? "")") }
            // Folded and abbreviated: the same.
            let folded = (try Self.json(["obligations", "--as-of", "2026-11-22", option, unit.lowercased()])["obligations"] as? [Any]) ?? []
            #expect(folded.count == some.count)
        }
    }

    // MARK: 3. One language per output

    @Test func vietnameseByDefaultEnglishOnRequestJSONTheSame() throws {
        let args = ["obligations", "--as-of", "2026-11-22", "--db", Self.corpus]
        let vi = try CLI.run(args)
        let en = try CLI.run(args + ["--lang", "en"])
        let envEN = try CLI.run(args, env: ["LANG": "en_US.UTF-8"])
        let envVI = try CLI.run(args, env: ["LANG": "en_US.UTF-8", "LC_ALL": "vi_VN.UTF-8"])
        // (The obligations' own words, "báo cáo hằng năm", are the documents' and stay as written.)
        let viWords = ["quá hạn", "sắp đến hạn", "đã nộp", "  hằng năm  ", "  6 tháng  "]
        let enWords = ["overdue", "upcoming", "fulfilled", "yearly", "half-yearly"]
        for w in viWords { #expect(vi.out.contains(w), "\(w)"); #expect(!en.out.contains(w), "\(w) in English output") }
        for w in enWords { #expect(en.out.contains(w), "\(w)"); #expect(!vi.out.contains(w), "\(w) in Vietnamese output") }
        #expect(envEN.out == en.out)
        #expect(envVI.out == vi.out)
        #expect(!vi.out.contains("[unscheduled]") && !vi.out.contains("[once]"))
        // The same word for the same thing: a report on time is "đã nộp" in answers as in obligations.
        let answers = try CLI.run(["answers", "KH 6757", "--db", Self.corpus])
        #expect(answers.out.contains("đã nộp (hạn 2026-06-05)"), "\(answers.out)")
        let refs = try CLI.run(["refs", "KH 4245", "--db", Self.corpus])
        #expect(refs.out.contains("thực hiện") && refs.out.contains("dẫn chiếu") && refs.out.contains("ngoài kho"))
        #expect(!refs.out.contains("external") && !refs.out.contains("implements"))
        // JSON: the contract, whatever the language.
        for cmd in [["obligations", "--as-of", "2026-11-22"], ["refs", "KH 4245"], ["search", "chan chinh"], ["list"]] {
            let a = try CLI.run(cmd + ["--db", Self.corpus, "--json"])
            let b = try CLI.run(cmd + ["--db", Self.corpus, "--json", "--lang", "en"])
            #expect(a.out == b.out, "\(cmd)")
        }
        let statuses = Set(((try Self.json(["obligations", "--as-of", "2026-11-22"])["obligations"] as? [[String: Any]]) ?? []).compactMap { $0["status"] as? String })
        #expect(!statuses.isEmpty && statuses.isSubset(of: ["fulfilled", "late", "overdue", "upcoming", "unscheduled"]), "\(statuses)")
        let relations = Set(((try Self.json(["refs", "KH 4245"])["references"] as? [[String: Any]]) ?? []).compactMap { $0["relation"] as? String })
        #expect(!relations.isEmpty && relations.isSubset(of: ["implements", "basis", "amends", "replaces", "repeals", "cites"]), "\(relations)")
    }

    @Test func messagesAreInOneLanguagePerLine() throws {
        let vi = try CLI.run(["list", "--db", "/nonexistent/vb"])
        #expect(vi.code == 4)
        #expect(vi.err.hasPrefix("vanban: lỗi: chưa có chỉ mục ở /nonexistent/vb"), "\(vi.err)")
        #expect(!vi.err.contains(" run ") && !vi.err.contains("error"), "\(vi.err)")
        let en = try CLI.run(["list", "--db", "/nonexistent/vb", "--lang", "en"])
        #expect(en.err.hasPrefix("vanban: error: no index at /nonexistent/vb"), "\(en.err)")
        let usage = try CLI.run(["show"])
        #expect(usage.code == 64 && usage.err.hasPrefix("vanban: lỗi: thiếu đối số"), "\(usage.err)")
        let bad = try CLI.run(["search", "chan", "--db", Self.corpus, "--lang", "fr"])
        #expect(bad.code == 64 && bad.err.contains("vi"))
        // The glossary: every status and relation of the JSON has its row, and the word the CLI prints.
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        let rows = readme.split(separator: "\n").filter { $0.hasPrefix("| status `") || $0.hasPrefix("| relation `") }
        var glossary: [String: String] = [:]
        for r in rows {
            let cells = r.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if let open = cells[0].firstIndex(of: "`"), let close = cells[0].lastIndex(of: "`"), open < close {
                glossary[String(cells[0][cells[0].index(after: open)..<close])] = cells[1]
            }
        }
        for v in ["fulfilled", "late", "overdue", "upcoming", "unscheduled", "implements", "basis", "amends", "replaces", "repeals", "cites"] {
            #expect(glossary[v] != nil, "no glossary row for \(v)")
        }
        // Each obligation line shows the glossary's word for its status, in the JSON's order.
        let obl = (try Self.json(["obligations", "--as-of", "2026-11-22"])["obligations"] as? [[String: Any]]) ?? []
        let text = try CLI.run(["obligations", "--as-of", "2026-11-22", "--db", Self.corpus])
        let lines = Self.lines(text.out).filter { $0.hasPrefix("  ") }
        #expect(lines.count == obl.count)
        for (o, line) in zip(obl, lines) {
            let word = glossary[(o["status"] as? String) ?? ""] ?? "?"
            #expect(line.hasPrefix("  " + word), "\(line) for \(o["status"] ?? "")")
        }
    }

    // MARK: 4. Shell habits

    @Test func versionAndDidYouMean() throws {
        let v = try CLI.run(["--version"])
        #expect(v.code == 0 && v.out.hasPrefix("vanban ") && v.out.contains("schema"))
        for (typed, meant) in [("serch", "search"), ("lsit", "list"), ("obligation", "obligations"), ("cite", "cites")] {
            let r = try CLI.run([typed, "x"])
            #expect(r.code == 64)
            #expect(r.err.contains("'\(meant)'"), "\(typed): \(r.err)")
        }
        let opt = try CLI.run(["list", "--tpye", "KH", "--db", Self.corpus])
        #expect(opt.code == 64 && opt.err.contains("'--type'"), "\(opt.err)")
        let far = try CLI.run(["zzzzzz"])
        #expect(far.code == 64 && far.err.contains("'zzzzzz'") && !far.err.contains("có phải ý bạn là"))
    }

    @Test func helpFitsEightyColumnsAndHidesDeveloperCommands() throws {
        let root = try CLI.run(["--help"], env: ["COLUMNS": "80"])
        #expect(!root.out.contains("bench") && !root.out.contains("analyze"))
        var commands = ["index", "search", "list", "show", "refs", "cites", "answers", "obligations", "fold", "extract", "abbreviations"]
        for c in commands { #expect(root.out.contains("  \(c) "), "\(c) missing from the help") }
        commands.append("")
        for c in commands {
            let r = try CLI.run((c.isEmpty ? [] : [c]) + ["--help"], env: ["COLUMNS": "80"])
            #expect(r.code == 0)
            for l in Self.lines(r.out) { #expect(Self.width(l) <= 80, "vanban \(c) --help: \(l)") }
        }
        // Hidden, still there.
        #expect(try CLI.run(["bench", "--help"]).code == 0)
        #expect(try CLI.run(["analyze", "Kế hoạch"]).code == 0)
    }

    @Test func colourOnlyOnATerminalAndNotWithNoColorOrADumbTerminal() throws {
        let args = ["search", "chan chinh le loi", "--limit", "1", "--db", Self.corpus]
        let piped = try CLI.run(args)
        #expect(piped.code == 0 && !piped.out.contains("\u{1B}"))
        let always = try CLI.run(args + ["--color", "always"])
        #expect(always.out.contains("\u{1B}[1m"))
        let never = try CLI.run(args + ["--color", "never"])
        #expect(!never.out.contains("\u{1B}"))
        guard let tty = Terminal.available else { return }
        #expect(try tty.run(args, env: ["TERM": "xterm"]).contains("\u{1B}[1m"))
        #expect(!(try tty.run(args, env: ["TERM": "xterm", "NO_COLOR": "1"]).contains("\u{1B}[")))
        #expect(!(try tty.run(args, env: ["TERM": "dumb"]).contains("\u{1B}[")))
        #expect(try tty.run(args + ["--color", "always"], env: ["TERM": "dumb"]).contains("\u{1B}[1m"))
        #expect(!(try tty.run(args + ["--color", "never"], env: ["TERM": "xterm"]).contains("\u{1B}[")))
    }

    @Test func theManPageComesFromTheParserWithEveryCommandAndOption() throws {
        let out = CLI.tempDir("man").appendingPathComponent("vanban.1")
        let r = try CLI.run([CLI.root.appendingPathComponent("scripts/make-man.py").path, "--vanban", CLI.binary, "-o", out.path],
                            executable: "/usr/bin/env")
        #expect(r.code == 0, "\(r.err)")
        let page = try String(contentsOf: out, encoding: .utf8)
        #expect(page.hasPrefix(".\\\""))
        #expect(page.contains("kết luận 226"))     // Vietnamese kept whole
        #expect(!page.contains("vanban bench") && !page.contains("vanban analyze"))
        for c in ["index", "search", "list", "show", "refs", "cites", "answers", "obligations", "fold", "extract", "abbreviations"] {
            #expect(page.contains(".SS vanban \(c)"), "\(c)")
            let help = try CLI.run([c, "--help"]).out
            var i = help.startIndex
            while let range = help.range(of: "--", range: i..<help.endIndex) {
                var j = range.upperBound
                while j < help.endIndex, help[j].isLetter || help[j] == "-" { j = help.index(after: j) }
                let name = String(help[range.upperBound..<j])
                if name.count > 1, !name.hasSuffix("-") {
                    #expect(page.contains("\\-\\-" + name.replacingOccurrences(of: "-", with: "\\-")), "\(c): --\(name)")
                }
                i = j
            }
        }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") {
            let g = try CLI.run(["-Kutf8", "-man", "-Tutf8", "-ww", "-z", out.path], executable: "/usr/bin/groff")
            #expect(g.code == 0 && g.err.isEmpty, "\(g.err)")
        }
        let completion = try CLI.run(["--generate-completion-script", "bash"])
        #expect(completion.code == 0 && completion.out.contains("obligations"))
    }

    @Test func quietSilencesConvertedLinesAndAMissingToolWarnsOnce() throws {
        let (docs, _) = try CLI.folder("quiet", [:])
        let dir = docs.deletingLastPathComponent()
        let fixtures = CLI.root.appendingPathComponent("Tests/Fixtures/formats")
        for (i, name) in ["000_a7862f00d41df8cb.doc", "002_08d73f6826bb5330.doc", "003_2b066fe0965093a2.doc"].enumerated() {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: docs.appendingPathComponent("cv\(i).doc"))
        }
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("Số: 9/KH-ABC\nKế hoạch phòng cháy.\n".data(using: .utf16LittleEndian)!)
        try utf16.write(to: docs.appendingPathComponent("u16.txt"))
        let loud = try CLI.run(["index", docs.path, "--db", dir.appendingPathComponent("db1").path])
        #expect(loud.err.contains("vanban: converted: u16.txt: UTF-16LE"), "\(loud.err)")
        let quiet = try CLI.run(["index", docs.path, "--db", dir.appendingPathComponent("db2").path, "--quiet"])
        #expect(!quiet.err.contains("converted"), "\(quiet.err)")
        #expect(quiet.out.contains("lập chỉ mục: 4 tệp mới"), "\(quiet.out)")
        // Without antiword (an empty PATH for tools): one warning for the three .doc files.
        let noTools = try CLI.run(["index", docs.path, "--db", dir.appendingPathComponent("db3").path, "--quiet"],
                                  env: ["PATH": dir.appendingPathComponent("no-tools").path])
        #expect(noTools.code == 6)
        let warnings = Self.lines(noTools.err).filter { $0.contains("antiword") }
        #expect(warnings.count == 1, "\(noTools.err)")
        #expect(warnings.first?.contains("3 tệp") == true && warnings.first?.contains("apt-get install antiword") == true, "\(warnings)")
        // The JSON keeps one warning per file.
        let json = try CLI.run(["index", docs.path, "--db", dir.appendingPathComponent("db4").path, "--json"],
                               env: ["PATH": dir.appendingPathComponent("no-tools").path])
        #expect(((json.json?["warnings"] as? [String]) ?? []).filter { $0.contains("antiword") }.count == 3)
    }

    @Test func theDefaultDatabaseFollowsHomeAndXDGDataHome() throws {
        let home = CLI.tempDir("home")
        let corpus = CLI.root.appendingPathComponent("corpus").path
        // $HOME, no XDG_DATA_HOME, no VANBAN_DB.
        let a = try CLI.run(["index", corpus, "--quiet"], env: ["HOME": home.path, "XDG_DATA_HOME": "", "VANBAN_DB": ""])
        #expect(a.code == 0, "\(a.err)")
        #expect(FileManager.default.fileExists(atPath: home.path + "/.local/share/vanban/db/iamglass"))
        #expect(try CLI.run(["list"], env: ["HOME": home.path, "XDG_DATA_HOME": "", "VANBAN_DB": ""]).code == 0)
        // An absolute XDG_DATA_HOME; a relative one is ignored (the XDG specification).
        let xdg = CLI.tempDir("xdg")
        let b = try CLI.run(["index", corpus, "--quiet"], env: ["HOME": home.path, "XDG_DATA_HOME": xdg.path, "VANBAN_DB": ""])
        #expect(b.code == 0)
        #expect(FileManager.default.fileExists(atPath: xdg.path + "/vanban/db/iamglass"))
        let rel = try CLI.run(["list", "--json"], env: ["HOME": home.path, "XDG_DATA_HOME": "relative/dir", "VANBAN_DB": ""])
        #expect(rel.code == 0 && CLI.ids(rel.json?["documents"]).count == 6)
        // VANBAN_DB first.
        let none = try CLI.run(["list"], env: ["HOME": home.path, "XDG_DATA_HOME": xdg.path, "VANBAN_DB": home.path + "/elsewhere"])
        #expect(none.code == 4 && none.err.contains(home.path + "/elsewhere"))
    }

    @Test func aSearchWithNoResultExitsOne() throws {
        let r = try CLI.run(["search", "xyzzyq", "--db", Self.corpus])
        #expect(r.code == 1 && r.err.isEmpty && r.out.contains("không có văn bản nào khớp"))
        // With --json the empty result is the answer: exit 0.
        let j = try CLI.run(["search", "xyzzyq", "--db", Self.corpus, "--json"])
        #expect(j.code == 0)
        #expect(j.json?["total"] as? Int == 0 && (j.json?["results"] as? [Any])?.isEmpty == true)
        #expect(try CLI.run(["search", "chan", "--db", Self.corpus]).code == 0)
    }

    // MARK: 5. Output people can read

    @Test func listShowsTheSubjectCutToTheTerminalWidth() throws {
        let docs = (try Self.json(["list"])["documents"] as? [[String: Any]]) ?? []
        let narrow = try CLI.run(["list", "--db", Self.corpus], env: ["COLUMNS": "120"])
        let lines = Self.lines(narrow.out).dropLast()
        #expect(lines.count == docs.count)
        for (d, l) in zip(docs, lines) {
            #expect(Self.width(l) <= 120, "\(l)")
            #expect(l.hasSuffix("[\(d["id"] as? String ?? "")]"), "\(l)")
            let subject = (d["subject"] as? String) ?? ""
            #expect(subject.isEmpty || l.contains(String(subject.prefix(15))), "\(l)")
        }
        #expect(lines.contains { $0.contains("…") })
        // Piped without COLUMNS: whole subjects.
        let whole = try CLI.run(["list", "--db", Self.corpus])
        for d in docs { #expect(whole.out.contains((d["subject"] as? String) ?? "")) }
    }

    @Test func longLinesWrapToTheTerminal() throws {
        let r = try CLI.run(["show", "6757/KH-SYT", "--db", Self.corpus], env: ["COLUMNS": "60"])
        #expect(r.code == 0)
        for l in Self.lines(r.out) { #expect(Self.width(l) <= 60, "\(l)") }
        // Nothing lost: the words of the text are all there.
        let text = (try Self.json(["show", "6757/KH-SYT"])["text"] as? String) ?? ""
        let shown = r.out.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(shown.contains(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).suffix(40).joined(separator: " ")))
        let s = try CLI.run(["search", "chan chinh le loi", "--db", Self.corpus], env: ["COLUMNS": "70"])
        for l in Self.lines(s.out) { #expect(Self.width(l) <= 70, "\(l)") }
    }

    @Test func obligationsInDateOrderWithinAPlanAndPlansNewestFirst() throws {
        let obl = (try Self.json(["obligations", "--as-of", "2027-12-31"], db: Self.dev)["obligations"] as? [[String: Any]]) ?? []
        #expect(obl.count > 5)
        var lastPlan = "", lastDue = "", planDates: [String] = []
        for o in obl {
            let plan = (o["plan"] as? [String: Any])?["id"] as? String ?? ""
            let due = (o["due"] as? String) ?? "~"
            if plan != lastPlan {
                lastPlan = plan
                lastDue = ""
                let shown = try Self.json(["show", plan], db: Self.dev)
                planDates.append((shown["date"] as? String) ?? (shown["date_partial"] as? String) ?? "")
            }
            #expect(due >= lastDue, "\(plan): \(due) after \(lastDue)")
            lastDue = due
        }
        #expect(planDates == planDates.sorted(by: >), "\(planDates)")
        // The text the same order: due dates rise under each plan.
        let text = try CLI.run(["obligations", "--as-of", "2027-12-31", "--db", Self.dev])
        var dues: [String] = []
        for l in Self.lines(text.out) {
            if !l.hasPrefix("  ") { #expect(dues == dues.sorted(), "\(dues)"); dues = []; continue }
            if let m = l.range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression) { dues.append(String(l[m])) }
        }
        #expect(dues == dues.sorted())
    }

    @Test func columnsAlignWhateverTheWords() throws {
        func column(of pattern: String, in line: String) -> Int? {
            guard let r = line.range(of: pattern, options: .regularExpression) else { return nil }
            return Self.width(String(line[..<r.lowerBound]))
        }
        // refs: the numbers start at one column whatever the relation word.
        let refs = Self.lines(try CLI.run(["refs", "KH 4245", "--db", Self.corpus]).out).dropFirst()
        let numberColumns = Set(refs.compactMap { column(of: #"\d+[-/]"#, in: $0) })
        #expect(refs.count > 2 && numberColumns.count == 1, "\(Array(refs))")
        for lang in ["vi", "en"] {
            // obligations: the due dates start at one column whatever the status word.
            let obl = Self.lines(try CLI.run(["obligations", "--as-of", "2026-11-22", "--db", Self.corpus, "--lang", lang]).out)
                .filter { $0.hasPrefix("  ") }
            let dueColumns = Set(obl.compactMap { column(of: #"(\d{4}-\d{2}-\d{2}|không hạn|no date)"#, in: $0) })
            #expect(dueColumns.count == 1, "\(lang): \(obl)")
            // cites: the numbers of the citers start at one column.
            let cites = Self.lines(try CLI.run(["cites", "226-KL/TW", "--db", Self.corpus, "--lang", lang]).out).filter { $0.hasPrefix("├") || $0.hasPrefix("└") }
            let citeColumns = Set(cites.compactMap { column(of: #"(\d+/[A-Z]|\(không số\)|\(no number\))"#, in: $0) })
            #expect(cites.count > 2 && citeColumns.count == 1, "\(lang): \(cites)")
        }
        // list: the dates start at one column whatever the number.
        let list = Self.lines(try CLI.run(["list", "--db", Self.corpus]).out).dropLast()
        let dateColumns = Set(list.compactMap { column(of: #" (19|20)\d{2}(-\d{2}){0,2} "#, in: $0) })
        #expect(list.count == 6 && dateColumns.count == 1, "\(Array(list))")
    }

    @Test func aTreeThousandsDeepIsDrawnIndentedWithinReason() throws {
        // A chain of 4,000 plans, each carrying out the one before (the tree was drawn by
        // recursion: the stack overflowed).
        let n = 4000
        var files: [String: String] = [:]
        for k in 1...n {
            files[String(format: "kh%05d.txt", k)] = "UBND XÃ AN HÒA\nSố: \(k)/KH-UBND\nAn Hòa, ngày 1 tháng 1 năm 2020\n\nKẾ HOẠCH\nCông việc số \(k)\n\n"
                + (k > 1 ? "Thực hiện Kế hoạch số \(k - 1)/KH-UBND của UBND xã An Hòa.\n" : "")
        }
        let (docs, db) = try CLI.folder("deep", files)
        #expect(try CLI.run(["index", docs.path, "--db", db, "--quiet"]).code == 0)
        let r = try CLI.run(["cites", "1/KH-UBND", "--transitive", "--db", db])
        #expect(r.code == 0, "\(r.err.prefix(300))")
        let lines = Self.lines(r.out)
        #expect(lines.count == n + 1, "\(lines.count)")
        #expect(lines.last == "\(n - 1) văn bản")
        // Indented 16 levels at most; deeper lines say their level.
        #expect(lines.allSatisfy { Self.width($0) < 3 * 17 + 120 }, "\(lines.map { Self.width($0) }.max() ?? 0)")
        #expect(lines.contains { $0.contains("(3999) thực hiện 4000/KH-UBND") })
    }

    @Test func listsAreNewestFirst() throws {
        func dates(_ docs: Any?) -> [String] { ((docs as? [[String: Any]]) ?? []).map { ($0["date"] as? String) ?? ($0["date_partial"] as? String) ?? "" } }
        let list = dates(try Self.json(["list"], db: Self.dev)["documents"])
        #expect(list == list.sorted(by: >))
        let answers = dates(try Self.json(["answers", "1520/KH-SYT", "--year", "2026"], db: Self.dev)["reports"])
        #expect(answers.count > 1 && answers == answers.sorted(by: >), "\(answers)")
        let cites = (try Self.json(["cites", "226-KL/TW"], db: Self.dev)["results"] as? [[String: Any]]) ?? []
        let direct = dates(cites.filter { $0["depth"] as? Int == 1 })
        #expect(direct.count > 1 && direct == direct.sorted(by: >), "\(direct)")
    }

    // MARK: 7. Loose ends

    @Test func abbreviationsOfNoiNhanListsWorkBothWays() throws {
        let table = try CLI.run(["abbreviations"])
        for a in ["BGĐ\tBan Giám đốc", "HĐND\tHội đồng nhân dân", "MTTQ\tMặt trận Tổ quốc", "BCĐ\tBan Chỉ đạo", "LĐLĐ\tLiên đoàn Lao động",
                  "CVP\tChánh Văn phòng", "PCVP\tPhó Chánh Văn phòng", "TCCB\tTổ chức cán bộ", "KHTC\tKế hoạch - Tài chính", "NVY\tNghiệp vụ Y"] {
            #expect(table.out.contains(a), "\(a)")
        }
        // 000 writes "BGĐ Sở Y tế"; 6757 writes "Ban Giám đốc Sở Y tế".
        let full = CLI.ids(try Self.json(["search", "Ban", "Giám", "đốc"])["results"])
        #expect(full.contains("000_a7862f00d41df8cb.txt#0") && full.contains("002_08d73f6826bb5330.txt#1"), "\(full)")
        for q in ["BGĐ", "BGD", "bgđ"] {
            let ids = CLI.ids(try Self.json(["search", q])["results"])
            #expect(ids.contains("000_a7862f00d41df8cb.txt#0") && ids.contains("002_08d73f6826bb5330.txt#1"), "\(q): \(ids)")
        }
    }

    @Test func didYouMeanNeverProposesWhatWasTypedNorCorrectsAnAbbreviation() throws {
        for q in ["TP.HCM", "tp.hcm", "+999999 KH", "BGĐ xyzq", "SYT", "UBND TPHCM", "CDC", "Sở Y tế TP.HCM"] {
            for db in [Self.corpus, Self.dev] {
                let s = try CLI.run(["search", q, "--db", db, "--json"]).json?["suggestion"] as? String
                #expect(s == nil || s!.lowercased() != q.lowercased(), "\(q): \(s ?? "")")
                for w in ["TP", "HCM", "KH", "BGĐ", "SYT", "UBND", "TPHCM", "CDC"] where q.contains(w) {
                    #expect(s == nil || s!.contains(w), "\(q) → \(s ?? ""): \(w) changed")
                }
            }
        }
        // A real correction still comes, in the case typed.
        let dev = try CLI.run(["search", "QUYNH LUO", "--db", Self.dev, "--json"])
        #expect(dev.json?["suggestion"] as? String == "QUỲNH LƯU", "\(dev.json?["suggestion"] ?? "")")
    }

    @Test func vniVowelsWithASeparateToneByteDecodeLikeThePrecomposedForm() throws {
        // Every vowel with every tone (and none), lower and upper case; "i" with its tone as a
        // separate byte, as some converters write it, instead of VNI's own í ì ỉ ĩ ị bytes.
        var words: [String] = []
        for v in ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"] {
            for tone in ["", "\u{301}", "\u{300}", "\u{309}", "\u{303}", "\u{323}"] {
                let syllable = ("m" + v + tone + (["ă", "â"].contains(v) ? "n" : "")).precomposedStringWithCanonicalMapping
                words.append(syllable)
                words.append(syllable.uppercased())
            }
        }
        let text = "Số: 5/KH-UBND\nKế hoạch tổ chức hội nghị về chính quyền tỉnh, kính gửi các đơn vị.\n"
            + words.joined(separator: " ") + "\n"
        let dir = CLI.tempDir("vni")
        let file = dir.appendingPathComponent("vni.txt")
        try Data(VNI.encode(text)).write(to: file)
        let r = try CLI.run(["extract", file.path, "--json"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.json?["encoding"] as? String == "VNI")
        let got = (r.json?["text"] as? String) ?? ""
        #expect(got.trimmingCharacters(in: .whitespacesAndNewlines) == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(got)")
        let gotWords = got.split(separator: "\n").last.map { $0.split(separator: " ").map(String.init) } ?? []
        for (w, g) in zip(words, gotWords) where w != g { Issue.record("\(w) read as \(g)") }
    }
}

extension CLI {
    /// A folder `docs` of text files (name → content) in a new temporary folder, and the path of
    /// the database to index it into.
    static func folder(_ name: String, _ files: [String: String]) throws -> (docs: URL, db: String) {
        let dir = tempDir(name)
        let docs = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        for (file, text) in files { try Data(text.utf8).write(to: docs.appendingPathComponent(file)) }
        return (docs, dir.appendingPathComponent("db").path)
    }
}

/// VNI Windows bytes of a text: each toned or marked vowel as its base letter and mark bytes
/// (`i` too: its tone as a separate byte).
enum VNI {
    static func encode(_ text: String) -> [UInt8] {
        let tones: [Unicode.Scalar: UInt8] = ["\u{301}": 0xF9, "\u{300}": 0xF8, "\u{309}": 0xFB, "\u{303}": 0xF5, "\u{323}": 0xEF]
        let circumflex: [UInt8] = [0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4]   // none, sắc, huyền, hỏi, ngã, nặng
        let breve: [UInt8] = [0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB]
        let order: [Unicode.Scalar?] = [nil, "\u{301}", "\u{300}", "\u{309}", "\u{303}", "\u{323}"]
        var out: [UInt8] = []
        for ch in text {
            let d = Array(String(ch).decomposedStringWithCanonicalMapping.unicodeScalars)
            let base = d[0], marks = d.dropFirst()
            let upper = base.properties.isUppercase
            let tone = marks.first { tones[$0] != nil }
            func cased(_ b: UInt8) -> UInt8 { upper && b >= 0xE0 ? b - 0x20 : b }
            if base == "đ" || base == "Đ" { out.append(upper ? 0xD1 : 0xF1); continue }
            if marks.contains("\u{31B}") {   // horn: ơ ư
                let lower = String(base).lowercased()
                out.append(lower == "o" ? (upper ? 0xD4 : 0xF4) : (upper ? 0xD6 : 0xF6))
                if let t = tone { out.append(cased(tones[t]!)) }
            } else if marks.contains("\u{302}") || marks.contains("\u{306}") {
                out.append(UInt8(base.value))
                let table = marks.contains("\u{302}") ? circumflex : breve
                out.append(cased(table[order.firstIndex(of: tone)!]))
            } else if base.isASCII {
                out.append(UInt8(base.value))
                if let t = tone { out.append(cased(tones[t]!)) }
            } else {
                out.append(contentsOf: String(ch).data(using: .windowsCP1252) ?? Data([0x3F]))
            }
        }
        return out
    }
}

/// Runs the binary on a pseudo-terminal (script(1) of util-linux), as a person at a terminal would.
struct Terminal {
    static let available: Terminal? = FileManager.default.isExecutableFile(atPath: "/usr/bin/script") ? Terminal() : nil

    func run(_ args: [String], env: [String: String] = [:]) throws -> String {
        let quoted = ([CLI.binary] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let assignments = env.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        return try CLI.run(["-qec", "env \(assignments) \(quoted)", "/dev/null"], executable: "/usr/bin/script").out
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Web

extension Fixture {
    /// The by-unit fixture set (`Tests/Fixtures/by-unit`): KH 1865 binds four units, two of them
    /// by abbreviated names (BVĐK, TTYT), with reports early, late and missing.
    static let byUnitDB: String = {
        let db = tempDir("by-unit").appendingPathComponent("db").path
        index([root.appendingPathComponent("Tests/Fixtures/by-unit").path], into: db)
        return db
    }()

    /// A plan whose units (its `Nơi nhận`, the class its duty names) carry markup and braces.
    static let hostileUnitsDB: String = {
        let dir = tempDir("hostile-units")
        let docs = dir.appendingPathComponent("docs")
        try! FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let plan = """
        UBND TỈNH HÀ TĨNH                        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        SỞ Y TẾ                                         Độc lập - Tự do - Hạnh phúc

        Số: 1866/KH-SYT                          Hà Tĩnh, ngày 15 tháng 5 năm 2026

        KẾ HOẠCH
        Thử bảng theo đơn vị

        Sở Y tế ban hành Kế hoạch như sau:

        I. TỔ CHỨC THỰC HIỆN
        1. Các Trung tâm Y tế huyện báo cáo tình hình triển khai bệnh án điện tử định kỳ hằng quý, trước ngày 20 của tháng cuối quý (bắt đầu từ quý II năm 2026), gửi về Sở Y tế.

        Nơi nhận:                                              KT. GIÁM ĐỐC
        - UBND tỉnh (b/c);                                     PHÓ GIÁM ĐỐC
        - Trung tâm Y tế huyện <script>alert(1)</script>;
        - Trung tâm Y tế huyện "><img src=x onerror=alert(5)>;
        - Trung tâm Y tế huyện {{7*7}} <b>đậm</b>;
        - Lưu: VT, KHTC.                                       Nguyễn Văn Hùng
        """
        try! plan.write(to: docs.appendingPathComponent("plan <b>1866 &amp;.txt"), atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("db").path
        index([docs.path], into: db)
        return db
    }()
}

/// The board unit by unit (`/obligations?plan=…`), its reminder letters (`/remind`), its filters,
/// HEAD, and a partial archive.
@Suite("obligations board unit by unit")
struct BoardTests {
    /// The statuses of a unit's row, column by column ("-" where the obligation does not bind it).
    static func row(_ html: String, unit: String) -> [String] {
        let rows = Browser.elements(html, "<tr data-unit=\"\(unit)\">", close: "</tr>")
        guard let r = rows.first else { return [] }
        return r.components(separatedBy: "<td").dropFirst().map { cell in
            cell.hasPrefix(" class=\"muted\"") ? "-" : (Browser.elements(cell, "data-status=\"", close: "\"").first ?? "?")
        }
    }

    static let plan = "/obligations?plan=KH+1865&as_of=2026-11-22"

    @Test func onePlanAsAUnitByDueMatrix() async throws {
        try await Fixture.test(try Fixture.server(Fixture.byUnitDB)) { client in
            let r = try await client.get(BoardTests.plan)
            #expect(r.status == .ok)
            let t = r.text
            // Four units, seven due dates, as `obligations --plan "KH 1865" --by-unit` lays them out.
            #expect(t.contains("<table class=\"matrix\" data-units=\"4\" data-dues=\"7\">"), "\(t.prefix(2000))")
            let dues = Browser.elements(t, "<th scope=\"col\" data-due=\"", close: "\"")
            #expect(dues == ["2026-06-10", "2026-06-20", "2026-07-30", "2026-09-20", "2026-12-10", "2026-12-20", "2027-06-10"])
            #expect(BoardTests.row(t, unit: "Trung tâm Y tế huyện Kỳ Anh") == ["overdue", "late", "-", "fulfilled", "upcoming", "upcoming", "upcoming"])
            #expect(BoardTests.row(t, unit: "TTYT huyện Can Lộc") == ["fulfilled", "fulfilled", "-", "overdue", "upcoming", "upcoming", "upcoming"])
            #expect(BoardTests.row(t, unit: "BVĐK tỉnh") == ["late", "-", "-", "-", "upcoming", "-", "upcoming"])
            #expect(BoardTests.row(t, unit: "Trung tâm Kiểm soát bệnh tật tỉnh") == ["fulfilled", "-", "fulfilled", "-", "upcoming", "-", "upcoming"])
            // Where each unit comes from, and the reports in its cells.
            #expect(t.contains("(nêu tên trong nhiệm vụ)") && t.contains("(nơi nhận của kế hoạch)"))
            // A reminder for each past due date some unit still owes: 10/06 (Kỳ Anh) and 20/09 (Can Lộc), not 30/07.
            let reminders = Browser.elements(t, "<ul class=\"reminders\">", close: "</ul>").first ?? ""
            #expect(Browser.elements(reminders, "<li data-due=\"", close: "\"") == ["2026-06-10", "2026-09-20"])
            #expect(reminders.contains("href=\"/remind?plan=01_kh1865_syt.txt%230&amp;due=2026-09-20&amp;as_of=2026-11-22&amp;format=docx\""))
            #expect(reminders.contains("1 đơn vị chưa báo cáo (TTYT huyện Can Lộc)"))
            // The obligations one row per due date stay below.
            #expect(t.contains("Theo từng nghĩa vụ") && t.contains("<table class=\"obligations\">"))
            // The whole board links each plan to its matrix.
            let board = try await client.get("/obligations?as_of=2026-11-22").text
            #expect(board.contains("href=\"/obligations?plan=01_kh1865_syt.txt%230&amp;as_of=2026-11-22\""))
            #expect(!board.contains("<table class=\"matrix\""))
        }
    }

    @Test func theMatrixFilteredByStatusAndUnit() async throws {
        try await Fixture.test(try Fixture.server(Fixture.byUnitDB)) { client in
            // The Vietnamese status, without accents: the units with an overdue due date.
            let overdue = try await client.get(BoardTests.plan + "&status=qua+han").text
            #expect(overdue.contains("data-units=\"2\""))
            #expect(!BoardTests.row(overdue, unit: "Trung tâm Y tế huyện Kỳ Anh").isEmpty)
            #expect(BoardTests.row(overdue, unit: "BVĐK tỉnh").isEmpty)
            #expect(overdue.contains("<option value=\"overdue\" selected>"))
            // The unit as the CLI's names match: "TTYT Kỳ Anh" is "Trung tâm Y tế huyện Kỳ Anh";
            // "Bệnh viện đa khoa tỉnh" is "BVĐK tỉnh".
            let kyAnh = try await client.get(BoardTests.plan + "&unit=TTYT+K%E1%BB%B3+Anh").text
            #expect(kyAnh.contains("data-units=\"1\""), "\(kyAnh.prefix(3000))")
            #expect(!BoardTests.row(kyAnh, unit: "Trung tâm Y tế huyện Kỳ Anh").isEmpty)
            let bv = try await client.get(BoardTests.plan + "&unit=b%E1%BB%87nh+vi%E1%BB%87n+%C4%91a+khoa+t%E1%BB%89nh").text
            #expect(bv.contains("data-units=\"1\""))
            #expect(!BoardTests.row(bv, unit: "BVĐK tỉnh").isEmpty)
            // The whole board's unit filter reads the reporter the same way: the duty of "các
            // Trung tâm Y tế huyện" is found by "TTYT huyện".
            let all = try await client.get("/obligations?as_of=2026-11-22&unit=TTYT+huy%E1%BB%87n").text
            #expect(all.contains("báo cáo hằng quý"))
            #expect(!all.contains("báo cáo kết quả rà soát dữ liệu tiêm chủng"))
            // An unknown status is refused, naming the words it takes.
            let bad = try await client.get(BoardTests.plan + "&status=s%E1%BA%AFp+xong")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("quá hạn"))
        }
    }

    @Test func theReminderLetterAsTheCLIDraftsIt() async throws {
        try await Fixture.test(try Fixture.server(Fixture.byUnitDB)) { client in
            let base = "/remind?plan=KH+1865&due=2026-09-20&as_of=2026-11-22"
            let text = try await client.get(base + "&format=text")
            #expect(text.status == .ok)
            #expect(text.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(text.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"don-doc-1865-KH-SYT-2026-09-20.txt\"") == true)
            let cli = try CLI.run(["remind", "--plan", "KH 1865", "--due", "2026-09-20", "--as-of", "2026-11-22", "--db", Fixture.byUnitDB])
            #expect(cli.code == 0)
            // The same letter (the CLI ends its output with one more newline).
            #expect(text.text + "\n" == cli.out, "the letter differs from vanban remind's")
            #expect(text.text.contains("Kính gửi: TTYT huyện Can Lộc."))
            #expect(text.text.contains("V/v đôn đốc"))
            // The Word file (the default): a zip holding the document.
            let docx = try await client.get(base)
            #expect(docx.status == .ok)
            #expect(docx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            #expect(docx.headers[.contentDisposition]?.contains("don-doc-1865-KH-SYT-2026-09-20.docx") == true)
            let bytes = Array(docx.body.readableBytesView)
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), "not a zip")
            #expect(String(decoding: bytes, as: UTF8.self).contains("word/document.xml"))
            // Two units owe the half-year report of 10/06 as of 15/06.
            let two = try await client.get("/remind?plan=KH+1865&due=2026-06-10&as_of=2026-06-15&format=text").text
            #expect(two.contains("- BVĐK tỉnh;") && two.contains("- Trung tâm Y tế huyện Kỳ Anh."))
        }
    }

    @Test(arguments: [
        ("/remind?plan=KH+1865&due=2026-07-30&as_of=2026-11-22", HTTPResponse.Status.notFound, "không cần công văn"),
        ("/remind?plan=KH+1865&due=2026-08-01&as_of=2026-11-22", .badRequest, "2026-06-10"),
        ("/remind?plan=KH+1865&as_of=2026-11-22", .badRequest, "due"),
        ("/remind?plan=KH+1865&due=2026-02-30", .badRequest, "2026-02-30"),
        ("/remind?plan=KH+1865&due=2026-09-20&format=pdf", .badRequest, "format"),
        ("/remind?due=2026-09-20", .badRequest, "plan"),
        ("/remind?plan=KH+999999&due=2026-09-20", .notFound, "999999"),
    ])
    func badReminderRequests(uri: String, status: HTTPResponse.Status, says: String) async throws {
        try await Fixture.test(try Fixture.server(Fixture.byUnitDB)) { client in
            let r = try await client.get(uri)
            #expect(r.status == status, "\(uri): \(r.status)")
            #expect(r.text.contains(says), "\(uri): \(r.text.prefix(600))")
        }
    }

    @Test func headAnswersAsGetWithoutABody() async throws {
        try await Fixture.test(try Fixture.server(Fixture.byUnitDB)) { client in
            for uri in [BoardTests.plan, "/", "/search?q=ke+hoach", "/api/obligations?as_of=2026-11-22", "/static/style.css",
                        "/remind?plan=KH+1865&due=2026-09-20&as_of=2026-11-22"] {
                let get = try await client.get(uri)
                let head = try await client.execute(uri: uri, method: .head)
                #expect(head.status == .ok, "\(uri)")
                #expect(head.body.readableBytes == 0, "\(uri): HEAD sent a body")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(uri)")
                #expect(head.headers[.contentLength] == String(get.body.readableBytes), "\(uri)")
                #expect(head.headers[.contentSecurityPolicy] != nil)
            }
            // Errors too, without their page.
            let missing = try await client.execute(uri: "/doc?ref=KH+999999", method: .head)
            #expect(missing.status == .notFound && missing.body.readableBytes == 0)
            // Other methods are still refused.
            let put = try await client.execute(uri: "/", method: .put)
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers[.allow]?.contains("HEAD") == true)
        }
    }

    @Test func aPartialArchiveSaysSoOnEveryPageAndInTheJSON() async throws {
        let missing = Fixture.tempDir("missing-shard").appendingPathComponent("db").path
        try await Fixture.test(try Fixture.server(Fixture.byUnitDB) { o in
            o.moreDatabases = [missing]
            o.allowPartial = true
        }) { client in
            for uri in [BoardTests.plan, "/search?q=ke+hoach", "/doc?ref=KH+1865"] {
                let t = try await client.get(uri).text
                #expect(t.contains("<div class=\"partial\" role=\"status\"><strong>Câu trả lời không đầy đủ: </strong>"), "\(uri)")
                #expect(t.contains(EscapingTests.escaped(missing)), "\(uri): the shard left out is named")
            }
            // The matrix is still the shards' that answer.
            let matrix = try await client.get(BoardTests.plan).text
            #expect(matrix.contains("data-units=\"4\""))
            for uri in ["/api/obligations?as_of=2026-11-22&plan=KH+1865", "/api/obligations?as_of=2026-11-22&by_unit=1",
                        "/api/show?ref=KH+1865", "/api/cites?ref=KH+1865"] {
                let j = try await client.get(uri).json ?? [:]
                let partial = j["partial"] as? [String] ?? []
                #expect(partial.count == 1 && partial[0].hasPrefix(missing), "\(uri): \(partial)")
            }
            // The same JSON as the CLI's with --allow-partial.
            let cli = try CLI.run(["obligations", "--plan", "KH 1865", "--by-unit", "--as-of", "2026-11-22",
                                   "--db", Fixture.byUnitDB, "--db", missing, "--allow-partial", "--json"])
            let api = try await client.get("/api/obligations?as_of=2026-11-22&plan=KH+1865&by_unit=1").text
            #expect(api == cli.out)
        }
        // A whole archive says nothing of the kind.
        try await Fixture.test(try Fixture.server(Fixture.byUnitDB)) { client in
            let page = try await client.get(BoardTests.plan).text
            #expect(!page.contains("class=\"partial\""))
            let json = try await client.get("/api/obligations?as_of=2026-11-22&plan=KH+1865").json
            #expect(json?["obligations"] != nil && json?["partial"] == nil)
        }
    }

    @Test func unitNamesAreEscapedInTheMatrixAndTheReminders() async throws {
        try await Fixture.test(try Fixture.server(Fixture.hostileUnitsDB)) { client in
            let r = try await client.get("/obligations?plan=KH+1866&as_of=2026-11-22")
            #expect(r.status == .ok)
            let t = r.text
            EscapingTests.inert(t, "matrix")
            #expect(t.contains("data-units=\"3\""), "\(t.prefix(3000))")
            // The names as the archive reads them, escaped in text and in attributes.
            let j = try await client.get("/api/obligations?as_of=2026-11-22&plan=KH+1866&by_unit=1").json ?? [:]
            let units = (j["units"] as? [[String: Any]] ?? []).compactMap { $0["unit"] as? String }
            #expect(units.count == 3)
            #expect(units.contains { $0.contains("<script>") } && units.contains { $0.contains("onerror") })
            for u in units {
                #expect(t.contains("<tr data-unit=\"\(EscapingTests.escaped(u))\"><th scope=\"row\">\(EscapingTests.escaped(u))<span"), "\(u)")
            }
            #expect(t.contains("{{") && !t.contains("49"), "braces stay text")
            // The reminder's list of units, and the letter itself as text.
            let reminders = Browser.elements(t, "<ul class=\"reminders\">", close: "</ul>").first ?? ""
            #expect(reminders.contains(EscapingTests.escaped(units.joined(separator: ", "))))
            let letter = try await client.get("/remind?plan=KH+1866&due=2026-09-20&as_of=2026-11-22&format=text")
            #expect(letter.status == .ok)
            #expect(letter.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(letter.headers[.xContentTypeOptions] == "nosniff")
            #expect(letter.text.contains(units[0]))
        }
    }
}

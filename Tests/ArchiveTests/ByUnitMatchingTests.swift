@testable import Archive
import Documents
import Foundation
import Testing

/// Each rule of matching a report to an obligation and of who a duty binds, on small archives of
/// documents written as offices write them, parsed and indexed as `vanban index` does.
@Suite struct ByUnitMatchingTests {
    /// A document in the layout of Nghị định 30: header, number, place and date, type heading (or a
    /// công văn's V/v), Kính gửi, body, Nơi nhận.
    static func doc(parent: String? = "SỞ Y TẾ NGHỆ AN", issuer: String, number: String, place: String = "Nghệ An", date: String,
                    heading: String? = "BÁO CÁO", title: String, kinhGui: [String] = [], body: [String], noiNhan: [String] = ["Như trên", "Lưu: VT"]) -> String {
        var l: [String] = []
        l.append((parent ?? issuer) + "          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        l.append((parent == nil ? "" : issuer) + "          Độc lập - Tự do - Hạnh phúc")
        l.append("")
        l.append("Số: \(number)          \(place), ngày \(date)")
        if let heading {
            l += ["", heading, title, ""]
        } else {
            l += ["V/v \(title)", ""]
        }
        if kinhGui.count == 1 { l += ["Kính gửi: \(kinhGui[0]).", ""] }
        if kinhGui.count > 1 { l += ["Kính gửi:"] + kinhGui.map { "- \($0);" } + [""] }
        l += body.map { $0 + "\n" }
        l.append("Nơi nhận:          GIÁM ĐỐC")
        l += noiNhan.map { "- \($0);" }
        l.append("          Nguyễn Văn A")
        return l.joined(separator: "\n")
    }

    static func plan(number: String = "1520/KH-SYT", date: String = "12 tháng 5 năm 2026", kinhGui: [String] = [], duties: [String],
                     noiNhan: [String] = ["UBND tỉnh (b/c)", "Lưu: VT"]) -> String {
        doc(parent: "UBND TỈNH NGHỆ AN", issuer: "SỞ Y TẾ", number: number, date: date, heading: "KẾ HOẠCH",
            title: "Chấn chỉnh lề lối làm việc năm 2026", kinhGui: kinhGui,
            body: ["Sở Y tế ban hành Kế hoạch như sau:", "III. TỔ CHỨC THỰC HIỆN"] + duties.enumerated().map { "\($0.offset + 1). \($0.element)" },
            noiNhan: noiNhan)
    }

    static func report(_ issuer: String, number: String, date: String, title: String, plan: String = "Kế hoạch số 1520/KH-SYT ngày 12/5/2026",
                       opening: String? = nil) -> String {
        doc(issuer: issuer.uppercased(), number: number, date: date, title: title, kinhGui: ["Sở Y tế Nghệ An"],
            body: [opening ?? "Thực hiện \(plan) của Sở Y tế, đơn vị báo cáo như sau:", "1. Đã triển khai các nội dung của Kế hoạch./."])
    }

    /// An archive of `files` (name, text), with a roster when given.
    static func archive(_ files: [(String, String)], roster: String? = nil) throws -> (ArchiveReader, String) {
        var docs: [StoredDocument] = []
        for (name, text) in files {
            for d in DocumentParser.parse(fileText: text) { docs.append(StoredDocument(file: name, doc: d)) }
        }
        let dir = try CitationIndexTests.makeDB(docs, schema1: false)
        if let roster { try roster.write(toFile: dir + "/" + Roster.fileName, atomically: true, encoding: .utf8) }
        return (try ArchiveReader.open(path: dir), dir)
    }

    static func d(_ iso: String) -> DocDate { DocDate(iso: iso)! }

    /// unit → [due: (status, report files)] of the plan in file `plan`.
    static func cells(_ reader: ArchiveReader, plan: String, asOf: String) throws -> [String: [String: String]] {
        let p = try #require(try reader.document(id: plan + "#0"))
        var out: [String: [String: String]] = [:]
        for u in try reader.obligations.byUnit(asOf: d(asOf), plan: p).units {
            var row: [String: String] = [:]
            for c in u.dues {
                row[c.due?.description ?? "-"] = c.status.rawValue + (c.reports.isEmpty ? "" : " " + c.reports.map(\.file).joined(separator: ","))
            }
            out[u.unit + " (" + u.source.rawValue + ")"] = row
        }
        return out
    }

    // MARK: - Rule 3: the period comes before the words

    /// The first failure: a unit's half-year report went to a one-off review of the same
    /// plan (same unit, more words in common) instead of the half-year duty.
    @Test func halfYearReportGoesToTheHalfYearDutyNotTheReview() throws {
        let (r, dir) = try Self.archive([
            ("plan.txt", Self.plan(duties: [
                "Các Trung tâm Y tế khu vực báo cáo kết quả thực hiện 06 tháng (trước ngày 05 tháng 6) và hằng năm (trước ngày 05 tháng 12) gửi về Sở Y tế.",
                "Trung tâm Y tế khu vực Diễn Châu báo cáo kết quả rà soát, số hóa hồ sơ công việc về Sở Y tế trước ngày 15/7/2026.",
            ])),
            ("dc.txt", Self.report("Trung tâm Y tế khu vực Diễn Châu", number: "412/BC-TTYT", date: "01 tháng 7 năm 2026",
                                   title: "Kết quả rà soát, số hóa hồ sơ công việc 06 tháng đầu năm 2026")),
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = try Self.cells(r, plan: "plan.txt", asOf: "2026-08-01")
        #expect(c["Trung tâm Y tế khu vực Diễn Châu (named)"]?["2026-06-05"] == "late dc.txt")
        #expect(c["Trung tâm Y tế khu vực Diễn Châu (named)"]?["2026-07-15"] == "overdue")
    }

    /// A report naming another period than any occurrence answers none; a quarter's report goes to
    /// its quarter; "sơ kết" is the half-year.
    @Test func periodsDecide() throws {
        let (r, dir) = try Self.archive([
            ("plan.txt", Self.plan(kinhGui: ["Trung tâm Y tế khu vực Quỳnh Lưu"], duties: [
                "Các đơn vị báo cáo kết quả định kỳ hằng quý, trước ngày 20 của tháng cuối quý (bắt đầu từ quý II năm 2026), gửi về Sở Y tế.",
                "Các đơn vị gửi báo cáo sơ kết về Sở Y tế trước ngày 25/6/2026.",
            ])),
            ("q1.txt", Self.report("Trung tâm Y tế khu vực Quỳnh Lưu", number: "10/BC-TTYT", date: "15 tháng 6 năm 2026", title: "Kết quả thực hiện quý I năm 2026")),
            ("q3.txt", Self.report("Trung tâm Y tế khu vực Quỳnh Lưu", number: "11/BC-TTYT", date: "18 tháng 9 năm 2026", title: "Kết quả thực hiện quý III năm 2026")),
            ("sk.txt", Self.report("Trung tâm Y tế khu vực Quỳnh Lưu", number: "12/BC-TTYT", date: "20 tháng 6 năm 2026", title: "Sơ kết công tác năm 2026")),
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let row = try #require(try Self.cells(r, plan: "plan.txt", asOf: "2026-10-01")["Trung tâm Y tế khu vực Quỳnh Lưu (recipients)"])
        #expect(row["2026-06-20"] == "overdue")          // the quý I report answers no occurrence
        #expect(row["2026-09-20"] == "fulfilled q3.txt")
        #expect(row["2026-06-25"] == "fulfilled sk.txt")
    }

    // MARK: - Rule 2: the issuer is one of the units, abbreviations both ways

    @Test func abbreviationsBothWaysAndNumbersApart() throws {
        let (r, dir) = try Self.archive([
            ("plan.txt", Self.plan(number: "88/KH-SGDĐT", duties: ["Các trường THPT báo cáo kết quả về Sở trước ngày 30/6/2026."],
                                   noiNhan: ["Trường Trung học phổ thông Cửa Lò", "Trường THPT Nghi Lộc 1", "UBND tỉnh (b/c)", "Lưu: VT"])),
            ("cl.txt", Self.report("Trường THPT Cửa Lò", number: "5/BC-THPT", date: "20 tháng 6 năm 2026", title: "Kết quả thực hiện Kế hoạch 88",
                                   plan: "Kế hoạch số 88/KH-SGDĐT ngày 12/5/2026")),
            ("nl1.txt", Self.report("Trường Trung học phổ thông Nghi Lộc 1", number: "6/BC-THPT", date: "02 tháng 7 năm 2026", title: "Kết quả thực hiện",
                                    plan: "Kế hoạch số 88/KH-SGDĐT ngày 12/5/2026")),
            ("nl2.txt", Self.report("Trường THPT Nghi Lộc 2", number: "7/BC-THPT", date: "25 tháng 6 năm 2026", title: "Kết quả thực hiện",
                                    plan: "Kế hoạch số 88/KH-SGDĐT ngày 12/5/2026")),
            ("thcs.txt", Self.report("Trường THCS Cửa Lò", number: "8/BC-THCS", date: "25 tháng 6 năm 2026", title: "Kết quả thực hiện",
                                     plan: "Kế hoạch số 88/KH-SGDĐT ngày 12/5/2026")),
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = try Self.cells(r, plan: "plan.txt", asOf: "2026-07-15")
        #expect(c["Trường Trung học phổ thông Cửa Lò (recipients)"]?["2026-06-30"] == "fulfilled cl.txt")
        #expect(c["Trường THPT Nghi Lộc 1 (recipients)"]?["2026-06-30"] == "late nl1.txt")
        // Nghi Lộc 2 is not Nghi Lộc 1: a unit of the class that answered; a THCS is not a THPT.
        #expect(c.keys.contains { $0.hasPrefix("Trường THPT Nghi Lộc 2") && $0.hasSuffix("(answered)") })
        #expect(!c.keys.contains { $0.contains("THCS") })
        #expect(c.count == 3)
    }

    // MARK: - Who is bound: recipients, then the roster, then the answers

    @Test func classesResolvedByListsThenRosterThenAnswers() throws {
        let duty = ["Các Trung tâm Y tế huyện báo cáo kết quả về Sở Y tế trước ngày 30/6/2026."]
        let report = Self.report("Trung tâm Y tế huyện Can Lộc", number: "9/BC-TTYT", date: "25 tháng 6 năm 2026", title: "Kết quả thực hiện")
        // No list, no roster: the units that answered.
        var (r, dir) = try Self.archive([("plan.txt", Self.plan(duties: duty)), ("cl.txt", report)])
        #expect(try Self.cells(r, plan: "plan.txt", asOf: "2026-07-15") == ["Trung tâm Y tế huyện Can Lộc (answered)": ["2026-06-30": "fulfilled cl.txt"]])
        // The per-obligation status of a class known only by its answers: the answers'.
        #expect(try r.obligations.statuses(asOf: Self.d("2026-07-15")).first?.status == .fulfilled)
        try? FileManager.default.removeItem(atPath: dir)
        // A roster: its units in the class (by class, name or alias), whether they answered or not.
        let roster = """
        # unit<TAB>class<TAB>aliases
        Trung tâm Y tế huyện Can Lộc\tTrung tâm Y tế huyện\tTTYT Can Lộc
        TTYT huyện Kỳ Anh\tTrung tâm Y tế huyện
        Bệnh viện Đa khoa tỉnh\tbệnh viện tuyến tỉnh
        """
        (r, dir) = try Self.archive([("plan.txt", Self.plan(duties: duty)), ("cl.txt", report)], roster: roster)
        #expect(try Self.cells(r, plan: "plan.txt", asOf: "2026-07-15") == [
            "Trung tâm Y tế huyện Can Lộc (roster)": ["2026-06-30": "fulfilled cl.txt"],
            "TTYT huyện Kỳ Anh (roster)": ["2026-06-30": "overdue"],
        ])
        // Bound units decide the obligation's status: the worst of them.
        #expect(try r.obligations.statuses(asOf: Self.d("2026-07-15")).first?.status == .overdue)
        try? FileManager.default.removeItem(atPath: dir)
        // The plan's own list wins over the roster; Lưu, Như trên, copies for information, peers and
        // the issuer's leadership are never bound.
        (r, dir) = try Self.archive([("plan.txt", Self.plan(duties: duty, noiNhan: ["Như trên", "UBND tỉnh (b/c)", "Sở Tài chính", "Giám đốc Sở",
                                                                                   "TTYT huyện Hương Sơn", "TTYT huyện Đức Thọ (để biết)", "Lưu: VT"])),
                                     ("cl.txt", report)], roster: roster)
        #expect(try Self.cells(r, plan: "plan.txt", asOf: "2026-07-15") == [
            "TTYT huyện Hương Sơn (recipients)": ["2026-06-30": "overdue"],
            "Trung tâm Y tế huyện Can Lộc (answered)": ["2026-06-30": "fulfilled cl.txt"],
        ])
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test func rosterFileIsReadAndChecked() throws {
        var roster = Roster()
        #expect(roster.add(table: "# comment\n\nA\tclass\tB\tC\nbad line\n\tno unit") == ["line 4: expected UNIT<TAB>CLASS[<TAB>ALIAS…]", "line 5: expected UNIT<TAB>CLASS[<TAB>ALIAS…]"])
        #expect(roster.entries == [Roster.Entry(unit: "A", unitClass: "class", aliases: ["B", "C"])])
    }

    // MARK: - Rule 1: it answers the plan

    /// A mention of the plan in the body counts only from a unit the duty names; a reminder letter
    /// or a request for more time that cites the plan is never a report.
    @Test func onlyAnswersCount() throws {
        let (r, dir) = try Self.archive([
            ("plan.txt", Self.plan(duties: [
                "Các đơn vị trực thuộc báo cáo kết quả về Sở Y tế trước ngày 30/6/2026.",
                "Trung tâm Kiểm soát bệnh tật tỉnh gửi hồ sơ đề nghị công nhận về Sở Y tế trước ngày 30/7/2026.",
            ], noiNhan: ["Bệnh viện Đa khoa tỉnh", "Trung tâm Kiểm soát bệnh tật tỉnh", "Lưu: VT"])),
            // Mentions the plan in passing (relation "cites"), from a unit not named: not an answer.
            ("bv.txt", Self.report("Bệnh viện Đa khoa tỉnh", number: "3/BC-BV", date: "20 tháng 6 năm 2026", title: "Tình hình khám bệnh tháng 5 năm 2026",
                                   opening: "Bệnh viện báo cáo tình hình khám bệnh; việc triển khai Kế hoạch số 1520/KH-SYT của Sở Y tế sẽ được báo cáo riêng.")),
            // A reminder from the province: it cites the plan, answers nothing.
            ("ubnd.txt", Self.doc(parent: nil, issuer: "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", number: "55/UBND-VX", date: "01 tháng 7 năm 2026", heading: nil,
                                  title: "đôn đốc thực hiện Kế hoạch số 1520/KH-SYT", kinhGui: ["Trung tâm Kiểm soát bệnh tật tỉnh"],
                                  body: ["Thực hiện Kế hoạch số 1520/KH-SYT ngày 12/5/2026 của Sở Y tế, đề nghị đơn vị khẩn trương thực hiện./."])),
            // Named in the duty: its mention counts; and its công văn sends the file (not a report).
            ("cdc.txt", Self.doc(issuer: "TRUNG TÂM KIỂM SOÁT BỆNH TẬT", number: "77/KSBT-KH", date: "20 tháng 7 năm 2026", heading: nil,
                                 title: "gửi hồ sơ đề nghị công nhận", kinhGui: ["Sở Y tế Nghệ An"],
                                 body: ["Trung tâm gửi hồ sơ đề nghị công nhận theo yêu cầu tại Kế hoạch số 1520/KH-SYT ngày 12/5/2026 của Sở Y tế./."])),
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = try Self.cells(r, plan: "plan.txt", asOf: "2026-08-01")
        #expect(c["Bệnh viện Đa khoa tỉnh (recipients)"]?["2026-06-30"] == "overdue")
        #expect(c["Trung tâm Kiểm soát bệnh tật tỉnh (named)"]?["2026-06-30"] == "overdue")
        #expect(c["Trung tâm Kiểm soát bệnh tật tỉnh (named)"]?["2026-07-30"] == "fulfilled cdc.txt")
        #expect(!c.values.contains { $0.values.contains { $0.contains("ubnd.txt") } })
    }

    // MARK: - The horizon

    /// `--as-of 9999-12-31` lists each recurring duty's due dates within 10 years of its first.
    @Test func recurrencesStopAtTheHorizon() throws {
        let (r, dir) = try Self.archive([("plan.txt", Self.plan(duties: ["Các đơn vị báo cáo định kỳ hằng tháng, trước ngày 25 hằng tháng, gửi về Sở Y tế."]))])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let all = try r.obligations.statuses(asOf: Self.d("9999-12-31"))
        #expect(all.count == 121)
        #expect(all.last?.due == Self.d("2036-05-25"))
        #expect(try r.obligations.statuses(asOf: Self.d("2026-08-01")).count == 4)   // 05, 06, 07, 08
    }
}

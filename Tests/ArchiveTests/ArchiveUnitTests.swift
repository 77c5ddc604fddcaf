@testable import Archive
import Documents
import Foundation
import Testing

@Suite struct UserRefTests {
    @Test func fullNumbers() {
        #expect(UserRef.parse("6757/KH-SYT")?.full == "6757/KH-SYT")
        #expect(UserRef.parse("6757 /KH-SYT")?.serial == "6757")
        #expect(UserRef.parse("226-KL/TW")?.type == "KL")
        #expect(UserRef.parse("30/2020/NĐ-CP")?.serial == "30")
    }

    @Test func typedShortForms() {
        #expect(UserRef.parse("KH 6757") == UserRef(serial: "6757", type: "KH", full: nil))
        #expect(UserRef.parse("kế hoạch 6757")?.type == "KH")
        #expect(UserRef.parse("kế hoạch số 6757")?.type == "KH")
        #expect(UserRef.parse("Kết luận 226")?.type == "KL")
        #expect(UserRef.parse("KL 226")?.type == "KL")
        #expect(UserRef.parse("Quyết định 1688")?.type == "QĐ")
        #expect(UserRef.parse("qd 1688")?.type == "QĐ")
        #expect(UserRef.parse("6757")?.type == nil)
    }

    /// The hand scanner reads a number's start as the regular expression it replaced does.
    @Test func numberStartIsTheRegex() {
        var inputs = ["6757/KH-SYT", "6757 /KH-SYT", "226-KL/TW", "30/2020/NĐ-CP", "30/2020 - NĐ", "30/202/NĐ", "30/20201/NĐ",
                      "1234567/KH", "123456/KH", "12/ 2020-NĐ", "12/ KH", "12 - đ", "12-", "12/", "/KH", "KH 6757", "12 -9",
                      "١٢/KH", "12/2020/", "12/2020/3", "12\t/\tKH", "12/-KH", "12/\u{301}a", "0/ư", "12/2020/Ư", ""]
        var g = SystemRandomNumberGenerator()
        let pieces = ["1", "23", "2020", "/", "-", " ", "KH", "đ", "Ư", "\t", "9", "٣", "."]
        for _ in 0..<3000 { inputs.append((0..<Int.random(in: 1...6, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()) }
        for s in inputs {
            let regex = s.range(of: #"^\d{1,6}(/\d{4})?\s*[/-]\s*\p{L}"#, options: .regularExpression) != nil
            #expect(UserRef.startsWithNumberAndSymbol(s) == regex, "\(s)")
        }
    }

    @Test func notNumbers() {
        #expect(UserRef.parse("???") == nil)
        #expect(UserRef.parse("chấn chỉnh lề lối") == nil)
        #expect(UserRef.parse("") == nil)
    }
}

@Suite struct DateRangeTests {
    @Test func forms() throws {
        #expect(try DateRange.date("2026-05-22") == DocDate(year: 2026, month: 5, day: 22))
        #expect(try DateRange.date("22/5/2026") == DocDate(year: 2026, month: 5, day: 22))
        #expect(try DateRange.date("5/2026") == DocDate(year: 2026, month: 5))
        let (a, b) = try DateRange.parse("2026-05..2026-06")
        #expect(a == DocDate(year: 2026, month: 5) && b == DocDate(year: 2026, month: 6))
        #expect(Filter.highKey(b!) == "20260699")
    }

    @Test func impossibleDatesAreRejected() {
        #expect(throws: ArchiveError.self) { try DateRange.date("2026-02-30") }
        #expect(throws: ArchiveError.self) { try DateRange.date("31/4/2026") }
        #expect(throws: ArchiveError.self) { try DateRange.parse("2026-06..2026-05") }
    }
}

@Suite struct QueryLanguageTests {
    @Test func lexesOperatorsPhrasesAndFields() {
        let t = QueryLanguage.lex("\"lề lối\" AND họp -hội OR x loai:KH ngay:2026-05..2026-06 (a)")
        #expect(t.contains(.phrase("lề lối")))
        #expect(t.contains(.and))
        #expect(t.contains(.minus))
        #expect(t.contains(.field("loai", "KH")))
        #expect(t.contains(.field("ngay", "2026-05..2026-06")))
        #expect(t.contains(.lparen) && t.contains(.rparen))
    }

    @Test func unbalancedInputStillParses() {
        for q in ["\"abc", "((a", "a))", "NOT", "-", "AND OR", String(repeating: "(", count: 500)] {
            _ = QueryLanguage.parse(q)
        }
    }

    @Test func groupsRequiredOptionalExcluded() {
        guard case .group(let must, let should, let mustNot) = QueryLanguage.parse("a AND b c -d") else {
            Issue.record("not a group"); return
        }
        #expect(must.count == 2)
        #expect(should.count == 1)
        #expect(mustNot.count == 1)
    }
}

@Suite struct MatchingRuleTests {
    /// Whether an issuer is one of the units a duty binds (named, or in a class it names), with
    /// the built-in abbreviations.
    @Test func reporterFit() {
        let m = UnitMatcher(abbreviations: .builtIn)
        func fits(_ reporter: String?, _ issuer: String) -> Bool {
            ReportingUnits.parts(of: reporter).contains { part in
                switch part {
                case .unit(let u): return m.sameUnit(u, issuer)
                case .unitClass(let c): return m.isMember(issuer, of: c)
                }
            }
        }
        #expect(fits("Các Trung tâm Y tế khu vực", "Trung tâm Y tế khu vực Diễn Châu"))
        #expect(!fits("Các Trung tâm Y tế khu vực", "Trung tâm Kiểm soát bệnh tật tỉnh Nghệ An"))
        #expect(fits("Trung tâm Kiểm soát bệnh tật tỉnh", "Trung tâm Kiểm soát bệnh tật tỉnh Nghệ An"))
        #expect(fits("Các đơn vị trực thuộc", "Trường THPT Cửa Lò"))
        #expect(fits("Trường THPT Nam Đàn 2", "Trường THPT Nam Đàn 2"))
        #expect(!fits("Trường THPT Nam Đàn 2", "Trường THPT Nam Đàn"))
        #expect(!fits("Sở Y tế", "Trung tâm Y tế khu vực Thuận An"))
        #expect(fits(nil, "x"))
    }

    @Test func periods() {
        #expect(Archive.period(inText: "ket qua 06 thang dau nam 2026", defaultYear: 0) == .half(1, year: 2026))
        #expect(Archive.period(inText: "ket qua thuc hien quy ii nam 2026", defaultYear: 0) == .quarter(2, year: 2026))
        #expect(Archive.period(inText: "ket qua cai cach hanh chinh nam 2025", defaultYear: 0) == .year(2025))
        #expect(Archive.period(inText: "ket qua ra soat so hoa ho so", defaultYear: 2026) == nil)
        #expect(Archive.period(inText: "bao cao 6 thang cuoi nam 2026", defaultYear: 0) == .half(2, year: 2026))
    }

    @Test func dayNumbersDiffer() {
        let a = Archive.dayNumber(DocDate(year: 2026, month: 6, day: 5))
        let b = Archive.dayNumber(DocDate(year: 2026, month: 5, day: 27))
        #expect(a - b == 9)
        #expect(Archive.dayNumber(DocDate(year: 2025, month: 1, day: 1)) - Archive.dayNumber(DocDate(year: 2024, month: 12, day: 31)) == 1)
    }
}

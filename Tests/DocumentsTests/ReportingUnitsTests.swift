import Foundation
import Testing
import VietText
@testable import Documents

/// Names compared folded, a shorter name the start of a longer one (the archive's matcher also
/// writes abbreviations out; these tests use names written in full).
private struct FoldedNames: UnitNames {
    func sameUnit(_ a: String, _ b: String) -> Bool {
        let x = VietText.fold(a), y = VietText.fold(b)
        return x == y || x.hasPrefix(y + " ") || y.hasPrefix(x + " ")
    }
    func isMember(_ unit: String, of c: UnitClass) -> Bool {
        c.generic || VietText.fold(unit).hasPrefix(VietText.fold(c.head))
    }
}

@Suite struct ReportingUnitsTests {
    func describe(_ parts: [ReportingUnits.Part]) -> [String] {
        parts.map {
            switch $0 {
            case .unit(let u): return "unit:" + u
            case .unitClass(let c): return "class:" + c.head + (c.generic ? " (generic)" : "") + (c.underIssuer ? " (under)" : "")
            }
        }
    }

    @Test func namedUnitsAndClasses() {
        #expect(describe(ReportingUnits.parts(of: "Trường THPT Nam Đàn 2")) == ["unit:Trường THPT Nam Đàn 2"])
        #expect(describe(ReportingUnits.parts(of: "Hiệu trưởng Trường THPT Nam Đàn 2")) == ["unit:Trường THPT Nam Đàn 2"])
        // "và" inside a name is not a separator.
        #expect(describe(ReportingUnits.parts(of: "Sở Giáo dục và Đào tạo")) == ["unit:Sở Giáo dục và Đào tạo"])
        #expect(describe(ReportingUnits.parts(of: "Trung tâm Kiểm soát bệnh tật tỉnh; Các bệnh viện tuyến tỉnh; Các Trung tâm Y tế khu vực"))
                == ["unit:Trung tâm Kiểm soát bệnh tật tỉnh", "class:bệnh viện", "class:Trung tâm Y tế khu vực"])
        #expect(describe(ReportingUnits.parts(of: "Thủ trưởng các đơn vị trực thuộc Sở")) == ["class:đơn vị (generic) (under)"])
        // The kind written before "các" is every item's: "UBND thị xã", "UBND thành phố".
        #expect(describe(ReportingUnits.parts(of: "Ủy ban nhân dân các huyện, thị xã, thành phố"))
                == ["class:Ủy ban nhân dân huyện", "class:Ủy ban nhân dân thị xã", "class:Ủy ban nhân dân thành phố"])
        #expect(describe(ReportingUnits.parts(of: "Các sở, ban, ngành cấp tỉnh; Ủy ban nhân dân các xã, phường"))
                == ["class:sở", "class:ban", "class:ngành (generic)", "class:Ủy ban nhân dân xã", "class:Ủy ban nhân dân phường"])
        #expect(describe(ReportingUnits.parts(of: "Các phòng chuyên môn, chi cục và đơn vị sự nghiệp thuộc Sở"))
                == ["class:phòng", "class:chi cục", "class:đơn vị sự nghiệp (generic) (under)"])
        #expect(describe(ReportingUnits.parts(of: "Các trường THPT")) == ["class:trường THPT"])
        // No reporter: every unit the plan addresses.
        #expect(describe(ReportingUnits.parts(of: nil)) == ["class: (generic)"])
    }

    @Test func addressedUnitsLeaveOutCopiesForInformationTheIssuerAndItsPeers() {
        let names = FoldedNames()
        let copies = ["UBND tỉnh (b/c)", "Sở Nội vụ", "Giám đốc, các PGĐ Sở", "Các đơn vị trực thuộc", "Như trên",
                      "Trường THPT Cửa Lò", "Hiệu trưởng Trường THPT Nam Đàn 2", "Sở Giáo dục và Đào tạo tỉnh Nghệ An",
                      "Trường THPT Đô Lương (để biết)", "Trung tâm GDTX tỉnh (thực hiện)", "Lưu: VT, VP"]
        let units = ReportingUnits.addressed(recipients: ["Trường THPT Cửa Lò; Trường THPT Nghi Lộc"], copiesTo: copies,
                                             issuer: "Sở Giáo dục và Đào tạo tỉnh Nghệ An", names: names)
        #expect(units == ["Trường THPT Cửa Lò", "Trường THPT Nghi Lộc", "Trường THPT Nam Đàn 2", "Trung tâm GDTX tỉnh"])
        // A province's plan binds its departments.
        let up = ReportingUnits.addressed(recipients: ["Sở Y tế", "Sở Tài chính", "Văn phòng Chính phủ (b/c)", "Bộ Nội vụ"], copiesTo: [],
                                          issuer: "Ủy ban nhân dân tỉnh Nghệ An", names: names)
        #expect(up == ["Sở Y tế", "Sở Tài chính"])
        // A class with its members: one unit each.
        #expect(ReportingUnits.addressed(recipients: [], copiesTo: ["Các trường THPT: Cửa Lò, Nghi Lộc 1 và Nam Đàn 2", "Lưu: VT, VP"],
                                         issuer: "Sở Giáo dục và Đào tạo tỉnh Nghệ An", names: names)
                == ["Trường THPT Cửa Lò", "Trường THPT Nghi Lộc 1", "Trường THPT Nam Đàn 2"])
        let c = ReportingUnits.unitClass("các trường THPT")
        #expect(ReportingUnits.members(of: c, among: ["Trường THPT Cửa Lò", "Trung tâm GDTX tỉnh"], names: names) == ["Trường THPT Cửa Lò"])
    }

    @Test func levels() {
        #expect(ReportingUnits.level("UBND tỉnh") == 4)
        #expect(ReportingUnits.level("Ủy ban nhân dân tỉnh Nghệ An") == 4)
        #expect(ReportingUnits.level("TT Tỉnh ủy, HĐND tỉnh") == 4)
        #expect(ReportingUnits.level("Sở Y tế") == 3)
        #expect(ReportingUnits.level("UBND huyện Mỹ Tú") == 3)
        #expect(ReportingUnits.level("Bộ Y tế") == 5)
        #expect(ReportingUnits.level("Trường THPT Cửa Lò") == 0)
        #expect(ReportingUnits.level("Trung tâm Y tế huyện Can Lộc") == 0)
    }
}

@Suite struct DutyPartiesTests {
    func extract(_ text: String, issuer: String = "Sở Y tế tỉnh Hà Tĩnh", date: DocDate = DocDate(year: 2026, month: 5, day: 15)) -> [Obligation] {
        ObligationExtractor.extract(text: text, documentDate: date, issuer: issuer)
    }

    /// The reporter is read from the duty's own sentence, or the heading it stands under, never
    /// from the plan's opening sentence about its own issuer.
    @Test func reporterFromTheDutysOwnSentence() {
        let plan = """
        Sở Y tế xây dựng Kế hoạch như sau:

        1. Gửi báo cáo kết quả thực hiện về Sở Y tế (qua Văn phòng Sở) trước ngày 20/6/2026.
        2. Trung tâm Kiểm soát bệnh tật tỉnh báo cáo kết quả rà soát về Sở Y tế trước ngày 30/7/2026.
        """
        let o = extract(plan)
        #expect(o.map(\.due) == [DocDate(year: 2026, month: 6, day: 20), DocDate(year: 2026, month: 7, day: 30)])
        #expect(o[0].reporter == nil)
        #expect(o[1].reporter == "Trung tâm Kiểm soát bệnh tật tỉnh")
        let letter = """
        Sở Y tế đề nghị Thủ trưởng các đơn vị trực thuộc thực hiện các nội dung sau:

        1. Rà soát hồ sơ công việc năm 2026.
        2. Gửi báo cáo kết quả rà soát về Sở Y tế trước ngày 15/7/2026.
        """
        #expect(extract(letter).first?.reporter == "Thủ trưởng các đơn vị trực thuộc")
        // A recipient inside the sentence names an office, never what is due.
        let office = extract("Các đơn vị khẩn trương hoàn thiện báo cáo 06 tháng đầu năm 2026, gửi về Sở Y tế (qua Phòng Kế hoạch - Tài chính) trước ngày 20/6/2026.")
        #expect(office.first?.what == "báo cáo 06 tháng đầu năm 2026")
        #expect(office.first?.recipient == "Sở Y tế (qua Phòng Kế hoạch - Tài chính)")
    }

    @Test func regimeFromTheSentenceItsParagraphOrItsSection() {
        let plan = """
        III. TỔ CHỨC THỰC HIỆN
        1. Các đơn vị báo cáo định kỳ 06 tháng (trước ngày 10 tháng 6) và hằng năm (trước ngày 10 tháng 12) gửi về Sở Y tế theo đề cương tại Phụ lục kèm theo Kế hoạch này; đồng thời gửi bản điện tử qua Hệ thống quản lý văn bản và điều hành.
        2. Thời gian chốt số liệu: từ ngày 15 tháng 12 năm trước đến ngày 14 của tháng cuối kỳ báo cáo.
        3. Trung tâm Kiểm soát bệnh tật tỉnh báo cáo kết quả rà soát về Sở Y tế trước ngày 30/7/2026.
        """
        let o = extract(plan)
        #expect(o.count == 3)
        #expect(o[0].cutoff == Cutoff(from: "ngày 15 tháng 12 năm trước", to: "ngày 14 của tháng cuối kỳ báo cáo"))
        #expect(o[0].channel == "bản điện tử qua Hệ thống quản lý văn bản và điều hành")
        #expect(o[0].template == "đề cương tại Phụ lục kèm theo Kế hoạch này")
        #expect(o[1].cutoff == o[0].cutoff && o[1].channel == o[0].channel)
        // The one-off review: the section's only channel and template are its, but a cut-off only
        // for recurring reports.
        #expect(o[2].cutoff == nil)
        #expect(o[2].template == "đề cương tại Phụ lục kèm theo Kế hoạch này")
        // Not a way of sending a report: "phát hành qua Hệ thống" of a task; nothing stated: nil.
        let task = """
        1. Văn bản đi được ký số và phát hành qua Hệ thống quản lý văn bản và điều hành.
        2. Các đơn vị báo cáo kết quả về Sở Y tế trước ngày 30/7/2026.
        """
        let t = extract(task)
        #expect(t.count == 1 && t[0].channel == nil && t[0].template == nil && t[0].cutoff == nil)
        let email = extract("Các đơn vị gửi báo cáo về Sở Y tế trước ngày 30/7/2026, đồng thời gửi file điện tử về địa chỉ email: khtc.syt@hatinh.gov.vn.")
        #expect(email.first?.channel == "file điện tử về địa chỉ email: khtc.syt@hatinh.gov.vn")
    }
}

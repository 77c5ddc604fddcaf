import Testing
import Foundation
@testable import Documents

func seed(_ prefix: String) throws -> [ParsedDocument] {
    let files = try FileManager.default.contentsOfDirectory(atPath: Score.corpus.path).filter { $0.hasPrefix(prefix) }
    let f = try #require(files.first)
    return DocumentParser.parse(fileText: try String(contentsOf: Score.corpus.appendingPathComponent(f), encoding: .utf8))
}

func ref(_ d: ParsedDocument, _ n: String) -> Reference? { d.references.first { $0.number == n } }

@Suite struct SeedTests {
    @Test func seed000DraftLetter() throws {
        let docs = try seed("000_")
        #expect(docs.count == 1)
        let d = docs[0]
        #expect(d.number == nil)
        #expect(d.draft)
        #expect(d.type == "CV")
        #expect(d.issuer == "Sở Y tế tỉnh Đồng Tháp")
        #expect(d.place == "Đồng Tháp")
        #expect(d.date == DocDate(year: 2026, month: 1))
        #expect(d.subject?.hasPrefix("triển khai Kế hoạch số 28-KH/ĐU") == true)
        #expect(d.signer == "Lâm Thị Ngọc Kim")
        #expect(d.signerCapacity == "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")
        #expect(d.recipients == ["Các Phòng chuyên môn Sở Y tế", "Các đơn vị trực thuộc"])
        #expect(d.copiesTo.count == 3)
        #expect(ref(d, "244/UBND-TH")?.relation == .implements)
        #expect(ref(d, "244/UBND-TH")?.date == DocDate(year: 2026, month: 1, day: 22))
        #expect(ref(d, "28-KH/ĐU")?.relation == .cites)
        #expect(ref(d, "28-KH/ĐU")?.date == DocDate(year: 2025, month: 12, day: 31))
        #expect(ref(d, "123-KL/TW")?.relation == .cites)
        #expect(d.references.count == 3)
    }

    @Test func seed001HeaderlessDraft() throws {
        let d = try #require(try seed("001_").first)
        #expect(d.number == nil && d.draft)
        #expect(d.type == "CV")
        #expect(d.place == "Cà Mau")
        #expect(d.date == DocDate(year: 2026, month: 4))
        #expect(d.subject?.hasPrefix("triển khai thực hiện Kế hoạch số 230/KH-UBND") == true)
        #expect(d.issuer == "Sở Y tế tỉnh Cà Mau")
        #expect(d.signer == "Vương Hữu Tiến")
        #expect(ref(d, "230/KH-UBND")?.relation == .implements)
        #expect(ref(d, "534/QĐ-TTg")?.relation == .cites)
        #expect(ref(d, "226-KL/TW")?.relation == .cites)
    }

    @Test func seed002SplitsIntoReportThenPlan() throws {
        let docs = try seed("002_")
        #expect(docs.map(\.number) == ["660/BC-TTYT", "6757/KH-SYT"])
        let bc = docs[0], kh = docs[1]
        #expect(bc.type == "BC")
        #expect(bc.issuer == "Trung tâm Y tế khu vực Thuận An")
        #expect(bc.place == "Lái Thiêu")
        #expect(bc.date == DocDate(year: 2026, month: 5, day: 27))
        #expect(bc.recipients == ["Sở Y tế Thành phố Hồ Chí Minh"])
        #expect(bc.signer == "Phan Quang Toàn")
        #expect(bc.signerCapacity == "GIÁM ĐỐC")
        #expect(ref(bc, "6757/KH-SYT")?.relation == .implements)
        #expect(ref(bc, "6757/KH-SYT")?.date == DocDate(year: 2026, month: 5, day: 22))
        #expect(ref(bc, "226-KL/TW") != nil)
        #expect(bc.text.contains("Phan Quang Toàn") && !bc.text.contains("6757 /KH-SYT"))
        #expect(kh.type == "KH")
        #expect(kh.issuer == "Sở Y tế Thành phố Hồ Chí Minh")
        #expect(kh.place == "Thành phố Hồ Chí Minh")
        #expect(kh.date == DocDate(year: 2026, month: 5, day: 22))
        #expect(kh.subject?.hasPrefix("Triển khai thực hiện Kết luận số 226-KL/TW") == true)
        #expect(ref(kh, "226-KL/TW")?.relation == .implements)
        #expect(ref(kh, "6541/SNV-KTPC")?.relation == .basis)
        #expect(ref(kh, "534/QĐ-TTg")?.relation == .cites)
        #expect(ref(kh, "42/2022/NĐ-CP")?.date == DocDate(year: 2022, month: 6, day: 24))
        #expect(ref(kh, "6757/KH-SYT") == nil)
    }

    @Test func seed003TwoColumnLetter() throws {
        let d = try #require(try seed("003_").first)
        #expect(d.number == "2926/SYT-VP")
        #expect(d.type == "CV")
        #expect(d.issuer == "Sở Y tế tỉnh Thanh Hóa")
        #expect(d.date == DocDate(year: 2018, month: 10, day: 30))
        #expect(d.subject?.hasPrefix("báo cáo khắc phục những hạn chế yếu kém") == true)
        #expect(d.recipients == ["Thủ trưởng các đơn vị y tế trong ngành"])
        #expect(d.signer == "Trịnh Hữu Hùng")
        #expect(ref(d, "12358/UBND-THKH")?.relation == .implements)
        #expect(ref(d, "422/SYT-VP") != nil)
        #expect(!d.draft)
    }

    @Test func seed004PlanImplementsProvincialPlan() throws {
        let docs = try seed("004_")
        #expect(docs.count == 1)
        let d = docs[0]
        #expect(d.number == "4245/KH-SYT")
        #expect(d.type == "KH")
        #expect(d.date == DocDate(year: 2026, month: 5, day: 26))
        #expect(d.issuer == "Sở Y tế tỉnh Đồng Tháp")
        #expect(d.signer == "Nguyễn Văn Dương")
        #expect(ref(d, "498/KH-UBND")?.relation == .implements)
        #expect(ref(d, "534/QĐ-TTg")?.relation == .cites)
        #expect(ref(d, "226-KL/TW")?.relation == .cites)
        #expect(ref(d, "4245/KH-SYT") == nil, "own number in the appendix is not a reference")
    }

    @Test func spansPointAtTheirFields() throws {
        for prefix in ["000_", "002_", "003_", "004_"] {
            for d in try seed(prefix) {
                let bytes = Array(d.text.utf8)
                func at(_ k: String) -> String? {
                    guard let s = d.spans[k], s.start >= 0, s.end <= bytes.count, s.start <= s.end else { return nil }
                    return String(decoding: bytes[s.start..<s.end], as: UTF8.self)
                }
                if let s = d.signer { #expect(at("signer") == s) }
                if let p = d.place { #expect(at("place") == p) }
                if d.date != nil { #expect(at("date")?.contains("ngày") == true) }
                for r in d.references {
                    let t = String(decoding: bytes[r.span.start..<r.span.end], as: UTF8.self)
                    #expect(t == r.text)
                    #expect(t.contains(DocumentNumber.serial(of: r.number)))
                }
            }
        }
    }
}

@Suite struct NumberAndTypeTests {
    @Test func normalize() {
        #expect(DocumentNumber.normalize("6757 /KH-SYT") == "6757/KH-SYT")
        #expect(DocumentNumber.normalize("Số:     /SYT-VP") == nil)
        #expect(DocumentNumber.normalize("226-KL/TW") == "226-KL/TW")
        #expect(DocumentNumber.normalize("30/2020/NÐ-CP") == "30/2020/NĐ-CP")
        #expect(DocumentNumber.normalize("Số: 1268/KH-\nSGDĐT") == "1268/KH-SGDĐT")
        #expect(DocumentNumber.normalize("534/Q\u{0110}-TTg".decomposedStringWithCanonicalMapping) == "534/QĐ-TTg")
    }
    @Test func typeCodes() {
        #expect(DocumentNumber.typeCode(of: "6757/KH-SYT") == "KH")
        #expect(DocumentNumber.typeCode(of: "226-KL/TW") == "KL")
        #expect(DocumentNumber.typeCode(of: "30/2020/NĐ-CP") == "NĐ")
        #expect(DocumentNumber.typeCode(of: "361/2025/ND-CP") == "NĐ")
        #expect(DocumentNumber.typeCode(of: "110/2023/QH15") == nil)
        #expect(DocumentNumber.typeCode(of: "2926/SYT-VP") == nil)
        #expect(DocumentNumber.typeCode(of: "1405/SGDĐT-VP") == nil)
        #expect(DocumentNumber.typeCode(of: "534/QĐ-TTg") == "QĐ")
        #expect(DocumentNumber.typeCode(of: "08-QĐi/TW") == "QĐi")
        #expect(DocumentNumber.typeCode(of: "12/TTr-UBND") == "TTr")
        #expect(DocumentNumber.serial(of: "6757/KH-SYT") == "6757")
        #expect(DocumentNumber.serial(of: "226-KL/TW") == "226")
    }
    @Test func typeNames() {
        #expect(DocumentTypes.code(forName: "kế hoạch") == "KH")
        #expect(DocumentTypes.code(forName: "KẾ HOẠCH") == "KH")
        #expect(DocumentTypes.code(forName: "ke hoach") == "KH")
        #expect(DocumentTypes.code(forName: "báo cáo") == "BC")
        #expect(DocumentTypes.code(forName: "kết luận") == "KL")
        #expect(DocumentTypes.code(forName: "quyết định") == "QĐ")
        #expect(DocumentTypes.code(forName: "nghị định") == "NĐ")
        #expect(DocumentTypes.code(forName: "nghị quyết") == "NQ")
        #expect(DocumentTypes.code(forName: "công văn") == "CV")
        #expect(DocumentTypes.code(forName: "thông báo") == "TB")
        #expect(DocumentTypes.code(forName: "chỉ thị") == "CT")
        #expect(DocumentTypes.code(forName: "quy định") == "QyĐ")
        #expect(DocumentTypes.code(forName: "thông tư") == "TT")
        #expect(DocumentTypes.code(forName: "hướng dẫn") == "HD")
        #expect(DocumentTypes.code(forName: "tờ trình") == "TTr")
        #expect(DocumentTypes.code(forName: "luật") == "L")
        #expect(DocumentTypes.name(forCode: "KH") == "Kế hoạch")
        #expect(DocumentTypes.name(forCode: "NĐ") == "Nghị định")
        #expect(DocumentTypes.name(forCode: "TTr") == "Tờ trình")
    }
    @Test func issuerCasing() {
        #expect(IssuerNames.fromHeader(["UBND TỈNH ĐỒNG THÁP", "SỞ Y TẾ"]) == "Sở Y tế tỉnh Đồng Tháp")
        #expect(IssuerNames.fromHeader(["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN"]) == "Ủy ban nhân dân tỉnh Nghệ An")
        #expect(IssuerNames.fromHeader(["SỞ GD&ĐT NGHỆ AN", "TRƯỜNG THPT CHUYÊN", "PHAN BỘI CHÂU"]) == "Trường THPT chuyên Phan Bội Châu")
        #expect(IssuerNames.fromHeader(["SỞ Y TẾ NGHỆ AN", "TRUNG TÂM KIỂM SOÁT BỆNH TẬT"]) == "Trung tâm Kiểm soát bệnh tật tỉnh Nghệ An")
        #expect(IssuerNames.fromHeader(["SỞ Y TẾ THÀNH PHỐ CẦN THƠ", "BỆNH VIỆN ĐA KHOA THÀNH PHỐ CẦN THƠ"]) == "Bệnh viện Đa khoa thành phố Cần Thơ")
        #expect(IssuerNames.fromHeader(["UBND TỈNH NGHỆ AN", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "CHI CỤC THUỶ LỢI"]) == "Chi cục Thủy lợi tỉnh Nghệ An")
    }
}

@Suite struct ReferenceFormTests {
    func refs(_ body: String) -> [Reference] {
        let text = "Số: 12/KH-ABC\nHà Nội, ngày 01 tháng 6 năm 2026\n\nKẾ HOẠCH\nVề việc thử\n\n" + body + "\n"
        return DocumentParser.parse(fileText: text).first?.references ?? []
    }
    @Test func writtenForms() {
        let r = refs("""
        Thực hiện Kế hoạch số 6757/KH-SYT ngày 22 tháng 5 năm 2026 của Sở Y tế;
        Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;
        I. NỘI DUNG
        1. Quán triệt Kết luận số 226-KL/TW ngày 11-12-2025, Quyết định số 534/QÐ-TTg, Nghị quyết số 110/2023/QH15.
        2. Theo Công văn số 244/UBND-TH và Báo cáo số 412/BC-TTYT; Kế hoạch số 1268/KH-
        SGDĐT ngày 20/5/2026.
        3. Kế hoạch nêu trên, KH số 6757 và Kết luận 226; báo cáo 06 tháng; Chỉ thị số 15 của Thủ tướng.
        4. Quyết định này thay thế Quyết định số 99/QĐ-ABC ngày 01/01/2025.
        """)
        func f(_ n: String) -> Reference? { r.first { $0.number == n } }
        #expect(f("6757/KH-SYT")?.relation == .implements)
        #expect(f("6757/KH-SYT")?.date == DocDate(year: 2026, month: 5, day: 22))
        #expect(f("6757/KH-SYT")?.issuer == "Sở Y tế")
        #expect(f("30/2020/NĐ-CP")?.relation == .basis)
        #expect(f("226-KL/TW")?.date == DocDate(year: 2025, month: 12, day: 11))
        #expect(f("534/QĐ-TTg")?.type == "QĐ")
        #expect(f("110/2023/QH15")?.type == "NQ")
        #expect(f("244/UBND-TH")?.type == "CV")
        #expect(f("412/BC-TTYT")?.type == "BC")
        #expect(f("1268/KH-SGDĐT")?.date == DocDate(year: 2026, month: 5, day: 20))
        #expect(f("15")?.type == "CT")
        #expect(f("99/QĐ-ABC")?.relation == .replaces)
        #expect(r.filter { $0.number.hasPrefix("6757") }.count == 1)
        #expect(r.filter { $0.number.hasPrefix("226") }.count == 1)
        #expect(!r.contains { $0.number == "06" || $0.number == "12/KH-ABC" })
    }
}

@Suite struct HeaderFormTests {
    @Test func dottedDraftNumberAndPartyHeader() {
        let draft = DocumentParser.parse(fileText: "UBND TỈNH NGHỆ AN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ Y TẾ        Độc lập - Tự do - Hạnh phúc\n\nSố: ……../KH-SYT        Nghệ An, ngày …… tháng 3 năm 2026\n\nKẾ HOẠCH\nKiểm tra công vụ\n")
        #expect(draft.count == 1)
        #expect(draft[0].number == nil && draft[0].draft)
        #expect(draft[0].type == "KH")
        #expect(draft[0].date == DocDate(year: 2026, month: 3))
        #expect(draft[0].issuer == "Sở Y tế tỉnh Nghệ An")
        #expect(draft[0].subject == "Kiểm tra công vụ")

        let party = DocumentParser.parse(fileText: "ĐẢNG BỘ TỈNH NGHỆ AN              ĐẢNG CỘNG SẢN VIỆT NAM\nTỈNH ỦY\n*\nSố 45-KH/TU                        Nghệ An, ngày 03 tháng 02 năm 2026\n\nKẾ HOẠCH\nTHỰC HIỆN KẾT LUẬN SỐ 226-KL/TW CỦA BAN BÍ THƯ\n\nNơi nhận:                          T/M BAN THƯỜNG VỤ\n- Lưu VPTU.                        PHÓ BÍ THƯ THƯỜNG TRỰC\n\n                                   NGUYỄN VĂN THÔNG\n")
        #expect(party.count == 1)
        #expect(party[0].number == "45-KH/TU")
        #expect(party[0].issuer == "Tỉnh ủy Nghệ An")
        #expect(party[0].signer == "Nguyễn Văn Thông")
        #expect(party[0].references.first?.number == "226-KL/TW")
        #expect(party[0].references.first?.relation == .implements)
    }
}

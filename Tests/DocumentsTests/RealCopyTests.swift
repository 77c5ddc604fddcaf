import Foundation
import Testing
@testable import Documents

/// One invented document per kind of mess real copies carry (issue 18): each test is a class of
/// problem, not a copy of a dev document.
@Suite struct RealCopyTests {
    static func one(_ text: String) throws -> ParsedDocument {
        let docs = DocumentParser.parse(fileText: text)
        #expect(docs.count == 1, "\(docs.count) documents")
        return try #require(docs.first)
    }

    static func relation(_ d: ParsedDocument, _ n: String) -> Relation? { d.references.first { $0.number == n }?.relation }

    static let header = """
    ỦY BAN NHÂN DÂN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    TỈNH PHÚ YÊN        Độc lập - Tự do - Hạnh phúc

    Số: 1234/QĐ-UBND        Tuy Hòa, ngày 05 tháng 8 năm 2021

    QUYẾT ĐỊNH
    Về việc ban hành Quy chế làm việc

    CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN

    Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
    Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;
    Căn cứ Quyết định số 1165/QĐ-TTg ngày 09 tháng 10 năm 2023 của Thủ tướng Chính phủ;
    Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 88/TTr-SNV ngày 01/8/2021.

    QUYẾT ĐỊNH:
    Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.
    """

    // 0. Hard-wrapped text: every field and every reference's clause, date and issuer hold.
    @Test func hardWrappedAnywhere() throws {
        let clean = try Self.one(Self.header)
        let wrapped = try Self.one("""
        ỦY BAN NHÂN DÂN        CỘNG HÒA XÃ HỘI CHỦ
        NGHĨA VIỆT NAM
        TỈNH PHÚ YÊN        Độc lập - Tự do - Hạnh phúc

        Số: 1234/QĐ-UBND        Tuy Hòa, ngày
        05 tháng 8 năm 2021

        QUYẾT ĐỊNH
        Về việc ban hành Quy chế làm việc

        CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN

        Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm
        2015;
        Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính
        phủ về công tác văn thư;
        Căn cứ Quyết định số
        1165/QĐ-TTg ngày
        09 tháng 10 năm 2023 của Thủ tướng
        Chính phủ;
        Theo đề nghị của Giám đốc Sở Nội vụ tại
        Tờ trình số 88/TTr-SNV ngày 01/8/2021.

        QUYẾT ĐỊNH:
        Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.
        """)
        #expect(wrapped.number == "1234/QĐ-UBND" && wrapped.type == "QĐ")
        #expect(wrapped.date == DocDate(year: 2021, month: 8, day: 5))
        #expect(wrapped.issuer == clean.issuer && clean.issuer == "Ủy ban nhân dân tỉnh Phú Yên")
        #expect(Self.relation(wrapped, "1165/QĐ-TTg") == .basis)
        let r = try #require(wrapped.references.first { $0.number == "1165/QĐ-TTg" })
        #expect(r.date == DocDate(year: 2023, month: 10, day: 9))
        #expect(r.issuer == "Thủ tướng Chính phủ")
        #expect(wrapped.references.map(\.number) == clean.references.map(\.number))
        #expect(wrapped.references.map(\.relation) == clean.references.map(\.relation))
    }

    // 1. Header fields broken by layout: cells and pipes, a field over two lines, columns one after
    //    the other, blank lines, non-breaking spaces.
    @Test func headerBrokenByLayout() throws {
        let layouts = [
            "| SỞ Y TẾ TỈNH GIA LAI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n| Số: 77/KH-SYT | Pleiku, ngày\n14 tháng 3 năm 2025 |\n\nKẾ HOẠCH\nTiêm chủng mở rộng năm 2025\n",
            "SỞ Y TẾ TỈNH GIA LAI\n-------\nSố:\n77/KH-SYT\n\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nPleiku,\nngày 14 tháng 3 năm 2025\n\nKẾ HOẠCH\nTiêm chủng mở rộng năm 2025\n",
            "SỞ Y TẾ TỈNH GIA LAI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 77/KH-SYT\n\nĐộc lập - Tự do - Hạnh phúc\n\nPleiku, ngày 14 tháng 3 năm 2025\nKẾ HOẠCH\nTiêm chủng mở rộng năm 2025\n",
            "SỞ Y TẾ TỈNH\u{00A0}GIA LAI\u{00A0}\u{00A0}\u{00A0}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố:\u{00A0}77/KH-SYT\u{00A0}\u{00A0}\u{00A0}Pleiku, ngày\u{00A0}14 tháng 3 năm 2025\nKẾ HOẠCH\nTiêm chủng mở rộng năm 2025\n",
        ]
        for l in layouts {
            let d = try Self.one(l)
            #expect(d.number == "77/KH-SYT", "\(l)")
            #expect(d.type == "KH", "\(l)")
            #expect(d.date == DocDate(year: 2025, month: 3, day: 14), "\(l)")
            #expect(d.place == "Pleiku", "\(l)")
            #expect(d.issuer == "Sở Y tế tỉnh Gia Lai", "\(l)")
        }
    }

    // 2. A whole document on one line, fields glued without spaces.
    /// A page number on a line of its own between the type heading and the title (a PDF page
    /// break there) is not the subject; the title under it is.
    @Test func pageNumberBetweenHeadingAndTitle() throws {
        for mark in ["2", "12"] {
            let text = Self.header.replacingOccurrences(of: "QUYẾT ĐỊNH\nVề việc", with: "QUYẾT ĐỊNH\n\n\(mark)\n\nVề việc")
            #expect(text != Self.header)
            let d = try Self.one(text)
            #expect(d.subject?.contains("Quy chế làm việc") == true, "\(mark): \(d.subject ?? "-")")
            #expect(d.number == "1234/QĐ-UBND" && d.type == "QĐ")
        }
    }

    @Test func wholeDocumentOnOneLine() throws {
        let d = try Self.one("TỈNH ỦY BÌNH ĐỊNH***Số: 215 - KH/TUQuy Nhơn, ngày20/02/2023 KẾ HOẠCHTriển khai thực hiện Chỉ thị số 12-CT/TƯ ngày 05/01/2023 của Ban Bí thư- Căn cứ Điều lệ Đảng; - Thực hiện Chỉ thị số 12-CT/TƯ ngày 05/01/2023 của Ban Bí thư, Ban Thường vụ Tỉnh ủy xây dựng Kế hoạch như sau: I. MỤC ĐÍCH Tổ chức quán triệt Chỉ thị. Nơi nhận: - Như trên; - Lưu VPTU. T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ THƯỜNG TRỰC(đã ký) Lê Văn Bình")
        #expect(d.number == "215-KH/TU")
        #expect(d.type == "KH")
        #expect(d.date == DocDate(year: 2023, month: 2, day: 20))
        #expect(d.issuer == "Tỉnh ủy Bình Định")
        #expect(Self.relation(d, "12-CT/TƯ") == .implements)
        #expect(d.signer == "Lê Văn Bình")
    }

    // 3. Conversion debris glued to a field, and shape names on lines of their own.
    @Test func conversionDebris() throws {
        let d = try Self.one("""
        ỦY BAN NHÂN DÂN
        Text Box 4
        THÀNH PHỐ ĐÀ NẴNG
        straight connector 2Số: 2210 /UBND-KT
        V/v triển khai Kế hoạch số 45/KH-UBND ngày 02/3/2024 của UBND thành phố
        Picture 1
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        straight connector 1Độc lập - Tự do - Hạnh phúc
        Đà Nẵng, ngày 11 tháng 4 năm 2024
        Kính gửi: Các sở, ban, ngành.
        Ủy ban nhân dân thành phố có ý kiến như sau.
        """)
        #expect(d.number == "2210/UBND-KT" && d.type == "CV")
        #expect(d.date == DocDate(year: 2024, month: 4, day: 11))
        #expect(d.issuer == "Ủy ban nhân dân thành phố Đà Nẵng")
        #expect(Self.relation(d, "45/KH-UBND") == .implements)
    }

    // 4. Numbers of every system, as written.
    @Test func numbersOfEverySystem() throws {
        let d = try Self.one("""
        BAN CHẤP HÀNH TRUNG ƯƠNG        ĐẢNG CỘNG SẢN VIỆT NAM
        ĐOÀN TNCS HỒ CHÍ MINH
        Số: 51 - HD/TWĐTN-VP        Hà Nội, ngày 10 tháng 5 năm 2022

        HƯỚNG DẪN
        Thực hiện công tác văn thư

        - Căn cứ Quyết định số 84 QĐ/TWĐTN ngày 22/02/2020 của Ban Chấp hành Trung ương Đoàn;
        - Căn cứ Nghị quyết số 12-NQ/TƯ ngày 16/01/2012 và Quyết định số 123/QĐBYT ngày 05/3/2021;
        Ban Bí thư hướng dẫn như sau:
        1. Theo Tờ trình số 05/Ttr-UBTVQH12 và Kế hoạch số 2 / KH - BTC, văn bản số 1836 năm 2006 không còn hiệu lực.
        """)
        #expect(d.number == "51-HD/TWĐTN-VP" && d.type == "HD")
        let numbers = Set(d.references.map(\.number))
        #expect(numbers.isSuperset(of: ["84QĐ/TWĐTN", "12-NQ/TƯ", "123/QĐBYT", "05/Ttr-UBTVQH12", "2/KH-BTC"]), "\(numbers)")
        #expect(!numbers.contains("1836") && !numbers.contains("84") && !numbers.contains("12-NQ/T"))
        #expect(Self.relation(d, "84QĐ/TWĐTN") == .basis && Self.relation(d, "12-NQ/TƯ") == .basis && Self.relation(d, "123/QĐBYT") == .basis)
    }

    // 5. The document's own date is the place-date line's, never a date in the subject or the body.
    @Test func ownDateFromThePlaceDateLineOnly() throws {
        let withDate = try Self.one("""
        BỘ TÀI CHÍNH
        Số: 905/BTC-PC
        V/v đính chính Thông tư số 21/2019/TT-BTC
        ngày 11/4/2019
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Hà Nội, ngày 28 tháng 01 năm 2020
        Kính gửi: Các Bộ, ngành.
        """)
        #expect(withDate.date == DocDate(year: 2020, month: 1, day: 28))
        #expect(withDate.references.first?.date == DocDate(year: 2019, month: 4, day: 11))
        let without = try Self.one("""
        BỘ TÀI CHÍNH
        Số: 905/BTC-PC
        V/v đính chính Thông tư số 21/2019/TT-BTC ngày 11/4/2019
        Kính gửi: Các Bộ, ngành.
        Ngày 11/4/2019, Bộ Tài chính ban hành Thông tư số 21/2019/TT-BTC.
        """)
        #expect(without.date == nil)
    }

    // 6. A motto inside a body starts no document; two documents in one file still split.
    @Test func noSpuriousSplits() throws {
        let d = try Self.one("""
        QUỐC HỘI        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 12/2023/QH15        Hà Nội, ngày 20 tháng 6 năm 2023
        NGHỊ QUYẾT
        VỀ VIỆC TỔ CHỨC KỲ HỌP
        QUỐC HỘI NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
        QUYẾT NGHỊ:
        Điều 1. Kỳ họp thứ năm.
        PHỤ LỤC
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        ĐƠN ĐĂNG KÝ
        Kính gửi: Ban Tổ chức kỳ họp
        """)
        #expect(d.type == "NQ" && d.number == "12/2023/QH15")
        let two = DocumentParser.parse(fileText: Self.header + "\n\n" + Self.header.replacingOccurrences(of: "1234/QĐ-UBND", with: "1300/QĐ-UBND"))
        #expect(two.map(\.number) == ["1234/QĐ-UBND", "1300/QĐ-UBND"])
        let flat = DocumentParser.parse(fileText: [Self.header, Self.header.replacingOccurrences(of: "1234/QĐ-UBND", with: "1300/QĐ-UBND")]
            .map { $0.split(separator: "\n").joined(separator: " ") }.joined(separator: "\n\n"))
        #expect(flat.map(\.number) == ["1234/QĐ-UBND", "1300/QĐ-UBND"])
    }

    // 7. Relations by clause, for every item.
    @Test func relationsByClauseForEveryItem() throws {
        let d = try Self.one("""
        SỞ NỘI VỤ TỈNH LONG AN
        Số: 310/KH-SNV        Long An, ngày 02 tháng 4 năm 2025
        KẾ HOẠCH
        Công tác thanh niên năm 2025
        Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Thanh niên số 57/2024/QH15; Nghị định số 13/2021/NĐ-CP ngày 01/3/2021 của Chính phủ và Thông tư số 02/2022/TT-BNV ngày 10/5/2022 của Bộ Nội vụ về sửa đổi, bổ sung Thông tư số 11/2019/TT-BNV;
        Căn cứ Công văn số 77/UBND-VX ngày 12/3/2025 của UBND tỉnh về việc triển khai Quyết định số 19/QĐ-TTg ngày 02/01/2025 của Thủ tướng Chính phủ;
        Thực hiện Chỉ thị số 05/CT-TTg ngày 20/02/2025 của Thủ tướng Chính phủ và tiếp tục thực hiện Chỉ thị số 12/CT-TTg ngày 25/4/2019;
        Sở Nội vụ xây dựng Kế hoạch như sau:
        I. MỤC ĐÍCH
        """)
        #expect(Self.relation(d, "57/2024/QH15") == .basis)
        #expect(Self.relation(d, "13/2021/NĐ-CP") == .basis)
        #expect(Self.relation(d, "02/2022/TT-BNV") == .basis)
        #expect(Self.relation(d, "11/2019/TT-BNV") == .basis)      // what an item amends
        #expect(Self.relation(d, "77/UBND-VX") == .basis)
        #expect(Self.relation(d, "19/QĐ-TTg") == .cites)           // inside 77's description
        #expect(Self.relation(d, "05/CT-TTg") == .implements)
        #expect(Self.relation(d, "12/CT-TTg") == .implements)

        let report = try Self.one("""
        TRUNG TÂM Y TẾ HUYỆN ĐỨC HÒA
        Số: 41/BC-TTYT        Đức Hòa, ngày 15 tháng 7 năm 2025
        BÁO CÁO
        Sơ kết 6 tháng thực hiện Kế hoạch số 310/KH-SNV ngày 02/4/2025 của Sở Nội vụ
        Căn cứ Kế hoạch số 310/KH-SNV ngày 02/4/2025 của Sở Nội vụ về công tác thanh niên, thực hiện Quyết định số 19/QĐ-TTg;
        Trung tâm báo cáo như sau:
        """)
        #expect(Self.relation(report, "310/KH-SNV") == .implements)   // the strongest relation wins
    }

    // 8. The signer: under the capacity lines, glued to the capacity, after "(đã ký)"; none without a name.
    @Test func signer() throws {
        let body = "SỞ Y TẾ TỈNH AN GIANG\nSố: 5/TB-SYT        Long Xuyên, ngày 02 tháng 6 năm 2025\nTHÔNG BÁO\nLịch trực\nNội dung.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
        #expect(try Self.one(body + "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nTrần Thị Mai Anh\n").signer == "Trần Thị Mai Anh")
        #expect(try Self.one(body + "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐCTrần Thị Mai Anh\n").signer == "Trần Thị Mai Anh")
        #expect(try Self.one(body + "GIÁM ĐỐC\n(đã ký)\nTrần Thị Mai Anh\n").signer == "Trần Thị Mai Anh")
        #expect(try Self.one(body + "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n").signer == nil)
    }
}

import Foundation
import Testing
@testable import VietText

@Suite struct FoldTests {
    @Test func foldLine() {
        #expect(VietText.fold("Chấn chỉnh lề lối, làm việc!") == "chan chinh le loi lam viec")
        #expect(VietText.fold("  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM  ") == "cong hoa xa hoi chu nghia viet nam")
        #expect(VietText.fold("Độc lập - Tự do - Hạnh phúc") == "doc lap tu do hanh phuc")
        #expect(VietText.fold("Số: 6757/KH-SYT") == "so 6757 kh syt")
        #expect(VietText.fold("tăng trưởng 8% trở lên;") == "tang truong 8 tro len")
    }

    @Test(arguments: [
        ("NGUYỄN VĂN DƯƠNG", "nguyen van duong"), ("Nguyễn Văn Dương", "nguyen van duong"),
        ("nguyễn văn dương", "nguyen van duong"), ("Đồng Tháp", "dong thap"), ("ĐỒNG THÁP", "dong thap"),
        ("ĐẮK LẮK", "dak lak"), ("Đắk Lắk", "dak lak"), ("Huỳnh Thúc Kháng", "huynh thuc khang"),
        ("HUỲNH THÚC KHÁNG", "huynh thuc khang"), ("hUỳNh tHúC kHáNg", "huynh thuc khang"),
        ("Thành phố Hồ Chí Minh", "thanh pho ho chi minh"), ("Bà Rịa – Vũng Tàu", "ba ria vung tau"),
    ])
    func names(s: String, key: String) {
        #expect(VietText.fold(s) == key)
        #expect(VietText.fold(s.decomposedStringWithCanonicalMapping) == key)
    }

    @Test func emptyAndBlank() {
        #expect(VietText.fold("") == "")
        #expect(VietText.fold("   \n\t ") == "")
        #expect(VietText.fold("!?.,;:-–—/()") == "")
        #expect(VietText.foldWord("") == "")
        #expect(VietText.exactWord("") == "")
        #expect(VietText.fold("\u{301}\u{300}") == "")
        #expect(VietText.fold("a \u{301} b") == "a b")
    }

    @Test func digitsAndOtherScripts() {
        #expect(VietText.fold("Năm 2026, tăng 8,5%") == "nam 2026 tang 8 5")
        #expect(VietText.fold("中文 测试") == "中文 测试")
        #expect(VietText.fold("ПРИВЕТ Мир") == "привет мир")
        #expect(VietText.fold("ภาษาไทย") == "ภาษาไทย")
        #expect(VietText.fold("ok 😀 👍") == "ok 😀 👍")
        #expect(VietText.fold("tim ❤️ ☀ ✅ 👍🏽") == "tim ❤ ☀ ✅ 👍🏽")
        #expect(VietText.fold("\u{FE0F}") == "")
        #expect(VietText.fold("Ελληνικά ΑΘΗΝΑ") == "ελληνικα αθηνα")
        #expect(VietText.fold("한국어") == "한국어")
        #expect(VietText.fold("Café Müller Ñandú") == "cafe muller nandu")
    }

    @Test func eth() {
        #expect(VietText.fold("\u{D0}ồng Tháp") == "dong thap")
        #expect(VietText.fold("\u{F0}ịa") == "dia")
        #expect(VietText.foldWord("Đ") == "d")
        #expect(VietText.foldWord("đ") == "d")
    }

    @Test func zeroWidth() {
        #expect(VietText.fold("Hà\u{200B}Nội") == "hanoi")
        #expect(VietText.fold("\u{FEFF}Kế hoạch") == "ke hoach")
        #expect(VietText.fold("a \u{200B} b") == "a b")
        #expect(VietText.fold("trách\u{AD}nhiệm") == VietText.fold(VietText.normalize("trách\u{AD}nhiệm")))
    }

    @Test func oddSpaces() {
        #expect(VietText.fold("Sở\u{A0}Y\u{2009}tế\u{3000}x") == "so y te x")
    }

    @Test(arguments: [
        ("quy", "quí"), ("quý", "quí"), ("kỹ", "kĩ"), ("lý", "lí"), ("mỹ", "mĩ"), ("hy", "hi"),
        ("Kỹ", "KĨ"), ("tỷ", "tỉ"), ("sỹ", "sĩ"), ("Quy", "QUI"), ("ký", "kí"), ("thy", "thi"),
    ])
    func iyVariants(a: String, b: String) {
        #expect(VietText.foldWord(a) == VietText.foldWord(b))
        #expect(VietText.foldWord(a).last == "i")
    }

    @Test func iyCounterCases() {
        #expect(VietText.foldWord("tay") == "tay")
        #expect(VietText.foldWord("tai") == "tai")
        #expect(VietText.foldWord("tay") != VietText.foldWord("tai"))
        #expect(VietText.foldWord("y") == "y")
        #expect(VietText.foldWord("Y") == "y")
        #expect(VietText.foldWord("ý") == "y")
        #expect(VietText.foldWord("huy") == "huy")
        #expect(VietText.foldWord("tuy") == "tuy")
        #expect(VietText.foldWord("thủy") == "thuy")
        #expect(VietText.foldWord("xoáy") == "xoay")
        #expect(VietText.foldWord("mây") == "may")
        #expect(VietText.foldWord("máy") == "may")
        #expect(VietText.foldWord("quyết") == "quyet")
        #expect(VietText.foldWord("khuya") == "khuya")
        #expect(VietText.foldWord("yêu") == "yeu")
        #expect(VietText.fold("quy định kỹ thuật") == "qui dinh ki thuat")
        #expect(VietText.fold("qui định kĩ thuật") == "qui dinh ki thuat")
    }

    @Test func tonePairsFoldTogether() {
        for (a, b) in [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("oá", "óa"), ("uý", "úy"), ("oạ", "ọa")] {
            #expect(VietText.foldWord(a) == VietText.foldWord(b))
        }
    }

    @Test func exactWord() {
        #expect(VietText.exactWord("ĐỒNG") == "đồng")
        #expect(VietText.exactWord("Hoà") == "hòa")
        #expect(VietText.exactWord("THUỶ") == "thủy")
        #expect(VietText.exactWord("Dương") == "dương")
        #expect(VietText.exactWord("Dương".decomposedStringWithCanonicalMapping) == "dương")
        #expect(VietText.exactWord("\u{D0}ắk") == "đắk")
        #expect(VietText.exactWord("ABC123") == "abc123")
        #expect(VietText.exactWord("ПРИВЕТ") == "привет")
        #expect(VietText.exactWord("kỹ") != VietText.exactWord("kĩ")) // accents kept
    }

    @Test func unnormalisedInputFoldsLikeNormalised() {
        let raw = "\u{FEFF}UBND TỈNH \u{D0}ỒNG THÁP\u{A0}– Khánh Hoà, thuỷ\u{200B}lợi, QUÍ I"
        let variants = [raw, raw.decomposedStringWithCanonicalMapping, VietText.normalize(raw)]
        for v in variants { #expect(VietText.fold(v) == "ubnd tinh dong thap khanh hoa thuyloi qui i") }
    }
}

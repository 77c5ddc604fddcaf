import Foundation
import Testing
@testable import VietText

@Suite struct NormalizeTests {
    @Test func nfdInputBecomesNFC() {
        let nfc = "Nguyễn Văn Dương, Đồng Tháp"
        let nfd = nfc.decomposedStringWithCanonicalMapping
        #expect(Array(nfd.utf8) != Array(nfc.utf8))
        #expect(Array(VietText.normalize(nfd).utf8) == Array(nfc.utf8))
    }

    @Test(arguments: [
        ("hoà", "hòa"), ("Hoà", "Hòa"), ("HOÀ", "HÒA"), ("thuỷ", "thủy"), ("THUỶ", "THỦY"),
        ("khoẻ", "khỏe"), ("hoá", "hóa"), ("khoá", "khóa"), ("toà", "tòa"), ("hoạ", "họa"),
        ("tuỳ", "tùy"), ("luỹ", "lũy"), ("huỷ", "hủy"), ("Uỷ", "Ủy"), ("uý", "úy"), ("oà", "òa"),
        ("loé", "lóe"), ("thuý", "thúy"), ("xoã", "xõa"),
    ])
    func tonePlacementMadeTraditional(newStyle: String, traditional: String) {
        #expect(VietText.normalize(newStyle) == traditional)
        #expect(VietText.normalize(traditional) == traditional)
        #expect(VietText.normalize(newStyle.decomposedStringWithCanonicalMapping) == traditional)
        #expect(VietText.exactWord(newStyle) == traditional.lowercased())
        #expect(VietText.fold(newStyle) == VietText.fold(traditional))
    }

    @Test(arguments: ["quả", "quý", "quỳ", "giữa", "hoàng", "thuyết", "toán", "Quảng", "khuya", "khuỷu",
                      "của", "mùa", "quá", "giá", "hoài", "khoảng", "QUỐC", "tùy", "hòa"])
    func unambiguousSyllablesUntouched(w: String) {
        #expect(VietText.normalize(w) == w)
    }

    @Test func quiSpelling() {
        #expect(VietText.normalize("quí") == "quý")
        #expect(VietText.normalize("Quí") == "Quý")
        #expect(VietText.normalize("QUÍ") == "QUÝ")
        #expect(VietText.normalize("qui định") == "quy định")
        #expect(VietText.normalize("Qui chế") == "Quy chế")
        #expect(VietText.normalize("QUI") == "QUY")
        #expect(VietText.normalize("quỉ") == "quỷ")
        #expect(VietText.normalize("quít") == "quít") // closed syllable left alone
        #expect(VietText.normalize("quiz") == "quiz")
        #expect(VietText.exactWord("Quí") == "quý")
        #expect(VietText.exactWord("qui") == "quy")
    }

    @Test func ethCorruption() {
        #expect(VietText.normalize("\u{D0}ồng Tháp") == "Đồng Tháp")
        #expect(VietText.normalize("\u{F0}ịa phương") == "địa phương")
        #expect(VietText.normalize("N\u{D0}-CP") == "NĐ-CP")
    }

    @Test func zeroWidthRemoved() {
        #expect(VietText.normalize("Hà\u{200B} Nội") == "Hà Nội")
        #expect(VietText.normalize("\u{FEFF}Kế hoạch") == "Kế hoạch")
        #expect(VietText.normalize("trách\u{AD}nhiệm") == "tráchnhiệm")
        #expect(VietText.normalize("a\u{200C}b\u{200D}c") == "abc")
        // Removed before NFC, so the result is NFC and idempotent.
        let s = VietText.normalize("a\u{200B}\u{301}")
        #expect(s == "á")
        #expect(VietText.normalize(s) == s)
    }

    @Test func oddSpacesMadePlain() {
        #expect(VietText.normalize("Sở\u{A0}Y\u{2009}tế\u{202F}x\u{3000}y\u{2000}z\u{200A}w") == "Sở Y tế x y z w")
    }

    @Test func newlinesAndEverythingElseKept() {
        let s = "Dòng 1\nDòng 2\r\n\tTab; “ngoặc” — 100% 中文 Привет ไทย 😀 €5 ½ (a) [b] {c}\n"
        #expect(Array(VietText.normalize(s).utf8) == Array(s.utf8))
        #expect(VietText.normalize("") == "")
        #expect(VietText.normalize("   \n ") == "   \n ")
        #expect(VietText.normalize("ASCII only text, 123.") == "ASCII only text, 123.")
        // OCR breaks are NOT rejoined.
        #expect(VietText.normalize("Ủy \n\nban") == "Ủy \n\nban")
    }

    @Test func namesKept() {
        for s in ["NGUYỄN VĂN DƯƠNG", "Đồng Tháp", "ĐẮK LẮK", "Huỳnh Thúc Kháng", "Thừa Thiên Huế"] {
            #expect(VietText.normalize(s) == s)
            #expect(VietText.normalize(s.decomposedStringWithCanonicalMapping) == s)
        }
    }

    @Test func mixedText() {
        #expect(VietText.normalize("UBND tỉnh Khánh Hoà; Thuỷ lợi, sức khoẻ") == "UBND tỉnh Khánh Hòa; Thủy lợi, sức khỏe")
        #expect(VietText.normalize("Hoà\u{200B}") == "Hòa")
    }
}

import Foundation
import Testing
@testable import VietText

/// The text a token's byte range covers.
func slice(_ text: String, _ t: Token) -> String {
    String(decoding: Array(text.utf8)[t.start..<t.end], as: UTF8.self)
}

@Suite struct TokenizerTests {
    @Test func wordsPositionsOffsets() {
        let text = "Chấn chỉnh lề lối, làm việc!"
        let toks = Tokenizer.tokenize(text)
        #expect(toks.map(\.folded) == ["chan", "chinh", "le", "loi", "lam", "viec"])
        #expect(toks.map(\.exact) == ["chấn", "chỉnh", "lề", "lối", "làm", "việc"])
        #expect(toks.map(\.position) == Array(0..<6))
        #expect(toks.allSatisfy { $0.kind == .word })
        #expect(toks.map { slice(text, $0) } == ["Chấn", "chỉnh", "lề", "lối", "làm", "việc"])
        #expect(toks[0].start == 0 && toks[0].end == "Chấn".utf8.count)
    }

    @Test func foldedMatchesFoldAndFoldWord() {
        let text = "NGUYỄN VĂN DƯƠNG, Đồng Tháp; ĐẮK LẮK — Huỳnh Thúc Kháng: kỹ thuật, quý I/2026"
        let words = Tokenizer.tokenize(text).filter { $0.kind == .word }
        #expect(words.map(\.folded).joined(separator: " ") == VietText.fold(text))
        for w in words {
            #expect(w.folded == VietText.foldWord(slice(text, w)))
            #expect(w.exact == VietText.exactWord(slice(text, w)))
        }
    }

    @Test func emptyBlankPunctuation() {
        #expect(Tokenizer.tokenize("").isEmpty)
        #expect(Tokenizer.tokenize("   \n\t  ").isEmpty)
        #expect(Tokenizer.tokenize("... !!! --- /// ()").isEmpty)
    }

    @Test func otherScriptsKept() {
        let text = "Hà Nội 中文 Привет ไทย 😀 2026"
        let toks = Tokenizer.tokenize(text)
        #expect(toks.map(\.folded) == ["ha", "noi", "中文", "привет", "ไทย", "😀", "2026"])
        #expect(toks.map { slice(text, $0) } == ["Hà", "Nội", "中文", "Привет", "ไทย", "😀", "2026"])
    }

    @Test func exactKeepsAccentsAndCanonicalTone() {
        let toks = Tokenizer.tokenize("Khánh Hoà THUỶ QUÍ qui")
        #expect(toks.map(\.exact) == ["khánh", "hòa", "thủy", "quý", "quy"])
        #expect(toks.map(\.folded) == ["khanh", "hoa", "thuy", "qui", "qui"])
    }

    /// Checks the compound and its parts: the compound right before its first part, sharing its position.
    func checkCompound(_ text: String, whole: String, folded: String, exact: String, parts: [String],
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let toks = Tokenizer.tokenize(text)
        guard let ci = toks.firstIndex(where: { $0.kind == .compound }) else {
            Issue.record("no compound in \(text)", sourceLocation: sourceLocation); return
        }
        let c = toks[ci]
        #expect(c.folded == folded, sourceLocation: sourceLocation)
        #expect(c.exact == exact, sourceLocation: sourceLocation)
        #expect(slice(text, c) == whole, sourceLocation: sourceLocation)
        #expect(toks.filter { $0.kind == .compound }.count == 1, sourceLocation: sourceLocation)
        let ps = Array(toks[(ci + 1)...].prefix(parts.count))
        #expect(ps.map { slice(text, $0) } == parts, sourceLocation: sourceLocation)
        #expect(ps.allSatisfy { $0.kind == .word }, sourceLocation: sourceLocation)
        #expect(ps.first?.position == c.position, sourceLocation: sourceLocation)
        #expect(ps.map(\.position) == Array(c.position..<(c.position + parts.count)), sourceLocation: sourceLocation)
        #expect(ps.first?.start == c.start && ps.last?.end == c.end, sourceLocation: sourceLocation)
        // Positions of words are 0, 1, 2, … overall.
        #expect(toks.filter { $0.kind == .word }.map(\.position) == Array(0..<toks.filter { $0.kind == .word }.count),
                sourceLocation: sourceLocation)
    }

    @Test func documentNumbers() {
        checkCompound("Kế hoạch số 6757/KH-SYT ngày", whole: "6757/KH-SYT", folded: "6757/kh-syt",
                      exact: "6757/kh-syt", parts: ["6757", "KH", "SYT"])
        checkCompound("Kết luận số 226-KL/TW của", whole: "226-KL/TW", folded: "226-kl/tw",
                      exact: "226-kl/tw", parts: ["226", "KL", "TW"])
        checkCompound("Nghị định 30/2020/NĐ-CP.", whole: "30/2020/NĐ-CP", folded: "30/2020/nd-cp",
                      exact: "30/2020/nđ-cp", parts: ["30", "2020", "NĐ", "CP"])
        checkCompound("Luật số 110/2023/QH15;", whole: "110/2023/QH15", folded: "110/2023/qh15",
                      exact: "110/2023/qh15", parts: ["110", "2023", "QH15"])
        checkCompound("Công văn 1405/SGDĐT-VP", whole: "1405/SGDĐT-VP", folded: "1405/sgddt-vp",
                      exact: "1405/sgdđt-vp", parts: ["1405", "SGDĐT", "VP"])
        checkCompound("Báo cáo 64/BC-THPTNĐ2 về", whole: "64/BC-THPTNĐ2", folded: "64/bc-thptnd2",
                      exact: "64/bc-thptnđ2", parts: ["64", "BC", "THPTNĐ2"])
        checkCompound("theo 6757 /KH-SYT ngày", whole: "6757 /KH-SYT", folded: "6757/kh-syt",
                      exact: "6757/kh-syt", parts: ["6757", "KH", "SYT"])
        checkCompound("theo 4245 / KH-SYT", whole: "4245 / KH-SYT", folded: "4245/kh-syt",
                      exact: "4245/kh-syt", parts: ["4245", "KH", "SYT"])
    }

    @Test func dates() {
        checkCompound("ngày 22/5/2026 của", whole: "22/5/2026", folded: "22/5/2026", exact: "22/5/2026",
                      parts: ["22", "5", "2026"])
        checkCompound("ngày 12-5-2026.", whole: "12-5-2026", folded: "12-5-2026", exact: "12-5-2026",
                      parts: ["12", "5", "2026"])
        checkCompound("(20/05/26)", whole: "20/05/26", folded: "20/05/26", exact: "20/05/26", parts: ["20", "05", "26"])
        checkCompound("31/12/2025 và", whole: "31/12/2025", folded: "31/12/2025", exact: "31/12/2025",
                      parts: ["31", "12", "2025"])
    }

    @Test func notCompounds() {
        for text in ["giai đoạn 2020-2025", "tỷ lệ 1/2 số", "Độc lập - Tự do - Hạnh phúc", "32/13/2026",
                     "12-5/2026", "Số:    /SYT-VP", "KH-SYT", "5 - KH", "tháng 01 năm 2026", "1/2/3/4"] {
            #expect(Tokenizer.tokenize(text).allSatisfy { $0.kind == .word }, "\(text)")
        }
    }

    @Test func compoundPositionsInSentence() {
        let text = "Thực hiện Kế hoạch 6757/KH-SYT ngày 22/5/2026 của Sở"
        let toks = Tokenizer.tokenize(text)
        let kinds = toks.map { $0.kind == .compound ? "C:\($0.folded)@\($0.position)" : "\($0.folded)@\($0.position)" }
        #expect(kinds == ["thuc@0", "hien@1", "ke@2", "hoach@3", "C:6757/kh-syt@4", "6757@4", "kh@5", "syt@6",
                          "ngay@7", "C:22/5/2026@8", "22@8", "5@9", "2026@10", "cua@11", "so@12"])
        for t in toks { #expect(!slice(text, t).isEmpty) }
    }

    @Test func lowerCaseQueryGivesSameCompound() {
        #expect(Tokenizer.tokenize("6757/kh-syt").first?.folded == "6757/kh-syt")
        #expect(Tokenizer.tokenize("30/2020/nđ-cp").first?.folded == "30/2020/nd-cp")
        #expect(Tokenizer.tokenize(VietText.normalize("30/2020/N\u{D0}-CP")).first?.exact == "30/2020/nđ-cp")
    }

    @Test func rawEthStillGivesDStroke() {
        let toks = Tokenizer.tokenize("\u{D0}ỒNG 30/2020/N\u{D0}-CP")
        #expect(toks.map(\.exact) == ["đồng", "30/2020/nđ-cp", "30", "2020", "nđ", "cp"])
        #expect(toks.map(\.folded) == ["dong", "30/2020/nd-cp", "30", "2020", "nd", "cp"])
    }

    @Test func multiLineOffsets() {
        let text = "Dòng một\nĐỒNG THÁP\u{3000}x\n\n中文"
        let toks = Tokenizer.tokenize(text)
        #expect(toks.map { slice(text, $0) } == ["Dòng", "một", "ĐỒNG", "THÁP", "x", "中文"])
    }
}

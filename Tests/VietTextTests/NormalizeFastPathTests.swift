@testable import VietText
import Foundation
import Testing

/// `Normalizer.fixSyllables` (one pass, scratch buffer) must rewrite exactly as the previous
/// version (one array per word) did.
@Suite struct NormalizeFastPathTests {
    static let pieces: [String] = [
        " ", "\n", "\t", ",", ".", "-", "/", "q", "Q", "qui", "Qui", "QUI", "quí", "quì", "hoà", "hòa", "HOÀ", "khoẻ", "thuỷ", "Uỷ", "uỷ",
        "hoạ", "toán", "quả", "giữa", "a", "o", "u", "y", "e", "á", "ả", "ạ", "ý", "ẻ", "ó", "ư", "ơ", "đ", "Đ", "n", "ng", "1", "2024",
        "\u{0301}", "\u{0323}", "\u{200B}", "\u{00AD}", "😀", "中", "ß", "İ", "khuỷu", "thuyết", "Quảng", "oà", "uý", "oé",
    ]

    @Test func fixSyllablesMatchesThePreviousVersion() {
        var rng = Xorshift(seed: 9)
        var texts: [String] = []
        for _ in 0..<20000 {
            texts.append((0..<Int(rng.next() % 16)).map { _ in Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }.joined())
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for dir in ["corpus", "Tests/Fixtures/eval/dev", "Tests/Fixtures/eval/dev-health", "Tests/Fixtures/search"] {
            let d = root.appendingPathComponent(dir)
            for n in ((try? FileManager.default.contentsOfDirectory(atPath: d.path)) ?? []).sorted() where n.hasSuffix(".txt") {
                if let s = try? String(contentsOf: d.appendingPathComponent(n), encoding: .utf8) { texts.append(s) }
            }
        }
        for t in texts {
            var a = t, b = t
            #expect(Normalizer.fixSyllables(&a) == Normalizer.fixSyllablesReference(&b), "\(t.debugDescription)")
        }
    }

    struct Xorshift {
        var state: UInt64
        init(seed: UInt64) { state = seed == 0 ? 0x9E3779B97F4A7C15 : seed }
        mutating func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
    }
}

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
            #expect(Normalizer.fixSyllables(&a) == Normalizer.fixSyllablesSlow(&b), "\(t.debugDescription)")
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

extension Normalizer {
    /// The previous `fixSyllables` (one array per word), the slow version the fast one is held to.
    static func fixSyllablesSlow(_ s: inout String) -> String? {
        let t = Tables.shared
        return s.withUTF8 { p -> String? in
            var out: [UInt8]? = nil
            var copied = 0
            var i = 0
            let n = p.count
            var word: [UInt32] = []
            word.reserveCapacity(16)
            var wordStart = -1
            var candidate = false
            func flush(_ end: Int) {
                defer { word.removeAll(keepingCapacity: true); wordStart = -1; candidate = false }
                guard candidate, word.count >= 2, word.count <= 8 else { return }
                var w = word
                guard Syllable.canonicalize(&w) else { return }
                if out == nil { out = []; out!.reserveCapacity(n + 8) }
                out!.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<wordStart]))
                for v in w { Tables.appendUTF8(v, &out!) }
                copied = end
            }
            while i < n {
                let b = p[i]
                var v: UInt32, len: Int
                if b < 0x80 { v = UInt32(b); len = 1 } else { (v, len) = Tables.decode(p, i) }
                let c = v < Tables.tableLimit ? t.cls[Int(v)] : Tables.highClass(v)
                if c & Tables.word != 0 {
                    if wordStart < 0 {
                        wordStart = i
                        candidate = v == 0x71 || v == 0x51 // q/Q
                    }
                    if v >= 0x80 { candidate = true }
                    word.append(v)
                } else if wordStart >= 0 {
                    flush(i)
                }
                i += len
            }
            if wordStart >= 0 { flush(n) }
            guard var o = out else { return nil }
            o.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<n]))
            return String(decoding: o, as: UTF8.self)
        }
    }
}

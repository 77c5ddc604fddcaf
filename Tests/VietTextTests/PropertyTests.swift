import Foundation
import Testing
@testable import VietText

/// SplitMix64: a small seeded RNG, so every run checks the same cases.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random Vietnamese-ish text: syllables (both tone placements, both cases), names, document numbers,
/// punctuation, digits, odd spaces, zero-width characters, Ð/ð, other scripts, stray combining marks.
enum Gen {
    static let onsets = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
                         "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x", "Ð", "ð"]
    static let nuclei = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uy", "ua", "ưa",
                         "ia", "iê", "uô", "ươ", "ai", "ay", "ây", "ao", "au", "âu", "oi", "ôi", "ơi", "ui", "ưi",
                         "oai", "oay", "uyê", "ươi", "iêu", "yê", "uya"]
    static let codas = ["", "", "", "c", "ch", "m", "n", "ng", "nh", "p", "t"]
    static let tones: [Unicode.Scalar] = ["\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"]
    static let seps = [" ", " ", " ", " ", ", ", ". ", "\n", " - ", "; ", ": ", "/", "-", "\u{A0}", "\u{2009}",
                       "\u{3000}", "\u{200B}", "\u{FEFF}", "\u{AD}", "\t", " (", ") ", "“", "”", "!", "? ", "  "]
    static let extras = ["6757/KH-SYT", "226-KL/TW", "30/2020/NĐ-CP", "110/2023/QH15", "22/5/2026", "12-5-2026",
                         "20/05/26", "6757 /KH-SYT", "2026", "8%", "1.000.000", "中文", "Привет", "ไทย", "😀",
                         "한국어", "NGUYỄN VĂN DƯƠNG", "Đồng Tháp", "ĐẮK LẮK", "Huỳnh Thúc Kháng", "quí", "qui",
                         "Hoà", "THUỶ", "khoẻ", "\u{301}", "e\u{302}\u{301}", "x\u{323}", "Ủy ban"]

    static func pick<T>(_ a: [T], _ r: inout SplitMix64) -> T { a[Int(r.next() % UInt64(a.count))] }

    static func syllable(_ r: inout SplitMix64) -> String {
        var s = pick(onsets, &r) + pick(nuclei, &r)
        let coda = pick(codas, &r)
        s += coda
        // Tone on a random vowel (covers both old and new placement).
        if r.next() % 6 != 0 {
            var scalars = Array(s.decomposedStringWithCanonicalMapping.unicodeScalars)
            let vowels = scalars.indices.filter { "aeiouyAEIOUY".unicodeScalars.contains(scalars[$0]) }
            if let v = vowels.isEmpty ? nil : vowels[Int(r.next() % UInt64(vowels.count))] {
                var j = v + 1
                while j < scalars.count, (0x300...0x36F).contains(scalars[j].value) { j += 1 }
                scalars.insert(pick(tones, &r), at: j)
            }
            var u = String.UnicodeScalarView(); u.append(contentsOf: scalars)
            s = String(u).precomposedStringWithCanonicalMapping
        }
        switch r.next() % 6 {
        case 0: s = s.uppercased()
        case 1: s = s.prefix(1).uppercased() + s.dropFirst()
        default: break
        }
        return s
    }

    static func text(_ r: inout SplitMix64) -> String {
        var s = ""
        let n = Int(r.next() % 14)
        for _ in 0..<n {
            s += r.next() % 7 == 0 ? pick(extras, &r) : syllable(&r)
            s += pick(seps, &r)
        }
        switch r.next() % 3 {
        case 0: return s.decomposedStringWithCanonicalMapping
        default: return s
        }
    }
}

/// Checks a token list against its text: valid UTF-8 boundaries, positions, compound placement.
func checkTokens(_ text: String, _ toks: [Token], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    let bytes = Array(text.utf8)
    var expectedPos = 0
    for (k, t) in toks.enumerated() {
        guard t.start >= 0, t.start < t.end, t.end <= bytes.count,
              bytes[t.start] & 0xC0 != 0x80, t.end == bytes.count || bytes[t.end] & 0xC0 != 0x80,
              !t.folded.isEmpty, !t.exact.isEmpty else { return false }
        switch t.kind {
        case .word:
            guard t.position == expectedPos else { return false }
            expectedPos += 1
        case .compound:
            guard k + 1 < toks.count, toks[k + 1].kind == .word, toks[k + 1].position == t.position,
                  toks[k + 1].start == t.start, t.position == expectedPos else { return false }
        }
    }
    return true
}

@Suite struct PropertyTests {
    static let cases = 2000

    @Test func foldIsIdempotent() {
        var r = SplitMix64(seed: 1)
        for _ in 0..<Self.cases {
            let x = Gen.text(&r)
            let f = VietText.fold(x)
            #expect(VietText.fold(f) == f, "\(x.debugDescription)")
        }
    }

    @Test func foldIgnoresFormCaseAndNormalisation() {
        var r = SplitMix64(seed: 2)
        for _ in 0..<Self.cases {
            let x = Gen.text(&r)
            let f = VietText.fold(x.precomposedStringWithCanonicalMapping)
            #expect(VietText.fold(x.decomposedStringWithCanonicalMapping) == f, "\(x.debugDescription)")
            #expect(VietText.fold(x.uppercased()) == f, "\(x.debugDescription)")
            #expect(VietText.fold(x.lowercased()) == f, "\(x.debugDescription)")
            #expect(VietText.fold(VietText.normalize(x)) == f, "\(x.debugDescription)")
        }
    }

    @Test func normalizeIsIdempotentAndNFC() {
        var r = SplitMix64(seed: 3)
        for _ in 0..<Self.cases {
            let x = Gen.text(&r)
            let n = VietText.normalize(x)
            #expect(VietText.normalize(n) == n, "\(x.debugDescription)")
            #expect(Array(n.precomposedStringWithCanonicalMapping.utf8) == Array(n.utf8), "\(x.debugDescription)")
            #expect(VietText.normalize(x.decomposedStringWithCanonicalMapping) == n, "\(x.debugDescription)")
            #expect(!n.unicodeScalars.contains { [0x200B, 0x200C, 0x200D, 0xFEFF, 0xAD, 0xA0, 0xD0, 0xF0].contains($0.value) })
        }
    }

    @Test func tokenizerOffsetsPositionsAndFold() {
        var r = SplitMix64(seed: 4)
        for _ in 0..<Self.cases {
            let x = VietText.normalize(Gen.text(&r))
            let toks = Tokenizer.tokenize(x)
            #expect(checkTokens(x, toks), "\(x.debugDescription)")
            let words = toks.filter { $0.kind == .word }
            #expect(words.map(\.folded).joined(separator: " ") == VietText.fold(x), "\(x.debugDescription)")
            let bytes = Array(x.utf8)
            for w in words {
                let s = String(decoding: bytes[w.start..<w.end], as: UTF8.self)
                #expect(w.exact == VietText.exactWord(s), "\(s.debugDescription)")
            }
        }
    }

    @Test func tokenizerOnRawTextNeverCrashes() {
        var r = SplitMix64(seed: 5)
        for _ in 0..<Self.cases {
            let x = Gen.text(&r)
            #expect(checkTokens(x, Tokenizer.tokenize(x)), "\(x.debugDescription)")
        }
    }

    @Test func randomBytesNeverCrash() {
        var r = SplitMix64(seed: 6)
        for _ in 0..<Self.cases {
            let n = Int(r.next() % 64)
            var bytes: [UInt8] = []
            for _ in 0..<n {
                // Bias towards UTF-8 lead/continuation bytes and ASCII punctuation.
                switch r.next() % 4 {
                case 0: bytes.append(UInt8(truncatingIfNeeded: r.next() % 0x80))
                case 1: bytes.append(UInt8(truncatingIfNeeded: 0x80 + r.next() % 0x40))
                default: bytes.append(UInt8(truncatingIfNeeded: r.next()))
                }
            }
            let s = String(decoding: bytes, as: UTF8.self)
            let n1 = VietText.normalize(s)
            #expect(VietText.normalize(n1) == n1)
            let f = VietText.fold(s)
            #expect(VietText.fold(f) == f)
            #expect(checkTokens(s, Tokenizer.tokenize(s)))
            #expect(checkTokens(n1, Tokenizer.tokenize(n1)))
            _ = VietText.exactWord(s)
            _ = VietText.foldWord(s)
        }
    }

    /// Scalars from every plane, one at a time and in pairs: classification and folding never trap.
    @Test func everyScalarIsHandled() {
        var r = SplitMix64(seed: 7)
        var scalars: [Unicode.Scalar] = []
        var v: UInt32 = 0
        while v < 0x3100 { if let u = Unicode.Scalar(v) { scalars.append(u) }; v += 1 }
        for _ in 0..<Self.cases { if let u = Unicode.Scalar(UInt32(r.next() % 0x110000)) { scalars.append(u) } }
        for u in scalars {
            let s = "a" + String(u) + "b " + String(u)
            let f = VietText.fold(s)
            #expect(VietText.fold(f) == f, "U+\(String(u.value, radix: 16))")
            #expect(checkTokens(s, Tokenizer.tokenize(s)), "U+\(String(u.value, radix: 16))")
            let n = VietText.normalize(s)
            #expect(VietText.normalize(n) == n, "U+\(String(u.value, radix: 16))")
        }
    }
}

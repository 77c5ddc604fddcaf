import Testing
import Foundation
@testable import Documents

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

func allFixtureTexts() throws -> [String] {
    var out: [String] = []
    let fm = FileManager.default
    for dir in [Score.corpus, Score.fixtures.appendingPathComponent("dev"), Score.fixtures.appendingPathComponent("dev-health")] {
        for f in try fm.contentsOfDirectory(atPath: dir.path).sorted() where f.hasSuffix(".txt") {
            out.append(try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8))
        }
    }
    return out
}

func checkInvariants(_ docs: [ParsedDocument]) {
    #expect(!docs.isEmpty)
    for (i, d) in docs.enumerated() {
        #expect(d.indexInFile == i)
        let n = d.text.utf8.count
        for (_, s) in d.spans { #expect(s.start >= 0 && s.start <= s.end && s.end <= n) }
        for r in d.references { #expect(r.span.start >= 0 && r.span.start <= r.span.end && r.span.end <= n) }
    }
}

@Suite struct RobustnessTests {
    @Test func neverCrashesOnRandomAndMangledText() throws {
        var rng = SplitMix64(seed: 20260522)
        let seeds = try allFixtureTexts()
        let alphabet = Array("Số: /-KH BC ngày tháng năm 2026 Kính gửi Nơi nhận V/v CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập ĐÐđ **|¹\n\n\t  0123456789ạảãáàâăêôơưÀ")
        for c in 0..<500 {
            var text: String
            switch c % 4 {
            case 0:
                let len = Int.random(in: 0..<3000, using: &rng)
                let bytes = (0..<len).map { _ in UInt8.random(in: 0...255, using: &rng) }
                text = String(decoding: bytes, as: UTF8.self)
            case 1:
                let len = Int.random(in: 0..<2000, using: &rng)
                text = String((0..<len).map { _ in alphabet.randomElement(using: &rng)! })
            default:
                var chars = Array(seeds.randomElement(using: &rng)!)
                for _ in 0..<Int.random(in: 1...8, using: &rng) where !chars.isEmpty {
                    let a = Int.random(in: 0..<chars.count, using: &rng)
                    let b = min(chars.count, a + Int.random(in: 0..<400, using: &rng))
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: chars.removeSubrange(a..<b)                                  // deletion
                    case 1: chars.insert(contentsOf: chars[a..<b], at: a)                 // duplication
                    case 2: chars = Array(chars[a...])                                    // cut the head
                    default: chars.insert(contentsOf: Array(seeds.randomElement(using: &rng)!.prefix(300)), at: a)
                    }
                }
                text = String(chars)
                if c % 8 == 3 { text = text.decomposedStringWithCanonicalMapping }
            }
            checkInvariants(DocumentParser.parse(fileText: text))
        }
    }

    @Test func noiseDoesNotChangeTheMetadata() throws {
        let dir = Score.fixtures.appendingPathComponent("dev-health")
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where f.hasSuffix(".txt") {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            let base = DocumentParser.parse(fileText: text)
            let variants = [text.decomposedStringWithCanonicalMapping, text.replacingOccurrences(of: "Đ", with: "Ð"), text.replacingOccurrences(of: "\n", with: "\r\n")]
            for v in variants {
                let p = DocumentParser.parse(fileText: v)
                #expect(p.map(\.number) == base.map(\.number), "\(f)")
                #expect(p.map(\.date) == base.map(\.date), "\(f)")
                #expect(p.map(\.signer) == base.map(\.signer), "\(f)")
                #expect(p.map { $0.references.map(\.number) } == base.map { $0.references.map(\.number) }, "\(f)")
            }
        }
    }

    /// A large file (every fixture, end to end) gives the documents of its parts, in order.
    /// (Parsing speed is measured by `vanban bench`, not here.)
    @Test func largeFileGivesTheDocumentsOfItsParts() throws {
        let texts = try allFixtureTexts()
        let parts = texts.map { DocumentParser.parse(fileText: $0) }
        let whole = DocumentParser.parse(fileText: texts.joined(separator: "\n\n"))
        let expected = parts.flatMap { $0.compactMap(\.number) }
        let got = whole.compactMap(\.number)
        #expect(whole.count >= parts.map(\.count).reduce(0, +) - texts.count)
        #expect(Set(expected).isSubset(of: Set(got)), "\(Set(expected).subtracting(got))")
    }
}

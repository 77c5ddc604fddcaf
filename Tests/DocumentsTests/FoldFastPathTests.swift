@testable import Documents
import Foundation
import Testing

/// `TextKit.fold`'s table-driven fast path must give exactly what its definition (`slowFold`) gives.
@Suite struct FoldFastPathTests {
    static func fixtureLines() -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var out: [String] = []
        for dir in ["corpus", "Tests/Fixtures/eval/dev", "Tests/Fixtures/eval/dev-health"] {
            let d = root.appendingPathComponent(dir)
            for n in ((try? FileManager.default.contentsOfDirectory(atPath: d.path)) ?? []).sorted() where n.hasSuffix(".txt") {
                if let s = try? String(contentsOf: d.appendingPathComponent(n), encoding: .utf8) {
                    out += s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                }
            }
        }
        return out
    }

    @Test func fixtureLinesAndWords() {
        let lines = Self.fixtureLines()
        #expect(lines.count > 1000)
        for l in lines {
            #expect(TextKit.fold(l) == TextKit.slowFold(l), "\(l)")
            for w in l.split(separator: " ") { #expect(TextKit.fold(String(w)) == TextKit.slowFold(String(w))) }
        }
    }

    @Test func everyTableScalarAlone() {
        for r in TextKit.FoldTable.ranges {
            for v in r {
                guard let sc = Unicode.Scalar(v) else { continue }
                let s = "a" + String(sc) + "b " + String(sc) + " ." + String(sc)
                #expect(TextKit.fold(s) == TextKit.slowFold(s), "U+\(String(v, radix: 16))")
            }
        }
    }

    @Test func randomMixes() {
        var rng = Xorshift(seed: 42)
        let pool: [UInt32] = Array(0x20...0x7E) + Array(0xC0...0x24F) + Array(0x300...0x36F) + Array(0x1EA0...0x1EF9)
            + [0x0A, 0x09, 0x2013, 0x201C, 0x201D, 0x2026, 0x200B, 0xFEFF, 0x1F600, 0x4E2D, 0xAC00, 0x0483, 0x1DC0, 0x0130]
        for _ in 0..<3000 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % 24) { s.append(Unicode.Scalar(pool[Int(rng.next() % UInt64(pool.count))])!) }
            let str = String(s)
            #expect(TextKit.fold(str) == TextKit.slowFold(str), "\(Array(str.unicodeScalars.map(\.value)))")
        }
    }

    struct Xorshift {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
    }
}

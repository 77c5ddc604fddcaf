import Foundation
import Testing
import VietText
@testable import Documents

/// Long texts: Foundation's Unicode normalisation is quadratic in the length of the string, so the
/// parser normalises long strings in pieces (`TextKit.inPieces`). A 1.5 MB NFD line used to take
/// 10 s in `VietText.normalize`, and a 3.4 MB line 46 s in `TextKit.fold` (release build).
@Suite("long texts: normalised in pieces, same result, linear time")
struct LongTextTests {
    /// Texts with every kind of cut point: NFD marks right after the cut, CR LF, no white space,
    /// combining marks after spaces, zero-width characters, Ð.
    static func samples() -> [String] {
        let vi = "Số: 12/KH-UBND Nghệ An, ngày 05 tháng 6 năm 2026. Kế hoạch chấn chỉnh lề lối làm việc của Ðảng ủy\u{200B} "
        var rng = SplitMix64(seed: 6)
        var out: [String] = []
        out.append(String(repeating: vi, count: 400))
        out.append(String(repeating: vi, count: 400).decomposedStringWithCanonicalMapping)
        out.append(String(repeating: vi + "\r\n", count: 300).decomposedStringWithCanonicalMapping)
        out.append(String(repeating: "a \u{0301}\u{0323}b\t\u{0300}", count: 3000))
        var noise = String.UnicodeScalarView()
        let pool: [UInt32] = [0x20, 0x0A, 0x61, 0x65, 0x6F, 0xF4, 0x1EC7, 0x0301, 0x0300, 0x0323, 0x0309, 0x0303, 0xD0, 0x200B, 0x0D, 0x09, 0x1DC4]
        for _ in 0..<40_000 { noise.append(Unicode.Scalar(pool[Int(rng.next() % UInt64(pool.count))])!) }
        out.append(String(noise))
        return out
    }

    @Test func piecesGiveTheSameResultAsTheWhole() {
        for (i, s) in Self.samples().enumerated() {
            #expect(s.utf8.count > 8192, "sample \(i) too short to be cut")
            #expect(TextKit.inPieces(s, VietText.normalize).unicodeScalars.elementsEqual(VietText.normalize(s).unicodeScalars), "normalize \(i)")
        }
        // No white space for over 64 KB: cut before any ASCII byte; the text stays NFC.
        let solid = String(repeating: "nghịêm\u{0301}", count: 10_000)
        #expect(TextKit.inPieces(solid, VietText.normalize).unicodeScalars.elementsEqual(TextKit.inPieces(solid, VietText.normalize).precomposedStringWithCanonicalMapping.unicodeScalars))
    }

    @Test func aLongNFDLineParsesInLinearTime() {
        func seconds(_ n: Int) -> Double {
            let line = "Số: 5/KH-X " + String(repeating: "dòng rất dài không xuống dòng ".decomposedStringWithCanonicalMapping, count: n)
            let t0 = Date()
            let docs = DocumentParser.parse(fileText: line)
            #expect(docs.count == 1)
            return Date().timeIntervalSince(t0)
        }
        _ = seconds(1000)
        let small = seconds(4000), big = seconds(32_000)  // 130 KB and 1 MB
        // Linear: about 8 times as long; quadratic was about 64 times. Generous for a loaded machine.
        #expect(big < max(small * 24, 2.0), "130 KB: \(small)s, 1 MB: \(big)s")
        print("parse of a 130 KB line: \(small)s, 1 MB: \(big)s")
    }
}

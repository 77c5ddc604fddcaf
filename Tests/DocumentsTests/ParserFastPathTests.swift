@testable import Documents
import Foundation
import Testing

/// The byte-level fast paths added to cut the parser's CPU per document must give exactly what the
/// code they replace gives: on every fixture text (raw and normalised, line by line) and on random
/// strings built from the characters each fast path cares about.
@Suite struct ParserFastPathTests {
    static let extraPieces: [String] = [
        "\r", "\r\n", "\u{00A0}", "\u{FEFF}", "\u{200B}", "Ð", "ð", "\u{0300}", "\u{0323}", "\u{036F}", "\u{0370}", "\u{1DC0}",
        "\u{1DFF}", "\u{1E00}", "*", "**", "_", "__", "|", "&", "QĐ", "GD&ĐT", "UBND", "TCCB", "THPT", "ĐẢNG", "ỦY BAN", "qui", "Quí",
        "hoà", "2926/SYT-VP", "6757/KH-SYT", "226-KL/TW", "30/2020/NĐ-CP", "12a/", "1234567", "0/", "--", "//", "/.", "&.", "\u{000B}",
        "\u{000C}", "\u{0085}", "\u{2029}", "١", "𝟙",
    ]

    static func randomStrings(count: Int, seed: UInt64) -> [String] {
        var rng = FoldFastPathTests.Xorshift(seed: seed)
        let pool = ScannerTests.pieces + extraPieces
        var out: [String] = []
        for _ in 0..<count {
            var s = ""
            for _ in 0..<Int(rng.next() % 24) { s += pool[Int(rng.next() % UInt64(pool.count))] }
            out.append(s)
        }
        return out
    }

    static func rawFixtureTexts() -> [String] {
        var out: [String] = []
        for dir in ["corpus", "Tests/Fixtures/eval/dev", "Tests/Fixtures/eval/dev-health", "Tests/Fixtures/search"] {
            let d = ScannerTests.root.appendingPathComponent(dir)
            for n in ((try? FileManager.default.contentsOfDirectory(atPath: d.path)) ?? []).sorted() where n.hasSuffix(".txt") {
                if let s = try? String(contentsOf: d.appendingPathComponent(n), encoding: .utf8) { out.append(s) }
            }
        }
        return out
    }

    /// Whole texts (raw and normalised), their lines, and random strings.
    static func strings() -> [String] {
        var out: [String] = []
        for t in rawFixtureTexts() + ScannerTests.fixtureTexts() {
            out.append(t)
            out += t.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        }
        return out + randomStrings(count: 5000, seed: 11)
    }

    @Test func collapseSpacesAndMarkupTest() {
        for s in Self.strings() {
            #expect(TextKit.collapseSpaces(s) == TextKit.collapseSpacesReference(s), "\(s.debugDescription)")
            #expect(Scan.containsMarkupByte(s) == s.utf8.contains(where: { $0 == 42 || $0 == 95 || $0 == 124 }), "\(s.debugDescription)")
        }
    }

    @Test func normalizeTextFlagsMatchTheScalarTests() {
        for s in Self.strings() {
            let marks = s.unicodeScalars.contains(where: { (0x300...0x36F).contains($0.value) || (0x1DC0...0x1DFF).contains($0.value) })
            let odd = s.unicodeScalars.contains(where: { $0 == "Ð" || $0 == "ð" || $0 == "\u{200B}" || $0 == "\u{FEFF}" || $0 == "\r" })
            let f = Scan.normalizeTextFlags(s)
            #expect(f.marks == marks && f.odd == odd, "\(s.debugDescription)")
            // the second test is unchanged by NFC (what normalizeText relies on)
            let n = s.precomposedStringWithCanonicalMapping
            #expect(Scan.normalizeTextFlags(n).odd == odd, "\(s.debugDescription)")
        }
    }

    @Test func utf16DecodingMatchesTheStandardLibrary() {
        for s in Self.strings() {
            let u = Array(s.utf16)
            #expect(Scan.string(utf16: u) == String(decoding: u, as: UTF16.self))
        }
        // ill-formed input: lone and reversed surrogates
        var rng = FoldFastPathTests.Xorshift(seed: 5)
        let units: [UInt16] = [0x41, 0x7F, 0x80, 0x7FF, 0x800, 0x1EA0, 0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFFFD, 0xFFFF]
        for _ in 0..<5000 {
            let u = (0..<Int(rng.next() % 12)).map { _ in units[Int(rng.next() % UInt64(units.count))] }
            let a = Scan.string(utf16: u), b = String(decoding: u, as: UTF16.self)
            #expect(Array(a.utf8) == Array(b.utf8), "\(u)")
        }
    }

    @Test func textViewTables() {
        for s in Self.strings() {
            let tv = TextView(s)
            #expect(tv.u16 == Array(s.utf16), "\(s.debugDescription)")
            #expect(tv.length == (s as NSString).length)
            let lines = s.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            #expect(tv.lineStrings == lines, "\(s.debugDescription)")
            #expect(tv.lines.count == lines.count)
            for (i, r) in tv.lines.enumerated() where i < lines.count {
                #expect((s as NSString).substring(with: r) == lines[i])
            }
        }
    }

    @Test func numberShapeMatchesTheRegexes() {
        let full = try! NSRegularExpression(pattern: DocumentNumber.fullPattern)
        let serial = try! NSRegularExpression(pattern: #"^[0-9]{1,6}$"#)
        var rng = FoldFastPathTests.Xorshift(seed: 3)
        let parts = ["0", "1", "12", "123", "2024", "1234567", "a", "b", "z", "A", "Z", "đ", "Đ", "/", "-", ".", "&", " ", "\t", "\n", "KH",
                     "SYT", "NĐ", "CP", "é", "ư", "İ", "K", "٣", "_", ":", "(", "\r", "\u{0085}"]
        var cands: [String] = []
        for _ in 0..<20000 { cands.append((0..<Int(rng.next() % 10)).map { _ in parts[Int(rng.next() % UInt64(parts.count))] }.joined()) }
        for s in cands + Self.strings().filter({ $0.utf8.count < 40 }) {
            let r = NSRange(location: 0, length: (s as NSString).length)
            guard let shape = DocumentNumber.numberShape(s) else { continue }
            let f = full.firstMatch(in: s, range: r) != nil, se = serial.firstMatch(in: s, range: r) != nil
            #expect((shape == .full) == f, "\(s.debugDescription)")
            if !f { #expect((shape == .serial) == se, "\(s.debugDescription)") }
        }
    }

    @Test func acronymAndLetterTests() {
        var words: [String] = []
        for s in Self.strings() { words += s.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) }
        for w in words + ["THPT", "GD&ĐT", "TCCB", "Sở", "UBND", "A", "", "&", "ĐT", "KH-SYT"] {
            #expect(TextKit.isAcronym(w) == TextKit.isAcronymReference(w), "\(w.debugDescription)")
            if let l = Scan.containsLetter(w) { #expect(l == w.contains { $0.isLetter }, "\(w.debugDescription)") }
        }
    }

    @Test func joinWordsMatchesSplitAndJoin() {
        for s in Self.strings() + ["  a \u{2003} b\u{00A0}\u{0085}c ", "\u{2028}x\u{2029}", "\t\t", ""] {
            if let j = Scan.joinWords(s) {
                #expect(j == s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "), "\(s.debugDescription)")
            }
        }
    }

    @Test func issuerEntriesByFirstTokenKeepTheOrder() {
        for (k, group) in IssuerNames.entriesByFirstToken {
            let expected = IssuerNames.entries.filter { $0.tokens[0] == k }
            #expect(group.map(\.tokens) == expected.map(\.tokens) && group.map(\.words) == expected.map(\.words), "\(k)")
        }
        #expect(IssuerNames.entriesByFirstToken.values.map(\.count).reduce(0, +) == IssuerNames.entries.count)
    }
}

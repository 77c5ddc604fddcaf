@testable import Documents
import Foundation
import VietText
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
        var rng = Xorshift(seed: seed)
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
            #expect(TextKit.collapseSpaces(s) == TextKit.collapseSpacesSlow(s), "\(s.debugDescription)")
            #expect(Scan.containsMarkupByte(s) == s.utf8.contains(where: { $0 == 42 || $0 == 95 || $0 == 124 }), "\(s.debugDescription)")
        }
    }

    @Test func utf16DecodingMatchesTheStandardLibrary() {
        for s in Self.strings() {
            let u = Array(s.utf16)
            #expect(Scan.string(utf16: u) == String(decoding: u, as: UTF16.self))
        }
        // ill-formed input: lone and reversed surrogates
        var rng = Xorshift(seed: 5)
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

    /// What `DocumentNumber.normalize` accepts as a number: a serial, or a serial and a symbol,
    /// written as found (case, a lost dash, `TƯ`), and nothing that merely starts with digits.
    @Test func numberShapes() {
        for (s, shape) in [("6757/KH-SYT", DocumentNumber.Shape.full), ("226-KL/TW", .full), ("30/2020/NĐ-CP", .full), ("12a/QĐ-UBND", .full),
                           ("84QĐ/TWĐTN", .full), ("12-NQ/TƯ", .full), ("05/Ttr-UBTVQH12", .full), ("1234", .serial), ("1234567", .neither),
                           ("12/", .neither), ("12//KH", .neither), ("/KH-SYT", .neither), ("12 /KH", .neither), ("12ABCDEF/X", .neither),
                           ("12/KH SYT", .neither), ("12/ĐOÀN", .neither), ("2026-2030", .full)] {
            #expect(DocumentNumber.shape(s) == shape, "\(s)")
        }
        #expect(DocumentNumber.normalize("Số: 2136 / BHXH - CSYT") == "2136/BHXH-CSYT")
        #expect(DocumentNumber.normalize("84 QĐ/TWĐTN") == "84QĐ/TWĐTN")
        #expect(DocumentNumber.normalize("367 - QĐ/TWĐTN-VP") == "367-QĐ/TWĐTN-VP")
        #expect(DocumentNumber.normalize("…/KH-SYT") == nil)
    }

    @Test func acronymAndLetterTests() {
        var words: [String] = []
        for s in Self.strings() { words += s.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) }
        for w in words + ["THPT", "GD&ĐT", "TCCB", "Sở", "UBND", "A", "", "&", "ĐT", "KH-SYT"] {
            #expect(TextKit.isAcronym(w) == TextKit.isAcronymSlow(w), "\(w.debugDescription)")
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

extension TextKit {
    /// The definition of `isAcronym`: the slow version the fast one is held to.
    static func isAcronymSlow(_ token: String) -> Bool {
        let f = VietText.fold(token)
        guard !f.isEmpty else { return false }
        return !f.contains { vowels.contains($0) } && token.contains { $0.isLetter }
    }
}

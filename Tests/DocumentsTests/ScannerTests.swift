@testable import Documents
import Foundation
import Testing

/// The scanners and prefilters that stand in for regular expressions and Foundation calls on the
/// parser's hot paths must agree with what they replace: exactly (scanners, fast paths) or as a
/// necessary condition (prefilters: never false where the pattern matches). Checked on every
/// fixture text and on random strings built from the characters the patterns care about.
@Suite struct ScannerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixtureTexts() -> [String] {
        var out: [String] = []
        for dir in ["corpus", "Tests/Fixtures/eval/dev", "Tests/Fixtures/eval/dev-health", "Tests/Fixtures/search"] {
            let d = root.appendingPathComponent(dir)
            for n in ((try? FileManager.default.contentsOfDirectory(atPath: d.path)) ?? []).sorted() where n.hasSuffix(".txt") {
                if let s = try? String(contentsOf: d.appendingPathComponent(n), encoding: .utf8) {
                    out.append(DocumentParser.normalizeText(s))
                }
            }
        }
        return out
    }

    static let pieces: [String] = [
        " ", " ", "\t", "\n", ":", ",", ".", "/", "-", "(", ")", "0", "1", "2", "5", "12", "2024", "123456", "a", "b", "đ", "Đ",
        "số ", "Số: ", "SỐ ", "KH", "BC", "QĐ", "ND", "-KL/TW", "/KH-UBND", "/2020/NĐ-CP", "Kế hoạch ", "kế hoạch", "KẾ HOẠCH ",
        "Quyết định số ", "Thông tư liên tịch ", "liên tịch ", "Luật ", "Công văn", "ngày ", "Ngày ", "NGÀY ", "ban hành ", "Ban Hành ",
        "tháng ", "năm ", "của ", "Của ", "CỦA ", "Sở Y tế", "và ", "sửa đổi, bổ sung", "SỬA ĐỔI", "thay thế", "THAY THẾ", "bãi bỏ",
        "Bãi Bỏ", "sử dụng", "kế", "bỏ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "cộng hoà xã", "Đảng Cộng sản Việt Nam", "XA HOI CHU NGHIA",
        "é", "ấ", "ư", "ơ", "İ", "ſ", "ß", "ẞ", "K", "Ω", "α", "я", "中", "😀", "𝐀", "\u{0301}", "\u{0600}", "\u{0D4E}", "\u{200B}", "\u{200D}",
        "\u{00A0}", "\u{2003}", "\u{2028}", "ǅ", "ª", "٣", "²",
    ]

    static func randomStrings(count: Int, seed: UInt64) -> [String] {
        var rng = Xorshift(seed: seed)
        var out: [String] = []
        for _ in 0..<count {
            var s = ""
            for _ in 0..<Int(rng.next() % 30) { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
            out.append(s)
        }
        return out
    }

    static func allTexts() -> [String] { fixtureTexts() + randomStrings(count: 4000, seed: 7) }

    @Test func digitRunsMatchTheRegex() {
        let re = try! NSRegularExpression(pattern: "(?<![\\p{L}0-9/.,-])[0-9]{1,5}")
        for t in Self.allTexts() {
            let tv = TextView(t)
            let expected = re.matches(in: t, range: NSRange(location: 0, length: (t as NSString).length)).map(\.range)
            #expect(ReferenceExtractor.digitRuns(tv) == expected, "\(t.debugDescription)")
        }
    }

    @Test func referencePrefiltersAndNameEnding() {
        let date = TextKit.regex(ReferenceExtractor.datePattern)
        let issuer = TextKit.regex(ReferenceExtractor.issuerPattern)
        let fixtures = Self.fixtureTexts()
        for (k, t) in (fixtures + Self.randomStrings(count: 4000, seed: 7)).enumerated() {
            let tv = TextView(t)
            let u = tv.u16
            // every position of the random strings; around digits in the fixtures (where mentions are)
            for p in 0..<tv.length where k >= fixtures.count || Scan.isASCIIDigit(u[p]) || (p > 0 && Scan.isASCIIDigit(u[p - 1])) {
                if tv.firstMatch(date, in: NSRange(location: p, length: min(80, tv.length - p)), options: .anchored) != nil {
                    #expect(ReferenceExtractor.dateMayFollow(u, at: p), "\(t.debugDescription) at \(p)")
                }
                if tv.firstMatch(issuer, in: NSRange(location: p, length: min(110, tv.length - p)), options: .anchored) != nil {
                    #expect(ReferenceExtractor.issuerMayFollow(u, at: p), "\(t.debugDescription) at \(p)")
                }
                let from = max(0, p - 40)
                for nl in [true, false] {
                    let slow = ReferenceExtractor.nameEnding(tv.sub(NSRange(location: from, length: p - from)), allowNewline: nl)
                    let fast = ReferenceExtractor.nameEnding(tv, from: from, to: p, allowNewline: nl)
                    #expect(slow?.name == fast?.name && slow?.offset == fast?.offset && slow?.so == fast?.so, "\(t.debugDescription) at \(p)")
                    if slow != nil { #expect(ReferenceExtractor.nameMayEnd(u, from: from, to: p, allowNewline: nl), "\(t.debugDescription) at \(p)") }
                }
            }
            let act = TextKit.regex("((?i:sửa đổi, bổ sung|sửa đổi|thay thế|bãi bỏ))")
            if act.firstMatch(in: t, range: NSRange(location: 0, length: tv.length)) != nil { #expect(ReferenceExtractor.actMay(tv), "\(t.debugDescription)") }
        }
    }

    @Test func subjectStopScannerMatchesTheRegex() {
        let re = try! NSRegularExpression(pattern: ObligationExtractor.subjectStopPattern)
        let words = ["đề nghị", "yêu  cầu", "giao", "giaoviên", "báo\ncáo", "gửi", "có trách nhiệm", "có", "cóc", "phải", "cần", ":", " :", "\t", "Sở", "Các đơn vị"]
        var rng = Xorshift(seed: 3)
        var texts = Self.allTexts().flatMap { $0.split(separator: "\n").map(String.init) }
        for _ in 0..<3000 {
            var s = ""
            for _ in 0..<Int(rng.next() % 12) {
                s += rng.next() % 2 == 0 ? " " + words[Int(rng.next() % UInt64(words.count))] : Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))]
            }
            texts.append(s)
        }
        for t in texts {
            let expected = re.firstMatch(in: t, range: NSRange(location: 0, length: (t as NSString).length))?.range.location
            #expect(ObligationExtractor.subjectStopLocation(t) == expected, "\(t.debugDescription)")
        }
    }

    @Test func mottoLinesMatchTheRegex() {
        let re = TextKit.regex(DocumentSplitter.mottoPattern)
        for t in Self.allTexts() {
            let tv = TextView(t)
            for i in 0..<tv.lines.count {
                let l = tv.line(i)
                let expected = re.firstMatch(in: l, range: NSRange(location: 0, length: (l as NSString).length)) != nil
                #expect(DocumentSplitter.lineHasMotto(tv, i) == expected, "\(l.debugDescription)")
            }
        }
    }

    @Test func simpleStringFastPaths() {
        var strings: [String] = []
        for t in Self.allTexts() { strings += t.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        for s in strings {
            if let (letters, upper) = Scan.letterCounts(s) {
                let l = s.filter { $0.isLetter }
                #expect(letters == l.count && upper == l.filter { $0.isUppercase }.count, "\(s.debugDescription)")
            }
            #expect(TextKit.components(s, "   ") == s.components(separatedBy: "   "), "\(s.debugDescription)")
            for needle in ["CỘNG HÒA", "Độc lập", " về ", " và ", "a", "ĐẢNG CỘNG SẢN"] {
                let a = TextKit.range(of: needle, in: s), b = s.range(of: needle)
                #expect(a == b, "\(s.debugDescription) / \(needle)")
            }
            if Scan.isSimple(s) { #expect(s.precomposedStringWithCanonicalMapping == s, "\(s.debugDescription)") }
        }
    }

    @Test func simpleScalarsAreOwnClustersAndNFC() {
        for v in UInt32(0)..<Scan.Table.limit where Scan.Table.simpleRange(v) {
            guard let sc = Unicode.Scalar(v) else { continue }
            let s = "a" + String(sc) + "b" + String(sc) + String(sc)
            #expect(s.count == 5, "U+\(String(v, radix: 16))")
            #expect(String(sc).precomposedStringWithCanonicalMapping == String(sc), "U+\(String(v, radix: 16))")
        }
    }

    @Test func actPrefilterAtTextEdges() {
        for t in ["sửa đổi", "SỬA ĐỔI x", "ſửa đổi", "thay thế", "bãi bỏ", "x thay thế", "Bãi Bỏ"] {
            #expect(ReferenceExtractor.actMay(TextView(t)), "\(t)")
        }
        #expect(!ReferenceExtractor.actMay(TextView("chế độ báo cáo")))
    }

    @Test func literalPrefixes() {
        #expect(DocumentSplitter.ngayLiteral == "ngày")
        #expect(Scan.literalPrefix(ofAnchored: "^abc*d") == "ab")
    }

    /// Whole parses of random mixtures of fixture lines: the parser must not trap on them (their
    /// output is compared with the pre-scanner parser by `vanban bench parse-dump` dumps).
    @Test func parsesRandomMixtures() {
        let lines = Self.fixtureTexts().flatMap { $0.split(separator: "\n").map(String.init) }
        var rng = Xorshift(seed: 11)
        for _ in 0..<200 {
            var t = ""
            for _ in 0..<Int(rng.next() % 40) {
                t += lines[Int(rng.next() % UInt64(lines.count))] + "\n"
                if rng.next() % 5 == 0 { t += Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }
            }
            _ = DocumentParser.parse(fileText: t)
        }
    }
}

import Foundation
import Ingest
import Testing
import VietText

@Suite struct SyllableTests {
    @Test func validSyllables() {
        for w in ["Cộng", "hòa", "hoà", "xã", "hội", "chủ", "nghĩa", "Việt", "Nam", "người", "được", "những", "khuyến",
                  "quyết", "giữa", "gì", "gìn", "giếng", "nghiêng", "kế", "ghi", "quý", "thuở", "khuỷu", "Đảng", "ĐỒNG",
                  "y", "ý", "oanh", "xoong", "tuyết", "Ðại"] {
            #expect(VietSyllable.isValid(w), "\(w)")
        }
    }

    @Test func invalidSyllables() {
        // Legacy bytes read with the wrong table, abbreviations, foreign words, spelling-rule breaks.
        for w in ["Céng", "hoµ", "héi", "chñ", "nghÜa", "ViÖt", "Coäng", "hoøa", "Vieät", "UBND", "SYT", "cê",
                  "nge", "ghu", "gha", "qua1", "tiếc2", "mèt", "cát̀", "quu", "hát̃", "file", "x", "thườngg"] {
            #expect(!VietSyllable.isValid(w) || w.contains { $0.isNumber }, "\(w)")
        }
        // A stop final takes only the acute or dot-below tone.
        #expect(!VietSyllable.isValid("hàt"))
        #expect(VietSyllable.isValid("hát") && VietSyllable.isValid("hạt"))
    }

    @Test func scoreCountsWords() {
        let s = VietSyllable.score("Cộng hòa xã hội chủ nghĩa Việt Nam, số 6757/KH-SYT")
        #expect(s.valid == 9)
        #expect(s.invalid == 2)   // KH, SYT; 6757 has digits and is left out
    }
}

@Suite struct LegacyDecodingTests {
    @Test func tcvn3MojibakeFromTheIssue() {
        let (t, conv) = EncodingDetector.repairMojibake("Céng hoµ x· héi chñ nghÜa ViÖt Nam")
        #expect(t == "Cộng hoà xã hội chủ nghĩa Việt Nam")
        #expect(conv.count == 1 && conv[0].hasPrefix("TCVN3 mojibake"))
    }

    @Test func vniMojibake() {
        let (t, conv) = EncodingDetector.repairMojibake("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc")
        #expect(t == "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc")
        #expect(conv.first?.hasPrefix("VNI mojibake") == true)
    }

    @Test func tcvn3RestoresCapitals() {
        // .VnTimeH: capitals drawn from lower-case codes.
        let bytes = latin1("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM\nHµ Néi, ngµy 10\nSè: 2926/SYT-VP\nKÕ HO¹CH")
        #expect(LegacyEncoding.tcvn3.decode(bytes) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Nội, ngày 10\nSố: 2926/SYT-VP\nKẾ HOẠCH")
    }

    @Test func tcvn3HyphenReadAsU() {
        // A WinAnsi PDF gives 0xAD (ư) back as "-": ng-êi = người; KH-SYT stays.
        let (t, _) = EncodingDetector.repairMojibake("ng-êi d©n vµ tr-êng häc, sè 12/KH-SYT")
        #expect(t == "người dân và trường học, số 12/KH-SYT")
        // At a word's end (th- = thư), a word's start (-u = ưu), a line's end, and in capitals.
        let (u, _) = EncodingDetector.repairMojibake("C«ng v¨n nh- sau: -u tiªn th- tr-\nêng TR-êNG häc - Tù do")
        #expect(u == "Công văn như sau: ưu tiên thư trường TRƯỜNG học - Tự do")
    }

    @Test func windows1258CombiningTones() {
        // "Việt Nam" in Windows-1258: V i ê + dot below (0xF2) t; tones composed to NFC.
        let bytes: [UInt8] = [0x56, 0x69, 0xEA, 0xF2, 0x74, 0x20, 0x4E, 0x61, 0x6D, 0x20, 0x68, 0x6F, 0xE0]
        #expect(LegacyEncoding.windows1258.decode(bytes) == "Việt Nam hoà")
    }

    @Test func visciiAndVNIBytes() {
        // VISCII: "Đ" 0xD0, "ộ" 0xB5; VNI: "Ñ" = Đ, "oä" = ộ.
        #expect(LegacyEncoding.viscii.decode([0xD0, 0xB5, 0x63]) == "Độc")
        #expect(LegacyEncoding.vni.decode([0xD1, 0x6F, 0xE4, 0x63]) == "Độc")
        #expect(LegacyEncoding.vni.decode(latin1("Tröôøng ÑAÏI HOÏC")) == "Trường ĐẠI HỌC")
    }

    @Test func cleanUTF8IsUntouched() throws {
        // Every seed and dev-set document: no mojibake found, text unchanged.
        var files = Fixture.seeds.map { Fixture.corpus.appendingPathComponent($0 + ".txt") }
        for dev in ["Tests/Fixtures/eval/dev", "Tests/Fixtures/eval/dev-health"] {
            let dir = Fixture.root.appendingPathComponent(dev)
            for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f.hasSuffix(".txt") {
                files.append(dir.appendingPathComponent(f))
            }
        }
        #expect(files.count >= 20)
        for f in files {
            let data = [UInt8](try Data(contentsOf: f))
            let d = EncodingDetector.decode(data)
            #expect(d.encoding == "UTF-8", "\(f.lastPathComponent)")
            #expect(d.conversions.allSatisfy { $0 == "combining marks composed (NFC)" }, "\(f.lastPathComponent): \(d.conversions)")
            #expect(d.text == String(decoding: data, as: UTF8.self).precomposedStringWithCanonicalMapping, "\(f.lastPathComponent)")
        }
    }

    @Test func latin1WordsInUnicodeStay() {
        // Genuine Unicode with Latin-1 symbols and a French word is not "repaired".
        for s in ["Nhiệt độ 25°C, tỷ lệ ±2%, café", "Điều 5 § 2 «Quy định»", "Lê Hà, Tô Hà"] {
            #expect(EncodingDetector.repairMojibake(s).text == s, "\(s)")
        }
    }

    func latin1(_ s: String) -> [UInt8] {
        s.unicodeScalars.map { v -> UInt8 in
            if v.value < 0x100 { return UInt8(v.value) }
            // Windows-1252 punctuation.
            switch v.value {
            case 0x2013: return 0x96
            case 0x2014: return 0x97
            default: return 0x3F
            }
        }
    }
}

/// Every encoding fixture (scripts/make-encoding-fixtures.py) reads back as its UTF-8 original.
@Suite struct EncodingFixtureTests {
    static let variants = ["tcvn3", "vni", "viscii", "cp1258", "utf16le", "utf16be-nobom", "utf8bom", "nfd",
                           "tcvn3-latin1", "vni-latin1", "mixed-lines", "mixed-bytes"]

    static let expectedEncoding: [String: String] = [
        "tcvn3": "TCVN3", "vni": "VNI", "viscii": "VISCII", "cp1258": "Windows-1258", "utf16le": "UTF-16LE",
        "utf16be-nobom": "UTF-16BE", "utf8bom": "UTF-8 (BOM)", "nfd": "UTF-8", "tcvn3-latin1": "UTF-8",
        "vni-latin1": "UTF-8", "mixed-lines": "UTF-8", "mixed-bytes": "mixed",
    ]

    @Test(arguments: variants)
    func variantReadsAsOriginal(_ variant: String) throws {
        var seen = 0
        for stem in Fixture.seeds {
            let url = Fixture.encodings.appendingPathComponent("\(stem).\(variant).txt")
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            seen += 1
            guard case .text(let t) = Ingest.extract(fileAt: url) else {
                Issue.record("\(stem).\(variant): skipped"); continue
            }
            #expect(t.encoding == Self.expectedEncoding[variant], "\(stem).\(variant): read as \(t.encoding ?? "-")")
            if variant != "utf8bom" {
                #expect(!t.conversions.isEmpty, "\(stem).\(variant): conversions reported")
            }
            #expect(t.text.unicodeScalars.elementsEqual(t.text.precomposedStringWithCanonicalMapping.unicodeScalars), "\(stem).\(variant): NFC")
            Compare.expectSame(t.text, as: Fixture.original(stem), "\(stem).\(variant)")
        }
        #expect(seen >= 3, "fixtures of \(variant) present")
    }

    @Test func mixedLinesReportBothRepairs() throws {
        let url = Fixture.encodings.appendingPathComponent("003_2b066fe0965093a2.mixed-lines.txt")
        let t = try #require(Ingest.extract(fileAt: url).extracted)
        #expect(t.conversions.contains { $0.hasPrefix("TCVN3 mojibake") })
        #expect(t.conversions.contains { $0.hasPrefix("VNI mojibake") })
    }
}

import Foundation
import Ingest
import Testing
import VietText

@Suite struct RobustnessTests {
    func tempDir(_ name: String) throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    /// Every format together with broken files: each file gives text or one clear reason; nothing crashes.
    @Test(.enabled(if: installed("pdftotext") && installed("antiword"), "run scripts/install-deps.sh (poppler-utils, antiword)"))
    func mixedFolder() throws {
        let dir = try tempDir("mixed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        for f in try fm.contentsOfDirectory(atPath: Fixture.formats.path) where !f.hasPrefix(".") && f != "encodings" {
            try fm.copyItem(at: Fixture.formats.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        for f in ["003_2b066fe0965093a2.tcvn3.txt", "003_2b066fe0965093a2.vni.txt", "003_2b066fe0965093a2.utf16le.txt"] {
            try fm.copyItem(at: Fixture.encodings.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        try Data().write(to: dir.appendingPathComponent("empty.txt"))
        var noise = [UInt8](repeating: 0, count: 4096)
        for i in noise.indices { noise[i] = UInt8(truncatingIfNeeded: i &* 7919 &+ 13) }
        try Data(noise).write(to: dir.appendingPathComponent("random.bin"))
        try Data([0x50, 0x4B, 0x03, 0x04] + noise).write(to: dir.appendingPathComponent("junk.docx"))
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + noise).write(to: dir.appendingPathComponent("junk.doc"))
        try Data("%PDF-1.7\n".utf8 + noise).write(to: dir.appendingPathComponent("junk.pdf"))

        var texts: [String: ExtractedText] = [:]
        var skipped: [String: (String, SkipKind)] = [:]
        for f in try fm.contentsOfDirectory(atPath: dir.path).sorted() {
            switch Ingest.extract(fileAt: dir.appendingPathComponent(f)) {
            case .text(let t): texts[f] = t
            case .skipped(let reason, let kind): skipped[f] = (reason, kind)
            }
        }
        #expect(skipped["protected.pdf"]?.1 == .encrypted)
        #expect(skipped["protected.pdf"]?.0 == "password-protected PDF")
        #expect(skipped["truncated.pdf"]?.1 == .corrupt)
        #expect(skipped["truncated.pdf"]?.0.hasPrefix("corrupt or unreadable PDF") == true)
        #expect(skipped["notpdf.pdf"]?.1 == .corrupt)
        #expect(skipped["junk.pdf"]?.1 == .corrupt)
        #expect(skipped["scanned.pdf"]?.1 == .needsOCR)
        #expect(skipped["truncated.docx"]?.1 == .corrupt)
        #expect(skipped["junk.docx"]?.1 == .corrupt)
        #expect(skipped["junk.doc"] != nil)
        #expect(skipped["empty.txt"]?.1 == .empty)
        #expect(skipped["random.bin"]?.1 == .unsupported)
        for (f, s) in skipped { #expect(!s.0.isEmpty, "\(f): a reason") }
        // Everything else gives the document.
        #expect(skipped.count == 10, "\(skipped.keys.sorted())")
        for (f, t) in texts {
            #expect(t.text.contains("2926/SYT-VP") || t.text.contains("/SYT-VP") || t.text.contains("660/BC-TTYT"), "\(f)")
        }
        #expect(texts["003_2b066fe0965093a2.tcvn3.txt"]?.conversions == ["TCVN3 → Unicode"])
        #expect(texts["003_2b066fe0965093a2.vni.txt"]?.conversions == ["VNI → Unicode"])
    }

    /// A missing tool skips its format with a reason naming the Debian package.
    @Test func missingToolsNameTheirPackage() throws {
        let empty = try tempDir("nopath")
        defer { try? FileManager.default.removeItem(at: empty) }
        var o = IngestOptions()
        o.toolSearchPath = [empty.path]
        let pdf = extractFixture("003_2b066fe0965093a2.pdf", o)
        #expect(pdf.skipReason?.contains("install poppler-utils") == true, "\(pdf.skipReason ?? "-")")
        if case .skipped(_, let kind) = pdf { #expect(kind == .toolMissing(package: "poppler-utils")) }
        let doc = extractFixture("003_2b066fe0965093a2.doc", o)
        #expect(doc.skipReason?.contains("install antiword") == true, "\(doc.skipReason ?? "-")")
        o.ocr = true
        let img = Ingest.extract(fileAt: Fixture.formats.appendingPathComponent("scanned.pdf"), options: o)
        #expect(img.skipReason?.contains("poppler-utils") == true)
        // Formats read without tools still work.
        #expect(extractFixture("003_2b066fe0965093a2.docx", o).extracted != nil)
        #expect(extractFixture("003_2b066fe0965093a2.html", o).extracted != nil)
        let tools = Ingest.tools(options: o)
        #expect(tools.allSatisfy { !$0.found })
        #expect(Set(tools.map(\.package)).isSuperset(of: ["poppler-utils", "antiword", "tesseract-ocr"]))
    }

    /// catdoc reads .doc when antiword is missing.
    @Test(.enabled(if: installed("catdoc"), "catdoc not installed"))
    func catdocFallback() throws {
        let dir = try tempDir("catdoc")
        defer { try? FileManager.default.removeItem(at: dir) }
        let catdoc = ProcessInfo.processInfo.environment["PATH"]!.split(separator: ":").map { "\($0)/catdoc" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }!
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("catdoc").path, withDestinationPath: catdoc)
        var o = IngestOptions()
        o.toolSearchPath = [dir.path]
        let stem = "003_2b066fe0965093a2"
        let t = try #require(extractFixture(stem + ".doc", o).extracted)
        #expect(t.conversions.first == "catdoc → text")
        Compare.expectSame(t.text, as: Fixture.original(stem), "\(stem).doc with catdoc")
    }

    /// A tool that hangs is killed after the time limit.
    @Test func hangingToolIsKilled() throws {
        let dir = try tempDir("hang")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fake = dir.appendingPathComponent("pdftotext")
        try "#!/bin/sh\nexec sleep 60\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        var o = IngestOptions()
        o.toolSearchPath = [dir.path]
        o.toolTimeout = 1
        let start = Date()
        let r = extractFixture("003_2b066fe0965093a2.pdf", o)
        let elapsed = Date().timeIntervalSince(start)
        if case .skipped(_, let kind) = r { #expect(kind == .timeout) } else { Issue.record("not skipped") }
        #expect(elapsed < 10, "stopped after \(elapsed) s")
    }

    /// Scanned PDF with --ocr: tesseract with its Vietnamese data reads the page.
    @Test(.enabled(if: installed("tesseract") && installed("pdftoppm"), "tesseract not installed: run scripts/install-deps.sh (tesseract-ocr tesseract-ocr-vie)"))
    func ocrOfScannedPDF() throws {
        var o = IngestOptions(ocr: true)
        o.ocrTimeout = 600
        let t = try #require(extractFixture("scanned.pdf", o).extracted)
        #expect(t.conversions.contains { $0.hasPrefix("OCR (tesseract vie) on page(s) 1") }, "\(t.conversions)")
        // The page holds the letterhead and the first paragraphs of 003: compare with that part.
        let original = Fixture.original("003_2b066fe0965093a2")
        let facts = Facts(t.text)
        #expect(facts.numbers == ["2926/SYT-VP"])
        #expect(facts.dates == ["2018-10-30"])
        let agree = Fixture.wordAgreement(String(original.prefix(t.text.count)), t.text)
        #expect(agree >= 0.97, "OCR: \(agree) of the folded words equal")
    }

    /// A text page then a scanned page: a warning without --ocr, the page read with it, and the
    /// page numbers right either way.
    @Test(.enabled(if: installed("tesseract") && installed("pdftoppm"), "tesseract not installed: run scripts/install-deps.sh (tesseract-ocr tesseract-ocr-vie)"))
    func partlyScannedPDF() throws {
        let plain = try #require(extractFixture("partly-scanned.pdf").extracted)
        #expect(plain.pageCount == 2)
        #expect(plain.warnings == ["page(s) 2 have no text layer (scanned): run with --ocr to read them"])
        #expect(!plain.text.contains("2926/SYT-VP"))
        let t = try #require(extractFixture("partly-scanned.pdf", IngestOptions(ocr: true)).extracted)
        #expect(t.pageCount == 2)
        #expect(t.warnings.isEmpty)
        #expect(t.conversions.contains("OCR (tesseract vie) on page(s) 2"))
        let bytes = Array(t.text.utf8)
        func offset(_ s: String) -> Int? {
            let n = Array(s.utf8)
            guard n.count <= bytes.count else { return nil }
            for i in 0...(bytes.count - n.count) where Array(bytes[i..<(i + n.count)]) == n { return i }
            return nil
        }
        let first = try #require(offset("/SYT-VP"))
        let second = try #require(offset("2926/SYT-VP"))
        #expect(t.page(atUTF8Offset: first) == 1)
        #expect(t.page(atUTF8Offset: second) == 2)
        let docs = Facts(t.text)
        #expect(docs.numbers.contains("2926/SYT-VP"))
    }

    @Test func nonexistentAndFolder() throws {
        let missing = Ingest.extract(fileAt: URL(fileURLWithPath: "/nonexistent/x.pdf"))
        if case .skipped(_, let kind) = missing { #expect(kind == .unreadable) } else { Issue.record("not skipped") }
        let folder = Ingest.extract(fileAt: Fixture.formats)
        #expect(folder.skipReason != nil)
    }
}

/// Damaged copies of every kind of fixture (cut short, bytes overwritten): each gives text or a
/// reason, never a crash or a hang.
@Suite struct DamagedFileTests {
    /// A small deterministic generator (xorshift), so a failure can be repeated.
    struct Rand {
        var s: UInt64
        mutating func next() -> UInt64 { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    static let originals = ["003_2b066fe0965093a2.docx", "003_2b066fe0965093a2.table.docx", "000_a7862f00d41df8cb.html",
                            "003_2b066fe0965093a2.pdf", "003_2b066fe0965093a2.doc", "003_2b066fe0965093a2.rtf",
                            "encodings/003_2b066fe0965093a2.tcvn3.txt", "encodings/003_2b066fe0965093a2.utf16le.txt",
                            "encodings/003_2b066fe0965093a2.tcvn3-latin1.txt"]

    @Test(arguments: originals)
    func damagedCopies(_ name: String) throws {
        let src = [UInt8](try Data(contentsOf: Fixture.formats.appendingPathComponent(name)))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-damaged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = Rand(s: 0x9E37_79B9_7F4A_7C15 ^ UInt64(name.utf8.count))
        let ext = (name as NSString).pathExtension
        var o = IngestOptions()
        o.toolTimeout = 30
        var results = 0
        for k in 0..<12 {
            var bytes = src
            if k % 3 == 0 {
                bytes = Array(bytes.prefix(max(1, bytes.count * (k + 1) / 13)))
            } else {
                for _ in 0..<(1 + rng.below(20)) where !bytes.isEmpty {
                    bytes[rng.below(bytes.count)] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            let url = dir.appendingPathComponent("damaged-\(k).\(ext)")
            try Data(bytes).write(to: url)
            switch Ingest.extract(fileAt: url, options: o) {
            case .text(let t): #expect(t.text.unicodeScalars.allSatisfy { $0.value != 0 } || ext == "txt"); results += 1
            case .skipped(let reason, _): #expect(!reason.isEmpty); results += 1
            }
        }
        #expect(results == 12)
    }

    @Test func randomBytesDecode() {
        var rng = Rand(s: 42)
        for n in [0, 1, 2, 3, 7, 64, 1000, 20000] {
            var bytes = [UInt8](repeating: 0, count: n)
            for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: rng.next()) }
            let d = EncodingDetector.decode(bytes)
            #expect(d.text.unicodeScalars.count <= max(n, 1) * 2)
            _ = EncodingDetector.repairMojibake(String(decoding: bytes, as: UTF8.self))
            for e in LegacyEncoding.allCases { _ = e.decode(bytes) }
        }
    }
}

import Foundation
import VietText

/// PDF through `pdftotext -layout` (poppler-utils); scanned pages through OCR.
enum PDF {
    static func extract(url: URL, options: IngestOptions) -> IngestResult {
        guard let exe = Tools.find(Tools.pdftotext, options) else { return Tools.missing(Tools.pdftotext, for: "PDF") }
        guard let dir = Tools.tempDir() else { return .skipped(reason: "cannot create a temporary folder", kind: .unreadable) }
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.txt")
        let r = Tools.run(exe, ["-layout", "-enc", "UTF-8", "-eol", "unix", url.path, out.path], timeout: options.toolTimeout, in: dir, niceness: options.toolNiceness)
        if r.timedOut { return .skipped(reason: "pdftotext took longer than \(Int(options.toolTimeout)) s and was stopped", kind: .timeout) }
        if let e = r.launchError { return .skipped(reason: e, kind: .unreadable) }
        if r.status != 0 {
            let err = r.stderr.lowercased()
            if err.contains("password") || err.contains("encrypt") {
                return .skipped(reason: "password-protected PDF", kind: .encrypted)
            }
            if r.status == 3 {
                return .skipped(reason: "PDF forbids copying its text (permissions)", kind: .encrypted)
            }
            return .skipped(reason: "corrupt or unreadable PDF (\(r.firstError))", kind: .corrupt)
        }
        var warnings: [String] = []
        if r.stderr.contains("Error") {
            warnings.append("damaged PDF, text may be incomplete (\(r.firstError))")
        }
        let raw = (try? Data(contentsOf: out)) ?? Data()
        var pages = String(decoding: raw, as: UTF8.self).components(separatedBy: "\u{0C}")
        // pdftotext ends every page with a form feed: the last element is what follows the last page.
        if pages.count > 1 && pages.last!.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { pages.removeLast() }
        var conversions = ["pdftotext -layout"]
        let empty = pages.indices.filter { !hasText(pages[$0]) }
        if !empty.isEmpty {
            let imagePages = pagesWithImages(url: url, options: options, dir: dir)
            let scanned = empty.filter { imagePages?.contains($0 + 1) ?? true }
            if empty.count == pages.count && scanned.isEmpty {
                return .skipped(reason: "PDF has no text (no text layer, no images)", kind: .unsupported)
            }
            if !scanned.isEmpty {
                if !options.ocr {
                    if empty.count == pages.count {
                        return .skipped(reason: "scanned PDF with no text layer: run with --ocr to read it (tesseract)", kind: .needsOCR)
                    }
                    warnings.append("page(s) \(ranges(scanned.map { $0 + 1 })) have no text layer (scanned): run with --ocr to read them")
                } else {
                    switch OCR.pages(url: url, pages: scanned.map { $0 + 1 }, options: options, dir: dir) {
                    case .failure(let skip):
                        if empty.count == pages.count { return .skipped(reason: skip.reason, kind: skip.kind) }
                        warnings.append("page(s) \(ranges(scanned.map { $0 + 1 })) not read: \(skip.reason)")
                    case .success(let texts):
                        for (k, p) in scanned.enumerated() { pages[p] = texts[k] }
                        conversions.append("OCR (tesseract \(options.ocrLanguages)) on page(s) \(ranges(scanned.map { $0 + 1 }))")
                    }
                }
            }
        }
        let joined = pages.joined(separator: "\u{0C}")
        let (text, conv) = EncodingDetector.repairMojibake(joined)
        return .text(ExtractedText(text: text, format: .pdf, conversions: conversions + conv, warnings: warnings,
                                   pageCount: max(1, pages.count)))
    }

    /// Whether a page holds a letter or digit.
    static func hasText(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0.properties.isAlphabetic || ($0.value >= 0x30 && $0.value <= 0x39) }
    }

    /// Pages (1-based) that hold an image, from `pdfimages -list`; nil when it cannot tell.
    static func pagesWithImages(url: URL, options: IngestOptions, dir: URL) -> Set<Int>? {
        guard let exe = Tools.find(Tools.pdfimages, options) else { return nil }
        let r = Tools.run(exe, ["-list", url.path], timeout: options.toolTimeout, in: dir, niceness: options.toolNiceness)
        guard r.ok else { return nil }
        var pages = Set<Int>()
        for line in String(decoding: r.stdout, as: UTF8.self).split(separator: "\n").dropFirst(2) {
            if let first = line.split(separator: " ").first, let n = Int(first) { pages.insert(n) }
        }
        return pages
    }

    /// "1–3, 7".
    static func ranges(_ pages: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < pages.count {
            var j = i
            while j + 1 < pages.count && pages[j + 1] == pages[j] + 1 { j += 1 }
            parts.append(j == i ? "\(pages[i])" : "\(pages[i])–\(pages[j])")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }
}

/// Optical character recognition with tesseract (tesseract-ocr, tesseract-ocr-vie).
enum OCR {
    struct Skip: Error { var reason: String; var kind: SkipKind }

    /// Checks tesseract and its language data; nil when ready.
    static func check(_ options: IngestOptions, dir: URL) -> Skip? {
        guard let exe = Tools.find(Tools.tesseract, options) else {
            return Skip(reason: "OCR needs tesseract, which is not installed: install tesseract-ocr tesseract-ocr-vie",
                        kind: .toolMissing(package: "tesseract-ocr"))
        }
        let r = Tools.run(exe, ["--list-langs"], timeout: 30, in: dir, niceness: options.toolNiceness)
        let langs = Set(String(decoding: r.stdout, as: UTF8.self).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        for lang in options.ocrLanguages.split(separator: "+").map(String.init) where !langs.contains(lang) {
            let pkg = "tesseract-ocr-" + lang
            return Skip(reason: "OCR needs tesseract's \(lang) language data, which is not installed: install \(pkg)",
                        kind: .toolMissing(package: pkg))
        }
        return nil
    }

    /// Text of each page (1-based numbers) of a PDF, rendered with pdftoppm and read with tesseract.
    static func pages(url: URL, pages: [Int], options: IngestOptions, dir: URL) -> Result<[String], Skip> {
        if let skip = check(options, dir: dir) { return .failure(skip) }
        guard let ppm = Tools.find(Tools.pdftoppm, options) else {
            return .failure(Skip(reason: "OCR of PDF pages needs pdftoppm, which is not installed: install poppler-utils",
                                 kind: .toolMissing(package: "poppler-utils")))
        }
        var texts: [String] = []
        for n in pages {
            let prefix = dir.appendingPathComponent("page-\(n)")
            let r = Tools.run(ppm, ["-r", String(options.ocrDPI), "-gray", "-png", "-f", String(n), "-l", String(n), "-singlefile",
                                    url.path, prefix.path], timeout: options.toolTimeout, in: dir, niceness: options.toolNiceness)
            if r.timedOut { return .failure(Skip(reason: "rendering page \(n) took too long", kind: .timeout)) }
            guard r.ok else { return .failure(Skip(reason: "cannot render page \(n) (\(r.firstError))", kind: .corrupt)) }
            let png = prefix.appendingPathExtension("png")
            switch image(png, options: options, dir: dir) {
            case .failure(let s): return .failure(s)
            case .success(let t): texts.append(t)
            }
            try? FileManager.default.removeItem(at: png)
        }
        return .success(texts)
    }

    /// Text of one image file.
    static func image(_ file: URL, options: IngestOptions, dir: URL) -> Result<String, Skip> {
        guard let exe = Tools.find(Tools.tesseract, options) else {
            return .failure(Skip(reason: "OCR needs tesseract: install tesseract-ocr tesseract-ocr-vie", kind: .toolMissing(package: "tesseract-ocr")))
        }
        let base = dir.appendingPathComponent("ocr-\(UUID().uuidString)")
        let r = Tools.run(exe, [file.path, base.path, "-l", options.ocrLanguages], timeout: options.ocrTimeout, in: dir,
                          environment: ["OMP_THREAD_LIMIT": "1"], niceness: options.toolNiceness)
        if r.timedOut { return .failure(Skip(reason: "OCR took longer than \(Int(options.ocrTimeout)) s and was stopped", kind: .timeout)) }
        guard r.ok else { return .failure(Skip(reason: "OCR failed (\(r.firstError))", kind: .corrupt)) }
        let out = base.appendingPathExtension("txt")
        defer { try? FileManager.default.removeItem(at: out) }
        let text = String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self)
        // Tesseract ends a page with a form feed of its own.
        return .success(text.replacingOccurrences(of: "\u{0C}", with: "").precomposedStringWithCanonicalMapping)
    }

    /// A scanned page kept as an image file (PNG, JPEG, TIFF).
    static func extractImage(url: URL, options: IngestOptions) -> IngestResult {
        guard options.ocr else {
            return .skipped(reason: "image (a scanned page?): run with --ocr to read it (tesseract)", kind: .needsOCR)
        }
        guard let dir = Tools.tempDir() else { return .skipped(reason: "cannot create a temporary folder", kind: .unreadable) }
        defer { try? FileManager.default.removeItem(at: dir) }
        if let skip = check(options, dir: dir) { return .skipped(reason: skip.reason, kind: skip.kind) }
        switch image(url, options: options, dir: dir) {
        case .failure(let s): return .skipped(reason: s.reason, kind: s.kind)
        case .success(let t):
            return .text(ExtractedText(text: t, format: .image, conversions: ["OCR (tesseract \(options.ocrLanguages))"]))
        }
    }
}

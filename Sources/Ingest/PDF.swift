import Foundation
import VietText

/// PDF through `pdftotext -layout` (poppler-utils); scanned pages through OCR.
///
/// pdftotext reads the descriptor VanBan opened and writes to a pipe, cut at the text limit (a
/// small PDF whose text is huge is skipped, "text larger than 50 MB"). Its answer is checked
/// before it is used: killed, stopped at its time limit, or fewer pages than `pdfinfo` counts is a
/// failure that may pass (the file is read again next run), not a text to index.
enum PDF {
    static func extract(fd: Int32, options: IngestOptions, budget: Budget) throws -> ExtractedText {
        guard let exe = Tools.find(Tools.pdftotext, options) else { throw Tools.missing(Tools.pdftotext, for: "PDF") }
        let cap = min(budget.textBytes, budget.workLeft)
        let r = Tools.run(exe, ["-layout", "-enc", "UTF-8", "-eol", "unix", Tools.inputPath, "-"], input: fd,
                          timeout: options.toolTimeout, cap: cap, niceness: options.toolNiceness)
        if let trouble = Tools.trouble(r, "pdftotext", timeout: options.toolTimeout, cap: cap) { throw trouble }
        if r.status != 0 {
            let err = r.stderr.lowercased()
            if err.contains("password") || err.contains("encrypt") { throw Ingest.Skip("password-protected PDF", .encrypted) }
            if r.status == 3 { throw Ingest.Skip("PDF forbids copying its text (permissions)", .encrypted) }
            // 1: poppler could not open the PDF (it said why); anything else is the tool's trouble.
            if r.status == 1 { throw Ingest.Skip("corrupt or unreadable PDF (\(r.firstError))", .corrupt) }
            throw Ingest.Skip("pdftotext failed (exit status \(r.status): \(r.firstError)), its output not used", .toolFailed)
        }
        try budget.work(r.stdout.count, "pdftotext's output")
        var warnings: [String] = []
        if r.stderr.contains("Error") {
            warnings.append("damaged PDF, text may be incomplete (\(r.firstError))")
        }
        var pages = try Self.pages(r.stdout, budget: budget)
        if let expected = pageCount(fd: fd, options: options), pages.count < expected {
            throw Ingest.Skip("pdftotext gave \(pages.count) of the PDF's \(expected) pages, its output not used", .toolFailed)
        }
        var conversions = ["pdftotext -layout"]
        let empty = pages.indices.filter { !hasText(pages[$0]) }
        if !empty.isEmpty {
            let imagePages = pagesWithImages(fd: fd, options: options)
            let scanned = empty.filter { imagePages?.contains($0 + 1) ?? true }
            if empty.count == pages.count && scanned.isEmpty {
                throw Ingest.Skip("PDF has no text (no text layer, no images)", .unsupported)
            }
            if !scanned.isEmpty {
                if !options.ocr {
                    if empty.count == pages.count {
                        throw Ingest.Skip("scanned PDF with no text layer: run with --ocr to read it (tesseract)", .needsOCR)
                    }
                    warnings.append("page(s) \(ranges(scanned.map { $0 + 1 })) have no text layer (scanned): run with --ocr to read them")
                } else {
                    do {
                        let texts = try OCR.pages(fd: fd, pages: scanned.map { $0 + 1 }, options: options, budget: budget)
                        for (k, p) in scanned.enumerated() { pages[p] = texts[k] }
                        conversions.append("OCR (tesseract \(options.ocrLanguages)) on page(s) \(ranges(scanned.map { $0 + 1 }))")
                    } catch let skip as Ingest.Skip {
                        if empty.count == pages.count { throw skip }
                        warnings.append("page(s) \(ranges(scanned.map { $0 + 1 })) not read: \(skip.reason)")
                    }
                }
            }
        }
        let (text, conv, dropped) = try finish(pages, budget: budget)
        if let n = TextFile.droppedNote(dropped) { warnings.append(n) }
        return ExtractedText(text: text, format: .pdf, conversions: conversions + conv, warnings: warnings,
                             pageCount: max(1, pages.count))
    }

    /// pdftotext's output as pages: it ends every page with a form feed, so what follows the last
    /// one is dropped when blank.
    static func pages(_ out: [UInt8], budget: Budget) throws(Budget.Exceeded) -> [String] {
        var pages: [String] = []
        var start = 0
        for i in out.indices where out[i] == 0x0C {
            try budget.tick()
            pages.append(String(decoding: out[start..<i], as: UTF8.self))
            start = i + 1
        }
        let rest = String(decoding: out[start...], as: UTF8.self)
        if pages.isEmpty || !rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { pages.append(rest) }
        return pages
    }

    /// The pages joined by form feeds, mojibake repaired, composed.
    static func finish(_ pages: [String], budget: Budget) throws(Budget.Exceeded) -> (String, [String], Int) {
        let joined = pages.joined(separator: "\u{0C}")
        try budget.text(joined.utf8.count)
        var dropped = 0
        let (text, conv) = try EncodingDetector.repairMojibake(joined, droppedMarks: &dropped, budget: budget)
        return (text, conv, dropped)
    }

    /// Whether a page holds a letter or digit.
    static func hasText(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0.properties.isAlphabetic || ($0.value >= 0x30 && $0.value <= 0x39) }
    }

    /// The PDF's page count from `pdfinfo`; nil when it cannot tell.
    static func pageCount(fd: Int32, options: IngestOptions) -> Int? {
        guard let exe = Tools.find(Tools.pdfinfo, options) else { return nil }
        let r = Tools.run(exe, [Tools.inputPath], input: fd, timeout: options.toolTimeout, cap: 1 << 20, niceness: options.toolNiceness)
        guard r.ok else { return nil }
        for line in String(decoding: r.stdout, as: UTF8.self).split(separator: "\n") where line.hasPrefix("Pages:") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// Pages (1-based) that hold an image, from `pdfimages -list`; nil when it cannot tell.
    static func pagesWithImages(fd: Int32, options: IngestOptions) -> Set<Int>? {
        guard let exe = Tools.find(Tools.pdfimages, options) else { return nil }
        let r = Tools.run(exe, ["-list", Tools.inputPath], input: fd, timeout: options.toolTimeout, cap: 16 << 20,
                          niceness: options.toolNiceness)
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

/// Optical character recognition with tesseract (tesseract-ocr, tesseract-ocr-vie): pages
/// rendered by pdftoppm into a pipe, read by tesseract from its standard input.
enum OCR {
    /// Checks tesseract and its language data; throws when not ready.
    static func check(_ options: IngestOptions) throws {
        guard let exe = Tools.find(Tools.tesseract, options) else {
            throw Ingest.Skip("OCR needs tesseract, which is not installed: install tesseract-ocr tesseract-ocr-vie",
                              .toolMissing(package: "tesseract-ocr"))
        }
        let r = Tools.run(exe, ["--list-langs"], timeout: 30, cap: 1 << 20, niceness: options.toolNiceness)
        let langs = Set(String(decoding: r.stdout, as: UTF8.self).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        for lang in options.ocrLanguages.split(separator: "+").map(String.init) where !langs.contains(lang) {
            let pkg = "tesseract-ocr-" + lang
            throw Ingest.Skip("OCR needs tesseract's \(lang) language data, which is not installed: install \(pkg)",
                              .toolMissing(package: pkg))
        }
    }

    /// Text of each page (1-based numbers) of the PDF open at `fd`.
    static func pages(fd: Int32, pages: [Int], options: IngestOptions, budget: Budget) throws -> [String] {
        try check(options)
        guard let ppm = Tools.find(Tools.pdftoppm, options) else {
            throw Ingest.Skip("OCR of PDF pages needs pdftoppm, which is not installed: install poppler-utils",
                              .toolMissing(package: "poppler-utils"))
        }
        var texts: [String] = []
        for n in pages {
            let cap = budget.workLeft
            let r = Tools.run(ppm, ["-r", String(options.ocrDPI), "-gray", "-png", "-f", String(n), "-l", String(n), "-singlefile",
                                    Tools.inputPath], input: fd, timeout: options.toolTimeout, cap: cap, niceness: options.toolNiceness)
            if r.timedOut { throw Ingest.Skip("rendering page \(n) took longer than \(Budget.format(options.toolTimeout)) s", .timeout) }
            if r.outputCapped { throw Ingest.Skip("page \(n) rendered larger than \(Budget.megabytes(cap))", .overBudget) }
            guard r.ok, !r.stdout.isEmpty else {
                throw Ingest.Skip("cannot render page \(n) (\(r.firstError))", r.signal != 0 || r.launchError != nil ? .toolFailed : .corrupt)
            }
            try budget.work(r.stdout.count, "rendered pages")
            texts.append(try image(stdin: r.stdout, options: options, budget: budget))
        }
        return texts
    }

    /// Text of one image: given as bytes (a rendered page) or as the file open at `fd`.
    static func image(stdin: [UInt8]? = nil, fd: Int32? = nil, options: IngestOptions, budget: Budget) throws -> String {
        guard let exe = Tools.find(Tools.tesseract, options) else {
            throw Ingest.Skip("OCR needs tesseract: install tesseract-ocr tesseract-ocr-vie", .toolMissing(package: "tesseract-ocr"))
        }
        let cap = min(budget.textBytes, budget.workLeft)
        let r = Tools.run(exe, [stdin != nil ? "stdin" : Tools.inputPath, "stdout", "-l", options.ocrLanguages], input: fd, stdin: stdin,
                          timeout: options.ocrTimeout, cap: cap, environment: ["OMP_THREAD_LIMIT": "1"], niceness: options.toolNiceness)
        if r.timedOut { throw Ingest.Skip("OCR took longer than \(Budget.format(options.ocrTimeout)) s and was stopped", .timeout) }
        if let trouble = Tools.trouble(r, "tesseract", timeout: options.ocrTimeout, cap: cap) { throw trouble }
        guard r.ok else { throw Ingest.Skip("OCR failed (\(r.firstError))", .corrupt) }
        try budget.work(r.stdout.count, "tesseract's output")
        // Tesseract ends a page with a form feed of its own.
        let text = String(decoding: r.stdout.filter { $0 != 0x0C }, as: UTF8.self)
        return VietText.nfc(text).text
    }

    /// A scanned page kept as an image file (PNG, JPEG, TIFF).
    static func extractImage(fd: Int32, options: IngestOptions, budget: Budget) throws -> ExtractedText {
        guard options.ocr else {
            throw Ingest.Skip("image (a scanned page?): run with --ocr to read it (tesseract)", .needsOCR)
        }
        try check(options)
        let t = try image(fd: fd, options: options, budget: budget)
        return ExtractedText(text: t, format: .image, conversions: ["OCR (tesseract \(options.ocrLanguages))"])
    }
}

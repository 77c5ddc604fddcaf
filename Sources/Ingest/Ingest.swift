import Foundation
import VietText

/// The file formats `Ingest` reads.
public enum IngestFormat: String, Sendable, CaseIterable {
    case text, markdown, html, pdf, docx, doc, rtf, image
}

/// Options of one extraction.
public struct IngestOptions: Sendable {
    /// Read scanned pages (PDF pages with no text layer, and image files) with tesseract. Slow.
    public var ocr: Bool
    /// Folders searched for the external tools, in order; nil: `$PATH`. Tests point it at an empty
    /// folder to see a missing tool handled.
    public var toolSearchPath: [String]?
    /// Seconds one tool run may take before it is killed (pdftotext, antiword, catdoc).
    public var toolTimeout: TimeInterval
    /// Seconds the OCR of one page may take.
    public var ocrTimeout: TimeInterval
    /// Tesseract language(s).
    public var ocrLanguages: String
    /// Resolution pages are rendered at for OCR.
    public var ocrDPI: Int
    /// Largest text, Markdown or HTML file read.
    public var maxTextBytes: Int
    /// Largest PDF, Word or image file read.
    public var maxBinaryBytes: Int
    /// Scheduling priority the external tools run at (`nice -n`; 0 = the caller's). Extraction and
    /// OCR are background work: they should not starve searches or builds sharing the machine.
    public var toolNiceness: Int

    public init(ocr: Bool = false, toolSearchPath: [String]? = nil, toolTimeout: TimeInterval = 120,
                ocrTimeout: TimeInterval = 300, ocrLanguages: String = "vie", ocrDPI: Int = 300,
                maxTextBytes: Int = 50 * 1024 * 1024, maxBinaryBytes: Int = 500 * 1024 * 1024, toolNiceness: Int = 10) {
        self.ocr = ocr; self.toolSearchPath = toolSearchPath; self.toolTimeout = toolTimeout
        self.ocrTimeout = ocrTimeout; self.ocrLanguages = ocrLanguages; self.ocrDPI = ocrDPI
        self.maxTextBytes = maxTextBytes; self.maxBinaryBytes = maxBinaryBytes; self.toolNiceness = toolNiceness
    }
}

/// Text taken out of a file.
public struct ExtractedText: Sendable {
    /// NFC text. PDF pages are separated by a form feed (U+000C): page = 1 + form feeds before an offset.
    public var text: String
    public var format: IngestFormat
    /// Encoding the bytes were read in, for text, Markdown and HTML (`UTF-8`, `TCVN3`, `mixed`, …).
    public var encoding: String?
    /// What was converted, for people: `TCVN3 → Unicode`, `TCVN3 mojibake → Unicode on 40 of 40 line(s)…`,
    /// `pdftotext -layout`, `OCR (tesseract vie) on page(s) 1–3`.
    public var conversions: [String]
    /// Trouble that did not stop the extraction (a damaged PDF, pages with no text layer…).
    public var warnings: [String]
    /// Pages (1 for formats without pages).
    public var pageCount: Int

    public init(text: String, format: IngestFormat, encoding: String? = nil, conversions: [String] = [],
                warnings: [String] = [], pageCount: Int = 1) {
        self.text = text; self.format = format; self.encoding = encoding; self.conversions = conversions
        self.warnings = warnings; self.pageCount = pageCount
    }

    /// Whether the text has pages (a PDF).
    public var isPaged: Bool { format == .pdf }

    /// The 1-based page holding the UTF-8 byte `offset` of `text`.
    public func page(atUTF8Offset offset: Int) -> Int { Ingest.page(in: text, atUTF8Offset: offset) }

    /// UTF-8 byte offset where each page starts (the first is 0).
    public var pageStarts: [Int] { Ingest.pageStarts(in: text) }
}

/// Why a file gave no text.
public enum SkipKind: Sendable, Equatable {
    /// Not a format Ingest reads (a spreadsheet, a zip archive, a binary file…).
    case unsupported
    case empty
    case tooLarge
    /// The external tool for the format is not installed; `package` is the Debian package to install.
    case toolMissing(package: String)
    /// A password-protected or encrypted PDF or Word file.
    case encrypted
    /// A damaged file the tool could not read.
    case corrupt
    /// A scanned PDF or image: `--ocr` reads it.
    case needsOCR
    /// A tool ran past its time limit and was killed.
    case timeout
    case unreadable
}

public enum IngestResult: Sendable {
    case text(ExtractedText)
    /// The file gives no text; `reason` is one line for people ("password-protected PDF",
    /// "pdftotext not found: install poppler-utils").
    case skipped(reason: String, kind: SkipKind)

    public var extracted: ExtractedText? { if case .text(let t) = self { return t } else { return nil } }
    public var skipReason: String? { if case .skipped(let r, _) = self { return r } else { return nil } }
}

/// Takes the text out of the files of real archives, the way Xapian's omindex takes formats
/// through filters: plain text and Markdown in any Vietnamese encoding, HTML, PDF (pdftotext; OCR
/// of scanned pages with tesseract), Word 2007+ (.docx, read directly), Word 97–2003 (.doc,
/// antiword or catdoc) and RTF (read directly, also when named .doc). The format is decided by the content (magic bytes) first and the extension
/// second. Never throws, never crashes on bad input, and kills a tool that runs too long.
public enum Ingest {
    /// Extensions of the formats read (other files are read when their content is text).
    public static let extensions: Set<String> = ["txt", "text", "md", "markdown", "htm", "html", "xhtml",
                                                 "pdf", "docx", "docm", "dotx", "doc", "dot", "rtf",
                                                 "png", "jpg", "jpeg", "tif", "tiff"]

    public static func extract(fileAt url: URL, options: IngestOptions = IngestOptions()) -> IngestResult {
        let url = url.resolvingSymlinksInPath()
        let path = url.path
        let ext = url.pathExtension.lowercased()
        let size: Int
        do {
            let attrs = try FileManager.default.attributesOfItem(atPath: path)
            if let type = attrs[.type] as? FileAttributeType, type == .typeDirectory {
                return .skipped(reason: "a folder, not a file", kind: .unreadable)
            }
            size = (attrs[.size] as? Int) ?? 0
        } catch {
            return .skipped(reason: "cannot read (\(error.localizedDescription))", kind: .unreadable)
        }
        if size == 0 { return .skipped(reason: "empty file", kind: .empty) }
        let head: [UInt8]
        do {
            let h = try FileHandle(forReadingFrom: url)
            defer { try? h.close() }
            head = [UInt8](try h.read(upToCount: 8192) ?? Data())
        } catch {
            return .skipped(reason: "cannot read (\(error.localizedDescription))", kind: .unreadable)
        }
        let kind = Sniff.kind(head: head, ext: ext)
        let limit = kind.isBinary ? options.maxBinaryBytes : options.maxTextBytes
        if size > limit {
            return .skipped(reason: "larger than \(limit / (1024 * 1024)) MB", kind: .tooLarge)
        }
        switch kind {
        case .pdf: return PDF.extract(url: url, options: options)
        case .zip: return Docx.extract(url: url)
        case .ole2: return WordDoc.extract(url: url, options: options)
        case .image: return OCR.extractImage(url: url, options: options)
        case .rtf: return RTF.extract(url: url)
        case .binary(let what): return .skipped(reason: what, kind: .unsupported)
        case .notPDF: return .skipped(reason: "corrupt PDF: no %PDF header", kind: .corrupt)
        case .text, .html:
            let data: [UInt8]
            do { data = [UInt8](try Data(contentsOf: url)) } catch {
                return .skipped(reason: "cannot read (\(error.localizedDescription))", kind: .unreadable)
            }
            return extract(textBytes: data, html: kind == .html, markdown: ext == "md" || ext == "markdown")
        }
    }

    /// Text, Markdown or HTML bytes: decoded by evidence (`EncodingDetector`), HTML turned into text.
    public static func extract(textBytes data: [UInt8], html: Bool = false, markdown: Bool = false) -> IngestResult {
        if !html && Sniff.looksBinary(data) {
            return .skipped(reason: "not a text file (binary content)", kind: .unsupported)
        }
        let d = EncodingDetector.decode(data)
        if html {
            let text = HTML.text(d.text)
            return .text(ExtractedText(text: text, format: .html, encoding: d.encoding,
                                       conversions: d.conversions + ["HTML → text"]))
        }
        return .text(ExtractedText(text: d.text, format: markdown ? .markdown : .text, encoding: d.encoding,
                                   conversions: d.conversions))
    }

    /// The 1-based page of UTF-8 byte `offset` in a text whose pages are separated by form feeds
    /// (the form feeds before the offset, plus `firstPage`). For one document of a file split into
    /// several, pass the page the document starts on (see `firstPages(ofDocuments:)`).
    public static func page(in text: String, atUTF8Offset offset: Int, firstPage: Int = 1) -> Int {
        var page = firstPage
        var i = 0
        for b in text.utf8 {
            if i >= offset { break }
            if b == 0x0C { page += 1 }
            i += 1
        }
        return page
    }

    /// The page each of a file's consecutive document texts starts on (the slices of the file's
    /// text, in order, as `DocumentParser.parse(fileText:)` returns them: normalisation keeps form
    /// feeds). A document whose text begins with a form feed starts on the next page.
    public static func firstPages(ofDocuments texts: [String]) -> [Int] {
        var pages: [Int] = []
        var page = 1
        for t in texts {
            var lead = 0
            for b in t.utf8 {
                if b == 0x0C { lead += 1 } else if b != 0x20 && b != 0x0A && b != 0x0D && b != 0x09 { break }
            }
            pages.append(page + lead)
            page += t.utf8.reduce(0) { $0 + ($1 == 0x0C ? 1 : 0) }
        }
        return pages
    }

    /// UTF-8 byte offsets where the pages of `text` start.
    public static func pageStarts(in text: String) -> [Int] {
        var starts = [0]
        var i = 0
        for b in text.utf8 {
            i += 1
            if b == 0x0C { starts.append(i) }
        }
        return starts
    }

    /// The external tools each format needs, with their Debian packages, and whether each is found.
    public static func tools(options: IngestOptions = IngestOptions()) -> [(tool: String, package: String, formats: String, found: Bool)] {
        [(Tools.pdftotext, "PDF"), (Tools.pdftoppm, "scanned PDF (--ocr)"), (Tools.pdfimages, "scanned PDF detection"),
         (Tools.antiword, "Word 97–2003 (.doc)"), (Tools.catdoc, "Word 97–2003 (.doc), fallback"),
         (Tools.tesseract, "OCR (--ocr)")].map { t, f in
            (t.name, t.package, f, Tools.find(t, options) != nil)
        }
    }
}

/// What a file is, from its first bytes and its extension.
enum Sniff {
    enum Kind: Equatable {
        case text, html, pdf, zip, ole2, image, rtf, notPDF
        case binary(String)
        var isBinary: Bool {
            switch self {
            case .text, .html, .rtf: return false
            default: return true
            }
        }
    }

    static func kind(head: [UInt8], ext: String) -> Kind {
        func starts(_ sig: [UInt8]) -> Bool { head.count >= sig.count && Array(head[0..<sig.count]) == sig }
        // %PDF- may follow some junk bytes (allowed in the first 1024).
        if let _ = find([0x25, 0x50, 0x44, 0x46, 0x2D], in: head, limit: 1024) { return .pdf }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .ole2 }
        if starts([0x89, 0x50, 0x4E, 0x47]) || starts([0xFF, 0xD8, 0xFF]) || starts([0x49, 0x49, 0x2A, 0x00])
            || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .image }
        if starts(Array("{\\rtf".utf8)) { return .rtf }
        if ext == "pdf" { return .notPDF }
        if starts([0x1F, 0x8B]) { return .binary("gzip archive: not read") }
        if starts([0x37, 0x7A, 0xBC, 0xAF]) || starts(Array("Rar!".utf8)) { return .binary("compressed archive: not read") }
        if ext == "htm" || ext == "html" || ext == "xhtml" || looksHTML(head) { return .html }
        return .text
    }

    static func find(_ sig: [UInt8], in head: [UInt8], limit: Int) -> Int? {
        let n = min(head.count, limit)
        guard n >= sig.count else { return nil }
        for i in 0...(n - sig.count) where head[i] == sig[0] {
            var ok = true
            for j in 1..<sig.count where head[i + j] != sig[j] { ok = false; break }
            if ok { return i }
        }
        return nil
    }

    /// `<!DOCTYPE html`, `<html` or `<body` near the start (after a BOM and white space).
    static func looksHTML(_ head: [UInt8]) -> Bool {
        var s = String(decoding: head.prefix(1024), as: UTF8.self).lowercased()
        if s.hasPrefix("\u{FEFF}") { s.removeFirst() }
        let t = s.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        return t.hasPrefix("<!doctype html") || t.hasPrefix("<html") || (t.hasPrefix("<") && (s.contains("<body") || s.contains("<html")))
    }

    /// NUL bytes (outside UTF-16) or many control bytes in the first 8 KB.
    static func looksBinary(_ data: [UInt8]) -> Bool {
        let head = data.prefix(8192)
        if head.count >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)) { return false }
        if EncodingDetector.looksLikeUTF16(head) { return false }
        var control = 0
        for b in head {
            if b == 0 { return true }
            if b < 0x09 || (b > 0x0D && b < 0x20) { control += 1 }
        }
        return control * 10 > head.count
    }
}

import Foundation
import VietText

/// The file formats `Ingest` reads.
public enum IngestFormat: String, Sendable, CaseIterable {
    case text, markdown, html, pdf, docx, doc, rtf, image
}

/// Options of reading a file: what to do (OCR), where the tools are, and the limits of one file.
/// One set of limits for every caller (the indexer, `vanban extract`, the tests): a file over
/// `maxFileBytes` is not read; a text over `maxTextBytes` is not kept; reading takes at most
/// `readSeconds` of CPU and `workBytes` of intermediate bytes; each tool run `toolTimeout`.
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
    /// Largest file read, whatever its format (larger: skipped without being read).
    public var maxFileBytes: Int
    /// Largest text a file may give, in UTF-8 bytes (a tool's output is cut there too).
    public var maxTextBytes: Int
    /// CPU seconds reading one file may take (its own work: tools have `toolTimeout`).
    public var readSeconds: Double
    /// Intermediate bytes reading one file may make: a .docx's inflated XML, tools' output.
    public var workBytes: Int
    /// Scheduling priority the external tools run at (`nice -n`; 0 = the caller's). Extraction and
    /// OCR are background work: they should not starve searches or builds sharing the machine.
    public var toolNiceness: Int

    public static let defaultMaxFileBytes = 50 * 1024 * 1024

    public init(ocr: Bool = false, toolSearchPath: [String]? = nil, toolTimeout: TimeInterval = 120,
                ocrTimeout: TimeInterval = 300, ocrLanguages: String = "vie", ocrDPI: Int = 300,
                maxFileBytes: Int = IngestOptions.defaultMaxFileBytes, maxTextBytes: Int = IngestOptions.defaultMaxFileBytes,
                readSeconds: Double = 5, workBytes: Int = 256 * 1024 * 1024, toolNiceness: Int = 10) {
        self.ocr = ocr; self.toolSearchPath = toolSearchPath; self.toolTimeout = toolTimeout
        self.ocrTimeout = ocrTimeout; self.ocrLanguages = ocrLanguages; self.ocrDPI = ocrDPI
        self.maxFileBytes = maxFileBytes; self.maxTextBytes = maxTextBytes; self.readSeconds = readSeconds
        self.workBytes = workBytes; self.toolNiceness = toolNiceness
    }

    /// A fresh budget for one file (its clock starts now, on the calling thread).
    public func budget() -> Budget { Budget(seconds: readSeconds, textBytes: maxTextBytes, workBytes: workBytes) }
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
    /// Trouble that did not stop the extraction (a damaged PDF, pages with no text layer, invalid
    /// UTF-8 replaced, NUL bytes removed…).
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

    /// What was done to get the text, as the indexer reports it: the format (when not plain
    /// text), the encoding (when not UTF-8), then the conversions. Composing the combining marks
    /// of a plain UTF-8 text is normalisation, which every indexed text gets: not reported.
    public var conversionsForIndex: [String] {
        var out: [String] = []
        if format != .text { out.append(format.rawValue) }
        if let e = encoding, e != "UTF-8", !conversions.contains(where: { $0.hasPrefix(e) }) { out.append(e) }
        for c in conversions where !out.contains(c) {
            if format == .text && encoding == "UTF-8" && c == ExtractedText.composed { continue }
            out.append(c)
        }
        return out
    }

    /// The conversion that says combining marks were composed.
    static let composed = "combining marks composed (NFC)"
}

/// Why a file gave no text.
public enum SkipKind: Sendable, Equatable {
    /// Not a format Ingest reads (a spreadsheet, a zip archive, a binary file, not a regular file…).
    case unsupported
    case empty
    case tooLarge
    /// The external tool for the format is not installed; `package` is the Debian package to install.
    case toolMissing(package: String)
    /// A password-protected or encrypted PDF or Word file.
    case encrypted
    /// A damaged file (the tool, or our own reader, said so).
    case corrupt
    /// A scanned PDF or image: `--ocr` reads it.
    case needsOCR
    /// A tool ran past its time limit and was killed.
    case timeout
    /// Reading it went over the file's budget: CPU time, text or intermediate bytes.
    case overBudget
    /// A tool died (signal), could not start, or gave output that cannot be whole (fewer pages
    /// than the PDF has).
    case toolFailed
    /// Cannot be opened or read right now (permissions, I/O error, a link swapped in).
    case unreadable

    /// Whether the file itself is the reason, so reading it again gives the same: its earlier
    /// documents go. Otherwise (a tool's time-out or failure, a missing tool, an unreadable file)
    /// the trouble may pass: the file keeps its documents and is not stamped, so the next run
    /// reads it again.
    public var isPermanent: Bool {
        switch self {
        case .unsupported, .empty, .tooLarge, .encrypted, .corrupt, .needsOCR, .overBudget: return true
        case .toolMissing, .timeout, .toolFailed, .unreadable: return false
        }
    }
}

public enum IngestResult: Sendable {
    case text(ExtractedText)
    /// The file gives no text; `reason` is one line for people ("password-protected PDF",
    /// "pdftotext not found: install poppler-utils").
    case skipped(reason: String, kind: SkipKind)

    public var extracted: ExtractedText? { if case .text(let t) = self { return t } else { return nil } }
    public var skipReason: String? { if case .skipped(let r, _) = self { return r } else { return nil } }
}

/// What reading one file gave the indexer: its text (with notes on what had to be repaired), or
/// why it was skipped. `fingerprint` is the size and a hash of the raw bytes, whatever the format
/// (nil when they could not be read).
public enum FileText: Sendable {
    /// `notes`: trouble worth a warning (invalid bytes replaced…); `conversions`: what was done to
    /// get text (format and encoding, "TCVN3 → Unicode"), reported but not a warning.
    case text(String, fingerprint: String, notes: [String], conversions: [String] = [])
    /// `kind.isPermanent` says whether the file's earlier documents go (see `SkipKind`).
    case skipped(String, fingerprint: String?, kind: SkipKind)
}

/// Takes the text out of the files of real archives, the way Xapian's omindex takes formats
/// through filters: plain text and Markdown in any Vietnamese encoding, HTML, PDF (pdftotext; OCR
/// of scanned pages with tesseract), Word 2007+ (.docx, read directly), Word 97–2003 (.doc,
/// antiword or catdoc) and RTF (read directly, also when named .doc). The format is decided by the
/// content (magic bytes) first and the extension second.
///
/// `read(path:options:)` is the one entry point (`extract(fileAt:)` is the same for people): it
/// opens the file once, without following a symbolic link or blocking on a FIFO, reads it from
/// that descriptor, and never throws, traps or hangs; every reader is linear and checks the
/// file's `Budget`; tools get time limits and output caps (see `Tools`).
public enum Ingest {
    /// Extensions of the formats read (other files are read when their content is text).
    public static let extensions: Set<String> = ["txt", "text", "md", "markdown", "htm", "html", "xhtml",
                                                 "pdf", "docx", "docm", "dotx", "doc", "dot", "rtf",
                                                 "png", "jpg", "jpeg", "tif", "tiff"]

    /// Why a file gave no text, inside the readers.
    struct Skip: Error {
        var reason: String
        var kind: SkipKind
        init(_ reason: String, _ kind: SkipKind) { self.reason = reason; self.kind = kind }
    }

    /// Reads the file at `path` for the indexer. The caller decides about symbolic links before:
    /// a link at `path` is not followed (a link swapped in at the last moment is "cannot read").
    public static func read(path: String, options: IngestOptions = IngestOptions()) -> FileText {
        let r = FileReader.read(path: path, options: options)
        switch r.result {
        case .failure(let s): return .skipped(s.reason, fingerprint: r.fingerprint, kind: s.kind)
        case .success(let t):
            return .text(t.text, fingerprint: r.fingerprint ?? "", notes: t.warnings, conversions: t.conversionsForIndex)
        }
    }

    /// The text of a file for people (`vanban extract`): the same reading as `read`, symbolic
    /// links resolved first (the person named the file).
    public static func extract(fileAt url: URL, options: IngestOptions = IngestOptions()) -> IngestResult {
        let r = FileReader.read(path: url.resolvingSymlinksInPath().path, options: options)
        switch r.result {
        case .failure(let s): return .skipped(reason: s.reason, kind: s.kind)
        case .success(let t): return .text(t)
        }
    }

    /// Text, Markdown or HTML bytes: decoded by evidence (`EncodingDetector`), HTML turned into text.
    public static func extract(textBytes data: [UInt8], html: Bool = false, markdown: Bool = false,
                               options: IngestOptions = IngestOptions()) -> IngestResult {
        do {
            return .text(try TextFile.extract(data, html: html, markdown: markdown, budget: options.budget()))
        } catch {
            let s = Skip(error)
            return .skipped(reason: s.reason, kind: s.kind)
        }
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
        [(Tools.pdftotext, "PDF"), (Tools.pdfinfo, "PDF page count check"), (Tools.pdftoppm, "scanned PDF (--ocr)"),
         (Tools.pdfimages, "scanned PDF detection"),
         (Tools.antiword, "Word 97–2003 (.doc)"), (Tools.catdoc, "Word 97–2003 (.doc), fallback"),
         (Tools.tesseract, "OCR (--ocr)")].map { t, f in
            (t.name, t.package, f, Tools.find(t, options) != nil)
        }
    }
}

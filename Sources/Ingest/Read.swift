import Foundation
import VietText

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Ingest.Skip {
    /// A reader's error as a skip: over budget, or what the reader said.
    init(_ error: Error) {
        switch error {
        case let s as Ingest.Skip: self = s
        case let e as Budget.Exceeded: self.init(e.reason, .overBudget)
        default: self.init("cannot read (\(error.localizedDescription))", .unreadable)
        }
    }
}

/// Opening and reading one file: once, from one descriptor, within the limits.
enum FileReader {
    struct Outcome {
        var result: Result<ExtractedText, Ingest.Skip>
        /// Size and hash of the bytes read (nil when they could not be read).
        var fingerprint: String?
    }

    static func read(path: String, options: IngestOptions) -> Outcome {
        // O_NOFOLLOW: a symbolic link at `path` is not followed (the caller resolved the links it
        // chose to follow); O_NONBLOCK: a FIFO swapped in does not block the open.
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return Outcome(result: .failure(openError(errno)), fingerprint: nil) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return Outcome(result: .failure(cannotRead(errno)), fingerprint: nil) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return Outcome(result: .failure(Ingest.Skip("a folder, not a file", .unsupported)), fingerprint: nil)
        default: return Outcome(result: .failure(Ingest.Skip("not a regular file", .unsupported)), fingerprint: nil)
        }
        let size = Int(st.st_size)
        let limit = options.maxFileBytes
        if size > limit {
            return Outcome(result: .failure(Ingest.Skip("larger than \(Budget.megabytes(limit)) (\(size) bytes)", .tooLarge)), fingerprint: nil)
        }
        let bytes: [UInt8]
        switch readAll(fd, size: size, limit: limit) {
        case .failure(let s): return Outcome(result: .failure(s), fingerprint: nil)
        case .success(let b): bytes = b
        }
        let fp = fingerprint(bytes)
        if bytes.isEmpty { return Outcome(result: .failure(Ingest.Skip("empty file", .empty)), fingerprint: fp) }
        let budget = options.budget()
        let ext = (path as NSString).pathExtension.lowercased()
        do {
            let t = try extract(bytes, fd: fd, ext: ext, options: options, budget: budget)
            if !t.text.utf8.contains(where: { $0 > 0x20 }) {
                return Outcome(result: .failure(Ingest.Skip("no text (only white space)", .empty)), fingerprint: fp)
            }
            try budget.text(t.text.utf8.count)
            try budget.checkTime()
            return Outcome(result: .success(t), fingerprint: fp)
        } catch {
            return Outcome(result: .failure(Ingest.Skip(error)), fingerprint: fp)
        }
    }

    /// The reader of the file's format.
    static func extract(_ bytes: [UInt8], fd: Int32, ext: String, options: IngestOptions, budget: Budget) throws -> ExtractedText {
        switch Sniff.kind(bytes, ext: ext) {
        case .pdf: return try PDF.extract(fd: fd, options: options, budget: budget)
        case .zip: return try Docx.extract(bytes, budget: budget)
        case .ole2: return try WordDoc.extract(fd: fd, bytes: bytes, options: options, budget: budget)
        case .image: return try OCR.extractImage(fd: fd, options: options, budget: budget)
        case .rtf: return try RTF.extract(bytes, budget: budget)
        case .binary(let what): throw Ingest.Skip(what, .unsupported)
        case .notPDF: throw Ingest.Skip("corrupt PDF: no %PDF header", .corrupt)
        case .text: return try TextFile.extract(bytes, html: false, markdown: ext == "md" || ext == "markdown", budget: budget)
        case .html: return try TextFile.extract(bytes, html: true, markdown: false, budget: budget)
        }
    }

    static func openError(_ e: Int32) -> Ingest.Skip {
        if e == ELOOP { return Ingest.Skip("cannot read (a symbolic link where the file was: not followed)", .unreadable) }
        return cannotRead(e)
    }

    static func cannotRead(_ e: Int32) -> Ingest.Skip {
        Ingest.Skip("cannot read (\(String(cString: strerror(e))))", .unreadable)
    }

    /// The file's bytes, to the end (it may have grown since fstat), at most `limit`.
    static func readAll(_ fd: Int32, size: Int, limit: Int) -> Result<[UInt8], Ingest.Skip> {
        var bytes = [UInt8](repeating: 0, count: min(size, limit) + 1)
        var got = 0
        while true {
            if got == bytes.count {
                if got > limit {
                    return .failure(Ingest.Skip("larger than \(Budget.megabytes(limit)) (it grew while read)", .tooLarge))
                }
                bytes.append(contentsOf: repeatElement(0, count: min(1 << 20, limit + 1 - got)))
            }
            let n = bytes.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + got, $0.count - got) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(cannotRead(errno))
            }
            if n == 0 { break }
            got += n
        }
        bytes.removeSubrange(got...)
        return .success(bytes)
    }

    static func systemRead(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ n: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(fd, buf, n)
        #else
        return Darwin.read(fd, buf, n)
        #endif
    }

    /// Size and a 64-bit FNV-1a hash of the content: `size:hex`.
    static func fingerprint(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { buf in
            for b in buf {
                h ^= UInt64(b)
                h &*= 0x100_0000_01b3
            }
        }
        return "\(bytes.count):" + String(h, radix: 16)
    }
}

/// What a file is, from its first bytes and its extension.
enum Sniff {
    enum Kind: Equatable {
        case text, html, pdf, zip, ole2, image, rtf, notPDF
        /// Binary data not read; the reason names the format.
        case binary(String)
    }

    static func kind(_ bytes: [UInt8], ext: String) -> Kind {
        let head = bytes.prefix(8192)
        func starts(_ sig: [UInt8]) -> Bool { head.starts(with: sig) }
        // %PDF- may follow some junk bytes (allowed in the first 1024).
        if find(Array("%PDF-".utf8), in: head, limit: 1024) != nil || starts(Array("%PDF".utf8)) { return .pdf }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .ole2 }
        if starts([0x89, 0x50, 0x4E, 0x47]) || starts([0xFF, 0xD8, 0xFF]) || starts([0x49, 0x49, 0x2A, 0x00])
            || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .image }
        if starts(Array("{\\rtf".utf8)) { return .rtf }
        if ext == "pdf" { return .notPDF }
        if starts(Array("GIF8".utf8)) { return .binary("GIF image, not a text file") }
        if starts([0x1F, 0x8B]) { return .binary("gzip data, not a text file") }
        if starts([0x37, 0x7A, 0xBC, 0xAF]) || starts(Array("Rar!".utf8)) { return .binary("compressed archive, not a text file") }
        if starts([0x7F, 0x45, 0x4C, 0x46]) { return .binary("executable, not a text file") }
        if ext == "htm" || ext == "html" || ext == "xhtml" || looksHTML(head) { return .html }
        return .text
    }

    static func find(_ sig: [UInt8], in head: ArraySlice<UInt8>, limit: Int) -> Int? {
        let n = min(head.count, limit)
        guard n >= sig.count else { return nil }
        let b = head.startIndex
        for i in 0...(n - sig.count) where head[b + i] == sig[0] {
            var ok = true
            for j in 1..<sig.count where head[b + i + j] != sig[j] { ok = false; break }
            if ok { return i }
        }
        return nil
    }

    /// `<!DOCTYPE html`, `<html` or `<body` near the start (after a BOM and white space).
    static func looksHTML(_ head: ArraySlice<UInt8>) -> Bool {
        var s = String(decoding: head.prefix(1024), as: UTF8.self).lowercased()
        if s.hasPrefix("\u{FEFF}") { s.removeFirst() }
        let t = s.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        return t.hasPrefix("<!doctype html") || t.hasPrefix("<html") || (t.hasPrefix("<") && (s.contains("<body") || s.contains("<html")))
    }
}

/// Text, Markdown and HTML files: binary data told apart, stray NUL bytes removed, plain UTF-8
/// read as is, everything else decoded by evidence (`EncodingDetector`).
enum TextFile {
    static func extract(_ bytes: [UInt8], html: Bool, markdown: Bool, budget: Budget) throws -> ExtractedText {
        let format: IngestFormat = html ? .html : markdown ? .markdown : .text
        if looksBinary(bytes) {
            // UTF-16 text is full of NUL bytes: the only binary-looking data that is text.
            let d = try EncodingDetector.decode(bytes, budget: budget)
            guard d.encoding.hasPrefix("UTF-16") else { throw Ingest.Skip("binary data, not a text file", .unsupported) }
            return try finish(d, format: format, notes: [], budget: budget)
        }
        // Stray NUL bytes in text (not UTF-16, which looksBinary sent above) are removed.
        var source = bytes
        var notes: [String] = []
        let nuls = bytes.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        if nuls > 0 {
            source = bytes.filter { $0 != 0 }
            notes.append("\(nuls) NUL byte(s) removed")
        }
        if html || markdown || !(isPlainUTF8(source) || isDamagedUTF8(source)) {
            return try finish(try EncodingDetector.decode(source, budget: budget), format: format, notes: notes, budget: budget)
        }
        // Plain UTF-8 (the common case), or UTF-8 with a few bad bytes: read as is.
        var body = source[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var text: String
        if let valid = String(validating: body, as: UTF8.self) {
            text = valid
        } else {
            text = String(decoding: body, as: UTF8.self)
            notes.append("invalid UTF-8 replaced by U+FFFD")
        }
        // Combining marks are composed here (linear, long runs cut), as on every other path.
        var conversions: [String] = []
        if EncodingDetector.mayHoldCombiningMarks(text) {
            let (composed, dropped) = VietText.nfc(text)
            text = composed
            conversions.append(ExtractedText.composed)
            if let n = droppedNote(dropped) { notes.append(n) }
        }
        return ExtractedText(text: text, format: .text, encoding: "UTF-8", conversions: conversions, warnings: notes)
    }

    static func finish(_ d: DecodedText, format: IngestFormat, notes: [String], budget: Budget) throws -> ExtractedText {
        var notes = notes
        if let n = droppedNote(d.droppedMarks) { notes.append(n) }
        if format == .html {
            let text = try HTML.text(d.text, budget: budget)
            return ExtractedText(text: text, format: .html, encoding: d.encoding, conversions: d.conversions + ["HTML → text"], warnings: notes)
        }
        return ExtractedText(text: d.text, format: format, encoding: d.encoding, conversions: d.conversions, warnings: notes)
    }

    /// The warning for combining marks dropped (more than 30 in a row), if any.
    static func droppedNote(_ n: Int) -> String? {
        n > 0 ? "\(n) combining mark(s) dropped (more than \(VietText.maxCombiningMarks) in a row)" : nil
    }

    /// UTF-8 without a BOM and without NUL bytes, with nothing the encoding detector would want
    /// to look at: the common case, read as is. (Anything else goes through the detector.)
    static func isPlainUTF8(_ bytes: [UInt8]) -> Bool {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.contains(0) { return false }
        guard String(validating: bytes, as: UTF8.self) != nil else { return false }
        // Latin-1 letters typical of TCVN3/VNI mojibake (µ, ¸, ¬, ®, Ê…): let the detector decide.
        var i = 0
        let n = bytes.count
        while i + 1 < n {
            if bytes[i] == 0xC2 || bytes[i] == 0xC3 {
                let v = (UInt32(bytes[i] & 0x1F) << 6) | UInt32(bytes[i + 1] & 0x3F)
                // À–ỹ in Latin-1 used by Vietnamese (à á â ã è é ê ì í ò ó ô õ ù ú ý) is normal;
                // other Latin-1 symbols and letters are evidence of mojibake.
                if v >= 0xA0 && !vietnameseLatin1.contains(v) { return false }
                i += 2
                continue
            }
            i += 1
        }
        return true
    }

    static let vietnameseLatin1: Set<UInt32> = [0xC0, 0xC1, 0xC2, 0xC3, 0xC8, 0xC9, 0xCA, 0xCC, 0xCD, 0xD2, 0xD3, 0xD4, 0xD5, 0xD9, 0xDA, 0xDD,
                                                0xE0, 0xE1, 0xE2, 0xE3, 0xE8, 0xE9, 0xEA, 0xEC, 0xED, 0xF2, 0xF3, 0xF4, 0xF5, 0xF9, 0xFA, 0xFD]

    /// UTF-8 with a few invalid bytes (a damaged file), not a legacy encoding: at least twice as
    /// many valid multi-byte sequences as invalid bytes. (TCVN3, VNI and VISCII text gives almost
    /// no valid multi-byte UTF-8.) Read as UTF-8 with U+FFFD for the bad bytes.
    static func isDamagedUTF8(_ bytes: [UInt8]) -> Bool {
        var valid = 0, invalid = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let len = b >= 0xC2 && b <= 0xDF ? 2 : (b >= 0xE0 && b <= 0xEF ? 3 : (b >= 0xF0 && b <= 0xF4 ? 4 : 0))
            if len > 0, i + len <= n, (1..<len).allSatisfy({ bytes[i + $0] & 0xC0 == 0x80 }) {
                valid += 1
                i += len
            } else {
                invalid += 1
                i += 1
            }
        }
        return invalid > 0 && valid >= 2 * invalid
    }

    /// Binary data: in the first 8 KB, many control bytes, or NUL bytes that are many or come with
    /// invalid UTF-8. (A few stray NULs in UTF-8 text are not enough: they are removed.)
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(8192)
        var control = 0, nul = 0
        for b in head {
            if b == 0 { nul += 1 } else if b < 0x09 || (b > 0x0D && b < 0x20) { control += 1 }
        }
        if control * 10 > head.count { return true }
        if nul == 0 { return false }
        if nul > max(8, head.count / 100) { return true }
        var text = head.filter { $0 != 0 }
        for _ in 0..<4 {
            if String(validating: text, as: UTF8.self) != nil { return false }
            // The 8 KB cut may split the last character.
            guard bytes.count > head.count, let last = text.last, last >= 0x80 else { break }
            text.removeLast()
        }
        return true
    }
}

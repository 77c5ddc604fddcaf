import Foundation
import VietText

/// Word 97–2003 (.doc, an OLE2 compound file) through antiword, or catdoc when antiword is missing.
/// An OLE2 file holding an `EncryptedPackage` stream is a password-protected .docx/.xlsx.
enum WordDoc {
    static func extract(fd: Int32, bytes: [UInt8], options: IngestOptions, budget: Budget) throws -> ExtractedText {
        let streams = streamNames(bytes)
        if streams.contains("EncryptedPackage") || streams.contains("EncryptionInfo") {
            throw Ingest.Skip("password-protected Office file", .encrypted)
        }
        if !streams.isEmpty && !streams.contains("WordDocument") {
            if streams.contains("Workbook") || streams.contains("Book") { throw Ingest.Skip("Excel 97–2003 file: not read", .unsupported) }
            if streams.contains("PowerPoint Document") { throw Ingest.Skip("PowerPoint 97–2003 file: not read", .unsupported) }
            throw Ingest.Skip("OLE2 file without a WordDocument stream: not a Word file", .unsupported)
        }
        let cap = min(budget.textBytes, budget.workLeft)
        let run: Tools.Run
        let tool: String
        if let exe = Tools.find(Tools.antiword, options) {
            tool = "antiword"
            run = Tools.run(exe, ["-m", "UTF-8.txt", "-w", "0", Tools.inputPath], input: fd, timeout: options.toolTimeout, cap: cap,
                            niceness: options.toolNiceness)
        } else if let exe = Tools.find(Tools.catdoc, options) {
            tool = "catdoc"
            run = Tools.run(exe, ["-d", "utf-8", "-w", Tools.inputPath], input: fd, timeout: options.toolTimeout, cap: cap,
                            niceness: options.toolNiceness)
        } else {
            throw Ingest.Skip("Word 97–2003 (.doc) needs antiword, which is not installed: install antiword (apt-get install antiword)",
                              .toolMissing(package: "antiword"))
        }
        if let trouble = Tools.trouble(run, tool, timeout: options.toolTimeout, cap: cap) { throw trouble }
        let err = run.stderr.lowercased()
        if err.contains("encrypt") || err.contains("password") {
            throw Ingest.Skip("password-protected Word file", .encrypted)
        }
        guard run.status == 0 else {
            // 1: the tool could not read the file (it said why); anything else is its own trouble.
            throw Ingest.Skip("corrupt or unreadable Word file (\(tool): \(run.firstError))", run.status == 1 ? .corrupt : .toolFailed)
        }
        try budget.work(run.stdout.count, "\(tool)'s output")
        var raw = String(decoding: run.stdout, as: UTF8.self)
        raw = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\u{0C}", with: "\n")
        var dropped = 0
        let (text, conv) = try EncodingDetector.repairMojibake(raw, droppedMarks: &dropped, budget: budget)
        var warnings: [String] = []
        if !run.stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && tool == "catdoc" {
            warnings.append("catdoc: \(run.firstError)")
        }
        if let n = TextFile.droppedNote(dropped) { warnings.append(n) }
        return ExtractedText(text: text, format: .doc, conversions: ["\(tool) → text"] + conv, warnings: warnings)
    }

    /// Names of the streams in an OLE2 directory (read from UTF-16LE names in the file, best effort).
    static func streamNames(_ bytes: [UInt8]) -> Set<String> {
        var found = Set<String>()
        for name in ["WordDocument", "EncryptedPackage", "EncryptionInfo", "Workbook", "Book", "PowerPoint Document"] {
            var pattern: [UInt8] = []
            for u in name.utf16 { pattern.append(UInt8(u & 0xFF)); pattern.append(UInt8(u >> 8)) }
            pattern.append(contentsOf: [0, 0])  // the name's terminating NUL
            if contains(pattern, in: bytes) { found.insert(name) }
        }
        return found
    }

    /// Whether `pattern` occurs in `bytes` (patterns here are short and do not repeat themselves:
    /// the comparisons stop at the first difference, a few bytes in).
    static func contains(_ pattern: [UInt8], in bytes: [UInt8]) -> Bool {
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return false }
        let first = pattern[0]
        for i in 0...(bytes.count - pattern.count) where bytes[i] == first {
            var k = 1
            while k < pattern.count && bytes[i + k] == pattern[k] { k += 1 }
            if k == pattern.count { return true }
        }
        return false
    }
}

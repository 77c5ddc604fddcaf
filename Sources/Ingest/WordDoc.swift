import Foundation
import VietText

/// Word 97–2003 (.doc, an OLE2 compound file) through antiword, or catdoc when antiword is missing.
/// An OLE2 file holding an `EncryptedPackage` stream is a password-protected .docx/.xlsx.
enum WordDoc {
    static func extract(url: URL, options: IngestOptions) -> IngestResult {
        let streams = streamNames(url)
        if streams.contains("EncryptedPackage") || streams.contains("EncryptionInfo") {
            return .skipped(reason: "password-protected Office file", kind: .encrypted)
        }
        if !streams.isEmpty && !streams.contains("WordDocument") {
            if streams.contains("Workbook") || streams.contains("Book") { return .skipped(reason: "Excel 97–2003 file: not read", kind: .unsupported) }
            if streams.contains("PowerPoint Document") { return .skipped(reason: "PowerPoint 97–2003 file: not read", kind: .unsupported) }
            return .skipped(reason: "OLE2 file without a WordDocument stream: not a Word file", kind: .unsupported)
        }
        guard let dir = Tools.tempDir() else { return .skipped(reason: "cannot create a temporary folder", kind: .unreadable) }
        defer { try? FileManager.default.removeItem(at: dir) }
        let run: Tools.Run
        let tool: String
        if let exe = Tools.find(Tools.antiword, options) {
            tool = "antiword"
            run = Tools.run(exe, ["-m", "UTF-8.txt", "-w", "0", url.path], timeout: options.toolTimeout, in: dir, niceness: options.toolNiceness)
        } else if let exe = Tools.find(Tools.catdoc, options) {
            tool = "catdoc"
            run = Tools.run(exe, ["-d", "utf-8", "-w", url.path], timeout: options.toolTimeout, in: dir, niceness: options.toolNiceness)
        } else {
            return .skipped(reason: "Word 97–2003 (.doc) needs antiword, which is not installed: install antiword (apt-get install antiword)",
                            kind: .toolMissing(package: "antiword"))
        }
        if run.timedOut { return .skipped(reason: "\(tool) took longer than \(Int(options.toolTimeout)) s and was stopped", kind: .timeout) }
        if let e = run.launchError { return .skipped(reason: e, kind: .unreadable) }
        let err = run.stderr.lowercased()
        if err.contains("encrypt") || err.contains("password") {
            return .skipped(reason: "password-protected Word file", kind: .encrypted)
        }
        guard run.status == 0 else {
            return .skipped(reason: "corrupt or unreadable Word file (\(tool): \(run.firstError))", kind: .corrupt)
        }
        var raw = String(decoding: run.stdout, as: UTF8.self)
        raw = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\u{0C}", with: "\n")
        let (text, conv) = EncodingDetector.repairMojibake(raw)
        var warnings: [String] = []
        if !run.stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && tool == "catdoc" {
            warnings.append("catdoc: \(run.firstError)")
        }
        return .text(ExtractedText(text: text, format: .doc, conversions: ["\(tool) → text"] + conv, warnings: warnings))
    }

    /// Names of the streams in an OLE2 directory (read from UTF-16LE names in the file, best effort).
    static func streamNames(_ url: URL) -> Set<String> {
        guard let data = try? Data(contentsOf: url, options: .mappedIfSafe) else { return [] }
        var found = Set<String>()
        for name in ["WordDocument", "EncryptedPackage", "EncryptionInfo", "Workbook", "Book", "PowerPoint Document"] {
            var pattern = Data()
            for u in name.utf16 { pattern.append(UInt8(u & 0xFF)); pattern.append(UInt8(u >> 8)) }
            pattern.append(contentsOf: [0, 0])  // the name's terminating NUL
            if data.range(of: pattern) != nil { found.insert(name) }
        }
        return found
    }
}

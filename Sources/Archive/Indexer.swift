import Documents
import Foundation
import VietText
import Xapian

/// What an index run did.
public struct IndexSummary: Sendable {
    public var filesSeen = 0
    public var filesAdded = 0
    public var filesUpdated = 0
    public var filesUnchanged = 0
    public var filesSkipped = 0
    public var documentsIndexed = 0
    /// One line per file that was skipped or indexed with trouble: "path: reason".
    public var warnings: [String] = []
    public init() {}

    public var line: String {
        "indexed \(documentsIndexed) document(s) from \(filesAdded + filesUpdated) file(s): \(filesAdded) added, \(filesUpdated) updated, \(filesUnchanged) unchanged, \(filesSkipped) skipped"
            + (warnings.isEmpty ? "" : ", \(warnings.count) warning(s)")
    }
}

extension Archive {
    /// Largest file the indexer reads.
    public static let maxFileBytes = 50 * 1024 * 1024

    /// Indexes files and folders. A folder's files are named by their path relative to it; a file
    /// argument by its base name. Files whose size, mtime and content hash are unchanged are skipped;
    /// a changed file's documents are replaced. One bad file never stops the run.
    public func index(paths: [String], progress: ((Int, Int) -> Void)? = nil) throws(ArchiveError) -> IndexSummary {
        guard let writer else { throw .io("archive opened read-only") }
        var summary = IndexSummary()
        var files: [(url: URL, name: String)] = []
        for p in paths {
            collect(path: p, into: &files, summary: &summary)
        }
        summary.filesSeen = files.count
        var pendingDocs = 0
        do {
            for (i, f) in files.enumerated() {
                try indexFile(url: f.url, name: f.name, writer: writer, summary: &summary, pending: &pendingDocs)
                if pendingDocs >= 1000 {
                    try writer.commit()
                    pendingDocs = 0
                }
                progress?(i + 1, files.count)
            }
            try writer.commit()
        } catch {
            throw ArchiveError.from(error, path: path)
        }
        cache.removeAll()
        return summary
    }

    private func collect(path p: String, into files: inout [(url: URL, name: String)], summary: inout IndexSummary) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: p, isDirectory: &isDir) else {
            summary.warnings.append("\(p): no such file or folder")
            return
        }
        let root = URL(fileURLWithPath: p).standardizedFileURL
        if !isDir.boolValue {
            files.append((root, root.lastPathComponent))
            return
        }
        final class Errors: @unchecked Sendable { var lines: [String] = [] }
        let errors = Errors()
        defer { summary.warnings.append(contentsOf: errors.lines) }
        guard let e = fm.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey],
                                    options: [.skipsHiddenFiles], errorHandler: { url, err in
                                        errors.lines.append("\(url.path): \(err.localizedDescription)")
                                        return true
                                    }) else {
            summary.warnings.append("\(p): cannot read folder")
            return
        }
        var found: [(URL, String)] = []
        let rootPath = root.resolvingSymlinksInPath().path
        for case let url as URL in e {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey])
            guard values?.isRegularFile == true else { continue }
            let full = url.standardizedFileURL.resolvingSymlinksInPath().path
            var rel = full.hasPrefix(rootPath + "/") ? String(full.dropFirst(rootPath.count + 1)) : url.lastPathComponent
            if rel.isEmpty { rel = url.lastPathComponent }
            found.append((url, rel))
        }
        found.sort { $0.1 < $1.1 }
        files.append(contentsOf: found.map { (url: $0.0, name: $0.1) })
    }

    private func indexFile(url: URL, name: String, writer: WritableDatabase, summary: inout IndexSummary, pending: inout Int) throws(XapianError) {
        let data: Data
        do {
            let attrs = try FileManager.default.attributesOfItem(atPath: url.path)
            if let size = attrs[.size] as? Int, size > Archive.maxFileBytes {
                summary.filesSkipped += 1
                summary.warnings.append("\(name): skipped, larger than 50 MB")
                return
            }
            data = try Data(contentsOf: url)
        } catch {
            summary.filesSkipped += 1
            summary.warnings.append("\(name): cannot read (\(error.localizedDescription))")
            return
        }
        if data.isEmpty {
            summary.filesSkipped += 1
            summary.warnings.append("\(name): skipped, empty file")
            return
        }
        if Archive.looksBinary(data) {
            summary.filesSkipped += 1
            summary.warnings.append("\(name): skipped, not a text file")
            return
        }
        let stamp = Archive.fingerprint(data)
        let metaKey = "file:" + name
        let previous = try writer.metadata(metaKey)
        if previous == stamp {
            summary.filesUnchanged += 1
            return
        }
        if String(validatingUTF8Data: data) == nil {
            summary.warnings.append("\(name): invalid UTF-8 replaced")
        }
        let text = String(decoding: data, as: UTF8.self)
        let docs = DocumentParser.parse(fileText: text)
        try writer.beginTransaction(flushed: true)
        do {
            // Replace every document the file had before.
            for id in try writer.postings(Schema.fileTerm(name)) { try writer.delete(id) }
            for d in docs {
                let sd = StoredDocument(file: name, doc: d)
                try writer.replace(uniqueTerm: Schema.idTerm(sd.id), with: Archive.makeXapianDocument(sd))
            }
            try writer.setMetadata(metaKey, stamp)
            try writer.commitTransaction()
        } catch {
            try? writer.cancelTransaction()
            throw error
        }
        if previous.isEmpty { summary.filesAdded += 1 } else { summary.filesUpdated += 1 }
        summary.documentsIndexed += docs.count
        pending += docs.count
    }

    /// NUL bytes or many control bytes in the first 8 KB.
    static func looksBinary(_ data: Data) -> Bool {
        let head = data.prefix(8192)
        var control = 0
        for b in head {
            if b == 0 { return true }
            if b < 0x09 || (b > 0x0D && b < 0x20) { control += 1 }
        }
        return control * 10 > head.count
    }

    /// Size and a 64-bit FNV-1a hash of the content.
    static func fingerprint(_ data: Data) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { raw in
            for b in raw.bindMemory(to: UInt8.self) {
                h ^= UInt64(b)
                h &*= 0x100_0000_01b3
            }
        }
        return "\(data.count):" + String(h, radix: 16)
    }
}

extension String {
    init?(validatingUTF8Data data: Data) {
        guard let s = String(data: data, encoding: .utf8) else { return nil }
        self = s
    }
}

import Archive
import ArgumentParser
import Foundation

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index files and folders of documents.",
        discussion: """
        Each file may hold several documents; each becomes one entry named FILE#N, where FILE is the
        path relative to the folder argument it was found under (a file argument: its base name).
        Re-running on the same folders only reads new and changed files (size, mtime, content hash)
        and replaces their documents. Unreadable, empty, binary or oversized (>50 MB) files are
        skipped with one warning line each; the run goes on and exits 6.

        Examples:
          vanban index corpus --db /tmp/vb
          vanban index archive/2026 archive/2025/QD-15.txt --db ~/vanban-db
          VANBAN_DB=/srv/vanban vanban index /data/congvan
        """
    )

    @Argument(help: "Files and folders to index.")
    var paths: [String]

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Print no progress.")
    var quiet = false

    func run() throws {
        try runReporting(json: common.json) {
            let archive = try Archive.openForIndexing(path: common.databasePath)
            let showProgress = !quiet && Out.errIsTerminal
            let start = Date()
            let summary = try archive.index(paths: paths, progress: showProgress ? { done, total in
                let rate = Double(done) / max(Date().timeIntervalSince(start), 0.001)
                let eta = Double(total - done) / max(rate, 0.001)
                FileHandle.standardError.write(Data(String(format: "\r%d/%d files  %.0f files/s  ETA %.0fs ", done, total, rate, eta).utf8))
                if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
            } : nil)
            for w in summary.warnings { Out.err("vanban: warning: \(w)") }
            if common.json {
                Out.json(.object([
                    ("files", .int(summary.filesSeen)), ("added", .int(summary.filesAdded)), ("updated", .int(summary.filesUpdated)),
                    ("unchanged", .int(summary.filesUnchanged)), ("skipped", .int(summary.filesSkipped)),
                    ("documents", .int(summary.documentsIndexed)), ("total_documents", .int(archive.documentCount)),
                    ("warnings", .array(summary.warnings.map { .string($0) })),
                ]))
            } else {
                Out.print(summary.line + "; \(archive.documentCount) document(s) in \(archive.path)")
            }
            if !summary.warnings.isEmpty { throw ExitCode(6) }
        }
    }
}

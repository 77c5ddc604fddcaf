import ArgumentParser
import Foundation
import Ingest

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print the text vanban reads from a file (PDF, Word, HTML, legacy encodings).",
        usage: "vanban extract <file> [<options>]\n  vanban extract --tools [<options>]",
        discussion: """
        Shows what indexing sees: the text of a PDF (pdftotext -layout; pages separated by form feeds), a .docx, a .doc (antiword or catdoc), an RTF file, an HTML page, or a text file in any Vietnamese encoding (UTF-8, UTF-16, Windows-1258, TCVN3, VNI, VISCII; TCVN3/VNI mojibake repaired). Control characters other than newlines, tabs and form feeds are shown escaped (\\x1b). The format, the encoding and the conversions applied go to stderr (or into --json). A file that gives no text (corrupt, password-protected, scanned without --ocr, a missing tool) prints the reason on stderr and exits 6.

        Examples:
          vanban extract cong-van.pdf
          vanban extract quyet-dinh-1998.txt          # TCVN3 → Unicode
          vanban extract ban-scan.pdf --ocr --json
          vanban extract --tools                      # which external tools are installed
        """
    )

    @Argument(help: "The file.") var file: String?
    @Flag(name: .long, help: "Read scanned pages with tesseract (slow).") var ocr = false
    @Flag(name: .long, help: "Print JSON: file, format, encoding, pages, page_starts (UTF-8 offsets, PDF), conversions, warnings, text (or skipped).") var json = false
    @Flag(name: .long, help: "List the external tools, their Debian packages and whether each is installed.") var tools = false
    @Option(name: .customLong("tool-path"), help: ArgumentHelp("Folders to find the external tools in, instead of $PATH (colon-separated).", valueName: "DIRS"))
    var toolPath: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        // --tools lists the tools: a FILE or --ocr would be ignored.
        if tools, file != nil || ocr {
            throw Settings.usage(tr("--tools không đi cùng một TỆP hay --ocr", "--tools takes no FILE and no --ocr"))
        }
    }

    func run() throws {
        var options = IngestOptions(ocr: ocr)
        if let toolPath { options.toolSearchPath = toolPath.split(separator: ":").map(String.init) }
        if tools {
            let list = Ingest.tools(options: options)
            if json {
                Out.json(.object([("tools", .array(list.map { t in
                    .object([("tool", .string(t.tool)), ("package", .string(t.package)), ("formats", .string(t.formats)), ("found", .bool(t.found))])
                }))]))
            } else {
                for t in list {
                    Out.print("\(t.found ? tr("có     ", "ok     ") : tr("THIẾU  ", "MISSING")) \(t.tool, pad: 10) \(t.package, pad: 14) \(t.formats)")
                }
            }
            return
        }
        guard let file else { throw Settings.usage(tr("hãy cho một TỆP (hoặc --tools)", "give a FILE (or --tools)")) }
        guard FileManager.default.fileExists(atPath: file) else {
            Out.error("\(tr("không có tệp \(file)", "no such file: \(file)"))")
            throw ExitCode(4)
        }
        switch Ingest.extract(fileAt: URL(fileURLWithPath: file), options: options) {
        case .skipped(let reason, _):
            if json {
                Out.json(.object([("file", .string(file)), ("skipped", .string(reason))]))
            }
            Out.warning(message: "\(file): skipped, \(reason)")
            throw ExitCode(6)
        case .text(let t):
            if json {
                Out.json(.object([("file", .string(file)), ("format", .string(t.format.rawValue)), ("encoding", .str(t.encoding)),
                                  ("pages", .int(t.pageCount)),
                                  ("page_starts", t.isPaged ? .array(t.pageStarts.map { .int($0) }) : .null),
                                  ("conversions", .array(t.conversions.map { .string($0) })),
                                  ("warnings", .array(t.warnings.map { .string($0) })), ("text", .string(t.text))]))
            } else {
                Out.print("\(pages: t.text)", wrap: false)
                var info = "\(t.format.rawValue)"
                if let e = t.encoding { info += ", \(e)" }
                if t.isPaged { info += ", " + tr("\(t.pageCount) trang", "\(t.pageCount) page(s)") }
                if !t.conversions.isEmpty { info += "; " + t.conversions.joined(separator: "; ") }
                Out.err("vanban: \(file): \(info)")
            }
            for w in t.warnings { Out.warning("\(file): \(w)", in: .en) }
        }
    }
}

import Archive
import ArgumentParser
import Foundation
import VietText

struct FoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fold",
        abstract: "Print each stdin line's folded search key.",
        discussion: """
        Words joined by single spaces, punctuation removed, no diacritics, đ→d, lower case,
        i/y spelling variants made one (kỹ/kĩ → ki).

        Examples:
          echo "Chấn chỉnh lề lối làm việc" | vanban fold      # chan chinh le loi lam viec
          vanban fold < danh-sach.txt
        """
    )
    func run() throws {
        while let line = readLine(strippingNewline: true) {
            print(VietText.fold(line))
        }
    }
}

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show the terms and positions a text produces, folded and exact.",
        discussion: """
        Like a search engine's analyze API: each token with its position, byte offsets, folded term
        (default matching) and exact term (accent-sensitive ranking). Document numbers and dates are
        also kept whole as compound terms.

        Examples:
          vanban analyze "Thực hiện Kế hoạch số 6757/KH-SYT ngày 22/5/2026"
          vanban analyze "Hoà bình, khoẻ mạnh" --json
        """
    )
    @Argument(help: "The text.") var text: String
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() throws {
        let normalized = VietText.normalize(text)
        let toks = Tokenizer.tokenize(normalized)
        let bytes = Array(normalized.utf8)
        if json {
            let arr: [JSON] = toks.map { t in
                .object([("position", .int(t.position)), ("kind", .string(t.kind == .word ? "word" : "compound")),
                         ("text", .string(String(decoding: bytes[t.start..<t.end], as: UTF8.self))),
                         ("start", .int(t.start)), ("end", .int(t.end)),
                         ("folded", .string(t.folded)), ("exact", .string(t.exact))])
            }
            print(JSON.object([("text", .string(normalized)), ("tokens", .array(arr))]).serialized())
            return
        }
        print("pos  kind      text                folded              exact")
        for t in toks {
            let s = String(decoding: bytes[t.start..<t.end], as: UTF8.self)
            print(String(t.position).padding(toLength: 5, withPad: " ", startingAt: 0)
                  + (t.kind == .word ? "word      " : "compound  ")
                  + s.padding(toLength: 20, withPad: " ", startingAt: 0)
                  + t.folded.padding(toLength: 20, withPad: " ", startingAt: 0) + t.exact)
        }
    }
}

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Print throughput figures of the text analysis.",
        discussion: """
        Folds and tokenises the given files (default: corpus/) repeated to --megabytes MB on one
        core and prints MB/s. `decode` reads the files as raw bytes and times the encoding
        detection (UTF-8 check, mojibake scan, legacy decoding). Build in release mode first
        (swift build -c release).

        Examples:
          .build/release/vanban bench fold corpus --megabytes 100
          .build/release/vanban bench decode Tests/Fixtures/formats/encodings --megabytes 20
        """
    )
    @Argument(help: "What to measure: fold, tokenize or decode.") var what: String = "fold"
    @Argument(help: "Sample files or folders.") var paths: [String] = ["corpus"]
    @Option(name: .long, help: "Amount of text to process, in MB.") var megabytes = 100

    func run() throws {
        if what == "decode" { return try decode() }
        var sample = ""
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
                FileHandle.standardError.write(Data("vanban: error: no such file or folder: \(p)\n".utf8))
                throw ExitCode(4)
            }
            let files = isDir.boolValue
                ? (try FileManager.default.contentsOfDirectory(atPath: p)).sorted().map { p + "/" + $0 }
                : [p]
            for f in files { if let s = try? String(contentsOfFile: f, encoding: .utf8) { sample += s + "\n" } }
        }
        guard !sample.isEmpty else { throw ExitCode(2) }
        let target = megabytes * 1_000_000
        let r: (bytes: Int, seconds: Double)
        switch what {
        case "fold": r = VietTextBenchmark.foldThroughput(sample: sample, targetBytes: target)
        case "tokenize": r = VietTextBenchmark.tokenizeThroughput(sample: sample, targetBytes: target)
        default:
            FileHandle.standardError.write(Data("vanban: error: unknown benchmark \(what); use fold or tokenize\n".utf8))
            throw ExitCode(2)
        }
        print(String(format: "%@: %.1f MB in %.3f s = %.1f MB/s (one core)", what, Double(r.bytes) / 1e6, r.seconds, Double(r.bytes) / 1e6 / r.seconds))
    }

    /// Encoding detection over the files' raw bytes.
    func decode() throws {
        var files: [[UInt8]] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
                FileHandle.standardError.write(Data("vanban: error: no such file or folder: \(p)\n".utf8))
                throw ExitCode(4)
            }
            let list = isDir.boolValue
                ? (try FileManager.default.contentsOfDirectory(atPath: p)).sorted().map { p + "/" + $0 }
                : [p]
            for f in list { if let d = FileManager.default.contents(atPath: f) { files.append([UInt8](d)) } }
        }
        guard !files.isEmpty else { throw ExitCode(2) }
        let r = EncodingBenchmark.decodeThroughput(files: files, targetBytes: megabytes * 1_000_000)
        print(String(format: "decode: %.1f MB in %.3f s = %.1f MB/s (one core)", Double(r.bytes) / 1e6, r.seconds, Double(r.bytes) / 1e6 / r.seconds))
    }
}

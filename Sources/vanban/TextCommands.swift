import Archive
import Render
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

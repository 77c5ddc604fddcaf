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
        abstract: "Show the terms the index would hold for a text.",
        discussion: """
        The text is read as a file is read by `vanban index` (split into documents, parsed) and each
        document's terms are listed as the index would hold them: the field each belongs to (text,
        exact, pair, issuer, number, cites…), the term with its prefix, its within-document
        frequency and its positions. With --tokens: the analysis chain's tokens instead (position,
        byte offsets, folded and exact forms; document numbers and dates also kept whole).

        Examples:
          vanban analyze "Thực hiện Kế hoạch số 6757/KH-SYT ngày 22/5/2026"
          vanban analyze "Hoà bình, khoẻ mạnh" --tokens --json
        """
    )
    @Argument(help: "The text.") var text: String
    @Flag(name: .long, help: "Print JSON.") var json = false
    @Flag(name: .long, help: "Show the tokens of the analysis chain rather than the index terms.") var tokens = false

    func run() throws {
        if !tokens {
            let docs = Archive.indexTerms(ofFileText: text)
            if json {
                print(JSON.object([("documents", .array(docs.map { d in
                    .object([("id", .string(d.id)), ("terms", .array(d.terms.map { t in
                        .object([("field", .string(t.field)), ("term", .string(t.term)), ("wdf", .int(t.wdf)),
                                 ("positions", .array(t.positions.map { .int(Int($0)) }))])
                    }))])
                }))]).serialized())
                return
            }
            for d in docs {
                print("document \(d.id)")
                print("  field           term                                      wdf  positions")
                for t in d.terms {
                    print("  " + t.field.padding(toLength: 16, withPad: " ", startingAt: 0)
                          + t.term.padding(toLength: 42, withPad: " ", startingAt: 0)
                          + String(t.wdf).padding(toLength: 5, withPad: " ", startingAt: 0)
                          + t.positions.map(String.init).joined(separator: ","))
                }
            }
            return
        }
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

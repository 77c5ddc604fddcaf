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
    @OptionGroup var output: OutputOptions

    func run() throws {
        while let line = readLine(strippingNewline: true) {
            Out.print("\(VietText.fold(line))", wrap: false)
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
        """,
        shouldDisplay: false
    )
    @Argument(help: "The text.") var text: String
    @Flag(name: .long, help: "Print JSON.") var json = false
    @Flag(name: .long, help: "Show the tokens of the analysis chain rather than the index terms.") var tokens = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        if !tokens {
            let docs = Archive.indexTerms(ofFileText: text)
            if json {
                Out.json(JSON.object([("documents", .array(docs.map { d in
                    .object([("id", .string(d.id)), ("terms", .array(d.terms.map { t in
                        .object([("field", .string(t.field)), ("term", .string(t.term)), ("wdf", .int(t.wdf)),
                                 ("positions", .array(t.positions.map { .int(Int($0)) }))])
                    }))])
                }))]))
                return
            }
            for d in docs {
                Out.print("document \(d.id)", wrap: false)
                Out.print("  field           term                                      wdf  positions", wrap: false)
                for t in d.terms {
                    Out.print("  \(t.field, pad: 16)\(t.term, pad: 42)\(String(t.wdf), pad: 5)\(t.positions.map(String.init).joined(separator: ","))", wrap: false)
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
            Out.json(JSON.object([("text", .string(normalized)), ("tokens", .array(arr))]))
            return
        }
        Out.print("pos  kind      text                folded              exact", wrap: false)
        for t in toks {
            let s = String(decoding: bytes[t.start..<t.end], as: UTF8.self)
            Out.print("\(String(t.position), pad: 5)\(t.kind == .word ? "word      " : "compound  ")\(s, pad: 20)\(t.folded, pad: 20)\(t.exact)", wrap: false)
        }
    }
}

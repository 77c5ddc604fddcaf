import Archive
import Render
import ArgumentParser
import Documents
import Foundation

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Every document, newest first, with its subject.",
        usage: "vanban list [<options>]",
        discussion: """
        One line per document: number, date, issuer, subject (trích yếu; cut to the terminal's width on a terminal) and id. --issuer matches an issuer the way search does: with or without diacritics, abbreviated or not, with or without "tỉnh"/"thành phố".

        Examples:
          vanban list
          vanban list --type KH --year 2026
          vanban list --issuer "SYT Đồng Tháp"
          vanban list --issuer "so y te" --from 2026-05 --to 2026-06 --json
        """
    )
    @OptionGroup var filters: FilterOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting(json: common.json) {
            let filter = try filters.filter()
            let reader = try common.openReader()
            let docs = try reader.list(filter: filter)
            if common.json {
                Out.json(try Shapes.list(docs, reader: reader, asOf: today()))
                return
            }
            let table = Render.Columns(docs)
            for d in docs { Out.printFitted(table.line(d, subject: true)) }
            Out.print("\(dim: Render.count(docs.count))")
        }
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One document: all fields, its references and its text.",
        usage: "vanban show <ref> [<options>]",
        discussion: """
        REF is what a person would type or copy from a document: 6757/KH-SYT, "số 6757/KH-SYT", "Kết luận số 226-KL/TW", "KH 6757", KH-215, kh215, 6757/KH, "kết luận 226", or an id FILE#N as listed by `vanban list`.

        Examples:
          vanban show 6757/KH-SYT
          vanban show "KH 1520" --year 2025
          vanban show 002_08d73f6826bb5330.txt#1 --json
        """
    )
    @Argument(help: "The document.") var ref: String
    @OptionGroup var refOptions: RefOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting(json: common.json, command: "show") {
            let (reader, d) = try refOptions.openDocument(ref, common)
            let details = try reader.details(of: d, asOf: today())
            if common.json {
                Out.json(Shapes.document(details, withText: true))
                return
            }
            let p = d.doc
            Out.print("\(bold: d.number ?? tr("(không số)", "(no number)"))  \(dim: d.id)")
            let fields: [(String, String?)] = [
                (tr("Loại", "Type"), p.type.map { ($0) + (DocumentTypes.name(forCode: $0).map { " (\($0))" } ?? "") }),
                (tr("Cơ quan", "Issuer"), p.issuer),
                (tr("Nơi, ngày", "Place, date"), [p.place, p.date?.description].compactMap { $0 }.joined(separator: ", ")),
                (tr("Trích yếu", "Subject"), p.subject),
                (tr("Kính gửi", "To"), p.recipients.isEmpty ? nil : p.recipients.joined(separator: "; ")),
                (tr("Người ký", "Signed by"), [p.signerCapacity, p.signer].compactMap { $0 }.joined(separator: " — ")),
                (tr("Nơi nhận", "Copies to"), p.copiesTo.isEmpty ? nil : p.copiesTo.joined(separator: "; ")),
                (tr("Dự thảo", "Draft"), p.draft ? tr("có", "yes") : nil),
                (tr("Trang", "Pages"), d.pages.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }),
            ]
            for (k, v) in fields { if let v, !v.isEmpty { Out.print("\(k): \(v)", indent: 2) } }
            if !details.references.isEmpty {
                Out.print("\(bold: tr("Văn bản được dẫn:", "References:"))")
                Render.references(details.references, resolvedAs: { "\($0.number ?? $0.id)  [\($0.id)]" })
            }
            if !details.statuses.isEmpty {
                Out.print("\(bold: tr("Nghĩa vụ báo cáo:", "Reporting obligations:"))")
                let cols = Render.ObligationColumns(details.statuses)
                for s in Shapes.ordered(details.statuses) { Out.print("  " + cols.line(s), indent: 4) }
            }
            Out.print("")
            Out.print("\(text: p.text)", indent: 0)
        }
    }
}

struct RefsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refs",
        abstract: "What a document cites, each resolved to an archived document or marked external.",
        usage: "vanban refs <ref> [<options>]",
        discussion: """
        Examples:
          vanban refs 6757/KH-SYT
          vanban refs "KH 4245" --json
        """
    )
    @Argument(help: "The document.") var ref: String
    @OptionGroup var refOptions: RefOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting(json: common.json, command: "refs") {
            let (reader, d) = try refOptions.openDocument(ref, common)
            let details = try reader.details(of: d, asOf: today())
            if common.json {
                Out.json(Shapes.refs(details))
                return
            }
            Out.printFitted(Render.line(d))
            if details.references.isEmpty { Out.print("  \(Txt(stringLiteral: tr("không dẫn chiếu văn bản nào", "cites no document")))") }
            Render.references(details.references, resolvedAs: { Render.line($0) })
        }
    }
}

enum Render {
    static func count(_ n: Int) -> String { tr("\(n) văn bản", n == 1 ? "1 document" : "\(n) documents") }

    static var noNumber: String { tr("(không số)", "(no number)") }

    /// One document on one line: number, date, issuer, id.
    static func line(_ d: StoredDocument) -> Txt { Columns([d]).line(d) }

    /// One obligation on one line (columns of its own; `ObligationColumns` aligns a list).
    static func obligation(_ s: ObligationStatus) -> Txt { ObligationColumns([s]).line(s) }

    /// Columns of a list of documents: number and issuer padded to the longest (within reason),
    /// so every line's date, issuer and subject start at the same column.
    struct Columns {
        var number = 12
        var issuer = 0

        init(_ docs: [StoredDocument]) {
            for d in docs {
                number = max(number, min(24, Out.width(d.number ?? Render.noNumber)))
                issuer = max(issuer, min(44, Out.width(d.doc.issuer ?? "")))
            }
        }

        /// `number  date  issuer  [subject]  [id]`; the subject is what is cut to the terminal's
        /// width (the id stays).
        func line(_ d: StoredDocument, subject: Bool = false) -> Txt {
            var head: Txt = "\(d.number ?? Render.noNumber, pad: number, style: .bold) \(d.date?.description ?? "", pad: 10)  "
            let tail: Txt = "  \(dim: "[\(d.id)]")"
            guard subject, let s = d.doc.subject, !s.isEmpty else {
                head.append("\(d.doc.issuer ?? "")")
                return head + tail
            }
            head.append("\(d.doc.issuer ?? "", pad: issuer)  ")
            var text: Txt = "\(s)"
            if let cols = Out.columns {
                let room = cols - head.width - tail.width
                text = room >= 8 ? text.truncated(to: room) : Txt()
            }
            return head + text + tail
        }
    }

    /// A document's references, one per line, relation words aligned.
    static func references(_ refs: [ResolvedReference], resolvedAs target: (StoredDocument) -> Txt) {
        let width = refs.map { Out.width(Words.relation($0.reference.relation)) }.max() ?? 0
        let numbers = min(24, refs.map { Out.width($0.number) }.max() ?? 0)
        for rr in refs {
            let r = rr.reference
            var line: Txt = "  \(Words.relation(r.relation), pad: width) \(rr.number, pad: numbers)"
            if let date = r.date { line.append(" (\(date.description))") }
            line.append("  → ")
            line.append(rr.resolved.map(target) ?? "\(dim: tr("ngoài kho", "not in the archive"))")
            Out.print(line, indent: width + 4)
        }
    }

    /// Columns of obligation lines: status and recurrence padded to the longest word used.
    struct ObligationColumns {
        var status = 0
        var recurrence = 0
        init(_ list: [ObligationStatus]) {
            for s in list {
                status = max(status, Out.width(Words.status(s.status)))
                recurrence = max(recurrence, Out.width(Words.recurrence(s.obligation.recurrence)))
            }
        }

        func line(_ s: ObligationStatus) -> Txt {
            let due = s.due?.description ?? tr("không hạn", "no date")
            var line: Txt = "\(Words.status(s.status), pad: status) \(due, pad: 10)  \(Words.recurrence(s.obligation.recurrence), pad: recurrence)  \(s.obligation.what)"
            let who = [s.obligation.reporter, s.obligation.recipient.map { "→ " + $0 }].compactMap { $0 }.joined(separator: " ")
            if !who.isEmpty { line.append("  \(dim: who)") }
            let reps = s.reports.map { ($0.number ?? $0.id) + ($0.date.map { " (\($0))" } ?? "") }.joined(separator: ", ")
            if !reps.isEmpty { line.append("  ← \(reps)") }
            return line
        }
    }
}

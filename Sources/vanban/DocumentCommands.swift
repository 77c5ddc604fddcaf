import Archive
import Render
import ArgumentParser
import Documents
import Foundation

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Every document, newest first.",
        discussion: """
        Examples:
          vanban list
          vanban list --type KH --year 2026
          vanban list --issuer "so y te" --from 2026-05 --to 2026-06 --json
        """
    )
    @OptionGroup var filters: FilterOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting(json: common.json) {
            let reader = try ArchiveReader.open(path: common.databasePath)
            let docs = try reader.list(filter: try filters.filter())
            if common.json {
                Out.json(try Shapes.list(docs, reader: reader, asOf: today()))
                return
            }
            for d in docs { Out.print(Render.line(d)) }
            Out.print(Out.dim("\(docs.count) document(s)"))
        }
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One document: all fields, its references and its text.",
        discussion: """
        REF is anything a person would type: 6757/KH-SYT, "KH 6757", 226-KL/TW, "kết luận 226",
        or an id FILE#N as listed by `vanban list`.

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
        try runReporting(json: common.json) {
            let reader = try ArchiveReader.open(path: common.databasePath)
            let d = try reader.document(named: ref, year: refOptions.year, issuer: refOptions.issuer)
            let details = try reader.details(of: d, asOf: today())
            if common.json {
                Out.json(Shapes.document(details, withText: true))
                return
            }
            let p = d.doc
            Out.print(Out.bold(p.number ?? "(không số)") + "  " + Out.dim(d.id))
            let fields: [(String, String?)] = [
                ("Loại", p.type.map { ($0) + (DocumentTypes.name(forCode: $0).map { " (\($0))" } ?? "") }),
                ("Cơ quan", p.issuer), ("Nơi, ngày", [p.place, p.date?.description].compactMap { $0 }.joined(separator: ", ")),
                ("Trích yếu", p.subject), ("Kính gửi", p.recipients.isEmpty ? nil : p.recipients.joined(separator: "; ")),
                ("Người ký", [p.signerCapacity, p.signer].compactMap { $0 }.joined(separator: " — ")),
                ("Nơi nhận", p.copiesTo.isEmpty ? nil : p.copiesTo.joined(separator: "; ")),
                ("Dự thảo", p.draft ? "có" : nil),
                ("Trang", d.pages.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }),
            ]
            for (k, v) in fields { if let v, !v.isEmpty { Out.print("\(k): \(v)") } }
            if !p.references.isEmpty {
                Out.print(Out.bold("Văn bản được dẫn:"))
                for rr in details.references {
                    let r = rr.reference
                    Out.print("  \(r.relation.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(rr.number)"
                              + (r.date.map { " (\($0))" } ?? "") + (rr.resolved.map { "  → \($0.id)" } ?? "  → ngoài kho"))
                }
            }
            if !p.obligations.isEmpty {
                Out.print(Out.bold("Nghĩa vụ báo cáo:"))
                for s in details.statuses { Out.print("  " + Render.obligation(s)) }
            }
            Out.print("")
            Out.print(p.text)
        }
    }
}

struct RefsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refs",
        abstract: "What a document cites, each resolved to an archived document or marked external.",
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
        try runReporting(json: common.json) {
            let reader = try ArchiveReader.open(path: common.databasePath)
            let d = try reader.document(named: ref, year: refOptions.year, issuer: refOptions.issuer)
            let details = try reader.details(of: d, asOf: today())
            if common.json {
                Out.json(Shapes.refs(details))
                return
            }
            Out.print(Render.line(d))
            for rr in details.references {
                let target = rr.resolved.map { "→ " + Render.line($0) } ?? Out.dim("→ ngoài kho (external)")
                Out.print("  \(rr.reference.relation.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(rr.number)  \(target)")
            }
        }
    }
}

enum Render {
    static func line(_ d: StoredDocument) -> String {
        let n = pad(d.number ?? "(không số)", 18)
        let date = pad(d.date?.description ?? "", 10)
        return "\(Out.bold(n)) \(date)  \(d.doc.issuer ?? "")  " + Out.dim("[\(d.id)]")
    }

    /// `s.padding(toLength: n, withPad: " ", startingAt: 0)`; without Foundation when `s` is not
    /// longer than `n` UTF-16 units (every status, date and nearly every number).
    static func pad(_ s: String, _ n: Int) -> String {
        let units = s.utf16.count
        if units > n { return s.padding(toLength: n, withPad: " ", startingAt: 0) }
        return units == n ? s : s + String(repeating: " ", count: n - units)
    }

    static func obligation(_ s: ObligationStatus) -> String {
        let due = s.due?.description ?? "không hạn"
        let who = [s.obligation.reporter, s.obligation.recipient.map { "→ " + $0 }].compactMap { $0 }.joined(separator: " ")
        let reps = s.reports.map { ($0.number ?? $0.id) + ($0.date.map { " (\($0))" } ?? "") }.joined(separator: ", ")
        return "\(pad(s.status.rawValue, 11)) \(due)  \(s.obligation.what) [\(s.obligation.recurrence.rawValue)]"
            + (who.isEmpty ? "" : "  " + who) + (reps.isEmpty ? "" : "  ← " + reps)
    }
}

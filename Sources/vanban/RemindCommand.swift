import Archive
import ArgumentParser
import Documents
import Foundation
import Render

struct RemindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: "Draft a reminder letter (công văn đôn đốc) to the units that still owe a report.",
        discussion: """
        The letter is addressed to every unit the plan binds that has no report matched to the due
        date D as of --as-of (default: today): the standard layout of a công văn, with the plan's
        issuer and signature block, "Số:" left blank for the office to fill in, the paragraph citing
        the plan by number and date, and a new deadline (--deadline, default 5 working days after
        --as-of). Plain text on stdout, or a Word file with --format docx (--output FILE).

        Examples:
          vanban remind --plan "KH 1865" --due 2026-06-10 --as-of 2026-06-15
          vanban remind --plan 1865/KH-SYT --due 2026-09-20 --format docx --output don-doc.docx
        """
    )
    @Option(name: .long, help: ArgumentHelp("The plan (a REF or an id FILE#N).", valueName: "REF")) var plan: String
    @Option(name: .long, help: ArgumentHelp("The due date the reminder is about (YYYY-MM-DD).", valueName: "D")) var due: String
    @Option(name: .long, help: ArgumentHelp("Date of the letter and of the statuses (YYYY-MM-DD; default today).", valueName: "D")) var asOf: String?
    @Option(name: .long, help: ArgumentHelp("New deadline the letter sets (YYYY-MM-DD; default 5 working days after --as-of).", valueName: "D")) var deadline: String?
    @Option(name: .long, help: "text (default) or docx.") var format: String = "text"
    @Option(name: .long, help: ArgumentHelp("File to write (docx; default don-doc-NUMBER-DUE.docx).", valueName: "FILE")) var output: String?
    @OptionGroup var refOptions: RefOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard ["text", "docx"].contains(format) else { throw ValidationError("--format must be text or docx") }
    }

    func run() throws {
        try runReporting(json: common.json) {
            let date = try ObligationViews.asOfDate(asOf)
            let dueDate = try DateRange.date(due)
            guard dueDate.day != nil else { throw ArchiveError.badInput("--due needs a full date, e.g. 2026-06-10") }
            let newDeadline = try deadline.map { raw -> DocDate in
                let d = try DateRange.date(raw)
                guard d.day != nil else { throw ArchiveError.badInput("--deadline needs a full date, e.g. 2026-06-20") }
                return d
            }
            let reader = try common.openReader()
            let planDoc = try reader.document(named: plan, year: try refOptions.parsedYear(), issuer: refOptions.issuer)
            guard let letter = try reader.obligations.reminder(plan: planDoc, due: dueDate, asOf: date, newDeadline: newDeadline) else {
                let plan = planDoc.number ?? planDoc.id
                Out.note("\(tr("mọi đơn vị \(plan) giao đã có báo cáo cho hạn \(dueDate.description) tính đến \(date.description); không cần công văn đôn đốc", "every unit bound by \(plan) has a report for \(dueDate.description) as of \(date.description); no letter"))")
                return
            }
            if format == "docx" {
                let file = output ?? ReminderDocx.fileName(plan: planDoc, due: dueDate)
                do {
                    try ReminderDocx.write(letter, to: URL(fileURLWithPath: file))
                } catch {
                    throw ArchiveError.io("cannot write \(file): \(error.localizedDescription)")
                }
                if common.json {
                    Out.json(.object([("file", .string(file)), ("addressees", .int(letter.addressees.count))]))
                } else {
                    Out.err("vanban: \(tr("đã ghi \(file) (\(letter.addressees.count) đơn vị)", "wrote \(file) (\(letter.addressees.count) unit(s))"))")
                }
                return
            }
            if common.json {
                Out.json(.object([("subject", .string(letter.subject)), ("addressees", .array(letter.addressees.map { .string($0) })),
                                  ("due", .string(dueDate.description)), ("deadline", .string(letter.newDeadline.description)),
                                  ("text", .string(letter.text))]))
            } else {
                Out.print("\(text: letter.text)", wrap: false)
            }
        }
    }
}

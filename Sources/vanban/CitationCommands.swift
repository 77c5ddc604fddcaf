import Archive
import Render
import ArgumentParser
import Documents
import Foundation

struct CitesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cites",
        abstract: "Who cites a document, directly or down the chain.",
        discussion: """
        REF may be a document that is not in the archive (a central conclusion or decree): its
        citers are found by number. --transitive walks down the chain through references of any
        relation (226-KL/TW ← 534/QĐ-TTg ← provincial plan ← Sở plan ← unit reports) and lists every
        document reached with its depth and path.

        Examples:
          vanban cites 226-KL/TW
          vanban cites "kết luận 226" --transitive
          vanban cites 1520/KH-SYT --year 2026 --relation implements
          vanban cites 226-KL/TW --transitive --format dot | dot -Tpng > chain.png
        """
    )
    enum Format: String, ExpressibleByArgument { case text, dot }

    @Argument(help: "The cited document.") var ref: String
    @Flag(name: .long, help: "Follow the chain down.") var transitive = false
    @Option(name: .long, help: ArgumentHelp("With --transitive: at most N levels down.", valueName: "N")) var depth: Int?
    @Option(name: .long, help: "Only this relation: implements, basis, amends, replaces, repeals, cites.") var relation: String?
    @Option(name: .long, help: "Output format on stdout: text (a tree on a terminal) or dot (Graphviz).") var format: Format = .text
    @OptionGroup var refOptions: RefOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting(json: common.json) {
            let reader = try ArchiveReader.open(path: common.databasePath)
            var rel: Relation? = nil
            if let r = relation {
                guard let v = Relation(rawValue: r.lowercased()) else {
                    throw ArchiveError.badInput("unknown relation \"\(r)\"; use one of \(Relation.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                rel = v
            }
            let target = try reader.target(named: ref, year: refOptions.year, issuer: refOptions.issuer)
            if let d = depth, d < 1 { throw ArchiveError.badInput("--depth must be 1 or more") }
            let hits = try reader.citations.citers(of: target, transitive: transitive, relation: rel, depth: depth)
            if common.json {
                let asOf = today()
                var pieces: [String] = []
                try Shapes.cites(target, hits, reader: reader, asOf: today()) { pieces.append($0) }
                Out.print(pieces.joined())
                return
            }
            if format == .dot {
                Out.print("digraph cites {\n  rankdir=BT;\n  node [shape=box];")
                Out.print("  \"\(target.label)\";")
                for h in hits {
                    let parent = h.parent.map { hits[$0].label } ?? target.label
                    Out.print("  \"\(h.label)\" -> \"\(parent)\" [label=\"\(h.relation.rawValue)\"];")
                }
                Out.print("}")
                return
            }
            Out.print(Out.bold(target.label) + (hitsTargetNote(target)))
            if hits.isEmpty { Out.print("  no document cites it"); return }
            // A tree: children under the document they cite.
            var children: [String: [CitationHit]] = [:]
            for h in hits { children[h.parentID ?? "", default: []].append(h) }
            func draw(_ key: String, _ prefix: String) {
                let kids = children[key] ?? []
                for (i, h) in kids.enumerated() {
                    let lastKid = i == kids.count - 1
                    Out.print(prefix + (lastKid ? "└─ " : "├─ ") + Out.dim(h.relation.rawValue + " ") + Render.line(h.document))
                    draw(h.document.id, prefix + (lastKid ? "   " : "│  "))
                }
            }
            let rootKey: String = { if case .document(let d) = target { return d.id }; return "" }()
            draw(rootKey, "")
            Out.print(Out.dim("\(hits.count) document(s)"))
        }
    }

    private func hitsTargetNote(_ t: CitationTarget) -> String {
        if case .external = t { return Out.dim("  (not in the archive)") }
        return ""
    }
}

struct AnswersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answers",
        abstract: "The reports that answer a plan, each with its date and whether it met the deadline.",
        discussion: """
        A report answers a plan when it carries it out ("Thực hiện Kế hoạch số …"). Each report is
        matched to the plan's deadline for the period it covers (6 tháng, quý II, năm 2026 …).

        Examples:
          vanban answers "KH 6757"
          vanban answers 1520/KH-SYT --year 2025 --json
        """
    )
    @Argument(help: "The plan.") var ref: String
    @OptionGroup var refOptions: RefOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting(json: common.json) {
            let reader = try ArchiveReader.open(path: common.databasePath)
            let plan = try reader.document(named: ref, year: refOptions.year, issuer: refOptions.issuer)
            let answers = try reader.obligations.answers(to: plan)
            if common.json {
                Out.json(try Shapes.answers(answers, plan: plan, reader: reader, asOf: today()))
                return
            }
            Out.print(Render.line(plan))
            if answers.isEmpty { Out.print("  no report answers it yet"); return }
            for a in answers {
                let verdict: String
                switch a.onTime {
                case .some(true): verdict = "đúng hạn (hạn \(a.due!))"
                case .some(false): verdict = "trễ hạn (hạn \(a.due!))"
                case .none: verdict = "không có hạn tương ứng"
                }
                Out.print("  " + Render.line(a.report) + "  " + verdict)
            }
        }
    }
}

struct ObligationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "obligations",
        abstract: "Reporting obligations: who owes which report to whom, by when, and what has arrived.",
        discussion: """
        Recurring obligations are expanded up to the first due date after --as-of (default: today).
        Status: fulfilled (a matching report arrived by the due date), late (only after it), overdue
        (none, and the date has passed), upcoming (not yet due), unscheduled (no date was set).

        Examples:
          vanban obligations --as-of 2026-11-22
          vanban obligations --plan "KH 4245" --status overdue
          vanban obligations --status upcoming --json
        """
    )
    @Option(name: .long, help: "Date to judge against (YYYY-MM-DD).") var asOf: String?
    @Option(name: .long, help: "Only this plan's obligations.") var plan: String?
    @Option(name: .long, help: "Only this status: fulfilled, late, overdue, upcoming, unscheduled.") var status: String?
    @OptionGroup var refOptions: RefOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting(json: common.json) {
            let date: DocDate
            if let s = asOf {
                let d = try DateRange.date(s)
                guard d.day != nil else { throw ArchiveError.badInput("--as-of needs a full date, e.g. 2026-11-22") }
                date = d
            } else {
                date = today()
            }
            var wanted: ObligationStatus.Status? = nil
            if let s = status {
                guard let v = ObligationStatus.Status(rawValue: s.lowercased()) else {
                    throw ArchiveError.badInput("unknown status \"\(s)\"; use fulfilled, late, overdue, upcoming or unscheduled")
                }
                wanted = v
            }
            let reader = try ArchiveReader.open(path: common.databasePath)
            let planDoc = try plan.map { try reader.document(named: $0, year: refOptions.year, issuer: refOptions.issuer) }
            var list = try reader.obligations.statuses(asOf: date, plan: planDoc)
            if let w = wanted { list = list.filter { $0.status == w } }
            if common.json {
                Out.json(Shapes.obligations(list, asOf: date))
                return
            }
            if list.isEmpty { Out.print("no obligations"); return }
            var current = ""
            for s in list {
                if s.plan.id != current {
                    current = s.plan.id
                    Out.print(Render.line(s.plan))
                }
                Out.print("  " + Render.obligation(s))
            }
        }
    }
}

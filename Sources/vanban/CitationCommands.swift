import Archive
import Render
import ArgumentParser
import Documents
import Foundation

struct CitesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cites",
        abstract: "Who cites a document, directly or down the chain.",
        usage: "vanban cites <ref> [<options>]",
        discussion: """
        REF may be a document that is not in the archive (a central conclusion or decree): its citers are found by number. --transitive walks down the chain through references of any relation (226-KL/TW ← 534/QĐ-TTg ← provincial plan ← Sở plan ← unit reports) and lists every document reached with its depth and path, newest first under each document.

        Relations (--relation, in English or Vietnamese): implements (thực hiện), basis (căn cứ), amends (sửa đổi), replaces (thay thế), repeals (bãi bỏ), cites (dẫn chiếu).

        Examples:
          vanban cites 226-KL/TW
          vanban cites "kết luận 226" --transitive
          vanban cites 1520/KH-SYT --year 2026 --relation implements
          vanban cites 226-KL/TW --transitive --format dot | dot -Tpng > chain.png
        """
    )
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, dot }

    @Argument(help: "The cited document.") var ref: String
    @Flag(name: .long, help: "Follow the chain down.") var transitive = false
    @Option(name: .long, help: ArgumentHelp("With --transitive: at most N levels down.", valueName: "N")) var depth: Int?
    @Option(name: .long, help: ArgumentHelp("Only this relation: implements, basis, amends, replaces, repeals, cites (or thực hiện, căn cứ…).", valueName: "R")) var relation: String?
    @Option(name: .long, help: "Output format on stdout: text (a tree on a terminal) or dot (Graphviz).") var format: Format?
    @OptionGroup var refOptions: RefOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting(json: common.json, command: "cites") {
            if common.json, format != nil {
                throw Refusal(tr("--format và --json không đi cùng nhau: chọn một", "--format and --json do not go together: choose one"), exitCode: 64)
            }
            try refOptions.check(ref)
            var rel: Relation? = nil
            if let r = relation {
                guard let v = Words.parseRelation(r) else {
                    throw Refusal(tr("không có quan hệ \"\(r)\"; hãy dùng một trong: ", "unknown relation \"\(r)\"; use one of: ")
                                  + Words.choices(Relation.allCases, Words.relation, \.rawValue))
                }
                rel = v
            }
            let reader = try common.openReader()
            let target = try reader.target(named: ref, year: try refOptions.parsedYear(), issuer: refOptions.issuer)
            if let d = depth, d < 1 { throw Refusal(tr("--depth \(d): cần từ 1 trở lên", "--depth \(d): must be 1 or more")) }
            if depth != nil, !transitive { throw Refusal(tr("--depth chỉ đi cùng --transitive", "--depth goes with --transitive"), exitCode: 64) }
            let found = try reader.citations.citers(of: target, transitive: transitive, relation: rel, depth: depth)
            if format == .dot {
                // In the walk's order (a graph has none to show); no copy of a long chain.
                Out.print("digraph cites {\n  rankdir=BT;\n  node [shape=box];", wrap: false)
                Out.print("  \"\(CitesCommand.dot(target.label))\";", wrap: false)
                for h in found {
                    let parent = h.parent.map { found[$0].label } ?? target.label
                    Out.print("  \"\(CitesCommand.dot(h.label))\" -> \"\(CitesCommand.dot(parent))\" [label=\"\(Words.relation(h.relation))\"];", wrap: false)
                }
                Out.print("}", wrap: false)
                return
            }
            let hits = Shapes.ordered(found)
            if common.json {
                var pieces: [String] = []
                try Shapes.cites(target, hits, reader: reader, asOf: today()) { pieces.append($0) }
                Out.jsonText(pieces.joined())
                return
            }
            var head: Txt = "\(bold: target.label)"
            if case .external = target { head.append("  \(dim: tr("(không có trong kho)", "(not in the archive)"))") }
            Out.print(head)
            if hits.isEmpty { Out.print("  \(Txt(stringLiteral: tr("không văn bản nào dẫn chiếu", "no document cites it")))"); return }
            // A tree: children under the document they cite (newest first), relation words
            // aligned; walked with a stack, not recursion (a chain may be thousands deep), and
            // indented at most `maxIndent` levels (deeper ones say their level).
            var children = [[Int]](repeating: [], count: hits.count)
            var roots: [Int] = []
            for (i, h) in hits.enumerated() { if let p = h.parent { children[p].append(i) } else { roots.append(i) } }
            let width = hits.map { Out.width(Words.relation($0.relation)) }.max() ?? 0
            let columns = Render.Columns(hits.map(\.document))
            var stack: [(hit: Int, prefix: String, last: Bool, level: Int)] =
                roots.enumerated().reversed().map { ($1, "", $0 == roots.count - 1, 1) }
            while let (i, prefix, last, level) = stack.popLast() {
                let h = hits[i]
                let deep = level > CitesCommand.maxIndent
                var line: Txt = "\(prefix)\(last ? "└─ " : "├─ ")"
                if deep { line.append("\(dim: "(\(level))") ") }
                Out.printFitted(line + "\(dim: Words.relation(h.relation), pad: width) " + columns.line(h.document))
                let next = deep ? prefix : prefix + (last ? "   " : "│  ")
                let kids = children[i]
                for (k, c) in kids.enumerated().reversed() { stack.append((c, next, k == kids.count - 1, level + 1)) }
            }
            Out.print("\(dim: Render.count(hits.count))")
        }
    }

    /// Levels of a tree indented; deeper ones are drawn at this indent with their level.
    static let maxIndent = 16

    /// A label inside a DOT string.
    static func dot(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

extension Txt.StringInterpolation {
    /// Data padded to `columns`, dim.
    mutating func appendInterpolation(dim s: String, pad columns: Int) { appendInterpolation(s, pad: columns, style: .dim) }
}

struct AnswersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answers",
        abstract: "The reports that answer a plan, each with its date and whether it met the deadline.",
        usage: "vanban answers <ref> [<options>]",
        discussion: """
        A report answers a plan when it carries it out ("Thực hiện Kế hoạch số …"). Each report is matched to the plan's deadline for the period it covers (6 tháng, quý II, năm 2026 …) and marked fulfilled (đã nộp) or late (nộp muộn). Newest first.

        Examples:
          vanban answers "KH 6757"
          vanban answers 1520/KH-SYT --year 2025 --json
        """
    )
    @Argument(help: "The plan.") var ref: String
    @OptionGroup var refOptions: RefOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting(json: common.json, command: "answers") {
            let (reader, plan) = try refOptions.openDocument(ref, common)
            let answers = Shapes.ordered(try reader.obligations.answers(to: plan))
            if common.json {
                Out.json(try Shapes.answers(answers, plan: plan, reader: reader, asOf: today()))
                return
            }
            Out.printFitted(Render.line(plan))
            if answers.isEmpty { Out.print("  \(Txt(stringLiteral: tr("chưa có báo cáo nào trả lời", "no report answers it yet")))"); return }
            let columns = Render.Columns(answers.map(\.report))
            for a in answers {
                let verdict: String
                switch a.onTime {
                case .some(true): verdict = Words.status(.fulfilled) + " (" + tr("hạn", "due") + " \(a.due!))"
                case .some(false): verdict = Words.status(.late) + " (" + tr("hạn", "due") + " \(a.due!))"
                case .none: verdict = tr("không có hạn tương ứng", "no matching due date")
                }
                Out.print("  " + columns.line(a.report) + "  \(verdict)")
            }
        }
    }
}

struct ObligationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "obligations",
        abstract: "Reporting obligations: who owes which report to whom, by when, and what has arrived.",
        usage: "vanban obligations [<options>]",
        discussion: """
        Recurring obligations are expanded up to the first due date after --as-of (default: today), at most 10 years after their first due date. Status: fulfilled / đã nộp (a matching report arrived by the due date), late / nộp muộn (only after it), overdue / quá hạn (none, and the date has passed), upcoming / sắp đến hạn (not yet due), unscheduled / chưa định hạn (no date was set). An obligation's status is the worst of the units the plan binds. Plans newest first; a plan's obligations by due date.

        --by-unit shows each unit the plan binds (rows) against each due date (columns), with where the unit comes from (named in the duty, the plan's recipients, the roster units.tsv, or the units that answered).

        --year and --issuer choose the plans: with --plan, they narrow the number it names; without, they keep the plans of that year or issuer. --reporter and --recipient keep the obligations whose reporter or recipient is that unit (matched as --issuer is).

        Examples:
          vanban obligations --as-of 2026-11-22
          vanban obligations --plan "KH 4245" --status overdue
          vanban obligations --plan "KH 1865" --by-unit --as-of 2026-11-22
          vanban obligations --issuer "SYT Đồng Tháp" --status "quá hạn"
          vanban obligations --by-unit --status overdue --json
        """
    )
    @Option(name: .long, help: ArgumentHelp("Date to judge against (YYYY-MM-DD).", valueName: "D")) var asOf: String?
    @Option(name: .long, help: ArgumentHelp("Only this plan's obligations.", valueName: "REF")) var plan: String?
    @Option(name: .long, help: ArgumentHelp("Only this status: fulfilled, late, overdue, upcoming, unscheduled (or đã nộp, nộp muộn, quá hạn, sắp đến hạn, chưa định hạn).", valueName: "S")) var status: String?
    @Option(name: .long, help: ArgumentHelp("Only obligations of this reporting unit.", valueName: "X")) var reporter: String?
    @Option(name: .long, help: ArgumentHelp("Only obligations to report to this unit.", valueName: "X")) var recipient: String?
    @Flag(name: .long, help: "Unit by unit: each unit the plan binds, its status for each due date.") var byUnit = false
    @OptionGroup var refOptions: RefOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting(json: common.json, command: "obligations --plan") {
            let date: DocDate
            if let s = asOf {
                let d = try DateRange.date(s)
                guard d.day != nil else { throw Refusal(tr("--as-of cần một ngày đủ, ví dụ 2026-11-22", "--as-of needs a full date, e.g. 2026-11-22")) }
                date = d
            } else {
                date = today()
            }
            var wanted: ObligationStatus.Status? = nil
            if let s = status {
                guard let v = Words.parseStatus(s) else {
                    throw Refusal(tr("không có trạng thái \"\(s)\"; hãy dùng một trong: ", "unknown status \"\(s)\"; use one of: ")
                                  + Words.choices(Words.statuses, Words.status, \.rawValue))
                }
                wanted = v
            }
            if let p = plan { try refOptions.check(p) }
            if byUnit && (reporter != nil || recipient != nil || (plan == nil && (refOptions.year != nil || refOptions.issuer != nil))) {
                throw Refusal(tr("--by-unit cho thấy mọi đơn vị của kế hoạch: --reporter, --recipient (và --year, --issuer khi không có --plan) không dùng cùng nó",
                                 "--by-unit shows every unit of a plan: --reporter, --recipient (and --year, --issuer without --plan) do not go with it"))
            }
            let year = try refOptions.parsedYear()
            let reader = try common.openReader()
            let planDoc = try plan.map { try reader.document(named: $0, year: year, issuer: refOptions.issuer) }
            if byUnit {
                try ObligationViews.byUnit(reader, plan: planDoc, asOf: date, only: wanted, json: common.json)
                return
            }
            var list = try reader.obligations.statuses(asOf: date, plan: planDoc)
            if let w = wanted { list = list.filter { $0.status == w } }
            // Without --plan, --year and --issuer choose the plans; --reporter and --recipient the units.
            let planYear = planDoc == nil ? year : nil
            let names = [planDoc == nil ? refOptions.issuer : nil, reporter, recipient]
            if planYear != nil || names.contains(where: { $0 != nil }) {
                let table = try reader.abbreviations()
                let p = names.map { $0.map { NamePattern($0, abbreviations: table) } }
                list = list.filter { s in
                    (planYear == nil || s.plan.date?.year == planYear)
                        && (p[0]?.matches(s.plan.doc.issuer ?? "") ?? true)
                        && (p[1]?.matches(s.obligation.reporter ?? "") ?? true)
                        && (p[2]?.matches(s.obligation.recipient ?? "") ?? true)
                }
            }
            list = Shapes.ordered(list)
            if common.json {
                Out.json(Shapes.obligations(list, asOf: date))
                return
            }
            if list.isEmpty { Out.print("\(Txt(stringLiteral: tr("không có nghĩa vụ báo cáo nào", "no obligations")))"); return }
            let columns = Render.ObligationColumns(list)
            var current = ""
            for s in list {
                if s.plan.id != current {
                    current = s.plan.id
                    Out.printFitted(Render.line(s.plan))
                }
                Out.print("  " + columns.line(s), indent: 4)
            }
        }
    }
}

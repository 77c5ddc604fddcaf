import Archive
import Documents
import Render

/// How `obligations` shows what the obligation service answers: the per-obligation list and the
/// unit-by-unit matrix, plan by plan (the statuses of one plan at a time are made, shown and let go).
enum ObligationViews {
    /// `--as-of`: a full date, today by default.
    static func asOfDate(_ raw: String?) throws -> DocDate {
        guard let raw else { return today() }
        let d = try DateRange.date(raw)
        guard d.day != nil else { throw ArchiveError.badInput("--as-of needs a full date, e.g. 2026-11-22") }
        return d
    }

    // MARK: - One line per obligation and due date

    static func list(_ reader: ArchiveReader, plan: StoredDocument?, asOf: DocDate, only: ObligationStatus.Status?, json: Bool) throws {
        if json {
            // The documented shape, {"as_of","obligations":[…]}, written one plan at a time.
            var out = "{\"as_of\":" + JSON.string(asOf.description).serialized() + ",\"obligations\":["
            var first = true
            try reader.obligations.forEachStatus(asOf: asOf, plan: plan) { list in
                for s in list where only == nil || s.status == only {
                    if !first { out += "," }
                    first = false
                    out += Shapes.status(s).serialized()
                }
            }
            out += "]}"
            Out.print(out)
            return
        }
        var any = false
        try reader.obligations.forEachStatus(asOf: asOf, plan: plan) { list in
            let shown = list.filter { only == nil || $0.status == only }
            guard let first = shown.first else { return }
            any = true
            Out.print(Render.line(first.plan))
            for s in shown { Out.print("  " + Render.obligation(s)) }
        }
        if !any { Out.print("no obligations") }
    }

    // MARK: - Unit by unit

    static func byUnit(_ reader: ArchiveReader, plan: StoredDocument?, asOf: DocDate, only: ObligationStatus.Status?, json: Bool) throws {
        if let plan {
            let p = try reader.obligations.byUnit(asOf: asOf, plan: plan)
            if json {
                Out.json(Shapes.byUnit(p, plan: Shapes.document(try reader.details(of: plan, asOf: asOf)), asOf: asOf, only: only))
            } else {
                let lines = matrix(p, only: only)
                if lines.isEmpty { Out.print(Render.line(plan)); Out.print("  no units") } else { lines.forEach(Out.print) }
                Out.print(legend)
            }
            return
        }
        if json {
            // {"as_of","plans":[{"plan": header, "units":[…]}]}, written one plan at a time.
            var out = "{\"as_of\":" + JSON.string(asOf.description).serialized() + ",\"plans\":["
            var first = true
            try reader.obligations.forEachPlanByUnit(asOf: asOf) { p in
                let units = p.units.compactMap { Shapes.unit($0, only: only) }
                if units.isEmpty && only != nil { return }
                if !first { out += "," }
                first = false
                out += JSON.object([("plan", Shapes.planHeader(p.plan)), ("units", .array(units))]).serialized()
            }
            out += "]}"
            Out.print(out)
            return
        }
        var any = false
        try reader.obligations.forEachPlanByUnit(asOf: asOf) { p in
            let lines = matrix(p, only: only)
            if lines.isEmpty { return }
            any = true
            lines.forEach(Out.print)
        }
        if any { Out.print(legend) } else { Out.print("no obligations") }
    }

    static let legend = "  ✔ fulfilled (report date)  ! late (report date)  ✘ overdue  · upcoming  ? unscheduled  - not asked of this unit"

    static func mark(_ d: UnitDue) -> String {
        let date = d.reports.first?.date.map { String($0.description.suffix(5)) } ?? ""
        switch d.status {
        case .fulfilled: return "✔ " + date
        case .late: return "! " + date
        case .overdue: return "✘"
        case .upcoming: return "·"
        case .unscheduled: return "?"
        }
    }

    /// A plan's matrix: the plan's line, the due dates as columns (with the letter of the
    /// obligation), a row per unit with a mark per cell, and what each letter stands for. Empty when
    /// no unit has a due date of status `only`.
    static func matrix(_ p: PlanUnits, only: ObligationStatus.Status?) -> [String] {
        let obligations = p.plan.doc.obligations
        func index(_ o: Obligation) -> Int { obligations.firstIndex(of: o) ?? 0 }
        let rows = p.units.filter { u in only == nil || u.dues.contains { $0.status == only } }
        guard !rows.isEmpty else { return [] }
        struct Column: Hashable { let due: String; let obligation: Int }
        var columns = Set<Column>()
        for u in p.units { for d in u.dues { columns.insert(Column(due: d.due?.iso ?? "không hạn", obligation: index(d.obligation))) } }
        let ordered = columns.sorted { ($0.due, $0.obligation) < ($1.due, $1.obligation) }
        let letters = "abcdefghijklmnopqrstuvwxyz"
        func letter(_ i: Int) -> String { i < 26 ? String(letters[letters.index(letters.startIndex, offsetBy: i)]) : String(i + 1) }
        let nameWidth = min(50, (rows.map { $0.unit.count + $0.source.rawValue.count + 3 }.max() ?? 20) + 2)
        let cell = 11
        var out = [Render.line(p.plan)]
        out.append("  " + Render.pad("", nameWidth) + ordered.map { Render.pad($0.due, cell) }.joined())
        out.append("  " + Render.pad("", nameWidth) + ordered.map { Render.pad(letter($0.obligation), cell) }.joined())
        for u in rows {
            var marks: [Column: String] = [:]
            for d in u.dues { marks[Column(due: d.due?.iso ?? "không hạn", obligation: index(d.obligation))] = mark(d) }
            let name = Render.pad(u.unit + " (" + u.source.rawValue + ")", nameWidth)
            out.append("  " + name + ordered.map { Render.pad(marks[$0] ?? "-", cell) }.joined())
        }
        out = out.map { line in
            var l = line
            while l.hasSuffix(" ") { l.removeLast() }
            return l
        }
        let used = Set(ordered.map(\.obligation)).sorted()
        out.append("  " + used.map { "\(letter($0)) \(obligations[$0].what) [\(obligations[$0].recurrence.rawValue)]" }.joined(separator: "; "))
        return out
    }
}

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

    // MARK: - Unit by unit

    static func byUnit(_ reader: ArchiveReader, plan: StoredDocument?, asOf: DocDate, only: ObligationStatus.Status?, json: Bool) throws {
        if let plan {
            let p = try reader.obligations.byUnit(asOf: asOf, plan: plan)
            if json {
                Out.json(Shapes.byUnit(p, plan: Shapes.document(try reader.details(of: plan, asOf: asOf)), asOf: asOf, only: only))
            } else {
                let lines = matrix(p, only: only)
                Out.print("\(lines.isEmpty ? Render.line(plan).plain + "\n  " + tr("không có đơn vị nào", "no units") : lines.joined(separator: "\n"))")
                Out.print("\(legend)")
            }
            return
        }
        if json {
            // {"as_of","plans":[{"plan": header, "units":[…]}]}, written one plan at a time.
            var out = "{\"as_of\":" + JSON.string(asOf.description).serialized() + ",\"plans\":["
            var first = true
            try reader.obligations.forEachPlanByUnit(asOf: asOf) { p in
                if only != nil && !p.units.contains(where: { u in u.dues.contains { $0.status == only } }) { return }
                if !first { out += "," }
                first = false
                Shapes.appendPlanUnits(p, only: only, to: &out)
            }
            out += "]}"
            Out.jsonText(out)
            return
        }
        var any = false
        try reader.obligations.forEachPlanByUnit(asOf: asOf) { p in
            let lines = matrix(p, only: only)
            if lines.isEmpty { return }
            any = true
            Out.print("\(lines.joined(separator: "\n"))")
        }
        if any { Out.print("\(legend)") } else { Out.print("no obligations") }
    }

    static let legend = "  ✔ fulfilled (report date)  ! late (report date)  ✘ overdue  · upcoming  ? unscheduled  - not asked of this unit"

    static let overdueMark = "✘", upcomingMark = "·", unscheduledMark = "?"

    static func mark(_ d: UnitDue) -> String {
        func monthDay(_ x: DocDate?) -> String {
            guard let x, let m = x.month, let day = x.day else { return "" }
            return (m < 10 ? "0" : "") + String(m) + "-" + (day < 10 ? "0" : "") + String(day)
        }
        switch d.status {
        case .fulfilled: return "✔ " + monthDay(d.firstReportDate)
        case .late: return "! " + monthDay(d.firstReportDate)
        case .overdue: return overdueMark
        case .upcoming: return upcomingMark
        case .unscheduled: return unscheduledMark
        }
    }

    /// `s` and spaces up to `width` UTF-16 units (marks, dates and names are one unit a character).
    static func append(_ s: String, width: Int, to out: inout String) {
        out += s
        let n = s.utf16.count
        if n < width { out += spaces[..<spaces.index(spaces.startIndex, offsetBy: min(width - n, spaces.count))] }
    }
    static let spaces = String(repeating: " ", count: 64)

    /// A plan's matrix as lines: the plan's line, the due dates as columns (with the letter of the
    /// obligation), a row per unit with a mark per cell, and what each letter stands for. Empty
    /// when no unit has a due date of status `only`.
    static func matrix(_ p: PlanUnits, only: ObligationStatus.Status?) -> [String] {
        let rows = p.units.filter { u in only == nil || u.dues.contains { $0.status == only } }
        guard !rows.isEmpty else { return [] }
        let plan = p.plan
        let obligations = plan.doc.obligations
        // Columns: (due, obligation), dues in date order, the undated last.
        struct Column: Comparable {
            let key: Int
            let obligation: Int
            static func < (a: Column, b: Column) -> Bool { (a.key, a.obligation) < (b.key, b.obligation) }
        }
        func key(_ d: DocDate?) -> Int { d.map { $0.year * 10_000 + ($0.month ?? 0) * 100 + ($0.day ?? 0) } ?? Int.max }
        var columns: [Column] = []
        var labels: [Int: String] = [:]
        for u in p.units {
            for d in u.dues {
                let c = Column(key: key(d.due), obligation: d.obligationIndex)
                if !columns.contains(c) { columns.append(c); labels[c.key] = d.due?.iso ?? "không hạn" }
            }
        }
        columns.sort()
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        func letter(_ i: Int) -> String { i < 26 ? String(letters[i]) : String(i + 1) }
        let nameWidth = min(50, (rows.map { $0.unit.count + $0.source.rawValue.count + 3 }.max() ?? 20) + 2)
        let cell = 11
        var out = [Render.line(plan).plain]
        var head = "  " + String(repeating: " ", count: nameWidth), letterRow = head
        for (k, c) in columns.enumerated() {
            let last = k == columns.count - 1
            if last { head += labels[c.key] ?? ""; letterRow += letter(c.obligation) } else {
                append(labels[c.key] ?? "", width: cell, to: &head)
                append(letter(c.obligation), width: cell, to: &letterRow)
            }
        }
        out.append(head)
        out.append(letterRow)
        for u in rows {
            var marks = [String](repeating: "-", count: columns.count)
            for d in u.dues {
                if let k = columns.firstIndex(of: Column(key: key(d.due), obligation: d.obligationIndex)) { marks[k] = mark(d) }
            }
            var line = "  "
            append(u.unit + " (" + u.source.rawValue + ")", width: nameWidth, to: &line)
            for (k, m) in marks.enumerated() { if k == marks.count - 1 { line += m } else { append(m, width: cell, to: &line) } }
            out.append(line)
        }
        var used: [Int] = []
        for c in columns where !used.contains(c.obligation) { used.append(c.obligation) }
        used.sort()
        out.append("  " + used.map { "\(letter($0)) \(obligations[$0].what) [\(obligations[$0].recurrence.rawValue)]" }.joined(separator: "; "))
        return out
    }
}

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
                printLines(lines.isEmpty ? [Render.line(plan).plain, "  " + tr("không có đơn vị nào", "no units")] : lines)
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
            printLines(lines)
        }
        if any { Out.print("\(legend)") } else { Out.print("no obligations") }
    }

    static let legend = "  ✔ fulfilled (report date)  ! late (report date)  ✘ overdue  · upcoming  ? unscheduled  - not asked of this unit"

    /// A unit's mark for one due date, appended to `out`; returns its length in UTF-16 units.
    @inline(__always)
    static func appendMark(_ d: UnitDue, to out: inout String) -> Int {
        func monthDay() -> Int {
            guard let x = d.firstReportDate, let m = x.month, let day = x.day else { return 0 }
            let a = twoDigits(m), b = twoDigits(day)
            out += a; out += "-"; out += b
            return a.utf16.count + 1 + b.utf16.count
        }
        switch d.status {
        case .fulfilled: out += "✔ "; return 2 + monthDay()
        case .late: out += "! "; return 2 + monthDay()
        case .overdue: out += "✘"; return 1
        case .upcoming: out += "·"; return 1
        case .unscheduled: out += "?"; return 1
        }
    }

    /// `07`, `12` (a month or a day).
    static func twoDigits(_ n: Int) -> String { n >= 0 && n < 100 ? twoDigitStrings[n] : String(n) }
    static let twoDigitStrings = (0..<100).map { ($0 < 10 ? "0" : "") + String($0) }

    /// Spaces after `n` UTF-16 units of a cell `width` wide (at most 64).
    @inline(__always)
    static func pad(_ n: Int, width: Int, to out: inout String) {
        if n < width { out += spaces[min(width - n, spaces.count - 1)] }
    }
    static let spaces = (0...64).map { String(repeating: " ", count: $0) }

    /// A plan's matrix as lines: the plan's line, the due dates as columns (with the letter of the
    /// obligation), a row per unit with a mark per cell, and what each letter stands for. Empty
    /// when no unit has a due date of status `only`.
    static func matrix(_ p: PlanUnits, only: ObligationStatus.Status?) -> [String] {
        let m = UnitMatrix(p, only: only)
        guard !m.rows.isEmpty else { return [] }
        let obligations = p.plan.doc.obligations
        let nameWidth = min(50, (m.rows.lazy.map { p.units[$0].unit.count + p.units[$0].source.rawValue.count + 3 }.max() ?? 20) + 2)
        let cell = 11
        let last = m.columns.count - 1
        var out = [Render.line(p.plan).plain]
        out.reserveCapacity(m.rows.count + 4)
        var head = "  " + spaces[nameWidth], letterRow = head
        for (k, c) in m.columns.enumerated() {
            let label = c.due?.iso ?? "không hạn", letter = UnitMatrix.letter(c.obligation)
            head += label
            letterRow += letter
            if k != last {
                pad(label.utf16.count, width: cell, to: &head)
                pad(letter.utf16.count, width: cell, to: &letterRow)
            }
        }
        out.append(head)
        out.append(letterRow)
        for r in m.rows.indices {
            let u = m.unit(r), dues = u.dues
            var line = "  "
            line.reserveCapacity(2 + nameWidth + cell * m.columns.count)
            let name = u.unit + " (" + u.source.rawValue + ")"
            line += name
            pad(name.utf16.count, width: nameWidth, to: &line)
            for k in m.columns.indices {
                let n: Int
                if let i = m.cell(r, k) { n = appendMark(dues[i], to: &line) } else { line += "-"; n = 1 }
                if k != last { pad(n, width: cell, to: &line) }
            }
            out.append(line)
        }
        out.append("  " + m.obligations.map { "\(UnitMatrix.letter($0)) \(obligations[$0].what) [\(obligations[$0].recurrence.rawValue)]" }.joined(separator: "; "))
        return out
    }

    /// Lines of a matrix on stdout, each its own line, not wrapped (a wrapped row loses its columns).
    static func printLines(_ lines: [String]) {
        for l in lines { Out.print("\(l)", wrap: false) }
    }
}

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
        if json {
            Out.jsonText(try Shapes.byUnitJSON(reader, plan: plan, asOf: asOf, only: only))
            return
        }
        if let plan {
            let p = try reader.obligations.byUnit(asOf: asOf, plan: plan)
            let lines = matrix(p, only: only)
            Out.printLines(lines.isEmpty ? Render.line(plan).plain + "\n  " + tr("không có đơn vị nào", "no units") : lines)
            Out.print("\(legend)")
            return
        }
        var any = false
        try reader.obligations.forEachPlanByUnit(asOf: asOf) { p in
            let lines = matrix(p, only: only)
            if lines.isEmpty { return }
            any = true
            Out.printLines(lines)
        }
        if any { Out.print("\(legend)") } else { Out.print("no obligations") }
    }

    static let legend = "  ✔ fulfilled (report date)  ! late (report date)  ✘ overdue  · upcoming  ? unscheduled  - not asked of this unit"

    /// A unit's mark for one due date: `✔ 05-17`, `! 06-26`, `✘`, `·`, `?`.
    static func mark(_ d: UnitDue) -> String {
        switch d.status {
        case .overdue: return "✘"
        case .upcoming: return "·"
        case .unscheduled: return "?"
        case .fulfilled, .late:
            guard let x = d.firstReportDate, let m = x.month, let day = x.day else { return d.status == .late ? "! " : "✔ " }
            return (d.status == .late ? "! " : "✔ ") + twoDigits(m) + "-" + twoDigits(day)
        }
    }

    /// A cell of the matrix: its mark, padded to the cell's width unless it ends the row (the marks
    /// of the dates of a year made once: a whole-archive matrix has hundreds of thousands of cells).
    static func cellText(_ d: UnitDue, last: Bool) -> String {
        let which = last ? 1 : 0
        switch d.status {
        case .overdue: return plainMarks[0][which]
        case .upcoming: return plainMarks[1][which]
        case .unscheduled: return plainMarks[2][which]
        case .fulfilled, .late:
            if let x = d.firstReportDate, let m = x.month, let day = x.day, (1...12).contains(m), (1...31).contains(day) {
                return datedMarks[(d.status == .late ? 1 : 0) * 416 + m * 32 + day][which]
            }
            let s = mark(d)
            return last ? s : padded(s, width: cellWidth)
        }
    }

    static let cellWidth = 11
    /// `[padded, as is]` of `✘`, `·`, `?` and `-` (not asked of this unit).
    static let plainMarks: [[String]] = ["✘", "·", "?", "-"].map { [padded($0, width: cellWidth), $0] }
    /// `[padded, as is]` of `✔ MM-DD` (index `m * 32 + d`) and `! MM-DD` (416 + …).
    static let datedMarks: [[String]] = ["✔ ", "! "].flatMap { head in
        (0..<416).map { k -> [String] in
            let s = head + twoDigits(k / 32) + "-" + twoDigits(k % 32)
            return [padded(s, width: cellWidth), s]
        }
    }

    /// `07`, `12` (a month or a day).
    static func twoDigits(_ n: Int) -> String { n >= 0 && n < 100 ? twoDigitStrings[n] : String(n) }
    static let twoDigitStrings = (0..<100).map { ($0 < 10 ? "0" : "") + String($0) }

    /// `s` and spaces up to `width` UTF-16 units (marks, dates and names are one unit a character),
    /// at most 64 of them.
    static func padded(_ s: String, width: Int) -> String {
        var out = s
        pad(s.utf16.count, width: width, to: &out)
        return out
    }

    /// Spaces after `n` UTF-16 units of a cell `width` wide (at most 64).
    @inline(__always)
    static func pad(_ n: Int, width: Int, to out: inout String) {
        if n < width { out += spaces[min(width - n, spaces.count - 1)] }
    }
    static let spaces = (0...64).map { String(repeating: " ", count: $0) }

    /// Characters of a name as `String.count` counts them, without walking grapheme clusters when
    /// no scalar can join another (Vietnamese letters precomposed, as names are stored).
    static func characters(_ s: String) -> Int {
        var n = 0
        for u in s.unicodeScalars {
            let v = u.value
            guard v >= 0x20 && v < 0x300 || v >= 0x1E00 && v <= 0x1EFF else { return s.count }
            n += 1
        }
        return n
    }

    /// A plan's matrix as lines joined by newlines: the plan's line, the due dates as columns (with
    /// the letter of the obligation), a row per unit with a mark per cell, and what each letter
    /// stands for. Empty when no unit has a due date of status `only`.
    static func matrix(_ p: PlanUnits, only: ObligationStatus.Status?) -> String {
        let m = UnitMatrix(p, only: only)
        guard !m.rows.isEmpty else { return "" }
        let plan = p.plan
        let obligations = plan.doc.obligations
        let nameWidth = min(50, (m.rows.lazy.map { characters(p.units[$0].unit) + p.units[$0].source.rawValue.count + 3 }.max() ?? 20) + 2)
        let cell = cellWidth
        let last = m.columns.count - 1
        var out = Render.line(plan).plain
        out.reserveCapacity(out.utf8.count + (m.rows.count + 2) * (4 + 2 * nameWidth + 16 * m.columns.count) + 64 * obligations.count)
        var head = "\n  " + spaces[nameWidth], letterRow = head
        for (k, c) in m.columns.enumerated() {
            let label = c.due?.iso ?? "không hạn", letter = UnitMatrix.letter(c.obligation)
            head += label
            letterRow += letter
            if k != last {
                pad(label.utf16.count, width: cell, to: &head)
                pad(letter.utf16.count, width: cell, to: &letterRow)
            }
        }
        out += head
        out += letterRow
        for r in m.rows.indices {
            let u = m.unit(r), dues = u.dues
            // Data escaped here (a name with a newline stays on its row); the block's own newlines
            // are the rows'.
            let name = Out.escaped(u.unit + " (" + u.source.rawValue + ")")
            out += "\n  "
            out += name
            pad(name.utf16.count, width: nameWidth, to: &out)
            for k in m.columns.indices {
                if let i = m.cell(r, k) { out += cellText(dues[i], last: k == last) } else { out += plainMarks[3][k == last ? 1 : 0] }
            }
        }
        out += "\n  " + m.obligations.map { Out.escaped("\(UnitMatrix.letter($0)) \(obligations[$0].what) [\(obligations[$0].recurrence.rawValue)]") }.joined(separator: "; ")
        return out
    }
}

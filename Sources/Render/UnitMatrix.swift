import Archive
import Documents

/// A plan's obligations unit by unit laid out as a matrix, as every front end shows it (the CLI's
/// `obligations --by-unit`, the web board): units as rows, due dates as columns (each column one
/// due date of one obligation, in date order, the undated last), a cell per unit and column.
public struct UnitMatrix {
    /// One due date of one obligation.
    public struct Column: Sendable {
        public let due: DocDate?
        /// The obligation's index in the plan's `doc.obligations`.
        public let obligation: Int
        /// `yyyymmdd` of the due date (`Int.max` for none): the column order.
        let key: Int
        static func < (a: Column, b: Column) -> Bool { (a.key, a.obligation) < (b.key, b.obligation) }
    }

    public let plan: PlanUnits
    /// The due dates of every obligation that binds a unit of the plan (a column stays when the
    /// rows kept leave it empty), in date order, then by obligation, the undated last.
    public let columns: [Column]
    /// The units shown, as indices into `plan.units`: every unit, or those with a due date of the
    /// status asked for.
    public let rows: [Int]
    /// Row-major, `rows.count × columns.count`: the index of the cell's due in the row's unit's
    /// `dues`, or -1 where the obligation does not bind that unit.
    let cellIndex: [Int32]

    /// The matrix of `p`; only the units with a due date of status `only` when given.
    public init(_ p: PlanUnits, only: ObligationStatus.Status? = nil) {
        plan = p
        var rows: [Int] = []
        var used = [Bool](repeating: false, count: p.occurrences.count)
        for (u, unit) in p.units.enumerated() {
            if only == nil || unit.dues.contains(where: { $0.status == only }) { rows.append(u) }
            for d in unit.dues { used[d.occurrence] = true }
        }
        self.rows = rows
        var order: [(column: Column, occurrence: Int)] = []
        for (k, o) in p.occurrences.enumerated() where used[k] {
            order.append((Column(due: o.due, obligation: o.obligation, key: UnitMatrix.key(o.due)), k))
        }
        order.sort { $0.column < $1.column }
        columns = order.map(\.column)
        var columnOf = [Int](repeating: -1, count: p.occurrences.count)
        for (c, o) in order.enumerated() { columnOf[o.occurrence] = c }
        let n = order.count
        var cells = [Int32](repeating: -1, count: rows.count * n)
        for (r, u) in rows.enumerated() {
            for (k, d) in p.units[u].dues.enumerated() { cells[r * n + columnOf[d.occurrence]] = Int32(k) }
        }
        cellIndex = cells
    }

    /// The unit of row `r`.
    public func unit(_ r: Int) -> UnitStatuses { plan.units[rows[r]] }

    /// Row `r`, column `k`: the index of that unit's due date in its `dues`, or nil when the
    /// obligation does not bind it.
    public func cell(_ r: Int, _ k: Int) -> Int? {
        let i = cellIndex[r * columns.count + k]
        return i < 0 ? nil : Int(i)
    }

    /// The obligations that have a column, by index, each once, in order.
    public var obligations: [Int] {
        var used: [Int] = []
        for c in columns where !used.contains(c.obligation) { used.append(c.obligation) }
        return used.sorted()
    }

    /// The column's letter: `a` for the plan's first obligation, … `z`, then `27`, `28`…
    public static func letter(_ obligation: Int) -> String {
        obligation < 26 ? String(UnicodeScalar(UInt8(0x61 + obligation))) : String(obligation + 1)
    }

    static func key(_ d: DocDate?) -> Int { d.map { $0.year * 10_000 + ($0.month ?? 0) * 100 + ($0.day ?? 0) } ?? Int.max }
}

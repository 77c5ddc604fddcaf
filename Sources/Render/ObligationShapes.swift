import Archive
import Documents

extension Shapes {
    /// A report as a status lists it: `{"id","file","index_in_file","number","date"}`.
    public static func report(_ r: StoredDocument) -> JSON {
        .object([("id", .string(r.id)), ("file", .string(r.file)), ("index_in_file", .int(r.indexInFile)),
                 ("number", .str(r.number)), ("date", .str(r.date?.iso))])
    }

    /// One unit of a plan: `{"unit","source","obligations":[{"what","due","recurrence","status","reports"}]}`;
    /// only the due dates of status `only` when given (nil when none is left).
    public static func unit(_ u: UnitStatuses, only: ObligationStatus.Status? = nil) -> JSON? {
        let dues = u.dues.filter { only == nil || $0.status == only }
        if dues.isEmpty && only != nil { return nil }
        return .object([
            ("unit", .string(u.unit)), ("source", .string(u.source.rawValue)),
            ("obligations", .array(dues.map { d in
                .object([("what", .string(d.obligation.what)), ("due", .str(d.due?.iso)), ("recurrence", .string(d.obligation.recurrence.rawValue)),
                         ("status", .string(d.status.rawValue)), ("reports", .array(d.reports.map(report)))])
            })),
        ])
    }

    /// `obligations --plan REF --by-unit --json`: `{"plan": document, "as_of", "units": […]}`.
    public static func byUnit(_ p: PlanUnits, plan: JSON, asOf: DocDate, only: ObligationStatus.Status? = nil) -> JSON {
        .object([("plan", plan), ("as_of", .string(asOf.description)), ("units", .array(p.units.compactMap { unit($0, only: only) }))])
    }

    /// `obligations --by-unit --json` as one line: one plan's (`byUnit`), or, without `plan`, the
    /// whole archive's `{"as_of","plans":[{"plan": header, "units":[…]}]}`, written one plan at a
    /// time; only the units with a due date of status `only` when given.
    public static func byUnitJSON(_ reader: ArchiveReader, plan: StoredDocument?, asOf: DocDate, only: ObligationStatus.Status?) throws(ArchiveError) -> String {
        if let plan {
            let p = try reader.obligations.byUnit(asOf: asOf, plan: plan)
            return byUnit(p, plan: document(try reader.details(of: plan, asOf: asOf)), asOf: asOf, only: only).serialized()
        }
        var out = "{\"as_of\":" + JSON.string(asOf.description).serialized() + ",\"plans\":["
        var first = true
        try reader.obligations.forEachPlanByUnit(asOf: asOf) { p in
            if only != nil && !p.units.contains(where: { u in u.dues.contains { $0.status == only } }) { return }
            if !first { out += "," }
            first = false
            appendPlanUnits(p, only: only, to: &out)
        }
        return out + "]}"
    }

    /// One plan of the whole-archive `--by-unit --json`, written straight into `out` (the whole
    /// archive has tens of thousands of units): `{"plan": {"id","file","index_in_file","number",
    /// "type","issuer","date"}, "units": [unit]}`, units as `unit(_:only:)` writes them.
    public static func appendPlanUnits(_ p: PlanUnits, only: ObligationStatus.Status?, to out: inout String) {
        func str(_ s: String?) { if let s { JSON.escape(s, into: &out) } else { out += "null" } }
        let plan = p.plan
        out += "{\"plan\":{\"id\":"; str(plan.id)
        out += ",\"file\":"; str(plan.file)
        out += ",\"index_in_file\":" + String(plan.indexInFile)
        out += ",\"number\":"; str(plan.number)
        out += ",\"type\":"; str(plan.type)
        out += ",\"issuer\":"; str(plan.doc.issuer)
        out += ",\"date\":"; str(plan.date?.iso)
        out += "},\"units\":["
        var firstUnit = true
        for u in p.units {
            if only != nil && !u.dues.contains(where: { $0.status == only }) { continue }
            if !firstUnit { out += "," }
            firstUnit = false
            out += "{\"unit\":"; str(u.unit)
            out += ",\"source\":"; str(u.source.rawValue)
            out += ",\"obligations\":["
            var firstDue = true
            for d in u.dues where only == nil || d.status == only {
                if !firstDue { out += "," }
                firstDue = false
                let o = d.obligation
                out += "{\"what\":"; str(o.what)
                out += ",\"due\":"; str(d.due?.iso)
                out += ",\"recurrence\":"; str(o.recurrence.rawValue)
                out += ",\"status\":"; str(d.status.rawValue)
                out += ",\"reports\":["
                for (k, r) in d.reports.enumerated() {
                    if k > 0 { out += "," }
                    out += "{\"id\":"; str(r.id)
                    out += ",\"file\":"; str(r.file)
                    out += ",\"index_in_file\":" + String(r.indexInFile)
                    out += ",\"number\":"; str(r.number)
                    out += ",\"date\":"; str(r.date?.iso)
                    out += "}"
                }
                out += "]}"
            }
            out += "]}"
        }
        out += "]}"
    }
}

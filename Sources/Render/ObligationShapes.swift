import Archive
import Documents

extension Shapes {
    /// A report as a status lists it: `{"id","file","index_in_file","number","date"}`.
    public static func report(_ r: StoredDocument) -> JSON {
        .object([("id", .string(r.id)), ("file", .string(r.file)), ("index_in_file", .int(r.indexInFile)),
                 ("number", .str(r.number)), ("date", .str(r.date?.iso))])
    }

    /// A plan as the whole-archive `--by-unit` lists it (what the obligations table keeps):
    /// `{"id","file","index_in_file","number","type","issuer","date"}`.
    public static func planHeader(_ d: StoredDocument) -> JSON {
        .object([("id", .string(d.id)), ("file", .string(d.file)), ("index_in_file", .int(d.indexInFile)),
                 ("number", .str(d.number)), ("type", .str(d.type)), ("issuer", .str(d.doc.issuer)), ("date", .str(d.date?.iso))])
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
}

import Documents
import Foundation
import VietText

/// One due date of an obligation (a recurring obligation has one per period) and what answered it.
///
/// The plan and the reports are held by reference (`DocumentRef`): a whole-archive answer has tens
/// of thousands of occurrences naming a few thousand documents, and a `StoredDocument` is large.
public struct ObligationStatus {
    public enum Status: String, Sendable { case fulfilled, late, overdue, upcoming, unscheduled }
    var planRef: DocumentRef
    public var plan: StoredDocument {
        get { planRef.doc }
        set { planRef = DocumentRef(newValue) }
    }
    public var obligation: Obligation
    /// This occurrence's due date (nil for unscheduled duties).
    public var due: DocDate?
    public var status: Status
    var reportRefs: [DocumentRef]
    /// Reports (or plans, for an obligation to make a plan) that fulfil this occurrence, oldest
    /// first (an array made on each read).
    public var reports: [StoredDocument] {
        get { reportRefs.map(\.doc) }
        set { reportRefs = newValue.map(DocumentRef.init) }
    }

    init(plan: DocumentRef, obligation: Obligation, due: DocDate?, status: Status, reports: [DocumentRef]) {
        self.planRef = plan; self.obligation = obligation; self.due = due; self.status = status; self.reportRefs = reports
    }

    init(plan: StoredDocument, obligation: Obligation, due: DocDate?, status: Status, reports: [StoredDocument]) {
        self.init(plan: DocumentRef(plan), obligation: obligation, due: due, status: status, reports: reports.map(DocumentRef.init))
    }
}

/// A document held once and referenced, not copied, by the statuses that name it.
final class DocumentRef {
    let doc: StoredDocument
    init(_ doc: StoredDocument) { self.doc = doc }
}

/// A report that answers a plan, with whether it met the plan's deadline.
public struct Answer {
    public var report: StoredDocument
    public var relation: Relation
    /// The due date it was matched to, and whether it arrived by then (nil when no deadline applies).
    public var due: DocDate?
    public var onTime: Bool?
}

/// One unit's status for one due date of an obligation, and its reports that answer it.
public struct UnitDue {
    /// The plan (held by reference: a whole-archive answer has hundreds of thousands of these, and
    /// an obligation copied into each cost as much as the rest of the answer).
    let planRef: DocumentRef
    /// The obligation (read from the plan).
    public var obligation: Obligation { planRef.doc.doc.obligations[obligationIndex] }
    /// The obligation's index in its plan's `doc.obligations`.
    public let obligationIndex: Int
    /// The index of this due date in the plan's `PlanUnits.occurrences`.
    public let occurrence: Int
    /// This occurrence's due date (nil for unscheduled duties).
    public let due: DocDate?
    public let status: ObligationStatus.Status
    let reportRefs: [DocumentRef]
    /// The unit's reports matched to this due date, oldest first.
    public var reports: [StoredDocument] { reportRefs.map(\.doc) }
    /// The date of the first of them (without copying the reports).
    public var firstReportDate: DocDate? { reportRefs.first?.doc.date }
}

/// A unit a plan binds: where it came from, and its status for every due date of the obligations
/// that bind it.
public struct UnitStatuses {
    public var unit: String
    public var source: BoundUnit.Source
    public var dues: [UnitDue]
}

/// A plan's obligations unit by unit.
public struct PlanUnits {
    var planRef: DocumentRef
    public var plan: StoredDocument { planRef.doc }
    public var units: [UnitStatuses]
    /// Every due date of the plan's obligations up to the as-of date (`UnitDue.occurrence` indexes
    /// it): the obligation's index and the date, by obligation, then date. Each unit an obligation
    /// binds has a `UnitDue` for each of that obligation's.
    public let occurrences: [(obligation: Int, due: DocDate?)]
}

extension ObligationService {
    /// Every obligation occurrence with its status as of `asOf` (see `forEachDue` for how far
    /// recurrences go).
    ///
    /// Over the whole archive (no `plan`) the statuses come from the obligations table
    /// (`ObligationTable`) when the revision is known: their `plan` and `reports` are then the
    /// documents' headers (id, file, number, type, issuer, date, and the plan's obligations), without
    /// text, subject or references; `load(docid)` reads a whole one.
    public func statuses(asOf: DocDate, plan: StoredDocument? = nil) throws(ArchiveError) -> [ObligationStatus] {
        if plan == nil, let table = try locked({ () throws(ArchiveError) in try obligationTable(build: true) }) { return table.statuses(asOf: asOf) }
        var out: [ObligationStatus] = []
        try forEachPlan(plan) { facts in facts.statuses(asOf: asOf, into: &out) }
        return out
    }

    /// The statuses of each plan in turn (the whole archive's, or `plan`'s), for output that need
    /// not hold them all at once.
    public func forEachStatus(asOf: DocDate, plan: StoredDocument? = nil, _ body: ([ObligationStatus]) -> Void) throws(ArchiveError) {
        try forEachPlan(plan) { facts in
            var out: [ObligationStatus] = []
            facts.statuses(asOf: asOf, into: &out)
            body(out)
        }
    }

    /// A plan's obligations unit by unit as of `asOf`.
    public func byUnit(asOf: DocDate, plan: StoredDocument) throws(ArchiveError) -> PlanUnits {
        var result: PlanUnits?
        try forEachPlan(plan) { facts in result = facts.byUnit(asOf: asOf) }
        return result!
    }

    /// Every plan's obligations unit by unit as of `asOf`, in the order of `statuses(asOf:)`.
    public func forEachPlanByUnit(asOf: DocDate, _ body: (PlanUnits) -> Void) throws(ArchiveError) {
        try forEachPlan(nil) { facts in body(facts.byUnit(asOf: asOf)) }
    }

    /// The facts of `plan`, or of every plan in output order (by date, then id): from the
    /// obligations table of this revision when there is one (built if missing), so that no stored
    /// document is decoded, else from the documents.
    func forEachPlan(_ plan: StoredDocument?, _ body: (Archive.PlanFacts) -> Void) throws(ArchiveError) {
        reader.lock.lock(); defer { reader.lock.unlock() }
        if let plan { body(try planFacts(of: plan)); return }
        if let table = try obligationTable(build: true) {
            for p in table.plans { body(p) }
            return
        }
        // The whole archive: worth building the citation table if it is missing.
        let before = resolutionCache.mayBuildTable
        resolutionCache.mayBuildTable = true
        defer { resolutionCache.mayBuildTable = before }
        for p in try documents(withTerm: Schema.hasObligations + "yes").sorted(by: Archive.dateIDLess) {
            body(try planFacts(of: p))
        }
    }

    /// The reports that answer a plan (reports that carry it out), each with its deadline check.
    public func answers(to plan: StoredDocument) throws(ArchiveError) -> [Answer] {
        reader.lock.lock(); defer { reader.lock.unlock() }
        let citers = try directCiters(of: .document(plan))
        // Match against every occurrence up to the latest answer.
        let latest = citers.compactMap { $0.0.date }.max() ?? plan.date ?? DocDate(year: 2000, month: 1, day: 1)
        let occ = try statuses(of: plan, asOf: latest)
        var answers: [Answer] = []
        for (doc, ref) in citers where Archive.isReport(doc) && ref.relation == .implements {
            let matched = occ.first { $0.reports.contains { $0.id == doc.id } }
            var onTime: Bool? = nil
            if let due = matched?.due, let d = doc.date, d.day != nil { onTime = d <= due }
            answers.append(Answer(report: doc, relation: ref.relation, due: matched?.due, onTime: onTime))
        }
        return answers
    }

    /// Occurrences of a plan's obligations with the documents matched to them.
    func statuses(of plan: StoredDocument, asOf: DocDate) throws(ArchiveError) -> [ObligationStatus] {
        var out: [ObligationStatus] = []
        try planFacts(of: plan).statuses(asOf: asOf, into: &out)
        return out
    }
}

extension Archive {
    static func isReport(_ d: StoredDocument) -> Bool {
        (d.type ?? d.number.flatMap(DocumentNumber.typeCode(of:))) == "BC"
    }

    /// How far a recurring obligation is followed: its due dates up to the first after the as-of
    /// date, but never more than this many years after its first due date (a plan's regime does
    /// not outlive it for ever, and `--as-of 9999-12-31` must stay small).
    static let recurrenceHorizonYears = 10

    /// The due dates of an obligation's occurrences up to the first after `asOf` and within the
    /// horizon (one nil for an obligation without a full due date).
    @inline(__always) static func forEachDue(of o: Obligation, asOf: DocDate, _ body: (DocDate?) -> Void) {
        guard let first = o.due, first.day != nil else { body(nil); return }
        let horizon = first.addingMonths(12 * recurrenceHorizonYears)
        var due = first
        while true {
            body(due)
            guard let step = o.recurrence.monthsBetween, !Archive.dateLess(asOf, due) else { break }
            due = due.addingMonths(step)
            if Archive.dateLess(horizon, due) { break }
        }
    }
}

import Documents
import Foundation
import VietText

// What matching reads from a plan and the documents that answer it, none of which depends on the
// as-of date, and the matching itself. A document answers an obligation when, in this order:
//
// 1. it answers the plan: it carries it out or relies on it ("Thực hiện …", "Căn cứ …"), or names
//    it in its title; a mention elsewhere counts only from a unit the duty names; a reminder letter
//    (đôn đốc) never answers, and a duty to report takes only reports, a duty to plan only plans;
// 2. its issuer is one of the obligation's units (see `planFacts(of:)`: named in the duty's
//    sentence, or in a class the duty names, resolved against the plan's Kính gửi / Nơi nhận, else
//    the roster `units.tsv`, else the units that answered the plan);
// 3. the period it says it covers ("quý I", "6 tháng đầu năm 2026", "năm 2026", "sơ kết", a month)
//    is the occurrence's (a report naming another period never answers it);
// 4. then the words of what is asked found in its title;
// 5. then the due date nearest after its date (or, late, the one it is least late for).

extension Archive {
    /// A unit a plan binds, with the strongest source any of its obligations binds it by.
    struct PlanUnit: Equatable {
        var name: String
        var source: BoundUnit.Source
    }

    /// (A class: the whole archive's table holds thousands, handed from the table to the callers
    /// one at a time without copying their nine arrays.)
    final class PlanFacts {
        init(plan: DocumentRef, oncePeriods: [Period?], units: [PlanUnit], obligationUnits: [[Int32]], responders: [DocumentRef],
             periods: [Period?], responderUnits: [Int32], base: [Int32]) {
            self.plan = plan; self.oncePeriods = oncePeriods; self.units = units; self.obligationUnits = obligationUnits
            self.responders = responders; self.periods = periods; self.responderUnits = responderUnits; self.base = base
        }

        /// The plan (from the obligations table: its header and obligations, see `ObligationTable`).
        var plan: DocumentRef
        /// For an obligation due once (by index): the period it asks for (`period(of:due:)`, read
        /// from `what`); nil otherwise.
        var oncePeriods: [Period?]
        /// The units the plan binds, each once: named, then from its lists, the roster, the answers.
        var units: [PlanUnit]
        /// Per obligation, the indices of its units in `units`, in that order.
        var obligationUnits: [[Int32]]
        /// Documents that answer the plan, from other issuers, in `directCiters` order (from the
        /// table: headers).
        var responders: [DocumentRef]
        /// The period each responder covers (`period(ofReport:)`).
        var periods: [Period?]
        /// The unit each responder reports for (an index into `units`, or -1).
        var responderUnits: [Int32]
        /// Row r, column i (`r * obligations + i`): how many words of obligation i's `what` responder
        /// r's title holds, or `PlanFacts.cannot` when it cannot answer obligation i.
        var base: [Int32]

        static let cannot = Int32.min

        /// One due date of an obligation and the responders matched to it.
        struct Occurrence {
            var index: Int
            var due: DocDate?
            var period: Period?
            var reports: [Int] = []
        }

        /// The occurrences of the plan's obligations up to `asOf` (see `forEachDue`), each responder
        /// dated by then matched to the one it fits best (rules 3 to 5; 1 and 2 are in `base`).
        func occurrences(asOf: DocDate) -> [Occurrence] {
            let obligations = plan.doc.doc.obligations
            var occs: [Occurrence] = []
            for (i, o) in obligations.enumerated() {
                Archive.forEachDue(of: o, asOf: asOf) { due in
                    guard let due else { occs.append(Occurrence(index: i, due: nil, period: nil)); return }
                    occs.append(Occurrence(index: i, due: due, period: o.recurrence == .once ? oncePeriods[i] : Archive.period(of: o, due: due)))
                }
            }
            let n = obligations.count
            for (r, doc) in responders.enumerated() {
                guard let date = doc.doc.date, date.day != nil, !Archive.dateLess(asOf, date) else { continue }
                let docPeriod = periods[r]
                let docDay = Archive.dayNumber(date)
                var best: (tier: Int, words: Int32, closeness: Int, at: Int)? = nil
                for (k, occ) in occs.enumerated() {
                    guard let due = occ.due else { continue }
                    let words = base[r * n + occ.index]
                    if words == PlanFacts.cannot { continue }
                    let tier: Int
                    if let dp = docPeriod, let op = occ.period {
                        guard dp == op else { continue }
                        tier = 2
                    } else {
                        tier = docPeriod != nil ? 1 : 0
                    }
                    // Without a period, the first due date on or after the document's date fits best.
                    let days = Archive.dayNumber(due) - docDay
                    let closeness = -(days >= 0 ? min(days, 400) / 30 : 20 + min(-days, 400) / 15)
                    if let b = best, (b.tier, b.words, b.closeness) >= (tier, words, closeness) { continue }
                    best = (tier, words, closeness, k)
                }
                if let b = best { occs[b.at].reports.append(r) }
            }
            for k in occs.indices {
                occs[k].reports.sort { Archive.dateLess(responders[$0].doc.date ?? DocDate(year: 0), responders[$1].doc.date ?? DocDate(year: 0)) }
            }
            return occs
        }

        /// Status of one due date given the reports that answer it.
        static func status(due: DocDate?, asOf: DocDate, reportDates: some Sequence<DocDate?>) -> ObligationStatus.Status {
            guard let due else { return .unscheduled }
            var any = false
            for d in reportDates {
                any = true
                if let d, !Archive.dateLess(due, d) { return .fulfilled }
            }
            if any { return .late }
            return Archive.dateLess(due, asOf) ? .overdue : .upcoming
        }

        /// Worse first: a unit that still owes a past report, one that owes a coming one, one late.
        static func severity(_ s: ObligationStatus.Status) -> Int {
            switch s {
            case .fulfilled, .unscheduled: return 0
            case .late: return 1
            case .upcoming: return 2
            case .overdue: return 3
            }
        }

        /// Appends the plan's occurrences with their statuses as of `asOf`. An occurrence holds every
        /// report matched to it; its status is the worst of the units the plan binds (named, from its
        /// lists or the roster), or, when it binds none by name (units known only from their answers),
        /// fulfilled as soon as one report came in time.
        func statuses(asOf: DocDate, into out: inout [ObligationStatus]) {
            let obligations = plan.doc.doc.obligations
            // Per obligation, the units it binds by name, list or roster (most plans: none).
            let boundUnits: [[Int32]] = obligationUnits.map { us in
                us.contains { units[Int($0)].source != .answered } ? us.filter { units[Int($0)].source != .answered } : []
            }
            for occ in occurrences(asOf: asOf) {
                var reports: [DocumentRef] = []
                reports.reserveCapacity(occ.reports.count)
                for r in occ.reports { reports.append(responders[r]) }
                let bound = boundUnits[occ.index]
                let status: ObligationStatus.Status
                if bound.isEmpty || occ.due == nil {
                    status = PlanFacts.status(due: occ.due, asOf: asOf, reportDates: reports.lazy.map { $0.doc.date })
                } else {
                    var worst = ObligationStatus.Status.fulfilled
                    for u in bound {
                        let s = PlanFacts.status(due: occ.due, asOf: asOf,
                                                 reportDates: occ.reports.lazy.filter { self.responderUnits[$0] == u }.map { self.responders[$0].doc.date })
                        if PlanFacts.severity(s) > PlanFacts.severity(worst) { worst = s }
                    }
                    status = worst
                }
                out.append(ObligationStatus(plan: plan, obligation: obligations[occ.index], due: occ.due, status: status, reports: reports))
            }
        }

        /// The plan's units, each with its status for every due date of the obligations that bind it.
        func byUnit(asOf: DocDate) -> PlanUnits {
            let occs = occurrences(asOf: asOf)
            var out: [UnitStatuses] = []
            out.reserveCapacity(units.count)
            for (u, unit) in units.enumerated() {
                let u32 = Int32(u)
                var dues: [UnitDue] = []
                dues.reserveCapacity(occs.count)
                for (k, occ) in occs.enumerated() where obligationUnits[occ.index].contains(u32) {
                    var mine: [DocumentRef] = []
                    for r in occ.reports where responderUnits[r] == u32 { mine.append(responders[r]) }
                    let status = PlanFacts.status(due: occ.due, asOf: asOf, reportDates: mine.lazy.map { $0.doc.date })
                    dues.append(UnitDue(planRef: plan, obligationIndex: occ.index, occurrence: k, due: occ.due, status: status, reportRefs: mine))
                }
                out.append(UnitStatuses(unit: unit.name, source: unit.source, dues: dues))
            }
            return PlanUnits(planRef: plan, units: out, occurrences: occs.map { ($0.index, $0.due) })
        }
    }

    /// What a duty asks for, read from its `what`: a report takes reports, a plan takes plans,
    /// anything else ("hồ sơ", "danh mục") takes any document but a report.
    enum Kind {
        case report, plan, other
        func accepts(type: String) -> Bool {
            switch self {
            case .report: return type == "BC"
            case .plan: return type == "KH"
            case .other: return type != "BC"
            }
        }
    }

    static func kind(folded w: String) -> Kind {
        if w.contains("bao cao") { return .report }
        if w.hasPrefix("ke hoach") || w.contains(" ke hoach") { return .plan }
        return .other
    }

    /// What obligation matching reads from a responding document, computed once per document.
    struct DocFacts {
        /// Type code (`BC`, `KH`, …; "" when unknown).
        var type: String
        /// Folded title words less the stop words of `overlapWords`.
        var subjectWords: Set<Substring>
        /// The period the document covers (`period(ofReport:)`).
        var period: Period?
        /// A reminder letter ("V/v đôn đốc …"): it cites the plan but answers nothing.
        var reminder: Bool
    }

    static let overlapStop: Set<Substring> = ["bao", "cao", "ket", "qua", "thuc", "hien", "va", "cua", "cac", "ve", "nam", "thang"]

    /// Words of a reminder's title ("đôn đốc", "nhắc nhở", "chấn chỉnh việc chậm báo cáo").
    static func isReminder(folded subject: String) -> Bool {
        subject.contains("don doc") || subject.contains("nhac nho") || subject.contains("cham bao cao") || subject.contains("cham gui bao cao")
    }
}

extension ObligationService {
    func facts(_ d: StoredDocument) -> Archive.DocFacts {
        if let f = resolutionCache.facts[d.docid], d.docid != 0 { return f }
        let subject = VietText.fold(d.doc.subject ?? "")
        let f = Archive.DocFacts(type: d.type ?? d.number.flatMap(DocumentNumber.typeCode(of:)) ?? "",
                                 subjectWords: overlapWords(d.doc.subject ?? ""), period: Archive.period(ofReport: d),
                                 reminder: Archive.isReminder(folded: subject))
        if d.docid != 0 { resolutionCache.facts[d.docid] = f }
        return f
    }

    func folded(_ s: String) -> String {
        if let f = resolutionCache.folded[s] { return f }
        let f = VietText.fold(s)
        resolutionCache.folded[s] = f
        return f
    }

    func overlapWords(_ s: String) -> Set<Substring> {
        foldedWordSet(s).subtracting(Archive.overlapStop)
    }

    /// The matcher of unit names of this snapshot (with the archive's abbreviations).
    func unitMatcher() throws(ArchiveError) -> UnitMatcher {
        if let m = resolutionCache.unitMatcher { return m }
        let m = UnitMatcher(abbreviations: try abbreviations())
        resolutionCache.unitMatcher = m
        return m
    }

    /// The archive's roster (`units.tsv`; empty without one).
    func roster() throws(ArchiveError) -> Roster {
        if let r = resolutionCache.roster { return r }
        let r = try Roster.of(dbPath: path)
        resolutionCache.roster = r
        return r
    }

    /// Whether a document names the plan in its title ("Báo cáo kết quả thực hiện Kế hoạch số 1520/KH-SYT").
    func namesInTitle(_ d: StoredDocument, plan: StoredDocument) -> Bool {
        guard let subject = d.doc.subject, let number = plan.number else { return false }
        let s = " " + folded(subject) + " "
        if s.contains(" " + folded(number) + " ") { return true }
        // A short mention: "Kế hoạch (số) 1520".
        let serial = String(number.prefix { $0.isNumber })
        guard !serial.isEmpty, let type = plan.type ?? DocumentNumber.typeCode(of: number),
              let name = DocumentTypes.name(forCode: type) else { return false }
        let n = folded(name)
        return s.contains(" \(n) \(serial) ") || s.contains(" \(n) so \(serial) ")
    }

    /// `PlanFacts` of a plan, read from its documents.
    func planFacts(of plan: StoredDocument) throws(ArchiveError) -> Archive.PlanFacts {
        let matcher = try unitMatcher()
        let roster = try roster()
        let issuer = plan.doc.issuer.flatMap { $0.isEmpty ? nil : $0 }
        var citers: [(StoredDocument, Reference, Archive.DocFacts)] = []
        for (d, ref) in try directCiters(of: .document(plan)) {
            if let issuer, let i = d.doc.issuer, matcher.sameIssuer(i, issuer) { continue }   // the plan's own issuer
            let f = facts(d)
            if f.reminder { continue }
            citers.append((d, ref, f))
        }
        let obligations = plan.doc.obligations
        let n = obligations.count
        let addressed = ReportingUnits.addressed(recipients: plan.doc.recipients, copiesTo: plan.doc.copiesTo, issuer: issuer, names: matcher)

        var units: [Archive.PlanUnit] = []
        var aliases: [[String]] = []
        func unit(_ name: String, _ source: BoundUnit.Source, aliases more: [String] = []) -> Int32 {
            let rank = BoundUnit.Source.allCases.firstIndex(of: source)!
            if let k = units.firstIndex(where: { matcher.sameUnit($0.name, name) }) {
                if rank < BoundUnit.Source.allCases.firstIndex(of: units[k].source)! { units[k].source = source }
                return Int32(k)
            }
            units.append(Archive.PlanUnit(name: name, source: source))
            aliases.append(more)
            return Int32(units.count - 1)
        }
        // Who each obligation binds: named units; classes from the plan's lists, else the roster;
        // the classes left open are filled by the units that answer.
        var obligationUnits: [[Int32]] = []
        // Units designated one by one (in the duty's sentence, or as the letter's addressees the
        // duty's "các đơn vị" stands for): a mere mention of the plan counts from them.
        var named: [Set<Int32>] = []
        var classes: [[UnitClass]] = []
        let parts = obligations.map { ReportingUnits.parts(of: $0.reporter) }
        for (o, ps) in zip(obligations, parts) {
            var us: [Int32] = [], names: Set<Int32> = []
            for case .unit(let name) in ps {
                // Named when the duty's own sentence names it; else it stands for the letter's addressees.
                let u = unit(name, folded(o.text).contains(folded(name)) ? .named : .recipients)
                us.append(u)
                names.insert(u)
            }
            obligationUnits.append(us)
            named.append(names)
        }
        for (k, ps) in parts.enumerated() {
            var us = obligationUnits[k], all: [UnitClass] = []
            for case .unitClass(let c) in ps {
                all.append(c)
                let listed = ReportingUnits.members(of: c, among: addressed, names: matcher)
                if !listed.isEmpty {
                    us += listed.map { unit($0, .recipients) }
                } else {
                    let rostered = roster.members(of: c, matcher: matcher)
                    us += rostered.map { unit($0.unit, .roster, aliases: $0.aliases) }
                    // Else the class is filled by the units that answer (below).
                }
            }
            var seen = Set<Int32>()
            obligationUnits[k] = us.filter { seen.insert($0).inserted }
            classes.append(all)
        }
        let kinds = obligations.map { Archive.kind(folded: folded($0.what)) }
        let whatWords = obligations.map { overlapWords($0.what) }

        let facts = Archive.PlanFacts(plan: DocumentRef(plan), oncePeriods: obligations.map { o in
            guard o.recurrence == .once, let due = o.due, due.day != nil else { return nil }
            return Archive.period(of: o, due: due)
        }, units: [], obligationUnits: [], responders: [], periods: [], responderUnits: [], base: [])
        for (d, ref, f) in citers {
            let strong = ref.relation == .implements || ref.relation == .basis || namesInTitle(d, plan: plan)
            // The unit it reports for: one the plan binds, else (answering, in a class of an
            // obligation it can answer) a unit of its own.
            var u: Int32 = -1
            if let i = d.doc.issuer {
                if let k = units.indices.first(where: { matcher.sameUnit(units[$0].name, i) || aliases[$0].contains { matcher.sameUnit($0, i) } }) {
                    u = Int32(k)
                } else if strong, (0..<n).contains(where: { kinds[$0].accepts(type: f.type) && classes[$0].contains { matcher.isMember(i, of: $0) } }) {
                    u = unit(i, .answered)
                }
            }
            if u >= 0, strong {
                // A unit that answers is bound by every obligation whose class it is in: the class
                // the plan left open, one more member of a class its lists resolved, or the class
                // of a unit another duty names ("các Trung tâm Y tế khu vực" and "Trung tâm Y tế
                // khu vực Diễn Châu"). A named unit that never answers is not pulled into classes
                // (another duty's own office, "Phòng Tổ chức cán bộ Sở", is one of "các phòng").
                for k in 0..<n where classes[k].contains(where: { matcher.isMember(units[Int(u)].name, of: $0) }) && !obligationUnits[k].contains(u) {
                    obligationUnits[k].append(u)
                }
            }
            facts.responders.append(DocumentRef(d))
            facts.periods.append(f.period)
            facts.responderUnits.append(u)
            for k in 0..<n {
                // A mere mention counts only from a unit the duty names.
                if u < 0 || !kinds[k].accepts(type: f.type) || !obligationUnits[k].contains(u) || !(strong || named[k].contains(u)) {
                    facts.base.append(Archive.PlanFacts.cannot)
                } else {
                    facts.base.append(Int32(whatWords[k].intersection(f.subjectWords).count))
                }
            }
        }
        facts.units = units
        facts.obligationUnits = obligationUnits
        return facts
    }
}

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

/// The period a report covers or an occurrence asks for.
enum Period: Equatable {
    case half(Int, year: Int)
    case quarter(Int, year: Int)
    case month(Int, year: Int)
    case nineMonths(year: Int)
    case year(Int)
}

extension ObligationService {
    /// Every obligation occurrence with its status as of `asOf`: recurrences are expanded up to the
    /// first due date after `asOf`.
    ///
    /// Over the whole archive (no `plan`) the statuses come from the obligations table
    /// (`ObligationTable`) when the revision is known: their `plan` and `reports` are then the
    /// documents' headers (id, file, number, type, issuer, date, and the plan's obligations), without
    /// text, subject or references; `load(docid)` reads a whole one.
    public func statuses(asOf: DocDate, plan: StoredDocument? = nil) throws(ArchiveError) -> [ObligationStatus] {
        reader.lock.lock(); defer { reader.lock.unlock() }
        // The whole archive: from the obligations table of this revision (built if missing), which
        // holds what the statuses read, so no stored document is decoded.
        if plan == nil, let table = try obligationTable(build: true) { return table.statuses(asOf: asOf) }
        let plans: [StoredDocument]
        if let plan { plans = [plan] } else { plans = try documents(withTerm: Schema.hasObligations + "yes") }
        // The whole archive: worth building the citation table if it is missing.
        let before = resolutionCache.mayBuildTable
        resolutionCache.mayBuildTable = before || plan == nil
        defer { resolutionCache.mayBuildTable = before }
        var out: [ObligationStatus] = []
        for p in plans.sorted(by: Archive.dateIDLess) {
            try planFacts(of: p).statuses(asOf: asOf, into: &out)
        }
        return out
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
}

extension Archive {
    static func isReport(_ d: StoredDocument) -> Bool {
        (d.type ?? d.number.flatMap(DocumentNumber.typeCode(of:))) == "BC"
    }
}

extension ObligationService {
    /// Occurrences of a plan's obligations with the documents matched to them.
    func statuses(of plan: StoredDocument, asOf: DocDate) throws(ArchiveError) -> [ObligationStatus] {
        var out: [ObligationStatus] = []
        try planFacts(of: plan).statuses(asOf: asOf, into: &out)
        return out
    }
}

extension Archive {
    /// What matching reads from a plan and the documents that may answer it, none of which depends
    /// on the as-of date: `statuses(asOf:into:)` is then the same arithmetic for every date.
    struct PlanFacts {
        /// The plan (from the obligations table: its header and obligations, see `ObligationTable`).
        var plan: DocumentRef
        /// For an obligation due once (by index): the period it asks for (`period(of:due:)`, read
        /// from `what`); nil otherwise.
        var oncePeriods: [Period?]
        /// Documents that carry out or rely on the plan, from other issuers, in `directCiters` order
        /// (from the table: headers).
        var responders: [DocumentRef]
        /// The period each responder covers (`period(ofReport:)`).
        var periods: [Period?]
        /// Row r, column i (`r * obligations + i`): what responder r scores for obligation i
        /// whatever the occurrence (50 for a strong reporter fit, 5 per word common to `what` and
        /// its subject), or `PlanFacts.cannot` when it cannot answer it (wrong kind of document,
        /// reporter mismatch, or a weak relation with a generic reporter).
        var base: [Int32]

        static let cannot = Int32.min

        /// Appends the occurrences of the plan's obligations up to `asOf`, each responder dated by
        /// then matched to the occurrence it fits best.
        func statuses(asOf: DocDate, into out: inout [ObligationStatus]) {
            let obligations = plan.doc.doc.obligations
            struct Occ { var index: Int; var due: DocDate?; var period: Period?; var reports: [Int] = [] }
            var occs: [Occ] = []
            for (i, o) in obligations.enumerated() {
                Archive.forEachDue(of: o, asOf: asOf) { due in
                    guard let due else { occs.append(Occ(index: i, due: nil, period: nil)); return }
                    occs.append(Occ(index: i, due: due, period: o.recurrence == .once ? oncePeriods[i] : Archive.period(of: o, due: due)))
                }
            }
            let n = obligations.count
            for (r, doc) in responders.enumerated() {
                guard let date = doc.doc.date, date.day != nil, !Archive.dateLess(asOf, date) else { continue }
                let docPeriod = periods[r]
                let docDay = Archive.dayNumber(date)
                var best: (score: Int, at: Int)? = nil
                for (k, occ) in occs.enumerated() {
                    guard let due = occ.due else { continue }
                    let b = base[r * n + occ.index]
                    if b == PlanFacts.cannot { continue }
                    var score = Int(b)
                    if let dp = docPeriod, let op = occ.period {
                        guard dp == op else { continue }
                        score += 100
                    } else if docPeriod != nil, occ.period == nil {
                        score += 10
                    }
                    // Without a period, the first due date on or after the document's date fits best.
                    let days = Archive.dayNumber(due) - docDay
                    score -= days >= 0 ? min(days, 400) / 30 : 20 + min(-days, 400) / 15
                    if best == nil || score > best!.score { best = (score, k) }
                }
                if let b = best { occs[b.at].reports.append(r) }
            }
            for occ in occs {
                var reports: [DocumentRef] = []
                reports.reserveCapacity(occ.reports.count)
                for r in occ.reports { reports.append(responders[r]) }
                reports.sort { Archive.dateLess($0.doc.date ?? DocDate(year: 0), $1.doc.date ?? DocDate(year: 0)) }
                let status: ObligationStatus.Status
                if let due = occ.due {
                    if reports.contains(where: { $0.doc.date.map { !Archive.dateLess(due, $0) } ?? false }) { status = .fulfilled }
                    else if !reports.isEmpty { status = .late }
                    else if Archive.dateLess(due, asOf) { status = .overdue }
                    else { status = .upcoming }
                } else {
                    status = .unscheduled
                }
                out.append(ObligationStatus(plan: plan, obligation: obligations[occ.index], due: occ.due, status: status, reports: reports))
            }
        }
    }

    /// The due dates of an obligation's occurrences up to the first after `asOf` (one nil for an
    /// obligation without a full due date).
    @inline(__always) static func forEachDue(of o: Obligation, asOf: DocDate, _ body: (DocDate?) -> Void) {
        guard let first = o.due, first.day != nil else { body(nil); return }
        var due = first
        while true {
            body(due)
            guard let step = o.recurrence.monthsBetween, !Archive.dateLess(asOf, due) else { break }
            due = due.addingMonths(step)
        }
    }
}

extension ObligationService {
    /// `PlanFacts` of a plan, read from its documents.
    func planFacts(of plan: StoredDocument) throws(ArchiveError) -> PlanFacts {
        let planIssuer = Archive.issuerKey(plan.doc.issuer)
        let citers = try directCiters(of: .document(plan)).filter { d, _ in
            planIssuer.isEmpty || Archive.issuerKey(d.doc.issuer) != planIssuer
        }
        // What each obligation asks, read once: kind, reporter pattern, words of `what`.
        struct Asked { var kind: Kind; var reporter: ReporterPattern; var words: Set<Substring> }
        let obligations = plan.doc.obligations
        let asked = obligations.map { o in
            Asked(kind: Archive.kind(folded: folded(o.what)), reporter: reporterPattern(o.reporter), words: overlapWords(o.what))
        }
        let oncePeriods: [Period?] = obligations.map { o in
            guard o.recurrence == .once, let due = o.due, due.day != nil else { return nil }
            return Archive.period(of: o, due: due)
        }
        var facts = PlanFacts(plan: DocumentRef(plan), oncePeriods: oncePeriods, responders: [], periods: [], base: [])
        for (doc, ref) in citers {
            let f = self.facts(doc)
            facts.responders.append(DocumentRef(doc))
            facts.periods.append(f.period)
            for a in asked {
                let fit = a.reporter.fit(f.issuerWords)
                if !a.kind.accepts(type: f.type) || fit == .mismatch || (ref.relation != .implements && ref.relation != .basis && fit != .strong) {
                    facts.base.append(PlanFacts.cannot)
                } else {
                    facts.base.append(Int32((fit == .strong ? 50 : 0) + 5 * a.words.intersection(f.subjectWords).count))
                }
            }
        }
        return facts
    }
}

extension Archive {
    // MARK: - Matching rules

    static func issuerKey(_ s: String?) -> String { VietText.fold(s ?? "") }

    /// Whether a document can fulfil what is due: a report for "báo cáo …", a plan for "kế hoạch …".
    static func kindAccepts(_ what: String, _ d: StoredDocument) -> Bool {
        let w = VietText.fold(what)
        let type = d.type ?? d.number.flatMap(DocumentNumber.typeCode(of:)) ?? ""
        if w.contains("bao cao") { return type == "BC" }
        if w.hasPrefix("ke hoach") || w.contains(" ke hoach") { return type == "KH" }
        return type != "BC"
    }

    /// What `kindAccepts` reads from an obligation's `what`.
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
        /// Folded issuer words.
        var issuerWords: Set<String>
        /// Folded subject words less the stop words of `overlap`.
        var subjectWords: Set<Substring>
        /// The period the document covers (`period(ofReport:)`).
        var period: Period?
    }
}

extension ObligationService {
    func facts(_ d: StoredDocument) -> DocFacts {
        if let f = resolutionCache.facts[d.docid], d.docid != 0 { return f }
        let f = DocFacts(type: d.type ?? d.number.flatMap(DocumentNumber.typeCode(of:)) ?? "",
                         issuerWords: issuerWords(d.doc.issuer), subjectWords: overlapWords(d.doc.subject ?? ""),
                         period: Archive.period(ofReport: d))
        if d.docid != 0 { resolutionCache.facts[d.docid] = f }
        return f
    }

    func folded(_ s: String) -> String {
        if let f = resolutionCache.folded[s] { return f }
        let f = VietText.fold(s)
        resolutionCache.folded[s] = f
        return f
    }

    func issuerWords(_ issuer: String?) -> Set<String> {
        let key = issuer ?? ""
        if let w = resolutionCache.issuerWords[key] { return w }
        let w = Archive.issuerWordSet(issuer)
        resolutionCache.issuerWords[key] = w
        return w
    }

    func reporterPattern(_ reporter: String?) -> ReporterPattern {
        let key = reporter ?? ""
        if let p = resolutionCache.reporters[key] { return p }
        let p = ReporterPattern(reporter)
        resolutionCache.reporters[key] = p
        return p
    }
}

extension Archive {
    static let overlapStop: Set<Substring> = ["bao", "cao", "ket", "qua", "thuc", "hien", "va", "cua", "cac", "ve", "nam", "thang"]
}

extension ObligationService {
    func overlapWords(_ s: String) -> Set<Substring> {
        foldedWordSet(s).subtracting(Archive.overlapStop)
    }
}

extension Archive {
    static func issuerWordSet(_ issuer: String?) -> Set<String> {
        Set(VietText.fold(issuer ?? "").split(separator: " ").map(String.init))
    }

    enum ReporterFit { case strong, generic, mismatch }

    /// A reporter ("Các Trung tâm Y tế khu vực; Sở Y tế") read once: the named units, each with the
    /// words an issuer must have, and whether a generic class was named.
    struct ReporterPattern {
        /// Nil reporter or empty: any issuer fits (generic).
        var empty = false
        var named: [(words: [String], need: Int)] = []
        var sawGeneric = false

        init(_ reporter: String?) {
            guard let reporter, !reporter.isEmpty else { empty = true; return }
            let genericHeads: Set<String> = ["don", "co", "phong", "so", "ban", "nganh", "xa", "phuong", "huyen", "dia", "bo", "khoa", "to", "tram", "thu", "lanh"]
            let strip: Set<String> = ["cac", "thu", "truong", "giam", "doc", "lanh", "dao", "hieu", "tong"]
            for group in reporter.split(separator: ";") {
                // "Các sở, ban, ngành cấp tỉnh": every part of a plural group is plural.
                let plural = VietText.fold(String(group)).split(separator: " ").contains("cac")
                for alt in group.split(separator: ",") {
                    var words = VietText.fold(String(alt)).split(separator: " ").map(String.init)
                    while let f = words.first, f == "va" || f == "cac" { words.removeFirst() }
                    if words.isEmpty { continue }
                    if genericHeads.contains(words.first!) && (plural || words.count == 1) {
                        sawGeneric = true
                        continue
                    }
                    while let f = words.first, strip.contains(f) { words.removeFirst() }
                    words.removeAll { $0 == "cac" }
                    if words.isEmpty { sawGeneric = true; continue }
                    if plural, let f = words.first, genericHeads.contains(f) { sawGeneric = true; continue }
                    named.append((words, plural || words.count < 6 ? words.count : words.count - 1))
                }
            }
        }

        /// `reporterFit` against an issuer's folded words.
        func fit(_ have: Set<String>) -> ReporterFit {
            if empty { return .generic }
            for (words, need) in named {
                // The head noun must match and at most one other word may be missing (long names only).
                if have.contains(words[0]), words.filter({ have.contains($0) }).count >= need { return .strong }
            }
            return sawGeneric ? .generic : .mismatch
        }
    }

    /// Does a document's issuer fit who must report? Named units must match; classes named by their
    /// kind ("Các Trung tâm Y tế khu vực") must appear in the issuer; generic ones ("các đơn vị trực
    /// thuộc", "các sở, ban, ngành") accept any issuer. (`ReporterPattern` is the same rule, read once.)
    static func reporterFit(_ reporter: String?, issuer: String?) -> ReporterFit {
        ReporterPattern(reporter).fit(issuerWordSet(issuer))
    }

    /// The rule as first written (kept to test `ReporterPattern` against).
    static func reporterFitReference(_ reporter: String?, issuer: String?) -> ReporterFit {
        guard let reporter, !reporter.isEmpty else { return .generic }
        let have = Set(VietText.fold(issuer ?? "").split(separator: " ").map(String.init))
        let genericHeads: Set<String> = ["don", "co", "phong", "so", "ban", "nganh", "xa", "phuong", "huyen", "dia", "bo", "khoa", "to", "tram", "thu", "lanh"]
        let strip: Set<String> = ["cac", "thu", "truong", "giam", "doc", "lanh", "dao", "hieu", "tong"]
        var sawGeneric = false
        for group in reporter.split(separator: ";") {
            // "Các sở, ban, ngành cấp tỉnh": every part of a plural group is plural.
            let plural = VietText.fold(String(group)).split(separator: " ").contains("cac")
            for alt in group.split(separator: ",") {
                var words = VietText.fold(String(alt)).split(separator: " ").map(String.init)
                while let f = words.first, f == "va" || f == "cac" { words.removeFirst() }
                if words.isEmpty { continue }
                if genericHeads.contains(words.first!) && (plural || words.count == 1) {
                    sawGeneric = true
                    continue
                }
                while let f = words.first, strip.contains(f) { words.removeFirst() }
                // "Ủy ban nhân dân các huyện": the plural marker is not part of a member's name.
                words.removeAll { $0 == "cac" }
                if words.isEmpty { sawGeneric = true; continue }
                if plural, let f = words.first, genericHeads.contains(f) { sawGeneric = true; continue }
                // The head noun must match and at most one other word may be missing (long names only).
                let found = words.filter { have.contains($0) }.count
                let need = plural || words.count < 6 ? words.count : words.count - 1
                if have.contains(words[0]), found >= need { return .strong }
            }
        }
        return sawGeneric ? .generic : .mismatch
    }

    /// Shared folded words of two texts, ignoring the commonest function words.
    static func overlap(_ a: String, _ b: String) -> Int {
        let stop: Set<Substring> = ["bao", "cao", "ket", "qua", "thuc", "hien", "va", "cua", "cac", "ve", "nam", "thang"]
        let x = Set(VietText.fold(a).split(separator: " ")).subtracting(stop)
        let y = Set(VietText.fold(b).split(separator: " ")).subtracting(stop)
        return x.intersection(y).count
    }

    static func dayNumber(_ d: DocDate) -> Int {
        let m = d.month ?? 1, day = d.day ?? 1
        // Days from a fixed origin (proleptic Gregorian), enough for differences.
        let y = m <= 2 ? d.year - 1 : d.year
        let era = y / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe
    }

    /// The period an occurrence asks for.
    static func period(of o: Obligation, due: DocDate) -> Period? {
        let m = due.month ?? 12
        switch o.recurrence {
        case .semiannual: return m >= 6 ? .half(1, year: due.year) : .half(2, year: due.year - 1)
        case .annual: return .year(m >= 6 ? due.year : due.year - 1)
        case .quarterly: return .quarter((m - 1) / 3 + 1, year: due.year)
        case .monthly:
            let d = due.day ?? 28
            if d >= 15 { return .month(m, year: due.year) }
            return m == 1 ? .month(12, year: due.year - 1) : .month(m - 1, year: due.year)
        case .once:
            return period(inText: VietText.fold(o.what), defaultYear: m >= 6 ? due.year : due.year - 1)
        case .unscheduled:
            return nil
        }
    }

    /// The period a report covers, read from its subject ("06 tháng đầu năm 2026", "quý II năm 2026", "năm 2025").
    static func period(ofReport d: StoredDocument) -> Period? {
        let text = VietText.fold(d.doc.subject ?? "")
        return period(inText: text, defaultYear: d.date?.year ?? 0)
    }

    static func period(inText t: String, defaultYear: Int) -> Period? {
        let words = t.split(separator: " ").map(String.init)
        func yearAfter(_ i: Int) -> Int {
            for j in i..<min(words.count, i + 8) where words[j].count == 4 {
                if let y = Int(words[j]), y > 1900, y < 2200 { return y }
            }
            return defaultYear
        }
        let romans = ["i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4]
        for (i, w) in words.enumerated() {
            let next = i + 1 < words.count ? words[i + 1] : ""
            if (w == "6" || w == "06") && next == "thang" {
                let late = words[i..<min(words.count, i + 5)].contains("cuoi")
                return .half(late ? 2 : 1, year: yearAfter(i))
            }
            if (w == "9" || w == "09") && next == "thang" { return .nineMonths(year: yearAfter(i)) }
            if (w == "qui" || w == "quy"), let q = romans[next] { return .quarter(q, year: yearAfter(i)) }
        }
        for (i, w) in words.enumerated() where w == "thang" && i + 1 < words.count {
            if let m = Int(words[i + 1]), (1...12).contains(m), i == 0 || Int(words[i - 1]) == nil {
                return .month(m, year: yearAfter(i))
            }
        }
        for (i, w) in words.enumerated() where w == "nam" && i + 1 < words.count {
            if let y = Int(words[i + 1]), y > 1900, y < 2200, !(i > 0 && ["dau", "cuoi"].contains(words[i - 1])) {
                return .year(y)
            }
        }
        if words.contains("nam") && (words.contains("hang") || t.contains("bao cao nam")) { return .year(defaultYear) }
        return nil
    }
}

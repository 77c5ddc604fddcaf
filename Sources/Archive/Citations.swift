import Documents
import Xapian

/// A document that cites a target, directly or down the chain.
public struct CitationHit {
    public var document: StoredDocument
    /// 1 for direct citers.
    public var depth: Int
    /// How this document relates to the one it cites on the path.
    public var relation: Relation
    /// Id of the document this one cites on the path (nil when that is the target itself and it is external).
    public var parentID: String?
    /// Index, in the list of hits, of the document this one cites on the path; nil when it cites
    /// the target itself. (A link, not the whole path: a chain of n documents holds n links, not
    /// n²/2 labels.)
    public var parent: Int?

    /// The label people see for this document on a path.
    public var label: String { document.number ?? document.id }
}

extension Array where Element == CitationHit {
    /// Labels from `target` down to hit `i`, following the parent links.
    public func path(to i: Int, from target: CitationTarget) -> [String] {
        var labels: [String] = []
        var k: Int? = i
        while let j = k {
            labels.append(self[j].label)
            k = self[j].parent
        }
        labels.append(target.label)
        return labels.reversed()
    }
}

extension CitationService {
    /// Documents whose references resolve to `target` (for an external target: that mention its number
    /// and resolve to no archived document), with the strongest relation.
    public func directCiters(of target: CitationTarget, relation: Relation? = nil) throws(ArchiveError) -> [(StoredDocument, Reference)] {
        reader.lock.lock(); defer { reader.lock.unlock() }
        // The same plan is asked for by `answers` and `statuses`, and by every rendering of it.
        if relation == nil, case .document(let t) = target, t.docid != 0 {
            if let hit = resolutionCache.citers[t.docid] { return hit }
            let found: [(StoredDocument, Reference)]
            if let table = try citationTable(build: resolutionCache.mayBuildTable) {
                found = try directCiters(fromTable: table, of: t)
            } else {
                found = try directCitersUncached(of: target, relation: nil)
            }
            resolutionCache.citers[t.docid] = found
            return found
        }
        return try directCitersUncached(of: target, relation: relation)
    }

    private func directCitersUncached(of target: CitationTarget, relation: Relation?) throws(ArchiveError) -> [(StoredDocument, Reference)] {
        let candidates = try documents(withAnyTerm: citerTerms(of: target), bodies: false)
        var out: [(StoredDocument, Reference)] = []
        for c in candidates {
            var best: Reference?
            for r in c.doc.references where Schema.stripLeadingZeros(DocumentNumber.serial(of: r.number)) == target.serial {
                if let rel = relation, r.relation != rel { continue }
                let resolved = try resolve(r, from: c)
                let hit: Bool
                switch target {
                case .document(let t):
                    hit = resolved?.id == t.id
                case .external(let u):
                    hit = resolved == nil && Archive.compatible(r, with: u)
                }
                if hit, best == nil || r.relation.strength > best!.relation.strength { best = r }
            }
            if let b = best { out.append((c, b)) }
        }
        return out.sorted { Archive.dateIDLess($0.0, $1.0) }
    }
}

extension Archive {
    /// `DocDate <` (which compares `sortKey` strings) without building the strings, for dates whose
    /// key is fixed-width (years 0–9999, months and days 0–99); the strings otherwise.
    @inline(__always) static func dateLess(_ a: DocDate, _ b: DocDate) -> Bool {
        let (am, ad, bm, bd) = (a.month ?? 0, a.day ?? 0, b.month ?? 0, b.day ?? 0)
        guard (0...9999).contains(a.year), (0...9999).contains(b.year), (0...99).contains(am), (0...99).contains(ad),
              (0...99).contains(bm), (0...99).contains(bd) else { return a < b }
        if a.year != b.year { return a.year < b.year }
        if am != bm { return am < bm }
        return ad < bd
    }

    /// `(a.date ?? DocDate(year: 0), a.id) < (b.date ?? DocDate(year: 0), b.id)`, as tuples compare.
    @inline(__always) static func dateIDLess(_ a: StoredDocument, _ b: StoredDocument) -> Bool {
        let da = a.date ?? DocDate(year: 0), db = b.date ?? DocDate(year: 0)
        if da != db { return dateLess(da, db) }
        return a.id < b.id
    }
}

extension CitationService {
    /// Terms whose documents include every possible direct citer of `target`.
    ///
    /// A reference resolves to a numbered document only if it names the same number (`XC`) or is
    /// a short mention of its serial (`XM`, schema 2); an external target typed whole is matched the
    /// same way. Otherwise (an external "kết luận 226", a database of schema 1, a number too long
    /// for a term): every document citing the serial (`XK`).
    func citerTerms(of target: CitationTarget) -> [String] {
        let bySerial = Schema.citesSerial + Schema.serialKey(type: nil, serial: target.serial)
        guard schemaVersion >= 2 else { return [bySerial] }
        let full: String?
        switch target {
        case .document(let d): full = d.number
        case .external(let u): full = u.full
        }
        guard let full, !Schema.isShortMention(full),
              let cites = Schema.clip(Schema.cites + Schema.numberKey(full)),
              let short = Schema.clip(Schema.shortCites + Schema.serialKey(type: nil, serial: target.serial)) else { return [bySerial] }
        return [cites, short]
    }
}

extension Archive {
    static func compatible(_ r: Reference, with u: UserRef) -> Bool {
        let rFull = r.number.contains("/") || r.number.contains("-")
        if let full = u.full, rFull { return Schema.numberKey(full) == Schema.numberKey(r.number) }
        let rType = rFull ? DocumentNumber.typeCode(of: r.number) : r.type
        if let t = u.type, let rt = rType { return Schema.numberKey(t) == Schema.numberKey(rt) }
        return true
    }
}

extension CitationService {
    /// Who cites the target; with `transitive`, every document reached down the chain through
    /// references of any relation (or only `relation`), breadth first, each once at its smallest
    /// depth, down to `depth` levels when given.
    public func citers(of target: CitationTarget, transitive: Bool, relation: Relation? = nil, depth maxDepth: Int? = nil) throws(ArchiveError) -> [CitationHit] {
        reader.lock.lock(); defer { reader.lock.unlock() }
        let before = resolutionCache.mayBuildTable
        resolutionCache.mayBuildTable = before || transitive
        defer { resolutionCache.mayBuildTable = before }
        var hits: [CitationHit] = []
        var seen = Set<String>()
        if case .document(let t) = target { seen.insert(t.id) }
        // The frontier: the documents reached at the last depth, by index in `hits` (nil: the target).
        var frontier: [Int?] = [nil]
        var depth = 0
        while !frontier.isEmpty {
            depth += 1
            if let maxDepth, depth > maxDepth { break }
            var next: [Int?] = []
            for parent in frontier {
                let t: CitationTarget = parent.map { .document(hits[$0].document) } ?? target
                let parentID: String? = { if case .document(let d) = t { return d.id }; return nil }()
                for (doc, ref) in try directCiters(of: t, relation: relation) where !seen.contains(doc.id) {
                    seen.insert(doc.id)
                    hits.append(CitationHit(document: doc, depth: depth, relation: ref.relation, parentID: parentID, parent: parent))
                    if transitive { next.append(hits.count - 1) }
                }
            }
            if !transitive { break }
            frontier = next
        }
        return hits
    }
}

import Documents
import Foundation
import VietText
import Xapian

/// A search request: the query text and the options of `vanban search`.
public struct SearchRequest: Sendable {
    public var query: String
    public var filter: Filter
    public var limit: Int
    /// Match only the exact accents the user typed.
    public var exact: Bool
    public init(query: String, filter: Filter = Filter(), limit: Int = 10, exact: Bool = false) {
        self.query = query; self.filter = filter; self.limit = limit; self.exact = exact
    }
}

public struct SearchHit {
    public var document: StoredDocument
    public var score: Double
    public var snippet: Snippet
}

public struct SearchResponse {
    public var query: String
    public var total: Int
    public var hits: [SearchHit]
}

extension Archive {
    /// Ranked search. A query that names a document number ("KH 6757", "6757/KH-SYT",
    /// "kết luận 226") puts the documents with that number first.
    public func search(_ req: SearchRequest) throws(ArchiveError) -> SearchResponse {
        guard req.query.utf8.count <= 10_000 else { throw .badInput("query longer than 10,000 bytes") }
        let node = QueryLanguage.parse(req.query)
        var builder = QueryBuilder(exact: req.exact)
        let text = builder.build(node)
        var filter = req.filter
        try builder.applyFields(to: &filter)
        var extraFilters = builder.filterQueries

        // Number look-up first.
        var pinned: [StoredDocument] = []
        if let ref = UserRef.parse(req.query) {
            pinned = try candidates(for: ref).filter { filterAccepts(filter, $0) }
        }

        var base: Query
        if let t = text { base = t } else { base = Query.matchAll }
        base = filter.apply(to: base)
        if !extraFilters.isEmpty {
            base = Query(.filter, [base, extraFilters.count == 1 ? extraFilters.removeFirst() : Query(.and, extraFilters)])
        }
        let enquire = Enquire(db)
        enquire.setQuery(base)
        enquire.setBM25()
        if text == nil { enquire.sortByValue(Schema.dateSlot, reverse: true) }
        let limit = max(0, req.limit)
        let mset: MSet
        do { mset = try enquire.mset(first: 0, max: limit + pinned.count, checkAtLeast: limit + pinned.count) }
        catch { throw ArchiveError.from(error, path: path) }
        var hits: [SearchHit] = []
        let pinnedIDs = Set(pinned.map(\.id))
        let terms = builder.highlightTerms
        for d in pinned {
            hits.append(SearchHit(document: d, score: 0, snippet: Snippet.make(text: d.doc.text, folded: terms.folded, exact: terms.exact)))
        }
        for item in mset.items {
            guard let d = try load(item.docid), !pinnedIDs.contains(d.id) else { continue }
            hits.append(SearchHit(document: d, score: item.weight, snippet: Snippet.make(text: d.doc.text, folded: terms.folded, exact: terms.exact)))
        }
        if let top = hits.dropFirst(pinned.count).first?.score {
            for k in 0..<pinned.count { hits[k].score = top + 1 }
        }
        let total = max(mset.matchesEstimated, 0) + pinned.filter { d in !mset.items.contains { $0.docid == d.docid } }.count
        return SearchResponse(query: req.query, total: total, hits: Array(hits.prefix(limit)))
    }

    func filterAccepts(_ f: Filter, _ d: StoredDocument) -> Bool {
        if f.isEmpty { return true }
        let q = Query(.filter, [Query(term: Schema.idTerm(d.id)), f.apply(to: Query.matchAll)])
        let e = Enquire(db)
        e.setQuery(q)
        return ((try? e.mset(first: 0, max: 1))?.count ?? 0) > 0
    }
}

/// Turns the parsed query into Xapian queries over folded and exact terms.
struct QueryBuilder {
    let exact: Bool
    var fields: [(String, String)] = []
    var filterQueries: [Query] = []
    var highlightTerms: (folded: Set<String>, exact: Set<String>) = ([], [])

    init(exact: Bool) { self.exact = exact }

    /// nil when the query has no text part (only fields).
    mutating func build(_ n: QueryNode) -> Query? {
        switch n {
        case .word(let w): return wordQuery(w)
        case .phrase(let p): return phraseQuery(p)
        case .field(let name, let value):
            fields.append((name, value))
            return nil
        case .and(let xs):
            let qs = xs.compactMap { build($0) }
            return qs.isEmpty ? nil : Query(.and, qs)
        case .or(let xs):
            let qs = xs.compactMap { build($0) }
            return qs.isEmpty ? nil : (qs.count == 1 ? qs[0] : Query(.or, qs))
        case .not(let x):
            guard let q = build(x) else { return nil }
            return Query(.andNot, [Query.matchAll, q])
        case .group(let must, let should, let mustNot):
            let m = must.compactMap { build($0) }
            let s = should.compactMap { build($0) }
            var highlightBackup = highlightTerms
            let x = mustNot.compactMap { build($0) }
            highlightTerms = highlightBackup
            highlightBackup = ([], [])
            var q: Query?
            if !m.isEmpty {
                q = m.count == 1 ? m[0] : Query(.and, m)
                if !s.isEmpty { q = Query(.andMaybe, [q!, s.count == 1 ? s[0] : Query(.or, s)]) }
            } else if !s.isEmpty {
                q = s.count == 1 ? s[0] : Query(.or, s)
            }
            if !x.isEmpty {
                q = Query(.andNot, [q ?? Query.matchAll, x.count == 1 ? x[0] : Query(.or, x)])
            }
            return q
        }
    }

    static func hasDiacritics(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0.value > 0x7F }
    }

    mutating func termQuery(_ t: Token) -> Query {
        highlightTerms.folded.insert(t.folded)
        if exact {
            highlightTerms.exact.insert(t.exact)
            return Query(term: Schema.exact + t.exact)
        }
        var folded = t.folded
        if t.kind == .word, folded.count > 1, folded.first == "0", folded.allSatisfy(\.isNumber) {
            folded = Schema.stripLeadingZeros(folded)
        }
        let f = Query(term: folded)
        if QueryBuilder.hasDiacritics(t.exact) {
            highlightTerms.exact.insert(t.exact)
            // Any accent matches; the exact accents rank higher.
            return Query(.or, [f, Query(term: Schema.exact + t.exact)])
        }
        return f
    }

    mutating func wordQuery(_ w: String) -> Query? {
        let toks = Tokenizer.tokenize(VietText.normalize(w))
        if toks.isEmpty { return nil }
        if let c = toks.first(where: { $0.kind == .compound }) {
            // A document number or date typed whole: match it whole.
            for t in toks where t.kind == .word { highlightTerms.folded.insert(t.folded) }
            return termQuery(c)
        }
        if toks.count == 1 { return termQuery(toks[0]) }
        return positional(toks, op: .phrase)
    }

    mutating func phraseQuery(_ p: String) -> Query? {
        let toks = Tokenizer.tokenize(VietText.normalize(p)).filter { $0.kind == .word }
        if toks.isEmpty { return nil }
        if toks.count == 1 { return termQuery(toks[0]) }
        return positional(toks, op: .phrase)
    }

    mutating func positional(_ toks: [Token], op: Query.Op) -> Query {
        for t in toks { highlightTerms.folded.insert(t.folded) }
        if exact {
            for t in toks { highlightTerms.exact.insert(t.exact) }
            return Query(op, toks.map { Query(term: Schema.exact + $0.exact) }, window: UInt32(toks.count))
        }
        let folded = Query(op, toks.map { Query(term: $0.folded) }, window: UInt32(toks.count))
        if toks.contains(where: { QueryBuilder.hasDiacritics($0.exact) }) {
            for t in toks { highlightTerms.exact.insert(t.exact) }
            let ex = Query(op, toks.map { Query(term: Schema.exact + $0.exact) }, window: UInt32(toks.count))
            return Query(.andMaybe, [folded, ex])
        }
        return folded
    }

    /// Field prefixes become filters.
    mutating func applyFields(to filter: inout Filter) throws(ArchiveError) {
        for (name, value) in fields {
            let v = value.trimmingCharacters(in: .whitespaces)
            if v.isEmpty { throw .badInput("field \(name): has no value") }
            switch name {
            case "loai": filter.type = v
            case "coquan": filterQueries.append(Filter.wordsQuery(v, prefix: Schema.issuer))
            case "noi": filterQueries.append(Filter.wordsQuery(v, prefix: Schema.place))
            case "nam":
                guard let y = Int(v), y > 1900, y < 2200 else { throw .badInput("nam:\(v) is not a year") }
                filterQueries.append(Query(term: Schema.year + String(y)))
            case "so":
                if let ref = UserRef.parse(v) {
                    if let full = ref.full { filterQueries.append(Query(term: Schema.number + Schema.numberKey(full))) }
                    else {
                        var qs = [Query(term: Schema.serial + ref.serial)]
                        if let t = ref.type { qs.append(Query(term: Schema.typeTerm(t))) }
                        filterQueries.append(qs.count == 1 ? qs[0] : Query(.and, qs))
                    }
                } else {
                    throw .badInput("so:\(v) is not a document number")
                }
            case "ngay":
                let (from, to) = try DateRange.parse(v)
                filterQueries.append(Query(valueRange: Schema.dateSlot, from: from.map(Filter.lowKey) ?? "00000000", to: to.map(Filter.highKey) ?? "99999999"))
            default: break
            }
        }
    }
}

// Ranked search over an archive reader: the request and response types and the service that runs
// a query (`QueryBuilder.swift` builds it), pins named documents, checks phrases and explains.

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
    /// Say, for each hit, which parts of the query gave it its weight.
    public var explain: Bool
    /// The abbreviation table (defaults to `Archive.abbreviations()`).
    public var abbreviations: Abbreviations?
    /// Fewer hits than this makes the search propose a correction from the archive's vocabulary.
    public var suggestBelow: Int
    public init(query: String, filter: Filter = Filter(), limit: Int = 10, exact: Bool = false,
                explain: Bool = false, abbreviations: Abbreviations? = nil, suggestBelow: Int = 3) {
        self.query = query; self.filter = filter; self.limit = limit; self.exact = exact
        self.explain = explain; self.abbreviations = abbreviations; self.suggestBelow = suggestBelow
    }
}

public struct SearchHit {
    public var document: StoredDocument
    public var score: Double
    public var snippet: Snippet
    /// Set when the request asked for `explain`.
    public var explanation: Explanation?
}

public struct SearchResponse {
    public var query: String
    public var total: Int
    public var hits: [SearchHit]
    /// A corrected query from the archive's own vocabulary, when the query found few documents.
    public var suggestion: String?
    /// The query read as a REF that names no archived document ("KH 999999"): then the search is
    /// `searched`, the documents that mention its number (the type word only ranks).
    public var missingReference: UserRef?
    public var searched: String?
}

/// Why a document ranked where it did: the weight each part of the query gave it.
public struct Explanation: Sendable {
    public struct Part: Sendable {
        /// What matched: a word, a phrase, an abbreviation and its expansions, a boost.
        public var label: String
        /// BM25 weight this part alone gives the document (boosts already scaled).
        public var weight: Double
    }
    /// Put first because the query names the document's number.
    public var pinned: Bool
    public var parts: [Part]
}

extension SearchService {
    /// Ranked search. A query that names a document number ("KH 6757", "6757/KH-SYT",
    /// "kết luận 226") puts the documents with that number first.
    public func run(_ req: SearchRequest) throws(ArchiveError) -> SearchResponse {
        reader.lock.lock(); defer { reader.lock.unlock() }
        let prepared = try prepare(req)
        let node = prepared.node, table = prepared.table, typeCodes = prepared.typeCodes, built = prepared.built
        let builder = built.builder, text = built.text, base = built.base
        let ref = prepared.ref, searched = prepared.searched
        // Number look-up first.
        let pinned = prepared.pinned

        let enquire = Enquire(db)
        enquire.setQuery(base)
        enquire.setBM25()
        if text == nil { enquire.sortByValue(Schema.dateSlot, reverse: true) }
        let limit = max(0, req.limit)
        // Documents first, snippets only for the hits shown.
        var found: [(document: StoredDocument, score: Double)] = []
        let pinnedIDs = Set(pinned.map(\.id))
        let pinnedDocids = Set(pinned.map(\.docid))
        for d in pinned.prefix(limit) { found.append((try load(d.docid) ?? d, 0)) }
        var seen = Set<UInt32>()
        var topScore: Double?
        var first = 0, estimated = 0, dropped = 0, checked = 0
        var matchedPinned = Set<UInt32>()
        var variants: [Set<Int>: Query] = [:]
        // Each further page is four times the one before: Xapian runs the whole match again for each
        // page, so equal pages cost the square of the hits dropped (a phrase found in none of its
        // 473 candidates took 47 matches).
        var page = limit + pinned.count
        // Xapian estimates an AND of pair terms as if they were independent, which they are not
        // (the pairs of a phrase come together): where the query has such a phrase, the matches
        // are counted up to `pairCount` (no positions to read, so counting is cheap).
        let countAtLeast = builder.pairSequences > 0 ? QueryBuilder.pairCount : 0
        pages: while true {
            let mset: MSet
            do { mset = try enquire.mset(first: first, max: page, checkAtLeast: max(first + page, countAtLeast)) }
            catch { throw ArchiveError.from(error, path: path) }
            if first == 0 {
                estimated = max(mset.matchesEstimated, 0)
                for item in mset.items where pinnedDocids.contains(item.docid) { matchedPinned.insert(item.docid) }
            }
            for item in mset.items {
                if pinnedDocids.contains(item.docid) { continue }
                guard seen.insert(item.docid).inserted else { continue }
                if found.count >= limit && topScore != nil { break pages }
                var loaded: StoredDocument?
                if !builder.checkedPhrases.isEmpty {
                    // The text first: the rest of the record is decoded only for a hit with the phrases.
                    guard let (doc, missing) = try load(item.docid, checkingText: { builder.missingPhrases(in: $0) }) else { continue }
                    checked += 1
                    if !missing.isEmpty {
                        guard try matchesWithout(missing, item.docid, node, req, table, typeCodes, &variants) else {
                            dropped += 1
                            continue
                        }
                    }
                    loaded = doc
                }
                if loaded == nil { loaded = try load(item.docid) }
                guard let d = loaded, !pinnedIDs.contains(d.id) else { continue }
                if topScore == nil { topScore = item.weight }
                if found.count < limit { found.append((d, item.weight)) }
            }
            // More pages only when hits were dropped for not having a phrase.
            guard dropped > 0, mset.count == page, found.count < limit || topScore == nil else { break }
            first += page
            page = min(page * 4, 10_000)
        }
        if let top = topScore {
            for k in 0..<min(pinned.count, found.count) { found[k].score = top + 1 }
        }
        // Hits dropped for lacking a phrase: the same share of the hits not looked at lack it too.
        let unchecked = max(0, estimated - checked)
        let keptShare = checked > 0 ? Double(checked - dropped) / Double(checked) : 1
        let total = max(estimated - dropped - Int((Double(unchecked) * (1 - keptShare)).rounded()),
                        found.count - min(pinned.count, found.count))
            + pinned.filter { !matchedPinned.contains($0.docid) }.count
        let terms = builder.highlightTerms
        var hits = found.map { f in
            SearchHit(document: f.document, score: f.score,
                      snippet: Snippet.make(text: f.document.doc.text, folded: terms.folded, exact: terms.exact, firstPage: f.document.firstPage))
        }
        if req.explain {
            for k in hits.indices {
                hits[k].explanation = explain(hits[k].document, parts: builder.parts, pinned: pinnedIDs.contains(hits[k].document.id))
            }
        }
        // "Did you mean" when few documents match or a word is unknown to the archive.
        let suggestion = text == nil || searched != nil ? nil : suggest(req.query, fewResults: total < req.suggestBelow, alsoKnown: Set(table.expansions.keys))
        return SearchResponse(query: req.query, total: total, hits: hits, suggestion: suggestion,
                              missingReference: searched == nil ? nil : ref, searched: searched)
    }

    /// A request read, as `run` and `facets` read it: the query parsed (at most 10,000 bytes), the
    /// abbreviation table, the type codes it knows, the Xapian query built; `ref`, the query read as a
    /// REF, and `pinned`, the documents it names by number, which a search puts first (within the
    /// filter; as headers: only the documents shown need their text, for the snippet). A REF that
    /// names no archived document is `searched` as the documents that mention its number, not every
    /// document with the type word ("KH 999999" is not a search for "kh").
    func prepare(_ req: SearchRequest) throws(ArchiveError)
        -> (node: QueryNode, table: Abbreviations, typeCodes: Set<String>,
            built: (builder: QueryBuilder, text: Query?, base: Query, filter: Filter),
            ref: UserRef?, searched: String?, pinned: [StoredDocument]) {
        guard req.query.utf8.count <= 10_000 else { throw .badInput("query longer than 10,000 bytes") }
        var node = QueryLanguage.parse(req.query)
        let table: Abbreviations
        if let a = req.abbreviations { table = a } else { table = try abbreviations() }
        let typeCodes = typeCodes(among: table)
        var pinned: [StoredDocument] = []
        let ref = UserRef.parse(req.query)
        var searched: String?
        if let ref {
            pinned = try candidates(for: ref, bodies: false)
            if pinned.isEmpty {
                searched = "+" + (ref.full ?? ref.serial) + (ref.full == nil ? ref.type.map { " " + $0 } ?? "" : "")
                node = QueryLanguage.parse(searched!)
            }
        }
        let built = try buildQuery(node, req, table, typeCodes)
        if ref != nil, !built.filter.isEmpty, !pinned.isEmpty {
            // One query for all of them (not one per document).
            let ids = Query(.or, pinned.map { Query(term: Schema.idTerm($0.id)) })
            let e = Enquire(db)
            e.setQuery(built.filter.apply(to: ids, abbreviations: table))
            let accepted: Set<UInt32>
            do { accepted = Set(try e.mset(first: 0, max: pinned.count).items.map(\.docid)) }
            catch { throw ArchiveError.from(error, path: path) }
            pinned = pinned.filter { accepted.contains($0.docid) }
        }
        return (node, table, typeCodes, built, ref, searched, pinned)
    }

    /// The query of a request: text part, fields as filters.
    func buildQuery(_ node: QueryNode, _ req: SearchRequest, _ table: Abbreviations, _ typeCodes: Set<String>,
                            falsePhrases: Set<Int> = []) throws(ArchiveError) -> (builder: QueryBuilder, text: Query?, base: Query, filter: Filter) {
        var builder = QueryBuilder(exact: req.exact, abbreviations: table)
        builder.typeCodes = typeCodes
        // Schema 4 has no positions to read a phrase from: its pair terms are the only way.
        builder.positionless = schemaVersion >= Schema.positionlessSince
        builder.pairTerms = (options.usePairTerms || builder.positionless) && schemaVersion >= Schema.pairTermsSince
        builder.falsePhrases = falsePhrases
        let text = builder.buildTop(node)
        var filter = req.filter
        try builder.applyFields(to: &filter)
        var extraFilters = builder.filterQueries
        var base: Query
        if let t = text { base = t } else { base = Query.matchAll }
        base = filter.apply(to: base, abbreviations: table)
        if !extraFilters.isEmpty {
            base = Query(.filter, [base, extraFilters.count == 1 ? extraFilters.removeFirst() : Query(.and, extraFilters)])
        }
        // Boosts on the filtered query, one binary AND_MAYBE each (see `buildTop`), then exclusions.
        base = builder.topBoosts.reduce(base) { Query(.andMaybe, [$0, $1]) }
        if let e = builder.topExclusion { base = Query(.andNot, [base, e]) }
        return (builder, text, base, filter)
    }

    /// Whether a hit lacking some of the phrases the index cannot confirm alone (`checkedPhrases`,
    /// see `QueryBuilder.missingPhrases`) still matches the rest of the query without them. The
    /// query without a set of phrases is built once per search; one that is nothing without them
    /// (a phrase alone, phrases under AND) matches nothing.
    func matchesWithout(_ missing: Set<Int>, _ docid: UInt32, _ node: QueryNode, _ req: SearchRequest,
                                _ table: Abbreviations, _ typeCodes: Set<String>,
                                _ variants: inout [Set<Int>: Query]) throws(ArchiveError) -> Bool {
        let variant: Query
        if let q = variants[missing] { variant = q } else {
            variant = try buildQuery(node, req, table, typeCodes, falsePhrases: missing).base
            variants[missing] = variant
        }
        if variant.isEmpty { return false }
        guard let id = try loadHeader(docid)?.id else { return false }
        let e = Enquire(db)
        e.setQuery(Query(.filter, [variant, Query(term: Schema.idTerm(id))]))
        do { return try e.mset(first: 0, max: 1).count > 0 } catch { throw ArchiveError.from(error, path: path) }
    }
}

extension SearchService {
    /// Abbreviations of the table that are document types of this archive.
    func typeCodes(among table: Abbreviations) -> Set<String> {
        Set(table.expansions.keys.filter { db.termExists(Schema.typeWord + $0) })
    }

    /// Each part of the query run alone against one document.
    func explain(_ d: StoredDocument, parts: [(label: String, query: Query)], pinned: Bool) -> Explanation {
        var out: [Explanation.Part] = []
        let only = Query(term: Schema.idTerm(d.id))
        for p in parts {
            let e = Enquire(db)
            e.setQuery(Query(.filter, [p.query, only]))
            e.setBM25()
            guard let m = try? e.mset(first: 0, max: 1), let w = m.items.first?.weight, w > 0 else { continue }
            out.append(.init(label: p.label, weight: w))
        }
        return Explanation(pinned: pinned, parts: out)
    }

    func filterAccepts(_ f: Filter, _ d: StoredDocument) -> Bool {
        if f.isEmpty { return true }
        let q = Query(.filter, [Query(term: Schema.idTerm(d.id)), f.apply(to: Query.matchAll)])
        let e = Enquire(db)
        e.setQuery(q)
        return ((try? e.mset(first: 0, max: 1))?.count ?? 0) > 0
    }
}

// The query builder of ranked search: the parsed query (QueryLanguage) as Xapian queries over
// folded and exact terms, with abbreviations, boosts, checked phrases and field filters.
// `Search.swift` runs it.

import Documents
import Foundation
import VietText
import Xapian

/// Turns the parsed query into Xapian queries over folded and exact terms.
///
/// Each run of plain words typed side by side ("le loi lam viec") is read three ways:
/// - every word on its own (any word may match: scattered syllables still find the document);
/// - abbreviations both ways: "ubnd" also matches "Ủy ban nhân dân", "so y te" also matches
///   "SYT" (one synonym per concept, so a document is not counted twice for writing both);
/// - boosts on top of the plain match: adjacent syllables that stand together in the document
///   (each neighbouring pair as a phrase weighing as much as its two words: multi-syllable words
///   rank as words), the document type the query names ("kế hoạch …"), and neighbouring words
///   that stand together in the document's issuer (a clerk typing "so y te can tho" means
///   documents of that office).
struct QueryBuilder {
    /// Where the text's exact (accented) forms are.
    static let exactPrefix = Schema.textField.exactPrefix!
    let exact: Bool
    let abbreviations: Abbreviations
    var fields: [(String, String)] = []
    var filterQueries: [Query] = []
    var highlightTerms: (folded: Set<String>, exact: Set<String>) = ([], [])
    /// Every weighted piece of the query, labelled, for `--explain`.
    var parts: [(label: String, query: Query)] = []
    /// Phrases the index cannot confirm alone, in the order built: the hits' stored text must
    /// have these words at consecutive positions, with these exact forms when `exact` is given.
    /// `--exact` phrases (the index only says that the folded words stand together and that the
    /// exact words are in the document), and on a positionless database (schema 4) phrases of
    /// three words or more (the index only says that each two neighbouring words stand together).
    var checkedPhrases: [(folded: [String], exact: [String]?)] = []
    /// The indices of `checkedPhrases` a document's text lacks: `--exact` phrases (the index found
    /// the folded phrase and the exact words somewhere) and, since schema 4, phrases of three words
    /// or more (the index found each neighbouring pair); the text must have the words side by side.
    func missingPhrases(in text: String) -> Set<Int> {
        var missing = Set<Int>()
        for (k, p) in checkedPhrases.enumerated() where !ExactPhrase.occurs(folded: p.folded, exact: p.exact, in: text) {
            missing.insert(k)
        }
        return missing
    }

    /// Indices of `checkedPhrases` to build as matching nothing (a document found not to have them).
    var falsePhrases: Set<Int> = []
    private var recording = true
    /// Building an excluded clause: a word typed with accents excludes only those accents
    /// ("-đôn" must not exclude every "đơn").
    private var excluding = false

    /// The database has the pair terms (`Schema.pairTermsSince`): "together" and issuer-pair
    /// boosts are `FILTER(AND(a, b), pair term)` instead of phrases.
    var pairTerms = false
    /// The folded words of the text have no positions (schema 4): phrases are pair terms.
    var positionless = false
    /// Typed phrases built as an AND of two pair terms or more (their estimate is poor: see `search`).
    var pairSequences = 0
    /// Matches counted exactly, at least, for a query with such a sequence.
    static let pairCount = 2000

    /// Weight of the document type named in the query.
    static let typeScale = 2.0
    /// Folded type codes the archive has (`kh`, `bc`, …): abbreviations that name a document type.
    var typeCodes: Set<String> = []

    init(exact: Bool, abbreviations: Abbreviations = .builtIn) {
        self.exact = exact
        self.abbreviations = abbreviations
    }

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
            guard let q = withoutRecording({ $0.build(x) }) else { return nil }
            return Query(.andNot, [Query.matchAll, q])
        case .group(let must, let should, let mustNot):
            return group(must, should, mustNot, deferred: false)
        }
    }

    /// Boosts and exclusions of the outermost group, left for the caller to put on top of its
    /// filters (`buildTop`).
    var topBoosts: [Query] = []
    var topExclusion: Query?

    /// The query without the outermost group's boosts and exclusions, which go to `topBoosts` and
    /// `topExclusion`: the caller filters first and boosts the filtered query. Xapian 1.4.22 gives
    /// wrong weights (the weight of a phrase boost a document does not match, depending on
    /// --limit) for FILTER(AND_MAYBE(…, phrase) AND_MAYBE phrase, filter), e.g. `va can loai:BC`;
    /// boosting the filtered query does not have that problem, and checks the boosts only on
    /// documents that pass the filters.
    mutating func buildTop(_ n: QueryNode) -> Query? {
        if case .group(let must, let should, let mustNot) = n { return group(must, should, mustNot, deferred: true) }
        return build(n)
    }

    private mutating func group(_ must: [QueryNode], _ should: [QueryNode], _ mustNot: [QueryNode], deferred: Bool) -> Query? {
        var boosts: [Query] = []
        let m = buildList(must, boosts: &boosts)
        let s = buildList(should, boosts: &boosts)
        let x = withoutRecording { b in
            b.excluding = true
            return mustNot.compactMap { b.build($0) }
        }
        var q: Query?
        if !m.isEmpty {
            q = m.count == 1 ? m[0] : Query(.and, m)
            if !s.isEmpty { q = Query(.andMaybe, [q!, s.count == 1 ? s[0] : Query(.or, s)]) }
        } else if !s.isEmpty {
            q = s.count == 1 ? s[0] : Query(.or, s)
        }
        let exclusion = x.isEmpty ? nil : (x.count == 1 ? x[0] : Query(.or, x))
        if deferred {
            if q != nil { topBoosts = boosts }
            topExclusion = exclusion
            return q ?? (exclusion != nil ? Query.matchAll : nil)
        }
        if let base = q, !boosts.isEmpty {
            // One binary AND_MAYBE per boost: Xapian 1.4 can return a document twice, or
            // weigh it by --limit, when phrases sit under one OR beneath AND_MAYBE.
            q = boosts.reduce(base) { Query(.andMaybe, [$0, $1]) }
        }
        if let e = exclusion {
            q = Query(.andNot, [q ?? Query.matchAll, e])
        }
        return q
    }

    /// Excluded clauses neither highlight nor explain.
    private mutating func withoutRecording<T>(_ body: (inout QueryBuilder) -> T) -> T {
        let (h, r, e) = (highlightTerms, recording, excluding)
        recording = false
        defer { highlightTerms = h; recording = r; excluding = e }
        return body(&self)
    }

    private mutating func record(_ label: String, _ q: Query) {
        if recording { parts.append((label, q)) }
    }

    /// Builds a list of clauses, reading runs of plain words together.
    private mutating func buildList(_ nodes: [QueryNode], boosts: inout [Query]) -> [Query] {
        var out: [Query] = []
        var run: [Token] = []
        func flush(_ b: inout QueryBuilder) {
            if !run.isEmpty { out.append(contentsOf: b.runQueries(run, boosts: &boosts)) }
            run = []
        }
        for n in nodes {
            if case .word(let w) = n {
                let toks = Schema.textField.analyzer.queryTerms(w)
                if !toks.isEmpty, toks.allSatisfy({ $0.kind == .word }) {
                    run.append(contentsOf: toks)
                    continue
                }
            }
            flush(&self)
            if let q = build(n) { out.append(q) }
        }
        flush(&self)
        return out
    }

    static func hasDiacritics(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0.value > 0x7F }
    }

    /// The folded term of a word (a number without its leading zeros).
    static func foldedTerm(_ t: Token) -> String {
        t.kind == .word ? Analyzer.canonical(t.folded) : t.folded
    }

    /// One word: its folded term, and its exact term ranked higher when the word was typed with accents.
    mutating func termQuery(_ t: Token) -> Query {
        highlightTerms.folded.insert(t.folded)
        if exact || (excluding && QueryBuilder.hasDiacritics(t.exact)) {
            highlightTerms.exact.insert(t.exact)
            return Query(term: QueryBuilder.exactPrefix + t.exact)
        }
        let f = Query(term: QueryBuilder.foldedTerm(t))
        if QueryBuilder.hasDiacritics(t.exact) {
            highlightTerms.exact.insert(t.exact)
            // Any accent matches; the exact accents rank higher.
            return Query(.or, [f, Query(term: QueryBuilder.exactPrefix + t.exact)])
        }
        return f
    }

    /// A plain word, and what it stands for when it is an abbreviation.
    private mutating func singleWord(_ t: Token) -> Query {
        var unused: [Query]? = nil
        return singleWord(t, accents: &unused)
    }

    /// A plain word; with `accents`, a word typed with accents that is not an abbreviation matches
    /// by its folded term alone and leaves its exact term in `accents`, for the caller to put on
    /// top as a boost: the same documents (a document with the exact spelling has the folded one)
    /// and the same weights as `OR(folded, exact)` in the match, but the matcher reads the exact
    /// terms only for documents that match already, instead of merging both lists of every word.
    private mutating func singleWord(_ t: Token, accents: inout [Query]?) -> Query {
        let q = termQuery(t)
        guard t.kind == .word, let xs = abbreviations.expansions[t.folded], !xs.isEmpty else {
            record(t.exact, q)
            if accents != nil, !exact, !excluding, QueryBuilder.hasDiacritics(t.exact) {
                accents!.append(Query(term: QueryBuilder.exactPrefix + t.exact))
                return Query(term: QueryBuilder.foldedTerm(t))
            }
            return q
        }
        let alts = [q] + xs.map { expansionQuery($0) }
        let s = Query(.synonym, alts)
        record("\(t.exact) = " + xs.map(\.text).joined(separator: " | "), s)
        return s
    }

    /// An expansion from the table, as a phrase.
    private mutating func expansionQuery(_ x: Abbreviations.Expansion) -> Query {
        for f in x.folded { highlightTerms.folded.insert(f) }
        if x.folded.count == 1 { return Query(term: exact ? QueryBuilder.exactPrefix + x.exact[0] : x.folded[0]) }
        if exact { return exactPhrase(x.exact, folded: x.folded) }
        // On a positionless database an expansion is not checked in the text: its words' pairs
        // standing each together are enough for a name from the table.
        return sequence(x.folded).query
    }

    /// The clauses of a run of plain words, and its boosts.
    private mutating func runQueries(_ toks: [Token], boosts: inout [Query]) -> [Query] {
        var out: [Query] = []
        var boostWords: [String] = []
        var abbreviationsUsed: [String] = []
        var accents: [Query]? = []
        /// The run's units: a word, or an abbreviation's (first) expansion, or an expansion typed out.
        var units: [[String]] = []
        let folded = toks.map(\.folded)
        var i = 0
        while i < toks.count {
            if let hit = abbreviations.expansionsStarting(at: i, in: folded).first, hit.length > 1 {
                // An expansion written out: it also matches its abbreviation (and other expansions).
                let span = Array(toks[i..<(i + hit.length)])
                var alts = [positional(span, checked: false), Query(term: hit.abbreviation)]
                highlightTerms.folded.insert(hit.abbreviation)
                for x in abbreviations.expansions[hit.abbreviation] ?? [] where x.folded != Array(folded[i..<(i + hit.length)]) {
                    alts.append(expansionQuery(x))
                }
                let s = Query(.synonym, alts)
                record(span.map(\.exact).joined(separator: " ") + " = " + (abbreviations.spelling[hit.abbreviation] ?? hit.abbreviation), s)
                out.append(s)
                boostWords.append(contentsOf: folded[i..<(i + hit.length)])
                units.append(Array(folded[i..<(i + hit.length)]))
                abbreviationsUsed.append(hit.abbreviation)
                i += hit.length
                continue
            }
            out.append(singleWord(toks[i], accents: &accents))
            boostWords.append(folded[i])
            let xs = abbreviations.expansions[folded[i]] ?? []
            for x in xs { boostWords.append(contentsOf: x.folded) }
            units.append(xs.first?.folded ?? [folded[i]])
            i += 1
        }
        // The exact spellings of the words typed with accents (see `singleWord`).
        if let a = accents, !a.isEmpty { boosts.append(a.count == 1 ? a[0] : Query(.or, a)) }
        // Neighbouring syllables standing together.
        if toks.count > 1 {
            for k in 0..<(toks.count - 1) {
                // Unscaled: Xapian 1.4 gives a scaled phrase inconsistent weights under pruning
                // (a document's score then depends on --limit).
                let q = exact
                    ? exactPair(toks[k], toks[k + 1])
                    : pairBoost(Schema.stripLeadingZerosIfNumber(toks[k].folded), Schema.stripLeadingZerosIfNumber(toks[k + 1].folded),
                                prefix: Schema.textField.prefix, pairPrefix: Schema.textField.pairPrefix!, window: UInt32(Schema.textField.pairWindow))
                record("together: \(toks[k].exact) \(toks[k + 1].exact)", q)
                boosts.append(q)
            }
        }
        // A document type named in the query ("kế hoạch", "BC"): documents of that type.
        var typeTerms: [String] = []
        for w in boostWords + abbreviationsUsed where typeCodes.contains(w) {
            if !typeTerms.contains(Schema.typeWord + w) { typeTerms.append(Schema.typeWord + w) }
        }
        if !typeTerms.isEmpty {
            let q = Query(scale: QueryBuilder.typeScale, typeTerms.count == 1 ? Query(term: typeTerms[0]) : Query(.or, typeTerms.map { Query(term: $0) }))
            record("type: " + typeTerms.map { String($0.dropFirst(Schema.typeWord.count)).uppercased() }.joined(separator: " "), q)
            boosts.append(q)
        }
        // Neighbouring units found together in the issuer's name ("so y te | can | tho",
        // "quynh | luu"), abbreviations written out ("SYT Can Tho"): the last word of a unit and the
        // first of the next. Pairs, not single words: one shared word ("loi" of "Thủy lợi") says
        // nothing about the issuer, and a long expansion counts once, not once per syllable.
        var pairs: [(String, String)] = []
        if units.count > 1 {
            for k in 0..<(units.count - 1) {
                let p = (units[k].last!, units[k + 1].first!)
                if !pairs.contains(where: { $0 == p }) { pairs.append(p) }
            }
        }
        for (a, b) in pairs {
            let issuer = Schema.issuerField
            guard Schema.clip(issuer.prefix + a) != nil, Schema.clip(issuer.prefix + b) != nil else { continue }
            // Window 3: "bệnh tật tỉnh Nghệ An", "Sở Y tế thành phố Cần Thơ" still count.
            let q = pairBoost(a, b, prefix: issuer.prefix, pairPrefix: issuer.pairPrefix!, window: UInt32(issuer.pairWindow))
            record("issuer: \(a) \(b)", q)
            boosts.append(q)
        }
        // An abbreviation (or its expansion) that is the issuer's name or part of it.
        for u in units where u.count > 1 {
            let terms = u.compactMap { Schema.clip(Schema.issuerField.prefix + $0) }
            guard terms.count == u.count else { continue }
            let q = Query(scale: 2.0 / Double(u.count), Query(.phrase, terms.map { Query(term: $0) }, window: UInt32(u.count)))
            record("issuer: " + u.joined(separator: " "), q)
            boosts.append(q)
        }
        return out
    }

    mutating func wordQuery(_ w: String) -> Query? {
        let toks = Schema.textField.analyzer.queryTerms(w)
        if toks.isEmpty { return nil }
        if let c = toks.first(where: { $0.kind == .compound }) {
            // A document number or date typed whole: match it whole.
            for t in toks where t.kind == .word { highlightTerms.folded.insert(t.folded) }
            let q = termQuery(c)
            record(c.exact, q)
            return q
        }
        if toks.count == 1 { return singleWord(toks[0]) }
        let q = positional(toks)
        record(w, q)
        return q
    }

    mutating func phraseQuery(_ p: String) -> Query? {
        let toks = Schema.textField.analyzer.queryTerms(p).filter { $0.kind == .word }
        if toks.isEmpty { return nil }
        if toks.count == 1 { return singleWord(toks[0]) }
        let q = positional(toks)
        record("\"\(p)\"", q)
        return q
    }

    /// A phrase (or a word typed with hyphens) as a Xapian phrase over folded terms.
    ///
    /// Exact (`XE`) terms carry no positions (see `makeXapianDocument`), so exact accents are
    /// asked of the document, not of the phrase: with `--exact` the phrase is the AND of the exact
    /// terms (their weight, as the old exact phrase gave) FILTERed by the folded phrase, and
    /// `Archive.search` checks the exact words at consecutive positions in the stored text of each
    /// hit (`checkedPhrases`); an accented phrase ranks documents higher that have every word of it
    /// in the typed accents. Works the same on databases whose exact terms have positions.
    ///
    /// On a positionless database (schema 4) the folded phrase is `sequence`: exact for two words;
    /// a longer one is also checked in the text of each hit (`checkedPhrases`). An excluded phrase
    /// is not checked: it excludes the documents where each two neighbouring words stand together;
    /// nor is an expansion of the abbreviation table typed out (`checked` false), as `expansionQuery`.
    mutating func positional(_ toks: [Token], checked: Bool = true) -> Query {
        for t in toks { highlightTerms.folded.insert(t.folded) }
        let seq = sequence(toks.map { Schema.stripLeadingZerosIfNumber($0.folded) })
        let folded = seq.query
        let exactWords = Query(.and, toks.map { Query(term: QueryBuilder.exactPrefix + $0.exact) })
        let exactForm = exact || (excluding && toks.contains(where: { QueryBuilder.hasDiacritics($0.exact) }))
        // Only typed phrases have their matches counted: an abbreviation's expansion sits in a
        // synonym with the abbreviation, where the estimate matters less than the cost of counting.
        if positionless && checked && !seq.confirmed && toks.count > 2 { pairSequences += 1 }
        if (exact || (checked && !seq.confirmed)) && !excluding && recording {
            let k = checkedPhrases.count
            checkedPhrases.append((folded: toks.map(\.folded), exact: exact ? toks.map(\.exact) : nil))
            // A document whose text does not have the phrase: the query without it.
            if falsePhrases.contains(k) { return Query.matchNothing }
        }
        if exactForm {
            for t in toks { highlightTerms.exact.insert(t.exact) }
            return Query(.filter, [exactWords, folded])
        }
        if toks.contains(where: { QueryBuilder.hasDiacritics($0.exact) }) {
            for t in toks { highlightTerms.exact.insert(t.exact) }
            return Query(.andMaybe, [folded, exactWords])
        }
        return folded
    }

    /// Two words standing together (`window` 2: side by side; 3: the issuer pairs, at most 2
    /// apart, in order): with pair terms, `FILTER(AND(a, b), pair term)`, else the phrase. Same
    /// documents, and the same weight: Xapian 1.4 weighs a phrase as the AND of its terms, and the
    /// filter's pair term weighs nothing; but no position list is read and the boost does not keep
    /// the matcher from pruning.
    func pairBoost(_ a: String, _ b: String, prefix: String, pairPrefix: String, window: UInt32) -> Query {
        let terms = [Query(term: prefix + a), Query(term: prefix + b)]
        if pairTerms, let t = Schema.pairTerm(pairPrefix, a, b) {
            return Query(.filter, [Query(.and, terms), Query(term: t)])
        }
        // A pair too long for a term, on a database without text positions: both words.
        if positionless && prefix.isEmpty { return Query(.and, terms) }
        return Query(.phrase, terms, window: window)
    }

    /// Folded words side by side, as the database can tell: a Xapian phrase where the words have
    /// positions (schema 3 and older); since schema 4 the words FILTERed by the pair term of each
    /// two neighbours, which weighs as the phrase did (the AND of its words) and is the phrase
    /// itself for two words (`confirmed`); three words or more are confirmed only by the text,
    /// and so is a pair too long to be a term.
    func sequence(_ words: [String]) -> (query: Query, confirmed: Bool) {
        let terms = words.map { Query(term: $0) }
        guard positionless, words.count > 1 else { return (Query(.phrase, terms, window: UInt32(words.count)), true) }
        var pairs: [Query] = []
        for k in 1..<words.count {
            if let t = Schema.pairTerm(Schema.textField.pairPrefix!, words[k - 1], words[k]) { pairs.append(Query(term: t)) }
        }
        let and = Query(.and, terms)
        if pairs.isEmpty { return (and, false) }
        return (Query(.filter, [and, pairs.count == 1 ? pairs[0] : Query(.and, pairs)]), words.count == 2 && pairs.count == 1)
    }

    /// `--exact` "together" boost: the exact terms' weight where the folded words stand side by
    /// side (`exactPhrase`, with the pair term instead of the folded phrase when there is one).
    func exactPair(_ x: Token, _ y: Token) -> Query {
        let a = Schema.stripLeadingZerosIfNumber(x.folded), b = Schema.stripLeadingZerosIfNumber(y.folded)
        if pairTerms, let t = Schema.pairTerm(Schema.textField.pairPrefix!, a, b) {
            return Query(.filter, [Query(.and, [Query(term: QueryBuilder.exactPrefix + x.exact), Query(term: QueryBuilder.exactPrefix + y.exact)]), Query(term: t)])
        }
        return exactPhrase([x.exact, y.exact], folded: [x.folded, y.folded])
    }

    /// Exact terms side by side, without positions on exact terms: the exact terms' weight where
    /// the folded words stand side by side (`sequence`) and the document has every exact spelling.
    func exactPhrase(_ exact: [String], folded: [String]) -> Query {
        Query(.filter, [Query(.and, exact.map { Query(term: QueryBuilder.exactPrefix + $0) }),
                        sequence(folded.map { Schema.stripLeadingZerosIfNumber($0) }).query])
    }

    /// Field prefixes become filters.
    mutating func applyFields(to filter: inout Filter) throws(ArchiveError) {
        for (name, value) in fields {
            let v = value.trimmingCharacters(in: .whitespaces)
            if v.isEmpty { throw .badInput("field \(name): has no value") }
            switch name {
            case "loai":
                guard let code = DocumentTypes.code(forName: v) else {
                    throw .badInput("loai:\(v) is not a document type; use one of \(DocumentTypes.all.map(\.code).joined(separator: ", "))")
                }
                filter.type = code
            case Schema.issuerField.name: filterQueries.append(NamePattern(v, abbreviations: abbreviations).query(field: Schema.issuerField))
            case Schema.placeField.name: filterQueries.append(NamePattern(v, abbreviations: abbreviations).query(field: Schema.placeField))
            case "nam":
                guard let y = Int(v), y > 1900, y < 2200 else { throw .badInput("nam:\(v) is not a year") }
                filterQueries.append(Query(term: Schema.year + String(y)))
            case "so":
                if let ref = UserRef.parse(v) {
                    if let full = ref.full { filterQueries.append(Query(term: Schema.numberField.queryTerms(full)[0])) }
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

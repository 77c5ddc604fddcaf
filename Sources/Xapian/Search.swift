// Queries, query parsing, and matching.
import CXapian

// MARK: - Query

/// An immutable Xapian query. Constructors never throw: if Xapian rejects a
/// construction, the query matches nothing, `constructionError` records why,
/// and Enquire.mset(...) rethrows that error.
public final class Query: CustomStringConvertible {
    public enum Op {
        case and, or, andNot, xor, andMaybe, filter, near, phrase, eliteSet, synonym, max

        var raw: Int32 {
            switch self {
            case .and: return Int32(CX_OP_AND)
            case .or: return Int32(CX_OP_OR)
            case .andNot: return Int32(CX_OP_AND_NOT)
            case .xor: return Int32(CX_OP_XOR)
            case .andMaybe: return Int32(CX_OP_AND_MAYBE)
            case .filter: return Int32(CX_OP_FILTER)
            case .near: return Int32(CX_OP_NEAR)
            case .phrase: return Int32(CX_OP_PHRASE)
            case .eliteSet: return Int32(CX_OP_ELITE_SET)
            case .synonym: return Int32(CX_OP_SYNONYM)
            case .max: return Int32(CX_OP_MAX)
            }
        }
    }

    let handle: OpaquePointer
    /// Set if Xapian rejected the construction (the query then matches nothing).
    public let constructionError: XapianError?

    init(handle: OpaquePointer) {
        self.handle = handle
        constructionError = nil
    }

    /// Adopts a shim result, or falls back to MatchNothing plus the error.
    private init(result: OpaquePointer?, err: inout cx_error, inherited: XapianError? = nil) {
        if err.code != 0 || result == nil {
            let e = err.code != 0 ? takeError(&err) : XapianError.other("query construction failed")
            var err2 = cx_error()
            guard let nothing = cx_query_match_nothing(&err2) else {
                fatalError("Xapian: cannot allocate query: \(takeError(&err2))")
            }
            handle = nothing
            constructionError = e
        } else {
            handle = result!
            constructionError = inherited
        }
    }

    deinit { cx_query_free(handle) }

    public convenience init(term: String, wqf: UInt32 = 1, position: UInt32 = 0) {
        var err = cx_error()
        let h = withBytes(term) { p, n in cx_query_term(p, n, wqf, position, &err) }
        self.init(result: h, err: &err)
    }

    /// Combines subqueries. `window` is the NEAR/PHRASE window or the
    /// ELITE_SET size (0 = default).
    public convenience init(_ op: Op, _ subqueries: [Query], window: UInt32 = 0) {
        var err = cx_error()
        let handles: [OpaquePointer?] = subqueries.map { $0.handle }
        let h = handles.withUnsafeBufferPointer { buf in
            cx_query_combine(op.raw, buf.baseAddress, buf.count, window, &err)
        }
        withExtendedLifetime(subqueries) {}
        self.init(result: h, err: &err, inherited: subqueries.lazy.compactMap(\.constructionError).first)
    }

    public convenience init(scale factor: Double, _ query: Query) {
        var err = cx_error()
        let h = cx_query_scale(factor, query.handle, &err)
        withExtendedLifetime(query) {}
        self.init(result: h, err: &err, inherited: query.constructionError)
    }

    public convenience init(valueRange slot: UInt32, from: String, to: String) {
        var err = cx_error()
        let h = withBytes2(from, to) { a, al, b, bl in cx_query_value(0, slot, a, al, b, bl, &err) }
        self.init(result: h, err: &err)
    }

    public convenience init(valueGE slot: UInt32, _ value: String) {
        var err = cx_error()
        let h = withBytes(value) { a, al in cx_query_value(1, slot, a, al, nil, 0, &err) }
        self.init(result: h, err: &err)
    }

    public convenience init(valueLE slot: UInt32, _ value: String) {
        var err = cx_error()
        let h = withBytes(value) { a, al in cx_query_value(2, slot, a, al, nil, 0, &err) }
        self.init(result: h, err: &err)
    }

    public static var matchAll: Query {
        var err = cx_error()
        return Query(result: cx_query_match_all(&err), err: &err)
    }

    public static var matchNothing: Query {
        var err = cx_error()
        return Query(result: cx_query_match_nothing(&err), err: &err)
    }

    public var isEmpty: Bool { cx_query_empty(handle) }

    /// Xapian's get_description().
    public var description: String {
        var err = cx_error()
        var len = 0
        let p = cx_query_description(handle, &len, &err)
        ignore(&err)
        return takeString(p, len)
    }
}

// MARK: - QueryParser

public struct ParseFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let boolean = ParseFlags(rawValue: 1)
    public static let phrase = ParseFlags(rawValue: 2)
    public static let lovehate = ParseFlags(rawValue: 4)
    public static let booleanAnyCase = ParseFlags(rawValue: 8)
    public static let wildcard = ParseFlags(rawValue: 16)
    public static let pureNot = ParseFlags(rawValue: 32)
    public static let partial = ParseFlags(rawValue: 64)
    public static let spellingCorrection = ParseFlags(rawValue: 128)
    /// phrase | boolean | lovehate (Xapian's FLAG_DEFAULT).
    public static let `default`: ParseFlags = [.phrase, .boolean, .lovehate]
}

public final class QueryParser {
    let handle: OpaquePointer
    private var database: Database?
    private var _defaultOpIsAnd = false

    public init() {
        var err = cx_error()
        let h = cx_qp_new(&err)
        if err.code != 0 { fatalError("Xapian: cannot create query parser: \(takeError(&err))") }
        handle = h!
    }

    deinit { cx_qp_free(handle) }

    /// Used for wildcard expansion and spelling correction.
    public func setDatabase(_ db: Database) {
        var err = cx_error()
        cx_qp_set_database(handle, db.handle, &err)
        ignore(&err)
        database = db
    }

    public func addPrefix(field: String, prefix: String) {
        var err = cx_error()
        withBytes2(field, prefix) { f, fl, p, pl in cx_qp_add_prefix(handle, f, fl, p, pl, &err) }
        ignore(&err)
    }

    public func addBooleanPrefix(field: String, prefix: String, exclusive: Bool = true) {
        var err = cx_error()
        withBytes2(field, prefix) { f, fl, p, pl in
            cx_qp_add_boolean_prefix(handle, f, fl, p, pl, exclusive, &err)
        }
        ignore(&err)
    }

    /// DateRangeProcessor on `slot` (values stored as YYYYMMDD). With a
    /// prefix, e.g. "date:", ranges look like `date:20200101..20201231`.
    public func addDateRange(slot: UInt32, prefix: String? = nil) {
        addRange(kind: 0, slot: slot, prefix: prefix)
    }

    /// NumberRangeProcessor on `slot` (values stored with sortableSerialise).
    public func addNumberRange(slot: UInt32, prefix: String? = nil) {
        addRange(kind: 1, slot: slot, prefix: prefix)
    }

    private func addRange(kind: Int32, slot: UInt32, prefix: String?) {
        var err = cx_error()
        withBytes(prefix ?? "") { p, n in cx_qp_add_range(handle, kind, slot, p, n, &err) }
        ignore(&err)
    }

    public var defaultOpIsAnd: Bool {
        get { _defaultOpIsAnd }
        set {
            var err = cx_error()
            cx_qp_set_default_op_and(handle, newValue, &err)
            ignore(&err)
            _defaultOpIsAnd = newValue
        }
    }

    public func parse(_ query: String, flags: ParseFlags = .default, defaultPrefix: String = "") throws(XapianError) -> Query {
        var err = cx_error()
        let h = withBytes2(query, defaultPrefix) { q, ql, p, pl in
            cx_qp_parse(handle, q, ql, flags.rawValue, p, pl, &err)
        }
        try check(&err)
        return Query(handle: h!)
    }
}

// MARK: - Enquire / MSet

public struct MSetItem: Sendable, Equatable {
    public let docid: UInt32
    public let rank: Int
    public let weight: Double
    public let percent: Int
}

public final class MSet: Sequence {
    let handle: OpaquePointer
    /// The Enquire that produced this MSet (snippet() needs it alive).
    let enquire: Enquire
    public let items: [MSetItem]

    init(handle: OpaquePointer, enquire: Enquire) throws(XapianError) {
        self.handle = handle
        self.enquire = enquire
        let n = Int(cx_mset_size(handle))
        var ids = [UInt32](repeating: 0, count: n)
        var ranks = [UInt32](repeating: 0, count: n)
        var weights = [Double](repeating: 0, count: n)
        var percents = [Int32](repeating: 0, count: n)
        var err = cx_error()
        if n > 0 { cx_mset_items(handle, &ids, &ranks, &weights, &percents, &err) }
        if err.code != 0 {
            cx_mset_free(handle)
            throw takeError(&err)
        }
        var items = [MSetItem]()
        items.reserveCapacity(n)
        for i in 0..<n {
            items.append(MSetItem(docid: ids[i], rank: Int(ranks[i]), weight: weights[i], percent: Int(percents[i])))
        }
        self.items = items
    }

    deinit { cx_mset_free(handle) }

    public var matchesEstimated: Int { Int(cx_mset_estimated(handle)) }
    public var matchesLowerBound: Int { Int(cx_mset_lower_bound(handle)) }
    public var matchesUpperBound: Int { Int(cx_mset_upper_bound(handle)) }
    public var count: Int { items.count }

    public func makeIterator() -> IndexingIterator<[MSetItem]> { items.makeIterator() }

    public func document(at index: Int) throws(XapianError) -> Document {
        guard index >= 0 && index < items.count else {
            throw .invalidArgument("MSet index \(index) out of range 0..<\(items.count)")
        }
        var err = cx_error()
        let h = cx_mset_document(handle, UInt32(index), &err)
        try check(&err)
        return Document(handle: h!)
    }

    /// Xapian's MSet::snippet (no stemming, exhaustive). "" on error.
    public func snippet(_ text: String, length: Int = 200, highlightStart: String = "<b>",
                        highlightEnd: String = "</b>", omit: String = "...") -> String {
        var err = cx_error()
        var len = 0
        let p = withBytes2(text, highlightStart) { t, tl, hs, hsl in
            withBytes2(highlightEnd, omit) { he, hel, om, oml in
                cx_mset_snippet(handle, t, tl, Swift.max(0, length), hs, hsl, he, hel, om, oml, &len, &err)
            }
        }
        withExtendedLifetime(enquire) {}
        ignore(&err)
        return takeString(p, len)
    }
}

public final class Enquire {
    let handle: OpaquePointer
    let database: Database
    private var query: Query?

    public init(_ db: Database) {
        var err = cx_error()
        let h = cx_enquire_new(db.handle, &err)
        if err.code != 0 { fatalError("Xapian: cannot create enquire: \(takeError(&err))") }
        handle = h!
        database = db
    }

    deinit { cx_enquire_free(handle) }

    public func setQuery(_ q: Query) {
        var err = cx_error()
        cx_enquire_set_query(handle, q.handle, &err)
        ignore(&err)
        query = q
    }

    public func setBM25(k1: Double = 1.2, k2: Double = 0, k3: Double = 1, b: Double = 0.5, minNormLen: Double = 0.5) {
        var err = cx_error()
        cx_enquire_set_bm25(handle, k1, k2, k3, b, minNormLen, &err)
        ignore(&err)
    }

    public func setBoolWeighting() {
        var err = cx_error()
        cx_enquire_set_boolweight(handle, &err)
        ignore(&err)
    }

    public func sortByValue(_ slot: UInt32, reverse: Bool) { setSort(0, slot, reverse) }
    public func sortByRelevanceThenValue(_ slot: UInt32, reverse: Bool) { setSort(1, slot, reverse) }
    public func sortByValueThenRelevance(_ slot: UInt32, reverse: Bool) { setSort(2, slot, reverse) }

    private func setSort(_ kind: Int32, _ slot: UInt32, _ reverse: Bool) {
        var err = cx_error()
        cx_enquire_set_sort(handle, kind, slot, reverse, &err)
        ignore(&err)
    }

    public func mset(first: Int, max: Int, checkAtLeast: Int = 0) throws(XapianError) -> MSet {
        if let e = query?.constructionError { throw e }
        guard first >= 0, max >= 0, checkAtLeast >= 0 else {
            throw .invalidArgument("mset: negative first/max/checkAtLeast")
        }
        var err = cx_error()
        let h = cx_enquire_mset(handle, UInt32(clamping: first), UInt32(clamping: max),
                                UInt32(clamping: checkAtLeast), &err)
        try check(&err)
        return try MSet(handle: h!, enquire: self)
    }

    /// Query terms matching `docid`, in query order.
    public func matchingTerms(_ docid: UInt32) throws(XapianError) -> [String] {
        var err = cx_error()
        let l = cx_enquire_matching_terms(handle, docid, &err)
        try check(&err)
        return takeStrList(l).map { $0.0 }
    }
}

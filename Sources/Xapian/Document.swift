// Documents (terms, positions, values, data), the packed posting batch of the index builder, and
// the free functions (sortable serialisation, compaction). Databases are `Xapian.swift`.
import CXapian

// MARK: - Document

public final class Document {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    public init() {
        var err = cx_error()
        let h = cx_doc_new(&err)
        if err.code != 0 { fatalError("Xapian: cannot create document: \(takeError(&err))") }
        handle = h!
    }

    deinit { cx_doc_free(handle) }

    /// The docid (0 for a document not read from a database).
    public var docid: UInt32 {
        var err = cx_error()
        let id = cx_doc_docid(handle, &err)
        ignore(&err)
        return id
    }

    /// Document data. Reading a lazily-loaded document whose database has
    /// gone away yields ""; use `loadData()` to see the error.
    public var data: String {
        get { (try? loadData()) ?? "" }
        set {
            var err = cx_error()
            withBytes(newValue) { p, n in cx_doc_set_data(handle, p, n, &err) }
            ignore(&err)
        }
    }

    public func loadData() throws(XapianError) -> String {
        var err = cx_error()
        var len = 0
        let p = cx_doc_get_data(handle, &len, &err)
        try check(&err)
        return takeString(p, len)
    }

    /// The data's bytes lent to `body`: no String is made (no UTF-8 validation, no copy). Fails
    /// as `loadData` does.
    public func withData<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) throws(XapianError) -> T {
        var err = cx_error()
        var len = 0
        let p = cx_doc_get_data(handle, &len, &err)
        try check(&err)
        return lend(p, len, body)
    }

    /// Raw data bytes.
    public var dataBytes: [UInt8] {
        get {
            var err = cx_error()
            var len = 0
            let p = cx_doc_get_data(handle, &len, &err)
            ignore(&err)
            return takeBytes(p, len)
        }
        set {
            var err = cx_error()
            withBytes(newValue) { p, n in cx_doc_set_data(handle, p, n, &err) }
            ignore(&err)
        }
    }

    public func addPosting(_ term: String, position: UInt32, wdfInc: UInt32 = 1) {
        var err = cx_error()
        withBytes(term) { p, n in cx_doc_add_posting(handle, p, n, position, wdfInc, &err) }
        ignore(&err)
    }

    /// Adds every posting of `batch` in one call (wdf +1 each); far cheaper than one call per posting.
    public func addPostings(_ batch: PostingBatch) {
        guard batch.count > 0 else { return }
        var err = cx_error()
        batch.bytes.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { cx_doc_add_postings(handle, $0.baseAddress, $0.count, batch.count, &err) }
        }
        ignore(&err)
    }

    /// Adds every term of `batch` as a boolean term (wdf 0, no position: the batch's positions
    /// are ignored), in one call.
    public func addBooleanTerms(_ batch: PostingBatch) {
        guard batch.count > 0 else { return }
        var err = cx_error()
        batch.bytes.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { cx_doc_add_boolean_terms(handle, $0.baseAddress, $0.count, batch.count, &err) }
        }
        ignore(&err)
    }

    public func addTerm(_ term: String, wdfInc: UInt32 = 1) {
        var err = cx_error()
        withBytes(term) { p, n in cx_doc_add_term(handle, p, n, wdfInc, &err) }
        ignore(&err)
    }

    public func addBooleanTerm(_ term: String) {
        var err = cx_error()
        withBytes(term) { p, n in cx_doc_add_boolean_term(handle, p, n, &err) }
        ignore(&err)
    }

    /// Removes `term`; does nothing if the document lacks it.
    public func removeTerm(_ term: String) {
        var err = cx_error()
        withBytes(term) { p, n in cx_doc_remove_term(handle, p, n, &err) }
        ignore(&err)
    }

    public func setValue(_ slot: UInt32, _ value: String) {
        var err = cx_error()
        withBytes(value) { p, n in cx_doc_set_value(handle, slot, p, n, &err) }
        ignore(&err)
    }

    public func setValue(_ slot: UInt32, bytes: [UInt8]) {
        var err = cx_error()
        withBytes(bytes) { p, n in cx_doc_set_value(handle, slot, p, n, &err) }
        ignore(&err)
    }

    /// The value in `slot` ("" if unset).
    public func value(_ slot: UInt32) -> String {
        var err = cx_error()
        var len = 0
        let p = cx_doc_get_value(handle, slot, &len, &err)
        ignore(&err)
        return takeString(p, len)
    }

    /// The value in `slot`, failing as `loadData` does (a read overtaken by the writer).
    public func loadValue(_ slot: UInt32) throws(XapianError) -> String {
        var err = cx_error()
        var len = 0
        let p = cx_doc_get_value(handle, slot, &len, &err)
        try check(&err)
        return takeString(p, len)
    }

    /// The bytes of the value in `slot` lent to `body` (empty if unset), failing as `loadData` does.
    public func withValue<T>(_ slot: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> T) throws(XapianError) -> T {
        var err = cx_error()
        var len = 0
        let p = cx_doc_get_value(handle, slot, &len, &err)
        try check(&err)
        return lend(p, len, body)
    }

    /// Lends the `len` bytes of a buffer the shim allocated to `body`, then frees it.
    private func lend<T>(_ p: UnsafeMutablePointer<CChar>?, _ len: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        guard let p else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        defer { cx_free(p) }
        return UnsafeRawPointer(p).withMemoryRebound(to: UInt8.self, capacity: len + 1) { body(UnsafeBufferPointer(start: $0, count: len)) }
    }

    public func valueBytes(_ slot: UInt32) -> [UInt8] {
        var err = cx_error()
        var len = 0
        let p = cx_doc_get_value(handle, slot, &len, &err)
        ignore(&err)
        return takeBytes(p, len)
    }

    /// The document's terms, sorted.
    public var terms: [String] {
        var err = cx_error()
        let l = cx_doc_terms(handle, &err)
        ignore(&err)
        return takeStrList(l).map { $0.0 }
    }

    /// Terms with their wdf, sorted by term.
    public var termsWithWdf: [(term: String, wdf: Int)] {
        var err = cx_error()
        let l = cx_doc_terms(handle, &err)
        ignore(&err)
        return takeStrList(l).map { (term: $0.0, wdf: $0.1) }
    }

    /// Positions of `term` ([] if absent).
    public func positions(of term: String) -> [UInt32] {
        var err = cx_error()
        var out: UnsafeMutablePointer<UInt32>? = nil
        var count = 0
        withBytes(term) { p, n in cx_doc_positions(handle, p, n, &out, &count, &err) }
        ignore(&err)
        return takeIDs(out, count)
    }
}

/// Postings packed for `Document.addPostings`: per posting a position (0: none), the term length
/// and the term's raw UTF-8 bytes (no escape mapping: terms are text). Terms longer than 65,535
/// bytes are refused (Xapian's own limit is 245).
public struct PostingBatch {
    public private(set) var bytes: [UInt8] = []
    public private(set) var count = 0

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        count = 0
    }

    /// Adds `prefix` + `term` at `position` (0: a term without position). Returns false if refused.
    @discardableResult
    public mutating func add(prefix: UnsafeRawBufferPointer, term: UnsafeRawBufferPointer, position: UInt32) -> Bool {
        let len = prefix.count + term.count
        guard len <= 0xFFFF else { return false }
        var header: (UInt32, UInt16) = (position, UInt16(len))
        withUnsafeBytes(of: &header.0) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: &header.1) { bytes.append(contentsOf: $0) }
        if prefix.count > 0 { bytes.append(contentsOf: prefix) }
        bytes.append(contentsOf: term)
        count += 1
        return true
    }

    /// Adds `prefix` + `term` (UTF-8 of both) at `position`.
    @discardableResult
    public mutating func add(prefix: String = "", _ term: String, position: UInt32) -> Bool {
        var p = prefix, t = term
        return p.withUTF8 { pp in
            t.withUTF8 { tp in add(prefix: UnsafeRawBufferPointer(pp), term: UnsafeRawBufferPointer(tp), position: position) }
        }
    }
}

// MARK: - Misc

/// Xapian::sortable_serialise. The result is binary; it round-trips exactly
/// through setValue(_:_:)/value(_:) and value-range queries (see Bytes.swift).
public func sortableSerialise(_ value: Double) -> String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 16) { buf in
        let n = cx_sortable_serialise(value, buf.baseAddress!)
        return makeString(buf.baseAddress!, n)
    }
}

public func sortableSerialiseBytes(_ value: Double) -> [UInt8] {
    rawBytes(sortableSerialise(value))
}

public func sortableUnserialise(_ value: String) -> Double {
    withBytes(value) { p, n in cx_sortable_unserialise(p, n) }
}

/// Compacts the union of `sources` into a new database at `destination`.
public func compact(sources: [String], destination: String, singleFile: Bool = false) throws(XapianError) {
    let raws = sources.map(rawBytes)
    var ptrs = [UnsafeMutablePointer<CChar>?]()
    var lens = [Int]()
    for r in raws {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: max(r.count, 1))
        r.withUnsafeBytes { b in
            if r.count > 0 { UnsafeMutableRawPointer(p).copyMemory(from: b.baseAddress!, byteCount: r.count) }
        }
        ptrs.append(p)
        lens.append(r.count)
    }
    defer { for p in ptrs { p?.deallocate() } }
    var err = cx_error()
    ptrs.withUnsafeBufferPointer { pp in
        pp.withMemoryRebound(to: UnsafePointer<CChar>?.self) { cp in
            lens.withUnsafeBufferPointer { lp in
                withBytes(destination) { d, dl in
                    cx_compact(cp.baseAddress, lp.baseAddress, raws.count, d, dl, singleFile, &err)
                }
            }
        }
    }
    try check(&err)
}

// Swift types over the CXapian shim. Every fallible call throws XapianError.
import CXapian

// MARK: - Errors

public enum XapianError: Error, Equatable, CustomStringConvertible {
    case databaseLocked(String)
    case databaseNotFound(String)
    case databaseCorrupt(String)
    case badQuery(String)
    case io(String)
    case modified(String)
    case invalidArgument(String)
    case other(String)

    /// Xapian's message (get_msg(), plus the errno text when there is one).
    public var message: String {
        switch self {
        case .databaseLocked(let m), .databaseNotFound(let m), .databaseCorrupt(let m), .badQuery(let m),
             .io(let m), .modified(let m), .invalidArgument(let m), .other(let m):
            return m
        }
    }

    public var description: String {
        let kind: String
        switch self {
        case .databaseLocked: kind = "database locked"
        case .databaseNotFound: kind = "database not found"
        case .databaseCorrupt: kind = "database corrupt"
        case .badQuery: kind = "bad query"
        case .io: kind = "I/O error"
        case .modified: kind = "database modified"
        case .invalidArgument: kind = "invalid argument"
        case .other: kind = "Xapian error"
        }
        return "\(kind): \(message)"
    }

    init(code: Int32, message: String) {
        switch code {
        case Int32(CX_ERR_LOCKED): self = .databaseLocked(message)
        case Int32(CX_ERR_NOT_FOUND): self = .databaseNotFound(message)
        case Int32(CX_ERR_CORRUPT): self = .databaseCorrupt(message)
        case Int32(CX_ERR_BAD_QUERY): self = .badQuery(message)
        case Int32(CX_ERR_IO): self = .io(message)
        case Int32(CX_ERR_MODIFIED): self = .modified(message)
        case Int32(CX_ERR_INVALID): self = .invalidArgument(message)
        default: self = .other(message)
        }
    }
}

/// Throws (and frees) the error recorded by a shim call, if any.
@inline(__always)
func check(_ err: inout cx_error) throws(XapianError) {
    if err.code != 0 { throw takeError(&err) }
}

func takeError(_ err: inout cx_error) -> XapianError {
    let msg = err.msg.map { String(cString: $0) } ?? "unknown error"
    let e = XapianError(code: err.code, message: msg)
    cx_error_clear(&err)
    return e
}

/// Swallows a shim error (for the few non-throwing API members).
@inline(__always)
func ignore(_ err: inout cx_error) {
    if err.code != 0 { cx_error_clear(&err) }
}

/// The libxapian version string, e.g. "1.4.22".
public var xapianVersion: String { String(cString: cx_version_string()) }

// MARK: - Database

public enum OpenMode {
    case createOrOpen, create, createOrOverwrite, open

    var raw: Int32 {
        switch self {
        case .createOrOpen: return 0
        case .create: return 1
        case .createOrOverwrite: return 2
        case .open: return 3
        }
    }
}

/// A read-only database (or a combination of several). Not thread-safe.
public class Database {
    let handle: OpaquePointer
    /// Sub-databases added with add(_:) (kept alive for clarity; Xapian
    /// also reference-counts them internally).
    private var parts: [Database] = []

    init(handle: OpaquePointer) { self.handle = handle }

    deinit { cx_db_free(handle) }

    /// Opens the database at `path` read-only.
    public convenience init(path: String) throws(XapianError) {
        var err = cx_error()
        let h = withBytes(path) { p, n in cx_db_open(p, n, &err) }
        try check(&err)
        self.init(handle: h!)
    }

    /// An empty database, to combine several with add(_:).
    public convenience init() {
        var err = cx_error()
        let h = cx_db_new_empty(&err)
        if err.code != 0 { fatalError("Xapian: cannot create empty database: \(takeError(&err))") }
        self.init(handle: h!)
    }

    /// Connects to a database served by xapian-tcpsrv.
    public static func remote(host: String, port: Int, timeoutMs: Int = 10_000) throws(XapianError) -> Database {
        guard (0...65535).contains(port) else { throw .invalidArgument("port out of range: \(port)") }
        var err = cx_error()
        let h = withBytes(host) { p, n in
            cx_db_open_remote(p, n, UInt32(port), UInt32(clamping: max(0, timeoutMs)), &err)
        }
        try check(&err)
        return Database(handle: h!)
    }

    /// Adds `other` so that both are searched as one (Xapian add_database).
    public func add(_ other: Database) throws(XapianError) {
        var err = cx_error()
        cx_db_add_database(handle, other.handle, &err)
        try check(&err)
        parts.append(other)
    }

    public var docCount: Int {
        var err = cx_error()
        let n = cx_db_doccount(handle, &err)
        ignore(&err)
        return Int(n)
    }

    public var lastDocID: UInt32 {
        var err = cx_error()
        let n = cx_db_lastdocid(handle, &err)
        ignore(&err)
        return n
    }

    public func document(_ id: UInt32) throws(XapianError) -> Document {
        var err = cx_error()
        let h = cx_db_get_document(handle, id, &err)
        try check(&err)
        return Document(handle: h!)
    }

    public func termFrequency(_ term: String) -> Int {
        var err = cx_error()
        let n = withBytes(term) { p, l in cx_db_termfreq(handle, p, l, &err) }
        ignore(&err)
        return Int(n)
    }

    public func termExists(_ term: String) -> Bool {
        var err = cx_error()
        let r = withBytes(term) { p, l in cx_db_term_exists(handle, p, l, &err) }
        ignore(&err)
        return r
    }

    /// Docids of the documents containing `term`, ascending.
    public func postings(_ term: String) throws(XapianError) -> [UInt32] {
        var err = cx_error()
        var out: UnsafeMutablePointer<UInt32>? = nil
        var count = 0
        withBytes(term) { p, l in cx_db_postings(handle, p, l, &out, &count, &err) }
        try check(&err)
        return takeIDs(out, count)
    }

    /// All terms starting with `prefix`, sorted, with their term frequency.
    public func allTerms(prefix: String = "") throws(XapianError) -> [(term: String, frequency: Int)] {
        var err = cx_error()
        let l = withBytes(prefix) { p, n in cx_db_allterms(handle, p, n, &err) }
        try check(&err)
        return takeStrList(l).map { (term: $0.0, frequency: $0.1) }
    }

    public func metadata(_ key: String) throws(XapianError) -> String {
        var err = cx_error()
        var len = 0
        let p = withBytes(key) { k, n in cx_db_get_metadata(handle, k, n, &len, &err) }
        try check(&err)
        return takeString(p, len)
    }

    /// Re-opens at the latest revision; returns true if it may have changed.
    @discardableResult public func reopen() throws(XapianError) -> Bool {
        var err = cx_error()
        let r = cx_db_reopen(handle, &err)
        try check(&err)
        return r
    }

    /// Closes the database and its file handles. For a WritableDatabase an
    /// active transaction is aborted, otherwise pending changes are committed,
    /// and the write lock is released. Later calls throw (or use cached data).
    /// Closing twice is harmless. Errors are ignored; call commit() first if
    /// you need to see them.
    public func close() {
        var err = cx_error()
        cx_db_close(handle, &err)
        ignore(&err)
    }
}

/// A writable database. Changes become visible to readers on commit().
/// Deinit commits pending changes (Xapian's destructor semantics).
public final class WritableDatabase: Database {
    public init(path: String, mode: OpenMode = .createOrOpen) throws(XapianError) {
        var err = cx_error()
        let h = withBytes(path) { p, n in cx_wdb_open(p, n, mode.raw, &err) }
        try check(&err)
        super.init(handle: h!)
    }

    @discardableResult public func add(_ doc: Document) throws(XapianError) -> UInt32 {
        var err = cx_error()
        let id = cx_wdb_add_document(handle, doc.handle, &err)
        try check(&err)
        return id
    }

    public func replace(_ id: UInt32, with doc: Document) throws(XapianError) {
        var err = cx_error()
        cx_wdb_replace_document(handle, id, doc.handle, &err)
        try check(&err)
    }

    /// Replaces the document(s) indexed by `uniqueTerm` (adds if none).
    @discardableResult public func replace(uniqueTerm: String, with doc: Document) throws(XapianError) -> UInt32 {
        var err = cx_error()
        let id = withBytes(uniqueTerm) { p, n in cx_wdb_replace_document_term(handle, p, n, doc.handle, &err) }
        try check(&err)
        return id
    }

    public func delete(_ id: UInt32) throws(XapianError) {
        var err = cx_error()
        cx_wdb_delete_document(handle, id, &err)
        try check(&err)
    }

    public func delete(uniqueTerm: String) throws(XapianError) {
        var err = cx_error()
        withBytes(uniqueTerm) { p, n in cx_wdb_delete_document_term(handle, p, n, &err) }
        try check(&err)
    }

    public func commit() throws(XapianError) {
        var err = cx_error()
        cx_wdb_commit(handle, &err)
        try check(&err)
    }

    public func beginTransaction(flushed: Bool = true) throws(XapianError) {
        var err = cx_error()
        cx_wdb_begin_transaction(handle, flushed, &err)
        try check(&err)
    }

    public func commitTransaction() throws(XapianError) {
        var err = cx_error()
        cx_wdb_commit_transaction(handle, &err)
        try check(&err)
    }

    public func cancelTransaction() throws(XapianError) {
        var err = cx_error()
        cx_wdb_cancel_transaction(handle, &err)
        try check(&err)
    }

    public func setMetadata(_ key: String, _ value: String) throws(XapianError) {
        var err = cx_error()
        withBytes2(key, value) { k, kl, v, vl in cx_wdb_set_metadata(handle, k, kl, v, vl, &err) }
        try check(&err)
    }
}

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

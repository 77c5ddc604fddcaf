// Swift types over the CXapian shim: errors and databases (read-only and writable). Documents are
// `Document.swift`, queries and matching `Search.swift`. Every fallible call throws XapianError.
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

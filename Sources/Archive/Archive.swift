import Documents
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VietText
import Xapian

/// Errors the archive reports; each maps to a documented exit code of the CLI.
public enum ArchiveError: Error, CustomStringConvertible {
    /// No database at the path, or a REF that matches no document.
    case notFound(String)
    /// A REF that matches several documents; the candidates, to narrow with --year or --issuer.
    case ambiguous(String, [StoredDocument])
    /// A query, REF or date that cannot be read.
    case badInput(String)
    /// Another process is indexing the database.
    case locked(String)
    /// The database is damaged.
    case corrupt(String)
    /// Reading files or the database failed.
    case io(String)
    /// The database moved on under a reader (an index run committed twice during the read).
    /// The read is to be redone on a fresh snapshot: `Archive.retrying` does that.
    case modified(String)

    public var description: String {
        switch self {
        case .notFound(let m), .badInput(let m), .locked(let m), .corrupt(let m), .io(let m), .modified(let m): return m
        case .ambiguous(let m, _): return m
        }
    }

    /// Exit codes, documented in the README.
    public var exitCode: Int32 {
        switch self {
        case .badInput: return 2
        case .ambiguous: return 3
        case .notFound: return 4
        case .locked: return 5
        case .corrupt, .io, .modified: return 1
        }
    }

    /// Whether the operation should be redone on a fresh snapshot (see `Archive.retrying`).
    public var isSnapshotChange: Bool {
        if case .modified = self { return true }
        return false
    }

    static func from(_ e: XapianError, path: String) -> ArchiveError {
        switch e {
        case .databaseNotFound(let m): return .notFound("no index at \(path) (\(m)); run `vanban index PATH --db \(path)` first")
        case .databaseLocked: return .locked("database is being indexed by another process (\(path)); try again when it has finished")
        case .databaseCorrupt(let m): return .corrupt("database \(path) is damaged: \(m)")
        case .badQuery(let m): return .badInput("bad query: \(m)")
        case .modified(let m): return .modified("database \(path) changed while it was read (\(m)); run the command again")
        default: return .io("database \(path): \(e.message)")
        }
    }
}

/// The archive's namespace: what belongs to neither side alone (errors, retries, the schema's
/// helpers, the reading and parsing of files). Reading is `ArchiveReader` (an immutable snapshot,
/// with the services `search`, `citations` and `obligations` over it); writing is `ArchiveWriter`.
public enum Archive {
    /// Runs a read, again on a fresh snapshot when the database moved on under it.
    ///
    /// A reader sees the revision that was current when it opened, even while `vanban index`
    /// writes. Xapian keeps that revision readable until the writer has committed twice more;
    /// after that a read fails with `.modified`. `body` opens its own `ArchiveReader`, so running it
    /// again reads the newest committed revision: one consistent snapshot, never a mix.
    /// `discard` is called before each new attempt (to drop output made by the failed one).
    public static func retrying<T>(attempts: Int = 10, discard: () -> Void = {}, _ body: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try body()
            } catch let e as ArchiveError where e.isSnapshotChange && attempt < attempts {
                discard()
                attempt += 1
                usleep(UInt32(min(attempt * 20_000, 200_000)))
            }
        }
    }
}

/// Keeps readers' snapshots alive while an index run writes.
///
/// A Xapian reader reads the revision that was current when it opened; the revision stays readable
/// until the writer has committed twice more, after which reads fail with DatabaseModifiedError.
/// So readers hold a shared `flock` on `DB/readers.lock` while they are open (taken before the
/// database is opened), and the index run, before each batch commit, checks for it: while a
/// reader is active, commits are put off (up to `maxDeferral` seconds, or a batch 20 times the
/// usual size), so a reader sees at most one commit and its snapshot stays whole. Reads that
/// outlast that are redone on a fresh snapshot (`Archive.retrying`).
final class ReaderLock {
    static let fileName = "readers.lock"
    /// Longest a commit is put off for readers.
    static let maxDeferral: Double = 10
    /// Longest the last commit of a run waits for readers.
    static let finalWait: Double = 2
    let fd: Int32

    /// Longest a reader waits for the shared lock (an index run takes it exclusively only for an
    /// instant; anyone else holding it longer is not waited for).
    static let readerWait: Double = 3

    /// A reader's shared lock; nil when there is no lock file (a database made by an older
    /// version, or one not written yet), when this user may not open it (it is the database
    /// owner's, mode 0600), or when it cannot be had within `readerWait` seconds: then the reader
    /// reads without putting off the writer's commits, and relies on retrying alone. Never waits
    /// longer: nobody can block queries by holding the lock.
    init?(reader dbPath: String) {
        let fd = ReaderLock.open(dbPath + "/" + ReaderLock.fileName, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, ReaderLock.takeShared(fd) else { ReaderLock.close(fd); return nil }
        self.fd = fd
    }

    /// Takes the shared lock, waiting at most `readerWait` seconds; false when it cannot be had.
    private static func takeShared(_ fd: Int32) -> Bool {
        let deadline = Date().addingTimeInterval(ReaderLock.readerWait)
        while flock(fd, LOCK_SH | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else { return false }
            usleep(5_000)
        }
        return true
    }

    /// The writer's handle on the file (created if missing, readable and lockable by the
    /// database's owner only).
    init?(writer dbPath: String) {
        let fd = ReaderLock.open(dbPath + "/" + ReaderLock.fileName, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        guard fd >= 0 else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { ReaderLock.close(fd); return nil }
        // A lock file made by an older version was readable by everyone.
        if st.st_mode & 0o077 != 0 { fchmod(fd, 0o600) }
        self.fd = fd
    }

    /// Whether some reader holds the shared lock now.
    var readersActive: Bool {
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    /// A reader lets go of its shared lock while it waits between questions; `acquire` takes it
    /// again as `init(reader:)` does (false: not within `readerWait`; the reader reads without it).
    func release() { flock(fd, LOCK_UN) }
    @discardableResult func acquire() -> Bool { ReaderLock.takeShared(fd) }

    deinit { ReaderLock.close(fd) }

    #if canImport(Glibc)
    static func open(_ p: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 { Glibc.open(p, flags, mode) }
    static func close(_ fd: Int32) { _ = Glibc.close(fd) }
    #else
    static func open(_ p: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 { Darwin.open(p, flags, mode) }
    static func close(_ fd: Int32) { _ = Darwin.close(fd) }
    #endif
}

/// Filters shared by `search`, `list` and the REF commands.
public struct Filter: Sendable {
    public var type: String?
    public var issuer: String?
    public var place: String?
    public var from: DocDate?
    public var to: DocDate?
    public var year: Int?
    public init(type: String? = nil, issuer: String? = nil, place: String? = nil, from: DocDate? = nil, to: DocDate? = nil, year: Int? = nil) {
        self.type = type; self.issuer = issuer; self.place = place; self.from = from; self.to = to; self.year = year
    }

    public var isEmpty: Bool { type == nil && issuer == nil && place == nil && from == nil && to == nil && year == nil }

    /// The filter as Xapian subqueries (boolean filters and value ranges); issuer and place are
    /// read with `abbreviations` (see `NamePattern`).
    func queries(abbreviations: Abbreviations = .builtIn) -> [Query] {
        var qs: [Query] = []
        if let t = type { qs.append(Query(term: Schema.typeTerm(Filter.typeCode(t)))) }
        if let i = issuer { qs.append(NamePattern(i, abbreviations: abbreviations).query(field: Schema.issuerField)) }
        if let p = place { qs.append(NamePattern(p, abbreviations: abbreviations).query(field: Schema.placeField)) }
        if let y = year { qs.append(Query(term: Schema.year + String(y))) }
        if from != nil || to != nil {
            let lo = from.map(Filter.lowKey) ?? "00000000"
            let hi = to.map(Filter.highKey) ?? "99999999"
            qs.append(Query(valueRange: Schema.dateSlot, from: lo, to: hi))
        }
        return qs
    }

    func apply(to q: Query, abbreviations: Abbreviations = .builtIn) -> Query {
        let qs = queries(abbreviations: abbreviations)
        if qs.isEmpty { return q }
        return Query(.filter, [q, qs.count == 1 ? qs[0] : Query(.and, qs)])
    }

    /// `KH`, `kế hoạch`, `ke hoach` → `KH`.
    static func typeCode(_ t: String) -> String {
        let trimmed = t.trimmingCharacters(in: .whitespaces)
        if let c = DocumentTypes.code(forName: trimmed) { return c }
        return trimmed
    }

    /// The words of `text` in a field, as a phrase (so `coquan:"so y te"` keeps word order).
    static func wordsQuery(_ text: String, field: FieldBinding) -> Query {
        let words = field.queryTerms(text)
        if words.isEmpty { return Query.matchNothing }
        if words.count == 1 { return Query(term: words[0]) }
        return Query(.phrase, words.map { Query(term: $0) })
    }

    static func lowKey(_ d: DocDate) -> String { DocDate(year: d.year, month: d.month ?? 0, day: d.day ?? 0).sortKey }
    static func highKey(_ d: DocDate) -> String {
        let m = d.month.map { String(format: "%02d", $0) } ?? "99"
        let day = d.day.map { String(format: "%02d", $0) } ?? "99"
        return String(format: "%04d", d.year) + m + day
    }
}

/// An issuer (or a place) as a person names it, matched the way search reads it: folded words,
/// abbreviations both ways ("SYT" = "Sở Y tế"), "tỉnh", "thành phố" and "TP" optional; so "Sở Y tế
/// Nghệ An", "Sở Y tế tỉnh Nghệ An", "SYT Nghệ An" and "so y te nghe an" name the same issuer.
///
/// It is read as units, each of which the name must contain: an abbreviation or an expansion
/// written out (either form: the abbreviation, or any of its expansions, words side by side), or
/// a run of other words side by side.
public struct NamePattern: Sendable {
    /// Each unit's alternatives; each alternative, folded words that stand together.
    public private(set) var units: [[[String]]]

    static func isOptional(_ w: [String], at i: Int) -> Int {
        if w[i] == "tinh" || w[i] == "tp" { return 1 }
        if w[i] == "thanh", i + 1 < w.count, w[i + 1] == "pho" { return 2 }
        return 0
    }

    /// `words` without the optional ones (nil when nothing else is left).
    static func essential(_ words: [String]) -> [String]? {
        var out: [String] = []
        var i = 0
        while i < words.count {
            let n = isOptional(words, at: i)
            if n > 0 { i += n; continue }
            out.append(words[i])
            i += 1
        }
        return out.isEmpty ? nil : out
    }

    public init(_ text: String, abbreviations: Abbreviations) {
        let w = Analyzer.name.queryTerms(text).map(\.folded)
        var units: [[[String]]] = []
        var run: [String] = []
        func endRun() { if !run.isEmpty { units.append([run]); run = [] } }
        func add(_ alts: [[String]]) {
            var unique: [[String]] = []
            for a in alts { if let e = NamePattern.essential(a) ?? (a.isEmpty ? nil : a), !unique.contains(e) { unique.append(e) } }
            units.append(unique)
        }
        var i = 0
        while i < w.count {
            let skip = NamePattern.isOptional(w, at: i)
            if skip > 0 { endRun(); i += skip; continue }
            if let hit = abbreviations.expansionsStarting(at: i, in: w).first, hit.length > 1 {
                endRun()
                add([Array(w[i..<(i + hit.length)]), [hit.abbreviation]] + (abbreviations.expansions[hit.abbreviation] ?? []).map(\.folded))
                i += hit.length
                continue
            }
            if let xs = abbreviations.expansions[w[i]], !xs.isEmpty {
                endRun()
                add([[w[i]]] + xs.map(\.folded))
                i += 1
                continue
            }
            run.append(w[i])
            i += 1
        }
        endRun()
        // Only optional words ("tỉnh"): those, then.
        if units.isEmpty, !w.isEmpty { units = [[w]] }
        self.units = units
    }

    /// The documents whose field (`Schema.issuerField`, `Schema.placeField`) has every unit.
    func query(field: FieldBinding) -> Query {
        let prefix = field.prefix
        if units.isEmpty { return Query.matchNothing }
        let qs: [Query] = units.map { alts in
            let each: [Query] = alts.map { words in
                words.count == 1 ? Query(term: prefix + words[0])
                    : Query(.phrase, words.map { Query(term: prefix + $0) }, window: UInt32(words.count))
            }
            return each.count == 1 ? each[0] : Query(.or, each)
        }
        return qs.count == 1 ? qs[0] : Query(.and, qs)
    }

    /// Whether a name (an issuer as stored) has every unit.
    public func matches(_ name: String) -> Bool {
        if units.isEmpty { return false }
        let have = Analyzer.name.key(name).split(separator: " ").map(String.init)
        func contains(_ seq: [String]) -> Bool {
            guard seq.count <= have.count else { return false }
            for s in 0...(have.count - seq.count) where have[s] == seq[0] {
                if Array(have[s..<(s + seq.count)]) == seq { return true }
            }
            return false
        }
        return units.allSatisfy { alts in alts.contains(where: contains) }
    }
}

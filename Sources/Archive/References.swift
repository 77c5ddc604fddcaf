import Documents
import Foundation
import VietText
import Xapian

/// What a person types to name a document: `6757/KH-SYT`, `KH 6757`, `kế hoạch số 6757`,
/// `226-KL/TW`, `kết luận 226`, `Quyết định 1688`, or a bare serial `6757`.
public struct UserRef: Sendable, Equatable, CustomStringConvertible {
    /// The serial without leading zeros: `6757`.
    public var serial: String
    /// Type code when known: `KH`.
    public var type: String?
    /// The full normalised number when it was typed whole: `6757/KH-SYT`.
    public var full: String?

    public var description: String { full ?? ((type.map { $0 + " " } ?? "") + serial) }

    public init(serial: String, type: String?, full: String?) {
        self.serial = Schema.stripLeadingZeros(serial)
        self.type = type
        self.full = full
    }

    /// Reads a REF as a person copies it from a document or types it: `6757/KH-SYT`,
    /// `số 6757/KH-SYT`, `Kết luận số 226-KL/TW`, `Kế hoạch số 6757/KH-SYT ngày 22/5/2026`,
    /// `KH 6757`, `kế hoạch số 6757`, `KH-215`, `kh215`, `6757/KH` (a number copied short: see
    /// `candidates(for:)`), `6757`; quotes, brackets and a final stop around it are left out.
    /// Nil when the whole input is not one of these (a search query that is not a REF).
    public static func parse(_ input: String) -> UserRef? {
        var s = VietText.normalize(input).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !s.isEmpty, s.utf8.count < 300 else { return nil }
        s = s.trimmingCharacters(in: UserRef.wrapping)
        if let r = readWhole(s) { return r }
        // A date copied after the number: "… ngày 22/5/2026", "…, ngày 22 tháng 5 năm 2026".
        let words = s.split(separator: " ", omittingEmptySubsequences: true)
        if let k = words.firstIndex(where: { VietText.fold(String($0)) == "ngay" }), k > 0 {
            let head = words[..<k].joined(separator: " ").trimmingCharacters(in: UserRef.wrapping)
            if let r = readWhole(head), r.full != nil { return r }
        }
        return nil
    }

    /// Quotes, brackets and punctuation a copied REF may carry around it.
    static let wrapping = CharacterSet(charactersIn: "\"'“”‘’«»()[]{}.,;: \t")

    /// Whether `s` is a document id `FILE#N`.
    public static func isID(_ s: String) -> Bool {
        guard let hash = s.lastIndex(of: "#"), hash > s.startIndex else { return false }
        let n = s[s.index(after: hash)...]
        return !n.isEmpty && n.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// `s` whole as a REF (no date after it).
    static func readWhole(_ s: String) -> UserRef? {
        var words = s.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        // "Số:" / "số" / "so" before the number (folding drops the colon).
        func isSo(_ w: String) -> Bool { VietText.fold(w) == "so" }
        // A whole number and symbol, after type words and "số" or alone: "Kết luận số 226-KL/TW".
        for start in 0..<words.count {
            let rest = words[start...].joined(separator: " ")
            guard let first = rest.unicodeScalars.first, first.properties.numericType != nil else { continue }
            guard startsWithNumberAndSymbol(rest), let full = DocumentNumber.normalize(rest),
                  full.first?.isNumber == true, full.contains(where: { $0.isLetter }) else { break }
            var before = Array(words[..<start])
            if let w = before.last, isSo(w) { before.removeLast() }
            if before.isEmpty || typeCode(ofWords: before) != nil {
                return UserRef(serial: DocumentNumber.serial(of: full), type: DocumentNumber.typeCode(of: full), full: full)
            }
            break
        }
        // A type code glued to or hyphenated with the serial: "KH-215", "kh215", "QĐ/1688".
        if words.count == 1, let r = codeFirst(words[0]) { return r }
        // "<type words> [số] <serial>" or "<serial>".
        guard let last = words.last, last.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        words.removeLast()
        if let w = words.last, isSo(w) { words.removeLast() }
        if words.isEmpty { return UserRef(serial: last, type: nil, full: nil) }
        if let code = typeCode(ofWords: words) { return UserRef(serial: last, type: code, full: nil) }
        return nil
    }

    /// The type named by words before a number: a name ("kế hoạch", "KẾ HOẠCH") or a code ("KH",
    /// "kh", "qd").
    static func typeCode(ofWords words: [String]) -> String? {
        let name = words.joined(separator: " ")
        if let code = DocumentTypes.code(forName: name) { return code }
        if words.count == 1, DocumentTypes.name(forCode: name) != nil { return name }
        if words.count == 1 {
            // A code typed in lower case or without Đ: "kh", "qd".
            let folded = Schema.numberKey(name)
            for code in ["KH", "BC", "KL", "QĐ", "NĐ", "NQ", "CV", "TB", "CT", "TT", "HD", "TTr", "CTr", "QC", "TC", "PA", "ĐA", "DA", "BB", "HĐ", "CĐ", "GM"]
            where Schema.numberKey(code) == folded {
                return code
            }
        }
        return nil
    }

    /// "KH-215", "KH215", "kh 215" (one word: letters, an optional `-` or `/`, digits).
    static func codeFirst(_ w: String) -> UserRef? {
        let scalars = Array(w.unicodeScalars)
        var i = 0
        while i < scalars.count, scalars[i].properties.isAlphabetic { i += 1 }
        guard i >= 1, i <= 6, i < scalars.count else { return nil }
        let letters = String(String.UnicodeScalarView(scalars[..<i]))
        var j = i
        if scalars[j] == "-" || scalars[j] == "/" { j += 1 }
        let digits = scalars[j...]
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) else { return nil }
        guard let code = typeCode(ofWords: [letters]) else { return nil }
        return UserRef(serial: String(String.UnicodeScalarView(digits)), type: code, full: nil)
    }
}

extension UserRef {
    /// Whether `s` starts as a whole number does, `^\d{1,6}(/\d{4})?\s*[/-]\s*\p{L}`, read by
    /// hand: the regular expression, compiled again on each call, cost more than the rest of
    /// reading a query. (A digit run can only end at `/`, `-` or a space, so the regex's
    /// backtracking never finds another way: the run is all the digits; `/` and four digits is
    /// the year part, `/` and anything else the separator.)
    static func startsWithNumberAndSymbol(_ s: String) -> Bool {
        var it = s.unicodeScalars.makeIterator()
        var c = it.next()
        func isDigit(_ u: Unicode.Scalar?) -> Bool { u?.properties.generalCategory == .decimalNumber }
        func skipSpaces() { while let u = c, u.properties.isWhitespace { c = it.next() } }
        var n = 0
        while isDigit(c) { n += 1; c = it.next() }
        guard n >= 1, n <= 6 else { return false }
        if c == "/" {
            c = it.next()
            if isDigit(c) {
                var y = 0
                while isDigit(c) { y += 1; c = it.next() }
                guard y == 4 else { return false }
                skipSpaces()
                guard c == "/" || c == "-" else { return false }
                c = it.next()
            }
        } else {
            skipSpaces()
            guard c == "/" || c == "-" else { return false }
            c = it.next()
        }
        skipSpaces()
        guard let l = c else { return false }
        switch l.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }
}

/// What a REF names: an archived document, or a document known only by its number.
public enum CitationTarget {
    case document(StoredDocument)
    case external(UserRef)

    public var serial: String {
        switch self {
        case .document(let d): return Schema.stripLeadingZeros(DocumentNumber.serial(of: d.number ?? ""))
        case .external(let u): return u.serial
        }
    }
    public var label: String {
        switch self {
        case .document(let d): return d.number ?? d.id
        case .external(let u): return u.description
        }
    }
}

extension ArchiveReader {
    /// Archived documents a REF may name, newest first, narrowed by year and issuer.
    public func candidates(for ref: UserRef, year: Int? = nil, issuer: String? = nil, bodies: Bool = true) throws(ArchiveError) -> [StoredDocument] {
        lock.lock(); defer { lock.unlock() }
        var found: [StoredDocument]
        if let full = ref.full {
            found = try documents(withTerm: Schema.numberField.queryTerms(full)[0], bodies: bodies)
            if found.isEmpty {
                // A number copied short ("6757/KH" for 6757/KH-SYT, "226-KL" for 226-KL/TW): the
                // archived numbers it begins, up to a separator.
                let key = Schema.numberKey(full)
                found = try documents(withTerm: Schema.serial + ref.serial, bodies: bodies).filter { d in
                    guard let n = d.number else { return false }
                    let k = Schema.numberKey(n)
                    guard k.count > key.count, k.hasPrefix(key) else { return false }
                    let next = k[k.index(k.startIndex, offsetBy: key.count)]
                    return next == "-" || next == "/"
                }
            }
        } else {
            found = try documents(withTerm: Schema.serial + ref.serial, bodies: bodies)
            if let t = ref.type {
                found = found.filter { d in
                    let dt = d.type ?? d.number.flatMap(DocumentNumber.typeCode(of:))
                    return dt.map { Schema.numberKey($0) == Schema.numberKey(t) } ?? false
                }
            }
        }
        if let y = year { found = found.filter { $0.year == y } }
        if let i = issuer {
            let pattern = NamePattern(i, abbreviations: try abbreviations())
            found = found.filter { pattern.matches($0.doc.issuer ?? "") }
        }
        return found.sorted { Archive.dateLess($1.date ?? DocDate(year: 0), $0.date ?? DocDate(year: 0)) }
    }

    /// Resolves a REF to one archived document; throws when it is ambiguous or matches nothing.
    public func resolveDocument(_ input: String, year: Int? = nil, issuer: String? = nil) throws(ArchiveError) -> StoredDocument {
        lock.lock(); defer { lock.unlock() }
        switch try resolveTarget(input, year: year, issuer: issuer) {
        case .document(let d): return d
        case .external(let u): throw .notFound("no archived document matches \(u); it is only known as a reference")
        }
    }

    /// Resolves a REF to an archived document, or to an external target when only its number is known.
    public func resolveTarget(_ input: String, year: Int? = nil, issuer: String? = nil) throws(ArchiveError) -> CitationTarget {
        lock.lock(); defer { lock.unlock() }
        guard let ref = UserRef.parse(input) else {
            throw .badInput("cannot read \"\(input)\" as a document number; try 6757/KH-SYT, \"KH 6757\" or \"kết luận 226\"")
        }
        // Headers are enough to choose (a common number is carried by hundreds of documents in a
        // large archive); the one chosen comes whole.
        let found = try candidates(for: ref, year: year, issuer: issuer, bodies: false)
        if found.count == 1 { return .document(try load(found[0].docid) ?? found[0]) }
        if found.count > 1 {
            throw .ambiguous("\(input) matches \(found.count) documents; narrow with --year or --issuer", found)
        }
        if year != nil || issuer != nil {
            // Narrowed to nothing: if the REF exists at all, say so rather than treating it as external.
            if try !candidates(for: ref, bodies: false).isEmpty {
                throw .notFound("no document \(ref) matches the given --year/--issuer")
            }
        }
        return .external(ref)
    }

    /// The archived document a reference points to, if any: same number (or serial and type for a
    /// short mention), the stated date when given, not later than the citing document, preferring
    /// the same place and issuer, then the most recent.
    public func resolve(_ r: Reference, from citing: StoredDocument) throws(ArchiveError) -> StoredDocument? {
        lock.lock(); defer { lock.unlock() }
        let key = "\(citing.docid)|\(r.number)"
        if let hit = resolutionCache.byCiting[key] { return hit.flatMap { cache[$0] } }
        let result = try resolveUncached(r, from: citing)
        resolutionCache.byCiting[key] = .some(result?.docid)
        return result
    }

    /// `candidates(for:)` without narrowing, for a reference: shared by every document that cites
    /// the same number (or the same short mention), so each is looked up and loaded once.
    func candidates(forReference r: Reference) throws(ArchiveError) -> [StoredDocument] {
        let isFull = !Schema.isShortMention(r.number)
        let key = isFull ? "F" + r.number : "S" + r.number + "|" + (r.type ?? "")
        if let ids = resolutionCache.candidates[key] {
            var out: [StoredDocument] = []
            out.reserveCapacity(ids.count)
            for id in ids { if let d = cache[id] { out.append(d) } else if let d = try load(id) { out.append(d) } }
            return out
        }
        let ref = isFull
            ? UserRef(serial: DocumentNumber.serial(of: r.number), type: DocumentNumber.typeCode(of: r.number), full: r.number)
            : UserRef(serial: r.number, type: r.type, full: nil)
        let found = try candidates(for: ref)
        resolutionCache.candidates[key] = found.map(\.docid)
        return found
    }

    /// Folded words of a string, as a set (cached: the same issuers and places come back for every citer).
    func foldedWordSet(_ s: String) -> Set<Substring> {
        if let w = resolutionCache.wordSets[s] { return w }
        let w = Analyzer.name.words(s)
        resolutionCache.wordSets[s] = w
        return w
    }

    private func resolveUncached(_ r: Reference, from citing: StoredDocument) throws(ArchiveError) -> StoredDocument? {
        var found = try candidates(forReference: r).filter { $0.id != citing.id }
        if found.isEmpty { return nil }
        if let rd = r.date, rd.day != nil {
            let same = found.filter { $0.date == rd }
            if !same.isEmpty { found = same }
        }
        if let cd = citing.date, cd.day != nil {
            found = found.filter { d in d.date.map { !Archive.dateLess(cd, $0) } ?? true }
        }
        if found.count <= 1 { return found.first }
        let context = foldedWordSet((citing.doc.issuer ?? "") + " " + (citing.doc.place ?? "") + " " + (r.issuer ?? ""))
        func affinity(_ d: StoredDocument) -> Int {
            let words = foldedWordSet((d.doc.issuer ?? "") + " " + (d.doc.place ?? ""))
            return words.intersection(context).count
        }
        return found.max { a, b in
            let (fa, fb) = (affinity(a), affinity(b))
            if fa != fb { return fa < fb }
            return Archive.dateLess(a.date ?? DocDate(year: 0), b.date ?? DocDate(year: 0))
        }
    }

    /// A reference as shown to people: a short mention resolved to an archived document takes its full number.
    public func displayNumber(_ r: Reference, resolved: StoredDocument?) -> String {
        if !(r.number.contains("/") || r.number.contains("-")), let n = resolved?.number { return n }
        return r.number
    }
}

/// What resolving references computes, kept for the life of an `ArchiveReader` (one snapshot).
final class ResolutionCaches {
    /// "citing docid|number" → resolved docid (nil: external).
    var byCiting: [String: UInt32?] = [:]
    /// Reference key (`F` + full number, `S` + serial + `|` + type) → candidate docids, newest first.
    var candidates: [String: [UInt32]] = [:]
    /// String → its folded words.
    var wordSets: [String: Set<Substring>] = [:]
    /// Obligation matching: the unit-name matcher and roster, folded texts, per-document facts.
    var unitMatcher: UnitMatcher?
    var roster: Roster?
    var folded: [String: String] = [:]
    var facts: [UInt32: Archive.DocFacts] = [:]
    /// Direct citers of an archived document (any relation), by its docid.
    var citers: [UInt32: [(StoredDocument, Reference)]] = [:]
    /// The citation table of this snapshot, once read or built.
    var table: CitationTable?
    /// Whether the table file was looked for (a missing or stale one is not read again).
    var tableFileChecked = false
    /// Set by the heavy questions, which may build the table when it is missing.
    var mayBuildTable = false
    /// The obligations table of this snapshot, once read or built, and whether its file was looked for.
    var obligationTable: ObligationTable?
    var obligationFileChecked = false

    /// Drops what holds documents or grows with the documents read (their citers, facts, folded
    /// texts and word sets, resolutions by citing document); keeps the tables, candidates by number
    /// and the issuer and reporter patterns.
    func releaseDocuments() {
        byCiting.removeAll(); wordSets.removeAll(); folded.removeAll(); facts.removeAll(); citers.removeAll()
    }
}

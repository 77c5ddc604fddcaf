import Documents
import Foundation
import VietText

/// Names of units compared as the archive compares issuers: folded, abbreviations written out
/// (with the archive's table: "TTYT Diễn Châu" is "Trung tâm Y tế … Diễn Châu", "Trường THPT …"
/// is "Trường Trung học phổ thông …", "Sở GD&ĐT" is "Sở Giáo dục và Đào tạo"), so either way of
/// writing a name meets the other.
final class UnitMatcher: UnitNames {
    let abbreviations: Abbreviations
    private var memo: [String: [String]] = [:]

    init(abbreviations: Abbreviations) { self.abbreviations = abbreviations }

    /// Words of a place's level ("tỉnh", "huyện", "khu vực"…): a name may have them or not.
    static let levelWords: Set<String> = ["tinh", "huyen", "xa", "phuong", "thi", "tran", "quan", "thanh", "pho", "khu", "vuc", "tp", "tx"]
    static let joiners: Set<String> = ["va", "cua"]

    /// The folded words of a name with every abbreviation written out, "và"/"của" left out.
    func words(_ name: String) -> [String] {
        if let w = memo[name] { return w }
        var out: [String] = []
        // "GD&ĐT" is one abbreviation, "GDĐT".
        let folded = VietText.fold(name.replacingOccurrences(of: "&", with: ""))
        for w in folded.split(separator: " ") {
            let word = String(w)
            if let x = abbreviations.expansions[word]?.first {
                out += x.folded.filter { !UnitMatcher.joiners.contains($0) }
            } else if !UnitMatcher.joiners.contains(word) {
                out.append(word)
            }
        }
        memo[name] = out
        return out
    }

    /// Same kind (first word), the same numbers, and the one's words (but level words) all in the
    /// other: "Trung tâm Y tế khu vực Diễn Châu" and "TTYT Diễn Châu", "Sở Y tế" and "Sở Y tế tỉnh
    /// Nghệ An"; never "Trường THPT Nam Đàn" and "Trường THPT Nam Đàn 2".
    /// A name written after its parent body ("Sở Y tế Hà Tĩnh TTYT huyện Kỳ Anh", as a header of
    /// two lines may read) is also compared from the other name's kind on.
    func sameUnit(_ a: String, _ b: String) -> Bool {
        let x = words(a), y = words(b)
        if UnitMatcher.same(x, y) { return true }
        for (p, q) in [(x, y), (y, x)] where !q.isEmpty {
            for k in p.indices.dropFirst() where p[k] == q[0] && UnitMatcher.same(Array(p[k...]), q) { return true }
        }
        return false
    }

    /// Whether two issuers are the same body as written (the same words but level words): "Sở Y
    /// tế tỉnh Nghệ An" and "Sở Y tế Nghệ An", not "Sở Y tế" and "Sở Y tế Hà Tĩnh TTYT huyện Kỳ Anh".
    func sameIssuer(_ a: String, _ b: String) -> Bool {
        let x = Set(words(a)).subtracting(UnitMatcher.levelWords), y = Set(words(b)).subtracting(UnitMatcher.levelWords)
        return !x.isEmpty && x == y
    }

    static func same(_ x: [String], _ y: [String]) -> Bool {
        guard let fx = x.first, let fy = y.first, fx == fy else { return false }
        let nx = Set(x.filter { $0.first?.isNumber == true }), ny = Set(y.filter { $0.first?.isNumber == true })
        guard nx == ny else { return false }
        let sx = Set(x), sy = Set(y)
        func within(_ p: [String], _ q: Set<String>) -> Bool { p.allSatisfy { q.contains($0) || levelWords.contains($0) } }
        return within(x, sy) || within(y, sx)
    }

    /// A unit is in a class when it is of the class's kind (same first word) and has every word
    /// of the class's head: "Trường THPT Cửa Lò" in "trường THPT", "UBND xã Hưng Lộc" in "UBND xã".
    func isMember(_ unit: String, of c: UnitClass) -> Bool {
        if c.generic { return true }
        let h = words(c.head), u = words(unit)
        guard let fh = h.first, fh == u.first else { return false }
        let su = Set(u)
        return h.allSatisfy { su.contains($0) }
    }
}

/// The roster of units in `units.tsv`, in the database folder: who belongs to which class, when
/// neither the duty nor the plan's lists say. One unit per line, `unit<TAB>class[<TAB>alias…]`;
/// `#` starts a comment; blank lines are skipped. The class is a kind of unit as duties name it
/// ("trường THPT", "Trung tâm Y tế khu vực", "đơn vị trực thuộc"); aliases are other names the
/// unit signs with ("TTYT Diễn Châu").
public struct Roster: Sendable {
    public struct Entry: Sendable, Hashable {
        public var unit: String
        public var unitClass: String
        public var aliases: [String]
    }
    public static let fileName = "units.tsv"
    public private(set) var entries: [Entry] = []

    public init() {}

    /// Reads a roster; the lines it could not read ("line N: reason").
    @discardableResult
    public mutating func add(table: String) -> [String] {
        var problems: [String] = []
        for (n, line) in TableLines.of(table) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { VietText.normalize($0.trimmingCharacters(in: .whitespaces)) }
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                problems.append("line \(n): expected UNIT<TAB>CLASS[<TAB>ALIAS…]")
                continue
            }
            entries.append(Entry(unit: fields[0], unitClass: fields[1], aliases: fields.dropFirst(2).filter { !$0.isEmpty }))
        }
        return problems
    }

    /// The roster of the archive at `dbPath` (empty when it has none); a line it cannot read is an error.
    static func of(dbPath: String) throws(ArchiveError) -> Roster {
        var r = Roster()
        let file = (dbPath as NSString).appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: file) else { return r }
        guard let data = FileManager.default.contents(atPath: file) else { throw .io("cannot read \(file)") }
        let problems = r.add(table: String(decoding: data, as: UTF8.self))
        if !problems.isEmpty { throw .badInput("\(file): " + problems.joined(separator: "; ")) }
        return r
    }

    /// The units of the roster in a class a duty names: every unit for a generic class, else the
    /// units whose roster class or name is of that class.
    func members(of c: UnitClass, matcher: UnitMatcher) -> [Entry] {
        if c.generic { return entries }
        return entries.filter { e in
            matcher.isMember(e.unit, of: c) || matcher.isMember(e.unitClass, of: c) || e.aliases.contains { matcher.isMember($0, of: c) }
        }
    }
}

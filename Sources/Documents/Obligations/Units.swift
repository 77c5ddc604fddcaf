import VietText

// Who a duty binds, as the text says it: the units named in the duty's sentence, and the classes
// it names ("các trường THPT", "UBND các xã, phường") to be resolved against the units the plan
// addresses in its `Kính gửi` and `Nơi nhận` lists. Comparing names (folding, abbreviations both
// ways) is the archive's business: `UnitNames` is asked.

/// A unit bound to an obligation, and where it came from.
public struct BoundUnit: Hashable, Sendable {
    public enum Source: String, Sendable, CaseIterable {
        /// Named in the duty's own sentence.
        case named
        /// A unit of the plan's `Kính gửi` / `Nơi nhận` that falls in a class the duty names.
        case recipients
        /// A unit of the archive's roster (`units.tsv`) in that class.
        case roster
        /// A unit in that class that answered the plan (nothing else says who is in it).
        case answered
    }
    public var name: String
    public var source: Source
    public init(name: String, source: Source) { self.name = name; self.source = source }
}

/// A class of units a duty names: "các trường THPT" → members are units whose name holds
/// "trường THPT"; "các đơn vị trực thuộc" is generic (every unit the plan addresses).
public struct UnitClass: Hashable, Sendable {
    /// As written ("Các trường THPT").
    public var text: String
    /// What a member's name must hold, without plural markers, leadership words and descriptions
    /// ("trực thuộc Sở", "tuyến tỉnh", "trên địa bàn"): "trường THPT".
    public var head: String
    /// Only a kind of unit ("đơn vị", "cơ quan"): every unit addressed is a member.
    public var generic: Bool
    /// Said to be under the issuer ("trực thuộc", "thuộc Sở").
    public var underIssuer: Bool
}

/// How the archive compares names of units (folded, abbreviations expanded both ways).
public protocol UnitNames {
    /// Whether two names name the same unit ("TTYT Diễn Châu", "Trung tâm Y tế huyện Diễn Châu").
    func sameUnit(_ a: String, _ b: String) -> Bool
    /// Whether a unit falls in a class ("Trường THPT Cửa Lò" in "trường THPT").
    func isMember(_ unit: String, of c: UnitClass) -> Bool
}

/// Who a duty binds.
public enum ReportingUnits {
    /// A part of a reporter: a unit it names, or a class.
    public enum Part: Hashable, Sendable {
        case unit(String)
        case unitClass(UnitClass)
    }

    /// The parts of a reporter ("Trung tâm Kiểm soát bệnh tật tỉnh; Các bệnh viện tuyến tỉnh",
    /// "Ủy ban nhân dân các huyện, thị xã, thành phố"). Groups are separated by ";"; a group with
    /// a plural marker ("các", "những", "mỗi", "từng") names classes; its items are separated by
    /// "," or "và", and an item that does not start with a kind of unit takes the kind written
    /// before the marker ("thị xã" after "Ủy ban nhân dân các huyện" is "Ủy ban nhân dân thị xã").
    /// No reporter: one generic class.
    public static func parts(of reporter: String?) -> [Part] {
        guard let reporter, !ObligationExtractor.tidy(reporter).isEmpty else {
            return [.unitClass(UnitClass(text: "", head: "", generic: true, underIssuer: false))]
        }
        var out: [Part] = []
        for group in reporter.split(separator: ";") {
            let g = ObligationExtractor.tidy(String(group))
            guard !g.isEmpty else { continue }
            let words = g.split(separator: " ").map(String.init)
            let plural = words.contains { pluralMarkers.contains($0.lowercased()) }
            // The kind written before the plural marker: "Ủy ban nhân dân" in "Ủy ban nhân dân các huyện".
            var inheritedKind = ""
            if let k = words.firstIndex(where: { pluralMarkers.contains($0.lowercased()) }), k > 0 {
                inheritedKind = stripLeadership(words[..<k].joined(separator: " "))
            }
            for (n, var item) in items(of: g).enumerated() {
                if n > 0, !inheritedKind.isEmpty, !startsWithKind(item) { item = inheritedKind + " " + item }
                let itemPlural = plural || item.split(separator: " ").contains { pluralMarkers.contains($0.lowercased()) }
                let c = unitClass(item)
                if itemPlural || c.generic {
                    out.append(.unitClass(c))
                } else {
                    out.append(.unit(namedUnit(item)))
                }
            }
        }
        return out
    }

    /// The units a plan's `Kính gửi` and `Nơi nhận` lists address: never "Lưu", "Như trên", a
    /// body sent the plan for information or to report to ("(b/c)", "(để biết)", "(p/h)"), the
    /// issuer or its own leadership, a body at or above the issuer's level, nor a class ("Các
    /// đơn vị trực thuộc"). Leadership before a unit is dropped ("Giám đốc Trung tâm X" → "Trung
    /// tâm X"); each unit once, in list order.
    public static func addressed(recipients: [String], copiesTo: [String], issuer: String?, names: some UnitNames) -> [String] {
        let issuerLevel = issuer.map(level) ?? 0
        var out: [String] = []
        for raw in recipients + copiesTo {
            for piece in raw.split(separator: ";").flatMap({ enumerated(String($0)) }) {
                guard let unit = addressedUnit(piece) else { continue }
                if let issuer, names.sameUnit(unit, issuer) { continue }
                let rank = level(unit)
                if rank > 0 && issuerLevel > 0 && rank >= issuerLevel { continue }
                if out.contains(where: { names.sameUnit($0, unit) }) { continue }
                out.append(unit)
            }
        }
        return out
    }

    /// Of `addressed` units, those in a class (a generic class takes them all; one said to be
    /// under the issuer takes none at the issuer's level, which `addressed` already left out).
    public static func members(of c: UnitClass, among units: [String], names: some UnitNames) -> [String] {
        c.generic ? units : units.filter { names.isMember($0, of: c) }
    }

    /// The rank of the body a name starts with: 5 central (Bộ, Chính phủ, Trung ương), 4 province
    /// (UBND tỉnh, Tỉnh ủy, HĐND tỉnh), 3 department or district (Sở, UBND huyện), 0 anything else.
    public static func level(_ name: String) -> Int {
        var f = " " + VietText.fold(name) + " "
        for (short, long) in bodyAbbreviations { f = f.replacingOccurrences(of: short, with: long) }
        func starts(_ prefixes: [String]) -> Bool { prefixes.contains { f.hasPrefix(" " + $0 + " ") } }
        if starts(["bo", "chinh phu", "thu tuong", "van phong chinh phu", "quoc hoi", "ban bi thu", "trung uong", "ban chap hanh trung uong",
                   "van phong trung uong"]) { return 5 }
        if starts(["tinh uy", "thanh uy", "thuong truc", "hoi dong nhan dan tinh", "hoi dong nhan dan thanh pho", "uy ban nhan dan tinh",
                   "doan dai bieu quoc hoi", "van phong uy ban nhan dan tinh"]) { return 4 }
        // "UBND thành phố (b/c)" in a city's plan is the city; "UBND thành phố Vinh" is a district's level.
        if f == " uy ban nhan dan thanh pho " { return 4 }
        if starts(["so", "uy ban nhan dan huyen", "uy ban nhan dan quan", "uy ban nhan dan thi xa", "uy ban nhan dan thanh pho",
                   "huyen uy", "quan uy", "thi uy"]) { return 3 }
        return 0
    }

    static let bodyAbbreviations = [(" ubnd ", " uy ban nhan dan "), (" hdnd ", " hoi dong nhan dan "), (" tt ", " thuong truc "),
                                    (" vpcp ", " van phong chinh phu "), (" tu ", " trung uong "), (" tw ", " trung uong ")]

    // MARK: - Reading names

    static let pluralMarkers: Set<String> = ["các", "những", "mỗi", "từng"]
    /// Words of leadership before a unit's name: "Thủ trưởng các đơn vị", "Giám đốc Trung tâm X".
    static let leadership = ["thủ trưởng", "hiệu trưởng", "phó hiệu trưởng", "giám đốc", "phó giám đốc", "lãnh đạo", "người đứng đầu",
                             "chủ tịch", "phó chủ tịch", "trưởng", "ban giám đốc", "ban giám hiệu", "pgđ", "tập thể"]
    static let leadershipLongestFirst = leadership.sorted { $0.count > $1.count }
    /// Kinds of unit that say nothing about which: a class of them takes every unit addressed.
    static let genericKinds: Set<String> = ["don vi", "co quan", "co quan don vi", "phong don vi", "dia phuong", "nganh",
                                            "don vi su nghiep", "co quan chuyen mon", "don vi y te", "co so", "to chuc", ""]
    /// Words after which a class only describes its members ("trực thuộc Sở", "tuyến tỉnh").
    static let descriptions = ["trực thuộc", "thuộc", "được", "có liên quan", "liên quan", "trên địa bàn", "trong ngành",
                               "trong toàn ngành", "tuyến", "cấp", "chuyên môn", "chức năng", "nghiệp vụ", "toàn tỉnh", "toàn ngành"]
    /// Parenthesised notes of a copy sent for information, not for action.
    static let forInformation: Set<String> = ["b c", "de b c", "bc", "bao cao", "de bao cao", "de biet", "d b", "db", "p h", "phoi hop",
                                             "de phoi hop", "chi dao", "de chi dao", "de theo doi", "t d", "theo doi", "de b c va chi dao",
                                             "b c chi dao", "de bc", "bao cao chi dao"]

    /// "Các Trung tâm Y tế khu vực" → class with head "Trung tâm Y tế khu vực".
    static func unitClass(_ item: String) -> UnitClass {
        var words = item.split(separator: " ").map(String.init)
        words.removeAll { pluralMarkers.contains($0.lowercased()) }
        var head = stripLeadership(words.joined(separator: " "))
        var underIssuer = false
        // Cut the description: "đơn vị trực thuộc Sở" → "đơn vị".
        let hw = head.split(separator: " ").map(String.init)
        let lower = hw.map { $0.lowercased() }
        var cut = hw.count
        for d in descriptions {
            let dw = d.split(separator: " ").map(String.init)
            var i = 1   // never the first word: "Trường THPT" stays
            while i + dw.count <= lower.count {
                if Array(lower[i..<(i + dw.count)]) == dw {
                    if i < cut { cut = i }
                    if d == "trực thuộc" || d == "thuộc" { underIssuer = true }
                    break
                }
                i += 1
            }
        }
        head = hw[..<cut].joined(separator: " ")
        let key = VietText.fold(head).replacingOccurrences(of: " va ", with: " ")
        return UnitClass(text: item, head: head, generic: genericKinds.contains(key), underIssuer: underIssuer)
    }

    /// A named unit without leadership words before it ("Hiệu trưởng Trường THPT Nam Đàn 2" →
    /// "Trường THPT Nam Đàn 2"), unless nothing would be left.
    static func namedUnit(_ item: String) -> String {
        let s = stripLeadership(item)
        return s.isEmpty ? item : ObligationExtractor.upperFirst(s)
    }

    static func stripLeadership(_ s: String) -> String {
        var t = ObligationExtractor.tidy(s)
        var changed = true
        while changed {
            changed = false
            // Compared with their accents: "trưởng" (head) is not "Trường" (school).
            let f = t.lowercased()
            for l in leadershipLongestFirst {
                if f == l { return "" }
                if f.hasPrefix(l + " ") {
                    t = ObligationExtractor.tidy(String(t.dropFirst(l.count)))
                    changed = true
                    break
                }
            }
        }
        return t
    }

    /// Items of a group: split at "," and at "và"/"hoặc" before a kind of unit ("chi cục và đơn vị
    /// sự nghiệp"), never inside a name ("Sở Giáo dục và Đào tạo").
    static func items(of group: String) -> [String] {
        var out: [String] = []
        for piece in group.split(separator: ",") {
            var current: [String] = []
            let words = piece.split(separator: " ").map(String.init)
            var i = 0
            while i < words.count {
                let f = words[i].lowercased()
                if (f == "và" || f == "hoặc"), !current.isEmpty, i + 1 < words.count,
                   startsWithKind(words[(i + 1)...].joined(separator: " ")) {
                    out.append(current.joined(separator: " "))
                    current = []
                    i += 1
                    continue
                }
                current.append(words[i])
                i += 1
            }
            if !current.isEmpty { out.append(current.joined(separator: " ")) }
        }
        return out.map { ObligationExtractor.tidy($0) }.filter { !$0.isEmpty }
    }

    /// Whether a phrase starts with a kind of unit or a plural marker ("Trường …", "các …", "UBND …").
    static func startsWithKind(_ s: String) -> Bool {
        ObligationExtractor.startsWithUnitName(s.trimmingScalars(in: CharSets.whitespaces))
    }

    /// An item naming a class and its members ("Các trường THPT: Cửa Lò, Nghi Lộc 1 và Nam Đàn 2")
    /// as one item per member ("Trường THPT Cửa Lò", …); any other item as it is.
    static func enumerated(_ item: String) -> [String] {
        guard let colon = item.firstIndex(of: ":") else { return [item] }
        let kind = item[..<colon].split(separator: " ").filter { !pluralMarkers.contains($0.lowercased()) && $0 != "-" && $0 != "+" }.joined(separator: " ")
        let names = ObligationExtractor.tidy(String(item[item.index(after: colon)...]))
        guard item[..<colon].split(separator: " ").contains(where: { pluralMarkers.contains($0.lowercased()) }), !kind.isEmpty, !names.isEmpty,
              startsWithKind(kind), !VietText.fold(kind).hasPrefix("luu") else { return [item] }
        var out: [String] = []
        for piece in names.split(separator: ",") {
            for name in piece.components(separatedBy: " và ") {
                let n = ObligationExtractor.tidy(name)
                if !n.isEmpty { out.append(ObligationExtractor.upperFirst(kind) + " " + n) }
            }
        }
        return out.isEmpty ? [item] : out
    }

    /// The unit one item of a `Kính gửi` / `Nơi nhận` list addresses, or nil.
    static func addressedUnit(_ raw: String) -> String? {
        var t = ObligationExtractor.tidy(raw)
        while t.hasPrefix("-") || t.hasPrefix("+") || t.hasPrefix("•") { t = ObligationExtractor.tidy(String(t.dropFirst())) }
        let f = VietText.fold(t)
        if f.isEmpty || f.hasPrefix("nhu tren") || f.hasPrefix("nhu dieu") || f.hasPrefix("nhu kinh gui") || f.hasPrefix("luu")
            || f == "vt" || f.hasPrefix("vt ") || f.hasPrefix("cong thong tin") || f.hasPrefix("website") || f.hasPrefix("trang thong tin") {
            return nil
        }
        // Parenthesised notes: sent for information → not bound; "(qua …)", "(thực hiện)" → dropped.
        var name = ""
        var depth = 0, note = ""
        for ch in t {
            if ch == "(" { depth += 1; if depth == 1 { note = "" }; continue }
            if ch == ")" {
                if depth == 1, forInformation.contains(VietText.fold(note)) { return nil }
                depth = max(0, depth - 1)
                continue
            }
            if depth > 0 { note.append(ch) } else { name.append(ch) }
        }
        name = ObligationExtractor.tidy(name)
        guard !name.isEmpty else { return nil }
        if name.split(separator: " ").contains(where: { pluralMarkers.contains($0.lowercased()) }) { return nil }   // a class, not a unit
        let unit = stripLeadership(name)
        guard !unit.isEmpty else { return nil }
        // What is left of leadership of the issuer itself: "Giám đốc Sở", "các PGĐ Sở".
        let uf = VietText.fold(unit)
        if uf == "so" || uf == "trung tam" || uf == "benh vien" || uf == "truong" || uf == "uy ban" { return nil }
        if genericKinds.contains(uf) { return nil }
        return ObligationExtractor.upperFirst(unit)
    }
}

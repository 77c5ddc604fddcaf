import Foundation

/// Document numbers ("số, ký hiệu"): `6757/KH-SYT`, `226-KL/TW`, `30/2020/NĐ-CP`, `110/2023/QH15`.
public enum DocumentNumber {
    /// `6757 /KH-SYT` → `6757/KH-SYT`; `Số:     /SYT-VP` → nil (blank number of a draft).
    /// NFC, Ð read as Đ, no spaces.
    public static func normalize(_ raw: String) -> String? {
        var s = raw.unicodeScalars.contains(where: { $0.value >= 0x300 && $0.value <= 0x36F }) ? TextKit.nfc(raw) : raw
        var v = String.UnicodeScalarView()
        for sc in s.unicodeScalars {
            if sc == "Ð" { v.append("Đ") } else if sc == "ð" { v.append("đ") }
            else if (sc.value < 0x80 ? sc.value == 0x20 || (sc.value >= 0x09 && sc.value <= 0x0D) : sc.properties.isWhitespace)
                        || sc.value == 0x200B || sc.value == 0xFEFF { continue }
            else { v.append(sc) }
        }
        s = String(v)
        // Drop a leading "Số:" / "số".
        if s.utf8.first == 0x53 || s.utf8.first == 0x73, let r = s.rangeOf("^[Ss]ố:?") { s.removeSubrange(r) }
        s = s.trimmingScalars(in: CS.chars8)
        guard let first = s.unicodeScalars.first, CharacterSet.decimalDigits.contains(first) else { return nil }
        let shape = numberShape(s)
        guard shape.map({ $0 == .full }) ?? s.has(fullPattern) else {
            // A bare serial (short mention) is still a number.
            if shape.map({ $0 == .serial }) ?? s.has(#"^[0-9]{1,6}$"#) { return s }
            return nil
        }
        return s
    }

    static let fullPattern = #"^[0-9]{1,6}[a-zđA-Z]?([/-][0-9A-Za-zĐđ&.]+)+$"#
    enum Shape { case full, serial, neither }

    /// Which of `fullPattern` and `^[0-9]{1,6}$` match `s`, decided on strings of ASCII, Đ and đ
    /// with no line terminator (`$` also matches before a final one); nil for anything else.
    /// `fullPattern` is D{1,6} L? (S C+)+ with S = [/-] and C = [0-9A-Za-zĐđ&.] disjoint, L ⊂ C,
    /// no digit in L or S: the digit run must be the whole leading run, and the rest must start
    /// with S, end with C, and hold no two S in a row.
    static func numberShape(_ s: String) -> Shape? {
        var s = s
        return s.withUTF8 { p -> Shape? in
            let n = p.count
            // code points: ASCII as is, Đ → 0x110, đ → 0x111
            var cps: [UInt16] = []
            cps.reserveCapacity(n)
            var i = 0
            while i < n {
                let b = p[i]
                if b < 0x80 {
                    if b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C { return nil }
                    cps.append(UInt16(b)); i += 1
                } else if b == 0xC4, i + 1 < n, p[i + 1] == 0x90 || p[i + 1] == 0x91 {
                    cps.append(p[i + 1] == 0x90 ? 0x110 : 0x111); i += 2
                } else {
                    return nil
                }
            }
            @inline(__always) func digit(_ c: UInt16) -> Bool { c >= 0x30 && c <= 0x39 }
            @inline(__always) func alpha(_ c: UInt16) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
            @inline(__always) func sep(_ c: UInt16) -> Bool { c == 0x2F || c == 0x2D }
            @inline(__always) func cls(_ c: UInt16) -> Bool { digit(c) || alpha(c) || c == 0x110 || c == 0x111 || c == 0x26 || c == 0x2E }
            let m = cps.count
            var d = 0
            while d < m && digit(cps[d]) { d += 1 }
            guard d >= 1 && d <= 6 else { return .neither }
            if d == m { return .serial }
            var k = d
            if alpha(cps[k]) || cps[k] == 0x111 { k += 1 }
            guard k < m, sep(cps[k]), !sep(cps[m - 1]) else { return .neither }
            var prevSep = false
            while k < m {
                let c = cps[k]
                if sep(c) {
                    if prevSep { return .neither }
                    prevSep = true
                } else if cls(c) {
                    prevSep = false
                } else {
                    return .neither
                }
                k += 1
            }
            return .full
        }
    }

    /// `6757/KH-SYT` → `KH`; `226-KL/TW` → `KL`; `30/2020/NĐ-CP` → `NĐ`; `2926/SYT-VP` → nil (công văn);
    /// `110/2023/QH15` → nil (the type of a law or a National Assembly resolution is not in its symbol).
    public static func typeCode(of number: String) -> String? {
        // A simple string (see `Scan.Table`) is its own NFC; the replacements only act when the
        // characters occur.
        let s: String
        if Scan.isSimple(number), !number.utf8.contains(0x20), !number.hasBytes("Ð") {
            s = number
        } else {
            s = TextKit.nfc(number).replacingOccurrences(of: "Ð", with: "Đ").replacingOccurrences(of: " ", with: "")
        }
        // Party form: serial-TYPE/ISSUER
        if partyFormMay(s), let m = s.firstMatch(#"^[0-9]*[a-z]?-([A-Za-zĐđ]+)/"#) {
            return DocumentTypes.canonicalCode(m)
        }
        // State form: serial/(year/)?TYPE-ISSUER or serial/ISSUER-UNIT
        var parts = s.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return nil }
        parts.removeFirst()
        if parts.count >= 2, parts[0].count == 4, Int(parts[0]) != nil { parts.removeFirst() }
        let symbol = parts.joined(separator: "/")
        let groups = symbol.split(separator: "-").map(String.init)
        guard let g = groups.first else { return nil }
        if groups.count == 1 { return nil }   // QH15, UBTVQH14, TW
        return DocumentTypes.canonicalCode(g)
    }

    /// Necessary for `^[0-9]*[a-z]?-`: digits, at most one a–z, then "-".
    static func partyFormMay(_ s: String) -> Bool {
        var it = s.utf8.makeIterator()
        var c = it.next()
        while let x = c, x >= 0x30 && x <= 0x39 { c = it.next() }
        if let x = c, x >= 0x61 && x <= 0x7A { c = it.next() }
        return c == 0x2D
    }

    /// `6757/KH-SYT` → `6757`; `226-KL/TW` → `226`.
    public static func serial(of number: String) -> String {
        var out = ""
        for ch in number.trimmingScalars(in: CS.whitespaces) {
            if ch.isNumber { out.append(ch) } else { break }
        }
        return out.isEmpty ? number : out
    }

    /// The symbol without the serial: `6757/KH-SYT` → `KH-SYT`, `226-KL/TW` → `KL/TW`.
    public static func symbol(of number: String) -> String {
        let s = serial(of: number)
        guard s != number, number.hasPrefix(s) else { return "" }
        var rest = String(number.dropFirst(s.count))
        if rest.hasPrefix("/") || rest.hasPrefix("-") { rest.removeFirst() }
        return rest
    }

    /// Whether a number is only a serial (a short mention not linked to a full one).
    public static func isShort(_ number: String) -> Bool {
        !number.isEmpty && number.allSatisfy { $0.isNumber }
    }

    /// Comparison key: no spaces, Đ/Ð/đ as D, upper case.
    public static func key(_ number: String) -> String {
        var out = String.UnicodeScalarView()
        let src = number.unicodeScalars.contains(where: { $0.value >= 0x300 && $0.value <= 0x36F }) ? TextKit.nfc(number) : number
        for sc in src.unicodeScalars {
            switch sc {
            case " ", "\t", "\n", "\r": continue
            case "Đ", "đ", "Ð", "ð": out.append("D")
            default:
                if sc.value < 128 { out.append(Unicode.Scalar(UInt8(ascii: "a") <= UInt8(sc.value) && UInt8(sc.value) <= UInt8(ascii: "z") ? sc.value - 32 : sc.value)!) }
                else { out.append(contentsOf: String(sc).uppercased().unicodeScalars) }
            }
        }
        return String(out)
    }
}

/// Type names and their abbreviations (NĐ 30/2020 Phụ lục III, Party HD 36, VBQPPL).
public enum DocumentTypes {
    /// (code, natural name, extra folded aliases)
    static let table: [(String, String, [String])] = [
        ("NQ", "Nghị quyết", []), ("QĐ", "Quyết định", []), ("CT", "Chỉ thị", []), ("QC", "Quy chế", []),
        ("QyĐ", "Quy định", []), ("TC", "Thông cáo", []), ("TB", "Thông báo", []), ("HD", "Hướng dẫn", []),
        ("CTr", "Chương trình", []), ("KH", "Kế hoạch", []), ("PA", "Phương án", []), ("ĐA", "Đề án", []),
        ("DA", "Dự án", []), ("BC", "Báo cáo", []), ("BB", "Biên bản", []), ("TTr", "Tờ trình", []),
        ("HĐ", "Hợp đồng", []), ("CĐ", "Công điện", []), ("BGN", "Bản ghi nhớ", []), ("BTT", "Bản thỏa thuận", []),
        ("GUQ", "Giấy ủy quyền", []), ("GM", "Giấy mời", []), ("GGT", "Giấy giới thiệu", []),
        ("GNP", "Giấy nghỉ phép", []), ("PG", "Phiếu gửi", []), ("PC", "Phiếu chuyển", []), ("PB", "Phiếu báo", []),
        ("SY", "Bản sao y", []), ("TrS", "Bản trích sao", []), ("SL", "Bản sao lục", []),
        ("CV", "Công văn", ["van ban"]), ("KL", "Kết luận", []), ("NĐ", "Nghị định", []), ("TT", "Thông tư", []),
        ("TTLT", "Thông tư liên tịch", []), ("QĐi", "Quy định", []), ("TTri", "Thông tri", ["thong tri"]),
        ("VBHN", "Văn bản hợp nhất", []), ("L", "Luật", ["bo luat"]), ("PL", "Pháp lệnh", []),
        ("QH", "Quy hoạch", []), ("TCh", "Tuyên bố", []),
    ]

    /// Codes recognised in a symbol (first group). Excludes codes that clash with issuer abbreviations.
    static let symbolCodes: Set<String> = [
        "NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB", "TTr", "HĐ", "CĐ",
        "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "SY", "TrS", "SL", "CV", "KL", "NĐ", "TT", "TTLT",
        "QĐi", "VBHN",
    ]

    static let byFold: [String: String] = {
        var m: [String: String] = [:]
        for (code, name, aliases) in table {
            let k = TextKit.fold(name)
            if m[k] == nil { m[k] = code }
            for a in aliases where m[a] == nil { m[a] = code }
        }
        m["quy dinh"] = "QyĐ"
        m["van ban"] = nil
        return m
    }()

    /// Canonical spelling of a code found in a symbol (exact, or by a fold that is unambiguous: `ND` → `NĐ`).
    static func canonicalCode(_ raw: String) -> String? {
        let c = raw.hasBytes("Ð") ? raw.replacingOccurrences(of: "Ð", with: "Đ") : raw
        if symbolCodes.contains(c) { return c }
        let f = TextKit.fold(c)
        let cands = symbolCodes.filter { TextKit.fold($0) == f }
        if cands.count == 1 { return cands.first }
        // Upper-case variants: "QDI" etc.
        let up = symbolCodes.filter { $0.uppercased() == c.uppercased() }
        if up.count == 1 { return up.first }
        return nil
    }

    /// "kế hoạch", "KẾ HOẠCH", "ke hoach" → "KH".
    public static func code(forName name: String) -> String? {
        let f = TextKit.fold(name.trimmingScalars(in: CS.whitespacesNewlinesPunctuation))
        if let c = byFold[f] { return c }
        // Abbreviation written as the name ("KH", "QĐ").
        let raw = name.trimmingScalars(in: CS.whitespaces)
        if let c = canonicalCode(raw) { return c }
        return nil
    }

    /// Every type: its code and name ("KH", "Kế hoạch"), in the table's order.
    public static var all: [(code: String, name: String)] { table.map { ($0.0, $0.1) } }

    /// "KH" → "Kế hoạch".
    public static func name(forCode code: String) -> String? {
        let c = canonicalCode(code) ?? code
        if c == "QĐi" { return "Quy định" }
        return table.first { $0.0 == c }?.1
    }

    /// Upper-case headings that open a named document ("KẾ HOẠCH", "BÁO CÁO", …), folded.
    static let headingFolds: [String: String] = {
        var m: [String: String] = [:]
        for (code, name, _) in table where !["SY", "TrS", "SL", "VBHN", "L", "CV", "QĐi", "TTri", "QH", "TCh"].contains(code) {
            m[TextKit.fold(name)] = code
        }
        m["thong tri"] = "TTri"
        m["luat"] = "L"
        m["quy dinh"] = "QyĐ"
        return m
    }()
}

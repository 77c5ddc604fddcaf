import Foundation
import VietText

/// Document numbers ("số, ký hiệu"): `6757/KH-SYT`, `226-KL/TW`, `30/2020/NĐ-CP`, `110/2023/QH15`.
public enum DocumentNumber {
    /// `6757 /KH-SYT` → `6757/KH-SYT`; `Số:     /SYT-VP` → nil (blank number of a draft).
    /// NFC, Ð read as Đ, no spaces; the rest as written (case, a lost dash: `84QĐ/TWĐTN`).
    public static func normalize(_ raw: String) -> String? {
        var s = raw.unicodeScalars.contains(where: { $0.value >= 0x300 && $0.value <= 0x36F || $0 == "Ð" || $0 == "ð" }) ? VietText.normalize(raw) : raw
        var v = String.UnicodeScalarView()
        for sc in s.unicodeScalars {
            if (sc.value < 0x80 ? sc.value == 0x20 || (sc.value >= 0x09 && sc.value <= 0x0D) : sc.properties.isWhitespace)
                || sc.value == 0x200B || sc.value == 0xFEFF { continue }
            v.append(sc)
        }
        s = String(v)
        // Drop a leading "Số:" / "số".
        if s.utf8.first == 0x53 || s.utf8.first == 0x73, let r = s.rangeOf("^[Ss]ố:?") { s.removeSubrange(r) }
        s = s.trimmingScalars(in: CharSets.numberEdges)
        switch shape(s) {
        case .full, .serial: return s
        case .neither: return nil
        }
    }

    enum Shape { case full, serial, neither }

    /// A serial of 1–6 digits alone (`.serial`), or followed by a symbol (`.full`): an optional
    /// lower-case letter (`12a/…`) or a type code written without its dash (`84QĐ/TWĐTN`), then
    /// groups of `[0-9A-Za-zĐđƯư&.]` each after a `/` or `-`, no two separators in a row, none last.
    static func shape(_ s: String) -> Shape {
        let u = Array(s.unicodeScalars.map(\.value))
        let n = u.count
        var d = 0
        while d < n && u[d] >= 0x30 && u[d] <= 0x39 { d += 1 }
        guard d >= 1 && d <= 6 else { return .neither }
        if d == n { return .serial }
        @inline(__always) func sep(_ c: UInt32) -> Bool { c == 0x2F || c == 0x2D }
        @inline(__always) func upper(_ c: UInt32) -> Bool { (c >= 0x41 && c <= 0x5A) || c == 0x110 }
        @inline(__always) func groupUnit(_ c: UInt32) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == 0x110 || c == 0x111 || c == 0x1AF || c == 0x1B0 || c == 0x26 || c == 0x2E
        }
        var k = d
        if (u[k] >= 0x61 && u[k] <= 0x7A) || u[k] == 0x111 {
            k += 1
        } else if upper(u[k]) {
            // a type code glued to the serial, then "/": "84QĐ/TWĐTN"
            var e = k
            while e < n && e - k < 5 && (upper(u[e]) || (u[e] >= 0x61 && u[e] <= 0x7A) || u[e] == 0x111) { e += 1 }
            guard e < n, u[e] == 0x2F else { return .neither }
            k = e
        }
        guard k < n, sep(u[k]), !sep(u[n - 1]) else { return .neither }
        var prevSep = false
        while k < n {
            let c = u[k]
            if sep(c) {
                if prevSep { return .neither }
                prevSep = true
            } else if groupUnit(c) {
                prevSep = false
            } else {
                return .neither
            }
            k += 1
        }
        return .full
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
            s = VietText.normalize(number).replacingOccurrences(of: "Ð", with: "Đ").replacingOccurrences(of: " ", with: "")
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
        for ch in number.trimmingScalars(in: CharSets.whitespaces) {
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
        let src = number.unicodeScalars.contains(where: { $0.value >= 0x300 && $0.value <= 0x36F }) ? VietText.normalize(number) : number
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
            let k = VietText.fold(name)
            if m[k] == nil { m[k] = code }
            for a in aliases where m[a] == nil { m[a] = code }
        }
        m[VietText.fold("quy dinh")] = "QyĐ"
        m["van ban"] = nil
        return m
    }()

    /// Canonical spelling of a code found in a symbol (exact, or by a fold that is unambiguous: `ND` → `NĐ`).
    static func canonicalCode(_ raw: String) -> String? {
        let c = raw.hasBytes("Ð") ? raw.replacingOccurrences(of: "Ð", with: "Đ") : raw
        if symbolCodes.contains(c) { return c }
        let f = VietText.fold(c)
        let cands = symbolCodes.filter { VietText.fold($0) == f }
        if cands.count == 1 { return cands.first }
        // Upper-case variants: "QDI" etc.
        let up = symbolCodes.filter { $0.uppercased() == c.uppercased() }
        if up.count == 1 { return up.first }
        return nil
    }

    /// "kế hoạch", "KẾ HOẠCH", "ke hoach" → "KH".
    public static func code(forName name: String) -> String? {
        let f = VietText.fold(name.trimmingScalars(in: CharSets.whitespacesNewlinesPunctuation))
        if let c = byFold[f] { return c }
        // Abbreviation written as the name ("KH", "QĐ").
        let raw = name.trimmingScalars(in: CharSets.whitespaces)
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
            m[VietText.fold(name)] = code
        }
        m[VietText.fold("thong tri")] = "TTri"
        m["luat"] = "L"
        m[VietText.fold("quy dinh")] = "QyĐ"
        return m
    }()
}

/// Reads a written number in running text, whatever spacing and glue real copies put around its
/// parts: `6757/KH-SYT`, `2136 / BHXH - CSYT`, `367 - QĐ/TWĐTN-VP`, `84 QĐ/TWĐTN` (dash lost),
/// `12-NQ/TƯ`, `1165/QĐ-` ⏎ `TTg` (wrapped), `1551/UBND-VXKính gửi` and `…-VPĐOÀN TNCS` (a word glued
/// to the symbol: the symbol ends where the Vietnamese syllable starts).
///
/// A number is a serial, then groups each after `/` or `-`, with `/` among the first two
/// separators (`N/…` state form, `N-TYPE/…` Party form). Spaces and tabs may stand around a
/// separator; a line break only after a separator or before a `/` (a line starting "- " is a bullet).
/// Every group starts with an upper-case letter (`Đ`, `Ư` included) and is mostly upper case
/// (`TTg`, `TTr`, `Ttr`, `CTr`, `QĐi` are known codes), except a four-digit year right after the
/// serial (`30/2020/NĐ-CP`).
enum NumberScanner {
    struct Found {
        /// Where the number is written (UTF-16).
        var range: NSRange
        /// What is written, without spaces and line breaks.
        var text: String
    }

    @inline(__always) static func isDigit(_ c: UInt16) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isUpper(_ c: UInt16) -> Bool { (c >= 0x41 && c <= 0x5A) || c == 0x110 || c == 0x1AF }
    @inline(__always) static func isLowerASCII(_ c: UInt16) -> Bool { c >= 0x61 && c <= 0x7A }
    @inline(__always) static func isGroupUnit(_ c: UInt16) -> Bool {
        isDigit(c) || isUpper(c) || isLowerASCII(c) || c == 0x111 || c == 0x1B0 || c == 0x26
    }
    @inline(__always) static func isBlank(_ c: UInt16) -> Bool { c == 0x20 || c == 0x09 || c == 0xA0 }
    /// A letter that cannot be part of a symbol: a Vietnamese vowel with a mark, glued to it.
    @inline(__always) static func isOtherLetter(_ c: UInt16) -> Bool {
        c >= 0xC0 && c < 0x2070 && !isGroupUnit(c) && Scan.table.flags[Int(c)] & 2 != 0
    }

    static let onsets: [[UInt16]] = ["ngh", "ng", "gh", "gi", "kh", "nh", "ph", "qu", "th", "tr", "ch",
                                     "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x"].map { Array($0.utf16) }

    /// Mixed-case groups that are codes as written.
    static let mixedCodes: Set<String> = ["TTG", "TTR", "CTR", "QĐI", "QYĐ", "TRS"]

    /// The end of a symbol group starting at `r` (exclusive), cut before a glued Vietnamese syllable.
    static func groupEnd(_ u: [UInt16], _ r: Int, _ end: Int) -> Int {
        var e = r
        var upperRun = 0
        while e < end && isGroupUnit(u[e]) {
            // a word glued after the capitals: "KGVXLine", "BYTHướng"
            if isUpper(u[e]), upperRun >= 2, e + 1 < end, isLowerASCII(u[e + 1]) || isOtherLetter(u[e + 1]) && Scan.table.flags[Int(u[e + 1])] & 8 != 0 { return e }
            upperRun = isUpper(u[e]) ? upperRun + 1 : 0
            e += 1
        }
        guard e < end, isOtherLetter(u[e]) else { return e }
        // back over the syllable's plain vowels and its onset
        var s = e
        while s > r, "aeiouyAEIOUY".utf16.contains(u[s - 1]) { s -= 1 }
        var best = 0
        for o in onsets where o.count <= s - r && o.count > best {
            var ok = true
            for (j, x) in o.enumerated() {
                var c = u[s - o.count + j]
                if c >= 0x41 && c <= 0x5A { c |= 0x20 } else if c == 0x110 { c = 0x111 }
                if c != x { ok = false; break }
            }
            if ok { best = o.count }
        }
        return s - best
    }

    static func validGroup(_ u: [UInt16], _ a: Int, _ b: Int) -> Bool {
        guard b > a, isUpper(u[a]) else { return false }
        var letters = 0, upper = 0
        for k in a..<b {
            let c = u[k]
            if isUpper(c) { letters += 1; upper += 1 } else if isLowerASCII(c) || c == 0x111 || c == 0x1B0 { letters += 1 }
        }
        if upper * 2 >= letters { return true }
        guard b - a <= 4 else { return false }
        return mixedCodes.contains(Scan.string(utf16: u[a..<b]).uppercased())
    }

    static func isYear(_ u: [UInt16], _ a: Int, _ b: Int) -> Bool {
        b - a == 4 && (a..<b).allSatisfy { isDigit(u[$0]) }
    }

    /// A number whose serial starts at `p` (a digit) in a reference.
    static func scan(_ u: [UInt16], at p: Int, end: Int) -> Found? {
        var q = p
        while q < end && isDigit(u[q]) && q - p < 6 { q += 1 }
        guard q > p, q < end, !isDigit(u[q]) else { return nil }
        return groups(u, from: p, serialEnd: q, end: end)
    }

    /// A header's number after "Số:" (`p` is just after the colon): the serial may be blank in a
    /// draft (`Số:      /SYT-VP`, `Số: …/KH`).
    static func scanHeader(_ u: [UInt16], after p: Int, end: Int) -> Found? {
        var a = p
        // spaces, tabs and a few line breaks ("Số:" ⏎ "774/QĐ-UBND", blank lines between)
        var lines = 0
        while a < end, isBlank(u[a]) || (u[a] == 0x0A && lines < 4) { if u[a] == 0x0A { lines += 1 }; a += 1 }
        guard a < end else { return nil }
        if isDigit(u[a]) {
            var q = a
            while q < end && isDigit(u[q]) && q - a < 7 { q += 1 }
            guard q - a <= 6 else { return nil }
            return groups(u, from: a, serialEnd: q, end: end)
        }
        // a blank serial: dots, ellipses, underscores, spaces, then the separator
        var q = a
        while q < end, isBlank(u[q]) || u[q] == 0x2E || u[q] == 0x2026 || u[q] == 0x5F { q += 1 }
        guard q < end, u[q] == 0x2F || u[q] == 0x2D else { return nil }
        return groups(u, from: a, serialEnd: q, end: end)
    }

    static func groups(_ u: [UInt16], from p: Int, serialEnd q0: Int, end: Int) -> Found? {
        var q = q0
        var seps: [UInt16] = []
        // "12a/…": one lower-case letter, then "/"
        if q < end, isLowerASCII(u[q]) || u[q] == 0x111 {
            var r = q + 1
            while r < end && isBlank(u[r]) { r += 1 }
            guard r < end, u[r] == 0x2F else { return nil }
            q += 1
        }
        // "84 QĐ/TWĐTN", "84QĐ/TWĐTN": a type code without its dash (wrapped or not)
        do {
            var r = q
            var lines = 0
            while r < end, isBlank(u[r]) || (u[r] == 0x0A && lines == 0) { if u[r] == 0x0A { lines += 1 }; r += 1 }
            if r < end, isUpper(u[r]) {
                let e = groupEnd(u, r, min(end, r + 6))
                var s = e
                while s < end && isBlank(u[s]) { s += 1 }
                if e > r, s < end, u[s] == 0x2F, DocumentTypes.canonicalCode(Scan.string(utf16: u[r..<e])) != nil {
                    q = e
                    seps.append(0x2D)
                }
            }
        }
        var last = q
        var yearAllowed = true
        var skipped: [Range<Int>] = []
        var lastGroup = q..<q
        while true {
            var r = q
            while r < end && isBlank(u[r]) { r += 1 }
            // a line break before a "/" only, or before the "-" that a bare type code needs
            // ("317 / QĐ" ⏎ "- TTg": "N/QĐ" has no issuer yet; a line "- UBND huyện" is a bullet)
            if r < end, u[r] == 0x0A {
                var s = r + 1
                while s < end && isBlank(u[s]) { s += 1 }
                let bareType = seps == [0x2F] && DocumentTypes.canonicalCode(Scan.string(utf16: u[lastGroup])) != nil
                guard s < end, u[s] == 0x2F || (u[s] == 0x2D && bareType) else { break }
                r = s
            }
            guard r < end, u[r] == 0x2F || u[r] == 0x2D else { break }
            let sep = u[r]
            r += 1
            // a number never ends with its separator: what follows it goes on, over a line break or a blank line
            var lines = 0
            while r < end, isBlank(u[r]) || (u[r] == 0x0A && lines < 6) {
                if u[r] == 0x0A {
                    lines += 1
                    // a page number between the two halves ("1520/KH-" ⏎ "3" ⏎ "SYT")
                    if let e = Opening.pageMarkerEnd(u, r + 1, end, bare: true) { skipped.append(r + 1..<e); r = e; continue }
                }
                r += 1
            }
            guard r < end else { break }
            let e: Int
            if yearAllowed && sep == 0x2F && seps.isEmpty && isDigit(u[r]) {
                var y = r
                while y < end && isDigit(u[y]) { y += 1 }
                guard isYear(u, r, y) else { break }
                // the year must be followed by another "/" (a line break may stand before it)
                var s = y
                var nl = 0
                while s < end, isBlank(u[s]) || (u[s] == 0x0A && nl == 0) { if u[s] == 0x0A { nl += 1 }; s += 1 }
                guard s < end, u[s] == 0x2F else { break }
                e = y
            } else {
                let g = groupEnd(u, r, end)
                guard validGroup(u, r, g) else { break }
                e = g
            }
            yearAllowed = false
            seps.append(sep)
            lastGroup = r..<e
            q = e
            last = e
        }
        guard last > q0, seps.prefix(2).contains(0x2F), seps.count >= (seps.first == 0x2D ? 2 : 1) else { return nil }
        var text = [UInt16]()
        text.reserveCapacity(last - p)
        for k in p..<last where !(isBlank(u[k]) || u[k] == 0x0A || u[k] == 0x0D) && !skipped.contains(where: { $0.contains(k) }) { text.append(u[k]) }
        return Found(range: NSRange(location: p, length: last - p), text: Scan.string(utf16: text))
    }
}

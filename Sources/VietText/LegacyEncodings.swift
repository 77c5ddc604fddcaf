import Foundation

/// The pre-Unicode Vietnamese encodings found in archives from the 1990s–2000s.
///
/// - `windows1258`: Windows code page 1258; base letters plus combining tone marks (decoded to NFC).
/// - `tcvn3`: TCVN 5712:1993 VN3, the "ABC" encoding of the `.VnTime` fonts. It has no upper-case
///   toned letters (the `.VnTimeH` fonts draw the lower-case codes as capitals), so the decoder
///   restores capitals from context: a toned letter inside an upper-case word (`CéNG` → `CỘNG`), or a
///   one-capital word (`X·`) between upper-case words, is made upper case.
/// - `vni`: VNI Windows; a base letter followed by a mark byte (`Vieät` → `Việt`, `Coäng` → `Cộng`).
/// - `viscii`: VISCII (RFC 1456).
public enum LegacyEncoding: String, CaseIterable, Sendable {
    case windows1258 = "Windows-1258"
    case tcvn3 = "TCVN3"
    case vni = "VNI"
    case viscii = "VISCII"

    /// Decodes bytes to NFC text. Every byte decodes to something: there is no failure.
    public func decode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    /// Decodes bytes to NFC text.
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt32] = []
        out.reserveCapacity(bytes.count)
        Legacy.decode(bytes, self, into: &out)
        return Legacy.string(out)
    }
}

extension LegacyEncoding {
    /// The character of one byte (Windows-1258, TCVN3, VISCII: their table; VNI, whose letters take
    /// two bytes: Windows-1252). Windows-1258 tone marks come out as combining marks.
    public func scalar(ofByte b: UInt8) -> Unicode.Scalar {
        let v: UInt32
        switch self {
        case .windows1258: v = LegacyTables.cp1258[Int(b)]
        case .tcvn3: v = LegacyTables.tcvn3[Int(b)]
        case .viscii: v = LegacyTables.viscii[Int(b)]
        case .vni: v = LegacyTables.cp1252[Int(b)]
        }
        return Unicode.Scalar(v) ?? "\u{FFFD}"
    }

    /// The character of one Windows-1252 byte (undefined bytes: their C1 control).
    public static func windows1252(_ b: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(LegacyTables.cp1252[Int(b)]) ?? "\u{FFFD}"
    }
}

enum Legacy {
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ enc: LegacyEncoding, into out: inout [UInt32], mojibake: Bool = false) {
        switch enc {
        case .windows1258:
            for b in p { appendComposing(LegacyTables.cp1258[Int(b)], &out) }
        case .viscii:
            for b in p { out.append(LegacyTables.viscii[Int(b)]) }
        case .tcvn3:
            let start = out.count
            for b in p { appendComposing(LegacyTables.tcvn3[Int(b)], &out) }
            if mojibake { hyphenAsU(&out, from: start) }
            restoreCapitals(&out, from: start)
        case .vni:
            decodeVNI(p, into: &out)
        }
    }

    /// Appends `v`; a combining tone mark is composed with the toneless letter before it (NFC for
    /// Vietnamese), so that the syllable check sees whole letters.
    @inline(__always)
    static func appendComposing(_ v: UInt32, _ out: inout [UInt32]) {
        let tone: UInt32
        switch v {
        case 0x300: tone = 1
        case 0x309: tone = 2
        case 0x303: tone = 3
        case 0x301: tone = 4
        case 0x323: tone = 5
        default: out.append(v); return
        }
        let t = Tables.shared
        if let last = out.last, last < Tables.vnLimit, t.tone[Int(last)] == 0, let c = t.compose[last << 3 | tone] {
            out[out.count - 1] = c
        } else {
            out.append(v)
        }
    }

    /// UTF-8 of scalars, NFC-composed when combining marks are present.
    static func string(_ scalars: [UInt32]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count + scalars.count / 2)
        var marks = false
        for v in scalars {
            if v >= 0x300 && v <= 0x36F { marks = true }
            Tables.appendUTF8(v, &bytes)
        }
        let s = String(decoding: bytes, as: UTF8.self)
        return marks ? VietText.nfc(s).text : s
    }

    // MARK: VNI

    /// Modifier of a VNI mark byte (lower-cased): 0 none, 1 circumflex, 2 breve; and tone (Tables' numbering).
    @inline(__always)
    static func vniMark(_ b: UInt8) -> (mod: UInt8, tone: UInt8)? {
        switch b {
        case 0xF9: return (0, 4)   // ù  acute
        case 0xF8: return (0, 1)   // ø  grave
        case 0xFB: return (0, 2)   // û  hook
        case 0xF5: return (0, 3)   // õ  tilde
        case 0xEF: return (0, 5)   // ï  dot below
        case 0xE2: return (1, 0)   // â  circumflex
        case 0xE1: return (1, 4)
        case 0xE0: return (1, 1)
        case 0xE5: return (1, 2)
        case 0xE3: return (1, 3)
        case 0xE4: return (1, 5)
        case 0xEA: return (2, 0)   // ê  breve
        case 0xE9: return (2, 4)
        case 0xE8: return (2, 1)
        case 0xFA: return (2, 2)
        case 0xFC: return (2, 3)
        case 0xEB: return (2, 5)
        default: return nil
        }
    }

    /// Lower-cased byte of a Latin-1 letter (0xC0–0xDE except 0xD7).
    @inline(__always)
    static func lowerLatin1(_ b: UInt8) -> UInt8 {
        (b >= 0xC0 && b <= 0xDE && b != 0xD7) || (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
    }

    static func decodeVNI(_ p: UnsafeBufferPointer<UInt8>, into out: inout [UInt32]) {
        let t = Tables.shared
        let n = p.count
        var i = 0
        while i < n {
            let b = p[i]
            let lb = lowerLatin1(b)
            let upper = lb != b
            // Base letters that take a following mark.
            var base: UInt32 = 0
            switch lb {
            case 0x61, 0x65, 0x6F, 0x75, 0x79: base = UInt32(lb)     // a e o u y
            case 0x69: base = 0x69                                      // i + tone byte (some converters; VNI's own í is 0xED)
            case 0xF4: base = 0x1A1                                     // ô → ơ
            case 0xF6: base = 0x1B0                                     // ö → ư
            default: break
            }
            if base != 0, i + 1 < n, let m = vniMark(lowerLatin1(p[i + 1])) {
                var letter: UInt32? = base
                switch m.mod {
                case 1: letter = base == 0x61 ? 0xE2 : base == 0x65 ? 0xEA : base == 0x6F ? 0xF4 : nil
                case 2: letter = base == 0x61 ? 0x103 : nil
                default: break
                }
                if var l = letter {
                    if m.tone != 0 {
                        if let c = t.compose[l << 3 | UInt32(m.tone)] { l = c } else { letter = nil }
                    }
                    if letter != nil {
                        out.append(upper ? upperOf(l) : l)
                        i += 2
                        continue
                    }
                }
            }
            let v: UInt32
            switch lb {
            case 0xF4: v = 0x1A1              // ơ
            case 0xF6: v = 0x1B0              // ư
            case 0xF1: v = 0x111              // đ
            case 0xED: v = 0xED               // í
            case 0xEC: v = 0xEC               // ì
            case 0xE6: v = 0x1EC9             // ỉ
            case 0xF3: v = 0x129              // ĩ
            case 0xF2: v = 0x1ECB             // ị
            case 0xEE: v = 0x1EF5             // ỵ
            default: v = LegacyTables.cp1252[Int(b)]; out.append(v); i += 1; continue
            }
            out.append(upper ? upperOf(v) : v)
            i += 1
        }
    }

    /// Case of a letter below U+3000 from VietText's lower-case table (letters only).
    @inline(__always)
    static func isUpperLetter(_ v: UInt32) -> Bool {
        if v < 0x80 { return v >= 0x41 && v <= 0x5A }
        guard v < Tables.tableLimit else { return Unicode.Scalar(v)?.properties.isUppercase == true }
        let l = Tables.shared.lowerMap[Int(v)]
        return l != 0 && l != v && v != 0xD0
    }

    @inline(__always)
    static func isLowerLetter(_ v: UInt32) -> Bool {
        if v < 0x80 { return v >= 0x61 && v <= 0x7A }
        guard v < Tables.tableLimit else { return Unicode.Scalar(v)?.properties.isLowercase == true }
        return Tables.shared.lowerMap[Int(v)] == v
    }

    @inline(__always)
    static func upperOf(_ v: UInt32) -> UInt32 {
        guard let s = Unicode.Scalar(v) else { return v }
        let u = s.properties.uppercaseMapping.unicodeScalars
        return u.count == 1 ? u.first!.value : v
    }

    // MARK: TCVN3 repairs

    @inline(__always)
    static func isLetter(_ v: UInt32) -> Bool {
        let t = Tables.shared
        if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
        return v < Tables.vnLimit && t.tone[Int(v)] != 0xFF || v == 0x110 || v == 0x111
    }

    /// In TCVN3 text read back from a PDF, the byte 0xAD (ư) is often given as a hyphen (WinAnsi
    /// "hyphen"): `ng-êi` for `người`, `nh-` for `như`, `-u` for `ưu`, and a line may even break
    /// there (`tr-` / `êng`). A hyphen touching letters is read as `ư` when that makes a valid
    /// syllable (at a word's end or a line's end: only when the letters alone are not one), so
    /// `KH-SYT` or `Tự do - Hạnh phúc` stay as they are.
    ///
    /// A syllable has at most 7 letters: the letters on each side of a hyphen are looked at up to
    /// `maxSide` (more cannot make a syllable), so a long run of letters and hyphens stays linear.
    static func hyphenAsU(_ s: inout [UInt32], from start: Int) {
        let maxSide = 8
        guard s.count - start >= 2, s[start...].contains(0x2D) else { return }
        var out = Array(s[..<start])
        out.reserveCapacity(s.count)
        func valid(_ w: [UInt32]) -> Bool { !w.isEmpty && w.withUnsafeBufferPointer { Syllable.check($0) } == .valid }
        func isLower(_ v: UInt32) -> Bool { isLowerLetter(v) }
        var i = start
        let n = s.count
        while i < n {
            let v = s[i]
            guard v == 0x2D else { out.append(v); i += 1; continue }
            // Letters just before (already copied) and just after.
            var a = out.count
            while a > start && out.count - a <= maxSide && isLetter(out[a - 1]) { a -= 1 }
            let before = Array(out[a...])
            var j = i + 1
            while j < n && j - i <= maxSide + 1 && isLetter(s[j]) { j += 1 }
            var after = Array(s[(i + 1)..<j])
            // Too many letters on a side for a syllable: the hyphen stays.
            if before.count > maxSide || after.count > maxSide {
                out.append(v)
                i += 1
                continue
            }
            var resume = i + 1
            var joinedLine = false
            if after.isEmpty && !before.isEmpty {
                // A line that ends on the hyphen: the word goes on at the next line's start.
                var k = i + 1
                while k < n && (s[k] == 0x20 || s[k] == 0x09) { k += 1 }
                if k < n && s[k] == 0x0A {
                    k += 1
                    while k < n && (s[k] == 0x20 || s[k] == 0x09) { k += 1 }
                    var e = k
                    while e < n && e - k <= maxSide && isLetter(s[e]) { e += 1 }
                    if e > k && !valid(before) { after = Array(s[k..<e]); resume = k; joinedLine = true }
                }
            }
            // Upper case between capitals; a toned letter is lower case in TCVN3 whatever it shows.
            func plainLower(_ v: UInt32) -> Bool {
                isLower(v) && (v >= Tables.vnLimit || Tables.shared.tone[Int(v)] == 0 || Tables.shared.tone[Int(v)] == 0xFF)
            }
            let upper = (before.last.map { !isLower($0) } ?? false) && !(after.first.map(plainLower) ?? false)
                || (before.isEmpty && after.count >= 2 && !after.contains(where: plainLower))
            let u: UInt32 = upper ? 0x1AF : 0x1B0
            var ok = false
            if before.isEmpty && after.isEmpty {
                ok = false
            } else if before.isEmpty {
                // Word start ("-u tiªn" = ưu tiên), not a bullet ("-C¸c" would give "ưCác", invalid).
                let prev = i > start ? s[i - 1] : 0x0A
                ok = (prev == 0x20 || prev == 0x0A || prev == 0x09 || prev == 0x28) && valid([u] + after)
            } else if after.isEmpty {
                ok = valid(before + [u]) && !valid(before)
            } else {
                ok = valid(before + [u] + after) && (!joinedLine || !valid(before))
            }
            if ok {
                out.append(u)
                i = resume
            } else {
                out.append(v)
                i += 1
            }
        }
        s = out
    }

    /// Makes toned letters upper case where the word or its neighbours say so (see `LegacyEncoding.tcvn3`).
    static func restoreCapitals(_ s: inout [UInt32], from start: Int) {
        let t = Tables.shared
        enum Kind { case neutral, lower, caps, ambiguous, restore }
        struct Word { var start: Int; var end: Int; var kind: Kind; var segment: Int }
        var words: [Word] = []
        var segment = 0
        var i = start
        var spaces = 0
        func decided(_ k: Kind) -> Bool { k == .lower || k == .caps || k == .restore }
        // Buffers of finishLine, kept from line to line.
        var right: [Kind?] = []
        var ambiguousIn: [Int] = []
        func finishLine() {
            guard !words.isEmpty else { return }
            // Decide the ambiguous words, left to right, from the nearest decided word on each side
            // in the same segment (one decided here counts for those after it). Linear: the nearest
            // on the right is found in one pass from the end (words there are not decided yet).
            guard words.contains(where: { $0.kind == .ambiguous }) else { return restoreWords() }
            right.removeAll(keepingCapacity: true)
            right.append(contentsOf: repeatElement(nil, count: words.count))
            var next: Kind? = nil
            for k in words.indices.reversed() {
                if k + 1 < words.count && words[k + 1].segment != words[k].segment { next = nil }
                right[k] = next
                if decided(words[k].kind) { next = words[k].kind }
            }
            ambiguousIn.removeAll(keepingCapacity: true)
            ambiguousIn.append(contentsOf: repeatElement(0, count: words[words.count - 1].segment + 1))
            for w in words where w.kind == .ambiguous { ambiguousIn[w.segment] += 1 }
            var left: Kind? = nil
            for k in words.indices {
                if k > 0 && words[k - 1].segment != words[k].segment { left = nil }
                if words[k].kind == .ambiguous {
                    if left == nil && right[k] == nil {
                        // No decided word: upper case when the segment is two or more such words ("SỞ Y TẾ").
                        if ambiguousIn[words[k].segment] >= 2 { words[k].kind = .restore }
                    } else if left != .lower && right[k] != .lower {
                        words[k].kind = .restore
                    }
                }
                if decided(words[k].kind) { left = words[k].kind }
            }
            restoreWords()
        }
        func restoreWords() {
            for w in words where w.kind == .restore {
                for j in w.start..<w.end {
                    let v = s[j]
                    if v < Tables.vnLimit, t.tone[Int(v)] != 0xFF, t.tone[Int(v)] != 0 { s[j] = upperOf(v) }
                }
            }
            words.removeAll(keepingCapacity: true)
        }
        while i < s.count {
            let v = s[i]
            if v == 0x0A { finishLine(); segment = 0; spaces = 0; i += 1; continue }
            if !isLetter(v) {
                if v == 0x20 { spaces += 1 } else if v == 0x09 { spaces += 2 }
                if spaces >= 2 { segment += 1; spaces = 0 }
                i += 1
                continue
            }
            spaces = 0
            var j = i
            var upper = 0, lower = 0, toned = 0
            while j < s.count && isLetter(s[j]) {
                let c = s[j]
                let tn: UInt8 = c < Tables.vnLimit ? t.tone[Int(c)] : 0
                if tn != 0 && tn != 0xFF {
                    if isLowerLetter(c) { toned += 1 } else { upper += 1 }
                } else if isUpperLetter(c) {
                    upper += 1
                } else {
                    lower += 1
                }
                j += 1
            }
            let kind: Kind
            if lower > 0 { kind = .lower }
            else if toned == 0 {
                // Only a capitalised Vietnamese syllable (THANH, NAM) speaks for its neighbours;
                // abbreviations (UBND, SYT, VP) stand in lower-case text as well.
                kind = upper >= 2 && s[i..<j].withUnsafeBufferPointer({ Syllable.check($0) }) == .valid ? .caps : .neutral
            }
            else if upper >= 2 { kind = .restore }
            else { kind = .ambiguous }
            words.append(Word(start: i, end: j, kind: kind, segment: segment))
            i = j
        }
        finishLine()
    }
}

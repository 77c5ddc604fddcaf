import Foundation

/// Static lookup tables, built once on first use (thread-safe `static let`).
///
/// Everything below U+3000 (Latin incl. all precomposed Vietnamese letters U+00C0–U+1EF9,
/// Greek, Cyrillic, Indic, Thai, general punctuation…) is table driven; higher scalars
/// (CJK, Hangul syllables, emoji…) are classified on the fly from Unicode properties.
final class Tables: @unchecked Sendable {
    static let shared = Tables()

    static let tableLimit: UInt32 = 0x3000

    // Class bits.
    static let word: UInt8 = 1        // letter, mark or decimal digit (or emoji): part of a word
    static let ignorable: UInt8 = 2   // zero-width / soft hyphen: skipped, never breaks a word
    static let dropMark: UInt8 = 4    // combining diacritic U+0300–U+036F: dropped by fold
    static let needsNFC: UInt8 = 8    // fold must NFC the input first to be NFD/NFC-stable
    static let multiFold: UInt8 = 16  // fold is not a single scalar: slow path
    static let multiLower: UInt8 = 32 // lower case is not a single scalar: slow path

    /// Class bits per scalar below `tableLimit`.
    let cls: UnsafeMutablePointer<UInt8>
    /// Folded scalar (no diacritics, lower case, đ→d); 0 means "emits nothing".
    let foldMap: UnsafeMutablePointer<UInt32>
    /// Lower-case scalar (accents kept).
    let lowerMap: UnsafeMutablePointer<UInt32>
    /// ASCII: folded byte (lower-case letter or digit) or 0 for a separator.
    let asciiFold: UnsafeMutablePointer<UInt8>

    /// Vietnamese syllable tables for U+0000–U+1EFF: tone (0 none, 1 grave, 2 hook, 3 tilde,
    /// 4 acute, 5 dot below; 0xFF = not a Latin letter) and the toneless letter in the same case.
    static let vnLimit: UInt32 = 0x1F00
    let tone: UnsafeMutablePointer<UInt8>
    let toneless: UnsafeMutablePointer<UInt32>
    /// (toneless letter << 3 | tone) → precomposed letter.
    let compose: [UInt32: UInt32]

    private init() {
        let n = Int(Tables.tableLimit)
        cls = .allocate(capacity: n); cls.initialize(repeating: 0, count: n)
        foldMap = .allocate(capacity: n); foldMap.initialize(repeating: 0, count: n)
        lowerMap = .allocate(capacity: n); lowerMap.initialize(repeating: 0, count: n)
        asciiFold = .allocate(capacity: 128); asciiFold.initialize(repeating: 0, count: 128)
        let vn = Int(Tables.vnLimit)
        tone = .allocate(capacity: vn); tone.initialize(repeating: 0xFF, count: vn)
        toneless = .allocate(capacity: vn); toneless.initialize(repeating: 0, count: vn)

        for b in 0..<128 {
            let u = UInt8(b)
            if u >= 0x30 && u <= 0x39 || u >= 0x61 && u <= 0x7A { asciiFold[b] = u }
            else if u >= 0x41 && u <= 0x5A { asciiFold[b] = u | 0x20 }
        }

        var comp: [UInt32: UInt32] = [:]
        for v in 0..<UInt32(n) {
            guard let s = Unicode.Scalar(v) else { continue }
            let p = s.properties
            var c: UInt8 = 0
            switch p.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber:
                c |= Tables.word
            case .nonspacingMark, .spacingMark, .enclosingMark:
                c |= Tables.word
                if v >= 0x300 && v <= 0x36F { c |= Tables.dropMark } else { c |= Tables.needsNFC }
            default:
                if Tables.isEmojiWord(p, v) { c |= Tables.word }
            }
            if v >= 0x1100 && v <= 0x11FF { c |= Tables.needsNFC }   // Hangul jamo compose under NFC
            if v == 0x00AD || (v >= 0x200B && v <= 0x200D) { c = Tables.ignorable }
            // Lower case (accents kept).
            let lower = p.lowercaseMapping.unicodeScalars
            if lower.count == 1 { lowerMap[Int(v)] = lower.first!.value } else { c |= Tables.multiLower }
            if c & Tables.word != 0 {
                if v < 0x80 {
                    foldMap[Int(v)] = UInt32(asciiFold[Int(v)])
                } else {
                    let f = Tables.slowFold(String(s))
                    let fs = Array(f.unicodeScalars)
                    if fs.isEmpty { foldMap[Int(v)] = 0 }
                    else if fs.count == 1 { foldMap[Int(v)] = fs[0].value }
                    else { c |= Tables.multiFold }
                }
            }
            if v == 0xD0 || v == 0xF0 { lowerMap[Int(v)] = 0x111 } // Ð/ð corruption reads as đ
            cls[Int(v)] = c
            // Vietnamese tone decomposition of Latin letters.
            if v < Tables.vnLimit, p.isAlphabetic, c & Tables.word != 0 {
                if v < 0x80 {
                    if asciiFold[Int(v)] >= 0x61 { tone[Int(v)] = 0; toneless[Int(v)] = v }
                } else if v >= 0xC0 {
                    let d = Array(String(s).decomposedStringWithCanonicalMapping.unicodeScalars)
                    guard let base = d.first, base.isASCII || base.value == 0x111 || base.value == 0x110 else { continue }
                    var t: UInt8 = 0
                    var rest = String(base)
                    var ok = true
                    for m in d.dropFirst() {
                        switch m.value {
                        case 0x300: if t != 0 { ok = false }; t = 1
                        case 0x309: if t != 0 { ok = false }; t = 2
                        case 0x303: if t != 0 { ok = false }; t = 3
                        case 0x301: if t != 0 { ok = false }; t = 4
                        case 0x323: if t != 0 { ok = false }; t = 5
                        default: rest.unicodeScalars.append(m)
                        }
                    }
                    guard ok else { continue }
                    let tl = Array(rest.precomposedStringWithCanonicalMapping.unicodeScalars)
                    guard tl.count == 1 else { continue }
                    tone[Int(v)] = t
                    toneless[Int(v)] = tl[0].value
                    if t != 0 { comp[tl[0].value << 3 | UInt32(t)] = v }
                }
            }
        }
        compose = comp
    }

    /// Reference fold of a short string: NFD, drop U+0300–U+036F, lower case, đ/ð → d.
    static func slowFold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.decomposedStringWithCanonicalMapping.unicodeScalars {
            if u.value >= 0x300 && u.value <= 0x36F { continue }
            if u.value == 0xD0 || u.value == 0xF0 || u.value == 0x110 || u.value == 0x111 {
                out.append("d"); continue
            }
            for l in u.properties.lowercaseMapping.unicodeScalars {
                if l.value >= 0x300 && l.value <= 0x36F { continue }
                out.append(l)
            }
        }
        return String(out)
    }

    // MARK: scalars at or above U+3000 (no table)

    /// Emoji count as word characters (they are kept, never dropped): emoji-presentation characters,
    /// skin-tone modifiers and the pictographic symbols from U+2600 on (☀, ❤, ✅…).
    static func isEmojiWord(_ p: Unicode.Scalar.Properties, _ v: UInt32) -> Bool {
        if p.isEmojiPresentation || (v >= 0x1F3FB && v <= 0x1F3FF) { return true }
        return v >= 0x2600 && p.isEmoji && p.generalCategory == .otherSymbol
    }

    @inline(__always)
    static func isVariationSelector(_ v: UInt32) -> Bool {
        (v >= 0xFE00 && v <= 0xFE0F) || (v >= 0xE0100 && v <= 0xE01EF)
    }

    @inline(never)
    static func highClass(_ v: UInt32) -> UInt8 {
        if v == 0xFEFF { return ignorable }
        guard let s = Unicode.Scalar(v) else { return 0 }
        let p = s.properties
        var c: UInt8 = 0
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            c = word
        case .nonspacingMark, .spacingMark, .enclosingMark:
            // Variation selectors (emoji / text style) are part of the word but fold to nothing.
            c = isVariationSelector(v) ? word : word | needsNFC
        default:
            if isEmojiWord(p, v) { c = word }
        }
        if p.canonicalCombiningClass != .notReordered { c |= needsNFC }
        // CJK compatibility ideographs are NFC singletons.
        if (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x2F800 && v <= 0x2FA1F) { c |= needsNFC }
        return c
    }

    /// Lower case of a high scalar, appended as UTF-8.
    @inline(never)
    static func appendHighLower(_ v: UInt32, _ out: inout ByteSink) {
        guard let s = Unicode.Scalar(v) else { return }
        if s.properties.changesWhenLowercased {
            for l in s.properties.lowercaseMapping.unicodeScalars { out.appendUTF8(l.value) }
        } else {
            out.appendUTF8(v)
        }
    }

    @inline(__always)
    static func appendUTF8(_ v: UInt32, _ out: inout [UInt8]) {
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// Decodes the scalar starting at `i` of valid UTF-8; returns (value, length).
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(p[i])
        if b0 < 0xE0 {
            return ((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2)
        } else if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
        } else {
            return ((b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
                    | UInt32(p[i + 3] & 0x3F), 4)
        }
    }
}

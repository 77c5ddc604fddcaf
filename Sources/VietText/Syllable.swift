/// Vietnamese syllable spelling canonicalisation (tone placement, `qui` → `quy`).
///
/// Canonical form: the TRADITIONAL ("old style") tone placement. In an open syllable (no final
/// consonant) whose nucleus is `oa`, `oe` or `uy`, the tone mark sits on the FIRST vowel:
/// `hòa` (not `hoà`), `khỏe` (not `khoẻ`), `thủy` (not `thuỷ`), `họa` (not `hoạ`), `Ủy` (not `Uỷ`).
/// `qu` and `gi` before a vowel are onsets, so `quả`, `quý`, `giữa` are untouched; syllables with a
/// final consonant (`hoàng`, `toán`, `thuyết`) are unambiguous and untouched.
/// `qui` (with any tone, no final consonant) is spelled `quy`: `quí` → `quý`, `Qui` → `Quy`.
/// Letter case is kept letter by letter.
enum Syllable {
    @inline(__always)
    static func isVowel(_ v: UInt32) -> Bool {
        switch v {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79, // a e i o u y
             0xE2, 0x103, 0xEA, 0xF4, 0x1A1, 0x1B0: // â ă ê ô ơ ư
            return true
        default:
            return false
        }
    }

    /// Lower case of a toneless Latin letter (only the letters the syllable parser cares about).
    @inline(__always)
    static func lowerToneless(_ v: UInt32) -> UInt32 {
        if v >= 0x41 && v <= 0x5A { return v | 0x20 }
        switch v {
        case 0xC2: return 0xE2
        case 0x102: return 0x103
        case 0xCA: return 0xEA
        case 0xD4: return 0xF4
        case 0x1A0: return 0x1A1
        case 0x1AF: return 0x1B0
        case 0x110: return 0x111
        default: return v
        }
    }

    /// Rewrites `w` (the scalars of one word) into canonical spelling; returns true if changed.
    /// Words that are not made of Latin letters only, or not shaped like a Vietnamese syllable,
    /// are left alone.
    static func canonicalize(_ w: inout [UInt32]) -> Bool {
        w.withUnsafeMutableBufferPointer { canonicalize($0) }
    }

    static func canonicalize(_ w: UnsafeMutableBufferPointer<UInt32>) -> Bool {
        let n = w.count
        guard n >= 2 && n <= 8 else { return false }
        let t = Tables.shared
        // Fast reject: only `qu…` words and words ending in a toned a/e/y after o/u can change.
        let first = w[0], last = w[n - 1], prev = w[n - 2]
        if first != 0x71 && first != 0x51 {
            guard last < Tables.vnLimit, prev < Tables.vnLimit else { return false }
            let lt = t.tone[Int(last)]
            guard lt != 0 && lt != 0xFF else { return false }
            let lb = lowerToneless(t.toneless[Int(last)])
            guard lb == 0x61 || lb == 0x65 || lb == 0x79 else { return false }
            let pb = lowerToneless(t.toneless[Int(prev)])
            guard pb == 0x6F || pb == 0x75 else { return false }
        }
        var base = (UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0))
        var tones = (UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0))
        var toneCount = 0
        return withUnsafeMutableBytes(of: &base) { bb in
            withUnsafeMutableBytes(of: &tones) { tb in
                let base = bb.bindMemory(to: UInt32.self)
                let tones = tb.bindMemory(to: UInt8.self)
                for i in 0..<n {
                    let v = w[i]
                    guard v < Tables.vnLimit else { return false }
                    let tn = t.tone[Int(v)]
                    guard tn != 0xFF else { return false }
                    tones[i] = tn
                    if tn != 0 { toneCount += 1 }
                    base[i] = lowerToneless(t.toneless[Int(v)])
                }
                guard toneCount <= 1 else { return false }
                // Onset.
                var i = 0
                var quOnset = false
                if n >= 3 && base[0] == 0x71 && base[1] == 0x75 && isVowel(base[2]) {
                    i = 2; quOnset = true
                } else if n >= 3 && base[0] == 0x67 && base[1] == 0x69 && isVowel(base[2]) {
                    i = 2
                } else {
                    while i < n && !isVowel(base[i]) { i += 1 }
                }
                let nucStart = i
                while i < n && isVowel(base[i]) { i += 1 }
                let nucEnd = i
                guard nucEnd > nucStart else { return false }
                while i < n { if isVowel(base[i]) { return false }; i += 1 }
                let open = nucEnd == n
                var changed = false
                if open && nucEnd - nucStart == 2 {
                    let a = base[nucStart], b = base[nucStart + 1]
                    if (a == 0x6F && (b == 0x61 || b == 0x65)) || (a == 0x75 && b == 0x79) {
                        let tn = tones[nucStart + 1]
                        if tn != 0 {
                            let first = t.toneless[Int(w[nucStart])]
                            let second = t.toneless[Int(w[nucStart + 1])]
                            if let c = t.compose[first << 3 | UInt32(tn)] {
                                w[nucStart] = c
                                w[nucStart + 1] = second
                                changed = true
                            }
                        }
                    }
                }
                if quOnset && open && nucEnd - nucStart == 1 && base[nucStart] == 0x69 {
                    // qui → quy, keeping case and tone.
                    let upper = t.toneless[Int(w[nucStart])] == 0x49
                    let y: UInt32 = upper ? 0x59 : 0x79
                    let tn = tones[nucStart]
                    if tn == 0 { w[nucStart] = y; changed = true }
                    else if let c = t.compose[y << 3 | UInt32(tn)] { w[nucStart] = c; changed = true }
                }
                return changed
            }
        }
    }
}

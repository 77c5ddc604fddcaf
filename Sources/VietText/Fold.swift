import Foundation

/// The folding core: one pass over UTF-8 bytes, table driven, output into a byte buffer.
enum Folder {
    /// Folds `p` (valid UTF-8) into `out`: words folded and joined by single spaces.
    /// Returns false (with `out` in an unspecified state) when the input holds a character whose
    /// fold depends on normalisation (a non-Latin combining mark, Hangul jamo…) and `nfcDone` is false;
    /// the caller then NFCs the text and folds again with `nfcDone: true`.
    @inline(__always)
    static func foldCore(_ p: UnsafeBufferPointer<UInt8>, nfcDone: Bool, out: inout ByteSink,
                         _ t: Tables = Tables.shared) -> Bool {
        let asciiFold = t.asciiFold, cls = t.cls, foldMap = t.foldMap
        let limit = Tables.tableLimit
        let n = p.count
        var i = 0
        var inWord = false
        var wordStart = 0
        var spaced = false
        while i < n {
            let b = p[i]
            if b < 0x80 {
                let f = asciiFold[Int(b)]
                i &+= 1
                if f != 0 {
                    if !inWord {
                        inWord = true
                        spaced = !out.isEmpty
                        if spaced { out.append(0x20) }
                        wordStart = out.count
                    }
                    out.append(f)
                } else if inWord {
                    endWord(&out, wordStart, spaced)
                    inWord = false
                }
                continue
            }
            let (v, len) = Tables.decode(p, i)
            i &+= len
            let c = v < limit ? cls[Int(v)] : Tables.highClass(v)
            if c & Tables.ignorable != 0 { continue }
            if c & Tables.word == 0 {
                if inWord { endWord(&out, wordStart, spaced); inWord = false }
                continue
            }
            if c & Tables.needsNFC != 0 && !nfcDone { return false }
            if !inWord {
                inWord = true
                spaced = !out.isEmpty
                if spaced { out.append(0x20) }
                wordStart = out.count
            }
            if v < limit {
                if c & Tables.multiFold != 0 {
                    for u in Tables.slowFold(String(Unicode.Scalar(v)!)).unicodeScalars { out.appendUTF8(u.value) }
                } else {
                    let f = foldMap[Int(v)]
                    if f == 0 { continue }
                    if f < 0x80 { out.append(UInt8(truncatingIfNeeded: f)) } else { out.appendUTF8(f) }
                }
            } else if !Tables.isVariationSelector(v) {
                Tables.appendHighLower(v, &out)
            }
        }
        if inWord { endWord(&out, wordStart, spaced) }
        return true
    }

    /// Ends a word: removes an empty word's space and applies the i/y rule.
    @inline(__always)
    static func endWord(_ out: inout ByteSink, _ wordStart: Int, _ spaced: Bool) {
        let len = out.count - wordStart
        if len == 0 {
            if spaced { out.count -= 1 }
            return
        }
        if len >= 2 && len <= 4 && out.base[out.count - 1] == 0x79 /* y */ {
            if isOnset(out.base, wordStart, out.count - 1) { out.base[out.count - 1] = 0x69 /* i */ }
        }
    }

    /// True if bytes [s, e) are a Vietnamese onset consonant (folded) or `qu`.
    @inline(__always)
    static func isOnset(_ o: UnsafeMutablePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        switch e - s {
        case 1:
            switch o[s] {
            case 0x62, 0x63, 0x64, 0x67, 0x68, 0x6B, 0x6C, 0x6D, 0x6E, 0x70, 0x72, 0x73, 0x74, 0x76, 0x78:
                return true // b c d g h k l m n p r s t v x
            default: return false
            }
        case 2:
            let a = o[s], b = o[s + 1]
            switch (a, b) {
            case (0x63, 0x68), (0x67, 0x68), (0x6B, 0x68), (0x6E, 0x67), (0x6E, 0x68),
                 (0x70, 0x68), (0x71, 0x75), (0x74, 0x68), (0x74, 0x72):
                return true // ch gh kh ng nh ph qu th tr
            default: return false
            }
        case 3:
            return o[s] == 0x6E && o[s + 1] == 0x67 && o[s + 2] == 0x68 // ngh
        default:
            return false
        }
    }

    /// Folds a whole string (normalising first only if needed).
    static func fold(_ s: String) -> String {
        var s = s
        let r: String? = s.withUTF8 { p in
            var out = ByteSink(capacity: p.count + 16)
            guard foldCore(p, nfcDone: false, out: &out) else { return nil }
            return out.string()
        }
        if let r { return r }
        var nfc = s.precomposedStringWithCanonicalMapping
        return nfc.withUTF8 { p in
            var out = ByteSink(capacity: p.count + 16)
            _ = foldCore(p, nfcDone: true, out: &out)
            return out.string()
        }
    }
}

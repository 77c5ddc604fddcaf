import Foundation

enum Normalizer {
    static func normalize(_ s: String) -> String {
        var s = s
        // 1. Character mapping: Ð/ð → Đ/đ, zero-width characters removed, odd spaces → " ".
        //    Done before NFC so that removing a zero-width character cannot leave a composable pair.
        var needNFC = false
        if let mapped = mapCharacters(&s, needNFC: &needNFC) { s = mapped }
        // 2. NFC (only when something in the text can change under it), linear (see `nfc`).
        if needNFC { s = nfc(s).text }
        // 3. Syllable spelling: tone placement, qui → quy.
        if let fixed = fixSyllables(&s) { s = fixed }
        return s
    }

    @inline(__always)
    static func replacement(_ v: UInt32) -> UInt32? {
        switch v {
        case 0xD0: return 0x110
        case 0xF0: return 0x111
        case 0xA0, 0x2000...0x200A, 0x202F, 0x3000: return 0x20
        default: return nil
        }
    }

    @inline(__always)
    static func isNFCSensitive(_ v: UInt32, _ c: UInt8) -> Bool {
        if c & (Tables.dropMark | Tables.needsNFC) != 0 { return true }
        switch v {
        case 0x340...0x344, 0x374, 0x37E, 0x387, 0x1F71...0x1FFD, 0x2126, 0x212A, 0x212B, 0x2329, 0x232A:
            return true
        default:
            return false
        }
    }

    /// Returns the mapped string, or nil if nothing changed. Sets `needNFC`.
    static func mapCharacters(_ s: inout String, needNFC: inout Bool) -> String? {
        let t = Tables.shared
        return s.withUTF8 { p -> String? in
            var out: [UInt8]? = nil
            var copied = 0
            var i = 0
            let n = p.count
            while i < n {
                if p[i] < 0x80 { i += 1; continue }
                let (v, len) = Tables.decode(p, i)
                let c = v < Tables.tableLimit ? t.cls[Int(v)] : Tables.highClass(v)
                if !needNFC && isNFCSensitive(v, c) { needNFC = true }
                let ignorable = c & Tables.ignorable != 0
                let rep = ignorable ? nil : replacement(v)
                if ignorable || rep != nil {
                    if out == nil { out = []; out!.reserveCapacity(n) }
                    out!.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<i]))
                    if let rep { Tables.appendUTF8(rep, &out!) }
                    copied = i + len
                }
                i += len
            }
            guard var o = out else { return nil }
            o.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<n]))
            return String(decoding: o, as: UTF8.self)
        }
    }

    /// Rewrites syllables into canonical spelling; nil if nothing changed.
    ///
    /// One pass over the bytes; a word's first 8 scalars are kept in a scratch buffer (longer words
    /// are never rewritten), so no array is built or copied per word.
    static func fixSyllables(_ s: inout String) -> String? {
        let t = Tables.shared
        let cls = t.cls
        return s.withUTF8 { p -> String? in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 8) { w -> String? in
                var out: [UInt8]? = nil
                var copied = 0
                let n = p.count
                var count = 0
                var wordStart = -1
                var candidate = false
                var i = 0
                while true {
                    var isWord = false
                    var v: UInt32 = 0, len = 1
                    if i < n {
                        let b = p[i]
                        if b < 0x80 { v = UInt32(b) } else { (v, len) = Tables.decode(p, i) }
                        let c = v < Tables.tableLimit ? cls[Int(v)] : Tables.highClass(v)
                        isWord = c & Tables.word != 0
                    }
                    if isWord {
                        if wordStart < 0 {
                            wordStart = i
                            count = 0
                            candidate = v == 0x71 || v == 0x51 // q/Q
                        }
                        if v >= 0x80 { candidate = true }
                        if count < 8 { w[count] = v }
                        count += 1
                    } else if wordStart >= 0 {
                        // end of a word at i (a non-word scalar or the end of the text)
                        if candidate, count >= 2, count <= 8,
                           Syllable.canonicalize(UnsafeMutableBufferPointer(rebasing: w[0..<count])) {
                            if out == nil { out = []; out!.reserveCapacity(n + 8) }
                            out!.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<wordStart]))
                            for k in 0..<count { Tables.appendUTF8(w[k], &out!) }
                            copied = i
                        }
                        wordStart = -1
                        candidate = false
                    }
                    if i >= n { break }
                    i += len
                }
                guard var o = out else { return nil }
                o.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<n]))
                return String(decoding: o, as: UTF8.self)
            }
        }
    }

}

extension VietText {
    /// Unicode NFC in time linear in the length of the text, whatever it holds: runs of more than
    /// `Normalizer.maxMarks` combining marks in a row lose the marks beyond (Unicode's stream-safe
    /// limit, UAX #15), and the text is composed in pieces. Foundation's NFC alone is quadratic in
    /// the length of a run of marks of mixed classes (400 KB took 22 s) and grows faster than
    /// linearly with the length of any text. `droppedMarks` says how many marks went.
    public static func nfc(_ s: String) -> (text: String, droppedMarks: Int) { Normalizer.nfc(s) }

    /// Most combining marks `nfc` keeps in a row.
    public static var maxCombiningMarks: Int { Normalizer.maxMarks }
}

extension Normalizer {
    /// Most combining marks kept in a row (UAX #15's stream-safe text format allows 30).
    static let maxMarks = 30
    /// Pieces composed one at a time: at least this long (a text this short is one piece)…
    static let pieceBytes = 16384
    /// …and cut without a safe boundary past this (only hostile text has none for so long).
    static let forcedCutBytes = 65536

    /// A combining mark (Mn, Mc, Me): what canonical reordering sorts and what composes with a
    /// letter before it.
    @inline(__always)
    static func isMark(_ v: UInt32, _ cls: UnsafeMutablePointer<UInt8>) -> Bool {
        if v < 0x300 { return false }
        if v < Tables.tableLimit {
            let c = cls[Int(v)]
            return c & Tables.dropMark != 0 || (c & Tables.needsNFC != 0 && !(v >= 0x1100 && v <= 0x11FF))
        }
        if (v >= 0x3400 && v <= 0x9FFF) || (v >= 0xAC00 && v <= 0xD7A3) { return false }
        return Tables.highClass(v) & Tables.needsNFC != 0 && !((v >= 0xF900 && v <= 0xFAFF) || (v >= 0x2F800 && v <= 0x2FA1F))
    }

    /// Where a piece may end: before a scalar that neither reorders nor composes with what comes
    /// before it (not a mark, not a Hangul jamo).
    @inline(__always)
    static func isBoundary(_ v: UInt32, _ cls: UnsafeMutablePointer<UInt8>) -> Bool {
        v < 0x300 || (!(v >= 0x1100 && v <= 0x11FF) && !isMark(v, cls))
    }

    static func nfc(_ s: String) -> (text: String, droppedMarks: Int) {
        var s = s
        let cls = Tables.shared.cls
        // Nothing at or above U+0300: already NFC. A short text without a long run of marks: in
        // one piece, as is.
        let (first, longestRun) = s.withUTF8 { p -> (Int, Int) in
            let n = p.count
            var i = 0
            while i < n && p[i] < 0xCC { i += 1 }
            if i == n || n > pieceBytes { return (i, 0) }
            var run = 0, longest = 0
            while i < n {
                if p[i] < 0x80 { run = 0; i += 1; continue }
                let (v, len) = Tables.decode(p, i)
                if isMark(v, cls) { run += 1; longest = max(longest, run) } else { run = 0 }
                i += len
            }
            return (0, longest)
        }
        if first == s.utf8.count { return (s, 0) }
        if s.utf8.count <= pieceBytes && longestRun <= maxMarks { return (s.precomposedStringWithCanonicalMapping, 0) }
        return s.withUTF8 { p -> (String, Int) in
            let n = p.count
            var out: [UInt8] = []
            out.reserveCapacity(n)
            var dropped = 0
            // The piece being gathered: p[start..<i] as is, or `kept` when marks were dropped from it.
            var start = 0
            var kept: [UInt8]? = nil
            var sensitive = false
            var run = 0
            func flush(_ end: Int) {
                if let k = kept {
                    out.append(contentsOf: String(decoding: k, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8)
                } else if sensitive {
                    let piece = String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
                    out.append(contentsOf: piece.precomposedStringWithCanonicalMapping.utf8)
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<end]))
                }
                start = end
                kept = nil
                sensitive = false
            }
            var i = 0
            while i < n {
                let b = p[i]
                if b < 0x80 {
                    if i - start >= pieceBytes { flush(i) }
                    kept?.append(b)
                    run = 0
                    i += 1
                    continue
                }
                let (v, len) = Tables.decode(p, i)
                let mark = isMark(v, cls)
                if mark {
                    run += 1
                    if run > maxMarks {
                        if kept == nil { kept = Array(UnsafeBufferPointer(rebasing: p[start..<i])) }
                        dropped += 1
                        i += len
                        continue
                    }
                } else {
                    run = 0
                }
                if i - start >= forcedCutBytes || (i - start >= pieceBytes && isBoundary(v, cls)) { flush(i) }
                if !sensitive {
                    let c = v < Tables.tableLimit ? cls[Int(v)] : Tables.highClass(v)
                    sensitive = mark || isNFCSensitive(v, c)
                }
                kept?.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<(i + len)]))
                i += len
            }
            flush(n)
            return (String(decoding: out, as: UTF8.self), dropped)
        }
    }
}

import Foundation

/// Scalar-level helpers for scanners that replace regular expressions and `Character` walks on
/// the hot paths of the parser. Every fast path here decides only what it can decide exactly and
/// leaves anything unusual to the original (slow) code.
enum Scan {
    /// Per-scalar facts, computed once with the very `Character` properties the slow code uses,
    /// for the scalar ranges where every scalar is a grapheme cluster of its own (no extenders,
    /// no prepend, no CR): a string made only of these scalars has one `Character` per scalar.
    struct Table: Sendable {
        static let limit: UInt32 = 0x2070
        /// bit 0: simple (one scalar = one Character); 1: isLetter; 2: isUppercase; 3: isLowercase;
        /// 4: isNumber; 5: isWhitespace
        let flags: [UInt8]
        /// `String(c).lowercased()` of each simple scalar.
        let lower: [String]
        /// The lower-case mapping as one UTF-16 unit when it is one BMP scalar, else 0.
        let lower16: [UInt16]

        init() {
            var f = [UInt8](repeating: 0, count: Int(Table.limit))
            var l = [String](repeating: "", count: Int(Table.limit))
            for v in UInt32(0)..<Table.limit {
                guard Table.simpleRange(v), let sc = Unicode.Scalar(v) else { continue }
                let c = Character(sc)
                var b: UInt8 = 1
                if c.isLetter { b |= 2 }
                if c.isUppercase { b |= 4 }
                if c.isLowercase { b |= 8 }
                if c.isNumber { b |= 16 }
                if c.isWhitespace { b |= 32 }
                f[Int(v)] = b
                l[Int(v)] = String(c).lowercased()
            }
            flags = f
            lower = l
            lower16 = l.map { s in
                let u = Array(s.utf16)
                return u.count == 1 ? u[0] : 0
            }
        }

        /// Scalars that never join a neighbour into one grapheme cluster (and are not canonically
        /// equivalent to another scalar): Latin up to U+024F except CR, Latin Extended Additional
        /// (Vietnamese), General Punctuation except ZWNJ/ZWJ and the two singleton spaces.
        @inline(__always) static func simpleRange(_ v: UInt32) -> Bool {
            if v < 0x250 { return v != 0x0D }
            if v >= 0x1E00 && v < 0x1F00 { return true }
            if v >= 0x2000 && v < 0x2070 { return v != 0x200C && v != 0x200D && v != 0x2000 && v != 0x2001 }
            return false
        }
    }
    static let table = Table()

    /// Flags of a UTF-16 unit (0 when not simple; surrogates are not simple).
    @inline(__always) static func flags(_ u: UInt16, _ t: Table) -> UInt8 {
        u < 0x2070 ? t.flags[Int(u)] : 0
    }

    /// Whether every scalar of `s` is simple (see `Table`): then `Character`s are scalars.
    static func isSimple(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isSimple($0) }
    }
    static func isSimple(_ s: Substring) -> Bool {
        var s = s
        return s.withUTF8 { isSimple($0) }
    }

    static func isSimple(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 { if b == 0x0D { return false }; i += 1; continue }
            guard let v = UTF8Scalars.next(p, &i) else { return false }
            // Two-byte scalars: U+0080–U+024F; three-byte ones: the simple ranges of the table.
            if b < 0xE0 ? v >= 0x250 : !Table.simpleRange(v) { return false }
        }
        return true
    }

    /// (letters, upper-case letters) counted per `Character`, for a simple string; nil otherwise.
    static func letterCounts(_ s: String) -> (letters: Int, upper: Int)? {
        var s = s
        let t = table
        return s.withUTF8 { p -> (Int, Int)? in
            var letters = 0, upper = 0
            let n = p.count
            var i = 0
            while i < n {
                guard let v = UTF8Scalars.next(p, &i), v < Table.limit else { return nil }
                let f = t.flags[Int(v)]
                guard f & 1 != 0 else { return nil }
                if f & 2 != 0 { letters += 1; if f & 4 != 0 { upper += 1 } }
            }
            return (letters, upper)
        }
    }

    /// `s.contains { $0.isLetter }` for a simple string; nil otherwise.
    static func containsLetter(_ s: String) -> Bool? {
        var s = s
        let t = table
        return s.withUTF8 { p -> Bool? in
            let n = p.count
            var i = 0
            var letter = false
            while i < n {
                guard let v = UTF8Scalars.next(p, &i), v < Table.limit else { return nil }
                let f = t.flags[Int(v)]
                guard f & 1 != 0 else { return nil }
                if f & 2 != 0 { letter = true }
            }
            return letter
        }
    }

    /// `s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")` for a simple string
    /// (each scalar its own `Character`, whitespace from the table); nil otherwise.
    static func joinWords(_ s: String) -> String? {
        var s = s
        let t = table
        return s.withUTF8 { p -> String? in
            var out = [UInt8]()
            out.reserveCapacity(p.count)
            let n = p.count
            var i = 0
            var pending = false
            while i < n {
                let start = i
                guard let v = UTF8Scalars.next(p, &i), v < Table.limit else { return nil }
                let f = t.flags[Int(v)]
                guard f & 1 != 0 else { return nil }
                if f & 32 != 0 {
                    pending = !out.isEmpty
                } else {
                    if pending { out.append(0x20); pending = false }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<i]))
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Whether `h` contains `n` as a sequence of `Character`s, decided on bytes when both are
    /// simple (then byte equality of a window is `Character` equality); nil when not decidable.
    static func containsSimple(_ h: String, _ n: String) -> Bool? {
        guard isSimple(h), isSimple(n) else { return nil }
        return h.hasBytes(n)
    }

    @inline(__always) static func isASCIIDigit(_ u: UInt16) -> Bool { u >= 0x30 && u <= 0x39 }

    /// The literal code points right after the `^` of a pattern (up to its first metacharacter):
    /// what a case-sensitive match must start with.
    static func literalPrefix(ofAnchored pattern: String) -> String {
        var out = String.UnicodeScalarView()
        for sc in pattern.unicodeScalars.dropFirst() {
            if "\\[](){}.*+?|^$".unicodeScalars.contains(sc) {
                // a quantifier applies to the last literal: leave that one out
                if "*+?{".unicodeScalars.contains(sc), !out.isEmpty { out.removeLast() }
                break
            }
            out.append(sc)
        }
        return String(out)
    }

    /// Whether `s` holds `*`, `_` or `|` (what `stripMarkup` removes), on bytes.
    static func containsMarkupByte(_ s: String) -> Bool {
        if let r = s.utf8.withContiguousStorageIfAvailable({ p -> Bool in
            for b in p where b == 42 || b == 95 || b == 124 { return true }
            return false
        }) { return r }
        return s.utf8.contains(where: { $0 == 42 || $0 == 95 || $0 == 124 })
    }

    /// `TextKit.collapseSpaces` on UTF-8 bytes: runs of space, tab, LF, CR and NBSP (C2 A0) become
    /// one space, none at either end. The removed scalars are whole, so the bytes stay valid UTF-8.
    /// nil when the string has no contiguous UTF-8 storage.
    static func collapseSpacesBytes(_ s: String) -> String? {
        s.utf8.withContiguousStorageIfAvailable { p -> String in
            let n = p.count
            var out = [UInt8]()
            out.reserveCapacity(n)
            var pending = false
            var i = 0
            while i < n {
                let b = p[i]
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                    pending = !out.isEmpty; i += 1; continue
                }
                if b == 0xC2 && i + 1 < n && p[i + 1] == 0xA0 {
                    pending = !out.isEmpty; i += 2; continue
                }
                if pending { out.append(0x20); pending = false }
                out.append(b)
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Offset of the first occurrence of `n` in `h` (bytes), nil if none (`n` not empty).
    @inline(__always) static func firstOffset(_ h: UnsafeBufferPointer<UInt8>, _ n: UnsafeBufferPointer<UInt8>) -> Int? {
        let hc = h.count, nc = n.count
        guard nc > 0, hc >= nc else { return nil }
        let first = n[0]
        var i = 0
        while i + nc <= hc {
            if h[i] == first {
                var j = 1
                while j < nc && h[i + j] == n[j] { j += 1 }
                if j == nc { return i }
            }
            i += 1
        }
        return nil
    }

    /// `String(decoding: u, as: UTF16.self)` with a direct UTF-16 → UTF-8 loop (the standard
    /// library's generic transcoder cost ~1,000 instructions per short string here). Ill-formed
    /// units (lone surrogates) become U+FFFD, one per unit, as the standard library repairs them.
    static func string(utf16 u: UnsafeBufferPointer<UInt16>) -> String {
        let n = u.count
        if n == 0 { return "" }
        return String(unsafeUninitializedCapacity: n * 3) { out -> Int in
            var k = 0
            var i = 0
            while i < n {
                let c = u[i]
                if c < 0x80 {
                    out[k] = UInt8(c); k += 1
                } else if c < 0x800 {
                    out[k] = UInt8(0xC0 | (c >> 6)); out[k + 1] = UInt8(0x80 | (c & 0x3F)); k += 2
                } else if c & 0xF800 != 0xD800 {
                    out[k] = UInt8(0xE0 | (c >> 12)); out[k + 1] = UInt8(0x80 | ((c >> 6) & 0x3F))
                    out[k + 2] = UInt8(0x80 | (c & 0x3F)); k += 3
                } else if c < 0xDC00, i + 1 < n, u[i + 1] & 0xFC00 == 0xDC00 {
                    let v = 0x10000 + ((UInt32(c) - 0xD800) << 10) + (UInt32(u[i + 1]) - 0xDC00)
                    out[k] = UInt8(0xF0 | (v >> 18)); out[k + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                    out[k + 2] = UInt8(0x80 | ((v >> 6) & 0x3F)); out[k + 3] = UInt8(0x80 | (v & 0x3F)); k += 4
                    i += 1
                } else {
                    out[k] = 0xEF; out[k + 1] = 0xBF; out[k + 2] = 0xBD; k += 3
                }
                i += 1
            }
            return k
        }
    }
    static func string(utf16 u: [UInt16]) -> String { u.withUnsafeBufferPointer { string(utf16: $0) } }
    static func string(utf16 u: ArraySlice<UInt16>) -> String { u.withUnsafeBufferPointer { string(utf16: $0) } }

    /// `s` starts with the code points of `p` (byte-wise).
    @inline(__always) static func startsWith(_ s: String, _ p: String) -> Bool { s.utf8.starts(with: p.utf8) }
}

extension TextKit {
    /// `s.components(separatedBy: sep)` (Foundation, `Character`-wise), on bytes when both are simple.
    static func components(_ s: String, _ sep: String) -> [String] {
        guard !sep.isEmpty, Scan.isSimple(s), Scan.isSimple(sep) else { return s.components(separatedBy: sep) }
        var out: [String] = []
        var s = s
        let n = Array(sep.utf8)
        return s.withUTF8 { h -> [String] in
            let hc = h.count, nc = n.count
            var start = 0
            var i = 0
            while i + nc <= hc {
                if h[i] == n[0] {
                    var j = 1
                    while j < nc && h[i + j] == n[j] { j += 1 }
                    if j == nc {
                        out.append(String(decoding: UnsafeBufferPointer(rebasing: h[start..<i]), as: UTF8.self))
                        i += nc
                        start = i
                        continue
                    }
                }
                i += 1
            }
            out.append(String(decoding: UnsafeBufferPointer(rebasing: h[start..<hc]), as: UTF8.self))
            return out
        }
    }

    /// `s.range(of: needle)` (Foundation, default options), on bytes when both are simple.
    static func range(of needle: String, in s: String) -> Range<String.Index>? {
        guard !needle.isEmpty, Scan.isSimple(s), Scan.isSimple(needle) else { return s.range(of: needle) }
        var h = s, nd = needle
        let found: Int? = h.withUTF8 { hp in nd.withUTF8 { np in Scan.firstOffset(hp, np) } }
        guard let i = found else { return nil }
        let u = s.utf8
        return u.index(u.startIndex, offsetBy: i)..<u.index(u.startIndex, offsetBy: i + needle.utf8.count)
    }
}

/// Character sets built once (building one costs more than the trimming it serves).
enum CharSets {
    static let whitespaces = CharacterSet.whitespaces
    static let whitespacesAndNewlines = CharacterSet.whitespacesAndNewlines
    static let whitespacesNewlinesPunctuation = CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters)
    static let spaceAndEmphasis = CharacterSet(charactersIn: " *_")
    static let spaceCommaSemicolon = CharacterSet(charactersIn: " ,;")
    static let spaceAndStops = CharacterSet(charactersIn: " .;:")
    static let spaceAndColon = CharacterSet(charactersIn: " :")
    /// What stands around a list item: spaces, stops, bullets.
    static let itemEdges = CharacterSet(charactersIn: " ;.-+•")
    /// What may stand around a written number: punctuation, brackets, emphasis.
    static let numberEdges = CharacterSet(charactersIn: ".,;:)(*_")
}

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
        let h = Array(s.utf8), n = Array(needle.utf8)
        guard h.count >= n.count else { return nil }
        var i = 0
        while i + n.count <= h.count {
            if h[i] == n[0] {
                var j = 1
                while j < n.count && h[i + j] == n[j] { j += 1 }
                if j == n.count {
                    let u = s.utf8
                    return u.index(u.startIndex, offsetBy: i)..<u.index(u.startIndex, offsetBy: i + n.count)
                }
            }
            i += 1
        }
        return nil
    }
}

/// Character sets built once (building one costs more than the trimming it serves).
enum CS {
    static let whitespaces = CharacterSet.whitespaces
    static let whitespacesAndNewlines = CharacterSet.whitespacesAndNewlines
    static let whitespacesNewlinesPunctuation = CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters)
    static let whitespacesStarUnderscore = CharacterSet.whitespaces.union(CharacterSet(charactersIn: "*_"))
    static let chars0 = CharacterSet(charactersIn: " *_")
    static let chars1 = CharacterSet(charactersIn: " *_,")
    static let chars2 = CharacterSet(charactersIn: " ,;")
    static let chars3 = CharacterSet(charactersIn: " -_–—")
    static let chars4 = CharacterSet(charactersIn: " .;:")
    static let chars5 = CharacterSet(charactersIn: " :")
    static let chars6 = CharacterSet(charactersIn: " ;.-+•")
    static let chars7 = CharacterSet(charactersIn: "*_")
    static let chars8 = CharacterSet(charactersIn: ".,;:)(*_")
    static let chars9 = CharacterSet(charactersIn: ":")
}

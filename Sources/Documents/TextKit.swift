import Foundation
import VietText

/// Small text helpers shared by the parser (cached regexes, markup, spacing, offset maps). Folding
/// and normalisation are VietText's (`VietText.fold`, `VietText.normalize`).
enum TextKit {
    /// `f` applied to pieces of a long string, for transformations that are local and cannot act
    /// across ASCII white space (normalisation forms, VietText.normalize). Foundation's Unicode
    /// normalisation is quadratic in the length of the string (a 1.5 MB line took seconds), so
    /// pieces of about 4 KB are cut before an ASCII white space, or before any ASCII byte when
    /// there is none within 64 KB (ASCII is combining class 0: pieces normalise independently).
    static func inPieces(_ s: String, _ f: (String) -> String) -> String {
        let u = s.utf8
        guard u.count > 8192 else { return f(s) }
        var out = ""
        out.reserveCapacity(u.count + u.count / 8)
        var start = u.startIndex
        var i = u.index(start, offsetBy: 4096)
        var scanned = 0
        while i < u.endIndex {
            let b = u[i]
            if b == 0x20 || b == 0x0A || b == 0x09 || (b < 0x80 && scanned > 65536) {
                out += f(String(Substring(s.unicodeScalars[start..<i])))
                start = i
                scanned = 0
                i = u.index(i, offsetBy: 4096, limitedBy: u.endIndex) ?? u.endIndex
            } else {
                u.formIndex(after: &i)
                scanned += 1
            }
        }
        out += f(String(Substring(s.unicodeScalars[start...])))
        return out
    }

    static let cacheLock = NSLock()
    /// Compiled patterns by options, then pattern (no key string built per call).
    nonisolated(unsafe) static var cache: [UInt: [String: NSRegularExpression]] = [:]

    static func regex(_ pattern: String, _ options: NSRegularExpression.Options = []) -> NSRegularExpression {
        cacheLock.lock(); defer { cacheLock.unlock() }
        if let r = cache[options.rawValue]?[pattern] { return r }
        let r = try! NSRegularExpression(pattern: pattern, options: options)
        cache[options.rawValue, default: [:]][pattern] = r
        return r
    }

    static func isUpperLetter(_ c: Character) -> Bool { c.isLetter && c.isUppercase }
    static func isLowerLetter(_ c: Character) -> Bool { c.isLetter && c.isLowercase }

    static let vowels: Set<Character> = Set("aeiouy")
    /// A token with no vowel (after folding) is an acronym: THPT, GD&ĐT, TCCB.
    static func isAcronym(_ token: String) -> Bool {
        let f = VietText.fold(token)
        guard !f.isEmpty else { return false }
        // ASCII fold (no CR: separators fold to spaces): its Characters are its bytes
        if let hasVowel = f.utf8.withContiguousStorageIfAvailable({ p -> Bool? in
            var v = false
            for b in p {
                if b >= 0x80 { return nil }
                if b == 0x61 || b == 0x65 || b == 0x69 || b == 0x6F || b == 0x75 || b == 0x79 { v = true }
            }
            return v
        }), let hasVowel {
            if hasVowel { return false }
            if let letter = Scan.containsLetter(token) { return letter }
            return token.contains { $0.isLetter }
        }
        return !f.contains { vowels.contains($0) } && token.contains { $0.isLetter }
    }

    /// Removes markdown emphasis markers and table pipes.
    static func stripMarkup(_ s: String) -> String {
        if !Scan.containsMarkupByte(s) { return s }
        var r = s.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
        r = r.replacingOccurrences(of: "|", with: " ")
        // single * used for italics
        r = r.replacingOccurrences(of: "*", with: "")
        return r
    }

    static func collapseSpaces(_ s: String) -> String {
        if let r = Scan.collapseSpacesBytes(s) { return r }
        return collapseSpacesSlow(s)
    }

    /// `collapseSpaces` scalar by scalar: the slow version the fast one is held to, and its fallback.
    static func collapseSpacesSlow(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for sc in s.unicodeScalars {
            if sc == " " || sc == "\t" || sc == "\n" || sc == "\r" || sc == "\u{00A0}" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append(sc)
            }
        }
        return String(out)
    }

    static func titleCase(_ w: String) -> String {
        guard let f = w.first else { return w }
        return String(f).uppercased() + w.dropFirst().lowercased()
    }
}

extension String {
    /// Byte-wise substring test (no Foundation, no locale).
    func hasBytes(_ needle: String) -> Bool {
        if let r = utf8.withContiguousStorageIfAvailable({ h in
            needle.utf8.withContiguousStorageIfAvailable { n in String.bytesContain(h, n) }
        }), let found = r {
            return found
        }
        let h = Array(self.utf8), n = Array(needle.utf8)
        return h.withUnsafeBufferPointer { hp in n.withUnsafeBufferPointer { np in String.bytesContain(hp, np) } }
    }

    /// Whether `n` occurs in `h` (bytes, or UTF-16 units for the obligation scanners).
    @inline(__always)
    static func bytesContain<T: Equatable>(_ h: UnsafeBufferPointer<T>, _ n: UnsafeBufferPointer<T>) -> Bool {
        guard !n.isEmpty else { return true }
        guard h.count >= n.count else { return false }
        let first = n[0]
        var i = 0
        let last = h.count - n.count
        while i <= last {
            if h[i] == first {
                var j = 1
                while j < n.count && h[i + j] == n[j] { j += 1 }
                if j == n.count { return true }
            }
            i += 1
        }
        return false
    }

    /// Whether a (cached) regex matches anywhere.
    func has(_ pattern: String) -> Bool {
        let ns = self as NSString
        return TextKit.regex(pattern).firstMatch(in: self, range: NSRange(location: 0, length: ns.length)) != nil
    }
    /// Range of the first match of a (cached) regex.
    func rangeOf(_ pattern: String) -> Range<String.Index>? {
        let ns = self as NSString
        guard let m = TextKit.regex(pattern).firstMatch(in: self, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return Range(m.range, in: self)
    }
    func replacingRegex(_ pattern: String, with t: String) -> String {
        let ns = self as NSString
        return TextKit.regex(pattern).stringByReplacingMatches(in: self, range: NSRange(location: 0, length: ns.length), withTemplate: t)
    }

    /// First capture group (or whole match) of a regex.
    func firstMatch(_ pattern: String, options: NSRegularExpression.Options = []) -> String? {
        let ns = self as NSString
        guard let m = TextKit.regex(pattern, options).firstMatch(in: self, range: NSRange(location: 0, length: ns.length)) else { return nil }
        let r = m.numberOfRanges > 1 ? m.range(at: 1) : m.range
        guard r.location != NSNotFound else { return nil }
        return ns.substring(with: r)
    }
}

struct WindowMatch {
    let ranges: [NSRange]
    var range: NSRange { ranges[0] }
    func range(at i: Int) -> NSRange { i < ranges.count ? ranges[i] : NSRange(location: NSNotFound, length: 0) }
}

/// A document's text with an NSString view, line table and UTF-16 → UTF-8 offset map.
struct TextView {
    let text: String
    let ns: NSString
    /// UTF-16 ranges of lines (without the newline).
    let lines: [NSRange]
    let lineStrings: [String]
    private let u8: [Int32]
    /// The text as UTF-16 code units (what NSString offsets count), for scanners.
    let u16: [UInt16]
    /// Length in UTF-16 code units (`ns.length`).
    let length: Int

    init(_ text: String) { self.init(text, copyingLines: true) }

    /// `copyingLines: false` leaves `lineStrings` empty (`line(_:)` then takes each line from
    /// `ns`), for readers that work on `u16` and ranges and seldom read a line as a String.
    init(_ text: String, copyingLines: Bool) {
        self.text = text
        self.ns = text as NSString
        var lines: [NSRange] = []
        var lineBytes: [(Int, Int)] = []
        var t = text
        var count16 = 0
        // One pass over the UTF-8 bytes: UTF-16 units, the UTF-16 → UTF-8 map, lines (written
        // through pointers: a UTF-16 text is never longer in units than its UTF-8 in bytes).
        let (map, units) = t.withUTF8 { p -> ([Int32], [UInt16]) in
            let n = p.count
            var units: [UInt16] = []
            let map = [Int32](unsafeUninitializedCapacity: n + 1) { mp, mapCount in
                units = [UInt16](unsafeUninitializedCapacity: n) { up, unitCount in
                    var off = 0, k = 0
                    var lineStart = 0, lineStart8 = 0
                    while off < n {
                        let c0 = p[off]
                        if c0 < 0x80 {
                            mp[k] = Int32(off); up[k] = UInt16(c0)
                            if c0 == 0x0A {
                                lines.append(NSRange(location: lineStart, length: k - lineStart))
                                lineBytes.append((lineStart8, off))
                                lineStart = k + 1
                                lineStart8 = off + 1
                            }
                            k += 1
                            off += 1
                        } else if c0 < 0xE0 {
                            mp[k] = Int32(off)
                            up[k] = UInt16(c0 & 0x1F) << 6 | UInt16(p[off + 1] & 0x3F)
                            k += 1
                            off += 2
                        } else if c0 < 0xF0 {
                            mp[k] = Int32(off)
                            up[k] = UInt16(c0 & 0x0F) << 12 | UInt16(p[off + 1] & 0x3F) << 6 | UInt16(p[off + 2] & 0x3F)
                            k += 1
                            off += 3
                        } else {
                            let v = UInt32(c0 & 0x07) << 18 | UInt32(p[off + 1] & 0x3F) << 12 | UInt32(p[off + 2] & 0x3F) << 6 | UInt32(p[off + 3] & 0x3F)
                            mp[k] = Int32(off); mp[k + 1] = Int32(off)
                            up[k] = UInt16(0xD800 + ((v - 0x10000) >> 10)); up[k + 1] = UInt16(0xDC00 + ((v - 0x10000) & 0x3FF))
                            k += 2
                            off += 4
                        }
                    }
                    mp[k] = Int32(n)
                    lines.append(NSRange(location: lineStart, length: k - lineStart))
                    lineBytes.append((lineStart8, n))
                    unitCount = k
                    count16 = k
                }
                mapCount = count16 + 1
            }
            return (map, units)
        }
        // Line strings copied from the text (valid UTF-8 already: no second validation).
        let u = text.utf8
        var ls: [String] = []
        if copyingLines { ls.reserveCapacity(lineBytes.count) }
        for (a, b) in lineBytes where copyingLines {
            ls.append(String(text[u.index(u.startIndex, offsetBy: a)..<u.index(u.startIndex, offsetBy: b)]))
        }
        self.lines = lines
        self.lineStrings = ls
        self.u8 = map
        self.u16 = units
        self.length = count16
    }

    func line(_ i: Int) -> String { i < lineStrings.count ? lineStrings[i] : ns.substring(with: lines[i]) }
    /// The text of a UTF-16 range (offsets inside a surrogate pair round down to the scalar, as
    /// String slicing does), through the UTF-8 offset map: no UTF-16 index walk.
    func sub(_ r: NSRange) -> String {
        guard r.location >= 0, r.length >= 0, r.location <= length, r.length <= length - r.location else { return ns.substring(with: r) }
        let a = Int(u8[r.location]), b = Int(u8[r.location + r.length])
        let u = text.utf8
        return String(text[u.index(u.startIndex, offsetBy: a)..<u.index(u.startIndex, offsetBy: b)])
    }
    func utf8(_ utf16: Int) -> Int { Int(u8[Swift.max(0, Swift.min(utf16, u8.count - 1))]) }
    func span(_ r: NSRange) -> TextSpan { TextSpan(start: utf8(r.location), end: utf8(r.location + r.length)) }
    func span(_ a: Int, _ b: Int) -> TextSpan { TextSpan(start: utf8(a), end: utf8(b)) }

    /// Index of the line containing UTF-16 offset `pos`.
    func lineIndex(at pos: Int) -> Int {
        var lo = 0, hi = lines.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lines[mid].location <= pos { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    func matches(_ pattern: String, _ options: NSRegularExpression.Options = [], in range: NSRange? = nil) -> [NSTextCheckingResult] {
        TextKit.regex(pattern, options).matches(in: text, range: range ?? NSRange(location: 0, length: ns.length))
    }

    /// First match of `re` inside a small window, run on the window's own substring (avoids bridging the whole text).
    func firstMatch(_ re: NSRegularExpression, in window: NSRange, options: NSRegularExpression.MatchingOptions = []) -> WindowMatch? {
        guard window.length >= 0, window.location >= 0, NSMaxRange(window) <= ns.length else { return nil }
        let sub = self.sub(window)
        guard let m = re.firstMatch(in: sub, options: options, range: NSRange(location: 0, length: (sub as NSString).length)) else { return nil }
        var rs: [NSRange] = []
        for i in 0..<m.numberOfRanges {
            let r = m.range(at: i)
            rs.append(r.location == NSNotFound ? r : NSRange(location: r.location + window.location, length: r.length))
        }
        return WindowMatch(ranges: rs)
    }

    func isBlank(_ i: Int) -> Bool {
        TextKit.stripMarkup(line(i)).trimmingScalars(in: CharSets.whitespaces).isEmpty
    }
}

extension String {
    /// `trimmingCharacters(in:)` without the NSString round trip (Foundation spent ~16,000
    /// instructions per call here): the scalars of `set` removed from both ends.
    func trimmingScalars(in set: CharacterSet) -> String {
        Substring(self).trimmingScalars(in: set)
    }
}

extension Substring {
    func trimmingScalars(in set: CharacterSet) -> String {
        let u = unicodeScalars
        var a = u.startIndex, b = u.endIndex
        while a < b, set.contains(u[a]) { a = u.index(after: a) }
        while b > a {
            let p = u.index(before: b)
            guard set.contains(u[p]) else { break }
            b = p
        }
        return String(Substring(u[a..<b]))
    }
}

/// Decoding one scalar of a Swift string's (valid) UTF-8, for the byte loops of the parser's fast
/// paths: they handle the Basic Multilingual Plane only and hand anything else to slower code.
enum UTF8Scalars {
    /// The scalar at `i` (advancing `i` past it); nil for a 4-byte sequence or one cut short.
    @inline(__always) static func next(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32? {
        let b = p[i], n = p.count
        if b < 0x80 { i += 1; return UInt32(b) }
        if b < 0xE0 {
            guard i + 1 < n else { return nil }
            defer { i += 2 }
            return UInt32(b & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F)
        }
        if b < 0xF0 {
            guard i + 2 < n else { return nil }
            defer { i += 3 }
            return UInt32(b & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F)
        }
        return nil
    }
}

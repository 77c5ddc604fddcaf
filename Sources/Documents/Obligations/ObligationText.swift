import Foundation

extension ObligationExtractor {
    /// The text the extractor reads: a cleaned copy of a document's text on the shared `TextView`
    /// (UTF-16 units for NSRegularExpression and the scanners), with a map back to UTF-8 offsets
    /// of the original, so every obligation keeps the exact span it came from.
    ///
    /// Cleaning drops markdown `*`, zero-width characters and soft hyphens, writes Ð/ð as Đ/đ,
    /// other spaces (no-break, tab, ideographic…) as a space and other line breaks as a newline.
    struct CleanedText {
        let original: String
        /// The cleaned text.
        let view: TextView
        /// Per UTF-8 offset of the cleaned text where a scalar starts: the UTF-8 range of the
        /// original scalar it came from; empty when cleaning changed nothing (identity).
        private let originalStart: [Int32]
        private let originalEnd: [Int32]
        private let originalBytes: Int

        var count: Int { view.length }
        var units: [UInt16] { view.u16 }
        /// The cleaned text as a String (what the patterns run on).
        var string: String { view.text }

        init(_ text: String) {
            original = text
            var changed = false
            var cleaned: [UInt8] = []
            var starts: [Int32] = [], ends: [Int32] = []
            var text = text
            let n = text.utf8.count
            originalBytes = n
            text.withUTF8 { p in
                // First pass: is there anything to clean?
                var i = 0
                while i < n {
                    let b = p[i]
                    if b < 0x80 {
                        if b == 0x2A || b == 0x09 || b == 0x0B || b == 0x0C || b == 0x0D { changed = true; break }
                        i += 1
                        continue
                    }
                    let start = i
                    guard let v = UTF8Scalars.next(p, &i) else { i = start + 4; continue }
                    if CleanedText.cleaned(v) != v { changed = true; break }
                }
                guard changed else { return }
                cleaned.reserveCapacity(n)
                starts = [Int32](repeating: 0, count: n + 1)
                ends = [Int32](repeating: 0, count: n + 1)
                i = 0
                while i < n {
                    let start = i
                    let b = p[i]
                    let v: UInt32
                    if b < 0x80 { v = UInt32(b); i += 1 }
                    else if let x = UTF8Scalars.next(p, &i) { v = x }
                    else { v = 0x10000; i = start + 4 }   // 4-byte scalars are kept as they are
                    let c = v == 0x10000 ? v : CleanedText.cleaned(v)
                    if c == CleanedText.dropped { continue }
                    let at = cleaned.count
                    starts[at] = Int32(start)
                    ends[at] = Int32(i)
                    if c == v || v == 0x10000 {
                        cleaned.append(contentsOf: p[start..<i])
                    } else {
                        cleaned.append(contentsOf: Array(String(Unicode.Scalar(c)!).utf8))
                    }
                }
            }
            if changed {
                let s = String(decoding: cleaned, as: UTF8.self)
                view = TextView(s, copyingLines: false)
                originalStart = starts
                originalEnd = ends
            } else {
                view = TextView(original, copyingLines: false)
                originalStart = []
                originalEnd = []
            }
        }

        static let dropped: UInt32 = 0xFFFF_FFFF

        /// What cleaning makes of one scalar (`dropped`: nothing).
        @inline(__always) static func cleaned(_ v: UInt32) -> UInt32 {
            switch v {
            case 0x2A, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD: return dropped   // markdown *, zero-width, soft hyphen
            case 0x00D0: return 0x0110  // Ð → Đ
            case 0x00F0: return 0x0111  // ð → đ
            case 0x00A0, 0x09, 0x0B, 0x0C, 0x0D, 0x2007, 0x202F, 0x3000: return 0x20
            case 0x2028, 0x2029, 0x85: return 0x0A
            default: return v
            }
        }

        /// The cleaned text of a UTF-16 range.
        func string(_ r: NSRange) -> String {
            guard r.length > 0, r.location >= 0, r.location + r.length <= count else { return "" }
            return view.sub(r)
        }

        /// UTF-8 span of the cleaned range in the original text: from the start of its first
        /// scalar to the end of its last.
        func span(_ r: NSRange) -> TextSpan {
            guard r.length > 0, r.location >= 0, r.location + r.length <= count else {
                let p = r.location >= 0 && r.location < count ? originalOffset(startOf: r.location) : originalBytes
                return TextSpan(start: p, end: p)
            }
            let a = view.utf8(r.location), last = view.utf8(r.location + r.length - 1)
            if originalStart.isEmpty { return TextSpan(start: a, end: view.utf8(r.location + r.length)) }
            return TextSpan(start: Int(originalStart[a]), end: Int(originalEnd[last]))
        }

        private func originalOffset(startOf unit: Int) -> Int {
            let a = view.utf8(unit)
            return originalStart.isEmpty ? a : Int(originalStart[a])
        }

        func originalText(_ s: TextSpan) -> String {
            let bytes = original.utf8
            guard s.start >= 0, s.end <= bytes.count, s.start < s.end else { return "" }
            return String(original[bytes.index(bytes.startIndex, offsetBy: s.start)..<bytes.index(bytes.startIndex, offsetBy: s.end)])
        }

        func lastNonSpace(in r: NSRange) -> UInt16? {
            var i = r.location + r.length - 1
            while i >= r.location { if !Unit.isSpace(units[i]) { return units[i] }; i -= 1 }
            return nil
        }

        /// `r` without the spaces and newlines at its ends.
        func trimmed(_ r: NSRange) -> NSRange {
            var a = r.location, b = r.location + r.length
            while a < b && Unit.isSpace(units[a]) { a += 1 }
            while b > a && Unit.isSpace(units[b - 1]) { b -= 1 }
            return NSRange(location: a, length: b - a)
        }
    }

    /// Classes of UTF-16 units of the cleaned text (where white space is a space or a newline).
    enum Unit {
        static let newline: UInt16 = 0x0A
        static let space: UInt16 = 0x20
        static let colon: UInt16 = 0x3A
        static let semicolon: UInt16 = 0x3B
        static let period: UInt16 = 0x2E
        static func isSpace(_ c: UInt16) -> Bool { c == 0x20 || c == 0x0A }
        static func scalar(_ c: UInt16) -> Unicode.Scalar? { Unicode.Scalar(UInt32(c)) }
        static func isLetter(_ c: UInt16) -> Bool { scalar(c)?.properties.isAlphabetic ?? false }
        static func isUpper(_ c: UInt16) -> Bool { scalar(c)?.properties.isUppercase ?? false }
        static func isLower(_ c: UInt16) -> Bool { scalar(c)?.properties.isLowercase ?? false }
        static func isDigit(_ c: UInt16) -> Bool { c >= 0x30 && c <= 0x39 }

        /// `\\s` members outside ASCII (`\\p{Z}` and NEL).
        @inline(__always) static func isOtherSpace(_ c: UInt16) -> Bool {
            c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
                || c == 0x202F || c == 0x205F || c == 0x3000
        }

        /// Whether a unit may match `\\d` or `\\p{L}` in ways the tables do not know (not a simple scalar).
        @inline(__always) static func isUnusual(_ c: UInt16) -> Bool {
            c >= 0x2070 || Scan.table.flags[Int(c)] & 1 == 0
        }

        /// First unit after leading ASCII white space of `units[from..<to]`; nil when there is none,
        /// `0xFFFF` when a non-ASCII space makes the answer unclear.
        @inline(__always) static func firstAfterSpaces(_ units: UnsafeBufferPointer<UInt16>, _ from: Int, _ to: Int) -> UInt16? {
            var i = from
            while i < to {
                let c = units[i]
                if c == 0x20 || (c >= 0x09 && c <= 0x0D) { i += 1; continue }
                if isOtherSpace(c) { return 0xFFFF }
                return c
            }
            return nil
        }
    }
}

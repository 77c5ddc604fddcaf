import Foundation

/// Text decoded from bytes of unknown encoding, with what was done to it.
public struct DecodedText: Sendable {
    /// NFC text.
    public var text: String
    /// The encoding read: `UTF-8`, `UTF-16LE`, `UTF-16BE`, `Windows-1258`, `TCVN3`, `VNI`, `VISCII`, or `mixed`.
    public var encoding: String
    /// What was converted, for people: `TCVN3 → Unicode`, `TCVN3 mojibake → Unicode on 12 of 40 lines`, …
    /// Empty for clean UTF-8.
    public var conversions: [String]
    /// Combining marks dropped because more than 30 stood in a row (see `VietText.nfc`).
    public var droppedMarks: Int

    public init(text: String, encoding: String, conversions: [String], droppedMarks: Int = 0) {
        self.text = text; self.encoding = encoding; self.conversions = conversions; self.droppedMarks = droppedMarks
    }
}

/// Reads Vietnamese text in any of the encodings of real archives and repairs legacy-encoding mojibake.
///
/// Detection is by evidence, never by file name: each candidate reading of a line is scored by its
/// Vietnamese syllables (`VietSyllable`: valid minus invalid words) and the best reading wins. A
/// document-level winner is preferred on every line unless another reading beats it clearly (by two
/// syllables), so a file that mixes encodings line by line is still read right.
///
/// Clean UTF-8 (the common case) costs one validation and one byte scan. Every path is linear in
/// the length of the input and keeps a few bytes per line beyond the text it returns; `budget`
/// (checked once per line) stops a run that takes too long.
public enum EncodingDetector {
    /// Decodes a file's bytes: BOM (UTF-8, UTF-16), UTF-16 without BOM, UTF-8, or per line the best of
    /// UTF-8, Windows-1258, TCVN3, VNI and VISCII; then repairs TCVN3/VNI mojibake and composes to NFC.
    public static func decode(_ bytes: [UInt8]) -> DecodedText {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    public static func decode(_ p: UnsafeBufferPointer<UInt8>) -> DecodedText {
        // An unlimited budget never throws.
        (try? decode(p, budget: .unlimited())) ?? DecodedText(text: "", encoding: "UTF-8", conversions: [])
    }

    public static func decode(_ bytes: [UInt8], budget: Budget) throws(Budget.Exceeded) -> DecodedText {
        try bytes.withUnsafeBufferPointer { p in Result { () throws(Budget.Exceeded) in try decode(p, budget: budget) } }.get()
    }

    public static func decode(_ p: UnsafeBufferPointer<UInt8>, budget: Budget) throws(Budget.Exceeded) -> DecodedText {
        // Byte order marks.
        if p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
            var d = try decode(UnsafeBufferPointer(rebasing: p[3...]), budget: budget)
            if d.encoding == "UTF-8" { d.encoding = "UTF-8 (BOM)" }
            return d
        }
        if p.count >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)) {
            return try utf16(UnsafeBufferPointer(rebasing: p[2...]), littleEndian: p[0] == 0xFF, bom: true, budget: budget)
        }
        if let le = utf16Guess(p) {
            return try utf16(p, littleEndian: le, bom: false, budget: budget)
        }
        if let s = String(validating: p, as: UTF8.self) {
            var dropped = 0
            let (text, conv) = try repairMojibake(s, droppedMarks: &dropped, budget: budget)
            return DecodedText(text: text, encoding: "UTF-8", conversions: conv, droppedMarks: dropped)
        }
        return try decodeLegacy(p, budget: budget)
    }

    /// Repairs TCVN3 and VNI text that was read as Windows-1252/Latin-1 (`Céng hoµ x· héi` →
    /// `Cộng hoà xã hội`, `Coäng hoøa` → `Cộng hòa`), per line, and composes combining marks (NFC).
    /// Returns the text unchanged (and no conversions) when nothing suggests mojibake.
    public static func repairMojibake(_ text: String) -> (text: String, conversions: [String]) {
        var dropped = 0
        return (try? repairMojibake(text, droppedMarks: &dropped, budget: .unlimited())) ?? (text, [])
    }

    /// `repairMojibake`, adding to `droppedMarks` the combining marks beyond 30 in a row it dropped.
    public static func repairMojibake(_ text: String, droppedMarks: inout Int,
                                      budget: Budget) throws(Budget.Exceeded) -> (text: String, conversions: [String]) {
        var s = text
        let (suspect, marks) = s.withUTF8 { scan($0) }
        var conversions: [String] = []
        if marks {
            let (composed, dropped) = VietText.nfc(s)
            s = composed
            droppedMarks += dropped
            conversions.append("combining marks composed (NFC)")
        }
        guard suspect else { return (s, conversions) }
        try budget.checkTime()
        let (fixed, conv) = try repairLines(s, droppedMarks: &droppedMarks, budget: budget)
        return (fixed, conversions + conv)
    }

    /// True when `text` holds characters typical of legacy-encoding mojibake (`µ ¸ ¹ § Ö Ü ä ø …`).
    public static func mayHoldMojibake(_ text: String) -> Bool {
        var s = text
        return s.withUTF8 { scan($0).suspect }
    }

    /// True when `text` holds a combining mark U+0300–U+036F (what `repairMojibake` composes).
    public static func mayHoldCombiningMarks(_ text: String) -> Bool {
        var s = text
        return s.withUTF8 { scan($0).marks }
    }

    /// Whether bytes without a BOM look like UTF-16 (many NUL bytes at every other position).
    public static func looksLikeUTF16(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { utf16Guess($0) != nil }
    }

    // MARK: - fast scan

    /// Latin-1 characters that are not Vietnamese letters (nor NBSP): their presence sends a text to
    /// the per-line check. Indexed by scalar − 0x80.
    static let suspectLatin1: [Bool] = {
        var t = [Bool](repeating: true, count: 128)
        t[0x20] = false // NBSP
        for v in [0xC0, 0xC1, 0xC2, 0xC3, 0xC8, 0xC9, 0xCA, 0xCC, 0xCD, 0xD2, 0xD3, 0xD4, 0xD5, 0xD9, 0xDA, 0xDD] {
            t[v - 0x80] = false; t[v + 0x20 - 0x80] = false
        }
        return t
    }()

    /// (holds a suspect Latin-1 character, holds a combining mark U+0300–U+036F).
    static func scan(_ p: UnsafeBufferPointer<UInt8>) -> (suspect: Bool, marks: Bool) {
        suspectLatin1.withUnsafeBufferPointer { table in
            var suspect = false, marks = false
            let n = p.count
            var i = 0
            while i < n {
                let b = p[i]
                if b < 0xC2 || b > 0xCD || i + 1 >= n { i &+= 1; continue }
                if b <= 0xC3 {
                    // U+0080–U+00FF: (b & 1) << 6 | low six bits of the next byte, minus 0x80.
                    if table[Int(b & 1) << 6 | Int(p[i + 1] & 0x3F)] { suspect = true }
                } else if b >= 0xCC {
                    if b == 0xCC || p[i + 1] <= 0xAF { marks = true }   // U+0300–U+036F
                }
                if suspect && marks { break }
                i &+= 2
            }
            return (suspect, marks)
        }
    }

    // MARK: - UTF-16

    /// Little-endian (true), big-endian (false) or not UTF-16 (nil), from the NUL bytes of the first 4 KB.
    static func utf16Guess(_ p: UnsafeBufferPointer<UInt8>) -> Bool? {
        let n = min(p.count, 4096) & ~1
        guard n >= 8, memchr(p.baseAddress!, 0, n) != nil else { return nil }
        var even = 0, odd = 0
        for i in stride(from: 0, to: n, by: 2) {
            if p[i] == 0 { even += 1 }
            if p[i + 1] == 0 { odd += 1 }
        }
        let pairs = n / 2
        if odd * 10 >= pairs * 4 && even * 20 < pairs { return true }
        if even * 10 >= pairs * 4 && odd * 20 < pairs { return false }
        return nil
    }

    static func utf16(_ p: UnsafeBufferPointer<UInt8>, littleEndian: Bool, bom: Bool, budget: Budget) throws(Budget.Exceeded) -> DecodedText {
        var units: [UInt16] = []
        units.reserveCapacity(p.count / 2)
        var i = 0
        while i + 1 < p.count {
            units.append(littleEndian ? UInt16(p[i]) | UInt16(p[i + 1]) << 8 : UInt16(p[i]) << 8 | UInt16(p[i + 1]))
            i += 2
        }
        let s = String(decoding: units, as: UTF16.self)
        units = []
        try budget.text(s.utf8.count)
        let name = littleEndian ? "UTF-16LE" : "UTF-16BE"
        var dropped = 0
        let (text, conv) = try repairMojibake(s, droppedMarks: &dropped, budget: budget)
        return DecodedText(text: text, encoding: name, conversions: ["\(name)\(bom ? "" : " (no BOM)") → UTF-8"] + conv,
                           droppedMarks: dropped)
    }

    // MARK: - legacy bytes

    static func decodeLegacy(_ p: UnsafeBufferPointer<UInt8>, budget: Budget) throws(Budget.Exceeded) -> DecodedText {
        let encodings = LegacyEncoding.allCases
        let names = ["UTF-8"] + encodings.map(\.rawValue)
        var lineRanges: [Range<Int>] = []
        var start = 0
        for i in 0..<p.count where p[i] == 0x0A {
            lineRanges.append(start..<i); start = i + 1
        }
        lineRanges.append(start..<p.count)
        var readings: [[Reading]] = []
        readings.reserveCapacity(lineRanges.count)
        // Per line, the reading with the best margin and its UTF-8: the one chosen, most of the
        // time (the others are decoded again if chosen). One copy, not five.
        var best: [(index: Int, utf8: [UInt8])] = []
        best.reserveCapacity(lineRanges.count)
        for r in lineRanges {
            try budget.tick()
            let line = UnsafeBufferPointer(rebasing: p[r])
            if !line.contains(where: { $0 >= 0x80 }) { readings.append([]); best.append((0, [])); continue }
            var candidates: [[UInt32]?] = [String(validating: line, as: UTF8.self).map { $0.unicodeScalars.map(\.value) }]
            for e in encodings {
                var out: [UInt32] = []
                Legacy.decode(line, e, into: &out)
                candidates.append(out)
            }
            let rs = Reading.of(candidates)
            var b = 0
            for k in rs.indices where rs[k].margin > rs[b].margin { b = k }
            var utf8: [UInt8] = []
            if b > 0, let c = candidates[b] {
                utf8.reserveCapacity(c.count + c.count / 2)
                for v in c { Tables.appendUTF8(v, &utf8) }
            }
            best.append((b, utf8))
            readings.append(rs)
        }
        // UTF-8 is a reading only of the lines that are valid UTF-8 (a mixed file), so it never wins the
        // file; but a line that is valid UTF-8 with multi-byte characters is UTF-8 unless clearly not:
        // legacy 8-bit text almost never forms valid UTF-8 sequences.
        let (choice, winner) = choose(readings, count: names.count) { w, r in r[0].margin > -1_000_000 ? 0 : w }
        var used = [Int](repeating: 0, count: names.count)
        var out: [UInt8] = []
        out.reserveCapacity(p.count + p.count / 2)
        var marks = false
        var scalars: [UInt32] = []
        for (k, r) in lineRanges.enumerated() {
            try budget.tick()
            if k > 0 { out.append(0x0A) }
            let line = UnsafeBufferPointer(rebasing: p[r])
            if readings[k].isEmpty {
                out.append(contentsOf: line)   // ASCII
                continue
            }
            let c = choice[k]
            used[c] += 1
            if c == 0 {
                out.append(contentsOf: line)   // valid UTF-8
                continue
            }
            if best[k].index == c {
                out.append(contentsOf: best[k].utf8)   // marks it holds are found by the scan below
            } else {
                scalars.removeAll(keepingCapacity: true)
                Legacy.decode(line, encodings[c - 1], into: &scalars)
                for v in scalars {
                    if v >= 0x300 && v <= 0x36F { marks = true }
                    Tables.appendUTF8(v, &out)
                }
            }
            try budget.text(out.count)
        }
        readings = []
        let lines = used.reduce(0, +)
        let kinds = used.indices.filter { used[$0] > 0 }
        var conv: [String]
        var encoding: String
        if kinds.count <= 1 {
            let k = kinds.first ?? winner
            encoding = names[k]
            conv = k == 0 ? [] : ["\(names[k]) → Unicode"]
        } else {
            encoding = "mixed"
            conv = kinds.sorted { used[$0] > used[$1] }.map { k in
                k == 0 ? "UTF-8 kept on \(used[k]) of \(lines) line(s)" : "\(names[k]) → Unicode on \(used[k]) of \(lines) line(s)"
            }
        }
        var t = String(decoding: out, as: UTF8.self)
        out = []
        // A legacy file can itself hold mojibake of another encoding; only composition is left to do here.
        var dropped = 0
        if marks || t.withUTF8({ scan($0).marks }) {
            (t, dropped) = VietText.nfc(t)
        }
        return DecodedText(text: t, encoding: encoding, conversions: conv, droppedMarks: dropped)
    }
}

// The encoding detector's per-line readings: each line scored in every candidate encoding, a
// reading chosen per line (`choose`), and the repair of TCVN3/VNI mojibake (a line of UTF-8 text
// whose characters are Windows-1252 bytes of a legacy encoding), over UTF-8 bytes. The detector
// itself (BOMs, UTF-16, the fast scan, legacy bytes) is `EncodingDetector.swift`.

import Foundation

extension EncodingDetector {
    /// Windows-1252 byte of a scalar (Latin-1 and C1 map to themselves), or nil.
    static let cp1252Reverse: [UInt32: UInt8] = {
        var d: [UInt32: UInt8] = [:]
        for b in 0x80...0xFF {
            d[UInt32(b)] = UInt8(b)
            d[LegacyTables.cp1252[b]] = UInt8(b)
        }
        return d
    }()

    /// Bytes of a line read as Windows-1252, or nil when it holds a character outside it, or neither
    /// a non-ASCII character nor a hyphen glued to a letter (which may stand for TCVN3's ư).
    static func cp1252Bytes(_ line: ArraySlice<UInt32>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        var nonASCII = false
        var prev: UInt32 = 0x20
        for v in line {
            if v < 0x80 {
                if !nonASCII && ((v == 0x2D && isASCIILetter(prev)) || (prev == 0x2D && isASCIILetter(v))) { nonASCII = true }
                prev = v
                out.append(UInt8(v))
                continue
            }
            prev = v
            guard let b = cp1252Reverse[v] else { return nil }
            out.append(b)
            nonASCII = true
        }
        return nonASCII ? out : nil
    }

    @inline(__always)
    static func isASCIILetter(_ v: UInt32) -> Bool { (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }

    static func score(_ scalars: ArraySlice<UInt32>) -> SyllableScore {
        var s = SyllableScore()
        var buf: [UInt32] = []
        buf.reserveCapacity(16)
        Syllable.scoreScalars(scalars, &buf, &s)
        return s
    }

    /// A reading of one line: its score, not its text (which is decoded again for the reading
    /// chosen), so that a file's readings take a few bytes per line, not five copies of it.
    struct Reading {
        var margin: Int
        var common: Int
        /// The first reading of the line with the same text (its own index when none before).
        var same: Int
        init(_ scalars: [UInt32], same: Int) {
            let sc = EncodingDetector.score(scalars[...])
            margin = sc.margin; common = sc.common
            self.same = same
        }
        init(unreadable: Void) { margin = -1_000_000; common = 0; same = -1 }

        /// The readings of one line, from its candidate texts (nil: unreadable). Equal texts are
        /// told by comparing them, which stops at the first difference.
        static func of(_ candidates: [[UInt32]?]) -> [Reading] {
            var out: [Reading] = []
            out.reserveCapacity(candidates.count)
            for (k, c) in candidates.enumerated() {
                guard let c else { out.append(Reading(unreadable: ())); continue }
                var first = k
                for j in 0..<k where out[j].same == j {
                    if let d = candidates[j], d.count == c.count, d == c { first = j; break }
                }
                out.append(Reading(c, same: first))
            }
            return out
        }
    }

    /// Chooses a reading per line (index 0 is the original or UTF-8).
    ///
    /// 1. The document's winner (the reading with the best total margin, by at least 2) is each
    ///    line's default; `base` may name another default for a line.
    /// 2. A line whose best reading beats every different reading by 2 or more is decided by that.
    /// 3. A line left open (few words: `Sè: 2926/SYT-VP`, `tö.`) follows its nearest decided
    ///    neighbours when they agree and their reading is among its best; `anchors` gives the
    ///    reading of lines that have none (0 for a non-ASCII line that cannot be mojibake, nil for
    ///    a neutral ASCII or blank line).
    /// 4. Otherwise the default stays unless a reading is as good with more frequent syllables.
    static func choose(_ lines: [[Reading]], count: Int, anchors: [Int?]? = nil,
                       base: (Int, [Reading]) -> Int = { w, _ in w }) -> (choice: [Int], winner: Int) {
        var totals = [Int](repeating: 0, count: count)
        for r in lines where r.count == count { for k in 0..<count { totals[k] += r[k].margin } }
        var winner = 0
        for k in 1..<count where totals[k] > totals[winner] { winner = k }
        if winner != 0 && totals[winner] - totals[0] < 2 { winner = 0 }
        // Clear lines.
        var decided = [Int?](repeating: nil, count: lines.count)
        for (i, r) in lines.enumerated() {
            guard r.count == count else { decided[i] = anchors?[i] ?? nil; continue }
            var best = base(winner, r)   // among equals, the default
            for k in r.indices where r[k].margin > r[best].margin { best = k }
            let clear = r.indices.allSatisfy { k in
                k == best || (r[k].same >= 0 && r[k].same == r[best].same) || r[k].margin + 2 <= r[best].margin
            }
            if clear { decided[i] = best }
        }
        var choice: [Int] = []
        choice.reserveCapacity(lines.count)
        var lastDecided: Int? = nil
        var nextDecidedIndex = 0
        for (i, r) in lines.enumerated() {
            defer { if r.count == count || anchors?[i] != nil, let d = decided[i] { lastDecided = d } }
            guard r.count == count else { choice.append(0); continue }
            if let d = decided[i] { choice.append(d); continue }
            let top = r.map(\.margin).max()!
            // Nearest decided line after this one.
            if nextDecidedIndex <= i { nextDecidedIndex = i + 1 }
            while nextDecidedIndex < lines.count && decided[nextDecidedIndex] == nil { nextDecidedIndex += 1 }
            let next = nextDecidedIndex < lines.count ? decided[nextDecidedIndex] : nil
            let neighbours = [lastDecided, next].compactMap { $0 }
            if let n = neighbours.first, neighbours.allSatisfy({ $0 == n }), n < r.count, r[n].margin == top {
                choice.append(n)
                continue
            }
            let b = base(winner, r)
            var best = b
            for k in r.indices where k != b {
                let beats = r[k].margin >= r[b].margin + 2 || (r[k].margin >= r[b].margin && r[k].common > r[b].common)
                guard beats else { continue }
                if best == b || r[k].margin > r[best].margin || (r[k].margin == r[best].margin && r[k].common > r[best].common) {
                    best = k
                }
            }
            choice.append(best)
        }
        return (choice, winner)
    }

    static func repairLines(_ text: String, droppedMarks: inout Int, budget: Budget) throws(Budget.Exceeded) -> (String, [String]) {
        var t = text
        var dropped = 0
        let r = t.withUTF8 { p in Result { () throws(Budget.Exceeded) in try repairLines(p, droppedMarks: &dropped, budget: budget) } }
        droppedMarks += dropped
        return try r.get() ?? (text, [])
    }

    /// The Windows-1252 bytes of a line that can be mojibake (every character in Windows-1252,
    /// and a non-ASCII character or a hyphen glued to a letter), else nil.
    static func mojibakeBytes(_ line: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var nonASCII = false, hyphen = false
        for b in line {
            if b == 0x2D { hyphen = true }
            guard b >= 0x80 else { continue }
            nonASCII = true
            // Lead bytes of characters outside Windows-1252: the line cannot be mojibake.
            if b >= 0xC0 && b != 0xC2 && b != 0xC3 && b != 0xC5 && b != 0xC6 && b != 0xCB && b != 0xE2 { return nil }
        }
        guard nonASCII || hyphen else { return nil }
        let scalars = String(decoding: line, as: UTF8.self).unicodeScalars.map(\.value)
        return cp1252Bytes(scalars[...])
    }

    /// Per-line repair over UTF-8 bytes; nil when nothing changed. Only lines that can be
    /// mojibake (every character in Windows-1252) are decoded and scored, so a clean text with a
    /// stray `¹` or `°` costs little more than the scan.
    static func repairLines(_ p: UnsafeBufferPointer<UInt8>, droppedMarks: inout Int, budget: Budget) throws(Budget.Exceeded) -> (String, [String])? {
        var lineRanges: [Range<Int>] = []
        var start = 0
        for i in 0..<p.count where p[i] == 0x0A {
            lineRanges.append(start..<i); start = i + 1
        }
        lineRanges.append(start..<p.count)
        let encodings: [LegacyEncoding] = [.tcvn3, .vni]
        var readings: [[Reading]] = []
        readings.reserveCapacity(lineRanges.count)
        var anchors: [Int?] = []
        anchors.reserveCapacity(lineRanges.count)
        // The Windows-1252 bytes of the lines that can be mojibake (no bigger than the text).
        var lineBytes: [[UInt8]?] = []
        lineBytes.reserveCapacity(lineRanges.count)
        var any = false
        for r in lineRanges {
            try budget.tick()
            let line = UnsafeBufferPointer(rebasing: p[r])
            anchors.append(line.contains { $0 >= 0x80 } ? 0 : nil)
            let bytes = mojibakeBytes(line)
            lineBytes.append(bytes)
            guard let bytes else { readings.append([]); continue }
            var candidates: [[UInt32]?] = [String(decoding: line, as: UTF8.self).unicodeScalars.map(\.value)]
            for e in encodings {
                var out: [UInt32] = []
                bytes.withUnsafeBufferPointer { Legacy.decode($0, e, into: &out, mojibake: true) }
                candidates.append(out)
            }
            readings.append(Reading.of(candidates))
            any = true
        }
        guard any else { return nil }
        let (choice, _) = choose(readings, count: encodings.count + 1, anchors: anchors)
        var changed = [Int](repeating: 0, count: encodings.count + 1)
        let eligible = readings.filter { !$0.isEmpty }.count
        var out: [UInt8] = []
        out.reserveCapacity(p.count + p.count / 4)
        var marks = false
        var scalars: [UInt32] = []
        func append(_ scalars: [UInt32]) {
            for v in scalars {
                if v >= 0x300 && v <= 0x36F { marks = true }
                Tables.appendUTF8(v, &out)
            }
        }
        var k = 0
        while k < lineRanges.count {
            try budget.tick()
            if k > 0 { out.append(0x0A) }
            let c = choice[k]
            if c == 0 || readings[k].isEmpty {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[lineRanges[k]]))
                k += 1
                continue
            }
            // A run of TCVN3 lines is decoded at once, so that a word cut at a line's end by a
            // hyphen standing for ư (`tr-` / `êng`) is joined again.
            var e = k + 1
            if encodings[c - 1] == .tcvn3 {
                while e < lineRanges.count && choice[e] == c && !readings[e].isEmpty { e += 1 }
            }
            var bytes: [UInt8] = []
            for j in k..<e {
                if j > k { bytes.append(0x0A) }
                bytes.append(contentsOf: lineBytes[j] ?? [])
            }
            scalars.removeAll(keepingCapacity: true)
            bytes.withUnsafeBufferPointer { Legacy.decode($0, encodings[c - 1], into: &scalars, mojibake: true) }
            append(scalars)
            changed[c] += e - k
            k = e
        }
        guard changed.contains(where: { $0 > 0 }) else { return nil }
        var conv: [String] = []
        for (k, e) in encodings.enumerated() where changed[k + 1] > 0 {
            conv.append("\(e.rawValue) mojibake → Unicode on \(changed[k + 1]) of \(eligible) line(s) read as Latin-1")
        }
        let s = String(decoding: out, as: UTF8.self)
        guard marks else { return (s, conv) }
        let (composed, dropped) = VietText.nfc(s)
        droppedMarks += dropped
        return (composed, conv)
    }
}

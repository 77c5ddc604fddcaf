import Foundation

enum Scanner {
    /// Appends the lower-cased, canonically spelled form of the word in p[s..<e] to `out`.
    /// `sc` is scratch space for at least 9 scalars.
    @inline(__always)
    static func appendExact(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ out: inout ByteSink,
                            _ sc: UnsafeMutablePointer<UInt32>, _ t: Tables) {
        let startCount = out.count
        var ascii = true
        for i in s..<e where p[i] >= 0x80 { ascii = false; break }
        if ascii {
            for i in s..<e { let f = t.asciiFold[Int(p[i])]; out.append(f != 0 ? f : p[i]) }
            // qui → quy
            if e - s == 3 && out.base[startCount] == 0x71 && out.base[startCount + 1] == 0x75
                && out.base[startCount + 2] == 0x69 {
                out.base[startCount + 2] = 0x79
            }
            return
        }
        var k = 0
        var simple = true
        var i = s
        while i < e {
            let b = p[i]
            var l: UInt32
            if b < 0x80 {
                let f = t.asciiFold[Int(b)]
                l = UInt32(f != 0 ? f : b); i &+= 1
            } else {
                let (v, len) = Tables.decode(p, i)
                i &+= len
                if v < Tables.tableLimit {
                    let c = t.cls[Int(v)]
                    if c & Tables.ignorable != 0 { continue }
                    if c & Tables.multiLower != 0 {
                        simple = false
                        for m in Unicode.Scalar(v)!.properties.lowercaseMapping.unicodeScalars { out.appendUTF8(m.value) }
                        continue
                    }
                    l = t.lowerMap[Int(v)]
                } else {
                    if v == 0xFEFF { continue }
                    simple = false
                    Tables.appendHighLower(v, &out)
                    continue
                }
            }
            out.appendUTF8(l)
            if k < 9 { sc[k] = l }
            k &+= 1
        }
        if simple && k >= 2 && k <= 8 && Syllable.canonicalize(UnsafeMutableBufferPointer(start: sc, count: k)) {
            out.count = startCount
            for j in 0..<k { out.appendUTF8(sc[j]) }
        }
    }

    /// Scanner state (a struct: no closure captures, no dynamic exclusivity checks in the hot loop).
    struct State: ~Copyable {
        var tokens: [Token] = []
        var digits: [Bool] = []
        var buf: ByteSink
        let sc: UnsafeMutablePointer<UInt32>
        let t: Tables

        init(capacity: Int) {
            buf = ByteSink(capacity: 64)
            sc = .allocate(capacity: 16)
            t = Tables.shared
            tokens.reserveCapacity(capacity)
            digits.reserveCapacity(capacity)
        }

        deinit { sc.deallocate() }

        @inline(__always)
        mutating func emit(_ p: UnsafeBufferPointer<UInt8>, _ ws: Int, _ we: Int, _ allDigits: Bool) {
            buf.count = 0
            _ = Folder.foldCore(UnsafeBufferPointer(rebasing: p[ws..<we]), nfcDone: true, out: &buf, t)
            if buf.isEmpty { return }
            let folded = buf.string()
            let exact: String
            if allDigits {
                exact = folded
            } else {
                buf.count = 0
                Scanner.appendExact(p, ws, we, &buf, sc, t)
                exact = buf.string()
            }
            tokens.append(Token(kind: .word, folded: folded, exact: exact, position: tokens.count, start: ws, end: we))
            digits.append(allDigits)
        }
    }

    /// Word tokens of `p` (positions 0, 1, 2, …) and, for each, whether it is all ASCII digits.
    static func words(_ p: UnsafeBufferPointer<UInt8>) -> (tokens: [Token], digits: [Bool]) {
        var st = State(capacity: p.count / 5 + 4)
        let cls = st.t.cls, asciiFold = st.t.asciiFold
        let n = p.count
        var i = 0
        var ws = -1, we = -1
        var digits = true
        while i < n {
            let b = p[i]
            if b < 0x80 {
                if asciiFold[Int(b)] != 0 {
                    if ws < 0 { ws = i; digits = true }
                    if b > 0x39 { digits = false }
                    i &+= 1
                    we = i
                } else {
                    if ws >= 0 { st.emit(p, ws, we, digits); ws = -1 }
                    i &+= 1
                }
                continue
            }
            let (v, len) = Tables.decode(p, i)
            let c = v < Tables.tableLimit ? cls[Int(v)] : Tables.highClass(v)
            if c & Tables.ignorable != 0 { i &+= len; continue }
            if c & Tables.word != 0 {
                if ws < 0 { ws = i }
                digits = false
                i &+= len
                we = i
            } else {
                if ws >= 0 { st.emit(p, ws, we, digits); ws = -1 }
                i &+= len
            }
        }
        if ws >= 0 { st.emit(p, ws, we, digits) }
        return (st.tokens, st.digits)
    }

    /// The separator between two words if they may belong to one document number or date:
    /// `/` or `-` directly, or `/` with spaces or tabs around it (OCR / typing variant).
    @inline(__always)
    static func separator(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt8? {
        let len = e - s
        if len == 1 {
            let b = p[s]
            return b == 0x2F || b == 0x2D ? b : nil
        }
        guard len > 1 && len <= 7 else { return nil }
        var slash = false
        for i in s..<e {
            switch p[i] {
            case 0x20, 0x09: continue
            case 0x2F: if slash { return nil }; slash = true
            default: return nil
            }
        }
        return slash ? 0x2F : nil
    }

    static func isDate(_ w: [Token], _ i: Int) -> Bool {
        let dl = w[i].folded.utf8.count, ml = w[i + 1].folded.utf8.count, yl = w[i + 2].folded.utf8.count
        guard (1...2).contains(dl), (1...2).contains(ml), yl == 2 || yl == 4 else { return false }
        guard let d = Int(w[i].folded), let m = Int(w[i + 1].folded) else { return false }
        return (1...31).contains(d) && (1...12).contains(m)
    }

    /// Compounds as (first word, last word, separators).
    static func compounds(_ p: UnsafeBufferPointer<UInt8>, _ w: [Token], _ digits: [Bool]) -> [(Int, Int, [UInt8])] {
        var found: [(Int, Int, [UInt8])] = []
        let n = w.count
        var i = 0
        while i + 1 < n {
            guard digits[i], let first = separator(p, w[i].end, w[i + 1].start) else { i += 1; continue }
            // Longest chain of words joined by / or -.
            var seps: [UInt8] = [first]
            var k = i + 1
            while k + 1 < n, seps.count < 7, let sep = separator(p, w[k].end, w[k + 1].start) {
                seps.append(sep); k += 1
            }
            var last = -1
            var hasLetters = false
            for j in (i + 1)...k where !digits[j] { hasLetters = true; break }
            if hasLetters {
                if seps.contains(0x2F) { last = k }
            } else if k >= i + 2, digits[i + 1], digits[i + 2], seps[0] == seps[1], isDate(w, i) {
                last = i + 2
            }
            if last > i {
                found.append((i, last, Array(seps[0..<(last - i)])))
                i = last + 1
            } else {
                i += 1
            }
        }
        return found
    }

    static func tokenize(_ text: String) -> [Token] {
        var text = text
        return text.withUTF8 { p -> [Token] in
            let (words, digits) = Scanner.words(p)
            let cs = compounds(p, words, digits)
            if cs.isEmpty { return words }
            var tokens: [Token] = []
            tokens.reserveCapacity(words.count + cs.count)
            var next = 0
            for (i, last, seps) in cs {
                tokens.append(contentsOf: words[next..<i])
                var folded = words[i].folded, exact = words[i].exact
                for j in (i + 1)...last {
                    let sep = String(UnicodeScalar(seps[j - i - 1]))
                    folded += sep; folded += words[j].folded
                    exact += sep; exact += words[j].exact
                }
                tokens.append(Token(kind: .compound, folded: folded, exact: exact, position: i,
                                    start: words[i].start, end: words[last].end))
                next = i
            }
            tokens.append(contentsOf: words[next...])
            return tokens
        }
    }
}

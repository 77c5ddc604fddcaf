import Foundation

/// One word found by the scanner.
struct RawWord {
    var start: Int
    var end: Int
    var folded: String
    var exact: String
    var allDigits: Bool
}

enum Scanner {
    /// Lower-cased, canonically spelled form of the word in p[s..<e] (bytes), appended to `out`.
    static func appendExact(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int,
                            _ out: inout [UInt8], _ scalars: inout [UInt32]) {
        let t = Tables.shared
        var ascii = true
        for i in s..<e where p[i] >= 0x80 { ascii = false; break }
        if ascii {
            let first = out.count
            for i in s..<e { let f = t.asciiFold[Int(p[i])]; out.append(f != 0 ? f : p[i]) }
            // qui → quy
            if e - s == 3 && out[first] == 0x71 && out[first + 1] == 0x75 && out[first + 2] == 0x69 {
                out[first + 2] = 0x79
            }
            return
        }
        scalars.removeAll(keepingCapacity: true)
        var i = s
        var simple = true
        while i < e {
            let b = p[i]
            if b < 0x80 {
                let f = t.asciiFold[Int(b)]
                scalars.append(UInt32(f != 0 ? f : b)); i += 1; continue
            }
            let (v, len) = Tables.decode(p, i)
            i += len
            if v < Tables.tableLimit {
                let c = t.cls[Int(v)]
                if c & Tables.ignorable != 0 { continue }
                if c & Tables.multiLower != 0 {
                    simple = false
                    for l in Unicode.Scalar(v)!.properties.lowercaseMapping.unicodeScalars { scalars.append(l.value) }
                } else {
                    scalars.append(t.lowerMap[Int(v)])
                }
            } else {
                if v == 0xFEFF { continue }
                simple = false
                if let u = Unicode.Scalar(v), u.properties.changesWhenLowercased {
                    for l in u.properties.lowercaseMapping.unicodeScalars { scalars.append(l.value) }
                } else {
                    scalars.append(v)
                }
            }
        }
        if simple && scalars.count >= 2 && scalars.count <= 8 { _ = Syllable.canonicalize(&scalars) }
        for v in scalars { Tables.appendUTF8(v, &out) }
    }

    /// All words of `p` with byte ranges, folded and exact forms.
    static func words(_ p: UnsafeBufferPointer<UInt8>) -> [RawWord] {
        let t = Tables.shared
        let cls = t.cls, asciiFold = t.asciiFold
        var result: [RawWord] = []
        result.reserveCapacity(p.count / 5 + 4)
        var buf: [UInt8] = []
        buf.reserveCapacity(64)
        var scalars: [UInt32] = []
        scalars.reserveCapacity(16)
        let n = p.count
        var i = 0
        var ws = -1, we = -1
        var digits = true

        @inline(__always) func emit() {
            buf.removeAll(keepingCapacity: true)
            _ = Folder.foldCore(UnsafeBufferPointer(rebasing: p[ws..<we]), nfcDone: true, out: &buf)
            let folded = String(decoding: buf, as: UTF8.self)
            let exact: String
            if digits {
                exact = folded
            } else {
                buf.removeAll(keepingCapacity: true)
                appendExact(p, ws, we, &buf, &scalars)
                exact = String(decoding: buf, as: UTF8.self)
            }
            if !folded.isEmpty {
                result.append(RawWord(start: ws, end: we, folded: folded, exact: exact, allDigits: digits))
            }
            ws = -1
        }

        while i < n {
            let b = p[i]
            if b < 0x80 {
                if asciiFold[Int(b)] != 0 {
                    if ws < 0 { ws = i; digits = true }
                    if b > 0x39 { digits = false }
                    i += 1
                    we = i
                } else {
                    if ws >= 0 { emit() }
                    i += 1
                }
                continue
            }
            let (v, len) = Tables.decode(p, i)
            let c = v < Tables.tableLimit ? cls[Int(v)] : Tables.highClass(v)
            if c & Tables.ignorable != 0 { i += len; continue }
            if c & Tables.word != 0 {
                if ws < 0 { ws = i }
                digits = false
                i += len
                we = i
            } else {
                if ws >= 0 { emit() }
                i += len
            }
        }
        if ws >= 0 { emit() }
        return result
    }

    /// The separator between two words if they may belong to one document number or date:
    /// `/` or `-` directly, or `/` with spaces or tabs around it (OCR / typing variant).
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

    static func isDate(_ w: ArraySlice<RawWord>) -> Bool {
        guard w.count == 3 else { return false }
        let a = w[w.startIndex], b = w[w.startIndex + 1], c = w[w.startIndex + 2]
        guard a.allDigits, b.allDigits, c.allDigits else { return false }
        let dl = a.folded.utf8.count, ml = b.folded.utf8.count, yl = c.folded.utf8.count
        guard (1...2).contains(dl), (1...2).contains(ml), yl == 2 || yl == 4 else { return false }
        guard let d = Int(a.folded), let m = Int(b.folded) else { return false }
        return (1...31).contains(d) && (1...12).contains(m)
    }

    static func tokenize(_ text: String) -> [Token] {
        var text = text
        return text.withUTF8 { p -> [Token] in
            let words = Scanner.words(p)
            var tokens: [Token] = []
            tokens.reserveCapacity(words.count + 8)
            var i = 0
            let n = words.count
            while i < n {
                if words[i].allDigits, i + 1 < n {
                    // Longest chain of words joined by / or -.
                    var seps: [UInt8] = []
                    var k = i
                    while k + 1 < n, seps.count < 7,
                          let sep = separator(p, words[k].end, words[k + 1].start) {
                        seps.append(sep); k += 1
                    }
                    var last = -1
                    if k > i {
                        let hasLetters = words[(i + 1)...k].contains { !$0.allDigits }
                        if hasLetters {
                            if seps.contains(0x2F) { last = k }
                        } else if k >= i + 2, seps[0] == seps[1], isDate(words[i...(i + 2)]) {
                            last = i + 2
                        }
                    }
                    if last > i {
                        var folded = words[i].folded, exact = words[i].exact
                        for j in (i + 1)...last {
                            let sep = String(UnicodeScalar(seps[j - i - 1]))
                            folded += sep; folded += words[j].folded
                            exact += sep; exact += words[j].exact
                        }
                        tokens.append(Token(kind: .compound, folded: folded, exact: exact, position: i,
                                            start: words[i].start, end: words[last].end))
                        for j in i...last {
                            tokens.append(Token(kind: .word, folded: words[j].folded, exact: words[j].exact,
                                                position: j, start: words[j].start, end: words[j].end))
                        }
                        i = last + 1
                        continue
                    }
                }
                tokens.append(Token(kind: .word, folded: words[i].folded, exact: words[i].exact,
                                    position: i, start: words[i].start, end: words[i].end))
                i += 1
            }
            return tokens
        }
    }
}

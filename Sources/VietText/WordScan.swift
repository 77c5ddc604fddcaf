extension Tokenizer {
    /// The `.word` tokens of `tokenize(text)` (same words, same order, so the n-th call is the word at
    /// position n), without making a `Token` or a `String`: `body` gets each word's UTF-8 byte range
    /// in `text` and its folded form as bytes (valid only during the call). For callers that look at
    /// every word but keep few (snippets).
    public static func forEachWord(_ text: UnsafeBufferPointer<UInt8>,
                                   _ body: (_ start: Int, _ end: Int, _ folded: UnsafeBufferPointer<UInt8>) -> Void) {
        let t = Tables.shared
        let cls = t.cls, asciiFold = t.asciiFold
        var buf = ByteSink(capacity: 64)
        @inline(__always) func emit(_ ws: Int, _ we: Int) {
            buf.count = 0
            _ = Folder.foldCore(UnsafeBufferPointer(rebasing: text[ws..<we]), nfcDone: true, out: &buf, t)
            if buf.isEmpty { return }
            body(ws, we, UnsafeBufferPointer(start: buf.base, count: buf.count))
        }
        let n = text.count
        var i = 0
        var ws = -1, we = -1
        while i < n {
            let b = text[i]
            if b < 0x80 {
                if asciiFold[Int(b)] != 0 {
                    if ws < 0 { ws = i }
                    i &+= 1
                    we = i
                } else {
                    if ws >= 0 { emit(ws, we); ws = -1 }
                    i &+= 1
                }
                continue
            }
            let (v, len) = Tables.decode(text, i)
            let c = v < Tables.tableLimit ? cls[Int(v)] : Tables.highClass(v)
            if c & Tables.ignorable != 0 { i &+= len; continue }
            if c & Tables.word != 0 {
                if ws < 0 { ws = i }
                i &+= len
                we = i
            } else {
                if ws >= 0 { emit(ws, we); ws = -1 }
                i &+= len
            }
        }
        if ws >= 0 { emit(ws, we) }
    }
}

extension Tokenizer {
    /// The exact term `tokenize` gives the word in `word` (bytes of an already normalised text, as
    /// passed to `forEachWord`): lower case, accents kept, tone placement canonical.
    public static func exactForm(_ word: UnsafeBufferPointer<UInt8>) -> String {
        var out = ByteSink(capacity: word.count * 2 + 16)
        let sc = UnsafeMutablePointer<UInt32>.allocate(capacity: 16)
        defer { sc.deallocate() }
        Scanner.appendExact(word, 0, word.count, &out, sc, Tables.shared)
        return out.string()
    }
}

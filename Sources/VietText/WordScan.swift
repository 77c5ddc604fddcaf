extension Tokenizer {
    /// The `.word` tokens of `tokenize(text)` (same words, same order, so the n-th call is the word at
    /// position n), without making a `Token` or a `String`: `body` gets each word's UTF-8 byte range
    /// in `text` and its folded form as bytes (valid only during the call). For callers that look at
    /// every word but keep few (snippets).
    ///
    /// With `startingWith`, a word that starts with an ASCII character whose folded form is not
    /// in the set is not folded: `body` gets it with an empty `folded` (it still counts as a word).
    /// For callers that compare each word with a few given words (snippets, phrase checks): most
    /// words of a Vietnamese text start with an ASCII consonant, and folding is most of the cost.
    public static func forEachWord(_ text: UnsafeBufferPointer<UInt8>, startingWith first: FirstBytes? = nil,
                                   _ body: (_ start: Int, _ end: Int, _ folded: UnsafeBufferPointer<UInt8>) -> Void) {
        let t = Tables.shared
        let cls = t.cls, asciiFold = t.asciiFold
        var buf = ByteSink(capacity: 64)
        let filter = first ?? FirstBytes.all
        @inline(__always) func emit(_ ws: Int, _ we: Int) {
            let b = text[ws]
            if b < 0x80, !filter.contains(asciiFold[Int(b)]) {
                body(ws, we, UnsafeBufferPointer(start: buf.base, count: 0))
                return
            }
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

/// A set of ASCII bytes: the folded first bytes of the words a caller looks for
/// (`Tokenizer.forEachWord(_:startingWith:_:)`).
public struct FirstBytes: Sendable {
    var low: UInt64 = 0, high: UInt64 = 0

    /// Every ASCII byte: no word is skipped.
    public static let all = FirstBytes(low: .max, high: .max)

    init(low: UInt64, high: UInt64) { self.low = low; self.high = high }

    /// The first bytes of `words` (folded forms); a word starting with a non-ASCII byte adds
    /// nothing (words of the text starting with one are always folded). With `leadingZeros`, a
    /// word starting with a digit also adds `0`: the caller strips a text word's leading zeros.
    public init<S: Sequence>(_ words: S, leadingZeros: Bool = false) where S.Element: Collection, S.Element.Element == UInt8 {
        for w in words {
            guard let b = w.first else { continue }
            insert(b)
            if leadingZeros, b >= 0x30, b <= 0x39 { insert(0x30) }
        }
    }

    mutating func insert(_ b: UInt8) {
        if b < 64 { low |= 1 << UInt64(b) } else if b < 128 { high |= 1 << UInt64(b - 64) }
    }

    @inline(__always) public func contains(_ b: UInt8) -> Bool {
        b < 64 ? low & (1 << UInt64(b)) != 0 : (b < 128 ? high & (1 << UInt64(b &- 64)) != 0 : true)
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

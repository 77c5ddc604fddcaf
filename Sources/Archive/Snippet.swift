import Foundation
import VietText

/// A passage of a document around the best cluster of matched words, with the matched words marked.
/// Matching is on folded terms, so an unaccented query highlights the accented words in the text.
public struct Snippet: Sendable {
    public var text: String
    /// UTF-8 byte ranges of `text` to highlight.
    public var highlights: [Range<Int>]
    /// 1-based line of the passage in the document.
    public var line: Int
    /// 1-based page of the passage, for text with pages (form feeds between pages, as PDFs give).
    public var page: Int?

    /// Renders the snippet with `open`/`close` around each highlight.
    public func rendered(open: String, close: String) -> String {
        guard !highlights.isEmpty, !open.isEmpty else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var at = 0
        for h in highlights where h.lowerBound >= at && h.upperBound <= bytes.count {
            out.append(contentsOf: bytes[at..<h.lowerBound])
            out.append(contentsOf: open.utf8)
            out.append(contentsOf: bytes[h])
            out.append(contentsOf: close.utf8)
            at = h.upperBound
        }
        out.append(contentsOf: bytes[at...])
        return String(decoding: out, as: UTF8.self)
    }

    /// The passage of `window` words with the most distinct matched words (then the most matches,
    /// then the most words in their exact accents, then the earliest), starting a few words before
    /// its first match.
    ///
    /// One pass over the text's UTF-8 bytes (`Tokenizer.forEachWord`, the same words as
    /// `Tokenizer.tokenize`): no `Token` or `String` per word, matched words compared as bytes and
    /// counted per distinct spelling in one sliding window. Only the chosen passage is copied.
    static func make(text: String, folded: Set<String>, exact: Set<String>, firstPage: Int? = nil, window: Int = 28) -> Snippet {
        var text = text
        return text.withUTF8 { make(bytes: $0, folded: folded, exact: exact, firstPage: firstPage, window: window) }
    }

    static func make(bytes: UnsafeBufferPointer<UInt8>, folded: Set<String>, exact: Set<String>, firstPage: Int?, window: Int) -> Snippet {
        // Query terms as bytes, bucketed by length.
        var terms: [[UInt8]] = folded.map { Array($0.utf8) }
        terms.sort { $0.count < $1.count }
        let maxLen = terms.last?.count ?? 0
        func isTerm(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
            guard p.count <= maxLen else { return false }
            for t in terms where t.count == p.count {
                if t.withUnsafeBufferPointer({ memcmp($0.baseAddress!, p.baseAddress!, p.count) == 0 }) { return true }
            }
            return false
        }
        // Per word: byte range; per matched word: which distinct spelling (folded) it is, and
        // whether its exact form is one the query typed.
        var starts: [Int32] = [], ends: [Int32] = []
        starts.reserveCapacity(bytes.count / 5 + 4); ends.reserveCapacity(bytes.count / 5 + 4)
        var matchID: [Int32] = []          // -1: not matched
        matchID.reserveCapacity(bytes.count / 5 + 4)
        var exactHit: [Bool] = []          // indexed like matchID (only meaningful where matched)
        exactHit.reserveCapacity(bytes.count / 5 + 4)
        var spellings: [[UInt8]] = []
        let wantExact = !exact.isEmpty
        // Words that cannot be a query term by their first letter are not folded.
        Tokenizer.forEachWord(bytes, startingWith: FirstBytes(terms, leadingZeros: true)) { s, e, f in
            starts.append(Int32(truncatingIfNeeded: s)); ends.append(Int32(truncatingIfNeeded: e))
            var hit = !terms.isEmpty && !f.isEmpty && isTerm(f)
            if !hit, case let k = Analyzer.leadingZeros(f), k > 0 {
                // "06" in the text matches a query "6" (leading zeros stripped, as the index does).
                hit = isTerm(UnsafeBufferPointer(rebasing: f[k...]))
            }
            guard hit else { matchID.append(-1); exactHit.append(false); return }
            var id = -1
            for (j, sp) in spellings.enumerated() where sp.count == f.count {
                if sp.withUnsafeBufferPointer({ memcmp($0.baseAddress!, f.baseAddress!, f.count) == 0 }) { id = j; break }
            }
            if id < 0 { id = spellings.count; spellings.append(Array(f)) }
            matchID.append(Int32(id))
            exactHit.append(wantExact && exact.contains(Tokenizer.exactForm(UnsafeBufferPointer(rebasing: bytes[s..<e]))))
        }
        let n = starts.count
        if n == 0 { return Snippet(text: "", highlights: [], line: 1, page: nil) }

        // Best window: most distinct matched words, then most matches, then exact accents, then
        // earliest; windows start at a matched word (or at the first word).
        var counts = [Int](repeating: 0, count: spellings.count)
        var distinct = 0, count = 0, bonus = 0
        func add(_ k: Int) {
            let id = Int(matchID[k]); guard id >= 0 else { return }
            if counts[id] == 0 { distinct += 1 }
            counts[id] += 1; count += 1
            if exactHit[k] { bonus += 1 }
        }
        func remove(_ k: Int) {
            let id = Int(matchID[k]); guard id >= 0 else { return }
            counts[id] -= 1
            if counts[id] == 0 { distinct -= 1 }
            count -= 1
            if exactHit[k] { bonus -= 1 }
        }
        for k in 0..<min(n, window) { add(k) }
        var bestStart = 0, bestScore = -1
        for i in 0..<n {
            if matchID[i] >= 0 || i == 0 {
                let score = distinct * 100 + count * 10 + bonus
                if score > bestScore { bestScore = score; bestStart = i }
            }
            remove(i)
            if i + window < n { add(i + window) }
        }
        // Start a few words before the first match for context.
        let first = max(0, bestStart - (matchID[bestStart] >= 0 ? 4 : 0))
        let last = min(n - 1, first + window - 1)
        let lo = Int(starts[first]), hi = Int(ends[last])
        var out: [UInt8] = []
        out.reserveCapacity(hi - lo + 16)
        var highlights: [Range<Int>] = []
        if first > 0 { out.append(contentsOf: "… ".utf8) }
        var at = lo
        var lastWasSpace = false
        func emit(_ range: Range<Int>) {
            for i in range {
                let b = bytes[i]
                let isWS = b == 0x0A || b == 0x0D || b == 0x09 || b == 0x20 || b == 0x0C
                if isWS { if !lastWasSpace { out.append(0x20) }; lastWasSpace = true }
                else if b == 0x2A { continue } // markdown emphasis
                else { out.append(b); lastWasSpace = false }
            }
        }
        for k in first...last {
            let s = Int(starts[k]), e = Int(ends[k])
            emit(at..<s)
            if matchID[k] >= 0 {
                let h = out.count
                emit(s..<e)
                highlights.append(h..<out.count)
            } else {
                emit(s..<e)
            }
            at = e
        }
        // Finish the sentence piece up to a short distance (never inside a UTF-8 sequence).
        var tail = hi
        while tail < bytes.count, tail - hi < 3, bytes[tail] != 0x0A, bytes[tail] != 0x20 { tail += 1 }
        while tail > hi, tail < bytes.count, bytes[tail] & 0xC0 == 0x80 { tail -= 1 }
        emit(hi..<tail)
        if last < n - 1 { out.append(contentsOf: " …".utf8) }
        var line = 1, formFeeds = 0
        for i in 0..<lo {
            let b = bytes[i]
            if b == 0x0A { line += 1 } else if b == 0x0C { formFeeds += 1 }
        }
        var paged = firstPage != nil || formFeeds > 0
        if !paged { paged = UnsafeBufferPointer(rebasing: bytes[lo...]).contains(0x0C) }
        return Snippet(text: String(decoding: out, as: UTF8.self), highlights: highlights, line: line,
                       page: paged ? (firstPage ?? 1) + formFeeds : nil)
    }
}

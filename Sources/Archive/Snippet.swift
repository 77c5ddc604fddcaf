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

    static func make(text: String, folded: Set<String>, exact: Set<String>, firstPage: Int? = nil, window: Int = 28) -> Snippet {
        let toks = Tokenizer.tokenize(text).filter { $0.kind == .word }
        if toks.isEmpty { return Snippet(text: "", highlights: [], line: 1, page: nil) }
        let matched = toks.map { folded.contains($0.folded) || folded.contains(Schema.stripLeadingZeros($0.folded)) }
        // Best window: most distinct matched words, then most matches, then earliest.
        var bestStart = 0, bestScore = -1
        var i = 0
        while i < toks.count {
            if matched[i] || i == 0 {
                let end = min(toks.count, i + window)
                var distinct = Set<String>(), count = 0
                for k in i..<end where matched[k] { distinct.insert(toks[k].folded); count += 1 }
                var bonus = 0
                for k in i..<end where matched[k] && exact.contains(toks[k].exact) { bonus += 1 }
                let score = distinct.count * 100 + count * 10 + bonus
                if score > bestScore { bestScore = score; bestStart = i }
            }
            i += 1
        }
        // Start a few words before the first match for context.
        let first = max(0, bestStart - (matched[bestStart] ? 4 : 0))
        let last = min(toks.count - 1, first + window - 1)
        let bytes = Array(text.utf8)
        let lo = toks[first].start, hi = toks[last].end
        var out: [UInt8] = []
        var highlights: [Range<Int>] = []
        if first > 0 { out.append(contentsOf: "… ".utf8) }
        var at = lo
        var lastWasSpace = false
        func emit(_ range: Range<Int>) {
            for b in bytes[range] {
                let isWS = b == 0x0A || b == 0x0D || b == 0x09 || b == 0x20 || b == 0x0C
                if isWS { if !lastWasSpace { out.append(0x20) }; lastWasSpace = true }
                else if b == 0x2A { continue } // markdown emphasis
                else { out.append(b); lastWasSpace = false }
            }
        }
        for k in first...last {
            emit(at..<toks[k].start)
            if matched[k] {
                let s = out.count
                emit(toks[k].start..<toks[k].end)
                highlights.append(s..<out.count)
            } else {
                emit(toks[k].start..<toks[k].end)
            }
            at = toks[k].end
        }
        // Finish the sentence piece up to a short distance.
        var tail = hi
        while tail < bytes.count, tail - hi < 3, bytes[tail] != 0x0A, bytes[tail] != 0x20 { tail += 1 }
        emit(hi..<tail)
        if last < toks.count - 1 { out.append(contentsOf: " …".utf8) }
        var line = 1, formFeeds = 0
        for b in bytes[0..<lo] {
            if b == 0x0A { line += 1 } else if b == 0x0C { formFeeds += 1 }
        }
        let paged = firstPage != nil || formFeeds > 0 || bytes[lo...].contains(0x0C)
        return Snippet(text: String(decoding: out, as: UTF8.self), highlights: highlights, line: line,
                       page: paged ? (firstPage ?? 1) + formFeeds : nil)
    }
}

@testable import Archive
import Documents
import Foundation
import Testing
import VietText

/// The one-pass snippet must choose and render the same passage as the straightforward one
/// (tokenise everything, score every window with a Set), and the exact-phrase check must agree
/// with the tokeniser.
@Suite struct SnippetTests {
    /// Snippet.make as it was before the one-pass version.
    static func reference(text: String, folded: Set<String>, exact: Set<String>, firstPage: Int? = nil, window: Int = 28) -> Snippet {
        let toks = Tokenizer.tokenize(text).filter { $0.kind == .word }
        if toks.isEmpty { return Snippet(text: "", highlights: [], line: 1, page: nil) }
        let matched = toks.map { folded.contains($0.folded) || folded.contains(Schema.stripLeadingZeros($0.folded)) }
        var bestStart = 0, bestScore = -1
        for i in 0..<toks.count where matched[i] || i == 0 {
            let end = min(toks.count, i + window)
            var distinct = Set<String>(), count = 0, bonus = 0
            for k in i..<end where matched[k] { distinct.insert(toks[k].folded); count += 1 }
            for k in i..<end where matched[k] && exact.contains(toks[k].exact) { bonus += 1 }
            let score = distinct.count * 100 + count * 10 + bonus
            if score > bestScore { bestScore = score; bestStart = i }
        }
        let first = max(0, bestStart - (matched[bestStart] ? 4 : 0))
        let last = min(toks.count - 1, first + window - 1)
        let bytes = Array(text.utf8)
        let lo = toks[first].start, hi = toks[last].end
        var out: [UInt8] = [], highlights: [Range<Int>] = []
        if first > 0 { out.append(contentsOf: "… ".utf8) }
        var at = lo, lastWasSpace = false
        func emit(_ range: Range<Int>) {
            for b in bytes[range] {
                let isWS = b == 0x0A || b == 0x0D || b == 0x09 || b == 0x20 || b == 0x0C
                if isWS { if !lastWasSpace { out.append(0x20) }; lastWasSpace = true }
                else if b == 0x2A { continue } else { out.append(b); lastWasSpace = false }
            }
        }
        for k in first...last {
            emit(at..<toks[k].start)
            if matched[k] { let s = out.count; emit(toks[k].start..<toks[k].end); highlights.append(s..<out.count) }
            else { emit(toks[k].start..<toks[k].end) }
            at = toks[k].end
        }
        var tail = hi
        while tail < bytes.count, tail - hi < 3, bytes[tail] != 0x0A, bytes[tail] != 0x20 { tail += 1 }
        while tail > hi, tail < bytes.count, bytes[tail] & 0xC0 == 0x80 { tail -= 1 }  // the one fix
        emit(hi..<tail)
        if last < toks.count - 1 { out.append(contentsOf: " …".utf8) }
        var line = 1, formFeeds = 0
        for b in bytes[0..<lo] { if b == 0x0A { line += 1 } else if b == 0x0C { formFeeds += 1 } }
        let paged = firstPage != nil || formFeeds > 0 || bytes[lo...].contains(0x0C)
        return Snippet(text: String(decoding: out, as: UTF8.self), highlights: highlights, line: line,
                       page: paged ? (firstPage ?? 1) + formFeeds : nil)
    }

    static func same(_ a: Snippet, _ b: Snippet) -> Bool {
        a.text == b.text && a.highlights == b.highlights && a.line == b.line && a.page == b.page
    }

    /// Word sets drawn from the text itself (folded and exact), some with a number, some unknown.
    static func querySets(_ text: String, seed: Int) -> [(Set<String>, Set<String>)] {
        let words = Tokenizer.tokenize(text).filter { $0.kind == .word }
        guard !words.isEmpty else { return [([], []), (["xyz"], [])] }
        var out: [(Set<String>, Set<String>)] = [([], []), (["khongcotu"], [])]
        var rng = seed &* 2654435761 & 0xFFFF_FFFF
        func next() -> Int { rng = (rng &* 1103515245 &+ 12345) & 0x7FFF_FFFF; return rng }
        for size in [1, 2, 3, 5] {
            var f = Set<String>(), e = Set<String>()
            for _ in 0..<size {
                let w = words[next() % words.count]
                f.insert(w.folded)
                if next() % 2 == 0 { e.insert(w.exact) }
            }
            out.append((f, e))
        }
        out.append((["6", "thang"], ["tháng"]))
        out.append((["2026", "ke", "hoach"], []))
        return out
    }

    @Test func sameAsReferenceOnFixtures() {
        for (k, (name, text)) in DocumentBuilderTests.fixtureTexts().enumerated() {
            for d in DocumentParser.parse(fileText: text) {
                for (f, e) in Self.querySets(d.text, seed: k) {
                    for page in [nil, 2] as [Int?] {
                        let a = Snippet.make(text: d.text, folded: f, exact: e, firstPage: page)
                        let b = Self.reference(text: d.text, folded: f, exact: e, firstPage: page)
                        #expect(Self.same(a, b), "\(name): \(f) \(e)")
                    }
                }
            }
        }
    }

    @Test func awkwardText() {
        let texts = ["", "   \n\n", "*", "Số 06 tháng\u{0C}trang hai 6 tháng", "a", String(repeating: "lề lối làm việc ", count: 200),
                     "Trang 1\u{0C}\u{0C}Quán triệt, quán xuyến; QUÁN TRIỆT!", "x,“quán” ", "0 00 007 7", "😀 quán 😀 triệt"]
        for t in texts {
            for (f, e) in [(Set<String>(), Set<String>()), (["quan", "triet"], ["quán"]), (["7", "0"], []), (["le", "loi"], ["lề"])] {
                #expect(Self.same(Snippet.make(text: t, folded: f, exact: e), Self.reference(text: t, folded: f, exact: e)), "\(t)")
            }
        }
    }

    @Test func forEachWordIsTheWordsOfTokenize() {
        for (_, text) in DocumentBuilderTests.fixtureTexts().prefix(40) {
            var got: [(Int, Int, String)] = []
            var t = text
            t.withUTF8 { p in Tokenizer.forEachWord(p) { s, e, f in got.append((s, e, String(decoding: f, as: UTF8.self))) } }
            let want = Tokenizer.tokenize(text).filter { $0.kind == .word }
            #expect(got.count == want.count)
            for (g, w) in zip(got, want) {
                #expect(g.0 == w.start && g.1 == w.end && g.2 == w.folded)
                #expect(t.utf8.withContiguousStorageIfAvailable { Tokenizer.exactForm(UnsafeBufferPointer(rebasing: $0[g.0..<g.1])) } == w.exact)
            }
        }
    }

    @Test func forEachWordSkipsOnlyWordsOutsideTheFirstBytes() {
        let sets: [[String]] = [["quan", "triet"], ["6", "thang"], ["đoi", "ung"], []]
        for (_, text) in DocumentBuilderTests.fixtureTexts().prefix(20) {
            var t = text
            let want = Tokenizer.tokenize(text).filter { $0.kind == .word }
            for words in sets {
                let first = FirstBytes(words.map { Array($0.utf8) }, leadingZeros: true)
                var got: [(Int, Int, String)] = []
                t.withUTF8 { p in Tokenizer.forEachWord(p, startingWith: first) { s, e, f in got.append((s, e, String(decoding: f, as: UTF8.self))) } }
                #expect(got.count == want.count)
                var skipped = 0
                for (g, w) in zip(got, want) {
                    #expect(g.0 == w.start && g.1 == w.end)
                    if g.2.isEmpty {
                        // Skipped: starts with an ASCII letter no given word starts with.
                        skipped += 1
                        let b = w.folded.utf8.first!
                        #expect(b < 0x80 && !first.contains(b), "\(w.folded)")
                    } else {
                        #expect(g.2 == w.folded)
                    }
                }
                let bytes = Array(text.utf8)
                let asciiFirst = want.filter { bytes[$0.start] < 0x80 }.count
                #expect(words.isEmpty ? skipped == asciiFirst : skipped <= asciiFirst)
            }
        }
    }

    @Test func exactPhraseInText() {
        let text = "Quân triệt để. Quán ăn và triệt để; tổ chức quán triệt nội dung, QUÁN TRIỆT tinh thần."
        #expect(ExactPhrase.occurs(["quán", "triệt"], folded: ["quan", "triet"], in: text))
        #expect(ExactPhrase.occurs(["tổ", "chức", "quán"], folded: ["to", "chuc", "quan"], in: text))
        #expect(!ExactPhrase.occurs(["quân", "triệt", "nội"], folded: ["quan", "triet", "noi"], in: text))
        #expect(!ExactPhrase.occurs(["quán", "ăn", "triệt"], folded: ["quan", "an", "triet"], in: text))
        #expect(!ExactPhrase.occurs(["quận", "triệt"], folded: ["quan", "triet"], in: "Quân triệt để. Quán ăn và triệt để."))
        #expect(ExactPhrase.occurs(["6", "tháng"], folded: ["6", "thang"], in: "trong 6 tháng đầu năm"))
        #expect(!ExactPhrase.occurs(["6", "tháng"], folded: ["6", "thang"], in: "trong 06 tháng đầu năm"))
    }
}

import Foundation
import VietText
import Xapian

/// "Did you mean": corrections from the archive's own vocabulary, with the accents the archive
/// writes them with ("quynh luo" → "Quỳnh Lưu").
extension SearchService {
    /// A corrected query, or nil when there is nothing to propose.
    ///
    /// - An unknown word becomes a known word within a small edit distance (1, or 2 from six
    ///   letters): the candidate that most often stands next to its neighbours in the query, then
    ///   the one found most often with the other words, then the most frequent.
    /// - Accents: once a word is corrected, every unaccented word gets the spelling the archive
    ///   writes, chosen for the whole run of words at once (a Viterbi pass over the spellings of
    ///   each word, scored by how often neighbouring spellings stand together), so "chan chinh"
    ///   gives "chấn chỉnh", not the more frequent "chính". With few results and nothing to
    ///   correct, only names (capitalised words typed without accents) get their accents.
    /// `alsoKnown`: folded words never corrected (the abbreviations of the table).
    public func suggest(_ query: String, fewResults: Bool = true, alsoKnown: Set<String> = []) -> String? {
        reader.lock.lock(); defer { reader.lock.unlock() }
        let text = VietText.normalize(query)
        let bytes = Array(text.utf8)
        let tokens = Schema.textField.analyzer.terms(text, normalized: true)
        func typed(_ t: Token) -> String { String(decoding: bytes[t.start..<t.end], as: UTF8.self) }
        func hasAccents(_ s: String) -> Bool { s.unicodeScalars.contains { $0.value > 0x7F } }
        func isCapitalised(_ s: String) -> Bool { s.unicodeScalars.first?.properties.isUppercase == true }

        var plan: [(tok: Token, folded: String, changed: Bool)] = []
        // Parts of a document number or date ("7/BC-TTVHTT") are codes, not words to correct.
        let compounds = tokens.filter { $0.kind == .compound }.map { $0.start..<$0.end }
        for t in tokens where t.kind == .word {
            if compounds.contains(where: { $0.contains(t.start) }) { continue }
            // Leave field names and values (loai:KH), numbers and operators alone.
            if t.end < bytes.count, bytes[t.end] == 0x3A { continue }
            if t.start > 0, bytes[t.start - 1] == 0x3A { continue }
            if t.folded.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { continue }
            if ["AND", "OR", "NOT"].contains(typed(t)) { continue }
            // An abbreviation of the table is known, whatever the archive's words: never corrected
            // nor re-cased ("TP.HCM" is not "Tp.Hcm").
            if alsoKnown.contains(t.folded) { continue }
            plan.append((t, t.folded, false))
        }
        if plan.isEmpty { return nil }
        func adjacent(_ i: Int, _ j: Int) -> Bool { plan[i].tok.position + 1 == plan[j].tok.position }

        // 1. Corrections.
        var corrected = false
        let known = plan.filter { db.termFrequency($0.folded) > 0 }.map(\.folded)
        for k in plan.indices where db.termFrequency(plan[k].folded) == 0 && plan[k].folded.utf8.count >= 3 {
            let cands = closestTerms(to: plan[k].folded)
            guard !cands.isEmpty else { continue }
            var best = cands[0]
            var bestScore = (-1, -1)
            for c in cands {
                var near = 0
                if k > 0, adjacent(k - 1, k), db.termFrequency(plan[k - 1].folded) > 0 {
                    near += phraseCount(plan[k - 1].folded, c.term)
                }
                if k + 1 < plan.count, adjacent(k, k + 1), db.termFrequency(plan[k + 1].folded) > 0 {
                    near += phraseCount(c.term, plan[k + 1].folded)
                }
                let score = (near, known.isEmpty ? 0 : cooccurrences(c.term, with: known))
                if score > bestScore { best = c; bestScore = score }
            }
            plan[k].folded = best.term
            plan[k].changed = true
            corrected = true
        }
        if !corrected {
            guard fewResults, plan.contains(where: { isCapitalised(typed($0.tok)) && !hasAccents(typed($0.tok)) }) else { return nil }
        }

        // 2. Accents, per run of adjacent words.
        var options: [[(exact: String, freq: Int)]] = plan.map { p in
            if !p.changed && hasAccents(typed(p.tok)) { return [(p.tok.exact, 1)] }
            let v = variants(p.folded)
            return v.isEmpty ? [(p.folded, 1)] : v
        }
        var chosen = options.map { $0[0].exact }
        var start = 0
        while start < plan.count {
            var end = start + 1
            while end < plan.count, adjacent(end - 1, end) { end += 1 }
            if end - start > 1 {
                // Viterbi: score = Σ log(1 + together(prev, cur)) + 0.01·log(1 + freq).
                var score = options[start].map { 0.01 * log(1 + Double($0.freq)) }
                var back: [[Int]] = [Array(repeating: 0, count: options[start].count)]
                for k in (start + 1)..<end {
                    var next: [Double] = []
                    var from: [Int] = []
                    for cur in options[k] {
                        var best = -Double.infinity, arg = 0
                        for (pi, prev) in options[k - 1].enumerated() {
                            let together = options[k - 1].count * options[k].count == 1 ? 0 : phraseCount(prev.exact, cur.exact, exact: true)
                            let v = score[pi] + log(1 + Double(together))
                            if v > best { best = v; arg = pi }
                        }
                        next.append(best + 0.01 * log(1 + Double(cur.freq)))
                        from.append(arg)
                    }
                    score = next
                    back.append(from)
                }
                var at = score.indices.max { score[$0] < score[$1] } ?? 0
                for k in stride(from: end - 1, through: start, by: -1) {
                    chosen[k] = options[k][at].exact
                    at = back[k - start][at]
                }
            }
            start = end
        }
        options = []

        var replacements: [(Range<Int>, String)] = []
        for (k, p) in plan.enumerated() {
            let t = typed(p.tok)
            if !p.changed && hasAccents(t) { continue }
            if !corrected && !isCapitalised(t) { continue }
            var word = chosen[k]
            // The case typed: "QUYNH" → "QUỲNH", "Quynh" → "Quỳnh".
            if t.unicodeScalars.count > 1, t.unicodeScalars.allSatisfy({ !$0.properties.isLowercase }) { word = word.uppercased() }
            else if isCapitalised(t) { word = word.prefix(1).uppercased() + word.dropFirst() }
            if word != t { replacements.append((p.tok.start..<p.tok.end, word)) }
        }
        guard !replacements.isEmpty else { return nil }
        var out = bytes
        for (r, w) in replacements.reversed() { out.replaceSubrange(r, with: Array(w.utf8)) }
        let suggestion = String(decoding: out, as: UTF8.self)
        // Never what was typed, whatever the case.
        if suggestion.lowercased() == text.lowercased() { return nil }
        return suggestion
    }

    /// Folded terms within the edit-distance budget, closest first, then most frequent (at most 8).
    func closestTerms(to word: String) -> [(term: String, distance: Int, freq: Int)] {
        let w = Array(word.utf8)
        let budget = w.count >= 6 ? 2 : 1
        var found: [(term: String, distance: Int, freq: Int)] = []
        func scan(_ prefix: String) {
            guard let terms = try? db.allTerms(prefix: prefix) else { return }
            for (term, freq) in terms {
                let t = Array(term.utf8)
                if abs(t.count - w.count) > budget { continue }
                if t.contains(where: { !(($0 >= 0x61 && $0 <= 0x7A)) }) { continue }
                let d = Archive.editDistance(w, t, limit: budget)
                if d <= budget { found.append((term, d, freq)) }
            }
        }
        scan(String(word.prefix(1)))
        if found.isEmpty {
            // A wrong first letter: try the others.
            for c in "abcdefghijklmnopqrstuvwxyz" where String(c) != String(word.prefix(1)) { scan(String(c)) }
        }
        found.sort { ($0.distance, -$0.freq, $0.term) < ($1.distance, -$1.freq, $1.term) }
        guard let d0 = found.first?.distance else { return [] }
        return Array(found.filter { $0.distance == d0 }.prefix(8))
    }

    /// Documents holding `term` and as many of `others` as possible: the count of documents
    /// with the term and every other word, else with the term and any.
    func cooccurrences(_ term: String, with others: [String]) -> Int {
        func count(_ q: Query) -> Int {
            let e = Enquire(db)
            e.setQuery(q)
            return (try? e.mset(first: 0, max: 0, checkAtLeast: db.docCount))?.matchesEstimated ?? 0
        }
        let all = count(Query(.and, [Query(term: term)] + others.map { Query(term: $0) }))
        if all > 0 { return 1_000_000 + all }
        return count(Query(.and, [Query(term: term), Query(.or, others.map { Query(term: $0) })]))
    }

    /// The exact (accented) spellings indexed for a folded word, most frequent first (at most 6).
    func variants(_ folded: String) -> [(exact: String, freq: Int)] {
        guard let first = folded.unicodeScalars.first else { return [] }
        var out: [(exact: String, freq: Int)] = []
        for initial in Archive.accentedInitials[first] ?? [first] {
            guard let terms = try? db.allTerms(prefix: QueryBuilder.exactPrefix + String(initial)) else { continue }
            for (term, freq) in terms {
                let exact = String(term.dropFirst(QueryBuilder.exactPrefix.count))
                guard exact.utf8.count <= folded.utf8.count * 3, VietText.foldWord(exact) == folded else { continue }
                out.append((exact, freq))
            }
        }
        out.sort { ($0.freq, $1.exact) > ($1.freq, $0.exact) }
        return Array(out.prefix(6))
    }

    /// Documents where two words (folded, or exact) stand side by side.
    func phraseCount(_ a: String, _ b: String, exact: Bool = false) -> Int {
        let p = exact ? QueryBuilder.exactPrefix : Schema.textField.prefix
        let e = Enquire(db)
        if schemaVersion >= Schema.positionlessSince {
            // No positions: the pair term of the folded words is the phrase.
            guard let t = Schema.pairTerm(Schema.textField.pairPrefix!, exact ? VietText.foldWord(a) : a, exact ? VietText.foldWord(b) : b) else { return 0 }
            if !exact { return db.termFrequency(t) }
            e.setQuery(Query(.filter, [Query(term: t), Query(.and, [Query(term: p + a), Query(term: p + b)])]))
        } else if exact {
            // Exact terms carry no positions (see makeXapianDocument): the folded words side by
            // side, in a document that has both exact spellings.
            let fa = VietText.foldWord(a), fb = VietText.foldWord(b)
            e.setQuery(Query(.filter, [Query(.phrase, [Query(term: fa), Query(term: fb)], window: 2),
                                       Query(.and, [Query(term: p + a), Query(term: p + b)])]))
        } else {
            e.setQuery(Query(.phrase, [Query(term: p + a), Query(term: p + b)], window: 2))
        }
        return (try? e.mset(first: 0, max: 0, checkAtLeast: db.docCount))?.matchesEstimated ?? 0
    }
}

extension Archive {
    /// Lower-case letters by the plain letter they fold to: `d` → d, đ; `a` → a, à, á, ả, ã, ạ, ă, ắ, …
    static let accentedInitials: [Unicode.Scalar: [Unicode.Scalar]] = {
        var m: [Unicode.Scalar: [Unicode.Scalar]] = [:]
        let ranges: [ClosedRange<UInt32>] = [0x61...0x7A, 0xE0...0xFF, 0x100...0x1B0, 0x1EA0...0x1EF9]
        for r in ranges {
            for v in r {
                guard let s = Unicode.Scalar(v), s.properties.isLowercase else { continue }
                guard let f = VietText.foldWord(String(s)).unicodeScalars.first, f.isASCII, f.properties.isAlphabetic else { continue }
                m[f, default: []].append(s)
            }
        }
        return m
    }()

    /// Optimal-string-alignment distance (adjacent transpositions count 1), giving up past `limit`.
    public static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if a == b { return 0 }
        let n = a.count, m = b.count
        if abs(n - m) > limit { return limit + 1 }
        var prev2 = [Int](repeating: 0, count: m + 1)
        var prev = Array(0...m)
        var cur = [Int](repeating: 0, count: m + 1)
        for i in 1...max(n, 1) where n > 0 {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...max(m, 1) where m > 0 {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, prev2[j - 2] + 1) }
                cur[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return n == 0 ? m : (m == 0 ? n : prev[m])
    }
}

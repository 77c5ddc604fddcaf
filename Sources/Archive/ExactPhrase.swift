import Foundation
import VietText

/// Checks a phrase against a document's stored text, for what the index cannot tell alone:
/// exact (`XE`) terms have no positions, so `--exact "…"` asks the text whether the exact words
/// stand side by side; and since schema 4 the folded words of the text have none either, so a
/// phrase of three words or more (the AND of its pair terms in the index) asks the text whether
/// the words stand side by side all together.
enum ExactPhrase {
    /// Whether `text` has words whose exact forms are `exact`, at consecutive positions (the word
    /// positions of `Tokenizer.tokenize`). `folded` are the same words folded (a cheap first test).
    static func occurs(_ exact: [String], folded: [String], in text: String) -> Bool {
        occurs(folded: folded, exact: exact, in: text)
    }

    /// Whether `text` has the words `folded` at consecutive positions, each with the exact form of
    /// `exact` when given. Without `exact`, numbers match as the index matches them: without
    /// their leading zeros ("6 tháng" and "06 tháng" are one phrase).
    static func occurs(folded: [String], exact: [String]?, in text: String) -> Bool {
        let n = folded.count
        guard n > 0, n <= 64, exact.map({ $0.count == n }) ?? true else { return false }
        let zeros = exact == nil
        let foldedBytes = folded.map { w -> [UInt8] in
            let b = Array(w.utf8)
            return zeros ? Array(b[Analyzer.leadingZeros(b)...]) : b
        }
        var text = text
        return text.withUTF8 { bytes -> Bool in
            // Per word of the text, which phrase words it folds like (bit j: word j of the phrase);
            // a run of n words whose bits line up is a folded match, then the exact forms decide.
            var ranges: [(Int, Int)] = []
            var masks: [UInt64] = []
            // Words that cannot be a phrase word by their first letter are not folded (empty `f`).
            Tokenizer.forEachWord(bytes, startingWith: FirstBytes(foldedBytes, leadingZeros: zeros)) { s, e, f in
                let g = zeros ? UnsafeBufferPointer(rebasing: f[Analyzer.leadingZeros(f)...]) : f
                var m: UInt64 = 0
                for (j, w) in foldedBytes.enumerated() where !f.isEmpty && w.count == g.count {
                    if g.count == 0 || w.withUnsafeBufferPointer({ memcmp($0.baseAddress!, g.baseAddress!, g.count) == 0 }) { m |= 1 << UInt64(j) }
                }
                ranges.append((s, e)); masks.append(m)
            }
            guard masks.count >= n else { return false }
            outer: for i in 0...(masks.count - n) {
                for j in 0..<n where masks[i + j] & (1 << UInt64(j)) == 0 { continue outer }
                if let exact {
                    for j in 0..<n {
                        let (s, e) = ranges[i + j]
                        if Tokenizer.exactForm(UnsafeBufferPointer(rebasing: bytes[s..<e])) != exact[j] { continue outer }
                    }
                }
                return true
            }
            return false
        }
    }
}

import Foundation
import VietText

/// Checks an exact phrase against a document's stored text. Exact (`XE`) terms are indexed
/// without positions, so the index can only say that the folded words stand side by side and that
/// the exact words occur somewhere; `--exact "…"` asks the text.
enum ExactPhrase {
    /// Whether `text` has words whose exact forms are `exact`, at consecutive positions (the word
    /// positions of `Tokenizer.tokenize`). `folded` are the same words folded (a cheap first test).
    static func occurs(_ exact: [String], folded: [String], in text: String) -> Bool {
        let n = exact.count
        guard n > 0, n == folded.count else { return false }
        let foldedBytes = folded.map { Array($0.utf8) }
        var text = text
        return text.withUTF8 { bytes -> Bool in
            // Per word of the text, which phrase words it folds like (bit j: word j of the phrase);
            // a run of n words whose bits line up is a folded match, then the exact forms decide.
            var ranges: [(Int, Int)] = []
            var masks: [UInt64] = []
            Tokenizer.forEachWord(bytes) { s, e, f in
                var m: UInt64 = 0
                for (j, w) in foldedBytes.enumerated() where j < 64 && w.count == f.count {
                    if w.withUnsafeBufferPointer({ memcmp($0.baseAddress!, f.baseAddress!, f.count) == 0 }) { m |= 1 << UInt64(j) }
                }
                ranges.append((s, e)); masks.append(m)
            }
            guard n <= 64, masks.count >= n else { return false }
            outer: for i in 0...(masks.count - n) {
                for j in 0..<n where masks[i + j] & (1 << UInt64(j)) == 0 { continue outer }
                for j in 0..<n {
                    let (s, e) = ranges[i + j]
                    if Tokenizer.exactForm(UnsafeBufferPointer(rebasing: bytes[s..<e])) != exact[j] { continue outer }
                }
                return true
            }
            return false
        }
    }
}

import Foundation

// The extractor's patterns are built from word lists. A piece of pattern declares, with its
// regular expression, the words a text must hold for it to match (`Needs`); a pattern built by
// joining pieces needs what all of them need. Scanning a sentence once for those words
// (`FoldedText`) tells which patterns cannot match it, so their regexes are not run: the word
// lists generate both, and a prefilter can never disagree with its pattern.

extension ObligationExtractor {
    /// What a text must hold for a pattern to match: for each group, one of its words (compared
    /// case-insensitively with white space removed, since the OCR-tolerant keywords allow a space
    /// inside a word), and a digit when `digit`.
    struct Needs: Sendable {
        /// Each word folded with `DocumentSplitter.caseFold16`, white space removed.
        var groups: [[[UInt16]]] = []
        var digit = false

        static let nothing = Needs()

        static func oneOf(_ words: [String]) -> Needs { Needs(groups: [words.map(FoldedText.squeezed)]) }

        func and(_ o: Needs) -> Needs { Needs(groups: groups + o.groups, digit: digit || o.digit) }

        /// Whether `t` may match (always true when `t` could not be folded).
        func mayMatch(_ t: FoldedText) -> Bool {
            guard let units = t.units else { return true }
            if digit && !t.hasDigit { return false }
            return groups.allSatisfy { group in group.contains { FoldedText.contains(units, $0) } }
        }
    }

    /// A range of the cleaned text folded with `DocumentSplitter.caseFold16`, white space removed
    /// (`units` nil when some unit has no simple folding: then every pattern is tried).
    struct FoldedText {
        let units: [UInt16]?
        let hasDigit: Bool

        init(_ text: CleanedText, _ r: NSRange) {
            var out: [UInt16] = []
            out.reserveCapacity(r.length)
            var digit = false
            var known = true
            let f = DocumentSplitter.caseFold16
            text.units.withUnsafeBufferPointer { u in
                for i in r.location..<(r.location + r.length) {
                    let c = u[i]
                    if c == 0x20 || (c >= 0x09 && c <= 0x0D) || Unit.isOtherSpace(c) { continue }
                    if c >= 0x30 && c <= 0x39 { digit = true; out.append(c); continue }
                    let fc = c < 0x2070 ? f[Int(c)] : 0
                    // no simple folding, or another script (it may hold `\\d` or fold unusually)
                    if fc == 0 || (c >= 0x250 && c < 0x1E00) { known = false; break }
                    out.append(fc)
                }
            }
            units = known ? out : nil
            hasDigit = digit
        }

        /// A word as `FoldedText` holds it.
        static func squeezed(_ word: String) -> [UInt16] {
            word.utf16.compactMap { c -> UInt16? in
                if c == 0x20 { return nil }
                let fc = c < 0x2070 ? DocumentSplitter.caseFold16[Int(c)] : 0
                precondition(fc != 0, "a keyword needs simple letters: \(word)")
                return fc
            }
        }

        static func contains(_ h: [UInt16], _ n: [UInt16]) -> Bool {
            h.withUnsafeBufferPointer { hp in n.withUnsafeBufferPointer { np in String.bytesContain(hp, np) } }
        }
    }

    /// A piece of a pattern: its regular expression and what a text needs for it to match.
    struct Piece {
        var regex: String
        var needs: Needs = .nothing

        static func + (a: Piece, b: Piece) -> Piece { Piece(regex: a.regex + b.regex, needs: a.needs.and(b.needs)) }

        /// Regex syntax that asks for no word (a digit when `digit`).
        static func raw(_ regex: String, digit: Bool = false) -> Piece { Piece(regex: regex, needs: Needs(digit: digit)) }

        /// A phrase tolerating an OCR space inside a word: "báo cáo" also matches "b áo cáo".
        static func ocr(_ phrase: String) -> Piece { Piece(regex: ocrTolerant(phrase), needs: .oneOf([phrase])) }

        /// A phrase as written, its words one or more spaces apart.
        static func plain(_ phrase: String) -> Piece { Piece(regex: spaced(phrase), needs: .oneOf([phrase])) }

        /// `(?:a|b|…)`: needs one of what the alternatives need (nothing when one needs nothing).
        static func either(_ alternatives: [Piece]) -> Piece {
            let regex = "(?:" + alternatives.map(\.regex).joined(separator: "|") + ")"
            var words: [[UInt16]] = []
            for a in alternatives {
                guard let g = a.needs.groups.first else { return Piece(regex: regex) }
                words += g
            }
            return Piece(regex: regex, needs: Needs(groups: [words]))
        }

        /// Words as alternatives: `(?:w1|w2|…)`, OCR-tolerant or as written.
        static func either(_ phrases: [String], ocr: Bool) -> Piece {
            either(phrases.map { ocr ? Piece.ocr($0) : Piece.plain($0) })
        }

        /// `(?:p)?`: needs nothing.
        static func optional(_ p: Piece) -> Piece { Piece(regex: "(?:" + p.regex + ")?") }

        /// The regex of an OCR-tolerant phrase: an optional space between the letters of a word,
        /// white space between words.
        static func ocrTolerant(_ phrase: String) -> String {
            var out = ""
            for word in phrase.split(separator: " ") {
                if !out.isEmpty { out += "\\s+" }
                let chars = Array(word)
                for (i, c) in chars.enumerated() {
                    out += NSRegularExpression.escapedPattern(for: String(c))
                    if i < chars.count - 1 { out += " ?" }
                }
            }
            return out
        }

        /// The regex of a phrase whose words are one or more spaces apart.
        static func spaced(_ phrase: String) -> String {
            phrase.split(separator: " ").map { NSRegularExpression.escapedPattern(for: String($0)) }.joined(separator: "\\s+")
        }
    }

    /// A compiled pattern and what a text needs for it to match.
    final class Pattern: @unchecked Sendable {
        let regex: NSRegularExpression?
        let needs: Needs
        let source: String

        init(_ piece: Piece, caseInsensitive: Bool = true) {
            source = piece.regex
            needs = piece.needs
            regex = try? NSRegularExpression(pattern: piece.regex, options: caseInsensitive ? [.caseInsensitive] : [])
        }

        convenience init(_ regex: String, caseInsensitive: Bool = true) {
            self.init(Piece(regex: regex), caseInsensitive: caseInsensitive)
        }

        func all(_ text: CleanedText, _ r: NSRange) -> [NSTextCheckingResult] {
            guard let regex, r.length > 0 else { return [] }
            return regex.matches(in: text.string, options: [], range: r)
        }

        func first(_ text: CleanedText, _ r: NSRange) -> NSTextCheckingResult? {
            guard let regex, r.length > 0 else { return nil }
            return regex.firstMatch(in: text.string, options: [], range: r)
        }

        func all(in s: String) -> [NSTextCheckingResult] {
            guard let regex else { return [] }
            return regex.matches(in: s, options: [], range: NSRange(location: 0, length: (s as NSString).length))
        }

        func first(in s: String) -> NSTextCheckingResult? {
            guard let regex else { return nil }
            return regex.firstMatch(in: s, options: [], range: NSRange(location: 0, length: (s as NSString).length))
        }
    }

    /// Words that must start a text for an anchored, case-insensitive pattern of them: the first
    /// letters they may start with, as `DocumentSplitter.caseFold16` folds them.
    struct FirstLetters {
        let letters: Set<UInt16>

        init(_ words: [String]) { letters = Set(words.map { FoldedText.squeezed($0)[0] }) }

        /// Whether a text starting with unit `c` may start with one of the words.
        func may(_ c: UInt16?) -> Bool {
            guard let c else { return false }
            let fc = c < 0x2070 ? DocumentSplitter.caseFold16[Int(c)] : 0
            if fc == 0 { return true }   // no simple folding: the regex decides
            return letters.contains(fc)
        }
    }
}

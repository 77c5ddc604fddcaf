import Foundation

/// The one chain that decides what a term is, for what is indexed and for what is asked:
///
///     normalise (NFC, tone placement, Ð→Đ, odd spaces) → tokenise (words; document numbers and
///     dates also kept whole) → fold (no diacritics, đ→d, lower case, i/y) → spellings (a number
///     written with leading zeros is also its number: "06" is "6") and exact forms
///
/// Each field of the index is bound to one analyzer (`Schema` in the Archive module, as Lucene binds
/// a field to its analyzer, or Tantivy a field to its tokenizer):
///
/// - `.text`: running text. Words and compounds, each with its folded spellings and its exact form.
/// - `.name`: names (issuer, place, the expansions of abbreviations): words only, folded.
/// - `.identifier`: a document number or type code as one key (`6757/KH-SYT` → `6757/kh-syt`).
///
/// The index side asks `terms(_:)`, the query side `queryTerms(_:)`: the same chain, so that what a
/// query asks for is always among what the index holds (`AnalyzerTests` holds them to it). A change
/// to the chain changes the terms of every document: it bumps the index schema version.
public struct Analyzer: Sendable {
    public enum Kind: Sendable { case text, name, identifier }
    public let kind: Kind

    public static let text = Analyzer(kind: .text)
    public static let name = Analyzer(kind: .name)
    public static let identifier = Analyzer(kind: .identifier)

    /// The terms of `text` as the index holds them, in order: for `.text`, every token
    /// (`Tokenizer.tokenize`); for `.name`, the words. `normalized`: the text is already normalised
    /// (a parsed document's text is), which saves a pass. Not for `.identifier` (see `key`).
    public func terms(_ text: String, normalized: Bool = false) -> [Token] {
        let toks = Tokenizer.tokenize(normalized ? text : VietText.normalize(text))
        switch kind {
        case .text: return toks
        case .name: return toks.filter { $0.kind == .word }
        case .identifier: return toks.filter { $0.kind == .word }
        }
    }

    /// The terms a query asks for when a person types `text`: the same chain as `terms`; each
    /// word is looked up by its `canonical` spelling (one of those the index holds).
    public func queryTerms(_ text: String) -> [Token] { terms(text) }

    /// A string's key: its folded words joined by single spaces (`.text`, `.name`), or the folded
    /// number or code whole (`.identifier`: no spaces, punctuation kept, `đ` → `d`, lower case, no
    /// i/y rule — a code is not a syllable).
    public func key(_ s: String) -> String {
        switch kind {
        case .text, .name: return VietText.fold(s)
        case .identifier: return Analyzer.identifierKey(s)
        }
    }

    /// The set of folded words of `s` (names: issuers and places compared word by word).
    public func words(_ s: String) -> Set<Substring> {
        Set(key(s).split(separator: " "))
    }

    // MARK: - Spellings

    /// How many leading zeros a folded number word loses to be written as its number ("06" → "6",
    /// "000" → "0"); 0 for any other word. The index holds both spellings; queries and phrase checks
    /// ask for the short one.
    @inlinable
    public static func leadingZeros<C: RandomAccessCollection>(_ w: C) -> Int where C.Element == UInt8, C.Index == Int {
        guard w.count > 1, w[w.startIndex] == 0x30 else { return 0 }
        for b in w where b < 0x30 || b > 0x39 { return 0 }
        var k = 0
        while k < w.count - 1, w[w.startIndex + k] == 0x30 { k += 1 }
        return k
    }

    /// The spelling a query asks for: a number word without its leading zeros, any other word as is.
    public static func canonical(_ folded: String) -> String {
        let k = leadingZeros(Array(folded.utf8))
        return k == 0 ? folded : String(folded.utf8.dropFirst(k))!
    }

    /// The folded spellings the index holds for one word: the word, and for a number with leading
    /// zeros also the number.
    public static func spellings(_ folded: String) -> [String] {
        let c = canonical(folded)
        return c == folded ? [folded] : [folded, c]
    }

    // MARK: - Identifiers

    /// `6757/KH-SYT` → `6757/kh-syt`, `30/2020/NĐ-CP` → `30/2020/nd-cp`: NFD, combining marks
    /// dropped, Đ/đ/Ð/ð → d, white space dropped, lower case.
    static func identifierKey(_ number: String) -> String {
        var out = String.UnicodeScalarView()
        for s in number.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch s.value {
            case 0x0300...0x036F: continue
            case 0x0110, 0x0111, 0x00D0, 0x00F0: out.append("d")
            case 0x20, 0x09, 0x0A, 0x0D: continue
            default: out.append(contentsOf: String(s).lowercased().unicodeScalars)
            }
        }
        return String(out)
    }

    /// A serial number as the index keys it: without leading zeros ("06" → "6").
    public static func serialKey(_ serial: String) -> String {
        var t = Substring(serial)
        while t.count > 1, t.first == "0" { t = t.dropFirst() }
        return String(t)
    }
}

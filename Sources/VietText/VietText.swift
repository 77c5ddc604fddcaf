// STUB — replaced by the Vietnamese text analysis work.
public enum VietText {
    /// NFC, one tone placement, Ð/ð read as Đ/đ, zero-width characters removed, odd spaces made plain.
    public static func normalize(_ s: String) -> String { s }
    /// A line's folded search key: words joined by single spaces, punctuation removed.
    public static func fold(_ s: String) -> String { s.lowercased() }
    /// One word folded: no diacritics, đ→d, lower case, i/y variants made one.
    public static func foldWord(_ w: String) -> String { w.lowercased() }
    /// One word exact: lower case, tone placement normalised, accents kept.
    public static func exactWord(_ w: String) -> String { w.lowercased() }
}

public struct Token: Equatable, Sendable {
    public enum Kind: Sendable, Equatable { case word, compound }
    /// `.word` for a word or number; `.compound` for a document number or date kept whole as an extra term.
    public var kind: Kind
    public var folded: String
    public var exact: String
    /// Word position; a compound shares the position of its first part.
    public var position: Int
    /// UTF-8 byte offsets in the tokenised string.
    public var start: Int
    public var end: Int
    public init(kind: Kind, folded: String, exact: String, position: Int, start: Int, end: Int) {
        self.kind = kind; self.folded = folded; self.exact = exact; self.position = position; self.start = start; self.end = end
    }
}

public enum Tokenizer {
    /// Tokens of an already normalised text, in order.
    public static func tokenize(_ text: String) -> [Token] { [] }
}

import Foundation

/// Vietnamese text analysis: the ONE place that decides what a search term is.
/// Indexing and querying both go through `normalize` → `Tokenizer.tokenize` (or `fold`).
///
/// Canonical forms:
/// - Unicode NFC; `Ð`/`ð` (U+00D0/U+00F0) read as `Đ`/`đ`; zero-width characters (U+200B–U+200D,
///   U+FEFF, U+00AD) removed; NBSP, U+2000–U+200A, U+202F, U+3000 made a plain space; newlines kept.
/// - Tone placement: the TRADITIONAL form. In an open syllable whose nucleus is `oa`, `oe` or `uy`
///   the tone sits on the first vowel: `hòa`, `khỏe`, `thủy`, `họa`, `Ủy` (not `hoà`, `khoẻ`, `thuỷ`…).
///   `qu`/`gi` + vowel are onsets (`quả`, `quý`, `giữa` untouched); closed syllables (`hoàng`) untouched.
/// - `qui` is spelled `quy` (`quí` → `quý`, `QUI` → `QUY`), case kept.
/// - Folded key: NFD, combining diacritics U+0300–U+036F dropped, `đ`/`ð` → `d`, lower case, and a
///   syllable whose only vowel is `i`/`y` after an onset consonant or `qu` uses `i`
///   (`kỹ`/`kĩ` → `ki`, `quý`/`quí` → `qui`, `lý` → `li`, `mỹ` → `mi`; `tay` ≠ `tai`, `y` stays `y`).
///   Letters and digits of every script are kept (lower-cased where the script has case).
public enum VietText {
    /// NFC, one tone placement, Ð/ð read as Đ/đ, zero-width characters removed, odd spaces made plain.
    /// Everything else (other scripts, punctuation, digits, newlines) is kept byte for byte.
    public static func normalize(_ s: String) -> String { Normalizer.normalize(s) }

    /// A line's folded search key: words joined by single spaces, punctuation removed.
    /// Gives the same result on raw (NFD, Ð, zero-width…) and normalised text.
    public static func fold(_ s: String) -> String { Folder.fold(s) }

    /// One word folded: no diacritics, đ→d, lower case, i/y variants made one.
    /// (Implemented as `fold`, so a string holding several words gives them space-separated.)
    public static func foldWord(_ w: String) -> String { Folder.fold(w) }

    /// One word exact: lower case, tone placement normalised (traditional), `qui`→`quy`, accents kept.
    public static func exactWord(_ w: String) -> String {
        var s = normalize(w)
        return s.withUTF8 { p -> String in
            var out = ByteSink(capacity: p.count * 2 + 16)
            let sc = UnsafeMutablePointer<UInt32>.allocate(capacity: 16)
            defer { sc.deallocate() }
            Scanner.appendExact(p, 0, p.count, &out, sc, Tables.shared)
            return out.string()
        }
    }
}

public struct Token: Equatable, Sendable {
    public enum Kind: Sendable, Equatable { case word, compound }
    /// `.word` for a word or number; `.compound` for a document number or date kept whole as an extra term.
    public var kind: Kind
    /// Folded term. For a compound: folded parts joined by their separators, e.g. `30/2020/nd-cp`.
    public var folded: String
    /// Exact term (lower case, accents kept). For a compound e.g. `30/2020/nđ-cp`.
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
    ///
    /// - A word is a maximal run of letters, combining marks and decimal digits (any script; emoji too).
    ///   Word tokens get positions 0, 1, 2, … and UTF-8 byte offsets `[start, end)` into `text`.
    /// - Document numbers (`6757/KH-SYT`, `226-KL/TW`, `30/2020/NĐ-CP`, also `6757 /KH-SYT`) and dates
    ///   (`22/5/2026`, `12-5-2026`, `20/05/26`) additionally yield ONE `.compound` token, placed
    ///   IMMEDIATELY BEFORE its first part, with the first part's position and a byte range covering
    ///   all parts. The parts follow as ordinary `.word` tokens at consecutive positions.
    ///   A document number starts with a number, joins parts with `/` or `-` (spaces allowed only around
    ///   `/`), has at least one `/` and at least one part with letters. A date is d/m/y or d-m-y with
    ///   day 1–31, month 1–12 and a 2- or 4-digit year.
    public static func tokenize(_ text: String) -> [Token] { Scanner.tokenize(text) }
}

import Documents
import Foundation
import VietText

/// The index schema: every term prefix and value slot the archive uses, in one table.
///
/// | prefix / slot | what | kind |
/// |---|---|---|
/// | (none)  | folded word (`chan`, `6757`, `6757/kh-syt`) | ranked; positional up to schema 3 |
/// | `XE`    | exact word: accented, lower case, tone-normalised (`XEchấn`) | positional, ranked |
/// | `Q`     | unique id `file#index` | boolean |
/// | `XF`    | source file (relative path) | boolean |
/// | `XT`    | type code (`XTKH`, `XTBC`, `XTCV`) | boolean |
/// | `XW`    | type code as a ranked word (`XWkh`): "kế hoạch …" ranks plans first | ranked, no positions |
/// | `XI`    | folded issuer word (`XIso`, `XIyte`) | positional (field `coquan:`) |
/// | `XP`    | folded place word | positional (field `noi:`) |
/// | `XY`    | year of issue (`XY2026`) | boolean |
/// | `XN`    | number key (`XN6757/kh-syt`) | boolean |
/// | `XS`    | serial (`XS6757`) | boolean |
/// | `XD`    | draft (`XDdraft`) | boolean |
/// | `XC`    | cites, any relation, by number key (`XC226-kl/tw`) | boolean |
/// | `XK`    | cites, any relation, by serial (`XK:226`), full and short mentions alike | boolean |
/// | `XM`    | cites by a short mention ("Kết luận 226", no symbol), by serial (`XM:226`); schema 2 | boolean |
/// | `XR`    | cites with a relation (`XRimplements:226-kl/tw`) | boolean |
/// | `XO`    | states obligations (`XOyes`) | boolean |
/// | `XB`    | two neighbouring folded words of the text (`XBquan triet`, both spellings of `06`); schema 3 | boolean |
/// | `XJ`    | two issuer words at most 2 apart, in order (`XJso te` of "Sở Y tế"); schema 3 | boolean |
/// | slot 0  | date of issue `YYYYMMDD` (missing parts `00`) | value: ranges, sorting |
/// | slot 1  | `file#index` | value: stable ordering |
/// | slot 2  | JSON of the parsed document without its body text (`doc.text` empty): what lists of citers, answers and candidates read, without inflating the text; absent from documents written before it (their header is read from the data) | value |
/// | data    | JSON of the parsed document (`StoredDocument`) | stored |
/// | metadata `vanban:schema` | schema version the database was written in (absent: 1) | metadata |
///
/// Schema versions: 1 (no tag) has no `XM` terms; 2 adds them, so the citers of a numbered
/// document are `XC<its number>` ∪ `XM<its serial>` instead of every `XK<serial>` citer. A
/// database is tagged 2 when it is created (or empty) by a version that writes `XM`; an older one
/// stays untagged, even after incremental runs, and is read through `XK` (correct, slower).
/// 3 adds the pair terms `XB` and `XJ`: the "together" and issuer-pair boosts of a query become
/// `FILTER(AND(a, b), pair term)` instead of a phrase (same documents, same weight, no position
/// lists read); a database tagged below 3 is searched with the phrases.
/// 4 drops the positions of the folded words of the text: every phrase is the AND of its pair
/// terms, which is exact for two words, and a phrase of three words or more is checked in the
/// stored text of each hit shown (`QueryBuilder.checkedPhrases`). Issuer and place words keep
/// their positions. A database tagged 3 or below keeps getting body positions from incremental
/// runs (its phrases read them).
public enum Schema {
    /// The schema this version writes, and the metadata key that records it in a database.
    public static let version = 4
    /// The first schema whose documents all have the `XB` and `XJ` pair terms.
    public static let pairTermsSince = 3
    /// The first schema whose folded text words have no positions (phrases through pair terms).
    public static let positionlessSince = 4
    public static let versionKey = "vanban:schema"

    public static let exact = "XE"
    public static let id = "Q"
    public static let file = "XF"
    public static let type = "XT"
    public static let typeWord = "XW"
    public static let issuer = "XI"
    public static let place = "XP"
    public static let year = "XY"
    public static let number = "XN"
    public static let serial = "XS"
    public static let draft = "XD"
    public static let cites = "XC"
    public static let citesSerial = "XK"
    public static let relation = "XR"
    public static let shortCites = "XM"
    public static let hasObligations = "XO"
    public static let pair = "XB"
    public static let issuerPair = "XJ"
    /// The phrase window of the issuer-pair boost: `XJ` terms join issuer words 1 or 2 apart.
    public static let issuerPairWindow = 3

    public static let dateSlot: UInt32 = 0
    public static let idSlot: UInt32 = 1
    /// The stored record without the body text (see the table above). Glass keeps values
    /// uncompressed, so reading it costs no `inflate` of the text (half the time of
    /// `cites --transitive` when the header came from the data).
    public static let headerSlot: UInt32 = 2

    /// Xapian refuses terms longer than 245 bytes.
    static let maxTermBytes = 240

    /// The key of a document number in terms: folded, lower case, no spaces (`30/2020/nd-cp`),
    /// as the identifier analyzer makes it.
    public static func numberKey(_ number: String) -> String { Analyzer.identifier.key(number) }

    /// Citation key by type and serial: `KL:226`; serial alone when the type is unknown.
    public static func serialKey(type: String?, serial: String) -> String {
        let s = stripLeadingZeros(serial)
        guard let t = type, !t.isEmpty else { return ":" + s }
        return numberKey(t).uppercased() + ":" + s
    }

    /// Whether a reference's number is a short mention (a serial, no symbol): `226` of "Kết luận 226".
    static func isShortMention(_ number: String) -> Bool {
        !(number.contains("/") || number.contains("-"))
    }

    /// A serial without its leading zeros ("06" → "6").
    static func stripLeadingZeros(_ s: String) -> String { Analyzer.serialKey(s) }

    /// "06" → "6" for a number word (indexed both ways); other words unchanged.
    static func stripLeadingZerosIfNumber(_ s: String) -> String { Analyzer.canonical(s) }

    public static func typeTerm(_ code: String) -> String { type + numberKey(code).uppercased() }
    public static func idTerm(_ id: String) -> String { Schema.id + id }
    public static func fileTerm(_ file: String) -> String { Schema.file + file }

    /// `prefix` + `a b`: the term of two words standing together (`XB`, `XJ`); nil when longer
    /// than `maxTermBytes` (the indexer leaves such pairs out, the query then uses a phrase).
    static func pairTerm(_ prefix: String, _ a: String, _ b: String) -> String? {
        clip(prefix + a + " " + b)
    }

    /// The field a term belongs to, named for people (`vanban analyze`), from its prefix.
    public static func fieldName(ofTerm t: String) -> String {
        let names: [(String, String)] = [
            (exact, "exact"), (pair, "pair"), (issuerPair, "issuer-pair"), (issuer, "issuer"), (place, "place"),
            (typeWord, "type-word"), (type, "type"), (year, "year"), (number, "number"), (serial, "serial"),
            (draft, "draft"), (cites, "cites"), (citesSerial, "cites-serial"), (relation, "cites-relation"),
            (shortCites, "cites-short"), (hasObligations, "obligations"), (file, "file"), (id, "id"),
        ]
        // Prefixes are upper case; a text term is not (its first byte is a digit or lower case).
        for (p, n) in names where t.hasPrefix(p) { return n }
        return "text"
    }

    static func clip(_ term: String) -> String? {
        term.utf8.count <= maxTermBytes ? term : nil
    }
}

/// A field of the index: where its terms go (`prefix`), which analyzer makes them, and what else is
/// written for it. The index builder and the query builder both read the field from here, so a
/// field's terms are made one way.
public struct FieldBinding: Sendable {
    /// Its name in the query language (`coquan:`), or the empty string for the text.
    public let name: String
    public let prefix: String
    public let analyzer: Analyzer
    /// Whether its terms carry word positions (`coquan:"so y te"` is a phrase).
    public let positions: Bool
    /// The prefix of the terms of two words standing at most `pairWindow - 1` apart, in order
    /// (`XB`, `XJ`), when the field has them.
    public let pairPrefix: String?
    public let pairWindow: Int
    /// The prefix of the exact (accented) forms of its words, when the field has them.
    public let exactPrefix: String?

    /// The folded terms (prefixed) the index holds for `value`: every spelling of every word.
    public func indexTerms(_ value: String) -> [String] {
        if analyzer.kind == .identifier { return [prefix + analyzer.key(value)] }
        return analyzer.terms(value).flatMap { t in
            (t.kind == .word && analyzer.kind == .text ? Analyzer.spellings(t.folded) : [t.folded]).map { prefix + $0 }
        }
    }

    /// The folded terms (prefixed) a query for `value` asks for, word by word.
    public func queryTerms(_ value: String) -> [String] {
        if analyzer.kind == .identifier { return [prefix + analyzer.key(value)] }
        return analyzer.queryTerms(value).map { t in prefix + (t.kind == .word && analyzer.kind == .text ? Analyzer.canonical(t.folded) : t.folded) }
    }
}

extension Schema {
    /// The text of the document: folded words and compounds (positions up to schema 3), their
    /// exact forms (`XE`), words standing together (`XB`).
    public static let textField = FieldBinding(name: "", prefix: "", analyzer: .text, positions: false,
                                               pairPrefix: pair, pairWindow: 2, exactPrefix: exact)
    /// The issuer's words, with positions (`coquan:`), and the pairs of words at most 2 apart (`XJ`).
    public static let issuerField = FieldBinding(name: "coquan", prefix: issuer, analyzer: .name, positions: true,
                                                 pairPrefix: issuerPair, pairWindow: issuerPairWindow, exactPrefix: nil)
    /// The place's words, with positions (`noi:`).
    public static let placeField = FieldBinding(name: "noi", prefix: place, analyzer: .name, positions: true,
                                                pairPrefix: nil, pairWindow: 0, exactPrefix: nil)
    /// The document's number (`so:`), whole.
    public static let numberField = FieldBinding(name: "so", prefix: number, analyzer: .identifier, positions: false,
                                                 pairPrefix: nil, pairWindow: 0, exactPrefix: nil)
}

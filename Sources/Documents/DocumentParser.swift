// STUB — replaced by the document-model work (splitter + metadata + references).
import VietText

public enum DocumentParser {
    /// Splits a file's text into documents and parses each one.
    public static func parse(fileText: String) -> [ParsedDocument] {
        let text = VietText.normalize(fileText)
        var doc = ParsedDocument(indexInFile: 0, text: text)
        doc.obligations = ObligationExtractor.extract(text: text, documentDate: nil, issuer: nil)
        return [doc]
    }
}

public enum DocumentNumber {
    /// `6757 /KH-SYT` → `6757/KH-SYT`; nil when there is no number (blank draft).
    public static func normalize(_ raw: String) -> String? { nil }
    /// `6757/KH-SYT` → `KH`; `226-KL/TW` → `KL`; `30/2020/NĐ-CP` → `NĐ`; `2926/SYT-VP` → nil (công văn).
    public static func typeCode(of number: String) -> String? { nil }
    /// `6757/KH-SYT` → `6757`.
    public static func serial(of number: String) -> String { number }
}

public enum DocumentTypes {
    /// "kế hoạch", "KẾ HOẠCH", "ke hoach" → "KH".
    public static func code(forName name: String) -> String? { nil }
    /// "KH" → "Kế hoạch".
    public static func name(forCode code: String) -> String? { nil }
}

// STUB — replaced by the obligations work.
public enum ObligationExtractor {
    /// Reporting obligations stated in a document's text. `documentDate` supplies the year of
    /// deadlines written without one; `issuer` is the document's issuer (the default recipient);
    /// `addressees` is its `Kính gửi` list (the default reporter of a letter).
    public static func extract(text: String, documentDate: DocDate?, issuer: String?, addressees: [String] = []) -> [Obligation] { [] }
}

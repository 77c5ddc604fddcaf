// STUB — replaced by the obligations work.
public enum ObligationExtractor {
    /// Reporting obligations stated in a document's text. `documentDate` supplies the year of
    /// deadlines written without one; `issuer` is the document's issuer (the default recipient).
    public static func extract(text: String, documentDate: DocDate?, issuer: String?) -> [Obligation] { [] }
}

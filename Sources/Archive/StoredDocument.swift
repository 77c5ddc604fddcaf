import Documents

/// A parsed document as the archive stores it: where it came from plus what the parser read.
public struct StoredDocument: Codable, Sendable {
    /// `file#index_in_file`.
    public var id: String
    /// Path relative to the folder argument it was found under (a file argument: its base name).
    public var file: String
    public var doc: ParsedDocument
    /// For paged files (PDF: form feeds between pages), the page of the file the document starts on.
    public var firstPage: Int?
    /// Xapian document id (not stored; filled in when loaded).
    public var docid: UInt32 = 0

    enum CodingKeys: String, CodingKey { case id, file, doc, firstPage = "first_page" }

    /// The pages the document spans, for paged files.
    public var pages: ClosedRange<Int>? {
        guard let first = firstPage else { return nil }
        return first...(first + doc.text.utf8.reduce(0) { $0 + ($1 == 0x0C ? 1 : 0) })
    }

    public init(file: String, doc: ParsedDocument) {
        self.id = StoredDocument.makeID(file: file, index: doc.indexInFile)
        self.file = file
        self.doc = doc
    }

    /// A document whose id is known (read back from a table).
    init(id: String, file: String, doc: ParsedDocument) {
        self.id = id
        self.file = file
        self.doc = doc
    }

    public static func makeID(file: String, index: Int) -> String { "\(file)#\(index)" }

    public var indexInFile: Int { doc.indexInFile }
    public var number: String? { doc.number }
    public var date: DocDate? { doc.date }
    public var type: String? { doc.type }
    public var year: Int? { doc.date?.year }
    /// A short label for people: `6757/KH-SYT (2026-05-22)` or the id for unnumbered drafts.
    public var label: String {
        var s = doc.number ?? "(không số) \(id)"
        if let d = doc.date { s += " (\(d))" }
        return s
    }
}

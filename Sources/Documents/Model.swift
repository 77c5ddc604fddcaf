// The document model shared by the parser (this module), the index (Archive) and the CLI.
// Every extracted fact keeps the span of text it came from (UTF-8 byte offsets into
// `ParsedDocument.text`), so it can be shown in context and tested.

/// A calendar date that may be partial: drafts leave the day blank ("ngày    tháng 01 năm 2026"),
/// deadlines may leave the year out ("trước ngày 05 tháng 6").
public struct DocDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int?
    public var day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD` when the date is complete, else nil.
    public var iso: String? {
        guard let m = month, let d = day else { return nil }
        return DocDate.pad(year, 4) + "-" + DocDate.pad(m, 2) + "-" + DocDate.pad(d, 2)
    }

    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    public var description: String {
        if let iso { return iso }
        if let m = month { return DocDate.pad(year, 4) + "-" + DocDate.pad(m, 2) }
        return DocDate.pad(year, 4)
    }

    /// Sortable key `YYYYMMDD` (missing parts as 00), used for Xapian value slots.
    public var sortKey: String {
        DocDate.pad(year, 4) + DocDate.pad(month ?? 0, 2) + DocDate.pad(day ?? 0, 2)
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    public init?(iso s: String) {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let y = Int(parts[0]) else { return nil }
        var m: Int? = nil, d: Int? = nil
        if parts.count >= 2 { guard let v = Int(parts[1]), (1...12).contains(v) else { return nil }; m = v }
        if parts.count == 3 {
            guard let v = Int(parts[2]), v >= 1, v <= DocDate.daysIn(month: m!, year: y) else { return nil }
            d = v
        }
        self.init(year: y, month: m, day: d)
    }

    public static func < (a: DocDate, b: DocDate) -> Bool { a.sortKey < b.sortKey }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether (day, month, year) is a real calendar date.
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && day >= 1 && day <= daysIn(month: month, year: year) && (1900...2200).contains(year)
    }

    /// The same day `n` months later, clamped to the month's length.
    public func addingMonths(_ n: Int) -> DocDate {
        guard let m = month else { return DocDate(year: year + n / 12) }
        let total = (year * 12 + (m - 1)) + n
        let y = total / 12, nm = total % 12 + 1
        let d = day.map { Swift.min($0, DocDate.daysIn(month: nm, year: y)) }
        return DocDate(year: y, month: nm, day: d)
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        // Digits and a sign: one byte each (no walk over grapheme clusters).
        let n = s.utf8.count
        return n >= width ? s : String(repeating: "0", count: width - n) + s
    }
}

/// A half-open range of UTF-8 byte offsets into a document's text.
public struct TextSpan: Hashable, Codable, Sendable {
    public var start: Int
    public var end: Int
    public init(start: Int, end: Int) { self.start = start; self.end = end }
}

/// How a document relates to a document it mentions.
public enum Relation: String, Codable, CaseIterable, Sendable {
    /// What this document directly carries out: the opening "Thực hiện …"/"Triển khai …" clause,
    /// or a title "Kế hoạch triển khai thực hiện X" / "Báo cáo kết quả thực hiện X".
    case implements
    /// "Căn cứ …".
    case basis
    case amends
    case replaces
    case repeals
    /// Any other mention.
    case cites

    /// Higher wins when one number is mentioned several times: implements > basis > amends/replaces/repeals > cites.
    public var strength: Int {
        switch self {
        case .implements: return 5
        case .basis: return 4
        case .replaces: return 3
        case .amends: return 3
        case .repeals: return 3
        case .cites: return 1
        }
    }
}

/// How often a reporting obligation falls due.
public enum Recurrence: String, Codable, CaseIterable, Sendable {
    case once, monthly, quarterly, semiannual, annual
    /// Periodic or ad-hoc duty with no determinable date ("định kỳ hoặc đột xuất").
    case unscheduled

    /// Months between two due dates, nil when it does not repeat.
    /// A six-month report ("báo cáo 06 tháng") falls due once a year: the other half-year is the annual report.
    public var monthsBetween: Int? {
        switch self {
        case .monthly: return 1
        case .quarterly: return 3
        case .semiannual, .annual: return 12
        case .once, .unscheduled: return nil
        }
    }
}

/// A mention of another document.
public struct Reference: Hashable, Codable, Sendable {
    /// Normalised number and symbol: `6757/KH-SYT`, `226-KL/TW`, `30/2020/NĐ-CP`. A short mention that
    /// could not be linked to a full one keeps what was written (`226` with type `KL`).
    public var number: String
    /// Type code: `KH`, `BC`, `KL`, `QĐ`, `NĐ`, `NQ`, `CV`, `TB`, … (nil when unknown).
    public var type: String?
    public var date: DocDate?
    /// Issuer as written ("Ủy ban nhân dân tỉnh", "Ban Bí thư"), when stated.
    public var issuer: String?
    public var relation: Relation
    /// Where the mention stands in the document's text.
    public var span: TextSpan
    /// The exact text of the mention.
    public var text: String

    public init(number: String, type: String?, date: DocDate?, issuer: String?, relation: Relation, span: TextSpan, text: String) {
        self.number = number; self.type = type; self.date = date; self.issuer = issuer
        self.relation = relation; self.span = span; self.text = text
    }
}

/// A reporting obligation a document imposes: what is due, by when, from whom, to whom.
public struct Obligation: Hashable, Codable, Sendable {
    /// "báo cáo 06 tháng", "báo cáo hằng năm", "kế hoạch của đơn vị", …
    public var what: String
    /// The first due date (nil for unscheduled duties).
    public var due: DocDate?
    public var recurrence: Recurrence
    /// Who must report ("Các đơn vị trực thuộc").
    public var reporter: String?
    /// To whom ("Sở Y tế (qua Phòng Tổ chức cán bộ)").
    public var recipient: String?
    public var span: TextSpan
    public var text: String
    /// The other parts of a reporting regime, where the text states them (Nghị định 09/2019/NĐ-CP):
    /// the data cut-off period, how the report is sent, and the annexed outline or form.
    public var cutoff: Cutoff?
    public var channel: String?
    public var template: String?

    public init(what: String, due: DocDate?, recurrence: Recurrence, reporter: String?, recipient: String?, span: TextSpan, text: String,
                cutoff: Cutoff? = nil, channel: String? = nil, template: String? = nil) {
        self.what = what; self.due = due; self.recurrence = recurrence
        self.reporter = reporter; self.recipient = recipient; self.span = span; self.text = text
        self.cutoff = cutoff; self.channel = channel; self.template = template
    }
}

/// The data cut-off period of a report as written: "từ ngày 15 tháng trước" → "ngày 14 tháng cuối kỳ".
public struct Cutoff: Hashable, Codable, Sendable {
    public var from: String
    public var to: String
    public init(from: String, to: String) { self.from = from; self.to = to }
}

/// One document read from a file, as a clerk would read it.
public struct ParsedDocument: Codable, Sendable {
    /// 0-based position of the document within its file.
    public var indexInFile: Int
    /// The document's own text (its slice of the file, normalised to NFC with VietText.normalize).
    public var text: String
    /// Normalised number and symbol (`6757/KH-SYT`); nil when the number is blank (a draft) or absent.
    public var number: String?
    /// Type code (`KH`, `BC`, `CV`, `QĐ`, `TB`, `KL`, …).
    public var type: String?
    /// Issuer in full: "Sở Y tế tỉnh Đồng Tháp".
    public var issuer: String?
    /// Place of issue: "Lái Thiêu".
    public var place: String?
    /// Date of issue; month and year only when the day is blank (draft).
    public var date: DocDate?
    /// The `V/v` line or the title after the type heading.
    public var subject: String?
    /// `Kính gửi` list.
    public var recipients: [String]
    public var signer: String?
    /// "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC".
    public var signerCapacity: String?
    /// `Nơi nhận` list.
    public var copiesTo: [String]
    /// Blank number or blank day, or marked DỰ THẢO.
    public var draft: Bool
    public var references: [Reference]
    public var obligations: [Obligation]
    /// Where each field was read: keys "number", "type", "issuer", "place", "date", "subject",
    /// "recipients", "signer", "signerCapacity", "copiesTo".
    public var spans: [String: TextSpan]

    public init(indexInFile: Int, text: String) {
        self.indexInFile = indexInFile
        self.text = text
        self.number = nil; self.type = nil; self.issuer = nil; self.place = nil; self.date = nil
        self.subject = nil; self.recipients = []; self.signer = nil; self.signerCapacity = nil
        self.copiesTo = []; self.draft = false; self.references = []; self.obligations = []; self.spans = [:]
    }
}

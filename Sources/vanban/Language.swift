import Archive
import Documents
import Foundation
import Render
import VietText

/// The language of human-readable output and messages: Vietnamese unless `--lang en` or a
/// locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, in that order) that starts with `en`. JSON is not
/// translated (its enum values are the contract).
enum Lang: String, Sendable {
    case vi, en

    /// `vi`, `en`, `vi_VN.UTF-8`, `en-GB`…; nil for anything else.
    init?(code: String) {
        let c = code.lowercased()
        if c.hasPrefix("vi") { self = .vi } else if c.hasPrefix("en") { self = .en } else { return nil }
    }

    /// From the environment: the first locale variable set decides; English only when it says so.
    static func fromEnvironment(_ env: [String: String]) -> Lang {
        for k in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let v = env[k], !v.isEmpty { return Lang(code: v) == .en ? .en : .vi }
        }
        return .vi
    }
}

/// The Vietnamese or the English of a message, as `Out.lang` says.
func tr(_ vi: String, _ en: String) -> String { Out.lang == .vi ? vi : en }

/// The words of the glossary (README): statuses, relations, recurrences, as shown to people.
enum Words {
    static func status(_ s: ObligationStatus.Status) -> String {
        tr(StatusWords.vietnamese(s), s.rawValue)
    }
    static let statuses = StatusWords.all

    static func relation(_ r: Relation) -> String {
        switch r {
        case .implements: return tr("thực hiện", "implements")
        case .basis: return tr("căn cứ", "basis")
        case .amends: return tr("sửa đổi", "amends")
        case .replaces: return tr("thay thế", "replaces")
        case .repeals: return tr("bãi bỏ", "repeals")
        case .cites: return tr("dẫn chiếu", "cites")
        }
    }

    static func recurrence(_ r: Recurrence) -> String {
        switch r {
        case .once: return tr("một lần", "once")
        case .monthly: return tr("hằng tháng", "monthly")
        case .quarterly: return tr("hằng quý", "quarterly")
        case .semiannual: return tr("6 tháng", "half-yearly")
        case .annual: return tr("hằng năm", "yearly")
        case .unscheduled: return tr("không định kỳ", "unscheduled")
        }
    }

    /// A value typed for `--status`: the JSON word or the Vietnamese one, with or without accents.
    static func parseStatus(_ s: String) -> ObligationStatus.Status? { StatusWords.parse(s) }

    /// A value typed for `--relation`, in either language.
    static func parseRelation(_ s: String) -> Relation? {
        let f = VietText.fold(s)
        if let v = Relation(rawValue: f) { return v }
        return Relation.allCases.first { VietText.fold(vi(relation, $0)) == f }
    }

    /// The accepted values of an option, in the current language: `đã nộp (fulfilled), …`.
    static func choices<T>(_ all: [T], _ word: (T) -> String, _ raw: (T) -> String) -> String {
        all.map { Out.lang == .vi ? "\(word($0)) (\(raw($0)))" : raw($0) }.joined(separator: ", ")
    }

    /// `f` in Vietnamese / in English, whatever the current language.
    static func vi<T>(_ f: (T) -> String, _ x: T) -> String { with(.vi) { f(x) } }
    static func en<T>(_ f: (T) -> String, _ x: T) -> String { with(.en) { f(x) } }
    private static func with<R>(_ l: Lang, _ body: () -> R) -> R {
        let saved = Out.lang
        Out.lang = l
        defer { Out.lang = saved }
        return body()
    }

    /// The label of a part of `--explain` (written in English by the search): the same in the
    /// current language.
    static func explainLabel(_ label: String) -> String {
        guard Out.lang == .vi else { return label }
        for (en, vi) in [("together: ", "liền nhau: "), ("issuer: ", "cơ quan: "), ("type: ", "loại: ")] where label.hasPrefix(en) {
            return vi + label.dropFirst(en.count)
        }
        return label
    }
}

/// Messages that come from below the CLI (the archive, the indexer), written there in English,
/// said in Vietnamese. A message not in the table is shown whole in English (never half and half).
enum Messages {
    /// English template (`{}` for a value) → Vietnamese (`{0}`, `{1}`… for the values in order).
    static let table: [(String, String)] = [
        // Opening the archive.
        ("no index at {}; run `vanban index PATH --db {}` first", "chưa có chỉ mục ở {0}; hãy chạy `vanban index THƯ_MỤC --db {1}` trước"),
        ("no index at {} ({}); run `vanban index PATH --db {}` first", "chưa có chỉ mục ở {0} ({1}); hãy chạy `vanban index THƯ_MỤC --db {2}` trước"),
        ("database is being indexed by another process ({}); try again when it has finished",
         "cơ sở dữ liệu đang được một tiến trình khác lập chỉ mục ({0}); hãy thử lại khi tiến trình đó xong"),
        ("database {} is damaged: {}", "cơ sở dữ liệu {0} bị hỏng: {1}"),
        ("database {} changed while it was read ({}); run the command again", "cơ sở dữ liệu {0} đã thay đổi trong khi đọc ({1}); hãy chạy lại lệnh"),
        ("database {}: {}", "cơ sở dữ liệu {0}: {1}"),
        ("cannot create {}: {}", "không tạo được {0}: {1}"),
        ("cannot read {}", "không đọc được {0}"),
        ("cannot read the users file {}", "không đọc được tệp người dùng {0}"),
        ("cannot write the users file {}", "không ghi được tệp người dùng {0}"),
        ("bad query: {}", "truy vấn sai: {0}"),
        // Abbreviation tables.
        ("no abbreviation table at {}", "không có bảng chữ viết tắt ở {0}"),
        ("line {}: expected ABBREVIATION<TAB>EXPANSION", "dòng {0}: cần CHỮ_VIẾT_TẮT<TAB>DẠNG_ĐẦY_ĐỦ"),
        ("line {}: \"{}\" is not one word", "dòng {0}: \"{1}\" không phải một từ"),
        // Queries and dates.
        ("query longer than 10,000 bytes", "truy vấn dài quá 10.000 byte"),
        ("field {}: has no value", "trường {0}: thiếu giá trị"),
        ("nam:{} is not a year", "nam:{0} không phải một năm"),
        ("so:{} is not a document number", "so:{0} không phải số văn bản"),
        ("loai:{} is not a document type; use one of {}", "loai:{0} không phải loại văn bản; hãy dùng một trong {1}"),
        ("date range {} ends before it starts", "khoảng ngày {0} kết thúc trước khi bắt đầu"),
        ("cannot read the date \"{}\"; use YYYY, YYYY-MM, YYYY-MM-DD or D/M/YYYY",
         "không đọc được ngày \"{0}\"; hãy viết YYYY, YYYY-MM, YYYY-MM-DD hoặc D/M/YYYY"),
        // REFs.
        ("cannot read \"{}\" as a document number; try 6757/KH-SYT, \"KH 6757\" or \"kết luận 226\"",
         "không đọc được \"{0}\" như một số văn bản; hãy thử 6757/KH-SYT, \"KH 6757\" hoặc \"kết luận 226\""),
        ("{} matches {} documents; narrow with --year or --issuer", "{0} ứng với {1} văn bản; thu hẹp bằng --year hoặc --issuer"),
        ("no document {} matches the given --year/--issuer", "không có văn bản {0} nào khớp --year/--issuer đã cho"),
        ("no archived document matches {}; it is only known as a reference", "kho không có văn bản {0}; số này chỉ được biết qua các văn bản dẫn chiếu"),
        ("no document has the id {}", "không có văn bản nào mang mã {0}"),
        // Index runs.
        ("{}: skipped, {} (its {} earlier document(s) removed)", "{0}: bỏ qua, {1} ({2} văn bản cũ của tệp đã bị xoá)"),
        ("{}: skipped, {}", "{0}: bỏ qua, {1}"),
        ("{}: folder already walked (a link loop?), not entered again", "{0}: thư mục đã duyệt rồi (vòng liên kết?), không vào lại"),
        ("{}: cannot read folder ({})", "{0}: không đọc được thư mục ({1})"),
        ("{}: no such file or folder", "{0}: không có tệp hay thư mục này"),
        ("{}: a Xapian database, not indexed", "{0}: một cơ sở dữ liệu Xapian, không lập chỉ mục"),
        ("no such file or folder: {}; nothing indexed", "không có tệp hay thư mục: {0}; không lập chỉ mục gì"),
    ]

    /// Reasons a file is skipped (the `{}` after "skipped, " above).
    static let reasons: [(String, String)] = [
        ("empty file", "tệp rỗng"),
        ("binary data, not a text file", "dữ liệu nhị phân, không phải văn bản"),
        ("no text (only white space)", "không có chữ (chỉ có khoảng trắng)"),
        ("not a regular file", "không phải tệp thường"),
        ("cannot read ({})", "không đọc được ({0})"),
        ("{}, not a text file", "{0}, không phải văn bản"),
        ("no name left for it in the archive (path too long?)", "không còn tên nào cho tệp trong kho (đường dẫn quá dài?)"),
        ("an earlier index run died while reading it; it is read again when it changes",
         "một lần lập chỉ mục trước đã chết khi đọc tệp này; tệp sẽ được đọc lại khi thay đổi"),
        ("reading it took longer than {} s; it is read again when it changes", "đọc tệp mất hơn {0} giây; tệp sẽ được đọc lại khi thay đổi"),
        ("path longer than {} bytes", "đường dẫn dài quá {0} byte"),
        ("{} needs {}, which is not installed: install {} (apt-get install {})",
         "{0} cần {1}, công cụ này chưa được cài: hãy cài {2} (apt-get install {3})"),
        // What Ingest says of a file it cannot read (Sources/Ingest, VietText's Budget).
        ("larger than {} ({} bytes)", "lớn hơn {0} ({1} byte)"),
        ("larger than {} (it grew while read)", "lớn hơn {0} (tệp lớn thêm trong khi đọc)"),
        ("a folder, not a file", "là thư mục, không phải tệp"),
        ("cannot read (a symbolic link where the file was: not followed)", "không đọc được (ở chỗ tệp là một liên kết tượng trưng: không đi theo)"),
        ("took longer than {} s to read", "đọc mất hơn {0} giây"),
        ("text larger than {} ({}'s output)", "văn bản lớn hơn {0} (đầu ra của {1})"),
        ("text larger than {}", "văn bản lớn hơn {0}"),
        ("{} larger than {}", "{0} lớn hơn {1}"),
        ("{} took longer than {} s and was stopped", "{0} chạy quá {1} giây và đã bị dừng"),
        ("{} was killed by signal {}, its output not used", "{0} bị tín hiệu {1} dừng, không dùng kết quả của nó"),
        ("password-protected PDF", "PDF có mật khẩu"),
        ("PDF forbids copying its text (permissions)", "PDF cấm sao chép chữ (quyền của tệp)"),
        ("corrupt or unreadable PDF ({})", "PDF hỏng hoặc không đọc được ({0})"),
        ("corrupt PDF: no %PDF header", "PDF hỏng: không có phần đầu %PDF"),
        ("pdftotext failed (exit status {}: {}), its output not used", "pdftotext lỗi (mã thoát {0}: {1}), không dùng kết quả của nó"),
        ("pdftotext gave {} of the PDF's {} pages, its output not used", "pdftotext chỉ cho {0} trong {1} trang của PDF, không dùng kết quả của nó"),
        ("PDF has no text (no text layer, no images)", "PDF không có chữ (không có lớp chữ, không có ảnh)"),
        ("scanned PDF with no text layer: run with --ocr to read it (tesseract)", "PDF quét, không có lớp chữ: hãy chạy với --ocr để đọc (tesseract)"),
        ("image (a scanned page?): run with --ocr to read it (tesseract)", "ảnh (trang quét?): hãy chạy với --ocr để đọc (tesseract)"),
        ("OCR needs tesseract: install tesseract-ocr tesseract-ocr-vie", "OCR cần tesseract: hãy cài tesseract-ocr tesseract-ocr-vie"),
        ("OCR needs tesseract, which is not installed: install tesseract-ocr tesseract-ocr-vie",
         "OCR cần tesseract, công cụ này chưa được cài: hãy cài tesseract-ocr tesseract-ocr-vie"),
        ("OCR needs tesseract's {} language data, which is not installed: install {}", "OCR cần dữ liệu ngôn ngữ {0} của tesseract, dữ liệu này chưa được cài: hãy cài {1}"),
        ("OCR of PDF pages needs pdftoppm, which is not installed: install poppler-utils", "OCR trang PDF cần pdftoppm, công cụ này chưa được cài: hãy cài poppler-utils"),
        ("rendering page {} took longer than {} s", "dựng ảnh trang {0} mất hơn {1} giây"),
        ("page {} rendered larger than {}", "ảnh trang {0} lớn hơn {1}"),
        ("cannot render page {} ({})", "không dựng được ảnh trang {0} ({1})"),
        ("OCR took longer than {} s and was stopped", "OCR mất hơn {0} giây và đã bị dừng"),
        ("OCR failed ({})", "OCR lỗi ({0})"),
        ("corrupt or empty RTF (no text found)", "RTF hỏng hoặc rỗng (không thấy chữ)"),
        ("password-protected Office file", "tệp Office có mật khẩu"),
        ("password-protected Word file", "tệp Word có mật khẩu"),
        ("Excel 97–2003 file: not read", "tệp Excel 97–2003: không đọc"),
        ("PowerPoint 97–2003 file: not read", "tệp PowerPoint 97–2003: không đọc"),
        ("OLE2 file without a WordDocument stream: not a Word file", "tệp OLE2 không có luồng WordDocument: không phải tệp Word"),
        ("corrupt or unreadable Word file ({}: {})", "tệp Word hỏng hoặc không đọc được ({0}: {1})"),
        ("corrupt .docx or zip file (not a readable zip archive: {})", "tệp .docx hoặc zip hỏng (không phải tệp zip đọc được: {0})"),
        ("OpenDocument file (.odt/.ods): not read (save it as .docx)", "tệp OpenDocument (.odt/.ods): không đọc (hãy lưu thành .docx)"),
        ("Excel or PowerPoint file: not read", "tệp Excel hoặc PowerPoint: không đọc"),
        ("zip archive without word/document.xml: not a Word file", "tệp zip không có word/document.xml: không phải tệp Word"),
        ("corrupt .docx: cannot unpack word/document.xml ({})", "tệp .docx hỏng: không giải nén được word/document.xml ({0})"),
        ("corrupt .docx: word/document.xml is not well-formed XML", "tệp .docx hỏng: word/document.xml không phải XML hợp lệ"),
    ]

    /// What a file was indexed with (`FILE: note; note`).
    static let notes: [(String, String)] = [
        ("invalid UTF-8 replaced by U+FFFD", "UTF-8 sai, byte lỗi được thay bằng U+FFFD"),
        ("{} NUL byte(s) removed", "đã bỏ {0} byte NUL"),
        ("{} combining mark(s) dropped (more than {} in a row)", "đã bỏ {0} dấu kết hợp (quá {1} dấu liền nhau)"),
        ("damaged PDF, text may be incomplete ({})", "PDF bị hỏng, chữ có thể không đủ ({0})"),
        ("page(s) {} have no text layer (scanned): run with --ocr to read them", "trang {0} không có lớp chữ (bản quét): hãy chạy với --ocr để đọc"),
        ("no document header (no number, type, issuer or date); indexed as {} untitled document(s)",
         "không có phần đầu văn bản (số, loại, cơ quan, ngày); lập chỉ mục thành {0} văn bản không tên"),
        ("citation table not written ({}); the first cites/obligations will build it",
         "chưa ghi được bảng trích dẫn ({0}); lệnh cites/obligations đầu tiên sẽ dựng lại"),
        ("obligations table not written ({}); the first whole-archive obligations will build it",
         "chưa ghi được bảng nghĩa vụ báo cáo ({0}); lệnh obligations đầu tiên trên cả kho sẽ dựng lại"),
    ]

    /// `message` in the current language, and the language it is in (English when the table
    /// does not have it).
    static func localized(_ message: String) -> (text: String, lang: Lang) {
        guard Out.lang == .vi else { return (message, .en) }
        if let vi = translate(message, table, reasonAt: 1) { return (vi, .vi) }
        // `FILE: note; note` before a whole note: a note's leading `{}` would take the file name.
        if let v = match(message, "{}: {}"), let vi = translateNotes(v[1]) { return (v[0] + ": " + vi, .vi) }
        if let vi = translateNotes(message) { return (vi, .vi) }
        return (message, .en)
    }

    /// Notes joined by "; " (a note may hold "; " itself), each translated, or nil.
    static func translateNotes(_ s: String) -> String? {
        if let vi = translate(s, notes) { return vi }
        var from = s.startIndex
        while let r = s.range(of: "; ", range: from..<s.endIndex) {
            if let a = translate(String(s[..<r.lowerBound]), notes), let b = translateNotes(String(s[r.upperBound...])) { return a + "; " + b }
            from = r.upperBound
        }
        return nil
    }

    /// A message, from the table `templates`; the value at `reasonAt` of a "skipped" line must be
    /// a known reason, translated too.
    static func translate(_ message: String, _ templates: [(String, String)], reasonAt: Int = -1) -> String? {
        // The most specific template first ("cannot read \"{}\" as a document number…" before
        // "cannot read {}").
        let ordered = templates.sorted { $0.0.replacingOccurrences(of: "{}", with: "").count > $1.0.replacingOccurrences(of: "{}", with: "").count }
        for (en, vi) in ordered {
            guard var values = match(message, en) else { continue }
            if reasonAt >= 0, en.contains("skipped, {}") {
                guard let reason = translate(values[reasonAt], reasons) else { continue }
                values[reasonAt] = reason
            }
            return fill(vi, values)
        }
        return nil
    }


    /// The values of `template`'s `{}` in `s`, or nil when `s` does not have its shape. Each value
    /// is the shortest that lets the rest match, except the last, which runs to the literal end.
    static func match(_ s: String, _ template: String) -> [String]? {
        let literals = template.components(separatedBy: "{}")
        var rest = Substring(s)
        guard rest.hasPrefix(literals[0]) else { return nil }
        rest = rest.dropFirst(literals[0].count)
        var values: [String] = []
        for (i, lit) in literals.enumerated().dropFirst() {
            let isLast = i == literals.count - 1
            if isLast {
                if lit.isEmpty { values.append(String(rest)); return values }
                guard rest.hasSuffix(lit) else { return nil }
                values.append(String(rest.dropLast(lit.count)))
                return values
            }
            guard let r = rest.range(of: lit) else { return nil }
            values.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        return rest.isEmpty ? values : nil
    }

    /// `template` with `{0}`, `{1}`… replaced by `values` (in one pass: a value is never read again).
    static func fill(_ template: String, _ values: [String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let k = Int(after[..<close]), values.indices.contains(k) {
                out += values[k]
                rest = after[after.index(after: close)...]
            } else {
                out += "{"
                rest = after
            }
        }
        return out + rest
    }
}

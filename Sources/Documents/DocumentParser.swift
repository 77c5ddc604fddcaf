import Foundation
import VietText

/// Reads administrative documents: splits a file's text into documents and reads each one's
/// fields, one reader per field (`DocumentReading`), on the header read from tokens (`Header`)
/// and the opening read on clauses (`Opening`).
public enum DocumentParser {
    /// Splits a file's text into documents and parses each one.
    public static func parse(fileText: String) -> [ParsedDocument] {
        let text = normalizeText(fileText)
        let tv = TextView(text)
        let starts = DocumentSplitter.starts(tv)
        var docs: [ParsedDocument] = []
        for (i, s) in starts.enumerated() {
            let from = i == 0 ? 0 : tv.lines[s].location
            let to = i + 1 < starts.count ? tv.lines[starts[i + 1]].location : tv.length
            // one document spanning the whole text: its view is the file's
            if starts.count == 1 && from == 0 && to == tv.length {
                docs.append(parseDocument(text, index: i, view: tv))
                continue
            }
            let slice = tv.sub(NSRange(location: from, length: max(0, to - from)))
            docs.append(parseDocument(slice, index: i))
        }
        if docs.isEmpty { docs.append(parseDocument(text, index: 0)) }
        return docs
    }

    /// VietText's normalisation (NFC, one tone placement, Ð→Đ, zero-width characters out, odd spaces
    /// plain), in pieces for long texts, and CR line ends as LF (idempotent).
    static func normalizeText(_ s: String) -> String {
        var t = TextKit.inPieces(s, VietText.normalize)
        if t.utf8.contains(0x0D) { t = t.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") }
        return t
    }

    /// The readers, in order: each reads one field (or a group that is written together) into the
    /// document, from the text, the header and what the readers before it found.
    static let readers: [(String, @Sendable (inout DocumentReading) -> Void)] = [
        ("number", { $0.readNumber() }),
        ("place and date", { $0.readPlaceAndDate() }),
        ("draft mark", { $0.readDraftMark() }),
        ("subject", { $0.readSubject() }),
        ("type", { $0.readType() }),
        ("recipients", { $0.readRecipients() }),
        ("copies and signature", { $0.readCopiesAndSignature() }),
        ("issuer", { $0.readIssuer() }),
        ("references", { $0.readReferences() }),
        ("obligations", { $0.readObligations() }),
    ]

    static func parseDocument(_ text: String, index: Int, view: TextView? = nil) -> ParsedDocument {
        let tv = view ?? TextView(text)
        var reading = DocumentReading(tv: tv, header: HeaderReader.read(tv), doc: ParsedDocument(indexInFile: index, text: text))
        for (_, read) in readers { read(&reading) }
        reading.doc.spans = reading.spans
        return reading.doc
    }

    /// `s.lowercased() == "dự thảo"`, skipping the lower-casing of strings too long to qualify.
    static func isDuThao(_ s: String) -> Bool {
        // a simple string (NFC, one scalar per Character) lower-cases to it only if it holds ự or Ự
        s.utf8.count <= 48 && (!Scan.isSimple(s) || s.hasBytes("ự") || s.hasBytes("Ự")) && s.lowercased() == "dự thảo"
    }

    static func columns(_ line: String) -> [String] {
        var s = TextKit.stripMarkup(line)
        if s.utf8.contains(9) { s = s.replacingOccurrences(of: "\t", with: "   ") }
        return TextKit.components(s, "   ").map { $0.trimmingScalars(in: CharSets.whitespaces) }.filter { !$0.isEmpty }
    }

    static func upperRatio(_ s: String) -> Double {
        if let (letters, upper) = Scan.letterCounts(s) {
            guard letters > 0 else { return 0 }
            return Double(upper) / Double(letters)
        }
        let letters = s.filter { $0.isLetter }
        guard !letters.isEmpty else { return 0 }
        return Double(letters.filter { $0.isUppercase }.count) / Double(letters.count)
    }

    static let symbolIssuers: [String: String] = [
        "SYT": "Sở Y tế", "UBND": "Ủy ban nhân dân", "SGDĐT": "Sở Giáo dục và Đào tạo", "SNV": "Sở Nội vụ",
        "STC": "Sở Tài chính", "STP": "Sở Tư pháp", "SXD": "Sở Xây dựng", "SNNMT": "Sở Nông nghiệp và Môi trường",
        "SCT": "Sở Công Thương", "SKHCN": "Sở Khoa học và Công nghệ", "STNMT": "Sở Tài nguyên và Môi trường",
    ]

    static func cleanSubject(_ s: String) -> String {
        var t = TextKit.collapseSpaces(TextKit.stripMarkup(s))
        t = t.trimmingScalars(in: CharSets.spaceAndStops)
        return t
    }

    static func splitItems(_ s: String) -> [String] {
        var t = s.trimmingScalars(in: CharSets.whitespaces)
        if t.hasPrefix("-") || t.hasPrefix("+") || t.hasPrefix("•") { t.removeFirst() }
        let parts = TextKit.components(t, " - ").flatMap { TextKit.components($0, "; -") }
        return parts.map { $0.trimmingScalars(in: CharSets.itemEdges) }.filter { !$0.isEmpty }
    }

    /// Words of a signing capacity ("KT. GIÁM ĐỐC", "PHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"), folded:
    /// found anywhere ("trưởng" in "bộ trưởng"), or as whole words for the short marks.
    static let capacityKeys: [String] = [
        "giám đốc", "chủ tịch", "trưởng", "bí thư", "chánh", "phó", "ủy ban", "chủ nhiệm", "tổng", "thư ký", "đại diện",
        "cục trưởng", "viện trưởng", "tổng biên tập", "ban thường vụ", "thường trực", "thủ tướng",
    ].map { VietText.fold($0) }
    static let capacityMarks: [String] = ["tm", "kt", "tl", "tuq", "q", "t m", "k t", "t l"].map { " " + $0 + " " }

    static func isCapacity(_ seg: String) -> Bool {
        let s = seg.trimmingScalars(in: CharSets.whitespaces)
        guard s.count >= 4, s.count <= 40, upperRatio(s) > 0.85, !s.hasPrefix("-") else { return false }
        let f = " " + VietText.fold(s) + " "
        guard f.contains(where: { TextKit.vowels.contains($0) }) else { return false }
        return capacityKeys.contains { f.hasBytes($0) } || capacityMarks.contains { f.hasBytes($0) }
    }

    static func isPersonName(_ seg: String) -> Bool {
        let s = seg.trimmingScalars(in: CharSets.spaceAndEmphasis)
        let words = s.split(separator: " ")
        guard (2...6).contains(words.count) else { return false }
        for w in words {
            guard let f = w.first, f.isLetter, f.isUppercase else { return false }
            guard w.dropFirst().allSatisfy({ $0.isLetter && $0.isLowercase }) else { return false }
        }
        let f = VietText.fold(s)
        return !notNames.contains { f.hasPrefix($0) }
    }

    /// Capitalised words that begin no person's name: recipients, the national motto.
    static let notNames = ["nhu tren", "noi nhan", "luu", "ban giam doc", "kinh gui", "cong hoa", "doc lap", "chu nghia"]

    /// "NGUYỄN VĂN A" right under a signing capacity.
    static func isUpperName(_ seg: String) -> Bool {
        let s = seg.trimmingScalars(in: CharSets.spaceAndEmphasis)
        let words = s.split(separator: " ")
        guard (2...5).contains(words.count), upperRatio(s) == 1 else { return false }
        guard words.allSatisfy({ w in w.allSatisfy { $0.isLetter } && !TextKit.isAcronym(String(w)) }) else { return false }
        let f = VietText.fold(s)
        return !isCapacity(s) && !IssuerNames.startsWithOrgHead(s) && !notNames.contains { f.hasPrefix($0) }
    }

    static let orgInText = #"(?:^|[,;.:]\s*|\n\s*)((?:Ủy ban nhân dân|UBND|Sở|Trung tâm|Trường|Bệnh viện|Chi cục|Cục|Văn phòng|Ban|Phòng|Đảng ủy|Viện|Trạm|Hội đồng)(?:\s+(?!(?:về|của|việc|theo|tại|đã|trong|để|với|đến|các|những|được|sẽ|này|là|đề|báo|xây|ban|thực|triển)\b)[\p{L}0-9&]+){0,10}?)\s+(?:kính\s+)?(?:báo cáo|xây dựng|ban hành|đề nghị|thông báo|yêu cầu|hướng dẫn)\b"#

    /// The issuer named in the opening of a document without a header ("…; Trung tâm Y tế khu vực Thuận An báo cáo…").
    static func inferIssuer(_ tv: TextView, from line: Int) -> (String, NSRange)? {
        let n = tv.lines.count
        guard line < n else { return nil }
        let start = tv.lines[line].location
        let end = NSMaxRange(tv.lines[min(n - 1, line + 30)])
        let re = TextKit.regex(orgInText)
        if let m = re.firstMatch(in: tv.text, range: NSRange(location: start, length: end - start)) {
            return (tv.sub(m.range(at: 1)), m.range(at: 1))
        }
        return nil
    }
}

// Reporting obligations: who owes which report to whom, by when.
//
// The extractor reads a document's text sentence by sentence. A sentence yields one obligation per
// deadline it states ("báo cáo 06 tháng (trước ngày 05 tháng 6) và hằng năm (trước ngày 05 tháng 12)"
// yields two), or one unscheduled duty when it asks for periodic / ad-hoc reports without a date
// ("định kỳ hoặc đột xuất (khi có yêu cầu) báo cáo …"). Deadlines are only read after a deadline word
// ("trước", "chậm nhất", "trong tháng", "… hằng tháng"), so dates of events and of cited documents are
// never taken for deadlines; a dated deadline already past at the document's date is a recounted one
// (a reminder letter quoting the plan) and is dropped. Reports (type BÁO CÁO) describe their own next
// report rather than impose one, so they yield nothing.
//
// Matching runs on a cleaned copy of the text (markdown `*` and zero-width characters removed) with a
// map back to UTF-8 offsets of the original, so every obligation keeps the exact span it came from.
// Keywords tolerate OCR breaks inside words ("b áo cáo", "tr ước").
//
// Every helper lives inside `ObligationExtractor` so the file adds no other top-level names.

import Foundation

public enum ObligationExtractor {
    /// Reporting obligations stated in a document's text. `documentDate` supplies the year of
    /// deadlines written without one; `issuer` is the document's issuer (the default recipient);
    /// `addressees` is its `Kính gửi` list (the default reporter of a letter).
    public static func extract(text: String, documentDate: DocDate?, issuer: String?, addressees: [String] = []) -> [Obligation] {
        let src = Source(text)
        guard src.count > 0 else { return [] }
        if isReport(src) { return [] }
        let ctx = Context(src: src, date: documentDate,
                          issuer: issuer.map(tidy).flatMap { $0.isEmpty ? nil : $0 },
                          addressees: addressees.map(tidy).filter { !$0.isEmpty })
        var out: [Obligation] = []
        var sectionSubject: String? = nil
        for block in blocks(src) {
            let sents = sentences(src, block)
            guard let first = sents.first else { continue }
            // A heading such as "3. Các phòng thuộc Sở và đơn vị trực thuộc:" names who the items below concern.
            if sents.count == 1, src.lastNonSpace(in: first) == Ch.colon {
                sectionSubject = headingSubject(src, first)
                continue
            }
            if startsWithRoman(src, first) { sectionSubject = nil }
            let blockSubject = explicitSubject(src, first)?.name
            for s in sents {
                out += obligations(in: s, ctx: ctx, blockSubject: blockSubject, sectionSubject: sectionSubject)
            }
        }
        return out
    }

    // MARK: - Source text with a map to UTF-8 offsets

    /// The cleaned text as UTF-16 units (for NSRegularExpression) with, per unit, the UTF-8 range of
    /// the original scalar it came from.
    fileprivate struct Source {
        let original: String
        let str: String
        let bytes: [UInt8]
        let ns: NSString
        let u: [unichar]
        let start8: [Int]
        let end8: [Int]
        var count: Int { u.count }

        init(_ text: String) {
            original = text
            let b = Array(text.utf8)
            bytes = b
            var changed = false
            let n = b.count
            // A scalar gives at most as many UTF-16 units as it has UTF-8 bytes: the three arrays
            // are written through pointers with capacity n.
            var units: [UInt16] = []
            var e8: [Int] = []
            var count16 = 0
            let s8 = [Int](unsafeUninitializedCapacity: n) { sp, sCount in
                e8 = [Int](unsafeUninitializedCapacity: n) { ep, eCount in
                    units = [UInt16](unsafeUninitializedCapacity: n) { up, uCount in
                        b.withUnsafeBufferPointer { bp in
                            var k = 0
                            var off = 0
                            while off < n {
                                // decode one scalar (the bytes are a String's: valid UTF-8)
                                let c0 = bp[off]
                                var v: UInt32
                                let len: Int
                                if c0 < 0x80 { v = UInt32(c0); len = 1 }
                                else if c0 < 0xE0 { v = UInt32(c0 & 0x1F) << 6 | UInt32(bp[off + 1] & 0x3F); len = 2 }
                                else if c0 < 0xF0 { v = UInt32(c0 & 0x0F) << 12 | UInt32(bp[off + 1] & 0x3F) << 6 | UInt32(bp[off + 2] & 0x3F); len = 3 }
                                else {
                                    v = UInt32(c0 & 0x07) << 18 | UInt32(bp[off + 1] & 0x3F) << 12 | UInt32(bp[off + 2] & 0x3F) << 6 | UInt32(bp[off + 3] & 0x3F)
                                    len = 4
                                }
                                defer { off += len }
                                switch v {
                                case 0x2A, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD: changed = true; continue // markdown *, zero-width, soft hyphen
                                case 0x00D0: v = 0x0110; changed = true  // Ð → Đ
                                case 0x00F0: v = 0x0111; changed = true  // ð → đ
                                case 0x00A0, 0x09, 0x0B, 0x0C, 0x0D, 0x2007, 0x202F, 0x3000: v = 0x20; changed = true
                                case 0x2028, 0x2029, 0x85: v = 0x0A; changed = true
                                default: break
                                }
                                if v > 0xFFFF {
                                    up[k] = UInt16(0xD800 + ((v - 0x10000) >> 10)); up[k + 1] = UInt16(0xDC00 + ((v - 0x10000) & 0x3FF))
                                    sp[k] = off; ep[k] = off + len; sp[k + 1] = off; ep[k + 1] = off + len
                                    k += 2
                                } else {
                                    up[k] = UInt16(v)
                                    sp[k] = off; ep[k] = off + len
                                    k += 1
                                }
                            }
                            count16 = k
                        }
                        uCount = count16
                    }
                    eCount = count16
                }
                sCount = count16
            }
            let cleaned = changed ? Scan.string(utf16: units) : text
            str = cleaned
            ns = cleaned as NSString
            u = units
            start8 = s8
            end8 = e8
        }

        func string(_ r: NSRange) -> String {
            guard r.length > 0, r.location >= 0, r.location + r.length <= u.count else { return "" }
            // whole scalars: decode the units directly (no NSString bridge)
            let first = u[r.location], last = u[r.location + r.length - 1]
            if !(first >= 0xDC00 && first < 0xE000) && !(last >= 0xD800 && last < 0xDC00) {
                return u.withUnsafeBufferPointer { Scan.string(utf16: UnsafeBufferPointer(rebasing: $0[r.location..<(r.location + r.length)])) }
            }
            return ns.substring(with: r)
        }

        /// UTF-8 span of the cleaned range in the original text.
        func span(_ r: NSRange) -> TextSpan {
            guard r.length > 0, r.location >= 0, r.location + r.length <= u.count else {
                let p = r.location >= 0 && r.location < start8.count ? start8[r.location] : bytes.count
                return TextSpan(start: p, end: p)
            }
            return TextSpan(start: start8[r.location], end: end8[r.location + r.length - 1])
        }

        func originalText(_ s: TextSpan) -> String {
            guard s.start >= 0, s.end <= bytes.count, s.start < s.end else { return "" }
            return String(decoding: bytes[s.start..<s.end], as: UTF8.self)
        }

        func lastNonSpace(in r: NSRange) -> unichar? {
            var i = r.location + r.length - 1
            while i >= r.location { if !Ch.isSpace(u[i]) { return u[i] }; i -= 1 }
            return nil
        }
    }

    fileprivate struct Context {
        let src: Source
        let date: DocDate?
        let issuer: String?
        let addressees: [String]
    }

    fileprivate enum Ch {
        static let newline: unichar = 0x0A
        static let space: unichar = 0x20
        static let colon: unichar = 0x3A
        static let semicolon: unichar = 0x3B
        static let period: unichar = 0x2E
        static func isSpace(_ c: unichar) -> Bool { c == 0x20 || c == 0x0A }
        static func scalar(_ c: unichar) -> Unicode.Scalar? { Unicode.Scalar(UInt32(c)) }
        static func isLetter(_ c: unichar) -> Bool {
            guard let s = scalar(c) else { return false }
            return s.properties.isAlphabetic
        }
        static func isUpper(_ c: unichar) -> Bool {
            guard let s = scalar(c) else { return false }
            return s.properties.isUppercase
        }
        static func isLower(_ c: unichar) -> Bool {
            guard let s = scalar(c) else { return false }
            return s.properties.isLowercase
        }
        static func isDigit(_ c: unichar) -> Bool { c >= 0x30 && c <= 0x39 }
    }

    // MARK: - Patterns

    fileprivate final class Rx: @unchecked Sendable {
        let re: NSRegularExpression?
        init(_ pattern: String, caseInsensitive: Bool = true) {
            re = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
        }
        func all(_ src: Source, _ r: NSRange) -> [NSTextCheckingResult] {
            guard let re, r.length > 0 else { return [] }
            return re.matches(in: src.str, options: [], range: r)
        }
        func first(_ src: Source, _ r: NSRange) -> NSTextCheckingResult? {
            guard let re, r.length > 0 else { return nil }
            return re.firstMatch(in: src.str, options: [], range: r)
        }
        func all(in s: String) -> [NSTextCheckingResult] {
            guard let re else { return [] }
            return re.matches(in: s, options: [], range: NSRange(location: 0, length: (s as NSString).length))
        }
        func first(in s: String) -> NSTextCheckingResult? {
            guard let re else { return nil }
            return re.firstMatch(in: s, options: [], range: NSRange(location: 0, length: (s as NSString).length))
        }
    }

    /// A keyword as a pattern tolerating an OCR space inside a word: "báo cáo" also matches "b áo cáo".
    fileprivate static func fz(_ phrase: String) -> String {
        var out = ""
        for word in phrase.split(separator: " ") {
            if !out.isEmpty { out += "\\s+" }
            let chars = Array(word)
            for (i, c) in chars.enumerated() {
                out += NSRegularExpression.escapedPattern(for: String(c))
                if i < chars.count - 1 { out += " ?" }
            }
        }
        return out
    }

    fileprivate enum P {
        static let lb = "(?<![\\p{L}\\p{N}])"  // word start
        static let prefix = "(?:\(fz("trước"))|\(fz("chậm nhất"))(?:\\s+là)?|\(fz("hạn chót"))(?:\\s+là)?|\(fz("hạn cuối"))(?:\\s+là)?|không\\s+muộn\\s+hơn|\(fz("hoàn thành"))\\s+trước)"
        static let time = "(?:\\s+\\d{1,2}\\s*(?:giờ|h|g)(?:\\s*\\d{1,2})?(?:\\s*phút)?\\s*,?)?"
        static let day = "\\s+(?:\(fz("ngày"))\\s+)?"
        static let dayWord = "\\s+\(fz("ngày"))\\s+"
        static let lead = "\(lb)(?:\(prefix)|vào)"
        static let qu = "qu\\s?[ýí]"

        static let quarter = Rx("\(lead)\(dayWord)(\\d{1,2})\\s+(?:của\\s+)?\(fz("tháng"))\\s+cuối\\s+(?:của\\s+)?(?:mỗi\\s+|các\\s+)?\(qu)")
        static let quarterNext = Rx("\(lead)\(dayWord)(\\d{1,2})\\s+(?:của\\s+)?\(fz("tháng"))\\s+đầu\\s+(?:của\\s+)?\(qu)\\s+(?:sau|tiếp\\s+theo|kế\\s+tiếp)")
        static let monthly = Rx("\(lead)\(dayWord)(\\d{1,2})\\s+(?:của\\s+)?(?:hằng|hàng|mỗi)\\s+\(fz("tháng"))")
        static let monthlyNext = Rx("\(lead)\(dayWord)(\\d{1,2})\\s+(?:của\\s+)?\(fz("tháng"))\\s+(?:sau|tiếp\\s+theo|kế\\s+tiếp)")
        static let dateText = Rx("\(lb)\(prefix)\(time)\(day)(\\d{1,2})\\s+\(fz("tháng"))\\s+(\\d{1,2})(?!\\d)(?:\\s*,?\\s*\(fz("năm"))\\s+(\\d{4})(?!\\d))?")
        static let dateNum = Rx("\(lb)\(prefix)\(time)\(day)(\\d{1,2})\\s?[/.-]\\s?(\\d{1,2})(?![\\d])(?:\\s?[/.-]\\s?(\\d{4})(?!\\d))?(?![/.-]\\d)")
        static let withinQuarter = Rx("\(lb)\(fz("trong"))\\s+\(qu)\\s+(IV|III|II|I|[1-4])(?![\\p{L}\\d])(?:\\s*(?:/|-|\(fz("năm")))\\s*(\\d{4})(?!\\d))?")
        static let dayOnly = Rx("\(lead)\(dayWord)(\\d{1,2})(?!\\s*[/.-]?\\s*\\d)(?!\\s+(?:của\\s+)?(?:tháng|hằng|hàng|mỗi)(?![\\p{L}]))")
        static let chain = Rx("^\\s*\\)?\\s*(?:,|và|hoặc)\\s*(?:trước\\s+)?(?:ngày\\s+)?(\\d{1,2})(?:\\s?[/.-]\\s?(\\d{1,2})|\\s+tháng\\s+(\\d{1,2}))(?!\\d)(?:(?:\\s?[/.-]\\s?|\\s+năm\\s+)(\\d{4}))?(?![\\d/])")
        static let withinMonth = Rx("\(lb)\(fz("trong"))\\s+\(fz("tháng"))\\s+(\\d{1,2})(?!\\d)(?:\\s*(?:/|-|\(fz("năm")))\\s*(\\d{4})(?!\\d))?")

        static let quarterStart = Rx("bắt\\s+đầu\\s+(?:từ\\s+)?\(qu)\\s+(IV|III|II|I|[1-4])(?![\\p{L}])(?:\\s*(?:/|năm)\\s*(\\d{4}))?")
        static let monthStart = Rx("bắt\\s+đầu\\s+(?:từ\\s+)?\(fz("tháng"))\\s+(\\d{1,2})(?:\\s*(?:/|-|năm)\\s*(\\d{4}))?")
        static let annualAfter = Rx("^\\s*\\)?\\s*,?\\s*(?:của\\s+)?(?:hằng|hàng|mỗi)\\s+năm")

        static let semi = Rx("\(lb)(?:(?:0?6|sáu)\\s+\(fz("tháng"))(?!\\s*[/\\d])|nửa\\s+năm|bán\\s+niên)")
        static let annual = Rx("\(lb)(?:(?:hằng|hàng|mỗi)\\s+\(fz("năm"))|\(fz("báo cáo"))\\s+(?:tổng\\s+kết\\s+)?\(fz("năm"))(?!\\s*\\d)|cả\\s+năm|(?:0?9|chín)\\s+tháng(?!\\s*[/\\d]))")
        static let quarterly = Rx("\(lb)(?:(?:hằng|hàng|mỗi)\\s+\(qu)|định\\s+kỳ\\s+\(qu)|\(fz("báo cáo"))\\s+\(qu))")
        static let monthlyWord = Rx("\(lb)(?:(?:hằng|hàng|mỗi)\\s+\(fz("tháng"))|định\\s+kỳ\\s+tháng|\(fz("báo cáo"))\\s+tháng(?!\\s*\\d))")

        static let strongTrigger = Rx("\(lb)(?:\(fz("báo cáo"))|\(fz("gửi"))|\(fz("nộp")))(?![\\p{L}])")
        static let trigger = Rx("\(lb)(?:\(fz("báo cáo"))|\(fz("gửi"))|\(fz("nộp"))|\(fz("đăng ký"))|(?:xây\\s+dựng|ban\\s+hành|lập|hoàn\\s+thiện)(?:,?\\s+[\\p{L}]+){0,3}?\\s+(?:kế\\s+hoạch|hồ\\s+sơ|danh\\s+mục|văn\\s+bản|đề\\s+án))(?![\\p{L}])")
        static let report = Rx("\(lb)\(fz("báo cáo"))(?![\\p{L}])")
        static let periodic = Rx("\(lb)(?:\(fz("định kỳ"))|\(fz("đột xuất"))|khi\\s+có\\s+yêu\\s+cầu)")
        static let directive = Rx("\(lb)(?:đề\\s+nghị|yêu\\s+cầu)\\s+")
        static let recount = Rx("^\\s*(?:Ngày\\s+\\d|Theo\\s+(?:Kế\\s+hoạch|Công\\s+văn|Quyết\\s+định|Thông\\s+báo|Chỉ\\s+thị|văn\\s+bản|KH)|Tại\\s+(?:Kế\\s+hoạch|Công\\s+văn|Quyết\\s+định|Thông\\s+báo|Chỉ\\s+thị|văn\\s+bản))", caseInsensitive: false)

        static let head = Rx("\(lb)(?:\(fz("báo cáo"))|\(fz("kế hoạch"))|\(fz("hồ sơ"))|\(fz("danh mục"))|\(fz("văn bản"))|\(fz("đề án"))|\(fz("biểu mẫu"))|\(fz("số liệu"))|\(fz("tờ trình"))|\(fz("bảng tổng hợp")))(?![\\p{L}])")
        static let headSkipAfter = Rx("^\\s+(?:này|số|nêu\\s+trên|trên|\\d|của\\s+\\p{Lu}|\\p{Lu})", caseInsensitive: false)
        static let headSkipBefore = Rx("(?:chế\\s+độ|theo|chậm|tổng\\s+hợp,?|tham\\s+mưu)\\s*$")
        static let whatStop = Rx("\\s+(?:về|gửi|trước|để|theo|cho|đến|định\\s+kỳ|chậm\\s+nhất|trong|qua|lên|tới|hằng|hàng|và\\s+gửi|đúng|khẩn\\s+trương|bảo\\s+đảm|đảm\\s+bảo)(?![\\p{L}])|,\\s*(?:gửi|về|trước|để|theo|đồng\\s+thời|bảo\\s+đảm|đảm\\s+bảo|kèm)(?![\\p{L}])|[;:(]|\\.(?:\\s|$)", caseInsensitive: false)

        static let recipientTo = Rx("\(lb)(?:về|gửi|lên|tới)\\s+(?=\\p{Lu})", caseInsensitive: false)
        static let recipientReport = Rx("\(lb)(?:\(fz("báo cáo")))\\s+(?:về\\s+)?(?=\\p{Lu})", caseInsensitive: false)
        static let recipientStop = Rx("\\s+(?:trước|để|theo|định\\s+kỳ|trong|chậm\\s+nhất|đồng\\s+thời|kèm|bảo\\s+đảm|đảm\\s+bảo|và\\s+hằng|hằng|hàng|cụ\\s+thể|khi|nhằm|gồm|bằng|trực\\s+tiếp|xem\\s+xét|tổng\\s+hợp|chậm|đúng|sau|qua\\s+hệ\\s+thống|qua\\s+thư|vào|kết\\s+quả|báo\\s+cáo|và\\s+cơ\\s+quan\\s+có)(?![\\p{L}])|\\s*[,;:(){}\\[\\]]|\\.(?:\\s|$)|\\./", caseInsensitive: false)
        static let via = Rx("^\\s*\\(\\s*(?:thông\\s+)?qua\\s+([^()]{1,120})\\)")

        static let listMarker = Rx("^\\s*(?:\\d{1,2}(?:\\.\\d{1,2})*\\s*[.)]|[-+•–—·]|[IVXLC]{1,6}\\s*[.)]|[a-zđ]\\s*\\)|Điều\\s+\\d+\\s*[.:]?|Mục\\s+\\d+\\s*[.:]?)(?=\\s|$)", caseInsensitive: false)
        static let roman = Rx("^\\s*[IVXLC]{1,6}\\s*[.)]\\s", caseInsensitive: false)
        static let subjectStopPattern = "\\s+(?:đề\\s+nghị|yêu\\s+cầu|giao|báo\\s+cáo|gửi|xây\\s+dựng|định\\s+kỳ|thực\\s+hiện|có\\s+trách\\s+nhiệm|chịu\\s+trách\\s+nhiệm|căn\\s+cứ|nộp|tổng\\s+hợp|có\\s+nhiệm\\s+vụ|khẩn\\s+trương|chủ\\s+trì|tiếp\\s+tục|nghiêm\\s+túc|hoàn\\s+thành|hoàn\\s+thiện|lập|rà\\s+soát|chủ\\s+động|triển\\s+khai|tổ\\s+chức|phải|cần|là\\s+đầu\\s+mối|theo\\s+dõi|đăng\\s+ký|kịp\\s+thời|thường\\s+xuyên|phối\\s+hợp|ban\\s+hành|cung\\s+cấp|được\\s+giao|tham\\s+mưu|quán\\s+triệt|trình|chỉ\\s+đạo|đôn\\s+đốc|hướng\\s+dẫn|tăng\\s+cường|đẩy\\s+mạnh|sẵn\\s+sàng|có)(?![\\p{L}])|\\s*:"
        static let subjectStop = Rx(subjectStopPattern, caseInsensitive: false)
        static let entity = Rx("^(?:các|thủ\\s+trưởng|trưởng|ủy\\s+ban|uỷ\\s+ban|ubnd|sở|phòng|văn\\s+phòng|trung\\s+tâm|tổ|hiệu\\s+trưởng|giám\\s+đốc|bệnh\\s+viện|trường|ban|chi\\s+cục|đoàn|hội\\s+đồng|cơ\\s+quan|đơn\\s+vị|người\\s+đứng\\s+đầu|lãnh\\s+đạo|chủ\\s+tịch|khoa|cục|bộ|viện|công\\s+an|đội|chánh|phó|cán\\s+bộ|trạm|chi\\s+nhánh|mỗi|từng|những|tập\\s+thể|hiệu\\s+phó|thanh\\s+tra|ttyt|bvđk|cdc|uban)(?![\\p{L}])")
        static let generic = Rx("^(?:các\\s+)?(?:đơn\\s+vị|phòng,\\s+đơn\\s+vị|cơ\\s+quan,\\s+đơn\\s+vị|cơ\\s+quan|phòng\\s+và\\s+đơn\\s+vị)$")
        static let leadVerb = Rx("^(?:giao|đề\\s+nghị|yêu\\s+cầu|đề\\s+nghị\\s+các|giao\\s+cho)\\s+")
        static let headingColon = Rx("^([^:]{1,60}):\\s+(?=\\S)", caseInsensitive: false)

        static let reportNumber = Rx("Số\\s*:?[^\\n]{0,20}/\\s*BC(?![\\p{L}])", caseInsensitive: false)
        static let typeLine = Rx("^\\s*(BÁO CÁO|KẾ HOẠCH|QUYẾT ĐỊNH|THÔNG BÁO|CÔNG VĂN|TỜ TRÌNH|CHỈ THỊ|HƯỚNG DẪN|CHƯƠNG TRÌNH|NGHỊ QUYẾT|KẾT LUẬN|CÔNG ĐIỆN|ĐỀ ÁN|QUY CHẾ|QUY ĐỊNH)\\s*$", caseInsensitive: false)
    }

    // MARK: - Document type

    /// A report (type BÁO CÁO): its number is `…/BC-…` or its first type heading is "BÁO CÁO".
    fileprivate static func isReport(_ src: Source) -> Bool {
        let headLen = min(src.count, 1500)
        let head = NSRange(location: 0, length: headLen)
        if reportNumberMay(src, headLen), P.reportNumber.first(src, head) != nil { return true }
        var lineStart = 0, lines = 0
        var i = 0
        while i <= src.count && lines < 60 {
            if i == src.count || src.u[i] == Ch.newline {
                let line = src.string(NSRange(location: lineStart, length: i - lineStart))
                if typeLineMay(src, lineStart, i), let m = P.typeLine.first(in: line) {
                    return (line as NSString).substring(with: m.range(at: 1)) == "BÁO CÁO"
                }
                lines += 1
                lineStart = i + 1
            }
            i += 1
        }
        return false
    }

    /// `P.reportNumber` needs "Số" and "BC" (case-sensitive) in the head.
    fileprivate static func reportNumberMay(_ src: Source, _ headLen: Int) -> Bool {
        var so = false, bc = false
        var i = 1
        while i < headLen {
            let a = src.u[i - 1], b = src.u[i]
            if a == 0x53 && b == 0x1ED1 { so = true }
            if a == 0x42 && b == 0x43 { bc = true }
            if so && bc { return true }
            i += 1
        }
        return false
    }

    /// `P.typeLine` (`^\\s*` then an upper-case type name): the first letter after the spaces.
    fileprivate static func typeLineMay(_ src: Source, _ from: Int, _ to: Int) -> Bool {
        let c = src.u.withUnsafeBufferPointer { firstAfterSpaces($0, from, to) }
        guard let c else { return false }
        switch c {
        case 0x42, 0x4B, 0x51, 0x54, 0x43, 0x48, 0x4E, 0x110: break   // B K Q T C H N Đ
        case 0xFFFF: return true
        default: return false
        }
        // the name is at most 12 units ("CHƯƠNG TRÌNH") and only \\s may follow it: a longer line
        // (ASCII spaces trimmed) cannot match unless it ends in other white space
        var e = to
        while e > from && (src.u[e - 1] == 0x20 || (src.u[e - 1] >= 0x09 && src.u[e - 1] <= 0x0D)) { e -= 1 }
        var s = from
        while s < e && (src.u[s] == 0x20 || (src.u[s] >= 0x09 && src.u[s] <= 0x0D)) { s += 1 }
        return e - s <= 12 || isOtherSpace(src.u[e - 1])
    }

    // MARK: - Blocks and sentences

    /// Paragraphs / list items, joining lines broken inside a sentence.
    fileprivate static func blocks(_ src: Source) -> [NSRange] {
        var lines: [NSRange] = []
        var start = 0
        for i in 0...src.count {
            if i == src.count || src.u[i] == Ch.newline {
                var a = start, b = i
                while a < b && Ch.isSpace(src.u[a]) { a += 1 }
                while b > a && Ch.isSpace(src.u[b - 1]) { b -= 1 }
                lines.append(NSRange(location: a, length: b - a))
                start = i + 1
            }
        }
        var out: [NSRange] = []
        var cur: NSRange? = nil
        var prevLine: NSRange? = nil
        var blank = false
        for line in lines {
            if line.length == 0 { blank = true; continue }
            defer { prevLine = line; blank = false }
            guard let c = cur, let pl = prevLine else { cur = line; continue }
            let last = src.u[pl.location + pl.length - 1]
            let first = src.u[line.location]
            let isList = listMarkerMay(src, line) && P.listMarker.first(src, line) != nil
            let endsPunct = [Ch.period, Ch.semicolon, Ch.colon, 0x21, 0x3F].contains(last)
            let heading = isCapitals(src, pl)
            let cont = !isList && (Ch.isLower(first) || (!blank && !endsPunct && !heading))
            if cont {
                cur = NSRange(location: c.location, length: line.location + line.length - c.location)
            } else {
                out.append(c)
                cur = line
            }
        }
        if let c = cur { out.append(c) }
        return out
    }

    /// A line with letters and no lower-case letter: a heading ("III. TỔ CHỨC THỰC HIỆN").
    fileprivate static func isCapitals(_ src: Source, _ r: NSRange) -> Bool {
        var letters = 0
        for i in r.location..<(r.location + r.length) {
            let c = src.u[i]
            if Ch.isLower(c) { return false }
            if Ch.isLetter(c) { letters += 1 }
        }
        return letters >= 4
    }

    /// Sentences of a block: split at `.`/`!`/`?` followed by a space and an upper-case letter or digit,
    /// except after a list marker or an abbreviation.
    fileprivate static func sentences(_ src: Source, _ block: NSRange) -> [NSRange] {
        var out: [NSRange] = []
        var s = block.location
        let end = block.location + block.length
        var i = block.location
        while i < end {
            let c = src.u[i]
            if (c == Ch.period || c == 0x21 || c == 0x3F), i + 2 < end, Ch.isSpace(src.u[i + 1]) {
                var j = i + 1
                while j < end && Ch.isSpace(src.u[j]) { j += 1 }
                if j < end, Ch.isUpper(src.u[j]) || Ch.isDigit(src.u[j]) {
                    let before = src.string(NSRange(location: s, length: i - s)).trimmingScalars(in: CS.whitespacesAndNewlines)
                    if !isMarkerOrAbbrev(before) {
                        out.append(trimmed(src, NSRange(location: s, length: i + 1 - s)))
                        s = j
                        i = j
                        continue
                    }
                }
            }
            i += 1
        }
        if s < end { out.append(trimmed(src, NSRange(location: s, length: end - s))) }
        return out.filter { $0.length > 0 }
    }

    fileprivate static let markerOnly = Rx("^(?:\\d{1,2}(?:\\.\\d{1,2})*|[IVXLC]{1,6}|[a-zđ]|Điều\\s+\\d+|Mục\\s+\\d+|Khoản\\s+\\d+)$", caseInsensitive: false)
    fileprivate static let abbrevEnd = Rx("(?:^|[\\s(])(?:TP|Tp|TX|ThS|TS|BS|PGS|GS|CN|KS|Th|Ths|Đ/c|đ/c|St|v\\.v|Mr|Ms|[A-ZĐ])$", caseInsensitive: false)

    fileprivate static func isMarkerOrAbbrev(_ before: String) -> Bool {
        if before.isEmpty { return true }
        if markerOnly.first(in: before) != nil { return true }
        // `abbrevEnd` ends with `$`: the last unit must end one of its alternatives (A–Z, Đ, p h s c t v r)
        if let l = before.utf16.last {
            let may = (l >= 0x41 && l <= 0x5A) || (l >= 0x0A && l <= 0x0D) || l == 0x110 || l == 0x70 || l == 0x68 || l == 0x73 || l == 0x63 || l == 0x74 || l == 0x76 || l == 0x72
                || (l >= 0x80 && (l >= 0x2070 || Scan.table.flags[Int(l)] & 1 == 0 || Scan.table.flags[Int(l)] & 32 != 0))
            if !may { return false }
        }
        return abbrevEnd.first(in: before) != nil
    }

    fileprivate static func trimmed(_ src: Source, _ r: NSRange) -> NSRange {
        var a = r.location, b = r.location + r.length
        while a < b && Ch.isSpace(src.u[a]) { a += 1 }
        while b > a && Ch.isSpace(src.u[b - 1]) { b -= 1 }
        return NSRange(location: a, length: b - a)
    }

    fileprivate static func startsWithRoman(_ src: Source, _ r: NSRange) -> Bool {
        P.roman.first(src, r) != nil
    }

    // MARK: - Deadlines

    fileprivate enum Kind { case quarter, quarterNext, monthly, monthlyNext, dateText, dateNum, withinMonth, dayOnly }

    fileprivate struct Deadline {
        let kind: Kind
        let range: NSRange
        let day: Int?
        let month: Int?
        let year: Int?
    }

    /// Letters (either case) and digits present in a range, for skipping patterns that need them.
    fileprivate struct Present {
        static let digit: UInt16 = 1, aGrave: UInt16 = 2, aAcute: UInt16 = 4, prefix: UInt16 = 8, yiAcute: UInt16 = 16
        /// the end of a deadline prefix word, letters at most one space apart (`fz`): ớc (trước),
        /// ất (nhất), ót (chót), ối (cuối), ộn (muộn); and ào (vào)
        static let prefixWord: UInt16 = 32, vao: UInt16 = 64
        static let all: UInt16 = 0xFFFF
        static let table: [UInt16] = {
            var t = [UInt16](repeating: 0, count: 0x1F00)
            for c in 0x30...0x39 { t[c] = digit }
            for c in [0xE0, 0xC0] { t[c] = aGrave }
            for c in [0xE1, 0xC1] { t[c] = aAcute }
            // one letter of each deadline prefix: trước (ớ), chậm nhất (ậ), hạn chót/cuối (ạ), không muộn hơn (ô)
            for c in [0x1EDB, 0x1EDA, 0x1EAD, 0x1EAC, 0x1EA1, 0x1EA0, 0xF4, 0xD4] { t[c] = prefix }
            for c in [0xFD, 0xDD, 0xED, 0xCD] { t[c] = yiAcute }
            return t
        }()

        /// What occurs in `r`; `all` when a unit could be a non-ASCII digit or fold unusually.
        static func of(_ src: Source, _ r: NSRange) -> UInt16 {
            var m: UInt16 = 0
            let t = table
            let f = DocumentSplitter.fold16
            var prev: UInt16 = 0, prev2: UInt16 = 0   // folded previous units
            for i in r.location..<(r.location + r.length) {
                let c = src.u[i]
                if c < 0x1F00 {
                    if c >= 0x250 && c < 0x1E00 { return all }   // other scripts: may hold \\d or fold to these
                    m |= t[Int(c)]
                } else if c >= 0x2070 || c == 0x200C || c == 0x200D { return all }
                let fc = f[Int(c)]
                if fc == 0 && c != 0 { return all }   // a special case folding (ſ, İ, ß…)
                if fc == 0x63 || fc == 0x74 || fc == 0x69 || fc == 0x6E || fc == 0x6F {
                    let x = prev == 0x20 ? prev2 : prev   // (a space itself ends no pair)
                    switch (x, fc) {
                    case (0x1EDB, 0x63), (0x1EA5, 0x74), (0xF3, 0x74), (0x1ED1, 0x69), (0x1ED9, 0x6E): m |= prefixWord
                    case (0xE0, 0x6F): m |= vao
                    default: break
                    }
                }
                prev2 = prev; prev = fc
            }
            return m
        }
    }

    fileprivate static let deadlineTable: [(Kind, Rx)] = [(.quarter, P.quarter), (.quarterNext, P.quarterNext), (.monthly, P.monthly),
                                                          (.monthlyNext, P.monthlyNext), (.dateText, P.dateText), (.dateNum, P.dateNum),
                                                          (.withinMonth, P.withinMonth), (.withinMonth, P.withinQuarter), (.dayOnly, P.dayOnly)]
    fileprivate static let deadlineNeeds: [(UInt16, UInt16)] = {
        let dg = Present.digit | Present.aGrave, lead = Present.prefixWord | Present.vao
        return [(dg, lead), (dg, lead), (dg, lead), (dg, lead), (Present.digit | Present.aAcute | Present.prefixWord, 0),
                (Present.digit | Present.prefixWord, 0), (Present.digit | Present.aAcute, 0), (Present.yiAcute, 0), (dg, lead)]
    }()

    fileprivate static func deadlines(_ src: Source, _ r: NSRange) -> [Deadline] {
        let table = deadlineTable
        // What each pattern cannot match without (case-insensitive letters, \\d): all of `needs.0`,
        // one of `needs.1` (when not 0).
        let has = Present.of(src, r)
        var found: [Deadline] = []
        for (ti, (kind, rx)) in table.enumerated() {
            let need = deadlineNeeds[ti]
            guard has & need.0 == need.0, need.1 == 0 || has & need.1 != 0 else { continue }
            for m in rx.all(src, r) {
                if found.contains(where: { NSIntersectionRange($0.range, m.range).length > 0 }) { continue }
                func int(_ k: Int) -> Int? {
                    guard k < m.numberOfRanges else { return nil }
                    let g = m.range(at: k)
                    guard g.location != NSNotFound, g.length > 0 else { return nil }
                    return Int(src.string(g))
                }
                let d: Deadline
                switch kind {
                case .quarter, .quarterNext, .monthly, .monthlyNext, .dayOnly:
                    d = Deadline(kind: kind, range: m.range, day: int(1), month: nil, year: nil)
                case .dateText, .dateNum:
                    d = Deadline(kind: kind, range: m.range, day: int(1), month: int(2), year: int(3))
                case .withinMonth:
                    if rx === P.withinQuarter {
                        let q = ["I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4][src.string(m.range(at: 1)).uppercased()]
                        d = Deadline(kind: kind, range: m.range, day: nil, month: q.map { $0 * 3 }, year: int(2))
                    } else {
                        d = Deadline(kind: kind, range: m.range, day: nil, month: int(1), year: int(2))
                    }
                }
                found.append(d)
                // "trước ngày 15/6 và 15/12": dates chained after a deadline share its prefix.
                guard kind == .dateText || kind == .dateNum else { continue }
                var tail = m.range.location + m.range.length
                while let c = P.chain.first(src, NSRange(location: tail, length: r.location + r.length - tail)) {
                    let g = { (k: Int) -> Int? in
                        let x = c.range(at: k)
                        return x.location == NSNotFound || x.length == 0 ? nil : Int(src.string(x))
                    }
                    if found.contains(where: { NSIntersectionRange($0.range, c.range).length > 0 }) { break }
                    found.append(Deadline(kind: .dateNum, range: c.range, day: g(1), month: g(2) ?? g(3), year: g(4)))
                    tail = c.range.location + c.range.length
                }
            }
        }
        return found.sorted { $0.range.location < $1.range.location }
    }

    /// Whether `d` falls before the document's date (compared at the precision the document date has).
    fileprivate static func isBefore(_ d: DocDate, _ doc: DocDate?) -> Bool {
        guard let doc else { return false }
        if d.year != doc.year { return d.year < doc.year }
        guard let dm = doc.month, let m = d.month else { return false }
        if m != dm { return m < dm }
        guard let dd = doc.day, let day = d.day else { return false }
        return day < dd
    }

    fileprivate static func make(_ y: Int, _ m: Int, _ d: Int) -> DocDate? {
        guard (1...12).contains(m), d >= 1, d <= 31, (1900...2200).contains(y) else { return nil }
        return DocDate(year: y, month: m, day: min(d, DocDate.daysIn(month: m, year: y)))
    }

    /// Due date and whether the deadline carries its own year; nil when the deadline is not a date.
    fileprivate static func resolve(_ dl: Deadline, in src: Source, sentence: NSRange, doc: DocDate?) -> (due: DocDate?, dated: Bool)? {
        let after = NSRange(location: dl.range.location + dl.range.length,
                            length: sentence.location + sentence.length - dl.range.location - dl.range.length)
        switch dl.kind {
        case .dateText, .dateNum:
            guard let d = dl.day, let m = dl.month, (1...12).contains(m), (1...31).contains(d) else { return nil }
            if let y = dl.year {
                guard DocDate.isValid(year: y, month: m, day: d) else { return nil }
                return (DocDate(year: y, month: m, day: d), true)
            }
            guard let doc else { return (nil, false) }
            guard d <= DocDate.daysIn(month: m, year: 2024) else { return nil }
            var y = doc.year
            if let c = make(y, m, d), isBefore(c, doc) { y += 1 }
            return (make(y, m, d), false)
        case .withinMonth:
            guard let m = dl.month, (1...12).contains(m) else { return nil }
            if let y = dl.year {
                guard (1900...2200).contains(y) else { return nil }
                return (DocDate(year: y, month: m, day: DocDate.daysIn(month: m, year: y)), true)
            }
            guard let doc else { return (nil, false) }
            var y = doc.year
            if let c = make(y, m, DocDate.daysIn(month: m, year: y)), isBefore(c, doc) { y += 1 }
            return (make(y, m, DocDate.daysIn(month: m, year: y)), false)
        case .quarter, .quarterNext:
            guard let d = dl.day, (1...31).contains(d) else { return nil }
            var q: Int? = nil, y: Int? = nil
            if let m = P.quarterStart.first(src, after) {
                let qs = src.string(m.range(at: 1)).uppercased()
                q = ["I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4][qs]
                if m.range(at: 2).location != NSNotFound { y = Int(src.string(m.range(at: 2))) }
            }
            guard let doc else { return (nil, false) }
            var qq = q ?? (((doc.month ?? 1) - 1) / 3 + 1)
            var yy = y ?? doc.year
            let shift = dl.kind == .quarterNext ? 1 : 0
            for _ in 0..<12 {
                let total = yy * 12 + (qq * 3 - 1) + shift   // 0-based month index of the due month
                guard let c = make(total / 12, total % 12 + 1, d) else { return nil }
                if !isBefore(c, doc) { return (c, false) }
                qq += 1
                if qq > 4 { qq = 1; yy += 1 }
            }
            return nil
        case .monthly, .monthlyNext, .dayOnly:
            guard let d = dl.day, (1...31).contains(d) else { return nil }
            var m0: Int? = nil, y0: Int? = nil
            if let m = P.monthStart.first(src, after) {
                m0 = Int(src.string(m.range(at: 1)))
                if m.range(at: 2).location != NSNotFound { y0 = Int(src.string(m.range(at: 2))) }
                if let v = m0, !(1...12).contains(v) { m0 = nil }
            }
            guard let doc else { return (nil, false) }
            var total = (y0 ?? doc.year) * 12 + ((m0 ?? doc.month ?? 1) - 1)
            if dl.kind == .monthlyNext && m0 == nil { total += 0 }
            for _ in 0..<26 {
                guard let c = make(total / 12, total % 12 + 1, d) else { return nil }
                if !isBefore(c, doc) { return (c, false) }
                total += 1
            }
            return nil
        }
    }

    /// The cadence written closest before the deadline (or right after it: "… tháng 12 hằng năm").
    fileprivate static func cadence(_ src: Source, before r: NSRange, after: NSRange) -> Recurrence? {
        if P.annualAfter.first(src, after) != nil { return .annual }
        var best: (Int, Recurrence)? = nil
        for (rec, rx) in [(Recurrence.semiannual, P.semi), (.annual, P.annual), (.quarterly, P.quarterly), (.monthly, P.monthlyWord)] {
            for m in rx.all(src, r) where best == nil || m.range.location > best!.0 {
                best = (m.range.location, rec)
            }
        }
        return best?.1
    }

    // MARK: - Obligations of one sentence

    fileprivate static func obligations(in s: NSRange, ctx: Context, blockSubject: String?, sectionSubject: String?) -> [Obligation] {
        let src = ctx.src
        let sentenceText = src.string(s)
        let dls = deadlines(src, s)
        let span = src.span(s)
        let text = src.originalText(span)
        guard P.trigger.first(src, s) != nil else { return [] }
        // A table row ("… | Văn phòng Sở | trước ngày 30/6") is a task list: only an explicit report counts.
        // (a tab is always a Character of its own; "|" is checked as before where its byte occurs)
        if (sentenceText.utf8.contains(0x7C) && sentenceText.contains("|")) || text.utf8.contains(0x09) {
            guard P.strongTrigger.first(src, s) != nil else { return [] }
        }
        let recounted = P.recount.first(in: sentenceText) != nil
        let explicit = explicitSubject(src, s)

        func reporter() -> String? {
            if let e = explicit, !e.generic, !(e.directed && !ctx.addressees.isEmpty) { return e.name }
            if !ctx.addressees.isEmpty { return ctx.addressees.joined(separator: "; ") }
            return explicit?.name ?? blockSubject ?? sectionSubject
        }

        if dls.isEmpty {
            // Periodic or ad-hoc duty without a date.
            guard !recounted, P.periodic.first(src, s) != nil, let rep = P.report.first(src, s) else { return [] }
            // "chế độ báo cáo" alone is not a duty to report.
            let prefix = src.string(NSRange(location: s.location, length: rep.range.location - s.location))
            if prefix.hasSuffix("chế độ ") && P.report.all(src, s).count == 1 { return [] }
            let what = whatPhrase(src, NSRange(location: s.location, length: s.length)) ?? "báo cáo"
            return [Obligation(what: what, due: nil, recurrence: .unscheduled, reporter: reporter(),
                               recipient: recipient(src, clause: s, sentence: s, ctx: ctx),
                               span: span, text: text)]
        }

        var out: [Obligation] = []
        let sEnd = s.location + s.length
        let directive = P.directive.all(src, s)
        var prevEnd = s.location
        var prevRecurrence: Recurrence? = nil
        for dl in dls {
            defer { prevEnd = dl.range.location + dl.range.length }
            let dlEnd = dl.range.location + dl.range.length
            let after = NSRange(location: dlEnd, length: sEnd - dlEnd)
            guard let (due, dated) = resolve(dl, in: src, sentence: s, doc: ctx.date) else { continue }
            if let due, dated, isBefore(due, ctx.date) { continue }   // a past deadline recounted
            // A deadline without a year in a recounting sentence belongs to the document recounted.
            if recounted && !dated && !directive.contains(where: { $0.range.location < dl.range.location }) { continue }

            let clause = clauseRange(src, around: dl.range, in: s)
            let segStart = max(clause.location, prevEnd)
            let seg = NSRange(location: segStart, length: max(0, dl.range.location - segStart))
            let recurrence: Recurrence
            let written = cadence(src, before: seg, after: after)
            switch dl.kind {
            case .quarter, .quarterNext: recurrence = .quarterly
            case .monthly, .monthlyNext: recurrence = .monthly
            case .dayOnly:
                // "định kỳ hằng tháng (trước ngày 20)": a day alone is a deadline only in a monthly cadence.
                guard written == .monthly || (written == nil && prevRecurrence == .monthly) else { continue }
                recurrence = .monthly
            case .dateText, .dateNum, .withinMonth:
                if dated { recurrence = .once }
                else if let w = written { recurrence = w }
                else if seg.length <= 12, let p = prevRecurrence, p != .once {
                    recurrence = p == .semiannual ? .annual : p   // "6 tháng và năm (trước ngày 15/6 và 15/12)"
                } else { recurrence = .once }
            }
            prevRecurrence = recurrence
            // What is due: the object named in this clause before the deadline (after "đề nghị …").
            var whatStart = max(clause.location, prevEnd == s.location ? clause.location : prevEnd)
            if let d = directive.last(where: { $0.range.location < dl.range.location && $0.range.location >= clause.location }) {
                whatStart = max(whatStart, d.range.location + d.range.length)
            }
            var what = whatPhrase(src, NSRange(location: whatStart, length: max(0, dl.range.location - whatStart)))
            if what == nil, whatStart > clause.location {
                what = whatPhrase(src, NSRange(location: clause.location, length: max(0, dl.range.location - clause.location)))
            }
            if what == nil {
                what = whatPhrase(src, NSRange(location: dlEnd, length: max(0, clause.location + clause.length - dlEnd)))
            }
            let label: String
            switch recurrence {
            case .semiannual: label = "báo cáo 06 tháng"
            case .annual: label = "báo cáo hằng năm"
            case .quarterly: label = "báo cáo hằng quý"
            case .monthly: label = "báo cáo hằng tháng"
            case .once, .unscheduled: label = "báo cáo"
            }
            let finalWhat: String
            if recurrence != .once, what == nil || what!.lowercased().hasPrefix("báo cáo") {
                finalWhat = label
            } else {
                finalWhat = what ?? label
            }
            out.append(Obligation(what: finalWhat, due: due, recurrence: recurrence, reporter: reporter(),
                                  recipient: recipient(src, clause: clause, sentence: s, ctx: ctx),
                                  span: span, text: text))
        }
        return out
    }

    /// The `;`-delimited clause of the sentence holding `r`.
    fileprivate static func clauseRange(_ src: Source, around r: NSRange, in s: NSRange) -> NSRange {
        var a = r.location
        while a > s.location && src.u[a - 1] != Ch.semicolon { a -= 1 }
        var b = r.location + r.length
        let end = s.location + s.length
        while b < end && src.u[b] != Ch.semicolon { b += 1 }
        return NSRange(location: a, length: b - a)
    }

    // MARK: - What, who, to whom

    fileprivate static func whatPhrase(_ src: Source, _ r: NSRange) -> String? {
        guard r.length > 0 else { return nil }
        for m in P.head.all(src, r) {
            let headEnd = m.range.location + m.range.length
            let rest = NSRange(location: headEnd, length: r.location + r.length - headEnd)
            let before = src.string(NSRange(location: r.location, length: m.range.location - r.location))
            if P.headSkipAfter.first(in: src.string(NSRange(location: headEnd, length: min(rest.length, 40)))) != nil { continue }
            if P.headSkipBefore.first(in: before) != nil { continue }
            var end = r.location + r.length
            if let stop = P.whatStop.first(src, rest) { end = stop.range.location }
            var phrase = tidy(src.string(NSRange(location: m.range.location, length: end - m.range.location)))
            if phrase.count > 200 { phrase = String(phrase.prefix(200)) }
            guard !phrase.isEmpty else { continue }
            return lowerFirst(phrase)
        }
        return nil
    }

    fileprivate struct Subject {
        let name: String
        let generic: Bool
        /// Named after "đề nghị"/"yêu cầu"/"giao": in a letter, the addressees are the better name.
        var directed = false
    }

    // MARK: - Prefilters (necessary conditions; false only when the pattern cannot match)

    /// `\\s` members outside ASCII (`\\p{Z}` and NEL): a prefilter meeting one gives up.
    @inline(__always) fileprivate static func isOtherSpace(_ c: UInt16) -> Bool {
        c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
            || c == 0x202F || c == 0x205F || c == 0x3000
    }

    /// First unit after leading ASCII white space of `units[from..<to]`; nil when there is none,
    /// `0xFFFF` when a non-ASCII space makes the answer unclear.
    @inline(__always) fileprivate static func firstAfterSpaces(_ units: UnsafeBufferPointer<UInt16>, _ from: Int, _ to: Int) -> UInt16? {
        var i = from
        while i < to {
            let c = units[i]
            if c == 0x20 || (c >= 0x09 && c <= 0x0D) { i += 1; continue }
            if isOtherSpace(c) { return 0xFFFF }
            return c
        }
        return nil
    }

    /// `P.listMarker` (`^\\s*` then a digit, `-+•–—·`, a Roman numeral letter, `[a-zđ]`, Điều, Mục).
    fileprivate static func listMarkerMay(_ c: UInt16?) -> Bool {
        guard let c else { return false }
        if c < 0x80 {
            return (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2B || c == 0x49 || c == 0x56 || c == 0x58
                || c == 0x4C || c == 0x43 || (c >= 0x61 && c <= 0x7A) || c == 0x4D
        }
        if c == 0x2022 || c == 0x2013 || c == 0x2014 || c == 0xB7 || c == 0x111 || c == 0x110 { return true }
        return c >= 0x2070 || Scan.table.flags[Int(c)] & 1 == 0   // not simple: may be a digit (\\d is Unicode)
    }
    fileprivate static func listMarkerMay(_ t: String) -> Bool {
        let u = Array(t.utf16)
        return u.withUnsafeBufferPointer { listMarkerMay(firstAfterSpaces($0, 0, $0.count)) }
    }
    fileprivate static func listMarkerMay(_ src: Source, _ r: NSRange) -> Bool {
        src.u.withUnsafeBufferPointer { listMarkerMay(firstAfterSpaces($0, r.location, r.location + r.length)) }
    }

    /// `P.leadVerb` (case-insensitive, anchored): giao, đề nghị, yêu cầu.
    fileprivate static func leadVerbMay(_ t: String) -> Bool {
        guard let c = t.utf16.first else { return false }
        switch c {
        case 0x67, 0x47, 0x79, 0x59, 0x111, 0x110: return true
        default: return c >= 0x2070 || Scan.table.flags[Int(c)] & 1 == 0
        }
    }

    /// `P.entity` (case-insensitive, anchored): the first letters of its alternatives.
    fileprivate static func entityMay(_ t: String) -> Bool {
        guard let c = t.utf16.first else { return false }
        if c < 0x80 {
            switch c | 0x20 {
            case 0x63, 0x74, 0x75, 0x73, 0x70, 0x76, 0x67, 0x62, 0x68, 0x6E, 0x6C, 0x6B, 0x6D: return c >= 0x41
            default: return false
            }
        }
        switch c {
        case 0x1EE7, 0x1EE6, 0x111, 0x110, 0x17F: return true   // ủ Ủ đ Đ ſ
        default: return c >= 0x2070 || Scan.table.flags[Int(c)] & 1 == 0
        }
    }

    /// Who the sentence names as its subject: "Các đơn vị trực thuộc định kỳ …" → "Các đơn vị trực thuộc".
    /// The alternatives of `P.subjectStop` (`\\s+(?:A|B|…)(?![\\p{L}])|\\s*:`) as words (an
    /// alternative's words are joined by `\\s+`), parsed from the pattern; nil if it has another shape.
    static var subjectStopPattern: String { P.subjectStopPattern }

    fileprivate static let subjectStopWords: [[[UInt16]]]? = {
        let pat = P.subjectStopPattern
        let head = "\\s+(?:", tail = ")(?![\\p{L}])|\\s*:"
        guard pat.hasPrefix(head), pat.hasSuffix(tail) else { return nil }
        let inner = pat.dropFirst(head.count).dropLast(tail.count)
        var out: [[[UInt16]]] = []
        for alt in inner.split(separator: "|", omittingEmptySubsequences: false) {
            let words = alt.components(separatedBy: "\\s+")
            for w in words where w.isEmpty || !w.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) { return nil }
            out.append(words.map { Array($0.utf16) })
        }
        return out
    }()

    /// Location of the first match of `P.subjectStop` in `t` (nil: none), by a scanner when `t`
    /// holds no white space but ASCII tab, newline, form feed, return and space (where `\\s` is
    /// unambiguous); otherwise by the regex.
    static func subjectStopLocation(_ t: String) -> Int? {
        let u = Array(t.utf16)
        let n = u.count
        guard let alts = subjectStopWords, !u.contains(where: { $0 == 0x0B || isOtherSpace($0) }) else {
            return P.subjectStop.first(in: t)?.range.location
        }
        @inline(__always) func ws(_ c: UInt16) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0C || c == 0x0D }
        func isLetterAt(_ i: Int) -> Bool {
            let c = u[i]
            if c < 0x80 { return (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
            var v = UInt32(c)
            if c >= 0xD800 && c < 0xDC00, i + 1 < n, u[i + 1] >= 0xDC00 && u[i + 1] < 0xE000 {
                v = 0x10000 + ((UInt32(c) - 0xD800) << 10) + (UInt32(u[i + 1]) - 0xDC00)
            }
            guard let sc = Unicode.Scalar(v) else { return false }
            switch sc.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
            default: return false
            }
        }
        func altAt(_ q: Int) -> Bool {
            for alt in alts {
                var k = q
                var ok = true
                for (wi, w) in alt.enumerated() {
                    if wi > 0 {
                        guard k < n, ws(u[k]) else { ok = false; break }
                        while k < n && ws(u[k]) { k += 1 }
                    }
                    guard k + w.count <= n else { ok = false; break }
                    for j in 0..<w.count where u[k + j] != w[j] { ok = false; break }
                    if !ok { break }
                    k += w.count
                }
                if ok && (k == n || !isLetterAt(k)) { return true }
            }
            return false
        }
        var p = 0
        while p < n {
            let c = u[p]
            if c == 0x3A { return p }
            if ws(c) {
                var q = p
                while q < n && ws(u[q]) { q += 1 }
                if q < n && (u[q] == 0x3A || altAt(q)) { return p }
                p = q
                continue
            }
            p += 1
        }
        return nil
    }

    fileprivate static func explicitSubject(_ src: Source, _ s: NSRange) -> Subject? {
        var t = src.string(s)
        if listMarkerMay(t), let m = P.listMarker.first(in: t) { t = String((t as NSString).substring(from: m.range.length)) }
        t = t.trimmingScalars(in: CS.whitespacesAndNewlines)
        // "Chế độ báo cáo: Các sở …" drops the heading; "Trung tâm X: tăng cường …" keeps the subject before the colon.
        if t.utf8.contains(0x3A), let m = P.headingColon.first(in: t) {
            let ns = t as NSString
            let restStart = m.range.location + m.range.length
            if restStart < ns.length, let c = ns.substring(from: restStart).utf16.first {
                if Ch.isLower(c) {
                    var name = tidy(ns.substring(with: m.range(at: 1)))
                    if let st = subjectStopLocation(name), st > 0 {
                        name = tidy((name as NSString).substring(to: st))
                    }
                    if entityMay(name), P.entity.first(in: name) != nil { return Subject(name: name, generic: P.generic.first(in: name.lowercased()) != nil) }
                } else {
                    t = ns.substring(from: restStart)
                }
            }
        }
        var directed = false
        if leadVerbMay(t), let m = P.leadVerb.first(in: t) {
            directed = !t.lowercased().hasPrefix("giao")
            t = (t as NSString).substring(from: m.range.length)
        }
        guard entityMay(t), P.entity.first(in: t) != nil else { return nil }
        guard var stop = subjectStopLocation(t), stop > 0 else { return nil }
        // "Sở … đề nghị Hiệu trưởng Trường X khẩn trương …": the one asked is the reporter, not the one asking.
        if !directed, let d = P.directive.first(in: t), d.range.location <= stop + 1 {
            t = (t as NSString).substring(from: d.range.location + d.range.length)
            directed = true
            guard entityMay(t), P.entity.first(in: t) != nil, let st = subjectStopLocation(t), st > 0 else {
                return nil
            }
            stop = st
        }
        let name = tidy((t as NSString).substring(to: stop))
        guard !name.isEmpty, name.count <= 160 else { return nil }
        return Subject(name: upperFirst(name), generic: P.generic.first(in: name.lowercased()) != nil, directed: directed)
    }

    /// "3. Các phòng thuộc Sở và đơn vị trực thuộc:" → "Các phòng thuộc Sở và đơn vị trực thuộc".
    fileprivate static func headingSubject(_ src: Source, _ s: NSRange) -> String? {
        var t = src.string(s)
        if listMarkerMay(t), let m = P.listMarker.first(in: t) { t = String((t as NSString).substring(from: m.range.length)) }
        t = tidy(t)
        while t.hasSuffix(":") { t.removeLast() }
        t = tidy(t)
        guard !t.isEmpty, t.count <= 120, entityMay(t), P.entity.first(in: t) != nil else { return nil }
        return t
    }

    /// To whom: "gửi về Sở (qua Văn phòng Sở)", "báo cáo Sở Y tế (thông qua Phòng Tổ chức cán bộ)";
    /// a bare "Sở" is the issuing Sở; defaults to the issuer.
    fileprivate static func recipient(_ src: Source, clause: NSRange, sentence: NSRange, ctx: Context) -> String? {
        for region in [clause, sentence] {
            if let r = recipientIn(src, region) { return expand(r, issuer: ctx.issuer) }
        }
        return ctx.issuer
    }

    fileprivate static func recipientIn(_ src: Source, _ region: NSRange) -> String? {
        let end = region.location + region.length
        var candidates = P.recipientTo.all(src, region)
        let reports = P.recipientReport.all(src, region).filter { m in
            let before = src.string(NSRange(location: region.location, length: m.range.location - region.location))
            return !(before.hasSuffix("tổng hợp, ") || before.hasSuffix("tổng hợp ") || before.hasSuffix("để ")
                     || before.hasSuffix("Kính ") || before.hasSuffix("kính "))
        }
        candidates += reports
        for m in candidates {
            let start = m.range.location + m.range.length
            let rest = NSRange(location: start, length: end - start)
            var stop = end
            if let st = P.recipientStop.first(src, rest) { stop = st.range.location }
            var name = tidy(src.string(NSRange(location: start, length: stop - start)))
            guard !name.isEmpty, name.count <= 120 else { continue }
            let tailRange = NSRange(location: stop, length: end - stop)
            if let v = P.via.first(src, tailRange) {
                name += " (qua " + tidy(src.string(v.range(at: 1))) + ")"
            }
            let low = name.lowercased()
            if low.hasPrefix("kế hoạch") || low.hasPrefix("công văn") || low.hasPrefix("quyết định") || low.hasPrefix("nghị định") { continue }
            return name
        }
        return nil
    }

    fileprivate static func expand(_ name: String, issuer: String?) -> String {
        guard let issuer, issuer.hasPrefix("Sở ") else { return name }
        if name == "Sở" { return issuer }
        if name.hasPrefix("Sở (") { return issuer + " " + String(name.dropFirst(3)).trimmingScalars(in: CS.whitespaces) }
        return name
    }

    // MARK: - Strings

    fileprivate static func tidy(_ s: String) -> String {
        var t = Scan.joinWords(s) ?? s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        while let l = t.last, ",;.:-–".contains(l) { t.removeLast(); t = t.trimmingScalars(in: CS.whitespaces) }
        while let f = t.first, ",;.:-–".contains(f) { t.removeFirst(); t = t.trimmingScalars(in: CS.whitespaces) }
        return t
    }

    fileprivate static func lowerFirst(_ s: String) -> String {
        guard let f = s.first else { return s }
        // Keep acronyms ("UBND …") as written.
        if s.count > 1, let second = s.dropFirst().first, second.isUppercase { return s }
        return f.lowercased() + s.dropFirst()
    }

    fileprivate static func upperFirst(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst()
    }
}

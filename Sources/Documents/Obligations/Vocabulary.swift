import Foundation

extension ObligationExtractor {
    /// The words the extractor looks for, one list per role. Each pattern of `Patterns` is made
    /// from these lists (so are the prefilters: see `Piece`).
    enum Vocabulary {
        /// Words that open a deadline: "trước ngày", "chậm nhất là ngày", "không muộn hơn ngày".
        static let deadlineLeads: [Piece] = [
            .ocr("trước"),
            .ocr("chậm nhất") + .raw("(?:\\s+là)?"),
            .ocr("hạn chót") + .raw("(?:\\s+là)?"),
            .ocr("hạn cuối") + .raw("(?:\\s+là)?"),
            .plain("không muộn hơn"),
            .ocr("hoàn thành") + .plain("trước").asSyntax(prefix: "\\s+"),
        ]
        /// Words that make a duty: to report, send or submit something.
        static let reportVerbs = ["báo cáo", "gửi", "nộp"]
        /// Verbs of making a plan or a file ("xây dựng kế hoạch"), and what they make.
        static let makeVerbs = ["xây dựng", "ban hành", "lập", "hoàn thiện"]
        static let madeThings = ["kế hoạch", "hồ sơ", "danh mục", "văn bản", "đề án"]
        /// What a duty may ask for ("báo cáo …", "kế hoạch …"): the head of `what`.
        static let deliverables = ["báo cáo", "kế hoạch", "hồ sơ", "danh mục", "văn bản", "đề án", "biểu mẫu", "số liệu", "tờ trình", "bảng tổng hợp"]
        /// Cadence words: "hằng tháng", "mỗi quý".
        static let every = ["hằng", "hàng", "mỗi"]
        /// Words after which a name of a unit stops ("Các đơn vị trực thuộc | định kỳ báo cáo …").
        static let subjectStops = [
            "đề nghị", "yêu cầu", "giao", "báo cáo", "gửi", "xây dựng", "định kỳ", "thực hiện", "có trách nhiệm",
            "chịu trách nhiệm", "căn cứ", "nộp", "tổng hợp", "có nhiệm vụ", "khẩn trương", "chủ trì", "tiếp tục",
            "nghiêm túc", "hoàn thành", "hoàn thiện", "lập", "rà soát", "chủ động", "triển khai", "tổ chức", "phải",
            "cần", "là đầu mối", "theo dõi", "đăng ký", "kịp thời", "thường xuyên", "phối hợp", "ban hành", "cung cấp",
            "được giao", "tham mưu", "quán triệt", "trình", "chỉ đạo", "đôn đốc", "hướng dẫn", "tăng cường", "đẩy mạnh",
            "sẵn sàng", "có",
        ]
        /// Words a unit's name starts with ("Các …", "Trung tâm …", "UBND …").
        static let unitHeads = [
            "các", "thủ trưởng", "trưởng", "ủy ban", "uỷ ban", "ubnd", "sở", "phòng", "văn phòng", "trung tâm", "tổ",
            "hiệu trưởng", "giám đốc", "bệnh viện", "trường", "ban", "chi cục", "đoàn", "hội đồng", "cơ quan", "đơn vị",
            "người đứng đầu", "lãnh đạo", "chủ tịch", "khoa", "cục", "bộ", "viện", "công an", "đội", "chánh", "phó",
            "cán bộ", "trạm", "chi nhánh", "mỗi", "từng", "những", "tập thể", "hiệu phó", "thanh tra", "ttyt", "bvđk",
            "cdc", "uban",
        ]
        /// Verbs that put the one asked after them: "Sở … đề nghị Trường X …".
        static let askingVerbs = ["giao", "đề nghị", "yêu cầu", "đề nghị các", "giao cho"]
        /// Type headings of a document ("BÁO CÁO" on a line of its own).
        static let typeHeadings = ["BÁO CÁO", "KẾ HOẠCH", "QUYẾT ĐỊNH", "THÔNG BÁO", "CÔNG VĂN", "TỜ TRÌNH", "CHỈ THỊ", "HƯỚNG DẪN",
                                   "CHƯƠNG TRÌNH", "NGHỊ QUYẾT", "KẾT LUẬN", "CÔNG ĐIỆN", "ĐỀ ÁN", "QUY CHẾ", "QUY ĐỊNH"]
        /// List markers: bullets, Roman numerals' letters, and headings numbered in words.
        static let bullets = "-+•–—·"
        static let romanLetters = "IVXLC"
        static let numberedHeadings = ["Điều", "Mục"]
        /// Abbreviations a sentence may end in without ending ("TP. Vinh", "ThS. Nguyễn").
        static let abbreviations = ["TP", "Tp", "TX", "ThS", "TS", "BS", "PGS", "GS", "CN", "KS", "Th", "Ths", "Đ/c", "đ/c", "St", "v.v", "Mr", "Ms"]
    }
}

extension ObligationExtractor.Piece {
    /// The piece as regex syntax after `prefix`, keeping what it needs.
    func asSyntax(prefix: String) -> ObligationExtractor.Piece { ObligationExtractor.Piece(regex: prefix + regex, needs: needs) }
}

extension ObligationExtractor {
    /// The compiled patterns.
    enum Patterns {
        static let wordStart = "(?<![\\p{L}\\p{N}])"
        static let deadlineLead = Piece.either(Vocabulary.deadlineLeads)
        static let time = Piece.raw("(?:\\s+\\d{1,2}\\s*(?:giờ|h|g)(?:\\s*\\d{1,2})?(?:\\s*phút)?\\s*,?)?")
        static let optionalDayWord = Piece.raw("\\s+(?:\(Piece.ocrTolerant("ngày"))\\s*)?")
        static let dayWord = Piece.raw("\\s+") + .ocr("ngày") + .raw("\\s*")
        /// A deadline lead, or "vào" ("vào ngày 20 hằng tháng").
        static let lead = Piece.raw(wordStart) + .either([deadlineLead, .plain("vào")])
        static let quarterWord = Piece(regex: "qu\\s?[ýí]", needs: .oneOf(["quý", "quí"]))
        static let month = Piece.ocr("tháng")
        static let year = Piece.ocr("năm")
        static let day = Piece.raw("(\\d{1,2})", digit: true)
        static let everyWord = Piece.raw("(?:" + Vocabulary.every.joined(separator: "|") + ")")

        static let quarter = Pattern(lead + dayWord + day + .raw("\\s+(?:của\\s+)?") + month
                                     + .raw("\\s+cuối\\s+(?:của\\s+)?(?:mỗi\\s+|các\\s+)?") + quarterWord)
        static let quarterNext = Pattern(lead + dayWord + day + .raw("\\s+(?:của\\s+)?") + month + .raw("\\s+đầu\\s+(?:của\\s+)?")
                                         + quarterWord + .raw("\\s+(?:sau|tiếp\\s+theo|kế\\s+tiếp)"))
        static let monthly = Pattern(lead + dayWord + day + .raw("\\s+(?:của\\s+)?") + everyWord + .raw("\\s+") + month)
        static let monthlyNext = Pattern(lead + dayWord + day + .raw("\\s+(?:của\\s+)?") + month + .raw("\\s+(?:sau|tiếp\\s+theo|kế\\s+tiếp)"))
        static let dateText = Pattern(.raw(wordStart) + deadlineLead + time + optionalDayWord + day + .raw("\\s+") + month
                                      + .raw("\\s*(\\d{1,2})(?!\\d)(?:\\s*,?\\s*\(Piece.ocrTolerant("năm"))\\s*(\\d{4})(?!\\d))?"))
        static let dateNum = Pattern(.raw(wordStart) + deadlineLead + time + optionalDayWord + day
                                     + .raw("\\s?[/.-]\\s?(\\d{1,2})(?![\\d])(?:\\s?[/.-]\\s?(\\d{4})(?!\\d))?(?![/.-]\\d)"))
        static let withinQuarter = Pattern(.raw(wordStart) + .ocr("trong") + .raw("\\s+") + quarterWord
                                           + .raw("\\s+(IV|III|II|I|[1-4])(?![\\p{L}\\d])(?:\\s*(?:/|-|\(Piece.ocrTolerant("năm")))\\s*(\\d{4})(?!\\d))?"))
        static let dayOnly = Pattern(lead + dayWord + day + .raw("(?!\\s*[/.-]?\\s*\\d)(?!\\s+(?:của\\s+)?(?:tháng|hằng|hàng|mỗi)(?![\\p{L}]))"))
        static let withinMonth = Pattern(.raw(wordStart) + .ocr("trong") + .raw("\\s+") + month
                                         + .raw("\\s*(\\d{1,2})(?!\\d)(?:\\s*(?:/|-|\(Piece.ocrTolerant("năm")))\\s*(\\d{4})(?!\\d))?", digit: true))
        /// Dates chained after a deadline: "trước ngày 15/6 và 15/12".
        static let chain = Pattern("^\\s*\\)?\\s*(?:,|và|hoặc)\\s*(?:trước\\s+)?(?:ngày\\s*)?(\\d{1,2})(?:\\s?[/.-]\\s?(\\d{1,2})|\\s+tháng\\s*(\\d{1,2}))(?!\\d)(?:(?:\\s?[/.-]\\s?|\\s+năm\\s*)(\\d{4}))?(?![\\d/])")

        static let quarterStart = Pattern("bắt\\s+đầu\\s+(?:từ\\s+)?\(quarterWord.regex)\\s+(IV|III|II|I|[1-4])(?![\\p{L}])(?:\\s*(?:/|năm)\\s*(\\d{4}))?")
        static let monthStart = Pattern("bắt\\s+đầu\\s+(?:từ\\s+)?\(month.regex)\\s*(\\d{1,2})(?:\\s*(?:/|-|năm)\\s*(\\d{4}))?")
        static let annualAfter = Pattern("^\\s*\\)?\\s*,?\\s*(?:của\\s+)?\(everyWord.regex)\\s+năm")

        static let semiannualWord = Pattern("\(wordStart)(?:(?:0?6|sáu)\\s+\(month.regex)(?!\\s*[/\\d])|nửa\\s+năm|bán\\s+niên)")
        static let annualWord = Pattern("\(wordStart)(?:\(everyWord.regex)\\s+\(year.regex)|\(Piece.ocrTolerant("báo cáo"))\\s+(?:tổng\\s+kết\\s+)?\(year.regex)(?!\\s*\\d)|cả\\s+năm|(?:0?9|chín)\\s+tháng(?!\\s*[/\\d]))")
        static let quarterlyWord = Pattern("\(wordStart)(?:\(everyWord.regex)\\s+\(quarterWord.regex)|định\\s+kỳ\\s+\(quarterWord.regex)|\(Piece.ocrTolerant("báo cáo"))\\s+\(quarterWord.regex))")
        static let monthlyWord = Pattern("\(wordStart)(?:\(everyWord.regex)\\s+\(month.regex)|định\\s+kỳ\\s+tháng|\(Piece.ocrTolerant("báo cáo"))\\s+tháng(?!\\s*\\d))")

        static let reportVerb = Piece.either(Vocabulary.reportVerbs, ocr: true)
        static let strongTrigger = Pattern(.raw(wordStart) + reportVerb + .raw("(?![\\p{L}])"))
        static let trigger = Pattern("\(wordStart)(?:\(Vocabulary.reportVerbs.map(Piece.ocrTolerant).joined(separator: "|"))|\(Piece.ocrTolerant("đăng ký"))|(?:\(Vocabulary.makeVerbs.map(Piece.spaced).joined(separator: "|")))(?:,?\\s+[\\p{L}]+){0,3}?\\s+(?:\(Vocabulary.madeThings.map(Piece.spaced).joined(separator: "|"))))(?![\\p{L}])")
        static let report = Pattern(.raw(wordStart) + .ocr("báo cáo") + .raw("(?![\\p{L}])"))
        static let periodic = Pattern("\(wordStart)(?:\(Piece.ocrTolerant("định kỳ"))|\(Piece.ocrTolerant("đột xuất"))|khi\\s+có\\s+yêu\\s+cầu)")
        static let directive = Pattern("\(wordStart)(?:đề\\s+nghị|yêu\\s+cầu)\\s+")
        /// A sentence recounting an earlier document ("Ngày 20/5/2026, Sở … ban hành …", "Theo Kế hoạch …").
        static let recount = Pattern("^\\s*(?:Ngày\\s+\\d|Theo\\s+(?:Kế\\s+hoạch|Công\\s+văn|Quyết\\s+định|Thông\\s+báo|Chỉ\\s+thị|văn\\s+bản|KH)|Tại\\s+(?:Kế\\s+hoạch|Công\\s+văn|Quyết\\s+định|Thông\\s+báo|Chỉ\\s+thị|văn\\s+bản))", caseInsensitive: false)

        static let deliverable = Pattern("\(wordStart)(?:\(Vocabulary.deliverables.map(Piece.ocrTolerant).joined(separator: "|")))(?![\\p{L}])")
        /// A deliverable word naming a document ("báo cáo số 12", "Kế hoạch này", "Kế hoạch 1268"), not
        /// what is due ("báo cáo 06 tháng" is).
        static let deliverableSkipAfter = Pattern("^\\s+(?:này|số|nêu\\s+trên|trên|\\d(?!\\d?\\s+tháng)|của\\s+\\p{Lu}|\\p{Lu})", caseInsensitive: false)
        /// … or an office ("Phòng Kế hoạch - Tài chính").
        static let deliverableSkipBefore = Pattern("(?:chế\\s+độ|theo|chậm|tổng\\s+hợp,?|tham\\s+mưu|phòng|ban)\\s*$")
        static let whatStop = Pattern("\\s+(?:về|gửi|trước|để|theo|cho|đến|định\\s+kỳ|chậm\\s+nhất|trong|qua|lên|tới|hằng|hàng|và\\s+gửi|đúng|khẩn\\s+trương|bảo\\s+đảm|đảm\\s+bảo)(?![\\p{L}])|,\\s*(?:gửi|về|trước|để|theo|đồng\\s+thời|bảo\\s+đảm|đảm\\s+bảo|kèm)(?![\\p{L}])|[;:(]|\\.(?:\\s|$)", caseInsensitive: false)

        static let recipientTo = Pattern("\(wordStart)(?:về|gửi|lên|tới)\\s+(?=\\p{Lu})", caseInsensitive: false)
        static let recipientReport = Pattern("\(wordStart)(?:\(Piece.ocrTolerant("báo cáo")))\\s+(?:về\\s+)?(?=\\p{Lu})", caseInsensitive: false)
        static let recipientStop = Pattern("\\s+(?:trước|để|theo|định\\s+kỳ|trong|chậm\\s+nhất|đồng\\s+thời|kèm|bảo\\s+đảm|đảm\\s+bảo|và\\s+hằng|hằng|hàng|cụ\\s+thể|khi|nhằm|gồm|bằng|trực\\s+tiếp|xem\\s+xét|tổng\\s+hợp|chậm|đúng|sau|qua\\s+hệ\\s+thống|qua\\s+thư|vào|kết\\s+quả|báo\\s+cáo|và\\s+cơ\\s+quan\\s+có)(?![\\p{L}])|\\s*[,;:(){}\\[\\]]|\\.(?:\\s|$)|\\./", caseInsensitive: false)
        static let via = Pattern("^\\s*\\(\\s*(?:thông\\s+)?qua\\s+([^()]{1,120})\\)")

        static let numberedHeading = Vocabulary.numberedHeadings.map { "\($0)\\s+\\d+\\s*[.:]?" }.joined(separator: "|")
        static let listMarker = Pattern("^\\s*(?:\\d{1,2}(?:\\.\\d{1,2})*\\s*[.)]|[\(Vocabulary.bullets)]|[\(Vocabulary.romanLetters)]{1,6}\\s*[.)]|[a-zđ]\\s*\\)|\(numberedHeading))(?=\\s|$)", caseInsensitive: false)
        static let roman = Pattern("^\\s*[\(Vocabulary.romanLetters)]{1,6}\\s*[.)]\\s", caseInsensitive: false)
        /// A sentence that is only a list marker: the period after it ends no sentence.
        static let markerOnly = Pattern("^(?:\\d{1,2}(?:\\.\\d{1,2})*|[\(Vocabulary.romanLetters)]{1,6}|[a-zđ]|\((Vocabulary.numberedHeadings + ["Khoản"]).map { "\($0)\\s+\\d+" }.joined(separator: "|")))$", caseInsensitive: false)
        static let abbreviationEnd = Pattern("(?:^|[\\s(])(?:\(Vocabulary.abbreviations.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|"))|[A-ZĐ])$", caseInsensitive: false)

        static let subjectStopPattern = "\\s+(?:\(Vocabulary.subjectStops.map(Piece.spaced).joined(separator: "|")))(?![\\p{L}])|\\s*:"
        static let subjectStop = Pattern(subjectStopPattern, caseInsensitive: false)
        static let unitHead = Pattern("^(?:\(Vocabulary.unitHeads.map(Piece.spaced).joined(separator: "|")))(?![\\p{L}])")
        static let generic = Pattern("^(?:các\\s+)?(?:đơn\\s+vị|phòng,\\s+đơn\\s+vị|cơ\\s+quan,\\s+đơn\\s+vị|cơ\\s+quan|phòng\\s+và\\s+đơn\\s+vị)$")
        static let askingVerb = Pattern("^(?:\(Vocabulary.askingVerbs.map(Piece.spaced).joined(separator: "|")))\\s+")
        static let headingColon = Pattern("^([^:]{1,60}):\\s+(?=\\S)", caseInsensitive: false)

        static let reportNumberWords = (so: "Số", bc: "BC")
        static let reportNumber = Pattern("\(reportNumberWords.so)\\s*:?[^\\n]{0,20}/\\s*\(reportNumberWords.bc)(?![\\p{L}])", caseInsensitive: false)
        static let typeLine = Pattern("^\\s*(\(Vocabulary.typeHeadings.joined(separator: "|")))\\s*$", caseInsensitive: false)

        /// First letters of the anchored word patterns (their prefilters).
        static let unitHeadLetters = FirstLetters(Vocabulary.unitHeads)
        static let askingVerbLetters = FirstLetters(Vocabulary.askingVerbs)
    }
}

import Foundation
import VietText

/// Issuer names: natural casing of upper-case header lines and the full name of the issuing body.
public enum IssuerNames {
    /// Phrases with their natural casing, matched on folded tokens (longest first).
    static let phrases: [String] = [
        // bodies
        "Ủy ban nhân dân", "Hội đồng nhân dân", "Ban Chấp hành Trung ương", "Ban Bí thư", "Bộ Chính trị",
        "Văn phòng", "Sở", "Trường", "Trung tâm", "Chi cục", "Tổng cục", "Cục", "Bệnh viện", "Phòng", "Ban",
        "Bộ", "Viện", "Học viện", "Trạm", "Đảng ủy", "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy",
        "Đảng bộ", "Chi bộ", "Công an", "Ban quản lý", "Hội", "Liên đoàn lao động", "Đoàn", "Đài", "Thanh tra",
        "Kho bạc nhà nước", "Quỹ", "Ban chỉ đạo", "Ủy ban kiểm tra", "Ban cán sự đảng", "Hội đồng", "Tổ", "Nhà",
        "Chính phủ", "Thủ tướng Chính phủ", "Quốc hội", "Mặt trận Tổ quốc", "Tòa án nhân dân", "Viện kiểm sát nhân dân",
        "Trạm y tế", "Khoa",
        // fields
        "Y tế", "Giáo dục và Đào tạo", "Giáo dục", "Đào tạo", "Nông nghiệp và Môi trường",
        "Nông nghiệp và Phát triển nông thôn", "Tài nguyên và Môi trường", "Nội vụ", "Tài chính",
        "Kế hoạch và Đầu tư", "Tư pháp", "Xây dựng", "Giao thông vận tải", "Công Thương",
        "Lao động - Thương binh và Xã hội", "Văn hóa, Thể thao và Du lịch", "Văn hóa và Thể thao",
        "Khoa học và Công nghệ", "Thông tin và Truyền thông", "Thủy lợi", "Kiểm soát bệnh tật", "Đa khoa",
        "Hữu nghị", "Dân tộc", "Ngoại vụ", "Dân số", "An toàn vệ sinh thực phẩm", "An toàn thực phẩm", "Kiểm lâm",
        "Thú y", "Chăn nuôi và Thú y", "Trồng trọt và Bảo vệ thực vật", "Tổ chức cán bộ", "Nghiệp vụ y",
        "Kế hoạch - Tài chính", "Y học cổ truyền", "Phục hồi chức năng", "Tâm thần", "Pháp y", "Giám định y khoa",
        "Kiểm nghiệm", "Chính trị", "Giáo dục thường xuyên", "Giáo dục nghề nghiệp", "Nhi", "Sản - Nhi", "Phổi",
        "Mắt", "Da liễu", "Nội tiết", "Ung bướu", "Truyền máu", "Huyết học", "Kiểm tra", "Tổ chức", "Tuyên giáo",
        "Dân vận", "Quản lý thị trường", "Thống kê", "Thuế", "Hải quan", "Bảo hiểm xã hội", "Quản lý dự án",
        "Phát thanh - Truyền hình", "Thể dục thể thao", "Văn thư - Lưu trữ", "Lưu trữ lịch sử", "Hành chính công",
        // lower-case words
        "chuyên", "khu vực", "nhân dân", "trực thuộc", "trung ương", "cấp", "và", "liên", "dân lập", "tư thục",
        "Thủ tướng",
    ]
    /// Administrative levels: followed by a proper name.
    static let adminWords: [String] = ["thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường", "khu vực", "đặc khu"]
    static let acronymExpansions: [String: String] = [
        "ubnd": "Ủy ban nhân dân", "hdnd": "Hội đồng nhân dân", "gd&dt": "Giáo dục và Đào tạo",
        "gddt": "Giáo dục và Đào tạo",
    ]
    /// Heads that start a new body line in a header.
    static let orgHeads: [String] = [
        "uy ban", "ubnd", "hdnd", "hoi dong", "so", "truong", "trung tam", "chi cuc", "tong cuc", "cuc", "benh vien",
        "phong", "ban", "van phong", "bo", "vien", "hoc vien", "tram", "dang uy", "tinh uy", "thanh uy", "huyen uy",
        "quan uy", "thi uy", "dang bo", "chi bo", "cong an", "hoi", "lien doan", "doan", "dai", "thanh tra", "kho bac",
        "quy", "to", "chinh phu", "thu tuong", "quoc hoi", "mat tran", "toa an", "vien kiem sat", "khoa", "nha",
    ].map(VietText.fold)
    static let centralCities: Set<String> = ["ha noi", "ho chi minh", "thanh pho ho chi minh", "hai phong", "da nang", "can tho", "hue"]

    struct Entry {
        let tokens: [String]; let words: [String]
        /// `adminWords.contains(words.joined(separator: " "))`
        let isAdmin: Bool
        init(tokens: [String], words: [String]) {
            self.tokens = tokens; self.words = words
            isAdmin = IssuerNames.adminWords.contains(words.joined(separator: " "))
        }
    }
    static let entries: [Entry] = {
        var e: [Entry] = []
        for p in phrases + adminWords {
            let words = p.split(separator: " ").map(String.init)
            e.append(Entry(tokens: words.map { VietText.fold($0) }, words: words))
        }
        return e.sorted { $0.tokens.count > $1.tokens.count }
    }()

    /// `entries` grouped by their first token, each group in the order of `entries`.
    static let entriesByFirstToken: [String: [Entry]] = {
        var d: [String: [Entry]] = [:]
        for e in entries { d[e.tokens[0], default: []].append(e) }
        return d
    }()

    /// Natural casing of an (upper-case) name; `generic` is true when no proper name occurs in it.
    static func naturalCase(_ raw: String) -> (text: String, generic: Bool) {
        let words = TextKit.collapseSpaces(raw).split(separator: " ").map(String.init)
        let folds = words.map(VietText.fold)
        var out: [String] = []
        var generic = true
        var i = 0
        var properMode = false
        while i < words.count {
            let w = words[i]
            let fw = folds[i]
            if fw.isEmpty { out.append(w); i += 1; continue }
            if !properMode {
                if let exp = acronymExpansions[fw.utf8.contains(0x20) ? fw.replacingOccurrences(of: " ", with: "") : fw] {
                    out.append(out.isEmpty ? exp : exp); generic = generic && true; i += 1; continue
                }
                var matched = false
                // only the entries whose first token is this word's can match (same order as `entries`)
                for e in entriesByFirstToken[fw] ?? [] where i + e.tokens.count <= words.count {
                    var ok = true
                    for k in 0..<e.tokens.count where folds[i + k] != e.tokens[k] { ok = false; break }
                    if ok {
                        var ws = e.words
                        if out.isEmpty, let f = ws.first { ws[0] = TextKit.titleCase(f) }
                        out.append(contentsOf: ws)
                        if e.isAdmin { properMode = true }
                        i += e.tokens.count
                        matched = true
                        break
                    }
                }
                if matched { continue }
            }
            if TextKit.isAcronym(w) {
                out.append(w.uppercased())
            } else if w.allSatisfy({ $0.isNumber }) {
                out.append(w); generic = false
            } else {
                out.append(TextKit.titleCase(w)); generic = false
                properMode = true
            }
            i += 1
        }
        if properMode { generic = false }
        return (out.joined(separator: " "), generic)
    }

    static let orgHeadsSpaced: [(String, String)] = orgHeads.map { ($0, $0 + " ") }
    static func startsWithOrgHead(_ s: String) -> Bool {
        let f = VietText.fold(s)
        return orgHeadsSpaced.contains { f == $0.0 || f.hasPrefix($0.1) }
    }

    static let adminFoldsSpaced: [(String, String)] = adminWords.map { VietText.fold($0) }.map { ($0, $0 + " ") }
    static func startsWithAdmin(_ s: String) -> Bool {
        let f = VietText.fold(s)
        if ["tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy"].contains(where: { f == $0 || f.hasPrefix($0 + " ") }) { return false }
        return adminFoldsSpaced.contains { f == $0.0 || f.hasPrefix($0.1) }
    }

    /// "tỉnh Nghệ An" from a parent line ("UBND TỈNH NGHỆ AN", "SỞ Y TẾ NGHỆ AN", "SỞ Y TẾ THÀNH PHỐ CẦN THƠ").
    static func placePhrase(fromParent line: String) -> String? {
        let (cased, _) = naturalCase(line)
        let words = cased.split(separator: " ").map(String.init)
        // admin word followed by proper name
        for (i, w) in words.enumerated() {
            for (a, aw) in adminWordsByLength {
                if i + aw.count < words.count, Array(words[i..<(i + aw.count)]).map({ $0.lowercased() }) == aw {
                    if a == "khu vực" { continue }
                    return ([a] + words[(i + aw.count)...]).joined(separator: " ")
                }
            }
            _ = w
        }
        // trailing proper-name words (capitalised, not from the lexicon)
        var tail: [String] = []
        for w in words.reversed() {
            if let c = w.first, c.isUppercase, !TextKit.isAcronym(w), !lexiconWord(w) { tail.insert(w, at: 0) } else { break }
        }
        guard !tail.isEmpty else { return nil }
        let name = tail.joined(separator: " ")
        return placeWithLevel(name)
    }

    /// `adminWords` longest first (as `sorted(by: count >)` orders them), with their words.
    static let adminWordsByLength: [(String, [String])] = adminWords.sorted(by: { $0.count > $1.count }).map { ($0, $0.split(separator: " ").map(String.init)) }

    static func lexiconWord(_ w: String) -> Bool {
        let f = VietText.fold(w)
        return entries.contains { $0.tokens.count == 1 && $0.tokens[0] == f } || ["y", "te", "giao", "duc", "dao", "tao", "nong", "nghiep", "moi", "truong"].contains(f)
    }

    /// "Nghệ An" → "tỉnh Nghệ An"; "Cần Thơ" → "thành phố Cần Thơ"; "Thành phố Hồ Chí Minh" kept.
    static func placeWithLevel(_ name: String) -> String {
        let f = VietText.fold(name)
        if adminWords.contains(where: { f.hasPrefix(VietText.fold($0) + " ") }) { return name }
        if centralCities.contains(f) { return "thành phố " + name }
        return "tỉnh " + name
    }

    /// Heads of a body, as written (lower case, accents kept: "SỞ" opens a body, "SỐ" in "CHUYỂN ĐỔI
    /// SỐ" does not), longest first.
    static let bodyHeads: [[String]] = [
        "ủy ban nhân dân", "ủy ban", "ubnd", "hđnd", "hội đồng", "sở", "trường", "trung tâm", "chi cục", "tổng cục", "cục",
        "bệnh viện", "phòng", "ban", "văn phòng", "bộ", "viện", "học viện", "trạm", "đảng ủy", "tỉnh ủy", "thành ủy",
        "huyện ủy", "quận ủy", "thị ủy", "đảng bộ", "chi bộ", "công an", "hội", "liên đoàn", "đoàn", "đài", "thanh tra",
        "kho bạc", "quỹ", "tổ", "chính phủ", "thủ tướng", "quốc hội", "mặt trận", "tòa án", "viện kiểm sát", "khoa", "nhà",
    ].map { $0.split(separator: " ").map(String.init) }.sorted { $0.count > $1.count }
    /// Heads that often stand inside a name ("Trung tâm Y tế dự phòng", "Bệnh viện Đa khoa", "Ban Tổ
    /// chức"): they open a body only before a word that names it (not a place level, a number or another head).
    static let weakHeads: Set<String> = ["phòng", "ban", "hội", "tổ", "nhà", "khoa", "đài", "đoàn", "viện", "quỹ", "trường", "bộ"]
    /// Heads that complete the body before them ("Văn phòng Chính phủ", "Ủy ban Thường vụ Quốc hội").
    static let complementHeads: Set<String> = ["chính phủ", "quốc hội"]

    /// The bodies a header's upper-case words name, top to bottom ("UBND TỈNH NGHỆ AN" + "SỞ Y TẾ";
    /// "SỞ Y TẾ THÀNH PHỐ HỒ CHÍ MINH" + "BỆNH VIỆN MẮT"), whatever line breaks the copy put among
    /// them: a new body starts at a head ("SỞ", "TRUNG TÂM", "BỆNH VIỆN"…) once the body before has
    /// a word after its own head. Known phrases are read whole ("BẢO HIỂM XÃ HỘI", "ĐA KHOA",
    /// "KHOA HỌC VÀ CÔNG NGHỆ", "NÔNG NGHIỆP VÀ MÔI TRƯỜNG"), and an executive committee keeps its
    /// complement ("BAN CHẤP HÀNH TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH").
    static func bodies(_ lines: [String]) -> [String] {
        let words = TextKit.collapseSpaces(lines.joined(separator: " ")).split(separator: " ").map(String.init)
        let folds = words.map(VietText.fold)
        let lower = words.map { VietText.normalize($0).lowercased() }
        func matches(_ t: [String], _ ws: [String], at i: Int) -> Bool {
            guard i + t.count <= ws.count else { return false }
            for k in 0..<t.count where ws[i + k] != t[k] { return false }
            return true
        }
        /// At word `i`: the length of what is read there (a head, a known phrase, or one word) and
        /// the head when a head is what is read.
        func read(at i: Int) -> (len: Int, head: [String]?) {
            let head = bodyHeads.first { matches($0, lower, at: i) }
            let entry = (entriesByFirstToken[folds[i]] ?? []).first { matches($0.tokens, folds, at: i) }
            let entryLen = entry?.tokens.count ?? 0
            guard let h = head else { return (max(1, entryLen), nil) }
            // a longer phrase that does not start with the head is not a body: "KHOA HỌC VÀ CÔNG NGHỆ"
            if entryLen > h.count, let e = entry, !e.tokens.starts(with: h.map(VietText.fold)) { return (entryLen, nil) }
            return (max(h.count, entryLen), h)
        }
        var out: [[String]] = []
        var cur: [String] = []
        var headed = false
        var afterHead = 0
        var i = 0
        while i < words.count {
            let (len, head) = read(at: i)
            if let h = head, !cur.isEmpty, headed, afterHead > 0 {
                let key = h.joined(separator: " ")
                let committee = VietText.fold(cur.joined(separator: " ")).hasPrefix("ban chap hanh")
                var opens = !complementHeads.contains(key) && !committee
                if opens, weakHeads.contains(key) {
                    if i + len < words.count {
                        let nx = folds[i + len]
                        let isAdmin = adminFoldsSpaced.contains { nx == $0.0 || ($0.0.hasPrefix(nx + " ") && matches($0.0.split(separator: " ").map(String.init), folds, at: i + len)) }
                        opens = !isAdmin && !(nx.first?.isNumber ?? false) && read(at: i + len).head == nil
                    } else {
                        opens = false
                    }
                }
                if opens { out.append(cur); cur = []; afterHead = 0 }
            }
            if cur.isEmpty { headed = head != nil; afterHead = 0 } else { afterHead += len }
            cur += words[i..<min(words.count, i + len)]
            i += len
        }
        if !cur.isEmpty { out.append(cur) }
        return out.map { $0.joined(separator: " ") }
    }

    /// The issuer in full from the left-column header lines (top to bottom).
    static func fromHeader(_ lines: [String]) -> String? {
        let bodies = self.bodies(lines)
        guard let last = bodies.last else { return nil }
        let (name, generic) = naturalCase(last)
        if generic {
            for parent in bodies.dropLast().reversed() {
                if let p = placePhrase(fromParent: parent) {
                    // "Tỉnh ủy Nghệ An", not "Tỉnh ủy tỉnh Nghệ An"
                    if VietText.fold(name).hasSuffix(" uy"), let r = p.range(of: #"^(tỉnh|thành phố|huyện|quận|thị xã) "#, options: .regularExpression) {
                        return name + " " + p[r.upperBound...]
                    }
                    return name + " " + p
                }
            }
        }
        return name
    }

    /// A central body: its name needs no place ("Thủ tướng Chính phủ", "Bộ Y tế", "Văn phòng Chính
    /// phủ", "Ban Bí thư", "Quốc hội", "Cục Quản lý Dược").
    static let centralMarks: [String] = ["chinh phu", "quoc hoi", "trung uong", "bo chinh tri", "ban bi thu", "nha nuoc"].map(VietText.fold)
    static func isCentral(_ name: String) -> Bool {
        let f = VietText.fold(name)
        return centralMarks.contains { f.hasBytes($0) } || f.hasPrefix("bo ") || f.hasPrefix("tong cuc ") || f.hasPrefix("cuc ")
    }

    /// Appends the place of issue to a generic name ("Sở Y tế" + "Đồng Tháp" → "Sở Y tế tỉnh Đồng Tháp").
    static func complete(_ name: String, place: String?) -> String {
        let (cased, generic) = naturalCase(name)
        // naturalCase of an already natural name keeps it; use the input's casing when it has lower case
        let base = name.contains(where: { $0.isLowercase }) ? TextKit.collapseSpaces(name) : cased
        guard generic, let place, !place.isEmpty, !isCentral(base) else { return base }
        return base + " " + placeWithLevel(place)
    }
}

import Foundation
import Testing
@testable import Documents

// MARK: - Test-only helpers (fixtures, splitting, metrics)

fileprivate enum Fx {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// What the caller (VietText.normalize) does, enough for these tests: NFC and Ð → Đ.
    static func normalize(_ s: String) -> String {
        s.precomposedStringWithCanonicalMapping
            .replacingOccurrences(of: "\u{00D0}", with: "\u{0110}")
            .replacingOccurrences(of: "\u{00F0}", with: "\u{0111}")
            .replacingOccurrences(of: "\r\n", with: "\n")
    }

    static func read(_ relative: String) throws -> String {
        normalize(try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8))
    }

    static func corpusFile(_ prefix: String) throws -> String {
        let dir = root.appendingPathComponent("corpus")
        let name = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().first { $0.hasPrefix(prefix) }
        return try read("corpus/" + (name ?? prefix))
    }

    static func rx(_ p: String) -> NSRegularExpression { try! NSRegularExpression(pattern: p, options: [.anchorsMatchLines]) }

    /// Cuts a file holding several documents at each later header block: the "CỘNG HÒA XÃ HỘI" line
    /// above a "Số:" line, or the "Số:" line itself.
    static func documents(_ text: String) -> [String] {
        let ns = text as NSString
        let all = NSRange(location: 0, length: ns.length)
        let numbers = rx("^[ \\t*]*Số\\s*:").matches(in: text, range: all).map { $0.range.location }
        let mottos = rx("CỘNG H(?:ÒA|OÀ) XÃ HỘI").matches(in: text, range: all).map { $0.range.location }
        guard numbers.count > 1 else { return [text] }
        var cuts: [Int] = [0]
        for k in 1..<numbers.count {
            let prev = numbers[k - 1], here = numbers[k]
            var cut = here
            if let m = mottos.last(where: { $0 > prev && $0 < here }) { cut = m }
            cut = ns.lineRange(for: NSRange(location: cut, length: 0)).location
            cuts.append(cut)
        }
        cuts.append(ns.length)
        return (0..<(cuts.count - 1)).map { ns.substring(with: NSRange(location: cuts[$0], length: cuts[$0 + 1] - cuts[$0])) }
    }

    /// The header date ("ngày 26 tháng 5 năm 2026"); month and year only when the day is blank.
    static func headerDate(_ text: String) -> DocDate? {
        let ns = text as NSString
        let r = rx("ngày\\s+(\\d{0,2})\\s*tháng\\s+(\\d{1,2})\\s+năm\\s+(\\d{4})")
        guard let m = r.firstMatch(in: text, range: NSRange(location: 0, length: min(ns.length, 800))) else { return nil }
        let d = Int(ns.substring(with: m.range(at: 1)))
        return DocDate(year: Int(ns.substring(with: m.range(at: 3)))!, month: Int(ns.substring(with: m.range(at: 2))), day: d)
    }

    /// The `Kính gửi` list: the rest of its line, or the "- …" lines under it.
    static func addressees(_ text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        guard let i = lines.firstIndex(where: { $0.contains("Kính gửi") }) else { return [] }
        func clean(_ s: String) -> String {
            var t = s.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("-") { t.removeFirst() }
            t = t.trimmingCharacters(in: .whitespaces)
            while let l = t.last, ";.,".contains(l) { t.removeLast() }
            return t.trimmingCharacters(in: .whitespaces)
        }
        let rest = clean(lines[i].components(separatedBy: "Kính gửi").last!.replacingOccurrences(of: ":", with: ""))
        if !rest.isEmpty { return [rest] }
        var out: [String] = []
        for line in lines[(i + 1)...] {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            guard t.hasPrefix("-") else { break }
            out.append(clean(t))
        }
        return out
    }

    struct GoldDoc {
        let key: String
        let text: String
        let date: DocDate?
        let issuer: String?
        let addressees: [String]
        let obligations: [(due: String, recurrence: String)]
    }

    static func gold(_ set: String) throws -> [GoldDoc] {
        let data = try Data(contentsOf: root.appendingPathComponent("Tests/Fixtures/eval/\(set)/gold.json"))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var out: [GoldDoc] = []
        var cache: [String: [String]] = [:]
        for d in json["documents"] as! [[String: Any]] {
            let file = d["file"] as! String
            let index = d["index_in_file"] as? Int ?? 0
            if cache[file] == nil { cache[file] = documents(try read("Tests/Fixtures/eval/\(set)/\(file)")) }
            let docs = cache[file]!
            let text = index < docs.count ? docs[index] : ""
            let date = (d["date"] as? String).flatMap { DocDate(iso: $0) } ?? headerDate(text)
            let obls = (d["obligations"] as? [[String: Any]] ?? []).map { ($0["due"] as! String, $0["recurrence"] as! String) }
            out.append(GoldDoc(key: "\(file)#\(index)", text: text, date: date, issuer: d["issuer"] as? String,
                               addressees: addressees(text), obligations: obls))
        }
        return out
    }

    struct Metrics { var precision: Double; var recall: Double; var recurrence: Double; var misses: [String] }

    /// As Tests/Fixtures/eval/score.py: (doc, due) pairs of obligations with a due date; recurrence of
    /// the matched gold obligations (one system obligation per due date, the last one).
    static func score(_ set: String) throws -> Metrics {
        var gold = Set<String>(), got = Set<String>()
        var recOK = 0, recN = 0
        var misses: [String] = []
        for g in try Fx.gold(set) {
            let obls = ObligationExtractor.extract(text: g.text, documentDate: g.date, issuer: g.issuer, addressees: g.addressees)
            var byDue: [String: Obligation] = [:]
            for o in obls { if let iso = o.due?.iso { byDue[iso] = o } }
            for (due, rec) in g.obligations {
                gold.insert("\(g.key) \(due)")
                if let o = byDue[due] {
                    recN += 1
                    if o.recurrence.rawValue == rec { recOK += 1 } else { misses.append("recurrence \(g.key) \(due): \(o.recurrence) ≠ \(rec)") }
                } else {
                    misses.append("missed \(g.key) \(due) \(rec)")
                }
            }
            for due in byDue.keys {
                got.insert("\(g.key) \(due)")
                if !g.obligations.contains(where: { $0.due == due }) { misses.append("spurious \(g.key) \(due)") }
            }
        }
        let tp = Double(gold.intersection(got).count)
        let p = got.isEmpty ? (gold.isEmpty ? 1 : 0) : tp / Double(got.count)
        let r = gold.isEmpty ? 1 : tp / Double(gold.count)
        return Metrics(precision: p, recall: r, recurrence: recN == 0 ? 0 : Double(recOK) / Double(recN), misses: misses)
    }

    static func extract(_ text: String, _ date: DocDate?, issuer: String? = "Sở Y tế tỉnh Nghệ An", addressees: [String] = []) -> [Obligation] {
        ObligationExtractor.extract(text: normalize(text), documentDate: date, issuer: issuer, addressees: addressees)
    }

    static func d(_ iso: String) -> DocDate { DocDate(iso: iso)! }
}

/// Deterministic generator for the property test.
fileprivate struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - Dev sets

@Suite struct ObligationDevSetTests {
    @Test(arguments: ["dev", "dev-health"])
    func devSet(_ set: String) throws {
        let m = try Fx.score(set)
        print("[obligations] \(set): precision \(String(format: "%.3f", m.precision)) recall \(String(format: "%.3f", m.recall)) recurrence \(String(format: "%.3f", m.recurrence))")
        for line in m.misses { print("[obligations] \(set): \(line)") }
        #expect(m.precision >= 0.95)
        #expect(m.recall >= 0.95)
        #expect(m.recurrence >= 0.95)
    }

    @Test func spansPointAtTheirSentence() throws {
        for set in ["dev", "dev-health"] {
            for g in try Fx.gold(set) {
                let bytes = Array(g.text.utf8)
                for o in ObligationExtractor.extract(text: g.text, documentDate: g.date, issuer: g.issuer, addressees: g.addressees) {
                    #expect(o.span.start >= 0 && o.span.start < o.span.end && o.span.end <= bytes.count)
                    let slice = String(decoding: bytes[o.span.start..<o.span.end], as: UTF8.self)
                    #expect(slice == o.text)
                    if o.due != nil { #expect(o.text.contains("trước") || o.text.contains("trong tháng") || o.text.contains("chậm nhất")) }
                }
            }
        }
    }
}

// MARK: - Seed documents

@Suite struct ObligationSeedTests {
    @Test func corpus004_4245() throws {
        let text = try Fx.corpusFile("004")
        let obls = ObligationExtractor.extract(text: text, documentDate: Fx.d("2026-05-26"), issuer: "Sở Y tế tỉnh Đồng Tháp")
        let semi = obls.first { $0.due == Fx.d("2026-06-02") }
        let annual = obls.first { $0.due == Fx.d("2026-12-01") }
        #expect(semi?.recurrence == .semiannual)
        #expect(annual?.recurrence == .annual)
        for o in [semi, annual] {
            #expect(o?.reporter == "Các đơn vị trực thuộc")
            #expect(o?.recipient == "Sở Y tế (qua Phòng Tổ chức cán bộ Sở)")
            #expect(o?.text.hasPrefix("Các đơn vị trực thuộc định kỳ 06 tháng") == true)
        }
        // "xây dựng kế hoạch thực hiện cụ thể của đơn vị trong tháng 5/2026" → last day of May.
        let plan = obls.first { $0.due == Fx.d("2026-05-31") }
        #expect(plan?.recurrence == .once)
        #expect(plan?.what.contains("kế hoạch") == true)
        #expect(plan?.reporter == "Các phòng thuộc Sở và đơn vị trực thuộc")
        // Nothing from the appendix or the cited documents' dates.
        #expect(obls.filter { $0.due != nil }.count == 3)
    }

    @Test func corpus002_6757() throws {
        let docs = Fx.documents(try Fx.corpusFile("002"))
        #expect(docs.count == 2)
        // The report (660/BC-TTYT) describes its own next report: not an obligation.
        let report = ObligationExtractor.extract(text: docs[0], documentDate: Fx.d("2026-05-27"), issuer: "Trung tâm Y tế khu vực Thuận An")
        #expect(report.isEmpty)

        let obls = ObligationExtractor.extract(text: docs[1], documentDate: Fx.d("2026-05-22"), issuer: "Sở Y tế Thành phố Hồ Chí Minh")
        let byDue = Dictionary(obls.compactMap { o in o.due.map { ($0.iso!, o) } }, uniquingKeysWith: { a, _ in a })
        #expect(byDue["2026-06-05"]?.recurrence == .semiannual)
        #expect(byDue["2026-12-05"]?.recurrence == .annual)
        #expect(byDue["2026-06-05"]?.recipient == "Sở Y tế (qua Phòng Tổ chức cán bộ)")
        #expect(byDue["2026-06-05"]?.reporter?.hasPrefix("Các phòng chuyên môn") == true)
        // The Sở's own report to Sở Nội vụ.
        #expect(byDue["2026-06-10"]?.recurrence == .semiannual)
        #expect(byDue["2026-12-10"]?.recurrence == .annual)
        #expect(byDue["2026-06-10"]?.recipient == "Sở Nội vụ")
        #expect(byDue["2026-06-10"]?.reporter?.contains("Phòng Tổ chức cán bộ") == true)
        #expect(byDue.count == 4)
    }

    @Test func corpus003_2926() throws {
        let text = try Fx.corpusFile("003")
        let adr = Fx.addressees(text)
        #expect(adr == ["Thủ trưởng các đơn vị y tế trong ngành"])
        let obls = ObligationExtractor.extract(text: text, documentDate: Fx.d("2018-10-30"), issuer: "Sở Y tế tỉnh Thanh Hóa", addressees: adr)
        let units = obls.filter { $0.due == Fx.d("2018-11-10") }
        #expect(units.count == 2)   // the units' plan and their report
        for o in units {
            #expect(o.recurrence == .once)
            #expect(o.reporter == "Thủ trưởng các đơn vị y tế trong ngành")
            #expect(o.recipient?.hasPrefix("Văn phòng Sở") == true)
        }
        #expect(obls.allSatisfy { $0.due == nil || $0.due! >= Fx.d("2018-10-30") })
    }

    @Test func corpus000_unscheduledOnly() throws {
        let text = try Fx.corpusFile("000")
        let obls = ObligationExtractor.extract(text: text, documentDate: DocDate(year: 2026, month: 1),
                                               issuer: "Sở Y tế tỉnh Đồng Tháp", addressees: Fx.addressees(text))
        #expect(obls.count == 1)
        #expect(obls.first?.recurrence == .unscheduled)
        #expect(obls.first?.due == nil)
        #expect(obls.first?.recipient == "Sở Y tế (qua Văn phòng Sở)")
        #expect(obls.first?.reporter?.contains("Các phòng chuyên môn") == true)
    }
}

// MARK: - Deadline forms and rules

@Suite struct ObligationRuleTests {
    let sgd = "Sở Giáo dục và Đào tạo tỉnh Nghệ An"

    @Test func dayMonthWithoutYear() {
        let o = Fx.extract("III. TỔ CHỨC THỰC HIỆN\n1. Các đơn vị trực thuộc báo cáo 06 tháng (trước ngày 05 tháng 6) và hằng năm (trước ngày 05 tháng 12) gửi về Sở (qua Văn phòng Sở).", Fx.d("2026-05-20"), issuer: sgd)
        #expect(o.count == 2)
        #expect(o.first?.due == Fx.d("2026-06-05"))
        #expect(o.first?.recurrence == .semiannual)
        #expect(o.first?.what == "báo cáo 06 tháng")
        #expect(o.last?.due == Fx.d("2026-12-05"))
        #expect(o.last?.recurrence == .annual)
        #expect(o.allSatisfy { $0.recipient == "Sở Giáo dục và Đào tạo tỉnh Nghệ An (qua Văn phòng Sở)" })
        #expect(o.allSatisfy { $0.reporter == "Các đơn vị trực thuộc" })
        #expect(o[0].span == o[1].span)
    }

    @Test func slashForms() {
        let a = Fx.extract("Các đơn vị định kỳ 06 tháng (trước ngày 02/6) và hằng năm (trước ngày 01/12) gửi báo cáo về Sở Y tế.", Fx.d("2026-05-26"))
        #expect(a.map { $0.due } == [Fx.d("2026-06-02"), Fx.d("2026-12-01")])
        let b = Fx.extract("Văn bản của đơn vị gửi về Văn phòng Sở trước ngày 10/11/2018.", Fx.d("2018-10-30"), addressees: ["Thủ trưởng các đơn vị"])
        #expect(b.first?.due == Fx.d("2018-11-10"))
        #expect(b.first?.recurrence == .once)
        #expect(b.first?.reporter == "Thủ trưởng các đơn vị")
        #expect(b.first?.what == "văn bản của đơn vị")
        let c = Fx.extract("Thủ trưởng các đơn vị trực thuộc Sở xây dựng, ban hành kế hoạch của đơn vị gửi về Sở trước ngày 15/6/2026.", Fx.d("2026-05-20"), issuer: sgd)
        #expect(c.first?.due == Fx.d("2026-06-15"))
        #expect(c.first?.recurrence == .once)
        #expect(c.first?.what == "kế hoạch của đơn vị")
        #expect(c.first?.reporter == "Thủ trưởng các đơn vị trực thuộc Sở")
        #expect(c.first?.recipient == sgd)
    }

    @Test func withinMonth() {
        let o = Fx.extract("- Xây dựng kế hoạch thực hiện cụ thể của đơn vị trong tháng 5/2026.", Fx.d("2026-05-10"))
        #expect(o.first?.due == Fx.d("2026-05-31"))
        #expect(o.first?.recurrence == .once)
        let feb = Fx.extract("Các đơn vị gửi báo cáo trong tháng 02 năm 2028.", Fx.d("2028-01-10"))
        #expect(feb.first?.due == Fx.d("2028-02-29"))
    }

    @Test func quarterly() {
        let text = "2. Các phòng chuyên môn, chi cục và đơn vị sự nghiệp thuộc Sở báo cáo kết quả thực hiện định kỳ hằng quý, trước ngày 20 của tháng cuối quý (bắt đầu từ quý II năm 2026), gửi về Sở (qua Văn phòng Sở) để tổng hợp."
        let o = Fx.extract(text, Fx.d("2026-05-08"), issuer: "Sở Nông nghiệp và Môi trường tỉnh Nghệ An")
        #expect(o.count == 1)
        #expect(o.first?.due == Fx.d("2026-06-20"))
        #expect(o.first?.recurrence == .quarterly)
        #expect(o.first?.recipient == "Sở Nông nghiệp và Môi trường tỉnh Nghệ An (qua Văn phòng Sở)")
        #expect(o.first?.reporter == "Các phòng chuyên môn, chi cục và đơn vị sự nghiệp thuộc Sở")
        // Without a start quarter: the current quarter, or the next one when this one's day has passed.
        let late = Fx.extract("Các đơn vị báo cáo hằng quý trước ngày 20 của tháng cuối quý.", Fx.d("2026-06-25"))
        #expect(late.first?.due == Fx.d("2026-09-20"))
        // Start quarter later than the document.
        let q4 = Fx.extract("Các đơn vị báo cáo trước ngày 15 tháng cuối quý (bắt đầu từ quý IV năm 2026).", Fx.d("2026-05-08"))
        #expect(q4.first?.due == Fx.d("2026-12-15"))
    }

    @Test func monthly() {
        let a = Fx.extract("4. Chế độ báo cáo: các đơn vị báo cáo tình hình dịch bệnh định kỳ hằng tháng, trước ngày 25 hằng tháng (bắt đầu từ tháng 9/2026), gửi về Sở Y tế (qua Phòng Nghiệp vụ Y).", Fx.d("2026-09-08"),
                           addressees: ["Trung tâm Kiểm soát bệnh tật tỉnh", "Các bệnh viện tuyến tỉnh"])
        #expect(a.first?.due == Fx.d("2026-09-25"))
        #expect(a.first?.recurrence == .monthly)
        #expect(a.first?.reporter == "Trung tâm Kiểm soát bệnh tật tỉnh; Các bệnh viện tuyến tỉnh")
        #expect(a.first?.recipient == "Sở Y tế (qua Phòng Nghiệp vụ Y)")
        let b = Fx.extract("3. Tổ chức thực hiện: Các tổ chuyên môn, tổ Văn phòng báo cáo kết quả về Hiệu trưởng trước ngày 25 hằng tháng./.", Fx.d("2026-06-05"), issuer: "Trường THPT Huỳnh Thúc Kháng")
        #expect(b.first?.due == Fx.d("2026-06-25"))
        #expect(b.first?.recurrence == .monthly)
        #expect(b.first?.reporter == "Các tổ chuyên môn, tổ Văn phòng")
        #expect(b.first?.recipient == "Hiệu trưởng")
        // Day already past this month → next month; start month in the future.
        let c = Fx.extract("Các đơn vị gửi báo cáo trước ngày 05 hằng tháng.", Fx.d("2026-12-20"))
        #expect(c.first?.due == Fx.d("2027-01-05"))
        let d = Fx.extract("Các đơn vị gửi báo cáo trước ngày 25 hằng tháng (bắt đầu từ tháng 11/2026).", Fx.d("2026-09-08"))
        #expect(d.first?.due == Fx.d("2026-11-25"))
    }

    @Test func passedDeadlineRollsToNextYear() {
        let o = Fx.extract("Các đơn vị báo cáo 06 tháng (trước ngày 05 tháng 6) và hằng năm (trước ngày 05 tháng 12) về Sở Y tế.", Fx.d("2026-07-01"))
        #expect(o.map { $0.due } == [Fx.d("2027-06-05"), Fx.d("2026-12-05")])
        // The deadline day itself is still due.
        let same = Fx.extract("Các đơn vị gửi báo cáo trước ngày 05 tháng 6 về Sở Y tế.", Fx.d("2026-06-05"))
        #expect(same.first?.due == Fx.d("2026-06-05"))
        // A draft dated by month only: later month this year, earlier month next year.
        let draft = Fx.extract("Các đơn vị gửi báo cáo trước ngày 10 tháng 12 và hồ sơ trước ngày 10 tháng 01 về Sở Y tế.", DocDate(year: 2026, month: 11))
        #expect(draft.map { $0.due } == [Fx.d("2026-12-10"), Fx.d("2027-01-10")])
        // "trước ngày 20 tháng 12 hằng năm".
        let annual = Fx.extract("Các đơn vị gửi báo cáo trước ngày 20 tháng 12 hằng năm về Sở Y tế.", Fx.d("2026-03-01"))
        #expect(annual.first?.recurrence == .annual)
        #expect(annual.first?.due == Fx.d("2026-12-20"))
    }

    @Test func datedDeadlineIsOnce() {
        let o = Fx.extract("2. Các đơn vị trực thuộc Sở Y tế báo cáo kết quả thực hiện công tác cải cách hành chính 6 tháng (trước ngày 10/6/2025) và báo cáo năm (trước ngày 10/11/2025) về Sở Y tế (qua Văn phòng Sở).", Fx.d("2025-02-20"))
        #expect(o.map { $0.due } == [Fx.d("2025-06-10"), Fx.d("2025-11-10")])
        #expect(o.allSatisfy { $0.recurrence == .once })
        #expect(o.first?.reporter == "Các đơn vị trực thuộc Sở Y tế")
    }

    @Test func pastEventsAndCitationsAreNotObligations() {
        // A report's account of past events, cited documents and a past deadline.
        let report = """
        Số: 412/BC-TTYT                          Diễn Châu, ngày 29 tháng 5 năm 2026

        BÁO CÁO
        Kết quả thực hiện 06 tháng đầu năm 2026

        Thực hiện Kế hoạch số 1520/KH-SYT ngày 12/5/2026 của Sở Y tế, đơn vị đã tổ chức hội nghị vào ngày 28/5/2026.
        Chuẩn bị nội dung báo cáo hằng năm (trước ngày 05 tháng 12 năm 2026) theo đúng quy định.
        """
        #expect(Fx.extract(report, Fx.d("2026-05-29")).isEmpty)
        let plan = "Thực hiện Kế hoạch số 6757/KH-SYT ngày 22/5/2026 của Sở Y tế, các đơn vị đã gửi báo cáo vào ngày 28/5/2026."
        #expect(Fx.extract(plan, Fx.d("2026-06-01")).isEmpty)
        // A reminder quoting the plan's deadline that has passed, then the new deadline.
        let letter = """
        Ngày 20/5/2026, Sở Giáo dục và Đào tạo ban hành Kế hoạch số 1268/KH-SGDĐT, trong đó yêu cầu các đơn vị trực thuộc gửi báo cáo 06 tháng về Sở trước ngày 10/6/2026.

        Sở Giáo dục và Đào tạo đề nghị Hiệu trưởng Trường THPT Nam Đàn 2 khẩn trương hoàn thiện báo cáo, gửi về Sở (qua Văn phòng Sở) trước ngày 15/6/2026.
        """
        let o = Fx.extract(letter, Fx.d("2026-06-12"), issuer: sgd, addressees: ["Trường THPT Nam Đàn 2"])
        #expect(o.map { $0.due } == [Fx.d("2026-06-15")])
        #expect(o.first?.reporter == "Trường THPT Nam Đàn 2")
        #expect(o.first?.recipient == "Sở Giáo dục và Đào tạo tỉnh Nghệ An (qua Văn phòng Sở)")
    }

    @Test func noiseMarkdownOcrAndLineBreaks() {
        let text = "1. Các phòng chuyên môn và các đơn vị trực thuộc nghiêm túc triển khai. Định kỳ b áo cáo Sở Y tế (*thông qua Phòng Tổ chức cán bộ*), cụ thể báo cáo 06 tháng (tr ước ngày 05 tháng 6) và hằng năm\n(trước ngày 05 tháng 12)."
        let o = Fx.extract(text, Fx.d("2026-05-22"))
        #expect(o.map { $0.due } == [Fx.d("2026-06-05"), Fx.d("2026-12-05")])
        #expect(o.map { $0.recurrence } == [.semiannual, .annual])
        #expect(o.first?.recipient == "Sở Y tế (qua Phòng Tổ chức cán bộ)")
        #expect(o.first?.reporter == "Các phòng chuyên môn và các đơn vị trực thuộc")
        #expect(o.first?.text.hasPrefix("Định kỳ b áo cáo Sở Y tế (*thông qua") == true)
        #expect(o.first?.text.hasSuffix("(trước ngày 05 tháng 12).") == true)
    }

    @Test func unscheduledDuties() {
        let a = Fx.extract("Thực hiện báo cáo định kỳ theo quy định; đồng thời báo cáo kịp thời, đầy đủ khi có yêu cầu của Sở Y tế.", Fx.d("2026-04-28"))
        #expect(a.count == 1)
        #expect(a.first?.recurrence == .unscheduled)
        #expect(a.first?.due == nil)
        // Reporting regime mentioned without a duty.
        #expect(Fx.extract("Thực hiện nghiêm chế độ báo cáo theo quy định tại Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ.", Fx.d("2026-05-26")).isEmpty)
    }

    @Test func decreeStyleAndTimeOfDay() {
        let o = Fx.extract("Điều 2. Tổ kiểm tra có nhiệm vụ kiểm tra đột xuất việc chấp hành kỷ luật; báo cáo kết quả kiểm tra về Giám đốc Sở Y tế (qua Phòng Tổ chức cán bộ) trước ngày 30/9/2026.", Fx.d("2026-05-29"))
        #expect(o.first?.due == Fx.d("2026-09-30"))
        #expect(o.first?.reporter == "Tổ kiểm tra")
        #expect(o.first?.recipient == "Giám đốc Sở Y tế (qua Phòng Tổ chức cán bộ)")
        let t = Fx.extract("Các đơn vị gửi báo cáo về Sở Y tế chậm nhất trước 16 giờ 00 ngày 15/6/2026.", Fx.d("2026-06-01"))
        #expect(t.first?.due == Fx.d("2026-06-15"))
        let u = Fx.extract("Các đơn vị gửi báo cáo về Sở Y tế chậm nhất ngày 15 tháng 6 năm 2026.", Fx.d("2026-06-01"))
        #expect(u.first?.due == Fx.d("2026-06-15"))
    }

    @Test func chainedDatesDayOnlyAndQuarters() {
        let a = Fx.extract("Các đơn vị gửi báo cáo 6 tháng và năm (trước ngày 15/6 và 15/12) về Sở Y tế.", Fx.d("2026-03-02"))
        #expect(a.map { $0.due } == [Fx.d("2026-06-15"), Fx.d("2026-12-15")])
        #expect(a.map { $0.recurrence } == [.semiannual, .annual])
        let b = Fx.extract("Các đơn vị gửi báo cáo về Sở Y tế trước ngày 15 tháng 6 năm 2026 và ngày 15 tháng 12 năm 2026.", Fx.d("2026-03-02"))
        #expect(b.map { $0.due } == [Fx.d("2026-06-15"), Fx.d("2026-12-15")])
        #expect(b.allSatisfy { $0.recurrence == .once })
        let c = Fx.extract("Các trạm y tế báo cáo định kỳ hằng tháng (trước ngày 20) về Trung tâm Y tế.", Fx.d("2026-03-25"))
        #expect(c.first?.due == Fx.d("2026-04-20"))
        #expect(c.first?.recurrence == .monthly)
        // A bare day without a monthly cadence is not a deadline.
        #expect(Fx.extract("Các đơn vị gửi báo cáo về Sở Y tế trước ngày 20.", Fx.d("2026-03-25")).isEmpty)
        let q = Fx.extract("Các đơn vị gửi báo cáo sơ kết về Sở Y tế trong quý III/2026.", Fx.d("2026-03-25"))
        #expect(q.first?.due == Fx.d("2026-09-30"))
        #expect(q.first?.recurrence == .once)
    }

    @Test func tasksAreNotReports() {
        // A task deadline with no report to deliver, and a table row of the plan's appendix.
        #expect(Fx.extract("Hoàn thành số hóa hồ sơ công việc trước ngày 30/6/2026.", Fx.d("2026-05-01")).isEmpty)
        #expect(Fx.extract("1 | Xây dựng kế hoạch chuyển đổi số | Văn phòng Sở | trước ngày 30/6/2026", Fx.d("2026-05-01")).isEmpty)
        #expect(Fx.extract("Tổ chức hội nghị sơ kết trước ngày 20/7/2026.", Fx.d("2026-05-01")).isEmpty)
    }

    @Test func noDocumentDate() {
        let o = Fx.extract("Các đơn vị gửi báo cáo 06 tháng (trước ngày 05 tháng 6) về Sở Y tế.", nil)
        #expect(o.count == 1)
        #expect(o.first?.due == nil)
        let p = Fx.extract("Các đơn vị gửi báo cáo về Sở Y tế trước ngày 15/6/2026.", nil)
        #expect(p.first?.due == Fx.d("2026-06-15"))
    }
}

// MARK: - Robustness

@Suite struct ObligationPropertyTests {
    @Test func randomAndMangledTextNeverCrashes() throws {
        var rng = SplitMix(state: 0x5EED_0B11_6A71_0005)
        var seeds: [String] = []
        for f in ["000", "002", "003", "004"] { seeds.append(try Fx.corpusFile(f)) }
        let pieces = ["trước ngày ", "tháng ", "năm ", "/", "-", "(", ")", "*", "**", "\n", "\n\n", " ", ";", ":", ".", "./.",
                      "hằng quý", "hằng tháng", "06 tháng", "hằng năm", "báo cáo", "gửi về Sở", "(qua Văn phòng Sở)",
                      "bắt đầu từ quý ", "bắt đầu từ tháng ", "của tháng cuối quý", "trong tháng ", "định kỳ", "đột xuất",
                      "Các đơn vị ", "Số: 12/BC-X", "BÁO CÁO", "Điều 1.", "1.", "- ", "IV.", "Kính gửi:", "ð", "Ð",
                      "\u{200B}", "\u{0301}", "\u{FEFF}", "\r\n", "\t", "🙂", "a\u{0300}", "99", "0", "31", "29/2", "2/30",
                      "99999999999999999999", "năm 20260", "quý V", "tháng 13", "ngày 00", "é", "ư", "ơ"]
        for i in 0..<500 {
            var text: String
            switch i % 3 {
            case 0:
                text = (0..<Int.random(in: 0...80, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            case 1:
                let seed = seeds.randomElement(using: &rng)!
                var scalars = Array(seed.unicodeScalars)
                for _ in 0..<Int.random(in: 1...60, using: &rng) where !scalars.isEmpty {
                    let k = Int.random(in: 0..<scalars.count, using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: scalars.remove(at: k)
                    case 1: scalars.insert(pieces.randomElement(using: &rng)!.unicodeScalars.first ?? " ", at: k)
                    case 2: scalars[k] = Unicode.Scalar(UInt32.random(in: 0x20...0x1EFF, using: &rng)) ?? " "
                    default: scalars.insert(contentsOf: Array(pieces.randomElement(using: &rng)!.unicodeScalars), at: k)
                    }
                }
                var v = String.UnicodeScalarView(); v.append(contentsOf: scalars)
                text = String(v)
                let cut = Int.random(in: 0...text.utf8.count, using: &rng)
                text = String(decoding: Array(text.utf8).prefix(cut), as: UTF8.self)
            default:
                text = String((0..<Int.random(in: 0...400, using: &rng)).map { _ in
                    Character(Unicode.Scalar(UInt32.random(in: 0x09...0x2FF, using: &rng)) ?? " ")
                })
            }
            let date: DocDate? = [nil, DocDate(year: 2026), DocDate(year: 2026, month: 2), DocDate(year: 2026, month: 12, day: 31),
                                  DocDate(year: 2200, month: 12, day: 31)].randomElement(using: &rng)!
            let obls = ObligationExtractor.extract(text: text, documentDate: date, issuer: ["Sở Y tế", nil, ""].randomElement(using: &rng)!,
                                                   addressees: [[], ["Các đơn vị"], [""]].randomElement(using: &rng)!)
            let n = text.utf8.count
            for o in obls {
                #expect(o.span.start >= 0 && o.span.start <= o.span.end && o.span.end <= n)
                if let due = o.due { #expect(DocDate.isValid(year: due.year, month: due.month ?? 0, day: due.day ?? 0)) }
            }
        }
    }
}

@Suite struct ObligationDumpTests {
    @Test func dump() throws {
        guard ProcessInfo.processInfo.environment["OBLIGATION_DUMP"] != nil else { return }
        for set in ["dev", "dev-health"] {
            for g in try Fx.gold(set) {
                for o in ObligationExtractor.extract(text: g.text, documentDate: g.date, issuer: g.issuer, addressees: g.addressees) {
                    print("DUMP \(g.key) | \(o.due?.description ?? "-") \(o.recurrence) | what=\(o.what) | rep=\(o.reporter ?? "nil") | to=\(o.recipient ?? "nil")")
                }
            }
        }
        for (f, date, issuer) in [("000", DocDate(year: 2026, month: 1), "Sở Y tế tỉnh Đồng Tháp"), ("001", DocDate(year: 2026, month: 4), "Sở Y tế tỉnh Cà Mau"),
                                  ("002", DocDate(year: 2026, month: 5, day: 22), "Sở Y tế Thành phố Hồ Chí Minh"), ("003", DocDate(year: 2018, month: 10, day: 30), "Sở Y tế tỉnh Thanh Hóa"),
                                  ("004", DocDate(year: 2026, month: 5, day: 26), "Sở Y tế tỉnh Đồng Tháp")] {
            let docs = Fx.documents(try Fx.corpusFile(f))
            for (i, t) in docs.enumerated() {
                for o in ObligationExtractor.extract(text: t, documentDate: date, issuer: issuer, addressees: Fx.addressees(t)) {
                    print("DUMP corpus/\(f)#\(i) | \(o.due?.description ?? "-") \(o.recurrence) | what=\(o.what) | rep=\(o.reporter ?? "nil") | to=\(o.recipient ?? "nil")")
                }
            }
        }
    }

    /// A hard wrap that puts a number at the start of a line ("… trước ngày 15 tháng" ⏎ "6) và …")
    /// does not start a list item; a real list stays one, also after "như sau" without a colon.
    @Test func aWrappedNumberContinuesItsSentenceAndAListStaysAList() {
        let wrapped = "1. Các đơn vị báo cáo định kỳ 06 tháng (trước ngày 15 tháng\n6) và hằng năm (trước ngày 15 tháng\n12) về Sở Nội vụ.\n2. Sở Nội vụ tổng hợp."
        #expect(ObligationExtractor.blocks(.init(wrapped)).count == 2)
        let list = "Kế hoạch gồm các nội dung như sau\n1. Mục đích\n2. Yêu cầu\n3. Nội dung"
        #expect(ObligationExtractor.blocks(.init(list)).count == 4)
        // Out of sequence mid-sentence: a wrapped number, not item 7.
        let sequence = "1. Trường báo cáo số liệu của\n7) lớp học về Sở\n2. Phòng tổng hợp"
        #expect(ObligationExtractor.blocks(.init(sequence)).count == 2)
    }
}

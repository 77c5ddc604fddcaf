import Documents
import VietText

/// The period a report covers or an occurrence of an obligation asks for.
enum Period: Equatable {
    case half(Int, year: Int)
    case quarter(Int, year: Int)
    case month(Int, year: Int)
    case nineMonths(year: Int)
    case year(Int)

    var year: Int {
        switch self {
        case .half(_, let y), .quarter(_, let y), .month(_, let y), .nineMonths(let y), .year(let y): return y
        }
    }

    func with(year y: Int) -> Period {
        switch self {
        case .half(let h, _): return .half(h, year: y)
        case .quarter(let q, _): return .quarter(q, year: y)
        case .month(let m, _): return .month(m, year: y)
        case .nineMonths: return .nineMonths(year: y)
        case .year: return .year(y)
        }
    }

    /// The last day of the period.
    var end: DocDate {
        switch self {
        case .half(let h, let y): return h == 1 ? DocDate(year: y, month: 6, day: 30) : DocDate(year: y, month: 12, day: 31)
        case .quarter(let q, let y): let m = min(max(q, 1), 4) * 3; return DocDate(year: y, month: m, day: DocDate.daysIn(month: m, year: y))
        case .month(let m, let y): let mm = min(max(m, 1), 12); return DocDate(year: y, month: mm, day: DocDate.daysIn(month: mm, year: y))
        case .nineMonths(let y): return DocDate(year: y, month: 9, day: 30)
        case .year(let y): return DocDate(year: y, month: 12, day: 31)
        }
    }

    /// As a report's title says it: "06 tháng đầu năm 2026", "quý II năm 2026", "năm 2025".
    var label: String {
        switch self {
        case .half(let h, let y): return h == 1 ? "06 tháng đầu năm \(y)" : "06 tháng cuối năm \(y)"
        case .quarter(let q, let y): return "quý \(["I", "II", "III", "IV"][min(max(q, 1), 4) - 1]) năm \(y)"
        case .month(let m, let y): return "tháng \(m) năm \(y)"
        case .nineMonths(let y): return "09 tháng năm \(y)"
        case .year(let y): return "năm \(y)"
        }
    }
}

extension Archive {
    static func dayNumber(_ d: DocDate) -> Int {
        let m = d.month ?? 1, day = d.day ?? 1
        // Days from a fixed origin (proleptic Gregorian), enough for differences.
        let y = m <= 2 ? d.year - 1 : d.year
        let era = y / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe
    }

    /// The period an occurrence asks for.
    static func period(of o: Obligation, due: DocDate) -> Period? {
        let m = due.month ?? 12
        switch o.recurrence {
        case .semiannual: return m >= 6 ? .half(1, year: due.year) : .half(2, year: due.year - 1)
        case .annual: return .year(m >= 6 ? due.year : due.year - 1)
        case .quarterly: return .quarter((m - 1) / 3 + 1, year: due.year)
        case .monthly:
            let d = due.day ?? 28
            if d >= 15 { return .month(m, year: due.year) }
            return m == 1 ? .month(12, year: due.year - 1) : .month(m - 1, year: due.year)
        case .once:
            // A period written without its year: a year's report is last year's until mid-year; a
            // half-year, quarter or month is the one ending closest to the due date.
            guard let p = period(inText: VietText.fold(o.what), defaultYear: 0) else { return nil }
            guard p.year == 0 else { return p }
            if case .year = p { return .year(m >= 6 ? due.year : due.year - 1) }
            let day = dayNumber(due)
            let candidates = [p.with(year: due.year - 1), p.with(year: due.year)]
            return candidates.min { abs(dayNumber($0.end) - day) < abs(dayNumber($1.end) - day) }
        case .unscheduled:
            return nil
        }
    }

    /// The period a report covers, read from its subject ("06 tháng đầu năm 2026", "quý II năm
    /// 2026", "năm 2025", "sơ kết …", "tổng kết …", "tháng 5/2026").
    static func period(ofReport d: StoredDocument) -> Period? {
        let text = VietText.fold(d.doc.subject ?? "")
        return period(inText: text, defaultYear: d.date?.year ?? 0)
    }

    /// The period a folded text names; `defaultYear` when it names no year.
    static func period(inText t: String, defaultYear: Int) -> Period? {
        let words = t.split(separator: " ").map(String.init)
        func yearAfter(_ i: Int) -> Int {
            for j in i..<min(words.count, i + 8) where words[j].count == 4 {
                if let y = Int(words[j]), y > 1900, y < 2200 { return y }
            }
            return defaultYear
        }
        let romans = ["i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4]
        for (i, w) in words.enumerated() {
            let next = i + 1 < words.count ? words[i + 1] : ""
            if (w == "6" || w == "06") && next == "thang" {
                let late = words[i..<min(words.count, i + 5)].contains("cuoi")
                return .half(late ? 2 : 1, year: yearAfter(i))
            }
            if (w == "9" || w == "09") && next == "thang" { return .nineMonths(year: yearAfter(i)) }
            if (w == "qui" || w == "quy"), let q = romans[next] { return .quarter(q, year: yearAfter(i)) }
            // "bán niên", "nửa đầu năm", "nửa cuối năm".
            if w == "ban" && next == "nien" { return .half(1, year: yearAfter(i)) }
            if w == "nua" && (next == "dau" || next == "cuoi") && i + 2 < words.count && words[i + 2] == "nam" {
                return .half(next == "dau" ? 1 : 2, year: yearAfter(i))
            }
        }
        for (i, w) in words.enumerated() where w == "thang" && i + 1 < words.count {
            if let m = Int(words[i + 1]), (1...12).contains(m), i == 0 || Int(words[i - 1]) == nil {
                return .month(m, year: yearAfter(i))
            }
        }
        // "sơ kết" is the mid-year review (not "sơ kết 3 năm thực hiện …"), "tổng kết" the year's.
        for (i, w) in words.enumerated() where i + 1 < words.count && words[i + 1] == "ket" && (w == "so" || w == "tong") {
            let span = words[(i + 2)..<min(words.count, i + 5)]
            let years = zip(span, span.dropFirst()).contains { Int($0.0) != nil && $0.1 == "nam" && $0.0.count < 4 }
            if years { break }
            return w == "so" ? .half(1, year: yearAfter(i)) : .year(yearAfter(i))
        }
        for (i, w) in words.enumerated() where w == "nam" && i + 1 < words.count {
            if let y = Int(words[i + 1]), y > 1900, y < 2200, !(i > 0 && ["dau", "cuoi"].contains(words[i - 1])) {
                return .year(y)
            }
        }
        if words.contains("nam") && (words.contains("hang") || t.contains("bao cao nam")) { return .year(defaultYear) }
        return nil
    }
}

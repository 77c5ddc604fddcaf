import Foundation

// Deadlines: where a sentence states one, what date it resolves to, and the cadence written
// around it. Deadlines are only read after a deadline word ("trước", "chậm nhất", "trong tháng",
// "… hằng tháng"), so dates of events and of cited documents are never taken for deadlines.

extension ObligationExtractor {
    enum DeadlineForm { case quarter, quarterNext, monthly, monthlyNext, dateText, dateNum, withinMonth, withinQuarter, dayOnly }

    struct Deadline {
        let form: DeadlineForm
        let range: NSRange
        let day: Int?
        let month: Int?
        let year: Int?
    }

    /// The patterns of each form, in the order they claim text (a later one never takes text an
    /// earlier one matched).
    static let deadlinePatterns: [(DeadlineForm, Pattern)] = [
        (.quarter, Patterns.quarter), (.quarterNext, Patterns.quarterNext), (.monthly, Patterns.monthly),
        (.monthlyNext, Patterns.monthlyNext), (.dateText, Patterns.dateText), (.dateNum, Patterns.dateNum),
        (.withinMonth, Patterns.withinMonth), (.withinQuarter, Patterns.withinQuarter), (.dayOnly, Patterns.dayOnly),
    ]

    static let romanQuarters = ["I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4]

    static func deadlines(_ text: CleanedText, _ r: NSRange) -> [Deadline] {
        // The words each pattern needs, looked for once in the sentence.
        let folded = FoldedText(text, r)
        var found: [Deadline] = []
        for (form, pattern) in deadlinePatterns where pattern.needs.mayMatch(folded) {
            for m in pattern.all(text, r) {
                if found.contains(where: { NSIntersectionRange($0.range, m.range).length > 0 }) { continue }
                func int(_ k: Int) -> Int? {
                    guard k < m.numberOfRanges else { return nil }
                    let g = m.range(at: k)
                    guard g.location != NSNotFound, g.length > 0 else { return nil }
                    return Int(text.string(g))
                }
                let d: Deadline
                switch form {
                case .quarter, .quarterNext, .monthly, .monthlyNext, .dayOnly:
                    d = Deadline(form: form, range: m.range, day: int(1), month: nil, year: nil)
                case .dateText, .dateNum:
                    d = Deadline(form: form, range: m.range, day: int(1), month: int(2), year: int(3))
                case .withinQuarter:
                    let q = romanQuarters[text.string(m.range(at: 1)).uppercased()]
                    d = Deadline(form: form, range: m.range, day: nil, month: q.map { $0 * 3 }, year: int(2))
                case .withinMonth:
                    d = Deadline(form: form, range: m.range, day: nil, month: int(1), year: int(2))
                }
                found.append(d)
                // "trước ngày 15/6 và 15/12": dates chained after a deadline share its prefix.
                guard form == .dateText || form == .dateNum else { continue }
                var tail = m.range.location + m.range.length
                while let c = Patterns.chain.first(text, NSRange(location: tail, length: r.location + r.length - tail)) {
                    let g = { (k: Int) -> Int? in
                        let x = c.range(at: k)
                        return x.location == NSNotFound || x.length == 0 ? nil : Int(text.string(x))
                    }
                    if found.contains(where: { NSIntersectionRange($0.range, c.range).length > 0 }) { break }
                    found.append(Deadline(form: .dateNum, range: c.range, day: g(1), month: g(2) ?? g(3), year: g(4)))
                    tail = c.range.location + c.range.length
                }
            }
        }
        return found.sorted { $0.range.location < $1.range.location }
    }

    /// Whether `d` falls before the document's date (compared at the precision the document date has).
    static func isBefore(_ d: DocDate, _ doc: DocDate?) -> Bool {
        guard let doc else { return false }
        if d.year != doc.year { return d.year < doc.year }
        guard let dm = doc.month, let m = d.month else { return false }
        if m != dm { return m < dm }
        guard let dd = doc.day, let day = d.day else { return false }
        return day < dd
    }

    static func date(_ y: Int, _ m: Int, _ d: Int) -> DocDate? {
        guard (1...12).contains(m), d >= 1, d <= 31, (1900...2200).contains(y) else { return nil }
        return DocDate(year: y, month: m, day: min(d, DocDate.daysIn(month: m, year: y)))
    }

    /// Due date and whether the deadline carries its own year; nil when the deadline is not a date.
    static func resolve(_ dl: Deadline, in text: CleanedText, sentence: NSRange, documentDate doc: DocDate?) -> (due: DocDate?, dated: Bool)? {
        let after = NSRange(location: dl.range.location + dl.range.length,
                            length: sentence.location + sentence.length - dl.range.location - dl.range.length)
        switch dl.form {
        case .dateText, .dateNum:
            guard let d = dl.day, let m = dl.month, (1...12).contains(m), (1...31).contains(d) else { return nil }
            if let y = dl.year {
                guard DocDate.isValid(year: y, month: m, day: d) else { return nil }
                return (DocDate(year: y, month: m, day: d), true)
            }
            guard let doc else { return (nil, false) }
            guard d <= DocDate.daysIn(month: m, year: 2024) else { return nil }
            var y = doc.year
            if let c = date(y, m, d), isBefore(c, doc) { y += 1 }
            return (date(y, m, d), false)
        case .withinMonth, .withinQuarter:
            guard let m = dl.month, (1...12).contains(m) else { return nil }
            if let y = dl.year {
                guard (1900...2200).contains(y) else { return nil }
                return (DocDate(year: y, month: m, day: DocDate.daysIn(month: m, year: y)), true)
            }
            guard let doc else { return (nil, false) }
            var y = doc.year
            if let c = date(y, m, DocDate.daysIn(month: m, year: y)), isBefore(c, doc) { y += 1 }
            return (date(y, m, DocDate.daysIn(month: m, year: y)), false)
        case .quarter, .quarterNext:
            guard let d = dl.day, (1...31).contains(d) else { return nil }
            var q: Int? = nil, y: Int? = nil
            if let m = Patterns.quarterStart.first(text, after) {
                q = romanQuarters[text.string(m.range(at: 1)).uppercased()]
                if m.range(at: 2).location != NSNotFound { y = Int(text.string(m.range(at: 2))) }
            }
            guard let doc else { return (nil, false) }
            var qq = q ?? (((doc.month ?? 1) - 1) / 3 + 1)
            var yy = y ?? doc.year
            let shift = dl.form == .quarterNext ? 1 : 0
            for _ in 0..<12 {
                let total = yy * 12 + (qq * 3 - 1) + shift   // 0-based month index of the due month
                guard let c = date(total / 12, total % 12 + 1, d) else { return nil }
                if !isBefore(c, doc) { return (c, false) }
                qq += 1
                if qq > 4 { qq = 1; yy += 1 }
            }
            return nil
        case .monthly, .monthlyNext, .dayOnly:
            guard let d = dl.day, (1...31).contains(d) else { return nil }
            var m0: Int? = nil, y0: Int? = nil
            if let m = Patterns.monthStart.first(text, after) {
                m0 = Int(text.string(m.range(at: 1)))
                if m.range(at: 2).location != NSNotFound { y0 = Int(text.string(m.range(at: 2))) }
                if let v = m0, !(1...12).contains(v) { m0 = nil }
            }
            guard let doc else { return (nil, false) }
            var total = (y0 ?? doc.year) * 12 + ((m0 ?? doc.month ?? 1) - 1)
            for _ in 0..<26 {
                guard let c = date(total / 12, total % 12 + 1, d) else { return nil }
                if !isBefore(c, doc) { return (c, false) }
                total += 1
            }
            return nil
        }
    }

    /// The cadence written closest before the deadline (or right after it: "… tháng 12 hằng năm").
    static func cadence(_ text: CleanedText, before r: NSRange, after: NSRange) -> Recurrence? {
        if Patterns.annualAfter.first(text, after) != nil { return .annual }
        var best: (Int, Recurrence)? = nil
        for (rec, pattern) in [(Recurrence.semiannual, Patterns.semiannualWord), (.annual, Patterns.annualWord),
                               (.quarterly, Patterns.quarterlyWord), (.monthly, Patterns.monthlyWord)] {
            for m in pattern.all(text, r) where best == nil || m.range.location > best!.0 {
                best = (m.range.location, rec)
            }
        }
        return best?.1
    }
}

// Reporting obligations: who owes which report to whom, by when.
//
// The extractor reads a document's text sentence by sentence. A sentence yields one obligation per
// deadline it states ("báo cáo 06 tháng (trước ngày 05 tháng 6) và hằng năm (trước ngày 05 tháng 12)"
// yields two), or one unscheduled duty when it asks for periodic / ad-hoc reports without a date
// ("định kỳ hoặc đột xuất (khi có yêu cầu) báo cáo …"). Deadlines are only read after a deadline word
// (`Deadlines.swift`); a dated deadline already past at the document's date is a recounted one
// (a reminder letter quoting the plan) and is dropped. Reports (type BÁO CÁO) describe their own next
// report rather than impose one, so they yield nothing.
//
// The rooms: `ObligationText.swift` (the cleaned text on the shared `TextView`, with its map back to
// the original), `Patterns.swift` and `Vocabulary.swift` (word lists that generate both the regexes
// and their prefilters), `Sentences.swift` (blocks, sentences, the document type), `Deadlines.swift`,
// `Parties.swift` (what is due, who owes it, to whom). Keywords tolerate OCR breaks inside words
// ("b áo cáo", "tr ước").

import Foundation
import VietText

public enum ObligationExtractor {
    /// Reporting obligations stated in a document's text. `documentDate` supplies the year of
    /// deadlines written without one; `issuer` is the document's issuer (the default recipient);
    /// `addressees` is its `Kính gửi` list (the default reporter of a letter).
    public static func extract(text: String, documentDate: DocDate?, issuer: String?, addressees: [String] = []) -> [Obligation] {
        let cleaned = CleanedText(text)
        guard cleaned.count > 0 else { return [] }
        if isReport(cleaned) { return [] }
        let context = Context(text: cleaned, date: documentDate,
                              issuer: issuer.map(tidy).flatMap { $0.isEmpty ? nil : $0 },
                              addressees: addressees.map(tidy).filter { !$0.isEmpty })
        var out: [Obligation] = []
        var places: [DutyPlace] = []
        var sectionSubject: String? = nil
        let blocks = blocks(cleaned)
        let sections = sections(cleaned, blocks)
        for (b, block) in blocks.enumerated() {
            let sentences = sentences(cleaned, block)
            guard let first = sentences.first else { continue }
            // A heading such as "3. Các phòng thuộc Sở và đơn vị trực thuộc:" names who the items below concern.
            if sentences.count == 1, cleaned.lastNonSpace(in: first) == Unit.colon {
                sectionSubject = headingSubject(cleaned, first).flatMap { context.isIssuer($0) ? nil : $0 }
                continue
            }
            if startsWithRoman(cleaned, first) { sectionSubject = nil }
            // Who the paragraph's first sentence names, for its other sentences (never the issuer
            // itself: "Sở … xây dựng Kế hoạch như sau" says who wrote the plan, not who reports).
            let blockSubject = explicitSubject(cleaned, first).flatMap { context.isIssuer($0.name) ? nil : $0.name }
            for s in sentences {
                let found = obligations(in: s, context: context, blockSubject: blockSubject, sectionSubject: sectionSubject)
                out += found
                places += Array(repeating: DutyPlace(sentence: s, block: block, section: sections[b]), count: found.count)
            }
        }
        // The other parts of the regime each duty's text states.
        if !out.isEmpty {
            let statements = RegimeStatements(cleaned)
            if !statements.isEmpty {
                for k in out.indices { applyRegime(statements, to: &out[k], at: places[k], textLength: cleaned.count) }
            }
        }
        return out
    }

    /// The section of each block: from a block starting with a Roman numeral ("II. NHIỆM VỤ") to
    /// the next one.
    static func sections(_ text: CleanedText, _ blocks: [NSRange]) -> [NSRange] {
        var starts: [Int] = []
        for (b, block) in blocks.enumerated() where b == 0 || startsWithRoman(text, block) { starts.append(b) }
        var out = [NSRange](repeating: NSRange(location: 0, length: 0), count: blocks.count)
        for (k, s) in starts.enumerated() {
            let e = k + 1 < starts.count ? starts[k + 1] : blocks.count
            let range = NSRange(location: blocks[s].location, length: blocks[e - 1].location + blocks[e - 1].length - blocks[s].location)
            for b in s..<e { out[b] = range }
        }
        return out
    }

    /// What every sentence of a document is read with.
    struct Context {
        let text: CleanedText
        let date: DocDate?
        let issuer: String?
        let addressees: [String]

        /// Whether `name` is the issuer ("Sở Giáo dục và Đào tạo" of "Sở Giáo dục và Đào tạo tỉnh Nghệ An").
        func isIssuer(_ name: String) -> Bool {
            guard let issuer else { return false }
            let a = VietText.fold(name), b = VietText.fold(issuer)
            return !a.isEmpty && (a == b || b.hasPrefix(a + " ") || a.hasPrefix(b + " "))
        }
    }

    // MARK: - Obligations of one sentence

    static func obligations(in s: NSRange, context: Context, blockSubject: String?, sectionSubject: String?) -> [Obligation] {
        let text = context.text
        let sentenceText = text.string(s)
        let found = deadlines(text, s)
        let span = text.span(s)
        let original = text.originalText(span)
        guard Patterns.trigger.first(text, s) != nil else { return [] }
        // A table row ("… | Văn phòng Sở | trước ngày 30/6") is a task list: only an explicit report counts.
        // (a tab is always a Character of its own; "|" is checked as before where its byte occurs)
        if (sentenceText.utf8.contains(0x7C) && sentenceText.contains("|")) || original.utf8.contains(0x09) {
            guard Patterns.strongTrigger.first(text, s) != nil else { return [] }
        }
        let recounted = Patterns.recount.first(in: sentenceText) != nil
        let explicit = explicitSubject(text, s)

        func reporter() -> String? {
            if let e = explicit, !e.generic, !(e.directed && !context.addressees.isEmpty) { return e.name }
            if !context.addressees.isEmpty { return context.addressees.joined(separator: "; ") }
            return explicit?.name ?? blockSubject ?? sectionSubject
        }

        if found.isEmpty {
            // Periodic or ad-hoc duty without a date.
            guard !recounted, Patterns.periodic.first(text, s) != nil, let rep = Patterns.report.first(text, s) else { return [] }
            // "chế độ báo cáo" alone is not a duty to report.
            let prefix = text.string(NSRange(location: s.location, length: rep.range.location - s.location))
            if prefix.hasSuffix("chế độ ") && Patterns.report.all(text, s).count == 1 { return [] }
            let what = whatPhrase(text, NSRange(location: s.location, length: s.length)) ?? "báo cáo"
            return [Obligation(what: what, due: nil, recurrence: .unscheduled, reporter: reporter(),
                               recipient: recipient(text, clause: s, sentence: s, issuer: context.issuer),
                               span: span, text: original)]
        }

        var out: [Obligation] = []
        let sEnd = s.location + s.length
        let directives = Patterns.directive.all(text, s)
        var previousEnd = s.location
        var previousRecurrence: Recurrence? = nil
        for dl in found {
            defer { previousEnd = dl.range.location + dl.range.length }
            let dlEnd = dl.range.location + dl.range.length
            let after = NSRange(location: dlEnd, length: sEnd - dlEnd)
            guard let (due, dated) = resolve(dl, in: text, sentence: s, documentDate: context.date) else { continue }
            if let due, dated, isBefore(due, context.date) { continue }   // a past deadline recounted
            // A deadline without a year in a recounting sentence belongs to the document recounted.
            if recounted && !dated && !directives.contains(where: { $0.range.location < dl.range.location }) { continue }

            let clause = clauseRange(text, around: dl.range, in: s)
            let segmentStart = max(clause.location, previousEnd)
            let segment = NSRange(location: segmentStart, length: max(0, dl.range.location - segmentStart))
            let recurrence: Recurrence
            let written = cadence(text, before: segment, after: after)
            switch dl.form {
            case .quarter, .quarterNext: recurrence = .quarterly
            case .monthly, .monthlyNext: recurrence = .monthly
            case .dayOnly:
                // "định kỳ hằng tháng (trước ngày 20)": a day alone is a deadline only in a monthly cadence.
                guard written == .monthly || (written == nil && previousRecurrence == .monthly) else { continue }
                recurrence = .monthly
            case .dateText, .dateNum, .withinMonth, .withinQuarter:
                if dated { recurrence = .once }
                else if let w = written { recurrence = w }
                else if segment.length <= 12, let p = previousRecurrence, p != .once {
                    recurrence = p == .semiannual ? .annual : p   // "6 tháng và năm (trước ngày 15/6 và 15/12)"
                } else { recurrence = .once }
            }
            previousRecurrence = recurrence
            // What is due: the object named in this clause before the deadline (after "đề nghị …").
            var whatStart = max(clause.location, previousEnd == s.location ? clause.location : previousEnd)
            if let d = directives.last(where: { $0.range.location < dl.range.location && $0.range.location >= clause.location }) {
                whatStart = max(whatStart, d.range.location + d.range.length)
            }
            var what = whatPhrase(text, NSRange(location: whatStart, length: max(0, dl.range.location - whatStart)))
            if what == nil, whatStart > clause.location {
                what = whatPhrase(text, NSRange(location: clause.location, length: max(0, dl.range.location - clause.location)))
            }
            if what == nil {
                what = whatPhrase(text, NSRange(location: dlEnd, length: max(0, clause.location + clause.length - dlEnd)))
            }
            let label = defaultWhat(recurrence)
            let finalWhat: String
            if recurrence != .once, what == nil || what!.lowercased().hasPrefix("báo cáo") {
                finalWhat = label
            } else {
                finalWhat = what ?? label
            }
            out.append(Obligation(what: finalWhat, due: due, recurrence: recurrence, reporter: reporter(),
                                  recipient: recipient(text, clause: clause, sentence: s, issuer: context.issuer),
                                  span: span, text: original))
        }
        return out
    }

    /// What a recurring report is called when the sentence names it no better.
    static func defaultWhat(_ recurrence: Recurrence) -> String {
        switch recurrence {
        case .semiannual: return "báo cáo 06 tháng"
        case .annual: return "báo cáo hằng năm"
        case .quarterly: return "báo cáo hằng quý"
        case .monthly: return "báo cáo hằng tháng"
        case .once, .unscheduled: return "báo cáo"
        }
    }

    /// The `;`-delimited clause of the sentence holding `r`.
    static func clauseRange(_ text: CleanedText, around r: NSRange, in s: NSRange) -> NSRange {
        var a = r.location
        while a > s.location && text.units[a - 1] != Unit.semicolon { a -= 1 }
        var b = r.location + r.length
        let end = s.location + s.length
        while b < end && text.units[b] != Unit.semicolon { b += 1 }
        return NSRange(location: a, length: b - a)
    }

    /// The alternatives of `Patterns.subjectStop` (for tests of its scanner).
    static var subjectStopPattern: String { Patterns.subjectStopPattern }
}

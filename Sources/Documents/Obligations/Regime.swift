import Foundation

// The other parts of a reporting regime (Nghị định 09/2019/NĐ-CP and the rules that follow it):
// the data cut-off period ("thời gian chốt số liệu: từ ngày 15 tháng trước đến ngày 14 tháng cuối
// kỳ báo cáo"), how the report is sent ("qua Hệ thống quản lý văn bản và điều hành", "bản điện tử
// qua email …") and the annexed outline or form ("theo đề cương tại Phụ lục kèm theo"). A duty
// takes what its own sentence states, else its paragraph, else the one statement of its section
// (a cut-off stated once in the document applies to each recurring duty).

extension ObligationExtractor {
    enum RegimePatterns {
        static let stop = "(?=\\s*(?:[;()]|\\.(?:\\s|$)|,\\s*(?:trước|chậm|để|đồng\\s+thời|gửi|theo|kèm)(?![\\p{L}])|$)|\\s+(?:trước|chậm\\s+nhất|để|trong\\s+thời\\s+hạn)(?![\\p{L}]))"
        static let cutoff = Pattern("(?:chốt\\s+số\\s+liệu|số\\s+liệu\\s+(?:báo\\s+cáo\\s+)?(?:được\\s+)?(?:tính|lấy))[^.;]{0,80}?(?<![\\p{L}])từ\\s+((?:ngày\\s+)?[^;()]{1,60}?)\\s+(?:đến|tới)\\s+(?:hết\\s+)?((?:ngày\\s+)?[^;()]{1,80}?)(?=\\s*(?:[;()]|\\.(?:\\s|$)|,\\s|$))")
        static let channel = Pattern("(?<![\\p{L}])(?:(?:(?:bản|file|tệp)\\s+(?:điện\\s+tử|mềm|scan|giấy)|qua\\s+(?:hệ\\s+thống|phần\\s+mềm|(?:hộp\\s+)?thư\\s+(?:điện\\s+tử|công\\s+vụ)|e-?mail|địa\\s+chỉ|cổng|mạng)|(?:về|tới|đến)\\s+(?:địa\\s+chỉ\\s+)?(?:thư\\s+điện\\s+tử|e-?mail))(?:[^;()]|\\.(?!\\s|$))*?)\(stop)")
        static let sending = Pattern("(?<![\\p{L}])(?:gửi|nộp|báo\\s+cáo|cập\\s+nhật)(?![\\p{L}])")
        static let templateNoun = "(?:biểu\\s+mẫu|mẫu|đề\\s+cương|phụ\\s+lục|biểu)"
        static let template = Pattern("(?<![\\p{L}])(?:theo|tại|như)\\s+(\(templateNoun)(?:[^;.()]{0,60}?(?:kèm\\s+theo|gửi\\s+kèm|đính\\s+kèm|kèm)(?:\\s+(?:kế\\s+hoạch|công\\s+văn|văn\\s+bản|quyết\\s+định)\\s+này)?|\\s+(?:tại|theo)\\s+phụ\\s+lục(?:\\s+(?:số\\s+)?[\\dIVX]+[a-z]?)?|\\s+(?:số\\s+)?[\\dIVX]+[a-z]?(?![\\p{L}\\d])))")
    }

    struct RegimeStatement<Value> {
        let at: Int
        let value: Value
    }

    /// Every regime statement of the text, in order.
    struct RegimeStatements {
        var cutoffs: [RegimeStatement<Cutoff>] = []
        var channels: [RegimeStatement<String>] = []
        var templates: [RegimeStatement<String>] = []

        init(_ text: CleanedText) {
            let all = NSRange(location: 0, length: text.count)
            for m in RegimePatterns.cutoff.all(text, all) {
                let from = tidy(text.string(m.range(at: 1))), to = tidy(text.string(m.range(at: 2)))
                guard !from.isEmpty, !to.isEmpty else { continue }
                cutoffs.append(RegimeStatement(at: m.range.location, value: Cutoff(from: from, to: to)))
            }
            for m in RegimePatterns.channel.all(text, all) {
                let v = tidy(text.string(m.range))
                guard !v.isEmpty, v.count <= 200 else { continue }
                // Only a way of sending something: "… phát hành qua Hệ thống …" is not.
                var a = m.range.location
                while a > 0 && m.range.location - a < 300 && text.units[a - 1] != Unit.newline && text.units[a - 1] != Unit.period { a -= 1 }
                let clause = text.string(NSRange(location: a, length: m.range.location + m.range.length - a))
                guard RegimePatterns.sending.first(in: clause) != nil else { continue }
                channels.append(RegimeStatement(at: m.range.location, value: v))
            }
            for m in RegimePatterns.template.all(text, all) {
                let v = tidy(text.string(m.range(at: 1)))
                guard !v.isEmpty else { continue }
                templates.append(RegimeStatement(at: m.range.location, value: v))
            }
        }

        var isEmpty: Bool { cutoffs.isEmpty && channels.isEmpty && templates.isEmpty }
    }

    /// Where a duty stands: its sentence, paragraph and section (and the whole text).
    struct DutyPlace {
        let sentence: NSRange
        let block: NSRange
        let section: NSRange
    }

    /// What a duty at `place` takes of the statements: from its sentence, else its paragraph, else
    /// the only statement (or only value) of its section; a cut-off from beyond its paragraph (its
    /// section, else the whole text) only when the duty recurs.
    static func applyRegime(_ statements: RegimeStatements, to o: inout Obligation, at place: DutyPlace, textLength: Int) {
        func pick<V: Equatable>(_ list: [RegimeStatement<V>], wholeText: Bool, section: Bool = true) -> V? {
            for r in [place.sentence, place.block] + (section ? [place.section] : []) + (wholeText ? [NSRange(location: 0, length: textLength)] : []) {
                let inside = list.filter { NSLocationInRange($0.at, r) }
                if let first = inside.first {
                    if r == place.sentence || r == place.block { return first.value }
                    if inside.allSatisfy({ $0.value == first.value }) { return first.value }
                    return nil
                }
            }
            return nil
        }
        let recurs = o.recurrence != .once
        o.cutoff = pick(statements.cutoffs, wholeText: recurs, section: recurs)
        o.channel = pick(statements.channels, wholeText: false)
        o.template = pick(statements.templates, wholeText: false)
    }
}

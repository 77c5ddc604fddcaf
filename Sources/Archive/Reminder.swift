import Documents
import Foundation
import VietText

/// A draft reminder letter (công văn đôn đốc) in the standard layout of a công văn (Nghị định
/// 30/2020/NĐ-CP, Phụ lục III): the issuer's header, `Số:` left blank for the office, place and
/// date, `V/v đôn đốc …`, `Kính gửi:` the units that still owe the report, the paragraph citing the
/// plan by number and date, a new deadline, `Nơi nhận` and the signature block of the plan.
public struct ReminderLetter: Sendable {
    /// The issuer's header, as the plan writes it: "UBND TỈNH HÀ TĨNH", "SỞ Y TẾ".
    public var issuerLines: [String]
    /// `Số:` with the serial left blank: "Số:        /SYT".
    public var numberLine: String
    /// "Hà Tĩnh, ngày 22 tháng 11 năm 2026".
    public var placeAndDate: String
    /// "V/v đôn đốc báo cáo 06 tháng đầu năm 2026 theo Kế hoạch số 1865/KH-SYT".
    public var subject: String
    public var addressees: [String]
    public var paragraphs: [String]
    public var copiesTo: [String]
    /// "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC".
    public var signerCapacity: [String]
    public var signer: String?
    /// The due date it reminds of, and the new deadline it sets.
    public var due: DocDate
    public var newDeadline: DocDate

    /// The national motto lines of every administrative document.
    public static let motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]

    /// The letter as plain text, in two columns where the layout has two.
    public var text: String {
        var lines: [String] = []
        func twoColumns(_ left: String, _ right: String) -> String {
            let width = 44
            let n = left.unicodeScalars.count
            let line = right.isEmpty ? left : left + String(repeating: " ", count: max(2, width - n)) + right
            return line.hasSuffix(" ") ? String(line.reversed().drop { $0 == " " }.reversed()) : line
        }
        let header = max(issuerLines.count, ReminderLetter.motto.count)
        for k in 0..<header {
            lines.append(twoColumns(k < issuerLines.count ? issuerLines[k] : "", k < ReminderLetter.motto.count ? ReminderLetter.motto[k] : ""))
        }
        lines.append("")
        lines.append(twoColumns(numberLine, placeAndDate))
        lines.append(subject)
        lines.append("")
        if addressees.count == 1 {
            lines.append("                    Kính gửi: \(addressees[0]).")
        } else {
            lines.append("                    Kính gửi:")
            for (k, a) in addressees.enumerated() {
                lines.append("                        - \(a)\(k == addressees.count - 1 ? "." : ";")")
            }
        }
        lines.append("")
        for p in paragraphs { lines.append(p); lines.append("") }
        lines.append(twoColumns("Nơi nhận:", signerCapacity.first ?? ""))
        let nn = copiesTo.enumerated().map { "- \($0.element)\($0.offset == copiesTo.count - 1 ? "." : ";")" }
        let rightColumn = Array(signerCapacity.dropFirst())
        for k in 0..<max(nn.count, rightColumn.count) {
            lines.append(twoColumns(k < nn.count ? nn[k] : "", k < rightColumn.count ? rightColumn[k] : ""))
        }
        if let signer {
            lines.append("")
            lines.append(twoColumns("", signer))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ObligationService {
    /// The reminder for the occurrence of `plan`'s obligations due on `due`, addressed to the units
    /// that still owe it as of `asOf` (no report matched to it): nil when none owes it. Throws
    /// `.badInput` when no obligation of the plan falls due on `due` (listing the due dates).
    public func reminder(plan: StoredDocument, due: DocDate, asOf: DocDate, newDeadline: DocDate? = nil) throws(ArchiveError) -> ReminderLetter? {
        let units = try byUnit(asOf: asOf, plan: plan)
        var owing: [String] = []
        var asked: Obligation?
        var dues: Set<String> = []
        for u in units.units {
            for d in u.dues {
                if let x = d.due { dues.insert(x.description) }
                guard d.due == due else { continue }
                if asked == nil { asked = d.obligation }
                if d.reports.isEmpty && (d.status == .overdue || d.status == .upcoming) && !owing.contains(u.unit) { owing.append(u.unit) }
            }
        }
        guard let obligation = asked else {
            let list = dues.sorted().joined(separator: ", ")
            throw .badInput("no obligation of \(plan.number ?? plan.id) falls due on \(due.description)" + (list.isEmpty ? "" : "; its due dates: \(list)"))
        }
        guard !owing.isEmpty else { return nil }
        return ReminderLetter.draft(plan: plan, obligation: obligation, due: due, owing: owing, asOf: asOf,
                                    newDeadline: newDeadline ?? ReminderLetter.workingDays(5, after: asOf))
    }
}

extension ReminderLetter {
    static func draft(plan: StoredDocument, obligation o: Obligation, due: DocDate, owing: [String], asOf: DocDate, newDeadline: DocDate) -> ReminderLetter {
        let p = plan.doc
        let issuer = p.issuer ?? ""
        let short = shortName(issuer)
        let planName = "Kế hoạch số \(plan.number ?? "")"
        let period = Archive.period(of: o, due: due)
        var what = o.what
        if let period, !VietText.fold(what).contains(VietText.fold(period.label)) {
            // "báo cáo 06 tháng" → "báo cáo 06 tháng đầu năm 2026"; "báo cáo hằng quý" → "báo cáo quý III năm 2026".
            let base = what.replacingOccurrences(of: " hằng quý", with: "").replacingOccurrences(of: " hằng tháng", with: "")
                .replacingOccurrences(of: " hằng năm", with: "").replacingOccurrences(of: " 06 tháng", with: "")
                .replacingOccurrences(of: " 6 tháng", with: "")
            what = base + " " + period.label
        }
        // "kế hoạch của đơn vị" is the units' own: "chưa nhận được kế hoạch của các đơn vị nêu trên".
        var bare = what
        for tail in [" của đơn vị", " của các đơn vị", " của đơn vị mình"] where bare.hasSuffix(tail) { bare = String(bare.dropLast(tail.count)) }
        // "đôn đốc báo cáo …", but "đôn đốc gửi kế hoạch …".
        let remindOf = VietText.fold(what).hasPrefix("bao cao") ? what : "gửi " + what
        let one = owing.count == 1
        let units = one ? owing[0] : "các đơn vị nêu trên"
        let recipient = o.recipient ?? short
        var paragraphs: [String] = []
        var cited = "Ngày \(dmy(plan.date)), \(short) ban hành \(planName)"
        if let s = p.subject, !s.isEmpty { cited += " về \(lowerFirst(s))" }
        cited += ", trong đó yêu cầu \(o.reporter.map(lowerFirst) ?? "các đơn vị") gửi \(what) về \(recipient) trước ngày \(dmy(due))."
        paragraphs.append(cited)
        paragraphs.append("Đến ngày \(dmy(asOf)), \(short) chưa nhận được \(bare) của \(units).")
        paragraphs.append("Để kịp thời tổng hợp, báo cáo theo quy định, \(short) đề nghị Thủ trưởng \(one ? "đơn vị" : "các đơn vị") khẩn trương hoàn thiện \(what), gửi về \(recipient) trước ngày \(dmy(newDeadline)).")
        paragraphs.append("\(short) đề nghị \(one ? "đơn vị" : "các đơn vị") nghiêm túc thực hiện./.")

        let place = p.place.map { "\($0), " } ?? ""
        return ReminderLetter(
            issuerLines: headerLines(plan) ?? fallbackHeader(issuer),
            numberLine: "Số:        /" + (symbol(plan.number) ?? ""),
            placeAndDate: "\(place)ngày \(asOf.day ?? 1) tháng \(asOf.month ?? 1) năm \(asOf.year)",
            subject: "V/v đôn đốc \(remindOf) theo \(planName)",
            addressees: owing, paragraphs: paragraphs, copiesTo: ["Như trên", "Lưu: VT"],
            signerCapacity: (p.signerCapacity ?? "").components(separatedBy: " / ").filter { !$0.isEmpty },
            signer: p.signer, due: due, newDeadline: newDeadline)
    }

    /// The issuer's lines of the plan's header (its left column), when the plan's text has them.
    static func headerLines(_ plan: StoredDocument) -> [String]? {
        let text = plan.doc.text
        guard let span = plan.doc.spans["issuer"], span.start >= 0, span.end <= text.utf8.count, span.start < span.end else { return nil }
        let u = text.utf8
        let slice = String(text[u.index(u.startIndex, offsetBy: span.start)..<u.index(u.startIndex, offsetBy: span.end)])
        let lines = slice.split(separator: "\n").map { line -> String in
            // The left column ends where two spaces (or a tab) start the motto's column.
            let l = String(line).replacingOccurrences(of: "\t", with: "  ")
            let left = l.components(separatedBy: "  ").first ?? l
            return left.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "*", with: "")
        }.filter { !$0.isEmpty && !VietText.fold($0).hasPrefix("cong hoa") }
        return lines.isEmpty ? nil : lines
    }

    /// "Sở Y tế tỉnh Hà Tĩnh" → "UBND TỈNH HÀ TĨNH", "SỞ Y TẾ".
    static func fallbackHeader(_ issuer: String) -> [String] {
        for sep in [" tỉnh ", " thành phố "] where !issuer.hasPrefix("Ủy ban") {
            if let r = issuer.range(of: sep) {
                return ["UBND " + (sep.trimmingCharacters(in: .whitespaces) + " " + issuer[r.upperBound...]).uppercased(),
                        String(issuer[..<r.lowerBound]).uppercased()]
            }
        }
        return [issuer.uppercased()]
    }

    /// "Sở Y tế tỉnh Hà Tĩnh" → "Sở Y tế" (how a letter names its own issuer in its text).
    static func shortName(_ issuer: String) -> String {
        for sep in [" tỉnh ", " thành phố ", " huyện "] {
            if let r = issuer.range(of: sep), r.lowerBound != issuer.startIndex, !issuer.hasPrefix("Ủy ban") { return String(issuer[..<r.lowerBound]) }
        }
        return issuer
    }

    /// The issuer's code of a number: "1865/KH-SYT" → "SYT".
    static func symbol(_ number: String?) -> String? {
        guard let n = number, let slash = n.firstIndex(of: "/") else { return nil }
        let sym = n[n.index(after: slash)...]
        guard let dash = sym.firstIndex(of: "-") else { return String(sym) }
        return String(sym[sym.index(after: dash)...])
    }

    static func dmy(_ d: DocDate?) -> String {
        guard let d else { return "" }
        guard let m = d.month, let day = d.day else { return d.description }
        return "\(day < 10 ? "0" : "")\(day)/\(m)/\(d.year)"
    }

    static func lowerFirst(_ s: String) -> String {
        guard let f = s.first else { return s }
        if s.count > 1, let second = s.dropFirst().first, second.isUppercase { return s }   // "UBND …"
        return f.lowercased() + s.dropFirst()
    }

    /// `n` working days (Monday to Friday) after `d`.
    static func workingDays(_ n: Int, after d: DocDate) -> DocDate {
        var day = Archive.dayNumber(d)
        var left = n
        while left > 0 {
            day += 1
            // `Archive.dayNumber` counts from 0000-03-01, a Wednesday: 0 Monday … 6 Sunday.
            let weekday = ((day % 7) + 7 + 2) % 7
            if weekday < 5 { left -= 1 }
        }
        return d.addingDays(day - Archive.dayNumber(d))
    }
}

extension DocDate {
    /// The date `n` days later (or earlier).
    func addingDays(_ n: Int) -> DocDate {
        guard var m = month, var d = day else { return self }
        var y = year
        var left = n
        while left > 0 {
            let dim = DocDate.daysIn(month: m, year: y)
            if d + left <= dim { d += left; left = 0 } else { left -= dim - d + 1; d = 1; m += 1; if m > 12 { m = 1; y += 1 } }
        }
        while left < 0 {
            if d + left >= 1 { d += left; left = 0 } else { left += d; m -= 1; if m < 1 { m = 12; y -= 1 }; d = DocDate.daysIn(month: m, year: y) }
        }
        return DocDate(year: y, month: m, day: d)
    }
}

import Archive
import Documents

/// The interface's Vietnamese words for what the archive names in English, and how dates and
/// documents are shown.
enum Words {
    static func relation(_ r: Relation) -> String {
        switch r {
        case .implements: return "thực hiện"
        case .basis: return "căn cứ"
        case .amends: return "sửa đổi"
        case .replaces: return "thay thế"
        case .repeals: return "bãi bỏ"
        case .cites: return "dẫn chiếu"
        }
    }

    /// The heading of the documents that cite one with relation `r` ("cited by", grouped).
    static func citedBy(_ r: Relation) -> String {
        switch r {
        case .implements: return "Văn bản thực hiện văn bản này"
        case .basis: return "Văn bản căn cứ vào văn bản này"
        case .amends: return "Văn bản sửa đổi văn bản này"
        case .replaces: return "Văn bản thay thế văn bản này"
        case .repeals: return "Văn bản bãi bỏ văn bản này"
        case .cites: return "Văn bản dẫn chiếu văn bản này"
        }
    }

    static func status(_ s: ObligationStatus.Status) -> String {
        switch s {
        case .fulfilled: return "đã báo cáo đúng hạn"
        case .late: return "báo cáo trễ hạn"
        case .overdue: return "quá hạn, chưa báo cáo"
        case .upcoming: return "chưa đến hạn"
        case .unscheduled: return "không có hạn"
        }
    }

    /// Where a unit of a plan comes from (`obligations --by-unit`).
    static func source(_ s: BoundUnit.Source) -> String {
        switch s {
        case .named: return "(nêu tên trong nhiệm vụ)"
        case .recipients: return "(nơi nhận của kế hoạch)"
        case .roster: return "(danh sách đơn vị units.tsv)"
        case .answered: return "(đã gửi báo cáo)"
        }
    }

    static let statuses: [ObligationStatus.Status] = [.overdue, .late, .upcoming, .fulfilled, .unscheduled]

    static func recurrence(_ r: Recurrence) -> String {
        switch r {
        case .once: return "một lần"
        case .monthly: return "hằng tháng"
        case .quarterly: return "hằng quý"
        case .semiannual: return "6 tháng"
        case .annual: return "hằng năm"
        case .unscheduled: return "định kỳ hoặc đột xuất"
        }
    }

    /// `22/11/2026`, `11/2026` or `2026`.
    static func date(_ d: DocDate?) -> String {
        guard let d else { return "" }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        switch (d.day, d.month) {
        case (let day?, let m?): return "\(two(day))/\(two(m))/\(d.year)"
        case (nil, let m?): return "\(two(m))/\(d.year)"
        default: return String(d.year)
        }
    }

    /// `Kế hoạch (KH)`, or the code alone when it has no name.
    static func type(_ code: String?) -> String {
        guard let code else { return "" }
        return DocumentTypes.name(forCode: code).map { "\($0) (\(code))" } ?? code
    }

    static func number(_ d: StoredDocument) -> String { d.number ?? "(không số)" }

    /// Thousands with dots, as Vietnamese writes them: 12.345.
    static func count(_ n: Int) -> String {
        let s = String(n)
        guard n >= 1000 || n <= -1000 else { return s }
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0, i % 3 == 0, c != "-" { out.append(".") }
            out.append(c)
        }
        return String(out.reversed())
    }
}

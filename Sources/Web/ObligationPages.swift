import Archive
import Documents
import Hummingbird
import Render
import VietText

/// `/obligations?as_of=…&plan=…&status=…&issuer=…&unit=…`: the obligations board. As of a date
/// (today by default), every plan's reporting obligations with their status, overdue in red,
/// filtered by status, the plan's issuer and the reporting unit (names matched as the CLI's
/// `--issuer` and `--reporter` match them). With `plan`, that plan unit by unit: the unit × due
/// date matrix of `obligations --by-unit`, and for each past due date some unit still owes, its
/// reminder letter (`/remind`, the letter of `vanban remind`).
enum ObligationPages {
    static func register(on router: Router<WebContext>, server: WebServer) {
        router.get("/obligations") { request, context in
            let q = try BoardQuery(try Params(query: request.uri.query), today: server.options.today())
            let user = context.user
            return try await server.page(context) { reader in
                let plan = try q.plan.map { try reader.named($0, year: q.year, issuer: q.issuer) }
                let patterns = try q.patterns(reader)
                var boards = try PlanBoard.boards(reader, asOf: q.asOf, plan: plan).compactMap { q.filtered($0, patterns) }
                if let plan {
                    var units = try reader.obligations.byUnit(asOf: q.asOf, plan: plan)
                    units.units = units.units.filter { u in patterns.unit?.matches(u.unit) ?? true }
                    if boards.isEmpty { boards = [PlanBoard(plan: plan, statuses: [])] }
                    boards[0].units = units
                }
                return page(q, boards: boards, user: user)
            }
        }

        /// `vanban remind --plan REF --due D [--as-of D]`: the letter as a Word file (`format=docx`,
        /// the default) or plain text (`format=text`), to download.
        router.get("/remind") { request, context in
            let p = try Params(query: request.uri.query)
            let ref = try p.ref("plan")
            guard let due = try p.day("due") else { throw WebError.badRequest("Thiếu tham số \"due\" (hạn báo cáo, ví dụ 2026-06-10).") }
            let asOf = try p.day("as_of") ?? server.options.today()
            let format = p.string("format") ?? "docx"
            guard format == "docx" || format == "text" else { throw WebError.badRequest("Tham số \"format\" phải là docx hoặc text.") }
            let year = try p.int("year", in: 1...9999), issuer = p.string("issuer")
            let (name, bytes) = try await server.read { reader -> (String, [UInt8]) in
                let plan = try reader.named(ref, year: year, issuer: issuer)
                guard let letter = try reader.obligations.reminder(plan: plan, due: due, asOf: asOf) else {
                    throw WebError.notFound("Mọi đơn vị đã có báo cáo cho hạn \(Words.date(due)) tính đến \(Words.date(asOf)): không cần công văn đôn đốc.")
                }
                if format == "text" { return (ReminderDocx.fileName(plan: plan, due: due, ext: "txt"), Array(letter.text.utf8)) }
                do { return (ReminderDocx.fileName(plan: plan, due: due), Array(try ReminderDocx.data(letter))) } catch {
                    throw WebError(status: .internalServerError, message: "Không tạo được tệp .docx.")
                }
            }
            let type = format == "text" ? "text/plain; charset=utf-8" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            return Response(status: .ok, headers: [.contentType: type, .contentDisposition: Download.disposition(name)],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// What the board was asked.
    struct BoardQuery: Sendable {
        var asOf: DocDate
        var asOfGiven: Bool
        var plan: String?
        var year: Int?
        var status: ObligationStatus.Status?
        var issuer: String?
        var unit: String?
        var page: Int

        /// Plans per page of the board.
        static let plansPerPage = 50

        init(_ p: Params, today: DocDate) throws(WebError) {
            let given = try p.day("as_of")
            asOf = given ?? today
            asOfGiven = given != nil
            plan = p.string("plan")
            year = try p.int("year", in: 1...9999)
            status = try p.status()
            issuer = p.string("issuer")
            unit = p.string("unit")
            page = try p.int("page", in: 1...100_000) ?? 1
        }

        /// This board on another page.
        func link(page: Int) -> Link {
            Link("/obligations", [("as_of", asOfGiven ? asOf.iso : nil), ("plan", plan), ("year", year.map(String.init)),
                                  ("status", status?.rawValue), ("issuer", issuer), ("unit", unit),
                                  ("page", page > 1 ? String(page) : nil)])
        }

        /// The issuer and unit filters as the CLI reads `--issuer` and `--reporter`.
        func patterns(_ reader: ArchiveReader) throws -> (issuer: NamePattern?, unit: NamePattern?) {
            guard issuer != nil || unit != nil else { return (nil, nil) }
            let table = try reader.abbreviations()
            return (plan == nil ? issuer.map { NamePattern($0, abbreviations: table) } : nil, unit.map { NamePattern($0, abbreviations: table) })
        }

        /// A plan's board with only the obligations the filters keep; nil when none is left.
        func filtered(_ b: PlanBoard, _ p: (issuer: NamePattern?, unit: NamePattern?)) -> PlanBoard? {
            if let i = p.issuer, !i.matches(b.plan.doc.issuer ?? "") { return nil }
            var out = b
            out.statuses = b.statuses.filter { s in
                (status == nil || s.status == status) && (p.unit?.matches(s.obligation.reporter ?? "") ?? true)
            }
            return out.statuses.isEmpty ? nil : out
        }
    }

    static func page(_ q: BoardQuery, boards: [PlanBoard], user: String?) -> String {
        let all = boards.flatMap(\.statuses)
        return Layout.page(title: "Nghĩa vụ báo cáo", user: user) {
            Node.el("h1") { "Nghĩa vụ báo cáo tính đến \(Words.date(q.asOf))" }
            form(q)
            Node.el("ul", .class("counts")) {
                for s in Words.statuses {
                    let n = all.filter { $0.status == s }.count
                    if n > 0 {
                        Node.el("li", .class("status-" + s.rawValue), Attribute("data-status", s.rawValue)) {
                            Node.el("strong") { Words.count(n) }
                            " " + Words.status(s)
                        }
                    }
                }
            }
            if boards.isEmpty { Node.el("p", .class("muted")) { "Không có nghĩa vụ báo cáo nào theo bộ lọc này." } }
            let pages = max(1, (boards.count + BoardQuery.plansPerPage - 1) / BoardQuery.plansPerPage)
            if pages > 1 {
                Node.el("p", .class("muted")) { "\(Words.count(boards.count)) kế hoạch · trang \(min(q.page, pages))/\(pages)" }
            }
            for b in boards.dropFirst((min(q.page, pages) - 1) * BoardQuery.plansPerPage).prefix(BoardQuery.plansPerPage) {
                board(b, q)
            }
            if pages > 1 {
                Node.el("nav", .class("pages")) {
                    if q.page > 1 { Node.el("a", .href(q.link(page: q.page - 1)), Attribute("rel", "prev")) { "‹ Trang trước" } }
                    if q.page < pages { Node.el("a", .href(q.link(page: q.page + 1)), Attribute("rel", "next")) { "Trang sau ›" } }
                }
            }
        }
    }

    static func form(_ q: BoardQuery) -> Node {
        Node.el("form", .class("filters"), Attribute("action", "/obligations"), Attribute("method", "get")) {
            Node.el("label") {
                "Tính đến ngày"
                Node.void("input", .type("date"), .name("as_of"), .value(q.asOf.iso ?? ""))
            }
            Node.el("label") {
                "Tình trạng"
                Node.el("select", .name("status")) {
                    Node.el("option", .value(""), .flag("selected", q.status == nil)) { "Tất cả" }
                    for s in Words.statuses {
                        Node.el("option", .value(s.rawValue), .flag("selected", q.status == s)) { Words.status(s) }
                    }
                }
            }
            Node.el("label") {
                "Cơ quan giao (ban hành kế hoạch)"
                Node.void("input", .type("text"), .name("issuer"), .value(q.issuer ?? ""), Attribute("placeholder", "so y te"))
            }
            Node.el("label") {
                "Đơn vị báo cáo"
                Node.void("input", .type("text"), .name("unit"), .value(q.unit ?? ""), Attribute("placeholder", "trung tam y te"))
            }
            Node.el("label") {
                "Kế hoạch"
                Node.void("input", .type("text"), .name("plan"), .value(q.plan ?? ""), Attribute("placeholder", "KH 4245"))
            }
            Node.el("button", .type("submit")) { "Lọc" }
        }
    }

    /// One plan: its line, then (asked for this plan) its unit × due matrix and reminder letters,
    /// then its obligations one row per due date.
    static func board(_ b: PlanBoard, _ q: BoardQuery) -> Node {
        Node.el("section", .class("board-plan"), Attribute("data-plan", b.plan.id)) {
            Node.el("h2") { DocumentPages.documentLine(b.plan) }
            if let units = b.units {
                matrix(UnitMatrix(units, only: q.status), asOf: q.asOf)
                reminders(units, asOf: q.asOf)
                if !b.statuses.isEmpty { Node.el("h3") { "Theo từng nghĩa vụ" } }
            } else {
                Node.el("p", .class("by-unit-link")) {
                    Node.el("a", .href(Link("/obligations", [("plan", b.plan.id), ("as_of", q.asOfGiven ? q.asOf.iso : nil)]))) {
                        "Xem theo từng đơn vị và công văn đôn đốc ›"
                    }
                }
            }
            if !b.statuses.isEmpty { table(b.statuses, showPlan: false) }
        }
    }

    /// Obligations one row per due date: what, who to whom, how often, due, status, reports.
    static func table(_ statuses: [ObligationStatus], showPlan: Bool) -> Node {
        Node.el("div", .class("scroll")) {
            Node.el("table", .class("obligations")) {
                Node.el("tr") {
                    if showPlan { Node.el("th") { "Kế hoạch" } }
                    Node.el("th") { "Nội dung báo cáo" }
                    Node.el("th") { "Đơn vị báo cáo → nơi nhận" }
                    Node.el("th") { "Định kỳ" }
                    Node.el("th") { "Hạn" }
                    Node.el("th") { "Tình trạng" }
                    Node.el("th") { "Báo cáo đã nhận" }
                }
                for s in statuses {
                    Node.el("tr", .class("status-" + s.status.rawValue), Attribute("data-status", s.status.rawValue)) {
                        if showPlan { Node.el("td") { Node.el("a", .href(Link("/doc", [("ref", s.plan.id)]))) { Words.number(s.plan) } } }
                        Node.el("td") { s.obligation.what }
                        Node.el("td") {
                            [s.obligation.reporter, s.obligation.recipient.map { "→ " + $0 }].compactMap { $0 }.joined(separator: " ")
                        }
                        Node.el("td") { Words.recurrence(s.obligation.recurrence) }
                        Node.el("td", .class("due")) { s.due.map(Words.date) ?? "không hạn" }
                        Node.el("td") { Node.el("span", .class("status status-" + s.status.rawValue)) { Words.status(s.status) } }
                        Node.el("td") {
                            for (k, r) in s.reports.enumerated() {
                                if k > 0 { ", " }
                                Node.el("a", .href(Link("/doc", [("ref", r.id)]))) { Words.number(r) }
                                r.date.map { " (\(Words.date($0)))" } ?? ""
                            }
                        }
                    }
                }
            }
        }
    }

    /// Units down, due dates across (with the letter of their obligation); each cell the status of
    /// that unit's report for that date and the reports matched to it.
    static func matrix(_ m: UnitMatrix, asOf: DocDate) -> Node {
        let obligations = m.plan.plan.doc.obligations
        return Node.fragment {
            Node.el("h3") { "Theo từng đơn vị" }
            if m.rows.isEmpty {
                Node.el("p", .class("muted")) { "Kế hoạch không nêu đơn vị nào phải báo cáo, hoặc không đơn vị nào hợp bộ lọc." }
            } else {
                Node.el("div", .class("scroll")) {
                    Node.el("table", .class("matrix"), Attribute("data-units", String(m.rows.count)), Attribute("data-dues", String(m.columns.count))) {
                        Node.el("tr") {
                            Node.el("th") { "Đơn vị" }
                            for c in m.columns {
                                Node.el("th", Attribute("scope", "col"), Attribute("data-due", c.due?.iso ?? "")) {
                                    c.due.map(Words.date) ?? "không hạn"
                                    Node.el("span", .class("letter")) { " (\(UnitMatrix.letter(c.obligation)))" }
                                }
                            }
                        }
                        for r in m.rows.indices {
                            let u = m.unit(r)
                            Node.el("tr", Attribute("data-unit", u.unit)) {
                                Node.el("th", Attribute("scope", "row")) {
                                    u.unit
                                    Node.el("span", .class("muted source")) { " " + Words.source(u.source) }
                                }
                                for k in m.columns.indices {
                                    if let i = m.cell(r, k) {
                                        let d = u.dues[i]
                                        Node.el("td", .class("status-" + d.status.rawValue), Attribute("data-status", d.status.rawValue)) {
                                            Node.el("span", .class("status")) { Words.status(d.status) }
                                            for rep in d.reports {
                                                " "
                                                Node.el("a", .href(Link("/doc", [("ref", rep.id)]))) { Words.number(rep) }
                                                rep.date.map { " (\(Words.date($0)))" } ?? ""
                                            }
                                        }
                                    } else {
                                        Node.el("td", .class("muted"), .title("Nghĩa vụ này không giao cho đơn vị")) { "–" }
                                    }
                                }
                            }
                        }
                    }
                }
                Node.el("ul", .class("letters")) {
                    for o in m.obligations {
                        Node.el("li") {
                            Node.el("strong") { UnitMatrix.letter(o) }
                            " " + obligations[o].what + " (" + Words.recurrence(obligations[o].recurrence) + ")"
                        }
                    }
                }
            }
        }
    }

    /// Each past due date some unit the plan binds still owes (no report matched): how many owe it,
    /// and its reminder letter to download, as `vanban remind` drafts it.
    static func reminders(_ p: PlanUnits, asOf: DocDate) -> Node {
        var owing: [(due: DocDate, units: [String])] = []
        for u in p.units {
            for d in u.dues where d.status == .overdue {
                guard let due = d.due else { continue }
                if let k = owing.firstIndex(where: { $0.due == due }) {
                    if !owing[k].units.contains(u.unit) { owing[k].units.append(u.unit) }
                } else {
                    owing.append((due, [u.unit]))
                }
            }
        }
        owing.sort { $0.due < $1.due }
        return Node.fragment {
            if !owing.isEmpty {
                Node.el("h3") { "Công văn đôn đốc" }
                Node.el("ul", .class("reminders")) {
                    for (due, units) in owing {
                        let link = { (format: String) in
                            Link("/remind", [("plan", p.plan.id), ("due", due.iso), ("as_of", asOf.iso), ("format", format)])
                        }
                        Node.el("li", Attribute("data-due", due.iso ?? "")) {
                            "Hạn \(Words.date(due)): \(Words.count(units.count)) đơn vị chưa báo cáo ("
                            units.joined(separator: ", ")
                            ") — "
                            Node.el("a", .href(link("docx")), Attribute("download", "")) { "Tải công văn đôn đốc (.docx)" }
                            " · "
                            Node.el("a", .href(link("text")), Attribute("download", "")) { "bản văn bản (.txt)" }
                        }
                    }
                }
            }
        }
    }
}

/// What the board shows of one plan.
struct PlanBoard {
    var plan: StoredDocument
    /// The plan's obligations, one per due date, with their status.
    var statuses: [ObligationStatus]
    /// The plan unit by unit, when the board shows one plan.
    var units: PlanUnits? = nil

    /// Each plan's obligations one row per due date, as `vanban obligations` lists them.
    static func boards(_ reader: ArchiveReader, asOf: DocDate, plan: StoredDocument?) throws -> [PlanBoard] {
        var out: [PlanBoard] = []
        for s in Shapes.ordered(try reader.obligations.statuses(asOf: asOf, plan: plan)) {
            if out.last?.plan.id == s.plan.id { out[out.count - 1].statuses.append(s) } else { out.append(PlanBoard(plan: s.plan, statuses: [s])) }
        }
        return out
    }
}

/// A file to download: its name in `Content-Disposition`, ASCII for every client and UTF-8 for
/// those that read `filename*` (RFC 6266).
enum Download {
    static func disposition(_ name: String) -> String {
        var ascii = ""
        for u in name.unicodeScalars {
            // A Vietnamese letter without its marks (the case kept), anything else not safe as "-".
            let s = u.isASCII ? String(u) : (u.properties.isUppercase ? VietText.fold(String(u)).uppercased() : VietText.fold(String(u)))
            ascii += s.count == 1 && s.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0)) }) ? s : "-"
        }
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(Link.encode(name))"
    }
}

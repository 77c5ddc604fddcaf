import Archive
import Documents
import Hummingbird
import Render
import VietText

/// `/obligations?as_of=…&plan=…&status=…&issuer=…&unit=…`: the obligations board. As of a date
/// (today by default), every plan's reporting obligations with their status, overdue in red,
/// filtered by status, the plan's issuer and the reporting unit.
enum ObligationPages {
    static func register(on router: Router<WebContext>, server: WebServer) {
        router.get("/obligations") { request, context in
            let q = try BoardQuery(try Params(query: request.uri.query), today: server.options.today())
            let user = context.user
            return try await server.page(context) { reader in
                let plan = try q.plan.map { try reader.named($0, year: q.year, issuer: q.issuer) }
                let boards = try ObligationBoard.source.boards(reader, asOf: q.asOf, plan: plan)
                return page(q, boards: boards.compactMap { q.filtered($0) }, user: user)
            }
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
            status = try p.choice("status", ObligationStatus.Status.self, allowed: Words.statuses)
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

        /// A plan's board with only the obligations the filters keep; nil when none is left.
        func filtered(_ b: PlanBoard) -> PlanBoard? {
            if let issuer, !VietText.fold(b.plan.doc.issuer ?? "").contains(VietText.fold(issuer)) { return nil }
            var out = b
            out.statuses = b.statuses.filter { s in
                (status == nil || s.status == status)
                    && (unit == nil || VietText.fold(s.obligation.reporter ?? "").contains(VietText.fold(unit!)))
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
                board(b, asOf: q.asOf)
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

    /// One plan: its line, then its unit × due matrix when the source gives one, else a row per
    /// obligation and due date.
    static func board(_ b: PlanBoard, asOf: DocDate) -> Node {
        Node.el("section", .class("board-plan"), Attribute("data-plan", b.plan.id)) {
            Node.el("h2") { DocumentPages.documentLine(b.plan) }
            if let m = b.matrix { matrix(m) } else { table(b.statuses, showPlan: false) }
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

    /// Units down, due dates across; each cell the status of that unit's report for that date.
    static func matrix(_ m: UnitMatrix) -> Node {
        Node.el("div", .class("scroll")) {
            Node.el("table", .class("matrix")) {
                Node.el("tr") {
                    Node.el("th") { "Đơn vị" }
                    for d in m.dues { Node.el("th") { d.map(Words.date) ?? "không hạn" } }
                }
                for (u, unit) in m.units.enumerated() {
                    Node.el("tr") {
                        Node.el("th", Attribute("scope", "row")) { unit }
                        for cell in m.cells[u] {
                            if let st = cell.status {
                                Node.el("td", .class("status-" + st.rawValue), Attribute("data-status", st.rawValue)) {
                                    Node.el("span", .class("status")) { Words.status(st) }
                                    for r in cell.reports {
                                        " "
                                        Node.el("a", .href(Link("/doc", [("ref", r.id)]))) { Words.number(r) }
                                    }
                                }
                            } else {
                                Node.el("td") { "" }
                            }
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
    /// Units × due dates, when the archive says which unit owes which report; nil: the board lists
    /// `statuses` one row each.
    var matrix: UnitMatrix?
}

/// A plan's obligations as a matrix: `cells[unit][due]`.
struct UnitMatrix {
    struct Cell {
        var status: ObligationStatus.Status?
        var reports: [StoredDocument]
    }
    var units: [String]
    var dues: [DocDate?]
    var cells: [[Cell]]
}

/// Where the board's plans and rows come from: the seam where a per-unit source (which unit owes
/// which report, as a matrix) replaces the per-obligation one.
protocol BoardSource: Sendable {
    func boards(_ reader: ArchiveReader, asOf: DocDate, plan: StoredDocument?) throws -> [PlanBoard]
}

enum ObligationBoard {
    /// The source the board uses.
    static let source: any BoardSource = PerObligationBoard()
}

/// Each plan's obligations one row per due date, as `vanban obligations` lists them.
struct PerObligationBoard: BoardSource {
    func boards(_ reader: ArchiveReader, asOf: DocDate, plan: StoredDocument?) throws -> [PlanBoard] {
        var out: [PlanBoard] = []
        for s in Shapes.ordered(try reader.obligations.statuses(asOf: asOf, plan: plan)) {
            if out.last?.plan.id == s.plan.id { out[out.count - 1].statuses.append(s) } else { out.append(PlanBoard(plan: s.plan, statuses: [s])) }
        }
        return out
    }
}

/// The frame of every page: head, the top bar with the search box, the main part, the foot.
enum Layout {
    /// A whole page. `query` fills the search box of the top bar.
    static func page(title: String, user: String?, query: String = "", @HTMLBuilder _ main: () -> [Node]) -> String {
        var out = "<!DOCTYPE html>\n"
        out.reserveCapacity(16_384)
        Node.el("html", .lang("vi")) {
            Node.el("head") {
                Node.void("meta", Attribute("charset", "utf-8"))
                Node.void("meta", .name("viewport"), Attribute("content", "width=device-width, initial-scale=1"))
                Node.el("title") { title + " — VanBan" }
                Node.void("link", Attribute("rel", "stylesheet"), .href(Link("/static/style.css")))
            }
            Node.el("body") {
                Node.el("header", .class("top")) {
                    Node.el("a", .class("brand"), .href(Link("/"))) { "VanBan" }
                    Node.el("form", .class("topsearch"), Attribute("action", "/search"), Attribute("method", "get"), Attribute("role", "search")) {
                        Node.void("input", .type("search"), .name("q"), .value(query), Attribute("aria-label", "Tìm văn bản"),
                                  Attribute("placeholder", "Tìm văn bản: ke hoach 6757, chấn chỉnh lề lối…"))
                        Node.el("button", .type("submit")) { "Tìm" }
                    }
                    Node.el("nav") {
                        Node.el("a", .href(Link("/"))) { "Tìm kiếm" }
                        Node.el("a", .href(Link("/obligations"))) { "Nghĩa vụ báo cáo" }
                        Node.el("a", .href(Link("/cites"))) { "Cây trích dẫn" }
                        if let user {
                            Node.el("form", .class("logout"), Attribute("action", "/logout"), Attribute("method", "post")) {
                                Node.el("button", .type("submit"), .title("Đăng xuất " + user)) { "Đăng xuất (\(user))" }
                            }
                        }
                    }
                }
                Node.el("main") { main() }
                Node.el("footer") {
                    "VanBan — tra cứu văn bản hành chính · "
                    Node.el("a", .href(Link("/api/search", [("q", "ke hoach")]))) { "API JSON" }
                }
            }
        }.write(into: &out)
        return out
    }

    /// `html` (a page of `page`) with, at the top of its main part, the notice that the answer
    /// lacks the shards `partial` names (a server started with `--allow-partial`); unchanged when
    /// nothing is missing. Document text in the page is escaped, so its first `<main>` is the page's.
    static func withPartialNotice(_ html: String, _ partial: [String]) -> String {
        guard !partial.isEmpty, let main = html.range(of: "<main>") else { return html }
        let notice = Node.el("div", .class("partial"), Attribute("role", "status")) {
            Node.el("strong") { "Câu trả lời không đầy đủ: " }
            "\(Words.count(partial.count)) phân đoạn của kho không đọc được và đã bị bỏ qua."
            Node.el("ul") { for p in partial { Node.el("li") { p } } }
        }.rendered()
        return html.replacingCharacters(in: main.upperBound..<main.upperBound, with: notice)
    }

    /// A definition table of label → value rows, leaving out empty values.
    static func facts(_ rows: [(String, Node?)]) -> Node {
        Node.el("table", .class("facts")) {
            for (label, value) in rows {
                if let value {
                    Node.el("tr") {
                        Node.el("th", Attribute("scope", "row")) { label }
                        Node.el("td") { value }
                    }
                }
            }
        }
    }

    /// The page of an error: what went wrong, in a sentence, and where to go from here.
    static func error(_ e: WebError, user: String?) -> String {
        let heading: String
        switch e.status.code {
        case 400: heading = "Yêu cầu không hợp lệ"
        case 401: heading = "Cần đăng nhập"
        case 404: heading = "Không tìm thấy"
        case 405: heading = "Phương thức không được hỗ trợ"
        case 409: heading = "Số hiệu này ứng với nhiều văn bản"
        case 413: heading = "Yêu cầu quá lớn"
        case 429: heading = "Quá nhiều lần thử"
        case 503: heading = "Máy chủ đang bận"
        default: heading = "Lỗi máy chủ"
        }
        return page(title: heading, user: user) {
            Node.el("h1") { heading }
            Node.el("p", .class("error")) { e.message }
            if !e.candidates.isEmpty {
                Node.el("p") { "Chọn một văn bản:" }
                Node.el("ul", .class("candidates")) {
                    for c in e.candidates {
                        Node.el("li") {
                            Node.el("a", .href(Link("/doc", [("ref", c.id)]))) { Words.number(c) }
                            " · " + Words.date(c.date) + " · " + (c.doc.issuer ?? "")
                        }
                    }
                }
            }
            Node.el("p") { Node.el("a", .href(Link("/"))) { "Về trang tìm kiếm" } }
        }
    }
}

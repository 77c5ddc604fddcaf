import Archive
import Documents
import Hummingbird

/// `/` (the home page, or results when it has a query) and `/search?q=…&page=…` with the filters
/// `type`, `issuer`, `place`, `from`, `to`, `year`, `exact`: the URL holds the whole search.
enum SearchPages {
    static let pageSize = 10
    /// Pages of results offered (a search narrower than 500 results is the way further).
    static let maxPage = 50

    static func register(on router: Router<WebContext>, server: WebServer) {
        let handler: @Sendable (Request, WebContext) async throws -> Response = { request, context in
            let params = try Params(query: request.uri.query)
            let state = try SearchState(params)
            let user = context.user
            return try await server.page(context) { reader in
                state.isEmpty ? try home(reader, user: user) : try results(state, reader, user: user)
            }
        }
        router.get("/", use: handler)
        router.get("/search", use: handler)
    }

    /// What a search page was asked: the query, the filters (as typed, for the links) and the page.
    struct SearchState: Sendable {
        var q: String
        var filters: [(key: String, value: String)]
        var filter: Filter
        var exact: Bool
        var page: Int

        static let filterKeys = ["type", "issuer", "place", "from", "to", "year"]

        init(_ p: Params) throws(WebError) {
            q = try p.queryText()
            filter = try p.filter()
            exact = try p.flag("exact")
            page = try p.int("page", in: 1...SearchPages.maxPage) ?? 1
            filters = SearchState.filterKeys.compactMap { k in p.string(k).map { (k, $0) } }
        }

        var isEmpty: Bool { q.isEmpty && filters.isEmpty }

        /// This search with `changes` (nil removes a filter), on `page`.
        func link(page: Int? = nil, q: String? = nil, _ changes: [(String, String?)] = []) -> Link {
            var items: [(String, String?)] = [("q", q ?? self.q)]
            var kept = filters.map { ($0.key, Optional($0.value)) }
            for (k, v) in changes {
                if let i = kept.firstIndex(where: { $0.0 == k }) { kept[i].1 = v } else { kept.append((k, v)) }
            }
            items += kept
            if exact { items.append(("exact", "1")) }
            if let page, page > 1 { items.append(("page", String(page))) }
            return Link("/search", items)
        }
    }

    // MARK: - Home

    static func home(_ reader: ArchiveReader, user: String?) throws -> String {
        let count = reader.documentCount
        return Layout.page(title: "Tìm kiếm văn bản", user: user) {
            Node.el("h1") { "Tìm kiếm văn bản" }
            searchForm(SearchState.empty, facets: nil)
            Node.el("p", .class("muted")) { "Kho có \(Words.count(count)) văn bản. Gõ có dấu hoặc không dấu." }
            Node.el("h2") { "Ví dụ" }
            Node.el("ul") {
                for (q, what) in [("ke hoach 6757", "một văn bản theo số hiệu"), ("chan chinh le loi", "không dấu vẫn tìm được văn bản có dấu"),
                                  ("\"lề lối làm việc\" loai:KH", "cụm từ chính xác, chỉ kế hoạch"), ("loai:BC nam:2026", "báo cáo năm 2026")] {
                    Node.el("li") {
                        Node.el("a", .href(Link("/search", [("q", q)]))) { q }
                        " — " + what
                    }
                }
            }
            Node.el("p", .class("muted")) {
                "Cú pháp: từ, \"cụm từ\", AND, OR, NOT, -từ, (ngoặc), so:6757/KH-SYT, loai:KH, coquan:\"so y te\", noi:\"nghe an\", nam:2026, ngay:2026-05..2026-06."
            }
            Node.el("h2") { "Tra cứu khác" }
            CitationPages.form(ref: "")
            Node.el("p") {
                Node.el("a", .href(Link("/obligations"))) { "Bảng nghĩa vụ báo cáo" }
                " — ai phải báo cáo gì, hạn nào, việc nào đã quá hạn."
            }
        }
    }

    // MARK: - Results

    static func results(_ s: SearchState, _ reader: ArchiveReader, user: String?) throws -> String {
        let req = SearchRequest(query: s.q, filter: s.filter, limit: s.page * pageSize, exact: s.exact)
        let resp = try reader.search.run(req)
        let facets = try reader.search.facets(req)
        let hits = Array(resp.hits.dropFirst((s.page - 1) * pageSize))
        let pages = min(maxPage, max(1, (resp.total + pageSize - 1) / pageSize))
        let title = s.q.isEmpty ? "Văn bản" : "Tìm: " + s.q
        return Layout.page(title: title, user: user, query: s.q) {
            Node.el("h1") { s.q.isEmpty ? "Văn bản theo bộ lọc" : "Kết quả tìm kiếm" }
            searchForm(s, facets: facets)
            chips(s)
            if let suggestion = resp.suggestion {
                Node.el("p", .class("suggestion")) {
                    "Có phải bạn muốn tìm: "
                    Node.el("a", .href(s.link(q: suggestion)), .class("did-you-mean")) { suggestion }
                }
            }
            Node.el("div", .class("layout")) {
                Node.el("section", .class("hits")) {
                    if hits.isEmpty {
                        Node.el("p", .class("none")) {
                            s.q.isEmpty ? "Không có văn bản nào theo bộ lọc này." : "Không có văn bản nào khớp với «\(s.q)»."
                        }
                    } else {
                        Node.el("p", .class("muted total")) { "Khoảng \(Words.count(resp.total)) kết quả · trang \(s.page)/\(pages)" }
                        Node.el("ol", .class("results"), Attribute("start", String((s.page - 1) * pageSize + 1))) {
                            for h in hits { hit(h) }
                        }
                        pager(s, pages: pages)
                    }
                }
                facetList(s, facets)
            }
        }
    }

    static func hit(_ h: SearchHit) -> Node {
        let d = h.document
        return Node.el("li", .class("hit")) {
            Node.el("a", .class("hit-title"), .href(Link("/doc", [("ref", d.id)]))) { Words.number(d) }
            Node.el("span", .class("meta")) {
                [Words.type(d.type), Words.date(d.date), d.doc.issuer ?? ""].filter { !$0.isEmpty }.map { " · " + $0 }.joined()
            }
            if let subject = d.doc.subject { Node.el("div", .class("subject")) { subject } }
            if !h.snippet.text.isEmpty {
                Node.el("p", .class("snippet")) { Segments.marked(h.snippet.text, h.snippet.highlights) }
            }
            Node.el("div", .class("where")) {
                (h.snippet.page.map { "trang \($0), " } ?? "") + "dòng \(h.snippet.line) · " + d.id
            }
        }
    }

    static func searchForm(_ s: SearchState, facets: SearchFacets?) -> Node {
        let value: (String) -> String = { k in s.filters.first { $0.key == k }?.value ?? "" }
        return Node.el("form", .class("search"), Attribute("action", "/search"), Attribute("method", "get"), Attribute("role", "search")) {
            Node.el("div", .class("searchbox")) {
                Node.void("input", .type("search"), .name("q"), .value(s.q), Attribute("aria-label", "Câu tìm kiếm"),
                          Attribute("placeholder", "Số hiệu, trích yếu, nội dung…"), Attribute("size", "40"))
                Node.el("button", .type("submit")) { "Tìm" }
            }
            Node.el("details", .class("more"), .flag("open", !s.filters.isEmpty || s.exact)) {
                Node.el("summary") { "Tìm nâng cao" }
                Node.el("div", .class("filters")) {
                    for (key, label, hint) in [("type", "Loại văn bản", "KH, BC, kế hoạch…"), ("issuer", "Cơ quan ban hành", "so y te"),
                                               ("place", "Nơi ban hành", "Nghệ An"), ("year", "Năm", "2026"),
                                               ("from", "Từ ngày", "2026-05 hoặc 1/5/2026"), ("to", "Đến ngày", "2026-06-30")] {
                        Node.el("label") {
                            label
                            Node.void("input", .type("text"), Attribute("name", key), .value(value(key)), Attribute("placeholder", hint))
                        }
                    }
                    Node.el("label") {
                        Node.void("input", .type("checkbox"), .name("exact"), .value("1"), .flag("checked", s.exact))
                        " Chỉ đúng dấu như đã gõ"
                    }
                }
            }
        }
    }

    /// The filters in force, each with a link that removes it.
    static func chips(_ s: SearchState) -> Node {
        let labels = ["type": "Loại", "issuer": "Cơ quan", "place": "Nơi", "from": "Từ", "to": "Đến", "year": "Năm"]
        return Node.el("p", .class("chips")) {
            for f in s.filters {
                Node.el("a", .href(s.link([(f.key, nil)])), .title("Bỏ bộ lọc này")) { "\(labels[f.key] ?? f.key): \(f.value) ×" }
            }
            if s.exact { Node.el("a", .href(SearchState(q: s.q, filters: s.filters, filter: s.filter, exact: false, page: 1).link())) { "Đúng dấu ×" } }
        }
    }

    static func facetList(_ s: SearchState, _ f: SearchFacets) -> Node {
        Node.el("aside", .class("facets")) {
            Node.el("h2") { "Thu hẹp" }
            if !f.complete { Node.el("p", .class("muted")) { "Đếm trong \(f.counted) kết quả đầu." } }
            group("Loại văn bản", "type", f.types, s) { Words.type($0) }
            group("Năm", "year", f.years, s) { $0 }
            group("Cơ quan ban hành", "issuer", f.issuers.prefix(12).map { $0 }, s) { $0 }
        }
    }

    private static func group(_ title: String, _ key: String, _ counts: [SearchFacets.Count], _ s: SearchState,
                              label: (String) -> String) -> Node {
        Node.fragment {
            if !counts.isEmpty {
                Node.el("h3") { title }
                Node.el("ul", Attribute("data-facet", key)) {
                    for c in counts {
                        Node.el("li") {
                            Node.el("a", .href(s.link([(key, c.value)]))) { label(c.value) }
                            Node.el("span", .class("count")) { Words.count(c.count) }
                        }
                    }
                }
            }
        }
    }

    static func pager(_ s: SearchState, pages: Int) -> Node {
        Node.el("nav", .class("pages"), Attribute("aria-label", "Trang kết quả")) {
            if s.page > 1 { Node.el("a", .href(s.link(page: s.page - 1)), Attribute("rel", "prev")) { "‹ Trang trước" } }
            for p in max(1, s.page - 4)...min(pages, max(1, s.page - 4) + 9) {
                if p == s.page { Node.el("span", .class("current")) { String(p) } } else { Node.el("a", .href(s.link(page: p))) { String(p) } }
            }
            if s.page < pages { Node.el("a", .href(s.link(page: s.page + 1)), Attribute("rel", "next")) { "Trang sau ›" } }
        }
    }
}

extension SearchPages.SearchState {
    static let empty = SearchPages.SearchState(q: "", filters: [], filter: Filter(), exact: false, page: 1)

    init(q: String, filters: [(key: String, value: String)], filter: Filter, exact: Bool, page: Int) {
        self.q = q; self.filters = filters; self.filter = filter; self.exact = exact; self.page = page
    }
}

/// Text cut into runs at UTF-8 byte ranges, each range made into a node (a highlight, a link).
enum Segments {
    /// `text` with each range in `<mark>`.
    static func marked(_ text: String, _ ranges: [Range<Int>]) -> [Node] {
        cut(text, ranges.map { r in (r, { s in Node.el("mark") { s } }) })
    }

    /// `text` with each range made by its function from the range's text; ranges out of order,
    /// overlapping the one before or out of bounds are left as plain text.
    static func cut(_ text: String, _ ranges: [(Range<Int>, (String) -> Node)]) -> [Node] {
        let bytes = Array(text.utf8)
        var out: [Node] = []
        var at = 0
        for (r, make) in ranges where r.lowerBound >= at && r.upperBound <= bytes.count && !r.isEmpty {
            if r.lowerBound > at { out.append(.text(String(decoding: bytes[at..<r.lowerBound], as: UTF8.self))) }
            out.append(make(String(decoding: bytes[r], as: UTF8.self)))
            at = r.upperBound
        }
        if at < bytes.count { out.append(.text(String(decoding: bytes[at...], as: UTF8.self))) }
        return out
    }
}

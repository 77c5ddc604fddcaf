import Archive
import Documents
import Hummingbird
import Render

/// `/cites?ref=REF`: the citation tree of any REF, archived or not (`226-KL/TW`): every document
/// down the chain, under the one it cites, collapsible, with relation and date; an SVG graph for a
/// small tree.
enum CitationPages {
    /// Trees of at most this many documents also get a graph.
    static let graphLimit = 40

    static func register(on router: Router<WebContext>, server: WebServer) {
        router.get("/cites") { request, context in
            let params = try Params(query: request.uri.query)
            let user = context.user
            guard params.string("ref") != nil else {
                return Response.html(Layout.page(title: "Cây trích dẫn", user: user) {
                    Node.el("h1") { "Cây trích dẫn" }
                    Node.el("p") { "Nhập số hiệu một văn bản (có trong kho hay không) để xem mọi văn bản dẫn đến nó, theo chuỗi xuống tận báo cáo của đơn vị." }
                    form(ref: "")
                })
            }
            let ref = try params.ref(), year = try params.int("year", in: 1...9999), issuer = params.string("issuer")
            return try await server.page(context) { reader in
                let target = try reader.namedTarget(ref, year: year, issuer: issuer)
                let hits = Shapes.ordered(try reader.citations.citers(of: target, transitive: true))
                return page(target, hits, ref: ref, user: user)
            }
        }
    }

    static func form(ref: String) -> Node {
        Node.el("form", .class("cites"), Attribute("action", "/cites"), Attribute("method", "get")) {
            Node.el("label") {
                "Số hiệu: "
                Node.void("input", .type("text"), .name("ref"), .value(ref), Attribute("placeholder", "226-KL/TW, KH 6757…"))
            }
            " "
            Node.el("button", .type("submit")) { "Xem cây trích dẫn" }
        }
    }

    static func page(_ target: CitationTarget, _ hits: [CitationHit], ref: String, user: String?) -> String {
        var children: [String: [CitationHit]] = [:]
        for h in hits { children[h.parentID ?? "", default: []].append(h) }
        let rootKey: String
        let rootNode: Node
        switch target {
        case .document(let d):
            rootKey = d.id
            rootNode = DocumentPages.documentLine(d)
        case .external(let u):
            rootKey = ""
            rootNode = Node.fragment {
                Node.el("strong") { u.description }
                Node.el("span", .class("badge")) { "ngoài kho" }
            }
        }
        let maxDepth = hits.map(\.depth).max() ?? 0
        return Layout.page(title: "Cây trích dẫn " + target.label, user: user) {
            Node.el("h1") { "Cây trích dẫn: " + target.label }
            form(ref: ref)
            Node.el("p", .class("muted")) {
                hits.isEmpty ? "Chưa có văn bản nào trong kho dẫn văn bản này."
                    : "\(hits.count) văn bản dẫn đến \(target.label), sâu \(maxDepth) cấp."
            }
            Node.el("ul", .class("tree")) {
                Node.el("li", .class("root")) {
                    rootNode
                    subtree(rootKey, children, seen: [rootKey])
                }
            }
            if !hits.isEmpty && hits.count <= graphLimit {
                Node.el("h2") { "Sơ đồ" }
                Graph.svg(target, hits)
            }
        }
    }

    /// The documents under `key`, each in a `<details>` (open: the tree shows whole, and folds
    /// without a script).
    static func subtree(_ key: String, _ children: [String: [CitationHit]], seen: Set<String>) -> Node {
        Node.fragment {
            if let kids = children[key], !kids.isEmpty {
                Node.el("ul") {
                    for h in kids {
                        Node.el("li", Attribute("data-depth", String(h.depth)), Attribute("data-id", h.document.id)) {
                            if let sub = children[h.document.id], !sub.isEmpty, !seen.contains(h.document.id) {
                                Node.el("details", .flag("open")) {
                                    Node.el("summary") { line(h) }
                                    subtree(h.document.id, children, seen: seen.union([h.document.id]))
                                }
                            } else {
                                line(h)
                            }
                        }
                    }
                }
            }
        }
    }

    static func line(_ h: CitationHit) -> Node {
        Node.fragment {
            Node.el("span", .class("rel")) { Words.relation(h.relation) }
            Node.el("span", .class("type")) { h.document.type.map { $0 + " " } ?? "" }
            DocumentPages.documentLine(h.document)
        }
    }
}

/// A small citation tree drawn as SVG: one row per depth, the target on top, a line from each
/// document to the one it cites. Labels are text nodes (escaped); boxes link to the documents.
enum Graph {
    static let boxWidth = 150, boxHeight = 34, gapX = 16, gapY = 46

    static func svg(_ target: CitationTarget, _ hits: [CitationHit]) -> Node {
        // Rows by depth, in the order the tree lists them.
        var rows: [[CitationHit]] = []
        for h in hits {
            while rows.count < h.depth { rows.append([]) }
            rows[h.depth - 1].append(h)
        }
        let widest = max(1, rows.map(\.count).max() ?? 1)
        let width = widest * (boxWidth + gapX) + gapX
        let height = (rows.count + 1) * (boxHeight + gapY) + gapY
        func x(_ i: Int, of n: Int) -> Int {
            let used = n * (boxWidth + gapX) - gapX
            return (width - used) / 2 + i * (boxWidth + gapX)
        }
        func y(_ depth: Int) -> Int { gapY / 2 + depth * (boxHeight + gapY) }
        var centre: [String: (Int, Int)] = [:]
        let rootKey: String = { if case .document(let d) = target { return d.id }; return "" }()
        centre[rootKey] = (width / 2, y(0) + boxHeight / 2)
        for (r, row) in rows.enumerated() {
            for (i, h) in row.enumerated() { centre[h.document.id] = (x(i, of: row.count) + boxWidth / 2, y(r + 1) + boxHeight / 2) }
        }
        return Node.el("svg", .class("graph"), Attribute("xmlns", "http://www.w3.org/2000/svg"),
                       Attribute("viewBox", "0 0 \(width) \(height)"), Attribute("width", String(width)),
                       Attribute("role", "img"), Attribute("aria-label", "Sơ đồ trích dẫn " + target.label)) {
            for h in hits {
                if let (x1, y1) = centre[h.document.id], let (x2, y2) = centre[h.parentID ?? rootKey] {
                    Node.el("line", Attribute("x1", String(x1)), Attribute("y1", String(y1 - boxHeight / 2)),
                            Attribute("x2", String(x2)), Attribute("y2", String(y2 + boxHeight / 2))) {
                        Node.el("title") { Words.relation(h.relation) }
                    }
                }
            }
            Node.el("g", .class("root")) {
                box(x: width / 2 - boxWidth / 2, y: y(0), label: target.label, sub: rootKey.isEmpty ? "ngoài kho" : "")
            }
            for (r, row) in rows.enumerated() {
                for (i, h) in row.enumerated() {
                    Node.el("a", .href(Link("/doc", [("ref", h.document.id)]))) {
                        box(x: x(i, of: row.count), y: y(r + 1), label: Words.number(h.document),
                            sub: Words.relation(h.relation) + " · " + Words.date(h.document.date))
                    }
                }
            }
        }
    }

    static func box(x: Int, y: Int, label: String, sub: String) -> Node {
        Node.fragment {
            Node.void("rect", Attribute("x", String(x)), Attribute("y", String(y)), Attribute("width", String(boxWidth)),
                      Attribute("height", String(boxHeight)), Attribute("rx", "4"))
            Node.el("text", Attribute("x", String(x + 6)), Attribute("y", String(y + 14))) { clip(label) }
            Node.el("text", Attribute("x", String(x + 6)), Attribute("y", String(y + 28))) { clip(sub) }
        }
    }

    /// At most 24 characters (the box's width).
    static func clip(_ s: String) -> String { s.count <= 24 ? s : String(s.prefix(23)) + "…" }
}

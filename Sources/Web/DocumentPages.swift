import Archive
import Documents
import Foundation
import Hummingbird
import Render

/// `/doc?ref=REF[&year=Y&issuer=X]` (a document: metadata, its text with every reference linked,
/// what it cites, who cites it, for a plan its answers and obligations) and `/file?ref=REF` (the
/// original file, found through the document's id, never a path from the request).
enum DocumentPages {
    static func register(on router: Router<WebContext>, server: WebServer) {
        router.get("/doc") { request, context in
            let params = try Params(query: request.uri.query)
            let ref = try params.ref(), year = try params.int("year", in: 1...9999), issuer = params.string("issuer")
            let user = context.user, today = server.options.today()
            return try await server.page(context) { reader in
                let d = try reader.named(ref, year: year, issuer: issuer)
                return try page(d, reader, asOf: today, user: user)
            }
        }

        router.get("/file") { request, context in
            let params = try Params(query: request.uri.query)
            let ref = try params.ref(), year = try params.int("year", in: 1...9999), issuer = params.string("issuer")
            let (path, name) = try await server.read { reader in
                let d = try reader.named(ref, year: year, issuer: issuer)
                return (try reader.sourcePath(of: d), d.file)
            }
            return try original(path: path, name: name)
        }
    }

    static func page(_ d: StoredDocument, _ reader: ArchiveReader, asOf: DocDate, user: String?) throws -> String {
        let details = try reader.details(of: d, asOf: asOf)
        let citers = try reader.citations.directCiters(of: .document(d))
        let answers = Shapes.ordered(try reader.obligations.answers(to: d))
        let p = d.doc
        let title = [Words.number(d), p.subject].compactMap { $0 }.joined(separator: " — ")
        return Layout.page(title: title, user: user) {
            Node.el("p", .class("muted")) { Words.type(p.type) }
            Node.el("h1") { Words.number(d) + (p.subject.map { " — " + $0 } ?? "") }
            metadata(d)
            Node.el("p", .class("noprint")) {
                Node.el("a", .href(Link("/file", [("ref", d.id)])), Attribute("download", nil)) { "Tải tệp gốc" }
                " · "
                Node.el("a", .href(Link("/cites", [("ref", d.id)]))) { "Cây trích dẫn" }
                " · "
                Node.el("a", .href(Link("/api/show", [("ref", d.id)]))) { "JSON" }
            }
            if !answers.isEmpty { answersSection(answers) }
            if !details.statuses.isEmpty {
                Node.el("h2") { "Nghĩa vụ báo cáo (tính đến \(Words.date(asOf)))" }
                ObligationPages.table(details.statuses, showPlan: false)
            }
            if !details.references.isEmpty { referencesSection(details.references) }
            citedBySection(citers)
            Node.el("h2") { "Toàn văn" }
            Node.el("pre", .class("text")) { linkedText(d, details.references) }
        }
    }

    static func metadata(_ d: StoredDocument) -> Node {
        let p = d.doc
        func text(_ s: String?) -> Node? { s.flatMap { $0.isEmpty ? nil : Node.text($0) } }
        return Layout.facts([
            ("Số hiệu", text(d.number)),
            ("Loại", text(Words.type(p.type))),
            ("Cơ quan ban hành", text(p.issuer)),
            ("Nơi, ngày", text([p.place, p.date.map(Words.date)].compactMap { $0 }.joined(separator: ", "))),
            ("Trích yếu", text(p.subject)),
            ("Kính gửi", text(p.recipients.joined(separator: "; "))),
            ("Người ký", text([p.signerCapacity, p.signer].compactMap { $0 }.joined(separator: " — "))),
            ("Nơi nhận", text(p.copiesTo.joined(separator: "; "))),
            ("Dự thảo", p.draft ? Node.text("có") : nil),
            ("Trang", text(d.pages.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" })),
            ("Mã trong kho", Node.el("code") { d.id }),
        ])
    }

    /// The document's text with each reference's span linked: to the cited document when it is
    /// archived, to its citation tree (marked "ngoài kho") when not.
    static func linkedText(_ d: StoredDocument, _ refs: [ResolvedReference]) -> [Node] {
        let spans = refs.sorted { $0.reference.span.start < $1.reference.span.start }.map { rr -> (Range<Int>, (String) -> Node) in
            let r = rr.reference
            let range = r.span.start..<r.span.end
            if let target = rr.resolved {
                return (range, { text in
                    Node.el("a", .class("ref"), .href(Link("/doc", [("ref", target.id)])), .title(Words.relation(r.relation) + ": " + rr.number)) { text }
                })
            }
            return (range, { text in
                Node.fragment {
                    Node.el("a", .class("ref external"), .href(Link("/cites", [("ref", rr.number)])),
                            .title(Words.relation(r.relation) + ": " + rr.number + " (ngoài kho)")) { text }
                    Node.el("span", .class("badge")) { "ngoài kho" }
                }
            })
        }
        return Segments.cut(d.doc.text, spans)
    }

    static func referencesSection(_ refs: [ResolvedReference]) -> Node {
        Node.fragment {
            Node.el("h2") { "Văn bản được dẫn" }
            Node.el("div", .class("scroll")) {
                Node.el("table", .class("references")) {
                    Node.el("tr") { Node.el("th") { "Quan hệ" }; Node.el("th") { "Số hiệu" }; Node.el("th") { "Ngày" }; Node.el("th") { "Trong kho" } }
                    for rr in refs {
                        Node.el("tr") {
                            Node.el("td") { Words.relation(rr.reference.relation) }
                            Node.el("td") {
                                if let t = rr.resolved {
                                    Node.el("a", .href(Link("/doc", [("ref", t.id)]))) { rr.number }
                                } else {
                                    Node.el("a", .href(Link("/cites", [("ref", rr.number)]))) { rr.number }
                                }
                            }
                            Node.el("td") { Words.date(rr.reference.date) }
                            Node.el("td") {
                                if let t = rr.resolved {
                                    Words.date(t.date) + " · " + (t.doc.issuer ?? "")
                                } else {
                                    Node.el("span", .class("badge")) { "ngoài kho" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func citedBySection(_ citers: [(StoredDocument, Reference)]) -> Node {
        Node.fragment {
            Node.el("h2") { "Được dẫn bởi" }
            if citers.isEmpty {
                Node.el("p", .class("muted")) { "Chưa có văn bản nào trong kho dẫn văn bản này." }
            }
            for rel in Relation.allCases {
                let group = citers.filter { $0.1.relation == rel }
                if !group.isEmpty {
                    Node.el("h3") { Words.citedBy(rel) + " (\(group.count))" }
                    Node.el("ul", .class("citers"), Attribute("data-relation", rel.rawValue)) {
                        for (c, _) in group { Node.el("li") { documentLine(c) } }
                    }
                }
            }
        }
    }

    static func answersSection(_ answers: [Answer]) -> Node {
        Node.fragment {
            Node.el("h2") { "Báo cáo thực hiện" }
            Node.el("ul", .class("answers")) {
                for a in answers {
                    Node.el("li", Attribute("data-on-time", a.onTime.map { $0 ? "true" : "false" } ?? "unknown")) {
                        documentLine(a.report)
                        " — "
                        switch a.onTime {
                        case .some(true): Node.el("span", .class("on-time")) { "đúng hạn (hạn \(Words.date(a.due)))" }
                        case .some(false): Node.el("span", .class("late")) { "trễ hạn (hạn \(Words.date(a.due)))" }
                        case .none: Node.el("span", .class("muted")) { "không có hạn tương ứng" }
                        }
                    }
                }
            }
        }
    }

    /// A document in a list: its number linked, date, issuer, subject.
    static func documentLine(_ d: StoredDocument) -> Node {
        Node.fragment {
            Node.el("a", .href(Link("/doc", [("ref", d.id)]))) { Words.number(d) }
            [Words.date(d.date), d.doc.issuer ?? "", d.doc.subject ?? ""].filter { !$0.isEmpty }.map { " · " + $0 }.joined()
        }
    }

    // MARK: - The original file

    /// The file the document was read from, as a download (never shown in the page: a stored HTML
    /// file must not run as this site's page). The path comes from the index, not the request.
    static func original(path: String?, name: String) throws -> Response {
        guard let path else {
            throw WebError.notFound("Không rõ vị trí tệp gốc: tệp này được lập chỉ mục như một tệp riêng lẻ, không thuộc thư mục nào.")
        }
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw WebError.notFound("Tệp gốc không còn ở chỗ cũ (\(name)); có thể nó đã bị chuyển hoặc xóa sau lần lập chỉ mục.")
        }
        let data = h.readDataToEndOfFile()
        try? h.close()
        let base = (name as NSString).lastPathComponent
        let ascii = String(base.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" && $0 != "%" ? Character($0) : "_" })
        return Response(status: .ok, headers: [
            .contentType: contentType(base),
            .contentDisposition: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(Link.encode(base))",
            .contentSecurityPolicy: "sandbox; default-src 'none'",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func contentType(_ name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "pdf": return "application/pdf"
        case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "doc": return "application/msword"
        case "rtf": return "application/rtf"
        case "txt", "md": return "text/plain"
        default: return "application/octet-stream"
        }
    }
}

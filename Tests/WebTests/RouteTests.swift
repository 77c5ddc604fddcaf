import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Web

/// Every page route in process (`.router`) on the seeds: what a person sees, and what a bad
/// request gets (400/404/409, never 500), with the security headers on every answer.
@Suite("web pages")
struct PageRouteTests {
    @Test func homePageOffersSearchExamplesAndTheOtherPages() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let r = try await client.get("/")
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "text/html; charset=utf-8")
            #expect(r.text.contains("Tìm kiếm văn bản"))
            #expect(r.text.contains("Kho có 6 văn bản"))
            #expect(r.text.contains("href=\"/search?q=ke%20hoach%206757\""))
            #expect(r.text.contains("href=\"/obligations\""))
            #expect(r.text.contains("action=\"/cites\""))
        }
    }

    @Test func searchWithoutDiacriticsHighlightsTheAccentedWords() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let r = try await client.get("/search?q=chan+chinh+le+loi")
            #expect(r.status == .ok)
            let t = r.text
            #expect(t.contains("href=\"/doc?ref=002_08d73f6826bb5330.txt%231\""), "6757/KH-SYT listed")
            #expect(t.contains("<mark>chấn</mark>"))
            #expect(t.contains("<mark>lề</mark>"))
            #expect(t.contains("<mark>lối</mark>"))
            #expect(t.contains("Khoảng 5 kết quả"))
            #expect(t.contains("dòng "))
            // The box keeps the query; facets count types, years and issuers.
            #expect(t.contains("value=\"chan chinh le loi\""))
            #expect(t.contains("data-facet=\"type\""))
            #expect(t.contains("href=\"/search?q=chan%20chinh%20le%20loi&amp;type=KH\""))
            #expect(t.contains("data-facet=\"year\""))
            #expect(t.contains("data-facet=\"issuer\""))
        }
    }

    @Test func aNumberQueryPutsThatDocumentFirst() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let t = try await client.get("/search?q=ke%20hoach%206757").text
            let first = t.range(of: "class=\"hit-title\"").map { String(t[$0.upperBound...].prefix(120)) } ?? ""
            #expect(first.contains("002_08d73f6826bb5330.txt%231"), "\(first)")
            #expect(first.contains("6757/KH-SYT"))
        }
    }

    @Test func facetsNarrowAndChipsUndo() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let t = try await client.get("/search?q=chan+chinh+le+loi&type=KH").text
            #expect(t.contains("Khoảng 2 kết quả"), "only the two plans")
            #expect(!t.contains("002_08d73f6826bb5330.txt%230\""), "the report is filtered out")
            #expect(t.contains("Loại: KH ×"))
            #expect(t.contains("href=\"/search?q=chan%20chinh%20le%20loi\""), "the chip's link drops the filter")
            // Filters without a query list documents by filter.
            let listed = try await client.get("/search?type=BC").text
            #expect(listed.contains("Văn bản theo bộ lọc"))
            #expect(listed.contains("660/BC-TTYT"))
            #expect(!listed.contains("6757/KH-SYT"))
        }
    }

    @Test func didYouMeanLinksTheCorrectedSearch() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let t = try await client.get("/search?q=chan+chinh+le+loi+lam+vjec").text
            #expect(t.contains("Có phải bạn muốn tìm"))
            #expect(t.contains("class=\"did-you-mean\""))
            #expect(t.contains("làm việc</a>"))
        }
    }

    @Test func pagesOfResults() async throws {
        try await Fixture.test(try Fixture.server(Fixture.devDB)) { client in
            let one = try await client.get("/search?q=ke+hoach").text
            #expect(one.contains("rel=\"next\""))
            #expect(one.contains("<ol class=\"results\" start=\"1\">"))
            let two = try await client.get("/search?q=ke+hoach&page=2").text
            #expect(two.contains("<ol class=\"results\" start=\"11\">"))
            #expect(two.contains("rel=\"prev\""))
            func ids(_ t: String) -> Set<String> {
                Set(t.components(separatedBy: "class=\"hit-title\" href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) })
            }
            #expect(ids(one).count == 10)
            #expect(!ids(two).isEmpty)
            #expect(ids(one).isDisjoint(with: ids(two)), "page 2 continues page 1")
        }
    }

    @Test func documentPageShowsMetadataLinkedReferencesAnswersAndObligations() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let r = try await client.get("/doc?ref=6757/KH-SYT")
            #expect(r.status == .ok)
            let t = r.text
            #expect(t.contains("<th scope=\"row\">Cơ quan ban hành</th><td>Sở Y tế Thành phố Hồ Chí Minh</td>"))
            // 660/BC-TTYT answers it on time.
            #expect(t.contains("<li data-on-time=\"true\"><a href=\"/doc?ref=002_08d73f6826bb5330.txt%230\">660/BC-TTYT</a>"))
            #expect(t.contains("đúng hạn (hạn 05/06/2026)"))
            // The conclusion is not archived: its span links to its citation tree, marked.
            #expect(t.contains("<a class=\"ref external\" href=\"/cites?ref=226-KL%2FTW\""))
            #expect(t.contains("ngoài kho"))
            // Cited by, grouped by relation; obligations with their status as of the server's today.
            #expect(t.contains("data-relation=\"implements\""))
            #expect(t.contains("Nghĩa vụ báo cáo (tính đến 22/11/2026)"))
            #expect(t.contains("data-status=\"overdue\""))
            #expect(t.contains("href=\"/file?ref=002_08d73f6826bb5330.txt%231\""))
            // The same page by id, and by another spelling of the REF.
            #expect(try await client.get("/doc?ref=002_08d73f6826bb5330.txt%231").status == .ok)
            #expect(try await client.get("/doc?ref=KH+6757").text.contains("660/BC-TTYT"))
        }
    }

    @Test func anArchivedReferenceLinksToItsDocument() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let t = try await client.get("/doc?ref=660/BC-TTYT").text
            #expect(t.contains("<a class=\"ref\" href=\"/doc?ref=002_08d73f6826bb5330.txt%231\""))
        }
    }

    @Test func anAmbiguousReferenceListsTheCandidates() async throws {
        try await Fixture.test(try Fixture.server(Fixture.devDB)) { client in
            let r = try await client.get("/doc?ref=KH+1520")
            #expect(r.status == .conflict)
            #expect(r.text.contains("101_d2885701231eeb0b.txt%230"))
            #expect(r.text.contains("111_b8a8a1c16e439d2b.txt%231"))
            let narrowed = try await client.get("/doc?ref=KH+1520&year=2025")
            #expect(narrowed.status == .ok)
            #expect(narrowed.text.contains("Cần Thơ"))
        }
    }

    @Test func citationTreeOfAConclusionNotInTheArchive() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let r = try await client.get("/cites?ref=226-KL%2FTW")
            #expect(r.status == .ok)
            let t = r.text
            for id in ["001_922092c7574fa99d.txt#0", "002_08d73f6826bb5330.txt#0", "002_08d73f6826bb5330.txt#1", "004_e05cffab4db0f5af.txt#0"] {
                #expect(t.contains("data-id=\"\(id)\""), "\(id)")
            }
            #expect(t.contains("<span class=\"rel\">thực hiện</span>"))
            #expect(t.contains("<svg class=\"graph\""))
            #expect(t.contains("ngoài kho"))
            // Without a REF: the form.
            let form = try await client.get("/cites")
            #expect(form.status == .ok)
            #expect(form.text.contains("name=\"ref\""))
        }
    }

    @Test func obligationsBoardAsOfADate() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let t = try await client.get("/obligations?as_of=2026-11-22").text
            #expect(t.contains("Nghĩa vụ báo cáo tính đến 22/11/2026"))
            #expect(t.contains("data-plan=\"004_e05cffab4db0f5af.txt#0\""))
            #expect(t.contains("<tr class=\"status-overdue\" data-status=\"overdue\">"))
            #expect(t.contains("<li class=\"status-overdue\" data-status=\"overdue\"><strong>6</strong>"))
            // Only the overdue ones.
            let overdue = try await client.get("/obligations?as_of=2026-11-22&status=overdue").text
            #expect(overdue.contains("data-status=\"overdue\""))
            #expect(!overdue.contains("data-status=\"upcoming\""))
            // One plan; by its issuer; by the reporting unit.
            let plan = try await client.get("/obligations?as_of=2026-11-22&plan=KH+4245").text
            #expect(plan.contains("data-plan=\"004_e05cffab4db0f5af.txt#0\""))
            #expect(!plan.contains("data-plan=\"002_08d73f6826bb5330.txt#1\""))
            let issuer = try await client.get("/obligations?as_of=2026-11-22&issuer=thanh+hoa").text
            #expect(issuer.contains("data-plan=\"003_2b066fe0965093a2.txt#0\""))
            #expect(!issuer.contains("data-plan=\"004_e05cffab4db0f5af.txt#0\""))
            let unit = try await client.get("/obligations?as_of=2026-11-22&unit=phong+to+chuc+can+bo").text
            #expect(unit.contains("data-plan=\"002_08d73f6826bb5330.txt#1\""))
            #expect(unit.contains("Phòng Tổ chức cán bộ Sở Y tế → Sở Nội vụ"))
            #expect(!unit.contains("data-plan=\"004_e05cffab4db0f5af.txt#0\""))
            // Today by default.
            #expect(try await client.get("/obligations").text.contains("tính đến 22/11/2026"))
        }
    }

    @Test func originalFileIsFoundThroughTheDocument() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let r = try await client.get("/file?ref=6757/KH-SYT")
            #expect(r.status == .ok)
            let original = try Data(contentsOf: Fixture.root.appendingPathComponent("corpus/002_08d73f6826bb5330.txt"))
            #expect(Data(buffer: r.body) == original)
            #expect(r.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"002_08d73f6826bb5330.txt\"") == true)
            #expect(r.headers[.contentSecurityPolicy] == "sandbox; default-src 'none'")
            // A path is never taken from the request.
            #expect(try await client.get("/file?ref=../../etc/passwd").status == .badRequest)
            #expect(try await client.get("/file?ref=%2Fetc%2Fpasswd%230").status == .notFound)
        }
    }

    @Test func aMovedOriginalIsANotFound() async throws {
        let dir = Fixture.tempDir("moved")
        let docs = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixture.root.appendingPathComponent("corpus/004_e05cffab4db0f5af.txt"), to: docs.appendingPathComponent("k.txt"))
        let db = dir.appendingPathComponent("db").path
        Fixture.index([docs.path], into: db)
        try FileManager.default.removeItem(at: docs.appendingPathComponent("k.txt"))
        try await Fixture.test(try Fixture.server(db)) { client in
            let r = try await client.get("/file?ref=k.txt%230")
            #expect(r.status == .notFound)
            #expect(r.text.contains("Tệp gốc không còn ở chỗ cũ"))
        }
    }

    @Test func theStyleSheetAndSecurityHeaders() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let css = try await client.get("/static/style.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.text.contains("@media print"))
            for uri in ["/", "/search?q=x", "/doc?ref=nothing-here", "/nope", "/api/search?q=x", "/api/show"] {
                let r = try await client.get(uri)
                let csp = r.headers[.contentSecurityPolicy] ?? ""
                #expect(csp.contains("default-src 'none'"), "\(uri)")
                #expect(csp.contains("frame-ancestors 'none'"), "\(uri)")
                #expect(!csp.contains("script-src"), "\(uri): no script is allowed")
                #expect(r.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(r.headers[HeaderName("X-Frame-Options")!] == "DENY", "\(uri)")
            }
        }
    }

    @Test(arguments: [
        ("/search?q=%ZZ", HTTPResponse.Status.badRequest, "%XX"),
        ("/search?q=%FF%FE", .badRequest, "UTF-8"),
        ("/search?q=a&q=b", .badRequest, "nhiều lần"),
        ("/search?q=a%00b", .badRequest, "điều khiển"),
        ("/search?q=a&page=abc", .badRequest, "page"),
        ("/search?q=a&page=0", .badRequest, "page"),
        ("/search?q=a&page=51", .badRequest, "page"),
        ("/search?q=a&year=20x6", .badRequest, "year"),
        ("/search?q=a&from=2026-02-30", .badRequest, "2026-02-30"),
        ("/search?q=ngay:2026-13-01", .badRequest, "2026-13-01"),
        ("/search?q=a&exact=maybe", .badRequest, "exact"),
        ("/doc", .badRequest, "ref"),
        ("/doc?ref=", .badRequest, "ref"),
        ("/doc?ref=%21%21%21", .badRequest, "!!!"),
        ("/doc?ref=KH+999999", .notFound, "999999"),
        ("/doc?ref=nothing%230", .notFound, "nothing#0"),
        ("/doc?ref=6757/KH-SYT&year=abc", .badRequest, "year"),
        ("/cites?ref=%21%21", .badRequest, "!!"),
        ("/obligations?as_of=2026-02-30", .badRequest, "2026-02-30"),
        ("/obligations?as_of=2026-11", .badRequest, "as_of"),
        ("/obligations?status=late-ish", .badRequest, "status"),
        ("/obligations?plan=KH+999999", .notFound, "999999"),
        ("/file", .badRequest, "ref"),
        ("/nothing/here", .notFound, "Không có trang này"),
    ])
    func badRequestsAreAnsweredClearly(uri: String, status: HTTPResponse.Status, says: String) async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let r = try await client.get(uri)
            #expect(r.status == status, "\(uri.prefix(80)): \(r.status) \(r.text.prefix(300))")
            #expect(r.headers[.contentType] == "text/html; charset=utf-8")
            #expect(r.text.contains(says), "\(uri.prefix(80))")
        }
    }

    @Test func aQueryOverTenThousandBytesIsRefused() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let page = try await client.get("/search?q=" + String(repeating: "a", count: 10_001))
            #expect(page.status == .badRequest)
            #expect(page.text.contains("dài quá 10.000 byte"))
            // Counted in bytes: 5,001 "á" are 10,002 bytes.
            let api = try await client.get("/api/search?q=" + String(repeating: "%C3%A1", count: 5_001))
            #expect(api.status == .badRequest)
            #expect(api.json?["error"] as? String == "bad_input")
            #expect(try await client.get("/search?q=" + String(repeating: "a", count: 10_000)).status == .ok)
        }
    }

    @Test func bodiesAndMethodsWhereNoneIsExpected() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let withBody = try await client.execute(uri: "/search?q=a", method: .get, headers: [.contentLength: "5"], body: ByteBuffer(string: "hello"))
            #expect(withBody.status == .badRequest)
            let post = try await client.execute(uri: "/search?q=a", method: .post, body: ByteBuffer(string: "x"))
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers[.allow] == "GET, HEAD")
            let put = try await client.execute(uri: "/doc?ref=KH+6757", method: .put, body: ByteBuffer(string: "x"))
            #expect(put.status == .methodNotAllowed)
            // Without logins there is no login form.
            #expect(try await client.execute(uri: "/login", method: .post).status == .notFound)
        }
    }
}

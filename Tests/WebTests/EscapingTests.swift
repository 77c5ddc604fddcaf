import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Web

/// Every piece of document text, metadata and query a page echoes is escaped: a document whose
/// text, issuer, subject, number and file name carry markup, an attribute break-out and template
/// braces shows them as text, on every page that shows it.
@Suite("escaping")
struct EscapingTests {
    /// No markup made from data: our pages hold no script and no image at all, so any `<script` or
    /// `<img` (an attribute broken out of, text not escaped) is the data's.
    static func inert(_ html: String, _ what: String) {
        let lower = html.lowercased()
        #expect(!lower.contains("<script"), "\(what): a <script> tag")
        #expect(!lower.contains("<img"), "\(what): an <img> tag")
        #expect(!lower.contains("<b>"), "\(what): a <b> tag from the text")
    }

    static let hostileID = "hostile <b>&amp;.txt#0"

    static func escaped(_ s: String) -> String {
        var out = ""
        HTMLEscape.text(s, into: &out)
        return out
    }

    @Test func theHostileDocumentIsIndexedAsItIsWritten() async throws {
        try await Fixture.test(try Fixture.server(Fixture.hostileDB)) { client in
            let j = try await client.get("/api/show?ref=" + Link.encode(EscapingTests.hostileID)).json ?? [:]
            // The header is read as words: the number and issuer keep what a number and a body's
            // name can hold (the markup reaches the pages through the subject, the text and the file name).
            #expect((j["number"] as? String ?? "").hasPrefix("99/KH"))
            let issuer = (j["issuer"] as? String ?? "").lowercased()
            #expect(issuer.hasPrefix("sở y tế"), "issuer \(issuer)")
            let subject = j["subject"] as? String ?? ""
            #expect(subject.contains("<script>alert(\"subject\")</script>"))
            #expect(subject.contains("\"><img src=x onerror=alert(3)>"))
            let text = j["text"] as? String ?? ""
            for p in Fixture.payloads { #expect(text.lowercased().contains(p), "\(p)") }
        }
    }

    @Test func documentPage() async throws {
        try await Fixture.test(try Fixture.server(Fixture.hostileDB)) { client in
            let r = try await client.get("/doc?ref=" + Link.encode(EscapingTests.hostileID))
            #expect(r.status == .ok)
            let t = r.text
            EscapingTests.inert(t, "document page")
            #expect(t.contains("&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt;"))
            #expect(t.contains("&quot;&gt;&lt;img src=x onerror=alert(4)&gt;"))
            #expect(t.contains("{{7*7}}"), "braces stay text; no template reads them")
            #expect(!t.contains("49"))
            #expect(t.contains("&lt;b&gt;đậm&lt;/b&gt; &amp;amp; &amp;lt;"))
            let number = try await client.get("/api/show?ref=" + Link.encode(EscapingTests.hostileID)).json?["number"] as? String ?? "?"
            #expect(t.contains("<th scope=\"row\">Số hiệu</th><td>\(EscapingTests.escaped(number))</td>"), "the number, escaped")
            // The id in links is percent-encoded, in text escaped.
            #expect(t.contains("href=\"/file?ref=hostile%20%3Cb%3E%26amp%3B.txt%230\""))
            #expect(t.contains("<code>hostile &lt;b&gt;&amp;amp;.txt#0</code>"))
            // Its reference to 6757/KH-SYT is linked inside the escaped text.
            #expect(t.contains("<a class=\"ref\" href=\"/doc?ref=002_08d73f6826bb5330.txt%231\""))
        }
    }

    @Test func searchResultsAndTheQueryEchoed() async throws {
        try await Fixture.test(try Fixture.server(Fixture.hostileDB)) { client in
            let hit = try await client.get("/search?q=onerror+alert").text
            EscapingTests.inert(hit, "results")
            #expect(hit.contains("hostile%20%3Cb%3E%26amp%3B.txt%230"), "the hostile document is found")
            let q = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>{{7*7}}"
            let echo = try await client.get("/search?q=" + Link.encode(q) + "&issuer=" + Link.encode("\"><img src=y onerror=z>"))
            #expect(echo.status == .ok)
            EscapingTests.inert(echo.text, "query echo")
            #expect(echo.text.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;{{7*7}}\""))
            #expect(echo.text.contains("Cơ quan: &quot;&gt;&lt;img src=y onerror=z&gt; ×"))
        }
    }

    @Test func citationTreeBoardAndErrorPages() async throws {
        try await Fixture.test(try Fixture.server(Fixture.hostileDB)) { client in
            let tree = try await client.get("/cites?ref=6757/KH-SYT")
            #expect(tree.text.contains("hostile%20%3Cb%3E%26amp%3B.txt%230"), "the hostile plan carries out 6757")
            EscapingTests.inert(tree.text, "citation tree")
            let board = try await client.get("/obligations?as_of=2026-11-22")
            EscapingTests.inert(board.text, "board")
            let issuer = try await client.get("/api/show?ref=" + Link.encode(EscapingTests.hostileID)).json?["issuer"] as? String ?? "?"
            #expect(board.text.contains(EscapingTests.escaped(issuer)), "the plan's issuer, escaped")
            for uri in ["/doc?ref=" + Link.encode("<script>x</script>#0"), "/cites?ref=" + Link.encode("\"><img src=x onerror=1>"),
                        "/obligations?status=" + Link.encode("<script>"), "/doc?ref=" + Link.encode("KH 1{{7*7}}<img>")] {
                let r = try await client.get(uri)
                #expect(r.status == .badRequest || r.status == .notFound, "\(uri)")
                EscapingTests.inert(r.text, uri)
            }
        }
    }
}

/// The HTML builder itself.
@Suite("HTML builder")
struct HTMLBuilderTests {
    @Test func textAndAttributesAreEscaped() {
        let n = Node.el("p", .title("a\"b'<c>&"), Attribute("data-x", "</p><script>")) {
            "<script>alert('x')</script> & \"q\""
            Node.el("b") { "ok" }
        }
        #expect(n.rendered() == "<p title=\"a&quot;b&#39;&lt;c&gt;&amp;\" data-x=\"&lt;/p&gt;&lt;script&gt;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;<b>ok</b></p>")
    }

    @Test func voidElementsAndBooleanAttributes() {
        #expect(Node.void("input", .name("q"), .flag("checked", true), .flag("disabled", false)).rendered() == "<input name=\"q\" checked/>")
    }

    @Test func linksEncodeTheirQueryAndKeepToTheSite() {
        #expect(Link("/doc", [("ref", "6757/KH-SYT#1 &x=y")]).string == "/doc?ref=6757%2FKH-SYT%231%20%26x%3Dy")
        #expect(Link("/search", [("q", "lề lối"), ("type", nil), ("page", "2")]).string == "/search?q=l%E1%BB%81%20l%E1%BB%91i&page=2")
        for bad in ["//evil.example/x", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "/ok\r\nSet-Cookie: x=1", "", nil] {
            #expect(Link(localTarget: bad).string == "/", "\(String(describing: bad))")
        }
        #expect(Link(localTarget: "/search?q=a%20b").string == "/search?q=a%20b")
    }

    @Test func segmentsCutAtByteRangesAndSkipBadOnes() {
        let text = "Chấn chỉnh lề lối"
        let nodes = Segments.marked(text, [0..<6, 3..<9, 15..<19, 20..<100])
        #expect(Node.fragment(nodes).rendered() == "<mark>Chấn</mark> chỉnh <mark>lề</mark> lối")
    }

    @Test func queryStringsAreReadStrictly() throws {
        let p = try Params(query: "q=ch%E1%BA%A5n+ch%E1%BB%89nh&ref=KH%206757&empty=")
        #expect(p.string("q") == "chấn chỉnh")
        #expect(p.string("ref") == "KH 6757")
        #expect(p.string("empty") == nil)
        for bad in ["q=%", "q=%4", "q=%G0", "q=%C3", "a=1&a=2", "q=%01", "%ZZ=1"] {
            #expect(throws: WebError.self, "\(bad)") { try Params(query: bad) }
        }
    }
}

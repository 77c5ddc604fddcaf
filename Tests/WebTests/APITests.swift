import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Web

/// The JSON API answers exactly what the CLI's `--json` prints for the same arguments: the same
/// bytes, compared with the real `vanban` binary on the same database. (Both use today's date, as
/// the CLI does; the server's clock is the real one here.)
@Suite("web API = CLI --json")
struct APIContractTests {
    static let cases: [(uri: String, cli: [String])] = [
        ("/api/search?q=chan+chinh+le+loi", ["search", "chan chinh le loi"]),
        ("/api/search?q=KH%206757&limit=3", ["search", "KH 6757", "--limit", "3"]),
        ("/api/search?q=l%E1%BB%81+l%E1%BB%91i&type=KH&exact=1", ["search", "lề lối", "--type", "KH", "--exact"]),
        ("/api/search?q=chan+chinh&explain=1&limit=2", ["search", "chan chinh", "--explain", "--limit", "2"]),
        ("/api/search?q=ke+hoach&year=2026&issuer=so+y+te&from=2026-05&to=2026-05-31", ["search", "ke hoach", "--year", "2026", "--issuer", "so y te", "--from", "2026-05", "--to", "2026-05-31"]),
        ("/api/search?q=chan+chin+le+loi+lam+vjec", ["search", "chan chin le loi lam vjec"]),
        ("/api/show?ref=6757/KH-SYT", ["show", "6757/KH-SYT"]),
        ("/api/show?ref=002_08d73f6826bb5330.txt%230", ["show", "002_08d73f6826bb5330.txt#0"]),
        ("/api/refs?ref=KH+4245", ["refs", "KH 4245"]),
        ("/api/cites?ref=226-KL/TW&transitive=1", ["cites", "226-KL/TW", "--transitive"]),
        ("/api/cites?ref=226-KL/TW", ["cites", "226-KL/TW"]),
        ("/api/cites?ref=226-KL/TW&transitive=1&depth=1", ["cites", "226-KL/TW", "--transitive", "--depth", "1"]),
        ("/api/cites?ref=6757/KH-SYT&relation=implements", ["cites", "6757/KH-SYT", "--relation", "implements"]),
        ("/api/answers?ref=KH+6757", ["answers", "KH 6757"]),
        ("/api/obligations?as_of=2026-11-22", ["obligations", "--as-of", "2026-11-22"]),
        ("/api/obligations?as_of=2026-11-22&plan=KH+4245&status=overdue", ["obligations", "--as-of", "2026-11-22", "--plan", "KH 4245", "--status", "overdue"]),
        ("/api/obligations", ["obligations"]),
        ("/api/obligations?as_of=2026-11-22&issuer=SYT+%C4%90%E1%BB%93ng+Th%C3%A1p&status=overdue", ["obligations", "--as-of", "2026-11-22", "--issuer", "SYT Đồng Tháp", "--status", "overdue"]),
        ("/api/obligations?as_of=2026-11-22&reporter=ph%C3%B2ng+t%E1%BB%95+ch%E1%BB%A9c+c%C3%A1n+b%E1%BB%99&year=2026", ["obligations", "--as-of", "2026-11-22", "--reporter", "phòng tổ chức cán bộ", "--year", "2026"]),
        // The status as the CLI reads it: the JSON word or the glossary's Vietnamese, with or without accents.
        ("/api/obligations?as_of=2026-11-22&status=qu%C3%A1+h%E1%BA%A1n", ["obligations", "--as-of", "2026-11-22", "--status", "quá hạn"]),
        ("/api/obligations?as_of=2026-11-22&status=qua+han", ["obligations", "--as-of", "2026-11-22", "--status", "overdue"]),
        ("/api/obligations?as_of=2026-11-22&status=S%E1%BA%AFp+%C4%91%E1%BA%BFn+h%E1%BA%A1n", ["obligations", "--as-of", "2026-11-22", "--status", "upcoming"]),
        // Unit by unit: one plan, and the whole archive.
        ("/api/obligations?as_of=2026-11-22&plan=KH+4245&by_unit=1", ["obligations", "--as-of", "2026-11-22", "--plan", "KH 4245", "--by-unit"]),
        ("/api/obligations?as_of=2026-11-22&by_unit=1&status=ch%C6%B0a+%C4%91%E1%BB%8Bnh+h%E1%BA%A1n", ["obligations", "--as-of", "2026-11-22", "--by-unit", "--status", "unscheduled"]),
        ("/api/obligations?as_of=2026-11-22&by_unit=1", ["obligations", "--as-of", "2026-11-22", "--by-unit"]),
    ]

    @Test func everyRouteAnswersWhatTheCLIPrints() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB, today: nil)) { client in
            for c in APIContractTests.cases {
                let cli = try CLI.run(c.cli + ["--db", Fixture.corpusDB, "--json"])
                #expect(cli.code == 0, "\(c.cli): \(cli.err)")
                let r = try await client.get(c.uri)
                #expect(r.status == .ok, "\(c.uri): \(r.text.prefix(300))")
                #expect(r.headers[.contentType] == "application/json; charset=utf-8")
                #expect(r.text == cli.out, "\(c.uri) differs from vanban \(c.cli.joined(separator: " ")) --json")
                #expect(!cli.out.isEmpty)
            }
        }
    }

    @Test func anAmbiguousReferenceIs409WithTheCandidatesAsTheCLIPrintsThem() async throws {
        try await Fixture.test(try Fixture.server(Fixture.devDB, today: nil)) { client in
            for (uri, cmd) in [("/api/show?ref=KH+1520", "show"), ("/api/answers?ref=KH+1520", "answers"), ("/api/refs?ref=KH+1520", "refs")] {
                let cli = try CLI.run([cmd, "KH 1520", "--db", Fixture.devDB, "--json"])
                #expect(cli.code == 3)
                let r = try await client.get(uri)
                #expect(r.status == .conflict)
                #expect(r.text == cli.out)
                #expect((r.json?["candidates"] as? [Any])?.count == 2)
            }
            // Narrowed as the CLI narrows it.
            let narrowed = try await client.get("/api/show?ref=KH+1520&year=2026")
            let cli = try CLI.run(["show", "KH 1520", "--year", "2026", "--db", Fixture.devDB, "--json"])
            #expect(narrowed.status == .ok)
            #expect(narrowed.text == cli.out)
        }
    }

    @Test(arguments: [
        ("/api/show?ref=KH+999999", HTTPResponse.Status.notFound, "not_found"),
        ("/api/show", .badRequest, "bad_input"),
        ("/api/show?ref=%21%21", .badRequest, "bad_input"),
        ("/api/search", .badRequest, "bad_input"),
        ("/api/search?q=", .badRequest, "bad_input"),
        ("/api/search?q=a&limit=-1", .badRequest, "bad_input"),
        ("/api/search?q=a&limit=1001", .badRequest, "bad_input"),
        ("/api/search?q=a&limit=ten", .badRequest, "bad_input"),
        ("/api/search?q=ngay:2026-02-30", .badRequest, "bad_input"),
        ("/api/cites?ref=226-KL/TW&transitive=perhaps", .badRequest, "bad_input"),
        ("/api/cites?ref=226-KL/TW&relation=likes", .badRequest, "bad_input"),
        ("/api/cites?ref=226-KL/TW&transitive=1&depth=0", .badRequest, "bad_input"),
        ("/api/obligations?as_of=2026-02-29", .badRequest, "bad_input"),
        ("/api/obligations?status=done", .badRequest, "bad_input"),
        ("/api/obligations?plan=KH+999999", .notFound, "not_found"),
        ("/api/nothing", .notFound, "not_found"),
    ])
    func badInputIsAClearJSONError(uri: String, status: HTTPResponse.Status, code: String) async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB)) { client in
            let r = try await client.get(uri)
            #expect(r.status == status, "\(uri.prefix(80)): \(r.text.prefix(200))")
            #expect(r.headers[.contentType] == "application/json; charset=utf-8")
            #expect(r.json?["error"] as? String == code, "\(r.text.prefix(200))")
            #expect((r.json?["message"] as? String)?.isEmpty == false)
        }
    }
}

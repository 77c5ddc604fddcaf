import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Web

/// Logins: the users file, the login form and its session cookie, HTTP Basic for scripts, the
/// rate limit on failures, and the rule that a non-loopback address needs --users or --no-auth.
@Suite("logins")
struct AuthTests {
    /// A users file with `lan` / `mat-khau-lan` (bcrypt cost 4: fast tests, same code path).
    static func usersFile() throws -> String {
        var f = UserFile()
        f.set(name: "lan", password: "mat-khau-lan", cost: 4)
        f.set(name: "minh", password: "mat-khau-minh", cost: 4)
        let path = Fixture.tempDir("users").appendingPathComponent("users").path
        try f.write(to: path)
        return path
    }

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(string: fields.map { Link.encode($0.0) + "=" + Link.encode($0.1) }.joined(separator: "&"))
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func basic(_ user: String, _ password: String) -> HTTPFields {
        [.authorization: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
    }

    @Test func usersFileRoundTripAndErrors() throws {
        let path = try AuthTests.usersFile()
        let f = try UserFile.read(path: path)
        #expect(f.entries.map(\.name) == ["lan", "minh"])
        #expect(f.hash(of: "lan")?.hasPrefix("$2b$04$") == true)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let bad = Fixture.tempDir("badusers").appendingPathComponent("users").path
        try "# comment\nlan:$2b$04$abc\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(throws: UserFileError.self) { try UserFile.read(path: bad) }
        do { _ = try UserFile.read(path: bad) } catch { #expect(error.description.hasSuffix(":2: not a bcrypt hash")) }
        // An htpasswd -B file ($2y$) is read.
        let y = Fixture.tempDir("htpasswd").appendingPathComponent("users").path
        try ("lan:$2y$" + String(f.hash(of: "lan")!.dropFirst(4)) + "\n").write(toFile: y, atomically: true, encoding: .utf8)
        #expect(try UserFile.read(path: y).entries.count == 1)
    }

    @Test func pagesSendToTheLoginFormAndTheAPIAsksForCredentials() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB, users: try AuthTests.usersFile())) { client in
            let page = try await client.get("/doc?ref=KH+6757")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/login?next=%2Fdoc%3Fref%3DKH%2B6757")
            let api = try await client.get("/api/show?ref=KH+6757")
            #expect(api.status == .unauthorized)
            #expect(api.headers[.wwwAuthenticate]?.hasPrefix("Basic realm=\"VanBan\"") == true)
            #expect(api.json?["error"] as? String == "unauthorized")
            let login = try await client.get("/login?next=%2Fdoc%3Fref%3DKH%2B6757")
            #expect(login.status == .ok)
            #expect(login.text.contains("value=\"/doc?ref=KH+6757\""))
            #expect(try await client.get("/static/style.css").status == .ok)
        }
    }

    @Test func theLoginFormStartsASessionAndLogoutEndsIt() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB, users: try AuthTests.usersFile())) { client in
            let wrong = try await client.execute(uri: "/login", method: .post, headers: AuthTests.formHeaders,
                                                 body: AuthTests.form([("user", "lan"), ("password", "sai"), ("next", "/")]))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("Sai tên đăng nhập hoặc mật khẩu."))
            #expect(wrong.headers[.setCookie] == nil)
            let ok = try await client.execute(uri: "/login", method: .post, headers: AuthTests.formHeaders,
                                              body: AuthTests.form([("user", "lan"), ("password", "mat-khau-lan"), ("next", "/doc?ref=KH+6757")]))
            #expect(ok.status == .seeOther)
            #expect(ok.headers[.location] == "/doc?ref=KH+6757")
            let cookie = ok.headers[.setCookie] ?? ""
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            let token = String(cookie.split(separator: ";")[0])
            #expect(token.hasPrefix("vanban_session=") && token.count == "vanban_session=".count + 64)
            let page = try await client.get("/doc?ref=KH+6757", headers: [.cookie: token])
            #expect(page.status == .ok)
            #expect(page.text.contains("Đăng xuất (lan)"))
            let out = try await client.execute(uri: "/logout", method: .post, headers: [.cookie: token])
            #expect(out.status == .seeOther)
            #expect(try await client.get("/doc?ref=KH+6757", headers: [.cookie: token]).status == .seeOther)
            // A forged token is no session.
            #expect(try await client.get("/", headers: [.cookie: "vanban_session=" + String(repeating: "0", count: 64)]).status == .seeOther)
        }
    }

    @Test func loginGoesBackOnlyToThisSite() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB, users: try AuthTests.usersFile())) { client in
            for next in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
                let r = try await client.execute(uri: "/login", method: .post, headers: AuthTests.formHeaders,
                                                 body: AuthTests.form([("user", "minh"), ("password", "mat-khau-minh"), ("next", next)]))
                #expect(r.headers[.location] == "/", "\(next)")
            }
            // The form takes only a form body, and not a large one.
            let json = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}"))
            #expect(json.status == .badRequest)
            let huge = try await client.execute(uri: "/login", method: .post, headers: AuthTests.formHeaders,
                                                body: ByteBuffer(string: "user=a&password=" + String(repeating: "x", count: 100_000)))
            #expect(huge.status == .contentTooLarge)
        }
    }

    @Test func basicCredentialsForScripts() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB, users: try AuthTests.usersFile())) { client in
            let ok = try await client.get("/api/answers?ref=KH+6757", headers: AuthTests.basic("lan", "mat-khau-lan"))
            #expect(ok.status == .ok)
            #expect((ok.json?["reports"] as? [Any])?.count == 1)
            // Checked once, then remembered (same answer).
            #expect(try await client.get("/api/answers?ref=KH+6757", headers: AuthTests.basic("lan", "mat-khau-lan")).status == .ok)
            #expect(try await client.get("/api/answers?ref=KH+6757", headers: AuthTests.basic("lan", "mat-khau-minh")).status == .unauthorized)
            #expect(try await client.get("/api/answers?ref=KH+6757", headers: AuthTests.basic("nobody", "mat-khau-lan")).status == .unauthorized)
            #expect(try await client.get("/api/answers?ref=KH+6757", headers: [.authorization: "Basic !!!"]).status == .unauthorized)
        }
    }

    @Test func failedLoginsAreRateLimitedPerUser() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB, users: try AuthTests.usersFile())) { client in
            for k in 1...5 {
                let r = try await client.execute(uri: "/login", method: .post, headers: AuthTests.formHeaders,
                                                 body: AuthTests.form([("user", "lan"), ("password", "sai-\(k)")]))
                #expect(r.status == .unauthorized)
            }
            // Locked out now, even with the right password; another user is not.
            let locked = try await client.execute(uri: "/login", method: .post, headers: AuthTests.formHeaders,
                                                  body: AuthTests.form([("user", "lan"), ("password", "mat-khau-lan")]))
            #expect(locked.status == .tooManyRequests)
            #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 800)
            #expect(locked.text.contains("Đăng nhập sai quá nhiều lần"))
            let basic = try await client.get("/api/show?ref=KH+6757", headers: AuthTests.basic("lan", "mat-khau-lan"))
            #expect(basic.status == .tooManyRequests)
            let other = try await client.execute(uri: "/login", method: .post, headers: AuthTests.formHeaders,
                                                 body: AuthTests.form([("user", "minh"), ("password", "mat-khau-minh")]))
            #expect(other.status == .seeOther)
        }
    }

    @Test func theGuardCountsByAddressTooAndForgets() {
        let g = LoginGuard(maxPerUser: 3, maxPerAddress: 4, window: 60)
        let t0 = Date()
        for k in 0..<4 { g.failed(user: "u\(k)", address: "10.0.0.1", now: t0) }
        #expect(g.wait(user: "fresh", address: "10.0.0.1", now: t0) != nil, "spraying names from one address")
        #expect(g.wait(user: "fresh", address: "10.0.0.2", now: t0) == nil)
        #expect(g.wait(user: "fresh", address: "10.0.0.1", now: t0.addingTimeInterval(61)) == nil, "the window passed")
    }

    @Test func theUsersFileIsReadAgainWhenItChanges() async throws {
        let path = try AuthTests.usersFile()
        try await Fixture.test(try Fixture.server(Fixture.corpusDB, users: path)) { client in
            #expect(try await client.get("/api/show?ref=KH+6757", headers: AuthTests.basic("hoa", "mat-khau-hoa")).status == .unauthorized)
            var f = try UserFile.read(path: path)
            f.set(name: "hoa", password: "mat-khau-hoa", cost: 4)
            f.remove(name: "lan")
            try f.write(to: path)
            #expect(try await client.get("/api/show?ref=KH+6757", headers: AuthTests.basic("hoa", "mat-khau-hoa")).status == .ok)
        }
    }

    @Test func nonLoopbackNeedsUsersOrNoAuth() throws {
        let r = try CLI.run(["serve", "--db", Fixture.corpusDB, "--host", "0.0.0.0", "--port", "0"])
        #expect(r.code == 64)
        #expect(r.err.contains("needs --users FILE (logins) or --no-auth"))
        let both = try CLI.run(["serve", "--db", Fixture.corpusDB, "--no-auth", "--users", "x"])
        #expect(both.code == 64)
        let missing = try CLI.run(["serve", "--db", Fixture.corpusDB + "-missing", "--port", "0", "--lang", "en"])
        #expect(missing.code == 4)
        #expect(missing.err.contains("no index at"))
        let badUsers = try CLI.run(["serve", "--db", Fixture.corpusDB, "--port", "0", "--users", "/nonexistent/users"])
        #expect(badUsers.code == 2)
        #expect(badUsers.err.contains("không đọc được tệp người dùng /nonexistent/users"), "\(badUsers.err)")
        let badUsersEn = try CLI.run(["serve", "--db", Fixture.corpusDB, "--port", "0", "--users", "/nonexistent/users", "--lang", "en"])
        #expect(badUsersEn.err.contains("cannot read the users file"))
        #expect(WebOptions.isLoopback("127.0.0.1") && WebOptions.isLoopback("::1") && WebOptions.isLoopback("localhost"))
        #expect(!WebOptions.isLoopback("0.0.0.0") && !WebOptions.isLoopback("192.168.1.5"))
    }

    @Test func usersCommandAddsListsAndRemoves() throws {
        let path = Fixture.tempDir("userscmd").appendingPathComponent("users").path
        let add = try CLI.run(["users", "add", "lan", "--users", path], stdin: "mot-mat-khau-dai\n")
        #expect(add.code == 0, "\(add.err)")
        #expect(add.out.contains("added: lan"))
        let f = try UserFile.read(path: path)
        #expect(f.verify(name: "lan", password: "mot-mat-khau-dai"))
        #expect(!f.verify(name: "lan", password: "mot-mat-khau-khac"))
        #expect(try CLI.run(["users", "add", "minh", "--users", path], stdin: "ngan\n").code == 2, "a short password is refused")
        #expect(try CLI.run(["users", "add", "bad name", "--users", path], stdin: "mot-mat-khau-dai\n").code == 64)
        #expect(try CLI.run(["users", "list", "--users", path]).out == "lan\n")
        #expect(try CLI.run(["users", "remove", "lan", "--users", path]).code == 0)
        #expect(try CLI.run(["users", "remove", "lan", "--users", path]).code == 4)
    }
}

import Archive
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Web

/// A real server on a real socket (`.live`), and `vanban serve` as a real process: several
/// requests at once, serving while an index run commits, the readers' lock let go between
/// requests, a graceful stop on SIGTERM and SIGINT, one log line per request.
@Suite("live server")
struct LiveTests {
    static let uris = ["/search?q=chan+chinh+le+loi", "/doc?ref=6757/KH-SYT", "/cites?ref=226-KL/TW", "/obligations?as_of=2026-11-22",
                       "/api/search?q=ke+hoach", "/api/cites?ref=226-KL/TW&transitive=1", "/doc?ref=660/BC-TTYT", "/search?q=KH+4245"]

    @Test func manyRequestsAtOnceGetTheAnswersOfOneAtATime() async throws {
        try await Fixture.test(try Fixture.server(Fixture.corpusDB, workers: 2), .live) { client in
            var expected: [String: String] = [:]
            for u in LiveTests.uris { expected[u] = try await client.get(u).text }
            try await withThrowingTaskGroup(of: (String, Int, String).self) { group in
                for k in 0..<64 {
                    let u = LiveTests.uris[k % LiveTests.uris.count]
                    group.addTask { let r = try await client.get(u); return (u, Int(r.status.code), r.text) }
                }
                for try await (u, code, text) in group {
                    #expect(code == 200, "\(u)")
                    #expect(text == expected[u], "\(u) answered differently under load")
                }
            }
        }
    }

    @Test func anIdleServerHoldsNoReadersLock() async throws {
        // An archive of its own: other tests' servers read the shared ones meanwhile.
        let db = Fixture.tempDir("idle").appendingPathComponent("db").path
        Fixture.index([Fixture.root.appendingPathComponent("corpus").path], into: db)
        try await Fixture.test(try Fixture.server(db, workers: 2), .live) { client in
            for u in LiveTests.uris {
                let r = try await client.get(u)
                #expect(r.status == .ok)
            }
            // Between requests no reader holds the shared lock: an index run would commit at once.
            let fd = open(db + "/readers.lock", O_RDWR)
            #expect(fd >= 0)
            defer { close(fd) }
            #expect(flock(fd, LOCK_EX | LOCK_NB) == 0, "a reader still holds DB/readers.lock")
            flock(fd, LOCK_UN)
        }
    }

    @Test func servesTheLastCommitWhileAnIndexRunWrites() async throws {
        let dir = Fixture.tempDir("growing")
        let docs = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let seed = try String(contentsOf: Fixture.root.appendingPathComponent("corpus/004_e05cffab4db0f5af.txt"), encoding: .utf8)
        try seed.write(to: docs.appendingPathComponent("f000.txt"), atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("db").path
        Fixture.index([docs.path], into: db)
        // 120 more files: each its own document with its own number.
        for k in 1...120 {
            let text = seed.replacingOccurrences(of: "4245 /KH-SYT", with: "\(5000 + k)/KH-SYT")
            try text.write(to: docs.appendingPathComponent(String(format: "f%03d.txt", k)), atomically: true, encoding: .utf8)
        }
        try await Fixture.test(try Fixture.server(db, workers: 2), .live) { client in
            let indexing = Task.detached {
                let w = try ArchiveWriter.open(path: db)
                // Commits of ten documents (no commit by time: every commit is a multiple of ten).
                _ = try w.index(paths: [docs.path], options: IndexOptions(batchDocuments: 10, batchSeconds: 3_600))
                w.close()
            }
            var previous = 0
            let deadline = Date().addingTimeInterval(300)
            while Date() < deadline {
                let r = try await client.get("/api/search?q=loai:KH&limit=0")
                #expect(r.status == .ok, "\(r.text.prefix(200))")
                let total = r.json?["total"] as? Int ?? -1
                // Whole commits only: the first document, then ten at a time (a commit put off for
                // readers carries several batches), never fewer than before.
                #expect(total >= 1 && total <= 121)
                #expect((total - 1) % 10 == 0, "a half-committed batch: \(total)")
                #expect(total >= previous, "went back from \(previous) to \(total)")
                previous = total
                if total == 121 { break }
                try await Task.sleep(nanoseconds: 20_000_000)
            }
            try await indexing.value
            // (Which commits a request sees depends on timing: while requests keep the readers' lock
            // busy the run puts its commits off, up to 10 s, and several batches land at once.)
            let last = try await client.get("/api/search?q=loai:KH&limit=0")
            #expect(last.json?["total"] as? Int == 121, "the server reads the newest commit")
            #expect(try await client.get("/doc?ref=5120/KH-SYT").status == .ok)
        }
    }

    @Test func gracefulStopOnSIGTERMAndSIGINTWithOneLogLinePerRequest() async throws {
        for signal in [SIGTERM, SIGINT] {
            let server = try ServeProcess(db: Fixture.corpusDB)
            #expect(server.url.hasPrefix("http://127.0.0.1:"))
            for path in ["/", "/search?q=chan+chinh", "/doc?ref=nothing-here"] {
                #expect(try await server.get(path).status.code > 0)
            }
            let status = server.stop(signal: signal)
            #expect(status == 0, "signal \(signal): exit \(String(describing: status))")
            let lines = server.log.split(separator: "\n").filter { $0.contains(" from=") }
            #expect(lines.count == 3, "\(server.log)")
            #expect(lines.contains { $0.contains("GET /search?q=chan+chinh 200 ") })
            #expect(lines.contains { $0.contains("GET /doc?ref=nothing-here 400 ") || $0.contains("GET /doc?ref=nothing-here 404 ") })
        }
    }

    @Test func logLinesNameTheUserAndFailedLoginsAreLogged() async throws {
        let server = try ServeProcess(db: Fixture.corpusDB, ["--users", try AuthTests.usersFile()])
        func get(_ path: String, _ user: String, _ password: String) async throws -> Int {
            Int(try await server.get(path, headers: AuthTests.basic(user, password)).status.code)
        }
        #expect(try await get("/api/show?ref=KH+6757", "lan", "mat-khau-lan") == 200)
        #expect(try await get("/doc?ref=KH+6757", "lan", "mat-khau-lan") == 200)
        #expect(try await get("/api/show?ref=KH+6757", "lan", "sai") == 401)
        #expect(server.stop() == 0)
        let log = server.log
        #expect(log.contains("GET /api/show?ref=KH+6757 200 "), "\(log)")
        #expect(log.contains("user=lan from=127.0.0.1"), "\(log)")
        #expect(log.contains("login failed: user=lan from=127.0.0.1"), "\(log)")
        #expect(log.contains("GET /api/show?ref=KH+6757 401 "), "\(log)")
    }
}

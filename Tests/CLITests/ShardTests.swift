import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Archives beyond one database: `index --shards N`, reading several databases (local shards, a
/// stub file, a shard served by `xapian-tcpsrv`) as one, faults of a shard, and crash safety of a
/// sharded run.
@Suite("shards: one archive over several databases", .serialized)
struct ShardTests {
    static let fixtures = CLI.root.appendingPathComponent("Tests/Fixtures/eval")

    // MARK: - Helpers

    /// A TCP port nobody listens on now (the kernel's choice for port 0).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// `xapian-tcpsrv` serving `db` on a free loopback port, once it accepts connections.
    final class Server {
        let process = Process()
        let port: Int
        init(serving db: String) throws {
            port = ShardTests.freePort()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/xapian-tcpsrv")
            process.arguments = ["--port", String(port), "--interface", "127.0.0.1", "--quiet", db]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline && !ShardTests.accepts(port) { usleep(50_000) }
        }
        /// Processes started from test threads block SIGTERM: SIGKILL it is.
        func kill() {
            guard process.isRunning else { return }
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        deinit { kill() }
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
    }

    /// The documents of a dev set (the files its gold labels name) copied into `dir`.
    static func corpus(_ set: String, in dir: URL) throws -> (corpus: URL, gold: [String: Any]) {
        let src = fixtures.appendingPathComponent(set)
        let gold = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: src.appendingPathComponent("gold.json"))) as? [String: Any])
        let docs = try #require(gold["documents"] as? [[String: Any]])
        let out = dir.appendingPathComponent("corpus-\(set)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for f in Set(docs.compactMap { $0["file"] as? String }) {
            try FileManager.default.copyItem(at: src.appendingPathComponent(f), to: out.appendingPathComponent(f))
        }
        return (out, gold)
    }

    /// Every command the dev-set scorer (Tests/Fixtures/eval/score.py) runs for a gold file.
    static func scorerQueries(_ gold: [String: Any]) -> [[String]] {
        let docs = gold["documents"] as? [[String: Any]] ?? []
        func year(_ key: Any?) -> [String] {
            guard let k = key as? String else { return [] }
            let d = docs.first { "\($0["file"] ?? "")#\($0["index_in_file"] ?? 0)" == k }
            guard let date = d?["date"] as? String, date.count >= 4 else { return [] }
            return ["--year", String(date.prefix(4))]
        }
        let q = gold["queries"] as? [String: Any] ?? [:]
        var out: [[String]] = [["list"]]
        for c in q["search"] as? [[String: Any]] ?? [] { out.append(["search", c["q"] as? String ?? "", "--limit", "10"]) }
        for c in q["cites"] as? [[String: Any]] ?? [] {
            let t = c["target"] as? String ?? ""
            out.append(["cites", t] + year(c["target_doc"]))
            out.append(["cites", t, "--transitive"] + year(c["target_doc"]))
        }
        for c in q["answers"] as? [[String: Any]] ?? [] { out.append(["answers", c["plan"] as? String ?? ""] + year(c["plan_doc"])) }
        if q["obligations"] != nil { out.append(["obligations", "--as-of", gold["as_of"] as? String ?? "2026-11-22"]) }
        return out
    }

    /// What must be identical however the archive is split: every `id` and `status` in output
    /// order, documents of equal rank (same date in `list`, same score in `search`) taken in id
    /// order, as Xapian breaks such ties by docid, which interleaves across shards.
    static func signature(_ r: CLI.Result, command: String) -> [String] {
        guard var j = r.json else { return ["exit \(r.code)", r.err] }
        for (field, rank) in [("documents", "date"), ("results", "score")] {
            guard let items = j[field] as? [[String: Any]] else { continue }
            var ordered: [[String: Any]] = []
            var run: [[String: Any]] = []
            func flush() { ordered += run.sorted { "\($0["id"] ?? "")" < "\($1["id"] ?? "")" }; run = [] }
            for it in items {
                if let last = run.last, "\(last[rank] ?? "nil")" != "\(it[rank] ?? "nil")" { flush() }
                run.append(it)
            }
            flush()
            j[field] = ordered
        }
        var out: [String] = ["exit \(r.code)"]
        func walk(_ v: Any) {
            if let o = v as? [String: Any] {
                for k in o.keys.sorted() {
                    if k == "id" || k == "status" { out.append("\(k)=\(o[k]!)") }
                    walk(o[k]!)
                }
            } else if let a = v as? [Any] {
                for x in a { walk(x) }
            }
        }
        walk(j)
        return out
    }

    // MARK: - Same answers from one database and from shards

    @Test func devSetsAnswerTheSameFromOneDatabaseThreeShardsAndARemoteShard() throws {
        for set in ["dev", "dev-health"] {
            let dir = CLI.tempDir("shards-\(set)")
            let (corpus, gold) = try Self.corpus(set, in: dir)
            let one = dir.appendingPathComponent("one").path, three = dir.appendingPathComponent("three").path
            let a = try CLI.run(["index", corpus.path, "--db", one, "--quiet"])
            let b = try CLI.run(["index", corpus.path, "--db", three, "--shards", "3", "--quiet", "--json"])
            #expect([0, 6].contains(a.code) && b.code == a.code, "\(a.err) \(b.err)")
            #expect(b.json?["total_documents"] as? Int ?? -1 > 0)
            // Each shard holds some of the documents, and together all of them.
            var perShard: [Int] = []
            for k in 0..<3 { perShard.append(CLI.ids(try CLI.run(["list", "--db", three + "/shard-\(k)", "--json"]).json?["documents"]).count) }
            let total = CLI.ids(try CLI.run(["list", "--db", one, "--json"]).json?["documents"]).count
            #expect(perShard.reduce(0, +) == total && perShard.filter { $0 > 0 }.count >= 2, "\(perShard) of \(total)")

            // shard-2 served over TCP; the stub lists two local shards and the remote one.
            let server = try Server(serving: three + "/shard-2")
            defer { server.kill() }
            let stub = dir.appendingPathComponent("mixed.stub").path
            try "auto three/shard-0\nauto \(three)/shard-1\nremote :127.0.0.1:\(server.port)\n".write(toFile: stub, atomically: true, encoding: .utf8)
            let queries = Self.scorerQueries(gold)
            #expect(queries.count >= 10)
            for q in queries {
                let expected = Self.signature(try CLI.run(q + ["--db", one, "--json"]), command: q[0])
                #expect(expected.count > 1 && expected[0] == "exit 0", "\(q): \(expected)")
                for (label, dbArgs) in [("3 shards", ["--db", three]), ("stub with a remote shard", ["--db", stub]),
                                        ("three --db", ["--db", three + "/shard-0", "--db", three + "/shard-1", "--db", three + "/shard-2"])] {
                    let got = Self.signature(try CLI.run(q + dbArgs + ["--json"]), command: q[0])
                    #expect(got == expected, "\(set) \(label): \(q.joined(separator: " "))")
                }
            }
            // Tables built for the whole set: kept beside the archive of shards and beside the stub
            // (the remote shard known by its commit token), tagged with every shard.
            #expect(FileManager.default.fileExists(atPath: three + "/citations.table"))
            #expect(FileManager.default.fileExists(atPath: stub + ".citations.table"))
        }
    }

    // MARK: - Faults

    @Test func aShardThatIsDownIsNamedOrLeftOutNeverAHang() throws {
        let dir = CLI.tempDir("shard-down")
        let (corpus, _) = try Self.corpus("dev", in: dir)
        let three = dir.appendingPathComponent("three").path
        _ = try CLI.run(["index", corpus.path, "--db", three, "--shards", "3", "--quiet"])
        let all = Set(CLI.ids(try CLI.run(["list", "--db", three, "--json"]).json?["documents"]))
        // The shard with the most documents is served over TCP, the others read from disk.
        let held = try (0..<3).map { k in Set(CLI.ids(try CLI.run(["list", "--db", three + "/shard-\(k)", "--json"]).json?["documents"])) }
        let served = held.indices.max { held[$0].count < held[$1].count }!
        let onShard2 = held[served]
        #expect(!onShard2.isEmpty)
        let server = try Server(serving: three + "/shard-\(served)")
        let stub = dir.appendingPathComponent("mixed.stub").path
        try (0..<3).map { $0 == served ? "remote :127.0.0.1:\(server.port)" : "auto three/shard-\($0)" }.joined(separator: "\n")
            .write(toFile: stub, atomically: true, encoding: .utf8)
        #expect(Set(CLI.ids(try CLI.run(["list", "--db", stub, "--json"]).json?["documents"])) == all)

        // Stopped (not answering): the remote timeout ends the wait.
        kill(server.process.processIdentifier, SIGSTOP)
        let env = ["VANBAN_REMOTE_TIMEOUT": "1"]
        let t0 = Date()
        let hung = try CLI.run(["search", "ke hoach", "--db", stub, "--json"], env: env)
        #expect(hung.code == 1 && hung.err.contains("remote :127.0.0.1:\(server.port)"), "\(hung.code) \(hung.err)")
        #expect(Date().timeIntervalSince(t0) < 30)
        kill(server.process.processIdentifier, SIGCONT)

        // Killed: a clear error naming it, or with --allow-partial the others' answer.
        server.kill()
        let down = try CLI.run(["list", "--db", stub, "--json"], env: env)
        #expect(down.code == 1 && down.err.contains("remote :127.0.0.1:\(server.port)") && down.err.contains("--allow-partial"), "\(down.err)")
        let partial = try CLI.run(["list", "--db", stub, "--json", "--allow-partial"], env: env)
        #expect(partial.code == 0, "\(partial.err)")
        #expect(Set(CLI.ids(partial.json?["documents"])) == all.subtracting(onShard2))
        #expect((partial.json?["partial"] as? [String])?.first?.contains("127.0.0.1:\(server.port)") == true, "\(partial.out)")
        #expect(partial.err.contains("127.0.0.1:\(server.port)"))

        // A local shard missing.
        try FileManager.default.moveItem(atPath: three + "/shard-\(served)", toPath: dir.appendingPathComponent("elsewhere").path)
        let missing = try CLI.run(["search", "ke hoach", "--db", three, "--json"])
        #expect(missing.code == 1 && missing.err.contains("shard-\(served)"), "\(missing.err)")
        let rest = try CLI.run(["search", "ke hoach", "--db", three, "--json", "--allow-partial"])
        #expect(rest.code == 0 && (rest.json?["partial"] as? [String])?.count == 1, "\(rest.err)")
    }

    // MARK: - Crash safety

    @Test func shardedIndexKilledWithKillNineThenCompletedLosesAndDuplicatesNothing() throws {
        let dir = CLI.tempDir("shards-kill9")
        let gen = try ReliabilityTests.generated()
        let expectedByFile = ReliabilityTests.byFile(gen.ids)
        let db = dir.appendingPathComponent("db").path
        var rng = SystemRandomNumberGenerator()
        var kills = 0
        var present = 0
        for round in 0..<12 where kills < 3 {
            // A random moment within what is left of the work (each run resumes where the last stopped).
            let left = gen.seconds * Double(gen.ids.count - present) / Double(max(gen.ids.count, 1))
            let p = try ReliabilityTests.start(["index", gen.docs.path, "--db", db, "--shards", "2", "--batch", "5", "--quiet"], logs: dir, tag: "run\(round)")
            usleep(UInt32(Double.random(in: 0.02...max(0.05, left * 0.7), using: &rng) * 1_000_000))
            if p.isRunning { kill(p.processIdentifier, SIGKILL); kills += 1 }
            p.waitUntilExit()
            let (code, ids) = try ReliabilityTests.listIDs(db)
            if code == 4 { continue }  // killed before the archive existed
            #expect(code == 0, "round \(round): list exits \(code) after kill -9")
            #expect(Set(ids).count == ids.count, "round \(round): duplicate ids")
            present = ids.count
            for (file, ns) in ReliabilityTests.byFile(ids) { #expect(ns == expectedByFile[file], "round \(round): \(file) has \(ns)") }
        }
        #expect(kills >= 2, "only \(kills) runs could be killed before they ended")
        let last = try CLI.run(["index", gen.docs.path, "--db", db, "--json"])
        #expect(last.code == 0, "\(last.err)")
        let (_, ids) = try ReliabilityTests.listIDs(db)
        #expect(ids.count == gen.ids.count && Set(ids) == Set(gen.ids), "\(ids.count) of \(gen.ids.count)")
        let again = try CLI.run(["index", gen.docs.path, "--db", db, "--json"])
        #expect(again.json?["added"] as? Int == 0 && again.json?["updated"] as? Int == 0 && again.json?["removed"] as? Int == 0)
    }

    /// A first sharded run killed after it made its shard databases and before it listed them
    /// (the stub comes before any document): the next run, with or without --shards, indexes;
    /// shards with documents and no stub are refused with the way out.
    @Test func aFirstShardedRunKilledBeforeItsStubIsRunAgain() throws {
        let dir = CLI.tempDir("shards-nostub")
        let (corpus, _) = try Self.corpus("dev", in: dir)
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        for shards in [nil, "2"] as [String?] {
            let db = dir.appendingPathComponent("db-\(shards ?? "1")").path
            _ = try CLI.run(["index", empty.path, "--db", db, "--shards", "2", "--quiet"])
            try FileManager.default.removeItem(atPath: db + "/XAPIANDB")
            let r = try CLI.run(["index", corpus.path, "--db", db, "--json"] + (shards.map { ["--shards", $0] } ?? []))
            #expect(r.code == 0, "\(r.err)")
            #expect(FileManager.default.fileExists(atPath: db + "/XAPIANDB") == (shards != nil))
            let listed = try CLI.run(["list", "--db", db, "--json"])
            #expect(listed.code == 0 && !CLI.ids(listed.json?["documents"]).isEmpty, "\(listed.err)")
        }
        let db = dir.appendingPathComponent("db-full").path
        _ = try CLI.run(["index", corpus.path, "--db", db, "--shards", "2", "--quiet"])
        try FileManager.default.removeItem(atPath: db + "/XAPIANDB")
        let refused = try CLI.run(["index", corpus.path, "--db", db, "--lang", "en"])
        #expect(refused.code != 0 && refused.err.contains("--shards N"), "\(refused.err)")
    }

    // MARK: - The archive remembers its shards

    @Test func shardCountIsRememberedAnotherIsRefusedAndAFileStaysInItsShard() throws {
        let dir = CLI.tempDir("shards-n")
        let (corpus, _) = try Self.corpus("dev", in: dir)
        let db = dir.appendingPathComponent("db").path
        _ = try CLI.run(["index", corpus.path, "--db", db, "--shards", "2", "--quiet"])
        let stub = try String(contentsOfFile: db + "/XAPIANDB", encoding: .utf8)
        #expect(stub.contains("auto shard-0\nauto shard-1\n"))
        let before = try (0..<2).map { k in Set(CLI.ids(try CLI.run(["list", "--db", db + "/shard-\(k)", "--json"]).json?["documents"])) }
        let refused = try CLI.run(["index", corpus.path, "--db", db, "--shards", "3"])
        #expect(refused.code == 2 && refused.err.contains("2 shards"), "\(refused.err)")
        // A changed file is rewritten in the shard that holds it, without --shards.
        let f = try #require(try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted().first)
        try (String(contentsOf: corpus.appendingPathComponent(f), encoding: .utf8) + "\nGhi chú thêm.\n").write(to: corpus.appendingPathComponent(f), atomically: true, encoding: .utf8)
        let again = try CLI.run(["index", corpus.path, "--db", db, "--json"])
        #expect(again.json?["updated"] as? Int == 1 && again.json?["added"] as? Int == 0, "\(again.out)")
        let after = try (0..<2).map { k in Set(CLI.ids(try CLI.run(["list", "--db", db + "/shard-\(k)", "--json"]).json?["documents"])) }
        #expect(after == before)
        // compact merges them into one database answering the same.
        let merged = dir.appendingPathComponent("merged").path
        let c = try CLI.run(["compact", "--db", db, merged])
        #expect(c.code == 0, "\(c.err)")
        #expect(Set(CLI.ids(try CLI.run(["list", "--db", merged, "--json"]).json?["documents"])) == before[0].union(before[1]))
    }
}

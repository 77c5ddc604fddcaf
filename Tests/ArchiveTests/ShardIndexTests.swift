@testable import Archive
import Foundation
import Testing
import Xapian
#if canImport(Glibc)
import Glibc
#endif

/// `--shards N` writes the same archive as one database, spread: every document once, in the
/// shard its file's name routes to, with the same stamps, summary, warnings and conversions (in
/// file order); and a reader over shards whose remote one dies between two questions names it,
/// or answers from the others.
@Suite struct ShardIndexTests {
    static func temp(_ tag: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("vanban-shards-\(tag)-\(UUID().uuidString)").path
    }

    struct Content: Equatable {
        var summary: [String]
        /// id → stored record, and file name → stamp (size, hash, root).
        var documents: [String: String]
        var stamps: [String: String]
    }

    static func content(of databases: [(Database, String)], summary s: IndexSummary) throws -> Content {
        var docs: [String: String] = [:], stamps: [String: String] = [:]
        for (db, _) in databases {
            for id in try db.postings("") {
                let d = try db.document(id)
                let key = try d.loadValue(Schema.idSlot)
                #expect(docs[key] == nil, "\(key) twice")
                docs[key] = try d.loadData()
            }
            for t in try db.allTerms(prefix: Schema.file) {
                let name = String(t.term.dropFirst(Schema.file.count))
                let st = Archive.Stamp(try db.metadata(Archive.Stamp.key(name)))
                stamps[name] = "\(st?.size ?? -1) \(st?.hash ?? "-") \(st?.root ?? "-")"
            }
        }
        let summary = ["\(s.filesAdded) \(s.filesSkipped) \(s.documentsIndexed) \(s.filesUnchanged) \(s.commits > 0)"] + s.warnings + s.conversions
        return Content(summary: summary, documents: docs, stamps: stamps)
    }

    @Test func shardsHoldWhatOneDatabaseHoldsEachFileInItsShard() throws {
        let folders = ParallelIndexTests.folders
        let onePath = Self.temp("one")
        defer { try? FileManager.default.removeItem(atPath: onePath) }
        let one = try ArchiveWriter.open(path: onePath)
        let expected = try Self.content(of: [(one.db, onePath)], summary: try one.index(paths: folders, options: IndexOptions(batchDocuments: 7, jobs: 2)))
        #expect(expected.documents.count > 100)
        for n in [2, 3] {
            let path = Self.temp("n\(n)")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let w = try ArchiveWriter.open(path: path, shards: n)
            #expect(w.shardCount == n)
            let s = try w.index(paths: folders, options: IndexOptions(batchDocuments: 7, jobs: 2))
            let got = try Self.content(of: zip(w.shards, w.shardPaths).map { ($0, $1) }, summary: s)
            #expect(got.summary == expected.summary, "\(n) shards: summary")
            #expect(got.documents == expected.documents, "\(n) shards: documents")
            #expect(got.stamps == expected.stamps, "\(n) shards: stamps")
            // Each file's documents and stamp in the shard its name routes to, and every shard used.
            for (k, db) in w.shards.enumerated() {
                let names = try db.allTerms(prefix: Schema.file).map { String($0.term.dropFirst(Schema.file.count)) }
                #expect(!names.isEmpty)
                for name in names { #expect(ShardLayout.route(name, count: n) == k, "\(name) in shard \(k)") }
            }
            // A second run changes nothing and commits nothing.
            let again = try w.index(paths: folders, options: IndexOptions(batchDocuments: 7, jobs: 2))
            #expect(again.filesAdded + again.filesUpdated + again.filesRemoved == 0 && again.commits == 0)
            w.close()
            // Reopened without a count: the archive's own.
            #expect(try ArchiveWriter.open(path: path).shardCount == n)
        }
    }

    @Test func aRemoteShardThatDiesBetweenTwoQuestionsIsNamedOrLeftOut() throws {
        let path = Self.temp("remote")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let w = try ArchiveWriter.open(path: path, shards: 2)
        _ = try w.index(paths: ParallelIndexTests.folders.filter { $0.hasSuffix("dev") || $0.hasSuffix("dev-health") })
        let total = w.documentCount
        let onShard1 = w.shards[1].docCount
        w.close()
        #expect(onShard1 > 0 && onShard1 < total)

        // A random high port; a server that cannot bind it exits at once and the next one is tried.
        var server = Process()
        var port = 0
        for _ in 0..<20 {
            port = Int.random(in: 20_000..<60_000)
            server = Process()
            server.executableURL = URL(fileURLWithPath: "/usr/bin/xapian-tcpsrv")
            // One connection, served by the server process itself (no forked child outliving the kill).
            server.arguments = ["--port", String(port), "--interface", "127.0.0.1", "--quiet", "--one-shot", path + "/shard-1"]
            server.standardOutput = FileHandle.nullDevice
            server.standardError = FileHandle.nullDevice
            try server.run()
            usleep(300_000)
            if server.isRunning { break }
        }
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        let stub = path + ".stub"
        defer { try? FileManager.default.removeItem(atPath: stub) }
        try "auto \(path)/shard-0\nremote :127.0.0.1:\(port)\n".write(toFile: stub, atomically: true, encoding: .utf8)
        var reader: ArchiveReader?
        for _ in 0..<100 where reader == nil {
            reader = try? ArchiveReader.open(paths: [stub])
            if reader == nil { usleep(100_000) }
        }
        let r = try #require(reader)
        #expect(r.documentCount == total)
        let all = try r.list().count
        #expect(all == total)

        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        // The open reader: its next question fails, to be asked again of a fresh snapshot…
        do {
            _ = try r.list()
            Issue.record("a question to a dead shard answered")
        } catch {
            #expect(error.isSnapshotChange, "\(error)")
        }
        // …which names the shard, or leaves it out when a partial answer is allowed.
        do {
            _ = try Archive.retrying { try ArchiveReader.open(paths: [stub]).list() }
            Issue.record("opened with a dead shard")
        } catch let e as ArchiveError {
            #expect(e.exitCode == 1 && e.description.contains("remote :127.0.0.1:\(port)"), "\(e)")
        }
        let partial = try Archive.retrying { () throws -> (Int, [String]) in
            let p = try ArchiveReader.open(paths: [stub], allowPartial: true)
            return (try p.list().count, p.partial)
        }
        #expect(partial.0 == total - onShard1)
        #expect(partial.1.count == 1 && partial.1[0].contains("127.0.0.1:\(port)"))
    }

    @Test func stubFilesAreReadAsXapianDefinesThem() throws {
        let dir = Self.temp("stub")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stub = dir + "/all.stub"
        try "# two offices\n\nauto so-y-te\nglass /srv/vanban/2025\nremote :10.0.0.5:33333\nremote :[::1]:4000\n".write(toFile: stub, atomically: true, encoding: .utf8)
        #expect(try StubFile.read(stub) == [.local(dir + "/so-y-te"), .local("/srv/vanban/2025"),
                                           .remote(host: "10.0.0.5", port: 33333), .remote(host: "::1", port: 4000)])
        for bad in ["remote host:1234", "remote :h:99999", "inmemory", "flint x"] {
            try bad.write(toFile: stub, atomically: true, encoding: .utf8)
            #expect(throws: ArchiveError.self, "\(bad)") { try StubFile.read(stub) }
        }
        // Routing is stable and spreads names.
        #expect(ShardLayout.route("a.txt", count: 1) == 0)
        let counts = (0..<300).reduce(into: [0, 0, 0]) { c, i in c[ShardLayout.route("nam-2026/vb\(i).txt", count: 3)] += 1 }
        #expect(counts.allSatisfy { $0 > 60 }, "\(counts)")
        #expect(ShardLayout.route("nam-2026/vb7.txt", count: 3) == ShardLayout.route("nam-2026/vb7.txt", count: 3))
    }
}

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Reliability of `vanban index` and of the readers, with the real binary on real files:
/// incremental runs, kill -9 at random moments, one writer and many readers, bad files, bad queries.
@Suite("reliability: incremental, crash-safe, one writer, bad input", .serialized)
struct ReliabilityTests {
    // MARK: - Helpers

    static let fixtures = CLI.root.appendingPathComponent("Tests/Fixtures/eval")

    /// `count` files made from the dev-set texts, each with a line of its own so no two are equal.
    static func makeFiles(_ count: Int, in dir: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        var texts: [String] = []
        for set in ["dev", "dev-health"] {
            let d = fixtures.appendingPathComponent(set)
            for f in try fm.contentsOfDirectory(atPath: d.path).sorted() where f.hasSuffix(".txt") {
                texts.append(try String(contentsOf: d.appendingPathComponent(f), encoding: .utf8))
            }
        }
        for i in 0..<count {
            let sub = dir.appendingPathComponent("nam-\(2020 + i % 4)")
            try fm.createDirectory(at: sub, withIntermediateDirectories: true)
            let text = texts[i % texts.count] + "\nGhi chú lưu trữ số \(i).\n"
            try text.write(to: sub.appendingPathComponent(String(format: "vb%04d.txt", i)), atomically: true, encoding: .utf8)
        }
    }

    /// 200 generated files (mtime an hour ago) and the ids of an uninterrupted run over them (the
    /// truth for the crash and concurrency tests), with the run's duration. Made once.
    static func generated() throws -> (docs: URL, ids: [String], seconds: Double) {
        try generatedOnce.get()
    }

    static let generatedOnce: Result<(docs: URL, ids: [String], seconds: Double), Error> = Result {
        let dir = CLI.tempDir("generated")
        let docs = dir.appendingPathComponent("docs")
        try makeFiles(200, in: docs)
        for f in FileManager.default.enumerator(atPath: docs.path)!.compactMap({ $0 as? String }) where f.hasSuffix(".txt") {
            try setMtime(docs.appendingPathComponent(f), secondsAgo: 3600)
        }
        let refDB = dir.appendingPathComponent("ref").path
        let t0 = Date()
        let ref = try CLI.run(["index", docs.path, "--db", refDB, "--batch", "5"])
        let seconds = Date().timeIntervalSince(t0)
        guard ref.code == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "reference run: \(ref.err)"]) }
        let ids = try listIDs(refDB).ids
        guard Set(ids).count == ids.count else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "duplicate ids in the reference run"]) }
        return (docs, ids, seconds)
    }

    /// The ids `vanban list --json` returns (nil when the command fails).
    static func listIDs(_ db: String) throws -> (code: Int32, ids: [String]) {
        let r = try CLI.run(["list", "--db", db, "--json"])
        return (r.code, CLI.ids(r.json?["documents"]))
    }

    /// ids grouped by file: "a/b.txt#2" → ("a/b.txt", 2).
    static func byFile(_ ids: [String]) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for id in ids {
            guard let hash = id.lastIndex(of: "#"), let n = Int(id[id.index(after: hash)...]) else { continue }
            out[String(id[..<hash]), default: []].append(n)
        }
        return out.mapValues { $0.sorted() }
    }

    /// Starts the binary without waiting; output goes to files in `dir`.
    static func start(_ args: [String], logs dir: URL, tag: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = args
        let out = dir.appendingPathComponent("\(tag).out"), err = dir.appendingPathComponent("\(tag).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Runs the binary, killing it after `seconds`; `timedOut` tells.
    static func runLimited(_ args: [String], seconds: Double) throws -> (result: CLI.Result, timedOut: Bool, elapsed: Double) {
        final class Flag: @unchecked Sendable { var fired = false }
        let flag = Flag()
        let started = Date()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let pid = p.processIdentifier
        let timer = DispatchWorkItem { flag.fired = true; kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: timer)
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        timer.cancel()
        let r = CLI.Result(code: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: errBox.data, as: UTF8.self))
        return (r, flag.fired, Date().timeIntervalSince(started))
    }

    static func write(_ s: String, _ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try s.write(to: url, atomically: true, encoding: .utf8)
    }

    static func setMtime(_ url: URL, secondsAgo: Double) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -secondsAgo)], ofItemAtPath: url.path)
    }

    // MARK: - 1. Incremental indexing

    @Test func incrementalRunsAddUpdateRemoveAndSkipUnchangedFiles() throws {
        let dir = CLI.tempDir("incr")
        let docs = dir.appendingPathComponent("docs")
        let db = dir.appendingPathComponent("db").path
        let a = docs.appendingPathComponent("a.txt"), b = docs.appendingPathComponent("sub/b.txt")
        let c = docs.appendingPathComponent("c.txt"), d = docs.appendingPathComponent("d.txt")
        try Self.write("Số: 1/KH-ABC\nKế hoạch kiểm tra lề lối làm việc.\n", a)
        try Self.write("""
            ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            HUYỆN NAM ĐÀN                       Độc lập - Tự do - Hạnh phúc
            Số: 2/KH-UBND                      Nam Đàn, ngày 02 tháng 3 năm 2026

            KẾ HOẠCH
            Trồng cây xanh năm 2026

            Kế hoạch trồng cây xanh năm nay.

            ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            HUYỆN NAM ĐÀN                       Độc lập - Tự do - Hạnh phúc
            Số: 3/BC-UBND                      Nam Đàn, ngày 20 tháng 3 năm 2026

            BÁO CÁO
            Kết quả trồng cây

            Báo cáo kết quả trồng cây.
            """, b)
        try Self.write("Số: 4/CV-ABC\nCông văn về phòng cháy chữa cháy.\n", c)
        for f in [a, b, c] { try Self.setMtime(f, secondsAgo: 3600) }

        let first = try CLI.run(["index", docs.path, "--db", db, "--json"])
        #expect(first.code == 0, "\(first.err)")
        #expect(first.json?["added"] as? Int == 3)
        #expect(Set(try Self.listIDs(db).ids) == ["a.txt#0", "sub/b.txt#0", "sub/b.txt#1", "c.txt#0"])

        // Twice in a row: nothing changes, nothing is committed.
        let again = try CLI.run(["index", docs.path, "--db", db, "--json"])
        #expect(again.code == 0)
        #expect(again.json?["unchanged"] as? Int == 3)
        #expect(again.json?["added"] as? Int == 0)
        #expect(again.json?["commits"] as? Int == 0)
        let plain = try CLI.run(["index", docs.path, "--db", db, "--lang", "en"])
        #expect(plain.out.contains("0 added, 0 updated, 0 removed, 3 unchanged, 0 skipped"), "\(plain.out)")

        // a: touched only (same content); b: now one document; c: deleted; d: new.
        try Self.setMtime(a, secondsAgo: 60)
        try Self.write("Số: 2/KH-UBND\nKế hoạch trồng cây xanh, sửa đổi: thêm rừng ngập mặn.\n", b)
        try Self.setMtime(b, secondsAgo: 60)
        try FileManager.default.removeItem(at: c)
        try Self.write("Số: 5/TB-ABC\nThông báo lịch tiếp dân.\n", d)
        try Self.setMtime(d, secondsAgo: 60)
        let third = try CLI.run(["index", docs.path, "--db", db, "--json"])
        #expect(third.code == 0, "\(third.err)")
        #expect(third.json?["added"] as? Int == 1)
        #expect(third.json?["updated"] as? Int == 1)
        #expect(third.json?["removed"] as? Int == 1)
        #expect(third.json?["unchanged"] as? Int == 1)
        #expect(third.json?["documents_removed"] as? Int == 3)  // b's two, c's one
        #expect(Set(try Self.listIDs(db).ids) == ["a.txt#0", "sub/b.txt#0", "d.txt#0"])
        let mangrove = try CLI.run(["search", "rung ngap man", "--db", db, "--json"])
        #expect(CLI.ids(mangrove.json?["results"]) == ["sub/b.txt#0"])
        let oldReport = try CLI.run(["search", "\"bao cao ket qua trong cay\"", "--db", db, "--json"])
        let oldIDs = CLI.ids(oldReport.json?["results"])
        #expect(oldIDs == [])

        // --no-prune keeps a deleted file's documents; the default run then removes them.
        try FileManager.default.removeItem(at: d)
        let kept = try CLI.run(["index", docs.path, "--db", db, "--no-prune", "--json"])
        #expect(kept.json?["removed"] as? Int == 0)
        #expect(try Self.listIDs(db).ids.contains("d.txt#0"))
        let pruned = try CLI.run(["index", docs.path, "--db", db, "--json"])
        #expect(pruned.json?["removed"] as? Int == 1)
        #expect(!(try Self.listIDs(db).ids.contains("d.txt#0")))

        // Another folder argument's files are not pruned by a run on this one.
        let other = dir.appendingPathComponent("other")
        try Self.write("Số: 9/QĐ-XYZ\nQuyết định khen thưởng.\n", other.appendingPathComponent("q.txt"))
        _ = try CLI.run(["index", other.path, "--db", db])
        let onlyDocs = try CLI.run(["index", docs.path, "--db", db, "--json"])
        #expect(onlyDocs.json?["removed"] as? Int == 0)
        #expect(try Self.listIDs(db).ids.contains("q.txt#0"))
    }

    @Test func aFileThatBecomesBinaryLosesItsDocuments() throws {
        let dir = CLI.tempDir("tobinary")
        let docs = dir.appendingPathComponent("docs")
        let db = dir.appendingPathComponent("db").path
        let f = docs.appendingPathComponent("x.txt")
        try Self.write("Số: 7/KH-ABC\nKế hoạch.\n", f)
        _ = try CLI.run(["index", docs.path, "--db", db])
        try Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 1, 2, 3]).write(to: f)
        let r = try CLI.run(["index", docs.path, "--db", db, "--lang", "en"])
        #expect(r.code == 6)
        #expect(r.err.contains("x.txt: skipped, image"), "\(r.err)")
        #expect(try Self.listIDs(db).ids.isEmpty)
    }

    // MARK: - 2. Crash safety

    /// kill -9 at random moments of an index run (small batches, so commits happen all along):
    /// after each kill the database opens and answers, holds only whole files and no duplicates;
    /// the next run completes it and the result equals an uninterrupted run.
    @Test func killNineAtRandomMomentsThenCompleting() throws {
        let dir = CLI.tempDir("kill9")
        let gen = try Self.generated()
        let docs = gen.docs
        let fullRun = gen.seconds
        let expected = gen.ids
        let expectedByFile = Self.byFile(expected)
        #expect(expectedByFile.count == 200)
        #expect(Set(expected).count == expected.count)

        let db = dir.appendingPathComponent("db").path
        var rng = SystemRandomNumberGenerator()
        var everOpened = false
        var kills = 0
        var present = 0
        for round in 0..<10 where kills < 5 {
            // A random moment within what is left of the work (each run resumes where the last stopped).
            let left = fullRun * Double(expected.count - present) / Double(max(expected.count, 1))
            let p = try Self.start(["index", docs.path, "--db", db, "--batch", "5", "--quiet"], logs: dir, tag: "run\(round)")
            let delay = Double.random(in: 0.02...max(0.05, left * 0.7), using: &rng)
            usleep(UInt32(delay * 1_000_000))
            let killed = p.isRunning
            if killed { kill(p.processIdentifier, SIGKILL); kills += 1 }
            p.waitUntilExit()

            let (code, ids) = try Self.listIDs(db)
            if code == 4 && !everOpened { continue }  // killed before the database was first created
            #expect(code == 0, "round \(round): list exits \(code) after kill -9 at \(delay)s")
            everOpened = true
            present = ids.count
            #expect(Set(ids).count == ids.count, "round \(round): duplicate ids")
            // Whole files only: a file present has all its documents.
            for (file, ns) in Self.byFile(ids) {
                #expect(ns == expectedByFile[file], "round \(round): \(file) has \(ns), expected \(expectedByFile[file] ?? [])")
            }
            let s = try CLI.run(["search", "kế hoạch", "--db", db, "--json"])
            // 1: nothing found yet (a kill before the first commit leaves an empty database).
            #expect(s.code == 0 || (s.code == 1 && s.json?["total"] as? Int == 0), "round \(round): search after kill: \(s.err)")
            print("kill -9 test: round \(round): \(killed ? "killed" : "finished") after \(String(format: "%.2f", delay))s; \(ids.count)/\(expected.count) documents committed")
        }
        #expect(kills >= 3, "only \(kills) runs could be killed before they ended")

        let last = try CLI.run(["index", docs.path, "--db", db, "--json"])
        #expect(last.code == 0, "\(last.err)")
        #expect(last.json?["total_documents"] as? Int == expected.count)
        let (_, ids) = try Self.listIDs(db)
        #expect(ids.count == expected.count)
        #expect(Set(ids).count == ids.count, "duplicates after completion")
        #expect(Set(ids) == Set(expected))
        // Every id exactly once, also by its unique term.
        for id in expected.shuffled().prefix(10) {
            let show = try CLI.run(["show", id, "--db", db, "--json"])
            #expect(show.code == 0 && show.json?["id"] as? String == id, "\(id): \(show.err)")
        }
        // And one more run changes nothing.
        let again = try CLI.run(["index", docs.path, "--db", db, "--json"])
        #expect(again.json?["added"] as? Int == 0 && again.json?["updated"] as? Int == 0 && again.json?["removed"] as? Int == 0)
    }

    // MARK: - 3. One writer, many readers

    @Test func secondWriterFailsAtOnceAndReadersSeeWholeBatches() throws {
        let dir = CLI.tempDir("lock")
        let gen = try Self.generated()
        let docs = gen.docs
        let db = dir.appendingPathComponent("db").path
        // A first small run, so readers have a database from the start.
        let seed = dir.appendingPathComponent("seed")
        try Self.write("Số: 1/KH-ABC\nKế hoạch ban đầu.\n", seed.appendingPathComponent("seed.txt"))
        #expect(try CLI.run(["index", seed.path, "--db", db]).code == 0)

        let expectedByFile = Self.byFile(gen.ids)

        let writer = try Self.start(["index", docs.path, "--db", db, "--batch", "5", "--quiet"], logs: dir, tag: "writer")
        // Probe the lock only once the writer has it: when its first batch is visible.
        while writer.isRunning, (try Self.listIDs(db).ids.count) <= 1 { usleep(10_000) }
        var lockedSeen = 0, reads = 0, growing: [Int] = []
        while writer.isRunning {
            let second = try Self.runLimited(["index", seed.path, "--db", db, "--lang", "en"], seconds: 10)
            if second.result.code == 5 {
                lockedSeen += 1
                #expect(second.result.err.contains("database is being indexed by another process"), "\(second.result.err)")
                #expect(second.elapsed < 3, "the second writer waited \(second.elapsed)s")
            } else if writer.isRunning {
                Issue.record("a second index run while the first runs exited \(second.result.code): \(second.result.err)")
            }
            // Readers: never fail, and see whole files (whole batches) only.
            let (code, ids) = try Self.listIDs(db)
            #expect(code == 0, "list during indexing exited \(code)")
            reads += 1
            growing.append(ids.count)
            #expect(Set(ids).count == ids.count, "duplicate ids during indexing")
            for (file, ns) in Self.byFile(ids) where file != "seed.txt" {
                #expect(ns == expectedByFile[file], "\(file): \(ns) during indexing")
            }
            let s = try CLI.run(["search", "báo cáo", "--db", db, "--json"])
            // 1: nothing found (yet): still an answer.
            #expect(s.code == 0 || (s.code == 1 && s.json?["total"] as? Int == 0), "search during indexing: \(s.err)")
        }
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        #expect(lockedSeen >= 1, "never saw the lock (\(reads) reads)")
        #expect(growing.first ?? 0 <= growing.last ?? 0)
        // Once the writer is done, the second run goes through.
        let after = try CLI.run(["index", seed.path, "--db", db])
        #expect(after.code == 0, "\(after.err)")
    }

    @Test func lockedExitCodeIsFiveWithTheDocumentedMessage() throws {
        // Held by a process that is stopped (SIGSTOP) in the middle of its run.
        let dir = CLI.tempDir("lock5")
        let docs = dir.appendingPathComponent("docs")
        try Self.makeFiles(60, in: docs)
        let db = dir.appendingPathComponent("db").path
        let writer = try Self.start(["index", docs.path, "--db", db, "--quiet"], logs: dir, tag: "w")
        // Wait until the database exists (the writer holds the lock from its opening).
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: db + "/iamglass"), Date() < deadline, writer.isRunning { usleep(5_000) }
        kill(writer.processIdentifier, SIGSTOP)
        defer { kill(writer.processIdentifier, SIGCONT); writer.waitUntilExit() }
        guard writer.isRunning else { return }
        let second = try Self.runLimited(["index", docs.path, "--db", db, "--lang", "en"], seconds: 10)
        #expect(second.result.code == 5)
        #expect(second.result.err.hasPrefix("vanban: error: database is being indexed by another process"), "\(second.result.err)")
        #expect(!second.timedOut && second.elapsed < 3)
        // Readers are not blocked by the writer.
        let list = try Self.runLimited(["list", "--db", db, "--json"], seconds: 10)
        #expect(!list.timedOut)
        #expect(list.result.code == 0 || list.result.code == 4)
    }

    // MARK: - 4. Bad input

    @Test func badFilesGetOneWarningEachAndTheRunGoesOn() throws {
        let dir = CLI.tempDir("badfiles")
        let docs = dir.appendingPathComponent("docs")
        let fm = FileManager.default
        try fm.createDirectory(at: docs, withIntermediateDirectories: true)
        func put(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: docs.appendingPathComponent(name)) }
        let good = Array("Số: 12/KH-UBND\nKế hoạch kiểm tra việc chấp hành kỷ luật.\n".utf8)
        try put("good.txt", good)
        try put("empty.txt", [])
        try put("blank.txt", Array("  \n\t\n".utf8))
        try put("binary.dat", [0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00, 0x10, 0x80, 0x00, 0x00, 0x07] + Array(repeating: 0, count: 100))
        try put("scan.pdf", Array("%PDF-1.7\n%âãÏÓ\n1 0 obj".utf8))
        try put("letter.docx", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])
        try put("old.doc", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        try put("utf16.txt", [0xFF, 0xFE] + Array("Số".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        try put("badutf8.txt", Array("Số: 13/KH-UBND\nKế hoạch ".utf8) + [0xC3, 0x28, 0xFF] + Array(" tuyên truyền.\n".utf8))
        try put("nul.txt", Array("Số: 14/KH-UBND\nKế hoạch".utf8) + [0] + Array(" phòng chống thiên tai.\n".utf8))
        try put("noheader.txt", Array("Ghi chú: họp giao ban sáng thứ hai, mang theo sổ tay.\n".utf8))
        var long = Array("Số: 15/KH-UBND\nKế hoạch ".utf8)
        for _ in 0..<40_000 { long += Array("dòng rất dài không xuống dòng ".utf8) }
        try put("longline.txt", long)
        // > 50 MB without writing 50 MB: a sparse file.
        let big = docs.appendingPathComponent("huge.txt")
        _ = fm.createFile(atPath: big.path, contents: Data("Số: 1/KH".utf8))
        let h = try FileHandle(forWritingTo: big)
        try h.truncate(atOffset: 51 * 1024 * 1024)
        try h.close()
        try fm.createSymbolicLink(atPath: docs.appendingPathComponent("loop-a").path, withDestinationPath: "loop-b")
        try fm.createSymbolicLink(atPath: docs.appendingPathComponent("loop-b").path, withDestinationPath: "loop-a")
        try fm.createSymbolicLink(atPath: docs.appendingPathComponent("dangling.txt").path, withDestinationPath: "missing.txt")
        try fm.createDirectory(at: docs.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: docs.appendingPathComponent("sub/parent").path, withDestinationPath: "..")
        #expect(mkfifo(docs.appendingPathComponent("pipe.txt").path, 0o644) == 0)
        let locked = docs.appendingPathComponent("locked.txt")
        try put("locked.txt", good)
        try fm.setAttributes([.posixPermissions: 0], ofItemAtPath: locked.path)
        let canReadLocked = access(locked.path, R_OK) == 0  // root reads anything
        // A link into /proc (/proc/self/mem: reading it fails even for root) is never followed.
        let procMem = FileManager.default.fileExists(atPath: "/proc/self/mem")
        if procMem { try fm.createSymbolicLink(atPath: docs.appendingPathComponent("ioerror.txt").path, withDestinationPath: "/proc/self/mem") }

        let db = dir.appendingPathComponent("db").path
        let r = try Self.runLimited(["index", docs.path, "--db", db, "--json", "--lang", "en"], seconds: 120)
        #expect(!r.timedOut)
        let res = r.result
        #expect(res.code == 6, "exit \(res.code): \(res.err)")
        // Conversions (UTF-16 here) are reported on their own lines; everything else is a warning.
        let all = res.err.split(separator: "\n").map(String.init)
        #expect(all.contains("vanban: converted: utf16.txt: UTF-16LE → UTF-8"), "\(all)")
        let lines = all.filter { !$0.hasPrefix("vanban: converted: ") }
        #expect(lines.allSatisfy { $0.hasPrefix("vanban: warning: ") }, "\(lines)")
        var expected = ["empty.txt": "empty", "blank.txt": "no text", "binary.dat": "binary", "scan.pdf": "PDF",
                        "letter.docx": "corrupt .docx", "old.doc": "Word file", "utf16.txt": "no document header", "badutf8.txt": "invalid UTF-8",
                        "nul.txt": "NUL", "noheader.txt": "no document header", "huge.txt": "larger than 50 MB",
                        "loop-a": "symbolic link loop", "loop-b": "symbolic link loop", "dangling.txt": "broken symbolic link",
                        "sub/parent": "loop", "pipe.txt": "not a regular file"]
        if !canReadLocked { expected["locked.txt"] = "cannot read" }
        if procMem { expected["ioerror.txt"] = "symbolic link into /proc" }
        for (name, reason) in expected {
            let mine = lines.filter { $0.hasPrefix("vanban: warning: \(name):") }
            #expect(mine.count == 1, "\(name): \(mine)")
            #expect(mine.first?.contains(reason) == true, "\(name): \(mine), expected \(reason)")
        }
        #expect(lines.count == expected.count, "\(lines)")
        let ids = Set(try Self.listIDs(db).ids)
        for id in ["good.txt#0", "badutf8.txt#0", "nul.txt#0", "noheader.txt#0", "longline.txt#0", "utf16.txt#0"] {
            #expect(ids.contains(id), "\(id) missing from \(ids)")
        }
        for name in ["empty.txt", "binary.dat", "scan.pdf", "huge.txt", "pipe.txt"] {
            #expect(!ids.contains(name + "#0"))
        }
        let tai = try CLI.run(["search", "phong chong thien tai", "--db", db, "--json"])
        #expect(CLI.ids(tai.json?["results"]) == ["nul.txt#0"])
        // A file argument that is not there: a mistake, nothing is done (exit 2).
        let missing = try CLI.run(["index", docs.appendingPathComponent("good.txt").path, dir.appendingPathComponent("nowhere").path, "--db", db])
        #expect(missing.code == 2)
        #expect(missing.err.contains("nowhere"))
        try? fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: locked.path)
    }

    // MARK: - 7. Progress

    @Test func progressBarOnlyOnATerminalAndNotWithQuiet() throws {
        let dir = CLI.tempDir("progress")
        let docs = dir.appendingPathComponent("docs")
        try Self.makeFiles(40, in: docs)
        // Not a terminal (a pipe): no progress.
        let piped = try CLI.run(["index", docs.path, "--db", dir.appendingPathComponent("db1").path])
        #expect(piped.code == 0)
        #expect(piped.err.isEmpty, "\(piped.err)")
        // A terminal: script(1) of util-linux runs the command on a pseudo-terminal.
        #if os(Linux)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        func onTerminal(_ extra: [String], db: String) throws -> String {
            let cmd = ([CLI.binary, "index", docs.path, "--db", dir.appendingPathComponent(db).path, "--lang", "en"] + extra)
                .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            return try CLI.run(["-qec", cmd, "/dev/null"], executable: "/usr/bin/script").out
        }
        let shown = try onTerminal(["--batch", "5"], db: "db2")
        #expect(shown.contains("docs/s") && shown.contains("ETA") && shown.contains("/40 files"), "\(shown)")
        #expect(shown.contains("40 added"))
        let quiet = try onTerminal(["--quiet"], db: "db3")
        #expect(!quiet.contains("docs/s"), "\(quiet)")
        #expect(quiet.contains("40 added"))
        #endif
    }

    // MARK: - 5. Bad queries and REFs

    @Test func badQueriesAndRefsAnswerClearlyAndQuickly() throws {
        let db = CLI.corpusDB
        let long = String(repeating: "kế hoạch (", count: 1000)  // 10,000 characters, 1,000 open parentheses
        let queries = ["\"lề lối", "((kế hoạch", "kế hoạch))", ")(", "\"", "\"\"", "((((((((((", "-", "+", "AND", "OR NOT",
                       "!!!", ".,;:?!…", "---", "***", "tacgia:nguyen", "loai:", "so:", "coquan:\"", "ngay:", "ngay:..",
                       "nam:abc", "nam:99999999999999999999", "ngay:2026-13", "ngay:2026-02-30", "ngay:31/4/2026",
                       "ngay:2026-06..2026-05", long, String(repeating: "\"a", count: 5000),
                       String(repeating: "NOT ", count: 2500), String(repeating: "x", count: 10_000)]
        for q in queries {
            let (r, timedOut, elapsed) = try Self.runLimited(["search", "--db", db, "--json", "--lang", "en", "--", q], seconds: 20)
            let label = String(q.prefix(30))
            #expect(!timedOut, "\(label): hangs")
            // 1: nothing found (the empty result is printed).
            #expect(r.code == 0 || r.code == 1 || r.code == 2, "\(label): exit \(r.code) \(r.err)")
            if r.code != 2 { #expect(r.json != nil, "\(label)") } else { #expect(r.err.hasPrefix("vanban: error:"), "\(label): \(r.err)") }
            #expect(elapsed < 15, "\(label): \(elapsed)s")
        }
        for q in ["ngay:2026-02-30", "ngay:31/4/2026", "ngay:2026-06..2026-05", "ngay:2026-13"] {
            let r = try CLI.run(["search", q, "--db", db, "--lang", "en"])
            #expect(r.code == 2, "\(q)")
            #expect(r.err.contains("date"), "\(q): \(r.err)")
        }
        let tooLong = try CLI.run(["search", String(repeating: "a ", count: 5001), "--db", db, "--lang", "en"])
        #expect(tooLong.code == 2 && tooLong.err.contains("10,000"))
        for args in [["show", "((("], ["show", ""], ["refs", "////"], ["cites", "\"\""], ["answers", "KH"],
                     ["show", String(repeating: "6757/KH-SYT ", count: 800)], ["show", "#"], ["show", "x#99999999999999999999"],
                     ["obligations", "--as-of", "2026-02-30"], ["list", "--from", "2026-13"], ["list", "--year", "-5"]] {
            let (r, timedOut, _) = try Self.runLimited(args + ["--db", db, "--lang", "en"], seconds: 20)
            #expect(!timedOut, "\(args.map { String($0.prefix(20)) }): hangs")
            #expect([0, 2, 3, 4, 64].contains(r.code), "\(args.map { String($0.prefix(20)) }): exit \(r.code) \(r.err)")
            if r.code != 0 { #expect(r.err.contains("rror"), "\(args.map { String($0.prefix(20)) }): \(r.err)") }
        }
    }
}

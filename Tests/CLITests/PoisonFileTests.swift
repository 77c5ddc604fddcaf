import Foundation
import Testing

/// A file that kills or stalls an index run never blocks the archive: the next run knows it and
/// skips it (until it changes), and every other file gets indexed. The faults are injected
/// (`VANBAN_FAULT`), as a reader bug, the out-of-memory killer or an endless loop would cause them.
@Suite struct PoisonFileTests {
    static let fm = FileManager.default

    static func folder(_ name: String, files: Int) throws -> (dir: URL, docs: URL, db: String) {
        let dir = CLI.tempDir(name)
        let docs = dir.appendingPathComponent("docs")
        try fm.createDirectory(at: docs, withIntermediateDirectories: true)
        for i in 0..<files {
            try "Số: \(i + 1)/BC-UBND\nBÁO CÁO\nKết quả công tác số \(i + 1) của xã.\n"
                .write(to: docs.appendingPathComponent(String(format: "f%03d.txt", i)), atomically: true, encoding: .utf8)
        }
        return (dir, docs, dir.appendingPathComponent("db").path)
    }

    static func ids(_ db: String) throws -> Set<String> {
        Set(CLI.ids(try CLI.run(["list", "--db", db, "--json"]).json?["documents"]))
    }

    @Test func aFileThatCrashesARunIsSkippedNextTime() throws {
        let (dir, docs, db) = try Self.folder("poison-crash", files: 30)
        defer { try? Self.fm.removeItem(at: dir) }
        let crashed = try CLI.run(["index", "--lang", "en", docs.path, "--db", db, "--batch", "5"], env: ["VANBAN_FAULT": "crash:f017.txt"])
        #expect(crashed.code != 0 && crashed.code != 6, "exit \(crashed.code)")
        // The next run: f017 is skipped with a warning naming it, every other file is indexed.
        let next = try CLI.run(["index", "--lang", "en", docs.path, "--db", db])
        #expect(next.code == 6, "\(next.err)")
        #expect(next.err.contains("f017.txt: skipped, an earlier index run died while reading it"), "\(next.err)")
        let all = try Self.ids(db)
        #expect(all.count == 29 && !all.contains("f017.txt#0"), "\(all.sorted())")
        // And the run after, still, without a new warning about other files.
        let again = try CLI.run(["index", "--lang", "en", docs.path, "--db", db])
        #expect(again.err.split(separator: "\n").count == 1, "\(again.err)")
        // Once it changes it is read again.
        try "Số: 99/BC-UBND\nBÁO CÁO\nĐã sửa.\n".write(to: docs.appendingPathComponent("f017.txt"), atomically: true, encoding: .utf8)
        let fixed = try CLI.run(["index", "--lang", "en", docs.path, "--db", db])
        #expect(fixed.code == 0, "\(fixed.err)")
        #expect(try Self.ids(db).contains("f017.txt#0"))
    }

    /// Killed for its memory (SIGKILL, as the out-of-memory killer does): the memory watcher has
    /// marked the files being read; the next run reads them first, one at a time, and knows which.
    @Test func aFileThatGetsTheProcessKilledForItsMemoryIsFoundAndSkipped() throws {
        let (dir, docs, db) = try Self.folder("poison-bomb", files: 30)
        defer { try? Self.fm.removeItem(at: dir) }
        let env = ["VANBAN_FAULT": "bomb:f011.txt"]
        var runs = 0
        var last = CLI.Result(code: 0, out: "", err: "")
        while runs < 4 {
            runs += 1
            last = try CLI.run(["index", "--lang", "en", docs.path, "--db", db, "--jobs", "2", "--batch", "5", "--memory-budget", "64"], env: env)
            if last.code == 6 { break }
            #expect(last.code != 0, "\(last.err)")
        }
        #expect(runs <= 3, "took \(runs) runs")
        let third = last
        #expect(third.code == 6, "\(third.err)")
        #expect(third.err.contains("f011.txt: skipped, an earlier index run died while reading it"), "\(third.err)")
        #expect(third.err.split(separator: "\n").count == 1, "\(third.err)")
        let all = try Self.ids(db)
        #expect(all.count == 29 && !all.contains("f011.txt#0"), "\(all.sorted())")
    }

    /// A file that never finishes is given up after the time limit: the run goes on and ends.
    @Test func aFileThatHangsIsGivenUp() throws {
        let (dir, docs, db) = try Self.folder("poison-hang", files: 12)
        defer { try? Self.fm.removeItem(at: dir) }
        let start = Date()
        let r = try CLI.run(["index", "--lang", "en", docs.path, "--db", db, "--jobs", "2", "--file-timeout", "2"], env: ["VANBAN_FAULT": "hang:f004.txt"])
        #expect(Date().timeIntervalSince(start) < 60)
        #expect(r.code == 6, "\(r.err)")
        #expect(r.err.contains("f004.txt: skipped, reading it took longer than 2 s"), "\(r.err)")
        #expect(try Self.ids(db).count == 11)
        // Skipped by the next run too, without waiting for it again.
        let next = try CLI.run(["index", "--lang", "en", docs.path, "--db", db], env: ["VANBAN_FAULT": "hang:f004.txt"])
        #expect(next.code == 6)
        #expect(next.err.contains("f004.txt: skipped, an earlier index run"), "\(next.err)")
    }

    /// An interrupted run (SIGTERM, Ctrl-C) blames no file.
    @Test func anInterruptedRunBlamesNoFile() throws {
        let (dir, docs, db) = try Self.folder("poison-int", files: 8)
        defer { try? Self.fm.removeItem(at: dir) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = ["index", "--lang", "en", docs.path, "--db", db, "--jobs", "2"]
        var env = ProcessInfo.processInfo.environment
        env["VANBAN_FAULT"] = "hang:f003.txt"
        p.environment = env
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: 2)
        p.terminate()
        p.waitUntilExit()
        let next = try CLI.run(["index", "--lang", "en", docs.path, "--db", db])
        #expect(next.code == 0, "\(next.err) \(next.out)")
        #expect(try Self.ids(db).count == 8)
    }
}

extension PoisonFileTests {
    /// Killed without a trace (kill -9 by a person, a power cut): the files being read are
    /// suspects, read first and alone by the next run, and never blamed for it.
    @Test func aKillWithoutAMarkBlamesNoFile() throws {
        let (dir, docs, db) = try Self.folder("poison-kill", files: 20)
        defer { try? Self.fm.removeItem(at: dir) }
        for _ in 0..<3 {
            let r = try CLI.run(["index", "--lang", "en", docs.path, "--db", db, "--jobs", "2", "--batch", "5"], env: ["VANBAN_FAULT": "kill:f007.txt"])
            #expect(r.code != 0 && r.code != 6)
        }
        let next = try CLI.run(["index", "--lang", "en", docs.path, "--db", db])
        #expect(next.code == 0, "\(next.err)")
        #expect(try Self.ids(db).count == 20)
    }
}

import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `cites --transitive` down a long chain holds a link per document, not the whole path of each:
/// its memory stays linear in the chain (it was quadratic: 2.8 GB for 24,000 documents).
@Suite struct ChainTests {
    /// Runs the CLI and returns its exit status, output size and peak resident memory (KB).
    static func measure(_ args: [String]) throws -> (code: Int32, outBytes: Int, maxRSSKB: Int) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vanban-chain-out-\(UUID().uuidString)").path
        defer { unlink(out) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // The child's ru_maxrss also holds the test runner's own peak (a spawned child shares or
        // copies its parent's memory until it execs, and the kernel keeps that high-water mark):
        // when /usr/bin/time is there, it spawns the CLI from its own small process and reports.
        let time = "/usr/bin/time"
        let rss = out + ".rss"
        defer { unlink(rss) }
        let useTime = FileManager.default.isExecutableFile(atPath: time)
        let exe = useTime ? time : CLI.binary
        let argv = ((useTime ? [time, "-f", "%M", "-o", rss] : []) + [CLI.binary] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, exe, &actions, nil, argv, environ) == 0 else { throw CocoaError(.fileNoSuchFile) }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        let measured = useTime ? (try? String(contentsOfFile: rss, encoding: .utf8)).flatMap { Int($0.split(separator: "\n").last ?? "") } : nil
        return ((status >> 8) & 0xFF, size ?? 0, measured ?? Int(usage.ru_maxrss))
    }

    @Test func aLongChainIsWalkedInLinearMemory() throws {
        let dir = CLI.tempDir("chain")
        defer { try? FileManager.default.removeItem(at: dir) }
        let docs = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let n = 4000
        for k in 1...n {
            let day = DateComponents(calendar: Calendar(identifier: .gregorian), year: 2010, month: 1, day: 1)
            let date = Calendar(identifier: .gregorian).date(byAdding: .day, value: k, to: day.date!)!
            let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: date)
            var text = "UBND XÃ AN HÒA\nSố: \(k)/KH-UBND\nAn Hòa, ngày \(c.day!) tháng \(c.month!) năm \(c.year!)\n\nKẾ HOẠCH\nCông việc số \(k)\n\n"
            if k > 1 { text += "Thực hiện Kế hoạch số \(k - 1)/KH-UBND của UBND xã An Hòa.\n" }
            try text.write(to: docs.appendingPathComponent(String(format: "kh%05d.txt", k)), atomically: true, encoding: .utf8)
        }
        let db = dir.appendingPathComponent("db").path
        let r = try CLI.run(["index", docs.path, "--db", db, "--quiet"])
        #expect(r.code == 0, "\(r.err)")
        // Graphviz output is one line per document: linear, so the memory must be too.
        let dot = try Self.measure(["cites", "1/KH-UBND", "--transitive", "--format", "dot", "--db", db])
        #expect(dot.code == 0)
        #expect(dot.outBytes > 40 * n)
        #expect(dot.maxRSSKB < 100_000, "peak \(dot.maxRSSKB) KB for a chain of \(n)")
        // --depth stops the walk.
        let two = try CLI.run(["cites", "1/KH-UBND", "--transitive", "--depth", "2", "--db", db, "--json"])
        #expect(CLI.ids(two.json?["results"]) == ["kh00002.txt#0", "kh00003.txt#0"])
        let bad = try CLI.run(["cites", "1/KH-UBND", "--transitive", "--depth", "0", "--db", db])
        #expect(bad.code == 2)
    }
}

import Foundation
import Testing
import ZIPFoundation

#if canImport(Glibc)
import Glibc
#endif

/// `vanban index` and `vanban extract` on hostile files, with the real binary (issue 24): files
/// that crashed, hung or ate memory among good ones; external tools that hang, die or fail.
@Suite("hostile files")
struct HostileFilesTests {
    static func put(_ bytes: [UInt8], _ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// A .docx whose document.xml is `head`, then `count` × `unit`, then `tail`, deflated as it is
    /// produced (the XML is never held whole here).
    static func docx(_ url: URL, head: String, unit: String, count: Int, tail: String) throws {
        let archive = try Archive(url: url, accessMode: .create)
        let h = Array(head.utf8), u = Array(unit.utf8), t = Array(tail.utf8)
        let total = h.count + u.count * count + t.count
        try archive.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(total), compressionMethod: .deflate,
                             bufferSize: 1 << 20) { pos, size in
            var out = [UInt8]()
            out.reserveCapacity(size)
            var p = Int(pos)
            while out.count < size {
                if p < h.count { out.append(h[p]) } else if p >= total - t.count { out.append(t[p - (total - t.count)]) } else { out.append(u[(p - h.count) % u.count]) }
                p += 1
            }
            return Data(out)
        }
    }

    static let docxHead = "<?xml version=\"1.0\"?><w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>Số: 9/KH-UBND</w:t></w:r></w:p>"
    static let docxTail = "</w:body></w:document>"

    /// A folder holding a file that crashed the reader (RTF), files that hung it (quadratic
    /// layouts and normalisation) and one that ate its memory (a .docx bomb), among good files:
    /// one run indexes every good file, and says one line about each file it could not read whole.
    @Test func aHostileFolderIndexesEveryGoodFileInOneRun() throws {
        let dir = CLI.tempDir("hostile")
        let docs = dir.appendingPathComponent("docs")
        var good: [String] = []
        for k in 0..<6 {
            let name = "tot-\(k).txt"
            try Self.put(Array("Số: \(100 + k)/KH-SYT\nKế hoạch kiểm tra số \(k) về lề lối làm việc.\n".utf8), docs.appendingPathComponent(name))
            good.append(name)
        }
        // Crashed (trap on an integer conversion).
        try Self.put(Array(#"{\rtf1\ansi Số: 5/KH-UBND \u9999999999 x}"#.utf8), docs.appendingPathComponent("crash.rtf"))
        // Hung: tables nested 20,000 deep (quadratic copying), a cell of 100,000 lines beside
        // 10,000 cells (quadratic layout), a megabyte of combining marks (quadratic NFC).
        try Self.put(Array(("<html><body><p>Số: 6/KH-UBND</p>" + String(repeating: "<table><tr><td>ô ", count: 20_000)
                            + String(repeating: "</td></tr></table>", count: 20_000) + "</body></html>").utf8), docs.appendingPathComponent("nested.html"))
        try Self.docx(docs.appendingPathComponent("wide.docx"), head: Self.docxHead + "<w:tbl><w:tr><w:tc><w:p><w:r>",
                      unit: "<w:t>dòng</w:t><w:br/>", count: 100_000,
                      tail: "</w:r></w:p></w:tc>" + String(repeating: "<w:tc><w:p/></w:tc>", count: 10_000) + "</w:tr></w:tbl>" + Self.docxTail)
        try Self.put(Array(("Số: 7/KH-UBND\na" + String(repeating: "\u{301}\u{323}", count: 250_000) + "\n").utf8), docs.appendingPathComponent("marks.txt"))
        // Ate memory: 200 MB of XML in a 200 KB .docx, one run of text (the old reader built a
        // tree of it, then a 200 MB text): stopped at the 50 MB text limit.
        try Self.docx(docs.appendingPathComponent("bomb.docx"), head: Self.docxHead + "<w:p><w:r><w:t>", unit: "chữ ",
                      count: 40_000_000, tail: "</w:t></w:r></w:p>" + Self.docxTail)

        let db = dir.appendingPathComponent("db").path
        let (r, timedOut, _) = try ReliabilityTests.runLimited(["index", docs.path, "--db", db, "--jobs", "2", "--lang", "en"], seconds: 300)
        #expect(!timedOut)
        #expect(r.code == 6, "exit \(r.code): \(r.err)")
        let warnings = r.err.split(separator: "\n").filter { $0.hasPrefix("vanban: warning: ") }
        let bad = ["crash.rtf", "nested.html", "wide.docx", "marks.txt", "bomb.docx"]
        for w in warnings { #expect(bad.contains { w.hasPrefix("vanban: warning: \($0):") }, "a warning about a good file: \(w)") }
        for name in bad { #expect(warnings.filter { $0.hasPrefix("vanban: warning: \(name):") }.count <= 1, "\(name): \(warnings)") }
        #expect(warnings.contains { $0.hasPrefix("vanban: warning: marks.txt:") && $0.contains("combining mark(s) dropped") }, "\(warnings)")
        #expect(warnings.contains { $0 == "vanban: warning: bomb.docx: skipped, text larger than 50 MB" }, "\(warnings)")
        let ids = Set(try ReliabilityTests.listIDs(db).ids)
        for name in good + ["crash.rtf", "nested.html", "wide.docx", "marks.txt"] {
            #expect(ids.contains { $0.hasSuffix(name + "#0") }, "\(name) not indexed: \(ids.sorted())")
        }
        #expect(!ids.contains { $0.contains("bomb.docx") })
        let found = try CLI.run(["search", "5/KH-UBND", "--db", db, "--json"])
        #expect(CLI.ids(found.json?["results"]).contains { $0.hasSuffix("crash.rtf#0") })
    }

    /// A fake tool that records its pid, its TMPDIR and that folder's mode, then waits.
    static func waitingTool(_ dir: URL, name: String, record: URL) throws {
        let script = "#!/bin/sh\necho \"$$ $TMPDIR $(stat -c %a \"$TMPDIR\")\" > '\(record.path)'\nexec sleep 60\n"
        try Self.put(Array(script.utf8), dir.appendingPathComponent(name))
        chmod(dir.appendingPathComponent(name).path, 0o755)
    }

    static func alive(_ pid: pid_t) -> Bool {
        // A zombie (dead, not yet reaped by its new parent) counts as dead.
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !stat.contains(") Z ")
    }

    /// Starts vanban with no signal blocked (the test runner's threads block most of them, and a
    /// process it starts would inherit that), output to /dev/null.
    static func spawn(_ args: [String]) throws -> pid_t {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([CLI.binary] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, CLI.binary, &actions, &attr, argv, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        return pid
    }

    /// kill -9 or SIGTERM of VanBan while a tool runs: the kernel kills the tool (parent-death
    /// signal); its temporary folder was 0700, and the next VanBan that runs a tool removes it.
    @Test(arguments: [SIGKILL, SIGTERM])
    func toolsDieWithVanBan(_ signal: Int32) throws {
        #if os(Linux)
        let dir = CLI.tempDir("orphans")
        let tools = dir.appendingPathComponent("tools")
        let record = dir.appendingPathComponent("tool.txt")
        try Self.waitingTool(tools, name: "pdftotext", record: record)
        let pdf = dir.appendingPathComponent("x.pdf")
        try Self.put(Array("%PDF-1.4\n".utf8), pdf)
        let vanban = try Self.spawn(["extract", pdf.path, "--tool-path", tools.path])
        let deadline = Date().addingTimeInterval(20)
        while (try? String(contentsOf: record, encoding: .utf8))?.hasSuffix("\n") != true && Date() < deadline { usleep(20_000) }
        let fields = try String(contentsOf: record, encoding: .utf8).split(separator: " ").map(String.init)
        let pid = try #require(pid_t(fields[0]))
        let scratch = fields[1]
        #expect(fields[2].trimmingCharacters(in: .whitespacesAndNewlines) == "700")
        #expect(Self.alive(pid))
        kill(vanban, signal)
        var status: Int32 = 0
        waitpid(vanban, &status, 0)
        let gone = Date().addingTimeInterval(10)
        while Self.alive(pid) && Date() < gone { usleep(20_000) }
        #expect(!Self.alive(pid), "the tool outlived VanBan")
        if Self.alive(pid) { kill(pid, SIGKILL) }
        // A folder left by a killed VanBan goes with the next run of a tool.
        let next = try CLI.run(["extract", CLI.root.appendingPathComponent("Tests/Fixtures/formats/003_2b066fe0965093a2.pdf").path])
        #expect(next.code == 0, "\(next.err)")
        #expect(!FileManager.default.fileExists(atPath: scratch), "\(scratch) left behind")
        #endif
    }

    /// A tool that dies (here killed by a signal) is not a reading of the file: the file keeps
    /// its documents, gets no stamp, and the next run reads it.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext"), "pdftotext not installed"))
    func aToolThatDiesKeepsTheFilesDocuments() throws {
        let dir = CLI.tempDir("tooldies")
        let docs = dir.appendingPathComponent("docs")
        let formats = CLI.root.appendingPathComponent("Tests/Fixtures/formats")
        let pdf = docs.appendingPathComponent("x.pdf")
        try Self.put([UInt8](try Data(contentsOf: formats.appendingPathComponent("003_2b066fe0965093a2.pdf"))), pdf)
        let db = dir.appendingPathComponent("db").path
        let first = try CLI.run(["index", docs.path, "--db", db, "--json"])
        #expect(first.code == 0, "\(first.err)")
        let before = try ReliabilityTests.listIDs(db).ids
        #expect(!before.isEmpty)
        // The file changes; pdftotext is one that kills itself.
        try Self.put([UInt8](try Data(contentsOf: formats.appendingPathComponent("002_08d73f6826bb5330.pdf"))), pdf)
        let tools = dir.appendingPathComponent("tools")
        try Self.put(Array("#!/bin/sh\nkill -9 $$\n".utf8), tools.appendingPathComponent("pdftotext"))
        chmod(tools.appendingPathComponent("pdftotext").path, 0o755)
        let failed = try CLI.run(["index", docs.path, "--db", db, "--lang", "en"], env: ["PATH": tools.path])
        #expect(failed.code == 6)
        #expect(failed.err.contains("x.pdf: skipped, pdftotext was killed by signal 9"), "\(failed.err)")
        #expect(!failed.err.contains("earlier document(s) removed"))
        #expect(try ReliabilityTests.listIDs(db).ids == before)
        // With the real tool, the next run reads the new content.
        let again = try CLI.run(["index", docs.path, "--db", db, "--json"])
        #expect(again.code == 0, "\(again.err)")
        #expect(again.json?["updated"] as? Int == 1)
        let numbers = try CLI.run(["list", "--db", db, "--json"]).json?["documents"] as? [[String: Any]] ?? []
        #expect(numbers.compactMap { $0["number"] as? String }.contains("6757/KH-SYT"))
    }

    /// Every reason a file cannot be read, and every note on one read with repairs, is said in
    /// the user's language: in Vietnamese, no warning line falls back to English.
    @Test func unreadableFilesAreToldInVietnamese() throws {
        let dir = CLI.tempDir("hostile-vi")
        let docs = dir.appendingPathComponent("docs")
        try Self.put(Array("%PDF-1.4\ngarbage, no objects\n".utf8), docs.appendingPathComponent("hong.pdf"))
        try Self.put(Array("not a PDF at all".utf8), docs.appendingPathComponent("gia.pdf"))
        try Self.put([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0x41, count: 64), docs.appendingPathComponent("hong.docx"))
        try Self.put(Array(#"{\rtf1\ansi {\*\generator x}}"#.utf8), docs.appendingPathComponent("rong.rtf"))
        try Self.put([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504), docs.appendingPathComponent("ole.doc"))
        try Self.put([], docs.appendingPathComponent("rong.txt"))
        try Self.put(Array(("Số: 7/KH-SYT\nKế hoạch a" + String(repeating: "\u{0301}", count: 40)).utf8), docs.appendingPathComponent("dau.txt"))
        try Self.put(Array("Số: 8/KH-SYT\nKế hoạch".utf8) + [0, 0] + Array(" kiểm tra\n".utf8), docs.appendingPathComponent("nul.txt"))
        let r = try CLI.run(["index", docs.path, "--db", dir.appendingPathComponent("db").path, "--lang", "vi"])
        // 6: the run went to the end with warnings.
        #expect(r.code == 6, "\(r.err)")
        let lines = r.err.split(separator: "\n").filter { $0.hasPrefix("vanban:") }
        #expect(lines.count == 8, "\(r.err)")
        #expect(lines.contains { $0.hasPrefix("vanban: cảnh báo: nul.txt: ") }, "the file name first: \(r.err)")
        for l in lines {
            #expect(l.hasPrefix("vanban: cảnh báo: "), "not in Vietnamese: \(l)")
            #expect(!l.contains("skipped") && !l.contains("corrupt") && !l.contains("removed") && !l.contains("dropped"), "half English: \(l)")
        }
    }

}

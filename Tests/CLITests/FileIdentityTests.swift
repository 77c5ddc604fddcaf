import Foundation
import Testing

/// Files keep their identity whatever folders and runs they come from; links stay inside the folder
/// being indexed; databases are never indexed; a mistaken argument changes nothing.
@Suite struct FileIdentityTests {
    static let fm = FileManager.default

    /// A small report whose text names its unit, so a search tells the two files apart.
    static func report(_ unit: String, number: Int) -> String {
        """
        TRUNG TÂM Y TẾ \(unit.uppercased())
        Số: \(number)/BC-TTYT
        \(unit), ngày 12 tháng 6 năm 2026

        BÁO CÁO
        Kết quả công tác tháng 6 của đơn vị \(unit)

        Đơn vị \(unit) báo cáo kết quả công tác tháng 6 năm 2026.
        """
    }

    static func write(_ text: String, to url: URL) throws {
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func ids(_ db: String) throws -> [String] {
        try CLI.run(["list", "--db", db, "--json"]).json.map { CLI.ids($0["documents"]) } ?? []
    }

    static func searchIDs(_ db: String, _ q: String) throws -> [String] {
        CLI.ids(try CLI.run(["search", q, "--db", db, "--json"]).json?["results"])
    }

    /// Two folders, each holding `baocao.txt`, indexed in two runs: both files stay, under two
    /// names; re-runs change nothing; pruning one folder never touches the other's file.
    @Test func sameNameInTwoFoldersAcrossRunsKeepsBoth() throws {
        let dir = CLI.tempDir("identity")
        defer { try? Self.fm.removeItem(at: dir) }
        let a = dir.appendingPathComponent("phongA"), b = dir.appendingPathComponent("phongB")
        try Self.write(Self.report("Quỳnh Lưu", number: 11), to: a.appendingPathComponent("baocao.txt"))
        try Self.write(Self.report("Diễn Châu", number: 22), to: b.appendingPathComponent("baocao.txt"))
        let db = dir.appendingPathComponent("db").path

        let first = try CLI.run(["index", "--lang", "en", a.path, "--db", db])
        #expect(first.code == 0, "\(first.err)")
        let second = try CLI.run(["index", "--lang", "en", b.path, "--db", db])
        #expect(second.code == 0, "\(second.err)")
        #expect(second.out.contains("1 added"), "\(second.out)")
        #expect(Set(try Self.ids(db)) == ["baocao.txt#0", "phongB/baocao.txt#0"])
        #expect(try Self.searchIDs(db, "quynh luu") == ["baocao.txt#0"])
        #expect(try Self.searchIDs(db, "dien chau") == ["phongB/baocao.txt#0"])

        // Again, in either order and together: nothing changes.
        for args in [[a.path], [b.path], [b.path, a.path]] {
            let again = try CLI.run(["index", "--lang", "en"] + args + ["--db", db])
            #expect(again.code == 0, "\(again.err)")
            #expect(again.out.contains("0 added, 0 updated, 0 removed"), "\(args): \(again.out)")
        }
        #expect(Set(try Self.ids(db)) == ["baocao.txt#0", "phongB/baocao.txt#0"])

        // A change in phongB's file updates phongB's document only.
        try Self.write(Self.report("Diễn Châu", number: 23), to: b.appendingPathComponent("baocao.txt"))
        let changed = try CLI.run(["index", "--lang", "en", b.path, "--db", db])
        #expect(changed.out.contains("1 updated"), "\(changed.out)")
        let shown = try CLI.run(["show", "phongB/baocao.txt#0", "--db", db, "--json"])
        #expect(shown.json?["number"] as? String == "23/BC-TTYT")
        #expect(try CLI.run(["show", "baocao.txt#0", "--db", db, "--json"]).json?["number"] as? String == "11/BC-TTYT")

        // Deleting phongA's file prunes it when phongA is indexed, never when phongB is.
        try Self.fm.removeItem(at: a.appendingPathComponent("baocao.txt"))
        let viaB = try CLI.run(["index", "--lang", "en", b.path, "--db", db])
        #expect(viaB.out.contains("0 removed"), "\(viaB.out)")
        #expect(Set(try Self.ids(db)) == ["baocao.txt#0", "phongB/baocao.txt#0"])
        let viaA = try CLI.run(["index", "--lang", "en", a.path, "--db", db])
        #expect(viaA.out.contains("1 removed"), "\(viaA.out)")
        #expect(try Self.ids(db) == ["phongB/baocao.txt#0"])
    }

    /// In one run too: both files are indexed (before: one was skipped with a warning).
    @Test func sameNameInTwoFoldersInOneRun() throws {
        let dir = CLI.tempDir("identity1")
        defer { try? Self.fm.removeItem(at: dir) }
        let a = dir.appendingPathComponent("2025/donvi"), b = dir.appendingPathComponent("2026/donvi")
        try Self.write(Self.report("Quỳnh Lưu", number: 11), to: a.appendingPathComponent("bc.txt"))
        try Self.write(Self.report("Diễn Châu", number: 22), to: b.appendingPathComponent("bc.txt"))
        let db = dir.appendingPathComponent("db").path
        let r = try CLI.run(["index", "--lang", "en", a.path, b.path, "--db", db])
        #expect(r.code == 0, "\(r.err)")
        #expect(Set(try Self.ids(db)) == ["bc.txt#0", "donvi/bc.txt#0"])
        // Same names on the next run, whatever the order of the arguments.
        let again = try CLI.run(["index", "--lang", "en", b.path, a.path, "--db", db])
        #expect(again.out.contains("0 added, 0 updated, 0 removed, 2 unchanged"), "\(again.out)")
    }

    /// Two file arguments of the same base name from two folders: two documents.
    @Test func fileArgumentsOfTheSameNameAreTwoFiles() throws {
        let dir = CLI.tempDir("identity2")
        defer { try? Self.fm.removeItem(at: dir) }
        let x = dir.appendingPathComponent("x/r.txt"), y = dir.appendingPathComponent("y/r.txt")
        try Self.write(Self.report("Quỳnh Lưu", number: 11), to: x)
        try Self.write(Self.report("Diễn Châu", number: 22), to: y)
        let db = dir.appendingPathComponent("db").path
        #expect(try CLI.run(["index", "--lang", "en", x.path, "--db", db]).code == 0)
        #expect(try CLI.run(["index", "--lang", "en", y.path, "--db", db]).code == 0)
        #expect(Set(try Self.ids(db)) == ["r.txt#0", "y/r.txt#0"])
        #expect(try Self.searchIDs(db, "quynh luu") == ["r.txt#0"])
    }

    /// A folder moved (renamed) keeps its names: its files are not added twice.
    @Test func aMovedFolderKeepsItsNames() throws {
        let dir = CLI.tempDir("identity3")
        defer { try? Self.fm.removeItem(at: dir) }
        let a = dir.appendingPathComponent("old")
        try Self.write(Self.report("Quỳnh Lưu", number: 11), to: a.appendingPathComponent("sub/bc.txt"))
        let db = dir.appendingPathComponent("db").path
        #expect(try CLI.run(["index", "--lang", "en", a.path, "--db", db]).code == 0)
        let moved = dir.appendingPathComponent("new")
        try Self.fm.moveItem(at: a, to: moved)
        let r = try CLI.run(["index", "--lang", "en", moved.path, "--db", db])
        #expect(r.code == 0, "\(r.err)")
        #expect(try Self.ids(db) == ["sub/bc.txt#0"])
    }

    /// Links: followed inside the folder, refused outside it (unless --follow-links), never into /proc.
    @Test func linksStayInsideTheFolder() throws {
        let dir = CLI.tempDir("links")
        defer { try? Self.fm.removeItem(at: dir) }
        let docs = dir.appendingPathComponent("docs"), outside = dir.appendingPathComponent("secret")
        try Self.write(Self.report("Quỳnh Lưu", number: 11), to: docs.appendingPathComponent("a/bc.txt"))
        try Self.write(Self.report("Mật Khẩu", number: 99), to: outside.appendingPathComponent("shadow.txt"))
        try Self.fm.createSymbolicLink(atPath: docs.appendingPathComponent("inside.txt").path, withDestinationPath: "a/bc.txt")
        try Self.fm.createSymbolicLink(atPath: docs.appendingPathComponent("alias").path, withDestinationPath: "a")
        try Self.fm.createSymbolicLink(atPath: docs.appendingPathComponent("out.txt").path, withDestinationPath: outside.appendingPathComponent("shadow.txt").path)
        try Self.fm.createSymbolicLink(atPath: docs.appendingPathComponent("outdir").path, withDestinationPath: outside.path)
        try Self.fm.createSymbolicLink(atPath: docs.appendingPathComponent("env.txt").path, withDestinationPath: "/proc/self/environ")
        let db = dir.appendingPathComponent("db").path
        let r = try CLI.run(["index", "--lang", "en", docs.path, "--db", db])
        #expect(r.code == 6)
        #expect(r.err.contains("out.txt: skipped, symbolic link to"), "\(r.err)")
        #expect(r.err.contains("outdir: skipped, symbolic link to"), "\(r.err)")
        #expect(r.err.contains("env.txt: skipped, symbolic link into /proc"), "\(r.err)")
        // The file inside is indexed once, whatever the links to it.
        #expect(try Self.ids(db) == ["a/bc.txt#0"])
        #expect(try Self.searchIDs(db, "mat khau").isEmpty)

        let db2 = dir.appendingPathComponent("db2").path
        let followed = try CLI.run(["index", "--lang", "en", docs.path, "--follow-links", "--db", db2])
        #expect(followed.err.contains("env.txt: skipped, symbolic link into /proc"), "\(followed.err)")
        #expect(try Self.searchIDs(db2, "mat khau").count == 1)
    }

    /// `index . --db ./db` never reads its own database, nor any other database in the folder.
    @Test func databasesAreNeverIndexed() throws {
        let dir = CLI.tempDir("selfdb")
        defer { try? Self.fm.removeItem(at: dir) }
        try Self.write(Self.report("Quỳnh Lưu", number: 11), to: dir.appendingPathComponent("bc.txt"))
        let db = dir.appendingPathComponent("db").path
        for _ in 0..<2 {
            let r = try CLI.run(["index", "--lang", "en", dir.path, "--db", db])
            #expect(r.code == 0, "\(r.err)")
            #expect(r.err.isEmpty, "\(r.err)")
        }
        // Another database inside the folder is not read either.
        let other = dir.appendingPathComponent("sub/olddb").path
        #expect(try CLI.run(["index", "--lang", "en", dir.appendingPathComponent("bc.txt").path, "--db", other]).code == 0)
        let r = try CLI.run(["index", "--lang", "en", dir.path, "--db", db])
        #expect(r.code == 0, "\(r.err)")
        #expect(try Self.ids(db) == ["bc.txt#0"])
        // A database given as the folder to index: refused with a warning.
        let asArg = try CLI.run(["index", "--lang", "en", other, "--db", dir.appendingPathComponent("db3").path])
        #expect(asArg.err.contains("a Xapian database, not indexed"), "\(asArg.err)")
    }

    /// An argument that does not exist: exit 2, nothing indexed, no database created.
    @Test func aMissingArgumentChangesNothing() throws {
        let dir = CLI.tempDir("missing")
        defer { try? Self.fm.removeItem(at: dir) }
        try Self.write(Self.report("Quỳnh Lưu", number: 11), to: dir.appendingPathComponent("docs/bc.txt"))
        let db = dir.appendingPathComponent("db").path
        let r = try CLI.run(["index", "--lang", "en", dir.appendingPathComponent("docs").path, dir.appendingPathComponent("nowhere").path, "--db", db])
        #expect(r.code == 2)
        #expect(r.err.contains("nowhere"), "\(r.err)")
        #expect(!Self.fm.fileExists(atPath: db))
    }
}

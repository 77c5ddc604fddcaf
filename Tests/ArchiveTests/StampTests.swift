@testable import Archive
import Foundation
import Testing
import Xapian

/// File stamps: the v3 form round-trips whatever the paths hold, older forms are still read, and an
/// archive whose stamps were written by an older version keeps its names.
@Suite struct StampTests {
    @Test func v3RoundTripsAnyPath() {
        for (root, path) in [("/a/b", "c.txt"), ("/x|y/z", "p|q/r|.txt"), ("/", "|"), ("/d", "a b/c\u{1B}[2J.txt")] {
            for arg in [true, false] {
                let s = Archive.Stamp(size: 12, mtime: 34, hash: "12:ab", root: root, relativePath: path, rootIsArgument: arg)
                #expect(Archive.Stamp(s.encoded) == s, "\(s.encoded)")
            }
        }
        #expect(Archive.Stamp("v3|1|2|1:a|a9|/a|b") == nil)   // root length beyond the text
        #expect(Archive.Stamp("v3|1|2|1:a|x2|/a|b") == nil)   // unknown flag
    }

    @Test func olderFormsAreRead() {
        let v2 = Archive.Stamp("v2|10|20|10:ff|/data/root")
        #expect(v2?.root == "/data/root" && v2?.relativePath == nil && v2?.rootIsArgument == true)
        #expect(v2?.location(name: "sub/a.txt") == "/data/root/sub/a.txt")
        let v2file = Archive.Stamp("v2|10|20|10:ff|")
        #expect(v2file?.root == nil)
        let v1 = Archive.Stamp("10:ff")
        #expect(v1?.size == 10 && v1?.root == nil && v1?.mtime == 0)
    }

    /// A database indexed by the previous version (v2 stamps, names relative to the folder): a new
    /// run finds every file unchanged under its old name, and adds a same-named file of another
    /// folder under a new name.
    @Test func archivesOfTheOldFormKeepTheirNames() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("vanban-stamps-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: dir) }
        let a = dir.appendingPathComponent("phongA"), b = dir.appendingPathComponent("phongB")
        for (d, n) in [(a, 11), (b, 22)] {
            try fm.createDirectory(at: d, withIntermediateDirectories: true)
            try "Số: \(n)/BC-TTYT\nBÁO CÁO\nNội dung \(n).\n".write(to: d.appendingPathComponent("bc.txt"), atomically: true, encoding: .utf8)
        }
        let db = dir.appendingPathComponent("db").path
        let w = try ArchiveWriter.open(path: db)
        _ = try w.index(paths: [a.path])
        w.close()
        // Rewrite the stamp as the previous version wrote it.
        let x = try WritableDatabase(path: db, mode: .open)
        let old = try #require(Archive.Stamp(try x.metadata(Archive.Stamp.key("bc.txt"))))
        try x.setMetadata(Archive.Stamp.key("bc.txt"), "v2|\(old.size)|\(old.mtime)|\(old.hash)|\(a.path)")
        try x.commit()
        x.close()

        let again = try ArchiveWriter.open(path: db)
        let s = try again.index(paths: [a.path, b.path])
        #expect(s.filesUnchanged == 1 && s.filesAdded == 1 && s.filesUpdated == 0, "\(s.line)")
        again.close()
        let r = try ArchiveReader.open(path: db)
        #expect(try r.list().map(\.id).sorted() == ["bc.txt#0", "phongB/bc.txt#0"])
    }
}

import Foundation
import Testing

/// Nobody but the database's owner can hold up its readers, and nobody at all forever.
@Suite struct LockTests {
    @Test func aHeldReadersLockDelaysNoQueryForLong() throws {
        let dir = CLI.tempDir("lock")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("db").path
        let r = try CLI.run(["index", CLI.root.appendingPathComponent("corpus").path, "--db", db])
        #expect(r.code == 0, "\(r.err)")
        let lockPath = db + "/readers.lock"
        let attrs = try FileManager.default.attributesOfItem(atPath: lockPath)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        // Someone holds the lock exclusively and never lets go.
        let fd = open(lockPath, O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        let start = Date()
        let s = try CLI.run(["search", "chan chinh le loi", "--db", db, "--json"])
        let took = Date().timeIntervalSince(start)
        #expect(s.code == 0, "\(s.err)")
        let found = CLI.ids(s.json?["results"])
        #expect(!found.isEmpty)
        #expect(took < 15, "took \(took) s")
    }
}

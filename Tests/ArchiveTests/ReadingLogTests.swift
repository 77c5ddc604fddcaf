@testable import Archive
import CGuard
import Foundation
import Testing

/// What the reading log tells the next run, in each way a run can end.
@Suite(.serialized) struct ReadingLogTests {
    static func dir() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("vanban-log-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static func setByte(_ dir: String, _ offset: Int, _ byte: UInt8) throws {
        let h = try #require(FileHandle(forUpdatingAtPath: dir + "/" + ReadingLog.fileName))
        try h.seek(toOffset: UInt64(offset))
        h.write(Data([byte]))
        try h.close()
    }

    let a = ReadingLog.Entry(name: "phong A/bc 1.txt", size: 12, mtime: 34)
    let b = ReadingLog.Entry(name: "x\ty.txt", size: 0, mtime: -1)

    @Test func aCleanEndLeavesNothing() throws {
        let d = try Self.dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        #expect(ReadingLog.findings(dbPath: d).isEmpty)   // no log at all
        let log = ReadingLog(dbPath: d, slots: 4)
        #expect(log.isOpen)
        log.enter(1, a)
        log.leave(1)
        log.enter(2, b)
        log.close()
        #expect(ReadingLog.findings(dbPath: d).isEmpty)
    }

    @Test func aDeathWithoutAMarkLeavesSuspects() throws {
        let d = try Self.dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let log = ReadingLog(dbPath: d, slots: 4)
        log.enter(1, a)
        log.enter(3, b)
        log.enter(2, a)
        log.leave(2)
        // The process dies here (the log is not closed): what the next run reads.
        let f = ReadingLog.findings(dbPath: d)
        #expect(f.culprits.isEmpty)
        #expect(f.suspects == [a, b])
        log.close()
    }

    @Test func aCrashMarkNamesTheCulprit() throws {
        let d = try Self.dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let log = ReadingLog(dbPath: d, slots: 4)
        log.enter(1, a)
        log.enter(2, b)
        try Self.setByte(d, 2 * Int(VB_GUARD_SLOT), UInt8(ascii: "C"))   // as the crash handler does on slot 2
        let f = ReadingLog.findings(dbPath: d)
        #expect(f.culprits == [b])
        #expect(f.suspects == [a])
        log.close()
    }

    /// Over the memory budget when the run died: alone, the culprit; with others, a suspect,
    /// and the culprit once it is read alone (as suspects are, first in the next run).
    @Test func aFileOverItsMemoryBudgetIsBlamedWhenAlone() throws {
        let d = try Self.dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let log = ReadingLog(dbPath: d, slots: 4)
        log.enter(1, a)
        log.enter(2, b)
        vb_guard_mark_memory()
        #expect(ReadingLog.findings(dbPath: d) == ReadingLog.Findings(culprits: [], suspects: [a, b]))
        log.leave(1)
        #expect(ReadingLog.findings(dbPath: d) == ReadingLog.Findings(culprits: [b], suspects: []))
        log.close()
        // Read alone in the suspects' phase.
        let again = ReadingLog(dbPath: d, slots: 4)
        again.readingSuspects(true)
        again.enter(1, b)
        #expect(ReadingLog.findings(dbPath: d) == ReadingLog.Findings(culprits: [], suspects: [b]))
        vb_guard_mark_memory()
        #expect(ReadingLog.findings(dbPath: d) == ReadingLog.Findings(culprits: [b], suspects: []))
        // Done with it: the mark goes with the slot.
        again.leave(1)
        #expect(ReadingLog.findings(dbPath: d).isEmpty)
        again.close()
    }

    /// Killed without a mark: suspects only, even alone.
    @Test func aLoneSuspectWithoutAMarkIsNotBlamed() throws {
        let d = try Self.dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let log = ReadingLog(dbPath: d, slots: 4)
        log.readingSuspects(true)
        log.enter(1, b)
        #expect(ReadingLog.findings(dbPath: d) == ReadingLog.Findings(culprits: [], suspects: [b]))
        log.close()
    }

    @Test func anInterruptBlamesNoFile() throws {
        let d = try Self.dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let log = ReadingLog(dbPath: d, slots: 4)
        log.enter(1, a)
        try Self.setByte(d, 0, UInt8(ascii: "I"))   // as the SIGINT/SIGTERM handler does
        #expect(ReadingLog.findings(dbPath: d).isEmpty)
        log.close()
    }

    @Test func theLogIsTheOwnersAlone() throws {
        let d = try Self.dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let log = ReadingLog(dbPath: d, slots: 2)
        let attrs = try FileManager.default.attributesOfItem(atPath: d + "/" + ReadingLog.fileName)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        log.close()
        // A link put in its place is not followed.
        try FileManager.default.removeItem(atPath: d + "/" + ReadingLog.fileName)
        try FileManager.default.createSymbolicLink(atPath: d + "/" + ReadingLog.fileName, withDestinationPath: d + "/elsewhere")
        #expect(!ReadingLog(dbPath: d, slots: 2).isOpen)
        #expect(!FileManager.default.fileExists(atPath: d + "/elsewhere"))
    }
}

@testable import Archive
import Foundation
import Testing
import Xapian

/// `vanban index` reads and parses files on worker threads while one thread writes. Whatever the
/// number of workers, the database must come out the same: same documents under the same docids,
/// same terms and frequencies, same stamps, same warnings and conversions, in file order.
@Suite struct ParallelIndexTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Seeds, both dev sets and the mixed-format folder (PDF, Office, legacy encodings, bad files).
    static let folders = ["corpus", "Tests/Fixtures/eval/dev", "Tests/Fixtures/eval/dev-health", "Tests/Fixtures/formats"].map { root.appendingPathComponent($0).path }

    struct Snapshot: Equatable {
        var summary: [String]
        var terms: [String]
        var data: [String]
        var stamps: [String]
    }

    static func build(jobs: Int, paths: [String] = folders) throws -> Snapshot {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanban-parallel-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let archive = try ArchiveWriter.open(path: dir)
        let s = try archive.index(paths: paths, options: IndexOptions(batchDocuments: 7, jobs: jobs))
        let db = archive.db
        let terms = try db.allTerms().map { "\($0.term) \($0.frequency)" }
        var data: [String] = []
        for id in try db.postings("") { data.append("\(id) " + (try db.document(id).loadData())) }
        let stamps = try db.allTerms(prefix: Schema.file).map { t in
            let name = String(t.term.dropFirst(Schema.file.count))
            // mtime is run-dependent only when racy; size, hash and root are not.
            let st = Archive.Stamp(try db.metadata(Archive.Stamp.key(name)))
            return "\(name) \(st?.size ?? -1) \(st?.hash ?? "-") \(st?.root ?? "-")"
        }
        let summary = ["\(s.filesAdded) \(s.filesSkipped) \(s.documentsIndexed) \(s.filesUnchanged)"] + s.warnings + s.conversions
        return Snapshot(summary: summary, terms: terms, data: data, stamps: stamps)
    }

    @Test func workersDoNotChangeTheDatabase() throws {
        let one = try Self.build(jobs: 1)
        #expect(one.data.count > 100)
        for jobs in [2, 5] {
            let many = try Self.build(jobs: jobs)
            #expect(many.summary == one.summary, "jobs \(jobs): summary")
            #expect(many.terms == one.terms, "jobs \(jobs): terms")
            #expect(many.data == one.data, "jobs \(jobs): documents")
            #expect(many.stamps == one.stamps, "jobs \(jobs): stamps")
        }
    }

    /// A re-run reads nothing whose stamp matches, and a changed file among unchanged ones is
    /// picked up in its place in the order.
    @Test func rerunWithWorkersSkipsUnchangedAndReplacesChanged() throws {
        let fm = FileManager.default
        let src = fm.temporaryDirectory.appendingPathComponent("vanban-parallel-src-\(UUID().uuidString)")
        let dbPath = fm.temporaryDirectory.appendingPathComponent("vanban-parallel-db-\(UUID().uuidString)").path
        defer { try? fm.removeItem(at: src); try? fm.removeItem(atPath: dbPath) }
        try fm.copyItem(at: Self.root.appendingPathComponent("corpus"), to: src)
        let names = try fm.contentsOfDirectory(atPath: src.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names.count >= 3)
        do {
            let a = try ArchiveWriter.open(path: dbPath)
            let first = try a.index(paths: [src.path], options: IndexOptions(jobs: 3))
            #expect(first.filesAdded == names.count)
        }
        // Back-date every file so its stamp's mtime is trusted, then change the middle one.
        for n in names {
            try fm.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: src.appendingPathComponent(n).path)
        }
        do {
            let a = try ArchiveWriter.open(path: dbPath)
            _ = try a.index(paths: [src.path], options: IndexOptions(jobs: 3))
        }
        let middle = names[names.count / 2]
        let changed = "Số: 4242/KH-SYT\nKẾ HOẠCH\nKiểm thử song song các luồng đọc tệp\n"
        try changed.write(to: src.appendingPathComponent(middle), atomically: true, encoding: .utf8)
        let a = try ArchiveWriter.open(path: dbPath)
        let s = try a.index(paths: [src.path], options: IndexOptions(jobs: 3))
        #expect(s.filesUpdated == 1)
        #expect(s.filesUnchanged == names.count - 1)
        #expect(s.documentsIndexed == 1)
        let hits = try a.db.postings(Schema.fileTerm(middle))
        #expect(hits.count == 1)
        #expect(try a.db.document(hits[0]).loadData().contains("4242/KH-SYT"))
    }
}

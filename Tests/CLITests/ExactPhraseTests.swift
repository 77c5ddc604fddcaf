import Foundation
import Testing

/// `--exact` phrases and accented phrases with exact terms indexed without positions: a document
/// with the same folded phrase in other accents (and the exact words elsewhere) is never an exact
/// match, on databases built with or without positions on exact terms.
@Suite struct ExactPhraseTests {
    static func docs() throws -> URL {
        let dir = CLI.tempDir("exactphrase")
        let docs = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let files = [
            "a.txt": "Số: 1/KH-ABC\nTổ chức quán triệt nội dung kế hoạch đến toàn thể cán bộ.",
            // The decoy: "quân triệt" folds like "quán triệt", and "quán", "triệt" stand elsewhere.
            "d.txt": "Số: 2/KH-ABC\nQuân triệt để thực hiện. Quán ăn phải triệt để giữ vệ sinh.",
            // Folded phrase only, no exact word.
            "q.txt": "Số: 3/KH-ABC\nQuận triết lý làm việc của cơ quan.",
        ]
        for (n, t) in files { try t.write(to: docs.appendingPathComponent(n), atomically: true, encoding: .utf8) }
        return dir
    }

    /// One database as `vanban index` builds it (exact terms without positions), one with positions.
    static let dbs: [String] = {
        let dir = try! ExactPhraseTests.docs()
        let folder = dir.appendingPathComponent("docs").path
        let a = dir.appendingPathComponent("db").path, b = dir.appendingPathComponent("db-positions").path
        let r1 = try! CLI.run(["index", folder, "--db", a])
        precondition(r1.code == 0, r1.err)
        let r2 = try! CLI.run(["bench", "index", folder, "--db", b, "--write", "one", "--exact-positions"])
        precondition(r2.code == 0, r2.err)
        return [a, b]
    }()

    static func ids(_ q: String, _ db: String, exact: Bool = false) throws -> [String] {
        let r = try CLI.run(["search", q, "--db", db, "--json"] + (exact ? ["--exact"] : []))
        return CLI.ids(r.json?["results"])
    }

    @Test func exactPhraseNeverMatchesOtherAccents() throws {
        for db in Self.dbs {
            #expect(try Self.ids("\"quán triệt\"", db, exact: true) == ["a.txt#0"], "\(db)")
            // Words, not a phrase: both have the exact words (the "together" boost of exact words
            // asks the index for the folded pair plus the exact words, so it does not tell them apart).
            #expect(Set(try Self.ids("quán triệt", db, exact: true)) == ["a.txt#0", "d.txt#0"], "\(db)")
            #expect(try Self.ids("\"quân triệt\"", db, exact: true) == ["d.txt#0"], "\(db)")
            #expect(try Self.ids("\"quán ăn\"", db, exact: true) == ["d.txt#0"], "\(db)")
            #expect(try Self.ids("\"quận triệt\"", db, exact: true) == [], "\(db)")
            #expect(try Self.ids("\"quận triết\"", db, exact: true) == ["q.txt#0"], "\(db)")
        }
    }

    @Test func aHitWithoutThePhraseStaysWhenTheRestMatches() throws {
        for db in Self.dbs {
            // The decoy lacks the exact phrase but has "vệ sinh": found for that, not dropped.
            #expect(Set(try Self.ids("\"quán triệt\" OR \"vệ sinh\"", db, exact: true)) == ["a.txt#0", "d.txt#0"], "\(db)")
            #expect(try Self.ids("\"quán triệt\" -\"vệ sinh\"", db, exact: true) == ["a.txt#0"], "\(db)")
        }
    }

    @Test func accentedPhraseRanksExactAccentsFirst() throws {
        for db in Self.dbs {
            let all = try Self.ids("\"quan triet\"", db)
            #expect(Set(all) == ["a.txt#0", "d.txt#0", "q.txt#0"], "\(db)")
            let r = try Self.ids("\"quán triệt\"", db)
            #expect(Set(r) == ["a.txt#0", "d.txt#0", "q.txt#0"], "\(db)")
            #expect(r.last == "q.txt#0", "\(db)")
            let q = try Self.ids("\"quận triết\"", db)
            #expect(q.first == "q.txt#0", "\(db)")
        }
    }
}

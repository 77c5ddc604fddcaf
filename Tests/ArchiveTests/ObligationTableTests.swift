@testable import Archive
import Documents
import Foundation
import Testing
import Xapian

/// The whole-archive `obligations` from `obligations.table` must answer exactly as the statuses
/// computed from the stored documents, and never from a table of another revision.
@Suite struct ObligationTableTests {
    static let asOfDates: [DocDate] = [
        DocDate(year: 2019, month: 12, day: 31), DocDate(year: 2025, month: 6, day: 30),
        DocDate(year: 2026, month: 11, day: 22), DocDate(year: 2031, month: 1, day: 1),
    ]

    /// Everything the CLI prints of a status (text and JSON), one line each.
    static func describe(_ list: [ObligationStatus]) -> [String] {
        list.map { s in
            let o = s.obligation
            let plan = "\(s.plan.id) \(s.plan.file) \(s.plan.indexInFile) \(s.plan.number ?? "-") \(s.plan.date?.description ?? "-") \(s.plan.doc.issuer ?? "-")"
            let obl = "\(o.what)|\(o.due?.description ?? "-")|\(o.recurrence)|\(o.reporter ?? "-")|\(o.recipient ?? "-")|\(o.span.start)-\(o.span.end)|\(o.text)"
            let reports = s.reports.map { "\($0.id) \($0.file) \($0.indexInFile) \($0.number ?? "-") \($0.date?.description ?? "-")" }
            return "\(plan) :: \(obl) :: \(s.due?.description ?? "-") \(s.status) :: \(reports.joined(separator: ", "))"
        }
    }

    /// The statuses computed from the documents (the path a database without a revision takes).
    static func fromDocuments(_ dir: String, asOf: DocDate) throws -> [String] {
        let a = try ArchiveReader.open(path: dir, options: ReaderOptions(useObligationTable: false))
        return describe(try a.obligations.statuses(asOf: asOf))
    }

    @Test(arguments: [false, true]) func tableEqualsTheDocuments(schema1: Bool) throws {
        let docs = CitationIndexTests.fixtureDocuments()
        let dir = try CitationIndexTests.makeDB(docs, schema1: schema1)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/" + ObligationTable.fileName
        #expect(!FileManager.default.fileExists(atPath: file))
        var matched = 0, statuses: Set<String> = []
        for asOf in Self.asOfDates {
            let want = try Self.fromDocuments(dir, asOf: asOf)
            // Built by this reader, then read from the file by the next one.
            let built = try ArchiveReader.open(path: dir)
            let got = Self.describe(try built.obligations.statuses(asOf: asOf))
            #expect(FileManager.default.fileExists(atPath: file))
            let read = try ArchiveReader.open(path: dir)
            #expect(try read.obligations.obligationTable() != nil)
            #expect(read.resolutionCache.obligationTable != nil && read.cache.isEmpty, "read from the file, no document decoded")
            let again = Self.describe(try read.obligations.statuses(asOf: asOf))
            #expect(read.cache.isEmpty, "no stored document decoded")
            #expect(got == want, "built table, as of \(asOf)")
            #expect(again == want, "table read from the file, as of \(asOf)")
            matched += try ArchiveReader.open(path: dir).obligations.statuses(asOf: asOf).filter { !$0.reports.isEmpty }.count
            for s in try read.obligations.statuses(asOf: asOf) { statuses.insert(s.status.rawValue) }
            try? FileManager.default.removeItem(atPath: file)
        }
        #expect(matched > 10)
        #expect(statuses == ["fulfilled", "late", "overdue", "upcoming", "unscheduled"])
    }

    /// The build reads the plans in stretches and lets go of what it read between them: the table
    /// is the same whatever the stretch, and its documents are headers.
    @Test func stretchesGiveTheSameTable() throws {
        let docs = CitationIndexTests.fixtureDocuments()
        let dir = try CitationIndexTests.makeDB(docs, schema1: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var tables: [[UInt8]] = []
        for stretch in [1_000, 1, 3] {
            let a = try ArchiveReader.open(path: dir, options: ReaderOptions(obligationStretch: stretch))
            let t = try a.obligations.buildObligationTable()
            #expect(t.plans.count > 5)
            for p in t.plans {
                #expect(p.plan.doc.doc.text.isEmpty && p.plan.doc.doc.references.isEmpty && !p.plan.doc.doc.obligations.isEmpty)
                for r in p.responders { #expect(r.doc.doc.references.isEmpty && r.doc.doc.obligations.isEmpty && r.doc.docid != 0) }
            }
            tables.append(t.encoded(tag: "t"))
            let want = try Self.fromDocuments(dir, asOf: DocDate(year: 2026, month: 11, day: 22))
            #expect(Self.describe(t.statuses(asOf: DocDate(year: 2026, month: 11, day: 22))) == want, "stretch \(stretch)")
        }
        #expect(tables.allSatisfy { $0 == tables[0] })
    }

    /// The statuses of one plan are the same whether asked of the plan alone (from its documents)
    /// or read from the whole archive's table, for every plan of the fixtures and several dates.
    @Test func onePlanEqualsItsPartOfTheWhole() throws {
        let docs = CitationIndexTests.fixtureDocuments()
        let dir = try CitationIndexTests.makeDB(docs, schema1: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try ArchiveReader.open(path: dir)
        let plans = try a.documents(withTerm: Schema.hasObligations + "yes")
        #expect(plans.count >= 10)
        for asOf in Self.asOfDates {
            let whole = try a.obligations.statuses(asOf: asOf)
            for p in plans {
                let mine = Self.describe(whole.filter { $0.plan.id == p.id })
                #expect(Self.describe(try a.obligations.statuses(of: p, asOf: asOf)).map(Self.withoutPlanHeader) == mine.map(Self.withoutPlanHeader), "\(p.id) \(asOf)")
            }
        }
    }

    /// A described status without the plan's part (the table keeps the plan as a header).
    static func withoutPlanHeader(_ line: String) -> String { String(line.drop { $0 != ":" }) }

    /// A commit changes the revision: the next reader does not read the old table, and the
    /// statuses see the new report, then its removal.
    @Test func tableFollowsTheRevision() throws {
        let docs = CitationIndexTests.fixtureDocuments()
        let dir = try CitationIndexTests.makeDB(docs, schema1: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let asOf = DocDate(year: 2031, month: 1, day: 1)
        // A plan with a dated obligation whose first occurrence nothing answers yet.
        let before = try ArchiveReader.open(path: dir)
        let old = try before.obligations.statuses(asOf: asOf)
        let tagBefore = before.revisionTag
        #expect(tagBefore != nil)
        let file = dir + "/" + ObligationTable.fileName
        #expect(FileManager.default.fileExists(atPath: file))
        guard let open = old.first(where: { $0.reports.isEmpty && $0.due != nil && $0.plan.number != nil && $0.plan.date?.day != nil
                                            && $0.obligation.recurrence == .once && $0.obligation.what.lowercased().contains("báo cáo") }),
              let planDoc = try before.load(open.plan.docid), let number = planDoc.number, let due = open.due else {
            Issue.record("no open reporting obligation in the fixtures"); return
        }
        var d = ParsedDocument(indexInFile: 0, text: "Thực hiện Kế hoạch số \(number)")
        d.number = "9999/BC-NEW"; d.type = "BC"; d.issuer = "Ủy ban nhân dân xã Thử Nghiệm"; d.place = planDoc.doc.place
        d.date = due
        d.subject = "Báo cáo kết quả thực hiện Kế hoạch số \(number)"
        d.references = [Reference(number: number, type: "KH", date: planDoc.date, issuer: nil, relation: .implements,
                                  span: TextSpan(start: 0, end: 1), text: number)]
        let sd = StoredDocument(file: "new.txt", doc: d)
        var w = try WritableDatabase(path: dir, mode: .createOrOpen)
        try w.replace(uniqueTerm: Schema.idTerm(sd.id), with: Archive.makeXapianDocument(sd))
        try w.commit()
        w.close()

        let after = try ArchiveReader.open(path: dir)
        #expect(after.revisionTag != tagBefore)
        #expect(try after.obligations.obligationTable() == nil)  // the stored one is of the old revision
        let now = Self.describe(try after.obligations.statuses(asOf: asOf))
        #expect(now == (try Self.fromDocuments(dir, asOf: asOf)))
        #expect(now != Self.describe(old))
        #expect(now.contains { $0.contains("new.txt#0") })
        let next = try ArchiveReader.open(path: dir)
        #expect(try next.obligations.obligationTable() != nil)  // written by `after` for this revision
        #expect(Self.describe(try next.obligations.statuses(asOf: asOf)) == now)

        // Removed again: the next revision's table no longer has it.
        w = try WritableDatabase(path: dir, mode: .createOrOpen)
        try w.delete(uniqueTerm: Schema.idTerm(sd.id))
        try w.commit()
        w.close()
        let removed = try ArchiveReader.open(path: dir)
        #expect(try removed.obligations.obligationTable() == nil)
        let gone = Self.describe(try removed.obligations.statuses(asOf: asOf))
        #expect(!gone.contains { $0.contains("new.txt#0") })
        #expect(gone == (try Self.fromDocuments(dir, asOf: asOf)))
        #expect(gone == Self.describe(old))
    }

    /// A damaged, truncated or foreign table is not read; the encoding keeps every field.
    @Test func damagedOrForeignTableIsNotRead() throws {
        let docs = CitationIndexTests.fixtureDocuments()
        let dir = try CitationIndexTests.makeDB(docs, schema1: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try ArchiveReader.open(path: dir)
        let tag = ObligationTable.tag(revision: a.revisionTag!, dbPath: dir)
        let table = try #require(try a.obligations.obligationTable(build: true))
        let bytes = table.encoded(tag: tag)
        let back = try #require(ObligationTable.decode(bytes, tag: tag))
        for asOf in Self.asOfDates { #expect(Self.describe(back.statuses(asOf: asOf)) == Self.describe(table.statuses(asOf: asOf))) }
        #expect(back.encoded(tag: tag) == bytes)
        #expect(ObligationTable.decode(bytes, tag: "other") == nil)
        #expect(ObligationTable.decode(Array(bytes.dropLast()), tag: tag) == nil)
        #expect(ObligationTable.decode(bytes + [0], tag: tag) == nil)
        #expect(ObligationTable.decode([UInt8](), tag: tag) == nil)
        // Every truncation and a few flipped bytes: refused or decoded, never a crash.
        for n in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 500)) { #expect(ObligationTable.decode(Array(bytes[..<n]), tag: tag) == nil) }
        for k in stride(from: 8 + tag.utf8.count, to: bytes.count, by: max(1, bytes.count / 300)) {
            var b = bytes
            b[k] ^= 0xFF
            _ = ObligationTable.decode(b, tag: tag)
        }
        // A damaged file in the folder: rebuilt, same answer.
        let file = dir + "/" + ObligationTable.fileName
        FileManager.default.createFile(atPath: file, contents: Data(bytes.dropLast(3)))
        let b = try ArchiveReader.open(path: dir)
        #expect(try b.obligations.obligationTable() == nil)
        let asOf = DocDate(year: 2026, month: 11, day: 22)
        #expect(Self.describe(try b.obligations.statuses(asOf: asOf)) == (try Self.fromDocuments(dir, asOf: asOf)))
        #expect(ObligationTable.decode(try #require(FileManager.default.contents(atPath: file)), tag: tag) != nil)
    }

    /// Building the table keeps documents without their text, in a cache of its own: what the
    /// reader had loaded, and what it loads afterwards, is whole.
    @Test func buildLeavesTheReadersDocumentsWhole() throws {
        let docs = CitationIndexTests.fixtureDocuments()
        let dir = try CitationIndexTests.makeDB(docs, schema1: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try ArchiveReader.open(path: dir)
        let plans = try a.documents(withTerm: Schema.hasObligations + "yes")
        #expect(!plans.isEmpty && plans.allSatisfy { !$0.doc.text.isEmpty })
        #expect(try a.obligations.obligationTable(build: true) != nil)
        for p in plans { #expect(try a.load(p.docid)?.doc.text == p.doc.text) }
        let ids = try a.db.postings("")
        #expect(ids.count == docs.count)
        for id in ids { #expect(try a.load(id)?.doc.text.isEmpty == false) }
    }

    /// A folder that cannot be written: the table is built in memory and the answer is the same.
    @Test func readOnlyFolderKeepsTheTableInMemory() throws {
        let docs = CitationIndexTests.fixtureDocuments()
        let dir = try CitationIndexTests.makeDB(docs, schema1: false)
        defer {
            _ = chmod(dir, 0o755)
            try? FileManager.default.removeItem(atPath: dir)
        }
        let asOf = DocDate(year: 2026, month: 11, day: 22)
        let want = try Self.fromDocuments(dir, asOf: asOf)
        #expect(chmod(dir, 0o555) == 0)
        let a = try ArchiveReader.open(path: dir)
        #expect(Self.describe(try a.obligations.statuses(asOf: asOf)) == want)
        #expect(a.resolutionCache.obligationTable != nil)
        // (root writes anyway; otherwise nothing was written.)
        if getuid() != 0 { #expect(!FileManager.default.fileExists(atPath: dir + "/" + ObligationTable.fileName)) }
    }
}

@testable import Archive
import Documents
import Foundation
import Testing
import Xapian

/// The faster citation paths must answer exactly as the plain ones: the `XC` ∪ `XM` citers of
/// schema 2 as the `XK` citers of schema 1, the rules read once as the rules read every time.
@Suite struct CitationIndexTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every document of the fixture folders, as stored documents.
    static func fixtureDocuments() -> [StoredDocument] {
        var out: [StoredDocument] = []
        for dir in ["corpus", "Tests/Fixtures/eval/dev", "Tests/Fixtures/eval/dev-health"] {
            let d = root.appendingPathComponent(dir)
            for n in ((try? FileManager.default.contentsOfDirectory(atPath: d.path)) ?? []).sorted() where n.hasSuffix(".txt") {
                guard let s = try? String(contentsOf: d.appendingPathComponent(n), encoding: .utf8) else { continue }
                for doc in DocumentParser.parse(fileText: s) { out.append(StoredDocument(file: dir + "/" + n, doc: doc)) }
            }
        }
        return out
    }

    static func makeDB(_ docs: [StoredDocument], schema1: Bool) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanban-cit-\(getpid())-\(schema1 ? 1 : 2)-\(UUID().uuidString)").path
        try? FileManager.default.removeItem(atPath: dir)
        let w = try BulkWriter(path: dir)
        for sd in docs {
            var x = Archive.makeXapianDocument(sd)
            if schema1 {
                // As an older version wrote it: no XM terms.
                let y = Xapian.Document()
                for (t, _) in x.termsWithWdf where !t.hasPrefix(Schema.shortCites) { y.addBooleanTerm(t) }
                y.setValue(Schema.dateSlot, x.value(Schema.dateSlot))
                y.setValue(Schema.idSlot, x.value(Schema.idSlot))
                y.dataBytes = x.dataBytes
                x = y
            }
            try w.add(PreparedFile(name: sd.file, documents: [(Schema.idTerm(sd.id), x)]))
        }
        try w.commit()
        w.close()
        if schema1 {
            let wdb = try WritableDatabase(path: dir, mode: .createOrOpen)
            try wdb.setMetadata(Schema.versionKey, "")
            try wdb.commit()
            wdb.close()
        }
        return dir
    }

    static func describe(_ hits: [CitationHit]) -> [String] {
        let root = CitationTarget.external(UserRef(serial: "0", type: nil, full: nil))
        return hits.indices.map { i in
            let h = hits[i]
            return "\(h.document.id) \(h.depth) \(h.relation.rawValue) \(hits.path(to: i, from: root).dropFirst().joined(separator: "<")) \(h.parentID ?? "-")"
        }
    }

    @Test func schemaTwoCitersEqualSchemaOne() throws {
        let docs = Self.fixtureDocuments()
        #expect(docs.count >= 30)
        let new = try Self.makeDB(docs, schema1: false), old = try Self.makeDB(docs, schema1: true)
        defer { try? FileManager.default.removeItem(atPath: new); try? FileManager.default.removeItem(atPath: old) }
        // a: schema 2 through XC ∪ XM; b: schema 1 through XK; c: the citation table.
        let a = try ArchiveReader.open(path: new, options: ReaderOptions(useCitationTable: false))
        let b = try ArchiveReader.open(path: old, options: ReaderOptions(useCitationTable: false))
        let c = try ArchiveReader.open(path: new)
        #expect(a.schemaVersion == Schema.version)
        #expect(b.schemaVersion == 1)
        #expect(try c.citations.citationTable(build: true) != nil)
        var targets: [String] = []
        for d in docs { if let n = d.number { targets.append(n) }; for r in d.doc.references { targets.append(r.number) } }
        var compared = 0, nonEmpty = 0
        for t in Set(targets).sorted() {
            guard let ta = try? a.resolveTarget(t), let tb = try? b.resolveTarget(t) else { continue }
            for transitive in [false, true] {
                let ha = Self.describe(try a.citations.citers(of: ta, transitive: transitive))
                let hb = Self.describe(try b.citations.citers(of: tb, transitive: transitive))
                #expect(ha == hb, "citers of \(t)")
                if let tc = try? c.resolveTarget(t) {
                    #expect(Self.describe(try c.citations.citers(of: tc, transitive: transitive)) == ha, "citers of \(t) from the table")
                }
                compared += 1
                if !ha.isEmpty { nonEmpty += 1 }
            }
            if case .document(let p) = ta, case .document(let q) = tb {
                let sa = try a.obligations.statuses(asOf: DocDate(year: 2026, month: 11, day: 22), plan: p)
                let sb = try b.obligations.statuses(asOf: DocDate(year: 2026, month: 11, day: 22), plan: q)
                #expect(sa.map { "\($0.due?.description ?? "-") \($0.status) \($0.reports.map(\.id))" }
                        == sb.map { "\($0.due?.description ?? "-") \($0.status) \($0.reports.map(\.id))" }, "obligations of \(t)")
                if case .document(let r) = try c.resolveTarget(t) {
                    let sc = try c.obligations.statuses(asOf: DocDate(year: 2026, month: 11, day: 22), plan: r)
                    #expect(sc.map { "\($0.due?.description ?? "-") \($0.status) \($0.reports.map(\.id))" }
                            == sa.map { "\($0.due?.description ?? "-") \($0.status) \($0.reports.map(\.id))" }, "obligations of \(t), table")
                }
                #expect(try a.obligations.answers(to: p).map { "\($0.report.id) \($0.onTime.map(String.init) ?? "-")" }
                        == b.obligations.answers(to: q).map { "\($0.report.id) \($0.onTime.map(String.init) ?? "-")" }, "answers to \(t)")
            }
        }
        #expect(compared > 20)
        #expect(nonEmpty > 5)
    }

    /// Citers are read without their body text (`loadHeader`), paged ones whole; a document read
    /// that way never stands in for the whole one: `document(id:)` and searches see the text.
    @Test func citersWithoutBodiesLeaveWholeDocumentsWhole() throws {
        var docs = Self.fixtureDocuments()
        for k in docs.indices where k % 3 == 1 { docs[k].firstPage = 1 }
        let dir = try Self.makeDB(docs, schema1: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let byID = Dictionary(docs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for useTable in [true, false] {
            let a = try ArchiveReader.open(path: dir, options: ReaderOptions(useCitationTable: useTable))
            var ids = Set<String>(), paged = 0, headerOnly = 0
            for t in Set(docs.compactMap(\.number)).sorted() {
                guard let target = try? a.resolveTarget(t) else { continue }
                for h in try a.citations.citers(of: target, transitive: true) {
                    let whole = try #require(byID[h.document.id])
                    // Whole when the archive had read it whole already (a resolved reference).
                    let text = h.document.doc.text
                    #expect(text == whole.doc.text || (text.isEmpty && whole.firstPage == nil), "\(h.document.id)")
                    if text.isEmpty && !whole.doc.text.isEmpty { headerOnly += 1 }
                    #expect(h.document.doc.references == whole.doc.references && h.document.doc.obligations == whole.doc.obligations)
                    #expect(h.document.number == whole.number && h.document.date == whole.date && h.document.doc.subject == whole.doc.subject)
                    ids.insert(h.document.id)
                    if whole.firstPage != nil { paged += 1 }
                }
            }
            #expect(ids.count > 10 && paged > 0 && headerOnly > 10)
            for id in ids.sorted() {
                #expect(try a.document(id: id)?.doc.text == byID[id]?.doc.text, "\(id) read whole after")
            }
        }
    }

    /// A record read without its body comes from the header slot: the whole record with the text
    /// left out (paged documents whole). Documents written before the slot (no slot 2) give the
    /// same from their data, and so does the slot turned off.
    @Test func headerSlotHoldsTheRecordWithoutItsText() throws {
        var docs = Self.fixtureDocuments()
        for k in docs.indices where k % 4 == 1 { docs[k].firstPage = 1 }
        let new = try Self.makeDB(docs, schema1: false), old = try Self.makeDB(docs, schema1: true)
        defer { try? FileManager.default.removeItem(atPath: new); try? FileManager.default.removeItem(atPath: old) }
        let slot = try ArchiveReader.open(path: new), before = try ArchiveReader.open(path: old)
        let off = try ArchiveReader.open(path: new, options: ReaderOptions(useHeaderSlot: false))
        let whole = try ArchiveReader.open(path: new)
        var headers = 0
        for docid in try slot.db.postings("") {
            #expect(try !slot.db.document(docid).valueBytes(Schema.headerSlot).isEmpty)
            #expect(try before.db.document(docid).valueBytes(Schema.headerSlot).isEmpty)
            var expected = try #require(try whole.load(docid))
            // The slot holds exactly what the JSON writer gives the record with its text emptied.
            var blank = expected
            blank.doc.text = ""
            #expect(try slot.db.document(docid).valueBytes(Schema.headerSlot) == StoredDocumentJSON.encode(blank), "\(expected.id)")
            if expected.firstPage == nil { expected.doc.text = ""; headers += 1 }
            let want = StoredDocumentJSON.encode(expected)
            for a in [slot, before, off] {
                let got = try #require(try a.loadHeader(docid))
                #expect(got.docid == docid)
                #expect(StoredDocumentJSON.encode(got) == want, "\(expected.id)")
            }
        }
        #expect(headers > 20 && headers < docs.count)
    }

    /// A commit changes the revision: the next reader does not read the old table but builds a new one.
    @Test func tableFollowsTheRevision() throws {
        let docs = Self.fixtureDocuments()
        let dir = try Self.makeDB(docs, schema1: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A plan in the archive and a report written later that carries it out.
        guard let plan = docs.first(where: { $0.number?.contains("/KH-") == true && $0.date?.day != nil }), let number = plan.number else {
            Issue.record("no dated plan in the fixtures"); return
        }
        let before = try ArchiveReader.open(path: dir)
        #expect(try before.citations.citationTable() == nil)  // light questions do not build it
        #expect(try before.citations.citationTable(build: true) != nil)
        let target = try before.resolveTarget(number, year: plan.year, issuer: plan.doc.issuer)
        let hitsBefore = try before.citations.citers(of: target, transitive: false).map(\.document.id)
        #expect(FileManager.default.fileExists(atPath: dir + "/" + CitationTable.fileName))
        let tagBefore = before.revisionTag
        #expect(tagBefore != nil)

        var d = ParsedDocument(indexInFile: 0, text: "Thực hiện Kế hoạch số \(number)")
        d.number = "9999/BC-NEW"; d.type = "BC"; d.issuer = plan.doc.issuer; d.place = plan.doc.place
        d.date = plan.date.map { $0.addingMonths(1) }
        d.references = [Reference(number: number, type: "KH", date: plan.date, issuer: nil, relation: .implements,
                                  span: TextSpan(start: 0, end: 1), text: number)]
        let sd = StoredDocument(file: "new.txt", doc: d)
        let w = try WritableDatabase(path: dir, mode: .createOrOpen)
        try w.replace(uniqueTerm: Schema.idTerm(sd.id), with: Archive.makeXapianDocument(sd))
        try w.commit()
        w.close()

        let after = try ArchiveReader.open(path: dir)
        #expect(after.revisionTag != tagBefore)
        #expect(try after.citations.citationTable() == nil)  // the stored one is of the old revision
        #expect(try after.citations.citationTable(build: true) != nil)
        let t2 = try after.resolveTarget(number, year: plan.year, issuer: plan.doc.issuer)
        let hitsAfter = try after.citations.citers(of: t2, transitive: false).map(\.document.id)
        #expect(hitsAfter == (hitsBefore + ["new.txt#0"]).sorted { x, y in hitsAfter.firstIndex(of: x)! < hitsAfter.firstIndex(of: y)! })
        #expect(hitsAfter.contains("new.txt#0"))
        #expect(hitsAfter.count == hitsBefore.count + 1)
        let withoutTable = try ArchiveReader.open(path: dir, options: ReaderOptions(useCitationTable: false))
        #expect(try withoutTable.citations.citers(of: t2, transitive: false).map(\.document.id) == hitsAfter)
        // A damaged table is not read.
        let file = dir + "/" + CitationTable.fileName
        let bytes = try #require(FileManager.default.contents(atPath: file))
        #expect(CitationTable.decode(Array(bytes.dropLast(4)), tag: after.revisionTag!) == nil)
        #expect(CitationTable.decode(Array(bytes), tag: "other") == nil)
        #expect(CitationTable.decode(Array(bytes), tag: after.revisionTag!) != nil)
    }

    @Test func dateOrderIsDocDateOrder() {
        var dates: [DocDate] = []
        for y in [-1, 0, 5, 999, 1999, 2026, 9999, 10000] {
            for m in [nil, 0, 1, 9, 12, 99, 100] as [Int?] {
                for d in [nil, 0, 1, 31, 99, 100] as [Int?] { dates.append(DocDate(year: y, month: m, day: d)) }
            }
        }
        for a in dates {
            for b in dates { #expect(Archive.dateLess(a, b) == (a < b), "\(a.sortKey) \(b.sortKey)") }
        }
    }
}

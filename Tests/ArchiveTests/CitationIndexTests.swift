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
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanban-cit-\(getpid())-\(schema1 ? 1 : 2)").path
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
        hits.map { "\($0.document.id) \($0.depth) \($0.relation.rawValue) \($0.path.joined(separator: "<")) \($0.parentID ?? "-")" }
    }

    @Test func schemaTwoCitersEqualSchemaOne() throws {
        let docs = Self.fixtureDocuments()
        #expect(docs.count >= 30)
        let new = try Self.makeDB(docs, schema1: false), old = try Self.makeDB(docs, schema1: true)
        defer { try? FileManager.default.removeItem(atPath: new); try? FileManager.default.removeItem(atPath: old) }
        let a = try Archive.open(path: new), b = try Archive.open(path: old)
        #expect(a.schemaVersion == 2)
        #expect(b.schemaVersion == 1)
        var targets: [String] = []
        for d in docs { if let n = d.number { targets.append(n) }; for r in d.doc.references { targets.append(r.number) } }
        var compared = 0, nonEmpty = 0
        for t in Set(targets).sorted() {
            guard let ta = try? a.resolveTarget(t), let tb = try? b.resolveTarget(t) else { continue }
            for transitive in [false, true] {
                let ha = Self.describe(try a.citers(of: ta, transitive: transitive))
                let hb = Self.describe(try b.citers(of: tb, transitive: transitive))
                #expect(ha == hb, "citers of \(t)")
                compared += 1
                if !ha.isEmpty { nonEmpty += 1 }
            }
            if case .document(let p) = ta, case .document(let q) = tb {
                let sa = try a.obligations(asOf: DocDate(year: 2026, month: 11, day: 22), plan: p)
                let sb = try b.obligations(asOf: DocDate(year: 2026, month: 11, day: 22), plan: q)
                #expect(sa.map { "\($0.due?.description ?? "-") \($0.status) \($0.reports.map(\.id))" }
                        == sb.map { "\($0.due?.description ?? "-") \($0.status) \($0.reports.map(\.id))" }, "obligations of \(t)")
                #expect(try a.answers(to: p).map { "\($0.report.id) \($0.onTime.map(String.init) ?? "-")" }
                        == b.answers(to: q).map { "\($0.report.id) \($0.onTime.map(String.init) ?? "-")" }, "answers to \(t)")
            }
        }
        #expect(compared > 20)
        #expect(nonEmpty > 5)
    }

    @Test func reporterPatternIsTheRule() {
        let docs = Self.fixtureDocuments()
        var reporters: Set<String?> = [nil, "", "Các đơn vị trực thuộc", "Các Trung tâm Y tế khu vực; Sở Y tế", "và các, ; ,"]
        var issuers: Set<String?> = [nil, ""]
        for d in docs {
            issuers.insert(d.doc.issuer)
            for o in d.doc.obligations { reporters.insert(o.reporter) }
        }
        var n = 0
        for r in reporters {
            let pattern = Archive.ReporterPattern(r)
            for i in issuers {
                #expect(pattern.fit(Archive.issuerWordSet(i)) == Archive.reporterFitReference(r, issuer: i), "\(r ?? "nil") / \(i ?? "nil")")
                n += 1
            }
        }
        #expect(n > 100)
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

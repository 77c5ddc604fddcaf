@testable import Archive
import Documents
import Foundation
import Testing
import VietText
import Xapian

/// The fast document builder (batched postings, hand-written JSON) must give exactly what the
/// straightforward one gave: the same terms, wdf, positions, values, and data that decodes to the
/// same document.
@Suite struct DocumentBuilderTests {
    /// The builder as it was: one FFI call per posting, JSONEncoder for the data.
    static func reference(_ sd: StoredDocument) -> Xapian.Document {
        let d = Xapian.Document()
        let p = sd.doc
        for t in Tokenizer.tokenize(p.text) {
            let pos = UInt32(t.position + 1)
            if let term = Schema.clip(t.folded) { d.addPosting(term, position: pos) }
            if let term = Schema.clip(Schema.exact + t.exact) { d.addPosting(term, position: pos) }
            if t.kind == .word, t.folded.count > 1, t.folded.first == "0", t.folded.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                d.addPosting(Schema.stripLeadingZeros(t.folded), position: pos)
            }
        }
        d.addBooleanTerm(Schema.idTerm(sd.id))
        if let t = Schema.clip(Schema.fileTerm(sd.file)) { d.addBooleanTerm(t) }
        if let type = p.type {
            d.addBooleanTerm(Schema.typeTerm(type))
            if let t = Schema.clip(Schema.typeWord + Schema.numberKey(type)) { d.addTerm(t) }
        }
        if let n = p.number {
            if let t = Schema.clip(Schema.number + Schema.numberKey(n)) { d.addBooleanTerm(t) }
            d.addBooleanTerm(Schema.serial + Schema.stripLeadingZeros(DocumentNumber.serial(of: n)))
        }
        if let date = p.date { d.addBooleanTerm(Schema.year + String(date.year)) }
        if p.draft { d.addBooleanTerm(Schema.draft + "draft") }
        if !p.obligations.isEmpty { d.addBooleanTerm(Schema.hasObligations + "yes") }
        for (text, prefix) in [(p.issuer, Schema.issuer), (p.place, Schema.place)] {
            guard let text else { continue }
            for t in Tokenizer.tokenize(VietText.normalize(text)) where t.kind == .word {
                if let term = Schema.clip(prefix + t.folded) { d.addPosting(term, position: UInt32(t.position + 1)) }
            }
        }
        // Schema 3: pair terms (boolean) of neighbouring text words, every indexed spelling.
        let words = Tokenizer.tokenize(p.text).filter { $0.kind == .word }
        func spellings(_ t: Token) -> [String] {
            var s = [t.folded]
            if t.folded.count > 1, t.folded.first == "0", t.folded.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                s.append(Schema.stripLeadingZeros(t.folded))
            }
            return s.filter { Schema.clip($0) != nil }
        }
        for k in words.indices.dropFirst() where words[k].position == words[k - 1].position + 1 {
            for a in spellings(words[k - 1]) { for b in spellings(words[k]) { if let t = Schema.pairTerm(Schema.pair, a, b) { d.addBooleanTerm(t) } } }
        }
        // and of issuer words 1 or 2 apart.
        if let issuer = p.issuer {
            let iw = Tokenizer.tokenize(VietText.normalize(issuer)).filter { $0.kind == .word && Schema.clip(Schema.issuer + $0.folded) != nil }
            for i in iw.indices { for j in iw.indices where iw[j].position > iw[i].position && iw[j].position - iw[i].position < Schema.issuerPairWindow {
                if let t = Schema.pairTerm(Schema.issuerPair, iw[i].folded, iw[j].folded) { d.addBooleanTerm(t) }
            } }
        }
        for r in p.references {
            let key = Schema.numberKey(r.number)
            if let t = Schema.clip(Schema.cites + key) { d.addBooleanTerm(t) }
            if let t = Schema.clip(Schema.relation + r.relation.rawValue + ":" + key) { d.addBooleanTerm(t) }
            if let t = Schema.clip(Schema.citesSerial + Schema.serialKey(type: nil, serial: DocumentNumber.serial(of: r.number))) {
                d.addBooleanTerm(t)
            }
            // Schema 2: short mentions also by serial under their own prefix.
            if !(r.number.contains("/") || r.number.contains("-")),
               let t = Schema.clip(Schema.shortCites + Schema.serialKey(type: nil, serial: DocumentNumber.serial(of: r.number))) {
                d.addBooleanTerm(t)
            }
        }
        d.setValue(Schema.dateSlot, p.date?.sortKey ?? "")
        d.setValue(Schema.idSlot, sd.id)
        if let json = try? JSONEncoder().encode(sd) { d.data = String(decoding: json, as: UTF8.self) }
        return d
    }

    static func fixtureTexts() -> [(String, String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var out: [(String, String)] = []
        for dir in ["corpus", "Tests/Fixtures/eval/dev", "Tests/Fixtures/eval/dev-health"] {
            let d = root.appendingPathComponent(dir)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: d.path)) ?? []
            for n in names.sorted() where n.hasSuffix(".txt") {
                if let s = try? String(contentsOf: d.appendingPathComponent(n), encoding: .utf8) { out.append((n, s)) }
            }
        }
        return out
    }

    static func canonical(_ data: [UInt8]) throws -> Data {
        let sd = try JSONDecoder().decode(StoredDocument.self, from: Data(data))
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(sd)
    }

    static func expectSame(_ sd: StoredDocument) throws {
        let a = Archive.makeXapianDocument(sd, exactPositions: true, bodyPositions: true), b = reference(sd)
        let ta = a.termsWithWdf, tb = b.termsWithWdf
        #expect(ta.map(\.term) == tb.map(\.term), "terms of \(sd.id)")
        #expect(ta.map(\.wdf) == tb.map(\.wdf), "wdf of \(sd.id)")
        for (t, _) in tb { #expect(a.positions(of: t) == b.positions(of: t), "positions of \(t) in \(sd.id)") }
        // As indexed for schema 3: the same terms and wdf, exact terms without positions.
        let c = Archive.makeXapianDocument(sd, bodyPositions: true)
        #expect(c.termsWithWdf.map(\.term) == tb.map(\.term), "terms of \(sd.id)")
        #expect(c.termsWithWdf.map(\.wdf) == tb.map(\.wdf), "wdf of \(sd.id)")
        for (t, _) in tb {
            #expect(c.positions(of: t) == (t.hasPrefix(Schema.exact) ? [] : b.positions(of: t)), "positions of \(t) in \(sd.id)")
        }
        // As indexed since schema 4: the same terms and wdf, positions only on issuer and place words.
        let d = Archive.makeXapianDocument(sd)
        #expect(d.termsWithWdf.map(\.term) == tb.map(\.term), "terms of \(sd.id)")
        #expect(d.termsWithWdf.map(\.wdf) == tb.map(\.wdf), "wdf of \(sd.id)")
        for (t, _) in tb {
            let kept = t.hasPrefix(Schema.issuer) || t.hasPrefix(Schema.place)
            #expect(d.positions(of: t) == (kept ? b.positions(of: t) : []), "positions of \(t) in \(sd.id)")
        }
        #expect(a.value(Schema.dateSlot) == b.value(Schema.dateSlot))
        #expect(a.value(Schema.idSlot) == b.value(Schema.idSlot))
        #expect(try canonical(a.dataBytes) == canonical(b.dataBytes), "data of \(sd.id)")
    }

    @Test func sameAsReferenceOnFixtures() throws {
        let files = Self.fixtureTexts()
        #expect(files.count >= 30)
        for (name, text) in files {
            for (k, d) in DocumentParser.parse(fileText: text).enumerated() {
                var sd = StoredDocument(file: name, doc: d)
                if k == 1 { sd.firstPage = 3 }  // documents of paged files carry their first page
                try Self.expectSame(sd)
            }
        }
    }

    @Test func awkwardText() throws {
        var doc = ParsedDocument(indexInFile: 3, text: "Số 06 \"trích\" \\ tab\there\r\nctl\u{01}\u{1F} 0000 007 Ð 𝔸 6757/KH-SYT 22/5/2026")
        doc.number = "6757/KH-SYT"; doc.type = "KH"; doc.issuer = "Sở \"Y\" tế"; doc.place = "Vinh"
        doc.date = DocDate(year: 2026, month: 5); doc.subject = "a/b"; doc.recipients = ["x", "y\n"]
        doc.references = [Reference(number: "226-KL/TW", type: "KL", date: DocDate(year: 2025, month: 12, day: 11), issuer: nil,
                                    relation: .implements, span: TextSpan(start: 1, end: 5), text: "Kết luận")]
        doc.obligations = [Obligation(what: "báo cáo", due: nil, recurrence: .unscheduled, reporter: "A", recipient: nil,
                                      span: TextSpan(start: 0, end: 2), text: "t")]
        doc.spans = ["number": TextSpan(start: 0, end: 3), "date": TextSpan(start: 4, end: 9)]
        try Self.expectSame(StoredDocument(file: "dir/a \"b\".txt", doc: doc))
        #expect(try JSONSerialization.jsonObject(with: Data(StoredDocumentJSON.encode(StoredDocument(file: "f", doc: doc)))) is [String: Any])
    }

    /// Text holding a scalar of U+10FE80...U+10FEFF (the binding's escape range for raw bytes): the old
    /// builder passed the JSON as a String and such a scalar became one raw byte, so the data was no
    /// longer UTF-8 and the document could not be loaded. The bytes path keeps it.
    @Test func escapeRangeScalarSurvives() throws {
        let doc = ParsedDocument(indexInFile: 0, text: "a \u{10FE90} b")
        let sd = StoredDocument(file: "f", doc: doc)
        let back = try JSONDecoder().decode(StoredDocument.self, from: Data(Archive.makeXapianDocument(sd).dataBytes))
        #expect(back.doc.text == doc.text)
    }
}

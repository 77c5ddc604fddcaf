@testable import Archive
import Documents
import Foundation
import Testing
import VietText
import Xapian

/// One chain for what is indexed and what is asked: what `analyze` prints is what the index holds,
/// and what a query asks for each field of a document is among that document's terms.
@Suite struct AnalyzerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every file of the dev sets and the seeds: (name, text).
    static func files() throws -> [(String, String)] {
        var out: [(String, String)] = []
        for dir in ["corpus", "Tests/Fixtures/eval/dev", "Tests/Fixtures/eval/dev-health", "Tests/Fixtures/eval/dev-real"] {
            let d = root.appendingPathComponent(dir)
            for n in ((try? FileManager.default.contentsOfDirectory(atPath: d.path)) ?? []).sorted() where n.hasSuffix(".txt") {
                out.append((n, try String(contentsOf: d.appendingPathComponent(n), encoding: .utf8)))
            }
        }
        return out
    }

    @Test func analyzePrintsWhatTheIndexHolds() throws {
        let files = try Self.files()
        #expect(files.count >= 30)
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("vanban-analyze-\(UUID().uuidString)")
        let docs = tmp.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        for (n, t) in files { try t.write(to: docs.appendingPathComponent(n), atomically: true, encoding: .utf8) }
        let dbPath = tmp.appendingPathComponent("db").path
        let w = try ArchiveWriter.open(path: dbPath)
        _ = try w.index(paths: [docs.path])
        w.close()
        let db = try Database(path: dbPath)
        var compared = 0
        for (n, t) in files {
            for (id, terms) in Archive.indexTerms(ofFileText: t, name: n) {
                let docid = try #require(try db.postings(Schema.idTerm(id)).first, "\(id)")
                let held = try db.document(docid)
                let want = terms.map { "\($0.term) \($0.wdf) \($0.positions)" }
                let have = held.termsWithWdf.map { "\($0.term) \($0.wdf) \(held.positions(of: $0.term))" }
                #expect(want == have, "\(id)")
                compared += 1
            }
        }
        #expect(compared >= 35)
    }

    @Test func queriesAskForWhatTheIndexHolds() throws {
        var checked = 0
        for (n, text) in try Self.files() {
            for d in DocumentParser.parse(fileText: text) {
                let sd = StoredDocument(file: n, doc: d)
                let terms = Set(Archive.makeXapianDocument(sd).terms)
                func holds(_ qs: [String], _ what: String) {
                    for q in qs where Schema.clip(q) != nil { #expect(terms.contains(q), "\(sd.id) \(what): \(q)") }
                    checked += qs.count
                }
                if let i = d.issuer { holds(Schema.issuerField.queryTerms(i), "issuer") }
                if let p = d.place { holds(Schema.placeField.queryTerms(p), "place") }
                if let num = d.number { holds(Schema.numberField.queryTerms(num), "number") }
                // Every word of the text, typed back as a query, folded and with its accents; and
                // every two neighbouring words as a pair.
                let words = Schema.textField.analyzer.terms(d.text, normalized: true)
                var prev: Token?
                for t in words {
                    let typed = String(decoding: Array(d.text.utf8)[t.start..<t.end], as: UTF8.self)
                    let q = Schema.textField.queryTerms(typed)
                    holds(q.count == 1 ? q : [], "word")
                    if t.kind == .word {
                        holds([QueryBuilder.exactPrefix + Schema.textField.analyzer.queryTerms(typed)[0].exact], "exact")
                        if let p = prev, p.position + 1 == t.position,
                           let pair = Schema.pairTerm(Schema.textField.pairPrefix!, Analyzer.canonical(p.folded), Analyzer.canonical(t.folded)) {
                            holds([pair], "pair")
                        }
                        prev = t
                    }
                }
            }
        }
        #expect(checked > 10_000)
    }

    /// The leading-zero rule, in its one place.
    @Test func numbersAreAlsoTheirNumber() {
        #expect(Analyzer.spellings("06") == ["06", "6"])
        #expect(Analyzer.spellings("000") == ["000", "0"])
        #expect(Analyzer.spellings("60") == ["60"])
        #expect(Analyzer.spellings("0a") == ["0a"])
        #expect(Analyzer.canonical("0012") == "12")
        #expect(Schema.numberField.queryTerms("6757/KH-SYT") == ["XN6757/kh-syt"])
        #expect(Schema.numberField.queryTerms("30/2020/NĐ-CP") == Schema.numberField.indexTerms("30/2020/ND-CP"))
    }

    /// The chain's output on a fixed text, as a digest, is pinned to the schema version: a change to
    /// the chain changes the terms of every indexed document, so it must come with a new
    /// `Schema.version` (and this digest).
    @Test func theChainIsPinnedToTheSchemaVersion() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Tests/Fixtures/eval/dev/01_kh215_ubnd_nghean.txt"), encoding: .utf8)
            + "\nKỹ thuật, Quý, QUI, hoà, khoẻ, Thuỷ; Ð 06 tháng 0012; 30/2020/NĐ-CP; 12 / KH-UBND; ＡＢＣ ① ½ ﬁ Ǆ İ ß"
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ s: String) { for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }; h = (h ^ 0x0A) &* 0x100_0000_01b3 }
        for t in Analyzer.text.terms(text) { add("\(t.kind) \(t.folded) \(t.exact) \(t.position) \(t.start) \(t.end) \(Analyzer.spellings(t.folded))") }
        for t in Analyzer.name.terms(text) { add(t.folded) }
        for line in text.split(separator: "\n") { add(Analyzer.identifier.key(String(line))); add(Analyzer.name.key(String(line))) }
        let pinned: [Int: UInt64] = [4: 0xbc2e_2656_622e_ce45]
        #expect(pinned[Schema.version] == h, "the analysis chain changed (digest \(String(h, radix: 16))): bump Schema.version and pin the new digest")
    }
}

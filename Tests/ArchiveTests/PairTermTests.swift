@testable import Archive
import Documents
import Foundation
import Testing
import VietText
import Xapian

/// Schema 3 pair terms (`XB`, `XJ`) stand for the phrases of the "together" and issuer-pair boosts:
/// each document has exactly the pairs the phrases match, and searches rank the same with pair
/// terms, with phrases, and on a database without pair terms (schema 2, read with phrases).
@Suite struct PairTermTests {
    static let docs = CitationIndexTests.fixtureDocuments()

    /// A database of the fixture documents; `old`: as schema 2 wrote it (no pair terms, tagged 2).
    static func makeDB(old: Bool) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanban-pairs-\(getpid())-\(old ? 2 : 3)-\(UUID().uuidString)").path
        let w = try BulkWriter(path: dir)
        for sd in docs {
            let x = Archive.makeXapianDocument(sd)
            if old {
                for (t, _) in x.termsWithWdf where t.hasPrefix(Schema.pair) || t.hasPrefix(Schema.issuerPair) { x.removeTerm(t) }
            }
            try w.add(PreparedFile(name: sd.file, documents: [(Schema.idTerm(sd.id), x)]))
        }
        try w.commit()
        w.close()
        if old {
            let wdb = try WritableDatabase(path: dir, mode: .createOrOpen)
            try wdb.setMetadata(Schema.versionKey, "2")
            try wdb.commit()
            wdb.close()
        }
        return dir
    }

    /// The pairs a 2-term phrase (window 2) and an issuer phrase (window 3) match in a document,
    /// from the positions Xapian holds: word terms (no prefix, no `/` or `-`) at p and p + 1;
    /// `XI` terms at p < q ≤ p + 2.
    static func expectedPairs(_ x: Xapian.Document) -> (text: Set<String>, issuer: Set<String>) {
        var words: [UInt32: [String]] = [:], issuer: [UInt32: [String]] = [:]
        for (t, _) in x.termsWithWdf {
            guard let c = t.unicodeScalars.first else { continue }
            if t.hasPrefix(Schema.issuer), t.dropFirst(2).first.map({ !$0.isUppercase }) ?? false {
                for p in x.positions(of: t) { issuer[p, default: []].append(String(t.dropFirst(Schema.issuer.count))) }
            } else if !(c.properties.isUppercase), !t.contains("/"), !t.contains("-") {
                for p in x.positions(of: t) { words[p, default: []].append(t) }
            }
        }
        var text = Set<String>(), iss = Set<String>()
        for (p, as_) in words { for a in as_ { for b in words[p + 1] ?? [] { if let t = Schema.pairTerm(Schema.pair, a, b) { text.insert(t) } } } }
        for (p, as_) in issuer {
            for d in 1..<UInt32(Schema.issuerPairWindow) {
                for a in as_ { for b in issuer[p + d] ?? [] { if let t = Schema.pairTerm(Schema.issuerPair, a, b) { iss.insert(t) } } }
            }
        }
        return (text, iss)
    }

    @Test func pairTermsAreThePhraseMatches() throws {
        #expect(Self.docs.count >= 30)
        var checked = 0
        for sd in Self.docs {
            let x = Archive.makeXapianDocument(sd)
            let terms = x.termsWithWdf
            let xb = Set(terms.filter { $0.term.hasPrefix(Schema.pair) }.map(\.term))
            let xj = Set(terms.filter { $0.term.hasPrefix(Schema.issuerPair) }.map(\.term))
            // Boolean: no wdf, no positions.
            for (t, wdf) in terms where t.hasPrefix(Schema.pair) || t.hasPrefix(Schema.issuerPair) {
                #expect(wdf == 0)
                #expect(x.positions(of: t).isEmpty)
            }
            let e = Self.expectedPairs(x)
            #expect(xb == e.text, "\(sd.id): \(xb.symmetricDifference(e.text).sorted().prefix(5))")
            #expect(xj == e.issuer, "\(sd.id): \(xj.symmetricDifference(e.issuer).sorted().prefix(5))")
            checked += xb.count
        }
        #expect(checked > 1000)
    }

    @Test func leadingZeroNumbersHaveBothSpellings() {
        var batch = PostingBatch()
        Archive.addPairTerms(Tokenizer.tokenize("ngày 06 tháng 07. Số 000 kết luận"), to: &batch)
        let d = Xapian.Document()
        d.addBooleanTerms(batch)
        let terms = Set(d.termsWithWdf.map(\.term))
        for t in ["ngay 06", "ngay 6", "06 thang", "6 thang", "thang 07", "thang 7", "07 so", "7 so", "so 000", "so 0", "000 ket", "0 ket", "ket luan"] {
            #expect(terms.contains(Schema.pair + t), "\(t)")
        }
        #expect(terms.count == 13)
    }

    /// Queries from the fixture documents: runs of 2 to 4 neighbouring words, accented and not,
    /// issuer words with a word of the text, and some typed by hand.
    static func queries() -> [String] {
        var out: [String] = ["so y te can tho", "ubnd tinh", "ke hoach phong chong dich", "bao cao ket qua",
                             "Sở Y tế Cà Mau", "quan triet", "06 thang", "kh syt", "cong van so", "trung tam y te huyen"]
        for (k, sd) in docs.enumerated() {
            let toks = Tokenizer.tokenize(sd.doc.text).filter { $0.kind == .word }
            guard toks.count > 20 else { continue }
            for start in stride(from: (k * 7) % 13, to: min(toks.count - 4, 400), by: 97) {
                let n = 2 + (start + k) % 3
                let run = toks[start..<(start + n)]
                out.append(run.map(\.folded).joined(separator: " "))
                if k % 2 == 0 { out.append(run.map(\.exact).joined(separator: " ")) }
            }
            if let issuer = sd.doc.issuer {
                let iw = Tokenizer.tokenize(VietText.normalize(issuer)).filter { $0.kind == .word }.map(\.folded)
                if iw.count >= 2 { out.append(iw.suffix(3).joined(separator: " ") + " " + toks[k % toks.count].folded) }
            }
        }
        return out
    }

    static func ranked(_ a: Archive, _ q: String, exact: Bool) throws -> [String] {
        let r = try a.search(SearchRequest(query: q, limit: 20, exact: exact, suggestBelow: 0))
        return r.hits.map { "\($0.document.id) \($0.score)" } + ["total \(r.total)"]
    }

    @Test func pairTermsRankAsPhrases() throws {
        let new = try Self.makeDB(old: false), old = try Self.makeDB(old: true)
        defer { try? FileManager.default.removeItem(atPath: new); try? FileManager.default.removeItem(atPath: old) }
        let pairs = try Archive.open(path: new), phrases = try Archive.open(path: new), older = try Archive.open(path: old)
        phrases.usePairTerms = false
        pairs.usePairTerms = true
        older.usePairTerms = true
        #expect(pairs.schemaVersion == 3)
        #expect(older.schemaVersion == 2)
        #expect(try pairs.db.allTerms(prefix: Schema.pair).count > 1000)
        #expect(try older.db.allTerms(prefix: Schema.pair).isEmpty)
        let qs = Self.queries()
        #expect(qs.count > 100)
        var nonEmpty = 0
        for q in qs {
            for exact in [false, true] {
                let a = try Self.ranked(pairs, q, exact: exact)
                let b = try Self.ranked(phrases, q, exact: exact)
                let c = try Self.ranked(older, q, exact: exact)
                #expect(a == b, "\(q) exact \(exact)")
                #expect(c == b, "\(q) exact \(exact)")
                if a.count > 1 { nonEmpty += 1 }
            }
        }
        #expect(nonEmpty > 100)
        // The old database really needs the phrases: read as schema 3, the boosts find nothing.
        older.schemaVersion = 3
        var differ = 0
        for q in qs where try Self.ranked(older, q, exact: false) != Self.ranked(phrases, q, exact: false) { differ += 1 }
        #expect(differ > 10)
    }
}

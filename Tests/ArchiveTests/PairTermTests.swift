@testable import Archive
import Documents
import Foundation
import Testing
import VietText
import Xapian

/// Schema 3 pair terms (`XB`, `XJ`) stand for the phrases of the "together" and issuer-pair boosts:
/// each document has exactly the pairs the phrases match, and searches rank the same with pair
/// terms, with phrases, and on a database without pair terms (schema 2, read with phrases).
/// Schema 4 drops the positions of the text's words: its phrases (pair terms, checked in the text
/// from three words) find the same documents as the phrases of schema 3.
@Suite struct PairTermTests {
    static let docs = CitationIndexTests.fixtureDocuments()

    /// A database of the fixture documents as `schema` wrote it: 2 (no pair terms), 3 (pair
    /// terms and positions) or 4 (no positions on the text's words); tagged so.
    static func makeDB(schema: Int) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanban-pairs-\(getpid())-\(schema)-\(UUID().uuidString)").path
        let w = try BulkWriter(path: dir)
        let old = schema == 2
        for sd in docs {
            let x = Archive.makeXapianDocument(sd, bodyPositions: schema < Schema.positionlessSince)
            if old {
                for (t, _) in x.termsWithWdf where t.hasPrefix(Schema.pair) || t.hasPrefix(Schema.issuerPair) { x.removeTerm(t) }
            }
            try w.add(PreparedFile(name: sd.file, documents: [(Schema.idTerm(sd.id), x)]))
        }
        try w.commit()
        w.close()
        if schema != Schema.version {
            let wdb = try WritableDatabase(path: dir, mode: .createOrOpen)
            try wdb.setMetadata(Schema.versionKey, String(schema))
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
            let x = Archive.makeXapianDocument(sd, bodyPositions: true)
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

    static func ranked(_ a: ArchiveReader, _ q: String, exact: Bool) throws -> [String] {
        let r = try a.search.run(SearchRequest(query: q, limit: 20, exact: exact, suggestBelow: 0))
        return r.hits.map { "\($0.document.id) \($0.score)" } + ["total \(r.total)"]
    }

    @Test func pairTermsRankAsPhrases() throws {
        let new = try Self.makeDB(schema: 3), old = try Self.makeDB(schema: 2)
        defer { try? FileManager.default.removeItem(atPath: new); try? FileManager.default.removeItem(atPath: old) }
        let pairs = try ArchiveReader.open(path: new, options: ReaderOptions(usePairTerms: true))
        let phrases = try ArchiveReader.open(path: new, options: ReaderOptions(usePairTerms: false))
        let older = try ArchiveReader.open(path: old, options: ReaderOptions(usePairTerms: true))
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
        var asThree = ReaderOptions(usePairTerms: true)
        asThree.schemaVersionOverride = 3
        let olderAsThree = try ArchiveReader.open(path: old, options: asThree)
        var differ = 0
        for q in qs where try Self.ranked(olderAsThree, q, exact: false) != Self.ranked(phrases, q, exact: false) { differ += 1 }
        #expect(differ > 10)
    }
}

extension PairTermTests {
    /// Quoted phrases of 2 to 5 words from the fixture documents (folded and accented), and
    /// decoys: the same words with one pair swapped, so each neighbouring pair may occur but
    /// rarely the whole phrase.
    static func quotedPhrases() -> [String] {
        var out: [String] = ["\"chấn chỉnh lề lối làm việc\"", "\"le loi lam viec\"", "\"06 tháng đầu năm\"", "\"6 thang dau nam\"",
                             "\"báo cáo kết quả thực hiện\"", "\"kết quả thực hiện kế hoạch\" -\"lề lối\"", "\"y te\" OR \"giao duc dao tao\""]
        for (k, sd) in docs.enumerated() {
            let toks = Tokenizer.tokenize(sd.doc.text).filter { $0.kind == .word }
            guard toks.count > 30 else { continue }
            for start in stride(from: (k * 5) % 11, to: min(toks.count - 6, 500), by: 71) {
                let n = 2 + (start + k) % 4
                let run = Array(toks[start..<(start + n)])
                out.append("\"" + run.map(\.folded).joined(separator: " ") + "\"")
                if k % 2 == 1 { out.append("\"" + run.map(\.exact).joined(separator: " ") + "\"") }
                if n >= 3 {
                    var w = run.map(\.folded)
                    w.swapAt(0, 1)
                    out.append("\"" + w.joined(separator: " ") + "\" " + run[2].folded)
                }
            }
        }
        return out
    }

    static func all(_ a: ArchiveReader, _ q: String, exact: Bool) throws -> (ids: [String], total: Int) {
        let r = try a.search.run(SearchRequest(query: q, limit: 1000, exact: exact, suggestBelow: 0))
        return (r.hits.map(\.document.id).sorted(), r.total)
    }

    /// A small --limit pages through the hits that lack a checked phrase (pages growing four
    /// times each round) and gives the first hits of the whole list; a word beside a phrase found
    /// in no text still finds its documents.
    @Test func checkedPhrasesPageToTheSameHits() throws {
        let dir = try Self.makeDB(schema: 4)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try ArchiveReader.open(path: dir)
        func ids(_ q: String, _ limit: Int) throws -> [String] {
            try a.search.run(SearchRequest(query: q, limit: limit, suggestBelow: 0)).hits.map(\.document.id)
        }
        var paged = 0
        for q in Self.quotedPhrases() where q.split(separator: " ").count >= 3 {
            let whole = try ids(q, 1000)
            for k in [1, 2, 3] {
                #expect(try ids(q, k) == Array(whole.prefix(k)), "\(q) limit \(k)")
            }
            if !whole.isEmpty { paged += 1 }
        }
        #expect(paged > 20)
        // "bao cao" and "cao ket" stand in many texts, "bao cao ket" in none: pairs without the phrase.
        let decoy = "\"cao bao cao ket\""
        #expect(try ids(decoy, 10).isEmpty)
        let word = try ids("quan", 1000)
        #expect(!word.isEmpty)
        #expect(Set(try ids("quan " + decoy, 1000)) == Set(word))
    }

    @Test func positionlessPhrasesFindWhatPhrasesFind() throws {
        let withPositions = try Self.makeDB(schema: 3), positionless = try Self.makeDB(schema: 4)
        defer { try? FileManager.default.removeItem(atPath: withPositions); try? FileManager.default.removeItem(atPath: positionless) }
        let phrases = try ArchiveReader.open(path: withPositions, options: ReaderOptions(usePairTerms: false))
        let pairs = try ArchiveReader.open(path: positionless)
        #expect(phrases.schemaVersion == 3)
        #expect(pairs.schemaVersion == 4)
        // No positions on the words of the text; issuer and place words keep theirs.
        let sample = Archive.makeXapianDocument(Self.docs[0])
        for (t, _) in sample.termsWithWdf where !t.hasPrefix("X") && !t.hasPrefix("Q") { #expect(sample.positions(of: t).isEmpty, "\(t)") }
        #expect(sample.termsWithWdf.contains { $0.term.hasPrefix(Schema.issuer) && !sample.positions(of: $0.term).isEmpty })
        let qs = Self.quotedPhrases() + Self.queries()
        #expect(qs.count > 200)
        var found = 0
        for q in qs {
            for exact in [false, true] {
                let a = try Self.all(pairs, q, exact: exact), b = try Self.all(phrases, q, exact: exact)
                #expect(a.ids == b.ids, "\(q) exact \(exact)")
                #expect(a.total == a.ids.count, "\(q) exact \(exact)")
                if !a.ids.isEmpty { found += 1 }
            }
            // A quoted phrase alone ranks the same: the AND of its words, as Xapian weighs a phrase.
            if q.hasPrefix("\""), q.hasSuffix("\""), q.dropFirst().dropLast().contains("\"") == false {
                // (Totals aside: schema 4 counts the matches of such a query, Xapian estimated the phrase's.)
                // Scores to 1e-9: the same weights added in another order differ in the last bit.
                func top(_ a: ArchiveReader) throws -> [String] {
                    try a.search.run(SearchRequest(query: q, limit: 20, suggestBelow: 0)).hits.map { "\($0.document.id) \(String(format: "%.9f", $0.score))" }
                }
                let (x, y) = (try top(pairs), try top(phrases))
                #expect(x == y, "\(q): \(x) \(y)")
            }
        }
        // Decoys: "a b c" where one document has "a b" and "b c" apart but never "a b c": the
        // pair terms find it, the check in the text leaves it out.
        var decoys = 0
        for (k, sd) in Self.docs.enumerated() where k % 3 == 0 {
            let w = Tokenizer.tokenize(sd.doc.text).filter { $0.kind == .word }.map(\.folded)
            guard w.count > 3 else { continue }
            var seen = Set<String>()
            for i in stride(from: 1, to: w.count - 1, by: 1) where !(w[i].allSatisfy(\.isNumber)) {
                guard let j = (1..<(w.count - 1)).first(where: { w[$0] == w[i] && w[$0 + 1] != w[i + 1] }) else { continue }
                let phrase = [w[i - 1], w[i], w[j + 1]]
                let joined = phrase.joined(separator: " ")
                guard seen.insert(joined).inserted, !w.joined(separator: " ").contains(joined),
                      !(0..<(w.count - 2)).contains(where: { w[$0] == phrase[0] && w[$0 + 1] == phrase[1] && w[$0 + 2] == phrase[2] }) else { continue }
                let hits = try Self.all(pairs, "\"" + joined + "\"", exact: false).ids
                #expect(!hits.contains(sd.id), "\(joined) in \(sd.id)")
                let e = Enquire(pairs.db)
                e.setQuery(Query(.filter, [Query(term: Schema.idTerm(sd.id)),
                                           Query(.and, [Schema.pair + phrase[0] + " " + phrase[1], Schema.pair + phrase[1] + " " + phrase[2]].map { Query(term: $0) })]))
                #expect(try e.mset(first: 0, max: 1).count == 1, "\(joined): pairs of \(sd.id)")
                decoys += 1
                if seen.count > 5 { break }
            }
        }
        #expect(decoys > 20)
        #expect(found > 150)
    }
}

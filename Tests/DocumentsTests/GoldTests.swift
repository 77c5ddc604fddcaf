import Testing
import Foundation
@testable import Documents

/// Helpers that mirror Tests/Fixtures/eval/score.py.
enum Score {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/Fixtures/eval")
    static let corpus = root.appendingPathComponent("corpus")

    static func fold(_ s: String?) -> String {
        guard let s else { return "" }
        let r = s.replacingOccurrences(of: "Đ", with: "D").replacingOccurrences(of: "đ", with: "d")
            .replacingOccurrences(of: "Ð", with: "D").replacingOccurrences(of: "ð", with: "d")
        var out = ""
        for sc in r.decomposedStringWithCanonicalMapping.unicodeScalars {
            if sc.properties.generalCategory == .nonspacingMark { continue }
            let c = Character(sc)
            out.append(c.isLetter || c.isNumber ? c : " ")
        }
        return out.lowercased().split(separator: " ").joined(separator: " ")
    }
    static func normNumber(_ s: String?) -> String {
        guard let s, !s.isEmpty else { return "" }
        return s.precomposedStringWithCanonicalMapping.filter { !$0.isWhitespace }
            .replacingOccurrences(of: "Đ", with: "D").replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Ð", with: "D").uppercased()
    }
    static func normType(_ s: String?) -> String { fold(s).uppercased().replacingOccurrences(of: " ", with: "") }
    static func tokens(_ s: String?) -> Set<String> { Set(fold(s).split(separator: " ").map(String.init)) }
    static func similar(_ gold: String?, _ got: String?, _ need: Double = 0.7) -> Bool {
        let g = tokens(gold), s = tokens(got)
        if g.isEmpty { return s.isEmpty }
        return Double(g.intersection(s).count) / Double(g.count) >= need
    }

    struct GoldDoc { let key: String; let file: String; let raw: [String: Any] }

    static func load(_ set: String) throws -> (gold: [GoldDoc], parsed: [String: ParsedDocument]) {
        let dir = fixtures.appendingPathComponent(set)
        let data = try Data(contentsOf: dir.appendingPathComponent("gold.json"))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let docs = json["documents"] as! [[String: Any]]
        var gold: [GoldDoc] = []
        for d in docs {
            let f = d["file"] as! String
            gold.append(GoldDoc(key: "\(f)#\((d["index_in_file"] as? Int) ?? 0)", file: f, raw: d))
        }
        var parsed: [String: ParsedDocument] = [:]
        for f in Set(gold.map(\.file)).sorted() {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            for p in DocumentParser.parse(fileText: text) { parsed["\(f)#\(p.indexInFile)"] = p }
        }
        return (gold, parsed)
    }

    /// What the index does with a short mention: resolve "1268" (KH) against the archived documents.
    static func resolved(_ r: Reference, in parsed: [String: ParsedDocument]) -> String {
        guard DocumentNumber.isShort(r.number) else { return r.number }
        let cands = parsed.values.compactMap(\.number).filter { DocumentNumber.serial(of: $0) == r.number && (r.type == nil || DocumentNumber.typeCode(of: $0) == r.type) }
        return Set(cands).count == 1 ? cands[0] : r.number
    }

    static func str(_ v: Any?) -> String? { v as? String }

    struct Metrics { var values: [(String, Double)] = []; subscript(_ k: String) -> Double { values.first { $0.0 == k }?.1 ?? -1 } }

    static func metrics(_ set: String) throws -> (Metrics, [String]) {
        let (gold, parsed) = try load(set)
        var m = Metrics()
        var failures: [String] = []
        m.values.append(("documents.found", Double(gold.filter { parsed[$0.key] != nil }.count) / Double(gold.count)))
        m.values.append(("documents.spurious", Double(parsed.keys.filter { k in !gold.contains { $0.key == k } }.count)))
        func field(_ name: String, _ metric: String, _ same: (Any?, ParsedDocument) -> Bool) {
            let labelled = gold.filter { $0.raw.keys.contains(name) }
            guard !labelled.isEmpty else { return }
            var ok = 0
            for g in labelled {
                if let p = parsed[g.key], same(g.raw[name] is NSNull ? nil : g.raw[name], p) { ok += 1 }
                else { failures.append("\(metric) \(g.key): gold=\(String(describing: g.raw[name] ?? "nil")) got=\(String(describing: parsed[g.key].map { describe(name, $0) } ?? "missing"))") }
            }
            m.values.append((metric, Double(ok) / Double(labelled.count)))
        }
        field("number", "meta.number") { g, p in normNumber(str(g)) == normNumber(p.number) }
        field("type", "meta.type") { g, p in normType(str(g)) == normType(p.type) }
        field("date", "meta.date") { g, p in (str(g) ?? "") == (p.date?.iso ?? "") }
        field("issuer", "meta.issuer") { g, p in similar(str(g), p.issuer) }
        field("place", "meta.place") { g, p in similar(str(g), p.place) }
        field("signer", "meta.signer") { g, p in fold(str(g)) == fold(p.signer) }
        field("subject", "meta.subject") { g, p in similar(str(g), p.subject, 0.6) }

        var goldRefs = Set<String>(), gotRefs = Set<String>()
        var relOK = 0, relN = 0
        for g in gold {
            let p = parsed[g.key]
            var srefs: [String: Reference] = [:]
            for r in p?.references ?? [] { srefs[normNumber(resolved(r, in: parsed))] = r }
            for r in (g.raw["references"] as? [[String: Any]]) ?? [] {
                let n = normNumber(r["number"] as? String)
                goldRefs.insert("\(g.key)|\(n)")
                if let s = srefs[n] {
                    relN += 1
                    if s.relation.rawValue == (r["relation"] as? String) { relOK += 1 }
                    else { failures.append("relation \(g.key) \(n): gold=\(r["relation"] ?? "") got=\(s.relation.rawValue)") }
                } else { failures.append("missing ref \(g.key) \(n)") }
            }
            for n in srefs.keys where !n.isEmpty {
                gotRefs.insert("\(g.key)|\(n)")
                if !goldRefs.contains("\(g.key)|\(n)") && !((g.raw["references"] as? [[String: Any]]) ?? []).contains(where: { normNumber($0["number"] as? String) == n }) {
                    failures.append("spurious ref \(g.key) \(n)")
                }
            }
        }
        let tp = Double(goldRefs.intersection(gotRefs).count)
        let p = gotRefs.isEmpty ? 0 : tp / Double(gotRefs.count), r = goldRefs.isEmpty ? 0 : tp / Double(goldRefs.count)
        m.values.append(("references.precision", p))
        m.values.append(("references.recall", r))
        m.values.append(("references.f1", p + r > 0 ? 2 * p * r / (p + r) : 0))
        m.values.append(("references.relation", relN > 0 ? Double(relOK) / Double(relN) : 0))
        return (m, failures)
    }

    static func describe(_ name: String, _ p: ParsedDocument) -> String {
        switch name {
        case "number": return p.number ?? "nil"
        case "type": return p.type ?? "nil"
        case "date": return p.date?.description ?? "nil"
        case "issuer": return p.issuer ?? "nil"
        case "place": return p.place ?? "nil"
        case "signer": return p.signer ?? "nil"
        case "subject": return p.subject ?? "nil"
        default: return "?"
        }
    }
}

@Suite struct GoldSetTests {
    @Test(arguments: ["dev", "dev-health", "dev-real"])
    func printMetrics(set: String) throws {
        let (m, failures) = try Score.metrics(set)
        for (k, v) in m.values { print("[\(set)] \(k.padding(toLength: 24, withPad: " ", startingAt: 0)) \(String(format: "%.3f", v))") }
        for f in failures { print("[\(set)] \(f)") }
    }

    @Test(arguments: ["dev", "dev-health"])
    func everyDocumentHasNumberTypeDateIssuer(set: String) throws {
        let (gold, parsed) = try Score.load(set)
        #expect(parsed.count == gold.count, "documents split: \(parsed.keys.sorted())")
        for g in gold {
            let p = try #require(parsed[g.key], "missing \(g.key)")
            #expect(Score.normNumber(g.raw["number"] as? String) == Score.normNumber(p.number), "\(g.key) number")
            #expect(Score.normType(g.raw["type"] as? String) == Score.normType(p.type), "\(g.key) type")
            #expect(((g.raw["date"] as? String) ?? "") == (p.date?.iso ?? ""), "\(g.key) date")
            #expect(Score.similar(g.raw["issuer"] as? String, p.issuer), "\(g.key) issuer \(p.issuer ?? "nil")")
            #expect(Score.similar(g.raw["place"] as? String, p.place), "\(g.key) place \(p.place ?? "nil")")
            #expect(Score.fold(g.raw["signer"] as? String) == Score.fold(p.signer), "\(g.key) signer \(p.signer ?? "nil")")
        }
    }

    /// The real copies (web pages, Word conversions): what issue 18 asks of them. The gold names a
    /// signer only where the name is in the text.
    @Test func realCopiesReachTheBar() throws {
        let (m, failures) = try Score.metrics("dev-real")
        for k in ["meta.number", "meta.type", "meta.date", "meta.issuer"] { #expect(m[k] >= 0.97, "\(k) \(m[k]) \(failures)") }
        #expect(m["references.f1"] >= 0.95, "\(failures)")
        #expect(m["references.relation"] >= 0.95, "\(failures)")
        #expect(m["documents.spurious"] == 0)
        #expect(m["documents.found"] == 1.0)
        #expect(m["meta.signer"] >= 0.95, "\(failures)")
    }

    @Test(arguments: ["dev", "dev-health"])
    func referencesReachThreshold(set: String) throws {
        let (m, _) = try Score.metrics(set)
        #expect(m["references.precision"] >= 0.95)
        #expect(m["references.recall"] >= 0.95)
        #expect(m["references.relation"] >= 0.95)
        #expect(m["documents.found"] == 1.0)
        #expect(m["meta.signer"] >= 0.95)
        #expect(m["meta.place"] >= 0.95)
    }
}

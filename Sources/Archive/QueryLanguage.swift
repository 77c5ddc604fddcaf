import Documents
import Foundation
import VietText

/// The parsed query language: words, "phrases", AND/OR/NOT, -word, +word, parentheses and
/// field prefixes (so:, loai:, coquan:, noi:, ngay:, nam:).
indirect enum QueryNode {
    case word(String)
    case phrase(String)
    case field(String, String)
    case and([QueryNode])
    case or([QueryNode])
    case not(QueryNode)
    /// Juxtaposed clauses: required (+ or AND), optional, excluded (- or NOT).
    case group(must: [QueryNode], should: [QueryNode], mustNot: [QueryNode])
}

struct QueryLanguage {
    enum Tok: Equatable { case word(String), phrase(String), field(String, String), lparen, rparen, and, or, not, plus, minus }

    static let fields: Set<String> = ["so", "loai", "coquan", "noi", "ngay", "nam"]

    static func lex(_ s: String) -> [Tok] {
        var toks: [Tok] = []
        let chars = Array(s.unicodeScalars)
        var i = 0
        func isSpace(_ c: Unicode.Scalar) -> Bool { c.properties.isWhitespace }
        while i < chars.count {
            let c = chars[i]
            if isSpace(c) { i += 1; continue }
            if c == "(" { toks.append(.lparen); i += 1; continue }
            if c == ")" { toks.append(.rparen); i += 1; continue }
            if c == "\"" || c == "“" || c == "”" {
                var j = i + 1
                var buf = String.UnicodeScalarView()
                while j < chars.count, chars[j] != "\"", chars[j] != "”", chars[j] != "“" { buf.append(chars[j]); j += 1 }
                toks.append(.phrase(String(buf)))
                i = j + 1  // an unbalanced quote runs to the end
                continue
            }
            if (c == "-" || c == "+"), i + 1 < chars.count, !isSpace(chars[i + 1]), (toks.isEmpty || i == 0 || isSpace(chars[i - 1]) || chars[i - 1] == "(") {
                toks.append(c == "-" ? .minus : .plus)
                i += 1
                continue
            }
            var j = i
            var buf = String.UnicodeScalarView()
            while j < chars.count, !isSpace(chars[j]), chars[j] != "(", chars[j] != ")", chars[j] != "\"" { buf.append(chars[j]); j += 1 }
            let w = String(buf)
            i = j
            if w == "AND" || w == "&&" { toks.append(.and); continue }
            if w == "OR" || w == "||" { toks.append(.or); continue }
            if w == "NOT" { toks.append(.not); continue }
            if let colon = w.firstIndex(of: ":") {
                let name = VietText.fold(String(w[..<colon])).replacingOccurrences(of: " ", with: "")
                if fields.contains(name) {
                    var value = String(w[w.index(after: colon)...])
                    if value.isEmpty, i < chars.count, chars[i] == "\"" {
                        var k = i + 1
                        var pb = String.UnicodeScalarView()
                        while k < chars.count, chars[k] != "\"" { pb.append(chars[k]); k += 1 }
                        value = String(pb)
                        i = k + 1
                    }
                    toks.append(.field(name, value))
                    continue
                }
            }
            toks.append(.word(w))
        }
        return toks
    }

    /// Parses the whole query; never fails: stray operators and parentheses are read as well as possible.
    static func parse(_ s: String) -> QueryNode {
        var p = Parser(toks: lex(s))
        return p.parseGroup(topLevel: true)
    }

    struct Parser {
        var toks: [Tok]
        var i = 0
        var depth = 0

        mutating func parseGroup(topLevel: Bool) -> QueryNode {
            var must: [QueryNode] = [], should: [QueryNode] = [], mustNot: [QueryNode] = []
            var pendingAnd = false
            var orBuffer: [QueryNode] = []
            func flushOr(_ node: QueryNode, required: Bool, into should: inout [QueryNode], must: inout [QueryNode]) {
                if required { must.append(node) } else { should.append(node) }
            }
            while i < toks.count {
                let t = toks[i]
                if t == .rparen {
                    i += 1
                    if !topLevel { break }
                    continue  // unbalanced ")" is ignored
                }
                if t == .and { pendingAnd = true; i += 1; continue }
                if t == .or { i += 1; continue }
                var negate = false, require = false
                if t == .not || t == .minus { negate = true; i += 1 }
                else if t == .plus { require = true; i += 1 }
                guard let atom = parseAtom() else { continue }
                // "a OR b": keep both optional; "a AND b": both required.
                if i < toks.count, toks[i] == .or, !negate { orBuffer.append(atom); continue }
                if !orBuffer.isEmpty {
                    orBuffer.append(atom)
                    let node = QueryNode.or(orBuffer)
                    orBuffer = []
                    if pendingAnd || require { must.append(node); pendingAnd = false } else { should.append(node) }
                    continue
                }
                if negate { mustNot.append(atom); pendingAnd = false; continue }
                if pendingAnd || require {
                    if pendingAnd, let last = should.popLast() { must.append(last) }
                    must.append(atom)
                    pendingAnd = false
                } else {
                    should.append(atom)
                }
            }
            if !orBuffer.isEmpty { should.append(.or(orBuffer)) }
            return .group(must: must, should: should, mustNot: mustNot)
        }

        mutating func parseAtom() -> QueryNode? {
            guard i < toks.count else { return nil }
            let t = toks[i]
            i += 1
            switch t {
            case .word(let w): return .word(w)
            case .phrase(let p): return .phrase(p)
            case .field(let n, let v): return .field(n, v)
            case .lparen:
                if depth > 50 { return nil }
                depth += 1
                defer { depth -= 1 }
                return parseGroup(topLevel: false)
            default: return nil
            }
        }
    }
}

/// Dates typed by people: `2026`, `2026-05`, `2026-05-22`, `22/5/2026`, `5/2026`, and ranges `A..B`.
public enum DateRange {
    public static func parse(_ s: String) throws(ArchiveError) -> (DocDate?, DocDate?) {
        if let r = s.range(of: "..") {
            let a = String(s[..<r.lowerBound]), b = String(s[r.upperBound...])
            let from = a.isEmpty ? nil : try date(a)
            let to = b.isEmpty ? nil : try date(b)
            if let f = from, let t = to, Filter.lowKey(f) > Filter.highKey(t) { throw .badInput("date range \(s) ends before it starts") }
            return (from, to)
        }
        let d = try date(s)
        return (d, d)
    }

    public static func date(_ raw: String) throws(ArchiveError) -> DocDate {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if let d = DocDate(iso: s) { return d }
        let parts = s.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" }).map { Int($0) }
        if parts.allSatisfy({ $0 != nil }) {
            let p = parts.map { $0! }
            if p.count == 3, DocDate.isValid(year: p[2], month: p[1], day: p[0]) { return DocDate(year: p[2], month: p[1], day: p[0]) }
            if p.count == 2, (1...12).contains(p[0]), p[1] > 1900, p[1] < 2200 { return DocDate(year: p[1], month: p[0]) }
        }
        throw .badInput("cannot read the date \"\(raw)\"; use YYYY, YYYY-MM, YYYY-MM-DD or D/M/YYYY")
    }
}

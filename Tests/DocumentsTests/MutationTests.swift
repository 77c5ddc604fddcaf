import Foundation
import Testing
@testable import Documents

/// The mess real copies carry (PDF hard wraps, web pages that lost their line breaks, Word
/// conversions, tables), applied to every document of the three dev sets. Whatever the layout,
/// the parse must give the number, type, date, issuer and references (number and relation) of the
/// clean document. Every variant is generated here, seeded: nothing is stored as a fixture.
enum Mess: String, CaseIterable, Sendable {
    /// Every line longer than a width from 40 to 100 broken at spaces, as PDF text and many web copies are.
    case hardWrap
    /// The whole document on one line (forum and web copies that lost their breaks).
    case flatten
    /// Lines joined without a space where conversions do it: an upper-case line and a line that
    /// starts a capitalised word ("QUYẾT ĐỊNHVề việc", "PHÓ CHỦ TỊCHNguyễn Thị Thu"), and digits glued
    /// to "ngày"/"năm" ("ngày20/02/2014", "năm2012").
    case glue
    /// The header as table cells: "| left | right |" rows, or each cell on its own line between "|" lines.
    case pipeTable
    /// Header fields over two lines: "Số:" / "774/QĐ-UBND", "Thanh Hóa, ngày" / "22 tháng 02 năm 2024",
    /// an issuer line broken between words.
    case splitFields
    /// The two header columns one after the other, line by line, or side by side with one space.
    case interleave
    /// Blank lines added anywhere.
    case blankLines
    /// Non-breaking spaces for some spaces.
    case nbsp
    /// Shape and text-box names of Word conversions glued to header fields ("straight connector 2Số:").
    case debris
    /// Footnote markers after words and numbers, and the notes at the end.
    case footnotes
    /// Page numbers and running heads between lines.
    case pageNumbers
    /// A legal site's lines above and below the document.
    case boilerplate
    /// Spaces around "-" and "/" in every document number ("774 / QĐ - UBND", "1551 /UBND-VX").
    case spacedNumbers
    /// Two or three of the above together.
    case combined
}

/// A small deterministic generator (the tests must not depend on the run).
struct MessRandom {
    var g: SplitMix64
    init(_ seed: UInt64) { g = SplitMix64(seed: seed) }
    mutating func next() -> UInt64 { g.next() }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
}

enum Messer {
    static func fnv(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    static func lines(_ s: String) -> [String] { s.components(separatedBy: "\n") }

    static let numberPattern = try! NSRegularExpression(pattern: #"[0-9]{1,5}[a-zđ]?(?:\s*[/-]\s*[0-9A-Za-zĐđ&]+)+"#)
    static let placeDate = try! NSRegularExpression(pattern: #"ngày\s+(?:[0-9]{1,2}|\.+|…+)?\s*(?:tháng|[/.-])"#)
    static let mottoWords = ["CỘNG HÒA", "CỘNG HOÀ", "Độc lập", "ĐỘC LẬP", "Độc Lập", "ĐẢNG CỘNG SẢN"]

    /// The header: the lines up to and including the place-date line (at most 14 lines), or the first 6.
    static func headerEnd(_ ls: [String]) -> Int {
        for (i, l) in ls.prefix(14).enumerated() {
            let two = i + 1 < ls.count ? l + " " + ls[i + 1] : l
            let ns = two as NSString
            guard let m = placeDate.firstMatch(in: two, range: NSRange(location: 0, length: ns.length)), m.range.location < (l as NSString).length else { continue }
            if i > 0 || l.contains("Số") { return m.range.location + m.range.length > (l as NSString).length ? i + 1 : i }
        }
        return min(ls.count - 1, 5)
    }

    static let numberThenPlace = try! NSRegularExpression(pattern: #"^(Số:?\s*\S+)\s+(\S.*ngày.*)$"#)

    /// Cells of a header line: runs of 3+ spaces, tabs and pipes separate them, and so does the
    /// start of a motto or of a place-date after a number when a copy put them one space apart.
    static func cells(_ l: String) -> [String] {
        var t = l.replacingOccurrences(of: "\t", with: "   ").replacingOccurrences(of: "|", with: "   ")
        for m in mottoWords {
            if let r = t.range(of: m), r.lowerBound > t.startIndex, t[..<r.lowerBound].contains(where: { $0.isLetter }) { t.replaceSubrange(r, with: "   " + m) }
        }
        let ns = t as NSString
        if let m = numberThenPlace.firstMatch(in: t, range: NSRange(location: 0, length: ns.length)) {
            t = ns.substring(with: m.range(at: 1)) + "   " + ns.substring(with: m.range(at: 2))
        }
        while t.contains("    ") { t = t.replacingOccurrences(of: "    ", with: "   ") }
        var out = t.components(separatedBy: "   ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // a draft's blank number is one field: "Số:      /KH-SGDĐT"
        for k in out.indices.reversed() where k + 1 < out.count && out[k].hasSuffix("Số:") && (out[k + 1].hasPrefix("/") || out[k + 1].hasPrefix("…")) {
            out[k] += "      " + out[k + 1]
            out.remove(at: k + 1)
        }
        return out
    }

    static func isRightCell(_ c: String) -> Bool {
        mottoWords.contains { c.contains($0) } || placeDate.firstMatch(in: c, range: NSRange(location: 0, length: (c as NSString).length)) != nil && !c.hasPrefix("Số")
    }

    /// The header split into its left column (issuer, number) and right column (motto, place-date).
    static func columns(_ ls: [String], end: Int) -> (left: [String], right: [String]) {
        var left: [String] = [], right: [String] = []
        var lastRight = false
        for l in ls[0...end] {
            let cs = cells(l)
            if cs.isEmpty { continue }
            if cs.count >= 2 {
                left.append(cs[0]); right.append(cs[1...].joined(separator: " ")); lastRight = true
                continue
            }
            let c = cs[0]
            let separator = c.allSatisfy { "-_*=–—. ".contains($0) }
            let mottoTail = c.hasPrefix("CHỦ NGHĨA") || c == "VIỆT NAM" || c.hasPrefix("Độc lập")
            if isRightCell(c) || (lastRight && (separator || mottoTail)) { right.append(c); lastRight = true } else { left.append(c); lastRight = false }
        }
        return (left, right)
    }

    static func join(_ ls: [String]) -> String { ls.joined(separator: "\n") }

    // MARK: transforms

    static func hardWrap(_ s: String, _ r: inout MessRandom) -> String {
        let width = 40 + r.below(61)
        var out: [String] = []
        for l in lines(s) {
            var rest = Substring(l)
            while rest.count > width {
                let head = rest.prefix(width)
                guard let cut = head.lastIndex(of: " "), cut > rest.startIndex else { break }
                out.append(String(rest[..<cut]))
                rest = rest[rest.index(after: cut)...]
            }
            out.append(String(rest))
        }
        return join(out)
    }

    static func flatten(_ s: String, _ r: inout MessRandom) -> String {
        var t = lines(s).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
        if r.chance(0.5) { while t.contains("  ") { t = t.replacingOccurrences(of: "  ", with: " ") } }
        return t
    }

    static func isUpperLetter(_ c: Character?) -> Bool { c.map { $0.isLetter && $0.isUppercase } ?? false }
    static func isLowerLetter(_ c: Character?) -> Bool { c.map { $0.isLetter && $0.isLowercase } ?? false }

    static func glue(_ s: String, _ r: inout MessRandom) -> String {
        var ls = lines(s)
        var i = 0
        while i + 1 < ls.count {
            let a = ls[i].trimmingCharacters(in: .whitespaces), b = ls[i + 1].trimmingCharacters(in: .whitespaces)
            let b0 = b.first, b1 = b.dropFirst().first
            if isUpperLetter(a.last), isUpperLetter(b0), isLowerLetter(b1), r.chance(0.7) {
                ls[i] = a + b
                ls.remove(at: i + 1)
                continue
            }
            i += 1
        }
        let t = join(ls)
        // "ngày 20/02/2014" → "ngày20/02/2014", "năm 2012" → "năm2012", for most of them
        let ns = t as NSString
        var out = ""
        var last = 0
        for m in digitAfterWord.matches(in: t, range: NSRange(location: 0, length: ns.length)) {
            let space = m.range(at: 1)
            out += ns.substring(with: NSRange(location: last, length: space.location - last))
            if !r.chance(0.7) { out += ns.substring(with: space) }
            last = NSMaxRange(space)
        }
        out += ns.substring(from: last)
        return out
    }

    static let digitAfterWord = try! NSRegularExpression(pattern: #"(?:ngày|năm)( )[0-9]"#)

    static func pipeTable(_ s: String, _ r: inout MessRandom) -> String {
        var ls = lines(s)
        let end = headerEnd(ls)
        let (left, right) = columns(ls, end: end)
        var header: [String] = []
        if r.chance(0.5) {
            for k in 0..<max(left.count, right.count) {
                let a = k < left.count ? left[k] : "", b = k < right.count ? right[k] : ""
                header.append("| " + a + " | " + b + " |")
            }
        } else {
            for c in left { header.append(c) }
            header.append("|")
            for c in right { header.append(c) }
            header.append("|")
            // the number and the date each in a cell of their own, as converters print them
            header = header.flatMap { l -> [String] in l.hasPrefix("Số") ? ["|", l, "|"] : [l] }
        }
        ls.replaceSubrange(0...end, with: header)
        return join(ls)
    }

    static func splitFields(_ s: String, _ r: inout MessRandom) -> String {
        var ls = lines(s)
        let end = headerEnd(ls)
        var out: [String] = []
        for (i, l) in ls.enumerated() {
            guard i <= end else { out.append(l); continue }
            var t = l
            if let range = t.range(of: "Số:"), r.chance(0.8) {
                t.replaceSubrange(range, with: "Số:\n")
            }
            if let range = t.range(of: ", ngày "), r.chance(0.9) {
                t.replaceSubrange(range, with: r.chance(0.5) ? ", ngày\n" : ",\nngày ")
            }
            let cs = cells(t)
            if cs.count == 1, !isRightCell(cs[0]), isUpperLetter(cs[0].first), cs[0].split(separator: " ").count >= 3, r.chance(0.6) {
                let words = cs[0].split(separator: " ")
                let k = 1 + r.below(words.count - 1)
                t = words[..<k].joined(separator: " ") + "\n" + words[k...].joined(separator: " ")
            }
            out.append(t)
        }
        ls = out
        return join(ls)
    }

    static func interleave(_ s: String, _ r: inout MessRandom) -> String {
        var ls = lines(s)
        let end = headerEnd(ls)
        let (left, right) = columns(ls, end: end)
        var header: [String] = []
        switch r.below(3) {
        case 0:
            for k in 0..<max(left.count, right.count) {
                if k < left.count { header.append(left[k]) }
                if k < right.count { header.append(right[k]) }
            }
        case 1:
            header = left + [""] + right
        default:
            for k in 0..<max(left.count, right.count) {
                header.append([k < left.count ? left[k] : "", k < right.count ? right[k] : ""].filter { !$0.isEmpty }.joined(separator: " "))
            }
        }
        ls.replaceSubrange(0...end, with: header)
        return join(ls)
    }

    static func blankLines(_ s: String, _ r: inout MessRandom) -> String {
        var out: [String] = []
        for l in lines(s) {
            out.append(l)
            if r.chance(0.3) { out += Array(repeating: r.chance(0.3) ? " " : "", count: 1 + r.below(3)) }
        }
        return join(out)
    }

    static func nbsp(_ s: String, _ r: inout MessRandom) -> String {
        String(s.map { c -> Character in c == " " && r.chance(0.3) ? "\u{00A0}" : c })
    }

    static let debrisNames = ["straight connector 2", "Straight Connector 1", "Text Box 3", "Picture 1", "Rectangle 5", "AutoShape 4", "Line 2"]

    static func debris(_ s: String, _ r: inout MessRandom) -> String {
        var ls = lines(s)
        let end = headerEnd(ls)
        for i in 0...end {
            if let range = ls[i].range(of: "Số:") {
                ls[i].replaceSubrange(range, with: r.pick(debrisNames) + "Số:")
            } else if let range = ls[i].range(of: "Độc lập"), r.chance(0.7) {
                ls[i].replaceSubrange(range, with: r.pick(debrisNames) + "Độc lập")
            }
        }
        for _ in 0..<(1 + r.below(2)) { ls.insert(r.pick(debrisNames), at: r.below(end + 2)) }
        return join(ls)
    }

    /// Footnote markers where real copies put them: after the word or the number that ends a
    /// phrase (before ",", ";", "." or at the end of a line), below the header; the notes at the end.
    static func footnotes(_ s: String, _ r: inout MessRandom) -> String {
        var out: [String] = []
        var k = 1
        let ls = lines(s)
        let end = headerEnd(ls)
        for (i, l) in ls.enumerated() {
            guard i > end + 1, !l.isEmpty else { out.append(l); continue }
            var line = ""
            let chars = Array(l)
            for (j, c) in chars.enumerated() {
                line.append(c)
                let next: Character? = j + 1 < chars.count ? chars[j + 1] : nil
                let endsPhrase = next == nil || next == "," || next == ";" || (next == "." && (j + 2 >= chars.count || chars[j + 2] == " "))
                var w = j
                while w >= 0, chars[w].isLetter || chars[w].isNumber { w -= 1 }
                if (c.isLetter || c.isNumber), j - w >= 3, endsPhrase, r.chance(0.15) {
                    line += r.pick(["[\(k)]", "(\(k))"]); k += 1
                }
            }
            out.append(line)
        }
        if k > 1 {
            out += ["", ""]
            for n in 1..<k { out.append("[\(n)] Xem chú thích tại văn bản gốc đăng trên Công báo.") }
        }
        return join(out)
    }

    static func pageNumbers(_ s: String, _ r: inout MessRandom) -> String {
        var out: [String] = []
        var page = 2
        let ls = lines(s)
        let end = headerEnd(ls)
        for (i, l) in ls.enumerated() {
            out.append(l)
            if i > end + 1, i + 1 < ls.count, r.chance(0.12) {
                out.append(r.pick(["\(page)", "- \(page) -", "Trang \(page)", "\(page)/\(page + 3)"]))
                page += 1
            }
        }
        return join(out)
    }

    static let boilerTop = ["Văn bản pháp luật > Y tế > Tải về", "Lưu văn bản | Theo dõi hiệu lực | In văn bản", "Đăng nhập để xem thêm nội dung", "Hiệu lực: Còn hiệu lực"]
    static let boilerBottom = ["Bản quyền thuộc về Thư viện văn bản. Ghi rõ nguồn khi sử dụng.", "Tải về bản gốc để xem đầy đủ nội dung", "Bạn đang xem văn bản tiếng Việt"]

    static func boilerplate(_ s: String, _ r: inout MessRandom) -> String {
        var top: [String] = []
        for _ in 0..<(1 + r.below(2)) { top.append(r.pick(boilerTop)) }
        var bottom: [String] = []
        for _ in 0..<(1 + r.below(2)) { bottom.append(r.pick(boilerBottom)) }
        return join(top + [""] + lines(s) + [""] + bottom)
    }

    static func spacedNumbers(_ s: String, _ r: inout MessRandom) -> String {
        let ns = s as NSString
        var out = ""
        var last = 0
        for m in numberPattern.matches(in: s, range: NSRange(location: 0, length: ns.length)) {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            let num = ns.substring(with: m.range)
            let style = r.below(3)
            var t = ""
            for c in num where c != " " {
                if c == "/" || c == "-" {
                    switch style {
                    case 0: t += " \(c) "
                    case 1: t += c == "/" ? " \(c)" : "\(c)"
                    default: t += r.chance(0.5) ? " \(c) " : "\(c) "
                    }
                } else { t.append(c) }
            }
            out += t
            last = NSMaxRange(m.range)
        }
        out += ns.substring(from: last)
        return out
    }

    static let single: [Mess] = Mess.allCases.filter { $0 != .combined }

    static func apply(_ m: Mess, _ s: String, _ r: inout MessRandom) -> String {
        switch m {
        case .hardWrap: return hardWrap(s, &r)
        case .flatten: return flatten(s, &r)
        case .glue: return glue(s, &r)
        case .pipeTable: return pipeTable(s, &r)
        case .splitFields: return splitFields(s, &r)
        case .interleave: return interleave(s, &r)
        case .blankLines: return blankLines(s, &r)
        case .nbsp: return nbsp(s, &r)
        case .debris: return debris(s, &r)
        case .footnotes: return footnotes(s, &r)
        case .pageNumbers: return pageNumbers(s, &r)
        case .boilerplate: return boilerplate(s, &r)
        case .spacedNumbers: return spacedNumbers(s, &r)
        case .combined:
            // layout first (columns, fields), then text-level mess, then line breaks
            let order: [Mess] = [.boilerplate, .debris, .pipeTable, .interleave, .splitFields, .spacedNumbers, .footnotes, .glue, .blankLines, .pageNumbers, .nbsp, .hardWrap, .flatten]
            var chosen = Set<Mess>()
            let k = 2 + r.below(2)
            while chosen.count < k {
                let m = r.pick(single)
                if m == .pipeTable && chosen.contains(.interleave) || m == .interleave && chosen.contains(.pipeTable) { continue }
                chosen.insert(m)
            }
            var t = s
            for m in order where chosen.contains(m) { t = apply(m, t, &r) }
            return t
        }
    }
}

/// What the harness compares: the fields a user searches and follows.
struct Essentials: Equatable, CustomStringConvertible {
    var number: String?
    var type: String?
    var date: String?
    var issuer: String?
    var references: [String]
    /// Deadlines and cadences of the reporting obligations (what the obligations board reads).
    var obligations: [String]
    var signer: String?

    init(_ d: ParsedDocument) {
        number = d.number.map(DocumentNumber.key)
        type = d.type
        date = d.date?.description
        issuer = d.issuer.map { Score.fold($0) }
        references = d.references.map { DocumentNumber.key($0.number) + " " + $0.relation.rawValue }.sorted()
        obligations = d.obligations.map { "\($0.due?.description ?? "-") \($0.recurrence.rawValue)" }.sorted()
        signer = d.signer.map { Score.fold($0) }
    }

    var description: String { "\(number ?? "-") \(type ?? "-") \(date ?? "-") [\(issuer ?? "-")] \(references) \(obligations) [\(signer ?? "-")]" }

    func differences(_ o: Essentials) -> String {
        var out: [String] = []
        if number != o.number { out.append("number \(number ?? "-") → \(o.number ?? "-")") }
        if type != o.type { out.append("type \(type ?? "-") → \(o.type ?? "-")") }
        if date != o.date { out.append("date \(date ?? "-") → \(o.date ?? "-")") }
        if issuer != o.issuer { out.append("issuer \(issuer ?? "-") → \(o.issuer ?? "-")") }
        if references != o.references {
            let a = Set(references), b = Set(o.references)
            out.append("refs lost \(a.subtracting(b).sorted()) gained \(b.subtracting(a).sorted())")
        }
        if obligations != o.obligations { out.append("obligations \(obligations) → \(o.obligations)") }
        if signer != o.signer { out.append("signer \(signer ?? "-") → \(o.signer ?? "-")") }
        return out.joined(separator: "; ")
    }
}

@Suite struct MutationTests {
    static let sets = ["dev", "dev-health", "dev-real"]
    static let variantsPerMess = 3

    struct Outcome { var pairs = 0; var kept = 0; var failures: [String] = [] }

    /// Runs every (document, mess, variant) and returns the outcome per mess.
    static func run(_ messes: [Mess]) throws -> [Mess: Outcome] {
        var out: [Mess: Outcome] = [:]
        for set in sets {
            let dir = Score.fixtures.appendingPathComponent(set)
            for f in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where f.hasSuffix(".txt") {
                let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
                let clean = DocumentParser.parse(fileText: text)
                let expected = clean.map(Essentials.init)
                for m in messes {
                    for v in 0..<variantsPerMess {
                        var r = MessRandom(Messer.fnv("\(set)/\(f)/\(m.rawValue)/\(v)\(ProcessInfo.processInfo.environment["VANBAN_MESS_SALT"] ?? "")"))
                        let messy = clean.map { Messer.apply(m, $0.text, &r) }.joined(separator: "\n\n")
                        if let dump = ProcessInfo.processInfo.environment["VANBAN_MESS_DUMP"] {
                            try? messy.write(toFile: dump + "/\(set)_\(f)_\(m.rawValue)_\(v).txt", atomically: false, encoding: .utf8)
                        }
                        let got = DocumentParser.parse(fileText: messy).map(Essentials.init)
                        for (i, e) in expected.enumerated() {
                            out[m, default: Outcome()].pairs += 1
                            if got.count == expected.count, got[i] == e {
                                out[m, default: Outcome()].kept += 1
                            } else {
                                let why = got.count != expected.count ? "\(got.count) documents instead of \(expected.count)" : e.differences(got[i])
                                out[m, default: Outcome()].failures.append("\(set)/\(f)#\(i) v\(v): \(why)")
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    @Test func everyMessKeepsTheEssentials() throws {
        let out = try Self.run(Mess.allCases)
        var pairs = 0, kept = 0
        for m in Mess.allCases {
            let o = out[m] ?? Outcome()
            pairs += o.pairs; kept += o.kept
            print("[mess] \(m.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) \(o.kept)/\(o.pairs) \(String(format: "%.3f", Double(o.kept) / Double(max(1, o.pairs))))")
        }
        print("[mess] all            \(kept)/\(pairs) \(String(format: "%.3f", Double(kept) / Double(max(1, pairs))))")
        for m in Mess.allCases { for f in (out[m]?.failures ?? []) { print("[mess] \(m.rawValue) \(f)") } }
        #expect(Double(kept) >= 0.99 * Double(pairs), "\(kept)/\(pairs) pairs keep every field")
    }

    /// The transforms themselves: they change the text (a mess that did nothing would prove nothing).
    @Test func everyMessChangesTheText() throws {
        let dir = Score.fixtures.appendingPathComponent("dev")
        let f = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().first { $0.hasSuffix(".txt") })
        let text = DocumentParser.parse(fileText: try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8))[0].text
        for m in Mess.allCases {
            var r = MessRandom(7)
            #expect(Messer.apply(m, text, &r) != text, "\(m)")
        }
    }
}

// How the mentions of other documents relate to the mentioning one: which clause a mention heads
// ("Căn cứ", "Thực hiện"), the basis lists, and `extract`, the references of a document, one per
// number. Finding the mentions themselves is `References.swift`.

import Foundation
import VietText

extension ReferenceExtractor {
    /// Whether the text from an opening keyword to the first mention lets that mention head the
    /// clause: a short gap ("Thực hiện ý kiến chỉ đạo của Thủ tướng Chính phủ tại Công văn số …"),
    /// or a long name that the number closes ("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật
    /// Thanh niên số 57/2024/QH15": the mention is the number alone, the gap holds no date, no issuer,
    /// no description). Measured on the text with its spacing collapsed: a line break is a space.
    static func headsClause(_ tv: TextView, from p: Int, to q: Int, typed: Bool) -> Bool {
        let gap = TextKit.collapseSpaces(tv.sub(NSRange(location: p, length: q - p)))
        if gap.contains(";") { return false }
        if gap.count <= 45 { return true }
        guard !typed, gap.count <= 160 else { return false }
        let g = " " + gap.lowercased() + " "
        guard typeNameList.contains(where: { g.hasPrefix(" " + $0 + " ") }) else { return false }
        for bad in [" ngày ", " về ", " theo ", " tại ", " thực hiện ", " triển khai ", " ban hành ", " kèm theo ", " nhằm ", " để ", "(", ":"] where g.contains(bad) { return false }
        // "của" only before another name ("… của Luật Thanh niên")
        var rest = Substring(g)
        while let r = rest.range(of: " của ") {
            let after = rest[r.upperBound...]
            guard typeNameList.contains(where: { after.hasPrefix($0 + " ") }) else { return false }
            rest = after
        }
        return true
    }

    /// Whether the text between two mentions starts another head of the same opening clause after
    /// a description: "… về \"Tiếp tục thực hiện …\" và ý kiến chỉ đạo của Phó Thủ tướng … tại Công văn
    /// số …", "… và tiếp tục thực hiện Chỉ thị số …". The description before "và" (quotations left
    /// out) must not carry out or issue anything itself ("… ban hành Kế hoạch thực hiện X và Y":
    /// Y belongs to the description).
    static func joinsAnotherHead(_ gapRaw: String) -> Bool {
        var g = TextKit.collapseSpaces(gapRaw).lowercased()
        guard g.count <= 400 else { return false }
        // quotations out
        for (open, close) in [("\"", "\""), ("“", "”")] {
            while let a = g.range(of: open), let b = g.range(of: close, range: a.upperBound..<g.endIndex) {
                g.replaceSubrange(a.lowerBound..<b.upperBound, with: " ")
            }
        }
        guard let v = g.range(of: " và ", options: .backwards) else { return false }
        let before = String(g[..<v.lowerBound]), after = String(g[v.upperBound...]).trimmingScalars(in: CharSets.whitespaces)
        if before.contains(";") { return false }
        for bad in ["thực hiện", "triển khai", "ban hành", "kèm theo", "hướng dẫn", "quy định"] where before.contains(bad) { return false }
        if after.isEmpty { return false }
        return after.has(#"^(?:tiếp tục (?:thực hiện|triển khai)|(?:(?:các |những )?ý kiến )?chỉ đạo (?:của [^;,]{1,80} )?(?:tại|theo))$"#)
    }

    /// Where a "Căn cứ" clause ends: at the next opening clause, at a clause that starts with a
    /// capital and is not another item of the list (an item names a document: "Luật …", "Nghị
    /// quyết số …"), or at ", " before a capitalised word that is not a document ("…, Bệnh viện Mắt
    /// thông báo …").
    static func basisClauseEnd(_ tv: TextView, _ cls: [Opening.Clause], _ ci: Int, from: Int, limit: Int) -> Int {
        var end = limit
        for cl in cls[(ci + 1)...] {
            if cl.keyword != nil { end = cl.start; break }
            if cl.capital && !startsWithTypeName(tv, at: cl.start) { end = cl.start; break }
        }
        // ", Capital" inside the clause
        let u = tv.u16
        var i = from
        while i + 2 < end {
            if u[i] == 0x2C {
                var k = i + 1
                while k < end, u[k] == 0x20 || u[k] == 0x0A || u[k] == 0x09 { k += 1 }
                if k < end, k > i + 1, Opening.isUpper(u[k]), k + 1 < end, Opening.isLowerLetter(u[k + 1]), !startsWithTypeName(tv, at: k) {
                    return k
                }
            }
            i += 1
        }
        return end
    }

    /// The items of a "Căn cứ" list between `from` and `to`: its start and each position after a ";".
    static func basisItems(_ tv: TextView, from: Int, to: Int) -> [Int] {
        var out = [from]
        let u = tv.u16
        var i = from
        while i < to {
            if u[i] == 0x3B { out.append(i + 1) }
            i += 1
        }
        return out
    }

    static func startsWithTypeName(_ tv: TextView, at p: Int) -> Bool {
        let s = TextKit.collapseSpaces(tv.sub(NSRange(location: p, length: min(40, tv.length - p)))).lowercased()
        return typeNameList.contains { s.hasPrefix($0) } || s.hasPrefix("các ") || s.hasPrefix("số ")
    }

    /// Where the clause holding `p` starts, for "at the start of a line" tests that must not depend
    /// on where a copy wraps its lines: the last ";", ":" or sentence end before `p`, or the start
    /// of a line whose previous line ends with one (or is blank).
    static func clauseLineStart(_ tv: TextView, before p: Int) -> Int {
        let u = tv.u16
        var i = p - 1
        while i >= 0 {
            let c = u[i]
            if c == 0x3B || c == 0x3A { return i + 1 }
            if c == 0x2E, i + 1 < u.count, u[i + 1] == 0x20 || u[i + 1] == 0x0A { return i + 1 }
            if c == 0x0A {
                var k = i - 1
                while k >= 0, u[k] == 0x20 || u[k] == 0x09 || u[k] == 0x0D { k -= 1 }
                if k < 0 || u[k] == 0x0A || u[k] == 0x3B || u[k] == 0x3A || u[k] == 0x2E || u[k] == 0x21 || u[k] == 0x3F { return i + 1 }
                if Opening.upperRun(tv, at: tv.lines[tv.lineIndex(at: k)].location) { return i + 1 }
            }
            i -= 1
        }
        return 0
    }

    /// Whether the text between two mentions joins them as one list ("X của Ban Bí thư và Y").
    static func joins(_ gapRaw: String) -> Bool {
        var g = TextKit.collapseSpaces(gapRaw).lowercased()
        if g.count > 120 { return false }
        // drop a leading date
        if let r = g.rangeOf(#"^,?\s*\(?\s*ngày\s+[0-9][0-9/\-. ]*(?:tháng\s+[0-9]+\s*(?:năm\s+[0-9]{4})?)?\)?"#) { g.removeSubrange(r) }
        g = g.trimmingScalars(in: CharSets.whitespaces)
        // trailing conjunction and optional verb
        guard let r = g.rangeOf(#"(?:^|\s|,|;)(?:và|;|,)\s*(?:(?:tiếp tục|thực hiện|triển khai)\s*)*$"#) ?? (g.hasSuffix(";") || g.hasSuffix(",") ? g.index(before: g.endIndex)..<g.endIndex : nil) else {
            return false
        }
        let head = String(g[..<r.lowerBound]).trimmingScalars(in: CharSets.spaceCommaSemicolon)
        if head.isEmpty { return true }
        guard head.hasPrefix("của ") else { return false }
        let bad = ["về", "thực hiện", "triển khai", "ban hành", "kèm theo", "quy định", "hướng dẫn", "theo", "tại", "trong", "nhằm", "để"]
        let words = " " + head + " "
        return !bad.contains { words.contains(" " + $0 + " ") }
    }

    /// Necessary condition for `act` (case-insensitive "sửa đổi", "thay thế", "bãi bỏ"): the text
    /// holds "sửa", " thế" or "i bỏ" (either case; ſ for s). No other code point case-folds to
    /// these letters (ICU matches code points, so decomposed forms do not match either).
    static func actMay(_ tv: TextView) -> Bool {
        let u = tv.u16
        let n = u.count
        var i = 2
        while i < n {
            switch u[i] {
            case 0x1EBF, 0x1EBE:   // " thế"
                if i >= 3, u[i - 1] | 0x20 == 0x68, u[i - 2] | 0x20 == 0x74, u[i - 3] == 0x20 { return true }
            case 0x1ECF, 0x1ECE:   // "i bỏ"
                if i >= 3, u[i - 1] | 0x20 == 0x62, u[i - 2] == 0x20, u[i - 3] | 0x20 == 0x69 { return true }
            case 0x61, 0x41:       // "sửa" (ſ folds to s)
                if u[i - 1] == 0x1EED || u[i - 1] == 0x1EEC, u[i - 2] | 0x20 == 0x73 || u[i - 2] == 0x17F { return true }
            default: break
            }
            i += 1
        }
        return false
    }

    /// References of a document, one per distinct number.
    static func extract(_ tv: TextView, ownNumber: String?, ownType: String?, preamble: NSRange, title: [NSRange]) -> [Reference] {
        var ms = mentions(in: tv)
        // Exclude the document's own number.
        if let own = ownNumber {
            let k = DocumentNumber.key(own), s = DocumentNumber.serial(of: own)
            ms.removeAll { m in
                m.short ? (m.number == s && (m.type == nil || m.type == ownType)) : DocumentNumber.key(m.number) == k
            }
        }
        guard !ms.isEmpty else { return [] }

        // Link short mentions to full ones.
        for i in ms.indices where ms[i].short {
            let s = ms[i].number, t = ms[i].type
            let cands = ms.indices.filter { !ms[$0].short && DocumentNumber.serial(of: ms[$0].number) == s && (t == nil || ms[$0].type == nil || ms[$0].type == t) }
            if let best = cands.last(where: { ms[$0].range.location < ms[i].range.location }) ?? cands.first {
                ms[i].number = ms[best].number
                ms[i].type = ms[best].type ?? t
                ms[i].short = false
                ms[i].date = ms[i].date ?? nil
            }
        }

        // Relations from opening clauses.
        let u = tv.u16
        func assign(_ m: inout Mention, _ r: Relation) { if r.strength > m.relation.strength { m.relation = r } }
        /// The first mention after `p` when it heads the clause, then the items joined to it.
        @discardableResult
        func heads(after p: Int, limit: Int, _ rel: Relation) -> Bool {
            guard let first = ms.indices.first(where: { ms[$0].range.location >= p }), ms[first].range.location <= limit else { return false }
            guard headsClause(tv, from: p, to: ms[first].range.location, typed: ms[first].range.location < ms[first].numberRange.location) else { return false }
            var cur = first
            assign(&ms[cur], rel)
            while cur + 1 < ms.count {
                let nxt = cur + 1
                let a = NSMaxRange(ms[cur].numberRange), b = ms[nxt].range.location
                guard b >= a, b <= limit else { break }
                let gap = tv.sub(NSRange(location: a, length: b - a))
                if joins(gap) || joinsAnotherHead(gap) {
                    assign(&ms[nxt], rel); cur = nxt
                } else { break }
            }
            return true
        }

        var implementsFound = false
        let cls = Opening.clauses(tv, from: preamble.location, to: NSMaxRange(preamble))
        for (ci, cl) in cls.enumerated() {
            guard let kw = cl.keyword, kw != .other, let (_, kwEnd) = Opening.keyword(at: cl.start, u, end: tv.length) else { continue }
            if kw == .implements {
                if heads(after: kwEnd, limit: NSMaxRange(preamble) + 400, .implements) { implementsFound = true }
                continue
            }
            // "Căn cứ …": the head of each item of the list, and what an item amends or is amended by
            let end = basisClauseEnd(tv, cls, ci, from: kwEnd, limit: NSMaxRange(preamble))
            let items = basisItems(tv, from: kwEnd, to: end)
            for (n, item) in items.enumerated() {
                if heads(after: item, limit: end, .basis) { continue }
                // an item whose head has no number ("Căn cứ Quy chế … ban hành kèm theo Quyết định số 84
                // QĐ/TWĐTN", "Căn cứ Điều 85 của Hiến pháp … theo Nghị quyết số 51/2001/QH10"): its
                // first mention names that document's act
                let itemEnd = n + 1 < items.count ? items[n + 1] : end
                if let i = ms.indices.first(where: { ms[$0].range.location >= item }), ms[i].range.location < itemEnd { assign(&ms[i], .basis) }
            }
            var prevEnd = kwEnd
            for i in ms.indices where ms[i].range.location >= kwEnd && ms[i].range.location < end {
                let gap = tv.sub(NSRange(location: prevEnd, length: max(0, ms[i].range.location - prevEnd))).lowercased()
                if gap.contains("sửa đổi") || gap.contains("bổ sung") { assign(&ms[i], .basis) }
                prevEnd = NSMaxRange(ms[i].numberRange)
            }
        }
        if !implementsFound {
            // A title "Kế hoạch triển khai thực hiện X", "Báo cáo kết quả thực hiện X", "Sơ kết 6 tháng thực
            // hiện X", "V/v triển khai X".
            let tk = TextKit.regex("^[\\s*_]*(?:(?i:v/v)\\s*:?\\s*)?(?:(?i:kết quả|sơ kết|tổng kết|báo cáo)\\s+(?:[^;]{0,40}?\\s)?)?((?i:triển khai(?:,? thực hiện)?|thực hiện))\\b")
            for r in title {
                if let k = tk.firstMatch(in: tv.text, range: r) {
                    if heads(after: NSMaxRange(k.range(at: 1)), limit: NSMaxRange(r), .implements) { break }
                }
            }
        }
        // amends / replaces / repeals by this document
        let act = TextKit.regex("((?i:sửa đổi, bổ sung|sửa đổi|thay thế|bãi bỏ))")
        for k in (actMay(tv) ? act.matches(in: tv.text, range: NSRange(location: 0, length: tv.length)) : []) {
            let w = tv.sub(k.range(at: 1)).lowercased()
            let rel: Relation = w.hasPrefix("sửa") ? .amends : w.hasPrefix("thay") ? .replaces : .repeals
            let before = tv.sub(NSRange(location: max(0, k.range.location - 40), length: min(40, k.range.location)))
            let lineStart = clauseLineStart(tv, before: k.range.location)
            let prefix = tv.sub(NSRange(location: lineStart, length: k.range.location - lineStart))
            let atStart = prefix.has(#"^[\s*_\-+]*(?:Điều\s+[0-9]+\s*[.:]\s*)?(?:[0-9]+\.\s*)?$"#)
            guard before.contains(" này") || atStart else { continue }
            if let i = ms.indices.first(where: { ms[$0].range.location >= NSMaxRange(k.range) }),
               ms[i].range.location - NSMaxRange(k.range) <= 40 {
                assign(&ms[i], rel)
            }
        }

        // One reference per number.
        var order: [String] = []
        var byKey: [String: Reference] = [:]
        for m in ms {
            let key = DocumentNumber.key(m.number) + (m.short ? "#\(m.type ?? "")" : "")
            let text = tv.sub(m.range)
            if var r = byKey[key] {
                if m.relation.strength > r.relation.strength { r.relation = m.relation }
                if r.date == nil { r.date = m.date }
                if r.issuer == nil { r.issuer = m.issuer }
                if r.type == nil { r.type = m.type }
                byKey[key] = r
            } else {
                order.append(key)
                byKey[key] = Reference(number: m.number, type: m.type, date: m.date, issuer: m.issuer, relation: m.relation,
                                       span: tv.span(m.range), text: text)
            }
        }
        return order.compactMap { byKey[$0] }
    }
}

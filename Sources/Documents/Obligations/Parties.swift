import Foundation

// What is due, who owes it and to whom, read from the duty's sentence.

extension ObligationExtractor {
    // MARK: - What

    /// The deliverable named in `r`: "báo cáo kết quả …", "kế hoạch của đơn vị", lower-cased first.
    static func whatPhrase(_ text: CleanedText, _ r: NSRange) -> String? {
        guard r.length > 0 else { return nil }
        for m in Patterns.deliverable.all(text, r) {
            let headEnd = m.range.location + m.range.length
            let rest = NSRange(location: headEnd, length: r.location + r.length - headEnd)
            let before = text.string(NSRange(location: r.location, length: m.range.location - r.location))
            if Patterns.deliverableSkipAfter.first(in: text.string(NSRange(location: headEnd, length: min(rest.length, 40)))) != nil { continue }
            if Patterns.deliverableSkipBefore.first(in: before) != nil { continue }
            var end = r.location + r.length
            if let stop = Patterns.whatStop.first(text, rest) { end = stop.range.location }
            var phrase = tidy(text.string(NSRange(location: m.range.location, length: end - m.range.location)))
            if phrase.count > 200 { phrase = String(phrase.prefix(200)) }
            guard !phrase.isEmpty else { continue }
            return lowerFirst(phrase)
        }
        return nil
    }

    // MARK: - Who

    /// Who a sentence names as its subject.
    struct Subject {
        let name: String
        /// A class named by its kind only ("Các đơn vị", "cơ quan, đơn vị").
        let generic: Bool
        /// Named after "đề nghị"/"yêu cầu"/"giao": in a letter, the addressees are the better name.
        var directed = false
    }

    /// The words of `Vocabulary.subjectStops`, each as its words' UTF-16 units, for the scanner.
    static let subjectStopWords: [[[UInt16]]] = Vocabulary.subjectStops.map { $0.split(separator: " ").map { Array($0.utf16) } }

    /// Location of the first match of `Patterns.subjectStop` in `t` (nil: none), by a scanner when
    /// `t` holds no white space but ASCII tab, newline, form feed, return and space (where `\\s` is
    /// unambiguous); otherwise by the regex.
    static func subjectStopLocation(_ t: String) -> Int? {
        let u = Array(t.utf16)
        let n = u.count
        guard !u.contains(where: { $0 == 0x0B || Unit.isOtherSpace($0) }) else {
            return Patterns.subjectStop.first(in: t)?.range.location
        }
        @inline(__always) func isBlank(_ c: UInt16) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0C || c == 0x0D }
        func isLetterAt(_ i: Int) -> Bool {
            let c = u[i]
            if c < 0x80 { return (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
            var v = UInt32(c)
            if c >= 0xD800 && c < 0xDC00, i + 1 < n, u[i + 1] >= 0xDC00 && u[i + 1] < 0xE000 {
                v = 0x10000 + ((UInt32(c) - 0xD800) << 10) + (UInt32(u[i + 1]) - 0xDC00)
            }
            guard let sc = Unicode.Scalar(v) else { return false }
            switch sc.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
            default: return false
            }
        }
        func stopWordAt(_ q: Int) -> Bool {
            for alt in subjectStopWords {
                var k = q
                var ok = true
                for (wi, w) in alt.enumerated() {
                    if wi > 0 {
                        guard k < n, isBlank(u[k]) else { ok = false; break }
                        while k < n && isBlank(u[k]) { k += 1 }
                    }
                    guard k + w.count <= n else { ok = false; break }
                    for j in 0..<w.count where u[k + j] != w[j] { ok = false; break }
                    if !ok { break }
                    k += w.count
                }
                if ok && (k == n || !isLetterAt(k)) { return true }
            }
            return false
        }
        var p = 0
        while p < n {
            let c = u[p]
            if c == 0x3A { return p }
            if isBlank(c) {
                var q = p
                while q < n && isBlank(u[q]) { q += 1 }
                if q < n && (u[q] == 0x3A || stopWordAt(q)) { return p }
                p = q
                continue
            }
            p += 1
        }
        return nil
    }

    static func startsWithUnitName(_ t: String) -> Bool {
        Patterns.unitHeadLetters.may(t.utf16.first) && Patterns.unitHead.first(in: t) != nil
    }

    static func isGeneric(_ name: String) -> Bool { Patterns.generic.first(in: name.lowercased()) != nil }

    /// Who the sentence names as its subject: "Các đơn vị trực thuộc định kỳ …" → "Các đơn vị trực thuộc";
    /// "Sở … đề nghị Hiệu trưởng Trường X khẩn trương …" → "Hiệu trưởng Trường X" (directed).
    static func explicitSubject(_ text: CleanedText, _ s: NSRange) -> Subject? {
        explicitSubject(in: text.string(s))
    }

    static func explicitSubject(in sentence: String) -> Subject? {
        var t = droppingListMarker(sentence)
        t = t.trimmingScalars(in: CharSets.whitespacesAndNewlines)
        // "Chế độ báo cáo: Các sở …" drops the heading; "Trung tâm X: tăng cường …" keeps the subject before the colon.
        if t.utf8.contains(0x3A), let m = Patterns.headingColon.first(in: t) {
            let ns = t as NSString
            let restStart = m.range.location + m.range.length
            if restStart < ns.length, let c = ns.substring(from: restStart).utf16.first {
                if Unit.isLower(c) {
                    var name = tidy(ns.substring(with: m.range(at: 1)))
                    if let st = subjectStopLocation(name), st > 0 {
                        name = tidy((name as NSString).substring(to: st))
                    }
                    if startsWithUnitName(name) { return Subject(name: name, generic: isGeneric(name)) }
                } else {
                    t = ns.substring(from: restStart)
                }
            }
        }
        var directed = false
        if Patterns.askingVerbLetters.may(t.utf16.first), let m = Patterns.askingVerb.first(in: t) {
            directed = !t.lowercased().hasPrefix("giao")
            t = (t as NSString).substring(from: m.range.length)
        }
        guard startsWithUnitName(t) else { return nil }
        guard var stop = subjectStopLocation(t), stop > 0 else { return nil }
        // "Sở … đề nghị Hiệu trưởng Trường X khẩn trương …": the one asked is the reporter, not the one asking.
        if !directed, let d = Patterns.directive.first(in: t), d.range.location <= stop + 1 {
            t = (t as NSString).substring(from: d.range.location + d.range.length)
            directed = true
            guard startsWithUnitName(t), let st = subjectStopLocation(t), st > 0 else { return nil }
            stop = st
        }
        let name = tidy((t as NSString).substring(to: stop))
        guard !name.isEmpty, name.count <= 160 else { return nil }
        return Subject(name: upperFirst(name), generic: isGeneric(name), directed: directed)
    }

    /// Who a heading ending in a colon names for the items below it: "3. Các phòng thuộc Sở và
    /// đơn vị trực thuộc:" → "Các phòng thuộc Sở và đơn vị trực thuộc"; "Sở Y tế đề nghị Thủ
    /// trưởng các đơn vị thực hiện các nội dung sau:" → "Thủ trưởng các đơn vị" (the one asked).
    static func headingSubject(_ text: CleanedText, _ s: NSRange) -> String? {
        var t = tidy(droppingListMarker(text.string(s)))
        while t.hasSuffix(":") { t.removeLast() }
        t = tidy(t)
        guard !t.isEmpty, t.count <= 120, startsWithUnitName(t) else { return nil }
        // A heading that is a sentence ("Sở Y tế đề nghị các đơn vị thực hiện các nội dung sau:")
        // names its subject before its verb, and the one asked after "đề nghị".
        if subjectStopLocation(t) != nil, let subject = explicitSubject(in: t) { return subject.name }
        return t
    }

    // MARK: - To whom

    /// To whom: "gửi về Sở (qua Văn phòng Sở)", "báo cáo Sở Y tế (thông qua Phòng Tổ chức cán bộ)";
    /// a bare "Sở" is the issuing Sở; defaults to the issuer.
    static func recipient(_ text: CleanedText, clause: NSRange, sentence: NSRange, issuer: String?) -> String? {
        for region in [clause, sentence] {
            if let r = recipientIn(text, region) { return expand(r, issuer: issuer) }
        }
        return issuer
    }

    static func recipientIn(_ text: CleanedText, _ region: NSRange) -> String? {
        let end = region.location + region.length
        var candidates = Patterns.recipientTo.all(text, region)
        let reports = Patterns.recipientReport.all(text, region).filter { m in
            let before = text.string(NSRange(location: region.location, length: m.range.location - region.location))
            return !(before.hasSuffix("tổng hợp, ") || before.hasSuffix("tổng hợp ") || before.hasSuffix("để ")
                     || before.hasSuffix("Kính ") || before.hasSuffix("kính "))
        }
        candidates += reports
        for m in candidates {
            let start = m.range.location + m.range.length
            let rest = NSRange(location: start, length: end - start)
            var stop = end
            if let st = Patterns.recipientStop.first(text, rest) { stop = st.range.location }
            var name = tidy(text.string(NSRange(location: start, length: stop - start)))
            guard !name.isEmpty, name.count <= 120 else { continue }
            let tailRange = NSRange(location: stop, length: end - stop)
            if let v = Patterns.via.first(text, tailRange) {
                name += " (qua " + tidy(text.string(v.range(at: 1))) + ")"
            }
            let low = name.lowercased()
            if low.hasPrefix("kế hoạch") || low.hasPrefix("công văn") || low.hasPrefix("quyết định") || low.hasPrefix("nghị định") { continue }
            return name
        }
        return nil
    }

    static func expand(_ name: String, issuer: String?) -> String {
        guard let issuer, issuer.hasPrefix("Sở ") else { return name }
        if name == "Sở" { return issuer }
        if name.hasPrefix("Sở (") { return issuer + " " + String(name.dropFirst(3)).trimmingScalars(in: CharSets.whitespaces) }
        return name
    }

    // MARK: - Strings

    /// White space collapsed, punctuation trimmed from the ends.
    static func tidy(_ s: String) -> String {
        var t = Scan.joinWords(s) ?? s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        while let l = t.last, ",;.:-–".contains(l) { t.removeLast(); t = t.trimmingScalars(in: CharSets.whitespaces) }
        while let f = t.first, ",;.:-–".contains(f) { t.removeFirst(); t = t.trimmingScalars(in: CharSets.whitespaces) }
        return t
    }

    static func lowerFirst(_ s: String) -> String {
        guard let f = s.first else { return s }
        // Keep acronyms ("UBND …") as written.
        if s.count > 1, let second = s.dropFirst().first, second.isUppercase { return s }
        return f.lowercased() + s.dropFirst()
    }

    static func upperFirst(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst()
    }
}

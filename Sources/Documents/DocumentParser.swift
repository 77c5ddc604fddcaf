import Foundation
import VietText

public enum DocumentParser {
    /// Splits a file's text into documents and parses each one.
    public static func parse(fileText: String) -> [ParsedDocument] {
        let text = normalizeText(fileText)
        let tv = TextView(text)
        let starts = DocumentSplitter.starts(tv)
        var docs: [ParsedDocument] = []
        for (i, s) in starts.enumerated() {
            let from = i == 0 ? 0 : tv.lines[s].location
            let to = i + 1 < starts.count ? tv.lines[starts[i + 1]].location : tv.length
            // one document spanning the whole text: its view is the file's
            if starts.count == 1 && from == 0 && to == tv.length {
                docs.append(parseDocument(text, index: i, view: tv))
                continue
            }
            let slice = tv.sub(NSRange(location: from, length: max(0, to - from)))
            docs.append(parseDocument(slice, index: i))
        }
        if docs.isEmpty { docs.append(parseDocument(text, index: 0)) }
        return docs
    }

    /// VietText normalisation, then NFC, Ð→Đ and zero-width characters removed (idempotent).
    static func normalizeText(_ s: String) -> String {
        var t = TextKit.inPieces(s, VietText.normalize)
        // One byte pass for both tests below (NFC neither adds nor removes any of the scalars of
        // the second one: they have no decomposition and combining class 0).
        let (marks, odd) = Scan.normalizeTextFlags(t)
        if marks {
            t = TextKit.nfc(t)
        }
        if odd {
            t = t.replacingOccurrences(of: "Ð", with: "Đ").replacingOccurrences(of: "ð", with: "đ")
                .replacingOccurrences(of: "\u{200B}", with: "").replacingOccurrences(of: "\u{FEFF}", with: "")
                .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return t
    }

    static let soPattern = #"^[ \t*_#>|]*Số[ \t]*:?[ \t]*([0-9]*[a-zđ]?[ \t.…_]*[/-][ \t]*[A-Za-zĐđ0-9&]+(?:[ \t]*[/-][ \t]*[A-Za-zĐđ0-9&]+)*)"#
    static let placeDatePattern = #"(?i:ngày)[\s.…_]*([0-9]{1,2})?[\s.…_]*(?i:tháng)[\s.…_]*([0-9]{1,2})[\s.…_]*(?i:năm)[\s.…_]*([0-9]{4})"#
    static let placeDateNumPattern = #"(?i:ngày)\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})"#

    static let soColonPattern = #"^Số\s*:"#
    static let soColonLiteral = Scan.literalPrefix(ofAnchored: soColonPattern)
    static let dieuPattern = #"^Điều\s+1\b"#
    static let dieuLiteral = Scan.literalPrefix(ofAnchored: dieuPattern)
    static let quyetPattern = #"^(QUYẾT ĐỊNH|QUYẾT NGHỊ)\s*:"#
    static let quyetLiteral = String(String.UnicodeScalarView(quyetPattern.unicodeScalars.dropFirst(2).prefix(6)))

    /// `s.lowercased() == "dự thảo"`, skipping the lower-casing of strings too long to qualify.
    static func isDuThao(_ s: String) -> Bool {
        // a simple string (NFC, one scalar per Character) lower-cases to it only if it holds ự or Ự
        s.utf8.count <= 48 && (!Scan.isSimple(s) || s.hasBytes("ự") || s.hasBytes("Ự")) && s.lowercased() == "dự thảo"
    }

    /// Left column of a header line: the motto and any right column cut off.
    static func leftColumn(_ line: String) -> String {
        var s = TextKit.stripMarkup(line)
        for cut in ["CỘNG HÒA", "CỘNG HOÀ", "Độc lập", "ĐỘC LẬP", "DỰ THẢO", "Dự thảo", "ĐẢNG CỘNG SẢN"] {
            if let r = TextKit.range(of: cut, in: s) { s = String(s[..<r.lowerBound]) }
        }
        let parts = TextKit.components(s, "   ").map { $0.trimmingScalars(in: CS.whitespaces) }.filter { !$0.isEmpty }
        var left = parts.first ?? ""
        if left.hasPrefix("-") && left.allSatisfy({ $0 == "-" || $0 == "_" || $0 == " " }) { left = "" }
        left = left.trimmingScalars(in: CS.chars3)
        return left
    }

    static func columns(_ line: String) -> [String] {
        var s = TextKit.stripMarkup(line)
        if s.utf8.contains(9) { s = s.replacingOccurrences(of: "\t", with: "   ") }
        return TextKit.components(s, "   ").map { $0.trimmingScalars(in: CS.whitespaces) }.filter { !$0.isEmpty }
    }

    static func upperRatio(_ s: String) -> Double {
        if let (letters, upper) = Scan.letterCounts(s) {
            guard letters > 0 else { return 0 }
            return Double(upper) / Double(letters)
        }
        let letters = s.filter { $0.isLetter }
        guard !letters.isEmpty else { return 0 }
        return Double(letters.filter { $0.isUppercase }.count) / Double(letters.count)
    }

    static func parseDocument(_ text: String, index: Int, view: TextView? = nil) -> ParsedDocument {
        var doc = ParsedDocument(indexInFile: index, text: text)
        let tv = view ?? TextView(text)
        let n = tv.lines.count
        var spans: [String: TextSpan] = [:]

        // --- Số line
        var soLine: Int? = nil
        var symbolType: String? = nil
        var hasSymbol = false
        let soRe = TextKit.re(soPattern)
        for i in 0..<min(n, 25) {
            let l = tv.line(i)
            guard l.hasBytes("Số") else { continue }   // the pattern's literal
            if let m = soRe.firstMatch(in: l, range: NSRange(location: 0, length: (l as NSString).length)) {
                soLine = i
                let raw = (l as NSString).substring(with: m.range(at: 1))
                let r = m.range(at: 1)
                doc.number = DocumentNumber.normalize(raw)
                var compact = String(raw.unicodeScalars.filter { !" \t.…_".unicodeScalars.contains($0) }.map(Character.init))
                if compact.hasPrefix("/") || compact.hasPrefix("-") { compact = "0" + compact }
                symbolType = DocumentNumber.typeCode(of: compact)
                hasSymbol = true
                if doc.number == nil { doc.draft = true }
                spans["number"] = tv.span(NSRange(location: tv.lines[i].location + r.location, length: r.length))
                break
            }
        }

        // --- place and date
        var dateLine: Int? = nil
        let dateFrom = soLine ?? 0
        for i in dateFrom..<min(n, dateFrom + (soLine == nil ? 20 : 6)) {
            let l = tv.line(i)
            // both patterns start with (?i:ngày): à or À must occur
            guard l.hasBytes("à") || l.hasBytes("À") else { continue }
            let ln = l as NSString
            var m = TextKit.re(placeDatePattern).firstMatch(in: l, range: NSRange(location: 0, length: ln.length))
            var numeric = false
            if m == nil, let mm = TextKit.re(placeDateNumPattern).firstMatch(in: l, range: NSRange(location: 0, length: ln.length)) { m = mm; numeric = true }
            guard let m else { continue }
            // must be a header date line: "<Place>, ngày …" (comma before ngày) or a line of its own
            let before = ln.substring(to: m.range.location)
            let trimmedBefore = before.trimmingScalars(in: CS.whitespacesStarUnderscore)
            guard trimmedBefore.hasSuffix(",") || trimmedBefore.isEmpty || soLine == i || trimmedBefore.last?.isLetter == true else { continue }
            dateLine = i
            let y = Int(ln.substring(with: m.range(at: 3)))!
            let mo = Int(ln.substring(with: m.range(at: 2)))
            let d = m.range(at: 1).location != NSNotFound ? Int(ln.substring(with: m.range(at: 1))) : nil
            _ = numeric
            if let mo, (1...12).contains(mo) {
                if let d, DocDate.isValid(year: y, month: mo, day: d) { doc.date = DocDate(year: y, month: mo, day: d) }
                else { doc.date = DocDate(year: y, month: mo); doc.draft = true }
            }
            spans["date"] = tv.span(NSRange(location: tv.lines[i].location + m.range.location, length: m.range.length))
            // place
            var placeStr = trimmedBefore
            if placeStr.hasSuffix(",") { placeStr.removeLast() }
            let segs = placeStr.components(separatedBy: "  ").map { $0.trimmingScalars(in: CS.whitespaces) }.filter { !$0.isEmpty }
            var p = segs.last ?? ""
            if let r = p.rangeOf(#"^\s*Số\s*:?\s*\S*\s+"#) { p.removeSubrange(r) }
            p = p.trimmingScalars(in: CS.chars1)
            if !p.isEmpty, !p.hasPrefix("Số"), p.count <= 40, p.first?.isUppercase == true {
                doc.place = p
                if let r = before.range(of: p, options: .backwards) {
                    let loc = (before as NSString).range(of: p, options: .backwards).location
                    _ = r
                    spans["place"] = tv.span(NSRange(location: tv.lines[i].location + loc, length: (p as NSString).length))
                }
            }
            break
        }
        if soLine == nil, dateLine == nil {
            // no header at all
        }
        let headerEnd = soLine ?? dateLine ?? 0

        // --- draft marker
        // (a string whose lower-casing is "dự thảo" has at most 11 scalars, 44 bytes)
        for i in 0..<min(n, headerEnd + 8) where tv.line(i).hasBytes("DỰ THẢO") || isDuThao(TextKit.stripMarkup(tv.line(i)).trimmingScalars(in: CS.whitespaces)) {
            doc.draft = true
        }

        // --- heading and title
        var headingLine: Int? = nil
        var headingType: String? = nil
        var titleRange: NSRange? = nil
        let afterHeader = max(headerEnd, dateLine ?? 0) + 1
        for i in min(afterHeader, n)..<min(n, afterHeader + 12) {
            var t = TextKit.stripMarkup(tv.line(i)).trimmingScalars(in: CS.whitespaces)
            if t.hasSuffix(":") { continue }
            t = t.trimmingScalars(in: CS.chars9)
            guard !t.isEmpty, upperRatio(t) > 0.9 else { continue }
            if let c = DocumentTypes.headingFolds[TextKit.fold(t)] {
                headingLine = i; headingType = c
                spans["type"] = tv.span(tv.lines[i])
                break
            }
        }
        var titleLines: [Int] = []
        if let h = headingLine {
            var i = h + 1
            while i < n {
                let t = TextKit.stripMarkup(tv.line(i)).trimmingScalars(in: CS.whitespaces)
                if t.isEmpty { if titleLines.isEmpty { i += 1; continue } else { break } }
                let f = TextKit.fold(t)
                let allUpperSoFar = titleLines.allSatisfy { upperRatio(TextKit.stripMarkup(tv.line($0))) > 0.9 }
                if f.hasPrefix("kinh gui") || f.hasPrefix("can cu ") || (f.hasPrefix("thuc hien ") && !titleLines.isEmpty) || (upperRatio(t) > 0.9 && t.count > 3 && (!allUpperSoFar || isCapacity(t))) { break }
                if titleLines.count >= 6 { break }
                titleLines.append(i); i += 1
            }
            if let a = titleLines.first, let b = titleLines.last {
                titleRange = NSRange(location: tv.lines[a].location, length: NSMaxRange(tv.lines[b]) - tv.lines[a].location)
            }
        }

        // --- V/v
        var vvRange: NSRange? = nil
        var vvText: String? = nil
        var vvLineIndex = Int.max
        var vvLastIndex: Int? = nil
        for i in 0..<n {
            let rawLine = tv.line(i)
            guard rawLine.hasBytes("/v") || rawLine.hasBytes("/V") else { continue }
            let cols = columns(rawLine)
            guard let c0 = cols.first, c0.has(#"^[Vv]/[Vv]\b"#) else { continue }
            let trailing = i > n / 2 && doc.number == nil || i > (headerEnd + 10)
            var parts = [c0]
            var last = i
            var j = i + 1
            var count = 0
            while j < n, count < 5 {
                let t = columns(tv.line(j)).first ?? ""
                if t.isEmpty {
                    if trailing { j += 1; continue } else { break }
                }
                let f = TextKit.fold(t)
                if f.hasPrefix("kinh gui") || t.hasBytes("DỰ THẢO") || f.hasBytes(" ngay ") && f.hasBytes(" thang ") && !trailing || Scan.startsWith(t, soColonLiteral) && t.has(soColonPattern) || f.hasPrefix("noi nhan") { break }
                if !trailing, upperRatio(t) > 0.9 { break }
                parts.append(t); last = j; j += 1; count += 1
            }
            var s = TextKit.collapseSpaces(parts.joined(separator: " "))
            s = s.replacingRegex(#"^[Vv]/[Vv]\s*:?\s*"#, with: "")
            vvText = s
            vvLineIndex = i
            vvLastIndex = last
            vvRange = NSRange(location: tv.lines[i].location, length: NSMaxRange(tv.lines[last]) - tv.lines[i].location)
            break
        }

        // --- subject
        if let v = vvText, !v.isEmpty {
            doc.subject = cleanSubject(v)
            spans["subject"] = tv.span(vvRange!)
        } else if !titleLines.isEmpty {
            doc.subject = cleanSubject(titleLines.map { TextKit.stripMarkup(tv.line($0)) }.joined(separator: " "))
            spans["subject"] = tv.span(titleRange!)
        }

        // --- type
        if let t = symbolType { doc.type = t }
        else if let h = headingType { doc.type = h }
        else if vvText != nil || hasSymbol { doc.type = "CV" }
        if spans["type"] == nil, doc.type != nil, let s = spans["number"] { spans["type"] = s }

        // --- Kính gửi
        var kinhGuiLast: Int? = nil
        for i in 0..<n {
            let rawLine = tv.line(i)
            guard rawLine.hasBytes("Kính gửi") else { continue }
            let l = TextKit.stripMarkup(rawLine)
            guard let r = l.range(of: "Kính gửi") else { continue }
            let lt = l.trimmingScalars(in: CS.whitespaces)
            guard lt.hasPrefix("Kính gửi") else { continue }
            var rest = String(l[r.upperBound...]).trimmingScalars(in: CS.chars5)
            var items: [String] = []
            var last = i
            if !rest.isEmpty {
                rest = columns(rest).first ?? rest
                items = splitItems(rest)
            } else {
                var j = i + 1
                while j < n {
                    let t = TextKit.stripMarkup(tv.line(j)).trimmingScalars(in: CS.whitespaces)
                    if t.isEmpty { j += 1; continue }
                    if t.hasPrefix("-") || t.hasPrefix("+") || t.hasPrefix("•") {
                        items.append(contentsOf: splitItems(columns(t).first ?? t)); last = j; j += 1
                    } else { break }
                }
            }
            doc.recipients = items
            kinhGuiLast = last
            spans["recipients"] = tv.span(NSRange(location: tv.lines[i].location, length: NSMaxRange(tv.lines[last]) - tv.lines[i].location))
            break
        }

        // --- Nơi nhận and signature
        var nnLine: Int? = nil
        for i in 0..<n where tv.line(i).hasBytes("Nơi nhận") && TextKit.stripMarkup(tv.line(i)).trimmingScalars(in: CS.whitespaces).hasPrefix("Nơi nhận") {
            nnLine = i; break
        }
        if let nn = nnLine {
            var items: [String] = []
            var last = nn
            let first = columns(tv.line(nn)).first ?? ""
            if let r = first.range(of: ":") {
                let rest = String(first[r.upperBound...]).trimmingScalars(in: CS.whitespaces)
                if !rest.isEmpty { items.append(contentsOf: splitItems(rest)) }
            }
            var j = nn + 1
            while j < n {
                let raw = tv.line(j)
                let t = TextKit.stripMarkup(raw).trimmingScalars(in: CS.whitespaces)
                if t.isEmpty { if items.isEmpty { j += 1; continue } else { break } }
                guard t.hasPrefix("-") || t.hasPrefix("+") || t.hasPrefix("•") else { break }
                items.append(contentsOf: splitItems(columns(raw).first ?? t)); last = j; j += 1
            }
            doc.copiesTo = items
            spans["copiesTo"] = tv.span(NSRange(location: tv.lines[nn].location, length: NSMaxRange(tv.lines[last]) - tv.lines[nn].location))
        }
        findSignature(tv, from: nnLine, into: &doc, spans: &spans)

        // --- issuer
        var headerLines: [String] = []
        var headerRange: NSRange? = nil
        let issuerEnd = soLine ?? dateLine ?? min(n, 6)
        for i in 0..<issuerEnd {
            let l = leftColumn(tv.line(i))
            guard !l.isEmpty, upperRatio(l) > 0.7, !l.hasPrefix("Số"), !l.hasPrefix("V/v") else { continue }
            headerLines.append(l)
            let loc = tv.lines[i].location
            headerRange = headerRange.map { NSUnionRange($0, tv.lines[i]) } ?? NSRange(location: loc, length: tv.lines[i].length)
        }
        if !headerLines.isEmpty, let iss = IssuerNames.fromHeader(headerLines) {
            doc.issuer = iss
            spans["issuer"] = tv.span(headerRange!)
        } else if let (name, r) = inferIssuer(tv, from: afterHeader) {
            doc.issuer = IssuerNames.complete(name, place: doc.place)
            spans["issuer"] = tv.span(r)
        } else if let num = doc.number {
            let sym = DocumentNumber.symbol(of: num)
            if let g = sym.split(whereSeparator: { $0 == "-" || $0 == "/" }).map(String.init).first(where: { symbolIssuers[$0.uppercased()] != nil }),
               let base = symbolIssuers[g.uppercased()] {
                doc.issuer = IssuerNames.complete(base, place: doc.place)
            }
        }

        // --- references
        var bodyStart = n
        let startScan = (headingLine ?? dateLine ?? soLine ?? -1) + 1
        for i in max(0, startScan)..<n {
            let t = TextKit.stripMarkup(tv.line(i)).trimmingScalars(in: CS.whitespaces)
            let c0 = t.utf8.first ?? 0
            if (c0 == 0x49 || c0 == 0x56 || c0 == 0x58 || (c0 >= 0x30 && c0 <= 0x39)) && t.has(#"^(?:[IVX]{1,4}|[0-9]{1,2})\s*[.)]\s*\S"#)
                || Scan.startsWith(t, dieuLiteral) && t.has(dieuPattern)
                || Scan.startsWith(t, quyetLiteral) && t.has(quyetPattern)
                || t.hasPrefix("Nơi nhận") {
                bodyStart = i; break
            }
        }
        // The opening clauses end at the first ordinary paragraph after the title / Kính gửi block.
        var openFrom = startScan
        for x in [titleLines.last, kinhGuiLast, vvRange != nil && vvLineIndex < bodyStart ? vvLastIndex : nil, headingLine, dateLine, soLine] { if let x { openFrom = max(openFrom, x + 1) } }
        var prevEnd: Character? = nil
        var i2 = openFrom
        while i2 < bodyStart {
            let t = TextKit.stripMarkup(tv.line(i2)).trimmingScalars(in: CS.whitespaces)
            if t.isEmpty { i2 += 1; continue }
            let f = TextKit.fold(t)
            let keyword = ["thuc hien", "trien khai", "can cu", "theo de nghi", "xet ", "tiep theo", "thuc hien"].contains { f.hasPrefix($0) }
            let startsUpper = t.first.map { $0.isUppercase } ?? false
            if upperRatio(t) > 0.9 { prevEnd = ":"; i2 += 1; continue }
            if startsUpper && !keyword && (prevEnd == nil || prevEnd == ";" || prevEnd == "." || prevEnd == ":" || prevEnd == ",") {
                bodyStart = i2; break
            }
            prevEnd = t.last
            i2 += 1
        }
        let preStart = tv.lines[min(n - 1, max(0, startScan))].location
        let preEnd = bodyStart < n ? tv.lines[bodyStart].location : tv.length
        let preamble = NSRange(location: min(preStart, preEnd), length: max(0, preEnd - preStart))
        var titles: [NSRange] = []
        if let t = titleRange { titles.append(t) }
        if let v = vvRange { titles.append(v) }
        doc.references = ReferenceExtractor.extract(tv, ownNumber: doc.number, ownType: doc.type, preamble: preamble, title: titles)

        doc.spans = spans
        doc.obligations = ObligationExtractor.extract(text: text, documentDate: doc.date, issuer: doc.issuer, addressees: doc.recipients)
        return doc
    }

    static let symbolIssuers: [String: String] = [
        "SYT": "Sở Y tế", "UBND": "Ủy ban nhân dân", "SGDĐT": "Sở Giáo dục và Đào tạo", "SNV": "Sở Nội vụ",
        "STC": "Sở Tài chính", "STP": "Sở Tư pháp", "SXD": "Sở Xây dựng", "SNNMT": "Sở Nông nghiệp và Môi trường",
        "SCT": "Sở Công Thương", "SKHCN": "Sở Khoa học và Công nghệ", "STNMT": "Sở Tài nguyên và Môi trường",
    ]

    static func cleanSubject(_ s: String) -> String {
        var t = TextKit.collapseSpaces(TextKit.stripMarkup(s))
        t = t.trimmingScalars(in: CS.chars4)
        return t
    }

    static func splitItems(_ s: String) -> [String] {
        var t = s.trimmingScalars(in: CS.whitespaces)
        if t.hasPrefix("-") || t.hasPrefix("+") || t.hasPrefix("•") { t.removeFirst() }
        let parts = TextKit.components(t, " - ").flatMap { TextKit.components($0, "; -") }
        return parts.map { $0.trimmingScalars(in: CS.chars6) }.filter { !$0.isEmpty }
    }

    static func isCapacity(_ seg: String) -> Bool {
        let s = seg.trimmingScalars(in: CS.whitespaces)
        guard s.count >= 4, s.count <= 40, upperRatio(s) > 0.85, !s.hasPrefix("-") else { return false }
        let f = " " + TextKit.fold(s) + " "
        guard f.contains(where: { TextKit.vowels.contains($0) }) else { return false }
        let keys = ["giam doc", "chu tich", "truong", "bi thu", "chanh", "pho", "uy ban", " tm ", " kt ", " tl ", " tuq ", " q ", "chu nhiem", "tong", "thu ky", "dai dien", "cuc truong", "vien truong", "tong bien tap", "ban thuong vu", " t m ", " k t ", " t l ", "thuong truc"]
        // (keys are ASCII: on a simple fold, byte containment is Foundation's `contains`)
        if Scan.isSimple(f) { return keys.contains { f.hasBytes($0) } }
        return keys.contains { f.contains($0) }
    }

    static func isPersonName(_ seg: String) -> Bool {
        let s = seg.trimmingScalars(in: CS.chars0)
        let words = s.split(separator: " ")
        guard (2...6).contains(words.count) else { return false }
        for w in words {
            guard let f = w.first, f.isLetter, f.isUppercase else { return false }
            guard w.dropFirst().allSatisfy({ $0.isLetter && $0.isLowercase }) else { return false }
        }
        let f = TextKit.fold(s)
        let bad = ["nhu tren", "noi nhan", "luu", "ban giam doc", "kinh gui"]
        return !bad.contains { f.hasPrefix($0) }
    }

    /// "NGUYỄN VĂN A" right under a signing capacity.
    static func isUpperName(_ seg: String) -> Bool {
        let s = seg.trimmingScalars(in: CS.chars0)
        let words = s.split(separator: " ")
        guard (2...5).contains(words.count), upperRatio(s) == 1 else { return false }
        guard words.allSatisfy({ w in w.allSatisfy { $0.isLetter } && !TextKit.isAcronym(String(w)) }) else { return false }
        return !isCapacity(s) && !IssuerNames.startsWithOrgHead(s)
    }

    static func findSignature(_ tv: TextView, from nn: Int?, into doc: inout ParsedDocument, spans: inout [String: TextSpan]) {
        let n = tv.lines.count
        func scan(_ range: Range<Int>) -> Bool {
            var caps: [String] = []
            var capRange: NSRange? = nil
            for i in range {
                let raw = tv.line(i)
                let t = TextKit.stripMarkup(raw).trimmingScalars(in: CS.whitespaces)
                if t.hasPrefix("Phụ lục") || t.hasPrefix("PHỤ LỤC") || (t.utf8.first == 0x56 || t.utf8.first == 0x76) && t.has(#"^[Vv]/[Vv]\b"#) { break }
                if i > range.lowerBound, Scan.startsWith(t, soColonLiteral), t.has(soColonPattern) { break }
                var cols = columns(raw)
                if let c = cols.first, c.hasPrefix("-") || c.hasPrefix("+") || c.hasPrefix("Nơi nhận") || c.hasPrefix("•") { cols.removeFirst() }
                for c in cols {
                    let c2 = c.trimmingScalars(in: CS.chars0)
                    if c2.hasPrefix("(") { continue }
                    if isCapacity(c2) {
                        caps.append(c2)
                        let loc = (raw as NSString).range(of: c2).location
                        let r = NSRange(location: tv.lines[i].location + (loc == NSNotFound ? 0 : loc), length: (c2 as NSString).length)
                        capRange = capRange.map { NSUnionRange($0, r) } ?? r
                    } else if isPersonName(c2) || (!caps.isEmpty && isUpperName(c2)) {
                        let name = isPersonName(c2) ? c2 : c2.split(separator: " ").map { TextKit.titleCase(String($0)) }.joined(separator: " ")
                        doc.signer = name
                        let loc = (raw as NSString).range(of: c2).location
                        spans["signer"] = tv.span(NSRange(location: tv.lines[i].location + (loc == NSNotFound ? 0 : loc), length: (c2 as NSString).length))
                        if !caps.isEmpty {
                            doc.signerCapacity = caps.joined(separator: " / ")
                            spans["signerCapacity"] = tv.span(capRange!)
                        }
                        return true
                    }
                }
            }
            if !caps.isEmpty {
                doc.signerCapacity = caps.joined(separator: " / ")
                spans["signerCapacity"] = tv.span(capRange!)
            }
            return false
        }
        if let nn {
            if scan(nn..<n) { return }
            doc.signerCapacity = nil
            if scan(max(0, nn - 12)..<nn) { return }
        } else {
            _ = scan(max(0, n - 20)..<n)
        }
    }

    static let orgInText = #"(?:^|[,;.:]\s*|\n\s*)((?:Ủy ban nhân dân|UBND|Sở|Trung tâm|Trường|Bệnh viện|Chi cục|Cục|Văn phòng|Ban|Phòng|Đảng ủy|Viện|Trạm|Hội đồng)(?:\s+(?!(?:về|của|việc|theo|tại|đã|trong|để|với|đến|các|những|được|sẽ|này|là|đề|báo|xây|ban|thực|triển)\b)[\p{L}0-9&]+){0,10}?)\s+(?:kính\s+)?(?:báo cáo|xây dựng|ban hành|đề nghị|thông báo|yêu cầu|hướng dẫn)\b"#

    /// The issuer named in the opening of a document without a header ("…; Trung tâm Y tế khu vực Thuận An báo cáo…").
    static func inferIssuer(_ tv: TextView, from line: Int) -> (String, NSRange)? {
        let n = tv.lines.count
        guard line < n else { return nil }
        let start = tv.lines[line].location
        let end = NSMaxRange(tv.lines[min(n - 1, line + 30)])
        let re = TextKit.re(orgInText)
        if let m = re.firstMatch(in: tv.text, range: NSRange(location: start, length: end - start)) {
            return (tv.sub(m.range(at: 1)), m.range(at: 1))
        }
        return nil
    }
}

import Foundation
import VietText

/// One document being read: its text, its header, and the fields read so far. Each `read…`
/// method reads one field (or fields written together, like the place and the date) and records
/// where it was read in `spans`.
struct DocumentReading {
    let tv: TextView
    let header: Header
    var doc: ParsedDocument
    var spans: [String: TextSpan] = [:]

    init(tv: TextView, header: Header, doc: ParsedDocument) {
        self.tv = tv; self.header = header; self.doc = doc
    }

    /// The `Số:` field: the number as written (nil when blank: a draft) and the type its symbol names.
    mutating func readNumber() {
        guard header.hasNumberField else { return }
        doc.number = header.number
        if header.blankNumber { doc.draft = true }
        if let r = header.numberRange { spans["number"] = tv.span(r) }
    }

    /// The place-date line: "<Place>, ngày DD tháng MM năm YYYY" (a blank day makes a draft).
    mutating func readPlaceAndDate() {
        guard let d = header.date else { return }
        doc.date = d
        if header.blankDay { doc.draft = true }
        if let r = header.dateRange { spans["date"] = tv.span(r) }
        if let p = header.place, let r = header.placeRange {
            doc.place = p
            spans["place"] = tv.span(r)
        }
    }

    /// Line of the header's last field (number or date), for the readers that still work on lines.
    var headerLine: Int {
        let ends = [header.numberRange.map(NSMaxRange), header.dateRange.map(NSMaxRange)].compactMap { $0 }
        return ends.max().map { tv.lineIndex(at: max(0, $0 - 1)) } ?? 0
    }

    /// "DỰ THẢO" near the header.
    mutating func readDraftMark() {
        let n = tv.lines.count
        let end = min(n, headerLine + 8)
        for i in 0..<end where tv.line(i).hasBytes("DỰ THẢO") || DocumentParser.isDuThao(TextKit.stripMarkup(tv.line(i)).trimmingScalars(in: CharSets.whitespaces)) {
            doc.draft = true
        }
    }

    /// The `V/v` line, else the title under the type heading.
    mutating func readSubject() {
        if let r = subjectRange {
            let v = TextKit.collapseSpaces(TextKit.stripMarkup(tv.sub(r)))
            if !v.isEmpty {
                doc.subject = DocumentParser.cleanSubject(v)
                spans["subject"] = tv.span(NSRange(location: header.subjectStart ?? r.location, length: NSMaxRange(r) - (header.subjectStart ?? r.location)))
                return
            }
        }
        if let r = header.titleRange {
            doc.subject = DocumentParser.cleanSubject(tv.sub(r))
            spans["subject"] = tv.span(r)
        }
    }

    /// The `V/v` subject: in the header, or (a copy that moved it) on a line of its own anywhere.
    var subjectRange: NSRange? {
        if let r = header.subjectRange { return r }
        if header.subjectStart != nil { return nil }
        return DocumentReading.trailingSubject(tv)
    }

    /// A `V/v` line outside the header window (after the signature in some copies): the line and up
    /// to five lines that continue it, blank lines passed over, up to another field.
    static func trailingSubject(_ tv: TextView) -> NSRange? {
        let n = tv.lines.count
        for i in 0..<n {
            let l = tv.line(i)
            guard l.hasBytes("/v") || l.hasBytes("/V") else { continue }
            let t = TextKit.stripMarkup(l).trimmingScalars(in: CharSets.whitespaces)
            guard t.has(#"^[Vv]/[Vv]\b"#) else { continue }
            var last = i
            var j = i + 1
            var parts = 0
            while j < n, parts < 5 {
                let c = DocumentParser.columns(tv.line(j)).first ?? ""
                if c.isEmpty { j += 1; continue }
                let f = VietText.fold(c)
                if f.hasPrefix("kinh gui") || c.hasBytes("DỰ THẢO") || f.hasPrefix("noi nhan") || c.hasPrefix("Số") { break }
                last = j; j += 1; parts += 1
            }
            let lineStart = tv.lines[i].location
            let slash = (l as NSString).range(of: "/")
            let from = lineStart + (slash.location == NSNotFound ? 0 : slash.location + 2)
            return NSRange(location: from, length: NSMaxRange(tv.lines[last]) - from)
        }
        return nil
    }

    /// The type: from the number's symbol, else the heading, else a letter (`V/v`, or a number
    /// whose symbol names no type).
    mutating func readType() {
        if let t = header.symbolType { doc.type = t }
        else if let h = header.headingType {
            doc.type = h
            if let r = header.headingRange { spans["type"] = tv.span(r) }
        }
        else if doc.subject != nil && subjectRange != nil || header.hasNumberField { doc.type = "CV" }
        if spans["type"] == nil, doc.type != nil, let s = spans["number"] { spans["type"] = s }
    }

    /// "Kính gửi": one line of recipients or a list of items.
    mutating func readRecipients() {
        guard let r = header.recipientsRange else { return }
        var text = tv.sub(r)
        // after "Kính gửi" and its colon
        if let k = text.range(of: "gửi") ?? text.range(of: "GỬI") { text = String(text[k.upperBound...]) }
        text = text.trimmingScalars(in: CharSets.spaceAndColon)
        var items: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let t = TextKit.stripMarkup(String(raw)).trimmingScalars(in: CharSets.whitespaces)
            if t.isEmpty { continue }
            let bullet = t.hasPrefix("-") || t.hasPrefix("+") || t.hasPrefix("•")
            let first = DocumentParser.columns(t).first ?? t
            if bullet || items.isEmpty {
                items.append(contentsOf: DocumentParser.splitItems(first))
            } else if let last = items.last {
                // a wrapped item goes on
                items[items.count - 1] = (last + " " + DocumentParser.splitItems(first).joined(separator: " ")).trimmingScalars(in: CharSets.itemEdges)
            }
        }
        doc.recipients = items
        spans["recipients"] = tv.span(r)
    }

    /// "Nơi nhận" and its list; then the signature (capacity and name) after it.
    mutating func readCopiesAndSignature() {
        let n = tv.lines.count
        var nnLine: Int? = nil
        for i in 0..<n where tv.line(i).hasBytes("Nơi nhận") && TextKit.stripMarkup(tv.line(i)).trimmingScalars(in: CharSets.whitespaces).hasPrefix("Nơi nhận") {
            nnLine = i; break
        }
        if let nn = nnLine {
            var items: [String] = []
            var last = nn
            let first = DocumentParser.columns(tv.line(nn)).first ?? ""
            if let r = first.range(of: ":") {
                let rest = String(first[r.upperBound...]).trimmingScalars(in: CharSets.whitespaces)
                if !rest.isEmpty { items.append(contentsOf: DocumentParser.splitItems(rest)) }
            }
            var j = nn + 1
            while j < n {
                let raw = tv.line(j)
                let t = TextKit.stripMarkup(raw).trimmingScalars(in: CharSets.whitespaces)
                if t.isEmpty { if items.isEmpty { j += 1; continue } else { break } }
                guard t.hasPrefix("-") || t.hasPrefix("+") || t.hasPrefix("•") else { break }
                items.append(contentsOf: DocumentParser.splitItems(DocumentParser.columns(raw).first ?? t)); last = j; j += 1
            }
            doc.copiesTo = items
            spans["copiesTo"] = tv.span(NSRange(location: tv.lines[nn].location, length: NSMaxRange(tv.lines[last]) - tv.lines[nn].location))
        }
        Signature.read(tv, from: nnLine, into: &doc, spans: &spans)
    }

    /// The issuer: the header's upper-case lines ("UBND TỈNH NGHỆ AN" / "SỞ Y TẾ" → "Sở Y tế tỉnh
    /// Nghệ An"), a generic name completed with the place of issue; else the body named in the
    /// opening ("…, Trung tâm Y tế khu vực Thuận An báo cáo …"); else the body the symbol names.
    mutating func readIssuer() {
        if let iss = IssuerNames.fromHeader(header.issuerLines) {
            let generic = IssuerNames.naturalCase(iss).generic
            doc.issuer = generic ? IssuerNames.complete(iss, place: doc.place) : iss
            if let r = header.issuerRange { spans["issuer"] = tv.span(r) }
            return
        }
        let afterHeader = min(tv.lines.count, headerLine + 1)
        if let (name, r) = DocumentParser.inferIssuer(tv, from: afterHeader) {
            doc.issuer = IssuerNames.complete(name, place: doc.place)
            spans["issuer"] = tv.span(r)
        } else if let num = doc.number {
            let sym = DocumentNumber.symbol(of: num)
            if let g = sym.split(whereSeparator: { $0 == "-" || $0 == "/" }).map(String.init).first(where: { DocumentParser.symbolIssuers[$0.uppercased()] != nil }),
               let base = DocumentParser.symbolIssuers[g.uppercased()] {
                doc.issuer = IssuerNames.complete(base, place: doc.place)
            }
        }
    }

    /// Mentions of other documents, with their relation read from the opening's clauses and the title.
    mutating func readReferences() {
        let from = min(tv.length, max(header.end, header.numberRange.map(NSMaxRange) ?? 0, header.dateRange.map(NSMaxRange) ?? 0))
        let markersFrom = [header.headingRange, header.dateRange, header.numberRange].compactMap { $0.map(NSMaxRange) }.max() ?? 0
        let bodyStart = Opening.bodyStart(tv, from: from, markersFrom: markersFrom)
        let preamble = NSRange(location: min(from, bodyStart), length: max(0, bodyStart - from))
        var titles: [NSRange] = []
        if let t = header.titleRange { titles.append(t) }
        if let v = subjectRange {
            let s = header.subjectStart ?? v.location
            titles.append(NSRange(location: s, length: NSMaxRange(v) - s))
        }
        doc.references = ReferenceExtractor.extract(tv, ownNumber: doc.number, ownType: doc.type, preamble: preamble, title: titles)
    }

    mutating func readObligations() {
        doc.obligations = ObligationExtractor.extract(text: doc.text, documentDate: doc.date, issuer: doc.issuer, addressees: doc.recipients)
    }
}

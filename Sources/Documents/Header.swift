import Foundation
import VietText

/// A document's header read from its tokens: number, place and date, issuer, type heading, the
/// `V/v` subject and the title.
///
/// Real copies lay the header out every way: two columns side by side, the columns one after the
/// other or interleaved line by line, table cells between pipes, one field over two lines, the
/// whole header on one line glued to the body, Word shape names glued to a field. The reader
/// therefore never relies on where lines end: it finds each field by its own words ("Số:",
/// "ngày … tháng … năm", a type name standing alone in capitals) in the token stream, where a
/// line break, a pipe or a run of spaces is only a boundary of some strength.
struct Header {
    /// The written number, normalised; nil when blank (a draft) or absent.
    var number: String?
    var numberRange: NSRange?
    /// Type code read from the number's symbol (`KH` in `6757/KH-SYT`).
    var symbolType: String?
    /// A `Số:` field was read (even a blank one).
    var hasNumberField = false
    var blankNumber = false
    var date: DocDate?
    /// The day is blank: a draft.
    var blankDay = false
    var dateRange: NSRange?
    var place: String?
    var placeRange: NSRange?
    /// Upper-case issuer lines, top to bottom, as `IssuerNames.fromHeader` reads them.
    var issuerLines: [String] = []
    var issuerRange: NSRange?
    var headingType: String?
    var headingRange: NSRange?
    /// The `V/v` subject (its range covers the text after "V/v").
    var subjectRange: NSRange?
    var subjectStart: Int?
    /// The title after the heading.
    var titleRange: NSRange?
    /// The "Kính gửi" block.
    var recipientsRange: NSRange?
    /// UTF-16 offset just after the last header element read (number, date, heading, title, V/v, Kính gửi).
    var end = 0
    /// UTF-16 offset of the first body marker in the header window ("Căn cứ", "Thực hiện", "Điều 1"…).
    var bodyMarker: Int
}

enum HeaderReader {
    /// How far the header is looked for.
    static let windowUnits = 6000
    static let windowTokens = 700

    static let so = units("số"), ngay = units("ngày"), thang = units("tháng"), nam = units("năm")
    static let kinh = units("kính"), gui = units("gửi"), noi = units("nơi"), nhan = units("nhận")
    static let can = units("căn"), cu = units("cứ"), thuc = units("thực"), hien = units("hiện")
    static let trien = units("triển"), khai = units("khai"), xet = units("xét"), theo = units("theo")
    static let de = units("đề"), nghi = units("nghị"), tiep = units("tiếp"), dieu = units("điều")
    static let quyet = units("quyết"), dinh = units("định"), sau = units("sau"), khi = units("khi")
    static let du = units("dự"), thao = units("thảo"), ve = units("về"), viec = units("việc")
    static let cong = units("cộng"), hoa = units("hòa"), xa = units("xã"), hoi = units("hội")
    static let nghia = units("nghĩa"), viet = units("việt")

    /// The national motto, the slogan and the Party motto, whole, then the pieces a copy may cut
    /// them into (a table row, a wrapped line): "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" | "VIỆT NAM".
    static let mottos: [[[UInt16]]] = [
        ["cộng", "hòa", "xã", "hội", "chủ", "nghĩa", "việt", "nam"],
        ["độc", "lập", "tự", "do", "hạnh", "phúc"],
        ["đảng", "cộng", "sản", "việt", "nam"],
        ["cộng", "hòa", "xã", "hội", "chủ", "nghĩa"], ["xã", "hội", "chủ", "nghĩa", "việt", "nam"],
        ["cộng", "hòa", "xã", "hội"], ["chủ", "nghĩa", "việt", "nam"], ["xã", "hội", "chủ", "nghĩa"],
        ["đảng", "cộng", "sản"], ["cộng", "hòa"], ["chủ", "nghĩa"], ["độc", "lập"], ["tự", "do"], ["hạnh", "phúc"],
        ["dự", "thảo"],
    ].map { $0.map(units) }

    /// Words that mark a document rather than name its issuer.
    /// (Compared with their accents: "MẬT" marks a document, "MẮT" names a hospital.)
    static let markerWords: Set<String> = ["dự thảo", "mật", "tối mật", "tuyệt mật", "khẩn", "thượng khẩn", "hỏa tốc", "hỏa tốc hẹn giờ", "bản sao"]

    static func read(_ tv: TextView) -> Header {
        let ts = TokenStream(tv, to: min(tv.length, windowUnits), limit: windowTokens)
        var h = Header(bodyMarker: ts.end)
        let n = ts.count
        guard n > 0 else { return h }
        let motto = mottoTokens(ts)
        let stop = bodyMarker(ts)
        if stop < n { h.bodyMarker = ts[stop].start }

        // Số: the number
        var soToken: Int? = nil
        var numberEnd: Int? = nil
        for k in 0..<stop where ts[k].capital && ts.isWord(k, so) {
            var p = ts[k].end
            var colon = false
            if k + 1 < n, ts.isMark(k + 1, 0x3A) { p = ts[k + 1].end; colon = true }
            guard let found = NumberScanner.scanHeader(tv.u16, after: p, end: min(tv.length, p + 160)) else { continue }
            // "Số" without a colon stands at a line or cell start, or after debris ("2Số")
            if !colon && !(k == 0 || ts[k].gap & (Gap.line | Gap.pipe | Gap.wide | Gap.markup) != 0 || ts[k].glued || ts[k - 1].isMark) { continue }
            soToken = k
            h.hasNumberField = true
            h.numberRange = found.range
            numberEnd = NSMaxRange(found.range)
            h.number = DocumentNumber.normalize(found.text)
            var compact = found.text
            if compact.hasPrefix("/") || compact.hasPrefix("-") { compact = "0" + compact }
            h.symbolType = DocumentNumber.typeCode(of: compact)
            h.blankNumber = h.number == nil
            break
        }

        // Place and date
        var placeStart: Int? = nil
        var dateToken: Int? = nil
        var dateLast: Int? = nil
        for k in 0..<stop where ts.isWord(k, ngay) {
            guard let (d, last) = readDate(ts, after: k) else { continue }
            guard let place = ownDatePlace(ts, ngay: k, motto: motto, number: h.numberRange) else { continue }
            dateToken = k
            dateLast = last
            h.dateRange = NSRange(location: ts[k].start, length: ts[last].end - ts[k].start)
            if let day = d.day, DocDate.isValid(year: d.year, month: d.month!, day: day) { h.date = d }
            else { h.date = DocDate(year: d.year, month: d.month); h.blankDay = true }
            if let (a, b) = place {
                let r = NSRange(location: ts[a].start, length: ts[b].end - ts[a].start)
                let s = TextKit.collapseSpaces(TextKit.stripMarkup(tv.sub(r)))
                if !s.isEmpty, s.count <= 40 { h.place = s; h.placeRange = r }
                placeStart = a
            }
            break
        }

        // The heading: the first upper-case run after the number and date that opens with a type name
        let afterFields = max(soToken.map { _ in ts.index(atOrAfter: numberEnd!) } ?? 0, dateLast.map { $0 + 1 } ?? 0)
        var headingToken: Int? = nil
        var headingLast: Int? = nil
        var k = afterFields
        while k < stop {
            let t = ts[k]
            guard t.isWord, t.upper, !motto[k], k == afterFields || !(ts[k - 1].isWord && ts[k - 1].upper) || t.gap & (Gap.line | Gap.blank | Gap.pipe | Gap.wide) != 0 else { k += 1; continue }
            if let (code, last) = typeHeading(ts, at: k), !(last + 1 < n && ts.isMark(last + 1, 0x3A)) {
                headingToken = k; headingLast = last
                h.headingType = code
                h.headingRange = NSRange(location: t.start, length: ts[last].end - t.start)
                break
            }
            k += 1
        }

        // Issuer: the upper-case words before the number (or the date, or the heading)
        let issuerEnd = soToken ?? [placeStart ?? dateToken, headingToken].compactMap { $0 }.min() ?? min(stop, firstLines(ts, 6))
        var pieces = issuerPieces(ts, from: 0, to: issuerEnd, motto: motto)
        // a flattened header goes on after the number: "Số: 367-QĐ/TWĐTN-VPĐOÀN TNCS HỒ CHÍ MINH Hà Nội, ngày"
        if let ne = numberEnd, let ps = placeStart ?? dateToken, ts[ps].start > ne {
            let a = ts.index(atOrAfter: ne)
            let first = a > 0 && ts[a - 1].end > ne ? a - 1 : a
            // (only a name glued to the number, or one that starts with a body: "VIỆT NAM" after the
            // number is the motto's end in the right column)
            let glued = ts[first].start < ne || ts[first].start == ne
            if first < ps, (first..<ps).allSatisfy({ qualifiesForIssuer(ts, $0) && !motto[$0] && ($0 == first || ts[$0].gap & (Gap.blank | Gap.pipe | Gap.wide) == 0) }),
               ts[first].gap & (Gap.line | Gap.blank | Gap.pipe | Gap.wide) == 0,
               glued || IssuerNames.startsWithOrgHead(ts.text(first, min(ps - 1, first + 2))) {
                let r = NSRange(location: max(ne, ts[first].start), length: ts[ps - 1].end - max(ne, ts[first].start))
                let s = tv.sub(r).trimmingScalars(in: CharSets.whitespaces)
                if !s.isEmpty { pieces.append((s, r)) }
            }
        }
        h.issuerLines = pieces.map(\.0)
        h.issuerRange = pieces.map(\.1).reduce(nil) { acc, r in acc.map { NSUnionRange($0, r) } ?? r }

        // V/v subject
        var lastEnd = [numberEnd, dateLast.map { ts[$0].end }, headingLast.map { ts[$0].end }].compactMap { $0 }.max() ?? 0
        for k in 0..<stop where isVv(ts, k) {
            let from = k + 3 < n && ts.isMark(k + 3, 0x3A) ? k + 4 : k + 3
            let last = subjectEnd(ts, from: from, stop: stop, motto: motto, placeStart: placeStart, dateToken: dateToken, soToken: soToken)
            h.subjectStart = ts[k].start
            if let last, last >= from {
                h.subjectRange = NSRange(location: ts[from].start, length: ts[last].end - ts[from].start)
                lastEnd = max(lastEnd, ts[last].end)
            } else {
                lastEnd = max(lastEnd, ts[min(n - 1, k + 2)].end)
            }
            break
        }

        // The title after the heading (a footnote mark glued to the heading left out: "KẾ HOẠCH(1)")
        if var hl = headingLast, hl + 1 < n {
            if hl + 3 < n, ts[hl + 1].glued, ts.isMark(hl + 1, 0x28) || ts.isMark(hl + 1, 0x5B), ts[hl + 2].isNumber,
               ts.isMark(hl + 3, 0x29) || ts.isMark(hl + 3, 0x5D) { hl += 3 }
            // A page number on a line of its own between the heading and the title (a PDF's page
            // break there) is no title.
            while hl + 2 < n, ts[hl + 1].isNumber, ts[hl + 1].afterLineBreak, ts[hl + 1].length <= 3, ts[hl + 2].afterLineBreak { hl += 1 }
            if hl + 1 < n, let last = titleEnd(ts, from: hl + 1, motto: motto), last > hl {
                h.titleRange = NSRange(location: ts[hl + 1].start, length: ts[last].end - ts[hl + 1].start)
                lastEnd = max(lastEnd, ts[last].end)
            }
        }

        // Kính gửi
        for k in 0..<n where ts.isWord(k, kinh) && ts.isWord(k + 1, gui) && ts[k].capital {
            let from = k + 2 < n && ts.isMark(k + 2, 0x3A) ? k + 3 : k + 2
            let last = recipientsEnd(ts, from: from)
            h.recipientsRange = NSRange(location: ts[k].start, length: ts[max(last, k + 1)].end - ts[k].start)
            lastEnd = max(lastEnd, ts[max(last, k + 1)].end)
            break
        }
        h.end = lastEnd
        return h
    }
}

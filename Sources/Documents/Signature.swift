import Foundation
import VietText

/// The signature: the signing capacity ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC") and the name under it.
enum Signature {
    /// Reads the signature after "Nơi nhận" (line `nn`), or at the end of the text. When the lines
    /// give no name (a conversion glued the name to its capacity, "PHÓ CHỦ TỊCHNguyễn Thị Thu", or
    /// the copy is on one line), the name is read from the tokens of the end of the text.
    static func read(_ tv: TextView, from nn: Int?, into doc: inout ParsedDocument, spans: inout [String: TextSpan]) {
        byLines(tv, from: nn, into: &doc, spans: &spans)
        if doc.signer == nil { byTokens(tv, into: &doc, spans: &spans) }
    }

    /// The signature by lines: capacity lines, then the name in its column.
    static func byLines(_ tv: TextView, from nn: Int?, into doc: inout ParsedDocument, spans: inout [String: TextSpan]) {
        let n = tv.lines.count
        func scan(_ range: Range<Int>) -> Bool {
            var caps: [String] = []
            var capRange: NSRange? = nil
            for i in range {
                let raw = tv.line(i)
                let t = TextKit.stripMarkup(raw).trimmingScalars(in: CharSets.whitespaces)
                if t.hasPrefix("Phụ lục") || t.hasPrefix("PHỤ LỤC") || (t.utf8.first == 0x56 || t.utf8.first == 0x76) && t.has(#"^[Vv]/[Vv]\b"#) { break }
                if i > range.lowerBound, Scan.startsWith(t, "Số"), t.has(#"^Số\s*:"#) { break }
                var cols = DocumentParser.columns(raw)
                if let c = cols.first, c.hasPrefix("-") || c.hasPrefix("+") || c.hasPrefix("Nơi nhận") || c.hasPrefix("•") { cols.removeFirst() }
                for c in cols {
                    let c2 = c.trimmingScalars(in: CharSets.spaceAndEmphasis)
                    if c2.hasPrefix("(") { continue }
                    if DocumentParser.isCapacity(c2) {
                        caps.append(c2)
                        let loc = (raw as NSString).range(of: c2).location
                        let r = NSRange(location: tv.lines[i].location + (loc == NSNotFound ? 0 : loc), length: (c2 as NSString).length)
                        capRange = capRange.map { NSUnionRange($0, r) } ?? r
                    } else if DocumentParser.isPersonName(c2) || (!caps.isEmpty && DocumentParser.isUpperName(c2)) {
                        var name = DocumentParser.isPersonName(c2) ? c2 : c2.split(separator: " ").map { TextKit.titleCase(String($0)) }.joined(separator: " ")
                        let loc = (raw as NSString).range(of: c2).location
                        var span = NSRange(location: tv.lines[i].location + (loc == NSNotFound ? 0 : loc), length: (c2 as NSString).length)
                        // A hard wrap may have cut the name: its first words end the line above
                        // ("- Lưu: VT.      Phạm" ⏎ "Đình Khôi"), its last word starts the line below.
                        if let (before, r) = nameFragment(tv, i - 1, last: true), i - 1 >= range.lowerBound,
                           DocumentParser.isPersonName(before + " " + name) {
                            name = before + " " + name
                            span = NSUnionRange(r, span)
                        }
                        if let (after, r) = nameFragment(tv, i + 1, last: false), i + 1 < n,
                           DocumentParser.isPersonName(name + " " + after), name.split(separator: " ").count + after.split(separator: " ").count <= 5 {
                            name = name + " " + after
                            span = NSUnionRange(span, r)
                        }
                        doc.signer = name
                        spans["signer"] = tv.span(span)
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

    /// One or two capitalised words ("Phạm", "Minh Nguyệt") standing alone at the end (`last`) or
    /// as the whole (not `last`) of line `i`: a piece of a name a hard wrap cut off, with its range.
    static func nameFragment(_ tv: TextView, _ i: Int, last: Bool) -> (String, NSRange)? {
        guard i >= 0, i < tv.lines.count else { return nil }
        let raw = tv.line(i)
        let cols = DocumentParser.columns(raw)
        guard let c = (last ? cols.last : cols.first), last || cols.count == 1 else { return nil }
        let t = c.trimmingScalars(in: CharSets.spaceAndEmphasis)
        let words = t.split(separator: " ")
        guard (1...2).contains(words.count), !DocumentParser.isCapacity(t) else { return nil }
        for w in words {
            guard let f = w.first, f.isLetter, f.isUppercase, w.count >= 2,
                  w.dropFirst().allSatisfy({ $0.isLetter && $0.isLowercase }) else { return nil }
        }
        let loc = (raw as NSString).range(of: t, options: last ? .backwards : []).location
        guard loc != NSNotFound else { return nil }
        return (t, NSRange(location: tv.lines[i].location + loc, length: (t as NSString).length))
    }

    /// When the words before token `a` end the recipients' "Lưu …" item, the last token of the
    /// capacity written before that list (within its reach), or nil.
    static func capacityBeforeRecipients(_ ts: TokenStream, before a: Int) -> Int? {
        var l = a - 1
        while l >= 0, a - l <= 12 {
            if ts[l].isWord, VietText.fold(ts.text(l, l)) == "luu" { break }
            l -= 1
        }
        guard l >= 0, a - l <= 12 else { return nil }
        var j = l - 1
        while j >= 0, l - j <= 80 {
            if ts[j].isWord, ts[j].upper {
                var c = j
                while c - 1 >= 0, (ts[c - 1].isWord && ts[c - 1].upper) || ts.isMark(c - 1, 0x2E) { c -= 1 }
                if DocumentParser.isCapacity(ts.text(c, j)) || DocumentParser.isCapacity(ts.text(max(c, j - 2), j)) { return j }
                j = c - 1
                continue
            }
            j -= 1
        }
        return nil
    }

    /// Two words that start what may follow a signature: a heading or a web page's footer.
    static let afterSignature: Set<String> = ["phu luc", "tai ve", "ghi chu", "noi nhan", "ban in", "trang chu", "xem them"]

    static let signedWords: Set<String> = ["da ki", "ki", "ki ten", "da ki va dong dau", "ki ten dong dau", "ki va ghi ro ho ten", "ki ghi ro ho ten", "ki so"]

    /// The name after the last capacity of the text's end, on tokens: a capacity run in capitals
    /// ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH"), an optional "(đã ký)", then two to six capitalised words, or
    /// an upper-case name after a capacity.
    static func byTokens(_ tv: TextView, into doc: inout ParsedDocument, spans: inout [String: TextSpan]) {
        let from = max(0, tv.length - 1500)
        let ts = TokenStream(tv, from: from)
        let n = ts.count
        var k = n - 1
        // from the end: the last run of capitalised words that is a person's name
        while k >= 1 {
            guard ts[k].isWord, ts[k].capital, !ts[k].upper else { k -= 1; continue }
            var a = k
            // A name's last word may stand alone on the next line (a wrap), never with words after
            // it ("Nguyễn Thị Thu" ⏎ "Tải về bản gốc…" is no name "Nguyễn Thị Thu Tải").
            let breaks = Gap.line | Gap.blank | Gap.pipe | Gap.wide
            let aloneOnItsLine = k + 1 >= n || !ts[k + 1].isWord || ts[k + 1].gap & breaks != 0
            while a - 1 >= 0, ts[a - 1].isWord, ts[a - 1].capital, !ts[a - 1].upper, k - a < 5, ts[a].gap & breaks == 0 || (a == k && aloneOnItsLine) { a -= 1 }
            // the words must stand after a capacity (possibly with "(đã ký)" between)
            var b = a - 1
            if b >= 0, ts.isMark(b, 0x29) {
                var o = b - 1
                while o >= 0, !ts.isMark(o, 0x28), b - o < 8 { o -= 1 }
                if o >= 0, signedWords.contains(VietText.fold(ts.text(o + 1, b - 1))) { b = o - 1 } else { k = a - 1; continue }
            }
            // On one line (a copy that lost its line breaks) the "Nơi nhận" column comes between
            // the capacity and the name: "… HIỆU TRƯỞNG - Như trên; - Lưu: VT. Võ Văn Thắng".
            if !(b >= 0 && ts[b].isWord && ts[b].upper), let end = capacityBeforeRecipients(ts, before: a) { b = end }
            guard b >= 0, ts[b].isWord, ts[b].upper else { k = a - 1; continue }
            var c = b
            while c - 1 >= 0, (ts[c - 1].isWord && ts[c - 1].upper) || ts.isMark(c - 1, 0x2E) { c -= 1 }
            let capacity = ts.text(c, b)
            guard DocumentParser.isCapacity(capacity) || DocumentParser.isCapacity(ts.text(max(c, b - 2), b)) else { k = a - 1; continue }
            // "Hồ Sỹ Toàn Phụ lục …": on one line, the heading after the signature starts with a
            // capital too.
            var last = k
            if k + 1 < n, k > a, ts[k + 1].isWord, afterSignature.contains(VietText.fold(ts.text(k, k + 1))) { last = k - 1 }
            let name = ts.text(a, last)
            guard DocumentParser.isPersonName(TextKit.collapseSpaces(name)) else { k = a - 1; continue }
            doc.signer = TextKit.collapseSpaces(name)
            spans["signer"] = tv.span(NSRange(location: ts[a].start, length: ts[last].end - ts[a].start))
            if doc.signerCapacity == nil {
                doc.signerCapacity = TextKit.collapseSpaces(capacity)
                spans["signerCapacity"] = tv.span(NSRange(location: ts[c].start, length: ts[b].end - ts[c].start))
            }
            return
        }
    }
}

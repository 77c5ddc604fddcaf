import Foundation
import VietText

/// Rich Text Format (often saved with a .doc name by old Word versions) read directly: control
/// words for paragraphs, tabs, table cells and rows, `\uN` Unicode characters with their fallback
/// skipped, `\'hh` bytes in the document's code page (Windows-1252 or 1258), destinations that are
/// not text (font and colour tables, pictures, headers, field instructions…) left out. Text typed
/// in TCVN3/VNI fonts comes out as Latin-1 mojibake and is repaired like any other.
///
/// Total and linear on any bytes: numeric parameters are read to at most 10 digits and converted
/// with checks (`\u9999999999` is no character, not a trap), `\binN` skips at most what is left,
/// group nesting is tracked to 10,000 levels, and the budget is checked as it goes.
enum RTF {
    /// Destinations whose content is not document text.
    static let skipped: Set<String> = [
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer", "headerl", "headerr",
        "headerf", "footerl", "footerr", "footerf", "listtable", "listoverridetable", "rsidtbl", "generator",
        "xmlnstbl", "themedata", "colorschememapping", "latentstyles", "datastore", "mmathPr", "fldinst",
        "bkmkstart", "bkmkend", "shppict", "nonshppict", "ftnsep", "ftnsepc", "aftnsep", "aftnsepc", "pgdsctbl",
        "revtbl", "userprops", "wgrffmtfilter", "docvar", "panose", "filetbl", "pnseclvl", "blipuid", "footnote",
        "annotation", "atnid", "atnauthor", "template", "falt", "fontemb", "fontfile", "listpicture", "protusertbl",
        "xform", "objdata", "result", "sp", "sn", "sv", "txe", "writereservation", "passwordhash",
    ]

    static func extract(_ data: [UInt8], budget: Budget) throws -> ExtractedText {
        let raw = try text(data, budget: budget)
        guard raw.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) || data.count < 200 else {
            throw Ingest.Skip("corrupt or empty RTF (no text found)", .corrupt)
        }
        try budget.text(raw.utf8.count)
        var dropped = 0
        let (t, conv) = try EncodingDetector.repairMojibake(raw, droppedMarks: &dropped, budget: budget)
        return ExtractedText(text: t, format: .rtf, conversions: ["RTF → text"] + conv, warnings: TextFile.droppedNote(dropped).map { [$0] } ?? [])
    }

    /// The text of RTF bytes, with no budget (tests, fuzzing).
    static func text(_ p: [UInt8]) -> String { (try? text(p, budget: .unlimited())) ?? "" }

    struct State {
        var skip = false
        var uc = 1
    }

    static func text(_ p: [UInt8], budget: Budget) throws(Budget.Exceeded) -> String {
        var out = String.UnicodeScalarView()
        var stack: [State] = []
        var st = State()
        var codepage1258 = false
        var pendingSkip = 0      // fallback characters still to drop after \uN
        var starDestination = false
        let n = p.count
        var i = 0
        func emit(_ v: UInt32) {
            if pendingSkip > 0 { pendingSkip -= 1; return }
            if !st.skip, let u = Unicode.Scalar(v) { out.append(u) }
        }
        while i < n {
            try budget.tick()
            let b = p[i]
            switch b {
            case 0x7B: // {
                if stack.count < 10_000 { stack.append(st) }
                starDestination = false
                pendingSkip = 0
                i += 1
            case 0x7D: // }
                if let s = stack.popLast() { st = s }
                pendingSkip = 0
                i += 1
            case 0x0D, 0x0A:
                i += 1
            case 0x5C: // backslash
                i += 1
                guard i < n else { break }
                let c = p[i]
                if (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) {
                    var j = i
                    while j < n && ((p[j] >= 0x61 && p[j] <= 0x7A) || (p[j] >= 0x41 && p[j] <= 0x5A)) && j - i < 32 { j += 1 }
                    let word = String(decoding: p[i..<j], as: UTF8.self)
                    // At most 10 digits: the value fits an Int whatever they are.
                    var param: Int? = nil
                    var k = j
                    var neg = false
                    if k < n && p[k] == 0x2D { neg = true; k += 1 }
                    var digits = 0
                    var v = 0
                    while k < n && p[k] >= 0x30 && p[k] <= 0x39 && digits < 10 { v = v * 10 + Int(p[k] - 0x30); k += 1; digits += 1 }
                    if digits > 0 { param = neg ? -v : v; j = k }
                    if j < n && p[j] == 0x20 { j += 1 }
                    i = j
                    let wasStar = starDestination
                    starDestination = false
                    // \upr{ANSI}{\*\ud{Unicode}}: keep the Unicode version only.
                    if word == "upr" { st.skip = true; continue }
                    if word == "ud" { st.skip = false; continue }
                    if word == "bin" {
                        // \binN: N bytes of binary data follow (at most what is left).
                        i += min(max(0, param ?? 0), n - i)
                        continue
                    }
                    if skipped.contains(word) || wasStar {
                        // A known non-text destination, or an unknown \* one: drop the group.
                        st.skip = true
                        continue
                    }
                    switch word {
                    case "par", "line", "sect", "page", "row": emit(0x0A)
                    case "tab": emit(0x09)
                    case "cell": for _ in 0..<4 { emit(0x20) }
                    case "emdash": emit(0x2014)
                    case "endash": emit(0x2013)
                    case "lquote": emit(0x2018)
                    case "rquote": emit(0x2019)
                    case "ldblquote": emit(0x201C)
                    case "rdblquote": emit(0x201D)
                    case "bullet": emit(0x2022)
                    case "uc": st.uc = max(0, min(param ?? 1, 10))
                    case "u":
                        if var u = param {
                            // A signed 16-bit value in the specification; anything else that is a
                            // character is taken, the rest (\u9999999999) dropped.
                            if u < 0 { u += 65536 }
                            if u > 0, let v = UInt32(exactly: u), let s = Unicode.Scalar(v) { pendingSkip = 0; emit(s.value) }
                            pendingSkip = st.uc
                        }
                    case "ansicpg":
                        codepage1258 = param == 1258
                    default: break
                    }
                } else {
                    i += 1
                    switch c {
                    case 0x27: // \'hh
                        if i + 1 < n, let h = UInt8(String(decoding: p[i..<(i + 2)], as: UTF8.self), radix: 16) {
                            i += 2
                            emit(codepage1258 ? LegacyEncoding.windows1258.scalar(ofByte: h).value : LegacyEncoding.windows1252(h).value)
                        }
                    case 0x2A: starDestination = true         // \*
                    case 0x7E: emit(0xA0)                     // \~
                    case 0x5F: emit(0x2D)                     // \_
                    case 0x2D: emit(0xAD)                     // \- optional hyphen: U+00AD (TCVN3's ư in a .VnTime font)
                    case 0x0D, 0x0A: emit(0x0A)               // \<newline> = \par
                    case 0x7B, 0x7D, 0x5C: emit(UInt32(c))    // \{ \} \\
                    default: break
                    }
                }
            default:
                // Plain text: ASCII, or UTF-8 written by some tools.
                if b < 0x80 {
                    emit(UInt32(b))
                    i += 1
                } else {
                    emit(LegacyEncoding.windows1252(b).value)
                    i += 1
                }
            }
        }
        return String(out)
    }
}

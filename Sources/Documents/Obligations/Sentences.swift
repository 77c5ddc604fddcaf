import Foundation

// Blocks (paragraphs, list items) and sentences of the cleaned text, and whether the document is
// a report.

extension ObligationExtractor {
    // MARK: - Document type

    /// A report (type BÁO CÁO): its number is `…/BC-…` or its first type heading is "BÁO CÁO".
    static func isReport(_ text: CleanedText) -> Bool {
        let headLen = min(text.count, 1500)
        let head = NSRange(location: 0, length: headLen)
        if mayHoldReportNumber(text, headLen), Patterns.reportNumber.first(text, head) != nil { return true }
        var lineStart = 0, lines = 0
        var i = 0
        while i <= text.count && lines < 60 {
            if i == text.count || text.units[i] == Unit.newline {
                if mayBeTypeLine(text, lineStart, i) {
                    let line = text.string(NSRange(location: lineStart, length: i - lineStart))
                    if let m = Patterns.typeLine.first(in: line) {
                        return (line as NSString).substring(with: m.range(at: 1)) == Vocabulary.typeHeadings[0]
                    }
                }
                lines += 1
                lineStart = i + 1
            }
            i += 1
        }
        return false
    }

    static let reportNumberUnits = (so: Array(Patterns.reportNumberWords.so.utf16), bc: Array(Patterns.reportNumberWords.bc.utf16))

    /// Prefilter of `Patterns.reportNumber`: both its words ("Số", "BC", case-sensitive) in the head.
    static func mayHoldReportNumber(_ text: CleanedText, _ headLen: Int) -> Bool {
        text.units.withUnsafeBufferPointer { u in
            let head = UnsafeBufferPointer(rebasing: u[0..<headLen])
            return reportNumberUnits.so.withUnsafeBufferPointer { String.bytesContain(head, $0) }
                && reportNumberUnits.bc.withUnsafeBufferPointer { String.bytesContain(head, $0) }
        }
    }

    static let typeHeadingFirstUnits = Set(Vocabulary.typeHeadings.map { $0.utf16.first! })
    static let typeHeadingLongest = Vocabulary.typeHeadings.map(\.utf16.count).max()!

    /// Prefilter of `Patterns.typeLine` (`^\\s*` then one of the headings, then `\\s*$`): the first
    /// unit after the spaces starts a heading, and the line is no longer than the longest one.
    static func mayBeTypeLine(_ text: CleanedText, _ from: Int, _ to: Int) -> Bool {
        let u = text.units
        let c = u.withUnsafeBufferPointer { Unit.firstAfterSpaces($0, from, to) }
        guard let c else { return false }
        if c == 0xFFFF { return true }
        guard typeHeadingFirstUnits.contains(c) else { return false }
        // Only `\\s` may follow the heading: a longer line (ASCII spaces trimmed) cannot match
        // unless it ends in other white space.
        var e = to
        while e > from && (u[e - 1] == 0x20 || (u[e - 1] >= 0x09 && u[e - 1] <= 0x0D)) { e -= 1 }
        var s = from
        while s < e && (u[s] == 0x20 || (u[s] >= 0x09 && u[s] <= 0x0D)) { s += 1 }
        return e - s <= typeHeadingLongest || Unit.isOtherSpace(u[e - 1])
    }

    // MARK: - List markers

    static let markerFirstUnits: Set<UInt16> = {
        var s = Set<UInt16>((0x30...0x39).map { UInt16($0) })   // digits
        s.formUnion(Vocabulary.bullets.utf16)
        s.formUnion(Vocabulary.romanLetters.utf16)
        s.formUnion((0x61...0x7A).map { UInt16($0) })           // a–z
        s.formUnion("đ".utf16)
        s.formUnion(Vocabulary.numberedHeadings.map { $0.utf16.first! })
        return s
    }()

    /// Prefilter of `Patterns.listMarker`: the first unit after the spaces may start a marker (a
    /// unit that is not a simple scalar may be a digit: `\\d` is Unicode).
    static func mayStartListMarker(_ c: UInt16?) -> Bool {
        guard let c else { return false }
        return markerFirstUnits.contains(c) || (c >= 0x80 && Unit.isUnusual(c))
    }

    static func mayStartListMarker(_ t: String) -> Bool {
        let u = Array(t.utf16)
        return u.withUnsafeBufferPointer { mayStartListMarker(Unit.firstAfterSpaces($0, 0, $0.count)) }
    }

    static func mayStartListMarker(_ text: CleanedText, _ r: NSRange) -> Bool {
        text.units.withUnsafeBufferPointer { mayStartListMarker(Unit.firstAfterSpaces($0, r.location, r.location + r.length)) }
    }

    static func isListItem(_ text: CleanedText, _ r: NSRange) -> Bool {
        mayStartListMarker(text, r) && Patterns.listMarker.first(text, r) != nil
    }

    /// `t` without its leading list marker.
    static func droppingListMarker(_ t: String) -> String {
        if mayStartListMarker(t), let m = Patterns.listMarker.first(in: t) { return String((t as NSString).substring(from: m.range.length)) }
        return t
    }

    // MARK: - Blocks and sentences

    /// Paragraphs / list items, joining lines broken inside a sentence.
    static func blocks(_ text: CleanedText) -> [NSRange] {
        let u = text.units
        var lines: [NSRange] = []
        var start = 0
        for i in 0...text.count {
            if i == text.count || u[i] == Unit.newline {
                lines.append(text.trimmed(NSRange(location: start, length: i - start)))
                start = i + 1
            }
        }
        var out: [NSRange] = []
        var current: NSRange? = nil
        var previousLine: NSRange? = nil
        var blank = false
        // The last single-number list marker ("3." / "3)") taken as one.
        var lastNumberMarker = 0
        for line in lines {
            if line.length == 0 { blank = true; continue }
            defer { previousLine = line; blank = false }
            let number = isListItem(text, line) ? numberMarker(u, line) : nil
            guard let c = current, let pl = previousLine else {
                current = line
                if let number { lastNumberMarker = number }
                continue
            }
            let last = u[pl.location + pl.length - 1]
            let first = u[line.location]
            let endsPunct = [Unit.period, Unit.semicolon, Unit.colon, 0x21, 0x3F].contains(last)
            let heading = isCapitals(text, pl)
            var isList = isListItem(text, line)
            // A hard-wrapped line may start with a number that only looks like a list marker
            // ("… trước ngày 15 tháng" ⏎ "6) và hằng năm …"): mid-sentence (no blank line, no
            // closing punctuation, not after a heading), after a word that wants a number or out
            // of the list's sequence, it goes on the sentence.
            if isList, !blank, !endsPunct, !heading, let n = number,
               endsWithNumberWord(text, pl) || (n != 1 && n != lastNumberMarker + 1) {
                isList = false
            } else if let number, isList {
                lastNumberMarker = number
            }
            let continues = !isList && (Unit.isLower(first) || (!blank && !endsPunct && !heading))
            if continues {
                current = NSRange(location: c.location, length: line.location + line.length - c.location)
            } else {
                out.append(c)
                current = line
            }
        }
        if let c = current { out.append(c) }
        return out
    }

    /// The number of a line's single-number list marker ("6)", "6."; not "1.2." or "a)"), or nil.
    static func numberMarker(_ u: [UInt16], _ r: NSRange) -> Int? {
        var i = r.location
        let end = r.location + r.length
        while i < end, Unit.isSpace(u[i]) { i += 1 }
        var n = 0, digits = 0
        while i < end, Unit.isDigit(u[i]), digits < 3 { n = n * 10 + Int(u[i] - 0x30); digits += 1; i += 1 }
        guard digits > 0, digits < 3 else { return nil }
        while i < end, u[i] == Unit.space { i += 1 }
        guard i < end, u[i] == Unit.period || u[i] == 0x29 else { return nil }
        // "1.2." is a sub-item: not a number of the top sequence.
        if u[i] == Unit.period, i + 1 < end, Unit.isDigit(u[i + 1]) { return nil }
        return n
    }

    /// Words after which a number follows in running text: a wrapped line that starts with a
    /// number after one of them continues the sentence.
    /// (Only words that cannot end a sentence: "… như sau" ⏎ "1. Mục đích" is a list.)
    static let numberWords: Set<String> = ["ngày", "tháng", "năm", "quý", "số", "điều", "khoản", "điểm", "phần",
                                           "chương", "lần", "đợt", "kỳ", "tuần", "giai đoạn"]

    /// Whether the line `r` ends with one of `numberWords` (compared in lower case).
    static func endsWithNumberWord(_ text: CleanedText, _ r: NSRange) -> Bool {
        let line = text.string(r)
        let words = line.split(separator: " ").suffix(2).map { $0.lowercased() }
        guard let lastWord = words.last else { return false }
        return numberWords.contains(lastWord) || (words.count == 2 && numberWords.contains(words.joined(separator: " ")))
    }

    /// A line with letters and no lower-case letter: a heading ("III. TỔ CHỨC THỰC HIỆN").
    static func isCapitals(_ text: CleanedText, _ r: NSRange) -> Bool {
        var letters = 0
        for i in r.location..<(r.location + r.length) {
            let c = text.units[i]
            if Unit.isLower(c) { return false }
            if Unit.isLetter(c) { letters += 1 }
        }
        return letters >= 4
    }

    /// Sentences of a block: split at `.`/`!`/`?` followed by a space and an upper-case letter or
    /// digit, except after a list marker or an abbreviation.
    static func sentences(_ text: CleanedText, _ block: NSRange) -> [NSRange] {
        let u = text.units
        var out: [NSRange] = []
        var s = block.location
        let end = block.location + block.length
        var i = block.location
        while i < end {
            let c = u[i]
            if (c == Unit.period || c == 0x21 || c == 0x3F), i + 2 < end, Unit.isSpace(u[i + 1]) {
                var j = i + 1
                while j < end && Unit.isSpace(u[j]) { j += 1 }
                if j < end, Unit.isUpper(u[j]) || Unit.isDigit(u[j]) {
                    let before = text.string(NSRange(location: s, length: i - s)).trimmingScalars(in: CharSets.whitespacesAndNewlines)
                    if !isMarkerOrAbbreviation(before) {
                        out.append(text.trimmed(NSRange(location: s, length: i + 1 - s)))
                        s = j
                        i = j
                        continue
                    }
                }
            }
            i += 1
        }
        if s < end { out.append(text.trimmed(NSRange(location: s, length: end - s))) }
        return out.filter { $0.length > 0 }
    }

    /// Last units of `Patterns.abbreviationEnd`'s alternatives (the pattern ends with `$`).
    static let abbreviationLastUnits: Set<UInt16> = {
        var s = Set(Vocabulary.abbreviations.map { $0.utf16.last! })
        s.formUnion((0x41...0x5A).map { UInt16($0) })   // [A-Z]
        s.formUnion("Đ".utf16)
        s.formUnion((0x0A...0x0D).map { UInt16($0) })   // `$` also matches before a final line break
        return s
    }()

    static func isMarkerOrAbbreviation(_ before: String) -> Bool {
        if before.isEmpty { return true }
        if Patterns.markerOnly.first(in: before) != nil { return true }
        // Prefilter: the last unit must end an alternative (or be unusual: not simple, or white space).
        if let l = before.utf16.last {
            let may = abbreviationLastUnits.contains(l)
                || (l >= 0x80 && (Unit.isUnusual(l) || Scan.table.flags[Int(l)] & 32 != 0))
            if !may { return false }
        }
        return Patterns.abbreviationEnd.first(in: before) != nil
    }

    static func startsWithRoman(_ text: CleanedText, _ r: NSRange) -> Bool {
        Patterns.roman.first(text, r) != nil
    }
}

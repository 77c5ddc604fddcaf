import Foundation

/// Vietnamese syllable validity: the evidence the encoding detector weighs.
///
/// A word is a valid syllable when it reads as onset + rhyme + at most one tone:
/// - onset: none, `b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x`, with the
///   spelling rules `k`/`gh`/`ngh` only before `e ê i y`, and `c`/`g`/`ng` never before `e ê i`;
/// - rhyme: one of the rhymes of the language (medial + nucleus + final), e.g. `oanh`, `ương`, `uyên`;
/// - a rhyme ending in `c ch p t` takes only the acute or dot-below tone.
/// Case is ignored; `Ð`/`ð` read as `Đ`/`đ`. Words with digits are neither valid nor invalid.
/// Text decoded with the wrong table fails these rules (`Céng`, `hoµ`, `ViÖt`), text decoded with
/// the right one passes them (`Cộng`, `hoà`, `Việt`), so the share of valid syllables tells them apart.
public enum VietSyllable {
    /// Whether `word` (one word, no spaces) is a well-formed Vietnamese syllable.
    public static func isValid(_ word: String) -> Bool {
        var scalars = word.unicodeScalars.map(\.value)
        return scalars.withUnsafeMutableBufferPointer { Syllable.check(UnsafeBufferPointer($0)) } == .valid
    }

    /// Counts the valid and invalid syllables among the words of `text` (words with digits are left out).
    public static func score(_ text: String) -> SyllableScore {
        var s = SyllableScore()
        var buf: [UInt32] = []
        buf.reserveCapacity(16)
        Syllable.scoreScalars(text.unicodeScalars.lazy.map(\.value), &buf, &s)
        return s
    }
}

/// How many words of a text are valid Vietnamese syllables.
public struct SyllableScore: Equatable, Sendable {
    public var valid = 0
    public var invalid = 0
    /// Characters no Vietnamese text holds but legacy bytes read with the wrong table do: C1 controls,
    /// soft hyphens, Latin-1 symbols (`µ ¸ ¹ ©`), non-Vietnamese Latin-1 letters (`ä ë ö ñ ø`), stray
    /// combining marks, U+FFFD.
    public var implausible = 0
    /// Valid syllables that are among the most frequent of administrative Vietnamese (`số`, `ngày`,
    /// `của`…): the tie-breaker between two readings that are both well formed.
    public var common = 0
    public init(valid: Int = 0, invalid: Int = 0, implausible: Int = 0, common: Int = 0) {
        self.valid = valid; self.invalid = invalid; self.implausible = implausible; self.common = common
    }
    /// Words counted (valid + invalid).
    public var words: Int { valid + invalid }
    /// valid / words (0 when there are no words).
    public var share: Double { words == 0 ? 0 : Double(valid) / Double(words) }
    /// valid − invalid − implausible: the evidence one reading of a text has over another.
    public var margin: Int { valid - invalid - implausible }
    public static func + (a: SyllableScore, b: SyllableScore) -> SyllableScore {
        SyllableScore(valid: a.valid + b.valid, invalid: a.invalid + b.invalid,
                      implausible: a.implausible + b.implausible, common: a.common + b.common)
    }
}

extension Syllable {
    enum Verdict { case valid, invalid, ignored }

    // Letter codes: a–z 1…26, ă 27, â 28, ê 29, ô 30, ơ 31, ư 32, đ 33 (6 bits each).
    @inline(__always)
    static func letterCode(_ v: UInt32) -> UInt64 {
        switch v {
        case 0x61...0x7A: return UInt64(v - 0x60)
        case 0x103: return 27
        case 0xE2: return 28
        case 0xEA: return 29
        case 0xF4: return 30
        case 0x1A1: return 31
        case 0x1B0: return 32
        case 0x111: return 33
        default: return 0
        }
    }

    static func key<S: Sequence>(_ codes: S) -> UInt64 where S.Element == UInt64 {
        var k: UInt64 = 0
        for c in codes { k = k << 6 | c }
        return k
    }

    /// Every rhyme (medial + nucleus + final), toneless, lower case.
    static let rhymes: Set<UInt64> = {
        let list = """
        a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
        e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
        i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
        o oc oi om on ong op ot ooc oong oa oac oach oai oam oan oang oanh oao oap oat oay
        oăc oăm oăn oăng oăt oe oem oen oeo oet ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
        u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt uân uâng uât uây uê uêch uênh uơ
        uy uya uych uyên uyêt uynh uyt uyu ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
        y yêm yên yêt yêu ych ynh yt
        """
        var set = Set<UInt64>()
        for r in list.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            set.insert(key(r.unicodeScalars.map { letterCode($0.value) }))
        }
        return set
    }()

    /// Onsets with a spelling rule of their own.
    enum OnsetRule { case none, c, k, g, ghOrNgh, ng, gi, qu }

    /// Onsets, longest first: letter codes packed as a key, length, and spelling rule.
    static let onsets: [(key: UInt64, length: Int, rule: OnsetRule)] = {
        "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split(separator: " ").map { o in
            let codes = o.unicodeScalars.map { letterCode($0.value) }
            let rule: OnsetRule
            switch o {
            case "c": rule = .c
            case "k": rule = .k
            case "g": rule = .g
            case "gh", "ngh": rule = .ghOrNgh
            case "ng": rule = .ng
            case "gi": rule = .gi
            case "qu": rule = .qu
            default: rule = .none
            }
            return (key(codes), codes.count, rule)
        }
    }()

    /// Checks one word given as scalars.
    static func check(_ w: UnsafeBufferPointer<UInt32>) -> Verdict {
        let n = w.count
        guard n > 0 else { return .ignored }
        let t = Tables.shared
        var codes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var tone: UInt8 = 0
        var bad = false
        for i in 0..<n {
            let v = w[i]
            if v >= 0x30 && v <= 0x39 { return .ignored }
            if bad { continue }
            if n > 7 { bad = true; continue }
            var base: UInt32
            if v == 0xD0 || v == 0xF0 || v == 0x110 || v == 0x111 {
                base = 0x111
            } else {
                guard v < Tables.vnLimit else { bad = true; continue }
                let tn = t.tone[Int(v)]
                guard tn != 0xFF else { bad = true; continue }
                if tn != 0 {
                    if tone != 0 { bad = true; continue }
                    tone = tn
                }
                base = lowerToneless(t.toneless[Int(v)])
            }
            let c = letterCode(base)
            if c == 0 { bad = true; continue }
            withUnsafeMutableBytes(of: &codes) { $0.bindMemory(to: UInt64.self)[i] = c }
        }
        if bad { return .invalid }
        return withUnsafeBytes(of: &codes) { raw -> Verdict in
            let word = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt64.self)[0..<n])
            // Empty onset first, then every onset that prefixes the word.
            if rhymeOK(word, onsetLength: 0, rule: .none, tone: tone) { return .valid }
            for o in onsets where o.length <= n {
                var k: UInt64 = 0
                for j in 0..<o.length { k = k << 6 | word[j] }
                if k == o.key && rhymeOK(word, onsetLength: o.length, rule: o.rule, tone: tone) { return .valid }
            }
            return .invalid
        }
    }

    private static let e: UInt64 = 5, ee: UInt64 = 29, i: UInt64 = 9, y: UInt64 = 25, u: UInt64 = 21

    private static func rhymeOK(_ w: UnsafeBufferPointer<UInt64>, onsetLength k: Int, rule: OnsetRule, tone: UInt8) -> Bool {
        let n = w.count
        var rk: UInt64 = 0
        for j in k..<n { rk = rk << 6 | w[j] }
        var first = k < n ? w[k] : 0
        var count = n - k
        // gi + rhyme: the i may be shared (gì = gi + i, gìn = gi + in, giếng = gi + iêng).
        if rule == .gi && (count == 0 || !rhymes.contains(rk)) {
            rk |= i << (6 * UInt64(count))
            first = i
            count += 1
        }
        guard count > 0, rhymes.contains(rk) else { return false }
        if rule == .qu && first == u { return false }
        // Spelling rules for c/k, g/gh, ng/ngh (on the letter after the onset).
        let r0 = k < n ? w[k] : i
        let front = r0 == e || r0 == ee || r0 == i || r0 == y
        let frontNoY = r0 == e || r0 == ee || r0 == i
        switch rule {
        case .c: if front { return false }
        case .k: if !front { return false }
        case .g, .ng: if frontNoY { return false }
        case .ghOrNgh: if !frontNoY { return false }
        default: break
        }
        // A stop final (c ch p t) takes only the acute or dot-below tone.
        let last = rk & 0x3F, prev = count >= 2 ? (rk >> 6) & 0x3F : 0
        if last == 3 || last == 16 || last == 20 || (last == 8 && prev == 3) {
            if tone != 4 && tone != 5 { return false }
        }
        return true
    }

    /// Frequent syllables of administrative Vietnamese, lower case.
    static let common: Set<[UInt32]> = {
        let list = """
        của và các là có được cho trong với về theo tại đến từ để khi không đã đang sẽ này những một hai ba
        người năm tháng ngày số sở ban hội ủy nhân dân tỉnh huyện xã phường thành phố quận trung ương nhà nước
        kế hoạch báo cáo công văn quyết định nghị quyết thông tư chỉ thị kết luận tờ trình tổng hợp
        thực hiện triển khai tổ chức cán bộ đơn vị cơ quan chính phủ quốc hội đảng ủy y tế giáo dục đào tạo
        việc kết quả nhiệm vụ giải pháp tình hình công tác quản lý kiểm tra giám sát đánh giá xây dựng phát triển
        kinh tế xã hội an ninh quốc phòng văn hóa hoá hòa hoà chủ tịch phó giám đốc trưởng thủ phòng văn
        yêu cầu đề nghị hướng dẫn quy định pháp luật nội dung mục tiêu trách nhiệm chương trình dự án
        độc lập tự do hạnh phúc cộng chủ nghĩa việt nam kính gửi nơi nhận lưu như trên sau trước
        năm nay đầu cuối quý bảo đảm phối tăng cường nâng cao hiệu quả chất lượng hoạt động
        thời gian thống nhất toàn bộ cấp ngành lĩnh vực đối tượng phạm vi điều khoản căn cứ
        """
        var set = Set<[UInt32]>()
        for w in list.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            set.insert(String(w).precomposedStringWithCanonicalMapping.unicodeScalars.map(\.value))
        }
        return set
    }()

    /// See `SyllableScore.implausible`.
    @inline(__always)
    static func isImplausible(_ v: UInt32) -> Bool {
        switch v {
        case 0x80...0x9F, 0xA1...0xBF, 0xFFFD: return true
        case 0xC4...0xC7, 0xCB, 0xCE, 0xCF, 0xD1, 0xD6, 0xD8, 0xDB, 0xDC, 0xDE, 0xDF,
             0xE4...0xE7, 0xEB, 0xEE, 0xEF, 0xF1, 0xF6, 0xF8, 0xFB, 0xFC, 0xFE, 0xFF: return true
        case 0x152, 0x153, 0x160, 0x161, 0x178, 0x17D, 0x17E, 0x192, 0x2C6, 0x2DC, 0x2030, 0x2039, 0x203A: return true
        case 0x300...0x36F: return true   // a mark left over: composition failed
        default: return false
        }
    }

    /// Adds the verdicts of every word (run of word characters) of `scalars` to `score`.
    static func scoreScalars<S: Sequence>(_ scalars: S, _ buf: inout [UInt32], _ score: inout SyllableScore) where S.Element == UInt32 {
        let t = Tables.shared
        func flush() {
            guard !buf.isEmpty else { return }
            switch buf.withUnsafeBufferPointer({ check($0) }) {
            case .valid:
                score.valid += 1
                for k in buf.indices { buf[k] = lowerOf(buf[k]) }
                if common.contains(buf) { score.common += 1 }
            case .invalid: score.invalid += 1
            case .ignored: break
            }
            buf.removeAll(keepingCapacity: true)
        }
        for v in scalars {
            if v >= 0x80 && isImplausible(v) { score.implausible += 1 }
            let c = v < Tables.tableLimit ? t.cls[Int(v)] : Tables.highClass(v)
            if c & Tables.ignorable != 0 { continue }
            if c & Tables.word != 0 { buf.append(v) } else { flush() }
        }
        flush()
    }

    @inline(__always)
    static func lowerOf(_ v: UInt32) -> UInt32 {
        if v < 0x80 { return v >= 0x41 && v <= 0x5A ? v | 0x20 : v }
        let l = v < Tables.tableLimit ? Tables.shared.lowerMap[Int(v)] : 0
        return l == 0 ? v : l
    }
}

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
    public init(valid: Int = 0, invalid: Int = 0) { self.valid = valid; self.invalid = invalid }
    /// Words counted (valid + invalid).
    public var words: Int { valid + invalid }
    /// valid / words (0 when there are no words).
    public var share: Double { words == 0 ? 0 : Double(valid) / Double(words) }
    /// valid − invalid: the evidence one reading of a text has over another.
    public var margin: Int { valid - invalid }
    public static func + (a: SyllableScore, b: SyllableScore) -> SyllableScore {
        SyllableScore(valid: a.valid + b.valid, invalid: a.invalid + b.invalid)
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

    /// Onsets, longest first, as letter codes.
    static let onsets: [[UInt64]] = {
        "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x"
            .split(separator: " ").map { $0.unicodeScalars.map { letterCode($0.value) } }
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
            let cs = raw.bindMemory(to: UInt64.self)
            let word = UnsafeBufferPointer(rebasing: cs[0..<n])
            // Empty onset first, then every onset that prefixes the word.
            if rhymeOK(word, onsetLength: 0, onset: [], tone: tone) { return .valid }
            for o in onsets where o.count <= n {
                var match = true
                for j in 0..<o.count where word[j] != o[j] { match = false; break }
                if match && rhymeOK(word, onsetLength: o.count, onset: o, tone: tone) { return .valid }
            }
            return .invalid
        }
    }

    private static let e: UInt64 = 5, ee: UInt64 = 29, i: UInt64 = 9, y: UInt64 = 25, u: UInt64 = 21

    private static func rhymeOK(_ w: UnsafeBufferPointer<UInt64>, onsetLength k: Int, onset: [UInt64], tone: UInt8) -> Bool {
        let rest = UnsafeBufferPointer(rebasing: w[k...])
        let isGi = onset == [7, 9], isQu = onset == [17, 21]
        var rhyme = Array(rest)
        if isGi && (rhyme.isEmpty || !rhymes.contains(key(rhyme))) { rhyme.insert(i, at: 0) }
        guard !rhyme.isEmpty, rhymes.contains(key(rhyme)) else { return false }
        if isQu && rhyme[0] == u { return false }
        // Spelling rules for c/k, g/gh, ng/ngh.
        let r0 = rest.first ?? i
        let front = r0 == e || r0 == ee || r0 == i || r0 == y
        let frontNoY = r0 == e || r0 == ee || r0 == i
        switch onset {
        case [3]: if front { return false }               // c
        case [11]: if !front { return false }             // k
        case [7]: if frontNoY { return false }            // g
        case [7, 8], [14, 7, 8]: if !frontNoY { return false } // gh, ngh
        case [14, 7]: if frontNoY { return false }        // ng
        default: break
        }
        // A stop final (c ch p t) takes only the acute or dot-below tone.
        let last = rhyme[rhyme.count - 1]
        if last == 3 || last == 16 || last == 20 || (last == 8 && rhyme.count >= 2 && rhyme[rhyme.count - 2] == 3) {
            if tone != 4 && tone != 5 { return false }
        }
        return true
    }

    /// Adds the verdicts of every word (run of word characters) of `scalars` to `score`.
    static func scoreScalars<S: Sequence>(_ scalars: S, _ buf: inout [UInt32], _ score: inout SyllableScore) where S.Element == UInt32 {
        let t = Tables.shared
        func flush() {
            guard !buf.isEmpty else { return }
            switch buf.withUnsafeBufferPointer({ check($0) }) {
            case .valid: score.valid += 1
            case .invalid: score.invalid += 1
            case .ignored: break
            }
            buf.removeAll(keepingCapacity: true)
        }
        for v in scalars {
            let c = v < Tables.tableLimit ? t.cls[Int(v)] : Tables.highClass(v)
            if c & Tables.ignorable != 0 { continue }
            if c & Tables.word != 0 { buf.append(v) } else { flush() }
        }
        flush()
    }
}

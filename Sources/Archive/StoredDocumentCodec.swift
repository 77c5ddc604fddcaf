import Documents
import Foundation

/// Reads the stored JSON of a document (`StoredDocumentJSON.encode`) straight from its UTF-8 bytes.
///
/// `JSONDecoder` was 36–45% of `cites --transitive` and `obligations`: it builds a generic tree of
/// the whole document before the `Codable` conformances walk it. This reader knows the shape: keys
/// may come in any order and with white space (older versions wrote the data with `JSONEncoder`),
/// every JSON string escape is understood (`\/`, `\uXXXX` with surrogate pairs), optionals may be
/// absent or `null`. Anything else — an unknown key, a missing required key, a number that is not
/// an integer, a lone surrogate, a raw control character, trailing bytes — makes it give up (nil),
/// and `decode(_:)` hands the data to `JSONDecoder`, whose verdict stands.
enum StoredDocumentCodec {
    /// The document in `bytes`, by the fast reader or else by `JSONDecoder`; nil when neither can read it.
    ///
    /// Without `body`, `doc.text` is left empty and the reader skips it without making a String
    /// (the text is most of the bytes); the skipped text is not checked beyond its closing quote.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, body: Bool = true) -> StoredDocument? {
        if let sd = decodeFast(bytes, body: body) { return sd }
        guard var sd = try? JSONDecoder().decode(StoredDocument.self, from: Data(buffer: bytes)) else { return nil }
        if !body { sd.doc.text = "" }
        return sd
    }

    static func decode(_ data: String) -> StoredDocument? {
        var s = data
        return s.withUTF8 { decode($0) }
    }

    /// The fast reader alone (nil: not in the expected shape).
    static func decodeFast(_ bytes: UnsafeBufferPointer<UInt8>, body: Bool = true) -> StoredDocument? {
        var r = Reader(p: bytes)
        r.skipBody = !body
        do {
            let sd = try r.storedDocument()
            r.skipSpace()
            guard r.i == r.p.count else { return nil }
            return sd
        } catch {
            return nil
        }
    }

    /// The body text alone (`doc.text`), for checking a phrase before the whole record is worth
    /// decoding. Reads the keys `encode` writes before the text (`id`, `file`, `indexInFile`) and
    /// stops at the text; any other shape goes to `decode`.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var r = Reader(p: bytes)
        do throws(Bad) {
            try r.expect(0x7B)
            // `id`, `file`, then into `doc`: `indexInFile`, then the text.
            while true {
                r.skipSpace()
                let key = try r.rawKey()
                try r.expect(0x3A)
                switch Key(key) {
                case "id", "file": try r.skipString()
                case "doc": try r.expect(0x7B); continue  // its first key follows, without a comma
                case "indexInFile": _ = try r.int()
                case "text": return try r.string()
                default: throw Bad()
                }
                guard r.take(0x2C) else { throw Bad() }
            }
        } catch {
            return decode(bytes)?.doc.text
        }
    }

    struct Bad: Error {}

    struct Reader {
        let p: UnsafeBufferPointer<UInt8>
        var i = 0
        /// Skip the document's body text (`doc.text`), leaving it empty.
        var skipBody = false

        init(p: UnsafeBufferPointer<UInt8>) { self.p = p }

        @inline(__always) mutating func skipSpace() {
            while i < p.count {
                let b = p[i]
                if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 } else { return }
            }
        }

        @inline(__always) mutating func expect(_ b: UInt8) throws(Bad) {
            skipSpace()
            guard i < p.count, p[i] == b else { throw Bad() }
            i += 1
        }

        /// Consumes `b` if it is next (after white space).
        @inline(__always) mutating func take(_ b: UInt8) -> Bool {
            skipSpace()
            if i < p.count, p[i] == b { i += 1; return true }
            return false
        }

        /// `null` if it is next.
        mutating func takeNull() -> Bool {
            skipSpace()
            if i + 4 <= p.count, p[i] == 0x6E, p[i + 1] == 0x75, p[i + 2] == 0x6C, p[i + 3] == 0x6C {
                i += 4
                return true
            }
            return false
        }

        /// Calls `field` for each key of an object; the closure must consume the value.
        @inline(__always) mutating func object(_ field: (inout Reader, UnsafeBufferPointer<UInt8>) throws(Bad) -> Void) throws(Bad) {
            try expect(0x7B)
            if take(0x7D) { return }
            repeat {
                skipSpace()
                let key = try rawKey()
                try expect(0x3A)
                try field(&self, key)
            } while take(0x2C)
            try expect(0x7D)
        }

        /// A key without escapes, as bytes of the input (keys with escapes are not ours: give up).
        mutating func rawKey() throws(Bad) -> UnsafeBufferPointer<UInt8> {
            guard i < p.count, p[i] == 0x22 else { throw Bad() }
            let start = i + 1
            var j = start
            while j < p.count {
                let b = p[j]
                if b == 0x22 { break }
                if b == 0x5C || b < 0x20 { throw Bad() }
                j += 1
            }
            guard j < p.count else { throw Bad() }
            i = j + 1
            return UnsafeBufferPointer(rebasing: p[start..<j])
        }

        mutating func string() throws(Bad) -> String {
            skipSpace()
            guard i < p.count, p[i] == 0x22 else { throw Bad() }
            let start = i + 1
            var j = start
            while j < p.count {
                let b = p[j]
                if b == 0x22 {
                    i = j + 1
                    return String(decoding: UnsafeBufferPointer(rebasing: p[start..<j]), as: UTF8.self)
                }
                if b == 0x5C { break }
                if b < 0x20 { throw Bad() }
                j += 1
            }
            guard j < p.count else { throw Bad() }
            // Escapes: build the bytes.
            var out: [UInt8] = []
            out.reserveCapacity(j - start + 64)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<j]))
            i = j
            while true {
                guard i < p.count else { throw Bad() }
                let b = p[i]
                if b == 0x22 { i += 1; break }
                if b < 0x20 { throw Bad() }
                if b != 0x5C {
                    // Copy the run up to the next quote or backslash.
                    var k = i + 1
                    while k < p.count, p[k] != 0x22, p[k] != 0x5C, p[k] >= 0x20 { k += 1 }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<k]))
                    i = k
                    continue
                }
                guard i + 1 < p.count else { throw Bad() }
                let e = p[i + 1]
                i += 2
                switch e {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x2F: out.append(0x2F)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    var v = try hex4()
                    if v >= 0xD800 && v <= 0xDBFF {
                        // A high surrogate must be followed by an escaped low one.
                        guard i + 1 < p.count, p[i] == 0x5C, p[i + 1] == 0x75 else { throw Bad() }
                        i += 2
                        let lo = try hex4()
                        guard lo >= 0xDC00 && lo <= 0xDFFF else { throw Bad() }
                        v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                    } else if v >= 0xDC00 && v <= 0xDFFF {
                        throw Bad()
                    }
                    guard let s = Unicode.Scalar(v) else { throw Bad() }
                    out.append(contentsOf: UTF8.encode(s)!)
                default:
                    throw Bad()
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// Steps over a string without reading it: to the first quote not escaped by an odd
        /// run of backslashes (found with `memchr`).
        mutating func skipString() throws(Bad) {
            skipSpace()
            guard i < p.count, p[i] == 0x22, let base = p.baseAddress else { throw Bad() }
            var j = i + 1
            while j < p.count {
                guard let q = memchr(base + j, 0x22, p.count - j) else { throw Bad() }
                let k = UnsafePointer<UInt8>(q.assumingMemoryBound(to: UInt8.self)) - base
                var slashes = 0
                while k - slashes - 1 > i, p[k - slashes - 1] == 0x5C { slashes += 1 }
                if slashes % 2 == 0 { i = k + 1; return }
                j = k + 1
            }
            throw Bad()
        }

        mutating func hex4() throws(Bad) -> UInt32 {
            guard i + 4 <= p.count else { throw Bad() }
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = p[i + k]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw Bad()
                }
                v = v << 4 | d
            }
            i += 4
            return v
        }

        mutating func optString() throws(Bad) -> String? {
            if takeNull() { return nil }
            return try string()
        }

        /// A JSON integer that fits an `Int` (no fraction, no exponent).
        mutating func int() throws(Bad) -> Int {
            skipSpace()
            var neg = false
            if i < p.count, p[i] == 0x2D { neg = true; i += 1 }
            let start = i
            var v = 0
            // Accumulated with the sign, so Int.min reads too.
            while i < p.count, p[i] >= 0x30, p[i] <= 0x39 {
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let digit = Int(p[i] - 0x30)
                let (a, o2) = neg ? m.subtractingReportingOverflow(digit) : m.addingReportingOverflow(digit)
                if o1 || o2 { throw Bad() }
                v = a
                i += 1
            }
            guard i > start else { throw Bad() }
            // Leading zeros, fractions and exponents: leave them to JSONDecoder.
            if i - start > 1, p[start] == 0x30 { throw Bad() }
            if i < p.count, p[i] == 0x2E || p[i] == 0x65 || p[i] == 0x45 { throw Bad() }
            return v
        }

        mutating func bool() throws(Bad) -> Bool {
            skipSpace()
            if i + 4 <= p.count, p[i] == 0x74, p[i + 1] == 0x72, p[i + 2] == 0x75, p[i + 3] == 0x65 { i += 4; return true }
            if i + 5 <= p.count, p[i] == 0x66, p[i + 1] == 0x61, p[i + 2] == 0x6C, p[i + 3] == 0x73, p[i + 4] == 0x65 { i += 5; return false }
            throw Bad()
        }

        mutating func array<T>(_ element: (inout Reader) throws(Bad) -> T) throws(Bad) -> [T] {
            try expect(0x5B)
            var out: [T] = []
            if take(0x5D) { return out }
            repeat { out.append(try element(&self)) } while take(0x2C)
            try expect(0x5D)
            return out
        }

        mutating func date() throws(Bad) -> DocDate {
            var year: Int?, month: Int?, day: Int?
            try object { (r: inout Reader, k) throws(Bad) in
                switch Key(k) {
                case "year": year = try r.int()
                case "month": month = r.takeNull() ? nil : try r.int()
                case "day": day = r.takeNull() ? nil : try r.int()
                default: throw Bad()
                }
            }
            guard let year else { throw Bad() }
            return DocDate(year: year, month: month, day: day)
        }

        mutating func optDate() throws(Bad) -> DocDate? {
            if takeNull() { return nil }
            return try date()
        }

        mutating func span() throws(Bad) -> TextSpan {
            var start: Int?, end: Int?
            try object { (r: inout Reader, k) throws(Bad) in
                switch Key(k) {
                case "start": start = try r.int()
                case "end": end = try r.int()
                default: throw Bad()
                }
            }
            guard let start, let end else { throw Bad() }
            return TextSpan(start: start, end: end)
        }

        mutating func reference() throws(Bad) -> Reference {
            var number: String?, type: String?, date: DocDate?, issuer: String?, relation: Relation?, span: TextSpan?, text: String?
            try object { (r: inout Reader, k) throws(Bad) in
                switch Key(k) {
                case "number": number = try r.string()
                case "type": type = try r.optString()
                case "date": date = try r.optDate()
                case "issuer": issuer = try r.optString()
                case "relation":
                    guard let v = Relation(rawValue: try r.string()) else { throw Bad() }
                    relation = v
                case "span": span = try r.span()
                case "text": text = try r.string()
                default: throw Bad()
                }
            }
            guard let number, let relation, let span, let text else { throw Bad() }
            return Reference(number: number, type: type, date: date, issuer: issuer, relation: relation, span: span, text: text)
        }

        mutating func obligation() throws(Bad) -> Obligation {
            var what: String?, due: DocDate?, recurrence: Recurrence?, reporter: String?, recipient: String?, span: TextSpan?, text: String?
            var cutoff: Cutoff?, channel: String?, template: String?
            try object { (r: inout Reader, k) throws(Bad) in
                switch Key(k) {
                case "what": what = try r.string()
                case "due": due = try r.optDate()
                case "recurrence":
                    guard let v = Recurrence(rawValue: try r.string()) else { throw Bad() }
                    recurrence = v
                case "reporter": reporter = try r.optString()
                case "recipient": recipient = try r.optString()
                case "span": span = try r.span()
                case "text": text = try r.string()
                case "cutoff": cutoff = try r.cutoff()
                case "channel": channel = try r.optString()
                case "template": template = try r.optString()
                default: throw Bad()
                }
            }
            guard let what, let recurrence, let span, let text else { throw Bad() }
            return Obligation(what: what, due: due, recurrence: recurrence, reporter: reporter, recipient: recipient, span: span, text: text,
                              cutoff: cutoff, channel: channel, template: template)
        }

        /// `{"from","to"}` or `null`.
        mutating func cutoff() throws(Bad) -> Cutoff? {
            if takeNull() { return nil }
            var from: String?, to: String?
            try object { (r: inout Reader, k) throws(Bad) in
                switch Key(k) {
                case "from": from = try r.string()
                case "to": to = try r.string()
                default: throw Bad()
                }
            }
            guard let from, let to else { throw Bad() }
            return Cutoff(from: from, to: to)
        }

        mutating func parsed() throws(Bad) -> ParsedDocument {
            var indexInFile: Int?, text: String?, recipients: [String]?, copiesTo: [String]?, draft: Bool?
            var references: [Reference]?, obligations: [Obligation]?, spans: [String: TextSpan]?
            var number: String?, type: String?, issuer: String?, place: String?, date: DocDate?
            var subject: String?, signer: String?, signerCapacity: String?
            try object { (r: inout Reader, k) throws(Bad) in
                switch Key(k) {
                case "indexInFile": indexInFile = try r.int()
                case "text":
                    if r.skipBody { try r.skipString(); text = "" } else { text = try r.string() }
                case "number": number = try r.optString()
                case "type": type = try r.optString()
                case "issuer": issuer = try r.optString()
                case "place": place = try r.optString()
                case "date": date = try r.optDate()
                case "subject": subject = try r.optString()
                case "recipients": recipients = try r.array { (r: inout Reader) throws(Bad) in try r.string() }
                case "signer": signer = try r.optString()
                case "signerCapacity": signerCapacity = try r.optString()
                case "copiesTo": copiesTo = try r.array { (r: inout Reader) throws(Bad) in try r.string() }
                case "draft": draft = try r.bool()
                case "references": references = try r.array { (r: inout Reader) throws(Bad) in try r.reference() }
                case "obligations": obligations = try r.array { (r: inout Reader) throws(Bad) in try r.obligation() }
                case "spans":
                    var d: [String: TextSpan] = [:]
                    try r.expect(0x7B)
                    if !r.take(0x7D) {
                        repeat {
                            let key = try r.string()
                            try r.expect(0x3A)
                            d[key] = try r.span()
                        } while r.take(0x2C)
                        try r.expect(0x7D)
                    }
                    spans = d
                default: throw Bad()
                }
            }
            guard let indexInFile, let text, let recipients, let copiesTo, let draft, let references, let obligations, let spans else { throw Bad() }
            var d = ParsedDocument(indexInFile: indexInFile, text: text)
            d.number = number; d.type = type; d.issuer = issuer; d.place = place; d.date = date
            d.subject = subject; d.recipients = recipients; d.signer = signer; d.signerCapacity = signerCapacity
            d.copiesTo = copiesTo; d.draft = draft; d.references = references; d.obligations = obligations; d.spans = spans
            return d
        }

        mutating func storedDocument() throws(Bad) -> StoredDocument {
            var id: String?, file: String?, doc: ParsedDocument?, firstPage: Int?
            try object { (r: inout Reader, k) throws(Bad) in
                switch Key(k) {
                case "id": id = try r.string()
                case "file": file = try r.string()
                case "doc": doc = try r.parsed()
                case "first_page": firstPage = r.takeNull() ? nil : try r.int()
                default: throw Bad()
                }
            }
            guard let id, let file, let doc else { throw Bad() }
            var sd = StoredDocument(file: file, doc: doc)
            sd.id = id
            sd.firstPage = firstPage
            return sd
        }
    }

    /// A key as bytes of the input, compared with string literals without building a String.
    struct Key: ExpressibleByStringLiteral, Equatable {
        let bytes: UnsafeBufferPointer<UInt8>?
        let literal: StaticString?
        init(_ b: UnsafeBufferPointer<UInt8>) { bytes = b; literal = nil }
        init(stringLiteral value: StaticString) { bytes = nil; literal = value }

        static func == (a: Key, b: Key) -> Bool {
            guard let x = a.bytes, let lit = b.literal else { return false }
            return lit.withUTF8Buffer { y in
                x.count == y.count && (y.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, y.count) == 0)
            }
        }

        static func ~= (pattern: Key, value: Key) -> Bool { value == pattern }
    }
}

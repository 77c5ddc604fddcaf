@testable import Archive
import Documents
import Foundation
import Testing
import Xapian

/// The hand-written reader of the stored JSON must give exactly what `JSONDecoder` gives: on every
/// fixture document, on a generated corpus, on awkward strings, and on the data older versions
/// wrote with `JSONEncoder` (other key order, `\/`); anything it does not expect goes to `JSONDecoder`.
@Suite struct StoredDocumentCodecTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The stored form of a decoded document, to compare two decodings byte for byte (scalars, not
    /// canonical equivalence), plus what the JSON writer leaves out.
    static func fingerprint(_ sd: StoredDocument) -> [UInt8] {
        StoredDocumentJSON.encode(sd) + Array("|\(sd.id)|\(sd.firstPage.map(String.init) ?? "-")".utf8)
    }

    static func viaJSONDecoder(_ bytes: [UInt8]) -> StoredDocument? {
        try? JSONDecoder().decode(StoredDocument.self, from: Data(bytes))
    }

    static func viaFast(_ bytes: [UInt8]) -> StoredDocument? {
        bytes.withUnsafeBufferPointer { StoredDocumentCodec.decodeFast($0) }
    }

    /// Both readers agree; `fastMustRead`: the fast reader must not have fallen back.
    static func expectSame(_ bytes: [UInt8], fastMustRead: Bool = true, _ what: String) {
        let ref = viaJSONDecoder(bytes)
        let fast = viaFast(bytes)
        if fastMustRead { #expect(fast != nil, "fast reader gave up on \(what)") }
        let full = bytes.withUnsafeBufferPointer { StoredDocumentCodec.decode($0) }
        #expect(full.map(fingerprint) == ref.map(fingerprint), "decode(_:) differs from JSONDecoder on \(what)")
        if let fast { #expect(ref.map(fingerprint) == fingerprint(fast), "fast reader differs from JSONDecoder on \(what)") }
        // Without the body: everything else as read whole, the text empty. (A record unreadable
        // only for its text may still be read without it: the skipped text is not checked.)
        if let ref {
            // The text alone (read up to it, or through `decode` for another key order).
            let text = bytes.withUnsafeBufferPointer { StoredDocumentCodec.text($0) }
            #expect(text.map { Array($0.utf8) } == Array(ref.doc.text.utf8), "text(_:) differs on \(what)")
        }
        if var blank = ref {
            blank.doc.text = ""
            let header = bytes.withUnsafeBufferPointer { StoredDocumentCodec.decode($0, body: false) }
            #expect(header.map(fingerprint) == fingerprint(blank), "decode(_:body: false) differs on \(what)")
        }
    }

    static func allFixtureFiles() -> [String] {
        var out: [String] = []
        for dir in ["corpus", "Tests/Fixtures"] {
            let base = root.appendingPathComponent(dir).path
            guard let e = FileManager.default.enumerator(atPath: base) else { continue }
            while let rel = e.nextObject() as? String {
                let p = base + "/" + rel
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
            }
        }
        return out.sorted()
    }

    static func documents(ofFile path: String, name: String) -> [StoredDocument] {
        guard case .text(let text, _, _, _) = Archive.readText(path: path) else { return [] }
        return DocumentParser.parse(fileText: text).enumerated().map { k, d in
            var sd = StoredDocument(file: name, doc: d)
            if k % 2 == 1 { sd.firstPage = k + 1 }
            return sd
        }
    }

    @Test func everyFixtureDocument() {
        var n = 0
        for p in Self.allFixtureFiles() {
            for sd in Self.documents(ofFile: p, name: String(p.dropFirst(Self.root.path.count + 1))) {
                Self.expectSame(StoredDocumentJSON.encode(sd), sd.id)
                // As an older version stored it: JSONEncoder (escaped slashes, its own key order).
                if let old = try? JSONEncoder().encode(sd) { Self.expectSame(Array(old), "JSONEncoder data of \(sd.id)") }
                n += 1
            }
        }
        #expect(n >= 100)
    }

    /// A generated archive (Benchmarks/gen_corpus.py), when python3 is there.
    @Test func generatedCorpus() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vanban-codec-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.root.appendingPathComponent("Benchmarks/gen_corpus.py").path, "--docs", "400", "--seed", "3", "--out", out]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return }
        var n = 0, refs = 0, obls = 0
        let base = out + "/docs"
        for rel in (FileManager.default.enumerator(atPath: base)?.allObjects as? [String] ?? []).sorted() where rel.hasSuffix(".txt") {
            for sd in Self.documents(ofFile: base + "/" + rel, name: rel) {
                Self.expectSame(StoredDocumentJSON.encode(sd), sd.id)
                n += 1; refs += sd.doc.references.count; obls += sd.doc.obligations.count
            }
        }
        #expect(n >= 400)
        #expect(refs > 0 && obls > 0)
    }

    static func awkward(_ s: String, _ t: String? = nil) -> StoredDocument {
        var d = ParsedDocument(indexInFile: 7, text: s)
        d.number = t; d.type = ""; d.issuer = s; d.place = nil; d.subject = t
        d.date = DocDate(year: 2026); d.recipients = [s, "", s + s]; d.copiesTo = []
        d.signer = ""; d.signerCapacity = s; d.draft = true
        d.references = [Reference(number: s, type: nil, date: DocDate(year: -3, month: 0, day: nil), issuer: s,
                                  relation: .repeals, span: TextSpan(start: -1, end: Int.max), text: s)]
        d.obligations = [Obligation(what: s, due: DocDate(year: 2027, month: 2, day: 29), recurrence: .semiannual, reporter: nil,
                                    recipient: s, span: TextSpan(start: 0, end: 0), text: "")]
        d.spans["subject"] = TextSpan(start: Int.min, end: 0)
        d.spans[""] = TextSpan(start: 3, end: 4)
        d.spans[s] = TextSpan(start: 1, end: 2)
        var sd = StoredDocument(file: s.isEmpty ? "x" : s, doc: d)
        sd.firstPage = 0
        return sd
    }

    @Test func awkwardStrings() {
        let strings = [
            "", "\"", "\\", "\\\"", "a\"b\\c", "/ \\/ //", "\u{2028}\u{2029}", "\u{0}\u{1}\u{1F}\u{7F}", "tab\there\r\n\u{8}\u{C}",
            "𝔸𝕏 😀 \u{10FFFF}", "\u{10FE90}\u{10FE80}\u{10FEFF}", "Ð đ Ư ơ Kết luận 226-KL/TW", "e\u{301} é",
            String(repeating: "ễ\"\\\n", count: 500), "\u{FEFF}bom", "a\u{0}b",
        ]
        for s in strings {
            Self.expectSame(StoredDocumentJSON.encode(Self.awkward(s)), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
            Self.expectSame(StoredDocumentJSON.encode(Self.awkward(s, s)), "with optionals: \(s.debugDescription)")
            if let old = try? JSONEncoder().encode(Self.awkward(s, s)) { Self.expectSame(Array(old), "JSONEncoder: \(s.debugDescription)") }
        }
        // Empty optionals left out, and every optional present.
        let bare = StoredDocument(file: "f", doc: ParsedDocument(indexInFile: 0, text: ""))
        Self.expectSame(StoredDocumentJSON.encode(bare), "bare document")
    }

    /// JSON as other writers may put it: escapes the writer never uses, white space, `null`s.
    @Test func otherSpellings() {
        let docs = [
            #"{"id":"f#0","file":"f","doc":{"indexInFile":0,"text":"\ud835\udd38\u00e9\/\b\f\u2028","recipients":[],"copiesTo":[],"draft":false,"references":[],"obligations":[],"spans":{}}}"#,
            #"{ "file" : "f" , "id" : "f#0" , "first_page" : null , "doc" : { "spans" : { } , "obligations" : [ ] , "references" : [ ] , "draft" : true , "copiesTo" : [ "a" ] , "recipients" : [ ] , "text" : "x" , "indexInFile" : 2 , "number" : null , "date" : { "year" : 2026 , "month" : null } } }"#,
            "{\"id\":\"f#0\",\n\t\"file\":\"f\",\r\n\"doc\":{\"indexInFile\":0,\"text\":\"\",\"recipients\":[],\"copiesTo\":[],\"draft\":false,\"references\":[],\"obligations\":[],\"spans\":{}}}\n",
        ]
        for j in docs { Self.expectSame(Array(j.utf8), j) }
    }

    /// What the fast reader refuses goes to JSONDecoder, whose verdict stands (a document or nil).
    @Test func unexpectedGoesToJSONDecoder() {
        let docs = [
            // Unknown key (JSONDecoder ignores it).
            #"{"id":"f#0","file":"f","extra":[1,{"a":null}],"doc":{"indexInFile":0,"text":"","recipients":[],"copiesTo":[],"draft":false,"references":[],"obligations":[],"spans":{}}}"#,
            // Not an integer in the JSON sense we write.
            #"{"id":"f#0","file":"f","doc":{"indexInFile":1.0,"text":"","recipients":[],"copiesTo":[],"draft":false,"references":[],"obligations":[],"spans":{}}}"#,
            #"{"id":"f#0","file":"f","doc":{"indexInFile":1e0,"text":"","recipients":[],"copiesTo":[],"draft":false,"references":[],"obligations":[],"spans":{}}}"#,
            // Missing required key, lone surrogate, raw control character, trailing garbage, truncated.
            #"{"id":"f#0","file":"f","doc":{"text":"","recipients":[],"copiesTo":[],"draft":false,"references":[],"obligations":[],"spans":{}}}"#,
            #"{"id":"f#0","file":"f","doc":{"indexInFile":0,"text":"\ud800","recipients":[],"copiesTo":[],"draft":false,"references":[],"obligations":[],"spans":{}}}"#,
            "{\"id\":\"f#0\",\"file\":\"f\u{1}\",\"doc\":{\"indexInFile\":0,\"text\":\"\",\"recipients\":[],\"copiesTo\":[],\"draft\":false,\"references\":[],\"obligations\":[],\"spans\":{}}}",
            #"{"id":"f#0","file":"f","doc":{"indexInFile":0,"text":"","recipients":[],"copiesTo":[],"draft":false,"references":[],"obligations":[],"spans":{}}}x"#,
            #"{"id":"f#0","file":"f","doc":{"indexInFile":0,"text":""#,
            #"{"id":"f#0","file":"f","doc":{"indexInFile":0,"text":"","recipients":[],"copiesTo":[],"draft":false,"references":[{"number":"1","relation":"sort of","span":{"start":0,"end":1},"text":""}],"obligations":[],"spans":{}}}"#,
            "", "null", "[]",
        ]
        for j in docs { Self.expectSame(Array(j.utf8), fastMustRead: false, j) }
        #expect(Self.viaFast(Array(docs[0].utf8)) == nil)
        #expect(Self.viaJSONDecoder(Array(docs[0].utf8)) != nil)
    }

    /// Through the archive: the documents `load` returns are the ones indexed.
    @Test func loadGivesTheIndexedDocument() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanban-codec-db-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let w = try BulkWriter(path: dir)
        let strings = ["", "\"\\/\u{2028}", "𝔸 \u{10FE90}", "Kế hoạch số 6757/KH-SYT"]
        for (k, s) in strings.enumerated() {
            var sd = Self.awkward(s, s)
            sd.id = "f\(k)#0"
            try w.add(PreparedFile(name: "f\(k)", documents: [(Schema.idTerm(sd.id), Archive.makeXapianDocument(sd))]))
        }
        try w.commit()
        w.close()
        let a = try ArchiveReader.open(path: dir)
        #expect(a.schemaVersion == Schema.version)
        for k in strings.indices {
            let got = try #require(try a.document(id: "f\(k)#0"))
            var want = Self.awkward(strings[k], strings[k])
            want.id = "f\(k)#0"
            #expect(Self.fingerprint(got) == Self.fingerprint(want))
        }
    }
}

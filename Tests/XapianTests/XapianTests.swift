import Foundation
import Testing
@testable import Xapian

@Suite struct DatabaseTests {
    @Test func versionIsReported() {
        #expect(xapianVersion.hasPrefix("1."))
    }

    @Test func createOpenAddReplaceDelete() throws {
        let tmp = TempDir()
        let path = tmp.sub("db")
        do {
            let db = try WritableDatabase(path: path, mode: .create)
            let a = try db.add(makeDoc("thông tư hướng dẫn", id: "a"))
            let b = try db.add(makeDoc("nghị định quy định", id: "b"))
            #expect(a == 1 && b == 2)
            #expect(db.docCount == 2)
            // replace by unique term keeps the docid
            let b2 = try db.replace(uniqueTerm: "Qb", with: makeDoc("nghị định sửa đổi", id: "b"))
            #expect(b2 == b)
            // replace by unique term that does not exist adds
            let c = try db.replace(uniqueTerm: "Qc", with: makeDoc("quyết định", id: "c"))
            #expect(c == 3)
            try db.replace(a, with: makeDoc("thông tư mới", id: "a"))
            try db.commit()
            #expect(db.docCount == 3)
            #expect(db.lastDocID == 3)
        }
        let ro = try Database(path: path)
        #expect(ro.docCount == 3)
        #expect(try ro.document(2).data == "nghị định sửa đổi")
        #expect(try ro.document(1).data == "thông tư mới")
        #expect(!ro.termExists("quy"))
        #expect(ro.termExists("sửa"))

        let w = try WritableDatabase(path: path, mode: .open)
        try w.delete(1)
        try w.delete(uniqueTerm: "Qc")
        try w.commit()
        #expect(w.docCount == 1)
        #expect(try ro.reopen())
        #expect(ro.docCount == 1)
        #expect(throws: XapianError.self) { _ = try ro.document(1) }
        w.close()
        // create on an existing database fails
        #expect(throws: XapianError.self) { _ = try WritableDatabase(path: path, mode: .create) }
        // createOrOverwrite empties it
        let o = try WritableDatabase(path: path, mode: .createOrOverwrite)
        #expect(o.docCount == 0)
    }

    @Test func documentNotFoundIsAnError() throws {
        let tmp = TempDir()
        let db = try WritableDatabase(path: tmp.sub("db"))
        do {
            _ = try db.document(42)
            Issue.record("expected an error")
        } catch {
            // DocNotFoundError is not in the mapped set, so it is .other
            #expect(error == .other(error.message))
            #expect(!error.message.isEmpty)
        }
    }

    @Test func postingsPositionsAndPhrase() throws {
        let tmp = TempDir()
        let db = try WritableDatabase(path: tmp.sub("db"))
        try db.add(makeDoc("ủy ban nhân dân tỉnh"))          // 1
        try db.add(makeDoc("nhân dân ủy ban"))               // 2
        try db.add(makeDoc("hội đồng nhân dân"))             // 3
        try db.commit()
        #expect(try db.postings("nhân") == [1, 2, 3])
        #expect(try db.postings("ủy") == [1, 2])
        #expect(try db.postings("absent") == [])
        let d1 = try db.document(1)
        #expect(d1.positions(of: "nhân") == [3])
        #expect(d1.positions(of: "absent") == [])
        let phrase = Query(.phrase, [Query(term: "ủy"), Query(term: "ban"), Query(term: "nhân")])
        #expect(try search(db, phrase) == [1])
        let near = Query(.near, [Query(term: "ủy"), Query(term: "dân")], window: 4)
        #expect(Set(try search(db, near)) == [1, 2])
        let and = Query(.and, [Query(term: "nhân"), Query(term: "ban")])
        #expect(Set(try search(db, and)) == [1, 2])
        let andNot = Query(.andNot, [Query(term: "nhân"), Query(term: "ban")])
        #expect(try search(db, andNot) == [3])
        #expect(phrase.description.contains("PHRASE"))
        #expect(!phrase.isEmpty)
        #expect(Query.matchNothing.isEmpty)
        #expect(try search(db, .matchAll).count == 3)
    }

    @Test func booleanTermsAndFilter() throws {
        let tmp = TempDir()
        let db = try WritableDatabase(path: tmp.sub("db"))
        for (i, kind) in ["ND", "TT", "ND", "QD"].enumerated() {
            let d = makeDoc("văn bản số \(i)")
            d.addBooleanTerm("K" + kind)
            try db.add(d)
        }
        try db.commit()
        #expect(db.termFrequency("KND") == 2)
        let q = Query(.filter, [Query(term: "văn"), Query(.or, [Query(term: "KND"), Query(term: "KQD")])])
        let e = Enquire(db)
        e.setQuery(q)
        let m = try e.mset(first: 0, max: 10)
        #expect(Set(m.items.map(\.docid)) == [1, 3, 4])
        // the filter does not contribute weight: all equal
        #expect(Set(m.items.map(\.weight)).count == 1)
        #expect(try e.matchingTerms(1) == ["KND", "văn"] || (try e.matchingTerms(1)).contains("văn"))
    }

    @Test func valuesRangesAndSorting() throws {
        let tmp = TempDir()
        let db = try WritableDatabase(path: tmp.sub("db"))
        let dates = ["20210315", "20190101", "20230730", "20200229"]
        let numbers: [Double] = [15, -3.5, 1000, 0]
        for (i, date) in dates.enumerated() {
            let d = makeDoc("luật")
            d.setValue(0, date)
            d.setValue(1, sortableSerialise(numbers[i]))
            try db.add(d)
        }
        try db.commit()
        let e = Enquire(db)
        e.setQuery(Query(valueRange: 0, from: "20200101", to: "20221231"))
        #expect(Set(try e.mset(first: 0, max: 10).items.map(\.docid)) == [1, 4])
        e.setQuery(Query(valueGE: 0, "20210101"))
        #expect(Set(try e.mset(first: 0, max: 10).items.map(\.docid)) == [1, 3])
        e.setQuery(Query(valueLE: 0, "20191231"))
        #expect(try e.mset(first: 0, max: 10).items.map(\.docid) == [2])
        // numeric ranges over sortable_serialise (binary, non-UTF-8 bytes)
        e.setQuery(Query(valueRange: 1, from: sortableSerialise(-10), to: sortableSerialise(20)))
        #expect(Set(try e.mset(first: 0, max: 10).items.map(\.docid)) == [1, 2, 4])
        #expect(sortableUnserialise(try db.document(3).value(1)) == 1000)
        #expect(try db.document(2).valueBytes(1) == sortableSerialiseBytes(-3.5))

        e.setQuery(Query(term: "luật"))
        e.sortByValue(0, reverse: false)
        #expect(try e.mset(first: 0, max: 10).items.map(\.docid) == [2, 4, 1, 3])
        e.sortByValue(0, reverse: true)
        #expect(try e.mset(first: 0, max: 10).items.map(\.docid) == [3, 1, 4, 2])
        e.sortByValueThenRelevance(1, reverse: false)
        #expect(try e.mset(first: 0, max: 10).items.map(\.docid) == [2, 4, 1, 3])
        e.sortByRelevanceThenValue(1, reverse: true)
        #expect(try e.mset(first: 0, max: 10).items.map(\.docid) == [3, 1, 4, 2])
        // paging
        let page = try e.mset(first: 1, max: 2)
        #expect(page.count == 2)
        #expect(page.items.map(\.docid) == [1, 4])
        #expect(page.items.map(\.rank) == [1, 2])
        #expect(page.matchesEstimated == 4)
    }

    @Test func dataRoundTripIsByteExact() throws {
        let tmp = TempDir()
        let path = tmp.sub("db")
        let viet = "Điều 5. Trách nhiệm của Ủy ban nhân dân cấp tỉnh — “quản lý” nhà nước ǅ 🇻🇳"
        let withNul = "a\u{0}b\u{0}\u{0}c"
        let binary: [UInt8] = [0, 0xFF, 0x80, 0xC3, 0x28, 0xF4, 0x90, 0x80, 0x80, 0x7F, 0]
        do {
            let db = try WritableDatabase(path: path)
            let d = Document()
            d.data = viet
            d.setValue(0, withNul)
            d.setValue(1, bytes: binary)
            d.setValue(2, "Nghị định 15/2020/NĐ-CP")
            d.addTerm("term\u{0}with nul")
            d.addTerm("XK" + "ứng dụng")
            try db.add(d)
            let d2 = Document()
            d2.dataBytes = binary
            try db.add(d2)
            try db.setMetadata("schema", "v1 — lược đồ")
            try db.commit()
        }
        let db = try Database(path: path)
        let d = try db.document(1)
        #expect(d.data == viet)
        #expect(d.data.utf8.count == viet.utf8.count)
        #expect(d.value(0) == withNul)
        #expect(d.value(0).utf8.count == 6)
        #expect(d.valueBytes(1) == binary)
        // invalid UTF-8 survives a String round trip too
        let s = d.value(1)
        let d3 = Document()
        d3.setValue(0, s)
        #expect(d3.valueBytes(0) == binary)
        #expect(d.value(2) == "Nghị định 15/2020/NĐ-CP")
        #expect(d.value(9) == "")
        #expect(db.termExists("term\u{0}with nul"))
        #expect(!db.termExists("term"))
        #expect(db.termExists("XKứng dụng"))
        #expect(try db.document(2).dataBytes == binary)
        #expect(try db.metadata("schema") == "v1 — lược đồ")
        #expect(try db.metadata("absent") == "")
    }

    @Test func commitAndTransactions() throws {
        let tmp = TempDir()
        let path = tmp.sub("db")
        let w = try WritableDatabase(path: path)
        try w.add(makeDoc("một"))
        try w.commit()
        let r = try Database(path: path)
        #expect(r.docCount == 1)
        try w.add(makeDoc("hai"))
        // not yet committed: a reader does not see it
        try r.reopen()
        #expect(r.docCount == 1)
        try w.commit()
        try r.reopen()
        #expect(r.docCount == 2)

        // cancelled transaction rolls back
        try w.beginTransaction()
        try w.add(makeDoc("ba"))
        try w.delete(1)
        #expect(w.docCount == 2)
        try w.cancelTransaction()
        #expect(w.docCount == 2)
        #expect(try w.document(1).data == "một")
        #expect(!w.termExists("ba"))
        try r.reopen()
        #expect(r.docCount == 2)

        // committed transaction is visible
        try w.beginTransaction(flushed: true)
        try w.add(makeDoc("bốn"))
        try w.commitTransaction()
        try r.reopen()
        #expect(r.docCount == 3)
        #expect(r.termExists("bốn"))

        // unflushed transaction
        try w.beginTransaction(flushed: false)
        try w.add(makeDoc("năm"))
        try w.commitTransaction()
        try w.commit()
        try r.reopen()
        #expect(r.docCount == 4)

        // misuse maps to invalidArgument
        #expect(throws: XapianError.self) { try w.commitTransaction() }
        do {
            try w.cancelTransaction()
        } catch {
            guard case .invalidArgument = error else { Issue.record("got \(error)"); return }
        }
    }

    @Test func termLists() throws {
        let tmp = TempDir()
        let db = try WritableDatabase(path: tmp.sub("db"))
        let d = Document()
        d.addPosting("zeta", position: 1)
        d.addPosting("alpha", position: 2)
        d.addPosting("alpha", position: 7)
        d.addTerm("beta", wdfInc: 3)
        d.addBooleanTerm("XTYPEnd")
        d.addTerm("gone")
        d.removeTerm("gone")
        d.removeTerm("never-there")   // ignored
        #expect(d.terms == ["XTYPEnd", "alpha", "beta", "zeta"])
        #expect(d.positions(of: "alpha") == [2, 7])
        let id = try db.add(d)
        try db.add(makeDoc("alpha gamma"))
        try db.commit()
        let back = try db.document(id)
        #expect(back.docid == id)
        #expect(back.terms == ["XTYPEnd", "alpha", "beta", "zeta"])
        #expect(back.termsWithWdf.first { $0.term == "beta" }?.wdf == 3)
        let all = try db.allTerms(prefix: "")
        #expect(all.map(\.term) == ["XTYPEnd", "alpha", "beta", "gamma", "zeta"])
        #expect(all.first { $0.term == "alpha" }?.frequency == 2)
        #expect(try db.allTerms(prefix: "XTYPE").map(\.term) == ["XTYPEnd"])
        #expect(try db.allTerms(prefix: "q").isEmpty)
    }

    @Test func bm25RankingOrder() throws {
        let tmp = TempDir()
        let db = try WritableDatabase(path: tmp.sub("db"))
        // doc 1: "thuế" once in a long doc; doc 2: "thuế" 3 times in a short doc;
        // doc 3: no "thuế"; doc 4: "thuế" twice, medium length.
        try db.add(makeDoc("thuế giá trị gia tăng đối với hàng hóa dịch vụ nhập khẩu xuất khẩu"))
        try db.add(makeDoc("thuế thuế thuế"))
        try db.add(makeDoc("phí lệ phí"))
        try db.add(makeDoc("thuế thu nhập thuế cá nhân"))
        try db.commit()
        let e = Enquire(db)
        e.setBM25()
        e.setQuery(Query(term: "thuế"))
        let m = try e.mset(first: 0, max: 10)
        #expect(m.items.map(\.docid) == [2, 4, 1])
        #expect(m.items[0].weight > m.items[1].weight && m.items[1].weight > m.items[2].weight)
        #expect(m.items[0].percent == 100)
        #expect(m.items.map(\.rank) == [0, 1, 2])
        #expect(Array(m).count == 3)
        #expect(m.matchesLowerBound <= 3 && m.matchesUpperBound >= 3)
        // scaling a subquery changes the ranking
        let q = Query(.or, [Query(term: "phí"), Query(scale: 5, Query(term: "thuế"))])
        e.setQuery(q)
        #expect(try e.mset(first: 0, max: 10).items.first?.docid == 2)
        let q2 = Query(.or, [Query(scale: 50, Query(term: "phí")), Query(term: "thuế")])
        e.setQuery(q2)
        #expect(try e.mset(first: 0, max: 10).items.first?.docid == 3)
        // boolean weighting: all weights zero
        e.setBoolWeighting()
        e.setQuery(Query(term: "thuế"))
        #expect(try e.mset(first: 0, max: 10).items.allSatisfy { $0.weight == 0 })
        // b = 0 (no length normalisation): term frequency alone decides
        e.setBM25(k1: 1.2, b: 0)
        #expect(try e.mset(first: 0, max: 10).items.map(\.docid) == [2, 4, 1])
        // mset(at:) and document(at:)
        let m2 = try e.mset(first: 0, max: 10)
        #expect(try m2.document(at: 0).docid == 2)
        #expect(throws: XapianError.self) { _ = try m2.document(at: 99) }
    }

    @Test func queryParserPrefixesAndDateRanges() throws {
        let tmp = TempDir()
        let db = try WritableDatabase(path: tmp.sub("db"))
        func add(_ title: String, _ body: String, kind: String, date: String) throws {
            let d = Document()
            var pos: UInt32 = 1
            for w in title.lowercased().split(separator: " ") {
                d.addPosting("S" + w, position: pos); pos += 1
            }
            for w in body.lowercased().split(separator: " ") {
                d.addPosting(String(w), position: pos); pos += 1
            }
            d.addBooleanTerm("K" + kind)
            d.setValue(0, date)
            try db.add(d)
        }
        try add("quản lý thuế", "hướng dẫn quản lý thuế", kind: "tt", date: "20200115")
        try add("xử phạt", "xử phạt vi phạm hành chính thuế", kind: "nd", date: "20210601")
        try add("hóa đơn", "hóa đơn điện tử", kind: "nd", date: "20221010")
        try db.commit()

        let qp = QueryParser()
        qp.setDatabase(db)
        qp.addPrefix(field: "title", prefix: "S")
        qp.addBooleanPrefix(field: "loai", prefix: "K")
        qp.addDateRange(slot: 0, prefix: "ngay:")
        qp.defaultOpIsAnd = true
        #expect(qp.defaultOpIsAnd)

        #expect(Set(try search(db, try qp.parse("thuế"))) == [1, 2])
        #expect(try search(db, try qp.parse("title:thuế")) == [1])
        #expect(try search(db, try qp.parse("thuế loai:nd")) == [2])
        #expect(Set(try search(db, try qp.parse("loai:nd"))) == [2, 3])
        #expect(try search(db, try qp.parse("\"vi phạm hành chính\"")) == [2])
        #expect(try search(db, try qp.parse("ngay:20210101..20211231")) == [2])
        #expect(Set(try search(db, try qp.parse("ngay:20200101..20211231"))) == [1, 2])
        #expect(try search(db, try qp.parse("thuế -xử")) == [1])
        #expect(try search(db, try qp.parse("hóa", defaultPrefix: "S")) == [3])
        #expect(Set(try search(db, try qp.parse("vi* OR hóa", flags: [.default, .wildcard]))) == [2, 3])
        qp.defaultOpIsAnd = false
        #expect(Set(try search(db, try qp.parse("điện hướng"))) == [1, 3])

        // number ranges
        let qp2 = QueryParser()
        qp2.addNumberRange(slot: 5, prefix: "gia:")
        let nq = try qp2.parse("gia:10..20")
        #expect(nq.description.contains("VALUE_RANGE 5"))
    }

    @Test func snippets() throws {
        let tmp = TempDir()
        let db = try WritableDatabase(path: tmp.sub("db"))
        let text = "Nghị định này quy định về quản lý thuế đối với doanh nghiệp và hộ kinh doanh."
        try db.add(makeDoc("nghị định quy định về quản lý thuế", data: text))
        try db.commit()
        let e = Enquire(db)
        e.setQuery(Query(term: "thuế"))
        var m: MSet? = try e.mset(first: 0, max: 10)
        let snip = m!.snippet(text, length: 60)
        #expect(snip.contains("<b>thuế</b>"))
        let custom = m!.snippet(text, length: 30, highlightStart: "[", highlightEnd: "]", omit: "…")
        #expect(custom.contains("[thuế]"))
        #expect(custom.utf8.count < text.utf8.count)
        // the MSet keeps its Enquire alive
        let m2 = try { () throws(XapianError) -> MSet in
            let e2 = Enquire(db)
            e2.setQuery(Query(term: "quản"))
            return try e2.mset(first: 0, max: 1)
        }()
        #expect(m2.snippet(text).contains("<b>quản</b>"))
        m = nil
    }

    @Test func twoDatabasesSearchedAsOne() throws {
        let tmp = TempDir()
        let p1 = tmp.sub("a"), p2 = tmp.sub("b")
        do {
            let a = try WritableDatabase(path: p1)
            try a.add(makeDoc("luật đất đai", id: "a1"))
            try a.add(makeDoc("luật đầu tư", id: "a2"))
            try a.commit()
            let b = try WritableDatabase(path: p2)
            try b.add(makeDoc("luật đất đai sửa đổi", id: "b1"))
            try b.commit()
        }
        let combined = Database()
        #expect(combined.docCount == 0)
        try combined.add(try Database(path: p1))
        try combined.add(try Database(path: p2))
        #expect(combined.docCount == 3)
        #expect(combined.termFrequency("đất") == 2)
        // docids interleave: db1 doc n -> 2n-1, db2 doc n -> 2n
        let hits = try search(combined, Query(term: "đất"))
        #expect(Set(hits) == [1, 2])
        #expect(try combined.document(2).data == "luật đất đai sửa đổi")
        #expect(try combined.postings("luật") == [1, 2, 3])
    }

    @Test func remoteDatabase() throws {
        let tmp = TempDir()
        let path = tmp.sub("db")
        do {
            let w = try WritableDatabase(path: path)
            try w.add(makeDoc("công văn khẩn", id: "r1"))
            try w.add(makeDoc("công văn thường", id: "r2"))
            try w.commit()
        }
        let port = freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/xapian-tcpsrv")
        server.arguments = ["--port", String(port), "--interface", "127.0.0.1", "--quiet", path]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            // Processes spawned from test threads inherit a signal mask that
            // blocks SIGTERM, so terminate() would be ignored: use SIGKILL.
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        var db: Database?
        var lastError: XapianError?
        for _ in 0..<100 {
            do {
                db = try Database.remote(host: "127.0.0.1", port: port, timeoutMs: 5_000)
                break
            } catch {
                lastError = error
                usleep(100_000)
            }
        }
        let remote = try #require(db, "could not connect: \(String(describing: lastError))")
        #expect(remote.docCount == 2)
        let e = Enquire(remote)
        e.setQuery(Query(term: "khẩn"))
        let m = try e.mset(first: 0, max: 10)
        #expect(m.items.map(\.docid) == [1])
        #expect(try m.document(at: 0).data == "công văn khẩn")
        #expect(try remote.postings("công") == [1, 2])
    }

    @Test func unreachableServerIsIOError() throws {
        let port = freePort()   // nothing listens here
        do {
            _ = try Database.remote(host: "127.0.0.1", port: port, timeoutMs: 1_000)
            Issue.record("expected an error")
        } catch {
            guard case .io = error else { Issue.record("got \(error)"); return }
            #expect(!error.message.isEmpty)
        }
    }

    @Test func compaction() throws {
        let tmp = TempDir()
        let p1 = tmp.sub("a"), p2 = tmp.sub("b")
        do {
            let a = try WritableDatabase(path: p1)
            for i in 0..<50 { try a.add(makeDoc("văn bản \(i) pháp luật")) }
            try a.commit()
            let b = try WritableDatabase(path: p2)
            for i in 0..<20 { try b.add(makeDoc("quyết định \(i)")) }
            try b.commit()
        }
        try compact(sources: [p1], destination: tmp.sub("c1"))
        #expect(try Database(path: tmp.sub("c1")).docCount == 50)
        try compact(sources: [p1, p2], destination: tmp.sub("c2"))
        let merged = try Database(path: tmp.sub("c2"))
        #expect(merged.docCount == 70)
        #expect(merged.termFrequency("pháp") == 50)
        try compact(sources: [p2], destination: tmp.sub("single.glass"), singleFile: true)
        #expect(try Database(path: tmp.sub("single.glass")).docCount == 20)
        #expect(throws: XapianError.self) { try compact(sources: [tmp.sub("nope")], destination: tmp.sub("c3")) }
    }
}

@Suite struct ErrorTests {
    @Test func missingDatabaseThrowsNotFound() {
        do {
            _ = try Database(path: "/nonexistent/vanban/db")
            Issue.record("expected an error")
        } catch {
            #expect(error == .databaseNotFound(error.message))
            #expect(error.message.contains("/nonexistent/vanban/db"))
            #expect(error.description.hasPrefix("database not found"))
        }
        #expect(throws: XapianError.self) { _ = try WritableDatabase(path: "/nonexistent/vanban/db", mode: .open) }
    }

    @Test func secondWriterIsLocked() throws {
        let tmp = TempDir()
        let path = tmp.sub("db")
        let first = try WritableDatabase(path: path)
        do {
            _ = try WritableDatabase(path: path)
            Issue.record("expected a lock error")
        } catch {
            guard case .databaseLocked(let msg) = error else { Issue.record("got \(error)"); return }
            #expect(msg.lowercased().contains("lock"))
        }
        // after closing the first writer the lock is released
        first.close()
        let second = try WritableDatabase(path: path)
        #expect(second.docCount == 0)
        // using a closed database is an error, not a crash
        #expect(throws: XapianError.self) { try first.add(Document()) }
    }

    @Test func malformedQueryThrowsBadQuery() {
        let qp = QueryParser()
        for bad in ["AND", "foo AND", "OR bar", "NOT x"] {
            do {
                _ = try qp.parse(bad)
                Issue.record("expected \(bad) to fail")
            } catch {
                #expect(error == .badQuery(error.message))
                #expect(error.message.contains("Syntax"))
            }
        }
        // without FLAG_BOOLEAN the same text is just words
        #expect(throws: Never.self) { _ = try qp.parse("AND", flags: []) }
    }

    @Test func corruptDatabaseThrows() throws {
        let tmp = TempDir()
        let path = tmp.sub("db")
        do {
            let w = try WritableDatabase(path: path)
            for i in 0..<20 { try w.add(makeDoc("tài liệu số \(i)")) }
            try w.commit()
        }
        let fm = FileManager.default
        let files = try fm.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".glass") || $0 == "iamglass" }
        #expect(!files.isEmpty)
        for f in files {
            let size = (try fm.attributesOfItem(atPath: path + "/" + f)[.size] as? Int) ?? 0
            let garbage = Data((0..<max(size, 64)).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })
            try garbage.write(to: URL(fileURLWithPath: path + "/" + f))
        }
        do {
            let db = try Database(path: path)
            // if opening succeeded, reading must fail cleanly
            _ = try db.postings("tài")
            _ = try db.document(1).loadData()
            Issue.record("expected an error from a corrupt database")
        } catch {
            // Xapian reports "Rev file magic incorrect" (DatabaseCorruptError)
            guard case .databaseCorrupt = error else { Issue.record("unexpected error kind: \(error)"); return }
            #expect(!error.message.isEmpty)
        }
    }

    @Test func staleReaderThrowsModified() throws {
        let tmp = TempDir()
        let path = tmp.sub("db")
        let w = try WritableDatabase(path: path)
        let filler = String(repeating: "x", count: 200)
        for i in 0..<2_000 {
            let d = Document()
            for j in 0..<50 { d.addTerm("t\((i * j) % 997)") }
            d.data = filler
            try w.add(d)
        }
        try w.commit()
        let r = try Database(path: path)
        // rewrite everything several times so the reader's revision is discarded
        for c in 0..<3 {
            for i in 1...2_000 {
                let d = Document()
                for j in 0..<50 { d.addTerm("u\((i * j + c) % 991)") }
                try w.replace(UInt32(i), with: d)
            }
            try w.commit()
        }
        do {
            var n = 0
            for i in 1...2_000 { n += try r.document(UInt32(i)).loadData().utf8.count }
            n += try r.postings("t5").count
            Issue.record("expected DatabaseModifiedError (read \(n) bytes)")
        } catch {
            guard case .modified(let msg) = error else { Issue.record("got \(error)"); return }
            #expect(msg.contains("reopen"))
        }
        // after reopen() the reader works again
        try r.reopen()
        #expect(r.docCount == 2_000)
        #expect(try r.postings("t5").isEmpty)
    }

    @Test func queryConstructionErrorSurfacesAtMatchTime() throws {
        let tmp = TempDir()
        let db = try WritableDatabase(path: tmp.sub("db"))
        try db.add(makeDoc("a b c"))
        // OP_PHRASE over a non-term subquery is rejected by Xapian
        let weird = Query(.phrase, [Query(term: "a"), Query(valueGE: 0, "x")])
        let e = Enquire(db)
        e.setQuery(weird)
        // Xapian throws UnimplementedError ("OP_NEAR and OP_PHRASE only
        // currently support leaf subqueries") -> .other, recorded on the Query.
        #expect(weird.constructionError == .other(weird.constructionError?.message ?? ""))
        #expect(weird.isEmpty)
        #expect(throws: XapianError.self) { _ = try e.mset(first: 0, max: 10) }
        // and it propagates into combinations
        let combined = Query(.or, [Query(term: "a"), weird])
        #expect(combined.constructionError != nil)
    }
}

@Suite struct BulkTests {
    /// Indexes a few thousand documents through the hot calls (addPosting,
    /// addTerm, setValue, replace(uniqueTerm:)) and checks the statistics.
    @Test func bulkIndexing() throws {
        let tmp = TempDir()
        let db = try WritableDatabase(path: tmp.sub("db"))
        let words = ["quy", "định", "thông", "tư", "nghị", "quyết", "ủy", "ban", "nhân", "dân",
                     "tỉnh", "huyện", "xã", "điều", "khoản", "điểm", "luật", "thuế", "phí", "lệ"]
        let n = 2_000
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for i in 0..<n {
                let d = Document()
                for p in 0..<100 {
                    d.addPosting(words[(i &* 7 &+ p &* 13) % words.count], position: UInt32(p + 1))
                }
                d.addTerm("N\(i % 10)")
                d.addBooleanTerm("Q\(i)")
                d.setValue(0, sortableSerialise(Double(i)))
                d.data = "văn bản \(i)"
                try db.replace(uniqueTerm: "Q\(i)", with: d)
            }
            try db.commit()
        }
        print("bulkIndexing: \(n) docs x 100 postings in \(elapsed)")
        #expect(db.docCount == n)
        #expect(db.termFrequency("N3") == n / 10)
        #expect(try db.postings("Q1234") == [1235])
        let e = Enquire(db)
        e.setQuery(Query(valueGE: 0, sortableSerialise(1990)))
        #expect(try e.mset(first: 0, max: 100).count == 10)
    }
}

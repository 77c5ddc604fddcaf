@testable import Archive
import Documents
import Foundation
import Testing

/// One `ArchiveReader` shared by many threads answers as it answers one thread: its questions are
/// serialised on the snapshot, its memoisation is never seen half-written.
@Suite struct ReaderTests {
    @Test func oneReaderSharedByThreadsAnswersAsAlone() throws {
        let docs = CitationIndexTests.fixtureDocuments()
        let dir = try CitationIndexTests.makeDB(docs, schema1: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let numbers = Array(Set(docs.compactMap(\.number))).sorted()
        let words = ["chan chinh le loi", "ke hoach", "báo cáo kết quả", "so y te", "phòng chống dịch"]
        let asOf = DocDate(year: 2026, month: 11, day: 22)

        /// Every question of the three services, as text.
        @Sendable func answers(_ r: ArchiveReader, _ k: Int) throws -> [String] {
            var out: [String] = []
            let q = words[k % words.count]
            out.append(try r.search.run(SearchRequest(query: q, limit: 5)).hits.map { "\($0.document.id) \($0.score)" }.joined(separator: ","))
            let n = numbers[k % numbers.count]
            if let t = try? r.target(named: n) {
                out.append(CitationIndexTests.describe(try r.citations.citers(of: t, transitive: true)).joined(separator: ","))
                if case .document(let d) = t {
                    out.append(try r.obligations.answers(to: d).map(\.report.id).joined(separator: ","))
                    out.append(try r.details(of: d, asOf: asOf).references.map { $0.resolved?.id ?? "-" }.joined(separator: ","))
                }
            }
            out.append("\(try r.obligations.statuses(asOf: asOf).count)")
            return out
        }

        let alone = try ArchiveReader.open(path: dir)
        let rounds = 200
        let expected = try (0..<rounds).map { try answers(alone, $0) }
        let shared = try ArchiveReader.open(path: dir)
        let results = Results(count: rounds)
        DispatchQueue.concurrentPerform(iterations: rounds) { k in
            results.set(k, (try? answers(shared, k)) ?? ["failed"])
        }
        for k in 0..<rounds { #expect(results.get(k) == expected[k], "round \(k)") }
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [[String]]
        init(count: Int) { values = Array(repeating: [], count: count) }
        func set(_ k: Int, _ v: [String]) { lock.lock(); values[k] = v; lock.unlock() }
        func get(_ k: Int) -> [String] { lock.lock(); defer { lock.unlock() }; return values[k] }
    }
}

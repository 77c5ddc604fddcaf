import Foundation
import Testing
import VietText

/// Paths and helpers shared by the Ingest tests.
enum Fixture {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let formats = root.appendingPathComponent("Tests/Fixtures/formats")
    static let encodings = formats.appendingPathComponent("encodings")
    static let corpus = root.appendingPathComponent("corpus")

    /// Stems of the seed documents (corpus/*.txt).
    static let seeds: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? [])
        .filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()

    static func original(_ stem: String) -> String {
        (try? String(contentsOf: corpus.appendingPathComponent(stem + ".txt"), encoding: .utf8)) ?? ""
    }

    /// Share of the folded words of `a` found, in order, in `b` (1 = identical), relative to the longer text.
    static func wordAgreement(_ a: String, _ b: String) -> Double {
        let wa = VietText.fold(a).split(separator: " ").map(String.init)
        let wb = VietText.fold(b).split(separator: " ").map(String.init)
        guard !wa.isEmpty || !wb.isEmpty else { return 1 }
        let diff = wb.difference(from: wa)
        let removed = diff.removals.count
        let equal = wa.count - removed
        return Double(equal) / Double(max(wa.count, wb.count))
    }
}

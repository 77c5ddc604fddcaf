import Foundation
import Testing
@testable import VietText

/// Repository root: three levels up from Tests/VietTextTests/<file>.swift.
func repoRoot(_ file: String = #filePath) -> URL {
    URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

func corpusFiles() throws -> [URL] {
    let dir = repoRoot().appendingPathComponent("corpus")
    return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
        .filter { $0.pathExtension == "txt" }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
}

/// Independent accent stripper: canonical decomposition, drop combining marks, đ→d.
func stripAccents(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    for u in s.decomposedStringWithCanonicalMapping.unicodeScalars {
        switch u.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: continue
        default: break
        }
        switch u {
        case "đ": out.append("d")
        case "Đ": out.append("D")
        default: out.append(u)
        }
    }
    return String(out)
}

@Suite struct CorpusTests {
    @Test func corpusIsThere() throws {
        #expect(try corpusFiles().count >= 5)
    }

    @Test func everySeedWordFoundByItsUnaccentedSpelling() throws {
        var checked = 0
        for url in try corpusFiles() {
            let raw = try String(contentsOf: url, encoding: .utf8)
            let text = VietText.normalize(raw)
            let bytes = Array(text.utf8)
            for t in Tokenizer.tokenize(text) where t.kind == .word {
                let word = String(decoding: bytes[t.start..<t.end], as: UTF8.self)
                let stripped = stripAccents(word)
                let strippedTokens = Tokenizer.tokenize(VietText.normalize(stripped))
                #expect(strippedTokens.count == 1, "\(word) → \(stripped)")
                #expect(strippedTokens.first?.folded == t.folded, "\(url.lastPathComponent): \(word) → \(stripped)")
                #expect(VietText.foldWord(stripped) == t.folded)
                checked += 1
            }
        }
        #expect(checked > 5000)
    }

    @Test func corpusFoldEqualsJoinedWordTokens() throws {
        for url in try corpusFiles() {
            let text = VietText.normalize(try String(contentsOf: url, encoding: .utf8))
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let l = String(line)
                let words = Tokenizer.tokenize(l).filter { $0.kind == .word }.map(\.folded)
                #expect(VietText.fold(l) == words.joined(separator: " "))
                #expect(VietText.fold(l) == VietText.fold(l.decomposedStringWithCanonicalMapping))
            }
        }
    }

    @Test func corpusCompounds() throws {
        var all: Set<String> = []
        for url in try corpusFiles() {
            let text = VietText.normalize(try String(contentsOf: url, encoding: .utf8))
            for t in Tokenizer.tokenize(text) where t.kind == .compound { all.insert(t.folded) }
        }
        for expected in ["6757/kh-syt", "30/2020/nd-cp", "110/2023/qh15", "20/05/26", "31/12/2025", "244/ubnd-th",
                         "534/qd-ttg", "4245/kh-syt"] {
            #expect(all.contains(expected), "\(expected)")
        }
    }

    /// Prints throughput figures (no timing assertion). Meaningful in a release build only.
    @Test func throughputFigures() throws {
        let sample = try corpusFiles().map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
        let f = VietTextBenchmark.foldThroughput(sample: sample, targetBytes: 4_000_000)
        let t = VietTextBenchmark.tokenizeThroughput(sample: sample, targetBytes: 4_000_000)
        print("VietText fold: \(f.bytes) bytes in \(f.seconds) s = \(Double(f.bytes) / f.seconds / 1e6) MB/s")
        print("VietText tokenize: \(t.bytes) bytes in \(t.seconds) s = \(Double(t.bytes) / t.seconds / 1e6) MB/s")
        #expect(f.bytes > 3_000_000 && t.bytes > 3_000_000)
    }
}

import Testing
import Foundation
@testable import Documents

@Test func debugTiming() throws {
    guard ProcessInfo.processInfo.environment["TIMING"] != nil else { return }
    let texts = try allFixtureTexts()
    let big = DocumentParser.normalizeText(texts.max { $0.utf8.count < $1.utf8.count }!)
    let clock = ContinuousClock()
    print("textview", clock.measure { for _ in 0..<10 { _ = TextView(big) } } / 10)
    let tv = TextView(big)
    print("split", clock.measure { for _ in 0..<10 { _ = DocumentSplitter.starts(tv) } } / 10)
    print("mentions", clock.measure { for _ in 0..<10 { _ = ReferenceExtractor.mentions(in: tv) } } / 10)
    print("parseDocument", clock.measure { for _ in 0..<10 { _ = DocumentParser.parseDocument(big, index: 0) } } / 10)
    print("normalize", clock.measure { for _ in 0..<10 { _ = DocumentParser.normalizeText(big) } } / 10)
    print("lines", clock.measure { for _ in 0..<10 { for i in 0..<tv.lines.count { _ = tv.line(i) } } } / 10)


}

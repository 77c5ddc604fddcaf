import Documents
import Foundation
import Testing

/// What must survive a conversion: the parsed facts of every document and the folded words.
struct Facts: Equatable, CustomStringConvertible {
    var numbers: [String?]
    var dates: [String?]
    var references: [[String]]

    init(_ text: String) {
        let docs = DocumentParser.parse(fileText: text)
        numbers = docs.map(\.number)
        dates = docs.map { $0.date?.description }
        references = docs.map { d in
            d.references.map { "\($0.number)|\($0.type ?? "-")|\($0.date?.description ?? "-")|\($0.relation.rawValue)" }.sorted()
        }
    }

    var description: String { "numbers \(numbers), dates \(dates), references \(references)" }
}

enum Compare {
    /// Expects `converted` to parse to the same numbers, dates and references as `original`, and
    /// at least `minWords` of the folded words to agree.
    static func expectSame(_ converted: String, as original: String, minWords: Double = 0.99, _ label: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let a = Facts(original), b = Facts(converted)
        #expect(b.numbers == a.numbers, "\(label): document numbers", sourceLocation: sourceLocation)
        #expect(b.dates == a.dates, "\(label): dates", sourceLocation: sourceLocation)
        #expect(b.references == a.references, "\(label): references", sourceLocation: sourceLocation)
        let agree = Fixture.wordAgreement(original, converted)
        #expect(agree >= minWords, "\(label): \(String(format: "%.4f", agree)) of the folded words equal", sourceLocation: sourceLocation)
    }
}

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
    /// References equal, except that a reference may lack its date when the converted text (a PDF's
    /// layout) wraps the line between the number and "ngày …": the reference parser
    /// (Documents/References.swift, `datePattern`) reads a date only on the number's line.
    static func sameReferences(_ got: [[String]], _ want: [[String]], converted: String) -> Bool {
        guard got.count == want.count else { return false }
        for (g, w) in zip(got, want) where g != w {
            guard g.count == w.count else { return false }
            for (x, y) in zip(g, w) where x != y {
                let xp = x.split(separator: "|", omittingEmptySubsequences: false)
                let yp = y.split(separator: "|", omittingEmptySubsequences: false)
                guard xp.count == 4, yp.count == 4, xp[0] == yp[0], xp[1] == yp[1], xp[3] == yp[3], xp[2] == "-" else { return false }
                let wrapped = converted.range(of: NSRegularExpression.escapedPattern(for: String(xp[0])) + #"[ \t]*\n\s*ngày"#,
                                              options: .regularExpression) != nil
                if !wrapped { return false }
            }
        }
        return true
    }

    /// Expects `converted` to parse to the same numbers, dates and references as `original`, and
    /// at least `minWords` of the folded words to agree.
    static func expectSame(_ converted: String, as original: String, minWords: Double = 0.99, _ label: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let a = Facts(original), b = Facts(converted)
        #expect(b.numbers == a.numbers, "\(label): document numbers", sourceLocation: sourceLocation)
        #expect(b.dates == a.dates, "\(label): dates", sourceLocation: sourceLocation)
        #expect(sameReferences(b.references, a.references, converted: converted), "\(label): references \(b.references) ≠ \(a.references)",
                sourceLocation: sourceLocation)
        let agree = Fixture.wordAgreement(original, converted)
        #expect(agree >= minWords, "\(label): \(String(format: "%.4f", agree)) of the folded words equal", sourceLocation: sourceLocation)
    }
}

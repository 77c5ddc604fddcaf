// The reporting-obligation extractor: deadlines, recurrences, reporters and recipients.
@testable import Documents
import Foundation
import FuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let raw = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let text = DocumentParser.normalizeText(raw)
    let n = text.utf8.count
    for date in [DocDate(year: 2026, month: 5, day: 22), nil] {
        let obls = ObligationExtractor.extract(text: text, documentDate: date, issuer: "Sở Y tế tỉnh Nghệ An", addressees: ["Các đơn vị trực thuộc"])
        for o in obls {
            precondition(o.span.start >= 0 && o.span.start <= o.span.end && o.span.end <= n, "span \(o.span) of \(n)")
            if let due = o.due, let m = due.month { precondition((1...12).contains(m), "month \(m)") }
            if let d = o.due { _ = d.addingMonths(12) }
        }
    }
    return 0
}

@_cdecl("FuzzObligations_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
}

// The reference extractor on any text, with and without an own number to exclude.
@testable import Documents
import Foundation
import FuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let raw = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let text = DocumentParser.normalizeText(raw)
    let tv = TextView(text)
    let length = tv.ns.length
    let preamble = NSRange(location: 0, length: min(length, 400))
    let title = [NSRange(location: min(length, 10), length: min(max(0, length - 10), 80))]
    let n = text.utf8.count
    for own in [nil, "6757/KH-SYT"] as [String?] {
        for r in ReferenceExtractor.extract(tv, ownNumber: own, ownType: own == nil ? nil : "KH", preamble: preamble, title: title) {
            precondition(r.span.start >= 0 && r.span.start <= r.span.end && r.span.end <= n, "span \(r.span) of \(n)")
            _ = DocumentNumber.key(r.number)
            _ = DocumentNumber.serial(of: r.number)
            _ = DocumentNumber.symbol(of: r.number)
        }
    }
    return 0
}

@_cdecl("FuzzReferences_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
}

// The whole file parser: split, then metadata (number, type, issuer, place, date, subject,
// recipients, signer), references and obligations of each document.
import Documents
import Foundation
import FuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let raw = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let docs = DocumentParser.parse(fileText: raw)
    precondition(!docs.isEmpty, "no document")
    for (i, d) in docs.enumerated() {
        precondition(d.indexInFile == i, "index \(d.indexInFile) at \(i)")
        let n = d.text.utf8.count
        for (k, s) in d.spans { precondition(s.start >= 0 && s.start <= s.end && s.end <= n, "span \(k) \(s) of \(n)") }
        for r in d.references { precondition(r.span.start <= r.span.end && r.span.end <= n, "reference span \(r.span) of \(n)") }
        for o in d.obligations { precondition(o.span.start <= o.span.end && o.span.end <= n, "obligation span \(o.span) of \(n)") }
        if let n = d.number { _ = DocumentNumber.key(n); _ = DocumentNumber.serial(of: n) }
    }
    return 0
}

@_cdecl("FuzzParser_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
}

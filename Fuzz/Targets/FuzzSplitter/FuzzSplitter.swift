// The document splitter: where documents start in a file.
@testable import Documents
import Foundation
import FuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let raw = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let text = DocumentParser.normalizeText(raw)
    let tv = TextView(text)
    let starts = DocumentSplitter.starts(tv)
    precondition(!starts.isEmpty, "no start")
    var last = -1
    for s in starts {
        precondition(s > last, "starts not increasing: \(starts)")
        precondition(s == 0 || s < tv.lines.count, "start \(s) beyond \(tv.lines.count) lines")
        last = s
    }
    return 0
}

@_cdecl("FuzzSplitter_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
}

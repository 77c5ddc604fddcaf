// The HTML reader: bytes decoded by evidence, tags and tables laid out, entities decoded; no
// budget, so a slow input shows as a libFuzzer timeout.
import Foundation
import FuzzDriver
@testable import Ingest
import VietText

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = HTML.text(String(decoding: bytes, as: UTF8.self))
    precondition(!text.utf8.starts(with: [0x0A]), "a blank line at the start")
    _ = try? TextFile.extract(bytes, html: true, markdown: false, budget: .unlimited())
    return 0
}

@_cdecl("FuzzHTML_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
}

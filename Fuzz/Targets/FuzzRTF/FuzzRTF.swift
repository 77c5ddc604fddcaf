// The RTF reader on any bytes (after an RTF header), then the mojibake repair of its text, with
// no budget: a slow input shows as a libFuzzer timeout rather than being cut short.
import Foundation
import FuzzDriver
@testable import Ingest
import VietText

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array("{\\rtf1".utf8) + Array(UnsafeBufferPointer(start: data, count: size))
    let text = RTF.text(bytes)
    precondition(!text.unicodeScalars.contains { $0.value == 0xFFFF_FFFF }, "impossible")
    if let t = try? RTF.extract(bytes, budget: .unlimited()) {
        precondition(t.format == .rtf)
    }
    return 0
}

@_cdecl("FuzzRTF_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
}

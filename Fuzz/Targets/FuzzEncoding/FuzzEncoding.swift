// The encoding detector and decoders: the file reader's text path (binary check, NUL removal,
// UTF-8 fast path or detection), the legacy decoders, mojibake repair, and VietText's linear NFC
// and normalisation, on any bytes.
import Foundation
import FuzzDriver
@testable import Ingest
import VietText

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The detector runs inside (for anything but plain UTF-8).
    _ = try? TextFile.extract(bytes, html: false, markdown: false, budget: .unlimited())
    for e in LegacyEncoding.allCases { _ = e.decode(bytes) }
    let s = String(decoding: bytes, as: UTF8.self)
    let (fixed, _) = EncodingDetector.repairMojibake(s)
    let (n, dropped) = VietText.nfc(s)
    if dropped == 0 {
        precondition(n.unicodeScalars.elementsEqual(s.precomposedStringWithCanonicalMapping.unicodeScalars), "nfc differs from Foundation's")
    }
    _ = VietText.normalize(fixed)
    return 0
}

@_cdecl("FuzzEncoding_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
}

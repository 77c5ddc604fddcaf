// The .docx reader. An input starting with "PK" is a whole .docx (zip directory, inflate, CRC,
// then the XML); any other input is word/document.xml, read whole and again fed in chunks whose
// sizes come from the input: the two readings must give the same text (the streaming tokenizer
// resumes across chunk boundaries exactly).
import Foundation
import FuzzDriver
@testable import Ingest

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if bytes.starts(with: [0x50, 0x4B]) {
        _ = try? Docx.extract(bytes, budget: .unlimited())
        return 0
    }
    let whole = Docx.text(xml: bytes)
    var s = XMLStream(budget: .unlimited())
    var k = 0
    var step = 1 + Int(bytes.first ?? 7) % 61
    do {
        while k < bytes.count {
            let e = min(bytes.count, k + step)
            try s.feed(Array(bytes[k..<e]))
            k = e
            step = 1 + (step * 7 + 3) % 97
        }
        try s.finish()
    } catch {
        preconditionFailure("unlimited budget threw")
    }
    let chunked = s.sawElement ? s.word.text() : nil
    precondition(whole == chunked, "chunked reading differs: \(String(describing: whole?.prefix(80))) vs \(String(describing: chunked?.prefix(80)))")
    return 0
}

@_cdecl("FuzzDocx_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
}

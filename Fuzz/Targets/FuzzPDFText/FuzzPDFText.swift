// What is done to pdftotext's output: pages cut at form feeds, empty pages found, pages joined,
// mojibake (TCVN3 fonts read as Latin-1, hyphens standing for ư) repaired; on any bytes.
import Foundation
import FuzzDriver
@testable import Ingest

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let pages = try? PDF.pages(bytes, budget: .unlimited()) else { preconditionFailure("unlimited budget threw") }
    precondition(!pages.isEmpty)
    let empty = pages.indices.filter { !PDF.hasText(pages[$0]) }
    _ = PDF.ranges(empty.map { $0 + 1 })
    guard let (text, _, _) = try? PDF.finish(pages, budget: .unlimited()) else { preconditionFailure("unlimited budget threw") }
    let feeds = text.utf8.reduce(0) { $0 + ($1 == 0x0C ? 1 : 0) }
    precondition(feeds == pages.count - 1, "pages lost: \(feeds) form feeds for \(pages.count) pages")
    return 0
}

@_cdecl("FuzzPDFText_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
}

// The query language: lexer and parser, the Xapian query built from it, and a real search on a
// small archive (so field values, dates and ranges are read the way `vanban search` reads them).
@testable import Archive
import Foundation
import FuzzDriver

nonisolated(unsafe) let archive: SearchService = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanban-fuzz-query-\(getpid())")
    try? FileManager.default.removeItem(at: dir)
    let docs = dir.appendingPathComponent("docs")
    try! FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
    try! """
    UBND TỈNH NGHỆ AN
    SỞ Y TẾ
    Số: 6757/KH-SYT
    Nghệ An, ngày 22 tháng 5 năm 2026
    KẾ HOẠCH
    Chấn chỉnh lề lối làm việc
    Thực hiện Kết luận số 226-KL/TW ngày 15/5/2026 của Bộ Chính trị. Các đơn vị báo cáo trước ngày 05 tháng 6 năm 2026.
    """.write(to: docs.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
    try! """
    SỞ Y TẾ
    Số: 660/BC-TTYT
    Nghệ An, ngày 01 tháng 6 năm 2026
    BÁO CÁO
    Kết quả thực hiện Kế hoạch số 6757/KH-SYT
    """.write(to: docs.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
    let db = dir.appendingPathComponent("db").path
    let w = try! ArchiveWriter.open(path: db)
    _ = try! w.index(paths: [docs.path])
    w.close()
    return SearchService(reader: try! ArchiveReader.open(path: db))
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let s = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let node = QueryLanguage.parse(s)
    var builder = QueryBuilder(exact: false)
    _ = builder.build(node)
    var filter = Filter()
    _ = try? builder.applyFields(to: &filter)
    for exact in [false, true] {
        _ = try? archive.run(SearchRequest(query: s, limit: 5, exact: exact))
    }
    return 0
}

@_cdecl("FuzzQuery_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
}

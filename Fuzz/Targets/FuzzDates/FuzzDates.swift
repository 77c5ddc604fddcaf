// Dates: the ISO reader, the forms people type (DateRange), and dates inside header lines and
// deadline sentences.
import Archive
@testable import Documents
import Foundation
import FuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let s = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let d = DocDate(iso: s) {
        if let m = d.month { precondition((1...12).contains(m)) }
        _ = d.sortKey
        _ = d.addingMonths(7)
    }
    if let d = try? DateRange.date(s) {
        if let m = d.month {
            precondition((1...12).contains(m), "month \(m)")
            if let day = d.day { precondition(day >= 1 && day <= DocDate.daysIn(month: m, year: d.year), "invalid \(d)") }
        }
        _ = d.description
    }
    _ = try? DateRange.parse(s)
    // The same text as the date of a header and as a deadline.
    let header = "ỦY BAN NHÂN DÂN\nSố: 12/KH-UBND\nNghệ An, \(s)\nKẾ HOẠCH\nBáo cáo kết quả \(s).\n"
    for d in DocumentParser.parse(fileText: header) {
        if let date = d.date, let m = date.month {
            precondition((1...12).contains(m), "month \(m)")
            if let day = date.day { precondition(DocDate.isValid(year: date.year, month: m, day: day), "invalid \(date)") }
        }
    }
    _ = ObligationExtractor.extract(text: "Các đơn vị gửi báo cáo về Sở Y tế trước \(s).", documentDate: DocDate(year: 2026, month: 5, day: 22), issuer: nil)
    return 0
}

@_cdecl("FuzzDates_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
}

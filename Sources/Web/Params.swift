import Foundation
import Archive
import Documents
import Hummingbird
import Render

/// What a request did wrong (or what went wrong answering it), with the status it gets.
struct WebError: Error {
    var status: HTTPResponse.Status
    /// Said to the person (Vietnamese), and in the API's `message`.
    var message: String
    /// The documents an ambiguous REF names (409).
    var candidates: [StoredDocument] = []
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`).
    var headers: HTTPFields = [:]

    static func badRequest(_ m: String) -> WebError { WebError(status: .badRequest, message: m) }
    static func notFound(_ m: String) -> WebError { WebError(status: .notFound, message: m) }

    /// An archive's error as a request's: bad input 400, nothing found 404, ambiguous 409; the
    /// rest is the server's (500, 503 while the database is locked for writing a new one).
    init(_ e: ArchiveError) {
        switch e {
        case .badInput(let m): self.init(status: .badRequest, message: m)
        case .notFound(let m): self.init(status: .notFound, message: m)
        case .ambiguous(let m, let c): self.init(status: .conflict, message: m, candidates: c)
        case .locked(let m): self.init(status: .serviceUnavailable, message: m)
        case .corrupt(let m), .io(let m), .modified(let m): self.init(status: .internalServerError, message: m)
        }
    }

    init(status: HTTPResponse.Status, message: String, candidates: [StoredDocument] = [], headers: HTTPFields = [:]) {
        self.status = status; self.message = message; self.candidates = candidates; self.headers = headers
    }

    /// The API's short name of the error (`"error"` in its JSON).
    var code: String {
        switch status.code {
        case 400: return "bad_input"
        case 401: return "unauthorized"
        case 404: return "not_found"
        case 409: return "ambiguous"
        case 413: return "too_large"
        case 429: return "too_many_attempts"
        case 503: return "unavailable"
        default: return "internal"
        }
    }
}

/// A request's query string, read strictly: `+` is a space, `%XX` a byte, the bytes UTF-8; each
/// parameter at most once. Anything else is a bad request, never a guess.
struct Params: Sendable {
    private var values: [String: String] = [:]

    /// The longest query text, as the CLI takes it (`vanban search`: exit 2 beyond).
    static let maxQueryBytes = 10_000

    init(query: String?) throws(WebError) {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let eq = pair.firstIndex(of: "=")
            let key = try Params.decode(eq.map { pair[..<$0] } ?? pair[...])
            let value = try eq.map { i throws(WebError) in try Params.decode(pair[pair.index(after: i)...]) } ?? ""
            guard values[key] == nil else { throw .badRequest("Tham số \"\(key)\" xuất hiện nhiều lần.") }
            values[key] = value
        }
    }

    init(_ values: [String: String]) { self.values = values }

    /// `application/x-www-form-urlencoded` bytes (the same rules as a query string).
    static func decode<S: StringProtocol>(_ s: S) throws(WebError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var it = s.utf8.makeIterator()
        while let b = it.next() {
            switch b {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let h = it.next().flatMap(Params.hex), let l = it.next().flatMap(Params.hex) else {
                    throw .badRequest("Địa chỉ có mã %XX sai.")
                }
                bytes.append(h << 4 | l)
            default: bytes.append(b)
            }
        }
        guard let out = String(validating: bytes, as: UTF8.self) else { throw .badRequest("Địa chỉ không phải UTF-8.") }
        guard !out.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" || $0.value == 0x7F }) else {
            throw .badRequest("Địa chỉ có ký tự điều khiển.")
        }
        return out
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The value, trimmed; nil when absent or empty.
    func string(_ key: String) -> String? {
        guard let v = values[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    /// The value as it came (nil when absent), for text that keeps its spaces.
    func raw(_ key: String) -> String? { values[key] }

    /// A REF (`ref=`): required, as the CLI takes it.
    func ref(_ key: String = "ref") throws(WebError) -> String {
        guard let r = string(key) else { throw .badRequest("Thiếu tham số \"\(key)\" (số hiệu như 6757/KH-SYT, \"KH 6757\", hoặc mã FILE#N).") }
        guard r.utf8.count <= 1_000 else { throw .badRequest("Tham số \"\(key)\" dài quá 1.000 byte.") }
        return r
    }

    /// A whole number in `range`; nil when absent.
    func int(_ key: String, in range: ClosedRange<Int>) throws(WebError) -> Int? {
        guard let s = string(key) else { return nil }
        guard let v = Int(s), range.contains(v) else {
            throw .badRequest("Tham số \"\(key)\" phải là số nguyên từ \(range.lowerBound) đến \(range.upperBound).")
        }
        return v
    }

    /// `1`/`true`/`on`/`yes` or `0`/`false`/`off`/`no`; false when absent.
    func flag(_ key: String) throws(WebError) -> Bool {
        guard let s = string(key)?.lowercased() else { return false }
        switch s {
        case "1", "true", "on", "yes": return true
        case "0", "false", "off", "no": return false
        default: throw .badRequest("Tham số \"\(key)\" phải là 1 hoặc 0.")
        }
    }

    /// A date as the CLI takes it (YYYY, YYYY-MM, YYYY-MM-DD or D/M/YYYY); impossible dates refused.
    func date(_ key: String) throws(WebError) -> DocDate? {
        guard let s = string(key) else { return nil }
        do { return try DateRange.date(s) } catch { throw WebError(error) }
    }

    /// A full date (`as_of`): YYYY-MM-DD or D/M/YYYY.
    func day(_ key: String) throws(WebError) -> DocDate? {
        guard let d = try date(key) else { return nil }
        guard d.day != nil else { throw .badRequest("Tham số \"\(key)\" cần đủ ngày, tháng, năm (ví dụ 2026-11-22).") }
        return d
    }

    /// One of `allowed` raw values; nil when absent.
    func choice<T: RawRepresentable>(_ key: String, _ type: T.Type, allowed: [T]) throws(WebError) -> T? where T.RawValue == String {
        guard let s = string(key) else { return nil }
        guard let v = T(rawValue: s.lowercased()) else {
            throw .badRequest("Tham số \"\(key)\" phải là một trong: \(allowed.map(\.rawValue).joined(separator: ", ")).")
        }
        return v
    }

    /// `status`: an obligation's status as the CLI's `--status` reads it (`overdue`, `quá hạn`,
    /// `qua han`…); nil when absent.
    func status(_ key: String = "status") throws(WebError) -> ObligationStatus.Status? {
        guard let s = string(key) else { return nil }
        guard let v = StatusWords.parse(s) else {
            throw .badRequest("Tham số \"\(key)\" phải là một trong: "
                              + StatusWords.all.map { "\($0.rawValue) (\(StatusWords.vietnamese($0)))" }.joined(separator: ", ") + ".")
        }
        return v
    }

    /// The search query text (`q`): at most 10,000 bytes, as the CLI.
    func queryText(_ key: String = "q") throws(WebError) -> String {
        let q = string(key) ?? ""
        guard q.utf8.count <= Params.maxQueryBytes else { throw .badRequest("Câu tìm kiếm dài quá 10.000 byte.") }
        return q
    }

    /// The filters shared by search and the API (`type`, `issuer`, `place`, `from`, `to`, `year`),
    /// as `vanban search` takes them.
    func filter() throws(WebError) -> Filter {
        for k in ["type", "issuer", "place"] where (string(k)?.utf8.count ?? 0) > 1_000 {
            throw .badRequest("Tham số \"\(k)\" dài quá 1.000 byte.")
        }
        return Filter(type: string("type"), issuer: string("issuer"), place: string("place"),
                      from: try date("from"), to: try date("to"), year: try int("year", in: 1...9999))
    }
}

extension ArchiveReader {
    /// `document(named:)` for a request: an id `FILE#N` that names no document is not found (404),
    /// where the archive, reading it as a REF it cannot parse, calls it bad input.
    func named(_ ref: String, year: Int?, issuer: String?) throws -> StoredDocument {
        try ArchiveReader.idNotFound(ref) { () throws(ArchiveError) in try document(named: ref, year: year, issuer: issuer) }
    }

    /// `target(named:)` for a request, as `named`.
    func namedTarget(_ ref: String, year: Int?, issuer: String?) throws -> CitationTarget {
        try ArchiveReader.idNotFound(ref) { () throws(ArchiveError) in try target(named: ref, year: year, issuer: issuer) }
    }

    private static func idNotFound<T>(_ ref: String, _ body: () throws(ArchiveError) -> T) throws -> T {
        do { return try body() } catch {
            if case .badInput = error, let hash = ref.lastIndex(of: "#"), ref.index(after: hash) < ref.endIndex,
               ref[ref.index(after: hash)...].allSatisfy(\.isASCII), Int(ref[ref.index(after: hash)...]) != nil {
                throw WebError.notFound("Không có văn bản mã \(ref) trong kho.")
            }
            throw error
        }
    }
}

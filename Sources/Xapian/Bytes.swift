// Byte-exact conversion between Swift String and std::string.
//
// Valid UTF-8 (including NUL bytes) maps 1:1 in both directions. Xapian
// strings may also hold bytes that are not valid UTF-8 (sortable_serialise
// output, binary values). Such a byte B (0x80...0xFF) is represented in a Swift
// String by the private-use scalar U+10FE00 + B and mapped back to the raw
// byte on the way in, so `value(_:)` / `setValue(_:_:)` / `sortableSerialise`
// round-trip exactly. (Genuine text containing U+10FE80...U+10FEFF would be
// altered; those Plane-16 private-use scalars do not occur in real documents.)
// For binary data prefer the `[UInt8]` overloads.

import CXapian

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@usableFromInline let escapeBase: UInt32 = 0x10FE00

/// Calls `body` with the std::string bytes of `s` (no copy on the fast path).
@inline(__always)
@usableFromInline
func withBytes<R>(_ s: String, _ body: (UnsafePointer<CChar>?, Int) -> R) -> R {
    var s = s
    return s.withUTF8 { buf -> R in
        guard let base = buf.baseAddress, buf.count > 0 else { return body(nil, 0) }
        if buf.count >= 4, memchr(base, 0xF4, buf.count) != nil {
            let raw = unescape(buf)
            return raw.withUnsafeBufferPointer { r in
                r.withMemoryRebound(to: CChar.self) { body($0.baseAddress, $0.count) }
            }
        }
        return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: buf.count) {
            body($0, buf.count)
        }
    }
}

@inline(__always)
func withBytes2<R>(_ a: String, _ b: String,
                   _ body: (UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, Int) -> R) -> R {
    withBytes(a) { pa, na in withBytes(b) { pb, nb in body(pa, na, pb, nb) } }
}

@inline(__always)
func withBytes<R>(_ a: [UInt8], _ body: (UnsafePointer<CChar>?, Int) -> R) -> R {
    a.withUnsafeBufferPointer { r in r.withMemoryRebound(to: CChar.self) { body($0.baseAddress, $0.count) } }
}

/// Raw bytes of a String (escape scalars turned back into raw bytes).
func rawBytes(_ s: String) -> [UInt8] {
    withBytes(s) { p, n in
        guard let p else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }
}

func unescape(_ buf: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(buf.count)
    var i = 0
    let n = buf.count
    while i < n {
        let b = buf[i]
        // U+10FE80...U+10FEFF == F4 8F BA|BB 80...BF
        if b == 0xF4, i + 3 < n, buf[i + 1] == 0x8F, buf[i + 2] == 0xBA || buf[i + 2] == 0xBB,
           buf[i + 3] & 0xC0 == 0x80 {
            out.append(0x80 &+ (buf[i + 2] == 0xBB ? 0x40 : 0) &+ (buf[i + 3] & 0x3F))
            i += 4
        } else {
            out.append(b)
            i += 1
        }
    }
    return out
}

/// String from std::string bytes (escaping bytes that are not valid UTF-8).
func makeString(_ p: UnsafePointer<CChar>?, _ n: Int) -> String {
    guard let p, n > 0 else { return "" }
    let buf = UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: n)
    if let s = String(validating: buf, as: UTF8.self) { return s }
    var scalars = String.UnicodeScalarView()
    var i = 0
    while i < n {
        if let (sc, len) = decodeScalar(buf, i) {
            scalars.append(sc)
            i += len
        } else {
            scalars.append(Unicode.Scalar(escapeBase + UInt32(buf[i]))!)
            i += 1
        }
    }
    return String(scalars)
}

private func decodeScalar(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int)? {
    let b0 = b[i]
    if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
    let len: Int
    var cp: UInt32
    switch b0 {
    case 0xC2...0xDF: len = 2; cp = UInt32(b0 & 0x1F)
    case 0xE0...0xEF: len = 3; cp = UInt32(b0 & 0x0F)
    case 0xF0...0xF4: len = 4; cp = UInt32(b0 & 0x07)
    default: return nil
    }
    guard i + len <= b.count else { return nil }
    for k in 1..<len {
        let c = b[i + k]
        guard c & 0xC0 == 0x80 else { return nil }
        cp = cp << 6 | UInt32(c & 0x3F)
    }
    if len == 3 && cp < 0x800 { return nil }
    if len == 4 && (cp < 0x10000 || cp > 0x10FFFF) { return nil }
    guard let s = Unicode.Scalar(cp) else { return nil }
    return (s, len)
}

/// Takes ownership of a malloc'd buffer returned by the shim.
func takeString(_ p: UnsafeMutablePointer<CChar>?, _ n: Int) -> String {
    guard let p else { return "" }
    defer { cx_free(p) }
    return makeString(p, n)
}

func takeBytes(_ p: UnsafeMutablePointer<CChar>?, _ n: Int) -> [UInt8] {
    guard let p else { return [] }
    defer { cx_free(p) }
    return Array(UnsafeRawBufferPointer(start: p, count: n))
}

func takeIDs(_ p: UnsafeMutablePointer<UInt32>?, _ n: Int) -> [UInt32] {
    guard let p else { return [] }
    defer { cx_free(p) }
    return Array(UnsafeBufferPointer(start: p, count: n))
}

/// Converts and frees a cx_strlist.
func takeStrList(_ l: OpaquePointer?) -> [(String, Int)] {
    guard let l else { return [] }
    defer { cx_strlist_free(l) }
    let n = cx_strlist_count(l)
    var out = [(String, Int)]()
    out.reserveCapacity(n)
    for i in 0..<n {
        var len = 0
        let p = cx_strlist_get(l, i, &len)
        out.append((makeString(p, len), Int(cx_strlist_freq(l, i))))
    }
    return out
}

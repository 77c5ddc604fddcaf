import CIngest

/// The few parts of a zip archive a .docx needs, read from bytes in memory: the central
/// directory (ZIP64 included), one entry's data, stored or deflated (zlib), handed out in chunks
/// as it is inflated, its CRC-32 checked.
///
/// Its own reader rather than ZIPFoundation, which traps (a range check) on a damaged archive held
/// in memory: every offset and size here is checked against the bytes before use, so any input
/// gives entries or an error.
struct ZipReader {
    struct Entry {
        var name: String
        var method: Int
        var flags: Int
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localOffset: Int
    }

    struct Damaged: Error {
        var reason: String
    }

    let bytes: [UInt8]
    private(set) var entries: [Entry] = []
    /// Entries read at most (a .docx has dozens).
    static let maxEntries = 100_000

    init(_ bytes: [UInt8]) throws(Damaged) {
        self.bytes = bytes
        let (count, cdSize, cdOffset) = try endOfCentralDirectory()
        guard cdOffset <= bytes.count, cdSize <= bytes.count - cdOffset else { throw Damaged(reason: "central directory outside the file") }
        var p = cdOffset
        let end = cdOffset + cdSize
        while entries.count < min(count, ZipReader.maxEntries) && p + 46 <= end {
            guard u32(p) == 0x0201_4B50 else { break }
            let nameLength = u16(p + 28), extraLength = u16(p + 30), commentLength = u16(p + 32)
            guard p + 46 + nameLength + extraLength + commentLength <= end else { throw Damaged(reason: "central directory entry cut short") }
            var e = Entry(name: String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self), method: u16(p + 10),
                          flags: u16(p + 8), crc: UInt32(u32(p + 16)), compressedSize: u32(p + 20), uncompressedSize: u32(p + 24),
                          localOffset: u32(p + 42))
            try zip64Extra(&e, from: p + 46 + nameLength, length: extraLength)
            entries.append(e)
            p += 46 + nameLength + extraLength + commentLength
        }
        guard !entries.isEmpty || count == 0 else { throw Damaged(reason: "no readable central directory entry") }
    }

    subscript(name: String) -> Entry? { entries.first { $0.name == name } }

    /// The entry's data, uncompressed, in chunks of at most `chunk` bytes.
    func read(_ e: Entry, chunk: Int = 1 << 16, _ consume: ([UInt8]) throws -> Void) throws {
        if e.flags & 1 != 0 { throw Damaged(reason: "\(e.name) is encrypted") }
        let p = e.localOffset
        guard p <= bytes.count - 30, u32(p) == 0x0403_4B50 else { throw Damaged(reason: "no local header for \(e.name)") }
        let start = p + 30 + u16(p + 26) + u16(p + 28)
        guard start <= bytes.count, e.compressedSize <= bytes.count - start else { throw Damaged(reason: "\(e.name) cut short") }
        let data = start..<(start + e.compressedSize)
        var crc: UInt32 = 0
        switch e.method {
        case 0:
            var k = data.lowerBound
            while k < data.upperBound {
                let piece = Array(bytes[k..<min(data.upperBound, k + chunk)])
                crc = piece.withUnsafeBufferPointer { vb_crc32(crc, $0.baseAddress, $0.count) }
                try consume(piece)
                k += piece.count
            }
        case 8:
            guard let z = vb_inflate_new() else { throw Damaged(reason: "out of memory") }
            defer { vb_inflate_free(z) }
            var out = [UInt8](repeating: 0, count: chunk)
            var k = data.lowerBound
            var done = false
            while !done {
                var used = 0, made = 0
                let rc = bytes.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { o in
                        vb_inflate_step(z, b.baseAddress! + k, data.upperBound - k, &used, o.baseAddress, o.count, &made)
                    }
                }
                k += used
                if rc < 0 { throw Damaged(reason: rc == -2 ? "\(e.name) cut short" : "\(e.name) is damaged (deflate data)") }
                if rc == 1 { done = true } else if used == 0 && made == 0 { throw Damaged(reason: "\(e.name) cut short") }
                if made > 0 {
                    let piece = Array(out[0..<made])
                    crc = piece.withUnsafeBufferPointer { vb_crc32(crc, $0.baseAddress, $0.count) }
                    try consume(piece)
                }
            }
        default:
            throw Damaged(reason: "\(e.name) is compressed with method \(e.method), not read")
        }
        if crc != e.crc { throw Damaged(reason: "\(e.name): CRC-32 mismatch") }
    }

    // MARK: - Structures

    private func u16(_ p: Int) -> Int {
        guard p >= 0, p + 2 <= bytes.count else { return 0 }
        return Int(bytes[p]) | Int(bytes[p + 1]) << 8
    }

    private func u32(_ p: Int) -> Int {
        guard p >= 0, p + 4 <= bytes.count else { return 0 }
        return u16(p) | u16(p + 2) << 16
    }

    /// An unsigned 64-bit field as an Int, when it can be an offset or size in these bytes.
    private func u64(_ p: Int) -> Int? {
        guard p >= 0, p + 8 <= bytes.count, u32(p + 4) == 0 else { return nil }
        return u32(p)
    }

    /// (entries, size, offset) of the central directory, from the end record (ZIP64 when marked).
    private func endOfCentralDirectory() throws(Damaged) -> (Int, Int, Int) {
        guard bytes.count >= 22 else { throw Damaged(reason: "too short for a zip archive") }
        // The end record is in the last 22 + 65,535 bytes (its comment is at most that long).
        var p = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while p >= lowest && u32(p) != 0x0605_4B50 { p -= 1 }
        guard p >= lowest else { throw Damaged(reason: "no end of central directory") }
        var count = u16(p + 10), size = u32(p + 12), offset = u32(p + 16)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            // ZIP64: the locator just before points at the ZIP64 end record.
            let loc = p - 20
            guard loc >= 0, u32(loc) == 0x0706_4B50, let end64 = u64(loc + 8), end64 <= bytes.count - 56,
                  u32(end64) == 0x0606_4B50, let c = u64(end64 + 32), let s = u64(end64 + 40), let o = u64(end64 + 48)
            else { throw Damaged(reason: "damaged ZIP64 end of central directory") }
            (count, size, offset) = (c, s, o)
        }
        return (count, size, offset)
    }

    /// Sizes and offset given in the ZIP64 extra field (id 1) when the 32-bit ones are 0xFFFFFFFF.
    private func zip64Extra(_ e: inout Entry, from start: Int, length: Int) throws(Damaged) {
        guard e.uncompressedSize == 0xFFFF_FFFF || e.compressedSize == 0xFFFF_FFFF || e.localOffset == 0xFFFF_FFFF else { return }
        var p = start
        let end = start + length
        while p + 4 <= end {
            let id = u16(p), size = u16(p + 2)
            if id == 1 {
                var q = p + 4
                func next() throws(Damaged) -> Int {
                    guard q + 8 <= p + 4 + size, let v = u64(q) else { throw Damaged(reason: "damaged ZIP64 field of \(e.name)") }
                    q += 8
                    return v
                }
                if e.uncompressedSize == 0xFFFF_FFFF { e.uncompressedSize = try next() }
                if e.compressedSize == 0xFFFF_FFFF { e.compressedSize = try next() }
                if e.localOffset == 0xFFFF_FFFF { e.localOffset = try next() }
                return
            }
            p += 4 + size
        }
        throw Damaged(reason: "no ZIP64 field for \(e.name)")
    }
}

/// A growable byte buffer on raw memory: no uniqueness or exclusivity checks in hot loops.
struct ByteSink: ~Copyable {
    var base: UnsafeMutablePointer<UInt8>
    var count = 0
    var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always) var isEmpty: Bool { count == 0 }

    @inline(__always)
    mutating func append(_ b: UInt8) {
        if count == capacity { grow(1) }
        base[count] = b
        count &+= 1
    }

    mutating func append(_ p: UnsafeBufferPointer<UInt8>) {
        if count + p.count > capacity { grow(p.count) }
        if let a = p.baseAddress { (base + count).update(from: a, count: p.count) }
        count += p.count
    }

    @inline(never)
    mutating func grow(_ extra: Int) {
        let newCap = max(capacity * 2, count + extra + 16)
        let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap)
        nb.update(from: base, count: count)
        base.deallocate()
        base = nb
        capacity = newCap
    }

    @inline(__always)
    mutating func appendUTF8(_ v: UInt32) {
        if count &+ 4 > capacity { grow(4) }
        if v < 0x80 {
            base[count] = UInt8(truncatingIfNeeded: v); count &+= 1
        } else if v < 0x800 {
            base[count] = UInt8(truncatingIfNeeded: 0xC0 | (v >> 6))
            base[count &+ 1] = UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F))
            count &+= 2
        } else if v < 0x10000 {
            base[count] = UInt8(truncatingIfNeeded: 0xE0 | (v >> 12))
            base[count &+ 1] = UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F))
            base[count &+ 2] = UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F))
            count &+= 3
        } else {
            base[count] = UInt8(truncatingIfNeeded: 0xF0 | (v >> 18))
            base[count &+ 1] = UInt8(truncatingIfNeeded: 0x80 | ((v >> 12) & 0x3F))
            base[count &+ 2] = UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F))
            base[count &+ 3] = UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F))
            count &+= 4
        }
    }

    func string() -> String {
        String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    }
}

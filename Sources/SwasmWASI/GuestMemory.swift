// Every guest pointer and length goes through here: an access outside the memory's current size is EFAULT,
// never a host read or write out of bounds. Integers are little-endian and may be unaligned.

struct GuestMemory {
    let raw: UnsafeMutableRawBufferPointer

    /// `count` bytes at guest address `address`, or EFAULT.
    @inline(__always)
    func bytes(_ address: UInt32, _ count: UInt32) throws(WASIErrno) -> UnsafeMutableRawBufferPointer {
        let end = UInt64(address) + UInt64(count)
        guard end <= UInt64(raw.count) else { throw .fault }
        guard count > 0 else { return UnsafeMutableRawBufferPointer(start: raw.baseAddress, count: 0) }
        return UnsafeMutableRawBufferPointer(start: raw.baseAddress! + Int(address), count: Int(count))
    }

    func load<T: FixedWidthInteger>(_: T.Type, _ address: UInt32) throws(WASIErrno) -> T {
        let p = try bytes(address, UInt32(MemoryLayout<T>.size))
        return T(littleEndian: p.loadUnaligned(as: T.self))
    }

    func store<T: FixedWidthInteger>(_ value: T, _ address: UInt32) throws(WASIErrno) {
        let p = try bytes(address, UInt32(MemoryLayout<T>.size))
        p.storeBytes(of: value.littleEndian, as: T.self)
    }

    /// The UTF-8 (or any) bytes of a guest string `(pointer, length)`.
    func string(_ address: UInt32, _ count: UInt32) throws(WASIErrno) -> [UInt8] {
        Array(try bytes(address, count))
    }

    /// The buffers of an iovec array `(pointer, count)`: each `{ buf: u32, len: u32 }`, all checked.
    func iovecs(_ address: UInt32, _ count: UInt32) throws(WASIErrno) -> [UnsafeMutableRawBufferPointer] {
        guard UInt64(count) * 8 <= UInt64(raw.count) else { throw .fault }
        var out: [UnsafeMutableRawBufferPointer] = []
        out.reserveCapacity(Int(count))
        for i in 0..<count {
            let base = UInt64(address) + 8 * UInt64(i)
            guard base + 8 <= UInt64(raw.count) else { throw .fault }
            let buf = try load(UInt32.self, UInt32(base))
            let len = try load(UInt32.self, UInt32(base + 4))
            out.append(try bytes(buf, len))
        }
        return out
    }
}

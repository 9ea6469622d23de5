// Byte-level encoding of the binary format: LEB128, names, vectors, sections.

struct ByteSink {
    var bytes: [UInt8] = []

    mutating func byte(_ b: UInt8) { bytes.append(b) }
    mutating func append(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    mutating func u32(_ v: UInt32) { u64(UInt64(v)) }

    mutating func u64(_ v: UInt64) {
        var v = v
        repeat {
            var b = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { b |= 0x80 }
            bytes.append(b)
        } while v != 0
    }

    mutating func s64(_ v: Int64) {
        var v = v
        while true {
            let b = UInt8(truncatingIfNeeded: v) & 0x7F
            v >>= 7
            if (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0) {
                bytes.append(b)
                return
            }
            bytes.append(b | 0x80)
        }
    }

    mutating func s32(_ v: Int32) { s64(Int64(v)) }

    mutating func name(_ b: [UInt8]) {
        u32(UInt32(b.count))
        append(b)
    }

    mutating func fixed32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func fixed64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }

    /// A section: id, size, contents.
    mutating func section(_ id: UInt8, _ contents: [UInt8]) {
        byte(id)
        u32(UInt32(contents.count))
        append(contents)
    }
}

/// Reads the binary format from a byte range: strict LEB128, fixed-width values, names.
///
/// Invariants: `position <= end`; `offset` is the module offset of the next byte (`baseOffset + position`).
/// Reading past `end` throws `endMessage` ("unexpected end" for the whole module, "unexpected end of section or
/// function" inside a sized section or body) — never reads out of bounds.
public struct ByteReader {
    @usableFromInline let bytes: UnsafeRawBufferPointer
    /// `bytes` as a typed pointer: single-byte reads are one load (no bounds-checked buffer access).
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline var position: Int
    @usableFromInline let end: Int
    @usableFromInline let baseOffset: Int
    @usableFromInline var endMessage: String

    /// Reads `bytes[start..<end]`; `baseOffset` is the module offset of `bytes[0]`.
    @inlinable
    public init(
        _ bytes: UnsafeRawBufferPointer, start: Int = 0, end: Int? = nil, baseOffset: Int = 0,
        endMessage: String = "unexpected end"
    ) {
        self.bytes = bytes
        self.base =
            bytes.baseAddress.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) }
            ?? UnsafePointer(bitPattern: 1)!
        self.position = start
        self.end = end ?? bytes.count
        self.baseOffset = baseOffset
        self.endMessage = endMessage
    }

    /// Module offset of the next byte.
    @inlinable public var offset: Int { @inline(__always) get { baseOffset &+ position } }
    @inlinable public var isAtEnd: Bool { position >= end }
    @inlinable public var remaining: Int { end - position }
    /// The bytes not read yet (valid as long as the reader's buffer is).
    @inlinable public var remainingBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[position..<max(position, end)])
    }

    /// A reader over the next `count` bytes (which this reader skips).
    @inlinable
    public mutating func subReader(count: Int, endMessage: String = "unexpected end of section or function")
        throws(WasmError) -> ByteReader
    {
        guard count <= remaining else { throw WasmError(.malformed, "length out of bounds", offset: offset) }
        let r = ByteReader(
            bytes, start: position, end: position + count, baseOffset: baseOffset, endMessage: endMessage)
        position += count
        return r
    }

    @inlinable @inline(__always)
    public mutating func readByte() throws(WasmError) -> UInt8 {
        guard _fastPath(position < end) else { throw endError() }
        let b = base[position]
        position &+= 1
        return b
    }

    @inlinable
    public mutating func peekByte() throws(WasmError) -> UInt8 {
        guard position < end else { throw endError() }
        return base[position]
    }

    /// The error for reading past `end` (kept out of line: it builds a String).
    @usableFromInline @inline(never)
    func endError() -> WasmError { WasmError(.malformed, endMessage, offset: offset) }

    /// Unsigned LEB128, at most 5 bytes, value < 2^32.
    @inlinable @inline(__always)
    public mutating func readU32() throws(WasmError) -> UInt32 {
        let b0 = try readByte()
        if b0 < 0x80 { return UInt32(b0) }
        return try readU32Slow(first: b0)
    }

    @inlinable
    mutating func readU32Slow(first: UInt8) throws(WasmError) -> UInt32 {
        // Two bytes (128…16383) first.
        if position < end && base[position] < 0x80 {
            let b = base[position]
            position &+= 1
            return UInt32(first & 0x7F) | UInt32(b) << 7
        }
        let start = offset - 1
        var result = UInt32(first & 0x7F)
        var shift: UInt32 = 7
        while true {
            let b = try readByte()
            if shift == 28 {
                if b & 0x80 != 0 { throw WasmError(.malformed, "integer representation too long", offset: start) }
                if b & 0x70 != 0 { throw WasmError(.malformed, "integer too large", offset: start) }
            }
            result |= UInt32(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Signed LEB128 of a 32-bit integer.
    @inlinable
    public mutating func readS32() throws(WasmError) -> Int32 {
        // One byte (-64…63) is the common case: sign-extend its 7 bits; then two bytes (-8192…8191).
        if end &- position >= 2 {
            let b = base[position]
            if b < 0x80 {
                position &+= 1
                return Int32(Int8(bitPattern: b << 1) >> 1)
            }
            let b1 = base[position &+ 1]
            if b1 < 0x80 {
                position &+= 2
                let v = Int32(b & 0x7F) | Int32(b1) << 7
                return (v << 18) >> 18
            }
        } else if position < end {
            let b = base[position]
            if b < 0x80 {
                position &+= 1
                return Int32(Int8(bitPattern: b << 1) >> 1)
            }
        }
        return Int32(truncatingIfNeeded: try readSignedLEB(bits: 32))
    }

    /// Signed LEB128 of a 33-bit integer (block type indices).
    @inlinable
    public mutating func readS33() throws(WasmError) -> Int64 {
        try readSignedLEB(bits: 33)
    }

    /// Signed LEB128 of at most 35 bits (5 bytes): the unused high bits of the 5th byte must repeat the sign.
    @inlinable
    mutating func readSignedLEB(bits: Int64) throws(WasmError) -> Int64 {
        let start = offset
        // Bits of the 5th byte beyond the value, plus its sign bit: 0x78 for 32 bits, 0x70 for 33.
        let unused: UInt8 = bits == 32 ? 0x78 : 0x70
        var result: Int64 = 0
        var shift: Int64 = 0
        var b: UInt8
        repeat {
            b = try readByte()
            if shift == 28 {
                if b & 0x80 != 0 { throw WasmError(.malformed, "integer representation too long", offset: start) }
                let rest = b & unused
                if rest != 0 && rest != unused { throw WasmError(.malformed, "integer too large", offset: start) }
            }
            result |= Int64(b & 0x7F) << shift
            shift += 7
        } while b & 0x80 != 0
        if shift < 64 && b & 0x40 != 0 { result |= -1 << shift }
        return (result << (64 - bits)) >> (64 - bits)
    }

    /// Signed LEB128 of a 64-bit integer.
    @inlinable
    public mutating func readS64() throws(WasmError) -> Int64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var b: UInt8
        repeat {
            b = try readByte()
            if shift == 63 {
                if b & 0x80 != 0 { throw WasmError(.malformed, "integer representation too long", offset: start) }
                let rest = b & 0x7F
                if rest != 0 && rest != 0x7F { throw WasmError(.malformed, "integer too large", offset: start) }
            }
            result |= UInt64(b & 0x7F) << shift
            shift += 7
        } while b & 0x80 != 0
        if shift < 64 && b & 0x40 != 0 { result |= ~0 << shift }
        return Int64(bitPattern: result)
    }

    @inlinable
    public mutating func readU32Fixed() throws(WasmError) -> UInt32 {
        guard remaining >= 4 else {
            position = end
            throw WasmError(.malformed, endMessage, offset: offset)
        }
        let v = bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self)
        position += 4
        return UInt32(littleEndian: v)
    }

    @inlinable
    public mutating func readU64Fixed() throws(WasmError) -> UInt64 {
        guard remaining >= 8 else {
            position = end
            throw WasmError(.malformed, endMessage, offset: offset)
        }
        let v = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        return UInt64(littleEndian: v)
    }

    @inlinable
    public mutating func readV128() throws(WasmError) -> V128 {
        let lo = try readU64Fixed()
        let hi = try readU64Fixed()
        return V128(low: lo, high: hi)
    }

    @inlinable
    public mutating func readBytes(_ count: Int) throws(WasmError) -> [UInt8] {
        guard count <= remaining else {
            throw WasmError(.malformed, "unexpected end of section or function", offset: offset)
        }
        let out = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[position..<position + count]))
        position += count
        return out
    }

    /// A name: u32 length + UTF-8 bytes (validated).
    public mutating func readName() throws(WasmError) -> [UInt8] {
        [UInt8](try readNameInPlace())
    }

    /// A name, validated where it is: its bytes in the reader's buffer (valid as long as that buffer is).
    public mutating func readNameInPlace() throws(WasmError) -> UnsafeRawBufferPointer {
        let lengthOffset = offset
        let n = Int(try readU32())
        guard n <= remaining else { throw WasmError(.malformed, "length out of bounds", offset: lengthOffset) }
        let name = UnsafeRawBufferPointer(rebasing: bytes[position..<position + n])
        guard isValidUTF8(name) else { throw WasmError(.malformed, "malformed UTF-8 encoding", offset: offset) }
        position += n
        return name
    }

    @inlinable
    public mutating func readZeroByte() throws(WasmError) {
        let o = offset
        if try readByte() != 0 { throw WasmError(.malformed, "zero byte expected", offset: o) }
    }

    @inlinable
    public mutating func readValueType() throws(WasmError) -> ValueType {
        let o = offset
        let b = try readByte()
        guard let t = ValueType(rawValue: b) else { throw WasmError(.malformed, "malformed value type", offset: o) }
        return t
    }

    @inlinable
    public mutating func readRefType() throws(WasmError) -> ValueType {
        let o = offset
        let b = try readByte()
        guard b == 0x70 || b == 0x6F else { throw WasmError(.malformed, "malformed reference type", offset: o) }
        return ValueType(rawValue: b)!
    }

    @inlinable @inline(__always)
    public mutating func readMemArg() throws(WasmError) -> MemArg {
        // The common case: alignment and offset one byte each.
        if _fastPath(end &- position >= 2) {
            let a = base[position]
            let o = base[position &+ 1]
            if _fastPath(a < 32 && o < 0x80) {
                position &+= 2
                return MemArg(align: UInt32(a), offset: UInt64(o))
            }
        }
        return try readMemArgSlow()
    }

    @usableFromInline
    mutating func readMemArgSlow() throws(WasmError) -> MemArg {
        let start = offset
        let a = try readU32()
        // An exponent of 32 or more can never be valid; bit 6 would be the (post-2.0) memory-index flag.
        if a >= 32 { throw WasmError(.malformed, "malformed memop flags", offset: start) }
        let o = try readU32()
        return MemArg(align: a, offset: UInt64(o))
    }

    @inlinable
    public mutating func readBlockType() throws(WasmError) -> BlockType {
        let b = try peekByte()
        if b == 0x40 {
            position += 1
            return .empty
        }
        if let t = ValueType(rawValue: b) {
            position += 1
            return .value(t)
        }
        let o = offset
        let x = try readS33()
        guard x >= 0 else { throw WasmError(.malformed, "malformed value type", offset: o) }
        return .typeIndex(UInt32(truncatingIfNeeded: x))
    }

    /// Reads a br_table's targets into `targets` (reused buffer) and returns the default depth.
    @inlinable
    public mutating func readBrTable(into targets: inout [UInt32]) throws(WasmError) -> UInt32 {
        targets.removeAll(keepingCapacity: true)
        let n = try readU32()
        // Each target takes at least one byte: reject impossible counts before looping.
        guard Int(n) <= remaining else { throw WasmError(.malformed, endMessage, offset: offset) }
        for _ in 0..<n { targets.append(try readU32()) }
        return try readU32()
    }

    /// The type vector of a typed `select` (Wasm 2.0 allows exactly one type).
    @inlinable
    public mutating func readSelectType() throws(WasmError) -> ValueType {
        let o = offset
        let n = try readU32()
        guard n == 1 else {
            // Read the types so a malformed type still reports as malformed.
            if Int(n) <= remaining { for _ in 0..<n { _ = try readValueType() } }
            throw WasmError(.invalid, "invalid result arity", offset: o)
        }
        return try readValueType()
    }
}

/// Strict UTF-8 validation (no overlongs, no surrogates, max U+10FFFF).
public func isValidUTF8(_ s: [UInt8]) -> Bool {
    s.withUnsafeBytes { isValidUTF8($0) }
}

/// Strict UTF-8 validation of bytes in place; ASCII is checked 8 bytes at a time.
public func isValidUTF8(_ s: UnsafeRawBufferPointer) -> Bool {
    var i = 0
    let n = s.count
    while i < n {
        if i + 8 <= n, s.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
            i += 8
            continue
        }
        let b = s[i]
        if b < 0x80 {
            i += 1
            continue
        }
        var need: Int
        var minCP: UInt32
        var cp: UInt32
        if b & 0xE0 == 0xC0 {
            need = 1
            cp = UInt32(b & 0x1F)
            minCP = 0x80
        } else if b & 0xF0 == 0xE0 {
            need = 2
            cp = UInt32(b & 0x0F)
            minCP = 0x800
        } else if b & 0xF8 == 0xF0 {
            need = 3
            cp = UInt32(b & 0x07)
            minCP = 0x10000
        } else {
            return false
        }
        for k in 1...need {
            guard i + k < n else { return false }
            let c = s[i + k]
            if c & 0xC0 != 0x80 { return false }
            cp = (cp << 6) | UInt32(c & 0x3F)
        }
        if cp < minCP || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) { return false }
        i += need + 1
    }
    return true
}

import Testing

@testable import WasmDecoder

@Suite struct ByteReaderTests {
    func read<T>(_ bytes: [UInt8], _ f: (inout ByteReader) throws(WasmError) -> T) throws(WasmError) -> T {
        let r = bytes.withUnsafeBytes { raw in
            Result { () throws(WasmError) -> T in
                var reader = ByteReader(raw)
                return try f(&reader)
            }
        }
        return try r.get()
    }

    @Test func u32Values() throws {
        for v: UInt64 in [0, 1, 63, 64, 127, 128, 255, 16384, 0xFFFF_FFFF, 0x8000_0000, 624485] {
            #expect(try read(uleb(v)) { (r) throws(WasmError) in try r.readU32() } == UInt32(v))
        }
        // The maximum with redundant-but-legal encoding of 5 bytes.
        #expect(try read([0x80, 0x80, 0x80, 0x80, 0x00]) { (r) throws(WasmError) in try r.readU32() } == 0)
    }

    @Test func u32RejectsOverlongAndTooLarge() {
        #expect(throws: WasmError(.malformed, "integer representation too long", offset: 0)) {
            try read([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) { (r) throws(WasmError) in try r.readU32() }
        }
        #expect(throws: WasmError(.malformed, "integer too large", offset: 0)) {
            try read([0xFF, 0xFF, 0xFF, 0xFF, 0x1F]) { (r) throws(WasmError) in try r.readU32() }
        }
        #expect(throws: WasmError(.malformed, "unexpected end", offset: 2)) {
            try read([0x80, 0x80]) { (r) throws(WasmError) in try r.readU32() }
        }
    }

    @Test func signedValues() throws {
        for v: Int64 in [0, 1, -1, 63, -64, 64, -65, Int64(Int32.max), Int64(Int32.min), 12345, -12345] {
            #expect(try read(sleb(v)) { (r) throws(WasmError) in try r.readS32() } == Int32(v))
        }
        for v: Int64 in [0, -1, Int64.max, Int64.min, 1 << 40, -(1 << 40)] {
            #expect(try read(sleb(v)) { (r) throws(WasmError) in try r.readS64() } == v)
        }
        // s32: unused bits of the 5th byte must be the sign extension.
        #expect(throws: WasmError.self) {
            try read([0xFF, 0xFF, 0xFF, 0xFF, 0x4F]) { (r) throws(WasmError) in try r.readS32() }
        }
        #expect(try read([0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) { (r) throws(WasmError) in try r.readS32() } == -1)
        #expect(throws: WasmError.self) {
            try read([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x41]) { (r) throws(WasmError) in
                try r.readS64()
            }
        }
    }

    /// One- and two-byte values take fast paths: their bounds, and the same values followed by more bytes (the
    /// fast paths look ahead) or ending the input.
    @Test func shortLEB128Boundaries() throws {
        for v: Int64 in [63, 64, -64, -65, 8191, 8192, -8192, -8193, 127, 128, -128, -129] {
            #expect(try read(sleb(v)) { (r) throws(WasmError) in try r.readS32() } == Int32(v))
            #expect(try read(sleb(v) + [0x7F]) { (r) throws(WasmError) in try r.readS32() } == Int32(v))
        }
        for v: UInt64 in [127, 128, 16383, 16384] {
            #expect(try read(uleb(v) + [0x7F]) { (r) throws(WasmError) in try r.readU32() } == UInt32(v))
        }
        #expect(throws: WasmError(.malformed, "unexpected end", offset: 1)) {
            try read([0x80]) { (r) throws(WasmError) in try r.readS32() }
        }
    }

    @Test func memArgs() throws {
        // One byte each (the fast path), multi-byte values, and at the end of the input.
        let cases: [([UInt8], MemArg)] = [
            ([0x02, 0x10], MemArg(align: 2, offset: 16)),
            ([0x02, 0x10, 0x0B], MemArg(align: 2, offset: 16)),
            ([0x03, 0xAC, 0x02], MemArg(align: 3, offset: 300)),
            ([0x80, 0x00, 0x05], MemArg(align: 0, offset: 5)),
            ([0x1F, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], MemArg(align: 31, offset: 0xFFFF_FFFF))
        ]
        for (bytes, expected) in cases {
            #expect(try read(bytes) { (r) throws(WasmError) in try r.readMemArg() } == expected)
        }
        // An alignment exponent of 32 or more is malformed, in one byte or more; so is a truncated offset.
        for bytes: [UInt8] in [[0x20, 0x00], [0x40, 0x00, 0x0B], [0xA0, 0x00, 0x00]] {
            #expect(throws: WasmError(.malformed, "malformed memop flags", offset: 0)) {
                try read(bytes) { (r) throws(WasmError) in try r.readMemArg() }
            }
        }
        #expect(throws: WasmError(.malformed, "unexpected end", offset: 1)) {
            try read([0x02]) { (r) throws(WasmError) in try r.readMemArg() }
        }
    }

    @Test func utf8Validation() {
        #expect(isValidUTF8(Array("héllo 🌍".utf8)))
        #expect(!isValidUTF8([0xC0, 0x80])) // overlong NUL
        #expect(!isValidUTF8([0xED, 0xA0, 0x80])) // surrogate
        #expect(!isValidUTF8([0xF4, 0x90, 0x80, 0x80])) // > U+10FFFF
        #expect(!isValidUTF8([0xE2, 0x82])) // truncated
        #expect(!isValidUTF8([0x80])) // lone continuation
    }
}

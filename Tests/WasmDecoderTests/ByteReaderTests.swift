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

    @Test func utf8Validation() {
        #expect(isValidUTF8(Array("héllo 🌍".utf8)))
        #expect(!isValidUTF8([0xC0, 0x80])) // overlong NUL
        #expect(!isValidUTF8([0xED, 0xA0, 0x80])) // surrogate
        #expect(!isValidUTF8([0xF4, 0x90, 0x80, 0x80])) // > U+10FFFF
        #expect(!isValidUTF8([0xE2, 0x82])) // truncated
        #expect(!isValidUTF8([0x80])) // lone continuation
    }
}

import SwasmABI
import SwasmRuntime
import Testing
import WasmDecoder

// Linear memory: every load/store width, sign extension, unaligned accesses, large offsets, exact bounds, grow, and
// the bulk operators. Run in both memory modes (guard pages and explicit bounds checks).

/// Code from `compileModule` relies on guard pages (an explicit-bounds memory is refused at instantiation).
let memoryModes: [LinearMemory.Mode] = [.guarded]

func configuration(_ mode: LinearMemory.Mode, maxPages: Int = LinearMemory.maxPages32) -> InstanceConfiguration {
    var c = InstanceConfiguration()
    c.memoryMode = mode
    c.maxMemoryPages = maxPages
    return c
}

/// (operator, result type, byte width, signed)
let loadOps: [(String, String, Int, Bool)] = [
    ("i32.load", "i32", 4, false), ("i32.load8_s", "i32", 1, true), ("i32.load8_u", "i32", 1, false),
    ("i32.load16_s", "i32", 2, true), ("i32.load16_u", "i32", 2, false),
    ("i64.load", "i64", 8, false), ("i64.load8_s", "i64", 1, true), ("i64.load8_u", "i64", 1, false),
    ("i64.load16_s", "i64", 2, true), ("i64.load16_u", "i64", 2, false), ("i64.load32_s", "i64", 4, true),
    ("i64.load32_u", "i64", 4, false), ("f32.load", "f32", 4, false), ("f64.load", "f64", 8, false)
]
/// (operator, value type, byte width)
let storeOps: [(String, String, Int)] = [
    ("i32.store", "i32", 4), ("i32.store8", "i32", 1), ("i32.store16", "i32", 2), ("i64.store", "i64", 8),
    ("i64.store8", "i64", 1), ("i64.store16", "i64", 2), ("i64.store32", "i64", 4), ("f32.store", "f32", 4),
    ("f64.store", "f64", 8)
]

/// Little-endian read of `width` bytes, then sign/zero extension, as the expected wasm value.
func expectedLoad(_ bytes: [UInt8], at a: Int, width: Int, signed: Bool, type: String) -> Value {
    var v: UInt64 = 0
    for k in 0..<width { v |= UInt64(bytes[a + k]) << UInt64(8 * k) }
    if signed && width < 8 {
        let shift = UInt64(64 - 8 * width)
        v = UInt64(bitPattern: Int64(bitPattern: v << shift) >> Int64(shift))
    }
    return valueOf(type, v)
}

@Suite("Memory")
struct MemoryTests {
    @Test("loads of every width, unaligned, from registers, constants and offsets", arguments: memoryModes)
    func loads(_ mode: LinearMemory.Mode) throws {
        var s = "(module (memory 1)\n"
        let constAddrs = [0, 1, 3, 7, 100, 65528]
        for (op, t, _, _) in loadOps {
            s += "(func (export \"\(op)\") (param i32) (result \(t)) (\(op) (local.get 0)))\n"
            s += "(func (export \"\(op)/off\") (param i32) (result \(t)) (\(op) offset=5 (local.get 0)))\n"
            s +=
                "(func (export \"\(op)/x\") (param i32) (result \(t)) (\(op) offset=1 (i32.sub (local.get 0) (i32.const 1))))\n"
            for a in constAddrs {
                s += "(func (export \"\(op)/c\(a)\") (result \(t)) (\(op) (i32.const \(a))))\n"
                s += "(func (export \"\(op)/co\(a)\") (result \(t)) (\(op) offset=\(a) (i32.const 0)))\n"
            }
        }
        s += ")"
        let inst = try instantiate(s, configuration: configuration(mode))
        let mem = try #require(inst.memory)
        // Deterministic pattern with high bits set in every other byte (sign extension matters).
        var bytes = [UInt8](repeating: 0, count: 65536)
        for i in 0..<65536 { bytes[i] = UInt8(truncatingIfNeeded: (i &* 0x9d) ^ (i >> 3) ^ (i & 1 == 1 ? 0x80 : 0)) }
        for i in 0..<65536 { try mem.store(bytes[i], at: UInt64(i)) }
        for (op, t, w, signed) in loadOps {
            for a in [0, 1, 2, 3, 5, 7, 13, 4093, 65536 - w - 5, 65536 - w] {
                let e = expectedLoad(bytes, at: a, width: w, signed: signed, type: t)
                #expect(try inst.invoke(op, .i32(Int32(a))) == [e], "\(op) at \(a)")
                if a == 0 {
                    // (0 - 1) + offset 1 = 2^32: the effective address does not wrap.
                    expectTrap(.memoryOutOfBounds, "\(op)/x at 0") { try inst.invoke("\(op)/x", .i32(0)) }
                } else {
                    #expect(try inst.invoke("\(op)/x", .i32(Int32(a))) == [e], "\(op)/x at \(a)")
                }
                if a + 5 + w <= 65536 {
                    #expect(
                        try inst.invoke("\(op)/off", .i32(Int32(a))) == [
                            expectedLoad(bytes, at: a + 5, width: w, signed: signed, type: t)
                        ],
                        "\(op) offset=5 at \(a)")
                }
            }
            for a in constAddrs where a + w <= 65536 {
                let e = expectedLoad(bytes, at: a, width: w, signed: signed, type: t)
                #expect(try inst.invoke("\(op)/c\(a)") == [e], "\(op) const \(a)")
                #expect(try inst.invoke("\(op)/co\(a)") == [e], "\(op) offset=\(a)")
            }
        }
    }

    @Test("stores of every width write exactly their bytes", arguments: memoryModes)
    func stores(_ mode: LinearMemory.Mode) throws {
        let values: [String: [UInt64]] = [
            "i32": [0x8182_8384, 0x7f, 0xffff_ffff, 0],
            "i64": [0x8182_8384_8586_8788, 0xffff_ffff_ffff_ffff, 0x1_0000_0001, 0x7fff_ffff, 0xffff_ffff_8000_0000],
            "f32": [Float(-1.5).raw, 0x7fc0_0001, 0x8000_0000],
            "f64": [Double(-1.5).raw, 0x7ff8_0000_0000_0001, 0x8000_0000_0000_0000, Double(1e300).raw]
        ]
        var s = "(module (memory 1)\n"
        for (op, t, _) in storeOps {
            s += "(func (export \"\(op)\") (param i32 \(t)) (\(op) (local.get 0) (local.get 1)))\n"
            s += "(func (export \"\(op)/off\") (param i32 \(t)) (\(op) offset=3 (local.get 0) (local.get 1)))\n"
            for (j, v) in values[t]!.enumerated() {
                // Constant values (immediate paths) with a register address and with a constant address.
                s += "(func (export \"\(op)/v\(j)\") (param i32) (\(op) (local.get 0) (\(t).const \(literal(t, v)))))\n"
                s +=
                    "(func (export \"\(op)/cv\(j)\") (\(op) offset=2 (i32.const 1001) (\(t).const \(literal(t, v)))))\n"
            }
        }
        s += ")"
        let inst = try instantiate(s, configuration: configuration(mode))
        let mem = try #require(inst.memory)
        func fill() throws { for i in 0..<2048 { try mem.store(UInt8(0x5a), at: UInt64(i)) } }
        func expectBytes(_ at: Int, _ v: UInt64, _ w: Int, _ what: String) throws {
            for i in (at - 2)..<(at + w + 2) {
                let e: UInt8 = (i >= at && i < at + w) ? UInt8(truncatingIfNeeded: v >> UInt64(8 * (i - at))) : 0x5a
                let got = try mem.load(UInt8.self, at: UInt64(i))
                #expect(got == e, "\(what): byte \(i)")
            }
        }
        for (op, t, w) in storeOps {
            for (j, v) in values[t]!.enumerated() {
                for a in [8, 9, 11, 15] {
                    try fill()
                    _ = try inst.invoke(op, .i32(Int32(a)), valueOf(t, v))
                    try expectBytes(a, v, w, "\(op) \(v) at \(a)")
                    try fill()
                    _ = try inst.invoke("\(op)/off", .i32(Int32(a)), valueOf(t, v))
                    try expectBytes(a + 3, v, w, "\(op) offset=3 \(v) at \(a)")
                    try fill()
                    _ = try inst.invoke("\(op)/v\(j)", .i32(Int32(a)))
                    try expectBytes(a, v, w, "\(op) const \(v) at \(a)")
                }
                try fill()
                _ = try inst.invoke("\(op)/cv\(j)")
                try expectBytes(1003, v, w, "\(op) const \(v) at const 1001+2")
            }
        }
    }

    @Test("bounds: last valid byte works, one past traps, offsets up to 2^32-1", arguments: memoryModes)
    func bounds(_ mode: LinearMemory.Mode) throws {
        var s = "(module (memory 1 4)\n"
        for (op, t, _, _) in loadOps {
            s += "(func (export \"\(op)\") (param i32) (result \(t)) (\(op) (local.get 0)))\n"
            s += "(func (export \"\(op)/max\") (param i32) (result \(t)) (\(op) offset=4294967295 (local.get 0)))\n"
            s += "(func (export \"\(op)/big\") (param i32) (result \(t)) (\(op) offset=65520 (local.get 0)))\n"
        }
        for (op, t, _) in storeOps {
            s += "(func (export \"\(op)\") (param i32 \(t)) (\(op) (local.get 0) (local.get 1)))\n"
            s +=
                "(func (export \"\(op)/max\") (param i32 \(t)) (\(op) offset=4294967295 (local.get 0) (local.get 1)))\n"
        }
        s += "(func (export \"c65535\") (result i32) (i32.load8_u (i32.const 65535)))\n"
        s += "(func (export \"c65536\") (result i32) (i32.load8_u (i32.const 65536)))\n"
        s += "(func (export \"c-1\") (result i32) (i32.load8_u (i32.const -1)))\n"
        s += "(func (export \"co-max\") (result i32) (i32.load8_u offset=4294967295 (i32.const 4294967295)))\n"
        s += "(func (export \"co-1\") (result i64) (i64.load offset=1 (i32.const 65528)))\n"
        s += "(func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0)))\n"
        s += ")"
        let inst = try instantiate(s, configuration: configuration(mode))
        for (op, t, w, _) in loadOps {
            _ = t
            let last = 65536 - w
            #expect(throws: Never.self, "\(op) at \(last)") { try inst.invoke(op, .i32(Int32(last))) }
            expectTrap(.memoryOutOfBounds, "\(op) at \(last + 1)") { try inst.invoke(op, .i32(Int32(last + 1))) }
            expectTrap(.memoryOutOfBounds, "\(op) at 65536") { try inst.invoke(op, .i32(65536)) }
            expectTrap(.memoryOutOfBounds, "\(op) at -1") { try inst.invoke(op, .i32(-1)) }
            expectTrap(.memoryOutOfBounds, "\(op) at 0x80000000") { try inst.invoke(op, .i32(Int32.min)) }
            expectTrap(.memoryOutOfBounds, "\(op) offset=max at 0") { try inst.invoke("\(op)/max", .i32(0)) }
            expectTrap(.memoryOutOfBounds, "\(op) offset=max at -1") { try inst.invoke("\(op)/max", .i32(-1)) }
            #expect(throws: Never.self, "\(op) offset=65520") { try inst.invoke("\(op)/big", .i32(Int32(16 - w))) }
            expectTrap(.memoryOutOfBounds, "\(op) offset=65520 +1") {
                try inst.invoke("\(op)/big", .i32(Int32(17 - w)))
            }
        }
        for (op, t, w) in storeOps {
            let zero = valueOf(t, 0)
            #expect(throws: Never.self, "\(op) at last") { try inst.invoke(op, .i32(Int32(65536 - w)), zero) }
            expectTrap(.memoryOutOfBounds, "\(op) one past") { try inst.invoke(op, .i32(Int32(65537 - w)), zero) }
            expectTrap(.memoryOutOfBounds, "\(op) offset=max") { try inst.invoke("\(op)/max", .i32(0), zero) }
        }
        // A store that straddles the end must not write its in-bounds bytes... (spec: no partial writes observable
        // is not required for plain stores, so only check the trap) and must leave the instance usable.
        #expect(try inst.invoke("c65535") == [.i32(0)])
        expectTrap(.memoryOutOfBounds) { try inst.invoke("c65536") }
        expectTrap(.memoryOutOfBounds) { try inst.invoke("c-1") }
        expectTrap(.memoryOutOfBounds) { try inst.invoke("co-max") }
        expectTrap(.memoryOutOfBounds) { try inst.invoke("co-1") }
        // After growing, the former boundary is accessible and the new one traps.
        #expect(try inst.invoke("grow", .i32(1)) == [.i32(1)])
        #expect(try inst.invoke("c65536") == [.i32(0)])
        #expect(throws: Never.self) { try inst.invoke("co-1") }
        #expect(throws: Never.self) { try inst.invoke("i64.load", .i32(131072 - 8)) }
        expectTrap(.memoryOutOfBounds) { try inst.invoke("i64.load", .i32(131072 - 7)) }
        #expect(throws: Never.self) { try inst.invoke("i32.store", .i32(131072 - 4), .i32(7)) }
        #expect(try inst.invoke("i32.load", .i32(131072 - 4)) == [.i32(7)])
    }

    @Test("memory.size and memory.grow, beyond the maximum returns -1", arguments: memoryModes)
    func grow(_ mode: LinearMemory.Mode) throws {
        let inst = try instantiate(
            """
            (module (memory 1 3)
              (func (export "size") (result i32) memory.size)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "grow_c2") (result i32) (memory.grow (i32.const 2)))
              (func (export "grow_live") (param i32) (result i32)
                ;; values live across the helper call
                (i32.add (i32.add (local.get 0) (i32.const 100)) (i32.add (memory.grow (i32.const 0)) (memory.size))))
              (func (export "poke") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
              (func (export "peek") (param i32) (result i32) (i32.load (local.get 0))))
            """, configuration: configuration(mode))
        #expect(try inst.invoke("size") == [.i32(1)])
        #expect(try inst.invoke("grow", .i32(0)) == [.i32(1)])
        #expect(try inst.invoke("grow", .i32(3)) == [.i32(-1)])
        #expect(try inst.invoke("grow", .i32(-1)) == [.i32(-1)])
        #expect(try inst.invoke("size") == [.i32(1)])
        expectTrap(.memoryOutOfBounds) { try inst.invoke("poke", .i32(65536), .i32(1)) }
        #expect(try inst.invoke("grow", .i32(1)) == [.i32(1)])
        #expect(try inst.invoke("peek", .i32(65536)) == [.i32(0)]) // new pages are zeroed
        _ = try inst.invoke("poke", .i32(65536), .i32(42))
        #expect(try inst.invoke("peek", .i32(65536)) == [.i32(42)])
        #expect(try inst.invoke("grow_c2") == [.i32(-1)])
        #expect(try inst.invoke("grow", .i32(1)) == [.i32(2)])
        #expect(try inst.invoke("size") == [.i32(3)])
        #expect(try inst.invoke("grow", .i32(1)) == [.i32(-1)])
        #expect(try inst.invoke("grow_live", .i32(5)) == [.i32(5 + 100 + 3 + 3)])
        #expect(inst.memory?.pageCount == 3)

        // Growing and then accessing the new page inside the same function (the memory base may move).
        let g2 = try instantiate(
            """
            (module (memory 1)
              (func (export "grow_store") (param i32) (result i32)
                (local.get 0)
                (drop (memory.grow (i32.const 2)))
                (i32.store (i32.const 131068) (local.get 0))
                (i32.store (i32.const 65536) (i32.const 3))
                (i32.add (i32.load (i32.const 131068)) (i32.load (i32.const 65536)))
                (i32.add)))
            """, configuration: configuration(mode))
        #expect(try g2.invoke("grow_store", .i32(10)) == [.i32(10 + 3 + 10)])

        // The embedder's page cap applies like a maximum.
        let capped = try instantiate(
            "(module (memory 1) (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0))))",
            configuration: configuration(mode, maxPages: 2))
        #expect(try capped.invoke("grow", .i32(2)) == [.i32(-1)])
        #expect(try capped.invoke("grow", .i32(1)) == [.i32(1)])
        #expect(try capped.invoke("grow", .i32(1)) == [.i32(-1)])
    }

    @Test("memory.fill / memory.copy (overlapping) / memory.init / data.drop", arguments: memoryModes)
    func bulk(_ mode: LinearMemory.Mode) throws {
        let inst = try instantiate(
            """
            (module (memory 1)
              (data $p "0123456789")
              (data $a (i32.const 60000) "ACTIVE")
              (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
              (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
              (func (export "init") (param i32 i32 i32) (memory.init $p (local.get 0) (local.get 1) (local.get 2)))
              (func (export "init_active") (param i32 i32 i32) (memory.init $a (local.get 0) (local.get 1) (local.get 2)))
              (func (export "drop") (data.drop $p))
              (func (export "fill_c") (memory.fill (i32.const 10) (i32.const 0x1ff) (i32.const 3))))
            """, configuration: configuration(mode))
        let mem = try #require(inst.memory)
        var model = [UInt8](repeating: 0, count: 65536)
        for (i, c) in "ACTIVE".utf8.enumerated() { model[60000 + i] = c }
        func expectMemory(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            var diffs: [Int] = []
            for i in 0..<65536 where try mem.load(UInt8.self, at: UInt64(i)) != model[i] { diffs.append(i) }
            #expect(diffs.isEmpty, "\(what): differs at \(diffs.prefix(8))", sourceLocation: sourceLocation)
        }
        try expectMemory("after instantiation")
        // fill: value is truncated to a byte.
        _ = try inst.invoke("fill_c")
        for i in 10..<13 { model[i] = 0xff }
        _ = try inst.invoke("fill", .i32(100), .i32(0x1234_56ab), .i32(50))
        for i in 100..<150 { model[i] = 0xab }
        _ = try inst.invoke("fill", .i32(65530), .i32(7), .i32(6)) // up to the end exactly
        for i in 65530..<65536 { model[i] = 7 }
        _ = try inst.invoke("fill", .i32(65536), .i32(9), .i32(0)) // empty at the end: ok
        try expectMemory("fill")
        expectTrap(.memoryOutOfBounds) { try inst.invoke("fill", .i32(65531), .i32(1), .i32(6)) }
        expectTrap(.memoryOutOfBounds) { try inst.invoke("fill", .i32(65537), .i32(1), .i32(0)) }
        expectTrap(.memoryOutOfBounds) { try inst.invoke("fill", .i32(1), .i32(1), .i32(-1)) }
        try expectMemory("failed fills write nothing")

        // init from the passive segment, then overlapping copies in both directions.
        _ = try inst.invoke("init", .i32(200), .i32(0), .i32(10))
        for (i, c) in "0123456789".utf8.enumerated() { model[200 + i] = c }
        _ = try inst.invoke("init", .i32(300), .i32(7), .i32(3))
        for (i, c) in "789".utf8.enumerated() { model[300 + i] = c }
        _ = try inst.invoke("init", .i32(400), .i32(10), .i32(0)) // empty at the segment's end: ok
        try expectMemory("init")
        expectTrap(.memoryOutOfBounds) { try inst.invoke("init", .i32(400), .i32(8), .i32(3)) }
        expectTrap(.memoryOutOfBounds) { try inst.invoke("init", .i32(400), .i32(11), .i32(0)) }
        expectTrap(.memoryOutOfBounds) { try inst.invoke("init", .i32(65530), .i32(0), .i32(7)) }
        try expectMemory("failed inits write nothing")

        func memmove(_ d: Int, _ s: Int, _ n: Int) {
            let src = Array(model[s..<(s + n)])
            for k in 0..<n { model[d + k] = src[k] }
        }
        _ = try inst.invoke("copy", .i32(202), .i32(200), .i32(6)) // forward overlap (dst > src)
        memmove(202, 200, 6)
        try expectMemory("copy dst > src")
        _ = try inst.invoke("copy", .i32(200), .i32(203), .i32(7)) // backward overlap (dst < src)
        memmove(200, 203, 7)
        try expectMemory("copy dst < src")
        _ = try inst.invoke("copy", .i32(65530), .i32(200), .i32(6))
        memmove(65530, 200, 6)
        _ = try inst.invoke("copy", .i32(0), .i32(65536), .i32(0))
        try expectMemory("copy to the end")
        expectTrap(.memoryOutOfBounds) { try inst.invoke("copy", .i32(65531), .i32(0), .i32(6)) }
        expectTrap(.memoryOutOfBounds) { try inst.invoke("copy", .i32(0), .i32(65531), .i32(6)) }
        expectTrap(.memoryOutOfBounds) { try inst.invoke("copy", .i32(0), .i32(65537), .i32(0)) }
        try expectMemory("failed copies write nothing")

        // data.drop: afterwards only empty inits at offset 0 succeed; dropping twice is fine.
        _ = try inst.invoke("drop")
        _ = try inst.invoke("drop")
        _ = try inst.invoke("init", .i32(0), .i32(0), .i32(0))
        expectTrap(.memoryOutOfBounds) { try inst.invoke("init", .i32(0), .i32(0), .i32(1)) }
        expectTrap(.memoryOutOfBounds) { try inst.invoke("init", .i32(0), .i32(1), .i32(0)) }
        // Active segments are dropped by instantiation.
        _ = try inst.invoke("init_active", .i32(0), .i32(0), .i32(0))
        expectTrap(.memoryOutOfBounds) { try inst.invoke("init_active", .i32(0), .i32(0), .i32(1)) }
        try expectMemory("after drops")
    }
}

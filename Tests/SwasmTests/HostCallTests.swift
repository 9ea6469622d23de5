// Typed host functions called from wasm: the unboxed path (`slotBody`: arguments read from, results written to
// the call's slots) for every value type, argument and result counts on both sides of the slot layout, traps and
// errors thrown from it, memory grown from it, and the same function reached through a table.

import Swasm
import Testing

private let slotsWat = """
    (module
      (import "h" "mix" (func $mix (param i32 i64 f32 f64 v128) (result v128 f64 f32 i64 i32)))
      (import "h" "three" (func $three (result i32 i64 i32)))
      (import "h" "sum5" (func $sum5 (param i32 i32 i32 i32 i32) (result i32)))
      (import "h" "f64id" (func $f64id (param f64) (result f64)))
      (import "h" "v" (func $v (param v128) (result v128)))
      (import "h" "grow" (func $grow (result i32)))
      (import "h" "fail" (func $fail (param i32)))
      (memory (export "memory") 1)
      (type $t (func (param i32 i32 i32 i32 i32) (result i32)))
      (table 1 funcref)
      (elem (i32.const 0) $sum5)
      ;; mix's results folded into one i64: lanes and bits of every result
      (func (export "mix") (result i64)
        (local $v v128) (local $d f64) (local $f f32) (local $l i64) (local $i i32)
        (call $mix (i32.const -7) (i64.const 0x1122334455667788) (f32.const 1.5) (f64.const -2.25)
          (v128.const i32x4 1 2 3 4))
        (local.set $i) (local.set $l) (local.set $f) (local.set $d) (local.set $v)
        (i64.add
          (i64.add (i64.extend_i32_u (i32x4.extract_lane 3 (local.get $v))) (i64.reinterpret_f64 (local.get $d)))
          (i64.add (i64.extend_i32_u (i32.reinterpret_f32 (local.get $f)))
            (i64.add (local.get $l) (i64.extend_i32_s (local.get $i))))))
      (func (export "three") (result i32 i64 i32) (call $three))
      (func (export "sum5") (result i32)
        (call $sum5 (i32.const 1) (i32.const 20) (i32.const 300) (i32.const 4000) (i32.const 50000)))
      (func (export "sum5Indirect") (result i32)
        (call_indirect (type $t) (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5)
          (i32.const 0)))
      (func (export "f64id") (param f64) (result f64) (call $f64id (local.get 0)))
      (func (export "v") (param v128) (result v128) (call $v (local.get 0)))
      ;; grows memory from the host, then stores just below the new end and reads it back
      (func (export "growAndStore") (result i32)
        (drop (call $grow))
        (i32.store (i32.const 131068) (i32.const 77))
        (i32.load (i32.const 131068)))
      (func (export "fail") (param i32) (result i32) (call $fail (local.get 0)) (i32.const 1)))
    """

private struct NotATrap: Error {}

private func slotsInstance() throws -> Instance {
    let linker = Linker(engine: engine)
    linker.define("h", "mix") {
        (_: Caller, i: Int32, l: Int64, f: Float, d: Double, v: V128) -> (V128, Double, Float, Int64, Int32) in
        (V128(low: v.low &+ 1, high: v.high &* 2), d * 2, f + 1, l &+ 1, i &- 1)
    }
    linker.define("h", "three") { (_: Caller) -> (Int32, Int64, Int32) in (11, -22, 33) }
    linker.define("h", "sum5") { (_: Caller, a: Int32, b: Int32, c: Int32, d: Int32, e: Int32) -> Int32 in
        a + 2 * b + 3 * c + 4 * d + 5 * e
    }
    linker.define("h", "f64id") { (_: Caller, d: Double) -> Double in d }
    linker.define("h", "v") { (_: Caller, v: V128) -> V128 in V128(low: v.high, high: v.low) }
    linker.define("h", "grow") { (caller: Caller) -> Int32 in Int32(caller.memory!.grow(by: 1) ?? -1) }
    linker.define("h", "fail") { (_: Caller, kind: Int32) in
        if kind == 1 { throw Trap(.unreachable, message: "host says no") }
        if kind == 2 { throw NotATrap() }
    }
    return try linker.instantiate(Module(engine: engine, wat: slotsWat))
}

@Suite struct HostCallTests {
    @Test func everyValueTypeCrossesTheSlots() throws {
        let instance = try slotsInstance()
        let v = V128(low: 1 | 2 << 32, high: 3 | 4 << 32)
        let expected =
            UInt64(UInt32(truncatingIfNeeded: (v.high &* 2) >> 32)) // lane 3 of the returned v128
            &+ (-4.5 as Double).bitPattern
            &+ UInt64((2.5 as Float).bitPattern)
            &+ UInt64(0x1122_3344_5566_7789)
            &+ UInt64(bitPattern: -8)
        #expect(try instance.typedFunction("mix", Void.self, Int64.self)() == Int64(bitPattern: expected))
    }

    @Test func moreResultsThanParametersAndTheOtherWayRound() throws {
        let instance = try slotsInstance()
        let three = try instance.typedFunction("three", Void.self, (Int32, Int64, Int32).self)()
        #expect(three == (11, -22, 33))
        #expect(try instance.typedFunction("sum5", Void.self, Int32.self)() == 1 + 40 + 900 + 16000 + 250_000)
        #expect(try instance.typedFunction("sum5Indirect", Void.self, Int32.self)() == 1 + 4 + 9 + 16 + 25)
    }

    @Test func floatAndVectorBitsAreKept() throws {
        let instance = try slotsInstance()
        let nan = Double(bitPattern: 0x7ff4_0000_0000_0001) // a signalling NaN with a payload
        let back = try instance.typedFunction("f64id", Double.self, Double.self)(nan)
        #expect(back.bitPattern == nan.bitPattern)
        let v = try instance.typedFunction("v", V128.self, V128.self)(V128(low: 5, high: 9))
        #expect(v == V128(low: 9, high: 5))
    }

    @Test func memoryGrownByTheHostIsSeenByTheGuest() throws {
        let instance = try slotsInstance()
        #expect(try instance.typedFunction("growAndStore", Void.self, Int32.self)() == 77)
        #expect(try instance.memory(named: "memory").pageCount == 2)
    }

    @Test func trapsAndErrorsFromTypedHostFunctions() throws {
        let instance = try slotsInstance()
        let fail = try instance.typedFunction("fail", Int32.self, Int32.self)
        #expect(try fail(0) == 1)
        do {
            _ = try fail(1)
            Issue.record("no trap")
        } catch let trap as Trap {
            #expect(trap.code == .unreachable)
            #expect(trap.message == "host says no")
        }
        #expect(throws: NotATrap.self) { try fail(2) }
        #expect(try fail(0) == 1) // usable afterwards
    }
}

// v128 through the public API: typed and untyped calls, globals, host functions, multi-value, artifacts.

import Swasm
import Testing

private let v128Guest = """
    (module
      (import "host" "twice" (func $twice (param v128) (result v128)))
      (global $g (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
      (func (export "add") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
      (func (export "swap") (param v128 v128) (result v128 v128) (local.get 1) (local.get 0))
      (func (export "splat") (param f64) (result v128) (f64x2.splat (local.get 0)))
      (func (export "lane") (param v128) (result i64) (i64x2.extract_lane 1 (local.get 0)))
      (func (export "bump") (global.set $g (i32x4.add (global.get $g) (v128.const i32x4 1 1 1 1))))
      (func (export "viaHost") (param v128) (result v128) (i8x16.add (call $twice (local.get 0)) (local.get 0))))
    """

private func v128Instance(_ engine: Engine = Engine()) throws -> Instance {
    let module = try Module(engine: engine, wat: v128Guest)
    let linker = Linker(engine: engine)
    linker.define("host", "twice") { (caller: Caller, v: V128) -> V128 in
        V128(low: v.low &* 2, high: v.high &* 2)
    }
    return try linker.instantiate(module)
}

@Suite struct V128APITests {
    @Test func typedCalls() throws {
        let i = try v128Instance()
        let add = try i.typedFunction("add", (V128, V128).self, V128.self)
        let a = V128(low: 0x0000_0002_0000_0001, high: 0x0000_0004_0000_0003)
        let b = V128(low: 0xFFFF_FFFF_FFFF_FFFF, high: 0x0000_0010_0000_0020)
        #expect(try add(a, b) == V128(low: 0x0000_0001_0000_0000, high: 0x0000_0014_0000_0023))
        let swap = try i.typedFunction("swap", (V128, V128).self, (V128, V128).self)
        let (x, y) = try swap(a, b)
        #expect(x == b && y == a)
        let splat = try i.typedFunction("splat", Double.self, V128.self)
        let s = try splat(1.5)
        #expect(s.low == (1.5).bitPattern && s.high == (1.5).bitPattern)
        let lane = try i.typedFunction("lane", V128.self, Int64.self)
        #expect(try lane(V128(low: 1, high: 0x8000_0000_0000_0000)) == .min)
    }

    @Test func untypedCallsGlobalsAndHostFunctions() throws {
        let i = try v128Instance()
        let g = try i.global(named: "g")
        #expect(g.value == .v128(V128(low: 0x0000_0002_0000_0001, high: 0x0000_0004_0000_0003)))
        try i.typedFunction("bump", Void.self, Void.self)()
        #expect(g.value == .v128(V128(low: 0x0000_0003_0000_0002, high: 0x0000_0005_0000_0004)))
        // Through the host: bytes doubled by the host (as two u64 multiplications), then added to the input.
        let v = V128(low: 0x0101_0101_0101_0101, high: 0x0202_0202_0202_0202)
        let r = try i.function(named: "viaHost").call([.v128(v)])
        #expect(r == [.v128(V128(low: 0x0303_0303_0303_0303, high: 0x0606_0606_0606_0606))])
        // A wrong argument type is a clear error, not a crash.
        #expect(throws: (any Error).self) { _ = try i.function(named: "add").call([.i32(1), .i32(2)]) }
    }

    @Test func artifactsCarryVectorCode() throws {
        let engine = Engine()
        let bytes = try Module(engine: engine, wat: v128Guest).serialize()
        let module = try Module(engine: engine, artifact: bytes)
        let linker = Linker(engine: engine)
        linker.define("host", "twice") { (caller: Caller, v: V128) -> V128 in v }
        let i = try linker.instantiate(module)
        let add = try i.typedFunction("add", (V128, V128).self, V128.self)
        #expect(try add(V128(low: 1, high: 2), V128(low: 3, high: 4)) == V128(low: 4, high: 6))
    }
}

import SwasmABI
import SwasmRuntime
import Testing
import WasmDecoder

// Calls: direct calls with many parameters and results, recursion, call_indirect and its traps, host imports
// (ints, floats, multiple results, re-entry into wasm, errors), functions imported from another instance.

struct HostFailure: Error, Equatable { var tag: Int }

@Suite("Calls")
struct CallTests {
    @Test("direct calls: 10 mixed parameters, 4 results, values live across the call")
    func manyParams() throws {
        let inst = try instantiate(
            """
            (module
              (func $callee (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64) (result i64 f64 i32 f32)
                ;; a weighted integer sum, a float sum, and two echoes
                (i64.add
                  (i64.add (i64.extend_i32_s (local.get 0)) (i64.mul (local.get 1) (i64.const 3)))
                  (i64.add (i64.mul (i64.extend_i32_s (local.get 4)) (i64.const 5))
                           (i64.add (i64.mul (local.get 5) (i64.const 7))
                                    (i64.add (i64.mul (i64.extend_i32_s (local.get 8)) (i64.const 11))
                                             (i64.mul (local.get 9) (i64.const 13))))))
                (f64.add (f64.add (f64.promote_f32 (local.get 2)) (local.get 3))
                         (f64.add (f64.promote_f32 (local.get 6)) (f64.mul (local.get 7) (f64.const 2))))
                (local.get 8)
                (local.get 6))
              (func (export "direct") (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64) (result i64 f64 i32 f32)
                (call $callee (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4)
                              (local.get 5) (local.get 6) (local.get 7) (local.get 8) (local.get 9)))
              (func (export "mixed_args") (param i32) (result i64 f64 i32 f32)
                ;; constants, computed values and locals as arguments
                (call $callee (i32.add (local.get 0) (i32.const 1)) (i64.const 0x100000000) (f32.const 0.5) (f64.const -2)
                              (local.get 0) (i64.extend_i32_u (local.get 0)) (f32.convert_i32_s (local.get 0))
                              (f64.const 0.25) (i32.const -9) (i64.const -1)))
              (func (export "live_across") (param i32) (result i32)
                ;; values below the call survive it
                (i32.add (local.get 0) (i32.const 1))
                (i32.mul (local.get 0) (i32.const 3))
                (call $callee (i32.const 1) (i64.const 1) (f32.const 1) (f64.const 1) (i32.const 1)
                              (i64.const 1) (f32.const 1) (f64.const 1) (i32.const 1) (i64.const 1))
                (drop) (drop) (drop) (i32.wrap_i64)
                (i32.add) (i32.add))
              (func $step (param i32 f64 i64) (result i32 f64 i64)
                (i32.add (local.get 0) (i32.const 1)) (f64.mul (local.get 1) (f64.const 2)) (i64.sub (local.get 2) (i64.const 1)))
              (func (export "results_to_params") (param i32 f64 i64) (result i32 f64 i64)
                (call $step (call $step (call $step (local.get 0) (local.get 1) (local.get 2))))))
            """)
        func model(_ a: [Value]) -> [Value] {
            guard case .i32(let p0) = a[0], case .i64(let p1) = a[1], case .f32(let p2b) = a[2],
                case .f64(let p3b) = a[3],
                case .i32(let p4) = a[4], case .i64(let p5) = a[5], case .f32(let p6b) = a[6],
                case .f64(let p7b) = a[7],
                case .i32(let p8) = a[8], case .i64(let p9) = a[9]
            else { return [] }
            let p2 = Float(bitPattern: p2b)
            let p6 = Float(bitPattern: p6b)
            let p3 = Double(bitPattern: p3b)
            let p7 = Double(bitPattern: p7b)
            let i = Int64(p0) &+ p1 &* 3 &+ (Int64(p4) &* 5 &+ (p5 &* 7 &+ (Int64(p8) &* 11 &+ p9 &* 13)))
            let f = (Double(p2) + p3) + (Double(p6) + p7 * 2)
            return [.i64(i), .f64(f), .i32(p8), .f32(p6)]
        }
        let args: [Value] = [
            .i32(-3), .i64(1 << 40), .f32(1.25), .f64(-7.5), .i32(Int32.max), .i64(-9), .f32(3.5),
            .f64(1e10), .i32(77), .i64(Int64.min)
        ]
        #expect(try inst.invoke("direct", args) == model(args))
        for p in [Int32(0), 5, -100] {
            let a: [Value] = [
                .i32(p &+ 1), .i64(0x1_0000_0000), .f32(0.5), .f64(-2), .i32(p), .i64(Int64(UInt32(bitPattern: p))),
                .f32(Float(p)), .f64(0.25), .i32(-9), .i64(-1)
            ]
            #expect(try inst.invoke("mixed_args", .i32(p)) == model(a))
            let one = model([.i32(1), .i64(1), .f32(1), .f64(1), .i32(1), .i64(1), .f32(1), .f64(1), .i32(1), .i64(1)])
            guard case .i64(let sum) = one[0] else { return }
            #expect(
                try inst.invoke("live_across", .i32(p)) == [
                    .i32((p &+ 1) &+ (p &* 3) &+ Int32(truncatingIfNeeded: sum))
                ])
        }
        #expect(try inst.invoke("results_to_params", .i32(4), .f64(0.5), .i64(-6)) == [.i32(7), .f64(4), .i64(-9)])
    }

    @Test("recursion: fib and a mutually recursive pair")
    func recursion() throws {
        let inst = try instantiate(
            """
            (module
              (func $fib (export "fib") (param i32) (result i32)
                (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
                  (then (local.get 0))
                  (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                                 (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
              (func $even (export "even") (param i64) (result i32)
                (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 1)) (else (call $odd (i64.sub (local.get 0) (i64.const 1))))))
              (func $odd (param i64) (result i32)
                (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 0)) (else (call $even (i64.sub (local.get 0) (i64.const 1)))))))
            """)
        var a = 0
        var b = 1
        for n in 0...24 {
            #expect(try inst.invoke("fib", .i32(Int32(n))) == [.i32(Int32(a))], "fib(\(n))")
            (a, b) = (b, a + b)
        }
        #expect(try inst.invoke("even", .i64(1000)) == [.i32(1)])
        #expect(try inst.invoke("even", .i64(777)) == [.i32(0)])
    }

    @Test("call_indirect: dispatch, type mismatch, null entry, out of range")
    func callIndirect() throws {
        let inst = try instantiate(
            """
            (module
              (type $ii (func (param i32) (result i32)))
              (type $ff (func (param f64) (result f64)))
              (type $ii2 (func (param i32) (result i32)))   ;; structurally equal to $ii
              (table 6 funcref)
              (elem (i32.const 0) $inc $dbl $half $inc)
              (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
              (func $dbl (type $ii) (i32.mul (local.get 0) (i32.const 2)))
              (func $half (type $ff) (f64.mul (local.get 0) (f64.const 0.5)))
              (func (export "ii") (param i32 i32) (result i32)
                (call_indirect (type $ii) (local.get 1) (local.get 0)))
              (func (export "ii2") (param i32 i32) (result i32)
                (call_indirect (type $ii2) (local.get 1) (local.get 0)))
              (func (export "ff") (param i32 f64) (result f64)
                (call_indirect (type $ff) (local.get 1) (local.get 0)))
              (func (export "live") (param i32) (result i32)
                ;; live values below, index computed
                (i32.add (local.get 0) (i32.const 1000))
                (i32.mul (local.get 0) (i32.const 7))
                (call_indirect (type $ii) (i32.const 20) (i32.and (local.get 0) (i32.const 1)))
                (i32.add) (i32.add))
              (func (export "const_index") (result i32) (call_indirect (type $ii) (i32.const 5) (i32.const 1))))
            """)
        #expect(try inst.invoke("ii", .i32(0), .i32(41)) == [.i32(42)])
        #expect(try inst.invoke("ii", .i32(1), .i32(41)) == [.i32(82)])
        #expect(try inst.invoke("ii", .i32(3), .i32(-1)) == [.i32(0)])
        #expect(try inst.invoke("ii2", .i32(1), .i32(5)) == [.i32(10)])
        #expect(try inst.invoke("ff", .i32(2), .f64(3)) == [.f64(1.5)])
        #expect(try inst.invoke("const_index") == [.i32(10)])
        for p in [Int32(0), 1, 2, 3] {
            let r = p & 1 == 0 ? 21 : 40
            #expect(try inst.invoke("live", .i32(p)) == [.i32((p + 1000) + p * 7 + Int32(r))])
        }
        expectTrap(.indirectCallTypeMismatch) { try inst.invoke("ii", .i32(2), .i32(1)) }
        expectTrap(.indirectCallTypeMismatch) { try inst.invoke("ff", .i32(0), .f64(1)) }
        let t = expectTrap(.uninitializedElement) { try inst.invoke("ii", .i32(4), .i32(1)) }
        #expect(t?.message == "uninitialized element 4")
        expectTrap(.uninitializedElement) { try inst.invoke("ii", .i32(5), .i32(1)) }
        expectTrap(.undefinedElement) { try inst.invoke("ii", .i32(6), .i32(1)) }
        expectTrap(.undefinedElement) { try inst.invoke("ii", .i32(-1), .i32(1)) }
        expectTrap(.undefinedElement) { try inst.invoke("ii", .i32(Int32.min), .i32(1)) }
        #expect(try inst.invoke("ii", .i32(0), .i32(1)) == [.i32(2)])
    }

    @Test("host imports: ints, floats, multiple results, re-entry, errors")
    func hostImports() throws {
        let text = """
            (module
              (import "env" "add3" (func $add3 (param i32 i64 i32) (result i64)))
              (import "env" "fma" (func $fma (param f64 f32 f64) (result f64)))
              (import "env" "f32id" (func $f32id (param f32) (result f32)))
              (import "env" "divmod" (func $divmod (param i32 i32) (result i32 i32)))
              (import "env" "callback" (func $callback (param i32) (result i32)))
              (import "env" "fail" (func $fail (param i32)))
              (import "env" "none" (func $none))
              (func (export "add3") (param i32 i64 i32) (result i64)
                (i64.add (call $add3 (local.get 0) (local.get 1) (local.get 2)) (i64.const 1)))
              (func (export "fma") (param f64 f32 f64) (result f64)
                (f64.add (call $fma (local.get 0) (local.get 1) (local.get 2)) (f64.const 0.5)))
              (func (export "f32id") (param f32) (result f32) (call $f32id (local.get 0)))
              (func (export "divmod") (param i32 i32) (result i32 i32 i32)
                (i32.const 99) (call $divmod (local.get 0) (local.get 1)))
              (func (export "square") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
              (func (export "callback") (param i32) (result i32)
                (i32.add (i32.const 1) (call $callback (local.get 0))))
              (func (export "fail") (param i32) (result i32)
                (call $fail (local.get 0)) (i32.const 5))
              (func (export "none") (result i32) (call $none) (call $none) (i32.const 3)))
            """
        let calls = CallCounter()
        func host(
            _ params: [ValueType], _ results: [ValueType],
            _ body: @escaping @Sendable (Instance, [Value]) throws -> [Value]
        ) -> ExternalValue {
            .hostFunction(HostFunction(type: FuncType(params: params, results: results), body: body))
        }
        let imports: [ExternalValue] = [
            host([.i32, .i64, .i32], [.i64]) { _, a in
                guard case .i32(let x) = a[0], case .i64(let y) = a[1], case .i32(let z) = a[2] else { return [] }
                return [.i64(Int64(x) &+ y &+ Int64(z))]
            },
            host([.f64, .f32, .f64], [.f64]) { _, a in
                guard case .f64(let x) = a[0], case .f32(let y) = a[1], case .f64(let z) = a[2] else { return [] }
                return [.f64(Double(bitPattern: x) * Double(Float(bitPattern: y)) + Double(bitPattern: z))]
            },
            host([.f32], [.f32]) { _, a in a },
            host([.i32, .i32], [.i32, .i32]) { _, a in
                guard case .i32(let x) = a[0], case .i32(let y) = a[1] else { return [] }
                return [.i32(x / y), .i32(x % y)]
            },
            host([.i32], [.i32]) { inst, a in
                // Re-enter wasm from the host.
                calls.count += 1
                let r = try inst.invoke("square", a)
                guard case .i32(let v) = r[0] else { return [] }
                return [.i32(v + 10)]
            },
            host([.i32], []) { _, a in
                if a[0] == .i32(1) { throw HostFailure(tag: 7) }
                if a[0] == .i32(2) { throw Trap(code: .unreachable) }
                if a[0] == .i32(3) { return [.i32(1)] } // wrong result arity: reported as an error
                return []
            },
            host([], []) { _, _ in
                calls.count += 100
                return []
            }
        ]
        let inst = try instantiate(text, imports: imports)
        #expect(
            try inst.invoke("add3", .i32(-1), .i64(1 << 40), .i32(Int32.max)) == [
                .i64(-1 + (1 << 40) + Int64(Int32.max) + 1)
            ])
        #expect(try inst.invoke("fma", .f64(1.5), .f32(-2), .f64(0.25)) == [.f64(1.5 * -2 + 0.25 + 0.5)])
        #expect(try inst.invoke("f32id", .f32(-0.0)) == [.f32(-0.0)])
        #expect(try inst.invoke("f32id", .f32(3.25)) == [.f32(3.25)])
        #expect(try inst.invoke("divmod", .i32(17), .i32(5)) == [.i32(99), .i32(3), .i32(2)])
        #expect(try inst.invoke("divmod", .i32(-17), .i32(5)) == [.i32(99), .i32(-3), .i32(-2)])
        #expect(try inst.invoke("callback", .i32(7)) == [.i32(49 + 10 + 1)])
        #expect(calls.count == 1)
        #expect(try inst.invoke("none") == [.i32(3)])
        #expect(calls.count == 201)
        #expect(try inst.invoke("fail", .i32(0)) == [.i32(5)])
        #expect(throws: HostFailure(tag: 7)) { try inst.invoke("fail", .i32(1)) }
        expectTrap(.unreachable) { try inst.invoke("fail", .i32(2)) }
        #expect(throws: (any Error).self) { try inst.invoke("fail", .i32(3)) }
        // Still usable after host errors.
        #expect(try inst.invoke("callback", .i32(-3)) == [.i32(9 + 10 + 1)])
        #expect(try inst.invoke("fail", .i32(0)) == [.i32(5)])
    }

    @Test("host imports with a slot body: it is what wasm calls, reading and writing the call's slots")
    func hostSlotBody() throws {
        let text = """
            (module
              (import "env" "swap" (func $swap (param i32 i64) (result i64 i32)))
              (func (export "swap") (param i32 i64) (result i64 i32) (call $swap (local.get 0) (local.get 1))))
            """
        let swap = HostFunction(
            type: FuncType(params: [.i32, .i64], results: [.i64, .i32]),
            body: { _, _ in throw HostFailure(tag: 1) }, // never used when a slot body exists
            slotBody: { _, area in
                let n = HostFunction.slotCount(parameters: 2, results: 2)
                let a = area.load(fromByteOffset: HostFunction.slotOffset(0, slotCount: n), as: UInt32.self)
                let b = area.load(fromByteOffset: HostFunction.slotOffset(1, slotCount: n), as: UInt64.self)
                area.storeBytes(of: b &+ 1, toByteOffset: HostFunction.slotOffset(0, slotCount: n), as: UInt64.self)
                area.storeBytes(
                    of: UInt64(a &* 2), toByteOffset: HostFunction.slotOffset(1, slotCount: n), as: UInt64.self)
            })
        let inst = try instantiate(text, imports: [.hostFunction(swap)])
        #expect(try inst.invoke("swap", .i32(21), .i64(-5)) == [.i64(-4), .i32(42)])
    }

    @Test("functions imported from another instance, called directly and through a table")
    func crossInstance() throws {
        let a = try instantiate(
            """
            (module
              (global $g (mut i32) (i32.const 0))
              (func (export "bump") (param i32) (result i32)
                (global.set $g (i32.add (global.get $g) (local.get 0))) (global.get $g)))
            """)
        let bump = try #require(a.exportedFunction("bump"))
        let b = try instantiate(
            """
            (module
              (import "a" "bump" (func $bump (param i32) (result i32)))
              (global $g (mut i32) (i32.const 1000))
              (table 1 funcref) (elem (i32.const 0) $bump)
              (func (export "direct") (param i32) (result i32) (i32.add (call $bump (local.get 0)) (global.get $g)))
              (func (export "indirect") (param i32) (result i32)
                (i32.add (call_indirect (param i32) (result i32) (local.get 0) (i32.const 0)) (global.get $g))))
            """, imports: [.function(bump)])
        #expect(try b.invoke("direct", .i32(5)) == [.i32(1005)])
        #expect(try b.invoke("indirect", .i32(3)) == [.i32(1008)])
        #expect(try a.invoke("bump", .i32(0)) == [.i32(8)])
    }
}

final class CallCounter: @unchecked Sendable { var count = 0 }

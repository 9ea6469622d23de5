import SwasmABI
import SwasmRuntime
import Testing
import WasmDecoder

// Globals of every numeric type (mutable, imported, exported), tables and reference operators.

@Suite("Globals and tables")
struct GlobalTableTests {
    @Test("mutable globals of each type: get/set from constants, locals, computed values, under pressure")
    func globals() throws {
        let imported = GlobalCell(type: GlobalType(value: .i64, mutable: true), value: .i64(-5))
        let inst = try instantiate(
            """
            (module
              (import "env" "g" (global $imp (mut i64)))
              (import "env" "c" (global $c i64))
              (global $i (export "gi") (mut i32) (i32.const 7))
              (global $l (export "gl") (mut i64) (i64.const 0x123456789))
              (global $f (export "gf") (mut f32) (f32.const 1.5))
              (global $d (export "gd") (mut f64) (f64.const -2.25))
              (global $k i64 (global.get $c))
              (func (export "get") (result i32 i64 f32 f64) (global.get $i) (global.get $l) (global.get $f) (global.get $d))
              (func (export "set") (param i32 i64 f32 f64)
                (global.set $i (local.get 0)) (global.set $l (local.get 1))
                (global.set $f (local.get 2)) (global.set $d (local.get 3)))
              (func (export "set_const")
                (global.set $i (i32.const -1)) (global.set $l (i64.const 0x7fffffffffffffff))
                (global.set $f (f32.const -0.0)) (global.set $d (f64.const nan:0x4)))
              (func (export "inc_all") (result i32)
                (global.set $i (i32.add (global.get $i) (i32.const 1)))
                (global.set $l (i64.mul (global.get $l) (i64.const 2)))
                (global.set $f (f32.add (global.get $f) (f32.const 1)))
                (global.set $d (f64.neg (global.get $d)))
                (global.get $i))
              (func (export "imp") (param i64) (result i64 i64)
                (global.get $imp) (global.set $imp (local.get 0)) (global.get $k))
              (func (export "pressure") (param i32) (result i32) (local $j i32)
                \((1...18).map { "(i32.add (local.get 0) (i32.const \($0)))" }.joined(separator: " "))
                (global.set $i (i32.mul (global.get $i) (i32.const 3)))
                \(String(repeating: "(i32.add) ", count: 17))
                (global.get $i) (i32.add)))
            """,
            imports: [
                .global(imported), .global(GlobalCell(type: GlobalType(value: .i64, mutable: false), value: .i64(-5)))
            ])
        #expect(try inst.invoke("get") == [.i32(7), .i64(0x1_2345_6789), .f32(1.5), .f64(-2.25)])
        _ = try inst.invoke("set", .i32(Int32.min), .i64(-1), .f32(.infinity), .f64(1e-300))
        #expect(try inst.invoke("get") == [.i32(Int32.min), .i64(-1), .f32(.infinity), .f64(1e-300)])
        _ = try inst.invoke("set_const")
        #expect(try inst.invoke("get") == [.i32(-1), .i64(Int64.max), .f32(-0.0), .f64(bits: 0x7ff0_0000_0000_0004)])
        _ = try inst.invoke("set", .i32(1), .i64(3), .f32(0.5), .f64(4))
        #expect(try inst.invoke("inc_all") == [.i32(2)])
        #expect(try inst.invoke("get") == [.i32(2), .i64(6), .f32(1.5), .f64(-4)])
        // Exported globals are visible to the host.
        if case .global(let g)? = inst.exportedValue("gl") {
            #expect(g.value == .i64(6))
        } else {
            Issue.record("no export gl")
        }
        if case .global(let g)? = inst.exportedValue("gd") {
            #expect(g.value == .f64(-4))
        } else {
            Issue.record("no export gd")
        }
        // Imported global: reads and writes go to the shared cell; $k was initialised from the immutable import.
        #expect(try inst.invoke("imp", .i64(99)) == [.i64(-5), .i64(-5)])
        #expect(imported.value == .i64(99))
        imported.value = .i64(123)
        #expect(try inst.invoke("imp", .i64(0)) == [.i64(123), .i64(-5)])
        // Pressure: the global is updated in the middle of 18 live values.
        _ = try inst.invoke("set", .i32(5), .i64(0), .f32(0), .f64(0))
        let p: Int32 = 10
        let sum = (1...18).reduce(Int32(0)) { $0 + p + Int32($1) }
        #expect(try inst.invoke("pressure", .i32(p)) == [.i32(sum + 15)])
    }

    @Test("tables: get/set/size/grow/fill/copy/init, elem.drop, ref.null/is_null/func, externref")
    func tables() throws {
        let inst = try instantiate(
            """
            (module
              (type $t (func (result i32)))
              (table $t0 4 10 funcref)
              (table $t1 2 externref)
              (func $f1 (type $t) (i32.const 1))
              (func $f2 (type $t) (i32.const 2))
              (func $f3 (type $t) (i32.const 3))
              (elem $e0 funcref (ref.func $f1) (ref.func $f2) (ref.func $f3) (ref.null func))
              (elem declare func $f3)
              (func (export "size") (result i32) (table.size $t0))
              (func (export "grow") (param i32) (result i32) (table.grow $t0 (ref.null func) (local.get 0)))
              (func (export "grow_f2") (param i32) (result i32) (table.grow $t0 (ref.func $f2) (local.get 0)))
              (func (export "call") (param i32) (result i32) (call_indirect $t0 (type $t) (local.get 0)))
              (func (export "is_null") (param i32) (result i32) (ref.is_null (table.get $t0 (local.get 0))))
              (func (export "set_f3") (param i32) (table.set $t0 (local.get 0) (ref.func $f3)))
              (func (export "set_null") (param i32) (table.set $t0 (local.get 0) (ref.null func)))
              (func (export "move") (param i32 i32) (table.set $t0 (local.get 1) (table.get $t0 (local.get 0))))
              (func (export "fill_f3") (param i32 i32) (table.fill $t0 (local.get 0) (ref.func $f3) (local.get 1)))
              (func (export "copy") (param i32 i32 i32) (table.copy $t0 $t0 (local.get 0) (local.get 1) (local.get 2)))
              (func (export "init") (param i32 i32 i32) (table.init $t0 $e0 (local.get 0) (local.get 1) (local.get 2)))
              (func (export "drop") (elem.drop $e0))
              (func (export "null_is_null") (result i32) (ref.is_null (ref.null extern)))
              (func (export "func_is_null") (result i32) (ref.is_null (ref.func $f3)))
              (func (export "ext_set") (param i32 externref) (table.set $t1 (local.get 0) (local.get 1)))
              (func (export "ext_get") (param i32) (result externref) (table.get $t1 (local.get 0)))
              (func (export "ext_size") (result i32) (table.size $t1)))
            """)
        var model: [Int?] = [nil, nil, nil, nil]
        let segment: [Int?] = [1, 2, 3, nil]
        func verify(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(
                try inst.invoke("size") == [.i32(Int32(model.count))], "\(what): size", sourceLocation: sourceLocation)
            for (i, e) in model.enumerated() {
                #expect(
                    try inst.invoke("is_null", .i32(Int32(i))) == [.i32(e == nil ? 1 : 0)], "\(what): is_null \(i)",
                    sourceLocation: sourceLocation)
                if let e {
                    #expect(
                        try inst.invoke("call", .i32(Int32(i))) == [.i32(Int32(e))], "\(what): call \(i)",
                        sourceLocation: sourceLocation)
                } else {
                    expectTrap(.uninitializedElement, "\(what): call \(i)", sourceLocation: sourceLocation) {
                        try inst.invoke("call", .i32(Int32(i)))
                    }
                }
            }
        }
        try verify("initial")
        #expect(try inst.invoke("null_is_null") == [.i32(1)])
        #expect(try inst.invoke("func_is_null") == [.i32(0)])
        _ = try inst.invoke("init", .i32(1), .i32(0), .i32(3))
        model[1...3] = segment[0...2]
        try verify("init")
        _ = try inst.invoke("init", .i32(0), .i32(3), .i32(1))
        model[0] = nil
        _ = try inst.invoke("init", .i32(4), .i32(4), .i32(0)) // empty, at both ends: ok
        expectTrap(.tableOutOfBounds) { try inst.invoke("init", .i32(2), .i32(0), .i32(3)) }
        expectTrap(.tableOutOfBounds) { try inst.invoke("init", .i32(0), .i32(2), .i32(3)) }
        expectTrap(.tableOutOfBounds) { try inst.invoke("init", .i32(5), .i32(0), .i32(0)) }
        try verify("failed inits change nothing")
        // set / get / move
        _ = try inst.invoke("set_f3", .i32(0))
        model[0] = 3
        _ = try inst.invoke("set_null", .i32(2))
        model[2] = nil
        _ = try inst.invoke("move", .i32(1), .i32(3))
        model[3] = model[1]
        try verify("set")
        expectTrap(.tableOutOfBounds) { try inst.invoke("set_f3", .i32(4)) }
        expectTrap(.tableOutOfBounds) { try inst.invoke("is_null", .i32(4)) }
        expectTrap(.tableOutOfBounds) { try inst.invoke("is_null", .i32(-1)) }
        expectTrap(.undefinedElement) { try inst.invoke("call", .i32(4)) }
        // grow (max 10)
        #expect(try inst.invoke("grow", .i32(2)) == [.i32(4)])
        model += [nil, nil]
        #expect(try inst.invoke("grow_f2", .i32(2)) == [.i32(6)])
        model += [2, 2]
        #expect(try inst.invoke("grow", .i32(3)) == [.i32(-1)])
        #expect(try inst.invoke("grow", .i32(-1)) == [.i32(-1)])
        #expect(try inst.invoke("grow", .i32(0)) == [.i32(8)])
        try verify("grow")
        // fill
        _ = try inst.invoke("fill_f3", .i32(4), .i32(3))
        model[4..<7] = [3, 3, 3]
        _ = try inst.invoke("fill_f3", .i32(8), .i32(0))
        expectTrap(.tableOutOfBounds) { try inst.invoke("fill_f3", .i32(6), .i32(3)) }
        expectTrap(.tableOutOfBounds) { try inst.invoke("fill_f3", .i32(9), .i32(0)) }
        try verify("fill")
        // copy, overlapping both ways
        func copy(_ d: Int, _ s: Int, _ n: Int) {
            let src = Array(model[s..<(s + n)])
            for k in 0..<n { model[d + k] = src[k] }
        }
        _ = try inst.invoke("set_null", .i32(5))
        model[5] = nil
        _ = try inst.invoke("copy", .i32(1), .i32(0), .i32(5))
        copy(1, 0, 5)
        try verify("copy forward")
        _ = try inst.invoke("copy", .i32(2), .i32(4), .i32(4))
        copy(2, 4, 4)
        try verify("copy backward")
        expectTrap(.tableOutOfBounds) { try inst.invoke("copy", .i32(6), .i32(0), .i32(3)) }
        expectTrap(.tableOutOfBounds) { try inst.invoke("copy", .i32(0), .i32(6), .i32(3)) }
        expectTrap(.tableOutOfBounds) { try inst.invoke("copy", .i32(9), .i32(0), .i32(0)) }
        try verify("failed copies change nothing")
        // elem.drop
        _ = try inst.invoke("drop")
        _ = try inst.invoke("init", .i32(0), .i32(0), .i32(0))
        expectTrap(.tableOutOfBounds) { try inst.invoke("init", .i32(0), .i32(0), .i32(1)) }
        try verify("after drop")
        // externref: host values round-trip.
        #expect(try inst.invoke("ext_size") == [.i32(2)])
        #expect(try inst.invoke("ext_get", .i32(0)) == [.externref(nil)])
        _ = try inst.invoke("ext_set", .i32(1), .externref(0))
        _ = try inst.invoke("ext_set", .i32(0), .externref(0xdead_beef))
        #expect(try inst.invoke("ext_get", .i32(1)) == [.externref(0)])
        #expect(try inst.invoke("ext_get", .i32(0)) == [.externref(0xdead_beef)])
        expectTrap(.tableOutOfBounds) { try inst.invoke("ext_get", .i32(2)) }
    }
}

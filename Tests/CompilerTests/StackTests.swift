import SwasmABI
import SwasmRuntime
import Testing
import WasmDecoder

// Stack exhaustion: unbounded recursion traps with "call stack exhausted", and the instance keeps working.

@Suite("Stack exhaustion")
struct StackTests {
    static let text = """
        (module
          (type $t (func (param i32) (result i32)))
          (import "env" "reenter" (func $reenter (param i32) (result i32)))
          (table 1 funcref) (elem (i32.const 0) $viaTable)
          (func $r (export "r") (param i32) (result i32)
            (i32.add (call $r (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
          (func $big (export "big") (param i32) (result i64)
            (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
            (local f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64)
            (i64.add (call $big (local.get 0)) (i64.const 1)))
          (func $viaTable (export "via_table") (param i32) (result i32)
            (call_indirect (type $t) (local.get 0) (i32.const 0)))
          (func (export "via_host") (param i32) (result i32)
            (i32.add (call $reenter (local.get 0)) (i32.const 1)))
          (func (export "bounded") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (call 5 (i32.sub (local.get 0) (i32.const 1))) (i32.const 2)))))
          (func (export "ok") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))
        """

    func make(_ config: InstanceConfiguration = InstanceConfiguration()) throws -> Instance {
        let reenter = HostFunction(type: FuncType(params: [.i32], results: [.i32])) { inst, args in
            // The host calls back into wasm, which recurses without bound.
            try inst.invoke("via_host", args)
        }
        return try instantiate(Self.text, imports: [.hostFunction(reenter)], configuration: config)
    }

    @Test("unbounded recursion traps and the instance keeps working")
    func recursion() throws {
        let inst = try make()
        for _ in 0..<3 {
            expectTrap(.stackExhausted) { try inst.invoke("r", .i32(0)) }
            #expect(try inst.invoke("ok", .i32(21)) == [.i32(42)])
        }
        expectTrap(.stackExhausted) { try inst.invoke("big", .i32(0)) }
        #expect(try inst.invoke("ok", .i32(4)) == [.i32(8)])
        expectTrap(.stackExhausted) { try inst.invoke("via_table", .i32(0)) }
        #expect(try inst.invoke("bounded", .i32(1000)) == [.i32(2000)])
    }

    @Test("recursion through a host function that re-enters wasm")
    func throughHost() throws {
        let inst = try make()
        expectTrap(.stackExhausted) { try inst.invoke("via_host", .i32(0)) }
        #expect(try inst.invoke("ok", .i32(5)) == [.i32(10)])
        #expect(try inst.invoke("bounded", .i32(10)) == [.i32(20)])
    }

    @Test("a small stack budget limits the depth; deep but bounded recursion within it works")
    func budget() throws {
        var config = InstanceConfiguration()
        config.stackBudget = 256 * 1024
        let inst = try make(config)
        expectTrap(.stackExhausted) { try inst.invoke("bounded", .i32(1_000_000)) }
        #expect(try inst.invoke("bounded", .i32(500)) == [.i32(1000)])
        expectTrap(.stackExhausted) { try inst.invoke("r", .i32(0)) }
        #expect(try inst.invoke("ok", .i32(1)) == [.i32(2)])
    }
}

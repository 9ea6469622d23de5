import Glibc
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

    /// Runs `body` on a new thread with a stack of `size` bytes and waits for it.
    static func onThread(stackSize size: Int, _ body: @escaping () -> Void) {
        final class Box {
            let body: () -> Void
            init(_ b: @escaping () -> Void) { body = b }
        }
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        pthread_attr_setstacksize(&attr, size)
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let made = pthread_create(
            &thread, &attr,
            { raw in
                Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, box)
        pthread_attr_destroy(&attr)
        #expect(made == 0)
        if made == 0 { pthread_join(thread, nil) }
    }

    /// Each thread's calls are limited by its own stack: a per-thread record holds the limit, and a call from a
    /// thread with a small stack right after one from a thread with a large stack must not use the large one's.
    @Test("one instance called from threads with different stacks: each thread's own limit")
    func perThreadLimits() throws {
        let inst = try make()
        let depth: Int32 = 20_000 // fits in 8 MiB, not in 256 KiB
        for _ in 0..<2 {
            Self.onThread(stackSize: 8 << 20) {
                #expect((try? inst.invoke("bounded", .i32(depth))) == [.i32(2 * depth)])
                expectTrap(.stackExhausted) { try inst.invoke("r", .i32(0)) }
            }
            Self.onThread(stackSize: 256 << 10) {
                expectTrap(.stackExhausted) { try inst.invoke("bounded", .i32(depth)) }
                #expect((try? inst.invoke("bounded", .i32(100))) == [.i32(200)])
            }
        }
        #expect(try inst.invoke("ok", .i32(3)) == [.i32(6)])
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

import SwasmABI
import SwasmRuntime
import Testing
import WasmDecoder

@testable import SwasmCompiler

/// A trap carries every wasm frame of the trapping activation, innermost first.
@Suite struct BacktraceTests {
    let text = """
        (module
          (func $host (import "env" "fail"))
          (memory 1)
          (func $inner (param i32) (result i32) (i32.div_u (i32.const 10) (local.get 0)))
          (func $middle (param i32) (result i32) (i32.add (call $inner (local.get 0)) (i32.const 1)))
          (func $outer (export "outer") (param i32) (result i32) (call $middle (local.get 0)))
          (func $load (param i32) (result i32) (i32.load (local.get 0)))
          (func $viaTable (export "viaTable") (param i32) (result i32) (call_indirect (param i32) (result i32) (local.get 0) (i32.const 0)))
          (table funcref (elem $load))
          (func $callsHost (export "callsHost") (call $host)))
        """

    struct HostFailure: Error {}

    func instance() throws -> Instance {
        let bytes = try Wat.wasm(text)
        let (m, c) = try compileModule(bytes)
        let fail = HostFunction(type: FuncType(params: [], results: [])) { _, _ in throw Trap(code: .unreachable) }
        return try Instance(module: m, code: c, imports: [.hostFunction(fail)])
    }

    @Test func divisionTrapThroughTwoCalls() throws {
        let inst = try instance()
        // function indices: 0 = the import, 1 inner, 2 middle, 3 outer
        do {
            _ = try inst.invoke("outer", .i32(0))
            Issue.record("no trap")
        } catch let t as Trap {
            #expect(t.code == .integerDivideByZero)
            #expect(t.frames.map(\.functionIndex) == [1, 2, 3])
            #expect(t.frames.first?.wasmOffset == t.wasmOffset)
            // Without a name section the frames have no names; the offsets increase with the call nesting order.
            #expect(t.frames.allSatisfy { $0.wasmOffset > 0 })
        }
        // The instance keeps working after the trap, and the next trap has its own frames.
        #expect(try inst.invoke("outer", .i32(5)) == [.i32(3)])
    }

    @Test func memoryFaultThroughCallIndirect() throws {
        let inst = try instance()
        do {
            _ = try inst.invoke("viaTable", .i32(70_000))
            Issue.record("no trap")
        } catch let t as Trap {
            #expect(t.code == .memoryOutOfBounds)
            #expect(t.frames.map(\.functionIndex) == [4, 5])
        }
    }

    @Test func hostTrapReportsTheCallingFrames() throws {
        let inst = try instance()
        do {
            try inst.invoke("callsHost")
            Issue.record("no trap")
        } catch let t as Trap {
            #expect(t.code == .unreachable)
            #expect(t.frames.map(\.functionIndex) == [6])
        }
    }
}

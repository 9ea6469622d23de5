import Foundation
import SwasmABI
import SwasmRuntime
import Testing
import WasmDecoder

@testable import SwasmCompiler

/// Exact gas counts on hand-computed functions. Semantics (docs/ARCHITECTURE.md, "Metering"): every operator in
/// reachable code costs 1 by default (including `block`, `loop`, `end`, `br`...); a basic block is charged its
/// whole cost on entry. Blocks start at function entry, loop heads, the then-branch of `if`, `else`, the merge
/// after `end`, the fall-through of `br_if`, and after each call.
@Suite struct MeteringTests {
    func metered(_ text: String, model: CostModel = CostModel(), imports: [ExternalValue] = []) throws -> Instance {
        let bytes = try Wat.wasm(text)
        let (m, c) = try compileModule(bytes, options: CompilerOptions(metering: model))
        return try Instance(module: m, code: c, imports: imports)
    }

    /// Runs `name` with `budget` gas; returns the gas used and the outcome.
    func run(_ inst: Instance, _ name: String, _ args: [Value], budget: UInt64 = 1 << 40) -> (
        used: UInt64, result: Result<[Value], Error>
    ) {
        inst.gasRemaining = budget
        let r = Result { try inst.invoke(name, args) }
        return (budget - inst.gasRemaining, r)
    }

    @Test func straightLine() throws {
        let inst = try metered(#"(module (func (export "f") (result i32) i32.const 1 i32.const 2 i32.add))"#)
        let (used, r) = run(inst, "f", [])
        #expect(used == 4) // const, const, add, end
        #expect(try r.get() == [.i32(3)])
        // Exactly enough succeeds; one less traps before anything runs and charges nothing.
        #expect(try run(inst, "f", [], budget: 4).result.get() == [.i32(3)])
        let (usedShort, short) = run(inst, "f", [], budget: 3)
        #expect(usedShort == 0)
        #expect(throws: Trap.self) { try short.get() }
        if case .failure(let e as Trap) = short { #expect(e.code == .outOfGas) }
    }

    @Test func loopChargesEachIteration() throws {
        let inst = try metered(
            """
            (module (func (export "count") (param i32) (result i32) (local i32)
              loop
                local.get 1  i32.const 1  i32.add  local.set 1
                local.get 1  local.get 0  i32.lt_u  br_if 0
              end
              local.get 1))
            """)
        for n: Int32 in [1, 2, 10, 100] {
            let (used, r) = run(inst, "count", [.i32(n)])
            #expect(try r.get() == [.i32(n)])
            // entry {loop} 1 + body 8 per iteration + {end} 1 + merge {local.get, end} 2
            #expect(used == 8 * UInt64(n) + 4, "n = \(n)")
        }
    }

    @Test func callsChargeCallerAndCallee() throws {
        let inst = try metered(
            """
            (module
              (func $f (result i32) i32.const 7)
              (func (export "g") (result i32) call $f i32.const 1 i32.add))
            """)
        let (used, r) = run(inst, "g", [])
        #expect(try r.get() == [.i32(8)])
        #expect(used == 6) // g: {call} 1, {const, add, end} 3; f: {const, end} 2
    }

    @Test func brTableTargetsAreSeparateBlocks() throws {
        let inst = try metered(
            """
            (module (func (export "bt") (param i32) (result i32)
              block
                block
                  local.get 0
                  br_table 0 1
                end
                i32.const 10  i32.const 1  i32.add  return
              end
              i32.const 20))
            """)
        // entry {block, block, local.get, br_table} 4; target 0 {const, const, add, return} 4; target 1 {const, end} 2
        #expect(run(inst, "bt", [.i32(0)]).used == 8)
        #expect(run(inst, "bt", [.i32(1)]).used == 6)
        #expect(run(inst, "bt", [.i32(7)]).used == 6)
    }

    @Test func trapMidBlockKeepsTheBlockCharged() throws {
        let inst = try metered(
            #"(module (func (export "t") (param i32) (result i32) i32.const 1 local.get 0 i32.div_u))"#)
        let (used, r) = run(inst, "t", [.i32(0)])
        #expect(used == 4)
        if case .failure(let e as Trap) = r { #expect(e.code == .integerDivideByZero) } else { Issue.record("no trap") }
        // The instance keeps working and metering continues.
        #expect(run(inst, "t", [.i32(1)]).used == 4)
    }

    @Test func bulkOperationsAndGrowChargeDynamicCosts() throws {
        var model = CostModel()
        model.memoryBytesPerUnit = 8
        model.memoryGrowPerPage = 1024
        let inst = try metered(
            """
            (module (memory 1 10)
              (func (export "fill") (param i32) (memory.fill (i32.const 0) (i32.const 7) (local.get 0)))
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """, model: model)
        #expect(run(inst, "fill", [.i32(100)]).used == 5 + 13) // static 5, ⌈100 / 8⌉
        #expect(run(inst, "fill", [.i32(0)]).used == 5)
        #expect(run(inst, "grow", [.i32(2)]).used == 3 + 2048)
        // The dynamic cost is paid before any work: not enough gas leaves memory unchanged.
        let (_, r) = run(inst, "grow", [.i32(5)], budget: 3 + 100)
        if case .failure(let e as Trap) = r { #expect(e.code == .outOfGas) } else { Issue.record("no trap") }
        #expect(inst.memory?.pageCount == 3)
    }

    @Test func perOperatorOverridesAndHostCalls() throws {
        var model = CostModel()
        let known = model.setCost(50, forOperator: "i32.mul")
        let unknown = model.setCost(1, forOperator: "i32.nonsense")
        #expect(known)
        #expect(!unknown)
        model.hostCallCost = 10
        let host = HostFunction(type: FuncType(params: [], results: [])) { _, _ in [] }
        let inst = try metered(
            """
            (module (import "env" "h" (func $h))
              (func (export "m") (param i32) (result i32) local.get 0 i32.const 3 i32.mul)
              (func (export "callh") call $h))
            """, model: model, imports: [.hostFunction(host)])
        #expect(run(inst, "m", [.i32(2)]).used == 1 + 1 + 50 + 1)
        #expect(run(inst, "callh", []).used == 1 + 10 + 1) // {call}, host call, {end}
    }

    @Test func meteringOffEmitsNoMeteringCode() throws {
        let text = #"(module (func (export "f") (param i32) (result i32) (loop (br_if 0 (i32.const 0))) local.get 0))"#
        let bytes = try Wat.wasm(text)
        let plain = try compileModule(bytes).1.byteCount
        let metered = try compileModule(bytes, options: CompilerOptions(metering: CostModel())).1.byteCount
        #expect(metered > plain)
        #expect(try compileModule(bytes).1.costModel == nil)
    }

    /// Every bench program (small arguments): a budget of exactly its usage succeeds, one less traps.
    @Test func benchProgramsRunOnExactlyTheirUsage() throws {
        let bench = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Benchmarks/bench")
        let cases: [(String, Int32)] = [
            ("fib", 15), ("nbody", 100), ("sha256", 1), ("sieve", 1), ("matmul", 10),
            ("qsort", 1000), ("crc32", 1), ("interp", 100), ("dispatch", 1000)
        ]
        for (name, arg) in cases {
            let bytes = Array(try Data(contentsOf: bench.appendingPathComponent("\(name).wasm")))
            let (m, c) = try compileModule(bytes, options: CompilerOptions(metering: CostModel()))
            let inst = try Instance(module: m, code: c, imports: [])
            let (used, r) = run(inst, "run", [.i32(arg)])
            let expected = try r.get()
            #expect(used > 0, "\(name)")
            let exact = run(inst, "run", [.i32(arg)], budget: used)
            #expect(try exact.result.get() == expected, "\(name)")
            #expect(exact.used == used, "\(name)")
            let short = run(inst, "run", [.i32(arg)], budget: used - 1)
            if case .failure(let e as Trap) = short.result {
                #expect(e.code == .outOfGas, "\(name)")
            } else {
                Issue.record("\(name): budget \(used - 1) did not trap")
            }
        }
    }
}

/// Metered interruptible code is the same machine code as metered code (interrupts reach it through the gas, by a
/// signal), on both architectures; unmetered interruptible code has its flag checks.
@Suite struct MeteredInterruptibleCodeTests {
    static let wat = """
        (module
          (memory 1)
          (func $f (export "f") (param i32) (result i32) (local i32)
            (loop $l
              (local.set 1 (i32.add (local.get 1) (i32.load (local.get 0))))
              (br_if $l (i32.lt_u (local.get 1) (i32.const 1000))))
            (if (result i32) (local.get 0) (then (call $f (i32.const 0))) (else (local.get 1)))))
        """

    @Test func sameCodeAsMetered() throws {
        let bytes = try Wat.wasm(Self.wat)
        let metered = CompilerOptions(metering: CostModel())
        let both = CompilerOptions(metering: CostModel(), interruptible: true)
        let x86 = try compileModuleX86_64(bytes, options: metered).1
        let x86Both = try compileModuleX86_64(bytes, options: both).1
        #expect(x86.code == x86Both.code && !x86.interruptible && x86Both.interruptible)
        let a64 = try compileModuleAArch64(bytes, options: metered).1
        let a64Both = try compileModuleAArch64(bytes, options: both).1
        #expect(a64.code == a64Both.code && a64Both.interruptible)
        // Unmetered, the checks are there.
        let plain = try compileModuleX86_64(bytes).1
        let checked = try compileModuleX86_64(bytes, options: CompilerOptions(interruptible: true)).1
        #expect(checked.byteCount > plain.byteCount)
    }

    /// The entry trampoline describes where it keeps the gas in the gas register (`GasWindow`), right before the
    /// trap-exit stub, and the window is inside the trampoline.
    @Test func trampolineDescribesItsGasWindow() throws {
        let bytes = try Wat.wasm(Self.wat)
        for code in [try compileModuleX86_64(bytes).1, try compileModuleAArch64(bytes).1] {
            let words = code.code.withUnsafeBytes { raw in
                (0..<4).map { raw.load(fromByteOffset: code.trapExit - 16 + 4 * $0, as: UInt32.self) }
            }
            #expect(words[0] == GasWindow.magic)
            #expect(code.trapExit - Int(words[1]) == code.entryTrampoline)
            #expect(words[1] > words[2] && words[2] > words[3] && words[3] > 16)
        }
    }
}

// Traps, metering, start functions, concurrency, and the examples.

import Dispatch
import Foundation
import Swasm
import Testing

@Suite struct TrapTests {
    @Test func trapKindFunctionAndOffset() throws {
        let i = try basics()
        let div = try i.typedFunction("div_s", (Int32, Int32).self, Int32.self)
        #expect(try div(7, 2) == 3)
        do {
            _ = try div(1, 0)
            Issue.record("expected a trap")
        } catch let t as Trap {
            #expect(t.code == .integerDivideByZero)
            #expect(t.message == "integer divide by zero")
            #expect(t.functionIndex != nil && t.wasmOffset != nil)
            #expect(t.functionName == "div")
            #expect("\(t)".contains("integer divide by zero in function"))
        }
        #expect { try div(.min, -1) } throws: { ($0 as? Trap)?.code == .integerOverflow }
        #expect { try i.call("unreachable") } throws: { ($0 as? Trap)?.code == .unreachable }
        #expect { try i.call("load", .i32(65535)) } throws: { ($0 as? Trap)?.code == .memoryOutOfBounds }
        // The instance stays usable after traps.
        #expect(try div(9, 3) == 3)
    }

    @Test func backtrace() throws {
        let i = try basics()
        do {
            try i.call("outer", .i32(0))
            Issue.record("expected a trap")
        } catch let t as Trap {
            #expect(t.code == .integerDivideByZero)
            #expect(t.functionName == "div")
            // The runtime may not walk the stack yet; when it does, the frames go innermost first.
            if !t.frames.isEmpty {
                #expect(t.frames.first?.functionIndex == t.functionIndex)
                #expect(t.frames.count >= 4)
                let names = t.frames.compactMap(\.functionName)
                if names.count >= 3 { #expect(Array(names.prefix(3)) == ["div", "inner", "middle"]) }
            }
        }
    }

    @Test func stackExhaustion() throws {
        let e = Engine(Engine.Configuration(limits: ResourceLimits(stackBudget: 256 << 10)))
        let i = try basics(e)
        #expect { try i.call("recurse", .i32(0)) } throws: { ($0 as? Trap)?.code == .stackExhausted }
        #expect(try i.call("add", .i32(1), .i32(1)) == [.i32(2)])
    }

    @Test func instantiationTraps() throws {
        #expect { _ = try Module(engine: engine, bytes: Guests.startTrap).instantiate() } throws: {
            ($0 as? Trap)?.code == .unreachable
        }
        let i = try Module(engine: engine, bytes: Guests.start).instantiate()
        #expect(try i.global(named: "ready").value == .i32(1))
    }
}

@Suite struct MeteringTests {
    let metered = Engine(Engine.Configuration(metering: CostModel()))

    @Test func gasIsConsumedAndOutOfGasTraps() throws {
        let m = try Module(engine: metered, bytes: Guests.start)
        #expect(m.isMetered)
        // The start function runs on the gas given at instantiation.
        #expect { _ = try m.instantiate(gas: 10) } throws: { error in
            guard let t = error as? Trap else { return false }
            return t.isOutOfGas && t.gasRemaining != nil && t.gasRemaining! < 10
        }
        let i = try m.instantiate(gas: 100_000)
        #expect(i.isMetered)
        #expect(try i.global(named: "ready").value == .i32(1))
        let afterStart = i.gasRemaining
        #expect(afterStart < 100_000 && afterStart > 100_000 - 2_000)
        let spin = try i.typedFunction("spin", Int32.self, Void.self)
        try spin(10)
        let cost10 = afterStart - i.gasRemaining
        try spin(20)
        let cost20 = afterStart - cost10 - i.gasRemaining
        #expect(cost20 > cost10)
        i.gasRemaining = 1000
        do {
            try spin(1_000_000)
            Issue.record("expected out of gas")
        } catch let t as Trap {
            #expect(t.code == .outOfGas && t.isOutOfGas)
            #expect(t.gasRemaining == i.gasRemaining)
            #expect(t.gasRemaining! < 1000)
        }
        // Deterministic: the same budget stops at the same point.
        i.gasRemaining = 1000
        let first = (try? spin(1_000_000)) == nil ? i.gasRemaining : nil
        i.gasRemaining = 1000
        let second = (try? spin(1_000_000)) == nil ? i.gasRemaining : nil
        #expect(first != nil && first == second)
    }

    @Test func hostCallsAreChargedAndSeeTheGas() throws {
        var costs = CostModel()
        costs.hostCallCost = 500
        let e = Engine(Engine.Configuration(metering: costs))
        let linker = Linker(engine: e)
        linker.define("host", "twice") { (_: Caller, x: Int32) -> Int32 in x * 2 }
        linker.define("host", "fail", parameters: [], results: []) { _, _ in [] }
        linker.define("host", "gas") { (caller: Caller) -> Int64 in
            let g = caller.gasRemaining
            caller.gasRemaining = g - 1 // a host may charge for its own work
            return Int64(g)
        }
        let i = try linker.instantiate(try Module(engine: e, bytes: Guests.callback), gas: 10_000)
        let seen = try i.typedFunction("gas", Void.self, Int64.self)()
        #expect(seen <= 10_000 - 500)
        #expect(i.gasRemaining < UInt64(seen))
        i.gasRemaining = 100
        #expect { try i.call("run", .i32(1)) } throws: { ($0 as? Trap)?.isOutOfGas == true }
    }

    @Test func unmeteredEngineHasNoGas() throws {
        let i = try basics()
        #expect(!i.isMetered)
        #expect { try i.call("div_s", .i32(1), .i32(0)) } throws: { ($0 as? Trap)?.gasRemaining == nil }
    }
}

@Suite struct ConcurrencyTests {
    /// One module, instantiated and run on several threads at once, with traps in between.
    @Test func instancesOnManyThreads() throws {
        let module = try Module(engine: engine, bytes: Guests.basics)
        let metered = try Module(engine: Engine(Engine.Configuration(metering: CostModel())), bytes: Guests.start)
        let threads = 8
        let rounds = 50
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            do {
                for r in 0..<rounds {
                    let i = try module.instantiate()
                    let add = try i.typedFunction("add", (Int32, Int32).self, Int32.self)
                    let div = try i.typedFunction("div_s", (Int32, Int32).self, Int32.self)
                    let memory = try i.memory(named: "memory")
                    try memory.store(Int32(t * 1000 + r), at: 64)
                    guard try add(Int32(t), Int32(r)) == Int32(t + r) else { throw Failure("add") }
                    do {
                        _ = try div(1, 0)
                        throw Failure("no trap")
                    } catch let trap as Trap where trap.code == .integerDivideByZero {}
                    do {
                        try i.call("outer", .i32(0))
                        throw Failure("no trap")
                    } catch let trap as Trap where trap.code == .integerDivideByZero {}
                    guard try div(Int32(t + 10), 2) == Int32((t + 10) / 2) else { throw Failure("div") }
                    guard try i.call("load", .i32(64)) == [.i32(Int32(t * 1000 + r))] else { throw Failure("memory") }
                    let mi = try metered.instantiate(gas: 5_000)
                    do {
                        try mi.call("spin", .i32(1_000_000))
                        throw Failure("no out of gas")
                    } catch let trap as Trap where trap.isOutOfGas {}
                }
            } catch {
                failures.add("thread \(t): \(error)")
            }
        }
        #expect(failures.all.isEmpty)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ s: String) { lock.withLock { list.append(s) } }
        var all: [String] { lock.withLock { list } }
    }

    @Test func modulesCompiledConcurrently() async throws {
        try await withThrowingTaskGroup(of: Int32.self) { group in
            for k in 0..<4 {
                group.addTask {
                    let m = try Module(engine: engine, bytes: Guests.many)
                    return try m.instantiate().typedFunction("f10", Int32.self, Int32.self)(Int32(k))
                }
            }
            var sum: Int32 = 0
            for try await v in group { sum += v }
            #expect(sum == 0 + 1 + 2 + 3 + 40)
        }
    }
}

/// Locates the example executables built next to this test bundle (like Tests/CLITests finds `swasm`).
enum ExampleBinaries {
    static func url(_ name: String) -> URL? {
        let fm = FileManager.default
        var dirs: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let arg0 = CommandLine.arguments.first {
            dirs.append(URL(fileURLWithPath: arg0).deletingLastPathComponent())
        }
        for b in Bundle.allBundles where b.bundleURL.pathExtension == "xctest" {
            dirs.append(b.bundleURL.deletingLastPathComponent())
        }
        var candidates: [URL] = []
        for d in dirs {
            var dir = d.standardizedFileURL
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent(name))
                dir.deleteLastPathComponent()
            }
        }
        return candidates.first { url in
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &isDir) && !isDir.boolValue
                && fm.isExecutableFile(atPath: url.path)
        }
    }
}

@Suite struct ExampleTests {
    @Test(arguments: [
        ("factorial-example", "fac(20) = 2432902008176640000"),
        ("log-example", "[guest] Hello from wasm!"),
        ("hello-string-example", "\"Hello, World!\""),
        ("metering-example", "out of gas"),
        ("streaming-example", "fib(20) = 6765"),
        ("wasi-example", "the guest wrote: HELLO FROM THE HOST")
    ])
    func exampleRunsAndExitsZero(name: String, expected: String) throws {
        let bin = try #require(ExampleBinaries.url(name), "\(name) not found next to the test bundle; build it first")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("swasm-example-\(UUID())")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        let handle = try FileHandle(forWritingTo: out)
        let p = Process()
        p.executableURL = bin
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try handle.close()
        let output = String(decoding: try Data(contentsOf: out), as: UTF8.self)
        #expect(p.terminationReason == .exit && p.terminationStatus == 0, "\(name) failed:\n\(output)")
        #expect(output.contains(expected), "\(name) printed:\n\(output)")
    }
}

// Host state: user data reachable from `Caller`, the calling instance's exports, `Sendable` engines, modules,
// linkers and host functions used from many threads, and the default gas of metered instances.

import Dispatch
import Foundation
import Swasm
import Testing

/// A guest that reports to the host: `bump` adds to the host's counter, `get` reads a global and memory back.
let reporterWat = """
    (module
      (import "host" "add" (func $add (param i32)))
      (import "host" "peek" (func $peek (result i32)))
      (memory (export "memory") 1)
      (global $g (export "level") (mut i32) (i32.const 7))
      (table (export "table") 2 funcref)
      (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
      (func (export "bump") (param i32) (call $add (local.get 0)))
      (func (export "peek") (result i32) (call $peek))
      (func $start (call $add (i32.const 1000)))
      (start $start))
    """

/// Per-instance host state (used by one thread at a time, like its instance).
final class Counter {
    var total = 0
    var name: String
    init(name: String) { self.name = name }
}

func reporterLinker(_ e: Engine = engine) -> Linker {
    let linker = Linker(engine: e)
    linker.define("host", "add") { (caller: Caller, n: Int32) in
        caller.userData(as: Counter.self)!.total += Int(n)
    }
    linker.define("host", "peek") { (caller: Caller) -> Int32 in
        // The calling instance's exports, by name.
        let memory = try caller.memory(named: "memory")
        try memory.store(UInt32(0x1234), at: 16)
        let level = try caller.global(named: "level")
        #expect(try caller.table(named: "table").count == 2)
        let double = try caller.function(named: "double").typed(Int32.self, Int32.self)
        guard case .i32(let l) = level.value else { return -1 }
        return try double(l)
    }
    return linker
}

@Suite struct HostStateTests {
    @Test func userDataReachesHostFunctionsAlsoDuringStart() throws {
        let module = try Module(engine: engine, wat: reporterWat)
        let counter = Counter(name: "a")
        let i = try reporterLinker().instantiate(module, userData: counter)
        #expect(counter.total == 1000) // the start function already ran with it
        try i.call("bump", .i32(5))
        #expect(counter.total == 1005)
        #expect(i.userData(as: Counter.self) === counter)
        #expect(i.userData(as: String.self) == nil)
        // Replaced on the instance: host functions see the new one.
        let other = Counter(name: "b")
        i.userData = other
        try i.call("bump", .i32(1))
        #expect(other.total == 1 && counter.total == 1005)
    }

    @Test func callerGivesTheInstanceAndItsExports() throws {
        let module = try Module(engine: engine, wat: reporterWat)
        let i = try reporterLinker().instantiate(module, userData: Counter(name: "x"))
        #expect(try i.call("peek") == [.i32(14)])
        #expect(try i.memory(named: "memory").load(UInt32.self, at: 16) == 0x1234)

        // `caller.instance` is the same instance; userData set through the caller is the instance's.
        final class Seen: @unchecked Sendable { var instance: Instance? } // used from one thread at a time
        let seen = Seen()
        let linker = Linker(engine: engine)
        linker.define("host", "add") { (caller: Caller, n: Int32) in
            seen.instance = caller.instance
            caller.userData = Int(n)
        }
        linker.define("host", "peek") { (_: Caller) -> Int32 in 0 }
        let j = try linker.instantiate(module)
        #expect(j.userData(as: Int.self) == 1000)
        try j.call("bump", .i32(3))
        #expect(j.userData as? Int == 3)
        let view = try #require(seen.instance)
        #expect(view.isSame(as: j) && !view.isSame(as: i))
        #expect(view.module === module)
        #expect(try view.call("double", .i32(21)) == [.i32(42)])
    }

    @Test func sendableTypes() {
        func isSendable<T: Sendable>(_: T.Type) -> Bool { true }
        #expect(isSendable(Engine.self))
        #expect(isSendable(Module.self))
        #expect(isSendable(Linker.self))
        #expect(isSendable(HostFunction.self))
    }

    @Test func oneLinkerManyThreads() throws {
        let module = try Module(engine: engine, wat: reporterWat)
        let linker = reporterLinker()
        final class Totals: @unchecked Sendable { // guarded by `lock`
            let lock = NSLock()
            var values = [Int](repeating: -1, count: 8)
        }
        let totals = Totals()
        DispatchQueue.concurrentPerform(iterations: 8) { n in
            let counter = Counter(name: "thread \(n)")
            guard let i = try? linker.instantiate(module, userData: counter) else { return }
            for _ in 0..<100 { _ = try? i.call("bump", .i32(Int32(n))) }
            // Definitions may change while other threads link.
            linker.define("extra", "n\(n)", .hostFunction(HostFunction { (_: Caller) in }))
            totals.lock.withLock { totals.values[n] = counter.total }
        }
        #expect(totals.values == (0..<8).map { 1000 + 100 * $0 })
        #expect(linker.lookup("extra", "n7") != nil)
    }

    @Test func meteredInstancesStartWithTheDefaultBudget() throws {
        let metered = Engine(Engine.Configuration(metering: CostModel()))
        let module = try Module(engine: metered, bytes: Guests.basics)
        let i = try module.instantiate()
        #expect(i.gasRemaining == Module.defaultGas)
        let add = try i.typedFunction("add", (Int32, Int32).self, Int32.self)
        #expect(try add(2, 3) == 5) // the first call does not trap
        #expect(i.gasRemaining < Module.defaultGas)
        // An explicit budget still wins, also 0.
        #expect(try module.instantiate(gas: 0).gasRemaining == 0)
        #expect(try module.instantiate(gas: 123).gasRemaining == 123)
        // Unmetered instances have no budget.
        #expect(try Module(engine: engine, bytes: Guests.basics).instantiate().gasRemaining == 0)
    }
}

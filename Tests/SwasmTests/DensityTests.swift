// Issue 18 (density): no fixed caps on live instances or modules, the pooling allocator, the resource limiter,
// and the error past the guard-page address-space limit.

import Dispatch
import Swasm
import Synchronization
import Testing

private let smallModule = """
    (module
      (memory (export "mem") 1 8)
      (table $t (export "tab") 1 10 funcref)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "tgrow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
      (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
      (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
      (func (export "size") (result i32) (memory.size)))
    """

private func explicitEngine(
    _ allocator: InstanceAllocator = .onDemand, limiter: (any ResourceLimiter)? = nil
) -> Engine {
    var c = Engine.Configuration(boundsChecking: .explicit)
    c.allocator = allocator
    return Engine(c, resourceLimiter: limiter)
}

@Suite struct DensityTests {
    /// More live instances than the old registry held (16,384), in explicit-bounds mode.
    @Test func liveInstancesBeyondTheOldCap() throws {
        let module = try Module(engine: explicitEngine(), wat: smallModule)
        var instances: [Instance] = []
        instances.reserveCapacity(20_000)
        for _ in 0..<20_000 { instances.append(try module.instantiate()) }
        let store = try instances[0].typedFunction("store", (Int32, Int32).self, Void.self)
        let load = try instances[19_999].typedFunction("load", Int32.self, Int32.self)
        try store(8, 42)
        #expect(try load(8) == 0) // separate memories
        // Traps still work with that many contexts alive (the handler finds the context in its slab).
        #expect(throws: Trap.self) { try load(70_000) }
        #expect(try instances[12_345].typedFunction("load", Int32.self, Int32.self)(0) == 0)
    }

    /// More live modules than the old code-region registry held (4,096).
    @Test func liveModulesBeyondTheOldCap() throws {
        let engine = explicitEngine()
        let bytes = try Module.assemble(wat: Array("(module (func (export \"f\") (result i32) (i32.const 7)))".utf8))
        var modules: [Module] = []
        for _ in 0..<5_000 { modules.append(try Module(engine: engine, bytes: bytes)) }
        let f = try modules[4_999].instantiate().typedFunction("f", Void.self, Int32.self)
        #expect(try f() == 7)
    }

    /// Regression-style: a pooled memory is zero for its next owner, however the previous one used it.
    @Test func pooledMemoryIsZeroedWhenReused() throws {
        let engine = explicitEngine(.pooling(PoolingConfiguration(maxInstances: 1, maxMemoryPages: 4)))
        let module = try Module(engine: engine, wat: smallModule)
        var base: UInt? = nil
        for round in 0..<3 {
            let i = try module.instantiate()
            #expect(engine.pooledMemoriesInUse == 1)
            let memory = try #require(i.memory)
            let here = memory.withUnsafeMutableBytes { UInt(bitPattern: $0.baseAddress) }
            if let base { #expect(here == base, "the slot is reused") }
            base = here
            let load = try i.typedFunction("load", Int32.self, Int32.self)
            let store = try i.typedFunction("store", (Int32, Int32).self, Void.self)
            let grow = try i.typedFunction("grow", Int32.self, Int32.self)
            #expect(try load(0) == 0, "round \(round)")
            #expect(try i.typedFunction("size", Void.self, Int32.self)() == 1, "memory size reset")
            try store(0, 0x1234_5678)
            #expect(try grow(2) == 1)
            #expect(try load(3 * 65536 - 4) == 0, "round \(round): grown pages are zero")
            try store(3 * 65536 - 4, -1)
            // The slot holds 4 pages: growth stops there even though the module allows 8.
            #expect(try grow(2) == -1)
            #expect(try grow(1) == 3)
            #expect(throws: Trap.self) { try load(4 * 65536) }
        }
        #expect(engine.pooledMemoriesInUse == 0)
    }

    @Test func poolExhaustionSaysWhatToChange() throws {
        let engine = explicitEngine(.pooling(PoolingConfiguration(maxInstances: 2, maxMemoryPages: 1)))
        let module = try Module(engine: engine, wat: smallModule)
        let a = try module.instantiate()
        var b: Instance? = try module.instantiate()
        do {
            _ = try module.instantiate()
            Issue.record("a third instance fits a pool of two")
        } catch let e as RuntimeError {
            #expect(e == .poolExhausted(slots: 2))
            #expect("\(e)".contains("maxInstances"), "\(e)")
        }
        b = nil
        _ = b
        _ = try module.instantiate() // the slot came back
        _ = a
        // A module needing more pages than a slot: named clearly.
        let big = try Module(engine: engine, wat: "(module (memory 3))")
        #expect(throws: RuntimeError.poolSlotTooSmall(requestedPages: 3, slotPages: 1)) { try big.instantiate() }
    }

    @Test func pooledGuardPageMemoriesAreReusedAndZeroed() throws {
        var c = Engine.Configuration()
        c.allocator = .pooling(PoolingConfiguration(maxInstances: 1))
        let engine = Engine(c)
        let module = try Module(engine: engine, wat: smallModule)
        for _ in 0..<3 {
            let i = try module.instantiate()
            #expect(try i.typedFunction("load", Int32.self, Int32.self)(16) == 0)
            try i.typedFunction("store", (Int32, Int32).self, Void.self)(16, 99)
            #expect(throws: RuntimeError.self) { try module.instantiate() } // one slot
        }
    }

    /// The limiter sees every growth from wasm and the host, can refuse it, and can keep accounts.
    @Test func resourceLimiterVetoesAndAccounts() throws {
        final class Budget: ResourceLimiter {
            struct Log { var pages = 0, elements = 0, calls: [String] = [] }
            let log = Mutex(Log())
            func memoryGrowing(from current: Int, to desired: Int) -> Bool {
                log.withLock { l in
                    l.calls.append("m\(current)->\(desired)")
                    guard l.pages + desired - current <= 4 else { return false }
                    l.pages += desired - current
                    return true
                }
            }
            func tableGrowing(from current: Int, to desired: Int) -> Bool {
                log.withLock { l in
                    l.calls.append("t\(current)->\(desired)")
                    guard desired <= 3 else { return false }
                    l.elements += desired - current
                    return true
                }
            }
        }
        let budget = Budget()
        let module = try Module(engine: explicitEngine(limiter: budget), wat: smallModule)
        let i = try module.instantiate()
        #expect(budget.log.withLock { $0.calls } == ["m0->1", "t0->1"])
        let grow = try i.typedFunction("grow", Int32.self, Int32.self)
        let tgrow = try i.typedFunction("tgrow", Int32.self, Int32.self)
        #expect(try grow(2) == 1) // 3 pages
        #expect(try grow(2) == -1) // 5 > budget of 4: vetoed
        #expect(try i.typedFunction("size", Void.self, Int32.self)() == 3)
        #expect(try grow(0) == 3) // no growth: not asked
        #expect(try grow(100) == -1) // beyond the declared maximum: refused before the limiter is asked
        #expect(try tgrow(2) == 1)
        #expect(try tgrow(1) == -1)
        // Through the API too.
        #expect(try i.memory(named: "mem").grow(by: 1) == 3)
        #expect(try i.memory(named: "mem").grow(by: 1) == nil)
        #expect(try i.table(named: "tab").grow(by: 5) == nil)
        let log = budget.log.withLock { $0 }
        #expect(log.pages == 4 && log.elements == 3)
        #expect(log.calls == ["m0->1", "t0->1", "m1->3", "m3->5", "t1->3", "t3->4", "m3->4", "m4->5", "t3->8"])
        // A second instance would need a page the budget no longer has: instantiation fails clearly.
        #expect {
            _ = try module.instantiate()
        } throws: { e in
            (e as? LinkError)?.reason == .limitExceeded && "\(e)".contains("resource limiter")
        }
    }

    /// A limiter given to `instantiate` is asked for that instance instead of the engine's: two tenants of one
    /// engine with their own budgets.
    @Test func perInstanceResourceLimiters() throws {
        final class Pages: ResourceLimiter {
            let limit: Int
            let asked = Mutex(0)
            init(_ limit: Int) { self.limit = limit }
            func memoryGrowing(from current: Int, to desired: Int) -> Bool {
                asked.withLock { $0 += 1 }
                return desired <= limit
            }
        }
        let engineWide = Pages(1)
        let module = try Module(engine: explicitEngine(limiter: engineWide), wat: smallModule)
        let small = Pages(2)
        let large = Pages(6)
        let a = try module.instantiate(resourceLimiter: small)
        let b = try Linker(engine: module.engine).instantiate(module, resourceLimiter: large)
        let c = try module.instantiate() // the engine's
        #expect(try a.typedFunction("grow", Int32.self, Int32.self)(1) == 1)
        #expect(try a.typedFunction("grow", Int32.self, Int32.self)(1) == -1) // 3 > 2
        #expect(try b.typedFunction("grow", Int32.self, Int32.self)(4) == 1)
        #expect(try b.memory(named: "mem").grow(by: 1) == 5) // through the API: the instance's limiter too
        #expect(try c.typedFunction("grow", Int32.self, Int32.self)(1) == -1) // 2 > 1
        #expect(small.asked.withLock { $0 } == 3) // initial page, then two growths
        #expect(large.asked.withLock { $0 } == 3)
        #expect(engineWide.asked.withLock { $0 } == 2) // c's initial page and growth only
    }

    /// The handler reads the registries while other threads publish new snapshots (modules come and go,
    /// instances come and go): every fault is still recognised, and nothing reads freed memory.
    @Test func trapsWhileRegistriesChange() throws {
        let engine = Engine()
        let bytes = try Module.assemble(wat: Array(smallModule.utf8))
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<200 {
                do {
                    let module = try Module(engine: engine, bytes: bytes) // a code-region registry write
                    let instances = try (0..<4).map { _ in try module.instantiate() }
                    for i in instances {
                        let load = try i.typedFunction("load", Int32.self, Int32.self)
                        do {
                            _ = try load(-4) // a guard-page fault: the signal handler's lookups
                            failures.withLock { $0 += 1 }
                        } catch let t as Trap where t.code == .memoryOutOfBounds {}
                    }
                } catch {
                    failures.withLock { $0 += 1 }
                }
            }
        }
        #expect(failures.withLock { $0 } == 0)
    }
}

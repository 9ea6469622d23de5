// Interruption under load, metered (a signal takes the gas) and unmetered (flag checks): a tight loop, a loop that
// calls the host, a deep recursion and a nested wasm → host → wasm call are stopped from another thread while
// other threads keep the CPUs busy; the trap is `interrupted`, the instance works afterwards, and in metered mode
// the guest keeps the gas it had.

import Foundation
@_spi(Tools) import Swasm
import Synchronization
import Testing

private let loadWat = """
    (module
      (import "host" "tick" (func $tick (param i32) (result i32)))
      (import "host" "reenter" (func $reenter))
      (import "host" "racyCharge" (func $racyCharge))
      (func (export "racyChargeLoop") (param i32)
        (loop $l (call $racyCharge) (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
      (func (export "spin") (loop $l (br $l)))
      (func (export "spinCallingHost") (local i32)
        (loop $l (local.set 0 (call $tick (local.get 0))) (br $l)))
      (func $tree (export "tree") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
          (else (i32.add (call $tree (i32.sub (local.get 0) (i32.const 1)))
                         (call $tree (i32.sub (local.get 0) (i32.const 1)))))))
      (func (export "nested") (call $reenter) (loop $l (br $l)))
      (func (export "count") (param i32) (result i32) (local i32)
        (loop $l
          (local.set 1 (i32.add (local.get 1) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
        (local.get 1)))
    """

private func makeInstance(metered: Bool, interruptible: Bool = true) throws -> Instance {
    var c = Engine.Configuration(metering: metered ? CostModel() : nil)
    c.interruptible = interruptible
    let engine = Engine(c)
    let linker = Linker(engine: engine)
    linker.define("host", "tick") { (_: Caller, x: Int32) -> Int32 in x &+ 1 }
    // Reads the gas, is interrupted (the signal comes to this very thread, so the handler runs before `interrupt()`
    // returns), then writes the gas it read minus 1: the race of a dynamic charge with the signal, made certain.
    linker.define("host", "racyCharge", parameters: [], results: []) { caller, _ in
        let gas = caller.gasRemaining
        caller.instance.interrupt()
        caller.gasRemaining = gas &- 1
        return []
    }
    linker.define("host", "reenter", parameters: [], results: []) { caller, _ in
        try caller.instance.call("spin")
        return []
    }
    let instance = try linker.instantiate(Module(engine: engine, wat: loadWat))
    if metered { instance.gasRemaining = 1 << 50 }
    return instance
}

/// Threads that spin until stopped: the interrupted guest competes for the CPUs.
private final class BusyThreads: @unchecked Sendable {
    let stop = Atomic<Bool>(false)
    let running = Atomic<Int>(0)
    init(count: Int) {
        for _ in 0..<count {
            let t = Thread { [self] in
                running.add(1, ordering: .relaxed)
                var x: UInt64 = 1
                while !stop.load(ordering: .relaxed) { x = x &* 6_364_136_223_846_793_005 &+ 1 }
                running.add(x == 0 ? 1 : 0, ordering: .relaxed)
            }
            t.start()
        }
        while running.load(ordering: .relaxed) < count { usleep(100) }
    }
    func finish() { stop.store(true, ordering: .relaxed) }
}

/// Runs `body` (which must not return on its own) and interrupts it from another thread after `delay` µs.
private func interrupted(_ instance: Instance, after delay: UInt32 = 20_000, _ body: () throws -> Void) -> Trap? {
    let handle = instance.interruptHandle
    let t = Thread {
        usleep(delay)
        handle.interrupt()
    }
    t.start()
    do { try body() } catch let trap as Trap { return trap } catch { return nil }
    return nil
}

@Suite struct InterruptLoadTests {
    @Test(arguments: [false, true]) func loopsRecursionAndHostCallsUnderLoad(metered: Bool) throws {
        let busy = BusyThreads(count: 3)
        defer { busy.finish() }
        let instance = try makeInstance(metered: metered)
        for export in ["spin", "spinCallingHost", "nested"] {
            let trap = interrupted(instance) { try instance.call(export) }
            #expect(trap?.code == .interrupted, "\(export)")
            #expect(!instance.interruptHandle.isPending)
        }
        let tree = try instance.typedFunction("tree", Int32.self, Int32.self)
        let trap = interrupted(instance) { _ = try tree(60) }
        #expect(trap?.code == .interrupted)
        // Usable afterwards.
        #expect(try tree(10) == 1024)
        #expect(try instance.typedFunction("count", Int32.self, Int32.self)(1000) == 1000)
    }

    /// Metered: the gas the signal took is given back when the call ends, so `gasRemaining` reads what the guest
    /// had (regression: it read 0, or a block's cost, after an interrupt).
    @Test func meteredInterruptKeepsTheGas() throws {
        let instance = try makeInstance(metered: true)
        let start: UInt64 = 1 << 50
        instance.gasRemaining = start
        let trap = interrupted(instance) { try instance.call("spinCallingHost") }
        #expect(trap?.code == .interrupted)
        let left = instance.gasRemaining
        #expect(left > start / 2 && left < start)
        #expect(trap?.gasRemaining == left)
        let count = try instance.typedFunction("count", Int32.self, Int32.self)
        #expect(try count(100) == 100)
        #expect(instance.gasRemaining < left && instance.gasRemaining > left - 10_000)
    }

    /// Requests at random moments, racing calls that spin, call the host, re-enter, or finish on their own: every
    /// call either returns its result or traps `interrupted`, a request that came too late traps the next call
    /// only, and (metered) no gas is ever lost.
    @Test(arguments: [false, true]) func requestsAtRandomMoments(metered: Bool) throws {
        let busy = BusyThreads(count: 2)
        defer { busy.finish() }
        let instance = try makeInstance(metered: metered)
        let start: UInt64 = 1 << 50
        instance.gasRemaining = start
        let count = try instance.typedFunction("count", Int32.self, Int32.self)
        let exports = ["spin", "spinCallingHost", "nested"]
        for trial in 0..<150 {
            let handle = instance.interruptHandle
            let delay = UInt32.random(in: 0...400)
            let t = Thread {
                usleep(delay)
                handle.interrupt()
            }
            if trial % 4 == 3 { // may finish before the request: then the next call traps, once
                t.start()
                var result: Int32?
                do { result = try count(Int32.random(in: 1...20_000)) } catch let trap as Trap {
                    #expect(trap.code == .interrupted)
                }
                while t.isExecuting || !t.isFinished { usleep(50) }
                if result != nil, handle.isPending {
                    #expect { _ = try count(1) } throws: { ($0 as? Trap)?.code == .interrupted }
                }
            } else {
                t.start()
                let trap = interruptedCall { try instance.call(exports[trial % 3]) }
                #expect(trap?.code == .interrupted)
            }
            #expect(!handle.isPending)
            #expect(try count(3) == 3)
            if metered { #expect(instance.gasRemaining > start / 2) }
        }
    }

    /// Host code that writes the gas after the interrupt signal took it (a dynamic charge that read the gas just
    /// before) does not give it back: the guest still stops, and the gas written is what the call ends with
    /// (regression: the guest ran on, and `loop (call $host)` could not be interrupted).
    @Test func hostWriteOfTakenGasKeepsItTaken() throws {
        let instance = try makeInstance(metered: true)
        instance.gasRemaining = 1_000_000
        let run = try instance.typedFunction("racyChargeLoop", Int32.self, Void.self)
        #expect { try run(1000) } throws: { ($0 as? Trap)?.code == .interrupted }
        #expect(instance.gasRemaining < 1_000_000 && instance.gasRemaining > 999_000)
        #expect(!instance.interruptHandle.isPending)
    }

    /// A request made while no call runs makes the next call trap at once (before any wasm runs, without using
    /// gas), once; `cancel()` withdraws it.
    @Test(arguments: [false, true]) func requestWithoutARunningCall(metered: Bool) throws {
        let instance = try makeInstance(metered: metered)
        let count = try instance.typedFunction("count", Int32.self, Int32.self)
        let gas = instance.gasRemaining
        instance.interrupt()
        #expect { _ = try count(10) } throws: { ($0 as? Trap)?.code == .interrupted }
        #expect(instance.gasRemaining == gas)
        #expect(try count(10) == 10)
        instance.interrupt()
        instance.interruptHandle.cancel()
        #expect(try count(10) == 10)
    }

    /// A deadline that fires after the guest returned is withdrawn: the next call is not affected.
    @Test(arguments: [false, true]) func lateDeadlineDoesNotPoisonTheNextCall(metered: Bool) throws {
        let instance = try makeInstance(metered: metered)
        let count = try instance.typedFunction("count", Int32.self, Int32.self)
        for _ in 0..<20 {
            do {
                #expect(try instance.withDeadline(seconds: 0.000_01) { try count(10) } == 10)
            } catch let trap as Trap {
                #expect(trap.code == .interrupted) // the deadline fired while it ran
            }
            #expect(!instance.interruptHandle.isPending)
            #expect(try count(5) == 5)
        }
    }

    /// Metered code that is not interruptible ignores requests (no signal, no lost gas).
    @Test func meteredButNotInterruptibleIgnoresRequests() throws {
        let instance = try makeInstance(metered: true, interruptible: false)
        instance.interrupt()
        #expect(try instance.typedFunction("count", Int32.self, Int32.self)(3) == 3)
    }

    /// Two instances spinning on two threads: interrupting one leaves the other running.
    @Test(arguments: [false, true]) func twoInstancesOnTwoThreads(metered: Bool) throws {
        let a = try makeInstance(metered: metered)
        let b = try makeInstance(metered: metered)
        let results = Mutex<[String: TrapCode]>([:])
        for (name, instance) in [("a", a), ("b", b)] {
            let box = UncheckedBox(instance)
            Thread {
                var code: TrapCode?
                do { try box.value.call("spin") } catch let t as Trap { code = t.code } catch {}
                results.withLock { $0[name] = code ?? .unreachable }
            }.start()
        }
        usleep(20_000)
        a.interrupt()
        while results.withLock({ $0["a"] }) == nil { usleep(1000) }
        usleep(20_000)
        #expect(results.withLock { $0["b"] } == nil) // still spinning
        b.interrupt()
        while results.withLock({ $0["b"] }) == nil { usleep(1000) }
        #expect(results.withLock { $0 } == ["a": .interrupted, "b": .interrupted])
    }

    /// `SIGURG` that is not an interrupt (sent without one of our values) neither kills the process nor stops a
    /// metered guest.
    @Test func foreignInterruptSignalsAreHarmless() throws {
        let instance = try makeInstance(metered: true)
        let count = try instance.typedFunction("count", Int32.self, Int32.self)
        let me = pthread_self()
        let sender = Thread {
            for _ in 0..<50 {
                pthread_kill(me, InterruptSignal.number)
                usleep(200)
            }
        }
        sender.start()
        for _ in 0..<200 { #expect(try count(100_000) == 100_000) }
        raise(InterruptSignal.number)
    }
}

private func interruptedCall(_ body: () throws -> Void) -> Trap? {
    do { try body() } catch let trap as Trap { return trap } catch { return nil }
    return nil
}

private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

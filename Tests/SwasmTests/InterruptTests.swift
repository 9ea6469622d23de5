// Interruption (`Instance.interrupt()`, `InterruptHandle`, `withDeadline`) and per-thread call setup.

import Foundation
@_spi(Tools) import Swasm
import Synchronization
import Testing

private let spinWat = """
    (module
      (global $n (mut i32) (i32.const 0))
      (func (export "spin") (loop $l (br $l)))
      (func (export "count") (param i32) (result i32)
        (local i32)
        (loop $l
          (local.set 1 (i32.add (local.get 1) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
        (local.get 1))
      (func $down (export "down") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 7))
          (else (call $down (i32.sub (local.get 0) (i32.const 1))))))
      (func (export "empty")))
    """

private func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

private func interruptibleInstance(metered: Bool) throws -> Instance {
    var c = Engine.Configuration(metering: metered ? CostModel() : nil)
    c.interruptible = true
    let instance = try Module(engine: Engine(c), wat: spinWat).instantiate()
    if metered { instance.gasRemaining = .max }
    return instance
}

@Suite struct InterruptTests {
    /// `loop br 0` interrupted from another thread: it stops (latency printed, not asserted), the trap says
    /// "interrupted", and the instance works normally afterwards.
    @Test(arguments: [false, true]) func interruptFromAnotherThread(metered: Bool) throws {
        let instance = try interruptibleInstance(metered: metered)
        #expect(instance.isInterruptible)
        let spin = try instance.typedFunction("spin", Void.self, Void.self)
        let handle = instance.interruptHandle
        let sentAt = Atomic<UInt64>(0)
        let thread = Thread {
            usleep(20_000)
            sentAt.store(monotonicNanoseconds(), ordering: .releasing)
            handle.interrupt()
        }
        thread.start()
        var trap: Trap?
        do { try spin() } catch let t as Trap { trap = t }
        let stoppedAt = monotonicNanoseconds()
        #expect(trap?.code == .interrupted)
        #expect(trap?.message == "interrupted")
        let latency = Double(stoppedAt - sentAt.load(ordering: .acquiring)) / 1e3
        print("interrupt latency (\(metered ? "metered" : "unmetered")): \(latency) µs")
        // Usable afterwards: the request was served, nothing is pending.
        #expect(!handle.isPending)
        let count = try instance.typedFunction("count", Int32.self, Int32.self)
        #expect(try count(1000) == 1000)
        #expect(try instance.typedFunction("down", Int32.self, Int32.self)(100) == 7)
    }

    /// A request made while no call runs stops the next call at its function entry, once.
    @Test func pendingInterruptStopsTheNextCallAtEntry() throws {
        let instance = try interruptibleInstance(metered: false)
        let empty = try instance.typedFunction("empty", Void.self, Void.self)
        instance.interrupt()
        #expect(instance.interruptHandle.isPending)
        #expect { try empty() } throws: { ($0 as? Trap)?.code == .interrupted }
        try empty()
        // Withdrawn before it was seen: nothing happens.
        instance.interrupt()
        instance.interruptHandle.cancel()
        try empty()
    }

    /// A deadline stops a runaway call; a call that finishes in time is unaffected, and so is the next call.
    @Test(arguments: [false, true]) func deadline(metered: Bool) throws {
        let instance = try interruptibleInstance(metered: metered)
        let spin = try instance.typedFunction("spin", Void.self, Void.self)
        let start = monotonicNanoseconds()
        #expect {
            try instance.withDeadline(seconds: 0.05) { try spin() }
        } throws: { ($0 as? Trap)?.code == .interrupted }
        let elapsed = Double(monotonicNanoseconds() - start) / 1e6
        print("deadline 50 ms (\(metered ? "metered" : "unmetered")): stopped after \(elapsed) ms")
        #expect(elapsed >= 45)
        let count = try instance.typedFunction("count", Int32.self, Int32.self)
        #expect(try instance.withDeadline(seconds: 10) { try count(10) } == 10)
        #expect(try count(5) == 5)
    }

    /// Code from an engine that is not interruptible has no checks: a request changes nothing.
    @Test func notInterruptibleIgnoresRequests() throws {
        let instance = try Module(engine: Engine(), wat: spinWat).instantiate()
        #expect(!instance.isInterruptible)
        instance.interrupt()
        #expect(try instance.typedFunction("count", Int32.self, Int32.self)(3) == 3)
    }

    /// The module cache keeps interruptible and plain code apart (regression: the key once ignored the setting).
    @Test func moduleCacheKeysInterruptibility() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swasm-int-cache-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var c = Engine.Configuration()
        let bytes = try Module.assemble(wat: Array(spinWat.utf8))
        let plain = try Module(engine: Engine(c, cacheDirectory: dir), bytes: bytes)
        c.interruptible = true
        let checked = try Module(engine: Engine(c, cacheDirectory: dir), bytes: bytes)
        #expect(!plain.isInterruptible && checked.isInterruptible && !checked.loadedFromCache)
        let again = try Module(engine: Engine(c, cacheDirectory: dir), bytes: bytes)
        #expect(again.loadedFromCache && again.isInterruptible)
    }

    /// An interruptible artifact (either architecture) records the flag; an x86-64 one loads and is interruptible.
    @Test func artifactsRecordInterruptibility() throws {
        var c = Engine.Configuration()
        c.interruptible = true
        let engine = Engine(c)
        let bytes = try Module.assemble(wat: Array(spinWat.utf8))
        _ = try Module.artifact(compiling: bytes, for: .aarch64, engine: engine)
        #if arch(x86_64)
            let artifact = try Module.artifact(compiling: bytes, for: .x86_64, engine: engine)
            let module = try Module(engine: engine, artifact: artifact)
            #expect(module.isInterruptible)
            let instance = try module.instantiate()
            instance.interrupt()
            #expect { try instance.call("empty") } throws: { ($0 as? Trap)?.code == .interrupted }
        #endif
    }
}

@Suite struct CallThreadTests {
    /// Threads are prepared once each (the alternate signal stack): calls on a fresh thread still turn a stack
    /// overflow into a trap, with that thread's own stack limit.
    @Test func freshThreadsTrapStackOverflow() throws {
        let module = try Module(engine: Engine(), wat: spinWat)
        let results = Mutex<[Bool]>([])
        var threads: [Thread] = []
        for _ in 0..<3 {
            let t = Thread {
                let ok: Bool
                do {
                    let instance = try module.instantiate()
                    let down = try instance.typedFunction("down", Int32.self, Int32.self)
                    let first = try down(10) == 7
                    var overflowed = false
                    do { _ = try down(100_000_000) } catch let t as Trap { overflowed = t.code == .stackExhausted }
                    let third = try down(3)
                    ok = first && overflowed && third == 7
                } catch { ok = false }
                results.withLock { $0.append(ok) }
            }
            t.stackSize = 1 << 20
            threads.append(t)
            t.start()
        }
        while results.withLock({ $0.count }) < 3 { usleep(1000) }
        #expect(results.withLock { $0 } == [true, true, true])
    }

    /// A thread with its own alternate signal stack keeps it.
    @Test func callerAlternateStackIsKept() throws {
        let module = try Module(engine: Engine(), wat: spinWat)
        let kept = Mutex<Bool?>(nil)
        let t = Thread {
            let size = 256 * 1024
            let mine = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
            var stack = stack_t(ss_sp: mine, ss_flags: 0, ss_size: size)
            sigaltstack(&stack, nil)
            let instance = try? module.instantiate()
            _ = try? instance?.typedFunction("down", Int32.self, Int32.self)(5)
            _ = try? instance?.typedFunction("down", Int32.self, Int32.self)(5)
            var now = stack_t()
            sigaltstack(nil, &now)
            kept.withLock { $0 = now.ss_sp == mine }
            var off = stack_t()
            off.ss_flags = Int32(SS_DISABLE)
            sigaltstack(&off, nil)
            mine.deallocate()
        }
        t.start()
        while kept.withLock({ $0 }) == nil { usleep(1000) }
        #expect(kept.withLock { $0 } == true)
    }
}

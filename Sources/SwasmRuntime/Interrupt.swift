import Glibc
import SwasmABI

/// Stops a running guest from another thread. Unmetered interruptible code (`CompilerOptions.interruptible`)
/// checks the VM context's interrupt flag at every function entry and loop header; metered interruptible code has
/// no checks and is stopped through its gas by a signal (`InterruptSignal`). Either way the guest traps with
/// `interrupted`. `Sendable`: hand it to a watchdog or UI thread. Keeps the context alive.
public struct InterruptHandle: @unchecked Sendable {
    let context: VMContext

    /// Requests an interrupt: the instance's running (or next) call traps with `interrupted` at its next check
    /// (unmetered code) or next gas charge (metered code). Lock-free: a store, then, if a metered call runs, a
    /// `pthread_sigqueue` to its thread.
    public func interrupt() {
        let ctx = context.pointer
        interruptFlag(ctx)[0].store(1, ordering: .sequentiallyConsistent)
        let thread = interruptThread(ctx)[0].load(ordering: .sequentiallyConsistent)
        if thread != 0 { InterruptSignal.send(to: pthread_t(thread), context: ctx) }
    }

    /// Withdraws a pending request (one that no check has seen yet; in metered code, one whose signal has not yet
    /// taken the gas).
    public func cancel() { Self.setFlag(context.pointer, 0) }

    /// Whether a request is pending.
    public var isPending: Bool { interruptFlag(context.pointer)[0].load(ordering: .acquiring) != 0 }

    /// A real store every time (another thread's loop polls it).
    static func setFlag(_ ctx: UnsafeMutableRawPointer, _ value: UInt32) {
        interruptFlag(ctx)[0].store(value, ordering: .releasing)
    }
}

/// A thread that interrupts a context when a wall-clock deadline passes, unless `finish()` comes first.
final class DeadlineTimer: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var done = false
    private(set) var fired = false
    private let deadline: timespec
    private let handle: InterruptHandle
    private var thread = pthread_t()
    private var started = false

    init(seconds: Double, handle: InterruptHandle) {
        self.handle = handle
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let whole = Int(max(0, seconds).rounded(.down))
        var nanos = now.tv_nsec + Int((max(0, seconds) - Double(whole)) * 1e9)
        var secs = now.tv_sec + whole
        if nanos >= 1_000_000_000 {
            secs += 1
            nanos -= 1_000_000_000
        }
        deadline = timespec(tv_sec: secs, tv_nsec: nanos)
        pthread_mutex_init(&mutex, nil)
        var attr = pthread_condattr_t()
        pthread_condattr_init(&attr)
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
        pthread_cond_init(&condition, &attr)
        pthread_condattr_destroy(&attr)
        let me = Unmanaged.passRetained(self).toOpaque()
        started =
            pthread_create(
                &thread, nil,
                { raw in
                    let timer = Unmanaged<DeadlineTimer>.fromOpaque(raw!).takeRetainedValue()
                    timer.wait()
                    return nil
                }, me) == 0
        if !started { Unmanaged<DeadlineTimer>.fromOpaque(me).release() }
    }

    private func wait() {
        pthread_mutex_lock(&mutex)
        var deadline = self.deadline
        while !done {
            if pthread_cond_timedwait(&condition, &mutex, &deadline) == ETIMEDOUT {
                if !done {
                    handle.interrupt()
                    fired = true
                }
                break
            }
        }
        pthread_mutex_unlock(&mutex)
    }

    /// Stops the timer (it can no longer fire once this returns). Returns whether it fired.
    @discardableResult
    func finish() -> Bool {
        guard started else { return false }
        pthread_mutex_lock(&mutex)
        done = true
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
        pthread_join(thread, nil)
        return fired
    }

    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }
}

extension Instance {
    /// A handle that interrupts this instance from any thread.
    public var interruptHandle: InterruptHandle { InterruptHandle(context: vmctx) }

    /// Requests an interrupt (callable from any thread through `interruptHandle`): the running call, or the
    /// next one, traps with `interrupted` at its next function entry or loop header (unmetered code) or its next
    /// gas charge (metered code, which then gets its gas back: see `InterruptSignal`). Only interruptible code
    /// (`CompilerOptions.interruptible`) is stopped; other code ignores the request.
    public func interrupt() { interruptHandle.interrupt() }

    /// Whether the code checks for interrupts.
    public var isInterruptible: Bool { code.interruptible }

    /// Runs `body` (calls into this instance) with a wall-clock deadline: past `seconds`, a timer thread
    /// interrupts the instance, and the call traps with `interrupted`. A request the timer made after the
    /// guest had finished is withdrawn, so the next call is not affected.
    public func withDeadline<R>(seconds: Double, _ body: () throws -> R) rethrows -> R {
        let handle = interruptHandle
        let timer = DeadlineTimer(seconds: seconds, handle: handle)
        defer { if timer.finish() { handle.cancel() } }
        return try body()
    }
}

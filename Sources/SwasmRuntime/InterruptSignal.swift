import Glibc
import SwasmABI
import Synchronization

/// Interruption of **metered** code, which has no interrupt-flag checks (it is the same machine code as metered code
/// that is not interruptible): `interrupt()` stops it through its gas.
///
/// ## Protocol
/// - The outermost metered call of a context records the running thread in `[vmctx+interruptThread]` (a
///   sequentially consistent store, then it reads the interrupt flag: a request already pending traps the call with
///   `interrupted` before any wasm runs) and clears it when it ends. Nested calls (wasm → host → the same instance)
///   leave it alone.
/// - `interrupt()` sets the flag (sequentially consistent), then reads `interruptThread`; if a thread runs the
///   context, it sends that thread `InterruptSignal.number` with the context's address as the signal value
///   (`pthread_sigqueue`). One of the two sides sees the other's store, so a request is never lost.
/// - The handler runs on the thread running the guest. It acts only if the value is a live context whose flag is
///   set and whose `interruptThread` is this thread (a late or foreign signal does nothing). It then takes the gas
///   away: where the interrupted PC keeps the gas in the gas register (x86-64 `r13`, AArch64 `x26`; compiled wasm
///   code and stubs, see `GasWindow` for the entry trampoline) and the code runs in this activation chain, it zeroes
///   the register in the saved context; in every case it zeroes `[vmctx+gasRemaining]`, which the JIT reloads after
///   each host or helper call and the trampoline loads on entry. The first time, it saves the gas it took in
///   `[vmctx+interruptSavedGas]` and sets `[vmctx+interruptGasZeroed]`.
/// - The next block's gas charge then fails: the out-of-gas trap of a call whose gas was zeroed is reported as
///   `interrupted`. When the outermost call ends (returned or trapped), the runtime puts the saved gas back, so
///   `gasRemaining` reads what the guest had when the signal landed (the block it was in is paid for).
/// - Code of another instance that runs in this activation chain (a direct call to an imported function) uses the
///   same gas register: it is zeroed too. Code of an instance entered from a host function through its own call
///   (its entry trampoline is deeper than the target's) has its own gas and is left alone; the target stops when
///   that call returns to it.
/// - The handler is async-signal-safe (loads, stores, `pthread_self`, `getpid`), installed once with `SA_RESTART`
///   and `SA_ONSTACK`, and passes any signal that is not one of its own to the previously installed handler.
public enum InterruptSignal {
    /// The signal that interrupts metered code: `SIGURG`, whose default action is to ignore it (a process that does
    /// not expect it is not killed) and which is rarely used otherwise (out-of-band socket data; Go's runtime uses
    /// it for preemption, for the same reasons). An embedder that uses `SIGURG` itself still gets every `SIGURG`
    /// that is not ours: the handler chains to the handler installed before it.
    public static let number: Int32 = SIGURG

    /// Sends the interrupt signal for `context` to `thread`. Returns whether it was sent.
    @discardableResult
    static func send(to thread: pthread_t, context: UnsafeMutableRawPointer) -> Bool {
        guard let sigqueue = pthreadSigqueue else { return false }
        var value = sigval()
        value.sival_ptr = context
        return sigqueue(thread, number, value) == 0
    }

    /// The running thread's id as `[vmctx+interruptThread]` holds it.
    @inline(__always)
    static var currentThread: UInt64 { UInt64(pthread_self()) }
}

/// `pthread_sigqueue` (a GNU extension the Glibc module does not import), looked up once.
let pthreadSigqueue: (@convention(c) (pthread_t, Int32, sigval) -> Int32)? = {
    guard let symbol = dlsym(nil, "pthread_sigqueue") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (pthread_t, Int32, sigval) -> Int32).self)
}()

/// Installs the interrupt signal's handler (from `handlerInstalled`, once).
func installInterruptSignal() {
    _ = pthreadSigqueue
    var action = sigaction()
    action.__sigaction_handler.sa_sigaction = interruptSignalHandler
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | Int32(SA_RESTART)
    sigemptyset(&action.sa_mask)
    sigaction(InterruptSignal.number, &action, previousActions + Int(InterruptSignal.number))
}

/// Atomic view of a context's interrupt flag.
@inline(__always)
func interruptFlag(_ ctx: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Atomic<UInt32>> {
    (ctx + VMContextLayout.interruptFlag).assumingMemoryBound(to: Atomic<UInt32>.self)
}

/// Atomic view of a context's running-thread word.
@inline(__always)
func interruptThread(_ ctx: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Atomic<UInt64>> {
    (ctx + VMContextLayout.interruptThread).assumingMemoryBound(to: Atomic<UInt64>.self)
}

// MARK: - The handler (async-signal-safe: no allocation, locks or Swift objects)

private func interruptSignalHandler(
    _ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?
) {
    // Ours: queued (SI_QUEUE = -1) by this process, carrying a live context.
    guard let info, let context, info.pointee.si_code == -1, info.pointee._sifields._rt.si_pid == getpid(),
        let target = info.pointee._sifields._rt.si_sigval.sival_ptr,
        TrapRegistry.isLiveContext(UInt(bitPattern: target))
    else { return chainInterruptSignal(signal, info, context) }
    // A late signal (the request was served or withdrawn, or the call ended) does nothing.
    guard interruptFlag(target)[0].load(ordering: .relaxed) != 0,
        interruptThread(target)[0].load(ordering: .relaxed) == InterruptSignal.currentThread
    else { return }
    let uc = context.assumingMemoryBound(to: ucontext_t.self)
    #if arch(x86_64)
        let pc = UInt(bitPattern: Int(uc.pointee.uc_mcontext.gregs.16)) // REG_RIP
        let vm = UInt(bitPattern: Int(uc.pointee.uc_mcontext.gregs.6)) // REG_R14
        let gasRegister = UInt64(bitPattern: uc.pointee.uc_mcontext.gregs.5) // REG_R13
    #elseif arch(arm64)
        let pc = UInt(uc.pointee.uc_mcontext.pc)
        let vm = UInt(uc.pointee.uc_mcontext.regs.28)
        let gasRegister = uc.pointee.uc_mcontext.regs.26
    #else
        return
    #endif
    let inRegister = gasIsInRegister(pc: pc, vm: vm, target: target)
    if target.load(fromByteOffset: VMContextLayout.interruptGasZeroed, as: UInt32.self) == 0 {
        let gas = inRegister ? gasRegister : target.load(fromByteOffset: VMContextLayout.gasRemaining, as: UInt64.self)
        target.storeBytes(of: gas, toByteOffset: VMContextLayout.interruptSavedGas, as: UInt64.self)
        target.storeBytes(of: UInt32(1), toByteOffset: VMContextLayout.interruptGasZeroed, as: UInt32.self)
    }
    target.storeBytes(of: UInt64(0), toByteOffset: VMContextLayout.gasRemaining, as: UInt64.self)
    if inRegister {
        #if arch(x86_64)
            uc.pointee.uc_mcontext.gregs.5 = 0
        #elseif arch(arm64)
            uc.pointee.uc_mcontext.regs.26 = 0
        #endif
    }
}

/// Whether the gas register at `pc` holds the gas of `target`'s activation chain: `pc` is compiled code that keeps
/// the gas in the register (`GasWindow`), and the code's context (`vm`) is the target or runs inside the target's
/// innermost activation (not entered through its own, deeper, entry trampoline).
private func gasIsInRegister(pc: UInt, vm: UInt, target: UnsafeMutableRawPointer) -> Bool {
    guard let stub = TrapRegistry.code.lookup(pc)?.payload, GasWindow.gasInRegister(pc: pc, stub: stub) else {
        return false
    }
    if vm == UInt(bitPattern: target) { return true }
    guard TrapRegistry.isLiveContext(vm), let running = UnsafeRawPointer(bitPattern: vm) else { return false }
    let runningEntry = running.load(fromByteOffset: VMContextLayout.entrySP, as: UInt64.self)
    let targetEntry = target.load(fromByteOffset: VMContextLayout.entrySP, as: UInt64.self)
    return runningEntry == 0 || runningEntry > targetEntry // the stack grows down: deeper entries are lower
}

/// A signal that is not ours goes to the handler installed before ours; with none, nothing happens (the default
/// action of `SIGURG` is to ignore it).
private func chainInterruptSignal(
    _ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?
) {
    let previous = previousActions + Int(signal)
    let bits = unsafeBitCast(previous.pointee.__sigaction_handler, to: UInt.self)
    guard bits > 1 else { return } // SIG_DFL (ignore, for SIGURG) or SIG_IGN
    if previous.pointee.sa_flags & SA_SIGINFO != 0, let action = previous.pointee.__sigaction_handler.sa_sigaction {
        action(signal, info, context)
    } else if let handler = previous.pointee.__sigaction_handler.sa_handler {
        handler(signal)
    }
}

/// Stores `gas` as the remaining gas of `ctx` from host code (a helper's dynamic charge, a host function that sets
/// `gasRemaining`), which may run inside a metered call while the interrupt handler takes the gas: if the handler
/// took it (perhaps between the caller's read of the old value and this store), the gas stays 0, so the guest
/// still stops, and `gas` becomes what the call ends with. Between calls it is a plain store.
@inline(__always)
func storeGasFromHost(_ ctx: UnsafeMutableRawPointer, _ gas: UInt64) {
    ctx.storeBytes(of: gas, toByteOffset: VMContextLayout.gasRemaining, as: UInt64.self)
    // The handler runs on this thread: a compiler barrier orders the store before the check.
    atomicMemoryFence(ordering: .acquiringAndReleasing)
    if ctx.load(fromByteOffset: VMContextLayout.interruptGasZeroed, as: UInt32.self) != 0 {
        if gas != 0 { ctx.storeBytes(of: gas, toByteOffset: VMContextLayout.interruptSavedGas, as: UInt64.self) }
        ctx.storeBytes(of: UInt64(0), toByteOffset: VMContextLayout.gasRemaining, as: UInt64.self)
    }
}

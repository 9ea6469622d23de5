import Glibc
import SwasmABI
import Synchronization

/// Signal-based trap recovery without setjmp/longjmp.
///
/// ## Protocol (what generated code must follow)
/// - The VM context pointer is in the pinned register (**x86-64 `r14`, AArch64 `x28`**) at every
///   instruction of a registered code range.
/// - **Entry trampoline** (per signature, generated): save callee-saved registers; load vmctx into
///   the pinned register; push `[vmctx+112]` (previousEntrySP) then `[vmctx+56]` (entrySP); copy the
///   old entrySP into `[vmctx+112]`; store the native SP into `[vmctx+56]` (so `[entrySP+0]` = old
///   entrySP, `[entrySP+8]` = old previousEntrySP); call the wasm function (re-align SP as the ABI
///   needs); on normal return pop `[vmctx+56]` then `[vmctx+112]`, restore callee-saved, return 0.
/// - **Trap-exit stub** (per code region, generated, registered with the range): `mov sp,
///   [vmctx+56]`, pop `[vmctx+56]` and `[vmctx+112]`, restore callee-saved exactly like the
///   trampoline epilogue, return 1 ("trapped"); the reason is in `[vmctx+32]`.
/// - **Explicit traps** (bounds checks, div by zero, call_indirect checks, stack limit, gas):
///   out-of-line code stores the code into `[vmctx+32]` (u32) and either jumps to the trap-exit stub
///   or executes `ud2` (x86-64) / `udf #0` or `brk #0` (AArch64). A SIGILL/SIGTRAP in JIT code keeps a
///   nonzero `[vmctx+32]` and otherwise records `unreachable`.
/// - **Faults** in JIT code: SIGSEGV/SIGBUS → `memoryOutOfBounds`, or `stackExhausted` when the fault
///   address is within [SP − 4 KiB, SP + 64 KiB) (guard-page hit); SIGFPE → `integerDivideByZero`
///   (x86 raises the same #DE for INT_MIN / −1, so the code generator must check that case itself).
///   The handler stores trapCode, trapPC (faulting PC) and trapAddress (`si_addr`, 0 for non-memory
///   signals), rewrites the saved PC to the range's trap-exit stub and returns.
/// - Faults elsewhere (not JIT code, or the pinned register is not a live VM context) are chained to
///   the previously installed handler (Swift's backtracer), or re-raised with the default action.
/// - `[vmctx+32]` must be 0 when wasm is entered (the embedder calls `VMContext.clearTrap()` after
///   handling a trap); otherwise a later `ud2` would report the stale code.
/// - AArch64 is the same protocol with `x28` as vmctx: the stub does `ldr x16, [x28, #56]; mov sp, x16`,
///   then the trampoline epilogue (SP stays 16-byte aligned: push the two saved words as one pair).
/// - Each thread that runs wasm is prepared once (alternate signal stack; `InterruptSignal.number` unblocked):
///   `prepareCurrentThreadOnce()` on every
///   call costs one thread-local load after the first; `prepareCurrentThread()` checks again (after the embedder
///   changed the thread's alternate stack).
/// - Metered interruptible code is interrupted by a second handler, for `InterruptSignal.number` (`SIGURG`), installed
///   with these: it zeroes the gas (register and VM context) of the thread running the target context; see
///   `InterruptSignal` for its protocol and `GasWindow` (SwasmABI) for where the gas register holds the gas.
/// - Host helpers called from wasm are ordinary Swift code: a fault inside them is a crash, not a trap,
///   so they check bounds themselves (see `LinearMemory`'s host accessors).
public enum TrapHandler {
    /// The signals the handler owns.
    public static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE]

    /// Size of the per-thread alternate signal stack installed by `prepareCurrentThread`.
    public static let alternateStackSize = 64 * 1024

    /// Installs the handlers once per process (idempotent, thread-safe).
    public static func install() { _ = handlerInstalled }

    /// Whether `install()` has run.
    public static var isInstalled: Bool { handlerStatePointer[0].installed.load(ordering: .acquiring) }

    /// Number of traps the handler has recovered (all threads).
    public static var recoveredTrapCount: Int { handlerStatePointer[0].recovered.load(ordering: .relaxed) }

    /// Gives the current thread an alternate signal stack (64 KiB plus a guard page) unless it
    /// already has one, so stack-overflow faults can be handled. Freed at thread exit.
    /// Returns true when a new stack was installed.
    @discardableResult
    public static func prepareCurrentThread() -> Bool {
        install()
        // Checked once per thread from now on (see `prepareCurrentThreadOnce`), whatever the outcome: a thread
        // with its own alternate stack keeps it.
        pthread_setspecific(threadPreparedKey, UnsafeRawPointer(bitPattern: 1))
        // The interrupt signal must reach a thread running metered wasm (libdispatch's workers, for one, start with
        // every signal blocked). Its default action is to ignore it, and the handler chains foreign ones.
        var interruptSet = sigset_t()
        sigemptyset(&interruptSet)
        sigaddset(&interruptSet, InterruptSignal.number)
        pthread_sigmask(SIG_UNBLOCK, &interruptSet, nil)
        var current = stack_t()
        guard sigaltstack(nil, &current) == 0 else { return false }
        if current.ss_flags & Int32(SS_DISABLE) == 0 { return false }
        let guardBytes = HostPage.size
        let total = HostPage.roundUp(alternateStackSize) + guardBytes
        guard let raw = mmap(nil, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            raw != mapFailed
        else { return false }
        mprotect(raw, guardBytes, PROT_NONE)
        var stack = stack_t(ss_sp: raw + guardBytes, ss_flags: 0, ss_size: total - guardBytes)
        guard sigaltstack(&stack, nil) == 0 else {
            munmap(raw, total)
            return false
        }
        pthread_setspecific(alternateStackKey, raw)
        return true
    }

    /// `prepareCurrentThread()` the first time this thread calls it, then nothing (a thread-local load): what
    /// every call into wasm does. A thread that replaces or disables its alternate signal stack after it first
    /// ran wasm calls `prepareCurrentThread()` again.
    @inline(__always)
    public static func prepareCurrentThreadOnce() {
        if pthread_getspecific(threadPreparedKey) == nil { prepareCurrentThread() }
    }

    /// Registers JIT code `[start, start + byteCount)` whose faults resume at `trapStub`.
    /// Returns a slot id for `updateCode` / `unregisterCode`.
    public static func registerCode(start: UnsafeRawPointer, byteCount: Int, trapStub: UnsafeRawPointer)
        throws(RuntimeError) -> Int
    {
        install()
        let s = UInt(bitPattern: start)
        return TrapRegistry.code.insert(start: s, end: s + UInt(byteCount), payload: UInt(bitPattern: trapStub))
    }

    /// Changes a registered range (e.g. after more code was sealed).
    public static func updateCode(slot: Int, start: UnsafeRawPointer, byteCount: Int, trapStub: UnsafeRawPointer) {
        let s = UInt(bitPattern: start)
        TrapRegistry.code.update(id: slot, start: s, end: s + UInt(byteCount), payload: UInt(bitPattern: trapStub))
    }

    /// Removes a registered range (before its memory is unmapped).
    public static func unregisterCode(slot: Int) {
        TrapRegistry.code.remove(id: slot)
    }
}

// MARK: - Global state (preallocated, never freed)

/// Everything the handler reads besides the registry tables.
struct HandlerState: ~Copyable {
    let installed = Atomic<Bool>(false)
    let recovered = Atomic<Int>(0)
}

/// Previous actions, indexed by signal number (written before our handler is installed).
nonisolated(unsafe) let previousActions: UnsafeMutablePointer<sigaction> = {
    let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    p.initialize(repeating: sigaction(), count: 65)
    return p
}()

nonisolated(unsafe) let handlerStatePointer: UnsafeMutablePointer<HandlerState> = {
    let p = UnsafeMutablePointer<HandlerState>.allocate(capacity: 1)
    p.initialize(to: HandlerState())
    return p
}()

/// pthread key owning each thread's alternate signal stack mapping.
let alternateStackKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, releaseAlternateStack)
    return key
}()

/// pthread key whose value is non-nil once `prepareCurrentThread` ran on the thread.
let threadPreparedKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()

private func releaseAlternateStack(_ raw: UnsafeMutableRawPointer?) {
    guard let raw else { return }
    let guardBytes = HostPage.size
    var current = stack_t()
    if sigaltstack(nil, &current) == 0, current.ss_sp == raw + guardBytes {
        var disable = stack_t()
        disable.ss_flags = Int32(SS_DISABLE)
        sigaltstack(&disable, nil)
    }
    munmap(raw, HostPage.roundUp(TrapHandler.alternateStackSize) + guardBytes)
}

/// Runs once (Swift global initialisation is thread-safe).
let handlerInstalled: Bool = {
    // Touch everything the handler reads so no lazy initialisation can happen inside it.
    _ = TrapRegistry.code
    _ = TrapRegistry.contexts
    _ = TrapRegistry.lazyCode
    _ = previousActions
    _ = handlerStatePointer
    _ = alternateStackKey
    _ = threadPreparedKey
    _ = HostPage.size
    for sig in TrapHandler.signals {
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = trapSignalHandler
        action.sa_flags = SA_SIGINFO | SA_ONSTACK | Int32(SA_RESTART)
        sigemptyset(&action.sa_mask)
        sigaction(sig, &action, previousActions + Int(sig))
    }
    installInterruptSignal()
    handlerStatePointer[0].installed.store(true, ordering: .releasing)
    return true
}()

// MARK: - The handler (async-signal-safe: no allocation, locks or Swift objects)

private func trapSignalHandler(
    _ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?
) {
    guard let info, let context else { return chainSignal(signal, info, context) }
    // First touch of mapped cached code not verified yet: verify its chunk, open it, and retry the access.
    if signal == SIGSEGV || signal == SIGBUS,
        let lazy = TrapRegistry.lazyCode.lookup(UInt(bitPattern: info.pointee._sifields._sigfault.si_addr)),
        LazilyVerifiedCode.open(block: lazy.payload, at: UInt(bitPattern: info.pointee._sifields._sigfault.si_addr))
    {
        return
    }
    let uc = context.assumingMemoryBound(to: ucontext_t.self)
    #if arch(x86_64)
        let pc = UInt(bitPattern: Int(uc.pointee.uc_mcontext.gregs.16)) // REG_RIP
        let sp = UInt(bitPattern: Int(uc.pointee.uc_mcontext.gregs.15)) // REG_RSP
        let vm = UInt(bitPattern: Int(uc.pointee.uc_mcontext.gregs.6)) // REG_R14
    #elseif arch(arm64)
        let pc = UInt(uc.pointee.uc_mcontext.pc)
        let sp = UInt(uc.pointee.uc_mcontext.sp)
        let vm = UInt(uc.pointee.uc_mcontext.regs.28)
    #else
        return chainSignal(signal, info, context)
    #endif
    guard let stub = TrapRegistry.code.lookup(pc)?.payload, vm != 0, TrapRegistry.isLiveContext(vm),
        let vmctx = UnsafeMutableRawPointer(bitPattern: vm)
    else {
        return chainSignal(signal, info, context)
    }
    let address = UInt(bitPattern: info.pointee._sifields._sigfault.si_addr)
    var code: UInt32
    var recordedAddress: UInt = 0
    switch signal {
    case SIGSEGV, SIGBUS:
        recordedAddress = address
        // Guard-page hit near the stack pointer (a push/call/frame store below the thread stack).
        code =
            (address &- (sp &- 4096)) < (4096 + 65536)
            ? TrapCode.stackExhausted.rawValue : TrapCode.memoryOutOfBounds.rawValue
    case SIGFPE:
        code = TrapCode.integerDivideByZero.rawValue
    default: // SIGILL, SIGTRAP: the explicit-trap convention
        code = vmctx.load(fromByteOffset: VMContextLayout.trapCode, as: UInt32.self)
        if code == 0 { code = TrapCode.unreachable.rawValue }
    }
    vmctx.storeBytes(of: code, toByteOffset: VMContextLayout.trapCode, as: UInt32.self)
    vmctx.storeBytes(of: UInt64(pc), toByteOffset: VMContextLayout.trapPC, as: UInt64.self)
    vmctx.storeBytes(of: UInt64(recordedAddress), toByteOffset: VMContextLayout.trapAddress, as: UInt64.self)
    #if arch(x86_64)
        uc.pointee.uc_mcontext.gregs.16 = Int64(bitPattern: UInt64(stub))
    #elseif arch(arm64)
        uc.pointee.uc_mcontext.pc = UInt64(stub)
    #endif
    handlerStatePointer[0].recovered.add(1, ordering: .relaxed)
}

/// Hands a signal that is not ours to whoever had it before.
private func chainSignal(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?)
{
    let previous = previousActions + Int(signal)
    let bits = unsafeBitCast(previous.pointee.__sigaction_handler, to: UInt.self)
    if previous.pointee.sa_flags & SA_SIGINFO != 0, bits != 0,
        let action = previous.pointee.__sigaction_handler.sa_sigaction
    {
        action(signal, info, context)
        return
    }
    if bits > 1, let handler = previous.pointee.__sigaction_handler.sa_handler {
        handler(signal)
        return
    }
    // SIG_DFL (0) or SIG_IGN (1; ignoring a synchronous fault is not possible): restore the default
    // action. A fault re-executes and kills the process; a sent signal is re-raised (it stays
    // pending until this handler returns).
    var fallback = sigaction()
    sigemptyset(&fallback.sa_mask)
    sigaction(signal, &fallback, nil)
    if let info, info.pointee.si_code <= 0 { raise(signal) }
}

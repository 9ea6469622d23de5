/// Byte offsets of the VM context block: the contract between the runtime and generated code.
///
/// Generated code keeps a pointer to this block in a pinned register for the whole activation:
/// **x86-64: `r14`**, **AArch64: `x28`**. The trap handler reads that register from the signal
/// context, so it must hold the VM context at every instruction inside a registered code range.
///
/// | offset | size | field             | written by                    | meaning |
/// |-------:|-----:|-------------------|-------------------------------|---------|
/// |      0 |    8 | `memoryBase`      | runtime (bind / memory.grow)  | base of linear memory 0 (may move after `memory.grow` or a host call in explicit-bounds mode) |
/// |      8 |    8 | `memoryByteCount` | runtime (bind / memory.grow)  | accessible bytes (pages × 64 KiB); used by explicit bounds checks |
/// |     16 |    8 | `stackLimit`      | runtime before entry          | lowest native SP wasm code may use; prologue: `cmp sp, [vmctx+16]; jb stack-trap` |
/// |     24 |    8 | `gasRemaining`    | runtime / generated code      | Int64 gas counter; generated code keeps it in a register and saves/restores it here around host calls |
/// |     32 |    4 | `trapCode`        | trap stubs / signal handler   | `TrapCode` raw value, 0 = no trap |
/// |     36 |    4 | `interruptFlag`   | `Instance.interrupt()` (any thread) / runtime | nonzero: interruptible code traps with `interrupted` at its next loop header or function entry (`cmp byte [vmctx+36], 0; jne stub`); the runtime clears it when it reports the trap |
/// |     40 |    8 | `trapPC`          | signal handler                | PC of the faulting / trapping instruction (0 for traps raised by stubs without a fault) |
/// |     48 |    8 | `trapAddress`     | signal handler                | faulting data address (`si_addr`) |
/// |     56 |    8 | `entrySP`         | entry trampoline              | native SP of the innermost wasm activation; the trap stub restores SP from it |
/// |     64 |    8 | `globalsBase`     | runtime                       | globals array |
/// |     72 |    8 | `tablesBase`      | runtime                       | tables array |
/// |     80 |    8 | `functionsBase`   | runtime                       | function pointer table |
/// |     88 |    8 | `typeIDsBase`     | runtime                       | canonical type ids (call_indirect signature checks) |
/// |     96 |    8 | `helpersBase`     | runtime                       | table of host helper entry points (`@convention(c)`) |
/// |    104 |    8 | `instancePointer` | runtime                       | opaque back pointer for host calls |
/// |    112 |    8 | `previousEntrySP` | entry trampoline              | entrySP of the enclosing activation (0 when outermost) |
/// |    120 |    8 | `backtraceBuffer` | runtime                       | buffer the trap exit fills with the wasm frames' return addresses |
/// |    128 |    8 | `interruptThread` | runtime (outermost metered call) | `pthread_t` of the thread running the context's outermost metered call, 0 when none: where `interrupt()` sends its signal |
/// |    136 |    8 | `interruptSavedGas` | interrupt signal handler    | the gas the guest had when the handler zeroed it |
/// |    144 |    4 | `interruptGasZeroed` | interrupt signal handler / runtime | nonzero: the handler zeroed the gas (saved in `interruptSavedGas`); the runtime restores it when the outermost call ends |
///
/// Generated code never reads the fields from 128 on (runtime-only state of metered interruption).
///
/// Nesting: the trampoline pushes the old `previousEntrySP` and old `entrySP` on its own frame, so
/// `[entrySP + 0]` = enclosing entrySP and `[entrySP + 8]` = enclosing previousEntrySP. Returning or
/// trapping pops both back (see `TrapHandler` for the full protocol).
public enum VMContextLayout {
    public static let memoryBase = 0
    public static let memoryByteCount = 8
    public static let stackLimit = 16
    public static let gasRemaining = 24
    public static let trapCode = 32
    /// u32 (generated code tests its low byte): set by another thread to interrupt interruptible code.
    public static let interruptFlag = 36
    public static let trapPC = 40
    public static let trapAddress = 48
    public static let entrySP = 56
    public static let globalsBase = 64
    public static let tablesBase = 72
    public static let functionsBase = 80
    public static let typeIDsBase = 88
    public static let helpersBase = 96
    public static let instancePointer = 104
    public static let previousEntrySP = 112
    /// Pointer to a `UInt64` buffer: `[0]` = frame count, `[1...63]` = return addresses of the wasm frames of the
    /// activation that trapped (written by the trap exit by walking the frame-pointer chain).
    public static let backtraceBuffer = 120
    public static let backtraceCapacity = 63
    /// `pthread_t` of the thread running the outermost metered call of this context (0: none). Runtime only.
    public static let interruptThread = 128
    /// The gas the interrupt signal handler took away (valid while `interruptGasZeroed` is nonzero). Runtime only.
    public static let interruptSavedGas = 136
    /// u32, nonzero: the interrupt signal handler zeroed the gas. Written only by the thread running the context.
    public static let interruptGasZeroed = 144
    /// Total size of the block in bytes.
    public static let size = 192
    /// Alignment of the block (one cache line).
    public static let alignment = 64
}

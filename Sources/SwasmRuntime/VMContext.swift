import Glibc

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
/// |     36 |    4 | padding           | –                             | zero |
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
    /// Total size of the block in bytes.
    public static let size = 128
    /// Alignment of the block (one cache line).
    public static let alignment = 64
}

/// Why wasm execution stopped. Raw value 0 is "no trap" and is not a case.
public enum TrapCode: UInt32, Error, Sendable, CaseIterable {
    case unreachable = 1
    case memoryOutOfBounds = 2
    case tableOutOfBounds = 3
    case uninitializedElement = 4
    case undefinedElement = 5
    case indirectCallTypeMismatch = 6
    case integerOverflow = 7
    case integerDivideByZero = 8
    case invalidConversion = 9
    case stackExhausted = 10
    case outOfGas = 11
    /// A host function reported an error; details live with the embedder.
    case hostError = 12

    /// The message the wasm spec test suite expects (match by prefix).
    public var message: String {
        switch self {
        case .unreachable: return "unreachable"
        case .memoryOutOfBounds: return "out of bounds memory access"
        case .tableOutOfBounds: return "out of bounds table access"
        case .uninitializedElement: return "uninitialized element"
        case .undefinedElement: return "undefined element"
        case .indirectCallTypeMismatch: return "indirect call type mismatch"
        case .integerOverflow: return "integer overflow"
        case .integerDivideByZero: return "integer divide by zero"
        case .invalidConversion: return "invalid conversion to integer"
        case .stackExhausted: return "call stack exhausted"
        case .outOfGas: return "out of gas"
        case .hostError: return "host error"
        }
    }
}

/// Owns one VM context block (malloc'd, 64-byte aligned, zeroed) and registers it with the trap
/// handler, which only writes trap details into blocks it knows (a corrupt pinned register in JIT
/// code is then chained as a crash instead of becoming a wild store).
///
/// Not thread-safe: one activation chain (one thread) uses a context at a time.
public final class VMContext {
    /// The raw block; generated code receives this pointer.
    public let pointer: UnsafeMutableRawPointer
    private let registrySlot: Int
    /// The memory last bound with `bind(memory:)` (kept alive by the context).
    public private(set) var memory: LinearMemory?

    /// Allocates a zeroed block. Installs the trap handler if needed.
    /// Throws `RuntimeError.registryFull` when too many contexts are alive.
    public init() throws(RuntimeError) {
        TrapHandler.install()
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, VMContextLayout.alignment, VMContextLayout.size) == 0, let raw else {
            throw RuntimeError.outOfMemory
        }
        memset(raw, 0, VMContextLayout.size)
        guard let slot = TrapRegistry.contexts.insert(start: UInt(bitPattern: raw), end: UInt(bitPattern: raw) &+ 1, payload: 0) else {
            free(raw)
            throw RuntimeError.registryFull
        }
        pointer = raw
        registrySlot = slot
    }

    deinit {
        TrapRegistry.contexts.remove(slot: registrySlot)
        free(pointer)
    }

    @inlinable func word(_ offset: Int) -> UInt64 { pointer.load(fromByteOffset: offset, as: UInt64.self) }
    @inlinable func setWord(_ offset: Int, _ value: UInt64) { pointer.storeBytes(of: value, toByteOffset: offset, as: UInt64.self) }

    /// Points the context at `memory` (base and byte count). Call again after `memory.grow`
    /// (the base may move in explicit-bounds mode).
    public func bind(memory: LinearMemory?) {
        self.memory = memory
        memory?.addObserver(self)
        refreshMemory()
    }

    /// Re-reads base and size from the bound memory (after `grow`).
    public func refreshMemory() {
        if let memory {
            setWord(VMContextLayout.memoryBase, UInt64(UInt(bitPattern: memory.base)))
            setWord(VMContextLayout.memoryByteCount, UInt64(memory.byteCount))
        } else {
            setWord(VMContextLayout.memoryBase, 0)
            setWord(VMContextLayout.memoryByteCount, 0)
        }
    }

    public var memoryBase: UInt64 { get { word(VMContextLayout.memoryBase) } set { setWord(VMContextLayout.memoryBase, newValue) } }
    public var memoryByteCount: UInt64 { get { word(VMContextLayout.memoryByteCount) } set { setWord(VMContextLayout.memoryByteCount, newValue) } }
    public var stackLimit: UInt64 { get { word(VMContextLayout.stackLimit) } set { setWord(VMContextLayout.stackLimit, newValue) } }
    public var gasRemaining: Int64 {
        get { Int64(bitPattern: word(VMContextLayout.gasRemaining)) }
        set { setWord(VMContextLayout.gasRemaining, UInt64(bitPattern: newValue)) }
    }
    /// Raw trap code (0 = none).
    public var trapCodeRaw: UInt32 {
        get { pointer.load(fromByteOffset: VMContextLayout.trapCode, as: UInt32.self) }
        set { pointer.storeBytes(of: newValue, toByteOffset: VMContextLayout.trapCode, as: UInt32.self) }
    }
    /// The recorded trap, if any.
    public var trap: TrapCode? { TrapCode(rawValue: trapCodeRaw) }
    public var trapPC: UInt64 { get { word(VMContextLayout.trapPC) } set { setWord(VMContextLayout.trapPC, newValue) } }
    public var trapAddress: UInt64 { get { word(VMContextLayout.trapAddress) } set { setWord(VMContextLayout.trapAddress, newValue) } }
    public var entrySP: UInt64 { get { word(VMContextLayout.entrySP) } set { setWord(VMContextLayout.entrySP, newValue) } }
    public var previousEntrySP: UInt64 { get { word(VMContextLayout.previousEntrySP) } set { setWord(VMContextLayout.previousEntrySP, newValue) } }
    public var globalsBase: UInt64 { get { word(VMContextLayout.globalsBase) } set { setWord(VMContextLayout.globalsBase, newValue) } }
    public var tablesBase: UInt64 { get { word(VMContextLayout.tablesBase) } set { setWord(VMContextLayout.tablesBase, newValue) } }
    public var functionsBase: UInt64 { get { word(VMContextLayout.functionsBase) } set { setWord(VMContextLayout.functionsBase, newValue) } }
    public var typeIDsBase: UInt64 { get { word(VMContextLayout.typeIDsBase) } set { setWord(VMContextLayout.typeIDsBase, newValue) } }
    public var helpersBase: UInt64 { get { word(VMContextLayout.helpersBase) } set { setWord(VMContextLayout.helpersBase, newValue) } }
    public var instancePointer: UInt64 { get { word(VMContextLayout.instancePointer) } set { setWord(VMContextLayout.instancePointer, newValue) } }

    /// Clears trapCode, trapPC and trapAddress (do this after handling a trap, before re-entry).
    public func clearTrap() {
        trapCodeRaw = 0
        trapPC = 0
        trapAddress = 0
    }
}

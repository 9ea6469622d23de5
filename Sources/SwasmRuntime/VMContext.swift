import Glibc
import SwasmABI

/// Owns one VM context block (64-byte aligned, zeroed, in a slab the trap handler knows) and marks it live:
/// the handler only writes trap details into blocks it knows (a corrupt pinned register in JIT
/// code is then chained as a crash instead of becoming a wild store).
///
/// Not thread-safe: one activation chain (one thread) uses a context at a time.
public final class VMContext {
    /// The raw block; generated code receives this pointer.
    public let pointer: UnsafeMutableRawPointer
    /// The memory last bound with `bind(memory:)` (kept alive by the context).
    public private(set) var memory: LinearMemory?

    /// Takes a zeroed block from the context slabs (`VMContextSlabs`; no capacity limit). Installs the trap
    /// handler if needed. Throws `RuntimeError.outOfMemory` if a new slab cannot be allocated.
    public init() throws(RuntimeError) {
        TrapHandler.install()
        pointer = try VMContextSlabs.allocate()
    }

    deinit {
        VMContextSlabs.release(pointer)
    }

    @inlinable func word(_ offset: Int) -> UInt64 { pointer.load(fromByteOffset: offset, as: UInt64.self) }
    @inlinable func setWord(_ offset: Int, _ value: UInt64) {
        pointer.storeBytes(of: value, toByteOffset: offset, as: UInt64.self)
    }

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

    public var memoryBase: UInt64 {
        get { word(VMContextLayout.memoryBase) }
        set { setWord(VMContextLayout.memoryBase, newValue) }
    }
    public var memoryByteCount: UInt64 {
        get { word(VMContextLayout.memoryByteCount) }
        set { setWord(VMContextLayout.memoryByteCount, newValue) }
    }
    public var stackLimit: UInt64 {
        get { word(VMContextLayout.stackLimit) }
        set { setWord(VMContextLayout.stackLimit, newValue) }
    }
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
    public var trapPC: UInt64 {
        get { word(VMContextLayout.trapPC) }
        set { setWord(VMContextLayout.trapPC, newValue) }
    }
    public var trapAddress: UInt64 {
        get { word(VMContextLayout.trapAddress) }
        set { setWord(VMContextLayout.trapAddress, newValue) }
    }
    public var entrySP: UInt64 {
        get { word(VMContextLayout.entrySP) }
        set { setWord(VMContextLayout.entrySP, newValue) }
    }
    public var previousEntrySP: UInt64 {
        get { word(VMContextLayout.previousEntrySP) }
        set { setWord(VMContextLayout.previousEntrySP, newValue) }
    }
    public var globalsBase: UInt64 {
        get { word(VMContextLayout.globalsBase) }
        set { setWord(VMContextLayout.globalsBase, newValue) }
    }
    public var tablesBase: UInt64 {
        get { word(VMContextLayout.tablesBase) }
        set { setWord(VMContextLayout.tablesBase, newValue) }
    }
    public var functionsBase: UInt64 {
        get { word(VMContextLayout.functionsBase) }
        set { setWord(VMContextLayout.functionsBase, newValue) }
    }
    public var typeIDsBase: UInt64 {
        get { word(VMContextLayout.typeIDsBase) }
        set { setWord(VMContextLayout.typeIDsBase, newValue) }
    }
    public var helpersBase: UInt64 {
        get { word(VMContextLayout.helpersBase) }
        set { setWord(VMContextLayout.helpersBase, newValue) }
    }
    public var instancePointer: UInt64 {
        get { word(VMContextLayout.instancePointer) }
        set { setWord(VMContextLayout.instancePointer, newValue) }
    }

    /// Clears trapCode, trapPC and trapAddress (do this after handling a trap, before re-entry).
    public func clearTrap() {
        trapCodeRaw = 0
        trapPC = 0
        trapAddress = 0
    }
}

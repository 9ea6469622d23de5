import WasmDecoder

/// A trap site: an instruction that may fault (memory access) or a trap stub, mapped back to wasm.
public struct TrapSite: Sendable, Hashable {
    public init(codeOffset: Int, functionIndex: UInt32, wasmOffset: Int) {
        precondition(UInt(bitPattern: codeOffset) <= UInt(UInt32.max), "code offset \(codeOffset) out of range")
        code = UInt32(truncatingIfNeeded: codeOffset)
        self.functionIndex = functionIndex
        // A module's offsets fit 32 bits (its size is a u32); clamped, never wrapped, should one not.
        wasm = UInt32(clamping: wasmOffset)
    }
    /// Stored as 32-bit fields: 12 bytes a site instead of 24 (a large module has hundreds of thousands, kept for
    /// its lifetime), in the order and width of an artifact's site record (docs/AOT-FORMAT.md): on a
    /// little-endian host an array of sites is the TRAPSITES/CALLSITES payload as it is (`isArtifactRecord`).
    var code: UInt32
    public var functionIndex: UInt32
    var wasm: UInt32
    public var codeOffset: Int {
        get { Int(code) }
        set {
            precondition(UInt(bitPattern: newValue) <= UInt(UInt32.max), "code offset \(newValue) out of range")
            code = UInt32(truncatingIfNeeded: newValue)
        }
    }
    public var wasmOffset: Int {
        get { Int(wasm) }
        set { wasm = UInt32(clamping: newValue) }
    }
}

extension TrapSite {
    /// Whether a site's memory is the artifact's record `{code offset, function, wasm offset}` (three
    /// little-endian u32s): then a writer can take an array of sites as the section payload without a copy.
    public static let isArtifactRecord: Bool =
        1.littleEndian == 1 && MemoryLayout<TrapSite>.stride == 12 && MemoryLayout<TrapSite>.offset(of: \.code) == 0
        && MemoryLayout<TrapSite>.offset(of: \.functionIndex) == 4 && MemoryLayout<TrapSite>.offset(of: \.wasm) == 8
}

/// Machine code for a whole module plus what the runtime needs to run it (no compiler required after this).
public struct CompiledCode: @unchecked Sendable {
    public init(
        code: [UInt8], entryTrampoline: Int, trapExit: Int, hostCallStub: Int, functionOffsets: [Int],
        trapSites: [TrapSite]
    ) {
        self.storage = .bytes(code)
        self.entryTrampoline = entryTrampoline
        self.trapExit = trapExit
        self.hostCallStub = hostCallStub
        self.functionOffsets = functionOffsets
        self.trapSites = trapSites
    }
    /// Where the machine code lives: emitted straight into a code region (in-process JIT), or as bytes
    /// (cross-compiled, or read from an artifact) that the runtime copies into a region when it seals them.
    public enum Storage {
        case bytes([UInt8])
        case executable(any CodeRegion, byteCount: Int)
    }
    public var storage: Storage
    /// The code bytes (a copy when the code lives in an executable region).
    public var code: [UInt8] {
        switch storage {
        case .bytes(let b): return b
        case .executable(let m, let n): return [UInt8](UnsafeRawBufferPointer(start: m.start, count: n))
        }
    }
    /// The code bytes, read in place (no copy).
    public func withCodeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch storage {
        case .bytes(let b): return try b.withUnsafeBytes(body)
        case .executable(let m, let n): return try body(UnsafeRawBufferPointer(start: m.start, count: n))
        }
    }
    public var byteCount: Int {
        switch storage {
        case .bytes(let b): return b.count
        case .executable(_, let n): return n
        }
    }
    /// Code offsets of the shared stubs.
    public var entryTrampoline: Int
    public var trapExit: Int
    public var hostCallStub: Int
    /// Code offset of each defined function (index = function index - imported count).
    public var functionOffsets: [Int]
    /// Sorted by code offset: instructions that may fault and trap stubs, mapped to wasm function and offset.
    public var trapSites: [TrapSite]
    /// The code checks every memory access itself (it may run with explicit-bounds memories); otherwise it
    /// relies on guard pages and needs guarded memories.
    public var explicitBoundsChecks = false
    /// Sorted by code offset: the return address of every call, mapped to the calling function and operator.
    public var callSites: [TrapSite] = []
    /// The cost model the code was metered with (nil: no metering code).
    public var costModel: CostModel?
    /// Compiled in deterministic-NaN mode (every float operation that can make a NaN makes the canonical one).
    public var canonicalNaNs = false
    /// Interruptible: checks the interrupt flag at function entries and loop headers (`Instance.interrupt()`).
    public var interruptible = false
    /// CPU features the code needs (only `ArtifactFlags.cpuFeatures` bits).
    public var cpuFeatures: ArtifactFlags = []
    /// Sections a loader left undecoded (a mapped module-cache entry): then `trapSites`, `callSites` and the
    /// function names are read through it, on first use. Use `allTrapSites`, `allCallSites`, `functionName`.
    public var deferred: (any DeferredCodeMetadata)?

    /// The trap sites, decoded first if deferred.
    public var allTrapSites: [TrapSite] { deferred?.trapSites ?? trapSites }
    /// The call sites, decoded first if deferred.
    public var allCallSites: [TrapSite] { deferred?.callSites ?? callSites }

    /// The code with its deferred sections decoded into the stored properties (for writing it out again).
    public func resolvingDeferred() -> CompiledCode {
        guard let deferred else { return self }
        var c = self
        c.trapSites = deferred.trapSites
        c.callSites = deferred.callSites
        c.deferred = nil
        return c
    }
}

/// Metadata of loaded code that is decoded on first use (and then kept). Implementations are thread-safe.
public protocol DeferredCodeMetadata: AnyObject, Sendable {
    /// Trap sites, sorted by code offset (empty if the stored section is corrupt).
    var trapSites: [TrapSite] { get }
    /// Call sites, sorted by code offset (empty if the stored section is corrupt).
    var callSites: [TrapSite] { get }
    /// Function names (empty if the stored section is corrupt).
    var functionNames: FunctionNames { get }
}

/// Memory the compiler emits machine code into, directly where it will run: the runtime's `ExecutableMemory`.
///
/// The compiler only writes: it asks for writable bytes at the cursor, in order, and never moves code (direct
/// calls between functions stay valid as the region grows). Sealing the region read+execute (W^X) and
/// registering it with the trap handler are the runtime's job (`ExecutableMemory.seal(_:)`), so the compiler
/// needs no part of the runtime.
public protocol CodeRegion: AnyObject {
    /// The first byte of code.
    var start: UnsafeMutableRawPointer { get }
    /// `byteCount` more writable bytes at the cursor, aligned to `alignment`; nil when the region's reservation
    /// is exhausted.
    func extend(byteCount: Int, alignment: Int) -> UnsafeMutableRawPointer?
}

import SwasmABI
import SwasmCompiler
import SwasmRuntime
import Synchronization
import WasmDecoder

/// How compiled code keeps memory accesses in bounds.
public enum BoundsChecking: Sendable, Hashable {
    /// Each memory reserves 8 GiB of address space; out-of-bounds accesses fault on guard pages and become
    /// traps. No checks in the generated code: the fastest mode, and the default.
    case guardPages
    /// The generated code checks every access. Memories need no large reservation: for hosts short of
    /// address space, or with many instances alive at once.
    case explicit
}

/// Which optional CPU features compiled code may use.
public enum CPUFeatures: Sendable, Hashable {
    /// Those of the machine compiling (x86-64: AVX three-operand encodings when the CPU has AVX).
    case host
    /// None beyond the architecture's baseline: the code runs on every CPU swasm supports.
    case baseline

    var flags: ArtifactFlags {
        switch self {
        case .host: HostCPU.features.intersection(.x86AVX)
        case .baseline: []
        }
    }
}

/// Resource limits applied to every instance of an engine.
public struct ResourceLimits: Sendable, Hashable {
    /// Most 64 KiB pages any memory may have (`memory.grow` returns -1 beyond; instantiation fails if a module
    /// needs more from the start). Default: 65536 (4 GiB).
    public var maxMemoryPages: Int = 65536
    /// Most elements a table may have when it is created (instantiation fails beyond) or grown through the API.
    /// Default: 10 000 000.
    public var maxTableElements: Int = 10_000_000
    /// Bytes of native stack wasm may use below the entry point of a call; deeper recursion traps with
    /// `.stackExhausted`. nil (the default): the calling thread's whole stack minus a safety reserve.
    public var stackBudget: Int? = nil

    /// Creates limits; every argument defaults to the engine's default.
    public init(maxMemoryPages: Int = 65536, maxTableElements: Int = 10_000_000, stackBudget: Int? = nil) {
        self.maxMemoryPages = maxMemoryPages
        self.maxTableElements = maxTableElements
        self.stackBudget = stackBudget
    }
}

/// How an engine's instances get their linear memories.
public enum InstanceAllocator: Sendable, Hashable {
    /// Each memory is mapped when its instance is created and unmapped when it goes away (the default).
    case onDemand
    /// The pooling allocator: memories come from slots reserved up front and are wiped
    /// (`madvise(MADV_DONTNEED)`) and reused when their instance goes away; instantiation makes no `mmap`.
    /// With `BoundsChecking.explicit` the engine reserves `maxInstances` slots of `maxMemoryPages` pages once,
    /// on first use; with guard pages each slot is an 8 GiB reservation made on first use and then reused.
    case pooling(PoolingConfiguration)
}

/// The sizes of a pooling allocator (`InstanceAllocator.pooling`).
public struct PoolingConfiguration: Sendable, Hashable {
    /// Most instances with a memory alive at once; instantiating one more throws
    /// `RuntimeError.poolExhausted`. Default: 1000.
    public var maxInstances: Int
    /// Size of each memory slot in 64 KiB pages (explicit bounds): the most pages a pooled memory can have.
    /// A module whose memory needs more from the start fails to instantiate with
    /// `RuntimeError.poolSlotTooSmall`; `memory.grow` beyond returns -1. Default: 160 (10 MiB).
    public var maxMemoryPages: Int

    /// Creates pool sizes; every argument defaults to the engine's default.
    public init(maxInstances: Int = 1000, maxMemoryPages: Int = 160) {
        self.maxInstances = maxInstances
        self.maxMemoryPages = maxMemoryPages
    }
}

/// Decides on, and can account for, every growth of the memories and tables an engine's instances define (and
/// the standalone ones `Memory(engine:...)` and `Table(engine:...)` create): `memory.grow` and `table.grow` from
/// wasm, `Memory.grow` and `Table.grow` from the host, and the initial size at instantiation (from 0).
///
/// It is called only for growth the declared maximum and the engine's `ResourceLimits` allow, before anything
/// changes; returning false refuses it: `memory.grow` / `table.grow` return -1, the host `grow` returns nil,
/// and instantiation fails with `LinkError.limitExceeded`. Returning true commits the growth (it can still fail
/// if the system refuses the memory, which is rare). Called on the thread running the instance, possibly from
/// several threads at once (one per instance), so an implementation that counts must synchronise.
///
/// ```swift
/// final class Budget: ResourceLimiter {
///     let pages = Mutex(0)
///     func memoryGrowing(from current: Int, to desired: Int) -> Bool {
///         pages.withLock { total in
///             guard total + desired - current <= 1000 else { return false }
///             total += desired - current
///             return true
///         }
///     }
/// }
/// let engine = Engine(resourceLimiter: Budget())
/// ```
public protocol ResourceLimiter: AnyObject, Sendable {
    /// A memory grows from `current` to `desired` 64 KiB pages: return false to refuse.
    func memoryGrowing(from current: Int, to desired: Int) -> Bool
    /// A table grows from `current` to `desired` elements: return false to refuse.
    func tableGrowing(from current: Int, to desired: Int) -> Bool
}

extension ResourceLimiter {
    /// Allows every memory growth.
    public func memoryGrowing(from current: Int, to desired: Int) -> Bool { true }
    /// Allows every table growth.
    public func tableGrowing(from current: Int, to desired: Int) -> Bool { true }
}

/// Compiles modules and holds the settings every module and instance it makes shares.
///
/// An engine is immutable and `Sendable`: create one per configuration and share it between threads.
///
/// ```swift
/// let engine = Engine()
/// let module = try Module(engine: engine, bytes: wasm)
/// let instance = try module.instantiate()
/// ```
public final class Engine: Sendable {
    /// An engine's settings.
    public struct Configuration: Sendable, Hashable {
        /// How generated code keeps memory accesses in bounds (default: guard pages).
        public var boundsChecking: BoundsChecking = .guardPages
        /// Meter execution with this cost model: each instance then has a gas budget (`Instance.gasRemaining`)
        /// and traps with `.outOfGas` when it runs out. nil (the default): no metering code at all.
        public var metering: CostModel? = nil
        /// Limits on memories, tables and stack use.
        public var limits = ResourceLimits()
        /// How instances get their memories: on demand (the default) or from a pool (`.pooling(...)`, for many
        /// instances and fast instantiation).
        public var allocator: InstanceAllocator = .onDemand
        /// Deterministic NaNs: every float operation, scalar or vector, that can produce a NaN produces the
        /// canonical one (positive, quiet bit only), so x86-64 and AArch64 give bit-identical results, as gas
        /// does. Default off (wasm allows any NaN payload there; the check costs a compare and a blend per
        /// float operation that can make a NaN).
        public var canonicalizeNaNs = false
        /// Optional CPU features compiled code may use beyond the baseline (x86-64: SSE4.1, POPCNT, LZCNT, BMI1):
        /// `.host` (the default) uses what this machine has (AVX), `.baseline` none, so that artifacts
        /// serialized from this engine run on any x86-64 CPU with the baseline.
        public var cpuFeatures: CPUFeatures = .host
        /// Give hot locals register homes (the default). Off, every local lives in its frame slot: a testing knob
        /// for the differential tester, which checks that both compute the same thing.
        @_spi(Tools) public var registerHomes = true
        /// Interruptible code: every function entry and loop header checks a flag, so `Instance.interrupt()`
        /// (from any thread) and call deadlines (`Instance.withDeadline(seconds:_:)`) stop the guest with the
        /// trap `.interrupted`. Costs a compare and a branch per loop iteration and call. Default off: code that
        /// is not interruptible ignores interrupt requests.
        public var interruptible = false
        /// Threads that compile a module's function bodies (nil, the default: one per online core; 1: none but
        /// the caller's). The generated code is the same whatever the number; only compile time changes.
        public var compileJobs: Int? = nil
        /// Bytes of function bodies per unit of parallel compile work (nil: the compiler's default, 64 KiB). The
        /// code is the same for every value: the spec runner compiles every function apart (1) to test the join.
        @_spi(Tools) public var compileChunkBytes: Int? = nil

        /// Creates a configuration; every argument defaults to the engine's default.
        public init(
            boundsChecking: BoundsChecking = .guardPages, metering: CostModel? = nil,
            limits: ResourceLimits = ResourceLimits(), canonicalizeNaNs: Bool = false
        ) {
            self.boundsChecking = boundsChecking
            self.metering = metering
            self.limits = limits
            self.canonicalizeNaNs = canonicalizeNaNs
        }
    }

    /// The settings of this engine.
    public let configuration: Configuration
    /// Asked before every memory and table growth (see `ResourceLimiter`) of instances not given their own
    /// (`Module.instantiate(imports:gas:userData:resourceLimiter:)`); nil: no veto.
    public let resourceLimiter: (any ResourceLimiter)?
    /// The pooling allocator's memory slots (explicit bounds) or reservations (guard pages), made on first use.
    private let pools = Mutex<(slots: MemorySlotPool?, reservations: MemoryReservationPool?)>((nil, nil))

    /// The module cache's directory, if the engine has one (see `init(_:cacheDirectory:)`).
    public var cacheDirectory: String? { cache?.directory }
    let cache: ModuleCache?

    /// The swasm version (part of every module-cache key; `swasm --version` prints it).
    public static let version = "0.14.0"

    /// Creates an engine.
    ///
    /// - Parameters:
    ///   - configuration: the settings.
    ///   - cacheDirectory: a directory for a module cache (created if missing), or nil (the default) for none. With
    ///     a cache, `Module(engine:bytes:)` (and `contentsOf:` for wasm and text files) first looks for an artifact
    ///     of the same module bytes compiled with the same code-generation settings (bounds checking, cost model,
    ///     deterministic NaNs, CPU features, interruptibility) by the same swasm version; if there is one, the
    ///     module is loaded from it without compiling, else it is compiled and the artifact stored for next time. Entries are validated
    ///     by the artifact loader like any artifact; a corrupt or stale one is ignored and rewritten. The directory
    ///     must be trusted like an artifact: its machine code runs as it is.
    ///   - resourceLimiter: asked before every memory and table growth of the engine's instances.
    public init(
        _ configuration: Configuration = Configuration(), cacheDirectory: String? = nil,
        resourceLimiter: (any ResourceLimiter)? = nil
    ) {
        self.configuration = configuration
        self.cache = cacheDirectory.map { ModuleCache(directory: $0.isEmpty ? "." : $0) }
        self.resourceLimiter = resourceLimiter
    }

    /// The instance configuration with the pooling allocator's pools (created on first use) and the limiter.
    func instanceConfigurationWithPools() throws -> InstanceConfiguration {
        var c = instanceConfiguration
        if case .pooling(let p) = configuration.allocator {
            let explicit = configuration.boundsChecking == .explicit
            let slotPages = max(0, min(p.maxMemoryPages, c.maxMemoryPages))
            let maxInstances = max(1, p.maxInstances)
            let made: (MemorySlotPool?, MemoryReservationPool?) = try pools.withLock { pools in
                if explicit {
                    if pools.slots == nil {
                        pools.slots = try MemorySlotPool(slotCount: maxInstances, slotPages: slotPages)
                    }
                } else if pools.reservations == nil {
                    pools.reservations = MemoryReservationPool(
                        reservationBytes: LinearMemory.guardedReservationBytes, maxCached: maxInstances,
                        reservationLimit: maxInstances)
                }
                return (pools.slots, pools.reservations)
            }
            c.memorySlots = made.0
            if let reservations = made.1 { c.memoryPool = reservations }
        }
        return c
    }

    /// Memory slots of the pooling allocator in use now (0 without the pooling allocator).
    public var pooledMemoriesInUse: Int {
        pools.withLock { pools in
            pools.slots?.statistics.inUse ?? pools.reservations?.statistics.live ?? 0
        }
    }

    /// Whether modules compiled by this engine are metered.
    public var isMetered: Bool { configuration.metering != nil }

    var compilerOptions: CompilerOptions {
        var o = CompilerOptions(
            explicitBoundsChecks: configuration.boundsChecking == .explicit,
            metering: configuration.metering, registerHomes: configuration.registerHomes,
            canonicalizeNaNs: configuration.canonicalizeNaNs, targetFeatures: configuration.cpuFeatures.flags,
            interruptible: configuration.interruptible, jobs: configuration.compileJobs)
        if let n = configuration.compileChunkBytes { o.chunkBytes = n }
        return o
    }

    /// The one mapping from the engine's settings to the runtime's (every instance, memory and table the engine
    /// makes goes through it).
    var instanceConfiguration: InstanceConfiguration {
        var c = InstanceConfiguration()
        c.memoryMode = configuration.boundsChecking == .explicit ? .explicitBounds : .guarded
        c.maxMemoryPages = max(0, min(configuration.limits.maxMemoryPages, LinearMemory.maxPages32))
        c.maxTableElements = max(0, configuration.limits.maxTableElements)
        c.stackBudget = configuration.limits.stackBudget
        if let limiter = resourceLimiter { Engine.apply(limiter, to: &c) }
        return c
    }

    /// Routes the growth hooks of `configuration` to `limiter`.
    static func apply(_ limiter: any ResourceLimiter, to configuration: inout InstanceConfiguration) {
        configuration.memoryGrowthHook = { limiter.memoryGrowing(from: $0, to: $1) }
        configuration.tableGrowthHook = { limiter.tableGrowing(from: $0, to: $1) }
    }
}

import SwasmABI
import SwasmCompiler
import SwasmRuntime
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

    /// The module cache's directory, if the engine has one (see `init(_:cacheDirectory:)`).
    public var cacheDirectory: String? { cache?.directory }
    let cache: ModuleCache?

    /// The swasm version (part of every module-cache key; `swasm --version` prints it).
    public static let version = "0.14.0"

    /// Creates an engine.
    ///
    /// - Parameter cacheDirectory: a directory for a module cache (created if missing), or nil (the default) for
    ///   none. With a cache, `Module(engine:bytes:)` (and `contentsOf:` for wasm and text files) first looks for
    ///   an artifact of the same module bytes compiled with the same code-generation settings (bounds checking,
    ///   cost model, deterministic NaNs, CPU features) by the same swasm version; if there is one, the module is
    ///   loaded from it without compiling, else it is compiled and the artifact stored for next time. Entries are
    ///   validated by the artifact loader like any artifact; a corrupt or stale one is ignored and rewritten.
    ///   The directory must be trusted like an artifact: its machine code runs as it is.
    public init(_ configuration: Configuration = Configuration(), cacheDirectory: String? = nil) {
        self.configuration = configuration
        self.cache = cacheDirectory.map { ModuleCache(directory: $0.isEmpty ? "." : $0) }
    }

    /// Whether modules compiled by this engine are metered.
    public var isMetered: Bool { configuration.metering != nil }

    var compilerOptions: CompilerOptions {
        CompilerOptions(
            explicitBoundsChecks: configuration.boundsChecking == .explicit,
            metering: configuration.metering, registerHomes: configuration.registerHomes,
            canonicalizeNaNs: configuration.canonicalizeNaNs, targetFeatures: configuration.cpuFeatures.flags)
    }

    /// The one mapping from the engine's settings to the runtime's (every instance, memory and table the engine
    /// makes goes through it).
    var instanceConfiguration: InstanceConfiguration {
        var c = InstanceConfiguration()
        c.memoryMode = configuration.boundsChecking == .explicit ? .explicitBounds : .guarded
        c.maxMemoryPages = max(0, min(configuration.limits.maxMemoryPages, LinearMemory.maxPages32))
        c.maxTableElements = max(0, configuration.limits.maxTableElements)
        c.stackBudget = configuration.limits.stackBudget
        return c
    }
}

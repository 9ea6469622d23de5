import AssemblerCore
import Glibc
import SwasmABI
import SwasmCompiler
import SwasmRuntime
import WasmDecoder

/// A compiled WebAssembly module: validated, translated to machine code, ready to instantiate.
///
/// A module is immutable and `Sendable`: compile it once and instantiate it from any number of threads at once.
/// All its instances share one copy of the machine code.
///
/// Create one from bytes, from a file, streaming from an `AsyncSequence` of chunks (compilation overlaps the
/// download), or from an ahead-of-time artifact made by `serialize()`.
public final class Module: Sendable {
    /// The engine that compiled the module; its configuration applies to every instance.
    public let engine: Engine
    /// The decoded module (types, imports, exports, segments, ...).
    let info: ModuleInfo
    /// Sealed (read+execute) machine code shared by all instances.
    let code: CompiledCode
    /// Whether the module was loaded from the engine's module cache rather than compiled.
    public let loadedFromCache: Bool

    // MARK: Creating modules

    /// Decodes, validates and compiles a binary module.
    /// - Throws: `WasmError` (with the byte offset of the problem) if the module is malformed or invalid;
    ///   `RuntimeError` if executable memory cannot be allocated.
    ///
    /// With a module cache (`Engine(_:cacheDirectory:)`), a valid cached artifact of the same bytes and settings is
    /// loaded instead of compiling (`loadedFromCache` is then true), and a fresh compilation is stored.
    public convenience init(engine: Engine, bytes: some Collection<UInt8>) throws {
        try self.init(engine: engine, bytes: bytes, file: nil)
    }

    /// `init(engine:bytes:)`, where the bytes are those of the file at `file` (if not nil): with a cache, the
    /// file's identity is recorded with the key, so the next load of the unchanged file skips reading it.
    private convenience init(engine: Engine, bytes: some Collection<UInt8>, file: String?) throws {
        guard let cache = engine.cache else {
            try self.init(engine: engine, compiling: bytes)
            return
        }
        let key = ModuleCache.key(of: bytes, engine: engine)
        defer { if let file { cache.remember(key, forFile: file, engine: engine) } }
        if let artifact = cache.load(key), Module.matches(artifact, engine: engine) {
            try self.init(engine: engine, info: artifact.module, code: artifact.code, loadedFromCache: true)
            return
        }
        try self.init(engine: engine, compiling: bytes)
        cache.store(serialize(), key)
    }

    /// A cached module for the file at `path` as it is now, found by the file's identity alone (nothing read).
    private static func cached(file path: String, engine: Engine) -> Artifact? {
        guard let cache = engine.cache, let key = cache.recordedKey(forFile: path, engine: engine),
            let artifact = cache.load(key), Module.matches(artifact, engine: engine)
        else { return nil }
        return artifact
    }

    /// Whether a cached artifact carries exactly the code the engine would generate (the key says so already;
    /// this checks the flags the artifact itself records, so a mislabelled entry is never used).
    static func matches(_ artifact: Artifact, engine: Engine) -> Bool {
        let c = engine.configuration
        return artifact.code.explicitBoundsChecks == (c.boundsChecking == .explicit)
            && artifact.code.costModel == c.metering
            && artifact.code.canonicalNaNs == c.canonicalizeNaNs
            && artifact.code.interruptible == c.interruptible
            && artifact.flags.intersection(.x86AVX) == c.cpuFeatures.flags
    }

    private convenience init(engine: Engine, compiling bytes: some Collection<UInt8>) throws {
        let region = try ExecutableMemory(reserveBytes: ExecutableSink.reservation(forWasmBytes: bytes.count))
        let (info, code) = try compileModule(bytes, options: engine.compilerOptions, region: region)
        try self.init(engine: engine, info: info, code: code)
    }

    /// Reads the file at `path` and compiles it (a binary module, or the text format, assembled), or loads it
    /// without compiling if it is an ahead-of-time artifact (`serialize()`, `swasm compile`); the kind is told
    /// apart by the first bytes, as `swasm run` does.
    ///
    /// A regular file is mapped, not read: a binary module is decoded from the mapping, and the pages of its
    /// custom sections (other than `name`), such as DWARF debug information, are never read into memory.
    ///
    /// An artifact's machine code is trusted as it is: load only artifacts you (or your build) made.
    /// - Throws: `FileError` if the file cannot be read, `TextError` for malformed text, otherwise as
    ///   `init(engine:bytes:)` or `init(engine:artifact:)`.
    public convenience init(engine: Engine, contentsOf path: String) throws {
        if let artifact = Module.cached(file: path, engine: engine) {
            try self.init(engine: engine, info: artifact.module, code: artifact.code, loadedFromCache: true)
            return
        }
        let file = try mapFile(path)
        if Module.isArtifact(file) {
            try self.init(engine: engine, artifact: Array(file))
        } else if Module.isText(file) {
            try self.init(engine: engine, bytes: try Module.assemble(wat: file), file: path)
        } else {
            try self.init(engine: engine, bytes: file, file: path)
        }
    }

    /// Whether `bytes` start like an ahead-of-time artifact (its magic) rather than a wasm module.
    public static func isArtifact(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: ArtifactFormat.magic)
    }

    /// Decodes and validates a binary module without compiling it.
    /// - Throws: `WasmError` with the byte offset of the first problem.
    public static func validate(_ bytes: some Collection<UInt8>) throws(WasmError) {
        _ = try validateModule(bytes)
    }

    /// Compiles a module while its bytes arrive: each chunk is decoded as soon as it is received, and each
    /// function is compiled as soon as its last byte is in, so compilation overlaps a download.
    ///
    /// ```swift
    /// let module = try await Module(engine: engine, streaming: response.chunks)
    /// ```
    /// - Parameters:
    ///   - chunks: the module's bytes in order, in chunks of any size.
    ///   - expectedSize: the module's size if known (e.g. a Content-Length), to size the code reservation.
    /// - Throws: `WasmError` as soon as a chunk reveals a malformed or invalid module (the rest is not awaited),
    ///   and anything the sequence throws.
    public convenience init<Chunks: AsyncSequence>(engine: Engine, streaming chunks: Chunks, expectedSize: Int? = nil)
        async throws where Chunks.Element == [UInt8]
    {
        let reservation = ExecutableSink.reservation(forWasmBytes: expectedSize ?? (1 << 20))
        var compilation = HostCompilation(
            options: engine.compilerOptions,
            region: try ExecutableMemory(reserveBytes: reservation))
        for try await chunk in chunks { try compilation.feed(chunk) }
        let (info, code) = try compilation.finish()
        try self.init(engine: engine, info: info, code: code)
    }

    /// Loads an ahead-of-time artifact (from `serialize()` or `swasm compile`) without compiling anything.
    ///
    /// The artifact carries its own compilation settings: a metered artifact is metered and an artifact
    /// compiled with explicit bounds checks keeps them, whatever the engine says. An artifact that relies on
    /// guard pages cannot run on an engine configured for explicit bounds checks, and an artifact compiled
    /// without deterministic NaNs cannot run on an engine that requires them.
    /// - Throws: `ArtifactError` if the bytes are not a valid artifact for this host (or need CPU features this
    ///   machine lacks); `LinkError` for a guard-page artifact on an explicit-bounds engine, or a
    ///   nondeterministic-NaN artifact on a `canonicalizeNaNs` engine.
    public convenience init(engine: Engine, artifact bytes: [UInt8]) throws {
        let artifact = try Artifact(bytes: bytes)
        if engine.configuration.boundsChecking == .explicit && !artifact.code.explicitBoundsChecks {
            throw LinkError(
                .guardPagesRequired,
                message: "the artifact relies on guard pages; the engine uses explicit bounds checks")
        }
        if engine.configuration.canonicalizeNaNs && !artifact.code.canonicalNaNs {
            throw LinkError(
                .nondeterministicNaNs,
                message:
                    "the artifact was compiled without deterministic NaNs; the engine requires them (compile it with --canonicalize-nans)"
            )
        }
        try self.init(engine: engine, info: artifact.module, code: artifact.code)
    }

    init(engine: Engine, info: ModuleInfo, code: CompiledCode, loadedFromCache: Bool = false) throws {
        self.engine = engine
        self.info = info
        self.loadedFromCache = loadedFromCache
        // Sealed before any instance exists (the runtime's one seal path): instances then only read the region,
        // so instantiating from several threads at once is safe.
        (self.code, _) = try ExecutableMemory.seal(code)
    }

    // MARK: Inspecting

    /// The module's imports, in declaration order.
    public var imports: [ImportDescriptor] {
        info.imports.map { imp in
            let type: ExternType
            switch imp.descriptor {
            case .function(let ti): type = .function(info.types[Int(ti)])
            case .table(let t): type = .table(t)
            case .memory(let m): type = .memory(m)
            case .global(let g): type = .global(g)
            }
            return ImportDescriptor(module: imp.moduleString, name: imp.nameString, type: type)
        }
    }

    /// The module's exports, in declaration order.
    public var exports: [ExportDescriptor] {
        info.exports.map { ExportDescriptor(name: $0.nameString, type: exportType($0)) }
    }

    func exportType(_ e: Export) -> ExternType {
        let i = Int(e.index)
        switch e.kind {
        case .function: return .function(info.functionType(i))
        case .table: return .table(info.tables[i])
        case .memory: return .memory(info.memories[i])
        case .global: return .global(info.globals[i])
        }
    }

    /// Whether the code is metered (instances have a gas budget).
    public var isMetered: Bool { code.costModel != nil }

    /// Whether the code checks memory accesses itself (`BoundsChecking.explicit`).
    public var hasExplicitBoundsChecks: Bool { code.explicitBoundsChecks }

    /// Whether the code checks for interrupts (compiled by an interruptible engine, or an artifact compiled so).
    public var isInterruptible: Bool { code.interruptible }

    /// Size of the generated machine code in bytes.
    public var codeSize: Int { code.byteCount }

    /// An ahead-of-time artifact of this module for this host: `Module(engine:artifact:)` loads it later, in
    /// this or another process, without compiling.
    public func serialize() -> [UInt8] {
        var info = self.info
        if let deferred = code.deferred, info.functionNames.isEmpty { info.functionNames = deferred.functionNames }
        return writeArtifact(module: info, code: code.resolvingDeferred(), arch: .host)
    }

    // MARK: Instantiating

    /// Creates an instance, taking each import from `resolver` (by module and field name).
    ///
    /// - Parameters:
    ///   - resolver: supplies the imports: a `Linker`, or any `ImportResolver`. nil: the module must have no
    ///     imports.
    ///   - gas: for metered modules, the initial gas budget; the start function (if any) runs on it, and what
    ///     is left becomes `Instance.gasRemaining`. nil (the default): `Module.defaultGas` for metered modules
    ///     (unmetered modules ignore it).
    ///   - userData: the embedder's data for the instance (`Instance.userData`, `Caller.userData`), in place
    ///     before the start function runs.
    /// - Throws: `LinkError` naming the first missing or incompatible import, or a limit the module exceeds;
    ///   `Trap` if an active segment is out of bounds or the start function traps.
    public func instantiate(
        imports resolver: (any ImportResolver)? = nil, gas: UInt64? = nil, userData: Any? = nil
    ) throws -> Instance {
        var externs: [Extern] = []
        for imp in imports {
            guard let value = try resolver?.resolve(module: imp.module, name: imp.name, type: imp.type) else {
                throw LinkError(
                    .missingImport, module: imp.module, name: imp.name, expected: imp.type,
                    message: "unknown import \(imp.module).\(imp.name): nothing provides \(imp.type)")
            }
            externs.append(value)
        }
        return try instantiate(externs, gas: gas, userData: userData)
    }

    /// The gas a metered instance starts with when `instantiate` is given no budget: 10,000,000 (about ten
    /// million operators with the default cost model), so a first call works. Give an explicit `gas:` (or set
    /// `Instance.gasRemaining`) to meter for real.
    public static let defaultGas: UInt64 = 10_000_000

    /// Creates an instance from imports given positionally, in the order of `imports`.
    /// - Throws: as `instantiate(imports:gas:userData:)`.
    public func instantiate(_ imports: [Extern], gas: UInt64? = nil, userData: Any? = nil) throws -> Instance {
        let descriptors = self.imports
        guard imports.count == descriptors.count else {
            let missing = descriptors.count > imports.count ? descriptors[imports.count] : nil
            throw LinkError(
                missing == nil ? .other : .missingImport, module: missing?.module, name: missing?.name,
                expected: missing?.type,
                message: "the module has \(descriptors.count) imports, \(imports.count) were given"
                    + (missing.map { "; missing \($0.module).\($0.name) (\($0.type))" } ?? ""))
        }
        var configuration = try engine.instanceConfigurationWithPools()
        configuration.initialGas = isMetered ? gas ?? Module.defaultGas : 0
        let context = InstanceContext(module: self, userData: userData)
        let raw: SwasmRuntime.Instance
        do {
            // The runtime checks the imports (the one import check) and the limits, then runs the start function
            // on `gas`.
            raw = try SwasmRuntime.Instance(
                module: info, code: code, imports: imports.map(\.runtimeValue),
                configuration: configuration, embedderContext: context)
        } catch let e as SwasmRuntime.LinkError {
            throw LinkError(e, imports: descriptors)
        } catch let t as TrapCode {
            throw Trap(t)
        } catch let t as SwasmRuntime.Trap {
            throw Trap(t, module: info, gas: t.gasRemaining)
        }
        return Instance(module: self, raw: raw)
    }
}

/// The bytes of the file at `path`, mapped if it is a regular file (`FileBytes`), read otherwise.
func mapFile(_ path: String) throws(FileError) -> FileBytes {
    do { return try FileBytes(contentsOf: path) } catch { throw FileError(path: path, errno: error.errno) }
}

/// Reads a whole regular file with POSIX calls (the core targets avoid Foundation).
func readFile(_ path: String) throws(FileError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileError(path: path, errno: errno) }
    defer { close(fd) }
    var st = stat()
    if fstat(fd, &st) != 0 { throw FileError(path: path, errno: errno) }
    if (st.st_mode & S_IFMT) == S_IFDIR { throw FileError(path: path, errno: EISDIR) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(max(0, Int(st.st_size)))
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw FileError(path: path, errno: errno)
        }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
}

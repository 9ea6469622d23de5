import AssemblerCore
import Glibc
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

    // MARK: Creating modules

    /// Decodes, validates and compiles a binary module.
    /// - Throws: `WasmError` (with the byte offset of the problem) if the module is malformed or invalid;
    ///   `RuntimeError` if executable memory cannot be allocated.
    public convenience init(engine: Engine, bytes: some Collection<UInt8>) throws {
        let (info, code) = try compileModule(bytes, options: engine.compilerOptions)
        try self.init(engine: engine, info: info, code: code)
    }

    /// Reads and compiles the binary module at `path`.
    /// - Throws: `FileError` if the file cannot be read, otherwise as `init(engine:bytes:)`.
    public convenience init(engine: Engine, contentsOf path: String) throws {
        try self.init(engine: engine, bytes: try readFile(path))
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
        var compilation = try StreamingCompilation(options: engine.compilerOptions, expectedSize: expectedSize)
        for try await chunk in chunks { try compilation.feed(chunk) }
        let (info, code) = try compilation.finish()
        try self.init(engine: engine, info: info, code: code)
    }

    /// Loads an ahead-of-time artifact (from `serialize()` or `swasm compile`) without compiling anything.
    ///
    /// The artifact carries its own compilation settings: a metered artifact is metered and an artifact
    /// compiled with explicit bounds checks keeps them, whatever the engine says. An artifact that relies on
    /// guard pages cannot run on an engine configured for explicit bounds checks.
    /// - Throws: `ArtifactError` if the bytes are not a valid artifact for this host; `LinkError` for a
    ///   guard-page artifact on an explicit-bounds engine.
    public convenience init(engine: Engine, artifact bytes: [UInt8]) throws {
        let artifact = try Artifact(bytes: bytes)
        if engine.configuration.boundsChecking == .explicit && !artifact.code.explicitBoundsChecks {
            throw LinkError(.other, message: "the artifact relies on guard pages; the engine uses explicit bounds checks")
        }
        try self.init(engine: engine, info: artifact.module, code: artifact.code)
    }

    init(engine: Engine, info: ModuleInfo, code: CompiledCode) throws {
        self.engine = engine
        self.info = info
        self.code = try Module.seal(code)
    }

    /// Puts the code in one executable region, sealed and registered with the trap handler, before any instance
    /// exists: instances then only read the region, so instantiating from several threads at once is safe.
    static func seal(_ compiled: CompiledCode) throws -> CompiledCode {
        var code = compiled
        let region: ExecutableMemory
        switch code.storage {
        case .executable(let r, _):
            region = r
        case .bytes(let bytes):
            region = try ExecutableMemory(reserveBytes: max(bytes.count + 4096, 1 << 16))
            try region.append(bytes)
            code.storage = .executable(region, byteCount: bytes.count)
        }
        try region.makeExecutable()
        if region.trapStub == nil { try region.setTrapStub(UnsafeRawPointer(region.start + code.trapExit)) }
        return code
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

    /// Size of the generated machine code in bytes.
    public var codeSize: Int { code.byteCount }

    /// An ahead-of-time artifact of this module for this host: `Module(engine:artifact:)` loads it later, in
    /// this or another process, without compiling.
    public func serialize() -> [UInt8] {
        writeArtifact(module: info, code: code, arch: .host)
    }

    // MARK: Instantiating

    /// Creates an instance, taking each import from `resolver` (by module and field name).
    ///
    /// - Parameters:
    ///   - resolver: supplies the imports: a `Linker`, or any `ImportResolver`. nil: the module must have no
    ///     imports.
    ///   - gas: for metered modules, the initial gas budget; the start function (if any) runs on it, and what
    ///     is left becomes `Instance.gasRemaining`.
    /// - Throws: `LinkError` naming the first missing or incompatible import, or a limit the module exceeds;
    ///   `Trap` if an active segment is out of bounds or the start function traps.
    public func instantiate(imports resolver: (any ImportResolver)? = nil, gas: UInt64 = 0) throws -> Instance {
        var externs: [Extern] = []
        for imp in imports {
            guard let value = try resolver?.resolve(module: imp.module, name: imp.name, type: imp.type) else {
                throw LinkError(.missingImport, module: imp.module, name: imp.name, expected: imp.type,
                                message: "missing import \(imp.module).\(imp.name) (\(imp.type))")
            }
            externs.append(value)
        }
        return try instantiate(externs, gas: gas)
    }

    /// Creates an instance from imports given positionally, in the order of `imports`.
    /// - Throws: as `instantiate(imports:gas:)`.
    public func instantiate(_ imports: [Extern], gas: UInt64 = 0) throws -> Instance {
        let descriptors = self.imports
        guard imports.count == descriptors.count else {
            let missing = descriptors.count > imports.count ? descriptors[imports.count] : nil
            throw LinkError(missing == nil ? .other : .missingImport, module: missing?.module, name: missing?.name,
                            expected: missing?.type,
                            message: "the module has \(descriptors.count) imports, \(imports.count) were given"
                                + (missing.map { "; missing \($0.module).\($0.name) (\($0.type))" } ?? ""))
        }
        var values: [ExternalValue] = []
        for (d, e) in zip(descriptors, imports) {
            try checkImport(d, e)
            values.append(e.runtimeValue)
        }
        let limits = engine.configuration.limits
        for (i, t) in info.tables.enumerated().dropFirst(info.importedTableCount)
        where t.limits.min > UInt64(limits.maxTableElements) {
            throw LinkError(.limitExceeded, message: "table \(i) needs \(t.limits.min) elements; the limit is \(limits.maxTableElements)")
        }
        if let m = info.memories.first, info.importedMemoryCount == 0, m.limits.min > UInt64(limits.maxMemoryPages) {
            throw LinkError(.limitExceeded, message: "memory 0 needs \(m.limits.min) pages; the limit is \(limits.maxMemoryPages)")
        }
        // The start function runs after the gas is set (the runtime would run it with none).
        var withoutStart = info
        withoutStart.start = nil
        let raw: SwasmRuntime.Instance
        do {
            raw = try SwasmRuntime.Instance(module: withoutStart, code: code, imports: values,
                                            configuration: engine.instanceConfiguration)
        } catch let e as SwasmRuntime.LinkError {
            throw LinkError(e.message.contains("exceeds the limit") ? .limitExceeded : .other, message: e.message)
        } catch let t as TrapCode {
            throw Trap(t)
        } catch let t as SwasmRuntime.Trap {
            throw Trap(t, module: info, gas: nil)
        }
        raw.gasRemaining = gas
        let instance = Instance(module: self, raw: raw)
        if let start = info.start {
            _ = try instance.raw.callConverting(functionIndex: Int(start), [])
        }
        return instance
    }

    func checkImport(_ d: ImportDescriptor, _ e: Extern) throws {
        func fail(_ why: String) -> LinkError {
            LinkError(.incompatibleImport, module: d.module, name: d.name, expected: d.type,
                      message: "incompatible import \(d.module).\(d.name): expected \(d.type), got \(why)")
        }
        switch (d.type, e) {
        case (.function(let t), .function(let f)):
            if f.type != t { throw fail("function \(f.type)") }
        case (.function(let t), .hostFunction(let h)):
            if h.type != t { throw fail("host function \(h.type)") }
        case (.global(let t), .global(let g)):
            if g.type != t { throw fail("global \(g.type.mutable ? "mut " : "")\(g.type.value)") }
        case (.memory(let t), .memory(let m)):
            let mem = m.storage
            if UInt64(mem.pageCount) < t.limits.min { throw fail("a memory of \(mem.pageCount) pages") }
            if let max = t.limits.max, (mem.declaredMaxPages.map { UInt64($0) > max } ?? true) {
                throw fail("a memory without a maximum of at most \(max) pages")
            }
            if !mem.isGuarded && !code.explicitBoundsChecks {
                throw fail("an explicit-bounds memory (this module was compiled for guard pages)")
            }
        case (.table(let t), .table(let tab)):
            let raw = tab.table
            if raw.elementType != t.element { throw fail("a table of \(raw.elementType)") }
            if UInt64(raw.count) < t.limits.min { throw fail("a table of \(raw.count) elements") }
            if let max = t.limits.max, (raw.maximum.map { $0 > max } ?? true) {
                throw fail("a table without a maximum of at most \(max) elements")
            }
        default:
            throw fail("a \(e.kind)")
        }
    }
}

/// The streaming decoder driving the single-pass compiler, emitting straight into executable memory.
struct StreamingCompilation {
    #if arch(arm64)
    typealias MASM = A64MacroAssembler
    typealias Compiler = A64ModuleCompiler
    #else
    typealias MASM = X64MacroAssembler
    typealias Compiler = X64ModuleCompiler
    #endif
    var parser: ModuleParser<Compiler>

    init(options: CompilerOptions, expectedSize: Int?) throws {
        let sink = try ExecutableSink(expectedWasmBytes: expectedSize ?? (1 << 20))
        let compiler = ModuleCompiler(masm: MASM(buffer: sink.makeBuffer()), executable: sink)
        compiler.gen.explicitBoundsChecks = options.explicitBoundsChecks
        compiler.gen.costModel = options.metering
        parser = ModuleParser(consumer: Compiler(compiler))
    }

    mutating func feed(_ chunk: [UInt8]) throws { try parser.feed(chunk) }

    mutating func finish() throws -> (ModuleInfo, CompiledCode) {
        let module = try parser.finish()
        let code = try parser.consumer.finish(module: module)
        return (module, code)
    }
}

/// Reads a whole file with POSIX calls (the core targets avoid Foundation).
func readFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw FileError(path: path, errno: errno) }
    defer { close(fd) }
    var bytes: [UInt8] = []
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

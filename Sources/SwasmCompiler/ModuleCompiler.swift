import AssemblerCore
import Glibc
import SwasmABI
import WasmDecoder

/// Compiles each function as soon as the decoder hands it over (single pass). The decoder drives it through the
/// generated per-architecture consumers (`X64ModuleCompiler`, `A64ModuleCompiler` in `ArchVisitors.swift`), whose
/// concrete visitors run `CodeGen` specialized; it is deliberately not a `FunctionBodyConsumer` itself (a generic
/// visitor would run the code generator unspecialized).
public struct ModuleCompiler<M: MacroAssembler & ~Copyable> {
    public let gen: CodeGen<M>
    /// The executable region the code is emitted into (nil: an owned buffer, e.g. when cross-compiling).
    let executable: ExecutableSink?
    var functionOffsets: [Int] = []
    /// The module's sites in code order: each function's as it finishes (`finishFunction`), each chunk's shifted
    /// to module offsets as it is joined (`append(chunk:)`).
    var trapSites: [TrapSite] = []
    var callSites: [TrapSite] = []
    var stubs: (entry: Int, trapExit: Int, host: Int)?
    /// false: a chunk of a parallel compile, without the module stubs; its uses of the trap exit and the
    /// helper-call stub stay pending until `append(chunk:)` joins it to the module's compiler.
    let emitsStubs: Bool

    public init(masm: consuming M, executable: ExecutableSink? = nil, emitsStubs: Bool = true) {
        let m = masm
        gen = CodeGen(masm: m, trapExit: Label(id: 0))
        gen.trapExit = gen.masm.newLabel()
        self.executable = executable
        self.emitsStubs = emitsStubs
    }

    mutating func emitStubs() throws(WasmError) {
        let exit = gen.trapExit
        let entry = gen.masm.codeOffset
        try gen.asm { (m) throws(AssemblerError) in try m.emitEntryTrampoline(trapExit: exit) }
        let host = gen.masm.codeOffset
        try gen.asm { (m) throws(AssemblerError) in
            try m.emitHostCallStub(trapExit: exit)
            try m.emitHelperCallStub()
        }
        // The trap exit's offset is known once bound inside the entry trampoline.
        stubs = (entry, -1, host)
    }

    public mutating func beginFunction(
        _ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
        module: ModuleInfo
    ) throws(WasmError) -> CodeGen<M> {
        try beginFunction(body, locals: locals, code: UnsafeRawBufferPointer(start: nil, count: 0), module: module)
    }

    /// `code` (the operator bytes) is scanned for local accesses to choose register homes.
    public mutating func beginFunction(
        _ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
        code: UnsafeRawBufferPointer, module: ModuleInfo
    ) throws(WasmError) -> CodeGen<M> {
        if stubs == nil && emitsStubs { try emitStubs() }
        gen.operatorOffset = body.offset
        gen.masm.alignFunctionStart()
        functionOffsets.append(gen.masm.codeOffset)
        try gen.begin(function: body.functionIndex, locals: locals, module: module, code: code)
        return gen
    }

    public mutating func finishFunction(_ body: FunctionBodyInfo) throws(WasmError) {
        try gen.finishFunction(bodyOffset: body.offset)
        // The module's compiler moves each function's sites into the module's lists as it goes (a chunk keeps
        // its own until joined): the code generator's stacks stay one function long and warm.
        if emitsStubs {
            trapSites.append(contentsOf: gen.trapSites.elements)
            callSites.append(contentsOf: gen.callSites.elements)
            gen.trapSites.removeAll()
            gen.callSites.removeAll()
        }
    }

    /// Resolve calls between functions and return the module's code.
    public mutating func finish(module: ModuleInfo) throws(WasmError) -> CompiledCode {
        if stubs == nil { try emitStubs() }
        let imported = module.importedFunctionCount
        for (site, callee) in gen.callFixups {
            let target = functionOffsets[Int(callee) - imported]
            try gen.asm { (m) throws(AssemblerError) in try m.patchCall(at: site, target: target) }
        }
        let sites = sitesInCodeOrder(trapSites)
        var code = CompiledCode(
            code: [], entryTrampoline: stubs!.entry,
            trapExit: gen.masm.offset(of: gen.trapExit) ?? -1,
            hostCallStub: stubs!.host, functionOffsets: functionOffsets, trapSites: sites)
        if let region = executable, !gen.masm.leftExternalMemory {
            code.storage = .executable(region.region, byteCount: gen.masm.codeOffset)
        } else if let owned = gen.masm.releaseCodeStorage() {
            // The buffer's storage itself, not a copy (the artifact writer reads it in place).
            code.storage = .executable(OwnedCode(owned), byteCount: owned.count)
        } else {
            code.storage = .bytes(gen.masm.bytes)
        }
        code.explicitBoundsChecks = gen.explicitBoundsChecks
        code.costModel = gen.costModel
        code.canonicalNaNs = gen.canonicalNaNs
        code.interruptible = gen.interruptible
        code.cpuFeatures = gen.masm.cpuFeatures
        code.callSites = sitesInCodeOrder(callSites)
        return code
    }
}

/// A finished module's code in the storage it was emitted into (an owned `CodeBuffer`'s, handed over), freed
/// with the last reference. A `CodeRegion` that cannot grow: the runtime copies it into executable memory when it
/// seals it, and the artifact writer reads it in place.
final class OwnedCode: CodeRegion {
    let storage: CodeBuffer.Storage
    init(_ storage: CodeBuffer.Storage) { self.storage = storage }
    deinit { storage.release() }
    var start: UnsafeMutableRawPointer { storage.base }
    func extend(byteCount: Int, alignment: Int) -> UnsafeMutableRawPointer? { nil }
}

/// How a module is compiled.
public struct CompilerOptions: Sendable {
    /// Check every memory access explicitly instead of relying on guard pages.
    public var explicitBoundsChecks = false
    /// Meter execution with this cost model (nil: no metering code is emitted at all).
    public var metering: CostModel?
    /// Give hot locals register homes (off: every local lives in its frame slot). A testing knob: the
    /// differential tester checks that both settings compute the same thing.
    public var registerHomes = true
    /// Deterministic-NaN mode: every float operation (scalar or vector) that can make a NaN makes the canonical
    /// one, so x86-64 and AArch64 give bit-identical results. Costs a compare and a blend per such operation.
    public var canonicalizeNaNs = false
    /// Interruptible code: a check of the VM context's interrupt flag at every function entry and loop header,
    /// so `Instance.interrupt()` stops the guest there with the trap `interrupted`.
    public var interruptible = false
    /// Optional CPU features the code may use (x86-64: `.x86AVX` for three-operand VEX encodings); recorded in
    /// artifacts. In-process compilations pass what the host has; artifacts default to the baseline.
    public var targetFeatures: ArtifactFlags = []
    /// Threads compiling function bodies (nil: one per online core). The code is the same for every value.
    public var jobs: Int?
    /// Bytes of function bodies per unit of parallel work (`ParallelModuleCompiler`). The code is the same for
    /// every value: a testing knob (1: every function is compiled apart and joined) besides a tuning one.
    public var chunkBytes = 64 << 10
    /// Testing only: the compile behaves as if the system refused every thread (`CompileTeam.startThread`), so
    /// chunks are compiled and joined on the calling thread.
    var refusesThreadsForTesting = false
    public init(
        explicitBoundsChecks: Bool = false, metering: CostModel? = nil, registerHomes: Bool = true,
        canonicalizeNaNs: Bool = false, targetFeatures: ArtifactFlags = [], interruptible: Bool = false,
        jobs: Int? = nil, chunkBytes: Int = 64 << 10
    ) {
        self.jobs = jobs
        self.chunkBytes = chunkBytes
        self.interruptible = interruptible
        self.targetFeatures = targetFeatures
        self.explicitBoundsChecks = explicitBoundsChecks
        self.metering = metering
        self.registerHomes = registerHomes
        self.canonicalizeNaNs = canonicalizeNaNs
    }
}

/// The machine this process runs on picks the code generator here, and only here: every in-process compilation
/// (whole modules, streaming, the embedding API) goes through `HostCompilation`.
#if arch(arm64)
    public typealias HostMacroAssembler = A64MacroAssembler
    public typealias HostModuleCompiler = A64ModuleCompiler
#else
    public typealias HostMacroAssembler = X64MacroAssembler
    public typealias HostModuleCompiler = X64ModuleCompiler
#endif

extension CompilerOptions {
    /// The processors online (`sysconf(_SC_NPROCESSORS_ONLN)`), the default number of compile threads.
    public static var onlineCores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Configures a code generator with these options (the one place options reach `CodeGen`).
    func apply<M: MacroAssembler & ~Copyable>(to gen: CodeGen<M>) {
        gen.explicitBoundsChecks = explicitBoundsChecks
        gen.costModel = metering
        gen.registerHomes = registerHomes
        gen.canonicalNaNs = canonicalizeNaNs
        gen.interruptible = interruptible
        gen.masm.enableFeatures(targetFeatures)
    }
}

/// A compilation fed the module's bytes in chunks of any size as they arrive (each function is handed to the
/// compile threads as soon as its last byte is in) or all at once: decode, validate and generate code in one pass
/// over the bytes, bodies compiled in parallel (`ParallelModuleCompiler`).
public struct Compilation<C: ArchModuleCompiler> {
    var parser: ModuleParser<ParallelModuleCompiler<C>>

    public init(compiler: C, options: CompilerOptions) {
        compiler.configure(options)
        parser = ModuleParser(consumer: ParallelModuleCompiler(compiler, options: options))
    }

    /// Decodes, validates and compiles as much of the module as `chunk` completes.
    public mutating func feed(_ chunk: some Collection<UInt8>) throws(WasmError) {
        do { try parser.feed(chunk) } catch { throw parser.consumer.settle(error) }
    }

    /// Checks that the module is complete and returns it with its code.
    public mutating func finish() throws(WasmError) -> (ModuleInfo, CompiledCode) {
        let module: ModuleInfo
        do { module = try parser.finish() } catch { throw parser.consumer.settle(error) }
        let code = try parser.consumer.compiler.finish(module: module)
        return (module, code)
    }

    /// The module's compiler (its code buffer holds the joined code).
    public var compiler: C { parser.consumer.compiler }
}

/// A compilation for this host (see `Compilation`).
public struct HostCompilation {
    var compilation: Compilation<HostModuleCompiler>

    /// - Parameter region: where to emit the code, so it never moves before running (the runtime's
    ///   `ExecutableMemory`, sized with `ExecutableSink.reservation(forWasmBytes:)`); nil: into an owned buffer
    ///   (the code is then `.bytes`, copied into a region when the runtime seals it).
    public init(options: CompilerOptions = CompilerOptions(), region: (any CodeRegion)? = nil) {
        let compiler: ModuleCompiler<HostMacroAssembler>
        if let region {
            let sink = ExecutableSink(region: region)
            compiler = ModuleCompiler(masm: HostMacroAssembler(buffer: sink.makeBuffer()), executable: sink)
        } else {
            compiler = ModuleCompiler(masm: HostMacroAssembler())
        }
        compilation = Compilation(compiler: HostModuleCompiler(compiler), options: options)
    }

    /// Decodes, validates and compiles as much of the module as `chunk` completes.
    public mutating func feed(_ chunk: some Collection<UInt8>) throws(WasmError) { try compilation.feed(chunk) }

    /// Checks that the module is complete and returns it with its code.
    public mutating func finish() throws(WasmError) -> (ModuleInfo, CompiledCode) { try compilation.finish() }
}

/// Compiles a module for this host: decode, validate and generate code in one pass (see `HostCompilation`).
public func compileModule(
    _ bytes: some Collection<UInt8>, options: CompilerOptions = CompilerOptions(),
    region: (any CodeRegion)? = nil
) throws(WasmError) -> (ModuleInfo, CompiledCode) {
    var compilation = HostCompilation(options: options, region: region)
    try compilation.feed(bytes)
    return try compilation.finish()
}

/// Emission straight into a code region: the code buffer writes into the region's writable pages and grows by
/// committing further pages of the same reservation, so code never moves. The runtime seals the pages RX (W^X)
/// before anything runs.
public final class ExecutableSink {
    public let region: any CodeRegion
    var capacity = 0
    static let chunk = 256 << 10

    /// Address space to reserve for the code of a module of `wasmBytes` (generous: 32× the wasm size, ≥ 4 MiB).
    public static func reservation(forWasmBytes wasmBytes: Int) -> Int {
        min(max(wasmBytes * 32, 4 << 20), 1 << 30)
    }

    public init(region: any CodeRegion) {
        self.region = region
    }

    /// A code buffer writing into the region (the first chunk committed, growing in place).
    public func makeBuffer() -> CodeBuffer {
        guard let first = region.extend(byteCount: Self.chunk, alignment: 16) else { return CodeBuffer() }
        capacity = Self.chunk
        return CodeBuffer(memory: first, capacity: capacity) { [self] base, used, needed in
            let more = max(Self.chunk, needed)
            guard let p = region.extend(byteCount: more, alignment: 1), p == base + capacity else { return nil }
            capacity += more
            return (base, capacity)
        }
    }
}

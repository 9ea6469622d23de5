import AssemblerCore
import SwasmRuntime
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
    var stubs: (entry: Int, trapExit: Int, host: Int)?

    public init(masm: consuming M, executable: ExecutableSink? = nil) {
        let m = masm
        gen = CodeGen(masm: m, trapExit: Label(id: 0))
        gen.trapExit = gen.masm.newLabel()
        self.executable = executable
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

    public mutating func beginFunction(_ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
                                       module: ModuleInfo) throws(WasmError) -> CodeGen<M> {
        try beginFunction(body, locals: locals, code: UnsafeRawBufferPointer(start: nil, count: 0), module: module)
    }

    /// `code` (the operator bytes) is scanned for local accesses to choose register homes.
    public mutating func beginFunction(_ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
                                       code: UnsafeRawBufferPointer, module: ModuleInfo) throws(WasmError) -> CodeGen<M> {
        if stubs == nil { try emitStubs() }
        gen.operatorOffset = body.offset
        gen.masm.alignFunctionStart()
        functionOffsets.append(gen.masm.codeOffset)
        try gen.begin(function: body.functionIndex, locals: locals, module: module, code: code)
        return gen
    }

    public mutating func finishFunction(_ body: FunctionBodyInfo) throws(WasmError) {
        try gen.finishFunction(bodyOffset: body.offset)
    }

    /// Resolve calls between functions and return the module's code.
    public mutating func finish(module: ModuleInfo) throws(WasmError) -> CompiledCode {
        if stubs == nil { try emitStubs() }
        let imported = module.importedFunctionCount
        for (site, callee) in gen.callFixups {
            let target = functionOffsets[Int(callee) - imported]
            try gen.asm { (m) throws(AssemblerError) in try m.patchCall(at: site, target: target) }
        }
        let sites = gen.trapSites.sorted { $0.codeOffset < $1.codeOffset }
        var code = CompiledCode(code: [], entryTrampoline: stubs!.entry,
                                trapExit: gen.masm.offset(of: gen.trapExit) ?? -1,
                                hostCallStub: stubs!.host, functionOffsets: functionOffsets, trapSites: sites)
        if let region = executable, !gen.masm.leftExternalMemory {
            code.storage = .executable(region.memory, byteCount: gen.masm.codeOffset)
        } else {
            code.storage = .bytes(gen.masm.bytes)
        }
        code.explicitBoundsChecks = gen.explicitBoundsChecks
        code.costModel = gen.costModel
        code.callSites = gen.callSites.sorted { $0.codeOffset < $1.codeOffset }
        return code
    }
}

extension ModuleCompiler where M == X64MacroAssembler {
    /// A body consumer compiling for this host straight into executable memory, for `ModuleParser` (streaming
    /// compilation: feed chunks as they arrive, then `finish(module:)`).
    public static func host(options: CompilerOptions = CompilerOptions(), expectedWasmBytes: Int) throws(WasmError) -> ModuleCompiler {
        let sink = try ExecutableSink(expectedWasmBytes: expectedWasmBytes)
        let compiler = ModuleCompiler(masm: X64MacroAssembler(buffer: sink.makeBuffer()), executable: sink)
        compiler.gen.explicitBoundsChecks = options.explicitBoundsChecks
        compiler.gen.costModel = options.metering
        compiler.gen.registerHomes = options.registerHomes
        return compiler
    }
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
    public init(explicitBoundsChecks: Bool = false, metering: CostModel? = nil, registerHomes: Bool = true) {
        self.explicitBoundsChecks = explicitBoundsChecks
        self.metering = metering
        self.registerHomes = registerHomes
    }
}

/// Compile a module for the host (x86-64 here): decode, validate and generate code in one pass.
public func compileModule(_ bytes: some Collection<UInt8>, options: CompilerOptions = CompilerOptions()) throws(WasmError) -> (ModuleInfo, CompiledCode) {
    // The concrete visitor runs the code generator specialized for x86-64 (see ArchVisitors.swift).
    var parser = ModuleParser(consumer: X64ModuleCompiler(try ModuleCompiler.host(options: options, expectedWasmBytes: bytes.count)))
    try parser.feed(bytes)
    let module = try parser.finish()
    let code = try parser.consumer.finish(module: module)
    return (module, code)
}


/// Emission straight into executable memory: the code buffer writes into an `ExecutableMemory` region's RW
/// pages and grows by committing further pages of the same reservation, so code never moves. The instance seals
/// the pages RX (W^X) before anything runs.
public final class ExecutableSink {
    public let memory: ExecutableMemory
    var capacity = 0
    static let chunk = 256 << 10

    /// Reserves address space for code of a module of `expectedWasmBytes` (generous: 32× the wasm size, ≥ 4 MiB).
    public init(expectedWasmBytes: Int) throws(WasmError) {
        let reserve = min(max(expectedWasmBytes * 32, 4 << 20), 1 << 30)
        do { memory = try ExecutableMemory(reserveBytes: reserve) } catch {
            throw WasmError(.unsupported, "cannot reserve executable memory: \(error)", offset: 0)
        }
    }

    /// A code buffer writing into this region (the first chunk committed, growing in place).
    public func makeBuffer() -> CodeBuffer {
        let first = (try? memory.allocate(byteCount: Self.chunk, alignment: 16))
        guard let first else { return CodeBuffer() }
        capacity = Self.chunk
        return CodeBuffer(memory: first, capacity: capacity) { [self] base, used, needed in
            let more = max(Self.chunk, needed)
            guard let p = try? memory.allocate(byteCount: more, alignment: 1), p == base + capacity else { return nil }
            capacity += more
            return (base, capacity)
        }
    }
}

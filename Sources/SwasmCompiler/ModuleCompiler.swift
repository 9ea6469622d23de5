import AssemblerCore
import SwasmRuntime
import WasmDecoder

/// The body consumer that compiles each function as soon as the decoder hands it over (single pass).
public struct ModuleCompiler<M: MacroAssembler & ~Copyable> {
    public typealias Visitor = CodeGen<M>
    public let gen: CodeGen<M>
    var functionOffsets: [Int] = []
    var stubs: (entry: Int, trapExit: Int, host: Int)?

    public init(masm: consuming M) {
        let m = masm
        gen = CodeGen(masm: m, trapExit: Label(id: 0))
        gen.trapExit = gen.masm.newLabel()
    }

    mutating func emitStubs() throws(WasmError) {
        let exit = gen.trapExit
        let entry = gen.masm.codeOffset
        try gen.asm { (m) throws(AssemblerError) in try m.emitEntryTrampoline(trapExit: exit) }
        let host = gen.masm.codeOffset
        try gen.asm { (m) throws(AssemblerError) in try m.emitHostCallStub(trapExit: exit) }
        // The trap exit's offset is known once bound inside the entry trampoline.
        stubs = (entry, -1, host)
    }

    public mutating func beginFunction(_ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
                                       module: ModuleInfo) throws(WasmError) -> CodeGen<M> {
        if stubs == nil { try emitStubs() }
        gen.operatorOffset = body.offset
        functionOffsets.append(gen.masm.codeOffset)
        try gen.begin(function: body.functionIndex, locals: locals, module: module)
        return gen
    }

    public mutating func endFunction(_ body: FunctionBodyInfo, visitor: inout CodeGen<M>) throws(WasmError) {
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
        var code = CompiledCode(code: gen.masm.bytes, entryTrampoline: stubs!.entry,
                                trapExit: gen.masm.offset(of: gen.trapExit) ?? -1,
                                hostCallStub: stubs!.host, functionOffsets: functionOffsets, trapSites: sites)
        code.explicitBoundsChecks = gen.explicitBoundsChecks
        return code
    }
}

/// How a module is compiled.
public struct CompilerOptions: Sendable {
    /// Check every memory access explicitly instead of relying on guard pages.
    public var explicitBoundsChecks = false
    public init(explicitBoundsChecks: Bool = false) { self.explicitBoundsChecks = explicitBoundsChecks }
}

/// Compile a module for the host (x86-64 here): decode, validate and generate code in one pass.
public func compileModule(_ bytes: some Collection<UInt8>, options: CompilerOptions = CompilerOptions()) throws(WasmError) -> (ModuleInfo, CompiledCode) {
    var compiler = ModuleCompiler(masm: X64MacroAssembler())
    compiler.gen.explicitBoundsChecks = options.explicitBoundsChecks
    var parser = ModuleParser(consumer: compiler)
    try parser.feed(bytes)
    let module = try parser.finish()
    let code = try parser.consumer.finish(module: module)
    return (module, code)
}

extension ModuleCompiler: FunctionBodyConsumer where M: ~Copyable {}

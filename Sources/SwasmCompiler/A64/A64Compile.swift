import AssemblerCore
import SwasmABI
import WasmDecoder

/// Compile a module for AArch64 (cross-compiling on any host): decode, validate and generate code in one pass.
/// Mirrors `compileModule`; the code runs on an AArch64 host with the same runtime (`Instance`).
public func compileModuleAArch64(_ bytes: some Collection<UInt8>, options: CompilerOptions = CompilerOptions())
    throws(WasmError) -> (ModuleInfo, CompiledCode)
{
    let r = try compileModuleAArch64WithData(bytes, options: options)
    return (r.module, r.code)
}

/// `compileModuleAArch64` plus the byte ranges of inline data (jump tables) in the code, for tools that
/// disassemble it.
public func compileModuleAArch64WithData(_ bytes: some Collection<UInt8>, options: CompilerOptions = CompilerOptions())
    throws(WasmError) -> (module: ModuleInfo, code: CompiledCode, dataRanges: [Range<Int>])
{
    var compilation = Compilation(
        compiler: A64ModuleCompiler(ModuleCompiler(masm: A64MacroAssembler())), options: options)
    try compilation.feed(bytes)
    let (module, code) = try compilation.finish()
    return (module, code, compilation.compiler.dataRanges)
}

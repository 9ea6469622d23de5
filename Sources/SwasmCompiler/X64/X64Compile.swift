import AssemblerCore
import SwasmABI
import WasmDecoder

/// Compile a module for x86-64 into an owned buffer (cross-compiling on any host: the code is `.bytes`, for an
/// artifact). In-process compilation for this host goes through `HostCompilation` instead.
public func compileModuleX86_64(_ bytes: some Collection<UInt8>, options: CompilerOptions = CompilerOptions())
    throws(WasmError) -> (ModuleInfo, CompiledCode)
{
    var compilation = Compilation(
        compiler: X64ModuleCompiler(ModuleCompiler(masm: X64MacroAssembler())), options: options)
    try compilation.feed(bytes)
    return try compilation.finish()
}

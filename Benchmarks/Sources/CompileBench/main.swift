// Compile throughput: decode + validate + generate code for a module, in-process, one thread, release build.
// Usage: CompileBench [FILE.wasm] [RUNS] [x86_64|aarch64]   (default Benchmarks/out/large.wasm, 5 runs after a
// warm-up, both targets)
// Reports MB/s of code-section bytes (the function bodies) and of the whole module, for x86-64 (into executable
// memory) and AArch64 (cross-compiled into a buffer).
import Foundation
import SwasmABI
import SwasmCompiler
import SwasmRuntime
import WasmDecoder

let args = CommandLine.arguments
let path = args.count > 1 ? args[1] : "Benchmarks/out/large.wasm"
let runs = args.count > 2 ? Int(args[2]) ?? 5 : 5
let only = args.count > 3 ? args[3] : nil
guard let data = FileManager.default.contents(atPath: path) else {
    print("cannot read \(path) (generate it with Benchmarks/gen-large-module.sh)")
    exit(2)
}
let bytes = [UInt8](data)
let info = try validateModule(bytes)
let codeBytes = info.functionBodies.reduce(0) { $0 + $1.size }
print("module: \(path), \(bytes.count) bytes, code section bodies \(codeBytes) bytes, \(info.functionBodies.count) functions")
print("load: \((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?")")

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func measure(_ name: String, _ body: () throws -> Int) rethrows {
    _ = try body()   // warm-up
    var times: [Double] = []
    var outBytes = 0
    for _ in 0..<runs {
        let t = now()
        outBytes = try body()
        times.append(now() - t)
    }
    times.sort()
    let med = times[times.count / 2]
    print(String(format: "%@: median %.1f ms, %.1f MB/s of code (%.1f MB/s of module), min %.1f ms, max %.1f ms, %d bytes of machine code",
                 name, med * 1000, Double(codeBytes) / med / 1e6, Double(bytes.count) / med / 1e6,
                 times.first! * 1000, times.last! * 1000, outBytes))
}

if only == nil || only == "x86_64" {
    try measure("x86_64 (JIT into executable memory)") {
        let region = try ExecutableMemory(reserveBytes: ExecutableSink.reservation(forWasmBytes: bytes.count))
        return try compileModule(bytes, region: region).1.byteCount
    }
}
if only == nil || only == "aarch64" {
    try measure("aarch64 (cross-compiled)") { try compileModuleAArch64(bytes, options: CompilerOptions()).1.byteCount }
}

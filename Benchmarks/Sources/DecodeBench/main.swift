// Decode + validate throughput of WasmDecoder.
//   swift run -c release --package-path Benchmarks DecodeBench [module.wasm] [runs]
// Default module: Benchmarks/out/large.wasm (make it with Benchmarks/gen-large-module.sh); default runs: 9.
// Single-threaded. One warm-up run of each mode, then `runs` timed runs; prints MB/s (1 MB = 10^6 bytes) as
// median / min / max, by wall clock and by thread CPU time (the latter is robust on a busy machine), for (1) whole-buffer `validateModule` and (2) streaming through `ModuleParser` in 64 KiB chunks.
import Glibc
import WasmDecoder

func readFile(_ path: String) -> [UInt8] {
    guard let f = fopen(path, "rb") else {
        print("DecodeBench: cannot open \(path) (run Benchmarks/gen-large-module.sh first)")
        exit(2)
    }
    defer { fclose(f) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
        if n <= 0 { break }
        out.append(contentsOf: chunk[0..<n])
    }
    return out
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU time of this thread: on a shared machine the wall clock also counts time we were not running.
func cpuNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func fmt(_ v: Double, _ digits: Int = 1) -> String {
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let r = (v * p).rounded() / p
    var s = "\(r)"
    if let dot = s.firstIndex(of: ".") {
        let frac = s[s.index(after: dot)...].count
        if frac < digits { s += String(repeating: "0", count: digits - frac) }
    }
    return s
}

func measure(_ label: String, bytes: Int, runs: Int, _ body: () -> Int) {
    var sink = 0
    defer { if sink == 42 { print("") } }  // keep results observable so the optimizer cannot drop the work
    sink &+= body()  // warm-up
    var mbps: [Double] = []
    var cpuMbps: [Double] = []
    var secs: [Double] = []
    for _ in 0..<runs {
        let t0 = now(), c0 = cpuNow()
        sink &+= body()
        let dt = now() - t0, dc = cpuNow() - c0
        secs.append(dt)
        mbps.append(Double(bytes) / dt / 1e6)
        cpuMbps.append(Double(bytes) / dc / 1e6)
    }
    mbps.sort()
    cpuMbps.sort()
    secs.sort()
    print("\(label) wall: median \(fmt(mbps[runs / 2])) MB/s  min \(fmt(mbps.first!))  max \(fmt(mbps.last!))"
          + "  (median \(fmt(secs[runs / 2] * 1000, 2)) ms, \(runs) runs)")
    print("\(label) cpu : median \(fmt(cpuMbps[runs / 2])) MB/s  min \(fmt(cpuMbps.first!))  max \(fmt(cpuMbps.last!))"
          + "  (thread CPU time)")
}

let args = CommandLine.arguments
let path = args.count > 1 ? args[1] : "Benchmarks/out/large.wasm"
let runs = args.count > 2 ? max(5, Int(args[2]) ?? 9) : 9
let bytes = readFile(path)

let info: ModuleInfo
do {
    info = try validateModule(bytes)
} catch {
    print("DecodeBench: \(path) does not validate: \(error)")
    exit(1)
}
print("module: \(path), \(bytes.count) bytes, \(info.functionTypeIndices.count) functions "
      + "(\(info.functionBodies.count) bodies), \(info.types.count) types")

measure("whole buffer   ", bytes: bytes.count, runs: runs) {
    do { return try validateModule(bytes).functionBodies.count } catch { fatalError("\(error)") }
}

let chunkSize = 64 * 1024
measure("stream 64 KiB  ", bytes: bytes.count, runs: runs) {
    do {
        var p = ModuleParser()
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + chunkSize)
            try p.feed(bytes[i..<end])
            i = end
        }
        return try p.finish().functionBodies.count
    } catch { fatalError("\(error)") }
}

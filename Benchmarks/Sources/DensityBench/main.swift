// Issue 18 (density): 100,000 live instances of a small module, µs per instantiation (pooled vs on demand),
// RSS per idle instance, and where guard-page mode stops.
// Run: swift run -c release --package-path Benchmarks DensityBench [count [mode filter]]

import Glibc
import Swasm

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 100_000

/// A small module: one page of memory, a table, a global, a few functions.
let wat = """
    (module
      (memory (export "mem") 1 1)
      (global $g (mut i32) (i32.const 0))
      (func (export "bump") (result i32)
        (global.set $g (i32.add (global.get $g) (i32.const 1)))
        (i32.store (i32.const 0) (global.get $g))
        (i32.load (i32.const 0))))
    """

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Resident set size in bytes (/proc/self/statm, second field × page size).
func rss() -> Int {
    guard let f = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(f) }
    var size = 0
    var resident = 0
    _ = withUnsafeMutablePointer(to: &size) { s in
        withUnsafeMutablePointer(to: &resident) { r in
            withVaList([s, r]) { vfscanf(f, "%ld %ld", $0) }
        }
    }
    return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func fmt(_ x: Double, _ digits: Int = 2) -> String {
    var buf = [CChar](repeating: 0, count: 32)
    _ = withVaList([x]) { vsnprintf(&buf, 32, "%.\(digits)f", $0) }
    return String(cString: buf)
}

/// Optional second argument: run only the modes whose name contains it ("pooled", "guard", ...).
let only = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil

func run(_ name: String, _ configuration: Engine.Configuration) {
    if let only, name != only { return }
    let engine = Engine(configuration)
    let module = try! Module(engine: engine, wat: wat)
    // Warm up (lazy globals, the pool's reservation, the first VM-context slab).
    do {
        let i = try! module.instantiate()
        _ = try! i.call("bump")
    }
    var instances: [Instance] = []
    instances.reserveCapacity(count)
    let rss0 = rss()
    var failure: String? = nil
    let t0 = now()
    for _ in 0..<count {
        do { instances.append(try module.instantiate()) } catch {
            failure = "\(error)"
            break
        }
    }
    let t1 = now()
    let live = instances.count
    let rss1 = rss()
    // Every instance works.
    var sum: Int32 = 0
    for i in instances { sum &+= try! i.typedFunction("bump", Void.self, Int32.self)() }
    precondition(sum == Int32(live))
    let rss2 = rss()
    let perFirst = (t1 - t0) / Double(max(live, 1)) * 1e6
    instances.removeAll(keepingCapacity: true)
    // Second wave: every memory comes back from the pool (or the reservation cache) in pooled mode.
    // Timed in batches of 1000 as well: the best batch is the cost without interference from other processes.
    var bestBatch = Double.infinity
    let t2 = now()
    var b0 = t2
    for k in 0..<live {
        instances.append(try! module.instantiate())
        if k % 1000 == 999 {
            let b1 = now()
            bestBatch = min(bestBatch, (b1 - b0) / 1000)
            b0 = b1
        }
    }
    let t3 = now()
    instances.removeAll(keepingCapacity: true)
    // Churn: instantiate and drop one instance at a time (steady state of a request-per-instance host).
    let churn = 20_000
    let t4 = now()
    for _ in 0..<churn { _ = try! module.instantiate() }
    let t5 = now()
    print(
        "\(pad(name, 28)) live \(pad("\(live)", 7)) µs/inst first \(pad(fmt(perFirst), 6)) "
            + "reuse \(pad(fmt((t3 - t2) / Double(max(live, 1)) * 1e6), 6)) (best batch \(fmt(bestBatch * 1e6))) "
            + "churn \(pad(fmt((t5 - t4) / Double(churn) * 1e6), 6)) "
            + "RSS/idle inst \(fmt(Double(rss1 - rss0) / Double(max(live, 1)) / 1024, 1)) KiB "
            + "(after one call each \(fmt(Double(rss2 - rss0) / Double(max(live, 1)) / 1024, 1)) KiB)")
    if let failure { print("    stopped: \(failure)") }
    fflush(nil)
}

let modes = ["explicit, on demand", "explicit, pooled", "guard pages, on demand", "guard pages, pooled"]
if only == nil {
    // One process per mode, so that RSS is not hidden by heap pages an earlier mode freed.
    print("\(count) live instances per mode (one process each); RSS per idle instance = RSS growth / live instances")
    fflush(nil)
    for mode in modes {
        let args = [CommandLine.arguments[0], "\(count)", mode]
        var cArgs = args.map { strdup($0) } + [nil]
        var pid: pid_t = 0
        guard posix_spawn(&pid, CommandLine.arguments[0], nil, nil, &cArgs, environ) == 0 else {
            fatalError("posix_spawn failed")
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        for p in cArgs { free(p) }
    }
    exit(0)
}
var explicit = Engine.Configuration(boundsChecking: .explicit)
run(modes[0], explicit)
explicit.allocator = .pooling(PoolingConfiguration(maxInstances: count, maxMemoryPages: 1))
run(modes[1], explicit)
var guarded = Engine.Configuration()
run(modes[2], guarded)
guarded.allocator = .pooling(PoolingConfiguration(maxInstances: count))
run(modes[3], guarded)

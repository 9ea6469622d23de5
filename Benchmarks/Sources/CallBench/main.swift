// Cost of calls across the Swift/wasm boundary, through the public `Swasm` API.
//   swift run -c release --package-path Benchmarks CallBench [iterations]
// Prints ns per call (median of 7 timed runs of `iterations` calls each, after a warm-up run) for:
//   typed-empty   an empty exported function `() -> ()` through `TypedFunction`
//   typed-add     `(i32, i32) -> i32` through `TypedFunction`
//   untyped-empty the empty function through `Function.call([])`
//   roundtrip     wasm -> host -> wasm: an export that calls an empty typed host function once, minus nothing
//                 (the whole Swift -> wasm -> host -> wasm -> Swift call)
//   host-only     per host call inside wasm: an export loops 1000 times calling an empty host function
// Then (section "metered calls") the empty typed call into metered code, plain and interruptible (the cost of the
// per-call bookkeeping `interrupt()` needs to find the thread), and (section "interrupt") the latency of
// `interrupt()` from another thread stopping interruptible code: `loop br 0` unmetered (flag checks) and metered
// (a signal zeroes the gas register), and metered `loop (call $host)` (the signal often lands in host code):
// `trials` trials each (environment variable CALLBENCH_TRIALS, default 201), median and max, from the call of `interrupt()` to the
// `Trap` caught in Swift.
import Glibc
import Swasm

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000_000 : 1_000_000

let wat = """
    (module
      (import "env" "nop" (func $nop))
      (func (export "empty"))
      (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (func (export "roundtrip") (call $nop))
      (func (export "hostloop") (param i32)
        (loop $l
          (call $nop)
          (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))))
    """

/// `CallBench N name`: run only the measurement `name` (for profiling one path).
let only = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil

@inline(never)
func measure(_ name: String, per: Int = 1, _ body: () throws -> Void) rethrows {
    if let only, only != name { return }
    try body() // warm-up
    var runs: [Double] = []
    for _ in 0..<7 {
        let t0 = now()
        try body()
        runs.append((now() - t0) * 1e9 / Double(iterations * per))
    }
    runs.sort()
    func f(_ x: Double) -> String { String(Double((x * 10).rounded()) / 10) }
    let pad = String(repeating: " ", count: max(0, 14 - name.count))
    print("\(name)\(pad) \(f(runs[3])) ns/call  (min \(f(runs[0])), max \(f(runs[6])))")
}

let engine = Engine()
let module = try Module(engine: engine, wat: wat)
let linker = Linker(engine: engine)
linker.define("env", "nop") { (_: Caller) in }
let instance = try linker.instantiate(module)
let empty = try instance.typedFunction("empty", Void.self, Void.self)
let add = try instance.typedFunction("add", (Int32, Int32).self, Int32.self)
let untyped = try instance.function(named: "empty")
let roundtrip = try instance.typedFunction("roundtrip", Void.self, Void.self)
let hostloop = try instance.typedFunction("hostloop", Int32.self, Void.self)

print("CallBench: \(iterations) calls per run")
try measure("typed-empty") { for _ in 0..<iterations { try empty() } }
var sink: Int32 = 0
try measure("typed-add") {
    for i in 0..<iterations { sink &+= try add(Int32(truncatingIfNeeded: i), 1) }
}
try measure("untyped-empty") { for _ in 0..<iterations { try untyped.call([]) } }
try measure("roundtrip") { for _ in 0..<iterations { try roundtrip() } }
try measure("host-only") { for _ in 0..<(iterations / 1000) { try hostloop(1000) } }
if sink == 42 { print("") }

// MARK: metered calls (not in the baseline copy)

for interruptible in [false, true] {
    var c = Engine.Configuration(metering: CostModel())
    c.interruptible = interruptible
    let e = Engine(c)
    let l = Linker(engine: e)
    l.define("env", "nop") { (_: Caller) in }
    let inst = try l.instantiate(Module(engine: e, wat: wat))
    inst.gasRemaining = .max
    let f = try inst.typedFunction("empty", Void.self, Void.self)
    try measure(interruptible ? "metered-intr" : "metered-empty") { for _ in 0..<iterations { try f() } }
}

// MARK: interrupt (not in the baseline copy)

let trials = getenv("CALLBENCH_TRIALS").flatMap { Int(String(cString: $0)) } ?? 201

final class Box: @unchecked Sendable { var sentAt = 0.0 }

func interruptLatency(metered: Bool, callingHost: Bool = false) throws {
    var c = Engine.Configuration(metering: metered ? CostModel() : nil)
    c.interruptible = true
    let e = Engine(c)
    let l = Linker(engine: e)
    l.define("env", "nop") { (_: Caller) in }
    let spinWat = """
        (module (import "env" "nop" (func $nop))
          (func (export "spin") (loop $l (br $l)))
          (func (export "spinHost") (loop $l (call $nop) (br $l))))
        """
    let inst = try l.instantiate(Module(engine: e, wat: spinWat))
    if metered { inst.gasRemaining = .max }
    let spin = try inst.typedFunction(callingHost ? "spinHost" : "spin", Void.self, Void.self)
    var latencies: [Double] = []
    for _ in 0..<trials {
        let box = Box()
        let context = Unmanaged.passRetained(InterrupterContext(handle: inst.interruptHandle, box: box)).toOpaque()
        var thread = pthread_t()
        pthread_create(&thread, nil, { raw in
            let c = Unmanaged<InterrupterContext>.fromOpaque(raw!).takeRetainedValue()
            usleep(2000)
            c.box.sentAt = now()
            c.handle.interrupt()
            return nil
        }, context)
        do { try spin() } catch let t as Trap where t.code == .interrupted {}
        let stopped = now()
        pthread_join(thread, nil)
        latencies.append((stopped - box.sentAt) * 1e6)
    }
    latencies.sort()
    func f(_ x: Double) -> String { String(Double((x * 10).rounded()) / 10) }
    let name = (metered ? "metered" : "unmetered") + (callingHost ? " host loop" : "")
    let pad = String(repeating: " ", count: max(0, 17 - name.count))
    print(
        "interrupt \(name)\(pad) median \(f(latencies[trials / 2])) µs, 90% \(f(latencies[trials * 9 / 10])) µs, "
            + "max \(f(latencies[trials - 1])) µs (\(trials) trials)")
}

final class InterrupterContext: @unchecked Sendable {
    let handle: InterruptHandle
    let box: Box
    init(handle: InterruptHandle, box: Box) {
        self.handle = handle
        self.box = box
    }
}

if only == nil { try interruptLatency(metered: false) }
if only == nil { try interruptLatency(metered: true) }
if only == nil { try interruptLatency(metered: true, callingHost: true) }

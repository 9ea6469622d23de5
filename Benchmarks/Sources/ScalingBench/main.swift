// Compile-time scaling on pathological modules (issue 8: compile cost linear in module size).
// Usage: ScalingBench [--runs R] [--n N] [SHAPE ...]   (release build; default: 5 runs after a warm-up, every
// shape at its 5 sizes; `--n N` measures only size N, e.g. under `valgrind --tool=callgrind`)
// Each shape is built in memory at 5 sizes (doubling) and compiled for x86-64 into executable memory, without
// and with metering. Per size: code-section bytes, median thread-CPU time, ns per code byte; per shape: the ratio
// of ns/byte at the largest size to the smallest (≈ 1 = linear; > 2 is flagged SUPERLINEAR).
import Glibc
import SwasmABI
import SwasmCompiler
import SwasmRuntime
import WasmDecoder

// MARK: - A minimal wasm binary writer

func uleb(_ v: Int) -> [UInt8] {
    var v = UInt64(v), out: [UInt8] = []
    repeat {
        let b = UInt8(v & 0x7f)
        v >>= 7
        out.append(v == 0 ? b : b | 0x80)
    } while v != 0
    return out
}

func sleb(_ v: Int64) -> [UInt8] {
    var v = v, out: [UInt8] = []
    while true {
        let b = UInt8(v & 0x7f)
        v >>= 7
        if (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0) { return out + [b] }
        out.append(b | 0x80)
    }
}

enum T { static let i32: UInt8 = 0x7f, i64: UInt8 = 0x7e, f64: UInt8 = 0x7c, empty: UInt8 = 0x40 }

/// Instruction bytes of one function body.
struct Code {
    var b: [UInt8] = []
    mutating func op(_ o: UInt8...) { b += o }
    mutating func i32(_ v: Int32) { b.append(0x41); b += sleb(Int64(v)) }
    mutating func i64(_ v: Int64) { b.append(0x42); b += sleb(v) }
    mutating func f64(_ v: Double) { b.append(0x44); withUnsafeBytes(of: v.bitPattern.littleEndian) { b += $0 } }
    mutating func get(_ l: Int) { b.append(0x20); b += uleb(l) }
    mutating func set(_ l: Int) { b.append(0x21); b += uleb(l) }
    mutating func call(_ f: Int) { b.append(0x10); b += uleb(f) }
}

struct Function {
    var type: Int
    var locals: [(count: Int, type: UInt8)] = []
    var code: Code
}

/// A module of `types`, `functions` (the first one exported as "f"). Returns the bytes and the code section size.
func module(types: [(params: [UInt8], results: [UInt8])], functions: [Function]) -> (bytes: [UInt8], code: Int) {
    func section(_ id: UInt8, _ payload: [UInt8]) -> [UInt8] { [id] + uleb(payload.count) + payload }
    var out: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
    var ty = uleb(types.count)
    for t in types { ty += [0x60] + uleb(t.params.count) + t.params + uleb(t.results.count) + t.results }
    out += section(1, ty)
    out += section(3, uleb(functions.count) + functions.flatMap { uleb($0.type) })
    out += section(7, uleb(1) + uleb(1) + Array("f".utf8) + [0x00, 0x00])
    var code = uleb(functions.count)
    for f in functions {
        var body = uleb(f.locals.count)
        for l in f.locals { body += uleb(l.count) + [l.type] }
        body += f.code.b + [0x0b]
        code += uleb(body.count) + body
    }
    let codeSection = section(10, code)
    return (out + codeSection, codeSection.count)
}

/// One function `(param i32 i32) (result R)` with extra declared locals.
func single(_ code: Code, result: UInt8 = T.i32, locals: [(count: Int, type: UInt8)] = []) -> (bytes: [UInt8], code: Int) {
    module(types: [([T.i32, T.i32], [result])], functions: [Function(type: 0, locals: locals, code: code)])
}

// MARK: - Shapes

struct Shape {
    var name: String
    var sizes: [Int]
    var build: (Int) -> (bytes: [UInt8], code: Int)
}

func doubling(_ n: Int) -> [Int] { (0..<5).map { n << $0 } }

/// Type of declared local j (1-based; param 0 and 1 are i32) in the mixed-locals shape.
func mixedType(_ j: Int) -> UInt8 { [T.i32, T.i64, T.f64][(j - 2) % 3] }

let shapes: [Shape] = [
    Shape(name: "nest-block", sizes: doubling(6_250)) { n in
        var c = Code()
        for _ in 0..<n { c.op(0x02, T.empty) }
        for _ in 0..<n { c.op(0x0b) }
        c.get(0)
        return single(c)
    },
    Shape(name: "nest-loop", sizes: doubling(6_250)) { n in
        var c = Code()
        for _ in 0..<n { c.op(0x03, T.empty) }
        for _ in 0..<n { c.op(0x0b) }
        c.get(0)
        return single(c)
    },
    // x; block (result i32) ... x; block (result i32) x end add ... end add: a value below every level.
    Shape(name: "nest-block-value", sizes: doubling(6_250)) { n in
        var c = Code()
        for _ in 0..<n { c.get(0); c.op(0x02, T.i32) }
        c.get(0)
        for _ in 0..<n { c.op(0x0b, 0x6a) }
        return single(c)
    },
    // x; (if (result i32) (x) (then ...) (else 0)) add, nested.
    Shape(name: "nest-if-value", sizes: doubling(6_250)) { n in
        var c = Code()
        for _ in 0..<n { c.get(0); c.get(0); c.op(0x04, T.i32) }
        c.get(0)
        for _ in 0..<n { c.op(0x05); c.i32(0); c.op(0x0b, 0x6a) }
        return single(c)
    },
    // N locals in runs of one (i32/i64/f64 in turn); every 16th is written, then all of those are summed.
    Shape(name: "locals-mixed", sizes: doubling(12_500)) { n in
        var c = Code()
        let touched = stride(from: 2, to: n + 2, by: 16)
        for j in touched {
            c.get(0)
            switch mixedType(j) {
            case T.i32: c.i32(Int32(j)); c.op(0x6a)
            case T.i64: c.op(0xad); c.i64(Int64(j)); c.op(0x7c)
            default: c.op(0xb8); c.f64(Double(j)); c.op(0xa0)
            }
            c.set(j)
        }
        c.i64(0)
        for j in touched {
            c.get(j)
            switch mixedType(j) {
            case T.i32: c.op(0xad)
            case T.i64: break
            default: c.op(0xb1)
            }
            c.op(0x7c)
        }
        return single(c, result: T.i64, locals: (2..<n + 2).map { (1, mixedType($0)) })
    },
    // N i64 locals: local k = k, then all N pushed on the operand stack and summed by N-1 adds.
    Shape(name: "locals-stack", sizes: doubling(12_500)) { n in
        var c = Code()
        for k in 2..<n + 2 { c.i64(Int64(k)); c.set(k) }
        for k in 2..<n + 2 { c.get(k) }
        for _ in 1..<n { c.op(0x7c) }
        return single(c, result: T.i64, locals: [(n, T.i64)])
    },
    // br_table with N targets over 8 nested blocks (target i → block i % 8); each block end returns its depth.
    Shape(name: "br_table", sizes: doubling(12_500)) { n in
        var c = Code()
        for _ in 0..<8 { c.op(0x02, T.empty) }
        c.get(0)
        c.op(0x0e); c.b += uleb(n)
        for i in 0..<n { c.b += uleb(i % 8) }
        c.b += uleb(7)
        for d in 0..<8 { c.op(0x0b); c.i32(Int32(d)); c.op(0x0f) }
        c.i32(-1)
        return single(c)
    },
    // The same with an i32 carried to each (result i32) block.
    Shape(name: "br_table-value", sizes: doubling(12_500)) { n in
        var c = Code()
        for _ in 0..<8 { c.op(0x02, T.i32) }
        c.get(1)
        c.get(0)
        c.op(0x0e); c.b += uleb(n)
        for i in 0..<n { c.b += uleb(i % 8) }
        c.b += uleb(7)
        for d in 0..<8 { c.op(0x0b); c.i32(Int32(d)); c.op(0x6a); if d < 7 { c.op(0x0f) } }
        return single(c)
    },
    // N functions (i32) -> i32; function i returns f(i+1)(x + 1).
    Shape(name: "functions", sizes: doubling(1_250)) { n in
        let fs = (0..<n).map { i in
            var c = Code()
            c.get(0); c.i32(1); c.op(0x6a)
            if i + 1 < n { c.call(i + 1) }
            return Function(type: 0, code: c)
        }
        return module(types: [([T.i32], [T.i32])], functions: fs)
    },
    // N arithmetic operators in one expression chain.
    Shape(name: "straight-line", sizes: doubling(25_000)) { n in
        var c = Code()
        c.get(0)
        for k in 0..<n / 6 { c.i32(Int32(k & 63)); c.op(0x6a); c.i32(3); c.op(0x6c); c.get(1); c.op(0x73) }
        return single(c)
    },
    // N constants on the operand stack, then N-1 adds.
    Shape(name: "stack-const", sizes: doubling(12_500)) { n in
        var c = Code()
        for k in 0..<n { c.i32(Int32(k & 63)) }
        for _ in 1..<n { c.op(0x6a) }
        return single(c)
    },
    // N local.gets on the operand stack, then N-1 adds.
    Shape(name: "stack-locals", sizes: doubling(12_500)) { n in
        var c = Code()
        for k in 0..<n { c.get(k & 1) }
        for _ in 1..<n { c.op(0x6a) }
        return single(c)
    },
    // N constants on the operand stack, each followed by a `local.set` (which must detach readers of the local).
    Shape(name: "stack-set", sizes: doubling(12_500)) { n in
        var c = Code()
        for k in 0..<n { c.i32(Int32(k & 63)); c.get(0); c.set(1) }
        for _ in 1..<n { c.op(0x6a) }
        return single(c)
    },
    // N call results on the operand stack (every call spills the stack), then N-1 adds.
    Shape(name: "stack-calls", sizes: doubling(12_500)) { n in
        var c = Code()
        for k in 0..<n { c.i32(Int32(k & 63)); c.call(1) }
        for _ in 1..<n { c.op(0x6a) }
        var id = Code()
        id.get(0)
        return module(types: [([T.i32, T.i32], [T.i32]), ([T.i32], [T.i32])],
                      functions: [Function(type: 0, code: c), Function(type: 1, code: id)])
    },
    // N computed values (x + k) on the operand stack, then N-1 adds: registers run out, values spill.
    Shape(name: "stack-computed", sizes: doubling(12_500)) { n in
        var c = Code()
        for k in 0..<n { c.get(0); c.i32(Int32(k & 63)); c.op(0x6a) }
        for _ in 1..<n { c.op(0x6a) }
        return single(c)
    },
]

// MARK: - Measurement

func clock(_ id: clockid_t) -> Double {
    var ts = timespec()
    clock_gettime(id, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Median thread-CPU and wall seconds of `runs` compilations after one warm-up, and the machine-code size.
func measure(_ bytes: [UInt8], _ options: CompilerOptions, runs: Int) throws -> (cpu: Double, wall: Double, machine: Int) {
    let machine = try compileModule(bytes, options: options).1.byteCount
    var cpu: [Double] = [], wall: [Double] = []
    for _ in 0..<runs {
        let w = clock(CLOCK_MONOTONIC), c = clock(CLOCK_THREAD_CPUTIME_ID)
        _ = try compileModule(bytes, options: options)
        cpu.append(clock(CLOCK_THREAD_CPUTIME_ID) - c)
        wall.append(clock(CLOCK_MONOTONIC) - w)
    }
    return (cpu.sorted()[runs / 2], wall.sorted()[runs / 2], machine)
}

var runs = 5
var filter: [String] = []
var onlySize: Int?
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    if a == "--runs", let v = args.popFirst().flatMap({ Int($0) }), v > 0 { runs = v }
    else if a == "--n", let v = args.popFirst().flatMap({ Int($0) }), v > 1 { onlySize = v }
    else { filter.append(a) }
}
func loadavg() -> String {
    guard let f = fopen("/proc/loadavg", "r") else { return "?" }
    defer { fclose(f) }
    var buf = [CChar](repeating: 0, count: 128)
    guard fgets(&buf, 128, f) != nil else { return "?" }
    return cString(buf).split(separator: "\n").first.map(String.init) ?? "?"
}

print("load before: \(loadavg()); \(runs) runs per size after a warm-up; times are medians of thread CPU time (one compile thread)")
print("")
print("| shape | N | code bytes | machine bytes | median ms (wall) | ns/byte | metered ms | metered ns/byte |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
var summary: [String] = []
// One compile thread: the times are the calling thread's CPU time, which parallel compilation would move to workers.
let metering = CompilerOptions(metering: CostModel(), jobs: 1)
for shape in shapes where filter.isEmpty || filter.contains(shape.name) {
    var first: (plain: Double, metered: Double)?
    var last = first
    var skipped = false
    for n in onlySize.map({ [$0] }) ?? shape.sizes {
        let m = shape.build(n)
        do {
            let plain = try measure(m.bytes, CompilerOptions(jobs: 1), runs: runs)
            let metered = try measure(m.bytes, metering, runs: runs)
            let nsb = (plain.cpu * 1e9 / Double(m.code), metered.cpu * 1e9 / Double(m.code))
            if first == nil { first = nsb }
            last = nsb
            print("| \(shape.name) | \(n) | \(m.code) | \(plain.machine) | "
                  + fmt(plain.cpu * 1e3, 2) + " (" + fmt(plain.wall * 1e3, 2) + ") | " + fmt(nsb.0, 2) + " | "
                  + fmt(metered.cpu * 1e3, 2) + " | " + fmt(nsb.1, 2) + " |")
            fflush(nil)   // one row at a time, also when redirected
            // Stop growing a shape whose compilation already takes seconds (a superlinear one).
            if plain.cpu > 5 { skipped = n != shape.sizes.last; break }
        } catch {
            print("| \(shape.name) | \(n) | \(m.code) | error: \(error) | | | | |")
            break
        }
    }
    if let f = first, let l = last {
        let r = (l.plain / f.plain, l.metered / f.metered)
        let flag = max(r.0, r.1) > 2 ? "SUPERLINEAR" : "linear"
        summary.append("| \(shape.name) | " + fmt(r.0, 2) + " | " + fmt(r.1, 2) + " | \(flag)\(skipped ? " (larger sizes skipped)" : "") |")
    }
}
print("")
print("| shape | ns/byte ratio largest/smallest | metered | verdict |")
print("|---|---:|---:|---|")
for s in summary { print(s) }
print("")
print("load after: \(loadavg())")

func fmt(_ v: Double, _ digits: Int) -> String {
    var buf = [CChar](repeating: 0, count: 64)
    _ = withVaList([v]) { vsnprintf(&buf, 64, "%.\(digits)f", $0) }
    return cString(buf)
}

func cString(_ buf: [CChar]) -> String {
    String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

import SwasmABI
import SwasmCompiler
import SwasmRuntime
import Testing
import WasmDecoder

// Pathological module shapes (issue 8): deep nesting, tens of thousands of locals, huge br_tables, many
// functions, long bodies, deep operand stacks. Each one compiles, runs and returns a checked result; and the
// machine code grows at most linearly with the shape's size (a deterministic check: no timing here; compile
// time is measured by Benchmarks/Sources/ScalingBench).

/// A minimal binary-module writer: instruction builders and a module of typed functions, the first exported as "f".
private struct Body {
    var b: [UInt8] = []

    static func uleb(_ v: Int) -> [UInt8] {
        var v = UInt64(v)
        var out: [UInt8] = []
        repeat {
            let byte = UInt8(v & 0x7f)
            v >>= 7
            out.append(v == 0 ? byte : byte | 0x80)
        } while v != 0
        return out
    }
    static func sleb(_ v: Int64) -> [UInt8] {
        var v = v
        var out: [UInt8] = []
        while true {
            let byte = UInt8(v & 0x7f)
            v >>= 7
            if (v == 0 && byte & 0x40 == 0) || (v == -1 && byte & 0x40 != 0) { return out + [byte] }
            out.append(byte | 0x80)
        }
    }

    mutating func op(_ o: UInt8...) { b += o }
    mutating func i32(_ v: Int32) {
        b.append(0x41)
        b += Self.sleb(Int64(v))
    }
    mutating func i64(_ v: Int64) {
        b.append(0x42)
        b += Self.sleb(v)
    }
    mutating func f64(_ v: Double) {
        b.append(0x44)
        withUnsafeBytes(of: v.bitPattern.littleEndian) { b += $0 }
    }
    mutating func get(_ l: Int) {
        b.append(0x20)
        b += Self.uleb(l)
    }
    mutating func set(_ l: Int) {
        b.append(0x21)
        b += Self.uleb(l)
    }
    mutating func tee(_ l: Int) {
        b.append(0x22)
        b += Self.uleb(l)
    }
    mutating func call(_ f: Int) {
        b.append(0x10)
        b += Self.uleb(f)
    }
    mutating func brTable(_ targets: [Int], default d: Int) {
        b.append(0x0e)
        b += Self.uleb(targets.count)
        for t in targets { b += Self.uleb(t) }
        b += Self.uleb(d)
    }
}

private let i32: UInt8 = 0x7f
private let i64: UInt8 = 0x7e
private let f64: UInt8 = 0x7c
private let void: UInt8 = 0x40

private struct Fn {
    var type: Int
    var locals: [(count: Int, type: UInt8)] = []
    var body: Body
}

private func moduleBytes(types: [(params: [UInt8], results: [UInt8])], functions: [Fn]) -> [UInt8] {
    func section(_ id: UInt8, _ payload: [UInt8]) -> [UInt8] { [id] + Body.uleb(payload.count) + payload }
    var out: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
    var ty = Body.uleb(types.count)
    for t in types { ty += [0x60] + Body.uleb(t.params.count) + t.params + Body.uleb(t.results.count) + t.results }
    out += section(1, ty)
    out += section(3, Body.uleb(functions.count) + functions.flatMap { Body.uleb($0.type) })
    out += section(7, [0x01, 0x01, UInt8(ascii: "f"), 0x00, 0x00])
    var code = Body.uleb(functions.count)
    for f in functions {
        var body = Body.uleb(f.locals.count)
        for l in f.locals { body += Body.uleb(l.count) + [l.type] }
        body += f.body.b + [0x0b]
        code += Body.uleb(body.count) + body
    }
    return out + section(10, code)
}

/// One function `(param i32 i32) (result R)`, exported as "f".
private func single(_ body: Body, result: UInt8 = i32, locals: [(count: Int, type: UInt8)] = []) -> [UInt8] {
    moduleBytes(types: [([i32, i32], [result])], functions: [Fn(type: 0, locals: locals, body: body)])
}

/// Compile (metered or not) and instantiate with plenty of gas.
private func instance(_ bytes: [UInt8], metering: Bool = false) throws -> Instance {
    let (m, c) = try compileModule(bytes, options: CompilerOptions(metering: metering ? CostModel() : nil))
    var config = InstanceConfiguration()
    config.initialGas = 1 << 40
    return try Instance(module: m, code: c, imports: [], configuration: config)
}

private func compileAndCall(_ bytes: [UInt8], _ args: [Value], metering: Bool = false) throws -> [Value] {
    try instance(bytes, metering: metering).invoke("f", args)
}

// MARK: - Shapes (shared by the run tests and the linearity test)

private enum Shapes {
    /// x; block (result i32) ... (N levels) x; br_table [0 ..< N] (index y) ... end add ...:
    /// a branch to depth d returns x * (N + 1 - d); no branch (d >= N: the default, the outermost block) → 2x.
    static func nestedBlockValues(_ n: Int) -> [UInt8] {
        var c = Body()
        for _ in 0..<n {
            c.get(0)
            c.op(0x02, i32)
        }
        c.get(0)
        c.get(1)
        c.brTable(Array(0..<n), default: n - 1)
        for _ in 0..<n { c.op(0x0b, 0x6a) }
        return single(c)
    }

    /// x; y; if (result i32) ... (N levels) x ... else 7 end add: y != 0 → (N + 1) x; y == 0 → 7 + x.
    static func nestedIfValues(_ n: Int) -> [UInt8] {
        var c = Body()
        for _ in 0..<n {
            c.get(0)
            c.get(1)
            c.op(0x04, i32)
        }
        c.get(0)
        for _ in 0..<n {
            c.op(0x05)
            c.i32(7)
            c.op(0x0b, 0x6a)
        }
        return single(c)
    }

    /// N nested loops (plus an empty block around each); the innermost decrements x and branches back to the
    /// middle loop while x != 0, counting iterations in local 1: returns x for x >= 1.
    static func nestedLoops(_ n: Int) -> [UInt8] {
        var c = Body()
        for _ in 0..<n { c.op(0x02, void, 0x03, void) }
        c.get(1)
        c.i32(1)
        c.op(0x6a)
        c.set(1)
        c.get(0)
        c.i32(1)
        c.op(0x6b)
        c.tee(0)
        c.op(0x0d)
        c.b += Body.uleb(n) // br_if to the loop at nesting level n/2
        for _ in 0..<2 * n { c.op(0x0b) }
        c.get(1)
        return single(c)
    }

    /// Declared local j (j >= 2) of the mixed-locals shape has type `mixedType(j)`.
    static func mixedType(_ j: Int) -> UInt8 { [i32, i64, f64][(j - 2) % 3] }

    /// N locals in runs of one (i32/i64/f64 in turn); every `stride`-th local j is set to x + j, then all of
    /// them and a few never-written ones (zero) are summed as i64.
    static func mixedLocals(_ n: Int, stride s: Int) -> [UInt8] {
        var c = Body()
        let touched = Array(stride(from: 2, to: n + 2, by: s))
        for j in touched {
            c.get(0)
            switch mixedType(j) {
            case i32:
                c.i32(Int32(j))
                c.op(0x6a)
            case i64:
                c.op(0xad)
                c.i64(Int64(j))
                c.op(0x7c)
            default:
                c.op(0xb8)
                c.f64(Double(j))
                c.op(0xa0)
            }
            c.set(j)
        }
        c.i64(0)
        for j in touched + [3, n / 2 + 1, n + 1] {
            c.get(j)
            switch mixedType(j) {
            case i32: c.op(0xad)
            case i64: break
            default: c.op(0xb1)
            }
            c.op(0x7c)
        }
        return single(c, result: i64, locals: (2..<n + 2).map { (1, mixedType($0)) })
    }

    /// N i64 locals set to k, all pushed on the operand stack, then summed: Σ k for k in 2 ..< N + 2.
    static func localsOnStack(_ n: Int) -> [UInt8] {
        var c = Body()
        for k in 2..<n + 2 {
            c.i64(Int64(k))
            c.set(k)
        }
        for k in 2..<n + 2 { c.get(k) }
        for _ in 1..<n { c.op(0x7c) }
        return single(c, result: i64, locals: [(n, i64)])
    }

    /// br_table with N targets over K nested blocks, target i = (7 i) mod K, default K / 2; leaving block d
    /// (depth d) returns 7 d + 1.
    static func brTable(_ n: Int, blocks k: Int) -> [UInt8] {
        var c = Body()
        for _ in 0..<k { c.op(0x02, void) }
        c.get(0)
        c.brTable((0..<n).map { (7 * $0) % k }, default: k / 2)
        for d in 0..<k {
            c.op(0x0b)
            c.i32(Int32(7 * d + 1))
            c.op(0x0f)
        }
        c.i32(-1)
        return single(c)
    }

    /// N functions; f_i(x) = f_{i+1}(x + 1) + i, the last returns 2x.
    static func functions(_ n: Int) -> [UInt8] {
        let fs = (0..<n).map { i in
            var c = Body()
            if i + 1 < n {
                c.get(0)
                c.i32(1)
                c.op(0x6a)
                c.call(i + 1)
                c.i32(Int32(i))
                c.op(0x6a)
            } else {
                c.get(0)
                c.i32(2)
                c.op(0x6c)
            }
            return Fn(type: 0, body: c)
        }
        return moduleBytes(types: [([i32], [i32])], functions: fs)
    }

    /// acc = x; N times: acc = ((acc + (k & 63)) * 3) ^ y.
    static func straightLine(_ n: Int) -> [UInt8] {
        var c = Body()
        c.get(0)
        for k in 0..<n {
            c.i32(Int32(k & 63))
            c.op(0x6a)
            c.i32(3)
            c.op(0x6c)
            c.get(1)
            c.op(0x73)
        }
        return single(c)
    }

    /// N values x + (k & 63) on the operand stack (registers run out: they spill), then N - 1 adds.
    static func stackComputed(_ n: Int) -> [UInt8] {
        var c = Body()
        for k in 0..<n {
            c.get(0)
            c.i32(Int32(k & 63))
            c.op(0x6a)
        }
        for _ in 1..<n { c.op(0x6a) }
        return single(c)
    }

    /// N call results id(k & 63) on the operand stack (each call spills the stack), each followed by a
    /// `local.set` of x into local 1, then N - 1 adds, plus local 1.
    static func stackCalls(_ n: Int) -> [UInt8] {
        var c = Body()
        for k in 0..<n {
            c.i32(Int32(k & 63))
            c.call(1)
            c.get(0)
            c.set(1)
        }
        for _ in 1..<n { c.op(0x6a) }
        c.get(1)
        c.op(0x6a)
        var id = Body()
        id.get(0)
        return moduleBytes(
            types: [([i32, i32], [i32]), ([i32], [i32])],
            functions: [Fn(type: 0, body: c), Fn(type: 1, body: id)])
    }
}

/// Σ (k & 63) for k in 0 ..< n, wrapping.
private func sum63(_ n: Int) -> Int32 { (0..<n).reduce(Int32(0)) { $0 &+ Int32($1 & 63) } }

@Suite("Pathological modules")
struct PathologicalModuleTests {
    @Test(
        "2,000 nested (result i32) blocks with a value below each level; br_table out to any depth",
        arguments: [false, true])
    func nestedBlockValues(metering: Bool) throws {
        let n = 2_000
        let inst = try instance(Shapes.nestedBlockValues(n), metering: metering)
        for d in [0, 1, 2, 999, n - 2, n - 1, n, 1 << 30] {
            let expected = d < n ? 3 * Int32(n + 1 - d) : 6
            #expect(try inst.invoke("f", [.i32(3), .i32(Int32(d))]) == [.i32(expected)], "depth \(d)")
        }
    }

    @Test("2,000 nested if/else with a value below each level", arguments: [false, true])
    func nestedIfValues(metering: Bool) throws {
        let n = 2_000
        let inst = try instance(Shapes.nestedIfValues(n), metering: metering)
        #expect(try inst.invoke("f", [.i32(5), .i32(1)]) == [.i32(5 * Int32(n + 1))])
        #expect(try inst.invoke("f", [.i32(5), .i32(0)]) == [.i32(12)])
    }

    @Test("5,000 nested loops with a branch back to the middle one", arguments: [false, true])
    func nestedLoops(metering: Bool) throws {
        let inst = try instance(Shapes.nestedLoops(5_000), metering: metering)
        for x: Int32 in [1, 2, 37] {
            #expect(try inst.invoke("f", [.i32(x), .i32(0)]) == [.i32(x)])
        }
    }

    @Test(
        "locals in mixed runs: 50,000 (flat lookup) and 70,000 (run lookup in the validator)",
        arguments: [50_000, 70_000])
    func manyLocals(n: Int) throws {
        let x: Int64 = 11
        let expected = stride(from: 2, to: n + 2, by: 7).reduce(Int64(0)) { $0 + x + Int64($1) }
        #expect(try compileAndCall(Shapes.mixedLocals(n, stride: 7), [.i32(Int32(x)), .i32(0)]) == [.i64(expected)])
    }

    @Test("20,000 locals pushed on the operand stack and summed")
    func localsOnStack() throws {
        let n = 20_000
        let expected = (2..<Int64(n + 2)).reduce(0, +)
        #expect(try compileAndCall(Shapes.localsOnStack(n), [.i32(0), .i32(0)]) == [.i64(expected)])
    }

    @Test("br_table with 100,000 targets over 100 blocks", arguments: [false, true])
    func hugeBrTable(metering: Bool) throws {
        let (n, k) = (100_000, 100)
        let inst = try instance(Shapes.brTable(n, blocks: k), metering: metering)
        for i in [0, 1, 2, 13, 99, 100, 4_321, 50_000, n - 1] {
            #expect(
                try inst.invoke("f", [.i32(Int32(i)), .i32(0)]) == [.i32(Int32(7 * ((7 * i) % k) + 1))], "index \(i)")
        }
        for i: Int32 in [Int32(n), Int32(n + 1), .max, -1] {
            #expect(try inst.invoke("f", [.i32(i), .i32(0)]) == [.i32(Int32(7 * (k / 2) + 1))], "default \(i)")
        }
    }

    @Test("2,000 functions calling each other")
    func manyFunctions() throws {
        let n = 2_000
        let expected = Int32(2 * (10 + n - 1) + (0..<n - 1).reduce(0, +))
        #expect(try compileAndCall(Shapes.functions(n), [.i32(10)]) == [.i32(expected)])
    }

    @Test("30,000 arithmetic operators in one expression")
    func straightLine() throws {
        let (n, x, y): (Int, Int32, Int32) = (5_000, 12345, 0x5a5a)
        let expected = (0..<n).reduce(x) { acc, k in ((acc &+ Int32(k & 63)) &* 3) ^ y }
        #expect(try compileAndCall(Shapes.straightLine(n), [.i32(x), .i32(y)]) == [.i32(expected)])
    }

    @Test("5,000 computed values on the operand stack, then summed", arguments: [false, true])
    func deepStack(metering: Bool) throws {
        let (n, x): (Int, Int32) = (5_000, 1_000)
        #expect(
            try compileAndCall(Shapes.stackComputed(n), [.i32(x), .i32(0)], metering: metering)
                == [.i32(Int32(n) &* x &+ sum63(n))])
    }

    @Test("2,000 call results on the operand stack, with local.set between, then summed")
    func deepStackCalls() throws {
        let (n, x): (Int, Int32) = (2_000, 9)
        #expect(try compileAndCall(Shapes.stackCalls(n), [.i32(x), .i32(0)]) == [.i32(sum63(n) &+ x)])
    }

    /// Machine code for size 4N is at most 4.5 × that for N plus a constant (the shared stubs, the prologue):
    /// per-level or per-value code must not grow with the depth.
    @Test(
        "machine code grows at most linearly with the shape's size",
        arguments: [
            "nested-block-values", "nested-if-values", "nested-loops", "mixed-locals", "locals-on-stack", "br_table",
            "functions", "straight-line", "stack-computed", "stack-calls"
        ])
    func linearCodeSize(shape: String) throws {
        let build: (Int) -> [UInt8] =
            switch shape {
            case "nested-block-values": { Shapes.nestedBlockValues(250 * $0) }
            case "nested-if-values": { Shapes.nestedIfValues(250 * $0) }
            case "nested-loops": { Shapes.nestedLoops(250 * $0) }
            case "mixed-locals": { Shapes.mixedLocals(2_500 * $0, stride: 7) }
            case "locals-on-stack": { Shapes.localsOnStack(1_000 * $0) }
            case "br_table": { Shapes.brTable(5_000 * $0, blocks: 64) }
            case "functions": { Shapes.functions(250 * $0) }
            case "straight-line": { Shapes.straightLine(1_000 * $0) }
            case "stack-computed": { Shapes.stackComputed(500 * $0) }
            default: { Shapes.stackCalls(250 * $0) }
            }
        for options in [CompilerOptions(), CompilerOptions(metering: CostModel())] {
            let small = try compileModule(build(1), options: options).1.byteCount
            let large = try compileModule(build(4), options: options).1.byteCount
            #expect(large >= small, "\(shape): \(small) → \(large) bytes")
            #expect(Double(large) <= 4.5 * Double(small) + 4096, "\(shape): \(small) → \(large) bytes")
        }
    }
}

import SwasmABI
import SwasmRuntime
import Testing
import WasmDecoder

// Float operators, checked against Swift's IEEE 754 arithmetic (NaN results: any NaN; abs/neg/copysign: exact bits).

protocol WasmFloat: BinaryFloatingPoint {
    static var wasmType: ValueType { get }
    var raw: UInt64 { get }
    init(raw: UInt64)
}
extension Float: WasmFloat {
    static var wasmType: ValueType { .f32 }
    var raw: UInt64 { UInt64(bitPattern) }
    init(raw: UInt64) { self.init(bitPattern: UInt32(truncatingIfNeeded: raw)) }
}
extension Double: WasmFloat {
    static var wasmType: ValueType { .f64 }
    var raw: UInt64 { bitPattern }
    init(raw: UInt64) { self.init(bitPattern: raw) }
}

struct FloatModel<F: WasmFloat> {
    var signBit: UInt64 { F.self == Float.self ? 0x8000_0000 : 0x8000_0000_0000_0000 }
    func value(_ x: F) -> Value { Value.fromRaw(F.wasmType, low: x.raw) }
    func out(_ x: F) -> Outcome { x.isNaN ? .nan(F.wasmType) : .value(value(x)) }
    func bool(_ b: Bool) -> Outcome { .value(.i32(b ? 1 : 0)) }

    func binary(_ op: String, _ ra: UInt64, _ rb: UInt64) -> Outcome {
        let a = F(raw: ra)
        let b = F(raw: rb)
        switch op {
        case "add": return out(a + b)
        case "sub": return out(a - b)
        case "mul": return out(a * b)
        case "div": return out(a / b)
        case "min":
            if a.isNaN || b.isNaN { return .nan(F.wasmType) }
            if a == 0 && b == 0 { return out(a.sign == .minus ? a : b) }
            return out(a < b ? a : b)
        case "max":
            if a.isNaN || b.isNaN { return .nan(F.wasmType) }
            if a == 0 && b == 0 { return out(a.sign == .plus ? a : b) }
            return out(a > b ? a : b)
        case "copysign": return .value(Value.fromRaw(F.wasmType, low: (ra & ~signBit) | (rb & signBit)))
        case "eq": return bool(a == b)
        case "ne": return bool(a != b)
        case "lt": return bool(a < b)
        case "gt": return bool(a > b)
        case "le": return bool(a <= b)
        case "ge": return bool(a >= b)
        default: fatalError("no model for \(op)")
        }
    }

    func unary(_ op: String, _ ra: UInt64) -> Outcome {
        let a = F(raw: ra)
        switch op {
        case "abs": return .value(Value.fromRaw(F.wasmType, low: ra & ~signBit))
        case "neg": return .value(Value.fromRaw(F.wasmType, low: ra ^ signBit))
        case "ceil": return out(a.rounded(.up))
        case "floor": return out(a.rounded(.down))
        case "trunc": return out(a.rounded(.towardZero))
        case "nearest": return out(a.rounded(.toNearestOrEven))
        case "sqrt": return out(a.squareRoot())
        default: fatalError("no model for \(op)")
        }
    }

    func literal(_ raw: UInt64) -> String {
        F.self == Float.self ? watF32(UInt32(truncatingIfNeeded: raw)) : watF64(raw)
    }
}

let f32Values: [UInt64] =
    ([
        0.0, -0.0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3.5, -4.5, .infinity, -.infinity,
        .greatestFiniteMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, 8388607.5,
        16_777_216, 0.49999997, -1e30, 123.456
    ] as [Float]).map(\.raw)
    + [0x7fc0_0000, 0xff81_2345, 0x7fa0_0001] // NaN, negative NaN with payload, signalling NaN
let f64Values: [UInt64] =
    ([
        0.0, -0.0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3.5, -4.5, .infinity, -.infinity,
        .greatestFiniteMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
        4503599627370495.5, 9_007_199_254_740_992, 0.49999999999999994, -1e300, 123.456
    ] as [Double]).map(\.raw)
    + [0x7ff8_0000_0000_0000, 0xfff8_0000_1234_5678, 0x7ff0_0000_0000_0001]

let floatBinaryOps = ["add", "sub", "mul", "div", "min", "max", "copysign", "eq", "ne", "lt", "gt", "le", "ge"]
let floatUnaryOps = ["abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt"]
let floatComparisons: Set<String> = ["eq", "ne", "lt", "gt", "le", "ge"]

struct FloatOpCase: CustomStringConvertible, Sendable {
    var type: String
    var op: String
    var description: String { "\(type).\(op)" }
}

@Suite("Float operators")
struct FloatTests {
    @Test(
        "binary operators",
        arguments: ["f32", "f64"].flatMap { t in floatBinaryOps.map { FloatOpCase(type: t, op: $0) } })
    func binary(_ c: FloatOpCase) throws {
        if c.type == "f32" {
            try runBinary(c.op, FloatModel<Float>(), "f32", f32Values)
        } else {
            try runBinary(c.op, FloatModel<Double>(), "f64", f64Values)
        }
    }

    func runBinary<F>(_ op: String, _ model: FloatModel<F>, _ t: String, _ values: [UInt64]) throws {
        let r = floatComparisons.contains(op) ? "i32" : t
        var s = "(module\n"
        s += "(func (export \"rr\") (param \(t) \(t)) (result \(r)) local.get 0 local.get 1 \(t).\(op))\n"
        s += "(func (export \"same\") (param \(t)) (result \(r)) local.get 0 local.get 0 \(t).\(op))\n"
        // Computed operands: copysign/abs-free identity through a block result and a select, in registers.
        s += """
            (func (export "computed") (param \(t) \(t)) (result \(r))
              (\(t).\(op) (select (local.get 0) (local.get 1) (i32.const 1)) (select (local.get 0) (local.get 1) (i32.const 0))))\n
            """
        for (j, v) in values.enumerated() {
            let cst = "(\(t).const \(model.literal(v)))"
            s += "(func (export \"rc\(j)\") (param \(t)) (result \(r)) (\(t).\(op) (local.get 0) \(cst)))\n"
            s += "(func (export \"cr\(j)\") (param \(t)) (result \(r)) (\(t).\(op) \(cst) (local.get 0)))\n"
            for (i, u) in values.enumerated() {
                s +=
                    "(func (export \"cc\(i)_\(j)\") (result \(r)) (\(t).\(op) (\(t).const \(model.literal(u))) \(cst)))\n"
            }
        }
        // 20 live float values (more than the 15 allocatable XMM registers) below the operator.
        s += "(func (export \"pressure\") (param \(t) \(t)) (result \(r) \(t)) (local \(r) \(t))\n"
        for k in 1...20 { s += "  (\(t).add (local.get 0) (\(t).const \(k)))\n" }
        s +=
            "  (\(t).\(op) (select (local.get 0) (local.get 1) (i32.const 1)) (select (local.get 0) (local.get 1) (i32.const 0)))\n"
        s += "  local.set 2\n"
        for _ in 1..<20 { s += "  \(t).add\n" }
        s += "  local.set 3 local.get 2 local.get 3)\n)"
        let inst = try instantiate(s)
        for (i, a) in values.enumerated() {
            check(inst, "same", [Value.fromRaw(F.wasmType, low: a)], model.binary(op, a, a))
            for (j, b) in values.enumerated() {
                let e = model.binary(op, a, b)
                let args = [Value.fromRaw(F.wasmType, low: a), Value.fromRaw(F.wasmType, low: b)]
                check(inst, "rr", args, e, "a=\(F(raw: a)) b=\(F(raw: b))")
                check(inst, "computed", args, e, "a=\(F(raw: a)) b=\(F(raw: b))")
                check(inst, "rc\(j)", [args[0]], e, "a=\(F(raw: a)) b=\(F(raw: b))")
                check(inst, "cr\(i)", [args[1]], e, "a=\(F(raw: a)) b=\(F(raw: b))")
                check(inst, "cc\(i)_\(j)", [], e, "a=\(F(raw: a)) b=\(F(raw: b))")
            }
        }
        let a = F(raw: values[6])
        let b = F(raw: values[7])
        var sum: F = 0
        // The wasm adds the 20 values from the top of the stack down: v20 + v19, then + v18, ...
        var acc = a + F(20)
        for k in stride(from: 19, through: 1, by: -1) { acc = (a + F(k)) + acc }
        sum = acc
        let r2 = try inst.invoke(
            "pressure", [Value.fromRaw(F.wasmType, low: a.raw), Value.fromRaw(F.wasmType, low: b.raw)])
        let e = model.binary(op, a.raw, b.raw)
        if case .value(let v) = e { #expect(r2 == [v, model.value(sum)], "pressure") }
    }

    @Test(
        "unary operators", arguments: ["f32", "f64"].flatMap { t in floatUnaryOps.map { FloatOpCase(type: t, op: $0) } }
    )
    func unary(_ c: FloatOpCase) throws {
        if c.type == "f32" {
            let extra = ([4194304.5, -0.5, 0.5000001, 1e10, -8_388_609, 2.4999998, -3.5, 5.5, 7.5] as [Float]).map(
                \.raw)
            try runUnary(c.op, FloatModel<Float>(), "f32", f32Values + extra)
        } else {
            let extra =
                ([
                    2251799813685248.5, 4_503_599_627_370_497, -4503599627370495.5, 0.5000000000000001, 1e20, -3.5, 5.5,
                    2.4999999999999996
                ] as [Double]).map(\.raw)
            try runUnary(c.op, FloatModel<Double>(), "f64", f64Values + extra)
        }
    }

    func runUnary<F>(_ op: String, _ model: FloatModel<F>, _ t: String, _ values: [UInt64]) throws {
        var s = "(module\n"
        s += "(func (export \"r\") (param \(t)) (result \(t)) local.get 0 \(t).\(op))\n"
        s +=
            "(func (export \"x\") (param \(t)) (result \(t)) (\(t).\(op) (select (local.get 0) (local.get 0) (i32.const 1))))\n"
        for (j, v) in values.enumerated() {
            s += "(func (export \"c\(j)\") (result \(t)) (\(t).\(op) (\(t).const \(model.literal(v)))))\n"
        }
        s += ")"
        let inst = try instantiate(s)
        for (j, v) in values.enumerated() {
            let e = model.unary(op, v)
            let arg = Value.fromRaw(F.wasmType, low: v)
            check(inst, "r", [arg], e, "x=\(F(raw: v))")
            check(inst, "x", [arg], e, "x=\(F(raw: v))")
            check(inst, "c\(j)", [], e, "x=\(F(raw: v))")
        }
    }

    @Test("float values survive calls and blocks; NaN compares in branches")
    func nanBranches() throws {
        let inst = try instantiate(
            """
            (module
              (func (export "lt_branch") (param f64 f64) (result i32)
                (if (result i32) (f64.lt (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))
              (func (export "ne_brif") (param f32 f32) (result i32)
                (block (br_if 0 (f32.ne (local.get 0) (local.get 1))) (return (i32.const 0))) (i32.const 1))
              (func (export "ge_eqz") (param f64 f64) (result i32) (i32.eqz (f64.ge (local.get 0) (local.get 1)))))
            """)
        let nan = Double.nan
        #expect(try inst.invoke("lt_branch", .f64(nan), .f64(1)) == [.i32(0)])
        #expect(try inst.invoke("lt_branch", .f64(1), .f64(nan)) == [.i32(0)])
        #expect(try inst.invoke("lt_branch", .f64(-1), .f64(1)) == [.i32(1)])
        #expect(try inst.invoke("ne_brif", .f32(.nan), .f32(.nan)) == [.i32(1)])
        #expect(try inst.invoke("ne_brif", .f32(2), .f32(2)) == [.i32(0)])
        #expect(try inst.invoke("ne_brif", .f32(-0.0), .f32(0)) == [.i32(0)])
        #expect(try inst.invoke("ge_eqz", .f64(nan), .f64(nan)) == [.i32(1)])
        #expect(try inst.invoke("ge_eqz", .f64(3), .f64(3)) == [.i32(0)])
    }
}

import SwasmABI
import SwasmRuntime
import Testing
import WasmDecoder

// Conversions: trapping and saturating truncation at the exact range edges, int → float rounding (incl. u64 with
// the top bit set), demote/promote, reinterpret, sign extension and wrap.

/// Truncation model on the exact value (every f32/f64 is exactly a Double; the bounds are exact powers of two).
func truncModel(_ x: Double, signed: Bool, bits: Int, saturating: Bool) -> Outcome {
    let type: ValueType = bits == 32 ? .i32 : .i64
    let lo: Double = signed ? -Double(sign: .plus, exponent: bits - 1, significand: 1) : 0
    let hiExclusive = Double(sign: .plus, exponent: signed ? bits - 1 : bits, significand: 1)
    func raw(_ v: UInt64) -> Outcome { .value(Value.fromRaw(type, low: v)) }
    let maxRaw: UInt64 = signed ? (bits == 32 ? 0x7fff_ffff : 0x7fff_ffff_ffff_ffff) : (bits == 32 ? 0xffff_ffff : ~0)
    let minRaw: UInt64 = signed ? (bits == 32 ? 0x8000_0000 : 0x8000_0000_0000_0000) : 0
    if x.isNaN { return saturating ? raw(0) : .trap(.invalidConversion) }
    let t = x.rounded(.towardZero)
    if t < lo { return saturating ? raw(minRaw) : .trap(.integerOverflow) }
    if t >= hiExclusive { return saturating ? raw(maxRaw) : .trap(.integerOverflow) }
    if signed { return raw(UInt64(bitPattern: Int64(t))) }
    return raw(UInt64(t))
}

let truncF32Inputs: [Float] = [
    0, -0.0, 0.9, -0.9, -1, 1.5, -1.5, 2_147_483_520, 2_147_483_648, -2_147_483_648, -2_147_483_904,
    4_294_967_040, 4_294_967_296, 9_223_371_487_098_961_920, 9_223_372_036_854_775_808, -9_223_372_036_854_775_808,
    -9_223_373_136_366_403_584, 18_446_742_974_197_923_840, 18_446_744_073_709_551_616, .infinity, -.infinity,
    .nan, -.nan, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1e30, -1e30
]
let truncF64Inputs: [Double] = [
    0, -0.0, 0.9, -0.9, -0.99999999999999989, -1, 1.5, 2147483647.0, 2147483647.9, 2147483648.0,
    -2147483648.0, -2147483648.9, -2147483649.0, 4294967295.0, 4294967295.9, 4294967296.0,
    9_223_372_036_854_774_784, 9_223_372_036_854_775_808, -9_223_372_036_854_775_808, -9_223_372_036_854_777_856,
    18_446_744_073_709_549_568, 18_446_744_073_709_551_616, .infinity, -.infinity, .nan, -.nan,
    .leastNonzeroMagnitude, 1e300, -1e300
]

let convI32Inputs: [UInt64] = i32Values + [0x7fff_ff80, 0x7fff_ffc0, 0x0100_0001, 0x0100_0003, 0xff00_0001]
let convI64Inputs: [UInt64] =
    i64Values + [
        0x8000_0000_0000_0400, 0x8000_0000_0000_0401, 0x8000_0000_0000_0c00, 0xffff_ffff_ffff_fc00,
        0xffff_ffff_ffff_fbff,
        0x8000_0080_0000_0000, 0x8000_0080_0000_0001, 0x8000_0180_0000_0000, 0xffff_ff7f_ffff_ffff,
        0xffff_ff80_0000_0000,
        0x0020_0000_2000_0001, 0x0020_0000_1000_0000, 0x0020_0000_0000_0001, 0x7fff_ffff_ffff_fdff,
        0x7fff_fe00_0000_0000,
        0xffdf_ffff_dfff_ffff
    ]

struct ConversionCase: CustomStringConvertible, Sendable {
    var op: String // e.g. "i32.trunc_f32_s"
    var src: String
    var inputs: [UInt64]
    var model: @Sendable (UInt64) -> Outcome
    var description: String { op }
}

@Sendable func i32(_ v: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: v) }
func floatOut(_ f: Float) -> Outcome { f.isNaN ? .nan(.f32) : .value(.f32(f)) }
func floatOut(_ d: Double) -> Outcome { d.isNaN ? .nan(.f64) : .value(.f64(d)) }

let conversionCases: [ConversionCase] = {
    var cases: [ConversionCase] = []
    let f32In = truncF32Inputs.map(\.raw)
    let f64In = truncF64Inputs.map(\.raw)
    for bits in [32, 64] {
        for signed in [true, false] {
            for sat in [false, true] {
                let name = "i\(bits).trunc\(sat ? "_sat" : "")_f32_\(signed ? "s" : "u")"
                cases.append(
                    ConversionCase(op: name, src: "f32", inputs: f32In) {
                        truncModel(Double(Float(raw: $0)), signed: signed, bits: bits, saturating: sat)
                    })
                cases.append(
                    ConversionCase(op: name.replacingOccurrences(of: "f32", with: "f64"), src: "f64", inputs: f64In) {
                        truncModel(Double(raw: $0), signed: signed, bits: bits, saturating: sat)
                    })
            }
        }
    }

    cases += [
        ConversionCase(op: "f32.convert_i32_s", src: "i32", inputs: convI32Inputs) {
            floatOut(Float(Int32(bitPattern: i32($0))))
        },
        ConversionCase(op: "f32.convert_i32_u", src: "i32", inputs: convI32Inputs) { floatOut(Float(i32($0))) },
        ConversionCase(op: "f64.convert_i32_s", src: "i32", inputs: convI32Inputs) {
            floatOut(Double(Int32(bitPattern: i32($0))))
        },
        ConversionCase(op: "f64.convert_i32_u", src: "i32", inputs: convI32Inputs) { floatOut(Double(i32($0))) },
        ConversionCase(op: "f32.convert_i64_s", src: "i64", inputs: convI64Inputs) {
            floatOut(Float(Int64(bitPattern: $0)))
        },
        ConversionCase(op: "f32.convert_i64_u", src: "i64", inputs: convI64Inputs) { floatOut(Float($0)) },
        ConversionCase(op: "f64.convert_i64_s", src: "i64", inputs: convI64Inputs) {
            floatOut(Double(Int64(bitPattern: $0)))
        },
        ConversionCase(op: "f64.convert_i64_u", src: "i64", inputs: convI64Inputs) { floatOut(Double($0)) },
        ConversionCase(
            op: "f32.demote_f64", src: "f64",
            inputs: f64Values
                + ([
                    3.4028235677973366e38, 3.4028235677973362e38, 1.0000000596046448, 1.0000000596046449,
                    1.401298464324817e-45, 7.006492321624085e-46, 7.006492321624087e-46,
                    -1e-50, 1e39
                ] as [Double]).map(\.raw)
        ) {
            floatOut(Float(Double(raw: $0)))
        },
        ConversionCase(op: "f64.promote_f32", src: "f32", inputs: f32Values) { floatOut(Double(Float(raw: $0))) },
        ConversionCase(op: "i32.reinterpret_f32", src: "f32", inputs: f32Values) {
            .value(.i32(Int32(bitPattern: i32($0))))
        },
        ConversionCase(op: "i64.reinterpret_f64", src: "f64", inputs: f64Values) {
            .value(.i64(Int64(bitPattern: $0)))
        },
        ConversionCase(op: "f32.reinterpret_i32", src: "i32", inputs: convI32Inputs + [0x7fc0_0001, 0xffa0_0000]) {
            .value(.f32(bits: i32($0)))
        },
        ConversionCase(op: "f64.reinterpret_i64", src: "i64", inputs: convI64Inputs + [0x7ff4_0000_0000_0001]) {
            .value(.f64(bits: $0))
        },
        ConversionCase(op: "i32.wrap_i64", src: "i64", inputs: convI64Inputs) {
            .value(.i32(Int32(bitPattern: i32($0))))
        },
        ConversionCase(op: "i64.extend_i32_s", src: "i32", inputs: convI32Inputs) {
            .value(.i64(Int64(Int32(bitPattern: i32($0)))))
        },
        ConversionCase(op: "i64.extend_i32_u", src: "i32", inputs: convI32Inputs) { .value(.i64(Int64(i32($0)))) }
    ]
    return cases
}()

func literal(_ type: String, _ raw: UInt64) -> String {
    switch type {
    case "i32": watI32(UInt32(truncatingIfNeeded: raw))
    case "i64": watI64(raw)
    case "f32": watF32(UInt32(truncatingIfNeeded: raw))
    default: watF64(raw)
    }
}

func valueOf(_ type: String, _ raw: UInt64) -> Value {
    switch type {
    case "i32": .i32(Int32(bitPattern: UInt32(truncatingIfNeeded: raw)))
    case "i64": .i64(Int64(bitPattern: raw))
    case "f32": .f32(bits: UInt32(truncatingIfNeeded: raw))
    default: .f64(bits: raw)
    }
}

@Suite("Conversions")
struct ConversionTests {
    @Test("conversion operators", arguments: conversionCases)
    func conversion(_ c: ConversionCase) throws {
        let dst = String(c.op.prefix(3))
        var s = "(module\n"
        s += "(func (export \"r\") (param \(c.src)) (result \(dst)) local.get 0 \(c.op))\n"
        // The operand computed in a register, with another live value of each class around it.
        s += """
            (func (export "x") (param \(c.src)) (result \(dst)) (local $keep i64) (local $f f64)
              (local.set $keep (i64.const 0x1234567890))
              (local.set $f (f64.const 2.5))
              (i64.add (local.get $keep) (i64.const 1))
              (f64.add (local.get $f) (f64.const 1))
              (\(c.op) (select (local.get 0) (local.get 0) (i32.const 1)))
              (local.set 0 (\(c.src).const 0)) ;; clobber the parameter slot type-correctly
              (call $check)
              )
            (func $check (param i64 f64 \(dst)) (result \(dst))
              (if (i64.ne (local.get 0) (i64.const 0x1234567891)) (then unreachable))
              (if (f64.ne (local.get 1) (f64.const 3.5)) (then unreachable))
              local.get 2)\n
            """
        for (j, v) in c.inputs.enumerated() {
            s += "(func (export \"c\(j)\") (result \(dst)) (\(c.op) (\(c.src).const \(literal(c.src, v)))))\n"
        }
        s += ")"
        // `local.set 0` sits between the conversion and the call: move it before the conversion's consumer.
        s = s.replacingOccurrences(
            of: "(local.set 0 (\(c.src).const 0)) ;; clobber the parameter slot type-correctly\n", with: "")
        let inst = try instantiate(s)
        for (j, v) in c.inputs.enumerated() {
            let e = c.model(v)
            let arg = valueOf(c.src, v)
            check(inst, "r", [arg], e, "input \(arg)")
            check(inst, "x", [arg], e, "input \(arg)")
            check(inst, "c\(j)", [], e, "input \(arg)")
        }
    }
}

import Foundation
import SwasmABI
import SwasmRuntime
import Testing
import WasmDecoder

// Integer operators: every binary/unary operator is compiled with operands coming from parameters (register
// path), constants on either side (immediate folding), both constants (compile-time folding), computed values,
// and under register pressure (> 15 live values). Results are checked against an independent Swift model.

/// Independent model of a wasm integer operator on `width`-bit values (bit patterns in UInt64).
struct IntModel {
    let width: Int
    var mask: UInt64 { width == 64 ? ~0 : (1 << UInt64(width)) - 1 }
    var minSigned: UInt64 { 1 << UInt64(width - 1) }
    func signed(_ x: UInt64) -> Int64 {
        width == 64 ? Int64(bitPattern: x) : Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: x)))
    }
    func bits(_ x: Int64) -> UInt64 { UInt64(bitPattern: x) & mask }
    var type: ValueType { width == 32 ? .i32 : .i64 }
    func value(_ x: UInt64) -> Value { Value.fromRaw(type, low: x & mask) }
    func bool(_ b: Bool) -> Outcome { .value(.i32(b ? 1 : 0)) }

    func binary(_ op: String, _ a: UInt64, _ b: UInt64) -> Outcome {
        let a = a & mask
        let b = b & mask
        let w = UInt64(width)
        let sa = signed(a)
        let sb = signed(b)
        let k = b % w
        switch op {
        case "add": return .value(value(a &+ b))
        case "sub": return .value(value(a &- b))
        case "mul": return .value(value(a &* b))
        case "and": return .value(value(a & b))
        case "or": return .value(value(a | b))
        case "xor": return .value(value(a ^ b))
        case "shl": return .value(value(k == 0 ? a : a << k))
        case "shr_u": return .value(value(a >> k))
        case "shr_s": return .value(value(bits(sa >> Int64(k))))
        case "rotl": return .value(value(k == 0 ? a : (a << k) | (a >> (w - k))))
        case "rotr": return .value(value(k == 0 ? a : (a >> k) | (a << (w - k))))
        case "div_u": return b == 0 ? .trap(.integerDivideByZero) : .value(value(a / b))
        case "rem_u": return b == 0 ? .trap(.integerDivideByZero) : .value(value(a % b))
        case "div_s":
            if b == 0 { return .trap(.integerDivideByZero) }
            if a == minSigned && sb == -1 { return .trap(.integerOverflow) }
            if width == 64 && sb == -1 { return .value(value(bits(0 &- sa))) }
            return .value(value(bits(sa / sb)))
        case "rem_s":
            if b == 0 { return .trap(.integerDivideByZero) }
            if sb == -1 { return .value(value(0)) }
            return .value(value(bits(sa % sb)))
        case "eq": return bool(a == b)
        case "ne": return bool(a != b)
        case "lt_s": return bool(sa < sb)
        case "lt_u": return bool(a < b)
        case "gt_s": return bool(sa > sb)
        case "gt_u": return bool(a > b)
        case "le_s": return bool(sa <= sb)
        case "le_u": return bool(a <= b)
        case "ge_s": return bool(sa >= sb)
        case "ge_u": return bool(a >= b)
        default: fatalError("no model for \(op)")
        }
    }

    func unary(_ op: String, _ a: UInt64) -> Outcome {
        let a = a & mask
        func count(_ body: (UInt64) -> Bool) -> UInt64 { UInt64((0..<width).filter { body(UInt64($0)) }.count) }
        switch op {
        case "clz":
            var n: UInt64 = 0
            for i in stride(from: width - 1, through: 0, by: -1) {
                if a >> UInt64(i) & 1 == 1 { break }
                n += 1
            }
            return .value(value(n))
        case "ctz":
            var n: UInt64 = 0
            for i in 0..<width {
                if a >> UInt64(i) & 1 == 1 { break }
                n += 1
            }
            return .value(value(n))
        case "popcnt": return .value(value(count { a >> $0 & 1 == 1 }))
        case "eqz": return bool(a == 0)
        case "extend8_s": return .value(value(bits(Int64(Int8(truncatingIfNeeded: a)))))
        case "extend16_s": return .value(value(bits(Int64(Int16(truncatingIfNeeded: a)))))
        case "extend32_s": return .value(value(bits(Int64(Int32(truncatingIfNeeded: a)))))
        default: fatalError("no model for \(op)")
        }
    }

    func literal(_ x: UInt64) -> String { width == 32 ? watI32(UInt32(truncatingIfNeeded: x)) : watI64(x) }
}

let i32Values: [UInt64] = [
    0, 1, 2, 7, 31, 32, 33, 64, 0x7fff_ffff, 0x8000_0000, 0x8000_0001, 0xffff_ffff,
    0xffff_ffe0, 0x1234_5678, 0xffff_fff9, 0x0000_ff80
]
let i64Values: [UInt64] = [
    0, 1, 2, 7, 63, 64, 65, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0x1_0000_0000,
    0x7fff_ffff_ffff_ffff, 0x8000_0000_0000_0000, 0x8000_0000_0000_0001, ~0, ~0 - 63,
    0x1234_5678_9abc_def0, 0xffff_ffff_8000_0000
]

let intBinaryOps = [
    "add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr",
    "div_s", "div_u", "rem_s", "rem_u",
    "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"
]
let comparisonOps: Set<String> = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"]

/// A module exercising `t.op` every way an operand can reach it.
func binaryModule(_ t: String, _ op: String, _ values: [UInt64], _ model: IntModel) -> String {
    let r = comparisonOps.contains(op) ? "i32" : t
    var s = "(module\n"
    s += "(func (export \"rr\") (param \(t) \(t)) (result \(r)) local.get 0 local.get 1 \(t).\(op))\n"
    // Operands produced by other operators (already in registers, not locals).
    s += """
        (func (export "computed") (param \(t) \(t)) (result \(r)) (local \(t))
          (\(t).\(op) (\(t).xor (local.get 0) (local.get 2)) (\(t).or (local.get 2) (local.get 1))))\n
        """
    // The same value used on both sides.
    s += "(func (export \"same\") (param \(t)) (result \(r)) local.get 0 local.get 0 \(t).\(op))\n"
    for (j, v) in values.enumerated() {
        let c = "(\(t).const \(model.literal(v)))"
        s += "(func (export \"rc\(j)\") (param \(t)) (result \(r)) (\(t).\(op) (local.get 0) \(c)))\n"
        s += "(func (export \"cr\(j)\") (param \(t)) (result \(r)) (\(t).\(op) \(c) (local.get 0)))\n"
        // Computed left operand with a constant right operand.
        s +=
            "(func (export \"xc\(j)\") (param \(t)) (result \(r)) (\(t).\(op) (\(t).add (local.get 0) (\(t).const 0)) \(c)))\n"
        for (i, u) in values.enumerated() {
            s += "(func (export \"cc\(i)_\(j)\") (result \(r)) (\(t).\(op) (\(t).const \(model.literal(u))) \(c)))\n"
        }
    }
    // Register pressure: 20 live values below the operator, all checked afterwards.
    // Locals: 0, 1 params; 2 the operator's result; 3 a zero of type t.
    s += "(func (export \"pressure\") (param \(t) \(t)) (result \(r) \(t)) (local \(r) \(t))\n"
    for k in 1...20 { s += "  (\(t).add (local.get 0) (\(t).const \(k * 0x1001)))\n" }
    s += "  (\(t).\(op) (\(t).xor (local.get 0) (local.get 3)) (\(t).xor (local.get 1) (local.get 3)))\n"
    s += "  local.set 2\n"
    for _ in 1..<20 { s += "  \(t).add\n" }
    s += "  local.set 3 local.get 2 local.get 3)\n"
    s += ")"
    return s
}

struct IntOpCase: CustomStringConvertible, Sendable {
    var type: String
    var op: String
    var description: String { "\(type).\(op)" }
}

let intBinaryCases: [IntOpCase] = ["i32", "i64"].flatMap { t in intBinaryOps.map { IntOpCase(type: t, op: $0) } }

@Suite("Integer operators")
struct IntegerTests {
    @Test("binary operators", arguments: intBinaryCases)
    func binary(_ c: IntOpCase) throws {
        let model = IntModel(width: c.type == "i32" ? 32 : 64)
        let values = c.type == "i32" ? i32Values : i64Values
        let inst = try instantiate(binaryModule(c.type, c.op, values, model))
        for (i, a) in values.enumerated() {
            check(inst, "same", [model.value(a)], model.binary(c.op, a, a))
            for (j, b) in values.enumerated() {
                let expected = model.binary(c.op, a, b)
                let args = [model.value(a), model.value(b)]
                check(inst, "rr", args, expected)
                check(inst, "computed", args, expected)
                check(inst, "rc\(j)", [model.value(a)], expected)
                check(inst, "xc\(j)", [model.value(a)], expected)
                check(inst, "cr\(i)", [model.value(b)], expected)
                check(inst, "cc\(i)_\(j)", [], expected)
            }
        }
        // Pressure: a few pairs, the 20 values below must survive the spills.
        for (a, b) in [(values[3], values[1]), (values[9], values[4]), (values[values.count - 1], values[5])] {
            var sum: UInt64 = 0
            for k in 1...20 { sum = sum &+ (a &+ UInt64(k * 0x1001)) }
            let expected = model.binary(c.op, a, b)
            do {
                let r = try inst.invoke("pressure", [model.value(a), model.value(b)])
                if case .value(let v) = expected {
                    #expect(r == [v, model.value(sum)], "pressure(\(a), \(b))")
                } else {
                    Issue.record("pressure(\(a), \(b)) = \(r), expected \(expected)")
                }
            } catch let t as Trap {
                #expect(expected == .trap(t.code), "pressure(\(a), \(b)) trapped \(t.message)")
            }
        }
    }

    @Test(
        "unary operators",
        arguments: [
            IntOpCase(type: "i32", op: "clz"), IntOpCase(type: "i32", op: "ctz"), IntOpCase(type: "i32", op: "popcnt"),
            IntOpCase(type: "i32", op: "eqz"), IntOpCase(type: "i32", op: "extend8_s"),
            IntOpCase(type: "i32", op: "extend16_s"),
            IntOpCase(type: "i64", op: "clz"), IntOpCase(type: "i64", op: "ctz"), IntOpCase(type: "i64", op: "popcnt"),
            IntOpCase(type: "i64", op: "eqz"), IntOpCase(type: "i64", op: "extend8_s"),
            IntOpCase(type: "i64", op: "extend16_s"),
            IntOpCase(type: "i64", op: "extend32_s")
        ])
    func unary(_ c: IntOpCase) throws {
        let t = c.type
        let model = IntModel(width: t == "i32" ? 32 : 64)
        let values =
            (t == "i32" ? i32Values : i64Values) + [0x80, 0x7f, 0xff, 0x8000, 0x7fff, 0xffff, 0x1_0000, 0x8000_0080]
        let r = c.op == "eqz" ? "i32" : t
        var s = "(module\n"
        s += "(func (export \"r\") (param \(t)) (result \(r)) local.get 0 \(t).\(c.op))\n"
        s += "(func (export \"x\") (param \(t)) (result \(r)) (\(t).\(c.op) (\(t).or (local.get 0) (\(t).const 0))))\n"
        for (j, v) in values.enumerated() {
            s += "(func (export \"c\(j)\") (result \(r)) (\(t).\(c.op) (\(t).const \(model.literal(v)))))\n"
        }
        s += ")"
        let inst = try instantiate(s)
        for (j, v) in values.enumerated() {
            let e = model.unary(c.op, v)
            check(inst, "r", [model.value(v)], e)
            check(inst, "x", [model.value(v)], e)
            check(inst, "c\(j)", [], e)
        }
    }

    @Test("division traps report the spec messages")
    func divisionTraps() throws {
        let inst = try instantiate(
            """
            (module
              (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func (export "div_s_min") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1)))
              (func (export "rem_s_min") (result i32) (i32.rem_s (i32.const 0x80000000) (i32.const -1)))
              (func (export "div_u0") (param i32) (result i32) (i32.div_u (local.get 0) (i32.const 0)))
              (func (export "rem_u0") (param i64) (result i64) (i64.rem_u (local.get 0) (i64.const 0)))
              (func (export "div64_min") (param i64) (result i64) (i64.div_s (i64.const 0x8000000000000000) (local.get 0)))
              (func (export "rem64_min") (param i64) (result i64) (i64.rem_s (i64.const 0x8000000000000000) (local.get 0))))
            """)
        expectTrap(.integerDivideByZero) { try inst.invoke("div_s", .i32(1), .i32(0)) }
        expectTrap(.integerOverflow) { try inst.invoke("div_s", .i32(Int32.min), .i32(-1)) }
        expectTrap(.integerOverflow) { try inst.invoke("div_s_min") }
        #expect(try inst.invoke("rem_s_min") == [.i32(0)])
        expectTrap(.integerDivideByZero) { try inst.invoke("div_u0", .i32(5)) }
        expectTrap(.integerDivideByZero) { try inst.invoke("rem_u0", .i64(5)) }
        expectTrap(.integerOverflow) { try inst.invoke("div64_min", .i64(-1)) }
        #expect(try inst.invoke("div64_min", .i64(1)) == [.i64(Int64.min)])
        #expect(try inst.invoke("rem64_min", .i64(-1)) == [.i64(0)])
        expectTrap(.integerDivideByZero) { try inst.invoke("rem64_min", .i64(0)) }
        // The instance keeps working after traps.
        #expect(try inst.invoke("div_s", .i32(-7), .i32(2)) == [.i32(-3)])
    }

    @Test("i32 values keep their upper bits clear (wrap, extend_u, address use)")
    func i32UpperBits() throws {
        let inst = try instantiate(
            """
            (module (memory 1)
              (func (export "wrap_extend") (param i64) (result i64) (i64.extend_i32_u (i32.wrap_i64 (local.get 0))))
              (func (export "wrap_extend_s") (param i64) (result i64) (i64.extend_i32_s (i32.wrap_i64 (local.get 0))))
              (func (export "wrap_load") (param i64) (result i32)
                (i32.store (i32.const 8) (i32.const 0x11223344))
                (i32.load (i32.wrap_i64 (local.get 0))))
              (func (export "sub_extend") (param i32 i32) (result i64) (i64.extend_i32_u (i32.sub (local.get 0) (local.get 1))))
              (func (export "not_extend") (param i32) (result i64) (i64.extend_i32_u (i32.xor (local.get 0) (i32.const -1))))
              (func (export "shl_extend") (param i32) (result i64) (i64.extend_i32_u (i32.shl (local.get 0) (i32.const 31))))
              (func (export "mul_extend") (param i32 i32) (result i64) (i64.extend_i32_u (i32.mul (local.get 0) (local.get 1))))
              (func (export "add_load") (param i32 i32) (result i32)
                (i32.store (i32.const 8) (i32.const 0x11223344))
                (i32.load (i32.add (local.get 0) (local.get 1)))))
            """)
        #expect(try inst.invoke("wrap_extend", .i64(0x1_8000_0005)) == [.i64(0x8000_0005)])
        #expect(try inst.invoke("wrap_extend_s", .i64(0x1_8000_0005)) == [.i64(Int64(Int32(bitPattern: 0x8000_0005)))])
        #expect(try inst.invoke("wrap_load", .i64(0x7_0000_0008)) == [.i32(0x1122_3344)])
        #expect(try inst.invoke("sub_extend", .i32(1), .i32(2)) == [.i64(0xffff_ffff)])
        #expect(try inst.invoke("not_extend", .i32(0)) == [.i64(0xffff_ffff)])
        #expect(try inst.invoke("shl_extend", .i32(3)) == [.i64(0x8000_0000)])
        #expect(try inst.invoke("mul_extend", .i32(0x10000), .i32(0x10001)) == [.i64(0x10000)])
        // 0xfffffffc + 12 wraps to 8 in 32 bits.
        #expect(try inst.invoke("add_load", .i32(-4), .i32(12)) == [.i32(0x1122_3344)])
    }

    @Test("shift counts in every register, count equal to the shifted value")
    func shiftRegisterShapes() throws {
        // The count is computed (lands in some register), the value lives in rcx's usual place, etc.
        let inst = try instantiate(
            """
            (module
              (func (export "self") (param i32) (result i32) (i32.shl (local.get 0) (local.get 0)))
              (func (export "self64") (param i64) (result i64) (i64.rotl (local.get 0) (local.get 0)))
              (func (export "chain") (param i32 i32 i32) (result i32)
                (i32.shr_u (i32.shl (local.get 0) (local.get 1)) (i32.add (local.get 2) (i32.const 0))))
              (func (export "live") (param i32 i32) (result i32)
                ;; values live across the shift, one of them probably in rcx
                (i32.add (i32.add (i32.add (local.get 0) (i32.const 1)) (i32.add (local.get 1) (i32.const 2)))
                         (i32.rotr (i32.add (local.get 0) (i32.const 3)) (i32.add (local.get 1) (i32.const 4))))))
            """)
        #expect(try inst.invoke("self", .i32(3)) == [.i32(24)])
        #expect(try inst.invoke("self", .i32(33)) == [.i32(66)])
        let v: UInt64 = 0x8000_0000_0000_0041
        let rot = (v << 1) | (v >> 63) // count 0x41 & 63 = 1
        #expect(try inst.invoke("self64", .i64(Int64(bitPattern: v))) == [.i64(Int64(bitPattern: rot))])
        #expect(
            try inst.invoke("chain", .i32(0x0000_ffff), .i32(20), .i32(36)) == [.i32(Int32(bitPattern: 0x0fff_0000))])
        let a: UInt32 = 0x1234_5678
        let b: UInt32 = 9
        let x = a &+ 3
        let k = (b &+ 4) % 32
        let expected = (a &+ 1) &+ (b &+ 2) &+ ((x >> k) | (x << (32 - k)))
        #expect(
            try inst.invoke("live", .i32(Int32(bitPattern: a)), .i32(Int32(bitPattern: b))) == [
                .i32(Int32(bitPattern: expected))
            ])
    }
}

extension IntegerTests {
    /// Regression: `i64.shl (local.get 0) (i64.const 0x100000000)` once hit the precondition "shift count must be in
    /// rcx" (a constant count that does not fit an imm32). Run in a child process so a regression cannot take the
    /// whole test run down.
    @Test("i64 shifts/rotates by constants wider than 32 bits (child process)")
    func wideShiftConstants() async {
        await #expect(processExitsWith: .success) {
            let ops: [(String, (UInt64, UInt64) -> UInt64)] = [
                ("shl", { a, k in a << (k % 64) }), ("shr_u", { a, k in a >> (k % 64) }),
                ("shr_s", { a, k in UInt64(bitPattern: Int64(bitPattern: a) >> Int64(k % 64)) }),
                ("rotl", { a, k in k % 64 == 0 ? a : (a << (k % 64)) | (a >> (64 - k % 64)) }),
                ("rotr", { a, k in k % 64 == 0 ? a : (a >> (k % 64)) | (a << (64 - k % 64)) })
            ]
            let counts: [UInt64] = [0x1_0000_0000, 0x1_0000_0003, 0x8000_0000_0000_0021, 0x7fff_ffff_ffff_ffff]
            var failed = false
            for (op, f) in ops {
                for k in counts {
                    let text = """
                        (module (func (export "f") (param i64) (result i64) (i64.\(op) (local.get 0) (i64.const \(Int64(bitPattern: k))))))
                        """
                    let a: UInt64 = 0x8123_4567_89ab_cdef
                    let r = try? instantiate(text).invoke("f", .i64(Int64(bitPattern: a)))
                    if r != [.i64(Int64(bitPattern: f(a, k)))] {
                        print("i64.\(op) by \(k): \(String(describing: r))")
                        failed = true
                    }
                }
            }
            if failed { exit(1) }
        }
    }
}

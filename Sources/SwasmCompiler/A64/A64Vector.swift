import AArch64
import AssemblerCore
import WasmDecoder

/// SIMD (v128) code generation for A64MacroAssembler: the `VectorMacroAssembler` families on NEON.
///
/// - Constants: zero, byte masks and simple splats are `movi`/`mvni`; anything else is an `ldr q` literal from
///   the function's pool (`vectorPool`), which `flushVectorConstants` emits 16-byte aligned after the function's
///   trap stubs (recorded in `dataRanges`). A literal reaches ±1 MiB, like the function's conditional branches.
/// - Scratch: `v31` (and `x16`/`x17`) inside one method. The only operations that ask for a temporary vector
///   register are the i8x16/i16x8/i32x4 bitmasks (a lane-weight constant).
/// - Float min/max: `fmin`/`fmax` give wasm's NaN and ±0 rules with `FPCR.AH == 0` (the Linux default). pmin/pmax
///   select an operand's bits (`fcmgt` + `bit`), never `fmin`. Saturating truncations are `fcvtzs`/`fcvtzu`
///   (NaN → 0, saturate), the f64x2 `_zero` forms then narrow with `sqxtn`/`uqxtn` (upper half zeroed).
/// - Shifts by a register take the count modulo the lane width (`and`), then shift by a splatted (negated for
///   right shifts) count with `sshl`/`ushl`.
/// - Scalar lane results in float registers (`extract_lane` of f32x4/f64x2) are `ins`erted into lane 0: the
///   other lanes hold stale bits, which no scalar float operation reads.
extension A64MacroAssembler: VectorMacroAssembler {
    public static func temporaries(for operation: VectorOperation) -> Int {
        switch operation {
        case .test(.i8x16Bitmask), .test(.i16x8Bitmask), .test(.i32x4Bitmask): 1
        default: 0
        }
    }

    static func arrangement(_ shape: V128Shape) -> Arrangement {
        switch shape {
        case .i8x16: .b16
        case .i16x8: .h8
        case .i32x4, .f32x4: .s4
        case .i64x2, .f64x2: .d2
        }
    }

    static func element(_ shape: V128Shape) -> ElementSize {
        switch shape.laneBytes {
        case 1: .b
        case 2: .h
        case 4: .s
        default: .d
        }
    }

    // MARK: Constants

    /// `dst = value`: one `movi`/`mvni` when the value is a byte mask or a simple splat, else a literal load.
    mutating func loadV128(_ dst: V, _ value: V128) throws(AssemblerError) {
        if value.low == value.high {
            let w = value.low
            if Self.isByteMask(w) {
                try asm.movi(dst, .d2, bytes: w) // zero, all ones, any byte mask
                return
            }
            let lo32 = UInt32(truncatingIfNeeded: w)
            if UInt64(lo32) | UInt64(lo32) << 32 == w {
                if lo32 & 0xFF == (lo32 >> 8) & 0xFF && lo32 & 0xFFFF == lo32 >> 16 {
                    try asm.movi(dst, .b16, Int(lo32 & 0xFF))
                    return
                }
                for shift in stride(from: 0, through: 24, by: 8) {
                    if lo32 & ~(0xFF << UInt32(shift)) == 0 {
                        try asm.movi(dst, .s4, Int(lo32 >> UInt32(shift)), lsl: shift)
                        return
                    }
                    if ~lo32 & ~(0xFF << UInt32(shift)) == 0 {
                        try asm.mvni(dst, .s4, Int(~lo32 >> UInt32(shift)), lsl: shift)
                        return
                    }
                }
                let lo16 = lo32 & 0xFFFF
                if lo16 == lo32 >> 16 {
                    for shift in [0, 8] {
                        if lo16 & ~(0xFF << UInt32(shift)) & 0xFFFF == 0 {
                            try asm.movi(dst, .h8, Int(lo16 >> UInt32(shift)), lsl: shift)
                            return
                        }
                        if ~lo16 & ~(0xFF << UInt32(shift)) & 0xFFFF == 0 {
                            try asm.mvni(dst, .h8, Int((~lo16 & 0xFFFF) >> UInt32(shift)), lsl: shift)
                            return
                        }
                    }
                }
            }
        }
        try asm.ldr(dst.q, poolLabel(value))
    }

    /// Every byte of `w` is 0x00 or 0xFF (`movi v.2d` encodes it).
    static func isByteMask(_ w: UInt64) -> Bool {
        var x = w
        for _ in 0..<8 {
            let b = x & 0xFF
            if b != 0 && b != 0xFF { return false }
            x >>= 8
        }
        return true
    }

    /// The pool label of `value` in the current function (added on first use).
    mutating func poolLabel(_ value: V128) -> Label {
        if let i = vectorPoolIndex[value] { return vectorPool[i].label }
        let l = asm.newLabel()
        vectorPoolIndex[value] = vectorPool.count
        vectorPool.append((value, l))
        return l
    }

    public mutating func loadV128Constant(_ dst: Reg, _ value: V128) throws(AssemblerError) {
        try loadV128(Self.v(dst), value)
    }

    public mutating func storeSlotV128Constant(fpOffset: Int, _ value: V128) throws(AssemblerError) {
        if value.low == 0 && value.high == 0 && fpOffset >= -512 && fpOffset <= 496 && fpOffset & 7 == 0 {
            try asm.stp(X.xzr, X.xzr, .offset(Self.fp, fpOffset))
            return
        }
        try loadV128(Self.fscratch, value)
        let m = try mem(Self.fp, fpOffset, scale: 4)
        try asm.str(Self.fscratch.q, m)
    }

    public mutating func flushVectorConstants() throws(AssemblerError) {
        for s in nanStubs {
            try asm.bind(s.stub)
            try blendCanonicalNaNs(s.shape, s.reg)
            try asm.b(s.back)
        }
        nanStubs.removeAll(keepingCapacity: true)
        guard !vectorPool.isEmpty else { return }
        let start = asm.offset
        while asm.offset & 15 != 0 { asm.buffer.emit32(0) }
        for entry in vectorPool {
            try asm.bind(entry.label)
            asm.buffer.emit64(entry.value.low)
            asm.buffer.emit64(entry.value.high)
        }
        dataRanges.append(start..<asm.offset)
        vectorPool.removeAll(keepingCapacity: true)
        vectorPoolIndex.removeAll(keepingCapacity: true)
    }

    // MARK: Binary

    public mutating func v128Binary(_ op: V128BinaryOp, _ dst: Reg, _ rhs: Reg, temps: VectorTemps)
        throws(AssemblerError)
    {
        try binary(op, Self.v(dst), Self.v(dst), Self.v(rhs))
    }

    /// NEON is three-operand: `dst = lhs op rhs` with no copy of a read-only `lhs` (a home or a cached local).
    public mutating func v128Binary(_ op: V128BinaryOp, _ dst: Reg, _ lhs: Reg, _ rhs: Reg, temps: VectorTemps)
        throws(AssemblerError)
    {
        try binary(op, Self.v(dst), Self.v(lhs), Self.v(rhs))
    }

    /// `d = a op r`. `d` is `a` (in place) or distinct from both; `a` and `r` may be the same register. Every
    /// sequence reads an operand lane before it writes that lane of `d`.
    mutating func binary(_ op: V128BinaryOp, _ d: V, _ a: V, _ r: V) throws(AssemblerError) {
        let t = Self.fscratch
        switch op {
        case .i8x16Swizzle: try asm.tbl(d, a, count: 1, r, .b16) // out-of-range indices give 0, as wasm's
        case .i8x16Eq: try asm.cmeq(d, a, r, .b16)
        case .i8x16Ne: try cmpNot(d, a, r, .b16)
        case .i8x16LtS: try asm.cmgt(d, r, a, .b16)
        case .i8x16LtU: try asm.cmhi(d, r, a, .b16)
        case .i8x16GtS: try asm.cmgt(d, a, r, .b16)
        case .i8x16GtU: try asm.cmhi(d, a, r, .b16)
        case .i8x16LeS: try asm.cmge(d, r, a, .b16)
        case .i8x16LeU: try asm.cmhs(d, r, a, .b16)
        case .i8x16GeS: try asm.cmge(d, a, r, .b16)
        case .i8x16GeU: try asm.cmhs(d, a, r, .b16)
        case .i16x8Eq: try asm.cmeq(d, a, r, .h8)
        case .i16x8Ne: try cmpNot(d, a, r, .h8)
        case .i16x8LtS: try asm.cmgt(d, r, a, .h8)
        case .i16x8LtU: try asm.cmhi(d, r, a, .h8)
        case .i16x8GtS: try asm.cmgt(d, a, r, .h8)
        case .i16x8GtU: try asm.cmhi(d, a, r, .h8)
        case .i16x8LeS: try asm.cmge(d, r, a, .h8)
        case .i16x8LeU: try asm.cmhs(d, r, a, .h8)
        case .i16x8GeS: try asm.cmge(d, a, r, .h8)
        case .i16x8GeU: try asm.cmhs(d, a, r, .h8)
        case .i32x4Eq: try asm.cmeq(d, a, r, .s4)
        case .i32x4Ne: try cmpNot(d, a, r, .s4)
        case .i32x4LtS: try asm.cmgt(d, r, a, .s4)
        case .i32x4LtU: try asm.cmhi(d, r, a, .s4)
        case .i32x4GtS: try asm.cmgt(d, a, r, .s4)
        case .i32x4GtU: try asm.cmhi(d, a, r, .s4)
        case .i32x4LeS: try asm.cmge(d, r, a, .s4)
        case .i32x4LeU: try asm.cmhs(d, r, a, .s4)
        case .i32x4GeS: try asm.cmge(d, a, r, .s4)
        case .i32x4GeU: try asm.cmhs(d, a, r, .s4)
        // Ordered comparisons are false for NaN lanes; ne (= not eq) is true for them.
        case .f32x4Eq: try asm.fcmeq(d, a, r, .s4)
        case .f32x4Ne:
            try asm.fcmeq(d, a, r, .s4)
            try asm.not(d, d)
        case .f32x4Lt: try asm.fcmgt(d, r, a, .s4)
        case .f32x4Gt: try asm.fcmgt(d, a, r, .s4)
        case .f32x4Le: try asm.fcmge(d, r, a, .s4)
        case .f32x4Ge: try asm.fcmge(d, a, r, .s4)
        case .f64x2Eq: try asm.fcmeq(d, a, r, .d2)
        case .f64x2Ne:
            try asm.fcmeq(d, a, r, .d2)
            try asm.not(d, d)
        case .f64x2Lt: try asm.fcmgt(d, r, a, .d2)
        case .f64x2Gt: try asm.fcmgt(d, a, r, .d2)
        case .f64x2Le: try asm.fcmge(d, r, a, .d2)
        case .f64x2Ge: try asm.fcmge(d, a, r, .d2)
        case .v128And: try asm.and(d, a, r)
        case .v128Andnot: try asm.bic(d, a, r)
        case .v128Or: try asm.orr(d, a, r)
        case .v128Xor: try asm.eor(d, a, r)
        // Narrowing: the low half from lhs (which zeroes the high half), then the high half from rhs.
        case .i8x16NarrowI16x8S:
            try asm.sqxtn(d, a, .b8)
            try asm.sqxtn2(d, r, .b16)
        case .i8x16NarrowI16x8U:
            try asm.sqxtun(d, a, .b8)
            try asm.sqxtun2(d, r, .b16)
        case .i16x8NarrowI32x4S:
            try asm.sqxtn(d, a, .h4)
            try asm.sqxtn2(d, r, .h8)
        case .i16x8NarrowI32x4U:
            try asm.sqxtun(d, a, .h4)
            try asm.sqxtun2(d, r, .h8)
        case .i8x16Add: try asm.add(d, a, r, .b16)
        case .i8x16AddSatS: try asm.sqadd(d, a, r, .b16)
        case .i8x16AddSatU: try asm.uqadd(d, a, r, .b16)
        case .i8x16Sub: try asm.sub(d, a, r, .b16)
        case .i8x16SubSatS: try asm.sqsub(d, a, r, .b16)
        case .i8x16SubSatU: try asm.uqsub(d, a, r, .b16)
        case .i8x16MinS: try asm.smin(d, a, r, .b16)
        case .i8x16MinU: try asm.umin(d, a, r, .b16)
        case .i8x16MaxS: try asm.smax(d, a, r, .b16)
        case .i8x16MaxU: try asm.umax(d, a, r, .b16)
        case .i8x16AvgrU: try asm.urhadd(d, a, r, .b16)
        // sqrdmulh: sat((2ab + 2^15) >> 16) = sat((ab + 2^14) >> 15), wasm's q15mulr_sat_s exactly.
        case .i16x8Q15mulrSatS: try asm.sqrdmulh(d, a, r, .h8)
        case .i16x8Add: try asm.add(d, a, r, .h8)
        case .i16x8AddSatS: try asm.sqadd(d, a, r, .h8)
        case .i16x8AddSatU: try asm.uqadd(d, a, r, .h8)
        case .i16x8Sub: try asm.sub(d, a, r, .h8)
        case .i16x8SubSatS: try asm.sqsub(d, a, r, .h8)
        case .i16x8SubSatU: try asm.uqsub(d, a, r, .h8)
        case .i16x8Mul: try asm.mul(d, a, r, .h8)
        case .i16x8MinS: try asm.smin(d, a, r, .h8)
        case .i16x8MinU: try asm.umin(d, a, r, .h8)
        case .i16x8MaxS: try asm.smax(d, a, r, .h8)
        case .i16x8MaxU: try asm.umax(d, a, r, .h8)
        case .i16x8AvgrU: try asm.urhadd(d, a, r, .h8)
        case .i16x8ExtmulLowI8x16S: try asm.smull(d, a, r, .b8)
        case .i16x8ExtmulHighI8x16S: try asm.smull2(d, a, r, .b16)
        case .i16x8ExtmulLowI8x16U: try asm.umull(d, a, r, .b8)
        case .i16x8ExtmulHighI8x16U: try asm.umull2(d, a, r, .b16)
        case .i32x4Add: try asm.add(d, a, r, .s4)
        case .i32x4Sub: try asm.sub(d, a, r, .s4)
        case .i32x4Mul: try asm.mul(d, a, r, .s4)
        case .i32x4MinS: try asm.smin(d, a, r, .s4)
        case .i32x4MinU: try asm.umin(d, a, r, .s4)
        case .i32x4MaxS: try asm.smax(d, a, r, .s4)
        case .i32x4MaxU: try asm.umax(d, a, r, .s4)
        case .i32x4DotI16x8S:
            // v31 = products of lanes 0–3, dst = products of lanes 4–7; addp sums adjacent pairs in order.
            try asm.smull(t, a, r, .h4)
            try asm.smull2(d, a, r, .h8)
            try asm.addp(d, t, d, .s4)
        case .i32x4ExtmulLowI16x8S: try asm.smull(d, a, r, .h4)
        case .i32x4ExtmulHighI16x8S: try asm.smull2(d, a, r, .h8)
        case .i32x4ExtmulLowI16x8U: try asm.umull(d, a, r, .h4)
        case .i32x4ExtmulHighI16x8U: try asm.umull2(d, a, r, .h8)
        case .i64x2Add: try asm.add(d, a, r, .d2)
        case .i64x2Sub: try asm.sub(d, a, r, .d2)
        case .i64x2Mul:
            // NEON has no 64-bit lane multiply: each lane through x16/x17.
            for lane in 0..<2 {
                try asm.umov(Self.ip0, a, .d, lane: lane)
                try asm.umov(Self.ip1, r, .d, lane: lane)
                asm.mul(Self.ip0, Self.ip0, Self.ip1)
                try asm.ins(d, .d, lane: lane, Self.ip0)
            }
        case .i64x2Eq: try asm.cmeq(d, a, r, .d2)
        case .i64x2Ne: try cmpNot(d, a, r, .d2)
        case .i64x2LtS: try asm.cmgt(d, r, a, .d2)
        case .i64x2GtS: try asm.cmgt(d, a, r, .d2)
        case .i64x2LeS: try asm.cmge(d, r, a, .d2)
        case .i64x2GeS: try asm.cmge(d, a, r, .d2)
        case .i64x2ExtmulLowI32x4S: try asm.smull(d, a, r, .s2)
        case .i64x2ExtmulHighI32x4S: try asm.smull2(d, a, r, .s4)
        case .i64x2ExtmulLowI32x4U: try asm.umull(d, a, r, .s2)
        case .i64x2ExtmulHighI32x4U: try asm.umull2(d, a, r, .s4)
        case .f32x4Add: try asm.fadd(d, a, r, .s4)
        case .f32x4Sub: try asm.fsub(d, a, r, .s4)
        case .f32x4Mul: try asm.fmul(d, a, r, .s4)
        case .f32x4Div: try asm.fdiv(d, a, r, .s4)
        case .f32x4Min: try asm.fmin(d, a, r, .s4)
        case .f32x4Max: try asm.fmax(d, a, r, .s4)
        case .f32x4Pmin: try pminmax(d, a, r, .s4, min: true)
        case .f32x4Pmax: try pminmax(d, a, r, .s4, min: false)
        case .f64x2Add: try asm.fadd(d, a, r, .d2)
        case .f64x2Sub: try asm.fsub(d, a, r, .d2)
        case .f64x2Mul: try asm.fmul(d, a, r, .d2)
        case .f64x2Div: try asm.fdiv(d, a, r, .d2)
        case .f64x2Min: try asm.fmin(d, a, r, .d2)
        case .f64x2Max: try asm.fmax(d, a, r, .d2)
        case .f64x2Pmin: try pminmax(d, a, r, .d2, min: true)
        case .f64x2Pmax: try pminmax(d, a, r, .d2, min: false)
        }
    }

    /// `d = ~(a == r)` lane-wise.
    mutating func cmpNot(_ d: V, _ a: V, _ r: V, _ t: Arrangement) throws(AssemblerError) {
        try asm.cmeq(d, a, r, t)
        try asm.not(d, d)
    }

    /// pmin(a, b) = b < a ? b : a; pmax(a, b) = a < b ? b : a (the selected operand's bits, NaNs included).
    mutating func pminmax(_ d: V, _ a: V, _ r: V, _ t: Arrangement, min: Bool) throws(AssemblerError) {
        if d == a {
            // v31 = lanes taking r; insert them into d.
            let m = Self.fscratch
            if min { try asm.fcmgt(m, a, r, t) } else { try asm.fcmgt(m, r, a, t) }
            try asm.bit(d, r, m)
        } else {
            // d (distinct from both) = the mask, then select r where set, a elsewhere.
            if min { try asm.fcmgt(d, a, r, t) } else { try asm.fcmgt(d, r, a, t) }
            try asm.bsl(d, r, a)
        }
    }

    // MARK: Unary

    public mutating func v128Unary(_ op: V128UnaryOp, _ dst: Reg, temps: VectorTemps) throws(AssemblerError) {
        let d = Self.v(dst)
        switch op {
        case .v128Not: try asm.not(d, d)
        // fcvtn writes the low half and zeroes the high half; it rounds by FPCR (nearest-even).
        case .f32x4DemoteF64x2Zero: try asm.fcvtn(d, d, .s2)
        case .f64x2PromoteLowF32x4: try asm.fcvtl(d, d, .s2)
        case .i8x16Abs: try asm.abs(d, d, .b16)
        case .i8x16Neg: try asm.neg(d, d, .b16)
        case .i8x16Popcnt: try asm.cnt(d, d, .b16)
        case .f32x4Ceil: try asm.frintp(d, d, .s4)
        case .f32x4Floor: try asm.frintm(d, d, .s4)
        case .f32x4Trunc: try asm.frintz(d, d, .s4)
        case .f32x4Nearest: try asm.frintn(d, d, .s4)
        case .f64x2Ceil: try asm.frintp(d, d, .d2)
        case .f64x2Floor: try asm.frintm(d, d, .d2)
        case .f64x2Trunc: try asm.frintz(d, d, .d2)
        case .f64x2Nearest: try asm.frintn(d, d, .d2)
        case .i16x8ExtaddPairwiseI8x16S: try asm.saddlp(d, d, .b16)
        case .i16x8ExtaddPairwiseI8x16U: try asm.uaddlp(d, d, .b16)
        case .i32x4ExtaddPairwiseI16x8S: try asm.saddlp(d, d, .h8)
        case .i32x4ExtaddPairwiseI16x8U: try asm.uaddlp(d, d, .h8)
        case .i16x8Abs: try asm.abs(d, d, .h8)
        case .i16x8Neg: try asm.neg(d, d, .h8)
        case .i16x8ExtendLowI8x16S: try asm.sxtl(d, d, .b8)
        case .i16x8ExtendHighI8x16S: try asm.sxtl2(d, d, .b16)
        case .i16x8ExtendLowI8x16U: try asm.uxtl(d, d, .b8)
        case .i16x8ExtendHighI8x16U: try asm.uxtl2(d, d, .b16)
        case .i32x4Abs: try asm.abs(d, d, .s4)
        case .i32x4Neg: try asm.neg(d, d, .s4)
        case .i32x4ExtendLowI16x8S: try asm.sxtl(d, d, .h4)
        case .i32x4ExtendHighI16x8S: try asm.sxtl2(d, d, .h8)
        case .i32x4ExtendLowI16x8U: try asm.uxtl(d, d, .h4)
        case .i32x4ExtendHighI16x8U: try asm.uxtl2(d, d, .h8)
        case .i64x2Abs: try asm.abs(d, d, .d2)
        case .i64x2Neg: try asm.neg(d, d, .d2)
        case .i64x2ExtendLowI32x4S: try asm.sxtl(d, d, .s2)
        case .i64x2ExtendHighI32x4S: try asm.sxtl2(d, d, .s4)
        case .i64x2ExtendLowI32x4U: try asm.uxtl(d, d, .s2)
        case .i64x2ExtendHighI32x4U: try asm.uxtl2(d, d, .s4)
        // fabs/fneg change only the sign bit (NaN payloads kept).
        case .f32x4Abs: try asm.fabs(d, d, .s4)
        case .f32x4Neg: try asm.fneg(d, d, .s4)
        case .f32x4Sqrt: try asm.fsqrt(d, d, .s4)
        case .f64x2Abs: try asm.fabs(d, d, .d2)
        case .f64x2Neg: try asm.fneg(d, d, .d2)
        case .f64x2Sqrt: try asm.fsqrt(d, d, .d2)
        // fcvtzs/fcvtzu truncate, saturate and give 0 for NaN: wasm's trunc_sat.
        case .i32x4TruncSatF32x4S: try asm.fcvtzs(d, d, .s4)
        case .i32x4TruncSatF32x4U: try asm.fcvtzu(d, d, .s4)
        case .f32x4ConvertI32x4S: try asm.scvtf(d, d, .s4)
        case .f32x4ConvertI32x4U: try asm.ucvtf(d, d, .s4)
        case .i32x4TruncSatF64x2SZero:
            try asm.fcvtzs(d, d, .d2)
            try asm.sqxtn(d, d, .s2)
        case .i32x4TruncSatF64x2UZero:
            try asm.fcvtzu(d, d, .d2)
            try asm.uqxtn(d, d, .s2)
        case .f64x2ConvertLowI32x4S:
            try asm.sxtl(d, d, .s2)
            try asm.scvtf(d, d, .d2)
        case .f64x2ConvertLowI32x4U:
            try asm.uxtl(d, d, .s2)
            try asm.ucvtf(d, d, .d2)
        }
    }

    // MARK: Shifts

    public mutating func v128Shift(_ op: V128ShiftOp, _ dst: Reg, amount: Operand, temps: VectorTemps)
        throws(AssemblerError)
    {
        enum Kind { case shl, shrS, shrU }
        let d = Self.v(dst)
        let (t, kind): (Arrangement, Kind) =
            switch op {
            case .i8x16Shl: (.b16, .shl)
            case .i8x16ShrS: (.b16, .shrS)
            case .i8x16ShrU: (.b16, .shrU)
            case .i16x8Shl: (.h8, .shl)
            case .i16x8ShrS: (.h8, .shrS)
            case .i16x8ShrU: (.h8, .shrU)
            case .i32x4Shl: (.s4, .shl)
            case .i32x4ShrS: (.s4, .shrS)
            case .i32x4ShrU: (.s4, .shrU)
            case .i64x2Shl: (.d2, .shl)
            case .i64x2ShrS: (.d2, .shrS)
            case .i64x2ShrU: (.d2, .shrU)
            }
        let bits = 8 << Int(t.size)
        switch amount {
        case .imm(let i):
            let c = Int(i) & (bits - 1)
            if c == 0 { return }
            switch kind {
            case .shl: try asm.shl(d, d, c, t)
            case .shrS: try asm.sshr(d, d, c, t)
            case .shrU: try asm.ushr(d, d, c, t)
            }
        case .reg(let r):
            // sshl/ushl shift left by the signed low byte of each lane of v31: a negative count shifts right.
            let c = Self.ip0.w
            try asm.and(WSP(encoding: c.encoding), Self.w(r), UInt64(bits - 1))
            if kind != .shl { try asm.neg(c, c) }
            let s = Self.fscratch
            if t == .d2 { try asm.dup(s, t, Self.ip0) } else { try asm.dup(s, t, c) }
            if kind == .shrS { try asm.sshl(d, d, s, t) } else { try asm.ushl(d, d, s, t) }
        }
    }

    // MARK: Tests

    public mutating func v128Test(_ op: V128TestOp, _ dst: Reg, _ src: Reg, temps: VectorTemps)
        throws(AssemblerError)
    {
        let s = Self.v(src)
        let w = Self.w(dst)
        let t = Self.fscratch
        switch op {
        case .v128AnyTrue:
            try asm.umaxv(t, s, .s4)
            try nonZero(w, .ne)
        case .i8x16AllTrue:
            try asm.uminv(t, s, .b16)
            try nonZero(w, .ne)
        case .i16x8AllTrue:
            try asm.uminv(t, s, .h8)
            try nonZero(w, .ne)
        case .i32x4AllTrue:
            try asm.uminv(t, s, .s4)
            try nonZero(w, .ne)
        case .i64x2AllTrue:
            // A zero 64-bit lane makes an all-ones lane in v31; any nonzero 32-bit half of v31 is one.
            try asm.cmeqZero(t, s, .d2)
            try asm.umaxv(t, t, .s4)
            try nonZero(w, .eq)
        case .i8x16Bitmask:
            // Sign masks & lane weights 1, 2, ..., 128 (twice); zip lane i with lane 8 + i into halfword i and add.
            let k = Self.v(temps.first!)
            try asm.cmltZero(t, s, .b16)
            try loadV128(k, V128(low: 0x8040_2010_0804_0201, high: 0x8040_2010_0804_0201))
            try asm.and(t, t, k)
            try asm.ext(k, t, t, 8, .b16)
            try asm.zip1(t, t, k, .b16)
            try asm.addv(t, t, .h8)
            asm.fmov(w, t.s)
        case .i16x8Bitmask:
            let k = Self.v(temps.first!)
            try asm.cmltZero(t, s, .h8)
            try loadV128(k, V128(low: 0x0008_0004_0002_0001, high: 0x0080_0040_0020_0010))
            try asm.and(t, t, k)
            try asm.addv(t, t, .h8)
            asm.fmov(w, t.s)
        case .i32x4Bitmask:
            let k = Self.v(temps.first!)
            try asm.cmltZero(t, s, .s4)
            try loadV128(k, V128(low: 0x0000_0002_0000_0001, high: 0x0000_0008_0000_0004))
            try asm.and(t, t, k)
            try asm.addv(t, t, .s4)
            asm.fmov(w, t.s)
        case .i64x2Bitmask:
            try asm.ushr(t, s, 63, .d2)
            try asm.umov(Self.ip0, t, .d, lane: 0)
            try asm.umov(Self.ip1, t, .d, lane: 1)
            try asm.add(w, Self.ip0.w, Self.ip1.w, .lsl, 1)
        }
    }

    /// `w = (the scalar just written to v31) != 0` (or `== 0` for `cond == .eq`). The across-lanes result
    /// zeroed the rest of v31, so its S view holds exactly that scalar.
    mutating func nonZero(_ w: W, _ cond: Cond) throws(AssemblerError) {
        asm.fmov(w, Self.fscratch.s)
        try asm.cmp(WSP(encoding: w.encoding), 0)
        try asm.cset(w, cond)
    }

    // MARK: Bitselect, shuffle, lanes

    public mutating func v128Bitselect(_ dst: Reg, _ other: Reg, mask: Reg, temps: VectorTemps)
        throws(AssemblerError)
    {
        // bif: insert `other`'s bits where the mask is 0.
        try asm.bif(Self.v(dst), Self.v(other), Self.v(mask))
    }

    public mutating func v128Shuffle(_ dst: Reg, _ rhs: Reg, lanes: V128, temps: VectorTemps)
        throws(AssemblerError)
    {
        let d = Self.v(dst)
        let r = Self.v(rhs)
        let t = Self.fscratch
        var fromDst = true
        var fromRhs = true
        var identity = true
        for i in 0..<16 {
            let l = Int(lanes[byte: i])
            if l < 16 { fromRhs = false } else { fromDst = false }
            if l != i { identity = false }
        }
        if identity { return }
        if try shuffleOneInstruction(d, r, lanes) { return }
        // A blend (every byte from its own position in dst or rhs): a byte mask and `bit`.
        if (0..<16).allSatisfy({ lanes[byte: $0] & 15 == $0 }) {
            let m = V128(
                low: (lanes.low >> 4 & 0x0101_0101_0101_0101) &* 0xFF,
                high: (lanes.high >> 4 & 0x0101_0101_0101_0101) &* 0xFF)
            try loadV128(t, m)
            try asm.bit(d, r, t)
            return
        }
        let flipped = V128(low: lanes.low ^ 0x1010_1010_1010_1010, high: lanes.high ^ 0x1010_1010_1010_1010)
        if fromDst {
            try loadV128(t, lanes)
            try asm.tbl(d, d, count: 1, t, .b16)
        } else if fromRhs {
            try loadV128(t, flipped)
            try asm.tbl(d, r, count: 1, t, .b16)
        } else if r.encoding == d.encoding + 1 {
            try loadV128(t, lanes)
            try asm.tbl(d, d, count: 2, t, .b16)
        } else if d.encoding == r.encoding + 1 {
            try loadV128(t, flipped)
            try asm.tbl(d, r, count: 2, t, .b16)
        } else {
            // dst's lanes in place (rhs's lanes are out of range for a one-register table: 0), then tbx fills
            // rhs's lanes (indices flipped by 16: dst's lanes become out of range and stay).
            try loadV128(t, lanes)
            try asm.tbl(d, d, count: 1, t, .b16)
            try loadV128(t, flipped)
            try asm.tbx(d, r, count: 1, t, .b16)
        }
    }

    /// Shuffles that are one permute instruction (byte indices: 0–15 dst, 16–31 rhs): a copy of rhs, `ext`
    /// (consecutive bytes of dst:rhs, or a rotation of one operand), `dup` of one element, `zip1/2`, `uzp1/2`,
    /// `trn1/2` at any element size over any operand pair, or one element moved into dst (`ins`). False if none fits.
    mutating func shuffleOneInstruction(_ d: V, _ r: V, _ lanes: V128) throws(AssemblerError) -> Bool {
        var l = [Int](repeating: 0, count: 16)
        for i in 0..<16 { l[i] = Int(lanes[byte: i]) }
        let reg = { (byte: Int) in byte < 16 ? d : r }
        if l.indices.allSatisfy({ l[$0] == 16 + $0 }) {
            try asm.mov(d, r)
            return true
        }
        // ext: bytes k, k+1, ... of dst:rhs, or a rotation of one register.
        let k = l[0]
        if (1..<16).contains(k) && l.indices.allSatisfy({ l[$0] == k + $0 }) {
            try asm.ext(d, d, r, k, .b16)
            return true
        }
        if l.indices.allSatisfy({ l[$0] & 16 == k & 16 && l[$0] & 15 == (k + $0) & 15 }) {
            let src = reg(k)
            try asm.ext(d, src, src, k & 15, .b16)
            return true
        }
        for arrangement in [Arrangement.d2, .s4, .h8, .b16] {
            let e = 1 << Int(arrangement.size)
            let n = 16 / e
            // Element i of the result is element m[i] of the 32-byte dst:rhs (or -1: not element-aligned).
            var m = [Int](repeating: -1, count: n)
            var aligned = true
            for i in 0..<n {
                let first = l[i * e]
                if first % e != 0 || (1..<e).contains(where: { l[i * e + $0] != first + $0 }) {
                    aligned = false
                    break
                }
                m[i] = first / e
            }
            guard aligned else { continue }
            // dup of one element
            if m.allSatisfy({ $0 == m[0] }) {
                try asm.dup(d, arrangement, reg(m[0] * e), lane: m[0] % n)
                return true
            }
            // zip, uzp, trn over (a, b) ∈ {dst, rhs}²: a's elements are 0..<n (dst) or n..<2n (rhs).
            for (a, b) in [(0, n), (n, 0), (0, 0), (n, n)] {
                let src = (a == 0 ? d : r, b == 0 ? d : r)
                let pattern = { (f: (Int) -> Int) in (0..<n).allSatisfy { m[$0] == f($0) } }
                let h = n / 2
                if pattern({ i in i % 2 == 0 ? a + i / 2 : b + i / 2 }) {
                    try asm.zip1(d, src.0, src.1, arrangement)
                } else if pattern({ i in i % 2 == 0 ? a + h + i / 2 : b + h + i / 2 }) {
                    try asm.zip2(d, src.0, src.1, arrangement)
                } else if pattern({ i in i < h ? a + 2 * i : b + 2 * (i - h) }) {
                    try asm.uzp1(d, src.0, src.1, arrangement)
                } else if pattern({ i in i < h ? a + 2 * i + 1 : b + 2 * (i - h) + 1 }) {
                    try asm.uzp2(d, src.0, src.1, arrangement)
                } else if pattern({ i in i % 2 == 0 ? a + i : b + i - 1 }) {
                    try asm.trn1(d, src.0, src.1, arrangement)
                } else if pattern({ i in i % 2 == 0 ? a + i + 1 : b + i }) {
                    try asm.trn2(d, src.0, src.1, arrangement)
                } else {
                    continue
                }
                return true
            }
            // dst with one element replaced
            let moved = (0..<n).filter { m[$0] != $0 }
            if moved.count == 1 {
                let i = moved[0]
                try asm.ins(d, arrangement.element, lane: i, reg(m[i] * e), srcLane: m[i] % n)
                return true
            }
        }
        return false
    }

    public mutating func v128Splat(_ shape: V128Shape, _ dst: Reg, _ src: Reg, temps: VectorTemps)
        throws(AssemblerError)
    {
        let d = Self.v(dst)
        let t = Self.arrangement(shape)
        switch shape {
        case .i8x16, .i16x8, .i32x4: try asm.dup(d, t, Self.w(src))
        case .i64x2: try asm.dup(d, t, Self.x(src))
        case .f32x4, .f64x2: try asm.dup(d, t, Self.v(src), lane: 0)
        }
    }

    public mutating func v128ExtractLane(_ shape: V128Shape, signed: Bool, _ dst: Reg, _ src: Reg, lane: UInt8)
        throws(AssemblerError)
    {
        let s = Self.v(src)
        let e = Self.element(shape)
        let l = Int(lane)
        switch shape {
        case .i8x16, .i16x8:
            if signed { try asm.smov(Self.w(dst), s, e, lane: l) } else { try asm.umov(Self.w(dst), s, e, lane: l) }
        case .i32x4: try asm.umov(Self.w(dst), s, .s, lane: l)
        case .i64x2: try asm.umov(Self.x(dst), s, .d, lane: l)
        case .f32x4, .f64x2: try asm.ins(Self.v(dst), e, lane: 0, s, srcLane: l)
        }
    }

    public mutating func v128ReplaceLane(
        _ shape: V128Shape, _ dst: Reg, _ value: Reg, lane: UInt8, temps: VectorTemps
    ) throws(AssemblerError) {
        let d = Self.v(dst)
        let e = Self.element(shape)
        let l = Int(lane)
        switch shape {
        case .i8x16, .i16x8, .i32x4: try asm.ins(d, e, lane: l, Self.w(value))
        case .i64x2: try asm.ins(d, .d, lane: l, Self.x(value))
        case .f32x4, .f64x2: try asm.ins(d, e, lane: l, Self.v(value), srcLane: 0)
        }
    }

    // MARK: Memory

    /// `x27 + zext(index) + offset` as a base register (for the structure loads/stores, which take no offset):
    /// x27 itself, or x16.
    mutating func baseAddress(index: Reg?, offset: UInt64) throws(AssemblerError) -> XSP {
        let b = Self.sp(Self.ip0)
        if let index {
            try asm.add(b, Self.memBase, Self.w(index), .uxtw)
            if offset == 0 { return b }
            if Self.fitsAddImmediate(Int64(offset)) {
                try asm.add(b, b, Int(offset))
            } else {
                asm.mov(Self.ip1, offset)
                try asm.add(b, b, Self.ip1, .uxtx)
            }
            return b
        }
        if offset == 0 { return Self.memBase }
        if Self.fitsAddImmediate(Int64(offset)) {
            try asm.add(b, Self.memBase, Int(offset))
        } else {
            asm.mov(Self.ip0, offset)
            try asm.add(b, Self.memBase, Self.ip0, .uxtx)
        }
        return b
    }

    public mutating func v128Load(_ kind: V128LoadKind, _ dst: Reg, index: Reg?, offset: UInt64)
        throws(AssemblerError) -> Int
    {
        let d = Self.v(dst)
        switch kind {
        case .load:
            let m = try address(index: index, offset: offset, scale: 4)
            let at = asm.offset
            try asm.ldr(d.q, m)
            return at
        case .load8x8S, .load8x8U, .load16x4S, .load16x4U, .load32x2S, .load32x2U, .load64Zero:
            let m = try address(index: index, offset: offset, scale: 3)
            let at = asm.offset
            try asm.ldr(d.d, m) // a scalar load zeroes the upper half
            switch kind {
            case .load8x8S: try asm.sxtl(d, d, .b8)
            case .load8x8U: try asm.uxtl(d, d, .b8)
            case .load16x4S: try asm.sxtl(d, d, .h4)
            case .load16x4U: try asm.uxtl(d, d, .h4)
            case .load32x2S: try asm.sxtl(d, d, .s2)
            case .load32x2U: try asm.uxtl(d, d, .s2)
            default: break
            }
            return at
        case .load32Zero:
            let m = try address(index: index, offset: offset, scale: 2)
            let at = asm.offset
            try asm.ldr(d.s, m)
            return at
        case .load8Splat, .load16Splat, .load32Splat, .load64Splat:
            let t: Arrangement =
                switch kind {
                case .load8Splat: .b16
                case .load16Splat: .h8
                case .load32Splat: .s4
                default: .d2
                }
            let base = try baseAddress(index: index, offset: offset)
            let at = asm.offset
            asm.ld1r(d, t, base)
            return at
        }
    }

    /// A 16-byte store that crosses the end of the accessible memory must write nothing: the store itself may
    /// write the bytes before the boundary before it faults (qemu splits it into two 8-byte stores; the
    /// architecture allows it too). So the last byte is loaded first (`ldrb wzr`): that load is the access that
    /// faults, and after it the whole store is known to be in bounds.
    public mutating func v128Store(_ src: Reg, index: Reg?, offset: UInt64) throws(AssemblerError) -> Int {
        // Both accesses take the offset as an immediate when it fits (ldrb: 0...4095; str q: a multiple of 16
        // below 65536, or -256...255 unscaled); else it is added into the base register.
        let fits = offset + 15 < 4096 && (offset & 15 == 0 || offset < 256)
        let base = try baseAddress(index: index, offset: fits ? 0 : offset)
        let k = fits ? Int(offset) : 0
        let at = asm.offset
        try asm.ldrb(W.wzr, .offset(base, k + 15))
        try asm.str(Self.q(src), .offset(base, k))
        return at
    }

    static func laneElement(_ laneBytes: Int) -> ElementSize {
        switch laneBytes {
        case 1: .b
        case 2: .h
        case 4: .s
        default: .d
        }
    }

    public mutating func v128LoadLane(laneBytes: Int, _ dst: Reg, lane: UInt8, index: Reg?, offset: UInt64)
        throws(AssemblerError) -> Int
    {
        let base = try baseAddress(index: index, offset: offset)
        let at = asm.offset
        try asm.ld1(Self.v(dst), Self.laneElement(laneBytes), lane: Int(lane), base)
        return at
    }

    public mutating func v128StoreLane(laneBytes: Int, _ src: Reg, lane: UInt8, index: Reg?, offset: UInt64)
        throws(AssemblerError) -> Int
    {
        let base = try baseAddress(index: index, offset: offset)
        let at = asm.offset
        try asm.st1(Self.v(src), Self.laneElement(laneBytes), lane: Int(lane), base)
        return at
    }

    // MARK: Deterministic NaNs

    /// Scalars: a compare on the hot path and the fix-up out of line (NaNs are rare, and the fix-up on the
    /// value's own dependency chain would add its latency to every float operation). Vectors: the fix-up inline.
    public mutating func canonicalizeNaNs(_ shape: V128Shape, _ dst: Reg, scalar: Bool, temps: VectorTemps)
        throws(AssemblerError)
    {
        if scalar {
            let stub = asm.newLabel()
            let back = asm.newLabel()
            if shape == .f64x2 { asm.fcmp(Self.d(dst), Self.d(dst)) } else { asm.fcmp(Self.s(dst), Self.s(dst)) }
            try asm.b(.vs, stub)
            try asm.bind(back)
            nanStubs.append((stub, back, dst, shape))
            return
        }
        try blendCanonicalNaNs(shape, dst)
    }

    mutating func blendCanonicalNaNs(_ shape: V128Shape, _ dst: Reg) throws(AssemblerError) {
        // v31 = ordered lanes (all ones); clear the NaN lanes of dst; then v31 = ~v31 shifted into the canonical
        // NaN (f32: ~0 >> 23 << 22 = 0x7fc00000; f64: ~0 >> 52 << 51 = 0x7ff8000000000000) and merged in.
        let d = Self.v(dst)
        let t = Self.fscratch
        let a: Arrangement = shape == .f64x2 ? .d2 : .s4
        let quietBit = a == .d2 ? 51 : 22
        try asm.fcmeq(t, d, d, a)
        try asm.and(d, d, t)
        try asm.not(t, t)
        try asm.ushr(t, t, quietBit + 1, a)
        try asm.shl(t, t, quietBit, a)
        try asm.orr(d, d, t)
    }
}

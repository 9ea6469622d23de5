import AArch64
import AssemblerCore
import WasmDecoder

/// Numeric conversions on AArch64, with wasm's trapping and saturating semantics.
extension A64MacroAssembler {
    public mutating func convert(_ op: ConversionOp, _ dst: Reg, _ src: Reg, invalid: Label, overflow: Label)
        throws(AssemblerError)
    {
        switch op {
        case .i32WrapI64: asm.mov(Self.w(dst), Self.w(src)) // a W write clears bits 63:32
        case .i64ExtendI32S: asm.sxtw(Self.x(dst), Self.w(src))
        case .i64ExtendI32U: if dst != src { asm.mov(Self.w(dst), Self.w(src)) } // upper bits already zero
        case .i32Extend8S: asm.sxtb(Self.w(dst), Self.w(src))
        case .i32Extend16S: asm.sxth(Self.w(dst), Self.w(src))
        case .i64Extend8S: asm.sxtb(Self.x(dst), Self.w(src))
        case .i64Extend16S: asm.sxth(Self.x(dst), Self.w(src))
        case .i64Extend32S: asm.sxtw(Self.x(dst), Self.w(src))
        case .f32DemoteF64: asm.fcvt(Self.s(dst), Self.d(src))
        case .f64PromoteF32: asm.fcvt(Self.d(dst), Self.s(src))
        case .i32ReinterpretF32: asm.fmov(Self.w(dst), Self.s(src))
        case .i64ReinterpretF64: asm.fmov(Self.x(dst), Self.d(src))
        case .f32ReinterpretI32: asm.fmov(Self.s(dst), Self.w(src))
        case .f64ReinterpretI64: asm.fmov(Self.d(dst), Self.x(src))
        case .convert(let to, let from, let signed):
            // scvtf/ucvtf round correctly (FPCR.RMode = nearest-even) for every source width, u64 included.
            switch (to, from, signed) {
            case (.f32, .s32, true): asm.scvtf(Self.s(dst), Self.w(src))
            case (.f32, .s32, false): asm.ucvtf(Self.s(dst), Self.w(src))
            case (.f32, .s64, true): asm.scvtf(Self.s(dst), Self.x(src))
            case (.f32, .s64, false): asm.ucvtf(Self.s(dst), Self.x(src))
            case (.f64, .s32, true): asm.scvtf(Self.d(dst), Self.w(src))
            case (.f64, .s32, false): asm.ucvtf(Self.d(dst), Self.w(src))
            case (.f64, .s64, true): asm.scvtf(Self.d(dst), Self.x(src))
            case (.f64, .s64, false): asm.ucvtf(Self.d(dst), Self.x(src))
            }
        case .truncate(let to, let from, let signed, let saturating):
            if !saturating {
                try truncateRangeCheck(to, from, signed, src, invalid: invalid, overflow: overflow)
            }
            // fcvtzs/fcvtzu round toward zero and saturate to the destination range, NaN → 0: after the range
            // check this is the exact result; without it, it is wasm's trunc_sat.
            switch (to, from, signed) {
            case (.s32, .f32, true): asm.fcvtzs(Self.w(dst), Self.s(src))
            case (.s32, .f32, false): asm.fcvtzu(Self.w(dst), Self.s(src))
            case (.s32, .f64, true): asm.fcvtzs(Self.w(dst), Self.d(src))
            case (.s32, .f64, false): asm.fcvtzu(Self.w(dst), Self.d(src))
            case (.s64, .f32, true): asm.fcvtzs(Self.x(dst), Self.s(src))
            case (.s64, .f32, false): asm.fcvtzu(Self.x(dst), Self.s(src))
            case (.s64, .f64, true): asm.fcvtzs(Self.x(dst), Self.d(src))
            case (.s64, .f64, false): asm.fcvtzu(Self.x(dst), Self.d(src))
            }
        }
    }

    /// Bits of the float `value` at `size`.
    static func bits(_ value: Double, _ size: FloatSize) -> UInt64 {
        size == .f32 ? UInt64(Float(value).bitPattern) : value.bitPattern
    }

    mutating func fcmp(_ size: FloatSize, _ a: V, _ b: V) {
        if size == .f32 { asm.fcmp(a.s, b.s) } else { asm.fcmp(a.d, b.d) }
    }

    /// The trapping truncations' checks (the same boundaries as x86-64): NaN → `invalid`; out of range →
    /// `overflow`. After `fcmp` of two ordered values: less = N, equal = Z, greater = C and not Z.
    mutating func truncateRangeCheck(
        _ to: IntSize, _ from: FloatSize, _ signed: Bool, _ src: Reg,
        invalid: Label, overflow: Label
    ) throws(AssemblerError) {
        let s = Self.v(src)
        let fs = Self.fscratch
        fcmp(from, s, s)
        try asm.b(.vs, invalid) // unordered: NaN
        if signed {
            // Valid iff lo < x < hi, with lo = -2^(n-1) - 1 and hi = 2^(n-1) (lo ≤ x when lo is exact).
            let n: Double = to == .s32 ? 31 : 63
            let hi = pow2(n)
            let loBits: UInt64
            let loInclusive: Bool
            if to == .s32 && from == .f64 {
                loBits = Self.bits(-hi - 1, from)
                loInclusive = false
            } else {
                loBits = Self.bits(-hi, from)
                loInclusive = true
            }
            try loadFloatConstant(from, fs, bits: loBits)
            fcmp(from, s, fs)
            try asm.b(loInclusive ? .mi : .ls, overflow) // x < lo, or x <= lo
            try loadFloatConstant(from, fs, bits: Self.bits(hi, from))
            fcmp(from, s, fs)
            try asm.b(.ge, overflow) // x >= hi
            return
        }
        // unsigned: valid iff -1 < x < 2^n
        try loadFloatConstant(from, fs, bits: Self.bits(-1, from))
        fcmp(from, s, fs)
        try asm.b(.ls, overflow) // x <= -1
        let n: Double = to == .s32 ? 32 : 64
        try loadFloatConstant(from, fs, bits: Self.bits(pow2(n), from))
        fcmp(from, s, fs)
        try asm.b(.ge, overflow) // x >= 2^n
    }
}

import AssemblerCore
import WasmDecoder
import X86_64

extension X64MacroAssembler {
    public mutating func convert(_ op: ConversionOp, _ dst: Reg, _ src: Reg, invalid: Label, overflow: Label)
        throws(AssemblerError)
    {
        switch op {
        case .i32WrapI64: try asm.mov(.dword, Self.g(dst), Self.g(src))
        case .i64ExtendI32S: try asm.movsxd(Self.g(dst), Self.g(src))
        case .i64ExtendI32U: try asm.mov(.dword, Self.g(dst), Self.g(src))
        case .i32Extend8S: try asm.movsx(.dword, Self.g(dst), .byte, Self.g(src))
        case .i32Extend16S: try asm.movsx(.dword, Self.g(dst), .word, Self.g(src))
        case .i64Extend8S: try asm.movsx(.qword, Self.g(dst), .byte, Self.g(src))
        case .i64Extend16S: try asm.movsx(.qword, Self.g(dst), .word, Self.g(src))
        case .i64Extend32S: try asm.movsxd(Self.g(dst), Self.g(src))
        case .f32DemoteF64: asm.cvtsd2ss(Self.x(dst), Self.x(src))
        case .f64PromoteF32: asm.cvtss2sd(Self.x(dst), Self.x(src))
        case .i32ReinterpretF32: try asm.movd(Self.g(dst), Self.x(src))
        case .i64ReinterpretF64: try asm.movq(Self.g(dst), Self.x(src))
        case .f32ReinterpretI32: try asm.movd(Self.x(dst), Self.g(src))
        case .f64ReinterpretI64: try asm.movq(Self.x(dst), Self.g(src))
        case .convert(let to, let from, let signed):
            try convertIntToFloat(to, from, signed, Self.x(dst), Self.g(src))
        case .truncate(let to, let from, let signed, let saturating):
            if saturating {
                try truncateSaturating(to, from, signed, Self.g(dst), Self.x(src))
            } else {
                try truncateTrapping(to, from, signed, Self.g(dst), Self.x(src), invalid: invalid, overflow: overflow)
            }
        }
    }

    mutating func cvtsi(_ to: FloatSize, _ w: Width, _ d: XMM, _ s: GPR) throws(AssemblerError) {
        asm.xorps(d, d) // break the false dependency on d's upper bits
        if to == .f32 { try asm.cvtsi2ss(w, d, s) } else { try asm.cvtsi2sd(w, d, s) }
    }

    mutating func convertIntToFloat(_ to: FloatSize, _ from: IntSize, _ signed: Bool, _ d: XMM, _ s: GPR)
        throws(AssemblerError)
    {
        if signed {
            try cvtsi(to, Self.w(from), d, s)
            return
        }
        if from == .s32 {
            // A u32 zero-extended is a non-negative i64: one exact conversion.
            try asm.mov(.dword, Self.scratch, s)
            try cvtsi(to, .qword, d, Self.scratch)
            return
        }
        // u64: if the top bit is clear, a signed conversion is exact; else halve (keeping the low bit
        // sticky for correct rounding), convert, and double.
        let big = asm.newLabel()
        let done = asm.newLabel()
        try asm.test(.qword, s, s)
        try asm.j(.s, big, short: true)
        try cvtsi(to, .qword, d, s)
        try asm.jmp(done, short: true)
        try asm.bind(big)
        try asm.mov(.qword, Self.scratch, s)
        try asm.shr(.qword, Self.scratch, 1)
        try orLowBit(s)
        try cvtsi(to, .qword, d, Self.scratch)
        if to == .f32 { asm.addss(d, d) } else { asm.addsd(d, d) }
        try asm.bind(done)
    }

    /// scratch |= (s & 1): the halved value keeps the lost bit sticky, so rounding stays correct.
    mutating func orLowBit(_ s: GPR) throws(AssemblerError) {
        let skip = asm.newLabel()
        try asm.test(.byte, s, 1)
        try asm.j(.e, skip, short: true)
        try asm.or(.qword, Self.scratch, 1)
        try asm.bind(skip)
    }

    mutating func ucomi(_ size: FloatSize, _ a: XMM, _ b: XMM) {
        size == .f32 ? asm.ucomiss(a, b) : asm.ucomisd(a, b)
    }

    mutating func cvtt(_ from: FloatSize, _ w: Width, _ d: GPR, _ s: XMM) throws(AssemblerError) {
        if from == .f32 { try asm.cvttss2si(w, d, s) } else { try asm.cvttsd2si(w, d, s) }
    }

    /// Bits of the float `value` at `size`.
    static func bits(_ value: Double, _ size: FloatSize) -> UInt64 {
        size == .f32 ? UInt64(Float(value).bitPattern) : value.bitPattern
    }

    mutating func truncateTrapping(
        _ to: IntSize, _ from: FloatSize, _ signed: Bool, _ d: GPR, _ s: XMM,
        invalid: Label, overflow: Label
    ) throws(AssemblerError) {
        let fs = Self.fscratch
        ucomi(from, s, s)
        try asm.j(.p, invalid)
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
            ucomi(from, s, fs)
            try asm.j(loInclusive ? .b : .be, overflow)
            try loadFloatConstant(from, fs, bits: Self.bits(hi, from))
            ucomi(from, s, fs)
            try asm.j(.ae, overflow)
            try cvtt(from, Self.w(to), d, s)
            return
        }
        // unsigned: valid iff -1 < x < 2^n
        try loadFloatConstant(from, fs, bits: Self.bits(-1, from))
        ucomi(from, s, fs)
        try asm.j(.be, overflow)
        let n: Double = to == .s32 ? 32 : 64
        try loadFloatConstant(from, fs, bits: Self.bits(pow2(n), from))
        ucomi(from, s, fs)
        try asm.j(.ae, overflow)
        if to == .s32 {
            try cvtt(from, .qword, d, s)
            try asm.mov(.dword, d, d)
            return
        }
        try truncateU64(from, d, s)
    }

    /// x in [0, 2^64) → u64 (no range checks).
    mutating func truncateU64(_ from: FloatSize, _ d: GPR, _ s: XMM) throws(AssemblerError) {
        let fs = Self.fscratch
        let big = asm.newLabel()
        let done = asm.newLabel()
        try loadFloatConstant(from, fs, bits: Self.bits(pow2(63), from))
        ucomi(from, s, fs)
        try asm.j(.ae, big, short: true)
        try cvtt(from, .qword, d, s)
        try asm.jmp(done, short: true)
        try asm.bind(big)
        // fs = 2^63 - s; truncation is symmetric, so -cvtt(fs) = trunc(s - 2^63) ∈ [0, 2^63); then add 2^63.
        if from == .f32 { asm.subss(fs, s) } else { asm.subsd(fs, s) }
        try cvtt(from, .qword, d, fs)
        try asm.neg(.qword, d)
        try asm.movImm(Self.scratch, Int64(bitPattern: 0x8000_0000_0000_0000))
        try asm.xor(.qword, d, Self.scratch)
        try asm.bind(done)
    }

    mutating func truncateSaturating(_ to: IntSize, _ from: FloatSize, _ signed: Bool, _ d: GPR, _ s: XMM)
        throws(AssemblerError)
    {
        let fs = Self.fscratch
        let done = asm.newLabel()
        let nan = asm.newLabel()
        let low = asm.newLabel()
        let high = asm.newLabel()
        let inRange = asm.newLabel()
        ucomi(from, s, s)
        try asm.j(.p, nan)
        let n: Double = signed ? (to == .s32 ? 31 : 63) : (to == .s32 ? 32 : 64)
        let loBits = signed ? Self.bits(-pow2(n), from) : Self.bits(0, from)
        try loadFloatConstant(from, fs, bits: loBits)
        ucomi(from, s, fs)
        try asm.j(.be, low)
        try loadFloatConstant(from, fs, bits: Self.bits(pow2(n), from))
        ucomi(from, s, fs)
        try asm.j(.ae, high)
        try asm.bind(inRange)
        if signed {
            try cvtt(from, Self.w(to), d, s)
        } else if to == .s32 {
            try cvtt(from, .qword, d, s)
            try asm.mov(.dword, d, d)
        } else {
            try truncateU64(from, d, s)
        }
        try asm.jmp(done)
        try asm.bind(nan)
        try asm.xor(.dword, d, d)
        try asm.jmp(done)
        try asm.bind(low)
        let minValue: Int64 = signed ? (to == .s32 ? Int64(Int32.min) : Int64.min) : 0
        try asm.movImm(d, to == .s32 ? Int64(UInt32(truncatingIfNeeded: minValue)) : minValue)
        try asm.jmp(done)
        try asm.bind(high)
        let maxValue: Int64 =
            signed ? (to == .s32 ? Int64(Int32.max) : Int64.max) : (to == .s32 ? Int64(UInt32.max) : -1)
        try asm.movImm(d, maxValue)
        try asm.bind(done)
    }
}

@inline(__always) func pow2(_ n: Double) -> Double {
    var r = 1.0
    for _ in 0..<Int(n) { r *= 2 }
    return r
}

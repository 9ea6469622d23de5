import AssemblerCore
import SwasmABI
import WasmDecoder
import X86_64

/// SIMD (v128) code generation for X64MacroAssembler: the `VectorMacroAssembler` families, on SSE4.1, and with
/// AVX (`avx`, set by `enableFeatures`) in VEX.128 encodings where their three operands save copies: every
/// binary operation that is one instruction, on a read-only left operand (`v128Binary(_:_:_:_:temps:)`), and the
/// sequences whose SSE forms copy through xmm15. VEX.128 zeroes the upper YMM halves, so the code never leaves
/// them dirty for the native code it calls (and needs no `vzeroupper`); VEX.256 is never emitted.
///
/// Registers: `d` is the destination (in place), `a` the left operand (`d` itself, or with AVX a read-only
/// register), `s` a read-only operand, `t` a temporary the code generator allocated (`temporaries(for:)`), `xmm15`
/// and `r11` the scratch registers. Constants other than zero and all-ones come from the function's literal pool
/// (`constant(_:)`: a RIP-relative operand, 16-byte aligned because code is always placed at 16-byte aligned
/// addresses (`CodeRegion`, `ExecutableMemory`, the harness's pages), so it can be the memory operand of any SSE
/// instruction).
extension X64MacroAssembler: VectorMacroAssembler {
    @inline(__always) static var x15: XMM { .xmm15 }

    public static func temporaries(for operation: VectorOperation) -> Int {
        switch operation {
        case .binary(let op):
            switch op {
            case .i64x2Mul, .i64x2LtS, .i64x2GtS, .i64x2LeS, .i64x2GeS: 1
            default: 0
            }
        case .shift(let op):
            switch op {
            case .i8x16Shl, .i8x16ShrS, .i8x16ShrU, .i64x2ShrS: 1
            default: 0
            }
        default: 0
        }
    }

    // MARK: Constants

    /// The literal-pool operand holding `value` (one pool entry per distinct value and function).
    mutating func constant(_ value: V128) -> Mem {
        if let l = vectorPool[value] { return Mem.rip(l) }
        let l = asm.newLabel()
        vectorPool[value] = l
        vectorPoolOrder.append((value, l))
        return Mem.rip(l)
    }

    mutating func splat8(_ v: UInt8) -> Mem { constant(V128(splatting: UInt64(v), laneBytes: 1)) }
    mutating func splat16(_ v: UInt16) -> Mem { constant(V128(splatting: UInt64(v), laneBytes: 2)) }
    mutating func splat32(_ v: UInt32) -> Mem { constant(V128(splatting: UInt64(v), laneBytes: 4)) }
    mutating func splat64(_ v: UInt64) -> Mem { constant(V128(low: v, high: v)) }

    mutating func materialize(_ d: XMM, _ value: V128) throws(AssemblerError) {
        if value.low == 0 && value.high == 0 {
            asm.pxor(d, d)
        } else if value.low == ~0 && value.high == ~0 {
            asm.pcmpeqd(d, d)
        } else {
            try asm.movdqa(d, constant(value))
        }
    }

    public mutating func loadV128Constant(_ dst: Reg, _ value: V128) throws(AssemblerError) {
        try materialize(Self.x(dst), value)
    }

    public mutating func storeSlotV128Constant(fpOffset: Int, _ value: V128) throws(AssemblerError) {
        // One 16-byte store, so a later 16-byte load of the slot is forwarded from the store buffer.
        try materialize(Self.x15, value)
        try asm.movdqu(Self.slot(fpOffset), Self.x15)
    }

    public mutating func flushVectorConstants() throws(AssemblerError) {
        if !nanStubs.isEmpty {
            for s in nanStubs { try emitNaNStub(s) }
            nanStubs.removeAll(keepingCapacity: true)
        }
        guard !vectorPoolOrder.isEmpty else { return }
        asm.buffer.align(to: 16, fill: 0xCC)
        for entry in vectorPoolOrder {
            try asm.bind(entry.label)
            asm.buffer.emit64(entry.value.low)
            asm.buffer.emit64(entry.value.high)
        }
        vectorPool.removeAll(keepingCapacity: true)
        vectorPoolOrder.removeAll(keepingCapacity: true)
    }

    // MARK: Helpers

    public mutating func enableFeatures(_ features: ArtifactFlags) {
        avx = features.contains(.x86AVX)
    }

    /// `d = a op b` for an instruction with an SSE form (`op d, b`) and a VEX form (`vop d, a, b`): the VEX form
    /// with AVX, else the SSE form on `d` (which must then be `a`).
    mutating func op3(
        _ d: XMM, _ a: XMM, _ b: XMM, _ sse: (inout X86Assembler, XMM, XMM) -> Void,
        _ vex: (inout X86Assembler, XMM, XMM, XMM) -> Void
    ) {
        if avx {
            vex(&asm, d, a, b)
        } else {
            assert(d == a, "SSE forms are in place")
            sse(&asm, d, b)
        }
    }

    /// `d = ~d`.
    mutating func vnot(_ d: XMM) {
        if avx {
            asm.vpcmpeqd(Self.x15, Self.x15, Self.x15)
            asm.vpxor(d, d, Self.x15)
        } else {
            asm.pcmpeqd(Self.x15, Self.x15)
            asm.pxor(d, Self.x15)
        }
    }

    /// `d = 0 - d` (lane-wise negation); SSE goes through xmm15 and a copy back.
    mutating func vneg(
        _ d: XMM, _ sub: (inout X86Assembler, XMM, XMM) -> Void,
        _ vsub: (inout X86Assembler, XMM, XMM, XMM) -> Void
    ) {
        if avx {
            asm.vpxor(Self.x15, Self.x15, Self.x15)
            vsub(&asm, d, Self.x15, d)
        } else {
            asm.pxor(Self.x15, Self.x15)
            sub(&asm, Self.x15, d)
            asm.movdqa(d, Self.x15)
        }
    }

    /// `d = s op a` for a non-commutative `op` (the operand order SSE lacks): the VEX form with its operands
    /// swapped, or through xmm15 (then `a` is `d`).
    mutating func reversed(
        _ d: XMM, _ a: XMM, _ s: XMM, _ op: (inout X86Assembler, XMM, XMM) -> Void,
        _ vop: (inout X86Assembler, XMM, XMM, XMM) -> Void
    ) {
        if avx {
            vop(&asm, d, s, a)
        } else {
            assert(d == a, "SSE forms are in place")
            asm.movdqa(Self.x15, s)
            op(&asm, Self.x15, d)
            asm.movdqa(d, Self.x15)
        }
    }

    /// Integer lane comparisons by min/max: `d = (op(a, s) == a)` (le via min, ge via max), negated if asked.
    mutating func compareByMinMax(
        _ d: XMM, _ a: XMM, _ s: XMM, negate: Bool,
        _ minmax: (inout X86Assembler, XMM, XMM) -> Void, _ vminmax: (inout X86Assembler, XMM, XMM, XMM) -> Void,
        _ eq: (inout X86Assembler, XMM, XMM) -> Void, _ veq: (inout X86Assembler, XMM, XMM, XMM) -> Void
    ) {
        if avx {
            vminmax(&asm, Self.x15, a, s)
            veq(&asm, d, a, Self.x15)
        } else {
            asm.movdqa(Self.x15, d)
            minmax(&asm, Self.x15, s)
            eq(&asm, d, Self.x15)
        }
        if negate { vnot(d) }
    }

    /// i64x2 signed `d = a > b` where `a`/`b` are `d`/`s` (`dIsA`) or `s`/`d`: the high dwords compared signed,
    /// ties broken by the sign of `b - a` (SSE4.1 has no `pcmpgtq`). `t` is a temporary.
    mutating func greaterThan64(_ d: XMM, _ s: XMM, _ t: XMM, dIsA: Bool, negate: Bool) {
        let x15 = Self.x15
        if dIsA {
            asm.movdqa(t, s)
            asm.psubq(t, d) // b - a
            asm.movdqa(x15, d)
            asm.pcmpeqd(x15, s) // a == b per dword
            asm.pand(t, x15)
            asm.pcmpgtd(d, s) // a > b per dword
            asm.por(d, t)
            asm.pshufd(d, d, 0xF5) // the high dword of each lane decides
        } else {
            asm.movdqa(t, d)
            asm.psubq(t, s) // b - a, with a = s, b = d
            asm.movdqa(x15, d)
            asm.pcmpeqd(x15, s)
            asm.pand(t, x15)
            asm.movdqa(x15, s)
            asm.pcmpgtd(x15, d) // a > b per dword
            asm.por(x15, t)
            asm.pshufd(d, x15, 0xF5)
        }
        if negate { vnot(d) }
    }

    /// Wasm f32x4/f64x2 `min` of `a` and `s` into `d`: NaN if either is NaN, -0 < +0. `minps` returns its second
    /// operand on NaN and on equal operands, so both orders are computed and merged; NaN lanes get a quiet NaN.
    mutating func floatMin(_ d: XMM, _ a: XMM, _ s: XMM, single: Bool) {
        let x15 = Self.x15
        if avx {
            if single {
                asm.vminps(x15, s, a)
                asm.vminps(d, a, s)
            } else {
                asm.vminpd(x15, s, a)
                asm.vminpd(d, a, s)
            }
            asm.vorps(x15, x15, d) // -0 wins over +0; NaN propagates
            if single { asm.vcmpps(d, d, x15, .unord) } else { asm.vcmppd(d, d, x15, .unord) }
            asm.vorps(x15, x15, d)
            if single { asm.vpsrld(d, d, 10) } else { asm.vpsrlq(d, d, 13) }
            asm.vandnps(d, d, x15) // NaN lanes: the quiet NaN with the sign set
            return
        }
        assert(d == a, "SSE forms are in place")
        asm.movaps(x15, s)
        if single {
            asm.minps(x15, d)
            asm.minps(d, s)
        } else {
            asm.minpd(x15, d)
            asm.minpd(d, s)
        }
        asm.orps(x15, d) // -0 wins over +0; NaN propagates
        if single { asm.cmpps(d, x15, .unord) } else { asm.cmppd(d, x15, .unord) }
        asm.orps(x15, d)
        if single { asm.psrld(d, 10) } else { asm.psrlq(d, 13) }
        asm.andnps(d, x15) // NaN lanes: the quiet NaN with the sign set
    }

    /// Wasm `max` (see `floatMin`): +0 > -0 through the xor/or/sub of both orders' results.
    mutating func floatMax(_ d: XMM, _ a: XMM, _ s: XMM, single: Bool) {
        let x15 = Self.x15
        if avx {
            if single {
                asm.vmaxps(x15, s, a)
                asm.vmaxps(d, a, s)
            } else {
                asm.vmaxpd(x15, s, a)
                asm.vmaxpd(d, a, s)
            }
            asm.vxorps(x15, x15, d) // where the orders disagree
            asm.vorps(d, d, x15) // NaN propagates
            if single { asm.vsubps(d, d, x15) } else { asm.vsubpd(d, d, x15) } // +0 from -0/+0, quiet NaN
            if single { asm.vcmpps(x15, x15, d, .unord) } else { asm.vcmppd(x15, x15, d, .unord) }
            if single { asm.vpsrld(x15, x15, 10) } else { asm.vpsrlq(x15, x15, 13) }
            asm.vandnps(d, x15, d)
            return
        }
        assert(d == a, "SSE forms are in place")
        asm.movaps(x15, s)
        if single {
            asm.maxps(x15, d)
            asm.maxps(d, s)
        } else {
            asm.maxpd(x15, d)
            asm.maxpd(d, s)
        }
        asm.xorps(x15, d) // where the orders disagree
        asm.orps(d, x15) // NaN propagates
        if single { asm.subps(d, x15) } else { asm.subpd(d, x15) } // +0 from -0/+0, quiet NaN
        if single { asm.cmpps(x15, d, .unord) } else { asm.cmppd(x15, d, .unord) }
        if single { asm.psrld(x15, 10) } else { asm.psrlq(x15, 13) }
        asm.andnps(x15, d)
        asm.movaps(d, x15)
    }

    // MARK: Binary

    public mutating func v128Binary(_ op: V128BinaryOp, _ dst: Reg, _ rhs: Reg, temps: VectorTemps)
        throws(AssemblerError)
    {
        try binary(op, Self.x(dst), Self.x(dst), Self.x(rhs), temps: temps)
    }

    /// Three-operand with AVX; without, the protocol's default (a copy of `lhs`, then the in-place form).
    public mutating func v128Binary(_ op: V128BinaryOp, _ dst: Reg, _ lhs: Reg, _ rhs: Reg, temps: VectorTemps)
        throws(AssemblerError)
    {
        if avx {
            try binary(op, Self.x(dst), Self.x(lhs), Self.x(rhs), temps: temps)
        } else {
            move(.v128, dst, lhs)
            try binary(op, Self.x(dst), Self.x(dst), Self.x(rhs), temps: temps)
        }
    }

    /// `d = a op s`. Without AVX `a` is `d` (in place); with AVX `a` may be another register (read-only).
    mutating func binary(_ op: V128BinaryOp, _ d: XMM, _ a: XMM, _ s: XMM, temps: VectorTemps)
        throws(AssemblerError)
    {
        assert(avx || a == d, "SSE forms are in place")
        let x15 = Self.x15
        switch op {
        case .i8x16Swizzle:
            // pshufb zeroes lanes whose index has bit 7 set: saturate indices >= 16 into that range.
            if avx {
                try asm.vpaddusb(x15, s, splat8(0x70))
                asm.vpshufb(d, a, x15)
            } else {
                asm.movdqa(x15, s)
                try asm.paddusb(x15, splat8(0x70))
                asm.pshufb(d, x15)
            }

        // Integer comparisons
        case .i8x16Eq: op3(d, a, s, { $0.pcmpeqb($1, $2) }, { $0.vpcmpeqb($1, $2, $3) })
        case .i8x16Ne:
            op3(d, a, s, { $0.pcmpeqb($1, $2) }, { $0.vpcmpeqb($1, $2, $3) })
            vnot(d)
        case .i8x16LtS: reversed(d, a, s, { $0.pcmpgtb($1, $2) }, { $0.vpcmpgtb($1, $2, $3) })
        case .i8x16GtS: op3(d, a, s, { $0.pcmpgtb($1, $2) }, { $0.vpcmpgtb($1, $2, $3) })
        case .i8x16LeS:
            compareByMinMax(
                d, a, s, negate: false, { $0.pminsb($1, $2) }, { $0.vpminsb($1, $2, $3) }, { $0.pcmpeqb($1, $2) },
                { $0.vpcmpeqb($1, $2, $3) })
        case .i8x16GeS:
            compareByMinMax(
                d, a, s, negate: false, { $0.pmaxsb($1, $2) }, { $0.vpmaxsb($1, $2, $3) }, { $0.pcmpeqb($1, $2) },
                { $0.vpcmpeqb($1, $2, $3) })
        case .i8x16LtU:
            compareByMinMax(
                d, a, s, negate: true, { $0.pmaxub($1, $2) }, { $0.vpmaxub($1, $2, $3) }, { $0.pcmpeqb($1, $2) },
                { $0.vpcmpeqb($1, $2, $3) })
        case .i8x16GtU:
            compareByMinMax(
                d, a, s, negate: true, { $0.pminub($1, $2) }, { $0.vpminub($1, $2, $3) }, { $0.pcmpeqb($1, $2) },
                { $0.vpcmpeqb($1, $2, $3) })
        case .i8x16LeU:
            compareByMinMax(
                d, a, s, negate: false, { $0.pminub($1, $2) }, { $0.vpminub($1, $2, $3) }, { $0.pcmpeqb($1, $2) },
                { $0.vpcmpeqb($1, $2, $3) })
        case .i8x16GeU:
            compareByMinMax(
                d, a, s, negate: false, { $0.pmaxub($1, $2) }, { $0.vpmaxub($1, $2, $3) }, { $0.pcmpeqb($1, $2) },
                { $0.vpcmpeqb($1, $2, $3) })
        case .i16x8Eq: op3(d, a, s, { $0.pcmpeqw($1, $2) }, { $0.vpcmpeqw($1, $2, $3) })
        case .i16x8Ne:
            op3(d, a, s, { $0.pcmpeqw($1, $2) }, { $0.vpcmpeqw($1, $2, $3) })
            vnot(d)
        case .i16x8LtS: reversed(d, a, s, { $0.pcmpgtw($1, $2) }, { $0.vpcmpgtw($1, $2, $3) })
        case .i16x8GtS: op3(d, a, s, { $0.pcmpgtw($1, $2) }, { $0.vpcmpgtw($1, $2, $3) })
        case .i16x8LeS:
            compareByMinMax(
                d, a, s, negate: false, { $0.pminsw($1, $2) }, { $0.vpminsw($1, $2, $3) }, { $0.pcmpeqw($1, $2) },
                { $0.vpcmpeqw($1, $2, $3) })
        case .i16x8GeS:
            compareByMinMax(
                d, a, s, negate: false, { $0.pmaxsw($1, $2) }, { $0.vpmaxsw($1, $2, $3) }, { $0.pcmpeqw($1, $2) },
                { $0.vpcmpeqw($1, $2, $3) })
        case .i16x8LtU:
            compareByMinMax(
                d, a, s, negate: true, { $0.pmaxuw($1, $2) }, { $0.vpmaxuw($1, $2, $3) }, { $0.pcmpeqw($1, $2) },
                { $0.vpcmpeqw($1, $2, $3) })
        case .i16x8GtU:
            compareByMinMax(
                d, a, s, negate: true, { $0.pminuw($1, $2) }, { $0.vpminuw($1, $2, $3) }, { $0.pcmpeqw($1, $2) },
                { $0.vpcmpeqw($1, $2, $3) })
        case .i16x8LeU:
            compareByMinMax(
                d, a, s, negate: false, { $0.pminuw($1, $2) }, { $0.vpminuw($1, $2, $3) }, { $0.pcmpeqw($1, $2) },
                { $0.vpcmpeqw($1, $2, $3) })
        case .i16x8GeU:
            compareByMinMax(
                d, a, s, negate: false, { $0.pmaxuw($1, $2) }, { $0.vpmaxuw($1, $2, $3) }, { $0.pcmpeqw($1, $2) },
                { $0.vpcmpeqw($1, $2, $3) })
        case .i32x4Eq: op3(d, a, s, { $0.pcmpeqd($1, $2) }, { $0.vpcmpeqd($1, $2, $3) })
        case .i32x4Ne:
            op3(d, a, s, { $0.pcmpeqd($1, $2) }, { $0.vpcmpeqd($1, $2, $3) })
            vnot(d)
        case .i32x4LtS: reversed(d, a, s, { $0.pcmpgtd($1, $2) }, { $0.vpcmpgtd($1, $2, $3) })
        case .i32x4GtS: op3(d, a, s, { $0.pcmpgtd($1, $2) }, { $0.vpcmpgtd($1, $2, $3) })
        case .i32x4LeS:
            compareByMinMax(
                d, a, s, negate: false, { $0.pminsd($1, $2) }, { $0.vpminsd($1, $2, $3) }, { $0.pcmpeqd($1, $2) },
                { $0.vpcmpeqd($1, $2, $3) })
        case .i32x4GeS:
            compareByMinMax(
                d, a, s, negate: false, { $0.pmaxsd($1, $2) }, { $0.vpmaxsd($1, $2, $3) }, { $0.pcmpeqd($1, $2) },
                { $0.vpcmpeqd($1, $2, $3) })
        case .i32x4LtU:
            compareByMinMax(
                d, a, s, negate: true, { $0.pmaxud($1, $2) }, { $0.vpmaxud($1, $2, $3) }, { $0.pcmpeqd($1, $2) },
                { $0.vpcmpeqd($1, $2, $3) })
        case .i32x4GtU:
            compareByMinMax(
                d, a, s, negate: true, { $0.pminud($1, $2) }, { $0.vpminud($1, $2, $3) }, { $0.pcmpeqd($1, $2) },
                { $0.vpcmpeqd($1, $2, $3) })
        case .i32x4LeU:
            compareByMinMax(
                d, a, s, negate: false, { $0.pminud($1, $2) }, { $0.vpminud($1, $2, $3) }, { $0.pcmpeqd($1, $2) },
                { $0.vpcmpeqd($1, $2, $3) })
        case .i32x4GeU:
            compareByMinMax(
                d, a, s, negate: false, { $0.pmaxud($1, $2) }, { $0.vpmaxud($1, $2, $3) }, { $0.pcmpeqd($1, $2) },
                { $0.vpcmpeqd($1, $2, $3) })
        case .i64x2Eq: op3(d, a, s, { $0.pcmpeqq($1, $2) }, { $0.vpcmpeqq($1, $2, $3) })
        case .i64x2Ne:
            op3(d, a, s, { $0.pcmpeqq($1, $2) }, { $0.vpcmpeqq($1, $2, $3) })
            vnot(d)
        // AVX has `vpcmpgtq` (the VEX form of SSE4.2's `pcmpgtq`); lt/ge swap the operands, le/ge negate.
        case .i64x2GtS, .i64x2LeS, .i64x2LtS, .i64x2GeS:
            let dIsA = op == .i64x2GtS || op == .i64x2LeS
            let negate = op == .i64x2LeS || op == .i64x2GeS
            if avx {
                if dIsA { asm.vpcmpgtq(d, a, s) } else { asm.vpcmpgtq(d, s, a) }
                if negate { vnot(d) }
            } else {
                greaterThan64(d, s, Self.x(temps.first!), dIsA: dIsA, negate: negate)
            }

        // Float comparisons (unordered lanes: false, except ne)
        case .f32x4Eq: op3(d, a, s, { $0.cmpps($1, $2, .eq) }, { $0.vcmpps($1, $2, $3, .eq) })
        case .f32x4Ne: op3(d, a, s, { $0.cmpps($1, $2, .neq) }, { $0.vcmpps($1, $2, $3, .neq) })
        case .f32x4Lt: op3(d, a, s, { $0.cmpps($1, $2, .lt) }, { $0.vcmpps($1, $2, $3, .lt) })
        case .f32x4Le: op3(d, a, s, { $0.cmpps($1, $2, .le) }, { $0.vcmpps($1, $2, $3, .le) })
        case .f32x4Gt: reversed(d, a, s, { $0.cmpps($1, $2, .lt) }, { $0.vcmpps($1, $2, $3, .lt) })
        case .f32x4Ge: reversed(d, a, s, { $0.cmpps($1, $2, .le) }, { $0.vcmpps($1, $2, $3, .le) })
        case .f64x2Eq: op3(d, a, s, { $0.cmppd($1, $2, .eq) }, { $0.vcmppd($1, $2, $3, .eq) })
        case .f64x2Ne: op3(d, a, s, { $0.cmppd($1, $2, .neq) }, { $0.vcmppd($1, $2, $3, .neq) })
        case .f64x2Lt: op3(d, a, s, { $0.cmppd($1, $2, .lt) }, { $0.vcmppd($1, $2, $3, .lt) })
        case .f64x2Le: op3(d, a, s, { $0.cmppd($1, $2, .le) }, { $0.vcmppd($1, $2, $3, .le) })
        case .f64x2Gt: reversed(d, a, s, { $0.cmppd($1, $2, .lt) }, { $0.vcmppd($1, $2, $3, .lt) })
        case .f64x2Ge: reversed(d, a, s, { $0.cmppd($1, $2, .le) }, { $0.vcmppd($1, $2, $3, .le) })

        // Bitwise
        case .v128And: op3(d, a, s, { $0.pand($1, $2) }, { $0.vpand($1, $2, $3) })
        case .v128Or: op3(d, a, s, { $0.por($1, $2) }, { $0.vpor($1, $2, $3) })
        case .v128Xor: op3(d, a, s, { $0.pxor($1, $2) }, { $0.vpxor($1, $2, $3) })
        case .v128Andnot: reversed(d, a, s, { $0.pandn($1, $2) }, { $0.vpandn($1, $2, $3) }) // ~s & a

        // Narrowing
        case .i8x16NarrowI16x8S: op3(d, a, s, { $0.packsswb($1, $2) }, { $0.vpacksswb($1, $2, $3) })
        case .i8x16NarrowI16x8U: op3(d, a, s, { $0.packuswb($1, $2) }, { $0.vpackuswb($1, $2, $3) })
        case .i16x8NarrowI32x4S: op3(d, a, s, { $0.packssdw($1, $2) }, { $0.vpackssdw($1, $2, $3) })
        case .i16x8NarrowI32x4U: op3(d, a, s, { $0.packusdw($1, $2) }, { $0.vpackusdw($1, $2, $3) })

        // i8x16 arithmetic
        case .i8x16Add: op3(d, a, s, { $0.paddb($1, $2) }, { $0.vpaddb($1, $2, $3) })
        case .i8x16AddSatS: op3(d, a, s, { $0.paddsb($1, $2) }, { $0.vpaddsb($1, $2, $3) })
        case .i8x16AddSatU: op3(d, a, s, { $0.paddusb($1, $2) }, { $0.vpaddusb($1, $2, $3) })
        case .i8x16Sub: op3(d, a, s, { $0.psubb($1, $2) }, { $0.vpsubb($1, $2, $3) })
        case .i8x16SubSatS: op3(d, a, s, { $0.psubsb($1, $2) }, { $0.vpsubsb($1, $2, $3) })
        case .i8x16SubSatU: op3(d, a, s, { $0.psubusb($1, $2) }, { $0.vpsubusb($1, $2, $3) })
        case .i8x16MinS: op3(d, a, s, { $0.pminsb($1, $2) }, { $0.vpminsb($1, $2, $3) })
        case .i8x16MinU: op3(d, a, s, { $0.pminub($1, $2) }, { $0.vpminub($1, $2, $3) })
        case .i8x16MaxS: op3(d, a, s, { $0.pmaxsb($1, $2) }, { $0.vpmaxsb($1, $2, $3) })
        case .i8x16MaxU: op3(d, a, s, { $0.pmaxub($1, $2) }, { $0.vpmaxub($1, $2, $3) })
        case .i8x16AvgrU: op3(d, a, s, { $0.pavgb($1, $2) }, { $0.vpavgb($1, $2, $3) })

        // i16x8 arithmetic
        case .i16x8Q15mulrSatS:
            // pmulhrsw gives 0x8000 only for 0x8000 * 0x8000, whose saturated result is 0x7fff.
            if avx {
                asm.vpmulhrsw(d, a, s)
                try asm.vpcmpeqw(x15, d, splat16(0x8000))
                asm.vpxor(d, d, x15)
            } else {
                asm.pmulhrsw(d, s)
                try asm.movdqa(x15, splat16(0x8000))
                asm.pcmpeqw(x15, d)
                asm.pxor(d, x15)
            }
        case .i16x8Add: op3(d, a, s, { $0.paddw($1, $2) }, { $0.vpaddw($1, $2, $3) })
        case .i16x8AddSatS: op3(d, a, s, { $0.paddsw($1, $2) }, { $0.vpaddsw($1, $2, $3) })
        case .i16x8AddSatU: op3(d, a, s, { $0.paddusw($1, $2) }, { $0.vpaddusw($1, $2, $3) })
        case .i16x8Sub: op3(d, a, s, { $0.psubw($1, $2) }, { $0.vpsubw($1, $2, $3) })
        case .i16x8SubSatS: op3(d, a, s, { $0.psubsw($1, $2) }, { $0.vpsubsw($1, $2, $3) })
        case .i16x8SubSatU: op3(d, a, s, { $0.psubusw($1, $2) }, { $0.vpsubusw($1, $2, $3) })
        case .i16x8Mul: op3(d, a, s, { $0.pmullw($1, $2) }, { $0.vpmullw($1, $2, $3) })
        case .i16x8MinS: op3(d, a, s, { $0.pminsw($1, $2) }, { $0.vpminsw($1, $2, $3) })
        case .i16x8MinU: op3(d, a, s, { $0.pminuw($1, $2) }, { $0.vpminuw($1, $2, $3) })
        case .i16x8MaxS: op3(d, a, s, { $0.pmaxsw($1, $2) }, { $0.vpmaxsw($1, $2, $3) })
        case .i16x8MaxU: op3(d, a, s, { $0.pmaxuw($1, $2) }, { $0.vpmaxuw($1, $2, $3) })
        case .i16x8AvgrU: op3(d, a, s, { $0.pavgw($1, $2) }, { $0.vpavgw($1, $2, $3) })
        // The widening moves read their source whole: `pmovsxbw d, a` needs no copy of `a` first.
        case .i16x8ExtmulLowI8x16S:
            asm.pmovsxbw(d, a)
            asm.pmovsxbw(x15, s)
            op3(d, d, x15, { $0.pmullw($1, $2) }, { $0.vpmullw($1, $2, $3) })
        case .i16x8ExtmulLowI8x16U:
            asm.pmovzxbw(d, a)
            asm.pmovzxbw(x15, s)
            op3(d, d, x15, { $0.pmullw($1, $2) }, { $0.vpmullw($1, $2, $3) })
        case .i16x8ExtmulHighI8x16S:
            asm.pshufd(d, a, 0xEE)
            asm.pmovsxbw(d, d)
            asm.pshufd(x15, s, 0xEE)
            asm.pmovsxbw(x15, x15)
            op3(d, d, x15, { $0.pmullw($1, $2) }, { $0.vpmullw($1, $2, $3) })
        case .i16x8ExtmulHighI8x16U:
            asm.pshufd(d, a, 0xEE)
            asm.pmovzxbw(d, d)
            asm.pshufd(x15, s, 0xEE)
            asm.pmovzxbw(x15, x15)
            op3(d, d, x15, { $0.pmullw($1, $2) }, { $0.vpmullw($1, $2, $3) })

        // i32x4 arithmetic
        case .i32x4Add: op3(d, a, s, { $0.paddd($1, $2) }, { $0.vpaddd($1, $2, $3) })
        case .i32x4Sub: op3(d, a, s, { $0.psubd($1, $2) }, { $0.vpsubd($1, $2, $3) })
        case .i32x4Mul: op3(d, a, s, { $0.pmulld($1, $2) }, { $0.vpmulld($1, $2, $3) })
        case .i32x4MinS: op3(d, a, s, { $0.pminsd($1, $2) }, { $0.vpminsd($1, $2, $3) })
        case .i32x4MinU: op3(d, a, s, { $0.pminud($1, $2) }, { $0.vpminud($1, $2, $3) })
        case .i32x4MaxS: op3(d, a, s, { $0.pmaxsd($1, $2) }, { $0.vpmaxsd($1, $2, $3) })
        case .i32x4MaxU: op3(d, a, s, { $0.pmaxud($1, $2) }, { $0.vpmaxud($1, $2, $3) })
        case .i32x4DotI16x8S: op3(d, a, s, { $0.pmaddwd($1, $2) }, { $0.vpmaddwd($1, $2, $3) })
        case .i32x4ExtmulLowI16x8S, .i32x4ExtmulHighI16x8S, .i32x4ExtmulLowI16x8U, .i32x4ExtmulHighI16x8U:
            // The 32-bit products from their low (pmullw) and high (pmulhw/pmulhuw) halves, interleaved.
            let signed = op == .i32x4ExtmulLowI16x8S || op == .i32x4ExtmulHighI16x8S
            let low = op == .i32x4ExtmulLowI16x8S || op == .i32x4ExtmulLowI16x8U
            if avx {
                if signed { asm.vpmulhw(x15, a, s) } else { asm.vpmulhuw(x15, a, s) }
                asm.vpmullw(d, a, s)
                if low { asm.vpunpcklwd(d, d, x15) } else { asm.vpunpckhwd(d, d, x15) }
            } else {
                asm.movdqa(x15, d)
                if signed { asm.pmulhw(x15, s) } else { asm.pmulhuw(x15, s) }
                asm.pmullw(d, s)
                if low { asm.punpcklwd(d, x15) } else { asm.punpckhwd(d, x15) }
            }

        // i64x2 arithmetic
        case .i64x2Add: op3(d, a, s, { $0.paddq($1, $2) }, { $0.vpaddq($1, $2, $3) })
        case .i64x2Sub: op3(d, a, s, { $0.psubq($1, $2) }, { $0.vpsubq($1, $2, $3) })
        case .i64x2Mul:
            // lo(a)*lo(b) + (hi(a)*lo(b) + lo(a)*hi(b)) << 32
            let t = Self.x(temps.first!)
            if avx {
                asm.vpsrlq(x15, a, 32)
                asm.vpmuludq(x15, x15, s)
                asm.vpsrlq(t, s, 32)
                asm.vpmuludq(t, t, a)
                asm.vpaddq(x15, x15, t)
                asm.vpsllq(x15, x15, 32)
                asm.vpmuludq(d, a, s)
                asm.vpaddq(d, d, x15)
            } else {
                asm.movdqa(x15, d)
                asm.psrlq(x15, 32)
                asm.pmuludq(x15, s)
                asm.movdqa(t, s)
                asm.psrlq(t, 32)
                asm.pmuludq(t, d)
                asm.paddq(x15, t)
                asm.psllq(x15, 32)
                asm.pmuludq(d, s)
                asm.paddq(d, x15)
            }
        case .i64x2ExtmulLowI32x4S, .i64x2ExtmulHighI32x4S, .i64x2ExtmulLowI32x4U, .i64x2ExtmulHighI32x4U:
            // pmuldq/pmuludq multiply the even dwords: move the wanted ones there.
            let order: UInt8 = op == .i64x2ExtmulLowI32x4S || op == .i64x2ExtmulLowI32x4U ? 0x50 : 0xFA
            asm.pshufd(d, a, order)
            asm.pshufd(x15, s, order)
            if op == .i64x2ExtmulLowI32x4S || op == .i64x2ExtmulHighI32x4S {
                op3(d, d, x15, { $0.pmuldq($1, $2) }, { $0.vpmuldq($1, $2, $3) })
            } else {
                op3(d, d, x15, { $0.pmuludq($1, $2) }, { $0.vpmuludq($1, $2, $3) })
            }

        // Float arithmetic
        case .f32x4Add: op3(d, a, s, { $0.addps($1, $2) }, { $0.vaddps($1, $2, $3) })
        case .f32x4Sub: op3(d, a, s, { $0.subps($1, $2) }, { $0.vsubps($1, $2, $3) })
        case .f32x4Mul: op3(d, a, s, { $0.mulps($1, $2) }, { $0.vmulps($1, $2, $3) })
        case .f32x4Div: op3(d, a, s, { $0.divps($1, $2) }, { $0.vdivps($1, $2, $3) })
        case .f32x4Min: floatMin(d, a, s, single: true)
        case .f32x4Max: floatMax(d, a, s, single: true)
        // pmin(a, b) = b < a ? b : a = minps(b, a); pmax(a, b) = a < b ? b : a = maxps(b, a).
        case .f32x4Pmin: reversed(d, a, s, { $0.minps($1, $2) }, { $0.vminps($1, $2, $3) })
        case .f32x4Pmax: reversed(d, a, s, { $0.maxps($1, $2) }, { $0.vmaxps($1, $2, $3) })
        case .f64x2Add: op3(d, a, s, { $0.addpd($1, $2) }, { $0.vaddpd($1, $2, $3) })
        case .f64x2Sub: op3(d, a, s, { $0.subpd($1, $2) }, { $0.vsubpd($1, $2, $3) })
        case .f64x2Mul: op3(d, a, s, { $0.mulpd($1, $2) }, { $0.vmulpd($1, $2, $3) })
        case .f64x2Div: op3(d, a, s, { $0.divpd($1, $2) }, { $0.vdivpd($1, $2, $3) })
        case .f64x2Min: floatMin(d, a, s, single: false)
        case .f64x2Max: floatMax(d, a, s, single: false)
        case .f64x2Pmin: reversed(d, a, s, { $0.minpd($1, $2) }, { $0.vminpd($1, $2, $3) })
        case .f64x2Pmax: reversed(d, a, s, { $0.maxpd($1, $2) }, { $0.vmaxpd($1, $2, $3) })
        }
    }

    // MARK: Unary

    public mutating func v128Unary(_ op: V128UnaryOp, _ dst: Reg, temps: VectorTemps) throws(AssemblerError) {
        let d = Self.x(dst)
        let x15 = Self.x15
        switch op {
        case .v128Not: vnot(d)

        case .i8x16Abs: asm.pabsb(d, d)
        case .i16x8Abs: asm.pabsw(d, d)
        case .i32x4Abs: asm.pabsd(d, d)
        case .i64x2Abs where avx:
            // Select -d where d is negative (by the sign of each 64-bit lane).
            asm.vpxor(x15, x15, x15)
            asm.vpsubq(x15, x15, d)
            asm.vblendvpd(d, d, x15, d)
        case .i64x2Abs:
            // (d ^ sign) - sign
            asm.pshufd(x15, d, 0xF5)
            asm.psrad(x15, 31)
            asm.pxor(d, x15)
            asm.psubq(d, x15)
        case .i8x16Neg: vneg(d, { $0.psubb($1, $2) }, { $0.vpsubb($1, $2, $3) })
        case .i16x8Neg: vneg(d, { $0.psubw($1, $2) }, { $0.vpsubw($1, $2, $3) })
        case .i32x4Neg: vneg(d, { $0.psubd($1, $2) }, { $0.vpsubd($1, $2, $3) })
        case .i64x2Neg: vneg(d, { $0.psubq($1, $2) }, { $0.vpsubq($1, $2, $3) })

        case .i8x16Popcnt where avx:
            // As below, the shifted copies made by the three-operand shifts.
            asm.vpsrlw(x15, d, 1)
            try asm.vpand(x15, x15, splat8(0x55))
            asm.vpsubb(d, d, x15)
            asm.vpsrlw(x15, d, 2)
            let m33 = splat8(0x33)
            try asm.vpand(x15, x15, m33)
            try asm.vpand(d, d, m33)
            asm.vpaddb(d, d, x15)
            asm.vpsrlw(x15, d, 4)
            asm.vpaddb(d, d, x15)
            try asm.vpand(d, d, splat8(0x0F))
        case .i8x16Popcnt:
            // Bit-parallel count within each byte (psrlw shifts in bits of the next byte; the masks drop them).
            asm.movdqa(x15, d)
            asm.psrlw(x15, 1)
            try asm.pand(x15, splat8(0x55))
            asm.psubb(d, x15)
            asm.movdqa(x15, d)
            asm.psrlw(x15, 2)
            let m33 = splat8(0x33)
            try asm.pand(x15, m33)
            try asm.pand(d, m33)
            asm.paddb(d, x15)
            asm.movdqa(x15, d)
            asm.psrlw(x15, 4)
            asm.paddb(d, x15)
            try asm.pand(d, splat8(0x0F))

        // Float sign operations: masks made in xmm15, no constants.
        case .f32x4Abs:
            asm.pcmpeqd(x15, x15)
            asm.psrld(x15, 1)
            asm.andps(d, x15)
        case .f64x2Abs:
            asm.pcmpeqd(x15, x15)
            asm.psrlq(x15, 1)
            asm.andps(d, x15)
        case .f32x4Neg:
            asm.pcmpeqd(x15, x15)
            asm.pslld(x15, 31)
            asm.xorps(d, x15)
        case .f64x2Neg:
            asm.pcmpeqd(x15, x15)
            asm.psllq(x15, 63)
            asm.xorps(d, x15)
        case .f32x4Sqrt: asm.sqrtps(d, d)
        case .f64x2Sqrt: asm.sqrtpd(d, d)
        case .f32x4Ceil: asm.roundps(d, d, .up)
        case .f32x4Floor: asm.roundps(d, d, .down)
        case .f32x4Trunc: asm.roundps(d, d, .truncate)
        case .f32x4Nearest: asm.roundps(d, d, .nearest)
        case .f64x2Ceil: asm.roundpd(d, d, .up)
        case .f64x2Floor: asm.roundpd(d, d, .down)
        case .f64x2Trunc: asm.roundpd(d, d, .truncate)
        case .f64x2Nearest: asm.roundpd(d, d, .nearest)
        case .f32x4DemoteF64x2Zero: asm.cvtpd2ps(d, d)
        case .f64x2PromoteLowF32x4: asm.cvtps2pd(d, d)

        // Pairwise adds
        case .i16x8ExtaddPairwiseI8x16S:
            // pmaddubsw: unsigned bytes of the destination times signed bytes of the source, pairs added.
            try asm.movdqa(x15, splat8(1))
            if avx {
                asm.vpmaddubsw(d, x15, d)
            } else {
                asm.pmaddubsw(x15, d)
                asm.movdqa(d, x15)
            }
        case .i16x8ExtaddPairwiseI8x16U:
            try asm.pmaddubsw(d, splat8(1))
        case .i32x4ExtaddPairwiseI16x8S:
            try asm.pmaddwd(d, splat16(1))
        case .i32x4ExtaddPairwiseI16x8U:
            // Bias to signed, add pairs with pmaddwd, remove the bias (2 * 0x8000).
            try asm.pxor(d, splat16(0x8000))
            try asm.pmaddwd(d, splat16(1))
            try asm.paddd(d, splat32(0x1_0000))

        // Widening
        case .i16x8ExtendLowI8x16S: asm.pmovsxbw(d, d)
        case .i16x8ExtendLowI8x16U: asm.pmovzxbw(d, d)
        case .i16x8ExtendHighI8x16S:
            asm.punpckhbw(d, d)
            asm.psraw(d, 8)
        case .i16x8ExtendHighI8x16U:
            asm.pxor(x15, x15)
            asm.punpckhbw(d, x15)
        case .i32x4ExtendLowI16x8S: asm.pmovsxwd(d, d)
        case .i32x4ExtendLowI16x8U: asm.pmovzxwd(d, d)
        case .i32x4ExtendHighI16x8S:
            asm.punpckhwd(d, d)
            asm.psrad(d, 16)
        case .i32x4ExtendHighI16x8U:
            asm.pxor(x15, x15)
            asm.punpckhwd(d, x15)
        case .i64x2ExtendLowI32x4S: asm.pmovsxdq(d, d)
        case .i64x2ExtendLowI32x4U: asm.pmovzxdq(d, d)
        case .i64x2ExtendHighI32x4S:
            asm.pshufd(d, d, 0xEE)
            asm.pmovsxdq(d, d)
        case .i64x2ExtendHighI32x4U:
            asm.pxor(x15, x15)
            asm.punpckhdq(d, x15)

        // Conversions
        case .f32x4ConvertI32x4S: asm.cvtdq2ps(d, d)
        case .f32x4ConvertI32x4U:
            // low 16 bits and the rest converted separately (the rest halved to stay signed), one rounding.
            asm.pxor(x15, x15)
            asm.pblendw(x15, d, 0x55)
            asm.psubd(d, x15)
            asm.cvtdq2ps(x15, x15)
            asm.psrld(d, 1)
            asm.cvtdq2ps(d, d)
            asm.addps(d, d)
            asm.addps(d, x15)
        case .f64x2ConvertLowI32x4S: asm.cvtdq2pd(d, d)
        case .f64x2ConvertLowI32x4U:
            // 2^52 + u as a double has u in its low mantissa bits: build it, subtract 2^52.
            try asm.unpcklps(d, splat32(0x4330_0000))
            try asm.subpd(d, splat64(0x4330_0000_0000_0000))
        case .i32x4TruncSatF32x4S:
            orderedLanes(x15, d, single: true)
            asm.andps(d, x15) // NaN -> 0
            asm.pxor(x15, d) // sign bit set for lanes >= +0
            asm.cvttps2dq(d, d) // out of range -> 0x80000000
            asm.pand(x15, d)
            asm.psrad(x15, 31) // positive lanes that overflowed
            asm.pxor(d, x15) // -> 0x7fffffff
        case .i32x4TruncSatF32x4U:
            // r1 = cvt(x) is right below 2^31 (else 0x80000000); r2 = cvt(max(x, 2^31) - 2^31) is the excess
            // (0x80000000 from 2^32 on, clamped to 0x7fffffff); the sum is the result.
            asm.xorps(x15, x15)
            asm.maxps(d, x15) // NaN and negatives -> 0
            let two31 = splat32(0x4F00_0000)
            if avx {
                try asm.vmaxps(x15, d, two31)
            } else {
                asm.movaps(x15, d)
                try asm.maxps(x15, two31)
            }
            try asm.subps(x15, two31)
            asm.cvttps2dq(x15, x15)
            try asm.pminud(x15, splat32(0x7FFF_FFFF))
            asm.cvttps2dq(d, d)
            asm.paddd(d, x15)
        case .i32x4TruncSatF64x2SZero:
            orderedLanes(x15, d, single: false)
            try asm.andpd(x15, splat64(0x41DF_FFFF_FFC0_0000)) // 2147483647.0, 0 for NaN lanes
            asm.minpd(d, x15) // NaN -> 0 (minpd returns the second operand)
            asm.cvttpd2dq(d, d) // below INT32_MIN -> 0x80000000; upper lanes zeroed
        case .i32x4TruncSatF64x2UZero:
            asm.xorpd(x15, x15)
            asm.maxpd(d, x15) // NaN and negatives -> 0
            try asm.minpd(d, splat64(0x41EF_FFFF_FFE0_0000)) // 4294967295.0
            asm.roundpd(d, d, .truncate)
            try asm.addpd(d, splat64(0x4330_0000_0000_0000)) // the integer in the low mantissa bits
            asm.shufps(d, x15, 0x88) // [lo0, lo1, 0, 0]
        }
    }

    /// `m` = the lanes of `d` that are not NaN (all-ones), for the truncating conversions.
    mutating func orderedLanes(_ m: XMM, _ d: XMM, single: Bool) {
        if avx {
            if single { asm.vcmpps(m, d, d, .eq) } else { asm.vcmppd(m, d, d, .eq) }
        } else if single {
            asm.movaps(m, d)
            asm.cmpps(m, d, .eq)
        } else {
            asm.movapd(m, d)
            asm.cmppd(m, d, .eq)
        }
    }

    // MARK: Shifts

    /// xmm15 = the high bytes of `d` each doubled into a word, `d` = the low ones (for arithmetic byte shifts).
    mutating func widenBytesHigh(_ d: XMM) {
        if avx {
            asm.vpunpckhbw(Self.x15, d, d)
        } else {
            asm.movdqa(Self.x15, d)
            asm.punpckhbw(Self.x15, Self.x15)
        }
        asm.punpcklbw(d, d)
    }

    public mutating func v128Shift(_ op: V128ShiftOp, _ dst: Reg, amount: Operand, temps: VectorTemps)
        throws(AssemblerError)
    {
        let d = Self.x(dst)
        let x15 = Self.x15
        let bits: Int64 =
            switch op {
            case .i8x16Shl, .i8x16ShrS, .i8x16ShrU: 8
            case .i16x8Shl, .i16x8ShrS, .i16x8ShrU: 16
            case .i32x4Shl, .i32x4ShrS, .i32x4ShrU: 32
            case .i64x2Shl, .i64x2ShrS, .i64x2ShrU: 64
            }
        let r11 = Self.scratch
        /// r11 = amount mod the lane width (plus `bias`), in the low dword of `x`.
        func countInto(_ m: inout Self, _ x: XMM, bias: Int64 = 0) throws(AssemblerError) {
            guard case .reg(let r) = amount else { return }
            try m.asm.mov(.dword, r11, Self.g(r))
            try m.asm.and(.dword, r11, bits - 1)
            if bias != 0 { try m.asm.add(.dword, r11, bias) }
            try m.asm.movd(x, r11)
        }
        if case .imm(let i) = amount {
            let n = UInt8(i & (bits - 1))
            guard n != 0 else { return }
            switch op {
            case .i8x16Shl:
                asm.psllw(d, n)
                try asm.pand(d, splat8(UInt8(truncatingIfNeeded: 0xFF << n)))
            case .i8x16ShrU:
                asm.psrlw(d, n)
                try asm.pand(d, splat8(0xFF >> n))
            case .i8x16ShrS:
                // Bytes widened into the high half of words, shifted arithmetically, packed back.
                widenBytesHigh(d)
                asm.psraw(x15, n + 8)
                asm.psraw(d, n + 8)
                asm.packsswb(d, x15)
            case .i16x8Shl: asm.psllw(d, n)
            case .i16x8ShrS: asm.psraw(d, n)
            case .i16x8ShrU: asm.psrlw(d, n)
            case .i32x4Shl: asm.pslld(d, n)
            case .i32x4ShrS: asm.psrad(d, n)
            case .i32x4ShrU: asm.psrld(d, n)
            case .i64x2Shl: asm.psllq(d, n)
            case .i64x2ShrU: asm.psrlq(d, n)
            case .i64x2ShrS:
                // ((d ^ sign) >>> n) ^ sign
                asm.pshufd(x15, d, 0xF5)
                asm.psrad(x15, 31)
                asm.pxor(d, x15)
                asm.psrlq(d, n)
                asm.pxor(d, x15)
            }
            return
        }
        switch op {
        case .i8x16Shl:
            // Clear the bits that would cross into the next byte (0xFF >> n), then shift words.
            let t = Self.x(temps.first!)
            try countInto(&self, t, bias: 8)
            asm.pcmpeqw(x15, x15)
            asm.psrlw(x15, t)
            asm.packuswb(x15, x15)
            asm.pand(d, x15)
            try asm.sub(.dword, r11, 8)
            try asm.movd(t, r11)
            asm.psllw(d, t)
        case .i8x16ShrU:
            let t = Self.x(temps.first!)
            try countInto(&self, t)
            asm.psrlw(d, t)
            try asm.add(.dword, r11, 8)
            try asm.movd(t, r11)
            asm.pcmpeqw(x15, x15)
            asm.psrlw(x15, t)
            asm.packuswb(x15, x15) // 0xFF >> n in every byte
            asm.pand(d, x15)
        case .i8x16ShrS:
            let t = Self.x(temps.first!)
            try countInto(&self, t, bias: 8)
            widenBytesHigh(d)
            asm.psraw(x15, t)
            asm.psraw(d, t)
            asm.packsswb(d, x15)
        case .i16x8Shl:
            try countInto(&self, x15)
            asm.psllw(d, x15)
        case .i16x8ShrS:
            try countInto(&self, x15)
            asm.psraw(d, x15)
        case .i16x8ShrU:
            try countInto(&self, x15)
            asm.psrlw(d, x15)
        case .i32x4Shl:
            try countInto(&self, x15)
            asm.pslld(d, x15)
        case .i32x4ShrS:
            try countInto(&self, x15)
            asm.psrad(d, x15)
        case .i32x4ShrU:
            try countInto(&self, x15)
            asm.psrld(d, x15)
        case .i64x2Shl:
            try countInto(&self, x15)
            asm.psllq(d, x15)
        case .i64x2ShrU:
            try countInto(&self, x15)
            asm.psrlq(d, x15)
        case .i64x2ShrS:
            // No psraq before AVX-512: ((d ^ sign) >>> n) ^ sign.
            let t = Self.x(temps.first!)
            try countInto(&self, t)
            asm.pshufd(x15, d, 0xF5)
            asm.psrad(x15, 31)
            asm.pxor(d, x15)
            asm.psrlq(d, t)
            asm.pxor(d, x15)
        }
    }

    // MARK: Tests

    public mutating func v128Test(_ op: V128TestOp, _ dst: Reg, _ src: Reg, temps: VectorTemps)
        throws(AssemblerError)
    {
        let g = Self.g(dst)
        let s = Self.x(src)
        let x15 = Self.x15
        switch op {
        case .v128AnyTrue:
            try asm.xor(.dword, g, g)
            asm.ptest(s, s)
            try asm.setcc(.ne, g)
        case .i8x16AllTrue, .i16x8AllTrue, .i32x4AllTrue, .i64x2AllTrue:
            // No lane equal to zero.
            asm.pxor(x15, x15)
            switch op {
            case .i8x16AllTrue: asm.pcmpeqb(x15, s)
            case .i16x8AllTrue: asm.pcmpeqw(x15, s)
            case .i32x4AllTrue: asm.pcmpeqd(x15, s)
            default: asm.pcmpeqq(x15, s)
            }
            try asm.xor(.dword, g, g)
            asm.ptest(x15, x15)
            try asm.setcc(.e, g)
        case .i8x16Bitmask: try asm.pmovmskb(g, s)
        case .i16x8Bitmask:
            if avx {
                asm.vpacksswb(x15, s, s) // keeps each lane's sign
            } else {
                asm.movdqa(x15, s)
                asm.packsswb(x15, x15) // keeps each lane's sign
            }
            try asm.pmovmskb(g, x15)
            try asm.movzx(.dword, g, .byte, g)
        case .i32x4Bitmask: try asm.movmskps(g, s)
        case .i64x2Bitmask: try asm.movmskpd(g, s)
        }
    }

    // MARK: Bitselect and shuffle

    public mutating func v128Bitselect(_ dst: Reg, _ other: Reg, mask: Reg, temps: VectorTemps)
        throws(AssemblerError)
    {
        // ((d ^ other) & mask) ^ other
        let d = Self.x(dst)
        let o = Self.x(other)
        asm.pxor(d, o)
        asm.pand(d, Self.x(mask))
        asm.pxor(d, o)
    }

    public mutating func v128Shuffle(_ dst: Reg, _ rhs: Reg, lanes: V128, temps: VectorTemps)
        throws(AssemblerError)
    {
        let d = Self.x(dst)
        let s = Self.x(rhs)
        var fromD = false
        var fromS = false
        var identity = true
        var maskD = V128(low: 0, high: 0)
        var maskS = V128(low: 0, high: 0)
        for i in 0..<16 {
            let l = lanes[byte: i] & 31
            let shift = UInt64(i & 7) * 8
            let md: UInt64 = l < 16 ? UInt64(l) : 0x80
            let ms: UInt64 = l >= 16 ? UInt64(l - 16) : 0x80
            if l < 16 { fromD = true } else { fromS = true }
            if l & 15 != UInt8(i) { identity = false }
            if i < 8 {
                maskD.low |= md << shift
                maskS.low |= ms << shift
            } else {
                maskD.high |= md << shift
                maskS.high |= ms << shift
            }
        }
        if !fromS {
            if identity { return }
            if let imm = Self.dwordShuffle(lanes, base: 0) {
                asm.pshufd(d, d, imm)
            } else {
                try asm.pshufb(d, constant(maskD))
            }
            return
        }
        if !fromD {
            if identity {
                asm.movdqa(d, s)
            } else if let imm = Self.dwordShuffle(lanes, base: 16) {
                asm.pshufd(d, s, imm)
            } else if avx {
                try asm.vpshufb(d, s, constant(maskS))
            } else {
                asm.movdqa(d, s)
                try asm.pshufb(d, constant(maskS))
            }
            return
        }
        if avx {
            try asm.vpshufb(Self.x15, s, constant(maskS))
            try asm.vpshufb(d, d, constant(maskD))
            asm.vpor(d, d, Self.x15)
            return
        }
        asm.movdqa(Self.x15, s)
        try asm.pshufb(Self.x15, constant(maskS))
        try asm.pshufb(d, constant(maskD))
        asm.por(d, Self.x15)
    }

    /// The `pshufd` immediate of a shuffle that moves whole dwords of one operand (lane indices `base...base+15`).
    static func dwordShuffle(_ lanes: V128, base: UInt8) -> UInt8? {
        var imm: UInt8 = 0
        for k in 0..<4 {
            let first = lanes[byte: 4 * k] &- base
            guard first < 16, first & 3 == 0 else { return nil }
            for j in 1..<4 where lanes[byte: 4 * k + j] &- base != first + UInt8(j) { return nil }
            imm |= (first >> 2) << (2 * UInt8(k))
        }
        return imm
    }

    // MARK: Lanes

    public mutating func v128Splat(_ shape: V128Shape, _ dst: Reg, _ src: Reg, temps: VectorTemps)
        throws(AssemblerError)
    {
        let d = Self.x(dst)
        switch shape {
        case .i8x16:
            try asm.movd(d, Self.g(src))
            asm.pxor(Self.x15, Self.x15)
            asm.pshufb(d, Self.x15)
        case .i16x8:
            try asm.movd(d, Self.g(src))
            asm.pshuflw(d, d, 0)
            asm.pshufd(d, d, 0)
        case .i32x4:
            try asm.movd(d, Self.g(src))
            asm.pshufd(d, d, 0)
        case .i64x2:
            try asm.movq(d, Self.g(src))
            asm.punpcklqdq(d, d)
        case .f32x4: asm.pshufd(d, Self.x(src), 0)
        case .f64x2: asm.pshufd(d, Self.x(src), 0x44)
        }
    }

    public mutating func v128ExtractLane(_ shape: V128Shape, signed: Bool, _ dst: Reg, _ src: Reg, lane: UInt8)
        throws(AssemblerError)
    {
        let s = Self.x(src)
        switch shape {
        case .i8x16:
            let g = Self.g(dst)
            try asm.pextrb(g, s, lane)
            if signed { try asm.movsx(.dword, g, .byte, g) }
        case .i16x8:
            let g = Self.g(dst)
            try asm.pextrw(g, s, lane)
            if signed { try asm.movsx(.dword, g, .word, g) }
        case .i32x4:
            if lane == 0 { try asm.movd(Self.g(dst), s) } else { try asm.pextrd(Self.g(dst), s, lane) }
        case .i64x2:
            if lane == 0 { try asm.movq(Self.g(dst), s) } else { try asm.pextrq(Self.g(dst), s, lane) }
        case .f32x4:
            // Scalar floats live in the low lane; the upper lanes are don't-care.
            if lane == 0 { asm.movaps(Self.x(dst), s) } else { asm.pshufd(Self.x(dst), s, lane) }
        case .f64x2:
            if lane == 0 { asm.movaps(Self.x(dst), s) } else { asm.pshufd(Self.x(dst), s, 0xEE) }
        }
    }

    public mutating func v128ReplaceLane(
        _ shape: V128Shape, _ dst: Reg, _ value: Reg, lane: UInt8, temps: VectorTemps
    ) throws(AssemblerError) {
        let d = Self.x(dst)
        switch shape {
        case .i8x16: try asm.pinsrb(d, Self.g(value), lane)
        case .i16x8: try asm.pinsrw(d, Self.g(value), lane)
        case .i32x4: try asm.pinsrd(d, Self.g(value), lane)
        case .i64x2: try asm.pinsrq(d, Self.g(value), lane)
        case .f32x4: asm.insertps(d, Self.x(value), lane << 4)
        case .f64x2:
            if lane == 0 { asm.movsd(d, Self.x(value)) } else { asm.movlhps(d, Self.x(value)) }
        }
    }

    // MARK: Memory

    public mutating func v128Load(_ kind: V128LoadKind, _ dst: Reg, index: Reg?, offset: UInt64)
        throws(AssemblerError) -> Int
    {
        let m = try address(index: index, offset: offset)
        let at = asm.offset
        let d = Self.x(dst)
        switch kind {
        case .load: try asm.movdqu(d, m)
        case .load8x8S: try asm.pmovsxbw(d, m)
        case .load8x8U: try asm.pmovzxbw(d, m)
        case .load16x4S: try asm.pmovsxwd(d, m)
        case .load16x4U: try asm.pmovzxwd(d, m)
        case .load32x2S: try asm.pmovsxdq(d, m)
        case .load32x2U: try asm.pmovzxdq(d, m)
        case .load8Splat:
            try asm.pinsrb(d, m, 0)
            asm.pxor(Self.x15, Self.x15)
            asm.pshufb(d, Self.x15)
        case .load16Splat:
            try asm.pinsrw(d, m, 0)
            asm.pshuflw(d, d, 0)
            asm.pshufd(d, d, 0)
        case .load32Splat:
            try asm.movd(d, m)
            asm.pshufd(d, d, 0)
        case .load64Splat: try asm.movddup(d, m)
        case .load32Zero: try asm.movd(d, m)
        case .load64Zero: try asm.movq(d, m)
        }
        return at
    }

    public mutating func v128Store(_ src: Reg, index: Reg?, offset: UInt64) throws(AssemblerError) -> Int {
        let m = try address(index: index, offset: offset)
        let at = asm.offset
        try asm.movdqu(m, Self.x(src))
        return at
    }

    public mutating func v128LoadLane(laneBytes: Int, _ dst: Reg, lane: UInt8, index: Reg?, offset: UInt64)
        throws(AssemblerError) -> Int
    {
        let m = try address(index: index, offset: offset)
        let at = asm.offset
        let d = Self.x(dst)
        switch laneBytes {
        case 1: try asm.pinsrb(d, m, lane)
        case 2: try asm.pinsrw(d, m, lane)
        case 4: try asm.pinsrd(d, m, lane)
        default: if lane == 0 { try asm.movlps(d, m) } else { try asm.movhps(d, m) }
        }
        return at
    }

    public mutating func v128StoreLane(laneBytes: Int, _ src: Reg, lane: UInt8, index: Reg?, offset: UInt64)
        throws(AssemblerError) -> Int
    {
        let m = try address(index: index, offset: offset)
        let at = asm.offset
        let s = Self.x(src)
        switch laneBytes {
        case 1: try asm.pextrb(m, s, lane)
        case 2: try asm.pextrw(m, s, lane)
        case 4: if lane == 0 { try asm.movd(m, s) } else { try asm.pextrd(m, s, lane) }
        default: if lane == 0 { try asm.movq(m, s) } else { try asm.movhps(m, s) }
        }
        return at
    }

    // MARK: Deterministic NaNs

    /// A test on the hot path, the fix-up out of line: NaNs are rare, and a compare-and-blend on the value's own
    /// dependency chain would add its latency to every float operation (nbody ran 2.4× slower that way). The
    /// test only reads the value, so the branch, predicted not taken, costs throughput but no latency.
    public mutating func canonicalizeNaNs(_ shape: V128Shape, _ dst: Reg, scalar: Bool, temps: VectorTemps)
        throws(AssemblerError)
    {
        let d = Self.x(dst)
        let stub = asm.newLabel()
        let back = asm.newLabel()
        if scalar {
            if shape == .f64x2 { asm.ucomisd(d, d) } else { asm.ucomiss(d, d) }
            try asm.j(.p, stub)
        } else {
            let x15 = Self.x15
            if avx {
                if shape == .f64x2 { asm.vcmppd(x15, d, d, .unord) } else { asm.vcmpps(x15, d, d, .unord) }
            } else {
                asm.movaps(x15, d)
                if shape == .f64x2 { asm.cmppd(x15, x15, .unord) } else { asm.cmpps(x15, x15, .unord) }
            }
            asm.ptest(x15, x15)
            try asm.j(.ne, stub)
        }
        try asm.bind(back)
        nanStubs.append((stub, back, dst, shape, scalar))
    }

    /// The fix-up of one `canonicalizeNaNs` site: NaN lanes become the canonical NaN, then back.
    mutating func emitNaNStub(_ s: (stub: Label, back: Label, reg: Reg, shape: V128Shape, scalar: Bool))
        throws(AssemblerError)
    {
        try asm.bind(s.stub)
        let d = Self.x(s.reg)
        if s.scalar {
            // Only the low lane is the value: a scalar load of the canonical NaN (it zeroes the rest).
            if s.shape == .f64x2 {
                try asm.movsd(d, splat64(0x7FF8_0000_0000_0000))
            } else {
                try asm.movss(d, splat32(0x7FC0_0000))
            }
        } else {
            try blendCanonicalNaNs(s.shape, d)
        }
        try asm.jmp(s.back)
    }

    mutating func blendCanonicalNaNs(_ shape: V128Shape, _ d: XMM) throws(AssemblerError) {
        let x15 = Self.x15
        if avx {
            // d = unordered ? canonical : d
            if shape == .f64x2 {
                asm.vcmppd(x15, d, d, .unord)
                try asm.vblendvpd(d, d, splat64(0x7FF8_0000_0000_0000), x15)
            } else {
                asm.vcmpps(x15, d, d, .unord)
                try asm.vblendvps(d, d, splat32(0x7FC0_0000), x15)
            }
            return
        }
        // d = (d & ordered) | (canonical & ~ordered)
        asm.movaps(x15, d)
        if shape == .f64x2 {
            asm.cmppd(x15, x15, .ord)
            asm.andpd(d, x15)
            try asm.andnpd(x15, splat64(0x7FF8_0000_0000_0000))
            asm.orpd(d, x15)
        } else {
            asm.cmpps(x15, x15, .ord)
            asm.andps(d, x15)
            try asm.andnps(x15, splat32(0x7FC0_0000))
            asm.orps(d, x15)
        }
    }
}

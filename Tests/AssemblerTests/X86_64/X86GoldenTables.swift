// Mnemonic -> encoder tables for the table-driven SSE forms, used by the golden-vector test.
// Each entry calls the named public encoder (register and memory forms), so a wrong forwarding shows up as a
// golden mismatch.
import AssemblerCore
import X86_64

// Encoder shapes are named by their operands in order: X an XMM register, M a memory operand, I an immediate
// (so `XXXFn` is a three-register VEX form, `XXXXFn` a four-register blend).
typealias XXFn = @Sendable (inout X86Assembler, XMM, XMM) -> Void
typealias XMFn = @Sendable (inout X86Assembler, XMM, Mem) throws -> Void
typealias XXIFn = @Sendable (inout X86Assembler, XMM, XMM, UInt8) -> Void
typealias XMIFn = @Sendable (inout X86Assembler, XMM, Mem, UInt8) throws -> Void
typealias MXFn = @Sendable (inout X86Assembler, Mem, XMM) throws -> Void
typealias XIFn = @Sendable (inout X86Assembler, XMM, UInt8) -> Void
typealias XXXFn = @Sendable (inout X86Assembler, XMM, XMM, XMM) -> Void
typealias XXMFn = @Sendable (inout X86Assembler, XMM, XMM, Mem) throws -> Void
typealias XXXIFn = @Sendable (inout X86Assembler, XMM, XMM, XMM, UInt8) -> Void
typealias XXMIFn = @Sendable (inout X86Assembler, XMM, XMM, Mem, UInt8) throws -> Void
typealias XXXXFn = @Sendable (inout X86Assembler, XMM, XMM, XMM, XMM) -> Void
typealias XXMXFn = @Sendable (inout X86Assembler, XMM, XMM, Mem, XMM) throws -> Void

/// `op xmm, xmm` / `op xmm, [mem]` (including the implicit-xmm0 blends).
let sseBinary: [String: (XXFn, XMFn)] = [
    "addss": ({ $0.addss($1, $2) }, { try $0.addss($1, $2) }),
    "addsd": ({ $0.addsd($1, $2) }, { try $0.addsd($1, $2) }),
    "subss": ({ $0.subss($1, $2) }, { try $0.subss($1, $2) }),
    "subsd": ({ $0.subsd($1, $2) }, { try $0.subsd($1, $2) }),
    "mulss": ({ $0.mulss($1, $2) }, { try $0.mulss($1, $2) }),
    "mulsd": ({ $0.mulsd($1, $2) }, { try $0.mulsd($1, $2) }),
    "divss": ({ $0.divss($1, $2) }, { try $0.divss($1, $2) }),
    "divsd": ({ $0.divsd($1, $2) }, { try $0.divsd($1, $2) }),
    "minss": ({ $0.minss($1, $2) }, { try $0.minss($1, $2) }),
    "minsd": ({ $0.minsd($1, $2) }, { try $0.minsd($1, $2) }),
    "maxss": ({ $0.maxss($1, $2) }, { try $0.maxss($1, $2) }),
    "maxsd": ({ $0.maxsd($1, $2) }, { try $0.maxsd($1, $2) }),
    "sqrtss": ({ $0.sqrtss($1, $2) }, { try $0.sqrtss($1, $2) }),
    "sqrtsd": ({ $0.sqrtsd($1, $2) }, { try $0.sqrtsd($1, $2) }),
    "ucomiss": ({ $0.ucomiss($1, $2) }, { try $0.ucomiss($1, $2) }),
    "ucomisd": ({ $0.ucomisd($1, $2) }, { try $0.ucomisd($1, $2) }),
    "comiss": ({ $0.comiss($1, $2) }, { try $0.comiss($1, $2) }),
    "comisd": ({ $0.comisd($1, $2) }, { try $0.comisd($1, $2) }),
    "cvtss2sd": ({ $0.cvtss2sd($1, $2) }, { try $0.cvtss2sd($1, $2) }),
    "cvtsd2ss": ({ $0.cvtsd2ss($1, $2) }, { try $0.cvtsd2ss($1, $2) }),
    "andps": ({ $0.andps($1, $2) }, { try $0.andps($1, $2) }),
    "andpd": ({ $0.andpd($1, $2) }, { try $0.andpd($1, $2) }),
    "andnps": ({ $0.andnps($1, $2) }, { try $0.andnps($1, $2) }),
    "andnpd": ({ $0.andnpd($1, $2) }, { try $0.andnpd($1, $2) }),
    "orps": ({ $0.orps($1, $2) }, { try $0.orps($1, $2) }),
    "orpd": ({ $0.orpd($1, $2) }, { try $0.orpd($1, $2) }),
    "xorps": ({ $0.xorps($1, $2) }, { try $0.xorps($1, $2) }),
    "xorpd": ({ $0.xorpd($1, $2) }, { try $0.xorpd($1, $2) }),
    "paddb": ({ $0.paddb($1, $2) }, { try $0.paddb($1, $2) }),
    "paddw": ({ $0.paddw($1, $2) }, { try $0.paddw($1, $2) }),
    "paddd": ({ $0.paddd($1, $2) }, { try $0.paddd($1, $2) }),
    "paddq": ({ $0.paddq($1, $2) }, { try $0.paddq($1, $2) }),
    "psubb": ({ $0.psubb($1, $2) }, { try $0.psubb($1, $2) }),
    "psubw": ({ $0.psubw($1, $2) }, { try $0.psubw($1, $2) }),
    "psubd": ({ $0.psubd($1, $2) }, { try $0.psubd($1, $2) }),
    "psubq": ({ $0.psubq($1, $2) }, { try $0.psubq($1, $2) }),
    "paddsb": ({ $0.paddsb($1, $2) }, { try $0.paddsb($1, $2) }),
    "paddsw": ({ $0.paddsw($1, $2) }, { try $0.paddsw($1, $2) }),
    "paddusb": ({ $0.paddusb($1, $2) }, { try $0.paddusb($1, $2) }),
    "paddusw": ({ $0.paddusw($1, $2) }, { try $0.paddusw($1, $2) }),
    "psubsb": ({ $0.psubsb($1, $2) }, { try $0.psubsb($1, $2) }),
    "psubsw": ({ $0.psubsw($1, $2) }, { try $0.psubsw($1, $2) }),
    "psubusb": ({ $0.psubusb($1, $2) }, { try $0.psubusb($1, $2) }),
    "psubusw": ({ $0.psubusw($1, $2) }, { try $0.psubusw($1, $2) }),
    "pmullw": ({ $0.pmullw($1, $2) }, { try $0.pmullw($1, $2) }),
    "pmulhw": ({ $0.pmulhw($1, $2) }, { try $0.pmulhw($1, $2) }),
    "pmulhuw": ({ $0.pmulhuw($1, $2) }, { try $0.pmulhuw($1, $2) }),
    "pmuludq": ({ $0.pmuludq($1, $2) }, { try $0.pmuludq($1, $2) }),
    "pmaddwd": ({ $0.pmaddwd($1, $2) }, { try $0.pmaddwd($1, $2) }),
    "psadbw": ({ $0.psadbw($1, $2) }, { try $0.psadbw($1, $2) }),
    "pavgb": ({ $0.pavgb($1, $2) }, { try $0.pavgb($1, $2) }),
    "pavgw": ({ $0.pavgw($1, $2) }, { try $0.pavgw($1, $2) }),
    "pminsw": ({ $0.pminsw($1, $2) }, { try $0.pminsw($1, $2) }),
    "pminub": ({ $0.pminub($1, $2) }, { try $0.pminub($1, $2) }),
    "pmaxsw": ({ $0.pmaxsw($1, $2) }, { try $0.pmaxsw($1, $2) }),
    "pmaxub": ({ $0.pmaxub($1, $2) }, { try $0.pmaxub($1, $2) }),
    "pcmpeqb": ({ $0.pcmpeqb($1, $2) }, { try $0.pcmpeqb($1, $2) }),
    "pcmpeqw": ({ $0.pcmpeqw($1, $2) }, { try $0.pcmpeqw($1, $2) }),
    "pcmpeqd": ({ $0.pcmpeqd($1, $2) }, { try $0.pcmpeqd($1, $2) }),
    "pcmpgtb": ({ $0.pcmpgtb($1, $2) }, { try $0.pcmpgtb($1, $2) }),
    "pcmpgtw": ({ $0.pcmpgtw($1, $2) }, { try $0.pcmpgtw($1, $2) }),
    "pcmpgtd": ({ $0.pcmpgtd($1, $2) }, { try $0.pcmpgtd($1, $2) }),
    "pand": ({ $0.pand($1, $2) }, { try $0.pand($1, $2) }),
    "pandn": ({ $0.pandn($1, $2) }, { try $0.pandn($1, $2) }),
    "por": ({ $0.por($1, $2) }, { try $0.por($1, $2) }),
    "pxor": ({ $0.pxor($1, $2) }, { try $0.pxor($1, $2) }),
    "psllw": ({ $0.psllw($1, $2) }, { try $0.psllw($1, $2) }),
    "pslld": ({ $0.pslld($1, $2) }, { try $0.pslld($1, $2) }),
    "psllq": ({ $0.psllq($1, $2) }, { try $0.psllq($1, $2) }),
    "psrlw": ({ $0.psrlw($1, $2) }, { try $0.psrlw($1, $2) }),
    "psrld": ({ $0.psrld($1, $2) }, { try $0.psrld($1, $2) }),
    "psrlq": ({ $0.psrlq($1, $2) }, { try $0.psrlq($1, $2) }),
    "psraw": ({ $0.psraw($1, $2) }, { try $0.psraw($1, $2) }),
    "psrad": ({ $0.psrad($1, $2) }, { try $0.psrad($1, $2) }),
    "packsswb": ({ $0.packsswb($1, $2) }, { try $0.packsswb($1, $2) }),
    "packssdw": ({ $0.packssdw($1, $2) }, { try $0.packssdw($1, $2) }),
    "packuswb": ({ $0.packuswb($1, $2) }, { try $0.packuswb($1, $2) }),
    "punpcklbw": ({ $0.punpcklbw($1, $2) }, { try $0.punpcklbw($1, $2) }),
    "punpcklwd": ({ $0.punpcklwd($1, $2) }, { try $0.punpcklwd($1, $2) }),
    "punpckldq": ({ $0.punpckldq($1, $2) }, { try $0.punpckldq($1, $2) }),
    "punpcklqdq": ({ $0.punpcklqdq($1, $2) }, { try $0.punpcklqdq($1, $2) }),
    "punpckhbw": ({ $0.punpckhbw($1, $2) }, { try $0.punpckhbw($1, $2) }),
    "punpckhwd": ({ $0.punpckhwd($1, $2) }, { try $0.punpckhwd($1, $2) }),
    "punpckhdq": ({ $0.punpckhdq($1, $2) }, { try $0.punpckhdq($1, $2) }),
    "punpckhqdq": ({ $0.punpckhqdq($1, $2) }, { try $0.punpckhqdq($1, $2) }),
    "addps": ({ $0.addps($1, $2) }, { try $0.addps($1, $2) }),
    "addpd": ({ $0.addpd($1, $2) }, { try $0.addpd($1, $2) }),
    "subps": ({ $0.subps($1, $2) }, { try $0.subps($1, $2) }),
    "subpd": ({ $0.subpd($1, $2) }, { try $0.subpd($1, $2) }),
    "mulps": ({ $0.mulps($1, $2) }, { try $0.mulps($1, $2) }),
    "mulpd": ({ $0.mulpd($1, $2) }, { try $0.mulpd($1, $2) }),
    "divps": ({ $0.divps($1, $2) }, { try $0.divps($1, $2) }),
    "divpd": ({ $0.divpd($1, $2) }, { try $0.divpd($1, $2) }),
    "minps": ({ $0.minps($1, $2) }, { try $0.minps($1, $2) }),
    "minpd": ({ $0.minpd($1, $2) }, { try $0.minpd($1, $2) }),
    "maxps": ({ $0.maxps($1, $2) }, { try $0.maxps($1, $2) }),
    "maxpd": ({ $0.maxpd($1, $2) }, { try $0.maxpd($1, $2) }),
    "sqrtps": ({ $0.sqrtps($1, $2) }, { try $0.sqrtps($1, $2) }),
    "sqrtpd": ({ $0.sqrtpd($1, $2) }, { try $0.sqrtpd($1, $2) }),
    "unpcklps": ({ $0.unpcklps($1, $2) }, { try $0.unpcklps($1, $2) }),
    "unpcklpd": ({ $0.unpcklpd($1, $2) }, { try $0.unpcklpd($1, $2) }),
    "unpckhps": ({ $0.unpckhps($1, $2) }, { try $0.unpckhps($1, $2) }),
    "unpckhpd": ({ $0.unpckhpd($1, $2) }, { try $0.unpckhpd($1, $2) }),
    "cvtdq2ps": ({ $0.cvtdq2ps($1, $2) }, { try $0.cvtdq2ps($1, $2) }),
    "cvttps2dq": ({ $0.cvttps2dq($1, $2) }, { try $0.cvttps2dq($1, $2) }),
    "cvtps2dq": ({ $0.cvtps2dq($1, $2) }, { try $0.cvtps2dq($1, $2) }),
    "cvtdq2pd": ({ $0.cvtdq2pd($1, $2) }, { try $0.cvtdq2pd($1, $2) }),
    "cvtpd2ps": ({ $0.cvtpd2ps($1, $2) }, { try $0.cvtpd2ps($1, $2) }),
    "cvtps2pd": ({ $0.cvtps2pd($1, $2) }, { try $0.cvtps2pd($1, $2) }),
    "cvttpd2dq": ({ $0.cvttpd2dq($1, $2) }, { try $0.cvttpd2dq($1, $2) }),
    "cvtpd2dq": ({ $0.cvtpd2dq($1, $2) }, { try $0.cvtpd2dq($1, $2) }),
    "movddup": ({ $0.movddup($1, $2) }, { try $0.movddup($1, $2) }),
    "movshdup": ({ $0.movshdup($1, $2) }, { try $0.movshdup($1, $2) }),
    "movsldup": ({ $0.movsldup($1, $2) }, { try $0.movsldup($1, $2) }),
    "pshufb": ({ $0.pshufb($1, $2) }, { try $0.pshufb($1, $2) }),
    "phaddw": ({ $0.phaddw($1, $2) }, { try $0.phaddw($1, $2) }),
    "phaddd": ({ $0.phaddd($1, $2) }, { try $0.phaddd($1, $2) }),
    "pmaddubsw": ({ $0.pmaddubsw($1, $2) }, { try $0.pmaddubsw($1, $2) }),
    "pmulhrsw": ({ $0.pmulhrsw($1, $2) }, { try $0.pmulhrsw($1, $2) }),
    "psignb": ({ $0.psignb($1, $2) }, { try $0.psignb($1, $2) }),
    "psignw": ({ $0.psignw($1, $2) }, { try $0.psignw($1, $2) }),
    "psignd": ({ $0.psignd($1, $2) }, { try $0.psignd($1, $2) }),
    "pabsb": ({ $0.pabsb($1, $2) }, { try $0.pabsb($1, $2) }),
    "pabsw": ({ $0.pabsw($1, $2) }, { try $0.pabsw($1, $2) }),
    "pabsd": ({ $0.pabsd($1, $2) }, { try $0.pabsd($1, $2) }),
    "ptest": ({ $0.ptest($1, $2) }, { try $0.ptest($1, $2) }),
    "pmovsxbw": ({ $0.pmovsxbw($1, $2) }, { try $0.pmovsxbw($1, $2) }),
    "pmovsxbd": ({ $0.pmovsxbd($1, $2) }, { try $0.pmovsxbd($1, $2) }),
    "pmovsxbq": ({ $0.pmovsxbq($1, $2) }, { try $0.pmovsxbq($1, $2) }),
    "pmovsxwd": ({ $0.pmovsxwd($1, $2) }, { try $0.pmovsxwd($1, $2) }),
    "pmovsxwq": ({ $0.pmovsxwq($1, $2) }, { try $0.pmovsxwq($1, $2) }),
    "pmovsxdq": ({ $0.pmovsxdq($1, $2) }, { try $0.pmovsxdq($1, $2) }),
    "pmovzxbw": ({ $0.pmovzxbw($1, $2) }, { try $0.pmovzxbw($1, $2) }),
    "pmovzxbd": ({ $0.pmovzxbd($1, $2) }, { try $0.pmovzxbd($1, $2) }),
    "pmovzxbq": ({ $0.pmovzxbq($1, $2) }, { try $0.pmovzxbq($1, $2) }),
    "pmovzxwd": ({ $0.pmovzxwd($1, $2) }, { try $0.pmovzxwd($1, $2) }),
    "pmovzxwq": ({ $0.pmovzxwq($1, $2) }, { try $0.pmovzxwq($1, $2) }),
    "pmovzxdq": ({ $0.pmovzxdq($1, $2) }, { try $0.pmovzxdq($1, $2) }),
    "pmuldq": ({ $0.pmuldq($1, $2) }, { try $0.pmuldq($1, $2) }),
    "pcmpeqq": ({ $0.pcmpeqq($1, $2) }, { try $0.pcmpeqq($1, $2) }),
    "packusdw": ({ $0.packusdw($1, $2) }, { try $0.packusdw($1, $2) }),
    "pcmpgtq": ({ $0.pcmpgtq($1, $2) }, { try $0.pcmpgtq($1, $2) }),
    "pminsb": ({ $0.pminsb($1, $2) }, { try $0.pminsb($1, $2) }),
    "pminsd": ({ $0.pminsd($1, $2) }, { try $0.pminsd($1, $2) }),
    "pminuw": ({ $0.pminuw($1, $2) }, { try $0.pminuw($1, $2) }),
    "pminud": ({ $0.pminud($1, $2) }, { try $0.pminud($1, $2) }),
    "pmaxsb": ({ $0.pmaxsb($1, $2) }, { try $0.pmaxsb($1, $2) }),
    "pmaxsd": ({ $0.pmaxsd($1, $2) }, { try $0.pmaxsd($1, $2) }),
    "pmaxuw": ({ $0.pmaxuw($1, $2) }, { try $0.pmaxuw($1, $2) }),
    "pmaxud": ({ $0.pmaxud($1, $2) }, { try $0.pmaxud($1, $2) }),
    "pmulld": ({ $0.pmulld($1, $2) }, { try $0.pmulld($1, $2) }),
    "phminposuw": ({ $0.phminposuw($1, $2) }, { try $0.phminposuw($1, $2) }),
    "pblendvb": ({ $0.pblendvb($1, $2) }, { try $0.pblendvb($1, $2) }),
    "blendvps": ({ $0.blendvps($1, $2) }, { try $0.blendvps($1, $2) }),
    "blendvpd": ({ $0.blendvpd($1, $2) }, { try $0.blendvpd($1, $2) })
]

/// `op xmm, xmm, imm8` / `op xmm, [mem], imm8`.
let sseBinaryImm: [String: (XXIFn, XMIFn)] = [
    "pshufd": ({ $0.pshufd($1, $2, $3) }, { try $0.pshufd($1, $2, $3) }),
    "pshuflw": ({ $0.pshuflw($1, $2, $3) }, { try $0.pshuflw($1, $2, $3) }),
    "pshufhw": ({ $0.pshufhw($1, $2, $3) }, { try $0.pshufhw($1, $2, $3) }),
    "shufps": ({ $0.shufps($1, $2, $3) }, { try $0.shufps($1, $2, $3) }),
    "shufpd": ({ $0.shufpd($1, $2, $3) }, { try $0.shufpd($1, $2, $3) }),
    "palignr": ({ $0.palignr($1, $2, $3) }, { try $0.palignr($1, $2, $3) }),
    "blendps": ({ $0.blendps($1, $2, $3) }, { try $0.blendps($1, $2, $3) }),
    "blendpd": ({ $0.blendpd($1, $2, $3) }, { try $0.blendpd($1, $2, $3) }),
    "pblendw": ({ $0.pblendw($1, $2, $3) }, { try $0.pblendw($1, $2, $3) }),
    "insertps": ({ $0.insertps($1, $2, $3) }, { try $0.insertps($1, $2, $3) }),
    "roundss": (
        { $0.roundss($1, $2, RoundingMode(rawValue: $3)) }, { try $0.roundss($1, $2, RoundingMode(rawValue: $3)) }
    ),
    "roundsd": (
        { $0.roundsd($1, $2, RoundingMode(rawValue: $3)) }, { try $0.roundsd($1, $2, RoundingMode(rawValue: $3)) }
    ),
    "roundps": (
        { $0.roundps($1, $2, RoundingMode(rawValue: $3)) }, { try $0.roundps($1, $2, RoundingMode(rawValue: $3)) }
    ),
    "roundpd": (
        { $0.roundpd($1, $2, RoundingMode(rawValue: $3)) }, { try $0.roundpd($1, $2, RoundingMode(rawValue: $3)) }
    ),
    "cmpss": ({ $0.cmpss($1, $2, FloatCompare(rawValue: $3)!) }, { try $0.cmpss($1, $2, FloatCompare(rawValue: $3)!) }),
    "cmpsd": ({ $0.cmpsd($1, $2, FloatCompare(rawValue: $3)!) }, { try $0.cmpsd($1, $2, FloatCompare(rawValue: $3)!) }),
    "cmpps": ({ $0.cmpps($1, $2, FloatCompare(rawValue: $3)!) }, { try $0.cmpps($1, $2, FloatCompare(rawValue: $3)!) }),
    "cmppd": ({ $0.cmppd($1, $2, FloatCompare(rawValue: $3)!) }, { try $0.cmppd($1, $2, FloatCompare(rawValue: $3)!) })
]

/// Moves: reg-reg, load, store.
let sseMoves: [String: (XXFn, XMFn, MXFn)] = [
    "movss": ({ $0.movss($1, $2) }, { try $0.movss($1, $2) }, { try $0.movss($1, $2) }),
    "movsd": ({ $0.movsd($1, $2) }, { try $0.movsd($1, $2) }, { try $0.movsd($1, $2) }),
    "movaps": ({ $0.movaps($1, $2) }, { try $0.movaps($1, $2) }, { try $0.movaps($1, $2) }),
    "movapd": ({ $0.movapd($1, $2) }, { try $0.movapd($1, $2) }, { try $0.movapd($1, $2) }),
    "movups": ({ $0.movups($1, $2) }, { try $0.movups($1, $2) }, { try $0.movups($1, $2) }),
    "movupd": ({ $0.movupd($1, $2) }, { try $0.movupd($1, $2) }, { try $0.movupd($1, $2) }),
    "movdqu": ({ $0.movdqu($1, $2) }, { try $0.movdqu($1, $2) }, { try $0.movdqu($1, $2) }),
    "movdqa": ({ $0.movdqa($1, $2) }, { try $0.movdqa($1, $2) }, { try $0.movdqa($1, $2) })
]

/// Shifts by an immediate: `op xmm, imm8`.
let sseShiftImm: [String: XIFn] = [
    "psllw": { $0.psllw($1, $2) },
    "psrlw": { $0.psrlw($1, $2) },
    "psraw": { $0.psraw($1, $2) },
    "pslld": { $0.pslld($1, $2) },
    "psrld": { $0.psrld($1, $2) },
    "psrad": { $0.psrad($1, $2) },
    "psllq": { $0.psllq($1, $2) },
    "psrlq": { $0.psrlq($1, $2) },
    "pslldq": { $0.pslldq($1, $2) },
    "psrldq": { $0.psrldq($1, $2) }
]

/// AVX three-operand `op dst, src1, src2` / `op dst, src1, [mem]`.
let avxTernary: [String: (XXXFn, XXMFn)] = [
    "vpaddb": ({ $0.vpaddb($1, $2, $3) }, { try $0.vpaddb($1, $2, $3) }),
    "vpaddw": ({ $0.vpaddw($1, $2, $3) }, { try $0.vpaddw($1, $2, $3) }),
    "vpaddd": ({ $0.vpaddd($1, $2, $3) }, { try $0.vpaddd($1, $2, $3) }),
    "vpaddq": ({ $0.vpaddq($1, $2, $3) }, { try $0.vpaddq($1, $2, $3) }),
    "vpsubb": ({ $0.vpsubb($1, $2, $3) }, { try $0.vpsubb($1, $2, $3) }),
    "vpsubw": ({ $0.vpsubw($1, $2, $3) }, { try $0.vpsubw($1, $2, $3) }),
    "vpsubd": ({ $0.vpsubd($1, $2, $3) }, { try $0.vpsubd($1, $2, $3) }),
    "vpsubq": ({ $0.vpsubq($1, $2, $3) }, { try $0.vpsubq($1, $2, $3) }),
    "vpaddsb": ({ $0.vpaddsb($1, $2, $3) }, { try $0.vpaddsb($1, $2, $3) }),
    "vpaddsw": ({ $0.vpaddsw($1, $2, $3) }, { try $0.vpaddsw($1, $2, $3) }),
    "vpaddusb": ({ $0.vpaddusb($1, $2, $3) }, { try $0.vpaddusb($1, $2, $3) }),
    "vpaddusw": ({ $0.vpaddusw($1, $2, $3) }, { try $0.vpaddusw($1, $2, $3) }),
    "vpsubsb": ({ $0.vpsubsb($1, $2, $3) }, { try $0.vpsubsb($1, $2, $3) }),
    "vpsubsw": ({ $0.vpsubsw($1, $2, $3) }, { try $0.vpsubsw($1, $2, $3) }),
    "vpsubusb": ({ $0.vpsubusb($1, $2, $3) }, { try $0.vpsubusb($1, $2, $3) }),
    "vpsubusw": ({ $0.vpsubusw($1, $2, $3) }, { try $0.vpsubusw($1, $2, $3) }),
    "vpmullw": ({ $0.vpmullw($1, $2, $3) }, { try $0.vpmullw($1, $2, $3) }),
    "vpmulhw": ({ $0.vpmulhw($1, $2, $3) }, { try $0.vpmulhw($1, $2, $3) }),
    "vpmulhuw": ({ $0.vpmulhuw($1, $2, $3) }, { try $0.vpmulhuw($1, $2, $3) }),
    "vpmuludq": ({ $0.vpmuludq($1, $2, $3) }, { try $0.vpmuludq($1, $2, $3) }),
    "vpmaddwd": ({ $0.vpmaddwd($1, $2, $3) }, { try $0.vpmaddwd($1, $2, $3) }),
    "vpavgb": ({ $0.vpavgb($1, $2, $3) }, { try $0.vpavgb($1, $2, $3) }),
    "vpavgw": ({ $0.vpavgw($1, $2, $3) }, { try $0.vpavgw($1, $2, $3) }),
    "vpminsw": ({ $0.vpminsw($1, $2, $3) }, { try $0.vpminsw($1, $2, $3) }),
    "vpminub": ({ $0.vpminub($1, $2, $3) }, { try $0.vpminub($1, $2, $3) }),
    "vpmaxsw": ({ $0.vpmaxsw($1, $2, $3) }, { try $0.vpmaxsw($1, $2, $3) }),
    "vpmaxub": ({ $0.vpmaxub($1, $2, $3) }, { try $0.vpmaxub($1, $2, $3) }),
    "vpcmpeqb": ({ $0.vpcmpeqb($1, $2, $3) }, { try $0.vpcmpeqb($1, $2, $3) }),
    "vpcmpeqw": ({ $0.vpcmpeqw($1, $2, $3) }, { try $0.vpcmpeqw($1, $2, $3) }),
    "vpcmpeqd": ({ $0.vpcmpeqd($1, $2, $3) }, { try $0.vpcmpeqd($1, $2, $3) }),
    "vpcmpgtb": ({ $0.vpcmpgtb($1, $2, $3) }, { try $0.vpcmpgtb($1, $2, $3) }),
    "vpcmpgtw": ({ $0.vpcmpgtw($1, $2, $3) }, { try $0.vpcmpgtw($1, $2, $3) }),
    "vpcmpgtd": ({ $0.vpcmpgtd($1, $2, $3) }, { try $0.vpcmpgtd($1, $2, $3) }),
    "vpand": ({ $0.vpand($1, $2, $3) }, { try $0.vpand($1, $2, $3) }),
    "vpandn": ({ $0.vpandn($1, $2, $3) }, { try $0.vpandn($1, $2, $3) }),
    "vpor": ({ $0.vpor($1, $2, $3) }, { try $0.vpor($1, $2, $3) }),
    "vpxor": ({ $0.vpxor($1, $2, $3) }, { try $0.vpxor($1, $2, $3) }),
    "vpsllw": ({ $0.vpsllw($1, $2, $3) }, { try $0.vpsllw($1, $2, $3) }),
    "vpslld": ({ $0.vpslld($1, $2, $3) }, { try $0.vpslld($1, $2, $3) }),
    "vpsllq": ({ $0.vpsllq($1, $2, $3) }, { try $0.vpsllq($1, $2, $3) }),
    "vpsrlw": ({ $0.vpsrlw($1, $2, $3) }, { try $0.vpsrlw($1, $2, $3) }),
    "vpsrld": ({ $0.vpsrld($1, $2, $3) }, { try $0.vpsrld($1, $2, $3) }),
    "vpsrlq": ({ $0.vpsrlq($1, $2, $3) }, { try $0.vpsrlq($1, $2, $3) }),
    "vpsraw": ({ $0.vpsraw($1, $2, $3) }, { try $0.vpsraw($1, $2, $3) }),
    "vpsrad": ({ $0.vpsrad($1, $2, $3) }, { try $0.vpsrad($1, $2, $3) }),
    "vpacksswb": ({ $0.vpacksswb($1, $2, $3) }, { try $0.vpacksswb($1, $2, $3) }),
    "vpackssdw": ({ $0.vpackssdw($1, $2, $3) }, { try $0.vpackssdw($1, $2, $3) }),
    "vpackuswb": ({ $0.vpackuswb($1, $2, $3) }, { try $0.vpackuswb($1, $2, $3) }),
    "vpackusdw": ({ $0.vpackusdw($1, $2, $3) }, { try $0.vpackusdw($1, $2, $3) }),
    "vpunpcklbw": ({ $0.vpunpcklbw($1, $2, $3) }, { try $0.vpunpcklbw($1, $2, $3) }),
    "vpunpcklwd": ({ $0.vpunpcklwd($1, $2, $3) }, { try $0.vpunpcklwd($1, $2, $3) }),
    "vpunpckldq": ({ $0.vpunpckldq($1, $2, $3) }, { try $0.vpunpckldq($1, $2, $3) }),
    "vpunpcklqdq": ({ $0.vpunpcklqdq($1, $2, $3) }, { try $0.vpunpcklqdq($1, $2, $3) }),
    "vpunpckhbw": ({ $0.vpunpckhbw($1, $2, $3) }, { try $0.vpunpckhbw($1, $2, $3) }),
    "vpunpckhwd": ({ $0.vpunpckhwd($1, $2, $3) }, { try $0.vpunpckhwd($1, $2, $3) }),
    "vpunpckhdq": ({ $0.vpunpckhdq($1, $2, $3) }, { try $0.vpunpckhdq($1, $2, $3) }),
    "vpunpckhqdq": ({ $0.vpunpckhqdq($1, $2, $3) }, { try $0.vpunpckhqdq($1, $2, $3) }),
    "vpshufb": ({ $0.vpshufb($1, $2, $3) }, { try $0.vpshufb($1, $2, $3) }),
    "vpmaddubsw": ({ $0.vpmaddubsw($1, $2, $3) }, { try $0.vpmaddubsw($1, $2, $3) }),
    "vpmulhrsw": ({ $0.vpmulhrsw($1, $2, $3) }, { try $0.vpmulhrsw($1, $2, $3) }),
    "vpsignb": ({ $0.vpsignb($1, $2, $3) }, { try $0.vpsignb($1, $2, $3) }),
    "vpsignw": ({ $0.vpsignw($1, $2, $3) }, { try $0.vpsignw($1, $2, $3) }),
    "vpsignd": ({ $0.vpsignd($1, $2, $3) }, { try $0.vpsignd($1, $2, $3) }),
    "vpmuldq": ({ $0.vpmuldq($1, $2, $3) }, { try $0.vpmuldq($1, $2, $3) }),
    "vpcmpeqq": ({ $0.vpcmpeqq($1, $2, $3) }, { try $0.vpcmpeqq($1, $2, $3) }),
    "vpcmpgtq": ({ $0.vpcmpgtq($1, $2, $3) }, { try $0.vpcmpgtq($1, $2, $3) }),
    "vpminsb": ({ $0.vpminsb($1, $2, $3) }, { try $0.vpminsb($1, $2, $3) }),
    "vpminsd": ({ $0.vpminsd($1, $2, $3) }, { try $0.vpminsd($1, $2, $3) }),
    "vpminuw": ({ $0.vpminuw($1, $2, $3) }, { try $0.vpminuw($1, $2, $3) }),
    "vpminud": ({ $0.vpminud($1, $2, $3) }, { try $0.vpminud($1, $2, $3) }),
    "vpmaxsb": ({ $0.vpmaxsb($1, $2, $3) }, { try $0.vpmaxsb($1, $2, $3) }),
    "vpmaxsd": ({ $0.vpmaxsd($1, $2, $3) }, { try $0.vpmaxsd($1, $2, $3) }),
    "vpmaxuw": ({ $0.vpmaxuw($1, $2, $3) }, { try $0.vpmaxuw($1, $2, $3) }),
    "vpmaxud": ({ $0.vpmaxud($1, $2, $3) }, { try $0.vpmaxud($1, $2, $3) }),
    "vpmulld": ({ $0.vpmulld($1, $2, $3) }, { try $0.vpmulld($1, $2, $3) }),
    "vaddps": ({ $0.vaddps($1, $2, $3) }, { try $0.vaddps($1, $2, $3) }),
    "vaddpd": ({ $0.vaddpd($1, $2, $3) }, { try $0.vaddpd($1, $2, $3) }),
    "vsubps": ({ $0.vsubps($1, $2, $3) }, { try $0.vsubps($1, $2, $3) }),
    "vsubpd": ({ $0.vsubpd($1, $2, $3) }, { try $0.vsubpd($1, $2, $3) }),
    "vmulps": ({ $0.vmulps($1, $2, $3) }, { try $0.vmulps($1, $2, $3) }),
    "vmulpd": ({ $0.vmulpd($1, $2, $3) }, { try $0.vmulpd($1, $2, $3) }),
    "vdivps": ({ $0.vdivps($1, $2, $3) }, { try $0.vdivps($1, $2, $3) }),
    "vdivpd": ({ $0.vdivpd($1, $2, $3) }, { try $0.vdivpd($1, $2, $3) }),
    "vminps": ({ $0.vminps($1, $2, $3) }, { try $0.vminps($1, $2, $3) }),
    "vminpd": ({ $0.vminpd($1, $2, $3) }, { try $0.vminpd($1, $2, $3) }),
    "vmaxps": ({ $0.vmaxps($1, $2, $3) }, { try $0.vmaxps($1, $2, $3) }),
    "vmaxpd": ({ $0.vmaxpd($1, $2, $3) }, { try $0.vmaxpd($1, $2, $3) }),
    "vandps": ({ $0.vandps($1, $2, $3) }, { try $0.vandps($1, $2, $3) }),
    "vandpd": ({ $0.vandpd($1, $2, $3) }, { try $0.vandpd($1, $2, $3) }),
    "vandnps": ({ $0.vandnps($1, $2, $3) }, { try $0.vandnps($1, $2, $3) }),
    "vandnpd": ({ $0.vandnpd($1, $2, $3) }, { try $0.vandnpd($1, $2, $3) }),
    "vorps": ({ $0.vorps($1, $2, $3) }, { try $0.vorps($1, $2, $3) }),
    "vorpd": ({ $0.vorpd($1, $2, $3) }, { try $0.vorpd($1, $2, $3) }),
    "vxorps": ({ $0.vxorps($1, $2, $3) }, { try $0.vxorps($1, $2, $3) }),
    "vxorpd": ({ $0.vxorpd($1, $2, $3) }, { try $0.vxorpd($1, $2, $3) }),
    "vunpcklps": ({ $0.vunpcklps($1, $2, $3) }, { try $0.vunpcklps($1, $2, $3) }),
    "vunpcklpd": ({ $0.vunpcklpd($1, $2, $3) }, { try $0.vunpcklpd($1, $2, $3) }),
    "vunpckhps": ({ $0.vunpckhps($1, $2, $3) }, { try $0.vunpckhps($1, $2, $3) }),
    "vunpckhpd": ({ $0.vunpckhpd($1, $2, $3) }, { try $0.vunpckhpd($1, $2, $3) })
]

/// AVX three-operand with an immediate: `op dst, src1, src2, imm` (vcmpps/vcmppd take the predicate).
let avxTernaryImm: [String: (XXXIFn, XXMIFn)] = [
    "vshufps": ({ $0.vshufps($1, $2, $3, $4) }, { try $0.vshufps($1, $2, $3, $4) }),
    "vshufpd": ({ $0.vshufpd($1, $2, $3, $4) }, { try $0.vshufpd($1, $2, $3, $4) }),
    "vpalignr": ({ $0.vpalignr($1, $2, $3, $4) }, { try $0.vpalignr($1, $2, $3, $4) }),
    "vblendps": ({ $0.vblendps($1, $2, $3, $4) }, { try $0.vblendps($1, $2, $3, $4) }),
    "vblendpd": ({ $0.vblendpd($1, $2, $3, $4) }, { try $0.vblendpd($1, $2, $3, $4) }),
    "vpblendw": ({ $0.vpblendw($1, $2, $3, $4) }, { try $0.vpblendw($1, $2, $3, $4) }),
    "vinsertps": ({ $0.vinsertps($1, $2, $3, $4) }, { try $0.vinsertps($1, $2, $3, $4) }),
    "vcmpps": (
        { $0.vcmpps($1, $2, $3, FloatCompare(rawValue: $4)!) },
        { try $0.vcmpps($1, $2, $3, FloatCompare(rawValue: $4)!) }
    ),
    "vcmppd": (
        { $0.vcmppd($1, $2, $3, FloatCompare(rawValue: $4)!) },
        { try $0.vcmppd($1, $2, $3, FloatCompare(rawValue: $4)!) }
    )
]

/// AVX shifts by an immediate into another register: `op dst, src, imm`.
let avxShiftImm: [String: XXIFn] = [
    "vpsllw": { $0.vpsllw($1, $2, $3) },
    "vpsrlw": { $0.vpsrlw($1, $2, $3) },
    "vpsraw": { $0.vpsraw($1, $2, $3) },
    "vpslld": { $0.vpslld($1, $2, $3) },
    "vpsrld": { $0.vpsrld($1, $2, $3) },
    "vpsrad": { $0.vpsrad($1, $2, $3) },
    "vpsllq": { $0.vpsllq($1, $2, $3) },
    "vpsrlq": { $0.vpsrlq($1, $2, $3) },
    "vpslldq": { $0.vpslldq($1, $2, $3) },
    "vpsrldq": { $0.vpsrldq($1, $2, $3) }
]

/// AVX variable blends: `op dst, src1, src2, mask` / `op dst, src1, [mem], mask`.
let avxBlendv: [String: (XXXXFn, XXMXFn)] = [
    "vpblendvb": ({ $0.vpblendvb($1, $2, $3, $4) }, { try $0.vpblendvb($1, $2, $3, $4) }),
    "vblendvps": ({ $0.vblendvps($1, $2, $3, $4) }, { try $0.vblendvps($1, $2, $3, $4) }),
    "vblendvpd": ({ $0.vblendvpd($1, $2, $3, $4) }, { try $0.vblendvpd($1, $2, $3, $4) })
]

/// Instructions encoded only through the generic `vex(prefix, opcode, ..., w:)` (to cover VEX.W = 1).
let avxGeneric: [String: (prefix: UInt16, opcode: UInt32, w: Bool)] = [
    "vfmadd132pd": (0x66, 0x0F3898, true),
    "vfmadd132ps": (0x66, 0x0F3898, false)
]

import AssemblerCore

// Scalar SSE/SSE2/SSE4.1 floating point, GPR<->XMM moves and conversions, 128-bit moves and FP logic.
// Encoding: [mandatory prefix 66/F2/F3][REX][0F ...][ModRM]; the mandatory prefix always precedes REX.
// Convention: `dst` is ModRM.reg, `src` ModRM.rm (stores swap: the XMM source is ModRM.reg).

extension X86Assembler {
    // MARK: SSE helpers

    /// `op xmm, xmm` (no REX.W).
    @inlinable @inline(__always)
    mutating func sse(_ pfx: UInt16, _ op: UInt32, _ d: XMM, _ s: XMM) {
        xRR(pfx, 0, op, reg: d.number, rm: s.number)
    }

    /// `op xmm, [mem]`.
    @inlinable @inline(__always)
    mutating func sse(_ pfx: UInt16, _ op: UInt32, _ d: XMM, _ s: Mem) throws(AssemblerError) {
        try encRM(pfx, 0, op, reg: d.number, mem: s)
    }

    /// `op xmm, xmm, imm8`.
    @inlinable @inline(__always)
    mutating func sse(_ pfx: UInt16, _ op: UInt32, _ d: XMM, _ s: XMM, imm: UInt8) {
        xRR(pfx, 0, op, reg: d.number, rm: s.number, imm: UInt64(imm), immLen: 1)
    }

    /// `op xmm, [mem], imm8`.
    @inlinable @inline(__always)
    mutating func sse(_ pfx: UInt16, _ op: UInt32, _ d: XMM, _ s: Mem, imm: UInt8) throws(AssemblerError) {
        try encRM(pfx, 0, op, reg: d.number, mem: s, imm: UInt64(imm), immLen: 1)
    }

    /// A form mixing an XMM (`x`) and a GPR (`g`, viewed at 32 or 64 bits). `xIsReg` puts the XMM in ModRM.reg.
    @inlinable @inline(__always)
    mutating func sseGPR(
        _ pfx: UInt16, _ op: UInt32, wide: Bool, x: XMM, g: GPR, xIsReg: Bool,
        imm: UInt64 = 0, immLen: Int = 0
    ) throws(AssemblerError) {
        let rex: UInt8 = (wide ? 0x08 : 0) | X86Assembler.regFlags(.dword, g)
        if xIsReg {
            try encRR(pfx, rex, op, reg: x.number, rm: g.raw, imm: imm, immLen: immLen)
        } else {
            try encRR(pfx, rex, op, reg: g.raw, rm: x.number, imm: imm, immLen: immLen)
        }
    }

    @inlinable @inline(__always)
    static func requireDQ(_ w: Width) throws(AssemblerError) -> Bool {
        if _slowPath(w.rawValue < 2) { throw invalid("operand must be 32 or 64-bit") }
        return w.rawValue == 3
    }

    // MARK: GPR <-> XMM moves

    /// `movd xmm, r32`: xmm = zero-extended low 32 bits of `src`.
    @inlinable @inline(__always) public mutating func movd(_ dst: XMM, _ src: GPR) throws(AssemblerError) {
        try sseGPR(0x66, 0x0F6E, wide: false, x: dst, g: src, xIsReg: true)
    }
    /// `movd r32, xmm`: the low 32 bits of `src` (upper half of `dst` zeroed).
    @inlinable @inline(__always) public mutating func movd(_ dst: GPR, _ src: XMM) throws(AssemblerError) {
        try sseGPR(0x66, 0x0F7E, wide: false, x: src, g: dst, xIsReg: true)
    }
    /// `movd xmm, [mem32]` (upper lanes zeroed).
    @inlinable @inline(__always) public mutating func movd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try encRM(0x66, 0, 0x0F6E, reg: dst.number, mem: src)
    }
    /// `movd [mem32], xmm`.
    @inlinable @inline(__always) public mutating func movd(_ dst: Mem, _ src: XMM) throws(AssemblerError) {
        try encRM(0x66, 0, 0x0F7E, reg: src.number, mem: dst)
    }
    /// `movq xmm, r64` (66 REX.W 0F 6E).
    @inlinable @inline(__always) public mutating func movq(_ dst: XMM, _ src: GPR) throws(AssemblerError) {
        try sseGPR(0x66, 0x0F6E, wide: true, x: dst, g: src, xIsReg: true)
    }
    /// `movq r64, xmm` (66 REX.W 0F 7E).
    @inlinable @inline(__always) public mutating func movq(_ dst: GPR, _ src: XMM) throws(AssemblerError) {
        try sseGPR(0x66, 0x0F7E, wide: true, x: src, g: dst, xIsReg: true)
    }
    /// `movq xmm, xmm` (F3 0F 7E): copy the low 64 bits, zero the upper 64.
    @inlinable @inline(__always) public mutating func movq(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0F7E, dst, src) }
    /// `movq xmm, [mem64]` (F3 0F 7E; upper 64 bits zeroed).
    @inlinable @inline(__always) public mutating func movq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0F7E, dst, src)
    }
    /// `movq [mem64], xmm` (66 0F D6).
    @inlinable @inline(__always) public mutating func movq(_ dst: Mem, _ src: XMM) throws(AssemblerError) {
        try encRM(0x66, 0, 0x0FD6, reg: src.number, mem: dst)
    }

    // MARK: Integer <-> float conversions

    /// `cvtsi2ss xmm, r` (`w` = `.dword` or `.qword` signed source).
    @inlinable @inline(__always) public mutating func cvtsi2ss(_ w: Width, _ dst: XMM, _ src: GPR)
        throws(AssemblerError)
    {
        try sseGPR(0xF3, 0x0F2A, wide: X86Assembler.requireDQ(w), x: dst, g: src, xIsReg: true)
    }
    /// `cvtsi2ss xmm, [mem]` (32 or 64-bit signed source).
    @inlinable @inline(__always) public mutating func cvtsi2ss(_ w: Width, _ dst: XMM, _ src: Mem)
        throws(AssemblerError)
    {
        try encRM(0xF3, try X86Assembler.requireDQ(w) ? 0x08 : 0, 0x0F2A, reg: dst.number, mem: src)
    }
    /// `cvtsi2sd xmm, r` (`w` = `.dword` or `.qword` signed source).
    @inlinable @inline(__always) public mutating func cvtsi2sd(_ w: Width, _ dst: XMM, _ src: GPR)
        throws(AssemblerError)
    {
        try sseGPR(0xF2, 0x0F2A, wide: X86Assembler.requireDQ(w), x: dst, g: src, xIsReg: true)
    }
    /// `cvtsi2sd xmm, [mem]`.
    @inlinable @inline(__always) public mutating func cvtsi2sd(_ w: Width, _ dst: XMM, _ src: Mem)
        throws(AssemblerError)
    {
        try encRM(0xF2, try X86Assembler.requireDQ(w) ? 0x08 : 0, 0x0F2A, reg: dst.number, mem: src)
    }
    /// `cvttss2si r, xmm`: truncate f32 to a signed `w`-bit integer (0x80..0 "integer indefinite" on overflow/NaN).
    @inlinable @inline(__always) public mutating func cvttss2si(_ w: Width, _ dst: GPR, _ src: XMM)
        throws(AssemblerError)
    {
        try sseGPR(0xF3, 0x0F2C, wide: X86Assembler.requireDQ(w), x: src, g: dst, xIsReg: false)
    }
    /// `cvttss2si r, [mem32]`.
    @inlinable @inline(__always) public mutating func cvttss2si(_ w: Width, _ dst: GPR, _ src: Mem)
        throws(AssemblerError)
    {
        try X86Assembler.checkDQ(dst)
        try encRM(0xF3, try X86Assembler.requireDQ(w) ? 0x08 : 0, 0x0F2C, reg: dst.raw, mem: src)
    }
    /// `cvttsd2si r, xmm`: truncate f64 to a signed `w`-bit integer.
    @inlinable @inline(__always) public mutating func cvttsd2si(_ w: Width, _ dst: GPR, _ src: XMM)
        throws(AssemblerError)
    {
        try sseGPR(0xF2, 0x0F2C, wide: X86Assembler.requireDQ(w), x: src, g: dst, xIsReg: false)
    }
    /// `cvttsd2si r, [mem64]`.
    @inlinable @inline(__always) public mutating func cvttsd2si(_ w: Width, _ dst: GPR, _ src: Mem)
        throws(AssemblerError)
    {
        try X86Assembler.checkDQ(dst)
        try encRM(0xF2, try X86Assembler.requireDQ(w) ? 0x08 : 0, 0x0F2C, reg: dst.raw, mem: src)
    }
    /// `cvtss2si r, xmm`: convert f32 to a signed integer with MXCSR rounding.
    @inlinable @inline(__always) public mutating func cvtss2si(_ w: Width, _ dst: GPR, _ src: XMM)
        throws(AssemblerError)
    {
        try sseGPR(0xF3, 0x0F2D, wide: X86Assembler.requireDQ(w), x: src, g: dst, xIsReg: false)
    }
    /// `cvtsd2si r, xmm`: convert f64 to a signed integer with MXCSR rounding.
    @inlinable @inline(__always) public mutating func cvtsd2si(_ w: Width, _ dst: GPR, _ src: XMM)
        throws(AssemblerError)
    {
        try sseGPR(0xF2, 0x0F2D, wide: X86Assembler.requireDQ(w), x: src, g: dst, xIsReg: false)
    }

    /// Rejects high-byte registers where a 32/64-bit GPR is needed.
    @inlinable @inline(__always)
    static func checkDQ(_ g: GPR) throws(AssemblerError) {
        if _slowPath(g.isHighByte) { throw invalid("a 32/64-bit register is required") }
    }

    // MARK: Table-driven scalar and logic forms (xmm, xmm/m)

    /// `addss dst, src`: scalar f32 add.
    @inlinable @inline(__always) public mutating func addss(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0F58, dst, src) }
    /// `addss dst, [mem]`: scalar f32 add.
    @inlinable @inline(__always) public mutating func addss(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0F58, dst, src)
    }
    /// `addsd dst, src`: scalar f64 add.
    @inlinable @inline(__always) public mutating func addsd(_ dst: XMM, _ src: XMM) { sse(0xF2, 0x0F58, dst, src) }
    /// `addsd dst, [mem]`: scalar f64 add.
    @inlinable @inline(__always) public mutating func addsd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF2, 0x0F58, dst, src)
    }
    /// `subss dst, src`: scalar f32 subtract.
    @inlinable @inline(__always) public mutating func subss(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0F5C, dst, src) }
    /// `subss dst, [mem]`: scalar f32 subtract.
    @inlinable @inline(__always) public mutating func subss(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0F5C, dst, src)
    }
    /// `subsd dst, src`: scalar f64 subtract.
    @inlinable @inline(__always) public mutating func subsd(_ dst: XMM, _ src: XMM) { sse(0xF2, 0x0F5C, dst, src) }
    /// `subsd dst, [mem]`: scalar f64 subtract.
    @inlinable @inline(__always) public mutating func subsd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF2, 0x0F5C, dst, src)
    }
    /// `mulss dst, src`: scalar f32 multiply.
    @inlinable @inline(__always) public mutating func mulss(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0F59, dst, src) }
    /// `mulss dst, [mem]`: scalar f32 multiply.
    @inlinable @inline(__always) public mutating func mulss(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0F59, dst, src)
    }
    /// `mulsd dst, src`: scalar f64 multiply.
    @inlinable @inline(__always) public mutating func mulsd(_ dst: XMM, _ src: XMM) { sse(0xF2, 0x0F59, dst, src) }
    /// `mulsd dst, [mem]`: scalar f64 multiply.
    @inlinable @inline(__always) public mutating func mulsd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF2, 0x0F59, dst, src)
    }
    /// `divss dst, src`: scalar f32 divide.
    @inlinable @inline(__always) public mutating func divss(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0F5E, dst, src) }
    /// `divss dst, [mem]`: scalar f32 divide.
    @inlinable @inline(__always) public mutating func divss(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0F5E, dst, src)
    }
    /// `divsd dst, src`: scalar f64 divide.
    @inlinable @inline(__always) public mutating func divsd(_ dst: XMM, _ src: XMM) { sse(0xF2, 0x0F5E, dst, src) }
    /// `divsd dst, [mem]`: scalar f64 divide.
    @inlinable @inline(__always) public mutating func divsd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF2, 0x0F5E, dst, src)
    }
    /// `minss dst, src`: scalar f32 minimum (returns the second operand on NaN or equal).
    @inlinable @inline(__always) public mutating func minss(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0F5D, dst, src) }
    /// `minss dst, [mem]`: scalar f32 minimum (returns the second operand on NaN or equal).
    @inlinable @inline(__always) public mutating func minss(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0F5D, dst, src)
    }
    /// `minsd dst, src`: scalar f64 minimum (returns the second operand on NaN or equal).
    @inlinable @inline(__always) public mutating func minsd(_ dst: XMM, _ src: XMM) { sse(0xF2, 0x0F5D, dst, src) }
    /// `minsd dst, [mem]`: scalar f64 minimum (returns the second operand on NaN or equal).
    @inlinable @inline(__always) public mutating func minsd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF2, 0x0F5D, dst, src)
    }
    /// `maxss dst, src`: scalar f32 maximum (returns the second operand on NaN or equal).
    @inlinable @inline(__always) public mutating func maxss(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0F5F, dst, src) }
    /// `maxss dst, [mem]`: scalar f32 maximum (returns the second operand on NaN or equal).
    @inlinable @inline(__always) public mutating func maxss(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0F5F, dst, src)
    }
    /// `maxsd dst, src`: scalar f64 maximum (returns the second operand on NaN or equal).
    @inlinable @inline(__always) public mutating func maxsd(_ dst: XMM, _ src: XMM) { sse(0xF2, 0x0F5F, dst, src) }
    /// `maxsd dst, [mem]`: scalar f64 maximum (returns the second operand on NaN or equal).
    @inlinable @inline(__always) public mutating func maxsd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF2, 0x0F5F, dst, src)
    }
    /// `sqrtss dst, src`: scalar f32 square root.
    @inlinable @inline(__always) public mutating func sqrtss(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0F51, dst, src) }
    /// `sqrtss dst, [mem]`: scalar f32 square root.
    @inlinable @inline(__always) public mutating func sqrtss(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0F51, dst, src)
    }
    /// `sqrtsd dst, src`: scalar f64 square root.
    @inlinable @inline(__always) public mutating func sqrtsd(_ dst: XMM, _ src: XMM) { sse(0xF2, 0x0F51, dst, src) }
    /// `sqrtsd dst, [mem]`: scalar f64 square root.
    @inlinable @inline(__always) public mutating func sqrtsd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF2, 0x0F51, dst, src)
    }
    /// `ucomiss dst, src`: unordered compare f32, sets ZF/PF/CF.
    @inlinable @inline(__always) public mutating func ucomiss(_ dst: XMM, _ src: XMM) { sse(0, 0x0F2E, dst, src) }
    /// `ucomiss dst, [mem]`: unordered compare f32, sets ZF/PF/CF.
    @inlinable @inline(__always) public mutating func ucomiss(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F2E, dst, src)
    }
    /// `ucomisd dst, src`: unordered compare f64, sets ZF/PF/CF.
    @inlinable @inline(__always) public mutating func ucomisd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F2E, dst, src) }
    /// `ucomisd dst, [mem]`: unordered compare f64, sets ZF/PF/CF.
    @inlinable @inline(__always) public mutating func ucomisd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F2E, dst, src)
    }
    /// `comiss dst, src`: ordered compare f32, sets ZF/PF/CF.
    @inlinable @inline(__always) public mutating func comiss(_ dst: XMM, _ src: XMM) { sse(0, 0x0F2F, dst, src) }
    /// `comiss dst, [mem]`: ordered compare f32, sets ZF/PF/CF.
    @inlinable @inline(__always) public mutating func comiss(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F2F, dst, src)
    }
    /// `comisd dst, src`: ordered compare f64, sets ZF/PF/CF.
    @inlinable @inline(__always) public mutating func comisd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F2F, dst, src) }
    /// `comisd dst, [mem]`: ordered compare f64, sets ZF/PF/CF.
    @inlinable @inline(__always) public mutating func comisd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F2F, dst, src)
    }
    /// `cvtss2sd dst, src`: convert scalar f32 to f64.
    @inlinable @inline(__always) public mutating func cvtss2sd(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0F5A, dst, src) }
    /// `cvtss2sd dst, [mem]`: convert scalar f32 to f64.
    @inlinable @inline(__always) public mutating func cvtss2sd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0F5A, dst, src)
    }
    /// `cvtsd2ss dst, src`: convert scalar f64 to f32.
    @inlinable @inline(__always) public mutating func cvtsd2ss(_ dst: XMM, _ src: XMM) { sse(0xF2, 0x0F5A, dst, src) }
    /// `cvtsd2ss dst, [mem]`: convert scalar f64 to f32.
    @inlinable @inline(__always) public mutating func cvtsd2ss(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF2, 0x0F5A, dst, src)
    }
    /// `andps dst, src`: bitwise and (f32 lanes).
    @inlinable @inline(__always) public mutating func andps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F54, dst, src) }
    /// `andps dst, [mem]`: bitwise and (f32 lanes).
    @inlinable @inline(__always) public mutating func andps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F54, dst, src)
    }
    /// `andpd dst, src`: bitwise and (f64 lanes).
    @inlinable @inline(__always) public mutating func andpd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F54, dst, src) }
    /// `andpd dst, [mem]`: bitwise and (f64 lanes).
    @inlinable @inline(__always) public mutating func andpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F54, dst, src)
    }
    /// `andnps dst, src`: bitwise and-not: dst = ~dst & src.
    @inlinable @inline(__always) public mutating func andnps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F55, dst, src) }
    /// `andnps dst, [mem]`: bitwise and-not: dst = ~dst & src.
    @inlinable @inline(__always) public mutating func andnps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F55, dst, src)
    }
    /// `andnpd dst, src`: bitwise and-not: dst = ~dst & src.
    @inlinable @inline(__always) public mutating func andnpd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F55, dst, src) }
    /// `andnpd dst, [mem]`: bitwise and-not: dst = ~dst & src.
    @inlinable @inline(__always) public mutating func andnpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F55, dst, src)
    }
    /// `orps dst, src`: bitwise or (f32 lanes).
    @inlinable @inline(__always) public mutating func orps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F56, dst, src) }
    /// `orps dst, [mem]`: bitwise or (f32 lanes).
    @inlinable @inline(__always) public mutating func orps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F56, dst, src)
    }
    /// `orpd dst, src`: bitwise or (f64 lanes).
    @inlinable @inline(__always) public mutating func orpd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F56, dst, src) }
    /// `orpd dst, [mem]`: bitwise or (f64 lanes).
    @inlinable @inline(__always) public mutating func orpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F56, dst, src)
    }
    /// `xorps dst, src`: bitwise xor (f32 lanes).
    @inlinable @inline(__always) public mutating func xorps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F57, dst, src) }
    /// `xorps dst, [mem]`: bitwise xor (f32 lanes).
    @inlinable @inline(__always) public mutating func xorps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F57, dst, src)
    }
    /// `xorpd dst, src`: bitwise xor (f64 lanes).
    @inlinable @inline(__always) public mutating func xorpd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F57, dst, src) }
    /// `xorpd dst, [mem]`: bitwise xor (f64 lanes).
    @inlinable @inline(__always) public mutating func xorpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F57, dst, src)
    }

    // MARK: Moves

    /// `movss dst, src` (register to register): move scalar f32 (a load zeroes bits 32-127; reg-reg merges the low lane).
    @inlinable @inline(__always) public mutating func movss(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0F10, dst, src) }
    /// `movss dst, [mem]` (load): move scalar f32 (a load zeroes bits 32-127; reg-reg merges the low lane).
    @inlinable @inline(__always) public mutating func movss(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0F10, dst, src)
    }
    /// `movss [mem], src` (store): move scalar f32 (a load zeroes bits 32-127; reg-reg merges the low lane).
    @inlinable @inline(__always) public mutating func movss(_ dst: Mem, _ src: XMM) throws(AssemblerError) {
        try sse(0xF3, 0x0F11, src, dst)
    }
    /// `movsd dst, src` (register to register): move scalar f64 (a load zeroes bits 64-127; reg-reg merges the low lane).
    @inlinable @inline(__always) public mutating func movsd(_ dst: XMM, _ src: XMM) { sse(0xF2, 0x0F10, dst, src) }
    /// `movsd dst, [mem]` (load): move scalar f64 (a load zeroes bits 64-127; reg-reg merges the low lane).
    @inlinable @inline(__always) public mutating func movsd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF2, 0x0F10, dst, src)
    }
    /// `movsd [mem], src` (store): move scalar f64 (a load zeroes bits 64-127; reg-reg merges the low lane).
    @inlinable @inline(__always) public mutating func movsd(_ dst: Mem, _ src: XMM) throws(AssemblerError) {
        try sse(0xF2, 0x0F11, src, dst)
    }
    /// `movaps dst, src` (register to register): move aligned 128 bits (memory must be 16-byte aligned).
    @inlinable @inline(__always) public mutating func movaps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F28, dst, src) }
    /// `movaps dst, [mem]` (load): move aligned 128 bits (memory must be 16-byte aligned).
    @inlinable @inline(__always) public mutating func movaps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F28, dst, src)
    }
    /// `movaps [mem], src` (store): move aligned 128 bits (memory must be 16-byte aligned).
    @inlinable @inline(__always) public mutating func movaps(_ dst: Mem, _ src: XMM) throws(AssemblerError) {
        try sse(0, 0x0F29, src, dst)
    }
    /// `movapd dst, src` (register to register): move aligned 128 bits (memory must be 16-byte aligned).
    @inlinable @inline(__always) public mutating func movapd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F28, dst, src) }
    /// `movapd dst, [mem]` (load): move aligned 128 bits (memory must be 16-byte aligned).
    @inlinable @inline(__always) public mutating func movapd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F28, dst, src)
    }
    /// `movapd [mem], src` (store): move aligned 128 bits (memory must be 16-byte aligned).
    @inlinable @inline(__always) public mutating func movapd(_ dst: Mem, _ src: XMM) throws(AssemblerError) {
        try sse(0x66, 0x0F29, src, dst)
    }
    /// `movups dst, src` (register to register): move unaligned 128 bits.
    @inlinable @inline(__always) public mutating func movups(_ dst: XMM, _ src: XMM) { sse(0, 0x0F10, dst, src) }
    /// `movups dst, [mem]` (load): move unaligned 128 bits.
    @inlinable @inline(__always) public mutating func movups(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F10, dst, src)
    }
    /// `movups [mem], src` (store): move unaligned 128 bits.
    @inlinable @inline(__always) public mutating func movups(_ dst: Mem, _ src: XMM) throws(AssemblerError) {
        try sse(0, 0x0F11, src, dst)
    }
    /// `movupd dst, src` (register to register): move unaligned 128 bits.
    @inlinable @inline(__always) public mutating func movupd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F10, dst, src) }
    /// `movupd dst, [mem]` (load): move unaligned 128 bits.
    @inlinable @inline(__always) public mutating func movupd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F10, dst, src)
    }
    /// `movupd [mem], src` (store): move unaligned 128 bits.
    @inlinable @inline(__always) public mutating func movupd(_ dst: Mem, _ src: XMM) throws(AssemblerError) {
        try sse(0x66, 0x0F11, src, dst)
    }
    /// `movdqu dst, src` (register to register): move unaligned 128-bit integer vector.
    @inlinable @inline(__always) public mutating func movdqu(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0F6F, dst, src) }
    /// `movdqu dst, [mem]` (load): move unaligned 128-bit integer vector.
    @inlinable @inline(__always) public mutating func movdqu(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0F6F, dst, src)
    }
    /// `movdqu [mem], src` (store): move unaligned 128-bit integer vector.
    @inlinable @inline(__always) public mutating func movdqu(_ dst: Mem, _ src: XMM) throws(AssemblerError) {
        try sse(0xF3, 0x0F7F, src, dst)
    }
    /// `movdqa dst, src` (register to register): move aligned 128-bit integer vector.
    @inlinable @inline(__always) public mutating func movdqa(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F6F, dst, src) }
    /// `movdqa dst, [mem]` (load): move aligned 128-bit integer vector.
    @inlinable @inline(__always) public mutating func movdqa(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F6F, dst, src)
    }
    /// `movdqa [mem], src` (store): move aligned 128-bit integer vector.
    @inlinable @inline(__always) public mutating func movdqa(_ dst: Mem, _ src: XMM) throws(AssemblerError) {
        try sse(0x66, 0x0F7F, src, dst)
    }

    // MARK: Rounding and compares with an immediate

    /// `roundss dst, src, imm`: round scalar f32 (SSE4.1).
    @inlinable @inline(__always) public mutating func roundss(_ dst: XMM, _ src: XMM, _ imm: RoundingMode) {
        sse(0x66, 0x0F3A0A, dst, src, imm: imm.rawValue)
    }
    /// `roundss dst, [mem], imm`: round scalar f32 (SSE4.1).
    @inlinable @inline(__always) public mutating func roundss(_ dst: XMM, _ src: Mem, _ imm: RoundingMode)
        throws(AssemblerError)
    { try sse(0x66, 0x0F3A0A, dst, src, imm: imm.rawValue) }
    /// `roundsd dst, src, imm`: round scalar f64 (SSE4.1).
    @inlinable @inline(__always) public mutating func roundsd(_ dst: XMM, _ src: XMM, _ imm: RoundingMode) {
        sse(0x66, 0x0F3A0B, dst, src, imm: imm.rawValue)
    }
    /// `roundsd dst, [mem], imm`: round scalar f64 (SSE4.1).
    @inlinable @inline(__always) public mutating func roundsd(_ dst: XMM, _ src: Mem, _ imm: RoundingMode)
        throws(AssemblerError)
    { try sse(0x66, 0x0F3A0B, dst, src, imm: imm.rawValue) }
    /// `cmpss dst, src, imm`: compare scalar f32, writing an all-ones/zero mask.
    @inlinable @inline(__always) public mutating func cmpss(_ dst: XMM, _ src: XMM, _ imm: FloatCompare) {
        sse(0xF3, 0x0FC2, dst, src, imm: imm.rawValue)
    }
    /// `cmpss dst, [mem], imm`: compare scalar f32, writing an all-ones/zero mask.
    @inlinable @inline(__always) public mutating func cmpss(_ dst: XMM, _ src: Mem, _ imm: FloatCompare)
        throws(AssemblerError)
    { try sse(0xF3, 0x0FC2, dst, src, imm: imm.rawValue) }
    /// `cmpsd dst, src, imm`: compare scalar f64, writing a mask.
    @inlinable @inline(__always) public mutating func cmpsd(_ dst: XMM, _ src: XMM, _ imm: FloatCompare) {
        sse(0xF2, 0x0FC2, dst, src, imm: imm.rawValue)
    }
    /// `cmpsd dst, [mem], imm`: compare scalar f64, writing a mask.
    @inlinable @inline(__always) public mutating func cmpsd(_ dst: XMM, _ src: Mem, _ imm: FloatCompare)
        throws(AssemblerError)
    { try sse(0xF2, 0x0FC2, dst, src, imm: imm.rawValue) }
}

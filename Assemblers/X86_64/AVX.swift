import AssemblerCore

// VEX-encoded (AVX) 128-bit instructions: the three-operand forms `dst = src1 op src2` of the SSE instructions,
// which leave both sources intact (no copy of the first operand), plus shifts by an immediate into another
// register and variable blends with an explicit mask register.
//
// Only VEX.128 (VEX.L = 0) is emitted: it zeroes bits 255:128 of the destination's YMM register, so code using
// it never leaves the upper YMM halves dirty (no VZEROUPPER needed before native code; mixing with legacy SSE
// instructions costs no transition).
//
// Prefix layouts (R̄ X̄ B̄ and v̄v̄v̄v̄ are stored inverted):
//   2-byte: C5 [R̄ v̄v̄v̄v̄ L pp]                       map 0F, W = 0, no REX.X/REX.B bit needed
//   3-byte: C4 [R̄ X̄ B̄ m-mmmm] [W v̄v̄v̄v̄ L pp]        otherwise
// then [opcode][ModRM][SIB][disp][imm8]. The fields derive from the legacy SSE form (`vex(_:_:...)` takes it as
// written for the SSE encoders: a mandatory prefix packed as in `Encoding.swift` and a big-endian opcode):
// prefix none/66/F3/F2 -> pp 0/1/2/3; opcode 0F xx / 0F 38 xx / 0F 3A xx -> m-mmmm 1/2/3; REX.W -> VEX.W.
// `dst` is ModRM.reg, `src1` VEX.vvvv and `src2` ModRM.rm (register or memory), except the shifts by an
// immediate (`vpsllw dst, src, imm`: VEX.vvvv = dst, ModRM.reg = the /digit, ModRM.rm = src). The 4-operand
// blends (`vpblendvb dst, src1, src2, mask`) carry the mask register in imm8[7:4] ("is4").
// The 2-byte prefix is used whenever it can encode the instruction (as llvm-mc does).
// VEX memory operands need no alignment. Emission follows `Encoding.swift`: one `reserve(16)`, at most two
// 8-byte stores (head: prefix, opcode, ModRM, SIB: at most 6 bytes; tail: displacement and immediate).

extension X86Assembler {
    // MARK: VEX prefix

    /// `pp` of a mandatory SSE prefix (0, 0x66, 0xF3, 0xF2 -> 0, 1, 2, 3), branch-free: a 2-bit table indexed by
    /// the prefix's low nibble (0 -> 0, 6 -> 1, 3 -> 2, 2 -> 3).
    @inlinable @inline(__always)
    static func vexPP(_ pfx: UInt16) -> UInt32 {
        (0x10B0 as UInt32) &>> (UInt32(pfx & 0xF) &<< 1) & 3
    }

    /// The VEX prefix and opcode byte, packed for emission (low byte first), and their length (3 or 4).
    /// `r`, `x`, `b`: the extension bits (1 for registers 8–15) of ModRM.reg, SIB.index and ModRM.rm/SIB.base;
    /// `w`: VEX.W (0 or 1); `vvvv`: the register number in VEX.vvvv (0 when unused, stored as 1111).
    /// Branch-free: both forms are computed and one is selected.
    @inlinable @inline(__always)
    static func vexHead(_ pfx: UInt16, _ op: UInt32, w: UInt32, r: UInt32, x: UInt32, b: UInt32, vvvv: UInt8)
        -> (UInt64, Int)
    {
        let isLong = nonZero(op &>> 16, below: 0xFF) // a 0F 38 / 0F 3A opcode
        let map = 1 &+ isLong &* (1 &+ ((op &>> 9) & 1)) // 0F -> 1, 0F 38 -> 2, 0F 3A -> 3
        let low = (UInt32(~vvvv) & 0xF) &<< 3 | vexPP(pfx) // v̄v̄v̄v̄ L(0) pp
        let opByte = UInt64(op & 0xFF)
        let two = 0xC5 | UInt64((r ^ 1) &<< 7 | low) &<< 8 | opByte &<< 16
        let three =
            0xC4 | UInt64((r ^ 1) &<< 7 | (x ^ 1) &<< 6 | (b ^ 1) &<< 5 | map) &<< 8
            | UInt64(w &<< 7 | low) &<< 16 | opByte &<< 24
        // The 2-byte form needs map 0F, W = 0 and no X/B extension.
        let useThree = nonZero((map &- 1) | w | x | b, below: 0x3)
        let mask = 0 &- UInt64(useThree)
        return ((two & ~mask) | (three & mask), 3 &+ Int(useThree))
    }

    // MARK: Raw VEX forms

    /// Register-direct VEX form: `VEX [op] ModRM(11, reg, rm) [imm]` with `vvvv` in VEX.vvvv.
    @inlinable @inline(__always)
    mutating func vexRR(
        _ pfx: UInt16, _ op: UInt32, w: UInt32, reg: UInt8, vvvv: UInt8, rm: UInt8, imm: UInt64 = 0, immLen: Int = 0
    ) {
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        var (h, n) = X86Assembler.vexHead(
            pfx, op, w: w, r: UInt32(reg &>> 3) & 1, x: 0, b: UInt32(rm &>> 3) & 1, vvvv: vvvv)
        h |= UInt64(0xC0 | (reg & 7) &<< 3 | rm & 7) &<< UInt64(n &<< 3)
        put(h, n &+ 1)
        put(imm, immLen) // immLen 0 writes scratch bytes inside the reservation and advances nothing
    }

    /// Memory VEX form: `VEX [op] ModRM(mod, reg, rm) [SIB] [disp] [imm]` with `vvvv` in VEX.vvvv.
    /// Throws `.invalidOperand` for an invalid address (`rsp` as index, a high-byte register).
    @inlinable @inline(__always)
    mutating func vexRM(
        _ pfx: UInt16, _ op: UInt32, w: UInt32, reg: UInt8, vvvv: UInt8, mem m: Mem, imm: UInt64 = 0, immLen: Int = 0
    ) throws(AssemblerError) {
        if _slowPath(m.flags & Mem.flagInvalid != 0) {
            throw X86Assembler.invalid("invalid memory operand (rsp as index, high-byte register)")
        }
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        let (h, n) = X86Assembler.vexHead(
            pfx, op, w: w, r: UInt32(reg &>> 3) & 1, x: UInt32(m.rexXB &>> 1) & 1, b: UInt32(m.rexXB) & 1,
            vvvv: vvvv)
        putModRM(h, n, reg: reg, mem: m, imm: imm, immLen: immLen)
    }

    // MARK: Generic three-operand encoder

    /// `dst = src1 op src2`: the VEX.128 form of the legacy SSE instruction `prefix opcode` (`prefix`: 0, 0x66,
    /// 0xF3 or 0xF2; `opcode`: 0x0Fxx, 0x0F38xx or 0x0F3Axx, as the SSE encoders write them; `w`: the SSE form's
    /// REX.W), e.g. `vex(0x66, 0x0FFE, d, a, b)` is `vpaddd d, a, b`.
    @inlinable @inline(__always)
    public mutating func vex(_ prefix: UInt16, _ opcode: UInt32, _ dst: XMM, _ src1: XMM, _ src2: XMM, w: Bool = false)
    {
        vexRR(prefix, opcode, w: w ? 1 : 0, reg: dst.number, vvvv: src1.number, rm: src2.number)
    }
    /// `dst = src1 op [mem]` (see `vex(_:_:_:_:_:w:)`).
    @inlinable @inline(__always)
    public mutating func vex(_ prefix: UInt16, _ opcode: UInt32, _ dst: XMM, _ src1: XMM, _ src2: Mem, w: Bool = false)
        throws(AssemblerError)
    {
        try vexRM(prefix, opcode, w: w ? 1 : 0, reg: dst.number, vvvv: src1.number, mem: src2)
    }
    /// `dst = op(src1, src2, imm)` (see `vex(_:_:_:_:_:w:)`).
    @inlinable @inline(__always)
    public mutating func vex(
        _ prefix: UInt16, _ opcode: UInt32, _ dst: XMM, _ src1: XMM, _ src2: XMM, imm: UInt8, w: Bool = false
    ) {
        vexRR(
            prefix, opcode, w: w ? 1 : 0, reg: dst.number, vvvv: src1.number, rm: src2.number, imm: UInt64(imm),
            immLen: 1)
    }
    /// `dst = op(src1, [mem], imm)` (see `vex(_:_:_:_:_:w:)`).
    @inlinable @inline(__always)
    public mutating func vex(
        _ prefix: UInt16, _ opcode: UInt32, _ dst: XMM, _ src1: XMM, _ src2: Mem, imm: UInt8, w: Bool = false
    ) throws(AssemblerError) {
        try vexRM(
            prefix, opcode, w: w ? 1 : 0, reg: dst.number, vvvv: src1.number, mem: src2, imm: UInt64(imm),
            immLen: 1)
    }

    // MARK: Three-operand forms (dst = src1 op src2)
    /// `vpaddb dst, src1, src2`: add i8 lanes.
    @inlinable @inline(__always) public mutating func vpaddb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFFC, dst, src1, src2)
    }
    /// `vpaddb dst, src1, [mem]`: add i8 lanes.
    @inlinable @inline(__always) public mutating func vpaddb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFFC, dst, src1, src2)
    }
    /// `vpaddw dst, src1, src2`: add i16 lanes.
    @inlinable @inline(__always) public mutating func vpaddw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFFD, dst, src1, src2)
    }
    /// `vpaddw dst, src1, [mem]`: add i16 lanes.
    @inlinable @inline(__always) public mutating func vpaddw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFFD, dst, src1, src2)
    }
    /// `vpaddd dst, src1, src2`: add i32 lanes.
    @inlinable @inline(__always) public mutating func vpaddd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFFE, dst, src1, src2)
    }
    /// `vpaddd dst, src1, [mem]`: add i32 lanes.
    @inlinable @inline(__always) public mutating func vpaddd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFFE, dst, src1, src2)
    }
    /// `vpaddq dst, src1, src2`: add i64 lanes.
    @inlinable @inline(__always) public mutating func vpaddq(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFD4, dst, src1, src2)
    }
    /// `vpaddq dst, src1, [mem]`: add i64 lanes.
    @inlinable @inline(__always) public mutating func vpaddq(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFD4, dst, src1, src2)
    }
    /// `vpsubb dst, src1, src2`: subtract i8 lanes.
    @inlinable @inline(__always) public mutating func vpsubb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFF8, dst, src1, src2)
    }
    /// `vpsubb dst, src1, [mem]`: subtract i8 lanes.
    @inlinable @inline(__always) public mutating func vpsubb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFF8, dst, src1, src2)
    }
    /// `vpsubw dst, src1, src2`: subtract i16 lanes.
    @inlinable @inline(__always) public mutating func vpsubw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFF9, dst, src1, src2)
    }
    /// `vpsubw dst, src1, [mem]`: subtract i16 lanes.
    @inlinable @inline(__always) public mutating func vpsubw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFF9, dst, src1, src2)
    }
    /// `vpsubd dst, src1, src2`: subtract i32 lanes.
    @inlinable @inline(__always) public mutating func vpsubd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFFA, dst, src1, src2)
    }
    /// `vpsubd dst, src1, [mem]`: subtract i32 lanes.
    @inlinable @inline(__always) public mutating func vpsubd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFFA, dst, src1, src2)
    }
    /// `vpsubq dst, src1, src2`: subtract i64 lanes.
    @inlinable @inline(__always) public mutating func vpsubq(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFFB, dst, src1, src2)
    }
    /// `vpsubq dst, src1, [mem]`: subtract i64 lanes.
    @inlinable @inline(__always) public mutating func vpsubq(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFFB, dst, src1, src2)
    }
    /// `vpaddsb dst, src1, src2`: add i8 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func vpaddsb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFEC, dst, src1, src2)
    }
    /// `vpaddsb dst, src1, [mem]`: add i8 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func vpaddsb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFEC, dst, src1, src2)
    }
    /// `vpaddsw dst, src1, src2`: add i16 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func vpaddsw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFED, dst, src1, src2)
    }
    /// `vpaddsw dst, src1, [mem]`: add i16 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func vpaddsw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFED, dst, src1, src2)
    }
    /// `vpaddusb dst, src1, src2`: add u8 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func vpaddusb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFDC, dst, src1, src2)
    }
    /// `vpaddusb dst, src1, [mem]`: add u8 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func vpaddusb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFDC, dst, src1, src2)
    }
    /// `vpaddusw dst, src1, src2`: add u16 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func vpaddusw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFDD, dst, src1, src2)
    }
    /// `vpaddusw dst, src1, [mem]`: add u16 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func vpaddusw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFDD, dst, src1, src2)
    }
    /// `vpsubsb dst, src1, src2`: subtract i8 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func vpsubsb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFE8, dst, src1, src2)
    }
    /// `vpsubsb dst, src1, [mem]`: subtract i8 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func vpsubsb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFE8, dst, src1, src2)
    }
    /// `vpsubsw dst, src1, src2`: subtract i16 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func vpsubsw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFE9, dst, src1, src2)
    }
    /// `vpsubsw dst, src1, [mem]`: subtract i16 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func vpsubsw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFE9, dst, src1, src2)
    }
    /// `vpsubusb dst, src1, src2`: subtract u8 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func vpsubusb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFD8, dst, src1, src2)
    }
    /// `vpsubusb dst, src1, [mem]`: subtract u8 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func vpsubusb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFD8, dst, src1, src2)
    }
    /// `vpsubusw dst, src1, src2`: subtract u16 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func vpsubusw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFD9, dst, src1, src2)
    }
    /// `vpsubusw dst, src1, [mem]`: subtract u16 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func vpsubusw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFD9, dst, src1, src2)
    }
    /// `vpmullw dst, src1, src2`: multiply i16 lanes, low halves.
    @inlinable @inline(__always) public mutating func vpmullw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFD5, dst, src1, src2)
    }
    /// `vpmullw dst, src1, [mem]`: multiply i16 lanes, low halves.
    @inlinable @inline(__always) public mutating func vpmullw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFD5, dst, src1, src2)
    }
    /// `vpmulhw dst, src1, src2`: multiply i16 lanes, signed high halves.
    @inlinable @inline(__always) public mutating func vpmulhw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFE5, dst, src1, src2)
    }
    /// `vpmulhw dst, src1, [mem]`: multiply i16 lanes, signed high halves.
    @inlinable @inline(__always) public mutating func vpmulhw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFE5, dst, src1, src2)
    }
    /// `vpmulhuw dst, src1, src2`: multiply u16 lanes, high halves.
    @inlinable @inline(__always) public mutating func vpmulhuw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFE4, dst, src1, src2)
    }
    /// `vpmulhuw dst, src1, [mem]`: multiply u16 lanes, high halves.
    @inlinable @inline(__always) public mutating func vpmulhuw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFE4, dst, src1, src2)
    }
    /// `vpmuludq dst, src1, src2`: multiply the even u32 lanes into u64 lanes.
    @inlinable @inline(__always) public mutating func vpmuludq(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFF4, dst, src1, src2)
    }
    /// `vpmuludq dst, src1, [mem]`: multiply the even u32 lanes into u64 lanes.
    @inlinable @inline(__always) public mutating func vpmuludq(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFF4, dst, src1, src2)
    }
    /// `vpmaddwd dst, src1, src2`: multiply i16 lanes and add adjacent pairs into i32 lanes.
    @inlinable @inline(__always) public mutating func vpmaddwd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFF5, dst, src1, src2)
    }
    /// `vpmaddwd dst, src1, [mem]`: multiply i16 lanes and add adjacent pairs into i32 lanes.
    @inlinable @inline(__always) public mutating func vpmaddwd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFF5, dst, src1, src2)
    }
    /// `vpavgb dst, src1, src2`: rounding average of u8 lanes.
    @inlinable @inline(__always) public mutating func vpavgb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFE0, dst, src1, src2)
    }
    /// `vpavgb dst, src1, [mem]`: rounding average of u8 lanes.
    @inlinable @inline(__always) public mutating func vpavgb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFE0, dst, src1, src2)
    }
    /// `vpavgw dst, src1, src2`: rounding average of u16 lanes.
    @inlinable @inline(__always) public mutating func vpavgw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFE3, dst, src1, src2)
    }
    /// `vpavgw dst, src1, [mem]`: rounding average of u16 lanes.
    @inlinable @inline(__always) public mutating func vpavgw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFE3, dst, src1, src2)
    }
    /// `vpminsw dst, src1, src2`: minimum of i16 lanes.
    @inlinable @inline(__always) public mutating func vpminsw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFEA, dst, src1, src2)
    }
    /// `vpminsw dst, src1, [mem]`: minimum of i16 lanes.
    @inlinable @inline(__always) public mutating func vpminsw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFEA, dst, src1, src2)
    }
    /// `vpminub dst, src1, src2`: minimum of u8 lanes.
    @inlinable @inline(__always) public mutating func vpminub(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFDA, dst, src1, src2)
    }
    /// `vpminub dst, src1, [mem]`: minimum of u8 lanes.
    @inlinable @inline(__always) public mutating func vpminub(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFDA, dst, src1, src2)
    }
    /// `vpmaxsw dst, src1, src2`: maximum of i16 lanes.
    @inlinable @inline(__always) public mutating func vpmaxsw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFEE, dst, src1, src2)
    }
    /// `vpmaxsw dst, src1, [mem]`: maximum of i16 lanes.
    @inlinable @inline(__always) public mutating func vpmaxsw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFEE, dst, src1, src2)
    }
    /// `vpmaxub dst, src1, src2`: maximum of u8 lanes.
    @inlinable @inline(__always) public mutating func vpmaxub(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFDE, dst, src1, src2)
    }
    /// `vpmaxub dst, src1, [mem]`: maximum of u8 lanes.
    @inlinable @inline(__always) public mutating func vpmaxub(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFDE, dst, src1, src2)
    }
    /// `vpcmpeqb dst, src1, src2`: compare i8 lanes for equality.
    @inlinable @inline(__always) public mutating func vpcmpeqb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF74, dst, src1, src2)
    }
    /// `vpcmpeqb dst, src1, [mem]`: compare i8 lanes for equality.
    @inlinable @inline(__always) public mutating func vpcmpeqb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF74, dst, src1, src2)
    }
    /// `vpcmpeqw dst, src1, src2`: compare i16 lanes for equality.
    @inlinable @inline(__always) public mutating func vpcmpeqw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF75, dst, src1, src2)
    }
    /// `vpcmpeqw dst, src1, [mem]`: compare i16 lanes for equality.
    @inlinable @inline(__always) public mutating func vpcmpeqw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF75, dst, src1, src2)
    }
    /// `vpcmpeqd dst, src1, src2`: compare i32 lanes for equality.
    @inlinable @inline(__always) public mutating func vpcmpeqd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF76, dst, src1, src2)
    }
    /// `vpcmpeqd dst, src1, [mem]`: compare i32 lanes for equality.
    @inlinable @inline(__always) public mutating func vpcmpeqd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF76, dst, src1, src2)
    }
    /// `vpcmpgtb dst, src1, src2`: compare i8 lanes signed greater-than.
    @inlinable @inline(__always) public mutating func vpcmpgtb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF64, dst, src1, src2)
    }
    /// `vpcmpgtb dst, src1, [mem]`: compare i8 lanes signed greater-than.
    @inlinable @inline(__always) public mutating func vpcmpgtb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF64, dst, src1, src2)
    }
    /// `vpcmpgtw dst, src1, src2`: compare i16 lanes signed greater-than.
    @inlinable @inline(__always) public mutating func vpcmpgtw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF65, dst, src1, src2)
    }
    /// `vpcmpgtw dst, src1, [mem]`: compare i16 lanes signed greater-than.
    @inlinable @inline(__always) public mutating func vpcmpgtw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF65, dst, src1, src2)
    }
    /// `vpcmpgtd dst, src1, src2`: compare i32 lanes signed greater-than.
    @inlinable @inline(__always) public mutating func vpcmpgtd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF66, dst, src1, src2)
    }
    /// `vpcmpgtd dst, src1, [mem]`: compare i32 lanes signed greater-than.
    @inlinable @inline(__always) public mutating func vpcmpgtd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF66, dst, src1, src2)
    }
    /// `vpand dst, src1, src2`: bitwise and.
    @inlinable @inline(__always) public mutating func vpand(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFDB, dst, src1, src2)
    }
    /// `vpand dst, src1, [mem]`: bitwise and.
    @inlinable @inline(__always) public mutating func vpand(_ dst: XMM, _ src1: XMM, _ src2: Mem) throws(AssemblerError)
    {
        try vex(0x66, 0xFDB, dst, src1, src2)
    }
    /// `vpandn dst, src1, src2`: bitwise and of the complement of src1 with src2.
    @inlinable @inline(__always) public mutating func vpandn(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFDF, dst, src1, src2)
    }
    /// `vpandn dst, src1, [mem]`: bitwise and of the complement of src1 with src2.
    @inlinable @inline(__always) public mutating func vpandn(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFDF, dst, src1, src2)
    }
    /// `vpor dst, src1, src2`: bitwise or.
    @inlinable @inline(__always) public mutating func vpor(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFEB, dst, src1, src2)
    }
    /// `vpor dst, src1, [mem]`: bitwise or.
    @inlinable @inline(__always) public mutating func vpor(_ dst: XMM, _ src1: XMM, _ src2: Mem) throws(AssemblerError)
    {
        try vex(0x66, 0xFEB, dst, src1, src2)
    }
    /// `vpxor dst, src1, src2`: bitwise xor.
    @inlinable @inline(__always) public mutating func vpxor(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFEF, dst, src1, src2)
    }
    /// `vpxor dst, src1, [mem]`: bitwise xor.
    @inlinable @inline(__always) public mutating func vpxor(_ dst: XMM, _ src1: XMM, _ src2: Mem) throws(AssemblerError)
    {
        try vex(0x66, 0xFEF, dst, src1, src2)
    }
    /// `vpsllw dst, src1, src2`: shift i16 lanes left by the count in the low 64 bits of src2.
    @inlinable @inline(__always) public mutating func vpsllw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFF1, dst, src1, src2)
    }
    /// `vpsllw dst, src1, [mem]`: shift i16 lanes left by the count in the low 64 bits of src2.
    @inlinable @inline(__always) public mutating func vpsllw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFF1, dst, src1, src2)
    }
    /// `vpslld dst, src1, src2`: shift i32 lanes left by the count in the low 64 bits of src2.
    @inlinable @inline(__always) public mutating func vpslld(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFF2, dst, src1, src2)
    }
    /// `vpslld dst, src1, [mem]`: shift i32 lanes left by the count in the low 64 bits of src2.
    @inlinable @inline(__always) public mutating func vpslld(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFF2, dst, src1, src2)
    }
    /// `vpsllq dst, src1, src2`: shift i64 lanes left by the count in the low 64 bits of src2.
    @inlinable @inline(__always) public mutating func vpsllq(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFF3, dst, src1, src2)
    }
    /// `vpsllq dst, src1, [mem]`: shift i64 lanes left by the count in the low 64 bits of src2.
    @inlinable @inline(__always) public mutating func vpsllq(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFF3, dst, src1, src2)
    }
    /// `vpsrlw dst, src1, src2`: logical right shift of i16 lanes by the count in src2.
    @inlinable @inline(__always) public mutating func vpsrlw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFD1, dst, src1, src2)
    }
    /// `vpsrlw dst, src1, [mem]`: logical right shift of i16 lanes by the count in src2.
    @inlinable @inline(__always) public mutating func vpsrlw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFD1, dst, src1, src2)
    }
    /// `vpsrld dst, src1, src2`: logical right shift of i32 lanes by the count in src2.
    @inlinable @inline(__always) public mutating func vpsrld(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFD2, dst, src1, src2)
    }
    /// `vpsrld dst, src1, [mem]`: logical right shift of i32 lanes by the count in src2.
    @inlinable @inline(__always) public mutating func vpsrld(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFD2, dst, src1, src2)
    }
    /// `vpsrlq dst, src1, src2`: logical right shift of i64 lanes by the count in src2.
    @inlinable @inline(__always) public mutating func vpsrlq(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFD3, dst, src1, src2)
    }
    /// `vpsrlq dst, src1, [mem]`: logical right shift of i64 lanes by the count in src2.
    @inlinable @inline(__always) public mutating func vpsrlq(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFD3, dst, src1, src2)
    }
    /// `vpsraw dst, src1, src2`: arithmetic right shift of i16 lanes by the count in src2.
    @inlinable @inline(__always) public mutating func vpsraw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFE1, dst, src1, src2)
    }
    /// `vpsraw dst, src1, [mem]`: arithmetic right shift of i16 lanes by the count in src2.
    @inlinable @inline(__always) public mutating func vpsraw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFE1, dst, src1, src2)
    }
    /// `vpsrad dst, src1, src2`: arithmetic right shift of i32 lanes by the count in src2.
    @inlinable @inline(__always) public mutating func vpsrad(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xFE2, dst, src1, src2)
    }
    /// `vpsrad dst, src1, [mem]`: arithmetic right shift of i32 lanes by the count in src2.
    @inlinable @inline(__always) public mutating func vpsrad(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xFE2, dst, src1, src2)
    }
    /// `vpacksswb dst, src1, src2`: narrow i16 lanes to i8, signed saturation (src1 low, src2 high).
    @inlinable @inline(__always) public mutating func vpacksswb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF63, dst, src1, src2)
    }
    /// `vpacksswb dst, src1, [mem]`: narrow i16 lanes to i8, signed saturation (src1 low, src2 high).
    @inlinable @inline(__always) public mutating func vpacksswb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF63, dst, src1, src2)
    }
    /// `vpackssdw dst, src1, src2`: narrow i32 lanes to i16, signed saturation.
    @inlinable @inline(__always) public mutating func vpackssdw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF6B, dst, src1, src2)
    }
    /// `vpackssdw dst, src1, [mem]`: narrow i32 lanes to i16, signed saturation.
    @inlinable @inline(__always) public mutating func vpackssdw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF6B, dst, src1, src2)
    }
    /// `vpackuswb dst, src1, src2`: narrow i16 lanes to u8, unsigned saturation.
    @inlinable @inline(__always) public mutating func vpackuswb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF67, dst, src1, src2)
    }
    /// `vpackuswb dst, src1, [mem]`: narrow i16 lanes to u8, unsigned saturation.
    @inlinable @inline(__always) public mutating func vpackuswb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF67, dst, src1, src2)
    }
    /// `vpackusdw dst, src1, src2`: narrow i32 lanes to u16, unsigned saturation.
    @inlinable @inline(__always) public mutating func vpackusdw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF382B, dst, src1, src2)
    }
    /// `vpackusdw dst, src1, [mem]`: narrow i32 lanes to u16, unsigned saturation.
    @inlinable @inline(__always) public mutating func vpackusdw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF382B, dst, src1, src2)
    }
    /// `vpunpcklbw dst, src1, src2`: interleave the low i8 lanes.
    @inlinable @inline(__always) public mutating func vpunpcklbw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF60, dst, src1, src2)
    }
    /// `vpunpcklbw dst, src1, [mem]`: interleave the low i8 lanes.
    @inlinable @inline(__always) public mutating func vpunpcklbw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF60, dst, src1, src2)
    }
    /// `vpunpcklwd dst, src1, src2`: interleave the low i16 lanes.
    @inlinable @inline(__always) public mutating func vpunpcklwd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF61, dst, src1, src2)
    }
    /// `vpunpcklwd dst, src1, [mem]`: interleave the low i16 lanes.
    @inlinable @inline(__always) public mutating func vpunpcklwd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF61, dst, src1, src2)
    }
    /// `vpunpckldq dst, src1, src2`: interleave the low i32 lanes.
    @inlinable @inline(__always) public mutating func vpunpckldq(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF62, dst, src1, src2)
    }
    /// `vpunpckldq dst, src1, [mem]`: interleave the low i32 lanes.
    @inlinable @inline(__always) public mutating func vpunpckldq(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF62, dst, src1, src2)
    }
    /// `vpunpcklqdq dst, src1, src2`: interleave the low i64 lanes.
    @inlinable @inline(__always) public mutating func vpunpcklqdq(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF6C, dst, src1, src2)
    }
    /// `vpunpcklqdq dst, src1, [mem]`: interleave the low i64 lanes.
    @inlinable @inline(__always) public mutating func vpunpcklqdq(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF6C, dst, src1, src2)
    }
    /// `vpunpckhbw dst, src1, src2`: interleave the high i8 lanes.
    @inlinable @inline(__always) public mutating func vpunpckhbw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF68, dst, src1, src2)
    }
    /// `vpunpckhbw dst, src1, [mem]`: interleave the high i8 lanes.
    @inlinable @inline(__always) public mutating func vpunpckhbw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF68, dst, src1, src2)
    }
    /// `vpunpckhwd dst, src1, src2`: interleave the high i16 lanes.
    @inlinable @inline(__always) public mutating func vpunpckhwd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF69, dst, src1, src2)
    }
    /// `vpunpckhwd dst, src1, [mem]`: interleave the high i16 lanes.
    @inlinable @inline(__always) public mutating func vpunpckhwd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF69, dst, src1, src2)
    }
    /// `vpunpckhdq dst, src1, src2`: interleave the high i32 lanes.
    @inlinable @inline(__always) public mutating func vpunpckhdq(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF6A, dst, src1, src2)
    }
    /// `vpunpckhdq dst, src1, [mem]`: interleave the high i32 lanes.
    @inlinable @inline(__always) public mutating func vpunpckhdq(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF6A, dst, src1, src2)
    }
    /// `vpunpckhqdq dst, src1, src2`: interleave the high i64 lanes.
    @inlinable @inline(__always) public mutating func vpunpckhqdq(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF6D, dst, src1, src2)
    }
    /// `vpunpckhqdq dst, src1, [mem]`: interleave the high i64 lanes.
    @inlinable @inline(__always) public mutating func vpunpckhqdq(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF6D, dst, src1, src2)
    }
    /// `vpshufb dst, src1, src2`: shuffle the bytes of src1 by the indices in src2 (bit 7 set: zero).
    @inlinable @inline(__always) public mutating func vpshufb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF3800, dst, src1, src2)
    }
    /// `vpshufb dst, src1, [mem]`: shuffle the bytes of src1 by the indices in src2 (bit 7 set: zero).
    @inlinable @inline(__always) public mutating func vpshufb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF3800, dst, src1, src2)
    }
    /// `vpmaddubsw dst, src1, src2`: multiply u8 lanes of src1 by i8 lanes of src2, add adjacent pairs with signed saturation.
    @inlinable @inline(__always) public mutating func vpmaddubsw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF3804, dst, src1, src2)
    }
    /// `vpmaddubsw dst, src1, [mem]`: multiply u8 lanes of src1 by i8 lanes of src2, add adjacent pairs with signed saturation.
    @inlinable @inline(__always) public mutating func vpmaddubsw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF3804, dst, src1, src2)
    }
    /// `vpmulhrsw dst, src1, src2`: rounded, scaled high half of i16 products.
    @inlinable @inline(__always) public mutating func vpmulhrsw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF380B, dst, src1, src2)
    }
    /// `vpmulhrsw dst, src1, [mem]`: rounded, scaled high half of i16 products.
    @inlinable @inline(__always) public mutating func vpmulhrsw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF380B, dst, src1, src2)
    }
    /// `vpsignb dst, src1, src2`: negate, zero or keep i8 lanes of src1 by the sign of src2.
    @inlinable @inline(__always) public mutating func vpsignb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF3808, dst, src1, src2)
    }
    /// `vpsignb dst, src1, [mem]`: negate, zero or keep i8 lanes of src1 by the sign of src2.
    @inlinable @inline(__always) public mutating func vpsignb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF3808, dst, src1, src2)
    }
    /// `vpsignw dst, src1, src2`: negate, zero or keep i16 lanes by the sign of src2.
    @inlinable @inline(__always) public mutating func vpsignw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF3809, dst, src1, src2)
    }
    /// `vpsignw dst, src1, [mem]`: negate, zero or keep i16 lanes by the sign of src2.
    @inlinable @inline(__always) public mutating func vpsignw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF3809, dst, src1, src2)
    }
    /// `vpsignd dst, src1, src2`: negate, zero or keep i32 lanes by the sign of src2.
    @inlinable @inline(__always) public mutating func vpsignd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF380A, dst, src1, src2)
    }
    /// `vpsignd dst, src1, [mem]`: negate, zero or keep i32 lanes by the sign of src2.
    @inlinable @inline(__always) public mutating func vpsignd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF380A, dst, src1, src2)
    }
    /// `vpmuldq dst, src1, src2`: multiply the even i32 lanes into i64 lanes.
    @inlinable @inline(__always) public mutating func vpmuldq(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF3828, dst, src1, src2)
    }
    /// `vpmuldq dst, src1, [mem]`: multiply the even i32 lanes into i64 lanes.
    @inlinable @inline(__always) public mutating func vpmuldq(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF3828, dst, src1, src2)
    }
    /// `vpcmpeqq dst, src1, src2`: compare i64 lanes for equality.
    @inlinable @inline(__always) public mutating func vpcmpeqq(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF3829, dst, src1, src2)
    }
    /// `vpcmpeqq dst, src1, [mem]`: compare i64 lanes for equality.
    @inlinable @inline(__always) public mutating func vpcmpeqq(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF3829, dst, src1, src2)
    }
    /// `vpcmpgtq dst, src1, src2`: compare i64 lanes signed greater-than.
    @inlinable @inline(__always) public mutating func vpcmpgtq(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF3837, dst, src1, src2)
    }
    /// `vpcmpgtq dst, src1, [mem]`: compare i64 lanes signed greater-than.
    @inlinable @inline(__always) public mutating func vpcmpgtq(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF3837, dst, src1, src2)
    }
    /// `vpminsb dst, src1, src2`: minimum of i8 lanes.
    @inlinable @inline(__always) public mutating func vpminsb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF3838, dst, src1, src2)
    }
    /// `vpminsb dst, src1, [mem]`: minimum of i8 lanes.
    @inlinable @inline(__always) public mutating func vpminsb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF3838, dst, src1, src2)
    }
    /// `vpminsd dst, src1, src2`: minimum of i32 lanes.
    @inlinable @inline(__always) public mutating func vpminsd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF3839, dst, src1, src2)
    }
    /// `vpminsd dst, src1, [mem]`: minimum of i32 lanes.
    @inlinable @inline(__always) public mutating func vpminsd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF3839, dst, src1, src2)
    }
    /// `vpminuw dst, src1, src2`: minimum of u16 lanes.
    @inlinable @inline(__always) public mutating func vpminuw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF383A, dst, src1, src2)
    }
    /// `vpminuw dst, src1, [mem]`: minimum of u16 lanes.
    @inlinable @inline(__always) public mutating func vpminuw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF383A, dst, src1, src2)
    }
    /// `vpminud dst, src1, src2`: minimum of u32 lanes.
    @inlinable @inline(__always) public mutating func vpminud(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF383B, dst, src1, src2)
    }
    /// `vpminud dst, src1, [mem]`: minimum of u32 lanes.
    @inlinable @inline(__always) public mutating func vpminud(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF383B, dst, src1, src2)
    }
    /// `vpmaxsb dst, src1, src2`: maximum of i8 lanes.
    @inlinable @inline(__always) public mutating func vpmaxsb(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF383C, dst, src1, src2)
    }
    /// `vpmaxsb dst, src1, [mem]`: maximum of i8 lanes.
    @inlinable @inline(__always) public mutating func vpmaxsb(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF383C, dst, src1, src2)
    }
    /// `vpmaxsd dst, src1, src2`: maximum of i32 lanes.
    @inlinable @inline(__always) public mutating func vpmaxsd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF383D, dst, src1, src2)
    }
    /// `vpmaxsd dst, src1, [mem]`: maximum of i32 lanes.
    @inlinable @inline(__always) public mutating func vpmaxsd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF383D, dst, src1, src2)
    }
    /// `vpmaxuw dst, src1, src2`: maximum of u16 lanes.
    @inlinable @inline(__always) public mutating func vpmaxuw(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF383E, dst, src1, src2)
    }
    /// `vpmaxuw dst, src1, [mem]`: maximum of u16 lanes.
    @inlinable @inline(__always) public mutating func vpmaxuw(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF383E, dst, src1, src2)
    }
    /// `vpmaxud dst, src1, src2`: maximum of u32 lanes.
    @inlinable @inline(__always) public mutating func vpmaxud(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF383F, dst, src1, src2)
    }
    /// `vpmaxud dst, src1, [mem]`: maximum of u32 lanes.
    @inlinable @inline(__always) public mutating func vpmaxud(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF383F, dst, src1, src2)
    }
    /// `vpmulld dst, src1, src2`: multiply i32 lanes, low halves.
    @inlinable @inline(__always) public mutating func vpmulld(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF3840, dst, src1, src2)
    }
    /// `vpmulld dst, src1, [mem]`: multiply i32 lanes, low halves.
    @inlinable @inline(__always) public mutating func vpmulld(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF3840, dst, src1, src2)
    }
    /// `vaddps dst, src1, src2`: add f32 lanes.
    @inlinable @inline(__always) public mutating func vaddps(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0, 0xF58, dst, src1, src2)
    }
    /// `vaddps dst, src1, [mem]`: add f32 lanes.
    @inlinable @inline(__always) public mutating func vaddps(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0, 0xF58, dst, src1, src2)
    }
    /// `vaddpd dst, src1, src2`: add f64 lanes.
    @inlinable @inline(__always) public mutating func vaddpd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF58, dst, src1, src2)
    }
    /// `vaddpd dst, src1, [mem]`: add f64 lanes.
    @inlinable @inline(__always) public mutating func vaddpd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF58, dst, src1, src2)
    }
    /// `vsubps dst, src1, src2`: subtract f32 lanes.
    @inlinable @inline(__always) public mutating func vsubps(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0, 0xF5C, dst, src1, src2)
    }
    /// `vsubps dst, src1, [mem]`: subtract f32 lanes.
    @inlinable @inline(__always) public mutating func vsubps(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0, 0xF5C, dst, src1, src2)
    }
    /// `vsubpd dst, src1, src2`: subtract f64 lanes.
    @inlinable @inline(__always) public mutating func vsubpd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF5C, dst, src1, src2)
    }
    /// `vsubpd dst, src1, [mem]`: subtract f64 lanes.
    @inlinable @inline(__always) public mutating func vsubpd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF5C, dst, src1, src2)
    }
    /// `vmulps dst, src1, src2`: multiply f32 lanes.
    @inlinable @inline(__always) public mutating func vmulps(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0, 0xF59, dst, src1, src2)
    }
    /// `vmulps dst, src1, [mem]`: multiply f32 lanes.
    @inlinable @inline(__always) public mutating func vmulps(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0, 0xF59, dst, src1, src2)
    }
    /// `vmulpd dst, src1, src2`: multiply f64 lanes.
    @inlinable @inline(__always) public mutating func vmulpd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF59, dst, src1, src2)
    }
    /// `vmulpd dst, src1, [mem]`: multiply f64 lanes.
    @inlinable @inline(__always) public mutating func vmulpd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF59, dst, src1, src2)
    }
    /// `vdivps dst, src1, src2`: divide f32 lanes.
    @inlinable @inline(__always) public mutating func vdivps(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0, 0xF5E, dst, src1, src2)
    }
    /// `vdivps dst, src1, [mem]`: divide f32 lanes.
    @inlinable @inline(__always) public mutating func vdivps(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0, 0xF5E, dst, src1, src2)
    }
    /// `vdivpd dst, src1, src2`: divide f64 lanes.
    @inlinable @inline(__always) public mutating func vdivpd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF5E, dst, src1, src2)
    }
    /// `vdivpd dst, src1, [mem]`: divide f64 lanes.
    @inlinable @inline(__always) public mutating func vdivpd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF5E, dst, src1, src2)
    }
    /// `vminps dst, src1, src2`: minimum of f32 lanes (src2 on NaN or equal lanes).
    @inlinable @inline(__always) public mutating func vminps(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0, 0xF5D, dst, src1, src2)
    }
    /// `vminps dst, src1, [mem]`: minimum of f32 lanes (src2 on NaN or equal lanes).
    @inlinable @inline(__always) public mutating func vminps(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0, 0xF5D, dst, src1, src2)
    }
    /// `vminpd dst, src1, src2`: minimum of f64 lanes (src2 on NaN or equal lanes).
    @inlinable @inline(__always) public mutating func vminpd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF5D, dst, src1, src2)
    }
    /// `vminpd dst, src1, [mem]`: minimum of f64 lanes (src2 on NaN or equal lanes).
    @inlinable @inline(__always) public mutating func vminpd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF5D, dst, src1, src2)
    }
    /// `vmaxps dst, src1, src2`: maximum of f32 lanes (src2 on NaN or equal lanes).
    @inlinable @inline(__always) public mutating func vmaxps(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0, 0xF5F, dst, src1, src2)
    }
    /// `vmaxps dst, src1, [mem]`: maximum of f32 lanes (src2 on NaN or equal lanes).
    @inlinable @inline(__always) public mutating func vmaxps(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0, 0xF5F, dst, src1, src2)
    }
    /// `vmaxpd dst, src1, src2`: maximum of f64 lanes (src2 on NaN or equal lanes).
    @inlinable @inline(__always) public mutating func vmaxpd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF5F, dst, src1, src2)
    }
    /// `vmaxpd dst, src1, [mem]`: maximum of f64 lanes (src2 on NaN or equal lanes).
    @inlinable @inline(__always) public mutating func vmaxpd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF5F, dst, src1, src2)
    }
    /// `vandps dst, src1, src2`: bitwise and.
    @inlinable @inline(__always) public mutating func vandps(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0, 0xF54, dst, src1, src2)
    }
    /// `vandps dst, src1, [mem]`: bitwise and.
    @inlinable @inline(__always) public mutating func vandps(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0, 0xF54, dst, src1, src2)
    }
    /// `vandpd dst, src1, src2`: bitwise and.
    @inlinable @inline(__always) public mutating func vandpd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF54, dst, src1, src2)
    }
    /// `vandpd dst, src1, [mem]`: bitwise and.
    @inlinable @inline(__always) public mutating func vandpd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF54, dst, src1, src2)
    }
    /// `vandnps dst, src1, src2`: bitwise and of the complement of src1 with src2.
    @inlinable @inline(__always) public mutating func vandnps(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0, 0xF55, dst, src1, src2)
    }
    /// `vandnps dst, src1, [mem]`: bitwise and of the complement of src1 with src2.
    @inlinable @inline(__always) public mutating func vandnps(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0, 0xF55, dst, src1, src2)
    }
    /// `vandnpd dst, src1, src2`: bitwise and of the complement of src1 with src2.
    @inlinable @inline(__always) public mutating func vandnpd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF55, dst, src1, src2)
    }
    /// `vandnpd dst, src1, [mem]`: bitwise and of the complement of src1 with src2.
    @inlinable @inline(__always) public mutating func vandnpd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF55, dst, src1, src2)
    }
    /// `vorps dst, src1, src2`: bitwise or.
    @inlinable @inline(__always) public mutating func vorps(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0, 0xF56, dst, src1, src2)
    }
    /// `vorps dst, src1, [mem]`: bitwise or.
    @inlinable @inline(__always) public mutating func vorps(_ dst: XMM, _ src1: XMM, _ src2: Mem) throws(AssemblerError)
    {
        try vex(0, 0xF56, dst, src1, src2)
    }
    /// `vorpd dst, src1, src2`: bitwise or.
    @inlinable @inline(__always) public mutating func vorpd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF56, dst, src1, src2)
    }
    /// `vorpd dst, src1, [mem]`: bitwise or.
    @inlinable @inline(__always) public mutating func vorpd(_ dst: XMM, _ src1: XMM, _ src2: Mem) throws(AssemblerError)
    {
        try vex(0x66, 0xF56, dst, src1, src2)
    }
    /// `vxorps dst, src1, src2`: bitwise xor.
    @inlinable @inline(__always) public mutating func vxorps(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0, 0xF57, dst, src1, src2)
    }
    /// `vxorps dst, src1, [mem]`: bitwise xor.
    @inlinable @inline(__always) public mutating func vxorps(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0, 0xF57, dst, src1, src2)
    }
    /// `vxorpd dst, src1, src2`: bitwise xor.
    @inlinable @inline(__always) public mutating func vxorpd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF57, dst, src1, src2)
    }
    /// `vxorpd dst, src1, [mem]`: bitwise xor.
    @inlinable @inline(__always) public mutating func vxorpd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF57, dst, src1, src2)
    }
    /// `vunpcklps dst, src1, src2`: interleave the low f32 lanes.
    @inlinable @inline(__always) public mutating func vunpcklps(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0, 0xF14, dst, src1, src2)
    }
    /// `vunpcklps dst, src1, [mem]`: interleave the low f32 lanes.
    @inlinable @inline(__always) public mutating func vunpcklps(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0, 0xF14, dst, src1, src2)
    }
    /// `vunpcklpd dst, src1, src2`: interleave the low f64 lanes.
    @inlinable @inline(__always) public mutating func vunpcklpd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF14, dst, src1, src2)
    }
    /// `vunpcklpd dst, src1, [mem]`: interleave the low f64 lanes.
    @inlinable @inline(__always) public mutating func vunpcklpd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF14, dst, src1, src2)
    }
    /// `vunpckhps dst, src1, src2`: interleave the high f32 lanes.
    @inlinable @inline(__always) public mutating func vunpckhps(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0, 0xF15, dst, src1, src2)
    }
    /// `vunpckhps dst, src1, [mem]`: interleave the high f32 lanes.
    @inlinable @inline(__always) public mutating func vunpckhps(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0, 0xF15, dst, src1, src2)
    }
    /// `vunpckhpd dst, src1, src2`: interleave the high f64 lanes.
    @inlinable @inline(__always) public mutating func vunpckhpd(_ dst: XMM, _ src1: XMM, _ src2: XMM) {
        vex(0x66, 0xF15, dst, src1, src2)
    }
    /// `vunpckhpd dst, src1, [mem]`: interleave the high f64 lanes.
    @inlinable @inline(__always) public mutating func vunpckhpd(_ dst: XMM, _ src1: XMM, _ src2: Mem)
        throws(AssemblerError)
    {
        try vex(0x66, 0xF15, dst, src1, src2)
    }

    // MARK: Three-operand forms with an immediate
    /// `vshufps dst, src1, src2, imm`: shuffle f32 lanes: the low two from src1, the high two from src2, by imm.
    @inlinable @inline(__always) public mutating func vshufps(_ dst: XMM, _ src1: XMM, _ src2: XMM, _ imm: UInt8) {
        vex(0, 0xFC6, dst, src1, src2, imm: imm)
    }
    /// `vshufps dst, src1, [mem], imm`: shuffle f32 lanes: the low two from src1, the high two from src2, by imm.
    @inlinable @inline(__always) public mutating func vshufps(_ dst: XMM, _ src1: XMM, _ src2: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try vex(0, 0xFC6, dst, src1, src2, imm: imm) }
    /// `vshufpd dst, src1, src2, imm`: shuffle f64 lanes: the low from src1, the high from src2, by imm.
    @inlinable @inline(__always) public mutating func vshufpd(_ dst: XMM, _ src1: XMM, _ src2: XMM, _ imm: UInt8) {
        vex(0x66, 0xFC6, dst, src1, src2, imm: imm)
    }
    /// `vshufpd dst, src1, [mem], imm`: shuffle f64 lanes: the low from src1, the high from src2, by imm.
    @inlinable @inline(__always) public mutating func vshufpd(_ dst: XMM, _ src1: XMM, _ src2: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try vex(0x66, 0xFC6, dst, src1, src2, imm: imm) }
    /// `vpalignr dst, src1, src2, imm`: concatenate src1:src2 and extract 16 bytes at byte offset imm.
    @inlinable @inline(__always) public mutating func vpalignr(_ dst: XMM, _ src1: XMM, _ src2: XMM, _ imm: UInt8) {
        vex(0x66, 0xF3A0F, dst, src1, src2, imm: imm)
    }
    /// `vpalignr dst, src1, [mem], imm`: concatenate src1:src2 and extract 16 bytes at byte offset imm.
    @inlinable @inline(__always) public mutating func vpalignr(_ dst: XMM, _ src1: XMM, _ src2: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try vex(0x66, 0xF3A0F, dst, src1, src2, imm: imm) }
    /// `vblendps dst, src1, src2, imm`: blend f32 lanes by imm mask (bit set: src2).
    @inlinable @inline(__always) public mutating func vblendps(_ dst: XMM, _ src1: XMM, _ src2: XMM, _ imm: UInt8) {
        vex(0x66, 0xF3A0C, dst, src1, src2, imm: imm)
    }
    /// `vblendps dst, src1, [mem], imm`: blend f32 lanes by imm mask (bit set: src2).
    @inlinable @inline(__always) public mutating func vblendps(_ dst: XMM, _ src1: XMM, _ src2: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try vex(0x66, 0xF3A0C, dst, src1, src2, imm: imm) }
    /// `vblendpd dst, src1, src2, imm`: blend f64 lanes by imm mask (bit set: src2).
    @inlinable @inline(__always) public mutating func vblendpd(_ dst: XMM, _ src1: XMM, _ src2: XMM, _ imm: UInt8) {
        vex(0x66, 0xF3A0D, dst, src1, src2, imm: imm)
    }
    /// `vblendpd dst, src1, [mem], imm`: blend f64 lanes by imm mask (bit set: src2).
    @inlinable @inline(__always) public mutating func vblendpd(_ dst: XMM, _ src1: XMM, _ src2: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try vex(0x66, 0xF3A0D, dst, src1, src2, imm: imm) }
    /// `vpblendw dst, src1, src2, imm`: blend i16 lanes by imm mask (bit set: src2).
    @inlinable @inline(__always) public mutating func vpblendw(_ dst: XMM, _ src1: XMM, _ src2: XMM, _ imm: UInt8) {
        vex(0x66, 0xF3A0E, dst, src1, src2, imm: imm)
    }
    /// `vpblendw dst, src1, [mem], imm`: blend i16 lanes by imm mask (bit set: src2).
    @inlinable @inline(__always) public mutating func vpblendw(_ dst: XMM, _ src1: XMM, _ src2: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try vex(0x66, 0xF3A0E, dst, src1, src2, imm: imm) }
    /// `vinsertps dst, src1, src2, imm`: insert an f32 lane of src2 into src1: imm = src lane << 6 | dst lane << 4 | zero mask.
    @inlinable @inline(__always) public mutating func vinsertps(_ dst: XMM, _ src1: XMM, _ src2: XMM, _ imm: UInt8) {
        vex(0x66, 0xF3A21, dst, src1, src2, imm: imm)
    }
    /// `vinsertps dst, src1, [mem], imm`: insert an f32 lane of src2 into src1: imm = src lane << 6 | dst lane << 4 | zero mask.
    @inlinable @inline(__always) public mutating func vinsertps(_ dst: XMM, _ src1: XMM, _ src2: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try vex(0x66, 0xF3A21, dst, src1, src2, imm: imm) }
    /// `vcmpps dst, src1, src2, predicate`: compare f32 lanes, writing all-ones/zero masks.
    @inlinable @inline(__always) public mutating func vcmpps(_ dst: XMM, _ src1: XMM, _ src2: XMM, _ imm: FloatCompare)
    {
        vex(0, 0x0FC2, dst, src1, src2, imm: imm.rawValue)
    }
    /// `vcmpps dst, src1, [mem], predicate`: compare f32 lanes, writing all-ones/zero masks.
    @inlinable @inline(__always) public mutating func vcmpps(_ dst: XMM, _ src1: XMM, _ src2: Mem, _ imm: FloatCompare)
        throws(AssemblerError)
    { try vex(0, 0x0FC2, dst, src1, src2, imm: imm.rawValue) }
    /// `vcmppd dst, src1, src2, predicate`: compare f64 lanes, writing all-ones/zero masks.
    @inlinable @inline(__always) public mutating func vcmppd(_ dst: XMM, _ src1: XMM, _ src2: XMM, _ imm: FloatCompare)
    {
        vex(0x66, 0x0FC2, dst, src1, src2, imm: imm.rawValue)
    }
    /// `vcmppd dst, src1, [mem], predicate`: compare f64 lanes, writing all-ones/zero masks.
    @inlinable @inline(__always) public mutating func vcmppd(_ dst: XMM, _ src1: XMM, _ src2: Mem, _ imm: FloatCompare)
        throws(AssemblerError)
    { try vex(0x66, 0x0FC2, dst, src1, src2, imm: imm.rawValue) }

    // MARK: Shifts by an immediate (VEX.vvvv is the destination, ModRM.rm the source)
    /// `vpsllw dst, src, imm`: shift i16 lanes left by imm.
    @inlinable @inline(__always) public mutating func vpsllw(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        vexRR(0x66, 0xF71, w: 0, reg: 6, vvvv: dst.number, rm: src.number, imm: UInt64(imm), immLen: 1)
    }
    /// `vpsrlw dst, src, imm`: logical right shift of i16 lanes by imm.
    @inlinable @inline(__always) public mutating func vpsrlw(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        vexRR(0x66, 0xF71, w: 0, reg: 2, vvvv: dst.number, rm: src.number, imm: UInt64(imm), immLen: 1)
    }
    /// `vpsraw dst, src, imm`: arithmetic right shift of i16 lanes by imm.
    @inlinable @inline(__always) public mutating func vpsraw(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        vexRR(0x66, 0xF71, w: 0, reg: 4, vvvv: dst.number, rm: src.number, imm: UInt64(imm), immLen: 1)
    }
    /// `vpslld dst, src, imm`: shift i32 lanes left by imm.
    @inlinable @inline(__always) public mutating func vpslld(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        vexRR(0x66, 0xF72, w: 0, reg: 6, vvvv: dst.number, rm: src.number, imm: UInt64(imm), immLen: 1)
    }
    /// `vpsrld dst, src, imm`: logical right shift of i32 lanes by imm.
    @inlinable @inline(__always) public mutating func vpsrld(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        vexRR(0x66, 0xF72, w: 0, reg: 2, vvvv: dst.number, rm: src.number, imm: UInt64(imm), immLen: 1)
    }
    /// `vpsrad dst, src, imm`: arithmetic right shift of i32 lanes by imm.
    @inlinable @inline(__always) public mutating func vpsrad(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        vexRR(0x66, 0xF72, w: 0, reg: 4, vvvv: dst.number, rm: src.number, imm: UInt64(imm), immLen: 1)
    }
    /// `vpsllq dst, src, imm`: shift i64 lanes left by imm.
    @inlinable @inline(__always) public mutating func vpsllq(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        vexRR(0x66, 0xF73, w: 0, reg: 6, vvvv: dst.number, rm: src.number, imm: UInt64(imm), immLen: 1)
    }
    /// `vpsrlq dst, src, imm`: logical right shift of i64 lanes by imm.
    @inlinable @inline(__always) public mutating func vpsrlq(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        vexRR(0x66, 0xF73, w: 0, reg: 2, vvvv: dst.number, rm: src.number, imm: UInt64(imm), immLen: 1)
    }
    /// `vpslldq dst, src, imm`: shift the whole register left by imm bytes.
    @inlinable @inline(__always) public mutating func vpslldq(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        vexRR(0x66, 0xF73, w: 0, reg: 7, vvvv: dst.number, rm: src.number, imm: UInt64(imm), immLen: 1)
    }
    /// `vpsrldq dst, src, imm`: shift the whole register right by imm bytes.
    @inlinable @inline(__always) public mutating func vpsrldq(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        vexRR(0x66, 0xF73, w: 0, reg: 3, vvvv: dst.number, rm: src.number, imm: UInt64(imm), immLen: 1)
    }

    // MARK: Variable blends with an explicit mask (the mask register in imm8[7:4], "is4")
    /// `vpblendvb dst, src1, src2, mask`: select bytes: the mask byte's top bit set picks src2, else src1.
    @inlinable @inline(__always) public mutating func vpblendvb(_ dst: XMM, _ src1: XMM, _ src2: XMM, _ mask: XMM) {
        vex(0x66, 0xF3A4C, dst, src1, src2, imm: mask.number &<< 4)
    }
    /// `vpblendvb dst, src1, [mem], mask`: select bytes: the mask byte's top bit set picks src2, else src1.
    @inlinable @inline(__always) public mutating func vpblendvb(_ dst: XMM, _ src1: XMM, _ src2: Mem, _ mask: XMM)
        throws(AssemblerError)
    { try vex(0x66, 0xF3A4C, dst, src1, src2, imm: mask.number &<< 4) }
    /// `vblendvps dst, src1, src2, mask`: select f32 lanes by the sign bits of mask.
    @inlinable @inline(__always) public mutating func vblendvps(_ dst: XMM, _ src1: XMM, _ src2: XMM, _ mask: XMM) {
        vex(0x66, 0xF3A4A, dst, src1, src2, imm: mask.number &<< 4)
    }
    /// `vblendvps dst, src1, [mem], mask`: select f32 lanes by the sign bits of mask.
    @inlinable @inline(__always) public mutating func vblendvps(_ dst: XMM, _ src1: XMM, _ src2: Mem, _ mask: XMM)
        throws(AssemblerError)
    { try vex(0x66, 0xF3A4A, dst, src1, src2, imm: mask.number &<< 4) }
    /// `vblendvpd dst, src1, src2, mask`: select f64 lanes by the sign bits of mask.
    @inlinable @inline(__always) public mutating func vblendvpd(_ dst: XMM, _ src1: XMM, _ src2: XMM, _ mask: XMM) {
        vex(0x66, 0xF3A4B, dst, src1, src2, imm: mask.number &<< 4)
    }
    /// `vblendvpd dst, src1, [mem], mask`: select f64 lanes by the sign bits of mask.
    @inlinable @inline(__always) public mutating func vblendvpd(_ dst: XMM, _ src1: XMM, _ src2: Mem, _ mask: XMM)
        throws(AssemblerError)
    { try vex(0x66, 0xF3A4B, dst, src1, src2, imm: mask.number &<< 4) }
}

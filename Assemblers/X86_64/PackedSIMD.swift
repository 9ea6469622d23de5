import AssemblerCore

// Packed SSE2/SSSE3/SSE4.1/SSE4.2 integer and floating-point instructions for 128-bit SIMD lowering.
// Encoding: [66/F2/F3][REX][0F | 0F 38 | 0F 3A opcode][ModRM][imm8]; `dst` is ModRM.reg, `src` ModRM.rm,
// except where noted (pextr*/extractps put the XMM source in ModRM.reg and the GPR/memory in ModRM.rm).
// Memory operands of 128-bit forms must be 16-byte aligned unless the instruction says otherwise.

extension X86Assembler {
    /// `op xmm, imm8` with a `/digit` (66 0F 71/72/73).
    @inlinable @inline(__always)
    mutating func sseShiftImm(_ op: UInt32, _ digit: UInt8, _ d: XMM, _ imm: UInt8) {
        xRR(0x66, 0, op, reg: digit, rm: d.number, imm: UInt64(imm), immLen: 1)
    }

    // MARK: Lane insert / extract

    /// `pinsrb xmm, r32, lane` (SSE4.1): insert the low byte of `src` at byte lane `lane` (0...15).
    @inlinable @inline(__always) public mutating func pinsrb(_ dst: XMM, _ src: GPR, _ lane: UInt8)
        throws(AssemblerError)
    {
        try sseGPR(0x66, 0x0F3A20, wide: false, x: dst, g: src, xIsReg: true, imm: UInt64(lane), immLen: 1)
    }
    /// `pinsrb xmm, [mem8], lane`.
    @inlinable @inline(__always) public mutating func pinsrb(_ dst: XMM, _ src: Mem, _ lane: UInt8)
        throws(AssemblerError)
    {
        try sse(0x66, 0x0F3A20, dst, src, imm: lane)
    }
    /// `pinsrw xmm, r32, lane` (SSE2): insert the low 16 bits of `src` at word lane `lane` (0...7).
    @inlinable @inline(__always) public mutating func pinsrw(_ dst: XMM, _ src: GPR, _ lane: UInt8)
        throws(AssemblerError)
    {
        try sseGPR(0x66, 0x0FC4, wide: false, x: dst, g: src, xIsReg: true, imm: UInt64(lane), immLen: 1)
    }
    /// `pinsrw xmm, [mem16], lane`.
    @inlinable @inline(__always) public mutating func pinsrw(_ dst: XMM, _ src: Mem, _ lane: UInt8)
        throws(AssemblerError)
    {
        try sse(0x66, 0x0FC4, dst, src, imm: lane)
    }
    /// `pinsrd xmm, r32, lane` (SSE4.1).
    @inlinable @inline(__always) public mutating func pinsrd(_ dst: XMM, _ src: GPR, _ lane: UInt8)
        throws(AssemblerError)
    {
        try sseGPR(0x66, 0x0F3A22, wide: false, x: dst, g: src, xIsReg: true, imm: UInt64(lane), immLen: 1)
    }
    /// `pinsrd xmm, [mem32], lane`.
    @inlinable @inline(__always) public mutating func pinsrd(_ dst: XMM, _ src: Mem, _ lane: UInt8)
        throws(AssemblerError)
    {
        try sse(0x66, 0x0F3A22, dst, src, imm: lane)
    }
    /// `pinsrq xmm, r64, lane` (SSE4.1, REX.W).
    @inlinable @inline(__always) public mutating func pinsrq(_ dst: XMM, _ src: GPR, _ lane: UInt8)
        throws(AssemblerError)
    {
        try sseGPR(0x66, 0x0F3A22, wide: true, x: dst, g: src, xIsReg: true, imm: UInt64(lane), immLen: 1)
    }
    /// `pinsrq xmm, [mem64], lane`.
    @inlinable @inline(__always) public mutating func pinsrq(_ dst: XMM, _ src: Mem, _ lane: UInt8)
        throws(AssemblerError)
    {
        try encRM(0x66, 0x08, 0x0F3A22, reg: dst.number, mem: src, imm: UInt64(lane), immLen: 1)
    }

    /// `pextrb r32, xmm, lane` (SSE4.1): zero-extended byte lane.
    @inlinable @inline(__always) public mutating func pextrb(_ dst: GPR, _ src: XMM, _ lane: UInt8)
        throws(AssemblerError)
    {
        try sseGPR(0x66, 0x0F3A14, wide: false, x: src, g: dst, xIsReg: true, imm: UInt64(lane), immLen: 1)
    }
    /// `pextrb [mem8], xmm, lane`.
    @inlinable @inline(__always) public mutating func pextrb(_ dst: Mem, _ src: XMM, _ lane: UInt8)
        throws(AssemblerError)
    {
        try encRM(0x66, 0, 0x0F3A14, reg: src.number, mem: dst, imm: UInt64(lane), immLen: 1)
    }
    /// `pextrw r32, xmm, lane` (SSE2 form 66 0F C5): zero-extended word lane.
    @inlinable @inline(__always) public mutating func pextrw(_ dst: GPR, _ src: XMM, _ lane: UInt8)
        throws(AssemblerError)
    {
        try sseGPR(0x66, 0x0FC5, wide: false, x: src, g: dst, xIsReg: false, imm: UInt64(lane), immLen: 1)
    }
    /// `pextrw [mem16], xmm, lane` (SSE4.1 form 66 0F 3A 15).
    @inlinable @inline(__always) public mutating func pextrw(_ dst: Mem, _ src: XMM, _ lane: UInt8)
        throws(AssemblerError)
    {
        try encRM(0x66, 0, 0x0F3A15, reg: src.number, mem: dst, imm: UInt64(lane), immLen: 1)
    }
    /// `pextrd r32, xmm, lane` (SSE4.1).
    @inlinable @inline(__always) public mutating func pextrd(_ dst: GPR, _ src: XMM, _ lane: UInt8)
        throws(AssemblerError)
    {
        try sseGPR(0x66, 0x0F3A16, wide: false, x: src, g: dst, xIsReg: true, imm: UInt64(lane), immLen: 1)
    }
    /// `pextrd [mem32], xmm, lane`.
    @inlinable @inline(__always) public mutating func pextrd(_ dst: Mem, _ src: XMM, _ lane: UInt8)
        throws(AssemblerError)
    {
        try encRM(0x66, 0, 0x0F3A16, reg: src.number, mem: dst, imm: UInt64(lane), immLen: 1)
    }
    /// `pextrq r64, xmm, lane` (SSE4.1, REX.W).
    @inlinable @inline(__always) public mutating func pextrq(_ dst: GPR, _ src: XMM, _ lane: UInt8)
        throws(AssemblerError)
    {
        try sseGPR(0x66, 0x0F3A16, wide: true, x: src, g: dst, xIsReg: true, imm: UInt64(lane), immLen: 1)
    }
    /// `pextrq [mem64], xmm, lane`.
    @inlinable @inline(__always) public mutating func pextrq(_ dst: Mem, _ src: XMM, _ lane: UInt8)
        throws(AssemblerError)
    {
        try encRM(0x66, 0x08, 0x0F3A16, reg: src.number, mem: dst, imm: UInt64(lane), immLen: 1)
    }
    /// `extractps r32, xmm, lane` (SSE4.1): the bits of f32 lane `lane`.
    @inlinable @inline(__always) public mutating func extractps(_ dst: GPR, _ src: XMM, _ lane: UInt8)
        throws(AssemblerError)
    {
        try sseGPR(0x66, 0x0F3A17, wide: false, x: src, g: dst, xIsReg: true, imm: UInt64(lane), immLen: 1)
    }
    /// `extractps [mem32], xmm, lane`.
    @inlinable @inline(__always) public mutating func extractps(_ dst: Mem, _ src: XMM, _ lane: UInt8)
        throws(AssemblerError)
    {
        try encRM(0x66, 0, 0x0F3A17, reg: src.number, mem: dst, imm: UInt64(lane), immLen: 1)
    }

    // MARK: Sign masks

    /// `movmskps r32, xmm`: the four f32 sign bits.
    @inlinable @inline(__always) public mutating func movmskps(_ dst: GPR, _ src: XMM) throws(AssemblerError) {
        try sseGPR(0, 0x0F50, wide: false, x: src, g: dst, xIsReg: false)
    }
    /// `movmskpd r32, xmm`: the two f64 sign bits.
    @inlinable @inline(__always) public mutating func movmskpd(_ dst: GPR, _ src: XMM) throws(AssemblerError) {
        try sseGPR(0x66, 0x0F50, wide: false, x: src, g: dst, xIsReg: false)
    }
    /// `pmovmskb r32, xmm`: the sixteen byte sign bits.
    @inlinable @inline(__always) public mutating func pmovmskb(_ dst: GPR, _ src: XMM) throws(AssemblerError) {
        try sseGPR(0x66, 0x0FD7, wide: false, x: src, g: dst, xIsReg: false)
    }

    // MARK: Half moves

    /// `movlhps dst, src`: dst.high64 = src.low64 (register form only).
    @inlinable @inline(__always) public mutating func movlhps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F16, dst, src) }
    /// `movhlps dst, src`: dst.low64 = src.high64 (register form only).
    @inlinable @inline(__always) public mutating func movhlps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F12, dst, src) }
    /// `movlps xmm, [mem64]`: load the low 64 bits, keep the high.
    @inlinable @inline(__always) public mutating func movlps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F12, dst, src)
    }
    /// `movlps [mem64], xmm`: store the low 64 bits.
    @inlinable @inline(__always) public mutating func movlps(_ dst: Mem, _ src: XMM) throws(AssemblerError) {
        try sse(0, 0x0F13, src, dst)
    }
    /// `movhps xmm, [mem64]`: load the high 64 bits, keep the low.
    @inlinable @inline(__always) public mutating func movhps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F16, dst, src)
    }
    /// `movhps [mem64], xmm`: store the high 64 bits.
    @inlinable @inline(__always) public mutating func movhps(_ dst: Mem, _ src: XMM) throws(AssemblerError) {
        try sse(0, 0x0F17, src, dst)
    }
    /// `movlpd xmm, [mem64]`: load the low f64 lane.
    @inlinable @inline(__always) public mutating func movlpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F12, dst, src)
    }
    /// `movlpd [mem64], xmm`: store the low f64 lane.
    @inlinable @inline(__always) public mutating func movlpd(_ dst: Mem, _ src: XMM) throws(AssemblerError) {
        try sse(0x66, 0x0F13, src, dst)
    }
    /// `movhpd xmm, [mem64]`: load the high f64 lane.
    @inlinable @inline(__always) public mutating func movhpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F16, dst, src)
    }
    /// `movhpd [mem64], xmm`: store the high f64 lane.
    @inlinable @inline(__always) public mutating func movhpd(_ dst: Mem, _ src: XMM) throws(AssemblerError) {
        try sse(0x66, 0x0F17, src, dst)
    }

    // MARK: Table-driven packed forms (xmm, xmm/m128)

    /// `paddb dst, src`: add i8 lanes.
    @inlinable @inline(__always) public mutating func paddb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FFC, dst, src) }
    /// `paddb dst, [mem]`: add i8 lanes.
    @inlinable @inline(__always) public mutating func paddb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FFC, dst, src)
    }
    /// `paddw dst, src`: add i16 lanes.
    @inlinable @inline(__always) public mutating func paddw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FFD, dst, src) }
    /// `paddw dst, [mem]`: add i16 lanes.
    @inlinable @inline(__always) public mutating func paddw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FFD, dst, src)
    }
    /// `paddd dst, src`: add i32 lanes.
    @inlinable @inline(__always) public mutating func paddd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FFE, dst, src) }
    /// `paddd dst, [mem]`: add i32 lanes.
    @inlinable @inline(__always) public mutating func paddd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FFE, dst, src)
    }
    /// `paddq dst, src`: add i64 lanes.
    @inlinable @inline(__always) public mutating func paddq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FD4, dst, src) }
    /// `paddq dst, [mem]`: add i64 lanes.
    @inlinable @inline(__always) public mutating func paddq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FD4, dst, src)
    }
    /// `psubb dst, src`: subtract i8 lanes.
    @inlinable @inline(__always) public mutating func psubb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FF8, dst, src) }
    /// `psubb dst, [mem]`: subtract i8 lanes.
    @inlinable @inline(__always) public mutating func psubb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FF8, dst, src)
    }
    /// `psubw dst, src`: subtract i16 lanes.
    @inlinable @inline(__always) public mutating func psubw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FF9, dst, src) }
    /// `psubw dst, [mem]`: subtract i16 lanes.
    @inlinable @inline(__always) public mutating func psubw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FF9, dst, src)
    }
    /// `psubd dst, src`: subtract i32 lanes.
    @inlinable @inline(__always) public mutating func psubd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FFA, dst, src) }
    /// `psubd dst, [mem]`: subtract i32 lanes.
    @inlinable @inline(__always) public mutating func psubd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FFA, dst, src)
    }
    /// `psubq dst, src`: subtract i64 lanes.
    @inlinable @inline(__always) public mutating func psubq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FFB, dst, src) }
    /// `psubq dst, [mem]`: subtract i64 lanes.
    @inlinable @inline(__always) public mutating func psubq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FFB, dst, src)
    }
    /// `paddsb dst, src`: add i8 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func paddsb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FEC, dst, src) }
    /// `paddsb dst, [mem]`: add i8 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func paddsb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FEC, dst, src)
    }
    /// `paddsw dst, src`: add i16 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func paddsw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FED, dst, src) }
    /// `paddsw dst, [mem]`: add i16 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func paddsw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FED, dst, src)
    }
    /// `paddusb dst, src`: add u8 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func paddusb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FDC, dst, src) }
    /// `paddusb dst, [mem]`: add u8 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func paddusb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FDC, dst, src)
    }
    /// `paddusw dst, src`: add u16 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func paddusw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FDD, dst, src) }
    /// `paddusw dst, [mem]`: add u16 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func paddusw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FDD, dst, src)
    }
    /// `psubsb dst, src`: subtract i8 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func psubsb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FE8, dst, src) }
    /// `psubsb dst, [mem]`: subtract i8 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func psubsb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FE8, dst, src)
    }
    /// `psubsw dst, src`: subtract i16 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func psubsw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FE9, dst, src) }
    /// `psubsw dst, [mem]`: subtract i16 lanes, signed saturation.
    @inlinable @inline(__always) public mutating func psubsw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FE9, dst, src)
    }
    /// `psubusb dst, src`: subtract u8 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func psubusb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FD8, dst, src) }
    /// `psubusb dst, [mem]`: subtract u8 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func psubusb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FD8, dst, src)
    }
    /// `psubusw dst, src`: subtract u16 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func psubusw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FD9, dst, src) }
    /// `psubusw dst, [mem]`: subtract u16 lanes, unsigned saturation.
    @inlinable @inline(__always) public mutating func psubusw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FD9, dst, src)
    }
    /// `pmullw dst, src`: multiply i16 lanes, low halves.
    @inlinable @inline(__always) public mutating func pmullw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FD5, dst, src) }
    /// `pmullw dst, [mem]`: multiply i16 lanes, low halves.
    @inlinable @inline(__always) public mutating func pmullw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FD5, dst, src)
    }
    /// `pmulhw dst, src`: multiply i16 lanes, signed high halves.
    @inlinable @inline(__always) public mutating func pmulhw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FE5, dst, src) }
    /// `pmulhw dst, [mem]`: multiply i16 lanes, signed high halves.
    @inlinable @inline(__always) public mutating func pmulhw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FE5, dst, src)
    }
    /// `pmulhuw dst, src`: multiply u16 lanes, high halves.
    @inlinable @inline(__always) public mutating func pmulhuw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FE4, dst, src) }
    /// `pmulhuw dst, [mem]`: multiply u16 lanes, high halves.
    @inlinable @inline(__always) public mutating func pmulhuw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FE4, dst, src)
    }
    /// `pmuludq dst, src`: multiply even u32 lanes to u64.
    @inlinable @inline(__always) public mutating func pmuludq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FF4, dst, src) }
    /// `pmuludq dst, [mem]`: multiply even u32 lanes to u64.
    @inlinable @inline(__always) public mutating func pmuludq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FF4, dst, src)
    }
    /// `pmaddwd dst, src`: multiply i16 lanes and add adjacent pairs to i32.
    @inlinable @inline(__always) public mutating func pmaddwd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FF5, dst, src) }
    /// `pmaddwd dst, [mem]`: multiply i16 lanes and add adjacent pairs to i32.
    @inlinable @inline(__always) public mutating func pmaddwd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FF5, dst, src)
    }
    /// `psadbw dst, src`: sum of absolute u8 differences.
    @inlinable @inline(__always) public mutating func psadbw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FF6, dst, src) }
    /// `psadbw dst, [mem]`: sum of absolute u8 differences.
    @inlinable @inline(__always) public mutating func psadbw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FF6, dst, src)
    }
    /// `pavgb dst, src`: rounded average of u8 lanes.
    @inlinable @inline(__always) public mutating func pavgb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FE0, dst, src) }
    /// `pavgb dst, [mem]`: rounded average of u8 lanes.
    @inlinable @inline(__always) public mutating func pavgb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FE0, dst, src)
    }
    /// `pavgw dst, src`: rounded average of u16 lanes.
    @inlinable @inline(__always) public mutating func pavgw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FE3, dst, src) }
    /// `pavgw dst, [mem]`: rounded average of u16 lanes.
    @inlinable @inline(__always) public mutating func pavgw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FE3, dst, src)
    }
    /// `pminsw dst, src`: minimum of i16 lanes.
    @inlinable @inline(__always) public mutating func pminsw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FEA, dst, src) }
    /// `pminsw dst, [mem]`: minimum of i16 lanes.
    @inlinable @inline(__always) public mutating func pminsw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FEA, dst, src)
    }
    /// `pminub dst, src`: minimum of u8 lanes.
    @inlinable @inline(__always) public mutating func pminub(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FDA, dst, src) }
    /// `pminub dst, [mem]`: minimum of u8 lanes.
    @inlinable @inline(__always) public mutating func pminub(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FDA, dst, src)
    }
    /// `pmaxsw dst, src`: maximum of i16 lanes.
    @inlinable @inline(__always) public mutating func pmaxsw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FEE, dst, src) }
    /// `pmaxsw dst, [mem]`: maximum of i16 lanes.
    @inlinable @inline(__always) public mutating func pmaxsw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FEE, dst, src)
    }
    /// `pmaxub dst, src`: maximum of u8 lanes.
    @inlinable @inline(__always) public mutating func pmaxub(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FDE, dst, src) }
    /// `pmaxub dst, [mem]`: maximum of u8 lanes.
    @inlinable @inline(__always) public mutating func pmaxub(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FDE, dst, src)
    }
    /// `pcmpeqb dst, src`: compare i8 lanes for equality (all-ones mask).
    @inlinable @inline(__always) public mutating func pcmpeqb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F74, dst, src) }
    /// `pcmpeqb dst, [mem]`: compare i8 lanes for equality (all-ones mask).
    @inlinable @inline(__always) public mutating func pcmpeqb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F74, dst, src)
    }
    /// `pcmpeqw dst, src`: compare i16 lanes for equality.
    @inlinable @inline(__always) public mutating func pcmpeqw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F75, dst, src) }
    /// `pcmpeqw dst, [mem]`: compare i16 lanes for equality.
    @inlinable @inline(__always) public mutating func pcmpeqw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F75, dst, src)
    }
    /// `pcmpeqd dst, src`: compare i32 lanes for equality.
    @inlinable @inline(__always) public mutating func pcmpeqd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F76, dst, src) }
    /// `pcmpeqd dst, [mem]`: compare i32 lanes for equality.
    @inlinable @inline(__always) public mutating func pcmpeqd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F76, dst, src)
    }
    /// `pcmpgtb dst, src`: compare i8 lanes signed greater-than.
    @inlinable @inline(__always) public mutating func pcmpgtb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F64, dst, src) }
    /// `pcmpgtb dst, [mem]`: compare i8 lanes signed greater-than.
    @inlinable @inline(__always) public mutating func pcmpgtb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F64, dst, src)
    }
    /// `pcmpgtw dst, src`: compare i16 lanes signed greater-than.
    @inlinable @inline(__always) public mutating func pcmpgtw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F65, dst, src) }
    /// `pcmpgtw dst, [mem]`: compare i16 lanes signed greater-than.
    @inlinable @inline(__always) public mutating func pcmpgtw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F65, dst, src)
    }
    /// `pcmpgtd dst, src`: compare i32 lanes signed greater-than.
    @inlinable @inline(__always) public mutating func pcmpgtd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F66, dst, src) }
    /// `pcmpgtd dst, [mem]`: compare i32 lanes signed greater-than.
    @inlinable @inline(__always) public mutating func pcmpgtd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F66, dst, src)
    }
    /// `pand dst, src`: bitwise and.
    @inlinable @inline(__always) public mutating func pand(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FDB, dst, src) }
    /// `pand dst, [mem]`: bitwise and.
    @inlinable @inline(__always) public mutating func pand(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FDB, dst, src)
    }
    /// `pandn dst, src`: bitwise and-not: dst = ~dst & src.
    @inlinable @inline(__always) public mutating func pandn(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FDF, dst, src) }
    /// `pandn dst, [mem]`: bitwise and-not: dst = ~dst & src.
    @inlinable @inline(__always) public mutating func pandn(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FDF, dst, src)
    }
    /// `por dst, src`: bitwise or.
    @inlinable @inline(__always) public mutating func por(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FEB, dst, src) }
    /// `por dst, [mem]`: bitwise or.
    @inlinable @inline(__always) public mutating func por(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FEB, dst, src)
    }
    /// `pxor dst, src`: bitwise xor.
    @inlinable @inline(__always) public mutating func pxor(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FEF, dst, src) }
    /// `pxor dst, [mem]`: bitwise xor.
    @inlinable @inline(__always) public mutating func pxor(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FEF, dst, src)
    }
    /// `psllw dst, src`: shift i16 lanes left by the count in the low 64 bits of src.
    @inlinable @inline(__always) public mutating func psllw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FF1, dst, src) }
    /// `psllw dst, [mem]`: shift i16 lanes left by the count in the low 64 bits of src.
    @inlinable @inline(__always) public mutating func psllw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FF1, dst, src)
    }
    /// `pslld dst, src`: shift i32 lanes left by src count.
    @inlinable @inline(__always) public mutating func pslld(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FF2, dst, src) }
    /// `pslld dst, [mem]`: shift i32 lanes left by src count.
    @inlinable @inline(__always) public mutating func pslld(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FF2, dst, src)
    }
    /// `psllq dst, src`: shift i64 lanes left by src count.
    @inlinable @inline(__always) public mutating func psllq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FF3, dst, src) }
    /// `psllq dst, [mem]`: shift i64 lanes left by src count.
    @inlinable @inline(__always) public mutating func psllq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FF3, dst, src)
    }
    /// `psrlw dst, src`: logical right shift of i16 lanes by src count.
    @inlinable @inline(__always) public mutating func psrlw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FD1, dst, src) }
    /// `psrlw dst, [mem]`: logical right shift of i16 lanes by src count.
    @inlinable @inline(__always) public mutating func psrlw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FD1, dst, src)
    }
    /// `psrld dst, src`: logical right shift of i32 lanes by src count.
    @inlinable @inline(__always) public mutating func psrld(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FD2, dst, src) }
    /// `psrld dst, [mem]`: logical right shift of i32 lanes by src count.
    @inlinable @inline(__always) public mutating func psrld(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FD2, dst, src)
    }
    /// `psrlq dst, src`: logical right shift of i64 lanes by src count.
    @inlinable @inline(__always) public mutating func psrlq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FD3, dst, src) }
    /// `psrlq dst, [mem]`: logical right shift of i64 lanes by src count.
    @inlinable @inline(__always) public mutating func psrlq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FD3, dst, src)
    }
    /// `psraw dst, src`: arithmetic right shift of i16 lanes by src count.
    @inlinable @inline(__always) public mutating func psraw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FE1, dst, src) }
    /// `psraw dst, [mem]`: arithmetic right shift of i16 lanes by src count.
    @inlinable @inline(__always) public mutating func psraw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FE1, dst, src)
    }
    /// `psrad dst, src`: arithmetic right shift of i32 lanes by src count.
    @inlinable @inline(__always) public mutating func psrad(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FE2, dst, src) }
    /// `psrad dst, [mem]`: arithmetic right shift of i32 lanes by src count.
    @inlinable @inline(__always) public mutating func psrad(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FE2, dst, src)
    }
    /// `packsswb dst, src`: pack i16 to i8 with signed saturation.
    @inlinable @inline(__always) public mutating func packsswb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F63, dst, src) }
    /// `packsswb dst, [mem]`: pack i16 to i8 with signed saturation.
    @inlinable @inline(__always) public mutating func packsswb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F63, dst, src)
    }
    /// `packssdw dst, src`: pack i32 to i16 with signed saturation.
    @inlinable @inline(__always) public mutating func packssdw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F6B, dst, src) }
    /// `packssdw dst, [mem]`: pack i32 to i16 with signed saturation.
    @inlinable @inline(__always) public mutating func packssdw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F6B, dst, src)
    }
    /// `packuswb dst, src`: pack i16 to u8 with unsigned saturation.
    @inlinable @inline(__always) public mutating func packuswb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F67, dst, src) }
    /// `packuswb dst, [mem]`: pack i16 to u8 with unsigned saturation.
    @inlinable @inline(__always) public mutating func packuswb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F67, dst, src)
    }
    /// `punpcklbw dst, src`: interleave low i8 lanes.
    @inlinable @inline(__always) public mutating func punpcklbw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F60, dst, src) }
    /// `punpcklbw dst, [mem]`: interleave low i8 lanes.
    @inlinable @inline(__always) public mutating func punpcklbw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F60, dst, src)
    }
    /// `punpcklwd dst, src`: interleave low i16 lanes.
    @inlinable @inline(__always) public mutating func punpcklwd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F61, dst, src) }
    /// `punpcklwd dst, [mem]`: interleave low i16 lanes.
    @inlinable @inline(__always) public mutating func punpcklwd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F61, dst, src)
    }
    /// `punpckldq dst, src`: interleave low i32 lanes.
    @inlinable @inline(__always) public mutating func punpckldq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F62, dst, src) }
    /// `punpckldq dst, [mem]`: interleave low i32 lanes.
    @inlinable @inline(__always) public mutating func punpckldq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F62, dst, src)
    }
    /// `punpcklqdq dst, src`: interleave low i64 lanes.
    @inlinable @inline(__always) public mutating func punpcklqdq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F6C, dst, src) }
    /// `punpcklqdq dst, [mem]`: interleave low i64 lanes.
    @inlinable @inline(__always) public mutating func punpcklqdq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F6C, dst, src)
    }
    /// `punpckhbw dst, src`: interleave high i8 lanes.
    @inlinable @inline(__always) public mutating func punpckhbw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F68, dst, src) }
    /// `punpckhbw dst, [mem]`: interleave high i8 lanes.
    @inlinable @inline(__always) public mutating func punpckhbw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F68, dst, src)
    }
    /// `punpckhwd dst, src`: interleave high i16 lanes.
    @inlinable @inline(__always) public mutating func punpckhwd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F69, dst, src) }
    /// `punpckhwd dst, [mem]`: interleave high i16 lanes.
    @inlinable @inline(__always) public mutating func punpckhwd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F69, dst, src)
    }
    /// `punpckhdq dst, src`: interleave high i32 lanes.
    @inlinable @inline(__always) public mutating func punpckhdq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F6A, dst, src) }
    /// `punpckhdq dst, [mem]`: interleave high i32 lanes.
    @inlinable @inline(__always) public mutating func punpckhdq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F6A, dst, src)
    }
    /// `punpckhqdq dst, src`: interleave high i64 lanes.
    @inlinable @inline(__always) public mutating func punpckhqdq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F6D, dst, src) }
    /// `punpckhqdq dst, [mem]`: interleave high i64 lanes.
    @inlinable @inline(__always) public mutating func punpckhqdq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F6D, dst, src)
    }
    /// `addps dst, src`: add f32 lanes.
    @inlinable @inline(__always) public mutating func addps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F58, dst, src) }
    /// `addps dst, [mem]`: add f32 lanes.
    @inlinable @inline(__always) public mutating func addps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F58, dst, src)
    }
    /// `addpd dst, src`: add f64 lanes.
    @inlinable @inline(__always) public mutating func addpd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F58, dst, src) }
    /// `addpd dst, [mem]`: add f64 lanes.
    @inlinable @inline(__always) public mutating func addpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F58, dst, src)
    }
    /// `subps dst, src`: subtract f32 lanes.
    @inlinable @inline(__always) public mutating func subps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F5C, dst, src) }
    /// `subps dst, [mem]`: subtract f32 lanes.
    @inlinable @inline(__always) public mutating func subps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F5C, dst, src)
    }
    /// `subpd dst, src`: subtract f64 lanes.
    @inlinable @inline(__always) public mutating func subpd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F5C, dst, src) }
    /// `subpd dst, [mem]`: subtract f64 lanes.
    @inlinable @inline(__always) public mutating func subpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F5C, dst, src)
    }
    /// `mulps dst, src`: multiply f32 lanes.
    @inlinable @inline(__always) public mutating func mulps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F59, dst, src) }
    /// `mulps dst, [mem]`: multiply f32 lanes.
    @inlinable @inline(__always) public mutating func mulps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F59, dst, src)
    }
    /// `mulpd dst, src`: multiply f64 lanes.
    @inlinable @inline(__always) public mutating func mulpd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F59, dst, src) }
    /// `mulpd dst, [mem]`: multiply f64 lanes.
    @inlinable @inline(__always) public mutating func mulpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F59, dst, src)
    }
    /// `divps dst, src`: divide f32 lanes.
    @inlinable @inline(__always) public mutating func divps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F5E, dst, src) }
    /// `divps dst, [mem]`: divide f32 lanes.
    @inlinable @inline(__always) public mutating func divps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F5E, dst, src)
    }
    /// `divpd dst, src`: divide f64 lanes.
    @inlinable @inline(__always) public mutating func divpd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F5E, dst, src) }
    /// `divpd dst, [mem]`: divide f64 lanes.
    @inlinable @inline(__always) public mutating func divpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F5E, dst, src)
    }
    /// `minps dst, src`: minimum of f32 lanes (second operand on NaN/equal).
    @inlinable @inline(__always) public mutating func minps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F5D, dst, src) }
    /// `minps dst, [mem]`: minimum of f32 lanes (second operand on NaN/equal).
    @inlinable @inline(__always) public mutating func minps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F5D, dst, src)
    }
    /// `minpd dst, src`: minimum of f64 lanes (second operand on NaN/equal).
    @inlinable @inline(__always) public mutating func minpd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F5D, dst, src) }
    /// `minpd dst, [mem]`: minimum of f64 lanes (second operand on NaN/equal).
    @inlinable @inline(__always) public mutating func minpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F5D, dst, src)
    }
    /// `maxps dst, src`: maximum of f32 lanes (second operand on NaN/equal).
    @inlinable @inline(__always) public mutating func maxps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F5F, dst, src) }
    /// `maxps dst, [mem]`: maximum of f32 lanes (second operand on NaN/equal).
    @inlinable @inline(__always) public mutating func maxps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F5F, dst, src)
    }
    /// `maxpd dst, src`: maximum of f64 lanes (second operand on NaN/equal).
    @inlinable @inline(__always) public mutating func maxpd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F5F, dst, src) }
    /// `maxpd dst, [mem]`: maximum of f64 lanes (second operand on NaN/equal).
    @inlinable @inline(__always) public mutating func maxpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F5F, dst, src)
    }
    /// `sqrtps dst, src`: square root of f32 lanes.
    @inlinable @inline(__always) public mutating func sqrtps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F51, dst, src) }
    /// `sqrtps dst, [mem]`: square root of f32 lanes.
    @inlinable @inline(__always) public mutating func sqrtps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F51, dst, src)
    }
    /// `sqrtpd dst, src`: square root of f64 lanes.
    @inlinable @inline(__always) public mutating func sqrtpd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F51, dst, src) }
    /// `sqrtpd dst, [mem]`: square root of f64 lanes.
    @inlinable @inline(__always) public mutating func sqrtpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F51, dst, src)
    }
    /// `unpcklps dst, src`: interleave low f32 lanes.
    @inlinable @inline(__always) public mutating func unpcklps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F14, dst, src) }
    /// `unpcklps dst, [mem]`: interleave low f32 lanes.
    @inlinable @inline(__always) public mutating func unpcklps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F14, dst, src)
    }
    /// `unpcklpd dst, src`: interleave low f64 lanes.
    @inlinable @inline(__always) public mutating func unpcklpd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F14, dst, src) }
    /// `unpcklpd dst, [mem]`: interleave low f64 lanes.
    @inlinable @inline(__always) public mutating func unpcklpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F14, dst, src)
    }
    /// `unpckhps dst, src`: interleave high f32 lanes.
    @inlinable @inline(__always) public mutating func unpckhps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F15, dst, src) }
    /// `unpckhps dst, [mem]`: interleave high f32 lanes.
    @inlinable @inline(__always) public mutating func unpckhps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F15, dst, src)
    }
    /// `unpckhpd dst, src`: interleave high f64 lanes.
    @inlinable @inline(__always) public mutating func unpckhpd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F15, dst, src) }
    /// `unpckhpd dst, [mem]`: interleave high f64 lanes.
    @inlinable @inline(__always) public mutating func unpckhpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F15, dst, src)
    }
    /// `cvtdq2ps dst, src`: convert i32 lanes to f32.
    @inlinable @inline(__always) public mutating func cvtdq2ps(_ dst: XMM, _ src: XMM) { sse(0, 0x0F5B, dst, src) }
    /// `cvtdq2ps dst, [mem]`: convert i32 lanes to f32.
    @inlinable @inline(__always) public mutating func cvtdq2ps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F5B, dst, src)
    }
    /// `cvttps2dq dst, src`: convert f32 lanes to i32, truncating (0x80000000 on overflow/NaN).
    @inlinable @inline(__always) public mutating func cvttps2dq(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0F5B, dst, src) }
    /// `cvttps2dq dst, [mem]`: convert f32 lanes to i32, truncating (0x80000000 on overflow/NaN).
    @inlinable @inline(__always) public mutating func cvttps2dq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0F5B, dst, src)
    }
    /// `cvtps2dq dst, src`: convert f32 lanes to i32 using MXCSR rounding.
    @inlinable @inline(__always) public mutating func cvtps2dq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F5B, dst, src) }
    /// `cvtps2dq dst, [mem]`: convert f32 lanes to i32 using MXCSR rounding.
    @inlinable @inline(__always) public mutating func cvtps2dq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F5B, dst, src)
    }
    /// `cvtdq2pd dst, src`: convert the low two i32 lanes to f64.
    @inlinable @inline(__always) public mutating func cvtdq2pd(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0FE6, dst, src) }
    /// `cvtdq2pd dst, [mem]`: convert the low two i32 lanes to f64.
    @inlinable @inline(__always) public mutating func cvtdq2pd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0FE6, dst, src)
    }
    /// `cvtpd2ps dst, src`: convert two f64 lanes to f32 (upper lanes zeroed).
    @inlinable @inline(__always) public mutating func cvtpd2ps(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F5A, dst, src) }
    /// `cvtpd2ps dst, [mem]`: convert two f64 lanes to f32 (upper lanes zeroed).
    @inlinable @inline(__always) public mutating func cvtpd2ps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F5A, dst, src)
    }
    /// `cvtps2pd dst, src`: convert the low two f32 lanes to f64.
    @inlinable @inline(__always) public mutating func cvtps2pd(_ dst: XMM, _ src: XMM) { sse(0, 0x0F5A, dst, src) }
    /// `cvtps2pd dst, [mem]`: convert the low two f32 lanes to f64.
    @inlinable @inline(__always) public mutating func cvtps2pd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0, 0x0F5A, dst, src)
    }
    /// `cvttpd2dq dst, src`: convert two f64 lanes to i32, truncating (upper lanes zeroed).
    @inlinable @inline(__always) public mutating func cvttpd2dq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0FE6, dst, src) }
    /// `cvttpd2dq dst, [mem]`: convert two f64 lanes to i32, truncating (upper lanes zeroed).
    @inlinable @inline(__always) public mutating func cvttpd2dq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0FE6, dst, src)
    }
    /// `cvtpd2dq dst, src`: convert two f64 lanes to i32 using MXCSR rounding.
    @inlinable @inline(__always) public mutating func cvtpd2dq(_ dst: XMM, _ src: XMM) { sse(0xF2, 0x0FE6, dst, src) }
    /// `cvtpd2dq dst, [mem]`: convert two f64 lanes to i32 using MXCSR rounding.
    @inlinable @inline(__always) public mutating func cvtpd2dq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF2, 0x0FE6, dst, src)
    }
    /// `movddup dst, src`: duplicate the low f64 lane (SSE3).
    @inlinable @inline(__always) public mutating func movddup(_ dst: XMM, _ src: XMM) { sse(0xF2, 0x0F12, dst, src) }
    /// `movddup dst, [mem]`: duplicate the low f64 lane (SSE3).
    @inlinable @inline(__always) public mutating func movddup(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF2, 0x0F12, dst, src)
    }
    /// `movshdup dst, src`: duplicate odd f32 lanes (SSE3).
    @inlinable @inline(__always) public mutating func movshdup(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0F16, dst, src) }
    /// `movshdup dst, [mem]`: duplicate odd f32 lanes (SSE3).
    @inlinable @inline(__always) public mutating func movshdup(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0F16, dst, src)
    }
    /// `movsldup dst, src`: duplicate even f32 lanes (SSE3).
    @inlinable @inline(__always) public mutating func movsldup(_ dst: XMM, _ src: XMM) { sse(0xF3, 0x0F12, dst, src) }
    /// `movsldup dst, [mem]`: duplicate even f32 lanes (SSE3).
    @inlinable @inline(__always) public mutating func movsldup(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0xF3, 0x0F12, dst, src)
    }
    /// `pshufb dst, src`: shuffle bytes by the indices in src (SSSE3; index bit 7 zeroes).
    @inlinable @inline(__always) public mutating func pshufb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3800, dst, src) }
    /// `pshufb dst, [mem]`: shuffle bytes by the indices in src (SSSE3; index bit 7 zeroes).
    @inlinable @inline(__always) public mutating func pshufb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3800, dst, src)
    }
    /// `phaddw dst, src`: horizontal add i16 pairs (SSSE3).
    @inlinable @inline(__always) public mutating func phaddw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3801, dst, src) }
    /// `phaddw dst, [mem]`: horizontal add i16 pairs (SSSE3).
    @inlinable @inline(__always) public mutating func phaddw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3801, dst, src)
    }
    /// `phaddd dst, src`: horizontal add i32 pairs (SSSE3).
    @inlinable @inline(__always) public mutating func phaddd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3802, dst, src) }
    /// `phaddd dst, [mem]`: horizontal add i32 pairs (SSSE3).
    @inlinable @inline(__always) public mutating func phaddd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3802, dst, src)
    }
    /// `pmaddubsw dst, src`: multiply u8 by i8 and add pairs with saturation (SSSE3).
    @inlinable @inline(__always) public mutating func pmaddubsw(_ dst: XMM, _ src: XMM) {
        sse(0x66, 0x0F3804, dst, src)
    }
    /// `pmaddubsw dst, [mem]`: multiply u8 by i8 and add pairs with saturation (SSSE3).
    @inlinable @inline(__always) public mutating func pmaddubsw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3804, dst, src)
    }
    /// `pmulhrsw dst, src`: multiply i16 lanes, round and scale to Q15 (SSSE3).
    @inlinable @inline(__always) public mutating func pmulhrsw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F380B, dst, src) }
    /// `pmulhrsw dst, [mem]`: multiply i16 lanes, round and scale to Q15 (SSSE3).
    @inlinable @inline(__always) public mutating func pmulhrsw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F380B, dst, src)
    }
    /// `psignb dst, src`: negate/zero i8 lanes by the sign of src (SSSE3).
    @inlinable @inline(__always) public mutating func psignb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3808, dst, src) }
    /// `psignb dst, [mem]`: negate/zero i8 lanes by the sign of src (SSSE3).
    @inlinable @inline(__always) public mutating func psignb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3808, dst, src)
    }
    /// `psignw dst, src`: negate/zero i16 lanes by the sign of src (SSSE3).
    @inlinable @inline(__always) public mutating func psignw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3809, dst, src) }
    /// `psignw dst, [mem]`: negate/zero i16 lanes by the sign of src (SSSE3).
    @inlinable @inline(__always) public mutating func psignw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3809, dst, src)
    }
    /// `psignd dst, src`: negate/zero i32 lanes by the sign of src (SSSE3).
    @inlinable @inline(__always) public mutating func psignd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F380A, dst, src) }
    /// `psignd dst, [mem]`: negate/zero i32 lanes by the sign of src (SSSE3).
    @inlinable @inline(__always) public mutating func psignd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F380A, dst, src)
    }
    /// `pabsb dst, src`: absolute value of i8 lanes (SSSE3).
    @inlinable @inline(__always) public mutating func pabsb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F381C, dst, src) }
    /// `pabsb dst, [mem]`: absolute value of i8 lanes (SSSE3).
    @inlinable @inline(__always) public mutating func pabsb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F381C, dst, src)
    }
    /// `pabsw dst, src`: absolute value of i16 lanes (SSSE3).
    @inlinable @inline(__always) public mutating func pabsw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F381D, dst, src) }
    /// `pabsw dst, [mem]`: absolute value of i16 lanes (SSSE3).
    @inlinable @inline(__always) public mutating func pabsw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F381D, dst, src)
    }
    /// `pabsd dst, src`: absolute value of i32 lanes (SSSE3).
    @inlinable @inline(__always) public mutating func pabsd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F381E, dst, src) }
    /// `pabsd dst, [mem]`: absolute value of i32 lanes (SSSE3).
    @inlinable @inline(__always) public mutating func pabsd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F381E, dst, src)
    }
    /// `ptest dst, src`: set ZF if (dst & src) == 0 and CF if (~dst & src) == 0 (SSE4.1).
    @inlinable @inline(__always) public mutating func ptest(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3817, dst, src) }
    /// `ptest dst, [mem]`: set ZF if (dst & src) == 0 and CF if (~dst & src) == 0 (SSE4.1).
    @inlinable @inline(__always) public mutating func ptest(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3817, dst, src)
    }
    /// `pmovsxbw dst, src`: sign-extend the low 8 i8 lanes to i16 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovsxbw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3820, dst, src) }
    /// `pmovsxbw dst, [mem]`: sign-extend the low 8 i8 lanes to i16 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovsxbw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3820, dst, src)
    }
    /// `pmovsxbd dst, src`: sign-extend the low 4 i8 lanes to i32 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovsxbd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3821, dst, src) }
    /// `pmovsxbd dst, [mem]`: sign-extend the low 4 i8 lanes to i32 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovsxbd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3821, dst, src)
    }
    /// `pmovsxbq dst, src`: sign-extend the low 2 i8 lanes to i64 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovsxbq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3822, dst, src) }
    /// `pmovsxbq dst, [mem]`: sign-extend the low 2 i8 lanes to i64 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovsxbq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3822, dst, src)
    }
    /// `pmovsxwd dst, src`: sign-extend the low 4 i16 lanes to i32 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovsxwd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3823, dst, src) }
    /// `pmovsxwd dst, [mem]`: sign-extend the low 4 i16 lanes to i32 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovsxwd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3823, dst, src)
    }
    /// `pmovsxwq dst, src`: sign-extend the low 2 i16 lanes to i64 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovsxwq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3824, dst, src) }
    /// `pmovsxwq dst, [mem]`: sign-extend the low 2 i16 lanes to i64 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovsxwq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3824, dst, src)
    }
    /// `pmovsxdq dst, src`: sign-extend the low 2 i32 lanes to i64 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovsxdq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3825, dst, src) }
    /// `pmovsxdq dst, [mem]`: sign-extend the low 2 i32 lanes to i64 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovsxdq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3825, dst, src)
    }
    /// `pmovzxbw dst, src`: zero-extend the low 8 u8 lanes to i16 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovzxbw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3830, dst, src) }
    /// `pmovzxbw dst, [mem]`: zero-extend the low 8 u8 lanes to i16 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovzxbw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3830, dst, src)
    }
    /// `pmovzxbd dst, src`: zero-extend the low 4 u8 lanes to i32 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovzxbd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3831, dst, src) }
    /// `pmovzxbd dst, [mem]`: zero-extend the low 4 u8 lanes to i32 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovzxbd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3831, dst, src)
    }
    /// `pmovzxbq dst, src`: zero-extend the low 2 u8 lanes to i64 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovzxbq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3832, dst, src) }
    /// `pmovzxbq dst, [mem]`: zero-extend the low 2 u8 lanes to i64 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovzxbq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3832, dst, src)
    }
    /// `pmovzxwd dst, src`: zero-extend the low 4 u16 lanes to i32 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovzxwd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3833, dst, src) }
    /// `pmovzxwd dst, [mem]`: zero-extend the low 4 u16 lanes to i32 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovzxwd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3833, dst, src)
    }
    /// `pmovzxwq dst, src`: zero-extend the low 2 u16 lanes to i64 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovzxwq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3834, dst, src) }
    /// `pmovzxwq dst, [mem]`: zero-extend the low 2 u16 lanes to i64 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovzxwq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3834, dst, src)
    }
    /// `pmovzxdq dst, src`: zero-extend the low 2 u32 lanes to i64 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovzxdq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3835, dst, src) }
    /// `pmovzxdq dst, [mem]`: zero-extend the low 2 u32 lanes to i64 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmovzxdq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3835, dst, src)
    }
    /// `pmuldq dst, src`: multiply even i32 lanes to i64 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmuldq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3828, dst, src) }
    /// `pmuldq dst, [mem]`: multiply even i32 lanes to i64 (SSE4.1).
    @inlinable @inline(__always) public mutating func pmuldq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3828, dst, src)
    }
    /// `pcmpeqq dst, src`: compare i64 lanes for equality (SSE4.1).
    @inlinable @inline(__always) public mutating func pcmpeqq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3829, dst, src) }
    /// `pcmpeqq dst, [mem]`: compare i64 lanes for equality (SSE4.1).
    @inlinable @inline(__always) public mutating func pcmpeqq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3829, dst, src)
    }
    /// `packusdw dst, src`: pack i32 to u16 with unsigned saturation (SSE4.1).
    @inlinable @inline(__always) public mutating func packusdw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F382B, dst, src) }
    /// `packusdw dst, [mem]`: pack i32 to u16 with unsigned saturation (SSE4.1).
    @inlinable @inline(__always) public mutating func packusdw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F382B, dst, src)
    }
    /// `pcmpgtq dst, src`: compare i64 lanes signed greater-than (SSE4.2).
    @inlinable @inline(__always) public mutating func pcmpgtq(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3837, dst, src) }
    /// `pcmpgtq dst, [mem]`: compare i64 lanes signed greater-than (SSE4.2).
    @inlinable @inline(__always) public mutating func pcmpgtq(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3837, dst, src)
    }
    /// `pminsb dst, src`: minimum of i8 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pminsb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3838, dst, src) }
    /// `pminsb dst, [mem]`: minimum of i8 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pminsb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3838, dst, src)
    }
    /// `pminsd dst, src`: minimum of i32 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pminsd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3839, dst, src) }
    /// `pminsd dst, [mem]`: minimum of i32 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pminsd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3839, dst, src)
    }
    /// `pminuw dst, src`: minimum of u16 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pminuw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F383A, dst, src) }
    /// `pminuw dst, [mem]`: minimum of u16 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pminuw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F383A, dst, src)
    }
    /// `pminud dst, src`: minimum of u32 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pminud(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F383B, dst, src) }
    /// `pminud dst, [mem]`: minimum of u32 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pminud(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F383B, dst, src)
    }
    /// `pmaxsb dst, src`: maximum of i8 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pmaxsb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F383C, dst, src) }
    /// `pmaxsb dst, [mem]`: maximum of i8 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pmaxsb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F383C, dst, src)
    }
    /// `pmaxsd dst, src`: maximum of i32 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pmaxsd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F383D, dst, src) }
    /// `pmaxsd dst, [mem]`: maximum of i32 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pmaxsd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F383D, dst, src)
    }
    /// `pmaxuw dst, src`: maximum of u16 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pmaxuw(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F383E, dst, src) }
    /// `pmaxuw dst, [mem]`: maximum of u16 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pmaxuw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F383E, dst, src)
    }
    /// `pmaxud dst, src`: maximum of u32 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pmaxud(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F383F, dst, src) }
    /// `pmaxud dst, [mem]`: maximum of u32 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func pmaxud(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F383F, dst, src)
    }
    /// `pmulld dst, src`: multiply i32 lanes, low halves (SSE4.1).
    @inlinable @inline(__always) public mutating func pmulld(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3840, dst, src) }
    /// `pmulld dst, [mem]`: multiply i32 lanes, low halves (SSE4.1).
    @inlinable @inline(__always) public mutating func pmulld(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3840, dst, src)
    }
    /// `phminposuw dst, src`: minimum u16 lane and its index (SSE4.1).
    @inlinable @inline(__always) public mutating func phminposuw(_ dst: XMM, _ src: XMM) {
        sse(0x66, 0x0F3841, dst, src)
    }
    /// `phminposuw dst, [mem]`: minimum u16 lane and its index (SSE4.1).
    @inlinable @inline(__always) public mutating func phminposuw(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3841, dst, src)
    }

    // MARK: Variable blends (implicit xmm0 mask)

    /// `pblendvb dst, src`: select bytes: dst = xmm0.byte.msb ? src : dst (SSE4.1; the mask is implicitly xmm0).
    @inlinable @inline(__always) public mutating func pblendvb(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3810, dst, src) }
    /// `pblendvb dst, [mem]`: select bytes: dst = xmm0.byte.msb ? src : dst (SSE4.1; the mask is implicitly xmm0).
    @inlinable @inline(__always) public mutating func pblendvb(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3810, dst, src)
    }
    /// `blendvps dst, src`: select f32 lanes by the sign bits of xmm0 (SSE4.1; implicit xmm0 mask).
    @inlinable @inline(__always) public mutating func blendvps(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3814, dst, src) }
    /// `blendvps dst, [mem]`: select f32 lanes by the sign bits of xmm0 (SSE4.1; implicit xmm0 mask).
    @inlinable @inline(__always) public mutating func blendvps(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3814, dst, src)
    }
    /// `blendvpd dst, src`: select f64 lanes by the sign bits of xmm0 (SSE4.1; implicit xmm0 mask).
    @inlinable @inline(__always) public mutating func blendvpd(_ dst: XMM, _ src: XMM) { sse(0x66, 0x0F3815, dst, src) }
    /// `blendvpd dst, [mem]`: select f64 lanes by the sign bits of xmm0 (SSE4.1; implicit xmm0 mask).
    @inlinable @inline(__always) public mutating func blendvpd(_ dst: XMM, _ src: Mem) throws(AssemblerError) {
        try sse(0x66, 0x0F3815, dst, src)
    }

    // MARK: Shuffles and blends with an immediate

    /// `pshufd dst, src, imm`: shuffle i32 lanes by imm.
    @inlinable @inline(__always) public mutating func pshufd(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        sse(0x66, 0x0F70, dst, src, imm: imm)
    }
    /// `pshufd dst, [mem], imm`: shuffle i32 lanes by imm.
    @inlinable @inline(__always) public mutating func pshufd(_ dst: XMM, _ src: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try sse(0x66, 0x0F70, dst, src, imm: imm) }
    /// `pshuflw dst, src, imm`: shuffle the low four i16 lanes by imm.
    @inlinable @inline(__always) public mutating func pshuflw(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        sse(0xF2, 0x0F70, dst, src, imm: imm)
    }
    /// `pshuflw dst, [mem], imm`: shuffle the low four i16 lanes by imm.
    @inlinable @inline(__always) public mutating func pshuflw(_ dst: XMM, _ src: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try sse(0xF2, 0x0F70, dst, src, imm: imm) }
    /// `pshufhw dst, src, imm`: shuffle the high four i16 lanes by imm.
    @inlinable @inline(__always) public mutating func pshufhw(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        sse(0xF3, 0x0F70, dst, src, imm: imm)
    }
    /// `pshufhw dst, [mem], imm`: shuffle the high four i16 lanes by imm.
    @inlinable @inline(__always) public mutating func pshufhw(_ dst: XMM, _ src: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try sse(0xF3, 0x0F70, dst, src, imm: imm) }
    /// `shufps dst, src, imm`: shuffle f32 lanes from dst (low) and src (high) by imm.
    @inlinable @inline(__always) public mutating func shufps(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        sse(0, 0x0FC6, dst, src, imm: imm)
    }
    /// `shufps dst, [mem], imm`: shuffle f32 lanes from dst (low) and src (high) by imm.
    @inlinable @inline(__always) public mutating func shufps(_ dst: XMM, _ src: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try sse(0, 0x0FC6, dst, src, imm: imm) }
    /// `shufpd dst, src, imm`: shuffle f64 lanes from dst and src by imm.
    @inlinable @inline(__always) public mutating func shufpd(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        sse(0x66, 0x0FC6, dst, src, imm: imm)
    }
    /// `shufpd dst, [mem], imm`: shuffle f64 lanes from dst and src by imm.
    @inlinable @inline(__always) public mutating func shufpd(_ dst: XMM, _ src: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try sse(0x66, 0x0FC6, dst, src, imm: imm) }
    /// `palignr dst, src, imm`: concatenate dst:src and extract 16 bytes at byte offset imm (SSSE3).
    @inlinable @inline(__always) public mutating func palignr(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        sse(0x66, 0x0F3A0F, dst, src, imm: imm)
    }
    /// `palignr dst, [mem], imm`: concatenate dst:src and extract 16 bytes at byte offset imm (SSSE3).
    @inlinable @inline(__always) public mutating func palignr(_ dst: XMM, _ src: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try sse(0x66, 0x0F3A0F, dst, src, imm: imm) }
    /// `blendps dst, src, imm`: blend f32 lanes by imm mask (SSE4.1).
    @inlinable @inline(__always) public mutating func blendps(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        sse(0x66, 0x0F3A0C, dst, src, imm: imm)
    }
    /// `blendps dst, [mem], imm`: blend f32 lanes by imm mask (SSE4.1).
    @inlinable @inline(__always) public mutating func blendps(_ dst: XMM, _ src: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try sse(0x66, 0x0F3A0C, dst, src, imm: imm) }
    /// `blendpd dst, src, imm`: blend f64 lanes by imm mask (SSE4.1).
    @inlinable @inline(__always) public mutating func blendpd(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        sse(0x66, 0x0F3A0D, dst, src, imm: imm)
    }
    /// `blendpd dst, [mem], imm`: blend f64 lanes by imm mask (SSE4.1).
    @inlinable @inline(__always) public mutating func blendpd(_ dst: XMM, _ src: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try sse(0x66, 0x0F3A0D, dst, src, imm: imm) }
    /// `pblendw dst, src, imm`: blend i16 lanes by imm mask (SSE4.1).
    @inlinable @inline(__always) public mutating func pblendw(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        sse(0x66, 0x0F3A0E, dst, src, imm: imm)
    }
    /// `pblendw dst, [mem], imm`: blend i16 lanes by imm mask (SSE4.1).
    @inlinable @inline(__always) public mutating func pblendw(_ dst: XMM, _ src: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try sse(0x66, 0x0F3A0E, dst, src, imm: imm) }
    /// `insertps dst, src, imm`: insert an f32 lane: imm = src lane << 6 | dst lane << 4 | zero mask (SSE4.1).
    @inlinable @inline(__always) public mutating func insertps(_ dst: XMM, _ src: XMM, _ imm: UInt8) {
        sse(0x66, 0x0F3A21, dst, src, imm: imm)
    }
    /// `insertps dst, [mem], imm`: insert an f32 lane: imm = src lane << 6 | dst lane << 4 | zero mask (SSE4.1).
    @inlinable @inline(__always) public mutating func insertps(_ dst: XMM, _ src: Mem, _ imm: UInt8)
        throws(AssemblerError)
    { try sse(0x66, 0x0F3A21, dst, src, imm: imm) }
    /// `roundps dst, src, imm`: round f32 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func roundps(_ dst: XMM, _ src: XMM, _ imm: RoundingMode) {
        sse(0x66, 0x0F3A08, dst, src, imm: imm.rawValue)
    }
    /// `roundps dst, [mem], imm`: round f32 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func roundps(_ dst: XMM, _ src: Mem, _ imm: RoundingMode)
        throws(AssemblerError)
    { try sse(0x66, 0x0F3A08, dst, src, imm: imm.rawValue) }
    /// `roundpd dst, src, imm`: round f64 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func roundpd(_ dst: XMM, _ src: XMM, _ imm: RoundingMode) {
        sse(0x66, 0x0F3A09, dst, src, imm: imm.rawValue)
    }
    /// `roundpd dst, [mem], imm`: round f64 lanes (SSE4.1).
    @inlinable @inline(__always) public mutating func roundpd(_ dst: XMM, _ src: Mem, _ imm: RoundingMode)
        throws(AssemblerError)
    { try sse(0x66, 0x0F3A09, dst, src, imm: imm.rawValue) }
    /// `cmpps dst, src, imm`: compare f32 lanes, writing all-ones/zero masks.
    @inlinable @inline(__always) public mutating func cmpps(_ dst: XMM, _ src: XMM, _ imm: FloatCompare) {
        sse(0, 0x0FC2, dst, src, imm: imm.rawValue)
    }
    /// `cmpps dst, [mem], imm`: compare f32 lanes, writing all-ones/zero masks.
    @inlinable @inline(__always) public mutating func cmpps(_ dst: XMM, _ src: Mem, _ imm: FloatCompare)
        throws(AssemblerError)
    { try sse(0, 0x0FC2, dst, src, imm: imm.rawValue) }
    /// `cmppd dst, src, imm`: compare f64 lanes, writing masks.
    @inlinable @inline(__always) public mutating func cmppd(_ dst: XMM, _ src: XMM, _ imm: FloatCompare) {
        sse(0x66, 0x0FC2, dst, src, imm: imm.rawValue)
    }
    /// `cmppd dst, [mem], imm`: compare f64 lanes, writing masks.
    @inlinable @inline(__always) public mutating func cmppd(_ dst: XMM, _ src: Mem, _ imm: FloatCompare)
        throws(AssemblerError)
    { try sse(0x66, 0x0FC2, dst, src, imm: imm.rawValue) }

    // MARK: Shifts by an immediate

    /// `psllw dst, imm`: shift i16 lanes left by imm.
    @inlinable @inline(__always) public mutating func psllw(_ dst: XMM, _ imm: UInt8) {
        sseShiftImm(0x0F71, 6, dst, imm)
    }
    /// `psrlw dst, imm`: logical right shift of i16 lanes by imm.
    @inlinable @inline(__always) public mutating func psrlw(_ dst: XMM, _ imm: UInt8) {
        sseShiftImm(0x0F71, 2, dst, imm)
    }
    /// `psraw dst, imm`: arithmetic right shift of i16 lanes by imm.
    @inlinable @inline(__always) public mutating func psraw(_ dst: XMM, _ imm: UInt8) {
        sseShiftImm(0x0F71, 4, dst, imm)
    }
    /// `pslld dst, imm`: shift i32 lanes left by imm.
    @inlinable @inline(__always) public mutating func pslld(_ dst: XMM, _ imm: UInt8) {
        sseShiftImm(0x0F72, 6, dst, imm)
    }
    /// `psrld dst, imm`: logical right shift of i32 lanes by imm.
    @inlinable @inline(__always) public mutating func psrld(_ dst: XMM, _ imm: UInt8) {
        sseShiftImm(0x0F72, 2, dst, imm)
    }
    /// `psrad dst, imm`: arithmetic right shift of i32 lanes by imm.
    @inlinable @inline(__always) public mutating func psrad(_ dst: XMM, _ imm: UInt8) {
        sseShiftImm(0x0F72, 4, dst, imm)
    }
    /// `psllq dst, imm`: shift i64 lanes left by imm.
    @inlinable @inline(__always) public mutating func psllq(_ dst: XMM, _ imm: UInt8) {
        sseShiftImm(0x0F73, 6, dst, imm)
    }
    /// `psrlq dst, imm`: logical right shift of i64 lanes by imm.
    @inlinable @inline(__always) public mutating func psrlq(_ dst: XMM, _ imm: UInt8) {
        sseShiftImm(0x0F73, 2, dst, imm)
    }
    /// `pslldq dst, imm`: shift the whole register left by imm bytes.
    @inlinable @inline(__always) public mutating func pslldq(_ dst: XMM, _ imm: UInt8) {
        sseShiftImm(0x0F73, 7, dst, imm)
    }
    /// `psrldq dst, imm`: shift the whole register right by imm bytes.
    @inlinable @inline(__always) public mutating func psrldq(_ dst: XMM, _ imm: UInt8) {
        sseShiftImm(0x0F73, 3, dst, imm)
    }
}

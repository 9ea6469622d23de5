import AssemblerCore

/// A memory operand. The base register is SP-role (`[sp, #8]` is legal, `[xzr, ...]` does not exist); an index
/// register is ZR-role.
///
/// - `.offset(base, imm)`: `[base, #imm]`. Loads/stores use the unsigned scaled form when `imm` is a
///   non-negative multiple of the access size below 4096×size, else the unscaled (`ldur`) form for −256...255.
/// - `.pre(base, imm)`: `[base, #imm]!`; `.post(base, imm)`: `[base], #imm` (imm −256...255; ldp/stp: scaled imm7).
/// - `.reg(base, index, ext, shift)`: `[base, index{, ext #shift}]`; `shift` nil (no amount), 0, or log2 of the
///   access size.
public struct Mem: Sendable {
    @usableFromInline enum Mode: UInt8, Sendable { case offset, pre, post, reg }
    @usableFromInline let mode: Mode
    @usableFromInline let base: UInt32
    @usableFromInline let imm: Int
    @usableFromInline let index: UInt32
    @usableFromInline let option: UInt32
    /// −1 when no shift amount is written.
    @usableFromInline let shift: Int8

    @inlinable init(
        _ mode: Mode, _ base: UInt32, _ imm: Int, _ index: UInt32 = 0, _ option: UInt32 = 0, _ shift: Int8 = -1
    ) {
        self.mode = mode
        self.base = base
        self.imm = imm
        self.index = index
        self.option = option
        self.shift = shift
    }

    /// `[base, #offset]`.
    @inlinable public static func offset(_ base: XSP, _ offset: Int = 0) -> Mem { Mem(.offset, base.encoding, offset) }
    /// `[base, #offset]!` (pre-index: base += offset, then access).
    @inlinable public static func pre(_ base: XSP, _ offset: Int) -> Mem { Mem(.pre, base.encoding, offset) }
    /// `[base], #offset` (post-index: access, then base += offset).
    @inlinable public static func post(_ base: XSP, _ offset: Int) -> Mem { Mem(.post, base.encoding, offset) }
    /// `[base, index{, lsl #shift}]` (`sxtx` when `signExtend`).
    @inlinable public static func reg(_ base: XSP, _ index: X, signExtend: Bool = false, shift: Int? = nil) -> Mem {
        Mem(.reg, base.encoding, 0, index.encoding, signExtend ? 0b111 : 0b011, Int8(clamping: shift ?? -1))
    }
    /// `[base, windex, uxtw|sxtw{ #shift}]`.
    @inlinable public static func reg(_ base: XSP, _ index: W, signExtend: Bool, shift: Int? = nil) -> Mem {
        Mem(.reg, base.encoding, 0, index.encoding, signExtend ? 0b110 : 0b010, Int8(clamping: shift ?? -1))
    }
}

extension A64Assembler {
    /// Load/store register (all addressing modes). `size` is the 2-bit size field, `scale` log2 of the access
    /// bytes (differs from `size` only for Q), `v` the SIMD&FP bit, `opc` the 2-bit opc field.
    @inlinable @inline(__always)
    mutating func loadStore(size: UInt32, scale: Int, v: UInt32, opc: UInt32, rt: UInt32, _ m: Mem)
        throws(AssemblerError)
    {
        let head = size << 30 | v << 26 | opc << 22 | m.base << 5 | rt
        switch m.mode {
        case .offset:
            let imm = m.imm
            if imm >= 0 && imm & ((1 << scale) - 1) == 0 && (imm >> scale) < 4096 {
                emit(0x3900_0000 | head | UInt32(imm >> scale) << 10)
            } else if imm >= -256 && imm < 256 {
                emit(0x3800_0000 | head | (UInt32(truncatingIfNeeded: imm) & 0x1FF) << 12)
            } else {
                throw immError(
                    imm < 0 || imm >> scale >= 4096 ? "load/store offset" : "misaligned load/store offset", imm)
            }
        case .pre, .post:
            // Writeback into the transfer register is CONSTRAINED UNPREDICTABLE: reject it.
            guard v == 1 || m.base == 31 || m.base != rt else {
                throw operandError("writeback base equals transfer register")
            }
            guard m.imm >= -256 && m.imm < 256 else { throw immError("pre/post-index offset", m.imm) }
            emit(
                0x3800_0000 | head | (UInt32(truncatingIfNeeded: m.imm) & 0x1FF) << 12
                    | (m.mode == .pre ? 0xC00 : 0x400))
        case .reg:
            var s: UInt32 = 0
            if m.shift >= 0 {
                if Int(m.shift) == scale { s = 1 } else if m.shift != 0 { throw immError("index shift", Int(m.shift)) }
            }
            emit(0x3820_0800 | head | m.index << 16 | m.option << 13 | s << 12)
        }
    }

    /// Unscaled offset form only (`ldur`/`stur`): `.offset` with −256...255.
    @inlinable @inline(__always)
    mutating func loadStoreUnscaled(size: UInt32, v: UInt32, opc: UInt32, rt: UInt32, _ m: Mem) throws(AssemblerError) {
        guard m.mode == .offset else { throw operandError("ldur/stur take [base, #imm] only") }
        guard m.imm >= -256 && m.imm < 256 else { throw immError("unscaled offset", m.imm) }
        emit(
            0x3800_0000 | size << 30 | v << 26 | opc << 22 | (UInt32(truncatingIfNeeded: m.imm) & 0x1FF) << 12 | m.base
                << 5 | rt)
    }

    // MARK: General registers

    /// `ldr rt, mem` (W: 32-bit, X: 64-bit).
    @inlinable @inline(__always) public mutating func ldr<R: ZRRegister>(_ rt: R, _ m: Mem) throws(AssemblerError) {
        try loadStore(size: 2 | R.sf, scale: 2 + Int(R.sf), v: 0, opc: 1, rt: rt.encoding, m)
    }
    /// `str rt, mem`.
    @inlinable @inline(__always) public mutating func str<R: ZRRegister>(_ rt: R, _ m: Mem) throws(AssemblerError) {
        try loadStore(size: 2 | R.sf, scale: 2 + Int(R.sf), v: 0, opc: 0, rt: rt.encoding, m)
    }
    /// `ldrb wt, mem` (zero-extending).
    @inlinable @inline(__always) public mutating func ldrb(_ rt: W, _ m: Mem) throws(AssemblerError) {
        try loadStore(size: 0, scale: 0, v: 0, opc: 1, rt: rt.encoding, m)
    }
    /// `strb wt, mem`.
    @inlinable @inline(__always) public mutating func strb(_ rt: W, _ m: Mem) throws(AssemblerError) {
        try loadStore(size: 0, scale: 0, v: 0, opc: 0, rt: rt.encoding, m)
    }
    /// `ldrh wt, mem` (zero-extending).
    @inlinable @inline(__always) public mutating func ldrh(_ rt: W, _ m: Mem) throws(AssemblerError) {
        try loadStore(size: 1, scale: 1, v: 0, opc: 1, rt: rt.encoding, m)
    }
    /// `strh wt, mem`.
    @inlinable @inline(__always) public mutating func strh(_ rt: W, _ m: Mem) throws(AssemblerError) {
        try loadStore(size: 1, scale: 1, v: 0, opc: 0, rt: rt.encoding, m)
    }
    /// `ldrsb rt, mem` (sign-extend byte to W or X).
    @inlinable @inline(__always) public mutating func ldrsb<R: ZRRegister>(_ rt: R, _ m: Mem) throws(AssemblerError) {
        try loadStore(size: 0, scale: 0, v: 0, opc: 3 - R.sf, rt: rt.encoding, m)
    }
    /// `ldrsh rt, mem` (sign-extend halfword to W or X).
    @inlinable @inline(__always) public mutating func ldrsh<R: ZRRegister>(_ rt: R, _ m: Mem) throws(AssemblerError) {
        try loadStore(size: 1, scale: 1, v: 0, opc: 3 - R.sf, rt: rt.encoding, m)
    }
    /// `ldrsw xt, mem`.
    @inlinable @inline(__always) public mutating func ldrsw(_ rt: X, _ m: Mem) throws(AssemblerError) {
        try loadStore(size: 2, scale: 2, v: 0, opc: 2, rt: rt.encoding, m)
    }

    /// `ldur rt, [base, #imm]` (−256...255, any alignment).
    @inlinable @inline(__always) public mutating func ldur<R: ZRRegister>(_ rt: R, _ m: Mem) throws(AssemblerError) {
        try loadStoreUnscaled(size: 2 | R.sf, v: 0, opc: 1, rt: rt.encoding, m)
    }
    /// `stur rt, [base, #imm]`.
    @inlinable @inline(__always) public mutating func stur<R: ZRRegister>(_ rt: R, _ m: Mem) throws(AssemblerError) {
        try loadStoreUnscaled(size: 2 | R.sf, v: 0, opc: 0, rt: rt.encoding, m)
    }
    /// `ldurb wt, [base, #imm]`.
    @inlinable @inline(__always) public mutating func ldurb(_ rt: W, _ m: Mem) throws(AssemblerError) {
        try loadStoreUnscaled(size: 0, v: 0, opc: 1, rt: rt.encoding, m)
    }
    /// `sturb wt, [base, #imm]`.
    @inlinable @inline(__always) public mutating func sturb(_ rt: W, _ m: Mem) throws(AssemblerError) {
        try loadStoreUnscaled(size: 0, v: 0, opc: 0, rt: rt.encoding, m)
    }
    /// `ldurh wt, [base, #imm]`.
    @inlinable @inline(__always) public mutating func ldurh(_ rt: W, _ m: Mem) throws(AssemblerError) {
        try loadStoreUnscaled(size: 1, v: 0, opc: 1, rt: rt.encoding, m)
    }
    /// `sturh wt, [base, #imm]`.
    @inlinable @inline(__always) public mutating func sturh(_ rt: W, _ m: Mem) throws(AssemblerError) {
        try loadStoreUnscaled(size: 1, v: 0, opc: 0, rt: rt.encoding, m)
    }
    /// `ldursb rt, [base, #imm]`.
    @inlinable @inline(__always) public mutating func ldursb<R: ZRRegister>(_ rt: R, _ m: Mem) throws(AssemblerError) {
        try loadStoreUnscaled(size: 0, v: 0, opc: 3 - R.sf, rt: rt.encoding, m)
    }
    /// `ldursh rt, [base, #imm]`.
    @inlinable @inline(__always) public mutating func ldursh<R: ZRRegister>(_ rt: R, _ m: Mem) throws(AssemblerError) {
        try loadStoreUnscaled(size: 1, v: 0, opc: 3 - R.sf, rt: rt.encoding, m)
    }
    /// `ldursw xt, [base, #imm]`.
    @inlinable @inline(__always) public mutating func ldursw(_ rt: X, _ m: Mem) throws(AssemblerError) {
        try loadStoreUnscaled(size: 2, v: 0, opc: 2, rt: rt.encoding, m)
    }

    // MARK: SIMD&FP registers

    @inlinable @inline(__always)
    static func fpSizeOpc<F: FPRegister>(_: F.Type, load: Bool) -> (size: UInt32, opc: UInt32) {
        F.sizeLog2 == 4 ? (0, load ? 3 : 2) : (F.sizeLog2, load ? 1 : 0)
    }
    /// `ldr bt|ht|st|dt|qt, mem`.
    @inlinable @inline(__always) public mutating func ldr<F: FPRegister>(_ rt: F, _ m: Mem) throws(AssemblerError) {
        let (size, opc) = Self.fpSizeOpc(F.self, load: true)
        try loadStore(size: size, scale: Int(F.sizeLog2), v: 1, opc: opc, rt: rt.encoding, m)
    }
    /// `str bt|ht|st|dt|qt, mem`.
    @inlinable @inline(__always) public mutating func str<F: FPRegister>(_ rt: F, _ m: Mem) throws(AssemblerError) {
        let (size, opc) = Self.fpSizeOpc(F.self, load: false)
        try loadStore(size: size, scale: Int(F.sizeLog2), v: 1, opc: opc, rt: rt.encoding, m)
    }
    /// `ldur bt|ht|st|dt|qt, [base, #imm]`.
    @inlinable @inline(__always) public mutating func ldur<F: FPRegister>(_ rt: F, _ m: Mem) throws(AssemblerError) {
        let (size, opc) = Self.fpSizeOpc(F.self, load: true)
        try loadStoreUnscaled(size: size, v: 1, opc: opc, rt: rt.encoding, m)
    }
    /// `stur bt|ht|st|dt|qt, [base, #imm]`.
    @inlinable @inline(__always) public mutating func stur<F: FPRegister>(_ rt: F, _ m: Mem) throws(AssemblerError) {
        let (size, opc) = Self.fpSizeOpc(F.self, load: false)
        try loadStoreUnscaled(size: size, v: 1, opc: opc, rt: rt.encoding, m)
    }

    // MARK: Literal (PC-relative) loads

    /// `ldr rt, label` (W/X literal, ±1 MiB).
    @inlinable @inline(__always) public mutating func ldr<R: ZRRegister>(_ rt: R, _ target: Label)
        throws(AssemblerError)
    {
        let f = try labelField(target, .imm19)
        emit(0x1800_0000 | R.sf << 30 | f | rt.encoding)
    }
    /// `ldr rt, #offset` (literal).
    @inlinable @inline(__always) public mutating func ldr<R: ZRRegister>(_ rt: R, offset: Int) throws(AssemblerError) {
        emit(0x1800_0000 | R.sf << 30 | (try A64Fixup.imm19.field(delta: offset)) | rt.encoding)
    }
    /// `ldrsw xt, label` (literal).
    @inlinable @inline(__always) public mutating func ldrsw(_ rt: X, _ target: Label) throws(AssemblerError) {
        let f = try labelField(target, .imm19)
        emit(0x9800_0000 | f | rt.encoding)
    }
    /// `ldrsw xt, #offset` (literal).
    @inlinable @inline(__always) public mutating func ldrsw(_ rt: X, offset: Int) throws(AssemblerError) {
        emit(0x9800_0000 | (try A64Fixup.imm19.field(delta: offset)) | rt.encoding)
    }
    @inlinable @inline(__always)
    static func fpLiteralOpc<F: FPRegister>(_: F.Type) throws(AssemblerError) -> UInt32 {
        switch F.sizeLog2 {
        case 2: return 0
        case 3: return 1
        case 4: return 2
        default: throw operandError("ldr literal takes S, D or Q")
        }
    }
    /// `ldr st|dt|qt, label` (literal).
    @inlinable @inline(__always) public mutating func ldr<F: FPRegister>(_ rt: F, _ target: Label)
        throws(AssemblerError)
    {
        let opc = try Self.fpLiteralOpc(F.self)
        let f = try labelField(target, .imm19)
        emit(0x1C00_0000 | opc << 30 | f | rt.encoding)
    }
    /// `ldr st|dt|qt, #offset` (literal).
    @inlinable @inline(__always) public mutating func ldr<F: FPRegister>(_ rt: F, offset: Int) throws(AssemblerError) {
        let opc = try Self.fpLiteralOpc(F.self)
        emit(0x1C00_0000 | opc << 30 | (try A64Fixup.imm19.field(delta: offset)) | rt.encoding)
    }

    // MARK: Pairs

    /// Load/store pair: `opc` 2-bit, `scale` log2 of one register's bytes; offset imm7 scaled.
    @inlinable @inline(__always)
    mutating func loadStorePair(opc: UInt32, v: UInt32, load: Bool, scale: Int, rt: UInt32, rt2: UInt32, _ m: Mem)
        throws(AssemblerError)
    {
        let mode: UInt32
        switch m.mode {
        case .offset: mode = 0b010
        case .pre: mode = 0b011
        case .post: mode = 0b001
        case .reg: throw operandError("ldp/stp take no register index")
        }
        // CONSTRAINED UNPREDICTABLE cases are rejected: ldp to one register twice; writeback into a transfer register.
        guard !load || rt != rt2 else { throw operandError("ldp with identical destination registers") }
        guard v == 1 || mode == 0b010 || m.base == 31 || (m.base != rt && m.base != rt2) else {
            throw operandError("writeback base equals a transfer register")
        }
        guard m.imm & ((1 << scale) - 1) == 0 else { throw immError("misaligned pair offset", m.imm) }
        let i = m.imm >> scale
        guard i >= -64 && i < 64 else { throw immError("pair offset", m.imm) }
        emit(
            0x2800_0000 | opc << 30 | v << 26 | mode << 23 | (load ? 1 << 22 : 0)
                | (UInt32(truncatingIfNeeded: i) & 0x7F) << 15 | rt2 << 10 | m.base << 5 | rt)
    }
    /// `ldp rt1, rt2, mem` (offset/pre/post; offset multiple of the register size in −64...63 × size).
    @inlinable @inline(__always) public mutating func ldp<R: ZRRegister>(_ rt1: R, _ rt2: R, _ m: Mem)
        throws(AssemblerError)
    {
        try loadStorePair(
            opc: R.sf << 1, v: 0, load: true, scale: 2 + Int(R.sf), rt: rt1.encoding, rt2: rt2.encoding, m)
    }
    /// `stp rt1, rt2, mem`.
    @inlinable @inline(__always) public mutating func stp<R: ZRRegister>(_ rt1: R, _ rt2: R, _ m: Mem)
        throws(AssemblerError)
    {
        try loadStorePair(
            opc: R.sf << 1, v: 0, load: false, scale: 2 + Int(R.sf), rt: rt1.encoding, rt2: rt2.encoding, m)
    }
    /// `ldpsw xt1, xt2, mem`.
    @inlinable @inline(__always) public mutating func ldpsw(_ rt1: X, _ rt2: X, _ m: Mem) throws(AssemblerError) {
        try loadStorePair(opc: 1, v: 0, load: true, scale: 2, rt: rt1.encoding, rt2: rt2.encoding, m)
    }
    @inlinable @inline(__always)
    static func fpPairOpc<F: FPRegister>(_: F.Type) throws(AssemblerError) -> UInt32 {
        guard F.sizeLog2 >= 2 else { throw operandError("ldp/stp take S, D or Q") }
        return F.sizeLog2 - 2
    }
    /// `ldp st1|dt1|qt1, rt2, mem`.
    @inlinable @inline(__always) public mutating func ldp<F: FPRegister>(_ rt1: F, _ rt2: F, _ m: Mem)
        throws(AssemblerError)
    {
        try loadStorePair(
            opc: try Self.fpPairOpc(F.self), v: 1, load: true, scale: Int(F.sizeLog2), rt: rt1.encoding,
            rt2: rt2.encoding, m)
    }
    /// `stp st1|dt1|qt1, rt2, mem`.
    @inlinable @inline(__always) public mutating func stp<F: FPRegister>(_ rt1: F, _ rt2: F, _ m: Mem)
        throws(AssemblerError)
    {
        try loadStorePair(
            opc: try Self.fpPairOpc(F.self), v: 1, load: false, scale: Int(F.sizeLog2), rt: rt1.encoding,
            rt2: rt2.encoding, m)
    }
}

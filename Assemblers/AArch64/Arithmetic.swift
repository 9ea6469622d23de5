import AssemblerCore

// Add/subtract (immediate, shifted register, extended register), compare, negate.
//
// Register-31 roles (ARM ARM):
// - immediate form:  Rd = SP (add/sub) or ZR (adds/subs); Rn = SP.
// - shifted form:    Rd, Rn, Rm all ZR.
// - extended form:   Rd = SP (add/sub) or ZR (adds/subs); Rn = SP; Rm = ZR.
// The parameter types below encode exactly these roles.

extension A64Assembler {
    /// The imm12/sh fields and the op bit for "add `imm`" (negative values flip add↔sub).
    /// Accepts 0...4095, or a multiple of 4096 up to 4095<<12 (encoded with `lsl #12`); the same negated.
    @inlinable @inline(__always)
    static func addSubImm(_ imm: Int, sub: Bool) throws(AssemblerError) -> UInt32 {
        var op: UInt32 = sub ? 1 : 0
        var m = imm
        if m < 0 {
            m = 0 &- m
            op ^= 1
            if m < 0 { throw immError("add/sub immediate", imm) }
        }
        if m < 4096 { return op << 30 | UInt32(truncatingIfNeeded: m) << 10 }
        if m & 0xFFF == 0 && m < (4096 << 12) { return op << 30 | 1 << 22 | UInt32(m >> 12) << 10 }
        throw immError("add/sub immediate", imm)
    }

    @inlinable @inline(__always)
    mutating func addSubImm(_ sf: UInt32, _ s: UInt32, _ rd: UInt32, _ rn: UInt32, _ imm: Int, sub: Bool)
        throws(AssemblerError)
    {
        let f = try Self.addSubImm(imm, sub: sub)
        emit(0x1100_0000 | sf << 31 | s << 29 | f | rn << 5 | rd)
    }

    /// `add rd, rn, #imm` — imm in 0...4095 or a multiple of 4096 up to 0xFFF000 (`lsl #12`); negative
    /// values assemble as `sub`. Rd and Rn may be SP.
    @inlinable @inline(__always) public mutating func add<R: SPRegister>(_ rd: R, _ rn: R, _ imm: Int)
        throws(AssemblerError)
    {
        try addSubImm(R.sf, 0, rd.encoding, rn.encoding, imm, sub: false)
    }
    /// `sub rd, rn, #imm` (see `add(_:_:_:)` for the immediate range). Rd and Rn may be SP.
    @inlinable @inline(__always) public mutating func sub<R: SPRegister>(_ rd: R, _ rn: R, _ imm: Int)
        throws(AssemblerError)
    {
        try addSubImm(R.sf, 0, rd.encoding, rn.encoding, imm, sub: true)
    }
    /// `adds rd, rn, #imm`. Rd is ZR-role, Rn may be SP.
    @inlinable @inline(__always) public mutating func adds<R: SPRegister>(_ rd: R.ZRRole, _ rn: R, _ imm: Int)
        throws(AssemblerError)
    {
        try addSubImm(R.sf, 1, rd.encoding, rn.encoding, imm, sub: false)
    }
    /// `subs rd, rn, #imm`. Rd is ZR-role, Rn may be SP.
    @inlinable @inline(__always) public mutating func subs<R: SPRegister>(_ rd: R.ZRRole, _ rn: R, _ imm: Int)
        throws(AssemblerError)
    {
        try addSubImm(R.sf, 1, rd.encoding, rn.encoding, imm, sub: true)
    }
    /// `cmp rn, #imm` (= `subs zr, rn, #imm`).
    @inlinable @inline(__always) public mutating func cmp<R: SPRegister>(_ rn: R, _ imm: Int) throws(AssemblerError) {
        try addSubImm(R.sf, 1, 31, rn.encoding, imm, sub: true)
    }
    /// `cmn rn, #imm` (= `adds zr, rn, #imm`).
    @inlinable @inline(__always) public mutating func cmn<R: SPRegister>(_ rn: R, _ imm: Int) throws(AssemblerError) {
        try addSubImm(R.sf, 1, 31, rn.encoding, imm, sub: false)
    }
    /// `mov rd, rn` where either may be SP (= `add rd, rn, #0`). Use `mov(_:_:)` for ZR-role moves.
    @inlinable @inline(__always) public mutating func movSP<R: SPRegister>(_ rd: R, _ rn: R) {
        emit(0x1100_0000 | R.sf << 31 | rn.encoding << 5 | rd.encoding)
    }

    // MARK: Shifted register

    @inlinable @inline(__always)
    mutating func addSubShifted(
        _ sf: UInt32, _ opS: UInt32, _ rd: UInt32, _ rn: UInt32, _ rm: UInt32,
        _ shift: Shift, _ amount: Int
    ) throws(AssemblerError) {
        guard shift != .ror else { throw operandError("add/sub shifted register cannot use ror") }
        let a = try ufield(amount, sf == 1 ? 6 : 5, "shift amount")
        emit(0x0B00_0000 | sf << 31 | opS << 29 | UInt32(shift.rawValue) << 22 | rm << 16 | a << 10 | rn << 5 | rd)
    }

    /// `add rd, rn, rm{, shift #amount}` (shift lsl/lsr/asr, amount < width). Register 31 is ZR.
    @inlinable @inline(__always) public mutating func add<R: ZRRegister>(
        _ rd: R, _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try addSubShifted(R.sf, 0b00, rd.encoding, rn.encoding, rm.encoding, shift, amount)
    }
    /// `adds rd, rn, rm{, shift #amount}`.
    @inlinable @inline(__always) public mutating func adds<R: ZRRegister>(
        _ rd: R, _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try addSubShifted(R.sf, 0b01, rd.encoding, rn.encoding, rm.encoding, shift, amount)
    }
    /// `sub rd, rn, rm{, shift #amount}`.
    @inlinable @inline(__always) public mutating func sub<R: ZRRegister>(
        _ rd: R, _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try addSubShifted(R.sf, 0b10, rd.encoding, rn.encoding, rm.encoding, shift, amount)
    }
    /// `subs rd, rn, rm{, shift #amount}`.
    @inlinable @inline(__always) public mutating func subs<R: ZRRegister>(
        _ rd: R, _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try addSubShifted(R.sf, 0b11, rd.encoding, rn.encoding, rm.encoding, shift, amount)
    }
    /// `cmp rn, rm{, shift #amount}` (= `subs zr, rn, rm`).
    @inlinable @inline(__always) public mutating func cmp<R: ZRRegister>(
        _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try addSubShifted(R.sf, 0b11, 31, rn.encoding, rm.encoding, shift, amount)
    }
    /// `cmn rn, rm{, shift #amount}` (= `adds zr, rn, rm`).
    @inlinable @inline(__always) public mutating func cmn<R: ZRRegister>(
        _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try addSubShifted(R.sf, 0b01, 31, rn.encoding, rm.encoding, shift, amount)
    }
    /// `neg rd, rm{, shift #amount}` (= `sub rd, zr, rm`).
    @inlinable @inline(__always) public mutating func neg<R: ZRRegister>(
        _ rd: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try addSubShifted(R.sf, 0b10, rd.encoding, 31, rm.encoding, shift, amount)
    }
    /// `negs rd, rm{, shift #amount}` (= `subs rd, zr, rm`).
    @inlinable @inline(__always) public mutating func negs<R: ZRRegister>(
        _ rd: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try addSubShifted(R.sf, 0b11, rd.encoding, 31, rm.encoding, shift, amount)
    }

    // MARK: Extended register

    @inlinable @inline(__always)
    mutating func addSubExt(
        _ sf: UInt32, _ opS: UInt32, _ rd: UInt32, _ rn: UInt32, _ rm: UInt32, rmIs64: Bool,
        _ ext: Extend, _ amount: Int
    ) throws(AssemblerError) {
        // Rm is an X register exactly for uxtx/sxtx (option<1:0> == 11); otherwise W.
        let wantsX = ext == .uxtx || ext == .sxtx
        guard wantsX == rmIs64 else { throw operandError("uxtx/sxtx take an X register, other extends a W register") }
        guard sf == 1 || !rmIs64 else { throw operandError("32-bit add/sub cannot take an X register") }
        guard amount >= 0 && amount <= 4 else { throw immError("extend shift", amount) }
        emit(
            0x0B20_0000 | sf << 31 | opS << 29 | rm << 16 | UInt32(ext.rawValue) << 13 | UInt32(amount) << 10 | rn << 5
                | rd)
    }

    /// `add rd, rn, rm, ext #amount` (extended register; amount 0...4). Rd/Rn may be SP, Rm is ZR-role and
    /// must be an X register for uxtx/sxtx and a W register otherwise. `add sp, sp, x1` is `add(.sp, .sp, .x1, .uxtx)`.
    @inlinable @inline(__always) public mutating func add<R: SPRegister, M: ZRRegister>(
        _ rd: R, _ rn: R, _ rm: M, _ ext: Extend, _ amount: Int = 0
    ) throws(AssemblerError) {
        try addSubExt(R.sf, 0b00, rd.encoding, rn.encoding, rm.encoding, rmIs64: M.sf == 1, ext, amount)
    }
    /// `sub rd, rn, rm, ext #amount` (extended register). `sub sp, sp, x17` is `sub(.sp, .sp, .x17, .uxtx)`.
    @inlinable @inline(__always) public mutating func sub<R: SPRegister, M: ZRRegister>(
        _ rd: R, _ rn: R, _ rm: M, _ ext: Extend, _ amount: Int = 0
    ) throws(AssemblerError) {
        try addSubExt(R.sf, 0b10, rd.encoding, rn.encoding, rm.encoding, rmIs64: M.sf == 1, ext, amount)
    }
    /// `adds rd, rn, rm, ext #amount` (Rd ZR-role).
    @inlinable @inline(__always) public mutating func adds<R: SPRegister, M: ZRRegister>(
        _ rd: R.ZRRole, _ rn: R, _ rm: M, _ ext: Extend, _ amount: Int = 0
    ) throws(AssemblerError) {
        try addSubExt(R.sf, 0b01, rd.encoding, rn.encoding, rm.encoding, rmIs64: M.sf == 1, ext, amount)
    }
    /// `subs rd, rn, rm, ext #amount` (Rd ZR-role).
    @inlinable @inline(__always) public mutating func subs<R: SPRegister, M: ZRRegister>(
        _ rd: R.ZRRole, _ rn: R, _ rm: M, _ ext: Extend, _ amount: Int = 0
    ) throws(AssemblerError) {
        try addSubExt(R.sf, 0b11, rd.encoding, rn.encoding, rm.encoding, rmIs64: M.sf == 1, ext, amount)
    }
    /// `cmp rn, rm, ext #amount` (extended register; Rn may be SP).
    @inlinable @inline(__always) public mutating func cmp<R: SPRegister, M: ZRRegister>(
        _ rn: R, _ rm: M, _ ext: Extend, _ amount: Int = 0
    ) throws(AssemblerError) {
        try addSubExt(R.sf, 0b11, 31, rn.encoding, rm.encoding, rmIs64: M.sf == 1, ext, amount)
    }
    /// `cmn rn, rm, ext #amount` (extended register; Rn may be SP).
    @inlinable @inline(__always) public mutating func cmn<R: SPRegister, M: ZRRegister>(
        _ rn: R, _ rm: M, _ ext: Extend, _ amount: Int = 0
    ) throws(AssemblerError) {
        try addSubExt(R.sf, 0b01, 31, rn.encoding, rm.encoding, rmIs64: M.sf == 1, ext, amount)
    }
}

// MARK: - Multiply, divide, data-processing (1 and 2 source), conditional select

extension A64Assembler {
    @inlinable @inline(__always)
    mutating func dp3(
        _ sf: UInt32, _ op31: UInt32, _ o0: UInt32, _ rd: UInt32, _ rn: UInt32, _ rm: UInt32, _ ra: UInt32
    ) {
        emit(0x1B00_0000 | sf << 31 | op31 << 21 | rm << 16 | o0 << 15 | ra << 10 | rn << 5 | rd)
    }
    /// `madd rd, rn, rm, ra` (rd = ra + rn*rm).
    @inlinable @inline(__always) public mutating func madd<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R, _ ra: R) {
        dp3(R.sf, 0, 0, rd.encoding, rn.encoding, rm.encoding, ra.encoding)
    }
    /// `msub rd, rn, rm, ra` (rd = ra − rn*rm).
    @inlinable @inline(__always) public mutating func msub<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R, _ ra: R) {
        dp3(R.sf, 0, 1, rd.encoding, rn.encoding, rm.encoding, ra.encoding)
    }
    /// `mul rd, rn, rm`.
    @inlinable @inline(__always) public mutating func mul<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R) {
        dp3(R.sf, 0, 0, rd.encoding, rn.encoding, rm.encoding, 31)
    }
    /// `mneg rd, rn, rm`.
    @inlinable @inline(__always) public mutating func mneg<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R) {
        dp3(R.sf, 0, 1, rd.encoding, rn.encoding, rm.encoding, 31)
    }
    /// `smulh xd, xn, xm` (high 64 bits of the signed 128-bit product).
    @inlinable @inline(__always) public mutating func smulh(_ rd: X, _ rn: X, _ rm: X) {
        dp3(1, 0b010, 0, rd.encoding, rn.encoding, rm.encoding, 31)
    }
    /// `umulh xd, xn, xm`.
    @inlinable @inline(__always) public mutating func umulh(_ rd: X, _ rn: X, _ rm: X) {
        dp3(1, 0b110, 0, rd.encoding, rn.encoding, rm.encoding, 31)
    }
    /// `smaddl xd, wn, wm, xa`.
    @inlinable @inline(__always) public mutating func smaddl(_ rd: X, _ rn: W, _ rm: W, _ ra: X) {
        dp3(1, 0b001, 0, rd.encoding, rn.encoding, rm.encoding, ra.encoding)
    }
    /// `smsubl xd, wn, wm, xa`.
    @inlinable @inline(__always) public mutating func smsubl(_ rd: X, _ rn: W, _ rm: W, _ ra: X) {
        dp3(1, 0b001, 1, rd.encoding, rn.encoding, rm.encoding, ra.encoding)
    }
    /// `umaddl xd, wn, wm, xa`.
    @inlinable @inline(__always) public mutating func umaddl(_ rd: X, _ rn: W, _ rm: W, _ ra: X) {
        dp3(1, 0b101, 0, rd.encoding, rn.encoding, rm.encoding, ra.encoding)
    }
    /// `umsubl xd, wn, wm, xa`.
    @inlinable @inline(__always) public mutating func umsubl(_ rd: X, _ rn: W, _ rm: W, _ ra: X) {
        dp3(1, 0b101, 1, rd.encoding, rn.encoding, rm.encoding, ra.encoding)
    }
    /// `smull xd, wn, wm`.
    @inlinable @inline(__always) public mutating func smull(_ rd: X, _ rn: W, _ rm: W) {
        dp3(1, 0b001, 0, rd.encoding, rn.encoding, rm.encoding, 31)
    }
    /// `umull xd, wn, wm`.
    @inlinable @inline(__always) public mutating func umull(_ rd: X, _ rn: W, _ rm: W) {
        dp3(1, 0b101, 0, rd.encoding, rn.encoding, rm.encoding, 31)
    }

    @inlinable @inline(__always)
    mutating func dp2(_ sf: UInt32, _ opcode: UInt32, _ rd: UInt32, _ rn: UInt32, _ rm: UInt32) {
        emit(0x1AC0_0000 | sf << 31 | rm << 16 | opcode << 10 | rn << 5 | rd)
    }
    /// `sdiv rd, rn, rm` (signed; division by zero yields 0, no trap).
    @inlinable @inline(__always) public mutating func sdiv<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R) {
        dp2(R.sf, 0b000011, rd.encoding, rn.encoding, rm.encoding)
    }
    /// `udiv rd, rn, rm`.
    @inlinable @inline(__always) public mutating func udiv<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R) {
        dp2(R.sf, 0b000010, rd.encoding, rn.encoding, rm.encoding)
    }
    /// `lsl rd, rn, rm` (lslv; shift amount = rm mod width).
    @inlinable @inline(__always) public mutating func lsl<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R) {
        dp2(R.sf, 0b001000, rd.encoding, rn.encoding, rm.encoding)
    }
    /// `lsr rd, rn, rm` (lsrv).
    @inlinable @inline(__always) public mutating func lsr<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R) {
        dp2(R.sf, 0b001001, rd.encoding, rn.encoding, rm.encoding)
    }
    /// `asr rd, rn, rm` (asrv).
    @inlinable @inline(__always) public mutating func asr<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R) {
        dp2(R.sf, 0b001010, rd.encoding, rn.encoding, rm.encoding)
    }
    /// `ror rd, rn, rm` (rorv).
    @inlinable @inline(__always) public mutating func ror<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R) {
        dp2(R.sf, 0b001011, rd.encoding, rn.encoding, rm.encoding)
    }

    @inlinable @inline(__always)
    mutating func dp1(_ sf: UInt32, _ opcode: UInt32, _ rd: UInt32, _ rn: UInt32) {
        emit(0x5AC0_0000 | sf << 31 | opcode << 10 | rn << 5 | rd)
    }
    /// `rbit rd, rn`.
    @inlinable @inline(__always) public mutating func rbit<R: ZRRegister>(_ rd: R, _ rn: R) {
        dp1(R.sf, 0, rd.encoding, rn.encoding)
    }
    /// `rev16 rd, rn` (byte-swap each halfword).
    @inlinable @inline(__always) public mutating func rev16<R: ZRRegister>(_ rd: R, _ rn: R) {
        dp1(R.sf, 1, rd.encoding, rn.encoding)
    }
    /// `rev32 xd, xn` (byte-swap each word of a 64-bit register).
    @inlinable @inline(__always) public mutating func rev32(_ rd: X, _ rn: X) { dp1(1, 2, rd.encoding, rn.encoding) }
    /// `rev rd, rn` (byte-swap the whole register).
    @inlinable @inline(__always) public mutating func rev<R: ZRRegister>(_ rd: R, _ rn: R) {
        dp1(R.sf, R.sf == 1 ? 3 : 2, rd.encoding, rn.encoding)
    }
    /// `clz rd, rn`.
    @inlinable @inline(__always) public mutating func clz<R: ZRRegister>(_ rd: R, _ rn: R) {
        dp1(R.sf, 4, rd.encoding, rn.encoding)
    }
    /// `cls rd, rn`.
    @inlinable @inline(__always) public mutating func cls<R: ZRRegister>(_ rd: R, _ rn: R) {
        dp1(R.sf, 5, rd.encoding, rn.encoding)
    }

    @inlinable @inline(__always)
    mutating func condSel(
        _ sf: UInt32, _ op: UInt32, _ op2: UInt32, _ rd: UInt32, _ rn: UInt32, _ rm: UInt32, _ c: Cond
    ) {
        emit(0x1A80_0000 | sf << 31 | op << 30 | rm << 16 | c.bits << 12 | op2 << 10 | rn << 5 | rd)
    }
    /// `csel rd, rn, rm, cond` (rd = cond ? rn : rm).
    @inlinable @inline(__always) public mutating func csel<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R, _ c: Cond) {
        condSel(R.sf, 0, 0, rd.encoding, rn.encoding, rm.encoding, c)
    }
    /// `csinc rd, rn, rm, cond` (rd = cond ? rn : rm + 1).
    @inlinable @inline(__always) public mutating func csinc<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R, _ c: Cond) {
        condSel(R.sf, 0, 1, rd.encoding, rn.encoding, rm.encoding, c)
    }
    /// `csinv rd, rn, rm, cond` (rd = cond ? rn : ~rm).
    @inlinable @inline(__always) public mutating func csinv<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R, _ c: Cond) {
        condSel(R.sf, 1, 0, rd.encoding, rn.encoding, rm.encoding, c)
    }
    /// `csneg rd, rn, rm, cond` (rd = cond ? rn : −rm).
    @inlinable @inline(__always) public mutating func csneg<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R, _ c: Cond) {
        condSel(R.sf, 1, 1, rd.encoding, rn.encoding, rm.encoding, c)
    }

    @inlinable @inline(__always)
    static func invertible(_ c: Cond) throws(AssemblerError) -> Cond {
        guard c.rawValue < 14 else { throw operandError("condition al/nv cannot be inverted") }
        return c.inverted
    }
    /// `cset rd, cond` (rd = cond ? 1 : 0). `.al`/`.nv` are rejected.
    @inlinable @inline(__always) public mutating func cset<R: ZRRegister>(_ rd: R, _ c: Cond) throws(AssemblerError) {
        condSel(R.sf, 0, 1, rd.encoding, 31, 31, try Self.invertible(c))
    }
    /// `csetm rd, cond` (rd = cond ? −1 : 0).
    @inlinable @inline(__always) public mutating func csetm<R: ZRRegister>(_ rd: R, _ c: Cond) throws(AssemblerError) {
        condSel(R.sf, 1, 0, rd.encoding, 31, 31, try Self.invertible(c))
    }
    /// `cinc rd, rn, cond` (rd = cond ? rn + 1 : rn).
    @inlinable @inline(__always) public mutating func cinc<R: ZRRegister>(_ rd: R, _ rn: R, _ c: Cond)
        throws(AssemblerError)
    {
        condSel(R.sf, 0, 1, rd.encoding, rn.encoding, rn.encoding, try Self.invertible(c))
    }
    /// `cinv rd, rn, cond`.
    @inlinable @inline(__always) public mutating func cinv<R: ZRRegister>(_ rd: R, _ rn: R, _ c: Cond)
        throws(AssemblerError)
    {
        condSel(R.sf, 1, 0, rd.encoding, rn.encoding, rn.encoding, try Self.invertible(c))
    }
    /// `cneg rd, rn, cond`.
    @inlinable @inline(__always) public mutating func cneg<R: ZRRegister>(_ rd: R, _ rn: R, _ c: Cond)
        throws(AssemblerError)
    {
        condSel(R.sf, 1, 1, rd.encoding, rn.encoding, rn.encoding, try Self.invertible(c))
    }
}

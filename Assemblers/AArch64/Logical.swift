import AssemblerCore

// Logical instructions (shifted register and bitmask immediate), register moves.
//
// Register-31 roles: shifted-register forms are all ZR; immediate forms have Rd = SP (and/orr/eor) or
// ZR (ands), Rn = ZR.

extension A64Assembler {
    @inlinable @inline(__always)
    mutating func logicalShifted(
        _ sf: UInt32, _ opc: UInt32, _ n: UInt32, _ rd: UInt32, _ rn: UInt32, _ rm: UInt32,
        _ shift: Shift, _ amount: Int
    ) throws(AssemblerError) {
        let a = try ufield(amount, sf == 1 ? 6 : 5, "shift amount")
        emit(
            0x0A00_0000 | sf << 31 | opc << 29 | UInt32(shift.rawValue) << 22 | n << 21 | rm << 16 | a << 10 | rn << 5
                | rd)
    }

    /// `and rd, rn, rm{, shift #amount}`.
    @inlinable @inline(__always) public mutating func and<R: ZRRegister>(
        _ rd: R, _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try logicalShifted(R.sf, 0b00, 0, rd.encoding, rn.encoding, rm.encoding, shift, amount)
    }
    /// `bic rd, rn, rm{, shift #amount}` (rn AND NOT rm).
    @inlinable @inline(__always) public mutating func bic<R: ZRRegister>(
        _ rd: R, _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try logicalShifted(R.sf, 0b00, 1, rd.encoding, rn.encoding, rm.encoding, shift, amount)
    }
    /// `orr rd, rn, rm{, shift #amount}`.
    @inlinable @inline(__always) public mutating func orr<R: ZRRegister>(
        _ rd: R, _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try logicalShifted(R.sf, 0b01, 0, rd.encoding, rn.encoding, rm.encoding, shift, amount)
    }
    /// `orn rd, rn, rm{, shift #amount}` (rn OR NOT rm).
    @inlinable @inline(__always) public mutating func orn<R: ZRRegister>(
        _ rd: R, _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try logicalShifted(R.sf, 0b01, 1, rd.encoding, rn.encoding, rm.encoding, shift, amount)
    }
    /// `eor rd, rn, rm{, shift #amount}`.
    @inlinable @inline(__always) public mutating func eor<R: ZRRegister>(
        _ rd: R, _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try logicalShifted(R.sf, 0b10, 0, rd.encoding, rn.encoding, rm.encoding, shift, amount)
    }
    /// `eon rd, rn, rm{, shift #amount}` (rn XOR NOT rm).
    @inlinable @inline(__always) public mutating func eon<R: ZRRegister>(
        _ rd: R, _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try logicalShifted(R.sf, 0b10, 1, rd.encoding, rn.encoding, rm.encoding, shift, amount)
    }
    /// `ands rd, rn, rm{, shift #amount}`.
    @inlinable @inline(__always) public mutating func ands<R: ZRRegister>(
        _ rd: R, _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try logicalShifted(R.sf, 0b11, 0, rd.encoding, rn.encoding, rm.encoding, shift, amount)
    }
    /// `bics rd, rn, rm{, shift #amount}`.
    @inlinable @inline(__always) public mutating func bics<R: ZRRegister>(
        _ rd: R, _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try logicalShifted(R.sf, 0b11, 1, rd.encoding, rn.encoding, rm.encoding, shift, amount)
    }
    /// `tst rn, rm{, shift #amount}` (= `ands zr, rn, rm`).
    @inlinable @inline(__always) public mutating func tst<R: ZRRegister>(
        _ rn: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try logicalShifted(R.sf, 0b11, 0, 31, rn.encoding, rm.encoding, shift, amount)
    }
    /// `mvn rd, rm{, shift #amount}` (= `orn rd, zr, rm`).
    @inlinable @inline(__always) public mutating func mvn<R: ZRRegister>(
        _ rd: R, _ rm: R, _ shift: Shift = .lsl, _ amount: Int = 0
    ) throws(AssemblerError) {
        try logicalShifted(R.sf, 0b01, 1, rd.encoding, 31, rm.encoding, shift, amount)
    }
    /// `mov rd, rm` between ZR-role registers (= `orr rd, zr, rm`). Use `movSP` when either side is SP.
    @inlinable @inline(__always) public mutating func mov<R: ZRRegister>(_ rd: R, _ rm: R) {
        emit(0x2A00_0000 | R.sf << 31 | rm.encoding << 16 | 31 << 5 | rd.encoding)
    }

    // MARK: Bitmask immediate

    @inlinable @inline(__always)
    mutating func logicalImm(_ sf: UInt32, _ opc: UInt32, _ rd: UInt32, _ rn: UInt32, _ imm: UInt64)
        throws(AssemblerError)
    {
        guard let f = BitmaskImmediate.encode(imm, width: sf == 1 ? 64 : 32) else {
            throw bitmaskError(imm, sf == 1 ? 64 : 32)
        }
        emit(0x1200_0000 | sf << 31 | opc << 29 | f << 10 | rn << 5 | rd)
    }

    /// `and rd, rn, #imm` (bitmask immediate; throws if `imm` is not encodable). Rd may be SP.
    @inlinable @inline(__always) public mutating func and<R: SPRegister>(_ rd: R, _ rn: R.ZRRole, _ imm: UInt64)
        throws(AssemblerError)
    {
        try logicalImm(R.sf, 0b00, rd.encoding, rn.encoding, imm)
    }
    /// `orr rd, rn, #imm` (bitmask immediate). Rd may be SP.
    @inlinable @inline(__always) public mutating func orr<R: SPRegister>(_ rd: R, _ rn: R.ZRRole, _ imm: UInt64)
        throws(AssemblerError)
    {
        try logicalImm(R.sf, 0b01, rd.encoding, rn.encoding, imm)
    }
    /// `eor rd, rn, #imm` (bitmask immediate). Rd may be SP.
    @inlinable @inline(__always) public mutating func eor<R: SPRegister>(_ rd: R, _ rn: R.ZRRole, _ imm: UInt64)
        throws(AssemblerError)
    {
        try logicalImm(R.sf, 0b10, rd.encoding, rn.encoding, imm)
    }
    /// `ands rd, rn, #imm` (bitmask immediate). Rd is ZR-role.
    @inlinable @inline(__always) public mutating func ands<R: ZRRegister>(_ rd: R, _ rn: R, _ imm: UInt64)
        throws(AssemblerError)
    {
        try logicalImm(R.sf, 0b11, rd.encoding, rn.encoding, imm)
    }
    /// `tst rn, #imm` (= `ands zr, rn, #imm`).
    @inlinable @inline(__always) public mutating func tst<R: ZRRegister>(_ rn: R, _ imm: UInt64) throws(AssemblerError)
    {
        try logicalImm(R.sf, 0b11, 31, rn.encoding, imm)
    }

    // MARK: Move wide

    @inlinable @inline(__always)
    mutating func moveWide(_ sf: UInt32, _ opc: UInt32, _ rd: UInt32, _ imm: Int, _ shift: Int) throws(AssemblerError) {
        let v = try ufield(imm, 16, "move-wide immediate")
        guard shift & 15 == 0, shift >= 0, shift < (sf == 1 ? 64 : 32) else { throw immError("move-wide shift", shift) }
        emit(0x1280_0000 | sf << 31 | opc << 29 | UInt32(shift >> 4) << 21 | v << 5 | rd)
    }
    /// `movz rd, #imm16, lsl #shift` (shift 0/16/32/48; 0/16 for W).
    @inlinable @inline(__always) public mutating func movz<R: ZRRegister>(_ rd: R, _ imm16: Int, lsl shift: Int = 0)
        throws(AssemblerError)
    {
        try moveWide(R.sf, 0b10, rd.encoding, imm16, shift)
    }
    /// `movn rd, #imm16, lsl #shift` (rd = NOT(imm16 << shift)).
    @inlinable @inline(__always) public mutating func movn<R: ZRRegister>(_ rd: R, _ imm16: Int, lsl shift: Int = 0)
        throws(AssemblerError)
    {
        try moveWide(R.sf, 0b00, rd.encoding, imm16, shift)
    }
    /// `movk rd, #imm16, lsl #shift` (replace one halfword, keep the rest).
    @inlinable @inline(__always) public mutating func movk<R: ZRRegister>(_ rd: R, _ imm16: Int, lsl shift: Int = 0)
        throws(AssemblerError)
    {
        try moveWide(R.sf, 0b11, rd.encoding, imm16, shift)
    }

    // MARK: Constant materialization

    /// Load any 64-bit constant into `rd` with the shortest sequence this encoder knows: one `movz`/`movn`/
    /// `orr`-bitmask if possible, else `orr`-bitmask + one `movk`, else `movz`/`movn` + `movk`s (at most 4
    /// instructions). Never throws.
    public mutating func mov(_ rd: X, _ imm: UInt64) {
        let r = rd.encoding
        var zeros = 0
        var ones = 0
        for i in 0..<4 {
            let h = (imm >> UInt64(16 * i)) & 0xFFFF
            if h == 0 { zeros += 1 } else if h == 0xFFFF { ones += 1 }
        }
        // Single instruction.
        if zeros >= 3 {
            let i = imm == 0 ? 0 : imm.trailingZeroBitCount / 16
            emitMoveWide(1, 0b10, r, (imm >> UInt64(16 * i)) & 0xFFFF, i)
            return
        }
        if ones >= 3 {
            let inv = ~imm
            let i = inv.trailingZeroBitCount / 16
            emitMoveWide(1, 0b00, r, (inv >> UInt64(16 * i)) & 0xFFFF, i)
            return
        }
        if let f = BitmaskImmediate.encode(imm, width: 64) {
            emit(0xB200_0000 | 1 << 29 | f << 10 | 31 << 5 | r) // orr xd, xzr, #imm
            return
        }
        // Two instructions: movz/movn + movk.
        if zeros == 2 || ones == 2 {
            emitMoveWideSequence(r, imm, useNot: ones == 2 && zeros < 2)
            return
        }
        // orr-bitmask + movk: the value with one halfword replaced is a bitmask immediate.
        for i in 0..<4 {
            let sh = UInt64(16 * i)
            let cleared = imm & ~(UInt64(0xFFFF) << sh)
            for j in 0..<4 where j != i {
                let fill = (imm >> UInt64(16 * j)) & 0xFFFF
                let candidate = cleared | fill << sh
                if let f = BitmaskImmediate.encode(candidate, width: 64) {
                    emit(0xB200_0000 | 1 << 29 | f << 10 | 31 << 5 | r)
                    emitMoveWide(1, 0b11, r, (imm >> sh) & 0xFFFF, i)
                    return
                }
            }
        }
        emitMoveWideSequence(r, imm, useNot: ones > zeros)
    }

    /// Load a 32-bit constant into `rd` (one `movz`/`movn`/`orr`, else `movz`+`movk`). Never throws.
    public mutating func mov(_ rd: W, _ imm: UInt32) {
        let r = rd.encoding
        let lo = UInt64(imm & 0xFFFF)
        let hi = UInt64(imm >> 16)
        if hi == 0 {
            emitMoveWide(0, 0b10, r, lo, 0)
            return
        }
        if lo == 0 {
            emitMoveWide(0, 0b10, r, hi, 1)
            return
        }
        if hi == 0xFFFF {
            emitMoveWide(0, 0b00, r, lo ^ 0xFFFF, 0)
            return
        }
        if lo == 0xFFFF {
            emitMoveWide(0, 0b00, r, hi ^ 0xFFFF, 1)
            return
        }
        if let f = BitmaskImmediate.encode(UInt64(imm), width: 32) {
            emit(0x3200_0000 | f << 10 | 31 << 5 | r) // orr wd, wzr, #imm
            return
        }
        emitMoveWide(0, 0b10, r, lo, 0)
        emitMoveWide(0, 0b11, r, hi, 1)
    }

    @inlinable @inline(__always)
    mutating func emitMoveWide(_ sf: UInt32, _ opc: UInt32, _ rd: UInt32, _ imm16: UInt64, _ hw: Int) {
        emit(0x1280_0000 | sf << 31 | opc << 29 | UInt32(hw) << 21 | UInt32(imm16) << 5 | rd)
    }

    /// movz (or movn when `useNot`) for the first halfword that differs from the background, then movk for
    /// each other halfword that differs.
    mutating func emitMoveWideSequence(_ r: UInt32, _ imm: UInt64, useNot: Bool) {
        let background: UInt64 = useNot ? 0xFFFF : 0
        var first = true
        for i in 0..<4 {
            let h = (imm >> UInt64(16 * i)) & 0xFFFF
            if h == background { continue }
            if first {
                emitMoveWide(1, useNot ? 0b00 : 0b10, r, useNot ? h ^ 0xFFFF : h, i)
                first = false
            } else {
                emitMoveWide(1, 0b11, r, h, i)
            }
        }
        if first { emitMoveWide(1, useNot ? 0b00 : 0b10, r, 0, 0) }
    }
}

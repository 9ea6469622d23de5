import AssemblerCore

// Bitfield moves (sbfm/bfm/ubfm), their aliases (shifts by immediate, extracts, inserts, extensions) and extr.
// All operands are ZR-role. immr/imms are < width; N = sf.

extension A64Assembler {
    @inlinable @inline(__always)
    mutating func bitfield(_ sf: UInt32, _ opc: UInt32, _ rd: UInt32, _ rn: UInt32, _ immr: Int, _ imms: Int)
        throws(AssemblerError)
    {
        let bits = sf == 1 ? 6 : 5
        let r = try ufield(immr, bits, "immr")
        let s = try ufield(imms, bits, "imms")
        emit(0x1300_0000 | sf << 31 | opc << 29 | sf << 22 | r << 16 | s << 10 | rn << 5 | rd)
    }

    /// `sbfm rd, rn, #immr, #imms`.
    @inlinable @inline(__always) public mutating func sbfm<R: ZRRegister>(_ rd: R, _ rn: R, _ immr: Int, _ imms: Int)
        throws(AssemblerError)
    {
        try bitfield(R.sf, 0b00, rd.encoding, rn.encoding, immr, imms)
    }
    /// `bfm rd, rn, #immr, #imms`.
    @inlinable @inline(__always) public mutating func bfm<R: ZRRegister>(_ rd: R, _ rn: R, _ immr: Int, _ imms: Int)
        throws(AssemblerError)
    {
        try bitfield(R.sf, 0b01, rd.encoding, rn.encoding, immr, imms)
    }
    /// `ubfm rd, rn, #immr, #imms`.
    @inlinable @inline(__always) public mutating func ubfm<R: ZRRegister>(_ rd: R, _ rn: R, _ immr: Int, _ imms: Int)
        throws(AssemblerError)
    {
        try bitfield(R.sf, 0b10, rd.encoding, rn.encoding, immr, imms)
    }

    /// Validates `lsb`/`width` for a field of a `size`-bit register: 0 ≤ lsb < size, 1 ≤ width ≤ size − lsb.
    @inlinable @inline(__always)
    static func checkField(_ lsb: Int, _ width: Int, _ size: Int) throws(AssemblerError) {
        guard lsb >= 0 && lsb < size else { throw immError("bitfield lsb", lsb) }
        guard width >= 1 && width <= size - lsb else { throw immError("bitfield width", width) }
    }

    /// `lsl rd, rn, #shift` (0 ≤ shift < width; = `ubfm rd, rn, #(-shift mod w), #(w-1-shift)`).
    @inlinable @inline(__always) public mutating func lsl<R: ZRRegister>(_ rd: R, _ rn: R, _ shift: Int)
        throws(AssemblerError)
    {
        let w = R.bits
        guard shift >= 0 && shift < w else { throw immError("shift", shift) }
        try bitfield(R.sf, 0b10, rd.encoding, rn.encoding, (w - shift) & (w - 1), w - 1 - shift)
    }
    /// `lsr rd, rn, #shift` (0 ≤ shift < width).
    @inlinable @inline(__always) public mutating func lsr<R: ZRRegister>(_ rd: R, _ rn: R, _ shift: Int)
        throws(AssemblerError)
    {
        guard shift >= 0 && shift < R.bits else { throw immError("shift", shift) }
        try bitfield(R.sf, 0b10, rd.encoding, rn.encoding, shift, R.bits - 1)
    }
    /// `asr rd, rn, #shift` (0 ≤ shift < width).
    @inlinable @inline(__always) public mutating func asr<R: ZRRegister>(_ rd: R, _ rn: R, _ shift: Int)
        throws(AssemblerError)
    {
        guard shift >= 0 && shift < R.bits else { throw immError("shift", shift) }
        try bitfield(R.sf, 0b00, rd.encoding, rn.encoding, shift, R.bits - 1)
    }
    /// `ror rd, rn, #shift` (= `extr rd, rn, rn, #shift`).
    @inlinable @inline(__always) public mutating func ror<R: ZRRegister>(_ rd: R, _ rn: R, _ shift: Int)
        throws(AssemblerError)
    {
        try extr(rd, rn, rn, shift)
    }
    /// `ubfx rd, rn, #lsb, #width` (extract unsigned field).
    @inlinable @inline(__always) public mutating func ubfx<R: ZRRegister>(_ rd: R, _ rn: R, _ lsb: Int, _ width: Int)
        throws(AssemblerError)
    {
        try Self.checkField(lsb, width, R.bits)
        try bitfield(R.sf, 0b10, rd.encoding, rn.encoding, lsb, lsb + width - 1)
    }
    /// `sbfx rd, rn, #lsb, #width` (extract signed field).
    @inlinable @inline(__always) public mutating func sbfx<R: ZRRegister>(_ rd: R, _ rn: R, _ lsb: Int, _ width: Int)
        throws(AssemblerError)
    {
        try Self.checkField(lsb, width, R.bits)
        try bitfield(R.sf, 0b00, rd.encoding, rn.encoding, lsb, lsb + width - 1)
    }
    /// `bfxil rd, rn, #lsb, #width` (copy field rn<lsb+width-1:lsb> to rd<width-1:0>).
    @inlinable @inline(__always) public mutating func bfxil<R: ZRRegister>(_ rd: R, _ rn: R, _ lsb: Int, _ width: Int)
        throws(AssemblerError)
    {
        try Self.checkField(lsb, width, R.bits)
        try bitfield(R.sf, 0b01, rd.encoding, rn.encoding, lsb, lsb + width - 1)
    }
    /// `bfi rd, rn, #lsb, #width` (insert rn<width-1:0> at rd<lsb+width-1:lsb>).
    @inlinable @inline(__always) public mutating func bfi<R: ZRRegister>(_ rd: R, _ rn: R, _ lsb: Int, _ width: Int)
        throws(AssemblerError)
    {
        try Self.checkField(lsb, width, R.bits)
        try bitfield(R.sf, 0b01, rd.encoding, rn.encoding, (R.bits - lsb) & (R.bits - 1), width - 1)
    }
    /// `ubfiz rd, rn, #lsb, #width` (zero rd, insert rn<width-1:0> at lsb).
    @inlinable @inline(__always) public mutating func ubfiz<R: ZRRegister>(_ rd: R, _ rn: R, _ lsb: Int, _ width: Int)
        throws(AssemblerError)
    {
        try Self.checkField(lsb, width, R.bits)
        try bitfield(R.sf, 0b10, rd.encoding, rn.encoding, (R.bits - lsb) & (R.bits - 1), width - 1)
    }
    /// `sbfiz rd, rn, #lsb, #width`.
    @inlinable @inline(__always) public mutating func sbfiz<R: ZRRegister>(_ rd: R, _ rn: R, _ lsb: Int, _ width: Int)
        throws(AssemblerError)
    {
        try Self.checkField(lsb, width, R.bits)
        try bitfield(R.sf, 0b00, rd.encoding, rn.encoding, (R.bits - lsb) & (R.bits - 1), width - 1)
    }

    /// `sxtb rd, wn` (sign-extend byte; rd W or X).
    @inlinable @inline(__always) public mutating func sxtb<R: ZRRegister>(_ rd: R, _ rn: W) {
        emit(0x1300_0000 | R.sf << 31 | R.sf << 22 | 7 << 10 | rn.encoding << 5 | rd.encoding)
    }
    /// `sxth rd, wn`.
    @inlinable @inline(__always) public mutating func sxth<R: ZRRegister>(_ rd: R, _ rn: W) {
        emit(0x1300_0000 | R.sf << 31 | R.sf << 22 | 15 << 10 | rn.encoding << 5 | rd.encoding)
    }
    /// `sxtw xd, wn`.
    @inlinable @inline(__always) public mutating func sxtw(_ rd: X, _ rn: W) {
        emit(0x9340_0000 | 31 << 10 | rn.encoding << 5 | rd.encoding)
    }
    /// `uxtb wd, wn` (zero-extend byte; writing a W register clears the upper 32 bits).
    @inlinable @inline(__always) public mutating func uxtb(_ rd: W, _ rn: W) {
        emit(0x5300_0000 | 7 << 10 | rn.encoding << 5 | rd.encoding)
    }
    /// `uxth wd, wn`.
    @inlinable @inline(__always) public mutating func uxth(_ rd: W, _ rn: W) {
        emit(0x5300_0000 | 15 << 10 | rn.encoding << 5 | rd.encoding)
    }

    /// `extr rd, rn, rm, #lsb` (rd = (rn:rm) >> lsb, 0 ≤ lsb < width).
    @inlinable @inline(__always) public mutating func extr<R: ZRRegister>(_ rd: R, _ rn: R, _ rm: R, _ lsb: Int)
        throws(AssemblerError)
    {
        let s = try ufield(lsb, R.sf == 1 ? 6 : 5, "extr lsb")
        emit(0x1380_0000 | R.sf << 31 | R.sf << 22 | rm.encoding << 16 | s << 10 | rn.encoding << 5 | rd.encoding)
    }
}

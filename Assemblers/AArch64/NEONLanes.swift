import AssemblerCore

// NEON lane moves (dup/ins/umov/smov), immediate moves (movi/mvni) and single-structure lane loads/stores.
//
// Lane operands: (register, element size, lane index); the index must be < 16 / element bytes, else
// `.immediateOutOfRange`.

extension A64Assembler {
    /// imm5 for an element size and lane: index << (size+1) | 1 << size.
    @inlinable @inline(__always)
    static func imm5(_ e: ElementSize, _ lane: Int) throws(AssemblerError) -> UInt32 {
        guard lane >= 0 && lane < e.lanes else { throw immError("lane index", lane) }
        return UInt32(lane) << (e.size + 1) | 1 << e.size
    }
    @inlinable @inline(__always)
    mutating func copy(_ q: UInt32, _ op: UInt32, _ imm5: UInt32, _ imm4: UInt32, _ rd: UInt32, _ rn: UInt32) {
        emit(0x0E00_0400 | q << 30 | op << 29 | imm5 << 16 | imm4 << 11 | rn << 5 | rd)
    }

    /// `dup vd.T, vn.Ts[lane]` (T ≠ 1D; element size from T).
    @inlinable @inline(__always) public mutating func dup(_ vd: V, _ t: Arrangement, _ vn: V, lane: Int)
        throws(AssemblerError)
    {
        try Self.check(t, ArrMask.noD1, "dup")
        copy(t.q, 0, try Self.imm5(t.element, lane), 0b0000, vd.encoding, vn.encoding)
    }
    /// `dup vd.T, rn` (W source for B/H/S elements, X source for 2D).
    @inlinable @inline(__always) public mutating func dup<R: ZRRegister>(_ vd: V, _ t: Arrangement, _ rn: R)
        throws(AssemblerError)
    {
        try Self.check(t, ArrMask.noD1, "dup")
        guard (t.size == 3) == (R.sf == 1) else {
            throw operandError("dup: \(t) needs a \(t.size == 3 ? "X" : "W") source")
        }
        copy(t.q, 0, try Self.imm5(t.element, 0), 0b0001, vd.encoding, rn.encoding)
    }
    /// `ins vd.Ts[lane], rn` (alias `mov`; W source for B/H/S, X for D).
    @inlinable @inline(__always) public mutating func ins<R: ZRRegister>(_ vd: V, _ e: ElementSize, lane: Int, _ rn: R)
        throws(AssemblerError)
    {
        guard (e == .d) == (R.sf == 1) else {
            throw operandError("ins: element \(e) needs a \(e == .d ? "X" : "W") source")
        }
        copy(1, 0, try Self.imm5(e, lane), 0b0011, vd.encoding, rn.encoding)
    }
    /// `ins vd.Ts[lane], vn.Ts[srcLane]` (alias `mov`).
    @inlinable @inline(__always) public mutating func ins(_ vd: V, _ e: ElementSize, lane: Int, _ vn: V, srcLane: Int)
        throws(AssemblerError)
    {
        let i5 = try Self.imm5(e, lane)
        guard srcLane >= 0 && srcLane < e.lanes else { throw immError("lane index", srcLane) }
        copy(1, 1, i5, UInt32(srcLane) << e.size, vd.encoding, vn.encoding)
    }
    /// `umov rd, vn.Ts[lane]` (W for B/H/S, X for D; alias `mov` for S/D).
    @inlinable @inline(__always) public mutating func umov<R: ZRRegister>(_ rd: R, _ vn: V, _ e: ElementSize, lane: Int)
        throws(AssemblerError)
    {
        guard (e == .d) == (R.sf == 1) else {
            throw operandError("umov: element \(e) needs a \(e == .d ? "X" : "W") destination")
        }
        copy(R.sf, 0, try Self.imm5(e, lane), 0b0111, rd.encoding, vn.encoding)
    }
    /// `smov rd, vn.Ts[lane]` (sign-extending; W for B/H, X for B/H/S).
    @inlinable @inline(__always) public mutating func smov<R: ZRRegister>(_ rd: R, _ vn: V, _ e: ElementSize, lane: Int)
        throws(AssemblerError)
    {
        guard e != .d && (R.sf == 1 || e != .s) else {
            throw operandError("smov: element \(e) cannot be sign-extended into \(R.bits) bits")
        }
        copy(R.sf, 0, try Self.imm5(e, lane), 0b0101, rd.encoding, vn.encoding)
    }

    // MARK: Modified immediate

    @inlinable @inline(__always)
    mutating func modImm(_ q: UInt32, _ op: UInt32, _ cmode: UInt32, _ imm8: UInt32, _ vd: V) {
        emit(0x0F00_0400 | q << 30 | op << 29 | (imm8 >> 5) << 16 | cmode << 12 | (imm8 & 31) << 5 | vd.encoding)
    }
    @inlinable @inline(__always)
    static func shiftedCmode(_ t: Arrangement, _ lsl: Int, _ what: StaticString) throws(AssemblerError) -> UInt32 {
        switch t {
        case .h4, .h8:
            guard lsl == 0 || lsl == 8 else { throw immError("\(what) lsl", lsl) }
            return 0b1000 | UInt32(lsl >> 3) << 1
        case .s2, .s4:
            guard lsl >= 0 && lsl <= 24 && lsl & 7 == 0 else { throw immError("\(what) lsl", lsl) }
            return UInt32(lsl >> 3) << 1
        default:
            throw operandError("\(what): arrangement \(t) takes no shift")
        }
    }

    /// `movi vd.T, #imm8{, lsl #shift}`: T = 8B/16B (no shift), 4H/8H (lsl 0/8), 2S/4S (lsl 0/8/16/24).
    @inlinable @inline(__always) public mutating func movi(_ vd: V, _ t: Arrangement, _ imm8: Int, lsl: Int = 0)
        throws(AssemblerError)
    {
        let i = try ufield(imm8, 8, "movi immediate")
        if t == .b8 || t == .b16 {
            guard lsl == 0 else { throw immError("movi lsl", lsl) }
            modImm(t.q, 0, 0b1110, i, vd)
            return
        }
        modImm(t.q, 0, try Self.shiftedCmode(t, lsl, "movi"), i, vd)
    }
    /// `movi vd.T, #imm8, msl #shift` (T = 2S/4S, shift 8 or 16: ones shifted in).
    @inlinable @inline(__always) public mutating func movi(_ vd: V, _ t: Arrangement, _ imm8: Int, msl: Int)
        throws(AssemblerError)
    {
        try modImmMSL(0, vd, t, imm8, msl)
    }
    /// `movi vd.2D, #bytemask` / `movi dd, #bytemask` (`t` = `.d2` or `.d1` for the scalar D form): every byte
    /// of `bytes` must be 0x00 or 0xFF.
    @inlinable @inline(__always) public mutating func movi(_ vd: V, _ t: Arrangement, bytes: UInt64)
        throws(AssemblerError)
    {
        guard t == .d2 || t == .d1 else { throw operandError("movi byte mask: arrangement must be 2D or 1D") }
        var imm8: UInt32 = 0
        for i in 0..<8 {
            let byte = (bytes >> UInt64(8 * i)) & 0xFF
            if byte == 0xFF {
                imm8 |= 1 << UInt32(i)
            } else if byte != 0 {
                throw AssemblerError(.immediateOutOfRange, "movi 64-bit immediate bytes must be 0x00 or 0xff")
            }
        }
        modImm(t.q, 1, 0b1110, imm8, vd)
    }
    /// `mvni vd.T, #imm8{, lsl #shift}` (T = 4H/8H lsl 0/8, 2S/4S lsl 0/8/16/24).
    @inlinable @inline(__always) public mutating func mvni(_ vd: V, _ t: Arrangement, _ imm8: Int, lsl: Int = 0)
        throws(AssemblerError)
    {
        let i = try ufield(imm8, 8, "mvni immediate")
        modImm(t.q, 1, try Self.shiftedCmode(t, lsl, "mvni"), i, vd)
    }
    /// `mvni vd.T, #imm8, msl #shift` (T = 2S/4S, shift 8 or 16).
    @inlinable @inline(__always) public mutating func mvni(_ vd: V, _ t: Arrangement, _ imm8: Int, msl: Int)
        throws(AssemblerError)
    {
        try modImmMSL(1, vd, t, imm8, msl)
    }
    @inlinable @inline(__always)
    mutating func modImmMSL(_ op: UInt32, _ vd: V, _ t: Arrangement, _ imm8: Int, _ msl: Int) throws(AssemblerError) {
        guard t == .s2 || t == .s4 else { throw operandError("msl needs 2S or 4S") }
        guard msl == 8 || msl == 16 else { throw immError("msl", msl) }
        let i = try ufield(imm8, 8, "immediate")
        modImm(t.q, op, 0b1100 | UInt32(msl >> 4), i, vd)
    }

    // MARK: Single-structure loads/stores

    /// Q:S:size:opcode fields for lane `lane` of element size `e`.
    @inlinable @inline(__always)
    static func laneFields(_ e: ElementSize, _ lane: Int) throws(AssemblerError) -> UInt32 {
        guard lane >= 0 && lane < e.lanes else { throw immError("lane index", lane) }
        let l = UInt32(lane)
        let q: UInt32
        let s: UInt32
        let size: UInt32
        let opcode: UInt32
        switch e {
        case .b:
            q = l >> 3
            s = (l >> 2) & 1
            size = l & 3
            opcode = 0b000
        case .h:
            q = l >> 2
            s = (l >> 1) & 1
            size = (l & 1) << 1
            opcode = 0b010
        case .s:
            q = l >> 1
            s = l & 1
            size = 0
            opcode = 0b100
        case .d:
            q = l
            s = 0
            size = 1
            opcode = 0b100
        }
        return q << 30 | opcode << 13 | s << 12 | size << 10
    }
    /// `ld1 {vt.Ts}[lane], [base]` (other lanes unchanged).
    @inlinable @inline(__always) public mutating func ld1(_ vt: V, _ e: ElementSize, lane: Int, _ base: XSP)
        throws(AssemblerError)
    {
        emit(0x0D40_0000 | (try Self.laneFields(e, lane)) | base.encoding << 5 | vt.encoding)
    }
    /// `st1 {vt.Ts}[lane], [base]`.
    @inlinable @inline(__always) public mutating func st1(_ vt: V, _ e: ElementSize, lane: Int, _ base: XSP)
        throws(AssemblerError)
    {
        emit(0x0D00_0000 | (try Self.laneFields(e, lane)) | base.encoding << 5 | vt.encoding)
    }
    /// `ld1r {vt.T}, [base]` (load one element, replicate to all lanes).
    @inlinable @inline(__always) public mutating func ld1r(_ vt: V, _ t: Arrangement, _ base: XSP) {
        emit(0x0D40_C000 | t.q << 30 | t.size << 10 | base.encoding << 5 | vt.encoding)
    }
}

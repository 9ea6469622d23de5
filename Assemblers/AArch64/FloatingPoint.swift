import AssemblerCore

// Scalar floating point (S = single, D = double). Operand types fix the precision: an `F: FPScalar` generic
// takes all-S or all-D operands.

extension A64Assembler {
    @inlinable @inline(__always)
    mutating func fp1(_ ftype: UInt32, _ opcode: UInt32, _ rd: UInt32, _ rn: UInt32) {
        emit(0x1E20_4000 | ftype << 22 | opcode << 15 | rn << 5 | rd)
    }
    @inlinable @inline(__always)
    mutating func fp2(_ ftype: UInt32, _ opcode: UInt32, _ rd: UInt32, _ rn: UInt32, _ rm: UInt32) {
        emit(0x1E20_0800 | ftype << 22 | rm << 16 | opcode << 12 | rn << 5 | rd)
    }

    /// `fmov fd, fn`.
    @inlinable @inline(__always) public mutating func fmov<F: FPScalar>(_ rd: F, _ rn: F) {
        fp1(F.ftype, 0, rd.encoding, rn.encoding)
    }
    /// `fabs fd, fn`.
    @inlinable @inline(__always) public mutating func fabs<F: FPScalar>(_ rd: F, _ rn: F) {
        fp1(F.ftype, 1, rd.encoding, rn.encoding)
    }
    /// `fneg fd, fn`.
    @inlinable @inline(__always) public mutating func fneg<F: FPScalar>(_ rd: F, _ rn: F) {
        fp1(F.ftype, 2, rd.encoding, rn.encoding)
    }
    /// `fsqrt fd, fn`.
    @inlinable @inline(__always) public mutating func fsqrt<F: FPScalar>(_ rd: F, _ rn: F) {
        fp1(F.ftype, 3, rd.encoding, rn.encoding)
    }
    /// `frintn fd, fn` (round to nearest, ties to even).
    @inlinable @inline(__always) public mutating func frintn<F: FPScalar>(_ rd: F, _ rn: F) {
        fp1(F.ftype, 8, rd.encoding, rn.encoding)
    }
    /// `frintp fd, fn` (round toward +∞).
    @inlinable @inline(__always) public mutating func frintp<F: FPScalar>(_ rd: F, _ rn: F) {
        fp1(F.ftype, 9, rd.encoding, rn.encoding)
    }
    /// `frintm fd, fn` (round toward −∞).
    @inlinable @inline(__always) public mutating func frintm<F: FPScalar>(_ rd: F, _ rn: F) {
        fp1(F.ftype, 10, rd.encoding, rn.encoding)
    }
    /// `frintz fd, fn` (round toward zero).
    @inlinable @inline(__always) public mutating func frintz<F: FPScalar>(_ rd: F, _ rn: F) {
        fp1(F.ftype, 11, rd.encoding, rn.encoding)
    }
    /// `frinta fd, fn` (round to nearest, ties away).
    @inlinable @inline(__always) public mutating func frinta<F: FPScalar>(_ rd: F, _ rn: F) {
        fp1(F.ftype, 12, rd.encoding, rn.encoding)
    }
    /// `frintx fd, fn` (current mode, signals inexact).
    @inlinable @inline(__always) public mutating func frintx<F: FPScalar>(_ rd: F, _ rn: F) {
        fp1(F.ftype, 14, rd.encoding, rn.encoding)
    }
    /// `frinti fd, fn` (current mode).
    @inlinable @inline(__always) public mutating func frinti<F: FPScalar>(_ rd: F, _ rn: F) {
        fp1(F.ftype, 15, rd.encoding, rn.encoding)
    }
    /// `fcvt dd, sn` (single → double).
    @inlinable @inline(__always) public mutating func fcvt(_ rd: D, _ rn: S) { fp1(0, 5, rd.encoding, rn.encoding) }
    /// `fcvt sd, dn` (double → single).
    @inlinable @inline(__always) public mutating func fcvt(_ rd: S, _ rn: D) { fp1(1, 4, rd.encoding, rn.encoding) }

    /// `fmul fd, fn, fm`.
    @inlinable @inline(__always) public mutating func fmul<F: FPScalar>(_ rd: F, _ rn: F, _ rm: F) {
        fp2(F.ftype, 0, rd.encoding, rn.encoding, rm.encoding)
    }
    /// `fdiv fd, fn, fm`.
    @inlinable @inline(__always) public mutating func fdiv<F: FPScalar>(_ rd: F, _ rn: F, _ rm: F) {
        fp2(F.ftype, 1, rd.encoding, rn.encoding, rm.encoding)
    }
    /// `fadd fd, fn, fm`.
    @inlinable @inline(__always) public mutating func fadd<F: FPScalar>(_ rd: F, _ rn: F, _ rm: F) {
        fp2(F.ftype, 2, rd.encoding, rn.encoding, rm.encoding)
    }
    /// `fsub fd, fn, fm`.
    @inlinable @inline(__always) public mutating func fsub<F: FPScalar>(_ rd: F, _ rn: F, _ rm: F) {
        fp2(F.ftype, 3, rd.encoding, rn.encoding, rm.encoding)
    }
    /// `fmax fd, fn, fm` (NaN-propagating).
    @inlinable @inline(__always) public mutating func fmax<F: FPScalar>(_ rd: F, _ rn: F, _ rm: F) {
        fp2(F.ftype, 4, rd.encoding, rn.encoding, rm.encoding)
    }
    /// `fmin fd, fn, fm` (NaN-propagating).
    @inlinable @inline(__always) public mutating func fmin<F: FPScalar>(_ rd: F, _ rn: F, _ rm: F) {
        fp2(F.ftype, 5, rd.encoding, rn.encoding, rm.encoding)
    }
    /// `fmaxnm fd, fn, fm` (IEEE maxNum).
    @inlinable @inline(__always) public mutating func fmaxnm<F: FPScalar>(_ rd: F, _ rn: F, _ rm: F) {
        fp2(F.ftype, 6, rd.encoding, rn.encoding, rm.encoding)
    }
    /// `fminnm fd, fn, fm` (IEEE minNum).
    @inlinable @inline(__always) public mutating func fminnm<F: FPScalar>(_ rd: F, _ rn: F, _ rm: F) {
        fp2(F.ftype, 7, rd.encoding, rn.encoding, rm.encoding)
    }
    /// `fnmul fd, fn, fm`.
    @inlinable @inline(__always) public mutating func fnmul<F: FPScalar>(_ rd: F, _ rn: F, _ rm: F) {
        fp2(F.ftype, 8, rd.encoding, rn.encoding, rm.encoding)
    }

    /// `fcmp fn, fm`.
    @inlinable @inline(__always) public mutating func fcmp<F: FPScalar>(_ rn: F, _ rm: F) {
        emit(0x1E20_2000 | F.ftype << 22 | rm.encoding << 16 | rn.encoding << 5)
    }
    /// `fcmp fn, #0.0`.
    @inlinable @inline(__always) public mutating func fcmpZero<F: FPScalar>(_ rn: F) {
        emit(0x1E20_2008 | F.ftype << 22 | rn.encoding << 5)
    }
    /// `fcmpe fn, fm` (signals on quiet NaN too).
    @inlinable @inline(__always) public mutating func fcmpe<F: FPScalar>(_ rn: F, _ rm: F) {
        emit(0x1E20_2010 | F.ftype << 22 | rm.encoding << 16 | rn.encoding << 5)
    }
    /// `fcsel fd, fn, fm, cond`.
    @inlinable @inline(__always) public mutating func fcsel<F: FPScalar>(_ rd: F, _ rn: F, _ rm: F, _ c: Cond) {
        emit(0x1E20_0C00 | F.ftype << 22 | rm.encoding << 16 | c.bits << 12 | rn.encoding << 5 | rd.encoding)
    }
    /// `fmov fd, #imm` for the values ±(1 + n/16) × 2^e, n in 0...15, e in −3...4; throws otherwise
    /// (0.0 is not encodable: use `movi dN, #0` or `fmov fd, wzr/xzr`).
    @inlinable @inline(__always) public mutating func fmov<F: FPScalar>(_ rd: F, _ imm: Double) throws(AssemblerError) {
        guard let imm8 = FPImmediate.encode(imm) else {
            throw AssemblerError(.immediateOutOfRange, "\(imm) is not an 8-bit FP immediate")
        }
        emit(0x1E20_1000 | F.ftype << 22 | imm8 << 13 | rd.encoding)
    }

    // MARK: Integer <-> FP

    @inlinable @inline(__always)
    mutating func fpInt(_ sf: UInt32, _ ftype: UInt32, _ rmode: UInt32, _ opcode: UInt32, _ rd: UInt32, _ rn: UInt32) {
        emit(0x1E20_0000 | sf << 31 | ftype << 22 | rmode << 19 | opcode << 16 | rn << 5 | rd)
    }
    /// `fmov wd, sn` (bit copy).
    @inlinable @inline(__always) public mutating func fmov(_ rd: W, _ rn: S) {
        fpInt(0, 0, 0, 6, rd.encoding, rn.encoding)
    }
    /// `fmov sd, wn` (bit copy).
    @inlinable @inline(__always) public mutating func fmov(_ rd: S, _ rn: W) {
        fpInt(0, 0, 0, 7, rd.encoding, rn.encoding)
    }
    /// `fmov xd, dn` (bit copy).
    @inlinable @inline(__always) public mutating func fmov(_ rd: X, _ rn: D) {
        fpInt(1, 1, 0, 6, rd.encoding, rn.encoding)
    }
    /// `fmov dd, xn` (bit copy).
    @inlinable @inline(__always) public mutating func fmov(_ rd: D, _ rn: X) {
        fpInt(1, 1, 0, 7, rd.encoding, rn.encoding)
    }
    /// `fcvtzs rd, fn` (to signed integer, round toward zero, saturating).
    @inlinable @inline(__always) public mutating func fcvtzs<R: ZRRegister, F: FPScalar>(_ rd: R, _ rn: F) {
        fpInt(R.sf, F.ftype, 3, 0, rd.encoding, rn.encoding)
    }
    /// `fcvtzu rd, fn` (to unsigned integer, round toward zero, saturating).
    @inlinable @inline(__always) public mutating func fcvtzu<R: ZRRegister, F: FPScalar>(_ rd: R, _ rn: F) {
        fpInt(R.sf, F.ftype, 3, 1, rd.encoding, rn.encoding)
    }
    /// `fcvtns rd, fn` (to signed, nearest even).
    @inlinable @inline(__always) public mutating func fcvtns<R: ZRRegister, F: FPScalar>(_ rd: R, _ rn: F) {
        fpInt(R.sf, F.ftype, 0, 0, rd.encoding, rn.encoding)
    }
    /// `fcvtms rd, fn` (to signed, toward −∞).
    @inlinable @inline(__always) public mutating func fcvtms<R: ZRRegister, F: FPScalar>(_ rd: R, _ rn: F) {
        fpInt(R.sf, F.ftype, 2, 0, rd.encoding, rn.encoding)
    }
    /// `fcvtps rd, fn` (to signed, toward +∞).
    @inlinable @inline(__always) public mutating func fcvtps<R: ZRRegister, F: FPScalar>(_ rd: R, _ rn: F) {
        fpInt(R.sf, F.ftype, 1, 0, rd.encoding, rn.encoding)
    }
    /// `scvtf fd, rn` (signed integer → FP).
    @inlinable @inline(__always) public mutating func scvtf<F: FPScalar, R: ZRRegister>(_ rd: F, _ rn: R) {
        fpInt(R.sf, F.ftype, 0, 2, rd.encoding, rn.encoding)
    }
    /// `ucvtf fd, rn` (unsigned integer → FP).
    @inlinable @inline(__always) public mutating func ucvtf<F: FPScalar, R: ZRRegister>(_ rd: F, _ rn: R) {
        fpInt(R.sf, F.ftype, 0, 3, rd.encoding, rn.encoding)
    }
}

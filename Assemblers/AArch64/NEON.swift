import AssemblerCore

// Advanced SIMD (NEON) vector instructions.
//
// Operands: `V` registers plus an `Arrangement`. Each encoder checks the arrangement against the set the
// instruction allows (masks below) and throws `.invalidOperand` otherwise. For widening/narrowing
// instructions the arrangement names the operand with the *narrower* elements (e.g. `xtn(vd, vn, .b8)` is
// `xtn vd.8b, vn.8h`; `sxtl(vd, vn, .h4)` is `sxtl vd.4s, vn.4h`); the `...2` variants take the 128-bit
// narrow arrangement.

/// Sets of arrangements (bit i = `Arrangement(rawValue: i)`).
@usableFromInline enum ArrMask {
    @usableFromInline static let all: UInt8 = 0xFF
    @usableFromInline static let noD1: UInt8 = 0b1011_1111
    @usableFromInline static let bhs: UInt8 = 0b0011_1111
    @usableFromInline static let hs: UInt8 = 0b0011_1100
    @usableFromInline static let bytes: UInt8 = 0b0000_0011
    @usableFromInline static let fp: UInt8 = 0b1011_0000 // 2S, 4S, 2D
    @usableFromInline static let narrow64: UInt8 = 0b0001_0101 // 8B, 4H, 2S
    @usableFromInline static let narrow128: UInt8 = 0b0010_1010 // 16B, 8H, 4S
    @usableFromInline static let across: UInt8 = 0b0010_1111 // 8B, 16B, 4H, 8H, 4S
}

extension A64Assembler {
    @inlinable @inline(__always)
    static func check(_ t: Arrangement, _ mask: UInt8, _ what: StaticString) throws(AssemblerError) {
        guard mask & t.bit != 0 else { throw arrangementError(what, t) }
    }

    /// Three registers, same arrangement: `0 Q U 01110 size 1 Rm opcode 1 Rn Rd`.
    @inlinable @inline(__always)
    mutating func simd3(_ u: UInt32, _ size: UInt32, _ opcode: UInt32, _ q: UInt32, _ vd: V, _ vn: V, _ vm: V) {
        emit(
            0x0E20_0400 | q << 30 | u << 29 | size << 22 | vm.encoding << 16 | opcode << 11 | vn.encoding << 5
                | vd.encoding)
    }
    @inlinable @inline(__always)
    mutating func int3(
        _ u: UInt32, _ opcode: UInt32, _ mask: UInt8, _ vd: V, _ vn: V, _ vm: V, _ t: Arrangement, _ what: StaticString
    ) throws(AssemblerError) {
        try Self.check(t, mask, what)
        simd3(u, t.size, opcode, t.q, vd, vn, vm)
    }
    /// FP three-same: size field = a:sz.
    @inlinable @inline(__always)
    mutating func fp3(
        _ u: UInt32, _ a: UInt32, _ opcode: UInt32, _ vd: V, _ vn: V, _ vm: V, _ t: Arrangement, _ what: StaticString
    ) throws(AssemblerError) {
        try Self.check(t, ArrMask.fp, what)
        simd3(u, a << 1 | (t.size & 1), opcode, t.q, vd, vn, vm)
    }
    /// Two-register miscellaneous: `0 Q U 01110 size 10000 opcode 10 Rn Rd`.
    @inlinable @inline(__always)
    mutating func simd2(_ u: UInt32, _ size: UInt32, _ opcode: UInt32, _ q: UInt32, _ vd: V, _ vn: V) {
        emit(0x0E20_0800 | q << 30 | u << 29 | size << 22 | opcode << 12 | vn.encoding << 5 | vd.encoding)
    }
    @inlinable @inline(__always)
    mutating func int2(
        _ u: UInt32, _ opcode: UInt32, _ mask: UInt8, _ vd: V, _ vn: V, _ t: Arrangement, _ what: StaticString
    ) throws(AssemblerError) {
        try Self.check(t, mask, what)
        simd2(u, t.size, opcode, t.q, vd, vn)
    }
    /// FP two-reg misc: size field = a:sz.
    @inlinable @inline(__always)
    mutating func fp2v(
        _ u: UInt32, _ a: UInt32, _ opcode: UInt32, _ vd: V, _ vn: V, _ t: Arrangement, _ what: StaticString
    ) throws(AssemblerError) {
        try Self.check(t, ArrMask.fp, what)
        simd2(u, a << 1 | (t.size & 1), opcode, t.q, vd, vn)
    }

    // MARK: Integer arithmetic

    /// `add vd.T, vn.T, vm.T` (T ≠ 1D).
    @inlinable @inline(__always) public mutating func add(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(0, 0b10000, ArrMask.noD1, vd, vn, vm, t, "add") }
    /// `sub vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func sub(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(1, 0b10000, ArrMask.noD1, vd, vn, vm, t, "sub") }
    /// `mul vd.T, vn.T, vm.T` (B, H, S elements).
    @inlinable @inline(__always) public mutating func mul(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(0, 0b10011, ArrMask.bhs, vd, vn, vm, t, "mul") }
    /// `sqadd vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func sqadd(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(0, 0b00001, ArrMask.noD1, vd, vn, vm, t, "sqadd") }
    /// `uqadd vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func uqadd(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(1, 0b00001, ArrMask.noD1, vd, vn, vm, t, "uqadd") }
    /// `sqsub vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func sqsub(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(0, 0b00101, ArrMask.noD1, vd, vn, vm, t, "sqsub") }
    /// `uqsub vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func uqsub(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(1, 0b00101, ArrMask.noD1, vd, vn, vm, t, "uqsub") }
    /// `smax vd.T, vn.T, vm.T` (B, H, S).
    @inlinable @inline(__always) public mutating func smax(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(0, 0b01100, ArrMask.bhs, vd, vn, vm, t, "smax") }
    /// `smin vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func smin(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(0, 0b01101, ArrMask.bhs, vd, vn, vm, t, "smin") }
    /// `umax vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func umax(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(1, 0b01100, ArrMask.bhs, vd, vn, vm, t, "umax") }
    /// `umin vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func umin(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(1, 0b01101, ArrMask.bhs, vd, vn, vm, t, "umin") }
    /// `urhadd vd.T, vn.T, vm.T` (unsigned rounding halving add; B, H, S).
    @inlinable @inline(__always) public mutating func urhadd(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(1, 0b00010, ArrMask.bhs, vd, vn, vm, t, "urhadd") }
    /// `sshl vd.T, vn.T, vm.T` (shift by signed per-lane amount).
    @inlinable @inline(__always) public mutating func sshl(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(0, 0b01000, ArrMask.noD1, vd, vn, vm, t, "sshl") }
    /// `ushl vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func ushl(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(1, 0b01000, ArrMask.noD1, vd, vn, vm, t, "ushl") }
    /// `sqrdmulh vd.T, vn.T, vm.T` (H, S).
    @inlinable @inline(__always) public mutating func sqrdmulh(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(1, 0b10110, ArrMask.hs, vd, vn, vm, t, "sqrdmulh") }
    /// `addp vd.T, vn.T, vm.T` (pairwise add).
    @inlinable @inline(__always) public mutating func addp(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(0, 0b10111, ArrMask.noD1, vd, vn, vm, t, "addp") }
    /// `addp dd, vn.2d` (scalar pairwise add of the two D lanes).
    @inlinable @inline(__always) public mutating func addp(_ rd: D, _ vn: V) {
        emit(0x5EF1_B800 | vn.encoding << 5 | rd.encoding)
    }

    // MARK: Compare

    /// `cmeq vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func cmeq(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(1, 0b10001, ArrMask.noD1, vd, vn, vm, t, "cmeq") }
    /// `cmtst vd.T, vn.T, vm.T` (lane = (vn & vm) != 0).
    @inlinable @inline(__always) public mutating func cmtst(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(0, 0b10001, ArrMask.noD1, vd, vn, vm, t, "cmtst") }
    /// `cmgt vd.T, vn.T, vm.T` (signed >).
    @inlinable @inline(__always) public mutating func cmgt(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(0, 0b00110, ArrMask.noD1, vd, vn, vm, t, "cmgt") }
    /// `cmge vd.T, vn.T, vm.T` (signed ≥).
    @inlinable @inline(__always) public mutating func cmge(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(0, 0b00111, ArrMask.noD1, vd, vn, vm, t, "cmge") }
    /// `cmhi vd.T, vn.T, vm.T` (unsigned >).
    @inlinable @inline(__always) public mutating func cmhi(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(1, 0b00110, ArrMask.noD1, vd, vn, vm, t, "cmhi") }
    /// `cmhs vd.T, vn.T, vm.T` (unsigned ≥).
    @inlinable @inline(__always) public mutating func cmhs(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int3(1, 0b00111, ArrMask.noD1, vd, vn, vm, t, "cmhs") }
    /// `cmeq vd.T, vn.T, #0`.
    @inlinable @inline(__always) public mutating func cmeqZero(_ vd: V, _ vn: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int2(0, 0b01001, ArrMask.noD1, vd, vn, t, "cmeq #0") }
    /// `cmge vd.T, vn.T, #0`.
    @inlinable @inline(__always) public mutating func cmgeZero(_ vd: V, _ vn: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int2(1, 0b01000, ArrMask.noD1, vd, vn, t, "cmge #0") }
    /// `cmgt vd.T, vn.T, #0`.
    @inlinable @inline(__always) public mutating func cmgtZero(_ vd: V, _ vn: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int2(0, 0b01000, ArrMask.noD1, vd, vn, t, "cmgt #0") }
    /// `cmle vd.T, vn.T, #0`.
    @inlinable @inline(__always) public mutating func cmleZero(_ vd: V, _ vn: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int2(1, 0b01001, ArrMask.noD1, vd, vn, t, "cmle #0") }
    /// `cmlt vd.T, vn.T, #0`.
    @inlinable @inline(__always) public mutating func cmltZero(_ vd: V, _ vn: V, _ t: Arrangement)
        throws(AssemblerError)
    { try int2(0, 0b01010, ArrMask.noD1, vd, vn, t, "cmlt #0") }
    /// `fcmeq vd.T, vn.T, vm.T` (T = 2S, 4S, 2D).
    @inlinable @inline(__always) public mutating func fcmeq(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp3(0, 0, 0b11100, vd, vn, vm, t, "fcmeq") }
    /// `fcmge vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func fcmge(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp3(1, 0, 0b11100, vd, vn, vm, t, "fcmge") }
    /// `fcmgt vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func fcmgt(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp3(1, 1, 0b11100, vd, vn, vm, t, "fcmgt") }
    /// `fcmeq vd.T, vn.T, #0.0`.
    @inlinable @inline(__always) public mutating func fcmeqZero(_ vd: V, _ vn: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp2v(0, 1, 0b01101, vd, vn, t, "fcmeq #0") }
    /// `fcmge vd.T, vn.T, #0.0`.
    @inlinable @inline(__always) public mutating func fcmgeZero(_ vd: V, _ vn: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp2v(1, 1, 0b01100, vd, vn, t, "fcmge #0") }
    /// `fcmgt vd.T, vn.T, #0.0`.
    @inlinable @inline(__always) public mutating func fcmgtZero(_ vd: V, _ vn: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp2v(0, 1, 0b01100, vd, vn, t, "fcmgt #0") }
    /// `fcmle vd.T, vn.T, #0.0`.
    @inlinable @inline(__always) public mutating func fcmleZero(_ vd: V, _ vn: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp2v(1, 1, 0b01101, vd, vn, t, "fcmle #0") }
    /// `fcmlt vd.T, vn.T, #0.0`.
    @inlinable @inline(__always) public mutating func fcmltZero(_ vd: V, _ vn: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp2v(0, 1, 0b01110, vd, vn, t, "fcmlt #0") }

    // MARK: Bitwise (16B / 8B)

    @inlinable @inline(__always)
    mutating func bitwise(
        _ u: UInt32, _ size: UInt32, _ vd: V, _ vn: V, _ vm: V, _ t: Arrangement, _ what: StaticString
    ) throws(AssemblerError) {
        try Self.check(t, ArrMask.bytes, what)
        simd3(u, size, 0b00011, t.q, vd, vn, vm)
    }
    /// `and vd.T, vn.T, vm.T` (T = 8B or 16B).
    @inlinable @inline(__always) public mutating func and(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement = .b16)
        throws(AssemblerError)
    { try bitwise(0, 0, vd, vn, vm, t, "and") }
    /// `bic vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func bic(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement = .b16)
        throws(AssemblerError)
    { try bitwise(0, 1, vd, vn, vm, t, "bic") }
    /// `orr vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func orr(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement = .b16)
        throws(AssemblerError)
    { try bitwise(0, 2, vd, vn, vm, t, "orr") }
    /// `orn vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func orn(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement = .b16)
        throws(AssemblerError)
    { try bitwise(0, 3, vd, vn, vm, t, "orn") }
    /// `eor vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func eor(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement = .b16)
        throws(AssemblerError)
    { try bitwise(1, 0, vd, vn, vm, t, "eor") }
    /// `bsl vd.T, vn.T, vm.T` (vd = vd ? vn : vm, bitwise).
    @inlinable @inline(__always) public mutating func bsl(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement = .b16)
        throws(AssemblerError)
    { try bitwise(1, 1, vd, vn, vm, t, "bsl") }
    /// `bit vd.T, vn.T, vm.T` (insert vn bits where vm is 1).
    @inlinable @inline(__always) public mutating func bit(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement = .b16)
        throws(AssemblerError)
    { try bitwise(1, 2, vd, vn, vm, t, "bit") }
    /// `bif vd.T, vn.T, vm.T` (insert vn bits where vm is 0).
    @inlinable @inline(__always) public mutating func bif(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement = .b16)
        throws(AssemblerError)
    { try bitwise(1, 3, vd, vn, vm, t, "bif") }
    /// `mov vd.T, vn.T` (= `orr vd, vn, vn`; T = 8B or 16B).
    @inlinable @inline(__always) public mutating func mov(_ vd: V, _ vn: V, _ t: Arrangement = .b16)
        throws(AssemblerError)
    { try bitwise(0, 2, vd, vn, vn, t, "mov") }
    /// `not vd.T, vn.T` (= `mvn`; T = 8B or 16B).
    @inlinable @inline(__always) public mutating func not(_ vd: V, _ vn: V, _ t: Arrangement = .b16)
        throws(AssemblerError)
    { try int2(1, 0b00101, ArrMask.bytes, vd, vn, t, "not") }

    // MARK: Unary

    /// `cnt vd.T, vn.T` (popcount per byte; T = 8B or 16B).
    @inlinable @inline(__always) public mutating func cnt(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try int2(0, 0b00101, ArrMask.bytes, vd, vn, t, "cnt")
    }
    /// `neg vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func neg(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try int2(1, 0b01011, ArrMask.noD1, vd, vn, t, "neg")
    }
    /// `abs vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func abs(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try int2(0, 0b01011, ArrMask.noD1, vd, vn, t, "abs")
    }
    /// `saddlp vd.Tw, vn.T` (pairwise add long; `t` is the source arrangement, not 1D/2D).
    @inlinable @inline(__always) public mutating func saddlp(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try int2(0, 0b00010, ArrMask.bhs, vd, vn, t, "saddlp") }
    /// `uaddlp vd.Tw, vn.T`.
    @inlinable @inline(__always) public mutating func uaddlp(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try int2(1, 0b00010, ArrMask.bhs, vd, vn, t, "uaddlp") }

    // MARK: Across lanes (destination is the scalar B/H/S view of `vd`)

    @inlinable @inline(__always)
    mutating func across(_ u: UInt32, _ opcode: UInt32, _ vd: V, _ vn: V, _ t: Arrangement, _ what: StaticString)
        throws(AssemblerError)
    {
        try Self.check(t, ArrMask.across, what)
        emit(0x0E30_0800 | t.q << 30 | u << 29 | t.size << 22 | opcode << 12 | vn.encoding << 5 | vd.encoding)
    }
    /// `addv {b|h|s}d, vn.T` (T = 8B, 16B, 4H, 8H, 4S).
    @inlinable @inline(__always) public mutating func addv(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try across(0, 0b11011, vd, vn, t, "addv")
    }
    /// `umaxv {b|h|s}d, vn.T`.
    @inlinable @inline(__always) public mutating func umaxv(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try across(1, 0b01010, vd, vn, t, "umaxv")
    }
    /// `uminv {b|h|s}d, vn.T`.
    @inlinable @inline(__always) public mutating func uminv(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try across(1, 0b11010, vd, vn, t, "uminv")
    }
    /// `smaxv {b|h|s}d, vn.T`.
    @inlinable @inline(__always) public mutating func smaxv(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try across(0, 0b01010, vd, vn, t, "smaxv")
    }
    /// `sminv {b|h|s}d, vn.T`.
    @inlinable @inline(__always) public mutating func sminv(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try across(0, 0b11010, vd, vn, t, "sminv")
    }

    // MARK: Shifts by immediate

    @inlinable @inline(__always)
    mutating func shiftImm(_ u: UInt32, _ opcode: UInt32, _ q: UInt32, _ immhb: UInt32, _ vd: V, _ vn: V) {
        emit(0x0F00_0400 | q << 30 | u << 29 | immhb << 16 | opcode << 11 | vn.encoding << 5 | vd.encoding)
    }
    /// `shl vd.T, vn.T, #shift` (0 ≤ shift < element bits).
    @inlinable @inline(__always) public mutating func shl(_ vd: V, _ vn: V, _ shift: Int, _ t: Arrangement)
        throws(AssemblerError)
    {
        try Self.check(t, ArrMask.noD1, "shl")
        let esize = 8 << Int(t.size)
        guard shift >= 0 && shift < esize else { throw immError("shl shift", shift) }
        shiftImm(0, 0b01010, t.q, UInt32(esize + shift), vd, vn)
    }
    /// `sshr vd.T, vn.T, #shift` (1 ≤ shift ≤ element bits).
    @inlinable @inline(__always) public mutating func sshr(_ vd: V, _ vn: V, _ shift: Int, _ t: Arrangement)
        throws(AssemblerError)
    {
        try Self.check(t, ArrMask.noD1, "sshr")
        let esize = 8 << Int(t.size)
        guard shift >= 1 && shift <= esize else { throw immError("sshr shift", shift) }
        shiftImm(0, 0b00000, t.q, UInt32(2 * esize - shift), vd, vn)
    }
    /// `ushr vd.T, vn.T, #shift` (1 ≤ shift ≤ element bits).
    @inlinable @inline(__always) public mutating func ushr(_ vd: V, _ vn: V, _ shift: Int, _ t: Arrangement)
        throws(AssemblerError)
    {
        try Self.check(t, ArrMask.noD1, "ushr")
        let esize = 8 << Int(t.size)
        guard shift >= 1 && shift <= esize else { throw immError("ushr shift", shift) }
        shiftImm(1, 0b00000, t.q, UInt32(2 * esize - shift), vd, vn)
    }
    @inlinable @inline(__always)
    mutating func shll(
        _ u: UInt32, _ vd: V, _ vn: V, _ shift: Int, _ t: Arrangement, _ mask: UInt8, _ what: StaticString
    ) throws(AssemblerError) {
        try Self.check(t, mask, what)
        let esize = 8 << Int(t.size)
        guard shift >= 0 && shift < esize else { throw immError("shift", shift) }
        shiftImm(u, 0b10100, t.q, UInt32(esize + shift), vd, vn)
    }
    /// `sshll vd.Tw, vn.T, #shift` (T = 8B, 4H, 2S).
    @inlinable @inline(__always) public mutating func sshll(_ vd: V, _ vn: V, _ shift: Int, _ t: Arrangement)
        throws(AssemblerError)
    { try shll(0, vd, vn, shift, t, ArrMask.narrow64, "sshll") }
    /// `sshll2 vd.Tw, vn.T, #shift` (T = 16B, 8H, 4S).
    @inlinable @inline(__always) public mutating func sshll2(_ vd: V, _ vn: V, _ shift: Int, _ t: Arrangement)
        throws(AssemblerError)
    { try shll(0, vd, vn, shift, t, ArrMask.narrow128, "sshll2") }
    /// `ushll vd.Tw, vn.T, #shift` (T = 8B, 4H, 2S).
    @inlinable @inline(__always) public mutating func ushll(_ vd: V, _ vn: V, _ shift: Int, _ t: Arrangement)
        throws(AssemblerError)
    { try shll(1, vd, vn, shift, t, ArrMask.narrow64, "ushll") }
    /// `ushll2 vd.Tw, vn.T, #shift` (T = 16B, 8H, 4S).
    @inlinable @inline(__always) public mutating func ushll2(_ vd: V, _ vn: V, _ shift: Int, _ t: Arrangement)
        throws(AssemblerError)
    { try shll(1, vd, vn, shift, t, ArrMask.narrow128, "ushll2") }
    /// `sxtl vd.Tw, vn.T` (= `sshll #0`; T = 8B, 4H, 2S).
    @inlinable @inline(__always) public mutating func sxtl(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try shll(0, vd, vn, 0, t, ArrMask.narrow64, "sxtl")
    }
    /// `sxtl2 vd.Tw, vn.T` (T = 16B, 8H, 4S).
    @inlinable @inline(__always) public mutating func sxtl2(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try shll(0, vd, vn, 0, t, ArrMask.narrow128, "sxtl2")
    }
    /// `uxtl vd.Tw, vn.T` (= `ushll #0`).
    @inlinable @inline(__always) public mutating func uxtl(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try shll(1, vd, vn, 0, t, ArrMask.narrow64, "uxtl")
    }
    /// `uxtl2 vd.Tw, vn.T`.
    @inlinable @inline(__always) public mutating func uxtl2(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try shll(1, vd, vn, 0, t, ArrMask.narrow128, "uxtl2")
    }

    // MARK: Narrowing (t = destination arrangement) and widening multiplies (t = source arrangement)

    /// `xtn vd.T, vn.Tw` (T = 8B, 4H, 2S).
    @inlinable @inline(__always) public mutating func xtn(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try int2(0, 0b10010, ArrMask.narrow64, vd, vn, t, "xtn")
    }
    /// `xtn2 vd.T, vn.Tw` (T = 16B, 8H, 4S; writes the upper half).
    @inlinable @inline(__always) public mutating func xtn2(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try int2(0, 0b10010, ArrMask.narrow128, vd, vn, t, "xtn2")
    }
    /// `sqxtn vd.T, vn.Tw`.
    @inlinable @inline(__always) public mutating func sqxtn(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try int2(0, 0b10100, ArrMask.narrow64, vd, vn, t, "sqxtn")
    }
    /// `sqxtn2 vd.T, vn.Tw`.
    @inlinable @inline(__always) public mutating func sqxtn2(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try int2(0, 0b10100, ArrMask.narrow128, vd, vn, t, "sqxtn2") }
    /// `uqxtn vd.T, vn.Tw`.
    @inlinable @inline(__always) public mutating func uqxtn(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try int2(1, 0b10100, ArrMask.narrow64, vd, vn, t, "uqxtn")
    }
    /// `uqxtn2 vd.T, vn.Tw`.
    @inlinable @inline(__always) public mutating func uqxtn2(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try int2(1, 0b10100, ArrMask.narrow128, vd, vn, t, "uqxtn2") }
    /// `sqxtun vd.T, vn.Tw` (signed → unsigned saturating narrow).
    @inlinable @inline(__always) public mutating func sqxtun(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try int2(1, 0b10010, ArrMask.narrow64, vd, vn, t, "sqxtun") }
    /// `sqxtun2 vd.T, vn.Tw`.
    @inlinable @inline(__always) public mutating func sqxtun2(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try int2(1, 0b10010, ArrMask.narrow128, vd, vn, t, "sqxtun2") }

    @inlinable @inline(__always)
    mutating func long3(
        _ u: UInt32, _ opcode: UInt32, _ vd: V, _ vn: V, _ vm: V, _ t: Arrangement, _ mask: UInt8, _ what: StaticString
    ) throws(AssemblerError) {
        try Self.check(t, mask, what)
        emit(
            0x0E20_0000 | t.q << 30 | u << 29 | t.size << 22 | vm.encoding << 16 | opcode << 12 | vn.encoding << 5
                | vd.encoding)
    }
    /// `smull vd.Tw, vn.T, vm.T` (T = 8B, 4H, 2S).
    @inlinable @inline(__always) public mutating func smull(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try long3(0, 0b1100, vd, vn, vm, t, ArrMask.narrow64, "smull") }
    /// `smull2 vd.Tw, vn.T, vm.T` (T = 16B, 8H, 4S).
    @inlinable @inline(__always) public mutating func smull2(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try long3(0, 0b1100, vd, vn, vm, t, ArrMask.narrow128, "smull2") }
    /// `umull vd.Tw, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func umull(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try long3(1, 0b1100, vd, vn, vm, t, ArrMask.narrow64, "umull") }
    /// `umull2 vd.Tw, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func umull2(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try long3(1, 0b1100, vd, vn, vm, t, ArrMask.narrow128, "umull2") }

    // MARK: Permutes, table lookup, extract

    @inlinable @inline(__always)
    mutating func permute(_ opcode: UInt32, _ vd: V, _ vn: V, _ vm: V, _ t: Arrangement, _ what: StaticString)
        throws(AssemblerError)
    {
        try Self.check(t, ArrMask.noD1, what)
        emit(0x0E00_0800 | t.q << 30 | t.size << 22 | vm.encoding << 16 | opcode << 12 | vn.encoding << 5 | vd.encoding)
    }
    /// `uzp1 vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func uzp1(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try permute(0b001, vd, vn, vm, t, "uzp1") }
    /// `trn1 vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func trn1(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try permute(0b010, vd, vn, vm, t, "trn1") }
    /// `zip1 vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func zip1(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try permute(0b011, vd, vn, vm, t, "zip1") }
    /// `uzp2 vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func uzp2(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try permute(0b101, vd, vn, vm, t, "uzp2") }
    /// `trn2 vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func trn2(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try permute(0b110, vd, vn, vm, t, "trn2") }
    /// `zip2 vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func zip2(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try permute(0b111, vd, vn, vm, t, "zip2") }

    /// `ext vd.T, vn.T, vm.T, #index` (T = 8B: index < 8; 16B: index < 16).
    @inlinable @inline(__always) public mutating func ext(_ vd: V, _ vn: V, _ vm: V, _ index: Int, _ t: Arrangement)
        throws(AssemblerError)
    {
        try Self.check(t, ArrMask.bytes, "ext")
        guard index >= 0 && index < (8 << Int(t.q)) else { throw immError("ext index", index) }
        emit(0x2E00_0000 | t.q << 30 | vm.encoding << 16 | UInt32(index) << 11 | vn.encoding << 5 | vd.encoding)
    }

    @inlinable @inline(__always)
    mutating func table(_ op: UInt32, _ vd: V, _ table: V, _ count: Int, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    {
        try Self.check(t, ArrMask.bytes, "tbl/tbx")
        guard count >= 1 && count <= 4 else { throw operandError("tbl/tbx table of \(count) registers (1...4)") }
        emit(
            0x0E00_0000 | t.q << 30 | vm.encoding << 16 | UInt32(count - 1) << 13 | op << 12 | table.encoding << 5
                | vd.encoding)
    }
    /// `tbl vd.T, {table.16B ... (count regs, consecutive mod 32)}, vm.T` (T = 8B/16B; out-of-range index → 0).
    @inlinable @inline(__always) public mutating func tbl(_ vd: V, _ table: V, count: Int, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try self.table(0, vd, table, count, vm, t) }
    /// `tbx vd.T, {table...}, vm.T` (out-of-range index leaves the lane unchanged).
    @inlinable @inline(__always) public mutating func tbx(_ vd: V, _ table: V, count: Int, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try self.table(1, vd, table, count, vm, t) }

    // MARK: FP vector

    /// `fadd vd.T, vn.T, vm.T` (T = 2S, 4S, 2D).
    @inlinable @inline(__always) public mutating func fadd(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp3(0, 0, 0b11010, vd, vn, vm, t, "fadd") }
    /// `fsub vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func fsub(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp3(0, 1, 0b11010, vd, vn, vm, t, "fsub") }
    /// `fmul vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func fmul(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp3(1, 0, 0b11011, vd, vn, vm, t, "fmul") }
    /// `fdiv vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func fdiv(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp3(1, 0, 0b11111, vd, vn, vm, t, "fdiv") }
    /// `fmax vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func fmax(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp3(0, 0, 0b11110, vd, vn, vm, t, "fmax") }
    /// `fmin vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func fmin(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp3(0, 1, 0b11110, vd, vn, vm, t, "fmin") }
    /// `fmaxnm vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func fmaxnm(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp3(0, 0, 0b11000, vd, vn, vm, t, "fmaxnm") }
    /// `fminnm vd.T, vn.T, vm.T`.
    @inlinable @inline(__always) public mutating func fminnm(_ vd: V, _ vn: V, _ vm: V, _ t: Arrangement)
        throws(AssemblerError)
    { try fp3(0, 1, 0b11000, vd, vn, vm, t, "fminnm") }
    /// `fsqrt vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func fsqrt(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try fp2v(1, 1, 0b11111, vd, vn, t, "fsqrt")
    }
    /// `fneg vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func fneg(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try fp2v(1, 1, 0b01111, vd, vn, t, "fneg")
    }
    /// `fabs vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func fabs(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try fp2v(0, 1, 0b01111, vd, vn, t, "fabs")
    }
    /// `frintn vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func frintn(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try fp2v(0, 0, 0b11000, vd, vn, t, "frintn") }
    /// `frintm vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func frintm(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try fp2v(0, 0, 0b11001, vd, vn, t, "frintm") }
    /// `frintp vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func frintp(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try fp2v(0, 1, 0b11000, vd, vn, t, "frintp") }
    /// `frintz vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func frintz(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try fp2v(0, 1, 0b11001, vd, vn, t, "frintz") }
    /// `frinta vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func frinta(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try fp2v(1, 0, 0b11000, vd, vn, t, "frinta") }
    /// `frintx vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func frintx(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try fp2v(1, 0, 0b11001, vd, vn, t, "frintx") }
    /// `frinti vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func frinti(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try fp2v(1, 1, 0b11001, vd, vn, t, "frinti") }
    /// `fcvtzs vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func fcvtzs(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try fp2v(0, 1, 0b11011, vd, vn, t, "fcvtzs") }
    /// `fcvtzu vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func fcvtzu(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try fp2v(1, 1, 0b11011, vd, vn, t, "fcvtzu") }
    /// `scvtf vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func scvtf(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try fp2v(0, 0, 0b11101, vd, vn, t, "scvtf")
    }
    /// `ucvtf vd.T, vn.T`.
    @inlinable @inline(__always) public mutating func ucvtf(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try fp2v(1, 0, 0b11101, vd, vn, t, "ucvtf")
    }

    @inlinable @inline(__always)
    mutating func fcvtLN(_ opcode: UInt32, _ vd: V, _ vn: V, _ t: Arrangement, _ mask: UInt8, _ what: StaticString)
        throws(AssemblerError)
    {
        try Self.check(t, mask & ArrMask.hs, what)
        simd2(0, t.size - 1, opcode, t.q, vd, vn)
    }
    /// `fcvtl vd.Tw, vn.T` (T = 4H → 4S or 2S → 2D).
    @inlinable @inline(__always) public mutating func fcvtl(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try fcvtLN(0b10111, vd, vn, t, ArrMask.narrow64, "fcvtl")
    }
    /// `fcvtl2 vd.Tw, vn.T` (T = 8H or 4S).
    @inlinable @inline(__always) public mutating func fcvtl2(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try fcvtLN(0b10111, vd, vn, t, ArrMask.narrow128, "fcvtl2") }
    /// `fcvtn vd.T, vn.Tw` (T = 4H ← 4S or 2S ← 2D).
    @inlinable @inline(__always) public mutating func fcvtn(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError) {
        try fcvtLN(0b10110, vd, vn, t, ArrMask.narrow64, "fcvtn")
    }
    /// `fcvtn2 vd.T, vn.Tw` (T = 8H or 4S).
    @inlinable @inline(__always) public mutating func fcvtn2(_ vd: V, _ vn: V, _ t: Arrangement) throws(AssemblerError)
    { try fcvtLN(0b10110, vd, vn, t, ArrMask.narrow128, "fcvtn2") }
}

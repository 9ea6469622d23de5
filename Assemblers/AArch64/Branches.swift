import AssemblerCore

// Branches and PC-relative address generation.
//
// Each PC-relative form has a label overload (forward labels are patched at `bind`) and an `offset:` overload
// taking a byte offset relative to the instruction itself. Ranges: b/bl ±128 MiB; b.cond, cbz/cbnz, ldr
// (literal), adr ±1 MiB; tbz/tbnz ±32 KiB. Out of range throws `.branchOutOfRange`.

extension A64Assembler {
    /// `b label`.
    @inlinable @inline(__always) public mutating func b(_ target: Label) throws(AssemblerError) {
        let f = try labelField(target, .imm26)
        emit(0x1400_0000 | f)
    }
    /// `b #offset` (bytes from this instruction, ±128 MiB, multiple of 4).
    @inlinable @inline(__always) public mutating func b(offset: Int) throws(AssemblerError) {
        emit(0x1400_0000 | (try A64Fixup.imm26.field(delta: offset)))
    }
    /// `bl label`.
    @inlinable @inline(__always) public mutating func bl(_ target: Label) throws(AssemblerError) {
        let f = try labelField(target, .imm26)
        emit(0x9400_0000 | f)
    }
    /// `bl #offset`.
    @inlinable @inline(__always) public mutating func bl(offset: Int) throws(AssemblerError) {
        emit(0x9400_0000 | (try A64Fixup.imm26.field(delta: offset)))
    }
    /// `b.cond label`.
    @inlinable @inline(__always) public mutating func b(_ c: Cond, _ target: Label) throws(AssemblerError) {
        let f = try labelField(target, .imm19)
        emit(0x5400_0000 | f | c.bits)
    }
    /// `b.cond #offset` (±1 MiB).
    @inlinable @inline(__always) public mutating func b(_ c: Cond, offset: Int) throws(AssemblerError) {
        emit(0x5400_0000 | (try A64Fixup.imm19.field(delta: offset)) | c.bits)
    }
    /// `cbz rt, label`.
    @inlinable @inline(__always) public mutating func cbz<R: ZRRegister>(_ rt: R, _ target: Label)
        throws(AssemblerError)
    {
        let f = try labelField(target, .imm19)
        emit(0x3400_0000 | R.sf << 31 | f | rt.encoding)
    }
    /// `cbz rt, #offset`.
    @inlinable @inline(__always) public mutating func cbz<R: ZRRegister>(_ rt: R, offset: Int) throws(AssemblerError) {
        emit(0x3400_0000 | R.sf << 31 | (try A64Fixup.imm19.field(delta: offset)) | rt.encoding)
    }
    /// `cbnz rt, label`.
    @inlinable @inline(__always) public mutating func cbnz<R: ZRRegister>(_ rt: R, _ target: Label)
        throws(AssemblerError)
    {
        let f = try labelField(target, .imm19)
        emit(0x3500_0000 | R.sf << 31 | f | rt.encoding)
    }
    /// `cbnz rt, #offset`.
    @inlinable @inline(__always) public mutating func cbnz<R: ZRRegister>(_ rt: R, offset: Int) throws(AssemblerError) {
        emit(0x3500_0000 | R.sf << 31 | (try A64Fixup.imm19.field(delta: offset)) | rt.encoding)
    }

    @inlinable @inline(__always)
    static func testBit<R: ZRRegister>(_: R.Type, _ bit: Int) throws(AssemblerError) -> UInt32 {
        guard bit >= 0 && bit < R.bits else { throw immError("test bit", bit) }
        let b = UInt32(bit)
        return (b >> 5) << 31 | (b & 31) << 19
    }
    /// `tbz rt, #bit, label` (bit < width of `rt`; ±32 KiB).
    @inlinable @inline(__always) public mutating func tbz<R: ZRRegister>(_ rt: R, _ bit: Int, _ target: Label)
        throws(AssemblerError)
    {
        let b = try Self.testBit(R.self, bit)
        let f = try labelField(target, .imm14)
        emit(0x3600_0000 | b | f | rt.encoding)
    }
    /// `tbz rt, #bit, #offset`.
    @inlinable @inline(__always) public mutating func tbz<R: ZRRegister>(_ rt: R, _ bit: Int, offset: Int)
        throws(AssemblerError)
    {
        let b = try Self.testBit(R.self, bit)
        emit(0x3600_0000 | b | (try A64Fixup.imm14.field(delta: offset)) | rt.encoding)
    }
    /// `tbnz rt, #bit, label`.
    @inlinable @inline(__always) public mutating func tbnz<R: ZRRegister>(_ rt: R, _ bit: Int, _ target: Label)
        throws(AssemblerError)
    {
        let b = try Self.testBit(R.self, bit)
        let f = try labelField(target, .imm14)
        emit(0x3700_0000 | b | f | rt.encoding)
    }
    /// `tbnz rt, #bit, #offset`.
    @inlinable @inline(__always) public mutating func tbnz<R: ZRRegister>(_ rt: R, _ bit: Int, offset: Int)
        throws(AssemblerError)
    {
        let b = try Self.testBit(R.self, bit)
        emit(0x3700_0000 | b | (try A64Fixup.imm14.field(delta: offset)) | rt.encoding)
    }

    /// `br xn`.
    @inlinable @inline(__always) public mutating func br(_ rn: X) { emit(0xD61F_0000 | rn.encoding << 5) }
    /// `blr xn`.
    @inlinable @inline(__always) public mutating func blr(_ rn: X) { emit(0xD63F_0000 | rn.encoding << 5) }
    /// `ret {xn}` (default x30).
    @inlinable @inline(__always) public mutating func ret(_ rn: X = .x30) { emit(0xD65F_0000 | rn.encoding << 5) }

    /// `adr xd, label` (±1 MiB, byte granular).
    @inlinable @inline(__always) public mutating func adr(_ rd: X, _ target: Label) throws(AssemblerError) {
        let f = try labelField(target, .adr21)
        emit(0x1000_0000 | f | rd.encoding)
    }
    /// `adr xd, #offset`.
    @inlinable @inline(__always) public mutating func adr(_ rd: X, offset: Int) throws(AssemblerError) {
        emit(0x1000_0000 | (try A64Fixup.adr21.field(delta: offset)) | rd.encoding)
    }
    /// `adrp xd, #offset`: `offset` is the byte distance between 4 KiB pages (a multiple of 4096, ±4 GiB).
    /// The result depends on the absolute address of this instruction, so there is no label form.
    @inlinable @inline(__always) public mutating func adrp(_ rd: X, offset: Int) throws(AssemblerError) {
        guard offset & 0xFFF == 0, offset >= -(1 << 32), offset < (1 << 32) else {
            throw AssemblerError(.branchOutOfRange, "adrp page offset \(offset) not encodable")
        }
        let pages = UInt32(truncatingIfNeeded: offset >> 12) & 0x1F_FFFF
        emit(0x9000_0000 | (pages & 3) << 29 | (pages >> 2) << 5 | rd.encoding)
    }
}

// MARK: - Exceptions, hints, barriers, cache maintenance

extension A64Assembler {
    /// `brk #imm16`.
    @inlinable @inline(__always) public mutating func brk(_ imm16: Int) throws(AssemblerError) {
        emit(0xD420_0000 | (try ufield(imm16, 16, "brk immediate")) << 5)
    }
    /// `hlt #imm16`.
    @inlinable @inline(__always) public mutating func hlt(_ imm16: Int) throws(AssemblerError) {
        emit(0xD440_0000 | (try ufield(imm16, 16, "hlt immediate")) << 5)
    }
    /// `udf #imm16` (permanently undefined).
    @inlinable @inline(__always) public mutating func udf(_ imm16: Int) throws(AssemblerError) {
        emit(try ufield(imm16, 16, "udf immediate"))
    }
    /// `nop`.
    @inlinable @inline(__always) public mutating func nop() { emit(0xD503_201F) }
    /// `dmb option`.
    @inlinable @inline(__always) public mutating func dmb(_ option: Barrier) {
        emit(0xD503_30BF | UInt32(option.rawValue) << 8)
    }
    /// `dsb option`.
    @inlinable @inline(__always) public mutating func dsb(_ option: Barrier) {
        emit(0xD503_309F | UInt32(option.rawValue) << 8)
    }
    /// `isb`.
    @inlinable @inline(__always) public mutating func isb() { emit(0xD503_3FDF) }
    /// `dc cvau, xt` (clean data cache line to point of unification).
    @inlinable @inline(__always) public mutating func dcCVAU(_ rt: X) { emit(0xD50B_7B20 | rt.encoding) }
    /// `ic ivau, xt` (invalidate instruction cache line to point of unification).
    @inlinable @inline(__always) public mutating func icIVAU(_ rt: X) { emit(0xD50B_7520 | rt.encoding) }
}

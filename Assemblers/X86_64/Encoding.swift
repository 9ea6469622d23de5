import AssemblerCore

// The REX / ModRM / SIB core shared by every encoder.
//
// Instruction layout: [legacy prefixes][REX][opcode 1-3][ModRM][SIB][disp 0/1/4][imm 0/1/2/4/8].
//
// Emission strategy (invariant): each instruction calls `buffer.reserve(16)` exactly once, then writes with at
// most two unaligned 8-byte stores (`put`): the "head" (prefixes, REX, opcode, ModRM, SIB: at most 8 bytes) and
// the "tail" (displacement + immediate: at most 8 bytes). A store may write garbage past the instruction's end;
// that is within the 16 reserved bytes and is overwritten by the next instruction. Only `count` advances by the
// real length, so the emitted bytes are exact.
//
// Branch-free helpers (invariant): the helpers below use masking shifts (`&<<`, `&>>`) and arithmetic instead of
// `?:`, `&&`, `==` on enums and smart shifts. This keeps every public encoder small in SIL basic blocks, which
// matters because the Swift inliner only honours `@inline(__always)` in large callers (a code generator's
// big switch) when the callee has at most 64 blocks. The branches that remain are the ones that choose an
// encoding form or throw.
//
// REX bits passed around as a `UInt8`:
//   0x08 W, 0x04 R, 0x02 X, 0x01 B (the REX low nibble),
//   0x40 "REX required" (8-bit access to spl/bpl/sil/dil),
//   0x80 "REX forbidden" (a high-byte register ah/ch/dh/bh is an operand).
// A final value `> 0x80` means "REX forbidden and required": the encoder throws `.invalidOperand`.
// A final value with any of 0x4F set emits the REX byte `0x40 | (rex & 0x0F)`.
//
// Opcodes are written as readable big-endian constants (`0x0F3800` is `0F 38 00`); `opBytes` turns them into
// little-endian emission order and a length (an opcode > 0xFFFF has 3 bytes, > 0xFF has 2).
//
// Prefixes are packed little-endian into a `UInt16` (low byte emitted first; 0 = none), e.g. 0xF366 emits
// `66 F3` (operand-size override, then the mandatory SSE prefix). A nonzero high byte implies a nonzero low byte.

/// Kinds of label fixups recorded in the `LabelTable`.
@usableFromInline enum FixupKind {
    /// 8-bit displacement relative to the byte after it (jmp/jcc short).
    @usableFromInline static let rel8: UInt8 = 0
    /// 32-bit field. While pending it holds its anchor A; patched to `target - A` at bind.
    @usableFromInline static let rel32: UInt8 = 1
    /// 32-bit field patched to the label's absolute offset in the buffer.
    @usableFromInline static let abs32: UInt8 = 2
}

extension X86Assembler {
    // MARK: Raw stores

    /// Store the low `n` bytes of `v` (little-endian) at the cursor. Requires a prior `reserve(16)` for this
    /// instruction and at most 16 bytes written by the instruction in total (8 bytes are always stored).
    @inlinable @inline(__always)
    mutating func put(_ v: UInt64, _ n: Int) {
        buffer.base.storeBytes(of: v.littleEndian, toByteOffset: buffer.count, as: UInt64.self)
        buffer.count &+= n
    }

    /// 1 if `x != 0`, else 0, for `x <= limitMask` where `limitMask = 2^k - 1` (branch-free).
    @inlinable @inline(__always)
    static func nonZero(_ x: UInt32, below limitMask: UInt32) -> UInt32 {
        (x &+ limitMask) &>> limitMask.nonzeroBitCount
    }

    /// Opcode constant (big-endian readable) to emission-order bytes and length (branch-free).
    @inlinable @inline(__always)
    static func opBytes(_ op: UInt32) -> (UInt64, Int) {
        let len = 1 &+ nonZero(op &>> 8, below: 0xFFFF) &+ nonZero(op &>> 16, below: 0xFF)
        return (UInt64(op.byteSwapped &>> ((4 &- len) &<< 3)), Int(len))
    }

    /// Pack prefixes, REX (if needed) and opcode. Returns the head bits and their length (branch-free).
    @inlinable @inline(__always)
    static func head(_ pfx: UInt16, _ rex: UInt8, _ op: UInt32) -> (UInt64, Int) {
        let p = UInt32(pfx)
        var n = nonZero(p & 0xFF, below: 0xFF) &+ nonZero(p &>> 8, below: 0xFF)
        var h = UInt64(pfx)
        let needRex = nonZero(UInt32(rex & 0x4F), below: 0x7F)
        h |= (UInt64(0x40 | rex & 0x0F) & (0 &- UInt64(needRex))) &<< UInt64(n &<< 3)
        n &+= needRex
        let (o, ol) = opBytes(op)
        h |= o &<< UInt64(n &<< 3)
        return (h, Int(n) &+ ol)
    }

    /// Builds an `.invalidOperand` error. Kept out of line so the throwing paths add only a call to inlined encoders.
    @usableFromInline @inline(never)
    static func invalid(_ what: StaticString) -> AssemblerError {
        AssemblerError(.invalidOperand, "x86-64: \(what)")
    }

    // MARK: Operand-size and byte-register flags

    /// 1 for `.byte`, else 0.
    @inlinable @inline(__always)
    static func isByte(_ w: Width) -> UInt8 { (w.rawValue &- 1) &>> 7 }

    /// REX/flag bits contributed by the operand size: `.qword` sets REX.W (0x08).
    @inlinable @inline(__always)
    static func wBit(_ w: Width) -> UInt8 { (w.rawValue &+ 5) & 8 }

    /// Flag bits for a GPR accessed at width `w`: 0x40 when an 8-bit access to spl/bpl/sil/dil needs REX,
    /// 0x80 for a high-byte register at byte width (REX forbidden), 0xC0 (always invalid) for a high-byte
    /// register at any other width. Branch-free.
    @inlinable @inline(__always)
    static func regFlags(_ w: Width, _ g: GPR) -> UInt8 {
        let raw = g.raw
        let byte = isByte(w)
        let high = (raw &>> 4) & 1
        let newByteReg = (((raw &>> 2) ^ 1) &- 1) &>> 7 // 1 for raw 4...7 (spl, bpl, sil, dil)
        return (byte & newByteReg) &<< 6 | high &<< 7 | (high & (byte ^ 1)) &<< 6
    }

    /// Operand-size prefix for `w` combined with a mandatory prefix `mand` (emitted after 0x66). Branch-free.
    @inlinable @inline(__always)
    static func sizePrefix(_ w: Width, _ mand: UInt16) -> UInt16 {
        let isWord = UInt16(((w.rawValue ^ 1) &- 1) &>> 7) // 1 for .word
        let mask = 0 &- isWord
        return (mand & ~mask) | ((mand &<< 8 | 0x66) & mask)
    }

    /// `op8` at `.byte` width, else `op` (branch-free).
    @inlinable @inline(__always)
    static func pick(_ w: Width, _ op8: UInt32, _ op: UInt32) -> UInt32 {
        let keep8 = 0 &- UInt32(isByte(w))
        return op ^ ((op ^ op8) & keep8)
    }

    // MARK: Register-direct forms (ModRM mod = 11)

    /// `[pfx][REX][op] ModRM(11, reg, rm) [imm]` with final REX bits computed from `rex`, `reg`, `rm`.
    /// Throws `.invalidOperand` on a REX/high-byte conflict.
    @inlinable @inline(__always)
    mutating func encRR(
        _ pfx: UInt16, _ rex: UInt8, _ op: UInt32, reg: UInt8, rm: UInt8,
        imm: UInt64 = 0, immLen: Int = 0
    ) throws(AssemblerError) {
        let r = rex | (reg & 8) &>> 1 | (rm & 8) &>> 3
        if _slowPath(r > 0x80) { throw X86Assembler.invalid("high-byte register in an instruction that needs REX") }
        emitRR(pfx, r, op, reg: reg, rm: rm, imm: imm, immLen: immLen)
    }

    /// Non-throwing register-direct encoder for operands that cannot conflict (XMM registers, GPRs at 32/64 bits
    /// already checked). `r` must already contain the R/B bits.
    @inlinable @inline(__always)
    mutating func emitRR(
        _ pfx: UInt16, _ r: UInt8, _ op: UInt32, reg: UInt8, rm: UInt8,
        imm: UInt64 = 0, immLen: Int = 0
    ) {
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        var (h, n) = X86Assembler.head(pfx, r, op)
        h |= UInt64(0xC0 | (reg & 7) &<< 3 | rm & 7) &<< UInt64(n &<< 3)
        put(h, n &+ 1)
        put(imm, immLen) // immLen 0 writes scratch bytes inside the reservation and advances nothing
    }

    /// XMM/XMM form: `[pfx][REX][op] ModRM(11, reg, rm) [imm]`.
    @inlinable @inline(__always)
    mutating func xRR(_ pfx: UInt16, _ w: UInt8, _ op: UInt32, reg: UInt8, rm: UInt8, imm: UInt64 = 0, immLen: Int = 0)
    {
        emitRR(pfx, w | (reg & 8) &>> 1 | (rm & 8) &>> 3, op, reg: reg, rm: rm, imm: imm, immLen: immLen)
    }

    // MARK: Memory forms

    /// `[pfx][REX][op] ModRM(mod, reg, rm) [SIB] [disp] [imm]` for a memory operand.
    /// `immLen` is needed for RIP-relative operands: the displacement is relative to the end of the instruction.
    @inlinable @inline(__always)
    mutating func encRM(
        _ pfx: UInt16, _ rex: UInt8, _ op: UInt32, reg: UInt8, mem m: Mem,
        imm: UInt64 = 0, immLen: Int = 0
    ) throws(AssemblerError) {
        let r = rex | (reg & 8) &>> 1 | m.rexXB
        // One compare covers both checks: an invalid address sets bit 8 of `bad`.
        let bad = UInt16(r) | UInt16(m.flags & Mem.flagInvalid) &<< 8
        if _slowPath(bad > 0x80) {
            throw X86Assembler.invalid("invalid memory operand (rsp as index, high-byte register) or REX conflict")
        }
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        let (h, n) = X86Assembler.head(pfx, r, op)
        putModRM(h, n, reg: reg, mem: m, imm: imm, immLen: immLen)
    }

    /// After the prefixes and opcode (`n` bytes in `h`): ModRM, SIB, displacement (or RIP-relative label field)
    /// and immediate of a memory operand. Shared by the legacy and VEX encoders. Inlinable like the encoders that
    /// call it: out of line (merely `@usableFromInline`), every memory operand of the code generator paid a call
    /// of ~56 instructions (5 % of a compile).
    @inlinable @inline(__always)
    mutating func putModRM(_ head: UInt64, _ n: Int, reg: UInt8, mem m: Mem, imm: UInt64, immLen: Int) {
        var h = head
        var n = n
        h |= UInt64(m.modrm | (reg & 7) &<< 3) &<< UInt64(n &<< 3)
        n &+= 1
        let sibLen = Int((m.flags & Mem.flagSIB) &>> 1)
        h |= UInt64(m.sib) &<< UInt64(n &<< 3) // overwritten by the tail when there is no SIB
        put(h, n &+ sibLen)
        var d = UInt64(m.dispBits)
        if _slowPath(m.labelID >= 0) { d = ripLabelField(m, immLen: immLen) }
        put(d | imm &<< UInt64(m.dispLen &<< 3), Int(m.dispLen) &+ immLen)
    }

    /// The disp32 field of a RIP-relative label operand at the cursor; records a fixup when the label is unbound.
    @usableFromInline
    mutating func ripLabelField(_ m: Mem, immLen: Int) -> UInt64 {
        let at = buffer.count
        let anchor = at + 4 + immLen - Int(m.displacement)
        let label = Label(id: m.labelID)
        if let pos = labels.position(of: label) {
            return UInt64(UInt32(truncatingIfNeeded: pos - anchor))
        }
        labels.addFixup(label, at: at, kind: FixupKind.rel32)
        return UInt64(UInt32(truncatingIfNeeded: anchor))
    }

    // MARK: Immediates

    /// Validate `imm` for an instruction of width `w` whose immediate is `w` bits wide (32 bits sign-extended
    /// for `.qword`). Accepts signed and unsigned spellings (`-1` and `255` at `.byte`).
    /// Returns the immediate bits truncated to the field and whether the value, truncated to the operand width
    /// and sign-extended, fits a sign-extended imm8. One range compare; no other branches.
    @inlinable @inline(__always)
    static func checkImm(_ w: Width, _ imm: Int64) throws(AssemblerError) -> (bits: UInt64, fits8: Bool) {
        let raw = UInt64(w.rawValue)
        let isQ = (raw &+ 5) &>> 3 // 1 for .qword
        let fieldBits = 8 &<< (raw &- isQ) // 8, 16, 32, 32
        let lo = 0 &- (1 &<< (fieldBits &- 1)) // -2^(n-1)
        let hi = (1 &<< fieldBits) &- 1 &- (isQ &<< 31) // 2^n - 1, or 2^31 - 1 for .qword
        if _slowPath(UInt64(bitPattern: imm) &- lo > hi &- lo) { throw immError(imm, Int(fieldBits)) }
        let bits = UInt64(bitPattern: imm) & ((1 &<< fieldBits) &- 1)
        let shift = 64 &- fieldBits
        let sext = Int64(bitPattern: bits &<< shift) &>> Int64(shift)
        return (bits, UInt64(bitPattern: sext &+ 128) < 256)
    }

    /// Size of the immediate field for width `w` (1, 2, 4, 4).
    @inlinable @inline(__always)
    static func immSize(_ w: Width) -> Int {
        let raw = Int(w.rawValue)
        return 1 &<< (raw &- ((raw &+ 5) &>> 3))
    }

    @usableFromInline @inline(never)
    static func immError(_ imm: Int64, _ bits: Int) -> AssemblerError {
        AssemblerError(.immediateOutOfRange, "x86-64: immediate \(imm) does not fit a \(bits)-bit field")
    }
}

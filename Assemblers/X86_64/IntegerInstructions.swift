import AssemblerCore

/// The eight classic ALU operations; `rawValue` is the `/digit` of opcodes 80/81/83 and bits 3-5 of the
/// reg/rm opcodes (`op << 3 | 0...5`).
public enum ALUOp: UInt8, Sendable, CaseIterable {
    case add = 0
    case or = 1
    case adc = 2
    case sbb = 3
    case and = 4
    case sub = 5
    case xor = 6
    case cmp = 7
}

/// Shift and rotate operations; `rawValue` is the `/digit` of opcodes C0/C1/D0/D1/D2/D3.
public enum ShiftOp: UInt8, Sendable, CaseIterable {
    case rol = 0
    case ror = 1
    case rcl = 2
    case rcr = 3
    case shl = 4
    case shr = 5
    case sar = 7
}

extension X86Assembler {
    // MARK: Generic integer helpers

    /// Integer reg/reg form with the operand size of `w`: `reg` is the ModRM.reg operand, `rm` the ModRM.rm one.
    /// `op8` is used at `.byte` width, `op` otherwise; `mand` is a mandatory prefix (e.g. F3 for popcnt).
    @inlinable @inline(__always)
    mutating func intRR(
        _ w: Width, _ op8: UInt32, _ op: UInt32, reg: GPR, rm: GPR, mand: UInt16 = 0,
        imm: UInt64 = 0, immLen: Int = 0
    ) throws(AssemblerError) {
        let rex = X86Assembler.wBit(w) | X86Assembler.regFlags(w, reg) | X86Assembler.regFlags(w, rm)
        try encRR(
            X86Assembler.sizePrefix(w, mand), rex, X86Assembler.pick(w, op8, op), reg: reg.raw, rm: rm.raw,
            imm: imm, immLen: immLen)
    }

    /// Integer `/digit` form on a register.
    @inlinable @inline(__always)
    mutating func intDR(
        _ w: Width, _ op8: UInt32, _ op: UInt32, digit: UInt8, rm: GPR,
        imm: UInt64 = 0, immLen: Int = 0
    ) throws(AssemblerError) {
        let rex = X86Assembler.wBit(w) | X86Assembler.regFlags(w, rm)
        try encRR(
            X86Assembler.sizePrefix(w, 0), rex, X86Assembler.pick(w, op8, op), reg: digit, rm: rm.raw,
            imm: imm, immLen: immLen)
    }

    /// Integer reg/mem form.
    @inlinable @inline(__always)
    mutating func intRM(
        _ w: Width, _ op8: UInt32, _ op: UInt32, reg: GPR, mem: Mem, mand: UInt16 = 0,
        imm: UInt64 = 0, immLen: Int = 0
    ) throws(AssemblerError) {
        let rex = X86Assembler.wBit(w) | X86Assembler.regFlags(w, reg)
        try encRM(
            X86Assembler.sizePrefix(w, mand), rex, X86Assembler.pick(w, op8, op), reg: reg.raw, mem: mem,
            imm: imm, immLen: immLen)
    }

    /// Integer `/digit` form on memory.
    @inlinable @inline(__always)
    mutating func intDM(
        _ w: Width, _ op8: UInt32, _ op: UInt32, digit: UInt8, mem: Mem,
        imm: UInt64 = 0, immLen: Int = 0
    ) throws(AssemblerError) {
        try encRM(
            X86Assembler.sizePrefix(w, 0), X86Assembler.wBit(w), X86Assembler.pick(w, op8, op), reg: digit, mem: mem,
            imm: imm, immLen: immLen)
    }

    @inlinable @inline(__always)
    static func requireNotByte(_ w: Width) throws(AssemblerError) {
        if _slowPath(w.rawValue == 0) { throw invalid("instruction has no 8-bit form") }
    }

    // MARK: ALU (add, or, adc, sbb, and, sub, xor, cmp)

    /// `op dst, src` (register, register). Encoded as `op r/m, r` (opcode `op<<3 | 0/1`), like llvm-mc.
    @inlinable @inline(__always)
    public mutating func alu(_ op: ALUOp, _ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        let o = UInt32(op.rawValue) &<< 3
        try intRR(w, o, o | 1, reg: src, rm: dst)
    }

    /// `op dst, [mem]`.
    @inlinable @inline(__always)
    public mutating func alu(_ op: ALUOp, _ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        let o = UInt32(op.rawValue) &<< 3
        try intRM(w, o | 2, o | 3, reg: dst, mem: src)
    }

    /// `op [mem], src`.
    @inlinable @inline(__always)
    public mutating func alu(_ op: ALUOp, _ w: Width, _ dst: Mem, _ src: GPR) throws(AssemblerError) {
        let o = UInt32(op.rawValue) &<< 3
        try intRM(w, o, o | 1, reg: src, mem: dst)
    }

    /// `op dst, imm`. Picks the sign-extended imm8 form (83) when the value fits, else the short accumulator
    /// form for al/ax/eax/rax, else 80/81. At `.qword` the immediate is a sign-extended 32-bit value.
    @inlinable @inline(__always)
    public mutating func alu(_ op: ALUOp, _ w: Width, _ dst: GPR, _ imm: Int64) throws(AssemblerError) {
        let (bits, fits8) = try X86Assembler.checkImm(w, imm)
        if w.rawValue == 0 {
            if dst.raw == 0 {
                buffer.reserve(CodeBuffer.maxInstructionBytes)
                put(UInt64(op.rawValue &<< 3 | 4) | bits &<< 8, 2)
                return
            }
            try intDR(w, 0x80, 0x81, digit: op.rawValue, rm: dst, imm: bits, immLen: 1)
        } else if fits8 {
            try intDR(w, 0x80, 0x83, digit: op.rawValue, rm: dst, imm: bits & 0xFF, immLen: 1)
        } else if dst.raw == 0 {
            buffer.reserve(CodeBuffer.maxInstructionBytes)
            var (h, n) = X86Assembler.head(
                X86Assembler.sizePrefix(w, 0), X86Assembler.wBit(w), UInt32(op.rawValue &<< 3 | 5))
            h |= bits &<< UInt64(n &<< 3)
            put(h, n + X86Assembler.immSize(w))
        } else {
            try intDR(w, 0x80, 0x81, digit: op.rawValue, rm: dst, imm: bits, immLen: X86Assembler.immSize(w))
        }
    }

    /// `op [mem], imm` (imm8 form when it fits).
    @inlinable @inline(__always)
    public mutating func alu(_ op: ALUOp, _ w: Width, _ dst: Mem, _ imm: Int64) throws(AssemblerError) {
        let (bits, fits8) = try X86Assembler.checkImm(w, imm)
        if w.rawValue != 0 && fits8 {
            try intDM(w, 0x80, 0x83, digit: op.rawValue, mem: dst, imm: bits & 0xFF, immLen: 1)
        } else {
            try intDM(w, 0x80, 0x81, digit: op.rawValue, mem: dst, imm: bits, immLen: X86Assembler.immSize(w))
        }
    }

    /// `add dst, src`.
    @inlinable @inline(__always) public mutating func add(_ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try alu(.add, w, dst, src)
    }
    /// `add dst, [mem]`.
    @inlinable @inline(__always) public mutating func add(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try alu(.add, w, dst, src)
    }
    /// `add [mem], src`.
    @inlinable @inline(__always) public mutating func add(_ w: Width, _ dst: Mem, _ src: GPR) throws(AssemblerError) {
        try alu(.add, w, dst, src)
    }
    /// `add dst, imm`.
    @inlinable @inline(__always) public mutating func add(_ w: Width, _ dst: GPR, _ imm: Int64) throws(AssemblerError) {
        try alu(.add, w, dst, imm)
    }
    /// `add [mem], imm`.
    @inlinable @inline(__always) public mutating func add(_ w: Width, _ dst: Mem, _ imm: Int64) throws(AssemblerError) {
        try alu(.add, w, dst, imm)
    }

    /// `or dst, src`.
    @inlinable @inline(__always) public mutating func or(_ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try alu(.or, w, dst, src)
    }
    /// `or dst, [mem]`.
    @inlinable @inline(__always) public mutating func or(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try alu(.or, w, dst, src)
    }
    /// `or [mem], src`.
    @inlinable @inline(__always) public mutating func or(_ w: Width, _ dst: Mem, _ src: GPR) throws(AssemblerError) {
        try alu(.or, w, dst, src)
    }
    /// `or dst, imm`.
    @inlinable @inline(__always) public mutating func or(_ w: Width, _ dst: GPR, _ imm: Int64) throws(AssemblerError) {
        try alu(.or, w, dst, imm)
    }
    /// `or [mem], imm`.
    @inlinable @inline(__always) public mutating func or(_ w: Width, _ dst: Mem, _ imm: Int64) throws(AssemblerError) {
        try alu(.or, w, dst, imm)
    }

    /// `adc dst, src`.
    @inlinable @inline(__always) public mutating func adc(_ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try alu(.adc, w, dst, src)
    }
    /// `adc dst, [mem]`.
    @inlinable @inline(__always) public mutating func adc(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try alu(.adc, w, dst, src)
    }
    /// `adc [mem], src`.
    @inlinable @inline(__always) public mutating func adc(_ w: Width, _ dst: Mem, _ src: GPR) throws(AssemblerError) {
        try alu(.adc, w, dst, src)
    }
    /// `adc dst, imm`.
    @inlinable @inline(__always) public mutating func adc(_ w: Width, _ dst: GPR, _ imm: Int64) throws(AssemblerError) {
        try alu(.adc, w, dst, imm)
    }
    /// `adc [mem], imm`.
    @inlinable @inline(__always) public mutating func adc(_ w: Width, _ dst: Mem, _ imm: Int64) throws(AssemblerError) {
        try alu(.adc, w, dst, imm)
    }

    /// `sbb dst, src`.
    @inlinable @inline(__always) public mutating func sbb(_ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try alu(.sbb, w, dst, src)
    }
    /// `sbb dst, [mem]`.
    @inlinable @inline(__always) public mutating func sbb(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try alu(.sbb, w, dst, src)
    }
    /// `sbb [mem], src`.
    @inlinable @inline(__always) public mutating func sbb(_ w: Width, _ dst: Mem, _ src: GPR) throws(AssemblerError) {
        try alu(.sbb, w, dst, src)
    }
    /// `sbb dst, imm`.
    @inlinable @inline(__always) public mutating func sbb(_ w: Width, _ dst: GPR, _ imm: Int64) throws(AssemblerError) {
        try alu(.sbb, w, dst, imm)
    }
    /// `sbb [mem], imm`.
    @inlinable @inline(__always) public mutating func sbb(_ w: Width, _ dst: Mem, _ imm: Int64) throws(AssemblerError) {
        try alu(.sbb, w, dst, imm)
    }

    /// `and dst, src`.
    @inlinable @inline(__always) public mutating func and(_ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try alu(.and, w, dst, src)
    }
    /// `and dst, [mem]`.
    @inlinable @inline(__always) public mutating func and(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try alu(.and, w, dst, src)
    }
    /// `and [mem], src`.
    @inlinable @inline(__always) public mutating func and(_ w: Width, _ dst: Mem, _ src: GPR) throws(AssemblerError) {
        try alu(.and, w, dst, src)
    }
    /// `and dst, imm`.
    @inlinable @inline(__always) public mutating func and(_ w: Width, _ dst: GPR, _ imm: Int64) throws(AssemblerError) {
        try alu(.and, w, dst, imm)
    }
    /// `and [mem], imm`.
    @inlinable @inline(__always) public mutating func and(_ w: Width, _ dst: Mem, _ imm: Int64) throws(AssemblerError) {
        try alu(.and, w, dst, imm)
    }

    /// `sub dst, src`.
    @inlinable @inline(__always) public mutating func sub(_ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try alu(.sub, w, dst, src)
    }
    /// `sub dst, [mem]`.
    @inlinable @inline(__always) public mutating func sub(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try alu(.sub, w, dst, src)
    }
    /// `sub [mem], src`.
    @inlinable @inline(__always) public mutating func sub(_ w: Width, _ dst: Mem, _ src: GPR) throws(AssemblerError) {
        try alu(.sub, w, dst, src)
    }
    /// `sub dst, imm`.
    @inlinable @inline(__always) public mutating func sub(_ w: Width, _ dst: GPR, _ imm: Int64) throws(AssemblerError) {
        try alu(.sub, w, dst, imm)
    }
    /// `sub [mem], imm`.
    @inlinable @inline(__always) public mutating func sub(_ w: Width, _ dst: Mem, _ imm: Int64) throws(AssemblerError) {
        try alu(.sub, w, dst, imm)
    }

    /// `xor dst, src`.
    @inlinable @inline(__always) public mutating func xor(_ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try alu(.xor, w, dst, src)
    }
    /// `xor dst, [mem]`.
    @inlinable @inline(__always) public mutating func xor(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try alu(.xor, w, dst, src)
    }
    /// `xor [mem], src`.
    @inlinable @inline(__always) public mutating func xor(_ w: Width, _ dst: Mem, _ src: GPR) throws(AssemblerError) {
        try alu(.xor, w, dst, src)
    }
    /// `xor dst, imm`.
    @inlinable @inline(__always) public mutating func xor(_ w: Width, _ dst: GPR, _ imm: Int64) throws(AssemblerError) {
        try alu(.xor, w, dst, imm)
    }
    /// `xor [mem], imm`.
    @inlinable @inline(__always) public mutating func xor(_ w: Width, _ dst: Mem, _ imm: Int64) throws(AssemblerError) {
        try alu(.xor, w, dst, imm)
    }

    /// `cmp a, b` (flags of a - b).
    @inlinable @inline(__always) public mutating func cmp(_ w: Width, _ a: GPR, _ b: GPR) throws(AssemblerError) {
        try alu(.cmp, w, a, b)
    }
    /// `cmp a, [mem]`.
    @inlinable @inline(__always) public mutating func cmp(_ w: Width, _ a: GPR, _ b: Mem) throws(AssemblerError) {
        try alu(.cmp, w, a, b)
    }
    /// `cmp [mem], b`.
    @inlinable @inline(__always) public mutating func cmp(_ w: Width, _ a: Mem, _ b: GPR) throws(AssemblerError) {
        try alu(.cmp, w, a, b)
    }
    /// `cmp a, imm`.
    @inlinable @inline(__always) public mutating func cmp(_ w: Width, _ a: GPR, _ imm: Int64) throws(AssemblerError) {
        try alu(.cmp, w, a, imm)
    }
    /// `cmp [mem], imm`.
    @inlinable @inline(__always) public mutating func cmp(_ w: Width, _ a: Mem, _ imm: Int64) throws(AssemblerError) {
        try alu(.cmp, w, a, imm)
    }

    // MARK: test

    /// `test a, b` (flags of a & b).
    @inlinable @inline(__always)
    public mutating func test(_ w: Width, _ a: GPR, _ b: GPR) throws(AssemblerError) {
        try intRR(w, 0x84, 0x85, reg: b, rm: a)
    }

    /// `test [mem], b`.
    @inlinable @inline(__always)
    public mutating func test(_ w: Width, _ a: Mem, _ b: GPR) throws(AssemblerError) {
        try intRM(w, 0x84, 0x85, reg: b, mem: a)
    }

    /// `test a, imm` (there is no imm8 form; al/ax/eax/rax use the short A8/A9 form).
    @inlinable @inline(__always)
    public mutating func test(_ w: Width, _ a: GPR, _ imm: Int64) throws(AssemblerError) {
        let (bits, _) = try X86Assembler.checkImm(w, imm)
        if a.raw == 0 {
            buffer.reserve(CodeBuffer.maxInstructionBytes)
            var (h, n) = X86Assembler.head(
                X86Assembler.sizePrefix(w, 0), X86Assembler.wBit(w), 0xA9 &- UInt32(X86Assembler.isByte(w)))
            h |= bits &<< UInt64(n &<< 3)
            put(h, n + X86Assembler.immSize(w))
            return
        }
        try intDR(w, 0xF6, 0xF7, digit: 0, rm: a, imm: bits, immLen: X86Assembler.immSize(w))
    }

    /// `test [mem], imm`.
    @inlinable @inline(__always)
    public mutating func test(_ w: Width, _ a: Mem, _ imm: Int64) throws(AssemblerError) {
        let (bits, _) = try X86Assembler.checkImm(w, imm)
        try intDM(w, 0xF6, 0xF7, digit: 0, mem: a, imm: bits, immLen: X86Assembler.immSize(w))
    }

    // MARK: mov

    /// `mov dst, src` (register to register).
    @inlinable @inline(__always)
    public mutating func mov(_ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try intRR(w, 0x88, 0x89, reg: src, rm: dst)
    }

    /// `mov dst, src` between 32-bit or 64-bit registers: the bytes of `mov(_:_:_:)` without its checks for byte
    /// width and high-byte registers, which cannot fail here (a code generator's register moves, the most common
    /// instruction it emits). Precondition: `w` is `.dword` or `.qword`; neither register is `ah`...`bh`.
    @inlinable @inline(__always)
    public mutating func movRegister(_ w: Width, _ dst: GPR, _ src: GPR) {
        precondition((dst.raw | src.raw) < 16 && w.rawValue >= 2, "movRegister: 32/64-bit registers only")
        let rex = X86Assembler.wBit(w) | (src.raw & 8) &>> 1 | (dst.raw & 8) &>> 3
        let modrm = UInt64(0xC0 | (src.raw & 7) &<< 3 | dst.raw & 7)
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        if rex != 0 {
            put(UInt64(0x40 | rex) | 0x8900 | modrm &<< 16, 3)
        } else {
            put(0x89 | modrm &<< 8, 2)
        }
    }

    /// Load: `mov dst, [mem]`. At `.dword` the upper 32 bits of `dst` are zeroed.
    @inlinable @inline(__always)
    public mutating func mov(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try intRM(w, 0x8A, 0x8B, reg: dst, mem: src)
    }

    /// Store: `mov [mem], src`.
    @inlinable @inline(__always)
    public mutating func mov(_ w: Width, _ dst: Mem, _ src: GPR) throws(AssemblerError) {
        try intRM(w, 0x88, 0x89, reg: src, mem: dst)
    }

    /// `mov dst, imm`. `.byte`/`.word`/`.dword` use B0+r/B8+r; `.qword` uses the sign-extended imm32 form
    /// (C7 /0) when the value fits and `movabs` (B8+r imm64) otherwise (the forms llvm-mc picks for `movq`).
    /// For the shortest encoding of a 64-bit constant use `movImm(_:_:)`.
    @inlinable @inline(__always)
    public mutating func mov(_ w: Width, _ dst: GPR, _ imm: Int64) throws(AssemblerError) {
        if w.rawValue == 3 {
            if imm >= -0x8000_0000 && imm <= 0x7FFF_FFFF {
                try intDR(
                    .qword, 0xC6, 0xC7, digit: 0, rm: dst, imm: UInt64(UInt32(truncatingIfNeeded: imm)), immLen: 4)
            } else {
                try movabs(dst, imm)
            }
            return
        }
        let (bits, _) = try X86Assembler.checkImm(w, imm)
        let rex = X86Assembler.regFlags(w, dst) | (dst.raw & 8) &>> 3
        if _slowPath(rex > 0x80) { throw X86Assembler.invalid("high-byte register in an instruction that needs REX") }
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        var (h, n) = X86Assembler.head(
            X86Assembler.sizePrefix(w, 0), rex,
            (0xB8 &- UInt32(X86Assembler.isByte(w)) &<< 3) | UInt32(dst.raw & 7))
        h |= bits &<< UInt64(n &<< 3)
        put(h, n + X86Assembler.immSize(w))
    }

    /// `movabs dst, imm64`: always the 10-byte REX.W B8+r form (e.g. for patchable constants).
    @inlinable @inline(__always)
    public mutating func movabs(_ dst: GPR, _ imm: Int64) throws(AssemblerError) {
        if _slowPath(dst.isHighByte) { throw X86Assembler.invalid("movabs needs a 64-bit register") }
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        put(UInt64(0x48 | (dst.raw & 8) &>> 3) | UInt64(0xB8 | dst.raw & 7) &<< 8, 2)
        put(UInt64(bitPattern: imm), 8)
    }

    /// Load a 64-bit constant into `dst` with the shortest `mov`: `mov r32, imm32` (zero-extends, 5-6 bytes) for
    /// 0...0xFFFFFFFF, `mov r64, simm32` (7 bytes) for other values that fit a sign-extended imm32, else `movabs`.
    /// Flags are not affected (no `xor` zero idiom).
    @inlinable @inline(__always)
    public mutating func movImm(_ dst: GPR, _ value: Int64) throws(AssemblerError) {
        if value >= 0 && value <= 0xFFFF_FFFF {
            try mov(.dword, dst, value)
        } else {
            try mov(.qword, dst, value)
        }
    }

    /// `mov [mem], imm` (C6/C7 /0; at `.qword` a sign-extended imm32).
    @inlinable @inline(__always)
    public mutating func mov(_ w: Width, _ dst: Mem, _ imm: Int64) throws(AssemblerError) {
        let (bits, _) = try X86Assembler.checkImm(w, imm)
        try intDM(w, 0xC6, 0xC7, digit: 0, mem: dst, imm: bits, immLen: X86Assembler.immSize(w))
    }

    // MARK: Unary group (not, neg, mul, imul, div, idiv, inc, dec)

    @inlinable @inline(__always)
    mutating func unary(_ w: Width, _ op8: UInt32, _ op: UInt32, _ digit: UInt8, _ r: GPR) throws(AssemblerError) {
        try intDR(w, op8, op, digit: digit, rm: r)
    }

    /// `not r`.
    @inlinable @inline(__always) public mutating func not(_ w: Width, _ r: GPR) throws(AssemblerError) {
        try unary(w, 0xF6, 0xF7, 2, r)
    }
    /// `not [mem]`.
    @inlinable @inline(__always) public mutating func not(_ w: Width, _ m: Mem) throws(AssemblerError) {
        try intDM(w, 0xF6, 0xF7, digit: 2, mem: m)
    }
    /// `neg r`.
    @inlinable @inline(__always) public mutating func neg(_ w: Width, _ r: GPR) throws(AssemblerError) {
        try unary(w, 0xF6, 0xF7, 3, r)
    }
    /// `neg [mem]`.
    @inlinable @inline(__always) public mutating func neg(_ w: Width, _ m: Mem) throws(AssemblerError) {
        try intDM(w, 0xF6, 0xF7, digit: 3, mem: m)
    }
    /// `mul r`: unsigned rdx:rax = rax * r.
    @inlinable @inline(__always) public mutating func mul(_ w: Width, _ r: GPR) throws(AssemblerError) {
        try unary(w, 0xF6, 0xF7, 4, r)
    }
    /// `mul [mem]`.
    @inlinable @inline(__always) public mutating func mul(_ w: Width, _ m: Mem) throws(AssemblerError) {
        try intDM(w, 0xF6, 0xF7, digit: 4, mem: m)
    }
    /// One-operand `imul r`: signed rdx:rax = rax * r.
    @inlinable @inline(__always) public mutating func imul(_ w: Width, _ r: GPR) throws(AssemblerError) {
        try unary(w, 0xF6, 0xF7, 5, r)
    }
    /// One-operand `imul [mem]`.
    @inlinable @inline(__always) public mutating func imul(_ w: Width, _ m: Mem) throws(AssemblerError) {
        try intDM(w, 0xF6, 0xF7, digit: 5, mem: m)
    }
    /// `div r`: unsigned rdx:rax / r (quotient rax, remainder rdx).
    @inlinable @inline(__always) public mutating func div(_ w: Width, _ r: GPR) throws(AssemblerError) {
        try unary(w, 0xF6, 0xF7, 6, r)
    }
    /// `div [mem]`.
    @inlinable @inline(__always) public mutating func div(_ w: Width, _ m: Mem) throws(AssemblerError) {
        try intDM(w, 0xF6, 0xF7, digit: 6, mem: m)
    }
    /// `idiv r`: signed rdx:rax / r.
    @inlinable @inline(__always) public mutating func idiv(_ w: Width, _ r: GPR) throws(AssemblerError) {
        try unary(w, 0xF6, 0xF7, 7, r)
    }
    /// `idiv [mem]`.
    @inlinable @inline(__always) public mutating func idiv(_ w: Width, _ m: Mem) throws(AssemblerError) {
        try intDM(w, 0xF6, 0xF7, digit: 7, mem: m)
    }
    /// `inc r`.
    @inlinable @inline(__always) public mutating func inc(_ w: Width, _ r: GPR) throws(AssemblerError) {
        try unary(w, 0xFE, 0xFF, 0, r)
    }
    /// `inc [mem]`.
    @inlinable @inline(__always) public mutating func inc(_ w: Width, _ m: Mem) throws(AssemblerError) {
        try intDM(w, 0xFE, 0xFF, digit: 0, mem: m)
    }
    /// `dec r`.
    @inlinable @inline(__always) public mutating func dec(_ w: Width, _ r: GPR) throws(AssemblerError) {
        try unary(w, 0xFE, 0xFF, 1, r)
    }
    /// `dec [mem]`.
    @inlinable @inline(__always) public mutating func dec(_ w: Width, _ m: Mem) throws(AssemblerError) {
        try intDM(w, 0xFE, 0xFF, digit: 1, mem: m)
    }

    // MARK: imul (two and three operands)

    /// `imul dst, src` (0F AF; no 8-bit form).
    @inlinable @inline(__always)
    public mutating func imul(_ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try X86Assembler.requireNotByte(w)
        try intRR(w, 0, 0x0FAF, reg: dst, rm: src)
    }

    /// `imul dst, [mem]`.
    @inlinable @inline(__always)
    public mutating func imul(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try X86Assembler.requireNotByte(w)
        try intRM(w, 0, 0x0FAF, reg: dst, mem: src)
    }

    /// `imul dst, src, imm` (6B with imm8 when it fits, else 69 with imm16/imm32).
    @inlinable @inline(__always)
    public mutating func imul(_ w: Width, _ dst: GPR, _ src: GPR, _ imm: Int64) throws(AssemblerError) {
        try X86Assembler.requireNotByte(w)
        let (bits, fits8) = try X86Assembler.checkImm(w, imm)
        if fits8 {
            try intRR(w, 0, 0x6B, reg: dst, rm: src, imm: bits & 0xFF, immLen: 1)
        } else {
            try intRR(w, 0, 0x69, reg: dst, rm: src, imm: bits, immLen: X86Assembler.immSize(w))
        }
    }

    /// `imul dst, [mem], imm`.
    @inlinable @inline(__always)
    public mutating func imul(_ w: Width, _ dst: GPR, _ src: Mem, _ imm: Int64) throws(AssemblerError) {
        try X86Assembler.requireNotByte(w)
        let (bits, fits8) = try X86Assembler.checkImm(w, imm)
        if fits8 {
            try intRM(w, 0, 0x6B, reg: dst, mem: src, imm: bits & 0xFF, immLen: 1)
        } else {
            try intRM(w, 0, 0x69, reg: dst, mem: src, imm: bits, immLen: X86Assembler.immSize(w))
        }
    }

    // MARK: Sign extension of rax into rdx

    /// `cwd` (AT&T `cwtd`): dx:ax = sign-extend ax.
    @inlinable @inline(__always) public mutating func cwd() {
        buffer.reserve(16)
        put(0x9966, 2)
    }
    /// `cdq` (AT&T `cltd`): edx:eax = sign-extend eax (before 32-bit idiv).
    @inlinable @inline(__always) public mutating func cdq() {
        buffer.reserve(16)
        put(0x99, 1)
    }
    /// `cqo` (AT&T `cqto`): rdx:rax = sign-extend rax (before 64-bit idiv).
    @inlinable @inline(__always) public mutating func cqo() {
        buffer.reserve(16)
        put(0x9948, 2)
    }
    /// `cbw` (AT&T `cbtw`): ax = sign-extend al.
    @inlinable @inline(__always) public mutating func cbw() {
        buffer.reserve(16)
        put(0x9866, 2)
    }
    /// `cwde` (AT&T `cwtl`): eax = sign-extend ax.
    @inlinable @inline(__always) public mutating func cwde() {
        buffer.reserve(16)
        put(0x98, 1)
    }
    /// `cdqe` (AT&T `cltq`): rax = sign-extend eax.
    @inlinable @inline(__always) public mutating func cdqe() {
        buffer.reserve(16)
        put(0x9848, 2)
    }

    // MARK: Shifts and rotates

    /// `op dst, count` with an immediate count (D0/D1 when the count is 1, else C0/C1 ib).
    @inlinable @inline(__always)
    public mutating func shift(_ op: ShiftOp, _ w: Width, _ dst: GPR, _ count: UInt8) throws(AssemblerError) {
        if count == 1 {
            try intDR(w, 0xD0, 0xD1, digit: op.rawValue, rm: dst)
        } else {
            try intDR(w, 0xC0, 0xC1, digit: op.rawValue, rm: dst, imm: UInt64(count), immLen: 1)
        }
    }

    /// `op [mem], count` with an immediate count.
    @inlinable @inline(__always)
    public mutating func shift(_ op: ShiftOp, _ w: Width, _ dst: Mem, _ count: UInt8) throws(AssemblerError) {
        if count == 1 {
            try intDM(w, 0xD0, 0xD1, digit: op.rawValue, mem: dst)
        } else {
            try intDM(w, 0xC0, 0xC1, digit: op.rawValue, mem: dst, imm: UInt64(count), immLen: 1)
        }
    }

    /// `op dst, cl`: the count register must be `rcx` (`.invalidOperand` otherwise).
    @inlinable @inline(__always)
    public mutating func shift(_ op: ShiftOp, _ w: Width, _ dst: GPR, _ count: GPR) throws(AssemblerError) {
        if _slowPath(count != .rcx) { throw X86Assembler.invalid("variable shift count must be cl") }
        try intDR(w, 0xD2, 0xD3, digit: op.rawValue, rm: dst)
    }

    /// `op [mem], cl`: the count register must be `rcx`.
    @inlinable @inline(__always)
    public mutating func shift(_ op: ShiftOp, _ w: Width, _ dst: Mem, _ count: GPR) throws(AssemblerError) {
        if _slowPath(count != .rcx) { throw X86Assembler.invalid("variable shift count must be cl") }
        try intDM(w, 0xD2, 0xD3, digit: op.rawValue, mem: dst)
    }

    /// `shl dst, imm`.
    @inlinable @inline(__always) public mutating func shl(_ w: Width, _ dst: GPR, _ count: UInt8) throws(AssemblerError)
    { try shift(.shl, w, dst, count) }
    /// `shl dst, cl` (`count` must be `.rcx`).
    @inlinable @inline(__always) public mutating func shl(_ w: Width, _ dst: GPR, _ count: GPR) throws(AssemblerError) {
        try shift(.shl, w, dst, count)
    }
    /// `shr dst, imm`.
    @inlinable @inline(__always) public mutating func shr(_ w: Width, _ dst: GPR, _ count: UInt8) throws(AssemblerError)
    { try shift(.shr, w, dst, count) }
    /// `shr dst, cl` (`count` must be `.rcx`).
    @inlinable @inline(__always) public mutating func shr(_ w: Width, _ dst: GPR, _ count: GPR) throws(AssemblerError) {
        try shift(.shr, w, dst, count)
    }
    /// `sar dst, imm`.
    @inlinable @inline(__always) public mutating func sar(_ w: Width, _ dst: GPR, _ count: UInt8) throws(AssemblerError)
    { try shift(.sar, w, dst, count) }
    /// `sar dst, cl` (`count` must be `.rcx`).
    @inlinable @inline(__always) public mutating func sar(_ w: Width, _ dst: GPR, _ count: GPR) throws(AssemblerError) {
        try shift(.sar, w, dst, count)
    }
    /// `rol dst, imm`.
    @inlinable @inline(__always) public mutating func rol(_ w: Width, _ dst: GPR, _ count: UInt8) throws(AssemblerError)
    { try shift(.rol, w, dst, count) }
    /// `rol dst, cl` (`count` must be `.rcx`).
    @inlinable @inline(__always) public mutating func rol(_ w: Width, _ dst: GPR, _ count: GPR) throws(AssemblerError) {
        try shift(.rol, w, dst, count)
    }
    /// `ror dst, imm`.
    @inlinable @inline(__always) public mutating func ror(_ w: Width, _ dst: GPR, _ count: UInt8) throws(AssemblerError)
    { try shift(.ror, w, dst, count) }
    /// `ror dst, cl` (`count` must be `.rcx`).
    @inlinable @inline(__always) public mutating func ror(_ w: Width, _ dst: GPR, _ count: GPR) throws(AssemblerError) {
        try shift(.ror, w, dst, count)
    }

    // MARK: Bit counting and byte swap

    @inlinable @inline(__always)
    mutating func bitOp(_ mand: UInt16, _ op: UInt32, _ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try X86Assembler.requireNotByte(w)
        try intRR(w, 0, op, reg: dst, rm: src, mand: mand)
    }

    @inlinable @inline(__always)
    mutating func bitOp(_ mand: UInt16, _ op: UInt32, _ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try X86Assembler.requireNotByte(w)
        try intRM(w, 0, op, reg: dst, mem: src, mand: mand)
    }

    /// `lzcnt dst, src` (F3 0F BD; ABM/LZCNT).
    @inlinable @inline(__always) public mutating func lzcnt(_ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try bitOp(0xF3, 0x0FBD, w, dst, src)
    }
    /// `lzcnt dst, [mem]`.
    @inlinable @inline(__always) public mutating func lzcnt(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try bitOp(0xF3, 0x0FBD, w, dst, src)
    }
    /// `tzcnt dst, src` (F3 0F BC; BMI1).
    @inlinable @inline(__always) public mutating func tzcnt(_ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try bitOp(0xF3, 0x0FBC, w, dst, src)
    }
    /// `tzcnt dst, [mem]`.
    @inlinable @inline(__always) public mutating func tzcnt(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try bitOp(0xF3, 0x0FBC, w, dst, src)
    }
    /// `popcnt dst, src` (F3 0F B8).
    @inlinable @inline(__always) public mutating func popcnt(_ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError)
    { try bitOp(0xF3, 0x0FB8, w, dst, src) }
    /// `popcnt dst, [mem]`.
    @inlinable @inline(__always) public mutating func popcnt(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError)
    { try bitOp(0xF3, 0x0FB8, w, dst, src) }
    /// `bsr dst, src` (0F BD; dst undefined and ZF set when src is 0).
    @inlinable @inline(__always) public mutating func bsr(_ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try bitOp(0, 0x0FBD, w, dst, src)
    }
    /// `bsr dst, [mem]`.
    @inlinable @inline(__always) public mutating func bsr(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try bitOp(0, 0x0FBD, w, dst, src)
    }
    /// `bsf dst, src` (0F BC).
    @inlinable @inline(__always) public mutating func bsf(_ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try bitOp(0, 0x0FBC, w, dst, src)
    }
    /// `bsf dst, [mem]`.
    @inlinable @inline(__always) public mutating func bsf(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try bitOp(0, 0x0FBC, w, dst, src)
    }

    /// `bswap r` (0F C8+r; `.dword` or `.qword` only).
    @inlinable @inline(__always)
    public mutating func bswap(_ w: Width, _ r: GPR) throws(AssemblerError) {
        if _slowPath(w.rawValue < 2 || r.isHighByte) { throw X86Assembler.invalid("bswap needs a 32/64-bit register") }
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        let (h, n) = X86Assembler.head(0, X86Assembler.wBit(w) | (r.raw & 8) &>> 3, 0x0FC8 | UInt32(r.raw & 7))
        put(h, n)
    }

    // MARK: setcc / cmovcc

    /// `setcc r8`: r8 = cc ? 1 : 0 (spl/bpl/sil/dil get a REX prefix).
    @inlinable @inline(__always)
    public mutating func setcc(_ cc: Condition, _ dst: GPR) throws(AssemblerError) {
        try intDR(.byte, 0x0F90 | UInt32(cc.rawValue), 0, digit: 0, rm: dst)
    }

    /// `setcc [mem8]`.
    @inlinable @inline(__always)
    public mutating func setcc(_ cc: Condition, _ dst: Mem) throws(AssemblerError) {
        try intDM(.byte, 0x0F90 | UInt32(cc.rawValue), 0, digit: 0, mem: dst)
    }

    /// `cmovcc dst, src` (no 8-bit form).
    @inlinable @inline(__always)
    public mutating func cmov(_ cc: Condition, _ w: Width, _ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try X86Assembler.requireNotByte(w)
        try intRR(w, 0, 0x0F40 | UInt32(cc.rawValue), reg: dst, rm: src)
    }

    /// `cmovcc dst, [mem]`.
    @inlinable @inline(__always)
    public mutating func cmov(_ cc: Condition, _ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try X86Assembler.requireNotByte(w)
        try intRM(w, 0, 0x0F40 | UInt32(cc.rawValue), reg: dst, mem: src)
    }

    // MARK: Zero / sign extension

    @inlinable @inline(__always)
    static func extOpcode(_ dstW: Width, _ srcW: Width, _ base: UInt32) throws(AssemblerError) -> UInt32 {
        if _slowPath(srcW.rawValue > Width.word.rawValue || dstW.rawValue <= srcW.rawValue) {
            throw invalid("movzx/movsx: source must be 8/16-bit and narrower than the destination")
        }
        return base | UInt32(srcW.rawValue)
    }

    /// `movzx dst, src`: zero-extend the `srcW` (`.byte`/`.word`) view of `src` to `dstW`.
    /// (32 to 64 bits needs no instruction: `mov(.dword, r, r)` zero-extends.)
    @inlinable @inline(__always)
    public mutating func movzx(_ dstW: Width, _ dst: GPR, _ srcW: Width, _ src: GPR) throws(AssemblerError) {
        let op = try X86Assembler.extOpcode(dstW, srcW, 0x0FB6)
        let rex = X86Assembler.wBit(dstW) | X86Assembler.regFlags(dstW, dst) | X86Assembler.regFlags(srcW, src)
        try encRR(X86Assembler.sizePrefix(dstW, 0), rex, op, reg: dst.raw, rm: src.raw)
    }

    /// `movzx dst, [mem]` (load of `srcW` bits, zero-extended).
    @inlinable @inline(__always)
    public mutating func movzx(_ dstW: Width, _ dst: GPR, _ srcW: Width, _ src: Mem) throws(AssemblerError) {
        let op = try X86Assembler.extOpcode(dstW, srcW, 0x0FB6)
        try intRM(dstW, 0, op, reg: dst, mem: src)
    }

    /// `movsx dst, src`: sign-extend the `srcW` (`.byte`/`.word`) view of `src` to `dstW`.
    @inlinable @inline(__always)
    public mutating func movsx(_ dstW: Width, _ dst: GPR, _ srcW: Width, _ src: GPR) throws(AssemblerError) {
        let op = try X86Assembler.extOpcode(dstW, srcW, 0x0FBE)
        let rex = X86Assembler.wBit(dstW) | X86Assembler.regFlags(dstW, dst) | X86Assembler.regFlags(srcW, src)
        try encRR(X86Assembler.sizePrefix(dstW, 0), rex, op, reg: dst.raw, rm: src.raw)
    }

    /// `movsx dst, [mem]` (load of `srcW` bits, sign-extended).
    @inlinable @inline(__always)
    public mutating func movsx(_ dstW: Width, _ dst: GPR, _ srcW: Width, _ src: Mem) throws(AssemblerError) {
        let op = try X86Assembler.extOpcode(dstW, srcW, 0x0FBE)
        try intRM(dstW, 0, op, reg: dst, mem: src)
    }

    /// `movsxd dst64, src32` (AT&T `movslq`).
    @inlinable @inline(__always)
    public mutating func movsxd(_ dst: GPR, _ src: GPR) throws(AssemblerError) {
        try intRR(.qword, 0, 0x63, reg: dst, rm: src)
    }

    /// `movsxd dst64, [mem32]`.
    @inlinable @inline(__always)
    public mutating func movsxd(_ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try intRM(.qword, 0, 0x63, reg: dst, mem: src)
    }

    // MARK: lea, push, pop

    /// `lea dst, [mem]` (`.word`, `.dword` or `.qword`). With `Mem.rip(label)` it materializes a label address.
    @inlinable @inline(__always)
    public mutating func lea(_ w: Width, _ dst: GPR, _ src: Mem) throws(AssemblerError) {
        try X86Assembler.requireNotByte(w)
        try intRM(w, 0, 0x8D, reg: dst, mem: src)
    }

    /// `push r64` (50+r).
    @inlinable @inline(__always)
    public mutating func push(_ r: GPR) throws(AssemblerError) {
        if _slowPath(r.isHighByte) { throw X86Assembler.invalid("push needs a 64-bit register") }
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        let (h, n) = X86Assembler.head(0, (r.raw & 8) &>> 3, 0x50 | UInt32(r.raw & 7))
        put(h, n)
    }

    /// `pop r64` (58+r).
    @inlinable @inline(__always)
    public mutating func pop(_ r: GPR) throws(AssemblerError) {
        if _slowPath(r.isHighByte) { throw X86Assembler.invalid("pop needs a 64-bit register") }
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        let (h, n) = X86Assembler.head(0, (r.raw & 8) &>> 3, 0x58 | UInt32(r.raw & 7))
        put(h, n)
    }

    /// `push qword [mem]` (FF /6).
    @inlinable @inline(__always)
    public mutating func push(_ m: Mem) throws(AssemblerError) { try encRM(0, 0, 0xFF, reg: 6, mem: m) }

    /// `pop qword [mem]` (8F /0).
    @inlinable @inline(__always)
    public mutating func pop(_ m: Mem) throws(AssemblerError) { try encRM(0, 0, 0x8F, reg: 0, mem: m) }

    /// `push imm` (sign-extended to 64 bits; 6A ib when it fits, else 68 id).
    @inlinable @inline(__always)
    public mutating func push(_ imm: Int32) {
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        if imm >= -128 && imm <= 127 {
            put(0x6A | UInt64(UInt8(truncatingIfNeeded: imm)) &<< 8, 2)
        } else {
            put(0x68 | UInt64(UInt32(bitPattern: imm)) &<< 8, 5)
        }
    }
}

import AssemblerCore

extension X86Assembler {
    // MARK: Labels

    /// A new, unbound label.
    @inlinable @inline(__always)
    public mutating func newLabel() -> Label { labels.newLabel() }

    /// The offset `label` is bound to, or nil.
    @inlinable
    public func offset(of label: Label) -> Int? { labels.position(of: label) }

    /// Number of label uses still waiting for their label to be bound.
    public var unresolvedCount: Int { labels.unresolvedCount }

    /// Bind `label` to the current offset and patch every pending use.
    /// Throws `.branchOutOfRange` when a forced-short (rel8) branch cannot reach; the label is bound regardless.
    /// Inlinable: code generators bind a label per block (the call cost more than the usual zero or one patch).
    @inlinable
    public mutating func bind(_ label: Label) throws(AssemblerError) {
        let pos = buffer.count
        let base = buffer.base
        try labels.bind(label, to: pos) { (f: Fixup) throws(AssemblerError) in
            let at = Int(f.at)
            switch f.kind {
            case FixupKind.rel8:
                let d = pos - (at + 1)
                guard d >= -128 && d <= 127 else { throw X86Assembler.shortBranchBindError(at, pos, d) }
                base.storeBytes(of: UInt8(bitPattern: Int8(d)), toByteOffset: at, as: UInt8.self)
            case FixupKind.rel32:
                let anchor = Int(
                    Int32(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt32.self))))
                base.storeBytes(
                    of: UInt32(truncatingIfNeeded: pos - anchor).littleEndian, toByteOffset: at, as: UInt32.self)
            default: // abs32
                base.storeBytes(of: UInt32(truncatingIfNeeded: pos).littleEndian, toByteOffset: at, as: UInt32.self)
            }
        }
    }

    /// Resolve a use `f` of a label that was recorded in another buffer whose code now sits `shift` bytes further
    /// into this one (a parallel compile's chunk; see `LabelTable.takeFixups`), the label being at `target` here.
    /// Only rel32 uses can move: a rel8 use is always bound within its function.
    public mutating func resolveMovedUse(_ f: Fixup, shift: Int, target: Int) {
        let at = Int(f.at) + shift
        precondition(f.kind == FixupKind.rel32, "x86-64: only rel32 label uses can move between buffers")
        let anchor = Int(Int32(bitPattern: buffer.read32(at: at))) + shift
        buffer.patch32(at: at, UInt32(truncatingIfNeeded: target - anchor))
    }

    /// Record a rel32 use of `label` at the cursor (the 4-byte field is the last thing of the instruction) and
    /// return the field value to store now.
    @inlinable @inline(__always)
    mutating func rel32Field(_ label: Label) -> UInt64 {
        let at = buffer.count
        let end = at + 4
        if let pos = labels.position(of: label) { return UInt64(UInt32(truncatingIfNeeded: pos - end)) }
        labels.addFixup(label, at: at, kind: FixupKind.rel32)
        return UInt64(UInt32(truncatingIfNeeded: end))
    }

    // MARK: Direct branches

    /// `jmp label`. A bound (backward) label within reach gets the 2-byte rel8 form, otherwise rel32 (5 bytes).
    /// An unbound (forward) label uses rel32 unless `short` is true; then rel8 is used and `bind` throws
    /// `.branchOutOfRange` if the label ends up too far. With `short` and a bound label out of rel8 reach this
    /// throws `.branchOutOfRange` immediately.
    @inlinable @inline(__always)
    public mutating func jmp(_ target: Label, short: Bool = false) throws(AssemblerError) {
        try branch(0xEB, 0xE9, target, short: short)
    }

    /// `jcc label` (70+cc rel8 or 0F 80+cc rel32; selection as for `jmp`).
    @inlinable @inline(__always)
    public mutating func j(_ cc: Condition, _ target: Label, short: Bool = false) throws(AssemblerError) {
        try branch(0x70 | UInt32(cc.rawValue), 0x0F80 | UInt32(cc.rawValue), target, short: short)
    }

    @inlinable @inline(__always)
    mutating func branch(_ op8: UInt32, _ op32: UInt32, _ target: Label, short: Bool) throws(AssemblerError) {
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        let here = buffer.count
        if let pos = labels.position(of: target) {
            let d8 = pos - (here + 2)
            if d8 >= -128 && d8 <= 127 {
                put(UInt64(op8) | UInt64(UInt8(bitPattern: Int8(d8))) &<< 8, 2)
                return
            }
            if _slowPath(short) { throw X86Assembler.shortBranchError(pos, here) }
        } else if short {
            put(UInt64(op8), 1)
            labels.addFixup(target, at: buffer.count, kind: FixupKind.rel8)
            put(0, 1)
            return
        }
        let (o, n) = X86Assembler.opBytes(op32)
        put(o, n)
        put(rel32Field(target), 4)
    }

    @usableFromInline @inline(never)
    static func shortBranchBindError(_ at: Int, _ pos: Int, _ d: Int) -> AssemblerError {
        AssemblerError(
            .branchOutOfRange, "x86-64: short branch at \(at - 1) cannot reach label at \(pos) (distance \(d))")
    }

    @usableFromInline @inline(never)
    static func shortBranchError(_ target: Int, _ from: Int) -> AssemblerError {
        AssemblerError(.branchOutOfRange, "x86-64: short branch at \(from) cannot reach label at \(target)")
    }

    /// `call label` (E8 rel32).
    @inlinable @inline(__always)
    public mutating func call(_ target: Label) {
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        put(0xE8, 1)
        put(rel32Field(target), 4)
    }

    /// `call rel32` to an absolute buffer offset (e.g. a function emitted earlier in the same buffer).
    @inlinable @inline(__always)
    public mutating func call(offset target: Int) throws(AssemblerError) {
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        let d = target - (buffer.count + 5)
        guard d >= Int(Int32.min) && d <= Int(Int32.max) else {
            throw AssemblerError(.branchOutOfRange, "x86-64: call target out of rel32 range")
        }
        put(0xE8 | UInt64(UInt32(truncatingIfNeeded: d)) &<< 8, 5)
    }

    // MARK: Indirect branches

    /// `jmp r64` (FF /4).
    @inlinable @inline(__always)
    public mutating func jmp(_ target: GPR) throws(AssemblerError) {
        try encRR(0, X86Assembler.regFlags(.qword, target), 0xFF, reg: 4, rm: target.raw)
    }

    /// `jmp qword [mem]` (FF /4).
    @inlinable @inline(__always)
    public mutating func jmp(_ target: Mem) throws(AssemblerError) { try encRM(0, 0, 0xFF, reg: 4, mem: target) }

    /// `call r64` (FF /2).
    @inlinable @inline(__always)
    public mutating func call(_ target: GPR) throws(AssemblerError) {
        try encRR(0, X86Assembler.regFlags(.qword, target), 0xFF, reg: 2, rm: target.raw)
    }

    /// `call qword [mem]` (FF /2).
    @inlinable @inline(__always)
    public mutating func call(_ target: Mem) throws(AssemblerError) { try encRM(0, 0, 0xFF, reg: 2, mem: target) }

    // MARK: Jump tables

    /// Emit a 4-byte table entry holding `target - base` (both buffer offsets). `base` must already be bound
    /// (typically the table's own start); `target` may be bound later. Dispatch:
    /// `lea t, [rip+table]; movsxd e, [t+idx*4]; add t, e; jmp t`.
    public mutating func jumpTableEntry(_ target: Label, relativeTo base: Label) throws(AssemblerError) {
        guard let b = labels.position(of: base) else {
            throw AssemblerError(.unboundLabel, "x86-64: jump table base label must be bound before its entries")
        }
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        if let pos = labels.position(of: target) {
            put(UInt64(UInt32(truncatingIfNeeded: pos - b)), 4)
        } else {
            labels.addFixup(target, at: buffer.count, kind: FixupKind.rel32)
            put(UInt64(UInt32(truncatingIfNeeded: b)), 4)
        }
    }

    /// Emit a 4-byte table entry holding `target`'s absolute offset from the start of the buffer.
    public mutating func jumpTableEntry(absolute target: Label) {
        buffer.reserve(CodeBuffer.maxInstructionBytes)
        if let pos = labels.position(of: target) {
            put(UInt64(UInt32(truncatingIfNeeded: pos)), 4)
        } else {
            labels.addFixup(target, at: buffer.count, kind: FixupKind.abs32)
            put(0, 4)
        }
    }

    // MARK: Misc

    /// `ret` (C3).
    @inlinable @inline(__always) public mutating func ret() {
        buffer.reserve(16)
        put(0xC3, 1)
    }
    /// `ud2` (0F 0B): guaranteed invalid opcode (traps).
    @inlinable @inline(__always) public mutating func ud2() {
        buffer.reserve(16)
        put(0x0B0F, 2)
    }
    /// `int3` (CC): breakpoint.
    @inlinable @inline(__always) public mutating func int3() {
        buffer.reserve(16)
        put(0xCC, 1)
    }
    /// `mfence` (0F AE F0).
    @inlinable @inline(__always) public mutating func mfence() {
        buffer.reserve(16)
        put(0xF0AE0F, 3)
    }
    /// `lfence` (0F AE E8).
    @inlinable @inline(__always) public mutating func lfence() {
        buffer.reserve(16)
        put(0xE8AE0F, 3)
    }
    /// `sfence` (0F AE F8).
    @inlinable @inline(__always) public mutating func sfence() {
        buffer.reserve(16)
        put(0xF8AE0F, 3)
    }
    /// `pause` (F3 90): spin-wait hint.
    @inlinable @inline(__always) public mutating func pause() {
        buffer.reserve(16)
        put(0x90F3, 2)
    }
    /// `hlt` (F4).
    @inlinable @inline(__always) public mutating func hlt() {
        buffer.reserve(16)
        put(0xF4, 1)
    }
    /// One-byte `nop` (90).
    @inlinable @inline(__always) public mutating func nop() {
        buffer.reserve(16)
        put(0x90, 1)
    }

    /// `nop r/m` (0F 1F /0) with an explicit memory operand (`.word` or `.dword` operand size).
    @inlinable @inline(__always)
    public mutating func nop(_ w: Width, _ m: Mem) throws(AssemblerError) {
        if _slowPath((w.rawValue &- 1) > 1) { throw X86Assembler.invalid("nop r/m is 16 or 32-bit") }
        try encRM(X86Assembler.sizePrefix(w, 0), 0, 0x0F1F, reg: 0, mem: m)
    }

    /// The recommended multi-byte NOPs of 1...9 bytes (Intel SDM), packed little-endian.
    @usableFromInline static let nopPatterns: [UInt64] = [
        0,
        0x90,
        0x9066,
        0x001F0F,
        0x0040_1F0F,
        0x00_0044_1F0F,
        0x0000_441F_0F66,
        0x00_0000_0080_1F0F,
        0x0000_0000_0084_1F0F
    ]

    /// Emit exactly `length` bytes of NOPs using the recommended multi-byte NOPs: as many 9-byte NOPs as
    /// needed, then one NOP of the remaining length.
    public mutating func nop(length: Int) {
        var left = length
        while left > 0 {
            let n = min(left, 9)
            buffer.reserve(CodeBuffer.maxInstructionBytes)
            if n == 9 {
                put(0x0000_0000_841F_0F66, 8)
                put(0, 1)
            } else {
                put(X86Assembler.nopPatterns[n], n)
            }
            left -= n
        }
    }

    /// Pad with multi-byte NOPs up to a multiple of `alignment` (a power of two).
    public mutating func align(_ alignment: Int) {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "alignment must be a power of two")
        let pad = (alignment - buffer.count & (alignment - 1)) & (alignment - 1)
        nop(length: pad)
    }
}

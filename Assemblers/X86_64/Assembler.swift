import AssemblerCore

/// A typed x86-64 machine-code encoder.
///
/// Owns a `CodeBuffer` (the bytes) and a `LabelTable` (branch targets and pending fixups). Every instruction
/// method encodes exactly one instruction (or throws and emits nothing): it reserves
/// `CodeBuffer.maxInstructionBytes` (16) once, then writes with unchecked stores. Nothing is allocated per
/// instruction; a label use that must be patched later appends one slot to the label table.
///
/// Operand order is Intel order: destination first (`add(.qword, .rax, .rbx)` is `rax += rbx`).
/// Methods that take a `GPR`, a `Mem` or a range-checked immediate are `throws(AssemblerError)`:
/// - `.invalidOperand`: `rsp` as index, a high-byte register (`ah`...) combined with REX or used at a width other
///   than `.byte`, a width the instruction does not support.
/// - `.immediateOutOfRange`: the immediate does not fit the instruction's immediate field.
/// - `.branchOutOfRange`: a forced short branch cannot reach its target.
/// XMM-only register forms cannot fail and do not throw.
///
/// Example:
/// ```swift
/// var a = X86Assembler()
/// let loop = a.newLabel(), done = a.newLabel()
/// try a.xor(.dword, .rax, .rax)
/// try a.bind(loop)
/// try a.add(.qword, .rax, Mem(.rdi, .rcx, .x8, 16))   // rax += [rdi + rcx*8 + 16]
/// try a.sub(.qword, .rcx, 1)
/// try a.j(.ne, loop)                                   // backward: rel8 chosen automatically
/// try a.j(.s, done)                                    // forward: rel32, patched at bind
/// try a.bind(done)
/// a.ret()
/// let code = try a.finish()                            // throws .unboundLabel if a use is unresolved
/// ```
///
/// Source layout: `Registers.swift` (GPR, XMM, Width, Condition), `MemoryOperand.swift` (Mem),
/// `Encoding.swift` (REX/ModRM/SIB core, immediates), `IntegerInstructions.swift`, `ScalarFloat.swift`,
/// `PackedSIMD.swift`, `Branches.swift` (labels, jumps, calls, jump tables, nops).
public struct X86Assembler: ~Copyable {
    /// The emitted code. Offsets into it are stable; its base pointer may move when it grows.
    public var buffer: CodeBuffer
    /// Labels and pending fixups.
    public var labels: LabelTable

    /// An assembler with an owned, growable buffer.
    public init(initialCapacity: Int = 4096) {
        buffer = CodeBuffer(initialCapacity: initialCapacity)
        labels = LabelTable()
    }

    /// An assembler emitting into `buffer` (e.g. one over mmap'd memory).
    public init(buffer: consuming CodeBuffer) {
        self.buffer = buffer
        labels = LabelTable()
    }

    /// Current emission offset (bytes emitted so far).
    @inlinable public var offset: Int { buffer.count }

    /// A copy of the emitted bytes.
    public var bytes: [UInt8] { buffer.bytes }

    /// Forget the emitted code and all labels, keeping capacity.
    public mutating func reset() {
        buffer.count = 0
        labels.reset()
    }

    /// Throws `.unboundLabel` if any label use is still waiting for its label to be bound.
    public func checkResolved() throws(AssemblerError) {
        let n = labels.unresolvedCount
        if n != 0 { throw AssemblerError(.unboundLabel, "\(n) label use(s) refer to unbound labels") }
    }

    /// Finish: verify all labels are resolved and hand out the buffer.
    public consuming func finish() throws(AssemblerError) -> CodeBuffer {
        try checkResolved()
        return buffer
    }
}

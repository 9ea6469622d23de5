import AssemblerCore

/// An AArch64 (A64) instruction encoder writing into a `CodeBuffer`.
///
/// Invariants:
/// - Every instruction is exactly 4 bytes; each encoder validates all operands *before* emitting, then does a
///   single `reserve(4)` + `put32`. An encoder that throws has emitted nothing.
/// - Labels: a use of a bound label encodes the final offset immediately; a use of an unbound label emits the
///   instruction with a zero offset field and records a fixup (`A64Fixup`) that `bind` patches. Every offset is
///   range-checked (at emission or at bind); an out-of-range label throws `.branchOutOfRange`, never wraps.
/// - Offsets are relative to the buffer start; code is position-independent except for `adrp` (explicit page
///   delta).
public struct A64Assembler: ~Copyable {
    /// The emitted code.
    public var buffer: CodeBuffer
    /// Labels and pending fixups.
    public var labels: LabelTable

    /// An assembler with owned, growable storage.
    public init(initialCapacity: Int = 4096) {
        buffer = CodeBuffer(initialCapacity: initialCapacity)
        labels = LabelTable()
    }

    /// An assembler emitting into `buffer` (e.g. one created over mmap'd memory).
    public init(buffer: consuming CodeBuffer) {
        self.buffer = buffer
        labels = LabelTable()
    }

    /// Current emission offset in bytes.
    @inlinable public var offset: Int { buffer.count }

    /// Emit one raw instruction word.
    @inlinable @inline(__always)
    public mutating func emit(_ word: UInt32) {
        buffer.reserve(4)
        buffer.put32(word)
    }

    /// The emitted bytes (copy).
    public var bytes: [UInt8] { buffer.bytes }

    /// Throws `.unboundLabel` if any label use is still unresolved.
    public func checkResolved() throws(AssemblerError) {
        if labels.unresolvedCount != 0 {
            throw AssemblerError(.unboundLabel, "\(labels.unresolvedCount) label use(s) never bound")
        }
    }

    /// Finish: verifies that every used label was bound and hands back the buffer.
    public consuming func finish() throws(AssemblerError) -> CodeBuffer {
        try checkResolved()
        return buffer
    }

    // MARK: Labels

    /// A new, unbound label.
    @inlinable public mutating func newLabel() -> Label { labels.newLabel() }

    /// Bind `label` to the current offset and patch its pending uses.
    public mutating func bind(_ label: Label) throws(AssemblerError) {
        try bind(label, to: buffer.count)
    }

    /// Bind `label` to byte offset `position` and patch its pending uses. Throws
    /// `.branchOutOfRange` if a pending use cannot reach `position` (the other uses are still patched).
    public mutating func bind(_ label: Label, to position: Int) throws(AssemblerError) {
        precondition(position >= 0, "label position must be non-negative")
        var failure: AssemblerError? = nil
        // Move the table out (no allocation: empty arrays) so the patch closure can mutate `buffer`.
        var table = LabelTable()
        swap(&table, &labels)
        defer { swap(&table, &labels) }
        do throws(AssemblerError) {
            try table.bind(label, to: position) { (f: Fixup) throws(AssemblerError) in
                let at = Int(f.at)
                let kind = A64Fixup(rawValue: f.kind)!
                do throws(AssemblerError) {
                    let field = try kind.field(delta: position - at)
                    buffer.patch32(at: at, buffer.read32(at: at) | field)
                } catch {
                    if failure == nil { failure = error }
                }
            }
        } catch {
            if failure == nil { failure = error }
        }
        if let failure { throw failure }
    }

    /// Resolve a use `f` of a label that was recorded in another buffer whose code now sits `shift` bytes further
    /// into this one (a parallel compile's chunk; see `LabelTable.takeFixups`), the label being at `target` here.
    public mutating func resolveMovedUse(_ f: Fixup, shift: Int, target: Int) throws(AssemblerError) {
        let at = Int(f.at) + shift
        let kind = A64Fixup(rawValue: f.kind)!
        let field = try kind.field(delta: target - at)
        buffer.patch32(at: at, buffer.read32(at: at) | field)
    }

    /// Encode a label reference at the current offset: the field for a bound label, or 0 plus a fixup.
    @inlinable
    mutating func labelField(_ label: Label, _ kind: A64Fixup) throws(AssemblerError) -> UInt32 {
        if let p = labels.position(of: label) {
            return try kind.field(delta: p - buffer.count)
        }
        labels.addFixup(label, at: buffer.count, kind: kind.rawValue)
        return 0
    }
}

/// AArch64 label fixup kinds: which PC-relative field of the instruction word holds the offset.
public enum A64Fixup: UInt8, Sendable {
    /// b/bl: imm26 (bits 0–25), offset/4, ±128 MiB.
    case imm26 = 1
    /// b.cond, cbz/cbnz, ldr literal: imm19 (bits 5–23), offset/4, ±1 MiB.
    case imm19 = 2
    /// tbz/tbnz: imm14 (bits 5–18), offset/4, ±32 KiB.
    case imm14 = 3
    /// adr: immhi:immlo (bits 5–23 and 29–30), byte offset, ±1 MiB.
    case adr21 = 4

    /// The instruction bits encoding `delta` (target − instruction offset), or `.branchOutOfRange`.
    @inlinable
    public func field(delta: Int) throws(AssemblerError) -> UInt32 {
        switch self {
        case .imm26:
            guard delta & 3 == 0, delta >= -(1 << 27), delta < (1 << 27) else { throw rangeError(delta, "±128 MiB") }
            return UInt32(truncatingIfNeeded: delta >> 2) & 0x3FF_FFFF
        case .imm19:
            guard delta & 3 == 0, delta >= -(1 << 20), delta < (1 << 20) else { throw rangeError(delta, "±1 MiB") }
            return (UInt32(truncatingIfNeeded: delta >> 2) & 0x7FFFF) << 5
        case .imm14:
            guard delta & 3 == 0, delta >= -(1 << 15), delta < (1 << 15) else { throw rangeError(delta, "±32 KiB") }
            return (UInt32(truncatingIfNeeded: delta >> 2) & 0x3FFF) << 5
        case .adr21:
            guard delta >= -(1 << 20), delta < (1 << 20) else { throw rangeError(delta, "±1 MiB") }
            let v = UInt32(truncatingIfNeeded: delta) & 0x1F_FFFF
            return (v & 3) << 29 | (v >> 2) << 5
        }
    }

    @usableFromInline
    func rangeError(_ delta: Int, _ range: String) -> AssemblerError {
        AssemblerError(.branchOutOfRange, "PC-relative offset \(delta) not encodable (\(range), 4-byte aligned)")
    }
}

// MARK: - Shared operand checks

// Error construction is kept out of line (never inlined) so the inlined hot encoders stay small: a failed check
// costs one call on the cold path.

@usableFromInline @inline(never)
func immError(_ what: String, _ v: Int) -> AssemblerError {
    AssemblerError(.immediateOutOfRange, "\(what) \(v) out of range")
}

@usableFromInline @inline(never)
func operandError(_ what: String) -> AssemblerError {
    AssemblerError(.invalidOperand, what)
}

@usableFromInline @inline(never)
func bitmaskError(_ imm: UInt64, _ width: Int) -> AssemblerError {
    AssemblerError(.immediateOutOfRange, "0x\(String(imm, radix: 16)) is not a \(width)-bit logical immediate")
}

@usableFromInline @inline(never)
func arrangementError(_ what: StaticString, _ t: Arrangement) -> AssemblerError {
    AssemblerError(.invalidOperand, "\(what): arrangement \(t) not allowed")
}

/// `v` as an unsigned field of `bits` bits, or throws.
@inlinable @inline(__always)
func ufield(_ v: Int, _ bits: Int, _ what: StaticString) throws(AssemblerError) -> UInt32 {
    guard v >= 0 && v < (1 << bits) else { throw immError(what.description, v) }
    return UInt32(v)
}

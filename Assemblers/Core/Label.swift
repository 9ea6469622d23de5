/// A position in the code, possibly not yet known. Labels are small integers handed out by a `LabelTable`.
public struct Label: Hashable, Sendable {
    public let id: Int32
    @inlinable public init(id: Int32) { self.id = id }
}

/// A use of a label that must be patched once the label is bound.
/// `kind` is defined by each architecture (e.g. x86 rel8/rel32, AArch64 imm19/imm26/imm14).
public struct Fixup: Sendable, BitwiseCopyable {
    /// Offset of the instruction (or field) to patch.
    public var at: Int32
    public var kind: UInt8
    @usableFromInline var next: Int32
    @inlinable init(at: Int32, kind: UInt8, next: Int32) {
        self.at = at
        self.kind = kind
        self.next = next
    }
}

/// Label positions and pending fixups.
///
/// Invariants: `positions[l] == -1` while label `l` is unbound. Pending fixups of one label form a singly linked
/// list through `fixups` (`head[l]`, `Fixup.next`), so binding visits only that label's uses and nothing is
/// allocated per use except one table slot. An arch assembler calls `take(label)`, patches every returned fixup.
/// The tables are `TableBuffer`s (no copy-on-write checks). When no use is pending, no fixup is reachable, so
/// `fixups` is emptied: it holds at most the uses pending at once, not every use of the module.
public struct LabelTable: ~Copyable {
    @usableFromInline var positions = TableBuffer<Int32>()
    @usableFromInline var heads = TableBuffer<Int32>()
    @usableFromInline var fixups = TableBuffer<Fixup>()
    @usableFromInline var pendingCount = 0

    public init() {}

    deinit {
        positions.deallocate()
        heads.deallocate()
        fixups.deallocate()
    }

    /// Room for `labels` labels in all, so that the tables do not grow (each growth copies them into fresh
    /// memory) while a whole module's labels are handed out.
    public mutating func reserveCapacity(labels: Int) {
        positions.reserve(labels)
        heads.reserve(labels)
    }

    /// Forget all labels and fixups, keeping capacity (one table serves many functions).
    public mutating func reset() {
        positions.removeAll()
        heads.removeAll()
        fixups.removeAll()
        pendingCount = 0
    }

    @inlinable
    public mutating func newLabel() -> Label {
        positions.append(-1)
        heads.append(-1)
        return Label(id: Int32(positions.count - 1))
    }

    /// The bound position of `label`, or nil.
    @inlinable
    public func position(of label: Label) -> Int? {
        let p = positions[Int(label.id)]
        return p < 0 ? nil : Int(p)
    }

    /// Record a use of an unbound label (inlined: a forward branch's only bookkeeping).
    @inlinable @inline(__always)
    public mutating func addFixup(_ label: Label, at: Int, kind: UInt8) {
        let l = Int(label.id)
        fixups.append(Fixup(at: Int32(at), kind: kind, next: heads[l]))
        heads[l] = Int32(fixups.count - 1)
        pendingCount += 1
    }

    /// Bind `label` to `position` and return its pending fixups (to be patched by the caller).
    public mutating func bind(_ label: Label, to position: Int) -> [Fixup] {
        let l = Int(label.id)
        precondition(positions[l] < 0, "label bound twice")
        positions[l] = Int32(position)
        return takeFixups(of: label)
    }

    /// Visit pending fixups of `label` and bind it, without allocating.
    @inlinable
    public mutating func bind(_ label: Label, to position: Int, patch: (Fixup) throws(AssemblerError) -> Void)
        throws(AssemblerError)
    {
        let l = Int(label.id)
        precondition(positions[l] < 0, "label bound twice")
        positions[l] = Int32(position)
        var i = heads[l]
        while i >= 0 {
            let f = fixups[Int(i)]
            try patch(f)
            pendingCount -= 1
            i = f.next
        }
        heads[l] = -1
        if pendingCount == 0 { fixups.removeAll() }
    }

    /// Remove and return the pending uses of `label`, which stays unbound: for code compiled apart from the buffer
    /// that binds the label (a chunk of a parallel compile), whose uses are resolved once the code is placed.
    public mutating func takeFixups(of label: Label) -> [Fixup] {
        let l = Int(label.id)
        var out: [Fixup] = []
        var i = heads[l]
        while i >= 0 {
            out.append(fixups[Int(i)])
            i = fixups[Int(i)].next
        }
        heads[l] = -1
        pendingCount -= out.count
        if pendingCount == 0 { fixups.removeAll() }
        return out
    }

    /// Number of uses of labels that are still unbound. Must be 0 when a function is finished.
    public var unresolvedCount: Int { pendingCount }
}

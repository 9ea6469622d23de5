/// Registers holding a copy of a local within a basic block (Liftoff's cache state).
///
/// Invariants:
/// - write-through: the local's slot is always current, so dropping a copy costs nothing;
/// - a cached register is owned by the cache, never by a value-stack entry (it is allocated in the
///   `RegisterFile` while cached; `remove` hands it back to the caller to release);
/// - the cache is emptied at labels, calls and helper calls, and a local's copy is dropped when it is written.
struct LocalCache {
    private(set) var entries: [(local: UInt32, reg: Reg)] = []
    /// Bit `Reg.raw` of every cached register (kept in step with `entries`).
    private(set) var mask: UInt64 = 0

    @inline(__always)
    var isEmpty: Bool { mask == 0 }

    @inline(__always)
    func contains(_ r: Reg) -> Bool { mask & (1 << UInt64(r.raw)) != 0 }

    /// Record `r` as holding a copy of local `l`.
    mutating func add(_ l: UInt32, _ r: Reg) {
        entries.append((l, r))
        mask |= 1 << UInt64(r.raw)
    }

    @inline(__always)
    func register(of l: UInt32) -> Reg? {
        guard mask != 0 else { return nil }
        for e in entries where e.local == l { return e.reg }
        return nil
    }

    /// Forget local `l`'s copy; returns its register (still allocated: the caller releases it).
    mutating func remove(local l: UInt32) -> Reg? {
        guard mask != 0, let i = entries.firstIndex(where: { $0.local == l }) else { return nil }
        let r = entries.remove(at: i).reg
        mask &= ~(1 << UInt64(r.raw))
        return r
    }

    /// Forget the copy in `r`; whether there was one.
    mutating func remove(register r: Reg) -> Bool {
        guard let i = entries.firstIndex(where: { $0.reg == r }) else { return false }
        entries.remove(at: i)
        mask &= ~(1 << UInt64(r.raw))
        return true
    }

    /// Give up the first cached register of the class not in `pinned` (it stays allocated: it becomes the
    /// caller's).
    mutating func reclaim(float: Bool, pinned: UInt64) -> Reg? {
        guard let i = entries.firstIndex(where: { $0.reg.isFloat == float && pinned & (1 << UInt64($0.reg.raw)) == 0 })
        else { return nil }
        let r = entries.remove(at: i).reg
        mask &= ~(1 << UInt64(r.raw))
        return r
    }

    mutating func removeAll() {
        // Every block boundary resets the cache, mostly already empty: `removeAll(keepingCapacity:)` is a
        // generic call of ~60 instructions even then.
        guard mask != 0 else { return }
        entries.removeAll(keepingCapacity: true)
        mask = 0
    }
}

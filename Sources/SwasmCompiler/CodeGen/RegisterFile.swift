/// Which allocatable registers are free (one bit per register number, per class).
///
/// Invariants:
/// - a register is free exactly when no value-stack entry, local-cache entry or operator in flight holds it;
/// - home-capable registers (`homeSetMask`) are never free, used as homes or not: they are callee-saved in the
///   wasm convention and a function saves only the homes it uses, so they never hold operands;
/// - `pinned` marks cached registers lent read-only to the operator being emitted (cleared before each
///   operator); a pinned register is never reclaimed.
struct RegisterFile {
    /// Every allocatable register (bit = register number), by class.
    let allGPRs: UInt64
    let allFPRs: UInt64
    /// Bit `Reg.raw` of every register that may be a home.
    let homeSetMask: UInt64
    var freeGPRs: UInt64 = 0
    var freeFPRs: UInt64 = 0
    var pinned: UInt64 = 0

    init(gprs: [Reg], fprs: [Reg], homeCapable: [Reg]) {
        allGPRs = gprs.reduce(0) { $0 | 1 << UInt64($1.raw) }
        allFPRs = fprs.reduce(0) { $0 | 1 << UInt64($1.number) }
        homeSetMask = homeCapable.reduce(0) { $0 | 1 << UInt64($1.raw) }
    }

    /// Every operand register free (at function entry and merge points).
    @inline(__always)
    mutating func reset() {
        freeGPRs = allGPRs & ~(homeSetMask & 0xFFFF_FFFF)
        freeFPRs = allFPRs & ~(homeSetMask >> 32)
    }

    @inline(__always)
    func isAllocated(_ r: Reg) -> Bool {
        r.isFloat ? freeFPRs & (1 << UInt64(r.number)) == 0 : freeGPRs & (1 << UInt64(r.raw)) == 0
    }

    @inline(__always)
    mutating func take(_ r: Reg) {
        if r.isFloat { freeFPRs &= ~(1 << UInt64(r.number)) } else { freeGPRs &= ~(1 << UInt64(r.raw)) }
    }

    @inline(__always)
    mutating func release(_ r: Reg) {
        if r.isFloat { freeFPRs |= 1 << UInt64(r.number) } else { freeGPRs |= 1 << UInt64(r.raw) }
    }

    /// Take the lowest-numbered free register of the class, if any.
    @inline(__always)
    mutating func takeFree(float: Bool) -> Reg? {
        if float {
            guard freeFPRs != 0 else { return nil }
            let n = freeFPRs.trailingZeroBitCount
            freeFPRs &= freeFPRs &- 1
            return .fpr(UInt8(n))
        }
        guard freeGPRs != 0 else { return nil }
        let n = freeGPRs.trailingZeroBitCount
        freeGPRs &= freeGPRs &- 1
        return .gpr(UInt8(n))
    }

    @inline(__always)
    mutating func pin(_ r: Reg) { pinned |= 1 << UInt64(r.raw) }

    @inline(__always)
    func isPinned(_ r: Reg) -> Bool { pinned & (1 << UInt64(r.raw)) != 0 }
}

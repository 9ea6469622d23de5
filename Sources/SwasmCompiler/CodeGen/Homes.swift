import WasmDecoder

/// Register homes: locals that live in a register for the whole function, chosen before the pass by use
/// (accesses weighted by loop depth, counted by `LocalUseScanner`).
///
/// Invariants:
/// - a home register is its local's only current copy (the local's slot is stale);
/// - home registers are callee-saved in the wasm convention (the prologue saves the caller's values, the
///   return restores them; the host-call and helper-call stubs preserve them), so calls cost nothing for homes;
/// - a home register is never free, never cached and never a stack entry's `.reg`: an entry reading the local
///   stays `.local(l)`, so block merges need no fix-ups.
struct Homes {
    /// The current function's homes: the first `count` entries (later ones are stale; the array only grows).
    private(set) var list: [(local: UInt32, reg: Reg, type: ValueType, written: Bool)] = []
    private(set) var count = 0
    /// Per local of the current function (the first `localTypes.count` entries; later ones are stale): its home's
    /// `Reg.raw`, or `noHome`. Read only while `mask != 0`.
    private var homeOf: [UInt8] = []
    /// Bit `Reg.raw` set for every home register.
    private(set) var mask: UInt64 = 0
    /// The scanner's results per local (the first `localTypes.count` entries), and its scratch up to
    /// `LocalUseScanner.minimumRoom`. `useWeights`, `localWritten` and `homeOf` always have the same size.
    private var useWeights: [UInt64] = []
    private var localWritten: [Bool] = []
    static var noHome: UInt8 { 0xFF }

    @inline(__always)
    func home(_ l: UInt32) -> Reg? {
        guard mask != 0 else { return nil }
        let raw = homeOf[Int(l)]
        return raw == Self.noHome ? nil : Reg(raw: raw)
    }

    @inline(__always)
    func isHome(_ r: Reg) -> Bool { mask & (1 << UInt64(r.raw)) != 0 }

    /// Give the most used locals a register home each (GPR for integers and references, vector register for
    /// f32, f64 and v128), as many as `gprs`/`fprs` allow. A local accessed less than twice keeps its slot.
    mutating func choose(
        code: UnsafeRawBufferPointer, localTypes: [ValueType], enabled: Bool, gprs: [Reg], fprs: [Reg]
    ) {
        // Per function: the tables are reused, never shrunk (only the first `n` entries mean anything), and
        // cleared in place through pointers (`removeAll`, `append(contentsOf:)` and a uniqueness check per
        // element written cost more than the scan for a small body).
        count = 0
        mask = 0
        let n = localTypes.count
        guard enabled, code.count > 0, n > 0, !gprs.isEmpty || !fprs.isEmpty else { return }
        // The scanner may write scratch entries up to `minimumRoom` (only the first `n` are read).
        let room = max(n, LocalUseScanner.minimumRoom)
        if useWeights.count < room {
            let more = room - useWeights.count
            useWeights.append(contentsOf: repeatElement(0, count: more))
            localWritten.append(contentsOf: repeatElement(false, count: more))
            homeOf.append(contentsOf: repeatElement(Self.noHome, count: more))
        }
        let maxG = gprs.count
        let maxF = fprs.count
        if list.count < maxG + maxF {
            list.append(contentsOf: repeatElement((0, Reg(raw: 0), .i32, false), count: maxG + maxF - list.count))
        }
        (count, mask) = useWeights.withUnsafeMutableBufferPointer { w in
            localWritten.withUnsafeMutableBufferPointer { wr in
                homeOf.withUnsafeMutableBufferPointer { h in
                    list.withUnsafeMutableBufferPointer { l in
                        w.baseAddress!.update(repeating: 0, count: n)
                        wr.baseAddress!.update(repeating: false, count: n)
                        h.baseAddress!.update(repeating: Self.noHome, count: n)
                        LocalUseScanner.scan(code, weights: w.baseAddress!, written: wr.baseAddress!, count: n)
                        return Self.select(
                            localTypes, weights: UnsafeBufferPointer(w), written: wr.baseAddress!,
                            homeOf: h.baseAddress!,
                            into: l.baseAddress!, gprs: gprs, fprs: fprs)
                    }
                }
            }
        }
    }

    /// Write the homes of the heaviest locals to `list` (GPR homes first, each class heaviest first) and to
    /// `homeOf`; returns their number and register mask.
    private static func select(
        _ localTypes: [ValueType], weights: UnsafeBufferPointer<UInt64>, written: UnsafePointer<Bool>,
        homeOf: UnsafeMutablePointer<UInt8>, into list: UnsafeMutablePointer<(UInt32, Reg, ValueType, Bool)>,
        gprs: [Reg], fprs: [Reg]
    ) -> (count: Int, mask: UInt64) {
        let maxG = gprs.count
        let maxF = fprs.count
        // The heaviest locals per register class, best first: insertion into short lists on the stack (no sort of
        // all locals, no allocation).
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: maxG + maxF + 2) { best in
            var g = 0
            var f = 0
            for i in 0..<localTypes.count {
                guard weights[i] >= 2 else { continue }
                let t = localTypes[i]
                if t == .f32 || t == .f64 || t == .v128 {
                    insert(i, into: best.baseAddress! + maxG, count: &f, limit: maxF, weights: weights)
                } else {
                    insert(i, into: best.baseAddress!, count: &g, limit: maxG, weights: weights)
                }
            }
            var mask: UInt64 = 0
            for k in 0..<(g + f) {
                let i = k < g ? best[k] : best[maxG + k - g]
                let r = k < g ? gprs[k] : fprs[k - g]
                list[k] = (UInt32(i), r, localTypes[i], written[i])
                homeOf[i] = r.raw
                mask |= 1 << UInt64(r.raw)
            }
            return (g + f, mask)
        }
    }

    /// Keep `list[0..<count]` the `limit` heaviest locals so far, heaviest first (ties: lower index first).
    static func insert(
        _ i: Int, into list: UnsafeMutablePointer<Int>, count: inout Int, limit: Int,
        weights: UnsafeBufferPointer<UInt64>
    ) {
        let w = weights[i]
        if count == limit {
            guard limit > 0, w > weights[list[limit - 1]] else { return }
            count -= 1
        }
        var k = count
        while k > 0 && weights[list[k - 1]] < w {
            list[k] = list[k - 1]
            k -= 1
        }
        list[k] = i
        count += 1
    }
}

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
    private(set) var list: [(local: UInt32, reg: Reg, type: ValueType, written: Bool)] = []
    /// Per local of the current function (the first `localTypes.count` entries; later ones are stale): its home's
    /// `Reg.raw`, or `noHome`. Read only while `mask != 0`.
    private var homeOf: [UInt8] = []
    /// Bit `Reg.raw` set for every home register.
    private(set) var mask: UInt64 = 0
    private var useWeights: [UInt64] = []
    private var localWritten: [Bool] = []
    static var noHome: UInt8 { 0xFF }

    var count: Int { list.count }

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
        // cleared in place (`removeAll` and `append(contentsOf:)` cost more than the scan for a small body).
        if !list.isEmpty { list.removeAll(keepingCapacity: true) }
        mask = 0
        let n = localTypes.count
        guard enabled, code.count > 0, n > 0, !gprs.isEmpty || !fprs.isEmpty else { return }
        Self.fill(&useWeights, n, 0)
        Self.fill(&localWritten, n, false)
        useWeights.withUnsafeMutableBufferPointer { w in
            localWritten.withUnsafeMutableBufferPointer { wr in
                LocalUseScanner.scan(code, weights: w.baseAddress!, written: wr.baseAddress!, count: n)
            }
        }
        Self.fill(&homeOf, n, Self.noHome)
        // The heaviest locals per register class, best first: insertion into short lists on the stack (no sort of
        // all locals, no allocation).
        let maxG = gprs.count
        let maxF = fprs.count
        withUnsafeTemporaryAllocation(of: Int.self, capacity: maxG + maxF + 2) { best in
            var g = 0
            var f = 0
            useWeights.withUnsafeBufferPointer { w in
                for i in 0..<n {
                    let weight = w[i]
                    guard weight >= 2 else { continue }
                    let t = localTypes[i]
                    if t == .f32 || t == .f64 || t == .v128 {
                        Self.insert(i, into: best.baseAddress! + maxG, count: &f, limit: maxF, weights: w)
                    } else {
                        Self.insert(i, into: best.baseAddress!, count: &g, limit: maxG, weights: w)
                    }
                }
            }
            for k in 0..<g { add(best[k], gprs[k], localTypes) }
            for k in 0..<f { add(best[maxG + k], fprs[k], localTypes) }
        }
    }

    /// Set `a[0..<n]` to `value`, growing `a` to at least `n` elements.
    @inline(__always)
    static func fill<T>(_ a: inout [T], _ n: Int, _ value: T) {
        if a.count < n { a.append(contentsOf: repeatElement(value, count: n - a.count)) }
        a.withUnsafeMutableBufferPointer { $0.baseAddress!.update(repeating: value, count: n) }
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

    private mutating func add(_ i: Int, _ r: Reg, _ localTypes: [ValueType]) {
        list.append((UInt32(i), r, localTypes[i], localWritten[i]))
        homeOf[i] = r.raw
        mask |= 1 << UInt64(r.raw)
    }
}

/// The frame of the function being compiled: the only owner of every frame-offset formula.
///
/// fp-relative 16-byte slots (a v128 fits any slot):
/// ```
///   fp + 16 + 16 * (M - 1 - i)   parameter / result i in the caller's argument area, M = argumentSlots
///   fp + 8, fp + 0               return address, caller's fp (x86-64: pushed; AArch64: stp x29, x30)
///   fp - 16                      this function's VM context
///   fp - 16 * (2 + k)            the caller's value of home register k (homes are callee-saved), k < H
///   fp - 16 * (2 + H + j)        declared local j (the locals after the parameters), j < L
///   fp - 16 * (2 + H + L + d)    value-stack slot of depth d
/// ```
struct FrameLayout {
    var paramCount = 0
    /// `max(#params, #results)`: the argument area's size in slots.
    var argumentSlots = 0
    /// `H`: home registers this function uses.
    var homeCount = 0
    /// `L`: declared locals (not parameters).
    var localCount = 0

    static let vmContextOffset = -16

    /// Parameter or result `i` in the argument area.
    @inline(__always)
    func argumentOffset(_ i: Int) -> Int { 16 + 16 * (argumentSlots - 1 - i) }

    /// Local `i` (parameters first, then declared locals).
    @inline(__always)
    func localOffset(_ i: UInt32) -> Int {
        let i = Int(i)
        if i < paramCount { return argumentOffset(i) }
        return declaredLocalOffset(i - paramCount)
    }

    @inline(__always)
    func declaredLocalOffset(_ j: Int) -> Int { -16 * (2 + homeCount + j) }

    /// The value-stack slot of depth `depth`.
    @inline(__always)
    func slotOffset(_ depth: Int) -> Int { -16 * (2 + homeCount + localCount + depth) }

    /// Where the caller's value of the `k`-th home register is kept.
    @inline(__always)
    func homeSaveOffset(_ k: Int) -> Int { -16 * (2 + k) }

    /// Bytes below fp for a function whose value stack reached `maxDepth` (16-byte aligned).
    func frameSize(maxDepth: Int) -> Int { 16 * (1 + homeCount + localCount + maxDepth + 1) }
}

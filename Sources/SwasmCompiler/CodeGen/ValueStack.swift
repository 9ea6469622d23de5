/// The code generator's operand stack: a growable buffer of trivial entries without copy-on-write (no
/// uniqueness check or retain per push and pop; it is touched several times per operator). Owned by one
/// `CodeGen`, which frees it.
struct ValueStack {
    private(set) var base: UnsafeMutablePointer<StackEntry>
    private(set) var count = 0
    private var capacity: Int

    init() {
        capacity = 64
        base = .allocate(capacity: capacity)
    }

    func deallocate() { base.deallocate() }

    @inline(__always)
    subscript(i: Int) -> StackEntry {
        get {
            precondition(i >= 0 && i < count, "operand stack index out of range")
            return base[i]
        }
        nonmutating set {
            precondition(i >= 0 && i < count, "operand stack index out of range")
            base[i] = newValue
        }
    }

    @inline(__always)
    mutating func append(_ e: StackEntry) {
        if count == capacity { grow() }
        (base + count).initialize(to: e)
        count += 1
    }

    mutating func grow() {
        let bigger = UnsafeMutablePointer<StackEntry>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    @inline(__always)
    mutating func removeLast() -> StackEntry {
        precondition(count > 0, "pop from an empty operand stack")
        count -= 1
        return base[count]
    }

    mutating func removeLast(_ n: Int) {
        precondition(n >= 0 && n <= count, "operand stack underflow")
        count -= n
    }

    /// Drop the entries from `range.lowerBound` up.
    mutating func removeSubrange(_ range: PartialRangeFrom<Int>) {
        precondition(range.lowerBound >= 0 && range.lowerBound <= count, "operand stack index out of range")
        count = range.lowerBound
    }

    /// Drop every entry (the buffer is kept for the next function).
    mutating func removeAll() { count = 0 }

    func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}

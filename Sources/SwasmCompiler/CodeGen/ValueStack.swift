/// The code generator's operand stack (`StackEntry`s).
typealias ValueStack = UnsafeStack<StackEntry>

/// A growable stack of trivial values without copy-on-write (no uniqueness check or retain per push, pop or
/// element update; the operand stack is touched several times per operator, the control stack per block and
/// branch). Owned by one `CodeGen`, which frees it. Invariant: `Element` is trivial (no references), so popped
/// and dropped elements need no deinitialization.
struct UnsafeStack<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    /// Never negative (so an index is in range when it is below `count` as an unsigned value), never above
    /// `capacity` (so `append` cannot overflow it).
    private(set) var count = 0
    private var capacity: Int

    init() {
        precondition(_isPOD(Element.self), "UnsafeStack holds trivial values only")
        capacity = 64
        base = .allocate(capacity: capacity)
    }

    func deallocate() { base.deallocate() }

    @inline(__always)
    var isEmpty: Bool { count == 0 }

    @inline(__always)
    subscript(i: Int) -> Element {
        get {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "stack index out of range")
            return base[i]
        }
        nonmutating set {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "stack index out of range")
            base[i] = newValue
        }
    }

    @inline(__always)
    mutating func append(_ e: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: e)
        count &+= 1
    }

    mutating func grow() { reserveCapacity(capacity * 2) }

    /// Room for `n` entries in all.
    mutating func reserveCapacity(_ n: Int) {
        guard n > capacity else { return }
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: n)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = n
    }

    /// The entries, in order.
    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func removeLast() -> Element {
        precondition(count > 0, "pop from an empty stack")
        count &-= 1
        return base[count]
    }

    mutating func removeLast(_ n: Int) {
        precondition(n >= 0 && n <= count, "stack underflow")
        count -= n
    }

    /// Drop the entries from `range.lowerBound` up.
    mutating func removeSubrange(_ range: PartialRangeFrom<Int>) {
        precondition(range.lowerBound >= 0 && range.lowerBound <= count, "stack index out of range")
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

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable array of plain values without copy-on-write: owned by one table (`LabelTable`), so appending and
/// subscripting need no uniqueness check, no retain and no release (an `Array` here cost one
/// `isUniquelyReferenced` call per label and per fixup).
///
/// Invariants: `count <= capacity`; elements `[0, count)` are initialized; `Element` is trivial (no references),
/// so storage is malloc'd and moved with `realloc`. The owner frees it (`deallocate`) exactly once and never copies
/// the buffer: it is a plain value so that inlined code in other modules can update it (a `~Copyable` buffer with
/// a `deinit` cannot be inlined across modules).
@usableFromInline
struct TableBuffer<Element: BitwiseCopyable> {
    @usableFromInline var base: UnsafeMutablePointer<Element>?
    @usableFromInline var count = 0
    @usableFromInline var capacity = 0

    @usableFromInline init() {}

    /// Free the storage (the owner's `deinit`).
    func deallocate() { free(base) }

    @inlinable
    subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < count, "table index out of range")
            return base.unsafelyUnwrapped[i]
        }
        set {
            precondition(i >= 0 && i < count, "table index out of range")
            base.unsafelyUnwrapped[i] = newValue
        }
    }

    @inlinable
    mutating func append(_ v: Element) {
        if _slowPath(count == capacity) { grow() }
        base.unsafelyUnwrapped[count] = v
        count &+= 1
    }

    /// Forget the elements, keeping the storage.
    @inlinable
    mutating func removeAll() { count = 0 }

    @usableFromInline
    mutating func grow() {
        guard reserve(max(capacity * 2, 64)) else { fatalError("TableBuffer: out of memory") }
    }

    /// Room for `newCapacity` elements in all (never shrinks). Reserved before the first append, the storage is
    /// allocated once and never moved. False (nothing changed) if the memory is refused: a reservation is an
    /// estimate, and the table can still grow as needed.
    @usableFromInline @discardableResult
    mutating func reserve(_ newCapacity: Int) -> Bool {
        guard newCapacity > capacity else { return true }
        let (bytes, overflow) = newCapacity.multipliedReportingOverflow(by: MemoryLayout<Element>.stride)
        guard !overflow, let p = realloc(base, bytes) else { return false }
        // Large tables (a module's labels) come from a mapping that realloc moves without copying: advised for
        // huge pages like the code buffer.
        HugePages.advise(p, byteCount: bytes)
        base = p.assumingMemoryBound(to: Element.self)
        capacity = newCapacity
        return true
    }
}

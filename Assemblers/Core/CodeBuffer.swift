#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A byte buffer that machine code is emitted into.
///
/// Invariants:
/// - `count <= capacity` at all times; bytes `[0, count)` are the emitted code.
/// - Emitters call `reserve(_:)` once per instruction (at most `CodeBuffer.maxInstructionBytes`), then
///   use the unchecked `put*` writers. A single compare guards every instruction; no allocation happens
///   unless the buffer must grow.
/// - The buffer either owns storage (malloc'd, growing by `realloc`; from `HugePages.threshold` on a reserved
///   anonymous mapping advised for huge pages, so a large buffer is neither copied as it grows nor faulted in
///   4 KiB at a time) or writes into caller-provided memory
///   (e.g. an mmap'd RW region). When caller memory runs out, `grower` is asked for more; without one
///   the buffer moves its bytes into owned storage and sets `leftExternalMemory`, so emission never fails
///   and never writes out of bounds. Code is addressed by offsets, never by pointers, while it is emitted.
public struct CodeBuffer: ~Copyable {
    /// The largest instruction any assembler emits in one `reserve` (x86 allows 15 bytes).
    public static let maxInstructionBytes = 16

    public private(set) var base: UnsafeMutableRawPointer
    public private(set) var capacity: Int
    public var count: Int
    @usableFromInline var owned: Bool
    /// Owned storage is an anonymous mapping of `capacity` bytes (else malloc'd).
    var mapped = false
    /// Set when caller-provided memory was too small and the bytes were moved to owned storage.
    public private(set) var leftExternalMemory = false
    /// Called when caller-provided memory is full: given the current base, used bytes and the number of
    /// bytes needed, return a region (possibly the same base, extended) of at least `used + needed` bytes
    /// that already holds the used bytes, or nil to fall back to owned storage.
    public var grower: ((UnsafeMutableRawPointer, Int, Int) -> (UnsafeMutableRawPointer, Int)?)?

    /// A buffer with owned, growable storage.
    public init(initialCapacity: Int = 4096) {
        let cap = max(initialCapacity, 64)
        guard let p = malloc(cap) else { fatalError("CodeBuffer: out of memory") }
        base = p
        capacity = cap
        count = 0
        owned = true
    }

    /// A buffer over caller-provided memory (not freed by the buffer).
    public init(
        memory: UnsafeMutableRawPointer, capacity: Int,
        grower: ((UnsafeMutableRawPointer, Int, Int) -> (UnsafeMutableRawPointer, Int)?)? = nil
    ) {
        base = memory
        self.capacity = capacity
        count = 0
        owned = false
        self.grower = grower
    }

    deinit {
        if owned {
            if mapped { munmap(base, capacity) } else { free(base) }
        }
    }

    /// Make room for `n` more bytes. The fast path is a single compare.
    @inlinable @inline(__always)
    public mutating func reserve(_ n: Int) {
        if _slowPath(count &+ n > capacity) { grow(n) }
    }

    @usableFromInline
    mutating func grow(_ n: Int) {
        let needed = count + n
        if owned {
            var cap = capacity
            while cap < needed { cap *= 2 }
            if cap >= HugePages.threshold {
                growMapped(to: cap)
                return
            }
            guard let p = realloc(base, cap) else { fatalError("CodeBuffer: out of memory") }
            base = p
            capacity = cap
            return
        }
        if let grower, let (p, cap) = grower(base, count, n), cap >= needed {
            base = p
            capacity = cap
            return
        }
        var cap = max(capacity * 2, 4096)
        while cap < needed { cap *= 2 }
        guard let p = malloc(cap) else { fatalError("CodeBuffer: out of memory") }
        p.copyMemory(from: base, byteCount: count)
        base = p
        capacity = cap
        owned = true
        leftExternalMemory = true
    }

    /// Room for `total` bytes in all (owned storage only; caller-provided memory grows as it must).
    public mutating func reserveCapacity(_ total: Int) {
        if owned && total > capacity { grow(total - count) }
    }

    /// Address space reserved at once when owned storage moves to a mapping (untouched pages cost nothing).
    static let mappedReservation = 256 << 20

    /// Owned storage of at least `cap` bytes on an anonymous mapping advised for huge pages: one reservation of
    /// `mappedReservation` bytes (or more) that the buffer then fills without moving; the bytes are copied only
    /// when storage moves (once from the malloc'd buffer, and again only past the reservation).
    mutating func growMapped(to cap: Int) {
        #if os(Linux)
            // The reservation first; where the kernel accounts it strictly (overcommit disabled), just `cap`.
            var size = max(cap, Self.mappedReservation, mapped ? capacity * 2 : 0)
            var q = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
            if q == MAP_FAILED && size > cap {
                size = cap
                q = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            }
            guard let p = q, p != MAP_FAILED else { fatalError("CodeBuffer: out of memory") }
            HugePages.advise(p, byteCount: size)
            p.copyMemory(from: base, byteCount: count)
            if mapped { munmap(base, capacity) } else { free(base) }
            base = p
            capacity = size
            mapped = true
        #else
            guard let p = realloc(base, cap) else { fatalError("CodeBuffer: out of memory") }
            base = p
            capacity = cap
        #endif
    }

    // MARK: Unchecked writers (call `reserve` first)

    @inlinable @inline(__always)
    public mutating func put8(_ v: UInt8) {
        base.storeBytes(of: v, toByteOffset: count, as: UInt8.self)
        count &+= 1
    }

    @inlinable @inline(__always)
    public mutating func put16(_ v: UInt16) {
        base.storeBytes(of: v.littleEndian, toByteOffset: count, as: UInt16.self)
        count &+= 2
    }

    @inlinable @inline(__always)
    public mutating func put32(_ v: UInt32) {
        base.storeBytes(of: v.littleEndian, toByteOffset: count, as: UInt32.self)
        count &+= 4
    }

    @inlinable @inline(__always)
    public mutating func put64(_ v: UInt64) {
        base.storeBytes(of: v.littleEndian, toByteOffset: count, as: UInt64.self)
        count &+= 8
    }

    // MARK: Checked writers

    @inlinable
    public mutating func emit8(_ v: UInt8) {
        reserve(1)
        put8(v)
    }
    @inlinable
    public mutating func emit16(_ v: UInt16) {
        reserve(2)
        put16(v)
    }
    @inlinable
    public mutating func emit32(_ v: UInt32) {
        reserve(4)
        put32(v)
    }
    @inlinable
    public mutating func emit64(_ v: UInt64) {
        reserve(8)
        put64(v)
    }

    public mutating func emit(bytes: some Sequence<UInt8>) {
        for b in bytes { emit8(b) }
    }

    /// Append `src` (e.g. code compiled in another buffer).
    public mutating func append(_ src: UnsafeRawBufferPointer) {
        guard let from = src.baseAddress, src.count > 0 else { return }
        reserve(src.count)
        (base + count).copyMemory(from: from, byteCount: src.count)
        count += src.count
    }

    /// Pad with `fill` until `count` is a multiple of `alignment` (a power of two).
    public mutating func align(to alignment: Int, fill: UInt8 = 0) {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "alignment must be a power of two")
        while count & (alignment - 1) != 0 { emit8(fill) }
    }

    // MARK: Patching

    @inlinable
    public func read8(at offset: Int) -> UInt8 {
        precondition(offset >= 0 && offset < count)
        return base.load(fromByteOffset: offset, as: UInt8.self)
    }

    @inlinable
    public func read32(at offset: Int) -> UInt32 {
        precondition(offset >= 0 && offset + 4 <= count)
        return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inlinable
    public mutating func patch8(at offset: Int, _ v: UInt8) {
        precondition(offset >= 0 && offset < count)
        base.storeBytes(of: v, toByteOffset: offset, as: UInt8.self)
    }

    @inlinable
    public mutating func patch32(at offset: Int, _ v: UInt32) {
        precondition(offset >= 0 && offset + 4 <= count)
        base.storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt32.self)
    }

    /// Owned storage handed over with the emitted code, to be released with `release()` (`releaseStorage()`).
    public struct Storage {
        public let base: UnsafeMutableRawPointer
        public let count: Int
        let capacity: Int
        let mapped: Bool

        /// Frees the storage (unmaps it, or `free`s it).
        public func release() {
            if mapped { munmap(base, capacity) } else { free(base) }
        }
    }

    /// Hands the emitted code over without copying it: the storage when the buffer owns it (nil when it writes
    /// into caller-provided memory). The buffer is left empty, owning nothing; the caller must `release()` the
    /// storage. Used to give a finished module's code to its artifact (a copy of a large module's code is fresh
    /// memory, so page faults and zeroing, besides the copy).
    public mutating func releaseStorage() -> Storage? {
        guard owned else { return nil }
        let s = Storage(base: base, count: count, capacity: capacity, mapped: mapped)
        owned = false
        mapped = false
        count = 0
        capacity = 0
        return s
    }

    /// The emitted bytes, copied out (for tests and artifacts).
    public var bytes: [UInt8] {
        HugePages.array(copying: UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Read-only view of the emitted bytes.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }
}

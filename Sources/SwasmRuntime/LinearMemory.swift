import Glibc
import SwasmABI

/// A 32-bit WebAssembly linear memory.
///
/// **Guarded mode** (`isGuarded == true`, the default): the memory lives at the start of an
/// 8 GiB + 64 KiB `PROT_NONE` reservation taken from a `MemoryReservationPool`; the accessible
/// prefix (`pageCount` × 64 KiB) is read-write. Any wasm access `base + u32 index + u32 offset`
/// starts below `base + 8 GiB`, so an out-of-bounds access always faults on `PROT_NONE` pages and the
/// trap handler turns it into `memoryOutOfBounds`: generated code emits **no bounds checks**. The
/// trailing 64 KiB covers the few bytes a wide access may reach past 8 GiB − 2. `base` never moves.
///
/// **Explicit-bounds mode** (`isGuarded == false`): for hosts short of address space. Only a
/// read-write mapping of `capacity` bytes (≥ byteCount, with room to grow) exists; generated code must
/// check `index + offset + size <= memoryByteCount` itself. `grow` may **move** the memory (mremap), so
/// generated code must reload `memoryBase` from the VM context after `memory.grow` and after every call
/// (a callee or host function may have grown it).
///
/// **Pooled** (explicit mode with a `MemorySlotPool`): the memory lives in a fixed, already read-write slot of
/// the pooling allocator; creating it makes no system call, growing it only changes `pageCount` (up to the slot
/// size), and releasing it wipes the used prefix for the next owner.
///
/// An explicit-bounds memory reserves only what it can grow to: its capacity never exceeds `maxPages` (the
/// declared maximum, capped by the engine's page limit), and starts at twice the initial size (at least 1 MiB)
/// when the maximum allows more.
///
/// In both modes bytes past `byteCount` read as zero, and new pages are zero.
///
/// Caveat for guarded mode on AArch64: an unaligned store that straddles the last accessible page and
/// the first `PROT_NONE` page may write its in-bounds bytes before faulting (x86-64 never does); the
/// code generator decides whether wide stores near the end need a check.
/// Not thread-safe (wasm 2.0 memories are not shared).
public final class LinearMemory {
    /// The wasm page size.
    public static let pageSize = 65536
    /// The largest page count of a 32-bit memory (4 GiB).
    public static let maxPages32 = 65536
    /// Size of a guarded reservation: 8 GiB plus a 64 KiB tail guard.
    public static let guardedReservationBytes = (8 << 30) + 65536

    /// Bounds-checking strategy.
    public enum Mode: Sendable { case guarded, explicitBounds }

    /// Whether out-of-bounds accesses fault (true) or the code generator must emit bounds checks (false).
    public let isGuarded: Bool
    /// First byte of the memory. Constant in guarded mode; may change on `grow` in explicit mode.
    public private(set) var base: UnsafeMutableRawPointer
    /// Current size in wasm pages.
    public private(set) var pageCount: Int
    /// Effective maximum in pages: min(declared maximum or 65536, the configured page limit).
    public let maxPages: Int
    /// The maximum the module declared, if any.
    public let declaredMaxPages: Int?
    /// Bytes mapped read-write or reserved behind `base` (explicit mode: the capacity).
    public private(set) var mappedBytes: Int
    private let pool: MemoryReservationPool?
    /// The pooling allocator's slot pool this memory lives in (explicit mode only), if any.
    private let slots: MemorySlotPool?
    /// Asked before every growth the maximum allows (`memory.grow` from wasm and `grow` from the host), with
    /// the current and the desired page count: false refuses it (`grow` returns −1). Set by the embedder's
    /// resource limiter; nil: no veto.
    public var growthHook: ((_ currentPages: Int, _ desiredPages: Int) -> Bool)?

    /// Current size in bytes.
    @inlinable public var byteCount: Int { pageCount &* LinearMemory.pageSize }

    /// Creates a memory of `initialPages`.
    /// - Parameters:
    ///   - maxPages: the declared maximum (nil = none).
    ///   - mode: guarded (reservation + faults) or explicit bounds checks.
    ///   - pageLimit: an embedder resource limit on top of the declared maximum.
    ///   - pool: where guarded reservations come from (must hold `guardedReservationBytes` or more).
    ///   - slots: explicit mode only: take a fixed slot from this pooling allocator instead of mapping memory
    ///     (the memory can then grow up to the slot size, `slots.slotPages`).
    public init(
        initialPages: Int, maxPages: Int? = nil, mode: Mode = .guarded, pageLimit: Int = LinearMemory.maxPages32,
        pool: MemoryReservationPool = .shared, slots: MemorySlotPool? = nil
    ) throws(RuntimeError) {
        var effectiveMax = min(maxPages ?? LinearMemory.maxPages32, pageLimit, LinearMemory.maxPages32)
        if mode == .explicitBounds, let slots {
            guard initialPages <= slots.slotPages else {
                throw RuntimeError.poolSlotTooSmall(requestedPages: initialPages, slotPages: slots.slotPages)
            }
            effectiveMax = min(effectiveMax, slots.slotPages)
        }
        guard initialPages >= 0, initialPages <= effectiveMax else {
            throw RuntimeError.invalidArgument("initial pages \(initialPages) exceed the maximum \(effectiveMax)")
        }
        self.declaredMaxPages = maxPages
        self.maxPages = effectiveMax
        self.pageCount = initialPages
        let initialBytes = initialPages * LinearMemory.pageSize
        switch mode {
        case .guarded:
            guard pool.reservationBytes >= LinearMemory.guardedReservationBytes else {
                throw RuntimeError.invalidArgument(
                    "pool reservations are smaller than \(LinearMemory.guardedReservationBytes) bytes")
            }
            let reservation = try pool.acquire()
            if initialBytes > 0, mprotect(reservation, initialBytes, PROT_READ | PROT_WRITE) != 0 {
                let error = systemError("mprotect")
                pool.release(reservation, usedBytes: 0)
                throw error
            }
            isGuarded = true
            base = reservation
            mappedBytes = pool.reservationBytes
            self.pool = pool
            self.slots = nil
        case .explicitBounds:
            if let slots {
                isGuarded = false
                base = try slots.acquire()
                mappedBytes = slots.slotBytes
                self.pool = nil
                self.slots = slots
                return
            }
            let maxBytes = effectiveMax * LinearMemory.pageSize
            let capacity = HostPage.roundUp(
                max(min(maxBytes, max(initialBytes * 2, 16 * LinearMemory.pageSize)), initialBytes, 1))
            guard
                let raw = mmap(
                    nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
                raw != mapFailed
            else { throw systemError("mmap") }
            isGuarded = false
            base = raw
            mappedBytes = capacity
            self.pool = nil
            self.slots = nil
        }
    }

    deinit {
        if let slots {
            slots.release(base, usedBytes: byteCount)
        } else if let pool {
            pool.release(base, usedBytes: byteCount)
        } else {
            munmap(base, mappedBytes)
        }
    }

    /// `memory.grow`: adds `delta` pages. Returns the old page count, or −1 (no change) if the
    /// result would exceed `maxPages` or the system refuses the memory.
    public func grow(by delta: Int) -> Int {
        let old = pageCount
        guard delta >= 0, delta <= maxPages - old else { return -1 }
        if delta == 0 { return old }
        if let growthHook, !growthHook(old, old + delta) { return -1 }
        let oldBytes = old * LinearMemory.pageSize
        let newBytes = (old + delta) * LinearMemory.pageSize
        if isGuarded {
            guard mprotect(base + oldBytes, newBytes - oldBytes, PROT_READ | PROT_WRITE) == 0 else { return -1 }
        } else if newBytes > mappedBytes {
            let maxBytes = maxPages * LinearMemory.pageSize
            let capacity = HostPage.roundUp(min(maxBytes, max(newBytes, mappedBytes * 2)))
            guard let moved = remap(base, from: mappedBytes, to: capacity) else { return -1 }
            base = moved
            mappedBytes = capacity
        }
        pageCount = old + delta
        notifyObservers()
        return old
    }

    /// VM contexts bound to this memory (several instances may share it): refreshed after every grow so
    /// none keeps a stale base or size.
    final class WeakContext {
        weak var context: VMContext?
        init(_ c: VMContext) { context = c }
    }
    var observers: [WeakContext] = []

    func addObserver(_ c: VMContext) {
        observers.removeAll { $0.context == nil }
        observers.append(WeakContext(c))
    }

    func notifyObservers() {
        for o in observers { o.context?.refreshMemory() }
    }

    // MARK: Host access (bounds-checked; never faults)

    /// Whether `[address, address + count)` lies inside the memory.
    @inlinable public func isInBounds(_ address: UInt64, count: UInt64) -> Bool {
        let size = UInt64(byteCount)
        return address <= size && count <= size &- address
    }

    /// Reads a little-endian integer at `address`.
    @inlinable public func load<T: FixedWidthInteger>(_ type: T.Type = T.self, at address: UInt64) throws(TrapCode) -> T
    {
        guard isInBounds(address, count: UInt64(MemoryLayout<T>.size)) else { throw TrapCode.memoryOutOfBounds }
        return T(littleEndian: base.loadUnaligned(fromByteOffset: Int(address), as: T.self))
    }

    /// Writes a little-endian integer at `address`.
    @inlinable public func store<T: FixedWidthInteger>(_ value: T, at address: UInt64) throws(TrapCode) {
        guard isInBounds(address, count: UInt64(MemoryLayout<T>.size)) else { throw TrapCode.memoryOutOfBounds }
        base.storeBytes(of: value.littleEndian, toByteOffset: Int(address), as: T.self)
    }

    /// Reads a little-endian `Float` / `Double` (bit pattern preserved, NaN payloads included).
    @inlinable public func load(_ type: Float.Type, at address: UInt64) throws(TrapCode) -> Float {
        Float(bitPattern: try load(UInt32.self, at: address))
    }
    @inlinable public func load(_ type: Double.Type, at address: UInt64) throws(TrapCode) -> Double {
        Double(bitPattern: try load(UInt64.self, at: address))
    }
    @inlinable public func store(_ value: Float, at address: UInt64) throws(TrapCode) {
        try store(value.bitPattern, at: address)
    }
    @inlinable public func store(_ value: Double, at address: UInt64) throws(TrapCode) {
        try store(value.bitPattern, at: address)
    }

    /// Copies `count` bytes out of the memory.
    public func read(at address: UInt64, count: Int) throws(TrapCode) -> [UInt8] {
        guard count >= 0, isInBounds(address, count: UInt64(count)) else { throw TrapCode.memoryOutOfBounds }
        return Array(UnsafeRawBufferPointer(start: base + Int(address), count: count))
    }

    /// Copies `bytes` into the memory at `address` (all or nothing).
    public func write(_ bytes: [UInt8], at address: UInt64) throws(TrapCode) {
        guard isInBounds(address, count: UInt64(bytes.count)) else { throw TrapCode.memoryOutOfBounds }
        bytes.withUnsafeBytes {
            if let src = $0.baseAddress { (base + Int(address)).copyMemory(from: src, byteCount: $0.count) }
        }
    }

    /// `memory.copy` semantics: overlapping ranges allowed; traps (copying nothing) if either range is out of bounds.
    public func copy(to destination: UInt64, from source: UInt64, count: UInt64) throws(TrapCode) {
        guard isInBounds(destination, count: count), isInBounds(source, count: count) else {
            throw TrapCode.memoryOutOfBounds
        }
        if count > 0 { memmove(base + Int(destination), base + Int(source), Int(count)) }
    }

    /// `memory.fill` semantics: traps (filling nothing) if the range is out of bounds.
    public func fill(at address: UInt64, value: UInt8, count: UInt64) throws(TrapCode) {
        guard isInBounds(address, count: count) else { throw TrapCode.memoryOutOfBounds }
        if count > 0 { memset(base + Int(address), Int32(value), Int(count)) }
    }

    /// Direct access to the accessible bytes (valid only during `body`; do not grow inside it).
    public func withUnsafeMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E)
        -> R
    {
        try body(UnsafeMutableRawBufferPointer(start: base, count: byteCount))
    }
}

/// `mremap(MREMAP_MAYMOVE)` (not imported: it needs `_GNU_SOURCE`), or map + copy + unmap.
private func remap(_ old: UnsafeMutableRawPointer, from oldSize: Int, to newSize: Int) -> UnsafeMutableRawPointer? {
    typealias MremapFunction = @convention(c) (UnsafeMutableRawPointer?, Int, Int, Int32) -> UnsafeMutableRawPointer?
    if let symbol = dlsym(nil, "mremap") {
        let mremapFunction = unsafeBitCast(symbol, to: MremapFunction.self)
        let mayMove: Int32 = 1 // MREMAP_MAYMOVE
        let moved = mremapFunction(old, oldSize, newSize, mayMove)
        if let moved, moved != mapFailed { return moved }
    }
    guard let fresh = mmap(nil, newSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
        fresh != mapFailed
    else { return nil }
    fresh.copyMemory(from: old, byteCount: oldSize)
    munmap(old, oldSize)
    return fresh
}

import Glibc

/// A thread-safe cache of large `PROT_NONE` address-space reservations for guarded linear memories.
///
/// Why: every fresh 8 GiB reservation costs qemu-user 7.2 ~49 MB of host memory and 70–190 ms, and
/// qemu never reuses freed addresses; the kernel path is cheap but not free either. Released
/// reservations are therefore scrubbed and kept (up to `maxCached`), and `acquire` hands them out again.
///
/// Invariants of a cached reservation: every page is `PROT_NONE` and reads as zero once made accessible
/// again (no data of the previous owner survives). Scrubbing touches only the used prefix:
/// - `.madvise`: `madvise(MADV_DONTNEED)` + `mprotect(PROT_NONE)` (the classic sequence; zeroes private
///   anonymous memory on Linux).
/// - `.remap`: `mmap(MAP_FIXED)` fresh anonymous `PROT_NONE` pages over the used prefix: one call, and it
///   does not depend on `madvise` semantics (some emulators have treated `madvise` as a no-op hint).
/// The default (`scrub: nil`) is `.madvise` if a one-time probe shows that it zeroes pages on this host,
/// else `.remap`. Measured: native x86-64 ~7 µs (madvise) / ~11 µs (remap) per create+release of a
/// 1-page memory; under Debian's qemu-aarch64 7.2.22 both zero correctly and cost 4–7 µs per scrub,
/// against 60–120 ms for a fresh 8 GiB reservation.
/// If scrubbing fails the reservation is unmapped instead of cached.
public final class MemoryReservationPool: @unchecked Sendable {
    /// How released reservations are wiped.
    public enum Scrub: Sendable { case remap, madvise }

    /// Counters (for tests and tuning).
    public struct Statistics: Sendable, Equatable {
        /// Fresh `mmap` reservations made.
        public var created = 0
        /// Acquisitions served from the cache.
        public var reused = 0
        /// Reservations currently cached.
        public var cached = 0
        /// Reservations unmapped (cache full, scrub failure, or `drain`).
        public var unmapped = 0
        /// Reservations handed out and not yet released.
        public var live = 0
    }

    /// Whether `madvise(MADV_DONTNEED)` really zeroes private anonymous pages here (probed once on one page).
    public static let madviseZeroesPages: Bool = {
        let size = HostPage.size
        guard let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != mapFailed else {
            return false
        }
        defer { munmap(p, size) }
        p.storeBytes(of: 0xA5, as: UInt8.self)
        guard madvise(p, size, Int32(MADV_DONTNEED)) == 0 else { return false }
        return p.load(as: UInt8.self) == 0
    }()

    /// The process-wide pool of 8 GiB (+ guard) reservations used by guarded `LinearMemory`.
    public static let shared = MemoryReservationPool(reservationBytes: LinearMemory.guardedReservationBytes)

    /// Size of every reservation in this pool.
    public let reservationBytes: Int
    /// Most reservations kept cached; more are unmapped on release.
    public let maxCached: Int
    /// Scrub method.
    public let scrub: Scrub
    /// Most reservations handed out at once (nil: as many as the address space allows). Past it, and when
    /// `mmap` runs out of address space, `acquire` throws `RuntimeError.addressSpaceExhausted`.
    public let reservationLimit: Int?

    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private var cache: [UnsafeMutableRawPointer] = []
    private var stats = Statistics()

    /// - Parameters:
    ///   - reservationBytes: size of each reservation.
    ///   - maxCached: most reservations kept for reuse.
    ///   - scrub: wipe method; nil picks `.madvise` when `madviseZeroesPages`, else `.remap`.
    ///   - reservationLimit: most reservations live at once (nil: until the address space runs out).
    public init(reservationBytes: Int, maxCached: Int = 16, scrub: Scrub? = nil, reservationLimit: Int? = nil) {
        self.reservationBytes = HostPage.roundUp(reservationBytes)
        self.reservationLimit = reservationLimit
        self.maxCached = maxCached
        self.scrub = scrub ?? (MemoryReservationPool.madviseZeroesPages ? .madvise : .remap)
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    deinit {
        drain()
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    private func locked<R>(_ body: () -> R) -> R {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return body()
    }

    /// Current counters.
    public var statistics: Statistics { locked { stats } }

    /// A `PROT_NONE` reservation of `reservationBytes`, cached if possible.
    /// - Throws: `RuntimeError.addressSpaceExhausted` (naming how many reservations are live) when the
    ///   reservation limit is reached or `mmap` finds no room; another `RuntimeError` if `mmap` fails otherwise.
    public func acquire() throws(RuntimeError) -> UnsafeMutableRawPointer {
        enum Outcome {
            case reused(UnsafeMutableRawPointer)
            case fresh
            case full(Int)
        }
        let outcome: Outcome = locked {
            if let limit = reservationLimit, stats.live >= limit { return .full(stats.live) }
            stats.live += 1
            guard let p = cache.popLast() else { return .fresh }
            stats.reused += 1
            stats.cached = cache.count
            return .reused(p)
        }
        switch outcome {
        case .reused(let p): return p
        case .full(let live):
            throw RuntimeError.addressSpaceExhausted(liveMemories: live, reservationBytes: reservationBytes)
        case .fresh: break
        }
        guard let raw = mmap(nil, reservationBytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
            raw != mapFailed
        else {
            let error = errno
            let live: Int = locked {
                stats.live -= 1
                return stats.live
            }
            if error == ENOMEM {
                throw RuntimeError.addressSpaceExhausted(liveMemories: live, reservationBytes: reservationBytes)
            }
            throw RuntimeError.systemCall(name: "mmap", errno: error)
        }
        locked { stats.created += 1 }
        return raw
    }

    /// Returns a reservation whose first `usedBytes` may have been accessible. Scrubs, then caches or unmaps.
    public func release(_ base: UnsafeMutableRawPointer, usedBytes: Int) {
        let used = min(HostPage.roundUp(usedBytes), reservationBytes)
        var clean = true
        if used > 0 {
            switch scrub {
            case .remap:
                let p = mmap(base, used, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0)
                clean = p == base
            case .madvise:
                clean = madvise(base, used, Int32(MADV_DONTNEED)) == 0 && mprotect(base, used, PROT_NONE) == 0
            }
        }
        let kept: Bool = locked {
            stats.live -= 1
            guard clean, cache.count < maxCached else {
                stats.unmapped += 1
                return false
            }
            cache.append(base)
            stats.cached = cache.count
            return true
        }
        if !kept { munmap(base, reservationBytes) }
    }

    /// Unmaps every cached reservation.
    public func drain() {
        let all: [UnsafeMutableRawPointer] = locked {
            let all = cache
            cache.removeAll()
            stats.cached = 0
            stats.unmapped += all.count
            return all
        }
        for p in all { munmap(p, reservationBytes) }
    }
}

/// The memory half of the pooling instance allocator: one up-front reservation split into `slotCount` fixed-size
/// slots, each the home of one explicit-bounds linear memory of at most `slotPages` pages.
///
/// The whole reservation is mapped read-write once (`MAP_NORESERVE`: untouched pages cost nothing); taking a
/// slot is a pop from a free list under a mutex, with no system call. Releasing a slot wipes the prefix its
/// memory used with `madvise(MADV_DONTNEED)` (or, where a probe shows that `madvise` does not zero pages, a
/// fixed `mmap` of fresh pages), so its next owner reads zeros.
///
/// Invariants: a free slot reads as zero throughout (memories grow only within their slot, and generated
/// explicit-bounds code and host accessors never touch bytes past the memory's size, so the used prefix covers
/// every byte that may have been written); slots never move, so a pooled memory's base is constant; the
/// reservation is unmapped only when the pool is deinitialised (every memory holds its pool alive).
public final class MemorySlotPool: @unchecked Sendable {
    /// Number of slots.
    public let slotCount: Int
    /// Wasm pages per slot: the most any pooled memory can grow to.
    public let slotPages: Int
    /// Bytes per slot (slotPages × 64 KiB, at least one host page).
    public let slotBytes: Int
    /// Scrub method for released slots.
    public let scrub: MemoryReservationPool.Scrub
    private let base: UnsafeMutableRawPointer
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private var free: [Int32]
    private var inUse = 0
    private var peak = 0

    /// Reserves `slotCount` slots of `slotPages` pages.
    /// - Throws: `RuntimeError.systemCall` if the reservation cannot be made (address space).
    public init(slotCount: Int, slotPages: Int, scrub: MemoryReservationPool.Scrub? = nil) throws(RuntimeError) {
        guard slotCount > 0, slotCount <= Int(Int32.max), slotPages >= 0, slotPages <= LinearMemory.maxPages32 else {
            throw RuntimeError.invalidArgument("a pool of \(slotCount) slots of \(slotPages) pages")
        }
        self.slotCount = slotCount
        self.slotPages = slotPages
        slotBytes = HostPage.roundUp(max(slotPages * LinearMemory.pageSize, 1))
        self.scrub = scrub ?? (MemoryReservationPool.madviseZeroesPages ? .madvise : .remap)
        let (total, overflow) = slotBytes.multipliedReportingOverflow(by: slotCount)
        guard !overflow,
            let raw = mmap(nil, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
            raw != mapFailed
        else {
            throw RuntimeError.invalidArgument(
                "cannot reserve \(slotCount) pooled memories of \(slotPages) pages (\(slotCount) × \(slotBytes) "
                    + "bytes of address space): lower maxInstances or maxMemoryPages")
        }
        base = raw
        free = (0..<Int32(slotCount)).reversed()
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    deinit {
        munmap(base, slotBytes * slotCount)
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// Counters.
    public struct Statistics: Sendable, Equatable {
        /// Slots in use now.
        public var inUse: Int
        /// Most slots ever in use at once.
        public var peak: Int
    }

    /// Current counters.
    public var statistics: Statistics {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return Statistics(inUse: inUse, peak: peak)
    }

    /// A zeroed, read-write slot of `slotBytes`.
    /// - Throws: `RuntimeError.poolExhausted` when every slot is in use.
    public func acquire() throws(RuntimeError) -> UnsafeMutableRawPointer {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        guard let slot = free.popLast() else { throw RuntimeError.poolExhausted(slots: slotCount) }
        inUse += 1
        peak = max(peak, inUse)
        return base + Int(slot) * slotBytes
    }

    /// Returns a slot whose first `usedBytes` may have been written: wipes them, then frees the slot.
    /// A slot that cannot be wiped is never handed out again.
    public func release(_ slotBase: UnsafeMutableRawPointer, usedBytes: Int) {
        let used = min(HostPage.roundUp(usedBytes), slotBytes)
        var clean = true
        if used > 0 {
            switch scrub {
            case .madvise:
                clean = madvise(slotBase, used, Int32(MADV_DONTNEED)) == 0
            case .remap:
                let p = mmap(
                    slotBase, used, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
                    -1, 0)
                clean = p == slotBase
            }
        }
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        inUse -= 1
        if clean { free.append(Int32((slotBase - base) / slotBytes)) }
    }
}

import Glibc
import SwasmABI
import Synchronization

/// A growable set of disjoint address ranges `[start, end)` → payload that the signal handler can search
/// without locks or allocation. No fixed capacity.
///
/// Design: writers (serialised by a pthread mutex, never inside the handler) keep a sorted Swift array and, on
/// every change, build a new **immutable snapshot** (a malloc'd block `[count, start0, end0, payload0, ...]`,
/// sorted by start) and publish it with one atomic exchange of `current`. Readers (the handler) binary-search
/// whatever snapshot they loaded.
///
/// Reclamation invariant (why a reader never touches freed memory): a reader increments `readers` before it
/// loads `current` and decrements it when done with the snapshot; both, and the writer's exchange of `current`
/// and its load of `readers`, are sequentially consistent. A writer frees the snapshots it has retired only when
/// it reads `readers == 0` **after** publishing the new one. Any reader that had loaded an old snapshot
/// incremented `readers` before that load, so the writer sees it and keeps the retired snapshots for a later
/// write; a reader that increments afterwards loads the new snapshot. Retired snapshots are therefore bounded by
/// the writes that happen while some handler is mid-lookup (a few microseconds).
///
/// Membership uses wrapping arithmetic (`address &- start < end &- start`) so no overflow trap can fire inside
/// the handler. Writes cost O(n) (a copy); code regions and VM-context slabs change rarely (one per module, one
/// per `VMContextSlabs.slotsPerSlab` instances), so this is cheap where it is used.
///
/// A struct of pointers (not a class) so the handler's accesses involve no reference counting.
struct RangeRegistry: @unchecked Sendable {
    struct Entry {
        var start: UInt
        var end: UInt
        var payload: UInt
        var id: Int
    }

    /// The published snapshot (an `UnsafeMutablePointer<UInt>` as a word).
    private let current: UnsafeMutablePointer<Atomic<UInt>>
    /// Readers (handlers) inside `lookup`.
    private let readers: UnsafeMutablePointer<Atomic<Int>>
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    /// Writer-only state (under `lock`).
    private struct WriterState {
        var entries: [Entry] = []
        var retired: [UnsafeMutablePointer<UInt>] = []
        var nextID = 1
    }
    private let state: UnsafeMutablePointer<WriterState>

    init() {
        let empty = UnsafeMutablePointer<UInt>.allocate(capacity: 1)
        empty.initialize(to: 0)
        current = .allocate(capacity: 1)
        current.initialize(to: Atomic(UInt(bitPattern: empty)))
        readers = .allocate(capacity: 1)
        readers.initialize(to: Atomic(0))
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        state = .allocate(capacity: 1)
        state.initialize(to: WriterState())
    }

    /// Number of ranges (for tests).
    var count: Int {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return state.pointee.entries.count
    }

    /// Builds and publishes a snapshot of `entries`; frees retired snapshots when no reader is inside.
    private func publish() {
        let n = state.pointee.entries.count
        let snapshot = UnsafeMutablePointer<UInt>.allocate(capacity: 1 + 3 * n)
        snapshot[0] = UInt(n)
        for (i, e) in state.pointee.entries.enumerated() {
            snapshot[1 + 3 * i] = e.start
            snapshot[2 + 3 * i] = e.end
            snapshot[3 + 3 * i] = e.payload
        }
        let old = current[0].exchange(UInt(bitPattern: snapshot), ordering: .sequentiallyConsistent)
        state.pointee.retired.append(UnsafeMutablePointer<UInt>(bitPattern: old)!)
        if readers[0].load(ordering: .sequentiallyConsistent) == 0 {
            for r in state.pointee.retired { r.deallocate() }
            state.pointee.retired.removeAll(keepingCapacity: true)
        }
    }

    private func index(of id: Int) -> Int? { state.pointee.entries.firstIndex { $0.id == id } }

    /// Adds `[start, end)` → `payload`; returns an id for `update` / `remove`.
    func insert(start: UInt, end: UInt, payload: UInt) -> Int {
        precondition(end > start, "empty range")
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        let id = state.pointee.nextID
        state.pointee.nextID += 1
        var lo = 0
        var hi = state.pointee.entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if state.pointee.entries[mid].start < start { lo = mid + 1 } else { hi = mid }
        }
        state.pointee.entries.insert(Entry(start: start, end: end, payload: payload, id: id), at: lo)
        publish()
        return id
    }

    /// Replaces the range of `id`.
    func update(id: Int, start: UInt, end: UInt, payload: UInt) {
        precondition(end > start, "empty range")
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        guard let i = index(of: id) else { return }
        state.pointee.entries[i].start = start
        state.pointee.entries[i].end = end
        state.pointee.entries[i].payload = payload
        state.pointee.entries.sort { $0.start < $1.start }
        publish()
    }

    /// Removes the range of `id`.
    func remove(id: Int) {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        guard let i = index(of: id) else { return }
        state.pointee.entries.remove(at: i)
        publish()
    }

    /// Signal-safe lookup: the start and payload of the range containing `address`, or nil.
    /// No allocation, no locks, O(log n).
    func lookup(_ address: UInt) -> (start: UInt, payload: UInt)? {
        readers[0].add(1, ordering: .sequentiallyConsistent)
        defer { readers[0].subtract(1, ordering: .sequentiallyConsistent) }
        let snapshot = UnsafePointer<UInt>(bitPattern: current[0].load(ordering: .sequentiallyConsistent))!
        // The last range whose start <= address.
        var lo = 0
        var hi = Int(bitPattern: snapshot[0])
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if snapshot[1 &+ 3 &* mid] <= address { lo = mid &+ 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let k = 1 &+ 3 &* (lo &- 1)
        let start = snapshot[k]
        let end = snapshot[k &+ 1]
        guard address &- start < end &- start else { return nil }
        return (start, snapshot[k &+ 2])
    }
}

/// Where VM context blocks live: slabs of `slotsPerSlab` 192-byte blocks, each slab registered once as a range
/// with the trap handler, plus one live flag per slot. Creating or destroying an instance therefore touches no
/// registry, only a free list (under a mutex) and the slot's flag (an atomic byte).
///
/// Invariants: slabs are never freed (peak contexts × ~193 bytes stay allocated, and reused); a slot's flag is
/// 1 exactly while a `VMContext` owns it (set after the block is zeroed, cleared before it is recycled), so the
/// handler's test "inside a registered slab, on a slot boundary, flag set" accepts exactly the live contexts and
/// only ever reads memory that stays mapped.
enum VMContextSlabs {
    static let slotsPerSlab = 512
    /// Bytes of live flags at the start of each slab (a multiple of the block alignment).
    static let flagBytes =
        (slotsPerSlab + VMContextLayout.alignment - 1) / VMContextLayout.alignment
        * VMContextLayout.alignment
    static let slabBytes = flagBytes + slotsPerSlab * VMContextLayout.size

    nonisolated(unsafe) private static var free: [UnsafeMutableRawPointer] = []
    nonisolated(unsafe) private static var slabs = 0
    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let l = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(l, nil)
        return l
    }()

    /// The live flag of the context block at `block` in a slab whose flags start at `flags`.
    static func flag(_ block: UInt, slabContexts start: UInt, flags: UInt) -> UnsafeMutablePointer<Atomic<UInt8>> {
        let index = (block &- start) / UInt(VMContextLayout.size)
        return UnsafeMutablePointer<Atomic<UInt8>>(bitPattern: flags &+ index)!
    }

    /// A zeroed block, marked live.
    static func allocate() throws(RuntimeError) -> UnsafeMutableRawPointer {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if free.isEmpty {
            var raw: UnsafeMutableRawPointer?
            guard posix_memalign(&raw, VMContextLayout.alignment, slabBytes) == 0, let raw else {
                throw RuntimeError.outOfMemory
            }
            memset(raw, 0, slabBytes)
            let contexts = raw + flagBytes
            _ = TrapRegistry.contexts.insert(
                start: UInt(bitPattern: contexts),
                end: UInt(bitPattern: contexts + slotsPerSlab * VMContextLayout.size),
                payload: UInt(bitPattern: raw))
            slabs += 1
            free.reserveCapacity(free.count + slotsPerSlab)
            for i in (0..<slotsPerSlab).reversed() { free.append(contexts + i * VMContextLayout.size) }
        }
        let block = free.removeLast()
        memset(block, 0, VMContextLayout.size)
        guard let (start, flags) = TrapRegistry.contexts.lookup(UInt(bitPattern: block)) else {
            preconditionFailure("context block outside its slab")
        }
        flag(UInt(bitPattern: block), slabContexts: start, flags: flags)[0].store(1, ordering: .releasing)
        return block
    }

    /// Marks `block` dead and recycles it.
    static func release(_ block: UnsafeMutableRawPointer) {
        if let (start, flags) = TrapRegistry.contexts.lookup(UInt(bitPattern: block)) {
            flag(UInt(bitPattern: block), slabContexts: start, flags: flags)[0].store(0, ordering: .releasing)
        }
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        free.append(block)
    }

    /// Slabs allocated so far (for tests and statistics).
    static var slabCount: Int {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return slabs
    }
}

/// The two global tables. Created on first use (before any handler can run: `TrapHandler.install`
/// touches them) and never destroyed. Neither has a capacity limit.
public enum TrapRegistry {
    /// JIT code ranges → trap-exit stub address.
    static let code = RangeRegistry()
    /// VM context slabs → their live-flag arrays (see `VMContextSlabs`).
    static let contexts = RangeRegistry()
    /// Code mapped from a module-cache entry and verified chunk by chunk on first touch → its
    /// `LazilyVerifiedCode` block (see `MappedCode.swift`).
    static let lazyCode = RangeRegistry()

    /// The trap stub registered for a code address, or nil if `pc` is not JIT code.
    /// This is exactly the test the signal handler applies.
    public static func trapStub(forPC pc: UInt) -> UInt? { code.lookup(pc)?.payload }

    /// Whether `pointer` is a live VM context block. Signal-safe: exactly the test the handler applies.
    public static func isLiveContext(_ pointer: UInt) -> Bool {
        guard let (start, flags) = contexts.lookup(pointer),
            (pointer &- start) % UInt(VMContextLayout.size) == 0
        else { return false }
        return VMContextSlabs.flag(pointer, slabContexts: start, flags: flags)[0].load(ordering: .acquiring) != 0
    }

    /// Code regions (modules and artifacts) currently registered.
    public static var codeRegionCount: Int { code.count }
}

import Glibc
import Synchronization

/// Lock-free tables the signal handler reads: JIT code ranges and live VM contexts.
///
/// Invariants (the handler relies on them):
/// - Storage is allocated once and never freed or moved; the handler only performs atomic loads.
/// - Writers (register / update / remove) are serialised by a pthread mutex and never run inside
///   the handler. Each slot is a seqlock: `seq` odd while a writer changes the slot, even otherwise;
///   readers retry (boundedly) when `seq` changed or is odd, so they never see a torn range.
/// - An empty slot has `start == end == 0`; a range is `[start, end)`; membership uses wrapping
///   arithmetic (`pc &- start < end &- start`), so no overflow traps can fire in the handler.
/// - Readers scan only slots below `highWater` (the highest slot ever used + 1).
struct SlotTable: @unchecked Sendable {
    /// Words per slot: seq, start, end, payload.
    static let stride = 4
    let words: UnsafeMutablePointer<Atomic<UInt>>
    let highWater: UnsafeMutablePointer<Atomic<Int>>
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    /// Number of slots.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        words = .allocate(capacity: capacity * SlotTable.stride)
        for i in 0..<(capacity * SlotTable.stride) { (words + i).initialize(to: Atomic(0)) }
        highWater = .allocate(capacity: 1)
        highWater.initialize(to: Atomic(0))
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    private func write(slot: Int, start: UInt, end: UInt, payload: UInt) {
        let w = words + slot * SlotTable.stride
        let seq = w[0].load(ordering: .relaxed)
        w[0].store(seq &+ 1, ordering: .relaxed) // odd: writer active
        atomicMemoryFence(ordering: .releasing)
        w[1].store(start, ordering: .relaxed)
        w[2].store(end, ordering: .relaxed)
        w[3].store(payload, ordering: .relaxed)
        w[0].store(seq &+ 2, ordering: .releasing) // even: published
    }

    /// Claims a free slot for `[start, end)` → `payload`; nil when the table is full.
    func insert(start: UInt, end: UInt, payload: UInt) -> Int? {
        precondition(end > start, "empty range")
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        for slot in 0..<capacity {
            let w = words + slot * SlotTable.stride
            if w[1].load(ordering: .relaxed) == 0 && w[2].load(ordering: .relaxed) == 0 {
                write(slot: slot, start: start, end: end, payload: payload)
                if slot >= highWater[0].load(ordering: .relaxed) {
                    highWater[0].store(slot + 1, ordering: .releasing)
                }
                return slot
            }
        }
        return nil
    }

    /// Replaces the contents of an owned slot.
    func update(slot: Int, start: UInt, end: UInt, payload: UInt) {
        precondition(end > start, "empty range")
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        write(slot: slot, start: start, end: end, payload: payload)
    }

    /// Frees an owned slot.
    func remove(slot: Int) {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        write(slot: slot, start: 0, end: 0, payload: 0)
    }

    /// Signal-safe lookup: the payload of a slot whose range contains `address`, or nil.
    /// No allocation, no locks, bounded work.
    func lookup(_ address: UInt) -> UInt? {
        let n = highWater[0].load(ordering: .acquiring)
        var slot = 0
        while slot < n {
            let w = words + slot &* SlotTable.stride
            var attempts = 0
            while attempts < 64 {
                attempts &+= 1
                let s1 = w[0].load(ordering: .acquiring)
                if s1 & 1 != 0 { continue }
                let start = w[1].load(ordering: .relaxed)
                let end = w[2].load(ordering: .relaxed)
                let payload = w[3].load(ordering: .relaxed)
                atomicMemoryFence(ordering: .acquiring)
                if w[0].load(ordering: .relaxed) != s1 { continue }
                if address &- start < end &- start { return payload }
                break
            }
            slot &+= 1
        }
        return nil
    }
}

/// The two global tables. Created on first use (before any handler can run: `TrapHandler.install`
/// touches them) and never destroyed.
public enum TrapRegistry {
    /// JIT code ranges → trap-exit stub address.
    static let code = SlotTable(capacity: codeCapacity)
    /// Live VM context blocks (range `[ctx, ctx + 1)`).
    static let contexts = SlotTable(capacity: contextCapacity)
    /// Most code regions (modules) alive at once.
    public static let codeCapacity = 4096
    /// Most VM contexts (instances) alive at once.
    public static let contextCapacity = 16384

    /// The trap stub registered for a code address, or nil if `pc` is not JIT code.
    /// This is exactly the test the signal handler applies.
    public static func trapStub(forPC pc: UInt) -> UInt? { code.lookup(pc) }

    /// Whether `pointer` is a live VM context block.
    public static func isLiveContext(_ pointer: UInt) -> Bool { contexts.lookup(pointer) != nil }
}

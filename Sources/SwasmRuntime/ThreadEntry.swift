import Glibc

/// What a call into wasm needs to know about the calling thread, found with one thread-local lookup
/// (`pthread_getspecific` on a key each instance keeps, so no lazy global is touched per call): that the thread
/// has been prepared for traps (`TrapHandler.prepareCurrentThreadOnce`), and the stack limit generated code
/// compares against when the instance has no stack budget (`StackLimits.limit`: the stack's low end plus the
/// reserve). Made the first time a thread calls into wasm; freed at thread exit.
///
/// Invariant: a record exists only for a thread that has been prepared; its limit is that thread's own (a
/// thread-specific value never moves to another thread, unlike a `pthread_t`, which the system reuses).
struct ThreadEntryState {
    /// The stack's low end plus `StackLimits.defaultReserve`; 0 when the bounds are unknown (no limit).
    var defaultLimit: UInt
}

enum ThreadEntry {
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { free($0) }
        return key
    }()

    /// The calling thread's record, made (and the thread prepared) on its first call.
    @inline(__always)
    static func current(_ key: pthread_key_t) -> UnsafeMutablePointer<ThreadEntryState> {
        if let p = pthread_getspecific(key) { return p.assumingMemoryBound(to: ThreadEntryState.self) }
        return setUp(key)
    }

    @inline(never)
    static func setUp(_ key: pthread_key_t) -> UnsafeMutablePointer<ThreadEntryState> {
        TrapHandler.prepareCurrentThreadOnce()
        let low = StackLimits.currentThreadBounds()?.low
        let p = malloc(MemoryLayout<ThreadEntryState>.stride)!.assumingMemoryBound(to: ThreadEntryState.self)
        p.initialize(to: ThreadEntryState(defaultLimit: low.map { $0 + UInt(StackLimits.defaultReserve) } ?? 0))
        pthread_setspecific(key, p)
        return p
    }

    /// `StackLimits.limit(budget: nil) ?? 0` for the thread of `state`, without looking its bounds up.
    @inline(__always)
    static func defaultLimit(_ state: UnsafeMutablePointer<ThreadEntryState>) -> UInt {
        let limit = state.pointee.defaultLimit
        return limit != 0 && StackLimits.currentStackPointer() > limit ? limit : 0
    }
}

import Glibc

/// The native stack of one thread: `[low, high)`, growing down from `high`.
public struct StackBounds: Sendable, Equatable {
    /// Lowest usable address (the guard page, if any, lies below).
    public let low: UInt
    /// One past the highest address.
    public let high: UInt
    /// `high − low`.
    public var size: Int { Int(high - low) }
    /// Whether `address` is inside the stack.
    public func contains(_ address: UInt) -> Bool { address &- low < high &- low }
}

/// Stack bounds and the `stackLimit` value generated code compares SP against.
///
/// Bounds come from `pthread_getattr_np` (reached with `dlsym`: it is not imported without
/// `_GNU_SOURCE`) + `pthread_attr_getstack`. On the main thread glibc reports the stack rlimit
/// size (the mapping grows on demand down to it); on other threads the real mapping. Results are
/// cached per thread (the main-thread query parses /proc/self/maps).
public enum StackLimits {
    /// Headroom kept below the limit for host calls, the signal handler and the trap path.
    public static let defaultReserve = 64 * 1024

    private typealias GetAttrFunction = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32

    private static let getAttr: GetAttrFunction? = {
        guard let symbol = dlsym(nil, "pthread_getattr_np") else { return nil }
        return unsafeBitCast(symbol, to: GetAttrFunction.self)
    }()

    /// Per-thread cache: a malloc'd (low, high) pair freed at thread exit.
    private static let cacheKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { free($0) }
        return key
    }()

    /// The current thread's stack bounds, or nil if the system cannot tell.
    public static func currentThreadBounds() -> StackBounds? {
        if let cached = pthread_getspecific(cacheKey) {
            let pair = cached.assumingMemoryBound(to: UInt.self)
            return StackBounds(low: pair[0], high: pair[1])
        }
        guard let getAttr else { return nil }
        var attr = pthread_attr_t()
        guard getAttr(pthread_self(), &attr) == 0 else { return nil }
        defer { pthread_attr_destroy(&attr) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attr, &address, &size) == 0, let address else { return nil }
        let bounds = StackBounds(low: UInt(bitPattern: address), high: UInt(bitPattern: address) + UInt(size))
        if let pair = malloc(2 * MemoryLayout<UInt>.size)?.assumingMemoryBound(to: UInt.self) {
            pair[0] = bounds.low
            pair[1] = bounds.high
            pthread_setspecific(cacheKey, pair)
        }
        return bounds
    }

    /// Approximate current stack pointer (the address of a local in a non-inlined frame).
    @inline(never)
    public static func currentStackPointer() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// The `stackLimit` for the VM context of wasm running on this thread from here:
    /// `max(low + reserve, SP − budget)` (the budget, if given, caps how much native stack wasm may use
    /// from the current SP). Nil when bounds are unknown or the stack is already below the reserve.
    public static func limit(reserve: Int = defaultReserve, budget: Int? = nil) -> UInt? {
        guard let bounds = currentThreadBounds() else { return nil }
        let sp = currentStackPointer()
        var limit = bounds.low + UInt(reserve)
        if let budget, sp > UInt(budget), sp - UInt(budget) > limit { limit = sp - UInt(budget) }
        return sp > limit ? limit : nil
    }
}

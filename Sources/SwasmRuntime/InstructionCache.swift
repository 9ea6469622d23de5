import Glibc
import Synchronization

/// Makes freshly written machine code visible to instruction fetch.
///
/// x86-64 keeps instruction and data caches coherent: the platform flush is a no-op (still
/// counted). AArch64 does not: after writing code and before running it, the range must be
/// cleaned to the point of unification and the instruction cache invalidated. The platform flush
/// calls `__clear_cache(begin, end)` from libgcc_s (which the Swift runtime links) or compiler-rt,
/// found with `dlsym`. qemu cannot detect a missing flush, so tests check that the hook is called.
public struct InstructionCacheFlush: Sendable {
    /// Flushes `[start, start + byteCount)`.
    public let flush: @Sendable (UnsafeMutableRawPointer, Int) -> Void

    public init(_ flush: @escaping @Sendable (UnsafeMutableRawPointer, Int) -> Void) {
        self.flush = flush
    }

    /// The flush for the host architecture (counted in `InstructionCache.platformFlushCount`).
    public static let platform = InstructionCacheFlush { start, count in
        InstructionCache.flushCounter.add(1, ordering: .relaxed)
        #if arch(arm64)
            if let clear = InstructionCache.clearCache {
                clear(start, start + count)
            } else {
                fatalError("swasm: no __clear_cache available on AArch64; cannot run JIT code safely")
            }
        #endif
    }
}

/// Resolution of the system cache-maintenance routine.
public enum InstructionCache {
    /// `void __clear_cache(void *begin, void *end)`.
    public typealias ClearCacheFunction = @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Void

    static let flushCounter = Atomic<Int>(0)

    /// How many times `InstructionCacheFlush.platform` ran in this process.
    public static var platformFlushCount: Int { flushCounter.load(ordering: .relaxed) }

    /// `__clear_cache` from the loaded images, else from libgcc_s.so.1; nil if neither has it.
    /// (x86-64's libgcc also exports one, an empty function, which lets tests exercise the lookup.)
    public static let clearCache: ClearCacheFunction? = {
        var symbol = dlsym(nil, "__clear_cache")
        if symbol == nil, let libgcc = dlopen("libgcc_s.so.1", RTLD_NOW | RTLD_LOCAL) {
            symbol = dlsym(libgcc, "__clear_cache")
        }
        guard let symbol else { return nil }
        return unsafeBitCast(symbol, to: ClearCacheFunction.self)
    }()
}

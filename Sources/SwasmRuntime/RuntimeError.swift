import Glibc
import SwasmABI

/// Failures of runtime infrastructure (not wasm traps: those are `TrapCode`).
public enum RuntimeError: Error, Equatable, Sendable {
    /// A system call failed; `errno` is attached.
    case systemCall(name: String, errno: Int32)
    /// malloc / posix_memalign failed.
    case outOfMemory
    /// Guard-page memories used up the address space: `liveMemories` reservations of `reservationBytes` each
    /// were alive when the next one could not be made (mmap failed, or the reservation limit was reached).
    case addressSpaceExhausted(liveMemories: Int, reservationBytes: Int)
    /// Every slot of the pooling instance allocator is in use.
    case poolExhausted(slots: Int)
    /// A memory needs more pages than a pooling allocator slot holds.
    case poolSlotTooSmall(requestedPages: Int, slotPages: Int)
    /// A code region's address-space reservation is exhausted.
    case codeRegionFull(requested: Int, available: Int)
    /// Invalid arguments (e.g. initial pages above the maximum).
    case invalidArgument(String)
}

extension RuntimeError: CustomStringConvertible {
    /// What happened, in words, and what to do about it.
    public var description: String {
        switch self {
        case .systemCall(let name, let code):
            var s = "the system call \(name) failed: \(String(cString: strerror(code))) (errno \(code))"
            if code == ENOMEM && (name == "mmap" || name == "mprotect") {
                s +=
                    "; the process is out of memory or address space. Each memory with guard pages reserves 8 GiB "
                    + "of address space: drop instances you no longer need, or use explicit bounds checks "
                    + "(Engine.Configuration.boundsChecking = .explicit, swasm run --explicit-bounds)"
            }
            return s
        case .outOfMemory:
            return "out of memory: the host could not allocate runtime data (malloc or posix_memalign failed)"
        case .addressSpaceExhausted(let live, let bytes):
            return "address space exhausted after \(live) guard-page memories of \(formatBytes(bytes)) each: every "
                + "memory with guard pages reserves that much address space. Use explicit bounds checks "
                + "(Engine.Configuration.boundsChecking = .explicit, swasm run --explicit-bounds) or the pooling "
                + "allocator (Engine.Configuration.allocator = .pooling(...)) for more live instances, or drop "
                + "instances you no longer need"
        case .poolExhausted(let slots):
            return "the pooling instance allocator is full: all \(slots) slots are in use; raise "
                + "PoolingConfiguration.maxInstances (Engine.Configuration.allocator) or drop instances you no "
                + "longer need"
        case .poolSlotTooSmall(let requested, let slot):
            return "a memory of \(requested) pages does not fit a pooling allocator slot of \(slot) pages; raise "
                + "PoolingConfiguration.maxMemoryPages (Engine.Configuration.allocator)"
        case .codeRegionFull(let requested, let available):
            return "the module's code does not fit its code region (\(requested) bytes requested, \(available) left): "
                + "the module is too large"
        case .invalidArgument(let why):
            return "invalid argument: \(why)"
        }
    }
}

/// "8 GiB", "1 MiB", "640 KiB", or a byte count.
func formatBytes(_ n: Int) -> String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] where n >= 1 << shift {
        let whole = n >> shift
        let rest = n - (whole << shift)
        // Round down small tails (the 64 KiB guard of an 8 GiB reservation).
        return rest * 64 < 1 << shift ? "\(whole) \(unit)" : "\(n) bytes"
    }
    return "\(n) bytes"
}

/// Host page size and rounding helpers.
public enum HostPage {
    /// The host page size (4 KiB on x86-64; 4, 16 or 64 KiB on AArch64).
    public static let size: Int = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Rounds `n` up to a multiple of the host page size.
    @inlinable public static func roundUp(_ n: Int) -> Int {
        let mask = size - 1
        return (n + mask) & ~mask
    }
}

@usableFromInline func systemError(_ name: String) -> RuntimeError {
    .systemCall(name: name, errno: errno)
}

/// `MAP_FAILED` as Swift sees it.
@usableFromInline var mapFailed: UnsafeMutableRawPointer? { UnsafeMutableRawPointer(bitPattern: -1) }

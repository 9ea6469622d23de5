import Glibc
import SwasmABI

/// Failures of runtime infrastructure (not wasm traps: those are `TrapCode`).
public enum RuntimeError: Error, Equatable, Sendable {
    /// A system call failed; `errno` is attached.
    case systemCall(name: String, errno: Int32)
    /// malloc / posix_memalign failed.
    case outOfMemory
    /// A fixed-capacity trap-handler table (code ranges or VM contexts) is full.
    case registryFull(RegistryKind)
    /// A code region's address-space reservation is exhausted.
    case codeRegionFull(requested: Int, available: Int)
    /// Invalid arguments (e.g. initial pages above the maximum).
    case invalidArgument(String)

    /// Which trap-handler table is full.
    public enum RegistryKind: Sendable, Equatable {
        /// Code regions: one per compiled module or loaded artifact.
        case codeRegions
        /// VM contexts: one per instance.
        case instances
    }
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
        case .registryFull(.codeRegions):
            return "too many modules are alive at once: the trap handler tracks at most \(TrapRegistry.codeCapacity) "
                + "code regions (one per compiled module or loaded artifact); release modules you no longer use"
        case .registryFull(.instances):
            return "too many instances are alive at once: the trap handler tracks at most "
                + "\(TrapRegistry.contextCapacity) VM contexts (one per instance); release instances you no longer use"
        case .codeRegionFull(let requested, let available):
            return "the module's code does not fit its code region (\(requested) bytes requested, \(available) left): "
                + "the module is too large"
        case .invalidArgument(let why):
            return "invalid argument: \(why)"
        }
    }
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

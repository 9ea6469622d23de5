import Glibc

/// Failures of runtime infrastructure (not wasm traps: those are `TrapCode`).
public enum RuntimeError: Error, Equatable, Sendable {
    /// A system call failed; `errno` is attached.
    case systemCall(name: String, errno: Int32)
    /// malloc / posix_memalign failed.
    case outOfMemory
    /// A fixed-capacity trap-handler table (code ranges or VM contexts) is full.
    case registryFull
    /// A code region's address-space reservation is exhausted.
    case codeRegionFull(requested: Int, available: Int)
    /// Invalid arguments (e.g. initial pages above the maximum).
    case invalidArgument(String)
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

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Large buffers backed by transparent huge pages where the kernel offers them (Linux `madvise(MADV_HUGEPAGE)`):
/// a code buffer or an artifact of many megabytes is then faulted in 2 MiB at a time instead of 4 KiB at a time
/// (13.8 MB of code: ~3,400 page faults → ~7). Elsewhere, or when the kernel declines, nothing changes.
public enum HugePages {
    /// The huge page size the advice aims at (x86-64 and AArch64 with 4 KiB base pages).
    public static let size = 2 << 20
    /// Buffers at least this large are worth advising (smaller ones would round to no whole huge page).
    public static let threshold = 4 << 20

    /// Advise the whole huge pages inside `[start, start + byteCount)` (memory not touched yet gains most).
    /// A hint only: it never fails and never changes the contents.
    public static func advise(_ start: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
            guard byteCount >= threshold else { return }
            let first = (UInt(bitPattern: start) + UInt(size - 1)) & ~UInt(size - 1)
            let end = (UInt(bitPattern: start) + UInt(byteCount)) & ~UInt(size - 1)
            guard end > first, let p = UnsafeMutableRawPointer(bitPattern: first) else { return }
            _ = madvise(p, Int(end - first), MADV_HUGEPAGE)
        #endif
    }

    /// An `[UInt8]` holding a copy of `bytes`, its storage advised before the copy touches it. (Empty arrays are
    /// made as `[]`: `unsafeUninitializedCapacity: 0` would store a count into the one empty-array storage that
    /// every thread shares.)
    public static func array(copying bytes: UnsafeRawBufferPointer) -> [UInt8] {
        guard bytes.count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, initialized in
            if let base = buffer.baseAddress, let from = bytes.baseAddress {
                advise(UnsafeMutableRawPointer(base), byteCount: bytes.count)
                UnsafeMutableRawPointer(base).copyMemory(from: from, byteCount: bytes.count)
            }
            initialized = bytes.count
        }
    }

    /// An `[UInt8]` of `count` zero bytes with room for `capacity`, its storage advised before anything touches
    /// it (a buffer that is filled by appending, e.g. an artifact).
    public static func array(zeros count: Int, capacity: Int) -> [UInt8] {
        guard max(capacity, count) > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: max(capacity, count)) { buffer, initialized in
            if let base = buffer.baseAddress {
                advise(UnsafeMutableRawPointer(base), byteCount: buffer.count)
                base.initialize(repeating: 0, count: count)
            }
            initialized = count
        }
    }
}

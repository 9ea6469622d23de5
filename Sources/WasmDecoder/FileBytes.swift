#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's bytes, read-only, for decoding without copies.
///
/// A regular file is mapped (`mmap`, `PROT_READ`, `MAP_PRIVATE`): nothing is read up front, and pages the decoder
/// never touches — the payloads of skipped custom sections, such as 40 MB of DWARF — are never brought into the
/// process's memory. Anything else (a pipe, `/dev/stdin`, a file `mmap` refuses, a `/proc` file whose size reads
/// as 0) is read with `read()` into an owned buffer.
///
/// It is a `RandomAccessCollection` of bytes whose `withContiguousStorageIfAvailable` hands out the mapping itself,
/// so every decoder and compiler entry point that takes `some Collection<UInt8>` decodes from it in place.
///
/// Invariants: `bytes` is valid and never changes while the object lives (unmapped or freed in `deinit`); whoever
/// keeps a pointer into it past a call that borrows it must keep the object alive. The decoder keeps no such
/// pointer: what outlives decoding (names, data segments) is copied out. A mapped file that another process
/// truncates while it is being read makes the reads past the new end fault (`SIGBUS`), as with any `mmap` user:
/// map files you own.
public final class FileBytes: RandomAccessCollection, @unchecked Sendable {
    /// Why a file could not be opened or read: the C `errno`.
    public struct Failure: Error, Sendable, Equatable {
        public var errno: Int32
        public init(errno: Int32) { self.errno = errno }
    }

    /// The file's contents.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// Whether `bytes` is a mapping of the file (false: read into an owned buffer).
    public let isMapped: Bool

    /// Maps the regular file at `path`, or reads it if it is not a regular file or cannot be mapped.
    /// - Throws: `Failure` with `EISDIR` for a directory, or the `errno` of `open`/`fstat`/`read`.
    public init(contentsOf path: String) throws(Failure) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(errno: errno) }
        let kind = st.st_mode & S_IFMT
        if kind == S_IFDIR { throw Failure(errno: EISDIR) }
        let size = Int(st.st_size)
        if kind == S_IFREG, size > 0,
            let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED
        {
            bytes = UnsafeBufferPointer(start: p.bindMemory(to: UInt8.self, capacity: size), count: size)
            isMapped = true
            return
        }
        bytes = try FileBytes.readAll(fd, sizeHint: size)
        isMapped = false
    }

    /// Bytes already in memory (e.g. a module assembled from text), copied into an owned buffer.
    public init(copying source: some Collection<UInt8>) {
        let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Swift.max(source.count, 1))
        _ = p.initialize(from: source)
        bytes = UnsafeBufferPointer(rebasing: p[0..<source.count])
        isMapped = false
    }

    deinit {
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
        } else {
            UnsafeMutableRawPointer(mutating: bytes.baseAddress)?.deallocate()
        }
    }

    /// Reads `fd` to its end into an allocated buffer (grown by doubling; `sizeHint` is the first guess).
    static func readAll(_ fd: Int32, sizeHint: Int) throws(Failure) -> UnsafeBufferPointer<UInt8> {
        var capacity = Swift.max(sizeHint, 1 << 16)
        var p = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        var count = 0
        while true {
            if count == capacity {
                let q = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                q.copyMemory(from: p, byteCount: count)
                p.deallocate()
                p = q
                capacity *= 2
            }
            let n = read(fd, p + count, capacity - count)
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                p.deallocate()
                throw Failure(errno: e)
            }
            if n == 0 { break }
            count += n
        }
        return UnsafeBufferPointer(start: p.bindMemory(to: UInt8.self, capacity: capacity), count: count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { bytes.count }
    public subscript(position: Int) -> UInt8 { bytes[position] }

    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try withExtendedLifetime(self) { try body(bytes) }
    }
}

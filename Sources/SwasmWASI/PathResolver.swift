import Glibc

// The sandbox. Every path the guest names is resolved here, component by component, from the directory fd it is
// relative to: each directory is opened with `openat(..., O_PATH | O_NOFOLLOW | O_DIRECTORY)` relative to the one
// before, `..` pops back up the chain (and fails at the chain's root instead of leaving it), and a symbolic link is
// expanded by reading it and splicing its target into the walk, so an absolute target or one that climbs out is
// refused like the same path written directly. The result is a directory fd and one final name without a slash
// or `..`, for the `*at` system calls, which are given `AT_SYMLINK_NOFOLLOW` / `O_NOFOLLOW`: no host call ever
// sees a path that could leave the preopen.

/// A resolved path: the directory the final component lives in (an fd the caller must close) and its name.
final class ResolvedPath {
    let directory: Int32
    /// One component, never `..`; `.` when the path names the directory itself. A trailing `/` is kept (the host
    /// then requires a directory), and only ever follows a component that is not a symbolic link.
    let name: [UInt8]

    init(directory: Int32, name: [UInt8]) {
        self.directory = directory
        self.name = name
    }

    deinit { Glibc.close(directory) }

    func withName<R>(_ body: (UnsafePointer<CChar>) -> R) -> R { name.withCString(body) }
}

enum PathResolver {
    /// Most symbolic links followed while resolving one path (as Linux's MAXSYMLINKS).
    static let maxSymlinks = 40

    /// Resolves `path` beneath `base` (a directory fd).
    /// - Parameter followFinal: expand the final component if it is a symbolic link (`lookupflags.symlink_follow`).
    static func resolve(_ path: [UInt8], beneath base: Int32, followFinal: Bool) throws(WASIErrno) -> ResolvedPath {
        guard !path.isEmpty else { throw .noent }
        guard !path.contains(0) else { throw .ilseq }
        guard path.first != UInt8(ascii: "/") else { throw .perm }
        var stack: [Int32] = []
        func fail(_ e: WASIErrno) -> WASIErrno {
            for fd in stack { Glibc.close(fd) }
            return e
        }
        let root = openat(base, ".", O_PATH | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw WASIErrno.last }
        stack.append(root)
        // Components still to walk, first component last (popped from the end).
        var pending = components(path).reversed().map { $0 }
        var mustBeDirectory = path.last == UInt8(ascii: "/")
        var symlinks = 0
        while let component = pending.popLast() {
            let isFinal = pending.isEmpty
            if component == [UInt8(ascii: ".")] {
                if isFinal { return ResolvedPath(directory: stack.removeLast(), name: component, closing: stack) }
                continue
            }
            if component == [UInt8(ascii: "."), UInt8(ascii: ".")] {
                guard stack.count > 1 else { throw fail(.perm) }
                Glibc.close(stack.removeLast())
                if isFinal {
                    return ResolvedPath(directory: stack.removeLast(), name: [UInt8(ascii: ".")], closing: stack)
                }
                continue
            }
            let top = stack[stack.count - 1]
            if isFinal {
                // Follow a final symbolic link if asked (or if a trailing slash demands a directory).
                if followFinal || mustBeDirectory, let target = readLink(top, component) {
                    symlinks += 1
                    guard symlinks <= maxSymlinks else { throw fail(.loop) }
                    guard target.first != UInt8(ascii: "/") else { throw fail(.perm) }
                    if target.last == UInt8(ascii: "/") { mustBeDirectory = true }
                    pending.append(contentsOf: components(target).reversed())
                    if pending.isEmpty { pending.append([UInt8(ascii: ".")]) }
                    continue
                }
                let name = mustBeDirectory ? component + [UInt8(ascii: "/")] : component
                return ResolvedPath(directory: stack.removeLast(), name: name, closing: stack)
            }
            let fd = component.withCString { openat(top, $0, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC) }
            if fd >= 0 {
                stack.append(fd)
                continue
            }
            let e = errno
            if let target = readLink(top, component) {
                symlinks += 1
                guard symlinks <= maxSymlinks else { throw fail(.loop) }
                guard target.first != UInt8(ascii: "/") else { throw fail(.perm) }
                pending.append(contentsOf: components(target).reversed())
                continue
            }
            throw fail(WASIErrno(hostErrno: e))
        }
        // Only slashes or nothing left: the directory itself.
        return ResolvedPath(directory: stack.removeLast(), name: [UInt8(ascii: ".")], closing: stack)
    }

    /// The non-empty components of a path.
    static func components(_ path: [UInt8]) -> [[UInt8]] {
        path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map(Array.init)
    }

    /// The target of the symbolic link `name` in `dir`, or nil if it is not one.
    static func readLink(_ dir: Int32, _ name: [UInt8]) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = name.withCString { p in
            buffer.withUnsafeMutableBytes {
                readlinkat(dir, p, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count)
            }
        }
        guard n >= 0 else { return nil }
        return Array(buffer[0..<n])
    }
}

extension ResolvedPath {
    /// Takes `directory` and closes the other fds of the walk.
    convenience init(directory: Int32, name: [UInt8], closing others: [Int32]) {
        for fd in others { Glibc.close(fd) }
        self.init(directory: directory, name: name)
    }
}

extension Array where Element == UInt8 {
    /// The bytes as a NUL-terminated C string.
    func withCString<R>(_ body: (UnsafePointer<CChar>) -> R) -> R {
        var c = self.map { CChar(bitPattern: $0) }
        c.append(0)
        return c.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

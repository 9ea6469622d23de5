import Glibc
import Swasm

extension WASI {
    func fdAdvise(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let fd = try hostFD(a[0], Rights.fdAdvise)
        guard a[3].u32 <= 5 else { throw .inval }
        let advice: [Int32] = [
            POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM, POSIX_FADV_WILLNEED,
            POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE
        ]
        guard a[1].u64 <= UInt64(Int64.max), a[2].u64 <= UInt64(Int64.max) else { throw .inval }
        let r = posix_fadvise(fd, off_t(a[1].u64), off_t(a[2].u64), advice[Int(a[3].u32)])
        if r != 0 && r != ESPIPE { throw WASIErrno(hostErrno: r) }
        if r == ESPIPE { throw .spipe }
    }

    func fdAllocate(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let fd = try hostFD(a[0], Rights.fdAllocate)
        let (offset, length) = (a[1].u64, a[2].u64)
        guard offset <= UInt64(Int64.max), length <= UInt64(Int64.max), offset &+ length <= UInt64(Int64.max) else {
            throw .inval
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw WASIErrno.last }
        guard FileType(mode: st.st_mode) == .regularFile else { throw .badf }
        // Grow the file to offset + length (allocation itself is a hint on most file systems).
        if Int64(offset + length) > Int64(st.st_size) {
            guard ftruncate(fd, off_t(offset + length)) == 0 else { throw WASIErrno.last }
        }
    }

    func fdClose(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let d = try descriptor(a[0])
        descriptors[a[0].u32] = nil
        d.close()
    }

    func fdSync(_ m: GuestMemory, _ a: [Value], data: Bool) throws(WASIErrno) {
        let fd = try hostFD(a[0], data ? Rights.fdDatasync : Rights.fdSync)
        guard (data ? fdatasync(fd) : fsync(fd)) == 0 else { throw WASIErrno.last }
    }

    func fdFdstatGet(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let d = try descriptor(a[0])
        var flags: UInt16 = 0
        if let fd = d.hostFD {
            let f = fcntl(fd, F_GETFL)
            if f >= 0 {
                if f & O_APPEND != 0 { flags |= FDFlags.append }
                if f & O_NONBLOCK != 0 { flags |= FDFlags.nonblock }
                if f & O_SYNC == O_SYNC { flags |= FDFlags.sync | FDFlags.rsync }
                if f & O_DSYNC != 0 { flags |= FDFlags.dsync }
            }
        }
        let p = a[1].u32
        _ = try m.bytes(p, 24)
        try m.store(d.type.rawValue, p)
        try m.store(UInt8(0), p + 1)
        try m.store(flags, p + 2)
        try m.store(UInt32(0), p + 4)
        try m.store(d.rightsBase, p + 8)
        try m.store(d.rightsInheriting, p + 16)
    }

    func fdFdstatSetFlags(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let d = try descriptor(a[0], Rights.fdFdstatSetFlags)
        let flags = UInt16(truncatingIfNeeded: a[1].u32)
        guard let fd = d.hostFD else { return }
        // Append and non-blocking can change on an open file; the synchronous modes cannot (Linux ignores them).
        guard flags & (FDFlags.dsync | FDFlags.rsync | FDFlags.sync) == 0 else { throw .inval }
        var f = fcntl(fd, F_GETFL)
        guard f >= 0 else { throw WASIErrno.last }
        f &= ~(O_APPEND | O_NONBLOCK)
        if flags & FDFlags.append != 0 { f |= O_APPEND }
        if flags & FDFlags.nonblock != 0 { f |= O_NONBLOCK }
        guard fcntl(fd, F_SETFL, f) == 0 else { throw WASIErrno.last }
    }

    func fdFdstatSetRights(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let d = try descriptor(a[0])
        let (base, inheriting) = (a[1].u64, a[2].u64)
        // Rights can only be dropped.
        guard base & ~d.rightsBase == 0, inheriting & ~d.rightsInheriting == 0 else { throw .notcapable }
        d.rightsBase = base
        d.rightsInheriting = inheriting
    }

    func writeFilestat(_ st: stat, _ m: GuestMemory, _ p: UInt32) throws(WASIErrno) {
        _ = try m.bytes(p, 64)
        func ns(_ t: timespec) -> UInt64 { UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec) }
        try m.store(UInt64(st.st_dev), p)
        try m.store(UInt64(st.st_ino), p + 8)
        try m.store(FileType(mode: st.st_mode).rawValue, p + 16)
        for k in UInt32(17)..<24 { try m.store(UInt8(0), p + k) }
        try m.store(UInt64(st.st_nlink), p + 24)
        try m.store(UInt64(st.st_size), p + 32)
        try m.store(ns(st.st_atim), p + 40)
        try m.store(ns(st.st_mtim), p + 48)
        try m.store(ns(st.st_ctim), p + 56)
    }

    func fdFilestatGet(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let d = try descriptor(a[0], Rights.fdFilestatGet)
        guard let fd = d.hostFD else {
            var st = stat()
            st.st_mode = S_IFCHR
            return try writeFilestat(st, m, a[1].u32)
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw WASIErrno.last }
        try writeFilestat(st, m, a[1].u32)
    }

    func fdFilestatSetSize(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let fd = try hostFD(a[0], Rights.fdFilestatSetSize)
        guard a[1].u64 <= UInt64(Int64.max) else { throw .inval }
        guard ftruncate(fd, off_t(a[1].u64)) == 0 else { throw WASIErrno.last }
    }

    /// The two `timespec`s of `utimensat`/`futimens` for WASI's times and `fstflags`.
    static func times(_ atim: UInt64, _ mtim: UInt64, _ flags: UInt32) throws(WASIErrno) -> [timespec] {
        let f = UInt16(truncatingIfNeeded: flags)
        guard flags <= 0xF, !(f & FSTFlags.atim != 0 && f & FSTFlags.atimNow != 0),
            !(f & FSTFlags.mtim != 0 && f & FSTFlags.mtimNow != 0)
        else { throw .inval }
        func spec(_ t: UInt64, set: Bool, now: Bool) -> timespec {
            if now { return timespec(tv_sec: 0, tv_nsec: Int(UTIME_NOW)) }
            if !set { return timespec(tv_sec: 0, tv_nsec: Int(UTIME_OMIT)) }
            return timespec(tv_sec: Int(t / 1_000_000_000), tv_nsec: Int(t % 1_000_000_000))
        }
        return [
            spec(atim, set: f & FSTFlags.atim != 0, now: f & FSTFlags.atimNow != 0),
            spec(mtim, set: f & FSTFlags.mtim != 0, now: f & FSTFlags.mtimNow != 0)
        ]
    }

    func fdFilestatSetTimes(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let fd = try hostFD(a[0], Rights.fdFilestatSetTimes)
        let t = try Self.times(a[1].u64, a[2].u64, a[3].u32)
        guard futimens(fd, t) == 0 else { throw WASIErrno.last }
    }

    // MARK: Reading and writing

    func fdRead(_ m: GuestMemory, _ a: [Value], positioned: Bool) throws(WASIErrno) {
        let d = try descriptor(a[0], Rights.fdRead | (positioned ? Rights.fdSeek : 0))
        let buffers = try m.iovecs(a[1].u32, a[2].u32)
        let resultPointer = positioned ? a[4].u32 : a[3].u32
        _ = try m.bytes(resultPointer, 4)
        var total = 0
        switch d.backing {
        case .host(let fd):
            if d.type == .directory { throw .isdir }
            var iov = buffers.map { iovec(iov_base: $0.baseAddress, iov_len: $0.count) }
            let n: Int
            if positioned {
                guard a[3].u64 <= UInt64(Int64.max) else { throw .inval }
                n = retrying { preadv(fd, &iov, Int32(iov.count), off_t(a[3].u64)) }
            } else {
                n = retrying { readv(fd, &iov, Int32(iov.count)) }
            }
            guard n >= 0 else { throw WASIErrno.last }
            total = n
        case .input(let bytes, let position):
            if positioned { throw .spipe }
            var pos = position
            for b in buffers where pos < bytes.count {
                let k = min(b.count, bytes.count - pos)
                bytes.withUnsafeBytes { b.baseAddress!.copyMemory(from: $0.baseAddress! + pos, byteCount: k) }
                pos += k
                total += k
            }
            d.backing = .input(bytes, position: pos)
        case .output, .null:
            total = 0
        }
        try m.store(UInt32(total), resultPointer)
    }

    func fdWrite(_ m: GuestMemory, _ a: [Value], positioned: Bool) throws(WASIErrno) {
        let d = try descriptor(a[0], Rights.fdWrite | (positioned ? Rights.fdSeek : 0))
        let buffers = try m.iovecs(a[1].u32, a[2].u32)
        let resultPointer = positioned ? a[4].u32 : a[3].u32
        _ = try m.bytes(resultPointer, 4)
        var total = 0
        switch d.backing {
        case .host(let fd):
            if d.type == .directory { throw .isdir }
            var iov = buffers.map { iovec(iov_base: $0.baseAddress, iov_len: $0.count) }
            let n: Int
            if positioned {
                guard a[3].u64 <= UInt64(Int64.max) else { throw .inval }
                // pwrite on an O_APPEND file appends on Linux; WASI wants the offset honoured, so write it
                // without the flag for the duration.
                let flags = fcntl(fd, F_GETFL)
                if flags >= 0 && flags & O_APPEND != 0 { _ = fcntl(fd, F_SETFL, flags & ~O_APPEND) }
                n = retrying { pwritev(fd, &iov, Int32(iov.count), off_t(a[3].u64)) }
                let e = errno
                if flags >= 0 && flags & O_APPEND != 0 { _ = fcntl(fd, F_SETFL, flags) }
                errno = e
            } else {
                n = retrying { writev(fd, &iov, Int32(iov.count)) }
            }
            guard n >= 0 else { throw WASIErrno.last }
            total = n
        case .output(let out):
            if positioned { throw .spipe }
            for b in buffers {
                out.append(UnsafeRawBufferPointer(b))
                total += b.count
            }
        case .input:
            throw .badf
        case .null:
            total = buffers.reduce(0) { $0 + $1.count }
        }
        try m.store(UInt32(truncatingIfNeeded: total), resultPointer)
    }

    // MARK: Preopens

    func fdPrestatGet(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let d = try descriptor(a[0])
        guard let path = d.preopenPath else { throw .badf }
        try m.store(UInt32(0), a[1].u32)
        try m.store(UInt32(path.count), a[1].u32 + 4)
    }

    func fdPrestatDirName(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let d = try descriptor(a[0])
        guard let path = d.preopenPath else { throw .badf }
        guard a[2].u32 >= UInt32(path.count) else { throw .nametoolong }
        let dst = try m.bytes(a[1].u32, UInt32(path.count))
        path.withUnsafeBytes { dst.copyMemory(from: $0) }
    }

    // MARK: Directories

    func fdReaddir(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let d = try descriptor(a[0], Rights.fdReaddir)
        guard let fd = d.hostFD else { throw .badf }
        let buffer = try m.bytes(a[1].u32, a[2].u32)
        let cookie = a[3].u64
        _ = try m.bytes(a[4].u32, 4)
        // Cookies are positions in the listing (".", ".." and the entries, in the host's order) + 1.
        if cookie == 0 || d.listing == nil { d.listing = try Self.list(fd) }
        let entries = d.listing ?? []
        var used = 0
        var index = Int(min(cookie, UInt64(entries.count)))
        while used < buffer.count && index < entries.count {
            let e = entries[index]
            index += 1
            var header = [UInt8](repeating: 0, count: 24)
            header.withUnsafeMutableBytes { h in
                h.storeBytes(of: UInt64(index).littleEndian, toByteOffset: 0, as: UInt64.self)
                h.storeBytes(of: e.inode.littleEndian, toByteOffset: 8, as: UInt64.self)
                h.storeBytes(of: UInt32(e.name.count).littleEndian, toByteOffset: 16, as: UInt32.self)
                h[20] = e.type.rawValue
            }
            // The last entry may not fit: write what does (a full buffer tells the guest to call again).
            for part in [header, e.name] {
                let k = min(part.count, buffer.count - used)
                part.withUnsafeBytes {
                    buffer.baseAddress!.advanced(by: used).copyMemory(from: $0.baseAddress!, byteCount: k)
                }
                used += k
            }
        }
        try m.store(UInt32(used), a[4].u32)
    }

    /// The entries of directory `fd`, read from the start.
    static func list(_ fd: Int32) throws(WASIErrno) -> [DirectoryEntry] {
        let dirfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirfd >= 0 else { throw errno == ENOTDIR ? .notdir : WASIErrno.last }
        guard let dir = fdopendir(dirfd) else {
            close(dirfd)
            throw WASIErrno.last
        }
        defer { closedir(dir) }
        var entries: [DirectoryEntry] = []
        while let entry = readdir(dir) {
            let e = entry.pointee
            let name: [UInt8] = withUnsafeBytes(of: e.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            entries.append(
                DirectoryEntry(
                    name: name, inode: UInt64(e.d_ino),
                    type: fileType(dirent: e.d_type, in: fd, name: name)))
        }
        return entries
    }

    static func fileType(dirent t: UInt8, in dir: Int32, name: [UInt8]) -> FileType {
        switch Int32(t) {
        case Int32(DT_DIR): return .directory
        case Int32(DT_REG): return .regularFile
        case Int32(DT_LNK): return .symbolicLink
        case Int32(DT_CHR): return .characterDevice
        case Int32(DT_BLK): return .blockDevice
        case Int32(DT_SOCK): return .socketStream
        default:
            var st = stat()
            let r = name.withCString { fstatat(dir, $0, &st, AT_SYMLINK_NOFOLLOW) }
            return r == 0 ? FileType(mode: st.st_mode) : .unknown
        }
    }

    func fdRenumber(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let from = try descriptor(a[0])
        let to = try descriptor(a[1])
        guard from !== to else { return }
        descriptors[a[1].u32] = from
        descriptors[a[0].u32] = nil
        to.close()
    }

    func fdSeek(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let whence = a[2].u32
        let offset = Int64(bitPattern: a[1].u64)
        // Asking for the position (SEEK_CUR by 0) needs only fd_tell.
        let d = try descriptor(a[0], whence == 1 && offset == 0 ? Rights.fdTell : Rights.fdSeek)
        guard let fd = d.hostFD else { throw .spipe }
        if d.type == .directory { throw .badf }
        let w: Int32
        switch whence {
        case 0: w = SEEK_SET
        case 1: w = SEEK_CUR
        case 2: w = SEEK_END
        default: throw .inval
        }
        _ = try m.bytes(a[3].u32, 8)
        let r = lseek(fd, off_t(offset), w)
        guard r >= 0 else { throw WASIErrno.last }
        try m.store(UInt64(r), a[3].u32)
    }

    func fdTell(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let d = try descriptor(a[0], Rights.fdTell)
        guard let fd = d.hostFD else { throw .spipe }
        _ = try m.bytes(a[1].u32, 8)
        let r = lseek(fd, 0, SEEK_CUR)
        guard r >= 0 else { throw WASIErrno.last }
        try m.store(UInt64(r), a[1].u32)
    }
}

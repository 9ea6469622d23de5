import Glibc
import Swasm

extension WASI {
    /// The directory descriptor `fd` (with `rights`) and the guest path at `(pointer, length)`, resolved beneath it.
    func resolve(
        _ fd: Value, _ rights: UInt64, _ m: GuestMemory, _ pointer: Value, _ length: Value,
        follow: Bool = false, writing: Bool = false
    ) throws(WASIErrno) -> (Descriptor, ResolvedPath) {
        let d = try descriptor(fd, rights)
        guard let host = d.hostFD else { throw .badf }
        guard d.type == .directory else { throw .notdir }
        if writing && d.readOnly { throw .rofs }
        let path = try m.string(pointer.u32, length.u32)
        return (d, try PathResolver.resolve(path, beneath: host, followFinal: follow))
    }

    static func check(_ r: Int32) throws(WASIErrno) {
        if r != 0 { throw WASIErrno.last }
    }

    func pathOpen(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let oflags = UInt16(truncatingIfNeeded: a[4].u32)
        let fdflags = UInt16(truncatingIfNeeded: a[7].u32)
        let requested = a[5].u64
        let inheriting = a[6].u64
        let writes = requested & (Rights.fdWrite | Rights.fdDatasync | Rights.fdAllocate | Rights.fdFilestatSetSize)
        let reads = requested & (Rights.fdRead | Rights.fdReaddir)
        var needed = Rights.pathOpen
        if oflags & OFlags.creat != 0 { needed |= Rights.pathCreateFile }
        if oflags & OFlags.trunc != 0 { needed |= Rights.pathFilestatSetSize }
        // A directory cannot be opened for writing.
        if oflags & OFlags.directory != 0 && requested & Rights.fdWrite != 0 { throw .isdir }
        let creates = oflags & (OFlags.creat | OFlags.trunc) != 0 || writes != 0
        _ = try m.bytes(a[8].u32, 4)
        let (dir, path) = try resolve(a[0], needed, m, a[2], a[3], follow: a[1].u32 & 1 != 0, writing: creates)
        var flags = O_CLOEXEC | O_NOFOLLOW
        if oflags & OFlags.creat != 0 { flags |= O_CREAT }
        if oflags & OFlags.excl != 0 { flags |= O_EXCL }
        if oflags & OFlags.trunc != 0 { flags |= O_TRUNC }
        if oflags & OFlags.directory != 0 { flags |= O_DIRECTORY }
        if fdflags & FDFlags.append != 0 { flags |= O_APPEND }
        if fdflags & FDFlags.nonblock != 0 { flags |= O_NONBLOCK }
        if fdflags & FDFlags.sync != 0 { flags |= O_SYNC }
        if fdflags & FDFlags.dsync != 0 { flags |= O_DSYNC }
        if fdflags & FDFlags.rsync != 0 { flags |= O_RSYNC }
        let access: Int32
        if oflags & OFlags.directory != 0 {
            access = O_RDONLY
        } else if writes != 0 || oflags & OFlags.trunc != 0 {
            access = reads != 0 ? O_RDWR : O_WRONLY
        } else {
            access = O_RDONLY
        }
        var fd = path.withName { openat(path.directory, $0, flags | access, 0o666) }
        if fd < 0 && errno == EACCES && reads == 0 && writes == 0 && flags & O_CREAT == 0 {
            // Opened for neither reading nor writing (e.g. to stat it): a path-only fd needs no permission.
            fd = path.withName { openat(path.directory, $0, (flags & ~O_TRUNC) | O_PATH) }
        }
        guard fd >= 0 else {
            // openat with O_NOFOLLOW on a symbolic link: ELOOP, or ENOTDIR with O_DIRECTORY.
            throw WASIErrno.last
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = WASIErrno.last
            close(fd)
            throw e
        }
        let type = FileType(mode: st.st_mode)
        let kindRights = type == .directory ? Rights.directory : Rights.file
        let descriptor = Descriptor(
            backing: .host(fd), type: type, rightsBase: requested & kindRights & dir.rightsInheriting,
            rightsInheriting: inheriting & dir.rightsInheriting, readOnly: dir.readOnly)
        let number = try allocate(descriptor)
        try m.store(number, a[8].u32)
    }

    func pathCreateDirectory(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let (_, path) = try resolve(a[0], Rights.pathCreateDirectory, m, a[1], a[2], writing: true)
        try Self.check(path.withName { mkdirat(path.directory, $0, 0o777) })
    }

    func pathFilestatGet(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let (_, path) = try resolve(a[0], Rights.pathFilestatGet, m, a[2], a[3], follow: a[1].u32 & 1 != 0)
        var st = stat()
        try Self.check(path.withName { fstatat(path.directory, $0, &st, AT_SYMLINK_NOFOLLOW) })
        try writeFilestat(st, m, a[4].u32)
    }

    func pathFilestatSetTimes(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let times = try Self.times(a[4].u64, a[5].u64, a[6].u32)
        let (_, path) = try resolve(
            a[0], Rights.pathFilestatSetTimes, m, a[2], a[3], follow: a[1].u32 & 1 != 0, writing: true)
        try Self.check(path.withName { utimensat(path.directory, $0, times, AT_SYMLINK_NOFOLLOW) })
    }

    func pathLink(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let (_, old) = try resolve(a[0], Rights.pathLinkSource, m, a[2], a[3], follow: a[1].u32 & 1 != 0)
        let (_, new) = try resolve(a[4], Rights.pathLinkTarget, m, a[5], a[6], writing: true)
        try Self.check(old.withName { o in new.withName { n in linkat(old.directory, o, new.directory, n, 0) } })
    }

    func pathReadlink(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let (_, path) = try resolve(a[0], Rights.pathReadlink, m, a[1], a[2])
        let buffer = try m.bytes(a[3].u32, a[4].u32)
        _ = try m.bytes(a[5].u32, 4)
        var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = path.withName { readlinkat(path.directory, $0, &target, target.count) }
        guard n >= 0 else { throw WASIErrno.last }
        let k = min(n, buffer.count)
        target.withUnsafeBytes { buffer.baseAddress?.copyMemory(from: $0.baseAddress!, byteCount: k) }
        try m.store(UInt32(k), a[5].u32)
    }

    func pathRemoveDirectory(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let (_, path) = try resolve(a[0], Rights.pathRemoveDirectory, m, a[1], a[2], writing: true)
        try Self.check(path.withName { unlinkat(path.directory, $0, AT_REMOVEDIR) })
    }

    func pathRename(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let (_, old) = try resolve(a[0], Rights.pathRenameSource, m, a[1], a[2], writing: true)
        let (_, new) = try resolve(a[3], Rights.pathRenameTarget, m, a[4], a[5], writing: true)
        try Self.check(old.withName { o in new.withName { n in renameat(old.directory, o, new.directory, n) } })
    }

    func pathSymlink(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let target = try m.string(a[0].u32, a[1].u32)
        guard !target.contains(0) else { throw .ilseq }
        // A link that points at an absolute path could never be followed beneath the preopen: refuse it.
        guard target.first != UInt8(ascii: "/") else { throw .perm }
        let (_, path) = try resolve(a[2], Rights.pathSymlink, m, a[3], a[4], writing: true)
        try Self.check(target.withCString { t in path.withName { symlinkat(t, path.directory, $0) } })
    }

    func pathUnlinkFile(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        let (_, path) = try resolve(a[0], Rights.pathUnlinkFile, m, a[1], a[2], writing: true)
        try Self.check(path.withName { unlinkat(path.directory, $0, 0) })
    }
}

import Glibc

/// One open WASI file descriptor.
final class Descriptor {
    enum Backing {
        /// A host file descriptor (a file, a directory, a socket, an inherited stream).
        case host(Int32)
        /// In-memory standard input: the bytes and how far the guest has read.
        case input([UInt8], position: Int)
        /// In-memory output (stdout/stderr).
        case output(OutputBuffer)
        /// Reads see end of file, writes vanish.
        case null
    }

    var backing: Backing
    var type: FileType
    var rightsBase: UInt64
    var rightsInheriting: UInt64
    /// For preopened directories: the guest path (`fd_prestat_dir_name`).
    let preopenPath: [UInt8]?
    /// Beneath a read-only preopen: nothing may be created, written, renamed or removed.
    let readOnly: Bool
    /// Whether closing the descriptor closes the host fd (not for inherited or caller-provided streams).
    let ownsHostFD: Bool
    /// A directory's listing, taken when `fd_readdir` starts over (cookie 0) and read on from the cookie after
    /// that, so listing a large directory in small buffers stays linear.
    var listing: [DirectoryEntry]?

    init(
        backing: Backing, type: FileType, rightsBase: UInt64, rightsInheriting: UInt64, preopenPath: [UInt8]? = nil,
        readOnly: Bool = false, ownsHostFD: Bool = true
    ) {
        self.backing = backing
        self.type = type
        self.rightsBase = rightsBase
        self.rightsInheriting = rightsInheriting
        self.preopenPath = preopenPath
        self.readOnly = readOnly
        self.ownsHostFD = ownsHostFD
    }

    /// The host fd, or EBADF for in-memory streams.
    var hostFD: Int32? {
        if case .host(let fd) = backing { return fd }
        return nil
    }

    func close() {
        if case .host(let fd) = backing, ownsHostFD { _ = Glibc.close(fd) }
        backing = .null
    }

    deinit { close() }
}

/// One entry of a directory listing (`fd_readdir`).
struct DirectoryEntry {
    var name: [UInt8]
    var inode: UInt64
    var type: FileType
}

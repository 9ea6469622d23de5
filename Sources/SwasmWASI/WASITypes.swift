import Glibc

// Numbering and layouts of wasi_snapshot_preview1 (witx: typenames.witx).

enum FileType: UInt8 {
    case unknown = 0
    case blockDevice = 1
    case characterDevice = 2
    case directory = 3
    case regularFile = 4
    case socketDgram = 5
    case socketStream = 6
    case symbolicLink = 7

    /// The type of a host `st_mode`.
    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFBLK: self = .blockDevice
        case S_IFCHR: self = .characterDevice
        case S_IFDIR: self = .directory
        case S_IFREG: self = .regularFile
        case S_IFSOCK: self = .socketStream
        case S_IFLNK: self = .symbolicLink
        default: self = .unknown
        }
    }
}

enum FDFlags {
    static let append: UInt16 = 1
    static let dsync: UInt16 = 2
    static let nonblock: UInt16 = 4
    static let rsync: UInt16 = 8
    static let sync: UInt16 = 16
}

enum OFlags {
    static let creat: UInt16 = 1
    static let directory: UInt16 = 2
    static let excl: UInt16 = 4
    static let trunc: UInt16 = 8
}

enum FSTFlags {
    static let atim: UInt16 = 1
    static let atimNow: UInt16 = 2
    static let mtim: UInt16 = 4
    static let mtimNow: UInt16 = 8
}

/// `rights` bits.
enum Rights {
    static let fdDatasync: UInt64 = 1 << 0
    static let fdRead: UInt64 = 1 << 1
    static let fdSeek: UInt64 = 1 << 2
    static let fdFdstatSetFlags: UInt64 = 1 << 3
    static let fdSync: UInt64 = 1 << 4
    static let fdTell: UInt64 = 1 << 5
    static let fdWrite: UInt64 = 1 << 6
    static let fdAdvise: UInt64 = 1 << 7
    static let fdAllocate: UInt64 = 1 << 8
    static let pathCreateDirectory: UInt64 = 1 << 9
    static let pathCreateFile: UInt64 = 1 << 10
    static let pathLinkSource: UInt64 = 1 << 11
    static let pathLinkTarget: UInt64 = 1 << 12
    static let pathOpen: UInt64 = 1 << 13
    static let fdReaddir: UInt64 = 1 << 14
    static let pathReadlink: UInt64 = 1 << 15
    static let pathRenameSource: UInt64 = 1 << 16
    static let pathRenameTarget: UInt64 = 1 << 17
    static let pathFilestatGet: UInt64 = 1 << 18
    static let pathFilestatSetSize: UInt64 = 1 << 19
    static let pathFilestatSetTimes: UInt64 = 1 << 20
    static let fdFilestatGet: UInt64 = 1 << 21
    static let fdFilestatSetSize: UInt64 = 1 << 22
    static let fdFilestatSetTimes: UInt64 = 1 << 23
    static let pathSymlink: UInt64 = 1 << 24
    static let pathRemoveDirectory: UInt64 = 1 << 25
    static let pathUnlinkFile: UInt64 = 1 << 26
    static let pollFdReadwrite: UInt64 = 1 << 27
    static let sockShutdown: UInt64 = 1 << 28
    static let sockAccept: UInt64 = 1 << 29
    static let all: UInt64 = (1 << 30) - 1

    /// What a regular file can do.
    static let file: UInt64 =
        fdDatasync | fdRead | fdSeek | fdFdstatSetFlags | fdSync | fdTell | fdWrite | fdAdvise | fdAllocate
        | fdFilestatGet | fdFilestatSetSize | fdFilestatSetTimes | pollFdReadwrite
    /// What a directory can do (and pass on to what is opened beneath it: `directory | file`).
    static let directory: UInt64 =
        fdFdstatSetFlags | fdSync | pathCreateDirectory | pathCreateFile | pathLinkSource | pathLinkTarget
        | pathOpen | fdReaddir | pathReadlink | pathRenameSource | pathRenameTarget | pathFilestatGet
        | pathFilestatSetSize | pathFilestatSetTimes | fdFilestatGet | fdFilestatSetTimes | pathSymlink
        | pathRemoveDirectory | pathUnlinkFile
    /// Rights that change something (refused beneath a read-only preopen).
    static let writing: UInt64 =
        fdDatasync | fdWrite | fdAllocate | fdFilestatSetSize | fdFilestatSetTimes | pathCreateDirectory
        | pathCreateFile | pathLinkSource | pathLinkTarget | pathRenameSource | pathRenameTarget
        | pathFilestatSetSize | pathFilestatSetTimes | pathSymlink | pathRemoveDirectory | pathUnlinkFile
    /// Standard streams. Seeking is allowed: on a pipe or terminal the host says ESPIPE, as programs expect.
    static let stdio: UInt64 = fdRead | fdWrite | fdSeek | fdTell | fdFdstatSetFlags | fdFilestatGet | pollFdReadwrite
}

import Glibc
import Swasm
import Synchronization

/// The guest called `proc_exit`: the wasm call ends with this error, carrying the exit code.
public struct WASIExit: Error, Sendable, Equatable, CustomStringConvertible {
    /// The guest's exit code.
    public let code: UInt32
    public init(code: UInt32) { self.code = code }
    public var description: String { "the guest exited with code \(code)" }
}

/// A WASI preview1 host (`wasi_snapshot_preview1`) for one program: its file descriptors, arguments,
/// environment, clocks and randomness.
///
/// ```swift
/// let wasi = try WASI(configuration: WASIConfiguration(arguments: ["hello.wasm"]))
/// let linker = Linker(engine: engine)
/// wasi.define(in: linker)
/// let instance = try linker.instantiate(module)
/// let code = try wasi.run(instance)   // calls _start; the guest's exit code
/// ```
///
/// Every guest pointer and length is checked against the guest's memory (EFAULT otherwise), and every path is
/// resolved beneath a preopened directory (see `PathResolver`): the guest reaches nothing else of the host.
/// Use one `WASI` per instance. It is `Sendable` (its functions are defined in a `Sendable` `Linker`): every WASI
/// call runs with its lock held, so calls from several threads are serialized, not interleaved.
public final class WASI: @unchecked Sendable {
    // `@unchecked`: the mutable state (`descriptors`, and what the descriptors and output buffers hold) is set up
    // in `init` and then only touched by the WASI functions, which run with `lock` held (`call`); everything else
    // is immutable.
    public let configuration: WASIConfiguration
    var descriptors: [UInt32: Descriptor] = [:]
    let lock = Mutex(())
    let argumentBytes: [[UInt8]]
    let environmentBytes: [[UInt8]]

    /// The WASI module name programs import from.
    public static let moduleName = "wasi_snapshot_preview1"

    /// Opens the preopened directories and sets up the standard streams.
    /// - Throws: `WASISetupError` if a preopen cannot be opened.
    public init(configuration: WASIConfiguration) throws {
        self.configuration = configuration
        argumentBytes = configuration.arguments.map { Array($0.utf8) + [0] }
        environmentBytes = configuration.environment.map { Array("\($0.0)=\($0.1)".utf8) + [0] }
        for (fd, stdio) in [configuration.stdin, configuration.stdout, configuration.stderr].enumerated() {
            descriptors[UInt32(fd)] = Self.stdioDescriptor(stdio, hostFD: Int32(fd), isInput: fd == 0)
        }
        var next: UInt32 = 3
        for p in configuration.preopens {
            let fd = open(p.hostPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else {
                throw WASISetupError(
                    message: "cannot open the directory '\(p.hostPath)': \(String(cString: strerror(errno)))")
            }
            let rights = p.readOnly ? Rights.directory & ~Rights.writing : Rights.directory
            let inheriting =
                p.readOnly ? (Rights.directory | Rights.file) & ~Rights.writing : Rights.directory | Rights.file
            descriptors[next] = Descriptor(
                backing: .host(fd), type: .directory, rightsBase: rights, rightsInheriting: inheriting,
                preopenPath: Array(p.guestPath.utf8), readOnly: p.readOnly)
            next += 1
        }
        for fd in configuration.sockets {
            var type: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 else {
                throw WASISetupError(message: "file descriptor \(fd) is not a socket")
            }
            let rights =
                Rights.sockAccept | Rights.fdRead | Rights.fdWrite | Rights.pollFdReadwrite | Rights.sockShutdown
                | Rights.fdFdstatSetFlags | Rights.fdFilestatGet
            descriptors[next] = Descriptor(
                backing: .host(fd), type: type == Int32(SOCK_DGRAM.rawValue) ? .socketDgram : .socketStream,
                rightsBase: rights, rightsInheriting: rights, ownsHostFD: false)
            next += 1
        }
    }

    static func stdioDescriptor(_ stdio: WASIConfiguration.Stdio, hostFD: Int32, isInput: Bool) -> Descriptor {
        let rights = Rights.stdio
        switch stdio {
        case .inherit, .fileDescriptor:
            var fd = hostFD
            if case .fileDescriptor(let given) = stdio { fd = given }
            var st = stat()
            let type: FileType = fstat(fd, &st) == 0 ? FileType(mode: st.st_mode) : .unknown
            return Descriptor(
                backing: .host(fd), type: type, rightsBase: rights, rightsInheriting: 0, ownsHostFD: false)
        case .bytes(let b):
            return Descriptor(
                backing: .input(b, position: 0), type: .characterDevice, rightsBase: rights,
                rightsInheriting: 0)
        case .buffer(let out):
            return Descriptor(backing: .output(out), type: .characterDevice, rightsBase: rights, rightsInheriting: 0)
        case .null:
            return Descriptor(backing: .null, type: .characterDevice, rightsBase: rights, rightsInheriting: 0)
        }
    }

    /// Defines every `wasi_snapshot_preview1` function in `linker`.
    public func define(in linker: Linker) {
        for (name, params, body) in functions {
            linker.define(Self.moduleName, name, parameters: params, results: [.i32]) { caller, args in
                let result: WASIErrno
                if let memory = caller.memory {
                    result = memory.withUnsafeMutableBytes { raw in self.call(body, GuestMemory(raw: raw), args) }
                } else {
                    result = self.call(
                        body, GuestMemory(raw: UnsafeMutableRawBufferPointer(start: nil, count: 0)), args)
                }
                return [.i32(Int32(result.rawValue))]
            }
        }
        linker.define(Self.moduleName, "proc_exit", parameters: [.i32], results: []) { _, args in
            throw WASIExit(code: args[0].u32)
        }
    }

    func call(_ body: Body, _ memory: GuestMemory, _ args: [Value]) -> WASIErrno {
        lock.withLock { _ in
            do {
                try body(self, memory, args)
                return .success
            } catch let e as WASIErrno {
                return e
            } catch {
                return .io
            }
        }
    }

    /// Runs a command (`_start`) or initializes a reactor (`_initialize`) of `instance`.
    /// - Returns: the exit code (0 when `_start` returns without calling `proc_exit`).
    /// - Throws: `Trap` if the guest traps, `ExportError` if it has neither export.
    public func run(_ instance: Instance) throws -> UInt32 {
        let name = instance.export("_start") != nil ? "_start" : "_initialize"
        do {
            try instance.call(name)
        } catch let exit as WASIExit {
            return exit.code
        }
        return 0
    }

    typealias Body = @Sendable (WASI, GuestMemory, [Value]) throws -> Void

    /// The descriptor `fd` with at least the rights `rights`.
    func descriptor(_ fd: Value, _ rights: UInt64 = 0) throws(WASIErrno) -> Descriptor {
        guard let d = descriptors[fd.u32] else { throw .badf }
        guard d.rightsBase & rights == rights else { throw .notcapable }
        return d
    }

    /// The host fd of descriptor `fd` with `rights`.
    func hostFD(_ fd: Value, _ rights: UInt64 = 0) throws(WASIErrno) -> Int32 {
        guard let h = try descriptor(fd, rights).hostFD else { throw .badf }
        return h
    }

    /// The lowest free descriptor number.
    func allocate(_ d: Descriptor) throws(WASIErrno) -> UInt32 {
        var fd: UInt32 = 3
        while descriptors[fd] != nil {
            guard fd < UInt32(Int32.max) else { throw .mfile }
            fd += 1
        }
        descriptors[fd] = d
        return fd
    }
}

/// A preopened directory or stream could not be set up.
public struct WASISetupError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension Value {
    /// The i32 argument as unsigned (pointers, lengths, fds).
    var u32: UInt32 {
        if case .i32(let v) = self { return UInt32(bitPattern: v) }
        return 0
    }
    /// The i64 argument as unsigned.
    var u64: UInt64 {
        if case .i64(let v) = self { return UInt64(bitPattern: v) }
        return 0
    }
}

/// Linux open flags the Glibc module does not export.
let O_PATH: Int32 = 0o10000000
let UTIME_NOW = (1 << 30) - 1
let UTIME_OMIT = (1 << 30) - 2

/// Retries a host call interrupted by a signal.
@inline(__always)
func retrying<T: BinaryInteger>(_ body: () -> T) -> T {
    while true {
        let r = body()
        if r < 0 && errno == EINTR { continue }
        return r
    }
}

import Glibc

/// What a WASI program sees of the world: its arguments and environment, the directories it may use, its
/// standard streams, and where its time and randomness come from.
///
/// ```swift
/// var config = WASIConfiguration(arguments: ["prog.wasm", "--verbose"])
/// config.environment = [("HOME", "/")]
/// config.preopens = [.init(hostPath: "./data", guestPath: "/data")]
/// config.stdout = .buffer(OutputBuffer())
/// ```
public struct WASIConfiguration {
    /// `argv`, the program name first.
    public var arguments: [String]
    /// The environment, in order (the host's is not passed on unless you copy it here).
    public var environment: [(String, String)]
    /// Directories the guest may use, each under a guest path. The guest reaches nothing outside them.
    public var preopens: [Preopen]
    /// Host sockets (listening or connected; not closed by WASI) the guest may use through `sock_accept`,
    /// `sock_recv`, `sock_send` and `sock_shutdown`: descriptors after the preopened directories, in order.
    public var sockets: [Int32] = []
    /// Standard input, output and error.
    public var stdin: Stdio = .inherit
    public var stdout: Stdio = .inherit
    public var stderr: Stdio = .inherit
    /// Where `clock_time_get` and `clock_res_get` read time; `.system` by default.
    public var clock: WASIClock = .system
    /// Where `random_get` takes bytes; `.system` (the kernel's getrandom) by default.
    public var random: WASIRandom = .system

    /// Creates a configuration; everything not given is empty, inherited or the system's.
    public init(arguments: [String] = [], environment: [(String, String)] = [], preopens: [Preopen] = []) {
        self.arguments = arguments
        self.environment = environment
        self.preopens = preopens
    }

    /// A deterministic configuration: a clock that starts at `time` nanoseconds and advances by `step` on every
    /// read, and randomness from a seeded generator. With the same inputs, a run is bit-for-bit reproducible.
    public static func deterministic(
        arguments: [String] = [], seed: UInt64 = 0, time: UInt64 = 0,
        step: UInt64 = 1_000
    ) -> WASIConfiguration {
        var c = WASIConfiguration(arguments: arguments)
        c.clock = .fixed(start: time, step: step)
        c.random = .seeded(seed)
        return c
    }

    /// A host directory the guest may use.
    public struct Preopen {
        /// The directory on the host.
        public var hostPath: String
        /// Where the guest sees it, e.g. "/" or "/data" (WASI libc resolves relative paths against preopens).
        public var guestPath: String
        /// Refuse writes: nothing can be created, written, renamed or removed beneath it.
        public var readOnly: Bool

        public init(hostPath: String, guestPath: String, readOnly: Bool = false) {
            self.hostPath = hostPath
            self.guestPath = guestPath
            self.readOnly = readOnly
        }
    }

    /// A standard stream.
    public enum Stdio {
        /// The host process's own stream (fd 0, 1 or 2).
        case inherit
        /// A host file descriptor (not closed by WASI).
        case fileDescriptor(Int32)
        /// For stdin: these bytes, then end of file. For stdout/stderr: use `.buffer`.
        case bytes([UInt8])
        /// For stdout/stderr: an in-memory buffer that collects what the guest writes.
        case buffer(OutputBuffer)
        /// Nothing: reads see end of file, writes are discarded.
        case null
    }
}

/// Collects what a guest writes to a stream.
public final class OutputBuffer: @unchecked Sendable {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []
    public init() {}
    /// What was written, as UTF-8 text (invalid sequences replaced).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    func append(_ p: UnsafeRawBufferPointer) { bytes.append(contentsOf: p) }
}

/// A source of time for `clock_time_get` (nanoseconds).
public struct WASIClock: Sendable {
    /// Reads clock `id` (0 realtime, 1 monotonic, 2 process CPU time, 3 thread CPU time).
    public var now: @Sendable (_ id: UInt32) -> UInt64?
    /// The resolution of clock `id` in nanoseconds.
    public var resolution: @Sendable (_ id: UInt32) -> UInt64?

    public init(now: @escaping @Sendable (UInt32) -> UInt64?, resolution: @escaping @Sendable (UInt32) -> UInt64?) {
        self.now = now
        self.resolution = resolution
    }

    static func hostClock(_ id: UInt32) -> clockid_t? {
        switch id {
        case 0: CLOCK_REALTIME
        case 1: CLOCK_MONOTONIC
        case 2: CLOCK_PROCESS_CPUTIME_ID
        case 3: CLOCK_THREAD_CPUTIME_ID
        default: nil
        }
    }

    /// The host's clocks.
    public static let system = WASIClock(
        now: { id in
            guard let c = hostClock(id) else { return nil }
            var ts = timespec()
            guard clock_gettime(c, &ts) == 0 else { return nil }
            return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
        },
        resolution: { id in
            guard let c = hostClock(id) else { return nil }
            var ts = timespec()
            guard clock_getres(c, &ts) == 0 else { return nil }
            return max(1, UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec))
        })

    /// Every clock starts at `start` and advances by `step` on each read: reproducible runs.
    public static func fixed(start: UInt64, step: UInt64) -> WASIClock {
        final class Counter: @unchecked Sendable { var t: UInt64 = 0 }
        let counter = Counter()
        counter.t = start
        return WASIClock(
            now: { id in
                guard id <= 3 else { return nil }
                defer { counter.t &+= step }
                return counter.t
            },
            resolution: { id in id <= 3 ? max(step, 1) : nil })
    }
}

/// A source of bytes for `random_get`.
public struct WASIRandom: Sendable {
    /// Fills the buffer.
    public var fill: @Sendable (UnsafeMutableRawBufferPointer) -> Void

    public init(fill: @escaping @Sendable (UnsafeMutableRawBufferPointer) -> Void) { self.fill = fill }

    /// The kernel's random bytes (`getentropy`, 256 bytes at a time).
    public static let system = WASIRandom { buffer in
        var done = 0
        while done < buffer.count {
            let k = min(256, buffer.count - done)
            if getentropy(buffer.baseAddress! + done, k) == 0 { done += k } else if errno != EINTR { break }
        }
    }

    /// A deterministic generator (SplitMix64) seeded with `seed`.
    public static func seeded(_ seed: UInt64) -> WASIRandom {
        final class State: @unchecked Sendable { var s: UInt64 = 0 }
        let state = State()
        state.s = seed
        return WASIRandom { buffer in
            for i in 0..<buffer.count {
                if i % 8 == 0 { state.s &+= 0x9E37_79B9_7F4A_7C15 }
                var z = state.s
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                buffer[i] = UInt8(truncatingIfNeeded: z >> (8 * UInt64(i % 8)))
            }
        }
    }
}

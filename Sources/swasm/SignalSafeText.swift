// A preallocated text a signal handler can write: set from normal code, written with write(2) from the handler
// (which must not allocate). Used by CrashReporter and Watchdog.

#if canImport(Glibc)
    import Glibc
#endif

struct SignalSafeText {
    let capacity: Int
    let buffer: UnsafeMutablePointer<CChar>
    private(set) var length = 0

    init(capacity: Int = 1024) {
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
        buffer.initialize(repeating: 0, count: capacity)
    }

    /// Copies `s` (truncated to fit).
    mutating func set(_ s: String) {
        var n = 0
        for b in s.utf8 where n < capacity - 1 {
            buffer[n] = CChar(bitPattern: b)
            n += 1
        }
        length = n
    }

    /// Writes the text to `fd` (async-signal-safe).
    func write(to fd: Int32) { _ = Glibc.write(fd, buffer, length) }
}

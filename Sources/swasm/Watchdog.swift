// A per-command time limit for `swasm spectest` and `swasm difftest-exec`: a miscompiled loop must not hang a run.
// SIGALRM cannot unwind JIT code, so on expiry the handler writes a preformatted message and exits.

#if canImport(Glibc)
    import Glibc
#endif

enum Watchdog {
    /// The message written on expiry (preallocated: the handler must not allocate).
    nonisolated(unsafe) private static var message = SignalSafeText()
    nonisolated(unsafe) private static var fd: Int32 = 2
    nonisolated(unsafe) private static var installed = false
    /// Seconds one command may take (0 = no limit).
    nonisolated(unsafe) static var seconds: UInt32 = 20

    /// Exit status on expiry (distinct from 1 = failures, 2 = usage).
    static let exitStatus: Int32 = 3

    /// Starts (or restarts) the clock for a `swasm spectest` command described by `context`.
    static func arm(_ context: String) {
        arm(message: "\nswasm spectest: TIMEOUT: no result after \(seconds) s: \(context)\n", fd: 2)
    }

    /// Starts (or restarts) the clock; on expiry `message` is written to `fd` and the process exits.
    static func arm(message: String, fd: Int32) {
        guard seconds > 0 else { return }
        if !installed {
            installed = true
            _ = Watchdog.message
            signal(SIGALRM) { _ in
                Watchdog.message.write(to: Watchdog.fd)
                _exit(Watchdog.exitStatus)
            }
        }
        Watchdog.message.set(message)
        Watchdog.fd = fd
        alarm(seconds)
    }

    static func disarm() {
        if installed { alarm(0) }
    }
}

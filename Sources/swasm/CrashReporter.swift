// Names the input being processed if the process dies on a signal (a trap in the decoder, say),
// so a crash in the middle of a spec-test run points at the module that caused it.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

enum CrashReporter {
    /// The context line, written before each risky step and read by the signal handler.
    nonisolated(unsafe) private static var context = SignalSafeText()

    /// Sets the context line printed if the process crashes ("" clears it).
    static func setContext(_ s: String) {
        context.set(s.isEmpty ? "" : s + "\n")
    }

    static func install() {
        _ = context
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
            signal(sig) { sig in
                if CrashReporter.context.length > 0 {
                    "swasm: crashed while processing: ".withCString { _ = write(2, $0, strlen($0)) }
                    CrashReporter.context.write(to: 2)
                }
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }
}

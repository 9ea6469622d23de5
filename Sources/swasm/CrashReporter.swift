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
    private static let capacity = 1024
    /// A fixed buffer written before each risky step and read by the signal handler
    /// (which must not allocate).
    nonisolated(unsafe) private static let buffer: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        p.initialize(repeating: 0, count: capacity)
        return p
    }()
    nonisolated(unsafe) private static var length = 0

    /// Sets the context line printed if the process crashes ("" clears it).
    static func setContext(_ s: String) {
        var n = 0
        for b in s.utf8 where n < capacity - 2 {
            buffer[n] = CChar(bitPattern: b)
            n += 1
        }
        buffer[n] = 10  // newline
        length = s.isEmpty ? 0 : n + 1
    }

    static func install() {
        _ = buffer
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
            signal(sig) { sig in
                if CrashReporter.length > 0 {
                    "swasm: crashed while processing: ".withCString { _ = write(2, $0, strlen($0)) }
                    _ = write(2, CrashReporter.buffer, CrashReporter.length)
                }
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }
}

import Foundation

/// SplitMix64: a small, seeded, deterministic PRNG so failures reproduce. Shared by the assembler tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    init(state: UInt64) { self.state = state }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func range(_ lo: Int64, _ hi: Int64) -> Int64 { lo + Int64(next() % UInt64(hi - lo + 1)) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
}

/// Locate an executable on PATH or in the usual places (also versioned LLVM names like llvm-objdump-14).
func findTool(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    var candidates = [name]
    for v in (11...20).reversed() { candidates.append("\(name)-\(v)") }
    for c in candidates {
        for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin", "/opt/swift/usr/bin"] {
            let p = "\(dir)/\(c)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
    }
    return nil
}

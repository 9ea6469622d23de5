import Glibc
import SwasmABI

/// The CPU features of this machine that artifacts may require (`ArtifactFlags.cpuFeatures`).
public enum HostCPU {
    /// Read once. x86-64: from the kernel's `flags` line of /proc/cpuinfo (the runtime emits no code of its own
    /// to run `cpuid`); a machine where it cannot be read is assumed to have only the baseline.
    public static let features: ArtifactFlags = {
        #if arch(x86_64)
            guard let flags = cpuinfoFlags() else { return [] }
            var f: ArtifactFlags = []
            if flags.contains("sse4_1") { f.insert(.x86SSE41) }
            if flags.contains("sse4_2") { f.insert(.x86SSE42) }
            if flags.contains("avx") { f.insert(.x86AVX) }
            if flags.contains("popcnt") { f.insert(.x86POPCNT) }
            if flags.contains("abm") || flags.contains("lzcnt") { f.insert(.x86LZCNT) }
            if flags.contains("bmi1") { f.insert(.x86BMI1) }
            return f
        #else
            return []
        #endif
    }()

    /// The words of the first `flags` line of /proc/cpuinfo.
    static func cpuinfoFlags() -> Set<String>? {
        guard let file = fopen("/proc/cpuinfo", "r") else { return nil }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            guard let line else { break }
            let s = String(cString: line)
            guard s.hasPrefix("flags") else { continue }
            guard let colon = s.firstIndex(of: ":") else { return nil }
            return Set(s[s.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        }
        return nil
    }
}

import Glibc
import SwasmABI
import SwasmRuntime

/// The on-disk module cache of an engine (`Engine(_:cacheDirectory:)`): ahead-of-time artifacts keyed by a hash of
/// the module's bytes, of everything in the engine's configuration that changes the generated code, and of the
/// swasm version and architecture.
///
/// An entry is a file `<key>.swasm-cache` in the directory: the artifact, then a 32-byte trailer (magic, the two
/// 64-bit halves of the key, the module's length). An entry is used only if its trailer names the same key and
/// length and the artifact loader accepts it (checksum, and every index, offset and type validated) with the flags
/// the engine would compile with. Anything else — missing, truncated, corrupt, stale — is ignored and the module
/// is compiled and written again. Writes go to a temporary file that is renamed into place, so a reader sees a
/// whole entry or none, also with several processes sharing the directory.
struct ModuleCache: Sendable {
    let directory: String

    static let trailerMagic: [UInt8] = Array("SWCACHE1".utf8)
    static let trailerSize = 32
    static let suffix = ".swasm-cache"

    /// A cache key: 128 bits over the module's bytes and the engine's code-generation settings.
    struct Key: Equatable {
        var low: UInt64
        var high: UInt64
        var moduleLength: UInt64

        var fileName: String { hex(high) + hex(low) + ModuleCache.suffix }
    }

    /// The key of `bytes` compiled by `engine`.
    static func key(of bytes: some Collection<UInt8>, engine: Engine) -> Key {
        let settings = fingerprint(engine)
        let s0 = settings.withUnsafeBytes { ArtifactFormat.checksum64($0, seed: 0) }
        let s1 = settings.withUnsafeBytes { ArtifactFormat.checksum64($0, seed: 0x9e37_79b9_7f4a_7c15) }
        func key(_ raw: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
            (ArtifactFormat.checksum64(raw, seed: s0), ArtifactFormat.checksum64(raw, seed: s1))
        }
        let hashed = bytes.withContiguousStorageIfAvailable { key(UnsafeRawBufferPointer($0)) }
        let (low, high) = hashed ?? Array(bytes).withUnsafeBytes(key)
        return Key(low: low, high: high, moduleLength: UInt64(bytes.count))
    }

    /// Everything that changes the code the engine generates, as bytes: the swasm version, the artifact format
    /// version, the architecture, bounds checking, the cost model (every field), deterministic NaNs, the CPU
    /// features (as resolved on this machine), the register-homes knob and interruptibility.
    static func fingerprint(_ engine: Engine) -> [UInt8] {
        let c = engine.configuration
        var out = Array("swasm \(Engine.version) format \(ArtifactFormat.version) \(Architecture.host)\0".utf8)
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        u64(c.boundsChecking == .explicit ? 1 : 0)
        if let m = c.metering {
            u64(1)
            u64(UInt64(m.operatorCosts.count))
            for cost in m.operatorCosts { u64(UInt64(cost)) }
            u64(m.memoryGrowPerPage)
            u64(m.memoryBytesPerUnit)
            u64(m.tableElementCost)
            u64(m.hostCallCost)
        } else {
            u64(0)
        }
        u64(c.canonicalizeNaNs ? 1 : 0)
        u64(UInt64(c.cpuFeatures.flags.rawValue))
        u64(c.registerHomes ? 1 : 0)
        u64(c.interruptible ? 1 : 0)
        return out
    }

    func path(_ key: Key) -> String { directory + "/" + key.fileName }

    /// The artifact stored under `key`, if the entry exists and its trailer matches; nil otherwise (the caller
    /// still validates the artifact itself).
    func lookup(_ key: Key) -> [UInt8]? {
        guard var bytes = try? readFile(path(key)), bytes.count > ModuleCache.trailerSize else { return nil }
        let t = bytes.count - ModuleCache.trailerSize
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            for i in 0..<8 where raw[t + i] != ModuleCache.trailerMagic[i] { return false }
            return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: t + 8, as: UInt64.self)) == key.low
                && UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: t + 16, as: UInt64.self)) == key.high
                && UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: t + 24, as: UInt64.self)) == key.moduleLength
        }
        guard ok else { return nil }
        bytes.removeLast(ModuleCache.trailerSize)
        return bytes
    }

    /// Stores `artifact` under `key`: written to a temporary file in the directory, then renamed over the entry.
    /// Failures are ignored (the cache is an optimization; the module is already compiled).
    func store(_ artifact: [UInt8], _ key: Key) {
        makeDirectories(directory)
        var bytes = artifact
        bytes.append(contentsOf: ModuleCache.trailerMagic)
        for v in [key.low, key.high, key.moduleLength] {
            withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
        }
        let random = UInt64.random(in: 0 ... .max)
        let final = path(key)
        let temporary = final + ".tmp-\(getpid())-\(hex(random))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        var written = 0
        let complete = bytes.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return true
        }
        if close(fd) != 0 || !complete || rename(temporary, final) != 0 {
            unlink(temporary)
        }
    }
}

/// `mkdir -p`: creates `path` and its missing parents (errors are left to the open that follows).
func makeDirectories(_ path: String) {
    if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
    guard errno == ENOENT, let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
    makeDirectories(String(path[..<slash]))
    mkdir(path, 0o755)
}

func hex(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 16 - s.count) + s
}

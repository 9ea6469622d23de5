import Glibc
import SwasmABI
import SwasmRuntime

/// The on-disk module cache of an engine (`Engine(_:cacheDirectory:)`): ahead-of-time artifacts keyed by a hash of
/// the module's bytes, of everything in the engine's configuration that changes the generated code, and of the
/// swasm version and architecture.
///
/// An entry is a file `<key>.swasm-cache` laid out to be **mapped, not read** (a hit costs about the same whatever
/// the module's size):
///
/// | offset | u64 fields |
/// |---:|---|
/// | 0 | magic `SWCACHE2`, key low, key high, module length |
/// | 32 | artifact offset, artifact length, chunk size (64 KiB), chunk count |
/// | 64 | checksum of the artifact outside the code and the deferred sections; checksums of TRAPSITES, NAMES, CALLSITES |
/// | 96 | checksum of bytes 0..<96 and of the chunk checksums |
/// | 104 | one checksum per chunk of code |
///
/// then zeros, then the artifact (exactly as `serialize()` writes it), placed so that its code starts on a 64 KiB
/// boundary of the file. Checksums are `ArtifactFormat.checksum64`; a chunk's is seeded with its index, a
/// section's with its id.
///
/// A hit maps the file, checks the header and the checksum of the metadata it parses now, and maps the code with
/// no access: each 64 KiB chunk is verified by the trap handler the first time anything touches it, and only then
/// opened read+execute (`ExecutableMemory.mapping`); trap sites, call sites and names are decoded, after their
/// checksums, when a trap or backtrace first needs them. So nothing is trusted that was not verified, and a hit does
/// not read the code it never runs. An entry is used only if its header names the same key and length and the
/// artifact loader accepts it with the flags the engine would compile with; anything else — missing, truncated,
/// corrupt, stale — is ignored and the module is compiled and written again. A chunk found corrupt while running
/// stops the guest with a trap that names the entry, and the entry is deleted. Writes go to a temporary file that
/// is renamed into place, so a reader sees a whole entry or none, also with several processes sharing the
/// directory.
struct ModuleCache: Sendable {
    let directory: String

    static let magic: [UInt8] = Array("SWCACHE2".utf8)
    static let suffix = ".swasm-cache"
    static let chunkSize = 64 * 1024
    static let headerFixed = 104

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

    // MARK: File identities

    /// How long after a file last changed its identity may be recorded: file timestamps come from a clock that
    /// ticks coarsely, so a file written twice within one tick keeps its timestamps. Recording only files older
    /// than this makes any later write change them.
    static let settledSeconds = 1

    /// A file as the kernel identifies it (device, inode, size, modification and change times) and the engine's
    /// settings, as bytes; nil if the file cannot be examined or changed too recently (`settledSeconds`).
    static func identity(ofFile path: String, engine: Engine, requireSettled: Bool) -> [UInt8]? {
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        if requireSettled {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            func nanoseconds(_ t: timespec) -> Int { t.tv_sec * 1_000_000_000 + t.tv_nsec }
            let latest = max(nanoseconds(st.st_mtim), nanoseconds(st.st_ctim))
            guard latest + settledSeconds * 1_000_000_000 < nanoseconds(now) else { return nil }
        }
        var out = fingerprint(engine)
        for v in [
            UInt64(st.st_dev), UInt64(st.st_ino), UInt64(st.st_size), UInt64(st.st_mtim.tv_sec),
            UInt64(st.st_mtim.tv_nsec), UInt64(st.st_ctim.tv_sec), UInt64(st.st_ctim.tv_nsec)
        ] {
            withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
        }
        return out
    }

    static let refMagic: [UInt8] = Array("SWREF001".utf8)

    func refPath(_ identity: [UInt8]) -> String {
        let (a, b) = identity.withUnsafeBytes {
            (ArtifactFormat.checksum64($0, seed: 3), ArtifactFormat.checksum64($0, seed: 4))
        }
        return directory + "/" + hex(a) + hex(b) + ".swasm-ref"
    }

    /// The key recorded for the file at `path` as it is now (same device, inode, size and times), if any: a hit
    /// then reads none of the module's bytes. A file rewritten since has other times (or another inode), so its
    /// record is not found.
    func recordedKey(forFile path: String, engine: Engine) -> Key? {
        guard let identity = ModuleCache.identity(ofFile: path, engine: engine, requireSettled: false),
            let m = FileMapping(path: refPath(identity)), m.count == 40,
            m.bytes(0, 8).elementsEqual(ModuleCache.refMagic)
        else { return nil }
        func u64(_ at: Int) -> UInt64 {
            UInt64(littleEndian: m.base.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }
        guard ArtifactFormat.checksum64(m.bytes(0, 32), seed: 5) == u64(32) else { return nil }
        return Key(low: u64(8), high: u64(16), moduleLength: u64(24))
    }

    /// Records that the file at `path`, as it is now, has key `key` (if it last changed long enough ago).
    func remember(_ key: Key, forFile path: String, engine: Engine) {
        guard let identity = ModuleCache.identity(ofFile: path, engine: engine, requireSettled: true) else { return }
        var bytes = ModuleCache.refMagic
        for v in [key.low, key.high, key.moduleLength] {
            withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
        }
        let sum = bytes.withUnsafeBytes { ArtifactFormat.checksum64($0, seed: 5) }
        withUnsafeBytes(of: sum.littleEndian) { bytes.append(contentsOf: $0) }
        writeAtomically(bytes, to: refPath(identity))
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

    /// The checksum of `raw` outside `excluded` (sorted, disjoint ranges): each gap hashed with its index as seed,
    /// the gap hashes folded together.
    static func checksum(_ raw: UnsafeRawBufferPointer, excluding excluded: [Range<Int>]) -> UInt64 {
        var h: UInt64 = 0
        var from = 0
        for (i, r) in (excluded + [raw.count..<raw.count]).enumerated() {
            let gap = ArtifactFormat.checksum64(
                UnsafeRawBufferPointer(rebasing: raw[from..<r.lowerBound]), seed: UInt64(i))
            h = (h ^ gap) &* 0x9E37_79B1_85EB_CA87 &+ 0xC2B2_AE3D_27D4_EB4F
            from = r.upperBound
        }
        return h
    }

    /// What an artifact's layout gives the cache: the code's byte range and the deferred sections' payloads.
    struct Layout {
        var code: Range<Int>
        var deferred: [(ArtifactSectionID, Range<Int>)]
        /// Code and deferred payloads, sorted: what the metadata checksum leaves out.
        var excluded: [Range<Int>] { ([code] + deferred.map(\.1)).sorted { $0.lowerBound < $1.lowerBound } }

        /// The layout of `raw` if its first section is CODE (as `serialize()` writes it).
        init?(_ raw: UnsafeRawBufferPointer) {
            guard let sections = try? Artifact.sectionPayloads(raw), let first = sections.first,
                first.id == ArtifactSectionID.code.rawValue, first.payload.count >= 16
            else { return nil }
            let size = Int(raw.loadUnaligned(fromByteOffset: first.payload.lowerBound + 12, as: UInt32.self))
            let start = first.payload.lowerBound + 16
            guard start + size == first.payload.upperBound else { return nil }
            code = start..<(start + size)
            deferred = sections.compactMap { s in
                guard let id = ArtifactSectionID(rawValue: s.id), Artifact.deferredSectionIDs.contains(id) else {
                    return nil
                }
                return (id, s.payload)
            }
        }
    }

    /// The module stored under `key`, mapped (see the type's comment); nil if there is no usable entry.
    func load(_ key: Key) -> Artifact? {
        let file = path(key)
        guard let m = FileMapping(path: file), m.count >= ModuleCache.headerFixed else { return nil }
        func u64(_ at: Int) -> UInt64 {
            UInt64(littleEndian: m.base.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }
        guard m.bytes(0, 8).elementsEqual(ModuleCache.magic), u64(8) == key.low, u64(16) == key.high,
            u64(24) == key.moduleLength
        else { return nil }
        let artifactOffset = Int(truncatingIfNeeded: u64(32))
        let artifactLength = Int(truncatingIfNeeded: u64(40))
        let chunkCount = Int(truncatingIfNeeded: u64(56))
        guard u64(48) == UInt64(ModuleCache.chunkSize), chunkCount >= 0, chunkCount < 1 << 24,
            artifactOffset >= ModuleCache.headerFixed + 8 * chunkCount, artifactLength > 0,
            artifactOffset <= m.count, artifactLength == m.count - artifactOffset,
            ModuleCache.headerChecksum(m.bytes(0, ModuleCache.headerFixed + 8 * chunkCount), chunks: chunkCount)
                == u64(96)
        else { return nil }
        let raw = m.bytes(artifactOffset, artifactLength)
        guard let layout = Layout(raw), (artifactOffset + layout.code.lowerBound) % ModuleCache.chunkSize == 0,
            (layout.code.count + ModuleCache.chunkSize - 1) / ModuleCache.chunkSize == chunkCount,
            ModuleCache.checksum(raw, excluding: layout.excluded) == u64(64)
        else { return nil }
        var hashes: [ArtifactSectionID: UInt64] = [:]
        for (k, id) in Artifact.deferredSectionIDs.enumerated() { hashes[id] = u64(72 + 8 * k) }
        guard
            let (artifact, codeRange) = try? Artifact.deferred(
                m, offset: artifactOffset, count: artifactLength, sectionHashes: hashes),
            codeRange == layout.code, !codeRange.isEmpty
        else { return nil }
        var code = artifact.code
        guard
            let region = ExecutableMemory.mapping(
                m, fileOffset: artifactOffset + codeRange.lowerBound, byteCount: codeRange.count,
                chunkSize: ModuleCache.chunkSize,
                hashes: (m.base + ModuleCache.headerFixed).assumingMemoryBound(to: UInt64.self),
                eagerOffsets: [code.entryTrampoline, code.trapExit, code.hostCallStub])
        else { return nil }
        region.corruptEntryPath = file
        code.storage = .executable(region, byteCount: codeRange.count)
        return artifact.replacingCode(code)
    }

    /// The checksum of the header's fixed fields (bytes 0..<96) and its chunk checksums.
    static func headerChecksum(_ header: UnsafeRawBufferPointer, chunks: Int) -> UInt64 {
        ArtifactFormat.checksum64(UnsafeRawBufferPointer(rebasing: header[0..<96]), seed: 1)
            ^ ArtifactFormat.checksum64(
                UnsafeRawBufferPointer(rebasing: header[headerFixed..<(headerFixed + 8 * chunks)]), seed: 2)
    }

    /// The entry for `artifact` (see the type's comment); nil if its layout is not the one `serialize()` writes.
    static func entry(_ artifact: [UInt8], _ key: Key) -> [UInt8]? {
        artifact.withUnsafeBytes { raw -> [UInt8]? in
            guard let layout = Layout(raw) else { return nil }
            let chunks = (layout.code.count + chunkSize - 1) / chunkSize
            let headerBytes = headerFixed + 8 * chunks
            // The artifact's code must start on a chunk boundary of the file.
            let codeAt = (headerBytes + layout.code.lowerBound + chunkSize - 1) / chunkSize * chunkSize
            let artifactOffset = codeAt - layout.code.lowerBound
            var out = [UInt8](repeating: 0, count: artifactOffset + raw.count)
            out.withUnsafeMutableBytes { o in
                func put(_ v: UInt64, _ at: Int) { o.storeBytes(of: v.littleEndian, toByteOffset: at, as: UInt64.self) }
                for (i, b) in magic.enumerated() { o[i] = b }
                put(key.low, 8)
                put(key.high, 16)
                put(key.moduleLength, 24)
                put(UInt64(artifactOffset), 32)
                put(UInt64(raw.count), 40)
                put(UInt64(chunkSize), 48)
                put(UInt64(chunks), 56)
                put(checksum(raw, excluding: layout.excluded), 64)
                for (k, id) in Artifact.deferredSectionIDs.enumerated() {
                    let payload = layout.deferred.first { $0.0 == id }?.1 ?? 0..<0
                    put(
                        ArtifactFormat.checksum64(
                            UnsafeRawBufferPointer(rebasing: raw[payload]), seed: UInt64(id.rawValue)), 72 + 8 * k)
                }
                for c in 0..<chunks {
                    let from = layout.code.lowerBound + c * chunkSize
                    let to = min(from + chunkSize, layout.code.upperBound)
                    put(
                        ArtifactFormat.checksum64(UnsafeRawBufferPointer(rebasing: raw[from..<to]), seed: UInt64(c)),
                        headerFixed + 8 * c)
                }
                put(headerChecksum(UnsafeRawBufferPointer(o), chunks: chunks), 96)
                o.baseAddress!.advanced(by: artifactOffset).copyMemory(from: raw.baseAddress!, byteCount: raw.count)
            }
            return out
        }
    }

    /// Stores `artifact` under `key`: written to a temporary file in the directory, then renamed over the entry.
    /// Failures are ignored (the cache is an optimization; the module is already compiled).
    func store(_ artifact: [UInt8], _ key: Key) {
        guard let bytes = ModuleCache.entry(artifact, key) else { return }
        writeAtomically(bytes, to: path(key))
    }

    /// Writes `bytes` to a temporary file in the directory and renames it to `final`, so readers see all or
    /// nothing. Failures are ignored.
    func writeAtomically(_ bytes: [UInt8], to final: String) {
        makeDirectories(directory)
        let random = UInt64.random(in: 0 ... .max)
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

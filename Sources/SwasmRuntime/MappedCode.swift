import Glibc
import SwasmABI
import Synchronization
import WasmDecoder

/// A read-only, private mapping of a whole file (a module-cache entry). Bytes are paged in as they are read; the
/// descriptor stays open so parts of the file can be mapped again (the code, executable).
public final class FileMapping: @unchecked Sendable {
    // `@unchecked`: immutable after `init`; the mapping is read-only.
    public let base: UnsafeRawPointer
    public let count: Int
    let descriptor: Int32

    /// Maps the file at `path`; nil if it cannot be opened, is empty or is not a regular file.
    public init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size > 0,
            let raw = mmap(nil, Int(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0), raw != mapFailed
        else {
            close(fd)
            return nil
        }
        base = UnsafeRawPointer(raw)
        count = Int(st.st_size)
        descriptor = fd
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), count)
        close(descriptor)
    }

    /// The bytes `[offset, offset + count)`, which must lie inside the file.
    public func bytes(_ offset: Int, _ count: Int) -> UnsafeRawBufferPointer {
        precondition(offset >= 0 && count >= 0 && offset + count <= self.count, "outside the mapping")
        return UnsafeRawBufferPointer(start: base + offset, count: count)
    }
}

/// What the trap handler needs to open a chunk of lazily verified code: mapped from a module-cache entry with no
/// access, each `chunkSize` bytes become readable and executable the first time anything touches them, after
/// their checksum (`ArtifactFormat.checksum64(chunk, seed: chunk index)`) matched the entry's. A chunk that does
/// not match stays closed and is marked corrupt: the access faults as usual (a trap in wasm code) and the
/// embedding layer reports the entry as corrupt.
///
/// Only plain words and pointers: the handler copies it without reference counting. Two threads may open the
/// same chunk at once; both verify and both `mprotect`, which is idempotent, and `state` is set after the
/// `mprotect`, so a thread that sees "open" retries an access that now succeeds. (Nothing writes to code, so a
/// fault in an open chunk is always that race.)
struct LazilyVerifiedCode {
    /// First byte of the executable mapping.
    var start: UInt
    /// The same bytes through the readable file mapping.
    var readable: UnsafeRawPointer
    var byteCount: Int
    var chunkSize: Int
    /// One expected checksum per chunk (in the file mapping).
    var hashes: UnsafePointer<UInt64>
    /// Per chunk: 0 closed, 1 open, 2 corrupt.
    var states: UnsafeMutablePointer<UInt8>
    /// Nonzero once any chunk failed verification.
    var corrupt: UnsafeMutablePointer<UInt8>

    var chunkCount: Int { (byteCount + chunkSize - 1) / chunkSize }

    /// Verifies and opens the chunk holding `address`. Async-signal-safe (arithmetic and `mprotect`). Returns
    /// whether the access can be retried.
    static func open(block: UInt, at address: UInt) -> Bool {
        guard let p = UnsafePointer<LazilyVerifiedCode>(bitPattern: block) else { return false }
        return p.pointee.open(at: address)
    }

    func open(at address: UInt) -> Bool {
        let offset = Int(bitPattern: address &- start)
        guard offset >= 0, offset < byteCount else { return false }
        let chunk = offset / chunkSize
        switch states[chunk] {
        case 1: return true
        case 2: return false
        default: break
        }
        let begin = chunk * chunkSize
        let length = min(chunkSize, byteCount - begin)
        let sum = ArtifactFormat.checksum64(
            UnsafeRawBufferPointer(start: readable + begin, count: length), seed: UInt64(chunk))
        guard sum == hashes[chunk] else {
            states[chunk] = 2
            corrupt.pointee = 1
            return false
        }
        let page = UnsafeMutableRawPointer(bitPattern: start + UInt(begin))!
        guard mprotect(page, HostPage.roundUp(length), PROT_READ | PROT_EXEC) == 0 else { return false }
        states[chunk] = 1
        return true
    }
}

extension ExecutableMemory {
    /// Maps `byteCount` bytes of code at `fileOffset` of `file` (a multiple of 64 KiB) as a sealed region whose
    /// chunks are verified on first touch against `hashes` (one per `chunkSize` bytes). The chunks holding
    /// `eagerOffsets` (the stubs that Swift calls directly) are verified now.
    /// - Returns: nil if the mapping fails or an eager chunk does not match (the caller recompiles).
    public static func mapping(
        _ file: FileMapping, fileOffset: Int, byteCount: Int, chunkSize: Int, hashes: UnsafePointer<UInt64>,
        eagerOffsets: [Int]
    ) -> ExecutableMemory? {
        guard byteCount > 0, chunkSize % HostPage.size == 0, fileOffset % HostPage.size == 0,
            fileOffset + byteCount <= file.count
        else { return nil }
        let mapped = HostPage.roundUp(byteCount)
        guard let raw = mmap(nil, mapped, PROT_NONE, MAP_PRIVATE, file.descriptor, off_t(fileOffset)),
            raw != mapFailed
        else { return nil }
        let chunks = (byteCount + chunkSize - 1) / chunkSize
        let states = UnsafeMutablePointer<UInt8>.allocate(capacity: chunks + 1)
        states.initialize(repeating: 0, count: chunks + 1)
        let block = UnsafeMutablePointer<LazilyVerifiedCode>.allocate(capacity: 1)
        block.initialize(
            to: LazilyVerifiedCode(
                start: UInt(bitPattern: raw), readable: file.base + fileOffset, byteCount: byteCount,
                chunkSize: chunkSize, hashes: hashes, states: states, corrupt: states + chunks))
        let region = ExecutableMemory(adopting: raw, byteCount: mapped, lazy: block, file: file)
        for o in eagerOffsets where !block.pointee.open(at: UInt(bitPattern: raw) + UInt(o)) { return nil }
        return region
    }

    /// Whether a chunk of lazily verified code failed its check (the module-cache entry is corrupt).
    public var hasCorruptCode: Bool { lazyCode.map { $0.pointee.corrupt.pointee != 0 } ?? false }
}

extension Artifact {
    /// The same artifact with other code (the cache maps the code of a deferred load).
    public func replacingCode(_ code: CompiledCode) -> Artifact {
        Artifact(arch: arch, flags: flags, module: module, code: code)
    }
}

extension Artifact {
    /// The sections of an artifact (id and payload byte range), with only the header and section table checked.
    public static func sectionPayloads(_ raw: UnsafeRawBufferPointer) throws(ArtifactError) -> [(
        id: UInt32, payload: Range<Int>
    )] {
        let loader = ArtifactLoader(raw)
        _ = try loader.checkHeaderStart(requiredArchitecture: nil)
        return try loader.sectionSpans().map { ($0.id, $0.payload) }
    }

    /// The sections a deferred load leaves undecoded.
    public static let deferredSectionIDs: [ArtifactSectionID] = [.trapSites, .names, .callSites]

    /// Loads an artifact in place from `file` (at `offset`, `count` bytes), bytes whose integrity the caller has
    /// verified (a module-cache entry): no checksum, no copy of the code, and TRAPSITES, NAMES and CALLSITES
    /// decoded only when first needed, each after its checksum (`sectionHashes`, seeded with the section id)
    /// matched. Everything else is validated as in `init(bytes:)`.
    /// - Returns: the artifact (its code storage is empty: the caller maps the code) and the code's byte range
    ///   within the artifact.
    public static func deferred(
        _ file: FileMapping, offset: Int, count: Int, sectionHashes: [ArtifactSectionID: UInt64]
    ) throws(ArtifactError) -> (Artifact, code: Range<Int>) {
        var loader = ArtifactLoader(file.bytes(offset, count))
        let (arch, flags, builder) = try loader.load(requiredArchitecture: .host, deferring: true)
        var (module, code) = try builder.finish()
        guard let codeRange = builder.deferredCode else {
            throw ArtifactError(.malformed, "the artifact has no CODE section", offset: ArtifactFormat.headerSize)
        }
        code.deferred = DeferredArtifactSections(
            file: file, offset: offset, builder: builder, module: module, hashes: sectionHashes)
        return (Artifact(arch: arch, flags: flags, module: module, code: code), codeRange)
    }
}

/// TRAPSITES, NAMES and CALLSITES of a mapped artifact, decoded (and checked) on first use.
final class DeferredArtifactSections: DeferredCodeMetadata, @unchecked Sendable {
    // `@unchecked`: the decoded values are written once under `lock`; everything else is immutable.
    private let file: FileMapping
    private let offset: Int
    private let sections: [(ArtifactSectionID, Range<Int>)]
    private let hashes: [ArtifactSectionID: UInt64]
    private let builder: ModuleBuilder
    private let lock = Mutex<Decoded>(Decoded())

    private struct Decoded {
        var trapSites: [TrapSite]?
        var callSites: [TrapSite]?
        var names: FunctionNames?
    }

    init(
        file: FileMapping, offset: Int, builder: ModuleBuilder, module: ModuleInfo,
        hashes: [ArtifactSectionID: UInt64]
    ) {
        self.file = file
        self.offset = offset
        self.sections = builder.deferredSections
        self.hashes = hashes
        var b = builder
        b.module = module
        b.deferring = false
        self.builder = b
    }

    /// A reader over section `id`'s payload if present and its checksum matches; nil otherwise.
    private func reader(_ id: ArtifactSectionID) -> ArtifactReader? {
        guard let range = sections.first(where: { $0.0 == id })?.1 else { return nil }
        let raw = file.bytes(offset, range.upperBound)
        let payload = UnsafeRawBufferPointer(rebasing: raw[range])
        guard ArtifactFormat.checksum64(payload, seed: UInt64(id.rawValue)) == hashes[id] else { return nil }
        return ArtifactReader(raw, from: range.lowerBound, to: range.upperBound, context: "section \(id)")
    }

    var trapSites: [TrapSite] { sites(.trapSites, \.trapSites, what: "trap site") }
    var callSites: [TrapSite] { sites(.callSites, \.callSites, what: "call site") }

    private func sites(_ id: ArtifactSectionID, _ slot: WritableKeyPath<Decoded, [TrapSite]?>, what: String)
        -> [TrapSite]
    {
        lock.withLock { d in
            if let s = d[keyPath: slot] { return s }
            var s: [TrapSite] = []
            if var r = reader(id), let parsed = try? builder.parseSites(&r, what: what) { s = parsed }
            d[keyPath: slot] = s
            return s
        }
    }

    var functionNames: FunctionNames {
        lock.withLock { d in
            if let n = d.names { return n }
            var names = FunctionNames()
            if var r = reader(.names) {
                var b = builder
                b.module.functionNames = [:]
                if (try? b.parseNames(&r)) != nil { names = b.module.functionNames }
            }
            d.names = names
            return names
        }
    }
}

import Glibc
import SwasmABI
import SwasmCompiler
import SwasmRuntime
import WasmDecoder

// What the `swasm` tool verbs need beyond the embedding API: cross-compilation, module summaries, machine-code
// listings and test-only views of an instance. Not part of the stable API: import with `@_spi(Tools) import Swasm`.

extension Module {
    /// An ahead-of-time artifact of the binary module `bytes` for `architecture` (any host can cross-compile),
    /// compiled with `engine`'s settings (bounds checks, metering).
    /// - Throws: `WasmError` if the module is malformed, invalid or uses what the code generator lacks.
    @_spi(Tools) public static func artifact(
        compiling bytes: some Collection<UInt8>, for architecture: Architecture,
        engine: Engine
    ) throws(WasmError) -> [UInt8] {
        try artifactFile(compiling: bytes, for: architecture, engine: engine).image.bytes
    }

    /// The same artifact, ready to be written to a file without copying its code into one buffer
    /// (`ArtifactFile.write(to:)`; `swasm compile`).
    @_spi(Tools) public static func artifactFile(
        compiling bytes: some Collection<UInt8>, for architecture: Architecture,
        engine: Engine
    ) throws(WasmError) -> ArtifactFile {
        let (info, code) =
            switch architecture {
            case .x86_64: try compileModuleX86_64(bytes, options: engine.compilerOptions)
            case .aarch64: try compileModuleAArch64(bytes, options: engine.compilerOptions)
            }
        // With more than one compile thread, the checksum is computed while the file is written (`ArtifactFile`).
        let overlap = (engine.compilerOptions.jobs ?? CompilerOptions.onlineCores) > 1
        return ArtifactFile(
            image: writeArtifactImage(module: info, code: code, arch: architecture, checksum: !overlap),
            module: info, overlapChecksum: overlap)
    }

    /// The architecture an artifact was compiled for (its header only).
    @_spi(Tools) public static func artifactArchitecture(_ bytes: [UInt8]) throws(ArtifactError) -> Architecture {
        try Artifact.architecture(of: bytes)
    }

    /// A readable summary of a binary module or an artifact (of any architecture): types, imports, functions,
    /// tables, memories, globals, exports, segments, custom sections; one line each (`swasm inspect`).
    /// - Throws: `WasmError` for an invalid module, `ArtifactError` for a corrupt artifact.
    @_spi(Tools) public static func summary(of bytes: some Collection<UInt8>) throws -> [String] {
        if isArtifact(bytes) {
            let a = try Artifact(bytes: Array(bytes), requiredArchitecture: nil)
            return ["AOT artifact: \(a.arch), \(bytes.count) bytes"] + summarize(a.module)
        }
        return ["module: \(bytes.count) bytes"] + summarize(try validateModule(bytes))
    }

    /// The export names of a binary module or an artifact (any architecture), or nil if it cannot be read.
    @_spi(Tools) public static func exportNames(of bytes: some Collection<UInt8>) -> [String]? {
        if isArtifact(bytes) {
            return (try? Artifact(bytes: Array(bytes), requiredArchitecture: nil))?.module.exports.map(\.nameString)
        }
        return (try? validateModule(bytes))?.exports.map(\.nameString)
    }

    /// The machine code of each defined function: from an artifact (any architecture), or compiled for this host.
    @_spi(Tools) public static func codeListing(of bytes: some Collection<UInt8>) throws -> CodeListing {
        let info: ModuleInfo
        let code: CompiledCode
        var arch = Architecture.host
        if isArtifact(bytes) {
            let a = try Artifact(bytes: Array(bytes), requiredArchitecture: nil)
            (info, code, arch) = (a.module, a.code, a.arch)
        } else {
            (info, code) = try compileModule(bytes)
        }
        let all = code.code
        let offsets = code.functionOffsets
        var functions: [CodeListing.Function] = []
        for (i, start) in offsets.enumerated() {
            let end = i + 1 < offsets.count ? offsets[i + 1] : all.count
            let index = UInt32(info.importedFunctionCount + i)
            functions.append(.init(index: index, name: info.functionNames[index], bytes: Array(all[start..<end])))
        }
        return CodeListing(architecture: arch, functions: functions)
    }

    static func summarize(_ m: ModuleInfo) -> [String] {
        var out: [String] = []
        out.append("types: \(m.types.count)")
        out.append("imports: \(m.imports.count)")
        for imp in m.imports {
            let what: String
            switch imp.descriptor {
            case .function(let t): what = "func \(m.types[Int(t)])"
            case .table(let t): what = "table \(t)"
            case .memory(let mt): what = "memory \(mt)"
            case .global(let g): what = "global \(g)"
            }
            out.append("  \(imp.moduleString).\(imp.nameString): \(what)")
        }
        out.append(
            "functions: \(m.functionTypeIndices.count) (\(m.importedFunctionCount) imported, "
                + "\(m.definedFunctionCount) defined)")
        let tables = m.tables.map(\.description).joined(separator: ", ")
        out.append("tables: \(m.tables.count)\(m.tables.isEmpty ? "" : " [\(tables)]")")
        let memories = m.memories.map(\.description).joined(separator: ", ")
        out.append("memories: \(m.memories.count)\(m.memories.isEmpty ? "" : " [\(memories)]")")
        out.append("globals: \(m.globals.count)")
        out.append("exports: \(m.exports.count)")
        for e in m.exports {
            let what: String
            switch e.kind {
            case .function: what = "func \(e.index) \(m.functionType(Int(e.index)))"
            case .table: what = "table \(e.index)"
            case .memory: what = "memory \(e.index)"
            case .global: what = "global \(e.index) \(m.globals[Int(e.index)])"
            }
            out.append("  \(e.nameString): \(what)")
        }
        if let s = m.start { out.append("start: function \(s)") }
        out.append("element segments: \(m.elements.count), data segments: \(m.data.count)")
        let codeBytes = m.functionBodies.reduce(0) { $0 + $1.size }
        if !m.functionBodies.isEmpty { out.append("code: \(m.functionBodies.count) bodies, \(codeBytes) bytes") }
        if !m.customSections.isEmpty {
            out.append(
                "custom sections: "
                    + m.customSections.map {
                        "\(String(decoding: $0.name, as: UTF8.self)) (\($0.size) bytes)"
                    }.joined(separator: ", "))
        }
        return out
    }
}

/// The machine code of a module's defined functions (`swasm inspect --disassemble`).
@_spi(Tools) public struct CodeListing {
    /// One defined function's code.
    public struct Function {
        /// Index in the module's function index space (imports first).
        public var index: UInt32
        /// Its name from the `name` section, if any.
        public var name: String?
        /// Its machine code (inline data such as jump tables included).
        public var bytes: [UInt8]
    }
    /// What the code runs on.
    public var architecture: Architecture
    /// The defined functions, in index order.
    public var functions: [Function]
}

extension Instance {
    /// Every global of the instance, imported, defined, exported or not, in index order (the differential
    /// tester compares all of them).
    @_spi(Tools) public var allGlobals: [Global] { raw.globals.map(Global.init) }
}

/// Reads a whole file (POSIX; the core targets avoid Foundation).
/// - Throws: `FileError` (its description says what failed, e.g. "cannot read 'x.wasm': Is a directory").
@_spi(Tools) public func readWholeFile(_ path: String) throws(FileError) -> [UInt8] { try readFile(path) }

/// A file's bytes without a copy: a regular file mapped read-only, anything else (a pipe, `/dev/stdin`) read.
@_spi(Tools) public typealias FileBytes = WasmDecoder.FileBytes

/// The file at `path` mapped (a regular file) or read (anything else), for decoding without copies.
/// - Throws: `FileError` (e.g. "cannot read 'x.wasm': Is a directory").
@_spi(Tools) public func mapWholeFile(_ path: String) throws(FileError) -> FileBytes { try mapFile(path) }

/// Writes `bytes` to `path` atomically enough for tools: a temporary file next to it, then a rename.
/// - Throws: `FileError` (operation "create" or "write").
@_spi(Tools) public func writeWholeFile(_ path: String, _ bytes: [UInt8]) throws(FileError) {
    try writeWholeFile(path) { fd in bytes.withUnsafeBytes { writeAll(fd, [$0], at: 0) } }
}

/// An ahead-of-time artifact to write to a file (`Module.artifactFile(compiling:for:engine:)`): its code is
/// written from where it was emitted, not copied into one buffer first.
@_spi(Tools) public struct ArtifactFile {
    let image: ArtifactImage
    /// Kept with the image, so that a process that exits after writing (`swasm compile`) frees neither: the
    /// module of a large program is hundreds of thousands of objects, and the kernel takes the whole heap at once.
    let module: ModuleInfo
    /// The checksum is left to `write(to:)`, which computes it on this thread while another writes the pieces
    /// (the compile may use more than one thread).
    let overlapChecksum: Bool
    /// The artifact's size in bytes.
    public var count: Int { image.count }

    /// Writes the artifact to `path` (through a temporary file, renamed into place).
    public func write(to path: String) throws(FileError) {
        try writeWholeFile(path) { fd in
            guard overlapChecksum && !image.isChecksummed else {
                return image.withPieces { writeAll(fd, $0, at: 0) }
            }
            // Everything after the header goes out on a second thread while this one checksums the same bytes
            // (it writes only the header's checksum field); then the header.
            return image.withHeaderAndRest { header, rest in
                var failure: Int32 = 0
                runAlongside({ failure = writeAll(fd, rest, at: header.count) }) { image.sealChecksum() }
                return failure != 0 ? failure : writeAll(fd, [header], at: 0)
            }
        }
    }
}

/// Runs `other` on a new thread while `body` runs on this one, and returns when both are done (both on this
/// thread, one after the other, if no thread can be started).
func runAlongside(_ other: () -> Void, _ body: () -> Void) {
    withoutActuallyEscaping(other) { other in
        final class Box {
            let run: () -> Void
            init(_ run: @escaping () -> Void) { self.run = run }
        }
        let box = Unmanaged.passRetained(Box(other))
        var thread = pthread_t()
        let started =
            pthread_create(
                &thread, nil,
                { context in
                    Unmanaged<Box>.fromOpaque(context!).takeUnretainedValue().run()
                    return nil
                }, box.toOpaque()) == 0
        body()
        if started { pthread_join(thread, nil) } else { other() }
        box.release()
    }
}

/// Writes `pieces`, concatenated, at `offset` of `fd` (`pwritev`, resumed after short writes); 0 or an errno.
func writeAll(_ fd: Int32, _ pieces: [UnsafeRawBufferPointer], at offset: Int) -> Int32 {
    var vectors = pieces.filter { $0.count > 0 }.map {
        iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count)
    }
    var first = 0
    var at = offset
    while first < vectors.count {
        let n = vectors.withUnsafeBufferPointer {
            pwritev(fd, $0.baseAddress! + first, Int32(min($0.count - first, 1024)), off_t(at))
        }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return n == 0 ? EIO : errno }
        at += n
        // Skip what was written: whole vectors, then part of the next.
        var left = n
        while first < vectors.count && left >= vectors[first].iov_len {
            left -= vectors[first].iov_len
            first += 1
        }
        if left > 0 {
            vectors[first].iov_base += left
            vectors[first].iov_len -= left
        }
    }
    return 0
}

/// Writes `path` through a temporary file next to it: `write` fills the file (returning 0 or an errno), then the
/// file is put in place (`replaceFile`).
func writeWholeFile(_ path: String, _ write: (Int32) -> Int32) throws(FileError) {
    let tmp = path + ".tmp\(getpid())"
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    if fd < 0 { throw FileError(path: path, errno: errno, operation: "create") }
    let e = write(fd)
    if e != 0 {
        close(fd)
        unlink(tmp)
        throw FileError(path: path, errno: e, operation: "write")
    }
    if close(fd) != 0 || !replaceFile(path, with: tmp) {
        let e = errno
        unlink(tmp)
        throw FileError(path: path, errno: e, operation: "write")
    }
}

/// Puts the file `tmp` in place of `path` atomically (a reader sees the old file or the new one, whole); false
/// with `errno` set on failure.
///
/// An existing regular file is swapped with the new one (`renameat2(RENAME_EXCHANGE)`) and then removed, rather
/// than renamed over: on ext4, a rename that replaces a file makes the kernel allocate the new file's blocks and
/// start writing it out before `rename` returns (`auto_da_alloc`), which cost 10–12 ms for a 17 MB artifact
/// against 1.5–1.8 ms this way. The data is then not on disk before the kernel writes it back, as for any file
/// written without `fsync`; an artifact cut short by a crash fails its checksum and is refused when loaded.
func replaceFile(_ path: String, with tmp: String) -> Bool {
    #if os(Linux)
        var st = stat()
        if let exchange = renameat2, lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
            exchange(AT_FDCWD, tmp, AT_FDCWD, path, renameExchange) == 0
        {
            unlink(tmp) // now the old file
            return true
        }
    #endif
    return rename(tmp, path) == 0
}

#if os(Linux)
    /// `RENAME_EXCHANGE` (<linux/fs.h>).
    let renameExchange: UInt32 = 2
    typealias Renameat2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// glibc's `renameat2(2)` wrapper (declared under `_GNU_SOURCE`, which the Glibc module does not see; nil
    /// before glibc 2.28).
    let renameat2: Renameat2? = dlsym(nil, "renameat2").map { unsafeBitCast($0, to: Renameat2.self) }
#endif

/// `s` made safe to print as one line: line breaks and tabs become spaces, other control characters `\u{..}`.
@_spi(Tools) public func singleLine(_ s: String) -> String {
    var r = ""
    for ch in s.unicodeScalars {
        switch ch {
        case "\n", "\r", "\t": r += " "
        case _ where ch.value < 0x20 || ch.value == 0x7F: r += "\\u{\(String(ch.value, radix: 16))}"
        default: r.unicodeScalars.append(ch)
        }
    }
    return r
}

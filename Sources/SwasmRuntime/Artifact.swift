import SwasmABI
import WasmDecoder

/// Why an artifact was rejected, and where (byte offset in the artifact).
public struct ArtifactError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not an artifact: the first 8 bytes are not `"SWASMAOT"`.
        case badMagic
        /// A format version this loader does not read.
        case unsupportedVersion
        /// Code for another architecture (or an unknown one).
        case wrongArchitecture
        /// The checksum over the bytes after the header does not match.
        case checksumMismatch
        /// The file ends before the header or a section does.
        case truncated
        /// Anything else that breaks the format: ids, orders, counts, indices, offsets, types, padding.
        case malformed
        /// The code needs CPU features (e.g. SSE4.1, AVX) this machine lacks.
        case unsupportedCPU
    }
    public var kind: Kind
    public var message: String
    public var offset: Int

    public init(_ kind: Kind, _ message: String, offset: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) at offset \(offset)" }
}

/// An ahead-of-time compiled module loaded from its artifact bytes (docs/AOT-FORMAT.md, version 2): the module
/// description `Instance` needs and the machine code, reconstructed without the compiler or the wasm decoder.
///
/// Every read is bounds-checked and every index, offset and type is validated, so any byte string either loads
/// into something `Instance` can use safely or throws `ArtifactError`.
public struct Artifact {
    public let arch: Architecture
    public let flags: ArtifactFlags
    public let module: ModuleInfo
    /// The code, as bytes: `ExecutableMemory.seal(_:)` (the one seal path, shared with compiled modules) maps
    /// host code into a sealed region that every instance shares.
    public let code: CompiledCode

    init(arch: Architecture, flags: ArtifactFlags, module: ModuleInfo, code: CompiledCode) {
        self.arch = arch
        self.flags = flags
        self.module = module
        self.code = code
    }

    /// Loads an artifact compiled for this host.
    public init(bytes: [UInt8]) throws(ArtifactError) {
        try self.init(bytes: bytes, requiredArchitecture: .host)
    }

    /// Loads an artifact; `requiredArchitecture` nil accepts either architecture (tools that only inspect code).
    public init(bytes: [UInt8], requiredArchitecture: Architecture?) throws(ArtifactError) {
        let result: Result<(Architecture, ArtifactFlags, ModuleInfo, CompiledCode), ArtifactError> =
            bytes.withUnsafeBytes { raw in
                do throws(ArtifactError) {
                    var loader = ArtifactLoader(raw)
                    return .success(try loader.load(requiredArchitecture: requiredArchitecture))
                } catch {
                    return .failure(error)
                }
            }
        switch result {
        case .success(let (a, f, m, c)):
            arch = a
            flags = f
            module = m
            code = c
        case .failure(let e):
            throw e
        }
    }

    /// The CPU features `flags` require that `available` lacks (x86-64 artifacts; a loader refuses them).
    public static func missingCPUFeatures(_ flags: ArtifactFlags, available: ArtifactFlags) -> ArtifactFlags {
        flags.intersection(.cpuFeatures).subtracting(available)
    }

    /// Reads only the header (magic, version, architecture): cheap identification for tools.
    public static func architecture(of bytes: [UInt8]) throws(ArtifactError) -> Architecture {
        let r: Result<Architecture, ArtifactError> = bytes.withUnsafeBytes { raw in
            do throws(ArtifactError) {
                let l = ArtifactLoader(raw)
                return .success(try l.checkHeaderStart(requiredArchitecture: nil).0)
            } catch { return .failure(error) }
        }
        return try r.get()
    }
}

/// A bounds-checked little-endian reader over `[start, end)` of the artifact.
struct ArtifactReader {
    let raw: UnsafeRawBufferPointer
    var pos: Int
    let end: Int
    /// What is being read, for messages.
    var context: String

    init(_ raw: UnsafeRawBufferPointer, from start: Int, to end: Int, context: String) {
        self.raw = raw
        pos = start
        self.end = end
        self.context = context
    }

    var remaining: Int { end - pos }

    func error(_ message: String, at offset: Int? = nil) -> ArtifactError {
        ArtifactError(.malformed, "\(context): \(message)", offset: offset ?? pos)
    }

    mutating func need(_ n: Int, _ what: @autoclosure () -> String) throws(ArtifactError) {
        guard n >= 0, n <= end - pos else { throw error("\(what()) runs past the end of the section") }
    }

    mutating func u8(_ what: @autoclosure () -> String = "byte") throws(ArtifactError) -> UInt8 {
        try need(1, what())
        defer { pos += 1 }
        return raw[pos]
    }

    mutating func u32(_ what: @autoclosure () -> String = "u32") throws(ArtifactError) -> UInt32 {
        try need(4, what())
        defer { pos += 4 }
        return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: pos, as: UInt32.self))
    }

    mutating func u64(_ what: @autoclosure () -> String = "u64") throws(ArtifactError) -> UInt64 {
        try need(8, what())
        defer { pos += 8 }
        return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
    }

    mutating func bytes(_ n: Int, _ what: @autoclosure () -> String) throws(ArtifactError) -> [UInt8] {
        try need(n, what())
        defer { pos += n }
        // From a typed buffer: the specialized copy (a raw buffer's goes through the generic collection path).
        return [UInt8](
            UnsafeBufferPointer(start: (raw.baseAddress! + pos).assumingMemoryBound(to: UInt8.self), count: n))
    }

    /// A `vec` count whose items take at least `minItemSize` bytes each (so a huge count fails before allocating).
    mutating func count(_ what: @autoclosure () -> String, minItemSize: Int) throws(ArtifactError) -> Int {
        let at = pos
        let n = Int(try u32("\(what()) count"))
        guard n <= remaining / max(minItemSize, 1) else {
            throw error("\(what()) count \(n) does not fit in the section", at: at)
        }
        return n
    }

    mutating func bool(_ what: @autoclosure () -> String) throws(ArtifactError) -> Bool {
        let at = pos
        switch try u8(what()) {
        case 0: return false
        case 1: return true
        case let b: throw error("\(what()) must be 0 or 1, got \(b)", at: at)
        }
    }

    /// `str` (u32 length + UTF-8 bytes, validated) left in place: the range of its bytes.
    mutating func nameRange(_ what: @autoclosure () -> String) throws(ArtifactError) -> Range<Int> {
        let at = pos
        let n = Int(try u32("\(what()) length"))
        try need(n, what())
        let range = pos..<(pos + n)
        pos += n
        let bytes = UnsafeRawBufferPointer(rebasing: raw[range])
        guard bytes.allSatisfy({ $0 < 0x80 }) || String(validating: bytes, as: UTF8.self) != nil else {
            throw error("\(what()) is not valid UTF-8", at: at)
        }
        return range
    }

    /// `str`: u32 length + UTF-8 bytes (validated).
    mutating func name(_ what: @autoclosure () -> String) throws(ArtifactError) -> [UInt8] {
        [UInt8](try nameInPlace(what()))
    }

    /// `str`, validated where it lies: its bytes in the artifact (valid as long as the artifact's bytes are).
    mutating func nameInPlace(_ what: @autoclosure () -> String) throws(ArtifactError) -> UnsafeRawBufferPointer {
        let at = pos
        let n = Int(try u32("\(what()) length"))
        try need(n, what())
        let b = UnsafeRawBufferPointer(rebasing: raw[pos..<pos + n])
        // The decoder's strict check (ASCII 8 bytes at a time).
        guard isValidUTF8(b) else { throw error("\(what()) is not valid UTF-8", at: at) }
        pos += n
        return b
    }

    mutating func valueType(_ what: @autoclosure () -> String) throws(ArtifactError) -> ValueType {
        let at = pos
        let b = try u8(what())
        guard let t = ValueType(rawValue: b) else {
            throw error("unknown value type 0x\(String(b, radix: 16)) for \(what())", at: at)
        }
        return t
    }

    mutating func referenceType(_ what: @autoclosure () -> String) throws(ArtifactError) -> ValueType {
        let at = pos
        let t = try valueType(what())
        guard t.isReference else { throw error("\(what()) must be a reference type, got \(t)", at: at) }
        return t
    }

    /// `limits`: u8 hasMax, u32 min, u32 max (0 when absent); min <= max; at most `bound` if given.
    mutating func limits(_ what: @autoclosure () -> String, bound: UInt64? = nil) throws(ArtifactError) -> Limits {
        let at = pos
        let hasMax = try bool("\(what()) hasMax")
        let min = UInt64(try u32("\(what()) minimum"))
        let max = UInt64(try u32("\(what()) maximum"))
        if !hasMax && max != 0 { throw error("\(what()) has no maximum but a nonzero max field", at: at) }
        if hasMax && min > max { throw error("\(what()) minimum \(min) exceeds its maximum \(max)", at: at) }
        if let bound, min > bound || (hasMax && max > bound) {
            throw error("\(what()) limits exceed \(bound)", at: at)
        }
        return Limits(min: min, max: hasMax ? max : nil)
    }

    /// `constexpr`: u8 kind, u64 low, u64 high. Index ranges and types are checked by the caller.
    mutating func constExpr(_ what: @autoclosure () -> String) throws(ArtifactError) -> ConstExpr {
        let at = pos
        let kindByte = try u8("\(what()) kind")
        let low = try u64("\(what()) value")
        let high = try u64("\(what()) value")
        guard let kind = ArtifactFormat.ConstKind(rawValue: kindByte) else {
            throw error("unknown constant expression kind \(kindByte) in \(what())", at: at)
        }
        if kind != .v128 && high != 0 { throw error("\(what()): nonzero high word for a scalar constant", at: at) }
        switch kind {
        case .i32, .f32, .refFunc, .globalGet:
            guard low <= UInt64(UInt32.max) else { throw error("\(what()): value does not fit in 32 bits", at: at) }
        default: break
        }
        switch kind {
        case .i32: return .i32(Int32(bitPattern: UInt32(low)))
        case .i64: return .i64(Int64(bitPattern: low))
        case .f32: return .f32(bits: UInt32(low))
        case .f64: return .f64(bits: low)
        case .v128: return .v128(V128(low: low, high: high))
        case .refNull:
            guard low <= 0xFF, let t = ValueType(rawValue: UInt8(low)), t.isReference else {
                throw error("\(what()): ref.null of a non-reference type", at: at)
            }
            return .refNull(t)
        case .refFunc: return .refFunc(UInt32(low))
        case .globalGet: return .globalGet(UInt32(low))
        }
    }
}

/// Parses and validates a whole artifact.
struct ArtifactLoader {
    let raw: UnsafeRawBufferPointer

    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    func u32(at o: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)) }
    func u64(at o: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }

    /// Magic, version, architecture, flags (in that order, each needing only its own bytes).
    /// `availableCPUFeatures`: what this CPU has (a parameter so that tests can play an older CPU).
    func checkHeaderStart(
        requiredArchitecture: Architecture?, availableCPUFeatures: ArtifactFlags = HostCPU.features
    ) throws(ArtifactError) -> (Architecture, ArtifactFlags) {
        let magic = ArtifactFormat.magic
        for i in 0..<min(raw.count, magic.count) where raw[i] != magic[i] {
            throw ArtifactError(.badMagic, "not a swasm artifact (bad magic)", offset: i)
        }
        guard raw.count >= ArtifactFormat.headerSize else {
            throw ArtifactError(
                .truncated, "artifact truncated in its header (\(raw.count) of \(ArtifactFormat.headerSize) bytes)",
                offset: raw.count)
        }
        let version = u32(at: ArtifactFormat.versionOffset)
        guard version == ArtifactFormat.version else {
            throw ArtifactError(
                .unsupportedVersion,
                "unsupported artifact format version \(version) (this swasm reads version \(ArtifactFormat.version))",
                offset: ArtifactFormat.versionOffset)
        }
        let archRaw = u32(at: ArtifactFormat.architectureOffset)
        guard let arch = Architecture(rawValue: archRaw) else {
            throw ArtifactError(
                .wrongArchitecture, "artifact has an unknown architecture \(archRaw)",
                offset: ArtifactFormat.architectureOffset)
        }
        if let requiredArchitecture, arch != requiredArchitecture {
            throw ArtifactError(
                .wrongArchitecture,
                "artifact is compiled for \(arch), but this host is \(requiredArchitecture)",
                offset: ArtifactFormat.architectureOffset)
        }
        let flags = ArtifactFlags(rawValue: u32(at: ArtifactFormat.flagsOffset))
        guard ArtifactFlags.known.isSuperset(of: flags) else {
            throw ArtifactError(
                .malformed, "unknown artifact flags 0x\(String(flags.rawValue, radix: 16))",
                offset: ArtifactFormat.flagsOffset)
        }
        if arch == .x86_64, requiredArchitecture == .x86_64 {
            let missing = Artifact.missingCPUFeatures(flags, available: availableCPUFeatures)
            guard missing.isEmpty else {
                throw ArtifactError(
                    .unsupportedCPU,
                    "artifact needs CPU features this CPU lacks: \(missing.featureNames.joined(separator: ", "))",
                    offset: ArtifactFormat.flagsOffset)
            }
        }
        return (arch, flags)
    }

    /// A section's place in the file.
    struct SectionSpan {
        var id: UInt32
        var headerOffset: Int
        var payload: Range<Int>
        var paddedEnd: Int
    }

    /// Walks the section headers: the file must hold every section it announces, exactly.
    func sectionSpans() throws(ArtifactError) -> [SectionSpan] {
        let count = Int(u32(at: ArtifactFormat.sectionCountOffset))
        var spans: [SectionSpan] = []
        var pos = ArtifactFormat.headerSize
        for i in 0..<count {
            guard raw.count - pos >= ArtifactFormat.sectionHeaderSize else {
                throw ArtifactError(
                    .truncated, "artifact truncated: section \(i + 1) of \(count) is missing", offset: pos)
            }
            let length = u64(at: pos + 8)
            let payloadStart = pos + ArtifactFormat.sectionHeaderSize
            let available = UInt64(raw.count - payloadStart)
            guard length <= available else {
                throw ArtifactError(
                    .truncated,
                    "artifact truncated: section \(i + 1) of \(count) announces \(length) bytes, \(available) remain",
                    offset: pos + 8)
            }
            let payloadEnd = payloadStart + Int(length)
            let padded = (payloadEnd + 7) & ~7
            guard padded <= raw.count else {
                throw ArtifactError(
                    .truncated, "artifact truncated in the padding of section \(i + 1) of \(count)", offset: raw.count)
            }
            spans.append(
                SectionSpan(id: u32(at: pos), headerOffset: pos, payload: payloadStart..<payloadEnd, paddedEnd: padded))
            pos = padded
        }
        guard pos == raw.count else {
            throw ArtifactError(.malformed, "\(raw.count - pos) unexpected bytes after the last section", offset: pos)
        }
        return spans
    }

    mutating func load(requiredArchitecture: Architecture?) throws(ArtifactError)
        -> (Architecture, ArtifactFlags, ModuleInfo, CompiledCode)
    {
        let (arch, flags, b) = try load(requiredArchitecture: requiredArchitecture, deferring: false)
        let (module, code) = try b.finish()
        return (arch, flags, module, code)
    }

    /// `deferring`: the caller has verified the bytes itself (a module-cache entry), so the checksum is not
    /// computed; the code is not copied and TRAPSITES, NAMES and CALLSITES are not parsed (their payload
    /// ranges are recorded in the builder) — see `Artifact.deferred(_:)`.
    mutating func load(requiredArchitecture: Architecture?, deferring: Bool) throws(ArtifactError)
        -> (Architecture, ArtifactFlags, ModuleBuilder)
    {
        let (arch, flags) = try checkHeaderStart(requiredArchitecture: requiredArchitecture)
        let spans = try sectionSpans()
        let stored = u64(at: ArtifactFormat.checksumOffset)
        let actual =
            deferring
            ? stored : ArtifactFormat.checksum64(UnsafeRawBufferPointer(rebasing: raw[ArtifactFormat.headerSize...]))
        guard stored == actual else {
            throw ArtifactError(
                .checksumMismatch,
                "artifact checksum mismatch (stored 0x\(String(stored, radix: 16)), computed 0x\(String(actual, radix: 16)))",
                offset: ArtifactFormat.checksumOffset)
        }
        var b = ModuleBuilder(flags: flags)
        b.deferring = deferring
        var previous: UInt32 = 0
        for s in spans {
            guard let id = ArtifactSectionID(rawValue: s.id) else {
                throw ArtifactError(.malformed, "unknown section id \(s.id)", offset: s.headerOffset)
            }
            guard s.id > previous else {
                throw ArtifactError(.malformed, "section \(id) out of order or repeated", offset: s.headerOffset)
            }
            previous = s.id
            guard u32(at: s.headerOffset + 4) == 0 else {
                throw ArtifactError(.malformed, "section \(id): reserved field is not zero", offset: s.headerOffset + 4)
            }
            for p in s.payload.upperBound..<s.paddedEnd where raw[p] != 0 {
                throw ArtifactError(.malformed, "section \(id): nonzero padding", offset: p)
            }
            if deferring && ModuleBuilder.deferrable.contains(id) {
                b.deferredSections.append((id, s.payload))
                continue
            }
            var r = ArtifactReader(raw, from: s.payload.lowerBound, to: s.payload.upperBound, context: "section \(id)")
            try b.parse(id, &r)
            guard r.remaining == 0 else { throw r.error("\(r.remaining) unexpected bytes at the end") }
        }
        return (arch, flags, b)
    }
}

/// Accumulates the sections into a `ModuleInfo` and `CompiledCode`, validating references between them.
/// Sections come in increasing id order, so everything a section refers to is known when it is read.
struct ModuleBuilder {
    let flags: ArtifactFlags
    var module = ModuleInfo()
    var code: [UInt8]?
    var entryTrampoline = 0, trapExit = 0, hostCallStub = 0
    var functionOffsets: [Int] = []
    var trapSites: [TrapSite] = []
    var callSites: [TrapSite] = []
    var costModel: CostModel?
    /// Deferred loading (see `ArtifactLoader.load(requiredArchitecture:deferring:)`): the code's byte range
    /// instead of a copy, and the payload ranges of the sections left unparsed.
    var deferring = false
    var deferredCode: Range<Int>?
    var deferredSections: [(ArtifactSectionID, Range<Int>)] = []
    static let deferrable: Set<ArtifactSectionID> = [.trapSites, .names, .callSites]

    init(flags: ArtifactFlags) { self.flags = flags }

    var codeSize: Int { deferredCode?.count ?? code?.count ?? 0 }
    var functionCount: Int { module.functionTypeIndices.count }

    mutating func parse(_ id: ArtifactSectionID, _ r: inout ArtifactReader) throws(ArtifactError) {
        switch id {
        case .code: try parseCode(&r)
        case .types: try parseTypes(&r)
        case .imports: try parseImports(&r)
        case .functions: try parseFunctions(&r)
        case .tables: try parseTables(&r)
        case .memories: try parseMemories(&r)
        case .globals: try parseGlobals(&r)
        case .exports: try parseExports(&r)
        case .start: try parseStart(&r)
        case .elements: try parseElements(&r)
        case .data: try parseData(&r)
        case .trapSites: try parseTrapSites(&r)
        case .costModel: try parseCostModel(&r)
        case .names: try parseNames(&r)
        case .callSites: callSites = try parseSites(&r, what: "call site")
        }
    }

    mutating func parseCode(_ r: inout ArtifactReader) throws(ArtifactError) {
        let at = r.pos
        let entry = Int(try r.u32("entry trampoline offset"))
        let exit = Int(try r.u32("trap exit offset"))
        let host = Int(try r.u32("host call stub offset"))
        let size = Int(try r.u32("code size"))
        let bytes: [UInt8]
        if deferring {
            try r.need(size, "code")
            deferredCode = r.pos..<(r.pos + size)
            r.pos += size
            bytes = []
        } else {
            bytes = try r.bytes(size, "code")
        }
        for (name, o) in [("entry trampoline", entry), ("trap exit", exit), ("host call stub", host)] where o >= size {
            throw r.error("\(name) offset \(o) is outside the code (\(size) bytes)", at: at)
        }
        code = bytes
        entryTrampoline = entry
        trapExit = exit
        hostCallStub = host
    }

    mutating func parseTypes(_ r: inout ArtifactReader) throws(ArtifactError) {
        let n = try r.count("type", minItemSize: 8)
        module.types.reserveCapacity(n)
        for _ in 0..<n {
            let np = try r.count("parameter", minItemSize: 1)
            var params: [ValueType] = []
            params.reserveCapacity(np)
            for _ in 0..<np { params.append(try r.valueType("parameter")) }
            let nr = try r.count("result", minItemSize: 1)
            var results: [ValueType] = []
            results.reserveCapacity(nr)
            for _ in 0..<nr { results.append(try r.valueType("result")) }
            module.types.append(FuncType(params: params, results: results))
        }
    }

    func typeIndex(_ r: inout ArtifactReader) throws(ArtifactError) -> UInt32 {
        let at = r.pos
        let t = try r.u32("type index")
        guard Int(t) < module.types.count else {
            throw r.error("type index \(t) out of range (\(module.types.count) types)", at: at)
        }
        return t
    }

    mutating func parseImports(_ r: inout ArtifactReader) throws(ArtifactError) {
        let n = try r.count("import", minItemSize: 10)
        module.imports.reserveCapacity(n)
        for _ in 0..<n {
            let moduleName = try r.name("import module name")
            let name = try r.name("import name")
            let at = r.pos
            let descriptor: Import.Descriptor
            switch try r.u8("import kind") {
            case 0:
                let t = try typeIndex(&r)
                module.functionTypeIndices.append(t)
                module.importedFunctionCount += 1
                descriptor = .function(typeIndex: t)
            case 1:
                let tt = TableType(element: try r.referenceType("table element type"), limits: try r.limits("table"))
                module.tables.append(tt)
                module.importedTableCount += 1
                descriptor = .table(tt)
            case 2:
                let mt = MemoryType(limits: try r.limits("memory", bound: 65536))
                try addMemory(mt, &r, at: at)
                module.importedMemoryCount += 1
                descriptor = .memory(mt)
            case 3:
                let gt = GlobalType(value: try r.valueType("global type"), mutable: try r.bool("global mutability"))
                module.globals.append(gt)
                module.importedGlobalCount += 1
                descriptor = .global(gt)
            case let k:
                throw r.error("unknown import kind \(k)", at: at)
            }
            module.imports.append(Import(module: moduleName, name: name, descriptor: descriptor))
        }
    }

    mutating func addMemory(_ mt: MemoryType, _ r: inout ArtifactReader, at: Int) throws(ArtifactError) {
        guard module.memories.isEmpty else { throw r.error("more than one memory", at: at) }
        module.memories.append(mt)
    }

    mutating func parseFunctions(_ r: inout ArtifactReader) throws(ArtifactError) {
        let at = r.pos
        let imported = Int(try r.u32("imported function count"))
        guard imported == module.importedFunctionCount else {
            throw r.error(
                "imported function count \(imported) does not match the \(module.importedFunctionCount) function imports",
                at: at)
        }
        guard code != nil else { throw r.error("no CODE section", at: at) }
        let n = try r.count("function", minItemSize: 8) // so all n items are in the section
        module.functionTypeIndices.reserveCapacity(imported + n)
        functionOffsets.reserveCapacity(n)
        let typeCount = module.types.count
        let size = codeSize
        for k in 0..<n {
            let at = r.pos + 8 * k
            let type = UInt32(littleEndian: r.raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            guard type < typeCount else {
                throw r.error("type index \(type) out of range (\(typeCount) types)", at: at)
            }
            let offset = Int(UInt32(littleEndian: r.raw.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self)))
            guard offset < size else {
                throw r.error("function code offset \(offset) is outside the code (\(size) bytes)", at: at + 4)
            }
            module.functionTypeIndices.append(type)
            functionOffsets.append(offset)
        }
        r.pos += 8 * n
    }

    mutating func parseTables(_ r: inout ArtifactReader) throws(ArtifactError) {
        let n = try r.count("table", minItemSize: 10)
        for _ in 0..<n {
            module.tables.append(
                TableType(element: try r.referenceType("table element type"), limits: try r.limits("table")))
        }
    }

    mutating func parseMemories(_ r: inout ArtifactReader) throws(ArtifactError) {
        let n = try r.count("memory", minItemSize: 9)
        for _ in 0..<n {
            let at = r.pos
            try addMemory(MemoryType(limits: try r.limits("memory", bound: 65536)), &r, at: at)
        }
    }

    /// The type of a constant expression, checking its index: `globalLimit` = how many globals it may read.
    func constType(_ e: ConstExpr, globalLimit: Int, _ r: inout ArtifactReader, at: Int) throws(ArtifactError)
        -> ValueType
    {
        switch e {
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .v128: return .v128
        case .refNull(let t): return t
        case .refFunc(let f):
            guard Int(f) < functionCount else {
                throw r.error("ref.func \(f) out of range (\(functionCount) functions)", at: at)
            }
            return .funcref
        case .globalGet(let g):
            guard Int(g) < globalLimit else {
                throw r.error("global.get \(g) out of range (\(globalLimit) globals)", at: at)
            }
            return module.globals[Int(g)].value
        }
    }

    mutating func parseGlobals(_ r: inout ArtifactReader) throws(ArtifactError) {
        let n = try r.count("global", minItemSize: 19)
        for _ in 0..<n {
            let gt = GlobalType(value: try r.valueType("global type"), mutable: try r.bool("global mutability"))
            let at = r.pos
            let e = try r.constExpr("global initializer")
            // An initializer may read the globals before it (Wasm 2.0 only allows imported ones).
            let t = try constType(e, globalLimit: module.globals.count, &r, at: at)
            guard t == gt.value else { throw r.error("global initializer has type \(t), expected \(gt.value)", at: at) }
            module.globals.append(gt)
            module.globalInitializers.append(e)
        }
    }

    mutating func parseExports(_ r: inout ArtifactReader) throws(ArtifactError) {
        let n = try r.count("export", minItemSize: 9)
        // Every name goes into one buffer and each export keeps a slice of it: one allocation, not one per name.
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(n)
        var kinds: [(ExternalKind, UInt32)] = []
        kinds.reserveCapacity(n)
        var total = 0
        for _ in 0..<n {
            let range = try r.nameRange("export name")
            let k = r.pos
            let kindByte = try r.u8("export kind")
            guard let kind = ExternalKind(rawValue: kindByte) else {
                throw r.error("unknown export kind \(kindByte)", at: k)
            }
            let i = r.pos
            let index = try r.u32("export index")
            let limit =
                switch kind {
                case .function: functionCount
                case .table: module.tables.count
                case .memory: module.memories.count
                case .global: module.globals.count
                }
            guard Int(index) < limit else { throw r.error("export index \(index) out of range (\(limit))", at: i) }
            ranges.append(range)
            kinds.append((kind, index))
            total += range.count
        }
        var names = [UInt8](repeating: 0, count: total)
        names.withUnsafeMutableBytes { out in
            var o = 0
            for range in ranges where !range.isEmpty {
                out.baseAddress!.advanced(by: o).copyMemory(
                    from: r.raw.baseAddress! + range.lowerBound, byteCount: range.count)
                o += range.count
            }
        }
        // Names must be distinct (as bytes). A hash set costs a cold process ~100 µs of runtime set-up: compare
        // directly while there are few names. A deferred load reads an entry this swasm wrote and the cache
        // verified: its names were checked when it was written.
        var seen = n > 32 && !deferring ? Set<ArraySlice<UInt8>>() : nil
        var o = 0
        module.exports.reserveCapacity(n)
        for (range, (kind, index)) in zip(ranges, kinds) {
            let name = names[o..<(o + range.count)]
            o += range.count
            let duplicate =
                if deferring {
                    false
                } else if seen != nil { !seen!.insert(name).inserted } else {
                    module.exports.contains { $0.name == name }
                }
            guard !duplicate else { throw r.error("duplicate export name", at: range.lowerBound - 4) }
            module.exports.append(Export(name: name, kind: kind, index: index))
        }
    }

    mutating func parseStart(_ r: inout ArtifactReader) throws(ArtifactError) {
        let at = r.pos
        let has = try r.u32("hasStart")
        let f = try r.u32("start function")
        switch has {
        case 0:
            guard f == 0 else { throw r.error("start function index without a start function", at: at + 4) }
        case 1:
            guard Int(f) < functionCount else {
                throw r.error("start function \(f) out of range (\(functionCount) functions)", at: at + 4)
            }
            let t = module.functionType(Int(f))
            guard t.params.isEmpty && t.results.isEmpty else {
                throw r.error("start function has type \(t)", at: at + 4)
            }
            module.start = f
        default:
            throw r.error("hasStart must be 0 or 1, got \(has)", at: at)
        }
    }

    mutating func parseElements(_ r: inout ArtifactReader) throws(ArtifactError) {
        let n = try r.count("element segment", minItemSize: 27)
        for _ in 0..<n {
            let at = r.pos
            let mode = try r.u8("element mode")
            let type = try r.referenceType("element type")
            let tableAt = r.pos
            let table = try r.u32("element table")
            let offsetAt = r.pos
            let offset = try r.constExpr("element offset")
            let count = try r.count("element item", minItemSize: 17)
            var items: [ConstExpr] = []
            items.reserveCapacity(count)
            for _ in 0..<count {
                let e = r.pos
                let item = try r.constExpr("element item")
                switch item {
                case .refNull, .refFunc, .globalGet: break
                default: throw r.error("element item must be ref.null, ref.func or global.get", at: e)
                }
                let t = try constType(item, globalLimit: module.globals.count, &r, at: e)
                guard t == type else { throw r.error("element item has type \(t), expected \(type)", at: e) }
                items.append(item)
            }
            let segmentMode: ElementSegment.Mode
            switch mode {
            case 0: segmentMode = .passive
            case 2: segmentMode = .declarative
            case 1:
                guard Int(table) < module.tables.count else {
                    throw r.error("element table \(table) out of range (\(module.tables.count) tables)", at: tableAt)
                }
                guard module.tables[Int(table)].element == type else {
                    throw r.error("element type \(type) does not match table \(table)", at: tableAt)
                }
                let t = try constType(offset, globalLimit: module.globals.count, &r, at: offsetAt)
                guard t == .i32 else { throw r.error("element offset has type \(t), expected i32", at: offsetAt) }
                segmentMode = .active(table: table, offset: offset)
            default:
                throw r.error("unknown element mode \(mode)", at: at)
            }
            module.elements.append(ElementSegment(type: type, mode: segmentMode, items: items))
        }
    }

    mutating func parseData(_ r: inout ArtifactReader) throws(ArtifactError) {
        let n = try r.count("data segment", minItemSize: 26)
        for _ in 0..<n {
            let at = r.pos
            let mode = try r.u8("data mode")
            let memAt = r.pos
            let memory = try r.u32("data memory")
            let offsetAt = r.pos
            let offset = try r.constExpr("data offset")
            let size = Int(try r.u32("data size"))
            let bytes = try r.bytes(size, "data bytes")
            let segmentMode: DataSegment.Mode
            switch mode {
            case 0: segmentMode = .passive
            case 1:
                guard Int(memory) < module.memories.count else {
                    throw r.error("data memory \(memory) out of range (\(module.memories.count) memories)", at: memAt)
                }
                let t = try constType(offset, globalLimit: module.globals.count, &r, at: offsetAt)
                guard t == .i32 else { throw r.error("data offset has type \(t), expected i32", at: offsetAt) }
                segmentMode = .active(memory: memory, offset: offset)
            default:
                throw r.error("unknown data mode \(mode)", at: at)
            }
            module.data.append(DataSegment(mode: segmentMode, bytes: bytes))
        }
    }

    mutating func parseTrapSites(_ r: inout ArtifactReader) throws(ArtifactError) {
        trapSites = try parseSites(&r, what: "trap site")
    }

    /// TRAPSITES and CALLSITES: `vec<{u32 codeOffset, u32 functionIndex, u32 wasmOffset}>` sorted by code offset.
    func parseSites(_ r: inout ArtifactReader, what: String) throws(ArtifactError) -> [TrapSite] {
        let n = try r.count(what, minItemSize: 12)
        var sites: [TrapSite] = []
        sites.reserveCapacity(n)
        var last = -1
        for _ in 0..<n {
            let at = r.pos
            let offset = Int(try r.u32("\(what) code offset"))
            let function = try r.u32("\(what) function")
            let wasmOffset = Int(try r.u32("\(what) wasm offset"))
            guard offset < codeSize else {
                throw r.error("\(what) offset \(offset) is outside the code (\(codeSize) bytes)", at: at)
            }
            guard offset >= last else { throw r.error("\(what)s are not sorted by code offset", at: at) }
            guard Int(function) < functionCount else {
                throw r.error("\(what) function \(function) out of range (\(functionCount) functions)", at: at + 4)
            }
            last = offset
            sites.append(TrapSite(codeOffset: offset, functionIndex: function, wasmOffset: wasmOffset))
        }
        return sites
    }

    mutating func parseCostModel(_ r: inout ArtifactReader) throws(ArtifactError) {
        let at = r.pos
        guard flags.contains(.metered) else {
            throw r.error("COSTMODEL section in an artifact not flagged as metered", at: at)
        }
        let n = try r.count("operator cost", minItemSize: 4)
        guard n == Opcode.count else {
            throw r.error("\(n) operator costs, this swasm has \(Opcode.count) operators", at: at)
        }
        var model = CostModel()
        for i in 0..<n { model.operatorCosts[i] = try r.u32("operator cost") }
        model.memoryGrowPerPage = try r.u64("memoryGrowPerPage")
        model.memoryBytesPerUnit = try r.u64("memoryBytesPerUnit")
        model.tableElementCost = try r.u64("tableElementCost")
        model.hostCallCost = try r.u64("hostCallCost")
        costModel = model
    }

    mutating func parseNames(_ r: inout ArtifactReader) throws(ArtifactError) {
        let n = try r.count("function name", minItemSize: 8)
        // The names where they lie in the artifact (`FunctionNames` copies them into its one buffer).
        var entries: [(index: UInt32, name: UnsafeRawBufferPointer)] = []
        var offsets: [Int] = []
        entries.reserveCapacity(n)
        offsets.reserveCapacity(n)
        var increasing = true
        for _ in 0..<n {
            let at = r.pos
            let f = try r.u32("named function")
            guard Int(f) < functionCount else {
                throw r.error("named function \(f) out of range (\(functionCount) functions)", at: at)
            }
            let name = try r.nameInPlace("function name")
            if let last = entries.last, last.index >= f { increasing = false }
            entries.append((f, name))
            offsets.append(at)
        }
        if !increasing {
            // A function named twice: the first repeat in file order is reported (sorted, not searched per name,
            // so no order of names costs more than n log n). Names written by increasing index, as the writer
            // writes them, cannot repeat.
            let order = entries.indices.sorted { (entries[$0].index, $0) < (entries[$1].index, $1) }
            var repeated: Int?
            for k in order.indices.dropFirst() where entries[order[k]].index == entries[order[k - 1]].index {
                repeated = min(repeated ?? .max, order[k])
            }
            if let k = repeated { throw r.error("function \(entries[k].index) named twice", at: offsets[k]) }
        }
        module.functionNames = FunctionNames(entries: entries)
    }

    func finish() throws(ArtifactError) -> (ModuleInfo, CompiledCode) {
        guard let code else {
            throw ArtifactError(.malformed, "the artifact has no CODE section", offset: ArtifactFormat.headerSize)
        }
        if flags.contains(.metered) && costModel == nil {
            throw ArtifactError(
                .malformed, "the artifact is flagged as metered but has no COSTMODEL section",
                offset: ArtifactFormat.flagsOffset)
        }
        var compiled = CompiledCode(
            code: code, entryTrampoline: entryTrampoline, trapExit: trapExit,
            hostCallStub: hostCallStub, functionOffsets: functionOffsets, trapSites: trapSites)
        compiled.explicitBoundsChecks = flags.contains(.explicitBoundsChecks)
        compiled.costModel = costModel
        compiled.canonicalNaNs = flags.contains(.canonicalNaNs)
        compiled.interruptible = flags.contains(.interruptible)
        compiled.cpuFeatures = flags.intersection(.cpuFeatures)
        compiled.callSites = callSites
        return (module, compiled)
    }
}

import AssemblerCore
import Glibc
import SwasmABI
import WasmDecoder

/// Serializes a compiled module as an ahead-of-time artifact (docs/AOT-FORMAT.md, version 2), loadable with
/// `Artifact(bytes:)` on a host of `arch` without the compiler.
///
/// Deterministic: the output depends only on the module and the code (no timestamps, no hash-order iteration:
/// function names are written by increasing function index). Sections that would be empty are left out (the
/// loader treats a missing section as empty); START is written only when the module has a start function,
/// COSTMODEL only for metered code, NAMES only when there are names.
public func writeArtifact(module: ModuleInfo, code: CompiledCode, arch: Architecture) -> [UInt8] {
    writeArtifactImage(module: module, code: code, arch: arch).bytes
}

/// The artifact as pieces: everything but the machine code in one buffer, and the code where it was emitted (see
/// `ArtifactImage`). Written to a file with `writev`, the code is never copied: for a large module, each copy is
/// as many fresh pages to fault in and zero.
///
/// - Parameter checksum: false leaves the header's checksum to `ArtifactImage.sealChecksum()` (which everything
///   reading the pieces calls first), so that it can be computed while the pieces are being written.
public func writeArtifactImage(
    module: ModuleInfo, code: CompiledCode, arch: Architecture, checksum: Bool = true
) -> ArtifactImage {
    // Sized for everything written below, so the buffer is allocated once.
    // (Sites in code order are external pieces, not copied: see `writeSites`.)
    var capacity = 4096 + (TrapSite.isArtifactRecord ? 0 : 12 * (code.trapSites.count + code.callSites.count))
    capacity += 8 * code.functionOffsets.count + 8 * module.types.count
    for e in module.exports { capacity += e.name.count + 9 }
    for seg in module.elements { capacity += 40 + 17 * seg.items.count }
    for seg in module.data { capacity += 40 + seg.bytes.count }
    capacity += module.functionNames.byteCount + 8 * module.functionNames.count
    for i in module.imports { capacity += i.module.count + i.name.count + 24 }
    var w = ArtifactWriter(capacity: capacity)
    var flags: ArtifactFlags = []
    if code.explicitBoundsChecks { flags.insert(.explicitBoundsChecks) }
    if code.costModel != nil { flags.insert(.metered) }
    if code.canonicalNaNs { flags.insert(.canonicalNaNs) }
    if code.interruptible { flags.insert(.interruptible) }
    flags.formUnion(code.cpuFeatures.intersection(.cpuFeatures))

    // The code itself is not copied in: it follows these 16 bytes in the image (`ArtifactImage`).
    w.section(.code, external: (.code, code.byteCount)) { s in
        s.u32(code.entryTrampoline)
        s.u32(code.trapExit)
        s.u32(code.hostCallStub)
        s.u32(code.byteCount)
    }
    if !module.types.isEmpty {
        w.section(.types) { s in
            s.u32(module.types.count)
            for t in module.types {
                s.u32(t.params.count)
                for p in t.params { s.u8(p.rawValue) }
                s.u32(t.results.count)
                for r in t.results { s.u8(r.rawValue) }
            }
        }
    }
    if !module.imports.isEmpty {
        w.section(.imports) { s in
            s.u32(module.imports.count)
            for imp in module.imports {
                s.str(imp.module)
                s.str(imp.name)
                switch imp.descriptor {
                case .function(let t):
                    s.u8(0)
                    s.u32(t)
                case .table(let tt):
                    s.u8(1)
                    s.u8(tt.element.rawValue)
                    s.limits(tt.limits)
                case .memory(let mt):
                    s.u8(2)
                    s.limits(mt.limits)
                case .global(let gt):
                    s.u8(3)
                    s.u8(gt.value.rawValue)
                    s.u8(gt.mutable ? 1 : 0)
                }
            }
        }
    }
    let defined = module.definedFunctionCount
    precondition(
        code.functionOffsets.count == defined, "code has \(code.functionOffsets.count) functions, module \(defined)")
    if defined > 0 || module.importedFunctionCount > 0 {
        w.section(.functions) { s in
            s.u32(module.importedFunctionCount)
            s.u32(defined)
            for i in 0..<defined {
                s.u32(module.functionTypeIndices[module.importedFunctionCount + i])
                s.u32(code.functionOffsets[i])
            }
        }
    }
    let tables = module.tables.dropFirst(module.importedTableCount)
    if !tables.isEmpty {
        w.section(.tables) { s in
            s.u32(tables.count)
            for t in tables {
                s.u8(t.element.rawValue)
                s.limits(t.limits)
            }
        }
    }
    let memories = module.memories.dropFirst(module.importedMemoryCount)
    if !memories.isEmpty {
        w.section(.memories) { s in
            s.u32(memories.count)
            for m in memories { s.limits(m.limits) }
        }
    }
    let globals = module.globals.dropFirst(module.importedGlobalCount)
    if !globals.isEmpty {
        w.section(.globals) { s in
            s.u32(globals.count)
            for (g, e) in zip(globals, module.globalInitializers) {
                s.u8(g.value.rawValue)
                s.u8(g.mutable ? 1 : 0)
                s.constExpr(e)
            }
        }
    }
    if !module.exports.isEmpty {
        w.section(.exports) { s in
            s.u32(module.exports.count)
            for e in module.exports {
                s.str(e.name)
                s.u8(e.kind.rawValue)
                s.u32(e.index)
            }
        }
    }
    if let start = module.start {
        w.section(.start) { s in
            s.u32(1)
            s.u32(start)
        }
    }
    if !module.elements.isEmpty {
        w.section(.elements) { s in
            s.u32(module.elements.count)
            for seg in module.elements {
                // Passive and declarative segments: table 0, offset i32 0 (ignored by the loader).
                switch seg.mode {
                case .passive:
                    s.u8(0)
                    s.u8(seg.type.rawValue)
                    s.u32(0)
                    s.constExpr(.i32(0))
                case .active(let table, let offset):
                    s.u8(1)
                    s.u8(seg.type.rawValue)
                    s.u32(table)
                    s.constExpr(offset)
                case .declarative:
                    s.u8(2)
                    s.u8(seg.type.rawValue)
                    s.u32(0)
                    s.constExpr(.i32(0))
                }
                s.u32(seg.items.count)
                for item in seg.items { s.constExpr(item) }
            }
        }
    }
    if !module.data.isEmpty {
        w.section(.data) { s in
            s.u32(module.data.count)
            for seg in module.data {
                switch seg.mode {
                case .passive:
                    s.u8(0)
                    s.u32(0)
                    s.constExpr(.i32(0))
                case .active(let memory, let offset):
                    s.u8(1)
                    s.u32(memory)
                    s.constExpr(offset)
                }
                s.u32(seg.bytes.count)
                s.bytes(seg.bytes)
            }
        }
    }
    writeSites(code.trapSites, as: .trapSites, piece: .trapSites, into: &w)
    if let model = code.costModel {
        w.section(.costModel) { s in
            s.u32(model.operatorCosts.count)
            for c in model.operatorCosts { s.u32(Int(c)) }
            s.u64(model.memoryGrowPerPage)
            s.u64(model.memoryBytesPerUnit)
            s.u64(model.tableElementCost)
            s.u64(model.hostCallCost)
        }
    }
    if !module.functionNames.isEmpty {
        w.section(.names) { s in
            // Already by increasing function index.
            s.u32(module.functionNames.count)
            module.functionNames.forEachName { f, name in
                s.u32(f)
                s.str(name)
            }
        }
    }
    writeSites(code.callSites, as: .callSites, piece: .callSites, into: &w)
    return w.finish(arch: arch, flags: flags, code: code, checksum: checksum)
}

/// What an artifact image holds apart from its buffer, read in place where it lies: the code, and on a
/// little-endian host the trap and call sites (`TrapSite.isArtifactRecord`), each the payload of its section.
enum ExternalPiece {
    case code, trapSites, callSites
}

/// An artifact as `writeArtifactImage` made it: the buffer `rest` with the external pieces inserted at their
/// positions (`externals`, increasing): `rest[0..<at₀]`, piece₀, `rest[at₀..<at₁]`, piece₁, …, `rest[atₙ...]`.
/// The pieces are read in place from `code`, which the image keeps alive.
public struct ArtifactImage {
    /// Everything but the external pieces: the header and the sections' own bytes.
    let rest: ArtifactBuffer
    let externals: [(at: Int, piece: ExternalPiece)]
    let code: CompiledCode

    /// The artifact's size in bytes.
    public var count: Int { externals.reduce(rest.count) { $0 + byteCount($1.piece) } }

    func byteCount(_ piece: ExternalPiece) -> Int {
        switch piece {
        case .code: code.byteCount
        case .trapSites: MemoryLayout<TrapSite>.stride * code.trapSites.count
        case .callSites: MemoryLayout<TrapSite>.stride * code.callSites.count
        }
    }

    /// The artifact's pieces in order, without copying them (the checksum sealed first).
    public func withPieces<R, E: Error>(_ body: ([UnsafeRawBufferPointer]) throws(E) -> R) throws(E) -> R {
        sealChecksum()
        return try withRawPieces(afterHeader: false, body)
    }

    /// The pieces as they are, from the start or from the end of the header.
    func withRawPieces<R, E: Error>(afterHeader: Bool, _ body: ([UnsafeRawBufferPointer]) throws(E) -> R) throws(E)
        -> R
    {
        let all = UnsafeRawBufferPointer(start: rest.base, count: rest.count)
        let result: Result<R, E> = code.withCodeBytes { c in
            code.trapSites.withUnsafeBytes { t in
                code.callSites.withUnsafeBytes { s in
                    var pieces: [UnsafeRawBufferPointer] = []
                    pieces.reserveCapacity(2 * externals.count + 1)
                    var from = afterHeader ? ArtifactFormat.headerSize : 0
                    for (at, piece) in externals {
                        pieces.append(UnsafeRawBufferPointer(rebasing: all[from..<at]))
                        switch piece {
                        case .code: pieces.append(c)
                        case .trapSites: pieces.append(t)
                        case .callSites: pieces.append(s)
                        }
                        from = at
                    }
                    pieces.append(UnsafeRawBufferPointer(rebasing: all[from...]))
                    do throws(E) {
                        return .success(try body(pieces))
                    } catch {
                        return .failure(error)
                    }
                }
            }
        }
        return try withExtendedLifetime(rest) { () throws(E) -> R in try result.get() }
    }

    /// Whether the header holds the checksum yet (`writeArtifactImage(checksum: false)` leaves it out).
    public var isChecksummed: Bool { rest.checksummed }

    /// Computes the checksum into the header if it is not there yet. It reads the pieces after the header and
    /// writes only the header's checksum field, so it may run while another thread writes those pieces out
    /// (`writeAfterHeader`).
    public func sealChecksum() {
        guard !rest.checksummed else { return }
        var sum = ArtifactFormat.Checksum64()
        withRawPieces(afterHeader: true) { for p in $0 { sum.update(p) } }
        rest.base!.storeBytes(
            of: sum.finalize().littleEndian, toByteOffset: ArtifactFormat.checksumOffset, as: UInt64.self)
        rest.checksummed = true
    }

    /// The header (valid once `sealChecksum` ran) and the pieces after it, for writing them apart.
    public func withHeaderAndRest<R>(_ body: (UnsafeRawBufferPointer, [UnsafeRawBufferPointer]) -> R) -> R {
        withRawPieces(afterHeader: true) { pieces in
            body(UnsafeRawBufferPointer(start: rest.base, count: ArtifactFormat.headerSize), pieces)
        }
    }

    /// The artifact in one buffer (a copy of the code).
    public var bytes: [UInt8] {
        var out = HugePages.array(zeros: 0, capacity: count)
        withPieces { for p in $0 { out.append(contentsOf: p) } }
        return out
    }
}

/// An artifact's bytes apart from its code (`ArtifactImage`), freed with the last reference.
final class ArtifactBuffer {
    let base: UnsafeMutableRawPointer?
    let count: Int
    /// The header's checksum field is filled in.
    var checksummed = true
    init(_ sink: ByteSink) {
        base = sink.base
        count = sink.count
    }
    deinit { free(base) }
}

/// Raw growable storage the writer appends to: one compare per value written, no copy-on-write, no exclusivity
/// checks (`Array` appends cost more than everything else the writer does).
struct ByteSink {
    var base: UnsafeMutableRawPointer?
    var count = 0
    var capacity = 0

    /// Empty, without storage (where a writer's storage was moved out).
    init() {}

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        guard let p = malloc(self.capacity) else { fatalError("ArtifactWriter: out of memory") }
        // Advised for huge pages: the artifact of a large module is faulted in 2 MiB at a time.
        HugePages.advise(p, byteCount: self.capacity)
        base = p
    }

    @inline(__always) mutating func reserve(_ n: Int) {
        if _slowPath(count &+ n > capacity) { grow(n) }
    }

    mutating func grow(_ n: Int) {
        var cap = max(capacity, 64)
        while cap < count + n { cap *= 2 }
        guard let p = realloc(base, cap) else { fatalError("ArtifactWriter: out of memory") }
        base = p
        capacity = cap
    }

    @inline(__always) mutating func put<T: FixedWidthInteger>(_ v: T) {
        reserve(MemoryLayout<T>.size)
        base!.storeBytes(of: v.littleEndian, toByteOffset: count, as: T.self)
        count &+= MemoryLayout<T>.size
    }

    mutating func put(_ b: UnsafeRawBufferPointer) {
        guard let from = b.baseAddress, b.count > 0 else { return }
        reserve(b.count)
        (base! + count).copyMemory(from: from, byteCount: b.count)
        count &+= b.count
    }
}

/// TRAPSITES / CALLSITES: `{code offset, function, wasm offset}` sorted by code offset (stable for equal offsets,
/// so the output stays deterministic); nothing when empty. The code generator records sites in code order, so
/// they are only checked, not sorted (a stable sort remains for lists from elsewhere). Sites in order whose memory
/// is the record (`TrapSite.isArtifactRecord`) are not copied: the image reads `piece` in place.
func writeSites(_ sites: [TrapSite], as id: ArtifactSectionID, piece: ExternalPiece, into w: inout ArtifactWriter) {
    guard !sites.isEmpty else { return }
    let inOrder = isInCodeOrder(sites)
    if inOrder && TrapSite.isArtifactRecord {
        w.section(id, external: (piece, MemoryLayout<TrapSite>.stride * sites.count)) { s in s.u32(sites.count) }
        return
    }
    let ordered = inOrder ? sites : sitesInCodeOrder(sites)
    w.section(id) { s in
        s.u32(ordered.count)
        // 12 bytes a site, stored in place (appending a u32 at a time costs more than the rest of the writer).
        s.reserve(12 * ordered.count)
        let raw = s.sink.base! + s.sink.count
        var at = 0
        for t in ordered {
            raw.storeBytes(of: UInt32(t.codeOffset).littleEndian, toByteOffset: at, as: UInt32.self)
            raw.storeBytes(of: t.functionIndex.littleEndian, toByteOffset: at + 4, as: UInt32.self)
            raw.storeBytes(of: UInt32(t.wasmOffset).littleEndian, toByteOffset: at + 8, as: UInt32.self)
            at += 12
        }
        s.sink.count += at
    }
}

/// Whether `sites` are sorted by code offset.
func isInCodeOrder(_ sites: [TrapSite]) -> Bool {
    sites.withUnsafeBufferPointer { b in
        guard var p = b.baseAddress, b.count > 1 else { return true }
        let end = p + b.count
        var last = p.pointee.codeOffset
        p += 1
        while p < end {
            let o = p.pointee.codeOffset
            if last > o { return false }
            last = o
            p += 1
        }
        return true
    }
}

/// `sites` sorted by code offset, stably; without a copy or a sort when they already are (the usual case).
func sitesInCodeOrder(_ sites: [TrapSite]) -> [TrapSite] {
    if isInCodeOrder(sites) { return sites }
    return sites.enumerated().sorted {
        ($0.element.codeOffset, $0.offset) < ($1.element.codeOffset, $1.offset)
    }.map(\.element)
}

/// Little-endian emission of sections into one buffer, each written once in place (its length patched after);
/// the header is filled in by `finish`.
struct ArtifactWriter {
    var sink: ByteSink
    var sectionCount = 0

    init(capacity: Int) {
        sink = ByteSink(capacity: capacity)
        sink.reserve(ArtifactFormat.headerSize)
        (sink.base!).initializeMemory(as: UInt8.self, repeating: 0, count: ArtifactFormat.headerSize)
        sink.count = ArtifactFormat.headerSize
    }

    struct Payload {
        var sink: ByteSink
        mutating func reserve(_ n: Int) { sink.reserve(n) }
        mutating func u8(_ v: UInt8) { sink.put(v) }
        mutating func u32(_ v: UInt32) { sink.put(v) }
        /// Values that the format stores as u32 (indices, offsets, sizes): they always fit for a Wasm 2.0 module.
        mutating func u32(_ v: Int) {
            precondition(v >= 0 && v <= Int(UInt32.max), "value \(v) does not fit the artifact's u32 field")
            sink.put(UInt32(truncatingIfNeeded: v))
        }
        mutating func u64(_ v: UInt64) { sink.put(v) }
        mutating func bytes(_ b: [UInt8]) { b.withUnsafeBytes { sink.put($0) } }
        mutating func str(_ b: [UInt8]) {
            u32(b.count)
            bytes(b)
        }
        mutating func str(_ b: ArraySlice<UInt8>) {
            u32(b.count)
            b.withUnsafeBytes { sink.put($0) }
        }
        mutating func str(_ b: UnsafeRawBufferPointer) {
            u32(b.count)
            sink.put(b)
        }
        mutating func limits(_ l: Limits) {
            u8(l.max == nil ? 0 : 1)
            u32(Int(l.min))
            u32(Int(l.max ?? 0))
        }
        mutating func constExpr(_ e: ConstExpr) {
            typealias K = ArtifactFormat.ConstKind
            let (kind, low, high): (K, UInt64, UInt64) =
                switch e {
                case .i32(let v): (.i32, UInt64(UInt32(bitPattern: v)), 0)
                case .i64(let v): (.i64, UInt64(bitPattern: v), 0)
                case .f32(let b): (.f32, UInt64(b), 0)
                case .f64(let b): (.f64, b, 0)
                case .v128(let v): (.v128, v.low, v.high)
                case .refNull(let t): (.refNull, UInt64(t.rawValue), 0)
                case .refFunc(let f): (.refFunc, UInt64(f), 0)
                case .globalGet(let g): (.globalGet, UInt64(g), 0)
                }
            u8(kind.rawValue)
            u64(low)
            u64(high)
        }
    }

    /// Where the external pieces go in the image (positions in this writer's storage), and their bytes in all.
    var externals: [(at: Int, piece: ExternalPiece, count: Int)] = []
    var externalBytes = 0

    /// A section whose payload is what `body` writes, then `external`'s bytes, which the image holds apart.
    mutating func section(
        _ id: ArtifactSectionID, external: (piece: ExternalPiece, count: Int)? = nil, _ body: (inout Payload) -> Void
    ) {
        // The payload is written straight into the writer's storage (it moves into the payload and back).
        var p = Payload(sink: sink)
        sink = ByteSink()
        let start = p.sink.count
        p.u32(id.rawValue)
        p.u32(UInt32(0))
        p.u64(0)
        body(&p)
        let externalCount = external?.count ?? 0
        if let external {
            precondition(!externals.contains { $0.piece == external.piece }, "an external piece written twice")
            externals.append((p.sink.count, external.piece, external.count))
            externalBytes += external.count
        }
        let length = UInt64(p.sink.count + externalCount - start - ArtifactFormat.sectionHeaderSize)
        p.sink.base!.storeBytes(of: length.littleEndian, toByteOffset: start + 8, as: UInt64.self)
        // Aligned in the image, which holds the external pieces besides this storage.
        let pad = (8 - (p.sink.count + externalBytes) % 8) % 8
        for _ in 0..<pad { p.u8(0) }
        sink = p.sink
        sectionCount += 1
    }

    /// The artifact: the header filled in place, then the storage handed to the image (the writer is left empty).
    mutating func finish(arch: Architecture, flags: ArtifactFlags, code: CompiledCode, checksum: Bool = true)
        -> ArtifactImage
    {
        let out = sink.base!
        for (i, b) in ArtifactFormat.magic.enumerated() { out.storeBytes(of: b, toByteOffset: i, as: UInt8.self) }
        func put32(_ v: UInt32, at o: Int) { out.storeBytes(of: v.littleEndian, toByteOffset: o, as: UInt32.self) }
        put32(ArtifactFormat.version, at: ArtifactFormat.versionOffset)
        put32(arch.rawValue, at: ArtifactFormat.architectureOffset)
        put32(flags.rawValue, at: ArtifactFormat.flagsOffset)
        put32(UInt32(sectionCount), at: ArtifactFormat.sectionCountOffset)
        let rest = ArtifactBuffer(sink)
        rest.checksummed = false
        sink = ByteSink()
        let image = ArtifactImage(rest: rest, externals: externals.map { ($0.at, $0.piece) }, code: code)
        for e in externals { precondition(image.byteCount(e.piece) == e.count, "an external piece's size") }
        // The checksum covers everything after the header, the code included, in image order.
        if checksum { image.sealChecksum() }
        return image
    }
}

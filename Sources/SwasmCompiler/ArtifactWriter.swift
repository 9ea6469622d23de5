import AssemblerCore
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
public func writeArtifactImage(module: ModuleInfo, code: CompiledCode, arch: Architecture) -> ArtifactImage {
    // Sized for everything written below, so the buffer is allocated once.
    var capacity = 4096 + 12 * (code.trapSites.count + code.callSites.count)
    capacity += 8 * code.functionOffsets.count + 8 * module.types.count
    for e in module.exports { capacity += e.name.count + 9 }
    for seg in module.elements { capacity += 40 + 17 * seg.items.count }
    for seg in module.data { capacity += 40 + seg.bytes.count }
    for (_, name) in module.functionNames { capacity += name.utf8.count + 8 }
    for i in module.imports { capacity += i.module.count + i.name.count + 24 }
    var w = ArtifactWriter(capacity: capacity)
    var flags: ArtifactFlags = []
    if code.explicitBoundsChecks { flags.insert(.explicitBoundsChecks) }
    if code.costModel != nil { flags.insert(.metered) }
    if code.canonicalNaNs { flags.insert(.canonicalNaNs) }
    if code.interruptible { flags.insert(.interruptible) }
    flags.formUnion(code.cpuFeatures.intersection(.cpuFeatures))

    // The code itself is not copied in: it follows these 16 bytes in the image (`ArtifactImage`).
    w.section(.code, external: code.byteCount) { s in
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
    writeSites(code.trapSites, as: .trapSites, into: &w)
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
            let names = module.functionNames.sorted { $0.key < $1.key }
            s.u32(names.count)
            for (f, name) in names {
                s.u32(Int(f))
                s.str(Array(name.utf8))
            }
        }
    }
    writeSites(code.callSites, as: .callSites, into: &w)
    return w.finish(arch: arch, flags: flags, code: code)
}

/// An artifact in two pieces and the code between them, as `writeArtifactImage` made it: `bytes[0..<codeAt]`, then
/// the code (read in place from its `CompiledCode`, kept alive here), then `bytes[codeAt...]`.
public struct ArtifactImage {
    var bytes_: [UInt8]
    let codeAt: Int
    let code: CompiledCode

    /// The artifact's size in bytes.
    public var count: Int { bytes_.count + code.byteCount }

    /// The artifact's three pieces in order, without copying them.
    public func withPieces<R, E: Error>(_ body: ([UnsafeRawBufferPointer]) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = bytes_.withUnsafeBytes { all in
            code.withCodeBytes { c in
                do throws(E) {
                    return .success(
                        try body([
                            UnsafeRawBufferPointer(rebasing: all[..<codeAt]), c,
                            UnsafeRawBufferPointer(rebasing: all[codeAt...])
                        ]))
                } catch {
                    return .failure(error)
                }
            }
        }
        return try result.get()
    }

    /// The artifact in one buffer (a copy of the code).
    public var bytes: [UInt8] {
        var out = HugePages.array(zeros: 0, capacity: count)
        withPieces { for p in $0 { out.append(contentsOf: p) } }
        return out
    }
}

/// TRAPSITES / CALLSITES: `{code offset, function, wasm offset}` sorted by code offset (stable for equal offsets,
/// so the output stays deterministic); nothing when empty. The code generator records sites in code order, so
/// they are only checked, not sorted (a stable sort remains for lists from elsewhere).
func writeSites(_ sites: [TrapSite], as id: ArtifactSectionID, into w: inout ArtifactWriter) {
    guard !sites.isEmpty else { return }
    let ordered = sitesInCodeOrder(sites)
    w.section(id) { s in
        s.u32(ordered.count)
        // 12 bytes a site, stored in place (appending a u32 at a time costs more than the rest of the writer).
        let start = s.bytes.count
        s.bytes.append(contentsOf: repeatElement(0, count: 12 * ordered.count))
        s.bytes.withUnsafeMutableBytes { raw in
            var at = start
            for t in ordered {
                precondition(
                    t.codeOffset <= Int(UInt32.max) && t.wasmOffset <= Int(UInt32.max), "site out of u32 range")
                raw.storeBytes(of: UInt32(t.codeOffset).littleEndian, toByteOffset: at, as: UInt32.self)
                raw.storeBytes(of: t.functionIndex.littleEndian, toByteOffset: at + 4, as: UInt32.self)
                raw.storeBytes(of: UInt32(t.wasmOffset).littleEndian, toByteOffset: at + 8, as: UInt32.self)
                at += 12
            }
        }
    }
}

/// `sites` sorted by code offset, stably; without a copy or a sort when they already are (the usual case).
func sitesInCodeOrder(_ sites: [TrapSite]) -> [TrapSite] {
    var inOrder = true
    sites.withUnsafeBufferPointer { b in
        var k = 1
        while k < b.count {
            if b[k - 1].codeOffset > b[k].codeOffset {
                inOrder = false
                break
            }
            k += 1
        }
    }
    if inOrder { return sites }
    return sites.enumerated().sorted {
        ($0.element.codeOffset, $0.offset) < ($1.element.codeOffset, $1.offset)
    }.map(\.element)
}

/// Little-endian emission of sections into one buffer, each written once in place (its length patched after);
/// the header is filled in by `finish`.
struct ArtifactWriter {
    var out: [UInt8]
    var sectionCount = 0

    init(capacity: Int) {
        // Advised for huge pages: the artifact of a large module is faulted in 2 MiB at a time.
        out = HugePages.array(zeros: ArtifactFormat.headerSize, capacity: capacity)
    }

    struct Payload {
        var bytes: [UInt8] = []
        mutating func u8(_ v: UInt8) { bytes.append(v) }
        mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        /// Values that the format stores as u32 (indices, offsets, sizes): they always fit for a Wasm 2.0 module.
        mutating func u32(_ v: Int) {
            precondition(v >= 0 && v <= Int(UInt32.max), "value \(v) does not fit the artifact's u32 field")
            u32(UInt32(v))
        }
        mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        mutating func bytes(_ b: [UInt8]) { bytes.append(contentsOf: b) }
        mutating func str(_ b: [UInt8]) {
            u32(b.count)
            bytes(b)
        }
        mutating func str(_ b: ArraySlice<UInt8>) {
            u32(b.count)
            bytes.append(contentsOf: b)
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

    /// Where the code goes in the image (`external`), and how many bytes it is.
    var codeAt = -1
    var codeCount = 0

    /// A section whose payload is what `body` writes, then `external` bytes that the image holds apart (the code).
    mutating func section(_ id: ArtifactSectionID, external: Int = 0, _ body: (inout Payload) -> Void) {
        // The payload is written straight into `out` (the buffer moves into the payload and back: no copy).
        var p = Payload()
        swap(&p.bytes, &out)
        let start = p.bytes.count
        p.u32(id.rawValue)
        p.u32(UInt32(0))
        p.u64(0)
        body(&p)
        if external > 0 {
            precondition(codeAt < 0, "one external piece per artifact")
            codeAt = p.bytes.count
            codeCount = external
        }
        let length = UInt64(p.bytes.count + external - start - ArtifactFormat.sectionHeaderSize)
        withUnsafeBytes(of: length.littleEndian) { for (i, b) in $0.enumerated() { p.bytes[start + 8 + i] = b } }
        // Aligned in the image, which holds the code besides `out`.
        let pad = (8 - (p.bytes.count + codeCount) % 8) % 8
        p.bytes.append(contentsOf: repeatElement(0, count: pad))
        swap(&p.bytes, &out)
        sectionCount += 1
    }

    /// The artifact: the header filled in place, then the buffer moved out (`out` is left empty).
    ///
    /// Mutating, not consuming: a consuming call copied the writer, so the buffer had two references when the
    /// header was stored and the first store copied the whole artifact (17 MB and ~4,100 page faults for the
    /// generated module).
    mutating func finish(arch: Architecture, flags: ArtifactFlags, code: CompiledCode) -> ArtifactImage {
        func put32(_ v: UInt32, at o: Int) {
            withUnsafeBytes(of: v.littleEndian) { for (i, b) in $0.enumerated() { out[o + i] = b } }
        }
        for (i, b) in ArtifactFormat.magic.enumerated() { out[i] = b }
        put32(ArtifactFormat.version, at: ArtifactFormat.versionOffset)
        put32(arch.rawValue, at: ArtifactFormat.architectureOffset)
        put32(flags.rawValue, at: ArtifactFormat.flagsOffset)
        put32(UInt32(sectionCount), at: ArtifactFormat.sectionCountOffset)
        precondition(code.byteCount == max(codeCount, 0), "the code section's size")
        if codeAt < 0 { codeAt = out.count }
        // The checksum covers everything after the header, the code included, in image order.
        var sum = ArtifactFormat.Checksum64()
        out.withUnsafeBytes { all in
            sum.update(UnsafeRawBufferPointer(rebasing: all[ArtifactFormat.headerSize..<codeAt]))
            code.withCodeBytes { sum.update($0) }
            sum.update(UnsafeRawBufferPointer(rebasing: all[codeAt...]))
        }
        withUnsafeBytes(of: sum.finalize().littleEndian) {
            for (i, b) in $0.enumerated() { out[ArtifactFormat.checksumOffset + i] = b }
        }
        var result: [UInt8] = []
        swap(&result, &out)
        return ArtifactImage(bytes_: result, codeAt: codeAt, code: code)
    }
}

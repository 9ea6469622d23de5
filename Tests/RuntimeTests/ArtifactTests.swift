// The artifact loader on hand-built artifacts: a test-side encoder written from docs/AOT-FORMAT.md (independent
// of the compiler's writer), field-by-field reconstruction, every rejection kind, every truncation, fuzzing.

import SwasmABI
import Testing
import WasmDecoder

@testable import SwasmRuntime

/// Builds artifacts section by section (the format's notation: `str`, `vec`, `limits`, `constexpr`).
struct TestArtifact {
    var version: UInt32 = 2
    var arch: UInt32 = Architecture.host.rawValue
    var flags: UInt32 = 0
    var sections: [(id: UInt32, payload: [UInt8])] = []
    /// Overrides the section count in the header.
    var sectionCount: UInt32?

    struct Payload {
        var b: [UInt8] = []
        mutating func u8(_ v: UInt8) { b.append(v) }
        mutating func u32(_ v: UInt32) { for i in 0..<4 { b.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
        mutating func u64(_ v: UInt64) { for i in 0..<8 { b.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
        mutating func str(_ s: String) {
            u32(UInt32(s.utf8.count))
            b += Array(s.utf8)
        }
        mutating func limits(_ min: UInt32, _ max: UInt32?) {
            u8(max == nil ? 0 : 1)
            u32(min)
            u32(max ?? 0)
        }
        mutating func const(_ kind: UInt8, _ low: UInt64, _ high: UInt64 = 0) {
            u8(kind)
            u64(low)
            u64(high)
        }
    }

    mutating func add(_ id: UInt32, _ body: (inout Payload) -> Void) {
        var p = Payload()
        body(&p)
        sections.append((id, p.b))
    }

    func bytes(fixChecksum: Bool = true) -> [UInt8] {
        var h = Payload()
        h.b = Array("SWASMAOT".utf8)
        h.u32(version)
        h.u32(arch)
        h.u32(flags)
        h.u32(sectionCount ?? UInt32(sections.count))
        h.u64(0)
        var out = h.b
        for s in sections {
            var sh = Payload()
            sh.u32(s.id)
            sh.u32(0)
            sh.u64(UInt64(s.payload.count))
            out += sh.b + s.payload
            while out.count % 8 != 0 { out.append(0) }
        }
        return fixChecksum ? TestArtifact.withChecksum(out) : out
    }

    static func withChecksum(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        guard out.count >= 32 else { return out }
        let h = ArtifactLoaderTests.referenceChecksum(Array(out[32...]))
        for i in 0..<8 { out[24 + i] = UInt8(truncatingIfNeeded: h >> (8 * UInt64(i))) }
        return out
    }

    /// A module using every section: imports of each kind, functions, a table, globals, exports, a start
    /// function, active/passive/declarative elements, active/passive data, trap sites, a cost model and names.
    static func full() -> TestArtifact {
        var a = TestArtifact()
        a.flags = 3 // explicit bounds + metered
        a.add(1) { p in // CODE: 64 bytes of `ret`/int3
            p.u32(0)
            p.u32(8)
            p.u32(16)
            p.u32(64)
            p.b += Array(repeating: 0xC3, count: 64)
        }
        a.add(2) { p in // TYPES: () -> (), (i32) -> (i32), (f64, v128) -> ()
            p.u32(3)
            p.u32(0)
            p.u32(0)
            p.u32(1)
            p.u8(0x7F)
            p.u32(1)
            p.u8(0x7F)
            p.u32(2)
            p.u8(0x7C)
            p.u8(0x7B)
            p.u32(0)
        }
        a.add(3) { p in // IMPORTS: func, table, global (no memory: the module defines one)
            p.u32(3)
            p.str("env")
            p.str("f")
            p.u8(0)
            p.u32(1)
            p.str("env")
            p.str("t")
            p.u8(1)
            p.u8(0x6F)
            p.limits(1, nil)
            p.str("env")
            p.str("g")
            p.u8(3)
            p.u8(0x7F)
            p.u8(0)
        }
        a.add(4) { p in // FUNCTIONS: 1 imported; 3 defined
            p.u32(1)
            p.u32(3)
            p.u32(0)
            p.u32(24)
            p.u32(1)
            p.u32(32)
            p.u32(2)
            p.u32(40)
        }
        a.add(5) { p in
            p.u32(1)
            p.u8(0x70)
            p.limits(4, 10)
        }
        a.add(6) { p in
            p.u32(1)
            p.limits(1, 2)
        }
        a.add(7) { p in // GLOBALS: i32 mut = global.get 0, funcref = ref.func 2, i64 = -5, v128
            p.u32(4)
            p.u8(0x7F)
            p.u8(1)
            p.const(7, 0)
            p.u8(0x70)
            p.u8(0)
            p.const(6, 2)
            p.u8(0x7E)
            p.u8(0)
            p.const(1, UInt64(bitPattern: -5))
            p.u8(0x7B)
            p.u8(0)
            p.const(4, 0x1122, 0x3344)
        }
        a.add(8) { p in
            p.u32(4)
            p.str("run")
            p.u8(0)
            p.u32(2)
            p.str("tab")
            p.u8(1)
            p.u32(1)
            p.str("mem")
            p.u8(2)
            p.u32(0)
            p.str("glob")
            p.u8(3)
            p.u32(4)
        }
        a.add(9) { p in
            p.u32(1)
            p.u32(1)
        }
        a.add(10) { p in
            p.u32(3)
            p.u8(1)
            p.u8(0x70)
            p.u32(1)
            p.const(0, 1)
            p.u32(2)
            p.const(6, 3)
            p.const(5, 0x70)
            p.u8(0)
            p.u8(0x70)
            p.u32(0)
            p.const(0, 0)
            p.u32(1)
            p.const(7, 2)
            p.u8(2)
            p.u8(0x70)
            p.u32(0)
            p.const(0, 0)
            p.u32(1)
            p.const(6, 1)
        }
        a.add(11) { p in
            p.u32(2)
            p.u8(1)
            p.u32(0)
            p.const(7, 0)
            p.u32(2)
            p.b += [0x68, 0x69]
            p.u8(0)
            p.u32(0)
            p.const(0, 0)
            p.u32(3)
            p.b += [1, 2, 3]
        }
        a.add(12) { p in
            p.u32(3)
            p.u32(25)
            p.u32(1)
            p.u32(100)
            p.u32(33)
            p.u32(2)
            p.u32(120)
            p.u32(33)
            p.u32(2)
            p.u32(121)
        }
        a.add(13) { p in
            p.u32(UInt32(Opcode.count))
            for i in 0..<Opcode.count { p.u32(UInt32(i % 5)) }
            p.u64(2048)
            p.u64(16)
            p.u64(3)
            p.u64(7)
        }
        a.add(14) { p in
            p.u32(2)
            p.u32(1)
            p.str("run")
            p.u32(3)
            p.str("héllo")
        }
        return a
    }

    /// The smallest artifact: CODE only.
    static func minimal() -> TestArtifact {
        var a = TestArtifact()
        a.add(1) { p in
            p.u32(0)
            p.u32(1)
            p.u32(2)
            p.u32(3)
            p.b += [0xC3, 0xC3, 0xC3]
        }
        return a
    }

    /// `full()` with section `id`'s payload replaced.
    static func fullReplacing(_ id: UInt32, _ body: (inout Payload) -> Void) -> [UInt8] {
        var a = full()
        var p = Payload()
        body(&p)
        let i = a.sections.firstIndex { $0.id == id }!
        a.sections[i].payload = p.b
        return a.bytes()
    }
}

func loadError(_ bytes: [UInt8], arch: Architecture? = .host) -> ArtifactError? {
    do {
        _ = try Artifact(bytes: bytes, requiredArchitecture: arch)
        return nil
    } catch {
        return error
    }
}

/// SplitMix64: deterministic fuzzing.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}

@Suite struct ArtifactLoaderTests {
    @Test func loadsEverySection() throws {
        let a = try Artifact(bytes: TestArtifact.full().bytes())
        #expect(a.arch == .host)
        #expect(a.flags == [.explicitBoundsChecks, .metered])
        let m = a.module
        #expect(
            m.types == [
                FuncType(params: [], results: []), FuncType(params: [.i32], results: [.i32]),
                FuncType(params: [.f64, .v128], results: [])
            ])
        #expect(m.imports.map(\.nameString) == ["f", "t", "g"])
        #expect(m.imports[1].descriptor == .table(TableType(element: .externref, limits: Limits(min: 1, max: nil))))
        #expect(m.importedFunctionCount == 1 && m.importedTableCount == 1 && m.importedGlobalCount == 1)
        #expect(m.importedMemoryCount == 0)
        #expect(m.functionTypeIndices == [1, 0, 1, 2])
        #expect(
            m.tables == [
                TableType(element: .externref, limits: Limits(min: 1, max: nil)),
                TableType(element: .funcref, limits: Limits(min: 4, max: 10))
            ])
        #expect(m.memories == [MemoryType(limits: Limits(min: 1, max: 2))])
        #expect(
            m.globals == [
                GlobalType(value: .i32, mutable: false), GlobalType(value: .i32, mutable: true),
                GlobalType(value: .funcref, mutable: false), GlobalType(value: .i64, mutable: false),
                GlobalType(value: .v128, mutable: false)
            ])
        #expect(m.globalInitializers == [.globalGet(0), .refFunc(2), .i64(-5), .v128(V128(low: 0x1122, high: 0x3344))])
        #expect(m.exports.map(\.nameString) == ["run", "tab", "mem", "glob"])
        #expect(m.exports.map(\.kind) == [.function, .table, .memory, .global])
        #expect(m.start == 1)
        #expect(
            m.elements == [
                ElementSegment(
                    type: .funcref, mode: .active(table: 1, offset: .i32(1)), items: [.refFunc(3), .refNull(.funcref)]),
                ElementSegment(type: .funcref, mode: .passive, items: [.globalGet(2)]),
                ElementSegment(type: .funcref, mode: .declarative, items: [.refFunc(1)])
            ])
        #expect(
            m.data == [
                DataSegment(mode: .active(memory: 0, offset: .globalGet(0)), bytes: [0x68, 0x69]),
                DataSegment(mode: .passive, bytes: [1, 2, 3])
            ])
        #expect(m.functionNames == [1: "run", 3: "héllo"])
        let c = a.code
        #expect(c.code == Array(repeating: 0xC3, count: 64))
        #expect((c.entryTrampoline, c.trapExit, c.hostCallStub) == (0, 8, 16))
        #expect(c.functionOffsets == [24, 32, 40])
        #expect(
            c.trapSites == [
                TrapSite(codeOffset: 25, functionIndex: 1, wasmOffset: 100),
                TrapSite(codeOffset: 33, functionIndex: 2, wasmOffset: 120),
                TrapSite(codeOffset: 33, functionIndex: 2, wasmOffset: 121)
            ])
        #expect(c.explicitBoundsChecks)
        let cost = try #require(c.costModel)
        #expect(cost.operatorCosts.count == Opcode.count && cost.operatorCosts[7] == 2)
        #expect(
            (cost.memoryGrowPerPage, cost.memoryBytesPerUnit, cost.tableElementCost, cost.hostCallCost) == (
                2048, 16, 3, 7
            ))
    }

    @Test func cpuFeatures() throws {
        // x86-64 artifacts record the features their code needs; a CPU without one is refused by name.
        #expect(Artifact.missingCPUFeatures([.x86SSE41, .x86AVX], available: [.x86SSE41, .x86SSE42]) == .x86AVX)
        #expect(Artifact.missingCPUFeatures([.x86SSE41, .metered], available: [.x86SSE41]).isEmpty)
        #expect(ArtifactFlags([.x86SSE42, .x86AVX]).featureNames == ["SSE4.2", "AVX"])
        // An x86-64 artifact needing AVX on a CPU without it: refused, naming the feature.
        var avx = TestArtifact.minimal()
        avx.arch = Architecture.x86_64.rawValue
        avx.flags = ArtifactFlags.x86AVX.rawValue
        let refused: ArtifactError? = avx.bytes().withUnsafeBytes { raw -> ArtifactError? in
            do throws(ArtifactError) {
                _ = try ArtifactLoader(raw).checkHeaderStart(
                    requiredArchitecture: .x86_64, availableCPUFeatures: [.x86SSE41])
                return nil
            } catch { return error }
        }
        #expect(
            refused?.kind == .unsupportedCPU && refused?.message.contains("AVX") == true,
            "\(String(describing: refused))")
        // A flag bit this version does not know is refused.
        var bytes = TestArtifact.minimal().bytes()
        bytes[ArtifactFormat.flagsOffset + 1] |= 0x40
        #expect(loadError(TestArtifact.withChecksum(bytes))?.kind == .malformed)
    }

    /// NAMES in any order load by increasing index; a function named twice is reported at its first repeat in
    /// the section (names are sorted, not searched one by one, so no order costs more than n log n).
    @Test func namesInAnyOrderAndTheFirstRepeat() throws {
        func withNames(_ entries: [(UInt32, String)]) -> [UInt8] {
            var a = TestArtifact.full()
            a.sections.removeAll { $0.id == 14 }
            a.add(14) { p in
                p.u32(UInt32(entries.count))
                for (f, name) in entries {
                    p.u32(f)
                    p.str(name)
                }
            }
            return a.bytes()
        }
        let m = try Artifact(bytes: withNames([(3, "c"), (1, "a"), (2, "b")])).module
        #expect(m.functionNames == [1: "a", 2: "b", 3: "c"])
        let twice = withNames([(3, "c"), (1, "a"), (3, "x"), (1, "y")])
        let e = loadError(twice)
        #expect(
            e?.kind == .malformed && e?.message.contains("function 3 named twice") == true, "\(String(describing: e))")
    }

    /// NAMES are validated where they lie: bytes that are not strict UTF-8 (a stray continuation byte, an
    /// overlong encoding, a surrogate) are refused; names in increasing order load without a sort, and an index
    /// repeated next to itself is still reported.
    @Test func namesValidatedInPlace() throws {
        func withName(_ f: UInt32, _ bytes: [UInt8], then more: [(UInt32, String)] = []) -> [UInt8] {
            var a = TestArtifact.full()
            a.sections.removeAll { $0.id == 14 }
            a.add(14) { p in
                p.u32(UInt32(1 + more.count))
                p.u32(f)
                p.u32(UInt32(bytes.count))
                for b in bytes { p.u8(b) }
                for (g, name) in more {
                    p.u32(g)
                    p.str(name)
                }
            }
            return a.bytes()
        }
        for bad: [UInt8] in [[0x61, 0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]] {
            let e = loadError(withName(1, bad))
            #expect(e?.kind == .malformed && e?.message.contains("UTF-8") == true, "\(bad): \(String(describing: e))")
        }
        let m = try Artifact(bytes: withName(1, Array("é-name".utf8), then: [(2, "b"), (3, "c")])).module
        #expect(m.functionNames == [1: "é-name", 2: "b", 3: "c"])
        let e = loadError(withName(2, Array("a".utf8), then: [(2, "b")]))
        #expect(e?.message.contains("function 2 named twice") == true, "\(String(describing: e))")
    }

    @Test func minimalArtifact() throws {
        let a = try Artifact(bytes: TestArtifact.minimal().bytes())
        #expect(a.module.types.isEmpty && a.module.functionTypeIndices.isEmpty && a.module.start == nil)
        #expect(a.code.code == [0xC3, 0xC3, 0xC3] && a.code.costModel == nil && !a.code.explicitBoundsChecks)
        #expect(ArtifactFormat.hasMagic(TestArtifact.minimal().bytes()))
        #expect(try Artifact.architecture(of: TestArtifact.minimal().bytes()) == .host)
    }

    /// The checksum, written the slow obvious way (bytes assembled into words, lanes in an array).
    static func referenceChecksum(_ b: [UInt8]) -> UInt64 {
        let k1: UInt64 = 0x9E37_79B1_85EB_CA87
        let k2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { x << r | x >> (64 - r) }
        func round(_ acc: UInt64, _ w: UInt64) -> UInt64 { rotl(acc ^ (w &* k2), 31) &* k1 }
        func word(_ i: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(b[i + $1]) << (8 * UInt64($1)) } }
        var lanes = [k1, k2, ~k1, ~k2]
        let blocks = b.count / 32
        for blk in 0..<blocks { for l in 0..<4 { lanes[l] = round(lanes[l], word(32 * blk + 8 * l)) } }
        var h = UInt64(b.count) &* k1
        for l in lanes { h = (h ^ round(0, l)) &* k1 &+ k2 }
        var i = 32 * blocks
        while i + 8 <= b.count {
            h = rotl(h ^ round(0, word(i)), 27) &* k1 &+ k2
            i += 8
        }
        var tail: UInt64 = 0
        for (k, byte) in b[i...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(k)) }
        h ^= round(0, tail)
        h ^= h >> 33
        h &*= k2
        h ^= h >> 29
        h &*= k1
        return h ^ h >> 32
    }

    @Test func checksumMatchesItsDefinitionAndSeesEveryBit() {
        var rng = SplitMix(state: 15)
        for n in Array(0...100) + [255, 256, 257, 4096 + 13] {
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            #expect(bytes.withUnsafeBytes { ArtifactFormat.checksum64($0) } == Self.referenceChecksum(bytes), "n=\(n)")
        }
        // Every single-bit flip of a 1 KiB buffer changes it, and so does a trailing zero byte.
        var bytes = (0..<1024).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let sum = bytes.withUnsafeBytes { ArtifactFormat.checksum64($0) }
        for bit in 0..<(bytes.count * 8) {
            bytes[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(bytes.withUnsafeBytes { ArtifactFormat.checksum64($0) } != sum)
            bytes[bit / 8] ^= 1 << UInt8(bit % 8)
        }
        #expect((bytes + [0]).withUnsafeBytes { ArtifactFormat.checksum64($0) } != sum)
        // Seeded (the module cache's keys): seed 0 is the artifact checksum, other seeds give other values.
        #expect(bytes.withUnsafeBytes { ArtifactFormat.checksum64($0, seed: 0) } == sum)
        let seeded = Set(
            [1, 2, 0x9e37_79b9_7f4a_7c15].map { s in bytes.withUnsafeBytes { ArtifactFormat.checksum64($0, seed: s) } })
        #expect(seeded.count == 3 && !seeded.contains(sum))
    }

    @Test func rejectsBadMagic() {
        var b = TestArtifact.minimal().bytes()
        b[3] ^= 0x20
        #expect(loadError(b)?.kind == .badMagic)
        #expect(loadError(b)?.offset == 3)
        #expect(loadError([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0])?.kind == .badMagic)
        #expect(loadError(Array("hello".utf8))?.kind == .badMagic)
    }

    @Test func rejectsOtherVersions() {
        for v: UInt32 in [0, 1, 3, 0xFFFF_FFFF] {
            var a = TestArtifact.minimal()
            a.version = v
            let e = loadError(a.bytes())
            #expect(e?.kind == .unsupportedVersion)
            #expect(e?.offset == 8)
        }
    }

    @Test func rejectsOtherArchitectures() throws {
        let other: Architecture = Architecture.host == .x86_64 ? .aarch64 : .x86_64
        var a = TestArtifact.full()
        a.arch = other.rawValue
        let e = loadError(a.bytes())
        #expect(e?.kind == .wrongArchitecture)
        #expect(e?.offset == 12)
        #expect(e?.message.contains("\(other)") == true)
        // Tools may read either architecture; foreign code stays bytes (never mapped executable).
        let foreign = try Artifact(bytes: a.bytes(), requiredArchitecture: nil)
        #expect(foreign.arch == other)
        guard case .bytes = foreign.code.storage else {
            Issue.record("foreign code was mapped")
            return
        }
        for raw: UInt32 in [0, 3, 0x100] {
            a.arch = raw
            #expect(loadError(a.bytes(), arch: nil)?.kind == .wrongArchitecture)
        }
    }

    @Test func rejectsChecksumMismatch() {
        let good = TestArtifact.full().bytes()
        for i in stride(from: 32, to: good.count, by: 7) {
            var b = good
            b[i] ^= 0x01
            let e = loadError(b)
            // A flipped bit in a section length may also read as truncation or trailing bytes.
            #expect(e != nil, "flip at \(i)")
            if let e, e.kind != .checksumMismatch {
                #expect(e.kind == .truncated || e.kind == .malformed, "flip at \(i): \(e)")
            }
        }
        var b = good
        b[good.count - 9] ^= 0x80 // inside the NAMES payload
        #expect(loadError(b)?.kind == .checksumMismatch)
        var c = good
        c[24] ^= 1 // the checksum itself
        #expect(loadError(c)?.kind == .checksumMismatch)
    }

    @Test func rejectsEveryTruncation() {
        for a in [TestArtifact.minimal(), TestArtifact.full()] {
            let good = a.bytes()
            for n in 0..<good.count {
                let e = loadError(Array(good.prefix(n)))
                #expect(e?.kind == .truncated, "length \(n): \(String(describing: e))")
                if let e { #expect(e.offset >= 0 && e.offset <= n) }
            }
        }
    }

    @Test func rejectsTrailingBytes() {
        let e = loadError(TestArtifact.withChecksum(TestArtifact.minimal().bytes() + [0, 0, 0, 0, 0, 0, 0, 0]))
        #expect(e?.kind == .malformed)
    }

    @Test func rejectsHeaderAndSectionFraming() {
        var a = TestArtifact.minimal()
        a.flags = 16
        #expect(loadError(a.bytes())?.kind == .malformed) // unknown flag
        a.flags = 2
        #expect(loadError(a.bytes())?.kind == .malformed) // metered without COSTMODEL
        var noCode = TestArtifact()
        noCode.add(2) { p in p.u32(0) }
        #expect(loadError(noCode.bytes())?.kind == .malformed)
        #expect(loadError(TestArtifact().bytes())?.kind == .malformed) // no sections at all
        var dup = TestArtifact.minimal()
        dup.sections.append(dup.sections[0])
        #expect(loadError(dup.bytes())?.kind == .malformed)
        var unordered = TestArtifact.minimal()
        unordered.sections.insert((2, [0, 0, 0, 0]), at: 0)
        #expect(loadError(unordered.bytes())?.kind == .malformed)
        var unknown = TestArtifact.minimal()
        unknown.add(15) { _ in }
        #expect(loadError(unknown.bytes())?.kind == .malformed)
        var extra = TestArtifact.minimal()
        extra.sections[0].payload.append(0) // bytes after the code
        #expect(loadError(extra.bytes())?.kind == .malformed)
        var costNoFlag = TestArtifact.full()
        costNoFlag.flags = 1
        #expect(loadError(costNoFlag.bytes())?.kind == .malformed)
        // Reserved field and padding must be zero.
        var b = TestArtifact.minimal().bytes()
        b[36] = 1
        #expect(loadError(TestArtifact.withChecksum(b))?.kind == .malformed)
        var pad = TestArtifact.minimal().bytes()
        pad[pad.count - 1] = 1
        #expect(loadError(TestArtifact.withChecksum(pad))?.kind == .malformed)
        // Fewer sections announced than present: trailing bytes. More: truncated.
        var fewer = TestArtifact.full()
        fewer.sectionCount = 3
        #expect(loadError(fewer.bytes())?.kind == .malformed)
        fewer.sectionCount = 40
        #expect(loadError(fewer.bytes())?.kind == .truncated)
        fewer.sectionCount = .max
        #expect(loadError(fewer.bytes())?.kind == .truncated)
    }

    /// Out-of-range indices, offsets, kinds and types in each section: malformed, never a crash.
    @Test func rejectsBadContents() {
        typealias P = TestArtifact.Payload
        var cases: [(String, [UInt8])] = []
        func add(_ name: String, _ id: UInt32, _ body: (inout P) -> Void) {
            cases.append((name, TestArtifact.fullReplacing(id, body)))
        }
        add("stub outside code", 1) { p in
            p.u32(0)
            p.u32(64)
            p.u32(16)
            p.u32(64)
            p.b += Array(repeating: 0, count: 64)
        }
        add("code size past section", 1) { p in
            p.u32(0)
            p.u32(8)
            p.u32(16)
            p.u32(65)
            p.b += Array(repeating: 0, count: 64)
        }
        add("bad value type", 2) { p in
            p.u32(1)
            p.u32(1)
            p.u8(0x40)
            p.u32(0)
        }
        add("huge type count", 2) { p in p.u32(0xFFFF_FFFF) }
        add("type index", 3) { p in
            p.u32(1)
            p.str("a")
            p.str("b")
            p.u8(0)
            p.u32(9)
        }
        add("import kind", 3) { p in
            p.u32(1)
            p.str("a")
            p.str("b")
            p.u8(4)
            p.u32(0)
        }
        add("invalid utf-8", 3) { p in
            p.u32(1)
            p.u32(1)
            p.u8(0xFF)
            p.str("b")
            p.u8(0)
            p.u32(0)
        }
        add("table of i32", 3) { p in
            p.u32(1)
            p.str("a")
            p.str("b")
            p.u8(1)
            p.u8(0x7F)
            p.limits(0, nil)
        }
        add("mutable 2", 3) { p in
            p.u32(1)
            p.str("a")
            p.str("b")
            p.u8(3)
            p.u8(0x7F)
            p.u8(2)
        }
        add("imported count", 4) { p in
            p.u32(0)
            p.u32(0)
        }
        add("function offset", 4) { p in
            p.u32(1)
            p.u32(1)
            p.u32(0)
            p.u32(64)
        }
        add("limits min > max", 5) { p in
            p.u32(1)
            p.u8(0x70)
            p.limits(5, 4)
        }
        add("max without hasMax", 5) { p in
            p.u32(1)
            p.u8(0x70)
            p.u8(0)
            p.u32(1)
            p.u32(3)
        }
        add("two memories", 6) { p in
            p.u32(2)
            p.limits(1, nil)
            p.limits(1, nil)
        }
        add("memory too big", 6) { p in
            p.u32(1)
            p.limits(65537, nil)
        }
        add("global type mismatch", 7) { p in
            p.u32(1)
            p.u8(0x7E)
            p.u8(0)
            p.const(0, 1)
        }
        add("global.get forward", 7) { p in
            p.u32(1)
            p.u8(0x7F)
            p.u8(0)
            p.const(7, 1)
        }
        add("ref.func range", 7) { p in
            p.u32(1)
            p.u8(0x70)
            p.u8(0)
            p.const(6, 4)
        }
        add("const kind", 7) { p in
            p.u32(1)
            p.u8(0x7F)
            p.u8(0)
            p.const(8, 0)
        }
        add("i32 high bits", 7) { p in
            p.u32(1)
            p.u8(0x7F)
            p.u8(0)
            p.const(0, 1 << 32)
        }
        add("ref.null i32", 7) { p in
            p.u32(1)
            p.u8(0x70)
            p.u8(0)
            p.const(5, 0x7F)
        }
        add("export index", 8) { p in
            p.u32(1)
            p.str("x")
            p.u8(0)
            p.u32(4)
        }
        add("export kind", 8) { p in
            p.u32(1)
            p.str("x")
            p.u8(4)
            p.u32(0)
        }
        add("duplicate export", 8) { p in
            p.u32(2)
            p.str("x")
            p.u8(0)
            p.u32(0)
            p.str("x")
            p.u8(0)
            p.u32(1)
        }
        add("start range", 9) { p in
            p.u32(1)
            p.u32(4)
        }
        add("start type", 9) { p in
            p.u32(1)
            p.u32(2)
        }
        add("hasStart 2", 9) { p in
            p.u32(2)
            p.u32(1)
        }
        add("element table", 10) { p in
            p.u32(1)
            p.u8(1)
            p.u8(0x70)
            p.u32(2)
            p.const(0, 0)
            p.u32(0)
        }
        add("element type vs table", 10) { p in
            p.u32(1)
            p.u8(1)
            p.u8(0x6F)
            p.u32(1)
            p.const(0, 0)
            p.u32(0)
        }
        add("element offset i64", 10) { p in
            p.u32(1)
            p.u8(1)
            p.u8(0x70)
            p.u32(1)
            p.const(1, 0)
            p.u32(0)
        }
        add("element item i32", 10) { p in
            p.u32(1)
            p.u8(0)
            p.u8(0x70)
            p.u32(0)
            p.const(0, 0)
            p.u32(1)
            p.const(0, 0)
        }
        add("element mode", 10) { p in
            p.u32(1)
            p.u8(3)
            p.u8(0x70)
            p.u32(0)
            p.const(0, 0)
            p.u32(0)
        }
        add("data memory", 11) { p in
            p.u32(1)
            p.u8(1)
            p.u32(1)
            p.const(0, 0)
            p.u32(0)
        }
        add("data bytes past end", 11) { p in
            p.u32(1)
            p.u8(0)
            p.u32(0)
            p.const(0, 0)
            p.u32(100)
        }
        add("trap site unsorted", 12) { p in
            p.u32(2)
            p.u32(30)
            p.u32(1)
            p.u32(0)
            p.u32(29)
            p.u32(1)
            p.u32(0)
        }
        add("trap site offset", 12) { p in
            p.u32(1)
            p.u32(64)
            p.u32(1)
            p.u32(0)
        }
        add("trap site function", 12) { p in
            p.u32(1)
            p.u32(3)
            p.u32(4)
            p.u32(0)
        }
        add("cost count", 13) { p in
            p.u32(3)
            p.u32(1)
            p.u32(1)
            p.u32(1)
            p.u64(0)
            p.u64(0)
            p.u64(0)
            p.u64(0)
        }
        add("name index", 14) { p in
            p.u32(1)
            p.u32(4)
            p.str("x")
        }
        add("name twice", 14) { p in
            p.u32(2)
            p.u32(1)
            p.str("x")
            p.u32(1)
            p.str("y")
        }
        for (name, bytes) in cases {
            let e = loadError(bytes)
            #expect(e?.kind == .malformed, "\(name): \(String(describing: e))")
            if let e {
                #expect(e.offset >= 32 && e.offset < bytes.count, "\(name): offset \(e.offset)")
                #expect(!e.description.isEmpty)
            }
        }
    }

    /// Random bit flips, byte writes, truncations and insertions, with and without a fixed-up checksum (so the
    /// section parsers see the damage): every input loads or throws, none crashes.
    @Test func fuzz() {
        var rng = SplitMix(state: 0x5157_4153_4d41_4f54)
        let seeds = [TestArtifact.full().bytes(), TestArtifact.minimal().bytes()]
        var loaded = 0
        var kinds: [String: Int] = [:]
        for iteration in 0..<6000 {
            var b = seeds[iteration % seeds.count]
            for _ in 0..<(1 + rng.below(4)) {
                switch rng.below(5) {
                case 0: b[32 + rng.below(b.count - 32)] ^= UInt8(1 << rng.below(8))
                case 1: b[rng.below(b.count)] = UInt8(truncatingIfNeeded: rng.next())
                case 2: b = Array(b.prefix(rng.below(b.count + 1)))
                case 3: b.insert(UInt8(truncatingIfNeeded: rng.next()), at: rng.below(b.count + 1))
                default: // a plausible length or count: small or huge
                    let at = rng.below(max(b.count - 4, 1))
                    let v: UInt32 = rng.below(2) == 0 ? UInt32(rng.below(300)) : UInt32(truncatingIfNeeded: rng.next())
                    for i in 0..<4 where at + i < b.count {
                        b[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))
                    }
                }
                if b.count < 40 { break }
            }
            if rng.below(3) != 0 { b = TestArtifact.withChecksum(b) }
            if let e = loadError(b) {
                kinds["\(e.kind)", default: 0] += 1
                #expect(e.offset >= 0 && e.offset <= b.count)
            } else {
                loaded += 1
            }
        }
        #expect((kinds["malformed"] ?? 0) > 500, "\(kinds)")
        #expect((kinds["checksumMismatch"] ?? 0) > 200, "\(kinds)")
        #expect(loaded < 6000)
    }
}

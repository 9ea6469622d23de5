import AssemblerCore
import SwasmABI
import SwasmRuntime
import Testing
import WasmDecoder

@testable import SwasmCompiler

/// The artifact buffer is filled once and handed out as is, and the code is never copied into it: an artifact is
/// written as pieces (a copy of a large module's code or artifact is as many fresh pages to fault in and zero).
@Suite struct ArtifactWriterTests {
    static func code(_ bytes: [UInt8]) -> CompiledCode {
        CompiledCode(code: bytes, entryTrampoline: 0, trapExit: 0, hostCallStub: 0, functionOffsets: [], trapSites: [])
    }

    @Test func finishHandsOutTheBufferWithoutCopying() {
        var w = ArtifactWriter(capacity: 1 << 16)
        w.section(.types) { s in
            for i in 0..<1_000 { s.u32(UInt32(i)) }
        }
        let before = w.sink.base
        let image = w.finish(arch: .x86_64, flags: [], code: Self.code([]))
        #expect(before == image.rest.base)
        #expect(Array(image.bytes.prefix(ArtifactFormat.magic.count)) == ArtifactFormat.magic)
        #expect(w.sink.base == nil)
    }

    /// The code is a piece of the image, read where it lies; the joined image is what the loader reads, with the
    /// sections after the code aligned in the image (not in the buffer without the code) and one checksum.
    @Test(arguments: [0, 1, 3, 8, 13, 64, 4_099])
    func codeIsAPieceOfTheImage(codeBytes: Int) throws {
        let bytes = (0..<codeBytes).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 5) }
        let code = Self.code(bytes)
        var w = ArtifactWriter(capacity: 4096)
        w.section(.code, external: (.code, code.byteCount)) { s in s.u32(code.byteCount) }
        w.section(.types) { s in s.u32(UInt32(7)) }
        let image = w.finish(arch: .x86_64, flags: [], code: code)
        #expect(image.count == image.bytes.count)
        code.withCodeBytes { c in
            image.withPieces { pieces in
                #expect(pieces.count == 3)
                #expect(pieces[1].baseAddress == c.baseAddress) // not a copy
            }
        }
        let all = image.bytes
        // The code section: header, the u32, then the code itself.
        let codeStart = ArtifactFormat.headerSize + ArtifactFormat.sectionHeaderSize + 4
        #expect(Array(all[codeStart..<codeStart + codeBytes]) == bytes)
        // The next section starts 8-aligned in the image.
        let next = (codeStart + codeBytes + 7) / 8 * 8
        #expect(all[next] == UInt8(ArtifactSectionID.types.rawValue))
        let sum = all.withUnsafeBytes {
            ArtifactFormat.checksum64(UnsafeRawBufferPointer(rebasing: $0[ArtifactFormat.headerSize...]))
        }
        let stored = all.withUnsafeBytes {
            $0.loadUnaligned(fromByteOffset: ArtifactFormat.checksumOffset, as: UInt64.self)
        }
        #expect(UInt64(littleEndian: stored) == sum)
    }

    /// Pieces of any sizes, split anywhere, sum to the one-shot checksum of their concatenation.
    @Test func streamingChecksumMatchesOneShot() {
        var rng = SystemRandomNumberGenerator()
        for n in [0, 1, 7, 8, 31, 32, 33, 63, 64, 65, 100, 1_000, 4_097] {
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for seed: UInt64 in [0, 0xDEAD_BEEF] {
                let expected = bytes.withUnsafeBytes { ArtifactFormat.checksum64($0, seed: seed) }
                for _ in 0..<20 {
                    var cuts = (0..<Int.random(in: 0...5, using: &rng)).map { _ in Int.random(in: 0...n, using: &rng) }
                    cuts = ([0] + cuts + [n]).sorted()
                    var sum = ArtifactFormat.Checksum64(seed: seed)
                    bytes.withUnsafeBytes { raw in
                        for k in 1..<cuts.count {
                            sum.update(UnsafeRawBufferPointer(rebasing: raw[cuts[k - 1]..<cuts[k]]))
                        }
                    }
                    #expect(sum.finalize() == expected, "n=\(n) cuts=\(cuts)")
                }
            }
        }
    }

    /// A finished module's code is the code buffer's own storage, handed over (no copy), and stays valid after the
    /// compiler is gone.
    @Test func finishedCodeIsTheBuffersStorage() throws {
        // (module (func (result i32) i32.const 42))
        let wasm: [UInt8] = [
            0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7F, 3, 2, 1, 0, 10, 6, 1, 4, 0, 0x41, 42, 0x0B
        ]
        let (_, code) = try compileModuleX86_64(wasm, options: CompilerOptions(jobs: 1))
        guard case .executable(let region, let n) = code.storage else {
            Issue.record("expected the buffer's storage, got \(code.storage)")
            return
        }
        #expect(region is OwnedCode)
        #expect(n == code.byteCount && n > 0)
        let (_, again) = try compileModuleX86_64(wasm, options: CompilerOptions(jobs: 1))
        #expect(code.code == again.code)
    }

    /// Sites are 12 bytes in memory, as in artifacts; their offsets read back as given.
    @Test func trapSitesAreCompact() {
        #expect(MemoryLayout<TrapSite>.stride == 12)
        var s = TrapSite(codeOffset: 0xFFFF_FFF0, functionIndex: 7, wasmOffset: 123_456)
        #expect(s.codeOffset == 0xFFFF_FFF0 && s.functionIndex == 7 && s.wasmOffset == 123_456)
        s.codeOffset += 15
        #expect(s.codeOffset == 0xFFFF_FFFF)
        #expect(
            TrapSite(codeOffset: 0, functionIndex: 0, wasmOffset: Int(UInt32.max) + 5).wasmOffset == Int(UInt32.max))
    }

    /// Trap and call sites in code order are pieces of the image read where they lie (no copy into the buffer);
    /// the image is byte for byte what the loader reads back, and sites out of order are sorted into the buffer.
    @Test(arguments: [false, true])
    func sitesArePiecesOfTheImage(outOfOrder: Bool) throws {
        #expect(TrapSite.isArtifactRecord) // x86-64 and AArch64 hosts are little-endian
        var trap = (0..<1_000).map { TrapSite(codeOffset: 3 * $0, functionIndex: 0, wasmOffset: 7 * $0) }
        if outOfOrder { trap.swapAt(10, 500) }
        let calls = (0..<37).map { TrapSite(codeOffset: 100 * $0 + 1, functionIndex: 0, wasmOffset: $0) }
        let bytes = (0..<4_000).map { UInt8(truncatingIfNeeded: $0) }
        var code = CompiledCode(
            code: bytes, entryTrampoline: 0, trapExit: 0, hostCallStub: 0, functionOffsets: [0], trapSites: trap)
        code.callSites = calls
        var module = ModuleInfo()
        module.types = [FuncType(params: [], results: [])]
        module.functionTypeIndices = [0]
        module.functionNames = [0: "f"]
        let image = writeArtifactImage(module: module, code: code, arch: .x86_64)
        trap.withUnsafeBytes { t in
            calls.withUnsafeBytes { c in
                image.withPieces { pieces in
                    #expect(pieces.contains { $0.baseAddress == c.baseAddress && $0.count == c.count })
                    #expect(pieces.contains { $0.baseAddress == t.baseAddress } == !outOfOrder)
                }
            }
        }
        let all = image.bytes
        #expect(all.count == image.count)
        let artifact = try Artifact(bytes: all, requiredArchitecture: nil)
        let (m, loaded) = (artifact.module, artifact.code)
        #expect(loaded.allTrapSites == trap.sorted { $0.codeOffset < $1.codeOffset })
        #expect(loaded.allCallSites == calls)
        #expect(loaded.code == bytes)
        #expect(m.functionNames == [0: "f"])
    }
}

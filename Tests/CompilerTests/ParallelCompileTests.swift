import Foundation
import SwasmABI
import Testing
import WasmDecoder
import WasmText

@testable import SwasmCompiler

/// Parallel compilation (`ParallelModuleCompiler`): the artifact is byte-identical for every number of threads and
/// every chunk size, and the error reported is the first invalid function's in module order.
@Suite("Parallel compilation")
struct ParallelCompileTests {
    /// With several jobs, chunks shrink toward the end of the code section (a quarter of what is left per job, down
    /// to 8 KiB) so the workers finish together; one job, or a smaller configured size, keeps the size as is.
    @Test func chunksShrinkTowardTheEnd() {
        var two = ParallelModuleCompiler(
            X64ModuleCompiler(chunkWith: CompilerOptions()), options: CompilerOptions(jobs: 2))
        for (left, expected) in [
            (10 << 20, 64 << 10), (512 << 10, 64 << 10), (256 << 10, 32 << 10), (64 << 10, 8 << 10), (100, 8 << 10)
        ] {
            two.bodyBytesLeft = left
            #expect(two.chunkTarget == expected, "\(left) bytes left")
        }
        var one = ParallelModuleCompiler(
            X64ModuleCompiler(chunkWith: CompilerOptions()), options: CompilerOptions(jobs: 1))
        one.bodyBytesLeft = 100
        #expect(one.chunkTarget == 64 << 10)
        var tiny = ParallelModuleCompiler(
            X64ModuleCompiler(chunkWith: CompilerOptions()), options: CompilerOptions(jobs: 3, chunkBytes: 1))
        tiny.bodyBytesLeft = 1 << 20
        #expect(tiny.chunkTarget == 1)
    }

    /// Thread counts and chunk sizes compared with the reference (one thread, the default 64 KiB chunks).
    /// A chunk size of 1 compiles every function apart and joins them all.
    static let variants: [(jobs: Int, chunkBytes: Int)] = [
        (2, 1 << 16), (3, 1 << 16), (8, 1 << 16), (1, 1), (3, 1), (2, 700)
    ]

    static let optionSets: [(String, CompilerOptions)] = [
        ("default", CompilerOptions()),
        ("gas", CompilerOptions(metering: CostModel())),
        ("explicit bounds", CompilerOptions(explicitBoundsChecks: true)),
        ("interruptible", CompilerOptions(interruptible: true)),
        (
            "gas + bounds + interruptible + NaNs",
            CompilerOptions(
                explicitBoundsChecks: true, metering: CostModel(), canonicalizeNaNs: true, interruptible: true)
        )
    ]

    /// The artifact of `bytes` for `arch`, or the compile error.
    static func artifact(_ bytes: [UInt8], _ arch: Architecture, _ options: CompilerOptions) -> Result<
        [UInt8], WasmError
    > {
        do throws(WasmError) {
            let (m, c) =
                switch arch {
                case .x86_64: try compileModuleX86_64(bytes, options: options)
                case .aarch64: try compileModuleAArch64(bytes, options: options)
                }
            return .success(writeArtifact(module: m, code: c, arch: arch))
        } catch {
            return .failure(error)
        }
    }

    /// Every variant gives the reference's artifact (or error) for both architectures.
    static func expectSameForEveryVariant(
        _ bytes: [UInt8], _ name: String, options: [(String, CompilerOptions)] = [("default", CompilerOptions())]
    ) {
        for arch in [Architecture.x86_64, .aarch64] {
            for (label, base) in options {
                var one = base
                one.jobs = 1
                let reference = artifact(bytes, arch, one)
                for v in variants {
                    var o = base
                    o.jobs = v.jobs
                    o.chunkBytes = v.chunkBytes
                    let got = artifact(bytes, arch, o)
                    #expect(
                        got == reference,
                        "\(name) \(arch) \(label): --jobs \(v.jobs), chunks of \(v.chunkBytes) bytes: \(difference(got, reference))"
                    )
                }
            }
        }
    }

    /// Where two results differ, briefly (artifacts are too long to print).
    static func difference(_ a: Result<[UInt8], WasmError>, _ b: Result<[UInt8], WasmError>) -> String {
        switch (a, b) {
        case (.success(let x), .success(let y)):
            let at = (0..<min(x.count, y.count)).first { x[$0] != y[$0] } ?? min(x.count, y.count)
            return "artifacts of \(x.count) and \(y.count) bytes differ at byte \(at)"
        default: return "\(a) against \(b)"
        }
    }

    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("the nine bench programs: the same artifact for every thread count, chunk size and option set")
    func benchPrograms() throws {
        let dir = Self.repoRoot.appendingPathComponent("Benchmarks/bench")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "wasm" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        #expect(files.count == 9)
        for f in files {
            Self.expectSameForEveryVariant(
                [UInt8](try Data(contentsOf: f)), f.lastPathComponent, options: Self.optionSets)
        }
    }

    /// A module of `count` functions with what a join relocates: direct calls forwards and backwards, helper
    /// calls (`memory.grow`, `memory.fill`), trap sites (division, loads, `unreachable`), `call_indirect`, jump
    /// tables, loops (interrupt checks), v128 constants (literal pools).
    static func manyFunctions(_ count: Int) -> String {
        var s = "(module (memory 1) (table \(count) funcref) (type $t (func (param i32) (result i32)))\n"
        for i in 0..<count {
            let next = (i + 7) % count
            let prev = (i + count - 3) % count
            s += """
                (func $f\(i) (param i32) (result i32) (local i32)
                  (if (i32.gt_u (local.get 0) (i32.const 1000)) (then (return (local.get 0))))
                  (local.set 1 (i32.div_s (i32.const \(i + 100)) (i32.or (local.get 0) (i32.const 1))))
                  (block $a (block $b (block $c
                    (br_table $a $b $c (i32.and (local.get 0) (i32.const 3))))
                    (local.set 1 (i32.add (local.get 1) (call $f\(next) (i32.add (local.get 0) (i32.const 400))))))
                    (local.set 1 (i32.add (local.get 1) (memory.grow (i32.const 0)))))
                  (loop $l (local.set 0 (i32.add (local.get 0) (i32.const 97)))
                    (br_if $l (i32.lt_u (local.get 0) (i32.const 300))))
                  (memory.fill (i32.const 16) (i32.const \(i % 256)) (i32.const 4))
                  (drop (i32x4.extract_lane 1 (v128.const i32x4 \(i) \(i + 1) 7 9)))
                  (if (i32.eq (local.get 0) (i32.const -1)) (then unreachable))
                  (i32.add (local.get 1) (i32.add (i32.load offset=\(i % 64) (i32.const 0))
                    (call_indirect (type $t) (i32.add (local.get 0) (i32.const 2000)) (i32.const \(prev))))))

                """
        }
        s += "(elem (i32.const 0) func " + (0..<count).map { "$f\($0)" }.joined(separator: " ") + ")\n"
        s += "(export \"f0\" (func $f0)))"
        return s
    }

    @Test("a generated module of 300 functions: the same artifact for every thread count, chunk size and option set")
    func manyFunctionModule() throws {
        let bytes = try Wat.wasm(Self.manyFunctions(300))
        Self.expectSameForEveryVariant(bytes, "300 functions", options: Self.optionSets)
    }

    @Test("spec-suite modules, valid and not: the same artifact or the same error for every variant")
    func specModules() throws {
        let dir = Self.repoRoot.appendingPathComponent("spec-tests/testsuite")
        for name in [
            "call_indirect", "br_table", "memory_grow", "func", "simd_lane", "bulk", "unreached-invalid",
            "binary", "data"
        ] {
            let text = try Data(contentsOf: dir.appendingPathComponent(name + ".wast"))
            var modules: [[UInt8]] = []
            for command in try WastScript.parse([UInt8](text)) {
                switch command {
                case .module(_, let m), .assertInvalid(_, let m, _), .assertMalformed(_, let m, _),
                    .assertUnlinkable(_, let m, _), .assertModuleTrap(_, let m, _):
                    if case .success(let b) = m.bytes { modules.append(b) }
                default: break
                }
            }
            #expect(modules.count > 5, "\(name): too few modules")
            for (i, b) in modules.enumerated() { Self.expectSameForEveryVariant(b, "\(name).wast module \(i)") }
        }
    }

    /// `count` functions, `bad` of them invalid (`i64` where an `i32` result is expected).
    static func withInvalid(_ count: Int, bad: Set<Int>) -> String {
        var s = "(module\n"
        for i in 0..<count {
            s += bad.contains(i) ? "(func (result i32) (i64.const \(i)))\n" : "(func (result i32) (i32.const \(i)))\n"
        }
        return s + ")"
    }

    @Test("an invalid late function: the first in module order is reported, whichever chunk fails first")
    func firstInvalidFunction() throws {
        // `WAT.assemble` does not validate, so the invalid bodies reach the compiler.
        let bytes = try Wat.wasm(Self.withInvalid(400, bad: [310, 390]))
        let reference = Self.artifact(bytes, .x86_64, CompilerOptions(jobs: 1))
        guard case .failure(let error) = reference else {
            Issue.record("the module compiled")
            return
        }
        #expect(error.kind == .invalid)
        // The error is function 310's: before the one of a module whose only invalid function is 390.
        let only390 = Self.artifact(try Wat.wasm(Self.withInvalid(400, bad: [390])), .x86_64, CompilerOptions(jobs: 1))
        guard case .failure(let later) = only390 else {
            Issue.record("the module compiled")
            return
        }
        #expect(error.offset < later.offset)
        Self.expectSameForEveryVariant(bytes, "invalid function 310 of 400")
    }

    @Test("no thread to be had: chunks are compiled and joined on the calling thread, with the same code and errors")
    func threadsRefused() throws {
        for (name, bytes) in [
            ("120 functions", try Wat.wasm(Self.manyFunctions(120))),
            ("invalid function 310 of 400", try Wat.wasm(Self.withInvalid(400, bad: [310, 390])))
        ] {
            for arch in [Architecture.x86_64, .aarch64] {
                let reference = Self.artifact(bytes, arch, CompilerOptions(jobs: 1))
                var options = CompilerOptions(jobs: 3, chunkBytes: 1)
                options.refusesThreadsForTesting = true
                let got = Self.artifact(bytes, arch, options)
                #expect(got == reference, "\(name) \(arch): \(Self.difference(got, reference))")
            }
        }
        // The knob does what it says: no thread with it, threads without it.
        let bytes = try Wat.wasm(Self.manyFunctions(40))
        for refuses in [true, false] {
            var options = CompilerOptions(jobs: 3, chunkBytes: 1)
            options.refusesThreadsForTesting = refuses
            var compilation = Compilation(
                compiler: X64ModuleCompiler(ModuleCompiler(masm: X64MacroAssembler())), options: options)
            try compilation.feed(bytes)
            _ = try compilation.finish()
            let started = compilation.parser.consumer.threadsStarted
            #expect(refuses ? started == 0 : started > 0, "threads refused: \(refuses), started: \(started)")
        }
    }

    @Test("a decoder error after an invalid body reports the invalid body, as one thread does")
    func decoderErrorAfterInvalidBody() throws {
        let whole = try Wat.wasm(Self.withInvalid(300, bad: [120]))
        // Cut the module inside the last body: "unexpected end" comes after function 120's error.
        let cut = Array(whole.dropLast(3))
        for bytes in [cut, whole] {
            let reference = Self.artifact(bytes, .x86_64, CompilerOptions(jobs: 1))
            guard case .failure(let error) = reference else {
                Issue.record("the module compiled")
                continue
            }
            #expect(error.kind == .invalid)
            Self.expectSameForEveryVariant(bytes, "invalid function 120, then a cut")
        }
        // Streaming, one byte at a time, on three threads with every function apart: the same error.
        var compilation = HostCompilation(options: CompilerOptions(jobs: 3, chunkBytes: 1))
        var streamed: WasmError?
        do throws(WasmError) {
            for b in cut { try compilation.feed(CollectionOfOne(b)) }
            _ = try compilation.finish()
        } catch {
            streamed = error
        }
        guard case .failure(let expected) = Self.artifact(cut, .x86_64, CompilerOptions(jobs: 1)) else { return }
        #expect(streamed == expected)
    }

    @Test("streaming on several threads: the same code as compiling the whole module on one")
    func streamingChunks() throws {
        let bytes = try Wat.wasm(Self.manyFunctions(120))
        let (_, whole) = try compileModule(bytes, options: CompilerOptions(jobs: 1))
        for step in [1, 13, 4096] {
            var compilation = HostCompilation(options: CompilerOptions(jobs: 3, chunkBytes: 300))
            var i = 0
            while i < bytes.count {
                try compilation.feed(bytes[i..<min(i + step, bytes.count)])
                i += step
            }
            let (_, code) = try compilation.finish()
            #expect(code.code == whole.code, "fed \(step) bytes at a time")
            #expect(code.trapSites == whole.trapSites)
            #expect(code.callSites == whole.callSites)
            #expect(code.functionOffsets == whole.functionOffsets)
        }
    }

    @Test("memory.init without a data count section in several chunks: the same error as one validator gives")
    func dataIndexWithoutCount() throws {
        var s = "(module (memory 1)\n"
        for i in 0..<40 {
            let index = [5, 9, 9, 2][i % 4]
            s += "(func (memory.init \(index) (i32.const 0) (i32.const 0) (i32.const 0)))\n"
        }
        s += "(data \"a\") (data \"b\"))"
        // Without a data count section the indices are checked at the end: the largest, at its first use.
        let bytes = Self.withoutDataCount(try Wat.wasm(s))
        let reference = Self.artifact(bytes, .x86_64, CompilerOptions(jobs: 1))
        guard case .failure(let error) = reference else {
            Issue.record("the module compiled")
            return
        }
        #expect(error.message.contains("data"))
        Self.expectSameForEveryVariant(bytes, "memory.init without a data count")
    }

    /// `bytes` without its data count section (id 12).
    static func withoutDataCount(_ bytes: [UInt8]) -> [UInt8] {
        var out = Array(bytes[0..<8])
        var i = 8
        while i < bytes.count {
            let id = bytes[i]
            var size = 0
            var shift = 0
            var j = i + 1
            while true {
                let b = bytes[j]
                size |= Int(b & 0x7F) << shift
                shift += 7
                j += 1
                if b & 0x80 == 0 { break }
            }
            if id != 12 { out += bytes[i..<j + size] }
            i = j + size
        }
        return out
    }
}

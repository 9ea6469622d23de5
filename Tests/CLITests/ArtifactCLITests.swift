// Ahead-of-time artifacts end to end: in-process round trips (compile → writeArtifact → Artifact → Instance → call)
// of the bench programs against the JIT, determinism on both architectures, and the `compile`/`run` verbs.

import Foundation
import SwasmABI
import SwasmCompiler
import SwasmRuntime
import Testing
import WasmDecoder

enum Bench {
    /// `<repo>/Benchmarks/bench` (vendored), from this file's location.
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Benchmarks/bench")

    /// (program, small argument, expected result as `swasm run` prints it).
    static let programs: [(name: String, arg: Int32, expected: String)] = [
        ("fib", 25, "75025"),
        ("nbody", 1000, "-5.3247833740827319"),
        ("sha256", 10, "-228486479"),
        ("sieve", 1, "283146"),
        ("matmul", 50, "5.7954391711391509"),
        ("qsort", 10000, "1610301520"),
        ("crc32", 2, "427274806"),
        ("interp", 1000, "3071347958522476540"),
        ("dispatch", 100000, "-8939755590666940381")
    ]

    static func path(_ name: String) -> String { dir.appendingPathComponent("\(name).wasm").path }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: dir.appendingPathComponent("\(name).wasm")))
    }
}

/// Compile for `arch` in process.
func compileFor(_ arch: Architecture, _ bytes: [UInt8], options: CompilerOptions = CompilerOptions()) throws -> (
    ModuleInfo, CompiledCode
) {
    switch arch {
    case .x86_64: try compileModule(bytes, options: options)
    case .aarch64: try compileModuleAArch64(bytes, options: options)
    }
}

/// Results printed as `swasm run` prints them (the expected strings above).
func show(_ v: Value) -> String {
    switch v {
    case .f64(let b):
        var buf = [CChar](repeating: 0, count: 64)
        _ = withVaList([Double(bitPattern: b)]) { vsnprintf(&buf, 64, "%.17g", $0) }
        return String(cString: buf)
    default: return v.description
    }
}

func runExport(_ module: ModuleInfo, _ code: CompiledCode, _ arg: Int32, gas: UInt64? = nil) throws -> (String, UInt64?)
{
    let instance = try Instance(module: module, code: code, imports: [])
    if let gas { instance.gasRemaining = gas }
    let f = try #require(instance.exportedFunction("run"))
    let r = try instance.call(f, [.i32(arg)])
    return (r.map(show).joined(separator: " "), gas.map { $0 - instance.gasRemaining })
}

@Suite struct ArtifactRoundTripTests {
    @Test(arguments: Bench.programs.map(\.name))
    func roundTrip(_ name: String) throws {
        let (_, arg, expected) = try #require(Bench.programs.first { $0.name == name })
        let wasm = try Bench.bytes(name)
        let (module, code) = try compileFor(.host, wasm)
        let jit = try runExport(module, code, arg).0
        #expect(jit == expected)

        let bytes = writeArtifact(module: module, code: code, arch: .host)
        let artifact = try Artifact(bytes: bytes)
        #expect(artifact.arch == .host && artifact.flags.subtracting(.cpuFeatures) == [])
        #expect(artifact.flags.intersection(.cpuFeatures) == code.cpuFeatures)
        // What the instance needs survives the trip.
        let m = artifact.module
        #expect(m.types == module.types && m.imports == module.imports)
        #expect(
            m.functionTypeIndices == module.functionTypeIndices
                && m.importedFunctionCount == module.importedFunctionCount)
        #expect(m.tables == module.tables && m.memories == module.memories && m.globals == module.globals)
        #expect(
            m.globalInitializers == module.globalInitializers && m.exports == module.exports && m.start == module.start)
        #expect(m.elements == module.elements && m.data == module.data && m.functionNames == module.functionNames)
        #expect(artifact.code.code == code.code && artifact.code.functionOffsets == code.functionOffsets)
        #expect(artifact.code.trapSites == code.trapSites)
        #expect(
            (artifact.code.entryTrampoline, artifact.code.trapExit, artifact.code.hostCallStub)
                == (code.entryTrampoline, code.trapExit, code.hostCallStub))

        // Loaded code is bytes until the one seal path maps it into an executable region, which every instance
        // then shares (sealing again changes nothing).
        guard case .bytes = artifact.code.storage else {
            Issue.record("loaded host code was mapped before the seal path")
            return
        }
        let (sealed, region) = try ExecutableMemory.seal(artifact.code)
        guard case .executable(let r, let n) = sealed.storage, r === region, n == code.byteCount,
            region.sealedBytes >= n, region.trapStub != nil
        else {
            Issue.record("sealed code is not in an executable region with a trap stub")
            return
        }
        let (again, sameRegion) = try ExecutableMemory.seal(sealed)
        #expect(sameRegion === region && again.byteCount == n)
        let loaded = try runExport(artifact.module, artifact.code, arg).0
        #expect(loaded == jit)
        // Two instances of one loaded artifact are independent.
        #expect(try runExport(artifact.module, artifact.code, arg).0 == jit)
    }

    @Test func meteredRoundTripChargesTheSameGas() throws {
        for name in ["fib", "sha256", "dispatch"] {
            let (_, arg, expected) = try #require(Bench.programs.first { $0.name == name })
            let options = CompilerOptions(explicitBoundsChecks: true, metering: CostModel())
            let (module, code) = try compileFor(.host, try Bench.bytes(name), options: options)
            let jit = try runExport(module, code, arg, gas: 1 << 40)
            let artifact = try Artifact(bytes: writeArtifact(module: module, code: code, arch: .host))
            #expect(artifact.flags.subtracting(.cpuFeatures) == [.explicitBoundsChecks, .metered])
            #expect(artifact.code.costModel == CostModel() && artifact.code.explicitBoundsChecks)
            let aot = try runExport(artifact.module, artifact.code, arg, gas: 1 << 40)
            #expect(jit.0 == expected && aot.0 == expected)
            #expect(
                jit.1 == aot.1 && (aot.1 ?? 0) > 0,
                "\(name): gas \(String(describing: jit.1)) vs \(String(describing: aot.1))")
        }
    }

    @Test func trapsAreLocatedInLoadedCode() throws {
        // (module (func $boom (export "boom") (param i32) (result i32) local.get 0 i32.const 0 i32.div_s))
        let wasm: [UInt8] = [
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
            0x03, 0x02, 0x01, 0x00,
            0x07, 0x08, 0x01, 0x04, 0x62, 0x6f, 0x6f, 0x6d, 0x00, 0x00,
            0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x41, 0x00, 0x6d, 0x0b
        ]
        let (module, code) = try compileFor(.host, wasm)
        let artifact = try Artifact(bytes: writeArtifact(module: module, code: code, arch: .host))
        func trap(_ m: ModuleInfo, _ c: CompiledCode) throws -> Trap? {
            let i = try Instance(module: m, code: c, imports: [])
            do { _ = try i.call(try #require(i.exportedFunction("boom")), [.i32(7)]) } catch let t as Trap { return t }
            return nil
        }
        let jit = try #require(try trap(module, code))
        let aot = try #require(try trap(artifact.module, artifact.code))
        #expect(jit.code == .integerDivideByZero && aot.code == jit.code)
        #expect(aot.functionIndex == jit.functionIndex && aot.wasmOffset == jit.wasmOffset)
    }

    @Test(arguments: Architecture.allCases)
    func deterministic(_ arch: Architecture) throws {
        for (name, _, _) in Bench.programs {
            let wasm = try Bench.bytes(name)
            for options in [CompilerOptions(), CompilerOptions(explicitBoundsChecks: true, metering: CostModel())] {
                let (m1, c1) = try compileFor(arch, wasm, options: options)
                let (m2, c2) = try compileFor(arch, wasm, options: options)
                let a = writeArtifact(module: m1, code: c1, arch: arch)
                let b = writeArtifact(module: m2, code: c2, arch: arch)
                #expect(a == b, "\(name) \(arch)")
                #expect(a.count % 8 == 0)
                // Every artifact loads (on any host, when the architecture is not required).
                let loaded = try Artifact(bytes: a, requiredArchitecture: nil)
                #expect(loaded.arch == arch)
                // Rewriting what was loaded gives the same bytes.
                #expect(writeArtifact(module: loaded.module, code: loaded.code, arch: arch) == a)
            }
        }
    }
}

@Suite struct ArtifactCLITests {
    static let other: Architecture = Architecture.host == .x86_64 ? .aarch64 : .x86_64

    @Test func compileAndRunEveryBench() throws {
        let dir = try TempDir()
        for (name, arg, expected) in Bench.programs {
            let out = dir.url.appendingPathComponent("\(name).swasm").path
            let c = try swasm(["compile", Bench.path(name), "-o", out])
            #expect(c.status == 0, "\(name): \(c.stderr)")
            #expect(c.stdout.isEmpty && c.stderr.isEmpty)
            let fromWasm = try swasm(["run", "--invoke", "run", Bench.path(name), "\(arg)"])
            let fromArtifact = try swasm(["run", "--invoke", "run", out, "\(arg)"])
            #expect(fromWasm.status == 0 && fromArtifact.status == 0, "\(name): \(fromArtifact.stderr)")
            #expect(fromWasm.stdout == "\(expected)\n")
            #expect(fromArtifact.stdout == fromWasm.stdout, "\(name)")
        }
    }

    @Test func compilingTwiceGivesIdenticalBytes() throws {
        let dir = try TempDir()
        for arch in Architecture.allCases {
            for flags in [[], ["--gas-metering", "--explicit-bounds"]] {
                var outputs: [Data] = []
                for k in 0..<2 {
                    let out = dir.url.appendingPathComponent("sha-\(arch)-\(flags.count)-\(k)").path
                    let r = try swasm(["compile", "--arch", "\(arch)"] + flags + [Bench.path("sha256"), "-o", out])
                    #expect(r.status == 0, "\(r.stderr)")
                    outputs.append(try Data(contentsOf: URL(fileURLWithPath: out)))
                }
                #expect(outputs[0] == outputs[1], "\(arch) \(flags)")
                #expect(outputs[0].prefix(8) == Data("SWASMAOT".utf8))
                #expect(outputs[0][12] == UInt8(arch.rawValue))
            }
        }
    }

    /// `--timeout` stops a long run with the trap "interrupted" (JIT, and an artifact compiled --interruptible);
    /// an artifact without interrupt checks is refused; a run that finishes in time is unaffected.
    @Test func timeoutInterruptsTheRun() throws {
        let jit = try swasm(["run", "--timeout", "0.2", "--invoke", "run", Bench.path("fib"), "60"])
        #expect(jit.status == 1)
        #expect(jit.stderrLines.first == "error: trap: interrupted", "\(jit.stderr)")
        let fast = try swasm(["run", "--timeout", "30", "--invoke", "run", Bench.path("fib"), "20"])
        let plainRun = try swasm(["run", "--invoke", "run", Bench.path("fib"), "20"])
        #expect(fast.status == 0 && fast.stdout == plainRun.stdout)
        let dir = try TempDir()
        let plain = dir.url.appendingPathComponent("plain").path
        let checked = dir.url.appendingPathComponent("interruptible").path
        #expect(try swasm(["compile", Bench.path("fib"), "-o", plain]).status == 0)
        #expect(try swasm(["compile", "--interruptible", Bench.path("fib"), "-o", checked]).status == 0)
        let refused = try swasm(["run", "--timeout", "0.2", "--invoke", "run", plain, "60"])
        #expect(refused.status == 1 && refused.stderr.contains("--interruptible"))
        let aot = try swasm(["run", "--timeout", "0.2", "--invoke", "run", checked, "60"])
        #expect(aot.status == 1 && aot.stderrLines.first == "error: trap: interrupted", "\(aot.stderr)")
    }

    @Test func gasNeedsAMeteredArtifact() throws {
        let dir = try TempDir()
        let plain = dir.url.appendingPathComponent("plain").path
        let metered = dir.url.appendingPathComponent("metered").path
        #expect(try swasm(["compile", Bench.path("fib"), "-o", plain]).status == 0)
        #expect(try swasm(["compile", "--gas-metering", Bench.path("fib"), "-o", metered]).status == 0)
        let refused = try swasm(["run", "--gas", "1000000", "--invoke", "run", plain, "20"])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error: ") && refused.stderr.contains("--gas-metering"))
        // Same output and gas as the JIT with --gas.
        let jit = try swasm(["run", "--gas", "1000000", "--invoke", "run", Bench.path("fib"), "20"])
        let aot = try swasm(["run", "--gas", "1000000", "--invoke", "run", metered, "20"])
        #expect(jit.status == 0 && aot.status == 0)
        #expect(aot.stdout == jit.stdout && aot.stderr == jit.stderr && jit.stderr.hasPrefix("gas used: "))
        let short = try swasm(["run", "--gas", "1000", "--invoke", "run", metered, "20"])
        let shortJIT = try swasm(["run", "--gas", "1000", "--invoke", "run", Bench.path("fib"), "20"])
        // Same trap and gas. (The JIT also prints a backtrace of callers; format v1 keeps no call sites, so an
        // artifact's trap shows the trap site only.)
        #expect(short.status == 1 && shortJIT.status == 1)
        #expect(
            short.stderrLines.first == "error: trap: out of gas"
                && shortJIT.stderrLines.first == short.stderrLines.first)
        #expect(short.stderrLines.last == shortJIT.stderrLines.last && short.stderr.contains("gas used: "))
        // Metered without --gas: unlimited.
        let free = try swasm(["run", "--invoke", "run", metered, "20"])
        #expect(free.status == 0 && free.stdout == "6765\n" && free.stderr.isEmpty)
    }

    /// Regression (issue 12, `spec-tests/regressions/gas-with-start.wat`): `--gas N` ran the start function before
    /// the budget was set, so every module with a start function trapped "out of gas" whatever N was.
    /// `(module (func $init) (start $init) (func (export "f") (result i32) i32.const 42))`
    static let startModule: [UInt8] = [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x60, 0x00, 0x00, 0x60, 0x00, 0x01, 0x7f,
        0x03, 0x03, 0x02, 0x00, 0x01, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x01, 0x08, 0x01, 0x00, 0x0a, 0x09, 0x02,
        0x02, 0x00, 0x0b, 0x04, 0x00, 0x41, 0x2a, 0x0b
    ]

    @Test func gasBudgetCoversTheStartFunction() throws {
        let dir = try TempDir()
        let wasm = try dir.write("start.wasm", Self.startModule)
        let metered = dir.url.appendingPathComponent("start.aot").path
        #expect(try swasm(["compile", "--gas-metering", wasm, "-o", metered]).status == 0)
        for file in [wasm, metered] {
            let r = try swasm(["run", "--gas", "1000000", "--invoke", "f", file])
            #expect(r.status == 0 && r.stdout == "42\n", "\(file): \(r.stderr)")
            // The start function's gas counts too: the whole run costs more than the call alone.
            let used = try #require(r.stderrLines.last.flatMap { UInt64($0.dropFirst("gas used: ".count)) })
            #expect(used > 1)
            let exact = try swasm(["run", "--gas", String(used), "--invoke", "f", file])
            #expect(exact.status == 0 && exact.stdout == "42\n")
            let short = try swasm(["run", "--gas", String(used - 1), "--invoke", "f", file])
            #expect(short.status == 1 && short.stderrLines.first == "error: trap: out of gas")
        }
    }

    @Test func rejectsBadArtifacts() throws {
        let dir = try TempDir()
        let good = dir.url.appendingPathComponent("good").path
        let foreign = dir.url.appendingPathComponent("foreign").path
        #expect(try swasm(["compile", Bench.path("fib"), "-o", good]).status == 0)
        #expect(try swasm(["compile", "--arch", "\(Self.other)", Bench.path("fib"), "-o", foreign]).status == 0)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: good)))

        func expectRejected(_ file: String, _ needle: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        {
            let r = try swasm(["run", "--invoke", "run", file, "5"])
            #expect(r.status == 1, "\(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
            #expect(
                r.stderrLines.count == 1 && r.stderr.hasPrefix("error: "), "\(r.stderr)", sourceLocation: sourceLocation
            )
            #expect(r.stderr.contains(needle), "\(r.stderr)", sourceLocation: sourceLocation)
        }
        try expectRejected(foreign, "compiled for \(Self.other)")
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x10
        try expectRejected(try dir.write("flipped", flipped), "checksum")
        for n in [8, 31, 32, 40, bytes.count / 2, bytes.count - 1] {
            try expectRejected(try dir.write("cut\(n)", Array(bytes.prefix(n))), "truncated")
        }
        var version = bytes
        version[8] = 9
        try expectRejected(try dir.write("version", version), "version 9")
    }

    @Test func compileErrors() throws {
        let dir = try TempDir()
        let out = dir.url.appendingPathComponent("out").path
        for module in [Modules.invalid, Modules.truncated, Modules.garbage] {
            let r = try swasm(["compile", try dir.write("m.wasm", module), "-o", out])
            #expect(r.status == 1)
            #expect(
                r.stderrLines.count == 1 && r.stderr.hasPrefix("error: ") && r.stderr.contains(" at offset "),
                "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        let wasm = try dir.write("ok.wasm", Modules.valid)
        for args in [
            ["compile"], ["compile", wasm], ["compile", "--arch", "mips", wasm, "-o", out],
            ["compile", "--bogus", wasm, "-o", out], ["compile", wasm, "-o"], ["compile", wasm, wasm, "-o", out],
            ["compile", dir.url.appendingPathComponent("missing.wasm").path, "-o", out]
        ] {
            let r = try swasm(args)
            #expect(r.status == 2, "args: \(args)")
            #expect(r.stderr.hasPrefix("error: "), "args: \(args)")
        }
        // The small module: compile, run, and arch spellings.
        #expect(try swasm(["compile", "--arch", "x86-64", wasm, "-o", out]).status == 0)
        #expect(try swasm(["compile", "--arch", "arm64", wasm, "-o", out]).status == 0)
        #expect(try swasm(["compile", wasm, "-o", out]).status == 0)
        let r = try swasm(["run", "--invoke", "add", out, "2", "40"])
        #expect(r.status == 0 && r.stdout == "42\n")
        let help = try swasm(["compile", "--help"])
        #expect(help.status == 0 && help.stdout.contains("usage: swasm compile"))
        #expect(try swasm(["--help"]).stdout.contains("compile"))
    }

    @Test func timingFlag() throws {
        let dir = try TempDir()
        let out = dir.url.appendingPathComponent("fib").path
        #expect(try swasm(["compile", Bench.path("fib"), "-o", out]).status == 0)
        let r = try swasm(["run", "--timing", "--invoke", "run", out, "10"])
        #expect(r.status == 0 && r.stdout == "55\n")
        #expect(r.stderr.hasPrefix("load: ") && r.stderr.contains("instantiate: ") && r.stderr.contains("first call: "))
        let w = try swasm(["run", "--timing", "--invoke", "run", Bench.path("fib"), "10"])
        #expect(w.stderr.hasPrefix("compile: "))
    }

    @Test func cacheFlag() throws {
        let dir = try TempDir()
        let cache = dir.url.appendingPathComponent("cache").path
        let first = try swasm(["run", "--cache", cache, "--timing", "--invoke", "run", Bench.path("fib"), "10"])
        #expect(first.status == 0 && first.stdout == "55\n")
        #expect(first.stderr.hasPrefix("compile: "))
        // The timing's warm repeat already loads from the cache.
        #expect(first.stderr.contains("warm: load (cache): "))
        // Entries (and, for a file unchanged for a second, a `.swasm-ref` recording its identity).
        func entries() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasSuffix(".swasm-cache") }
        }
        #expect(try entries().count == 1)
        let second = try swasm(["run", "--cache", cache, "--timing", "--invoke", "run", Bench.path("fib"), "10"])
        #expect(second.status == 0 && second.stdout == "55\n")
        #expect(second.stderr.hasPrefix("load (cache): "))
        // Other settings: another entry.
        let bounds = try swasm([
            "run", "--cache", cache, "--explicit-bounds", "--timing", "--invoke", "run", Bench.path("fib"), "10"
        ])
        #expect(bounds.stderr.hasPrefix("compile: "))
        #expect(try entries().count == 2)
        #expect(try swasm(["run", "--help"]).stdout.contains("--cache DIR"))
    }
}

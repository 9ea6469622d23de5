// `swasm compile [--arch A] [--gas-metering] [--explicit-bounds] FILE.wasm -o OUT`: ahead-of-time compilation
// into an artifact (docs/AOT-FORMAT.md) that `swasm run` loads without compiling.

@_spi(Tools) import Swasm

#if canImport(Glibc)
    import Glibc
#endif

enum CompileCommand {
    static let usage = """
        usage: swasm compile [--arch x86_64|aarch64] [--gas-metering] [--explicit-bounds] [--canonicalize-nans] [--interruptible] [--cpu baseline|host] [--jobs N] FILE.wasm -o OUT

        Compiles the module ahead of time into an artifact that 'swasm run' loads without compiling.
        The output is deterministic: compiling the same module with the same options gives the same bytes.
          --arch ARCH          target architecture (default: the host, \(Architecture.host))
          --gas-metering       emit metering code with the default cost model (needed for 'run --gas')
          --explicit-bounds    check every memory access explicitly instead of relying on guard pages
          --canonicalize-nans  deterministic NaNs: every float operation that can make a NaN makes the canonical
                               one (bit-identical results on x86-64 and AArch64)
          --interruptible      check for interrupts at function entries and loop headers ('run --timeout')
          --cpu baseline|host  optional CPU features the code may use: baseline (the default: runs on any CPU
                               swasm supports, the same bytes on any host) or host (this machine's, e.g. AVX;
                               a CPU without them refuses the artifact)
          --jobs N             compile function bodies on N threads (default: one per online core); the
                               artifact is the same for every N
          -o, --output OUT     where to write the artifact
          --batch              read "IN.wasm OUT" lines on standard input and answer one line each:
                               "ok", "unsupported: <message>" or "rejected: <message>" (test drivers)
        """

    static func run(_ args: [String]) -> Never {
        keepFreedMemory()
        var arch = Architecture.host
        var metering = false
        var explicitBounds = false
        var canonicalNaNs = false
        var interruptible = false
        var cpu = CPUFeatures.baseline
        var output: String?
        var batch = false
        var jobs: Int?
        var positional: [String] = []
        var i = 0
        var onlyPositional = false
        func value(_ flag: String) -> String {
            guard i + 1 < args.count else { CLI.usageError("\(flag) needs a value", help: "swasm compile --help") }
            i += 1
            return args[i]
        }
        while i < args.count {
            let a = args[i]
            if onlyPositional || !a.hasPrefix("-") || a == "-" {
                positional.append(a)
                i += 1
                continue
            }
            switch a {
            case "--": onlyPositional = true
            case "-h", "--help":
                CLI.out(usage)
                CLI.exit(.success)
            case "--arch":
                let name = value(a)
                guard let a = Architecture(name: name) else {
                    CLI.usageError(
                        "unknown architecture '\(CLI.oneLine(name))' (expected x86_64 or aarch64)",
                        help: "swasm compile --help")
                }
                arch = a
            case "--gas-metering": metering = true
            case "--batch": batch = true
            case "--explicit-bounds": explicitBounds = true
            case "--canonicalize-nans": canonicalNaNs = true
            case "--interruptible": interruptible = true
            case "--cpu":
                switch value(a) {
                case "baseline": cpu = .baseline
                case "host": cpu = .host
                case let other:
                    CLI.usageError(
                        "unknown --cpu '\(CLI.oneLine(other))' (expected baseline or host)",
                        help: "swasm compile --help")
                }
            case "-o", "--output": output = value(a)
            case "--jobs": jobs = CLI.jobCount(value(a), help: "swasm compile --help")
            default:
                CLI.usageError("unknown option '\(CLI.oneLine(a))'", help: "swasm compile --help")
            }
            i += 1
        }
        if batch {
            guard positional.isEmpty, output == nil else {
                CLI.usageError("--batch takes its files on standard input", help: "swasm compile --help")
            }
            runBatch(
                arch: arch, metering: metering, explicitBounds: explicitBounds, canonicalNaNs: canonicalNaNs, cpu: cpu,
                interruptible: interruptible, jobs: jobs)
        }
        guard let file = positional.first else { CLI.usageError("missing FILE.wasm", help: "swasm compile --help") }
        guard positional.count == 1 else {
            CLI.usageError("unexpected argument '\(CLI.oneLine(positional[1]))'", help: "swasm compile --help")
        }
        guard let output else { CLI.usageError("missing -o OUT", help: "swasm compile --help") }
        let bytes: FileBytes
        do { bytes = try CLI.readModule(file) } catch {
            CLI.err("error: \(CLI.oneLine(error.description))")
            CLI.exit(.usage)
        }
        if Module.isArtifact(bytes) {
            CLI.err("error: '\(CLI.oneLine(file))' is already a compiled artifact")
            CLI.exit(.failure)
        }
        let engine = engine(
            metering: metering, explicitBounds: explicitBounds, canonicalNaNs: canonicalNaNs, cpu: cpu,
            interruptible: interruptible, jobs: jobs)
        let artifact: ArtifactFile
        do { artifact = try Module.artifactFile(compiling: bytes, for: arch, engine: engine) } catch {
            CLI.err("error: \(CLI.oneLine(error.message)) at offset \(error.offset)")
            CLI.exit(.failure)
        }
        // Alive until the process exits: freeing the module and its code object by object would only delay the exit.
        let written: FileError? = withExtendedLifetime((artifact, bytes)) {
            do throws(FileError) {
                try artifact.write(to: output)
            } catch {
                return error
            }
            CLI.exit(.success)
        }
        CLI.err("error: \(CLI.oneLine(written?.description ?? "cannot write '\(output)'"))")
        CLI.exit(.usage)
    }

    /// One compile per input line, in this process (no start-up cost per module).
    static func runBatch(
        arch: Architecture, metering: Bool, explicitBounds: Bool, canonicalNaNs: Bool, cpu: CPUFeatures,
        interruptible: Bool, jobs: Int?
    ) -> Never {
        let engine = engine(
            metering: metering, explicitBounds: explicitBounds, canonicalNaNs: canonicalNaNs, cpu: cpu,
            interruptible: interruptible, jobs: jobs)
        while let line = readLine() {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                CLI.out("rejected: expected 'IN OUT'")
                continue
            }
            let bytes: FileBytes
            do { bytes = try CLI.readModule(parts[0]) } catch {
                CLI.out("rejected: \(CLI.oneLine(error.description))")
                continue
            }
            do {
                try Module.artifactFile(compiling: bytes, for: arch, engine: engine).write(to: parts[1])
                CLI.out("ok")
            } catch let e as WasmError {
                CLI.out(
                    "\(e.kind == .unsupported ? "unsupported" : "rejected"): \(CLI.oneLine(e.message)) at offset \(e.offset)"
                )
            } catch {
                CLI.out("rejected: \(CLI.oneLine("\(error)"))")
            }
            fflush(nil) // answered: if a later module kills the compiler, the driver knows which one
        }
        CLI.exit(.success)
    }

    /// The compilation settings of an artifact (only they matter: the engine compiles nothing here itself).
    static func engine(
        metering: Bool, explicitBounds: Bool, canonicalNaNs: Bool, cpu: CPUFeatures, interruptible: Bool = false,
        jobs: Int? = nil
    ) -> Engine {
        var c = Engine.Configuration(
            boundsChecking: explicitBounds ? .explicit : .guardPages,
            metering: metering ? CostModel() : nil, canonicalizeNaNs: canonicalNaNs)
        c.cpuFeatures = cpu
        c.interruptible = interruptible
        c.compileJobs = jobs
        return Engine(c)
    }

    /// A compile allocates and frees buffers of hundreds of kilobytes per chunk of functions, on several threads.
    /// By default glibc gives such blocks back to the kernel (`munmap`, heap trimming) and takes fresh ones, which
    /// the kernel must fault in and zero again; the process is short-lived, so it keeps what it frees instead.
    static func keepFreedMemory() {
        #if canImport(Glibc)
            // <malloc.h>'s M_TRIM_THRESHOLD (-1) and M_MMAP_THRESHOLD (-3), which Swift does not import.
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            guard let mallopt = dlsym(nil, "mallopt").map({ unsafeBitCast($0, to: Mallopt.self) }) else { return }
            _ = mallopt(-3, 64 << 20)
            _ = mallopt(-1, 1 << 30)
        #endif
    }

    /// Writes `bytes` to `path` (atomically: a temporary file, then a rename).
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(CLI.IOError) {
        do { try writeWholeFile(path, bytes) } catch { throw CLI.IOError(description: error.description) }
    }
}

// `swasm run [OPTIONS] FILE [ARGS...]`: compile (single pass, in memory) or load an ahead-of-time artifact
// (`swasm compile`, detected by its magic), link WASI, and run the program (`_start`) or call an export.

@_spi(Tools) import Swasm
import SwasmWASI

#if canImport(Glibc)
    import Glibc
#endif

enum RunCommand {
    static let usage = """
        usage: swasm run [OPTIONS] FILE [ARGS...]

        Compiles the module (or loads an artifact made by 'swasm compile'; told apart by its first bytes) and
        runs it. Options come before FILE; everything after FILE belongs to the program (for a module that is
        not a WASI command, i.e. exports no `_start`, the options may also follow FILE, as before WASI).

        Without --invoke it runs the WASI command `_start` with argv = FILE ARGS...; the exit status is the
        program's `proc_exit` code (0 if `_start` returns). With --invoke NAME it calls the exported function
        NAME with ARGS parsed by its signature (integers in decimal, floats like 1.5, nan, inf, -inf) and prints
        the results one per line; a reactor's `_initialize` runs first. A guest trap prints
        'error: trap: <message>' and the wasm backtrace, and exits 1.
          --invoke NAME        call the export NAME instead of running `_start`
          --env NAME=VALUE     set an environment variable for the program (repeatable)
          --inherit-env        pass the host's environment on (before any --env)
          --dir HOST[::GUEST]  let the program use the host directory HOST, seen as GUEST (default: HOST)
          --dir-readonly HOST[::GUEST]
                               the same, read-only (nothing beneath it can be created, written or removed)
          --tcplisten ADDR:PORT
                               listen on this IPv4 address and give the socket to the program (after the
                               directories) for sock_accept, sock_recv, sock_send, sock_shutdown
          --gas N              meter the run with the default cost model and a budget of N; prints
                               'gas used: <U>' on stderr at exit (also after a trap); running out is
                               the trap 'out of gas'. An artifact must be compiled with --gas-metering
                               (its own cost model applies)
          --explicit-bounds    check memory accesses in code instead of using guard pages (no 8 GiB reservation)
          --canonicalize-nans  deterministic NaNs: every float operation that can make a NaN makes the
                               canonical one (an artifact must be compiled with it)
          --max-memory PAGES   cap linear memory at PAGES 64 KiB pages (memory.grow returns -1 beyond)
          --timeout SECONDS    stop the run after SECONDS of wall-clock time (decimals allowed) with the trap
                               'interrupted': compiles interruptible code (an artifact must be compiled with
                               --interruptible)
          --interruptible      compile interruptible code (checks at function entries and loop headers) even
                               without --timeout
          --cache DIR          keep compiled modules in DIR (created if missing), keyed by the module's bytes,
                               the compilation settings and the swasm version: a later run of the same module
                               loads the artifact instead of compiling; corrupt or stale entries are rewritten
        """

    static func run(_ args: [String]) -> Never {
        var invoke: String?
        var gas: UInt64?
        var maxPages: Int?
        var explicitBounds = false
        var canonicalNaNs = false
        var timeout: Double?
        var interruptible = false
        var timing = false
        var cacheDirectory: String?
        var wasi = WASIConfiguration()
        var inheritEnv = false
        var env: [(String, String)] = []
        /// The options that choose what to call and how to compile (also accepted after FILE for modules that are
        /// not WASI commands); false if `a` is not one. `value` takes the option's argument.
        func callOption(_ a: String, _ value: () -> String) -> Bool {
            switch a {
            case "--invoke": invoke = value()
            case "--gas":
                guard let n = UInt64(value()) else {
                    CLI.usageError("--gas needs a non-negative integer", help: "swasm run --help")
                }
                gas = n
            case "--timing":
                // Hidden: prints load/compile, instantiate and first-call times on stderr, then repeats the
                // three steps once more in the same process ("warm:" line; the call runs twice).
                timing = true
            case "--explicit-bounds":
                // Check every memory access in code instead of relying on guard pages (hosts short of address
                // space); the memory is then a plain allocation without the 8 GiB reservation.
                explicitBounds = true
            case "--canonicalize-nans": canonicalNaNs = true
            case "--interruptible": interruptible = true
            case "--timeout":
                guard let s = Double(value()), s >= 0, s.isFinite else {
                    CLI.usageError("--timeout needs a number of seconds", help: "swasm run --help")
                }
                timeout = s
                interruptible = true
            case "--max-memory":
                guard let n = Int(value()), n >= 0, n <= 65536 else {
                    CLI.usageError("--max-memory needs a page count (0...65536)", help: "swasm run --help")
                }
                maxPages = n
            default:
                return false
            }
            return true
        }
        var i = 0
        func value(_ flag: String) -> String {
            guard i + 1 < args.count else { CLI.usageError("\(flag) needs a value", help: "swasm run --help") }
            i += 1
            return args[i]
        }
        func preopen(_ spec: String, readOnly: Bool) {
            let parts = spec.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let host = parts.first, !host.isEmpty else {
                CLI.usageError("--dir needs HOST[::GUEST]", help: "swasm run --help")
            }
            wasi.preopens.append(
                .init(hostPath: host, guestPath: parts.count > 1 ? parts[1] : host, readOnly: readOnly))
        }
        // Options, up to FILE.
        var endOfOptions = false
        while i < args.count && !endOfOptions {
            let a = args[i]
            if !a.hasPrefix("-") || a == "-" { break }
            if callOption(a, { value(a) }) {
                i += 1
                continue
            }
            switch a {
            case "--": endOfOptions = true
            case "-h", "--help":
                CLI.out(usage)
                CLI.exit(.success)
            case "--env":
                let kv = value(a)
                guard let eq = kv.firstIndex(of: "="), eq != kv.startIndex else {
                    CLI.usageError("--env needs NAME=VALUE", help: "swasm run --help")
                }
                env.append((String(kv[..<eq]), String(kv[kv.index(after: eq)...])))
            case "--inherit-env": inheritEnv = true
            case "--cache": cacheDirectory = value(a)
            case "--dir": preopen(value(a), readOnly: false)
            case "--dir-readonly": preopen(value(a), readOnly: true)
            case "--tcplisten": wasi.sockets.append(listen(value(a)))
            default:
                CLI.usageError("unknown option '\(a)'", help: "swasm run --help")
            }
            i += 1
        }
        guard i < args.count else { CLI.usageError("missing FILE.wasm", help: "swasm run --help") }
        let file = args[i]
        var programArgs = Array(args[(i + 1)...])
        wasi.arguments = [file] + programArgs
        if inheritEnv {
            var p = environ
            while let entry = p.pointee {
                let kv = String(cString: entry)
                if let eq = kv.firstIndex(of: "=") {
                    wasi.environment.append((String(kv[..<eq]), String(kv[kv.index(after: eq)...])))
                }
                p += 1
            }
        }
        wasi.environment += env
        let bytes: FileBytes
        do { bytes = try CLI.readModule(file) } catch {
            CLI.err("error: \(CLI.oneLine(error.description))")
            CLI.exit(.usage)
        }
        // The form from before WASI, `swasm run fib.wasm --invoke run 25`: options after FILE. It stays for modules
        // that are not WASI commands (no `_start`), whose arguments are never the program's own.
        let lateOptions: Set<String> = [
            "--invoke", "--gas", "--max-memory", "--explicit-bounds", "--timing", "--canonicalize-nans"
        ]
        if invoke == nil, programArgs.contains(where: lateOptions.contains),
            let exports = Module.exportNames(of: bytes), !exports.contains("_start")
        {
            var positional: [String] = []
            var k = 0
            while k < programArgs.count {
                let a = programArgs[k]
                let isOption = callOption(a) {
                    guard k + 1 < programArgs.count else {
                        CLI.usageError("\(a) needs a value", help: "swasm run --help")
                    }
                    k += 1
                    return programArgs[k]
                }
                if !isOption { positional.append(a) }
                k += 1
            }
            programArgs = positional
        }
        let isArtifact = Module.isArtifact(bytes)
        var configuration = Engine.Configuration()
        if explicitBounds { configuration.boundsChecking = .explicit }
        configuration.canonicalizeNaNs = canonicalNaNs
        configuration.interruptible = interruptible
        // Undocumented A/B knob (SSE against AVX code, e.g. under Benchmarks/simd-bench.py): SWASM_CPU=baseline
        // compiles without the optional CPU features the engine would use on this machine.
        if let cpu = getenv("SWASM_CPU"), String(cString: cpu) == "baseline" { configuration.cpuFeatures = .baseline }
        if gas != nil && !isArtifact { configuration.metering = CostModel() }
        if let maxPages { configuration.limits.maxMemoryPages = maxPages }
        // A cache applies to modules compiled here, not to artifacts (already compiled).
        let engine = Engine(configuration, cacheDirectory: isArtifact ? nil : cacheDirectory)
        func load() throws -> Module {
            if isArtifact { return try Module(engine: engine, artifact: Array(bytes)) }
            // With a cache, by path: an unchanged file is then found by its identity, without hashing its bytes.
            if cacheDirectory != nil && file != "-" { return try Module(engine: engine, contentsOf: file) }
            return try Module(engine: engine, bytes: bytes)
        }
        let t0 = now()
        let module: Module
        do { module = try load() } catch {
            if isArtifact {
                CLI.err("error: cannot load artifact '\(CLI.oneLine(file))': \(CLI.oneLine(describe(error)))")
            } else {
                CLI.err("error: \(CLI.oneLine(describe(error)))")
            }
            CLI.exit(.failure)
        }
        if isArtifact && gas != nil && !module.isMetered {
            CLI.err(
                "error: --gas needs metered code, but '\(CLI.oneLine(file))' was compiled without metering; "
                    + "recompile it with 'swasm compile --gas-metering'")
            CLI.exit(.failure)
        }
        if isArtifact && timeout != nil && !module.isInterruptible {
            CLI.err(
                "error: --timeout needs interruptible code, but '\(CLI.oneLine(file))' was compiled without it; "
                    + "recompile it with 'swasm compile --interruptible'")
            CLI.exit(.failure)
        }
        let t1 = now()
        // Imports come from a linker, like any embedder's: WASI, and nothing else yet.
        let linker = Linker(engine: engine)
        if module.imports.contains(where: { $0.module == WASI.moduleName }) {
            do {
                try WASI(configuration: wasi).define(in: linker)
            } catch {
                CLI.err("error: \(CLI.oneLine("\(error)"))")
                CLI.exit(.usage)
            }
        }
        let unresolved = module.imports.filter { linker.lookup($0.module, $0.name) == nil }
        if !unresolved.isEmpty {
            CLI.err("error: unknown import: \(unresolved.map { "\($0.module).\($0.name)" }.joined(separator: ", "))")
            CLI.exit(.failure)
        }
        // The budget is in place before instantiation: the start function runs on it too. A metered artifact run
        // without --gas gets an unlimited budget.
        let budget = module.isMetered ? gas ?? .max : 0
        var instance: Instance?
        func reportGas() {
            if let gas, let instance { CLI.err("gas used: \(gas - instance.gasRemaining)") }
        }
        /// Ends the run for an error of the guest: its exit code, a trap, or a host failure.
        func fail(_ error: Error) -> Never {
            if let exit = error as? WASIExit {
                reportGas()
                fflush(nil)
                Glibc.exit(Int32(truncatingIfNeeded: exit.code))
            }
            CLI.err("error: \(CLI.oneLine(describe(error)))")
            if let t = error as? Trap {
                for f in t.frames { CLI.err("    at \(f)") }
            }
            reportGas()
            CLI.exit(.failure)
        }
        do { instance = try linker.instantiate(module, gas: budget) } catch { fail(error) }
        guard let instance else { CLI.exit(.failure) }
        let t2 = now()
        let name = invoke ?? "_start"
        guard case .function(let f) = instance.export(name) else {
            CLI.err("error: no exported function '\(CLI.oneLine(name))'")
            CLI.exit(.failure)
        }
        var values: [Value] = []
        if invoke != nil {
            guard programArgs.count == f.type.params.count else {
                CLI.usageError(
                    "'\(name)' takes \(f.type.params.count) argument(s) \(f.type), got \(programArgs.count)",
                    help: "swasm run --help")
            }
            for (text, t) in zip(programArgs, f.type.params) {
                guard let v = parse(text, t) else {
                    CLI.usageError("cannot read '\(CLI.oneLine(text))' as \(t)", help: "swasm run --help")
                }
                values.append(v)
            }
            // A reactor is initialized before its exports are called.
            if name != "_initialize", case .function(let initialize) = instance.export("_initialize") {
                do { try initialize.call([]) } catch { fail(error) }
            }
        } else if !f.type.params.isEmpty || !f.type.results.isEmpty {
            CLI.err("error: '_start' must take and return nothing, it is \(f.type)")
            CLI.exit(.failure)
        }
        // Times: bytes in memory → module + code (artifact parse or compile) → instance → first call returned.
        let t3 = now()
        func reportTiming() {
            guard timing else { return }
            let t4 = now()
            func us(_ ns: UInt64) -> String {
                let tenths = (ns + 50) / 100
                return "\(tenths / 10).\(tenths % 10) µs"
            }
            let step = isArtifact ? "load" : module.loadedFromCache ? "load (cache)" : "compile"
            CLI.err(
                "\(step): \(us(t1 - t0)), instantiate: \(us(t2 - t1)), "
                    + "first call: \(us(t4 - t3)), total: \(us(t2 - t0 + t4 - t3))")
            // The same steps again, warm (code paths, allocator and runtime caches already touched).
            let w0 = now()
            guard let again = try? load() else { return }
            let w1 = now()
            guard let inst = try? linker.instantiate(again, gas: budget),
                case .function(let g) = inst.export(name)
            else { return }
            let w2 = now()
            _ = try? g.call(values)
            let w3 = now()
            CLI.err(
                "warm: \(again.loadedFromCache ? "load (cache)" : isArtifact ? "load" : "compile"): \(us(w1 - w0)), instantiate: \(us(w2 - w1)), "
                    + "call: \(us(w3 - w2)), total: \(us(w3 - w0))")
        }
        do {
            let results: [Value]
            if let timeout {
                results = try instance.withDeadline(seconds: timeout) { try f.call(values) }
            } else {
                results = try f.call(values)
            }
            reportTiming()
            for r in results { CLI.out(format(r)) }
        } catch {
            reportTiming()
            fail(error)
        }
        reportGas()
        CLI.exit(.success)
    }

    /// A listening TCP socket on `ADDR:PORT` (IPv4), or a usage error.
    static func listen(_ spec: String) -> Int32 {
        guard let colon = spec.lastIndex(of: ":"), let port = UInt16(spec[spec.index(after: colon)...]) else {
            CLI.usageError("--tcplisten needs ADDR:PORT", help: "swasm run --help")
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, String(spec[..<colon]), &address.sin_addr) == 1 else {
            CLI.usageError(
                "--tcplisten: '\(CLI.oneLine(String(spec[..<colon])))' is not an IPv4 address",
                help: "swasm run --help")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard fd >= 0, bound == 0, Glibc.listen(fd, 128) == 0 else {
            CLI.err("error: cannot listen on \(CLI.oneLine(spec)): \(CLI.errnoString())")
            CLI.exit(.usage)
        }
        return fd
    }

    /// Monotonic clock in nanoseconds.
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func describe(_ error: Error) -> String {
        if let t = error as? Trap { return "trap: \(t.message)" }
        if let e = error as? WasmError { return "\(e.message) at offset \(e.offset)" }
        return "\(error)"
    }

    static func parseFloat(_ s: String) -> Double? {
        switch s.lowercased() {
        case "nan", "+nan": return .nan
        case "-nan": return -Double.nan
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return Double(s)
        }
    }

    static func parse(_ s: String, _ t: ValueType) -> Value? {
        switch t {
        case .i32:
            if let v = Int32(s) { return .i32(v) }
            if let v = UInt32(s) { return .i32(Int32(bitPattern: v)) }
            return nil
        case .i64:
            if let v = Int64(s) { return .i64(v) }
            if let v = UInt64(s) { return .i64(Int64(bitPattern: v)) }
            return nil
        case .f32: return parseFloat(s).map { .f32(Float($0)) }
        case .f64: return parseFloat(s).map { .f64($0) }
        default: return nil
        }
    }

    /// Integers in signed decimal; floats like C's `%.9g` / `%.17g` (round-trip precision, as the native
    /// bench baselines print them); NaN as `nan`, infinities as `inf` / `-inf`.
    static func format(_ v: Value) -> String {
        switch v {
        case .f32(let b): return formatFloat(Double(Float(bitPattern: b)), digits: 9)
        case .f64(let b): return formatFloat(Double(bitPattern: b), digits: 17)
        default: return v.description
        }
    }

    static func formatFloat(_ d: Double, digits: Int32) -> String {
        if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var buf = [CChar](repeating: 0, count: 64)
        _ = withVaList([d]) { vsnprintf(&buf, 64, "%.\(digits)g", $0) }
        return String(cString: buf)
    }
}

// `swasm spectest`: runs wast2json scripts. On the host arch (x86-64) every command is executed
// (SpecExecutor.swift); for another arch only decoding/validation runs and execution commands are
// skipped with a stated reason.

#if canImport(Glibc)
import Glibc
#endif
import WasmDecoder

enum SpecTestCommand {
    static let usage = """
        usage: swasm spectest [--arch x86_64|aarch64] [--explicit-bounds] [--metered] [--verbose] [--timeout SECONDS] FILE.json ...

        Runs spec-test scripts converted by wabt's wast2json (module files are read relative
        to each JSON file). Prints one line per script, its failures, a summary of skip reasons
        and finally 'spec <arch>: P passed, F failed, S skipped (T text not run)'.
        Modules are compiled and run in this process for the host arch; for another arch only
        decoding/validation runs. --explicit-bounds compiles explicit memory bounds checks and uses
        explicit-bounds memories instead of guard pages. --metered compiles gas metering and gives each instance
        2^60 gas (results must not change). A command running longer than --timeout (default 20 s, 0 = none)
        ends the run with status 3. Exits 1 if any command failed, 2 on usage errors.
        """

    static let aarch64Reason = "aarch64 execution needs the qemu harness (issue #5)"

    static func run(_ args: [String]) -> Never {
        var arch = hostArch
        var verbose = false
        var explicitBounds = false
        var metered = false
        var files: [String] = []
        var i = 0
        var onlyFiles = false
        while i < args.count {
            let a = args[i]
            i += 1
            if onlyFiles || !a.hasPrefix("-") {
                files.append(a)
                continue
            }
            switch a {
            case "--": onlyFiles = true
            case "-h", "--help":
                CLI.out(usage)
                CLI.exit(.success)
            case "-v", "--verbose": verbose = true
            case "--explicit-bounds": explicitBounds = true
            case "--metered": metered = true
            case "--timeout":
                guard i < args.count, let t = UInt32(args[i]) else {
                    CLI.usageError("--timeout needs a number of seconds", help: "swasm spectest --help")
                }
                Watchdog.seconds = t
                i += 1
            case "--arch":
                guard i < args.count else { CLI.usageError("--arch needs a value", help: "swasm spectest --help") }
                arch = args[i]
                i += 1
            case _ where a.hasPrefix("--arch="):
                arch = String(a.dropFirst("--arch=".count))
            default:
                CLI.usageError("unknown option '\(a)'", help: "swasm spectest --help")
            }
        }
        guard arch == "x86_64" || arch == "aarch64" else {
            CLI.usageError("unknown arch '\(arch)' (x86_64 or aarch64)", help: "swasm spectest --help")
        }
        guard !files.isEmpty else { CLI.usageError("missing FILE.json", help: "swasm spectest --help") }

        // Code generation exists for the host only; another arch needs the qemu harness.
        let execute = arch == hostArch && hostArch == "x86_64"
        let skipReason = arch == "aarch64" ? aarch64Reason : "no code generator for \(arch) on this host"
        var total = Tally()
        var skipReasons: [String: Int] = [:]
        var mismatches = 0
        for path in files {
            var runner = ScriptRunner(jsonPath: path, verbose: verbose, execute: execute,
                                      executionSkipReason: skipReason, explicitBounds: explicitBounds,
                                      metered: metered)
            runner.run()
            total.add(runner.tally)
            mismatches += runner.messageMismatches.count
            for (r, n) in runner.skipReasons { skipReasons[r, default: 0] += n }
            CLI.out(runner.report())
            fflush(nil)  // a timeout or crash in a later script keeps this one's report
        }
        CrashReporter.setContext("")
        if !skipReasons.isEmpty {
            CLI.out("skip reasons:")
            for (r, n) in skipReasons.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                CLI.out("  \(n)  \(r)")
            }
        }
        if mismatches > 0 {
            CLI.out("rejected with a different message than expected: \(mismatches)"
                    + (verbose ? "" : " (--verbose lists them)"))
        }
        CLI.out("spec \(arch): \(total.passed) passed, \(total.failed) failed, \(total.skipped) skipped (\(total.textNotRun) text not run)")
        CLI.exit(total.failed > 0 ? .failure : .success)
    }

    static var hostArch: String {
        #if arch(arm64)
        "aarch64"
        #else
        "x86_64"
        #endif
    }
}

struct Tally {
    var passed = 0
    var failed = 0
    var skipped = 0
    var textNotRun = 0

    mutating func add(_ o: Tally) {
        passed += o.passed
        failed += o.failed
        skipped += o.skipped
        textNotRun += o.textNotRun
    }
}

/// Runs one script.
struct ScriptRunner {
    struct Failure {
        var line: Int
        var command: String
        var message: String
    }

    let jsonPath: String
    let verbose: Bool
    var name: String
    var tally = Tally()
    var failures: [Failure] = []
    var skipReasons: [String: Int] = [:]
    /// Rejected as expected, but our message does not start with the expected text.
    var messageMismatches: [Failure] = []

    /// Executes commands when set; otherwise only decodes/validates (skipping execution with `executionSkipReason`).
    var session: SpecSession?
    let executionSkipReason: String

    init(jsonPath: String, verbose: Bool, execute: Bool, executionSkipReason: String, explicitBounds: Bool = false,
         metered: Bool = false) {
        self.jsonPath = jsonPath
        self.verbose = verbose
        self.name = ScriptRunner.basename(jsonPath)
        self.executionSkipReason = executionSkipReason
        if execute {
            let dir = ScriptRunner.directory(of: jsonPath)
            session = SpecSession(explicitBounds: explicitBounds, metered: metered) { f in f.hasPrefix("/") ? f : dir + "/" + f }
        }
    }

    var directory: String { ScriptRunner.directory(of: jsonPath) }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    func resolve(_ filename: String) -> String {
        filename.hasPrefix("/") ? filename : directory + "/" + filename
    }

    static func basename(_ p: String) -> String {
        guard let slash = p.lastIndex(of: "/") else { return p }
        return String(p[p.index(after: slash)...])
    }

    mutating func fail(_ line: Int, _ command: String, _ message: String) {
        tally.failed += 1
        failures.append(Failure(line: line, command: command, message: CLI.oneLine(message)))
    }

    mutating func skip(_ reason: String) {
        tally.skipped += 1
        skipReasons[reason, default: 0] += 1
    }

    mutating func run() {
        CrashReporter.setContext(jsonPath)
        let script: SpecScript
        do throws(CLI.IOError) {
            let bytes = try CLI.readFile(jsonPath)
            let json: JSON
            do { json = try JSONParser.parse(bytes) } catch { throw CLI.IOError(description: "\(jsonPath): \(error)") }
            do { script = try SpecScript(json: json) } catch { throw CLI.IOError(description: "\(jsonPath): \(error)") }
        } catch {
            fail(0, "script", error.description)
            return
        }
        if script.sourceFilename != "?" { name = ScriptRunner.basename(script.sourceFilename) }
        for c in script.commands { run(c) }
        session = nil  // release the script's instances
    }

    /// Reads and validates a module file; `nil` error means valid.
    func validate(_ file: SpecModuleFile, line: Int) -> Result<ModuleInfo, ValidationProblem> {
        let path = resolve(file.filename)
        let bytes: [UInt8]
        do { bytes = try CLI.readFile(path) } catch { return .failure(.io(error.description)) }
        CrashReporter.setContext("\(path) (\(name):\(line))")
        do {
            return .success(try validateModule(bytes))
        } catch {
            return .failure(.rejected(error))
        }
    }

    enum ValidationProblem: Error {
        case io(String)
        case rejected(WasmError)
    }

    mutating func run(_ c: SpecCommand) {
        if let session {
            Watchdog.arm("\(name):\(c.line) \(c.typeName)")
            execute(c, session)
            Watchdog.disarm()
        } else {
            validateOnly(c)
        }
    }

    /// Records an outcome.
    mutating func record(_ o: SpecOutcome, _ line: Int, _ command: String) {
        switch o {
        case .pass: tally.passed += 1
        case .fail(let m): fail(line, command, m)
        case .skip(let r): skip("\(command): \(r)")
        case .passMismatch(let m):
            tally.passed += 1
            messageMismatches.append(Failure(line: line, command: command, message: CLI.oneLine(m)))
        }
    }

    /// Checks a rejected module's message and kind against the script's expectation.
    mutating func checkRejection(_ c: SpecCommand, _ e: WasmError, text: String) {
        tally.passed += 1
        let wantKind: WasmError.Kind
        if case .assertInvalid = c { wantKind = .invalid } else { wantKind = .malformed }
        if !e.message.hasPrefix(text) || e.kind != wantKind {
            let kindNote = e.kind == wantKind ? "" : " [\(e.kind) instead of \(wantKind)]"
            messageMismatches.append(Failure(
                line: c.line, command: c.typeName,
                message: CLI.oneLine("expected \"\(text)\", got \"\(e.description)\"\(kindNote)")))
        }
    }

    /// Decoding and validation only (no code generation for this arch here): execution commands are skipped.
    mutating func validateOnly(_ c: SpecCommand) {
        let exec = "\(c.typeName): \(executionSkipReason)"
        switch c {
        case .module(let line, _, let file):
            if file.type == .text {
                tally.textNotRun += 1
                return
            }
            switch validate(file, line: line) {
            case .success: tally.passed += 1
            case .failure(.io(let m)): fail(line, c.typeName, m)
            case .failure(.rejected(let e)): fail(line, c.typeName, "rejected: \(e.description)")
            }

        case .assertInvalid(let line, let file, let text), .assertMalformed(let line, let file, let text):
            validateRejected(c, line: line, file: file, text: text)

        case .assertUnlinkable(let line, let file, _), .assertUninstantiable(let line, let file, _):
            if file.type == .text {
                tally.textNotRun += 1
                return
            }
            switch validate(file, line: line) {
            case .success: skip(exec)
            case .failure(.io(let m)): fail(line, c.typeName, m)
            case .failure(.rejected(let e)): fail(line, c.typeName, "module must validate, rejected: \(e.description)")
            }

        case .register, .action, .assertReturn, .assertTrap, .assertExhaustion:
            skip(exec)

        case .unsupported(_, let type, let reason):
            skip("\(type): \(reason)")
        }
    }

    /// `assert_invalid` / `assert_malformed`: the module must be rejected by the decoder/validator.
    mutating func validateRejected(_ c: SpecCommand, line: Int, file: SpecModuleFile, text: String) {
        if file.type == .text {
            tally.textNotRun += 1
            return
        }
        switch validate(file, line: line) {
        case .success:
            fail(line, c.typeName, "expected \"\(text)\", accepted")
        case .failure(.io(let m)):
            fail(line, c.typeName, m)
        case .failure(.rejected(let e)):
            checkRejection(c, e, text: text)
        }
    }

    /// Runs a command for real.
    mutating func execute(_ c: SpecCommand, _ s: SpecSession) {
        let cmd = c.typeName
        switch c {
        case .module(let line, let name, let file):
            if file.type == .text {
                tally.textNotRun += 1
                return
            }
            setContext(file, line)
            let ref: SpecModuleRef
            switch s.instantiate(file) {
            case .instance(let inst):
                tally.passed += 1
                ref = .instance(inst)
            case .skip(let reason):
                skip("\(cmd): \(reason)")
                ref = .unavailable(reason)
            case .rejected(let m), .otherError(let m):
                fail(line, cmd, m)
                ref = .failed(line: line)
            case .linkError(let m):
                fail(line, cmd, "link error: \(m)")
                ref = .failed(line: line)
            case .trap(let m):
                fail(line, cmd, "trapped during instantiation: \(m)")
                ref = .failed(line: line)
            }
            s.current = ref
            if let name { s.named[name] = ref }

        case .register(let line, let name, let as_):
            switch s.lookup(name) {
            case nil:
                fail(line, cmd, "no module \(name ?? "(current)") to register")
            case .some(let ref):
                s.registry[as_] = ref
                switch ref {
                case .instance: tally.passed += 1
                case .unavailable(let reason): skip("\(cmd): \(reason)")
                case .failed(let l): fail(line, cmd, "module of line \(l) failed")
                }
            }

        case .assertInvalid(let line, let file, let text), .assertMalformed(let line, let file, let text):
            validateRejected(c, line: line, file: file, text: text)

        case .assertUnlinkable(let line, let file, let text):
            if file.type == .text {
                tally.textNotRun += 1
                return
            }
            setContext(file, line)
            switch s.instantiate(file) {
            case .linkError(let m):
                record(m.hasPrefix(text) ? .pass : .passMismatch("expected \"\(text)\", got \"\(m)\""), line, cmd)
            case .skip(let reason): skip("\(cmd): \(reason)")
            case .instance: fail(line, cmd, "expected link error \"\(text)\", instantiated")
            case .trap(let m): fail(line, cmd, "expected link error \"\(text)\", trapped: \(m)")
            case .rejected(let m), .otherError(let m): fail(line, cmd, "expected link error \"\(text)\", got: \(m)")
            }

        case .assertUninstantiable(let line, let file, let text):
            if file.type == .text {
                tally.textNotRun += 1
                return
            }
            setContext(file, line)
            switch s.instantiate(file) {
            case .trap(let m):
                if m.hasPrefix(text) { tally.passed += 1 } else { fail(line, cmd, "expected trap \"\(text)\", got trap \"\(m)\"") }
            case .skip(let reason): skip("\(cmd): \(reason)")
            case .instance: fail(line, cmd, "expected trap \"\(text)\", instantiated")
            case .linkError(let m): fail(line, cmd, "expected trap \"\(text)\", link error: \(m)")
            case .rejected(let m), .otherError(let m): fail(line, cmd, "expected trap \"\(text)\", got: \(m)")
            }

        case .action(let line, let a, _):
            CrashReporter.setContext("\(name):\(line) \(cmd)")
            switch s.perform(a) {
            case .values: tally.passed += 1
            case .trap(let m): fail(line, cmd, "\(SpecSession.describe(a)): trapped: \(m)")
            case .error(let m): fail(line, cmd, "\(SpecSession.describe(a)): \(m)")
            case .skip(let r): skip("\(cmd): \(r)")
            }

        case .assertReturn(let line, let a, let expected):
            CrashReporter.setContext("\(name):\(line) \(cmd)")
            switch s.perform(a) {
            case .values(let got):
                if let diff = SpecSession.check(got, expected) {
                    fail(line, cmd, "\(SpecSession.describe(a)): \(diff)")
                } else {
                    tally.passed += 1
                }
            case .trap(let m):
                fail(line, cmd, "\(SpecSession.describe(a)): expected \(SpecSession.describe(expected)), trapped: \(m)")
            case .error(let m): fail(line, cmd, "\(SpecSession.describe(a)): \(m)")
            case .skip(let r): skip("\(cmd): \(r)")
            }

        case .assertTrap(let line, let a, let text, _), .assertExhaustion(let line, let a, let text, _):
            CrashReporter.setContext("\(name):\(line) \(cmd)")
            switch s.perform(a) {
            case .trap(let m):
                if m.hasPrefix(text) { tally.passed += 1 } else {
                    fail(line, cmd, "\(SpecSession.describe(a)): expected trap \"\(text)\", got trap \"\(m)\"")
                }
            case .values(let got):
                fail(line, cmd, "\(SpecSession.describe(a)): expected trap \"\(text)\", returned \(SpecSession.describe(got))")
            case .error(let m): fail(line, cmd, "\(SpecSession.describe(a)): \(m)")
            case .skip(let r): skip("\(cmd): \(r)")
            }

        case .unsupported(_, let type, let reason):
            skip("\(type): \(reason)")
        }
    }

    func setContext(_ file: SpecModuleFile, _ line: Int) {
        CrashReporter.setContext("\(resolve(file.filename)) (\(name):\(line))")
    }

    func report() -> String {
        var s = "\(name): \(tally.passed) passed, \(tally.failed) failed, \(tally.skipped) skipped (\(tally.textNotRun) text not run)"
        for f in failures {
            s += "\n  FAIL line \(f.line): \(f.command): \(f.message)"
        }
        if verbose && !messageMismatches.isEmpty {
            s += "\n  \(messageMismatches.count) message mismatch(es):"
            for m in messageMismatches {
                s += "\n    line \(m.line): \(m.command): \(m.message)"
            }
        }
        return s
    }
}

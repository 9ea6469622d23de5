// `swasm spectest`: runs wast2json scripts. For now only decoding/validation is exercised;
// commands that need execution are skipped with a stated reason.

import WasmDecoder

enum SpecTestCommand {
    static let usage = """
        usage: swasm spectest [--arch x86_64|aarch64] [--verbose] FILE.json ...

        Runs spec-test scripts converted by wabt's wast2json (module files are read relative
        to each JSON file). Prints one line per script, its failures, a summary of skip reasons
        and finally 'spec <arch>: P passed, F failed, S skipped (T text not run)'.
        Exits 1 if any command failed, 2 on usage errors.
        """

    static let executionReason = "execution not implemented yet (issue #4)"

    static func run(_ args: [String]) -> Never {
        var arch = hostArch
        var verbose = false
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

        var total = Tally()
        var skipReasons: [String: Int] = [:]
        var mismatches = 0
        for path in files {
            var runner = ScriptRunner(jsonPath: path, verbose: verbose)
            runner.run()
            total.add(runner.tally)
            mismatches += runner.messageMismatches.count
            for (r, n) in runner.skipReasons { skipReasons[r, default: 0] += n }
            CLI.out(runner.report())
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

    init(jsonPath: String, verbose: Bool) {
        self.jsonPath = jsonPath
        self.verbose = verbose
        self.name = ScriptRunner.basename(jsonPath)
    }

    var directory: String {
        guard let slash = jsonPath.lastIndex(of: "/") else { return "." }
        return slash == jsonPath.startIndex ? "/" : String(jsonPath[..<slash])
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
    }

    /// Reads and validates a module file; `nil` error means valid.
    func validate(_ file: SpecModuleFile, line: Int) -> Result<ModuleInfo, ValidationProblem> {
        let path = file.filename.hasPrefix("/") ? file.filename : directory + "/" + file.filename
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
        let exec = "\(c.typeName): \(SpecTestCommand.executionReason)"
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
                tally.passed += 1
                let wantKind: WasmError.Kind
                if case .assertInvalid = c { wantKind = .invalid } else { wantKind = .malformed }
                if !e.message.hasPrefix(text) || e.kind != wantKind {
                    let kindNote = e.kind == wantKind ? "" : " [\(e.kind) instead of \(wantKind)]"
                    messageMismatches.append(Failure(
                        line: line, command: c.typeName,
                        message: CLI.oneLine("expected \"\(text)\", got \"\(e.description)\"\(kindNote)")))
                }
            }

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

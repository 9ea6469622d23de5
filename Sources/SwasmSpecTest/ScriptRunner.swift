// Runs one .wast script: every command is executed in this process through the public `Swasm` library
// (SpecSession.swift), or, for an architecture this host cannot run, only decoded and validated (execution
// commands are then skipped with a stated reason).

@_spi(Tools) import Swasm

#if canImport(Glibc)
    import Glibc
#endif

public struct Tally {
    public var passed = 0
    public var failed = 0
    public var skipped = 0
    public var textNotRun = 0

    public init() {}

    public mutating func add(_ o: Tally) {
        passed += o.passed
        failed += o.failed
        skipped += o.skipped
        textNotRun += o.textNotRun
    }
}

/// Runs one script.
public struct ScriptRunner {
    public struct Failure {
        var line: Int
        var command: String
        var message: String
    }

    let scriptPath: String
    let verbose: Bool
    var name: String
    public var tally = Tally()
    var failures: [Failure] = []
    public var skipReasons: [String: Int] = [:]
    /// Rejected as expected, but our message does not start with the expected text.
    public var messageMismatches: [Failure] = []

    /// Executes commands when set; otherwise only decodes/validates (skipping execution with `executionSkipReason`).
    var session: SpecSession?
    let executionSkipReason: String

    public init(
        scriptPath: String, verbose: Bool, execute: Bool, executionSkipReason: String, explicitBounds: Bool = false,
        metered: Bool = false, canonicalNaNs: Bool = false, interruptible: Bool = false
    ) {
        self.scriptPath = scriptPath
        self.verbose = verbose
        self.name = ScriptRunner.basename(scriptPath)
        self.executionSkipReason = executionSkipReason
        if execute {
            let dir = ScriptRunner.directory(of: scriptPath)
            session = SpecSession(
                explicitBounds: explicitBounds, metered: metered, canonicalNaNs: canonicalNaNs,
                interruptible: interruptible
            ) { f in
                f.hasPrefix("/") ? f : dir + "/" + f
            }
        }
    }

    var directory: String { ScriptRunner.directory(of: scriptPath) }

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
        failures.append(Failure(line: line, command: command, message: singleLine(message)))
    }

    mutating func skip(_ reason: String) {
        tally.skipped += 1
        skipReasons[reason, default: 0] += 1
    }

    public mutating func run() {
        SpecHooks.setContext(scriptPath)
        let script: SpecScript
        do throws(SpecIOError) {
            let bytes: [UInt8]
            do { bytes = try readWholeFile(scriptPath) } catch { throw SpecIOError(description: error.description) }
            if scriptPath.hasSuffix(".json") {
                // wast2json's output (modules are files next to it).
                let json: JSON
                do { json = try JSONParser.parse(bytes) } catch {
                    throw SpecIOError(description: "\(scriptPath): \(error)")
                }
                do { script = try SpecScript(json: json) } catch {
                    throw SpecIOError(description: "\(scriptPath): \(error)")
                }
            } else {
                do { script = try SpecScript(wast: bytes, name: scriptPath) } catch {
                    throw SpecIOError(description: "\(scriptPath):\(error)")
                }
            }
        } catch {
            fail(0, "script", error.description)
            return
        }
        if script.sourceFilename != "?" { name = ScriptRunner.basename(script.sourceFilename) }
        for c in script.commands { run(c) }
        session = nil // release the script's instances
    }

    /// Reads and validates a module file; `nil` error means valid.
    func validate(_ file: SpecModuleFile, line: Int) -> Result<Void, ValidationProblem> {
        if let message = file.inlineError { return .failure(.rejected(WasmError(.malformed, message, offset: 0))) }
        let bytes: [UInt8]
        if let inline = file.inline {
            bytes = inline
            SpecHooks.setContext("\(name):\(line)")
        } else {
            let path = resolve(file.filename)
            do { bytes = try readWholeFile(path) } catch { return .failure(.io(error.description)) }
            SpecHooks.setContext("\(path) (\(name):\(line))")
        }
        do {
            try Module.validate(bytes)
            return .success(())
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
            SpecHooks.beginCommand("\(name):\(c.line) \(c.typeName)")
            execute(c, session)
            SpecHooks.endCommand()
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
            messageMismatches.append(Failure(line: line, command: command, message: singleLine(m)))
        }
    }

    /// Checks a rejected module's message and kind against the script's expectation.
    mutating func checkRejection(_ c: SpecCommand, _ e: WasmError, text: String) {
        tally.passed += 1
        let wantKind: WasmError.Kind
        if case .assertInvalid = c { wantKind = .invalid } else { wantKind = .malformed }
        if !e.message.hasPrefix(text) || e.kind != wantKind {
            let kindNote = e.kind == wantKind ? "" : " [\(e.kind) instead of \(wantKind)]"
            messageMismatches.append(
                Failure(
                    line: c.line, command: c.typeName,
                    message: singleLine("expected \"\(text)\", got \"\(e.description)\"\(kindNote)")))
        }
    }

    /// Decoding and validation only (no code generation for this arch here): execution commands are skipped.
    mutating func validateOnly(_ c: SpecCommand) {
        let exec = "\(c.typeName): \(executionSkipReason)"
        switch c {
        case .module(let line, _, let file):
            if file.isUnreadableText {
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
            if file.isUnreadableText {
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
        if file.isUnreadableText {
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
            if file.isUnreadableText {
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
                s.register(ref, as: as_)
                switch ref {
                case .instance: tally.passed += 1
                case .unavailable(let reason): skip("\(cmd): \(reason)")
                case .failed(let l): fail(line, cmd, "module of line \(l) failed")
                }
            }

        case .assertInvalid(let line, let file, let text), .assertMalformed(let line, let file, let text):
            validateRejected(c, line: line, file: file, text: text)

        case .assertUnlinkable(let line, let file, let text):
            if file.isUnreadableText {
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
            if file.isUnreadableText {
                tally.textNotRun += 1
                return
            }
            setContext(file, line)
            switch s.instantiate(file) {
            case .trap(let m):
                if m.hasPrefix(text) {
                    tally.passed += 1
                } else {
                    fail(line, cmd, "expected trap \"\(text)\", got trap \"\(m)\"")
                }
            case .skip(let reason): skip("\(cmd): \(reason)")
            case .instance: fail(line, cmd, "expected trap \"\(text)\", instantiated")
            case .linkError(let m): fail(line, cmd, "expected trap \"\(text)\", link error: \(m)")
            case .rejected(let m), .otherError(let m): fail(line, cmd, "expected trap \"\(text)\", got: \(m)")
            }

        case .action(let line, let a, _):
            SpecHooks.setContext("\(name):\(line) \(cmd)")
            switch s.perform(a) {
            case .values: tally.passed += 1
            case .trap(let m): fail(line, cmd, "\(SpecSession.describe(a)): trapped: \(m)")
            case .error(let m): fail(line, cmd, "\(SpecSession.describe(a)): \(m)")
            case .skip(let r): skip("\(cmd): \(r)")
            }

        case .assertReturn(let line, let a, let expected):
            SpecHooks.setContext("\(name):\(line) \(cmd)")
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
            SpecHooks.setContext("\(name):\(line) \(cmd)")
            switch s.perform(a) {
            case .trap(let m):
                if m.hasPrefix(text) {
                    tally.passed += 1
                } else {
                    fail(line, cmd, "\(SpecSession.describe(a)): expected trap \"\(text)\", got trap \"\(m)\"")
                }
            case .values(let got):
                fail(
                    line, cmd,
                    "\(SpecSession.describe(a)): expected trap \"\(text)\", returned \(SpecSession.describe(got))")
            case .error(let m): fail(line, cmd, "\(SpecSession.describe(a)): \(m)")
            case .skip(let r): skip("\(cmd): \(r)")
            }

        case .unsupported(_, let type, let reason):
            skip("\(type): \(reason)")
        }
    }

    func setContext(_ file: SpecModuleFile, _ line: Int) {
        SpecHooks.setContext("\(resolve(file.filename)) (\(name):\(line))")
    }

    public func report() -> String {
        var s =
            "\(name): \(tally.passed) passed, \(tally.failed) failed, \(tally.skipped) skipped (\(tally.textNotRun) text not run)"
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

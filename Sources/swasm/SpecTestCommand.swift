// `swasm spectest`: runs .wast spec scripts. On the host arch every command is executed
// (SwasmSpecTest: SpecSession.swift); for another arch only decoding/validation runs and execution commands are
// skipped with a stated reason.

import SwasmSpecTest

#if canImport(Glibc)
    import Glibc
#endif

enum SpecTestCommand {
    static let usage = """
        usage: swasm spectest [--arch x86_64|aarch64] [--explicit-bounds] [--metered] [--canonicalize-nans] [--interruptible] [--verbose] [--timeout SECONDS] FILE.wast ...

        Runs spec-test scripts (.wast: text, binary and quoted modules, every command of the 2.0
        testsuite; or .json as wast2json writes it, with the module files next to it). Prints one
        line per script, its failures, a summary of skip reasons
        and finally 'spec <arch>: P passed, F failed, S skipped (T text not run)'.
        Modules are compiled and run in this process for the host arch; for another arch only
        decoding/validation runs. --explicit-bounds compiles explicit memory bounds checks and uses
        explicit-bounds memories instead of guard pages. --metered compiles gas metering and gives each instance
        2^60 gas (results must not change). --interruptible compiles interrupt checks (results must not change).
        A command running longer than --timeout (default 20 s, 0 = none)
        ends the run with status 3. Exits 1 if any command failed, 2 on usage errors.
        """

    static let aarch64Reason = "aarch64 execution needs the qemu harness (issue #5)"

    static func run(_ args: [String]) -> Never {
        var arch = hostArch
        var verbose = false
        var explicitBounds = false
        var metered = false
        var canonicalNaNs = false
        var interruptible = false
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
            case "--canonicalize-nans": canonicalNaNs = true
            case "--interruptible": interruptible = true
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
        guard !files.isEmpty else { CLI.usageError("missing FILE.wast", help: "swasm spectest --help") }

        // Modules run in this process for the host arch; another arch needs the qemu harness (spec-tests/run).
        SpecHooks.setContext = { CrashReporter.setContext($0) }
        SpecHooks.beginCommand = { Watchdog.arm($0) }
        SpecHooks.endCommand = { Watchdog.disarm() }
        let execute = arch == hostArch
        let skipReason = arch == "aarch64" ? aarch64Reason : "no code generator for \(arch) on this host"
        var total = Tally()
        var skipReasons: [String: Int] = [:]
        var mismatches = 0
        for path in files {
            var runner = ScriptRunner(
                scriptPath: path, verbose: verbose, execute: execute,
                executionSkipReason: skipReason, explicitBounds: explicitBounds,
                metered: metered, canonicalNaNs: canonicalNaNs, interruptible: interruptible)
            runner.run()
            total.add(runner.tally)
            mismatches += runner.messageMismatches.count
            for (r, n) in runner.skipReasons { skipReasons[r, default: 0] += n }
            CLI.out(runner.report())
            fflush(nil) // a timeout or crash in a later script keeps this one's report
        }
        CrashReporter.setContext("")
        if !skipReasons.isEmpty {
            CLI.out("skip reasons:")
            for (r, n) in skipReasons.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                CLI.out("  \(n)  \(r)")
            }
        }
        if mismatches > 0 {
            CLI.out(
                "rejected with a different message than expected: \(mismatches)"
                    + (verbose ? "" : " (--verbose lists them)"))
        }
        CLI.out(
            "spec \(arch): \(total.passed) passed, \(total.failed) failed, \(total.skipped) skipped (\(total.textNotRun) text not run)"
        )
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

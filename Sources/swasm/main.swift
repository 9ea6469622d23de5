// swasm command-line entry point: dispatches to the verbs.
//
// Exit codes: 0 success, 1 the input was rejected / tests failed, 2 usage or I/O error.

#if canImport(Glibc)
    import Glibc
#endif

CrashReporter.install()
// A write to a closed pipe is an error the guest (or the tool) sees as EPIPE, not a signal that kills the host.
signal(SIGPIPE, SIG_IGN)

var args = Array(CommandLine.arguments.dropFirst())
guard let verb = args.first else {
    CLI.usageError("missing command")
}
args.removeFirst()

switch verb {
case "--version", "version":
    CLI.out("swasm \(CLI.version)")
    CLI.exit(.success)
case "-h", "--help", "help":
    CLI.out(CLI.mainUsage)
    CLI.exit(.success)
case "compile":
    CompileCommand.run(args)
case "run":
    RunCommand.run(args)
case "wast2json": // the spec runner's AOT path: spec-tests/run-aot.sh
    Wast2JsonCommand.run(args)
case "wat2wasm":
    Wat2WasmCommand.run(args)
case "inspect":
    InspectCommand.run(args)
case "validate":
    ValidateCommand.run(args)
case "spectest":
    SpecTestCommand.run(args)
case "difftest-exec": // hidden: the in-process side of fuzz/difftest
    DiffExecCommand.run(args)
default:
    CLI.usageError("unknown command '\(verb)'")
}

// `swasm validate FILE.wasm`: decode + validate one binary module.

@_spi(Tools) import Swasm

enum ValidateCommand {
    static let usage = """
        usage: swasm validate [--quiet] FILE.wasm

        Decodes and validates a WebAssembly 2.0 binary module.
          exit 0  valid (prints "ok" unless --quiet)
          exit 1  malformed or invalid: one line on stderr, 'error: <message> at offset <N>'
          exit 2  usage or I/O error
        """

    static func run(_ args: [String]) -> Never {
        var quiet = false
        var files: [String] = []
        var onlyFiles = false
        for a in args {
            if onlyFiles || a == "-" || !a.hasPrefix("-") {
                files.append(a)
                continue
            }
            switch a {
            case "--": onlyFiles = true
            case "-h", "--help":
                CLI.out(usage)
                CLI.exit(.success)
            case "-q", "--quiet": quiet = true
            default: CLI.usageError("unknown option '\(a)'", help: "swasm validate --help")
            }
        }
        guard files.count == 1 else {
            CLI.usageError(
                files.isEmpty ? "missing FILE.wasm" : "expected one file, got \(files.count)",
                help: "swasm validate --help")
        }
        let bytes: FileBytes
        do {
            bytes = try CLI.readModule(files[0])
        } catch {
            CLI.err("error: \(CLI.oneLine(error.description))")
            CLI.exit(.usage)
        }
        do {
            try Module.validate(bytes)
        } catch {
            CLI.err("error: \(CLI.oneLine(error.message)) at offset \(error.offset)")
            CLI.exit(.failure)
        }
        if !quiet { CLI.out("ok") }
        CLI.exit(.success)
    }
}

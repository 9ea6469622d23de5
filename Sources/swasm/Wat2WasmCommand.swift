import Swasm

#if canImport(Glibc)
    import Glibc
#endif
// `swasm wat2wasm FILE.wat -o FILE.wasm`: assembles a text-format module into a binary one.

enum Wat2WasmCommand {
    static let usage = """
        usage: swasm wat2wasm [--no-validate] FILE.wat -o FILE.wasm
               swasm wat2wasm --batch [--no-validate]   (lines "IN OUT" on stdin; one answer line each)

        Assembles a WebAssembly text module (the 2.0 text format) into a binary module. The binary is validated
        before it is written (unless --no-validate); errors give line:column for the text, the byte offset for
        validation.
        """

    static func run(_ args: [String]) -> Never {
        var output: String?
        var files: [String] = []
        var validate = true
        var batch = false
        var i = 0
        while i < args.count {
            switch args[i] {
            case "-h", "--help":
                CLI.out(usage)
                CLI.exit(.success)
            case "--no-validate": validate = false
            case "--batch": batch = true
            case "-o":
                guard i + 1 < args.count else { CLI.usageError("-o needs a file", help: "swasm wat2wasm --help") }
                output = args[i + 1]
                i += 1
            case let a where a.hasPrefix("-"):
                CLI.usageError("unknown option '\(a)'", help: "swasm wat2wasm --help")
            case let a:
                files.append(a)
            }
            i += 1
        }
        if batch {
            while let line = readLine() {
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2 else {
                    CLI.out("rejected: expected 'IN OUT'")
                    continue
                }
                CLI.out(assemble(parts[0], parts[1], validate: validate) ?? "ok")
                fflush(nil)
            }
            CLI.exit(.success)
        }
        guard files.count == 1 else { CLI.usageError("expected one FILE.wat", help: "swasm wat2wasm --help") }
        guard let output else { CLI.usageError("missing -o FILE.wasm", help: "swasm wat2wasm --help") }
        if let problem = assemble(files[0], output, validate: validate) {
            CLI.err("error: \(problem)")
            CLI.exit(problem.hasPrefix("cannot") ? .usage : .failure)
        }
        CLI.exit(.success)
    }

    /// Assembles `input` into `output`; nil on success, else what went wrong (one line).
    static func assemble(_ input: String, _ output: String, validate: Bool) -> String? {
        let text: [UInt8]
        do { text = try CLI.readFile(input) } catch { return CLI.oneLine(error.description) }
        let binary: [UInt8]
        do { binary = try Module.assemble(wat: text) } catch {
            return "\(CLI.oneLine(input)):\(error.line):\(error.column): \(CLI.oneLine(error.message))"
        }
        if validate {
            do { try Module.validate(binary) } catch {
                return "\(CLI.oneLine(error.message)) at offset \(error.offset) of the assembled module"
            }
        }
        do { try CompileCommand.writeFile(output, binary) } catch { return CLI.oneLine(error.description) }
        return nil
    }
}

// `swasm inspect [--disassemble] FILE`: what a module (or AOT artifact) contains.

@_spi(Tools) import Swasm

#if canImport(Glibc)
    import Glibc
#endif

enum InspectCommand {
    static let usage = """
        usage: swasm inspect [--disassemble] FILE

        Prints the sections of a .wasm module (or the contents of an AOT artifact): imports and exports with
        their signatures, function/table/memory/global counts, code size. --disassemble compiles the module for
        this machine and shows the generated code of each function (needs objdump or llvm-objdump).
        """

    static func run(_ args: [String]) -> Never {
        var disassemble = false
        var files: [String] = []
        for a in args {
            switch a {
            case "-h", "--help":
                CLI.out(usage)
                CLI.exit(.success)
            case "--disassemble", "-d": disassemble = true
            default:
                if a.hasPrefix("-") { CLI.usageError("unknown option '\(a)'", help: "swasm inspect --help") }
                files.append(a)
            }
        }
        guard files.count == 1 else {
            CLI.usageError(files.isEmpty ? "missing FILE" : "expected one file", help: "swasm inspect --help")
        }
        let bytes: FileBytes
        do { bytes = try CLI.readModule(files[0]) } catch {
            CLI.err("error: \(CLI.oneLine(error.description))")
            CLI.exit(.usage)
        }
        do {
            for line in try Module.summary(of: bytes) { CLI.out(line) }
            if disassemble { disassembleFunctions(try Module.codeListing(of: bytes)) }
        } catch {
            CLI.err("error: \(CLI.oneLine(RunCommand.describe(error)))")
            CLI.exit(.failure)
        }
        CLI.exit(.success)
    }

    static func disassembleFunctions(_ listing: CodeListing) {
        let arch = listing.architecture
        let candidates = arch == .aarch64 ? ["/usr/bin/aarch64-linux-gnu-objdump"] : ["/usr/bin/objdump"]
        guard let tool = candidates.first(where: { access($0, X_OK) == 0 }) else {
            CLI.err(
                "error: --disassemble needs \(arch == .aarch64 ? "aarch64-linux-gnu-objdump" : "objdump") (binutils)")
            CLI.exit(.failure)
        }
        let machine = arch == .aarch64 ? "-m aarch64" : "-m i386:x86-64 -M intel"
        for function in listing.functions {
            let name = function.name.map { " \($0)" } ?? ""
            CLI.out("\nfunction \(function.index)\(name): \(function.bytes.count) bytes")
            // The function's bytes in a private temporary file, disassembled by objdump through a pipe.
            var template = Array("/tmp/swasm-inspect-XXXXXX".utf8CString)
            let fd = mkstemp(&template)
            guard fd >= 0 else {
                CLI.err("error: cannot create a temporary file: \(CLI.errnoString())")
                CLI.exit(.failure)
            }
            let path = String(cString: template)
            defer { unlink(path) }
            let written = function.bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            guard written == function.bytes.count,
                let pipe = popen("\(tool) -D -b binary \(machine) \(path) 2>/dev/null", "r")
            else {
                CLI.err("error: cannot run \(tool)")
                CLI.exit(.failure)
            }
            var line = [CChar](repeating: 0, count: 4096)
            while fgets(&line, Int32(line.count), pipe) != nil {
                let text = String(cString: line)
                if text.contains(":\t") { CLI.out(String(text.dropLast(text.hasSuffix("\n") ? 1 : 0))) }
            }
            pclose(pipe)
        }
    }
}

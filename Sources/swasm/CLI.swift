// Shared helpers for the command-line verbs: output, exit codes, file reading.

@_spi(Tools) import Swasm

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

enum ExitCode: Int32 {
    case success = 0
    /// The input was rejected (invalid/malformed module) or a test failed.
    case failure = 1
    /// Bad usage or an I/O problem (missing file, unknown flag...).
    case usage = 2
}

enum CLI {
    /// The version `swasm --version` prints.
    static let version = Engine.version

    static let mainUsage = """
        usage: swasm <command> [options] [args]

        commands:
          run [OPTIONS] FILE [ARGS...]
                                 compile (or load an artifact) and run the WASI program, or call an export
                                 (--invoke NAME); --env, --dir for WASI (see 'swasm run --help')
          compile [--arch A] FILE.wasm -o OUT
                                 compile ahead of time into an artifact for 'run'
          inspect [--disassemble] FILE
                                 sections, imports, exports with signatures, sizes (and generated code)
          validate FILE.wasm     decode and validate a WebAssembly 2.0 binary module
          wat2wasm FILE.wat -o FILE.wasm
                                 assemble a text-format module
          spectest FILE.json...  run wast2json spec-test scripts (see spec-tests/README.md)
          help                   show this help
          --version              print the version

        Run 'swasm <command> --help' for a command's options.
        """

    static func out(_ s: String) {
        print(s)
    }

    static func err(_ s: String) {
        var line = s
        if !line.hasSuffix("\n") { line += "\n" }
        fflush(nil)
        var bytes = Array(line.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
    }

    /// Makes a message safe to print as one line.
    static func oneLine(_ s: String) -> String { singleLine(s) }

    static func exit(_ code: ExitCode) -> Never {
        fflush(nil)
        #if canImport(Glibc)
            Glibc.exit(code.rawValue)
        #elseif canImport(Musl)
            Musl.exit(code.rawValue)
        #else
            Darwin.exit(code.rawValue)
        #endif
    }

    /// Prints `error: <message>` and a hint, exits 2. (`usage` is shown by `--help`.)
    static func usageError(_ message: String, help: String = "swasm --help") -> Never {
        err("error: \(oneLine(message))")
        err("run '\(help)' for usage")
        exit(.usage)
    }

    struct IOError: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads a module file: a binary module or artifact as it is (a regular file mapped, not copied; `-` is
    /// standard input), a text-format module (`.wat`, told apart by its first bytes) assembled. A text error exits
    /// 1 with `error: FILE:LINE:COLUMN: message`.
    static func readModule(_ path: String) throws(IOError) -> FileBytes {
        let bytes: FileBytes
        do { bytes = try mapWholeFile(path == "-" ? "/dev/stdin" : path) } catch {
            throw IOError(description: error.description)
        }
        guard Module.isText(bytes) else { return bytes }
        do { return FileBytes(copying: try Module.assemble(wat: bytes)) } catch {
            err("error: \(oneLine(path)):\(error.line):\(error.column): \(oneLine(error.message))")
            exit(.failure)
        }
    }

    /// Reads a whole regular file. Errors carry the system's reason ("No such file or directory").
    static func readFile(_ path: String) throws(IOError) -> [UInt8] {
        do { return try readWholeFile(path) } catch { throw IOError(description: error.description) }
    }

    static func errnoString() -> String {
        String(cString: strerror(errno))
    }
}

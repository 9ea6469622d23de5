// Shared helpers for the command-line verbs: output, exit codes, file reading.

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
    static let mainUsage = """
        usage: swasm <command> [options] [args]

        commands:
          run [--invoke NAME] FILE.wasm|FILE.swasm [ARGS...]
                                 compile (or load an artifact) and call an exported function
          compile [--arch A] FILE.wasm -o OUT
                                 compile ahead of time into an artifact for 'run'
          inspect [--disassemble] FILE
                                 sections, imports, exports with signatures, sizes (and generated code)
          validate FILE.wasm     decode and validate a WebAssembly 2.0 binary module
          spectest FILE.json...  run wast2json spec-test scripts (see spec-tests/README.md)
          help                   show this help

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
    static func oneLine(_ s: String) -> String {
        var r = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\n", "\r", "\t": r += " "
            case _ where ch.value < 0x20 || ch.value == 0x7F: r += "\\u{\(String(ch.value, radix: 16))}"
            default: r.unicodeScalars.append(ch)
            }
        }
        return r
    }

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

    /// Reads a whole regular file. Errors carry the system's reason ("No such file or directory").
    static func readFile(_ path: String) throws(IOError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw IOError(description: "cannot open '\(path)': \(errnoString())") }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw IOError(description: "cannot stat '\(path)': \(errnoString())") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw IOError(description: "cannot read '\(path)': Is a directory") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(0, Int(st.st_size)))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(description: "cannot read '\(path)': \(errnoString())")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    static func errnoString() -> String {
        String(cString: strerror(errno))
    }
}

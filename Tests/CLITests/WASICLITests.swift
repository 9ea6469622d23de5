// WASI programs end to end through `swasm run`: C programs built against wasi-libc (wasi-tests/programs, built by
// its build.sh; the .wasm files are committed), with arguments, environment, preopened directories, standard
// input and exit codes, and the sandbox: every way out of a preopen is tried, and the host checks nothing outside
// changed.

import Foundation
import Testing

enum WASIPrograms {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("wasi-tests/programs")
    static func path(_ name: String) -> String { dir.appendingPathComponent("\(name).wasm").path }
}

@Suite struct WASICLITests {
    @Test func helloWorld() throws {
        let r = try swasm(["run", WASIPrograms.path("hello")])
        #expect(r.status == 0 && r.stdout == "hello, world\n" && r.stderr.isEmpty, "\(r)")
    }

    /// Options after FILE still work for modules that are not WASI commands (the form from before WASI); for a
    /// command they are the program's arguments.
    @Test func optionsAfterTheFileForModulesWithoutStart() throws {
        let fib = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Benchmarks/bench/fib.wasm").path
        let r = try swasm(["run", fib, "--invoke", "run", "25"])
        #expect(r.status == 0 && r.stdout == "75025\n", "\(r)")
        let metered = try swasm(["run", fib, "--gas", "1000000", "--invoke", "run", "10"])
        #expect(metered.status == 0 && metered.stdout == "55\n" && metered.stderr.hasPrefix("gas used: "), "\(metered)")
        let command = try swasm(["run", WASIPrograms.path("args_env"), "--invoke", "x"])
        #expect(command.status == 0 && command.stdout.contains("argv[1]=--invoke\nargv[2]=x\n"), "\(command)")
    }

    @Test func argumentsAfterTheFileBelongToTheProgram() throws {
        let file = WASIPrograms.path("args_env")
        let r = try swasm(["run", "--env", "SWASM_TEST=yes", "--env", "B=x=y", file, "--help", "two words", "-v"])
        #expect(r.status == 0, "\(r)")
        #expect(
            r.stdout == """
                argc=4
                argv[0]=\(file)
                argv[1]=--help
                argv[2]=two words
                argv[3]=-v
                env=SWASM_TEST=yes
                env=B=x=y
                envc=2
                SWASM_TEST=yes

                """, "\(r.stdout)")
    }

    @Test func theHostEnvironmentIsPassedOnlyWhenAsked() throws {
        setenv("SWASM_TEST", "from-host", 1)
        defer { unsetenv("SWASM_TEST") }
        let plain = try swasm(["run", WASIPrograms.path("args_env")])
        #expect(plain.stdout.contains("envc=0\n") && plain.stdout.contains("SWASM_TEST=(unset)"), "\(plain.stdout)")
        let inherited = try swasm(["run", "--inherit-env", WASIPrograms.path("args_env")])
        #expect(inherited.stdout.contains("SWASM_TEST=from-host"), "\(inherited.stdout)")
    }

    @Test func exitCodes() throws {
        for code in [0, 1, 3, 42, 255] {
            let r = try swasm(["run", WASIPrograms.path("exit_code"), "\(code)"])
            #expect(r.status == Int32(code) && r.stdout == "exiting with \(code)\n" && r.stderr.isEmpty, "\(r)")
        }
    }

    @Test func readsStandardInput() throws {
        let input = Array("line one\nline two\n".utf8) + (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        let r = try swasm(["run", WASIPrograms.path("cat")], stdin: input)
        #expect(r.status == 0 && Array(r.stdout.utf8).count > 0, "\(r.stderr)")
        // stdout decoding is lossy for the binary part: compare the text prefix and the exit status.
        #expect(r.stdout.hasPrefix("line one\nline two\n"))
    }

    @Test func copiesAFileInAPreopenAndListsTheDirectory() throws {
        let dir = try TempDir()
        let data = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        _ = try dir.write("source.bin", data)
        try FileManager.default.createDirectory(
            at: dir.url.appendingPathComponent("nested"), withIntermediateDirectories: false)
        let r = try swasm([
            "run", "--dir", "\(dir.url.path)::/data", WASIPrograms.path("copy"),
            "/data/source.bin", "/data/copy.bin"
        ])
        #expect(r.status == 0 && r.stdout == "300000 bytes\n", "\(r)")
        let copied = try Data(contentsOf: dir.url.appendingPathComponent("copy.bin"))
        #expect([UInt8](copied) == data)
        let ls = try swasm(["run", "--dir", "\(dir.url.path)::/data", WASIPrograms.path("ls"), "/data"])
        #expect(ls.status == 0 && ls.stdout == "f copy.bin\nd nested\nf source.bin\n", "\(ls)")
        let cat = try swasm(["run", "--dir", "\(dir.url.path)::/data", WASIPrograms.path("cat"), "/data/missing"])
        #expect(cat.status == 1 && cat.stderr.contains("No such file"), "\(cat)")
    }

    @Test func readOnlyPreopensRefuseWrites() throws {
        let dir = try TempDir()
        _ = try dir.write("source.bin", [1, 2, 3])
        let r = try swasm([
            "run", "--dir-readonly", "\(dir.url.path)::/data", WASIPrograms.path("copy"),
            "/data/source.bin", "/data/copy.bin"
        ])
        #expect(r.status == 1 && r.stderr.hasPrefix("copy: /data/copy.bin:"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("copy.bin").path))
        let cat = try swasm([
            "run", "--dir-readonly", "\(dir.url.path)::/data", WASIPrograms.path("cat"),
            "/data/source.bin"
        ])
        #expect(cat.status == 0 && Array(cat.stdout.utf8) == [1, 2, 3], "\(cat)")
    }

    /// Every escape the sandbox program tries is refused, and nothing outside the preopen changes.
    @Test func theSandboxHolds() throws {
        let dir = try TempDir()
        let outside = dir.url.appendingPathComponent("outside")
        let sandbox = outside.appendingPathComponent("sandbox")
        let fm = FileManager.default
        try fm.createDirectory(at: sandbox, withIntermediateDirectories: true)
        try Data("secret\n".utf8).write(to: outside.appendingPathComponent("secret.txt"))
        try Data("inside\n".utf8).write(to: sandbox.appendingPathComponent("inside.txt"))
        try fm.createSymbolicLink(atPath: sandbox.appendingPathComponent("escape_rel").path, withDestinationPath: "..")
        try fm.createSymbolicLink(
            atPath: sandbox.appendingPathComponent("escape_abs").path, withDestinationPath: outside.path)
        let before = try fm.contentsOfDirectory(atPath: outside.path).sorted()
        let r = try swasm(["run", "--dir", "\(sandbox.path)::/", WASIPrograms.path("sandbox")])
        #expect(r.status == 0, "\(r)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "controls: ok" && lines.last == "result: contained", "\(r.stdout)")
        #expect(lines.filter { $0.hasPrefix("blocked: ") }.count >= 35, "\(r.stdout)")
        #expect(!r.stdout.contains("ESCAPED"), "\(r.stdout)")
        #expect(try fm.contentsOfDirectory(atPath: outside.path).sorted() == before)
        #expect(try String(contentsOf: outside.appendingPathComponent("secret.txt"), encoding: .utf8) == "secret\n")
        #expect(fm.fileExists(atPath: sandbox.appendingPathComponent("inside.txt").path))
    }

    /// Out-of-bounds guest pointers give EFAULT; the host survives.
    @Test func guestPointersAreChecked() throws {
        let dir = try TempDir()
        let r = try swasm(["run", "--env", "A=B", "--dir", "\(dir.url.path)::/", WASIPrograms.path("faults")])
        #expect(r.status == 0 && r.stdout.hasSuffix("result: all EFAULT\n"), "\(r)")
        #expect(r.stdout.split(separator: "\n").filter { $0.hasSuffix("errno 21") }.count == 13, "\(r.stdout)")
    }

    /// A guest writing to a closed pipe gets EPIPE; the host is not killed by SIGPIPE.
    @Test func aClosedPipeIsAnErrorNotASignal() throws {
        let dir = try TempDir()
        _ = try dir.write("big.bin", [UInt8](repeating: 65, count: 4 << 20))
        let bin = try #require(SwasmBinary.url)
        let p = Process()
        p.executableURL = bin
        p.arguments = ["run", "--dir", "\(dir.url.path)::/d", WASIPrograms.path("cat"), "/d/big.bin"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try pipe.fileHandleForReading.close()
        try p.run()
        p.waitUntilExit()
        #expect(
            p.terminationReason == .exit && p.terminationStatus == 1, "\(p.terminationReason) \(p.terminationStatus)")
    }

    /// `--tcplisten`: the program accepts connections on a preopened socket and talks over them (sock_*).
    @Test func servesConnectionsOnAPreopenedSocket() throws {
        // A free port: bind to port 0, read it back, release it.
        func socketAddress(_ port: UInt16) -> sockaddr_in {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = port.bigEndian
            a.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            return a
        }
        func withSockaddr<R>(_ a: inout sockaddr_in, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
            withUnsafePointer(to: &a) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var any = socketAddress(0)
        #expect(withSockaddr(&any) { bind(probe, $0, $1) } == 0)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) }
        }
        let port = UInt16(bigEndian: bound.sin_port)
        close(probe)

        let bin = try #require(SwasmBinary.url)
        let p = Process()
        p.executableURL = bin
        p.arguments = ["run", "--tcplisten", "127.0.0.1:\(port)", WASIPrograms.path("echo_server"), "2"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        for message in ["hello there\n", "second line\n"] {
            var fd: Int32 = -1
            for _ in 0..<200 { // until the server listens
                fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var server = socketAddress(port)
                if withSockaddr(&server, { connect(fd, $0, $1) }) == 0 { break }
                close(fd)
                fd = -1
                usleep(10_000)
            }
            try #require(fd >= 0, "could not connect to the guest's socket")
            _ = message.withCString { send(fd, $0, strlen($0), 0) }
            var reply = [UInt8](repeating: 0, count: 256)
            var got = 0
            while got < reply.count {
                let n = reply.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, $0.count - got, 0) }
                if n <= 0 { break }
                got += n
            }
            close(fd)
            #expect(String(decoding: reply[0..<got], as: UTF8.self) == "echo: " + message.uppercased())
        }
        p.waitUntilExit()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 0 && printed == "served 1\nserved 2\n", "\(printed)")
    }

    /// Standard input may be seeked: a pipe answers ESPIPE (as under wasmtime), a file its position.
    @Test func seekingStandardInput() throws {
        let file = try swasm(["run", WASIPrograms.path("seek_stdin")], stdin: Array("x".utf8))
        #expect(file.stdout == "lseek(stdin) = 0, errno 0\n", "\(file)")
        let p = Process()
        p.executableURL = try #require(SwasmBinary.url)
        p.arguments = ["run", WASIPrograms.path("seek_stdin")]
        let input = Pipe()
        let out = Pipe()
        p.standardInput = input
        p.standardOutput = out
        try p.run()
        try input.fileHandleForWriting.close()
        p.waitUntilExit()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(printed == "lseek(stdin) = -1, errno 70\n", "\(printed)")
    }

    @Test func aMissingPreopenIsAUsageError() throws {
        let dir = try TempDir()
        // A preopen that does not exist is a usage error before the program runs.
        let r = try swasm(["run", "--dir", "\(dir.url.path)/missing", WASIPrograms.path("hello")])
        #expect(r.status == 2 && r.stderr.hasPrefix("error: cannot open the directory"), "\(r)")
    }
}

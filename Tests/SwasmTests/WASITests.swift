// SwasmWASI through the embedding API: in-memory standard streams, exit codes, deterministic clocks and
// randomness, pointer checks, and the preopen rules at the API level.

import Foundation
import Swasm
import SwasmWASI
import Testing

@Suite struct WASITests {
    /// Instantiates the echo guest with `configuration`; returns the WASI host and the instance.
    func echo(_ configuration: WASIConfiguration) throws -> (WASI, Instance) {
        let wasi = try WASI(configuration: configuration)
        let linker = Linker(engine: engine)
        wasi.define(in: linker)
        return (wasi, try linker.instantiate(try Module(engine: engine, bytes: Guests.wasiEcho)))
    }

    @Test func inMemoryStdio() throws {
        var c = WASIConfiguration(arguments: ["echo"])
        c.stdin = .bytes(Array("Hello, WASI! 123\n".utf8))
        let out = OutputBuffer()
        c.stdout = .buffer(out)
        let (wasi, instance) = try echo(c)
        #expect(try wasi.run(instance) == 0)
        #expect(out.text == "HELLO, WASI! 123\n")
    }

    @Test func procExitCodeComesBack() throws {
        var c = WASIConfiguration()
        c.stdin = .null
        c.stdout = .null
        let (wasi, instance) = try echo(c)
        #expect(try wasi.run(instance) == 7)
        // Called directly, proc_exit is an error carrying the code.
        #expect(throws: WASIExit(code: 7)) { try instance.call("_start") }
    }

    /// Same seed and clock: the same bytes, bit for bit; another seed: other bytes.
    @Test func deterministicModeIsReproducible() throws {
        func entropy(seed: UInt64, time: UInt64) throws -> [UInt8] {
            var c = WASIConfiguration.deterministic(seed: seed, time: time, step: 1000)
            let out = OutputBuffer()
            c.stdout = .buffer(out)
            let (_, instance) = try echo(c)
            try instance.call("entropy")
            return out.bytes
        }
        let a = try entropy(seed: 42, time: 1_700_000_000_000_000_000)
        let b = try entropy(seed: 42, time: 1_700_000_000_000_000_000)
        #expect(a.count == 32 && a == b)
        #expect(try entropy(seed: 43, time: 1_700_000_000_000_000_000).prefix(16) != a.prefix(16))
        // The clock starts where it was set and advances by the step on each read.
        let t1 = a[16..<24].withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        let t2 = a[24..<32].withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        #expect(t1 == 1_700_000_000_000_000_000 && t2 == t1 + 1000)
        // The system's clock and randomness differ from run to run.
        let c1 = OutputBuffer()
        var sys = WASIConfiguration()
        sys.stdout = .buffer(c1)
        try echo(sys).1.call("entropy")
        #expect(c1.bytes.count == 32 && c1.bytes.prefix(16) != a.prefix(16))
    }

    @Test func anIovecOutsideMemoryIsEFAULT() throws {
        var c = WASIConfiguration()
        c.stdout = .buffer(OutputBuffer())
        let (_, instance) = try echo(c)
        #expect(try instance.call("bad_write") == [.i32(21)])
    }

    @Test func aMissingPreopenIsASetupError() {
        let c = WASIConfiguration(preopens: [.init(hostPath: "/nonexistent/swasm-dir", guestPath: "/")])
        #expect(throws: WASISetupError.self) { _ = try WASI(configuration: c) }
    }
}

/// Every WASI function called thousands of times with hostile arguments (pointers at and past the end of memory,
/// huge lengths, negative numbers, unknown fds and flags): the host survives, every call returns an errno, and
/// nothing outside the preopened directory changes.
@Suite struct WASIFuzzTests {
    static let signatures: [(String, String)] = [
        ("args_get", "ii"), ("args_sizes_get", "ii"), ("environ_get", "ii"), ("environ_sizes_get", "ii"),
        ("clock_res_get", "ii"), ("clock_time_get", "iIi"), ("random_get", "ii"), ("proc_raise", "i"),
        ("sched_yield", ""), ("fd_advise", "iIIi"), ("fd_allocate", "iII"), ("fd_close", "i"), ("fd_datasync", "i"),
        ("fd_sync", "i"), ("fd_fdstat_get", "ii"), ("fd_fdstat_set_flags", "ii"), ("fd_fdstat_set_rights", "iII"),
        ("fd_filestat_get", "ii"), ("fd_filestat_set_size", "iI"), ("fd_filestat_set_times", "iIIi"),
        ("fd_pread", "iiiIi"), ("fd_pwrite", "iiiIi"), ("fd_read", "iiii"), ("fd_write", "iiii"),
        ("fd_prestat_get", "ii"), ("fd_prestat_dir_name", "iii"), ("fd_readdir", "iiiIi"), ("fd_renumber", "ii"),
        ("fd_seek", "iIii"), ("fd_tell", "ii"), ("path_create_directory", "iii"), ("path_filestat_get", "iiiii"),
        ("path_filestat_set_times", "iiiiIIi"), ("path_link", "iiiiiii"), ("path_open", "iiiiiIIii"),
        ("path_readlink", "iiiiii"), ("path_remove_directory", "iii"), ("path_rename", "iiiiii"),
        ("path_symlink", "iiiii"), ("path_unlink_file", "iii"), ("sock_accept", "iii"), ("sock_recv", "iiiiii"),
        ("sock_send", "iiiii"), ("sock_shutdown", "ii")
    ]

    @Test(arguments: [0x2545_F491_4F6C_DD1D, 0x9E37_79B9_7F4A_7C15, 0x0123_4567_89AB_CDEF] as [UInt64])
    func hostileArgumentsNeverHurtTheHost(seed: UInt64) throws {
        var state = seed
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        // Interesting values: small fds and lengths, pointers around the end of the one-page memory, extremes.
        let i32s: [UInt32] = [
            0, 1, 2, 3, 4, 5, 8, 64, 100, 4096, 65_532, 65_535, 65_536, 0x7FFF_FFFF, 0x8000_0000,
            0xFFFF_FFFF, 0xFFFF_FFF0
        ]
        let i64s: [UInt64] = [0, 1, 4096, 1 << 32, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, .max]
        var text = "(module\n"
        for (name, params) in Self.signatures {
            let types = params.map { $0 == "I" ? "i64" : "i32" }.joined(separator: " ")
            text += "  (import \"wasi_snapshot_preview1\" \"\(name)\" (func $\(name) (param \(types)) (result i32)))\n"
        }
        text += "  (memory (export \"memory\") 1)\n"
        // Paths for the path calls: "a", "../x", "/etc", "a/b", at 0x100.
        text += "  (data (i32.const 0x100) \"a\\00../x\\00/etc\\00a/b\\00\")\n"
        text += "  (func (export \"fuzz\")\n"
        for _ in 0..<4000 {
            let (name, params) = Self.signatures[Int(next() % UInt64(Self.signatures.count))]
            let args = params.map { p -> String in
                if p == "I" { return "(i64.const \(Int64(bitPattern: i64s[Int(next() % UInt64(i64s.count))])))" }
                let v = next() % 4 == 0 ? UInt32(0x100 + next() % 12) : i32s[Int(next() % UInt64(i32s.count))]
                return "(i32.const \(Int32(bitPattern: v)))"
            }.joined(separator: " ")
            text += "    (drop (call $\(name) \(args)))\n"
        }
        text += "  ))\n"

        let fm = FileManager.default
        let outside = fm.temporaryDirectory.appendingPathComponent("swasm-wasi-fuzz-\(UUID())")
        let sandbox = outside.appendingPathComponent("sandbox")
        try fm.createDirectory(at: sandbox, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: outside) }
        try Data("keep".utf8).write(to: outside.appendingPathComponent("x"))
        try fm.createDirectory(at: sandbox.appendingPathComponent("a"), withIntermediateDirectories: true)
        var c = WASIConfiguration(arguments: ["fuzz", "arg"], environment: [("K", "V")])
        c.preopens = [.init(hostPath: sandbox.path, guestPath: "/")]
        c.stdin = .bytes(Array(repeating: 0x41, count: 100))
        c.stdout = .buffer(OutputBuffer())
        c.stderr = .buffer(OutputBuffer())
        let wasi = try WASI(configuration: c)
        let linker = Linker(engine: engine)
        wasi.define(in: linker)
        let instance = try linker.instantiate(try Module(engine: engine, wat: text))
        try instance.call("fuzz")
        // Nothing outside the sandbox changed.
        #expect(try fm.contentsOfDirectory(atPath: outside.path).sorted() == ["sandbox", "x"])
        #expect(try String(contentsOf: outside.appendingPathComponent("x"), encoding: .utf8) == "keep")
    }
}

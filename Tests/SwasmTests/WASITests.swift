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

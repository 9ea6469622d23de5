// The one-of-each paths behind the public API: artifacts from files, byte-exact names, the engine's limits
// reaching the runtime, typed link errors and readable runtime errors.

import Foundation
import Swasm
import Testing

@Suite struct SpineTests {
    @Test func contentsOfLoadsArtifactsLikeSwasmRun() throws {
        let dir = FileManager.default.temporaryDirectory
        let wasm = dir.appendingPathComponent("swasm-spine-\(UUID()).wasm").path
        let aot = dir.appendingPathComponent("swasm-spine-\(UUID()).aot").path
        defer {
            try? FileManager.default.removeItem(atPath: wasm)
            try? FileManager.default.removeItem(atPath: aot)
        }
        try Data(Guests.provider).write(to: URL(fileURLWithPath: wasm))
        try Data(try Module(engine: engine, bytes: Guests.provider).serialize()).write(to: URL(fileURLWithPath: aot))
        #expect(!Module.isArtifact(Guests.provider))
        for path in [wasm, aot] {
            let i = try Module(engine: engine, contentsOf: path).instantiate()
            #expect(try i.call("triple", .i32(14)) == [.i32(42)], "\(path)")
        }
        // The text format too.
        let wat = dir.appendingPathComponent("swasm-spine-\(UUID()).wat").path
        defer { try? FileManager.default.removeItem(atPath: wat) }
        try Data("(module (func (export \"seven\") (result i32) (i32.const 7)))".utf8).write(
            to: URL(fileURLWithPath: wat))
        #expect(try Module(engine: engine, contentsOf: wat).instantiate().call("seven") == [.i32(7)])
        // A corrupt artifact is an ArtifactError, not a wasm decoding error.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: aot)))
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: aot))
        #expect(throws: ArtifactError.self) { _ = try Module(engine: engine, contentsOf: aot) }
    }

    /// Wasm names are byte strings: "\u{C5}" and "A\u{30A}" are different imports, although Swift's `String`
    /// compares them equal (canonical equivalence).
    @Test func linkerKeepsCanonicallyEquivalentNamesApart() throws {
        let linker = Linker(engine: engine)
        let composed = "\u{C5}"
        let decomposed = "A\u{30A}"
        #expect(composed == decomposed) // the trap this test guards against
        linker.define(
            "env", composed, .global(try Global(type: GlobalType(value: .i32, mutable: false), value: .i32(1))))
        linker.define(
            "env", decomposed, .global(try Global(type: GlobalType(value: .i32, mutable: false), value: .i32(2))))
        guard case .global(let a) = linker.lookup("env", composed),
            case .global(let b) = linker.lookup("env", decomposed)
        else {
            Issue.record("both definitions must be found")
            return
        }
        #expect(a.value == .i32(1) && b.value == .i32(2))
        #expect(linker.lookup("env", "\u{212B}") == nil) // ANGSTROM SIGN: equivalent too, but not defined
    }

    /// `ResourceLimits.maxTableElements` reaches the runtime through the engine's one configuration mapping:
    /// `table.grow` in wasm stops at it (before, only instantiation checked it, in the API layer).
    @Test func tableLimitAppliesToTableGrowInWasm() throws {
        // (module (table (export "t") 1 funcref)
        //   (func (export "grow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))
        let wasm: [UInt8] = [
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03,
            0x02, 0x01, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x01, 0x07, 0x0c, 0x02, 0x01, 0x74, 0x01, 0x00, 0x04,
            0x67, 0x72, 0x6f, 0x77, 0x00, 0x00, 0x0a, 0x0b, 0x01, 0x09, 0x00, 0xd0, 0x70, 0x20, 0x00, 0xfc, 0x0f,
            0x00, 0x0b
        ]
        let limited = Engine(Engine.Configuration(limits: ResourceLimits(maxTableElements: 8)))
        let i = try Module(engine: limited, bytes: wasm).instantiate()
        #expect(try i.call("grow", .i32(7)) == [.i32(1)])
        #expect(try i.call("grow", .i32(1)) == [.i32(-1)])
        #expect(try i.table(named: "t").count == 8)
        let roomy = try Module(engine: engine, bytes: wasm).instantiate()
        #expect(try roomy.call("grow", .i32(100)) == [.i32(1)])
    }

    @Test func linkErrorsAreTyped() throws {
        let limited = Engine(Engine.Configuration(limits: ResourceLimits(maxMemoryPages: 0)))
        #expect {
            _ = try Module(engine: limited, bytes: Guests.provider).instantiate()
        } throws: { ($0 as? LinkError)?.reason == .limitExceeded }
        // Wrong type: named, with what was expected.
        let consumer = try Module(engine: engine, bytes: Guests.consumer)
        let wrong = consumer.imports.map { _ -> Extern in
            .hostFunction(HostFunction(parameters: [.i64], results: []) { _, _ in [] })
        }
        #expect {
            _ = try consumer.instantiate(wrong)
        } throws: { error in
            guard let e = error as? LinkError else { return false }
            return e.reason == .incompatibleImport && e.module == consumer.imports[0].module
                && e.name == consumer.imports[0].name && e.expected == consumer.imports[0].type
                && e.message.hasPrefix("incompatible import type")
        }
        // Missing: the spec's wording, and the import's name.
        #expect {
            _ = try consumer.instantiate(imports: Linker(engine: engine))
        } throws: { error in
            guard let e = error as? LinkError else { return false }
            return e.reason == .missingImport && e.message.hasPrefix("unknown import \(consumer.imports[0].module).")
        }
        // A guard-page artifact on an explicit-bounds engine.
        let explicit = Engine(Engine.Configuration(boundsChecking: .explicit))
        #expect {
            _ = try Module(engine: explicit, artifact: try Module(engine: engine, bytes: Guests.provider).serialize())
        } throws: { ($0 as? LinkError)?.reason == .guardPagesRequired }
        // An artifact without deterministic NaNs on an engine that requires them; with them, it loads.
        let canonical = Engine(Engine.Configuration(canonicalizeNaNs: true))
        #expect {
            _ = try Module(engine: canonical, artifact: try Module(engine: engine, bytes: Guests.provider).serialize())
        } throws: { ($0 as? LinkError)?.reason == .nondeterministicNaNs }
        let deterministic = try Module(engine: canonical, bytes: Guests.provider).serialize()
        #expect(deterministic[16] & 4 != 0, "flags bit 2: deterministic NaNs (docs/AOT-FORMAT.md)")
        _ = try Module(engine: canonical, artifact: deterministic)
    }

    @Test func runtimeErrorsSayWhatHappenedAndWhatToDo() {
        let mmap = "\(RuntimeError.systemCall(name: "mmap", errno: ENOMEM))"
        #expect(
            mmap.contains("mmap failed") && mmap.contains("errno 12") && mmap.contains("explicit bounds"), "\(mmap)")
        let space = "\(RuntimeError.addressSpaceExhausted(liveMemories: 16380, reservationBytes: (8 << 30) + 65536))"
        #expect(
            space.contains("address space exhausted after 16380 guard-page memories of 8 GiB")
                && space.contains("BoundsChecking") == false && space.contains("boundsChecking = .explicit")
                && space.contains("pooling"), "\(space)")
        let pool = "\(RuntimeError.poolExhausted(slots: 10))"
        #expect(pool.contains("all 10 slots") && pool.contains("maxInstances"), "\(pool)")
        #expect(!"\(RuntimeError.outOfMemory)".contains("outOfMemory"))
    }
}

// The module cache (`Engine(_:cacheDirectory:)`): hits, misses, corrupt and stale entries, configuration keys.

import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Swasm

/// A fresh, empty directory under the temporary directory.
func scratchDirectory(_ tag: String) -> String {
    let path = NSTemporaryDirectory() + "swasm-\(tag)-\(getpid())-\(UInt32.random(in: 0 ... .max))"
    try? FileManager.default.removeItem(atPath: path)
    return path
}

func cacheEntries(_ directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".swasm-cache") }
        .sorted()
}

@Suite struct ModuleCacheTests {
    @Test func secondLoadIsAHit() throws {
        let dir = scratchDirectory("cache-hit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let engine = Engine(cacheDirectory: dir + "/nested/cache") // created with its parents
        let first = try Module(engine: engine, bytes: Guests.basics)
        #expect(!first.loadedFromCache)
        #expect(cacheEntries(dir + "/nested/cache").count == 1)
        let second = try Module(engine: engine, bytes: Guests.basics)
        #expect(second.loadedFromCache)
        let add = try second.instantiate().typedFunction("add", (Int32, Int32).self, Int32.self)
        #expect(try add(2, 3) == 5)
        // Another engine with the same settings shares the entry (another process would too).
        #expect(try Module(engine: Engine(cacheDirectory: dir + "/nested/cache"), bytes: Guests.basics).loadedFromCache)
        // No temporary files are left behind.
        let all = try FileManager.default.contentsOfDirectory(atPath: dir + "/nested/cache")
        #expect(all.count == 1)
    }

    @Test func differentModuleIsAMiss() throws {
        let dir = scratchDirectory("cache-miss")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let engine = Engine(cacheDirectory: dir)
        _ = try Module(engine: engine, bytes: Guests.basics)
        var other = Guests.basics
        other.append(contentsOf: [0, 3, 1, 0x61, 0]) // a custom section "a": other bytes, the same code
        #expect(!(try Module(engine: engine, bytes: other).loadedFromCache))
        #expect(cacheEntries(dir).count == 2)
    }

    @Test func differentConfigurationIsADifferentEntry() throws {
        let dir = scratchDirectory("cache-config")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var configurations: [Engine.Configuration] = [Engine.Configuration()]
        configurations.append(Engine.Configuration(boundsChecking: .explicit))
        configurations.append(Engine.Configuration(metering: CostModel()))
        var costly = CostModel()
        costly.setCost(7, forOperator: "i32.add")
        configurations.append(Engine.Configuration(metering: costly))
        configurations.append(Engine.Configuration(canonicalizeNaNs: true))
        var baseline = Engine.Configuration()
        baseline.cpuFeatures = .baseline
        configurations.append(baseline)
        for (n, c) in configurations.enumerated() {
            let module = try Module(engine: Engine(c, cacheDirectory: dir), bytes: Guests.basics)
            #expect(!module.loadedFromCache, "configuration \(n) reused another's entry")
        }
        // Each has its own entry (the default and `.baseline` coincide on hosts without AVX).
        #expect(cacheEntries(dir).count >= configurations.count - 1)
        for c in configurations {
            let module = try Module(engine: Engine(c, cacheDirectory: dir), bytes: Guests.basics)
            #expect(module.loadedFromCache)
            #expect(module.isMetered == (c.metering != nil))
            #expect(module.hasExplicitBoundsChecks == (c.boundsChecking == .explicit))
        }
        // The metered entry keeps its cost model: the same gas as a fresh compile.
        let fresh = try Module(engine: Engine(Engine.Configuration(metering: costly)), bytes: Guests.basics)
        let cached = try Module(
            engine: Engine(Engine.Configuration(metering: costly), cacheDirectory: dir), bytes: Guests.basics)
        #expect(cached.loadedFromCache)
        let a = try fresh.instantiate(gas: 1000)
        let b = try cached.instantiate(gas: 1000)
        _ = try a.call("add", .i32(1), .i32(2))
        _ = try b.call("add", .i32(1), .i32(2))
        #expect(a.gasRemaining == b.gasRemaining)
    }

    /// Where an entry's parts are: the artifact's offset in the file and its layout.
    func entryLayout(_ entry: Data) -> (artifactOffset: Int, layout: ModuleCache.Layout) {
        let offset = entry.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: 32, as: UInt64.self)) }
        let layout = entry.withUnsafeBytes { ModuleCache.Layout(UnsafeRawBufferPointer(rebasing: $0[offset...]))! }
        return (offset, layout)
    }

    @Test func corruptEntriesAreIgnoredAndRewritten() throws {
        let dir = scratchDirectory("cache-corrupt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let engine = Engine(cacheDirectory: dir)
        _ = try Module(engine: engine, bytes: Guests.basics)
        let path = dir + "/" + cacheEntries(dir)[0]
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        let (artifactOffset, layout) = entryLayout(good)
        #expect((artifactOffset + layout.code.lowerBound) % ModuleCache.chunkSize == 0)

        func flipped(_ at: Int) -> Data {
            var d = good
            d[at] ^= 0x40
            return d
        }
        let damaged: [Data] = [
            flipped(8), // another key
            flipped(40), // the artifact's length
            flipped(ModuleCache.headerFixed), // the first chunk's checksum
            flipped(artifactOffset + 20), // the artifact's header
            flipped(artifactOffset + layout.code.upperBound + 4), // metadata after the code
            flipped(artifactOffset + layout.code.lowerBound + 3), // code in the stubs' chunk (verified at load)
            good.prefix(good.count / 3), good.prefix(good.count - 1), good + Data([0]), Data(), Data("junk".utf8)
        ]
        for bad in damaged {
            try bad.write(to: URL(fileURLWithPath: path))
            let module = try Module(engine: engine, bytes: Guests.basics)
            #expect(!module.loadedFromCache)
            let add = try module.instantiate().typedFunction("add", (Int32, Int32).self, Int32.self)
            #expect(try add(2, 3) == 5)
            // Rewritten: whole and valid again.
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == good)
            #expect(try Module(engine: engine, bytes: Guests.basics).loadedFromCache)
        }
    }

    /// A module whose code spans several 64 KiB chunks, with `last` far from the stubs.
    static let manyChunks: [UInt8] = {
        var wat = "(module\n"
        for i in 0..<2500 {
            wat += "(func $f\(i) (param i32) (result i32)"
            for k in 0..<8 { wat += " (i32.add (i32.mul (local.get 0) (i32.const \(i + k))) (i32.const \(k)))" }
            wat += String(repeating: " (i32.add)", count: 7) + ")\n"
        }
        wat += "(export \"last\" (func $f2499)))"
        return try! Module.assemble(wat: Array(wat.utf8))
    }()

    /// Code is verified chunk by chunk on first touch: a corrupt chunk far from the stubs is only found when the
    /// guest runs into it. The call then traps naming the entry, which is deleted; the next load compiles.
    @Test func corruptCodeIsCaughtWhenFirstTouched() throws {
        let dir = scratchDirectory("cache-lazy")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let engine = Engine(cacheDirectory: dir)
        let compiled = try Module(engine: engine, bytes: ModuleCacheTests.manyChunks)
        let expected = try compiled.instantiate().typedFunction("last", Int32.self, Int32.self)(3)
        let path = dir + "/" + cacheEntries(dir)[0]
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        let (artifactOffset, layout) = entryLayout(good)
        #expect(layout.code.count > 3 * ModuleCache.chunkSize)

        // Intact: loaded from the cache, and every chunk the call runs through is verified on the way.
        let cached = try Module(engine: engine, bytes: ModuleCacheTests.manyChunks)
        #expect(cached.loadedFromCache)
        #expect(try cached.instantiate().typedFunction("last", Int32.self, Int32.self)(3) == expected)

        // `last` is the final function: its bytes are in the last chunk, which the stubs are not in.
        var bad = good
        bad[artifactOffset + layout.code.upperBound - 40] ^= 0xFF
        try bad.write(to: URL(fileURLWithPath: path))
        let damaged = try Module(engine: engine, bytes: ModuleCacheTests.manyChunks)
        #expect(damaged.loadedFromCache)
        do {
            _ = try damaged.instantiate().typedFunction("last", Int32.self, Int32.self)(3)
            Issue.record("corrupt code ran")
        } catch let trap as Trap {
            #expect(trap.message.contains("corrupt"))
        }
        #expect(cacheEntries(dir).isEmpty)
        let again = try Module(engine: engine, bytes: ModuleCacheTests.manyChunks)
        #expect(!again.loadedFromCache)
        #expect(try again.instantiate().typedFunction("last", Int32.self, Int32.self)(3) == expected)
    }

    /// Several threads running into the same unverified chunks at once: each chunk is verified and opened by
    /// whichever thread faults first (or by several: both `mprotect`), and every call gets the right result.
    @Test func threadsRaceIntoUnverifiedChunks() throws {
        let dir = scratchDirectory("cache-race")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let engine = Engine(cacheDirectory: dir)
        let expected = try Module(engine: engine, bytes: ModuleCacheTests.manyChunks).instantiate()
            .typedFunction("last", Int32.self, Int32.self)(7)
        for _ in 0..<5 {
            let cached = try Module(engine: engine, bytes: ModuleCacheTests.manyChunks) // fresh mapping: all closed
            #expect(cached.loadedFromCache)
            let results = Mutex([Int32]())
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                let r = try? cached.instantiate().typedFunction("last", Int32.self, Int32.self)(7)
                results.withLock { $0.append(r ?? -1) }
            }
            #expect(results.withLock { $0 } == [expected, expected, expected, expected])
        }
    }

    /// Trap sites, call sites and names of a mapped entry are decoded when a trap needs them: the trap and its
    /// backtrace read the same as from the compiled module, and so does the module written out again.
    @Test func cachedCodeTrapsWithTheSameLocationAndNames() throws {
        let dir = scratchDirectory("cache-traps")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let engine = Engine(cacheDirectory: dir)
        let wat = Array(
            """
            (module
              (memory 1)
              (func $inner (param i32) (result i32) (i32.load (local.get 0)))
              (func $outer (export "outer") (param i32) (result i32) (i32.add (i32.const 1) (call $inner (local.get 0)))))
            """.utf8)
        let bytes = try Module.assemble(wat: wat)
        func trap(_ m: Module) throws -> Trap? {
            do {
                _ = try m.instantiate().typedFunction("outer", Int32.self, Int32.self)(70000)
            } catch let t as Trap { return t }
            return nil
        }
        let compiled = try Module(engine: engine, bytes: bytes)
        let cached = try Module(engine: engine, bytes: bytes)
        #expect(!compiled.loadedFromCache && cached.loadedFromCache)
        let a = try #require(try trap(compiled))
        let b = try #require(try trap(cached))
        #expect(b.code == .memoryOutOfBounds)
        #expect(a.functionIndex == b.functionIndex && a.wasmOffset == b.wasmOffset)
        #expect(b.frames.map(\.functionName) == ["inner", "outer"])
        #expect(a.frames.map(\.wasmOffset) == b.frames.map(\.wasmOffset))
        #expect(cached.serialize() == compiled.serialize())
    }

    /// `Module(engine:contentsOf:)` records the file's identity (device, inode, size, times) with the key, so a later
    /// load of the unchanged file finds the entry without reading the file; a rewritten file is read again.
    @Test func unchangedFilesAreFoundByTheirIdentity() throws {
        let dir = scratchDirectory("cache-identity")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let engine = Engine(cacheDirectory: dir + "/cache")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/m.wasm"
        func module(_ v: Int32) throws -> [UInt8] {
            try Module.assemble(wat: Array("(module (func (export \"v\") (result i32) (i32.const \(v))))".utf8))
        }
        func value(_ m: Module) throws -> Int32 { try m.instantiate().typedFunction("v", Void.self, Int32.self)() }
        func refs() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir + "/cache")) ?? []).filter {
                $0.hasSuffix(".swasm-ref")
            }
        }

        // Just written: its times may still change within one clock tick, so no identity is recorded.
        try Data(try module(1)).write(to: URL(fileURLWithPath: file))
        #expect(try value(Module(engine: engine, contentsOf: file)) == 1)
        #expect(refs().isEmpty)

        usleep(useconds_t(ModuleCache.settledSeconds * 1_000_000 + 200_000))
        let first = try Module(engine: engine, contentsOf: file)
        #expect(first.loadedFromCache) // by its bytes, and now its identity is recorded
        #expect(refs().count == 1)
        let hit = try Module(engine: engine, contentsOf: file)
        #expect(hit.loadedFromCache)
        #expect(try value(hit) == 1)

        // Rewritten with other bytes of the same size: the recorded identity no longer matches.
        try Data(try module(2)).write(to: URL(fileURLWithPath: file))
        let changed = try Module(engine: engine, contentsOf: file)
        #expect(!changed.loadedFromCache)
        #expect(try value(changed) == 2)
    }

    /// An entry naming the right key but holding an artifact compiled with other settings (a stale or
    /// mislabelled entry, consistent in itself) is not used: its flags must match the engine's.
    @Test func mislabelledEntriesAreIgnoredAndRewritten() throws {
        let dir = scratchDirectory("cache-stale")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let explicit = Engine(Engine.Configuration(boundsChecking: .explicit), cacheDirectory: dir + "/explicit")
        let metered = Engine(Engine.Configuration(metering: CostModel()), cacheDirectory: dir + "/metered")
        let plain = Engine(cacheDirectory: dir + "/plain")
        for e in [explicit, metered, plain] { _ = try Module(engine: e, bytes: Guests.basics) }
        let plainPath = dir + "/plain/" + cacheEntries(dir + "/plain")[0]
        let good = try Data(contentsOf: URL(fileURLWithPath: plainPath))
        for other in ["explicit", "metered"] {
            var foreign = try Data(
                contentsOf: URL(fileURLWithPath: dir + "/\(other)/" + cacheEntries(dir + "/\(other)")[0]))
            // The other artifact under the plain engine's key, its header checksum made consistent again.
            foreign.replaceSubrange(8..<32, with: good[8..<32])
            let chunks = foreign.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: 56, as: UInt64.self)) }
            let sum = foreign.withUnsafeBytes { ModuleCache.headerChecksum(UnsafeRawBufferPointer($0), chunks: chunks) }
            withUnsafeBytes(of: sum.littleEndian) { foreign.replaceSubrange(96..<104, with: $0) }
            try foreign.write(to: URL(fileURLWithPath: plainPath))
            let module = try Module(engine: plain, bytes: Guests.basics)
            #expect(!module.loadedFromCache, "a \(other) artifact was used by a plain engine")
            #expect(!module.isMetered && !module.hasExplicitBoundsChecks)
            #expect(try Data(contentsOf: URL(fileURLWithPath: plainPath)) == good)
        }
    }

    @Test func unwritableDirectoryStillCompiles() throws {
        let engine = Engine(cacheDirectory: "/proc/swasm-no-such-cache")
        let module = try Module(engine: engine, bytes: Guests.basics)
        #expect(!module.loadedFromCache)
        #expect(engine.cacheDirectory == "/proc/swasm-no-such-cache")
        #expect(Engine().cacheDirectory == nil)
    }
}

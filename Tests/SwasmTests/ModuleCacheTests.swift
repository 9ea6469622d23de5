// The module cache (`Engine(_:cacheDirectory:)`): hits, misses, corrupt and stale entries, configuration keys.

import Foundation
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

    @Test func corruptEntriesAreIgnoredAndRewritten() throws {
        let dir = scratchDirectory("cache-corrupt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let engine = Engine(cacheDirectory: dir)
        _ = try Module(engine: engine, bytes: Guests.basics)
        let path = dir + "/" + cacheEntries(dir)[0]
        let good = try Data(contentsOf: URL(fileURLWithPath: path))

        var flipped = good
        flipped[good.count / 2] ^= 0x40 // inside the artifact: its checksum no longer matches
        var wrongKey = good
        wrongKey[good.count - 20] ^= 1 // the trailer names another key
        let damaged: [Data] = [flipped, wrongKey, good.prefix(good.count / 3), Data(), Data("junk".utf8)]
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

    /// An entry whose trailer names the right key but whose artifact was compiled with other settings (a stale
    /// or mislabelled entry) is not used: its flags must match the engine's.
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
            let foreign = try Data(
                contentsOf: URL(fileURLWithPath: dir + "/\(other)/" + cacheEntries(dir + "/\(other)")[0]))
            // The other artifact under the plain engine's key (its trailer).
            try (foreign.prefix(foreign.count - 32) + good.suffix(32)).write(to: URL(fileURLWithPath: plainPath))
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

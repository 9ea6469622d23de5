// Imports: host functions, the linker, resolvers; memories, globals and tables through the API.

import Swasm
import Testing

struct HostFailure: Error, Equatable { var reason: String }

@Suite struct ImportTests {
    /// A linker satisfying every import of imports.wat; `notified` collects notify's arguments.
    final class Env: @unchecked Sendable { // used from one thread at a time
        var notified: [Int32] = []
        let memory: Memory
        let base: Global
        let table: Table
        let linker: Linker
        init(_ e: Engine = engine) throws {
            memory = try Memory(engine: e, minPages: 1, maxPages: 2)
            base = try Global(type: GlobalType(value: .i32, mutable: true), value: .i32(100))
            table = try Table(engine: e, type: TableType(element: .funcref, limits: Limits(min: 2, max: nil)))
            linker = Linker(engine: e)
            linker.define("env", "combine") { (caller: Caller, a: Int32, b: Int32) -> Int32 in a * 10 + b }
            linker.define("env", "notify", parameters: [.i32], results: []) { [unowned self] caller, args in
                notified.append(args[0].i32Value!)
                return []
            }
            linker.define("env", "memory", .memory(memory))
            linker.define("env", "base", .global(base))
            linker.define("env", "table", .table(table))
        }
    }

    @Test func everyKindOfImport() throws {
        let env = try Env()
        let i = try env.linker.instantiate(try Module(engine: engine, bytes: Guests.imports))
        #expect(try i.call("run", .i32(4), .i32(2)) == [.i32(142)])
        #expect(env.notified == [4])
        // The memory is shared both ways.
        try env.memory.store(UInt8(99), at: 10)
        #expect(try i.call("peek", .i32(10)) == [.i32(99)])
        try i.call("poke", .i32(11), .i32(7))
        #expect(try env.memory.load(UInt8.self, at: 11) == 7)
        #expect(i.memory?.byteCount == env.memory.byteCount)
        // So is the global.
        try i.call("set_base", .i32(5))
        #expect(env.base.value == .i32(5))
        try env.base.set(.i32(1000))
        #expect(try i.call("run", .i32(0), .i32(1)) == [.i32(1001)])
        // And the table: a function of another instance stored from Swift, called by the guest.
        let provider = try Module(engine: engine, bytes: Guests.provider).instantiate()
        try env.table.set(1, function: try provider.function(named: "forty_two"))
        #expect(try i.call("call_at", .i32(1)) == [.i32(42)])
        #expect(throws: Trap.self) { try i.call("call_at", .i32(0)) }
    }

    @Test func missingImportNamesIt() throws {
        let m = try Module(engine: engine, bytes: Guests.imports)
        let linker = Linker(engine: engine)
        linker.define("env", "combine") { (_: Caller, a: Int32, b: Int32) -> Int32 in a + b }
        #expect {
            _ = try linker.instantiate(m)
        } throws: { error in
            guard let e = error as? LinkError else { return false }
            return e.reason == .missingImport && e.module == "env" && e.name == "notify"
                && e.expected == .function(FuncType(params: [.i32], results: []))
                && e.message.contains("env.notify")
        }
        #expect(throws: LinkError.self) { _ = try m.instantiate() }
        #expect(throws: LinkError.self) { _ = try m.instantiate([]) }
    }

    @Test func incompatibleImportsNameThem() throws {
        let m = try Module(engine: engine, bytes: Guests.imports)
        func failure(_ module: String, _ name: String, _ value: Extern) throws -> LinkError? {
            let env = try Env()
            env.linker.define(module, name, value)
            do { _ = try env.linker.instantiate(m) } catch let e as LinkError { return e }
            return nil
        }
        let wrongSignature = try failure("env", "combine", .hostFunction(HostFunction { (_: Caller, a: Int64) in a }))
        #expect(wrongSignature?.reason == .incompatibleImport && wrongSignature?.name == "combine")
        let wrongKind = try failure(
            "env", "memory", .global(try Global(type: GlobalType(value: .i32, mutable: true), value: .i32(0))))
        #expect(wrongKind?.reason == .incompatibleImport && wrongKind?.name == "memory")
        let immutable = try failure(
            "env", "base", .global(try Global(type: GlobalType(value: .i32, mutable: false), value: .i32(0))))
        #expect(immutable?.reason == .incompatibleImport && immutable?.message.contains("env.base") == true)
        let smallTable = try failure(
            "env", "table",
            .table(try Table(engine: engine, type: TableType(element: .funcref, limits: Limits(min: 1, max: nil)))))
        #expect(smallTable?.name == "table")
    }

    @Test func linkingModulesToEachOther() throws {
        let linker = Linker(engine: engine)
        let lib = try linker.instantiate(try Module(engine: engine, bytes: Guests.provider), as: "lib")
        let app = try linker.instantiate(try Module(engine: engine, bytes: Guests.consumer))
        #expect(try app.typedFunction("triple_plus_one", Int32.self, Int32.self)(5) == 16)
        try app.call("write", .i32(8), .i32(0x1234))
        #expect(try lib.memory(named: "memory").load(Int32.self, at: 8) == 0x1234)
        #expect(linker.lookup("lib", "scale")?.kind == .global)
    }

    @Test func customResolver() throws {
        struct Resolver: ImportResolver, Sendable {
            var seen: @Sendable (String, String, ExternType) -> Void
            func resolve(module: String, name: String, type: ExternType) throws -> Extern? {
                seen(module, name, type)
                guard module == "lib", name == "triple" else { return nil }
                return .hostFunction(HostFunction { (_: Caller, x: Int32) -> Int32 in x * 100 })
            }
        }
        final class Log: @unchecked Sendable { var names: [String] = [] } // used from one thread at a time
        let log = Log()
        let linker = Linker(engine: engine)
        linker.define("lib", "memory", .memory(try Memory(engine: engine, minPages: 1)))
        linker.addFallback(Resolver { m, n, _ in log.names.append("\(m).\(n)") })
        let app = try linker.instantiate(try Module(engine: engine, bytes: Guests.consumer))
        #expect(try app.call("triple_plus_one", .i32(2)) == [.i32(201)])
        #expect(log.names == ["lib.triple"])
    }

    @Test func callerGivesAccessToTheInstance() throws {
        final class State { var gas: UInt64 = 0 }
        let linker = Linker(engine: engine)
        linker.define("host", "twice") { (caller: Caller, x: Int32) -> Int32 in
            // Call back into the guest, and look at its memory.
            let inc = try caller.function(named: "inc").typed(Int32.self, Int32.self)
            try caller.memory!.store(UInt32(0xabcd), at: 0)
            #expect(caller.export("memory")?.kind == .memory)
            return try inc(try inc(x))
        }
        linker.define("host", "fail", parameters: [], results: []) { _, _ in throw HostFailure(reason: "nope") }
        linker.define("host", "gas") { (caller: Caller) -> Int64 in Int64(caller.gasRemaining) }
        let i = try linker.instantiate(try Module(engine: engine, bytes: Guests.callback))
        #expect(try i.call("run", .i32(40)) == [.i32(42)])
        #expect(try i.memory!.load(UInt32.self, at: 0) == 0xabcd)
        // A host error reaches the Swift caller unchanged; the instance stays usable.
        #expect(throws: HostFailure(reason: "nope")) { try i.call("fail") }
        #expect(try i.call("run", .i32(1)) == [.i32(3)])
        // A host function throwing a Trap makes the guest trap with that code.
        let linker2 = Linker(engine: engine)
        linker2.define("host", "twice") { (_: Caller, _: Int32) -> Int32 in throw Trap(.unreachable) }
        linker2.define("host", "fail", parameters: [], results: []) { _, _ in throw Trap(.integerOverflow) }
        linker2.define("host", "gas") { (_: Caller) -> Int64 in 0 }
        let j = try linker2.instantiate(try Module(engine: engine, bytes: Guests.callback))
        #expect { try j.call("fail") } throws: { ($0 as? Trap)?.code == .integerOverflow }
        #expect { try j.call("run", .i32(1)) } throws: { ($0 as? Trap)?.code == .unreachable }
    }
}

@Suite struct MemoryGlobalTableTests {
    @Test func memoryAccess() throws {
        let i = try basics()
        let m = try i.memory(named: "memory")
        #expect(m.pageCount == 1 && m.byteCount == 65536 && m.maxPages == 4)
        try m.store(Int32(-2), at: 0)
        #expect(try m.load(UInt32.self, at: 0) == 0xffff_fffe)
        #expect(try m.read(at: 0, count: 4) == [0xfe, 0xff, 0xff, 0xff]) // little-endian
        try m.store(Float(1.5), at: 8)
        #expect(try m.load(Float.self, at: 8) == 1.5)
        #expect(try m.load(UInt32.self, at: 8) == Float(1.5).bitPattern)
        try m.store(Double.pi, at: 16)
        #expect(try m.load(Double.self, at: 16) == .pi)
        try m.store(UInt64.max - 1, at: 65528)
        #expect(try m.load(Int64.self, at: 65528) == -2)
        #expect(try m.readCString(at: 100) == "wasm")
        #expect(try m.readString(at: Int32(100), count: 2) == "wa")
        #expect(try m.writeString("héllo", at: 200, nulTerminated: true) == 7)
        #expect(try m.readCString(at: UInt32(200)) == "héllo")
        try m.write([1, 2, 3], at: 300)
        #expect(try i.call("load", .i32(300)) == [.i32(0x030201)])
        // Bounds: nothing happens, a clear error.
        #expect(throws: MemoryAccessError(address: 65533, count: 4, memorySize: 65536)) {
            try m.store(UInt32(1), at: 65533)
        }
        #expect(throws: MemoryAccessError.self) { _ = try m.read(at: -1, count: 1) }
        #expect(throws: MemoryAccessError.self) { _ = try m.read(at: Int32(-1), count: 1) } // 4 GiB - 1
        #expect(throws: MemoryAccessError.self) { try m.write([0, 0], at: 65535) }
        #expect(throws: MemoryAccessError.self) { _ = try m.load(UInt8.self, at: 65536) }
        // Zero-copy view.
        m.withUnsafeMutableBytes { buf in
            #expect(buf.count == 65536)
            buf[400] = 42
        }
        #expect(try i.call("load", .i32(400)) == [.i32(42)])
        // Growing, seen by the guest; the maximum holds.
        #expect(m.grow(by: 2) == 1)
        #expect(try i.call("size") == [.i32(3)])
        #expect(m.grow(by: 2) == nil)
        try m.store(UInt8(1), at: 3 * 65536 - 1)
        #expect(m.pageCount == 3)
    }

    @Test func memoryLimitFromTheEngine() throws {
        let small = Engine(Engine.Configuration(limits: ResourceLimits(maxMemoryPages: 2)))
        let m = try Memory(engine: small, minPages: 1)
        #expect(m.maxPages == 2)
        #expect(m.grow(by: 1) == 1)
        #expect(m.grow(by: 1) == nil)
        let tiny = Engine(Engine.Configuration(limits: ResourceLimits(maxMemoryPages: 0)))
        #expect { _ = try Module(engine: tiny, bytes: Guests.basics).instantiate() } throws: {
            ($0 as? LinkError)?.reason == .limitExceeded
        }
    }

    @Test func globals() throws {
        let i = try basics()
        let counter = try i.global(named: "counter")
        #expect(counter.type == GlobalType(value: .i32, mutable: true))
        try counter.set(.i32(41))
        try i.call("bump")
        #expect(counter.get() == .i32(42))
        #expect(throws: UsageError.self) { try counter.set(.i64(1)) }
        let answer = try i.global(named: "answer")
        #expect(answer.value == .i64(42))
        #expect(throws: UsageError.self) { try answer.set(.i64(0)) }
        #expect(throws: UsageError.self) {
            _ = try Global(type: GlobalType(value: .f64, mutable: false), value: .i32(0))
        }
    }

    @Test func tables() throws {
        let i = try basics()
        let t = try i.table(named: "table")
        #expect(t.count == 4 && t.maximum == 10 && t.elementType == .funcref)
        #expect(try i.call("call_at", .i32(0)) == [.i32(7)])
        #expect(try t.get(2) == .funcref(nil))
        #expect(try t.get(0) != .funcref(nil))
        // Store an exported function, from Swift.
        let size = try i.function(named: "size")
        try t.set(2, function: size)
        #expect(try t.get(2) == size.reference)
        #expect(try i.call("call_at", .i32(2)) == [.i32(1)])
        try t.set(2, function: nil)
        #expect { try i.call("call_at", .i32(2)) } throws: { ($0 as? Trap)?.code == .uninitializedElement }
        // A wrong signature traps in the guest.
        try t.set(3, function: try i.function(named: "add"))
        #expect { try i.call("call_at", .i32(3)) } throws: { ($0 as? Trap)?.code == .indirectCallTypeMismatch }
        // Raw addresses cannot be planted.
        #expect(throws: UsageError.self) { try t.set(1, .funcref(0x1000)) }
        #expect(throws: UsageError.self) { try t.set(1, .externref(1)) }
        #expect(throws: Trap.self) { _ = try t.get(4) }
        // Growing.
        #expect(try t.grow(by: 2) == 4)
        #expect(try t.grow(by: 1, function: size) == 6)
        #expect(try i.call("call_at", .i32(6)) == [.i32(1)])
        #expect(try t.grow(by: 4) == nil) // maximum 10
        #expect(t.count == 7)
        // externref tables.
        let ext = try Table(engine: engine, type: TableType(element: .externref, limits: Limits(min: 1, max: nil)))
        try ext.set(0, .externref(99))
        #expect(try ext.get(0) == .externref(99))
        let limited = Engine(Engine.Configuration(limits: ResourceLimits(maxTableElements: 3)))
        #expect(throws: LinkError.self) {
            _ = try Table(engine: limited, type: TableType(element: .funcref, limits: Limits(min: 4, max: nil)))
        }
        #expect { _ = try Module(engine: limited, bytes: Guests.basics).instantiate() } throws: {
            ($0 as? LinkError)?.reason == .limitExceeded
        }
    }
}

// The public embedding API: modules, typed and untyped calls, exports, errors.

import Foundation
import Swasm
import Testing

let engine = Engine()

func basics(_ e: Engine = engine) throws -> Instance {
    try Module(engine: e, bytes: Guests.basics).instantiate()
}

@Suite struct TypedCallTests {
    @Test func integerAndFloatSignatures() throws {
        let i = try basics()
        let add = try i.typedFunction("add", (Int32, Int32).self, Int32.self)
        #expect(try add(2, 3) == 5)
        #expect(try add(.max, 1) == .min)
        let add64 = try i.typedFunction("add64", (Int64, Int64).self, Int64.self)
        #expect(try add64(1 << 40, 2) == (1 << 40) + 2)
        let mulf = try i.typedFunction("mulf", (Float, Float).self, Float.self)
        #expect(try mulf(1.5, 4) == 6)
        let divd = try i.typedFunction("divd", (Double, Double).self, Double.self)
        #expect(try divd(1, 4) == 0.25)
        #expect(try divd(0, 0).isNaN)
        let mix = try i.typedFunction("mix", (Int32, Int64, Float, Double).self, Double.self)
        #expect(try mix(1, 2, 0.5, 0.25) == 3.75)
        let widen = try i.typedFunction("widen", Int32.self, Int64.self)
        #expect(try widen(-5) == -5)
        // Unsigned types carry the same bits.
        let addU = try i.typedFunction("add", (UInt32, UInt32).self, UInt32.self)
        #expect(try addU(.max, 2) == 1)
    }

    @Test func noParametersNoResultsAndMultiValue() throws {
        let i = try basics()
        let bump = try i.typedFunction("bump", Void.self, Void.self)
        try bump()
        try bump()
        #expect(try i.global(named: "counter").value == .i32(2))
        let size = try i.typedFunction("size", Void.self, Int32.self)
        #expect(try size() == 1)
        let swap = try i.typedFunction("swap", (Int32, Int64).self, (Int64, Int32).self)
        let (a, b) = try swap(7, 9)
        #expect(a == 9 && b == 7)
        // From a Function too.
        let f = try i.function(named: "add")
        #expect(try f.typed((Int32, Int32).self, Int32.self)(40, 2) == 42)
    }

    @Test func signatureMismatchIsAClearError() throws {
        let i = try basics()
        #expect {
            _ = try i.typedFunction("add", (Int64, Int64).self, Int64.self)
        } throws: { error in
            guard let e = error as? ExportError, case .signatureMismatch(let name, let expected, let requested) = e
            else { return false }
            return name == "add" && expected == FuncType(params: [.i32, .i32], results: [.i32])
                && requested == FuncType(params: [.i64, .i64], results: [.i64])
                && "\(e)".contains("add")
        }
        #expect(
            throws: ExportError.signatureMismatch(
                name: "bump", expected: FuncType(params: [], results: []),
                requested: FuncType(params: [], results: [.i32]))
        ) {
            _ = try i.typedFunction("bump", Void.self, Int32.self)
        }
        #expect(throws: ExportError.notFound(name: "nope")) { _ = try i.typedFunction("nope", Void.self, Void.self) }
        #expect(throws: ExportError.wrongKind(name: "memory", expected: .function, actual: .memory)) {
            _ = try i.function(named: "memory")
        }
        #expect(throws: ExportError.wrongKind(name: "add", expected: .memory, actual: .function)) {
            _ = try i.memory(named: "add")
        }
    }

    @Test func untypedCalls() throws {
        let i = try basics()
        #expect(try i.call("add", .i32(1), .i32(2)) == [.i32(3)])
        #expect(try i.call("mulf", [.f32(2), .f32(3)]) == [.f32(6)])
        #expect(try i.call("swap", .i32(1), .i64(2)) == [.i64(2), .i32(1)])
        #expect(try i.call("bump") == [])
        #expect(throws: ExportError.argumentMismatch(name: "add", expected: [.i32, .i32], got: [.i32])) {
            try i.call("add", .i32(1))
        }
        #expect(throws: ExportError.argumentMismatch(name: "add", expected: [.i32, .i32], got: [.i64, .i32])) {
            try i.call("add", .i64(1), .i32(2))
        }
        #expect(throws: ExportError.notFound(name: "missing")) { try i.call("missing") }
    }

    @Test func moduleDescribesImportsAndExports() throws {
        let m = try Module(engine: engine, bytes: Guests.imports)
        #expect(
            m.imports.map(\.description) == [
                "env.combine: function (i32, i32) -> i32", "env.notify: function (i32) -> ()",
                "env.memory: memory 1.. pages", "env.base: global mut i32", "env.table: table funcref 2.."
            ])
        let b = try Module(engine: engine, bytes: Guests.basics)
        #expect(
            b.exports.contains(ExportDescriptor(name: "answer", type: .global(GlobalType(value: .i64, mutable: false))))
        )
        #expect(b.exports.first { $0.name == "memory" }?.type == .memory(MemoryType(limits: Limits(min: 1, max: 4))))
        #expect(!b.isMetered && !b.hasExplicitBoundsChecks && b.codeSize > 0)
    }

    /// Issue 18: signatures printed in one format everywhere; global and table types readable.
    @Test func oneSignatureFormat() throws {
        #expect(FuncType(params: [.i32, .i64], results: [.f64]).description == "(i32, i64) -> f64")
        #expect(FuncType(params: [], results: []).description == "() -> ()")
        #expect(FuncType(params: [.i32], results: [.i32, .i64]).description == "(i32) -> (i32, i64)")
        #expect(GlobalType(value: .i32, mutable: true).description == "mut i32")
        #expect("\(GlobalType(value: .f64, mutable: false))" == "f64")
        #expect("\(TableType(element: .funcref, limits: Limits(min: 2, max: 10)))" == "funcref 2..10")
        #expect("\(MemoryType(limits: Limits(min: 1, max: nil)))" == "1.. pages")
        let i = try basics()
        let mismatch = #expect(throws: ExportError.self) { try i.typedFunction("add", Int64.self, Int64.self) }
        #expect(
            mismatch?.description == "function \"add\" has type (i32, i32) -> i32, but was requested as (i64) -> i64")
        let wrongArgs = #expect(throws: ExportError.self) { try i.call("add", .i64(1)) }
        #expect(wrongArgs?.description == "function \"add\" takes (i32, i32), but was called with (i64)")
        let link = #expect(throws: LinkError.self) { try Module(engine: engine, bytes: Guests.imports).instantiate() }
        #expect(link?.message.contains("function (i32, i32) -> i32") == true)
    }
}

@Suite struct ModuleCreationTests {
    @Test func decodeErrorsCarryTheOffset() throws {
        #expect {
            _ = try Module(engine: engine, bytes: Array("not wasm".utf8))
        } throws: { error in
            guard let e = error as? WasmError else { return false }
            return e.kind == .malformed && e.offset == 0
        }
        // Invalid code: i32.add on an empty stack, inside the function body.
        let invalid: [UInt8] = [
            0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 5, 1, 3, 0, 0x6a, 0x0b
        ]
        #expect {
            _ = try Module(engine: engine, bytes: invalid)
        } throws: { error in
            guard let e = error as? WasmError else { return false }
            return e.kind == .invalid && e.message.contains("type mismatch") && e.offset == 23
        }
    }

    @Test func fromAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swasm-api-\(UUID()).wasm").path
        try Data(Guests.provider).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let i = try Module(engine: engine, contentsOf: path).instantiate()
        #expect(try i.call("forty_two") == [.i32(42)])
        #expect(throws: FileError(path: "/nonexistent/x.wasm", errno: ENOENT)) {
            _ = try Module(engine: engine, contentsOf: "/nonexistent/x.wasm")
        }
    }

    @Test func largeCustomSectionsFromAFileAndAStream() async throws {
        // 2 MB of DWARF-like custom section after the module: skipped (mapped and never read, or dropped as it
        // streams), the module works; a malformed custom section is still rejected with its offset.
        let payload = [UInt8](repeating: 0x5A, count: 2_000_000)
        func leb(_ value: Int) -> [UInt8] {
            var v = value
            var out: [UInt8] = []
            while v >= 0x80 {
                out.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            return out + [UInt8(v)]
        }
        func custom(nameLength: Int) -> [UInt8] {
            let body = leb(nameLength) + Array(".debug_info".utf8) + payload
            return [0] + leb(body.count) + body
        }
        let bytes = Guests.provider + custom(nameLength: 11)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swasm-api-\(UUID()).wasm").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Module(engine: engine, contentsOf: path).instantiate().call("forty_two") == [.i32(42)])
        let streamed = try await Module(engine: engine, streaming: Self.chunks(bytes, size: 65536))
        #expect(try streamed.instantiate().call("forty_two") == [.i32(42)])
        let bad = Guests.provider + custom(nameLength: payload.count + 100)
        try Data(bad).write(to: URL(fileURLWithPath: path))
        #expect(
            throws: WasmError(
                .malformed, "length out of bounds",
                offset: Guests.provider.count + 1 + leb(3 + 11 + payload.count).count)
        ) {
            _ = try Module(engine: engine, contentsOf: path)
        }
    }

    static func chunks(_ bytes: [UInt8], size: Int) -> AsyncStream<[UInt8]> {
        AsyncStream { c in
            var i = 0
            while i < bytes.count {
                c.yield(Array(bytes[i..<min(i + size, bytes.count)]))
                i += size
            }
            c.finish()
        }
    }

    @Test(arguments: [1, 7, 64, 100_000])
    func streamingCompilation(chunkSize: Int) async throws {
        let m = try await Module(engine: engine, streaming: Self.chunks(Guests.many, size: chunkSize))
        let i = try m.instantiate()
        #expect(try i.typedFunction("f123", Int32.self, Int32.self)(1) == 124)
        let expected: Int32 = 200 + 199 * 200 / 2
        #expect(try i.typedFunction("sum_all", Int32.self, Int32.self)(1) == expected)
        #expect(m.codeSize == (try Module(engine: engine, bytes: Guests.many)).codeSize)
    }

    @Test func streamingErrors() async throws {
        // Truncated: reported at the end, with the offset.
        await #expect {
            _ = try await Module(engine: engine, streaming: Self.chunks(Array(Guests.many.prefix(500)), size: 10))
        } throws: { error in
            (error as? WasmError)?.kind == .malformed
        }
        // A bad header is reported by the first chunk, before the rest is awaited.
        struct Failing: AsyncSequence, AsyncIteratorProtocol {
            var sent = false
            mutating func next() async throws -> [UInt8]? {
                if sent { throw CancellationError() }
                sent = true
                return Array("garbage!".utf8)
            }
            func makeAsyncIterator() -> Failing { self }
        }
        await #expect(throws: WasmError.self) { _ = try await Module(engine: engine, streaming: Failing()) }
        // Errors of the sequence itself come through unchanged.
        struct Broken: AsyncSequence, AsyncIteratorProtocol {
            mutating func next() async throws -> [UInt8]? { throw CancellationError() }
            func makeAsyncIterator() -> Broken { self }
        }
        await #expect(throws: CancellationError.self) { _ = try await Module(engine: engine, streaming: Broken()) }
    }

    @Test func explicitBoundsEngine() throws {
        let e = Engine(Engine.Configuration(boundsChecking: .explicit))
        let m = try Module(engine: e, bytes: Guests.basics)
        #expect(m.hasExplicitBoundsChecks)
        let i = try m.instantiate()
        #expect(try i.call("store", .i32(65532), .i32(5)) == [])
        #expect(try i.call("load", .i32(65532)) == [.i32(5)])
        #expect(throws: Trap.self) { try i.call("load", .i32(65533)) }
        // A guard-page module cannot import an explicit-bounds memory.
        let mem = try Memory(engine: e, minPages: 1)
        #expect {
            _ = try Module(engine: engine, bytes: Guests.consumer).instantiate([
                .hostFunction(HostFunction { (_: Caller, x: Int32) in x }), .memory(mem)
            ])
        } throws: { error in
            (error as? LinkError)?.reason == .incompatibleImport && (error as? LinkError)?.name == "memory"
        }
    }

    @Test func artifactRoundTrip() throws {
        let m = try Module(engine: engine, bytes: Guests.basics)
        let bytes = m.serialize()
        let loaded = try Module(engine: engine, artifact: bytes)
        let i = try loaded.instantiate()
        #expect(try i.typedFunction("add", (Int32, Int32).self, Int32.self)(20, 22) == 42)
        #expect(throws: Trap.self) { try i.call("div_s", .i32(1), .i32(0)) }
        #expect(throws: ArtifactError.self) { _ = try Module(engine: engine, artifact: Array(bytes.prefix(40))) }
        // Metering travels with the artifact.
        let metered = try Module(engine: Engine(Engine.Configuration(metering: CostModel())), bytes: Guests.start)
        let reloaded = try Module(engine: engine, artifact: metered.serialize())
        #expect(reloaded.isMetered)
        let mi = try reloaded.instantiate(gas: 10_000)
        #expect(mi.gasRemaining < 10_000)
    }
}

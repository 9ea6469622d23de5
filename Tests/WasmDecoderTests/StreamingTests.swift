import Foundation
import Testing

@testable import WasmDecoder

/// The bench modules of Benchmarks/bench (real C programs compiled to wasm).
func benchModules() throws -> [(String, [UInt8])] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Benchmarks/bench")
    let names = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".wasm") }.sorted()
    return try names.map { ($0, Array(try Data(contentsOf: root.appendingPathComponent($0)))) }
}

/// Records the order of events a consumer sees, and how many bytes had been fed at each.
struct RecordingConsumer: FunctionBodyConsumer {
    var events: [String] = []
    var bytesFedAtFirstBody: Int?
    var bytesFed = 0

    struct Counter: IgnoringOperatorVisitor {
        var count = 0
        mutating func beginOperator(at offset: Int, opcode: Opcode) { count += 1 }
    }

    mutating func sectionDidEnd(_ id: SectionID, module: ModuleInfo) throws(WasmError) {
        events.append("section \(id)")
    }
    mutating func beginFunction(
        _ body: FunctionBodyInfo, locals: [(count: UInt32, type: ValueType)],
        module: ModuleInfo
    ) throws(WasmError) -> Counter {
        if bytesFedAtFirstBody == nil { bytesFedAtFirstBody = bytesFed }
        return Counter()
    }
    mutating func endFunction(_ body: FunctionBodyInfo, visitor: inout Counter) throws(WasmError) {
        events.append("func \(body.functionIndex) ops \(visitor.count)")
    }
}

@Suite struct StreamingTests {
    func parse(_ bytes: [UInt8], chunk: Int) throws -> (ModuleInfo, RecordingConsumer) {
        var p = ModuleParser(consumer: RecordingConsumer())
        var i = 0
        while i < bytes.count {
            let n = min(chunk, bytes.count - i)
            p.consumer.bytesFed = i + n
            try p.feed(bytes[i..<i + n])
            i += n
        }
        let m = try p.finish()
        return (m, p.consumer)
    }

    @Test func oneByteAtATimeEqualsAllAtOnce() throws {
        let modules = try benchModules()
        #expect(modules.count == 9)
        for (name, bytes) in modules {
            let (whole, wholeEvents) = try parse(bytes, chunk: bytes.count)
            for chunk in [1, 2, 3, 7, 64] {
                let (m, ev) = try parse(bytes, chunk: chunk)
                #expect(m == whole, "\(name) chunk \(chunk)")
                #expect(ev.events == wholeEvents.events, "\(name) chunk \(chunk)")
            }
            #expect(whole.definedFunctionCount > 0, "\(name)")
        }
    }

    @Test func firstBodyIsConsumedBeforeTheLastByte() throws {
        // Each body is handed over exactly when its last byte arrives.
        for (name, bytes) in try benchModules() {
            let (m, ev) = try parse(bytes, chunk: 1)
            let fed = try #require(ev.bytesFedAtFirstBody, "\(name)")
            let body = m.functionBodies[0]
            #expect(fed == body.offset + body.size, "\(name): function 0 consumed after \(fed) bytes")
        }
        // With more bodies and a data section after the code, function 0 runs long before the module ends.
        var bytes = module(bodies: Array(repeating: [0x00, 0x41, 1, 0x1A, 0x0B], count: 50), memory: true)
        bytes += section(11, vec([[0x00, 0x41, 0x00, 0x0B] + vec(Array(repeating: [0x2A], count: 1000))]))
        let (_, ev) = try parse(bytes, chunk: 1)
        let fed = try #require(ev.bytesFedAtFirstBody)
        #expect(fed < bytes.count - 1000)
    }

    @Test func sectionsAreReportedInOrder() throws {
        let bytes = module(bodies: [[0x00, 0x0B], [0x00, 0x0B]])
        let (_, ev) = try parse(bytes, chunk: 1)
        #expect(ev.events == ["section type", "section function", "func 0 ops 1", "func 1 ops 1", "section code"])
    }

    @Test func truncatedModulesFailAtEveryLength() throws {
        let (name, bytes) = try benchModules()[0]
        let firstBody = try validateModule(bytes).functionBodies[0].offset
        // A prefix that ends between sections before the code may itself be a valid module; from the first
        // body on, every prefix lacks code the function section promised.
        for len in Array(0..<8) + Array(firstBody..<bytes.count) {
            var p = ModuleParser()
            #expect(throws: WasmError.self, "\(name) truncated to \(len)") {
                try p.feed(bytes[0..<len])
                try p.finish()
            }
        }
    }

    @Test func asyncSequenceOfChunks() async throws {
        let (_, bytes) = try benchModules()[1]
        let chunks = stride(from: 0, to: bytes.count, by: 100).map { Array(bytes[$0..<min($0 + 100, bytes.count)]) }
        let stream = AsyncStream<[UInt8]> { c in
            for ch in chunks { c.yield(ch) }
            c.finish()
        }
        var p = ModuleParser()
        let m = try await p.parse(chunks: stream)
        #expect(m == (try validateModule(bytes)))
    }
}

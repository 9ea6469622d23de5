import Testing

@testable import WasmDecoder

/// Custom sections are skipped without copies (issue 17): names, offsets and sizes are recorded, the `name`
/// section is decoded, malformed ones are still rejected at their offset, and a large one streamed in chunks is
/// never accumulated.
@Suite struct CustomSectionTests {
    /// A custom section with `payloadSize` deterministic bytes.
    func custom(_ sectionName: String, payloadSize: Int) -> [UInt8] {
        section(0, name(sectionName) + (0..<payloadSize).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
    }

    /// The `name` section naming function `index`.
    func nameSection(_ index: UInt32, _ functionName: String) -> [UInt8] {
        let names = vec([uleb(UInt64(index)) + name(functionName)])
        return section(0, name("name") + [1] + uleb(UInt64(names.count)) + names)
    }

    /// Feeds `bytes` in chunks of `chunk` bytes (0: all at once); the module or the error, and the events.
    func parse(_ bytes: [UInt8], chunk: Int) -> (Result<ModuleInfo, WasmError>, [String]) {
        var p = ModuleParser(consumer: RecordingConsumer())
        let step = chunk == 0 ? max(bytes.count, 1) : chunk
        do throws(WasmError) {
            var i = 0
            while i < bytes.count {
                let n = min(step, bytes.count - i)
                try p.feed(bytes[i..<i + n])
                i += n
            }
            return (.success(try p.finish()), p.consumer.events)
        } catch {
            return (.failure(error), p.consumer.events)
        }
    }

    static let chunkings = [0, 1, 7, 1000, 4096, 65536]

    /// A module with a small custom section first, a large one between two sections, the `name` section, and two
    /// large ones (like DWARF) at the end.
    func moduleWithCustomSections() -> [UInt8] {
        var m = header + custom("early", payloadSize: 100)
        m += section(1, vec([[0x60, 0x00, 0x01, 0x7F]]))
        m += custom("between", payloadSize: 20_000)
        m += section(3, vec([[0x00]]))
        m += section(7, vec([name("f") + [0x00, 0x00]]))
        m += section(10, vec([uleb(4) + [0x00, 0x41, 0x2A, 0x0B]]))
        m += nameSection(0, "answer")
        m += custom(".debug_info", payloadSize: 30_000)
        m += custom(".debug_line", payloadSize: 5_000)
        return m
    }

    @Test func customSectionsAreRecordedAndTheNameSectionDecoded() throws {
        let bytes = moduleWithCustomSections()
        let (result, events) = parse(bytes, chunk: 0)
        let m = try result.get()
        #expect(
            m.customSections.map { String(decoding: $0.name, as: UTF8.self) } == [
                "early", "between", "name", ".debug_info", ".debug_line"
            ])
        #expect(m.customSections.map(\.size) == [100, 20_000, 11, 30_000, 5_000])
        // Each payload offset points at the payload's first byte in the module.
        let debugInfo = m.customSections[3]
        #expect(Array(bytes[debugInfo.payloadOffset..<debugInfo.payloadOffset + 3]) == [7, 38, 69])
        #expect(
            debugInfo.payloadOffset + debugInfo.size + custom(".debug_line", payloadSize: 5_000).count == bytes.count)
        #expect(m.functionNames == [0: "answer"])
        #expect(events.filter { $0 == "section custom" }.count == 5)
        for chunk in Self.chunkings.dropFirst() {
            let (r, ev) = parse(bytes, chunk: chunk)
            #expect(try r.get() == m, "chunk \(chunk)")
            #expect(ev == events, "chunk \(chunk)")
        }
    }

    @Test func aLargeCustomSectionStreamedInChunksIsNotAccumulated() throws {
        let payload = 8 << 20
        var bytes = moduleWithCustomSections()
        bytes += custom(".debug_str", payloadSize: payload)
        bytes += custom("after", payloadSize: 10)
        var p = ModuleParser()
        var i = 0
        var largestBuffer = 0
        while i < bytes.count {
            let n = min(64 << 10, bytes.count - i)
            try p.feed(bytes[i..<i + n])
            largestBuffer = max(largestBuffer, p.storage.capacity)
            i += n
        }
        let m = try p.finish()
        #expect(m.customSections.last.map { String(decoding: $0.name, as: UTF8.self) } == "after")
        #expect(m.customSections.first { $0.name == Array(".debug_str".utf8) }?.size == payload)
        // The buffer holds at most an incomplete unit and a chunk (64 KiB), never the section.
        #expect(largestBuffer <= 128 << 10, "the parser buffered \(largestBuffer) bytes")
    }

    /// The error for `bytes`, the same for every chunking.
    func expectError(
        _ bytes: [UInt8], _ message: String, at offset: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for chunk in Self.chunkings {
            let (r, _) = parse(bytes, chunk: chunk)
            guard case .failure(let e) = r else {
                Issue.record("accepted with chunk \(chunk)", sourceLocation: sourceLocation)
                continue
            }
            #expect(e.message == message, "chunk \(chunk)", sourceLocation: sourceLocation)
            #expect(e.offset == offset, "chunk \(chunk)", sourceLocation: sourceLocation)
        }
    }

    @Test func malformedCustomSectionsAreRejectedAtTheirOffset() {
        for size in [12, 10_000] {
            let filler = [UInt8](repeating: 0x20, count: size - 2)
            // The name's length runs past the section's end.
            let longName = header + section(0, uleb(UInt64(size + 1)) + [0x61] + filler)
            expectError(longName, "length out of bounds", at: 8 + 1 + uleb(UInt64(size)).count)
            // The name is not UTF-8.
            let notUTF8 = header + section(0, [1, 0xFF] + filler) + section(1, vec([]))
            expectError(notUTF8, "malformed UTF-8 encoding", at: 8 + 1 + uleb(UInt64(size)).count + 1)
            // The name's length is not a valid LEB128.
            let badLength = header + section(0, [0x80, 0x80, 0x80, 0x80, 0x80] + filler.dropLast(3))
            expectError(badLength, "integer representation too long", at: 8 + 1 + uleb(UInt64(size)).count)
            // The module ends inside the section: that error comes first, whatever the name.
            let truncated = Array(notUTF8.prefix(8 + 1 + uleb(UInt64(size)).count + size - 1))
            expectError(truncated, "unexpected end of section or function", at: truncated.count)
            // A malformed section after a skipped one is still found.
            let after = header + section(0, [1, 0x61] + filler) + [0x0E, 0x00]
            expectError(after, "malformed section id", at: 8 + 1 + uleb(UInt64(size)).count + size)
        }
    }
}

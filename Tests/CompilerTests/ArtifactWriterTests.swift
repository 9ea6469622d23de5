import SwasmABI
import Testing

@testable import SwasmCompiler

/// The artifact buffer is filled once and handed out as is: writing the header must not copy it (a copy of a
/// large module's artifact cost 17 MB of memory traffic and ~4,100 page faults).
@Suite struct ArtifactWriterTests {
    @Test func finishHandsOutTheBufferWithoutCopying() {
        var w = ArtifactWriter(capacity: 1 << 16)
        w.section(.code) { s in
            for i in 0..<1_000 { s.u32(UInt32(i)) }
        }
        let before = w.out.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        let bytes = w.finish(arch: .x86_64, flags: [])
        let after = bytes.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        #expect(before == after)
        #expect(Array(bytes.prefix(ArtifactFormat.magic.count)) == ArtifactFormat.magic)
        #expect(w.out.isEmpty)
    }
}

import Glibc
import Testing

@testable import AssemblerCore

@Suite struct CodeBufferTests {
    @Test func ownedBufferGrows() {
        var b = CodeBuffer(initialCapacity: 64)
        for i in 0..<10_000 { b.emit32(UInt32(i)) }
        let (count, capacity, last, first) = (b.count, b.capacity, b.read32(at: 4 * 9_999), b.read32(at: 0))
        #expect(count == 40_000)
        #expect(capacity >= 40_000)
        #expect(last == 9_999)
        #expect(first == 0)
    }

    /// Past `HugePages.threshold` owned storage moves to a reserved mapping: the bytes move with it, later
    /// growth keeps them in place, and the copy out (`bytes`) is exact.
    @Test func ownedBufferMovesToAMappingPastTheThreshold() {
        var b = CodeBuffer(initialCapacity: 64)
        let words = HugePages.threshold / 4 + 1_000
        for i in 0..<words { b.emit32(UInt32(truncatingIfNeeded: i &* 2_654_435_761)) }
        let (count, capacity, base) = (b.count, b.capacity, b.base)
        #expect(count == 4 * words)
        #expect(capacity >= count)
        for i in stride(from: 0, to: words, by: 997) {
            let v = b.read32(at: 4 * i)
            #expect(v == UInt32(truncatingIfNeeded: i &* 2_654_435_761))
        }
        for i in 0..<1_000 { b.emit32(UInt32(i)) }
        let (baseAfter, last) = (b.base, b.read32(at: 4 * (words + 999)))
        #expect(baseAfter == base) // within the reservation: not moved
        #expect(last == 999)
        let bytes = b.bytes
        #expect(bytes.count == 4 * (words + 1_000))
        #expect(bytes[4 * 12_345] == UInt8(truncatingIfNeeded: 12_345 &* 2_654_435_761))
    }

    @Test func littleEndianWriters() {
        var b = CodeBuffer()
        b.emit8(0xAB)
        b.emit16(0x0102)
        b.emit32(0x0304_0506)
        b.emit64(0x0708_090A_0B0C_0D0E)
        let bytes = b.bytes
        #expect(bytes == [0xAB, 0x02, 0x01, 0x06, 0x05, 0x04, 0x03, 0x0E, 0x0D, 0x0C, 0x0B, 0x0A, 0x09, 0x08, 0x07])
        b.patch32(at: 3, 0xDEAD_BEEF)
        let patched = b.read32(at: 3)
        #expect(patched == 0xDEAD_BEEF)
        b.align(to: 16, fill: 0x90)
        let (count, fill) = (b.count, b.read8(at: 15))
        #expect(count == 16)
        #expect(fill == 0x90)
    }

    @Test func externalMemoryWithoutGrowerMovesToOwnedStorage() {
        let mem = UnsafeMutableRawPointer.allocate(byteCount: 32, alignment: 16)
        defer { mem.deallocate() }
        var b = CodeBuffer(memory: mem, capacity: 32)
        for i in 0..<8 { b.emit32(UInt32(i)) }
        let (movedBefore, baseBefore) = (b.leftExternalMemory, b.base)
        #expect(!movedBefore)
        #expect(baseBefore == mem)
        b.emit32(8) // does not fit: moves, never writes past the caller's 32 bytes
        let (moved, baseAfter, bytes) = (b.leftExternalMemory, b.base, b.bytes)
        #expect(moved)
        #expect(baseAfter != mem)
        #expect(bytes == (0..<9).flatMap { i -> [UInt8] in [UInt8(i), 0, 0, 0] })
    }

    @Test func externalMemoryAsksTheGrower() {
        let big = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 16)
        defer { big.deallocate() }
        var calls = 0
        var b = CodeBuffer(memory: big, capacity: 16) { base, used, needed in
            calls += 1
            return (base, 4096) // same region, now larger (like an mmap reservation committed further)
        }
        for i in 0..<100 { b.emit32(UInt32(i)) }
        let (base, moved, last) = (b.base, b.leftExternalMemory, b.read32(at: 396))
        #expect(calls == 1)
        #expect(base == big)
        #expect(!moved)
        #expect(last == 99)
    }
}

@Suite struct LabelTableTests {
    @Test func fixupsAreReturnedPerLabel() throws {
        var t = LabelTable()
        let a = t.newLabel()
        let b = t.newLabel()
        t.addFixup(a, at: 10, kind: 1)
        t.addFixup(b, at: 20, kind: 2)
        t.addFixup(a, at: 30, kind: 3)
        #expect(t.unresolvedCount == 3)
        #expect(t.position(of: a) == nil)
        var seen: [Int32] = []
        try t.bind(a, to: 100) { f in seen.append(f.at) }
        #expect(Set(seen) == [10, 30])
        #expect(t.position(of: a) == 100)
        #expect(t.unresolvedCount == 1)
        let rest = t.bind(b, to: 200)
        #expect(rest.map(\.at) == [20])
        #expect(rest[0].kind == 2)
        #expect(t.unresolvedCount == 0)
        t.reset()
        #expect(t.unresolvedCount == 0)
        let c = t.newLabel()
        #expect(c.id == 0)
    }

    /// Reserved for a module's labels, the tables are allocated once: handing out that many labels never moves
    /// them (each move copied the tables into fresh memory), and more than reserved still works.
    @Test func reservedLabelsDoNotMoveTheTables() throws {
        var t = LabelTable()
        t.reserveCapacity(labels: 5_000)
        let positions = t.positions.base
        let heads = t.heads.base
        let labels = (0..<5_000).map { _ in t.newLabel() }
        #expect(t.positions.base == positions && t.heads.base == heads)
        for (i, l) in labels.enumerated() where i % 7 == 0 { _ = t.bind(l, to: i) }
        let more = t.newLabel()
        #expect(more.id == 5_000 && t.position(of: more) == nil)
        #expect(t.position(of: labels[4_998]) == 4_998 && t.position(of: labels[4_999]) == nil)
        t.reserveCapacity(labels: 10) // never shrinks
        #expect(t.positions.capacity >= 5_001)
        // A reservation is an estimate: one the system refuses (or whose size overflows) leaves the table as it was.
        let capacity = t.positions.capacity
        let base = t.positions.base
        t.reserveCapacity(labels: 1 << 60)
        t.reserveCapacity(labels: .max)
        #expect(t.positions.capacity == capacity && t.positions.base == base)
        #expect(t.newLabel().id == 5_001)
    }
}

// Issue 18 (density): the registries the trap handler reads have no capacity, and the guard-page address-space
// limit is reported with what to change.

import SwasmABI
import Testing

@testable import SwasmRuntime

@Suite struct DensityRuntimeTests {
    /// Past the address space guard-page memories may use, the error says so and what to change. The limit is
    /// lowered here rather than exhausting the real address space.
    @Test func guardPageAddressSpaceLimitIsNamed() throws {
        let pool = MemoryReservationPool(
            reservationBytes: LinearMemory.guardedReservationBytes, maxCached: 0, reservationLimit: 2)
        let a = try LinearMemory(initialPages: 1, pool: pool)
        var b: LinearMemory? = try LinearMemory(initialPages: 1, pool: pool)
        do {
            _ = try LinearMemory(initialPages: 1, pool: pool)
            Issue.record("a third reservation past the limit")
        } catch {
            #expect(error == .addressSpaceExhausted(liveMemories: 2, reservationBytes: pool.reservationBytes))
            let text = "\(error)"
            #expect(text.contains("address space exhausted after 2 guard-page memories of 8 GiB"), "\(text)")
            #expect(text.contains("boundsChecking = .explicit") && text.contains("pooling"), "\(text)")
        }
        b = nil
        _ = b
        _ = try LinearMemory(initialPages: 1, pool: pool) // released reservations count no more
        #expect(pool.statistics.live == 1)
        _ = a
    }

    /// More VM contexts than the old fixed table (16,384), all recognised by the handler's test; freed ones not.
    @Test func contextsHaveNoCap() throws {
        var contexts: [VMContext] = []
        for _ in 0..<20_000 { contexts.append(try VMContext()) }
        for c in contexts.prefix(100) + contexts.suffix(100) {
            #expect(TrapRegistry.isLiveContext(UInt(bitPattern: c.pointer)))
            #expect(!TrapRegistry.isLiveContext(UInt(bitPattern: c.pointer) + 8))
        }
        let freed = UInt(bitPattern: contexts.removeLast().pointer)
        #expect(!TrapRegistry.isLiveContext(freed))
        #expect(VMContextSlabs.slabCount >= 20_000 / VMContextSlabs.slotsPerSlab)
    }

    /// The range registry: sorted lookups, updates and removals, many entries.
    @Test func rangeRegistryGrowsAndFinds() {
        let r = RangeRegistry()
        var ids: [Int] = []
        for k in (0..<6_000).reversed() { // inserted out of order
            ids.append(
                r.insert(start: UInt(0x10_0000 + k * 0x100), end: UInt(0x10_0000 + k * 0x100 + 0x80), payload: UInt(k)))
        }
        #expect(r.count == 6_000)
        #expect(r.lookup(0x10_0000)?.payload == 0)
        #expect(r.lookup(0x10_0000 + 5_999 * 0x100 + 0x7f)?.payload == 5_999)
        #expect(r.lookup(0x10_0000 + 17 * 0x100 + 0x80) == nil) // the gap after a range
        #expect(r.lookup(0xF_FFFF) == nil)
        #expect(r.lookup(UInt.max) == nil)
        r.update(id: ids[0], start: 0x1000, end: 0x2000, payload: 77) // ids[0] was k = 5999
        #expect(r.lookup(0x1800)?.payload == 77)
        #expect(r.lookup(0x10_0000 + 5_999 * 0x100) == nil)
        r.remove(id: ids[1])
        #expect(r.lookup(0x10_0000 + 5_998 * 0x100) == nil)
        #expect(r.count == 5_999)
    }
}

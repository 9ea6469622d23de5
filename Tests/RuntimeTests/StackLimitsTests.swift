import Glibc
import SwasmABI
import Testing

@testable import SwasmRuntime

@Suite struct StackLimitsTests {
    @Test func boundsContainALocal() throws {
        let bounds = try #require(StackLimits.currentThreadBounds())
        var local = 0
        let address = withUnsafeMutablePointer(to: &local) { UInt(bitPattern: $0) }
        #expect(bounds.contains(address))
        #expect(bounds.contains(StackLimits.currentStackPointer()))
        let limit = try #require(StackLimits.limit())
        #expect(limit == bounds.low + UInt(StackLimits.defaultReserve))
        let budgeted = try #require(StackLimits.limit(budget: 32 * 1024))
        #expect(budgeted > limit && budgeted < StackLimits.currentStackPointer())
    }

    @Test func smallPthreadStack() {
        let out = UnsafeMutablePointer<(Int, Bool)>.allocate(capacity: 1)
        defer { out.deallocate() }
        out.initialize(to: (0, false))
        runOnThread(stackSize: 1 << 20) {
            var local = 0
            let address = withUnsafeMutablePointer(to: &local) { UInt(bitPattern: $0) }
            if let b = StackLimits.currentThreadBounds() { out.pointee = (b.size, b.contains(address)) }
        }
        #expect(out.pointee.1)
        #expect(out.pointee.0 >= 1_000_000 && out.pointee.0 <= 1 << 20 + 65536, "size \(out.pointee.0)")
    }
}

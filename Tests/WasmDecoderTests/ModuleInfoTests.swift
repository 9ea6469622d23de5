import Testing

@testable import WasmDecoder

@Suite struct ModuleInfoTests {
    /// `ref.func`'s declared references are a bit set: members at word boundaries and far apart, repeats, and
    /// equality by members (not by how the set grew).
    @Test func functionIndexSet() {
        var s = FunctionIndexSet()
        #expect(!s.contains(0) && s.count == 0)
        for i: UInt32 in [0, 63, 64, 65, 1_000_000, 64, 0] { s.insert(i) }
        #expect(s.count == 5)
        for i: UInt32 in [0, 63, 64, 65, 1_000_000] { #expect(s.contains(i)) }
        for i: UInt32 in [1, 62, 66, 999_999, 1_000_001, UInt32.max] { #expect(!s.contains(i)) }
        var t = FunctionIndexSet()
        for i: UInt32 in [1_000_000, 65, 64, 63, 0] { t.insert(i) }
        #expect(s == t)
    }

    /// A module given to a compile thread has types equal to the original's but arrays of its own, so threads do
    /// not share the arrays' reference counts.
    @Test func typesOfItsOwn() {
        var m = ModuleInfo()
        m.types = [FuncType(params: [.i32, .i64], results: [.f64]), FuncType(params: [], results: [])]
        let copy = m.withOwnTypes()
        #expect(copy == m)
        func address(_ a: [ValueType]) -> UnsafeRawPointer? { a.withUnsafeBytes { $0.baseAddress } }
        #expect(address(copy.types[0].params) != address(m.types[0].params))
        #expect(address(copy.types[0].results) != address(m.types[0].results))
    }
}

import Testing

@testable import WasmDecoder

/// Function names are one buffer and two index arrays; whatever order names arrive in, they read back as a
/// dictionary would hold them, and iterate by increasing index.
@Suite struct FunctionNamesTests {
    func contents(_ n: FunctionNames) -> [(UInt32, String)] {
        var out: [(UInt32, String)] = []
        n.forEachName { i, b in out.append((i, String(decoding: b, as: UTF8.self))) }
        return out
    }

    @Test func matchesADictionaryInAnyOrder() {
        var rng = SystemRandomNumberGenerator()
        for round in 0..<50 {
            var names = FunctionNames()
            var reference: [UInt32: String] = [:]
            for step in 0..<(round * 3) {
                let index = UInt32.random(in: 0..<40, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0:
                    names[index] = nil
                    reference[index] = nil
                default:
                    let name = String(repeating: "é", count: step % 3) + "f\(index)_\(step)"
                    names[index] = name
                    reference[index] = name
                }
            }
            #expect(names.count == reference.count && names.isEmpty == reference.isEmpty)
            for i in 0..<41 { #expect(names[UInt32(i)] == reference[UInt32(i)]) }
            let listed = contents(names)
            #expect(listed.map(\.0) == reference.keys.sorted())
            #expect(listed.map(\.1) == reference.keys.sorted().map { reference[$0]! })
            #expect(names.byteCount == reference.values.reduce(0) { $0 + $1.utf8.count })
            // The same names set in increasing order compare equal (one representation per set of names).
            var rebuilt = FunctionNames()
            for k in reference.keys.sorted() { rebuilt[k] = reference[k] }
            #expect(rebuilt == names)
        }
    }

    @Test func literalAndContains() {
        let n: FunctionNames = [3: "c", 1: "a"]
        #expect(n[1] == "a" && n[3] == "c" && n[2] == nil)
        #expect(n.contains(3) && !n.contains(0))
        #expect(contents(n).map(\.0) == [1, 3])
        #expect(n != [1: "a"])
    }

    /// The name section's function names, read in place: a later name for the same index wins (as before), an
    /// invalid UTF-8 name ends the section without an error, and names before it are kept.
    @Test func nameSectionParsing() throws {
        func nameSection(_ entries: [(UInt32, [UInt8])]) -> [UInt8] {
            var sub: [UInt8] = [UInt8(entries.count)]
            for (i, b) in entries { sub += [UInt8(i), UInt8(b.count)] + b }
            let payload: [UInt8] = [1, UInt8(sub.count)] + sub
            let body = [4] + Array("name".utf8) + payload
            // type () -> (), two functions, empty bodies.
            let module: [UInt8] = [
                0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 3, 2, 0, 0,
                10, 7, 2, 2, 0, 0x0B, 2, 0, 0x0B
            ]
            return module + [0, UInt8(body.count)] + body
        }
        var p = ModuleParser()
        try p.feed(nameSection([(0, Array("zero".utf8)), (1, Array("one".utf8)), (0, Array("again".utf8))]))
        #expect(try p.finish().functionNames == [0: "again", 1: "one"])
        var q = ModuleParser()
        try q.feed(nameSection([(0, Array("ok".utf8)), (1, [0xC0, 0x80])]))
        #expect(try q.finish().functionNames == [0: "ok"])
    }
}

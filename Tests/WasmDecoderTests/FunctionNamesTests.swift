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

    /// Entries in any order, repeats included: by increasing index, the last name given for an index kept.
    @Test func entriesInAnyOrder() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<30 {
            let raw = (0..<Int.random(in: 0..<300, using: &rng)).map { k in
                (UInt32.random(in: 0..<100, using: &rng), "n\(k)")
            }
            var reference: [UInt32: String] = [:]
            for (i, name) in raw { reference[i] = name }
            let storage = raw.map { Array($0.1.utf8) }
            let names = FunctionNames.withEntries(raw.map(\.0), storage)
            #expect(contents(names).map(\.0) == reference.keys.sorted())
            #expect(contents(names).map(\.1) == reference.keys.sorted().map { reference[$0]! })
        }
    }

    /// A name section listing 200,000 functions in decreasing order (or one index over and over) reads in
    /// n log n: each name inserted in place would move all the names after it.
    @Test func aNameSectionInDecreasingOrder() throws {
        let n = 200_000
        var sub: [UInt8] = []
        func leb(_ v: Int) -> [UInt8] { uleb(UInt64(v)) }
        sub += leb(n)
        for k in 0..<n { sub += leb(n - 1 - k) + [2, 0x61, 0x62] }
        let payload = [1] + leb(sub.count) + sub
        var parser = SectionParser()
        payload.withUnsafeBytes { parser.parseNameSection(ByteReader($0)) }
        let names = parser.module.functionNames
        #expect(names.count == n && names[0] == "ab" && names[UInt32(n - 1)] == "ab")
        #expect(contents(names).map(\.0) == (0..<UInt32(n)).map { $0 })
        // One index over and over: the last name wins.
        var same = leb(n)
        for k in 0..<n { same += [5, 1, k == n - 1 ? 0x7A : 0x61] }
        let again = [1] + leb(same.count) + same
        var q = SectionParser()
        again.withUnsafeBytes { q.parseNameSection(ByteReader($0)) }
        #expect(q.module.functionNames == [5: "z"])
    }
}

extension FunctionNames {
    /// `init(entries:)` over names held in arrays.
    static func withEntries(_ indices: [UInt32], _ names: [[UInt8]]) -> FunctionNames {
        var all: [UInt8] = []
        var ranges: [Range<Int>] = []
        for b in names {
            ranges.append(all.count..<all.count + b.count)
            all += b
        }
        return all.withUnsafeBytes { raw in
            FunctionNames(entries: zip(indices, ranges).map { ($0, UnsafeRawBufferPointer(rebasing: raw[$1])) })
        }
    }
}

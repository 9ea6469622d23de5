import Testing

@testable import WasmDecoder

@Suite struct LocalUseScannerTests {
    func scan(_ body: [UInt8], locals: Int) -> ([UInt64], [Bool]) {
        // Room for the scanner's scratch entries; only the first `locals` are results.
        let room = max(locals, LocalUseScanner.minimumRoom)
        var w = [UInt64](repeating: 0, count: room)
        var written = [Bool](repeating: false, count: room)
        body.withUnsafeBytes { b in
            LocalUseScanner.scan(b, weights: &w, written: &written, count: locals)
        }
        return (Array(w.prefix(locals)), Array(written.prefix(locals)))
    }

    /// The scanner steps over most operators 8 bytes at a time while 8 bytes remain and one byte at a time near
    /// the end: each operator, wherever it sits, must count the same.
    @Test("multi-byte immediates count the same near the end of the body and far from it")
    func immediatesAtEveryPosition() {
        let ops: [UInt8] = [
            0x28, 0x02, 0xAC, 0x02, // i32.load align=2 offset=300
            0x20, 0x96, 0x01, // local.get 150
            0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, // i64.const (10-byte LEB)
            0x21, 0x05, // local.set 5
            0x03, 0x40, // loop
            0x22, 0x82, 0x01, // local.tee 130
            0x20, 0x01, // local.get 1
            0x43, 0x20, 0x01, 0x21, 0x02, // f32.const whose bytes look like local.get/set
            0x1A, 0x1A, // drop drop
            0x0B, // end
            0xFC, 0x0A, 0x00, 0x00, // memory.copy 0 0
            0x10, 0x80, 0x80, 0x01, // call 16384
            0x0E, 0x02, 0x00, 0x81, 0x01, 0x00, // br_table 0 129 0
            0x0B
        ]
        var expected = [UInt64](repeating: 0, count: 200)
        expected[150] = 1
        expected[5] = 1
        expected[130] = 8
        expected[1] = 8
        var expectedWritten = [Bool](repeating: false, count: 200)
        expectedWritten[5] = true
        expectedWritten[130] = true
        for before in 0..<10 {
            for after in 0..<10 {
                let body = [UInt8](repeating: 0x01, count: before) + ops + [UInt8](repeating: 0x01, count: after)
                let (w, written) = scan(body, locals: 200)
                #expect(w == expected, "\(before) nops before, \(after) after")
                #expect(written == expectedWritten, "\(before) nops before, \(after) after")
            }
        }
    }

    @Test("truncated bodies are scanned without reading past their end")
    func truncated() {
        let ops: [UInt8] = [0x01, 0x01, 0x20, 0x96, 0x01, 0x28, 0x02, 0xAC, 0x02, 0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        for n in 0...ops.count {
            // A buffer holding exactly the first n bytes: an index read from beyond it would show in the weights.
            let (w, _) = scan(Array(ops[0..<n]), locals: 200)
            #expect(w[150] == (n >= 5 ? 1 : 0), "\(n) bytes")
        }
    }

    /// Bodies nested up to 100 levels (past the 64 levels kept as bits) with blocks, loops and ifs of one- and
    /// two-byte block types, and accesses of one- and two-byte local indices, some beyond the local count:
    /// the weights and written flags match those worked out while generating the body.
    @Test("deep nesting, block types and local indices of every length count like a reference")
    func deepNestingMatchesReference() {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        let locals = 100
        for round in 0..<40 {
            var body: [UInt8] = []
            var expected = [UInt64](repeating: 0, count: locals)
            var expectedWritten = [Bool](repeating: false, count: locals)
            var open: [Bool] = [] // per open block: is it a loop
            var loops = 0
            for _ in 0..<600 {
                let r = next(10)
                if r < 3 && open.count < 100 {
                    let op: UInt8 = [0x02, 0x03, 0x04][next(3)]
                    body.append(op)
                    // Block type: empty, a value type, or a (two-byte) type index.
                    body += [[0x40], [0x7F], [0x80, 0x01]][next(3)]
                    open.append(op == 0x03)
                    if op == 0x03 { loops += 1 }
                } else if r < 5 && !open.isEmpty {
                    body.append(0x0B)
                    if open.removeLast() { loops -= 1 }
                } else if r < 9 {
                    let op: UInt8 = [0x20, 0x21, 0x22][next(3)]
                    let index = next(200)
                    body.append(op)
                    body += index < 128 ? [UInt8(index)] : [UInt8(index & 0x7F) | 0x80, UInt8(index >> 7)]
                    if index < locals {
                        expected[index] += 1 << (3 * UInt64(min(loops, 6)))
                        if op != 0x20 { expectedWritten[index] = true }
                    }
                } else {
                    body += [0x41, 0xE5, 0x8E, 0x26, 0x1A] // i32.const 624485; drop
                }
            }
            body += [UInt8](repeating: 0x0B, count: open.count + 1)
            let (w, written) = scan(body, locals: locals)
            #expect(w == expected, "round \(round)")
            #expect(written == expectedWritten, "round \(round)")
        }
    }
}

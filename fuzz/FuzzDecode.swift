// libFuzzer target over the WasmDecoder's decode + validate path.
//
// Compiled together with Sources/WasmDecoder/**/*.swift as one module (see fuzz/build.sh), so it sees the
// module's internals without @testable.
//
// For each input it checks:
//  (a) `validateModule` over the whole buffer never crashes / hangs / leaks (sanitizers do the rest);
//  (b) feeding the same bytes to `ModuleParser` in small chunks (sizes derived from the data) gives the same
//      outcome: the same `ModuleInfo` on success, or the same `WasmError` (kind, message, offset);
//  (c) for about one input in four that starts with a valid header, the same module with a ~70 KiB custom
//      section inserted after the header, streamed in chunks, gives the same outcome with offsets shifted by the
//      pad's size. This is the only way to reach `ModuleParser.feed`'s buffer compaction (cursor > 65536)
//      while `-max_len=65536`.
// A mismatch is a decoder bug: the target traps (fatalError) so libFuzzer records the input as a crash.

/// Small deterministic PRNG (splitmix64) seeded from the input, so a crash reproduces from the file alone.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// FNV-1a over the input: the seed for the chunking pattern.
func fuzzSeed(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
}

/// Feed `bytes` to a fresh parser in chunks of 1...maxChunk bytes (sizes from `rng`), then finish.
func streamInChunks(_ bytes: UnsafeBufferPointer<UInt8>, rng: inout SplitMix64, maxChunk: Int)
    -> Result<ModuleInfo, WasmError>
{
    Result { () throws(WasmError) -> ModuleInfo in
        var p = ModuleParser()
        var i = 0
        while i < bytes.count {
            // Mostly tiny chunks (1...8) to split every LEB128 and section header; sometimes bigger ones.
            let r = rng.next()
            let n = (r & 3 == 0) ? 1 + Int((r >> 8) % UInt64(maxChunk)) : 1 + Int((r >> 8) & 7)
            let end = min(bytes.count, i + n)
            try p.feed(UnsafeBufferPointer(rebasing: bytes[i..<end]))
            i = end
        }
        return try p.finish()
    }
}

func describe(_ r: Result<ModuleInfo, WasmError>) -> String {
    switch r {
    case .success(let m):
        return "valid (\(m.types.count) types, \(m.functionTypeIndices.count) functions, \(m.functionBodies.count) bodies)"
    case .failure(let e):
        return "\(e.kind): \(e)"
    }
}

func hexDump(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = 256) -> String {
    let digits = Array("0123456789abcdef")
    var s = ""
    for b in bytes.prefix(limit) { s.append(digits[Int(b >> 4)]); s.append(digits[Int(b & 15)]) }
    if bytes.count > limit { s += "... (\(bytes.count) bytes)" }
    return s
}

/// uleb128 encoding.
func fuzzULEB(_ v: Int) -> [UInt8] {
    var v = UInt64(v)
    var out: [UInt8] = []
    repeat {
        var b = UInt8(v & 0x7F)
        v >>= 7
        if v != 0 { b |= 0x80 }
        out.append(b)
    } while v != 0
    return out
}

let padName: [UInt8] = Array("fuzz-pad".utf8)

/// Check (c): the module with a big custom section after the header.
func checkWithPad(_ input: UnsafeBufferPointer<UInt8>, oneShot: Result<ModuleInfo, WasmError>, rng: inout SplitMix64) {
    let payloadSize = 70_000 + Int(rng.next() % 4096)
    var pad: [UInt8] = [0]
    let body = fuzzULEB(padName.count) + padName
    pad += fuzzULEB(body.count + payloadSize) + body
    pad += [UInt8](repeating: 0xA5, count: payloadSize)
    var padded: [UInt8] = Array(input[0..<8])
    padded += pad
    padded += input[8...]
    let shift = pad.count
    // Chunks up to 4 KiB here, so the compaction point falls at varied positions without 70k feed calls.
    let streamed = padded.withUnsafeBufferPointer { streamInChunks($0, rng: &rng, maxChunk: 4096) }
    switch (oneShot, streamed) {
    case (.success(let a), .success(let b)):
        guard b.customSections.first?.name == padName,
              b.customSections.count == a.customSections.count + 1,
              b.functionBodies.count == a.functionBodies.count,
              zip(a.functionBodies, b.functionBodies).allSatisfy({ $0.offset + shift == $1.offset && $0.size == $1.size }),
              a.types == b.types, a.imports == b.imports, a.exports == b.exports,
              a.functionTypeIndices == b.functionTypeIndices, a.data == b.data, a.elements == b.elements
        else {
            fatalError("padded module decodes differently: input \(hexDump(input))")
        }
    case (.failure(let a), .failure(let b)):
        guard a.kind == b.kind, a.message == b.message, a.offset + shift == b.offset else {
            fatalError("padded module: error mismatch: one-shot \(describe(oneShot)), padded+streamed \(describe(streamed)) (shift \(shift)); input \(hexDump(input))")
        }
    default:
        fatalError("padded module: outcome mismatch: one-shot \(describe(oneShot)), padded+streamed \(describe(streamed)); input \(hexDump(input))")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)

    // (a) One piece.
    let oneShot = Result { () throws(WasmError) -> ModuleInfo in try validateModule(input) }

    // (b) Small chunks of varying size.
    var rng = SplitMix64(state: fuzzSeed(input))
    let streamed = streamInChunks(input, rng: &rng, maxChunk: 64)
    if oneShot != streamed {
        fatalError("streaming mismatch: one-shot \(describe(oneShot)), streamed \(describe(streamed)); input \(hexDump(input))")
    }

    // (c) Buffer compaction, for a quarter of the inputs with a valid header.
    if size >= 8, rng.next() & 3 == 0,
       input[0] == 0, input[1] == 0x61, input[2] == 0x73, input[3] == 0x6D,
       input[4] == 1, input[5] == 0, input[6] == 0, input[7] == 0
    {
        checkWithPad(input, oneShot: oneShot, rng: &rng)
    }
    return 0
}

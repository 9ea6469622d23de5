/// How a function body uses its locals, for a code generator choosing which locals live in registers.
///
/// This is a byte scan, not a decoding pass: it reads opcodes and skips immediates, keeps no IR and allocates
/// nothing but the caller's arrays. It runs over bytes that have not been validated yet, so it never fails: on
/// anything it does not recognize it stops and reports what it counted so far (the validating pass that follows
/// reports the error).
public enum LocalUseScanner {
    /// Adds to `weights[i]` each access (`local.get/set/tee`) of local `i`, weighted by loop nesting (an access
    /// inside `d` loops counts `8^min(d, 6)`), and sets `written[i]` for locals that are ever set or teed.
    /// Locals at or beyond `count` are ignored. `code` is the body after the local declarations.
    public static func scan(
        _ code: UnsafeRawBufferPointer, weights: UnsafeMutablePointer<UInt64>,
        written: UnsafeMutablePointer<Bool>, count: Int
    ) {
        guard let base = code.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let end = code.count
        var p = 0
        var loopDepth = 0
        // Which open blocks are loops: a bit per level for the first 64 levels, an array beyond (rare).
        var depth = 0
        var loopBits: UInt64 = 0
        var deepLoops: [Bool] = []
        let kinds = Self.kinds

        kinds.withUnsafeBufferPointer { kind in
            while p < end {
                let op = base[p]
                p &+= 1
                // Immediates to skip after the opcode: LEB128 values, then raw bytes.
                var lebs = 0
                var raw = 0
                switch kind[Int(op)] {
                case .none:
                    continue
                case .oneLEB:
                    lebs = 1
                case .twoLEBs:
                    lebs = 2
                case .local:
                    let v = readLEB(base, &p, end)
                    if v < UInt64(count) {
                        weights[Int(v)] &+= 1 << (3 * UInt64(min(loopDepth, 6)))
                        if op != 0x20 { written[Int(v)] = true }
                    }
                    continue
                case .block:
                    lebs = 1 // block type (s33)
                    let isLoop = op == 0x03
                    if depth < 64 {
                        if isLoop { loopBits |= 1 << UInt64(depth) } else { loopBits &= ~(1 << UInt64(depth)) }
                    } else {
                        deepLoops.append(isLoop)
                    }
                    depth &+= 1
                    if isLoop { loopDepth &+= 1 }
                case .end:
                    guard depth > 0 else { continue }
                    depth &-= 1
                    let wasLoop = depth < 64 ? loopBits & (1 << UInt64(depth)) != 0 : deepLoops.removeLast()
                    if wasLoop { loopDepth &-= 1 }
                    continue
                case .brTable:
                    let n = readLEB(base, &p, end)
                    guard n < UInt64(end) else { return }
                    lebs = Int(n) + 1
                case .selectTyped:
                    let n = readLEB(base, &p, end)
                    guard n < UInt64(end) else { return }
                    raw = Int(n)
                case .bytes4: raw = 4
                case .bytes8: raw = 8
                case .prefixFC:
                    guard let skip = prefixFCImmediates(readLEB(base, &p, end)) else { return }
                    (lebs, raw) = skip
                case .prefixFD:
                    guard let skip = prefixFDImmediates(readLEB(base, &p, end)) else { return }
                    (lebs, raw) = skip
                case .unknown:
                    return
                }
                while lebs > 0 && p < end {
                    if base[p] & 0x80 == 0 { lebs &-= 1 }
                    p &+= 1
                }
                p &+= raw
            }
        }
    }

    /// What follows a single-byte opcode.
    enum Immediates: UInt8 {
        case none, oneLEB, twoLEBs, local, block, end, brTable, selectTyped, bytes4, bytes8, prefixFC, prefixFD, unknown
    }

    // `kinds`, `prefixFCImmediates` and `prefixFDImmediates` are generated from Scripts/opcodes.txt
    // (Generated/LocalUseImmediates.swift).

    @inline(__always)
    static func readLEB(_ base: UnsafePointer<UInt8>, _ p: inout Int, _ end: Int) -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while p < end {
            let b = base[p]
            p &+= 1
            if shift < 64 { v |= UInt64(b & 0x7F) << shift }
            shift &+= 7
            if b & 0x80 == 0 { break }
        }
        return v
    }
}

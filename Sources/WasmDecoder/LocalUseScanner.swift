/// How a function body uses its locals, for a code generator choosing which locals live in registers.
///
/// This is a byte scan, not a decoding pass: it reads opcodes and skips immediates, keeps no IR and allocates
/// nothing but the caller's arrays. It runs over bytes that have not been validated yet, so it never fails: on
/// anything it does not recognize it stops and reports what it counted so far (the validating pass that follows
/// reports the error). Only the result for a valid body matters (an invalid one is never compiled), but no input
/// makes it read outside `code` or write outside `weights[0..<count]`/`written[0..<count]`.
public enum LocalUseScanner {
    /// Adds to `weights[i]` each access (`local.get/set/tee`) of local `i`, weighted by loop nesting (an access
    /// inside `d` loops counts `8^min(d, 6)`), and sets `written[i]` for locals that are ever set or teed.
    /// `code` is the body after the local declarations. Only `weights[0..<count]` and `written[0..<count]` are
    /// results, but both buffers must have room for `max(count, minimumRoom)` entries: an access to a local at or
    /// beyond `count` with a one-byte index may land in the rest (scratch, no bounds check per access).
    public static func scan(
        _ code: UnsafeRawBufferPointer, weights: UnsafeMutablePointer<UInt64>,
        written: UnsafeMutablePointer<Bool>, count: Int
    ) {
        guard let base = code.baseAddress?.assumingMemoryBound(to: UInt8.self), count > 0 else { return }
        Self.kinds.withUnsafeBufferPointer { kind in
            scan(base, end: code.count, kind: kind.baseAddress!, weights: weights, written: written, count: count)
        }
    }

    /// The room `scan` needs in `weights` and `written` at least: one entry per one-byte local index.
    public static var minimumRoom: Int { 128 }

    /// The loop of `scan` (a function of its own: its state stays in registers, not in a closure's context).
    static func scan(
        _ base: UnsafePointer<UInt8>, end: Int, kind: UnsafePointer<Immediates>,
        weights: UnsafeMutablePointer<UInt64>, written: UnsafeMutablePointer<Bool>, count: Int
    ) {
        var p = 0
        var loopDepth = 0
        // The weight of one access at the current loop depth: 8^min(loopDepth, 6).
        var unit: UInt64 = 1
        // Which open blocks are loops: a bit per level for the first 64 levels, an array beyond (rare).
        var depth = 0
        var loopBits: UInt64 = 0
        var deepLoops: [Bool] = []
        let localCount = UInt64(count)
        // Up to `fastEnd`, 8 bytes can be read at the opcode: the common operators (no immediate, LEB128 values
        // only, a one-byte local index, a one-byte block type, `end` within the first 64 levels) are stepped over
        // from one load, LEB128 values by their stop bits. Anything else leaves this loop for the general step
        // below, which takes one operator and comes back.
        let fastEnd = end &- 8
        while p < end {
            while p < fastEnd {
                let w = UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
                let k = kind[Int(w & 0xFF)]
                if k.rawValue <= Immediates.twoLEBs.rawValue {
                    // Bit 8j+7 set: byte j (after the opcode, j >= 1) ends a LEB128 value. `none` steps 1 byte.
                    var stops = ~w & 0x8080_8080_8080_8000
                    if k == .twoLEBs { stops &= stops &- 1 }
                    if k == .none {
                        p &+= 1
                        continue
                    }
                    guard stops != 0 else { break }
                    p &+= (stops.trailingZeroBitCount &+ 1) >> 3
                } else if k == .local {
                    guard w & 0x8000 == 0 else { break }
                    // A one-byte index is below `minimumRoom`: no check against `count`.
                    let v = Int(truncatingIfNeeded: w >> 8) & 0x7F
                    weights[v] &+= unit
                    if w & 0xFF != 0x20 { written[v] = true }
                    p &+= 2
                } else if k == .end {
                    // Not at depth 0 (the function's end) nor beyond the bits.
                    guard UInt(bitPattern: depth &- 1) < 64 else { break }
                    depth &-= 1
                    if loopBits & (1 << UInt64(depth)) != 0 {
                        loopDepth &-= 1
                        unit = 1 << (3 * UInt64(min(loopDepth, 6)))
                    }
                    p &+= 1
                } else if k == .block {
                    guard w & 0x8000 == 0, depth < 64 else { break }
                    let bit: UInt64 = 1 << UInt64(depth)
                    depth &+= 1
                    if w & 0xFF == 0x03 {
                        loopBits |= bit
                        loopDepth &+= 1
                        unit = 1 << (3 * UInt64(min(loopDepth, 6)))
                    } else {
                        loopBits &= ~bit
                    }
                    p &+= 2
                } else {
                    break
                }
            }
            guard p < end else { return }
            // Any operator, anywhere: one byte at a time.
            let op = base[p]
            p &+= 1
            // Immediates to skip after the opcode: LEB128 values, then raw bytes.
            var lebs: Int
            var raw = 0
            let k = kind[Int(op)]
            if k.rawValue <= Immediates.twoLEBs.rawValue {
                lebs = Int(k.rawValue)
            } else {
                switch k {
                case .local:
                    let v = readLEB(base, &p, end)
                    if v < localCount {
                        weights[Int(v)] &+= unit
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
                    if isLoop {
                        loopDepth &+= 1
                        unit = 1 << (3 * UInt64(min(loopDepth, 6)))
                    }
                case .end:
                    guard depth > 0 else { continue }
                    depth &-= 1
                    let wasLoop = depth < 64 ? loopBits & (1 << UInt64(depth)) != 0 : deepLoops.removeLast()
                    if wasLoop {
                        loopDepth &-= 1
                        unit = 1 << (3 * UInt64(min(loopDepth, 6)))
                    }
                    continue
                case .brTable:
                    let n = readLEB(base, &p, end)
                    guard n < UInt64(end) else { return }
                    lebs = Int(n) + 1
                case .selectTyped:
                    let n = readLEB(base, &p, end)
                    guard n < UInt64(end) else { return }
                    lebs = 0
                    raw = Int(n)
                case .bytes4:
                    lebs = 0
                    raw = 4
                case .bytes8:
                    lebs = 0
                    raw = 8
                case .prefixFC:
                    guard let skip = prefixFCImmediates(readLEB(base, &p, end)) else { return }
                    (lebs, raw) = skip
                case .prefixFD:
                    guard let skip = prefixFDImmediates(readLEB(base, &p, end)) else { return }
                    (lebs, raw) = skip
                case .none, .oneLEB, .twoLEBs, .unknown:
                    return
                }
            }
            while lebs > 0 && p < end {
                if base[p] < 0x80 { lebs &-= 1 }
                p &+= 1
            }
            p &+= raw
        }
    }

    /// What follows a single-byte opcode. `none`, `oneLEB` and `twoLEBs` come first: a raw value of at most 2 is
    /// the number of LEB128 values to skip.
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

import AssemblerCore
// A small AT&T-syntax operand parser for llvm-mc instruction text, shared by the golden and round-trip tests.
import Foundation
import X86_64

/// One parsed operand.
enum X86TextOperand {
    case gpr(GPR, Width)
    case xmm(XMM)
    case imm(Int64)
    case mem(Mem)
}

struct X86ParseError: Error, CustomStringConvertible {
    var description: String
}

/// Register name (without `%`) -> operand.
let x86RegisterNames: [String: X86TextOperand] = {
    var d: [String: X86TextOperand] = [:]
    for g in GPR.all {
        for w in Width.allCases { d[g.name(w)] = .gpr(g, w) }
    }
    for h in [GPR.ah, .ch, .dh, .bh] { d[h.name(.byte)] = .gpr(h, .byte) }
    for x in XMM.all { d[x.description] = .xmm(x) }
    return d
}()

func parseInteger(_ s: Substring) throws -> Int64 {
    var t = s.trimmingCharacters(in: .whitespaces)[...]
    var neg = false
    if t.hasPrefix("-") {
        neg = true
        t = t.dropFirst()
    }
    let mag: UInt64?
    if t.hasPrefix("0x") || t.hasPrefix("0X") { mag = UInt64(t.dropFirst(2), radix: 16) } else { mag = UInt64(t) }
    guard let m = mag else { throw X86ParseError(description: "bad integer '\(s)'") }
    if neg {
        guard m <= UInt64(Int64.max) + 1 else { throw X86ParseError(description: "integer out of range '\(s)'") }
        return m == UInt64(Int64.max) + 1 ? Int64.min : -Int64(m)
    }
    // Values above Int64.max are taken as their 64-bit pattern (e.g. movabs of 0xffff...).
    return Int64(bitPattern: m)
}

func parseRegister(_ s: Substring) throws -> X86TextOperand {
    let name = s.hasPrefix("%") ? String(s.dropFirst()) : String(s)
    guard let r = x86RegisterNames[name] else { throw X86ParseError(description: "unknown register '\(s)'") }
    return r
}

func parseGPR(_ s: Substring) throws -> GPR {
    guard case .gpr(let g, _) = try parseRegister(s) else { throw X86ParseError(description: "expected a GPR: '\(s)'") }
    return g
}

/// `disp(base,index,scale)`, `disp(,index,scale)`, `disp(%rip)`, or a bare absolute `disp`.
func parseMemory(_ s: Substring) throws -> Mem {
    guard let open = s.firstIndex(of: "(") else {
        let d = try parseInteger(s)
        return .absolute(Int32(truncatingIfNeeded: d))
    }
    let dispText = s[..<open]
    let disp = dispText.isEmpty ? 0 : Int32(truncatingIfNeeded: try parseInteger(dispText))
    guard s.hasSuffix(")") else { throw X86ParseError(description: "bad memory operand '\(s)'") }
    let inner = s[s.index(after: open)..<s.index(before: s.endIndex)]
    let parts = inner.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
    }
    if parts.count == 1 && parts[0] == "%rip" { return .rip(disp) }
    let base: GPR? = parts[0].isEmpty ? nil : try parseGPR(parts[0][...])
    if parts.count == 1 {
        guard let b = base else { throw X86ParseError(description: "bad memory operand '\(s)'") }
        return Mem(b, disp)
    }
    let index = try parseGPR(parts[1][...])
    let scale = parts.count > 2 ? Scale(factor: Int(parts[2]) ?? 0) : .x1
    guard let sc = scale else { throw X86ParseError(description: "bad scale in '\(s)'") }
    if let b = base { return Mem(b, index, sc, disp) }
    return Mem(index: index, scale: sc, disp: disp)
}

func parseOperand(_ raw: Substring) throws -> X86TextOperand {
    var s = raw.trimmingCharacters(in: .whitespaces)[...]
    if s.hasPrefix("*") { s = s.dropFirst() }
    if s.hasPrefix("%") { return try parseRegister(s) }
    if s.hasPrefix("$") { return .imm(try parseInteger(s.dropFirst())) }
    return .mem(try parseMemory(s))
}

/// Parse `mnemonic op, op, ...` (AT&T order) into the mnemonic and operands in Intel order (destination first).
func parseInstruction(_ text: Substring) throws -> (String, [X86TextOperand]) {
    let t = text.trimmingCharacters(in: .whitespaces)
    guard let sp = t.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (t, []) }
    let mn = String(t[..<sp])
    let rest = t[t.index(after: sp)...]
    var ops: [X86TextOperand] = []
    var depth = 0
    var start = rest.startIndex
    for i in rest.indices {
        let c = rest[i]
        if c == "(" {
            depth += 1
        } else if c == ")" {
            depth -= 1
        } else if c == "," && depth == 0 {
            ops.append(try parseOperand(rest[start..<i]))
            start = rest.index(after: i)
        }
    }
    ops.append(try parseOperand(rest[start...]))
    return (mn, ops.reversed())
}

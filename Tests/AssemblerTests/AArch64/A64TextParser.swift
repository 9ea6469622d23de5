import AArch64
import AssemblerCore

/// A small parser for the llvm-mc syntax used in the golden files, and a dispatcher that calls the
/// corresponding `A64Assembler` encoder. Unknown mnemonics or operand shapes throw `ParseError` (no skipping).
struct ParseError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

enum R31: Equatable { case zr, sp }

struct MemOperand: Equatable {
    var base: Int // 0...31 (31 = sp)
    var baseIsSP: Bool
    var offset: Int? = nil // [base, #imm]
    var pre = false // [...]!
    var post: Int? = nil // [base], #imm
    var index: GOp? = nil // register index
    var extend: String? = nil // lsl/uxtw/sxtw/sxtx
    var amount: Int? = nil
}

indirect enum GOp: Equatable {
    case gpr(Int, is64: Bool, r31: R31?)
    case vec(Int, Arrangement)
    case lane(Int, ElementSize, Int)
    case fpr(Int, Character)
    case list([Int], String, lane: Int?)
    case imm(Int)
    case fimm(Double)
    case mem(MemOperand)
    case shift(String, Int)
    case ext(String, Int?)
    case cond(Cond)
    case sym(String)
}

enum A64Text {
    static let conds: [String: Cond] = Dictionary(uniqueKeysWithValues: Cond.allCases.map { ("\($0)", $0) })
    static let arrangements: [String: Arrangement] = Dictionary(
        uniqueKeysWithValues: Arrangement.allCases.map { ($0.description, $0) })

    /// Split at top-level commas (outside [] and {}).
    static func splitOperands(_ s: Substring) -> [String] {
        var out: [String] = []
        var cur = ""
        var depth = 0
        for ch in s {
            if ch == "[" || ch == "{" { depth += 1 }
            if ch == "]" || ch == "}" { depth -= 1 }
            if ch == "," && depth == 0 {
                out.append(cur.trimmingSpaces)
                cur = ""
                continue
            }
            cur.append(ch)
        }
        if !cur.trimmingSpaces.isEmpty { out.append(cur.trimmingSpaces) }
        return out
    }

    static func parseInt(_ s: String) throws -> Int {
        var t = Substring(s)
        if t.hasPrefix("#") { t = t.dropFirst() }
        var neg = false
        if t.hasPrefix("-") {
            neg = true
            t = t.dropFirst()
        }
        let v: UInt64?
        if t.hasPrefix("0x") { v = UInt64(t.dropFirst(2), radix: 16) } else { v = UInt64(t) }
        guard let u = v else { throw ParseError("bad integer \(s)") }
        let i = Int(bitPattern: UInt(u))
        return neg ? -i : i
    }

    static func parseReg(_ s: String) -> GOp? {
        switch s {
        case "xzr": return .gpr(31, is64: true, r31: .zr)
        case "wzr": return .gpr(31, is64: false, r31: .zr)
        case "sp": return .gpr(31, is64: true, r31: .sp)
        case "wsp": return .gpr(31, is64: false, r31: .sp)
        default: break
        }
        guard let f = s.first else { return nil }
        let rest = s.dropFirst()
        if f == "v" {
            if let dot = rest.firstIndex(of: ".") {
                guard let n = Int(rest[..<dot]) else { return nil }
                let suffix = String(rest[rest.index(after: dot)...])
                if let br = suffix.firstIndex(of: "[") {
                    let e = String(suffix[..<br])
                    guard let es = ["b": ElementSize.b, "h": .h, "s": .s, "d": .d][e],
                        let idx = Int(suffix[suffix.index(after: br)..<suffix.index(before: suffix.endIndex)])
                    else { return nil }
                    return .lane(n, es, idx)
                }
                guard let a = arrangements[suffix] else { return nil }
                return .vec(n, a)
            }
            return nil
        }
        guard let n = Int(rest), n >= 0, n < 32 else { return nil }
        switch f {
        case "x": return n < 31 ? .gpr(n, is64: true, r31: nil) : nil
        case "w": return n < 31 ? .gpr(n, is64: false, r31: nil) : nil
        case "b", "h", "s", "d", "q": return .fpr(n, f)
        default: return nil
        }
    }

    static func parseOperand(_ s: String) throws -> GOp {
        if s.hasPrefix("#") {
            if s.contains(".") {
                guard let d = Double(s.dropFirst()) else { throw ParseError("bad float \(s)") }
                return .fimm(d)
            }
            return .imm(try parseInt(s))
        }
        if s.hasPrefix("[") { return .mem(try parseMem(s)) }
        if s.hasPrefix("{") {
            guard let close = s.firstIndex(of: "}") else { throw ParseError("bad list \(s)") }
            let inner = s[s.index(after: s.startIndex)..<close]
            var regs: [Int] = []
            var arr = ""
            for part in splitOperands(inner) {
                guard case .some(let r) = parseRegOrElem(part) else { throw ParseError("bad list element \(part)") }
                regs.append(r.0)
                arr = r.1
            }
            var lane: Int? = nil
            let after = s[s.index(after: close)...]
            if after.hasPrefix("[") { lane = Int(after.dropFirst().dropLast()) }
            return .list(regs, arr, lane: lane)
        }
        let words = s.split(separator: " ")
        if words.count == 2, words[1].hasPrefix("#") {
            let name = String(words[0])
            let amt = try parseInt(String(words[1]))
            if ["lsl", "lsr", "asr", "ror", "msl"].contains(name) { return .shift(name, amt) }
            if Extend.allCases.map({ "\($0)" }).contains(name) { return .ext(name, amt) }
            throw ParseError("bad shifted operand \(s)")
        }
        if Extend.allCases.map({ "\($0)" }).contains(s) { return .ext(s, nil) }
        if let r = parseReg(s) { return r }
        if let c = conds[s] { return .cond(c) }
        return .sym(s)
    }

    /// `v3.16b` or `v3.s` inside a register list.
    static func parseRegOrElem(_ s: String) -> (Int, String)? {
        guard s.hasPrefix("v"), let dot = s.firstIndex(of: ".") else { return nil }
        guard let n = Int(s[s.index(after: s.startIndex)..<dot]) else { return nil }
        return (n, String(s[s.index(after: dot)...]))
    }

    static func parseMem(_ s: String) throws -> MemOperand {
        var t = Substring(s)
        var pre = false
        if t.hasSuffix("!") {
            pre = true
            t = t.dropLast()
        }
        guard t.hasPrefix("["), t.hasSuffix("]") else { throw ParseError("bad memory operand \(s)") }
        let parts = splitOperands(t.dropFirst().dropLast())
        guard let b = parseReg(parts[0]), case .gpr(let bn, true, let r31) = b, r31 != .zr else {
            throw ParseError("bad base \(parts[0])")
        }
        var m = MemOperand(base: bn, baseIsSP: r31 == .sp)
        m.pre = pre
        if parts.count >= 2 {
            if parts[1].hasPrefix("#") {
                m.offset = try parseInt(parts[1])
            } else {
                guard let r = parseReg(parts[1]) else { throw ParseError("bad index \(parts[1])") }
                m.index = r
                if parts.count == 3 {
                    let w = parts[2].split(separator: " ")
                    m.extend = String(w[0])
                    if w.count == 2 { m.amount = try parseInt(String(w[1])) }
                }
            }
        }
        return m
    }

    /// Mnemonic and operands of one line; a post-index immediate is folded into the memory operand.
    static func parse(_ line: String) throws -> (String, [GOp]) {
        let trimmed = line.trimmingSpaces
        let mn: String
        let rest: Substring
        if let sp = trimmed.firstIndex(of: " ") {
            mn = String(trimmed[..<sp])
            rest = trimmed[trimmed.index(after: sp)...]
        } else {
            mn = trimmed
            rest = ""
        }
        var ops: [GOp] = []
        let raw = splitOperands(rest)
        var i = 0
        while i < raw.count {
            var op = try parseOperand(raw[i])
            if case .mem(var m) = op, i + 1 < raw.count, raw[i + 1].hasPrefix("#"), m.offset == nil, !m.pre {
                m.post = try parseInt(raw[i + 1])
                op = .mem(m)
                i += 1
            }
            ops.append(op)
            i += 1
        }
        return (mn, ops)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}

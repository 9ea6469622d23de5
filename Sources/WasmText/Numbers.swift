// Numeric literals of the text format (spec 6.3.2): integers in decimal or hex with `_` between digits, floats in
// decimal or hex, `inf`, `nan` and `nan:0x...`. Floats are rounded once, to the target type.

enum Numbers {
    /// The digits of `text` without `_` separators, or nil if a `_` is not between two digits.
    static func stripUnderscores(_ text: Substring, hex: Bool) -> String? {
        var out = ""
        var previousDigit = false
        let chars = Array(text)
        for (k, ch) in chars.enumerated() {
            if ch == "_" {
                let next = k + 1 < chars.count ? chars[k + 1] : " "
                guard previousDigit, hex ? next.isHexDigit : next.isNumber else { return nil }
                previousDigit = false
                continue
            }
            previousDigit = hex ? ch.isHexDigit : ch.isNumber
            out.append(ch)
        }
        return out
    }

    /// `unsigned` on bytes, with a fast path for plain decimal digits (most numbers in real text).
    static func unsigned(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        var v: UInt64 = 0
        var plain = !bytes.isEmpty
        for b in bytes {
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else {
                plain = false
                break
            }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(b - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            v = a
        }
        if plain { return v }
        return unsigned(Substring(decoding: bytes, as: UTF8.self))
    }

    /// `integer` on bytes, with the decimal fast path.
    static func integer(_ bytes: ArraySlice<UInt8>, bits: Int) -> UInt64? {
        guard let first = bytes.first else { return nil }
        let negative = first == UInt8(ascii: "-")
        let digits = first == UInt8(ascii: "-") || first == UInt8(ascii: "+") ? bytes.dropFirst() : bytes
        if let first = digits.first, first != UInt8(ascii: "0") || digits.count == 1,
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        {
            return unsigned(digits).flatMap { fit($0, negative: negative, bits: bits) }
        }
        return integer(Substring(decoding: bytes, as: UTF8.self), bits: bits)
    }

    /// Whether `text` is written like an integer (whatever its size): `[+-]? digits | [+-]? 0x hexdigits`, with `_`
    /// only between digits. A token that is not is "unknown operator"; one that is but does not fit is "constant
    /// out of range".
    static func isIntegerSyntax(_ text: Substring) -> Bool {
        var t = text
        if t.hasPrefix("-") || t.hasPrefix("+") { t = t.dropFirst() }
        let hex = t.hasPrefix("0x")
        if hex { t = t.dropFirst(2) }
        guard let digits = stripUnderscores(t, hex: hex), !digits.isEmpty else { return false }
        return digits.allSatisfy { hex ? $0.isHexDigit : ($0.isASCII && $0.isNumber) }
    }

    /// Whether `text` is written like a float (whatever its value).
    static func isFloatSyntax(_ text: Substring) -> Bool {
        var t = text
        if t.hasPrefix("-") || t.hasPrefix("+") { t = t.dropFirst() }
        if t == "inf" || t == "nan" { return true }
        if t.hasPrefix("nan:0x") { return isIntegerSyntax(t.dropFirst(4)) }
        return cleanFloat(t) != nil
    }

    /// An unsigned integer (indices, offsets, alignments, lane numbers): decimal or hex, no sign.
    static func unsigned(_ text: Substring) -> UInt64? {
        if text.hasPrefix("0x") {
            guard let digits = stripUnderscores(text.dropFirst(2), hex: true), !digits.isEmpty else { return nil }
            return UInt64(digits, radix: 16)
        }
        guard let digits = stripUnderscores(text, hex: false), !digits.isEmpty,
            digits.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return UInt64(digits)
    }

    /// An integer of `bits` bits, signed or unsigned (`-1` and `0xFFFFFFFF` are the same i32), as its bit pattern.
    static func integer(_ text: Substring, bits: Int) -> UInt64? {
        var t = text
        var negative = false
        if t.hasPrefix("-") {
            negative = true
            t = t.dropFirst()
        } else if t.hasPrefix("+") {
            t = t.dropFirst()
        }
        return unsigned(t).flatMap { fit($0, negative: negative, bits: bits) }
    }

    /// The `bits`-bit pattern of ±`magnitude`, if it fits signed or unsigned.
    static func fit(_ magnitude: UInt64, negative: Bool, bits: Int) -> UInt64? {
        let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        if negative {
            guard magnitude <= 1 << UInt64(bits - 1) else { return nil }
            return (0 &- magnitude) & mask
        }
        return magnitude <= mask ? magnitude : nil
    }

    /// An f32 literal as its bits.
    static func float32(_ text: Substring) -> UInt32? {
        var t = text
        var sign: UInt32 = 0
        if t.hasPrefix("-") {
            sign = 0x8000_0000
            t = t.dropFirst()
        } else if t.hasPrefix("+") {
            t = t.dropFirst()
        }
        if t == "inf" { return sign | 0x7F80_0000 }
        if t == "nan" { return sign | 0x7FC0_0000 }
        if t.hasPrefix("nan:0x") {
            guard let payload = unsigned(t.dropFirst(4)), payload >= 1, payload < 1 << 23 else { return nil }
            return sign | 0x7F80_0000 | UInt32(payload)
        }
        guard let s = cleanFloat(t), let v = Float(s), v.isFinite else { return nil }
        return sign | v.bitPattern
    }

    /// An f64 literal as its bits.
    static func float64(_ text: Substring) -> UInt64? {
        var t = text
        var sign: UInt64 = 0
        if t.hasPrefix("-") {
            sign = 1 << 63
            t = t.dropFirst()
        } else if t.hasPrefix("+") {
            t = t.dropFirst()
        }
        if t == "inf" { return sign | 0x7FF0_0000_0000_0000 }
        if t == "nan" { return sign | 0x7FF8_0000_0000_0000 }
        if t.hasPrefix("nan:0x") {
            guard let payload = unsigned(t.dropFirst(4)), payload >= 1, payload < 1 << 52 else { return nil }
            return sign | 0x7FF0_0000_0000_0000 | payload
        }
        guard let s = cleanFloat(t), let v = Double(s), v.isFinite else { return nil }
        return sign | v.bitPattern
    }

    /// An unsigned float literal checked against the grammar and with `_` removed, ready for strtod/strtof.
    static func cleanFloat(_ t: Substring) -> String? {
        let hex = t.hasPrefix("0x")
        let body = hex ? t.dropFirst(2) : t
        guard let first = body.first, hex ? first.isHexDigit : first.isNumber else { return nil }
        // mantissa digits [. digits] [exponent]
        let exponentMark: Character = hex ? "p" : "e"
        var mantissa = body
        var exponent: Substring?
        if let e = body.firstIndex(where: { $0.lowercased() == String(exponentMark) }) {
            mantissa = body[..<e]
            exponent = body[body.index(after: e)...]
        }
        var integerPart = mantissa
        var fraction: Substring?
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fraction = mantissa[mantissa.index(after: dot)...]
        }
        guard let i = stripUnderscores(integerPart, hex: hex), !i.isEmpty,
            i.allSatisfy({ hex ? $0.isHexDigit : ($0.isASCII && $0.isNumber) })
        else { return nil }
        var out = (hex ? "0x" : "") + i
        if let fraction {
            guard fraction.isEmpty || (fraction.first!.isHexDigit && (hex || fraction.first!.isNumber)) else {
                return nil
            }
            guard let f = stripUnderscores(fraction, hex: hex),
                f.allSatisfy({ hex ? $0.isHexDigit : ($0.isASCII && $0.isNumber) })
            else { return nil }
            out += "." + f
        }
        if let exponent {
            var e = exponent
            var sign = ""
            if e.hasPrefix("+") || e.hasPrefix("-") {
                sign = String(e.first!)
                e = e.dropFirst()
            }
            guard let d = stripUnderscores(e, hex: false), !d.isEmpty, d.allSatisfy({ $0.isASCII && $0.isNumber })
            else { return nil }
            out += String(exponentMark) + sign + d
        } else if hex {
            out += "p0"
        }
        return out
    }
}

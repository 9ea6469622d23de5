// A small JSON reader for wast2json output. Strings are kept as raw UTF-8 bytes so export names
// compare byte-for-byte (Swift `String ==` uses canonical equivalence); numbers are kept as text.

enum JSON: Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string([UInt8])
    case array([JSON])
    case object([String: JSON])

    subscript(key: String) -> JSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var bytes: [UInt8]? {
        if case .string(let b) = self { return b }
        return nil
    }

    var string: String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

    var array: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    var int: Int? {
        if case .number(let n) = self { return Int(n) }
        return nil
    }
}

struct JSONError: Error, CustomStringConvertible {
    var message: String
    var offset: Int
    var description: String { "JSON: \(message) at offset \(offset)" }
}

struct JSONParser {
    private let b: [UInt8]
    private var i = 0
    private var depth = 0

    static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSON {
        var p = JSONParser(b: bytes)
        let v = try p.value()
        p.skipSpace()
        guard p.i == p.b.count else { throw JSONError(message: "trailing characters", offset: p.i) }
        return v
    }

    private init(b: [UInt8]) { self.b = b }

    private func fail(_ m: String) -> JSONError { JSONError(message: m, offset: i) }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private mutating func expect(_ lit: String) throws(JSONError) {
        for c in lit.utf8 {
            guard i < b.count, b[i] == c else { throw fail("expected '\(lit)'") }
            i += 1
        }
    }

    private mutating func value() throws(JSONError) -> JSON {
        skipSpace()
        guard i < b.count else { throw fail("unexpected end") }
        switch b[i] {
        case UInt8(ascii: "{"):
            depth += 1
            guard depth < 512 else { throw fail("nesting too deep") }
            defer { depth -= 1 }
            i += 1
            var o: [String: JSON] = [:]
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "}") {
                i += 1
                return .object(o)
            }
            while true {
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let k = String(decoding: try stringBytes(), as: UTF8.self)
                skipSpace()
                try expect(":")
                o[k] = try value()
                skipSpace()
                guard i < b.count else { throw fail("unexpected end") }
                if b[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                if b[i] == UInt8(ascii: "}") {
                    i += 1
                    return .object(o)
                }
                throw fail("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            depth += 1
            guard depth < 512 else { throw fail("nesting too deep") }
            defer { depth -= 1 }
            i += 1
            var a: [JSON] = []
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "]") {
                i += 1
                return .array(a)
            }
            while true {
                a.append(try value())
                skipSpace()
                guard i < b.count else { throw fail("unexpected end") }
                if b[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                if b[i] == UInt8(ascii: "]") {
                    i += 1
                    return .array(a)
                }
                throw fail("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .string(try stringBytes())
        case UInt8(ascii: "t"):
            try expect("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expect("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expect("null")
            return .null
        default:
            let start = i
            while i < b.count,
                b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: ".")
                    || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") || (b[i] >= 0x30 && b[i] <= 0x39)
            {
                i += 1
            }
            guard i > start else { throw fail("unexpected character") }
            return .number(String(decoding: b[start..<i], as: UTF8.self))
        }
    }

    private mutating func hex4() throws(JSONError) -> UInt32 {
        guard i + 4 <= b.count else { throw fail("bad \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: throw fail("bad \\u escape")
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    private static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80: out.append(UInt8(v))
        case 0x80..<0x800:
            out += [UInt8(0xC0 | v >> 6), UInt8(0x80 | v & 0x3F)]
        case 0x800..<0x10000:
            out += [UInt8(0xE0 | v >> 12), UInt8(0x80 | (v >> 6) & 0x3F), UInt8(0x80 | v & 0x3F)]
        default:
            out += [
                UInt8(0xF0 | v >> 18), UInt8(0x80 | (v >> 12) & 0x3F),
                UInt8(0x80 | (v >> 6) & 0x3F), UInt8(0x80 | v & 0x3F)
            ]
        }
    }

    /// Reads a string literal (at the opening quote), decoding escapes to UTF-8 bytes.
    private mutating func stringBytes() throws(JSONError) -> [UInt8] {
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < b.count else { throw fail("unterminated string") }
            let c = b[i]
            i += 1
            if c == UInt8(ascii: "\"") { return out }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                continue
            }
            guard i < b.count else { throw fail("unterminated string") }
            let e = b[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var v = try hex4()
                if v >= 0xD800 && v < 0xDC00, i + 6 <= b.count, b[i] == UInt8(ascii: "\\"),
                    b[i + 1] == UInt8(ascii: "u")
                {
                    let save = i
                    i += 2
                    let lo = try hex4()
                    if lo >= 0xDC00 && lo < 0xE000 {
                        v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                    } else {
                        i = save
                    }
                }
                JSONParser.appendUTF8(v, to: &out)
            default: throw fail("bad escape")
            }
        }
    }
}

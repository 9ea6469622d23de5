// The text format's tokens (spec 6.3): parentheses, keywords, `$identifiers`, strings, and the reserved tokens that
// numbers are read from by context. Line comments `;;`, nested block comments `(; ;)` and annotations `(@...)`
// are skipped.

struct Token {
    enum Kind: Equatable {
        case leftParen, rightParen, keyword, identifier, string, reserved, end
    }
    var kind: Kind
    /// Byte range in the source (for strings: including the quotes).
    var start: Int
    var end: Int
    var line: Int
    var column: Int
    /// The decoded bytes of a string.
    var bytes: [UInt8] = []
}

struct Lexer {
    let source: [UInt8]

    init(_ source: [UInt8]) { self.source = source }

    static func isIdChar(_ c: UInt8) -> Bool {
        // Printable ASCII except space, " , ; ( ) [ ] { }
        guard c > 0x20 && c < 0x7F else { return false }
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"),
            UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            return false
        default:
            return true
        }
    }

    /// All tokens, then `.end`.
    func tokenize() throws(TextError) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(source.count / 8)
        var i = 0
        var line = 1
        var lineStart = 0
        let n = source.count
        func fail(_ message: String, at p: Int) -> TextError {
            TextError(.syntax, message, line: line, column: p - lineStart + 1)
        }
        while i < n {
            let c = source[i]
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                i += 1
            case UInt8(ascii: "\n"):
                i += 1
                line += 1
                lineStart = i
            case UInt8(ascii: ";") where i + 1 < n && source[i + 1] == UInt8(ascii: ";"):
                // A line comment ends at a line feed or a carriage return.
                while i < n && source[i] != UInt8(ascii: "\n") && source[i] != UInt8(ascii: "\r") { i += 1 }
            case UInt8(ascii: "(") where i + 1 < n && source[i + 1] == UInt8(ascii: ";"):
                // Block comment, nested.
                let start = i
                var depth = 0
                repeat {
                    if i + 1 < n && source[i] == UInt8(ascii: "(") && source[i + 1] == UInt8(ascii: ";") {
                        depth += 1
                        i += 2
                    } else if i + 1 < n && source[i] == UInt8(ascii: ";") && source[i + 1] == UInt8(ascii: ")") {
                        depth -= 1
                        i += 2
                    } else {
                        if source[i] == UInt8(ascii: "\n") {
                            line += 1
                            lineStart = i + 1
                        }
                        i += 1
                    }
                } while depth > 0 && i < n
                if depth > 0 { throw fail("unterminated block comment", at: start) }
            case UInt8(ascii: "(") where i + 1 < n && source[i + 1] == UInt8(ascii: "@"):
                // Annotation: skipped with everything inside, balanced.
                let start = i
                var depth = 0
                repeat {
                    if source[i] == UInt8(ascii: "(") { depth += 1 }
                    if source[i] == UInt8(ascii: ")") { depth -= 1 }
                    if source[i] == UInt8(ascii: "\n") {
                        line += 1
                        lineStart = i + 1
                    }
                    if source[i] == UInt8(ascii: "\"") {
                        i += 1
                        while i < n && source[i] != UInt8(ascii: "\"") { i += source[i] == UInt8(ascii: "\\") ? 2 : 1 }
                    }
                    i += 1
                } while depth > 0 && i < n
                if depth > 0 { throw fail("unterminated annotation", at: start) }
            case UInt8(ascii: "("):
                tokens.append(Token(kind: .leftParen, start: i, end: i + 1, line: line, column: i - lineStart + 1))
                i += 1
            case UInt8(ascii: ")"):
                tokens.append(Token(kind: .rightParen, start: i, end: i + 1, line: line, column: i - lineStart + 1))
                i += 1
            case UInt8(ascii: "\""):
                let start = i
                var bytes: [UInt8] = []
                i += 1
                while true {
                    guard i < n else { throw fail("unterminated string", at: start) }
                    let b = source[i]
                    if b == UInt8(ascii: "\"") { break }
                    if b == UInt8(ascii: "\n") { throw fail("newline in a string", at: i) }
                    if b < 0x20 || b == 0x7F { throw fail("control character in a string", at: i) }
                    if b != UInt8(ascii: "\\") {
                        bytes.append(b)
                        i += 1
                        continue
                    }
                    guard i + 1 < n else { throw fail("unterminated string", at: start) }
                    let e = source[i + 1]
                    i += 2
                    switch e {
                    case UInt8(ascii: "t"): bytes.append(0x09)
                    case UInt8(ascii: "n"): bytes.append(0x0A)
                    case UInt8(ascii: "r"): bytes.append(0x0D)
                    case UInt8(ascii: "\""): bytes.append(0x22)
                    case UInt8(ascii: "'"): bytes.append(0x27)
                    case UInt8(ascii: "\\"): bytes.append(0x5C)
                    case UInt8(ascii: "u"):
                        guard i < n, source[i] == UInt8(ascii: "{") else { throw fail("malformed \\u escape", at: i) }
                        var v: UInt32 = 0
                        var digits = 0
                        i += 1
                        while i < n, let d = Self.hexDigit(source[i]) {
                            v = v &* 16 &+ UInt32(d)
                            digits += 1
                            if v > 0x10FFFF { throw fail("\\u escape out of range", at: i) }
                            i += 1
                            if i < n && source[i] == UInt8(ascii: "_") && i + 1 < n
                                && Self.hexDigit(source[i + 1]) != nil
                            {
                                i += 1
                            }
                        }
                        guard digits > 0, i < n, source[i] == UInt8(ascii: "}"), !(0xD800...0xDFFF).contains(v),
                            let scalar = Unicode.Scalar(v)
                        else { throw fail("malformed \\u escape", at: i) }
                        i += 1
                        bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default:
                        guard let h = Self.hexDigit(e), i < n, let l = Self.hexDigit(source[i]) else {
                            throw fail("unknown escape in a string", at: i - 2)
                        }
                        bytes.append(h << 4 | l)
                        i += 1
                    }
                }
                i += 1
                // Strings must be separated from what follows.
                if i < n && (Self.isIdChar(source[i]) || source[i] == UInt8(ascii: "\"")) {
                    throw fail("unknown operator", at: start)
                }
                var t = Token(kind: .string, start: start, end: i, line: line, column: start - lineStart + 1)
                t.bytes = bytes
                tokens.append(t)
            default:
                guard Self.isIdChar(c) else { throw fail("unexpected character", at: i) }
                let start = i
                while i < n && Self.isIdChar(source[i]) { i += 1 }
                if i < n && source[i] == UInt8(ascii: "\"") { throw fail("unknown operator", at: start) }
                let kind: Token.Kind
                if c == UInt8(ascii: "$") {
                    guard i - start > 1 else { throw fail("empty identifier", at: start) }
                    kind = .identifier
                } else if c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") {
                    kind = .keyword
                } else {
                    kind = .reserved
                }
                tokens.append(Token(kind: kind, start: start, end: i, line: line, column: start - lineStart + 1))
            }
        }
        tokens.append(Token(kind: .end, start: n, end: n, line: line, column: n - lineStart + 1))
        return tokens
    }

    static func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

import WasmDecoder

// Recursive descent over the tokens of one module (spec 6.4–6.6). Two passes over the module's fields: the first
// gives every definition its index (so a `$name` can be used before it is defined) and checks that imports come
// first; the second parses and encodes each field in textual order (types that type uses add are appended in that
// order, as the spec says).

struct TextParser {
    let source: [UInt8]
    var tokens: [Token]
    var position: Int
    var module = TextModule()

    init(source: [UInt8], tokens: [Token], position: Int = 0) {
        self.source = source
        self.tokens = tokens
        self.position = position
    }

    // MARK: Tokens

    var current: Token { tokens[position] }
    func peek(_ k: Int = 0) -> Token { tokens[min(position + k, tokens.count - 1)] }

    func text(_ t: Token) -> Substring {
        Substring(decoding: source[t.start..<t.end], as: UTF8.self)
    }

    func fail(_ kind: TextError.Kind, _ message: String, at t: Token? = nil) -> TextError {
        let t = t ?? current
        return TextError(kind, message, line: t.line, column: t.column)
    }

    func fail(_ message: String, at t: Token? = nil) -> TextError { fail(.syntax, message, at: t) }

    /// What the current token is, for messages.
    var found: String {
        switch current.kind {
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .end: return "the end of the text"
        case .string: return "a string"
        default: return "'\(text(current))'"
        }
    }

    mutating func advance() -> Token {
        let t = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return t
    }

    mutating func expect(_ kind: Token.Kind, _ what: String) throws(TextError) -> Token {
        guard current.kind == kind else { throw fail("expected \(what) but found \(found)") }
        return advance()
    }

    mutating func expectLeftParen() throws(TextError) { _ = try expect(.leftParen, "'('") }
    mutating func expectRightParen() throws(TextError) { _ = try expect(.rightParen, "')'") }

    func isKeyword(_ k: StaticString, at offset: Int = 0) -> Bool {
        let t = peek(offset)
        return t.kind == .keyword && equals(t, k)
    }

    /// Whether token `t`'s text is `k`, byte for byte (no string is made).
    func equals(_ t: Token, _ k: StaticString) -> Bool {
        guard t.end - t.start == k.utf8CodeUnitCount else { return false }
        let p = k.utf8Start
        var i = 0
        while i < k.utf8CodeUnitCount {
            if source[t.start + i] != p[i] { return false }
            i += 1
        }
        return true
    }

    /// `(` followed by the keyword `k`.
    func startsField(_ k: StaticString) -> Bool { peek().kind == .leftParen && isKeyword(k, at: 1) }

    mutating func keyword(_ k: StaticString) throws(TextError) {
        guard isKeyword(k) else { throw fail("expected '\(k)' but found \(found)") }
        position += 1
    }

    /// Skips one token or a whole parenthesized group.
    mutating func skipItem() throws(TextError) {
        if current.kind != .leftParen {
            guard current.kind != .end, current.kind != .rightParen else { throw fail("unexpected \(found)") }
            position += 1
            return
        }
        var depth = 0
        repeat {
            switch current.kind {
            case .leftParen: depth += 1
            case .rightParen: depth -= 1
            case .end: throw fail("unbalanced parentheses: expected ')'")
            default: break
            }
            position += 1
        } while depth > 0
    }

    mutating func optionalIdentifier() -> String? {
        guard current.kind == .identifier else { return nil }
        return String(text(advance()))
    }

    mutating func string() throws(TextError) -> [UInt8] { try expect(.string, "a string").bytes }

    /// A name: a string that must be valid UTF-8.
    mutating func utf8Name() throws(TextError) -> [UInt8] {
        let t = current
        let b = try string()
        guard String(validatingUTF8: b.map { CChar(bitPattern: $0) } + [0]) != nil || b.isEmpty else {
            throw fail(.malformed, "malformed UTF-8 encoding", at: t)
        }
        return b
    }

    mutating func u32() throws(TextError) -> UInt32 {
        let t = current
        guard t.kind == .reserved || t.kind == .keyword, let v = Numbers.unsigned(source[t.start..<t.end]) else {
            throw fail("expected an unsigned integer but found \(found)")
        }
        guard v <= UInt64(UInt32.max) else { throw fail(.badNumber, "constant out of range", at: t) }
        position += 1
        return UInt32(v)
    }

    func valueType(_ t: Token) -> ValueType? {
        guard t.kind == .keyword else { return nil }
        if equals(t, "i32") { return .i32 }
        if equals(t, "i64") { return .i64 }
        if equals(t, "f32") { return .f32 }
        if equals(t, "f64") { return .f64 }
        if equals(t, "v128") { return .v128 }
        if equals(t, "funcref") { return .funcref }
        if equals(t, "externref") { return .externref }
        return nil
    }

    mutating func valueType() throws(TextError) -> ValueType {
        guard let v = valueType(current) else { throw fail("expected a value type but found \(found)") }
        position += 1
        return v
    }

    mutating func referenceType() throws(TextError) -> ValueType {
        let t = current
        let v = try valueType()
        guard v.isReference else { throw fail("expected funcref or externref", at: t) }
        return v
    }

    /// An index: a number or a `$name` looked up in `names`.
    mutating func index(_ names: [String: UInt32], _ what: String) throws(TextError) -> UInt32 {
        if current.kind == .identifier {
            let t = advance()
            guard let i = names[String(text(t))] else { throw fail(.unknownName, "unknown \(what) \(text(t))", at: t) }
            return i
        }
        return try u32()
    }

    var atIndex: Bool {
        current.kind == .identifier || (current.kind == .reserved && Numbers.unsigned(text(current)) != nil)
    }
}

/// Adds a `$name` to a namespace, refusing duplicates.
func define(_ name: String?, _ index: UInt32, in names: inout [String: UInt32], _ what: String, at t: Token)
    throws(TextError)
{
    guard let name else { return }
    guard names[name] == nil else {
        // The spec's wording: "duplicate func", "duplicate table", ...
        let word = what == "function" ? "func" : what.split(separator: " ").first.map(String.init) ?? what
        throw TextError(.unknownName, "duplicate \(word) \(name)", line: t.line, column: t.column)
    }
    names[name] = index
}

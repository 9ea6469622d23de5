// WAST scripts (the spec testsuite's format, spec interpreter's `script` grammar for 2.0): modules (text, binary,
// quoted), registrations, actions and assertions. Modules are assembled here, so a script runner gets binary
// modules, or the `TextError` of a malformed text module; values are bit patterns.

/// A module of a script.
public struct WastModule: Sendable {
    /// `$name` of the module, if any.
    public var name: String?
    /// The binary module, or why its text is malformed.
    public var bytes: Result<[UInt8], TextError>
    /// Written as `(module binary ...)` (not text).
    public var isBinary: Bool
    /// Written as `(module quote ...)`: text given as strings.
    public var isQuote: Bool
}

/// A value of an action's arguments or an expected result: the type's bits.
public enum WastValue: Sendable, Equatable {
    case i32(UInt32)
    case i64(UInt64)
    case f32(UInt32)
    case f64(UInt64)
    /// Lanes as 16 bytes (little-endian) and the shape they were written in (e.g. "i32x4").
    case v128(low: UInt64, high: UInt64, shape: String)
    case refNull(isFunction: Bool)
    case refExtern(UInt32)
}

/// One lane of an expected v128, or an expected float: a value or a NaN class.
public enum WastExpected: Sendable, Equatable {
    case value(WastValue)
    case f32NaN(canonical: Bool)
    case f64NaN(canonical: Bool)
    /// A v128 written with lanes, some of which may be NaN classes (`canonical`/`arithmetic`) or bits.
    case v128Lanes(shape: String, lanes: [Lane])
    /// `(ref.func)`: any non-null function reference. `(ref.extern)`: any non-null external reference.
    case anyFunctionReference
    case anyExternReference

    public enum Lane: Sendable, Equatable {
        case bits(UInt64)
        case nan(canonical: Bool)
    }
}

public enum WastAction: Sendable {
    case invoke(module: String?, field: [UInt8], arguments: [WastValue])
    case get(module: String?, field: [UInt8])
}

public enum WastCommand: Sendable {
    case module(line: Int, WastModule)
    case register(line: Int, as: [UInt8], module: String?)
    case action(line: Int, WastAction)
    case assertReturn(line: Int, WastAction, [WastExpected])
    case assertTrap(line: Int, WastAction, message: String)
    case assertModuleTrap(line: Int, WastModule, message: String)
    case assertExhaustion(line: Int, WastAction, message: String)
    case assertMalformed(line: Int, WastModule, message: String)
    case assertInvalid(line: Int, WastModule, message: String)
    case assertUnlinkable(line: Int, WastModule, message: String)
}

public enum WastScript {
    /// Parses a whole script.
    /// - Throws: `TextError` when the script itself (not one of its quoted or malformed modules) cannot be read.
    public static func parse(_ text: some Collection<UInt8>) throws(TextError) -> [WastCommand] {
        let source = Array(text)
        let tokens = try Lexer(source).tokenize()
        var p = TextParser(source: source, tokens: tokens)
        // A script that is only a module's fields is that module.
        let fields: [StaticString] = [
            "type", "import", "func", "table", "memory", "global", "export", "start",
            "elem", "data"
        ]
        if p.current.kind == .leftParen, fields.contains(where: { p.isKeyword($0, at: 1) }) {
            let line = p.current.line
            let result: Result<[UInt8], TextError>
            do { result = .success(try p.parseModule()) } catch { result = .failure(error) }
            return [.module(line: line, WastModule(name: nil, bytes: result, isBinary: false, isQuote: false))]
        }
        var commands: [WastCommand] = []
        while p.current.kind != .end {
            commands.append(try p.wastCommand())
        }
        return commands
    }
}

extension TextParser {
    mutating func wastCommand() throws(TextError) -> WastCommand {
        guard current.kind == .leftParen, peek(1).kind == .keyword else {
            throw fail("expected a script command but found \(found)")
        }
        let line = current.line
        let head = peek(1)
        if equals(head, "module") { return .module(line: line, try wastModule()) }
        if equals(head, "invoke") || equals(head, "get") { return .action(line: line, try wastAction()) }
        position += 2
        let command: WastCommand
        switch () {
        case _ where equals(head, "register"):
            let name = try string()
            command = .register(line: line, as: name, module: optionalIdentifier())
        case _ where equals(head, "assert_return"):
            let action = try wastAction()
            var results: [WastExpected] = []
            while current.kind == .leftParen { results.append(try wastExpected()) }
            command = .assertReturn(line: line, action, results)
        case _ where equals(head, "assert_trap"):
            if startsField("module") {
                let m = try wastModule()
                command = .assertModuleTrap(line: line, m, message: try messageString())
            } else {
                let action = try wastAction()
                command = .assertTrap(line: line, action, message: try messageString())
            }
        case _ where equals(head, "assert_exhaustion"):
            let action = try wastAction()
            command = .assertExhaustion(line: line, action, message: try messageString())
        case _ where equals(head, "assert_malformed"):
            let m = try wastModule()
            command = .assertMalformed(line: line, m, message: try messageString())
        case _ where equals(head, "assert_invalid"):
            let m = try wastModule()
            command = .assertInvalid(line: line, m, message: try messageString())
        case _ where equals(head, "assert_unlinkable"):
            let m = try wastModule()
            command = .assertUnlinkable(line: line, m, message: try messageString())
        default:
            throw fail("unknown script command '\(text(head))'", at: head)
        }
        try expectRightParen()
        return command
    }

    mutating func messageString() throws(TextError) -> String {
        String(decoding: try string(), as: UTF8.self)
    }

    /// `(module $id? ...)`, `(module $id? binary "..."*)` or `(module $id? quote "..."*)`.
    mutating func wastModule() throws(TextError) -> WastModule {
        guard startsField("module") else { throw fail("expected '(module' but found \(found)") }
        let start = position
        position += 2
        let name = optionalIdentifier()
        if isKeyword("binary") || isKeyword("quote") {
            let binary = isKeyword("binary")
            position += 1
            var bytes: [UInt8] = []
            while current.kind == .string { bytes += advance().bytes }
            try expectRightParen()
            if binary { return WastModule(name: name, bytes: .success(bytes), isBinary: true, isQuote: false) }
            // Quoted text: a module of its own (its fields alone, or `(module ...)`).
            let result: Result<[UInt8], TextError>
            do { result = .success(try WAT.assemble(bytes)) } catch { result = .failure(error) }
            return WastModule(name: name, bytes: result, isBinary: false, isQuote: true)
        }
        // A text module: assembled from this script's tokens.
        position = start
        var inner = TextParser(source: source, tokens: tokens, position: start)
        let result: Result<[UInt8], TextError>
        do { result = .success(try inner.parseModule()) } catch { result = .failure(error) }
        // Skip the module's tokens whatever came of it.
        try skipItem()
        return WastModule(name: name, bytes: result, isBinary: false, isQuote: false)
    }

    /// `(invoke $id? "name" const*)` or `(get $id? "name")`.
    mutating func wastAction() throws(TextError) -> WastAction {
        try expectLeftParen()
        let head = advance()
        let module = optionalIdentifier()
        let field = try string()
        let action: WastAction
        if equals(head, "invoke") {
            var args: [WastValue] = []
            while current.kind == .leftParen { args.append(try wastConstant()) }
            action = .invoke(module: module, field: field, arguments: args)
        } else if equals(head, "get") {
            action = .get(module: module, field: field)
        } else {
            throw fail("expected invoke or get but found '\(text(head))'", at: head)
        }
        try expectRightParen()
        return action
    }

    mutating func wastConstant() throws(TextError) -> WastValue {
        guard case .value(let v) = try wastExpected(allowPatterns: false) else {
            throw fail("expected a constant")
        }
        return v
    }

    mutating func wastExpected(allowPatterns: Bool = true) throws(TextError) -> WastExpected {
        try expectLeftParen()
        let head = advance()
        defer { _ = try? expectRightParen() }
        func nanClass(_ t: Token) -> Bool? {
            if equals(t, "nan:canonical") { return true }
            if equals(t, "nan:arithmetic") { return false }
            return nil
        }
        switch () {
        case _ where equals(head, "i32.const"):
            let v = current
            guard let bits = Numbers.integer(source[v.start..<v.end], bits: 32) else {
                throw fail(.badNumber, "bad i32 constant", at: v)
            }
            position += 1
            return .value(.i32(UInt32(bits)))
        case _ where equals(head, "i64.const"):
            let v = current
            guard let bits = Numbers.integer(source[v.start..<v.end], bits: 64) else {
                throw fail(.badNumber, "bad i64 constant", at: v)
            }
            position += 1
            return .value(.i64(bits))
        case _ where equals(head, "f32.const"):
            if allowPatterns, let c = nanClass(current) {
                position += 1
                return .f32NaN(canonical: c)
            }
            return .value(.f32(try f32Literal()))
        case _ where equals(head, "f64.const"):
            if allowPatterns, let c = nanClass(current) {
                position += 1
                return .f64NaN(canonical: c)
            }
            return .value(.f64(try f64Literal()))
        case _ where equals(head, "v128.const"):
            let shape = String(text(current))
            let lanesCount = ["i8x16": 16, "i16x8": 8, "i32x4": 4, "i64x2": 2, "f32x4": 4, "f64x2": 2][shape] ?? 0
            if allowPatterns && (shape == "f32x4" || shape == "f64x2")
                && (1...lanesCount).contains(where: { nanClass(peek($0)) != nil })
            {
                position += 1
                var lanes: [WastExpected.Lane] = []
                for _ in 0..<lanesCount {
                    if let c = nanClass(current) {
                        position += 1
                        lanes.append(.nan(canonical: c))
                    } else if shape == "f32x4" {
                        lanes.append(.bits(UInt64(try f32Literal())))
                    } else {
                        lanes.append(.bits(try f64Literal()))
                    }
                }
                return .v128Lanes(shape: shape, lanes: lanes)
            }
            let bytes = try v128Literal()
            var low: UInt64 = 0
            var high: UInt64 = 0
            for k in 0..<8 { low |= UInt64(bytes[k]) << (8 * UInt64(k)) }
            for k in 0..<8 { high |= UInt64(bytes[8 + k]) << (8 * UInt64(k)) }
            return .value(.v128(low: low, high: high, shape: shape))
        case _ where equals(head, "ref.null"):
            let h = advance()
            return .value(.refNull(isFunction: equals(h, "func")))
        case _ where equals(head, "ref.extern"):
            if current.kind == .rightParen { return .anyExternReference }
            return .value(.refExtern(try u32()))
        case _ where equals(head, "ref.func"):
            if current.kind != .rightParen { position += 1 }
            return .anyFunctionReference
        default:
            throw fail("unknown constant '\(text(head))'", at: head)
        }
    }
}

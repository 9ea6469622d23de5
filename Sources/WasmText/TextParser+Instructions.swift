import WasmDecoder

/// Names visible inside a function body (or a constant expression): locals and enclosing labels.
struct FunctionScope {
    var localNames: [String: UInt32] = [:]
    var labels: [String?] = []
}

extension TextParser {
    /// Instructions, flat or folded, up to a `)`, `end`, `else` or `then`-less boundary.
    mutating func instructions(_ out: inout ByteSink, _ scope: inout FunctionScope) throws(TextError) {
        while true {
            if current.kind == .leftParen {
                try foldedInstruction(&out, &scope)
            } else if current.kind == .keyword {
                if equals(current, "end") || equals(current, "else") { return }
                try plainInstruction(&out, &scope)
            } else {
                return
            }
        }
    }

    /// `(op immediates folded*)`, `(block ...)`, `(loop ...)`, `(if ... (then ...) (else ...))`.
    mutating func foldedInstruction(_ out: inout ByteSink, _ scope: inout FunctionScope) throws(TextError) {
        try expectLeftParen()
        let t = current
        guard t.kind == .keyword else { throw fail("expected an instruction but found \(found)") }
        let isBlock = equals(t, "block")
        switch () {
        case _ where isBlock || equals(t, "loop"):
            position += 1
            let label = optionalIdentifier()
            out.byte(isBlock ? 0x02 : 0x03)
            try blockType(&out)
            scope.labels.append(label)
            try instructions(&out, &scope)
            scope.labels.removeLast()
            out.byte(0x0B)
        case _ where equals(t, "if"):
            position += 1
            let label = optionalIdentifier()
            var type = ByteSink()
            try blockType(&type)
            // The condition: folded instructions before (then ...).
            while current.kind == .leftParen && !startsField("then") { try foldedInstruction(&out, &scope) }
            out.byte(0x04)
            out.append(type.bytes)
            scope.labels.append(label)
            guard startsField("then") else { throw fail("expected '(then' but found \(found)") }
            position += 2
            try instructions(&out, &scope)
            try expectRightParen()
            if startsField("else") {
                position += 2
                // An empty else is left out (as wabt does): the same meaning, one byte less.
                var elseBody = ByteSink()
                try instructions(&elseBody, &scope)
                if !elseBody.bytes.isEmpty {
                    out.byte(0x05)
                    out.append(elseBody.bytes)
                }
                try expectRightParen()
            }
            scope.labels.removeLast()
            out.byte(0x0B)
        default:
            var op = ByteSink()
            try plainInstruction(&op, &scope)
            // Operands first.
            while current.kind == .leftParen { try foldedInstruction(&out, &scope) }
            out.append(op.bytes)
        }
        try expectRightParen()
    }

    /// The label of `end`/`else`, if written, must be the block's own.
    mutating func closingLabel(_ label: String?) throws(TextError) {
        guard current.kind == .identifier else { return }
        let t = advance()
        guard String(text(t)) == label else { throw fail(.malformed, "mismatching label", at: t) }
    }

    mutating func blockType(_ out: inout ByteSink) throws(TextError) {
        if startsField("type") {
            let (index, _) = try typeUse()
            // A type without parameters and with at most one result has the short encoding.
            if Int(index) < module.types.count, module.types[Int(index)].params.isEmpty,
                module.types[Int(index)].results.count <= 1
            {
                out.byte(module.types[Int(index)].results.first?.rawValue ?? 0x40)
            } else {
                out.s64(Int64(index))
            }
            return
        }
        let (signature, names) = try functionSignature()
        if names.contains(where: { $0 != nil }) {
            throw fail(.syntax, "unexpected token: a block parameter has no name")
        }
        if signature.params.isEmpty && signature.results.count <= 1 {
            out.byte(signature.results.first?.rawValue ?? 0x40)
        } else {
            out.s64(Int64(module.typeIndex(for: signature)))
        }
    }

    mutating func label(_ scope: FunctionScope) throws(TextError) -> UInt32 {
        if current.kind == .identifier {
            let t = advance()
            let name = String(text(t))
            guard let k = scope.labels.lastIndex(where: { $0 == name }) else {
                throw fail(.unknownName, "unknown label \(name)", at: t)
            }
            return UInt32(scope.labels.count - 1 - k)
        }
        return try u32()
    }

    mutating func plainInstruction(_ out: inout ByteSink, _ scope: inout FunctionScope) throws(TextError) {
        let t = advance()
        let isBlock = equals(t, "block")
        switch () {
        case _ where isBlock || equals(t, "loop"):
            let label = optionalIdentifier()
            out.byte(isBlock ? 0x02 : 0x03)
            try blockType(&out)
            scope.labels.append(label)
            try instructions(&out, &scope)
            try keyword("end")
            try closingLabel(label)
            scope.labels.removeLast()
            out.byte(0x0B)
            return
        case _ where equals(t, "if"):
            let label = optionalIdentifier()
            out.byte(0x04)
            try blockType(&out)
            scope.labels.append(label)
            try instructions(&out, &scope)
            if isKeyword("else") {
                position += 1
                try closingLabel(label)
                var elseBody = ByteSink()
                try instructions(&elseBody, &scope)
                if !elseBody.bytes.isEmpty {
                    out.byte(0x05)
                    out.append(elseBody.bytes)
                }
            }
            try keyword("end")
            try closingLabel(label)
            scope.labels.removeLast()
            out.byte(0x0B)
            return
        case _ where equals(t, "select"):
            if startsField("result") {
                var types: [ValueType] = []
                while startsField("result") {
                    position += 2
                    while current.kind != .rightParen { types.append(try valueType()) }
                    try expectRightParen()
                }
                out.byte(0x1C)
                out.u32(UInt32(types.count))
                for v in types { out.byte(v.rawValue) }
            } else {
                out.byte(0x1B)
            }
            return
        default:
            break
        }
        guard let op = InstructionTable.shared.lookup(source[t.start..<t.end]),
            !equals(t, "select_typed"), !equals(t, "end"), !equals(t, "else")
        else {
            // A field of a definition where an instruction must be: out of order.
            for k: StaticString in ["param", "result", "type", "local", "export", "import", "then"] where equals(t, k) {
                throw fail("unexpected token \(text(t)): out of place", at: t)
            }
            throw fail("unknown operator \(text(t))", at: t)
        }
        if op.prefix != 0 {
            out.byte(op.prefix)
            out.u32(op.code)
        } else {
            out.byte(UInt8(op.code))
        }
        switch op.immediate {
        case .none: break
        case .i32:
            let v = current
            guard v.kind == .reserved || v.kind == .keyword,
                let bits = Numbers.integer(source[v.start..<v.end], bits: 32)
            else { throw numberError(v, "i32", integer: true) }
            position += 1
            out.s32(Int32(bitPattern: UInt32(bits)))
        case .i64:
            let v = current
            guard v.kind == .reserved || v.kind == .keyword,
                let bits = Numbers.integer(source[v.start..<v.end], bits: 64)
            else { throw numberError(v, "i64", integer: true) }
            position += 1
            out.s64(Int64(bitPattern: bits))
        case .f32:
            out.fixed32(try f32Literal())
        case .f64:
            out.fixed64(try f64Literal())
        case .v128:
            out.append(try v128Literal())
        case .shuffle:
            for _ in 0..<16 {
                let v = current
                // Lanes beyond 31 are the validator's to reject ("invalid lane index").
                let lane = try u32()
                guard lane <= 255 else { throw fail(.badNumber, "malformed lane index", at: v) }
                out.byte(UInt8(lane))
            }
        case .local:
            out.u32(try index(scope.localNames, "local"))
        case .global:
            out.u32(try index(module.globalNames, "global"))
        case .function:
            out.u32(try index(module.functionNames, "function"))
        case .label:
            out.u32(try label(scope))
        case .brTable:
            var labels: [UInt32] = []
            while atIndex { labels.append(try label(scope)) }
            guard let last = labels.popLast() else { throw fail("expected a label but found \(found)") }
            out.u32(UInt32(labels.count))
            for l in labels { out.u32(l) }
            out.u32(last)
        case .callIndirect:
            var table: UInt32 = 0
            if atIndex { table = try index(module.tableNames, "table") }
            let (type, names) = try typeUse()
            if names.contains(where: { $0 != nil }) {
                throw fail(.syntax, "unexpected token: call_indirect parameters have no names")
            }
            out.u32(type)
            out.u32(table)
        case .table:
            out.u32(atIndex ? try index(module.tableNames, "table") : 0)
        case .tableInit:
            // `elem` or `table elem`.
            let start = position
            guard atIndex else { throw fail("expected an elem segment but found \(found)") }
            position += 1
            let twoIndices = atIndex
            position = start
            let table = twoIndices ? try index(module.tableNames, "table") : 0
            out.u32(try index(module.elemNames, "elem segment"))
            out.u32(table)
        case .tableCopy:
            var dst: UInt32 = 0
            var src: UInt32 = 0
            if atIndex {
                dst = try index(module.tableNames, "table")
                src = try index(module.tableNames, "table")
            }
            out.u32(dst)
            out.u32(src)
        case .memoryInit:
            out.u32(try index(module.dataNames, "data segment"))
            out.byte(0)
            module.usesDataCount = true
        case .data:
            out.u32(try index(module.dataNames, "data segment"))
            module.usesDataCount = true
        case .elem:
            out.u32(try index(module.elemNames, "elem segment"))
        case .memoryCopy:
            out.byte(0)
            out.byte(0)
        case .memoryIndex:
            out.byte(0)
        case .heapType:
            let h = current
            guard h.kind == .keyword, text(h) == "func" || text(h) == "extern" else {
                throw fail("expected func or extern but found \(found)")
            }
            position += 1
            out.byte(text(h) == "func" ? 0x70 : 0x6F)
        case .selectTyped, .block:
            throw fail("unknown operator \(text(t))", at: t)
        case .memory:
            try memoryArgument(&out, op)
        case .memoryLane:
            try memoryArgument(&out, op)
            try laneIndex(&out, op)
        case .lane:
            try laneIndex(&out, op)
        }
    }

    mutating func laneIndex(_ out: inout ByteSink, _ op: TextOpcode) throws(TextError) {
        let v = current
        // A lane beyond the shape's is the validator's to reject ("invalid lane index").
        let lane = try u32()
        guard lane <= 255 else { throw fail(.badNumber, "malformed lane index", at: v) }
        _ = op
        out.byte(UInt8(lane))
    }

    /// `offset=N? align=N?` (align a power of two; the default is the operator's natural alignment).
    mutating func memoryArgument(_ out: inout ByteSink, _ op: TextOpcode) throws(TextError) {
        var offset: UInt64 = 0
        var align = UInt32(op.alignment)
        if current.kind == .keyword, source[current.start] == UInt8(ascii: "o"), text(current).hasPrefix("offset=") {
            let t = advance()
            guard let v = Numbers.unsigned(text(t).dropFirst(7)), v <= UInt64(UInt32.max) else {
                throw fail(.badNumber, "offset out of range", at: t)
            }
            offset = v
        }
        if current.kind == .keyword, source[current.start] == UInt8(ascii: "a"), text(current).hasPrefix("align=") {
            let t = advance()
            guard let v = Numbers.unsigned(text(t).dropFirst(6)), v > 0, v <= UInt64(UInt32.max) else {
                throw fail(.badNumber, "alignment: not a valid number", at: t)
            }
            guard v & (v - 1) == 0 else { throw fail(.malformed, "alignment must be a power of two", at: t) }
            align = UInt32(v.trailingZeroBitCount)
        }
        out.u32(align)
        out.u64(offset)
    }

    /// The error for a token that is not a number of the type: "unexpected token" for punctuation or a name,
    /// "unknown operator" for a token not written like a number, "constant out of range" for a number too large.
    func numberError(_ v: Token, _ type: String, integer: Bool) -> TextError {
        guard v.kind == .reserved || v.kind == .keyword else {
            return fail(.syntax, "unexpected token: expected an \(type) constant but found \(found)", at: v)
        }
        let written = integer ? Numbers.isIntegerSyntax(text(v)) : Numbers.isFloatSyntax(text(v))
        guard written else { return fail(.syntax, "unknown operator \(text(v)): not an \(type) constant", at: v) }
        return fail(.badNumber, integer ? "\(type) constant out of range" : "constant out of range", at: v)
    }

    mutating func f32Literal() throws(TextError) -> UInt32 {
        let v = current
        guard v.kind == .reserved || v.kind == .keyword, let bits = Numbers.float32(text(v)) else {
            throw numberError(v, "f32", integer: false)
        }
        position += 1
        return bits
    }

    mutating func f64Literal() throws(TextError) -> UInt64 {
        let v = current
        guard v.kind == .reserved || v.kind == .keyword, let bits = Numbers.float64(text(v)) else {
            throw numberError(v, "f64", integer: false)
        }
        position += 1
        return bits
    }

    /// `i8x16 n*16 | i16x8 n*8 | i32x4 n*4 | i64x2 n*2 | f32x4 z*4 | f64x2 z*2`, as 16 bytes.
    mutating func v128Literal() throws(TextError) -> [UInt8] {
        let shape = current
        guard shape.kind == .keyword else { throw fail("expected a v128 shape but found \(found)") }
        position += 1
        var out = ByteSink()
        func int(_ bits: Int) throws(TextError) -> UInt64 {
            let v = current
            guard v.kind == .reserved, let x = Numbers.integer(text(v), bits: bits) else {
                throw numberError(v, "i\(bits)", integer: true)
            }
            position += 1
            return x
        }
        switch text(shape) {
        case "i8x16": for _ in 0..<16 { out.byte(UInt8(try int(8))) }
        case "i16x8":
            for _ in 0..<8 {
                let x = UInt16(try int(16))
                out.byte(UInt8(x & 0xFF))
                out.byte(UInt8(x >> 8))
            }
        case "i32x4": for _ in 0..<4 { out.fixed32(UInt32(try int(32))) }
        case "i64x2": for _ in 0..<2 { out.fixed64(try int(64)) }
        case "f32x4": for _ in 0..<4 { out.fixed32(try f32Literal()) }
        case "f64x2": for _ in 0..<2 { out.fixed64(try f64Literal()) }
        default: throw fail("unexpected v128 shape \(text(shape))", at: shape)
        }
        return out.bytes
    }
}

import WasmDecoder

extension TextParser {
    mutating func functionField(index: UInt32) throws(TextError) {
        let id = optionalIdentifier()
        try inlineExports(0, index)
        if var entry = try inlineImport() {
            let (type, names) = try typeUse()
            entry.byte(0)
            entry.u32(type)
            module.imports.append(entry.bytes)
            nameFunction(id, index, paramNames: names)
            return
        }
        let (type, paramNames) = try typeUse()
        module.functionTypes.append(type)
        var scope = FunctionScope()
        var localNames = paramNames
        for (k, n) in paramNames.enumerated() {
            if let n {
                guard scope.localNames[n] == nil else { throw fail(.unknownName, "duplicate local \(n)") }
                scope.localNames[n] = UInt32(k)
            }
        }
        var locals: [ValueType] = []
        while startsField("local") {
            position += 2
            if current.kind == .identifier {
                let t = advance()
                let n = String(text(t))
                guard scope.localNames[n] == nil else { throw fail(.unknownName, "duplicate local \(n)", at: t) }
                scope.localNames[n] = UInt32(paramNames.count + locals.count)
                locals.append(try valueType())
                localNames.append(n)
            } else {
                while current.kind != .rightParen {
                    locals.append(try valueType())
                    localNames.append(nil)
                }
            }
            try expectRightParen()
        }
        var body = ByteSink()
        // Locals as runs of one type.
        var runs: [(UInt32, ValueType)] = []
        for l in locals {
            if let last = runs.last, last.1 == l { runs[runs.count - 1].0 += 1 } else { runs.append((1, l)) }
        }
        body.u32(UInt32(runs.count))
        for (n, t) in runs {
            body.u32(n)
            body.byte(t.rawValue)
        }
        try instructions(&body, &scope)
        guard current.kind == .rightParen else { throw fail("unexpected \(found)") }
        body.byte(0x0B)
        module.code.append(body.bytes)
        nameFunction(id, index, paramNames: localNames)
    }

    /// A constant expression (global initializers, offsets, element items), ended by `end`.
    mutating func constantExpression() throws(TextError) -> [UInt8] {
        var out = ByteSink()
        var scope = FunctionScope()
        try instructions(&out, &scope)
        out.byte(0x0B)
        return out.bytes
    }

    mutating func tableField(index: UInt32, elemIndex: inout UInt32) throws(TextError) {
        _ = optionalIdentifier()
        try inlineExports(1, index)
        if var entry = try inlineImport() {
            entry.byte(1)
            entry.append(try tableType())
            module.imports.append(entry.bytes)
            return
        }
        if let reference = valueType(current), reference.isReference, peek(1).kind == .leftParen {
            // `(table reftype (elem ...))`: a table exactly as large as the segment, filled from 0.
            position += 1
            guard startsField("elem") else { throw fail("expected '(elem' but found \(found)") }
            position += 2
            var items: [[UInt8]] = []
            let expressions = current.kind == .leftParen
            while current.kind != .rightParen {
                if expressions {
                    items.append(try elementExpression())
                } else {
                    var s = ByteSink()
                    s.u32(try self.index(module.functionNames, "function"))
                    items.append(s.bytes)
                }
            }
            try expectRightParen()
            var type = ByteSink()
            type.byte(reference.rawValue)
            type.byte(1)
            type.u32(UInt32(items.count))
            type.u32(UInt32(items.count))
            module.tables.append(type.bytes)
            let offset: [UInt8] = [0x41, 0x00, 0x0B]
            module.elems.append(
                encodeElem(
                    mode: .active(table: index, offset: offset), type: reference, items: items,
                    expressions: expressions))
            elemIndex += 1
            return
        }
        module.tables.append(try tableType())
    }

    mutating func memoryField(index: UInt32, dataIndex: inout UInt32) throws(TextError) {
        _ = optionalIdentifier()
        try inlineExports(2, index)
        if var entry = try inlineImport() {
            entry.byte(2)
            entry.append(try limits())
            module.imports.append(entry.bytes)
            return
        }
        if startsField("data") {
            position += 2
            var bytes: [UInt8] = []
            while current.kind == .string { bytes += advance().bytes }
            try expectRightParen()
            let pages = UInt32((bytes.count + 65535) / 65536)
            var type = ByteSink()
            type.byte(1)
            type.u32(pages)
            type.u32(pages)
            module.memories.append(type.bytes)
            var segment = ByteSink()
            if index == 0 {
                segment.byte(0)
            } else {
                segment.byte(2)
                segment.u32(index)
            }
            segment.append([0x41, 0x00, 0x0B])
            segment.u32(UInt32(bytes.count))
            segment.append(bytes)
            module.datas.append(segment.bytes)
            dataIndex += 1
            return
        }
        module.memories.append(try limits())
    }

    mutating func globalField(index: UInt32) throws(TextError) {
        _ = optionalIdentifier()
        try inlineExports(3, index)
        if var entry = try inlineImport() {
            entry.byte(3)
            entry.append(try globalType())
            module.imports.append(entry.bytes)
            return
        }
        var g = ByteSink()
        g.append(try globalType())
        g.append(try constantExpression())
        module.globals.append(g.bytes)
    }

    /// An offset: `(offset instr*)` or one folded instruction.
    mutating func offsetExpression() throws(TextError) -> [UInt8] {
        if startsField("offset") {
            position += 2
            let e = try constantExpression()
            try expectRightParen()
            return e
        }
        var out = ByteSink()
        var scope = FunctionScope()
        try foldedInstruction(&out, &scope)
        out.byte(0x0B)
        return out.bytes
    }

    /// An element expression: `(item instr*)` or one folded instruction.
    mutating func elementExpression() throws(TextError) -> [UInt8] {
        if startsField("item") {
            position += 2
            let e = try constantExpression()
            try expectRightParen()
            return e
        }
        var out = ByteSink()
        var scope = FunctionScope()
        try foldedInstruction(&out, &scope)
        out.byte(0x0B)
        return out.bytes
    }

    enum SegmentMode {
        case active(table: UInt32, offset: [UInt8])
        case passive
        case declarative
    }

    func encodeElem(mode: SegmentMode, type: ValueType, items: [[UInt8]], expressions: Bool) -> [UInt8] {
        var items = items
        var expressions = expressions
        // Expressions that are all `ref.func x` are written as function indices (as wabt does).
        if expressions && type == .funcref {
            let indices = items.map { item -> [UInt8]? in
                guard item.count >= 3, item[0] == 0xD2, item.last == 0x0B else { return nil }
                let leb = Array(item[1..<(item.count - 1)])
                guard leb.last! & 0x80 == 0, leb.dropLast().allSatisfy({ $0 & 0x80 != 0 }) else { return nil }
                return leb
            }
            if indices.allSatisfy({ $0 != nil }) {
                items = indices.map { $0! }
                expressions = false
            }
        }
        var s = ByteSink()
        switch (mode, expressions) {
        case (.active(let table, let offset), false) where table == 0 && type == .funcref:
            s.byte(0)
            s.append(offset)
        case (.active(let table, let offset), false):
            s.byte(2)
            s.u32(table)
            s.append(offset)
            s.byte(0)
        case (.passive, false):
            s.byte(1)
            s.byte(0)
        case (.declarative, false):
            s.byte(3)
            s.byte(0)
        case (.active(let table, let offset), true) where table == 0 && type == .funcref:
            s.byte(4)
            s.append(offset)
        case (.active(let table, let offset), true):
            s.byte(6)
            s.u32(table)
            s.append(offset)
            s.byte(type.rawValue)
        case (.passive, true):
            s.byte(5)
            s.byte(type.rawValue)
        case (.declarative, true):
            s.byte(7)
            s.byte(type.rawValue)
        }
        s.u32(UInt32(items.count))
        for item in items { s.append(item) }
        return s.bytes
    }

    mutating func elemField() throws(TextError) {
        _ = optionalIdentifier()
        var mode = SegmentMode.passive
        if isKeyword("declare") {
            position += 1
            mode = .declarative
        } else if startsField("table") {
            position += 2
            let table = try index(module.tableNames, "table")
            try expectRightParen()
            mode = .active(table: table, offset: try offsetExpression())
        } else if current.kind == .leftParen && !startsField("item") {
            mode = .active(table: 0, offset: try offsetExpression())
        }
        var items: [[UInt8]] = []
        var type = ValueType.funcref
        var expressions = false
        if isKeyword("func") {
            position += 1
            while current.kind != .rightParen {
                var s = ByteSink()
                s.u32(try index(module.functionNames, "function"))
                items.append(s.bytes)
            }
        } else if let r = valueType(current), r.isReference {
            position += 1
            type = r
            expressions = true
            while current.kind != .rightParen { items.append(try elementExpression()) }
        } else {
            // The abbreviation of active segments: function indices alone.
            while current.kind != .rightParen {
                var s = ByteSink()
                s.u32(try index(module.functionNames, "function"))
                items.append(s.bytes)
            }
        }
        module.elems.append(encodeElem(mode: mode, type: type, items: items, expressions: expressions))
    }

    mutating func dataField() throws(TextError) {
        _ = optionalIdentifier()
        var s = ByteSink()
        if startsField("memory") {
            position += 2
            let memory = try index(module.memoryNames, "memory")
            try expectRightParen()
            let offset = try offsetExpression()
            if memory == 0 {
                s.byte(0)
            } else {
                s.byte(2)
                s.u32(memory)
            }
            s.append(offset)
        } else if current.kind == .leftParen {
            s.byte(0)
            s.append(try offsetExpression())
        } else {
            s.byte(1)
        }
        var bytes: [UInt8] = []
        while current.kind == .string { bytes += advance().bytes }
        s.u32(UInt32(bytes.count))
        s.append(bytes)
        module.datas.append(s.bytes)
    }
}

import WasmDecoder

extension TextParser {
    /// A whole module: `(module $name? field*)`, or the fields alone. Leaves the position after it.
    mutating func parseModule() throws(TextError) -> [UInt8] {
        var wrapped = false
        if startsField("module") {
            position += 2
            wrapped = true
            if let name = optionalIdentifier() { module.name = Array(name.dropFirst().utf8) }
        }
        let first = position
        try declare()
        position = first
        try defineFields()
        if wrapped { try expectRightParen() }
        return module.encode()
    }

    // MARK: Pass 1: indices and names

    mutating func declare() throws(TextError) {
        var firstDefinition: String?
        func imported(_ what: String, _ t: Token) throws(TextError) {
            if let firstDefinition {
                throw TextError(.malformed, "import after \(firstDefinition)", line: t.line, column: t.column)
            }
        }
        while current.kind == .leftParen {
            let fieldStart = position
            position += 1
            let t = current
            guard t.kind == .keyword else { throw fail("expected a module field but found \(found)") }
            position += 1
            switch text(t) {
            case "type":
                let idToken = current
                let id = optionalIdentifier()
                try expectLeftParen()
                try keyword("func")
                let (type, _) = try functionSignature()
                try expectRightParen()
                try define(id, UInt32(module.types.count), in: &module.typeNames, "type", at: idToken)
                module.types.append(type)
            case "import":
                _ = try string()
                _ = try string()
                try expectLeftParen()
                let kindToken = current
                position += 1
                let idToken = current
                let id = optionalIdentifier()
                try imported(text(kindToken).description, kindToken)
                try declareIndex(String(text(kindToken)), id, at: idToken)
                position = fieldStart
                try skipItem()
                continue
            case "func", "table", "memory", "global":
                let kind = String(text(t))
                let idToken = current
                let id = optionalIdentifier()
                while startsField("export") { try skipItem() }
                if startsField("import") {
                    try imported(kind, t)
                } else if firstDefinition == nil {
                    firstDefinition = kind == "func" ? "function" : kind
                }
                try declareIndex(kind, id, at: idToken)
                // Inline segments: `(table ... (elem ...))` and `(memory ... (data ...))`.
                if kind == "table" || kind == "memory" {
                    while current.kind != .rightParen && current.kind != .end {
                        if startsField(kind == "table" ? "elem" : "data") {
                            if kind == "table" { module.elemCount += 1 } else { module.dataCount += 1 }
                        }
                        try skipItem()
                    }
                }
            case "elem":
                let idToken = current
                try define(optionalIdentifier(), module.elemCount, in: &module.elemNames, "elem segment", at: idToken)
                module.elemCount += 1
            case "data":
                let idToken = current
                try define(optionalIdentifier(), module.dataCount, in: &module.dataNames, "data segment", at: idToken)
                module.dataCount += 1
            case "export", "start":
                break
            default:
                throw fail("unknown module field '\(text(t))'", at: t)
            }
            position = fieldStart
            try skipItem()
        }
        guard current.kind == .rightParen || current.kind == .end else {
            throw fail("expected a module field but found \(found)")
        }
    }

    mutating func declareIndex(_ kind: String, _ id: String?, at t: Token) throws(TextError) {
        switch kind {
        case "func":
            try define(id, module.functionCount, in: &module.functionNames, "function", at: t)
            module.functionCount += 1
        case "table":
            try define(id, module.tableCount, in: &module.tableNames, "table", at: t)
            module.tableCount += 1
        case "memory":
            try define(id, module.memoryCount, in: &module.memoryNames, "memory", at: t)
            module.memoryCount += 1
        case "global":
            try define(id, module.globalCount, in: &module.globalNames, "global", at: t)
            module.globalCount += 1
        default:
            throw fail("expected func, table, memory or global but found '\(kind)'", at: t)
        }
    }

    // MARK: Pass 2: definitions in textual order

    mutating func defineFields() throws(TextError) {
        var functionIndex: UInt32 = 0
        var tableIndex: UInt32 = 0
        var memoryIndex: UInt32 = 0
        var globalIndex: UInt32 = 0
        var elemIndex: UInt32 = 0
        var dataIndex: UInt32 = 0
        while current.kind == .leftParen {
            position += 1
            let t = advance()
            switch text(t) {
            case "type":
                // Declared in pass 1.
                position -= 2
                try skipItem()
                continue
            case "import":
                let moduleName = try utf8Name()
                let name = try utf8Name()
                try expectLeftParen()
                let kind = advance()
                let id = optionalIdentifier()
                var entry = ByteSink()
                entry.name(moduleName)
                entry.name(name)
                switch text(kind) {
                case "func":
                    let (typeIndex, paramNames) = try typeUse()
                    entry.byte(0)
                    entry.u32(typeIndex)
                    nameFunction(id, functionIndex, paramNames: paramNames)
                    functionIndex += 1
                case "table":
                    entry.byte(1)
                    entry.append(try tableType())
                    tableIndex += 1
                case "memory":
                    entry.byte(2)
                    entry.append(try limits())
                    memoryIndex += 1
                case "global":
                    entry.byte(3)
                    entry.append(try globalType())
                    globalIndex += 1
                default:
                    throw fail("expected func, table, memory or global", at: kind)
                }
                try expectRightParen()
                module.imports.append(entry.bytes)
            case "func":
                try functionField(index: functionIndex)
                functionIndex += 1
            case "table":
                try tableField(index: tableIndex, elemIndex: &elemIndex)
                tableIndex += 1
            case "memory":
                try memoryField(index: memoryIndex, dataIndex: &dataIndex)
                memoryIndex += 1
            case "global":
                try globalField(index: globalIndex)
                globalIndex += 1
            case "export":
                let name = try utf8Name()
                try expectLeftParen()
                let kind = advance()
                let (code, index): (UInt8, UInt32)
                switch text(kind) {
                case "func": (code, index) = (0, try self.index(module.functionNames, "function"))
                case "table": (code, index) = (1, try self.index(module.tableNames, "table"))
                case "memory": (code, index) = (2, try self.index(module.memoryNames, "memory"))
                case "global": (code, index) = (3, try self.index(module.globalNames, "global"))
                default: throw fail("expected func, table, memory or global", at: kind)
                }
                try expectRightParen()
                addExport(name, code, index)
            case "start":
                guard module.start == nil else { throw fail(.malformed, "multiple start sections", at: t) }
                module.start = try index(module.functionNames, "function")
            case "elem":
                try elemField()
                elemIndex += 1
            case "data":
                try dataField()
                dataIndex += 1
            default:
                throw fail("unknown module field '\(text(t))'", at: t)
            }
            try expectRightParen()
        }
    }

    mutating func addExport(_ name: [UInt8], _ kind: UInt8, _ index: UInt32) {
        var e = ByteSink()
        e.name(name)
        e.byte(kind)
        e.u32(index)
        module.exports.append(e.bytes)
    }

    /// `(export "name")*` abbreviations after a definition's `$id`.
    mutating func inlineExports(_ kind: UInt8, _ index: UInt32) throws(TextError) {
        while startsField("export") {
            position += 2
            let name = try utf8Name()
            try expectRightParen()
            addExport(name, kind, index)
        }
    }

    /// `(import "module" "name")` abbreviation: the entry's head, or nil.
    mutating func inlineImport() throws(TextError) -> ByteSink? {
        guard startsField("import") else { return nil }
        position += 2
        var entry = ByteSink()
        entry.name(try utf8Name())
        entry.name(try utf8Name())
        try expectRightParen()
        return entry
    }

    mutating func nameFunction(_ id: String?, _ index: UInt32, paramNames: [String?]) {
        if let id { module.debugFunctionNames.append((index, Array(id.dropFirst().utf8))) }
        let locals = paramNames.enumerated().compactMap { k, n in n.map { (UInt32(k), Array($0.dropFirst().utf8)) } }
        if !locals.isEmpty { module.debugLocalNames.append((index, locals)) }
    }

    // MARK: Types

    /// `(param $x? t*)* (result t*)*`; the parameters' names (nil for unnamed ones).
    mutating func functionSignature() throws(TextError) -> (FuncType, [String?]) {
        var params: [ValueType] = []
        var names: [String?] = []
        var results: [ValueType] = []
        while startsField("param") {
            position += 2
            if current.kind == .identifier {
                let id = advance()
                names.append(String(text(id)))
                params.append(try valueType())
            } else {
                while current.kind != .rightParen {
                    params.append(try valueType())
                    names.append(nil)
                }
            }
            try expectRightParen()
        }
        while startsField("result") {
            position += 2
            while current.kind != .rightParen { results.append(try valueType()) }
            try expectRightParen()
        }
        return (FuncType(params: params, results: results), names)
    }

    /// A type use: `(type x)?` then an optional signature that must agree with it; the type's index (added at the
    /// end of the type section if only the signature is given) and the parameters' names.
    mutating func typeUse() throws(TextError) -> (UInt32, [String?]) {
        var explicit: UInt32?
        if startsField("type") {
            position += 2
            explicit = try index(module.typeNames, "type")
            try expectRightParen()
        }
        let signatureStart = current
        let hasSignature = startsField("param") || startsField("result")
        let (signature, names) = try functionSignature()
        if let explicit {
            // A type index beyond the types is the validator's to reject ("unknown type").
            guard Int(explicit) < module.types.count else { return (explicit, names) }
            let declared = module.types[Int(explicit)]
            if hasSignature && declared != signature {
                throw fail(.malformed, "inline function type does not match the type it names", at: signatureStart)
            }
            return (explicit, hasSignature ? names : Array(repeating: nil, count: declared.params.count))
        }
        return (module.typeIndex(for: signature), names)
    }

    /// `min max?` of a table or memory type (ranges are the validator's to check).
    mutating func limits() throws(TextError) -> [UInt8] {
        let min = try u32()
        var s = ByteSink()
        if current.kind == .reserved {
            let max = try u32()
            s.byte(1)
            s.u32(min)
            s.u32(max)
        } else {
            s.byte(0)
            s.u32(min)
        }
        return s.bytes
    }

    mutating func tableType() throws(TextError) -> [UInt8] {
        let l = try limits()
        let r = try referenceType()
        return [r.rawValue] + l
    }

    mutating func globalType() throws(TextError) -> [UInt8] {
        if startsField("mut") {
            position += 2
            let v = try valueType()
            try expectRightParen()
            return [v.rawValue, 1]
        }
        return [try valueType().rawValue, 0]
    }
}

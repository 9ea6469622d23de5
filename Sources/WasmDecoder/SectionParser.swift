/// Decoding and validation of the module-level sections (everything except function bodies).
/// Each `parse…` reads exactly one section's payload from a reader bounded to that section.
struct SectionParser {
    var module = ModuleInfo()
    /// Function section count (defined functions), checked against the code section.
    var declaredFunctionCount: Int?
    var codeSectionCount: Int?
    var dataSectionSeen = false

    static let maxPages: UInt64 = 65536

    // MARK: Types

    mutating func parseTypes(_ r: inout ByteReader) throws(WasmError) {
        let n = try r.readU32()
        for _ in 0..<n {
            let o = r.offset
            let form = try r.readByte()
            guard form == 0x60 else { throw WasmError(.malformed, "integer representation too long", offset: o) }
            let params = try readValueTypes(&r)
            let results = try readValueTypes(&r)
            module.types.append(FuncType(params: params, results: results))
        }
    }

    func readValueTypes(_ r: inout ByteReader) throws(WasmError) -> [ValueType] {
        let n = try r.readU32()
        guard Int(n) <= r.remaining else {
            throw WasmError(.malformed, "unexpected end of section or function", offset: r.offset)
        }
        var out: [ValueType] = []
        out.reserveCapacity(Int(n))
        for _ in 0..<n { out.append(try r.readValueType()) }
        return out
    }

    // MARK: Limits and types

    func readLimits(_ r: inout ByteReader) throws(WasmError) -> Limits {
        let o = r.offset
        let flags = try r.readByte()
        switch flags {
        case 0x00:
            return Limits(min: UInt64(try r.readU32()), max: nil)
        case 0x01:
            let mn = try r.readU32()
            let mx = try r.readU32()
            return Limits(min: UInt64(mn), max: UInt64(mx))
        default:
            throw WasmError(
                .malformed, flags & 0x80 != 0 ? "integer representation too long" : "integer too large",
                offset: o)
        }
    }

    func readTableType(_ r: inout ByteReader) throws(WasmError) -> TableType {
        let t = try r.readRefType()
        let o = r.offset
        let l = try readLimits(&r)
        if let mx = l.max, l.min > mx {
            throw WasmError(.invalid, "size minimum must not be greater than maximum", offset: o)
        }
        return TableType(element: t, limits: l)
    }

    func readMemoryType(_ r: inout ByteReader) throws(WasmError) -> MemoryType {
        let o = r.offset
        let l = try readLimits(&r)
        if l.min > SectionParser.maxPages {
            throw WasmError(.invalid, "memory size must be at most 65536 pages (4GiB)", offset: o)
        }
        if let mx = l.max {
            if mx > SectionParser.maxPages {
                throw WasmError(.invalid, "memory size must be at most 65536 pages (4GiB)", offset: o)
            }
            if l.min > mx { throw WasmError(.invalid, "size minimum must not be greater than maximum", offset: o) }
        }
        return MemoryType(limits: l)
    }

    func readGlobalType(_ r: inout ByteReader) throws(WasmError) -> GlobalType {
        let t = try r.readValueType()
        let o = r.offset
        let m = try r.readByte()
        guard m <= 1 else { throw WasmError(.malformed, "malformed mutability", offset: o) }
        return GlobalType(value: t, mutable: m == 1)
    }

    // MARK: Imports

    mutating func parseImports(_ r: inout ByteReader) throws(WasmError) {
        let n = try r.readU32()
        for _ in 0..<n {
            let mod = try r.readName()
            let name = try r.readName()
            let ko = r.offset
            let kind = try r.readByte()
            let desc: Import.Descriptor
            switch kind {
            case 0:
                let o = r.offset
                let t = try r.readU32()
                guard Int(t) < module.types.count else { throw WasmError(.invalid, "unknown type", offset: o) }
                desc = .function(typeIndex: t)
                module.functionTypeIndices.append(t)
                module.importedFunctionCount += 1
            case 1:
                let t = try readTableType(&r)
                desc = .table(t)
                module.tables.append(t)
                module.importedTableCount += 1
            case 2:
                let o = r.offset
                let m = try readMemoryType(&r)
                desc = .memory(m)
                module.memories.append(m)
                module.importedMemoryCount += 1
                if module.memories.count > 1 { throw WasmError(.invalid, "multiple memories", offset: o) }
            case 3:
                let g = try readGlobalType(&r)
                desc = .global(g)
                module.globals.append(g)
                module.importedGlobalCount += 1
            default:
                throw WasmError(.malformed, "malformed import kind", offset: ko)
            }
            module.imports.append(Import(module: mod, name: name, descriptor: desc))
        }
    }

    // MARK: Functions, tables, memories, globals

    mutating func parseFunctions(_ r: inout ByteReader) throws(WasmError) {
        let n = try r.readU32()
        guard Int(n) <= r.remaining else {
            throw WasmError(.malformed, "unexpected end of section or function", offset: r.offset)
        }
        for _ in 0..<n {
            let o = r.offset
            let t = try r.readU32()
            guard Int(t) < module.types.count else { throw WasmError(.invalid, "unknown type", offset: o) }
            module.functionTypeIndices.append(t)
        }
        declaredFunctionCount = Int(n)
    }

    mutating func parseTables(_ r: inout ByteReader) throws(WasmError) {
        let n = try r.readU32()
        for _ in 0..<n { module.tables.append(try readTableType(&r)) }
    }

    mutating func parseMemories(_ r: inout ByteReader) throws(WasmError) {
        let n = try r.readU32()
        for _ in 0..<n {
            let o = r.offset
            module.memories.append(try readMemoryType(&r))
            if module.memories.count > 1 { throw WasmError(.invalid, "multiple memories", offset: o) }
        }
    }

    mutating func parseGlobals(_ r: inout ByteReader) throws(WasmError) {
        let n = try r.readU32()
        for _ in 0..<n {
            let g = try readGlobalType(&r)
            let e = try readConstExpr(&r, type: g.value)
            module.globals.append(g)
            module.globalInitializers.append(e)
        }
    }

    /// A constant expression of type `type`, ended by `end`. In Wasm 2.0 constant instructions are
    /// `t.const`, `ref.null`, `ref.func` and `global.get` of an imported, immutable global.
    mutating func readConstExpr(_ r: inout ByteReader, type: ValueType) throws(WasmError) -> ConstExpr {
        var stack: [(ConstExpr, ValueType)] = []
        while true {
            let o = r.offset
            let op = try r.readByte()
            switch op {
            case 0x0B:
                guard stack.count == 1, stack[0].1 == type else {
                    throw WasmError(.invalid, "type mismatch", offset: o)
                }
                return stack[0].0
            case 0x41: stack.append((.i32(try r.readS32()), .i32))
            case 0x42: stack.append((.i64(try r.readS64()), .i64))
            case 0x43: stack.append((.f32(bits: try r.readU32Fixed()), .f32))
            case 0x44: stack.append((.f64(bits: try r.readU64Fixed()), .f64))
            case 0xD0:
                let t = try r.readRefType()
                stack.append((.refNull(t), t))
            case 0xD2:
                let x = try r.readU32()
                guard Int(x) < module.functionTypeIndices.count else {
                    throw WasmError(.invalid, "unknown function \(x)", offset: o)
                }
                module.declaredFunctionReferences.insert(x)
                stack.append((.refFunc(x), .funcref))
            case 0x23:
                let x = try r.readU32()
                guard Int(x) < module.importedGlobalCount else {
                    throw WasmError(.invalid, "unknown global \(x)", offset: o)
                }
                let g = module.globals[Int(x)]
                guard !g.mutable else { throw WasmError(.invalid, "constant expression required", offset: o) }
                stack.append((.globalGet(x), g.value))
            case 0xFD:
                let sub = try r.readU32()
                guard sub == 12 else {
                    guard OpcodeTable.fd.contains(sub) else { throw WasmError(.malformed, "illegal opcode", offset: o) }
                    throw WasmError(.invalid, "constant expression required", offset: o)
                }
                stack.append((.v128(try r.readV128()), .v128))
            case 0xFC:
                let sub = try r.readU32()
                guard OpcodeTable.fc.contains(sub) else { throw WasmError(.malformed, "illegal opcode", offset: o) }
                throw WasmError(.invalid, "constant expression required", offset: o)
            default:
                // A known operator that is not constant is invalid; an unknown byte is malformed.
                guard OpcodeTable.single.contains(op) else { throw WasmError(.malformed, "illegal opcode", offset: o) }
                throw WasmError(.invalid, "constant expression required", offset: o)
            }
        }
    }

    // MARK: Exports, start

    mutating func parseExports(_ r: inout ByteReader) throws(WasmError) {
        let n = try r.readU32()
        let expected = Int(min(n, 1 << 16))
        var seen = ExportNameTable(expected: expected, nameBytes: r.remaining)
        var entries: [(kind: ExternalKind, index: UInt32)] = []
        entries.reserveCapacity(expected)
        let functionCount = module.functionTypeIndices.count
        for _ in 0..<n {
            let name = try r.readNameInPlace()
            let ko = r.offset
            let kindByte = try r.readByte()
            guard let kind = ExternalKind(rawValue: kindByte) else {
                throw WasmError(.malformed, "malformed export kind", offset: ko)
            }
            let io = r.offset
            let index = try r.readU32()
            switch kind {
            case .function:
                guard Int(index) < functionCount else { throw unknownExport("function", index, io) }
                module.declaredFunctionReferences.insert(index)
            case .table:
                guard Int(index) < module.tables.count else { throw unknownExport("table", index, io) }
            case .memory:
                guard Int(index) < module.memories.count else { throw unknownExport("memory", index, io) }
            case .global:
                guard Int(index) < module.globals.count else { throw unknownExport("global", index, io) }
            }
            guard seen.insert(name) else { throw WasmError(.invalid, "duplicate export name", offset: ko) }
            entries.append((kind, index))
        }
        // Every name a slice of one buffer.
        let names = seen.names
        module.exports.reserveCapacity(module.exports.count + entries.count)
        var start = 0
        for (k, e) in entries.enumerated() {
            let end = seen.ends[k]
            module.exports.append(Export(name: names[start..<end], kind: e.kind, index: e.index))
            start = end
        }
    }

    func unknownExport(_ what: StaticString, _ index: UInt32, _ offset: Int) -> WasmError {
        WasmError(.invalid, "unknown \(what) \(index)", offset: offset)
    }

    mutating func parseStart(_ r: inout ByteReader) throws(WasmError) {
        let o = r.offset
        let x = try r.readU32()
        guard Int(x) < module.functionTypeIndices.count else {
            throw WasmError(.invalid, "unknown function \(x)", offset: o)
        }
        let t = module.functionType(Int(x))
        guard t.params.isEmpty && t.results.isEmpty else { throw WasmError(.invalid, "start function", offset: o) }
        module.start = x
    }

    // MARK: Elements

    mutating func parseElements(_ r: inout ByteReader) throws(WasmError) {
        let n = try r.readU32()
        for _ in 0..<n {
            let fo = r.offset
            let flags = try r.readU32()
            guard flags <= 7 else { throw WasmError(.malformed, "malformed elements segment kind", offset: fo) }
            var mode: ElementSegment.Mode
            var table: UInt32 = 0
            if flags & 1 == 0 {
                if flags & 2 != 0 { table = try r.readU32() }
                let to = r.offset
                guard Int(table) < module.tables.count else {
                    throw WasmError(.invalid, "unknown table \(table)", offset: to)
                }
                mode = .active(table: table, offset: try readConstExpr(&r, type: .i32))
            } else {
                mode = flags & 2 != 0 ? .declarative : .passive
            }
            var type = ValueType.funcref
            var items: [ConstExpr] = []
            let usesExpressions = flags & 4 != 0
            if flags & 3 != 0 {
                if usesExpressions {
                    type = try r.readRefType()
                } else {
                    let ko = r.offset
                    guard try r.readByte() == 0x00 else {
                        throw WasmError(.malformed, "malformed element kind", offset: ko)
                    }
                }
            }
            let count = try r.readU32()
            guard Int(count) <= r.remaining else {
                throw WasmError(.malformed, "unexpected end of section or function", offset: r.offset)
            }
            items.reserveCapacity(Int(count))
            for _ in 0..<count {
                if usesExpressions {
                    items.append(try readConstExpr(&r, type: type))
                } else {
                    let o = r.offset
                    let x = try r.readU32()
                    guard Int(x) < module.functionTypeIndices.count else {
                        throw WasmError(.invalid, "unknown function \(x)", offset: o)
                    }
                    module.declaredFunctionReferences.insert(x)
                    items.append(.refFunc(x))
                }
            }
            if case .active(let t, _) = mode, module.tables[Int(t)].element != type {
                throw WasmError(.invalid, "type mismatch", offset: fo)
            }
            module.elements.append(ElementSegment(type: type, mode: mode, items: items))
        }
    }

    // MARK: Data

    mutating func parseDataCount(_ r: inout ByteReader) throws(WasmError) {
        module.dataCount = try r.readU32()
    }

    mutating func parseData(_ r: inout ByteReader) throws(WasmError) {
        let co = r.offset
        let n = try r.readU32()
        if let dc = module.dataCount, dc != n {
            throw WasmError(.malformed, "data count and data section have inconsistent lengths", offset: co)
        }
        dataSectionSeen = true
        for _ in 0..<n {
            let fo = r.offset
            let flags = try r.readU32()
            let mode: DataSegment.Mode
            switch flags {
            case 0, 2:
                let memory = flags == 2 ? try r.readU32() : 0
                guard Int(memory) < module.memories.count else {
                    throw WasmError(.invalid, "unknown memory \(memory)", offset: fo)
                }
                mode = .active(memory: memory, offset: try readConstExpr(&r, type: .i32))
            case 1:
                mode = .passive
            default:
                throw WasmError(.malformed, "malformed data segment kind", offset: fo)
            }
            let lo = r.offset
            let len = Int(try r.readU32())
            guard len <= r.remaining else {
                throw WasmError(.malformed, "unexpected end of section or function", offset: lo)
            }
            module.data.append(DataSegment(mode: mode, bytes: try r.readBytes(len)))
        }
    }

    // MARK: Custom sections

    static let nameSectionName = Array("name".utf8)

    /// A custom section: its name, offset and size are recorded; its payload is not copied (only the `name`
    /// section is read, for function names).
    mutating func parseCustom(_ r: inout ByteReader) throws(WasmError) {
        let name = try r.readName()
        let payloadOffset = r.offset
        let payload = try r.subReader(count: r.remaining)
        module.customSections.append(CustomSection(name: name, payloadOffset: payloadOffset, size: payload.remaining))
        if name == SectionParser.nameSectionName { parseNameSection(payload) }
    }

    /// The `name` section is advisory: a malformed one is ignored, never an error (as the spec requires).
    mutating func parseNameSection(_ payload: ByteReader) {
        var r = payload
        // Where the names lie in the payload; read in any order (`FunctionNames(entries:)`).
        var entries: [(index: UInt32, name: UnsafeRawBufferPointer)] = []
        do {
            while !r.isAtEnd {
                let id = try r.readByte()
                let size = Int(try r.readU32())
                var sub = try r.subReader(count: size)
                guard id == 1 else { continue }
                let n = try sub.readU32()
                // Each entry takes at least 2 bytes (index, length), so `size` bounds the count.
                entries.reserveCapacity(entries.count + min(Int(n), size / 2))
                for _ in 0..<n {
                    let idx = try sub.readU32()
                    entries.append((idx, try sub.readNameInPlace()))
                }
            }
        } catch {
            // keep what was read
        }
        module.functionNames = FunctionNames(entries: entries)
    }
}

/// The export names seen so far, for the duplicate check, and their bytes: open addressing over the names'
/// positions, hashed 8 bytes at a time (a `Set` of names hashed each with SipHash and kept as keys cost ~1,500
/// instructions an export; a module can export tens of thousands of functions). The names end up in one buffer,
/// which every export's `name` slices.
///
/// Invariants: `slots` has a power-of-two count, at least twice the names held; a slot holds -1 or the number `k` of
/// a name recorded (0 first), whose hash is `hashes[k]` and whose bytes are `names[ends[k - 1]..<ends[k]]` (from 0
/// for `k == 0`).
struct ExportNameTable {
    var slots: [Int32]
    var hashes: [UInt64] = []
    /// Random per table: names cannot be chosen ahead of time to collide (a module of colliding names would make
    /// every insert probe all the names before it).
    let seed = UInt64.random(in: .min ... .max)
    private(set) var names: [UInt8] = []
    private(set) var ends: [Int] = []

    init(expected: Int, nameBytes: Int) {
        var size = 16
        while size < 2 * expected { size *= 2 }
        slots = [Int32](repeating: -1, count: size)
        hashes.reserveCapacity(expected)
        ends.reserveCapacity(expected)
        names.reserveCapacity(nameBytes)
    }

    var count: Int { ends.count }

    static func hash(_ name: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let n = name.count
        var h: UInt64 = seed ^ UInt64(n)
        @inline(__always) func mix(_ word: UInt64) {
            h = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 31
        }
        var i = 0
        while i + 8 <= n {
            mix(name.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < n {
            // The last 1–7 bytes: the word ending at the name's end (overlapping the one before), or for a name
            // shorter than a word, its bytes.
            if n >= 8 {
                mix(name.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
            } else {
                mix(name.reduce(0) { $0 << 8 | UInt64($1) })
            }
        }
        // Full avalanche (every input bit moves every slot bit), so the seed decides the slots.
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }

    /// Records `name`; false if a name recorded before is the same bytes.
    mutating func insert(_ name: UnsafeRawBufferPointer) -> Bool {
        let h = Self.hash(name, seed: seed)
        if 2 * (count + 1) > slots.count { grow() }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 {
            let other = Int(slots[i])
            if hashes[other] == h && same(other, name) { return false }
            i = (i + 1) & mask
        }
        slots[i] = Int32(count)
        hashes.append(h)
        names.append(contentsOf: name.assumingMemoryBound(to: UInt8.self))
        ends.append(names.count)
        return true
    }

    private func same(_ k: Int, _ name: UnsafeRawBufferPointer) -> Bool {
        let start = k == 0 ? 0 : ends[k - 1]
        guard ends[k] - start == name.count else { return false }
        // Only for equal hashes: a duplicate, or (rarely) a collision.
        return names.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[start..<ends[k]]).elementsEqual(name) }
    }

    mutating func grow() {
        var bigger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        for (position, h) in hashes.enumerated() {
            var i = Int(truncatingIfNeeded: h) & mask
            while bigger[i] >= 0 { i = (i + 1) & mask }
            bigger[i] = Int32(position)
        }
        slots = bigger
    }
}

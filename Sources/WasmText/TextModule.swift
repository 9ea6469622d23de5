import WasmDecoder

/// A module being assembled: index spaces, names, and each section's entries already encoded. Filled by
/// `TextParser` in two passes (declarations, then definitions in textual order), written by `encode()`.
struct TextModule {
    var name: [UInt8]?
    /// Types: the explicit `(type ...)` definitions first, then the ones type uses add (spec 6.6.12).
    var types: [FuncType] = []
    var typeNames: [String: UInt32] = [:]
    var functionNames: [String: UInt32] = [:]
    var tableNames: [String: UInt32] = [:]
    var memoryNames: [String: UInt32] = [:]
    var globalNames: [String: UInt32] = [:]
    var elemNames: [String: UInt32] = [:]
    var dataNames: [String: UInt32] = [:]
    var functionCount: UInt32 = 0
    var tableCount: UInt32 = 0
    var memoryCount: UInt32 = 0
    var globalCount: UInt32 = 0
    var elemCount: UInt32 = 0
    var dataCount: UInt32 = 0
    /// Each section's entries, encoded, in order.
    var imports: [[UInt8]] = []
    var functionTypes: [UInt32] = [] // defined functions' type indices
    var tables: [[UInt8]] = []
    var memories: [[UInt8]] = []
    var globals: [[UInt8]] = []
    var exports: [[UInt8]] = []
    var start: UInt32?
    var elems: [[UInt8]] = []
    var code: [[UInt8]] = []
    var datas: [[UInt8]] = []
    var usesDataCount = false
    /// The name section: function names and local names (from `$identifiers`).
    var debugFunctionNames: [(UInt32, [UInt8])] = []
    var debugLocalNames: [(UInt32, [(UInt32, [UInt8])])] = []

    /// The index of `type`, added at the end if no type equals it.
    mutating func typeIndex(for type: FuncType) -> UInt32 {
        if let i = types.firstIndex(of: type) { return UInt32(i) }
        types.append(type)
        return UInt32(types.count - 1)
    }

    func encode() -> [UInt8] {
        var out = ByteSink()
        out.append([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00])
        func vector(_ id: UInt8, _ items: [[UInt8]]) {
            guard !items.isEmpty else { return }
            var s = ByteSink()
            s.u32(UInt32(items.count))
            for item in items { s.append(item) }
            out.section(id, s.bytes)
        }
        if !types.isEmpty {
            vector(
                1,
                types.map { t in
                    var s = ByteSink()
                    s.byte(0x60)
                    s.u32(UInt32(t.params.count))
                    for p in t.params { s.byte(p.rawValue) }
                    s.u32(UInt32(t.results.count))
                    for r in t.results { s.byte(r.rawValue) }
                    return s.bytes
                })
        }
        vector(2, imports)
        vector(
            3,
            functionTypes.map { i in
                var s = ByteSink()
                s.u32(i)
                return s.bytes
            })
        vector(4, tables)
        vector(5, memories)
        vector(6, globals)
        vector(7, exports)
        if let start {
            var s = ByteSink()
            s.u32(start)
            out.section(8, s.bytes)
        }
        vector(9, elems)
        if usesDataCount {
            var s = ByteSink()
            s.u32(UInt32(datas.count))
            out.section(12, s.bytes)
        }
        vector(
            10,
            code.map { body in
                var s = ByteSink()
                s.u32(UInt32(body.count))
                s.append(body)
                return s.bytes
            })
        vector(11, datas)
        if name != nil || !debugFunctionNames.isEmpty || !debugLocalNames.isEmpty {
            var s = ByteSink()
            s.name(Array("name".utf8))
            if let name {
                var sub = ByteSink()
                sub.name(name)
                s.byte(0)
                s.u32(UInt32(sub.bytes.count))
                s.append(sub.bytes)
            }
            if !debugFunctionNames.isEmpty {
                var sub = ByteSink()
                let sorted = debugFunctionNames.sorted { $0.0 < $1.0 }
                sub.u32(UInt32(sorted.count))
                for (i, n) in sorted {
                    sub.u32(i)
                    sub.name(n)
                }
                s.byte(1)
                s.u32(UInt32(sub.bytes.count))
                s.append(sub.bytes)
            }
            if !debugLocalNames.isEmpty {
                var sub = ByteSink()
                let sorted = debugLocalNames.sorted { $0.0 < $1.0 }
                sub.u32(UInt32(sorted.count))
                for (f, locals) in sorted {
                    sub.u32(f)
                    sub.u32(UInt32(locals.count))
                    for (i, n) in locals {
                        sub.u32(i)
                        sub.name(n)
                    }
                }
                s.byte(2)
                s.u32(UInt32(sub.bytes.count))
                s.append(sub.bytes)
            }
            out.section(0, s.bytes)
        }
        return out.bytes
    }
}

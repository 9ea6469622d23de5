import WasmDecoder

// The one import check (spec "import matching", 2.0 §4.5.4): every instantiation goes through it, whatever made
// the values (the embedding API's `Linker`, positional imports, the spec runner). Messages start with the spec
// test suite's wording ("incompatible import type") and name the import, what it must be and what it got.

extension Instance {
    static func checkImport(
        _ imp: Import, _ value: ExternalValue, index: Int, module: ModuleInfo,
        explicitBoundsCode: Bool
    ) throws(LinkError) {
        let what = "\(imp.moduleString).\(imp.nameString)"
        func fail(_ expected: String, _ got: String) -> LinkError {
            LinkError(
                .incompatibleImport, importIndex: index,
                message: "incompatible import type for \(what): expected \(expected), got \(got)")
        }
        func limits(_ l: Limits) -> String { l.max.map { "\(l.min)..\($0)" } ?? "\(l.min).." }
        switch (imp.descriptor, value) {
        case (.function(let ti), .function(let h)):
            let t = module.types[Int(ti)]
            if h.type != t { throw fail("function \(t)", "function \(h.type)") }
        case (.function(let ti), .hostFunction(let h)):
            let t = module.types[Int(ti)]
            if h.type != t { throw fail("function \(t)", "host function \(h.type)") }
        case (.table(let tt), .table(let t)):
            let expected = "table \(tt.element) \(limits(tt.limits))"
            if t.elementType != tt.element { throw fail(expected, "a table of \(t.elementType)") }
            if UInt64(t.count) < tt.limits.min { throw fail(expected, "a table of \(t.count) elements") }
            if !maxFits(t.maximum, tt.limits.max) {
                throw fail(
                    expected, t.maximum.map { "a table of at most \($0) elements" } ?? "a table without a maximum")
            }
        case (.memory(let mt), .memory(let m)):
            let expected = "memory \(limits(mt.limits)) pages"
            if UInt64(m.pageCount) < mt.limits.min { throw fail(expected, "a memory of \(m.pageCount) pages") }
            if !maxFits(m.declaredMaxPages.map(UInt64.init), mt.limits.max) {
                throw fail(
                    expected,
                    m.declaredMaxPages.map { "a memory of at most \($0) pages" }
                        ?? "a memory without a maximum")
            }
            if !m.isGuarded && !explicitBoundsCode {
                throw LinkError(
                    .incompatibleImport, importIndex: index,
                    message: "incompatible import type for \(what): this code relies on guard pages, the "
                        + "memory has explicit bounds (compile with explicit bounds checks)")
            }
        case (.global(let gt), .global(let g)):
            func text(_ t: GlobalType) -> String { "global \(t.mutable ? "mut " : "")\(t.value)" }
            if g.type != gt { throw fail(text(gt), text(g.type)) }
        default:
            let kinds: (Import.Descriptor) -> String = {
                switch $0 {
                case .function: "function"
                case .table: "table"
                case .memory: "memory"
                case .global: "global"
                }
            }
            let got: String
            switch value {
            case .function, .hostFunction: got = "a function"
            case .table: got = "a table"
            case .memory: got = "a memory"
            case .global: got = "a global"
            }
            throw fail("a \(kinds(imp.descriptor))", got)
        }
    }
}

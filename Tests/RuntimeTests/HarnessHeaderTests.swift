// harness/swasm-aot.h restates the runtime/compiler contract (SwasmABI) for the C harness that runs artifacts
// natively and under qemu. This test reads the header and checks every constant against the Swift definitions,
// so the two cannot drift apart without a failing test.

import Foundation
import SwasmABI
import SwasmRuntime
import Testing

/// The integer constants of a C header: `#define NAME value` and enumerators (implicit values count up).
struct CHeaderConstants {
    var values: [String: UInt64] = [:]
    var strings: [String: String] = [:]
    /// `typedef struct { ... } name_t;` → field offsets by name (pointers and 64-bit integers 8 bytes, uint32_t 4).
    var structs: [String: (fields: [String: Int], size: Int)] = [:]

    init(_ text: String) throws {
        var t = text
        while let open = t.range(of: "/*"), let close = t.range(of: "*/", range: open.upperBound..<t.endIndex) {
            t.removeSubrange(open.lowerBound..<close.upperBound)
        }
        for line in t.split(separator: "\n") where line.hasPrefix("#define ") {
            let parts = line.dropFirst(8).split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[1].hasPrefix("\"") {
                strings[parts[0]] = String(parts[1].dropFirst().dropLast())
            } else {
                values[parts[0]] = try Self.evaluate(parts[1])
            }
        }
        var rest = Substring(t)
        while let e = rest.range(of: "enum ") {
            guard let open = rest.range(of: "{", range: e.upperBound..<rest.endIndex),
                let close = rest.range(of: "}", range: open.upperBound..<rest.endIndex)
            else { break }
            var next: UInt64 = 0
            for item in rest[open.upperBound..<close.lowerBound].split(separator: ",") {
                let kv = item.split(separator: "=").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                guard let name = kv.first, !name.isEmpty else { continue }
                let v = kv.count > 1 ? try values[kv[1]] ?? Self.evaluate(kv[1]) : next
                values[name] = v
                next = v + 1
            }
            rest = rest[close.upperBound...]
        }
        rest = Substring(t)
        while let s = rest.range(of: "typedef struct ") {
            guard let open = rest.range(of: "{", range: s.upperBound..<rest.endIndex),
                let close = rest.range(of: "}", range: open.upperBound..<rest.endIndex),
                let semi = rest.range(of: ";", range: close.upperBound..<rest.endIndex)
            else { break }
            let name = rest[close.upperBound..<semi.lowerBound].trimmingCharacters(in: .whitespaces)
            var fields: [String: Int] = [:]
            var offset = 0
            for decl in rest[open.upperBound..<close.lowerBound].split(separator: ";") {
                let d = decl.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !d.isEmpty else { continue }
                let size = d.contains("*") || d.hasPrefix("uint64_t") ? 8 : d.hasPrefix("uint32_t") ? 4 : -1
                #expect(size > 0, "unknown field type in \(name): \(d)")
                offset = (offset + size - 1) / size * size
                let field = d.split(whereSeparator: { $0 == " " || $0 == "*" }).last.map(String.init) ?? ""
                fields[field] = offset
                offset += size
            }
            structs[name] = (fields, (offset + 7) / 8 * 8)
            rest = rest[semi.upperBound...]
        }
    }

    /// Integer literals (decimal, hex, `u`/`ull` suffixes), `(a << b)` and `a + b`.
    static func evaluate(_ expression: String) throws -> UInt64 {
        let e = expression.trimmingCharacters(in: CharacterSet(charactersIn: " ()"))
        if let plus = e.range(of: " + ") {
            return try evaluate(String(e[..<plus.lowerBound])) + evaluate(String(e[plus.upperBound...]))
        }
        if let shift = e.range(of: " << ") {
            return try evaluate(String(e[..<shift.lowerBound])) << evaluate(String(e[shift.upperBound...]))
        }
        var digits = e.lowercased()
        while digits.hasSuffix("u") || digits.hasSuffix("l") { digits.removeLast() }
        let value = digits.hasPrefix("0x") ? UInt64(digits.dropFirst(2), radix: 16) : UInt64(digits)
        guard let value else { throw CHeaderError(text: expression) }
        return value
    }

    struct CHeaderError: Error { var text: String }
}

@Suite struct HarnessHeaderTests {
    static let header: CHeaderConstants? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        guard let text = try? String(contentsOf: root.appendingPathComponent("harness/swasm-aot.h"), encoding: .utf8)
        else { return nil }
        return try? CHeaderConstants(text)
    }()

    func expectConstant(_ name: String, _ expected: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let h = try #require(Self.header)
        let value = h.values[name]
        #expect(value == UInt64(expected), "\(name) in harness/swasm-aot.h", sourceLocation: sourceLocation)
    }

    @Test func artifactFormat() throws {
        let h = try #require(Self.header)
        #expect(h.strings["AOT_MAGIC"].map { Array($0.utf8) } == ArtifactFormat.magic)
        try expectConstant("AOT_VERSION", Int(ArtifactFormat.version))
        try expectConstant("AOT_HEADER_SIZE", ArtifactFormat.headerSize)
        try expectConstant("AOT_ARCH_X86_64", Int(Architecture.x86_64.rawValue))
        try expectConstant("AOT_ARCH_AARCH64", Int(Architecture.aarch64.rawValue))
        try expectConstant("AOT_FLAG_EXPLICIT_BOUNDS", Int(ArtifactFlags.explicitBoundsChecks.rawValue))
        try expectConstant("AOT_FLAG_METERED", Int(ArtifactFlags.metered.rawValue))
        try expectConstant("AOT_FLAG_CANONICAL_NANS", Int(ArtifactFlags.canonicalNaNs.rawValue))
        try expectConstant("AOT_FLAG_INTERRUPTIBLE", Int(ArtifactFlags.interruptible.rawValue))
        try expectConstant("AOT_FLAG_X86_SSE41", Int(ArtifactFlags.x86SSE41.rawValue))
        try expectConstant("AOT_FLAG_X86_SSE42", Int(ArtifactFlags.x86SSE42.rawValue))
        try expectConstant("AOT_FLAG_X86_AVX", Int(ArtifactFlags.x86AVX.rawValue))
        try expectConstant("AOT_FLAG_X86_POPCNT", Int(ArtifactFlags.x86POPCNT.rawValue))
        try expectConstant("AOT_FLAG_X86_LZCNT", Int(ArtifactFlags.x86LZCNT.rawValue))
        try expectConstant("AOT_FLAG_X86_BMI1", Int(ArtifactFlags.x86BMI1.rawValue))
        try expectConstant("AOT_FLAGS_KNOWN", Int(ArtifactFlags.known.rawValue))
        for section in ArtifactSectionID.allCases {
            try expectConstant("SEC_\(section)", Int(section.rawValue))
        }
        try expectConstant("SEC_MAX", Int(ArtifactSectionID.allCases.map(\.rawValue).max()!))
    }

    @Test func vmContextLayout() throws {
        let fields: [(String, Int)] = [
            ("VM_MEMORY_BASE", VMContextLayout.memoryBase), ("VM_MEMORY_BYTES", VMContextLayout.memoryByteCount),
            ("VM_STACK_LIMIT", VMContextLayout.stackLimit), ("VM_GAS", VMContextLayout.gasRemaining),
            ("VM_TRAP_CODE", VMContextLayout.trapCode), ("VM_INTERRUPT", VMContextLayout.interruptFlag),
            ("VM_TRAP_PC", VMContextLayout.trapPC),
            ("VM_TRAP_ADDRESS", VMContextLayout.trapAddress), ("VM_ENTRY_SP", VMContextLayout.entrySP),
            ("VM_GLOBALS", VMContextLayout.globalsBase), ("VM_TABLES", VMContextLayout.tablesBase),
            ("VM_FUNCTIONS", VMContextLayout.functionsBase), ("VM_TYPE_IDS", VMContextLayout.typeIDsBase),
            ("VM_HELPERS", VMContextLayout.helpersBase), ("VM_INSTANCE", VMContextLayout.instancePointer),
            ("VM_PREVIOUS_ENTRY_SP", VMContextLayout.previousEntrySP),
            ("VM_BACKTRACE", VMContextLayout.backtraceBuffer),
            ("VM_INTERRUPT_THREAD", VMContextLayout.interruptThread),
            ("VM_INTERRUPT_SAVED_GAS", VMContextLayout.interruptSavedGas),
            ("VM_INTERRUPT_GAS_ZEROED", VMContextLayout.interruptGasZeroed),
            ("VM_SIZE", VMContextLayout.size), ("VM_ALIGN", VMContextLayout.alignment),
            ("BACKTRACE_CAPACITY", VMContextLayout.backtraceCapacity)
        ]
        for (name, value) in fields { try expectConstant(name, value) }
    }

    @Test func referenceAndTableLayouts() throws {
        let h = try #require(Self.header)
        let funcref = try #require(h.structs["funcref_t"])
        #expect(funcref.fields["code"] == FuncRefLayout.code && funcref.fields["vmctx"] == FuncRefLayout.vmctx)
        #expect(
            funcref.fields["type_id"] == FuncRefLayout.typeID && funcref.fields["host_index"] == FuncRefLayout.hostIndex
        )
        #expect(funcref.size == FuncRefLayout.size)
        let table = try #require(h.structs["table_desc_t"])
        #expect(table.fields["elements"] == TableLayout.elements && table.fields["count"] == TableLayout.count)
    }

    @Test func trapCodesAndHelpers() throws {
        let trapNames: [TrapCode: String] = [
            .unreachable: "TRAP_UNREACHABLE", .memoryOutOfBounds: "TRAP_MEMORY_OOB",
            .tableOutOfBounds: "TRAP_TABLE_OOB",
            .uninitializedElement: "TRAP_UNINITIALIZED_ELEMENT", .undefinedElement: "TRAP_UNDEFINED_ELEMENT",
            .indirectCallTypeMismatch: "TRAP_INDIRECT_CALL_TYPE", .integerOverflow: "TRAP_INTEGER_OVERFLOW",
            .integerDivideByZero: "TRAP_DIVIDE_BY_ZERO", .invalidConversion: "TRAP_INVALID_CONVERSION",
            .stackExhausted: "TRAP_STACK_EXHAUSTED", .outOfGas: "TRAP_OUT_OF_GAS", .hostError: "TRAP_HOST_ERROR",
            .interrupted: "TRAP_INTERRUPTED"
        ]
        for code in TrapCode.allCases {
            let name = try #require(trapNames[code], "no C name for \(code)")
            try expectConstant(name, Int(code.rawValue))
        }
        try expectConstant("TRAP_CODE_COUNT", TrapCode.allCases.count + 1)
        for helper in RuntimeHelper.allCases {
            // hostCall -> H_HOST_CALL
            let snake = String(describing: helper).reduce(into: "") { s, c in
                if c.isUppercase { s += "_" }
                s += c.uppercased()
            }
            try expectConstant("H_\(snake)", helper.rawValue)
        }
        try expectConstant("H_COUNT", RuntimeHelper.allCases.count)
    }

    @Test func memoryAndTableLimits() throws {
        try expectConstant("WASM_PAGE", LinearMemory.pageSize)
        try expectConstant("MAX_PAGES_32", LinearMemory.maxPages32)
        try expectConstant("GUARDED_RESERVATION", LinearMemory.guardedReservationBytes)
        try expectConstant("TABLE_LIMIT", InstanceConfiguration().maxTableElements)
    }

    /// The checker itself: a header that drifted is caught.
    @Test func aDriftedHeaderIsCaught() throws {
        let h = try CHeaderConstants(
            """
            enum vmctx_offset { VM_MEMORY_BASE = 0, VM_MEMORY_BYTES = 16, VM_X };
            #define TABLE_LIMIT 10000000u
            #define GUARDED_RESERVATION ((8ull << 30) + 65536ull)
            typedef struct funcref { void *code; void *vmctx; uint32_t type_id; uint32_t host_index; } funcref_t;
            """)
        #expect(
            h.values["VM_MEMORY_BYTES"] == 16 && h.values["VM_MEMORY_BYTES"] != UInt64(VMContextLayout.memoryByteCount))
        #expect(
            h.values["VM_X"] == 17 && h.values["GUARDED_RESERVATION"] == UInt64(LinearMemory.guardedReservationBytes))
        #expect(h.structs["funcref_t"]?.fields["host_index"] == 20 && h.structs["funcref_t"]?.size == 24)
    }
}

import Testing

@testable import WasmDecoder

@Suite struct ValidationTests {
    func expectError(
        _ bytes: [UInt8], _ kind: WasmError.Kind, _ message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try validateModule(bytes)
            Issue.record("accepted; expected \(message)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == kind, sourceLocation: sourceLocation)
            #expect(error.message.hasPrefix(message), "got \(error.message)", sourceLocation: sourceLocation)
        }
    }

    let i32: UInt8 = 0x7F, i64: UInt8 = 0x7E, f32: UInt8 = 0x7D

    @Test func validFunctions() throws {
        // (i32, i32) -> i32: local.get 0 local.get 1 i32.add
        _ = try validateModule(
            module(params: [i32, i32], results: [i32], bodies: [[0x00, 0x20, 0, 0x20, 1, 0x6A, 0x0B]]))
        // block with result, br_if, unreachable polymorphism
        _ = try validateModule(
            module(results: [i32], bodies: [[0x00, 0x02, 0x7F, 0x41, 1, 0x41, 0, 0x0D, 0, 0x0B, 0x0B]]))
        _ = try validateModule(module(results: [i32], bodies: [[0x00, 0x00, 0x6A, 0x0B]]))
        // declared locals: 2 x i64
        _ = try validateModule(module(results: [i64], bodies: [[0x01, 0x02, i64, 0x20, 1, 0x0B]]))
    }

    /// The validator's stacks and local-type table start at 256 entries and grow; a second body reuses them.
    @Test func stacksGrowAndAreReused() throws {
        // 300 nested blocks, each leaving an i32 for the next: `(block (result i32) … (local.get 299) …)`.
        var deep: [UInt8] = [0x01, 0xAC, 0x02, i32] // 300 i32 locals
        for _ in 0..<300 { deep += [0x02, 0x7F] }
        deep += [0x20, 0xAB, 0x02] // local.get 299
        for _ in 0..<300 { deep += [0x0B] }
        deep += [0x1A, 0x0B] // drop, end
        // 400 operands on the stack, then dropped.
        var wide: [UInt8] = [0x00]
        for _ in 0..<400 { wide += [0x41, 0x01] }
        for _ in 0..<400 { wide += [0x1A] }
        wide += [0x0B]
        _ = try validateModule(module(bodies: [deep, wide, deep]))
        // Local 300 does not exist: the flat table holds exactly the function's locals.
        var unknown = deep
        unknown[unknown.count - 304] = 0xAC // local.get 299 → local.get 300
        expectError(module(bodies: [unknown]), .invalid, "unknown local 300")
        // A result of the wrong type deep inside.
        var mismatch = deep
        mismatch[3] = i64
        expectError(module(bodies: [deep, mismatch]), .invalid, "type mismatch")
    }

    @Test func typeMismatches() {
        expectError(module(results: [i32], bodies: [[0x00, 0x42, 0, 0x0B]]), .invalid, "type mismatch")
        expectError(module(bodies: [[0x00, 0x41, 0, 0x0B]]), .invalid, "type mismatch")
        expectError(module(bodies: [[0x00, 0x6A, 0x0B]]), .invalid, "type mismatch")
        // if without else must not produce a result
        expectError(
            module(results: [i32], bodies: [[0x00, 0x41, 1, 0x04, 0x7F, 0x41, 1, 0x0B, 0x0B]]), .invalid,
            "type mismatch")
        // select of different types
        expectError(
            module(results: [i32], bodies: [[0x00, 0x41, 1, 0x43, 0, 0, 0, 0, 0x41, 0, 0x1B, 0x0B]]), .invalid,
            "type mismatch")
    }

    @Test func unknownIndices() {
        expectError(module(bodies: [[0x00, 0x20, 0, 0x1A, 0x0B]]), .invalid, "unknown local")
        expectError(module(bodies: [[0x00, 0x23, 0, 0x1A, 0x0B]]), .invalid, "unknown global")
        expectError(module(bodies: [[0x00, 0x10, 5, 0x0B]]), .invalid, "unknown function")
        expectError(module(bodies: [[0x00, 0x0C, 1, 0x0B]]), .invalid, "unknown label")
        expectError(module(bodies: [[0x00, 0x41, 0, 0x28, 2, 0, 0x1A, 0x0B]]), .invalid, "unknown memory")
    }

    @Test func memoryRules() throws {
        _ = try validateModule(module(bodies: [[0x00, 0x41, 0, 0x28, 2, 0, 0x1A, 0x0B]], memory: true))
        expectError(
            module(bodies: [[0x00, 0x41, 0, 0x28, 3, 0, 0x1A, 0x0B]], memory: true), .invalid,
            "alignment must not be larger than natural")
        // memory.size needs a zero byte
        expectError(module(bodies: [[0x00, 0x3F, 1, 0x1A, 0x0B]], memory: true), .malformed, "zero byte expected")
        // memory.init without a data count section: malformed if the segment exists, else an unknown segment
        let initBody: [UInt8] = [0x00, 0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 8, 0, 0, 0x0B]
        let oneSegment = section(11, vec([[0x01] + vec([[0x2A]])]))
        expectError(module(bodies: [initBody], memory: true) + oneSegment, .malformed, "data count section required")
        expectError(module(bodies: [initBody], memory: true), .invalid, "unknown data segment")
    }

    @Test func malformedStructure() {
        expectError([0x00, 0x61, 0x73], .malformed, "unexpected end")
        expectError([0x00, 0x61, 0x73, 0x6E, 1, 0, 0, 0], .malformed, "magic header not detected")
        expectError([0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0], .malformed, "unknown binary version")
        expectError(header + [0x0D, 0x00], .malformed, "malformed section id")
        // function section without code section
        expectError(
            header + section(1, vec([[0x60, 0, 0]])) + section(3, vec([[0]])), .malformed,
            "function and code section have inconsistent lengths")
        // sections out of order
        expectError(
            header + section(3, vec([])) + section(1, vec([])), .malformed, "unexpected content after last section")
        // illegal opcode
        expectError(module(bodies: [[0x00, 0xFF, 0x0B]]), .malformed, "illegal opcode")
        // body with bytes after end
        expectError(module(bodies: [[0x00, 0x0B, 0x01]]), .malformed, "section size mismatch")
        // too many locals
        expectError(
            module(bodies: [[0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, i32, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, i32, 0x0B]]),
            .malformed, "too many locals")
    }

    @Test func exportNamesAreComparedAsBytes() throws {
        // "Å" as U+00C5 and as A + U+030A are different byte strings, hence distinct names.
        let e1 = name("\u{00C5}") + [0x00, 0x00]
        let e2 = name("A\u{030A}") + [0x00, 0x00]
        let m = try validateModule(module(bodies: [[0x00, 0x0B]], exports: [e1, e2]))
        #expect(m.exports.count == 2)
        expectError(module(bodies: [[0x00, 0x0B]], exports: [e1, e1]), .invalid, "duplicate export name")
    }

    /// Tens of thousands of exports (past the name table's first size, so it grows while they are read): every
    /// distinct name is kept in order, and a repeat of any earlier one, wherever it comes, is rejected at its kind
    /// byte. Names differing in one byte only, the empty name and prefixes of others are distinct.
    @Test func manyExportNames() throws {
        var names = (0..<70_000).map { "f\($0)" }
        names += ["", "f1x", "f", "f12\u{0}", "\u{0}", "12345678", "123456789", "1234567", "1234567812345678"]
        let exports = names.map { name($0) + [0x00, 0x00] }
        let m = try validateModule(module(bodies: [[0x00, 0x0B]], exports: exports))
        #expect(m.exports.count == names.count)
        #expect(m.exports.map { String(decoding: $0.name, as: UTF8.self) } == names)
        for repeated in ["f0", "f69999", "", "f1x", "f12\u{0}", "12345678", "1234567812345678"] {
            let bytes = module(bodies: [[0x00, 0x0B]], exports: exports + [name(repeated) + [0x00, 0x00]])
            do {
                _ = try validateModule(bytes)
                Issue.record("accepted a repeated export name '\(repeated)'")
            } catch {
                #expect(error.kind == .invalid && error.message == "duplicate export name")
                // The repeated name is the last export: its kind byte is two bytes before the code section's end
                // of exports (kind, index), i.e. just after the name.
                let sectionEnd = bytes.count - section(10, vec([[0x02, 0x00, 0x0B]])).count
                #expect(error.offset == sectionEnd - 2, "'\(repeated)'")
            }
        }
    }

    @Test func refFuncNeedsDeclaration() throws {
        expectError(module(bodies: [[0x00, 0xD2, 0, 0x1A, 0x0B]]), .invalid, "undeclared function reference")
        // exported functions count as declared
        _ = try validateModule(module(bodies: [[0x00, 0xD2, 0, 0x1A, 0x0B]], exports: [name("f") + [0x00, 0x00]]))
    }

    @Test func errorOffsetsPointAtTheOperator() {
        let bytes = module(results: [i32], bodies: [[0x00, 0x42, 0, 0x0B]])
        do {
            _ = try validateModule(bytes)
            Issue.record("accepted")
        } catch {
            // the failing operator is the final `end` (type mismatch on i64 vs i32)
            #expect(error.offset == bytes.count - 1)
        }
    }
}

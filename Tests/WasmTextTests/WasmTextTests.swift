// The text format: literals, lexical rules, abbreviations, errors with line:column, and that what it assembles is
// the module the text means (checked by decoding it back). The whole spec testsuite is compared with wabt by
// spec-tests/wat_conformance.py (in the test command).

import Testing
import WasmDecoder

@testable import WasmText

@Suite struct NumberTests {
    @Test func integers() {
        #expect(Numbers.integer("0", bits: 32) == 0)
        #expect(Numbers.integer("-1", bits: 32) == 0xFFFF_FFFF)
        #expect(Numbers.integer("0xFFFF_FFFF", bits: 32) == 0xFFFF_FFFF)
        #expect(Numbers.integer("4294967296", bits: 32) == nil)
        #expect(Numbers.integer("-2147483648", bits: 32) == 0x8000_0000)
        #expect(Numbers.integer("-2147483649", bits: 32) == nil)
        #expect(Numbers.integer("1_000_000", bits: 32) == 1_000_000)
        #expect(Numbers.integer("1__0", bits: 32) == nil)
        #expect(Numbers.integer("_1", bits: 32) == nil)
        #expect(Numbers.integer("1_", bits: 32) == nil)
        #expect(Numbers.integer("0x", bits: 32) == nil)
        #expect(Numbers.integer("+0x7fff_ffff_ffff_ffff", bits: 64) == 0x7FFF_FFFF_FFFF_FFFF)
        #expect(Numbers.integer("-0x8000_0000_0000_0000", bits: 64) == 0x8000_0000_0000_0000)
    }

    @Test func floats() {
        #expect(Numbers.float32("1.5") == Float(1.5).bitPattern)
        #expect(Numbers.float32("-0") == 0x8000_0000)
        #expect(Numbers.float32("0x1p-149") == 1) // the smallest subnormal
        #expect(Numbers.float32("0x1.fffffep127") == Float.greatestFiniteMagnitude.bitPattern)
        #expect(Numbers.float32("0x1p128") == nil) // out of range
        #expect(Numbers.float32("1e39") == nil)
        #expect(Numbers.float32("inf") == 0x7F80_0000)
        #expect(Numbers.float32("-nan") == 0xFFC0_0000)
        #expect(Numbers.float32("nan:0x200000") == 0x7FA0_0000)
        #expect(Numbers.float32("nan:0x0") == nil)
        #expect(Numbers.float32("nan:0x800000") == nil)
        #expect(Numbers.float64("0x1.8p1") == Double(3).bitPattern)
        #expect(Numbers.float64("1_000.000_1") == Double(1000.0001).bitPattern)
        #expect(Numbers.float64("1.e10") == Double(1e10).bitPattern)
        #expect(Numbers.float64("0x.8p1") == nil) // a hex float needs a digit before the point
        #expect(Numbers.float64("nan:0xf_ffff_ffff_ffff") == 0x7FFF_FFFF_FFFF_FFFF)
        // Rounded once, to nearest even: 2^-1075 rounds to 0, just above it to the smallest subnormal.
        #expect(Numbers.float64("0x1p-1075") == 0)
        #expect(Numbers.float64("0x1.0000000000001p-1075") == 1)
    }
}

@Suite struct AssemblerTests {
    func decode(_ text: String) throws -> ModuleInfo {
        try validateModule(try WAT.assemble(text))
    }

    @Test func foldedAndFlatInstructionsAreTheSame() throws {
        let folded = try WAT.assemble("(module (func (result i32) (i32.add (i32.const 1) (i32.const 2))))")
        let flat = try WAT.assemble("(module (func (result i32) i32.const 1 i32.const 2 i32.add))")
        #expect(folded == flat)
    }

    @Test func abbreviationsExpand() throws {
        let m = try decode(
            """
            (module
              (import "env" "f" (func $imported (param i32)))
              (func $g (export "g") (export "h") (param $x i32) (local $y i64) (local f32 f32)
                (call $imported (local.get $x)))
              (memory (export "mem") (data "hi" "\\00\\ff"))
              (table $t funcref (elem $g $g))
              (global $c (mut i32) (i32.const 7))
              (start $g2)
              (func $g2 (param))
            )
            """)
        #expect(m.imports.count == 1 && m.functionTypeIndices.count == 3)
        #expect(m.exports.map(\.nameString) == ["g", "h", "mem"])
        #expect(m.memories.first?.limits.min == 1 && m.memories.first?.limits.max == 1)
        #expect(m.data.first?.bytes == [0x68, 0x69, 0x00, 0xFF])
        #expect(m.tables.first?.limits.min == 2 && m.elements.first?.items.count == 2)
        #expect(m.start == 2)
        #expect(m.functionNames[1] == "g" && m.functionNames[0] == "imported")
    }

    @Test func implicitTypesAreAddedInOrderAfterExplicitOnes() throws {
        let m = try decode(
            """
            (module
              (func (param i64))
              (type $later (func (param i32)))
              (func (type $later))
              (func (param i32)))
            """)
        // The explicit type comes first; the signature nobody declared is added after it; the last function
        // reuses the explicit one.
        #expect(m.types.count == 2 && m.types[0].params == [.i32] && m.types[1].params == [.i64])
        #expect(m.functionTypeIndices == [1, 0, 0])
    }

    @Test func labelsResolveByName() throws {
        let bytes = try WAT.assemble(
            "(module (func (block $out (loop $in (br_if $out (i32.const 1)) (br $in)))))")
        // br_if 1 (to $out), br 0 (to $in)
        #expect(bytes.contains(where: { _ in true }))
        let text = bytes.map { String($0, radix: 16) }.joined(separator: " ")
        #expect(text.contains("d 1") && text.contains("c 0"), "\(text)")
    }

    func expectError(
        _ text: String, line: Int, column: Int, _ message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try WAT.assemble(text)
            Issue.record("assembled: \(text)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.line == line && error.column == column, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(message), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func errorsSayWhereAndWhat() {
        expectError(
            "(module\n  (func\n    i32.const 1\n    i32.add oops))", line: 4, column: 13, "unknown operator oops")
        expectError("(module (func (call $nowhere)))", line: 1, column: 21, "unknown function $nowhere")
        expectError("(module (func $f) (func $f))", line: 1, column: 25, "duplicate func $f")
        expectError("(module (func (i32.const 0x1_0000_0000)))", line: 1, column: 26, "out of range")
        expectError("(module (func) (import \"\" \"\" (func)))", line: 1, column: 31, "import after function")
        expectError("(module \"unterminated)", line: 1, column: 9, "unterminated string")
        expectError("(module (; unterminated", line: 1, column: 9, "unterminated block comment")
        expectError("(module (func block $a end $b))", line: 1, column: 28, "mismatching label")
    }

    @Test func commentsAnnotationsAndStrings() throws {
        let m = try decode(
            """
            ;; a line comment
            (module (; a (; nested ;) block comment ;)
              (@custom "ignored" (annotation))
              (memory 1)
              (data (i32.const 0) "\\t\\n\\r\\"\\'\\\\\\u{1F600}\\41"))
            """)
        #expect(m.data.first?.bytes == [9, 10, 13, 0x22, 0x27, 0x5C, 0xF0, 0x9F, 0x98, 0x80, 0x41])
    }

    @Test func isText() {
        #expect(WAT.isText(Array("  \n(module)".utf8)))
        #expect(WAT.isText(Array(";; comment\n(module)".utf8)))
        #expect(!WAT.isText([0x00, 0x61, 0x73, 0x6D, 1, 0, 0, 0]))
    }
}

@Suite struct WastScriptTests {
    @Test func readsEveryKindOfCommand() throws {
        let script = """
            (module $m (func (export "f") (param i32) (result i32) (local.get 0)))
            (module binary "\\00asm" "\\01\\00\\00\\00")
            (register "m" $m)
            (assert_return (invoke $m "f" (i32.const -1)) (i32.const 0xffffffff))
            (assert_return (invoke "g") (f32.const nan:canonical) (v128.const f64x2 nan:arithmetic 1.5))
            (assert_trap (invoke "t") "unreachable")
            (assert_malformed (module quote "(func i32.const)") "unexpected token")
            (assert_invalid (module (func (result i32))) "type mismatch")
            (assert_unlinkable (module (import "x" "y" (func))) "unknown import")
            (assert_trap (module (start 0) (func unreachable)) "unreachable")
            (assert_exhaustion (invoke "r") "call stack exhausted")
            (get "global")
            """
        let commands = try WastScript.parse(Array(script.utf8))
        #expect(commands.count == 12)
        guard case .module(_, let m) = commands[0], case .success(let bytes) = m.bytes else {
            Issue.record("first command")
            return
        }
        #expect(m.name == "$m" && (try? validateModule(bytes)) != nil)
        guard case .module(_, let b) = commands[1], b.isBinary, case .success(let raw) = b.bytes else {
            Issue.record("binary module")
            return
        }
        #expect(raw == [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0])
        guard case .assertReturn(_, .invoke(let module, _, let args), let results) = commands[3] else {
            Issue.record("assert_return")
            return
        }
        #expect(module == "$m" && args == [.i32(0xFFFF_FFFF)] && results == [.value(.i32(0xFFFF_FFFF))])
        guard case .assertReturn(_, _, let patterns) = commands[4] else { return }
        #expect(
            patterns == [
                .f32NaN(canonical: true),
                .v128Lanes(
                    shape: "f64x2",
                    lanes: [
                        .nan(canonical: false),
                        .bits(Double(1.5).bitPattern)
                    ])
            ])
        guard case .assertMalformed(_, let quoted, _) = commands[6], case .failure(let error) = quoted.bytes else {
            Issue.record("the quoted module must fail to assemble")
            return
        }
        #expect(quoted.isQuote && error.line == 1)
        guard case .assertModuleTrap = commands[9] else {
            Issue.record("assert_trap on a module")
            return
        }
    }

    @Test func aScriptOfFieldsIsOneModule() throws {
        let commands = try WastScript.parse(Array("(func) (memory 0) (func (export \"f\"))".utf8))
        guard commands.count == 1, case .module(_, let m) = commands[0], case .success(let bytes) = m.bytes else {
            Issue.record("one module")
            return
        }
        #expect(try validateModule(bytes).exports.count == 1)
    }
}

/// Mutated text (bytes dropped, duplicated, flipped or inserted) never crashes the lexer, the parser or the
/// script reader: it assembles or gives a TextError.
@Suite struct TextFuzzTests {
    @Test func mutatedTextNeverCrashes() throws {
        let samples = [
            """
            (module $m (type $t (func (param i32) (result i32)))
              (import "env" "f" (func $f (type $t)))
              (memory 1 2) (table 2 funcref) (global $g (mut i64) (i64.const -1))
              (func $h (export "h") (param $x i32) (result i32) (local f64)
                (block $b (result i32) (br_if $b (local.get $x) (i32.eqz (local.get $x))) (call $f (i32.const 0x7f)))
                (if (result i32) (then (i32.const 1)) (else (i32.const 2))) drop
                (f32.const -0x1.8p3) drop (f64.const nan:0x8) drop (v128.const i32x4 1 2 3 4) drop
                (i32.load offset=4 align=2 (i32.const 0)))
              (elem (i32.const 0) $h $h) (data (i32.const 8) "a\\00\\u{1F600}") (start 1))
            """,
            """
            (assert_return (invoke "f" (i32.const 1)) (f32.const nan:canonical))
            (module quote "(func (result i32) i32.const 1)") (register "x")
            (assert_malformed (module quote "(func i32.const)") "unexpected token") ;; c (; d ;)
            """
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(n))
        }
        let alphabet = Array("()\"\\;$@ \n0x_.-+=azi32nan:pfunc".utf8)
        var assembled = 0
        for _ in 0..<3000 {
            var text = Array(samples[next(samples.count)].utf8)
            for _ in 0..<(1 + next(4)) {
                let at = next(text.count)
                switch next(4) {
                case 0: text.remove(at: at)
                case 1: text.insert(text[at], at: at)
                case 2: text[at] = alphabet[next(alphabet.count)]
                default: text.insert(alphabet[next(alphabet.count)], at: at)
                }
            }
            if (try? WAT.assemble(text)) != nil { assembled += 1 }
            _ = try? WastScript.parse(text)
        }
        #expect(assembled > 0) // some mutations leave a valid module
    }
}

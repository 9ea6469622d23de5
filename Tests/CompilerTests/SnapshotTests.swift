import Foundation
import SwasmABI
import SwasmCompiler
import SwasmRuntime
import Testing
import WasmDecoder

// Golden disassembly of small functions, one per operator family. A change in generated code shows up as a diff
// against Snapshots/<name>.txt. Re-bless with `SWASM_BLESS=1 swift test --filter Snapshot` after checking the diff.

struct SnapshotCase: CustomStringConvertible, Sendable {
    var name: String
    var wat: String
    /// Index of the function to disassemble among the module's defined functions.
    var function: Int = 0
    var description: String { name }
}

let snapshotCases: [SnapshotCase] = [
    SnapshotCase(
        name: "i32_add_local_const",
        wat: """
            (module (func (param i32) (result i32) (i32.add (local.get 0) (i32.const 5))))
            """),
    SnapshotCase(
        name: "i64_add_locals",
        wat: """
            (module (func (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1))))
            """),
    SnapshotCase(
        name: "loop_compare_br_if",
        wat: """
            (module (func (param i32) (result i32) (local $i i32)
              (loop $l
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br_if $l (i32.lt_s (local.get $i) (local.get 0))))
              (local.get $i)))
            """),
    SnapshotCase(
        name: "call_direct",
        wat: """
            (module
              (func $callee (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
              (func (param i32) (result i32) (call $callee (local.get 0) (i32.const 7))))
            """, function: 1),
    SnapshotCase(
        name: "call_indirect",
        wat: """
            (module (type $t (func (param i32) (result i32))) (table 2 funcref)
              (func (param i32 i32) (result i32) (call_indirect (type $t) (local.get 1) (local.get 0))))
            """),
    SnapshotCase(
        name: "call_host",
        wat: """
            (module (import "env" "h" (func $h (param i64) (result i64)))
              (func (param i64) (result i64) (call $h (local.get 0))))
            """),
    SnapshotCase(
        name: "load_store",
        wat: """
            (module (memory 1)
              (func (param i32 i32) (i32.store offset=8 (local.get 0) (i32.load16_s offset=4 (local.get 1)))))
            """),
    SnapshotCase(
        name: "f64_min",
        wat: """
            (module (func (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1))))
            """),
    SnapshotCase(
        name: "f32_nearest_copysign",
        wat: """
            (module (func (param f32 f32) (result f32) (f32.copysign (f32.nearest (local.get 0)) (local.get 1))))
            """),
    SnapshotCase(
        name: "trunc_f64_s",
        wat: """
            (module (func (param f64) (result i32) (i32.trunc_f64_s (local.get 0))))
            """),
    SnapshotCase(
        name: "convert_i64_u_f32",
        wat: """
            (module (func (param i64) (result f32) (f32.convert_i64_u (local.get 0))))
            """),
    SnapshotCase(
        name: "br_table",
        wat: """
            (module (func (param i32) (result i32)
              (block $a (result i32) (block $b (result i32) (block $c (result i32)
                (br_table $a $b $c $b (i32.const 10) (local.get 0)))
                (i32.add (i32.const 1))) (i32.add (i32.const 2)))))
            """),
    SnapshotCase(
        name: "select_i32",
        wat: """
            (module (func (param i32 i32 i32) (result i32) (select (local.get 0) (local.get 1) (local.get 2))))
            """),
    SnapshotCase(
        name: "select_f64",
        wat: """
            (module (func (param f64 f64 i32) (result f64) (select (result f64) (local.get 0) (local.get 1) (local.get 2))))
            """),
    SnapshotCase(
        name: "memory_grow",
        wat: """
            (module (memory 1) (func (param i32) (result i32) (memory.grow (local.get 0))))
            """),
    SnapshotCase(
        name: "i32_div_rem",
        wat: """
            (module (func (param i32 i32) (result i32) (i32.add (i32.div_s (local.get 0) (local.get 1)) (i32.rem_u (local.get 0) (local.get 1)))))
            """),
    SnapshotCase(
        name: "i32_shl_variable",
        wat: """
            (module (func (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1))))
            """),
    SnapshotCase(
        name: "global_get_set",
        wat: """
            (module (global $g (mut i64) (i64.const 0))
              (func (param i64) (result i64) (global.set $g (i64.add (global.get $g) (local.get 0))) (global.get $g)))
            """),
    SnapshotCase(
        name: "if_else_multi_value",
        wat: """
            (module (func (param i32) (result i32 i64)
              (if (result i32 i64) (local.get 0) (then (i32.const 1) (i64.const 2)) (else (i32.const 3) (i64.const 4)))))
            """)
]

enum Disassembler {
    /// GNU objdump: llvm-objdump has no `-b binary` input.
    static func objdump() throws -> String {
        for p in ["/usr/bin/objdump", "/usr/local/bin/objdump", "/usr/bin/x86_64-linux-gnu-objdump"]
        where FileManager.default.isExecutableFile(atPath: p) { return p }
        throw HarnessError("objdump (GNU binutils) not found: install binutils to run the disassembly snapshot tests")
    }

    /// Disassembly of raw x86-64 bytes, normalized: one instruction per line, no addresses, no raw bytes.
    static func disassemble(_ bytes: [UInt8]) throws -> String {
        let tool = try objdump()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("swasm-snap-\(UUID().uuidString).bin")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try run(
            tool, ["-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel", "--no-show-raw-insn", file.path])
        guard r.status == 0 else { throw HarnessError("objdump failed: \(r.stderr)") }
        var lines: [String] = []
        for line in r.stdout.split(separator: "\n", omittingEmptySubsequences: true) {
            // "   1f:\tmov    rax,QWORD PTR [rbp-0x20]"
            guard let colon = line.firstIndex(of: ":"),
                line[..<colon].trimmingCharacters(in: .whitespaces).allSatisfy(\.isHexDigit),
                !line[..<colon].trimmingCharacters(in: .whitespaces).isEmpty
            else { continue }
            let insn = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(
                separator: " ")
            if !insn.isEmpty { lines.append(insn) }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

@Suite("Disassembly snapshots")
struct SnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots")
    static var blessing: Bool { ProcessInfo.processInfo.environment["SWASM_BLESS"] == "1" }

    @Test("generated code matches the golden disassembly", arguments: snapshotCases)
    func snapshot(_ c: SnapshotCase) throws {
        try Self.check(c, code: try compileWat(c.wat).code, name: c.name)
    }

    /// Disassemble function `c.function` of `code` and compare it with Snapshots/<name>.txt.
    static func check(
        _ c: SnapshotCase, code: CompiledCode, name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let offsets = code.functionOffsets
        try #require(c.function < offsets.count)
        let start = offsets[c.function]
        let end = c.function + 1 < offsets.count ? offsets[c.function + 1] : code.code.count
        let text = try Disassembler.disassemble(Array(code.code[start..<end]))
        try compareSnapshot(
            text, file: directory.appendingPathComponent("\(name).txt"), name: name, sourceLocation: sourceLocation)
    }

    @Test("the code still runs: snapshot functions execute")
    func snapshotFunctionsExecute() throws {
        // A sanity check that the snapshotted code is the real, working code (not just a disassembly).
        let inst = try instantiate(
            snapshotCases[0].wat.replacingOccurrences(of: "(func (param", with: "(func (export \"f\") (param"))
        #expect(try inst.invoke("f", .i32(37)) == [.i32(42)])
        let loop = try instantiate(
            snapshotCases[2].wat.replacingOccurrences(of: "(func (param", with: "(func (export \"f\") (param"))
        #expect(try loop.invoke("f", .i32(10)) == [.i32(10)])
    }
}

/// Compare `text` with the golden file (or rewrite it when `SWASM_BLESS=1`), recording a readable line diff.
func compareSnapshot(_ text: String, file: URL, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws
{
    if SnapshotTests.blessing {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let golden = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record(
            "missing snapshot \(file.path): run with SWASM_BLESS=1 to create it", sourceLocation: sourceLocation)
        return
    }
    guard golden != text else { return }
    let g = golden.split(separator: "\n", omittingEmptySubsequences: false)
    let t = text.split(separator: "\n", omittingEmptySubsequences: false)
    var diff: [String] = []
    for i in 0..<max(g.count, t.count) {
        let a = i < g.count ? String(g[i]) : "<none>"
        let b = i < t.count ? String(t[i]) : "<none>"
        if a != b { diff.append("line \(i + 1):\n  - \(a)\n  + \(b)") }
        if diff.count >= 12 { break }
    }
    Issue.record(
        """
        disassembly of \(name) differs from \(file.lastPathComponent) (SWASM_BLESS=1 to accept):
        \(diff.joined(separator: "\n"))
        """, sourceLocation: sourceLocation)
}

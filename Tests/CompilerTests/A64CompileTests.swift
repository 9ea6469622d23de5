import Foundation
import SwasmABI
import SwasmRuntime
import Testing
import WasmDecoder

@testable import SwasmCompiler

// The AArch64 backend, checked on any host: every module compiles, every emitted word disassembles to a real A64
// instruction (except the jump-table words, skipped by their recorded ranges), output is deterministic, and a few
// small functions match golden disassembly (Snapshots/a64_*.txt; re-bless with SWASM_BLESS=1).

enum A64Disassembler {
    static func objdump() throws -> String {
        for p in ["/usr/bin/aarch64-linux-gnu-objdump", "/usr/local/bin/aarch64-linux-gnu-objdump"]
        where FileManager.default.isExecutableFile(atPath: p) { return p }
        throw HarnessError("aarch64-linux-gnu-objdump not found: install binutils-aarch64-linux-gnu")
    }

    /// (offset, instruction text) for every 4-byte word of `bytes`.
    static func disassemble(_ bytes: [UInt8]) throws -> [(offset: Int, text: String)] {
        let tool = try objdump()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("swasm-a64-\(UUID().uuidString).bin")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try run(tool, ["-D", "-b", "binary", "-m", "aarch64", "--no-show-raw-insn", file.path])
        guard r.status == 0 else { throw HarnessError("objdump failed: \(r.stderr)") }
        var out: [(Int, String)] = []
        for line in r.stdout.split(separator: "\n", omittingEmptySubsequences: true) {
            // "  1c:\tstp\tx29, x30, [sp, #-16]!"
            guard let colon = line.firstIndex(of: ":") else { continue }
            let head = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard !head.isEmpty, head.allSatisfy(\.isHexDigit), let off = Int(head, radix: 16) else { continue }
            var insn = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
                .joined(separator: " ")
            if let c = insn.range(of: " //") { insn = String(insn[..<c.lowerBound]) }
            if !insn.isEmpty { out.append((off, insn)) }
        }
        return out
    }

    /// Words that are not real instructions (objdump's spellings for undefined encodings).
    static func isBad(_ text: String) -> Bool {
        text.hasPrefix(".inst") || text.hasPrefix("udf") || text.contains("undefined") || text.contains("(bad)")
    }

    /// Every word outside `data` must be a defined instruction; the words inside must be exactly the data ranges.
    static func checkAllInstructions(
        _ code: [UInt8], data: [Range<Int>], _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(
            code.count % 4 == 0, "\(what): code size \(code.count) is not a multiple of 4",
            sourceLocation: sourceLocation)
        let lines = try disassemble(code)
        #expect(
            lines.count == code.count / 4, "\(what): \(lines.count) lines for \(code.count / 4) words",
            sourceLocation: sourceLocation)
        var bad: [String] = []
        for (off, text) in lines where isBad(text) && !data.contains(where: { $0.contains(off) }) {
            bad.append(String(format: "%06x: %@", off, text))
        }
        #expect(
            bad.isEmpty, "\(what): \(bad.count) undefined words: \(bad.prefix(10).joined(separator: "; "))",
            sourceLocation: sourceLocation)
    }
}

func compileA64(_ bytes: [UInt8], options: CompilerOptions = CompilerOptions()) throws -> (
    module: ModuleInfo, code: CompiledCode, data: [Range<Int>]
) {
    let r = try compileModuleAArch64WithData(bytes, options: options)
    return (r.module, r.code, r.dataRanges)
}

/// Small modules covering every operator family the code generator supports.
let a64FamilyModules: [(name: String, wat: String)] = [
    (
        "i32 arithmetic",
        """
        (module
          (func (param i32 i32) (result i32)
            (i32.add (local.get 0) (local.get 1)) (i32.sub (local.get 0) (i32.const 4095)) (i32.add)
            (i32.mul (local.get 1) (i32.const 7)) (i32.add) (i32.add (i32.const -4096)) (i32.add (i32.const 0x12345))
            (i32.sub (i32.const -2147483648)) (i32.and (i32.const 0xff)) (i32.or (i32.const 0x12345678))
            (i32.xor (i32.const -1)) (i32.and (i32.const 0)) (i32.or (local.get 0)) (i32.xor (local.get 1))
            (i32.and (local.get 0)) (i32.shl (i32.const 33)) (i32.shr_s (i32.const 3)) (i32.shr_u (i32.const 31))
            (i32.rotl (i32.const 5)) (i32.rotr (i32.const 0)) (i32.rotl (i32.const 0)) (i32.shl (local.get 1))
            (i32.shr_s (local.get 1)) (i32.shr_u (local.get 1)) (i32.rotl (local.get 1)) (i32.rotr (local.get 1))
            (i32.clz) (i32.ctz) (i32.popcnt) (i32.eqz)
            (i32.eq (local.get 0)) (i32.ne (local.get 1)) (i32.lt_s (i32.const -1)) (i32.lt_u (i32.const 4096))
            (i32.gt_s (i32.const -4096)) (i32.gt_u (i32.const 0x7fffffff)) (i32.le_s (local.get 0))
            (i32.le_u (local.get 1)) (i32.ge_s (i32.const 0)) (i32.ge_u (i32.const 0x1000000))))
        """
    ),
    (
        "i64 arithmetic",
        """
        (module
          (func (param i64 i64) (result i64)
            (i64.add (local.get 0) (local.get 1)) (i64.sub (local.get 0) (i64.const 0xfff000)) (i64.add)
            (i64.mul (local.get 1) (i64.const 0x123456789abc)) (i64.add) (i64.add (i64.const -1))
            (i64.and (i64.const 0xffff0000ffff0000)) (i64.or (i64.const 0x8000000000000001))
            (i64.xor (i64.const 0x5555555555555555)) (i64.and (i64.const -9223372036854775808))
            (i64.shl (i64.const 65)) (i64.shr_s (i64.const 63)) (i64.shr_u (i64.const 1)) (i64.rotl (i64.const 13))
            (i64.rotr (i64.const 63)) (i64.shl (local.get 1)) (i64.shr_s (local.get 1)) (i64.shr_u (local.get 1))
            (i64.rotl (local.get 1)) (i64.rotr (local.get 1)) (i64.clz) (i64.ctz) (i64.popcnt)
            (i64.eqz) (i64.extend_i32_u)
            (i64.eq (local.get 0)) (i64.extend_i32_u) (i64.lt_s (local.get 1)) (i64.extend_i32_s)
            (i64.ge_u (i64.const -4096)) (i64.extend_i32_u) (i64.gt_s (i64.const 9223372036854775807)) (i64.extend_i32_u)))
        """
    ),
    (
        "division",
        """
        (module
          (func (param i32 i32 i64 i64) (result i32 i32 i32 i32 i64 i64 i64 i64)
            (i32.div_s (local.get 0) (local.get 1)) (i32.div_u (local.get 0) (local.get 1))
            (i32.rem_s (local.get 0) (local.get 1)) (i32.rem_u (local.get 0) (local.get 1))
            (i64.div_s (local.get 2) (local.get 3)) (i64.div_u (local.get 2) (local.get 3))
            (i64.rem_s (local.get 2) (local.get 3)) (i64.rem_u (local.get 2) (local.get 3)))
          (func (param i32) (result i32) (i32.div_s (local.get 0) (i32.const -1))))
        """
    ),
    (
        "f32 arithmetic",
        """
        (module
          (func (param f32 f32) (result f32)
            (f32.add (local.get 0) (local.get 1)) (f32.sub (f32.const 0.1)) (f32.mul (f32.const 1.5))
            (f32.div (f32.const -0)) (f32.min (local.get 1)) (f32.max (f32.const nan)) (f32.copysign (local.get 0))
            (f32.abs) (f32.neg) (f32.ceil) (f32.floor) (f32.trunc) (f32.nearest) (f32.sqrt)
            (f32.add (f32.const 0)) (f32.add (f32.const inf)))
          (func (param f32 f32) (result i32)
            (f32.eq (local.get 0) (local.get 1)) (f32.ne (local.get 0) (local.get 1)) (i32.add)
            (f32.lt (local.get 0) (local.get 1)) (i32.add) (f32.gt (local.get 0) (local.get 1)) (i32.add)
            (f32.le (local.get 0) (local.get 1)) (i32.add) (f32.ge (local.get 0) (local.get 1)) (i32.add)))
        """
    ),
    (
        "f64 arithmetic",
        """
        (module
          (func (param f64 f64) (result f64)
            (f64.add (local.get 0) (local.get 1)) (f64.sub (f64.const 0.1)) (f64.mul (f64.const 2))
            (f64.div (f64.const -0)) (f64.min (local.get 1)) (f64.max (f64.const nan:0x1234)) (f64.copysign (local.get 0))
            (f64.abs) (f64.neg) (f64.ceil) (f64.floor) (f64.trunc) (f64.nearest) (f64.sqrt))
          (func (param f64 f64) (result i32)
            (f64.eq (local.get 0) (local.get 1)) (f64.ne (local.get 0) (local.get 1)) (i32.add)
            (f64.lt (local.get 0) (local.get 1)) (i32.add) (f64.gt (local.get 0) (local.get 1)) (i32.add)
            (f64.le (local.get 0) (local.get 1)) (i32.add) (f64.ge (local.get 0) (local.get 1)) (i32.add)))
        """
    ),
    (
        "conversions",
        """
        (module
          (func (param i32 i64 f32 f64)
            (drop (i32.wrap_i64 (local.get 1))) (drop (i64.extend_i32_s (local.get 0)))
            (drop (i64.extend_i32_u (local.get 0))) (drop (i32.extend8_s (local.get 0)))
            (drop (i32.extend16_s (local.get 0))) (drop (i64.extend8_s (local.get 1)))
            (drop (i64.extend16_s (local.get 1))) (drop (i64.extend32_s (local.get 1)))
            (drop (f32.demote_f64 (local.get 3))) (drop (f64.promote_f32 (local.get 2)))
            (drop (i32.reinterpret_f32 (local.get 2))) (drop (i64.reinterpret_f64 (local.get 3)))
            (drop (f32.reinterpret_i32 (local.get 0))) (drop (f64.reinterpret_i64 (local.get 1)))
            (drop (f32.convert_i32_s (local.get 0))) (drop (f32.convert_i32_u (local.get 0)))
            (drop (f32.convert_i64_s (local.get 1))) (drop (f32.convert_i64_u (local.get 1)))
            (drop (f64.convert_i32_s (local.get 0))) (drop (f64.convert_i32_u (local.get 0)))
            (drop (f64.convert_i64_s (local.get 1))) (drop (f64.convert_i64_u (local.get 1)))
            (drop (i32.trunc_f32_s (local.get 2))) (drop (i32.trunc_f32_u (local.get 2)))
            (drop (i32.trunc_f64_s (local.get 3))) (drop (i32.trunc_f64_u (local.get 3)))
            (drop (i64.trunc_f32_s (local.get 2))) (drop (i64.trunc_f32_u (local.get 2)))
            (drop (i64.trunc_f64_s (local.get 3))) (drop (i64.trunc_f64_u (local.get 3)))
            (drop (i32.trunc_sat_f32_s (local.get 2))) (drop (i32.trunc_sat_f32_u (local.get 2)))
            (drop (i32.trunc_sat_f64_s (local.get 3))) (drop (i32.trunc_sat_f64_u (local.get 3)))
            (drop (i64.trunc_sat_f32_s (local.get 2))) (drop (i64.trunc_sat_f32_u (local.get 2)))
            (drop (i64.trunc_sat_f64_s (local.get 3))) (drop (i64.trunc_sat_f64_u (local.get 3)))))
        """
    ),
    (
        "memory",
        """
        (module (memory 1)
          (func (param i32 i64 f32 f64) (result i64)
            (i32.store (local.get 0) (i32.load (local.get 0)))
            (i64.store offset=8 (local.get 0) (i64.load offset=32760 (local.get 0)))
            (i64.store offset=32768 (local.get 0) (i64.load offset=3 (local.get 0)))
            (f32.store offset=1001 (local.get 0) (f32.load offset=16380 (local.get 0)))
            (f64.store offset=4294967295 (local.get 0) (f64.load offset=255 (local.get 0)))
            (i32.store8 (local.get 0) (i32.load8_s (i32.const 100)))
            (i32.store16 (i32.const 70000) (i32.load8_u offset=7 (local.get 0)))
            (i32.store16 (local.get 0) (i32.load16_s offset=2 (local.get 0)))
            (i32.store (local.get 0) (i32.load16_u offset=4096 (local.get 0)))
            (i64.store8 (local.get 0) (i64.load8_s (local.get 0)))
            (i64.store16 (local.get 0) (i64.load8_u (local.get 0)))
            (i64.store32 (local.get 0) (i64.load16_s (local.get 0)))
            (i64.store (local.get 0) (i64.load16_u (local.get 0)))
            (i64.store (local.get 0) (i64.load32_s (local.get 0)))
            (i64.store (local.get 0) (i64.load32_u offset=65536 (local.get 0)))
            (i32.store (local.get 0) (i32.const 0x12345678))
            (i32.store8 (local.get 0) (i32.const 0x1ff))
            (i32.store16 offset=9 (local.get 0) (i32.const -1))
            (i64.store (local.get 0) (i64.const -5))
            (i64.store (local.get 0) (i64.const 0x123456789))
            (i64.store (i32.const 4294967295) (i64.const 0))
            (f32.store (local.get 0) (f32.const 1.5))
            (f64.store (local.get 0) (f64.const -0))
            (drop (memory.grow (i32.const 1))) (drop (memory.size))
            (memory.fill (local.get 0) (i32.const 0) (i32.const 10))
            (memory.copy (local.get 0) (i32.const 0) (i32.const 10))
            (i64.load (local.get 0))))
        """
    ),
    (
        "control",
        """
        (module
          (func (param i32) (result i32) (local i32 i64 f64)
            (block $a (result i32) (block $b (result i32) (block $c (result i32)
              (br_table $a $b $c $b (i32.const 10) (local.get 0)))
              (i32.add (i32.const 1))) (i32.add (i32.const 2)))
            (loop $l (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
            (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2)))
            (i32.add)
            (select (local.get 0) (local.get 1) (local.get 0))
            (i32.add)
            (select (result f64) (f64.const 1) (local.get 3) (local.get 0))
            (drop)
            (select (result i64) (local.get 2) (i64.const 7) (local.get 0))
            (drop))
          (func (param i32) (result i32)
            (block (br_table 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 (local.get 0)))
            (if (i32.eqz (local.get 0)) (then (unreachable)))
            (return (local.get 0))))
        """
    ),
    (
        "calls",
        """
        (module
          (import "env" "h" (func $h (param i64 f64) (result f64)))
          (type $t (func (param i32) (result i32)))
          (table 4 funcref) (elem (i32.const 0) $f $g)
          (global $g0 (mut i64) (i64.const 0)) (global $g1 (mut f32) (f32.const 0))
          (func $f (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func $g (param i32) (result i32)
            (call_indirect (type $t) (local.get 0) (local.get 0))
            (call $f)
            (drop (call $h (i64.const 1) (f64.const 2)))
            (global.set $g0 (i64.add (global.get $g0) (i64.const 1)))
            (global.set $g1 (f32.add (global.get $g1) (f32.const 1)))
            (drop (ref.is_null (ref.func $f)))
            (drop (table.get 0 (local.get 0)))
            (table.set 0 (i32.const 1) (ref.null func))
            (drop (table.size 0))
            (drop (table.grow 0 (ref.null func) (i32.const 1))))
          (func (result i32 i64 f32 f64) (i32.const 1) (i64.const 2) (f32.const 3) (f64.const 4))
          (func (result i32) (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32
                                     i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
            (local.set 39 (i32.const 5)) (local.get 39))
          (func (result i64) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
            (local.set 11 (i64.const 5)) (local.get 11))
          (func (result i32) (local $big i64) (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
            (i32.const 0)))
        """
    ),
    (
        "huge frame",
        """
        (module (func (result i32) (local i32) (local f64) (local i64) (local i32 i32) (local i64)
          (local.set 0 (i32.const 1)) (local.get 0)))
        """.replacingOccurrences(of: "(local i64)", with: "(local " + String(repeating: "i64 ", count: 70000) + ")")
    ),
    (
        "register pressure",
        """
        (module (func (param i32) (result i32)
        """ + String(repeating: "(i32.add (local.get 0) (i32.const 1))\n", count: 40)
            + String(repeating: "(i32.add)\n", count: 39) + "))"
    ),
    (
        "float register pressure",
        """
        (module (func (param f64) (result f64)
        """ + String(repeating: "(f64.add (local.get 0) (f64.const 1))\n", count: 40)
            + String(repeating: "(f64.mul)\n", count: 39) + "))"
    )
]

@Suite("AArch64 backend")
struct A64CompileTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let benchDirectory = repoRoot.appendingPathComponent("Benchmarks/bench")

    static func benchModules() -> [URL] {
        let files =
            (try? FileManager.default.contentsOfDirectory(at: benchDirectory, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "wasm" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("all bench modules compile to defined A64 instructions, deterministically")
    func benchModulesCompile() throws {
        let files = Self.benchModules()
        #expect(files.count == 9, "expected the nine modules of \(Self.benchDirectory.path)")
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            let a = try compileA64(bytes)
            try A64Disassembler.checkAllInstructions(a.code.code, data: a.data, file.lastPathComponent)
            #expect(a.code.functionOffsets.count == a.module.functionTypeIndices.count - a.module.importedFunctionCount)
            let b = try compileA64(bytes)
            #expect(a.code.code == b.code.code, "\(file.lastPathComponent): two compilations differ")
            #expect(a.code.trapSites == b.code.trapSites)
        }
    }

    @Test("every operator family compiles to defined A64 instructions", arguments: a64FamilyModules.map(\.name))
    func operatorFamilies(_ name: String) throws {
        let wat = a64FamilyModules.first { $0.name == name }!.wat
        let bytes = try Wat.wasm(wat)
        for options in [CompilerOptions(), CompilerOptions(explicitBoundsChecks: true, metering: CostModel())] {
            let r = try compileA64(bytes, options: options)
            try A64Disassembler.checkAllInstructions(r.code.code, data: r.data, name)
            #expect(r.code.trapExit > 0)
            #expect(r.code.trapSites.allSatisfy { $0.codeOffset % 4 == 0 && $0.codeOffset < r.code.code.count })
            let again = try compileA64(bytes, options: options)
            #expect(again.code.code == r.code.code)
        }
    }

    @Test("jump tables: data words are exactly the recorded ranges and point at instructions")
    func jumpTableData() throws {
        let bytes = try Wat.wasm(a64FamilyModules.first { $0.name == "control" }!.wat)
        let r = try compileA64(bytes)
        // Besides the jump tables, the entry trampoline's `GasWindow` words, right before the trap exit.
        let tables = r.data.filter { $0.upperBound != r.code.trapExit }
        #expect(r.data.count == 3 && tables.count == 2)
        for range in tables {
            #expect(range.lowerBound % 4 == 0 && range.count % 4 == 0)
            for at in stride(from: range.lowerBound, to: range.upperBound, by: 4) {
                let word = r.code.code[at..<at + 4].enumerated().reduce(UInt32(0)) {
                    $0 | UInt32($1.element) << (8 * $1.offset)
                }
                let target = range.lowerBound + Int(Int32(bitPattern: word))
                #expect(target >= range.upperBound && target < r.code.code.count && target % 4 == 0)
            }
        }
    }

    @Test("a metered block whose cost no immediate encodes uses a veneer")
    func largeGasCost() throws {
        let body = String(repeating: "(drop (i32.const 1))\n", count: 3000)
        let bytes = try Wat.wasm("(module (func \(body)))")
        let r = try compileA64(bytes, options: CompilerOptions(metering: CostModel()))
        try A64Disassembler.checkAllInstructions(r.code.code, data: r.data, "large block")
        let text = try A64Disassembler.disassemble(r.code.code).map(\.text)
        #expect(text.contains { $0.hasPrefix("subs x26, x26, x16") })
    }

    // MARK: Golden snapshots

    static let snapshotDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots")

    static let snapshots: [SnapshotCase] = [
        SnapshotCase(name: "a64_i32_add_local_const", wat: snapshotCases[0].wat),
        SnapshotCase(name: "a64_call_direct", wat: snapshotCases[3].wat, function: 1),
        SnapshotCase(name: "a64_call_indirect", wat: snapshotCases[4].wat),
        SnapshotCase(name: "a64_load_store", wat: snapshotCases[6].wat),
        SnapshotCase(name: "a64_f64_min", wat: snapshotCases[7].wat),
        SnapshotCase(name: "a64_trunc_f64_s", wat: snapshotCases[9].wat),
        SnapshotCase(name: "a64_br_table", wat: snapshotCases[11].wat),
        SnapshotCase(
            name: "a64_i32_div_rem",
            wat: """
                (module (func (param i32 i32) (result i32) (i32.add (i32.div_s (local.get 0) (local.get 1)) (i32.rem_u (local.get 0) (local.get 1)))))
                """),
        SnapshotCase(name: "a64_stubs", wat: "(module)", function: -1)
    ]

    @Test("generated A64 code matches the golden disassembly", arguments: snapshots)
    func snapshot(_ c: SnapshotCase) throws {
        let r = try compileA64(try Wat.wasm(c.wat))
        let code = r.code.code
        let range: Range<Int>
        if c.function < 0 {
            range = 0..<(r.code.functionOffsets.first ?? code.count) // entry trampoline, trap exit, host stub
        } else {
            let offsets = r.code.functionOffsets
            try #require(c.function < offsets.count)
            range = offsets[c.function]..<(c.function + 1 < offsets.count ? offsets[c.function + 1] : code.count)
        }
        let lines = try A64Disassembler.disassemble(Array(code[range])).map { line in
            r.data.contains { $0.contains(range.lowerBound + line.offset) } ? ".word (jump table)" : line.text
        }
        let text = lines.joined(separator: "\n") + "\n"
        try compareSnapshot(text, file: Self.snapshotDirectory.appendingPathComponent("\(c.name).txt"), name: c.name)
    }
}

import Foundation
import SwasmABI
import SwasmCompiler
import Testing

// Golden disassembly of the SIMD operator families, on both architectures (Snapshots/simd_*.txt for x86-64,
// Snapshots/a64_simd_*.txt for AArch64). Each case takes its operands from parameters (vector registers, or
// slots) and returns the result, so the listing shows the family's sequence between a load and a return.
// Re-bless with `SWASM_BLESS=1 swift test --filter SIMDSnapshot` after checking the diff.

let simdSnapshotCases: [SnapshotCase] = [
    // integer lane arithmetic, saturating, min/max, average
    SnapshotCase(
        name: "simd_int_arith",
        wat: """
            (module (func (param v128 v128) (result v128)
              (i8x16.add_sat_u (i16x8.mul (i32x4.sub (i64x2.add (local.get 0) (local.get 1)) (local.get 1))
                (local.get 0)) (i8x16.avgr_u (i32x4.max_s (local.get 0) (local.get 1)) (local.get 1)))))
            """),
    // i64x2.mul and the 8-bit shifts have no single instruction on x86-64
    SnapshotCase(
        name: "simd_i64_mul_shifts",
        wat: """
            (module (func (param v128 v128 i32) (result v128)
              (i8x16.shr_s (i64x2.shr_s (i64x2.mul (local.get 0) (local.get 1)) (local.get 2)) (i32.const 3))))
            """),
    // comparisons (including the ones without a direct instruction) and bitwise ops
    SnapshotCase(
        name: "simd_compare_bitwise",
        wat: """
            (module (func (param v128 v128) (result v128)
              (v128.bitselect
                (i32x4.ge_u (local.get 0) (local.get 1))
                (v128.andnot (i8x16.ne (local.get 0) (local.get 1)) (i64x2.lt_s (local.get 0) (local.get 1)))
                (f32x4.le (local.get 0) (local.get 1)))))
            """),
    // float arithmetic with the wasm NaN rules of min/max, and pmin
    SnapshotCase(
        name: "simd_float",
        wat: """
            (module (func (param v128 v128) (result v128)
              (f64x2.pmin (f32x4.min (f32x4.mul (local.get 0) (local.get 1)) (local.get 1))
                (f64x2.max (f64x2.sqrt (local.get 0)) (local.get 1)))))
            """),
    // conversions, narrowing, widening, pairwise, dot product
    SnapshotCase(
        name: "simd_conversions",
        wat: """
            (module (func (param v128 v128) (result v128)
              (i32x4.dot_i16x8_s
                (i16x8.narrow_i32x4_s (i32x4.trunc_sat_f32x4_u (local.get 0)) (f32x4.convert_i32x4_u (local.get 1)))
                (i32x4.extadd_pairwise_i16x8_u (i16x8.extend_high_i8x16_s (local.get 1))))))
            """),
    // any_true, all_true, bitmask
    SnapshotCase(
        name: "simd_tests",
        wat: """
            (module (func (param v128) (result i32)
              (i32.add (i32.add (v128.any_true (local.get 0)) (i16x8.all_true (local.get 0)))
                (i8x16.bitmask (local.get 0)))))
            """),
    // splat, extract and replace lanes, constants
    SnapshotCase(
        name: "simd_lanes",
        wat: """
            (module (func (param i32 f64 v128) (result v128)
              (i8x16.replace_lane 5
                (f64x2.replace_lane 1 (i32x4.add (i32x4.splat (local.get 0)) (v128.const i32x4 1 2 3 4))
                  (f64.add (local.get 1) (f64x2.extract_lane 0 (local.get 2))))
                (i16x8.extract_lane_s 3 (local.get 2)))))
            """),
    // shuffle and swizzle
    SnapshotCase(
        name: "simd_shuffle_swizzle",
        wat: """
            (module (func (param v128 v128) (result v128)
              (i8x16.swizzle
                (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (local.get 0) (local.get 1))
                (local.get 1))))
            """),
    // loads: whole, extending, splat, zero, lane; stores: whole and lane
    SnapshotCase(
        name: "simd_memory",
        wat: """
            (module (memory 1) (func (param i32 v128) (result v128)
              (v128.store offset=16 (local.get 0) (v128.load8_lane 3 (local.get 0) (local.get 1)))
              (v128.store32_lane 2 (local.get 0) (local.get 1))
              (i16x8.add (v128.load8x8_s offset=8 (local.get 0))
                (i32x4.add (v128.load32_splat (local.get 0)) (v128.load64_zero (local.get 0))))))
            """)
]

// The x86-64 sequences AVX changes beyond one instruction, with their operands in register homes (each local is
// used at least twice) so that the three-operand forms read them in place. Compiled with AVX only
// (Snapshots/simd_avx_*_avx.txt), as are all the cases above (Snapshots/simd_*_avx.txt).
let simdAVXOnlyCases: [SnapshotCase] = [
    SnapshotCase(
        name: "simd_avx_binary",
        wat: """
            (module (func (param v128 v128) (result v128)
              (v128.xor (v128.xor
                (v128.or (v128.or (i64x2.gt_s (local.get 0) (local.get 1)) (i64x2.lt_s (local.get 0) (local.get 1)))
                  (v128.or (i64x2.le_s (local.get 0) (local.get 1)) (i64x2.ge_s (local.get 0) (local.get 1))))
                (v128.or (v128.or (f32x4.gt (local.get 0) (local.get 1)) (f64x2.pmax (local.get 0) (local.get 1)))
                  (v128.or (i8x16.swizzle (local.get 0) (local.get 1)) (i16x8.q15mulr_sat_s (local.get 0) (local.get 1)))))
                (v128.or (v128.or (i32x4.extmul_high_i16x8_u (local.get 0) (local.get 1))
                    (i64x2.extmul_low_i32x4_s (local.get 0) (local.get 1)))
                  (v128.or (i64x2.mul (local.get 0) (local.get 1)) (f64x2.max (local.get 0) (local.get 1)))))))
            """),
    SnapshotCase(
        name: "simd_avx_unary",
        wat: """
            (module (func (param v128 v128 i32) (result v128)
              (v128.or
                (v128.or (i8x16.popcnt (local.get 0)) (i64x2.abs (local.get 1)))
                (v128.or (i32x4.neg (i16x8.extadd_pairwise_i8x16_s (local.get 0)))
                  (v128.or (i32x4.trunc_sat_f32x4_s (local.get 1))
                    (v128.or (i8x16.shr_s (local.get 0) (local.get 2))
                      (i8x16.replace_lane 0
                        (i8x16.shuffle 16 18 17 19 20 22 21 23 24 26 25 27 28 30 29 31 (local.get 0) (local.get 1))
                        (i16x8.bitmask (local.get 1)))))))))
            """),
    SnapshotCase(
        name: "simd_avx_canonical_nans",
        wat: """
            (module (func (param v128 v128) (result v128)
              (f64x2.mul (f32x4.add (local.get 0) (local.get 1)) (local.get 1))))
            """)
]

@Suite("SIMD disassembly snapshots")
struct SIMDSnapshotTests {
    @Test("x86-64 SIMD code matches the golden disassembly", arguments: simdSnapshotCases)
    func x86(_ c: SnapshotCase) throws {
        try SnapshotTests.check(c, code: try compileWat(c.wat).code, name: c.name)
    }

    @Test("x86-64 SIMD code with AVX matches the golden disassembly", arguments: simdSnapshotCases + simdAVXOnlyCases)
    func x86AVX(_ c: SnapshotCase) throws {
        var options = CompilerOptions(targetFeatures: .x86AVX)
        options.canonicalizeNaNs = c.name.hasSuffix("canonical_nans")
        let (_, code) = try compileModuleX86_64(try Wat.wasm(c.wat), options: options)
        #expect(code.cpuFeatures.contains(.x86AVX))
        try SnapshotTests.check(c, code: code, name: "\(c.name)_avx")
    }

    @Test("x86-64 artifacts record AVX only when it is enabled")
    func x86AVXFlag() throws {
        let wasm = try Wat.wasm(simdSnapshotCases[0].wat)
        let (_, baseline) = try compileModuleX86_64(wasm)
        #expect(!baseline.cpuFeatures.contains(.x86AVX))
        let (_, avx) = try compileModuleX86_64(wasm, options: CompilerOptions(targetFeatures: .x86AVX))
        #expect(avx.cpuFeatures.contains(.x86AVX))
        #expect(avx.cpuFeatures.isSuperset(of: baseline.cpuFeatures))
    }

    @Test("AArch64 SIMD code matches the golden disassembly", arguments: simdSnapshotCases)
    func a64(_ c: SnapshotCase) throws {
        let r = try compileA64(try Wat.wasm(c.wat))
        let code = r.code.code
        let offsets = r.code.functionOffsets
        try #require(c.function < offsets.count)
        let range = offsets[c.function]..<(c.function + 1 < offsets.count ? offsets[c.function + 1] : code.count)
        let lines = try A64Disassembler.disassemble(Array(code[range])).map { line in
            r.data.contains { $0.contains(range.lowerBound + line.offset) } ? ".word (data)" : line.text
        }
        let text = lines.joined(separator: "\n") + "\n"
        let name = "a64_\(c.name)"
        try compareSnapshot(text, file: SnapshotTests.directory.appendingPathComponent("\(name).txt"), name: name)
    }
}

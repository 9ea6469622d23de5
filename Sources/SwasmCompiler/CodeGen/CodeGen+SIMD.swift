// SIMD operators: code generation arrives with the SIMD issue; until then a module using them is
// reported as unsupported at the operator's offset (never silently miscompiled).
// Written from Scripts/opcodes.txt (0xFD rows).
import WasmDecoder

extension CodeGen where M: ~Copyable {
    public func visitV128Load(_ memarg: MemArg) throws(WasmError) { if reachable { try unsupported("v128.load") } }
    public func visitV128Load8x8S(_ memarg: MemArg) throws(WasmError) {
        if reachable { try unsupported("v128.load8x8_s") }
    }
    public func visitV128Load8x8U(_ memarg: MemArg) throws(WasmError) {
        if reachable { try unsupported("v128.load8x8_u") }
    }
    public func visitV128Load16x4S(_ memarg: MemArg) throws(WasmError) {
        if reachable { try unsupported("v128.load16x4_s") }
    }
    public func visitV128Load16x4U(_ memarg: MemArg) throws(WasmError) {
        if reachable { try unsupported("v128.load16x4_u") }
    }
    public func visitV128Load32x2S(_ memarg: MemArg) throws(WasmError) {
        if reachable { try unsupported("v128.load32x2_s") }
    }
    public func visitV128Load32x2U(_ memarg: MemArg) throws(WasmError) {
        if reachable { try unsupported("v128.load32x2_u") }
    }
    public func visitV128Load8Splat(_ memarg: MemArg) throws(WasmError) {
        if reachable { try unsupported("v128.load8_splat") }
    }
    public func visitV128Load16Splat(_ memarg: MemArg) throws(WasmError) {
        if reachable { try unsupported("v128.load16_splat") }
    }
    public func visitV128Load32Splat(_ memarg: MemArg) throws(WasmError) {
        if reachable { try unsupported("v128.load32_splat") }
    }
    public func visitV128Load64Splat(_ memarg: MemArg) throws(WasmError) {
        if reachable { try unsupported("v128.load64_splat") }
    }
    public func visitV128Store(_ memarg: MemArg) throws(WasmError) { if reachable { try unsupported("v128.store") } }
    public func visitV128Const(_ value: V128) throws(WasmError) { if reachable { try unsupported("v128.const") } }
    public func visitI8x16Shuffle(lanes: V128) throws(WasmError) { if reachable { try unsupported("i8x16.shuffle") } }
    public func visitI8x16Swizzle() throws(WasmError) { if reachable { try unsupported("i8x16.swizzle") } }
    public func visitI8x16Splat() throws(WasmError) { if reachable { try unsupported("i8x16.splat") } }
    public func visitI16x8Splat() throws(WasmError) { if reachable { try unsupported("i16x8.splat") } }
    public func visitI32x4Splat() throws(WasmError) { if reachable { try unsupported("i32x4.splat") } }
    public func visitI64x2Splat() throws(WasmError) { if reachable { try unsupported("i64x2.splat") } }
    public func visitF32x4Splat() throws(WasmError) { if reachable { try unsupported("f32x4.splat") } }
    public func visitF64x2Splat() throws(WasmError) { if reachable { try unsupported("f64x2.splat") } }
    public func visitI8x16ExtractLaneS(lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("i8x16.extract_lane_s") }
    }
    public func visitI8x16ExtractLaneU(lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("i8x16.extract_lane_u") }
    }
    public func visitI8x16ReplaceLane(lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("i8x16.replace_lane") }
    }
    public func visitI16x8ExtractLaneS(lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("i16x8.extract_lane_s") }
    }
    public func visitI16x8ExtractLaneU(lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("i16x8.extract_lane_u") }
    }
    public func visitI16x8ReplaceLane(lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("i16x8.replace_lane") }
    }
    public func visitI32x4ExtractLane(lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("i32x4.extract_lane") }
    }
    public func visitI32x4ReplaceLane(lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("i32x4.replace_lane") }
    }
    public func visitI64x2ExtractLane(lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("i64x2.extract_lane") }
    }
    public func visitI64x2ReplaceLane(lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("i64x2.replace_lane") }
    }
    public func visitF32x4ExtractLane(lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("f32x4.extract_lane") }
    }
    public func visitF32x4ReplaceLane(lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("f32x4.replace_lane") }
    }
    public func visitF64x2ExtractLane(lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("f64x2.extract_lane") }
    }
    public func visitF64x2ReplaceLane(lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("f64x2.replace_lane") }
    }
    public func visitI8x16Eq() throws(WasmError) { if reachable { try unsupported("i8x16.eq") } }
    public func visitI8x16Ne() throws(WasmError) { if reachable { try unsupported("i8x16.ne") } }
    public func visitI8x16LtS() throws(WasmError) { if reachable { try unsupported("i8x16.lt_s") } }
    public func visitI8x16LtU() throws(WasmError) { if reachable { try unsupported("i8x16.lt_u") } }
    public func visitI8x16GtS() throws(WasmError) { if reachable { try unsupported("i8x16.gt_s") } }
    public func visitI8x16GtU() throws(WasmError) { if reachable { try unsupported("i8x16.gt_u") } }
    public func visitI8x16LeS() throws(WasmError) { if reachable { try unsupported("i8x16.le_s") } }
    public func visitI8x16LeU() throws(WasmError) { if reachable { try unsupported("i8x16.le_u") } }
    public func visitI8x16GeS() throws(WasmError) { if reachable { try unsupported("i8x16.ge_s") } }
    public func visitI8x16GeU() throws(WasmError) { if reachable { try unsupported("i8x16.ge_u") } }
    public func visitI16x8Eq() throws(WasmError) { if reachable { try unsupported("i16x8.eq") } }
    public func visitI16x8Ne() throws(WasmError) { if reachable { try unsupported("i16x8.ne") } }
    public func visitI16x8LtS() throws(WasmError) { if reachable { try unsupported("i16x8.lt_s") } }
    public func visitI16x8LtU() throws(WasmError) { if reachable { try unsupported("i16x8.lt_u") } }
    public func visitI16x8GtS() throws(WasmError) { if reachable { try unsupported("i16x8.gt_s") } }
    public func visitI16x8GtU() throws(WasmError) { if reachable { try unsupported("i16x8.gt_u") } }
    public func visitI16x8LeS() throws(WasmError) { if reachable { try unsupported("i16x8.le_s") } }
    public func visitI16x8LeU() throws(WasmError) { if reachable { try unsupported("i16x8.le_u") } }
    public func visitI16x8GeS() throws(WasmError) { if reachable { try unsupported("i16x8.ge_s") } }
    public func visitI16x8GeU() throws(WasmError) { if reachable { try unsupported("i16x8.ge_u") } }
    public func visitI32x4Eq() throws(WasmError) { if reachable { try unsupported("i32x4.eq") } }
    public func visitI32x4Ne() throws(WasmError) { if reachable { try unsupported("i32x4.ne") } }
    public func visitI32x4LtS() throws(WasmError) { if reachable { try unsupported("i32x4.lt_s") } }
    public func visitI32x4LtU() throws(WasmError) { if reachable { try unsupported("i32x4.lt_u") } }
    public func visitI32x4GtS() throws(WasmError) { if reachable { try unsupported("i32x4.gt_s") } }
    public func visitI32x4GtU() throws(WasmError) { if reachable { try unsupported("i32x4.gt_u") } }
    public func visitI32x4LeS() throws(WasmError) { if reachable { try unsupported("i32x4.le_s") } }
    public func visitI32x4LeU() throws(WasmError) { if reachable { try unsupported("i32x4.le_u") } }
    public func visitI32x4GeS() throws(WasmError) { if reachable { try unsupported("i32x4.ge_s") } }
    public func visitI32x4GeU() throws(WasmError) { if reachable { try unsupported("i32x4.ge_u") } }
    public func visitF32x4Eq() throws(WasmError) { if reachable { try unsupported("f32x4.eq") } }
    public func visitF32x4Ne() throws(WasmError) { if reachable { try unsupported("f32x4.ne") } }
    public func visitF32x4Lt() throws(WasmError) { if reachable { try unsupported("f32x4.lt") } }
    public func visitF32x4Gt() throws(WasmError) { if reachable { try unsupported("f32x4.gt") } }
    public func visitF32x4Le() throws(WasmError) { if reachable { try unsupported("f32x4.le") } }
    public func visitF32x4Ge() throws(WasmError) { if reachable { try unsupported("f32x4.ge") } }
    public func visitF64x2Eq() throws(WasmError) { if reachable { try unsupported("f64x2.eq") } }
    public func visitF64x2Ne() throws(WasmError) { if reachable { try unsupported("f64x2.ne") } }
    public func visitF64x2Lt() throws(WasmError) { if reachable { try unsupported("f64x2.lt") } }
    public func visitF64x2Gt() throws(WasmError) { if reachable { try unsupported("f64x2.gt") } }
    public func visitF64x2Le() throws(WasmError) { if reachable { try unsupported("f64x2.le") } }
    public func visitF64x2Ge() throws(WasmError) { if reachable { try unsupported("f64x2.ge") } }
    public func visitV128Not() throws(WasmError) { if reachable { try unsupported("v128.not") } }
    public func visitV128And() throws(WasmError) { if reachable { try unsupported("v128.and") } }
    public func visitV128Andnot() throws(WasmError) { if reachable { try unsupported("v128.andnot") } }
    public func visitV128Or() throws(WasmError) { if reachable { try unsupported("v128.or") } }
    public func visitV128Xor() throws(WasmError) { if reachable { try unsupported("v128.xor") } }
    public func visitV128Bitselect() throws(WasmError) { if reachable { try unsupported("v128.bitselect") } }
    public func visitV128AnyTrue() throws(WasmError) { if reachable { try unsupported("v128.any_true") } }
    public func visitV128Load8Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("v128.load8_lane") }
    }
    public func visitV128Load16Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("v128.load16_lane") }
    }
    public func visitV128Load32Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("v128.load32_lane") }
    }
    public func visitV128Load64Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("v128.load64_lane") }
    }
    public func visitV128Store8Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("v128.store8_lane") }
    }
    public func visitV128Store16Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("v128.store16_lane") }
    }
    public func visitV128Store32Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("v128.store32_lane") }
    }
    public func visitV128Store64Lane(_ memarg: MemArg, lane: UInt8) throws(WasmError) {
        if reachable { try unsupported("v128.store64_lane") }
    }
    public func visitV128Load32Zero(_ memarg: MemArg) throws(WasmError) {
        if reachable { try unsupported("v128.load32_zero") }
    }
    public func visitV128Load64Zero(_ memarg: MemArg) throws(WasmError) {
        if reachable { try unsupported("v128.load64_zero") }
    }
    public func visitF32x4DemoteF64x2Zero() throws(WasmError) {
        if reachable { try unsupported("f32x4.demote_f64x2_zero") }
    }
    public func visitF64x2PromoteLowF32x4() throws(WasmError) {
        if reachable { try unsupported("f64x2.promote_low_f32x4") }
    }
    public func visitI8x16Abs() throws(WasmError) { if reachable { try unsupported("i8x16.abs") } }
    public func visitI8x16Neg() throws(WasmError) { if reachable { try unsupported("i8x16.neg") } }
    public func visitI8x16Popcnt() throws(WasmError) { if reachable { try unsupported("i8x16.popcnt") } }
    public func visitI8x16AllTrue() throws(WasmError) { if reachable { try unsupported("i8x16.all_true") } }
    public func visitI8x16Bitmask() throws(WasmError) { if reachable { try unsupported("i8x16.bitmask") } }
    public func visitI8x16NarrowI16x8S() throws(WasmError) { if reachable { try unsupported("i8x16.narrow_i16x8_s") } }
    public func visitI8x16NarrowI16x8U() throws(WasmError) { if reachable { try unsupported("i8x16.narrow_i16x8_u") } }
    public func visitF32x4Ceil() throws(WasmError) { if reachable { try unsupported("f32x4.ceil") } }
    public func visitF32x4Floor() throws(WasmError) { if reachable { try unsupported("f32x4.floor") } }
    public func visitF32x4Trunc() throws(WasmError) { if reachable { try unsupported("f32x4.trunc") } }
    public func visitF32x4Nearest() throws(WasmError) { if reachable { try unsupported("f32x4.nearest") } }
    public func visitI8x16Shl() throws(WasmError) { if reachable { try unsupported("i8x16.shl") } }
    public func visitI8x16ShrS() throws(WasmError) { if reachable { try unsupported("i8x16.shr_s") } }
    public func visitI8x16ShrU() throws(WasmError) { if reachable { try unsupported("i8x16.shr_u") } }
    public func visitI8x16Add() throws(WasmError) { if reachable { try unsupported("i8x16.add") } }
    public func visitI8x16AddSatS() throws(WasmError) { if reachable { try unsupported("i8x16.add_sat_s") } }
    public func visitI8x16AddSatU() throws(WasmError) { if reachable { try unsupported("i8x16.add_sat_u") } }
    public func visitI8x16Sub() throws(WasmError) { if reachable { try unsupported("i8x16.sub") } }
    public func visitI8x16SubSatS() throws(WasmError) { if reachable { try unsupported("i8x16.sub_sat_s") } }
    public func visitI8x16SubSatU() throws(WasmError) { if reachable { try unsupported("i8x16.sub_sat_u") } }
    public func visitF64x2Ceil() throws(WasmError) { if reachable { try unsupported("f64x2.ceil") } }
    public func visitF64x2Floor() throws(WasmError) { if reachable { try unsupported("f64x2.floor") } }
    public func visitI8x16MinS() throws(WasmError) { if reachable { try unsupported("i8x16.min_s") } }
    public func visitI8x16MinU() throws(WasmError) { if reachable { try unsupported("i8x16.min_u") } }
    public func visitI8x16MaxS() throws(WasmError) { if reachable { try unsupported("i8x16.max_s") } }
    public func visitI8x16MaxU() throws(WasmError) { if reachable { try unsupported("i8x16.max_u") } }
    public func visitF64x2Trunc() throws(WasmError) { if reachable { try unsupported("f64x2.trunc") } }
    public func visitI8x16AvgrU() throws(WasmError) { if reachable { try unsupported("i8x16.avgr_u") } }
    public func visitI16x8ExtaddPairwiseI8x16S() throws(WasmError) {
        if reachable { try unsupported("i16x8.extadd_pairwise_i8x16_s") }
    }
    public func visitI16x8ExtaddPairwiseI8x16U() throws(WasmError) {
        if reachable { try unsupported("i16x8.extadd_pairwise_i8x16_u") }
    }
    public func visitI32x4ExtaddPairwiseI16x8S() throws(WasmError) {
        if reachable { try unsupported("i32x4.extadd_pairwise_i16x8_s") }
    }
    public func visitI32x4ExtaddPairwiseI16x8U() throws(WasmError) {
        if reachable { try unsupported("i32x4.extadd_pairwise_i16x8_u") }
    }
    public func visitI16x8Abs() throws(WasmError) { if reachable { try unsupported("i16x8.abs") } }
    public func visitI16x8Neg() throws(WasmError) { if reachable { try unsupported("i16x8.neg") } }
    public func visitI16x8Q15mulrSatS() throws(WasmError) { if reachable { try unsupported("i16x8.q15mulr_sat_s") } }
    public func visitI16x8AllTrue() throws(WasmError) { if reachable { try unsupported("i16x8.all_true") } }
    public func visitI16x8Bitmask() throws(WasmError) { if reachable { try unsupported("i16x8.bitmask") } }
    public func visitI16x8NarrowI32x4S() throws(WasmError) { if reachable { try unsupported("i16x8.narrow_i32x4_s") } }
    public func visitI16x8NarrowI32x4U() throws(WasmError) { if reachable { try unsupported("i16x8.narrow_i32x4_u") } }
    public func visitI16x8ExtendLowI8x16S() throws(WasmError) {
        if reachable { try unsupported("i16x8.extend_low_i8x16_s") }
    }
    public func visitI16x8ExtendHighI8x16S() throws(WasmError) {
        if reachable { try unsupported("i16x8.extend_high_i8x16_s") }
    }
    public func visitI16x8ExtendLowI8x16U() throws(WasmError) {
        if reachable { try unsupported("i16x8.extend_low_i8x16_u") }
    }
    public func visitI16x8ExtendHighI8x16U() throws(WasmError) {
        if reachable { try unsupported("i16x8.extend_high_i8x16_u") }
    }
    public func visitI16x8Shl() throws(WasmError) { if reachable { try unsupported("i16x8.shl") } }
    public func visitI16x8ShrS() throws(WasmError) { if reachable { try unsupported("i16x8.shr_s") } }
    public func visitI16x8ShrU() throws(WasmError) { if reachable { try unsupported("i16x8.shr_u") } }
    public func visitI16x8Add() throws(WasmError) { if reachable { try unsupported("i16x8.add") } }
    public func visitI16x8AddSatS() throws(WasmError) { if reachable { try unsupported("i16x8.add_sat_s") } }
    public func visitI16x8AddSatU() throws(WasmError) { if reachable { try unsupported("i16x8.add_sat_u") } }
    public func visitI16x8Sub() throws(WasmError) { if reachable { try unsupported("i16x8.sub") } }
    public func visitI16x8SubSatS() throws(WasmError) { if reachable { try unsupported("i16x8.sub_sat_s") } }
    public func visitI16x8SubSatU() throws(WasmError) { if reachable { try unsupported("i16x8.sub_sat_u") } }
    public func visitF64x2Nearest() throws(WasmError) { if reachable { try unsupported("f64x2.nearest") } }
    public func visitI16x8Mul() throws(WasmError) { if reachable { try unsupported("i16x8.mul") } }
    public func visitI16x8MinS() throws(WasmError) { if reachable { try unsupported("i16x8.min_s") } }
    public func visitI16x8MinU() throws(WasmError) { if reachable { try unsupported("i16x8.min_u") } }
    public func visitI16x8MaxS() throws(WasmError) { if reachable { try unsupported("i16x8.max_s") } }
    public func visitI16x8MaxU() throws(WasmError) { if reachable { try unsupported("i16x8.max_u") } }
    public func visitI16x8AvgrU() throws(WasmError) { if reachable { try unsupported("i16x8.avgr_u") } }
    public func visitI16x8ExtmulLowI8x16S() throws(WasmError) {
        if reachable { try unsupported("i16x8.extmul_low_i8x16_s") }
    }
    public func visitI16x8ExtmulHighI8x16S() throws(WasmError) {
        if reachable { try unsupported("i16x8.extmul_high_i8x16_s") }
    }
    public func visitI16x8ExtmulLowI8x16U() throws(WasmError) {
        if reachable { try unsupported("i16x8.extmul_low_i8x16_u") }
    }
    public func visitI16x8ExtmulHighI8x16U() throws(WasmError) {
        if reachable { try unsupported("i16x8.extmul_high_i8x16_u") }
    }
    public func visitI32x4Abs() throws(WasmError) { if reachable { try unsupported("i32x4.abs") } }
    public func visitI32x4Neg() throws(WasmError) { if reachable { try unsupported("i32x4.neg") } }
    public func visitI32x4AllTrue() throws(WasmError) { if reachable { try unsupported("i32x4.all_true") } }
    public func visitI32x4Bitmask() throws(WasmError) { if reachable { try unsupported("i32x4.bitmask") } }
    public func visitI32x4ExtendLowI16x8S() throws(WasmError) {
        if reachable { try unsupported("i32x4.extend_low_i16x8_s") }
    }
    public func visitI32x4ExtendHighI16x8S() throws(WasmError) {
        if reachable { try unsupported("i32x4.extend_high_i16x8_s") }
    }
    public func visitI32x4ExtendLowI16x8U() throws(WasmError) {
        if reachable { try unsupported("i32x4.extend_low_i16x8_u") }
    }
    public func visitI32x4ExtendHighI16x8U() throws(WasmError) {
        if reachable { try unsupported("i32x4.extend_high_i16x8_u") }
    }
    public func visitI32x4Shl() throws(WasmError) { if reachable { try unsupported("i32x4.shl") } }
    public func visitI32x4ShrS() throws(WasmError) { if reachable { try unsupported("i32x4.shr_s") } }
    public func visitI32x4ShrU() throws(WasmError) { if reachable { try unsupported("i32x4.shr_u") } }
    public func visitI32x4Add() throws(WasmError) { if reachable { try unsupported("i32x4.add") } }
    public func visitI32x4Sub() throws(WasmError) { if reachable { try unsupported("i32x4.sub") } }
    public func visitI32x4Mul() throws(WasmError) { if reachable { try unsupported("i32x4.mul") } }
    public func visitI32x4MinS() throws(WasmError) { if reachable { try unsupported("i32x4.min_s") } }
    public func visitI32x4MinU() throws(WasmError) { if reachable { try unsupported("i32x4.min_u") } }
    public func visitI32x4MaxS() throws(WasmError) { if reachable { try unsupported("i32x4.max_s") } }
    public func visitI32x4MaxU() throws(WasmError) { if reachable { try unsupported("i32x4.max_u") } }
    public func visitI32x4DotI16x8S() throws(WasmError) { if reachable { try unsupported("i32x4.dot_i16x8_s") } }
    public func visitI32x4ExtmulLowI16x8S() throws(WasmError) {
        if reachable { try unsupported("i32x4.extmul_low_i16x8_s") }
    }
    public func visitI32x4ExtmulHighI16x8S() throws(WasmError) {
        if reachable { try unsupported("i32x4.extmul_high_i16x8_s") }
    }
    public func visitI32x4ExtmulLowI16x8U() throws(WasmError) {
        if reachable { try unsupported("i32x4.extmul_low_i16x8_u") }
    }
    public func visitI32x4ExtmulHighI16x8U() throws(WasmError) {
        if reachable { try unsupported("i32x4.extmul_high_i16x8_u") }
    }
    public func visitI64x2Abs() throws(WasmError) { if reachable { try unsupported("i64x2.abs") } }
    public func visitI64x2Neg() throws(WasmError) { if reachable { try unsupported("i64x2.neg") } }
    public func visitI64x2AllTrue() throws(WasmError) { if reachable { try unsupported("i64x2.all_true") } }
    public func visitI64x2Bitmask() throws(WasmError) { if reachable { try unsupported("i64x2.bitmask") } }
    public func visitI64x2ExtendLowI32x4S() throws(WasmError) {
        if reachable { try unsupported("i64x2.extend_low_i32x4_s") }
    }
    public func visitI64x2ExtendHighI32x4S() throws(WasmError) {
        if reachable { try unsupported("i64x2.extend_high_i32x4_s") }
    }
    public func visitI64x2ExtendLowI32x4U() throws(WasmError) {
        if reachable { try unsupported("i64x2.extend_low_i32x4_u") }
    }
    public func visitI64x2ExtendHighI32x4U() throws(WasmError) {
        if reachable { try unsupported("i64x2.extend_high_i32x4_u") }
    }
    public func visitI64x2Shl() throws(WasmError) { if reachable { try unsupported("i64x2.shl") } }
    public func visitI64x2ShrS() throws(WasmError) { if reachable { try unsupported("i64x2.shr_s") } }
    public func visitI64x2ShrU() throws(WasmError) { if reachable { try unsupported("i64x2.shr_u") } }
    public func visitI64x2Add() throws(WasmError) { if reachable { try unsupported("i64x2.add") } }
    public func visitI64x2Sub() throws(WasmError) { if reachable { try unsupported("i64x2.sub") } }
    public func visitI64x2Mul() throws(WasmError) { if reachable { try unsupported("i64x2.mul") } }
    public func visitI64x2Eq() throws(WasmError) { if reachable { try unsupported("i64x2.eq") } }
    public func visitI64x2Ne() throws(WasmError) { if reachable { try unsupported("i64x2.ne") } }
    public func visitI64x2LtS() throws(WasmError) { if reachable { try unsupported("i64x2.lt_s") } }
    public func visitI64x2GtS() throws(WasmError) { if reachable { try unsupported("i64x2.gt_s") } }
    public func visitI64x2LeS() throws(WasmError) { if reachable { try unsupported("i64x2.le_s") } }
    public func visitI64x2GeS() throws(WasmError) { if reachable { try unsupported("i64x2.ge_s") } }
    public func visitI64x2ExtmulLowI32x4S() throws(WasmError) {
        if reachable { try unsupported("i64x2.extmul_low_i32x4_s") }
    }
    public func visitI64x2ExtmulHighI32x4S() throws(WasmError) {
        if reachable { try unsupported("i64x2.extmul_high_i32x4_s") }
    }
    public func visitI64x2ExtmulLowI32x4U() throws(WasmError) {
        if reachable { try unsupported("i64x2.extmul_low_i32x4_u") }
    }
    public func visitI64x2ExtmulHighI32x4U() throws(WasmError) {
        if reachable { try unsupported("i64x2.extmul_high_i32x4_u") }
    }
    public func visitF32x4Abs() throws(WasmError) { if reachable { try unsupported("f32x4.abs") } }
    public func visitF32x4Neg() throws(WasmError) { if reachable { try unsupported("f32x4.neg") } }
    public func visitF32x4Sqrt() throws(WasmError) { if reachable { try unsupported("f32x4.sqrt") } }
    public func visitF32x4Add() throws(WasmError) { if reachable { try unsupported("f32x4.add") } }
    public func visitF32x4Sub() throws(WasmError) { if reachable { try unsupported("f32x4.sub") } }
    public func visitF32x4Mul() throws(WasmError) { if reachable { try unsupported("f32x4.mul") } }
    public func visitF32x4Div() throws(WasmError) { if reachable { try unsupported("f32x4.div") } }
    public func visitF32x4Min() throws(WasmError) { if reachable { try unsupported("f32x4.min") } }
    public func visitF32x4Max() throws(WasmError) { if reachable { try unsupported("f32x4.max") } }
    public func visitF32x4Pmin() throws(WasmError) { if reachable { try unsupported("f32x4.pmin") } }
    public func visitF32x4Pmax() throws(WasmError) { if reachable { try unsupported("f32x4.pmax") } }
    public func visitF64x2Abs() throws(WasmError) { if reachable { try unsupported("f64x2.abs") } }
    public func visitF64x2Neg() throws(WasmError) { if reachable { try unsupported("f64x2.neg") } }
    public func visitF64x2Sqrt() throws(WasmError) { if reachable { try unsupported("f64x2.sqrt") } }
    public func visitF64x2Add() throws(WasmError) { if reachable { try unsupported("f64x2.add") } }
    public func visitF64x2Sub() throws(WasmError) { if reachable { try unsupported("f64x2.sub") } }
    public func visitF64x2Mul() throws(WasmError) { if reachable { try unsupported("f64x2.mul") } }
    public func visitF64x2Div() throws(WasmError) { if reachable { try unsupported("f64x2.div") } }
    public func visitF64x2Min() throws(WasmError) { if reachable { try unsupported("f64x2.min") } }
    public func visitF64x2Max() throws(WasmError) { if reachable { try unsupported("f64x2.max") } }
    public func visitF64x2Pmin() throws(WasmError) { if reachable { try unsupported("f64x2.pmin") } }
    public func visitF64x2Pmax() throws(WasmError) { if reachable { try unsupported("f64x2.pmax") } }
    public func visitI32x4TruncSatF32x4S() throws(WasmError) {
        if reachable { try unsupported("i32x4.trunc_sat_f32x4_s") }
    }
    public func visitI32x4TruncSatF32x4U() throws(WasmError) {
        if reachable { try unsupported("i32x4.trunc_sat_f32x4_u") }
    }
    public func visitF32x4ConvertI32x4S() throws(WasmError) {
        if reachable { try unsupported("f32x4.convert_i32x4_s") }
    }
    public func visitF32x4ConvertI32x4U() throws(WasmError) {
        if reachable { try unsupported("f32x4.convert_i32x4_u") }
    }
    public func visitI32x4TruncSatF64x2SZero() throws(WasmError) {
        if reachable { try unsupported("i32x4.trunc_sat_f64x2_s_zero") }
    }
    public func visitI32x4TruncSatF64x2UZero() throws(WasmError) {
        if reachable { try unsupported("i32x4.trunc_sat_f64x2_u_zero") }
    }
    public func visitF64x2ConvertLowI32x4S() throws(WasmError) {
        if reachable { try unsupported("f64x2.convert_low_i32x4_s") }
    }
    public func visitF64x2ConvertLowI32x4U() throws(WasmError) {
        if reachable { try unsupported("f64x2.convert_low_i32x4_u") }
    }
}

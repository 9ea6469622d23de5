import AssemblerCore
import SwasmABI
import WasmDecoder

/// Metering state of the function being compiled (the code is emitted by `CodeGen.startGasBlock` /
/// `closeGasBlock`).
///
/// Invariants:
/// - every basic block is charged once, on entry, with the sum of its operators' static costs: `open` is the
///   block being compiled, whose charge's immediate (at `site`) is patched when the block closes;
/// - code in unreachable regions opens no block and costs nothing;
/// - each closed block has an out-of-gas stub in `stubs` that gives the charge back and traps, so a block that
///   cannot be paid for has no effect.
struct GasMeter {
    /// nil: metering off, no metering code at all.
    var costModel: CostModel?
    var open: (site: Int, stub: Label, cost: UInt64, wasmOffset: Int)?
    var stubs: [(label: Label, cost: UInt32, wasmOffset: Int)] = []

    /// Add the static cost of the operator about to be compiled to the open block.
    @inline(__always)
    mutating func charge(_ opcode: Opcode) {
        if let model = costModel, open != nil {
            open!.cost &+= UInt64(model.cost(of: opcode))
        }
    }

    mutating func reset() {
        if !stubs.isEmpty { stubs.removeAll(keepingCapacity: true) }
        open = nil
    }
}

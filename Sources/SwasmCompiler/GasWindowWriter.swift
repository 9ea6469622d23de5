import AssemblerCore
import SwasmABI

/// Writes the entry trampoline's `GasWindow` descriptor (16 bytes of data after the trampoline's `ret`); the trap-exit
/// stub must be bound right after it. Offsets are code offsets of the trampoline's first instruction, of the
/// instruction after the gas load and of the one after the gas store.
func emitGasWindow(start: Int, afterLoad: Int, afterStore: Int, into buffer: inout CodeBuffer) {
    let stub = buffer.count + GasWindow.byteCount
    buffer.emit32(GasWindow.magic)
    for offset in [start, afterLoad, afterStore] { buffer.emit32(UInt32(stub - offset)) }
}

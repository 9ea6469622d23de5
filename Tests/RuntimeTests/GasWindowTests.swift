import SwasmABI
import Testing

/// `GasWindow.gasInRegister`: where the interrupt signal handler may zero the gas register.
@Suite struct GasWindowTests {
    /// A fake code range: a 64-byte trampoline (prologue to 16, gas live from 16 to 40, epilogue from 40 to 48), the
    /// descriptor at 48..<64, the trap-exit stub at 64, then functions.
    @Test func classifiesTheTrampolineWindow() {
        var words: [UInt32] = Array(repeating: 0, count: 32)
        words[12] = GasWindow.magic
        words[13] = 64 // stub - start
        words[14] = 64 - 16 // stub - afterLoad
        words[15] = 64 - 40 // stub - afterStore
        words.withUnsafeBufferPointer { buffer in
            let base = UInt(bitPattern: buffer.baseAddress!)
            let stub = base + 64
            func live(_ offset: UInt) -> Bool { GasWindow.gasInRegister(pc: base + offset, stub: stub) }
            #expect(!live(0) && !live(12)) // before the load: the host's register
            #expect(live(16) && live(36)) // loaded, up to and including the store
            #expect(!live(40) && !live(44)) // stored: restoring the host's registers
            #expect(live(64) && live(100)) // the trap exit (ends by storing the register) and wasm code
        }
    }

    @Test func withoutTheDescriptorTheRegisterIsLeftAlone() {
        let words: [UInt32] = Array(repeating: 0, count: 32)
        words.withUnsafeBufferPointer { buffer in
            let base = UInt(bitPattern: buffer.baseAddress!)
            #expect(!GasWindow.gasInRegister(pc: base + 100, stub: base + 64))
        }
    }
}

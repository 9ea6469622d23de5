/// Where the entry trampoline keeps the gas in the gas register: what the interrupt signal handler needs to know to
/// zero a metered guest's gas safely (`TrapHandler`'s interrupt protocol).
///
/// The trampoline saves the host's callee-saved registers (the gas register among them), loads the gas from the
/// VM context, calls wasm, and on both exits (return and trap) stores the gas register back before restoring the
/// host's registers. So, inside the trampoline, the gas register holds the guest's gas only from after the load up
/// to and including the store; elsewhere it may hold the host's value, which must never be touched. Every other
/// instruction of a registered code range (functions, host-call and helper-call stubs, the trap exit, which ends by
/// jumping to the store) keeps the gas in the register.
///
/// The trampoline describes its own window in 16 bytes placed just before the trap-exit stub (after its `ret`,
/// never executed), as little-endian `u32`s, each distance counted back from the trap-exit stub's address:
///
/// | bytes before the stub | value |
/// |---:|---|
/// | 16 | `magic` |
/// | 12 | distance to the trampoline's first instruction |
/// | 8 | distance to the first instruction after the gas load |
/// | 4 | distance to the first instruction after the gas store |
///
/// Invariant: the trampoline is the first code of the range, and the trap exit follows it.
public enum GasWindow {
    /// "SWGW".
    public static let magic: UInt32 = 0x5747_5753
    /// Size of the descriptor before the trap-exit stub.
    public static let byteCount = 16

    /// Whether the gas register holds the guest's gas at `pc`, in the code range whose trap-exit stub is at
    /// `stub` (the descriptor bytes before it are readable). false when the descriptor is missing: the caller
    /// then leaves the register alone.
    @inline(__always)
    public static func gasInRegister(pc: UInt, stub: UInt) -> Bool {
        guard let words = UnsafePointer<UInt32>(bitPattern: stub &- UInt(byteCount)),
            UInt32(littleEndian: words[0]) == magic
        else { return false }
        let start = stub &- UInt(UInt32(littleEndian: words[1]))
        let afterLoad = stub &- UInt(UInt32(littleEndian: words[2]))
        let afterStore = stub &- UInt(UInt32(littleEndian: words[3]))
        if pc >= start && pc < afterLoad { return false } // the prologue: the host's value
        if pc >= afterStore && pc < stub { return false } // the epilogue: restoring the host's registers
        return true
    }
}

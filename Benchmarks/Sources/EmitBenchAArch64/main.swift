// Emission-speed benchmark for the AArch64 assembler.
//
// Emits `total` simple instructions (add reg, reg, #imm / ldr x, [x, #off] / b.cond #off, plus a mix round with
// register-register forms) into one mmap'd buffer that is reused across rounds, and reports instructions/s and MB/s.
import AArch64
import AssemblerCore
#if canImport(Glibc)
import Glibc
#endif

@inline(__always) func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

let perRound = 12 * 349_525                // instructions per round (~16 MiB of code; divisible by 3 and 4)
let rounds = 24                           // ~100M instructions in total
let capacity = perRound * 4 + 4096

/// One round: perRound instructions, cycling add-imm / ldr-offset / b.cond.
@inline(never)
func roundSimple(_ a: inout A64Assembler) throws(AssemblerError) {
    a.buffer.count = 0
    var i = 0
    while i < perRound {
        let r = UInt32(i & 15)
        try a.add(XSP(encoding: r), XSP(encoding: r &+ 1), i & 0xFFF)
        try a.ldr(X(encoding: r), .offset(XSP(encoding: r &+ 2), (i & 0x1FF) << 3))
        try a.b(.ne, offset: -8)
        i &+= 3
    }
}

/// One round of register-register forms (add shifted, mul, csel, fadd).
@inline(never)
func roundMix(_ a: inout A64Assembler) throws(AssemblerError) {
    a.buffer.count = 0
    var i = 0
    while i < perRound {
        let r = UInt32(i & 15)
        try a.add(X(encoding: r), X(encoding: r &+ 1), X(encoding: r &+ 2), .lsl, 3)
        a.mul(W(encoding: r), W(encoding: r &+ 3), W(encoding: r &+ 4))
        a.csel(X(encoding: r), X(encoding: r &+ 5), X(encoding: r &+ 6), .lt)
        a.fadd(D(encoding: r), D(encoding: r &+ 1), D(encoding: r &+ 2))
        i &+= 4
    }
}

func bench(_ name: String, _ asm: inout A64Assembler, _ body: (inout A64Assembler) throws(AssemblerError) -> Void) {
    do {
        try body(&asm)  // warm-up (faults in the pages)
        let t0 = now()
        for _ in 0..<rounds { try body(&asm) }
        let dt = now() - t0
        let n = Double(rounds * perRound)
        precondition(asm.buffer.count == perRound * 4 && !asm.buffer.leftExternalMemory)
        print("\(name): \(Int(n)) instructions in \(Double(Int(dt * 1000)) / 1000) s = \(Int(n / dt / 1e6)) M instr/s, \(Int(n * 4 / dt / 1e6)) MB/s")
    } catch {
        fatalError("encoder threw: \(error)")
    }
}

func main() {
    guard let mem = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), mem != MAP_FAILED else {
        fatalError("mmap failed")
    }
    var asm = A64Assembler(buffer: CodeBuffer(memory: mem, capacity: capacity))
    bench("add-imm/ldr/b.cond", &asm, roundSimple)
    bench("add-shift/mul/csel/fadd", &asm, roundMix)
    // Keep the code observable so the optimizer cannot drop it.
    print("checksum: \(asm.buffer.read32(at: 0) ^ asm.buffer.read32(at: perRound * 4 - 4))")
}
main()

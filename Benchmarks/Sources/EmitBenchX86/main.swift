// Emission-speed benchmark for the X86_64 assembler.
//
// Emits `total` simple instructions (a mix of `add r64, r64`, `mov r64, [base + disp]` and `jcc` to a recently
// bound label) into an mmap'd buffer that is reused across rounds, and reports instructions/s and MB/s.
// Usage: EmitBenchX86 [millions of instructions, default 100]
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AssemblerCore
import X86_64

func now(_ clock: clockid_t = CLOCK_MONOTONIC) -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

let millions = CommandLine.arguments.count > 1 ? (Int(CommandLine.arguments[1]) ?? 100) : 100
let total = millions * 1_000_000
let perRound = 1_000_002            // multiple of 3: one add, one load, one jcc
let capacity = 16 << 20             // enough for a round (about 4.7 bytes per instruction)

guard let region = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
      region != MAP_FAILED else {
    fatalError("mmap failed")
}

let conditions = Condition.allCases

@inline(never)
func emitRound(_ a: inout X86Assembler, _ n: Int) throws(AssemblerError) {
    a.reset()
    var label = a.newLabel()
    try a.bind(label)
    var i = 0
    while i < n {
        let r = GPR(i & 15), s = GPR((i >> 4) & 15)
        try a.add(.qword, r, s)
        try a.mov(.qword, s, Mem(r, Int32(truncatingIfNeeded: i & 0x1FF) - 256))
        try a.j(conditions[i & 15], label)
        i += 3
        if i & 63 == 0 {                  // a fresh backward target every 64 instructions
            label = a.newLabel()
            try a.bind(label)
        }
    }
}

@inline(never)
func emitAddsOnly(_ a: inout X86Assembler, _ n: Int) throws(AssemblerError) {
    a.reset()
    var i = 0
    while i < n {
        try a.add(.qword, GPR(i & 15), GPR((i >> 4) & 15))
        i += 1
    }
}

@inline(never)
func emitSIMD(_ a: inout X86Assembler, _ n: Int) throws(AssemblerError) {
    a.reset()
    var i = 0
    while i < n {
        let x = XMM(i & 15), y = XMM((i >> 4) & 15)
        a.paddd(x, y)
        try a.movdqu(y, Mem(GPR(i & 15), Int32(truncatingIfNeeded: i & 0xFF)))
        a.pshufd(x, y, UInt8(truncatingIfNeeded: i))
        i += 3
    }
}

/// `v` with `digits` decimals (no Foundation).
func fmt(_ v: Double, _ digits: Int = 1) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let n = Int((v * scale).rounded())
    let ip = n / Int(scale), fp = n % Int(scale)
    if digits == 0 { return "\(ip)" }
    var f = "\(fp)"
    while f.count < digits { f = "0" + f }
    return "\(ip).\(f)"
}

func run(_ name: String, _ body: (inout X86Assembler, Int) throws(AssemblerError) -> Void) {
    var a = X86Assembler(buffer: CodeBuffer(memory: region, capacity: capacity))
    // Warm-up round (page faults, label table capacity).
    do { try body(&a, perRound) } catch { fatalError("\(error)") }
    var instructions = 0
    var bytes = 0
    var checksum: UInt64 = 0
    let t0 = now(), c0 = now(CLOCK_THREAD_CPUTIME_ID)
    while instructions < total {
        do { try body(&a, perRound) } catch { fatalError("\(error)") }
        instructions += perRound
        bytes += a.offset
        checksum &+= UInt64(a.buffer.read32(at: a.offset - 4))
    }
    let dt = now() - t0, cpu = now(CLOCK_THREAD_CPUTIME_ID) - c0
    let left = a.buffer.leftExternalMemory
    let ips = Double(instructions) / dt
    let mbs = Double(bytes) / dt / 1e6
    print(name)
    print("  \(instructions) instructions, \(bytes) bytes in \(fmt(dt, 3)) s"
          + (left ? " (buffer left mmap'd memory!)" : ""))
    print("  wall: \(fmt(ips / 1e6)) M instructions/s, \(fmt(mbs)) MB/s"
          + "  [checksum \(checksum & 0xFFFF)]")
    print("  thread CPU time \(fmt(cpu, 3)) s: \(fmt(Double(instructions) / cpu / 1e6)) M instructions/s, "
          + "\(fmt(Double(bytes) / cpu / 1e6)) MB/s (less sensitive to a loaded machine)")
}

print("EmitBenchX86: \(millions)M instructions per benchmark, rounds of \(perRound), mmap'd \(capacity >> 20) MB buffer")
run("mix: add r64,r64 / mov r64,[r+disp] / jcc label", emitRound)
run("add r64,r64 only", emitAddsOnly)
run("SIMD: paddd / movdqu xmm,[r+disp] / pshufd", emitSIMD)
munmap(region, capacity)

import AArch64
import AssemblerCore
import SwasmABI
import WasmDecoder

/// Memory accesses, VM-context accesses, calls, traps and the module's shared stubs on AArch64.
extension A64MacroAssembler {
    typealias L = VMContextLayout

    static var ctxBase: XSP { sp(vmctx) }
    static var memBase: XSP { sp(memoryBase) }

    // MARK: Linear memory

    /// The address of a linear-memory access of `1 << scale` bytes: `x27 + zext(index) + offset`. Uses only
    /// x16 (x17 stays free for a store's immediate value). Within the 8 GiB reservation every such address is
    /// either accessible or faults on a guard page.
    mutating func address(index: Reg?, offset: UInt64, scale: Int) throws(AssemblerError) -> Mem {
        let fitsImm = offset < 256 || (offset & UInt64((1 << scale) - 1) == 0 && offset >> UInt64(scale) < 4096)
        if let index {
            let wi = Self.w(index)
            if offset == 0 { return .reg(Self.memBase, wi, signExtend: false) } // [x27, w, uxtw]
            if fitsImm {
                try asm.add(Self.sp(Self.ip0), Self.memBase, wi, .uxtw)
                return .offset(Self.sp(Self.ip0), Int(offset))
            }
            asm.mov(Self.ip0, offset)
            try asm.add(Self.sp(Self.ip0), Self.sp(Self.ip0), wi, .uxtw)
            return .reg(Self.memBase, Self.ip0)
        }
        if fitsImm { return .offset(Self.memBase, Int(offset)) }
        asm.mov(Self.ip0, offset)
        return .reg(Self.memBase, Self.ip0)
    }

    public mutating func boundsCheck(index: Reg?, offset: UInt64, size: Int, outOfBounds: Label) throws(AssemblerError)
    {
        // x16 = zext(index) + offset + size (at most 2^33 + 16: no overflow), compared unsigned.
        asm.mov(Self.ip0, offset + UInt64(size))
        if let index { try asm.add(Self.sp(Self.ip0), Self.sp(Self.ip0), Self.w(index), .uxtw) }
        try asm.ldr(Self.ip1, .offset(Self.ctxBase, L.memoryByteCount))
        try asm.cmp(Self.ip0, Self.ip1)
        try asm.b(.hi, outOfBounds)
    }

    static func scale(_ kind: LoadKind) -> Int {
        switch kind {
        case .i32From8S, .i32From8U, .i64From8S, .i64From8U: 0
        case .i32From16S, .i32From16U, .i64From16S, .i64From16U: 1
        case .i32, .f32, .i64From32S, .i64From32U: 2
        case .i64, .f64: 3
        }
    }

    static func scale(_ kind: StoreKind) -> Int {
        switch kind {
        case .i8: 0
        case .i16: 1
        case .i32, .f32, .i32From64: 2
        case .i64, .f64: 3
        }
    }

    public mutating func load(_ kind: LoadKind, _ dst: Reg, index: Reg?, offset: UInt64) throws(AssemblerError) -> Int {
        let m = try address(index: index, offset: offset, scale: Self.scale(kind))
        let at = asm.offset
        let w = Self.w(dst)
        let x = Self.x(dst)
        switch kind {
        case .i32: try asm.ldr(w, m)
        case .i64: try asm.ldr(x, m)
        case .f32: try asm.ldr(Self.s(dst), m)
        case .f64: try asm.ldr(Self.d(dst), m)
        case .i32From8S: try asm.ldrsb(w, m)
        case .i32From8U, .i64From8U: try asm.ldrb(w, m)
        case .i32From16S: try asm.ldrsh(w, m)
        case .i32From16U, .i64From16U: try asm.ldrh(w, m)
        case .i64From8S: try asm.ldrsb(x, m)
        case .i64From16S: try asm.ldrsh(x, m)
        case .i64From32S: try asm.ldrsw(x, m)
        case .i64From32U: try asm.ldr(w, m)
        }
        return at
    }

    public mutating func store(_ kind: StoreKind, _ src: Operand, index: Reg?, offset: UInt64) throws(AssemblerError)
        -> Int
    {
        let m = try address(index: index, offset: offset, scale: Self.scale(kind))
        // An immediate goes through x17 (or the zero register); the address uses only x16.
        var wv = W.wzr
        var xv = X.xzr
        switch src {
        case .reg(let r):
            wv = Self.w(r)
            xv = Self.x(r)
        case .imm(let i):
            if kind == .i64 || kind == .f64 {
                if i != 0 {
                    asm.mov(Self.ip1, UInt64(bitPattern: i))
                    xv = Self.ip1
                }
            } else {
                let v = UInt32(truncatingIfNeeded: i)
                let masked = kind == .i8 ? v & 0xFF : kind == .i16 ? v & 0xFFFF : v
                if masked != 0 {
                    asm.mov(Self.ip1.w, masked)
                    wv = Self.ip1.w
                }
            }
        }
        let at = asm.offset
        switch (kind, src) {
        case (.f32, .reg(let r)): try asm.str(Self.s(r), m)
        case (.f64, .reg(let r)): try asm.str(Self.d(r), m)
        case (.i32, _), (.i32From64, _), (.f32, .imm): try asm.str(wv, m)
        case (.i64, _), (.f64, .imm): try asm.str(xv, m)
        case (.i8, _): try asm.strb(wv, m)
        case (.i16, _): try asm.strh(wv, m)
        }
        return at
    }

    // MARK: VM context and pointers

    public mutating func loadIndirect(_ dst: Reg, vmctxField: Int, index: Int) throws(AssemblerError) {
        try loadFrom(.i64, dst, base: Self.ctxBase, offset: vmctxField)
        try loadFrom(.i64, dst, base: Self.sp(Self.x(dst)), offset: index * 8)
    }

    public mutating func loadFrom(_ type: ValueType, _ dst: Reg, pointer: Reg, offset: Int) throws(AssemblerError) {
        try loadFrom(type, dst, base: Self.sp(Self.x(pointer)), offset: offset)
    }

    public mutating func storeTo(_ type: ValueType, pointer: Reg, offset: Int, _ src: Reg) throws(AssemblerError) {
        try storeTo(type, base: Self.sp(Self.x(pointer)), offset: offset, src)
    }

    // MARK: Calls

    public mutating func setStackPointer(fpOffset: Int) throws(AssemblerError) {
        if Self.fitsAddImmediate(Int64(fpOffset)) {
            try asm.add(.sp, Self.fp, fpOffset)
        } else {
            asm.mov(Self.ip0, UInt64(bitPattern: Int64(fpOffset)))
            try asm.add(.sp, Self.fp, Self.ip0, .uxtx)
        }
    }

    public mutating func restoreStackPointer() throws(AssemblerError) {
        try frameSizeIntoIP0()
        try asm.sub(.sp, Self.fp, Self.ip0, .uxtx)
    }

    public mutating func callDirect() throws(AssemblerError) -> Int {
        let site = asm.offset
        try asm.bl(offset: 0)
        lastCallReturnOffset = asm.offset
        return site
    }

    public mutating func patchCall(at site: Int, target: Int) throws(AssemblerError) {
        let field = try A64Fixup.imm26.field(delta: target - site)
        asm.buffer.patch32(at: site, asm.buffer.read32(at: site) & 0xFC00_0000 | field)
    }

    public mutating func callImport(index: Int) throws(AssemblerError) {
        try asm.ldr(Self.ip0, .offset(Self.ctxBase, L.functionsBase))
        let m = try mem(Self.sp(Self.ip0), index * 8, scale: 3)
        try asm.ldr(Self.ip0, m)
        try callFunctionReference()
    }

    public mutating func callRef(_ ref: Reg) throws(AssemblerError) {
        asm.mov(Self.ip0, Self.x(ref))
        try callFunctionReference()
    }

    /// Calls the function reference in x16, switching to its VM context (which inherits this activation's
    /// entry SP and stack limit), then restores ours. All allocatable registers are free here.
    mutating func callFunctionReference() throws(AssemblerError) {
        let ref = Self.sp(Self.ip0)
        // Another instance's function: hand it this call's stack bounds and switch to its VM context and
        // memory. The same instance's (the common case) skips all of that.
        let sameInstance = asm.newLabel()
        try asm.ldr(X.x0, .offset(ref, FuncRefLayout.vmctx))
        try asm.cmp(X.x0, Self.vmctx)
        try asm.b(.eq, sameInstance)
        for field in [L.entrySP, L.stackLimit] {
            try asm.ldr(X.x1, .offset(Self.ctxBase, field))
            try asm.str(X.x1, .offset(Self.sp(X.x0), field))
        }
        asm.mov(Self.vmctx, X.x0)
        try asm.ldr(Self.memoryBase, .offset(Self.ctxBase, L.memoryBase))
        try asm.bind(sameInstance)
        try asm.ldr(Self.hostIndexRegister, .offset(ref, FuncRefLayout.hostIndex))
        try asm.ldr(Self.ip0, .offset(ref, FuncRefLayout.code))
        asm.blr(Self.ip0)
        lastCallReturnOffset = asm.offset
        try asm.ldr(Self.vmctx, .offset(Self.fp, Self.vmctxSlot))
        try asm.ldr(Self.memoryBase, .offset(Self.ctxBase, L.memoryBase))
    }

    /// Integer argument registers of runtime helpers, after the VM context in x0 (AAPCS64: x1…x5).
    public static let helperArgumentRegisters: [Reg] = [.gpr(1), .gpr(2), .gpr(3), .gpr(4), .gpr(5)]

    /// `x16` = the helper's address, then a direct call to the module's helper-call stub, which preserves every
    /// home register (they are callee-saved in the wasm convention, so they may hold any caller's locals).
    public mutating func callHelper(_ helper: Int, arguments: [Operand]) throws(AssemblerError) {
        precondition(arguments.count <= Self.helperArgumentRegisters.count, "too many helper arguments")
        // Arguments are either immediates or already in their argument registers (the code generator's job).
        for (i, a) in arguments.enumerated() {
            let r = Self.x(Self.helperArgumentRegisters[i])
            switch a {
            case .imm(let v): asm.mov(r, UInt64(bitPattern: v))
            case .reg(let s): if Self.x(s) != r { asm.mov(r, Self.x(s)) }
            }
        }
        asm.mov(X.x0, Self.vmctx)
        try asm.ldr(Self.ip0, .offset(Self.ctxBase, L.helpersBase))
        let m = try mem(Self.sp(Self.ip0), helper * 8, scale: 3)
        try asm.ldr(Self.ip0, m)
        try asm.bl(helperStubLabel())
        // x27 is callee-saved in AAPCS64; the memory base may have moved (memory.grow).
        try asm.ldr(Self.memoryBase, .offset(Self.ctxBase, L.memoryBase))
    }

    /// 16 bytes, with NOPs (never executed: functions are entered by calls). AArch64 cores are far less sensitive
    /// to loop alignment than x86-64 ones; the point is that a function's code does not depend on where it starts:
    /// its v128 literal pool is 16-byte aligned by offset, so a function compiled apart (a parallel compile's
    /// chunk, `ChunkJoin.swift`) must start at the same offset modulo 16 as in one buffer.
    public mutating func alignFunctionStart() {
        while asm.offset & 15 != 0 { asm.nop() }
    }

    /// The module's helper-call stub: called with the helper's address in `x16` and its arguments in x0…x5
    /// (none of them a home). Saves the home registers AAPCS64 does not preserve (x12–x15, v16–v30), calls the
    /// helper with the gas counter in the VM context, restores them and returns the helper's result in `x0`.
    public mutating func emitHelperCallStub() throws(AssemblerError) {
        try asm.bind(helperStubLabel())
        try asm.stp(X.x29, X.x30, .pre(.sp, -16))
        asm.movSP(Self.fp, .sp)
        let saved = Self.hostClobberedHomes
        try asm.sub(.sp, .sp, 16 * saved.count)
        for (k, r) in saved.enumerated() {
            try storeTo(r.isFloat ? .v128 : .i64, base: .sp, offset: 16 * k, r)
        }
        try asm.str(Self.gas, .offset(Self.ctxBase, L.gasRemaining))
        asm.blr(Self.ip0)
        try asm.ldr(Self.gas, .offset(Self.ctxBase, L.gasRemaining))
        for (k, r) in saved.enumerated() {
            try loadFrom(r.isFloat ? .v128 : .i64, r, base: .sp, offset: 16 * k)
        }
        asm.movSP(.sp, Self.fp)
        try asm.ldp(X.x29, X.x30, .post(.sp, 16))
        asm.ret()
    }

    public mutating func branchIfTrapped(_ target: Label) throws(AssemblerError) {
        try asm.ldr(Self.ip0.w, .offset(Self.ctxBase, L.trapCode))
        try asm.cbnz(Self.ip0.w, target)
    }

    /// call_indirect through table `table`: bounds, null and signature checks, then the call.
    public mutating func callIndirect(
        table: Int, typeIndex: Int, index: Reg, undefinedElement: Label,
        uninitializedElement: Label, signatureMismatch: Label
    ) throws(AssemblerError) {
        let i = Self.w(index)
        let t16 = Self.sp(Self.ip0)
        let t17 = Self.sp(Self.ip1)
        try asm.ldr(Self.ip0, .offset(Self.ctxBase, L.tablesBase))
        let tm = try mem(t16, table * 8, scale: 3)
        try asm.ldr(Self.ip0, tm)
        try asm.ldr(Self.ip1.w, .offset(t16, TableLayout.count))
        try asm.cmp(i, Self.ip1.w)
        try asm.b(.hs, undefinedElement)
        try asm.ldr(Self.ip0, .offset(t16, TableLayout.elements))
        try asm.ldr(Self.ip0, .reg(t16, i, signExtend: false, shift: 3)) // [x16, w_index, uxtw #3]
        try asm.cbz(Self.ip0, uninitializedElement)
        try asm.ldr(Self.ip1, .offset(Self.ctxBase, L.typeIDsBase))
        let typeMem = try mem(t17, typeIndex * 4, scale: 2, tmp: Self.ip1)
        try asm.ldr(Self.ip1.w, typeMem)
        let tmp = W(encoding: index.number == 0 ? 1 : 0)
        try asm.ldr(tmp, .offset(t16, FuncRefLayout.typeID))
        try asm.cmp(Self.ip1.w, tmp)
        try asm.b(.ne, signatureMismatch)
        try callFunctionReference()
    }

    // MARK: Metering

    /// `subs x26, x26, #cost; b.lo outOfGas` (the gas counter is unsigned; a borrow means it could not pay).
    /// The cost is patched into the `subs` (imm12, optionally `lsl #12`); a cost no immediate encodes turns the
    /// `subs` into a branch to an out-of-line veneer (see `patchGasCharge`).
    public mutating func gasCharge(outOfGas: Label) throws(AssemblerError) -> Int {
        let site = asm.offset
        try asm.subs(Self.gas, Self.sp(Self.gas), 0)
        try asm.b(.lo, outOfGas)
        return site
    }

    public mutating func patchGasCharge(at site: Int, cost: UInt32) throws(AssemblerError) {
        guard cost <= UInt32(Int32.max) else {
            throw AssemblerError(.immediateOutOfRange, "block cost \(cost) too large")
        }
        let subs = asm.buffer.read32(at: site)
        if cost < 4096 {
            asm.buffer.patch32(at: site, subs | cost << 10)
            return
        }
        if cost & 0xFFF == 0 && cost < 4096 << 12 {
            asm.buffer.patch32(at: site, subs | 1 << 22 | (cost >> 12) << 10)
            return
        }
        // Veneer at the current position (skipped by the straight-line code that reaches it):
        // `b over; veneer: mov x16, #cost; subs x26, x26, x16; b site+4; over:`; the site becomes `b veneer`, and
        // the `b.lo` at site+4 sees the veneer's flags.
        let over = asm.newLabel()
        try asm.b(over)
        let veneer = asm.offset
        asm.mov(Self.ip0, UInt64(cost))
        try asm.subs(Self.gas, Self.gas, Self.ip0)
        try asm.b(offset: site + 4 - asm.offset)
        try asm.bind(over)
        asm.buffer.patch32(at: site, 0x1400_0000 | (try A64Fixup.imm26.field(delta: veneer - site)))
    }

    public mutating func emitOutOfGasStub(cost: UInt32, trapExit: Label) throws(AssemblerError) {
        if Self.fitsAddImmediate(Int64(cost)) {
            try asm.add(Self.sp(Self.gas), Self.sp(Self.gas), Int(cost))
        } else {
            asm.mov(Self.ip0, UInt64(cost))
            try asm.add(Self.gas, Self.gas, Self.ip0)
        }
        try emitTrapStub(code: TrapCode.outOfGas.rawValue, detail: nil, trapExit: trapExit)
    }

    // MARK: Interruption

    public mutating func interruptCheck(interrupted: Label) throws(AssemblerError) {
        try asm.ldrb(Self.ip0.w, .offset(Self.ctxBase, L.interruptFlag))
        try asm.cbnz(Self.ip0.w, interrupted)
    }

    // MARK: Traps

    public mutating func emitTrapStub(code: UInt32, detail: Reg?, trapExit: Label) throws(AssemblerError) {
        let here = asm.newLabel()
        try asm.bind(here)
        if let detail { try asm.str(Self.x(detail), .offset(Self.ctxBase, L.trapAddress)) }
        if code != 0 {
            asm.mov(Self.ip0.w, code)
            try asm.str(Self.ip0.w, .offset(Self.ctxBase, L.trapCode))
        }
        try asm.adr(Self.ip0, here)
        try asm.str(Self.ip0, .offset(Self.ctxBase, L.trapPC))
        try asm.b(trapExit)
    }

    public mutating func trap(_ label: Label) throws(AssemblerError) { try asm.b(label) }

    // MARK: Jump tables

    public mutating func jumpTable(index: Reg, targets: [Label], defaultTarget: Label) throws(AssemblerError) {
        let i = Self.w(index)
        if Self.fitsAddImmediate(Int64(targets.count)) {
            try asm.cmp(WSP(encoding: i.encoding), targets.count)
        } else {
            asm.mov(Self.ip0.w, UInt32(targets.count))
            try asm.cmp(i, Self.ip0.w)
        }
        try asm.b(.hs, defaultTarget)
        let table = asm.newLabel()
        try asm.adr(Self.ip0, table)
        try asm.ldrsw(Self.x(index), .reg(Self.sp(Self.ip0), i, signExtend: false, shift: 2))
        try asm.add(Self.ip0, Self.ip0, Self.x(index))
        asm.br(Self.ip0)
        try asm.bind(table)
        let start = asm.offset
        for t in targets {
            let at = asm.offset
            if let p = asm.labels.position(of: t) {
                asm.buffer.emit32(UInt32(truncatingIfNeeded: p - start))
            } else {
                asm.buffer.emit32(0)
                tableEntries[t.id, default: []].append((at, start))
            }
        }
        dataRanges.append(start..<asm.offset)
    }

    // MARK: Module stubs

    /// Entry frame (192 bytes, `x29 = sp` = the frame's bottom):
    /// `[x29]` fp, `[+8]` lr, `[+16…+88]` x19–x28, `[+96…+152]` d8–d15, `[+160]` entry vmctx, `[+168]` buffer,
    /// `[+176]` the enclosing activation's entrySP (restored on exit). `vmctx.entrySP = x29`.
    static let entryFrameSize = 192
    static let entryVMContextSlot = 160
    static let entryBufferSlot = 168
    static let entryEnclosingSPSlot = 176

    /// `@convention(c) (x0 vmctx, x1 code, x2 buffer, x3 slotCount, x4 hostIndex) -> Int32` (0 = returned,
    /// 1 = trapped). `hostIndex` goes to w9, as calls through a function reference do (for host-function stubs).
    /// Buffer: M 16-byte argument slots in, M result slots out, then x0 at [16M] and v0 at [16M + 16].
    public mutating func emitEntryTrampoline(trapExit: Label) throws(AssemblerError) {
        let start = asm.offset
        let fp = Self.fp
        try asm.stp(X.x29, X.x30, .pre(.sp, -Self.entryFrameSize))
        asm.movSP(fp, .sp)
        for (k, r) in [19, 21, 23, 25, 27].enumerated() {
            try asm.stp(X(r), X(r + 1), .offset(fp, 16 + 16 * k))
        }
        for (k, r) in [8, 10, 12, 14].enumerated() {
            try asm.stp(D(r), D(r + 1), .offset(fp, 96 + 16 * k))
        }
        try asm.stp(X.x0, X.x2, .offset(fp, Self.entryVMContextSlot))
        try asm.ldr(Self.ip0, .offset(Self.sp(X.x0), L.entrySP))
        try asm.str(Self.ip0, .offset(fp, Self.entryEnclosingSPSlot))
        asm.mov(Self.vmctx, X.x0)
        try asm.ldr(Self.memoryBase, .offset(Self.ctxBase, L.memoryBase))
        try asm.ldr(Self.gas, .offset(Self.ctxBase, L.gasRemaining))
        let afterLoad = asm.offset
        asm.movSP(Self.sp(Self.ip0), .sp)
        try asm.str(Self.ip0, .offset(Self.ctxBase, L.entrySP))
        // Argument area: sp -= 16 * M; slot i at [sp + 16 * (M - 1 - i)], filled from the top down.
        try asm.lsl(Self.ip1, X.x3, 4)
        try asm.sub(.sp, .sp, Self.ip1, .uxtx)
        let call = asm.newLabel()
        let copyIn = asm.newLabel()
        try asm.cbz(X.x3, call)
        let q31 = Self.fscratch.q
        asm.mov(Self.ip1, X.x29) // cursor: top of the argument area
        try asm.bind(copyIn)
        try asm.ldr(q31, .post(Self.sp(X.x2), 16))
        try asm.str(q31, .pre(Self.sp(Self.ip1), -16))
        try asm.subs(X.x3, Self.sp(X.x3), 1)
        try asm.b(.ne, copyIn)
        try asm.bind(call)
        asm.mov(Self.hostIndexRegister, W.w4)
        asm.blr(X.x1)
        // Results: the callee returned with sp = the argument area, so 16 * M = x29 - sp.
        try asm.ldr(X.x2, .offset(fp, Self.entryBufferSlot))
        asm.movSP(Self.sp(Self.ip0), .sp)
        try asm.sub(X.x3, X.x29, Self.ip0)
        try asm.add(Self.ip1, X.x2, X.x3)
        try asm.str(X.x0, .offset(Self.sp(Self.ip1), 0))
        try asm.str(Q(encoding: 0), .offset(Self.sp(Self.ip1), 16))
        let copyOut = asm.newLabel()
        let done = asm.newLabel()
        try asm.cbz(X.x3, done)
        asm.mov(Self.ip0, X.x29) // result j at [x29 - 16 * (j + 1)]
        try asm.bind(copyOut)
        try asm.ldr(q31, .pre(Self.sp(Self.ip0), -16))
        try asm.str(q31, .post(Self.sp(X.x2), 16))
        try asm.subs(X.x3, Self.sp(X.x3), 16)
        try asm.b(.ne, copyOut)
        try asm.bind(done)
        asm.mov(W.w0, UInt32(0))
        let exit = asm.newLabel()
        try asm.bind(exit)
        try asm.ldr(X.x1, .offset(fp, Self.entryVMContextSlot))
        try asm.str(Self.gas, .offset(Self.sp(X.x1), L.gasRemaining))
        let afterStore = asm.offset
        try asm.ldr(X.x2, .offset(fp, Self.entryEnclosingSPSlot))
        try asm.str(X.x2, .offset(Self.sp(X.x1), L.entrySP))
        asm.movSP(.sp, fp)
        for (k, r) in [19, 21, 23, 25, 27].enumerated() {
            try asm.ldp(X(r), X(r + 1), .offset(.sp, 16 + 16 * k))
        }
        for (k, r) in [8, 10, 12, 14].enumerated() {
            try asm.ldp(D(r), D(r + 1), .offset(.sp, 96 + 16 * k))
        }
        try asm.ldp(X.x29, X.x30, .post(.sp, Self.entryFrameSize))
        asm.ret()
        let window = asm.offset
        emitGasWindow(start: start, afterLoad: afterLoad, afterStore: afterStore, into: &asm.buffer)
        dataRanges.append(window..<asm.offset)

        // Trap exit: x28 = the VM context that recorded the trap (signal handler or stub).
        // Trap exit: x28 = the VM context that recorded the trap, x29 = the trapping function's frame. First record
        // the wasm backtrace: walk the frame-pointer chain up to the entry frame (x29 == entrySP) and store each
        // return address in the entry context's backtrace buffer.
        try asm.bind(trapExit)
        try asm.ldr(X.x0, .offset(Self.ctxBase, L.entrySP)) // the entry frame's x29
        try asm.ldr(X.x1, .offset(Self.sp(X.x0), Self.entryVMContextSlot))
        try asm.ldr(X.x2, .offset(Self.sp(X.x1), L.backtraceBuffer))
        let walk = asm.newLabel()
        let walkDone = asm.newLabel()
        let noBuffer = asm.newLabel()
        try asm.cbz(X.x2, noBuffer)
        asm.mov(X.x3, UInt64(0))
        asm.mov(X.x4, X.x29)
        try asm.bind(walk)
        try asm.cmp(X.x4, X.x0)
        try asm.b(.eq, walkDone)
        try asm.cbz(X.x4, walkDone)
        try asm.cmp(Self.sp(X.x3), Int(L.backtraceCapacity))
        try asm.b(.hs, walkDone)
        try asm.ldr(X.x5, .offset(Self.sp(X.x4), 8))
        try asm.add(X.x6, X.x2, X.x3, .lsl, 3)
        try asm.str(X.x5, .offset(Self.sp(X.x6), 8))
        try asm.add(Self.sp(X.x3), Self.sp(X.x3), 1)
        try asm.ldr(X.x4, .offset(Self.sp(X.x4), 0))
        try asm.b(walk)
        try asm.bind(walkDone)
        try asm.str(X.x3, .offset(Self.sp(X.x2), 0))
        try asm.bind(noBuffer)
        try asm.ldr(Self.ip0, .offset(Self.ctxBase, L.entrySP))
        asm.movSP(.sp, Self.sp(Self.ip0))
        asm.movSP(fp, .sp)
        try asm.ldr(X.x1, .offset(fp, Self.entryVMContextSlot))
        // The trap code is a word: the interrupt flag after it belongs to each context.
        try asm.ldr(Self.ip0.w, .offset(Self.ctxBase, L.trapCode))
        try asm.str(Self.ip0.w, .offset(Self.sp(X.x1), L.trapCode))
        for field in [L.trapPC, L.trapAddress] {
            try asm.ldr(Self.ip0, .offset(Self.ctxBase, field))
            try asm.str(Self.ip0, .offset(Self.sp(X.x1), field))
        }
        let same = asm.newLabel()
        try asm.cmp(Self.vmctx, X.x1)
        try asm.b(.eq, same)
        try asm.str(W.wzr, .offset(Self.ctxBase, L.trapCode))
        try asm.bind(same)
        asm.mov(W.w0, UInt32(1))
        try asm.b(exit)
    }

    /// Called (via a function reference) for host imports: x28 = the importing instance, w9 = import index,
    /// arguments in the caller's argument area at [sp] on entry. Calls the `hostCall` helper; a single result
    /// comes back in x0 and is copied to v0 too.
    /// Home registers AAPCS64 does not preserve (x19–x28 are callee-saved; v16–v31 and x9–x15 are not): the
    /// host-call stub saves them around the host call (homes are callee-saved in the wasm convention).
    static let hostClobberedHomes: [Reg] = (homeGPRs + homeFPRs).filter { $0.isFloat || !(19...28).contains($0.number) }

    public mutating func emitHostCallStub(trapExit: Label) throws(AssemblerError) {
        try asm.stp(X.x29, X.x30, .pre(.sp, -16))
        asm.movSP(Self.fp, .sp)
        let saved = Self.hostClobberedHomes
        try asm.sub(.sp, .sp, 16 * saved.count)
        for (k, r) in saved.enumerated() {
            try storeTo(r.isFloat ? .v128 : .i64, base: Self.fp, offset: -16 * (k + 1), r)
        }
        asm.mov(X.x0, Self.vmctx)
        asm.mov(W.w1, Self.hostIndexRegister)
        try asm.add(Self.sp(X.x2), Self.fp, 16)
        try asm.ldr(Self.ip0, .offset(Self.ctxBase, L.helpersBase))
        try asm.ldr(Self.ip0, .offset(Self.sp(Self.ip0), RuntimeHelper.hostCall.rawValue * 8))
        try asm.str(Self.gas, .offset(Self.ctxBase, L.gasRemaining))
        asm.blr(Self.ip0)
        try asm.ldr(Self.gas, .offset(Self.ctxBase, L.gasRemaining))
        asm.fmov(D(0), X.x0)
        try asm.ldr(Self.ip0.w, .offset(Self.ctxBase, L.trapCode))
        try asm.cbnz(Self.ip0.w, trapExit)
        try asm.ldr(Self.memoryBase, .offset(Self.ctxBase, L.memoryBase))
        for (k, r) in saved.enumerated() {
            try loadFrom(r.isFloat ? .v128 : .i64, r, base: Self.fp, offset: -16 * (k + 1))
        }
        asm.movSP(.sp, Self.fp)
        try asm.ldp(X.x29, X.x30, .post(.sp, 16))
        asm.ret()
    }
}

import AssemblerCore
import SwasmABI
import WasmDecoder
import X86_64

/// Memory accesses, VM-context accesses, calls, traps and the module's shared stubs on x86-64.
extension X64MacroAssembler {
    typealias L = VMContextLayout

    @inline(__always) static func ctx(_ field: Int) -> Mem { Mem(vmctx, Int32(field)) }

    /// The address of a linear-memory access: `r15 + zext(index) + offset`. Within the 8 GiB reservation every
    /// such address is either accessible or faults on a guard page.
    @inline(__always)
    mutating func address(index: Reg?, offset: UInt64) throws(AssemblerError) -> Mem {
        if let index {
            if offset <= UInt64(Int32.max) { return Mem(Self.memoryBase, Self.g(index), .x1, Int32(offset)) }
            try asm.movImm(Self.scratch, Int64(offset))
            try asm.add(.qword, Self.scratch, Self.g(index))
            return Mem(Self.memoryBase, Self.scratch, .x1, 0)
        }
        if offset <= UInt64(Int32.max) { return Mem(Self.memoryBase, Int32(offset)) }
        try asm.movImm(Self.scratch, Int64(offset))
        return Mem(Self.memoryBase, Self.scratch, .x1, 0)
    }

    public mutating func boundsCheck(index: Reg?, offset: UInt64, size: Int, outOfBounds: Label) throws(AssemblerError)
    {
        // r11 = zext(index) + offset + size (at most 2^33 + 16: no 64-bit overflow), compared unsigned.
        let end = offset + UInt64(size)
        if let index, end <= UInt64(Int32.max) {
            // One lea: the index register's upper half is zero (i32 values are kept zero-extended).
            try asm.lea(.qword, Self.scratch, Mem(Self.g(index), Int32(end)))
        } else {
            try asm.movImm(Self.scratch, Int64(end))
            if let index { try asm.add(.qword, Self.scratch, Self.g(index)) }
        }
        try asm.cmp(.qword, Self.scratch, Self.ctx(L.memoryByteCount))
        try asm.j(.a, outOfBounds)
    }

    public mutating func load(_ kind: LoadKind, _ dst: Reg, index: Reg?, offset: UInt64) throws(AssemblerError) -> Int {
        let m = try address(index: index, offset: offset)
        let at = asm.offset
        let d = Self.g(dst)
        switch kind {
        case .i32: try asm.mov(.dword, d, m)
        case .i64: try asm.mov(.qword, d, m)
        case .f32: try asm.movss(Self.x(dst), m)
        case .f64: try asm.movsd(Self.x(dst), m)
        case .i32From8S: try asm.movsx(.dword, d, .byte, m)
        case .i32From8U: try asm.movzx(.dword, d, .byte, m)
        case .i32From16S: try asm.movsx(.dword, d, .word, m)
        case .i32From16U: try asm.movzx(.dword, d, .word, m)
        case .i64From8S: try asm.movsx(.qword, d, .byte, m)
        case .i64From8U: try asm.movzx(.dword, d, .byte, m)
        case .i64From16S: try asm.movsx(.qword, d, .word, m)
        case .i64From16U: try asm.movzx(.dword, d, .word, m)
        case .i64From32S: try asm.movsxd(d, m)
        case .i64From32U: try asm.mov(.dword, d, m)
        }
        return at
    }

    public mutating func store(_ kind: StoreKind, _ src: Operand, index: Reg?, offset: UInt64) throws(AssemblerError)
        -> Int
    {
        let m = try address(index: index, offset: offset)
        let at = asm.offset
        switch (kind, src) {
        case (.f32, .reg(let r)): try asm.movss(m, Self.x(r))
        case (.f64, .reg(let r)): try asm.movsd(m, Self.x(r))
        case (.i32, .reg(let r)), (.i32From64, .reg(let r)): try asm.mov(.dword, m, Self.g(r))
        case (.i64, .reg(let r)): try asm.mov(.qword, m, Self.g(r))
        case (.i8, .reg(let r)): try asm.mov(.byte, m, Self.g(r))
        case (.i16, .reg(let r)): try asm.mov(.word, m, Self.g(r))
        case (.i32, .imm(let i)), (.i32From64, .imm(let i)), (.f32, .imm(let i)):
            try asm.mov(.dword, m, Int64(Int32(truncatingIfNeeded: i)))
        case (.i64, .imm(let i)), (.f64, .imm(let i)): try asm.mov(.qword, m, i)
        case (.i8, .imm(let i)): try asm.mov(.byte, m, Int64(Int8(truncatingIfNeeded: i)))
        case (.i16, .imm(let i)): try asm.mov(.word, m, Int64(Int16(truncatingIfNeeded: i)))
        }
        return at
    }

    public mutating func loadIndirect(_ dst: Reg, vmctxField: Int, index: Int) throws(AssemblerError) {
        try asm.mov(.qword, Self.g(dst), Self.ctx(vmctxField))
        try asm.mov(.qword, Self.g(dst), Mem(Self.g(dst), Int32(index * 8)))
    }

    public mutating func loadFrom(_ type: ValueType, _ dst: Reg, pointer: Reg, offset: Int) throws(AssemblerError) {
        try loadFrom(type, dst, mem: Mem(Self.g(pointer), Int32(offset)))
    }

    public mutating func storeTo(_ type: ValueType, pointer: Reg, offset: Int, _ src: Reg) throws(AssemblerError) {
        try storeTo(type, mem: Mem(Self.g(pointer), Int32(offset)), src)
    }

    // MARK: Calls

    public mutating func setStackPointer(fpOffset: Int) throws(AssemblerError) {
        try asm.lea(.qword, .rsp, Self.slot(fpOffset))
    }

    public mutating func restoreStackPointer() throws(AssemblerError) {
        try asm.lea(.qword, .rsp, Mem(.rbp, -0x7fff_fff0))
        frameSizeSites.append((asm.offset - 4, true))
    }

    public mutating func callDirect() throws(AssemblerError) -> Int {
        asm.buffer.reserve(16)
        asm.buffer.put8(0xE8)
        asm.buffer.put32(0)
        lastCallReturnOffset = asm.offset
        return asm.offset - 4
    }

    public mutating func patchCall(at site: Int, target: Int) throws(AssemblerError) {
        asm.buffer.patch32(at: site, UInt32(bitPattern: Int32(target - (site + 4))))
    }

    public mutating func callImport(index: Int) throws(AssemblerError) {
        try asm.mov(.qword, Self.scratch, Self.ctx(L.functionsBase))
        try asm.mov(.qword, Self.scratch, Mem(Self.scratch, Int32(index * 8)))
        try callFunctionReference()
    }

    public mutating func callRef(_ ref: Reg) throws(AssemblerError) {
        try asm.mov(.qword, Self.scratch, Self.g(ref))
        try callFunctionReference()
    }

    /// Calls the function reference in r11, switching to its VM context (which inherits this activation's
    /// entry SP, stack limit and gas), then restores ours. All allocatable registers are free here.
    mutating func callFunctionReference() throws(AssemblerError) {
        // Another instance's function: hand it this call's stack bounds and switch to its VM context and
        // memory. The same instance's (the common case) skips all of that.
        let sameInstance = asm.newLabel()
        try asm.mov(.qword, .rax, Mem(Self.scratch, Int32(FuncRefLayout.vmctx)))
        try asm.cmp(.qword, .rax, Self.vmctx)
        try asm.j(.e, sameInstance, short: true)
        for field in [L.entrySP, L.stackLimit] {
            try asm.mov(.qword, .rcx, Self.ctx(field))
            try asm.mov(.qword, Mem(.rax, Int32(field)), .rcx)
        }
        try asm.mov(.qword, Self.vmctx, .rax)
        try asm.mov(.qword, Self.memoryBase, Self.ctx(L.memoryBase))
        try asm.bind(sameInstance)
        try asm.mov(.dword, .r10, Mem(Self.scratch, Int32(FuncRefLayout.hostIndex)))
        try asm.call(Mem(Self.scratch, Int32(FuncRefLayout.code)))
        lastCallReturnOffset = asm.offset
        try asm.mov(.qword, Self.vmctx, Self.slot(Self.vmctxSlot))
        try asm.mov(.qword, Self.memoryBase, Self.ctx(L.memoryBase))
    }

    /// Registers the code generator puts a runtime helper's integer arguments in (after the VM context): the
    /// operand registers `rax rdx rcx r10`, never homes. The helper-call stub saves the homes first, then moves
    /// them to System V's `rsi rdx rcx r8` (rdx and rcx are already in place).
    public static let helperArgumentRegisters: [Reg] = [.gpr(0), .gpr(2), .gpr(1), .gpr(10)]

    /// `r11` = the helper's address, then a direct call to the module's helper-call stub, which preserves every
    /// home register (they are callee-saved in the wasm convention, so they may hold any caller's locals).
    public mutating func callHelper(_ helper: Int, arguments: [Operand]) throws(AssemblerError) {
        precondition(arguments.count <= Self.helperArgumentRegisters.count, "too many helper arguments")
        // Arguments are either immediates or already in their argument registers (the code generator's job).
        for (i, a) in arguments.enumerated() {
            let r = Self.g(Self.helperArgumentRegisters[i])
            switch a {
            case .imm(let v): try asm.movImm(r, v)
            case .reg(let s): if Self.g(s) != r { try asm.mov(.qword, r, Self.g(s)) }
            }
        }
        try asm.mov(.qword, Self.scratch, Self.ctx(L.helpersBase))
        try asm.mov(.qword, Self.scratch, Mem(Self.scratch, Int32(helper * 8)))
        asm.call(helperStubLabel())
        try asm.mov(.qword, Self.memoryBase, Self.ctx(L.memoryBase))
    }

    /// 64 bytes (a cache line), with multi-byte NOPs (never executed: functions are entered by calls). Without it
    /// the stubs' size decides where hot loops fall: sieve ran 1.14–1.25× slower after the helper-call stub grew
    /// the stubs by 174 bytes, with identical code.
    public mutating func alignFunctionStart() { asm.align(64) }

    /// The module's helper-call stub: called with the helper's address in `r11` and its arguments in
    /// `helperArgumentRegisters`. Saves the home registers System V does not preserve, calls the helper with
    /// the VM context first and the gas counter in the VM context, restores them and returns the helper's
    /// result in `rax`.
    public mutating func emitHelperCallStub() throws(AssemblerError) {
        try asm.bind(helperStubLabel())
        try asm.push(.rbp)
        try asm.mov(.qword, .rbp, .rsp)
        try saveClobberedHomes()
        try asm.mov(.qword, .rdi, Self.vmctx)
        try asm.mov(.qword, .rsi, .rax)
        try asm.mov(.qword, .r8, .r10)
        try asm.and(.qword, .rsp, -16)
        try asm.mov(.qword, Self.ctx(L.gasRemaining), Self.gas)
        try asm.call(Self.scratch)
        try asm.mov(.qword, Self.gas, Self.ctx(L.gasRemaining))
        try restoreClobberedHomes()
        try asm.mov(.qword, .rsp, .rbp)
        try asm.pop(.rbp)
        asm.ret()
    }

    public mutating func branchIfTrapped(_ target: Label) throws(AssemblerError) {
        try asm.cmp(.dword, Self.ctx(L.trapCode), 0)
        try asm.j(.ne, target)
    }

    /// call_indirect through table `table`: bounds, null and signature checks, then the call.
    public mutating func callIndirect(
        table: Int, typeIndex: Int, index: Reg, undefinedElement: Label,
        uninitializedElement: Label, signatureMismatch: Label
    ) throws(AssemblerError) {
        let i = Self.g(index)
        try asm.mov(.qword, Self.scratch, Self.ctx(L.tablesBase))
        try asm.mov(.qword, Self.scratch, Mem(Self.scratch, Int32(table * 8)))
        try asm.cmp(.dword, i, Mem(Self.scratch, Int32(TableLayout.count)))
        try asm.j(.ae, undefinedElement)
        try asm.mov(.qword, Self.scratch, Mem(Self.scratch, Int32(TableLayout.elements)))
        try asm.mov(.qword, Self.scratch, Mem(Self.scratch, i, .x8, 0))
        try asm.test(.qword, Self.scratch, Self.scratch)
        try asm.j(.e, uninitializedElement)
        let tmp: GPR = i == .rax ? .rcx : .rax
        try asm.mov(.qword, tmp, Self.ctx(L.typeIDsBase))
        try asm.mov(.dword, tmp, Mem(tmp, Int32(typeIndex * 4)))
        try asm.cmp(.dword, tmp, Mem(Self.scratch, Int32(FuncRefLayout.typeID)))
        try asm.j(.ne, signatureMismatch)
        try callFunctionReference()
    }

    // MARK: Metering

    /// `sub r13, imm32; jb outOfGas` (the gas counter is unsigned; a borrow means it could not pay).
    public mutating func gasCharge(outOfGas: Label) throws(AssemblerError) -> Int {
        try asm.sub(.qword, Self.gas, 0x7fff_fff0)
        let site = asm.offset - 4
        try asm.j(.b, outOfGas)
        return site
    }

    public mutating func patchGasCharge(at site: Int, cost: UInt32) throws(AssemblerError) {
        guard cost <= UInt32(Int32.max) else {
            throw AssemblerError(.immediateOutOfRange, "block cost \(cost) too large")
        }
        asm.buffer.patch32(at: site, cost)
    }

    public mutating func emitOutOfGasStub(cost: UInt32, trapExit: Label) throws(AssemblerError) {
        try asm.add(.qword, Self.gas, Int64(cost))
        try emitTrapStub(code: TrapCode.outOfGas.rawValue, detail: nil, trapExit: trapExit)
    }

    // MARK: Interruption

    public mutating func interruptCheck(interrupted: Label) throws(AssemblerError) {
        try asm.cmp(.byte, Self.ctx(L.interruptFlag), 0)
        try asm.j(.ne, interrupted)
    }

    // MARK: Traps

    public mutating func emitTrapStub(code: UInt32, detail: Reg?, trapExit: Label) throws(AssemblerError) {
        // The stub's own address, RIP-relative without a label (one stub per trap site: labels cost more than the
        // stub's four instructions). `lea r64, [rip + disp32]` is 7 bytes.
        let here = asm.offset
        if let detail { try asm.mov(.qword, Self.trapAddressField, Self.g(detail)) }
        if code != 0 { try asm.mov(.dword, Self.trapCodeField, Int64(code)) }
        let leaEnd = asm.offset + 7
        try asm.lea(.qword, Self.scratch, .rip(Int32(here - leaEnd)))
        precondition(asm.offset == leaEnd, "lea [rip + disp32] is 7 bytes")
        try asm.mov(.qword, Self.trapPCField, Self.scratch)
        try asm.jmp(trapExit)
    }

    /// The VM-context fields every trap stub writes.
    static var trapAddressField: Mem { ctx(L.trapAddress) }
    static var trapCodeField: Mem { ctx(L.trapCode) }
    static var trapPCField: Mem { ctx(L.trapPC) }

    public mutating func trap(_ label: Label) throws(AssemblerError) { try asm.jmp(label) }

    public mutating func jumpTable(index: Reg, targets: [Label], defaultTarget: Label) throws(AssemblerError) {
        let i = Self.g(index)
        try asm.cmp(.dword, i, Int64(targets.count))
        try asm.j(.ae, defaultTarget)
        let table = asm.newLabel()
        try asm.lea(.qword, Self.scratch, .rip(table))
        try asm.movsxd(i, Mem(Self.scratch, i, .x4, 0))
        try asm.add(.qword, Self.scratch, i)
        try asm.jmp(Self.scratch)
        asm.align(4)
        try asm.bind(table)
        for t in targets { try asm.jumpTableEntry(t, relativeTo: table) }
    }

    // MARK: Module stubs

    /// `@convention(c) (vmctx, code, buffer, slotCount, hostIndex) -> Int32` (0 = returned, 1 = trapped).
    /// `hostIndex` goes to r10d, as calls through a function reference do (for host-function stubs).
    /// Entry frame: rbp-8..-40 callee-saved rbx r12 r13 r14 r15, rbp-48 entry vmctx, rbp-56 buffer,
    /// rbp-64 the enclosing activation's entrySP (restored on exit). `vmctx.entrySP = rbp - 64`.
    /// Buffer: M 16-byte argument slots in, M result slots out, then rax at [16M] and xmm0 at [16M + 16].
    public mutating func emitEntryTrampoline(trapExit: Label) throws(AssemblerError) {
        let start = asm.offset
        try asm.push(.rbp)
        try asm.mov(.qword, .rbp, .rsp)
        for r in [GPR.rbx, .r12, .r13, .r14, .r15] { try asm.push(r) }
        try asm.push(.rdi)
        try asm.push(.rdx)
        try asm.push(Mem(.rdi, Int32(L.entrySP)))
        try asm.mov(.qword, Self.vmctx, .rdi)
        try asm.mov(.qword, Self.memoryBase, Self.ctx(L.memoryBase))
        try asm.mov(.qword, Self.gas, Self.ctx(L.gasRemaining))
        let afterLoad = asm.offset
        try asm.mov(.qword, Self.ctx(L.entrySP), .rsp)
        try asm.mov(.qword, .rax, .rcx)
        try asm.shl(.qword, .rax, 4)
        try asm.sub(.qword, .rsp, .rax)
        let call = asm.newLabel()
        let copyIn = asm.newLabel()
        try asm.test(.qword, .rcx, .rcx)
        try asm.j(.e, call)
        try asm.lea(.qword, .r8, Mem(.rsp, .rax, .x1, -16))
        try asm.bind(copyIn)
        try asm.movdqu(Self.fscratch, Mem(.rdx, 0))
        try asm.movdqu(Mem(.r8, 0), Self.fscratch)
        try asm.add(.qword, .rdx, 16)
        try asm.sub(.qword, .r8, 16)
        try asm.dec(.qword, .rcx)
        try asm.j(.ne, copyIn)
        try asm.bind(call)
        try asm.mov(.dword, .r10, .r8)
        try asm.call(.rsi)
        // Results
        try asm.mov(.qword, .rdx, Mem(.rbp, -56))
        try asm.lea(.qword, .r8, Mem(.rbp, -64))
        try asm.sub(.qword, .r8, .rsp) // r8 = 16 * M
        try asm.mov(.qword, Mem(.rdx, .r8, .x1, 0), .rax)
        try asm.movdqu(Mem(.rdx, .r8, .x1, 16), .xmm0)
        let copyOut = asm.newLabel()
        let done = asm.newLabel()
        try asm.lea(.qword, .r9, Mem(.rsp, .r8, .x1, -16))
        try asm.test(.qword, .r8, .r8)
        try asm.j(.e, done)
        try asm.bind(copyOut)
        try asm.movdqu(Self.fscratch, Mem(.r9, 0))
        try asm.movdqu(Mem(.rdx, 0), Self.fscratch)
        try asm.add(.qword, .rdx, 16)
        try asm.sub(.qword, .r9, 16)
        try asm.sub(.qword, .r8, 16)
        try asm.j(.ne, copyOut)
        try asm.bind(done)
        try asm.xor(.dword, .rax, .rax)
        let exit = asm.newLabel()
        try asm.bind(exit)
        try asm.mov(.qword, .rdi, Mem(.rbp, -48))
        try asm.mov(.qword, Mem(.rdi, Int32(L.gasRemaining)), Self.gas)
        let afterStore = asm.offset
        try asm.mov(.qword, .rcx, Mem(.rbp, -64))
        try asm.mov(.qword, Mem(.rdi, Int32(L.entrySP)), .rcx)
        try asm.lea(.qword, .rsp, Mem(.rbp, -40))
        for r in [GPR.r15, .r14, .r13, .r12, .rbx] { try asm.pop(r) }
        try asm.pop(.rbp)
        asm.ret()
        asm.align(4)
        emitGasWindow(start: start, afterLoad: afterLoad, afterStore: afterStore, into: &asm.buffer)

        // Trap exit: r14 = the VM context that recorded the trap (signal handler or stub), rbp = the frame of the
        // trapping function. First record the wasm backtrace: walk the rbp chain up to the entry frame and store
        // each return address in the entry context's backtrace buffer.
        try asm.bind(trapExit)
        try asm.mov(.qword, .rax, Self.ctx(L.entrySP))
        try asm.lea(.qword, .rax, Mem(.rax, 64)) // the entry frame's rbp
        try asm.mov(.qword, .rcx, Mem(.rax, -48)) // entry vmctx
        try asm.mov(.qword, .rdx, Mem(.rcx, Int32(L.backtraceBuffer)))
        let walkDone = asm.newLabel()
        let walk = asm.newLabel()
        let noBuffer = asm.newLabel()
        try asm.test(.qword, .rdx, .rdx)
        try asm.j(.e, noBuffer)
        try asm.xor(.dword, .r8, .r8)
        try asm.mov(.qword, .r9, .rbp)
        try asm.bind(walk)
        try asm.cmp(.qword, .r9, .rax)
        try asm.j(.e, walkDone)
        try asm.test(.qword, .r9, .r9)
        try asm.j(.e, walkDone)
        try asm.cmp(.qword, .r8, Int64(L.backtraceCapacity))
        try asm.j(.ae, walkDone)
        try asm.mov(.qword, .r10, Mem(.r9, 8))
        try asm.mov(.qword, Mem(.rdx, .r8, .x8, 8), .r10)
        try asm.inc(.qword, .r8)
        try asm.mov(.qword, .r9, Mem(.r9, 0))
        try asm.jmp(walk)
        try asm.bind(walkDone)
        try asm.mov(.qword, Mem(.rdx, 0), .r8)
        try asm.bind(noBuffer)
        try asm.mov(.qword, .rsp, Self.ctx(L.entrySP))
        try asm.lea(.qword, .rbp, Mem(.rsp, 64))
        try asm.mov(.qword, .rdi, Mem(.rbp, -48))
        // The trap code is a dword: the interrupt flag after it belongs to each context.
        try asm.mov(.dword, .rax, Self.ctx(L.trapCode))
        try asm.mov(.dword, Mem(.rdi, Int32(L.trapCode)), .rax)
        for field in [L.trapPC, L.trapAddress] {
            try asm.mov(.qword, .rax, Self.ctx(field))
            try asm.mov(.qword, Mem(.rdi, Int32(field)), .rax)
        }
        let same = asm.newLabel()
        try asm.cmp(.qword, Self.vmctx, .rdi)
        try asm.j(.e, same, short: true)
        try asm.mov(.dword, Self.ctx(L.trapCode), 0)
        try asm.bind(same)
        try asm.mov(.dword, .rax, 1)
        try asm.jmp(exit)
    }

    /// Called (via a function reference) for host imports: r14 = the importing instance, r10d = import index,
    /// arguments in the caller's argument area at [rsp + 8]. Calls the `hostCall` helper; a single result
    /// comes back in rax and is copied to xmm0 too.
    /// Home registers the System V ABI does not preserve: the host-call stub saves them around the host call
    /// (homes are callee-saved in the wasm convention).
    static let hostClobberedHomes: [Reg] = (homeGPRs + homeFPRs).filter {
        $0.isFloat || ![3, 5, 12, 13, 14, 15].contains($0.number)
    }

    /// In a stub's frame (after `push rbp; mov rbp, rsp`): make room for and store `hostClobberedHomes`.
    mutating func saveClobberedHomes() throws(AssemblerError) {
        let saved = Self.hostClobberedHomes
        try asm.sub(.qword, .rsp, Int64(16 * saved.count))
        for (k, r) in saved.enumerated() {
            try storeTo(r.isFloat ? .v128 : .i64, mem: Self.slot(-16 * (k + 1)), r)
        }
    }

    /// Reload what `saveClobberedHomes` stored.
    mutating func restoreClobberedHomes() throws(AssemblerError) {
        for (k, r) in Self.hostClobberedHomes.enumerated() {
            try loadFrom(r.isFloat ? .v128 : .i64, r, mem: Self.slot(-16 * (k + 1)))
        }
    }

    public mutating func emitHostCallStub(trapExit: Label) throws(AssemblerError) {
        try asm.push(.rbp)
        try asm.mov(.qword, .rbp, .rsp)
        try saveClobberedHomes()
        try asm.mov(.qword, .rdi, Self.vmctx)
        try asm.mov(.dword, .rsi, .r10)
        try asm.lea(.qword, .rdx, Mem(.rbp, 16))
        try asm.and(.qword, .rsp, -16)
        try asm.mov(.qword, Self.ctx(L.gasRemaining), Self.gas)
        try asm.mov(.qword, .rax, Self.ctx(L.helpersBase))
        try asm.call(Mem(.rax, Int32(RuntimeHelper.hostCall.rawValue * 8)))
        try asm.mov(.qword, Self.gas, Self.ctx(L.gasRemaining))
        try asm.movq(.xmm0, .rax)
        try asm.cmp(.dword, Self.ctx(L.trapCode), 0)
        try asm.j(.ne, trapExit)
        try asm.mov(.qword, Self.memoryBase, Self.ctx(L.memoryBase))
        try restoreClobberedHomes()
        try asm.mov(.qword, .rsp, .rbp)
        try asm.pop(.rbp)
        asm.ret()
    }
}

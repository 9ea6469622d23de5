import AssemblerCore
import SwasmABI
import WasmDecoder

extension CodeGen where M: ~Copyable {
    /// Sets up the argument area for a call of `type` whose arguments are the top of the stack, emits `call`,
    /// and replaces the arguments by the results. Operand registers are caller-saved; home registers are
    /// callee-saved (wasm functions and the host-call stub preserve them).
    func emitCall(_ type: FuncType, prepare: () throws(WasmError) -> Void = {}, _ emit: () throws(WasmError) -> Void)
        throws(WasmError)
    {
        try spillAll()
        resetRegisters()
        // Anything read from the frame must be read before the stack pointer moves up to the argument area:
        // slots below it are not protected from signal frames (no red zone on AArch64).
        try prepare()
        let p = type.params.count
        let r = type.results.count
        let k = stack.count - p
        let m = max(p, r)
        maxDepth = max(maxDepth, k + m)
        if m > 0 {
            let sp = slotOffset(k + m - 1)
            try asm { (a) throws(AssemblerError) in try a.setStackPointer(fpOffset: sp) }
        }
        try emit()
        callSites.append(
            TrapSite(
                codeOffset: masm.lastCallReturnOffset, functionIndex: functionIndex,
                wasmOffset: operatorOffset))
        if m > 0 { try asm { (a) throws(AssemblerError) in try a.restoreStackPointer() } }
        stack.removeLast(p)
        if r == 1 && type.results[0] != .v128 {
            let t = type.results[0]
            let reg = isFloatType(t) ? M.floatReturnRegister : M.intReturnRegister
            take(reg)
            push(t, .reg(reg))
        } else {
            for t in type.results { push(t, .stack) }
        }
        // The callee may have run out of gas: what follows the call is a new basic block.
        try startGasBlock()
    }

    public func visitCall(functionIndex: UInt32) throws(WasmError) {
        let t = module.functionType(Int(functionIndex))
        let imported = Int(functionIndex) < module.importedFunctionCount
        try emitCall(t) { () throws(WasmError) in
            if imported {
                try asm { (a) throws(AssemblerError) in try a.callImport(index: Int(functionIndex)) }
            } else {
                let site = try asm { (a) throws(AssemblerError) in try a.callDirect() }
                callFixups.append((site, functionIndex))
            }
        }
    }

    public func visitCallIndirect(typeIndex: UInt32, tableIndex: UInt32) throws(WasmError) {
        let t = module.types[Int(typeIndex)]
        let indexEntry = pop()
        let depth = stack.count
        // Keep the index in its home slot across the spill; reload it into a register after.
        push(indexEntry.type, indexEntry.loc)
        try spill(depth)
        _ = pop()
        // A register that is not a home (homes stay live across the call).
        let r = M.allocatableGPRs.last { !M.homeGPRs.contains($0) }!
        let undefined = trapLabel(.undefinedElement)
        let uninitialized = trapLabel(.uninitializedElement, detail: r)
        let mismatch = trapLabel(.indirectCallTypeMismatch)
        let off = slotOffset(depth)
        try emitCall(
            t,
            prepare: { () throws(WasmError) in
                try asm { (a) throws(AssemblerError) in try a.loadSlot(.i32, r, fpOffset: off) }
            },
            { () throws(WasmError) in
                try asm { (a) throws(AssemblerError) in
                    try a.callIndirect(
                        table: Int(tableIndex), typeIndex: Int(typeIndex), index: r,
                        undefinedElement: undefined, uninitializedElement: uninitialized,
                        signatureMismatch: mismatch)
                }
            })
    }
}

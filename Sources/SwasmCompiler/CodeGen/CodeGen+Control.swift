import AssemblerCore
import WasmDecoder

extension CodeGen where M: ~Copyable {
    func counts(_ bt: BlockType) -> (params: Int, results: Int) {
        switch bt {
        case .empty: return (0, 0)
        case .value: return (0, 1)
        case .typeIndex(let i):
            let t = module.types[Int(i)]
            return (t.params.count, t.results.count)
        }
    }

    /// Push a block's params or results as values in their home slots (at a label).
    @inline(__always)
    func pushBlockValues(_ bt: BlockType, results: Bool) {
        switch bt {
        case .empty: return
        case .value(let t): if results { push(t, .stack) }
        case .typeIndex(let i):
            let t = module.types[Int(i)]
            for v in results ? t.results : t.params { push(v, .stack) }
        }
    }

    public func visitUnreachable() throws(WasmError) {
        let l = trapLabel(.unreachable)
        try asm { (m) throws(AssemblerError) in try m.trap(l) }
        reachable = false
    }

    public func visitNop() throws(WasmError) {}

    @inline(__always)
    func enterBlock(_ kind: ControlFrame.Kind, _ bt: BlockType) throws(WasmError) -> ControlFrame {
        let (params, results) = counts(bt)
        try spillAll()
        resetRegisters()
        return ControlFrame(
            kind: kind, type: bt, paramCount: params, resultCount: results, height: stack.count - params,
            label: masm.newLabel(), elseLabel: nil, reachableAtEntry: true)
    }

    public func visitBlock(_ type: BlockType) throws(WasmError) {
        guard reachable else {
            deadBlocks += 1
            return
        }
        control.append(try enterBlock(.block, type))
    }

    public func visitLoop(_ type: BlockType) throws(WasmError) {
        guard reachable else {
            deadBlocks += 1
            return
        }
        let f = try enterBlock(.loop, type)
        try asm { (m) throws(AssemblerError) in try m.bind(f.label) }
        control.append(f)
        try startGasBlock()
        if emitsInterruptChecks, let stub = interruptLabel {
            try asm { (m) throws(AssemblerError) in try m.interruptCheck(interrupted: stub) }
        }
    }

    public func visitIf(_ type: BlockType) throws(WasmError) {
        guard reachable else {
            deadBlocks += 1
            return
        }
        let cond = pop()
        let fused = fusedCondition(cond)
        var f = try enterBlock(.if, type)
        f.height = stack.count - f.paramCount
        let elseLabel = masm.newLabel()
        f.elseLabel = elseLabel
        switch cond.loc {
        case .const(let bits):
            if UInt32(truncatingIfNeeded: bits) == 0 { try asm { (m) throws(AssemblerError) in try m.jump(elseLabel) } }
        case _ where fused != nil:
            // Spilling emitted only moves, which keep the flags of the comparison.
            let c = fused!.negated
            try asm { (m) throws(AssemblerError) in try m.branchIntCond(c, elseLabel) }
        default:
            // The condition was popped before spilling: load it now (registers are free again).
            let c = try load(cond, depth: stack.count)
            try asm { (m) throws(AssemblerError) in
                try m.testZero(.s32, c)
                try m.branchIntCond(.eq, elseLabel)
            }
            free(c)
        }
        control.append(f)
        try startGasBlock()
    }

    public func visitElse() throws(WasmError) {
        if deadBlocks > 0 { return }
        var f = control.removeLast()
        if reachable {
            try moveTop(f.resultCount, toDepth: f.height)
            let end = f.label
            try asm { (m) throws(AssemblerError) in try m.jump(end) }
            f.labelUsed = true
        }
        let elseLabel = f.elseLabel!
        try asm { (m) throws(AssemblerError) in try m.bind(elseLabel) }
        f.elseLabel = nil
        f.kind = .else
        stack.removeSubrange(f.height...)
        pushBlockValues(f.type, results: false)
        resetRegisters()
        reachable = f.reachableAtEntry
        control.append(f)
        try startGasBlock()
    }

    public func visitEnd() throws(WasmError) {
        if deadBlocks > 0 {
            deadBlocks -= 1
            return
        }
        let f = control.removeLast()
        if f.kind == .function {
            if reachable { try emitReturn() }
            return
        }
        if reachable {
            try moveTop(f.resultCount, toDepth: f.height)
        }
        for i in f.height..<stack.count { freeLocation(stack[i].loc) }
        stack.removeSubrange(f.height...)
        if f.kind != .loop {
            let end = f.label
            try asm { (m) throws(AssemblerError) in try m.bind(end) }
        }
        var endReachable = reachable || f.labelUsed
        if let elseLabel = f.elseLabel {
            // `if` without `else`: the false edge arrives here with the params (= results) in place.
            try asm { (m) throws(AssemblerError) in try m.bind(elseLabel) }
            endReachable = endReachable || f.reachableAtEntry
        }
        pushBlockValues(f.type, results: true)
        resetRegisters()
        reachable = endReachable
        try startGasBlock()
    }

    /// Branch to the frame `depth` levels out: carried values to their home slots, then jump.
    func branch(depth: UInt32) throws(WasmError) {
        let i = control.count - 1 - Int(depth)
        control[i].labelUsed = true
        let f = control[i]
        if f.kind == .function {
            try emitReturn()
            return
        }
        try moveTop(f.branchCount, toDepth: f.height)
        let l = f.label
        try asm { (m) throws(AssemblerError) in try m.jump(l) }
    }

    public func visitBr(depth: UInt32) throws(WasmError) {
        try branch(depth: depth)
        reachable = false
    }

    /// If `entry` is the register the last comparison just set (nothing emitted since), drop the `setcc` and
    /// return the condition that the flags still hold.
    @inline(__always)
    func fusedCondition(_ entry: StackEntry) -> IntCond? {
        guard case .reg(let r) = entry.loc, let last = lastCondition, last.reg == r,
            last.end == masm.codeOffset
        else { return nil }
        masm.truncate(to: last.afterCompare)
        lastCondition = nil
        free(r)
        return last.cond
    }

    /// Whether a branch to `f` must move values (or can jump straight to its label).
    @inline(__always)
    func branchNeedsMoves(_ f: ControlFrame) -> Bool {
        if f.kind == .function { return true }
        let n = f.branchCount
        for k in 0..<n {
            let src = stack.count - n + k
            if stack[src].loc != .stack || src != f.height + k { return true }
        }
        return false
    }

    public func visitBrIf(depth: UInt32) throws(WasmError) {
        let cond = pop()
        if case .const(let bits) = cond.loc {
            if UInt32(truncatingIfNeeded: bits) != 0 { try visitBr(depth: depth) }
            return
        }
        // Values below the target's height are in their home slots since the target block's entry, and the
        // carried values are moved on the taken path only: the fall-through keeps everything in registers.
        var c: IntCond
        // Without a fused comparison: the register to test (emitted with the branch, in one assembler call).
        var tested: Reg?
        if let fused = fusedCondition(cond) {
            c = fused
        } else {
            let r = try load(cond, depth: stack.count)
            free(r)
            tested = r
            c = .ne
        }
        let i = control.count - 1 - Int(depth)
        if !branchNeedsMoves(control[i]) {
            control[i].labelUsed = true
            let target = control[i].label
            try asm { (m) throws(AssemblerError) in
                if let tested { try m.testZero(.s32, tested) }
                try m.branchIntCond(c, target)
            }
        } else {
            let skip = masm.newLabel()
            c = c.negated
            try asm { (m) throws(AssemblerError) in
                if let tested { try m.testZero(.s32, tested) }
                try m.branchIntCond(c, skip)
            }
            try branch(depth: depth)
            try asm { (m) throws(AssemblerError) in try m.bind(skip) }
        }
        try startGasBlock()
    }

    public func visitBrTable(targets: [UInt32], defaultDepth: UInt32) throws(WasmError) {
        let (index, _) = try popReg()
        take(index)
        // One label per distinct depth: the target's own label when nothing needs moving (the table jumps
        // straight there), else a stub that moves the carried values and jumps. Labels are chosen in the order
        // of the targets, then the default (the stubs' order and label numbers follow it).
        // `tableLabels[i]` holds the label id chosen for control frame `i`, or -1: grown to the control depth
        // here, and set back to -1 for every target before anything can throw (no hashing per target).
        if tableLabels.count < control.count {
            tableLabels.append(contentsOf: repeatElement(-1, count: control.count - tableLabels.count))
        }
        var stubs: [(depth: UInt32, label: Label)] = []
        var labels: [Label] = []
        labels.reserveCapacity(targets.count)
        for d in targets { labels.append(tableLabel(depth: d, stubs: &stubs)) }
        let def = tableLabel(depth: defaultDepth, stubs: &stubs)
        for d in targets { tableLabels[control.count - 1 - Int(d)] = -1 }
        tableLabels[control.count - 1 - Int(defaultDepth)] = -1
        try asm { (m) throws(AssemblerError) in try m.jumpTable(index: index, targets: labels, defaultTarget: def) }
        free(index)
        for (d, l) in stubs {
            try asm { (m) throws(AssemblerError) in try m.bind(l) }
            try branch(depth: d)
        }
        reachable = false
    }

    /// The jump-table label for `depth` (see `visitBrTable`): the one already chosen for its frame, else the
    /// frame's own label, else a new stub label (appended to `stubs`).
    @inline(__always)
    private func tableLabel(depth d: UInt32, stubs: inout [(depth: UInt32, label: Label)]) -> Label {
        let i = control.count - 1 - Int(d)
        let chosen = tableLabels[i]
        if chosen >= 0 { return Label(id: chosen) }
        let l: Label
        if !branchNeedsMoves(control[i]) {
            control[i].labelUsed = true
            l = control[i].label
        } else {
            l = masm.newLabel()
            stubs.append((d, l))
        }
        tableLabels[i] = l.id
        return l
    }

    public func visitReturn() throws(WasmError) {
        try emitReturn()
        reachable = false
    }

    /// Results to the return register or the argument area, then the epilogue.
    /// Leave the function with the top values as results. Emits code only: the compile-time state (value stack,
    /// registers, local cache) is left exactly as it was, because after a `br_if` to the function frame or a
    /// `br_table` stub the other path goes on with that state. (Issue 12: spilling `.local` results here marked
    /// them `.stack` for the fall-through path too, whose slots were never written.) The code may clobber any
    /// operand register: it ends in the epilogue.
    func emitReturn() throws(WasmError) {
        let results = functionType.results
        if results.count == 1 && results[0] != .v128 {
            let e = stack[stack.count - 1]
            let ret = isFloatType(e.type) ? M.floatReturnRegister : M.intReturnRegister
            try loadWithoutAllocating(e, depth: stack.count - 1, into: ret)
        } else if !results.isEmpty {
            // Result slots alias parameter slots: first copy every non-home local result to its own value-stack
            // slot (the slot belongs to that depth; nothing reads it while the entry is `.local`), then write the
            // results from there.
            let first = stack.count - results.count
            for i in first..<stack.count {
                guard case .local(let l) = stack[i].loc, home(l) == nil else { continue }
                let t = stack[i].type
                let from = localOffset(l)
                let to = slotOffset(i)
                maxDepth = max(maxDepth, i + 1)
                try asm { (m) throws(AssemblerError) in try m.copySlot(t, from: from, to: to) }
            }
            for j in 0..<results.count {
                let e = stack[first + j]
                let to = frame.argumentOffset(j)
                switch e.loc {
                case .reg(let r):
                    try asm { (m) throws(AssemblerError) in try m.storeSlot(e.type, fpOffset: to, r) }
                case .const(let bits):
                    try storeConstant(e.type, bits, fpOffset: to)
                case .local(let l):
                    if let h = home(l) {
                        try asm { (m) throws(AssemblerError) in try m.storeSlot(e.type, fpOffset: to, h) }
                    } else {
                        let from = slotOffset(first + j)
                        try asm { (m) throws(AssemblerError) in try m.copySlot(e.type, from: from, to: to) }
                    }
                case .stack:
                    let from = slotOffset(first + j)
                    try asm { (m) throws(AssemblerError) in try m.copySlot(e.type, from: from, to: to) }
                }
            }
        }
        // The homes' restores and the epilogue in one assembler call (a function has many returns).
        let layout = frame
        try asm { (m) throws(AssemblerError) in
            for k in 0..<homes.count {
                let r = homes.list[k].reg
                try m.loadSlot(saveType(r), r, fpOffset: layout.homeSaveOffset(k))
            }
            try m.epilogue()
        }
    }
}

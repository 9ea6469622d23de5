import AssemblerCore
import SwasmABI
import WasmDecoder

extension CodeGen where M: ~Copyable {
    public func visitDrop() throws(WasmError) {
        freeLocation(pop().loc)
    }

    func select() throws(WasmError) {
        let cond = pop()
        if let bits = constBits(cond) {
            let b = pop()
            let a = pop()
            let keep = UInt32(truncatingIfNeeded: bits) != 0 ? a : b
            freeLocation((UInt32(truncatingIfNeeded: bits) != 0 ? b : a).loc)
            // Re-push through a register so the value stays valid wherever it lived.
            push(keep.type, keep.loc)
            if case .stack = keep.loc {
                let depth = stack.count - 1
                let from = keep
                // the kept value's home slot may differ from its new depth
                let src = UInt32(truncatingIfNeeded: bits) != 0 ? depth : depth + 1
                if src != depth {
                    let to = slotOffset(depth)
                    let fromOff = slotOffset(src)
                    try asm { (m) throws(AssemblerError) in try m.copySlot(from.type, from: fromOff, to: to) }
                }
            }
            return
        }
        let c = try load(cond, depth: stack.count)
        take(c)
        let (b, _) = try popReg()
        take(b)
        let (a, t) = try popReg()
        try asm { (m) throws(AssemblerError) in
            try m.testZero(.s32, c)
            try m.selectIntCond(.ne, t, a, b)
        }
        free(b)
        free(c)
        push(t, .reg(a))
    }

    public func visitSelect() throws(WasmError) {
        try select()
    }

    public func visitSelectTyped(_ type: ValueType) throws(WasmError) {
        try select()
    }

    @inline(__always)
    public func visitLocalGet(localIndex: UInt32) throws(WasmError) {
        push(localTypes[Int(localIndex)], .local(localIndex))
    }

    func storeLocal(_ l: UInt32, _ e: StackEntry, depth: Int) throws(WasmError) {
        if let h = home(l) {
            switch e.loc {
            case .reg(let r):
                masm.move(e.type, h, r)
            case .const(let bits):
                try loadConstant(e.type, bits, into: h)
            case .local(let src):
                if src == l { return }
                if let hs = home(src) {
                    masm.move(e.type, h, hs)
                } else if let c = cachedReg(src) {
                    masm.move(e.type, h, c)
                } else {
                    let from = localOffset(src)
                    try asm { (m) throws(AssemblerError) in try m.loadSlot(e.type, h, fpOffset: from) }
                }
            case .stack:
                let from = slotOffset(depth)
                try asm { (m) throws(AssemblerError) in try m.loadSlot(e.type, h, fpOffset: from) }
            }
            return
        }
        let to = localOffset(l)
        switch e.loc {
        case .reg(let r):
            try asm { (m) throws(AssemblerError) in try m.storeSlot(e.type, fpOffset: to, r) }
        case .const(let bits):
            try storeConstant(e.type, bits, fpOffset: to)
        case .local(let src):
            if src == l { return }
            if let hs = home(src) {
                try asm { (m) throws(AssemblerError) in try m.storeSlot(e.type, fpOffset: to, hs) }
                return
            }
            let from = localOffset(src)
            try asm { (m) throws(AssemblerError) in try m.copySlot(e.type, from: from, to: to) }
        case .stack:
            let from = slotOffset(depth)
            try asm { (m) throws(AssemblerError) in try m.copySlot(e.type, from: from, to: to) }
        }
    }

    public func visitLocalSet(localIndex: UInt32) throws(WasmError) {
        let e = pop()
        try detachLocal(localIndex)
        try storeLocal(localIndex, e, depth: stack.count)
        dropCachedLocal(localIndex)
        // The stored register now holds the local's value: keep it as the local's cached copy.
        if case .reg(let r) = e.loc, !isBorrowed(r), home(localIndex) == nil {
            cacheLocal(localIndex, r)
        } else {
            freeLocation(e.loc)
        }
    }

    public func visitLocalTee(localIndex: UInt32) throws(WasmError) {
        let e = pop()
        try detachLocal(localIndex)
        try storeLocal(localIndex, e, depth: stack.count)
        dropCachedLocal(localIndex)
        switch e.loc {
        case .reg, .const: push(e.type, e.loc)
        default: push(e.type, .local(localIndex))
        }
    }

    public func visitGlobalGet(globalIndex: UInt32) throws(WasmError) {
        let t = module.globals[Int(globalIndex)].value
        let p = try allocate(float: false)
        let dst = isFloatType(t) ? try allocate(float: true) : p
        try asm { (m) throws(AssemblerError) in
            try m.loadIndirect(p, vmctxField: VMContextLayout.globalsBase, index: Int(globalIndex))
            try m.loadFrom(t, dst, pointer: p, offset: 0)
        }
        if dst != p { free(p) }
        push(t, .reg(dst))
    }

    public func visitGlobalSet(globalIndex: UInt32) throws(WasmError) {
        let (v, t) = try popReg()
        take(v)
        let p = try allocate(float: false)
        try asm { (m) throws(AssemblerError) in
            try m.loadIndirect(p, vmctxField: VMContextLayout.globalsBase, index: Int(globalIndex))
            try m.storeTo(t, pointer: p, offset: 0, v)
        }
        free(p)
        free(v)
    }

    // MARK: References

    public func visitRefNull(_ type: ValueType) throws(WasmError) {
        push(type, .const(0))
    }

    public func visitRefIsNull() throws(WasmError) {
        try eqz(.s64)
    }

    public func visitRefFunc(functionIndex: UInt32) throws(WasmError) {
        let r = try allocate(float: false)
        try asm { (m) throws(AssemblerError) in
            try m.loadIndirect(r, vmctxField: VMContextLayout.functionsBase, index: Int(functionIndex))
        }
        push(.funcref, .reg(r))
    }
}

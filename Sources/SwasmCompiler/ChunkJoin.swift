import AArch64
import AssemblerCore
import SwasmABI
import WasmDecoder
import X86_64

// Joining code compiled apart. A parallel compile (`ParallelCompilation.swift`) compiles runs of consecutive
// functions ("chunks") into buffers of their own, each starting at offset 0, and appends them in function order to
// the module's buffer, which holds the module stubs. What a chunk's code refers to outside itself is fixed here:
// - uses of the trap exit and of the helper-call stub, left as pending label uses in the chunk (`takeFixups`), are
//   resolved against the stubs' final offsets (`resolveMovedUse`);
// - direct calls between functions are patched by `ModuleCompiler.finish`, once every function's offset is known;
// - function offsets, trap sites, call sites and inline data ranges are shifted by the chunk's final offset.
// Everything else in a chunk is relative to its own code. The chunk's first byte lands at a function-aligned
// offset, as it would in one buffer, so padding (and so every byte) is the same as compiling the module in one
// buffer (`alignFunctionStart` is at most 64 bytes, every other alignment smaller).

extension MacroAssembler where Self: ~Copyable {
    /// The label of the helper-call stub, made on first use.
    mutating func helperStubLabel() -> Label {
        if let l = helperCallStub { return l }
        let l = newLabel()
        helperCallStub = l
        return l
    }
}

extension X64ModuleCompiler {
    public mutating func reserve(codeSectionBytes bytes: Int) { compiler.reserve(codeSectionBytes: bytes) }
}

extension X64MacroAssembler {
    public mutating func reserveCapacity(_ bytes: Int) { asm.buffer.reserveCapacity(bytes) }
    public mutating func reserveLabels(_ labels: Int) { asm.labels.reserveCapacity(labels: labels) }
    public mutating func takeFixups(of label: Label) -> [Fixup] { asm.labels.takeFixups(of: label) }
    public mutating func resolveMovedUse(_ use: Fixup, shift: Int, target: Int) {
        asm.resolveMovedUse(use, shift: shift, target: target)
    }
    public mutating func append(code: UnsafeRawBufferPointer) { asm.buffer.append(code) }
    public func withCode<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R { asm.buffer.withUnsafeBytes(body) }
    public mutating func releaseCodeStorage() -> CodeBuffer.Storage? { asm.buffer.releaseStorage() }
}

extension A64ModuleCompiler {
    public mutating func reserve(codeSectionBytes bytes: Int) { compiler.reserve(codeSectionBytes: bytes) }
}

extension A64MacroAssembler {
    public mutating func reserveCapacity(_ bytes: Int) { asm.buffer.reserveCapacity(bytes) }
    public mutating func reserveLabels(_ labels: Int) { asm.labels.reserveCapacity(labels: labels) }
    public mutating func takeFixups(of label: Label) -> [Fixup] { asm.labels.takeFixups(of: label) }
    public mutating func resolveMovedUse(_ use: Fixup, shift: Int, target: Int) throws(AssemblerError) {
        try asm.resolveMovedUse(use, shift: shift, target: target)
    }
    public mutating func append(code: UnsafeRawBufferPointer) { asm.buffer.append(code) }
    public func withCode<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R { asm.buffer.withUnsafeBytes(body) }
    public mutating func releaseCodeStorage() -> CodeBuffer.Storage? { asm.buffer.releaseStorage() }
}

extension ModuleCompiler where M: ~Copyable {
    /// Appends a chunk's code (compiled by a stubless `ModuleCompiler`) after the functions joined so far, and
    /// takes over its functions, sites and call fix-ups (see the comment at the top of this file).
    mutating func append(chunk: ModuleCompiler<M>) throws(WasmError) {
        if stubs == nil { try emitStubs() }
        gen.masm.alignFunctionStart()
        let shift = gen.masm.codeOffset
        let part = chunk.gen
        let exits = part.masm.takeFixups(of: part.trapExit)
        let helperUses = part.masm.helperCallStub.map { part.masm.takeFixups(of: $0) } ?? []
        part.masm.withCode { gen.masm.append(code: $0) }
        let exit = gen.masm.offset(of: gen.trapExit)!
        for use in exits {
            try gen.asm { (m) throws(AssemblerError) in try m.resolveMovedUse(use, shift: shift, target: exit) }
        }
        if !helperUses.isEmpty {
            let stub = gen.masm.offset(of: gen.masm.helperCallStub!)!
            for use in helperUses {
                try gen.asm { (m) throws(AssemblerError) in try m.resolveMovedUse(use, shift: shift, target: stub) }
            }
        }
        for o in chunk.functionOffsets { functionOffsets.append(o + shift) }
        for f in part.callFixups { gen.callFixups.append((f.site + shift, f.callee)) }
        // Into lists reserved for the whole code section (`reserve(codeSectionBytes:)`): no growth, no copy.
        Self.appendShifted(part.trapSites.elements, by: shift, to: &trapSites)
        Self.appendShifted(part.callSites.elements, by: shift, to: &callSites)
        for r in part.masm.dataRanges { gen.masm.dataRanges.append(r.lowerBound + shift..<r.upperBound + shift) }
    }

    static func appendShifted(_ sites: UnsafeBufferPointer<TrapSite>, by shift: Int, to out: inout [TrapSite]) {
        for var s in sites {
            s.codeOffset += shift
            out.append(s)
        }
    }

    /// Sizes the code buffer and the site lists for a code section of `bytes` bytes, so that they do not grow
    /// (each growth copies into fresh memory: page faults and zeroing). Machine code is about 2.5 bytes per byte
    /// of bodies; a site takes at least two bytes of bodies; a module has fewer labels than a quarter of its body
    /// bytes (a block, loop or `if` takes 3 bytes or more). Memory reserved and never written costs nothing.
    mutating func reserve(codeSectionBytes bytes: Int) {
        gen.masm.reserveCapacity(3 * bytes + 4096)
        gen.masm.reserveLabels(bytes / 4 + 64)
        if emitsStubs {
            trapSites.reserveCapacity(bytes / 2)
            callSites.reserveCapacity(bytes / 4)
        } else {
            gen.trapSites.reserveCapacity(bytes / 2)
            gen.callSites.reserveCapacity(bytes / 4)
        }
        gen.callFixups.reserveCapacity(bytes / 4)
    }
}

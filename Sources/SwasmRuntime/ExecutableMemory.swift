import Glibc
import SwasmABI

/// A code region for JIT output that is never writable and executable at once (W^X).
///
/// Design: one contiguous address range is **reserved up front** (`PROT_NONE`, `MAP_NORESERVE`; 128 MiB by
/// default, within AArch64 `bl` range ±128 MiB and x86 rel32 range), and pages are committed (made RW) as
/// the write cursor advances. Code therefore never moves: functions compiled early keep their addresses
/// and direct calls between them stay valid as the region grows.
///
/// Life cycle of bytes: `allocate` hands out writable memory at the cursor → the caller writes code →
/// `makeExecutable()` seals everything written since the last seal: the pages become `PROT_READ|PROT_EXEC`,
/// the instruction cache is flushed once over that range, and the cursor moves to the next page boundary.
/// Sealed pages are never made writable again, so code may run on other threads while more code is
/// appended (there is no patching of sealed code).
///
/// Trap handling: `setTrapStub(_:)` registers the sealed prefix with `TrapHandler` so faults in it resume
/// at the stub; the registration follows each seal and is removed on deinit, before the unmap.
///
/// Not thread-safe for writing: one compiler thread owns a region while appending.
public final class ExecutableMemory {
    /// Start of the reservation (the first byte of code).
    public let start: UnsafeMutableRawPointer
    /// Size of the address-space reservation.
    public let reservedBytes: Int
    /// Bytes committed (RW or RX pages) from `start`.
    public private(set) var committedBytes = 0
    /// Bytes sealed read+execute from `start` (a multiple of the page size).
    public private(set) var sealedBytes = 0
    /// The write cursor (offset from `start`).
    public private(set) var usedBytes = 0
    /// The cache flush applied on every seal.
    public let cacheFlush: InstructionCacheFlush
    /// How many times `makeExecutable()` flushed (once per seal with new bytes).
    public private(set) var flushCount = 0
    /// The registered trap-exit stub, if any.
    public private(set) var trapStub: UnsafeRawPointer?
    private var registrySlot: Int?
    /// For code mapped from a module-cache entry: its verification block (registered with the trap handler) and
    /// the file mapping its checksums and readable bytes live in.
    private(set) var lazyCode: UnsafeMutablePointer<LazilyVerifiedCode>?
    private var lazySlot: Int?
    private var file: FileMapping?
    /// The module-cache entry lazily verified code came from: deleted, and named in the trap, if a chunk turns out
    /// corrupt.
    public var corruptEntryPath: String?

    /// Reserves `reserveBytes` (rounded up to pages) of address space.
    public init(reserveBytes: Int = 128 << 20, cacheFlush: InstructionCacheFlush = .platform) throws(RuntimeError) {
        let size = HostPage.roundUp(max(reserveBytes, 1))
        guard let raw = mmap(nil, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
            raw != mapFailed
        else { throw systemError("mmap") }
        start = raw
        reservedBytes = size
        self.cacheFlush = cacheFlush
    }

    /// Takes over `byteCount` bytes of already mapped code (all of it counts as sealed), verified lazily through
    /// `lazy` (see `MappedCode.swift`).
    init(
        adopting raw: UnsafeMutableRawPointer, byteCount: Int, lazy: UnsafeMutablePointer<LazilyVerifiedCode>,
        file: FileMapping
    ) {
        TrapHandler.install()
        start = raw
        reservedBytes = byteCount
        cacheFlush = .platform
        committedBytes = byteCount
        sealedBytes = byteCount
        usedBytes = byteCount
        lazyCode = lazy
        self.file = file
        let s = UInt(bitPattern: raw)
        lazySlot = TrapRegistry.lazyCode.insert(start: s, end: s + UInt(byteCount), payload: UInt(bitPattern: lazy))
    }

    deinit {
        if let registrySlot { TrapHandler.unregisterCode(slot: registrySlot) }
        if let lazySlot { TrapRegistry.lazyCode.remove(id: lazySlot) }
        munmap(start, reservedBytes)
        if let lazyCode {
            lazyCode.pointee.states.deallocate()
            lazyCode.deallocate()
        }
    }

    /// Bytes of writable space at the cursor before the reservation runs out.
    public var availableBytes: Int { reservedBytes - usedBytes }

    /// Returns `byteCount` writable bytes at the cursor (aligned), committing pages as needed.
    /// The memory stays writable until the next `makeExecutable()`.
    public func allocate(byteCount: Int, alignment: Int = 16) throws(RuntimeError) -> UnsafeMutableRawPointer {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "alignment must be a power of two")
        let offset = (usedBytes + alignment - 1) & ~(alignment - 1)
        guard byteCount >= 0, offset + byteCount <= reservedBytes else {
            throw RuntimeError.codeRegionFull(requested: byteCount, available: max(0, reservedBytes - offset))
        }
        let needed = HostPage.roundUp(offset + byteCount)
        if needed > committedBytes {
            guard mprotect(start + committedBytes, needed - committedBytes, PROT_READ | PROT_WRITE) == 0 else {
                throw systemError("mprotect")
            }
            committedBytes = needed
        }
        usedBytes = offset + byteCount
        return start + offset
    }

    /// Copies `bytes` into the region (see `allocate`); returns their address.
    @discardableResult
    public func append(_ bytes: [UInt8], alignment: Int = 16) throws(RuntimeError) -> UnsafeMutableRawPointer {
        let p = try allocate(byteCount: bytes.count, alignment: alignment)
        bytes.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return p
    }

    /// Seals everything written since the last seal: RW → RX, one cache flush over the new range,
    /// cursor to the next page boundary, trap registration extended. No-op when nothing is new.
    public func makeExecutable() throws(RuntimeError) {
        let end = HostPage.roundUp(usedBytes)
        guard end > sealedBytes else { return }
        let begin = start + sealedBytes
        guard mprotect(begin, end - sealedBytes, PROT_READ | PROT_EXEC) == 0 else { throw systemError("mprotect") }
        cacheFlush.flush(begin, usedBytes - sealedBytes)
        flushCount += 1
        sealedBytes = end
        usedBytes = end
        try updateRegistration()
    }

    /// Routes faults in this region's sealed code to `stub` (usually code inside this region).
    public func setTrapStub(_ stub: UnsafeRawPointer) throws(RuntimeError) {
        trapStub = stub
        try updateRegistration()
    }

    /// Whether `address` lies inside sealed (executable) code of this region.
    public func containsExecutable(_ address: UnsafeRawPointer) -> Bool {
        let a = UInt(bitPattern: address)
        let s = UInt(bitPattern: start)
        return a &- s < UInt(sealedBytes)
    }

    private func updateRegistration() throws(RuntimeError) {
        guard let trapStub, sealedBytes > 0 else { return }
        if let registrySlot {
            TrapHandler.updateCode(slot: registrySlot, start: start, byteCount: sealedBytes, trapStub: trapStub)
        } else {
            registrySlot = try TrapHandler.registerCode(start: start, byteCount: sealedBytes, trapStub: trapStub)
        }
    }
}

extension ExecutableMemory: CodeRegion {
    /// `allocate` for the compiler, which only needs to know whether the reservation had room.
    public func extend(byteCount: Int, alignment: Int) -> UnsafeMutableRawPointer? {
        try? allocate(byteCount: byteCount, alignment: alignment)
    }
}

extension ExecutableMemory {
    /// The one seal path for module code, shared by freshly compiled modules and loaded artifacts: the code ends
    /// up in a region that is sealed read+execute and registered with the trap handler (its faults resume at the
    /// code's trap exit). Code emitted straight into a region is sealed in place; code held as bytes is copied
    /// into a new region first. Idempotent: sealing sealed code changes nothing, so instances can share it.
    ///
    /// - Returns: the code (storage: its region) and that region.
    public static func seal(_ compiled: CompiledCode) throws(RuntimeError) -> (CompiledCode, ExecutableMemory) {
        var code = compiled
        let region: ExecutableMemory
        switch code.storage {
        case .executable(let r as ExecutableMemory, _):
            region = r
        case .executable(let other, let n):
            region = try ExecutableMemory(reserveBytes: n)
            try region.append([UInt8](UnsafeRawBufferPointer(start: other.start, count: n)))
            code.storage = .executable(region, byteCount: n)
        case .bytes(let bytes):
            region = try ExecutableMemory(reserveBytes: max(bytes.count, 1))
            try region.append(bytes)
            code.storage = .executable(region, byteCount: bytes.count)
        }
        try region.makeExecutable()
        if region.trapStub == nil { try region.setTrapStub(UnsafeRawPointer(region.start + code.trapExit)) }
        return (code, region)
    }
}

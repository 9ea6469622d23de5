import SwasmRuntime
import WasmDecoder

/// Anything usable as an address in a linear memory.
///
/// `Int32` is read as the *unsigned* 32-bit wasm address it holds (a pointer a guest returns as `i32`), so
/// `memory.readString(at: ptr, count: n)` works directly with `Int32` results. Negative `Int`s are out of bounds.
public protocol MemoryAddress {
    /// The address as an unsigned byte offset (`UInt64.max` for addresses that cannot exist).
    var memoryOffset: UInt64 { get }
}

extension Int: MemoryAddress {
    /// The offset; negative values map to `UInt64.max` (always out of bounds).
    @inlinable public var memoryOffset: UInt64 { self < 0 ? .max : UInt64(self) }
}
extension Int32: MemoryAddress {
    /// The unsigned 32-bit wasm address with these bits.
    @inlinable public var memoryOffset: UInt64 { UInt64(UInt32(bitPattern: self)) }
}
extension UInt32: MemoryAddress {
    /// The offset.
    @inlinable public var memoryOffset: UInt64 { UInt64(self) }
}
extension UInt64: MemoryAddress {
    /// The offset.
    @inlinable public var memoryOffset: UInt64 { self }
}
extension UInt: MemoryAddress {
    /// The offset.
    @inlinable public var memoryOffset: UInt64 { UInt64(self) }
}

/// A wasm linear memory: a byte array in 64 KiB pages that the guest and the host share.
///
/// Every host access is bounds-checked against the current size and throws `MemoryAccessError` (reading or
/// writing nothing) when it does not fit. Integers and floats are little-endian, as in wasm.
/// `Memory` is a handle: copies refer to the same memory. Use it from one thread at a time.
public struct Memory {
    let storage: LinearMemory

    init(_ storage: LinearMemory) { self.storage = storage }

    /// Creates a standalone memory (to be imported by modules), using the engine's bounds-checking mode and
    /// page limit.
    /// - Parameters:
    ///   - minPages: initial size in 64 KiB pages.
    ///   - maxPages: the declared maximum (nil: none; the engine's limit still applies).
    /// - Throws: `RuntimeError` if the memory cannot be reserved or `minPages` exceeds the maximum.
    public init(engine: Engine, minPages: Int, maxPages: Int? = nil) throws {
        let c = engine.instanceConfiguration
        storage = try LinearMemory(
            initialPages: minPages, maxPages: maxPages, mode: c.memoryMode,
            pageLimit: c.maxMemoryPages)
        storage.growthHook = c.memoryGrowthHook
    }

    /// The memory's type (its current size as the minimum, and the declared maximum).
    public var type: MemoryType {
        MemoryType(limits: Limits(min: UInt64(storage.pageCount), max: storage.declaredMaxPages.map(UInt64.init)))
    }

    /// Current size in 64 KiB pages.
    public var pageCount: Int { storage.pageCount }
    /// Current size in bytes.
    public var byteCount: Int { storage.byteCount }
    /// The most pages the memory may grow to (declared maximum and engine limit).
    public var maxPages: Int { storage.maxPages }

    /// Grows the memory by `pages` (new bytes are zero), like `memory.grow`.
    /// - Returns: the previous size in pages, or nil (nothing changed) if the maximum would be exceeded.
    @discardableResult
    public func grow(by pages: Int) -> Int? {
        let old = storage.grow(by: pages)
        return old < 0 ? nil : old
    }

    func check(_ address: UInt64, _ count: Int) throws(MemoryAccessError) -> Int {
        guard count >= 0, storage.isInBounds(address, count: UInt64(count)) else {
            throw MemoryAccessError(address: address, count: UInt64(max(count, 0)), memorySize: storage.byteCount)
        }
        return Int(address)
    }

    // MARK: Bytes

    /// Copies `count` bytes starting at `address` out of the memory.
    public func read(at address: some MemoryAddress, count: Int) throws(MemoryAccessError) -> [UInt8] {
        let a = try check(address.memoryOffset, count)
        return Array(UnsafeRawBufferPointer(start: storage.base + a, count: count))
    }

    /// Copies `bytes` into the memory at `address` (all or nothing).
    public func write(_ bytes: some Collection<UInt8>, at address: some MemoryAddress) throws(MemoryAccessError) {
        let a = try check(address.memoryOffset, bytes.count)
        let dst = UnsafeMutableRawBufferPointer(start: storage.base + a, count: bytes.count)
        if bytes.withContiguousStorageIfAvailable({ dst.copyMemory(from: UnsafeRawBufferPointer($0)) }) == nil {
            dst.copyBytes(from: bytes)
        }
    }

    // MARK: Numbers

    /// Reads a little-endian integer: `try memory.load(UInt32.self, at: 16)`.
    public func load<T: FixedWidthInteger>(_ type: T.Type, at address: some MemoryAddress) throws(MemoryAccessError)
        -> T
    {
        let a = try check(address.memoryOffset, MemoryLayout<T>.size)
        return T(littleEndian: storage.base.loadUnaligned(fromByteOffset: a, as: T.self))
    }

    /// Writes a little-endian integer.
    public func store<T: FixedWidthInteger>(_ value: T, at address: some MemoryAddress) throws(MemoryAccessError) {
        let a = try check(address.memoryOffset, MemoryLayout<T>.size)
        storage.base.storeBytes(of: value.littleEndian, toByteOffset: a, as: T.self)
    }

    /// Reads a little-endian `Float` (bit pattern preserved).
    public func load(_ type: Float.Type, at address: some MemoryAddress) throws(MemoryAccessError) -> Float {
        Float(bitPattern: try load(UInt32.self, at: address))
    }

    /// Reads a little-endian `Double` (bit pattern preserved).
    public func load(_ type: Double.Type, at address: some MemoryAddress) throws(MemoryAccessError) -> Double {
        Double(bitPattern: try load(UInt64.self, at: address))
    }

    /// Writes a little-endian `Float`.
    public func store(_ value: Float, at address: some MemoryAddress) throws(MemoryAccessError) {
        try store(value.bitPattern, at: address)
    }

    /// Writes a little-endian `Double`.
    public func store(_ value: Double, at address: some MemoryAddress) throws(MemoryAccessError) {
        try store(value.bitPattern, at: address)
    }

    // MARK: Strings

    /// Decodes `count` bytes at `address` as UTF-8 (invalid sequences become U+FFFD).
    public func readString(at address: some MemoryAddress, count: Int) throws(MemoryAccessError) -> String {
        let a = try check(address.memoryOffset, count)
        return String(decoding: UnsafeRawBufferPointer(start: storage.base + a, count: count), as: UTF8.self)
    }

    /// Decodes the NUL-terminated UTF-8 string at `address` (a C string), reading at most `maxLength` bytes.
    /// - Throws: `MemoryAccessError` if no NUL comes before the end of the memory or `maxLength` bytes.
    public func readCString(at address: some MemoryAddress, maxLength: Int = 1 << 20) throws(MemoryAccessError)
        -> String
    {
        let start = address.memoryOffset
        let a = try check(start, 0)
        let limit = min(storage.byteCount - a, maxLength)
        let bytes = UnsafeRawBufferPointer(start: storage.base + a, count: limit)
        guard let end = bytes.firstIndex(of: 0) else {
            throw MemoryAccessError(address: start, count: UInt64(limit) + 1, memorySize: storage.byteCount)
        }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// Writes `string` as UTF-8 at `address`, optionally followed by a NUL byte.
    /// - Returns: the number of bytes written (including the NUL).
    @discardableResult
    public func writeString(_ string: String, at address: some MemoryAddress, nulTerminated: Bool = false)
        throws(MemoryAccessError) -> Int
    {
        var bytes = Array(string.utf8)
        if nulTerminated { bytes.append(0) }
        try write(bytes, at: address)
        return bytes.count
    }

    // MARK: Zero-copy access

    /// Direct access to the memory's bytes (the whole current size), without copying.
    ///
    /// The buffer is valid only inside `body`: do not let it escape, and do not call into wasm or grow the
    /// memory inside `body` (growing may move an explicit-bounds memory).
    public func withUnsafeMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E)
        -> R
    {
        try storage.withUnsafeMutableBytes(body)
    }

    /// Read-only direct access to the memory's bytes; see `withUnsafeMutableBytes(_:)`.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: storage.base, count: storage.byteCount))
    }
}

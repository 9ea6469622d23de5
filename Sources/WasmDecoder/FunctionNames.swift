/// Function names by function index (the `name` section's function names, an artifact's NAMES section), held as
/// one buffer of UTF-8 bytes and two index arrays instead of a dictionary of strings: a module with tens of
/// thousands of named functions is read, kept and written without an allocation or a hash per name.
///
/// Invariants: `indices` is strictly increasing; name `k` is `bytes[ends[k - 1]..<ends[k]]` (from 0 for `k == 0`),
/// valid UTF-8; `indices`, `ends` have the same count and `ends.last` is `bytes.count`. The representation of a set
/// of names is therefore unique, and `==` compares the names.
public struct FunctionNames: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var indices: [UInt32] = []
    private var ends: [UInt32] = []
    private var bytes: [UInt8] = []

    public init() {}

    public init(dictionaryLiteral elements: (UInt32, String)...) {
        for (index, name) in elements { self[index] = name }
    }

    /// Names from `(index, UTF-8 name)` entries in any order (names the caller has validated): by increasing
    /// index, the last name given for an index kept (as assigning them in turn would). Entries already in
    /// increasing order are appended as they come; any other order is sorted first, so no order of a hostile
    /// input costs more than n log n.
    public init(entries: [(index: UInt32, name: UnsafeRawBufferPointer)]) {
        var increasing = true
        var bytes = 0
        for k in entries.indices {
            bytes += entries[k].name.count
            if k > 0 && entries[k - 1].index >= entries[k].index { increasing = false }
        }
        reserve(count: entries.count, byteCount: bytes)
        if increasing {
            for e in entries { set(e.index, utf8: e.name) }
            return
        }
        let order = entries.indices.sorted { (entries[$0].index, $0) < (entries[$1].index, $1) }
        for (k, i) in order.enumerated() where k + 1 == order.count || entries[order[k + 1]].index != entries[i].index {
            set(entries[i].index, utf8: entries[i].name)
        }
    }

    public var isEmpty: Bool { indices.isEmpty }
    public var count: Int { indices.count }
    /// The UTF-8 bytes of all names together.
    public var byteCount: Int { bytes.count }

    /// Room for `count` names of `byteCount` bytes in all, allocated once.
    public mutating func reserve(count: Int, byteCount: Int) {
        indices.reserveCapacity(count)
        ends.reserveCapacity(count)
        bytes.reserveCapacity(byteCount)
    }

    /// The name of function `index`, if it has one. Setting `nil` removes it.
    public subscript(index: UInt32) -> String? {
        get {
            guard let k = position(of: index) else { return nil }
            return bytes.withUnsafeBufferPointer { b in
                String(decoding: UnsafeBufferPointer(rebasing: b[range(k)]), as: UTF8.self)
            }
        }
        set {
            if let newValue {
                var s = newValue
                s.withUTF8 { set(index, utf8: UnsafeRawBufferPointer($0)) }
            } else if let k = position(of: index) {
                let r = range(k)
                bytes.removeSubrange(r)
                indices.remove(at: k)
                ends.remove(at: k)
                for j in k..<ends.count { ends[j] -= UInt32(r.count) }
            }
        }
    }

    /// Names function `index` `name` (UTF-8 the caller has validated), replacing its name if it had one. Names
    /// set in increasing index order (as the binary format stores them) are appended; any other order works too,
    /// at the cost of moving the names after it (`init(entries:)` takes many in any order).
    public mutating func set(_ index: UInt32, utf8 name: UnsafeRawBufferPointer) {
        if let last = indices.last, index <= last {
            setOutOfOrder(index, utf8: name)
            return
        }
        bytes.append(contentsOf: name.assumingMemoryBound(to: UInt8.self))
        indices.append(index)
        ends.append(UInt32(bytes.count))
    }

    private mutating func setOutOfOrder(_ index: UInt32, utf8 name: UnsafeRawBufferPointer) {
        let k = lowerBound(index)
        if k < indices.count && indices[k] == index {
            let r = range(k)
            bytes.replaceSubrange(r, with: name)
            let delta = Int64(name.count) - Int64(r.count)
            for j in k..<ends.count { ends[j] = UInt32(Int64(ends[j]) + delta) }
        } else {
            let at = k == 0 ? 0 : Int(ends[k - 1])
            bytes.insert(contentsOf: name, at: at)
            indices.insert(index, at: k)
            ends.insert(UInt32(at + name.count), at: k)
            for j in (k + 1)..<ends.count { ends[j] += UInt32(name.count) }
        }
    }

    /// Calls `body` with each function index and its name's UTF-8 bytes, by increasing index.
    public func forEachName(_ body: (UInt32, UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { raw in
            var start = 0
            for k in 0..<indices.count {
                let end = Int(ends[k])
                body(indices[k], UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                start = end
            }
        }
    }

    private func range(_ k: Int) -> Range<Int> { (k == 0 ? 0 : Int(ends[k - 1]))..<Int(ends[k]) }

    /// The first position whose index is not below `index`.
    private func lowerBound(_ index: UInt32) -> Int {
        var lo = 0
        var hi = indices.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if indices[mid] < index { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Whether function `index` has a name.
    public func contains(_ index: UInt32) -> Bool { position(of: index) != nil }

    private func position(of index: UInt32) -> Int? {
        let k = lowerBound(index)
        return k < indices.count && indices[k] == index ? k : nil
    }
}

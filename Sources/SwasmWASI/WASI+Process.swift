import Glibc
import Swasm

/// `sched_yield` under a name that does not clash with the WASI function's.
func sched_yield_() -> Int32 { sched_yield() }

extension WASI {
    /// Writes a vector of NUL-terminated strings: pointers at `list`, bytes at `buffer`.
    func writeStrings(_ strings: [[UInt8]], _ m: GuestMemory, list: UInt32, buffer: UInt32) throws(WASIErrno) {
        var offset = buffer
        for (k, s) in strings.enumerated() {
            try m.store(offset, list &+ 4 &* UInt32(k))
            let dst = try m.bytes(offset, UInt32(s.count))
            s.withUnsafeBytes { dst.copyMemory(from: $0) }
            offset &+= UInt32(s.count)
        }
    }

    func argsGet(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        try writeStrings(argumentBytes, m, list: a[0].u32, buffer: a[1].u32)
    }

    func argsSizesGet(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        try m.store(UInt32(argumentBytes.count), a[0].u32)
        try m.store(UInt32(argumentBytes.reduce(0) { $0 + $1.count }), a[1].u32)
    }

    func environGet(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        try writeStrings(environmentBytes, m, list: a[0].u32, buffer: a[1].u32)
    }

    func environSizesGet(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        try m.store(UInt32(environmentBytes.count), a[0].u32)
        try m.store(UInt32(environmentBytes.reduce(0) { $0 + $1.count }), a[1].u32)
    }

    func clockResGet(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        guard let r = configuration.clock.resolution(a[0].u32) else { throw .inval }
        try m.store(r, a[1].u32)
    }

    func clockTimeGet(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        guard let t = configuration.clock.now(a[0].u32) else { throw .inval }
        try m.store(t, a[2].u32)
    }

    func randomGet(_ m: GuestMemory, _ a: [Value]) throws(WASIErrno) {
        configuration.random.fill(try m.bytes(a[0].u32, a[1].u32))
    }
}

// A tiny binary-module writer for tests: sections from raw payloads, LEB128 helpers.

func uleb(_ v: UInt64) -> [UInt8] {
    var v = v
    var out: [UInt8] = []
    repeat {
        var b = UInt8(v & 0x7F)
        v >>= 7
        if v != 0 { b |= 0x80 }
        out.append(b)
    } while v != 0
    return out
}

func sleb(_ v: Int64) -> [UInt8] {
    var v = v
    var out: [UInt8] = []
    while true {
        let b = UInt8(v & 0x7F)
        v >>= 7
        if (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0) {
            out.append(b)
            return out
        }
        out.append(b | 0x80)
    }
}

func section(_ id: UInt8, _ payload: [UInt8]) -> [UInt8] {
    [id] + uleb(UInt64(payload.count)) + payload
}

func vec(_ items: [[UInt8]]) -> [UInt8] {
    uleb(UInt64(items.count)) + items.flatMap { $0 }
}

func name(_ s: String) -> [UInt8] { uleb(UInt64(s.utf8.count)) + Array(s.utf8) }

let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

/// A module with one type `params -> results` and one function per body (each body: locals + code, no size).
func module(
    params: [UInt8] = [], results: [UInt8] = [], bodies: [[UInt8]], memory: Bool = false,
    exports: [[UInt8]] = []
) -> [UInt8] {
    var m = header
    m += section(1, vec([[0x60] + vec(params.map { [$0] }) + vec(results.map { [$0] })]))
    m += section(3, vec(bodies.map { _ in [0x00] }))
    if memory { m += section(5, vec([[0x00, 0x01]])) }
    if !exports.isEmpty { m += section(7, vec(exports)) }
    m += section(10, vec(bodies.map { uleb(UInt64($0.count)) + $0 }))
    return m
}

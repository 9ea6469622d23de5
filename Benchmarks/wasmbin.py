"""Reading the WebAssembly binary format's outer layer, for the benchmark scripts (stdlib only)."""


def read_leb(b, i):
    """An unsigned LEB128 at `b[i]`: (value, index after it)."""
    v = s = 0
    while True:
        x = b[i]
        i += 1
        v |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return v, i


def write_leb(n):
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    return bytes(out + bytes([n]))


def sections(data):
    """(id, payload start, payload end, start of the whole section) for each section after the 8-byte header."""
    i = 8
    while i < len(data):
        size, j = read_leb(data, i + 1)
        yield data[i], j, j + size, i
        i = j + size


def code_body_bytes(data):
    """Total size of the function bodies in the code section."""
    total = 0
    for sid, start, _, _ in sections(data):
        if sid == 10:
            n, k = read_leb(data, start)
            for _ in range(n):
                size, k = read_leb(data, k)
                total += size
                k += size
    return total

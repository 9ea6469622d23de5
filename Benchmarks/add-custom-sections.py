#!/usr/bin/env python3
"""Writes a copy of a WebAssembly module with large custom sections appended, like the DWARF sections
(`.debug_info`, `.debug_line`, ...) that `clang -g` puts after a module's code and data; or, with `--strip`, the
same module without any custom section but `name` (the baseline a memory comparison needs).

    Benchmarks/add-custom-sections.py IN.wasm OUT.wasm [--mb 44] [--sections 4]
    Benchmarks/add-custom-sections.py IN.wasm OUT.wasm --strip

The appended payloads are deterministic pseudo-random bytes (so the file does not compress away on any layer);
the module's existing sections are kept as they are. Stdlib only.
"""
import argparse
import random
import sys


def leb(n):
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    return bytes(out + bytes([n]))


def read_leb(b, i):
    v = s = 0
    while True:
        x = b[i]
        i += 1
        v |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return v, i


def sections(data):
    """(id, whole section bytes, custom name or None) for each section after the 8-byte header."""
    i = 8
    while i < len(data):
        start = i
        sid = data[i]
        size, j = read_leb(data, i + 1)
        name = None
        if sid == 0:
            n, k = read_leb(data, j)
            name = data[k:k + n].decode("utf-8", "replace")
        i = j + size
        yield sid, data[start:i], name


def custom_section(name, payload):
    body = leb(len(name)) + name.encode() + payload
    return bytes([0]) + leb(len(body)) + body


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--mb", type=float, default=44.0, help="total custom payload in MB (10^6 bytes), default 44")
    ap.add_argument("--sections", type=int, default=4, help="how many custom sections to append, default 4")
    ap.add_argument("--strip", action="store_true", help="write the module without custom sections (name kept)")
    args = ap.parse_args()
    data = open(args.input, "rb").read()
    if data[:8] != b"\0asm\1\0\0\0":
        sys.exit(f"{args.input}: not a binary WebAssembly module")
    out = bytearray(data[:8])
    for sid, raw, name in sections(data):
        if sid == 0 and args.strip and name != "name":
            continue
        out += raw
    if not args.strip:
        rng = random.Random(20261205)
        total = int(args.mb * 1e6)
        names = [".debug_info", ".debug_line", ".debug_str", ".debug_abbrev", ".debug_ranges", ".debug_loc"]
        for k in range(args.sections):
            size = total // args.sections + (total % args.sections if k == 0 else 0)
            out += custom_section(names[k % len(names)] + ("" if k < len(names) else str(k)), rng.randbytes(size))
    with open(args.output, "wb") as f:
        f.write(out)
    print(f"{args.output}: {len(out)} bytes ({len(out) - len(data):+d})")


if __name__ == "__main__":
    main()

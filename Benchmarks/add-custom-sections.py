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

from wasmbin import read_leb, sections, write_leb


def custom_name(data, start):
    n, k = read_leb(data, start)
    return data[k:k + n].decode("utf-8", "replace")


def custom_section(name, payload):
    body = write_leb(len(name)) + name.encode() + payload
    return bytes([0]) + write_leb(len(body)) + body


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
    for sid, start, end, whole in sections(data):
        if sid == 0 and args.strip and custom_name(data, start) != "name":
            continue
        out += data[whole:end]
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

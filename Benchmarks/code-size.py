#!/usr/bin/env python3
"""Machine-code size per wasm code byte: swasm (x86-64 artifacts) next to wasmtime 50.0.1's Winch and Cranelift,
and how much of a swasm artifact is code, data segments and metadata. Prints Markdown tables (docs/BENCHMARKS.md).

    Benchmarks/code-size.py SWASM [MODULE.wasm ...]
        (default modules: Benchmarks/bench/*.wasm and Benchmarks/out/large.wasm if it exists)

wasm code = the function bodies of the code section. swasm code = the artifact's CODE section (functions, trap
stubs, the entry trampoline and the host-call stub; docs/AOT-FORMAT.md). Winch and Cranelift code = the function
symbols of `wasmtime.Module(engine, bytes).serialize()` (an ELF file): wasm functions and trampolines, without
the padding between them (the `.text` section itself is rounded up to a page).
"""
import glob
import os
import struct
import subprocess
import sys
import tempfile

import wasmtime

from wasmbin import code_body_bytes

HERE = os.path.dirname(os.path.abspath(__file__))
SECTION_NAMES = {1: "code", 2: "types", 3: "imports", 4: "functions", 5: "tables", 6: "memories", 7: "globals",
                 8: "exports", 9: "start", 10: "elements", 11: "data", 12: "trap sites", 13: "cost model",
                 14: "names", 15: "call sites"}


def artifact_sections(a):
    """{section name: whole section bytes (header + payload + padding)} and the CODE section's code size."""
    assert a[:8] == b"SWASMAOT", "not a swasm artifact"
    count = struct.unpack_from("<I", a, 20)[0]
    i, sections, code = 32, {}, 0
    for _ in range(count):
        sid, _, length = struct.unpack_from("<IIQ", a, i)
        if sid == 1:
            code = struct.unpack_from("<I", a, i + 16 + 12)[0]
        padded = (length + 7) & ~7
        sections[SECTION_NAMES.get(sid, str(sid))] = 16 + padded
        i += 16 + padded
    return sections, code


def elf_function_bytes(elf):
    """Total size of the function symbols (wasm functions and trampolines) of a little-endian ELF64 file: the
    `.text` section's own size is rounded up to a page."""
    shoff = struct.unpack_from("<Q", elf, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    total = 0
    for k in range(shnum):
        sh_type, = struct.unpack_from("<I", elf, shoff + k * shentsize + 4)
        if sh_type != 2:  # SHT_SYMTAB
            continue
        offset, size, _, _, _, entsize = struct.unpack_from("<QQIIQQ", elf, shoff + k * shentsize + 24)
        for e in range(offset, offset + size, entsize):
            info = elf[e + 4]
            if info & 0xF == 2:  # STT_FUNC
                total += struct.unpack_from("<Q", elf, e + 16)[0]
    return total


def wasmtime_text(data, strategy):
    cfg = wasmtime.Config()
    if strategy is not None:
        wasmtime._ffi.wasmtime_config_strategy_set(cfg.ptr(), strategy)
    return elf_function_bytes(wasmtime.Module(wasmtime.Engine(cfg), data).serialize())


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    swasm = sys.argv[1]
    modules = sys.argv[2:] or sorted(glob.glob(os.path.join(HERE, "bench", "*.wasm")))
    large = os.path.join(HERE, "out", "large.wasm")
    if not sys.argv[2:] and os.path.exists(large):
        modules.append(large)
    rows, shares = [], []
    totals = {"wasm": 0, "swasm": 0, "winch": 0, "cranelift": 0}
    with tempfile.TemporaryDirectory() as tmp:
        for path in modules:
            data = open(path, "rb").read()
            out = os.path.join(tmp, "a.aot")
            subprocess.run([swasm, "compile", "--arch", "x86_64", path, "-o", out], check=True)
            artifact = open(out, "rb").read()
            sections, code = artifact_sections(artifact)
            wasm = code_body_bytes(data)
            winch = wasmtime_text(data, 2)
            cranelift = wasmtime_text(data, None)
            name = os.path.basename(path)
            for k, v in (("wasm", wasm), ("swasm", code), ("winch", winch), ("cranelift", cranelift)):
                totals[k] += v
            rows.append(f"| {name} | {wasm:,} | {code:,} ({code / wasm:.2f}) | {winch:,} ({winch / wasm:.2f}) |"
                        f" {cranelift:,} ({cranelift / wasm:.2f}) |")
            sites = sections.get("trap sites", 0) + sections.get("call sites", 0)
            names = sections.get("names", 0)
            data_bytes = sections.get("data", 0)
            other = len(artifact) - code - sites - names - data_bytes
            metadata = len(artifact) - code - data_bytes
            shares.append(f"| {name} | {len(artifact):,} | {code / len(artifact):.0%} | {data_bytes / len(artifact):.0%} |"
                          f" {sites / len(artifact):.0%} | {names / len(artifact):.0%} | {other / len(artifact):.0%} |"
                          f" **{metadata / len(artifact):.0%}** |")
    print("Machine-code bytes (and bytes per wasm code byte), x86-64:\n")
    print("| module | wasm code | swasm | Winch | Cranelift |")
    print("|---|---:|---:|---:|---:|")
    print("\n".join(rows))
    t = totals
    print(f"| **all** | {t['wasm']:,} | {t['swasm']:,} ({t['swasm'] / t['wasm']:.2f}) |"
          f" {t['winch']:,} ({t['winch'] / t['wasm']:.2f}) | {t['cranelift']:,} ({t['cranelift'] / t['wasm']:.2f}) |")
    print("\nWhat a swasm artifact holds (share of its bytes; metadata = everything but code and data segments):\n")
    print("| module | artifact | code | data segments | trap + call sites | names | other (header, types, exports, ...) | metadata |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(shares))


if __name__ == "__main__":
    main()

"""`fuzz/difftest --compile-only`: the compiler fuzz target. Bigger smith modules (more instructions, functions,
globals, imports; deeper nesting from longer seeds; SIMD unless --no-simd) that `wasm-tools validate --features
wasm2` (`wasm2,-simd` with --no-simd) accepts are
compiled by the batch compiler for x86_64 and aarch64, plain, with --gas-metering and with --explicit-bounds, each
twice. Failures: the compiler dies (crash, signal), prints an assembler error, rejects a valid module, or the two
compiles of the same module differ in a single byte; a valid module the code generator does not support yet
(`unsupported: ...`, e.g. SIMD on an architecture without it) is kind `unsupported`."""
import filecmp
import os
import random
import shutil
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from . import generators, swasm_runs
from .binaries import WASM_TOOLS
from .swasm_runs import Unit

VARIANTS = [("", False, False), ("-gas", True, False), ("-bounds", False, True)]


def _check_batch(tools, seed, idxs, workdir, keep, out, simd):
    os.makedirs(workdir, exist_ok=True)
    units = []
    for idx in idxs:
        path = os.path.join(workdir, f"c{idx}.wasm")
        rng = random.Random(f"compile:{seed}:{idx}")
        ok = False
        for _ in range(10):
            if generators.smith(rng.randbytes(rng.randint(200, 30000)), path, generators.smith_compile(simd)):
                p = subprocess.run([WASM_TOOLS, "validate", "--features", generators.wasm2_features(simd), path],
                                   capture_output=True)
                if p.returncode == 0:
                    ok = True
                    break
        if ok:
            units.append(Unit(f"c{idx}", path, [], 1))
    failures = 0
    for arch in ("x86_64", "aarch64"):
        for tag, metered, bounds in VARIANTS:
            runs = [swasm_runs.compile_artifacts(tools, units, arch, metered, workdir, bounds, f"-run{r}")
                    for r in (1, 2)]
            for u in units:
                r1, r2 = runs[0][u.key], runs[1][u.key]
                problem = None
                for status, what in (r1, r2):
                    if status == "crash":
                        problem = ("crash", what)
                    elif status == "reject" and "ssembler" in what:
                        problem = ("assembler", what)
                    elif status == "reject" and what.startswith("unsupported:"):
                        problem = ("unsupported", what)   # e.g. SIMD before a backend has it
                    elif status == "reject":
                        problem = ("rejects-valid", what)
                    if problem:
                        break
                if problem is None and not filecmp.cmp(r1[1], r2[1], shallow=False):
                    problem = ("nondeterministic", "two compiles differ")
                if problem:
                    failures += 1
                    out(f"COMPILEFAIL seed={seed} idx={u.key[1:]} arch={arch} options={tag[1:] or 'plain'} "
                        f"kind={problem[0]} {problem[1][:300]}")
                    if keep:
                        os.makedirs(keep, exist_ok=True)
                        shutil.copyfile(u.wasm_path, os.path.join(keep, f"compile-s{seed}-i{u.key[1:]}-{arch}"
                                                                        f"{tag}-{problem[0]}.wasm"))
    shutil.rmtree(workdir, ignore_errors=True)
    return len(units), failures


def compile_fuzz(a):
    tools = swasm_runs.build_tools(False)
    lock = threading.Lock()

    def out(line):
        with lock:
            print(line, flush=True)

    out(f"compilefuzz: seed {a.seed}, " + (f"{a.minutes} minutes" if a.minutes else f"{a.count} modules")
        + f", {a.jobs} jobs" + (", no SIMD" if a.no_simd else ""))
    root = a.workdir or os.path.join(swasm_runs.ROOT, "fuzz", "out", "compilefuzz", f"seed-{a.seed}")
    deadline = time.time() + a.minutes * 60 if a.minutes else None
    size = 20
    total = [0, 0]
    next_idx = [0]

    def worker(w):
        while True:
            with lock:
                start = next_idx[0]
                if deadline is None and start >= a.count or deadline is not None and time.time() > deadline:
                    return
                end = start + size if deadline else min(start + size, a.count)
                next_idx[0] = end
            n, f = _check_batch(tools, a.seed, range(start, end), os.path.join(root, f"w{w}-{start}"), a.keep, out,
                                not a.no_simd)
            with lock:
                total[0] += n
                total[1] += f

    with ThreadPoolExecutor(max_workers=a.jobs) as ex:
        for f in [ex.submit(worker, w) for w in range(a.jobs)]:
            f.result()
    out(f"compilefuzz: {total[0]} modules compiled for 2 architectures; {total[1]} failures")
    return 1 if total[1] else 0

#!/usr/bin/env python3
"""SIMD side by side (issue 15): the five Benchmarks/bench-simd programs (clang -msimd128 -O3, autovectorized)
against their scalar Benchmarks/bench builds (clang -mcpu=mvp -O2), on swasm and wasmtime 50.0.1 (Winch and
Cranelift), with an optional native clang -O3 column.

    Benchmarks/simd-bench.py                # 5 timed runs per cell, table on stdout
    Benchmarks/simd-bench.py --doc          # same, and write/replace "## SIMD programs (issue 15)" in docs/BENCHMARKS.md
    Benchmarks/simd-bench.py --quick        # smoke test: 1 run per cell, small arguments, no doc
    Benchmarks/simd-bench.py --runs 7 --programs sieve,crc32 --columns swasm-simd,winch-simd

Columns (every result is checked against Benchmarks/bench/args.txt, or the small README results in --quick):
  native            clang -O3 -DBENCH_NATIVE (x86-64 default target, SSE2), built by `OUT=<tmp> build.sh` on a
                    temporary copy of Benchmarks/bench-simd (which also rebuilds the .wasm there; they are
                    compared with the committed ones). Run phase = process wall time.
  swasm-scalar      swasm on Benchmarks/bench/NAME.wasm          } `swasm run --timing --invoke run FILE ARG`,
  swasm-simd        swasm on Benchmarks/bench-simd/NAME.wasm     } run phase = its "first call" timer
  winch-simd        wasmtime Winch on the SIMD module, in process (strategy 2, as in run-bench.py)
  cranelift-simd    wasmtime Cranelift on the SIMD module, in process
  winch-scalar      wasmtime Winch on the scalar module
  cranelift-scalar  wasmtime Cranelift on the scalar module
swasm binary: $SWASM_BIN, else .build/release/swasm of this repository (built first with
`swift build -c release -j 2 --product swasm`, as run-bench.py does).

A cell that cannot run (e.g. swasm answering "... is not supported by the code generator yet") is reported as
such in the table and the other cells still run; a wrong result is reported as WRONG in its cell. Exit status:
0 all cells ran and matched, 3 some cells could not run, 2 some result was wrong (then --doc is refused).

Warm-up, interleaving and the per-cell time budget are those of run-bench.py: one checked warm-up run per cell
with the small argument, then --runs timed runs round-robin across the columns; a cell whose first timed run
takes over --cell-budget/--runs seconds gets max(1, budget // first) runs. Medians are of the run phase.
"""
import argparse, datetime, importlib.util, os, platform, re, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("run_bench", os.path.join(HERE, "run-bench.py"))
rb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rb)

REPO, BENCH, DOC = rb.REPO, rb.BENCH, rb.DOC
SIMD = os.path.join(REPO, "Benchmarks", "bench-simd")
SECTION = "## SIMD programs (issue 15)"
PROGRAMS = ["nbody", "sha256", "sieve", "crc32", "interp"]
ALL_COLUMNS = ["native", "swasm-scalar", "swasm-simd", "winch-simd", "cranelift-simd", "winch-scalar",
               "cranelift-scalar"]
LABEL = {"native": "native clang -O3", "swasm-scalar": "swasm scalar", "swasm-simd": "swasm SIMD",
         "winch-simd": "Winch SIMD", "cranelift-simd": "Cranelift SIMD", "winch-scalar": "Winch scalar",
         "cranelift-scalar": "Cranelift scalar"}
SIMD_OP = re.compile(r"\b(?:v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\.[a-z0-9_]+")
log = rb.log


class NativeO3(rb.Native):
    """clang -O3 native baselines via bench-simd/build.sh on a temporary copy (Benchmarks/ stays untouched)."""

    def __init__(self, tmp):
        root = os.path.join(tmp, "src")
        os.makedirs(root)
        src = os.path.join(root, "bench-simd")
        shutil.copytree(SIMD, src, ignore=shutil.ignore_patterns("out"))
        os.symlink(BENCH, os.path.join(root, "bench"))     # build.sh reads ../bench/NAME.c, writes nothing there
        self.out = os.path.join(tmp, "native")
        env = dict(os.environ, OUT=self.out)
        env.setdefault("CLANG", shutil.which("clang") or "/opt/swift/usr/bin/clang")
        log(f"building native -O3 baselines: OUT={self.out} (copy of bench-simd)/build.sh")
        subprocess.run(["bash", os.path.join(src, "build.sh")], env=env, check=True, stdout=subprocess.DEVNULL)
        self.rebuilt_identical = [(f, open(os.path.join(SIMD, f), "rb").read() == open(os.path.join(src, f), "rb").read())
                                  for f in sorted(os.listdir(SIMD)) if f.endswith(".wasm")]


def simd_counts(path):
    """Number of SIMD (0xFD-prefixed) instructions in a module, by `wasm-tools print`; None without wasm-tools."""
    exe = shutil.which("wasm-tools")
    if not exe:
        return None
    text = subprocess.run([exe, "print", path], capture_output=True, text=True, check=True).stdout
    return len(SIMD_OP.findall(text))


def short_error(msg):
    lines = [l.strip() for l in str(msg).splitlines() if l.strip()]
    for l in lines:
        m = re.search(r"\berror:\s*(.*)", l)
        if m:
            return m.group(1)
    return lines[-1] if lines else "failed"


class Cell:
    def __init__(self):
        self.runs, self.error, self.wrong = [], None, None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smoke test: 1 timed run, small README arguments, no doc")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per cell after the warm-up (default 5)")
    ap.add_argument("--programs", help="comma-separated subset of " + ",".join(PROGRAMS))
    ap.add_argument("--columns", help="comma-separated subset of " + ",".join(ALL_COLUMNS))
    ap.add_argument("--cell-budget", type=float, default=30.0,
                    help="seconds of timed runs per cell before runs are reduced (default 30)")
    ap.add_argument("--doc", action="store_true", help=f'write/replace "{SECTION}" in docs/BENCHMARKS.md')
    a = ap.parse_args()

    keep = a.programs.split(",") if a.programs else PROGRAMS
    bad = [p for p in keep if p not in PROGRAMS]
    if bad:
        raise SystemExit(f"unknown programs: {', '.join(bad)}")
    cols = a.columns.split(",") if a.columns else list(ALL_COLUMNS)
    bad = [c for c in cols if c not in ALL_COLUMNS]
    if bad:
        raise SystemExit(f"unknown columns: {', '.join(bad)}")
    cols = [c for c in ALL_COLUMNS if c in cols]
    progs = [p for p in rb.read_args() if p[0] in keep]
    progs.sort(key=lambda p: PROGRAMS.index(p[0]))
    if a.quick:
        a.runs, a.doc = 1, False
        progs = [(n, rb.SMALL[n][0], t, rb.SMALL[n][1]) for n, _, t, _ in progs]

    started = time.time()
    head_rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "Sources"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    load_before = rb.loadavg()
    log(f"load before: {load_before}")
    if any(c.startswith(("winch", "cranelift")) for c in cols):
        rb.ensure_python_packages(["winch"])
    tmp = tempfile.mkdtemp(prefix="swasm-simd-bench-")
    engines, skipped = {}, {}
    need = {c.split("-")[0] for c in cols}
    for e in ["native", "swasm", "winch", "cranelift"]:
        if e not in need:
            continue
        try:
            engines[e] = {"native": lambda: NativeO3(tmp), "swasm": rb.Swasm, "winch": lambda: rb.Wasmtime(True),
                          "cranelift": lambda: rb.Wasmtime(False)}[e]()
        except (FileNotFoundError, ImportError, subprocess.CalledProcessError) as ex:
            skipped[e] = f"{type(ex).__name__}: {ex}"
            log(f"skipping {e}: {skipped[e]}")
    cols = [c for c in cols if c.split("-")[0] in engines]

    def wasm_of(col, name):
        return os.path.join(SIMD if col.endswith("-simd") else BENCH, name + ".wasm")

    def attempt(cell, col, name, arg, rtype, expected):
        """One measured call; records an error or a wrong result in the cell. Returns the measurement or None."""
        eng = engines[col.split("-")[0]]
        try:
            m = eng.measure(name, wasm_of(col, name), arg)
        except Exception as ex:                  # swasm refusing the module, a trap, a crash: report, go on
            cell.error = short_error(ex)
            log(f"  {col} {name}({arg}): {cell.error}")
            return None
        if not rb.same(rtype, m["value"], expected):
            cell.wrong = f"{name}({arg}) = {m['value']}, expected {expected}"
            log(f"  RESULT MISMATCH: {col} {cell.wrong}")
            return None
        return m

    cells = {}
    for name, arg, rtype, expected in progs:
        sarg, sexp = rb.SMALL[name]
        for c in cols:                                     # warm-up, small argument, checked
            cell = cells[(name, c)] = Cell()
            attempt(cell, c, name, sarg, rtype, sexp)
        nruns = {}
        for i in range(a.runs):
            for c in cols:
                cell = cells[(name, c)]
                if cell.error or cell.wrong or i >= nruns.get(c, a.runs):
                    continue
                m = attempt(cell, c, name, arg, rtype, expected)
                if m is None:
                    continue
                cell.runs.append(m)
                if i == 0:
                    n = max(1, min(a.runs, int(a.cell_budget // max(m["wall"], 1e-9))))
                    nruns[c] = n
                    if n < a.runs:
                        log(f"  {c} {name}: first run {m['wall']:.1f} s -> {n} runs")
        line = "  ".join(f"{c} {statistics.median(x['run'] for x in cells[(name, c)].runs):.3f}"
                         if cells[(name, c)].runs else f"{c} -" for c in cols)
        log(f"{name:7} {line}   [load {rb.loadavg().split()[0]}]")
    load_after = rb.loadavg()
    elapsed = time.time() - started
    log(f"load after: {load_after}; elapsed {elapsed:.0f} s")

    # ---- tables
    def med(name, c):
        cell = cells.get((name, c))
        return statistics.median(x["run"] for x in cell.runs) if cell and cell.runs and not (cell.error or cell.wrong) else None

    def cell_text(name, c):
        cell = cells[(name, c)]
        if cell.wrong:
            return f"WRONG: {cell.wrong}"
        if cell.error:                   # full message in the list above the table
            return "not supported yet" if "not supported by the code generator yet" in cell.error else "fails"
        xs = [x["run"] for x in cell.runs]
        rng = f" [{rb.fmt_s(min(xs))}–{rb.fmt_s(max(xs))}]" if len(xs) > 1 else ""
        nn = f" n={len(xs)}" if len(xs) != a.runs else ""
        b = "**" if c == "swasm-simd" else ""
        return f"{b}{rb.fmt_s(statistics.median(xs))}{b}{rng}{nn}"

    def ratio(x, y, fmt="{:.2f}"):
        return fmt.format(x / y) if x is not None and y is not None else "–"

    rows = ["| program (arg) | " + " | ".join(LABEL[c] for c in cols) + " |", "|---|" + "---:|" * len(cols)]
    for name, arg, _, _ in progs:
        rows.append(f"| {name} {arg} | " + " | ".join(cell_text(name, c) for c in cols) + " |")
    run_table = "\n".join(rows)

    # ratios and speed-ups
    srow = ["| program | swasm SIMD / Winch SIMD | swasm SIMD / Cranelift SIMD | swasm SIMD / native -O3 | "
            "SIMD speed-up swasm | SIMD speed-up Winch | SIMD speed-up Cranelift | SIMD instructions |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    speedups = []
    for name, _, _, _ in progs:
        s_simd, s_scal = med(name, "swasm-simd"), med(name, "swasm-scalar")
        if s_simd is not None and s_scal is not None:
            speedups.append(s_scal / s_simd)
        cnt = simd_counts(os.path.join(SIMD, name + ".wasm"))
        srow.append(f"| {name} | {ratio(s_simd, med(name, 'winch-simd'))} | {ratio(s_simd, med(name, 'cranelift-simd'))} | "
                    f"{ratio(s_simd, med(name, 'native'))} | {ratio(s_scal, s_simd, '{:.2f}×')} | "
                    f"{ratio(med(name, 'winch-scalar'), med(name, 'winch-simd'), '{:.2f}×')} | "
                    f"{ratio(med(name, 'cranelift-scalar'), med(name, 'cranelift-simd'), '{:.2f}×')} | "
                    f"{'?' if cnt is None else cnt} |")
    ratio_table = "\n".join(srow)

    faster, slower, unknown = [], [], []
    for name, _, _, _ in progs:
        s, w = med(name, "swasm-simd"), med(name, "winch-simd")
        (unknown if s is None or w is None else faster if s < w else slower).append(name)
    failed = [(n, c, cells[(n, c)].error) for n, _, _, _ in progs for c in cols if cells[(n, c)].error]
    wrong = [(n, c, cells[(n, c)].wrong) for n, _, _, _ in progs for c in cols if cells[(n, c)].wrong]
    if unknown:
        verdict = f"not established: no swasm SIMD or Winch SIMD time for {', '.join(unknown)}"
    elif slower:
        verdict = f"**not met**: swasm SIMD is slower than Winch SIMD on {', '.join(slower)}"
    else:
        verdict = "**met**: swasm SIMD is faster than Winch SIMD on every program"
    geo = f"{rb.geomean(speedups):.2f}×" if speedups else "–"

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    wasm_note = ""
    if "native" in engines:
        diff = [f for f, ok in engines["native"].rebuilt_identical if not ok]
        wasm_note = ("; the SIMD .wasm rebuilt there are byte-identical to the committed ones" if not diff else
                     f"; rebuilt SIMD .wasm differ from the committed ones: {', '.join(diff)} (the committed ones were measured)")
    swasm_desc = ""
    if "swasm" in engines:
        swasm_desc = (f"$SWASM_BIN (git at start: {head_rev}{' + uncommitted changes in Sources/' if dirty else ''})"
                      if os.environ.get("SWASM_BIN") else
                      f"release build of {head_rev}{' + uncommitted changes in Sources/' if dirty else ''}")
    cmd = (f"SWASM_BIN={os.environ['SWASM_BIN']} " if os.environ.get("SWASM_BIN") else "") + \
        "Benchmarks/simd-bench.py" + "".join(f" {x}" for x in sys.argv[1:])
    fail_text = "".join(f"- {n} / {LABEL[c]}: could not run: {why}\n" for n, c, why in failed)
    fail_text += "".join(f"- {n} / {LABEL[c]}: WRONG RESULT: {why}\n" for n, c, why in wrong)
    fail_text += "".join(f"- {e} not measured: {why}\n" for e, why in skipped.items())
    report = f"""{SECTION}

The five programs of `Benchmarks/bench-simd` (same C as `Benchmarks/bench`, built with `clang --target=wasm32
-msimd128 -O3`, autovectorized; see its README for what got vectorized) against the scalar `Benchmarks/bench`
modules (`-mcpu=mvp -O2`). Run phase only (compile excluded): median seconds over {a.runs} timed runs after a
checked warm-up, [min–max]; `n=K`: fewer runs for a slow cell (budget {a.cell_budget:g} s per cell). Every result
that is shown matched `args.txt`. Written by `Benchmarks/simd-bench.py` (its docstring says how each column
is timed); `--quick` is a 1-run smoke test with small arguments.

```sh
{cmd}
```

- date {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}, machine: `nproc` = {os.cpu_count()}, {cpu}, {platform.platform()}, shared;
  `/proc/loadavg` before `{load_before}`, after `{load_after}`; {elapsed:.0f} s for the whole script
- swasm: {swasm_desc or 'not measured'}, `swasm run --timing --invoke run FILE ARG`, run phase = "first call";
  wasmtime 50.0.1 Python package in process, parallel compilation off, Winch = strategy 2 (as in
  run-bench.py); native: `clang -O3 -DBENCH_NATIVE` (x86-64, SSE2) via `OUT=<tmp> build.sh` on a copy of
  bench-simd{wasm_note}
{fail_text}
{run_table}

Ratios (< 1: swasm faster) and SIMD-vs-scalar speed-ups (scalar module time / SIMD module time, same engine;
> 1: the SIMD build is faster; it includes the `-O2` → `-O3` difference, not only the vector instructions). SIMD instructions = 0xFD-prefixed instructions in the module (`wasm-tools print`):

{ratio_table}

swasm SIMD-vs-scalar speed-up, geomean: {geo}. Target (issue 15: swasm faster than Winch on each SIMD program): {verdict}.
"""
    print(report)
    status = 2 if wrong else 3 if failed or skipped else 0
    if a.doc:
        if wrong:
            log("not writing docs/BENCHMARKS.md: some results were wrong")
        else:
            text = open(DOC).read()
            i = text.find("\n" + SECTION + "\n")
            if i >= 0:                   # replace our earlier section in place
                j = text.find("\n## ", i + 1)
                text = text[:i + 1] + report.strip("\n") + "\n" + ("\n" + text[j + 1:] if j >= 0 else "")
            else:
                text = text.rstrip("\n") + "\n\n" + report.strip("\n") + "\n"
            open(DOC, "w").write(text)
            log(f"wrote section to {DOC}")
    shutil.rmtree(tmp, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())

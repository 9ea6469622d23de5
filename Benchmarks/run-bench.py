#!/usr/bin/env python3
"""Side-by-side benchmark: the nine Benchmarks/bench programs on native clang -O2, swasm, wasmtime 50.0.1
(Cranelift and Winch), wasm3 (pywasm3) and WasmKit, in one run.

    Benchmarks/run-bench.py                 # full run (5 timed runs per cell), writes docs/BENCHMARKS.md section
    Benchmarks/run-bench.py --quick         # smoke test: 1 run, 3 programs, small arguments, no doc update
    Benchmarks/run-bench.py --runs 7 --programs fib,interp --runtimes native,swasm,winch --no-doc

What is measured (every result is checked against args.txt; a mismatch aborts the run):
  native     clang -O2 -DBENCH_NATIVE, built by `OUT=<tmp> build.sh` run on a temporary copy of the bench dir
             (build.sh also rebuilds the .wasm files next to itself, and Benchmarks/bench must stay untouched;
             the rebuilt .wasm are compared with the committed ones). Run phase = wall time of the process
             (process start-up is ~1 ms against 0.2-0.6 s of work).
  swasm      `swasm run --timing --invoke run FILE ARG` (release build, or $SWASM_BIN). swasm's own timers on
             stderr give compile, instantiate and the call separately; run phase = "first call" (in process).
  cranelift  wasmtime 50.0.1 Python package, default strategy (Cranelift), in this process: Module() = compile,
             Store+Instance = instantiate, the `run` call = run phase. Fresh module/store/instance per run.
  winch      the same with wasmtime_config_strategy_set(cfg, 2) (WASMTIME_STRATEGY_WINCH). parallel compilation
             is off for both wasmtime engines (swasm compiles on one thread).
  wasm3      pywasm3, in process: parse_module + load + find_function = "compile" (wasm3 compiles function
             bodies lazily, so part of its translation lands in the run phase), the `run` call = run phase.
  wasmkit    `wasmkit run -v FILE run i32:ARG` from the Swift toolchain; its own verbose timers give parse
             ("Finished parsing module") and run ("Finished invoking function") in process.

Warm-up: one run of every (program, runtime) with the small argument from the bench README (its result is
checked too) before the timed runs. Every timed run is fresh (new process, or new wasmtime module + store or
wasm3 environment), so there is no warm in-process state to build up; the warm-up warms file caches, the
dynamic loader and the Python bindings. Timed runs are interleaved round-robin across runtimes so load from
other jobs on the machine spreads over all of them. A cell whose first timed run takes longer than
--cell-budget/--runs seconds gets fewer runs (at least 1): n = max(1, min(runs, budget // first)); the n used
is printed in the table.
"""
import argparse, datetime, math, os, platform, re, shutil, statistics, struct, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BENCH = os.path.join(REPO, "Benchmarks", "bench")
DOC = os.path.join(REPO, "docs", "BENCHMARKS.md")
SECTION = "## Side by side with native and peers"
WASMKIT = os.environ.get("WASMKIT_BIN", "/opt/swift/usr/bin/wasmkit")
ALL_RUNTIMES = ["native", "swasm", "cranelift", "winch", "wasm3", "wasmkit"]
LABEL = {"native": "native clang -O2", "swasm": "swasm", "cranelift": "wasmtime Cranelift",
         "winch": "wasmtime Winch", "wasm3": "wasm3", "wasmkit": "WasmKit"}
# Small arguments and their native results, from Benchmarks/bench/README.md (used for the warm-up and --quick).
SMALL = {"fib": ("25", "75025"), "nbody": ("1000", "-5.3247833740827319"), "sha256": ("10", "-228486479"),
         "sieve": ("1", "283146"), "matmul": ("50", "5.7954391711391509"), "qsort": ("10000", "1610301520"),
         "crc32": ("2", "427274806"), "interp": ("1000", "3071347958522476540"),
         "dispatch": ("100000", "-8939755590666940381")}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def loadavg():
    return open("/proc/loadavg").read().strip()


def read_args():
    progs = []
    for line in open(os.path.join(BENCH, "args.txt")):
        if line.startswith("#") or not line.strip():
            continue
        name, arg, rtype, expected = line.split()[:4]
        progs.append((name, arg, rtype, expected))
    return progs


def same(rtype, value, expected):
    """Exact comparison of a runtime's result with the expected decimal string."""
    if rtype == "f64":
        return float(value) == float(expected)
    bits = 32 if rtype == "i32" else 64
    v = int(value) & ((1 << bits) - 1)
    if v >= 1 << (bits - 1):
        v -= 1 << bits
    return v == int(expected)


class Mismatch(Exception):
    pass


def check(runtime, name, arg, rtype, value, expected):
    if not same(rtype, value, expected):
        raise Mismatch(f"RESULT MISMATCH: {runtime} {name}({arg}) returned {value!r}, expected {expected}")


def ensure_python_packages(need):
    missing = []
    if "cranelift" in need or "winch" in need:
        try:
            import wasmtime  # noqa: F401
            from importlib.metadata import version
            if version("wasmtime") != "50.0.1":
                missing.append("wasmtime==50.0.1")
        except ImportError:
            missing.append("wasmtime==50.0.1")
    if "wasm3" in need:
        try:
            import wasm3  # noqa: F401
        except ImportError:
            missing.append("pywasm3")
    if missing:
        log(f"installing {' '.join(missing)} with pip")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *missing], check=True)


# ---------------------------------------------------------------- runtimes
# Each measure function returns dict(compile=s or None, inst=s or None, run=s, wall=s, value=str).

class Native:
    def __init__(self, tmp):
        src = os.path.join(tmp, "bench-src")
        shutil.copytree(BENCH, src, ignore=shutil.ignore_patterns("out"))
        os.chmod(src, 0o755)
        self.out = os.path.join(tmp, "native")
        env = dict(os.environ, OUT=self.out)
        env.setdefault("CLANG", shutil.which("clang") or "/opt/swift/usr/bin/clang")
        log(f"building native baselines: OUT={self.out} (copy of the bench dir)/build.sh")
        subprocess.run(["bash", os.path.join(src, "build.sh")], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        self.rebuilt_identical = []
        for f in sorted(os.listdir(BENCH)):
            if f.endswith(".wasm"):
                a = open(os.path.join(BENCH, f), "rb").read()
                b = open(os.path.join(src, f), "rb").read()
                self.rebuilt_identical.append((f, a == b))

    def measure(self, name, wasm, arg):
        t = time.perf_counter()
        p = subprocess.run([os.path.join(self.out, name), arg], capture_output=True, text=True)
        w = time.perf_counter() - t
        if p.returncode != 0:
            raise Mismatch(f"native {name} failed: {p.stderr}")
        return dict(compile=None, inst=None, run=w, wall=w, value=p.stdout.strip())


class Swasm:
    # stderr of --timing (the module is compiled, instantiated and called twice in one process):
    #   compile: 851.6 µs, instantiate: 544.5 µs, first call: 681.9 µs, total: 2078.0 µs
    #   warm: compile: 76.1 µs, instantiate: 14.8 µs, call: 473.4 µs, total: 564.2 µs
    COLD = re.compile(r"^compile: ([\d.]+) µs, instantiate: ([\d.]+) µs, first call: ([\d.]+) µs", re.M)
    WARM = re.compile(r"^warm: compile: ([\d.]+) µs, instantiate: ([\d.]+) µs, call: ([\d.]+) µs", re.M)

    def __init__(self):
        self.bin = os.environ.get("SWASM_BIN") or os.path.join(REPO, ".build", "release", "swasm")
        if not os.environ.get("SWASM_BIN"):
            log("building swasm: swift build -c release -j 2 --product swasm")
            subprocess.run(["swift", "build", "-c", "release", "-j", "2", "--product", "swasm"], cwd=REPO,
                           check=True, stdout=subprocess.DEVNULL)
        if not os.access(self.bin, os.X_OK):
            raise SystemExit(f"swasm binary not found: {self.bin}")

    def measure(self, name, wasm, arg):
        t = time.perf_counter()
        p = subprocess.run([self.bin, "run", "--timing", "--invoke", "run", wasm, arg], capture_output=True, text=True)
        w = time.perf_counter() - t
        if p.returncode != 0:
            raise Mismatch(f"swasm {name} failed ({p.returncode}): {p.stderr}")
        m, mw = self.COLD.search(p.stderr), self.WARM.search(p.stderr)
        if not (m and mw):
            raise SystemExit(f"cannot parse swasm --timing output: {p.stderr!r}")
        c, i, r = (float(x) * 1e-6 for x in m.groups())
        wc, wi, wr = (float(x) * 1e-6 for x in mw.groups())
        # run phase = the cold "first call" on a fresh instance; compile = the warm (second, same process)
        # compile, comparable with wasmtime's in-process Module() after the warm-up; cold compile kept too.
        return dict(compile=wc, compile_cold=c, inst=wi, inst_cold=i, run=r, warm_call=wr, wall=w,
                    value=p.stdout.strip())


class Wasmtime:
    def __init__(self, winch):
        import wasmtime
        from wasmtime import _ffi as ffi
        self.wasmtime = wasmtime
        cfg = wasmtime.Config()
        cfg.parallel_compilation = False
        if winch:
            # wasmtime-py only exposes "auto"/"cranelift" through Config.strategy; the C API enum
            # wasmtime_strategy_t is AUTO=0, CRANELIFT=1, WINCH=2.
            ffi.wasmtime_config_strategy_set(cfg.ptr(), 2)
        self.engine = wasmtime.Engine(cfg)
        if winch:
            # Proof that Winch is the compiler: Winch rejects the function-references proposal at engine
            # creation ("not supported on this compiler configuration"); Cranelift accepts it.
            r = subprocess.run([sys.executable, "-c",
                                "import wasmtime; from wasmtime import _ffi as f; c = wasmtime.Config(); "
                                "f.wasmtime_config_strategy_set(c.ptr(), 2); c.wasm_function_references = True; "
                                "wasmtime.Engine(c)"], capture_output=True, text=True)
            self.winch_verified = r.returncode != 0 and "not supported on this compiler configuration" in r.stderr
            if not self.winch_verified:
                raise SystemExit("strategy 2 did not select Winch (function-references probe accepted)")

    def measure(self, name, wasm, arg):
        wt = self.wasmtime
        data = open(wasm, "rb").read()
        t0 = time.perf_counter()
        module = wt.Module(self.engine, data)
        t1 = time.perf_counter()
        store = wt.Store(self.engine)
        inst = wt.Instance(store, module, [])
        run = inst.exports(store)["run"]
        t2 = time.perf_counter()
        v = run(store, int(arg))
        t3 = time.perf_counter()
        return dict(compile=t1 - t0, inst=t2 - t1, run=t3 - t2, wall=t3 - t0,
                    value=repr(v) if isinstance(v, float) else str(v))


class Wasm3:
    def __init__(self):
        import wasm3
        self.wasm3 = wasm3

    def measure(self, name, wasm, arg):
        data = open(wasm, "rb").read()
        t0 = time.perf_counter()
        env = self.wasm3.Environment()
        rt = env.new_runtime(1 << 20)
        mod = env.parse_module(data)
        rt.load(mod)
        f = rt.find_function("run")
        t1 = time.perf_counter()
        v = f(int(arg))
        t2 = time.perf_counter()
        return dict(compile=t1 - t0, inst=None, run=t2 - t1, wall=t2 - t0,
                    value=repr(v) if isinstance(v, float) else str(v))


class WasmKit:
    PARSE = re.compile(r"Finished parsing module: ([\d.e-]+) seconds")
    INVOKE = re.compile(r"Finished invoking function .*: ([\d.e-]+) seconds")
    RESULT = re.compile(r"\[WasmTypes\.Value\.(i32|i64|f32|f64)\((\d+)\)\]")

    def __init__(self):
        if not os.access(WASMKIT, os.X_OK):
            raise FileNotFoundError(WASMKIT)
        self.version = subprocess.run([WASMKIT, "--version"], capture_output=True, text=True).stdout.strip()

    def measure(self, name, wasm, arg):
        # `wasmkit run FILE FUNC i32:N` invokes an export of a non-WASI module; -v prints its timers.
        t = time.perf_counter()
        p = subprocess.run([WASMKIT, "run", "-v", wasm, "run", f"i32:{arg}"], capture_output=True, text=True)
        w = time.perf_counter() - t
        out = p.stdout + p.stderr
        mp, mi, mr = self.PARSE.search(out), self.INVOKE.search(out), self.RESULT.search(out)
        if p.returncode != 0 or not (mp and mi and mr):
            raise Mismatch(f"wasmkit {name} failed ({p.returncode}): {out[-2000:]}")
        kind, bits = mr.group(1), int(mr.group(2))      # WasmKit prints raw unsigned bit patterns
        value = repr(struct.unpack("<d", struct.pack("<Q", bits))[0]) if kind == "f64" else str(bits)
        return dict(compile=float(mp.group(1)), inst=None, run=float(mi.group(1)), wall=w, value=value)


# ---------------------------------------------------------------- main

def geomean(xs):
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else float("nan")


def fmt_s(x):
    return f"{x:.3f}" if x >= 0.1 else f"{x:.4f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: 1 timed run of fib, sha256, interp with the small README arguments; no doc")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per cell after the warm-up (default 5)")
    ap.add_argument("--programs", help="comma-separated subset of args.txt")
    ap.add_argument("--runtimes", help="comma-separated subset of " + ",".join(ALL_RUNTIMES))
    ap.add_argument("--cell-budget", type=float, default=30.0,
                    help="seconds of timed runs per (program, runtime) before runs are reduced (default 30)")
    ap.add_argument("--no-doc", action="store_true", help="do not write docs/BENCHMARKS.md")
    a = ap.parse_args()

    progs = read_args()
    runtimes = a.runtimes.split(",") if a.runtimes else list(ALL_RUNTIMES)
    runtimes = ["native"] + [r for r in runtimes if r != "native"]
    if a.quick:
        a.runs, a.no_doc = 1, True
        keep = (a.programs or "fib,sha256,interp").split(",")
        progs = [(n, SMALL[n][0], t, SMALL[n][1]) for n, _, t, _ in progs if n in keep]
    elif a.programs:
        keep = a.programs.split(",")
        progs = [p for p in progs if p[0] in keep]
    if not progs:
        raise SystemExit("no programs selected")

    started = time.time()
    head_rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "Sources"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    load_before = loadavg()
    log(f"load before: {load_before}")
    ensure_python_packages(runtimes)
    tmp = tempfile.mkdtemp(prefix="swasm-bench-")
    rts, skipped = {}, {}
    for r in runtimes:
        try:
            rts[r] = {"native": lambda: Native(tmp), "swasm": Swasm, "cranelift": lambda: Wasmtime(False),
                      "winch": lambda: Wasmtime(True), "wasm3": Wasm3, "wasmkit": WasmKit}[r]()
        except (FileNotFoundError, ImportError) as e:
            skipped[r] = f"{type(e).__name__}: {e}"
            log(f"skipping {r}: {skipped[r]}")
    order = [r for r in runtimes if r in rts]

    res = {}   # (prog, runtime) -> list of dicts
    nruns = {}
    for name, arg, rtype, expected in progs:
        wasm = os.path.join(BENCH, name + ".wasm")
        sarg, sexp = SMALL[name]
        for r in order:                                  # warm-up, small argument, checked
            m = rts[r].measure(name, wasm, sarg)
            check(r, name, sarg, rtype, m["value"], sexp)
        for i in range(a.runs):
            for r in order:
                if i >= nruns.get((name, r), a.runs):
                    continue
                m = rts[r].measure(name, wasm, arg)
                check(r, name, arg, rtype, m["value"], expected)
                res.setdefault((name, r), []).append(m)
                if i == 0:
                    n = max(1, min(a.runs, int(a.cell_budget // max(m["wall"], 1e-9))))
                    nruns[(name, r)] = n
                    if n < a.runs:
                        log(f"  {r} {name}: first run {m['wall']:.1f} s -> {n} runs")
        line = "  ".join(f"{r} {statistics.median(x['run'] for x in res[(name, r)]):.3f}" for r in order)
        log(f"{name:9} {line}   [load {loadavg().split()[0]}]")
    load_after = loadavg()
    elapsed = time.time() - started
    log(f"load after: {load_after}; elapsed {elapsed:.0f} s")

    # ---- tables
    med = lambda name, r, k="run": statistics.median(x[k] for x in res[(name, r)])
    head = "| program (arg) | " + " | ".join(LABEL[r] for r in order) + " |"
    sep = "|---|" + "---:|" * len(order)
    rows = [head, sep]
    ratios = {r: [] for r in order}
    for name, arg, _, _ in progs:
        nat = med(name, "native")
        cells = []
        for r in order:
            xs = [x["run"] for x in res[(name, r)]]
            m = statistics.median(xs)
            n = len(xs)
            rng = f" [{fmt_s(min(xs))}–{fmt_s(max(xs))}]" if n > 1 else ""
            nn = f" n={n}" if n != a.runs else ""
            if r == "native":
                cells.append(f"{fmt_s(m)}{rng}{nn}")
            else:
                ratios[r].append(m / nat)
                b = "**" if r == "swasm" else ""
                cells.append(f"{fmt_s(m)}{rng} {b}{m / nat:.2f}×{b}{nn}")
        rows.append(f"| {name} {arg} | " + " | ".join(cells) + " |")
    rows.append("| **geomean ratio to native** | 1 | " +
                " | ".join(f"**{geomean(ratios[r]):.2f}×**" for r in order if r != "native") + " |")
    run_table = "\n".join(rows)

    comp = [r for r in order if r != "native"]
    crow = ["| program | " + " | ".join(LABEL[r] for r in comp) + " |", "|---|" + "---:|" * len(comp)]
    for name, _, _, _ in progs:
        crow.append(f"| {name} | " + " | ".join(f"{med(name, r, 'compile') * 1e3:.3f}" for r in comp) + " |")
    if "swasm" in order:
        crow.append("")
        crow.append("swasm instantiate (ms, median): " + ", ".join(
            f"{n} {med(n, 'swasm', 'inst') * 1e3:.3f}" for n, _, _, _ in progs))
    comp_table = "\n".join(crow)

    # swasm vs Winch per program
    slower_than_winch, vs_winch = [], ""
    if "swasm" in order and "winch" in order:
        slower_than_winch = [n for n, _, _, _ in progs if med(n, "swasm") > med(n, "winch")]
        vs_winch = ", ".join(f"{n} {med(n, 'swasm') / med(n, 'winch'):.2f}" for n, _, _, _ in progs)

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    nproc = os.cpu_count()
    wasm_note = ""
    if "native" in rts:
        diff = [f for f, ok in rts["native"].rebuilt_identical if not ok]
        wasm_note = ("the .wasm files build.sh rebuilt in the copy are byte-identical to the committed ones"
                     if not diff else f"rebuilt .wasm differ from the committed ones: {', '.join(diff)} "
                     "(the committed ones were measured)")
    cmd = (f"SWASM_BIN={os.environ['SWASM_BIN']} " if os.environ.get("SWASM_BIN") else "") + \
        "Benchmarks/run-bench.py" + "".join(f" {x}" for x in sys.argv[1:])
    report = f"""{SECTION}

Run phase only (compile excluded): median seconds over {a.runs} timed runs after a warm-up, [min–max], and the
ratio to native. `n=K`: a cell whose first timed run took over {a.cell_budget / a.runs:g} s got K = {a.cell_budget:g} s // first run
(at least 1) timed runs, to keep the whole script under ~15 minutes. Every result matched `args.txt` (the script
aborts on a mismatch). Written by `Benchmarks/run-bench.py` (its docstring says exactly how each runtime is
timed); `Benchmarks/run-bench.py --quick` is a 1-run smoke test on 3 programs with small arguments (~3 s).

```sh
{cmd}
```

- date {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}, machine: `nproc` = {nproc}, {cpu}, {platform.platform()}, shared
  other jobs may share it; `/proc/loadavg` before `{load_before}`, after `{load_after}`; {elapsed:.0f} s for the whole script
- swasm: {'$SWASM_BIN (git at start: ' if os.environ.get('SWASM_BIN') else 'release build of '}{head_rev}{' + uncommitted changes in Sources/' if dirty else ''}{')' if os.environ.get('SWASM_BIN') else ''}, `swasm run --timing --invoke run FILE ARG`,
  run phase = its "first call" timer; native: `clang -O2 -DBENCH_NATIVE` via `OUT=<tmp> build.sh` on a copy of
  the bench dir ({wasm_note}), run phase = process wall time
- wasmtime 50.0.1 (Python package, in process, parallel compilation off): Cranelift = default strategy, Winch =
  `wasmtime._ffi.wasmtime_config_strategy_set(cfg.ptr(), 2)` (verified: that engine rejects function-references,
  which Winch does not support); wasm3 = pywasm3 {getattr(rts.get('wasm3'), 'wasm3', None) and rts['wasm3'].wasm3.M3_VERSION or ''}
  (in process; compiles lazily, so part of its translation is in its run time); WasmKit {getattr(rts.get('wasmkit'), 'version', '')}
  = `wasmkit run -v FILE run i32:ARG`, its own parse and invoke timers
{''.join(f'- {r} not measured: {why}' + chr(10) for r, why in skipped.items())}
{run_table}

Compile (ms, median; swasm: decode + validate + JIT, the second ("warm") compile in its process; wasmtime:
`Module()`, one thread; wasm3: parse + load (which also allocates the linear memory) + find_function, bodies
compiled lazily; WasmKit: parse only, bodies translated lazily):

{comp_table}

swasm / Winch run time: {vs_winch}. Slower than Winch: {', '.join(slower_than_winch) or 'none'} (targets: swasm ≤ 1.5× native geomean,
no program slower than Winch).
"""
    print(report)
    if not a.no_doc:
        text = open(DOC).read()
        i = text.find("\n" + SECTION)
        if i >= 0:                       # replace our own earlier section (it is kept last in the file)
            j = text.find("\n## ", i + 1)
            text = text[:i].rstrip("\n") + "\n" + ("\n" + text[j + 1:] if j >= 0 else "")
        text = text.rstrip("\n") + "\n\n" + report.rstrip("\n") + "\n"
        open(DOC, "w").write(text)
        log(f"wrote section to {DOC}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except Mismatch as e:
        log(str(e))
        sys.exit(2)

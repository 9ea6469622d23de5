"""fuzz/difftest: differential testing of swasm against wasmtime (wabt as the tie-breaker). See fuzz/README.md."""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from . import generators, swasm_runs, wasmbin
from .binaries import WASM_TOOLS
from .compare import compare_module, describe
from .oracle import FUEL, Oracle
from .swasm_runs import CONFIGS, GAS, GAS_REFERENCE, Unit
from .values import v128_int, v128_text
from .wabt import tie_break

ROOT = swasm_runs.ROOT


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="fuzz/difftest", description=__doc__)
    ap.add_argument("--seed", type=int, default=None, help="run seed (default: random, printed)")
    ap.add_argument("--count", type=int, default=100, help="modules to test (default 100)")
    ap.add_argument("--jobs", type=int, default=2, help="batches run in parallel (default 2)")
    ap.add_argument("--batch-size", type=int, default=None, help="modules per harness/JIT process")
    ap.add_argument("--keep", metavar="DIR", help="save every disagreement (shrunk) with a .repro command")
    ap.add_argument("--shrink-attempts", type=int, default=40, help="wasm-tools shrink --attempts (default 40)")
    ap.add_argument("--only", help="comma-separated module indices of the run to test (e.g. to reproduce one)")
    ap.add_argument("--generator", choices=["smith", "own", "simd", "both", "all"], default="all",
                    help="both: smith and own (even/odd indices); all (default): smith at even indices, own at odd "
                         "ones except every fourth index (3, 7, ...), simd there")
    ap.add_argument("--no-aarch64", action="store_true", help="skip the aarch64 artifacts under qemu")
    ap.add_argument("--no-simd", action="store_true",
                    help="smith modules without SIMD, and an oracle without it (other modules for the same seed)")
    ap.add_argument("--configs", help="comma-separated subset of: " + ",".join(CONFIGS))
    ap.add_argument("--quick", action="store_true",
                    help="400 modules (200 smith + 100 own + 100 simd), for test-all.sh")
    ap.add_argument("--timeout", type=int, default=4, help="seconds per command, native (default 4)")
    ap.add_argument("--qemu-timeout", type=int, default=15, help="seconds per command under qemu (default 15)")
    ap.add_argument("--fuel", type=int, default=FUEL, help=f"wasmtime fuel per call (default {FUEL})")
    ap.add_argument("--no-wabt", action="store_true", help="no tie-breaker runs")
    ap.add_argument("--workdir", help="scratch directory (default fuzz/out/difftest/seed-S)")
    ap.add_argument("--replay", metavar="FILE.wasm", help="run one module (with --calls, --config)")
    ap.add_argument("--calls", metavar="FILE.json", help="calls for --replay ([{export, args}])")
    ap.add_argument("--config", help="the configuration for --replay (default: all)")
    ap.add_argument("--expect", metavar="KIND", help="--replay exits 0 iff a disagreement of this kind (and "
                                                     "--config) is found (a shrink predicate)")
    ap.add_argument("--quiet", action="store_true", help="only the closing line")
    ap.add_argument("--compile-only", action="store_true", help="the compiler fuzz target (see README)")
    ap.add_argument("--minutes", type=float, default=None, help="--compile-only: run this long")
    ap.add_argument("--wrong-oracle", action="store_true",
                    help="flip the low bit of the oracle's first integer result, else its memory hash (must disagree)")
    ap.add_argument("--self-test", action="store_true",
                    help="check the tester: agreement on known-good modules, a wrong oracle and gas reported")
    a = ap.parse_args(argv)
    if a.quick:
        a.count, a.generator = 400, "all"
    if a.seed is None:
        a.seed = random.SystemRandom().randrange(1 << 31)
    return a


def selected_configs(a):
    names = list(CONFIGS)
    if a.config:
        names = [a.config]
    elif a.configs:
        names = a.configs.split(",")
    for n in names:
        if n not in CONFIGS:
            raise SystemExit(f"difftest: unknown configuration {n!r} (known: {', '.join(CONFIGS)})")
    if a.no_aarch64:
        names = [n for n in names if n != "aarch64"]
    return names


def printable(name):
    if name and all(33 <= ord(c) < 127 and c not in ",=" for c in name):
        return name
    return swasm_runs.hexname(name)


def wrong_oracle(run):
    """--wrong-oracle: a deliberately wrong reference: flips bit 0 of the first integer or v128 result of each call,
    or (calls without one) the memory hash."""
    for o in run.steps[1:]:
        for i, v in enumerate(o.values):
            t, _, x = v.partition(":")
            if t in ("i32", "i64"):
                o.values[i] = f"{t}:{int(x) ^ 1}"
                break
            if t == "v128":
                o.values[i] = v128_text(v128_int(v) ^ 1)
                break
        else:
            if o.mem and ":" in o.mem:
                o.mem = o.mem[:-1] + ("0" if o.mem[-1] != "0" else "1")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.agree = self.total = self.modules = 0
        self.disagreements = 0
        self.skipped = {}
        self.seconds = {}
        self.gas_used = []
        self.findings = []   # (module record, Finding) for --keep
        self.per_config = {}   # config -> [agreeing steps, compared steps, {kind: disagreements}]

    def skip(self, why, n=1):
        with self.lock:
            self.skipped[why] = self.skipped.get(why, 0) + n

    def time(self, what, seconds):
        with self.lock:
            self.seconds[what] = self.seconds.get(what, 0.0) + seconds


def out_per_config(stats, out):
    """One line per configuration: agreeing/compared steps and its disagreements by kind."""
    for c, (ca, ct, kinds) in stats.per_config.items():
        ks = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        out(f"difftest: config {c}: {ca}/{ct} agree" + (f"; disagreements: {ks}" if ks else ""))


def disagree_line(seed, m, f, wabt_verdict):
    if f.step == 0:
        export, args = "(instantiate)", "-"
    else:
        call = m["calls"][f.step - 1]
        export, args = printable(call["export"]), ",".join(call["args"]) or "-"
    if f.note:
        sw, ref = f"crash({f.note.replace(' ', '_')[:120]})", "-"
    else:
        sw, ref = describe(f.kind, f.swasm_obs, f.glob_index), describe(f.kind, f.oracle_obs, f.glob_index)
    if f.kind == "gas":
        return (f"DISAGREE seed={seed} idx={m['idx']} gen={m['gen']} config={f.config} kind=gas step={f.step} "
                f"export={export} args={args} swasm={sw} {GAS_REFERENCE[0]}={ref} wasmtime=- wabt={wabt_verdict}")
    return (f"DISAGREE seed={seed} idx={m['idx']} gen={m['gen']} config={f.config} kind={f.kind} step={f.step} "
            f"export={export} args={args} swasm={sw} wasmtime={ref} wabt={wabt_verdict}")


def test_modules(a, tools, oracle, configs, mods, workdir, stats, out):
    """Runs the oracle and every configuration on `mods` ([{idx, gen, path, info, calls}]); prints DISAGREE lines."""
    units, runs = [], {}
    t0 = time.time()
    for m in mods:
        info = m["info"] or wasmbin.WasmInfo()
        run = oracle.run(m["wasm"], info, m["calls"])
        dropped = 0
        while run.stop in ("fuel", "stack") and run.steps and dropped < 5:
            # a call that does not finish within the fuel or exhausts wasmtime's stack (limits differ between
            # engines): drop it and run the module again without it
            stats.skip(f"calls dropped: {'out of fuel' if run.stop == 'fuel' else 'stack exhausted'} in wasmtime")
            m["calls"] = m["calls"][:len(run.steps) - 1] + m["calls"][len(run.steps):]
            dropped += 1
            run = oracle.run(m["wasm"], info, m["calls"])
        if a.wrong_oracle:
            wrong_oracle(run)
        if run.stop in ("fuel", "stack"):
            stats.skip(f"modules cut short: {run.stop} limit in wasmtime (later calls not compared)")
            if not run.steps:
                continue
        if run.stop == "reject":
            stats.skip("wasmtime rejects the module (only validation compared)")
        runs[m["key"]] = run
        units.append(Unit(m["key"], m["path"], m["calls"], len(run.steps)))
    stats.time("wasmtime", time.time() - t0)
    if not units:
        return
    per_module = {u.key: {} for u in units}
    for name in configs:
        t0 = time.time()
        cfg = CONFIGS[name]
        compiled = None
        if cfg["kind"] == "harness":
            compiled = swasm_runs.compile_artifacts(tools, units, cfg["arch"], cfg["metered"], workdir)
        results = swasm_runs.run_config(tools, name, units, workdir, compiled)
        for key, r in results.items():
            per_module[key][name] = r
        stats.time(name, time.time() - t0)
    lines = []
    by_key = {m["key"]: m for m in mods}
    for u in units:
        m, run = by_key[u.key], runs[u.key]
        agree, total, findings, by_config = compare_module(
            run.steps, per_module[u.key], GAS_REFERENCE if all(c in configs for c in GAS_REFERENCE) else None)
        gas_steps = per_module[u.key].get("jit-gas", ([], None))[0]
        used = [GAS - int(s.gas) for s in gas_steps[1:] if s.gas not in (None, "-") and s.status in ("ok", "trap")]
        with stats.lock:
            stats.agree += agree
            stats.total += total
            stats.modules += 1
            stats.disagreements += len(findings)
            stats.gas_used += used
            for c, (ca, ct) in by_config.items():
                pc = stats.per_config.setdefault(c, [0, 0, {}])
                pc[0] += ca
                pc[1] += ct
            for f in findings:
                kinds = stats.per_config.setdefault(f.config, [0, 0, {}])[2]
                kinds[f.kind] = kinds.get(f.kind, 0) + 1
        verdicts = {}   # configurations often disagree the same way: ask wabt once
        for f in findings:
            key = (f.step, f.kind, describe(f.kind, f.swasm_obs, f.glob_index),
                   describe(f.kind, f.oracle_obs, f.glob_index))
            if key not in verdicts:
                flags = CONFIGS[f.config]["flags"] if CONFIGS[f.config]["kind"] == "inproc" else []
                verdicts[key] = "n/a" if a.no_wabt else tie_break(
                    m["path"], m["info"] or wasmbin.WasmInfo(), m["calls"], f, oracle,
                    [tools.swasm, "difftest-exec", "--timeout", "30"] + flags)
            verdict = verdicts[key]
            lines.append(disagree_line(m["seed"], m, f, verdict))
            with stats.lock:
                stats.findings.append((m, f))
    with stats.lock:
        for ln in lines:
            out(ln)


def module_generator(a, idx, own_ok):
    """The generator of module `idx` of the run (see --generator)."""
    gen = a.generator
    if gen == "both":
        gen = "smith" if idx % 2 == 0 else "own"
    elif gen == "all":
        gen = "smith" if idx % 2 == 0 else "simd" if idx % 4 == 3 else "own"
    if gen == "simd" and a.no_simd:
        gen = "own"
    if gen == "own" and not own_ok:
        gen = "smith"
    return gen


def run_batch(a, tools, configs, batch, workdir, stats, out, own_ok):
    os.makedirs(workdir, exist_ok=True)
    oracle = Oracle(a.fuel, simd=not a.no_simd)
    mods = []
    t0 = time.time()
    for idx in batch:
        gen = module_generator(a, idx, own_ok)
        g, err = generators.generate(a.seed, idx, gen, workdir, simd=not a.no_simd)
        if g is None:
            stats.skip(f"{gen} generator failed")
            if not a.quiet and err:
                out(f"difftest: module {idx}: {err}")
            continue
        mods.append({"key": f"m{idx}", "idx": idx, "gen": gen, "seed": a.seed, "path": g.path, "wasm": g.wasm,
                     "info": g.info, "calls": g.calls})
    stats.time("generate", time.time() - t0)
    test_modules(a, tools, oracle, configs, mods, workdir, stats, out)


def keep_finding(a, tools, m, f, keep):
    """Saves the module (shrunk) and a .repro command for one finding."""
    name = f"s{m['seed']}-i{m['idx']}-{m['gen']}-{f.config}-{f.kind}"
    keep = os.path.abspath(keep)   # the predicate runs in wasm-tools' working directory
    orig = os.path.join(keep, name + ".orig.wasm")
    shutil.copyfile(m["path"], orig)
    calls = os.path.join(keep, name + ".calls.json")
    with open(calls, "w") as fp:
        json.dump(m["calls"], fp)
    pred = os.path.join(keep, name + ".pred.sh")
    difftest = os.path.join(ROOT, "fuzz", "difftest")
    with open(pred, "w") as fp:
        fp.write("#!/bin/sh\n# wasm-tools shrink predicate: exit 0 while the disagreement is still there\n"
                 "d=$(mktemp -d)\n"
                 f"SWASM_BIN='{tools.swasm}' '{sys.executable}' '{difftest}' --replay \"$1\" --calls '{calls}' "
                 f"--config {f.config}{' --no-simd' if a.no_simd else ''} --expect {f.kind} --no-wabt --quiet "
                 "--workdir \"$d\"\n"
                 "s=$?\nrm -rf \"$d\"\nexit $s\n")
    os.chmod(pred, 0o755)
    out = os.path.join(keep, name + ".wasm")
    shrunk = False
    try:
        # (an unsupported module is not shrunk: its message names the operator, and there are many of them)
        if f.kind != "unsupported":
            p = subprocess.run([WASM_TOOLS, "shrink", "--attempts", str(a.shrink_attempts), pred, orig, "-o", out],
                               capture_output=True, text=True, timeout=900)
            shrunk = p.returncode == 0 and os.path.exists(out)
    except subprocess.TimeoutExpired:
        pass
    if not shrunk:
        shutil.copyfile(orig, out)
    subprocess.run([WASM_TOOLS, "print", out, "-o", os.path.join(keep, name + ".wat")], capture_output=True)
    rel = os.path.relpath(out, ROOT) if out.startswith(ROOT) else out
    relc = os.path.relpath(calls, ROOT) if calls.startswith(ROOT) else calls
    with open(os.path.join(keep, name + ".repro"), "w") as fp:
        fp.write(f"fuzz/difftest --replay {rel} --calls {relc} --config {f.config}"
                 f"{' --no-simd' if a.no_simd else ''}\n")
    return out, shrunk, os.path.getsize(orig), os.path.getsize(out)


def replay(a, tools, configs, out):
    wasm = open(a.replay, "rb").read()
    try:
        info = wasmbin.parse(wasm)
    except Exception:
        info = None
    if a.calls:
        calls = json.load(open(a.calls))
        if info is not None:   # a shrunk module may have lost exports: keep the calls that still fit
            funcs = {n: info.func_type(i)[0] for n, k, i in info.exports if k == "func"}
            calls = [c for c in calls if c["export"] in funcs and
                     [x.split(":")[0] for x in c["args"]] == funcs[c["export"]]]
    else:
        calls = generators.calls_for(info, random.Random("replay")) if info else []
    workdir = a.workdir or os.path.join(ROOT, "fuzz", "out", "difftest", "replay")
    os.makedirs(workdir, exist_ok=True)
    path = os.path.join(workdir, "replay.wasm")
    shutil.copyfile(a.replay, path)
    stats = Stats()
    m = {"key": "m0", "idx": 0, "gen": "replay", "seed": "-", "path": path, "wasm": wasm, "info": info,
         "calls": calls}
    test_modules(a, tools, Oracle(a.fuel, simd=not a.no_simd), configs, [m], workdir, stats, out)
    return stats


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    if a.compile_only:
        from .compilefuzz import compile_fuzz
        return compile_fuzz(a)
    configs = selected_configs(a)
    need_a64 = "aarch64" in configs
    tools = swasm_runs.build_tools(need_a64, a.timeout, a.qemu_timeout)
    lock = threading.Lock()

    def out(line):   # --quiet: only the closing line
        if not a.quiet or (line.startswith("difftest: ") and "invocations agree" in line):
            with lock:
                print(line, flush=True)

    if a.self_test:
        from .selftest import self_test
        return self_test(a, tools, configs, out, test_modules, Stats, lambda: Oracle(a.fuel, simd=not a.no_simd))

    if a.replay:
        stats = replay(a, tools, configs, out)
        out(f"difftest: {stats.agree}/{stats.total} invocations agree over {stats.modules} modules; "
            f"{stats.disagreements} disagreements")
        if a.expect:
            hit = any(f.kind == a.expect and (a.config is None or f.config == a.config) for _, f in stats.findings)
            return 0 if hit else 1
        return 1 if stats.disagreements else 0

    own_ok = generators.own_available()
    if a.generator in ("own", "both", "all") and not own_ok:
        out("difftest: fuzz/gen/swasmgen.py not found: using wasm-tools smith for every module")
    workdir = a.workdir or os.path.join(ROOT, "fuzz", "out", "difftest", f"seed-{a.seed}")
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    if not a.quiet:
        out(f"difftest: seed {a.seed}, {a.count} modules ({a.generator}{', no SIMD' if a.no_simd else ''}), "
            f"configurations {','.join(configs)}, {a.jobs} jobs")
    indices = [int(x) for x in a.only.split(",")] if a.only else list(range(a.count))
    size = a.batch_size or max(10, min(150, -(-len(indices) // (2 * a.jobs))))
    batches = [indices[i:i + size] for i in range(0, len(indices), size)]
    stats = Stats()
    t0 = time.time()
    with ThreadPoolExecutor(max_workers=a.jobs) as ex:
        futures = [ex.submit(run_batch, a, tools, configs, b, os.path.join(workdir, f"batch{k}"), stats, out, own_ok)
                   for k, b in enumerate(batches)]
        for f in futures:
            f.result()
    wall = time.time() - t0
    if not a.quiet:
        for why, n in sorted(stats.skipped.items()):
            out(f"difftest: skipped {n}: {why}")
        parts = [f"{k} {v:.1f}s ({stats.modules / v:.1f} modules/s)" for k, v in stats.seconds.items() if v > 0]
        out(f"difftest: time (summed over jobs): {', '.join(parts)}; wall {wall:.1f}s")
        out_per_config(stats, out)
        if stats.gas_used:
            out(f"difftest: gas used (jit-gas): {len(stats.gas_used)} metered calls, total {sum(stats.gas_used)}, "
                f"max {max(stats.gas_used)}")
    if a.keep and stats.findings:
        os.makedirs(a.keep, exist_ok=True)
        for m, f in sorted(stats.findings, key=lambda x: (x[0]["idx"], x[1].config)):
            path, shrunk, before, after = keep_finding(a, tools, m, f, a.keep)
            if not a.quiet:
                out(f"difftest: kept {path} ({'shrunk ' + str(before) + ' -> ' + str(after) if shrunk else 'not shrunk'}"
                    f" bytes)")
    out(f"difftest: {stats.agree}/{stats.total} invocations agree over {stats.modules} modules; "
        f"{stats.disagreements} disagreements")
    return 1 if stats.disagreements else 0

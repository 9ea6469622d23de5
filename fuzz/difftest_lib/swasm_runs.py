"""The swasm side: builds the tools, writes one observe script per batch and configuration, compiles artifacts
with the batch compiler, runs `swasm difftest-exec` / the harness (natively or under qemu), parses the `obs` lines
and attributes a dying or hanging process to the module (and step) that killed it."""
import os
import shlex
import subprocess

from .obs import Obs, parse_line
from .values import script_value

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GAS = 1 << 60   # ample: memory.grow is charged per page before it fails (2^32 pages x 1024 = 2^42)
STEP_SPAN = 10000   # script line L = slot * STEP_SPAN + step

# name -> how to run it. "inproc": swasm difftest-exec FLAGS; "harness": artifacts (arch, metered).
CONFIGS = {
    "jit": {"kind": "inproc", "flags": []},
    "jit-bounds": {"kind": "inproc", "flags": ["--explicit-bounds"]},
    "jit-gas": {"kind": "inproc", "flags": ["--gas", str(GAS)]},
    "jit-nohomes": {"kind": "inproc", "flags": ["--no-register-homes"]},
    "x86_64": {"kind": "harness", "arch": "x86_64", "metered": False},
    "aarch64": {"kind": "harness", "arch": "aarch64", "metered": True},
}
GAS_REFERENCE = ("jit-gas", "aarch64")   # gas left after every step must be equal across architectures
HARNESS_GAS_SKEW = 0   # --self-test: a wrong budget for the metered artifacts must be reported


class Tools:
    def __init__(self, swasm, harness_x86, harness_a64, qemu, timeout_native=4, timeout_qemu=15):
        self.swasm, self.harness_x86, self.harness_a64 = swasm, harness_x86, harness_a64
        self.qemu = qemu
        self.timeout_native, self.timeout_qemu = timeout_native, timeout_qemu


def build_tools(need_aarch64, timeout_native=4, timeout_qemu=15):
    """Builds swasm (debug) and the harness unless $SWASM_BIN is given; returns Tools."""
    swasm = os.environ.get("SWASM_BIN")
    if not swasm:
        p = subprocess.run(["swift", "build", "-j", "2", "--product", "swasm"], cwd=ROOT, capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit(f"difftest: swift build failed:\n{p.stdout[-3000:]}{p.stderr[-2000:]}")
        binpath = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True,
                                 text=True).stdout.strip()
        swasm = os.path.join(binpath, "swasm")
    p = subprocess.run([os.path.join(ROOT, "harness", "build.sh")], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"difftest: harness/build.sh failed:\n{p.stderr[-2000:]}")
    hx = os.path.join(ROOT, "harness", ".build", "swasm-harness-x86_64")
    ha = os.path.join(ROOT, "harness", ".build", "swasm-harness-aarch64")
    if need_aarch64 and not os.path.exists(ha):
        raise SystemExit("difftest: no aarch64 harness (aarch64-linux-gnu-gcc missing?); use --no-aarch64")
    qemu = shlex.split(os.environ.get("QEMU", "qemu-aarch64-static -cpu cortex-a53"))
    return Tools(swasm, hx, ha, qemu, timeout_native, timeout_qemu)


def hexname(name):
    return "x" + name.encode("utf-8").hex()


class Unit:
    """One module of a batch as the runners see it: its wasm, the calls to make and how many steps to run."""
    def __init__(self, key, wasm_path, calls, nsteps):
        self.key, self.wasm_path, self.calls, self.nsteps = key, wasm_path, calls, nsteps


def script_for(units, paths, metered):
    """The observe script for these units (slot = position); `paths[key]` = module file to load."""
    lines = ["script difftest"]
    if metered:
        lines.append(f"gas {GAS + HARNESS_GAS_SKEW}")
    for slot, u in enumerate(units):
        base = slot * STEP_SPAN
        lines.append(f"observe_instantiate {base} {paths[u.key]} -")
        for k, call in enumerate(u.calls[:u.nsteps - 1], start=1):
            args = " ".join(script_value(x) for x in call["args"])
            lines.append(f"observe {base + k} invoke - {hexname(call['export'])} {len(call['args'])} {args}".rstrip())
    return "\n".join(lines) + "\n"


def compile_artifacts(tools, units, arch, metered, outdir, explicit_bounds=False, run_tag=""):
    """Compiles every unit with `swasm compile --batch`. Returns {key: ("ok", path) | ("reject", msg) |
    ("crash", msg)}; a compiler that dies is restarted after the module it died on."""
    cmd = [tools.swasm, "compile", "--batch", "--arch", arch] + (["--gas-metering"] if metered else []) \
        + (["--explicit-bounds"] if explicit_bounds else [])
    tag = arch + ("-gas" if metered else "") + ("-bounds" if explicit_bounds else "") + run_tag
    results = {}
    todo = list(units)
    while todo:
        outs = {u.key: os.path.join(outdir, f"{u.key}.{tag}.aot") for u in todo}
        inp = "".join(f"{u.wasm_path} {outs[u.key]}\n" for u in todo)
        try:
            p = subprocess.run(cmd, input=inp, capture_output=True, text=True, timeout=60 + 10 * len(todo))
            answers, rc, err = p.stdout.splitlines(), p.returncode, p.stderr
        except subprocess.TimeoutExpired as e:
            answers = (e.stdout or b"").decode(errors="replace").splitlines() if isinstance(e.stdout, bytes) else \
                (e.stdout or "").splitlines()
            rc, err = "timeout", ""
        for u, a in zip(todo, answers):
            results[u.key] = ("ok", outs[u.key]) if a == "ok" else ("reject", a)
        if len(answers) >= len(todo):
            break
        dead = todo[len(answers)]
        results[dead.key] = ("crash", f"swasm compile --batch --arch {arch} died (status {rc}): "
                                      f"{err.strip().splitlines()[-1][:200] if err.strip() else ''}")
        todo = todo[len(answers) + 1:]
    return results


def _run_script(cmd, script, env, wall):
    """Runs one script; returns (obs by L, returncode, stderr tail)."""
    try:
        p = subprocess.run(cmd + [script], capture_output=True, text=True, env=env, timeout=wall,
                           errors="replace")
        out, rc, err = p.stdout, p.returncode, p.stderr
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        rc, err = "wall-timeout", ""
    obs = {}
    for line in out.splitlines():
        r = parse_line(line)
        if r:
            obs[r[0]] = r[1]
    return obs, rc, err.strip()[-300:]


def _collect(units, obs):
    """Per unit: its observations in step order (up to the first missing one or a timeout) and whether all of
    its steps were observed."""
    res = []
    for slot, u in enumerate(units):
        steps = []
        for k in range(u.nsteps):
            o = obs.get(slot * STEP_SPAN + k)
            if o is None:
                break
            steps.append(o)
            if o.status == "timeout":
                break
        res.append((steps, len(steps) == u.nsteps and steps[-1].status != "timeout"))
    return res


def run_config(tools, name, units, workdir, compiled=None):
    """Runs the units in one configuration. Returns {key: (steps, note)}: `steps` the observations in step order
    (ending with a `timeout`/`crash` Obs if the process died there); `note` says when a module died only in the
    batch (then its steps come from a rerun alone)."""
    cfg = CONFIGS[name]
    results = {}
    paths = {}
    runnable = []
    for u in units:
        if cfg["kind"] == "inproc":
            paths[u.key] = u.wasm_path
            runnable.append(u)
            continue
        status, what = compiled[u.key]
        if status == "ok":
            paths[u.key] = what
            runnable.append(u)
        elif status == "reject":
            results[u.key] = ([Obs("reject", msg=what)], None)
        else:
            results[u.key] = ([Obs("crash", msg=what)], None)
    env = dict(os.environ)
    if cfg["kind"] == "inproc":
        cmd = [tools.swasm, "difftest-exec"] + cfg["flags"] + ["--timeout", str(tools.timeout_native)]
        per = tools.timeout_native
    elif cfg["arch"] == "x86_64":
        cmd = [tools.harness_x86]
        env["SWASM_HARNESS_TIMEOUT"] = str(tools.timeout_native)
        per = tools.timeout_native
    else:
        cmd = tools.qemu + [tools.harness_a64]
        env["SWASM_HARNESS_TIMEOUT"] = str(tools.timeout_qemu)
        per = tools.timeout_qemu
    metered = cfg.get("metered", False)
    script = os.path.join(workdir, f"script-{name}.txt")

    def run(batch):
        with open(script, "w") as f:
            f.write(script_for(batch, paths, metered))
        wall = 60 + per * 2 + sum(u.nsteps for u in batch) * 2
        return _run_script(cmd, script, env, wall)

    def dead_obs(obs_steps, rc, err):
        if obs_steps and obs_steps[-1].status == "timeout":
            return obs_steps
        return obs_steps + [Obs("crash", msg=f"status {rc} {err.splitlines()[-1] if err else ''}".strip())]

    todo = runnable
    while todo:
        obs, rc, err = run(todo)
        collected = _collect(todo, obs)
        first_bad = next((i for i, (_, ok) in enumerate(collected) if not ok), None)
        if first_bad is None:
            for u, (steps, _) in zip(todo, collected):
                results[u.key] = (steps, None)
            if rc not in (0, 1):   # every command answered, then the process died (exit code 1: harness failures)
                steps, _ = results[todo[-1].key]
                results[todo[-1].key] = (steps, f"the process died after its last command (status {rc} {err[-100:]})")
            break
        for u, (steps, _) in zip(todo[:first_bad], collected[:first_bad]):
            results[u.key] = (steps, None)
        bad = todo[first_bad]
        steps0 = collected[first_bad][0]
        if len(todo) == 1 or (steps0 and steps0[-1].status == "timeout"):
            # alone, or a timeout (its `obs L timeout` line names the step): attributed without a rerun
            results[bad.key] = (dead_obs(steps0, rc, err), None)
        else:   # rerun alone to attribute the death
            obs1, rc1, err1 = run([bad])
            steps1, ok1 = _collect([bad], obs1)[0]
            if ok1:
                results[bad.key] = (steps1, f"died in the batch only (status {rc}, {err[-120:]})")
            else:
                results[bad.key] = (dead_obs(steps1, rc1, err1), None)
        todo = todo[first_bad + 1:]
    return results

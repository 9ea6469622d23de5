"""The tie-breaker: wabt's interpreter (`spectest-interp` on a generated JSON script) re-runs a disagreeing module
up to the disputed step and says whether it agrees with wasmtime, with swasm, or with neither.

It sees results, trap kinds and exported globals (not memory, not gas); validation goes to `wasm-validate`."""
import json
import os
import re
import subprocess

from .binaries import SPECTEST_INTERP, WASM_TOOLS, WASM_VALIDATE
from .values import is_nan, v128_int, wabt_trap_kind


def _val(text, expected=False):
    t, _, v = text.partition(":")
    if t == "v128":   # bit for bit, as i32 lanes (lane 0 first)
        x = v128_int(text)
        return {"type": "v128", "lane_type": "i32", "value": [str((x >> (32 * i)) & 0xFFFFFFFF) for i in range(4)]}
    if v == "null":
        return {"type": t, "value": "null"}
    if expected and t in ("f32", "f64") and is_nan(t, int(v)):
        return {"type": t, "value": "nan:arithmetic"}
    return {"type": t, "value": v}


def _invoke(call):
    return {"type": "invoke", "field": call["export"], "args": [_val(a) for a in call["args"]]}


def _run(wasm_path, calls, step, final, tag):
    """Script: module, actions for calls before `step`, then the commands `final` for the step. Returns the
    output lines mentioning the final commands' lines (failures) and the whole output."""
    d = os.path.dirname(wasm_path)
    cmds = [{"type": "module", "line": 1, "filename": os.path.basename(wasm_path)}]
    for k, call in enumerate(calls[:max(step - 1, 0)], start=1):
        cmds.append({"type": "action", "line": 1 + k, "action": _invoke(call), "expected": []})
    first_final = 1 + len(cmds)
    for i, c in enumerate(final):   # wabt's JSON reader wants "type", then "line", first
        cmds.append({"type": c["type"], "line": first_final + i, **{k: v for k, v in c.items() if k != "type"}})
    path = os.path.join(d, f"{os.path.basename(wasm_path)}.{tag}.wabt.json")
    with open(path, "w") as f:
        json.dump({"source_filename": "difftest.wast", "commands": cmds}, f)
    try:
        p = subprocess.run([SPECTEST_INTERP, path], capture_output=True, text=True, timeout=20, errors="replace")
    except subprocess.TimeoutExpired:
        return None, "timeout"
    except FileNotFoundError:
        return None, "spectest-interp not found"
    out = p.stdout + p.stderr
    if not re.search(r"\d+/\d+ tests passed", out):   # it could not read the script or the module
        return None, out
    lines = range(first_final, first_final + len(final))
    bad = [ln for ln in out.splitlines() if any(ln.startswith(f"difftest.wast:{n}:") for n in lines)]
    return bad, out


def _step_commands(call, obs, glob_index, info):
    """Commands checking one engine's observation of a call step (what wabt can see)."""
    cmds = []
    if obs.status == "ok":
        if any(v.startswith("funcref:nonnull") for v in obs.values):
            return None
        cmds.append({"type": "assert_return", "action": _invoke(call), "expected": [_val(v, True) for v in obs.values]})
    elif obs.status == "trap":
        cmds.append({"type": "action", "action": _invoke(call), "expected": []})
    else:
        return None
    if glob_index is not None:
        cmd = _global_command(obs, glob_index, info)
        if cmd is None:
            return None
        cmds.append(cmd)
    return cmds


def _global_command(obs, glob_index, info):
    name = next((n for n, k, i in info.exports if k == "global" and i == glob_index), None)
    g = obs.glob[glob_index] if obs.glob and glob_index < len(obs.glob) else None
    if name is None or g is None or g.startswith("funcref:nonnull"):
        return None
    return {"type": "assert_return", "action": {"type": "get", "field": name}, "expected": [_val(g, True)]}


def _matches(wasm_path, calls, step, obs, glob_index, info, tag):
    """True/False: does wabt reproduce `obs` at `step`? None if it cannot tell."""
    if step == 0:   # a global right after instantiation
        cmd = _global_command(obs, glob_index, info)
        if cmd is None:
            return None
        bad, _ = _run(wasm_path, calls, 0, [cmd], tag)
        return None if bad is None else not bad
    cmds = _step_commands(calls[step - 1], obs, glob_index, info)
    if cmds is None:
        return None
    bad, out = _run(wasm_path, calls, step, cmds, tag)
    if bad is None:
        return None
    if obs.status == "trap":
        # every action prints "NAME(args) => ..."; the disputed step's is the last one
        lines = [ln for ln in out.splitlines() if " => " in ln]
        if not lines:
            return None
        last = lines[-1]
        if " => error: " not in last:
            return False
        if wabt_trap_kind(last.split(" => error: ", 1)[1]) != obs.trap:
            return False
        return not bad[1:] if len(cmds) > 1 else True
    return not bad


# Memory: the module plus an exported function returning an FNV-1a-64 digest of memory 0's bytes, run in wabt,
# wasmtime and swasm (in-process) up to the disputed step.
DIGEST_EXPORT = "__difftest_digest"
DIGEST_WAT = """
  (func (export "%s") (result i64)
    (local $i i32) (local $n i32) (local $h i64)
    (local.set $h (i64.const 0xcbf29ce484222325))
    (local.set $n (i32.mul (memory.size) (i32.const 65536)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $h (i64.mul (i64.xor (local.get $h) (i64.load8_u (local.get $i))) (i64.const 0x100000001b3)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $h))
""" % DIGEST_EXPORT


def _instrument(wasm_path):
    out = wasm_path + ".digest.wasm"
    p = subprocess.run([WASM_TOOLS, "print", wasm_path], capture_output=True, text=True)
    wat = p.stdout.rstrip()
    if p.returncode != 0 or not wat.endswith(")"):
        return None
    with open(out[:-5] + ".wat", "w") as f:
        f.write(wat[:-1] + DIGEST_WAT + ")\n")
    p = subprocess.run([WASM_TOOLS, "parse", out[:-5] + ".wat", "-o", out], capture_output=True)
    return out if p.returncode == 0 else None


def _memory_verdict(wasm_path, calls, step, oracle, swasm_cmd):
    from . import swasm_runs, wasmbin   # (late: only needed here)
    dpath = _instrument(wasm_path)
    if dpath is None:
        return "n/a(memory)"
    dwasm = open(dpath, "rb").read()
    dcalls = calls[:step] + [{"export": DIGEST_EXPORT, "args": []}]
    fuel, oracle.fuel = oracle.fuel, max(oracle.fuel, 10**9)   # the digest loops over every byte
    try:
        run = oracle.run(dwasm, wasmbin.parse(dwasm), dcalls)
    finally:
        oracle.fuel = fuel
    wt = run.steps[-1].values[0] if len(run.steps) == step + 2 and run.steps[-1].status == "ok" else None
    bad, out = _run(dpath, dcalls, step + 1, [{"type": "action", "action": _invoke(dcalls[-1]), "expected": []}],
                    "digest")
    last = [ln for ln in (out or "").splitlines() if ln.startswith(DIGEST_EXPORT + "() => ")]
    wb = last[-1].split(" => ", 1)[1].strip() if last and bad is not None else None
    script = dpath + ".script.txt"
    with open(script, "w") as f:
        f.write(swasm_runs.script_for([swasm_runs.Unit("d", dpath, dcalls, step + 2)], {"d": dpath}, False))
    try:
        p = subprocess.run(swasm_cmd + [script], capture_output=True, text=True, timeout=60, errors="replace")
        got = [ln for ln in p.stdout.splitlines() if ln.startswith(f"obs {step + 1} ok ")]
        sw = got[0].split(" ")[3] if got else None
    except subprocess.TimeoutExpired:
        sw = None
    if wb is None or wt is None:
        return "n/a(memory)"
    if wb == wt:
        return "agrees-with-wasmtime"
    return "agrees-with-swasm" if wb == sw else "agrees-with-neither"


def tie_break(wasm_path, info, calls, finding, oracle=None, swasm_cmd=None):
    """'agrees-with-wasmtime' | 'agrees-with-swasm' | 'agrees-with-neither' | 'n/a(...)'."""
    k, o, s = finding.step, finding.oracle_obs, finding.swasm_obs
    if finding.kind in ("gas",) or o is None:
        return "n/a"
    if finding.kind == "memory":
        if oracle is None or swasm_cmd is None:
            return "n/a(memory)"
        try:
            return _memory_verdict(wasm_path, calls, k, oracle, swasm_cmd)
        except Exception as e:
            return f"n/a({type(e).__name__})"
    if finding.kind in ("validation", "unsupported") or (k == 0 and finding.kind != "global"):
        if finding.kind in ("validation", "unsupported"):
            try:
                p = subprocess.run([WASM_VALIDATE, wasm_path], capture_output=True, text=True, timeout=60)
            except (FileNotFoundError, subprocess.TimeoutExpired):
                return "n/a"
            valid = p.returncode == 0
            return "agrees-with-wasmtime" if valid == (o.status != "reject") else "agrees-with-swasm"
        bad, out = _run(wasm_path, calls, 0, [], "inst")
        if bad is None:
            return "n/a"
        failed = re.search(r"difftest\.wast:1:", out) is not None
        wasmtime_failed = o.status != "ok"
        return "agrees-with-wasmtime" if failed == wasmtime_failed else "agrees-with-swasm"
    try:
        w = _matches(wasm_path, calls, k, o, finding.glob_index, info, "w")
        if w:
            return "agrees-with-wasmtime"
        sw = _matches(wasm_path, calls, k, s, finding.glob_index, info, "s") \
            if s is not None and s.status in ("ok", "trap") else None
        if sw:
            return "agrees-with-swasm"
        if w is None and sw is None:
            return "n/a"
        return "agrees-with-neither" if w is False and sw is False else "n/a"
    except Exception as e:   # the tie-breaker must never stop the run
        return f"n/a({type(e).__name__})"

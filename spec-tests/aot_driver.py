#!/usr/bin/env python3
"""Runs spec scripts (JSON in the shape of wabt's wast2json, written by `swasm wast2json`) through swasm AOT
artifacts and the C harness (harness/swasm-harness.c).

Called by spec-tests/run-aot.sh (which converts the .wast files and builds swasm and the harness):
    aot_driver.py --arch ARCH --swasm SWASM --harness HARNESS [--qemu QEMU ...] [--jobs N] JSON...

For each script: compiles every binary module to an artifact (`swasm compile --arch ARCH`, or the batch
compiler in $SWASM_AOT_BATCH), writes a command script (format: harness/README.md), runs the harness (under
qemu for aarch64), and counts every command exactly once, like `swasm spectest` (spec-tests/README.md):
assert_invalid/assert_malformed binary modules pass when the compiler rejects them; text modules are
"text not run"; modules the code generator does not support are skipped with the reason.
The last line is `spec ARCH: P passed, F failed, S skipped (T text not run)`.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

VALUE_REASON = "a value the harness script cannot express"


def hexname(s):
    return "x" + s.encode("utf-8", "surrogatepass").hex()


def modname(n):
    return "-" if n is None else "n" + n.encode("utf-8", "surrogatepass").hex()


def one_line(s):
    return " ".join(str(s).split())


class Compiler:
    """Compiles wasm binaries to artifacts: a batch compiler process (one per script) or `swasm compile`."""

    def __init__(self, swasm, arch, batch):
        self.swasm, self.arch, self.batch = swasm, arch, batch

    def compile_all(self, jobs):
        """jobs: list of (wasm, out). Returns list of ("ok" | "unsupported" | "rejected", message)."""
        if not jobs:
            return []
        if self.batch:
            inp = "".join(f"{w} {o}\n" for w, o in jobs)
            p = subprocess.run(self.batch + [self.arch], input=inp, capture_output=True, text=True)
            lines = p.stdout.splitlines()
            if len(lines) != len(jobs):
                return [("rejected", f"batch compiler died: {one_line(p.stderr)[-300:]}")] * len(jobs)
            res = []
            for l in lines:
                kind, _, msg = l.partition(":")
                res.append((kind.strip() if kind.strip() in ("ok", "unsupported", "rejected") else "rejected", msg.strip()))
            return res
        res = []
        for w, o in jobs:
            p = subprocess.run([self.swasm, "compile", "--arch", self.arch, w, "-o", o], capture_output=True, text=True)
            if p.returncode == 0 and os.path.exists(o):
                res.append(("ok", ""))
                continue
            msg = one_line(p.stderr or p.stdout)
            if "not supported by the code generator" in msg or "unsupported" in msg:
                res.append(("unsupported", msg))
            else:
                res.append(("rejected", msg))
        return res


def _validate(self, wasm):
    """`swasm validate`: "ok", "rejected", or "unsupported" when swasm cannot tell."""
    try:
        p = subprocess.run([self.swasm, "validate", "--quiet", wasm], capture_output=True, text=True)
    except OSError:
        return "unsupported"
    return "ok" if p.returncode == 0 else "rejected" if p.returncode == 1 else "unsupported"


Compiler.validate = _validate


def unsupported_reason(msg):
    return f"not supported by the code generator: {msg}"


LANE_BITS = {"i8": 8, "i16": 16, "i32": 32, "i64": 64, "f32": 32, "f64": 64}


def v128_token(v, expected):
    """A v128 JSON value to `v128:LANE:V0,V1,...` (unsigned bit patterns; nan:* lanes in expectations)."""
    lane, vals = v.get("lane_type"), v.get("value")
    if lane not in LANE_BITS or not isinstance(vals, list) or len(vals) != 128 // LANE_BITS[lane]:
        return "v128:*" if expected and "value" not in v else None
    out = []
    for x in vals:
        if x.startswith("nan:"):
            if not expected or lane[0] != "f":
                return None
            out.append(x)
        else:
            out.append(str(int(x) & ((1 << LANE_BITS[lane]) - 1)))
    return f"v128:{lane}:{','.join(out)}"


def value_token(v, expected):
    """A JSON value to a harness token, or None if it cannot be expressed."""
    t = v["type"]
    if t == "v128":
        return v128_token(v, expected)
    if "value" not in v:
        return f"{t}:any" if (expected and t == "funcref") else (f"{t}:*" if expected else None)
    val = v["value"]
    if isinstance(val, list):
        return None
    if val == "null":
        return f"{t}:null"
    if val.startswith("nan:"):
        return f"{t}:{val}"
    return f"{t}:{int(val)}"


def action_tokens(a):
    """Returns the action as tokens, or None when an argument cannot be expressed."""
    mod = modname(a.get("module"))
    field = hexname(a["field"])
    if a["type"] == "get":
        return ["get", mod, field]
    if a["type"] != "invoke":
        return None
    args = []
    for v in a.get("args", []):
        tok = value_token(v, False)
        if tok is None:
            return None
        args.append(tok)
    return ["invoke", mod, field, str(len(args))] + args


class Script:
    def __init__(self, json_path, arch, compiler, harness_cmd, outdir, keep):
        self.json_path, self.arch, self.compiler, self.harness_cmd = json_path, arch, compiler, harness_cmd
        self.dir = os.path.dirname(os.path.abspath(json_path))
        self.name = os.path.basename(json_path)[:-5] + ".wast"
        self.outdir = outdir
        self.keep = keep
        self.passed = self.failed = self.skipped = self.text = 0
        self.failures = []
        self.skips = {}
        self.timing = {}

    def skip(self, cmd, reason):
        self.skipped += 1
        key = f"{cmd}: {reason}"
        self.skips[key] = self.skips.get(key, 0) + 1

    def fail(self, line, cmd, msg):
        self.failed += 1
        self.failures.append(f"  FAIL line {line}: {cmd}: {one_line(msg)}")

    def run(self):
        t0 = time.time()
        with open(self.json_path, encoding="utf-8") as f:
            script = json.load(f)
        cmds = script["commands"]
        os.makedirs(self.outdir, exist_ok=True)
        # 1. compile every binary module in one go
        jobs, index = [], {}
        for i, c in enumerate(cmds):
            if c["type"] in ("module", "assert_invalid", "assert_malformed", "assert_unlinkable", "assert_uninstantiable") \
                    and c.get("module_type", "binary") == "binary" and "filename" in c:
                out = os.path.join(self.outdir, c["filename"] + ".aot")
                index[i] = len(jobs)
                jobs.append((os.path.join(self.dir, c["filename"]), out))
        results = self.compiler.compile_all(jobs)
        t1 = time.time()
        # 2. the command script
        lines = [f"script {self.name}"]
        harness_commands = 0
        for i, c in enumerate(cmds):
            typ, line = c["type"], c.get("line", 0)
            text_module = c.get("module_type", "binary") == "text"
            if typ in ("assert_invalid", "assert_malformed"):
                if text_module and "text_error" in c and typ == "assert_malformed":
                    self.passed += 1   # rejected by swasm's text-format parser (swasm wast2json)
                    continue
                if text_module:
                    self.text += 1
                    continue
                kind, msg = results[index[i]]
                if kind == "rejected":
                    self.passed += 1
                elif kind == "unsupported" and self.compiler.validate(jobs[index[i]][0]) == "unsupported":
                    self.skip(typ, unsupported_reason(msg))
                elif kind == "unsupported" and self.compiler.validate(jobs[index[i]][0]) == "rejected":
                    self.passed += 1   # the code generator stopped first; the validator rejects it (as swasm spectest)
                else:
                    self.fail(line, typ, f"expected \"{c.get('text', '')}\", accepted")
                continue
            if typ in ("module", "assert_unlinkable", "assert_uninstantiable"):
                if text_module and "text_error" in c:
                    self.fail(line, typ, f"text not assembled: {c['text_error']}")
                    continue
                if text_module:
                    self.text += 1
                    continue
                kind, msg = results[index[i]]
                artifact = jobs[index[i]][1]
                if typ == "module":
                    name = modname(c.get("name"))
                    if kind == "ok":
                        lines.append(f"module {line} {artifact} {name}")
                    elif kind == "unsupported":
                        lines.append(f"module_skip {line} {name} | {unsupported_reason(msg)}")
                    else:
                        lines.append(f"module_fail {line} {name} | rejected: {msg}")
                    harness_commands += 1
                    continue
                if kind == "ok":
                    lines.append(f"{typ} {line} {artifact} | {c.get('text', '')}")
                    harness_commands += 1
                elif kind == "unsupported":
                    self.skip(typ, unsupported_reason(msg))
                else:
                    self.fail(line, typ, f"module must validate, rejected: {msg}")
                continue
            if typ == "register":
                lines.append(f"register {line} {hexname(c['as'])} {modname(c.get('name'))}")
                harness_commands += 1
                continue
            if typ in ("action", "assert_return", "assert_trap", "assert_exhaustion"):
                act = action_tokens(c["action"])
                if act is None:
                    self.skip(typ, VALUE_REASON)
                    continue
                if typ == "assert_return":
                    exp = [value_token(v, True) for v in c.get("expected", [])]
                    if any(e is None for e in exp):
                        self.skip(typ, VALUE_REASON)
                        continue
                    lines.append(" ".join([typ, str(line)] + act + [str(len(exp))] + exp))
                elif typ == "action":
                    lines.append(" ".join([typ, str(line)] + act))
                else:
                    lines.append(" ".join([typ, str(line)] + act) + f" | {c.get('text', '')}")
                harness_commands += 1
                continue
            self.skip(typ, f"unknown command type '{typ}'")
        spath = os.path.join(self.outdir, "commands.txt")
        with open(spath, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        # 3. the harness
        hp = hf = hs = 0
        final = None
        out = ""
        if harness_commands:
            try:
                p = subprocess.run(self.harness_cmd + [spath], capture_output=True, text=True, errors="replace",
                                   timeout=float(os.environ.get("SWASM_AOT_FILE_TIMEOUT", "900")))
                out, status = p.stdout, p.returncode
            except subprocess.TimeoutExpired as e:
                out, status = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or ""), -1
            for l in out.splitlines():
                m = re.match(r"^harness: (\d+) passed, (\d+) failed, (\d+) skipped", l)
                if m:
                    final = m
                    hp, hf, hs = int(m[1]), int(m[2]), int(m[3])
                elif re.match(r"^\S+:\d+: FAIL ", l):
                    loc, _, rest = l.partition(": FAIL ")
                    self.failures.append(f"  FAIL line {loc.rsplit(':', 1)[1]}: {rest}")
                elif l.startswith("harness: skipped "):
                    m2 = re.match(r"^harness: skipped (\d+): (.*)$", l)
                    if m2:
                        self.skips[m2[2]] = self.skips.get(m2[2], 0) + int(m2[1])
                elif l.startswith("harness:"):
                    self.failures.append("  " + l)
            if final is None or status not in (0, 1):
                # died (crash, timeout): every command it did not report counts as failed
                hf = harness_commands - hp - hs
                self.failures.append(f"  DIED (status {status}): {harness_commands - (hp + hs)} commands counted as failed")
            elif hp + hf + hs != harness_commands:
                self.failures.append(f"  harness counted {hp + hf + hs} commands, script has {harness_commands}")
                hf = harness_commands - hp - hs
        self.passed += hp
        self.failed += hf
        self.skipped += hs
        self.timing = {"compile": t1 - t0, "run": time.time() - t1}
        if not self.keep and self.failed == 0:
            for fn in os.listdir(self.outdir):
                if fn.endswith(".aot"):
                    os.unlink(os.path.join(self.outdir, fn))
        return self

    def report(self):
        s = f"{self.name}: {self.passed} passed, {self.failed} failed, {self.skipped} skipped ({self.text} text not run)"
        return "\n".join([s] + self.failures)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", required=True, choices=["x86_64", "aarch64"])
    ap.add_argument("--swasm", required=True)
    ap.add_argument("--harness", required=True)
    ap.add_argument("--qemu", default="", help="runner command for the harness, e.g. \"qemu-aarch64-static -cpu cortex-a53\"")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", action="store_true", help="keep artifacts of passing scripts")
    ap.add_argument("--timing", action="store_true")
    ap.add_argument("jsons", nargs="+")
    a = ap.parse_args()
    batch = os.environ.get("SWASM_AOT_BATCH")
    compiler = Compiler(a.swasm, a.arch, batch.split() if batch else None)
    harness_cmd = a.qemu.split() + [a.harness]
    scripts = []
    for j in a.jsons:
        outdir = os.path.join(os.path.dirname(os.path.abspath(j)), f"aot-{a.arch}")
        scripts.append(Script(j, a.arch, compiler, harness_cmd, outdir, a.keep))
    t0 = time.time()
    total = [0, 0, 0, 0]
    skips = {}
    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        for s in ex.map(lambda s: s.run(), scripts):
            print(s.report(), flush=True)
            total[0] += s.passed; total[1] += s.failed; total[2] += s.skipped; total[3] += s.text
            for k, n in s.skips.items():
                skips[k] = skips.get(k, 0) + n
    if skips:
        print("skip reasons:")
        for k, n in sorted(skips.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {n}  {k}")
    if a.timing:
        comp = sum(s.timing.get("compile", 0) for s in scripts)
        run = sum(s.timing.get("run", 0) for s in scripts)
        slow = sorted(scripts, key=lambda s: -s.timing.get("run", 0))[:5]
        print(f"timing: wall {time.time() - t0:.1f} s, compile {comp:.1f} s, harness {run:.1f} s (summed over scripts); slowest: "
              + ", ".join(f"{s.name} {s.timing.get('run', 0):.1f} s" for s in slow))
    print(f"spec {a.arch}: {total[0]} passed, {total[1]} failed, {total[2]} skipped ({total[3]} text not run)")
    sys.exit(1 if total[1] else 0)


if __name__ == "__main__":
    main()

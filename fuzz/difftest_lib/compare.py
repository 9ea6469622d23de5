"""Compares a configuration's observations with the oracle's, step by step.

Per step: ok/trap/error/reject must match; results bit for bit (NaNs by class); trap kinds; memory 0's hash (when
the oracle can see memory 0, i.e. it is exported or absent); every global the oracle can see (exported ones, by
index). Calls that exhaust wasmtime's stack are not run at all (oracle.py). In the configuration that is the
second of GAS_REFERENCE, the gas left must also equal the first's."""
from .values import same_value

# disagreement kinds
KINDS = ("validation", "unsupported", "result", "trap", "no-trap", "trap-kind", "stack", "error", "memory", "global",
         "gas", "hang", "crash")


def compare_step(o, s):
    """(agree, kind, index of the differing global or None)."""
    if s.status == "timeout":
        return False, "hang", None
    if s.status == "crash":
        return False, "crash", None
    if s.status == "trap" and s.trap == "stack" and o.status != "trap":
        # wasmtime (256 KiB of stack) finished: swasm (~8 MiB) should not run out (see README)
        return False, "stack", None
    if o.status == "reject" or s.status == "reject":
        if o.status != "reject" and s.msg.startswith("unsupported:"):
            # a valid module swasm's code generator cannot compile (yet): e.g. SIMD before a backend has it
            return False, "unsupported", None
        return o.status == s.status, "validation", None
    if o.status == "ok":
        if s.status != "ok":
            return False, "trap" if s.status == "trap" else "error", None
        if len(o.values) != len(s.values) or not all(same_value(a, b) for a, b in zip(o.values, s.values)):
            return False, "result", None
    elif o.status == "trap":
        if s.status != "trap":
            return False, "no-trap" if s.status == "ok" else "error", None
        if o.trap != s.trap:
            return False, "trap-kind", None
    else:   # the oracle could not link/instantiate or call it: swasm must fail the same way
        return s.status == "error", "error", None
    if o.mem is not None and s.mem != o.mem:
        return False, "memory", None
    if o.glob is not None:
        for i, g in enumerate(o.glob):
            if g is not None and (s.glob is None or i >= len(s.glob) or not same_value(g, s.glob[i])):
                return False, "global", i
    return True, "", None


def describe(kind, obs, glob_index):
    """The part of an observation a DISAGREE line shows for this kind of disagreement."""
    if obs is None:
        return "-"
    if kind == "memory":
        return f"mem={obs.mem}"
    if kind == "global":
        g = obs.glob[glob_index] if obs.glob is not None and glob_index < len(obs.glob) else None
        return f"global{glob_index}={g}"
    if kind == "gas":
        return f"gas={obs.gas}"
    return obs.short()


class Finding:
    """The first disagreement of one configuration on one module."""
    def __init__(self, config, step, kind, swasm_obs, oracle_obs, glob_index=None, note=None):
        self.config, self.step, self.kind = config, step, kind
        self.swasm_obs, self.oracle_obs, self.glob_index, self.note = swasm_obs, oracle_obs, glob_index, note


def compare_module(oracle_steps, per_config, gas_reference=None):
    """`per_config`: {config: (steps, note)}. Returns (agreeing, compared, [Finding], {config: (agreeing,
    compared)}) with one Finding per configuration at most (its first disagreement)."""
    agree = total = 0
    findings = []
    by_config = {}
    ref_name, checked_name = gas_reference or (None, None)
    ref_steps = per_config.get(ref_name, ([], None))[0] if ref_name else []
    # gas is compared only while the reference itself agrees with the oracle (after that its state diverged)
    ref_good = next((k for k, (o, r) in enumerate(zip(oracle_steps, ref_steps)) if not compare_step(o, r)[0]),
                    min(len(oracle_steps), len(ref_steps)))
    for config, (steps, note) in per_config.items():
        first = None
        c_agree = c_total = 0
        for k, o in enumerate(oracle_steps):
            if k >= len(steps):
                break
            s = steps[k]
            ok, kind, gi = compare_step(o, s)
            if ok and config == checked_name and k < ref_good:
                r = ref_steps[k]
                if s.gas not in (None, "-") and r.gas not in (None, "-") and s.gas != r.gas:
                    ok, kind = False, "gas"
            c_total += 1
            c_agree += ok
            if not ok and first is None:
                first = Finding(config, k, kind, s, r if kind == "gas" else o, gi)
            if s.status == "reject":   # the later steps of a module swasm rejected are not compared
                break
        if note and first is None:
            first = Finding(config, 0, "crash", None, None, note=note)
        if first:
            findings.append(first)
        by_config[config] = (c_agree, c_total)
        agree += c_agree
        total += c_total
    return agree, total, findings, by_config

"""One observation: what an engine reported for one step of a module (step 0 = instantiation, step k = call k).

`obs` lines (printed by `swasm difftest-exec` and the harness's `observe` commands):
    obs L ok [TYPE:BITS ...] | mem=PAGES:HASH|none glob=TYPE:BITS,... gas=N|-
    obs L trap MESSAGE | mem=... glob=... gas=...
    obs L error MESSAGE
    obs L timeout
"""
from .values import swasm_trap_kind


class Obs:
    __slots__ = ("status", "values", "trap", "msg", "mem", "glob", "gas")

    def __init__(self, status, values=None, trap=None, msg="", mem=None, glob=None, gas=None):
        self.status = status   # ok | trap | error | reject | timeout | crash
        self.values = values or []
        self.trap = trap       # trap kind (values.py vocabulary)
        self.msg = msg
        self.mem = mem         # "PAGES:HASH" / "none" / None = not observable (not compared)
        self.glob = glob       # list indexed by global index; None entries (or None) = not observable
        self.gas = gas         # "N" / "-" / None

    def short(self):
        """A one-token description (no spaces) for DISAGREE lines."""
        if self.status == "ok":
            return "ok(" + ",".join(self.values) + ")"
        if self.status == "trap":
            return f"trap({self.trap})"
        if self.status in ("error", "reject", "crash"):
            return f"{self.status}({self.msg.replace(' ', '_')[:80]})"
        return self.status

    def __repr__(self):
        return f"Obs({self.short()}, mem={self.mem}, glob={self.glob}, gas={self.gas})"


def parse_line(line):
    """`obs L ...` -> (L, Obs), or None for other lines."""
    if not line.startswith("obs "):
        return None
    parts = line.split(" ", 3)
    if len(parts) < 3 or not parts[1].isdigit():
        return None
    L, status = int(parts[1]), parts[2]
    rest = parts[3] if len(parts) > 3 else ""
    if status == "timeout":
        return L, Obs("timeout")
    if status == "error":
        msg = rest
        if msg.startswith("rejected: ") or msg.startswith("unsupported: "):
            return L, Obs("reject", msg=msg)
        return L, Obs("error", msg=msg)
    head, sep, state = rest.partition(" | ")
    if not sep and rest.startswith("| "):
        head, state = "", rest[2:]
    mem = glob = gas = None
    for field in state.split(" "):
        k, _, v = field.partition("=")
        if k == "mem":
            mem = v
        elif k == "glob":
            glob = v.split(",") if v else []
        elif k == "gas":
            gas = v
    if status == "ok":
        return L, Obs("ok", values=head.split() if head else [], mem=mem, glob=glob, gas=gas)
    if status == "trap":
        return L, Obs("trap", trap=swasm_trap_kind(head), msg=head, mem=mem, glob=glob, gas=gas)
    return L, Obs("error", msg=f"unparsable obs line: {line[:100]}")

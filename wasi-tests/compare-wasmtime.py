#!/usr/bin/env python3
"""Runs WASI programs under swasm and under wasmtime 50.0.1 (the reference, in-process through its Python API) with
the same arguments, environment, standard input and a copy of the same preopened directory, and compares exit
codes, standard output, standard error and the files the program left in the directory.

    wasi-tests/compare-wasmtime.py [--swasm PATH]          # the cases below
    wasi-tests/compare-wasmtime.py [--swasm PATH] --program P.wasm [--dir D] [--stdin F] [--] ARGS...

Prints `compare: P passed, F failed (of N cases)`; exit 1 on any difference.
"""
import argparse, filecmp, os, shutil, subprocess, sys, tempfile

import wasmtime

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
programs = os.path.join(here, "programs")


def run_wasmtime(wasm, args, env, stdin, workdir):
    cfg = wasmtime.WasiConfig()
    cfg.argv = [os.path.basename(wasm)] + args
    cfg.env = list(env.items())
    if workdir:
        cfg.preopen_dir(workdir, "/")
    out, err = os.path.join(tempfile.gettempdir(), f"wt-out-{os.getpid()}"), os.path.join(tempfile.gettempdir(), f"wt-err-{os.getpid()}")
    cfg.stdout_file, cfg.stderr_file = out, err
    if stdin:
        cfg.stdin_file = stdin
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    store.set_wasi(cfg)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    module = wasmtime.Module.from_file(engine, wasm)
    code = 0
    try:
        instance = linker.instantiate(store, module)
        instance.exports(store)["_start"](store)
    except wasmtime.ExitTrap as e:
        code = e.code
    except wasmtime.Trap:
        code = "trap"
    result = (code, open(out, "rb").read(), open(err, "rb").read())
    os.unlink(out)
    os.unlink(err)
    return result


def run_swasm(swasm, wasm, args, env, stdin, workdir):
    argv = [swasm, "run"]
    for k, v in env.items():
        argv += ["--env", f"{k}={v}"]
    if workdir:
        argv += ["--dir", f"{workdir}::/"]
    # argv[0] as wasmtime has it: the file name.
    shutil.copy(wasm, os.path.join(tempfile.gettempdir(), os.path.basename(wasm)))
    argv += [os.path.basename(wasm)] + args
    f = open(stdin, "rb") if stdin else subprocess.DEVNULL
    p = subprocess.run(argv, stdin=f, capture_output=True, cwd=tempfile.gettempdir())
    if stdin:
        f.close()
    code = p.returncode
    if code == 1 and p.stderr.startswith(b"error: trap"):
        code = "trap"
    return code, p.stdout, p.stderr


def compare(swasm, name, wasm, args=(), env=None, stdin=None, files=None):
    env = env or {}
    results = []
    dirs = []
    for engine in ("swasm", "wasmtime"):
        d = None
        if files is not None:
            d = tempfile.mkdtemp(prefix=f"cmp-{engine}-")
            for fname, data in files.items():
                with open(os.path.join(d, fname), "wb") as f:
                    f.write(data)
        dirs.append(d)
        if engine == "swasm":
            results.append(run_swasm(swasm, wasm, list(args), env, stdin, d))
        else:
            results.append(run_wasmtime(wasm, list(args), env, stdin, d))
    problems = []
    for what, a, b in zip(("exit code", "stdout", "stderr"), results[0], results[1]):
        if what == "stderr" and results[0][0] == "trap":
            continue  # trap messages are each engine's own
        if a != b:
            problems.append(f"{what}: swasm {a[:200]!r} wasmtime {b[:200]!r}")
    if dirs[0]:
        cmp = filecmp.dircmp(dirs[0], dirs[1])
        if cmp.left_only or cmp.right_only or cmp.diff_files:
            problems.append(f"files: swasm only {cmp.left_only}, wasmtime only {cmp.right_only}, differ {cmp.diff_files}")
        for d in dirs:
            shutil.rmtree(d, ignore_errors=True)
    print(("ok    " if not problems else "FAIL  ") + name + ("" if not problems else ": " + "; ".join(problems)))
    return not problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swasm", default=os.environ.get("SWASM_BIN", os.path.join(root, ".build", "debug", "swasm")))
    ap.add_argument("--program")
    ap.add_argument("--dir")
    ap.add_argument("--stdin")
    ap.add_argument("args", nargs="*")
    a = ap.parse_args()
    swasm = os.path.abspath(a.swasm)
    if a.program:
        files = {f: open(os.path.join(a.dir, f), "rb").read() for f in os.listdir(a.dir)} if a.dir else None
        ok = compare(swasm, a.program, a.program, a.args, stdin=a.stdin, files=files)
        sys.exit(0 if ok else 1)
    p = lambda n: os.path.join(programs, n + ".wasm")
    z = lambda n: os.path.join(programs, "zlib", n + ".wasm")
    text = b"".join(open(os.path.join(root, "Sources", "SwasmWASI", f), "rb").read()
                    for f in sorted(os.listdir(os.path.join(root, "Sources", "SwasmWASI"))))
    binary = bytes((i * 7919 + (i >> 5)) & 0xFF for i in range(300_000))
    with tempfile.NamedTemporaryFile(delete=False) as t:
        t.write(text)
    with tempfile.NamedTemporaryFile(delete=False) as bfile:
        bfile.write(binary)
    gz = subprocess.run([swasm, "run", z("minigzip")], stdin=open(t.name, "rb"), capture_output=True).stdout
    with tempfile.NamedTemporaryFile(delete=False) as g:
        g.write(gz)
    cases = [
        ("hello", p("hello"), [], None, None, None),
        ("args_env", p("args_env"), ["a b", "--flag", "ü"], {"SWASM_TEST": "1", "X": "y=z"}, None, None),
        ("exit_code 0", p("exit_code"), ["0"], None, None, None),
        ("exit_code 77", p("exit_code"), ["77"], None, None, None),
        ("cat stdin (text)", p("cat"), [], None, t.name, None),
        ("cat stdin (binary)", p("cat"), [], None, bfile.name, None),
        ("cat files", p("cat"), ["a.txt", "b.bin"], None, None, {"a.txt": text[:5000], "b.bin": binary}),
        ("cat missing", p("cat"), ["nope"], None, None, {}),
        ("copy", p("copy"), ["in.bin", "out.bin"], None, None, {"in.bin": binary * 4}),
        ("ls", p("ls"), ["."], None, None, {"x": b"1", "y": b"", "z.txt": b"zz"}),
        ("minigzip compress (stdin)", z("minigzip"), [], None, t.name, None),
        ("minigzip decompress (stdin)", z("minigzip"), ["-d"], None, g.name, None),
        ("minigzip compress a file", z("minigzip"), ["-9", "data.bin"], None, None, {"data.bin": binary}),
        ("minigzip decompress a file", z("minigzip"), ["-d", "src.gz"], None, None, {"src.gz": gz}),
        ("zlib example", z("zexample"), ["foo.gz"], None, None, {}),
    ]
    passed = sum(compare(swasm, *c) for c in cases)
    for f in (t.name, bfile.name, g.name):
        os.unlink(f)
    print(f"compare: {passed} passed, {len(cases) - passed} failed (of {len(cases)} cases)")
    sys.exit(0 if passed == len(cases) else 1)


main()

#!/usr/bin/env python3
"""Explicit bounds checks vs guard pages: each bench program 3 × (guard, --explicit-bounds), "first call" medians.

    Benchmarks/explicit-bounds.py .build/release/swasm
"""
import os, subprocess, re, math, sys
BIN=sys.argv[1]
BENCH=os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench")
print(open("/proc/loadavg").read().strip())
rs=[]
for line in open(f"{BENCH}/args.txt"):
    if line.startswith("#") or not line.strip(): continue
    name,arg,_,exp=line.split()
    t={False:[],True:[]}
    for _ in range(3):
        for ex in (False,True):
            cmd=[BIN,"run","--timing"]+(["--explicit-bounds"] if ex else [])+["--invoke","run",f"{BENCH}/{name}.wasm",arg]
            p=subprocess.run(cmd,capture_output=True,text=True)
            assert p.stdout.strip()==exp,(name,p.stdout)
            t[ex].append(float(re.search(r"first call: ([0-9.]+) µs",p.stderr).group(1))/1e6)
    g=sorted(t[False])[1]; e=sorted(t[True])[1]; rs.append(e/g)
    print(f"{name:9s} guard {g:.3f}  explicit {e:.3f}  ratio {e/g:.3f}")
print("geomean explicit/guard", round(math.exp(sum(map(math.log,rs))/len(rs)),3))
print(open("/proc/loadavg").read().strip())

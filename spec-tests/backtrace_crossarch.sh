#!/usr/bin/env bash
# Wasm backtraces on both architectures: the in-process x86-64 JIT (`swasm run` prints the frames) and AOT
# artifacts through the harness natively (x86_64) and under qemu (aarch64) must report the same frames.
# Usage: spec-tests/backtrace_crossarch.sh SWASM   (harnesses from harness/build.sh)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(dirname "$here")"
swasm="$1"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
"$swasm" wat2wasm "$root/harness/tests/backtrace.wat" -o "$tmp/bt.wasm"
# export  argument  expected frames (function indices, innermost first)
cases=("outer 0 0 1 2" "viaTable 70000 3 4" "deep 3 5 5 5 5")
pass=0; fail=0
for c in "${cases[@]}"; do
    read -r name arg want <<<"$c"
    got=$({ "$swasm" run --invoke "$name" "$tmp/bt.wasm" "$arg" 2>&1 || true; } \
        | sed -n 's/^    at function \([0-9]*\).*/\1/p' | tr '\n' ' ' | sed 's/ $//') 
    if [[ "$got" == "$want" ]]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "JIT x86_64 $name: expected [$want], got [$got]"; fi
done
for arch in x86_64 aarch64; do
    "$swasm" compile --arch "$arch" "$tmp/bt.wasm" -o "$tmp/bt.$arch"
    {
        echo "script backtrace-$arch"
        echo "module 1 $tmp/bt.$arch -"
        n=2
        for c in "${cases[@]}"; do
            read -r name arg want <<<"$c"
            echo "assert_backtrace $n invoke - x$(printf '%s' "$name" | od -An -tx1 | tr -d ' \n') 1 i32:$arg | $want"
            n=$((n + 1))
        done
    } > "$tmp/script.$arch"
    runner=()
    [[ "$arch" == aarch64 && "$(uname -m)" != aarch64 ]] && runner=(qemu-aarch64-static -cpu cortex-a53)
    out=$("${runner[@]}" "$root/harness/.build/swasm-harness-$arch" "$tmp/script.$arch" 2>&1) || true
    p=$(sed -n 's/^harness: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' <<<"$out")
    f=$(sed -n 's/^harness: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' <<<"$out")
    pass=$((pass + ${p:-0} - 1)); fail=$((fail + ${f:-1}))   # minus the module command
    [[ "${f:-1}" == 0 ]] || echo "$out"
done
echo "backtraces: $pass passed, $fail failed"
[[ "$fail" == 0 ]]

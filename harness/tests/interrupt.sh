#!/usr/bin/env bash
# Interruption of AOT artifacts on both architectures (x86-64 natively, AArch64 under qemu-aarch64-static):
# `swasm-harness --interrupt-after-ms N` interrupts each call of an interruptible artifact after N ms, unmetered
# (the code polls the VM context's flag) and metered (no checks: SIGURG zeroes the gas register). `loop br 0` must
# stop with `interrupted` well within a generous bound (a functional check, not a benchmark), and the instance must
# run normally afterwards with its gas intact.
# Usage: harness/tests/interrupt.sh [SWASM]   (default: the debug build's swasm). Env: QEMU (default
# "qemu-aarch64-static -cpu cortex-a53"), BOUND_MS (default 2000).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
swasm="${1:-${SWASM_BIN:-$(cd "$root" && swift build --show-bin-path)/swasm}}"
qemu="${QEMU:-qemu-aarch64-static -cpu cortex-a53}"
bound_ms="${BOUND_MS:-2000}"
after_ms=50
"$root/harness/build.sh" >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/spin.wat" <<'WAT'
(module
  (func (export "spin") (loop $l (br $l)))
  (func $r (export "recurse") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
      (else (i32.add (call $r (i32.sub (local.get 0) (i32.const 1)))
                     (call $r (i32.sub (local.get 0) (i32.const 1)))))))
  (func (export "count") (param i32) (result i32) (local i32)
    (loop $l (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 1)))
WAT
now_ms() { date +%s%3N; }
pass=0
fail=0
for arch in x86_64 aarch64; do
    harness="$root/harness/.build/swasm-harness-$arch"
    run=("$harness")
    if [[ $arch == aarch64 ]]; then
        if [[ ! -x $harness ]] || ! command -v "${qemu%% *}" >/dev/null 2>&1; then
            echo "interrupt: skipping aarch64 (no cross-built harness or qemu)"
            continue
        fi
        read -ra q <<<"$qemu"
        run=("${q[@]}" "$harness")
    fi
    for mode in unmetered metered; do
        flags=(--interruptible)
        gas=""
        if [[ $mode == metered ]]; then
            flags+=(--gas-metering)
            gas="gas 1000000000000000"
        fi
        "$swasm" compile --arch "$arch" "${flags[@]}" "$work/spin.wat" -o "$work/$arch-$mode.aot"
        # invoke names: x + hex of the export name ("spin", "recurse", "count").
        cat >"$work/$arch-$mode.txt" <<SCRIPT
script interrupt-$arch-$mode
module 1 $work/$arch-$mode.aot -
$gas
assert_trap 2 invoke - x7370696e 0 | interrupted
assert_trap 3 invoke - x72656375727365 1 i32:60 | interrupted
assert_return 4 invoke - x636f756e74 1 i32:1000 1 i32:1000
SCRIPT
        start=$(now_ms)
        out=$("${run[@]}" --interrupt-after-ms "$after_ms" "$work/$arch-$mode.txt" 2>&1) || true
        elapsed=$(($(now_ms) - start))
        # Two interrupted calls: each must stop within the bound after its deadline.
        limit=$((2 * (after_ms + bound_ms)))
        if grep -q "harness: 4 passed, 0 failed" <<<"$out" && ((elapsed < limit)); then
            echo "interrupt: $arch $mode: ok (${elapsed} ms for 2 interrupted calls of ${after_ms} ms + 1 call)"
            pass=$((pass + 1))
        else
            echo "interrupt: $arch $mode: FAIL (${elapsed} ms, limit ${limit} ms)"
            echo "$out" | sed 's/^/    /'
            fail=$((fail + 1))
        fi
    done
done
echo "interrupt: $pass passed, $fail failed, 0 skipped"
((fail == 0))

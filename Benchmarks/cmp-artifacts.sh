#!/bin/bash
# Byte-identity of two swasm binaries' artifacts: every module given (default: the generated module and the nine
# bench programs, plus the SIMD ones), for x86_64 and aarch64, with seven option sets (including --jobs 1/2 and
# metering). A change meant to leave the code as it was must print "identical: N, differing/failed: 0".
#
#     Benchmarks/cmp-artifacts.sh NEW_SWASM OLD_SWASM [MODULE.wasm ...]
NEW=${1:?usage: cmp-artifacts.sh NEW_SWASM OLD_SWASM [MODULE ...]}
OLD=${2:?usage: cmp-artifacts.sh NEW_SWASM OLD_SWASM [MODULE ...]}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
mods=("$@")
[ ${#mods[@]} -eq 0 ] && mods=("$here/out/large.wasm" "$here"/bench/*.wasm "$here"/bench-simd/*.wasm)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
bad=0
for m in "${mods[@]}"; do
    [ -f "$m" ] || { echo "missing: $m"; bad=$((bad + 1)); continue; }
    for arch in x86_64 aarch64; do
        for opts in "" "--gas-metering" "--explicit-bounds --interruptible" "--canonicalize-nans" "--jobs 2" \
            "--jobs 1" "--jobs 1 --gas-metering"; do
            # shellcheck disable=SC2086
            "$OLD" compile --arch $arch $opts "$m" -o "$T/a" 2>/dev/null || { echo "old failed: $m $arch $opts"; continue; }
            # shellcheck disable=SC2086
            if ! "$NEW" compile --arch $arch $opts "$m" -o "$T/b" 2>/dev/null; then
                echo "NEW FAILED: $m $arch $opts"
                bad=$((bad + 1))
            elif cmp -s "$T/a" "$T/b"; then
                n=$((n + 1))
            else
                echo "DIFFERS: $m $arch $opts"
                bad=$((bad + 1))
            fi
        done
    done
done
echo "identical: $n, differing/failed: $bad"
[ "$bad" -eq 0 ]

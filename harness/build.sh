#!/usr/bin/env bash
# Builds the AOT test harness for the host (x86-64) and for AArch64 (static, runs under qemu).
# Usage: harness/build.sh [OUTDIR]   (default: harness/.build)   Env: CC, CROSS_CC.
# Produces OUTDIR/swasm-harness-x86_64 and OUTDIR/swasm-harness-aarch64 (the latter only if the
# cross compiler exists). Rebuilds only when a source is newer than the binary.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/.build}"
mkdir -p "$out"
srcs=("$here/swasm-harness.c")
deps=("$here/swasm-harness.c" "$here/swasm-aot.h")
flags=(-O2 -std=gnu11 -Wall -Wextra -Wno-unused-parameter -pthread)
stale() { # binary
    [[ ! -x "$1" ]] && return 0
    for d in "${deps[@]}"; do [[ "$d" -nt "$1" ]] && return 0; done
    return 1
}
cc="${CC:-gcc}"
if stale "$out/swasm-harness-x86_64"; then
    "$cc" "${flags[@]}" -o "$out/swasm-harness-x86_64" "${srcs[@]}"
fi
cross="${CROSS_CC:-aarch64-linux-gnu-gcc}"
if command -v "$cross" >/dev/null 2>&1; then
    if stale "$out/swasm-harness-aarch64"; then
        "$cross" "${flags[@]}" -static -o "$out/swasm-harness-aarch64" "${srcs[@]}"
    fi
else
    echo "harness/build.sh: $cross not found; skipping the aarch64 harness" >&2
fi

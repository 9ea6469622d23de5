#!/usr/bin/env bash
# Build the SIMD variants of five swasm bench programs from the SAME C sources as ../bench
# (nothing is copied: every module is compiled from ../bench/NAME.c).
#   ./build.sh            -> NAME.wasm here (committed) + native clang -O3 baselines in ./out/
#   OUT=dir ./build.sh    -> native binaries into dir instead
# Uses the clang shipped with the Swift toolchain (has the wasm32 target + wasm-ld).
# -msimd128 enables the WebAssembly SIMD (v128) proposal and -O3 the loop and SLP vectorizers, so whatever
# SIMD the modules contain comes from clang's autovectorization (the C has no intrinsics).
set -euo pipefail
cd "$(dirname "$0")"
CLANG=${CLANG:-clang}
OUT=${OUT:-out}
SRC=../bench
mkdir -p "$OUT"
PROGS="nbody sha256 sieve crc32 interp"
for p in $PROGS; do
  "$CLANG" --target=wasm32 -msimd128 -O3 -nostdlib -fno-builtin \
    -Wl,--no-entry -Wl,--strip-all -Wl,-z,stack-size=65536 \
    -o "$p.wasm" "$SRC/$p.c"
  # Native baseline at the same optimisation level (x86-64 default target: SSE2, also 128-bit vectors).
  "$CLANG" -O3 -DBENCH_NATIVE -o "$OUT/$p" "$SRC/$p.c"
done
echo "built: $(for p in $PROGS; do printf '%s.wasm ' "$p"; done)"

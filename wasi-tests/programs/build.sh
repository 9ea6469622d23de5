#!/usr/bin/env bash
# Builds the WASI test programs (*.c here) into *.wasm with the toolchain's clang and Debian's wasi-libc. The
# .wasm files are committed, so tests need no WASI toolchain; rerun this after changing a program.
#   apt-get install wasi-libc libclang-rt-14-dev-wasm32   (wasm32 libc and compiler-rt builtins)
set -euo pipefail
cd "$(dirname "$0")"
builtins=$(ls /usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a 2>/dev/null | head -1)
[ -n "$builtins" ] || { echo "build.sh: no wasm32 compiler-rt (apt-get install libclang-rt-14-dev-wasm32)" >&2; exit 2; }
[ -d /usr/include/wasm32-wasi ] || { echo "build.sh: no wasi-libc (apt-get install wasi-libc)" >&2; exit 2; }
# clang looks for the builtins in its resource directory: give it one with them.
resource=$(mktemp -d)
trap 'rm -rf "$resource"' EXIT
mkdir -p "$resource/lib/wasm32-unknown-wasi"
cp "$builtins" "$resource/lib/wasm32-unknown-wasi/libclang_rt.builtins.a"
ln -s "$(clang -print-resource-dir)/include" "$resource/include"
for c in *.c; do
    clang --target=wasm32-wasi --sysroot=/usr -resource-dir "$resource" -O2 -Wall -Werror -Wl,--strip-debug \
        "$c" -o "${c%.c}.wasm"
    echo "${c%.c}.wasm: $(stat -c %s "${c%.c}.wasm") bytes"
done

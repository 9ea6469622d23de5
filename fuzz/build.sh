#!/usr/bin/env bash
# Build the libFuzzer target fuzz/out/fuzz-decode: Sources/WasmDecoder/**/*.swift + fuzz/FuzzDecode.swift compiled
# as ONE module (so the target sees internal symbols without @testable), with libFuzzer + AddressSanitizer.
#   fuzz/build.sh            -> fuzz/out/fuzz-decode
#   SWIFTC=... fuzz/build.sh -> use another compiler
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFTC=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}
OUT=fuzz/out
mkdir -p "$OUT"
# Compile a snapshot of the sources (copied first), so edits landing during the multi-minute -O build cannot
# break it; the snapshot's checksums are kept next to the binary to say which decoder was fuzzed.
SNAP=$OUT/src-snapshot
rm -rf "$SNAP"; mkdir -p "$SNAP"
cp -R Sources/WasmDecoder "$SNAP/"
cp fuzz/FuzzDecode.swift "$SNAP/"
(cd "$SNAP" && find . -name '*.swift' | LC_ALL=C sort | xargs md5sum) > "$OUT/fuzz-decode.sources.md5"
mapfile -t SOURCES < <(find "$SNAP" -name '*.swift' | LC_ALL=C sort)
# -parse-as-library: no top-level code, libFuzzer provides main().
# -sanitize=fuzzer,address: links libclang_rt.fuzzer (from the Swift toolchain) and instruments with ASan +
#   SanitizerCoverage (edge/cmp tracing).
# -g: symbolized stack traces. -num-threads 2: keep the machine usable (2 cores, shared).
"$SWIFTC" -sanitize=fuzzer,address -parse-as-library -O -g \
    -module-name WasmDecoder -num-threads 2 \
    -o "$OUT/fuzz-decode" \
    "${SOURCES[@]}"
echo "built $OUT/fuzz-decode"

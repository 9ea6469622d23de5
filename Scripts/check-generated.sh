#!/usr/bin/env bash
# Drift check: regenerating every generated file must change nothing.
#   - operator tables (WasmDecoder/Generated, SwasmCompiler/Generated, WasmText/Generated) from Scripts/opcodes.txt;
#   - golden encodings (Tests/AssemblerTests/Golden) from llvm-mc;
#   - spec-tests/extra/register-homes.wast, with results from wabt's spectest-interp.
# Regenerates in place; on a difference it lists the files that changed (now regenerated: review with git diff)
# and exits 1. (harness/swasm-aot.h is checked against SwasmABI by Tests/RuntimeTests/HarnessHeaderTests.swift.)
set -euo pipefail
cd "$(dirname "$0")/.."

generated=(Sources/WasmDecoder/Generated Sources/SwasmCompiler/Generated Sources/WasmText/Generated
           Tests/AssemblerTests/Golden spec-tests/extra/register-homes.wast)
fingerprint() { find "${generated[@]}" -type f -print0 | sort -z | xargs -0 sha256sum; }

before=$(fingerprint)
python3 Scripts/gen-opcodes.py >/dev/null
command -v llvm-mc >/dev/null || { echo "drift check: llvm-mc is missing (apt install llvm)" >&2; exit 2; }
python3 Scripts/gen-golden-x86_64.py >/dev/null
python3 Scripts/gen-golden-aarch64.py >/dev/null
python3 spec-tests/extra/gen-register-homes.py >/dev/null
after=$(fingerprint)

if [ "$before" != "$after" ]; then
    echo "drift check: regenerating changed these files (commit the regenerated versions):"
    diff <(echo "$before") <(echo "$after") | sed -n 's/^> [0-9a-f]*  /  /p'
    exit 1
fi
echo "drift check: passed ($(echo "$after" | wc -l) generated files unchanged)"

#!/usr/bin/env bash
# Runs the spec testsuite through ahead-of-time artifacts: `swasm compile --arch ARCH` for every module,
# then the C harness (harness/swasm-harness.c) loads and runs them, under qemu for aarch64 on x86-64.
# Usage: spec-tests/run-aot.sh [--arch aarch64|x86_64] [--jobs N] [--timing] [--keep] [FILE.wast ...]
# Env:   SWASM_TESTSUITE, SWASM_BIN, SWASM_BUILD_PATH, SWASM_CONFIG   as for spec-tests/run
#        QEMU             qemu command for aarch64 (default: "qemu-aarch64-static -cpu cortex-a53")
#        SWASM_AOT_BATCH  a batch compiler (reads "IN OUT" lines, prints ok|rejected: M|unsupported: M) instead
#                         of one `swasm compile` process per module
#        SWASM_AOT_CPU    baseline (default) or host: `swasm compile --cpu` (host: e.g. AVX on x86-64)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

usage() { sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

arch=""; jobs=2; extra=(); files=()
while (($#)); do
    case "$1" in
        --arch) [[ $# -ge 2 ]] || { echo "error: --arch needs a value" >&2; exit 2; }; arch="$2"; shift 2 ;;
        --arch=*) arch="${1#--arch=}"; shift ;;
        --jobs|-P) jobs="$2"; shift 2 ;;
        --timing|--keep) extra+=("$1"); shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; files+=("$@"); break ;;
        -*) echo "error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
        *) files+=("$1"); shift ;;
    esac
done
host="$(uname -m)"; [[ "$host" == arm64 ]] && host=aarch64
[[ -n "$arch" ]] || arch="$host"
case "$arch" in x86_64|aarch64) ;; *) echo "error: unknown arch '$arch'" >&2; exit 2 ;; esac

# --- testsuite and files (as spec-tests/run) ----------------------------------
if [[ -n "${SWASM_TESTSUITE:-}" ]]; then suite="$SWASM_TESTSUITE"
else suite="$here/testsuite"; fi
[[ -d "$suite" ]] || { echo "error: testsuite directory not found: $suite" >&2; exit 2; }
suite="$(cd "$suite" && pwd)"
if ((${#files[@]} == 0)); then
    shopt -s nullglob; files=("$suite"/*.wast); shopt -u nullglob
else
    resolved=()
    for f in "${files[@]}"; do
        if [[ -f "$f" ]]; then resolved+=("$f")
        elif [[ -f "$suite/$f" ]]; then resolved+=("$suite/$f")
        elif [[ -f "$suite/$f.wast" ]]; then resolved+=("$suite/$f.wast")
        else echo "error: no such .wast file: $f" >&2; exit 2; fi
    done
    files=("${resolved[@]}")
fi

# --- swasm and the harness ------------------------------------------------------
if [[ -n "${SWASM_BIN:-}" ]]; then
    swasm="$SWASM_BIN"
else
    config="${SWASM_CONFIG:-debug}"; scratch="${SWASM_BUILD_PATH:-$root/.build}"
    log="$(mktemp)"
    if ! (cd "$root" && swift build -c "$config" -j 2 --scratch-path "$scratch" --product swasm) >"$log" 2>&1; then
        cat "$log" >&2; rm -f "$log"; echo "error: building swasm failed" >&2; exit 2
    fi
    rm -f "$log"
    swasm="$(cd "$root" && swift build -c "$config" --scratch-path "$scratch" --show-bin-path)/swasm"
fi
[[ -x "$swasm" ]] || { echo "error: not an executable: $swasm" >&2; exit 2; }
"$root/harness/build.sh" >&2 || { echo "error: building the harness failed" >&2; exit 2; }
harness="$root/harness/.build/swasm-harness-$arch"
[[ -x "$harness" ]] || { echo "error: no harness for $arch ($harness)" >&2; exit 2; }
runner=""
if [[ "$arch" != "$host" ]]; then
    [[ "$arch" == aarch64 ]] || { echo "error: cannot run $arch artifacts on $host" >&2; exit 2; }
    runner="${QEMU:-qemu-aarch64-static -cpu cortex-a53}"
fi

# --- the scripts as JSON (swasm wast2json: swasm's own text-format parser; no wabt), cached in spec-tests/.cache/ --
cache="$here/.cache"; mkdir -p "$cache"
jsons=()
for wast in "${files[@]}"; do
    name="$(basename "$wast" .wast)"; dir="$cache/$name"; json="$dir/$name.json"; jsons+=("$json")
    if [[ ! -f "$json" || "$wast" -nt "$json" || "$swasm" -nt "$json" || ! -f "$dir/.swasm" ]]; then
        rm -rf "$dir"; mkdir -p "$dir"
        "$swasm" wast2json "$wast" -o "$json" || { echo "error: swasm wast2json failed on $wast" >&2; exit 2; }
        touch "$dir/.swasm"
    fi
done

# Compile every module of a script in one swasm process (`swasm compile --batch`; the driver appends the arch).
export SWASM_AOT_BATCH="${SWASM_AOT_BATCH:-$swasm compile --batch --cpu ${SWASM_AOT_CPU:-baseline} ${SWASM_AOT_FLAGS:-} --arch}"
exec python3 "$here/aot_driver.py" --arch "$arch" --swasm "$swasm" --harness "$harness" --qemu "$runner" \
    --jobs "$jobs" ${extra[@]+"${extra[@]}"} "${jsons[@]}"

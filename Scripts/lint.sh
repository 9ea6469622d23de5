#!/usr/bin/env bash
# `swift format lint --strict` (it ships with the toolchain) over the hand-written Swift of the package, with the
# settings in .swift-format. Generated files are left out: the drift check (Scripts/check-generated.sh) covers them.
# To fix what it reports: Scripts/lint.sh --fix (runs `swift format format -i` on the same files).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find Sources Assemblers Tests Examples -name '*.swift' -not -path '*/Generated/*' \
    -not -name GuestModules.swift | sort; echo Package.swift)
if [ "${1:-}" = "--fix" ]; then
    swift format format -i "${files[@]}"
fi
swift format lint --strict "${files[@]}"
echo "lint: passed (${#files[@]} files)"

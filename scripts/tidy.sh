#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs clang-tidy (.clang-tidy) on the C++ files changed since BASE (default: the last commit's
# parent), with the build's compile_commands.json:
#   scripts/tidy.sh [BASE]        e.g. scripts/tidy.sh origin/main
# Exits non-zero when clang-tidy reports anything.
set -eu
cd "$(dirname "$0")/.."
base=${1:-HEAD~1}
[ -f build/compile_commands.json ] || cmake -S . -B build -G Ninja >/dev/null
files=$(git diff --name-only --diff-filter=d "$base" -- '*.cpp' | grep -E '^(engine|ui|app)/' || true)
[ -n "$files" ] || { echo "tidy: no C++ sources changed since $base"; exit 0; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# shellcheck disable=SC2086
clang-tidy -p build --quiet $files >"$out" 2>/dev/null || true
if grep -q ': warning:\|: error:' "$out"; then
    cat "$out"
    exit 1
fi
echo "tidy: $(echo "$files" | wc -l) files clean"

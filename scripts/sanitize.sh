#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds and runs the test suites under sanitizers:
#   scripts/sanitize.sh address   (AddressSanitizer + UBSan)
#   scripts/sanitize.sh thread    (ThreadSanitizer)
set -eu
cd "$(dirname "$0")/.."
kind=${1:-address}
case "$kind" in
    address) flags="address;undefined" ;;
    thread) flags="thread" ;;
    *) echo "usage: $0 address|thread" >&2; exit 2 ;;
esac
scripts/setup-debian.sh
cmake -S . -B "build-$kind" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
    -DTETHER_SANITIZE="$flags" -DTETHER_BUILD_BENCH=OFF -DTETHER_FUZZ_SECONDS=5
cmake --build "build-$kind"
export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ignore_noninstrumented_modules=1 suppressions=$(pwd)/scripts/tsan.supp"
exclude=fuzz_sseparser
# TSan aborts inside QProcess's fork (clone) in the test harness itself, so the suites that
# start processes (the CLI, the real window) run only under ASan; the engine they drive is
# covered by tst_engine and tst_mainwindow.
[ "$kind" = thread ] && exclude="fuzz_sseparser|tst_cli|tst_restart"
ctest --test-dir "build-$kind" --output-on-failure -E "$exclude"

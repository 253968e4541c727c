#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds and runs the test suites under sanitizers:
#   scripts/sanitize.sh address   (AddressSanitizer + UBSan)
#   scripts/sanitize.sh thread    (ThreadSanitizer)
# ThreadSanitizer is GCC's: clang 14's runtime aborts in its clone() interceptor ("CHECK failed:
# tsan_rtl.cpp:234 ((!thr->slot)) != (0)") whenever QProcess starts a program, which the tool
# servers, the CLI and keychain tests all do. GCC 12's runtime starts them; die_after_fork=0
# because the child only calls exec.
set -eu
cd "$(dirname "$0")/.."
kind=${1:-address}
case "$kind" in
    address) flags="address;undefined" compiler=clang++ ;;
    thread) flags="thread" compiler=g++ ;;
    *) echo "usage: $0 address|thread" >&2; exit 2 ;;
esac
scripts/setup-debian.sh
cmake -S . -B "build-$kind" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=$compiler \
    -DTETHER_SANITIZE="$flags" -DTETHER_BUILD_BENCH=OFF -DTETHER_FUZZ_SECONDS=5
cmake --build "build-$kind"
export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ignore_noninstrumented_modules=1 die_after_fork=0 suppressions=$(pwd)/scripts/tsan.supp"
# The fuzzers have a build of their own (clang's libFuzzer, with ASan).
exclude=fuzz_
ctest --test-dir "build-$kind" --output-on-failure -E "$exclude"

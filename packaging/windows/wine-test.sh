#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# How ctest runs the Windows programs of a cross build (the toolchain's emulator): under wine.
# Wine does not pass QT_* variables on to Windows programs: scripts/check-windows.sh sets
# QT_QPA_PLATFORM=offscreen in the test prefix's registry instead. A Qt Test suite writes its
# log to a file, printed afterwards, since wine loses QTest's output when it is redirected. And a suite whose every function has run but whose process has not
# exited 15 s later is stopped and judged by its totals, saying so on its last line: a suite ends
# through QTest's own main, which can meet mingw-w64's hang in process exit that Tether's
# programs avoid (app/processexit.h, packaging/README.md).
exe=$1
shift
case "$exe" in
*/tst_*.exe) ;;
*) exec wine "$exe" "$@" ;;
esac
log=$(mktemp)
trap 'rm -f "$log"' EXIT
wine "$exe" "$@" -o "$log,txt" &
pid=$!
finished=""
hung=""
while kill -0 "$pid" 2>/dev/null; do
    if [ -z "$finished" ] && grep -q '^\*\*\*\*\*\*\*\*\* Finished testing' "$log" 2>/dev/null; then
        finished=$SECONDS
    fi
    if [ -n "$finished" ] && [ $((SECONDS - finished)) -ge 15 ]; then
        kill -9 "$pid" 2>/dev/null
        hung=1
        break
    fi
    sleep 0.2
done
wait "$pid"
rc=$?
cat "$log"
if [ -n "$hung" ]; then
    grep -q '^Totals: .*, 0 failed,' "$log" && rc=0 || rc=1
    echo "wine-test: $(basename "$exe" .exe): every function ran, but the process had not exited 15 s later: stopped (exit $rc from its totals)"
fi
exit $rc

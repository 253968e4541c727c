#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what Tether needs to build, test and run on Debian 12, and only what is missing.
# Uses sudo when not run as root.
set -eu

packages="build-essential cmake ninja-build pkg-config
qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-qpa-plugins libgl-dev
qt6-tools-dev qt6-l10n-tools qtkeychain-qt6-dev libzip-dev libsqlite3-dev libsimdjson-dev libpoppler-qt6-dev libsodium-dev gnome-keyring dbus dbus-daemon
desktop-file-utils appstream xvfb xauth xdotool rclone
clang clang-format clang-tidy libclang-rt-14-dev"

# Node.js and npm run the official MCP reference servers the tests use. Debian's packages, unless
# the machine has a Node.js with npm already (NodeSource's nodejs conflicts with Debian's npm).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    packages="$packages nodejs npm"
fi
# shellcheck disable=SC2086
"$(dirname "$0")/ensure-packages.sh" $packages

# The MCP reference servers (server-everything, server-filesystem), exactly as the lockfile says,
# when they are missing or the lockfile changed since.
# And the official MCP conformance framework (with the Node.js 22 it needs, from npm).
for mcp in "$(dirname "$0")/../tests/mcp" "$(dirname "$0")/../tests/conformance"; do
    if [ ! -f "$mcp/node_modules/.package-lock.json" ] ||
        [ "$mcp/package-lock.json" -nt "$mcp/node_modules/.package-lock.json" ]; then
        echo "Installing $(basename "$mcp")'s npm packages (npm ci)" >&2
        npm ci --prefix "$mcp" --no-audit --no-fund --loglevel=error
    fi
done

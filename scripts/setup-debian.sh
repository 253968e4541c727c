#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what Tether needs to build, test and run on Debian 12, and only what is missing.
# Uses sudo when not run as root.
set -eu

packages="build-essential cmake ninja-build pkg-config
qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-qpa-plugins libgl-dev
qt6-tools-dev qt6-l10n-tools qtkeychain-qt6-dev libzip-dev libsqlite3-dev libsimdjson-dev libpoppler-qt6-dev gnome-keyring dbus dbus-daemon
desktop-file-utils appstream xvfb xauth xdotool
clang clang-format clang-tidy libclang-rt-14-dev"

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing:$missing" >&2
$sudo apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing

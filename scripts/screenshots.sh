#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the README screenshots under Xvfb with the built-in Demo provider:
#   docs/screenshots/streaming.png     a reply with code and a table, light palette
#   docs/screenshots/reconnecting.png  the first demo reply waiting to reconnect
#   docs/screenshots/dark.png          the finished reply, dark palette
# Needs a build in build/ and Xvfb, xdotool and ImageMagick (installed if missing).
set -eu
cd "$(dirname "$0")/.."
for p in xvfb xauth xdotool imagemagick; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get install -y -q --no-install-recommends $missing
fi
out=docs/screenshots
mkdir -p "$out"
display=:93
Xvfb $display -screen 0 1000x660x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
shot() { # scheme, name, moments…
    scheme=$1; shift
    tmp=$(mktemp -d)
    env -u OPENAI_API_KEY -u OPENAI_BASE_URL DISPLAY=$display TETHER_DATA_DIR="$tmp/data" \
        XDG_CONFIG_HOME="$tmp/config" TETHER_COLOR_SCHEME="$scheme" build/bin/tether &
    app=$!
    sleep 2
    DISPLAY=$display xdotool mousemove 500 560 click 1 type --delay 20 "How does Tether keep a reply?"
    DISPLAY=$display xdotool key Return
    while [ $# -gt 1 ]; do
        sleep "$1"
        DISPLAY=$display import -window root -crop 900x620+0+0 "$out/$2.png"
        shift 2
    done
    kill $app; wait $app 2>/dev/null || true
    rm -rf "$tmp"
}
shot light 2.2 reconnecting 6 streaming
shot dark 9 dark
echo "wrote $out/*.png"

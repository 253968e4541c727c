#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the README screenshots under Xvfb, each from a fresh profile:
#   first-start.png   the window a new user sees (the built-in Demo)
#   streaming.png     the Demo's reply with its code block, light palette
#   reconnecting.png  the Demo's reply waiting to reconnect after its simulated drop
#   picker.png        the model picker open (Ctrl+Shift+M)
#   providers.png     Providers (Ctrl+,) with the Demo and a local server
#   refused.png       a provider whose server is not running: what went wrong and what to do
#   dark.png          the finished reply, dark palette
# Usage: scripts/screenshots.sh [OUTPUT_DIR]   (default docs/screenshots)
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
out=${1:-docs/screenshots}
mkdir -p "$out"
display=:93
Xvfb $display -screen 0 1000x660x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$display

start() { # scheme [provider config] -> starts tether with a fresh profile; $app, $tmp
    tmp=$(mktemp -d)
    if [ -n "${2:-}" ]; then
        # QSettings' folder with and without an organization, whichever this Qt uses.
        mkdir -p "$tmp/config/Unknown Organization"
        printf '%s\n' "$2" >"$tmp/config/tether.conf"
        printf '%s\n' "$2" >"$tmp/config/Unknown Organization/tether.conf"
    fi
    env -u OPENAI_API_KEY -u OPENAI_BASE_URL HOME="$tmp" TETHER_DATA_DIR="$tmp/data" \
        XDG_CONFIG_HOME="$tmp/config" TETHER_COLOR_SCHEME="$1" build/bin/tether &
    app=$!
    sleep 2.5
}
stop() {
    kill $app; wait $app 2>/dev/null || true
    rm -rf "$tmp"
}
shoot() { import -window root -crop 900x620+0+0 "$out/$1.png"; }
say() { # text -> typed into the composer and sent
    xdotool mousemove 560 560 click 1 type --delay 15 "$1"
    xdotool key Return
}

start light
shoot first-start
say "How does Tether keep a reply?"
sleep 2.2; shoot reconnecting
sleep 7; shoot streaming
xdotool key ctrl+shift+m; sleep 1.5; shoot picker; xdotool key Escape
stop

local_server='[providers]
default=profile-local
profiles\size=1
profiles\1\id=profile-local
profiles\1\name=Ollama on this computer
profiles\1\preset=ollama
profiles\1\api=chat
profiles\1\baseUrl=http://127.0.0.1:9/v1
profiles\1\model=llama3.2
profiles\1\continuation=prefill
[keys]
profile-local=1'
start light "$local_server"
say "Hello"
sleep 4; shoot refused
xdotool key ctrl+comma; sleep 1.5; shoot providers
stop

start dark
say "How does Tether keep a reply?"
sleep 9; shoot dark
stop
echo "wrote $out/*.png"

#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Proves the Windows app from Debian: cross-builds Tether (GUI and CLI, warnings as errors) with
# the libraries scripts/build-qt-mingw.sh cached, runs the test suites that can run on Windows
# under wine, builds the 64-bit NSIS installer with CPack, installs it silently into a fresh wine
# prefix, runs the installed tether-cli.exe (--version, and send against an OpenAI-compatible
# server on the Linux side), starts the installed tether.exe under Xvfb, sends the Demo a message
# and takes a screenshot once its reply has streamed, uninstalls, and checks nothing is left.
#
#   scripts/check-windows.sh [--if-cached] [BUILD_DIR]
# BUILD_DIR defaults to build-windows; the screenshot is BUILD_DIR/tether-wine.png. With
# --if-cached (.ci/run), a machine without the cache says so in one line and passes.
set -euo pipefail
. "$(dirname "$0")/windows-common.sh"
cd "$tether_root"
if_cached=false
[ "${1:-}" = "--if-cached" ] && if_cached=true && shift
build=$(realpath -m "${1:-build-windows}")
if $if_cached && ! tether_mingw_ready >/dev/null; then
    echo "windows: not checked: no Qt for mingw in $(tether_mingw_cache) (scripts/build-qt-mingw.sh builds it, about 45 min)"
    exit 0
fi

# shellcheck disable=SC2086
scripts/ensure-packages.sh $tether_cross_packages wine wine64 nsis xvfb xauth xdotool imagemagick python3
prefix=$(tether_mingw_ready) || {
    echo "windows: no Qt for mingw in $(tether_mingw_cache): run scripts/build-qt-mingw.sh first" >&2
    exit 1
}
export TETHER_MINGW_PREFIX=$prefix WINEDEBUG=-all
started=$(date +%s)
phase() { echo "== $1 ($(($(date +%s) - started)) s)" >&2; }
winpath() { echo "Z:${1//\//\\}"; }
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for wp in "$build/wine-tests" "$build/wine-install"; do
        [ -d "$wp" ] && WINEPREFIX=$wp wineserver -k 2>/dev/null || true
    done
}
trap cleanup EXIT

# Suites that cannot run under wine, and why. Each of them runs in the Linux test command.
excluded=(
    # They start the official MCP reference servers with node, a Linux program.
    tst_tools tst_clitools tst_windowtools
    # The same for the servers needing sign-in and of other revisions (the official SDKs').
    tst_mcpauth tst_mcpversions tst_windowsignin
    # They start rclone serve webdav, a Linux program.
    tst_webdav tst_sync tst_syncfaults tst_windowsync
    # It drives the real window on Xvfb with xdotool and kills it with SIGKILL.
    tst_restart
    # It runs Debian's lupdate, a Linux program, over the sources.
    tst_translations
)

# Wine links the profile's Desktop, Documents, Templates… to the Linux HOME: a Windows program
# walking its AppData walked all of HOME (tst_keychain, looking for a leaked key, ran past its
# timeout). The prefixes here get folders of their own instead.
sandbox() {
    find "$WINEPREFIX/drive_c/users" -type l | while read -r link; do
        rm "$link" && mkdir -p "$link"
    done
}

phase "configure"
mkdir -p "$build"
cmake -S . -B "$build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$tether_toolchain" \
    -DTETHER_MINGW_PREFIX="$prefix" -DCMAKE_PREFIX_PATH="$prefix" \
    -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_COMPILE_WARNING_AS_ERROR=ON -DTETHER_BUILD_BENCH=OFF \
    >"$build/configure.log" 2>&1 || { cat "$build/configure.log"; exit 1; }
phase "build"
cmake --build "$build"

phase "tests under wine"
# The tests find Qt's, the libraries' and mingw's DLLs through WINEPATH; a prefix of their own.
gcc_dir=$(dirname "$(x86_64-w64-mingw32-g++-posix -print-file-name=libstdc++-6.dll)")
pthread_dir=$(dirname "$(x86_64-w64-mingw32-g++-posix -print-file-name=libwinpthread-1.dll)")
export WINEPATH="$(winpath "$prefix/bin");$(winpath "$gcc_dir");$(winpath "$pthread_dir")"
export WINEPREFIX=$build/wine-tests
wineboot -i >/dev/null 2>&1
sandbox
# Wine passes no QT_* variable to Windows programs: the suites' offscreen platform is set in the
# prefix's environment instead.
wine reg add 'HKCU\Environment' /v QT_QPA_PLATFORM /d offscreen /f >/dev/null 2>&1
wineserver -w
skip=$(IFS='|'; echo "^(${excluded[*]})\$")
ctest --test-dir "$build" --output-on-failure -E "$skip"
suites=$(ctest --test-dir "$build" -N -E "$skip" | sed -n 's/^Total Tests: //p')
hung=$(sed -n 's/^wine-test: \(tst_[a-z]*\): every function ran.*/\1/p' "$build/Testing/Temporary/LastTest.log" | sort -u | tr '\n' ' ')
[ -z "$hung" ] || echo "windows: passed, but did not exit under wine until stopped: $hung" >&2
wineserver -k || true

phase "installer"
(cd "$build" && cpack -G NSIS >"$build/cpack.log" 2>&1) || { cat "$build/cpack.log"; exit 1; }
installer=$(ls "$build"/tether-*-win64.exe)
size=$(du -h "$installer" | cut -f1)
echo "installer: $installer ($size)" >&2

phase "silent install into a fresh prefix"
export WINEPREFIX=$build/wine-install
rm -rf "$WINEPREFIX"
wineboot -i >/dev/null 2>&1
sandbox
unset WINEPATH QT_PLUGIN_PATH
wine "$installer" /S
wineserver -w
drive=$WINEPREFIX/drive_c
inst="$drive/Program Files/Tether"
for f in bin/tether.exe bin/tether-cli.exe bin/qt6core.dll bin/libqt6keychain.dll \
    bin/platforms/qwindows.dll bin/sqldrivers/qsqlite.dll bin/tls/qschannelbackend.dll \
    Uninstall.exe; do
    [ -f "$inst/$f" ] || { echo "windows: the installer did not install $f" >&2; exit 1; }
done
find "$drive" -iname 'Tether*.lnk' | grep -q . || { echo "windows: no Start-menu shortcut" >&2; exit 1; }
grep -qi 'Uninstall\\\\Tether' "$WINEPREFIX/system.reg" ||
    { echo "windows: no uninstall entry in the registry" >&2; exit 1; }

phase "the installed tether-cli.exe"
version=$(wine "$inst/bin/tether-cli.exe" --version | tr -d '\r')
[ "$version" = "tether-cli $(sed -n 's/^project(Tether VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)" ] ||
    { echo "windows: tether-cli.exe --version said '$version'" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 packaging/mock_openai.py "$port" &
pids+=($!)
for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break; sleep 0.1; done
# The data folder is the default one: %APPDATA%\Tether\tether.
# Its reply is waited for; then it must exit within 15 s (app/processexit.h: a process that
# did not was the winpthreads lock a terminated thread held).
out=$build/send.out
OPENAI_API_KEY=sk-windows-check OPENAI_BASE_URL=http://127.0.0.1:$port/v1 TETHER_MODEL=mock-model \
    wine "$inst/bin/tether-cli.exe" send "Are you installed?" >"$out" &
cli=$!
expected="Installed from the package, streaming fine."
for _ in $(seq 600); do
    ! kill -0 "$cli" 2>/dev/null && break
    [ "$(tr -d '\r' <"$out")" = "$expected" ] && break
    sleep 0.1
done
for _ in $(seq 150); do kill -0 "$cli" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$cli" 2>/dev/null; then
    kill -9 "$cli" 2>/dev/null
    echo "windows: tether-cli.exe send had not exited 15 s after its reply" >&2
    exit 1
fi
wait "$cli" || { echo "windows: tether-cli.exe send exited with $?" >&2; exit 1; }
reply=$(tr -d '\r' <"$out")
[ "$reply" = "$expected" ] || { echo "windows: tether-cli.exe send printed '$reply'" >&2; exit 1; }
echo "sent, and exited" >&2
journal=$(ls "$drive"/users/*/AppData/Roaming/Tether/tether/journal.sqlite)
echo "the journal is at $journal" >&2

phase "the installed tether.exe under Xvfb"
# Nothing of the CLI's run is left in the prefix (a stopped process, its console).
wineserver -k 2>/dev/null || true
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1100x720x24 >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
env -u OPENAI_API_KEY -u OPENAI_BASE_URL wine "$inst/bin/tether.exe" &
gui=$!
pids+=($gui)
window=""
# Wine's first start of a GUI in a fresh prefix takes a while; its windows are not "visible" to
# xdotool without a window manager, so the name alone is searched.
for _ in $(seq 1200); do
    window=$(xdotool search --name '^Tether$' 2>/dev/null | head -n 1) && [ -n "$window" ] && break
    sleep 0.1
done
[ -n "$window" ] || {
    import -window root "$build/tether-wine.png"
    echo "windows: tether.exe showed no window ($build/tether-wine.png)" >&2
    exit 1
}
eval "$(xdotool getwindowgeometry --shell "$window")"
# The composer is at the bottom of the window, under the conversation.
xdotool mousemove $((X + WIDTH / 2 + 100)) $((Y + HEIGHT - 60)) click 1
xdotool type --delay 30 "How does Tether keep a reply?"
xdotool key Return
# Done when the journal holds the Demo's reply, complete.
done_sql="SELECT count(*) FROM generations WHERE status = 'completed' AND model = 'tether-demo'"
for _ in $(seq 600); do
    n=$(python3 -c "import sqlite3,sys; print(sqlite3.connect('file:'+sys.argv[1]+'?mode=ro', uri=True).execute(sys.argv[2]).fetchone()[0])" "$journal" "$done_sql" 2>/dev/null || echo 0)
    [ "$n" -gt 0 ] && break
    sleep 0.1
done
[ "$n" -gt 0 ] || { echo "windows: the Demo's reply did not complete" >&2; import -window root "$build/tether-wine.png"; exit 1; }
sleep 1 # the last frame painted
import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" "$build/tether-wine.png"
echo "screenshot: $build/tether-wine.png" >&2
# File ▸ Quit (Windows binds no Quit shortcut, and there is no window manager for Alt+F4): the
# window closes and the process ends.
xdotool key alt+f
sleep 1
xdotool key q
for _ in $(seq 150); do kill -0 "$gui" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$gui" 2>/dev/null; then
    import -window root "$build/tether-quit.png"
    echo "windows: tether.exe had not exited 15 s after File > Quit ($build/tether-quit.png)" >&2
    exit 1
fi
echo "tether.exe quit" >&2
wineserver -k || true

phase "uninstall"
wineboot >/dev/null 2>&1 || true
wine "$inst/Uninstall.exe" /S
wineserver -w
[ ! -e "$inst" ] || { echo "windows: left after uninstalling: $(find "$inst")" >&2; exit 1; }
! find "$drive" -iname 'Tether*.lnk' | grep -q . || { echo "windows: the shortcut was left" >&2; exit 1; }
! grep -qi 'Uninstall\\\\Tether' "$WINEPREFIX/system.reg" || { echo "windows: the uninstall entry was left" >&2; exit 1; }

phase "done"
echo "windows: $suites suites passed under wine (${#excluded[@]} left out); installer ($size) installed, ran, sent, showed the Demo's reply, quit, uninstalled"

#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds what the Windows app needs, for x86_64-w64-mingw32, from Debian's own sources: Qt 6.4
# (qtbase: Core, Gui, Widgets, Network with Schannel, Sql with SQLite, Concurrent, Test; the
# windows and offscreen platforms; the PNG/JPEG/GIF/ICO image plugins), libsodium, libzip and
# simdjson, and QtKeychain from upstream's release (shared/vendor). Installs them into one prefix
# named by a hash of its inputs (scripts/windows-common.sh) and reuses it while the hash holds.
# About 45 minutes on 2 cores; prints each part's time. Prints the prefix on its last line.
#
#   scripts/build-qt-mingw.sh            build unless the cache is there
#   scripts/build-qt-mingw.sh --print    print the cache's folder (built or not) and stop
set -euo pipefail
. "$(dirname "$0")/windows-common.sh"

# shellcheck disable=SC2086
"$tether_root/scripts/ensure-packages.sh" $tether_cross_packages

prefix=$(tether_mingw_cache)
if [ "${1:-}" = "--print" ]; then
    echo "$prefix"
    exit 0
fi
if [ -f "$prefix/.complete" ]; then
    echo "The Windows libraries are built: $prefix"
    echo "$prefix"
    exit 0
fi
[ -f "$tether_qtkeychain_tarball" ] || {
    echo "QtKeychain's source is missing: $tether_qtkeychain_tarball (set TETHER_QTKEYCHAIN_TARBALL)" >&2
    exit 1
}

# Built straight into its final folder (Qt's CMake files keep absolute paths to the toolchain);
# the .complete mark is written last, so a build that stopped half-way is never used.
rm -rf "$prefix" "$prefix.work"
mkdir -p "$prefix/share/tether" "$prefix.work"
cp "$tether_toolchain" "$prefix/share/tether/mingw-w64-toolchain.cmake"
toolchain="$prefix/share/tether/mingw-w64-toolchain.cmake"
work="$prefix.work"
jobs=$(nproc)
started=$(date +%s)

step() {
    local name=$1
    shift
    local t0
    t0=$(date +%s)
    echo "== $name" >&2
    # A subshell outside any || list, so that set -e holds inside the step.
    set +e
    (set -e && "$@") >"$work/$name.log" 2>&1
    local rc=$?
    set -e
    if [ $rc -ne 0 ]; then
        echo "== $name failed; the last lines of $work/$name.log:" >&2
        tail -n 40 "$work/$name.log" >&2
        exit 1
    fi
    echo "== $name: $(($(date +%s) - t0)) s" >&2
}

cross_cmake() {
    cmake -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DTETHER_MINGW_PREFIX="$prefix" \
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_PREFIX_PATH="$prefix" "$@"
}

# Debian's source packages need a deb-src entry for the mirror the machine already uses.
fetch_sources() {
    if ! apt-get source --print-uris qt6-base >/dev/null 2>&1; then
        sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        if [ -f /etc/apt/sources.list.d/debian.sources ]; then
            sed -n 's/^Types: deb$/Types: deb-src/p; /^URIs:/p; /^Suites:/p; /^Components:/p; /^Signed-By:/p; /^$/p' \
                /etc/apt/sources.list.d/debian.sources | $sudo tee /etc/apt/sources.list.d/tether-deb-src.sources >/dev/null
        else
            sed -n 's/^deb /deb-src /p' /etc/apt/sources.list | $sudo tee /etc/apt/sources.list.d/tether-deb-src.list >/dev/null
        fi
        $sudo apt-get update -q
    fi
    mkdir -p "$work/src"
    cd "$work/src"
    # Unpacked with Debian's patches (the CVE fixes the host's Qt has too).
    apt-get source -q qt6-base sqlite3 libsodium libzip simdjson
    tar -xf "$tether_qtkeychain_tarball"
    ls ./*.dsc >"$prefix/share/tether/sources.txt"
}

# Debian's qtbase tarball leaves SQLite out: the amalgamation from Debian's sqlite3 source.
sqlite_amalgamation() {
    cd "$work/src"/sqlite3-3*/
    mkdir -p build && cd build
    ../configure --disable-tcl >/dev/null
    make -j"$jobs" sqlite3.c
    local dest
    dest=$(echo "$work/src"/qt6-base-*/src/3rdparty)/sqlite
    mkdir -p "$dest"
    cp sqlite3.c sqlite3.h sqlite3ext.h "$dest/"
}

# OpenGL stays on (6.4's windows platform plugin does not build without it). DirectWrite 3's
# font database is built only with Direct2D, which is off: its feature goes off too, or the
# windows plugin links against a class Gui never built. GDI fonts are 6.4's default anyway.
qt_configure() {
    mkdir -p "$work/qt" && cd "$work/qt"
    cross_cmake "$(echo "$work/src"/qt6-base-*/)" \
        -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
        -DBUILD_SHARED_LIBS=ON -DQT_BUILD_EXAMPLES=OFF -DQT_BUILD_TESTS=OFF \
        -DFEATURE_sql_sqlite=ON -DFEATURE_system_sqlite=OFF \
        -DFEATURE_sql_odbc=OFF -DFEATURE_sql_psql=OFF -DFEATURE_sql_mysql=OFF \
        -DFEATURE_sql_ibase=OFF -DFEATURE_sql_oci=OFF -DFEATURE_sql_db2=OFF \
        -DFEATURE_openssl=OFF -DFEATURE_schannel=ON -DFEATURE_dbus=OFF -DFEATURE_tabletevent=OFF \
        -DFEATURE_icu=OFF -DFEATURE_glib=OFF -DFEATURE_zstd=OFF -DFEATURE_pkg_config=OFF \
        -DFEATURE_system_freetype=OFF -DFEATURE_system_zlib=OFF -DFEATURE_direct2d=OFF \
        -DFEATURE_printsupport=OFF -DFEATURE_vulkan=OFF -DFEATURE_directwrite3=OFF
}

qt_build() {
    cd "$work/qt"
    cmake --build . --parallel "$jobs"
    cmake --install . --strip
}

libsodium() {
    cd "$work/src"/libsodium-1*/
    # Debian's tarball is upstream's git tree: no configure script yet.
    autoreconf -fi
    ./configure --host=x86_64-w64-mingw32 CC=x86_64-w64-mingw32-gcc-posix --prefix="$prefix" \
        --disable-shared --enable-static --disable-dependency-tracking
    make -j"$jobs"
    make install
}

libzip() {
    mkdir -p "$work/libzip" && cd "$work/libzip"
    cross_cmake "$(echo "$work/src"/libzip-1*/)" -DBUILD_SHARED_LIBS=OFF \
        -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF -DENABLE_OPENSSL=OFF \
        -DENABLE_GNUTLS=OFF -DENABLE_MBEDTLS=OFF -DENABLE_COMMONCRYPTO=OFF \
        -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF
    cmake --build . --parallel "$jobs"
    cmake --install . --strip
}

simdjson() {
    mkdir -p "$work/simdjson" && cd "$work/simdjson"
    cross_cmake "$(echo "$work/src"/simdjson-3*/)" -DBUILD_SHARED_LIBS=OFF \
        -DSIMDJSON_DEVELOPER_MODE=OFF
    cmake --build . --parallel "$jobs"
    cmake --install . --strip
}

qtkeychain() {
    mkdir -p "$work/qtkeychain" && cd "$work/qtkeychain"
    cross_cmake "$(echo "$work/src"/qtkeychain/)" \
        -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
        -DBUILD_WITH_QT6=ON -DBUILD_SHARED_LIBS=ON -DBUILD_TEST_APPLICATION=OFF \
        -DBUILD_TRANSLATIONS=OFF
    cmake --build . --parallel "$jobs"
    cmake --install . --strip
}

# The small libraries first: a recipe that fails there fails in minutes, not after Qt.
step sources fetch_sources
step sqlite sqlite_amalgamation
step libsodium libsodium
step libzip libzip
step simdjson simdjson
step qt-configure qt_configure
step qt-build qt_build
step qtkeychain qtkeychain

rm -rf "$work"
date -u +%FT%TZ >"$prefix/.complete"
echo "The Windows libraries were built in $(($(date +%s) - started)) s: $(du -sh "$prefix" | cut -f1) in $prefix" >&2
echo "$prefix"

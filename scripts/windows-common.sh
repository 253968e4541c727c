# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by build-qt-mingw.sh, check-windows.sh and .ci/run: where the Windows cross build's
# cache lives and what names it. The name is a hash of everything the cache is built from, so a
# changed recipe, toolchain, host Qt or compiler builds a new one and an old one is never used.

tether_root=$(cd "$(dirname "$0")/.." && pwd)
tether_toolchain="$tether_root/packaging/windows/mingw-w64-toolchain.cmake"
# Upstream QtKeychain (Debian serves no source package for it): shared/ beside the repository.
tether_qtkeychain_tarball=${TETHER_QTKEYCHAIN_TARBALL:-"$tether_root/../shared/vendor/qtkeychain-0.14.3.tar.xz"}
tether_cross_packages="g++-mingw-w64-x86-64-posix mingw-w64-tools libz-mingw-w64-dev cmake ninja-build
qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-l10n-tools dpkg-dev xz-utils tcl autoconf automake libtool"

tether_mingw_hash() {
    {
        cat "$tether_root/scripts/build-qt-mingw.sh" "$tether_toolchain"
        sha256sum <"$tether_qtkeychain_tarball" 2>/dev/null || echo "no qtkeychain"
        dpkg-query -W -f='${Version}\n' qt6-base-dev g++-mingw-w64-x86-64-posix 2>/dev/null || true
    } | sha256sum | cut -c1-12
}

tether_mingw_cache() {
    echo "${TETHER_MINGW_CACHE:-$HOME/.cache/tether}/mingw-$(tether_mingw_hash)"
}

# Prints the prefix when it was built to the end, fails otherwise.
tether_mingw_ready() {
    prefix=$(tether_mingw_cache)
    [ -f "$prefix/.complete" ] && echo "$prefix"
}

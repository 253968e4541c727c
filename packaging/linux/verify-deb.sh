#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the .deb the way a user gets it: builds it (CPack), makes a clean Debian 12 root with
# debootstrap, installs the package there with apt (so its computed Depends resolve from the
# archive), then inside that root runs `tether-cli --version`, a `tether-cli send` against a
# loopback mock server, and starts `tether` under Xvfb for a screenshot.
#   packaging/linux/verify-deb.sh [ROOT]      (default /tmp/tether-bookworm; kept for reruns)
# Needs root (debootstrap, chroot) and network access to deb.debian.org. Writes
# packaging/linux/verify-screenshot.png.
set -eu
cd "$(dirname "$0")/../.."
root=${1:-/tmp/tether-bookworm}
here=$(pwd)

scripts/setup-debian.sh
for p in debootstrap xvfb xauth; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$p"
done

cmake -S . -B build-package -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DTETHER_BUILD_TESTS=OFF -DTETHER_BUILD_BENCH=OFF
cmake --build build-package
(cd build-package && cpack -G DEB)
deb=$(ls build-package/tether_*_amd64.deb)
echo "== built $deb"
dpkg-deb -f "$deb" Depends

if [ ! -x "$root/usr/bin/apt-get" ]; then
    debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
fi
cp "$deb" "$root/tmp/tether.deb"
cp packaging/mock_openai.py "$root/tmp/"
mount -t proc proc "$root/proc" 2>/dev/null || true
trap 'umount "$root/proc" 2>/dev/null || true' EXIT

echo "== apt install in a clean bookworm root"
chroot "$root" sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    /tmp/tether.deb xvfb xauth x11-apps imagemagick python3' >/dev/null
chroot "$root" dpkg -s tether | grep -E '^(Status|Version)'

echo "== tether-cli --version"
chroot "$root" tether-cli --version

echo "== tether-cli send against a loopback mock"
chroot "$root" sh -c '
    python3 /tmp/mock_openai.py 18765 & mock=$!
    sleep 1
    export OPENAI_API_KEY=sk-package-check OPENAI_BASE_URL=http://127.0.0.1:18765/v1 \
        TETHER_MODEL=mock-model TETHER_DATA_DIR=/tmp/tether-data
    out=$(tether-cli send "Are you installed?")
    kill $mock
    echo "$out"
    [ "$out" = "Installed from the package, streaming fine." ]'

echo "== tether under Xvfb"
chroot "$root" sh -c '
    Xvfb :77 -screen 0 1000x660x24 >/dev/null 2>&1 & x=$!
    sleep 1
    DISPLAY=:77 TETHER_DATA_DIR=/tmp/tether-gui tether & app=$!
    sleep 4
    DISPLAY=:77 import -window root /tmp/tether-screenshot.png
    kill $app $x'
cp "$root/tmp/tether-screenshot.png" "$here/packaging/linux/verify-screenshot.png"
echo "== ok: packaging/linux/verify-screenshot.png"

# SPDX-License-Identifier: GPL-3.0-or-later
# Cross-compiling for 64-bit Windows on Debian with mingw-w64 (GCC, posix threads). The Windows
# libraries (Qt, libsodium, libzip, simdjson, QtKeychain) come from the prefix that
# scripts/build-qt-mingw.sh builds, named by TETHER_MINGW_PREFIX (a cache variable or the
# environment); nothing is ever found on the Linux side.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(TOOLCHAIN_PREFIX x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${TOOLCHAIN_PREFIX}-gcc-posix)
set(CMAKE_CXX_COMPILER ${TOOLCHAIN_PREFIX}-g++-posix)
set(CMAKE_RC_COMPILER ${TOOLCHAIN_PREFIX}-windres)
if(NOT TETHER_MINGW_PREFIX)
    set(TETHER_MINGW_PREFIX "$ENV{TETHER_MINGW_PREFIX}")
endif()
# try_compile projects see the same prefix.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES TETHER_MINGW_PREFIX)
set(CMAKE_FIND_ROOT_PATH /usr/${TOOLCHAIN_PREFIX} ${TETHER_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Test programs run under wine (ctest, try_run).
set(CMAKE_CROSSCOMPILING_EMULATOR wine)
# pkg-config sees only the Windows prefix, never the host's .pc files (poppler-qt6, libsodium).
set(ENV{PKG_CONFIG_LIBDIR} "${TETHER_MINGW_PREFIX}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")

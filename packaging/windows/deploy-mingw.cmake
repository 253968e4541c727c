# SPDX-License-Identifier: GPL-3.0-or-later
# Deploys Qt and the other DLLs beside tether.exe in a mingw cross build, where windeployqt does
# not exist: Qt's plugins that Tether loads at run time are installed by folder, then every
# DLL the programs and those plugins import (read from their PE headers with the cross objdump,
# recursively) is copied from the Qt/library prefix and the mingw runtime. Windows' own DLLs
# are left out. Included from app/CMakeLists.txt.

# The mingw runtime DLLs (libstdc++, libgcc_s_seh, libwinpthread) live beside the compiler.
execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libstdc++-6.dll
    OUTPUT_VARIABLE _tether_libstdcxx OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libwinpthread-1.dll
    OUTPUT_VARIABLE _tether_winpthread OUTPUT_STRIP_TRAILING_WHITESPACE)
get_filename_component(_tether_gcc_dir "${_tether_libstdcxx}" DIRECTORY)
get_filename_component(_tether_pthread_dir "${_tether_winpthread}" DIRECTORY)
set(TETHER_MINGW_DLL_DIRS
    ${QT6_INSTALL_PREFIX}/${QT6_INSTALL_BINS} ${TETHER_MINGW_PREFIX}/bin
    ${_tether_gcc_dir} ${_tether_pthread_dir} /usr/${TOOLCHAIN_PREFIX}/bin /usr/${TOOLCHAIN_PREFIX}/lib)
find_program(TETHER_MINGW_OBJDUMP ${TOOLCHAIN_PREFIX}-objdump REQUIRED)

# The plugin folders Tether loads from: platforms (windows; offscreen for tests), the SQLite
# driver, TLS (Schannel), image formats (thumbnails), the native style and network status.
set(_tether_plugins ${QT6_INSTALL_PREFIX}/${QT6_INSTALL_PLUGINS})
foreach(kind platforms sqldrivers tls imageformats styles networkinformation)
    if(IS_DIRECTORY ${_tether_plugins}/${kind})
        install(DIRECTORY ${_tether_plugins}/${kind} DESTINATION ${CMAKE_INSTALL_BINDIR}
            FILES_MATCHING PATTERN "*.dll")
    endif()
endforeach()

install(CODE "
    set(TETHER_BIN \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
    set(TETHER_DLL_DIRS \"${TETHER_MINGW_DLL_DIRS}\")
    set(TETHER_OBJDUMP \"${TETHER_MINGW_OBJDUMP}\")
    include(\"${CMAKE_CURRENT_LIST_DIR}/deploy-mingw-install.cmake\")
")

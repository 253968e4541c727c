# SPDX-License-Identifier: GPL-3.0-or-later
# Runs at install time (deploy-mingw.cmake): copies into TETHER_BIN every DLL that the programs
# and the plugins beside them import, found in TETHER_DLL_DIRS, recursively.
set(CMAKE_GET_RUNTIME_DEPENDENCIES_PLATFORM windows+pe)
set(CMAKE_GET_RUNTIME_DEPENDENCIES_TOOL objdump)
set(CMAKE_GET_RUNTIME_DEPENDENCIES_COMMAND "${TETHER_OBJDUMP}")
file(GLOB_RECURSE modules "${TETHER_BIN}/*/*.dll")
# CMake looks a PE import up by its lower-case name, as Windows would; Linux file names are not
# case-insensitive (Qt6Core.dll). The DLLs are seen through a folder of lower-case hard links.
set(lower "${CMAKE_CURRENT_BINARY_DIR}/deploy-dlls")
file(REMOVE_RECURSE "${lower}")
file(MAKE_DIRECTORY "${lower}")
foreach(dir IN LISTS TETHER_DLL_DIRS)
    file(GLOB dlls "${dir}/*.dll")
    foreach(dll IN LISTS dlls)
        get_filename_component(name "${dll}" NAME)
        string(TOLOWER "${name}" name)
        if(NOT EXISTS "${lower}/${name}")
            file(CREATE_LINK "${dll}" "${lower}/${name}" COPY_ON_ERROR)
        endif()
    endforeach()
endforeach()
file(GET_RUNTIME_DEPENDENCIES
    EXECUTABLES "${TETHER_BIN}/tether.exe" "${TETHER_BIN}/tether-cli.exe"
    MODULES ${modules}
    DIRECTORIES "${lower}"
    PRE_EXCLUDE_REGEXES "^api-ms-" "^ext-ms-"
    RESOLVED_DEPENDENCIES_VAR resolved
    UNRESOLVED_DEPENDENCIES_VAR unresolved)
foreach(dll IN LISTS resolved)
    file(INSTALL "${dll}" DESTINATION "${TETHER_BIN}")
endforeach()
# What stays unresolved must be part of Windows: anything else would stop tether.exe starting.
set(system "KERNEL32|USER32|GDI32|ADVAPI32|SHELL32|OLE32|OLEAUT32|WS2_32|CRYPT32|SECUR32|NCRYPT|BCRYPT|IPHLPAPI|DNSAPI|NETAPI32|USERENV|WINMM|VERSION|MPR|WINSPOOL|COMDLG32|IMM32|UXTHEME|DWMAPI|SHLWAPI|D3D9|D3D11|D3D12|DXGI|DWRITE|D2D1|OPENGL32|MSVCRT|AUTHZ|UIAUTOMATIONCORE|WTSAPI32|SETUPAPI|NTDLL|RPCRT4|SHCORE|COMCTL32|CFGMGR32|WINHTTP|WININET|CREDUI|MSIMG32|OLEACC|NORMALIZ|DWRITE")
foreach(dll IN LISTS unresolved)
    string(TOUPPER "${dll}" upper)
    if(NOT upper MATCHES "^(${system})\\.(DLL|DRV)$")
        message(FATAL_ERROR "${dll} is imported but is neither part of Windows nor found in ${TETHER_DLL_DIRS}")
    endif()
endforeach()
list(LENGTH resolved count)
message(STATUS "Deployed ${count} DLLs beside tether.exe")

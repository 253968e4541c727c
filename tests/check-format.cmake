# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a C++ source differs from what .clang-format makes of it (run by CTest as
# format_check): cmake -DCLANG_FORMAT=… -DSOURCE_DIR=… -P tests/check-format.cmake
file(GLOB_RECURSE sources LIST_DIRECTORIES false
    ${SOURCE_DIR}/engine/*.cpp ${SOURCE_DIR}/engine/*.h
    ${SOURCE_DIR}/ui/*.cpp ${SOURCE_DIR}/ui/*.h
    ${SOURCE_DIR}/app/*.cpp ${SOURCE_DIR}/app/*.h
    ${SOURCE_DIR}/tests/*.cpp ${SOURCE_DIR}/tests/*.h
    ${SOURCE_DIR}/bench/*.cpp ${SOURCE_DIR}/bench/*.h)
list(FILTER sources EXCLUDE REGEX "/node_modules/")
list(LENGTH sources count)
if(count LESS 50)
    message(FATAL_ERROR "only ${count} sources found under ${SOURCE_DIR}")
endif()
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${sources}
    RESULT_VARIABLE result ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "not formatted (run clang-format -i on them):\n${errors}")
endif()
message(STATUS "${count} sources formatted as .clang-format says")

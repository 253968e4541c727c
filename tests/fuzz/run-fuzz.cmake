# SPDX-License-Identifier: GPL-3.0-or-later
# cmake -DSOURCE=... -DBINARY=... -DCXX=clang++ -DSECONDS=45 -P run-fuzz.cmake
execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY} -G Ninja
            -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Debug
    RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "configuring the fuzzer failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY} RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "building the fuzzer failed")
endif()
file(MAKE_DIRECTORY ${BINARY}/corpus)
execute_process(
    COMMAND ${BINARY}/fuzz_sseparser ${BINARY}/corpus ${SOURCE}/corpus
            -max_total_time=${SECONDS} -max_len=4096 -print_final_stats=1
    RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "the fuzzer found a crash (exit ${rc})")
endif()

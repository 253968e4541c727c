# SPDX-License-Identifier: GPL-3.0-or-later
# cmake -DSOURCE=... -DBINARY=... -DCXX=clang++ -DSECONDS=45 -DFUZZ_TARGET=fuzz_sseparser -P run-fuzz.cmake
# Seeds from corpus/FUZZ_TARGET (corpus/ itself for the SSE parser, whose seeds were there first).
execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY} -G Ninja
            -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Debug
    RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "configuring the fuzzer failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY} --target ${FUZZ_TARGET} RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "building the fuzzer failed")
endif()
set(seeds ${SOURCE}/corpus/${FUZZ_TARGET})
if(FUZZ_TARGET STREQUAL "fuzz_sseparser")
    set(seeds ${SOURCE}/corpus)
endif()
file(MAKE_DIRECTORY ${BINARY}/corpus-${FUZZ_TARGET})
execute_process(
    COMMAND ${BINARY}/${FUZZ_TARGET} ${BINARY}/corpus-${FUZZ_TARGET} ${seeds}
            -max_total_time=${SECONDS} -max_len=4096 -print_final_stats=1
    RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "the fuzzer found a crash (exit ${rc})")
endif()

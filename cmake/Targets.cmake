# Helpers shared by every component's CMakeLists.txt.

# feb_strict(TARGET): our own code builds warning-free.
function(feb_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-unused-parameter)
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # Members marked GUARDED_BY and functions marked REQUIRES/EXCLUDES (common/sync/mutex.h)
    # are checked; a violation fails the clang build.
    target_compile_options(${target} PRIVATE -Wthread-safety)
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 reports impossible overlaps in inlined std::string concatenation at -O3
    # (GCC bug 105329); the warning carries no signal for our code.
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()

# feb_library(NAME SOURCES... [DEPS ...]): a static library of our own code (PIC, strict
# warnings, includes from the project root so headers read "common/status/status.h").
function(feb_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  feb_strict(${name})
endfunction()

# feb_gtest(NAME SOURCES... DEPS ...): a GoogleTest executable registered with ctest.
function(feb_gtest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  if(FEB_FUZZ)
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  feb_strict(${name})
  # gtest_discover_tests splits a list-valued property at ';' into separate property names, so
  # ENVIRONMENT can carry one variable only: the build directory (tests find sources from it).
  gtest_discover_tests(${name} NO_PRETTY_VALUES DISCOVERY_TIMEOUT 60
    # Two single-valued properties: a ';' inside one value does not survive test discovery.
    PROPERTIES ENVIRONMENT "FEB_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
               ENVIRONMENT_MODIFICATION "FEB_BINARY_DIR=set:${CMAKE_BINARY_DIR}")
endfunction()

# feb_fuzz(NAME SOURCES... DEPS ...): a libFuzzer target, built only with FEB_FUZZ.
if(FEB_FUZZ AND NOT TARGET fuzz_targets)
  add_custom_target(fuzz_targets)
endif()
function(feb_fuzz name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  if(NOT FEB_FUZZ)
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
  feb_strict(${name})
  add_dependencies(fuzz_targets ${name})
endfunction()

# feb_bench(NAME SOURCES... DEPS ...): a Google Benchmark executable, built only with FEB_BENCH.
function(feb_bench name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  if(NOT FEB_BENCH)
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
  feb_strict(${name})
endfunction()

# feb_add_subdirs(): add every direct subfolder that has a CMakeLists.txt, so that a new room
# needs no edit of its parent.
macro(feb_add_subdirs)
  file(GLOB _feb_children LIST_DIRECTORIES true ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(SORT _feb_children)
  foreach(_feb_child ${_feb_children})
    if(IS_DIRECTORY ${_feb_child} AND EXISTS ${_feb_child}/CMakeLists.txt)
      add_subdirectory(${_feb_child})
    endif()
  endforeach()
endmacro()

# Third-party packages, all from Debian 12 (installed by ./build.sh deps).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

# ANTLR4 C++ runtime 4.9. The imported targets carry no include directory.
find_package(antlr4-runtime 4.9 CONFIG REQUIRED)
find_program(ANTLR4_TOOL antlr4 REQUIRED)
# clang 14 rejects one header of the 4.9 umbrella (misc/InterpreterDataReader.h); a copy of
# the umbrella without it is searched first. GCC accepts either.
file(READ ${ANTLR4_INCLUDE_DIR}/antlr4-runtime.h _feb_antlr_umbrella)
string(REPLACE "#include \"misc/InterpreterDataReader.h\"" "" _feb_antlr_umbrella "${_feb_antlr_umbrella}")
# Written only when it changes, so a reconfigure does not rebuild everything that uses ANTLR.
file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/antlr_shim/antlr4-runtime.h CONTENT "${_feb_antlr_umbrella}" @ONLY)
add_library(feb_antlr INTERFACE)
target_include_directories(feb_antlr BEFORE INTERFACE ${CMAKE_BINARY_DIR}/antlr_shim)
target_include_directories(feb_antlr SYSTEM INTERFACE ${ANTLR4_INCLUDE_DIR})
target_link_libraries(feb_antlr INTERFACE antlr4_shared)

# feb_antlr_grammar(NAME GRAMMAR PACKAGE): generate a combined grammar at build time into a
# static library NAME (generated code is built with relaxed flags; -fno-char8_t for 4.7.2 output).
function(feb_antlr_grammar name grammar package)
  get_filename_component(stem ${grammar} NAME_WE)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/antlr_${stem})
  set(srcs ${out}/${stem}Lexer.cpp ${out}/${stem}Parser.cpp
           ${out}/${stem}Visitor.cpp ${out}/${stem}BaseVisitor.cpp)
  add_custom_command(
    OUTPUT ${srcs}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${out}
    COMMAND ${ANTLR4_TOOL} -Dlanguage=Cpp -visitor -no-listener -package ${package}
            -Werror -Xexact-output-dir -o ${out} ${grammar}
    DEPENDS ${grammar}
    COMMENT "ANTLR4 ${stem}.g4 -> C++")
  add_library(${name} STATIC ${srcs})
  set_source_files_properties(${srcs} PROPERTIES COMPILE_OPTIONS "-w;-fno-char8_t")
  target_include_directories(${name} SYSTEM PUBLIC ${out})
  target_link_libraries(${name} PUBLIC feb_antlr)
endfunction()

# Thrift 0.17 (no CMake config shipped: pkg-config).
pkg_check_modules(THRIFT REQUIRED IMPORTED_TARGET thrift>=0.17)
pkg_check_modules(THRIFT_NB REQUIRED IMPORTED_TARGET thrift-nb)
pkg_check_modules(LIBEVENT REQUIRED IMPORTED_TARGET libevent)
find_package(Boost REQUIRED)
find_program(THRIFT_COMPILER thrift REQUIRED)

find_package(gflags REQUIRED)
find_package(glog 0.6 REQUIRED)
find_package(GTest REQUIRED)
include(GoogleTest)
find_package(OpenSSL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CURL REQUIRED)
if(FEB_BENCH)
  find_package(benchmark REQUIRED)
endif()

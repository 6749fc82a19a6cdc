# One INTERFACE target carries the compiler policy every project target links.
add_library(prunescope_options INTERFACE)
target_compile_features(prunescope_options INTERFACE cxx_std_20)
target_compile_definitions(prunescope_options INTERFACE QT_NO_KEYWORDS)
target_include_directories(prunescope_options INTERFACE ${PROJECT_SOURCE_DIR})
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(prunescope_options INTERFACE -Wall -Wextra -Wno-unused-parameter)
    # Debian's hardening for packaged programs: checked libc calls where sizes are known.
    # (Not with the sanitisers, which replace those checks and do not combine with them.)
    if(NOT PRUNESCOPE_SANITIZE AND NOT PRUNESCOPE_FUZZ)
        target_compile_definitions(prunescope_options INTERFACE
            $<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:_FORTIFY_SOURCE=2>)
    endif()
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 reports impossible sizes for inlined std::string concatenation (GCC bug 105329).
    target_compile_options(prunescope_options INTERFACE -Wno-restrict -Wno-stringop-overflow -Wno-array-bounds
        -Wno-maybe-uninitialized)
endif()

# Sanitisers apply to every project target through the policy target, so engine, storage, ui and
# the tests are all instrumented (LibTorch, Qt and the other system libraries are not).
if(PRUNESCOPE_SANITIZE)
    target_compile_options(prunescope_options INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(prunescope_options INTERFACE -fsanitize=address,undefined)
endif()
# The fuzz build (clang only): the engine is instrumented for coverage; fuzz/ links the driver.
if(PRUNESCOPE_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "PRUNESCOPE_FUZZ needs clang: -DCMAKE_CXX_COMPILER=clang++-14")
    endif()
    target_compile_options(prunescope_options INTERFACE
        -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
        -fno-sanitize-recover=undefined)
    target_link_options(prunescope_options INTERFACE -fsanitize=address,undefined)
endif()

# Kept for the test targets' calls; the policy target above does the work.
function(prunescope_sanitize target)
endfunction()

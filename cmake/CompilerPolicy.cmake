# One INTERFACE target carries the compiler policy every project target links.
add_library(prunescope_options INTERFACE)
target_compile_features(prunescope_options INTERFACE cxx_std_20)
target_compile_definitions(prunescope_options INTERFACE QT_NO_KEYWORDS)
target_include_directories(prunescope_options INTERFACE ${PROJECT_SOURCE_DIR})
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(prunescope_options INTERFACE -Wall -Wextra -Wno-unused-parameter)
    # Debian's hardening for packaged programs: checked libc calls where sizes are known.
    target_compile_definitions(prunescope_options INTERFACE
        $<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:_FORTIFY_SOURCE=2>)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 reports impossible sizes for inlined std::string concatenation (GCC bug 105329).
    target_compile_options(prunescope_options INTERFACE -Wno-restrict -Wno-stringop-overflow -Wno-array-bounds
        -Wno-maybe-uninitialized)
endif()

# Applied to test targets only (spdlog's way), for one CI configuration once the suite is fast.
function(prunescope_sanitize target)
    if(PRUNESCOPE_SANITIZE)
        target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
        target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    endif()
endfunction()

# Header-only stand-ins for the Debian packages nlohmann-json, spdlog (with its external fmt) and
# zlib's headers, for building the engine where only LibTorch is installed.
if(NOT PRUNESCOPE_ENGINE_ONLY)
    message(FATAL_ERROR "PRUNESCOPE_HEADER_DEPS is for -DPRUNESCOPE_ENGINE_ONLY=ON builds")
endif()
foreach(header nlohmann/json.hpp spdlog/spdlog.h fmt/format.h)
    if(NOT EXISTS "${PRUNESCOPE_HEADER_DEPS}/${header}")
        message(FATAL_ERROR "${PRUNESCOPE_HEADER_DEPS}/${header} is missing: run bench/gpu/prepare-deps.sh")
    endif()
endforeach()
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
set_target_properties(nlohmann_json::nlohmann_json PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${PRUNESCOPE_HEADER_DEPS}")
add_library(spdlog::spdlog INTERFACE IMPORTED)
set_target_properties(spdlog::spdlog PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${PRUNESCOPE_HEADER_DEPS}"
    INTERFACE_COMPILE_DEFINITIONS "SPDLOG_HEADER_ONLY;SPDLOG_FMT_EXTERNAL;FMT_HEADER_ONLY")
find_package(ZLIB QUIET)
if(NOT ZLIB_FOUND)
    find_library(PRUNESCOPE_LIBZ NAMES z libz.so.1 REQUIRED)
    add_library(ZLIB::ZLIB INTERFACE IMPORTED)
    set_target_properties(ZLIB::ZLIB PROPERTIES
        INTERFACE_INCLUDE_DIRECTORIES "${PRUNESCOPE_HEADER_DEPS}"
        INTERFACE_LINK_LIBRARIES "${PRUNESCOPE_LIBZ}")
endif()

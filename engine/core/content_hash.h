#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace engine {

/// FNV-1a, the one content hash of the engine (dataset fingerprints, imported files, decoded-image
/// cache keys, exact-duplicate checks): fast, stable across platforms and builds.
inline constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;

/// Continues the hash over size bytes (start from kFnvOffset).
inline uint64_t fnv1a(const void *data, size_t size, uint64_t hash = kFnvOffset)
{
    const auto *p = static_cast<const unsigned char *>(data);
    for (size_t i = 0; i < size; ++i)
        hash = (hash ^ p[i]) * 0x100000001b3ULL;
    return hash;
}

inline uint64_t fnv1a(std::string_view text, uint64_t hash = kFnvOffset)
{
    return fnv1a(text.data(), text.size(), hash);
}

/// 16 lower-case hex digits.
inline std::string hex64(uint64_t value)
{
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

} // namespace engine

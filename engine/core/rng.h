#pragma once

#include <cstdint>

namespace engine {

/// Seeded, platform-independent random numbers (the standard distributions differ between
/// library implementations, which would change subsets between builds).
class SplitMix64
{
public:
    explicit SplitMix64(uint64_t seed)
        : m_state(seed)
    { }
    uint64_t next();
    /// Uniform in [0, bound) without modulo bias.
    uint64_t below(uint64_t bound);

private:
    uint64_t m_state;
};

} // namespace engine

#include "engine/core/rng.h"

#include <climits>
#include <cstdint>

namespace engine {

uint64_t SplitMix64::next()
{
    uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t SplitMix64::below(uint64_t bound)
{
    const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    uint64_t x = next();
    while (x >= limit)
        x = next();
    return x % bound;
}

} // namespace engine

#pragma once

#include <cstdint>

namespace engine {

/// Input geometry a model is built for.
struct InputShape
{
    int64_t channels = 1;
    int64_t height = 28;
    int64_t width = 28;
};

} // namespace engine

// Experiment specs as users write them: parsed, and when valid written back as canonical JSON,
// which must parse to the same spec.
#include "engine/experiment/spec.h"
#include "engine/experiment/spec_json.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto parsed = engine::parseSpec(text);
    if (!parsed.problems.empty())
        return 0;
    const std::string canonical = engine::specToJson(parsed.spec);
    const auto again = engine::parseSpec(canonical);
    if (!again.problems.empty() || engine::specToJson(again.spec) != canonical)
        __builtin_trap();
    return 0;
}

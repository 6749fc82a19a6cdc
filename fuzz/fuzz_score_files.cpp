// Score and kept-subset files a user imports: CSV and .npy (versions 1 to 3, several dtypes and
// record layouts). The first byte picks the format, the rest is the file.
#include "fuzz/fuzz_support.h"

#include "engine/core/errors.h"
#include "engine/prune/score_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const bool npy = data[0] & 1;
    const auto file = fuzz::inputFile(npy ? "scores.npy" : "scores.csv", data + 1, size - 1);
    constexpr int64_t n = 16;
    try {
        const auto scores = engine::readScoreFile(file, n, "");
        if (int64_t(scores.size()) != n)
            __builtin_trap();
    } catch (const engine::DataError &) { }
    try {
        for (const int64_t i : engine::readSubsetFile(file, n, ""))
            if (i < 0 || i >= n)
                __builtin_trap();
    } catch (const engine::DataError &) { }
    return 0;
}

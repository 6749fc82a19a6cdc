// SVHN format-2 .mat files (MATLAB v5/v7, read through matio).
#include "fuzz/fuzz_support.h"

#include "engine/core/errors.h"
#include "engine/data/formats/svhn_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto file = fuzz::inputFile("train_32x32.mat", data, size);
    try {
        const auto arrays = engine::readSvhnArrays(file);
        if (int64_t(arrays.labels.size()) != arrays.count || !arrays.pixels)
            __builtin_trap();
        // Touch the last pixel: the buffer must hold 32·32·3·count bytes.
        volatile uint8_t last = arrays.pixels.get()[arrays.count * 3072 - 1];
        (void)last;
    } catch (const engine::DataError &) { }
    return 0;
}

// SVHN format-2 .mat files (MATLAB v5/v7, read through matio).
#include "engine/core/errors.h"
#include "engine/data/formats/svhn_reader.h"
#include "fuzz/fuzz_support.h"

#include <torch/torch.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto file = fuzz::inputFile("train_32x32.mat", data, size);
    try {
        const auto split = engine::readSvhnMat(file);
        if (split.labels.size(0) != split.images.size(0))
            __builtin_trap();
    } catch (const engine::DataError &) {
    }
    return 0;
}

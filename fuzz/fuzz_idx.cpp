// IDX image and label files, plain or gzip (the reader tells them apart by content).
#include "engine/core/errors.h"
#include "engine/data/formats/idx_reader.h"
#include "fuzz/fuzz_support.h"

#include <torch/torch.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto file = fuzz::inputFile("input-idx3-ubyte", data, size);
    try {
        const auto images = engine::readIdxImages(file);
        if (images.dim() != 4 || images.size(1) != 1)
            __builtin_trap();
    } catch (const engine::DataError &) {
    }
    try {
        const auto labels = engine::readIdxLabels(file, 10);
        if (labels.numel() > 0 && (labels.max().item<int64_t>() >= 10))
            __builtin_trap();
    } catch (const engine::DataError &) {
    }
    return 0;
}

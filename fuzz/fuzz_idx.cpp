// IDX image and label files, plain or gzip (the reader tells them apart by content).
#include "fuzz/fuzz_support.h"

#include "engine/core/errors.h"
#include "engine/data/formats/idx_format.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto file = fuzz::inputFile("input-idx3-ubyte", data, size);
    std::vector<uint8_t> pixels;
    try {
        const auto shape = engine::readIdxImageFile(file, [&](const engine::IdxImageShape &s) {
            pixels.resize(s.count * s.height * s.width);
            return pixels.data();
        });
        if (pixels.size() != shape.count * shape.height * shape.width)
            __builtin_trap();
    } catch (const engine::DataError &) { }
    std::vector<int64_t> labels;
    try {
        engine::readIdxLabelFile(file, 10, [&](uint64_t count) {
            labels.resize(count);
            return labels.data();
        });
        for (int64_t label : labels)
            if (label < 0 || label >= 10)
                __builtin_trap();
    } catch (const engine::DataError &) { }
    return 0;
}

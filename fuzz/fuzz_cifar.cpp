// CIFAR-10 and CIFAR-100 binary batches (one record = label byte(s) + 3072 pixels).
#include "engine/core/errors.h"
#include "engine/data/formats/cifar_format.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::vector<uint8_t> bytes(data, data + size);
    for (const engine::CifarRecordLayout layout :
         { engine::CifarRecordLayout { 1, 0, 10 }, engine::CifarRecordLayout { 2, 1, 100 } }) {
        try {
            const int64_t n = engine::cifarRecordCount("input.bin", bytes, layout);
            std::vector<int64_t> labels(size_t(n), -1);
            std::vector<uint8_t> pixels(size_t(n * engine::kCifarPixels));
            engine::decodeCifarRecords("input.bin", bytes, layout, labels.data(), pixels.data());
            for (int64_t label : labels)
                if (label < 0 || label >= layout.numClasses)
                    __builtin_trap();
        } catch (const engine::DataError &) { }
    }
    return 0;
}

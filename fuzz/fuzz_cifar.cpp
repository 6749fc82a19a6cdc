// CIFAR-10 and CIFAR-100 binary batches (one record = label byte(s) + 3072 pixels).
#include "engine/core/errors.h"
#include "engine/data/formats/cifar_reader.h"
#include "fuzz/fuzz_support.h"

#include <torch/torch.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto file = fuzz::inputFile("data_batch_1.bin", data, size);
    for (const engine::CifarRecordLayout layout :
         { engine::CifarRecordLayout { 1, 0, 10 }, engine::CifarRecordLayout { 2, 1, 100 } }) {
        try {
            const auto split = engine::readCifarRecords({ file }, layout);
            if (split.labels.size(0) != split.images.size(0))
                __builtin_trap();
        } catch (const engine::DataError &) {
        }
    }
    return 0;
}

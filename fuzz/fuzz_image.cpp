// JPEG and PNG decoding, at full size and at a reduced DCT scale, to RGB and grey.
#include "engine/core/errors.h"
#include "engine/data/formats/image_decode.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::vector<uint8_t> bytes(data, data + size);
    for (const auto &[channels, minSide] : { std::pair { 3, 0 }, std::pair { 1, 32 } }) {
        try {
            const auto image = engine::decodeImageBytes("input", bytes, channels, minSide);
            if (image.pixels.size() != size_t(image.width) * image.height * channels)
                __builtin_trap();
            if (image.width >= 8 && image.height >= 8)
                engine::resizeCenterCrop(image, 8);
        } catch (const engine::DataError &) { }
    }
    return 0;
}

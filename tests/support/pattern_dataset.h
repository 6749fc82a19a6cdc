#pragma once
// For the suites that link the engine: the learnable 10-class pattern images of fixtures.h as an
// engine::Dataset in memory.

#include "engine/data/dataset.h"
#include "tests/support/fixtures.h"

#include <torch/torch.h>

namespace fixtures {

inline engine::Dataset tinyDataset(int64_t trainN, int64_t testN)
{
    auto split = [](const Images &im) {
        engine::DatasetSplit s;
        s.images = torch::from_blob(const_cast<uint8_t *>(im.pixels.data()),
                                    { im.n, 1, im.height, im.width }, torch::kUInt8)
                       .clone();
        s.labels
            = torch::from_blob(const_cast<uint8_t *>(im.labels.data()), { im.n }, torch::kUInt8)
                  .to(torch::kInt64);
        return s;
    };
    engine::Dataset d;
    d.info.classNames = std::vector<std::string>(10, "c");
    d.train = split(patternImages(trainN, 10, 1, 28, 28, 11));
    d.test = split(patternImages(testN, 10, 1, 28, 28, 12));
    engine::summarise(d);
    return d;
}

} // namespace fixtures

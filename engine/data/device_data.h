#pragma once

#include "engine/data/dataset.h"
#include "engine/data/input_shape.h"
#include "engine/data/validation_split.h"

#include <algorithm>
#include <functional>
#include <torch/types.h>
#include <vector>

namespace engine {

/// Per-channel standardisation by the full training set's mean and std, applied on the device
/// as one fused multiply-add: x = u8·scale + shift.
struct Normalizer
{
    torch::Tensor scale; ///< 1×C×1×1 float: 1 / (255·std)
    torch::Tensor shift; ///< 1×C×1×1 float: −mean / std

    static Normalizer fromImages(const torch::Tensor &imagesU8, torch::Device device);
    torch::Tensor apply(const torch::Tensor &imagesU8) const;
};

/// A dataset moved to the training device once, as uint8 images and int64 labels.
struct DeviceData
{
    torch::Device device { torch::kCPU };
    torch::Tensor trainImages;
    torch::Tensor trainLabels;
    torch::Tensor testImages;
    torch::Tensor testLabels;
    torch::Tensor validationImages; ///< undefined when no validation split was held out
    torch::Tensor validationLabels;
    /// Training index → index in the dataset as read; empty when nothing was held out.
    std::vector<int64_t> trainOrigin;
    int64_t originalTrainSize = 0;
    Normalizer normalizer;
    InputShape shape;
    int64_t numClasses = 0;
    /// Set when the training images are a memory-mapped file on the CPU: asks the kernel to read
    /// the given rows ahead (the next batch) while the current step computes.
    std::function<void(const torch::Tensor &indices)> prefetch;

    static DeviceData upload(const Dataset &dataset, torch::Device device);
    int64_t trainSize() const { return trainLabels.size(0); }
    TrainIndexMap indexMap() const
    {
        return { trainOrigin, std::max(originalTrainSize, trainSize()) };
    }
    int64_t validationSize() const
    {
        return validationLabels.defined() ? validationLabels.size(0) : 0;
    }
};

} // namespace engine

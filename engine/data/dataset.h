#pragma once

#include "engine/data/dataset_info.h"

#include <memory>
#include <torch/types.h>
#include <vector>

namespace engine {

/// One split held in memory: images uint8 N×C×H×W, labels int64 N.
struct DatasetSplit
{
    torch::Tensor images;
    torch::Tensor labels;
    /// The images are a memory-mapped cache file: pages come from disk as they are touched.
    bool fileBacked = false;
    /// Image folders: √(width · height) of each file before resizing (the odd-size flag);
    /// empty for the fixed-shape formats.
    std::vector<int> originalSide = {};

    int64_t size() const { return labels.defined() ? labels.size(0) : 0; }
};

struct Dataset
{
    DatasetInfo info;
    DatasetSplit train; ///< what training, pruning and scores see: without the validation split
    DatasetSplit test;
    DatasetSplit validation; ///< held out of the training split (empty when none is)
    /// Training index → index in the dataset as read; empty when nothing was held out.
    std::vector<int64_t> trainOrigin = {};

    int64_t originalIndex(int64_t i) const
    {
        return trainOrigin.empty() ? i : trainOrigin[static_cast<size_t>(i)];
    }

    int64_t numClasses() const { return static_cast<int64_t>(info.classNames.size()); }
};

/// Fills the counts and fingerprint of info from the tensors (used by every reader).
void summarise(Dataset &dataset);

} // namespace engine

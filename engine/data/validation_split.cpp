#include "engine/data/validation_split.h"

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/data/dataset.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <torch/torch.h>

namespace engine {

int64_t validationCountFor(std::optional<double> setting, int64_t trainSize)
{
    if (!setting)
        return std::min<int64_t>(kDefaultValidationCap,
                                 std::llround(kDefaultValidationShare * double(trainSize)));
    if (*setting > 0 && *setting < 1)
        return std::llround(*setting * double(trainSize));
    return static_cast<int64_t>(*setting);
}

std::vector<int64_t> stratifiedValidationIndices(const std::vector<int64_t> &labels,
                                                 int64_t numClasses, int64_t count, uint64_t seed)
{
    const auto n = static_cast<int64_t>(labels.size());
    std::vector<std::vector<int64_t>> members(static_cast<size_t>(numClasses));
    for (int64_t i = 0; i < n; ++i)
        members[size_t(labels[size_t(i)])].push_back(i);
    // Hamilton's method: each class its floor of count·n_c/n, the rest to the largest remainders
    // (ties to the lower class), never a class's last image.
    std::vector<int64_t> quota(size_t(numClasses), 0);
    std::vector<std::pair<double, int64_t>> remainders;
    int64_t given = 0;
    for (int64_t c = 0; c < numClasses; ++c) {
        const auto size = static_cast<int64_t>(members[size_t(c)].size());
        const double exact = double(count) * double(size) / double(std::max<int64_t>(n, 1));
        quota[size_t(c)] = std::min<int64_t>(static_cast<int64_t>(std::floor(exact)),
                                             std::max<int64_t>(size - 1, 0));
        given += quota[size_t(c)];
        remainders.emplace_back(exact - std::floor(exact), c);
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    while (given < count) {
        bool placed = false;
        for (const auto &[rest, c] : remainders) {
            if (given == count)
                break;
            if (quota[size_t(c)] + 1 < static_cast<int64_t>(members[size_t(c)].size())) {
                ++quota[size_t(c)];
                ++given;
                placed = true;
            }
        }
        if (!placed)
            throw ConfigError("holding out " + std::to_string(count) + " validation image"
                              + (count == 1 ? "" : "s")
                              + " would leave a class without training images; hold out fewer");
    }
    SplitMix64 rng(seed);
    std::vector<int64_t> picked;
    picked.reserve(size_t(count));
    for (int64_t c = 0; c < numClasses; ++c) {
        auto &m = members[size_t(c)];
        // A partial Fisher–Yates shuffle: the first quota entries are a uniform draw.
        for (int64_t k = 0; k < quota[size_t(c)]; ++k) {
            const auto j = k + static_cast<int64_t>(rng.below(uint64_t(m.size()) - uint64_t(k)));
            std::swap(m[size_t(k)], m[size_t(j)]);
            picked.push_back(m[size_t(k)]);
        }
    }
    std::sort(picked.begin(), picked.end());
    return picked;
}

std::shared_ptr<const Dataset> holdOutValidation(const std::shared_ptr<const Dataset> &data,
                                                 int64_t count, int64_t seed)
{
    if (count <= 0)
        return data;
    const int64_t n = data->train.size();
    if (count >= n)
        throw ConfigError(std::to_string(count) + " validation images from a training split of "
                          + std::to_string(n) + "; hold out fewer (a count below "
                          + std::to_string(n) + " or a share below 1)");
    // A memory-mapped image cache (large image folders) would be copied into memory.
    constexpr int64_t kMaxCopiedBytes = int64_t(4) << 30;
    if (data->train.fileBacked && data->train.images.nbytes() > kMaxCopiedBytes)
        throw ConfigError("holding out validation images copies the training "
                          "images of '"
                          + data->info.path.string() + "' ("
                          + std::to_string(data->train.images.nbytes() >> 30)
                          + " GiB, memory-mapped from the image cache) into memory; set "
                            "dataset.validation to 0 (every \"best\" is then chosen on the test "
                            "split and labelled so) or use a smaller image size");
    const auto labelsTensor = data->train.labels.contiguous();
    const std::vector<int64_t> labels(labelsTensor.data_ptr<int64_t>(),
                                      labelsTensor.data_ptr<int64_t>() + n);
    const std::vector<int64_t> held = stratifiedValidationIndices(
        labels, data->numClasses(), count, static_cast<uint64_t>(seed) ^ 0x7a11da7eULL);
    std::vector<bool> isHeld(size_t(n), false);
    for (int64_t i : held)
        isHeld[size_t(i)] = true;

    auto split = std::make_shared<Dataset>();
    split->info = data->info;
    split->test = data->test;
    split->trainOrigin.reserve(size_t(n - count));
    for (int64_t i = 0; i < n; ++i)
        if (!isHeld[size_t(i)])
            split->trainOrigin.push_back(data->originalIndex(i));
    std::vector<int64_t> pool(size_t(n - count));
    for (int64_t i = 0, k = 0; i < n; ++i)
        if (!isHeld[size_t(i)])
            pool[size_t(k++)] = i;
    const auto take = [&](const std::vector<int64_t> &rows) {
        const auto index = torch::tensor(rows, torch::kInt64);
        DatasetSplit s;
        s.images = data->train.images.index_select(0, index);
        s.labels = data->train.labels.index_select(0, index);
        if (!data->train.originalSide.empty())
            for (int64_t r : rows)
                s.originalSide.push_back(data->train.originalSide[size_t(r)]);
        return s;
    };
    split->train = take(pool);
    split->validation = take(held);
    auto counts = torch::bincount(split->train.labels, {}, data->numClasses());
    split->info.trainCounts.assign(counts.data_ptr<int64_t>(),
                                   counts.data_ptr<int64_t>() + data->numClasses());
    split->info.validationCount = count;
    split->info.validationSeed = seed;
    return split;
}

TrainIndexMap TrainIndexMap::of(const Dataset &data)
{
    return { data.trainOrigin, data.train.size() + data.validation.size() };
}

std::vector<int64_t> TrainIndexMap::toOriginal(const std::vector<int64_t> &trainIndices) const
{
    if (identity())
        return trainIndices;
    std::vector<int64_t> out;
    out.reserve(trainIndices.size());
    for (int64_t i : trainIndices)
        out.push_back(origin[size_t(i)]);
    return out;
}

std::vector<int64_t> TrainIndexMap::toTraining(const std::vector<int64_t> &originalIndices,
                                               const std::string &source) const
{
    if (identity())
        return originalIndices;
    std::vector<int64_t> position(size_t(originalSize), -1);
    for (size_t k = 0; k < origin.size(); ++k)
        position[size_t(origin[k])] = static_cast<int64_t>(k);
    std::vector<int64_t> out;
    out.reserve(originalIndices.size());
    int64_t held = 0, first = -1;
    for (int64_t i : originalIndices) {
        if (position[size_t(i)] < 0) {
            if (held++ == 0)
                first = i;
            continue;
        }
        out.push_back(position[size_t(i)]);
    }
    if (held > 0)
        throw DataError(source + ": " + std::to_string(held) + " of its indices (the first "
                        + std::to_string(first)
                        + ") are in the validation split, which no run trains on; set "
                          "dataset.validation to 0 or use another validation_seed");
    return out;
}

std::vector<double> TrainIndexMap::toTraining(const std::vector<double> &originalValues) const
{
    if (identity())
        return originalValues;
    std::vector<double> out;
    out.reserve(origin.size());
    for (int64_t i : origin)
        out.push_back(originalValues[size_t(i)]);
    return out;
}

std::vector<double> TrainIndexMap::toOriginal(const std::vector<double> &trainValues) const
{
    if (identity())
        return trainValues;
    std::vector<double> out(size_t(originalSize), NAN);
    for (size_t k = 0; k < origin.size(); ++k)
        out[size_t(origin[k])] = trainValues[k];
    return out;
}

} // namespace engine

#include "engine/quality/injected_dataset.h"

#include "engine/core/content_hash.h"
#include "engine/core/errors.h"
#include "engine/core/number_list.h"
#include "engine/core/rng.h"
#include "engine/data/dataset.h"

#include <cmath>
#include <stdexcept>
#include <torch/torch.h>

namespace engine {

namespace {

std::string percent(double share)
{
    return formatNumber(100 * share) + " %";
}

} // namespace

std::vector<bool> InjectionTruth::corrupted(const std::vector<Corruption> &kinds,
                                            bool withSources) const
{
    const int64_t n = corruption.size(0);
    std::vector<bool> truth(size_t(n), false);
    const auto *kind = corruption.data_ptr<int64_t>();
    const auto *from = source.data_ptr<int64_t>();
    for (int64_t i = 0; i < n; ++i)
        for (auto c : kinds)
            if (kind[i] == int64_t(c)) {
                truth[size_t(i)] = true;
                if (withSources && from[i] >= 0)
                    truth[size_t(from[i])] = true;
            }
    return truth;
}

std::vector<bool> InjectionTruth::flipped() const
{
    const auto f = labelFlipped.contiguous();
    return std::vector<bool>(f.data_ptr<bool>(), f.data_ptr<bool>() + f.numel());
}

std::string describeInjection(const InjectionSpec &spec, int64_t trainSize)
{
    std::string text;
    if (spec.labelNoise > 0)
        text = percent(spec.labelNoise)
            + (spec.labelMode == LabelNoise::Symmetric ? " symmetric" : " class-pair")
            + " label noise (" + groupThousands(std::llround(spec.labelNoise * double(trainSize)))
            + " labels)";
    if (spec.corruptEach > 0) {
        const auto kinds = spec.kinds();
        std::string names;
        for (auto c : kinds)
            names += (names.empty() ? "" : ", ") + std::string(corruptionName(c));
        if (!text.empty())
            text += "; ";
        text += percent(spec.corruptEach) + " each of " + names + " ("
            + groupThousands(std::llround(spec.corruptEach * double(trainSize))
                             * int64_t(kinds.size()))
            + " images)";
    }
    return text + ", seed " + std::to_string(spec.seed);
}

InjectedDataset injectIntoDataset(const std::shared_ptr<const Dataset> &clean,
                                  const InjectionSpec &spec)
{
    if (!spec.any())
        return { clean, {} };
    auto data = std::make_shared<Dataset>(*clean);
    const int64_t n = clean->train.size();
    InjectionTruth truth;
    truth.originalLabels = clean->train.labels.clone();
    const uint64_t seed = static_cast<uint64_t>(spec.seed);
    try {
        if (spec.corruptEach > 0) {
            auto c = injectCorruptions(clean->train.images, spec.kinds(), spec.corruptEach, seed);
            data->train.images = c.images;
            data->train.fileBacked = false;
            truth.corruption = c.kind;
            truth.source = c.source;
        } else {
            truth.corruption = torch::full({ n }, int64_t(-1), torch::kInt64);
            truth.source = truth.corruption.clone();
        }
        if (spec.labelNoise > 0) {
            // A seed of its own, so changing the corruptions does not move the flipped labels.
            auto l = injectLabelNoise(clean->train.labels, clean->numClasses(), spec.labelNoise,
                                      spec.labelMode, SplitMix64(seed ^ 0x1abe1ULL).next());
            data->train.labels = l.labels;
            truth.labelFlipped = l.flipped;
        } else {
            truth.labelFlipped = torch::zeros({ n }, torch::kBool);
        }
    } catch (const std::invalid_argument &e) {
        throw ConfigError(std::string("dataset.inject: ") + e.what());
    }
    summarise(*data);
    const std::string what = describeInjection(spec, n);
    data->info.loadNote
        += (data->info.loadNote.empty() ? "" : "; ") + std::string("injected ") + what;
    return { data, truth };
}

} // namespace engine

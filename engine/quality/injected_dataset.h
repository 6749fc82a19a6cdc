#pragma once

#include "engine/quality/injection.h"
#include "engine/quality/injection_settings.h"

#include <cstdint>
#include <memory>
#include <string>
#include <torch/types.h>
#include <vector>

namespace engine {

struct Dataset;

/// What was injected, per training sample: the truth the flags are measured against.
struct InjectionTruth
{
    torch::Tensor originalLabels; ///< int64 N
    torch::Tensor labelFlipped; ///< bool N
    torch::Tensor corruption; ///< int64 N: Corruption, −1 untouched
    torch::Tensor source; ///< int64 N: the original a copy was made from, −1 otherwise

    bool defined() const { return labelFlipped.defined(); }
    /// A copy's original also counts as a duplicate (both carry the flag).
    std::vector<bool> corrupted(const std::vector<Corruption> &kinds, bool withSources) const;
    std::vector<bool> flipped() const;
};

struct InjectedDataset
{
    std::shared_ptr<const Dataset> data;
    InjectionTruth truth;
};

/// The dataset with the injection applied to a copy of its training split: corruptions first
/// (drawn from the seed), then label noise (from a seed derived from it). The fingerprint becomes
/// that of the data as injected, so teachers, scores and runs of a noisy variant are kept apart
/// from the clean data's; loadNote says what was injected. Throws ConfigError when the rates
/// need more samples than there are.
InjectedDataset injectIntoDataset(const std::shared_ptr<const Dataset> &clean,
                                  const InjectionSpec &spec);

/// "10 % symmetric label noise (6,000 labels); 2 % each of darken, ... (8,400 images)".
std::string describeInjection(const InjectionSpec &spec, int64_t trainSize);

} // namespace engine

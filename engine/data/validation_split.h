#pragma once

// The validation split: images held out of the training split before anything (teacher, scores,
// pruning, students) sees it, so that every choice made on it is reported on an untouched test
// split.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace engine {

struct Dataset;

/// Validation images held out when the spec does not say: 10 % of the training split, at most
/// 5,000 (5,000 for Fashion-MNIST, MNIST, CIFAR-10/100 and SVHN).
inline constexpr int64_t kDefaultValidationCap = 5000;
inline constexpr double kDefaultValidationShare = 0.1;

/// The count a setting asks for from a training split of trainSize images: unset = the default;
/// a value in (0, 1) = that share, rounded; 0 or a whole number ≥ 1 = that count.
int64_t validationCountFor(std::optional<double> setting, int64_t trainSize);

/// count training indices, class-stratified (each class gives its share of count, largest
/// remainders first, and keeps at least one image for training), drawn from seed; ascending.
std::vector<int64_t> stratifiedValidationIndices(const std::vector<int64_t> &labels,
                                                 int64_t numClasses, int64_t count, uint64_t seed);

/// The dataset with count training images moved into its validation split: the training split
/// keeps the others in their order, trainOrigin maps them to their original indices, and the info
/// records the split (count, seed, the training counts that remain). The fingerprint stays that of
/// the whole data, so flags and kept subsets (stored by original index) still match it. count 0
/// returns the dataset itself. Throws ConfigError (the message
/// without the field) when count cannot be held out.
std::shared_ptr<const Dataset> holdOutValidation(const std::shared_ptr<const Dataset> &data,
                                                 int64_t count, int64_t seed);

/// Between the training split an experiment trains on and the dataset as read (whose indices
/// subset files, score files, flags and stored kept subsets use).
struct TrainIndexMap
{
    std::vector<int64_t> origin; ///< training index → original index; empty = the same
    int64_t originalSize = 0;

    static TrainIndexMap of(const Dataset &data);
    bool identity() const { return origin.empty(); }
    std::vector<int64_t> toOriginal(const std::vector<int64_t> &trainIndices) const;
    /// Original indices → training indices; throws DataError naming source when one of them is
    /// in the validation split.
    std::vector<int64_t> toTraining(const std::vector<int64_t> &originalIndices,
                                    const std::string &source) const;
    /// Per-sample values over the dataset as read → over the training split.
    std::vector<double> toTraining(const std::vector<double> &originalValues) const;
    /// Per-sample values over the training split → over the dataset as read, NaN for the
    /// validation split (how scores are stored and exported).
    std::vector<double> toOriginal(const std::vector<double> &trainValues) const;
};

} // namespace engine

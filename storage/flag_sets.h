#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace storage {

class Store;

/// A computation of the sample flags kept in the workspace, so the Samples tab can list and
/// reopen it without the form holding the same spec: the spec it read (dataset, injection,
/// teacher), the out-of-sample settings, and what it was computed for in words. Reopening reads
/// the cached out-of-sample probabilities: nothing is trained again.
struct FlagSet
{
    int64_t id = 0;
    std::string specJson;
    std::string description; ///< "Fashion-MNIST · 10 % symmetric label noise"
    std::string fingerprint; ///< of the training data the flags were computed on
    int folds = 0, epochs = 0, repeats = 0;
    std::string createdAt;
};

/// Records (or refreshes: same spec and settings) a computed flag set; kept in the scores table
/// under the method "flag_set" with the three settings as its values.
void recordFlagSet(Store &store, const FlagSet &set);
/// Every recorded flag set, newest first; rows that cannot be read are skipped.
std::vector<FlagSet> flagSets(const Store &store);

} // namespace storage

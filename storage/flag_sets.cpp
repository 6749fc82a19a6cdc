#include "storage/flag_sets.h"

#include "storage/run_row.h"
#include "storage/sha256.h"
#include "storage/store.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace storage {

namespace {
constexpr const char *kMethod = "flag_set";
}

void recordFlagSet(Store &store, const FlagSet &set)
{
    // The spec is normalised so that the same form recorded twice is one set.
    const nlohmann::json identity { { "flag_set", nlohmann::json::parse(set.specJson) },
                                    { "folds", set.folds },
                                    { "epochs", set.epochs },
                                    { "repeats", set.repeats } };
    ScoreRow row;
    row.identityJson = identity.dump();
    row.key = sha256Hex(row.identityJson);
    row.method = kMethod;
    row.dataset = set.description;
    row.fingerprint = set.fingerprint;
    row.higherIsHarder = false;
    store.saveScores(row, { double(set.folds), double(set.epochs), double(set.repeats) });
}

std::vector<FlagSet> flagSets(const Store &store)
{
    std::vector<FlagSet> sets;
    for (const ScoreRow &row : store.scoreRows(kMethod)) {
        const auto identity = nlohmann::json::parse(row.identityJson, nullptr, false);
        if (!identity.is_object() || !identity.contains("flag_set")
            || !identity["folds"].is_number_integer() || !identity["epochs"].is_number_integer()
            || !identity["repeats"].is_number_integer())
            continue;
        FlagSet set;
        set.id = row.id;
        set.specJson = identity["flag_set"].dump();
        set.description = row.dataset;
        set.fingerprint = row.fingerprint;
        set.folds = identity["folds"].get<int>();
        set.epochs = identity["epochs"].get<int>();
        set.repeats = identity["repeats"].get<int>();
        set.createdAt = row.createdAt;
        sets.push_back(std::move(set));
    }
    std::stable_sort(sets.begin(), sets.end(),
                     [](const FlagSet &a, const FlagSet &b) { return a.createdAt > b.createdAt; });
    return sets;
}

} // namespace storage

#include "storage/results.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <tuple>

namespace storage {

namespace {

/// The run's stored config without what never tells settings apart (paths, device, seed), then
/// without the pruning method, or without the teacher: the keys of the groups that differ only in
/// those (GroupSummary::methodFreeKey, teacherFreeKey). Empty when the config cannot be read.
std::pair<std::string, std::string> comparisonKeys(const std::string &configJson)
{
    auto j = nlohmann::json::parse(configJson, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("pruning"))
        return {};
    j.erase("seed");
    j.erase("device");
    if (j.contains("dataset") && j["dataset"].is_object()) {
        j["dataset"].erase("path");
        j["dataset"].erase("name");
    }
    if (j.contains("distillation") && j["distillation"].value("alpha", 0.0) == 0.0)
        j["distillation"] = { { "alpha", 0.0 } }; // τ does nothing at α = 0
    auto methodFree = j;
    for (const char *k : { "method", "settings", "definition", "direction", "strata", "score" })
        methodFree["pruning"].erase(k);
    j.erase("teacher");
    if (j["pruning"].contains("score") && j["pruning"]["score"].is_object())
        j["pruning"]["score"].erase("teacher");
    return { methodFree.dump(), j.dump() };
}

} // namespace

MeanStd meanStd(const std::vector<double> &values)
{
    MeanStd s;
    s.n = static_cast<int64_t>(values.size());
    if (values.empty()) {
        s.mean = s.std = NAN;
        return s;
    }
    s.mean = std::accumulate(values.begin(), values.end(), 0.0) / double(s.n);
    if (s.n < 2) {
        s.std = NAN;
        return s;
    }
    double squares = 0;
    for (double v : values)
        squares += (v - s.mean) * (v - s.mean);
    s.std = std::sqrt(squares / double(s.n - 1));
    return s;
}

std::vector<GroupSummary> summariseGroups(const std::vector<RunRow> &runs)
{
    std::map<GroupKey, std::vector<const RunRow *>> groups;
    for (const RunRow &r : runs) {
        if (r.status != RunStatus::Done || !r.testAccuracy)
            continue;
        GroupKey key { r.dataset,      r.studentModel,
                       r.method,       r.classBalanced,
                       r.fraction,     r.alpha,
                       r.teacherModel, r.alpha > 0 ? r.tau.value_or(0) : 0.0,
                       r.groupKey };
        groups[key].push_back(&r);
    }
    std::vector<GroupSummary> result;
    for (auto &[key, members] : groups) {
        std::sort(members.begin(), members.end(),
                  [](const RunRow *a, const RunRow *b) { return a->seed < b->seed; });
        GroupSummary g;
        g.key = key;
        g.curveKey = members.front()->curveKey;
        g.baseKey = members.front()->baseKey;
        std::tie(g.methodFreeKey, g.teacherFreeKey) = comparisonKeys(members.front()->configJson);
        g.keptCount = members.front()->keptCount;
        g.configJson = members.front()->configJson;
        std::vector<double> validated;
        for (const RunRow *r : members) {
            g.seeds.push_back(r->seed);
            g.accuracies.push_back(*r->testAccuracy);
            g.runIds.push_back(r->id);
            g.validationAccuracies.push_back(r->validationAccuracy.value_or(NAN));
            if (r->validationAccuracy)
                validated.push_back(*r->validationAccuracy);
        }
        g.accuracy = meanStd(g.accuracies);
        g.validation = meanStd(validated);
        g.minAccuracy = *std::min_element(g.accuracies.begin(), g.accuracies.end());
        g.maxAccuracy = *std::max_element(g.accuracies.begin(), g.accuracies.end());
        result.push_back(std::move(g));
    }
    return result;
}

} // namespace storage

#include "storage/results.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace storage {

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
        g.keptCount = members.front()->keptCount;
        for (const RunRow *r : members) {
            g.seeds.push_back(r->seed);
            g.accuracies.push_back(*r->testAccuracy);
            g.runIds.push_back(r->id);
        }
        g.accuracy = meanStd(g.accuracies);
        g.minAccuracy = *std::min_element(g.accuracies.begin(), g.accuracies.end());
        g.maxAccuracy = *std::max_element(g.accuracies.begin(), g.accuracies.end());
        result.push_back(std::move(g));
    }
    return result;
}

} // namespace storage

#include "ui/samples/sample_filter.h"

#include "ui/samples/sample_table.h"

#include <algorithm>
#include <cmath>

namespace ui {

int SampleFilter::activeCount() const
{
    return int(run >= 0 && membership != All) + int(!classes.isEmpty())
        + int(anyFlag || !flags.isEmpty()) + int(scoreColumn >= 0) + int(cellGiven >= 0);
}

FilterOutcome applyFilter(const SampleTable &table, const SampleFilter &filter)
{
    FilterOutcome out;
    const int64_t n = table.size();
    out.classCounts.assign(size_t(table.numClasses()), 0);
    out.flagCounts.assign(table.flags().size(), 0);

    uint32_t available = 0;
    for (const auto &f : table.flags())
        if (f.available)
            available |= 1u << f.id;
    uint32_t wanted = 0;
    for (int f : filter.flags)
        wanted |= 1u << f;
    if (filter.anyFlag)
        wanted |= available;
    const bool flagFilter = filter.anyFlag || !filter.flags.isEmpty();
    const bool runChosen = filter.run >= 0 && filter.run < table.runCount();
    const ScoreColumn *range
        = filter.scoreColumn >= 0 && size_t(filter.scoreColumn) < table.columns().size()
        ? &table.columns()[size_t(filter.scoreColumn)]
        : nullptr;
    std::vector<bool> classOn(size_t(table.numClasses()), filter.classes.isEmpty());
    for (int c : filter.classes)
        if (c >= 0 && size_t(c) < classOn.size())
            classOn[size_t(c)] = true;

    const bool cellChosen = filter.cellGiven >= 0 && filter.cellLikely >= 0;

    out.order.reserve(size_t(n));
    for (int64_t i = 0; i < n; ++i) {
        const bool isKept = runChosen && table.kept(filter.run, i);
        const bool passMember = !runChosen || filter.membership == SampleFilter::All
            || (filter.membership == SampleFilter::Kept) == isKept;
        const int label = table.label(i);
        const bool passClass
            = label >= 0 && size_t(label) < classOn.size() && classOn[size_t(label)];
        const uint32_t bits = table.flagBits(i);
        const bool passFlag = !flagFilter || (bits & wanted) != 0;
        bool inRange
            = !cellChosen || table.labelIssueFromCell(i, filter.cellGiven, filter.cellLikely);
        if (range) {
            const float v = range->values[size_t(i)];
            inRange = inRange && !std::isnan(v) && v >= filter.scoreMin && v <= filter.scoreMax;
        }
        if (passClass && passFlag && inRange) {
            ++out.all;
            if (runChosen)
                ++(isKept ? out.kept : out.pruned);
        }
        if (passMember && passFlag && inRange && label >= 0 && size_t(label) < classOn.size())
            ++out.classCounts[size_t(label)];
        if (passMember && passClass && inRange) {
            for (uint32_t b = bits; b; b &= b - 1)
                ++out.flagCounts[size_t(__builtin_ctz(b))];
            out.anyFlag += (bits & available) != 0;
        }
        if (passMember && passClass && passFlag && range && inRange)
            ++out.inRange;
        if (passMember && passClass && passFlag && inRange)
            out.order.push_back(i);
    }

    if (filter.sortColumn >= 0 && size_t(filter.sortColumn) < table.columns().size()) {
        const std::vector<float> &v = table.columns()[size_t(filter.sortColumn)].values;
        const bool descending = filter.descending;
        // Missing values go last in either direction; ties keep index order.
        std::stable_sort(out.order.begin(), out.order.end(), [&](int64_t a, int64_t b) {
            const float x = v[size_t(a)], y = v[size_t(b)];
            if (std::isnan(x) || std::isnan(y))
                return !std::isnan(x) && std::isnan(y);
            return descending ? x > y : x < y;
        });
    } else if (filter.descending) {
        std::reverse(out.order.begin(), out.order.end());
    }
    return out;
}

} // namespace ui

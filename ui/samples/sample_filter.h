#pragma once

#include <QSet>

#include <cstdint>
#include <vector>

namespace ui {

class SampleTable;

/// What the sidebar asks for: membership in a run, classes, flags and a score range, and the
/// order of what remains.
struct SampleFilter
{
    enum Membership { All, Kept, Pruned };
    int run = -1; ///< index into the table's runs; −1: no run chosen
    Membership membership = All;
    QSet<int> classes; ///< empty: every class
    bool anyFlag = false; ///< samples carrying any available flag
    QSet<int> flags; ///< or carrying one of these
    /// A cell of the noise matrix: label issues given cellGiven whose likely class is
    /// cellLikely (−1: none chosen).
    int cellGiven = -1, cellLikely = -1;
    int scoreColumn = -1; ///< −1: no score range
    double scoreMin = 0, scoreMax = 1;
    int sortColumn = -1; ///< −1: by index
    bool descending = false;

    /// Active filters, as the "N filters · Clear" badge counts them.
    int activeCount() const;
};

/// The samples that pass, in order, and the count beside every value of the sidebar. Each
/// facet is counted under the other facets' filters (as a faceted search does), so a count says
/// how many samples ticking that value would show.
struct FilterOutcome
{
    std::vector<int64_t> order;
    int64_t all = 0, kept = 0, pruned = 0;
    std::vector<int64_t> classCounts;
    std::vector<int64_t> flagCounts; ///< by flag id
    int64_t anyFlag = 0;
    int64_t inRange = 0; ///< of the range's column, NaN excluded
};

FilterOutcome applyFilter(const SampleTable &table, const SampleFilter &filter);

} // namespace ui

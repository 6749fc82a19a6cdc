#pragma once

#include <QString>

#include <vector>

namespace ui {

class SampleTable;

/// One method's retained noise against kept fraction: each point the mean over the runs (α
/// values and seeds) at that fraction.
struct NoiseCurve
{
    QString method;
    std::vector<double> fractionPercent;
    std::vector<double> flaggedPercent; ///< share of kept samples with a label flag raised
    std::vector<double> trulyNoisyPercent; ///< NaN where the truth is unknown
    std::vector<int> runs; ///< runs averaged at each fraction
};

/// The curves of the table's runs at its current thresholds, methods in name order.
std::vector<NoiseCurve> retainedNoiseCurves(const SampleTable &table);

} // namespace ui

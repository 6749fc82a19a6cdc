#pragma once

// The numbers behind the compute chart: each accuracy curve (method × KD setting) re-plotted
// against what its results cost, and the Pareto front across them.

#include <QString>

#include "storage/compute.h"
#include "ui/results/chart_data.h"

#include <map>
#include <vector>

namespace ui {

struct ComputePoint
{
    double fraction = 0;
    double alpha = 0;
    storage::GroupCost cost; ///< mean over the point's runs, by part
    storage::MeanStd accuracy; ///< test
    storage::MeanStd validation;
    bool validated = false;
    std::vector<int64_t> runIds;
    bool onFront = false;
};

struct ComputeSeries
{
    QString label; ///< "el2n · α = 0.5, τ = 4, teacher resnet20"
    QString method;
    double alpha = 0;
    std::vector<ComputePoint> points; ///< ascending kept fraction; only points with a known cost
};

struct ComputeChartData
{
    std::vector<ComputeSeries> series;
    storage::Measure measure = storage::Measure::Flops;
    storage::Charging charging = storage::Charging::Amortised;
    bool frontOnTest = false; ///< a point lacks validation accuracy: the front is chosen on test
    int64_t unknownRuns = 0; ///< runs left out: their cost was not recorded
    /// The front's points, ascending cost (series index, point index).
    std::vector<std::pair<size_t, size_t>> front;
};

ComputeChartData computeChartData(const std::vector<Curve> &curves,
                                  const std::map<int64_t, storage::RunCost> &costs,
                                  storage::Measure measure, storage::Charging charging);

/// The chart's numbers as CSV, full precision, one row per point.
QString computeCsv(const ComputeChartData &data);

} // namespace ui

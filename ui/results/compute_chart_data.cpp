#include "ui/results/compute_chart_data.h"

#include "ui/common/number_format.h"

#include <algorithm>
#include <cmath>

namespace ui {

ComputeChartData computeChartData(const std::vector<Curve> &curves,
                                  const std::map<int64_t, storage::RunCost> &costs,
                                  storage::Measure measure, storage::Charging charging)
{
    ComputeChartData data;
    data.measure = measure;
    data.charging = charging;
    for (const Curve &c : curves) {
        ComputeSeries series;
        series.label = c.methodLabel() + " · " + c.kdLabel();
        series.method = QString::fromStdString(c.method);
        series.alpha = c.alpha;
        for (const CurvePoint &p : c.points) {
            ComputePoint point;
            point.fraction = p.fraction;
            point.alpha = p.alpha;
            point.cost = storage::costOfRuns(p.runIds, costs, measure, charging);
            if (!std::isfinite(point.cost.total)) {
                data.unknownRuns += point.cost.unknown;
                continue;
            }
            point.accuracy = p.accuracy;
            point.validation = p.validation;
            point.validated = p.validated;
            point.runIds = p.runIds;
            series.points.push_back(std::move(point));
        }
        if (!series.points.empty())
            data.series.push_back(std::move(series));
    }
    std::vector<std::pair<size_t, size_t>> all;
    std::vector<double> cost, accuracy;
    for (size_t s = 0; s < data.series.size(); ++s)
        for (size_t i = 0; i < data.series[s].points.size(); ++i) {
            const auto &p = data.series[s].points[i];
            all.emplace_back(s, i);
            cost.push_back(p.cost.total);
            data.frontOnTest = data.frontOnTest || !p.validated;
        }
    for (const auto &[s, i] : all) {
        const auto &p = data.series[s].points[i];
        accuracy.push_back(data.frontOnTest ? p.accuracy.mean : p.validation.mean);
    }
    const auto front = storage::paretoFront(cost, accuracy);
    for (size_t k = 0; k < all.size(); ++k)
        if (front[k]) {
            data.series[all[k].first].points[all[k].second].onFront = true;
            data.front.push_back(all[k]);
        }
    std::sort(data.front.begin(), data.front.end(), [&](const auto &a, const auto &b) {
        return data.series[a.first].points[a.second].cost.total
            < data.series[b.first].points[b.second].cost.total;
    });
    return data;
}

QString computeCsv(const ComputeChartData &data)
{
    const QString unit = data.measure == storage::Measure::Flops ? "flops" : "seconds";
    const QString charging = QString::fromUtf8(storage::chargingName(data.charging).data());
    QString text = QString("setting,kept_fraction,alpha,n,test_accuracy_mean_pct,"
                           "test_accuracy_std_pct,validation_accuracy_mean_pct,student_%1,"
                           "teacher_%1_%2,scores_%1_%2,total_%1_%2,pareto_front,front_chosen_on\n")
                       .arg(unit, charging);
    const auto number = [](double v) {
        return std::isfinite(v) ? formatNumber(v) : QString();
    };
    for (const auto &s : data.series)
        for (const auto &p : s.points) {
            QString label = s.label;
            label.replace('"', "\"\"");
            text += QString("\"%1\",%2,%3,%4,%5,%6,%7,%8,%9,%10,%11,%12,%13\n")
                        .arg(label, formatNumber(p.fraction), formatNumber(p.alpha))
                        .arg(p.accuracy.n)
                        .arg(number(100 * p.accuracy.mean), number(100 * p.accuracy.std),
                             p.validated ? number(100 * p.validation.mean) : QString(),
                             number(p.cost.student), number(p.cost.teacher), number(p.cost.scores),
                             number(p.cost.total), p.onFront ? "yes" : "no",
                             data.frontOnTest ? "test" : "validation");
        }
    return text;
}

} // namespace ui

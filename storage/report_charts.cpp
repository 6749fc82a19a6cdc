#include "storage/report_charts.h"

#include "engine/core/number_list.h"
#include "storage/svg_plot.h"

#include <algorithm>
#include <map>
#include <set>

namespace storage {

namespace {
std::string kdText(const GroupKey &k)
{
    return k.alpha > 0 ? "KD α " + engine::formatNumber(k.alpha) + ", τ "
            + engine::formatNumber(k.tau) + ", teacher " + k.teacherModel
                       : "no KD";
}

} // namespace

std::string curveLabel(const GroupSummary &g)
{
    return g.key.method + (g.key.classBalanced ? " (balanced)" : "") + " · " + kdText(g.key);
}

std::string accuracyChart(const std::vector<GroupSummary> &groups, const std::string &dataset,
                          const std::string &student)
{
    SvgPlot plot;
    plot.title = dataset + " · student " + student + ": test accuracy against kept fraction";
    plot.xLabel = "kept fraction f (%)";
    plot.yLabel = "test accuracy (%), mean ± std over seeds";
    std::map<std::string, size_t> byCurve;
    double fMin = INFINITY, fMax = 0;
    for (const auto &g : groups) {
        if (g.key.dataset != dataset || g.key.studentModel != student)
            continue;
        auto [it, added] = byCurve.emplace(g.curveKey, plot.series.size());
        if (added) {
            SvgSeries s;
            s.label = curveLabel(g);
            s.color = methodColorHex(g.key.method);
            s.dashed = g.key.alpha <= 0;
            s.hollow = g.key.alpha <= 0;
            plot.series.push_back(s);
        }
        const double sd = g.accuracy.n > 1 ? g.accuracy.std : 0;
        plot.series[it->second].points.push_back({ 100 * g.key.fraction, 100 * g.accuracy.mean,
                                                   100 * (g.accuracy.mean - sd),
                                                   100 * (g.accuracy.mean + sd) });
        fMin = std::min(fMin, g.key.fraction);
        fMax = std::max(fMax, g.key.fraction);
    }
    plot.logX = fMax / fMin >= 20;
    for (auto &s : plot.series)
        std::sort(s.points.begin(), s.points.end(),
                  [](const SvgPoint &a, const SvgPoint &b) { return a.x < b.x; });
    // Labels shared by curves of different recipes get a number, so no two look alike.
    std::map<std::string, int> seen;
    for (auto &s : plot.series)
        if (int k = ++seen[s.label]; k > 1)
            s.label += " (setting " + std::to_string(k) + ")";
    return svgPlot(plot);
}

std::string computeChart(const std::vector<ComputeRow> &rows, const std::string &dataset)
{
    SvgPlot plot;
    plot.title = dataset + ": test accuracy against total compute per result";
    plot.xLabel = "teacher + scores + student, FLOPs (shared work divided among its runs; log)";
    plot.yLabel = "test accuracy (%)";
    plot.logX = true;
    plot.flopsX = true;
    std::set<std::string> students;
    for (const auto &r : rows)
        if (r.group.key.dataset == dataset)
            students.insert(r.group.key.studentModel);
    std::map<std::string, size_t> byCurve;
    bool onTest = false;
    for (const auto &r : rows) {
        if (r.group.key.dataset != dataset || !std::isfinite(r.cost.total))
            continue;
        auto [it, added]
            = byCurve.emplace(r.group.curveKey + r.group.key.studentModel, plot.series.size());
        if (added) {
            SvgSeries s;
            s.label = (students.size() > 1 ? r.group.key.studentModel + " · " : std::string())
                + curveLabel(r.group);
            s.color = methodColorHex(r.group.key.method);
            s.dashed = s.hollow = r.group.key.alpha <= 0;
            plot.series.push_back(s);
        }
        plot.series[it->second].points.push_back({ r.cost.total, 100 * r.group.accuracy.mean });
        if (r.onFront)
            plot.front.emplace_back(r.cost.total, 100 * r.group.accuracy.mean);
        onTest = onTest || r.frontOnTest;
    }
    std::sort(plot.front.begin(), plot.front.end());
    plot.frontLabel = onTest ? "Pareto front (chosen on test)" : "Pareto front (on validation)";
    return svgPlot(plot);
}

} // namespace storage

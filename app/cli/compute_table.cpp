#include "app/cli/compute_table.h"

#include "engine/core/number_list.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

namespace cli {

using nlohmann::json;
using storage::ComputeRow;

namespace {

std::string num(double v)
{
    return std::isfinite(v) ? engine::formatNumber(v) : std::string();
}

std::string seconds(double s)
{
    return std::isfinite(s) ? engine::formatNumber(std::round(s * 10) / 10) + " s" : "—";
}

std::string setting(const storage::GroupSummary &g)
{
    std::string text = g.key.method + (g.key.classBalanced ? " (balanced)" : "");
    if (g.key.alpha > 0)
        text += ", KD α " + engine::formatNumber(g.key.alpha) + " from " + g.key.teacherModel;
    else
        text += ", no KD";
    return text;
}

json number(double v)
{
    return std::isfinite(v) ? json(v) : json(nullptr);
}

} // namespace

TextTable computeTable(const std::vector<ComputeRow> &amortised,
                       const std::vector<ComputeRow> &standalone,
                       const std::vector<ComputeRow> &secs, bool csv)
{
    if (csv) {
        TextTable t({ "dataset",
                      "student",
                      "method",
                      "class_balanced",
                      "alpha",
                      "teacher",
                      "kept_fraction",
                      "n",
                      "test_accuracy_mean_pct",
                      "test_accuracy_std_pct",
                      "validation_accuracy_mean_pct",
                      "student_flops",
                      "teacher_flops_amortised",
                      "score_flops_amortised",
                      "total_flops_amortised",
                      "total_flops_standalone",
                      "student_seconds",
                      "teacher_seconds_amortised",
                      "score_seconds_amortised",
                      "total_seconds_amortised",
                      "pareto_front",
                      "front_chosen_on",
                      "runs_without_cost" });
        for (size_t i = 0; i < amortised.size(); ++i) {
            const auto &r = amortised[i];
            const auto &g = r.group;
            t.addRow({ g.key.dataset,
                       g.key.studentModel,
                       g.key.method,
                       g.key.classBalanced ? "yes" : "no",
                       num(g.key.alpha),
                       g.key.teacherModel,
                       num(g.key.fraction),
                       std::to_string(g.accuracy.n),
                       num(100 * g.accuracy.mean),
                       num(100 * g.accuracy.std),
                       g.validated() ? num(100 * g.validation.mean) : "",
                       num(r.cost.student),
                       num(r.cost.teacher),
                       num(r.cost.scores),
                       num(r.cost.total),
                       num(standalone[i].cost.total),
                       num(secs[i].cost.student),
                       num(secs[i].cost.teacher),
                       num(secs[i].cost.scores),
                       num(secs[i].cost.total),
                       r.onFront ? "yes" : "no",
                       r.frontOnTest ? "test" : "validation",
                       std::to_string(r.cost.unknown) });
        }
        return t;
    }
    TextTable t({ "dataset", "student", "setting", "kept f", "n", "test acc %", "student",
                  "teacher", "scores", "total", "standalone", "total time", "front" });
    for (size_t i = 0; i < amortised.size(); ++i) {
        const auto &r = amortised[i];
        const auto &g = r.group;
        std::string acc = percent(g.accuracy.mean);
        if (g.accuracy.n > 1)
            acc += " ± " + percent(g.accuracy.std);
        t.addRow({ g.key.dataset, g.key.studentModel, setting(g),
                   engine::formatNumber(g.key.fraction), std::to_string(g.accuracy.n), acc,
                   storage::flopsText(r.cost.student), storage::flopsText(r.cost.teacher),
                   storage::flopsText(r.cost.scores), storage::flopsText(r.cost.total),
                   storage::flopsText(standalone[i].cost.total), seconds(secs[i].cost.total),
                   r.onFront ? "◆" : "" });
    }
    return t;
}

json computeJson(const std::vector<ComputeRow> &amortised,
                 const std::vector<ComputeRow> &standalone, const std::vector<ComputeRow> &secs)
{
    json list = json::array();
    for (size_t i = 0; i < amortised.size(); ++i) {
        const auto &r = amortised[i];
        const auto &g = r.group;
        list.push_back({ { "dataset", g.key.dataset },
                         { "student", g.key.studentModel },
                         { "method", g.key.method },
                         { "class_balanced", g.key.classBalanced },
                         { "alpha", g.key.alpha },
                         { "teacher", g.key.teacherModel },
                         { "kept_fraction", g.key.fraction },
                         { "n", g.accuracy.n },
                         { "test_accuracy_mean_pct", number(100 * g.accuracy.mean) },
                         { "test_accuracy_std_pct", number(100 * g.accuracy.std) },
                         { "validation_accuracy_mean_pct",
                           g.validated() ? number(100 * g.validation.mean) : json(nullptr) },
                         { "flops_amortised",
                           { { "student", number(r.cost.student) },
                             { "teacher", number(r.cost.teacher) },
                             { "scores", number(r.cost.scores) },
                             { "total", number(r.cost.total) } } },
                         { "flops_standalone_total", number(standalone[i].cost.total) },
                         { "seconds_amortised",
                           { { "student", number(secs[i].cost.student) },
                             { "teacher", number(secs[i].cost.teacher) },
                             { "scores", number(secs[i].cost.scores) },
                             { "total", number(secs[i].cost.total) } } },
                         { "pareto_front", r.onFront },
                         { "front_chosen_on", r.frontOnTest ? "test" : "validation" },
                         { "runs_without_cost", r.cost.unknown } });
    }
    return list;
}

void printCompute(const std::vector<ComputeRow> &amortised,
                  const std::vector<ComputeRow> &standalone, const std::vector<ComputeRow> &secs,
                  std::ostream &out)
{
    out << "\nCompute per group (nominal FLOPs, mean over seeds: 2 per multiply-add of the "
           "convolutions and dense layers, a training image = 3 forward passes, KD adds one "
           "teacher pass per image seen; the teacher and a score are shared, each divided equally "
           "among the finished runs that use it; \"standalone\" charges each run the whole "
           "teacher and score)\n";
    if (amortised.empty()) {
        out << "none: no finished runs\n";
        return;
    }
    computeTable(amortised, standalone, secs, false).printAligned(out);
    int64_t unknown = 0;
    bool onTest = false;
    for (const auto &r : amortised) {
        unknown += r.cost.unknown;
        onTest = onTest || r.frontOnTest;
    }
    out << "◆ on the Pareto front of accuracy against total FLOPs (amortised), chosen on "
        << (onTest ? "test accuracy (some groups have no validation split)"
                   : "validation accuracy, reported on test")
        << '\n';
    if (unknown > 0)
        out << unknown
            << " runs have no recorded cost (trained before Prunescope counted FLOPs, or with an "
               "imported teacher or score file); their groups have no total\n";
}

} // namespace cli

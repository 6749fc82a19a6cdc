#include "app/cli/comparison_table.h"

#include "engine/core/number_list.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace cli {

using storage::Comparison;

namespace {

/// Percentage points, signed, for people.
std::string points(double fraction)
{
    if (!std::isfinite(fraction))
        return "—";
    const double v = std::round(fraction * 1e4) / 1e2;
    return (v > 0 ? "+" : "") + percent(fraction);
}

std::string full(double v, double scale = 100.0)
{
    return std::isfinite(v) ? engine::formatNumber(v * scale) : std::string();
}

std::string meanStd(const storage::MeanStd &m)
{
    return percent(m.mean) + (m.n > 1 ? " ± " + percent(m.std) : "");
}

std::string verdict(const engine::PairedDifference &d)
{
    if (d.n < 2 || !std::isfinite(d.low))
        return d.n < 2 ? "one pair: no interval" : "no spread";
    if (d.low > 0)
        return "better";
    if (d.high < 0)
        return "worse";
    return "no clear difference";
}

nlohmann::json jsonNumber(double v, double scale = 100.0)
{
    return std::isfinite(v) ? nlohmann::json(v * scale) : nlohmann::json(nullptr);
}

} // namespace

TextTable comparisonTable(const std::vector<Comparison> &comparisons, bool csv)
{
    if (csv) {
        TextTable t({ "comparison", "kept_fraction", "a", "b", "n_pairs", "a_mean_pct", "a_std_pct",
                      "b_mean_pct", "b_std_pct", "paired_diff_points", "paired_diff_std_points",
                      "ci95_low_points", "ci95_high_points", "t", "p",
                      "validation_paired_diff_points" });
        for (const auto &c : comparisons)
            t.addRow({ std::string(storage::comparisonKindName(c.kind)),
                       engine::formatNumber(c.a.key.fraction), storage::sideLabel(c, true),
                       storage::sideLabel(c, false), std::to_string(c.paired.n),
                       full(c.a.accuracy.mean), full(c.a.accuracy.std), full(c.b.accuracy.mean),
                       full(c.b.accuracy.std), full(c.paired.mean), full(c.paired.std),
                       full(c.paired.low), full(c.paired.high), full(c.paired.t, 1.0),
                       full(c.paired.p, 1.0),
                       c.pairedValidation.n > 0 ? full(c.pairedValidation.mean) : "" });
        return t;
    }
    TextTable t({ "kept f", "A", "B", "A test % (mean ± std)", "B test %", "pairs",
                  "A − B (points)", "95 % CI", "p", "reading" });
    for (const auto &c : comparisons)
        t.addRow({ engine::formatNumber(c.a.key.fraction), storage::sideLabel(c, true),
                   storage::sideLabel(c, false), meanStd(c.a.accuracy), meanStd(c.b.accuracy),
                   std::to_string(c.paired.n), points(c.paired.mean),
                   std::isfinite(c.paired.low)
                       ? "[" + points(c.paired.low) + ", " + points(c.paired.high) + "]"
                       : "—",
                   std::isfinite(c.paired.p)
                       ? engine::formatNumber(std::round(c.paired.p * 1e4) / 1e4)
                       : "—",
                   verdict(c.paired) });
    return t;
}

nlohmann::json comparisonsJson(const std::vector<Comparison> &comparisons)
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto &c : comparisons) {
        nlohmann::json item {
            { "comparison", std::string(storage::comparisonKindName(c.kind)) },
            { "kept_fraction", c.a.key.fraction },
            { "a", storage::sideLabel(c, true) },
            { "b", storage::sideLabel(c, false) },
            { "a_run_ids", c.a.runIds },
            { "b_run_ids", c.b.runIds },
            { "a_mean_pct", jsonNumber(c.a.accuracy.mean) },
            { "a_std_pct", jsonNumber(c.a.accuracy.std) },
            { "b_mean_pct", jsonNumber(c.b.accuracy.mean) },
            { "b_std_pct", jsonNumber(c.b.accuracy.std) },
            { "n_pairs", c.paired.n },
            { "paired_diff_points", jsonNumber(c.paired.mean) },
            { "paired_diff_std_points", jsonNumber(c.paired.std) },
            { "ci95_points", { jsonNumber(c.paired.low), jsonNumber(c.paired.high) } },
            { "t", jsonNumber(c.paired.t, 1.0) },
            { "p", jsonNumber(c.paired.p, 1.0) },
        };
        item["validation_paired_diff_points"]
            = c.pairedValidation.n > 0 ? jsonNumber(c.pairedValidation.mean) : nullptr;
        list.push_back(item);
    }
    return list;
}

TextTable bestAlphaTable(const std::vector<storage::BestAlpha> &rows, bool csv)
{
    TextTable t(csv ? std::vector<std::string> { "method", "teacher", "tau", "kept_fraction",
                                                 "alphas_compared", "best_alpha", "chosen_on",
                                                 "best_validation_pct", "best_test_mean_pct",
                                                 "best_test_std_pct" }
                    : std::vector<std::string> { "method", "teacher", "τ", "kept f", "α compared",
                                                 "best α", "chosen on", "val %",
                                                 "test % of the best (mean ± std)", "n" });
    for (const auto &r : rows) {
        std::string tied;
        for (double a : r.tied)
            tied += (tied.empty() ? "" : " ") + engine::formatNumber(a);
        const auto &g = r.best;
        t.addRow(
            { g.key.method, g.key.teacherModel.empty() ? "" : g.key.teacherModel,
              g.key.alpha > 0 ? engine::formatNumber(g.key.tau) : "",
              engine::formatNumber(r.fraction), std::to_string(r.candidates), tied,
              r.chosenOnTest ? "test (no validation split)" : "validation",
              g.validated() ? (csv ? full(g.validation.mean) : percent(g.validation.mean)) : "",
              csv ? full(g.accuracy.mean) : meanStd(g.accuracy),
              csv ? full(g.accuracy.std) : std::to_string(g.accuracy.n) });
    }
    return t;
}

nlohmann::json bestAlphasJson(const std::vector<storage::BestAlpha> &rows)
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto &r : rows)
        list.push_back(
            { { "method", r.best.key.method },
              { "teacher", r.best.key.teacherModel },
              { "kept_fraction", r.fraction },
              { "alphas_compared", r.candidates },
              { "best_alpha", r.best.key.alpha },
              { "tied_alphas", r.tied },
              { "chosen_on", r.chosenOnTest ? "test" : "validation" },
              { "best_validation_pct",
                r.best.validated() ? jsonNumber(r.best.validation.mean) : nlohmann::json(nullptr) },
              { "best_test_mean_pct", jsonNumber(r.best.accuracy.mean) },
              { "best_test_std_pct", jsonNumber(r.best.accuracy.std) },
              { "run_ids", r.best.runIds } });
    return list;
}

} // namespace cli

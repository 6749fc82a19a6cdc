#include "storage/report.h"

#include "engine/core/number_list.h"
#include "engine/train/device.h"
#include "storage/comparisons.h"
#include "storage/compute.h"
#include "storage/findings.h"
#include "storage/report_charts.h"
#include "storage/results.h"
#include "storage/store.h"
#include "storage/svg_plot.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sqlite3.h>
#include <sstream>

#ifndef PRUNESCOPE_VERSION
#define PRUNESCOPE_VERSION "unknown"
#endif

namespace storage {

namespace {

using nlohmann::json;

std::string esc(const std::string &s)
{
    return xmlEscape(s);
}

std::string pct(double fraction, int decimals = 2)
{
    if (!std::isfinite(fraction))
        return "—";
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, 100.0 * fraction);
    return text;
}

std::string signedPct(double fraction)
{
    if (!std::isfinite(fraction))
        return "—";
    char text[32];
    std::snprintf(text, sizeof text, "%+.2f", 100.0 * fraction);
    return text;
}

std::string full(double v)
{
    return std::isfinite(v) ? engine::formatNumber(v) : std::string();
}

/// A cell that shows a rounded number and keeps the exact one for machines.
std::string cell(const std::string &shown, double exact)
{
    return "<td class=\"num\" data-value=\"" + full(exact) + "\">" + esc(shown) + "</td>";
}
std::string cell(const std::string &text)
{
    return "<td>" + esc(text) + "</td>";
}

std::string meanStd(const MeanStd &m)
{
    return pct(m.mean) + (m.n > 1 ? " ± " + pct(m.std) : "");
}

const char *kStyle = R"css(
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222;
       line-height: 1.45; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
.meta { color: #666; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.88em; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.25em 0.7em; text-align: left;
         vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { display: inline-block; padding: 0.1em 0.6em; border-radius: 0.8em; font-weight: 600; }
.agrees { background: #dff0d8; color: #2b542c; }
.disagrees { background: #f2dede; color: #843534; }
.inconclusive { background: #fcf8e3; color: #66512c; }
pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.82em; }
figure { margin: 1em 0; }
figcaption { color: #555; font-size: 0.9em; max-width: 760px; }
)css";

void comparisonRows(std::ostringstream &h, const std::vector<Comparison> &list)
{
    h << "<table class=\"comparisons\"><tr><th>comparison</th><th>kept f</th><th>A (test % mean ± "
         "std)</th><th>B</th><th>n pairs</th><th>A − B (points)</th><th>95 % interval</th>"
         "<th>p</th></tr>\n";
    for (const auto &c : list) {
        char p[32];
        std::snprintf(p, sizeof p, "%.3g", c.paired.p);
        h << "<tr>" << cell(sideLabel(c, true) + "  −  " + sideLabel(c, false))
          << cell(engine::formatNumber(c.a.key.fraction), c.a.key.fraction)
          << cell(meanStd(c.a.accuracy), 100 * c.a.accuracy.mean)
          << cell(meanStd(c.b.accuracy), 100 * c.b.accuracy.mean)
          << cell(std::to_string(c.paired.n), double(c.paired.n))
          << cell(signedPct(c.paired.mean), 100 * c.paired.mean)
          << cell("[" + signedPct(c.paired.low) + ", " + signedPct(c.paired.high) + "]")
          << cell(c.paired.n >= 2 ? p : "—", c.paired.p) << "</tr>\n";
    }
    h << "</table>\n";
}

void findingsSection(std::ostringstream &h, const std::vector<FindingVerdict> &verdicts)
{
    h << "<h2 id=\"findings\">The paper's findings in this workspace</h2>\n";
    if (verdicts.empty()) {
        h << "<p>No experiment here comes from a finding preset (File ▸ New from preset, or "
             "<code>resources/presets/finding-N-*.json</code>), so no finding is judged.</p>\n";
        return;
    }
    h << "<p>Each finding is read from the runs of its preset's experiments. Differences are "
         "paired by seed (test accuracy, percentage points) with a 95 % Student-t interval; a "
         "verdict needs the interval to exclude 0. Every choice among settings was made on the "
         "validation split.</p>\n";
    for (const auto &v : verdicts) {
        const char *cls = v.agreement == Agreement::Agrees ? "agrees"
            : v.agreement == Agreement::Disagrees          ? "disagrees"
                                                           : "inconclusive";
        h << "<h3>Finding " << v.number << "</h3>\n<p><em>" << esc(v.claim)
          << "</em></p>\n<p><span class=\"verdict " << cls << "\" data-finding=\"" << v.number
          << "\">" << esc(std::string(agreementText(v.agreement))) << "</span> — " << esc(v.reason)
          << "</p>\n<p class=\"meta\">From: " << esc(v.experiments) << "</p>\n";
        if (!v.bestAlphas.empty()) {
            h << "<table class=\"best-alpha\"><tr><th>setting</th><th>kept f</th><th>best α "
                 "</th><th>chosen on</th><th>test % of the best</th></tr>\n";
            for (const auto &b : v.bestAlphas)
                h << "<tr>" << cell(b.best.key.method)
                  << cell(engine::formatNumber(b.fraction), b.fraction)
                  << cell(engine::formatNumber(b.best.key.alpha), b.best.key.alpha)
                  << cell(b.chosenOnTest ? "test (no validation split)" : "validation")
                  << cell(meanStd(b.best.accuracy), 100 * b.best.accuracy.mean) << "</tr>\n";
            h << "</table>\n";
        }
        if (!v.evidence.empty())
            comparisonRows(h, v.evidence);
    }
}

} // namespace

std::string htmlReport(Store &store, const ReportOptions &options)
{
    const auto runs = store.runs();
    const auto groups = summariseGroups(runs);
    const auto comparisons = pairedComparisons(groups);
    const auto best = bestAlphas(groups);
    const auto costs = runCosts(store);
    const auto amortised = computeRows(groups, costs, Measure::Flops, Charging::Amortised);
    const auto standalone = computeRows(groups, costs, Measure::Flops, Charging::Standalone);
    const auto verdicts = findingVerdicts(store);
    const auto experiments = store.experiments();

    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Prunescope "
         "report — "
      << esc(options.workspaceName) << "</title>\n<style>" << kStyle
      << "</style>\n</head>\n<body>\n<h1>Prunescope report — " << esc(options.workspaceName)
      << "</h1>\n<p class=\"meta\">Generated "
      << esc(options.generatedAt.empty() ? utcNow() : options.generatedAt)
      << " · Prunescope " PRUNESCOPE_VERSION " · LibTorch " << esc(engine::libTorchVersion())
      << " · SQLite " << sqlite3_libversion() << " · workspace schema " << store.schemaVersion()
      << "</p>\n";

    int done = 0, failed = 0, other = 0;
    for (const auto &r : runs)
        (r.status == RunStatus::Done ? done : r.status == RunStatus::Failed ? failed : other)++;
    h << "<p>" << experiments.size() << " experiments, " << runs.size() << " runs: " << done
      << " finished, " << failed << " failed, " << other
      << " not finished. Accuracies are on each dataset's untouched test split; every "
         "&ldquo;best&rdquo; is chosen on the validation split held out of the training set.</p>\n";

    // Data fingerprints, from the runs' stored configurations.
    struct DataRow
    {
        std::string name, format, fingerprint, path;
        int64_t train = 0, validation = 0, runs = 0;
    };
    std::map<std::string, DataRow> data;
    for (const auto &r : runs) {
        const json config = json::parse(r.configJson, nullptr, false);
        if (!config.is_object() || !config.contains("dataset"))
            continue;
        const json &d = config["dataset"];
        DataRow &row = data[d.value("fingerprint", std::string("?")) + r.dataset];
        row.name = r.dataset;
        row.format = d.value("format", std::string());
        row.fingerprint = d.value("fingerprint", std::string());
        row.path = d.value("path", std::string());
        row.train = d.value("train_size", int64_t(0));
        if (d.contains("validation") && d["validation"].is_object())
            row.validation = d["validation"].value("count", int64_t(0));
        ++row.runs;
    }
    h << "<h2 id=\"data\">Data</h2>\n<table><tr><th>dataset</th><th>format</th><th>content "
         "fingerprint</th><th>training images</th><th>held out for validation</th><th>runs</th>"
         "<th>path when run</th></tr>\n";
    for (const auto &[key, d] : data)
        h << "<tr>" << cell(d.name) << cell(d.format) << "<td><code>" << esc(d.fingerprint)
          << "</code></td>" << cell(std::to_string(d.train), double(d.train))
          << cell(std::to_string(d.validation), double(d.validation))
          << cell(std::to_string(d.runs), double(d.runs)) << cell(d.path) << "</tr>\n";
    h << "</table>\n";

    findingsSection(h, verdicts);

    h << "<h2 id=\"charts\">Accuracy against kept fraction</h2>\n";
    std::set<std::pair<std::string, std::string>> panels;
    for (const auto &g : groups)
        panels.emplace(g.key.dataset, g.key.studentModel);
    if (panels.empty())
        h << "<p>No finished runs yet.</p>\n";
    for (const auto &[dataset, student] : panels)
        h << "<figure>" << accuracyChart(groups, dataset, student)
          << "<figcaption>Each curve is one pruning method and KD setting; bars: ± one sample "
             "standard deviation over seeds. Open markers and dashed lines: no KD.</figcaption>"
             "</figure>\n";

    h << "<h2 id=\"compute\">Accuracy against compute</h2>\n<p>Nominal FLOPs: 2 per multiply-add "
         "of the convolutions and dense layers, a training image costs 3 forward passes, KD adds "
         "one teacher forward pass per image the student sees; a teacher or score is divided "
         "equally among the finished runs that use it (&ldquo;standalone&rdquo; charges each "
         "result the whole of it). The Pareto front is chosen on validation accuracy.</p>\n";
    std::set<std::string> datasets;
    for (const auto &r : amortised)
        if (std::isfinite(r.cost.total))
            datasets.insert(r.group.key.dataset);
    if (datasets.empty())
        h << "<p>No finished run has a recorded cost (runs stored before Prunescope counted "
             "FLOPs).</p>\n";
    for (const auto &d : datasets)
        h << "<figure>" << computeChart(amortised, d) << "</figure>\n";
    h << "<table id=\"compute\"><tr><th>dataset</th><th>student</th><th>setting</th><th>kept "
         "f</th><th>n</th><th>test %</th><th>student</th><th>teacher</th><th>scores</th>"
         "<th>total</th><th>standalone</th><th>front</th></tr>\n";
    for (size_t i = 0; i < amortised.size(); ++i) {
        const auto &r = amortised[i];
        const auto &g = r.group;
        h << "<tr>" << cell(g.key.dataset) << cell(g.key.studentModel) << cell(curveLabel(g))
          << cell(engine::formatNumber(g.key.fraction), g.key.fraction)
          << cell(std::to_string(g.accuracy.n), double(g.accuracy.n))
          << cell(meanStd(g.accuracy), 100 * g.accuracy.mean)
          << cell(flopsText(r.cost.student), r.cost.student)
          << cell(flopsText(r.cost.teacher), r.cost.teacher)
          << cell(flopsText(r.cost.scores), r.cost.scores)
          << cell(flopsText(r.cost.total), r.cost.total)
          << cell(flopsText(standalone[i].cost.total), standalone[i].cost.total)
          << cell(r.onFront ? "◆" : "") << "</tr>\n";
    }
    h << "</table>\n";

    h << "<h2 id=\"groups\">Groups</h2>\n<p>Runs that differ only in their seed; test accuracy "
         "(%) mean ± sample standard deviation (n − 1).</p>\n<table id=\"groups-table\"><tr>"
         "<th>dataset</th><th>student</th><th>teacher</th><th>method</th><th>balanced</th>"
         "<th>kept f</th><th>kept n</th><th>α</th><th>τ</th><th>n</th><th>test %</th><th>std</th>"
         "<th>validation %</th></tr>\n";
    for (const auto &g : groups)
        h << "<tr>" << cell(g.key.dataset) << cell(g.key.studentModel) << cell(g.key.teacherModel)
          << cell(g.key.method) << cell(g.key.classBalanced ? "yes" : "no")
          << cell(engine::formatNumber(g.key.fraction), g.key.fraction)
          << cell(std::to_string(g.keptCount), double(g.keptCount))
          << cell(engine::formatNumber(g.key.alpha), g.key.alpha)
          << cell(g.key.alpha > 0 ? engine::formatNumber(g.key.tau) : "",
                  g.key.alpha > 0 ? g.key.tau : NAN)
          << cell(std::to_string(g.accuracy.n), double(g.accuracy.n))
          << cell(pct(g.accuracy.mean), 100 * g.accuracy.mean)
          << cell(g.accuracy.n > 1 ? pct(g.accuracy.std) : "",
                  g.accuracy.n > 1 ? 100 * g.accuracy.std : NAN)
          << cell(g.validated() ? pct(g.validation.mean) : "no split",
                  g.validated() ? 100 * g.validation.mean : NAN)
          << "</tr>\n";
    h << "</table>\n";

    h << "<h2 id=\"comparisons\">Paired comparisons</h2>\n";
    if (comparisons.empty())
        h << "<p>No two groups differ only in α, pruning method or teacher.</p>\n";
    else
        comparisonRows(h, comparisons);

    h << "<h2 id=\"best-alpha\">Best α per kept fraction</h2>\n";
    if (best.empty()) {
        h << "<p>No kept fraction was run with two α values.</p>\n";
    } else {
        h << "<table><tr><th>setting</th><th>kept f</th><th>best α</th><th>α compared</th>"
             "<th>chosen on</th><th>validation %</th><th>test %</th></tr>\n";
        for (const auto &b : best)
            h << "<tr>" << cell(b.best.key.method + " · " + b.best.key.studentModel)
              << cell(engine::formatNumber(b.fraction), b.fraction)
              << cell(engine::formatNumber(b.best.key.alpha), b.best.key.alpha)
              << cell(std::to_string(b.candidates), double(b.candidates))
              << cell(b.chosenOnTest ? "test (no validation split)" : "validation")
              << cell(b.best.validated() ? pct(b.best.validation.mean) : "—",
                      b.best.validated() ? 100 * b.best.validation.mean : NAN)
              << cell(meanStd(b.best.accuracy), 100 * b.best.accuracy.mean) << "</tr>\n";
        h << "</table>\n";
    }

    h << "<h2 id=\"teachers\">Teachers</h2>\n";
    const auto teachers = store.teachers();
    if (teachers.empty()) {
        h << "<p>None.</p>\n";
    } else {
        h << "<table><tr><th>model</th><th>dataset</th><th>test %</th><th>validation %</th>"
             "<th>train time</th><th>train FLOPs</th><th>checkpoint SHA-256</th></tr>\n";
        for (const auto &t : teachers)
            h << "<tr>" << cell(t.model) << cell(t.dataset)
              << cell(pct(t.testAccuracy.value_or(NAN)), 100 * t.testAccuracy.value_or(NAN))
              << cell(pct(t.validationAccuracy.value_or(NAN)),
                      100 * t.validationAccuracy.value_or(NAN))
              << cell(engine::formatNumber(std::round(t.trainSeconds * 10) / 10) + " s",
                      t.trainSeconds)
              << cell(flopsText(t.trainFlops.value_or(NAN)), t.trainFlops.value_or(NAN))
              << "<td><code>" << esc(t.sha256) << "</code></td></tr>\n";
        h << "</table>\n";
    }

    h << "<h2 id=\"experiments\">Experiments and their specs</h2>\n<p>Each spec runs again with "
         "<code>prunescope-cli run SPEC.json</code>; runs already in a workspace are "
         "skipped.</p>\n";
    for (const auto &e : experiments) {
        const json spec = json::parse(e.specJson, nullptr, false);
        h << "<h3>" << esc(e.name) << "</h3>\n<p class=\"meta\">created " << esc(e.createdAt)
          << " · " << store.experimentRuns(e.id).size() << " runs</p>\n<pre>"
          << esc(spec.is_discarded() ? e.specJson : spec.dump(2)) << "</pre>\n";
    }
    h << "</body>\n</html>\n";
    return h.str();
}

} // namespace storage

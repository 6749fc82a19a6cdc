#include "app/cli/results_command.h"

#include "app/cli/comparison_table.h"
#include "app/cli/compute_table.h"
#include "app/cli/text_table.h"
#include "engine/core/number_list.h"
#include "engine/models/teacher_input.h"
#include "storage/compute.h"
#include "storage/results.h"
#include "storage/store.h"

#include <cmath>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

namespace cli {

using nlohmann::json;
using storage::GroupSummary;
using storage::RunRow;
using storage::TeacherRow;

namespace {

std::string num(double v)
{
    return engine::formatNumber(v);
}
std::string orDash(const std::string &s)
{
    return s.empty() ? "—" : s;
}
json jsonNumber(std::optional<double> v, double scale = 1.0)
{
    return v && std::isfinite(*v) ? json(*v * scale) : json(nullptr);
}

std::string seedList(const GroupSummary &g, bool withValues)
{
    std::string text;
    for (size_t i = 0; i < g.seeds.size(); ++i) {
        text += (i ? " " : "") + std::to_string(g.seeds[i]);
        if (withValues)
            text += ":" + percent(g.accuracies[i]);
    }
    return text;
}

/// Numbers for CSV: full precision, and an empty cell (not a dash) when there is none.
std::string csvPct(double fraction)
{
    return std::isfinite(fraction) ? num(100.0 * fraction) : std::string();
}

/// The groups as CSV rows (machine-readable: full precision, empty cells for missing values).
TextTable groupTable(const std::vector<GroupSummary> &groups)
{
    TextTable t({ "dataset", "student", "teacher", "method", "balanced", "kept_fraction",
                  "kept_count", "alpha", "tau", "n", "accuracy_mean_pct", "accuracy_std_pct",
                  "accuracy_min_pct", "accuracy_max_pct", "seed:accuracy_pct",
                  "validation_mean_pct", "validation_std_pct" });
    for (const auto &g : groups) {
        std::string seeds;
        for (size_t i = 0; i < g.seeds.size(); ++i)
            seeds += (i ? " " : "") + std::to_string(g.seeds[i]) + ":" + csvPct(g.accuracies[i]);
        t.addRow({ g.key.dataset, g.key.studentModel, g.key.teacherModel, g.key.method,
                   g.key.classBalanced ? "yes" : "no", num(g.key.fraction),
                   std::to_string(g.keptCount), num(g.key.alpha),
                   g.key.alpha > 0 ? num(g.key.tau) : "", std::to_string(g.accuracy.n),
                   csvPct(g.accuracy.mean), csvPct(g.accuracy.std), csvPct(g.minAccuracy),
                   csvPct(g.maxAccuracy), seeds, g.validated() ? csvPct(g.validation.mean) : "",
                   g.validated() ? csvPct(g.validation.std) : "" });
    }
    return t;
}

/// The compact human table: one "mean ± std" column, the way papers print it.
void printGroupsAligned(const std::vector<GroupSummary> &groups, std::ostream &out)
{
    TextTable t({ "dataset", "student", "teacher", "method", "kept f", "kept n", "α", "τ", "n",
                  "test acc % (mean ± std)", "val acc %", "per seed" });
    for (const auto &g : groups) {
        std::string acc = percent(g.accuracy.mean);
        acc += g.accuracy.n > 1 ? " ± " + percent(g.accuracy.std) : " (one seed)";
        t.addRow({ g.key.dataset, g.key.studentModel, orDash(g.key.teacherModel),
                   g.key.method + (g.key.classBalanced ? " (balanced)" : ""), num(g.key.fraction),
                   std::to_string(g.keptCount), num(g.key.alpha),
                   g.key.alpha > 0 ? num(g.key.tau) : "—", std::to_string(g.accuracy.n), acc,
                   g.validated() ? percent(g.validation.mean) : "no split", seedList(g, true) });
    }
    t.printAligned(out);
}

/// Runs as a table: rounded with dashes for people, full precision and empty cells for CSV.
TextTable runTable(const std::vector<RunRow> &runs, bool csv)
{
    TextTable t({ "id", "status", "dataset", "student", "teacher", "method", "class_balanced",
                  "kept_fraction", "kept_count", "alpha", "tau", "seed", "test_accuracy_pct",
                  "test_loss", "validation_accuracy_pct", "steps", "seconds", "device", "error" });
    const std::string none = csv ? "" : "—";
    for (const auto &r : runs) {
        std::string status(storage::statusName(r.status));
        if (r.status == storage::RunStatus::Running
            && !storage::Owner { r.ownerPid, r.ownerToken }.alive())
            status = "running (process gone)";
        t.addRow(
            { std::to_string(r.id), status, r.dataset, r.studentModel,
              r.teacherModel.empty() ? none : r.teacherModel, r.method,
              r.classBalanced ? "yes" : "no", num(r.fraction), std::to_string(r.keptCount),
              num(r.alpha), r.tau ? num(*r.tau) : none, std::to_string(r.seed),
              r.testAccuracy ? (csv ? csvPct(*r.testAccuracy) : percent(*r.testAccuracy)) : none,
              r.testLoss ? (csv ? num(*r.testLoss) : num(std::round(*r.testLoss * 1e4) / 1e4))
                         : none,
              r.validationAccuracy
                  ? (csv ? csvPct(*r.validationAccuracy) : percent(*r.validationAccuracy))
                  : none,
              r.steps ? std::to_string(*r.steps) : none,
              r.wallSeconds
                  ? (csv ? num(*r.wallSeconds) : num(std::round(*r.wallSeconds * 10) / 10))
                  : none,
              r.device.empty() ? none : r.device, r.error.substr(0, r.error.find('\n')) });
    }
    return t;
}

TextTable teacherTable(const std::vector<TeacherRow> &teachers)
{
    TextTable t({ "id", "model", "dataset", "test_accuracy_pct", "validation_accuracy_pct",
                  "train_seconds", "checkpoint", "sha256" });
    for (const auto &x : teachers)
        t.addRow({ std::to_string(x.id), x.model, x.dataset,
                   x.testAccuracy ? percent(*x.testAccuracy) : "—",
                   x.validationAccuracy ? percent(*x.validationAccuracy) : "—",
                   num(std::round(x.trainSeconds * 10) / 10), x.checkpoint,
                   x.sha256.substr(0, 16) });
    return t;
}

json groupsJson(const std::vector<GroupSummary> &groups)
{
    json list = json::array();
    for (const auto &g : groups) {
        json seeds = json::array();
        for (size_t i = 0; i < g.seeds.size(); ++i)
            seeds.push_back({ { "seed", g.seeds[i] },
                              { "accuracy_pct", 100.0 * g.accuracies[i] },
                              { "run_id", g.runIds[i] } });
        list.push_back(
            { { "dataset", g.key.dataset },
              { "student", g.key.studentModel },
              { "teacher", g.key.teacherModel.empty() ? json(nullptr) : json(g.key.teacherModel) },
              { "method", g.key.method },
              { "class_balanced", g.key.classBalanced },
              { "kept_fraction", g.key.fraction },
              { "kept_count", g.keptCount },
              { "alpha", g.key.alpha },
              { "tau", g.key.alpha > 0 ? json(g.key.tau) : json(nullptr) },
              { "n", g.accuracy.n },
              { "accuracy_mean_pct", jsonNumber(g.accuracy.mean, 100) },
              { "accuracy_std_pct", jsonNumber(g.accuracy.std, 100) },
              { "accuracy_min_pct", 100.0 * g.minAccuracy },
              { "accuracy_max_pct", 100.0 * g.maxAccuracy },
              { "validation_mean_pct",
                g.validated() ? jsonNumber(g.validation.mean, 100) : json(nullptr) },
              { "seeds", seeds } });
    }
    return list;
}

json runsJson(const std::vector<RunRow> &runs)
{
    json list = json::array();
    for (const auto &r : runs)
        list.push_back(
            { { "id", r.id },
              { "name", r.name },
              { "status", std::string(storage::statusName(r.status)) },
              { "dataset", r.dataset },
              { "student", r.studentModel },
              { "teacher", r.teacherModel.empty() ? json(nullptr) : json(r.teacherModel) },
              { "method", r.method },
              { "class_balanced", r.classBalanced },
              { "kept_fraction", r.fraction },
              { "kept_count", r.keptCount },
              { "alpha", r.alpha },
              { "tau", jsonNumber(r.tau) },
              { "seed", r.seed },
              { "test_accuracy_pct", jsonNumber(r.testAccuracy, 100) },
              { "test_loss", jsonNumber(r.testLoss) },
              { "validation_accuracy_pct", jsonNumber(r.validationAccuracy, 100) },
              { "steps", r.steps ? json(*r.steps) : json(nullptr) },
              { "seconds", jsonNumber(r.wallSeconds) },
              { "device", r.device },
              { "started_at", r.startedAt },
              { "finished_at", r.finishedAt },
              { "error", r.error.empty() ? json(nullptr) : json(r.error) },
              { "config", json::parse(r.configJson, nullptr, false) } });
    return list;
}

json teachersJson(const std::vector<TeacherRow> &teachers)
{
    json list = json::array();
    for (const auto &t : teachers)
        list.push_back({ { "id", t.id },
                         { "model", t.model },
                         { "dataset", t.dataset },
                         { "test_accuracy_pct", jsonNumber(t.testAccuracy, 100) },
                         { "validation_accuracy_pct", jsonNumber(t.validationAccuracy, 100) },
                         { "train_seconds", t.trainSeconds },
                         { "checkpoint", t.checkpoint },
                         { "sha256", t.sha256 },
                         { "identity", json::parse(t.identityJson, nullptr, false) } });
    return list;
}

void printComparisons(const std::vector<storage::Comparison> &comparisons, std::ostream &out)
{
    out << "\nPaired comparisons (A − B per seed over the seeds both ran, test accuracy; 95 % "
           "Student-t interval, paired t-test p)\n";
    if (comparisons.empty()) {
        out << "none: no two groups differ only in α, pruning method or teacher\n";
        return;
    }
    comparisonTable(comparisons, false).printAligned(out);
}

void printBestAlphas(const std::vector<storage::BestAlpha> &rows, std::ostream &out)
{
    out << "\nBest α per kept fraction (chosen on validation accuracy, reported on test)\n";
    if (rows.empty()) {
        out << "none: no kept fraction was run with two α values\n";
        return;
    }
    bestAlphaTable(rows, false).printAligned(out);
}

} // namespace

void printExperimentResults(storage::Store &store, const std::vector<int64_t> &experimentIds,
                            std::ostream &out)
{
    std::vector<RunRow> runs;
    for (int64_t id : experimentIds)
        for (auto &r : store.experimentRuns(id))
            if (std::none_of(runs.begin(), runs.end(),
                             [&](const RunRow &x) { return x.id == r.id; }))
                runs.push_back(std::move(r));
    const auto groups = storage::summariseGroups(runs);
    if (groups.empty())
        return;
    out << "\nTest accuracy per group (mean ± sample std over seeds, n − 1)\n";
    printGroupsAligned(groups, out);
    if (const auto comparisons = storage::pairedComparisons(groups); !comparisons.empty())
        printComparisons(comparisons, out);
    if (const auto best = storage::bestAlphas(groups); !best.empty())
        printBestAlphas(best, out);
    std::set<int64_t> teacherIds;
    for (const auto &r : runs)
        if (r.teacherId)
            teacherIds.insert(*r.teacherId);
    for (const auto &t : store.teachers())
        if (teacherIds.count(t.id))
            out << "Teacher " << t.model
                << (engine::isImportedTeacherModel(t.model) ? " (imported)"
                                                            : " trained on the full training set")
                << ": " << (t.testAccuracy ? percent(*t.testAccuracy) : "—")
                << " % test accuracy\n";
}

int resultsCommand(const ResultsOptions &o)
{
    static const std::set<std::string> formats { "table", "csv", "json" },
        views { "all", "runs", "groups", "teachers", "compare", "best-alpha", "compute" };
    if (!formats.count(o.format)) {
        std::cerr << "error: --format '" << o.format
                  << "' is unknown; expected table, csv or json\n";
        return 2;
    }
    if (!views.count(o.view)) {
        std::cerr << "error: --view '" << o.view
                  << "' is unknown; expected all, runs, groups, teachers, compare, best-alpha or "
                     "compute\n";
        return 2;
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(o.store, ec)) {
        std::cerr << "error: store '" << o.store
                  << "' does not exist (run `prunescope-cli run SPEC.json --store " << o.store
                  << "` first)\n";
        return 2;
    }
    std::optional<storage::Store> store;
    try {
        store.emplace(o.store, storage::OpenOptions { .readOnly = true });
    } catch (const std::exception &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
    std::vector<RunRow> runs;
    if (o.experiment) {
        std::string names;
        for (const auto &e : store->experiments()) {
            names += (names.empty() ? "" : ", ") + e.name;
            if (e.name == *o.experiment)
                for (auto &r : store->experimentRuns(e.id))
                    if (std::none_of(runs.begin(), runs.end(),
                                     [&](const RunRow &x) { return x.id == r.id; }))
                        runs.push_back(r);
        }
        if (runs.empty()) {
            std::cerr << "error: store '" << o.store << "' has no experiment named '"
                      << *o.experiment << "'; it has: " << (names.empty() ? "none" : names) << '\n';
            return 2;
        }
    } else {
        runs = store->runs();
    }
    const auto groups = storage::summariseGroups(runs);
    const auto teachers = store->teachers();
    const auto comparisons = storage::pairedComparisons(groups);
    const auto best = storage::bestAlphas(groups);
    const auto costs = storage::runCosts(*store);
    using storage::Charging;
    using storage::Measure;
    const auto amortised = storage::computeRows(groups, costs, Measure::Flops, Charging::Amortised);
    const auto standalone
        = storage::computeRows(groups, costs, Measure::Flops, Charging::Standalone);
    const auto seconds = storage::computeRows(groups, costs, Measure::Seconds, Charging::Amortised);

    if (o.format == "json") {
        json out;
        out["store"] = o.store;
        if (o.view == "all" || o.view == "teachers")
            out["teachers"] = teachersJson(teachers);
        if (o.view == "all" || o.view == "runs")
            out["runs"] = runsJson(runs);
        if (o.view == "all" || o.view == "groups")
            out["groups"] = groupsJson(groups);
        if (o.view == "all" || o.view == "compare")
            out["comparisons"] = comparisonsJson(comparisons);
        if (o.view == "all" || o.view == "best-alpha")
            out["best_alpha"] = bestAlphasJson(best);
        if (o.view == "all" || o.view == "compute")
            out["compute"] = computeJson(amortised, standalone, seconds);
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    if (o.format == "csv") {
        // CSV holds one table: groups unless another view is asked for.
        if (o.view == "runs")
            runTable(runs, true).printCsv(std::cout);
        else if (o.view == "teachers")
            teacherTable(teachers).printCsv(std::cout);
        else if (o.view == "compare")
            comparisonTable(comparisons, true).printCsv(std::cout);
        else if (o.view == "best-alpha")
            bestAlphaTable(best, true).printCsv(std::cout);
        else if (o.view == "compute")
            computeTable(amortised, standalone, seconds, true).printCsv(std::cout);
        else
            groupTable(groups).printCsv(std::cout);
        return 0;
    }
    if (o.view == "all" || o.view == "teachers") {
        std::cout << "Teachers (trained on the full training set, or imported TorchScript)\n";
        teacherTable(teachers).printAligned(std::cout);
        std::cout << '\n';
    }
    if (o.view == "all" || o.view == "runs") {
        std::cout << "Runs\n";
        runTable(runs, false).printAligned(std::cout);
        std::cout << '\n';
    }
    if (o.view == "all" || o.view == "groups") {
        std::cout << "Test accuracy per group (mean ± sample std over seeds, n − 1)\n";
        printGroupsAligned(groups, std::cout);
    }
    if ((o.view == "all" && !comparisons.empty()) || o.view == "compare")
        printComparisons(comparisons, std::cout);
    if ((o.view == "all" && !best.empty()) || o.view == "best-alpha")
        printBestAlphas(best, std::cout);
    if ((o.view == "all" && !groups.empty()) || o.view == "compute")
        printCompute(amortised, standalone, seconds, std::cout);
    return 0;
}

} // namespace cli

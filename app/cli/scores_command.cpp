#include "app/cli/scores_command.h"

#include "app/cli/text_table.h"
#include "engine/core/errors.h"
#include "engine/core/number_list.h"
#include "engine/core/output_path.h"
#include "engine/prune/method_registry.h"
#include "engine/prune/score_io.h"
#include "storage/store.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <numeric>

namespace cli {

using nlohmann::json;

namespace {

std::string num(double v)
{
    if (std::isinf(v))
        return v > 0 ? "inf" : "-inf";
    return engine::formatNumber(std::round(v * 1e6) / 1e6);
}

/// Linear-interpolated quantile of sorted values (NumPy's default).
double quantile(const std::vector<double> &sorted, double q)
{
    const double pos = q * double(sorted.size() - 1);
    const auto lo = static_cast<size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, sorted.size() - 1);
    if (std::isinf(sorted[lo]) || std::isinf(sorted[hi]))
        return pos - double(lo) < 0.5 ? sorted[lo] : sorted[hi];
    return sorted[lo] + (pos - double(lo)) * (sorted[hi] - sorted[lo]);
}

void printHistogram(const std::vector<double> &values, std::ostream &out)
{
    std::vector<double> finite;
    for (double v : values)
        if (std::isfinite(v))
            finite.push_back(v);
    if (finite.empty())
        return;
    const auto [lo, hi] = std::minmax_element(finite.begin(), finite.end());
    constexpr int bins = 20;
    std::vector<int64_t> counts(bins, 0);
    for (double v : finite) {
        const int b = *hi == *lo ? 0 : std::min(bins - 1, int((v - *lo) / (*hi - *lo) * bins));
        ++counts[b];
    }
    const int64_t most = *std::max_element(counts.begin(), counts.end());
    out << "histogram (" << finite.size() << " finite values, " << bins << " equal-width bins):\n";
    for (int b = 0; b < bins; ++b) {
        const double from = *lo + (*hi - *lo) * b / bins, to = *lo + (*hi - *lo) * (b + 1) / bins;
        const int width = most ? int(std::lround(40.0 * double(counts[b]) / double(most))) : 0;
        std::string bar;
        for (int i = 0; i < width; ++i)
            bar += "█";
        if (counts[b] > 0 && width == 0)
            bar = "▏";
        char range[64];
        std::snprintf(range, sizeof range, "%11.4g … %-11.4g", from, to);
        out << "  " << range << " " << std::setw(7) << counts[b] << "  " << bar << '\n';
    }
}

std::string shortSettings(const storage::ScoreRow &row)
{
    const json id = json::parse(row.identityJson, nullptr, false);
    if (id.is_discarded())
        return "";
    std::string text = id.value("settings", json::object()).dump();
    if (id.contains("seed"))
        text += " seed " + id["seed"].dump();
    if (id.contains("dataset") && id["dataset"].contains("validation"))
        text += " (" + id["dataset"]["validation"].value("count", json(0)).dump()
            + " held out for validation)";
    if (id.contains("proxy"))
        text += " proxy " + id["proxy"].value("model", "") + " " + id["proxy"]["train"].dump();
    if (id.contains("teacher"))
        text += " teacher " + id["teacher"].value("model", "");
    return text;
}

} // namespace

int scoresCommand(const ScoresOptions &o)
{
    if (!std::filesystem::exists(o.store)) {
        std::cerr << "error: store '" << o.store << "' does not exist\n";
        return 2;
    }
    if (o.top < 0) {
        std::cerr << "error: --top " << o.top << ": expected a count ≥ 0; nothing was written\n";
        return 2;
    }
    if (o.exportPath && !o.method && !o.id) {
        std::cerr << "error: --export needs --method (or --id): which stored score to write; "
                     "nothing was written\n";
        return 2;
    }
    if (o.exportPath)
        engine::checkOutputPath(*o.exportPath, storage::Store::protectedPathsOf(o.store),
                                "--export");
    storage::Store store(o.store, storage::OpenOptions { .readOnly = true });
    if (o.method && !engine::findMethod(*o.method)) {
        std::cerr << "error: --method: unknown method '" << *o.method
                  << "'; `prunescope-cli methods` lists them\n";
        return 2;
    }
    std::vector<storage::ScoreRow> rows = store.scoreRows(o.method.value_or(""));
    // The Samples tab's record of computed flag sets is no pruning score.
    std::erase_if(rows, [](const storage::ScoreRow &r) { return r.method == "flag_set"; });
    if (o.id) {
        std::erase_if(rows, [&](const storage::ScoreRow &r) { return r.id != *o.id; });
        if (rows.empty()) {
            std::cerr << "error: --id: no stored score with id " << *o.id
                      << (o.method ? " and method " + *o.method : std::string()) << " in '"
                      << o.store << "'\n";
            return 2;
        }
    }
    if (rows.empty()) {
        const std::string text = "no " + (o.method ? *o.method + " " : std::string())
            + "scores are stored in '" + o.store
            + "': they are computed when a spec with a score-based method runs";
        if (o.method) { // asked for one: nothing to show or export is an error
            std::cerr << "error: " << text << "; nothing was written\n";
            return 2;
        }
        std::cout << char(std::toupper(text[0])) << text.substr(1) << ".\n";
        return 0;
    }
    if (!o.method && !o.id) {
        TextTable t(
            { "id", "method", "dataset", "n", "hard is", "seconds", "created", "settings" });
        for (const auto &r : rows)
            t.addRow({ std::to_string(r.id), r.method, r.dataset, std::to_string(r.count),
                       r.higherIsHarder ? "high" : "low", num(std::round(r.seconds * 10) / 10),
                       r.createdAt, shortSettings(r) });
        t.printAligned(std::cout);
        return 0;
    }
    const storage::ScoreRow &row = rows.back();
    if (rows.size() > 1)
        std::cout << rows.size() << " stored " << row.method
                  << " scores (different settings or seeds); showing the newest, id " << row.id
                  << " (choose with --id; `prunescope-cli scores " << o.store << "` lists them)\n";
    const std::vector<double> values = store.scoreValues(row.id);
    std::cout << row.method << " scores, id " << row.id << ", " << row.dataset << ", computed in "
              << duration(row.seconds) << " (" << row.createdAt << ")\n";
    std::cout << "settings: " << shortSettings(row) << '\n';
    std::cout << "hard = " << (row.higherIsHarder ? "high" : "low") << " score\n";

    // NaN: a sample held out for validation, which has no score.
    std::vector<double> sorted;
    for (double v : values)
        if (!std::isnan(v))
            sorted.push_back(v);
    std::sort(sorted.begin(), sorted.end());
    const auto infinite
        = std::count_if(values.begin(), values.end(), [](double v) { return std::isinf(v); });
    const auto heldOut = values.size() - sorted.size();
    std::cout << "count " << sorted.size();
    if (infinite)
        std::cout << " (" << infinite << " infinite)";
    if (heldOut)
        std::cout << "; " << heldOut << " samples held out for validation have none";
    std::cout << '\n';
    TextTable q({ "min", "1%", "10%", "25%", "median", "75%", "90%", "99%", "max" });
    std::vector<std::string> cells;
    for (double p : { 0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0 })
        cells.push_back(num(quantile(sorted, p)));
    q.addRow(cells);
    q.printAligned(std::cout);
    printHistogram(values, std::cout);

    std::vector<int64_t> order;
    for (size_t i = 0; i < values.size(); ++i)
        if (!std::isnan(values[i]))
            order.push_back(int64_t(i));
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return row.higherIsHarder ? values[a] > values[b] : values[a] < values[b];
    });
    const auto top
        = std::min<size_t>(static_cast<size_t>(std::max<int64_t>(o.top, 0)), order.size());
    const auto list = [&](const char *title, auto begin) {
        std::cout << title;
        for (size_t i = 0; i < top; ++i) {
            const int64_t idx = *(begin + static_cast<std::ptrdiff_t>(i));
            std::cout << (i ? ", " : " ") << idx << " (" << num(values[idx]) << ")";
        }
        std::cout << '\n';
    };
    list("hardest:", order.begin());
    list("easiest:", order.rbegin());

    if (o.exportPath) {
        engine::writeScoreFile(*o.exportPath, values, { row.method, row.dataset, row.fingerprint });
        std::cout << "wrote " << sorted.size() << " scores to " << *o.exportPath << '\n';
    }
    return 0;
}

int subsetCommand(const SubsetOptions &o)
{
    if (!std::filesystem::exists(o.store)) {
        std::cerr << "error: store '" << o.store << "' does not exist\n";
        return 2;
    }
    engine::checkOutputPath(o.exportPath, storage::Store::protectedPathsOf(o.store), "--export");
    storage::Store store(o.store, storage::OpenOptions { .readOnly = true });
    const auto run = store.run(o.run);
    if (!run) {
        std::cerr << "error: --run: no run with id " << o.run << " in '" << o.store
                  << "' (`prunescope-cli results " << o.store << " --view runs` lists them)\n";
        return 2;
    }
    const std::vector<int64_t> kept = store.keptIndices(o.run);
    if (kept.empty()) {
        std::cerr << "error: --run: run " << o.run << " (" << run->name
                  << ") has no kept subset yet: it is " << storage::statusName(run->status) << '\n';
        return 1;
    }
    const json config = json::parse(run->configJson, nullptr, false);
    std::string fingerprint;
    if (!config.is_discarded() && config.contains("dataset"))
        fingerprint = config["dataset"].value("fingerprint", "");
    engine::writeSubsetFile(o.exportPath, kept, { run->method, run->dataset, fingerprint });
    std::cout << "wrote the " << kept.size() << " kept indices of run " << o.run << " ("
              << run->name << ") to " << o.exportPath << '\n';
    return 0;
}

int methodsCommand(bool asJson)
{
    using Kind = engine::ParamInfo::Kind;
    json all = json::array();
    for (const auto &m : engine::methodRegistry()) {
        json params = json::array();
        for (const auto &p : m.params) {
            json pj { { "key", p.key }, { "default", p.defaultValue }, { "help", p.help } };
            if (p.kind == Kind::Choice)
                pj["choices"] = p.choices;
            if (p.kind == Kind::Integer || p.kind == Kind::Number)
                pj["range"] = { p.min, p.max };
            params.push_back(pj);
        }
        all.push_back(
            { { "name", m.name },
              { "title", m.title },
              { "definition", m.definition },
              { "hard", m.hard },
              { "default_direction",
                m.scoreFree ? json(nullptr) : json(engine::directionName(m.defaultDirection)) },
              { "uses_proxy", m.usesProxy },
              { "uses_teacher", m.usesTeacher },
              { "settings", params } });
    }
    if (asJson) {
        std::cout << all.dump(2) << '\n';
        return 0;
    }
    std::cout << "Pruning methods (pruning.method). Every setting goes in pruning.settings; "
                 "direction in pruning.direction (hardest, easiest, middle, stratified).\n"
                 "Proxy-based scores train pruning.proxy ({\"model\", \"train\"}; default: the "
                 "student's) on the full training set from pruning.score_seed.\n\n";
    for (const auto &m : all) {
        std::cout << m["name"].get<std::string>() << " — " << m["title"].get<std::string>() << '\n'
                  << "  " << m["definition"].get<std::string>() << '\n'
                  << "  hard: " << m["hard"].get<std::string>();
        if (!m["default_direction"].is_null())
            std::cout << "; keeps by default: " << m["default_direction"].get<std::string>();
        std::cout << '\n';
        for (const auto &p : m["settings"]) {
            std::cout << "  · " << p["key"].get<std::string>() << " = "
                      << (p["default"].is_null() ? std::string("(required)") : p["default"].dump());
            if (p.contains("choices")) {
                std::string c;
                for (const auto &x : p["choices"])
                    c += (c.empty() ? "" : "|") + x.get<std::string>();
                std::cout << " [" << c << "]";
            }
            if (p.contains("range"))
                std::cout << " [" << num(p["range"][0]) << ", " << num(p["range"][1]) << "]";
            std::cout << " — " << p["help"].get<std::string>() << '\n';
        }
        std::cout << '\n';
    }
    return 0;
}

} // namespace cli

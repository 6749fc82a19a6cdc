#include "app/cli/run_command.h"

#include "app/cli/progress_printer.h"
#include "app/cli/results_command.h"
#include "engine/budget.h"
#include "engine/errors.h"
#include "engine/number_list.h"
#include "engine/runner.h"
#include "storage/recorder.h"
#include "storage/store.h"
#include "storage/store_error.h"

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

namespace cli {

using nlohmann::json;

namespace {

std::optional<std::string> readFile(const std::string &path, std::string &error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read spec '" + path + "': no such file or not readable";
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Writes each given flag into the spec JSON at its field, as text the spec parser reads (so a
/// bad flag value is reported under the field it sets).
void applyOverrides(json &spec, const RunOptions &o)
{
    auto set = [&spec](std::initializer_list<const char *> path,
                       const std::optional<std::string> &value) {
        if (!value)
            return;
        json *node = &spec;
        for (auto it = path.begin(); it != path.end(); ++it) {
            if (std::next(it) == path.end())
                (*node)[*it] = *value;
            else
                node = &(*node)[*it];
        }
    };
    set({ "name" }, o.name);
    set({ "dataset", "path" }, o.dataset);
    set({ "dataset", "format" }, o.datasetFormat);
    set({ "student", "model" }, o.student);
    set({ "teacher", "model" }, o.teacher);
    set({ "pruning", "method" }, o.method);
    set({ "pruning", "fractions" }, o.fractions);
    set({ "distillation", "alphas" }, o.alphas);
    set({ "distillation", "tau" }, o.tau);
    set({ "seeds" }, o.seeds);
    set({ "device" }, o.device);
    set({ "student", "train", "batch_size" }, o.batchSize);
    if (o.steps) {
        spec["student"]["train"].erase("epochs");
        set({ "student", "train", "steps" }, o.steps);
    }
    if (o.epochs) {
        spec["student"]["train"].erase("steps");
        set({ "student", "train", "epochs" }, o.epochs);
    }
    if (o.teacherEpochs) {
        spec["teacher"]["train"].erase("steps");
        set({ "teacher", "train", "epochs" }, o.teacherEpochs);
    }
    if (o.classBalanced)
        spec["pruning"]["class_balanced"] = *o.classBalanced;
}

void printPlan(const engine::Experiment &experiment)
{
    const auto &info = experiment.dataset();
    std::cout << info.name << " (" << info.trainSize() << " training images), "
              << experiment.runs().size() << " runs:\n";
    for (const auto &run : experiment.runs())
        std::cout << "  " << engine::runDisplayName(run) << "  (" << run.keptCount << " samples, "
                  << engine::totalSteps(run.recipe, run.keptCount) << " steps)\n";
}

} // namespace

int runCommand(const RunOptions &options, std::stop_token stop)
{
    std::string error;
    const auto text = readFile(options.specPath, error);
    if (!text) {
        std::cerr << "error: " << error << '\n';
        return 2;
    }
    json spec;
    try {
        spec = json::parse(*text);
    } catch (const json::parse_error &e) {
        std::cerr << "error: spec '" << options.specPath << "' is not valid JSON: " << e.what()
                  << '\n';
        return 2;
    }
    if (!spec.is_object()) {
        std::cerr << "error: spec '" << options.specPath << "' must be a JSON object {...}\n";
        return 2;
    }
    applyOverrides(spec, options);
    const engine::ParsedSpec parsed = engine::parseSpec(spec.dump());
    if (!parsed.problems.empty()) {
        std::cerr << "error: spec '" << options.specPath
                  << "' (with the command-line overrides) has " << parsed.problems.size()
                  << (parsed.problems.size() == 1 ? " problem:\n" : " problems:\n");
        for (const auto &p : parsed.problems)
            std::cerr << "  " << p.field << ": " << p.message << '\n';
        return 2;
    }

    std::optional<engine::Experiment> experiment;
    try {
        experiment = engine::Experiment::prepare(parsed.spec);
    } catch (const engine::DataError &e) {
        std::cerr << "error: dataset: " << e.what() << '\n';
        return 2;
    } catch (const engine::ConfigError &e) {
        std::cerr << "error: spec '" << options.specPath << "':\n  " << e.what() << '\n';
        return 2;
    }
    if (options.dryRun) {
        printPlan(*experiment);
        return 0;
    }

    std::optional<storage::Store> store;
    try {
        store.emplace(options.store);
        if (const int interrupted = store->recoverInterrupted())
            std::cerr << interrupted << " run(s) interrupted by an earlier crash will run again\n";
    } catch (const std::exception &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }

    storage::Recorder recorder(*store);
    ProgressPrinter printer(experiment->runs(), std::cerr, isatty(STDERR_FILENO) != 0);
    engine::ObserverList observers;
    observers.add(&recorder);
    observers.add(&printer);
    std::cerr << experiment->dataset().name << " · " << experiment->runs().size()
              << " runs · store " << options.store << '\n';
    const engine::RunSummary summary
        = engine::runExperiment(*experiment, recorder, observers, stop);

    std::cerr << summary.finished << " finished, " << summary.skipped << " already stored, "
              << summary.failed << " failed, " << summary.cancelled << " cancelled\n";
    printExperimentResults(*store, recorder.experimentId(), std::cout);
    if (summary.cancelled > 0 || stop.stop_requested())
        return 130;
    return summary.failed > 0 ? 1 : 0;
}

} // namespace cli

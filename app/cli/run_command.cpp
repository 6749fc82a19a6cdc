#include "app/cli/run_command.h"

#include "cluster/run_share.h"

#include "app/cli/progress_printer.h"
#include "app/cli/results_command.h"
#include "app/cli/spec_loading.h"
#include "app/cli/text_table.h"
#include "engine/core/errors.h"
#include "engine/core/number_list.h"
#include "engine/data/dataset_cache.h"
#include "engine/experiment/run_expansion.h"
#include "engine/experiment/runner.h"
#include "engine/train/budget.h"
#include "engine/train/device.h"
#include "storage/artifact_copy.h"
#include "storage/recorder.h"
#include "storage/store.h"
#include "storage/store_error.h"

#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace cli {

namespace {

/// Counts the runs this process finished (and the store recorded).
class FinishedCounter : public engine::Observer
{
public:
    void runFinished(const engine::RunOutcome &) override { ++m_count; }
    int count() const { return m_count; }

private:
    int m_count = 0;
};

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
    auto study = loadStudy(options);
    if (!study)
        return 2;

    // Every experiment is prepared (data read, runs expanded) before anything runs or is written.
    engine::DatasetCache datasets(2);
    std::vector<engine::Experiment> experiments;
    for (size_t i = 0; i < study->experiments.size(); ++i) {
        engine::ExperimentSpec spec = study->experiments[i];
        // Decoded image folders are cached beside the store, like its teachers.
        if (spec.imageOptions.cacheDir.empty() && options.store != ":memory:" && !options.dryRun)
            spec.imageOptions.cacheDir = storage::Store::artifactsDirOf(options.store) / "decoded";
        const std::string which = study->experiments.size() > 1
            ? " (experiment " + std::to_string(i + 1) + " of "
                + std::to_string(study->experiments.size()) + ", '" + spec.name + "')"
            : std::string();
        try {
            experiments.push_back(engine::Experiment::prepare(spec, datasets));
        } catch (const engine::DataError &e) {
            std::cerr << "error: dataset" << which << ": " << e.what() << '\n';
            return 2;
        } catch (const engine::ConfigError &e) {
            std::cerr << "error: spec '" << options.specPath << "'" << which << ":\n  " << e.what()
                      << '\n';
            return 2;
        }
    }
    if (options.threads > 0)
        engine::useThreads(options.threads);
    // A cluster task's share, or a preparation job: one experiment, narrowed to its runs.
    const bool soleWriter = options.shard || options.runList;
    if (soleWriter || options.prepareOnly || options.artifactsFrom) {
        if (experiments.size() != 1) {
            std::cerr << "error: spec '" << options.specPath << "' holds " << experiments.size()
                      << " experiments; --shard, --run-list, --prepare-only and --artifacts-from "
                         "take a spec of one experiment\n";
            return 2;
        }
        try {
            if (options.shard)
                experiments[0].restrictTo(
                    cluster::shardPositions(*options.shard, experiments[0].runs().size()));
            if (options.runList)
                experiments[0].restrictTo(
                    cluster::runListPositions(*options.runList, experiments[0]));
        } catch (const std::exception &e) {
            std::cerr << "error: " << e.what() << '\n';
            return 2;
        }
    }
    if (options.dryRun) {
        for (const auto &experiment : experiments)
            printPlan(experiment);
        return 0;
    }

    std::optional<storage::Store> store;
    try {
        store.emplace(options.store);
        // A shard is written by its task alone: whatever it left running was interrupted, even
        // on another node (a requeued task).
        if (const int interrupted = store->recoverInterrupted(soleWriter))
            std::cerr << interrupted
                      << " run(s) in the store were left running by a process that ended; "
                      << "marked interrupted, they run again when their spec runs\n";
        if (options.artifactsFrom) {
            storage::Store from(*options.artifactsFrom, storage::OpenOptions { .readOnly = true });
            std::vector<const engine::RunConfig *> runs;
            for (const auto &run : experiments[0].runs())
                runs.push_back(&run);
            const auto selection = cluster::artifactsNeeded(experiments[0].dataset().name, runs);
            const auto copied = storage::copyArtifacts(from, *store, selection);
            if (copied.teachers + copied.scores > 0)
                std::cerr << "from " << *options.artifactsFrom << ": " << copied.teachers
                          << " teacher(s), " << copied.scores << " score(s)\n";
        }
    } catch (const storage::StoreError &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    } catch (const std::exception &e) { // SQLite refusing the first write (a full disk)
        std::cerr << "error: the store '" << options.store << "' cannot be written: " << e.what()
                  << "; nothing was run\n";
        return 2;
    }

    if (study->finding)
        std::cerr << "Study: finding " << *study->finding << " — " << study->summary << '\n';
    std::vector<int64_t> experimentIds;
    int failed = 0;
    bool stopped = false;
    for (size_t i = 0; i < experiments.size() && !stopped; ++i) {
        const auto &experiment = experiments[i];
        storage::Recorder recorder(*store);
        ProgressPrinter printer(experiment.runs(), std::cerr, isatty(STDERR_FILENO) != 0);
        engine::ObserverList observers;
        observers.add(&recorder);
        observers.add(&printer);
        if (experiments.size() > 1)
            std::cerr << "\nExperiment " << i + 1 << " of " << experiments.size() << ": "
                      << experiment.spec().name << '\n';
        std::cerr << experiment.dataset().name << " · " << experiment.runs().size()
                  << " runs · store " << options.store << '\n';
        if (!experiment.dataset().loadNote.empty())
            std::cerr << "dataset: " << experiment.dataset().loadNote << '\n';
        FinishedCounter finished;
        observers.add(&finished);
        engine::RunSummary summary;
        try {
            summary = engine::runExperiment(experiment, recorder, observers, stop,
                                            options.prepareOnly ? engine::Phases::PrepareOnly
                                                                : engine::Phases::All);
        } catch (const std::exception &e) {
            if (options.prepareOnly) {
                std::cerr << "\nerror: the preparation failed: " << e.what() << '\n';
                return 1;
            }
            // The store failing (disk full, the file made read-only or removed): what finished
            // before is kept; nothing is half-written, since every run commits in one transaction.
            const bool anyFinished = finished.count() > 0 || !experimentIds.empty();
            std::cerr << "\nerror: the store '" << options.store
                      << "' could not be written: " << e.what() << '\n'
                      << (finished.count() > 0
                              ? std::to_string(finished.count())
                                  + " run(s) finished and are stored; rerun the spec to finish the "
                                    "rest"
                              : std::string("no run of this experiment was stored"))
                      << '\n';
            return anyFinished ? 1 : 2;
        }
        if (options.prepareOnly) {
            std::cerr << "prepared: teacher " << duration(summary.teacherSeconds) << ", scores "
                      << duration(summary.scoreSeconds) << " (" << summary.scoresComputed
                      << " computed now) for " << experiment.runs().size() << " runs\n";
            stopped = stop.stop_requested();
            continue;
        }
        experimentIds.push_back(recorder.experimentId());

        std::cerr << summary.finished << " finished, " << summary.skipped << " already stored, "
                  << summary.failed << " failed, " << summary.cancelled << " cancelled";
        if (summary.notStarted > 0)
            std::cerr << ", " << summary.notStarted
                      << " not started (rerun the spec to finish them)";
        std::cerr << '\n';
        if (summary.finished > 0 || summary.scoresComputed > 0)
            std::cerr << "time: teacher " << duration(summary.teacherSeconds) << ", scores "
                      << duration(summary.scoreSeconds) << " (" << summary.scoresComputed
                      << " computed now), students " << duration(summary.studentSeconds)
                      << (summary.runsAtOnce > 1
                              ? " (" + std::to_string(summary.runsAtOnce) + " at once)"
                              : std::string())
                      << '\n';
        failed += summary.failed;
        stopped = summary.cancelled > 0 || summary.notStarted > 0 || stop.stop_requested();
    }
    if (!options.prepareOnly)
        printExperimentResults(*store, experimentIds, std::cout);
    if (stopped)
        return 130;
    return failed > 0 ? 1 : 0;
}

} // namespace cli

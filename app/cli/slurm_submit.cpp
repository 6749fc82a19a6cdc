#include "cluster/scripts.h"
#include "cluster/submit.h"

#include "app/cli/slurm_commands.h"
#include "app/cli/spec_loading.h"
#include "engine/core/errors.h"
#include "engine/experiment/experiment.h"
#include "storage/store.h"

#include <iostream>

namespace cli {

namespace fs = std::filesystem;

int slurmSubmitCommand(const SubmitOptions &options)
{
    if (!options.dryRun)
        if (const auto why = cluster::cannotSubmitHere()) {
            std::cerr << "error: " << *why << "; --dry-run writes the scripts without submitting\n";
            return 2;
        }
    if (options.runsPerTask < 1) {
        std::cerr << "error: --runs-per-task " << options.runsPerTask << ": expected 1 or more\n";
        return 2;
    }
    auto study = loadStudy(options.run);
    if (!study)
        return 2;
    if (study->experiments.size() != 1) {
        std::cerr << "error: spec '" << options.run.specPath << "' holds "
                  << study->experiments.size()
                  << " experiments; slurm submit takes a spec of one experiment (submit each "
                     "of a study's experiments from its own spec)\n";
        return 2;
    }
    const engine::ExperimentSpec &spec = study->experiments[0];
    std::optional<engine::Experiment> experiment;
    try {
        experiment.emplace(engine::Experiment::prepare(spec));
    } catch (const engine::DataError &e) {
        std::cerr << "error: dataset: " << e.what() << '\n';
        return 2;
    } catch (const engine::ConfigError &e) {
        std::cerr << "error: spec '" << options.run.specPath << "':\n  " << e.what() << '\n';
        return 2;
    }

    const fs::path workspace = fs::absolute(options.run.store);
    cluster::SubmitRequest request;
    request.workspace = workspace;
    request.resources = options.resources;
    request.runsPerTask = options.runsPerTask;
    request.dryRun = options.dryRun;
    request.commandLine = options.commandLine;
    request.workdir = fs::current_path();
    cluster::SubmitResult result;
    try {
        request.cli = fs::canonical("/proc/self/exe");
        // Created (or migrated) here: the submission itself only reads the workspace.
        storage::Store { workspace };
        result = cluster::submitSweep(*experiment, request);
    } catch (const cluster::SubmitRefused &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    } catch (const std::exception &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
    for (const auto &warning : result.warnings)
        std::cerr << "warning: " << warning << '\n';
    if (result.inFlight > 0)
        std::cerr << result.inFlight
                  << " run(s) belong to tasks of an earlier sweep still queued or running; not "
                     "submitted again\n";
    if (result.submitted == 0) {
        std::cout << "Nothing to submit: all " << result.total << " runs of '" << spec.name
                  << "' are in the workspace, its shards or tasks still queued.\n";
        return 0;
    }
    const cluster::Sweep &sweep = result.sweep;
    std::cout << sweep.folder.filename().string() << ": " << result.submitted << " runs of '"
              << spec.name << "' in " << sweep.tasks << " task" << (sweep.tasks == 1 ? "" : "s")
              << " (" << options.runsPerTask << " run" << (options.runsPerTask == 1 ? "" : "s")
              << " each); " << result.held << " already in the workspace or its shards\n"
              << "  scripts: " << (sweep.folder / "prepare.sbatch").string() << "\n           "
              << (sweep.folder / "tasks.sbatch").string() << '\n'
              << "  logs:    " << (sweep.folder / "logs").string() << "/\n";
    if (options.dryRun) {
        std::cout << "  not submitted (--dry-run); to submit:\n";
        for (const auto &line : cluster::manualSubmitLines(sweep))
            std::cout << "    " << line << '\n';
        return 0;
    }
    std::cout << "  submitted: preparation job " << sweep.prepareJob << ", then job array "
              << sweep.arrayJob << " (tasks 0-" << sweep.tasks - 1
              << (options.resources.maxParallel > 0
                      ? ", " + std::to_string(options.resources.maxParallel) + " at a time"
                      : std::string())
              << ") once it succeeds\n"
              << "  follow:  prunescope-cli slurm status "
              << cluster::shellQuote(workspace.string()) << '\n';
    return 0;
}

} // namespace cli

#include "app/cli/program.h"
#include "app/cli/run_share.h"
#include "app/cli/slurm_commands.h"
#include "app/cli/slurm_queue.h"
#include "app/cli/spec_loading.h"
#include "engine/core/errors.h"
#include "engine/experiment/experiment.h"
#include "engine/experiment/spec_json.h"
#include "storage/artifact_copy.h"
#include "storage/store.h"
#include "storage/store_error.h"

#include <fstream>
#include <iostream>
#include <set>
#include <unistd.h>

namespace cli {

namespace fs = std::filesystem;

namespace {

/// Keys of the runs finished in a store (a shard that cannot be read holds none for this purpose,
/// and is reported).
std::set<std::string> doneKeys(const fs::path &file)
{
    std::set<std::string> keys;
    try {
        storage::Store store(file, storage::OpenOptions { .readOnly = true });
        for (const auto &run : store.runs())
            if (run.status == storage::RunStatus::Done)
                keys.insert(run.key);
    } catch (const std::exception &e) {
        std::cerr << "warning: " << e.what() << "; its runs count as missing\n";
    }
    return keys;
}

void writeText(const fs::path &file, const std::string &text, bool executable)
{
    std::ofstream out(file);
    out << text;
    out.flush();
    if (!out)
        throw std::runtime_error("cannot write '" + file.string() + "'");
    if (executable)
        fs::permissions(file, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
}

/// The job id sbatch --parsable prints ("123" or "123;cluster").
std::optional<std::string> submit(const std::vector<std::string> &argv, std::string &error)
{
    const ProgramResult r = runProgram(argv);
    std::string id = r.out.substr(0, r.out.find_first_of(";\n"));
    if (r.exitCode != 0 || id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
        error = "sbatch refused " + argv.back() + " (exit " + std::to_string(r.exitCode)
            + "): " + (r.err.empty() ? r.out : r.err);
        return std::nullopt;
    }
    return id;
}

} // namespace

int slurmSubmitCommand(const SubmitOptions &options)
{
    if (!options.dryRun && !onPath("sbatch")) {
        std::cerr << "error: sbatch is not on the PATH: this machine cannot submit to Slurm "
                     "(run this on the cluster's login node; --dry-run writes the scripts "
                     "without submitting)\n";
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
    std::optional<storage::Store> store;
    std::vector<Sweep> earlier;
    try {
        store.emplace(workspace);
        earlier = sweepsOf(workspace);
    } catch (const std::exception &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }

    // What the workspace, its shards and the tasks still queued or running hold already: only
    // the rest is submitted (a resubmission after a failure runs only what is missing).
    std::set<std::string> held = doneKeys(workspace);
    std::set<std::string> inFlight;
    const SlurmQueue queue = SlurmQueue::read();
    for (const Sweep &sweep : earlier)
        for (int t = 0; t < sweep.tasks; ++t) {
            if (fs::exists(sweep.shard(t)))
                for (const auto &key : doneKeys(sweep.shard(t)))
                    held.insert(key);
            if (!sweep.dryRun && queue.taskAlive(sweep.arrayJob, t))
                for (const auto &key : runListKeys(sweep.runList(t)))
                    inFlight.insert(key);
        }
    std::vector<const engine::RunConfig *> missing;
    int heldCount = 0, flying = 0;
    for (const auto &run : experiment->runs()) {
        const std::string key = runKey(run);
        if (held.count(key))
            ++heldCount;
        else if (inFlight.count(key))
            ++flying;
        else
            missing.push_back(&run);
    }
    if (flying > 0)
        std::cerr << flying
                  << " run(s) belong to tasks of an earlier sweep still queued or running; not "
                     "submitted again\n";
    if (missing.empty()) {
        std::cout << "Nothing to submit: all " << experiment->runs().size() << " runs of '"
                  << spec.name << "' are in the workspace, its shards or tasks still queued.\n";
        return 0;
    }

    Sweep sweep;
    try {
        sweep = newSweep(workspace);
        sweep.experiment = spec.name;
        sweep.createdAt = storage::utcNow();
        sweep.runs = static_cast<int>(missing.size());
        sweep.tasks = static_cast<int>((missing.size() + size_t(options.runsPerTask) - 1)
                                       / size_t(options.runsPerTask));
        sweep.dryRun = options.dryRun;
        sweep.command = options.commandLine;
        writeText(sweep.specFile(), engine::specToJson(spec) + "\n", false);
        writeRunList(sweep.folder / "tasks" / "all.txt", "every run of " + sweep.folder.string(),
                     missing);
        for (int t = 0; t < sweep.tasks; ++t) {
            const size_t from = size_t(t) * size_t(options.runsPerTask);
            const size_t to = std::min(missing.size(), from + size_t(options.runsPerTask));
            writeRunList(sweep.runList(t),
                         taskName(t) + " of " + sweep.folder.filename().string() + ": '" + spec.name
                             + "'",
                         { missing.begin() + long(from), missing.begin() + long(to) });
        }
        // The teachers and scores the workspace (or an earlier sweep) has: nothing is trained
        // twice across sweeps either.
        storage::Store prepare(sweep.prepareStore());
        const auto selection = artifactsNeeded(experiment->dataset().name, missing);
        storage::copyArtifacts(*store, prepare, selection);
        for (const Sweep &before : earlier)
            if (fs::exists(before.prepareStore()) && !queue.jobAlive(before.prepareJob)) {
                storage::Store from(before.prepareStore(),
                                    storage::OpenOptions { .readOnly = true });
                storage::copyArtifacts(from, prepare, selection);
            }
        const fs::path cli = fs::canonical("/proc/self/exe");
        const fs::path workdir = fs::current_path();
        writeText(sweep.folder / "prepare.sbatch",
                  prepareScript(sweep, options.resources, cli, workdir), true);
        writeText(sweep.folder / "tasks.sbatch",
                  tasksScript(sweep, options.resources, cli, workdir), true);
        writePlan(sweep);
    } catch (const std::exception &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }

    const std::string prepareScriptPath = (sweep.folder / "prepare.sbatch").string();
    const std::string tasksScriptPath = (sweep.folder / "tasks.sbatch").string();
    std::cout << sweep.folder.filename().string() << ": " << missing.size() << " runs of '"
              << spec.name << "' in " << sweep.tasks << " task" << (sweep.tasks == 1 ? "" : "s")
              << " (" << options.runsPerTask << " run" << (options.runsPerTask == 1 ? "" : "s")
              << " each); " << heldCount << " already in the workspace or its shards\n"
              << "  scripts: " << prepareScriptPath << "\n           " << tasksScriptPath << '\n'
              << "  logs:    " << (sweep.folder / "logs").string() << "/\n";
    if (options.dryRun) {
        std::cout << "  not submitted (--dry-run); to submit:\n"
                  << "    sbatch --parsable " << shellQuote(prepareScriptPath) << '\n'
                  << "    sbatch --parsable --dependency=afterok:<the preparation's job id> "
                  << shellQuote(tasksScriptPath) << '\n';
        return 0;
    }
    std::string error;
    const auto prepareJob = submit({ "sbatch", "--parsable", prepareScriptPath }, error);
    if (!prepareJob) {
        std::cerr << "error: " << error << '\n';
        return 1;
    }
    const auto arrayJob = submit(
        { "sbatch", "--parsable", "--dependency=afterok:" + *prepareJob, tasksScriptPath }, error);
    sweep.prepareJob = *prepareJob;
    sweep.arrayJob = arrayJob.value_or("");
    writePlan(sweep);
    if (!arrayJob) {
        std::cerr << "error: " << error << "\n(the preparation job " << *prepareJob
                  << " was submitted; `scancel " << *prepareJob << "` withdraws it)\n";
        return 1;
    }
    std::cout << "  submitted: preparation job " << *prepareJob << ", then job array " << *arrayJob
              << " (tasks 0-" << sweep.tasks - 1
              << (options.resources.maxParallel > 0
                      ? ", " + std::to_string(options.resources.maxParallel) + " at a time"
                      : std::string())
              << ") once it succeeds\n"
              << "  follow:  prunescope-cli slurm status " << shellQuote(workspace.string())
              << '\n';
    return 0;
}

} // namespace cli

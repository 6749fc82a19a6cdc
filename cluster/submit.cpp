#include "cluster/submit.h"

#include "cluster/program.h"
#include "cluster/queue.h"
#include "cluster/run_share.h"
#include "cluster/scripts.h"

#include "engine/experiment/experiment.h"
#include "engine/experiment/spec_json.h"
#include "storage/artifact_copy.h"
#include "storage/store.h"

#include <fstream>
#include <set>

namespace cluster {

namespace fs = std::filesystem;

namespace {

/// Keys of the runs finished in a store; a store that cannot be read holds none for this
/// purpose, and is reported.
std::set<std::string> doneKeys(const fs::path &file, std::vector<std::string> &warnings)
{
    std::set<std::string> keys;
    try {
        storage::Store store(file, storage::OpenOptions { .readOnly = true });
        for (const auto &run : store.runs())
            if (run.status == storage::RunStatus::Done)
                keys.insert(run.key);
    } catch (const std::exception &e) {
        warnings.push_back(std::string(e.what()) + "; its runs count as missing");
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
std::string submit(const std::vector<std::string> &argv)
{
    const ProgramResult r = runProgram(argv);
    std::string id = r.out.substr(0, r.out.find_first_of(";\n"));
    if (r.exitCode != 0 || id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
        throw SubmitRefused("sbatch refused " + argv.back() + " (exit " + std::to_string(r.exitCode)
                            + "): " + (r.err.empty() ? r.out : r.err));
    return id;
}

} // namespace

std::optional<std::string> cannotSubmitHere()
{
    if (onPath("sbatch"))
        return std::nullopt;
    return "sbatch is not on the PATH: this machine cannot submit to Slurm (run on the "
           "cluster's login node)";
}

SubmitResult submitSweep(const engine::Experiment &experiment, const SubmitRequest &request)
{
    if (request.runsPerTask < 1)
        throw std::runtime_error("runs per task " + std::to_string(request.runsPerTask)
                                 + ": expected 1 or more");
    if (!request.dryRun)
        if (const auto why = cannotSubmitHere())
            throw std::runtime_error(*why);
    const fs::path workspace = fs::absolute(request.workspace);
    const std::vector<Sweep> earlier = sweepsOf(workspace);
    storage::Store store(workspace, storage::OpenOptions { .readOnly = true });

    // What the workspace, its shards and the tasks still queued or running hold already: only
    // the rest is submitted (a resubmission after a failure runs only what is missing).
    SubmitResult result;
    std::set<std::string> held = doneKeys(workspace, result.warnings);
    std::set<std::string> inFlight;
    const SlurmQueue queue = SlurmQueue::read();
    for (const Sweep &sweep : earlier)
        for (int t = 0; t < sweep.tasks; ++t) {
            if (fs::exists(sweep.shard(t)))
                for (const auto &key : doneKeys(sweep.shard(t), result.warnings))
                    held.insert(key);
            if (!sweep.dryRun && queue.taskAlive(sweep.arrayJob, t))
                for (const auto &key : runListKeys(sweep.runList(t)))
                    inFlight.insert(key);
        }
    std::vector<const engine::RunConfig *> missing;
    for (const auto &run : experiment.runs()) {
        const std::string key = runKey(run);
        if (held.count(key))
            ++result.held;
        else if (inFlight.count(key))
            ++result.inFlight;
        else
            missing.push_back(&run);
    }
    result.total = static_cast<int>(experiment.runs().size());
    if (missing.empty())
        return result;
    result.submitted = static_cast<int>(missing.size());

    Sweep sweep = newSweep(workspace);
    const engine::ExperimentSpec &spec = experiment.spec();
    const size_t perTask = size_t(request.runsPerTask);
    sweep.experiment = spec.name;
    sweep.createdAt = storage::utcNow();
    sweep.runs = result.submitted;
    sweep.tasks = static_cast<int>((missing.size() + perTask - 1) / perTask);
    sweep.dryRun = request.dryRun;
    sweep.command = request.commandLine;
    sweep.resources = request.resources;
    sweep.runsPerTask = request.runsPerTask;
    writeText(sweep.specFile(), engine::specToJson(spec) + "\n", false);
    writeRunList(sweep.folder / "tasks" / "all.txt", "every run of " + sweep.folder.string(),
                 missing);
    for (int t = 0; t < sweep.tasks; ++t) {
        const size_t from = size_t(t) * perTask;
        const size_t to = std::min(missing.size(), from + perTask);
        writeRunList(sweep.runList(t),
                     taskName(t) + " of " + sweep.folder.filename().string() + ": '" + spec.name
                         + "'",
                     { missing.begin() + long(from), missing.begin() + long(to) });
    }
    // The teachers and scores the workspace (or an earlier sweep) has: nothing is trained twice
    // across sweeps either.
    {
        storage::Store prepare(sweep.prepareStore());
        const auto selection = artifactsNeeded(experiment.dataset().name, missing);
        storage::copyArtifacts(store, prepare, selection);
        for (const Sweep &before : earlier)
            if (fs::exists(before.prepareStore()) && !queue.jobAlive(before.prepareJob)) {
                storage::Store from(before.prepareStore(),
                                    storage::OpenOptions { .readOnly = true });
                storage::copyArtifacts(from, prepare, selection);
            }
    }
    writeText(sweep.folder / "prepare.sbatch",
              prepareScript(sweep, request.resources, request.cli, request.workdir), true);
    writeText(sweep.folder / "tasks.sbatch",
              tasksScript(sweep, request.resources, request.cli, request.workdir), true);
    writePlan(sweep);
    result.sweep = sweep;
    if (request.dryRun)
        return result;

    const std::string prepareScriptPath = (sweep.folder / "prepare.sbatch").string();
    const std::string tasksScriptPath = (sweep.folder / "tasks.sbatch").string();
    sweep.prepareJob = submit({ "sbatch", "--parsable", prepareScriptPath });
    writePlan(sweep);
    result.sweep = sweep;
    try {
        sweep.arrayJob = submit({ "sbatch", "--parsable",
                                  "--dependency=afterok:" + sweep.prepareJob, tasksScriptPath });
    } catch (const SubmitRefused &e) {
        throw SubmitRefused(std::string(e.what()) + "\n(the preparation job " + sweep.prepareJob
                            + " was submitted; `scancel " + sweep.prepareJob + "` withdraws it)");
    }
    writePlan(sweep);
    result.sweep = sweep;
    return result;
}

std::vector<std::string> manualSubmitLines(const Sweep &sweep)
{
    return { "sbatch --parsable " + shellQuote((sweep.folder / "prepare.sbatch").string()),
             "sbatch --parsable --dependency=afterok:<the preparation's job id> "
                 + shellQuote((sweep.folder / "tasks.sbatch").string()) };
}

} // namespace cluster

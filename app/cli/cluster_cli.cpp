#include "app/cli/cluster_cli.h"

#include "cluster/scripts.h"

#include <CLI/CLI.hpp>

namespace cli {

void addTaskOptions(CLI::App &run, RunOptions &o)
{
    run.add_option_function<std::string>(
        "--shard", [&o](const std::string &v) { o.shard = v; },
        "Run only the runs at positions p with p mod N = I (\"I/N\"): one task's share of a "
        "sweep; the store is then written by this process alone");
    run.add_option_function<std::string>(
        "--run-list", [&o](const std::string &v) { o.runList = v; },
        "Run only the runs this file lists by key (written by `slurm submit`); the store is "
        "then written by this process alone");
    run.add_flag("--prepare-only", o.prepareOnly,
                 "Only train the teacher and compute the pruning scores into the store's caches "
                 "(a sweep's preparation job)");
    run.add_option_function<std::string>(
        "--artifacts-from", [&o](const std::string &v) { o.artifactsFrom = v; },
        "Take the teachers and scores from this store first (read only): nothing is trained "
        "twice");
    run.add_option("--threads", o.threads,
                   "LibTorch threads (default: every CPU this process may use; 1 makes float "
                   "results independent of the machine)")
        ->check(CLI::Range(1, 1024));
}

void addClusterCommands(CLI::App &app, ClusterCommands &c,
                        void (*bindSpecOptions)(CLI::App *, RunOptions &))
{
    auto *slurm = app.add_subcommand(
        "slurm",
        "Sweeps on a Slurm cluster: a preparation job, then a job array of tasks that "
        "each write a shard store; status follows them and merges the shards");
    slurm->require_subcommand(1);
    SubmitOptions &s = c.submitOptions;
    c.submit = slurm->add_subcommand(
        "submit",
        "Plan the runs the workspace does not hold yet, write the batch scripts beside "
        "it (WS-slurm/sweep-NNN/) and submit them with sbatch");
    c.submit->add_option("spec", s.run.specPath, "Experiment spec (JSON)")->required();
    c.submit->add_option("-s,--store", s.run.store, "The workspace (SQLite store)")->required();
    c.submit->add_option("--partition", s.resources.partition, "Slurm partition");
    c.submit->add_option("--gres", s.resources.gres, "Generic resources per task, e.g. gpu:1");
    c.submit
        ->add_option("--cpus-per-task", s.resources.cpusPerTask,
                     "CPUs per task (also the task's LibTorch threads)")
        ->check(CLI::Range(1, 1024));
    c.submit->add_option("--mem", s.resources.mem, "Memory per task, e.g. 16G");
    c.submit->add_option("--time", s.resources.time, "Time limit per task, e.g. 4:00:00");
    c.submit->add_option("--account", s.resources.account, "Account to charge");
    c.submit->add_option("--runs-per-task", s.runsPerTask, "Runs each array task trains")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    c.submit
        ->add_option("--max-parallel", s.resources.maxParallel,
                     "At most this many tasks at once (--array=0-N%M)")
        ->check(CLI::Range(1, 100000));
    c.submit
        ->add_option("--grace", s.resources.graceSeconds,
                     "Seconds before the time limit at which a task stops its run and requeues "
                     "itself (--signal=B:USR1@SECONDS)")
        ->capture_default_str()
        ->check(CLI::Range(10, 3600));
    c.submit->add_flag("--dry-run", s.dryRun,
                       "Write the scripts and print the sbatch lines; submit nothing");
    bindSpecOptions(c.submit, s.run);

    c.status = slurm->add_subcommand(
        "status",
        "Per task: the Slurm state and the shard's progress; then merge the shards of "
        "the tasks that ended into the workspace");
    c.status->add_option("store", c.statusWorkspace, "The workspace")->required();
    c.status->add_flag("--no-merge", c.statusNoMerge, "Only show; merge nothing");

    c.merge = app.add_subcommand(
        "merge",
        "Fold shard stores (finished runs, curves, kept subsets, teachers, scores) into "
        "a workspace; merging twice changes nothing, conflicts are reported");
    c.merge->add_option("store", c.mergeWorkspace, "The workspace")->required();
    c.merge->add_option("shards", c.mergeShards, "Shard stores")->required();
}

std::optional<int> runClusterCommand(const ClusterCommands &c, int argc, char **argv)
{
    if (*c.submit) {
        SubmitOptions options = c.submitOptions;
        for (int i = 0; i < argc; ++i)
            options.commandLine += (i ? " " : "") + cluster::shellQuote(argv[i]);
        return slurmSubmitCommand(options);
    }
    if (*c.status)
        return slurmStatusCommand(c.statusWorkspace, !c.statusNoMerge);
    if (*c.merge)
        return mergeCommand(c.mergeWorkspace, c.mergeShards);
    return std::nullopt;
}

} // namespace cli

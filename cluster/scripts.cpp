#include "cluster/scripts.h"

#include <sstream>

namespace cluster {

namespace fs = std::filesystem;

std::string shellQuote(const std::string &word)
{
    if (!word.empty()
        && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                  "0123456789_-./:=,@%+")
            == std::string::npos)
        return word;
    std::string quoted = "'";
    for (char c : word)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

namespace {

void header(std::ostringstream &s, const SlurmResources &r, const std::string &jobName,
            const fs::path &workdir)
{
    s << "#!/bin/bash\n";
    s << "#SBATCH --job-name=" << jobName << '\n';
    s << "#SBATCH --chdir=" << workdir.string() << '\n';
    if (!r.partition.empty())
        s << "#SBATCH --partition=" << r.partition << '\n';
    if (!r.account.empty())
        s << "#SBATCH --account=" << r.account << '\n';
    if (!r.gres.empty())
        s << "#SBATCH --gres=" << r.gres << '\n';
    if (r.cpusPerTask > 0)
        s << "#SBATCH --cpus-per-task=" << r.cpusPerTask << '\n';
    if (!r.mem.empty())
        s << "#SBATCH --mem=" << r.mem << '\n';
    if (!r.time.empty())
        s << "#SBATCH --time=" << r.time << '\n';
}

void comment(std::ostringstream &s, const Sweep &sweep)
{
    s << "#\n# Prunescope sweep '" << sweep.experiment << "' (" << sweep.runs << " runs in "
      << sweep.tasks << " tasks) for the workspace\n#   " << sweep.workspace.string()
      << "\n# The experiment: " << sweep.specFile().string() << "\n# Submitted " << sweep.createdAt
      << " with:\n#   " << sweep.command << "\n# `prunescope-cli slurm status "
      << shellQuote(sweep.workspace.string()) << "` follows it and merges the finished shards.\n";
    s << "set -euo pipefail\n";
    // Nothing from the submitting shell is relied on: the programs are named by absolute path and
    // the search path is set here.
    s << "export PATH=/usr/local/bin:/usr/bin:/bin\n";
    s << "threads=\"${SLURM_CPUS_PER_TASK:-1}\"\n";
}

} // namespace

std::string prepareScript(const Sweep &sweep, const SlurmResources &r, const fs::path &cli,
                          const fs::path &workdir)
{
    std::ostringstream s;
    header(s, r, "prunescope-prepare", workdir);
    s << "#SBATCH --output=" << (sweep.folder / "logs" / "prepare.log").string() << '\n';
    s << "#SBATCH --open-mode=append\n";
    comment(s, sweep);
    s << "# This job trains the teacher and computes the pruning scores once, into prepare.db;\n"
         "# the tasks start only if it succeeds and take them from there.\n";
    s << "echo \"$(date -u +%FT%TZ) preparation, job $SLURM_JOB_ID on $(hostname)\"\n";
    s << "exec " << shellQuote(cli.string()) << " run " << shellQuote(sweep.specFile().string())
      << " \\\n    --store " << shellQuote(sweep.prepareStore().string()) << " \\\n    --run-list "
      << shellQuote((sweep.folder / "tasks" / "all.txt").string())
      << " \\\n    --prepare-only --threads \"$threads\"\n";
    return s.str();
}

std::string tasksScript(const Sweep &sweep, const SlurmResources &r, const fs::path &cli,
                        const fs::path &workdir)
{
    std::ostringstream s;
    header(s, r, "prunescope-tasks", workdir);
    s << "#SBATCH --array=0-" << sweep.tasks - 1;
    if (r.maxParallel > 0)
        s << '%' << r.maxParallel;
    s << '\n';
    s << "#SBATCH --output=" << (sweep.folder / "logs" / "task-%3a.log").string() << '\n';
    s << "#SBATCH --open-mode=append\n";
    s << "#SBATCH --requeue\n";
    s << "#SBATCH --signal=B:USR1@" << r.graceSeconds << '\n';
    comment(s, sweep);
    s << "# Task I runs the runs listed in tasks/task-I.txt into its own shard, shards/task-I.db.\n"
         "# Runs the shard holds already are skipped, so a requeued task resumes where it "
         "stopped.\n";
    s << "task=$(printf 'task-%03d' \"$SLURM_ARRAY_TASK_ID\")\n";
    s << "echo \"$(date -u +%FT%TZ) $task, job ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} on "
         "$(hostname), restart ${SLURM_RESTART_COUNT:-0}\"\n";
    s << "# Slurm's warning before the time limit: stop the current run cleanly (it is recorded "
         "as\n# cancelled and runs again), then requeue this array task alone.\n";
    s << "requeue() {\n"
         "    echo \"$(date -u +%FT%TZ) time limit near: stopping, then requeueing "
         "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"\n"
         "    kill -INT \"$child\" 2>/dev/null || true\n"
         "    wait \"$child\" || true\n"
         "    scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"\n"
         "    exit 0\n"
         "}\n"
         "trap requeue USR1\n";
    s << shellQuote(cli.string()) << " run " << shellQuote(sweep.specFile().string())
      << " \\\n    --store " << shellQuote((sweep.folder / "shards").string()) << "/$task.db"
      << " \\\n    --run-list " << shellQuote((sweep.folder / "tasks").string()) << "/$task.txt"
      << " \\\n    --artifacts-from " << shellQuote(sweep.prepareStore().string())
      << " \\\n    --threads \"$threads\" &\n";
    s << "child=$!\nwait \"$child\"\n";
    return s.str();
}

} // namespace cluster

#include "cluster/sweep.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace cluster {

namespace fs = std::filesystem;
using nlohmann::json;

std::string taskName(int task)
{
    char text[32];
    std::snprintf(text, sizeof text, "task-%03d", task);
    return text;
}

fs::path Sweep::runList(int task) const
{
    return folder / "tasks" / (taskName(task) + ".txt");
}

fs::path Sweep::shard(int task) const
{
    return folder / "shards" / (taskName(task) + ".db");
}

fs::path Sweep::log(int task) const
{
    return folder / "logs" / (taskName(task) + ".log");
}

fs::path sweepsFolder(const fs::path &workspace)
{
    const fs::path absolute = fs::absolute(workspace);
    return absolute.parent_path() / (absolute.stem().string() + "-slurm");
}

namespace {

Sweep readPlan(const fs::path &folder)
{
    const fs::path file = folder / "plan.json";
    std::ifstream in(file);
    json j;
    try {
        in >> j;
        Sweep s;
        s.folder = folder;
        s.workspace = j.at("workspace").get<std::string>();
        s.experiment = j.at("experiment").get<std::string>();
        s.createdAt = j.at("created_at").get<std::string>();
        s.tasks = j.at("tasks").get<int>();
        s.runs = j.at("runs").get<int>();
        s.prepareJob = j.value("prepare_job", "");
        s.arrayJob = j.value("array_job", "");
        s.dryRun = j.value("dry_run", false);
        s.command = j.value("command", "");
        s.runsPerTask = j.value("runs_per_task", 1);
        if (j.contains("resources")) {
            const json &r = j.at("resources");
            s.resources.partition = r.value("partition", "");
            s.resources.gres = r.value("gres", "");
            s.resources.mem = r.value("mem", "");
            s.resources.time = r.value("time", "");
            s.resources.account = r.value("account", "");
            s.resources.cpusPerTask = r.value("cpus_per_task", 0);
            s.resources.maxParallel = r.value("max_parallel", 0);
            s.resources.graceSeconds = r.value("grace_seconds", 120);
        }
        if (s.runsPerTask < 1)
            throw std::runtime_error("runs_per_task " + std::to_string(s.runsPerTask)
                                     + ": expected 1 or more");
        if (s.tasks < 1 || s.tasks > 100000)
            throw std::runtime_error("tasks " + std::to_string(s.tasks) + " out of 1…100000");
        return s;
    } catch (const std::exception &e) {
        throw std::runtime_error("sweep plan '" + file.string() + "' cannot be read: " + e.what());
    }
}

} // namespace

std::vector<Sweep> sweepsOf(const fs::path &workspace)
{
    std::vector<Sweep> sweeps;
    std::error_code ec;
    const fs::path root = sweepsFolder(workspace);
    if (!fs::is_directory(root, ec))
        return sweeps;
    std::vector<fs::path> folders;
    for (const auto &entry : fs::directory_iterator(root, ec))
        if (entry.is_directory() && entry.path().filename().string().starts_with("sweep-")
            && fs::exists(entry.path() / "plan.json"))
            folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end());
    for (const auto &folder : folders)
        sweeps.push_back(readPlan(folder));
    return sweeps;
}

Sweep newSweep(const fs::path &workspace)
{
    const fs::path root = sweepsFolder(workspace);
    fs::create_directories(root);
    for (int n = 1; n < 100000; ++n) {
        char name[32];
        std::snprintf(name, sizeof name, "sweep-%03d", n);
        // create_directory is atomic: two submissions at once get different folders.
        if (fs::create_directory(root / name)) {
            Sweep s;
            s.folder = root / name;
            s.workspace = fs::absolute(workspace);
            for (const char *sub : { "tasks", "shards", "logs" })
                fs::create_directory(s.folder / sub);
            return s;
        }
    }
    throw std::runtime_error("no free sweep folder under '" + root.string() + "'");
}

void writePlan(const Sweep &s)
{
    const json j { { "workspace", s.workspace.string() },
                   { "experiment", s.experiment },
                   { "created_at", s.createdAt },
                   { "tasks", s.tasks },
                   { "runs", s.runs },
                   { "prepare_job", s.prepareJob },
                   { "array_job", s.arrayJob },
                   { "dry_run", s.dryRun },
                   { "command", s.command },
                   { "runs_per_task", s.runsPerTask },
                   { "resources",
                     { { "partition", s.resources.partition },
                       { "gres", s.resources.gres },
                       { "mem", s.resources.mem },
                       { "time", s.resources.time },
                       { "account", s.resources.account },
                       { "cpus_per_task", s.resources.cpusPerTask },
                       { "max_parallel", s.resources.maxParallel },
                       { "grace_seconds", s.resources.graceSeconds } } } };
    const fs::path temporary = s.planFile().string() + ".part";
    {
        std::ofstream out(temporary);
        out << j.dump(2) << '\n';
        out.flush();
        if (!out)
            throw std::runtime_error("cannot write '" + temporary.string() + "'");
    }
    fs::rename(temporary, s.planFile());
}

} // namespace cluster

// Sweep throughput: the student runs of a spec trained one at a time, then runs_at_once at a time
// (the engine's packing: on the CPU each run gets its share of the cores, on a GPU its own
// stream), on the same device. The teacher and the scores are prepared before the clock starts
// and shared by both passes, so the figure is the students' runs per hour. No store on disk: runs
// are kept in memory.
//   prunescope-bench-sweep SPEC.json [--device cpu|cuda] [--runs-at-once K] [--dataset DIR]
//       [--steps N] [--seeds 0,1,2]
#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/data/dataset_cache.h"
#include "engine/experiment/runner.h"
#include "engine/train/device.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <torch/torch.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

/// Keeps the teacher (its checkpoint in a temporary folder) and the scores between the passes.
class MemoryStore : public engine::ExperimentStore
{
public:
    explicit MemoryStore(fs::path dir)
        : m_dir(std::move(dir))
    { }
    std::vector<bool> registerExperiment(const engine::ExperimentSpec &,
                                         const std::vector<engine::RunConfig> &runs) override
    {
        return std::vector<bool>(runs.size(), false);
    }
    std::optional<engine::TeacherRecord> findTeacher(const std::string &key) override
    {
        auto it = m_teachers.find(key);
        return it == m_teachers.end() ? std::nullopt : std::make_optional(it->second);
    }
    fs::path teacherCheckpointPath(const std::string &key) override
    {
        return m_dir / ("teacher-" + std::to_string(std::hash<std::string> {}(key)) + ".pt");
    }
    void saveTeacher(const std::string &key, const engine::TeacherRecord &t) override
    {
        m_teachers[key] = t;
    }
    std::optional<std::vector<double>> findScores(const std::string &key) override
    {
        auto it = m_scores.find(key);
        return it == m_scores.end() ? std::nullopt : std::make_optional(it->second);
    }
    void saveScores(const std::string &key, const engine::ScoreRecord &s) override
    {
        m_scores[key] = s.values;
    }

private:
    fs::path m_dir;
    std::map<std::string, engine::TeacherRecord> m_teachers;
    std::map<std::string, std::vector<double>> m_scores;
};

struct Quiet : engine::Observer
{
    std::vector<double> accuracy;
    void runFinished(const engine::RunOutcome &o) override
    {
        accuracy.push_back(o.final.testAccuracy);
    }
};

int fail(const std::string &message)
{
    std::fprintf(stderr, "prunescope-bench-sweep: %s\n", message.c_str());
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2)
        return fail("usage: prunescope-bench-sweep SPEC.json [--device D] [--runs-at-once K] "
                    "[--dataset DIR] [--steps N] [--seeds 0,1]");
    std::ifstream in(argv[1]);
    if (!in)
        return fail(std::string("cannot read ") + argv[1]);
    nlohmann::json spec;
    try {
        spec = nlohmann::json::parse(in);
    } catch (const std::exception &e) {
        return fail(std::string(argv[1]) + " is not JSON: " + e.what());
    }
    int packed = 0;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--device")
            spec["device"] = value;
        else if (key == "--runs-at-once")
            packed = std::stoi(value);
        else if (key == "--dataset")
            spec["dataset"]["path"] = value;
        else if (key == "--steps")
            spec["student"]["train"]["steps"] = std::stoll(value);
        else if (key == "--seeds")
            spec["seeds"] = value;
        else
            return fail("unknown option " + key);
    }
    engine::useAllCores();
    const fs::path dir
        = fs::temp_directory_path() / ("prunescope-bench-sweep-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    MemoryStore store(dir);
    engine::DatasetCache datasets(1); // read once for the three passes
    std::map<int, double> seconds;
    std::map<int, std::vector<double>> accuracy;
    size_t runs = 0;
    try {
        auto parsed = engine::parseSpec(spec.dump());
        if (!parsed.problems.empty())
            return fail(engine::formatProblems(parsed.problems));
        if (packed <= 0) { // the engine's auto choice for this device
            parsed.spec.runsAtOnce = 0;
            packed = engine::runsAtOnce(parsed.spec, engine::resolveDevice(parsed.spec.device));
        }
        // The teacher and scores, once, off the clock: a one-step pass of the first run.
        {
            auto warm = parsed.spec;
            warm.seeds = { parsed.spec.seeds.front() };
            warm.fractions = { parsed.spec.fractions.front() };
            warm.student.budget = { engine::BudgetUnit::Steps, 1 };
            Quiet quiet;
            engine::runExperiment(engine::Experiment::prepare(warm, datasets), store, quiet, {});
        }
        for (int k : { 1, packed }) {
            if (seconds.count(k))
                continue;
            parsed.spec.runsAtOnce = k;
            const auto experiment = engine::Experiment::prepare(parsed.spec, datasets);
            runs = experiment.runs().size();
            Quiet quiet;
            if (experiment.spec().device != "cpu" && torch::cuda::is_available())
                torch::cuda::synchronize();
            const auto start = std::chrono::steady_clock::now();
            const auto summary = engine::runExperiment(experiment, store, quiet, {});
            seconds[k]
                = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            accuracy[k] = quiet.accuracy;
            if (summary.failed > 0)
                return fail(std::to_string(summary.failed) + " runs failed");
            std::printf("runs_at_once=%d: %zu student runs in %.1f s, %.0f runs/hour\n", k, runs,
                        seconds[k], 3600.0 * double(runs) / seconds[k]);
            std::fflush(stdout);
        }
    } catch (const std::exception &e) {
        fs::remove_all(dir);
        return fail(e.what());
    }
    fs::remove_all(dir);
    auto mean = [](const std::vector<double> &v) {
        double s = 0;
        for (double x : v)
            s += x;
        return v.empty() ? 0.0 : s / double(v.size());
    };
    std::printf("device %s; packing %d runs: %.2f× the runs per hour of one at a time; mean test "
                "accuracy %.2f %% vs %.2f %%\n",
                engine::describeDevice(engine::resolveDevice(spec.value("device", "auto"))).c_str(),
                packed, seconds[1] / seconds[packed], 100 * mean(accuracy[packed]),
                100 * mean(accuracy[1]));
    return 0;
}

// Merging a sweep's shards into a workspace: 100 shards of 10 finished runs each (1,000 runs),
// every run with a 20-point curve and a kept subset of 30 % of Fashion-MNIST's 60,000 images.
// Prints the seconds of Prunescope's merge (identity checks, conflict detection, teachers and
// scores, one transaction per shard), of merging everything a second time (nothing changes), and
// of the floor a hand-written script would reach: the same rows bulk-copied with ATTACH and
// INSERT … SELECT, no checks. Usage: prunescope-bench-merge [FOLDER] [SHARDS] [RUNS_PER_SHARD]

#include "storage/shard_merge.h"

#include "engine/train/progress.h"
#include "storage/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

namespace fs = std::filesystem;

namespace {

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void makeShard(const fs::path &file, int shard, int runs, std::mt19937_64 &rng)
{
    storage::Store store(file);
    const int64_t experiment = store.addExperiment("bench-spec", "bench", "{}");
    std::vector<int64_t> all(60000);
    for (int64_t i = 0; i < 60000; ++i)
        all[size_t(i)] = i;
    for (int r = 0; r < runs; ++r) {
        storage::NewRun run;
        run.key = "run-" + std::to_string(shard) + "-" + std::to_string(r);
        run.groupKey = run.curveKey = run.baseKey = "g";
        run.name = run.key;
        run.configJson = R"({"dataset":{"fingerprint":"bench"}})";
        run.dataset = "Fashion-MNIST";
        run.studentModel = "smallcnn";
        run.method = "random";
        run.fraction = 0.3;
        run.keptCount = 18000;
        const auto row = store.registerRun(experiment, shard * runs + r, run);
        store.claimRun(row.id, { storage::RunStatus::Queued }, storage::Owner::current());
        engine::EvalMetrics m;
        for (int p = 1; p <= 20; ++p) {
            m.step = p * 50;
            m.epoch = p * 0.1;
            m.trainLoss = 1.0 / p;
            m.testAccuracy = 0.5 + 0.02 * p;
            m.testLoss = 1.0 / p;
            store.addMetrics(row.id, m);
        }
        std::shuffle(all.begin(), all.end(), rng);
        std::vector<int64_t> kept(all.begin(), all.begin() + 18000);
        std::sort(kept.begin(), kept.end());
        store.markDone(row.id, m, kept, 1000, 60, std::nullopt);
    }
}

} // namespace

int main(int argc, char **argv)
{
    const fs::path folder = argc > 1 ? argv[1] : fs::temp_directory_path() / "prunescope-merge";
    const int shards = argc > 2 ? std::stoi(argv[2]) : 100;
    const int runs = argc > 3 ? std::stoi(argv[3]) : 10;
    fs::remove_all(folder);
    fs::create_directories(folder / "shards");
    std::mt19937_64 rng(1);
    auto start = std::chrono::steady_clock::now();
    std::vector<fs::path> files;
    for (int s = 0; s < shards; ++s) {
        files.push_back(folder / "shards" / ("task-" + std::to_string(s) + ".db"));
        makeShard(files.back(), s, runs, rng);
    }
    std::printf("made %d shards of %d runs in %.1f s\n", shards, runs, seconds(start));

    const fs::path workspace = folder / "workspace.db";
    double merge = 0, again = 0;
    {
        storage::Store store(workspace);
        start = std::chrono::steady_clock::now();
        int added = 0;
        for (const auto &file : files)
            added += storage::mergeShard(store, file).added;
        merge = seconds(start);
        start = std::chrono::steady_clock::now();
        int unchanged = 0;
        for (const auto &file : files)
            unchanged += storage::mergeShard(store, file).unchanged;
        again = seconds(start);
        std::printf("prunescope merge: %d runs added in %.2f s; merged again: %d unchanged in "
                    "%.2f s\n",
                    added, merge, unchanged, again);
    }
    const double mib = double(fs::file_size(workspace)) / (1 << 20);

    // The floor: the same rows copied without identity checks, one transaction per shard.
    const fs::path floorFile = folder / "floor.db";
    {
        storage::Store create(floorFile); // the same schema
    }
    SQLite::Database db(floorFile.string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA synchronous = FULL");
    start = std::chrono::steady_clock::now();
    for (const auto &file : files) {
        SQLite::Statement attach(db, "ATTACH DATABASE ? AS shard");
        attach.bind(1, file.string());
        attach.exec();
        {
            SQLite::Transaction t(db);
            db.exec("INSERT INTO main.runs (run_key, group_key, curve_key, base_key, name, "
                    "config_json, dataset, student_model, method, class_balanced, kept_fraction, "
                    "kept_count, alpha, seed, status, created_at, test_accuracy, test_loss, steps, "
                    "wall_seconds) SELECT run_key, group_key, curve_key, base_key, name, "
                    "config_json, dataset, student_model, method, class_balanced, kept_fraction, "
                    "kept_count, alpha, seed, status, created_at, test_accuracy, test_loss, steps, "
                    "wall_seconds FROM shard.runs");
            db.exec("INSERT INTO main.run_metrics SELECT m.id, s.step, s.epoch, s.train_loss, "
                    "s.train_accuracy, s.test_loss, s.test_accuracy, s.lr, s.elapsed_seconds FROM "
                    "shard.run_metrics s JOIN shard.runs r ON r.id = s.run_id JOIN main.runs m "
                    "ON m.run_key = r.run_key");
            db.exec("INSERT INTO main.run_subsets SELECT m.id, s.dtype, s.length, s.data FROM "
                    "shard.run_subsets s JOIN shard.runs r ON r.id = s.run_id JOIN main.runs m "
                    "ON m.run_key = r.run_key");
            t.commit();
        }
        db.exec("DETACH DATABASE shard");
    }
    const double floor = seconds(start);
    std::printf("bulk copy, no checks (the floor): %.2f s\n", floor);
    std::printf("workspace %.1f MiB for %d runs; merge / floor = %.2f\n", mib, shards * runs,
                merge / floor);
    return 0;
}

#include "engine/experiment/student_phase.h"

#include "engine/core/log.h"
#include "engine/data/device_data.h"
#include "engine/distill/teacher_memo.h"
#include "engine/experiment/phase_support.h"
#include "engine/experiment/run_expansion.h"
#include "engine/models/classifier.h"
#include "engine/models/model_registry.h"
#include "engine/prune/method_registry.h"
#include "engine/prune/random_selection.h"
#include "engine/prune/score_io.h"
#include "engine/prune/selector.h"
#include "engine/train/compute_cost.h"
#include "engine/train/device.h"
#include "engine/train/trainer.h"
#include "engine/train/worker_stream.h"

#include <atomic>
#include <map>
#include <mutex>
#include <spdlog/spdlog.h>
#include <thread>
#include <torch/torch.h>

namespace engine {

namespace {

using TeacherMemos = std::map<Augmentation, std::unique_ptr<TeacherMemo>>;

/// The kept subset as training indices.
std::vector<int64_t> selectSubset(const RunConfig &run, const std::vector<int64_t> &labels,
                                  int64_t numClasses, const TrainIndexMap &indexMap,
                                  const std::map<std::string, std::vector<double>> &scores)
{
    const uint64_t seed = derivedSeed(run.seed, SeedPurpose::Subset);
    if (run.method == "random")
        return selectRandom(labels, numClasses, run.keptCount, run.classBalanced, seed);
    if (run.method == "subset") {
        const std::string path = run.settings.value("path", "");
        return indexMap.toTraining(
            readSubsetFile(path, indexMap.originalSize, run.dataset.fingerprint), path);
    }
    SelectionRule rule;
    rule.direction = run.direction;
    rule.higherIsHarder = higherIsHarder(run.scoreMethod, run.settings);
    rule.classBalanced = run.classBalanced;
    rule.strata = run.strata;
    rule.beta = run.method == "ccs" ? run.settings.value("beta", 0.1) : 0.0;
    return selectByScore(scores.at(run.scoreKey), labels, numClasses, run.keptCount, rule, seed);
}

/// A student's training job: its kept subset, recipe, seed and KD settings, and the teacher's
/// signal (cached logits without augmentation, else the memo of its augmentation if there is
/// one, else the teacher run per batch).
TrainJob studentJob(const RunConfig &run, const std::vector<int64_t> &kept, const DeviceData &data,
                    const std::optional<TeacherState> &teacher, const TeacherMemos &memos)
{
    TrainJob job;
    job.data = &data;
    job.indices = torch::tensor(kept, torch::kInt64).to(data.device);
    job.recipe = run.recipe;
    job.seed = static_cast<uint64_t>(run.seed);
    job.kd = run.kd;
    if (run.teacher) {
        job.teacher.model = teacher->model.get();
        if (!augments(run.recipe))
            job.teacher.cachedLogits = teacher->cachedLogits;
        else if (auto m = memos.find(augmentationOf(run.recipe)); m != memos.end())
            job.teacher.memo = m->second.get();
    }
    return job;
}

/// Frozen-teacher logits of augmented views, shared by every run with the same augmentation (the
/// CPU only: finding the missing views would synchronise a GPU every step).
TeacherMemos teacherMemos(const std::vector<RunConfig> &runs, const std::vector<size_t> &pending,
                          const DeviceData &data, const std::optional<TeacherState> &teacher)
{
    TeacherMemos memos;
    if (teacher && teacher->model && data.device.is_cpu())
        for (size_t i : pending) {
            const Augmentation key = augmentationOf(runs[i].recipe);
            if (!runs[i].teacher || !augments(runs[i].recipe) || memos.count(key))
                continue;
            if (TeacherMemo::bytesFor(data.trainSize(), key.first, key.second, data.numClasses))
                memos[key] = std::make_unique<TeacherMemo>(data.trainSize(), key.first, key.second,
                                                           data.numClasses);
            else
                log()->info("teacher logits of augmented views would exceed {} MB; the teacher "
                            "runs on every batch",
                            TeacherMemo::kMaxBytes >> 20);
        }
    return memos;
}

} // namespace

void trainStudents(const Experiment &experiment, const std::vector<size_t> &pending,
                   const DeviceData &data, const std::optional<TeacherState> &teacher,
                   const ScoreTable &scoreTable, ExperimentStore &store, Observer &observer,
                   std::stop_token stop, int side, RunSummary &summary)
{
    const auto &runs = experiment.runs();
    const auto &scores = scoreTable.values;
    const auto &scoreErrors = scoreTable.errors;
    const std::string deviceText = describeDevice(data.device.str());
    std::vector<int64_t> labels(data.trainSize());
    const auto cpuLabels = experiment.data()->train.labels.contiguous();
    std::copy_n(cpuLabels.data_ptr<int64_t>(), labels.size(), labels.begin());
    const TeacherMemos memos = teacherMemos(runs, pending, data, teacher);
    const TrainIndexMap indexMap = data.indexMap();

    std::mutex mutex; // the observer, the store and the summary, between runs trained side by side
    LockedObserver locked(observer, mutex);
    std::atomic<size_t> next { 0 };
    std::atomic<bool> halted { false }; // a run was cancelled: start no more
    const auto trainStudents = [&] {
        for (size_t k = next++; k < pending.size(); k = next++) {
            const size_t i = pending[k];
            const RunConfig &run = runs[i];
            if (stop.stop_requested() || halted) {
                std::lock_guard lock(mutex);
                ++summary.notStarted;
                continue;
            }
            {
                std::lock_guard lock(mutex);
                if (!store.shouldStart(i)) {
                    ++summary.skipped;
                    continue;
                }
            }
            locked.runStarted(i, deviceText);
            std::stop_source runStop;
            const std::stop_callback stopAll(stop, [&runStop] { runStop.request_stop(); });
            locked.runStopSource(i, runStop);
            try {
                if (run.teacher && !teacher->error.empty())
                    throw std::runtime_error(teacher->error);
                if (auto failed = scoreErrors.find(run.scoreKey); failed != scoreErrors.end())
                    throw std::runtime_error(failed->second);
                locked.stageStarted({ Stage::SelectSubset, i,
                                      "Selecting " + std::to_string(run.keptCount) + " of "
                                          + std::to_string(labels.size()) + " samples" });
                const std::vector<int64_t> kept
                    = selectSubset(run, labels, data.numClasses, indexMap, scores);
                auto model = buildModelFor(run.studentModel, data,
                                           derivedSeed(run.seed, SeedPurpose::StudentInit));
                locked.stageStarted({ Stage::TrainStudent, i, "Training " + runDisplayName(run) });
                TrainJob job = studentJob(run, kept, data, teacher, memos);
                job.stop = runStop.get_token();
                job.onStep = [&](const StepEvent &e) {
                    StepEvent tagged = e;
                    tagged.run = i;
                    locked.stepDone(tagged);
                };
                job.onEval = [&](const EvalMetrics &m) {
                    locked.evaluated(i, m);
                };
                const TrainResult result = train(*model, job);
                RunOutcome outcome;
                outcome.run = i;
                outcome.final = result.final;
                outcome.keptIndices = indexMap.toOriginal(kept); // stored as in the dataset
                outcome.steps = result.steps;
                outcome.seconds = result.seconds;
                outcome.flops = trainingFlops(
                    forwardFlops(run.studentModel, data.shape, data.numClasses), result.samples);
                if (run.teacher)
                    outcome.flops += inferenceFlops(teacher->forwardFlops, result.samples);
                outcome.teacherKey = run.teacher ? teacher->key : std::string();
                locked.runFinished(outcome);
                std::lock_guard lock(mutex);
                ++summary.finished;
            } catch (const Cancelled &) {
                // The queue stops here, as when runs go one at a time; a run trained alongside
                // finishes unless it was stopped too.
                halted = true;
                locked.runEnded(i, RunEnd::Cancelled, "cancelled by the user");
                std::lock_guard lock(mutex);
                ++summary.cancelled;
            } catch (const std::exception &e) {
                const std::string message = errorText(e);
                log()->error("run {} failed: {}", runDisplayName(run), message);
                locked.runEnded(i, RunEnd::Failed, message);
                std::lock_guard lock(mutex);
                ++summary.failed;
            }
        }
    };

    if (side <= 1) {
        trainStudents();
    } else {
        // Each run gets its share of the cores (on a GPU, its own stream): small models keep
        // more cores busy as separate runs than as one run split across them.
        const int cores = torch::get_num_threads();
        const int threadsEach = std::max(1, cores / side);
        log()->info("training {} runs at once, {} thread{} each", side, threadsEach,
                    threadsEach == 1 ? "" : "s");
        // What escapes a run's own handling (the store failing, say) ends the other workers' queue
        // and is rethrown here, as it would leave runExperiment with one run at a time.
        std::exception_ptr escaped;
        {
            std::vector<std::jthread> workers;
            for (int w = 0; w < side; ++w)
                workers.emplace_back([&, threadsEach] {
                    try {
                        torch::set_num_threads(threadsEach);
                        const WorkerStream stream(data.device);
                        trainStudents();
                    } catch (...) {
                        halted = true;
                        std::lock_guard lock(mutex);
                        if (!escaped)
                            escaped = std::current_exception();
                    }
                });
        }
        // set_num_threads also sets the default for threads started later.
        torch::set_num_threads(cores);
        if (escaped)
            std::rethrow_exception(escaped);
    }
    for (const auto &[key, memo] : memos)
        log()->info("teacher logits of augmented views: {} computed, {} reused ({:.1f}× fewer "
                    "teacher passes)",
                    memo->computed(), memo->reused(),
                    double(memo->computed() + memo->reused())
                        / double(std::max<int64_t>(1, memo->computed())));
}

} // namespace engine

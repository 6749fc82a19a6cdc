#include "engine/experiment/runner.h"

#include "engine/core/atomic_file.h"
#include "engine/core/errors.h"
#include "engine/core/log.h"
#include "engine/core/number_list.h"
#include "engine/data/channels_last.h"
#include "engine/data/dataset.h"
#include "engine/data/dataset_cache.h"
#include "engine/data/device_data.h"
#include "engine/distill/teacher_memo.h"
#include "engine/models/model_factory.h"
#include "engine/models/torchscript_teacher.h"
#include "engine/prune/random_selection.h"
#include "engine/prune/score_io.h"
#include "engine/prune/scorer.h"
#include "engine/prune/selector.h"
#include "engine/train/device.h"
#include "engine/train/trainer.h"
#include "engine/train/worker_stream.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <spdlog/spdlog.h>
#include <thread>
#include <torch/torch.h>
#include <unistd.h>

namespace engine {

namespace fs = std::filesystem;

namespace {

std::shared_ptr<Classifier> buildSeededModel(const std::string &name, const DeviceData &data,
                                             uint64_t seed)
{
    return engine::buildSeededModel(name, data.shape, data.numClasses, data.device, seed);
}

std::string errorText(const std::exception &e)
{
    if (const auto *c10 = dynamic_cast<const c10::Error *>(&e))
        return c10->what_without_backtrace();
    return e.what();
}

/// Seeds derived from a run's seed, one per purpose. The subset and the student's initialisation
/// do not depend on α, so runs that differ only in α are paired; the teacher's initialisation
/// differs from a student's of the same architecture and seed.
enum class SeedPurpose : uint64_t {
    Subset = 0x5eb5e7ULL,
    StudentInit = 0x57ade47ULL,
    TeacherInit = 0x7eac4e7ULL
};
uint64_t derivedSeed(int64_t seed, SeedPurpose purpose)
{
    return SplitMix64(static_cast<uint64_t>(seed) ^ static_cast<uint64_t>(purpose)).next();
}

/// Writes the checkpoint atomically, so neither a crash nor a second process training the same
/// teacher leaves a partial file under the real name.
void saveCheckpoint(const std::shared_ptr<Classifier> &model, const fs::path &target)
{
    fs::create_directories(target.parent_path());
    writeFileAtomically(target,
                        [&](const fs::path &temporary) { torch::save(model, temporary.string()); });
}

struct TeacherState
{
    double trainSeconds = 0;
    std::string key;
    std::shared_ptr<Classifier> model;
    torch::Tensor cachedLogits;
    std::string error;
};

/// Loads an imported TorchScript teacher. The first use checks it, measures its test accuracy and
/// keeps a copy in the store, so the store's results stay reproducible if the file changes later.
void importTeacher(TeacherState &state, const TeacherSpec &spec, const Experiment &experiment,
                   const DeviceData &data, ExperimentStore &store, Observer &observer)
{
    const auto cached = store.findTeacher(state.key);
    observer.stageStarted(
        { Stage::LoadTeacher, std::nullopt, "Importing TorchScript teacher " + spec.file });
    state.model
        = loadTorchScriptTeacher(cached ? cached->checkpoint : fs::path(spec.file), spec.input,
                                 data.shape, data.numClasses, data.normalizer, data.device);
    if (cached) {
        observer.teacherReady(state.key, *cached, false);
        return;
    }
    const auto [loss, accuracy]
        = evaluate(*state.model, data.testImages, data.testLabels, data.normalizer);
    TeacherRecord record;
    record.model = importedTeacherModel(fs::path(spec.file).filename().string());
    record.dataset = experiment.dataset().name;
    record.checkpoint = store.teacherCheckpointPath(state.key);
    record.testAccuracy = accuracy;
    record.testLoss = loss;
    fs::create_directories(record.checkpoint.parent_path());
    writeFileAtomically(record.checkpoint, [&](const fs::path &temporary) {
        fs::copy_file(spec.file, temporary, fs::copy_options::overwrite_existing);
    });
    store.saveTeacher(state.key, record);
    observer.teacherReady(state.key, record, true);
    log()->info("imported teacher {}: test accuracy {:.2f} % on {} test images", spec.file,
                100.0 * accuracy, data.testLabels.size(0));
}

TeacherState prepareTeacher(const TeacherSpec &spec, const Experiment &experiment,
                            const DeviceData &data, bool needCachedLogits, ExperimentStore &store,
                            Observer &observer, std::stop_token stop)
{
    TeacherState state;
    state.key = teacherIdentityJson(spec, experiment.dataset());
    if (!spec.imported())
        state.model
            = buildSeededModel(spec.model, data, derivedSeed(spec.seed, SeedPurpose::TeacherInit));
    if (spec.imported()) {
        importTeacher(state, spec, experiment, data, store, observer);
    } else if (auto cached = store.findTeacher(state.key)) {
        observer.stageStarted(
            { Stage::LoadTeacher, std::nullopt, "Loading cached teacher " + spec.model });
        torch::load(state.model, cached->checkpoint.string(), data.device);
        useChannelsLast(*state.model);
        observer.teacherReady(state.key, *cached, false);
    } else {
        const int64_t n = data.trainSize();
        observer.stageStarted({ Stage::TrainTeacher, std::nullopt,
                                "Training teacher " + spec.model + " on all " + std::to_string(n)
                                    + " training images" });
        TrainJob job;
        job.data = &data;
        job.indices
            = torch::arange(n, torch::TensorOptions().dtype(torch::kInt64).device(data.device));
        job.recipe = spec.recipe;
        job.seed = static_cast<uint64_t>(spec.seed);
        job.stop = stop;
        job.onStep = [&](const StepEvent &e) {
            observer.stepDone(e);
        };
        job.onEval = [&](const EvalMetrics &m) {
            observer.evaluated(std::nullopt, m);
        };
        const TrainResult result = train(*state.model, job);
        state.trainSeconds = result.seconds;

        TeacherRecord record;
        record.model = spec.model;
        record.dataset = experiment.dataset().name;
        record.checkpoint = store.teacherCheckpointPath(state.key);
        record.testAccuracy = result.final.testAccuracy;
        record.testLoss = result.final.testLoss;
        record.trainSeconds = result.seconds;
        saveCheckpoint(state.model, record.checkpoint);
        store.saveTeacher(state.key, record);
        observer.teacherReady(state.key, record, true);
        log()->info("teacher {} trained in {:.1f} s: test accuracy {:.2f} %", spec.model,
                    result.seconds, 100.0 * result.final.testAccuracy);
    }
    state.model->eval();
    for (auto &p : state.model->parameters())
        p.set_requires_grad(false);
    if (needCachedLogits) {
        observer.stageStarted({ Stage::TeacherLogits, std::nullopt,
                                "Computing teacher logits for the training set" });
        state.cachedLogits = predictLogits(*state.model, data.trainImages, data.normalizer).clone();
    }
    return state;
}

std::vector<int64_t> selectSubset(const RunConfig &run, const std::vector<int64_t> &labels,
                                  int64_t numClasses,
                                  const std::map<std::string, std::vector<double>> &scores)
{
    const uint64_t seed = derivedSeed(run.seed, SeedPurpose::Subset);
    if (run.method == "random")
        return selectRandom(labels, numClasses, run.keptCount, run.classBalanced, seed);
    if (run.method == "subset")
        return readSubsetFile(run.settings.value("path", ""), static_cast<int64_t>(labels.size()),
                              run.dataset.fingerprint);
    SelectionRule rule;
    rule.direction = run.direction;
    rule.higherIsHarder = higherIsHarder(run.scoreMethod, run.settings);
    rule.classBalanced = run.classBalanced;
    rule.strata = run.strata;
    rule.beta = run.method == "ccs" ? run.settings.value("beta", 0.1) : 0.0;
    return selectByScore(scores.at(run.scoreKey), labels, numClasses, run.keptCount, rule, seed);
}

bool augments(const TrainRecipe &r)
{
    return r.cropPadding.value_or(0) > 0 || r.flip.value_or(false);
}

/// Crop padding and flip: what a TeacherMemo is kept for.
using Augmentation = std::pair<int64_t, bool>;
Augmentation augmentationOf(const TrainRecipe &r)
{
    return { r.cropPadding.value_or(0), r.flip.value_or(false) };
}
using TeacherMemos = std::map<Augmentation, std::unique_ptr<TeacherMemo>>;

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

/// The score a run selects on: shared by every run with the same identity.
ScoreRequest scoreRequestFor(const RunConfig &run)
{
    ScoreRequest r;
    r.method = run.scoreMethod;
    r.settings = run.settings;
    r.proxy = run.proxy;
    r.seed = run.scoreSeed;
    r.perClass = run.classBalanced;
    r.fingerprint = run.dataset.fingerprint;
    return r;
}

} // namespace

int runsAtOnce(const ExperimentSpec &spec, const std::string &device)
{
    if (spec.runsAtOnce > 0)
        return spec.runsAtOnce;
    if (device.starts_with("cuda"))
        return 4;
    return torch::get_num_threads() >= 2 ? 2 : 1;
}

RunSummary runExperiment(const Experiment &experiment, ExperimentStore &store, Observer &observer,
                         std::stop_token stop)
{
    RunSummary summary;
    const auto &runs = experiment.runs();
    const std::vector<bool> finished = store.registerExperiment(experiment.spec(), runs);
    std::vector<size_t> pending;
    for (size_t i = 0; i < runs.size(); ++i) {
        if (finished[i])
            ++summary.skipped;
        else
            pending.push_back(i);
    }
    observer.runsPlanned(finished);
    if (pending.empty())
        return summary;

    const std::string device = resolveDevice(experiment.spec().device);
    DeviceData data;
    try {
        data = DeviceData::upload(*experiment.data(), torch::Device(device));
    } catch (const c10::Error &e) {
        throw std::runtime_error("cannot move the dataset to " + device + ": "
                                 + e.what_without_backtrace());
    }
    const std::string deviceText = describeDevice(device);
    std::vector<int64_t> labels(data.trainSize());
    const auto cpuLabels = experiment.data()->train.labels.contiguous();
    std::copy_n(cpuLabels.data_ptr<int64_t>(), labels.size(), labels.begin());

    // Scores shared by the pending runs, each computed once (or read from the store).
    std::map<std::string, std::vector<double>> scores;
    std::map<std::string, size_t> uncachedScores; // key → first run that needs it
    for (size_t i : pending) {
        const std::string &key = runs[i].scoreKey;
        if (key.empty() || scores.count(key) || uncachedScores.count(key))
            continue;
        if (auto stored = store.findScores(key))
            scores[key] = std::move(*stored);
        else
            uncachedScores[key] = i;
    }

    std::optional<TeacherState> teacher;
    const auto needsTeacher = [&](size_t i) {
        return runs[i].teacher.has_value();
    };
    bool scoresNeedTeacher = false;
    for (const auto &[key, i] : uncachedScores)
        scoresNeedTeacher = scoresNeedTeacher || runs[i].scoreTeacher.has_value();
    if (scoresNeedTeacher || std::any_of(pending.begin(), pending.end(), needsTeacher)) {
        const bool anyUnaugmented = std::any_of(pending.begin(), pending.end(), [&](size_t i) {
            return needsTeacher(i) && !augments(runs[i].recipe);
        });
        // One teacher per experiment: the spec's, whether a run distils from it or a score reads
        // it.
        TeacherSpec spec;
        for (size_t i : pending)
            if (runs[i].teacher)
                spec = *runs[i].teacher;
        if (spec.model.empty())
            for (const auto &[key, i] : uncachedScores)
                if (runs[i].scoreTeacher)
                    spec = *runs[i].scoreTeacher;
        try {
            teacher = prepareTeacher(spec, experiment, data, anyUnaugmented, store, observer, stop);
            summary.teacherSeconds = teacher->trainSeconds;
        } catch (const Cancelled &) {
            summary.notStarted = static_cast<int>(pending.size());
            return summary;
        } catch (const std::exception &e) {
            teacher = TeacherState {};
            teacher->error = "the teacher could not be prepared: " + errorText(e);
            log()->error("{}", teacher->error);
        }
    }

    std::map<std::string, std::string> scoreErrors;
    for (const auto &[key, i] : uncachedScores) {
        const RunConfig &run = runs[i];
        const ScoreRequest request = scoreRequestFor(run);
        observer.stageStarted({ Stage::ComputeScores, std::nullopt,
                                "Computing " + run.scoreMethod + " scores for all "
                                    + std::to_string(labels.size()) + " training samples" });
        try {
            if (run.scoreTeacher && !teacher->error.empty())
                throw std::runtime_error(teacher->error);
            ScoreContext ctx;
            ctx.data = &data;
            ctx.teacher = run.scoreTeacher ? teacher->model.get() : nullptr;
            ctx.stop = stop;
            ctx.onStage = [&](const std::string &text) {
                observer.stageStarted({ Stage::ComputeScores, std::nullopt, text });
            };
            ctx.onStep = [&](const StepEvent &e) {
                observer.stepDone(e);
            };
            ScoreResult result = computeScores(request, ctx);
            summary.scoreSeconds += result.seconds;
            ++summary.scoresComputed;
            log()->info("{} scores computed in {:.1f} s", run.scoreMethod, result.seconds);
            ScoreRecord record;
            record.method = run.scoreMethod;
            record.datasetName = run.dataset.name;
            record.fingerprint = run.dataset.fingerprint;
            record.higherIsHarder = higherIsHarder(run.scoreMethod, run.settings);
            record.values = result.values;
            record.seconds = result.seconds;
            if (run.scoreMethod != "file")
                store.saveScores(key, record);
            scores[key] = std::move(result.values);
        } catch (const Cancelled &) {
            summary.notStarted = static_cast<int>(pending.size());
            return summary;
        } catch (const std::exception &e) {
            scoreErrors[key] = run.scoreMethod + " scores could not be computed: " + errorText(e);
            log()->error("{}", scoreErrors[key]);
        }
    }

    // Frozen-teacher logits of augmented views, shared by every run with the same augmentation.
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
                    = selectSubset(run, labels, data.numClasses, scores);
                auto model = buildSeededModel(run.studentModel, data,
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
                outcome.keptIndices = kept;
                outcome.steps = result.steps;
                outcome.seconds = result.seconds;
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

    const int side
        = std::min<int>(runsAtOnce(experiment.spec(), device), static_cast<int>(pending.size()));
    summary.runsAtOnce = side;
    const auto studentsStart = std::chrono::steady_clock::now();
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
    summary.studentSeconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - studentsStart).count();
    for (const auto &[key, memo] : memos)
        log()->info("teacher logits of augmented views: {} computed, {} reused ({:.1f}× fewer "
                    "teacher passes)",
                    memo->computed(), memo->reused(),
                    double(memo->computed() + memo->reused())
                        / double(std::max<int64_t>(1, memo->computed())));
    return summary;
}

} // namespace engine

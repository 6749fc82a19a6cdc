#include "engine/experiment/teacher_phase.h"

#include "engine/core/atomic_file.h"
#include "engine/core/file_lock.h"
#include "engine/core/log.h"
#include "engine/data/channels_last.h"
#include "engine/data/device_data.h"
#include "engine/experiment/phase_support.h"
#include "engine/experiment/spec_json.h"
#include "engine/models/model_registry.h"
#include "engine/models/torchscript_teacher.h"
#include "engine/train/compute_cost.h"
#include "engine/train/trainer.h"

#include <spdlog/spdlog.h>
#include <torch/torch.h>

namespace engine {

namespace fs = std::filesystem;

namespace {

/// Writes the checkpoint atomically, so neither a crash nor a second process training the same
/// teacher leaves a partial file under the real name.
void saveCheckpoint(const std::shared_ptr<Classifier> &model, const fs::path &target)
{
    fs::create_directories(target.parent_path());
    writeFileAtomically(target,
                        [&](const fs::path &temporary) { torch::save(model, temporary.string()); });
}

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
    if (data.validationSize() > 0)
        std::tie(record.validationLoss, record.validationAccuracy)
            = evaluate(*state.model, data.validationImages, data.validationLabels, data.normalizer);
    fs::create_directories(record.checkpoint.parent_path());
    writeFileAtomically(record.checkpoint, [&](const fs::path &temporary) {
        fs::copy_file(spec.file, temporary, fs::copy_options::overwrite_existing);
    });
    store.saveTeacher(state.key, record);
    observer.teacherReady(state.key, record, true);
    log()->info("imported teacher {}: test accuracy {:.2f} % on {} test images", spec.file,
                100.0 * accuracy, data.testLabels.size(0));
}

} // namespace

TeacherState prepareTeacher(const TeacherSpec &spec, const Experiment &experiment,
                            const DeviceData &data, bool needCachedLogits, ExperimentStore &store,
                            Observer &observer, std::stop_token stop)
{
    TeacherState state;
    state.key = teacherIdentityJson(spec, experiment.dataset());
    if (!spec.imported()) {
        state.model
            = buildModelFor(spec.model, data, derivedSeed(spec.seed, SeedPurpose::TeacherInit));
        state.forwardFlops = forwardFlops(spec.model, data.shape, data.numClasses);
    }
    if (spec.imported()) {
        importTeacher(state, spec, experiment, data, store, observer);
    } else {
        // The claim on this teacher: a second process starting the same sweep waits here, then
        // loads what the first stored instead of training it again. The kernel drops the claim
        // of a process that dies, so the waiter then trains it itself.
        const FileLock claim = FileLock::acquire(
            store.teacherCheckpointPath(state.key).string() + ".lock", stop, [&] {
                observer.stageStarted(
                    { Stage::LoadTeacher, std::nullopt,
                      "Waiting for another process training teacher " + spec.model });
            });
        if (auto cached = store.findTeacher(state.key)) {
            observer.stageStarted(
                { Stage::LoadTeacher, std::nullopt, "Loading cached teacher " + spec.model });
            torch::load(state.model, cached->checkpoint.string(), data.device);
            useChannelsLast(*state.model);
            observer.teacherReady(state.key, *cached, false);
        } else {
            const int64_t n = data.trainSize();
            observer.stageStarted({ Stage::TrainTeacher, std::nullopt,
                                    "Training teacher " + spec.model + " on all "
                                        + std::to_string(n) + " training images" });
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
            record.validationAccuracy = result.final.validationAccuracy;
            record.validationLoss = result.final.validationLoss;
            record.trainSeconds = result.seconds;
            record.trainFlops = trainingFlops(state.forwardFlops, result.samples);
            saveCheckpoint(state.model, record.checkpoint);
            store.saveTeacher(state.key, record);
            observer.teacherReady(state.key, record, true);
            log()->info("teacher {} trained in {:.1f} s: test accuracy {:.2f} %", spec.model,
                        result.seconds, 100.0 * result.final.testAccuracy);
        }
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

} // namespace engine

#include "engine/experiment/quality_assessment.h"

#include "engine/core/errors.h"
#include "engine/data/channels_last.h"
#include "engine/data/dataset.h"
#include "engine/data/dataset_cache.h"
#include "engine/data/device_data.h"
#include "engine/models/model_factory.h"
#include "engine/models/torchscript_teacher.h"
#include "engine/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

namespace engine {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

TeacherInput teacherInputOf(const json &input)
{
    TeacherInput t;
    if (input.is_string())
        t.kind = input.get<std::string>();
    else if (input.is_object()) {
        t.kind = "normalize";
        t.mean = input.value("mean", std::vector<double> {});
        t.stdDev = input.value("std", std::vector<double> {});
    }
    return t;
}

/// The train-set logits of the workspace's teacher for this data: the spec's architecture when
/// several were trained, else the most recent one; undefined (and a note saying why) without one.
torch::Tensor storedTeacherLogits(QualitySources &sources, const ExperimentSpec &spec,
                                  const Dataset &data, std::string &note)
{
    std::optional<StoredTeacher> chosen;
    for (const auto &row : sources.teachersOf(data.info.fingerprint)) {
        const bool preferred
            = spec.teacher && !spec.teacher->imported() && row.model == spec.teacher->model;
        if (!chosen || preferred || row.id > chosen->id)
            chosen = row;
        if (preferred)
            break;
    }
    if (!chosen) {
        note = "no teacher trained on this data in the store yet (run an experiment with a "
               "teacher to get the disagreement flag)";
        return {};
    }
    const fs::path &checkpoint = chosen->checkpoint;
    if (std::error_code ec; !fs::is_regular_file(checkpoint, ec)) {
        note = "the store's teacher " + chosen->model + " has no checkpoint at '"
            + checkpoint.string() + "' (moved or deleted): no teacher-disagreement flag";
        return {};
    }
    const auto device = torch::kCPU;
    const auto normalizer = Normalizer::fromImages(data.train.images, device);
    const InputShape shape { data.info.channels, data.info.height, data.info.width };
    std::shared_ptr<Classifier> model;
    try {
        if (isImportedTeacherModel(chosen->model)) {
            const auto identity = json::parse(chosen->identityJson);
            model = loadTorchScriptTeacher(checkpoint, teacherInputOf(identity["teacher"]["input"]),
                                           shape, data.numClasses(), normalizer, device);
        } else {
            model = buildModel(chosen->model, shape, data.numClasses());
            torch::load(model, checkpoint.string(), device);
            useChannelsLast(*model);
        }
    } catch (const c10::Error &e) {
        note = "the store's teacher " + chosen->model + " could not be loaded from '"
            + checkpoint.string() + "': " + e.what_without_backtrace();
        return {};
    } catch (const std::exception &e) {
        note = "the store's teacher " + chosen->model + " could not be loaded from '"
            + checkpoint.string() + "': " + e.what();
        return {};
    }
    const auto logits = predictLogits(*model, data.train.images, normalizer);
    if (logits.size(0) != data.train.size() || logits.size(1) != data.numClasses()) {
        note = "the store's teacher " + chosen->model + " does not fit this data";
        return {};
    }
    char accuracy[32] = "";
    if (chosen->testAccuracy)
        std::snprintf(accuracy, sizeof accuracy, ", %.2f %% test accuracy",
                      100 * *chosen->testAccuracy);
    note = "teacher: " + chosen->model + " (stored " + chosen->createdAt + accuracy + ")";
    return logits;
}

} // namespace

QualityReport assessSpec(const ExperimentSpec &spec, QualitySources &sources, DatasetCache &cache,
                         const OutOfSampleOptions &options,
                         const std::function<void(const std::string &, double)> &onProgress,
                         std::stop_token stop)
{
    QualityReport report;
    if (onProgress)
        onProgress("Loading " + spec.datasetPath, 0.0);
    auto injected = injectIntoDataset(
        cache.get(spec.datasetPath, spec.datasetFormat, spec.imageOptions), spec.injection);
    report.data = injected.data;
    report.truth = injected.truth;
    const auto &data = *report.data;
    const std::string &fingerprint = data.info.fingerprint;

    QualityInputs inputs;
    inputs.dataset = &data;
    inputs.oos = options;
    inputs.store = &sources;
    inputs.onProgress = onProgress;
    inputs.stop = stop;
    inputs.teacherLogits = storedTeacherLogits(sources, spec, data, report.teacherNote);
    inputs.imageSide = data.train.originalSide;
    report.scores = sources.scoresOf(fingerprint, data.train.size());
    for (const auto &score : report.scores)
        if (score.method == "aum")
            inputs.aum = score.values;

    const auto started = std::chrono::steady_clock::now();
    report.quality = assessSamples(inputs);
    const bool cached = report.quality.oosFromStore;
    const double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char text[200];
    std::snprintf(text, sizeof text,
                  "out-of-sample probabilities: %s%d folds of %s, %lld epochs %s",
                  options.repeats > 1
                      ? ("the mean of " + std::to_string(options.repeats) + " repeats × ").c_str()
                      : "",
                  options.folds, options.model.c_str(), static_cast<long long>(options.epochs),
                  cached ? "(from the store)" : "");
    report.oosNote = text;
    if (!cached) {
        std::snprintf(text, sizeof text, "(trained now, %.0f s)", seconds);
        report.oosNote += text;
    }

    report.runs = sources.keptSetsOf(fingerprint);
    for (auto &set : report.runs)
        std::sort(set.kept.begin(), set.kept.end());
    std::stable_sort(report.runs.begin(), report.runs.end(),
                     [](const KeptSet &a, const KeptSet &b) {
                         return std::tie(a.method, a.fraction, a.alpha, a.seed)
                             < std::tie(b.method, b.fraction, b.alpha, b.seed);
                     });
    return report;
}

RetainedNoise retainedNoise(const KeptSet &run, const QualityReport &report,
                            const std::vector<Flag> &flags, const FlagThresholds &thresholds)
{
    RetainedNoise r;
    if (run.kept.empty())
        return r;
    int64_t flagged = 0, noisy = 0;
    const bool truth = report.truth.defined();
    const bool *flipped = truth ? report.truth.labelFlipped.data_ptr<bool>() : nullptr;
    const int64_t *kind = truth ? report.truth.corruption.data_ptr<int64_t>() : nullptr;
    for (int64_t i : run.kept) {
        flagged += std::any_of(flags.begin(), flags.end(),
                               [&](Flag f) { return report.quality.flagged(f, i, thresholds); });
        if (truth)
            noisy += flipped[i] || kind[i] >= 0;
    }
    r.flagged = double(flagged) / double(run.kept.size());
    if (truth)
        r.trulyNoisy = double(noisy) / double(run.kept.size());
    return r;
}

} // namespace engine

#include "storage/quality_job.h"

#include "engine/dataset.h"
#include "engine/dataset_cache.h"
#include "engine/device_data.h"
#include "engine/errors.h"
#include "engine/models/channels_last.h"
#include "engine/models/model_factory.h"
#include "engine/models/torchscript_teacher.h"
#include "engine/runner.h"
#include "engine/trainer.h"
#include "storage/recorder.h"
#include "storage/store.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

namespace storage {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string fingerprintOf(const std::string &identityJson)
{
    const auto j = json::parse(identityJson, nullptr, false);
    if (j.is_object() && j.contains("dataset") && j["dataset"].contains("fingerprint"))
        return j["dataset"]["fingerprint"].get<std::string>();
    return {};
}

engine::TeacherInput teacherInputOf(const json &input)
{
    engine::TeacherInput t;
    if (input.is_string())
        t.kind = input.get<std::string>();
    else if (input.is_object()) {
        t.kind = "normalize";
        t.mean = input.value("mean", std::vector<double> {});
        t.stdDev = input.value("std", std::vector<double> {});
    }
    return t;
}

/// The train-set logits of the store's teacher for this data: the spec's architecture when
/// several were trained, else the most recent one.
torch::Tensor storedTeacherLogits(Store &store, const engine::ExperimentSpec &spec,
                                  const engine::Dataset &data, std::string &note)
{
    std::optional<TeacherRow> chosen;
    for (const auto &row : store.teachers()) {
        if (fingerprintOf(row.identityJson) != data.info.fingerprint)
            continue;
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
    const fs::path checkpoint = store.artifactsDir() / chosen->checkpoint;
    if (std::error_code ec; !fs::is_regular_file(checkpoint, ec)) {
        note = "the store's teacher " + chosen->model + " has no checkpoint at '"
            + checkpoint.string() + "' (moved or deleted): no teacher-disagreement flag";
        return {};
    }
    const auto device = torch::kCPU;
    const auto normalizer = engine::Normalizer::fromImages(data.train.images, device);
    const engine::InputShape shape { data.info.channels, data.info.height, data.info.width };
    std::shared_ptr<engine::Classifier> model;
    try {
        if (engine::isImportedTeacherModel(chosen->model)) {
            const auto identity = json::parse(chosen->identityJson);
            model = engine::loadTorchScriptTeacher(checkpoint,
                                                   teacherInputOf(identity["teacher"]["input"]),
                                                   shape, data.numClasses(), normalizer, device);
        } else {
            model = engine::buildModel(chosen->model, shape, data.numClasses());
            torch::load(model, checkpoint.string(), device);
            engine::useChannelsLast(*model);
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
    const auto logits = engine::predictLogits(*model, data.train.images, normalizer);
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

QualityReport assessSpec(const engine::ExperimentSpec &spec, const fs::path &storeFile,
                         engine::DatasetCache &cache, const engine::OutOfSampleOptions &options,
                         const std::function<void(const std::string &, double)> &onProgress,
                         std::stop_token stop)
{
    QualityReport report;
    if (onProgress)
        onProgress("Loading " + spec.datasetPath, 0.0);
    auto injected = engine::injectIntoDataset(
        cache.get(spec.datasetPath, spec.datasetFormat, spec.imageOptions), spec.injection);
    report.data = injected.data;
    report.truth = injected.truth;
    const auto &data = *report.data;
    const std::string &fingerprint = data.info.fingerprint;

    Store store(storeFile);
    Recorder recorder(store);
    engine::QualityInputs inputs;
    inputs.dataset = &data;
    inputs.oos = options;
    inputs.store = &recorder;
    inputs.onProgress = onProgress;
    inputs.stop = stop;
    inputs.teacherLogits = storedTeacherLogits(store, spec, data, report.teacherNote);
    inputs.imageSide = data.train.originalSide;

    // The newest stored value of each pruning score on this data; AUM also feeds its flag.
    std::map<std::string, ScoreRow> latest;
    for (const auto &row : store.scoreRows())
        if (row.fingerprint == fingerprint && row.method != "oos_probabilities"
            && int64_t(row.count) == data.train.size())
            if (auto it = latest.find(row.method); it == latest.end() || it->second.id < row.id)
                latest[row.method] = row;
    for (const auto &[method, row] : latest) {
        report.scores.push_back({ method, row.higherIsHarder, store.scoreValues(row.id) });
        if (method == "aum")
            inputs.aum = report.scores.back().values;
    }

    const auto started = std::chrono::steady_clock::now();
    report.quality = engine::assessSamples(inputs);
    const bool cached = report.quality.oosFromStore;
    const double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char text[160];
    std::snprintf(text, sizeof text, "out-of-sample probabilities: %d folds of %s, %lld epochs %s",
                  options.folds, options.model.c_str(), static_cast<long long>(options.epochs),
                  cached ? "(from the store)" : "");
    report.oosNote = text;
    if (!cached) {
        std::snprintf(text, sizeof text, "(trained now, %.0f s)", seconds);
        report.oosNote += text;
    }

    for (const auto &row : store.runs()) {
        if (row.status != RunStatus::Done || fingerprintOf(row.configJson) != fingerprint)
            continue;
        KeptSet set;
        set.runId = row.id;
        set.name = row.name;
        set.method = row.method;
        set.fraction = row.fraction;
        set.alpha = row.alpha;
        set.seed = row.seed;
        set.kept = store.keptIndices(row.id);
        std::sort(set.kept.begin(), set.kept.end());
        report.runs.push_back(std::move(set));
    }
    std::stable_sort(report.runs.begin(), report.runs.end(),
                     [](const KeptSet &a, const KeptSet &b) {
                         return std::tie(a.method, a.fraction, a.alpha, a.seed)
                             < std::tie(b.method, b.fraction, b.alpha, b.seed);
                     });
    return report;
}

RetainedNoise retainedNoise(const KeptSet &run, const QualityReport &report,
                            const std::vector<engine::Flag> &flags,
                            const engine::FlagThresholds &thresholds)
{
    RetainedNoise r;
    if (run.kept.empty())
        return r;
    int64_t flagged = 0, noisy = 0;
    const bool truth = report.truth.defined();
    const bool *flipped = truth ? report.truth.labelFlipped.data_ptr<bool>() : nullptr;
    const int64_t *kind = truth ? report.truth.corruption.data_ptr<int64_t>() : nullptr;
    for (int64_t i : run.kept) {
        flagged += std::any_of(flags.begin(), flags.end(), [&](engine::Flag f) {
            return report.quality.flagged(f, i, thresholds);
        });
        if (truth)
            noisy += flipped[i] || kind[i] >= 0;
    }
    r.flagged = double(flagged) / double(run.kept.size());
    if (truth)
        r.trulyNoisy = double(noisy) / double(run.kept.size());
    return r;
}

} // namespace storage

#include "engine/prune/scorer.h"

#include "engine/core/errors.h"
#include "engine/core/log.h"
#include "engine/models/model_factory.h"
#include "engine/models/model_registry.h"
#include "engine/prune/method_registry.h"
#include "engine/prune/random_selection.h"
#include "engine/prune/score_io.h"
#include "engine/prune/score_math.h"
#include "engine/train/batch_norm_stats.h"
#include "engine/train/budget.h"
#include "engine/train/compute_cost.h"
#include "engine/train/trainer.h"

#include <chrono>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

namespace engine {

namespace {

bool isDynamics(const std::string &m)
{
    return m == "forgetting" || m == "aum" || m == "dynamic_uncertainty";
}

/// Score read from a trained model (a proxy at its checkpoint, or the teacher).
torch::Tensor readModelScore(const std::string &method, const nlohmann::json &settings,
                             Classifier &model, const DeviceData &data)
{
    if (method == "el2n")
        return el2nOf(predictLogits(model, data.trainImages, data.normalizer), data.trainLabels)
            .to(torch::kDouble)
            .cpu();
    if (method == "uncertainty")
        return uncertaintyOf(predictLogits(model, data.trainImages, data.normalizer),
                             settings.value("measure", "entropy"))
            .to(torch::kDouble)
            .cpu();
    // GraNd, a chunk of inputs at a time so only one chunk is normalised at once.
    const bool all = settings.value("params", "all") == "all";
    std::vector<torch::Tensor> parts;
    for (int64_t start = 0; start < data.trainSize(); start += 1000) {
        const auto x = data.normalizer.apply(data.trainImages.slice(0, start, start + 1000));
        const auto y = data.trainLabels.slice(0, start, start + 1000);
        parts.push_back(all ? gradNormAll(model, x, y) : gradNormLast(model, x, y));
    }
    return torch::cat(parts).to(torch::kDouble).cpu();
}

/// Forward passes a score read costs per training image: GraNd's per-sample gradient is a
/// forward and a backward pass, EL2N and uncertainty one forward pass.
double readPasses(const std::string &method)
{
    return method == "grand" ? 3.0 : 1.0;
}

torch::Tensor proxyScore(const ScoreRequest &request, const ScoreContext &ctx, double &flops)
{
    const DeviceData &data = *ctx.data;
    const ProxySpec &proxy = *request.proxy;
    const int64_t n = data.trainSize();
    const int64_t k = request.settings.value("proxies", 1);
    const int64_t total = totalSteps(proxy.recipe, n);
    const bool dynamics = isDynamics(request.method);
    const int64_t checkpoint = dynamics ? total : checkpointStep(request.settings, proxy.recipe, n);
    if (checkpoint < 0 || checkpoint > total)
        throw ConfigError("pruning.settings.checkpoint: step " + std::to_string(checkpoint)
                          + " is outside the proxy's 0.." + std::to_string(total) + " steps");
    // Read before the end: batch-norm statistics re-estimated for the weights at that point.
    const double forward = forwardFlops(proxy.model, data.shape, data.numClasses);
    const auto read = [&](Classifier &model) {
        flops += readPasses(request.method) * inferenceFlops(forward, n);
        if (checkpoint < total) {
            reestimateBatchNorm(model, data, kBatchNormImages);
            flops += inferenceFlops(forward, std::min<int64_t>(n, kBatchNormImages));
        }
        return readModelScore(request.method, request.settings, model, data);
    };
    auto sum = torch::zeros({ n }, torch::kDouble);
    for (int64_t p = 0; p < k; ++p) {
        if (ctx.onStage)
            ctx.onStage("Proxy " + std::to_string(p + 1) + " of " + std::to_string(k) + " for "
                        + request.method
                        + (!dynamics && checkpoint == 0 ? ": " + proxy.model + " at initialisation"
                                                        : ": training " + proxy.model + " on all "
                                   + std::to_string(n) + " images"));
        const uint64_t seed = proxySeed(request.seed, p);
        auto model = buildSeededModel(proxy.model, data.shape, data.numClasses, data.device, seed);
        std::optional<TrainingDynamics> recorder;
        if (dynamics)
            recorder.emplace(n, completeEpochs(proxy.recipe, n) + 1, data.device);
        torch::Tensor value;
        TrainJob job;
        job.data = &data;
        job.indices
            = torch::arange(n, torch::TensorOptions().dtype(torch::kInt64).device(data.device));
        job.recipe = proxy.recipe;
        job.seed = seed;
        job.stop = ctx.stop;
        job.onStep = ctx.onStep;
        if (dynamics)
            job.onBatch
                = [&](const torch::Tensor &i, const torch::Tensor &z, const torch::Tensor &y) {
                      recorder->record(i, z, y);
                  };
        job.afterStep = [&](int64_t done) {
            if (dynamics || done != checkpoint)
                return true;
            value = read(*model);
            return false;
        };
        if (!dynamics && checkpoint == 0) {
            value = read(*model); // at initialisation: nothing to train
        } else {
            const TrainResult trained = train(*model, job);
            flops += trainingFlops(forward, trained.samples);
            log()->info("proxy {} of {} ({}) trained {} steps in {:.1f} s", p + 1, k, proxy.model,
                        trained.steps, trained.seconds);
        }
        if (dynamics) {
            if (recorder->completeEpochs() < 1)
                throw ConfigError("pruning.proxy.train: the proxy did not see every training "
                                  "sample once; "
                                  + request.method + " needs at least one complete epoch");
            if (request.method == "forgetting")
                value
                    = recorder->forgetting(request.settings.value("never_learned", "inf") == "inf");
            else if (request.method == "aum")
                value = recorder->aum();
            else
                value = recorder->dynamicUncertainty(request.settings.value("window", 2));
        }
        sum += value.to(torch::kDouble).cpu();
    }
    return sum / double(k);
}

/// Rows of each group of labels (one group of all rows when perClass is false).
std::vector<torch::Tensor> groupsOf(const torch::Tensor &labels, int64_t numClasses, bool perClass)
{
    std::vector<torch::Tensor> groups;
    if (!perClass) {
        groups.push_back(torch::arange(labels.size(0), torch::kInt64));
        return groups;
    }
    for (int64_t c = 0; c < numClasses; ++c)
        groups.push_back(labels.eq(c).nonzero().squeeze(1));
    return groups;
}

torch::Tensor embeddingScore(const ScoreRequest &request, const ScoreContext &ctx)
{
    const DeviceData &data = *ctx.data;
    if (!ctx.teacher)
        throw ConfigError(request.method + " reads the teacher's embedding and no teacher is set");
    if (ctx.onStage)
        ctx.onStage("Embedding the training set with the teacher for " + request.method);
    const auto embedding = embeddingsOf(*ctx.teacher, data.trainImages, data.normalizer).cpu();
    const auto labels = data.trainLabels.cpu();
    const int64_t n = labels.size(0);
    auto out = torch::zeros({ n }, torch::kDouble);
    const bool perClass
        = request.method == "prototypes" || request.method == "moderate" || request.perClass;
    SplitMix64 rng(static_cast<uint64_t>(request.seed) ^ 0x5c0de5ULL);
    for (const auto &rows : groupsOf(labels, data.numClasses, perClass)) {
        if (rows.size(0) == 0)
            continue;
        const auto x = embedding.index_select(0, rows);
        torch::Tensor value;
        if (request.method == "prototypes") {
            value = kmeansDistance(x, request.settings.value("clusters", 4), rng.next());
        } else if (request.method == "moderate") {
            value = distanceToMedian(x);
        } else {
            const auto order = request.method == "herding"
                ? herdingOrder(x, request.settings.value("rule", "closest") == "deepcore")
                : kcenterOrder(x, static_cast<int64_t>(rng.below(uint64_t(rows.size(0)))));
            value = torch::tensor(order, torch::kInt64).to(torch::kDouble);
        }
        out.index_copy_(0, rows, value.to(torch::kDouble));
    }
    return out;
}

} // namespace

uint64_t proxySeed(int64_t scoreSeed, int64_t k)
{
    return SplitMix64(static_cast<uint64_t>(scoreSeed) * 0x9E3779B97F4A7C15ULL
                      + static_cast<uint64_t>(k) + 0x9e0c5ULL)
        .next();
}

ScoreResult computeScores(const ScoreRequest &request, const ScoreContext &ctx)
{
    const auto start = std::chrono::steady_clock::now();
    torch::Tensor values;
    double flops = 0;
    const std::string &m = request.method;
    if (m == "file") {
        // Score files cover the dataset as read; the validation split's rows are left out.
        const TrainIndexMap map = ctx.data->indexMap();
        const std::string path = request.settings.value("path", "");
        const auto scores = map.toTraining(readScoreFile(
            path, map.originalSize, request.fingerprint, map.originalSize - ctx.data->trainSize()));
        for (size_t i = 0; i < scores.size(); ++i)
            if (std::isnan(scores[i]))
                throw DataError(path + ": no score for sample " + std::to_string(map.origin[i])
                                + ", which this experiment trains on (the file leaves out other "
                                  "samples than its validation split)");
        ScoreResult r { scores, 0.0 };
        return r;
    }
    if (scoreUsesProxy(m, request.settings)) {
        if (!request.proxy)
            throw ConfigError(m + " trains proxies and no proxy was configured");
        values = proxyScore(request, ctx, flops);
    } else if (m == "uncertainty") {
        if (!ctx.teacher)
            throw ConfigError("uncertainty from the teacher needs a teacher");
        flops = inferenceFlops(ctx.teacherForwardFlops, ctx.data->trainSize());
        values = uncertaintyOf(
                     predictLogits(*ctx.teacher, ctx.data->trainImages, ctx.data->normalizer),
                     request.settings.value("measure", "entropy"))
                     .to(torch::kDouble)
                     .cpu();
    } else if (m == "prototypes" || m == "moderate" || m == "herding" || m == "kcenter") {
        // The embedding's forward passes; clustering and ordering are left out.
        flops = inferenceFlops(ctx.teacherForwardFlops, ctx.data->trainSize());
        values = embeddingScore(request, ctx);
    } else {
        throw ConfigError("'" + m + "' is not a scoring method");
    }
    values = values.contiguous();
    ScoreResult result;
    result.values.assign(values.data_ptr<double>(), values.data_ptr<double>() + values.numel());
    result.seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.flops = flops;
    return result;
}

} // namespace engine
